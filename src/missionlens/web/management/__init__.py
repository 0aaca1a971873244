"""Django management commands of the web app (`python -m missionlens.web <command>`)."""
