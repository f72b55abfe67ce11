"""Text to casualty claims: pure functions, no I/O (see DESIGN.md)."""

from tollbook.extract.pipeline import extract

__all__ = ["extract"]
