"""Readers that turn files and streams into Documents; the only stage that touches files.

``iter_inputs(paths)`` is the entry point: it reads files, folders, standard input
and URLs into a stream of :class:`Item` and :class:`Failure` records.
"""

from tollbook.ingest.fetch import fetch_url
from tollbook.ingest.html import read_html
from tollbook.ingest.inputs import iter_inputs
from tollbook.ingest.jsonl import iter_jsonl
from tollbook.ingest.records import Failure, Item
from tollbook.ingest.text import read_stdin, read_text_file
from tollbook.ingest.warc import iter_warc

__all__ = [
    "Failure",
    "Item",
    "fetch_url",
    "iter_inputs",
    "iter_jsonl",
    "iter_warc",
    "read_html",
    "read_stdin",
    "read_text_file",
]
