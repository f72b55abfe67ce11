"""Accounts, sessions, CSRF tokens and the slowing down of repeated failed logins.

Passwords are hashed with argon2 (argon2-cffi). A session is a random token in an
HttpOnly, SameSite=Lax cookie; the database keeps only its sha256 and the session's CSRF
token, which every form carries and every API change sends as ``X-CSRF-Token``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

SESSION_COOKIE = "tollbook_session"
LOGIN_CSRF_COOKIE = "tollbook_login_csrf"
SESSION_DAYS = 7
MAX_FAILURES = 5  # failed logins per name or client within WINDOW before a pause
WINDOW_SECONDS = 15 * 60
MIN_PASSWORD = 8

_hasher = PasswordHasher()
_DUMMY = _hasher.hash("tollbook-no-such-user")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists (a dummy hash is checked for unknown names)."""
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def expiry() -> datetime:
    return datetime.now(UTC) + timedelta(days=SESSION_DAYS)


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str
    csrf: str

    @property
    def can_edit(self) -> bool:
        return self.role in ("editor", "admin")


class Throttle:
    """Counts failed logins per key (user name, client address) and says how long to wait."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self._limit, self._window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> float:
        """Seconds until another attempt is allowed for these keys (0 when allowed now)."""
        now = time.monotonic()
        longest = 0.0
        with self._lock:
            for key in keys:
                times = self._failures.get(key)
                if not times:
                    continue
                while times and now - times[0] > self._window:
                    times.popleft()
                if len(times) >= self._limit:
                    # doubles with every failure past the limit, up to the window
                    pause = min(self._window, 2.0 ** (len(times) - self._limit + 1))
                    longest = max(longest, times[-1] + pause - now)
        return max(0.0, longest)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._failures[key].append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
