"""Sentence shapes of real reporting (issue: claims on real news, point 4), sentences of our own.

Rows: (sentence, expected claims as (figure, outcome, group, low, high, part_of figure)).
"""

from __future__ import annotations

import pytest

from tollbook import extract


def table(text, published=None):
    claims = [c for c in extract(text, published) if not c.individual]
    by_id = {c.id: c for c in extract(text, published)}
    return [(c.figure, c.outcome, c.group, c.low, c.high, by_id[c.part_of].figure if c.part_of else None)
            for c in claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an enumeration of the dead: the list itself, no parts of an earlier total
        ("The confirmed deaths are fourteen civilians, five army personnel, and one member of the coast guard.",
         [("fourteen", "killed", "civilians", 14, 14, None), ("five", "killed", "soldiers", 5, 5, None),
          ("one", "killed", "coast_guard", 1, 1, None)]),
        # "as were", "two each from A and B": one figure, two claims
        ("Ninety civilians were wounded, as were seventeen from the armed forces, and two each from the "
         "coast guard and the national police.",
         [("Ninety", "injured", "civilians", 90, 90, None), ("seventeen", "injured", "soldiers", 17, 17, None),
          ("two", "injured", "coast_guard", 2, 2, None), ("two", "injured", "police", 2, 2, None)]),
        # a range is one claim; an update is two
        ("Estimates of the dead ranged from 226 to 381.", [("from 226 to 381", "killed", None, 226, 381, None)]),
        ("The raid killed 226 to 381 people.", [("226 to 381", "killed", None, 226, 381, None)]),
        ("The toll rose from fourteen to 31.",
         [("fourteen", "killed", None, 14, 14, None), ("31", "killed", None, 31, 31, None)]),
        ("Aftershocks increased the death toll from five people to six.",
         [("five", "killed", None, 5, 5, None), ("six", "killed", None, 6, 6, None)]),
        # parts of the captured who remain missing
        ("Of the 57 abducted, 12 remain missing.",
         [("57", "captured", None, 57, 57, None), ("12", "missing", None, 12, 12, "57")]),
        ("About 40 children lost one parent in the attack.", [("About 40", "orphaned", "children", 36, 44, None)]),
        # number words said without "hundred"
        ("Four forty eight people died in the floods.", [("Four forty eight", "killed", None, 448, 448, None)]),
        # translated word order: the outcome before the total, the breakdown after it
        ("In the attack died 30 people, among them 6 children.",
         [("30", "killed", None, 30, 30, None), ("6", "killed", "children", 6, 6, "30")]),
        # a breakdown before its total
        ("Six children and four women were among the 30 killed in the strike.",
         [("Six", "killed", "children", 6, 6, "30"), ("four", "killed", "women", 4, 4, "30"),
          ("30", "killed", None, 30, 30, None)]),
        # one figure for the killed and the injured
        ("Rebels killed or injured 40 people.", [("40", "casualties", None, 40, 40, None)]),
        ("Gunmen opened fire, killing and injuring dozens.", [("dozens", "casualties", None, 24, 99, None)]),
        ("The army reported 3,000 casualties.", [("3,000", "casualties", None, 3000, 3000, None)]),
        ("Some 1,000 people are dead or missing.", [("Some 1,000", "casualties", None, 900, 1100, None)]),
        # "All but one of the sixteen" and the subset that died
        ("One of the injured died in hospital.", [("One", "killed", None, 1, 1, None)]),
        ("Thas said 32 of the 543 passengers and crew were confirmed dead.",
         [("32", "killed", None, 32, 32, None)]),
        # Title Case headlines
        ("Gunmen Kill Four Forty Eight Villagers In Northern Raid",
         [("Four Forty Eight", "killed", None, 448, 448, None)]),
        ("Flood Toll Rises To 63 As Rescuers Reach Cut-Off Villages", [("63", "killed", None, 63, 63, None)]),
    ],
)
def test_shapes(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("All but one of the sixteen on board died.", [("All but one of the sixteen", "killed", None, 15, 15, None)]),
        ("The total reported casualties increased to 167 from a previous 93 injured people.",
         [("167", "injured", None, 167, 167, None), ("93", "injured", None, 93, 93, None)]),
        ("149 of the survivors have been hospitalised.", [("149", "injured", None, 149, 149, None)]),
        ("The three deceased were reportedly contract employees.", [("three", "killed", "workers", 3, 3, None)]),
        ("The ministry said six deaths were of children.", [("six", "killed", "children", 6, 6, None)]),
        ("Between 36 and 40 people are still under the rubble.",
         [("Between 36 and 40", "missing", None, 36, 40, None)]),
        ("The man stabbed reportedly several people at the station.", [("several", "injured", None, 3, 9, None)]),
        ("Officers saw the twelve with the dead dog in the yard.", []),
        ("Aftershocks increased the toll from five people to six due to a landslide.",
         [("five", "killed", None, 5, 5, None), ("six", "killed", None, 6, 6, None)]),
        ("Harbour bomb kills photojournalist, at least five others",
         [("at least five", "killed", None, 5, None, None)]),
        ("The group was blamed for the deaths of hundreds of service members and the wounding of thousands more.",
         [("hundreds", "killed", "soldiers", 200, 999, None), ("thousands", "injured", "soldiers", 2000, 9999, None)]),
        ("Gunmen killed a policeman and two civilians in the market.", [("two", "killed", "civilians", 2, 2, None)]),
        ("Last year 212 people died on the region's roads, up from 188 in 2022.",
         [("212", "killed", None, 212, 212, None), ("188", "killed", None, 188, 188, None)]),
        ("Of the dead, 12 were children under five.", [("12", "killed", "children", 12, 12, None)]),
        ("Two soldiers and a civilian were killed.", [("Two", "killed", "soldiers", 2, 2, None)]),
        ("The village head lost his wife and two daughters.", [("two", "killed", None, 2, 2, None)]),
        ("City lose two players to injury in derby defeat", []),
        ("The rebels captured four officials, three of whom were later freed.",
         [("four", "captured", "officials", 4, 4, None)]),
        ("More than 6,000 people were ordered to leave their homes as the wildfire spread.",
         [("More than 6,000", "evacuated", None, 6001, None, None)]),
        ("About 48,000 people have been living in the camps since the floods.",
         [("About 48,000", "displaced", None, 43200, 52800, None)]),
        ("Wounded were 45 persons, of them 11 in heavy condition.",
         [("45", "injured", None, 45, 45, None), ("11", "injured", None, 11, 11, "45")]),
        ("Eleven pupils, of whom seven were girls, died in the fire.",
         [("Eleven", "killed", "pupils", 11, 11, None), ("seven", "killed", "children", 7, 7, "Eleven")]),
        ("Some 3,000 of Grenz's 11,000 inhabitants fled to the capital.",
         [("Some 3,000", "displaced", None, 2700, 3300, None)]),
        ("The ministry's count stands at 212 confirmed heat deaths.", [("212", "killed", None, 212, 212, None)]),
        ("Fever Deaths In Ombara Rise To 212", [("212", "killed", None, 212, 212, None)]),
        ("The number of people who have died in the outbreak has risen to 212, up from 187.",
         [("212", "killed", None, 212, 212, None), ("187", "killed", None, 187, 187, None)]),
        ("The list of missing has shrunk from 40 to 12.",
         [("40", "missing", None, 40, 40, None), ("12", "missing", None, 12, 12, None)]),
        ("A monitor puts war casualties at 3,000 in October alone.", [("3,000", "casualties", None, 3000, 3000, None)]),
        ("The clinic admitted upwards of 300 patients with heatstroke.",
         [("upwards of 300", "injured", "patients", 301, None, None)]),
        ("Not a single soldier was hurt, the army said.", [("Not a single", "injured", "soldiers", 0, 0, None)]),
        ("The early evacuation saved thousands of lives.", []),
        ("An earlier toll was revised down because several bodies had been counted twice.", []),
        ("The Alliance won 31 of the 55 seats, displacing 14 sitting councillors.", []),
        ("United beat Osk 3-1 despite losing two players to injury.", []),
        # translated lists with the noun before the number
        ("Children 6, women 4, men 20 died in the attack.",
         [("6", "killed", "children", 6, 6, None), ("4", "killed", "women", 4, 4, None),
          ("20", "killed", "men", 20, 20, None)]),
        ("The dead are civilians 40 and soldiers 8.",
         [("40", "killed", "civilians", 40, 40, None), ("8", "killed", "soldiers", 8, 8, None)]),
        ("According to the chief of police, the confirmed deaths are nine civilians and two soldiers.",
         [("nine", "killed", "civilians", 9, 9, None), ("two", "killed", "soldiers", 2, 2, None)]),
    ],
)
def test_more_shapes(text, expected):
    assert table(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # threats, plans and forecasts are no count of victims; an estimate with "may have" is
        ('A caller threatened to "kill dozens" at the depot.', []),
        ("The militia vowed to kill hundreds of soldiers.", []),
        ("Forecasters said the storm could displace thousands of people.", []),
        ("Police said the device would have killed hundreds.", []),
        ("Officials said the strike may have killed 30 people.", [("30", "killed", None, 30, 30, None)]),
        # what became of the wounded
        ("Two injured women died in hospital later that night.", [("Two", "killed", "women", 2, 2, None)]),
        ("Five wounded civilians were evacuated by boat.", [("Five", "injured", "civilians", 5, 5, None)]),
        # a possessive before the figure
        ("Gunmen kidnapped his two bodyguards in the town.", [("two", "captured", "bodyguards", 2, 2, None)]),
        # perpetrators leaving and officers reassigned are not displaced or evacuated
        ("Two men on a motorcycle fled the scene, he said.", []),
        ("Two officers on duty that night have been moved to desk jobs.", []),
        ("About 300 villagers fled the area after the raid.", [("About 300", "displaced", None, 270, 330, None)]),
        # general news: no people, a speaker's clause, a wire code, "a one", floods of a date range
        ("Defence and set pieces have been the two missing pieces in recent weeks.", []),
        ("The institute, one of five leading economic research bodies, is optimistic.", []),
        ("Rescuers found 12 more charred bodies.", [("12", "killed", None, 12, 12, None)]),
        ("One tea broker said the ban had already affected the auction.", []),
        ("Two witnesses said five people were killed.", [("five", "killed", None, 5, 5, None)]),
        ("- 46 people confirmed dead and 19 missing, according to the authorities.",
         [("46", "killed", None, 46, 46, None), ("19", "missing", None, 19, 19, None)]),
        ("The firms admitted first, especially the six admitted as members in 1986, have an advantage.", []),
        ("The question is whether the rise is a one shot deal, Kahan said.", []),
        ("The season starts in October, and the Six Nations moved to April.", []),
        ("The firm said no merger talks have yet taken place.", []),
        # the members of a count in an appositive list share its outcome
        ("Four people, two soldiers and two civilians, were killed.",
         [("Four", "killed", None, 4, 4, None), ("two", "killed", "soldiers", 2, 2, None),
          ("two", "killed", "civilians", 2, 2, None)]),
        ("As a result of the shelling of Korvo three civilians died.", [("three", "killed", "civilians", 3, 3, None)]),
        # situation-report shapes: labels, frames, ages, relative clauses, shelters, treatment
        ("Lenz province - Deaths: 21 - Injured: 260 - Missing: 8",
         [("21", "killed", None, 21, 21, None), ("260", "injured", None, 260, 260, None),
          ("8", "missing", None, 8, 8, None)]),
        ("He said the toll could rise to 20 as several of the injured were critical.",
         [("several", "injured", None, 3, 9, None)]),
        ("The toll is expected to climb to 50.", []),
        # an estimate of who has already died is a claim, a forecast of the count is not
        ("The final toll from the landslide could be in the “hundreds,” the regional governor said.",
         [("hundreds", "killed", None, 200, 999, None)]),
        ("The number of injured is in the dozens, a nurse at the clinic said.",
         [("dozens", "injured", None, 24, 99, None)]),
        ("The mayor warned that the death toll might well be 300.", [("300", "killed", None, 300, 300, None)]),
        ("Among the 21 dead in the province are two volunteers who were helping to evacuate the town.",
         [("21", "killed", None, 21, 21, None), ("two", "killed", "volunteers", 2, 2, None)]),
        ("Two children aged 4 and 7 were orphaned when their house collapsed.",
         [("Two", "orphaned", "children", 2, 2, None)]),
        ("About 9,000 of the town's 22,000 residents had fled across the river.",
         [("About 9,000", "displaced", None, 8100, 9900, None)]),
        ("Seven of the miners who escaped were taken to hospital with burns.",
         [("Seven", "injured", "miners", 7, 7, None)]),
        ("In 2022 a court jailed three smugglers for 18 years each.", []),
        ("Two of the men appeared in court and were remanded in custody.", [("Two", "detained", "men", 2, 2, None)]),
        ("A total of 3,400 people spent the night in tents at the stadium.",
         [("3,400", "evacuated", None, 3400, 3400, None)]),
        ("The treatment of 97 people continues in hospitals.", [("97", "injured", None, 97, 97, None)]),
        ("The trust runs three hospitals and treats more than 400,000 patients a year.", []),
        # an elliptical second count shares the plural predicate; a predicate group past a company name
        ("One person in Rella and one in Hong Kong have died of the virus.",
         [("One", "killed", None, 1, 1, None), ("one", "killed", None, 1, 1, None)]),
        ("Of the 18 dead, 10 were women and 3 were children.",
         [("18", "killed", None, 18, 18, None), ("10", "killed", "women", 10, 10, "18"),
          ("3", "killed", "children", 3, 3, "18")]),
        ("The three deceased were reportedly PG&E contract employees.", [("three", "killed", "workers", 3, 3, None)]),
        # general news: plans, fractions, ages lists, agents, custody
        ("The firm said it had no plans to issue bonds linked to shares still held by banks.", []),
        ("The act would cut by up to one third the benefits paid to injured workers.", []),
        ("The deceased were aged nine, ten, thirteen, 49, and 59.", []),
        ("The government wants to recruit 25,000 people who can't arrest anyone.", []),
        ("Three other bank officials are still being held in custody.",
         [("Three", "detained", "officials", 3, 3, None)]),
        ("Fourteen people were hurt, including all on board the plane, and one airport worker on the ground.",
         [("Fourteen", "injured", None, 14, 14, None), ("one", "injured", "workers", 1, 1, "Fourteen")]),
        ("Partners estimate that 140,000 people are in need of humanitarian assistance.", []),
        ("The floods of 14-16 June killed 231 people; 17 people remain missing.",
         [("231", "killed", None, 231, 231, None), ("17", "missing", None, 17, 17, None)]),
        # an amount whatever its currency, an age closing a sentence after a full name
        ("The state announced compensation of 200,000 marali for the family of each person killed.", []),
        ("The two soldiers killed were named as Amos Tiro, 21, and Dennis Okal, 30.",
         [("two", "killed", "soldiers", 2, 2, None)]),
        # "the victims" are the document's: the outcome of its first claim; none before, no claim
        ("Four people were killed in the attack. Three of the victims were male police officers.",
         [("Four", "killed", None, 4, 4, None), ("Three", "killed", "police", 3, 3, "Four")]),
        ("Gunmen abducted 40 people. A spokeswoman said 16 victims were aid workers.",
         [("40", "captured", None, 40, 40, None), ("16", "captured", "aid_workers", 16, 16, None)]),
        ("Three of the victims were children.", []),
        # an aside inside an including list; a disease compound; a hedge after the noun
        ("The outbreak has killed at least 62, including, according to the ministry, 54 small children.",
         [("at least 62", "killed", None, 62, None, None), ("54", "killed", "children", 54, 54, "at least 62")]),
        ("To date, 53 measles related deaths have been recorded.", [("53", "killed", None, 53, 53, None)]),
        # "they were N X, M Y" enumerates the count before: each a claim, no marked inclusion
        ("Four of the dead were from overseas; they were two Chileans, one from Peru, and a fourth from Spain.",
         [("Four", "killed", "foreigners", 4, 4, None), ("two", "killed", None, 2, 2, None),
          ("one", "killed", None, 1, 1, None)]),
        ("The plan has three parts; they were two bills, one treaty.", []),
        # the bodies of a group are that group's dead
        ("He said that no bodies of any terrorist suspects had been recovered.", []),  # none found: no toll of 0
        ("Police said the bodies of three gunmen had been recovered.", [("three", "killed", "attackers", 3, 3, None)]),
        ("Rescuers pulled out the bodies of 12 miners.", [("12", "killed", "miners", 12, 12, None)]),
        # bodies not yet recovered, "believed to be trapped", are the missing
        ("Divers searched for the bodies of 169 migrants believed to be trapped in the wreck.",
         [("169", "missing", "migrants", 169, 169, None)]),
        # a guess is no count; an estimate of the dead is
        ("His office said one or more might be trapped under the rubble.", []),
        ("As many as 30 people may have died in the fire.", [("As many as 30", "killed", None, 0, 30, None)]),
        # a passive verb takes no object list: the others have their own predicate
        ("Three gunmen have been killed so far, a few others suffered injuries.",
         [("Three", "killed", "attackers", 3, 3, None), ("a few", "injured", None, 2, 9, None)]),
        # "put the figure at N" continues the toll of the sentence before; not a firm's figures
        ("The death toll from the quake has risen to 347. Another agency has put the figure at 381.",
         [("347", "killed", None, 347, 347, None), ("381", "killed", None, 381, 381, None)]),
        ("Sales rose to 347 units. The firm put the figure at 381.", []),
        # things described by coordinated participles are no people, a toll word near them or not
        ("The toll may rise once the rubble of more than 13,000 flattened and damaged houses is cleared.", []),
        ("Sixty-six people or more were injured on Sunday.",
         [("Sixty-six people or more", "injured", None, 66, None, None)]),
    ],
)
def test_threats_amounts_and_ages(text, expected):
    assert table(text) == expected
