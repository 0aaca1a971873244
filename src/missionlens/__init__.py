"""missionlens."""
