"""Readers that turn files and streams into Documents; the only stage that touches files."""

from tollbook.ingest.text import read_stdin, read_text_file

__all__ = ["read_stdin", "read_text_file"]
