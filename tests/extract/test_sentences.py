"""Sentence boundaries and the paragraph look-back (tollbook.extract.sentences)."""

import pytest

from tollbook.extract.sentences import Lookback, split_sentences


@pytest.mark.parametrize(("text", "marked", "expected"), [
    # sentence n -> the nearest earlier marked sentence of its paragraph, else None
    ("A one. B two. C three. D four.", {0}, [None, 0, 0, 0]),
    ("A one. B two. C three. D four.", {0, 2}, [None, 0, 0, 2]),
    ("A one. B two.\n\nC three. D four.", {0}, [None, 0, None, None]),  # a paragraph ends the look
    ("A one. B two. C three.", set(), [None, None, None]),
])
def test_lookback_finds_the_nearest_earlier_sentence_of_the_paragraph(text, marked, expected):
    sentences = split_sentences(text)
    asked: list[int] = []

    def has(k: int) -> bool:
        asked.append(k)
        return k in marked

    back = Lookback(sentences, has)
    assert [back.before(n) for n in range(len(sentences))] == expected
    assert len(asked) == len(set(asked))  # each sentence is tested once: linear in the paragraph


@pytest.mark.parametrize(("text", "expected"), [
    # a first line with no closing punctuation and a longer line after it: the headline
    ("Quake toll nearly triples to 347\nThe death toll from the quake on the island has risen to 347 since "
     "Sunday, the state news agency said.", ["Quake toll nearly triples to 347", "The death toll"]),
    # lines of one width: a hard-wrapped sentence, not a headline
    ("At least 40 people were killed when a bomb exploded near the\nMinistry of Defence, police said.",
     ["At least 40 people were killed"]),
    ("Flood kills 12 in Dunmore\n\nThe river rose overnight.", ["Flood kills 12 in Dunmore", "The river rose"]),
])
def test_a_headline_on_its_own_line(text, expected):
    found = [text[s.start:s.end] for s in split_sentences(text)]
    assert [f[:len(e)] for f, e in zip(found, expected, strict=True)] == expected
