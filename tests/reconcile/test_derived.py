"""Derived figures: parts stated together add up, individual victims are counted (README, "Derived figures").

Every sentence here is invented; the places and claimants do not exist.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from tollbook.model import Claim
from tollbook.reconcile import DocumentInfo, Mention, reconcile, signature
from tollbook.reconcile.derived import people

Sentence = tuple[str, list[dict]]


def fig(figure: str, low: int = 1, high: int | None = -1, *, group: str | None = None, outcome: str = "killed",
        qualifier: str = "exact", part_of: str | None = None, key: str | None = None, negated: bool = False,
        source: str | None = "") -> dict:
    """A count as the extractor gives it; ``high=-1`` means high = low, ``source=""`` the document's claimant."""
    return dict(figure=figure, low=low, high=low if high == -1 else high, group=group, outcome=outcome,
                qualifier=qualifier, part_of=part_of, key=key, negated=negated, individual=False, source=source)


def person(figure: str, *, group: str | None = None, outcome: str = "killed", source: str | None = "") -> dict:
    """One individual victim: low = high = 1, the figure is the phrase naming the person."""
    return dict(fig(figure, 1, group=group, outcome=outcome, source=source), individual=True)


def mentions(document_id: int, sentences: list[Sentence], source: str | None) -> list[Mention]:
    """The claims of one document, with offsets that point at each figure in its sentence."""
    found, offset, n = [], 0, 0
    for text, specs in sentences:
        at = 0
        for spec in specs:
            spec = dict(spec)
            at = text.index(spec["figure"], at)
            start = offset + at
            at += len(spec["figure"])
            n += 1
            given = spec.pop("source")
            who = source if given == "" else given
            key = spec.pop("key") or f"c{n}"
            claim = Claim(id=key, start=start, end=start + len(spec["figure"]), vague=spec["qualifier"] == "vague",
                          source=who, source_key=who.lower().removeprefix("the ") if who else None,
                          sentence_start=offset, sentence_end=offset + len(text), date="2024-05-06",
                          place="Velmora", **spec)
            found.append(Mention(document_id, claim, text))
        offset += len(text) + 1
    return found


def run(*documents: list[Sentence], source: str | None = "the army", published: tuple[str, ...] = (),
        texts: dict[int, str] | None = None) -> list:
    """Each document is a list of (sentence, claims); every claim is by ``source`` unless it says otherwise."""
    infos, found = {}, []
    for n, sentences in enumerate(documents, start=1):
        day = published[n - 1] if published else "2024-05-06"
        infos[n] = DocumentInfo(n, hashlib.sha256(str(n).encode()).hexdigest(), day, "Clashes in Velmora")
        found.extend(mentions(n, sentences, source))
    signatures = {n: signature(t) for n, t in texts.items()} if texts else None
    return reconcile(found, infos, signatures=signatures)


def cell(event, group: str | None = None, outcome: str = "killed") -> tuple | None:
    found = event.range(outcome, group)
    if found is None:
        return None
    return found.low, None if found.high_open else found.high, found.sources[0].derived


# -- parts stated together --------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "claims", "expected"), [
    # different groups, coordinated: their sum is the all-victims figure
    ("Two rebels and one soldier were killed in the clash.",
     [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")], (3, 3, True)),
    ("Eleven civilians, four soldiers and one member of the border guard were killed.",
     [fig("Eleven", 11, group="civilians"), fig("four", 4, group="soldiers"), fig("one", 1)], (16, 16, True)),
    ("Two soldiers and 12 others were killed.", [fig("Two", 2, group="soldiers"), fig("12", 12)], (14, 14, True)),
    # regional parts of one group add up; an open part leaves the sum open
    ("At least 40 died in the north, 12 in the south.",
     [fig("At least 40", 40, None, qualifier="at_least"), fig("12", 12)], (52, None, True)),
    ("Dozens of civilians and five soldiers were killed.",
     [fig("Dozens", 24, 99, group="civilians", qualifier="vague"), fig("five", 5, group="soldiers")],
     (29, 104, True)),
    # an update or a total in the sentence: the larger figure stands, nothing is added
    ("The toll rose to 40 from 12.", [fig("40", 40), fig("12", 12)], (40, 40, False)),
    ("Another 9 bodies were found, taking the total to 75.", [fig("9", 9), fig("75", 75)], (75, 75, False)),
    # alternatives, or another claimant's figure set beside it, are not parts
    ("The governor said 40 people (the relief agency said it counted 52) had been killed.", [fig("40", 40), fig("52", 52)],
     (52, 52, False)),
    ("Two or three people were killed.", [fig("Two", 2), fig("three", 3)], (3, 3, False)),
    ("Twelve civilians were killed, police said, while witnesses counted 40 soldiers.",
     [fig("Twelve", 12, group="civilians"), fig("40", 40, group="soldiers")], None),
    # a figure for all victims before the groups' figures is their total
    ("Twelve people were killed: 10 civilians and 2 soldiers.",
     [fig("Twelve", 12), fig("10", 10, group="civilians"), fig("2", 2, group="soldiers")], (12, 12, False)),
    ("Ten civilians and five soldiers, 15 people in all, were killed.",
     [fig("Ten", 10, group="civilians"), fig("five", 5, group="soldiers"), fig("15", 15)], (15, 15, False)),
    # parts marked as parts of a total never add up
    ("Sixty people were killed, including 41 children and 19 women.",
     [fig("Sixty", 60, key="t"), fig("41", 41, group="children", part_of="t"),
      fig("19", 19, group="women", part_of="t")], (60, 60, False)),
    # a negated figure adds nothing; one group's single figure says nothing of all victims
    ("No civilians were killed, but two soldiers were.",
     [fig("No", 0, group="civilians", negated=True), fig("two", 2, group="soldiers")], None),
    ("Forty-one children were killed.", [fig("Forty-one", 41, group="children")], None),
])
def test_parts_stated_together(sentence: str, claims: list[dict], expected: tuple | None) -> None:
    (event,) = run([(sentence, claims)])
    assert cell(event) == expected


@pytest.mark.parametrize(("sentences", "group", "expected"), [
    # a group's own row adds up that group's parts only
    ([("Forty civilians died in the north and 12 civilians in the south, and 3 soldiers died.",
       [fig("Forty", 40, group="civilians"), fig("12", 12, group="civilians"), fig("3", 3, group="soldiers")])],
     "civilians", (52, 52, True)),
    ([("Forty civilians died in the north and 12 civilians in the south, and 3 soldiers died.",
       [fig("Forty", 40, group="civilians"), fig("12", 12, group="civilians"), fig("3", 3, group="soldiers")])],
     None, (55, 55, True)),
    ([("Forty civilians died in the north and 12 civilians in the south, and 3 soldiers died.",
       [fig("Forty", 40, group="civilians"), fig("12", 12, group="civilians"), fig("3", 3, group="soldiers")])],
     "soldiers", (3, 3, False)),
    # parts in two sentences are not stated together
    ([("Two rebels were killed.", [fig("Two", 2, group="fighters")]),
      ("One soldier was killed.", [fig("One", 1, group="soldiers")])], None, None),
    # a stated total at least as large stands (stated, not derived)
    ([("Forty people were killed.", [fig("Forty", 40)]),
      ("Two rebels and one soldier were among them.", [fig("Two", 2, group="fighters"),
                                                        fig("one", 1, group="soldiers")])], None, (40, 40, False)),
])
def test_sums_per_row(sentences: list[Sentence], group: str | None, expected: tuple | None) -> None:
    (event,) = run(sentences)
    assert cell(event, group) == expected


def test_parts_of_other_claimants_or_outcomes_never_add_up() -> None:
    (event,) = run([("Two rebels were killed, the army said, and one soldier, the rebels said; five were hurt.",
                     [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers", source="the rebels"),
                      fig("five", 5, group="soldiers", outcome="injured")])])
    assert event.range("killed") is None and event.range("injured") is None


def test_a_derived_figure_names_the_claims_it_adds_up() -> None:
    (event,) = run([("Two rebels and one soldier were killed in the clash.",
                     [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")])])
    (row,) = event.range("killed").sources
    assert (row.figure, row.derived, row.derivation, row.low, row.high, row.point) == (
        "Two (fighters) + one (soldiers)", True, "sum", 3, 3, 3)
    assert [c.claim for c in row.summed] == ["c1", "c2"] and row.claim == row.summed[0]
    assert row.history[-1].derived and row.history[-1].summed == row.summed
    assert event.range("killed").derived == ("low", "best", "high")
    assert (event.range("killed", "fighters").sources[0].derived, event.range("killed", "fighters").derived) == (
        False, ())
    data = json.loads(json.dumps(event.to_dict()))  # the stored and exported form
    source = next(r for r in data["ranges"] if r["group"] is None)["sources"][0]
    assert source["derived"] is True and [c["claim"] for c in source["summed"]] == ["c1", "c2"]


# -- individual victims -----------------------------------------------------------------

@pytest.mark.parametrize(("sentences", "count"), [
    ([("A policeman was shot dead on Monday.", [person("A policeman", group="police")]),
      ("The policeman was 34.", [person("The policeman", group="police")])], 1),
    ([("Journalist Idris Kamal al-Wardi was killed.", [person("Journalist Idris Kamal al-Wardi",
                                                               group="journalists")]),
      ("Idris had reported from Velmora for years.", [person("Idris")]),
      ("The journalist died at the scene.", [person("The journalist", group="journalists")]),
      ("Mr al-Wardi was 30.", [person("Mr al-Wardi")])], 1),
    ([("A man was killed.", [person("A man", group="men")]),
      ("Another man died in hospital.", [person("Another man", group="men")])], 2),
    ([("A man and a woman were killed.", [person("A man", group="men"), person("a woman", group="women")])], 2),
    ([("A policeman was shot dead.", [person("A policeman", group="police")]),
      ("A policeman was shot dead near the market, police said.", [person("A policeman", group="police")])], 1),
    ([("Ali Hasan and Omar Hasan were killed.", [person("Ali Hasan"), person("Omar Hasan")]),
      ("Hasan had just arrived.", [person("Hasan")])], 2),
    ([("A policeman was shot dead.", [person("A policeman", group="police")]),
      ("The man was 34.", [person("The man", group="men")])], 1),
    # someone of the same group in an earlier sentence: one person, unless the text says another
    ([("A policeman was shot dead.", [person("A policeman", group="police")]),
      ("A police officer died in hospital.", [person("A police officer", group="police")])], 1),
    ([("A policeman and a police officer were killed.", [person("A policeman", group="police"),
                                                         person("a police officer", group="police")])], 2),
    ([("A policeman was shot dead.", [person("A policeman", group="police")]),
      ("A second policeman died in hospital.", [person("A second policeman", group="police")])], 2),
    ([("The driver and the conductor were killed.", [person("The driver", group="drivers"),
                                                     person("the conductor", group="workers")])], 2),
    ([("A soldier was killed.", [person("A soldier", group="soldiers")]),
      ("His brother also died.", [person("His brother")])], 2),
    ([("A 9-year-old girl was killed.", [person("A 9-year-old girl", group="children")]),
      ("She died on the way to hospital.", [person("She")])], 1),
    # three people, each described as killed
    ([("A policeman was shot dead.", [person("A policeman", group="police")]),
      ("A teacher was killed by a stray bullet.", [person("A teacher", group="teachers")]),
      ("A 9-year-old girl also died.", [person("A 9-year-old girl", group="children")])], 3),
])
def test_distinct_individual_victims(sentences: list[Sentence], count: int) -> None:
    (event,) = run(sentences)
    assert cell(event) == (count, count, True)
    (row,) = event.range("killed").sources
    assert row.derivation == "individuals" and len(row.summed) == count


def test_people_groups_mentions_by_person() -> None:
    found = mentions(1, [("A man was killed.", [person("A man")]), ("Another man died.", [person("Another man")]),
                         ("The man was 20.", [person("The man")])], None)
    assert [[m.claim.figure for m in p] for p in people(found)] == [["A man"], ["Another man", "The man"]]


def test_individuals_count_in_their_group_and_for_all_victims() -> None:
    (event,) = run([("A policeman was shot dead.", [person("A policeman", group="police")]),
                    ("A teacher was killed by a stray bullet.", [person("A teacher", group="teachers")])])
    assert cell(event, "police") == (1, 1, True) and cell(event, "teachers") == (1, 1, True)
    assert cell(event) == (2, 2, True)
    assert event.range("killed").sources[0].figure == "A policeman + A teacher"
    assert event.conflicts == ()


def test_syndicated_copies_describe_the_same_people() -> None:
    story = [("A policeman was shot dead near the market in Velmora on Monday, the army said.",
              [person("A policeman", group="police")]),
             ("A teacher was killed by a stray bullet as she walked home from the school.",
              [person("A teacher", group="teachers")])]
    text = " ".join(s for s, _ in story)
    (event,) = run(story, story, texts={1: text, 2: text + " Updated."})
    (row,) = event.range("killed").sources
    assert (row.low, row.reports, row.documents) == (2, 1, (1, 2))


def test_a_named_victim_without_a_claimant_counts_but_never_disagrees() -> None:
    (event,) = run([("Idris Kamal was killed.", [person("Idris Kamal", source=None)]),
                    ("Samir Odeh was killed.", [person("Samir Odeh", source=None)])],
                   [("The army said no one was killed.", [fig("no one", 0, negated=True)])])
    assert (event.range("killed").low, event.range("killed").high) == (0, 2)
    assert event.conflicts == ()


# -- stated against derived: per source and report, the larger -----------------------------

@pytest.mark.parametrize(("sentences", "expected", "conflict"), [
    # a stated total above the individuals it names stands
    ([("Three people were killed.", [fig("Three", 3)]),
      ("A policeman was among them.", [person("A policeman", group="police")])], (3, 3, False), False),
    # more individuals than the stated total: the count, and a same-document conflict
    ([("Two people were killed.", [fig("Two", 2)]),
      ("A policeman was shot dead.", [person("A policeman", group="police")]),
      ("A teacher was killed.", [person("A teacher", group="teachers")]),
      ("A driver also died.", [person("A driver", group="drivers")])], (3, 3, True), True),
    # parts below the total are no conflict (they need not be all the victims)
    ([("Forty people were killed.", [fig("Forty", 40)]),
      ("Two rebels and one soldier were killed near the bridge.",
       [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")])], (40, 40, False), False),
    ([("Two people were killed.", [fig("Two", 2)]),
      ("Two rebels and one soldier were killed near the bridge.",
       [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")])], (3, 3, True), True),
    # ... unless a sentence says the toll changed
    ([("Two people were killed at first.", [fig("Two", 2)]),
      ("Two rebels and one soldier have now died.",
       [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")])], (3, 3, True), False),
])
def test_stated_and_derived_in_one_report(sentences: list[Sentence], expected: tuple, conflict: bool) -> None:
    (event,) = run(sentences)
    assert cell(event) == expected
    assert [c.kind for c in event.conflicts] == (["same_document"] if conflict else [])


def test_one_victim_is_never_set_against_a_total() -> None:
    (event,) = run([("Five policemen were killed.", [fig("Five", 5, group="police")]),
                    ("A policeman, Sgt Ali Hasan, was among them.", [person("A policeman", group="police")])])
    assert event.conflicts == () and cell(event, "police") == (5, 5, False)


# -- across sources -----------------------------------------------------------------------

@pytest.mark.parametrize(("other", "expected", "derived", "disagree"), [
    # below a stated figure: a lower bound, no conflict; low and best stay stated figures
    ("40", (40, 40, 40), (), False),
    ("3", (3, 3, 3), (), False),
    # above another source's whole figure: the sources disagree
    ("2", (2, 2, 3), ("high",), True),
])
def test_a_derived_figure_against_another_source(other: str, expected: tuple, derived: tuple,
                                                 disagree: bool) -> None:
    (event,) = run([("Two rebels and one soldier were killed in the clash.",
                     [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")])],
                   [(f"The ministry said {other} people were killed.", [fig(other, int(other),
                                                                         source="the ministry")])])
    killed = event.range("killed")
    assert (killed.low, killed.best, killed.high) == expected and killed.derived == derived
    kinds = [c.kind for c in event.conflicts]
    assert kinds == (["sources_disagree"] if disagree else [])
    if disagree:
        assert "the sum of the parts it states" in event.conflicts[0].explanation
        assert len(event.conflicts[0].claims) == 3  # the stated figure and both parts


def test_a_later_report_naming_some_victims_does_not_lower_the_toll() -> None:
    (event,) = run([("The army said 40 people were killed.", [fig("40", 40)])],
                   [("A policeman was shot dead, the army said.", [person("A policeman", group="police")])],
                   published=("2024-05-06", "2024-05-07"))
    (row,) = event.range("killed").sources
    assert (row.figure, row.derived, row.reports) == ("40", False, 2)
    assert [h.figure for h in row.history] == ["40", "A policeman"]
    assert event.conflicts == ()


def test_a_stated_figure_below_earlier_individuals_is_lowered() -> None:
    (event,) = run([("A policeman was shot dead.", [person("A policeman", group="police")]),
                    ("A teacher was killed.", [person("A teacher", group="teachers")]),
                    ("A driver also died.", [person("A driver", group="drivers")])],
                   [("The army said two people were killed.", [fig("two", 2)])],
                   published=("2024-05-06", "2024-05-07"))
    (row,) = event.range("killed").sources
    assert (row.figure, row.derived) == ("two", False)
    (conflict,) = event.conflicts
    assert conflict.kind == "lowered" and "the individual victims it describes" in conflict.explanation


@pytest.mark.parametrize("outcome", ["casualties", "injured"])
def test_every_outcome_adds_up_alike(outcome: str) -> None:
    (event,) = run([("Two rebels and one soldier were hurt.",
                     [fig("Two", 2, group="fighters", outcome=outcome), fig("one", 1, group="soldiers", outcome=outcome)])])
    assert cell(event, outcome=outcome) == (3, 3, True) and event.range("killed") is None


@pytest.mark.parametrize(("ministry", "expected", "conflicts"), [
    ("4", (4, 4, 4, ()), []),
    ("2", (2, 2, 3, ("high",)), ["sources_disagree"]),
])
def test_the_readme_example(ministry: str, expected: tuple, conflicts: list[str]) -> None:
    (event,) = run([("Two rebels and one soldier were killed in the clash near Arnsby on Friday, the army said.",
                     [fig("Two", 2, group="fighters"), fig("one", 1, group="soldiers")]),
                    ("A policeman was shot dead at a checkpoint, the army said.",
                     [person("A policeman", group="police")]),
                    ("The policeman died on the way to hospital, it said.", [person("The policeman", group="police")]),
                    ("A teacher was killed by a stray bullet, the army said.",
                     [person("A teacher", group="teachers")])],
                   [(f"The health ministry said {ministry} people were killed in Arnsby on Friday.",
                     [fig(ministry, int(ministry), source="the health ministry")])])
    killed = event.range("killed")
    assert (killed.low, killed.best, killed.high, killed.derived) == expected
    army = next(s for s in killed.sources if s.key == "army")
    assert (army.figure, army.derivation, [c.claim for c in army.summed]) == (
        "Two (fighters) + one (soldiers)", "sum", ["c1", "c2"])
    assert [(g, cell(event, g)) for g in ("fighters", "soldiers", "police", "teachers")] == [
        ("fighters", (2, 2, False)), ("soldiers", (1, 1, False)), ("police", (1, 1, True)),
        ("teachers", (1, 1, True))]
    assert [c.kind for c in event.conflicts] == conflicts
