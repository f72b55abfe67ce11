"""The one CSV writer of tollbook: text cells that a spreadsheet would run as a formula are defused.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe (OWASP, "CSV Injection"); numbers (``int``, ``float``) are written as they are, so a
numeric column keeps ``-3`` and ``-12.04`` while a text cell ``-3`` becomes ``'-3``. Every CSV
that tollbook writes (``extract``/``claims --format csv``, ``export --format ged-csv``) goes
through ``CsvWriter``; ``tests/test_cli_hardening.py`` fails if another writer appears.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Any) -> Any:
    """The cell as written: text that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """``csv.writer`` (rows as sequences) or, given ``fieldnames``, ``csv.DictWriter`` (rows as
    mappings) whose cells go through ``guard``; lines end with ``\\n``.

    Cells holding a line break of either kind are quoted (the csv module quotes only the
    characters of its line terminator, so a lone ``\\r`` would otherwise break the row).
    """

    def __init__(self, out: IO[str], fieldnames: Sequence[str] | None = None) -> None:
        self._out = out
        self._fieldnames = list(fieldnames) if fieldnames is not None else None
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def writeheader(self) -> None:
        """Write the field names (only with ``fieldnames``)."""
        if self._fieldnames is None:
            raise TypeError("CsvWriter.writeheader needs fieldnames")
        self.writerow(self._fieldnames)

    def writerow(self, row: Iterable[Any] | Mapping[str, Any]) -> None:
        """Write one row of guarded cells."""
        if isinstance(row, Mapping):
            if self._fieldnames is None:
                raise TypeError("CsvWriter.writerow got a mapping but has no fieldnames")
            extra = set(row) - set(self._fieldnames)
            if extra:
                raise ValueError(f"row has fields not in the header: {', '.join(sorted(extra))}")
            row = [row.get(name, "") for name in self._fieldnames]
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([guard(cell) for cell in row])
        self._out.write(self._buffer.getvalue()[:-2] + "\n")
