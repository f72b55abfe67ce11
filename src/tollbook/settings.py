"""One frozen options object, loaded from the packaged ``settings.toml``.

Every value can be overridden for one run by an environment variable named after it:
``TOLLBOOK_MAX_SECONDS_PER_DOCUMENT=300 tollbook ingest big/`` (a positive integer).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from tollbook.errors import LexiconError


@dataclass(frozen=True, slots=True)
class Settings:
    max_document_chars: int
    max_sentence_chars: int
    max_seconds_per_document: int
    max_document_bytes: int
    fetch_timeout: int
    max_bad_records_per_file: int
    max_body_bytes: int
    max_document_claims: int


@cache
def settings() -> Settings:
    """Return the packaged settings (read once per process)."""
    path = files("tollbook") / "settings.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        values = {
            "max_document_chars": data["extract"]["max_document_chars"],
            "max_sentence_chars": data["extract"]["max_sentence_chars"],
            "max_seconds_per_document": data["extract"]["max_seconds_per_document"],
            "max_document_bytes": data["ingest"]["max_document_bytes"],
            "fetch_timeout": data["ingest"]["fetch_timeout"],
            "max_bad_records_per_file": data["ingest"]["max_bad_records_per_file"],
            "max_body_bytes": data["web"]["max_body_bytes"],
            "max_document_claims": data["web"]["max_document_claims"],
        }
    except KeyError as exc:
        raise LexiconError(f"settings.toml: missing key {exc}") from None
    for key in values:
        name = f"TOLLBOOK_{key.upper()}"
        if os.environ.get(name):
            raw = os.environ[name].replace("_", "")
            if not raw.isdigit() or int(raw) <= 0:
                raise LexiconError(f"{name}: must be a positive integer, got {os.environ[name]!r}")
            values[key] = int(raw)
    for key, value in values.items():
        if not isinstance(value, int) or value <= 0:
            raise LexiconError(f"settings.toml: {key} must be a positive integer, got {value!r}")
    return Settings(**values)
