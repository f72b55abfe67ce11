"""Claimants on real sentence shapes: a claimant is a speaker, never a fragment (extract/claimants.py)."""

from __future__ import annotations

import pytest

from tollbook import extract
from tollbook.extract.claimants import resolve, speaker


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("the provincial health ministry", "the provincial health ministry"),
        ("a police official", "a police official"),
        ("the ministry of health", "the ministry of health"),
        ("Imre Castell", "Imre Castell"),
        ("local media to have visited the hospital", "local media"),
        ("Veska further", "Veska"),
        ("police later", "police"),
        ("Another report from the Orlan government", "the Orlan government"),
        ("a doctor who asked not to be named", "a doctor"),
        ("This", None),
        ("Some", None),
        ("where the", None),
        ("Our rough", None),
        ("the widely", None),
        ("On Saturday morning", None),
        ("In addition to the deaths", None),
        ("the total", None),
        ("He said he did not", None),
        ("yesterday", None),
        ("", None),
        ("Emergencies Minister Olek Varn of", "Emergencies Minister Olek Varn"),
        ("On Thursday officials", "officials"),
        ("struck southern Veska", None),
        ("com reported its source", None),
        ("armed forces", "armed forces"),
        ("early reports", "early reports"),
        ("According", None),
        ("According to the official WHO report", "the official WHO report"),
    ],
)
def test_speaker(raw, expected):
    assert speaker(raw) == expected


@pytest.mark.parametrize(
    ("source", "earlier", "text", "expected"),
    [
        ("Mr. Varsk", [], "District magistrate Anil Varsk said the road was closed. Mr. Varsk said", "Anil Varsk"),
        ("Varsk", ["magistrate Anil Varsk"], "", "magistrate Anil Varsk"),
        ("the agency", ["the National Flood Response Agency"], "", "the National Flood Response Agency"),
        ("the agency", ["the National Flood Response Agency", "the Coastal Relief Agency"], "", "the agency"),
        ("the ministry", [], "", "the ministry"),
        ("the agency", [], "Rains hit the coast, the National Flood Response Agency (NFRA) said. Later ",
         "the National Flood Response Agency"),
        ("the agency", [], "The Coastal Agency and the Inland Agency met. Later ", "the agency"),
    ],
)
def test_resolve(source, earlier, text, expected):
    assert resolve(source, text, len(text), earlier) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Wednesday the tremor left five dead and, by early reports, at least 30 injured.",
         [("five", None), ("at least 30", "early reports")]),
        ("Deputy governor Ilya Marek indicated 68 people were missing.", [("68", "Deputy governor Ilya Marek")]),
        ("Lornia accused the rebels of killing at least 21 villagers.", [("at least 21", "Lornia")]),
        ("Some estimated death tolls exceeded 100, officials said.", [("exceeded 100", "officials")]),
        ("This revised downwards an earlier toll of 27 dead.", [("27", None)]),
        ("On Saturday morning, 12 people were killed in the raid.", [("12", None)]),
        ("The Hill Front, the armed group that holds the ridge, blamed the air force and put the toll at 56.",
         [("56", "The Hill Front")]),
        ("Thousands of residents are affected by floods, the Red Crescent said, citing reports from its teams.",
         [("Thousands", "the Red Crescent")]),
        ("Hospital officials in Ubrin tell our reporter that scores of injured people are being treated.",
         [("scores", "Hospital officials in Ubrin")]),
        ("In the attack died 30 people, informed the press service of the ministry.",
         [("30", "the press service of the ministry")]),
        ("By the data of the ministry, the dead are: children 6, women 9.",
         [("6", "the ministry"), ("9", "the ministry")]),
        ("Transport ministry figures show that 1,312 people died on the roads last year.",
         [("1,312", "Transport ministry")]),
        ("The bureau said approximately 1,450 more deaths than usual were recorded.",
         [("approximately 1,450", "The bureau")]),
        ("The health ministry's own count stands at 212 confirmed heat deaths.",
         [("212", "The health ministry's own")]),
        ("By some accounts, more than 1,000 people have died since June.", [("more than 1,000", "some accounts")]),
        ("A boy died in hospital overnight after the crush, his school said.", [("A boy", "his school")]),
        ("Some death tolls, provided anonymously by officials to reporters, exceeded 100.",
         [("exceeded 100", "officials")]),
        ("The disaster council of Veska increased the previous death toll to six.",
         [("six", "The disaster council of Veska")]),
        ("The toll rose to 22 people on Monday, reported officials, with 25 others injured.",
         [("22", "officials"), ("25", "officials")]),
        ("Two bombs killed 20 people. The deceased sailor was identified as Pavel Rusu by a coast guard spokesperson.",
         [("20", None), ("Pavel Rusu", "a coast guard spokesperson")]),
        # a speaker in a relative clause tells of what follows; a disaster claims no lives as a speaker
        ("Four people died and 40 were injured in the blast, which the governor said was an attack on her.",
         [("Four", None), ("40", None)]),
        ("The blast, which police said killed 12 people, hit the market.", [("12", "police")]),
        ("One inmate, identified as Rafael Sosa, was shot dead by a guard as he climbed the wall, she said.",
         [("Rafael Sosa", None)]),
        ("The country will honour its debt after the tremor which claimed at least 300 lives.",
         [("at least 300", None)]),
        # over a relative clause between the claimant and its verb; an inverted speaker still wins
        ("The Border Guard Service, which runs the crossing, declared that four guards were killed.",
         [("four", "The Border Guard Service")]),
        ("Among the dead is nurse Dara Imbo, 27, who treated him at the clinic, said Health Minister Lenn Oduya.",
         [("Dara Imbo", "Health Minister Lenn Oduya")]),
        # a quotation opened in an earlier sentence goes on; "made the following announcement"
        ('The ministry said on Monday: "Cases are rising. To date, 53 deaths have been recorded."',
         [("53", "The ministry")]),
        ('The agency made the following announcement: "Twelve people have died."', [("Twelve", "The agency")]),
        # "the report prepared for X" is the report, and the report is its author's
        ("A Kenya Red Cross report says 76 people were killed. Of those, 119 people were missing, says the "
         "report prepared for its global network.", [("76", "Kenya Red Cross"), ("119", "Kenya Red Cross")]),
        # a possessor's contention claims what follows it
        ("The Red Cross counted 39 missing, against the government's contention that no one is missing.",
         [("39", "The Red Cross"), ("no one", "the government")]),
        # "stood by its toll"
        ("The disaster agency stood by its latest death toll of 131.", [("131", "The disaster agency")]),
        # a claimant in brackets for its own figure
        ("The government confirmed that 62 people (the Red Cross put it at 69) had been killed.",
         [("62", "The government"), ("69", "the Red Cross")]),
        ('The ministry said on Monday: "Cases are rising." Later, 53 deaths were recorded.', [("53", None)]),
    ],
)
def test_claimant_in_sentence(text, expected):
    assert [(c.figure, c.source) for c in extract(text)] == expected
