"""Binding figures to outcome, group and total (tollbook.extract.claims), end to end.

Each row: a sentence of our own and the claims expected from it, as
(figure, outcome, group, low, high, part_of figure or None).
"""

import pytest

from tollbook import extract


def table(text, published=None):
    claims = extract(text, published)
    by_id = {c.id: c for c in claims}
    return [
        (c.figure, c.outcome, c.group, c.low, c.high, by_id[c.part_of].figure if c.part_of else None)
        for c in claims
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soldiers shot dead 14 villagers in Karmelo on Sunday.", [("14", "killed", None, 14, 14, None)]),
        ("The blast killed at least 8 firefighters and injured 21 bystanders.",
         [("at least 8", "killed", "firefighters", 8, None, None), ("21", "injured", "bystanders", 21, 21, None)]),
        ("Gunmen abduct 30 pupils from a school in Torvi.", [("30", "captured", "pupils", 30, 30, None)]),
        ("Police arrested 150 or more people overnight.", [("150 or more", "detained", None, 150, None, None)]),
        ("Rescue crews evacuated some 2,000 residents.", [("some 2,000", "evacuated", None, 1800, 2200, None)]),
        ("The cyclone killing 40 fishermen and injuring 12.",
         [("40", "killed", "fishermen", 40, 40, None), ("12", "injured", "fishermen", 12, 12, None)]),
        ("The rebels killed 9 and wounded 31 in the raid.",
         [("9", "killed", None, 9, 9, None), ("31", "injured", None, 31, 31, None)]),
        # Title Case headlines
        ("Car Bomb Kills At Least 23 In Central Market", [("At Least 23", "killed", None, 23, None, None)]),
        ("Quake Toll Climbs Past 300 In Highland Villages", [("Past 300", "killed", None, 301, None, None)]),
        ("Coastguard Recovers 27 Bodies Off Marsa Coast", [("27", "killed", None, 27, 27, None)]),
        ("Chlorine Leak Sends Hundreds To Hospital", [("Hundreds", "injured", None, 200, 999, None)]),
        ("Militants Ambush Army Convoy, Killing 17 Soldiers", [("17", "killed", "soldiers", 17, 17, None)]),
    ],
)
def test_active_voice(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 60 people have died and more than 100 are missing after the floods.",
         [("At least 60", "killed", None, 60, None, None), ("more than 100", "missing", None, 101, None, None)]),
        ("Two journalists were kidnapped near the border.", [("Two", "captured", "journalists", 2, 2, None)]),
        ("Around 70,000 people fled their homes as the army advanced.",
         [("Around 70,000", "displaced", None, 63000, 77000, None)]),
        ("Nineteen people were killed and dozens injured in the crash.",
         [("Nineteen", "killed", None, 19, 19, None), ("dozens", "injured", None, 24, 99, None)]),
        ("Between 100 and 120 migrants are feared dead.",
         [("Between 100 and 120", "killed", "migrants", 100, 120, None)]),
        ("About 50 people were still trapped inside the building.",
         [("About 50", "missing", None, 45, 55, None)]),
        ("Some 900 families have been left homeless.", [("Some 900", "displaced", "families", 810, 990, None)]),
        ("Close to 80 children have lost both parents.", [("Close to 80", "orphaned", "children", 72, 79, None)]),
        ("An estimated 3 million people have been affected by the drought.",
         [("An estimated 3 million", "affected", None, 2_700_000, 3_300_000, None)]),
        ("Some 400 people have been moved to relief camps.",
         [("Some 400", "evacuated", None, 360, 440, None)]),
        ("Eleven workers were treated for burns.", [("Eleven", "injured", "workers", 11, 11, None)]),
        ("Medics treated at least 85 marchers for tear gas inhalation.",
         [("at least 85", "injured", "protesters", 85, None, None)]),
        ("Around 300 families have since fled toward the border.",
         [("Around 300", "displaced", "families", 270, 330, None)]),
        ("Heavy rains have affected an estimated 145,000 people across six districts.",
         [("an estimated 145,000", "affected", None, 130500, 159500, None)]),
        ("Water burst into the pit, trapping 129 men underground.", [("129", "missing", "men", 129, 129, None)]),
        ("Nearly 20,000 people are sleeping in tents.", [("Nearly 20,000", "displaced", None, 18000, 19999, None)]),
        ("Another 16 remain on ventilators.", [("16", "injured", None, 16, 16, None)]),
        ("Forty-three people are still listed as missing.", [("Forty-three", "missing", None, 43, 43, None)]),
        ("The group said it had lost \"no more than ten\" of its fighters.",
         [("no more than ten", "killed", "fighters", 0, 10, None)]),
        ("The army put rebel losses at 50-60.", [("50-60", "killed", "fighters", 50, 60, None)]),
        ("Heatwave Deaths Rise To 63 In Southern Ardunia", [("63", "killed", None, 63, 63, None)]),
        ("On Sunday it reported 96 deaths, a figure that rose to 187 on Monday.",
         [("96", "killed", None, 96, 96, None), ("187", "killed", None, 187, 187, None)]),
        ("Some 11,200 people are staying in 64 evacuation centres.",
         [("Some 11,200", "evacuated", None, 10080, 12320, None)]),
        ("About 95,000 took refuge in evacuation centres.", [("About 95,000", "evacuated", None, 85500, 104500, None)]),
        ("Around 3,000 residents living within 2 km of the plant were evacuated.",
         [("Around 3,000", "evacuated", None, 2700, 3300, None)]),
        ("Up to 20 others may still be missing.", [("Up to 20", "missing", None, 0, 20, None)]),
        ("A further 18 villagers were never found.", [("18", "missing", None, 18, 18, None)]),
        ("No one aboard the freight train was hurt.", [("No one", "injured", None, 0, 0, None)]),
        ("Health partners report 156 conflict-related deaths, including 37 deaths among children.",
         [("156", "killed", None, 156, 156, None), ("37", "killed", "children", 37, 37, "156")]),
        ("Twelve people, both adults and teenagers, were taken to hospital.",
         [("Twelve", "injured", None, 12, 12, None)]),
    ],
)
def test_passive_and_intransitive(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The clashes left 7 soldiers and 12 militants dead.",
         [("7", "killed", "soldiers", 7, 7, None), ("12", "killed", "fighters", 12, 12, None)]),
        ("Six soldiers and 20 rebels died in the fighting.",
         [("Six", "killed", "soldiers", 6, 6, None), ("20", "killed", "fighters", 20, 20, None)]),
        ("The storm left 3,400 people homeless and 17 dead.",
         [("3,400", "displaced", None, 3400, 3400, None), ("17", "killed", None, 17, 17, None)]),
        ("The toll stands at 58 dead and 130 wounded.",
         [("58", "killed", None, 58, 58, None), ("130", "injured", None, 130, 130, None)]),
        ("Health officials reported 45 deaths and 310 hospitalisations.",
         [("45", "killed", None, 45, 45, None), ("310", "injured", None, 310, 310, None)]),
        ("Seven people (five adults and two children) died in the fire.",
         [("Seven", "killed", None, 7, 7, None), ("five", "killed", "adults", 5, 5, None),
          ("two", "killed", "children", 2, 2, None)]),
        ("Two soldiers were killed and four wounded by a roadside bomb.",
         [("Two", "killed", "soldiers", 2, 2, None), ("four", "injured", "soldiers", 4, 4, None)]),
        ("The quake left more than 1.5 million people in need of humanitarian assistance.",
         [("more than 1.5 million", "affected", None, 1_500_001, None, None)]),
        ("Army says 15 officers were shot dead and almost 40 were wounded.",
         [("15", "killed", "police", 15, 15, None), ("almost 40", "injured", "police", 36, 39, None)]),
    ],
)
def test_lists(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eleven people, including six schoolchildren, were killed in the blast.",
         [("Eleven", "killed", None, 11, 11, None), ("six", "killed", "children", 6, 6, "Eleven")]),
        ("At least 19 people, 12 of them children, have died.",
         [("At least 19", "killed", None, 19, None, None), ("12", "killed", "children", 12, 12, "At least 19")]),
        ("The army said it lost nine of its own soldiers.", [("nine", "killed", "soldiers", 9, 9, None)]),
        ("Among the dead were 8 candidates and 14 journalists.",
         [("8", "killed", "candidates", 8, 8, None), ("14", "killed", "journalists", 14, 14, None)]),
        ("Police have detained 4 stadium stewards.", [("4", "detained", "stewards", 4, 4, None)]),
        ("Some 64 hostages were freed, but 9 were killed by the attackers.",
         [("9", "killed", "hostages", 9, 9, None)]),
        ("Another 23 villagers were missing, of whom 6 were believed to be children.",
         [("23", "missing", None, 23, 23, None), ("6", "missing", "children", 6, 6, "23")]),
        ("Police detained 32 demonstrators, including 6 minors.",
         [("32", "detained", "protesters", 32, 32, None), ("6", "detained", "children", 6, 6, "32")]),
        ("Eight people were killed, three of them women, when a truck hit the crowd.",
         [("Eight", "killed", None, 8, 8, None), ("three", "killed", "women", 3, 3, "Eight")]),
        ("Eleven people were hurt, two of them seriously.",
         [("Eleven", "injured", None, 11, 11, None), ("two", "injured", None, 2, 2, "Eleven")]),
        ("The hospital received 73 injured people, 12 of whom later died.",
         [("73", "injured", None, 73, 73, None), ("12", "killed", None, 12, 12, "73")]),
        ("Six of the 40 wounded remain in intensive care.",
         [("Six", "injured", None, 6, 6, "40"), ("40", "injured", None, 40, 40, None)]),
        ("Four Britons were among the 30 tourists injured in the crash.",
         [("Four", "injured", None, 4, 4, "30"), ("30", "injured", "tourists", 30, 30, None)]),
        ("It said 60 people were killed, including 41 children, 20 women and 9 elderly people.",
         [("60", "killed", None, 60, 60, None), ("41", "killed", "children", 41, 41, "60"),
          ("20", "killed", "women", 20, 20, "60"), ("9", "killed", "elderly", 9, 9, "60")]),
        ("Officials said 12 people were hurt, including four children, three women and two men.",
         [("12", "injured", None, 12, 12, None), ("four", "injured", "children", 4, 4, "12"),
          ("three", "injured", "women", 3, 3, "12"), ("two", "injured", "men", 2, 2, "12")]),
        ("The bombing killed 12, including three children, and wounded dozens more.",
         [("12", "killed", None, 12, 12, None), ("three", "killed", "children", 3, 3, "12"),
          ("dozens", "injured", None, 24, 99, None)]),
        ("A flood killed 31 people in Dorra. Among the dead were 10 children and 4 women.",
         [("31", "killed", None, 31, 31, None), ("10", "killed", "children", 10, 10, "31"),
          ("4", "killed", "women", 4, 4, "31")]),
        ("Of the 500 people injured, 120 were children.",
         [("500", "injured", None, 500, 500, None), ("120", "injured", "children", 120, 120, "500")]),
        ("Four men reached the surface. Three of those four were taken to hospital.",
         [("Three", "injured", None, 3, 3, None)]),
        ("Twenty-two people died in the attack. Among them were six children.",
         [("Twenty-two", "killed", None, 22, 22, None), ("six", "killed", "children", 6, 6, "Twenty-two")]),
        ("Police arrested 40 people. Of these, 12 were women.",
         [("40", "detained", None, 40, 40, None), ("12", "detained", "women", 12, 12, "40")]),
        ("At least 30 people were killed. They included 11 children.",
         [("At least 30", "killed", None, 30, None, None), ("11", "killed", "children", 11, 11, "At least 30")]),
        ("Militias took 80 people hostage. The hostages include 20 children.",
         [("80", "captured", None, 80, 80, None), ("20", "captured", "children", 20, 20, "80")]),
    ],
)
def test_part_of(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll rose to 54 on Monday, up from 39.",
         [("54", "killed", None, 54, 54, None), ("39", "killed", None, 39, 39, None)]),
        ("Medics put the toll at nearly 200.", [("nearly 200", "killed", None, 180, 199, None)]),
        ("The ministry put the number of dead at 204 and the number of injured at over 1,100.",
         [("204", "killed", None, 204, 204, None), ("over 1,100", "injured", None, 1101, None, None)]),
        ("Officials put the civilian death toll at 900.", [("900", "killed", "civilians", 900, 900, None)]),
        ("Officials confirmed 3 deaths, bringing the toll to 27.",
         [("3", "killed", None, 3, 3, None), ("27", "killed", None, 27, 27, None)]),
        ("Fewer than 20 sailors remain missing, down from more than 60 on Friday.",
         [("Fewer than 20", "missing", "crew", 0, 19, None), ("more than 60", "missing", "crew", 61, None, None)]),
        ("The fires have claimed 2,400 lives.", [("2,400", "killed", None, 2400, 2400, None)]),
        ("The 1992 massacre of more than 800 villagers is remembered today.",
         [("more than 800", "killed", None, 801, None, None)]),
        ("The coast guard recovered the bodies of 13 migrants.",
         [("13", "killed", "migrants", 13, 13, None)]),
        ("The number of confirmed deaths has climbed to 1,021.", [("1,021", "killed", None, 1021, 1021, None)]),
        ("Local officials said 18 people died in Kalo and another 7 in Bira.",
         [("18", "killed", None, 18, 18, None), ("7", "killed", None, 7, 7, None)]),
        ("At least 40 died in the north, 12 in the south.",
         [("At least 40", "killed", None, 40, None, None), ("12", "killed", None, 12, 12, None)]),
    ],
)
def test_tolls_and_updates(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No one was killed in the fire.", [("No one", "killed", None, 0, 0, None)]),
        ("Nobody was injured in the incident.", [("Nobody", "injured", None, 0, 0, None)]),
        ("None of the crew was hurt.", [("None", "injured", "crew", 0, 0, None)]),
        ("The storm caused no deaths.", [("no", "killed", None, 0, 0, None)]),
        ("No casualties were reported.", [("No", "casualties", None, 0, 0, None)]),
        ("Nobody had been arrested by Friday.", [("Nobody", "detained", None, 0, 0, None)]),
    ],
)
def test_negation(text, expected):
    assert table(text) == expected
    assert all(c.negated for c in extract(text))


@pytest.mark.parametrize(
    "text",
    [
        "Over 1,000 mourners attended the funeral.",
        "About 40 gunmen stormed the village.",
        "Rescuers pulled 9 people alive from the rubble.",
        "Coast guards rescued 61 survivors.",
        "The militia freed all 19 hostages on Tuesday.",
        "The explosion damaged 40 homes and three schools.",
        "Two helicopters and 11 ambulances were sent to the scene.",
        "The ship had 212 passengers and 38 crew on board.",
        "About 600 people were inside the building.",
        "The company employs 4,000 workers across 12 sites.",
        "The 2015 earthquake was the worst in a decade.",
        "He has commanded the 1996-built ship for 12 years.",
        "The government pledged $450 million in aid to 5 provinces.",
        "Rainfall was 187% above the 30-year average.",
        "The 5th brigade marched on the 40th anniversary.",
        "Shares in the company lost 12 pct and the bank lost 300 mln dlrs.",
        "The social democrats lost one seat and now hold 56.",
        "Nobody has claimed responsibility for the attack.",
        "Syria halted battles at two refugee camps.",
        "Families were moved to 64 evacuation centres.",
        "In 2020, a blast at a bakery two streets away damaged a school.",
        "We have had no contact with the abducted team since Saturday.",
        "Eleven students who managed to flee were found hiding in a forest.",
        "Production of the new Audi 90 will not affect earnings.",
        "Officials at the two bodies generating income for the crown will be questioned.",
        "Police estimated that 120,000 devotees had gathered.",
    ],
)
def test_distractors(text):
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police arrested 47 people, and 12 of them were released without charge.",
         [("47", "detained", None, 47, 47, None)]),
        ("Troops killed 27 rebels, while scores more fled into the hills.",
         [("27", "killed", "fighters", 27, 27, None)]),
        ("Militants freed 48 people, among them nine children, and killed 7 others.",
         [("7", "killed", None, 7, 7, None)]),
    ],
)
def test_people_without_outcome_are_left_out(text, expected):
    assert table(text) == expected
