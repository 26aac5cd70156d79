"""Pick one place (or none) for each mention, and say how sure we are.

Each candidate's score adds up evidence a careful reader would use:

* how well the name matched (exact > folded > transliteration skeleton);
* what kind of place it is (a country or province outranks a hamlet that
  shares its name) and how many people live there;
* the document's country focus, voted by unambiguous names and demonyms;
* a relative-location hint: a candidate for "Taramiyah" inside the sector
  "50 km north of Baghdad" beats one outside it.

A mention is left unresolved when only a loose spelling match outside the
document's focus supports it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geomap.gazetteer.lookup import Country
from geomap.hints import HintShape, anchor_scale_km, apply_hint, radius_equivalent_km
from geomap.records import Candidate, Location, Mention, Place, ResolvedMention

__all__ = ["Resolution", "resolve"]

_TYPE_PRIOR = {"PCLI": 0.9, "ADM1": 0.3, "PPLC": 0.5, "AIRP": 0.3}
# An area named like its main town ("Kirkuk", "Baghdad") is, in running text,
# the town unless a qualifier says otherwise ("Kirkuk province").
_AREA_SHARING_TOWN_NAME = -0.6
_FOCUS_BONUS = 0.8
_INSIDE_HINT_BONUS = 2.0
_OUTSIDE_HINT_PENALTY = -1.5
_MIN_SCORE = 1.4


class ResolverGazetteer(Protocol):
    """What resolution needs from a gazetteer."""

    def candidates(
        self, name: str, *, country: str | None = None, limit: int = 25
    ) -> list[Candidate]: ...

    def countries(self) -> dict[str, Country]: ...


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolved mentions of one document and its country focus."""

    mentions: tuple[ResolvedMention, ...]
    focus_country: str


@lru_cache(maxsize=512)
def _outline(wkt: str | None) -> BaseGeometry | None:
    return shapely.from_wkt(wkt) if wkt else None


def _prior(candidate: Candidate) -> float:
    place = candidate.place
    return (
        2.0 * candidate.score
        + _TYPE_PRIOR.get(place.feature_code, 0.0)
        + 0.12 * math.log10(place.population + 1)
    )


def focus_country(mentions: Sequence[Mention], candidates: dict[int, list[Candidate]]) -> str:
    """The country a document is about: demonyms and best-guess places vote."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        if mention.kind == "demonym" and mention.country_hint:
            votes[mention.country_hint] += 1.0
        elif mention.kind == "toponym" and candidates.get(mention.start):
            best = max(candidates[mention.start], key=_prior)
            if best.key != "skeleton":
                weight = 2.0 if best.place.feature_code == "PCLI" else 1.0
                votes[best.place.country] += weight
    return votes.most_common(1)[0][0] if votes else ""


def resolve(mentions: Sequence[Mention], gazetteer: ResolverGazetteer) -> Resolution:
    """Resolve every toponym mention; demonyms and modifiers stay unplaced."""
    candidates = {m.start: gazetteer.candidates(m.text) for m in mentions if m.kind == "toponym"}
    focus = focus_country(mentions, candidates)
    countries = gazetteer.countries()
    chosen: dict[int, tuple[Candidate | None, float]] = {}
    for m in mentions:
        if m.kind == "toponym":
            chosen[m.start] = _choose(candidates[m.start], focus, None)
    by_start = {m.start: m for m in mentions}
    out: list[ResolvedMention] = []
    for m in mentions:
        if m.kind != "toponym":
            out.append(ResolvedMention(m, None, 0.0))
            continue
        described = m.hint is not None and m.hint.anchor_start != m.start
        anchor_shape = None
        if described:
            assert m.hint is not None
            anchor = by_start.get(m.hint.anchor_start)
            anchor_choice = chosen.get(m.hint.anchor_start, (None, 0.0))[0]
            if anchor is not None and anchor_choice is not None:
                anchor_shape = apply_hint(
                    m.hint,
                    anchor_choice.place.lat,
                    anchor_choice.place.lon,
                    feature_code=anchor_choice.place.feature_code,
                    population=anchor_choice.place.population,
                )
                chosen[m.start] = _choose(candidates[m.start], focus, anchor_shape)
        best, confidence = chosen[m.start]
        location = _locate(m, best, anchor_shape, countries, focus)
        out.append(ResolvedMention(m, location, confidence, tuple(candidates[m.start][:10])))
    return Resolution(tuple(out), focus)


def _choose(
    candidates: list[Candidate], focus: str, shape: HintShape | None
) -> tuple[Candidate | None, float]:
    """The best candidate and a 0..1 confidence, or (None, 0) to abstain."""
    if not candidates:
        return None, 0.0
    town_scores: dict[str, float] = {}
    for c in candidates:
        if c.place.feature_class == "P":
            town_scores[c.place.country] = max(c.score, town_scores.get(c.place.country, 0.0))
    scored = []
    for c in candidates:
        score = _prior(c)
        if (
            c.place.feature_code == "ADM1"
            and town_scores.get(c.place.country, 0.0) >= c.score - 0.05
        ):
            score += _AREA_SHARING_TOWN_NAME
        in_focus = bool(focus) and c.place.country == focus
        if in_focus:
            score += _FOCUS_BONUS
        if shape is not None:
            score += _hint_fit(c.place, shape)
        if c.key == "skeleton" and not in_focus and shape is None:
            if focus:
                continue  # a loose spelling abroad, in a document about elsewhere: no
            score -= 1.0  # a loose spelling abroad is weak evidence
        scored.append((score, c))
    if not scored:
        return None, 0.0
    scored.sort(key=lambda sc: (-sc[0], sc[1].place.geonameid))
    best_score, best = scored[0]
    if best_score < _MIN_SCORE:
        return None, 0.0
    margin = best_score - scored[1][0] if len(scored) > 1 else 2.0
    confidence = best.score / (1.0 + math.exp(-2.0 * margin))
    return best, round(min(1.0, confidence), 3)


def _hint_fit(place: Place, shape: HintShape) -> float:
    point = Point(place.lon, place.lat)
    if shape.geometry.contains(point):
        return _INSIDE_HINT_BONUS
    # Degrees to km, roughly: only used to tell "just outside" from "far away".
    gap_km = shape.geometry.distance(point) * 111.0
    return _INSIDE_HINT_BONUS / 2 if gap_km < shape.uncertainty_km * 0.5 else _OUTSIDE_HINT_PENALTY


def _evidence(best: Candidate, focus: str) -> list[str]:
    place = best.place
    ev = [
        f"name {best.key} match '{best.matched_name}' ({best.score:.2f})",
        f"{place.feature_code} in {place.country}, population {place.population:,}",
    ]
    if focus and place.country == focus:
        ev.append("in the document's focus country")
    return ev


def _place_uncertainty(place: Place, countries: dict[str, Country]) -> tuple[float, int]:
    """A place's own extent (km) and ACLED precision when named alone."""
    if place.feature_code.startswith("PCL"):
        outline = (
            _outline(countries[place.country].geometry_wkt) if place.country in countries else None
        )
        radius = radius_equivalent_km(outline) if outline is not None else 300.0
        return radius, 3
    if place.feature_code == "ADM1":
        return anchor_scale_km("ADM1", place.population), 3
    return max(1.0, anchor_scale_km(place.feature_code, place.population) / 2), 1


def _locate(
    mention: Mention,
    best: Candidate | None,
    anchor_shape: HintShape | None,
    countries: dict[str, Country],
    focus: str,
) -> Location | None:
    """The mention's location: its place, moved or bounded by its hint if any."""
    hint = mention.hint
    if anchor_shape is not None and hint is not None:
        wkt = anchor_shape.geometry.wkt
        if best is not None and _hint_fit(best.place, anchor_shape) > 0:
            radius, _ = _place_uncertainty(best.place, countries)
            return Location(
                best.place.lat,
                best.place.lon,
                best.place,
                1,
                radius,
                wkt,
                tuple(_evidence(best, focus) + [f"lies within '{hint.text}'"]),
            )
        return Location(
            anchor_shape.lat,
            anchor_shape.lon,
            None,
            anchor_shape.precision,
            round(anchor_shape.uncertainty_km, 3),
            wkt,
            (f"'{mention.text}' not found near '{hint.text}'; placed by the hint",),
        )
    if best is None:
        return None
    place = best.place
    evidence = _evidence(best, focus)
    if hint is not None:  # the mention is the hint's own anchor: "near X", "northern X"
        outline = None
        if place.feature_code.startswith("PCL") and place.country in countries:
            outline = _outline(countries[place.country].geometry_wkt)
        shape = apply_hint(
            hint,
            place.lat,
            place.lon,
            feature_code=place.feature_code,
            population=place.population,
            outline=outline,
        )
        precision = max(shape.precision, _place_uncertainty(place, countries)[1])
        return Location(
            shape.lat,
            shape.lon,
            place,
            precision,
            round(shape.uncertainty_km, 3),
            shape.geometry.wkt,
            tuple(evidence + [f"hint '{hint.text}'"]),
        )
    radius, precision = _place_uncertainty(place, countries)
    return Location(place.lat, place.lon, place, precision, round(radius, 3), None, tuple(evidence))
