"""reconcile(): units, events across documents, ranges, best rules and conflicts (hand-made claims)."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tollbook.model import Claim
from tollbook.reconcile import DocumentInfo, Edit, Mention, Options, reconcile, signature
from tollbook.reconcile.events import date_interval, incident_kind

_starts = itertools.count(0, 10)


def claim(figure: str, low: int, high: int | None = -1, *, outcome: str = "killed", group: str | None = None,
          source: str | None = None, place: str | None = "Velmora", date: str | None = "2024-05-06",
          qualifier: str = "exact", key: str | None = None, part_of: str | None = None,
          sentence: int | None = None, place_id: int | None = None, country: str | None = None) -> Claim:
    start = next(_starts)
    return Claim(id=key or f"c{start}", figure=figure, start=start, end=start + len(figure), low=low,
                 high=low if high == -1 else high, qualifier=qualifier, outcome=outcome, group=group,
                 negated=False, vague=qualifier == "vague", source=source,
                 source_key=source.lower().removeprefix("the ") if source else None, part_of=part_of,
                 sentence_start=start if sentence is None else sentence, sentence_end=start + 9,
                 date=date, place=place, place_id=place_id, country=country)


def run(*documents: tuple[str | None, list[Claim]], **kwargs) -> list:
    """Each document: (published, claims); ids 1..n."""
    infos, mentions = {}, []
    for n, (published, claims) in enumerate(documents, start=1):
        infos[n] = DocumentInfo(id=n, content_hash=hashlib.sha256(str(n).encode()).hexdigest(), published=published, title="Shelling in Velmora")
        mentions.extend(Mention(n, c, f"sentence {c.id} killed by shelling") for c in claims)
    return reconcile(mentions, infos, **kwargs)


def test_three_sources_one_incident() -> None:
    events = run(("2024-05-06", [claim("41", 41, source="the health ministry")]),
                 ("2024-05-07", [claim("32 to 42", 32, 42, qualifier="between", source="the army")]),
                 ("2024-05-07", [claim("dozens", 24, 99, qualifier="vague", source="witnesses")]))
    assert len(events) == 1
    cell = events[0].range("killed")
    assert (cell.low, cell.best, cell.high) == (24, 37, 99)  # the lower middle of 41 and 37; "dozens" has no point
    assert [s.type for s in cell.sources] == ["government", "armed", "witness"]
    assert cell.number_of_sources == 3
    assert events[0].conflicts == ()  # the intervals overlap: no conflict


@pytest.mark.parametrize(("rule", "priority", "best"), [
    ("median", (), 35), ("max", (), 41), ("min", (), 35), ("priority", ("armed",), 35),
    ("priority", ("health ministry",), 41), ("priority", ("media",), 35),  # nobody of that type: the median
])
def test_best_rules(rule: str, priority: tuple, best: int) -> None:
    events = run(("2024-05-06", [claim("41", 41, source="the health ministry")]),
                 ("2024-05-07", [claim("35", 35, source="the army")]),
                 options=Options(best=rule, priority=priority))
    assert events[0].range("killed").best == best


def test_rising_toll_is_an_update_not_a_conflict() -> None:
    events = run(("2024-05-06", [claim("12", 12, source="the ministry")]),
                 ("2024-05-07", [claim("at least 30", 30, None, qualifier="at_least", source="the ministry")]),
                 ("2024-05-08", [claim("45", 45, source="the ministry")]))
    (event,) = events
    (row,) = event.range("killed").sources
    assert [h.figure for h in row.history] == ["12", "at least 30", "45"]
    assert (row.figure, row.first_seen, row.last_seen, row.reports) == ("45", "2024-05-06", "2024-05-08", 3)
    assert event.conflicts == ()
    killed = event.range("killed")
    assert (killed.low, killed.best, killed.high, killed.high_open) == (12, 45, 45, True)  # every report bounds it


def test_a_lowered_figure_is_flagged() -> None:
    (event,) = run(("2024-05-06", [claim("45", 45, source="the ministry")]),
                   ("2024-05-08", [claim("30", 30, source="the ministry")]))
    (conflict,) = event.conflicts
    assert conflict.kind == "lowered" and "went down" in conflict.explanation
    assert [c.figure for c in conflict.claims] == ["45", "30"]


def test_clash_between_two_claimants_names_both_spans() -> None:
    a = claim("41", 41, group="children", source="the health ministry")
    b = claim("29", 29, group="children", source="the army")
    (event,) = run(("2024-05-06", [a]), ("2024-05-06", [b]))
    (conflict,) = event.conflicts
    assert conflict.kind == "sources_disagree" and conflict.group == "children"
    assert {(c.document_id, c.start, c.end) for c in conflict.claims} == {(1, a.start, a.end), (2, b.start, b.end)}
    assert "the army" in conflict.explanation and "the health ministry" in conflict.explanation


@pytest.mark.parametrize(("first", "second", "kinds"), [
    ("the health ministry", "the army", ["sources_disagree"]),
    ("the health ministry", None, []),  # no claimant named: counts for the range, never a side of a conflict
    (None, None, []),
])
def test_only_named_sources_disagree(first: str | None, second: str | None, kinds: list[str]) -> None:
    (event,) = run(("2024-05-06", [claim("41", 41, source=first)]), ("2024-05-06", [claim("29", 29, source=second)]))
    assert [c.kind for c in event.conflicts] == kinds
    assert (event.range("killed").low, event.range("killed").high) == (29, 41)


def test_parts_exceeding_their_total() -> None:
    total = claim("60", 60, source="the army", key="t")
    parts = [claim("41", 41, group="children", source="the army", part_of="t"),
             claim("20", 20, group="women", source="the army", part_of="t"),
             claim("9", 9, group="elderly", source="the army", part_of="t")]
    (event,) = run(("2024-05-06", [total, *parts]))
    (conflict,) = [c for c in event.conflicts if c.kind == "parts_exceed_total"]
    assert "= 70" in conflict.explanation and len(conflict.claims) == 4


def test_two_figures_in_one_document_unless_it_says_the_toll_rose() -> None:
    a, b = claim("29", 29, source="the army"), claim("41", 41, source="the army")
    (event,) = run(("2024-05-06", [a, b]))
    assert [c.kind for c in event.conflicts] == ["same_document"]
    infos = {1: DocumentInfo(1, "a" * 64, "2024-05-06")}
    mentions = [Mention(1, a, "The army said 29 were killed."), Mention(1, b, "The toll later rose to 41.")]
    assert reconcile(mentions, infos)[0].conflicts == ()


@pytest.mark.parametrize(("sentence", "apart"), [
    ("In a separate attack in Arnsby, 3 people were killed.", True),  # the text says so
    ("A bus crashed in Arnsby, killing 3.", True),  # another kind of incident (the main one is shelling)
    ("Three of the wounded died in Arnsby, where they had been taken.", False),  # same incident, elsewhere
    ("Shelling also killed 3 people in Arnsby.", False),
])
def test_another_place_in_the_same_article(sentence: str, apart: bool) -> None:
    infos = {1: DocumentInfo(1, "9" * 64, "2024-05-08")}
    mentions = [Mention(1, claim("7", 7, place="Dunmore", date="2024-05-07"), "Shelling killed 7 people in Dunmore."),
                Mention(1, claim("3", 3, place="Arnsby", date="2024-05-07"), sentence),
                Mention(1, claim("2", 2, place="Arnsby", date="2024-05-07", outcome="injured"), "Two were hurt.")]
    events = reconcile(mentions, infos)
    assert len(events) == (2 if apart else 1)
    if apart:  # the later claim in Arnsby follows the first one there
        arnsby = next(e for e in events if e.place == "Arnsby")
        assert {r.outcome for r in arnsby.ranges} == {"killed", "injured"}


def test_two_incidents_in_one_article() -> None:
    main = claim("7", 7, place="Dunmore", date="2024-05-07")
    past = claim("30", 30, place="Korsa", date="2019")
    hospital = claim("4", 4, place="Dunmore General Hospital", date="2024-05-07", outcome="injured")
    events = run(("2024-05-08", [main, past, hospital]))
    assert sorted(e.place for e in events) == ["Dunmore", "Korsa"]
    korsa = next(e for e in events if e.place == "Korsa")
    assert (korsa.date_start, korsa.date_end, korsa.date_precision) == ("2019-01-01", "2019-12-31", "year")
    assert korsa.label.startswith("Korsa, 2019")


def test_claims_without_an_anchor_stay_with_the_main_incident() -> None:
    events = run(("2024-05-08", [claim("7", 7), claim("12", 12, outcome="injured", place=None, date=None)]))
    assert len(events) == 1 and {r.outcome for r in events[0].ranges} == {"killed", "injured"}


@pytest.mark.parametrize(("second", "together"), [
    (dict(date="2024-05-08"), True),  # within the 3-day window
    (dict(date="2024-05-12"), False),  # too far apart
    (dict(place="Dunmore"), False),  # another place
    (dict(date="2024-05"), True),  # a month that holds the day
])
def test_documents_join_by_place_and_date(second: dict, together: bool) -> None:
    events = run(("2024-05-06", [claim("5", 5)]), ("2024-05-12", [claim("6", 6, **second)]))
    assert (len(events) == 1) is together


def test_different_incident_kinds_stay_apart() -> None:
    infos = {1: DocumentInfo(1, "1" * 64, "2024-05-06", "Floods in Velmora"),
             2: DocumentInfo(2, "2" * 64, "2024-05-06", "Bus crash in Velmora")}
    mentions = [Mention(1, claim("5", 5), "Floods killed 5 people."),
                Mention(2, claim("9", 9), "A bus crashed, killing 9.")]
    assert len(reconcile(mentions, infos)) == 2


def test_namesakes_with_different_gazetteer_ids_stay_apart() -> None:
    events = run(("2024-05-06", [claim("5", 5, place_id=1)]), ("2024-05-06", [claim("6", 6, place_id=2)]))
    assert len(events) == 2


def test_syndicated_copies_count_once() -> None:
    wire = ("The health ministry said 41 people were killed when shelling hit the market in Velmora on "
            "Monday morning, and that rescue teams were still searching the rubble for survivors.")
    other = "Witnesses said 60 people were killed in Velmora, where the market was hit by shelling on Monday."
    infos = {n: DocumentInfo(n, hashlib.sha256(str(n).encode()).hexdigest(), "2024-05-06", url=f"https://outlet{n}.example/story") for n in (1, 2, 3)}
    mentions = [Mention(1, claim("41", 41, source="the health ministry"), wire),
                Mention(2, claim("41", 41, source="the health ministry"), wire),
                Mention(3, claim("60", 60, source="witnesses"), other)]
    texts = {1: wire, 2: wire + " Updated.", 3: other}
    (event,) = reconcile(mentions, infos, signatures={n: signature(t) for n, t in texts.items()})
    ministry = next(s for s in event.range("killed").sources if s.key == "health ministry")
    assert ministry.reports == 1 and ministry.documents == (1, 2)
    assert ministry.outlets == ("outlet1.example", "outlet2.example")
    assert event.reports == {1: (1, 2), 3: (3,)}


def test_merge_and_split_edits_are_replayed() -> None:
    docs = (("2024-05-06", [claim("5", 5)]), ("2024-05-20", [claim("6", 6, date="2024-05-20")]),
            ("2024-05-06", [claim("7", 7)]))
    first = run(*docs)
    assert len(first) == 2
    units = [u for e in first for u in e.units]
    merged = run(*docs, edits=[Edit("merge", tuple(units))])
    assert len(merged) == 1
    split = run(*docs, edits=[Edit("merge", tuple(units)), Edit("split", (units[0],))])
    assert len(split) == 2 and sorted(len(e.units) for e in split) == [1, 2]
    # ids are stable: the same inputs give the same ids
    assert [e.id for e in run(*docs)] == [e.id for e in first]


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-05-06", "day"), ("2024-02", "month"), ("2024", "year"), ("2024-02-30", None), ("", None), (None, None),
])
def test_date_interval(value: str | None, expected: str | None) -> None:
    found = date_interval(value)
    assert (found[1] if found else None) == expected


@pytest.mark.parametrize(("texts", "kind"), [
    (["Shelling killed 5 people"], "violence"),
    (["Floodwater swept through the town"], "disaster"),
    (["A bus crashed into a river"], "accident"),
    (["Police arrested 40 protesters"], "unrest"),
    (["Officials said 5 people died"], None),
])
def test_incident_kind(texts: list[str], kind: str | None) -> None:
    assert incident_kind(texts) == kind


figures = st.tuples(st.integers(0, 10_000), st.one_of(st.none(), st.integers(0, 5_000)),
                    st.sampled_from(["exact", "about", "at_least", "nearly", "vague", "between"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(figures, min_size=1, max_size=6), st.sampled_from(["median", "max", "min"]))
def test_low_best_high_always_ordered(values: list, rule: str) -> None:
    docs = []
    for n, (low, extra, qualifier) in enumerate(values):
        high = None if extra is None else low + extra
        docs.append(("2024-05-06", [claim(str(low), low, high, qualifier=qualifier, source=f"source {n}")]))
    for event in run(*docs, options=Options(best=rule)):
        for cell in event.ranges:
            assert cell.low <= cell.best <= cell.high


@pytest.mark.parametrize(("other", "joined"), [
    (["the ministry"], True),  # one ministry in the event: the short name is it
    (["the ministry", "the defence ministry"], False),  # two ministries: "the ministry" could be either
])
def test_short_claimant_names_join_within_an_event(other: list[str], joined: bool) -> None:
    docs = [("2024-05-06", [claim("41", 41, source="the health ministry")])]
    docs += [("2024-05-07", [claim(str(40 + n), 40 + n, source=name)]) for n, name in enumerate(other)]
    (event,) = run(*docs)
    keys = [s.key for s in event.range("killed").sources]
    assert ("ministry" not in keys) is joined
    if joined:
        (row,) = event.range("killed").sources
        assert row.key == "health ministry" and row.reports == 2 and row.type == "government"


def test_local_media_in_a_headline_is_the_outlet_its_body_names() -> None:
    # "... jumps to 210, according to local media" over "210, the Meridia news agency said"; a day
    # later the agency says 260: one source's update, no dispute between "local media" and it
    events = run(("2024-05-06", [claim("210", 210, source="local media"),
                                 claim("210", 210, source="the Meridia news agency")]),
                 ("2024-05-07", [claim("260", 260, source="the Meridia news agency")]))
    (event,) = events
    (row,) = event.range("killed").sources
    assert [h.figure for h in row.history] == ["210", "260"] and row.reports == 2
    assert event.conflicts == ()


# -- linking reports of one incident (issue: events across real reports) ----------------

_WORDS = frozenset("westgate shabaab kenyatta nairobi red cross".split())


def linked(*documents: tuple[str | None, list[Claim], frozenset[str]], title: str = "Mall siege") -> list:
    """Each document: (published, claims, names its text mentions); ids 1..n."""
    infos, mentions = {}, []
    for n, (published, claims, names) in enumerate(documents, start=1):
        infos[n] = DocumentInfo(id=n, content_hash=hashlib.sha256(str(n).encode()).hexdigest(), published=published,
                                title=title, names=names)
        mentions.extend(Mention(n, c, f"The attack killed people, said officials {c.id}.") for c in claims)
    return reconcile(mentions, infos)


def test_a_town_and_its_country_are_one_incident() -> None:
    events = linked(("2024-05-06", [claim("39", 39, place="Nairobi", country="KE")], _WORDS),
                    ("2024-05-07", [claim("59", 59, place="Kenya", country="KE")], frozenset()))
    assert len(events) == 1


@pytest.mark.parametrize(("names", "together"), [(_WORDS, True), (frozenset({"lisbon", "porto"}), False)])
def test_a_later_report_joins_on_its_wording(names: frozenset, together: bool) -> None:
    # nine days on, the toll has risen: the same incident when the reports name the same things
    events = linked(("2024-05-06", [claim("39", 39, place="Nairobi", country="KE")], _WORDS),
                    ("2024-05-15", [claim("67", 67, place="Nairobi", country="KE", date="2024-05-15")], names))
    assert (len(events) == 1) is together


def test_an_undated_report_joins_on_its_wording() -> None:
    events = linked(("2024-05-06", [claim("39", 39, place="Nairobi", country="KE")], _WORDS),
                    (None, [claim("62", 62, place="Westgate", country="KE", date=None)], _WORDS),
                    (None, [claim("7", 7, place="Mombasa", country="KE", date=None)], frozenset({"ferry", "likoni"})))
    assert sorted(len(e.documents) for e in events) == [1, 2]


def test_a_look_alike_incident_stays_apart() -> None:
    # the same sea and wording days later, but a toll of 27 after one of 250 is another wreck;
    # another island of the same country weeks later is another quake
    wreck = frozenset("lampedusa italy malta eritrea".split())
    events = linked(("2024-10-03", [claim("250", 250, place="Lampedusa", country="IT", date="2024-10-03")], wreck),
                    ("2024-10-11", [claim("27", 27, place="Italy", country="IT", date="2024-10-11")], wreck))
    assert len(events) == 2
    quake = frozenset("indonesia bnpb sutopo nugroho".split())
    events = linked(("2024-08-06", [claim("131", 131, place="Lombok", country="ID", date="2024-08-05")], quake),
                    ("2024-09-30", [claim("832", 832, place="Palu", country="ID", date="2024-09-28")], quake))
    assert len(events) == 2


def test_a_place_of_no_known_country_meets_the_event_that_holds_its_name() -> None:
    quake = frozenset("indonesia bnpb sutopo nugroho".split())
    events = linked(("2024-08-06", [claim("131", 131, place="Lombok", country="ID", date="2024-08-05")], quake),
                    ("2024-08-08", [claim("259", 259, place="Lombok", date="2024-08-08")], quake))
    assert len(events) == 1


def test_one_claim_about_an_earlier_quake_does_not_move_a_report() -> None:
    quake = frozenset("indonesia bnpb sutopo nugroho".split())
    events = linked(("2024-08-06", [claim("131", 131, place="Lombok", country="ID", date="2024-08-05")], quake),
                    ("2024-08-07", [claim("91", 91, place="Indonesia", country="ID", date="2024-08"),
                                    claim("98", 98, place="Indonesia", country="ID", date="2024-08"),
                                    claim("17", 17, place="Indonesia", country="ID", date="2024-07-29")], quake))
    assert len(events) == 1


@pytest.mark.parametrize("sentence", [
    "Divers recovered another 16 bodies on Sunday.",
    "A further 16 bodies were pulled from the hold.",
    "Divers found 16 more bodies.",
    "Of the dead, 16 bodies have been identified.",
    "The mystery of 16 unidentified bodies deepened.",
    "Officials said 16 bodies had been retrieved in the last 24 hours.",
    "On the neighbouring island of Tessa, 16 people died.",
    "Sixteen Canadians were killed, the prime minister said.",
])
def test_parts_and_increments_are_shown_beside_the_range(sentence: str) -> None:
    infos = {n: DocumentInfo(n, str(n) * 64, "2024-05-06", "Ferry sinks off Velmora") for n in (1, 2)}
    total = claim("250", 250, source="the coast guard")
    part = claim("16", 16, source="the navy")
    word = "16" if "16" in sentence else "Sixteen"
    at = part.sentence_start + sentence.find(word)
    part = dataclasses.replace(part, figure=word, start=at, end=at + len(word))
    mentions = [Mention(1, total, "The coast guard said 250 people died."), Mention(2, part, sentence)]
    (event,) = reconcile(mentions, infos)
    killed = event.range("killed")
    assert (killed.low, killed.high) == (250, 250) and event.conflicts == ()
    assert [p.figure for p in killed.parts] == [word]


@pytest.mark.parametrize(("total_sentence", "women"), [
    ("A total of 196 bodies have been recovered so far.", (75, 75)),  # Monday's two women are that day's recovery
    ("Divers found 196 bodies.", (2, 75)),  # no count so far: the two may be all the women found
])
def test_a_days_recovery_is_a_part_when_the_report_gives_its_count_so_far(total_sentence: str, women: tuple) -> None:
    infos = {n: DocumentInfo(n, str(n) * 64, "2024-05-06", "Ferry sinks off Velmora") for n in (1, 2)}
    total = claim("196", 196)
    day = claim("two", 2, group="women")
    later = claim("75", 75, group="women")
    mentions = [Mention(1, total, total_sentence),
                Mention(1, day, "Rescuers recovered the bodies of two women early on Monday."),
                Mention(2, later, "The bodies of 75 women have been recovered.")]
    (event,) = reconcile(mentions, infos)
    cell = event.range("killed", "women")
    assert (cell.low, cell.high) == women


def test_a_back_reference_joins_its_own_incident_and_not_its_document() -> None:
    # a second wreck's report recalls the first wreck's toll: that figure belongs to the first
    wreck = frozenset("lampedusa italy malta eritrea".split())
    first = claim("250", 250, place="Lampedusa", country="IT", date="2024-10-03", source="the coast guard")
    second = [claim("27", 27, place="Lampedusa", country="IT", date="2024-10-11", source="the navy"),
              claim("at least 27", 27, None, qualifier="at_least", place="Lampedusa", country="IT", date="2024-10-11"),
              claim("339", 339, place="Lampedusa", country="IT", date="2024-10-11")]
    infos = {n: DocumentInfo(n, str(n) * 64, published, "Migrant boat sinks", names=wreck)
             for n, published in ((1, "2024-10-04"), (2, "2024-10-12"))}
    mentions = [Mention(1, first, "The coast guard said 250 migrants drowned off Lampedusa."),
                Mention(2, second[0], "The navy said 27 migrants drowned."),
                Mention(2, second[1], "At least 27 people died."),
                Mention(2, second[2], "The death toll of the first wreck had reached 339 by Friday.")]
    events = reconcile(mentions, infos)
    by_toll = {e.range("killed").high: e for e in events}
    assert sorted(by_toll) == [27, 339]  # the first wreck's event holds 250 and the recalled 339
    assert (2, second[2].id) in by_toll[339].claims and (2, second[2].id) not in by_toll[27].claims


def test_a_dispute_one_report_tells_is_flagged_though_a_later_report_closes_it() -> None:
    # the agency's 131 against the governor's 226 to 381 in one article; days later the
    # agency says 259, inside the governor's range: the article's dispute stays flagged
    events = run(("2024-08-06", [claim("131", 131, source="the disaster agency"),
                                 claim("226 to 381", 226, 381, qualifier="between", source="the governor")]),
                 ("2024-08-09", [claim("259", 259, source="the disaster agency")]))
    (event,) = events
    kinds = [(c.kind, sorted(r.figure for r in c.claims)) for c in event.conflicts]
    assert ("sources_disagree", ["131", "226 to 381"]) in kinds


def test_an_open_figure_beside_an_exact_one_leaves_the_bound_open() -> None:
    (event,) = run(("2024-05-06", [claim("more than three dozen", 37, None, qualifier="more_than", source="the Red Cross",
                                         outcome="missing"),
                                   claim("39", 39, source="the Red Cross", outcome="missing")]))
    missing = event.range("missing")
    assert (missing.low, missing.high, missing.high_open) == (39, 39, True)  # its report says 39, not closed


def test_incidents_a_document_tells_apart_stay_apart_though_its_words_are_shared() -> None:
    infos = {1: DocumentInfo(1, "1" * 64, "2024-10-04", "Dozens detained in Velsing",
                             names=frozenset("velsing kessor orlov anvers lumen".split()))}
    protest = claim("38", 38, outcome="detained", place="Velsing", date="2024-10-04", key="c1")
    raid = claim("14", 14, outcome="captured", place="Kessor", date="2024-10-03", key="c2")
    mentions = [Mention(1, protest, "Police in Velsing said they had detained 38 people after a protest."),
                Mention(1, raid, "In a separate incident in Kessor, gunmen seized 14 hostages.")]
    assert len(reconcile(mentions, infos)) == 2


@pytest.mark.parametrize(("written", "resolved", "label"), [
    ("Chittagong", "Chattogram", "Chattogram (Chittagong), 2024-05-06"),  # a search finds either spelling
    ("the Nairobi mall", "Nairobi", "Nairobi, 2024-05-06"),
    ("Velmora", None, "Velmora, 2024-05-06"),
])
def test_an_event_label_keeps_the_place_as_written(written: str, resolved: str | None, label: str) -> None:
    found = dataclasses.replace(claim("12", 12, place=written, place_id=1205733 if resolved else None),
                                place_name=resolved)
    (event,) = run(("2024-05-06", [found]))
    assert event.label == f"{label} (violence)"  # the sentences tell of shelling
