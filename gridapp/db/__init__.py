"""Storage: the one place the station engine is created, sessions, migrations."""
