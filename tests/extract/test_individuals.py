"""Individual victims: one person whose outcome a sentence states (README, "Individual victims").

Rows are (sentence, expected individual claims as (figure, outcome, group)); count claims
of the same sentence are left out of the comparison unless a test says otherwise.
"""

from __future__ import annotations

import pytest

from tollbook.extract import extract


def people(text: str, published: str | None = "2024-03-12") -> list[tuple[str, str, str | None]]:
    return [(c.figure, c.outcome, c.group) for c in extract(text, published=published) if c.individual]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A policeman was shot dead in Tarsen on Monday.", [("A policeman", "killed", "police")]),
        ("The driver was injured when the lorry overturned.", [("The driver", "injured", "drivers")]),
        ("A 9-year-old girl was killed by a stray bullet.", [("A 9-year-old girl", "killed", "children")]),
        ("An elderly woman died in the blaze.", [("An elderly woman", "killed", "women")]),
        ("A security guard was also wounded.", [("A security guard", "injured", "security_guards")]),
        ("The gunman was shot dead by police.", [("The gunman", "killed", "attackers")]),
        ("A bystander was later hospitalised with burns.", [("A bystander", "injured", "bystanders")]),
        ("A 31-year-old man has been arrested on suspicion of murder.",
         [("A 31-year-old man", "detained", "men")]),
        ("A local teacher went missing after the flood.", [("A local teacher", "missing", "teachers")]),
        ("An aid worker was abducted near the border.", [("An aid worker", "captured", "aid_workers")]),
    ],
)
def test_subject_of_an_outcome(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Journalist Amal Rostami was killed in the shelling.", [("Amal Rostami", "killed", "journalists")]),
        ("Teodor Vasko, the owner of the bakery, was found dead on Tuesday.",
         [("Teodor Vasko", "killed", "owners")]),
        ("Mira Okonjo died of her injuries on Sunday.", [("Mira Okonjo", "killed", None)]),
        ("Nurse Elif Tandogan died of the virus in March.", [("Elif Tandogan", "killed", "health_workers")]),
        ("A bomb hit the port. The deceased sailor was identified as Pavel Rusu.", [("Pavel Rusu", "killed", "crew")]),
        ("Dario Menck, who was also killed in the raid, had joined the unit in May.",
         [("Dario Menck", "killed", None)]),
    ],
)
def test_named_persons(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bomb exploded near the checkpoint, killing a policeman.", [("a policeman", "killed", "police")]),
        ("Police arrested a 45-year-old man late on Friday.", [("a 45-year-old man", "detained", "men")]),
        ("The crash killed motorcyclist Ivo Brandt.", [("Ivo Brandt", "killed", "motorcyclists")]),
        ("The attacker killed a woman named Hana Dorsey and wounded a child.",
         [("Hana Dorsey", "killed", "women"), ("a child", "injured", "children")]),
        ("Gunmen kidnapped a priest and his driver overnight.",
         [("a priest", "captured", "priests"), ("his driver", "captured", "drivers")]),
        ("\"I lost my brother in the attack,\" said a shopkeeper.", [("my brother", "killed", None)]),
        ("A suicide bomber blew himself up at the gate.", [("A suicide bomber", "killed", "attackers")]),
    ],
)
def test_object_of_an_outcome(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The murder of the radio presenter Lena Hoff shocked the town.",
         [("Lena Hoff", "killed", "journalists")]),
        ("Protests followed the killing of a young farmer by soldiers.", [("a young farmer", "killed", "farmers")]),
        ("Karim's murder was condemned by the union.", [("Karim's", "killed", None)]),
        ("Rescuers carried the injured boy to an ambulance.", [("the injured boy", "injured", "children")]),
        ("Police questioned the arrested suspect overnight.", [("the arrested suspect", "detained", None)]),
    ],
)
def test_nouns_and_adjectives(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The virus killed two visitors in Orlan — a man from Tarsen who had tested positive, and another man "
         "from Velmora who was treated at home.",
         [("a man", "killed", "men"), ("another man", "killed", "men")]),
        ("Coastal 'Bird Man' killed by his own hawks", [("Bird Man", "killed", None)]),
        ("Lio Brandt, a photo- and videojournalist from Orlan, died in Tarsen after being shot in his car.",
         [("Lio Brandt", "killed", "journalists")]),
    ],
)
def test_lists_quotes_and_causes(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names in appositives and "identified as"
        ("The bus's driver, 61-year-old Oren Kasdan, was among those killed, the operator said.",
         [("Oren Kasdan", "killed", "drivers")]),
        ("Her partner, police officer Lina Dovra, was wounded in the arm.", [("Lina Dovra", "injured", "police")]),
        ("The body of a 40-year-old farmer, Tomas Ilve, was recovered on Friday.",
         [("a 40-year-old farmer, Tomas Ilve", "killed", "farmers")]),
        ("Officers detained the man, later identified as Piet Varo, near the station.",
         [("the man, later identified as Piet Varo", "detained", "men")]),
        # subjects with relative clauses, participles and coordinated verbs
        ("A man who drove the suspects to the square was arrested late on Friday.",
         [("A man", "detained", "men")]),
        ("A firefighter taking part in the search was injured when a wall fell.",
         [("A firefighter", "injured", "firefighters")]),
        ("A 30-year-old teacher was stabbed outside the school and died hours later.",
         [("A 30-year-old teacher", "killed", "teachers")]),
        ("A guard had been punched during the attack and was treated for minor injuries.",
         [("A guard", "injured", "guards")]),
        ("A child was among the dead, as was her mother.", [("A child", "killed", "children"), ("her mother", "killed", None)]),
        # verbs and objects
        ("Officers shot the attacker dead in the street.", [("the attacker", "killed", "attackers")]),
        ("The army said a rebel had been captured alive and was being questioned.",
         [("a rebel", "captured", "fighters")]),
        ("A reporter, Ana Lisk, was hit by a rubber bullet.", [("Ana Lisk", "injured", "journalists")]),
        ("The cook suffered burns to his hands.", [("The cook", "injured", "cooks")]),
        # headlines
        ("Rebels kidnap foreign aid worker in the north", [("foreign aid worker", "captured", "aid_workers")]),
        ("Floods in the delta: body of fisherman found, 7 missing", [("fisherman", "killed", "fishermen")]),
        ("Two soldiers, civilian killed in border clashes", [("civilian", "killed", "civilians")]),
        ("His co-driver survived with minor cuts.", [("His co-driver", "injured", "drivers")]),
        ("The two people killed were a barman, Teo Kask, 24, and a customer.",
         [("a barman, Teo Kask", "killed", "barmen"), ("a customer", "killed", "customers")]),
        ("Among those who died was a health worker, Ester Ndu, 29.",
         [("a health worker, Ester Ndu", "killed", "health_workers")]),
        ("The rebels ambushed the convoy, killing six soldiers and a civilian truck driver.",
         [("a civilian truck driver", "killed", "drivers")]),
        ("Nurse stabbed to death outside hospital; man arrested",
         [("Nurse", "killed", "health_workers"), ("man", "detained", "men")]),
    ],
)
def test_real_shapes(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A bomb hit the market. The victims were identified as Amar Tell, Rosa Ivo and a shopkeeper.",
         [("Amar Tell", "killed", None), ("Rosa Ivo", "killed", None), ("a shopkeeper", "killed", "shopkeepers")]),
        ("Among the dead were two soldiers on patrol and a trader, Ama Odu, 52, the army spokesman told reporters.",
         [("a trader, Ama Odu", "killed", "traders")]),
        ("Among the four killed in the blast were a student on her way home and a cleaner, Goran Vid, 56.",
         [("a student", "killed", "students"), ("a cleaner, Goran Vid", "killed", "cleaners")]),
        ("The dead were a bartender, Chloe Watt, 25, and an off-duty firefighter, Marc Bel, 38.",
         [("a bartender, Chloe Watt", "killed", "bartenders"),
          ("an off-duty firefighter, Marc Bel", "killed", "firefighters")]),
        ("Among the dead were Captain Jon Verk, 54, a former air force pilot, and First Officer Lea Sant, 29.",
         [("Jon Verk", "killed", "crew"), ("Lea Sant", "killed", "crew")]),
        ("Hana Lind was abducted on Monday together with driver Moss Keit and interpreter Ami Sow.",
         [("Hana Lind", "captured", None), ("Moss Keit", "captured", "drivers"), ("Ami Sow", "captured", "interpreters")]),
        ("Mayor of Hollen dies two days after being stabbed at charity fair",
         [("Mayor of Hollen", "killed", "officials")]),
        ("The mayor of the northern city of Hollen, Piet Aal, died in hospital after the stabbing.",
         [("Piet Aal", "killed", "officials")]),
        ("A woman on the ground was slightly injured by falling debris.",
         [("A woman on the ground", "injured", "women")]),
        ("A man shot dead his wife in the village before shooting himself dead, police said.",
         [("A man", "killed", "attackers"), ("his wife", "killed", None)]),
        ("A second keeper, Luis Pare, 45, was bitten on the arm.", [("Luis Pare", "injured", "keepers")]),
        ("The plane crashed on landing. Flight attendant Ami Hadd, 33, who also died, had swapped shifts.",
         [("Ami Hadd", "killed", "crew")]),
        ("The dead included the bus driver, Sel Ark, 49, a student on her way to an exam, and two officers.",
         [("the bus driver, Sel Ark", "killed", "drivers"), ("a student", "killed", "students")]),
        ("Among the wounded were a 6-year-old girl recovering from an operation and a man on dialysis.",
         [("a 6-year-old girl", "injured", "children"), ("a man", "injured", "men")]),
        ("Man shoots dead wife and two neighbours, then kills himself",
         [("Man", "killed", "attackers"), ("wife", "killed", None)]),
        ("The report describes the case of Dan Oka, a 16-year-old schoolboy who was arrested in March.",
         [("Dan Oka", "detained", "children")]),
        ("In the village of Terma, a schoolteacher was killed when a wall collapsed.",
         [("a schoolteacher", "killed", "teachers")]),
        ("The alleged death of Hamo was first reported in July after the raid.", [("Hamo", "killed", None)]),
        ("A bomb hit the town. Park Won-so's body was found on the mountain.", [("Park Won-so's", "killed", None)]),
        ("Two guards were killed, as were a prison nurse and a cook.",
         [("a prison nurse", "killed", "health_workers"), ("a cook", "killed", "cooks")]),
        ("Among the dead was a mother of three, Lena Orta.", [("Lena Orta", "killed", None)]),
        ("A boy who was trampled near gate C died in hospital overnight.", [("A boy", "killed", "children")]),
    ],
)
def test_more_real_shapes(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Train Collision Kills At Least 48, Injures More Than 200",
        "All 64 Aboard Killed As Airliner Crashes Near the Airport",
        "Armed men abducted 52 passengers, a spokesman for the railway said.",
        "In the attack on the bus station of the city Novo Brest died 30 people.",
        "Air Lorna has been hit by high fuel costs.",
        "Borussia Vell was beaten 5-0 by City on Saturday.",
        "Trade rules injure Canadian farmers, the minister said.",
        "The government wants people who can't arrest anyone.",
        "The attacker had disappeared by the time officers arrived.",
        "It is the third kidnapping of a foreigner in the region since October.",
        "It was the third journalist killed in the country this year.",
        # general news: titles, bodies, contests, natural deaths, places, releases
        "The remake was announced. Kill Bill director Oran Tesk had talked of taking on the project.",
        "He met future Grateful Dead guitarist Jem Garvo when both were in their teens.",
        "Who will the governing body of Rocky Forge answer to?",
        "Ada Pell won the award, beating stage designer Lina Orvo in the process.",
        "Conductor Ivo Marsh, director of the city's opera house, has died in Vienna at 50.",
        "His predecessor as chief executive, Jon Cantor, died suddenly of a heart attack in April.",
        "The actor Ossie Dane has been found dead at the age of 87.",
        "I don't think the Louvre is dead, the dealer said.",
        "The tribunal ruled that the imports were injuring Canadian corn growers.",
        "It was wrong to suggest that information on Dolorex was missing, the letter added.",
        "Casey, who underwent surgery for removal of a cancerous tumour in May, has resigned.",
        "She suffered a serious wrist injury and then announced her retirement.",
        "Former prime minister Lord Callow has died on the eve of his 93rd birthday.",
        "The film did well. Hotel Ruvenna was shot mostly in Velland, with some scenes made in Tarsk.",
        "The trial was delayed after a member of the star's legal team was hit by family illness.",
        "The film covers his life, including the death of his partner Anselmo Fell from Aids.",
        "The prop was recalled after Jules White suffered a neck injury which has seen him ruled out of the game.",
        "Robinson will be without an entire midfield, with Jon Wilk, Mike Tind and Will Green injured.",
        "Our two boys have lost their mother, he said.",
        "A laboratory technician at the hospital is in critical condition with the disease.",
        "Two engineers from Marvast abducted in November are still held.",
        "The president was taken ill on Saturday and taken to hospital.",
        "Her career has been hit by a series of injuries.",
    ],
)
def test_no_individual_in_real_shapes(text):
    assert people(text) == []


def test_including_lists_are_parts_of_their_total():
    text = "The fire killed three people, including a 70-year-old man, and injured 12, including a baby."
    claims = extract(text, published="2024-03-12")
    by_figure = {c.figure: c for c in claims}
    assert [(c.figure, c.individual) for c in claims] == [
        ("three", False), ("a 70-year-old man", True), ("12", False), ("a baby", True)]
    assert by_figure["a 70-year-old man"].part_of == by_figure["three"].id
    assert by_figure["a baby"].part_of == by_figure["12"].id
    assert by_figure["a baby"].outcome == "injured"
    assert (by_figure["a baby"].low, by_figure["a baby"].high) == (1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Among the dead were the pilot and the co-pilot.",
         [("the pilot", "killed", "crew"), ("the co-pilot", "killed", "crew")]),
        ("Four people and a dog were hurt, police said.", []),
        ("Three girls and a boy were taken to hospital.", [("a boy", "injured", "children")]),
        ("A 45-year-old woman and her two children were killed.", [("A 45-year-old woman", "killed", "women")]),
        ("A soldier and two civilians were wounded.", [("A soldier", "injured", "soldiers")]),
        ("A woman and her son were killed when the roof fell.",
         [("A woman", "killed", "women"), ("her son", "killed", None)]),
    ],
)
def test_coordinated_persons(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The actor died of cancer at his home in Lisbon.",
        "Former mayor Ruth Kessel died peacefully at the age of 91.",
        "The singer died at 84, his family said.",
        "Nobody was hurt and the driver escaped unhurt.",
        "The man was not injured in the collision.",
        "The rebels threatened to kill a hostage.",
        "The striker injured his hamstring in training and misses the cup match.",
        "Police shot dead two gunmen.",  # a count, not an individual
        "One soldier was killed.",
        "The suspect was released without charge.",
        "The warehouse was destroyed and the owner's car was damaged.",
        "Hundreds of Taliban fighters were killed, officials said.",
        "Critics said the new law would kill the industry.",
        "The villain was killed off in the final episode.",
    ],
)
def test_no_individual(text):
    assert people(text) == []


def test_a_pronoun_is_a_claim_only_as_the_one_statement_of_that_outcome():
    alone = "The blast hit the market at noon. He was killed instantly, his brother said."
    assert people(alone) == [("He", "killed", None)]
    named = "A shopkeeper, Ilan Veres, was killed in the blast. He died instantly, his brother said."
    assert people(named) == [("Ilan Veres", "killed", "shopkeepers")]


def test_an_obituary_is_no_claim():
    text = ("Writer Oskar Lind dies\n\nOskar Lind, who wrote twelve novels about the northern coast, "
            "died on Sunday. He had been in hospital since May.")
    assert extract(text, published="2024-03-12") == []


def test_individual_bounds_and_flag():
    claim = next(c for c in extract("A paramedic was injured in the second blast.") if c.individual)
    assert (claim.low, claim.high, claim.qualifier, claim.individual) == (1, 1, "exact", True)
    assert claim.to_dict()["individual"] is True


def test_readme_example():
    # the paragraph of README.md, "Individual victims"; keep the two in step
    text = ("A bomb exploded at the Tarsen bus station on Monday, killing a police officer and wounding 14 "
            "people. Journalist Amal Rostami, who was waiting for a bus, died in hospital. The suspected bomber, "
            "a 25-year-old man, was arrested on Tuesday.")
    assert [(c.figure, c.individual, c.outcome, c.group, c.low, c.high) for c in extract(text)] == [
        ("a police officer", True, "killed", "police", 1, 1),
        ("14", False, "injured", None, 14, 14),
        ("Amal Rostami", True, "killed", "journalists", 1, 1),
        ("The suspected bomber", True, "detained", None, 1, 1),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a harm a person sustained, fatal or not
        ("The cook sustained a deep stab wound to his arm.", [("The cook", "injured", "cooks")]),
        ("Irma Solt suffered severe head injuries in the collision.", [("Irma Solt", "injured", None)]),
        ("The driver suffered fatal injuries in the crash.", [("The driver", "killed", "drivers")]),
        ("The company suffered heavy losses in the storm.", []),
        # a place in a series names the person and the outcome; the place alone names no one
        ("Ilse Vara is the third journalist killed in the country this year.",
         [("Ilse Vara", "killed", "journalists")]),
        ("Pia Lund became the first tourist to die of the fever.", [("Pia Lund", "killed", "tourists")]),
        # "one of the dead" named: the one is an individual victim, no count of its own
        ("One of the dead gunmen was identified on Sunday as Oren Kask, 23, police said.",
         [("Oren Kask", "killed", "attackers")]),
        # the list ends with the item after "and"; a speaker after it is no item
        ("The dead were a cook, a waiter, Ada Fenn, 25, and a guard, Ivo Berk, 38, who was shot at the door, "
         "Chief of Police Rosa Lint said.",
         [("a cook", "killed", "cooks"), ("a waiter, Ada Fenn", "killed", "waiters"),
          ("a guard, Ivo Berk", "killed", "guards")]),
        ("The dead included a farmer who drowned in the river, and a bus driver and his wife.",
         [("a farmer", "killed", "farmers"), ("a bus driver", "killed", "drivers"), ("his wife", "killed", None)]),
        # "found dead at home" may be a killing; an age alone makes it natural (above)
        ("Shots were heard overnight. A woman was found dead at her home on Monday.",
         [("A woman", "killed", "women")]),
        ("The crowd turned on the car. The mob beat a driver to death.", [("a driver", "killed", "drivers")]),
        # an aside is no subject; a release later in the sentence undoes an arrest
        ("During the outbreak, Ivo Cain, who, like Marten, ran for office, died from COVID-19.",
         [("Ivo Cain", "killed", None)]),
        # an arrest stands when the person is later bailed or was unhurt (the labelled sets agree)
        ("Police said Oren Brawl was arrested at his hotel but released without charge.",
         [("Oren Brawl", "detained", None)]),
        ("A 19-year-old man from Dorling was arrested by the cyber crime unit but has been bailed.",
         [("A 19-year-old man from Dorling", "detained", "men")]),
        ("The scooter hit a wall. Its 17-year-old rider was arrested and was unhurt, police said.",
         [("Its 17-year-old rider", "detained", "riders")]),
        # taken to a hospital by name, found with wounds, a cut
        ("The road was shut. His passenger was airlifted to Wendmoor General Hospital.",
         [("His passenger", "injured", "passengers")]),
        ("The victim was found with stab wounds to his back, police said.", [("The victim", "injured", None)]),
        ("A 20-year-old man suffered a cut to his hand during the fight.", [("A 20-year-old man", "injured", "men")]),
        ("The mayor was taken to the hospital's new wing for a ceremony.", []),
        # "the deceased has been named (locally) as X"; volunteers keep their own plural
        ("The road was shut. The deceased has been named locally as Dan Okoro, a chef at the mill.",
         [("Dan Okoro", "killed", "chefs")]),
        ("A coastguard volunteer was treated for hypothermia after the search.",
         [("A coastguard volunteer", "injured", "volunteers")]),
        # an appositive list of a count's members; a speaker's clause is not the subject's
        ("The seven victims, six men and a 16-year-old boy, died of suffocation.",
         [("a 16-year-old boy", "killed", "children")]),
        ("A man who was filming the disorder on his phone was struck by a brick.", [("A man", "injured", "men")]),
        ("A commander who gave his name as Tarek said the captured soldiers were safe and being treated well.", []),
        ("A 31-year-old man who police say sold him the gun was arrested on Monday.",
         [("A 31-year-old man", "detained", "men")]),
        # translated word order; the size of a family is no other person
        ('The shells hit a bus stop. "Died a woman of 1968 year of birth, a man and a boy of 12 years.',
         [("a woman", "killed", "women"), ("a man", "killed", "men"), ("a boy", "killed", "children")]),
        ("The block fell. Today was detained the director of the managing company, the department said.",
         [("the director", "detained", "directors")]),
        ("The deceased has been named as Dan Okoro, a chef at the mill and a father of two.",
         [("Dan Okoro", "killed", "chefs")]),
        # a pronoun stands for the person named before it in the sentence, not for its subject
        ("It was a fire. Crews brought the woman out of the house, but she was pronounced dead at the scene.",
         [("the woman", "killed", "women")]),
        ("Boy, 13, drowns in Lake Orven\n\nA 13-year-old boy has drowned.",
         [("Boy", "killed", "children"), ("A 13-year-old boy", "killed", "children")]),
        # an object pronoun's antecedent; a thing is none; rescued alive but treated; an appositive list
        ("The bus overturned. Police opened a case against the driver and detained him for questioning.",
         [("the driver", "detained", "drivers")]),
        ("Men confronted him; one sprayed Kane with a fire extinguisher, others struck him with their fists.", []),
        ("The house fell. A baby boy was rescued alive and flown to Tarsk for treatment of injuries.",
         [("A baby boy", "injured", "children")]),
        ("Shots rang out. The injured teenagers, three girls and a boy between the ages of 14 and 18, were "
         "hospitalized.", [("a boy", "injured", "children")]),
        ("Ivo Tamm, the prime minister, died today at 10:00 a.m. local time (2100 UTC, yesterday) at the age of 78.",
         []),
        # "one of them" described or named: the person, and no count of one beside
        ("The blast hit a bus. One of them, a 70-year-old man, died overnight.",
         [("a 70-year-old man", "killed", "men")]),
        ("A riot broke out. One inmate, identified as Rafael Sosa, was shot dead by a guard, she said.",
         [("Rafael Sosa", "killed", "inmates")]),
        # a quoted predicate
        ('The movement declared that Omar Dalil was "martyred" in the strike.', [("Omar Dalil", "killed", None)]),
        # the subject of a clause before "and was ...", over a verb of any form
        ("A nurse ran to help and was shot in the leg.", [("A nurse", "injured", "health_workers")]),
        ("A witness saw the gunman and was later interviewed.", []),
        # the name a relative clause hangs on
        ("Tomas, who works at the hall as a cook, having armed himself, joined the chase and sustained a stab wound "
         "to his hand.",
         [("Tomas", "injured", "cooks")]),
        # headlines in the present tense; "had minor injuries"; the one left after a count
        ("Police shoot man dead in Kelso", [("man", "killed", "men")]),
        ("Soldiers shoot teenage protester in Varna", [("teenage protester", "injured", "protesters")]),
        ("The driver had minor injuries, police said.", [("The driver", "injured", "drivers")]),
        ("Two soldiers were killed and the third was a civilian.", [("a civilian", "killed", "civilians")]),
        # a condition however worded or quoted; a thing in poor condition is no one
        ("The pilot was in critical yet stable condition.", [("The pilot", "injured", "crew")]),
        ("The other woman was in 'not life-threatening' condition.", [("The other woman", "injured", "women")]),
        ("The bridge was in poor condition.", []),
        ("The officer spoke on condition of anonymity.", []),
        # "identified only as X": the description and the name
        ("A baby boy, identified only as Pavel, was rescued alive and flown to Varna for treatment of injuries.",
         [("A baby boy, identified only as Pavel", "injured", "children")]),
    ],
)
def test_harm_quotes_and_clause_subjects(text, expected):
    assert people(text) == expected
