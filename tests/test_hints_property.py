"""Property-based tests: phrases built from the grammar's parts round-trip.

Hypothesis writes "some 25-30 kilometres to the north-north-east of the city
of X" from approximators, numbers (digits, thousands commas, decimals,
number words, ranges), units, 16-point directions in word, abbreviation and
hyphen forms, "to the" and "of the city of". :func:`find_hints` parses it;
:func:`apply_hint` applies it at a random anchor; an independent geodesic
(:class:`pyproj.Geod`) measures the result back: the point lies at the
parsed distance (within 0.5 %) on the stated bearing (within 0.5 degrees),
inside its own uncertainty shape, at valid coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point

from geomap.hints import EARTH_MAX_KM, apply_hint, destination, find_hints
from geomap.records import Mention

GEOD = Geod(ellps="WGS84")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

APPROXIMATORS = ["", "about ", "some ", "around ", "approximately ", "roughly ", "nearly ",
                 "almost ", "just over ", "an estimated ", "at least ", "up to ", "~"]  # fmt: skip
UNITS = {
    "km": 1.0, "kms": 1.0, "km.": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilometre": 1.0,
    "miles": 1.609344, "mile": 1.609344, "mi": 1.609344, "nautical miles": 1.852, "nm": 1.852,
    "metres": 0.001, "meters": 0.001, "m": 0.001,
}  # fmt: skip
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "five": 5, "seven": 7, "ten": 10, "twelve": 12,
                "fifteen": 15, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "ninety": 90, "a hundred": 100, "a dozen": 12,
                "half a": 0.5}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "seventy": 70}
DIGITS = {"one": 1, "two": 2, "four": 4, "five": 5, "eight": 8, "nine": 9}
VAGUE = {"a few": 3.5, "several": 6.0, "a couple of": 2.5}
POINTS16 = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
            "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]  # fmt: skip
LETTER_WORD = {"N": "north", "S": "south", "E": "east", "W": "west"}
CITY_OF = ["", "the city of ", "the town of ", "the village of ", "the Syrian city of ",
           "the capital "]  # fmt: skip
ANCHORS = ["Aleppo", "Deir ez-Zor", "Tal Afar", "Ras al-Ain", "Kirkuk", "Qqzzyx", "Al-Bab"]
LEADS = ["", "Clashes erupted ", "A bomb exploded ", "Shelling hit a village ", "Rebels say "]
TAILS = ["", ".", " on Monday.", ", officials said.", " (AFP)"]


@dataclass(frozen=True)
class Stated:
    """A written distance and the value (in the phrase's unit) it stands for."""

    words: str
    value: float


@st.composite
def numbers(draw: st.DrawFn, unit_factor: float) -> Stated:
    """A stated number or range; metres get larger numbers so the spot stays > 1 m away."""
    scale = 1000.0 if unit_factor < 0.01 else 1.0
    kind = draw(st.sampled_from(["int", "comma", "decimal", "word", "compound", "range",
                                 "between", "vague"]))  # fmt: skip
    if kind == "int":
        n = draw(st.integers(min_value=1, max_value=int(3000 * scale)))
        return Stated(str(n), float(n))
    if kind == "comma":
        n = draw(st.integers(min_value=1000, max_value=int(4000 * scale)))
        return Stated(f"{n:,}", float(n))
    if kind == "decimal":
        n = draw(st.integers(min_value=1, max_value=9999))
        return Stated(f"{n / 10:.1f}", round(n / 10, 1))
    if kind == "word":
        word = draw(st.sampled_from(sorted(NUMBER_WORDS)))
        return Stated(word, float(NUMBER_WORDS[word]))
    if kind == "compound":
        tens, unit = draw(st.sampled_from(sorted(TENS))), draw(st.sampled_from(sorted(DIGITS)))
        glue = draw(st.sampled_from(["-", " "]))
        return Stated(f"{tens}{glue}{unit}", float(TENS[tens] + DIGITS[unit]))
    if kind == "vague":
        word = draw(st.sampled_from(sorted(VAGUE)))
        return Stated(word, VAGUE[word])
    low = draw(st.integers(min_value=1, max_value=int(2000 * scale)))
    high = low + draw(st.integers(min_value=1, max_value=int(500 * scale)))
    if kind == "between":
        return Stated(f"between {low} and {high}", (low + high) / 2)
    glue = draw(st.sampled_from(["-", " - ", " to ", "–", " or "]))
    return Stated(f"{low}{glue}{high}", (low + high) / 2)


@st.composite
def directions(draw: st.DrawFn) -> tuple[str, float]:
    """A 16-point direction as written ("NNE", "north-northeast", "North North East")."""
    index = draw(st.integers(min_value=0, max_value=15))
    letters = POINTS16[index]
    form = draw(st.sampled_from(["abbrev", "joined", "hyphen", "space"]))
    if form == "abbrev":
        written = letters
    else:
        words = [LETTER_WORD[c] for c in letters]
        if len(words) == 3 and form == "joined":  # "north-northeast"
            written = f"{words[0]}-{words[1]}{words[2]}"
        else:
            written = {"joined": "", "hyphen": "-", "space": " "}[form].join(words)
        written = draw(st.sampled_from([written, written.title(), written.upper()]))
    return written, index * 22.5


@st.composite
def offset_phrases(draw: st.DrawFn) -> tuple[str, str, float, float]:
    """(text, anchor name, expected km, expected bearing) for "N UNIT DIR of X"."""
    unit = draw(st.sampled_from(sorted(UNITS)))
    stated = draw(numbers(UNITS[unit]))
    direction, bearing = draw(directions())
    other = draw(st.sampled_from(["", " (about 31 miles)", " (20 km)"]))
    to_the = draw(st.sampled_from(["", "to the ", "due "]))
    anchor = draw(st.sampled_from(ANCHORS))
    text = (
        f"{draw(st.sampled_from(LEADS))}{draw(st.sampled_from(APPROXIMATORS))}{stated.words} "
        f"{unit}{other} {to_the}{direction} of {draw(st.sampled_from(CITY_OF))}{anchor}"
        f"{draw(st.sampled_from(TAILS))}"
    )
    return text, anchor, stated.value * UNITS[unit], bearing


anchors = st.tuples(
    st.floats(min_value=-85.0, max_value=85.0), st.floats(min_value=-180.0, max_value=180.0)
)


def _the_hint(text: str, anchor: str):
    start = text.rindex(anchor)
    (mention,) = find_hints(text, [Mention(anchor, start, start + len(anchor), 0)])
    assert mention.hint is not None, text
    return mention.hint


def _bearing_gap(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


@SETTINGS
@given(phrase=offset_phrases(), anchor=anchors)
def test_offset_phrase__parse_apply_measure_round_trip(
    phrase: tuple[str, str, float, float], anchor: tuple[float, float]
) -> None:
    text, name, expected_km, expected_bearing = phrase
    hint = _the_hint(text, name)
    assert hint.kind == "offset", text
    assert hint.distance_km is not None and hint.bearing_deg is not None
    assert abs(hint.distance_km - expected_km) <= 1e-9 * expected_km
    assert _bearing_gap(hint.bearing_deg, expected_bearing) < 1e-9
    assert hint.distance_min_km <= hint.distance_km <= hint.distance_max_km <= EARTH_MAX_KM

    lat, lon = anchor
    shape = apply_hint(hint, lat, lon, feature_code="PPL", population=0)
    assert -90.0 <= shape.lat <= 90.0 and -180.0 <= shape.lon <= 180.0
    azimuth, _, dist_m = GEOD.inv(lon, lat, shape.lon, shape.lat)
    assert abs(dist_m / 1000.0 - hint.distance_km) <= 0.005 * hint.distance_km
    assert _bearing_gap(azimuth, hint.bearing_deg) <= 0.5
    assert shape.geometry.is_valid
    assert shape.geometry.covers(Point(shape.lon, shape.lat))
    minx, miny, maxx, maxy = shape.geometry.bounds
    assert -180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0


@st.composite
def distance_phrases(draw: st.DrawFn) -> tuple[str, str, float]:
    """(text, anchor name, expected km) for "N UNIT from X" and its variants."""
    unit = draw(st.sampled_from(sorted(UNITS)))
    stated = draw(numbers(UNITS[unit]))
    link = draw(st.sampled_from(["from", "away from", "outside", "outside of", "off"]))
    anchor = draw(st.sampled_from(ANCHORS))
    text = (
        f"{draw(st.sampled_from(LEADS))}{draw(st.sampled_from(APPROXIMATORS))}{stated.words} "
        f"{unit} {link} {draw(st.sampled_from(CITY_OF))}{anchor}{draw(st.sampled_from(TAILS))}"
    )
    return text, anchor, stated.value * UNITS[unit]


@SETTINGS
@given(
    phrase=distance_phrases(),
    anchor=anchors,
    bearing=st.floats(min_value=0.0, max_value=360.0, exclude_max=True),
)
def test_distance_phrase__ring_holds_the_stated_distance(
    phrase: tuple[str, str, float], anchor: tuple[float, float], bearing: float
) -> None:
    text, name, expected_km = phrase
    hint = _the_hint(text, name)
    assert hint.kind == "distance", text
    assert hint.distance_km is not None
    assert abs(hint.distance_km - expected_km) <= 1e-9 * expected_km
    lat, lon = anchor
    shape = apply_hint(hint, lat, lon, feature_code="PPL", population=0)
    assert shape.geometry.is_valid
    spot_lat, spot_lon = destination(lat, lon, bearing, hint.distance_km)
    assert shape.geometry.covers(Point(spot_lon, spot_lat))
    assert not shape.geometry.contains(Point(lon, lat))


@SETTINGS
@given(
    before=st.text(max_size=60),
    after=st.text(max_size=30),
    anchor=anchors,
)
def test_find_hints__arbitrary_text_never_raises(
    before: str, after: str, anchor: tuple[float, float]
) -> None:
    text = f"{before}Mosul{after}"
    (mention,) = find_hints(text, [Mention("Mosul", len(before), len(before) + 5, 0)])
    if mention.hint is not None:
        assert text[mention.hint.start : mention.hint.end] == mention.hint.text
        lat, lon = anchor
        shape = apply_hint(
            mention.hint, lat, lon, feature_code="PPL", population=0, lat2=0.0, lon2=0.0
        )
        assert -90.0 <= shape.lat <= 90.0 and -180.0 <= shape.lon <= 180.0
