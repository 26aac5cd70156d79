"""Tests for geomap.coherence: nearby other names vouch for a reading."""

from __future__ import annotations

import math

import pytest

from geomap.coherence import NEAR_KM, neighbour_bonuses
from geomap.records import Candidate, Mention, Place
from geomap.resolve import _prior, resolve


def _candidate(gid: int, name: str, lat: float, lon: float, pop: int, code: str = "PPL"):
    place = Place(gid, name, lat, lon, "A" if code.startswith(("ADM", "PCL")) else "P", code,
                  "US", population=pop)  # fmt: skip
    return Candidate(place, 1.0, "exact", name)


GAINESVILLE_FL = _candidate(1, "Gainesville", 29.65, -82.32, 145_000)
GAINESVILLE_TX = _candidate(2, "Gainesville", 33.63, -97.13, 16_000)
SHERMAN_TX = _candidate(3, "Sherman", 33.64, -96.61, 40_000)
SHERMAN_NY = _candidate(4, "Sherman", 42.16, -79.60, 700)


def _mentions(*texts: str) -> list[Mention]:
    out, start = [], 0
    for text in texts:
        out.append(Mention(text, start, start + len(text), 0))
        start += len(text) + 10
    return out


def test_neighbour_bonuses__the_town_near_another_name_gets_the_bonus() -> None:
    gainesville, sherman = _mentions("Gainesville", "Sherman")
    candidates = {
        gainesville.start: [GAINESVILLE_FL, GAINESVILLE_TX],
        sherman.start: [SHERMAN_TX, SHERMAN_NY],
    }
    bonuses = neighbour_bonuses([gainesville, sherman], candidates, _prior)
    assert bonuses[gainesville.start] == {GAINESVILLE_TX.place.geonameid: pytest.approx(0.6)}
    assert bonuses[sherman.start] == {SHERMAN_TX.place.geonameid: pytest.approx(0.6)}


def test_neighbour_bonuses__unlikely_readings_do_not_vouch() -> None:
    # A hamlet named like a big city is no evidence for the towns around it.
    washington, boston = _mentions("Washington", "Boston")
    candidates = {
        washington.start: [_candidate(10, "Washington", 38.90, -77.04, 690_000, "PPLC"),
                           _candidate(11, "Washington", 40.17, -80.25, 13_000)],
        boston.start: [_candidate(12, "Boston", 42.36, -71.06, 670_000),
                       _candidate(13, "Boston", 40.31, -79.82, 545)],
    }  # fmt: skip
    assert neighbour_bonuses([washington, boston], candidates, _prior) == {}


def test_neighbour_bonuses__same_name_twice_is_no_neighbour_and_areas_do_not_count() -> None:
    first, again, state = _mentions("Gainesville", "Gainesville", "Texas")
    texas = _candidate(20, "Texas", 31.25, -99.25, 28_000_000, "ADM1")
    candidates = {
        first.start: [GAINESVILLE_FL, GAINESVILLE_TX],
        again.start: [GAINESVILLE_FL, GAINESVILLE_TX],
        state.start: [texas],
    }
    assert neighbour_bonuses([first, again, state], candidates, _prior) == {}


def test_neighbour_bonuses__threshold_is_near_km() -> None:
    a, b = _mentions("Alpha", "Beta")
    step = (NEAR_KM - 5) / 111.2  # degrees of latitude just inside the threshold
    far = (NEAR_KM + 5) / 111.2
    for offset, expected in ((step, True), (far, False)):
        candidates = {
            a.start: [_candidate(30, "Alpha", 10.0, 20.0, 1000),
                      _candidate(31, "Alpha", -40.0, 100.0, 1000)],
            b.start: [_candidate(32, "Beta", 10.0 + offset, 20.0, 1000)],
        }  # fmt: skip
        found = neighbour_bonuses([a, b], candidates, _prior)
        assert (30 in found.get(a.start, {})) is expected, offset
    assert math.isclose(NEAR_KM, 100.0)


def test_resolve__a_neighbouring_town_picks_the_right_namesake(gazetteer):
    from geomap.recognize import recognize
    from geomap.text import normalise, sentences

    text = normalise(
        "The veteran stopped in Gainesville before heading on to Sherman, "
        "where he had decided to spend the night."
    )
    mentions = recognize(text, sentences(text), gazetteer)
    found = {rm.mention.text: rm.location.place for rm in resolve(mentions, gazetteer).mentions}
    assert (found["Gainesville"].admin1, found["Sherman"].admin1) == ("Texas", "Texas")


def test_neighbour_bonuses__a_region_or_sea_vouches_for_no_town() -> None:
    # A region's point is a rough middle: nothing near it is thereby likelier.
    town, region = _mentions("Gainesville", "Gulf Coast")
    gulf = _candidate(40, "Gulf Coast", 29.7, -82.3, 0, "RGN")
    candidates = {town.start: [GAINESVILLE_FL, GAINESVILLE_TX], region.start: [gulf]}
    assert neighbour_bonuses([town, region], candidates, _prior) == {}
