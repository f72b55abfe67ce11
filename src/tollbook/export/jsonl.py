"""Events as JSON lines, each with its claims in full and the documents they come from."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO


def write_jsonl(events: Iterable[Mapping], documents: Mapping[int, Mapping],
                claims: Mapping[tuple[int, str], Mapping], out: IO[str]) -> int:
    """One line per event: the event, plus ``claim_records`` (every field of each claim and
    its document's title, URL and date) and ``document_records``; return the line count."""
    count = 0
    for event in events:
        record = dict(event)
        record["claim_records"] = [claims[(d, k)] for d, k in event["claims"] if (d, k) in claims]
        record["document_records"] = [{"id": d, **(documents.get(d) or {})} for d in event["documents"]]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
