"""Exports of reconciled events: GED-style CSV, JSONL with provenance, a self-contained HTML report.

Each exporter takes plain event dicts (``Event.to_dict()``, as ``Corpus.events()`` returns
them) and document metadata, and writes text; none touches the database.
"""

from tollbook.export.filters import EventFilter, reviewed_share
from tollbook.export.ged_csv import GED_COLUMNS, ged_rows, write_ged_csv
from tollbook.export.jsonl import write_jsonl
from tollbook.export.report import render_report

__all__ = ["GED_COLUMNS", "EventFilter", "ged_rows", "render_report", "reviewed_share", "write_ged_csv",
           "write_jsonl"]
