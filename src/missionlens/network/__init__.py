"""The network view: many institutions followed at once from a yearly panel."""
