"""Relative-location phrases: parse them, and turn them into points and shapes.

Parsing reads the words just before and after each place mention (ANCHOR)
against a small grammar, tried in this order::

    BETWEEN   := [(on|along) the ROAD] between [the towns of] ANCHOR and ANCHOR2
               | (on|along) the ROAD (from|linking|connecting) ANCHOR (to|and|with) ANCHOR2
               | ANCHOR "-" ANCHOR2 [word] ROAD                  "the Baghdad-Kirkuk highway"
    OFFSET    := [APPROX] QTY UNIT [(OTHER UNIT)] [to the] [due] DIR (of|from) [CITY_OF] ANCHOR
    DISTANCE  := [APPROX] QTY UNIT [(OTHER UNIT)] (from|away from|outside [of]|off) [CITY_OF] ANCHOR
    WITHIN    := within QTY UNIT of [CITY_OF] ANCHOR
    PART      := the [far] ADJ PART of [CITY_OF] ANCHOR           "the northern countryside of X"
    IN_THE    := (in|across|throughout|into|of) the [far] DIR of [CITY_OF] ANCHOR
                                                                   "in the north of X"
    DIRECTION := [just|due|...] [to the] DIR of [CITY_OF] ANCHOR
    NEAR      := (near | close to | outside | on the outskirts of | ...) [CITY_OF] ANCHOR
    REGION    := ADJ ANCHOR                                        "northern Iraq"
    RURAL     := ([in] the countryside of | rural) ANCHOR
    AFTER     := ANCHOR['s] [ADJ] (area | district | province | countryside | outskirts | ...)
    QTY       := NUM [(-|to|or) NUM] | between NUM and NUM | a few | several | a couple of
    NUM       := 12 | 1.5 | 5,000 | fifty | twenty-five | a dozen | half a
    DIR       := 16-point compass word ("north-northeast", "south west") or abbreviation ("NNE")
    ADJ       := northern | south-western | eastern | central ...

The first stated unit wins ("50 kilometers (31 miles)"). A phrase right after
"X, " ("in Taramiyah, 50 km north of Baghdad") describes X; otherwise it
describes an unnamed spot relative to its anchor. Phrases that only look like
hints give none, never an exception: unknown units, zero, negative or
impossible distances (farther than any two points on Earth, 20,000 km).

Geometry is geodesic on WGS84 (:func:`geopy.distance.geodesic` for the point,
:class:`pyproj.Geod` for outlines); shapes are shapely polygons in lon/lat: a
sector for distance plus direction (its width from the compass precision, its
depth from the stated range or the number's rounding), a ring for distance
only, a disc for "near" and "area", a corridor for "between". Outlines are
built in a continuous longitude frame and then cut at +-180 degrees into a
MultiPolygon, and a shape that holds a pole is closed over it, so shapes that
cross the antimeridian or a pole still hold their own point.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from geopy.distance import geodesic
from pyproj import Geod
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geomap.errors import HintError
from geomap.gates import led
from geomap.records import Hint, Mention

__all__ = [
    "EARTH_MAX_KM",
    "HintShape",
    "anchor_scale_km",
    "apply_hint",
    "called_a_county",
    "area_km2",
    "compass_bearing",
    "corridor",
    "destination",
    "disc",
    "find_hints",
    "midpoint",
    "parse_distance",
    "radius_equivalent_km",
    "ring",
    "sector",
]

_GEOD = Geod(ellps="WGS84")

EARTH_MAX_KM = 20_000.0
"""No stated distance beyond this is on Earth (half a meridian is 20,003.9 km)."""

# Shapes stop short of the antipode, where circles of a larger radius fold over.
_SHAPE_MAX_KM = 19_900.0
_WORLD = box(-180.0, -90.0, 180.0, 90.0)

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
    "zero": 0,
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
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
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
    "one hundred": 100,
    "a dozen": 12,
    "dozen": 12,
    "half a": 0.5,
    "half an": 0.5,
}
_FEW = {"a few": (2.0, 5.0), "several": (3.0, 9.0), "a couple of": (2.0, 3.0)}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DIGITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _alternation(words: Sequence[str]) -> str:
    """A regex alternation, longest first, so "a dozen" wins over "a"."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# -- the grammar's parts -------------------------------------------------------

_NUM_DIGITS = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
_NUM_WORD = (
    rf"\b(?:(?:{'|'.join(_TENS)})[-\s](?:{'|'.join(_DIGITS)})|{_alternation(_NUMBER_WORDS)})\b"
)
_N = rf"(?:{_NUM_DIGITS}|{_NUM_WORD})"
_QTY = (
    rf"(?P<num>between\s+{_N}\s+and\s+{_N}|{_N}(?:\s*(?:-|–|\bto\b|\bor\b)\s*{_N})?"
    rf"|\b(?:{_alternation(_FEW)})\b)"
)
_APPROX = (
    r"(?:\b(?:about|some|around|approximately|approx\.?|roughly|nearly|almost|just\s+over|"
    r"just\s+under|over|more\s+than|less\s+than|under|up\s+to|at\s+least|at\s+most|just|"
    r"an\s+estimated|only|barely|close\s+to|ca\.)\s+|~\s*)?"
)
# A minus sign straight before the number: "-5 km" is no distance.
_NEG = r"(?P<neg>(?:(?<![\w)])[-−]|\bminus\s+))?"
_UNIT = r"(?P<unit>nautical\s+miles?|kilomet(?:er|re)s?|kms?|miles?|mi|met(?:er|re)s?|m|nm)\b\.?"
_OTHER_UNIT = r"(?:\s*[(\[][^()\[\]]{1,30}[)\]])?"
_DISTANCE_PART = rf"(?i:{_APPROX}{_NEG}{_QTY})[\s-]*(?i:{_UNIT}){_OTHER_UNIT}"

_DIR_WORD = r"(?:north|south|east|west)(?:[-\s]?(?:north|south))?(?:[-\s]?(?:east|west))?"
_DIR = rf"(?P<dir>(?i:{_DIR_WORD})|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|NW|SE|SW|N|S|E|W)"
_ADJ = r"(?P<adj>(?:north|south)[-\s]?(?:east|west)ern|(?:north|south|east|west)ern|central)"
# "of the city of", "of the capital", "of the besieged Syrian town of"
_CITY_OF = (
    r"(?:the\s+(?:[\w'’-]+\s+){0,2}?(?:city|town|village|hamlet|capital|provincial\s+capital|"
    r"province|governorate|district|region|area|municipality|suburb)\s*,?\s+(?:of\s+)?)?"
)
_OF_ANCHOR = rf"\s+of\s+(?i:{_CITY_OF})$"
_ROAD = r"(?:road|highway|motorway|expressway|freeway|route|roadway|railway|pipeline)"
_PART_REGION = ("countryside", "part", "parts", "area", "areas", "reaches", "side", "sector")
_PART_NEAR = ("outskirts", "suburbs", "edge", "edges", "fringe", "fringes", "neighbourhoods")
_AFTER_AREA = (
    "area",
    "areas",
    "region",
    "district",
    "subdistrict",
    "sub-district",
    "province",
    "governorate",
    "countryside",
    "desert",
    "hinterland",
    "plain",
    "plains",
    "county",
    "counties",
    "parish",
    "parishes",
)
_AFTER_NEAR = ("outskirts", "suburbs", "surroundings", "environs", "vicinity", "periphery")

_OFFSET = re.compile(
    rf"{_DISTANCE_PART}\s+(?i:(?:to\s+the\s+)?(?:due\s+)?){_DIR}(?i:\s+(?:of|from)\s+{_CITY_OF})$"
)
_DISTANCE = re.compile(
    rf"{_DISTANCE_PART}\s+(?i:(?:away\s+)?from|outside(?:\s+of)?|off(?:\s+the\s+coast\s+of)?|"
    rf"away\s+of)\s+(?i:{_CITY_OF})$"
)
_WITHIN = re.compile(rf"(?i:\bwithin\s+{_NEG}{_QTY})[\s-]*(?i:{_UNIT})(?i:\s+of\s+{_CITY_OF})$")
_BETWEEN_BEFORE = re.compile(
    rf"(?i:\b(?:(?:on|along|near|at)\s+the\s+(?:main\s+|old\s+|new\s+)?(?:{_ROAD}|border|"
    r"frontline|front\s+line)\s+)?between\s+(?:the\s+(?:\w+\s+)?(?:cities|towns|villages|"
    r"areas|city|town|village)\s+of\s+)?)$"
)
_BETWEEN_LINK = re.compile(r"(?i:\s+and\s+(?:the\s+(?:city|town|village)\s+of\s+)?)")
_ROAD_FROM_BEFORE = re.compile(
    rf"(?i:\b(?:on|along|near)\s+the\s+(?:main\s+)?{_ROAD}\s+(?:from|linking|connecting|"
    r"(?:that|which)\s+(?:links|connects))\s+)$"
)
_ROAD_FROM_LINK = re.compile(r"(?i:\s+(?:to|and|with)\s+)")
_HYPHEN_LINK = re.compile(r"\s*[-–—/]\s*")
_ROAD_AFTER = re.compile(rf"^\s+(?:[a-z]+\s+)?(?i:{_ROAD})\b")
_PART = re.compile(
    rf"(?i:\b(?:the\s+)?(?:far\s+)?{_ADJ}\s+(?P<part>{_alternation(_PART_REGION + _PART_NEAR)})"
    rf"\s+of\s+{_CITY_OF})$"
)
_IN_THE = re.compile(
    rf"(?i:\b(?:in|across|throughout|into|of|over)\s+the\s+(?:far\s+)?){_DIR}(?i:\s+of\s+{_CITY_OF})$"
)
_DIRECTION = re.compile(
    rf"(?i:\b(?:(?:just|due|directly|immediately|slightly|far|further)\s+)?(?:to\s+the\s+)?)"
    rf"{_DIR}{_OF_ANCHOR}"
)
_NEAR = re.compile(
    r"(?i:\b(?P<near>near|nearby|close\s+to|next\s+to|outside(?:\s+of)?|just\s+outside|"
    r"(?:on|in|at)\s+the\s+outskirts\s+of|(?:in|at)\s+the\s+vicinity\s+of|not\s+far\s+from|"
    r"around|on\s+the\s+edge\s+of|on\s+the\s+fringes?\s+of|in\s+the\s+surroundings\s+of|"
    r"in\s+the\s+environs\s+of|on\s+the\s+approaches\s+to|a\s+short\s+distance\s+from)\s+"
    rf"{_CITY_OF})$"
)
_REGION = re.compile(rf"(?i:\b(?:the\s+)?(?:far\s+)?{_ADJ})\s+$")
_RURAL = re.compile(rf"(?i:\b(?:(?:in\s+)?the\s+countryside\s+of\s+{_CITY_OF}|rural\s+))$")
# Each rule searches the 120 characters before every place, nearly always in
# vain: behind a lookahead for their first letters (geomap.gates.led) the
# patterns find the same matches in about half the time.
_PART, _IN_THE, _DIRECTION, _NEAR, _REGION, _RURAL, _WITHIN = (
    led(p) for p in (_PART, _IN_THE, _DIRECTION, _NEAR, _REGION, _RURAL, _WITHIN)
)
_BETWEEN_BEFORE, _ROAD_FROM_BEFORE = led(_BETWEEN_BEFORE), led(_ROAD_FROM_BEFORE)
_AFTER_WORD = _alternation(_AFTER_AREA + _AFTER_NEAR + _PART_NEAR)
_AFTER = re.compile(rf"^(?:'s|’s)?(?i:\s+(?:{_ADJ}\s+)?(?P<word>{_AFTER_WORD}))\b")
# "Cooke, Grayson and Love counties": every name of the list is a county.
_LIST_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
_LISTED_AREAS = re.compile(
    rf"(?:\s*,\s*{_LIST_NAME})*,?\s+(?:and|or|&)\s+{_LIST_NAME}\s+(?P<word>counties|parishes)\b"
)
_COUNTY_AFTER = re.compile(r"(?i:\s+(?:county|parish)\b)")
# "X, <hint>", "X (<hint>", "X, which lies <hint>": the hint describes X.
_DESCRIBED_LINK = re.compile(
    r"\s*[,(]\s*(?:(?:which|that)\s+(?:is|lies)\s+|(?:located|situated|lying)\s+)?"
)
_ADMIN_AREA = re.compile(r"(?i)\b(?:province|governorate)\b")
_RURAL_AREA = re.compile(r"(?i)\b(?:district|sub-?district|countryside|rural|desert|hinterland)\b")


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
    w = re.sub(r"[\s-]", "", word.casefold())
    for full, letter in _WORD_TO_LETTER.items():
        w = w.replace(full, letter)
    if w not in _POINTS16:
        raise HintError(f"not a compass direction: {word!r}")
    index = _POINTS16.index(w)
    return index * 22.5, (11.25 if len(w) == 3 else 22.5)


def _number_value(token: str) -> float:
    """The value of one stated number: "5,000", "1,5" (decimal comma), "twenty-five"."""
    text = re.sub(r"\s+", " ", token.casefold().strip())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    tens, _, unit = text.replace("-", " ").partition(" ")
    if tens in _TENS and unit in _DIGITS:
        return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[unit])
    raise HintError(f"not a number: {token!r}")


def parse_distance(number: str, unit: str) -> tuple[float, float, float]:
    """(distance, low, high) in km for a stated number and unit.

    A range gives its ends; a single number a band wide enough for how news
    states distances (often by road, and rounded): a multiple of ten +-30 %,
    of five +-20 %, otherwise +-15 %. Numbers may be written "5,000", "1.5",
    "twenty-five" or "a dozen". A distance farther than anywhere on Earth
    (:data:`EARTH_MAX_KM`) raises :class:`~geomap.errors.HintError`; the band
    stops there too.

    >>> parse_distance("50", "kilometers")
    (50.0, 35.0, 65.0)
    >>> parse_distance("25-30", "km")
    (27.5, 25.0, 30.0)
    >>> parse_distance("between two and three", "miles")[0]
    4.02336
    """
    unit_key = re.sub(r"\s+", " ", unit.casefold()).rstrip(".")
    if unit_key not in _UNITS_KM:
        raise HintError(f"unknown distance unit: {unit!r}")
    factor = _UNITS_KM[unit_key]
    text = re.sub(r"\s+", " ", number.casefold().strip())
    if text in _FEW:
        low, high = _FEW[text]
        return _on_earth((low + high) / 2 * factor, low * factor, high * factor, number)
    text = re.sub(r"^between\s+", "", text)
    match = None
    if not re.fullmatch(_N, text):  # "twenty-five" is one number, not 20 to 5
        match = re.fullmatch(rf"(?P<a>{_N})\s*(?:-|–|\bto\b|\bor\b|\band\b)\s*(?P<b>{_N})", text)
    if match:
        low, high = sorted((_number_value(match["a"]), _number_value(match["b"])))
        return _on_earth((low + high) / 2 * factor, low * factor, high * factor, number)
    value = _number_value(text)
    if value < 0:
        raise HintError(f"negative distance: {number!r}")
    rel = 0.3 if value % 10 == 0 else 0.2 if value % 5 == 0 else 0.15
    return _on_earth(value * factor, value * (1 - rel) * factor, value * (1 + rel) * factor, number)


def _on_earth(dist: float, low: float, high: float, number: str) -> tuple[float, float, float]:
    if not math.isfinite(dist) or dist > EARTH_MAX_KM:
        raise HintError(f"farther than anywhere on Earth: {number!r}")
    return dist, low, min(high, EARTH_MAX_KM)


# -- finding hints in text ------------------------------------------------------


def find_hints(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Attach relative-location hints to mentions; returns new mentions.

    A hint whose phrase directly follows "X, " or "X (" describes X (nested);
    otherwise it is attached to its own anchor ("between A and B" to A). A
    described name the gazetteer lacks ("in Qqzzy, 30 km south-west of
    Kirkuk") becomes a new mention. Never raises on odd text: a phrase that
    only looks like a hint gives none.
    """
    out = list(mentions)
    index_by_start = {m.start: i for i, m in enumerate(out)}
    unnamed: list[Mention] = []
    for i, mention in enumerate(mentions):
        if mention.kind != "toponym":
            continue
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and following.kind != "toponym":
            following = None
        hint = _hint_for_anchor(text, mention, following)
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


def _described_mention(text: str, mentions: Sequence[Mention], i: int, hint: Hint) -> Mention:
    """The mention a hint describes: "X, <hint>" -> X; otherwise the anchor itself."""
    if hint.kind in ("offset", "distance", "direction") and i > 0:
        prev = mentions[i - 1]
        between = text[prev.end : hint.start]
        if prev.kind == "toponym" and _DESCRIBED_LINK.fullmatch(between):
            return prev
    return mentions[i]


def _hint_for_anchor(text: str, mention: Mention, following: Mention | None) -> Hint | None:
    """The phrase around ``mention`` that locates something relative to it, if any."""
    try:
        return _parse_hint(text, mention, following)
    except (HintError, ValueError, OverflowError):
        return None  # a phrase that only looks like a hint ("eastwest of X", "1e999 km")


def _parse_hint(text: str, mention: Mention, following: Mention | None) -> Hint | None:
    """Try each rule of the grammar in turn; the first that matches wins."""
    before = text[max(0, mention.start - 120) : mention.start]
    offset0 = mention.start - len(before)
    after = text[mention.end : mention.end + 40]

    def make(kind: str, match: re.Match[str], **fields: object) -> Hint:
        """A hint whose phrase runs from ``match`` (before the anchor) to the anchor's end."""
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

    rules: tuple[Callable[[], Hint | None], ...] = (
        lambda: _between(text, mention, following, before, offset0),
        lambda: _phrase_before(before, make),
        lambda: _after(text, mention, after),
        lambda: _listed_area(text, mention),
    )
    return _first_hint(rules)


_Make = Callable[..., Hint]


def _first_hint(rules: Sequence[Callable[[], Hint | None]]) -> Hint | None:
    """The hint of the first rule that finds one, in order."""
    for rule in rules:
        hint = rule()
        if hint is not None:
            return hint
    return None


def _phrase_before(before: str, make: _Make) -> Hint | None:
    """The rules that read the words before the anchor: "20 km north of", "near", "northern"."""
    if not _may_end_a_phrase(before):
        return None
    measured = _names_a_unit(before)
    rules: tuple[Callable[[], Hint | None], ...] = (
        lambda: _offset(before, make) if measured else None,
        lambda: _distance(before, make) if measured else None,
        lambda: _within(before, make) if measured else None,
        lambda: _part(before, make),
        lambda: _directional(before, make),
        lambda: _simple("near", _NEAR, before, make),
        lambda: _region(before, make),
        lambda: _simple("area", _RURAL, before, make),
    )
    return _first_hint(rules)


# The words a phrase before its anchor may end with: each rule's last word ("of",
# "from", "near", "northern" ...) or a word of _CITY_OF ("the provincial capital, X").
_PHRASE_ENDS = (
    "of", "from", "off", "outside", "near", "nearby", "to", "around", "rural", "ern", "central",
    "city", "town", "village", "hamlet", "capital", "province", "governorate", "district",
    "region", "area", "municipality", "suburb",
)  # fmt: skip
_PHRASE_END_CHARS = max(map(len, _PHRASE_ENDS))


def _may_end_a_phrase(before: str) -> bool:
    """False when no rule of :func:`_phrase_before` can match ``before``.

    Each of those rules ends in whitespace after a word of :data:`_PHRASE_ENDS`
    (a comma may follow a word of _CITY_OF), so a look at the last word
    spares their searches over 120 characters for the ~95 % of anchors that
    follow an ordinary word. Letters beyond ASCII may match the rules' letters
    case-insensitively ("ı" for "i"), so a word with any passes.
    """
    if not before[-1:].isspace():
        return False
    tail = before.rstrip().rstrip(",").rstrip()[-_PHRASE_END_CHARS:]
    return not tail.isascii() or tail.lower().endswith(_PHRASE_ENDS)


_UNIT_WORDS = frozenset(
    "nautical kilometer kilometers kilometre kilometres km kms mile miles mi "
    "meter meters metre metres m nm".split()
)
# A whole word (\w+) that is digits, then a unit word ("km", "50km"): one search
# instead of splitting the window into words and stripping each one's digits.
_UNIT_WORD = re.compile(
    rf"(?<!\w)\d*(?:{'|'.join(sorted(_UNIT_WORDS, key=len, reverse=True))})(?!\w)"
)


def _names_a_unit(before: str) -> bool:
    """Whether ``before`` has a word that is a unit of distance ("km", "50km", "miles").

    Every numeric rule (OFFSET, DISTANCE, WITHIN) needs one. Checking a set of
    words first spares their long patterns on the ~97 % of anchors that have
    none, where the regex engine would try every start position in vain.
    """
    return _UNIT_WORD.search(before.casefold()) is not None


def _distance_fields(match: re.Match[str]) -> dict[str, float]:
    """Distance fields of a matched QTY UNIT; no hint for negative, zero or huge values."""
    if match.group("neg"):
        raise HintError(f"negative distance in {match.group(0)!r}")
    dist, low, high = parse_distance(match.group("num"), match.group("unit"))
    if dist <= 0:
        raise HintError(f"zero distance in {match.group(0)!r}")
    return {"distance_km": dist, "distance_min_km": low, "distance_max_km": high}


def _simple(kind: str, pattern: re.Pattern[str], before: str, make: _Make) -> Hint | None:
    """NEAR ("on the outskirts of X") and RURAL ("the countryside of X"): no numbers."""
    match = pattern.search(before)
    return make(kind, match) if match else None


def _offset(before: str, make: _Make) -> Hint | None:
    """OFFSET: "some 20 miles south-east of X"."""
    if not (m := _OFFSET.search(before)):
        return None
    bearing, half = compass_bearing(m.group("dir"))
    return make("offset", m, bearing_deg=bearing, bearing_halfwidth_deg=half, **_distance_fields(m))


def _distance(before: str, make: _Make) -> Hint | None:
    """DISTANCE: "40 km from X", "15 miles outside X"."""
    if not (m := _DISTANCE.search(before)):
        return None
    return make("distance", m, **_distance_fields(m))


def _within(before: str, make: _Make) -> Hint | None:
    """WITHIN: "within 10 km of X" -- anywhere from X out to the stated distance."""
    if not (m := _WITHIN.search(before)):
        return None
    fields = _distance_fields(m)
    top = fields["distance_max_km"] if "-" in m.group("num") else fields["distance_km"]
    return make("distance", m, distance_km=top, distance_min_km=0.0, distance_max_km=top)


def _part(before: str, make: _Make) -> Hint | None:
    """PART: "the northern countryside of X" (region), "the western outskirts of X" (near)."""
    if not (m := _PART.search(before)):
        return None
    kind = "near" if m.group("part").casefold() in _PART_NEAR else "region"
    return make(kind, m, **_adjective_bearing(m.group("adj")))


def _directional(before: str, make: _Make) -> Hint | None:
    """IN_THE ("in the north of X": a part of X) before DIRECTION ("north of X": outside X)."""
    if m := _IN_THE.search(before):
        bearing, half = compass_bearing(m.group("dir"))
        return make("region", m, bearing_deg=bearing, bearing_halfwidth_deg=half)
    if m := _DIRECTION.search(before):
        bearing, half = compass_bearing(m.group("dir"))
        return make("direction", m, bearing_deg=bearing, bearing_halfwidth_deg=half)
    return None


def _region(before: str, make: _Make) -> Hint | None:
    """REGION: "northern Iraq", "central Syria"."""
    if not (m := _REGION.search(before)):
        return None
    return make("region", m, **_adjective_bearing(m.group("adj")))


def _adjective_bearing(adjective: str) -> dict[str, float]:
    """Bearing fields for "northern", "south-western" ...; none for "central"."""
    word = adjective.casefold()
    if word == "central":
        return {}
    bearing, half = compass_bearing(re.sub(r"ern$", "", word))
    return {"bearing_deg": bearing, "bearing_halfwidth_deg": half}


def _after(text: str, mention: Mention, after: str) -> Hint | None:
    """AFTER: "X district", "X province", "Hama's northern countryside", "X outskirts"."""
    if not (m := _AFTER.match(after)):
        return None
    word = m.group("word").casefold()
    kind = "near" if word in _AFTER_NEAR or word in _PART_NEAR else "area"
    fields: dict[str, float] = {}
    if m.group("adj"):
        fields = _adjective_bearing(m.group("adj"))
        if kind == "area" and fields:
            kind = "region"  # "Aleppo northern countryside": a part of the area
    return _after_anchor(kind, text, mention, mention.end + m.end(), **fields)


def _after_anchor(kind: str, text: str, mention: Mention, end: int, **fields: float) -> Hint:
    """A hint whose phrase runs from the anchor to ``end``: "X district", "X and Y counties"."""
    return Hint(
        kind=kind,
        text=text[mention.start : end],
        start=mention.start,
        end=end,
        anchor_text=mention.text,
        anchor_start=mention.start,
        anchor_end=mention.end,
        **fields,  # type: ignore[arg-type]
    )


def called_a_county(text: str, end: int) -> bool:
    """Whether the text calls the name that ends at ``end`` a county or a parish.

    "Barrow county", "Cooke, Grayson and Love counties": the recogniser takes
    such a name as the area's, though alone it might be a word or a surname.
    """
    return (
        _COUNTY_AFTER.match(text, end) is not None
        or _LISTED_AREAS.match(text, end, end + 160) is not None
    )


def _listed_area(text: str, mention: Mention) -> Hint | None:
    """LISTED: "Cooke, Grayson and Love counties": a name early in a list of areas."""
    if not (m := _LISTED_AREAS.match(text, mention.end, mention.end + 160)):
        return None
    return _after_anchor("area", text, mention, m.end())


def _between(
    text: str, mention: Mention, following: Mention | None, before: str, offset0: int
) -> Hint | None:
    """BETWEEN: "between A and B", "on the road from A to B", "the A-B highway"."""
    if following is None:
        return None
    link = text[mention.end : following.start]
    start = end = None
    for before_rule, link_rule in (
        (_BETWEEN_BEFORE, _BETWEEN_LINK),
        (_ROAD_FROM_BEFORE, _ROAD_FROM_LINK),
    ):
        # the link between the names first: it is short, the words before are not
        if link_rule.fullmatch(link) and (m := before_rule.search(before)):
            start, end = offset0 + m.start(), following.end
            break
    else:
        road = _ROAD_AFTER.match(text[following.end : following.end + 40])
        if _HYPHEN_LINK.fullmatch(link) and road:
            start, end = mention.start, following.end + road.end()
    if start is None or end is None:
        return None
    return Hint(
        kind="between",
        text=text[start:end],
        start=start,
        end=end,
        anchor_text=mention.text,
        anchor_start=mention.start,
        anchor_end=mention.end,
        anchor2_text=following.text,
        anchor2_start=following.start,
        anchor2_end=following.end,
    )


# -- geometry ---------------------------------------------------------------


def destination(
    lat: float, lon: float, bearing_deg: float, distance_km: float
) -> tuple[float, float]:
    """The point ``distance_km`` from (lat, lon) along ``bearing_deg``, on WGS84.

    Karney's geodesic (:func:`geopy.distance.geodesic`), accurate to
    nanometres; longitudes come back in [-180, 180].

    >>> lat, lon = destination(0.0, 0.0, 90.0, 111.319)
    >>> round(lat, 6), round(lon, 3)
    (0.0, 1.0)
    """
    point = geodesic(kilometers=distance_km).destination((lat, lon), bearing_deg)
    return point.latitude, point.longitude


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """(lat, lon) halfway along the geodesic between two points, on WGS84.

    >>> lat, lon = midpoint(0.0, 179.0, 0.0, -179.0)
    >>> round(lat, 6), round(abs(lon), 6)
    (0.0, 180.0)
    """
    az12, _, dist_m = _GEOD.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = _GEOD.fwd(lon1, lat1, az12, dist_m / 2)
    return float(lat), float(lon)


def _fan(
    lat: float, lon: float, bearings_deg: Sequence[float] | np.ndarray, distance_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """Points at one distance from (lat, lon) along many bearings: (lats, lons)."""
    bearings = np.asarray(bearings_deg, dtype=float)
    lons, lats, _ = _GEOD.fwd(
        np.full_like(bearings, lon),
        np.full_like(bearings, lat),
        bearings,
        np.full_like(bearings, min(distance_km, _SHAPE_MAX_KM) * 1000.0),
    )
    return np.asarray(lats), np.asarray(lons)


def _densify(
    lats: np.ndarray, lons: np.ndarray, max_step_deg: float = 4.0
) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic points inserted where an edge sweeps far in longitude or latitude.

    Near a pole two close vertices can differ by 100 degrees of longitude; a
    straight lon/lat edge between them would cut far from the true edge.
    """
    out_lats: list[float] = []
    out_lons: list[float] = []
    n = len(lats)
    for k in range(n):
        lat1, lon1 = float(lats[k]), float(lons[k])
        lat2, lon2 = float(lats[(k + 1) % n]), float(lons[(k + 1) % n])
        out_lats.append(lat1)
        out_lons.append(lon1)
        dlon = abs((lon2 - lon1 + 180.0) % 360.0 - 180.0)
        steps = math.ceil(max(dlon, abs(lat2 - lat1)) / max_step_deg)
        if steps > 1 and (lat1, lon1) != (lat2, lon2):
            for plon, plat in _GEOD.npts(lon1, lat1, lon2, lat2, steps - 1):
                out_lats.append(plat)
                out_lons.append(plon)
    return np.asarray(out_lats), np.asarray(out_lons)


def _spherical_polygon(
    lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray
) -> BaseGeometry:
    """A closed ring on the ellipsoid, its interior on its right, as lon/lat polygons.

    The ring is unwrapped into a continuous longitude frame (each step the
    short way round). A ring that winds once round the globe holds a pole --
    the north one if it runs westwards (interior on the right), else the
    south one -- and is closed over that pole. A ring that winds none but
    runs anticlockwise holds both poles: its outside is the shape. The frame
    is then cut at +-180 degrees and the pieces shifted back.
    """
    la, lo = _densify(np.asarray(lats, dtype=float), np.asarray(lons, dtype=float))
    steps = (np.diff(np.append(lo, lo[0])) + 180.0) % 360.0 - 180.0
    drift = lo[0] + np.concatenate(([0.0], np.cumsum(steps[:-1])))
    unwrapped = lo + 360.0 * np.round((drift - lo) / 360.0)  # exact vertices, whole turns
    turns = int(round(float(steps.sum()) / 360.0))
    coords = list(zip(unwrapped.tolist(), la.tolist(), strict=True))
    outside = False
    if turns:
        pole = 90.0 if turns < 0 else -90.0
        end = float(unwrapped[0]) + 360.0 * turns
        coords += [(end, float(la[0])), (end, pole), (float(unwrapped[0]), pole)]
    else:
        outside = Polygon(coords).exterior.is_ccw
    region = _polygonal(shapely.make_valid(Polygon(coords)))
    minx, _, maxx, _ = region.bounds
    pieces = []
    for k in range(math.floor((minx + 180.0) / 360.0), math.floor((maxx + 180.0) / 360.0) + 1):
        piece = region.intersection(box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0))
        if not piece.is_empty:
            pieces.append(translate(piece, xoff=-360.0 * k))
    shape = _polygonal(shapely.union_all(pieces))
    if outside:
        shape = _polygonal(_WORLD.difference(shape))
    return shape


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (cuts leave slivers of lines and points)."""
    polygons: list[Polygon] = []
    stack = [geometry]
    while stack:
        item = stack.pop()
        if isinstance(item, Polygon):
            if not item.is_empty:
                polygons.append(item)
        elif hasattr(item, "geoms"):
            stack.extend(item.geoms)
    if len(polygons) == 1:
        return polygons[0]
    return MultiPolygon(sorted(polygons, key=lambda p: p.bounds))


def _arc_step_deg(lat: float, radius_km: float, depth_km: float, step_deg: float) -> float:
    """Bearing step along an arc so its straight edges stray < 5 % of the band's depth.

    A straight edge of length L cuts inside an arc of radius R by L^2 / 8R, and
    a straight lon/lat edge strays from the geodesic by about L^2 tan(lat) / 8
    Earth radii; a band 1 km deep at 1,300 km needs finer steps than 2.5 deg.
    """
    tolerance_km = max(0.05 * depth_km, 0.001)
    reach = math.radians(min(abs(lat) + radius_km / 111.0, 89.9))
    curvature = 1.0 / radius_km + math.tan(reach) / 6371.0
    segment_km = math.sqrt(8.0 * tolerance_km / curvature)
    return min(step_deg, max(0.1, math.degrees(segment_km / radius_km)))


def sector(
    lat: float,
    lon: float,
    bearing_deg: float,
    half_deg: float,
    inner_km: float,
    outer_km: float,
    *,
    step_deg: float = 2.5,
) -> BaseGeometry:
    """The annular sector around (lat, lon): the doubt of "X km DIR of Y".

    Outer arc clockwise, inner arc back (or the anchor itself when
    ``inner_km`` is 0); safe across the antimeridian (a MultiPolygon cut at
    +-180) and near the poles. Depths stop short of the antipode.
    """
    if not (0 <= inner_km < outer_km) or not math.isfinite(outer_km):
        raise HintError(f"bad sector depth {inner_km}..{outer_km} km")
    half = min(max(half_deg, 0.01), 179.0)
    step = _arc_step_deg(lat, min(outer_km, _SHAPE_MAX_KM), outer_km - inner_km, step_deg)
    n = max(2, math.ceil(2 * half / step))
    # A hair inside the stated width, so a side never runs exactly over a pole.
    eps = 1e-6
    angles = np.linspace(bearing_deg - half + eps, bearing_deg + half - eps, n + 1)
    outer_lats, outer_lons = _fan(lat, lon, angles, outer_km)
    if inner_km > 0:
        inner_lats, inner_lons = _fan(lat, lon, angles[::-1], inner_km)
    else:
        inner_lats, inner_lons = np.array([lat]), np.array([lon])
    return _spherical_polygon(
        np.concatenate((outer_lats, inner_lats)), np.concatenate((outer_lons, inner_lons))
    )


def disc(
    lat: float,
    lon: float,
    radius_km: float,
    *,
    segments: int = 72,
    depth_km: float | None = None,
) -> BaseGeometry:
    """A geodesic circle of ``radius_km`` around (lat, lon), safe at +-180 and the poles.

    ``depth_km`` is the depth of a ring this circle bounds: a thin ring gets
    more than ``segments`` vertices, so its edges stay inside the band.
    """
    if not (0 < radius_km < math.inf):
        raise HintError(f"bad radius {radius_km} km")
    radius = min(radius_km, _SHAPE_MAX_KM)
    step = _arc_step_deg(lat, radius, depth_km or radius, 360.0 / segments)
    segments = max(segments, math.ceil(360.0 / step))
    return _spherical_polygon(*_fan(lat, lon, np.arange(segments) * 360.0 / segments, radius_km))


def ring(lat: float, lon: float, inner_km: float, outer_km: float) -> BaseGeometry:
    """The annulus between two geodesic circles: the doubt of "X km from Y"."""
    depth = outer_km - max(inner_km, 0.0)
    outer = disc(lat, lon, outer_km, depth_km=depth)
    if inner_km <= 0:
        return outer
    inner = disc(lat, lon, min(inner_km, outer_km * 0.999), depth_km=depth)
    return _polygonal(outer.difference(inner))


def corridor(
    lat1: float, lon1: float, lat2: float, lon2: float, halfwidth_km: float
) -> BaseGeometry:
    """The band ``halfwidth_km`` either side of the geodesic between two points.

    Built from points offset at right angles to the geodesic, with
    half-disc caps at both ends: "on the road between A and B", where the road
    strays from the straight line by a few kilometres.
    """
    if not (0 < halfwidth_km < math.inf):
        raise HintError(f"bad corridor width {halfwidth_km} km")
    az12, _, dist_m = _GEOD.inv(lon1, lat1, lon2, lat2)
    if dist_m < 1.0:
        return disc(lat1, lon1, halfwidth_km)
    n = min(64, max(8, math.ceil(dist_m / 1000.0 / halfwidth_km)))
    along = np.linspace(0.0, dist_m, n + 1)
    line_lons, line_lats, back = _GEOD.fwd(
        np.full_like(along, lon1), np.full_like(along, lat1), np.full_like(along, az12), along
    )
    heading = (np.asarray(back) + 180.0) % 360.0  # forward azimuth at each point
    w_m = np.full_like(along, halfwidth_km * 1000.0)
    left_lons, left_lats, _ = _GEOD.fwd(line_lons, line_lats, heading - 90.0, w_m)
    right_lons, right_lats, _ = _GEOD.fwd(line_lons, line_lats, heading + 90.0, w_m)
    cap = np.linspace(-90.0, 90.0, 19)[1:-1]
    cap_b_lats, cap_b_lons = _fan(
        float(line_lats[-1]), float(line_lons[-1]), heading[-1] + cap, halfwidth_km
    )
    cap_a_lats, cap_a_lons = _fan(lat1, lon1, heading[0] + 180.0 + cap, halfwidth_km)
    lats = np.concatenate((left_lats, cap_b_lats, np.asarray(right_lats)[::-1], cap_a_lats))
    lons = np.concatenate((left_lons, cap_b_lons, np.asarray(right_lons)[::-1], cap_a_lons))
    return _spherical_polygon(lats, lons)


_QUARTERS = tuple(box(x, -90.0, x + 90.0, 90.0) for x in (-180.0, -90.0, 0.0, 90.0))


def area_km2(geometry: BaseGeometry) -> float:
    """Geodesic area of a lon/lat geometry, in square kilometres.

    The geometry is cut into four 90-degree lunes and each polygon oriented
    before :meth:`pyproj.Geod.polygon_area_perimeter` measures it: pyproj signs
    areas by orientation, folds areas beyond half the Earth, and cannot tell
    which meridian an edge from pole to pole follows. Straight edges are
    densified to 5 degrees so cut seams follow their meridians. An invalid
    shape (a self-touching country outline from package data) is repaired
    first, since GEOS refuses to intersect it.
    """
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    minx, _, maxx, _ = geometry.bounds
    total = 0.0
    for quarter in _QUARTERS:
        west, _, east, _ = quarter.bounds
        if maxx <= west or minx >= east:
            continue  # a lune the shape does not reach adds nothing: spare cutting it
        piece = _polygonal(geometry.intersection(quarter))
        for part in shapely.get_parts(shapely.segmentize(piece, 5.0)):
            if part.is_empty:
                continue
            part = orient(part, sign=1.0)
            area = _ring_area(part.exterior)
            for hole in part.interiors:
                area -= abs(_ring_area(hole))
            total += abs(area)
    return total / 1e6


def _ring_area(ring: BaseGeometry) -> float:
    """pyproj's signed geodesic area of one lon/lat ring, in square metres.

    The coordinates go to pyproj as numpy columns: the same numbers as
    ``ring.xy``, without building its Python arrays point by point.
    """
    lons, lats = shapely.get_coordinates(ring).T
    area, _ = _GEOD.polygon_area_perimeter(lons, lats)
    return area


def radius_equivalent_km(geometry: BaseGeometry) -> float:
    """Radius of the circle with the same area: a one-number summary of the doubt."""
    return math.sqrt(area_km2(geometry) / math.pi)


# How far the areas without a population reach: continents and oceans,
# regions and seas, second-level areas (a US county is ~30 km across).
_AREA_SCALE_KM = {
    "CONT": 2000.0, "OCN": 3000.0, "SEA": 500.0, "GULF": 300.0, "BAY": 300.0,
    "STRT": 150.0, "RGN": 600.0, "PEN": 300.0, "ADM2": 20.0,
}  # fmt: skip
REGION_CODES = frozenset(_AREA_SCALE_KM) - {"ADM2"}
"""Feature codes of areas larger than a country's province: precision 3 when named alone."""


def anchor_scale_km(feature_code: str, population: int) -> float:
    """How far "near" or "north of" a place of this kind reaches, in km."""
    if feature_code in _AREA_SCALE_KM:
        return _AREA_SCALE_KM[feature_code]
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


def corridor_halfwidth_km(distance_km: float) -> float:
    """How far "between A and B" strays from the line: a tenth of it, 2 to 25 km."""
    return min(25.0, max(2.0, 0.1 * distance_km))


def apply_hint(
    hint: Hint,
    lat: float,
    lon: float,
    *,
    feature_code: str,
    population: int,
    outline: BaseGeometry | None = None,
    lat2: float | None = None,
    lon2: float | None = None,
) -> HintShape:
    """Apply ``hint`` to an anchor at (lat, lon): the described spot and its doubt.

    ``outline`` is the anchor's area where the gazetteer has one (countries);
    "northern X" is then the matching part of it, else a sector of a radius
    that suits the anchor's kind. ``lat2``/``lon2`` is the second anchor of a
    "between" hint: the spot is the geodesic midpoint, the doubt a corridor.
    "X province"/"X governorate" (and "X district", "X countryside") reach
    farther than a town's surroundings and support only precision 3.
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
    if hint.kind == "near" and hint.bearing_deg is not None:  # "the northern outskirts of X"
        shape = sector(lat, lon, hint.bearing_deg, 45.0, 0.0, scale * 1.5)
        plat, plon = destination(lat, lon, hint.bearing_deg, scale * 0.75)
        return HintShape(plat, plon, radius_equivalent_km(shape), shape, 2)
    if hint.kind in ("near", "area"):
        radius = scale * (2.0 if hint.kind == "area" else 1.5)
        precision = 2
        if hint.kind == "area" and _ADMIN_AREA.search(hint.text):
            radius, precision = max(radius, anchor_scale_km("ADM1", 0)), 3
        elif hint.kind == "area" and _RURAL_AREA.search(hint.text):
            radius, precision = max(radius, 25.0), 3
        shape = disc(lat, lon, radius)
        return HintShape(lat, lon, radius, shape, precision)
    if hint.kind == "region":
        if _RURAL_AREA.search(hint.text):
            scale = max(scale, 25.0)
        return _region_shape(hint, lat, lon, scale, outline)
    if hint.kind == "between":
        if lat2 is None or lon2 is None:
            raise HintError(f"'between' needs its second anchor: {hint.text!r}")
        _, _, dist_m = _GEOD.inv(lon, lat, lon2, lat2)
        shape = corridor(lat, lon, lat2, lon2, corridor_halfwidth_km(dist_m / 1000.0))
        plat, plon = midpoint(lat, lon, lat2, lon2)
        return HintShape(plat, plon, radius_equivalent_km(shape), shape, 2)
    raise HintError(f"unknown hint kind {hint.kind!r} in {hint.text!r}")


def _region_shape(
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
