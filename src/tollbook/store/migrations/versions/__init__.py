"""Schema revisions, oldest first; each file is written by hand and matches ``store.models``."""
