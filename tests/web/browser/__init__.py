"""What the web tests and browser journeys run against: a PostgreSQL cluster and the system's Chromium."""
