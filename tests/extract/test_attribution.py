"""Who claims it (tollbook.extract.attribution), end to end: (figure, claimant) per claim."""

import pytest

from tollbook import extract
from tollbook.extract.attribution import clean, is_person, source_key


def sources(text):
    return [(c.figure, c.source) for c in extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X said" after the claim, and before it
        ("Nine people were killed in the raid, the provincial police said.",
         [("Nine", "the provincial police")]),
        ("The provincial police said nine people were killed in the raid.", [("nine", "The provincial police")]),
        ("Officials said on Monday that 40 people had died.", [("40", "Officials")]),
        # inverted and appositive forms
        ("Twelve people were wounded, said Dara Omid, a hospital director.", [("Twelve", "Dara Omid")]),
        ("Twelve people were wounded, the mayor, Lina Sorel, said.", [("Twelve", "Lina Sorel")]),
        ("Pim Vos, the regional governor, told reporters that 8 soldiers died.", [("8", "Pim Vos")]),
        ("Twelve people were wounded, said civil defence chief Aram Tesh.",
         [("Twelve", "civil defence chief Aram Tesh")]),
        # according to / per / citing
        ("At least 30 people died, according to the Red Crescent.", [("At least 30", "the Red Crescent")]),
        ("According to local media, 9 people were killed.", [("9", "local media")]),
        ("Per figures from the health ministry, 70 people were injured.", [("70", "the health ministry")]),
        ("Some 5,000 people fled, according to UNHCR figures.", [("Some 5,000", "UNHCR")]),
        ("The toll rose to 24, local radio reported, citing hospital sources.", [("24", "hospital sources")]),
        ("State television, citing the army, said 16 rebels were killed.", [("16", "the army")]),
        ("Eleven people died, per a police statement.", [("Eleven", "police")]),
        # two claimants in one sentence
        ("At least 50 people died, the ministry said, while a rights group put the toll at 90.",
         [("At least 50", "the ministry"), ("90", "a rights group")]),
        # toll verbs and other reporting verbs
        ("Hospital officials put the death toll at 30.", [("30", "Hospital officials")]),
        ("The United Nations says around 2,000 civilians have been killed.", [("around 2,000", "The United Nations")]),
        ("The agency has verified 812 deaths but says the real toll is higher.", [("812", "The agency")]),
        ("The rebels said they had captured 40 soldiers, a claim denied by the army.", [("40", "The rebels")]),
        ("Twenty people were arrested, according to a report citing the mayor's office.",
         [("Twenty", "the mayor's office")]),
        ("No casualties were seen and the tanker was towed to port after crews put out the fire.", [("No", None)]),
        ("Mine flood traps 19 in Kovar; two bodies found", [("19", None), ("two", None)]),
        ('"We are pumping day and night and we believe 30 men are alive and 2 died," said Ada Berg.',
         [("2", "Ada Berg")]),
        ("At least 1,240 people were abducted across three northern states, the group said.",
         [("At least 1,240", "the group")]),
        ("Authorities have revised the death toll down to 61 from 78.",
         [("61", "Authorities"), ("78", "Authorities")]),
        ("The monitor, Arbat Watch, said it had verified 31 deaths.", [("31", "Arbat Watch")]),
        ("A local aid worker, who asked not to be named, said about 6,000 people had fled.",
         [("about 6,000", "A local aid worker")]),
        ("Rights group: 3,400 held without charge in Tavrin", [("3,400", "Rights group")]),
        ("Earthquake live: death toll at 304", [("304", None)]),
        ("14:05 - Police say 63 people have been detained.", [("63", "Police")]),
        # the claimant names no one: null, never invented
        ("Eleven people died in the fire.", [("Eleven", None)]),
        ("No casualties were reported in the capital.", [("No", None)]),
        ("Police arrested 20 people on Friday.", [("20", None)]),
        # headline attributions
        ("Bus crash kills 14: police", [("14", "police")]),
        ("Train derailment kills 9 - officials", [("9", "officials")]),
        ("Flood Kills 12 In Delta Towns, Officials Say", [("12", "Officials")]),
        ("Blast injures 5; no deaths, firefighters say", [("5", "firefighters"), ("no", "firefighters")]),
        # a headline on its own line is its own sentence: the body's claimant is not the headline's
        ("Island quake toll nearly triples to 347\nThe death toll from the quake on the island has risen to 347 "
         "since Sunday, as rescuers reached the remote villages of the north, the state news agency Meridia said.",
         [("347", None), ("347", "the state news agency Meridia")]),
        # a hard-wrapped text breaks lines of one width anywhere: no headline there
        ("Eleven people were killed when the dam burst above the town of\nKessor, the regional governor said on "
         "Sunday after visiting the valley, where the water had swept away houses and roads.",
         [("Eleven", "the regional governor")]),
    ],
)
def test_one_sentence(text, expected):
    assert sources(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # pronouns resolve to the person or body named before
        ("Interior Minister Tor Bakke spoke on Monday. He said 43 officers were injured.",
         [("43", "Tor Bakke")]),
        ("The quake killed 20 people, coast guard chief Ilse Marr said. She said 6 more were missing.",
         [("20", "coast guard chief Ilse Marr"), ("6", "coast guard chief Ilse Marr")]),
        ("The owner, Estcoal, said 23 men were underground. It said 3 of them were injured.",
         [("3", "Estcoal")]),
        ("The Red Crescent said 30 people were injured. It said 4 of them later died.",
         [("30", "The Red Crescent"), ("4", "The Red Crescent")]),
        # a quotation goes on in the next sentence
        ('"The market was full," said Omar Haddad, a trader. "I counted 20 bodies."',
         [("20", "Omar Haddad")]),
        # a claimant does not carry over to a sentence of its own
        ("The army said 12 soldiers died. Another 30 people were wounded in the city.",
         [("12", "The army"), ("30", None)]),
    ],
)
def test_across_sentences(text, expected):
    assert sources(text) == expected


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("NDMA figures", "NDMA"),
        ("a police statement", "police"),
        ("a statement from the military", "the military"),
        ("The report", "The report"),
        ("official statistics", "official statistics"),
        ("The UN has", "The UN"),
    ],
)
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("the National Disaster Management Authority (NDMA)", "national disaster management authority"),
        ("The UN", "un"),
        (None, None),
    ],
)
def test_source_key(raw, key):
    assert source_key(raw) == key


@pytest.mark.parametrize(
    ("name", "person"),
    [("Marek Dvoran", True), ("regional police chief Marek Dvoran", True), ("Dvoran", True),
     ("the Tavrik Red Crescent", False), ("the research group Civic Watch", False), ("UNHCR", False), ("Police", False), ("the ministry", False)],
)
def test_is_person(name, person):
    assert is_person(name) is person
