"""Incident places (tollbook.extract.where): cues, scope and the offline gazetteer."""

import pytest

from tollbook import extract
from tollbook.extract.sentences import split_sentences
from tollbook.extract.where import Place, Placer, find_places, fold, lookup, place_chain, resolve


def places(text):
    return [(c.figure, c.place) for c in extract(text, "2024-05-17")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shelling hit a market in the town of Velmora.", "Velmora"),
        ("An airstrike hit the rebel-held town of Kafr Sulam.", "Kafr Sulam"),
        ("Floods swept across northern Mirava.", "northern Mirava"),
        ("A train derailed near the village of Ostbro.", "Ostbro"),
        ("Waves hit the southern coast of Santa Lucerna.", "Santa Lucerna"),
        ("Protesters gathered in the capital, Korsa.", "Korsa"),
        ("Fighting raged in Bhimpur district.", "Bhimpur district"),
        ("Gunmen launched a raid on Bokuru.", "Bokuru"),
        ("A fire broke out on the outskirts of Ranpur.", "Ranpur"),
    ],
)
def test_place_cues(text, name):
    assert find_places(text, 0, len(text))[0].name == name


@pytest.mark.parametrize(
    "text",
    [
        "The Red Crescent said the toll was rising.",  # an organisation
        "The injured were flown to hospitals in Seraj.",  # where the injured were taken
        "Residents fled to the nearby town of Garo.",  # a destination
        "The market was full on Monday morning.",  # not a name
        # organisations, nationalities, diseases, weekdays and months never are places
        "The claim came from the Committee to Protect Journalists.",
        "Commanders of the Armed Forces met in the morning.",
        "A statement from Reporters Without Borders condemned it.",
        "Commanders of the Quds Force met on Sunday.",
        "The men were led to believe they would be safe in Iranian custody.",
        "He died of COVID-19 in hospital.",
        "The talks were held on Monday in March.",
    ],
)
def test_not_incident_places(text):
    assert find_places(text, 0, len(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # names that a cue takes and nothing makes a place: an acronym, a virus, camel case, a
        # work, a helicopter, a field of study, a parliament
        "The toll was given in IEDCR bulletins.",
        "He was infected in SARS-CoV-2 trials.",
        "The figures were posted on RealClearPolitics.",
        "The song appeared in Time of Your Life.",
        "He flew in Marine One.",
        "She taught at the Department of Epidemiology.",
        "The bill went to Congress.",
        # part of an institution's name; a person a nomination names
        "He died at the Baylor Scott and White Medical Center.",
        "The nomination of Merrick Garland stalled.",
        "The bill passed the House of Representatives.",
        # a surname after a title and a given name ("President Donald Trump")
        "The criticism of Trump grew, aides of President Donald Trump said.",
        "Obama took a veiled shot at Trump, as President Donald Trump had attacked him.",
        "The Congressional Black Caucus met on Monday.",
    ],
)
def test_names_that_are_no_places(text):
    assert Placer(text, split_sentences(text)).places(0) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 29 people died in Abrao province, 11 in Sulo and 6 in Nueva Tierra.",
         [("At least 29", "Abrao province"), ("11", "Sulo"), ("6", "Nueva Tierra")]),
        ("A blast killed 9 people in Dorra on Wednesday. Among the dead were 3 children.",
         [("9", "Dorra"), ("3", "Dorra")]),
        ("Floods killed 40 people in Mirava on Monday.\n\nThe worst floods, in 2011, killed 300 people.",
         [("40", "Mirava"), ("300", None)]),
        ("The road is dangerous. In April 2016, 19 people died near the village of Hradec.",
         [("19", "Hradec")]),
    ],
)
def test_scope(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a person's surname is no place, though a cue stands before it
        ("Police shot Usman Tarek dead. Two people were stabbed by Tarek, police said.", [("Two", None)]),
        ("Hamza bin Yusuf was killed. Officials said 3 guards died with Hamza.", [("Hamza bin Yusuf", None),
                                                                                 ("3", None)]),
        # a country gives way to the place inside it that the sentence or the lead names
        ("A building collapsed in Kestrovo, a city in the Ural region of Russia. It killed 39 people.",
         [("39", "Kestrovo")]),
        ("At least seven people were killed in the United States when a plane crashed at Windsor Locks.",
         [("At least seven", "Windsor Locks")]),
        # a facility gives way to its town
        ("A jet overshot the runway at Calicut International Airport at Karipur. 18 people died.",
         [("18", "Karipur")]),
        # the port town of a sea
        ("A bomb killed 5 people in the Red Sea port town of Mokha.", [("5", "Mokha")]),
        # a surname in the document does not hide a place a cue names there
        ("Twin bombs killed 20 in Mindanao. Police of the Muslim Mindanao region said so.", [("20", "Mindanao")]),
        # where people come from, a claimant's seat and a victim's name are not where it happened
        ("A bus crashed near Baracoa. Two of the dead were from Chile, one from France.",
         [("Two", "Baracoa"), ("one", "Baracoa")]),
        ("Gunmen killed 4 people in Kenosha. A resident of Antioch, the suspect shot two more.",
         [("4", "Kenosha"), ("two", "Kenosha")]),
        ("According to police of the Autonomous Region in Muslim Mindanao, 14 died in the blast.", [("14", None)]),
        ("Protests over the shooting of Jacob Blake left one person injured.",
         [("Jacob Blake", None), ("one", None)]),
        # a relative clause that tells of the incident itself; a capital named without a comma
        ("The stampede, which occurred in Kerman, killed 56 people.", [("56", "Kerman")]),
        ("Police arrested 71 people in the Serbian capital Belgrade.", [("71", "Belgrade")]),
        # a facility gives way to the town its name begins with, or that owns it; a mine stays
        ("A blast at London Waterloo station injured 9 people.", [("9", "London")]),
        ("At least 40 people were treated in Morrow's hospitals.", [("At least 40", "Morrow")]),
        ("Water burst into the Teller pit, trapping 129 miners.", [("129", "Teller pit")]),
        # no place in the lead: the headline's
        ("Quake kills 6 in southern Ostravia\n\nOn Saturday, officials said 6 people died.",
         [("6", "southern Ostravia"), ("6", "southern Ostravia")]),
    ],
)
def test_what_is_no_place(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    ("name", "country", "resolved"),
    [
        ("Aleppo", "SY", "Aleppo"),
        ("Halab", "SY", "Aleppo"),  # a transliteration
        ("Al Mawsil", "IQ", "Mosul"),
        ("Derna", "LY", "Darnah"),
        ("Srebrenica", "BA", "Srebrenica"),  # a small town (under 3,000 people)
        ("Maaloula", "SY", "Ma‘lūlā"),
    ],
)
def test_gazetteer_names(name, country, resolved):
    best = lookup(name)[0]
    assert (best["name"], best["countrycode"]) == (resolved, country)


def test_ambiguous_names_follow_the_countries_named():
    assert lookup("Tripoli")[0]["countrycode"] == "LY"  # the most populous
    assert lookup("Tripoli", frozenset({"LB"}))[0]["countrycode"] == "LB"
    (claim,) = extract("Clashes in Tripoli, Lebanon's second city, killed 4 people on Monday.", "2024-05-17")
    assert (claim.place, claim.country) == ("Tripoli", "LB")
    assert claim.place_id is not None and claim.latitude is not None


def test_unknown_name_is_kept_as_written():
    (claim,) = extract("Shelling killed 12 people in the town of Velmora.", "2024-05-17")
    assert (claim.place, claim.place_id, claim.country, claim.latitude) == ("Velmora", None, None, None)


def test_fold():
    assert fold("  Ma‘lūlā ") == "ma lula"


def test_demonyms_narrow_namesakes():
    (claim,) = extract("Clashes in Tripoli killed 4 people on Monday, Lebanese officials said.", "2024-05-17")
    assert (claim.place_name, claim.country) == ("Tripoli", "LB")
    assert claim.admin1 and claim.place_alternatives  # the Libyan Tripoli and others are kept as alternatives


@pytest.mark.parametrize(
    ("name", "country", "chain"),
    [
        ("Greece", "GR", "Greece"),  # the country, not the town of that name in New York
        ("China", "CN", "China"),
        ("Kenosha", "US", "Kenosha > Wisconsin > United States"),
        ("Kerala", "IN", "Kerala > India"),  # a first-level region (ISO 3166-2, pycountry)
        ("Surigao del Sur", "PH", "Surigao del Sur > Philippines"),  # a province below a region
        ("Magnitogorsk", "RU", "Magnitogorsk > Russia"),  # no region names ship for GeoNames codes
    ],
)
def test_places_resolve_with_their_chain(name, country, chain):
    resolved = resolve(Place(name, 2, 0), frozenset())
    assert resolved.country == country
    assert place_chain(resolved.name, resolved.resolved, resolved.admin1, resolved.country) == chain


def test_a_us_state_wins_over_the_country_in_a_us_story():
    claims = extract("Storms killed 3 people in Georgia, the United States weather service said.", "2024-05-17")
    assert [(c.place, c.country, c.admin1) for c in claims] == [("Georgia", "US", "US-GA")]
    claims = extract("Floods killed 3 people in Georgia, the Caucasus nation's ministry said.", "2024-05-17")
    assert [(c.place, c.country) for c in claims] == [("Georgia", "GE")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ebola has killed 2,000 in the Democratic Republic of the Congo.", "Democratic Republic of the Congo"),
        ("Three migrants died at America's border.", "America"),
        ("He was killed in the Afghanistan/Pakistan region.", "Afghanistan"),
    ],
)
def test_whole_names(text, name):
    assert find_places(text, 0, len(text))[0].name == name


def test_the_dateline_town_is_the_default_when_the_lead_names_no_place():
    text = "NAIROBI, Kenya (AP) — Gunmen killed 12 people on Monday, police said."
    assert [(c.place, c.country) for c in extract(text, "2024-05-17")] == [("Nairobi", "KE")]


def test_a_world_city_wins_over_a_village_of_its_name_in_a_named_country():
    claims = extract("A US tourist was among 3 people stabbed in London on Friday.", "2024-05-17")
    assert {(c.place, c.country) for c in claims} == {("London", "GB")}


def test_a_village_abroad_gives_way_to_the_name_as_written():
    # "Westgate" is a village in Canada, but a story of Kenya means the mall in Nairobi
    claims = extract("Gunmen killed 39 people at the Westgate mall in Kenya. The Westgate siege went on.",
                     "2024-05-17")
    assert {(c.place, c.country) for c in claims} != {("Westgate", "CA")}
    assert all(c.country != "CA" for c in claims)


def test_a_facility_is_no_building_of_a_village_that_shares_its_first_word():
    claims = extract("Two patients were admitted to Walter Reed Hospital in Bethesda.", "2024-05-17")
    assert all(c.place != "Walter" for c in claims)
