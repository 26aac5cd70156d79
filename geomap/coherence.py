"""Spatial coherence: a document's places tend to lie near each other.

A local story names "Gainesville" and "Sherman"; of the many Gainesvilles the
one in Texas has a Sherman 50 km away, the one in Florida has none. Each
candidate of an ambiguous name earns a bonus for every *other* name in the
document with a likely reading nearby: its best reading by prior, or one
nearly as good. Likely readings, not chosen ones, so two ambiguous names can
confirm each other without a first guess; and only likely ones, so the small
towns named after famous places (Washington, California, Houston and Boston,
all in one corner of Pennsylvania) do not vouch for each other.

Only towns, districts and other small places count as neighbours: a country
or a state is near everything inside it (the state focus handles those).
Points are bucketed on a one-degree grid, so the cost grows with the number
of candidates, not its square.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from geomap.distance import haversine_km
from geomap.gazetteer.keys import fold
from geomap.hints import REGION_CODES
from geomap.records import Candidate, Mention, Place

__all__ = ["NEAR_KM", "neighbour_bonuses"]

NEAR_KM = 100.0
"""Two places this close are neighbours (about a county or two)."""

_PER_NEIGHBOUR = 0.6  # bonus per other name with a candidate nearby
_MAX_BONUS = 1.8
_TOP = 10  # candidates per name considered, by the caller's order
_LIKELY_MARGIN = 0.25  # prior within this of the best: a likely reading
_LARGE_CODES = ("PCL", "ADM1")


def _is_small(place: Place) -> bool:
    """Not a country, first-level area, continent, sea or region: those are near everything."""
    code = place.feature_code
    return not code.startswith(_LARGE_CODES) and code not in REGION_CODES


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat), math.floor(lon)


_Entry = tuple[str, float, float]


def _around(grid: Mapping[tuple[int, int], list[_Entry]]) -> dict[tuple[int, int], list[_Entry]]:
    """Each cell's entries and its eight neighbours', by cell: one look-up per candidate.

    A document's likely readings fill a few cells; its candidates are many
    more, so spreading the entries once beats nine look-ups for each candidate.
    """
    around: dict[tuple[int, int], list[_Entry]] = defaultdict(list)
    for (row, col), entries in grid.items():
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                around[row + dr, col + dc].extend(entries)
    return around


def neighbour_bonuses(
    mentions: Sequence[Mention],
    candidates: Mapping[int, list[Candidate]],
    prior: Callable[[Candidate], float],
) -> dict[int, dict[int, float]]:
    """Per mention (by start), a bonus per candidate (by geonameid) for nearby other names.

    Only mentions with candidates in more than one place get bonuses; the
    bonus is _PER_NEIGHBOUR for each other distinct name (folded) with a
    likely small reading within NEAR_KM, at most _MAX_BONUS. (The grid's cells
    are a degree wide, so far north a neighbour east or west of a place may be
    missed beyond ~55 km: a missed bonus, never a wrong one.)
    """
    small: dict[int, list[Candidate]] = {}
    key_of: dict[int, str] = {}
    grid: dict[tuple[int, int], list[_Entry]] = defaultdict(list)
    for m in mentions:
        if not m.names_a_place or not candidates.get(m.start):
            continue
        key_of[m.start] = fold(m.text)
        top = candidates[m.start][:_TOP]
        priors = [prior(c) for c in top]
        best = max(priors)
        small[m.start] = []
        for c, p in zip(top, priors, strict=True):
            if not _is_small(c.place):
                continue
            small[m.start].append(c)
            if p >= best - _LIKELY_MARGIN:
                grid[_cell(c.place.lat, c.place.lon)].append(
                    (key_of[m.start], c.place.lat, c.place.lon)
                )
    if len(set(key_of.values())) < 2:
        return {}
    around = _around(grid)
    out: dict[int, dict[int, float]] = {}
    for start, found in small.items():
        if len({(round(c.place.lat), round(c.place.lon)) for c in found}) < 2:
            continue  # one place (or one area): nothing to decide
        own = key_of[start]
        bonuses: dict[int, float] = {}
        for c in found:
            lat, lon = c.place.lat, c.place.lon
            near: set[str] = set()
            for key, lat2, lon2 in around.get(_cell(lat, lon), ()):
                if key != own and key not in near and haversine_km(lat, lon, lat2, lon2) <= NEAR_KM:
                    near.add(key)
            if near:
                bonuses[c.place.geonameid] = min(_MAX_BONUS, _PER_NEIGHBOUR * len(near))
        if bonuses:
            out[start] = bonuses
    return out
