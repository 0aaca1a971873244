"""Voices: the field's words and the borrowers' own voice (text analysis, feedback, Most Significant Change)."""
