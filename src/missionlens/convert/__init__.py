"""Converters from real public data sets (Kiva, MIX Market) into the import contracts."""
