"""Corpus on SQLite and on a real PostgreSQL server (``db_url`` in tests/conftest.py)."""

from __future__ import annotations

import dataclasses
import socket
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, update
from typer.testing import CliRunner

import tollbook
from tollbook.cli import app
from tollbook.errors import TollbookError
from tollbook.model import Claim, Document
from tollbook.store import Corpus, StoreError, content_hash, default_url
from tollbook.store.models import Base, ClaimRow, DocumentRow, SourceRow
from tollbook.store.records import CLAIM_COLUMNS, claim_values
from tollbook.store.schema import alembic_config

# Invented texts; the claims come from the extractor.
TEXTS = [
    ("Regional health officials said at least 30 people were killed in Velmora on Tuesday, "
     "including 12 children. The Red Crescent said 45 people were injured.", "2024-03-07"),
    ("Police said 7 protesters were detained in Arnsby on 2 May 2023.", "2023-05-03"),
    # right-to-left scripts, a combining accent, emoji (astral, ZWJ sequence, flag)
    ("\u0645\u0631\u062d\u0628\u0627 \u2014 In Qal\u0301ena \U0001F622\U0001F468\u200d\U0001F469\u200d\U0001F467, "
     "at least 14 people were killed on Monday, the town council said. \u05e9\u05dc\u05d5\u05dd "
     "\U0001F1FA\U0001F1F3 Another 3 people were injured, according to Cafe\u0301 medics.", "2022-01-12"),
    ("Floods displaced about 2,000 families in Paris in June, the mayor said.", "2021-07-02"),
    ("M\u00e9decins Sans Fronti\u00e8res said 5 people were injured in \u00d6lstadt on 4 May 2023.", "2023-05-06"),
]


def _doc(i: int) -> tuple[Document, list[Claim]]:
    text, published = TEXTS[i]
    return Document(text=text, published=published, title=f"Report {i}", url=f"https://example.org/{i}"), \
        tollbook.extract(text, published)


def _load(corpus: Corpus) -> list[int]:
    ids = []
    for i in range(len(TEXTS)):
        document, claims = _doc(i)
        assert claims, f"the extractor found no claim in text {i}"
        ids.append(corpus.add(document, claims, extractor_version="1")[0])
    return ids


@pytest.fixture
def corpus(db_url: str):
    with Corpus(db_url) as opened:
        yield opened


def test_default_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOLLBOOK_DB", raising=False)
    assert default_url() == "sqlite:///tollbook.db"
    monkeypatch.setenv("TOLLBOOK_DB", "postgresql://u@h/db")
    assert default_url() == "postgresql://u@h/db"


def test_store_error_is_a_tollbook_error() -> None:
    assert issubclass(StoreError, TollbookError)


def test_add_and_dedupe(corpus: Corpus) -> None:
    document, claims = _doc(0)
    first = corpus.add(document, claims, extractor_version="1", source_file="a.txt", source_record="3")
    again = corpus.add(dataclasses.replace(document, title="Other title"), claims, extractor_version="2")
    assert first == (first[0], True)
    assert again == (first[0], False)
    assert corpus.count_documents() == 1
    assert len(list(corpus.claims())) == len(claims)
    assert corpus.has_hash(content_hash(document.text))
    assert not corpus.has_hash(content_hash(document.text + " "))
    (stored,) = corpus.documents()
    assert (stored.title, stored.extractor_version, stored.source_file, stored.source_record) == \
        ("Report 0", "1", "a.txt", "3")
    assert stored.content_hash == content_hash(document.text)
    assert stored.to_document().text == document.text


def test_add_keeps_every_document_field(corpus: Corpus) -> None:
    document, claims = _doc(1)
    document = dataclasses.replace(document, id="rec-9")
    doc_id, _ = corpus.add(document, claims, extractor_version="x", raw_html="<p>Police said</p>",
                           publisher="Arnsby Post", language="en")
    stored = corpus.document(doc_id)
    assert stored is not None and corpus.document(doc_id + 1) is None
    assert (stored.url, stored.published, stored.publisher, stored.language, stored.source_record) == \
        ("https://example.org/1", "2023-05-03", "Arnsby Post", "en", "rec-9")
    engine = sqlalchemy.create_engine(corpus_url(corpus))
    with engine.connect() as conn:
        row = conn.execute(select(DocumentRow)).one()
    engine.dispose()
    assert row.raw_html == "<p>Police said</p>"
    assert isinstance(row.ingested_at, datetime)


def corpus_url(corpus: Corpus) -> str:
    return corpus._url.render_as_string(hide_password=False)


def test_claims_round_trip_every_field(corpus: Corpus) -> None:
    document, claims = _doc(3)
    paris = claims[0]
    assert paris.place_alternatives and paris.latitude is not None
    bare = dataclasses.replace(  # every optional field empty, and a figure past 32 bits
        paris, id="c9", low=3_000_000_000, high=None, group=None, source=None, source_key=None,
        part_of=None, date=None, date_precision=None, date_text=None, place=None, place_id=None,
        place_name=None, country=None, admin1=None, latitude=None, longitude=None,
        place_alternatives=(), negated=True, vague=True,
    )
    person = dataclasses.replace(paris, id="c10", figure="Floods", start=0, end=6, low=1, high=1, individual=True)
    doc_id, _ = corpus.add(document, [paris, bare, person], extractor_version="1")
    got = list(corpus.claims())
    assert [c.to_claim() for c in got] == [person, paris, bare]  # by start offset
    assert [c.individual for c in got] == [True, False, False]
    got = got[1:]
    assert got[0].place_alternatives == paris.place_alternatives
    assert isinstance(got[0].place_alternatives, tuple)
    assert got[0].to_dict() == {"document_id": doc_id, **paris.to_dict(), "status": "unreviewed"}
    assert list(got[1].to_dict()) == ["document_id", *Claim.__dataclass_fields__, "status"]


def test_unicode_text_and_spans_round_trip(corpus: Corpus) -> None:
    document, claims = _doc(2)
    doc_id, _ = corpus.add(document, claims, extractor_version="1")
    stored = corpus.document(doc_id)
    assert stored is not None and stored.text == document.text
    for claim in corpus.claims(document=doc_id):
        assert stored.text[claim.start:claim.end] == claim.figure
        assert stored.text[claim.sentence_start:claim.sentence_end].strip()
    # The database cuts the sentence for the text filter: its end must index the same
    # character as in Python (code points, not bytes or UTF-16 units).
    claim = claims[-1]
    tail = document.text[claim.sentence_end - 13:claim.sentence_end]
    assert tail == "Cafe\u0301 medics."
    assert [c.id for c in corpus.claims(text=tail)] == [c.id for c in claims]
    assert [c.id for c in corpus.claims(text="\u05e9\u05dc\u05d5\u05dd \U0001F1FA\U0001F1F3")] == \
        [c.id for c in claims]


def test_refuses_nul_and_writes_nothing(corpus: Corpus) -> None:
    with pytest.raises(StoreError, match="NUL character at offset 5"):
        corpus.add(Document(text="Seven\x00 people were killed."), [], extractor_version="1")
    assert corpus.count_documents() == 0


def test_a_failed_add_writes_nothing(corpus: Corpus) -> None:
    document, claims = _doc(0)
    broken = dataclasses.replace(claims[-1], outcome=None)  # NOT NULL in the schema
    with pytest.raises(StoreError, match="storing document"):
        corpus.add(document, [*claims[:-1], broken], extractor_version="1")
    assert corpus.count_documents() == 0
    assert list(corpus.claims()) == []


def test_sources_keep_the_first_name(corpus: Corpus) -> None:
    _load(corpus)
    text = "REGIONAL HEALTH OFFICIALS said 4 people were killed in Arnsby."
    claims = tollbook.extract(text, "2024-01-01")
    assert claims[0].source_key == "regional health officials"
    corpus.add(Document(text=text), claims, extractor_version="1")
    engine = sqlalchemy.create_engine(corpus_url(corpus))
    with engine.connect() as conn:
        names = dict(conn.execute(select(SourceRow.key, SourceRow.name)).all())
    engine.dispose()
    assert names["regional health officials"] == "Regional health officials"
    assert names["red crescent"] == "The Red Crescent"
    assert len(names) == len({c.source_key for i in range(len(TEXTS)) for c in _doc(i)[1] if c.source_key})


FILTERS = [
    ({"outcome": "detained"}, [(1, "c1")]),
    ({"group": "children"}, [(0, "c2")]),
    ({"source": "RED crescent"}, [(0, "c3")]),
    ({"source": "town council"}, [(2, "c1")]),
    ({"source": "CAFE\u0301"}, [(2, "c2")]),
    ({"source": "nobody"}, []),
    ({"source": "%"}, []),  # LIKE wildcards are escaped
    ({"place": "velMORA"}, [(0, "c1"), (0, "c2"), (0, "c3")]),
    ({"place": "paris"}, [(3, "c1")]),
    ({"date_from": "2024-03-01"}, [(0, "c1"), (0, "c2"), (0, "c3")]),
    ({"date_to": "2021-06-30"}, [(3, "c1")]),
    ({"date_from": "2021-06-15", "date_to": "2021-06-20"}, [(3, "c1")]),  # a month overlaps
    ({"date_from": "2022", "date_to": "2023-05"}, [(1, "c1"), (2, "c1"), (2, "c2"), (4, "c1")]),
    ({"date_to": "2021-05"}, []),
    ({"document": 1}, [(1, "c1")]),
    ({"text": "including 12"}, [(0, "c1"), (0, "c2")]),
    ({"text": "\u00d6LSTADT"}, [(4, "c1")]),  # case folding beyond ASCII
    ({"outcome": "killed", "place": "velmora"}, [(0, "c1"), (0, "c2")]),
    ({"outcome": "injured", "limit": 2}, [(0, "c3"), (2, "c2")]),
    ({"outcome": "injured", "offset": 1, "limit": 5}, [(2, "c2"), (4, "c1")]),
]


@pytest.mark.parametrize(("filters", "expected"), FILTERS)
def test_claim_filters(corpus: Corpus, filters: dict, expected: list[tuple[int, str]]) -> None:
    ids = _load(corpus)
    if "document" in filters:
        filters = {**filters, "document": ids[filters["document"]]}
    found = [(ids.index(c.document_id), c.id) for c in corpus.claims(**filters)]
    assert found == expected


def test_claims_ordered_by_document_then_start(corpus: Corpus) -> None:
    ids = _load(corpus)
    found = [(c.document_id, c.start) for c in corpus.claims()]
    assert found == sorted(found)
    assert {d for d, _ in found} == set(ids)


def test_documents_paging(corpus: Corpus) -> None:
    ids = _load(corpus)
    assert corpus.count_documents() == len(TEXTS)
    assert [d.id for d in corpus.documents()] == ids
    assert [d.id for d in corpus.documents(limit=2, offset=1)] == ids[1:3]
    assert list(corpus.documents(offset=len(TEXTS))) == []


def test_record_error_and_errors(corpus: Corpus) -> None:
    assert corpus.errors() == []
    corpus.record_error("input.jsonl", "line 412", "not valid JSON (Expecting ',')")
    corpus.record_error("feed.warc.gz", None, "record has no text \u2014 skipped")
    errors = corpus.errors()
    assert [(e["file"], e["record"], e["message"]) for e in errors] == [
        ("input.jsonl", "line 412", "not valid JSON (Expecting ',')"),
        ("feed.warc.gz", None, "record has no text \u2014 skipped"),
    ]
    assert datetime.fromisoformat(errors[0]["created_at"]).tzinfo is not None


def _reviewed(url: str) -> dict[str, object]:
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(ClaimRow.claim_key, ClaimRow.reviewed)).all()
    engine.dispose()
    return dict(rows)


def test_replace_claims_keeps_reviewed(corpus: Corpus) -> None:
    document, claims = _doc(0)
    doc_id, _ = corpus.add(document, claims, extractor_version="1")
    other_id, _ = corpus.add(*_doc(1), extractor_version="1")
    engine = sqlalchemy.create_engine(corpus_url(corpus))
    with engine.begin() as conn:
        conn.execute(update(ClaimRow).where(ClaimRow.claim_key.in_(["c1", "c2"]),
                                            ClaimRow.document_id == doc_id)
                     .values(reviewed={"decision": "accept", "by": "r\u00e9viseur"}))
    engine.dispose()
    # new extraction: c1 keeps its span under a new key, c2's span moved, c3 unchanged
    moved = dataclasses.replace(claims[1], start=claims[1].start + 1)
    new = [dataclasses.replace(claims[0], id="c7", low=31), moved, claims[2]]
    corpus.replace_claims(doc_id, new, "2")
    got = list(corpus.claims(document=doc_id))
    assert [c.to_claim() for c in got] == new
    reviewed = _reviewed(corpus_url(corpus))
    assert reviewed["c7"] == {"decision": "accept", "by": "r\u00e9viseur"}
    assert reviewed["c2"] is None and reviewed["c3"] is None
    assert [d.id for d in corpus.documents_needing_reextract("2")] == [other_id]
    assert [d.id for d in corpus.documents_needing_reextract("1")] == [doc_id]
    corpus.replace_claims(doc_id, [], "3")
    assert list(corpus.claims(document=doc_id)) == []
    with pytest.raises(StoreError, match="no document with id 999"):
        corpus.replace_claims(999, new, "2")


def test_reextract_while_iterating(corpus: Corpus) -> None:
    ids = _load(corpus)
    done = []
    for stored in corpus.documents_needing_reextract("2"):
        corpus.replace_claims(stored.id, tollbook.extract(stored.text, stored.published), "2")
        done.append(stored.id)
    assert done == ids
    assert list(corpus.documents_needing_reextract("2")) == []


def test_deleting_a_document_deletes_its_claims(corpus: Corpus) -> None:
    doc_id, _ = corpus.add(*_doc(0), extractor_version="1")
    engine = sqlalchemy.create_engine(corpus_url(corpus))
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.execute(sqlalchemy.delete(DocumentRow).where(DocumentRow.id == doc_id))
    engine.dispose()
    assert list(corpus.claims()) == []


def test_schema_matches_models(db_url: str) -> None:
    Corpus(db_url).close()
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models.py and migrations/versions differ: {diff}"
    # and the migration goes down again
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert sqlalchemy.inspect(engine).get_table_names() == ["alembic_version"]
    engine.dispose()


def test_revision_and_upgrade(db_url: str) -> None:
    with pytest.raises(StoreError, match="run `tollbook db upgrade`"):
        Corpus(db_url, create=False)
    with Corpus(db_url, create=False, check=False) as corpus:
        assert corpus.revision() is None
        assert corpus.upgrade() == "0006"
        assert corpus.upgrade() == "0006"
    with Corpus(db_url, create=False) as corpus:
        assert corpus.revision() == "0006"


def test_upgrade_from_the_first_revision_keeps_the_data(db_url: str) -> None:
    """A database made by an older tollbook is refused until `db upgrade`, which keeps its rows."""
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(sqlalchemy.text(
            "INSERT INTO documents (content_hash, text, ingested_at, extractor_version) "
            "VALUES ('h', '5 people were killed.', CURRENT_TIMESTAMP, 'old')"))
    engine.dispose()
    with pytest.raises(StoreError, match="at revision '0001', tollbook needs '0006'"):
        Corpus(db_url)
    with Corpus(db_url, check=False) as corpus:
        assert corpus.upgrade() == "0006"
    with Corpus(db_url) as corpus:
        assert [d.text for d in corpus.documents()] == ["5 people were killed."]


def test_db_upgrade_from_0004_reads_old_claims_as_counts(db_url: str) -> None:
    """A corpus made before individual victims (revision 0004) is refused with the fix, and
    `tollbook db upgrade` brings it to the newest revision with every stored claim a count."""
    document, claims = _doc(0)
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
        doc_id = conn.execute(sqlalchemy.text(
            "INSERT INTO documents (content_hash, text, ingested_at, extractor_version) "
            "VALUES (:hash, :text, CURRENT_TIMESTAMP, 'old') RETURNING id"),
            {"hash": content_hash(document.text), "text": document.text}).scalar_one()
        columns = [c for c in CLAIM_COLUMNS if c != "individual"]  # the claims table of 0004
        for claim in claims:
            row = dict(zip(CLAIM_COLUMNS, claim_values(doc_id, claim), strict=True))
            conn.execute(sqlalchemy.text(f"INSERT INTO claims ({', '.join(columns)}) "
                                         f"VALUES ({', '.join(':' + c for c in columns)})"),
                         {c: row[c] for c in columns})
    engine.dispose()
    with pytest.raises(StoreError, match=r"at revision '0004', tollbook needs '0006': back it up, then run "
                                         r"`tollbook db upgrade`"):
        Corpus(db_url)
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "database at revision 0006" in result.output
    with Corpus(db_url) as corpus:
        stored = list(corpus.claims())
        assert [c.to_claim() for c in stored] == claims
        assert [c.individual for c in stored] == [False] * len(claims)
        assert list(corpus.claims(individual=True)) == []
        assert len(list(corpus.claims(individual=False))) == len(claims)


def test_individual_filter(corpus: Corpus) -> None:
    document, claims = _doc(0)
    person = dataclasses.replace(claims[0], id="c9", figure="Regional", start=0, end=8, low=1, high=1,
                                 individual=True)
    corpus.add(document, [person, *claims], extractor_version="1")
    corpus.add(*_doc(1), extractor_version="1")
    assert [c.id for c in corpus.claims(individual=True)] == ["c9"]
    assert [c.id for c in corpus.claims(individual=False)] == [c.id for c in claims] + ["c1"]
    assert len(list(corpus.claims())) == len(claims) + 2
    assert [c.id for c in corpus.claims(individual=True, outcome="killed")] == ["c9"]
    assert list(corpus.claims(individual=True, outcome="detained")) == []


def test_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    with pytest.raises(StoreError, match="no database file"):
        Corpus(f"sqlite:///{path}", create=False)
    assert not path.exists()


def test_unmigrated_database(db_url: str) -> None:
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(StoreError, match=r"tables \(notes\) but no tollbook schema revision.*tollbook db upgrade"):
        Corpus(db_url)
    with pytest.raises(StoreError, match="not set up by tollbook"):
        Corpus(db_url, check=False).upgrade()


def test_newer_database(db_url: str) -> None:
    Corpus(db_url).close()
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    engine.dispose()
    with pytest.raises(StoreError, match="'9999_future', newer than this tollbook knows.*upgrade tollbook"):
        Corpus(db_url)
    with pytest.raises(StoreError, match="upgrade tollbook"):
        Corpus(db_url, check=False).upgrade()


def test_server_down_names_url_without_password() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://alice:s3cret@127.0.0.1:{port}/tollbook"
    with pytest.raises(StoreError) as info:
        Corpus(url)
    message = str(info.value)
    assert f"alice:***@127.0.0.1:{port}/tollbook" in message
    assert "s3cret" not in message


@pytest.mark.parametrize("url", ["mysql://u:pw@localhost/db", "not a url"])
def test_unsupported_urls(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Corpus(url)
    assert "pw" not in str(info.value)
