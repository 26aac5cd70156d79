"""Relative-location phrases: parse them, and turn them into points and shapes.

Parsing reads the words just before and after each place mention against a
small grammar::

    OFFSET   := [APPROX] DIST UNIT [ "(" other unit ")" ] ["to the"] DIR "of" [the city of] ANCHOR
    DISTANCE := [APPROX] DIST UNIT ("from" | "outside" | "away from") ANCHOR
    DIRECTION:= DIR "of" [the city of] ANCHOR
    NEAR     := ("near" | "close to" | "outside" | "on the outskirts of" | ...) ANCHOR
    AREA     := "in" ["the"] ANCHOR ("area" | "region" | "district" | "outskirts")
    REGION   := ("northern" | "south-western" | ...) ANCHOR
    DIST     := NUMBER | NUMBER ("-" | "to") NUMBER | number word ("fifty", "a dozen", "a few")

The first stated unit wins ("50 kilometers (31 miles)"). A phrase right after
"X, " ("in Taramiyah, 50 km north of Baghdad") describes X; otherwise it
describes an unnamed spot relative to its anchor.

Geometry is geodesic on WGS84 (:func:`geopy.distance.geodesic`); shapes are
shapely polygons in lon/lat: a sector for distance plus direction (its width
from the compass precision, its depth from the stated range or the number's
rounding), a ring for distance only, a disc for "near" and "area".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geopy.distance import geodesic
from pyproj import Geod
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geomap.errors import HintError
from geomap.records import Hint, Mention

__all__ = [
    "HintShape",
    "apply_hint",
    "compass_bearing",
    "destination",
    "find_hints",
    "parse_distance",
    "sector",
]

_GEOD = Geod(ellps="WGS84")

_POINTS16 = (
    "n",
    "nne",
    "ne",
    "ene",
    "e",
    "ese",
    "se",
    "sse",
    "s",
    "ssw",
    "sw",
    "wsw",
    "w",
    "wnw",
    "nw",
    "nnw",
)
_WORD_TO_LETTER = {"north": "n", "south": "s", "east": "e", "west": "w"}

_UNITS_KM = {
    "km": 1.0,
    "kms": 1.0,
    "kilometer": 1.0,
    "kilometers": 1.0,
    "kilometre": 1.0,
    "kilometres": 1.0,
    "mile": 1.609344,
    "miles": 1.609344,
    "mi": 1.609344,
    "m": 0.001,
    "meter": 0.001,
    "meters": 0.001,
    "metre": 0.001,
    "metres": 0.001,
    "nautical mile": 1.852,
    "nautical miles": 1.852,
    "nm": 1.852,
}
_NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
}
_FEW = {"a few": (2.0, 5.0), "several": (3.0, 9.0), "a couple of": (2.0, 3.0)}

_DIR = (
    r"(?P<dir>(?i:(?:north|south|east|west)(?:[- ]?(?:north|south)?(?:east|west))?)"
    r"|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|NW|SE|SW|N|S|E|W)"
)
_NUM = r"\d+(?:[.,]\d+)?"
_NUMWORD = "|".join(sorted((re.escape(w) for w in (*_NUMBER_WORDS, *_FEW)), key=len, reverse=True))
_DIST = (
    rf"(?:(?:about|some|around|approximately|roughly|nearly|almost|over|more than|less than"
    rf"|up to|at least|just)\s+)?"
    rf"(?P<num>{_NUM}(?:\s*(?:-|to)\s*{_NUM})?|{_NUMWORD})"
)
_UNIT = r"(?P<unit>nautical miles?|kilomet(?:er|re)s?|kms?|miles?|mi|met(?:er|re)s?|m|nm)\b\.?"
_OTHER_UNIT = r"(?:\s*\([^()]{1,30}\))?"
_OF_ANCHOR = r"\s+of\s+(?:the\s+(?:city|town|village|province|capital|governorate)\s+of\s+)?$"

_OFFSET = re.compile(
    rf"(?i:\b{_DIST})[\s-]*(?i:{_UNIT}){_OTHER_UNIT}\s+(?i:(?:to\s+the\s+)?){_DIR}{_OF_ANCHOR}"
)
_DISTANCE = re.compile(
    rf"(?i:\b{_DIST})[\s-]*(?i:{_UNIT}){_OTHER_UNIT}\s+(?i:from|outside(?:\s+of)?|away\s+from)\s+$"
)
_DIRECTION = re.compile(rf"\b(?i:to\s+the\s+)?{_DIR}{_OF_ANCHOR}")
_NEAR = re.compile(
    r"(?i:\b(?P<near>near|nearby|close\s+to|outside(?:\s+of)?|just\s+outside|on\s+the\s+outskirts"
    r"\s+of|in\s+the\s+outskirts\s+of|in\s+the\s+vicinity\s+of|not\s+far\s+from|around|"
    r"on\s+the\s+edge\s+of|in\s+the\s+countryside\s+of)\s+(?:the\s+(?:city|town|village)\s+of\s+)?)$"
)
_AREA_AFTER = re.compile(
    r"^\s+(?P<area>area|region|district|outskirts|surroundings|countryside)\b", re.IGNORECASE
)
_REGION = re.compile(
    r"(?i:\b(?P<region>(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central))\s+$"
)


@dataclass(frozen=True, slots=True)
class HintShape:
    """A hint applied to an anchor: the described spot, its doubt and its shape."""

    lat: float
    lon: float
    uncertainty_km: float
    geometry: BaseGeometry  # WGS84, lon/lat
    precision: int  # ACLED geo precision this hint supports (2 or 3)


def compass_bearing(word: str) -> tuple[float, float]:
    """Bearing (degrees clockwise from north) and half-width for a compass word.

    Eight-point directions ("north", "south-west", "NE") give +-22.5 degrees;
    sixteen-point ones ("NNE", "north-northeast") +-11.25.

    >>> compass_bearing("south-west")
    (225.0, 22.5)
    >>> compass_bearing("NNE")
    (22.5, 11.25)
    """
    w = word.casefold().replace("-", "").replace(" ", "")
    for full, letter in _WORD_TO_LETTER.items():
        w = w.replace(full, letter)
    if w not in _POINTS16:
        raise HintError(f"not a compass direction: {word!r}")
    index = _POINTS16.index(w)
    return index * 22.5, (11.25 if len(w) == 3 else 22.5)


def parse_distance(number: str, unit: str) -> tuple[float, float, float]:
    """(distance, low, high) in km for a stated number and unit.

    A range gives its ends; a single number a band wide enough for how news
    states distances (often by road, and rounded): a multiple of ten +-30 %,
    of five +-20 %, otherwise +-15 %.

    >>> parse_distance("50", "kilometers")
    (50.0, 35.0, 65.0)
    >>> parse_distance("25-30", "km")
    (27.5, 25.0, 30.0)
    """
    unit_key = unit.casefold().rstrip(".")
    if unit_key not in _UNITS_KM:
        raise HintError(f"unknown distance unit: {unit!r}")
    factor = _UNITS_KM[unit_key]
    text = number.casefold().strip()
    if text in _FEW:
        low, high = _FEW[text]
        return (low + high) / 2 * factor, low * factor, high * factor
    if text in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[text])
    else:
        parts = re.split(r"\s*(?:-|to)\s*", text)
        values = [float(p.replace(",", "")) for p in parts if p]
        if len(values) == 2:
            low, high = sorted(values)
            return (low + high) / 2 * factor, low * factor, high * factor
        value = values[0]
    if value < 0:
        raise HintError(f"negative distance: {number!r}")
    rel = 0.3 if value % 10 == 0 else 0.2 if value % 5 == 0 else 0.15
    return value * factor, value * (1 - rel) * factor, value * (1 + rel) * factor


def find_hints(text: str, mentions: list[Mention]) -> list[Mention]:
    """Attach relative-location hints to mentions; returns new mentions.

    A hint whose phrase directly follows "X, " or "X (" describes X (nested);
    otherwise it is attached to its own anchor.
    """
    out = list(mentions)
    index_by_start = {m.start: i for i, m in enumerate(out)}
    unnamed: list[Mention] = []
    for i, mention in enumerate(mentions):
        if mention.kind != "toponym":
            continue
        hint = _hint_for_anchor(text, mention)
        if hint is None:
            continue
        target = _described_mention(text, mentions, i, hint)
        if target is mention and hint.kind in ("offset", "distance", "direction"):
            unknown = _unknown_described_name(text, hint, mention.sentence)
            if unknown is not None:
                unnamed.append(_with_hint(unknown, hint))
                continue
        j = index_by_start[target.start]
        if out[j].hint is None:
            out[j] = _with_hint(out[j], hint)
    return sorted(out + unnamed, key=lambda m: m.start)


_UNKNOWN_NAME = re.compile(
    r"\b(?:in|at|near|of|village|town|hamlet|area)\s+"
    r"(?P<name>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3})\s*[,(]\s*$"
)


def _unknown_described_name(text: str, hint: Hint, sentence: int) -> Mention | None:
    """A name the gazetteer lacks, located by the hint after it: "in Qaryat X, 30 km ..."."""
    before = text[max(0, hint.start - 80) : hint.start]
    match = _UNKNOWN_NAME.search(before)
    if match is None:
        return None
    start = hint.start - len(before) + match.start("name")
    return Mention(match.group("name"), start, start + len(match.group("name")), sentence)


def _with_hint(mention: Mention, hint: Hint) -> Mention:
    return Mention(
        mention.text,
        mention.start,
        mention.end,
        mention.sentence,
        mention.kind,
        mention.country_hint,
        hint,
    )


def _described_mention(text: str, mentions: list[Mention], i: int, hint: Hint) -> Mention:
    """The mention a hint describes: "X, <hint>" -> X; otherwise the anchor itself."""
    if hint.kind in ("offset", "distance", "direction") and i > 0:
        prev = mentions[i - 1]
        between = text[prev.end : hint.start]
        if prev.kind == "toponym" and re.fullmatch(r"\s*[,(]\s*", between):
            return prev
    return mentions[i]


def _hint_for_anchor(text: str, mention: Mention) -> Hint | None:
    """The phrase around ``mention`` that locates something relative to it, if any."""
    try:
        return _parse_hint(text, mention)
    except (HintError, ValueError):
        return None  # a phrase that only looks like a hint ("eastwest of X", "1.2.3 km")


def _parse_hint(text: str, mention: Mention) -> Hint | None:
    before = text[max(0, mention.start - 90) : mention.start]
    offset0 = mention.start - len(before)
    after = text[mention.end : mention.end + 30]

    def make(kind: str, match: re.Match[str], **fields: object) -> Hint:
        return Hint(
            kind=kind,
            text=text[offset0 + match.start() : mention.end],
            start=offset0 + match.start(),
            end=mention.end,
            anchor_text=mention.text,
            anchor_start=mention.start,
            anchor_end=mention.end,
            **fields,
        )  # type: ignore[arg-type]

    if m := _OFFSET.search(before):
        dist, low, high = parse_distance(m.group("num"), m.group("unit"))
        bearing, half = compass_bearing(m.group("dir"))
        return make(
            "offset",
            m,
            bearing_deg=bearing,
            bearing_halfwidth_deg=half,
            distance_km=dist,
            distance_min_km=low,
            distance_max_km=high,
        )
    if m := _DISTANCE.search(before):
        dist, low, high = parse_distance(m.group("num"), m.group("unit"))
        return make("distance", m, distance_km=dist, distance_min_km=low, distance_max_km=high)
    if m := _DIRECTION.search(before):
        bearing, half = compass_bearing(m.group("dir"))
        return make("direction", m, bearing_deg=bearing, bearing_halfwidth_deg=half)
    if m := _NEAR.search(before):
        return make("near", m)
    if m := _REGION.search(before):
        word = m.group("region").casefold()
        if word == "central":
            return make("region", m)
        bearing, half = compass_bearing(re.sub(r"(ern)$", "", word))
        return make("region", m, bearing_deg=bearing, bearing_halfwidth_deg=half)
    if (m := _AREA_AFTER.match(after)) and re.search(
        r"(?i)\b(?:in|around|across)\s+(?:the\s+)?$", before
    ):
        return Hint(
            kind="area",
            text=text[mention.start : mention.end + m.end()],
            start=mention.start,
            end=mention.end + m.end(),
            anchor_text=mention.text,
            anchor_start=mention.start,
            anchor_end=mention.end,
        )
    return None


# -- geometry ---------------------------------------------------------------


def destination(
    lat: float, lon: float, bearing_deg: float, distance_km: float
) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along ``bearing_deg``, on WGS84.

    >>> lat, lon = destination(0.0, 0.0, 90.0, 111.319)
    >>> round(lat, 6), round(lon, 3)
    (0.0, 1.0)
    """
    point = geodesic(kilometers=distance_km).destination((lat, lon), bearing_deg)
    return point.latitude, point.longitude


def _lonlat_ring(points: list[tuple[float, float]]) -> Polygon:
    return Polygon([(lon, lat) for lat, lon in points])


def sector(
    lat: float,
    lon: float,
    bearing_deg: float,
    half_deg: float,
    inner_km: float,
    outer_km: float,
    *,
    step_deg: float = 2.5,
) -> Polygon:
    """The annular sector around (lat, lon): the doubt of "X km DIR of Y"."""
    if outer_km <= 0 or inner_km < 0 or inner_km >= outer_km:
        raise HintError(f"bad sector depth {inner_km}..{outer_km} km")
    n = max(2, math.ceil(2 * half_deg / step_deg))
    angles = [bearing_deg - half_deg + k * 2 * half_deg / n for k in range(n + 1)]
    outer = [destination(lat, lon, a, outer_km) for a in angles]
    inner = (
        [destination(lat, lon, a, inner_km) for a in reversed(angles)] if inner_km else [(lat, lon)]
    )
    return _lonlat_ring(outer + inner).buffer(0)


def disc(lat: float, lon: float, radius_km: float, *, segments: int = 72) -> Polygon:
    """A geodesic circle of ``radius_km`` around (lat, lon)."""
    if radius_km <= 0:
        raise HintError(f"bad radius {radius_km} km")
    return _lonlat_ring(
        [destination(lat, lon, k * 360 / segments, radius_km) for k in range(segments)]
    ).buffer(0)


def ring(lat: float, lon: float, inner_km: float, outer_km: float) -> BaseGeometry:
    """The annulus between two geodesic circles: the doubt of "X km from Y"."""
    outer = disc(lat, lon, outer_km)
    return outer.difference(disc(lat, lon, inner_km)) if inner_km > 0 else outer


def area_km2(geometry: BaseGeometry) -> float:
    """Geodesic area of a lon/lat geometry, in square kilometres."""
    area_m2, _ = _GEOD.geometry_area_perimeter(geometry)
    return abs(area_m2) / 1e6


def radius_equivalent_km(geometry: BaseGeometry) -> float:
    """Radius of the circle with the same area: a one-number summary of the doubt."""
    return math.sqrt(area_km2(geometry) / math.pi)


def anchor_scale_km(feature_code: str, population: int) -> float:
    """How far "near" or "north of" a place of this kind reaches, in km."""
    if feature_code.startswith("PCL"):
        return 150.0
    if feature_code == "ADM1":
        return 60.0
    if feature_code == "AIRP":
        return 5.0
    if population >= 1_000_000:
        return 15.0
    if population >= 100_000:
        return 8.0
    return 4.0


def apply_hint(
    hint: Hint,
    lat: float,
    lon: float,
    *,
    feature_code: str,
    population: int,
    outline: BaseGeometry | None = None,
) -> HintShape:
    """Apply ``hint`` to an anchor at (lat, lon): the described spot and its doubt.

    ``outline`` is the anchor's area where the gazetteer has one (countries);
    "northern X" is then the matching part of it, else a sector of a radius
    that suits the anchor's kind.
    """
    scale = anchor_scale_km(feature_code, population)
    if hint.kind == "offset":
        assert hint.bearing_deg is not None and hint.distance_km is not None
        low = hint.distance_min_km if hint.distance_min_km is not None else hint.distance_km
        high = hint.distance_max_km if hint.distance_max_km is not None else hint.distance_km
        half = hint.bearing_halfwidth_deg or 22.5
        shape = sector(lat, lon, hint.bearing_deg, half, low, max(high, low + 0.1))
        plat, plon = destination(lat, lon, hint.bearing_deg, hint.distance_km)
        return HintShape(plat, plon, radius_equivalent_km(shape), shape, 2)
    if hint.kind == "distance":
        assert hint.distance_km is not None
        low = hint.distance_min_km or 0.0
        high = hint.distance_max_km or hint.distance_km
        shape = ring(lat, lon, low, max(high, low + 0.1))
        return HintShape(lat, lon, hint.distance_km, shape, 2)
    if hint.kind == "direction":
        assert hint.bearing_deg is not None
        half = hint.bearing_halfwidth_deg or 22.5
        shape = sector(lat, lon, hint.bearing_deg, half, scale * 0.5, scale * 4)
        plat, plon = destination(lat, lon, hint.bearing_deg, scale * 2)
        return HintShape(plat, plon, radius_equivalent_km(shape), shape, 2)
    if hint.kind in ("near", "area"):
        radius = scale * (2.0 if hint.kind == "area" else 1.5)
        shape = disc(lat, lon, radius)
        return HintShape(lat, lon, radius, shape, 2)
    if hint.kind == "region":
        return _region(hint, lat, lon, scale, outline)
    raise HintError(f"unknown hint kind {hint.kind!r} in {hint.text!r}")


def _region(
    hint: Hint, lat: float, lon: float, scale: float, outline: BaseGeometry | None
) -> HintShape:
    """'northern X': the third of X's outline on that side, or a sector around X."""
    if outline is not None and not outline.is_empty:
        minx, miny, maxx, maxy = outline.bounds
        if hint.bearing_deg is None:
            cut = (
                minx + (maxx - minx) / 3,
                miny + (maxy - miny) / 3,
                maxx - (maxx - minx) / 3,
                maxy - (maxy - miny) / 3,
            )
        else:
            dy = math.cos(math.radians(hint.bearing_deg))
            dx = math.sin(math.radians(hint.bearing_deg))
            cut = (
                maxx - (maxx - minx) / 3 if dx > 0.38 else minx,
                maxy - (maxy - miny) / 3 if dy > 0.38 else miny,
                minx + (maxx - minx) / 3 if dx < -0.38 else maxx,
                miny + (maxy - miny) / 3 if dy < -0.38 else maxy,
            )
        from shapely.geometry import box

        part = outline.intersection(box(*cut))
        if not part.is_empty:
            point = part.representative_point()
            return HintShape(point.y, point.x, radius_equivalent_km(part), part, 3)
    if hint.bearing_deg is None:
        shape = disc(lat, lon, scale)
        return HintShape(lat, lon, scale, shape, 3)
    shape = sector(lat, lon, hint.bearing_deg, 45.0, 0.0 + scale * 0.2, scale * 1.5)
    plat, plon = destination(lat, lon, hint.bearing_deg, scale * 0.8)
    return HintShape(plat, plon, radius_equivalent_km(shape), shape, 3)
