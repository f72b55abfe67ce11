"""Hiding passwords in text that tollbook shows: messages, exception texts, URLs.

Kept free of heavy imports, so that error reporting works even when a package fails to import.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# user:password@ in a URL, up to the last "@" of the word (an unencoded "@" in a password is
# hidden too), and password=... in a libpq connection string or a URL query.
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][\w+.-]*://[^:/@\s]*:)[^\s]*@")
_DSN_PASSWORD = re.compile(r"(\b(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&'\"]+)", re.IGNORECASE)
MASK = "***"


def mask_text(text: str, password: str | None = None) -> str:
    """Hide passwords in any text: URL credentials, ``password=`` pairs and, when given, the password."""
    if password and len(password) >= 3:  # shorter ones would blank out ordinary words
        text = text.replace(password, MASK).replace(quote(password, safe=""), MASK)
    text = _URL_PASSWORD.sub(rf"\1{MASK}@", text)
    return _DSN_PASSWORD.sub(rf"\1{MASK}", text)
