"""The export tests use the session-wide ``browser`` fixture of tests/conftest.py."""
