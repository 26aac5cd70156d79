"""Pick one place (or none) for each mention, and say how sure we are.

Each candidate's score adds up evidence a careful reader would use:

* how well the name matched (exact > folded > transliteration skeleton);
* what kind of place it is (a country or province outranks a hamlet that
  shares its name, though a province under a million people does not
  outrank a town of its name, nor a capital under 100,000 a bigger town) and
  how many people live there; whether the name is the town's own or one of
  its alternate names ("Paris" for Swainsboro, Georgia);
* the document's country focus, voted by unambiguous names and demonyms (and
  the analyst's region of interest, ``--country``), then its province or
  state focus, for local news ("Paris" in a story about Texas towns); a
  name's repetitions vote 0.2 each; a city of a million abroad still
  outweighs a namesake in the focus country thirty times smaller ("Toronto"
  in a story about baseball in Texas), and a city of half a million its far
  smaller namesakes at home ("Louisville" beside "Mississippi State");
* "Georgia" in a story about the United States is the state, for the votes
  and for the towns inside a named state;
* a qualifier written after the name ("Paris, Texas"; in "Rome, Georgia" the
  state that holds a Rome, not the country) or the text calling it an area
  ("Kirkuk governorate", "Cooke, Grayson and Love counties");
* the other names: a reading near other names' likely readings
  (:mod:`geomap.coherence`) or inside a state the text names gains;
* a relative-location hint: a candidate for "Taramiyah" inside the sector
  "50 km north of Baghdad" beats one outside it;
* a tie-breaker for the hint's anchor: a candidate for "Baghdad" that would put
  "50 km north of Baghdad" in the sea or in another country than its own
  loses a little (``_OFF_LAND_PENALTY``).

"between A and B" places A at the geodesic midpoint of A and B, inside a
corridor, when both resolve to places that are not countries and lie at most
200 km apart.

A mention is left unresolved when only a loose spelling match outside the
document's focus supports it, or when its best reading is a town abroad of
under 20,000 people (a province or county of under 100,000) that nothing
else in the text supports.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import shapely
from geopy.distance import geodesic
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geomap.coherence import neighbour_bonuses
from geomap.errors import HintError
from geomap.gazetteer.lookup import Country, is_own_name
from geomap.hints import (
    REGION_CODES,
    HintShape,
    anchor_scale_km,
    apply_hint,
    destination,
    radius_equivalent_km,
)
from geomap.records import Candidate, Hint, Location, Mention, Place, ResolvedMention

__all__ = ["Resolution", "resolve"]

_TYPE_PRIOR = {
    "PCLI": 0.9, "ADM1": 0.3, "PPLC": 0.5, "AIRP": 0.3,
    # Regions and water bodies have no population to speak for them; a name
    # like "Middle East" means the region far more than a hamlet, and "Red Sea"
    # the sea more than the provinces named after it (unless the document is
    # about their country).
    "OCN": 1.1, "SEA": 1.1, "GULF": 1.1, "BAY": 1.1, "STRT": 1.1, "RGN": 0.8, "PEN": 0.8,
}  # fmt: skip
# An area named like its main town ("Kirkuk", "Baghdad") is, in running text,
# the town unless a qualifier says otherwise ("Kirkuk province").
_AREA_SHARING_TOWN_NAME = -0.6
# A capital smaller than this has no capital's prior: Hamilton, Bermuda;
# Victoria, Seychelles; Plymouth, Montserrat.
_MINOR_CAPITAL_POPULATION = 100_000
# A first-level area smaller than this has no type prior over towns of its name.
_MINOR_AREA_POPULATION = 1_000_000
_OTHER_NAME_PENALTY = -1.0  # a town known by the name only as an alternate name
_OTHER_NAME_PENALTY_BIGGER = -0.3  # ... and bigger than the towns whose own name it is
_FOCUS_BONUS = 0.8
# A city of a million outweighs, by this much, a namesake in the document's
# country that is this many times smaller: readers know Toronto and Rome.
_WORLD_CITY_BONUS = 0.6
_WORLD_CITY_POPULATION = 1_000_000
_WORLD_CITY_RATIO = 30
# ... and in the focus country, a city of half a million outweighs by this much
# a namesake there thirty times smaller: Louisville, Kentucky, Louisville,
# Mississippi, whatever the text says of Mississippi.
_HOME_CITY_BONUS = 1.0
_HOME_CITY_POPULATION = 500_000
_ADMIN1_FOCUS_BONUS = 0.5
_PRIOR_VOTES = 3.0
_INSIDE_NAMED_AREA_BONUS = 0.6
_REPEAT_VOTE = 0.2  # a repeated name's vote, against 1.0 for its first mention
_QUALIFIER_BONUS = 2.0  # stronger than any document focus: the text says where
_AREA_WORDS = re.compile(
    r"(?i)\b(?:province|governorate|state|region|county|counties|parish|parishes|prefecture|oblast)\b"
)
# "Cooke county", "Cooke, Grayson and Love counties": the gazetteer knows the
# county by its full name ("Cooke County"), not by "Cooke", a town's name.
_COUNTY_WORDS = re.compile(r"(?i)\b(?:(?P<county>county|counties)|(?P<parish>parish|parishes))\b")
_INSIDE_HINT_BONUS = 2.0
_OUTSIDE_HINT_PENALTY = -1.5
_MIN_SCORE = 1.4
# In a story about one country, a town abroad smaller than this that nothing
# else in the text supports (no neighbouring name, no qualifier, no hint) is
# likelier a word, a team or a person than the town: "the Astros" in Texas.
_SMALL_TOWN_POPULATION = 20_000
# ... and so is a province or county abroad smaller than this: "the West
# Coast" in an American story is no New Zealand region of 29,000 people.
_SMALL_AREA_POPULATION = 100_000
# An anchor candidate whose "50 km north of X" lands in the sea or abroad: a
# tie-breaker only, well below the focus bonus and a name match, because
# country outlines are coarse and border towns have neighbours across the line.
_OFF_LAND_PENALTY = -0.4
_OFF_LAND_TOLERANCE_KM = 25.0  # the outlines' resolution
# "the road between Homs and Palmyra" is a corridor; "flights between London
# and Harare" name a route whose middle is no place of either.
_CORRIDOR_MAX_KM = 200.0


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
    kind = _TYPE_PRIOR.get(place.feature_code, 0.0)
    if place.feature_code == "PPLC" and place.population < _MINOR_CAPITAL_POPULATION:
        kind = 0.0  # Hamilton, Bermuda (902 people) is not the Hamilton most texts mean
    return 2.0 * candidate.score + kind + 0.12 * math.log10(place.population + 1)


def _minor_area_beside_town(candidate: Candidate, best_town_score: float) -> bool:
    """A province of under a million people whose name a town matches as well:
    Mozambique's Gaza province is no better known than Gaza city."""
    return (
        candidate.place.feature_code == "ADM1"
        and candidate.place.population < _MINOR_AREA_POPULATION
        and best_town_score >= candidate.score - 0.05
    )


def _likeliest(found: Sequence[Candidate]) -> Candidate:
    """The reading a name has on its own, before the document says more."""
    town = max((c.score for c in found if c.place.feature_class == "P"), default=0.0)
    return max(
        found,
        key=lambda c: _prior(c) - (_TYPE_PRIOR["ADM1"] if _minor_area_beside_town(c, town) else 0),
    )


def _vote_shares(mentions: Iterable[Mention]) -> Iterator[tuple[Mention, float]]:
    """Each mention with its vote: 1.0 for a name's first mention, ``_REPEAT_VOTE`` after.

    A story about Dublin, Ohio says "Dublin" a dozen times and "Ohio" once.
    """
    seen: set[str] = set()
    for mention in mentions:
        yield mention, (_REPEAT_VOTE if mention.text in seen else 1.0)
        seen.add(mention.text)


def focus_country(
    mentions: Sequence[Mention],
    candidates: Mapping[int, list[Candidate]],
    likeliest: Mapping[int, Candidate],
    prior: str = "",
) -> str:
    """The country a document is about: demonyms and best-guess places vote.

    ``likeliest`` holds each placed mention's :func:`_likeliest` reading (by
    start). ``prior`` is the analyst's region of interest (``--country``): it
    votes as three mentions would, so a document that clearly names elsewhere
    still can.
    """
    votes: Counter[str] = Counter()
    if prior:
        votes[prior.upper()] += _PRIOR_VOTES
    for mention, share in _vote_shares(mentions):
        if mention.kind == "demonym" and mention.country_hint:
            votes[mention.country_hint] += share
        elif mention.names_a_place and mention.start in likeliest:
            best = likeliest[mention.start]
            if best.key != "skeleton" and not _names_major_places_apart(
                candidates[mention.start], best
            ):
                weight = 2.0 if best.place.feature_code == "PCLI" else 1.0
                votes[best.place.country] += weight * share
    return votes.most_common(1)[0][0] if votes else ""


def _as_focus_state(likeliest: Candidate, found: Sequence[Candidate], focus: str) -> Candidate:
    """A name's reading as the focus country's state or province of that name, if it has one.

    "Georgia" alone is the country; in a story about the United States it is
    the state, and it speaks for the state's towns.
    """
    if not focus or likeliest.place.country == focus:
        return likeliest
    return next(
        (
            c
            for c in found
            if c.place.country == focus and c.place.feature_code == "ADM1" and c.key != "skeleton"
        ),
        likeliest,
    )


def _inside_named_areas(
    mentions: Sequence[Mention], candidates: Mapping[int, list[Candidate]], focus: str
) -> dict[int, dict[int, float]]:
    """Bonuses for readings inside a state or province the document names.

    "Dublin" in a story that also says "Ohio" is likelier Dublin, Ohio: the
    reading inside a first-level area named elsewhere in the text gains
    ``_INSIDE_NAMED_AREA_BONUS``, as a neighbouring town's name would give.
    In a story about the United States, "Georgia" names the state.
    """
    best = {
        m.start: _as_focus_state(max(candidates[m.start], key=_prior), candidates[m.start], focus)
        for m in mentions
        if m.names_a_place and candidates.get(m.start)
    }
    areas = {
        (c.place.country, c.place.admin1)
        for c in best.values()
        if c.key != "skeleton" and c.place.feature_code == "ADM1"
    }
    out: dict[int, dict[int, float]] = {}
    if not areas:
        return out
    for start, likeliest in best.items():
        if _is_large(likeliest.place):
            continue  # "China" beside "Maine" is still China, not China, Maine
        for c in candidates[start]:
            place = c.place
            if place.feature_code != "ADM1" and (place.country, place.admin1) in areas:
                out.setdefault(start, {})[place.geonameid] = _INSIDE_NAMED_AREA_BONUS
    return out


def _is_large(place: Place) -> bool:
    """A country, a first-level area, or a region or sea."""
    code = place.feature_code
    return code.startswith("PCL") or code == "ADM1" or code in REGION_CODES


def _qualifiers(
    mentions: Sequence[Mention], candidates: dict[int, list[Candidate]]
) -> dict[int, tuple[int, Place]]:
    """'Paris, Texas', 'Alexandria, Egypt': a name qualified by the region or country after it.

    The qualifier is the next mention, two characters on (", "), whose
    strongest reading is a first-level area or a country. Its reading is the
    strongest such area that holds a reading of the name: "Rome, Georgia" is
    in the US state, not in the country. Maps the name's start to the
    qualifier's start and reading.
    """
    out: dict[int, tuple[int, Place]] = {}
    for a, b in zip(mentions, mentions[1:], strict=False):
        if a.kind != "toponym" or b.kind != "toponym" or b.start != a.end + 2:
            continue
        if not candidates.get(b.start) or not candidates.get(a.start):
            continue
        best = max(candidates[b.start], key=_prior)
        if best.key == "skeleton" or best.place.feature_code not in ("ADM1", "PCLI"):
            continue
        areas = sorted(
            (
                c
                for c in candidates[b.start]
                if c.key != "skeleton" and c.place.feature_code in ("ADM1", "PCLI")
            ),
            key=_prior,
            reverse=True,
        )
        holding = next(
            (r.place for r in areas if any(_within(c.place, r.place) for c in candidates[a.start])),
            best.place,
        )
        out[a.start] = (b.start, holding)
    return out


def _within(place: Place, region: Place) -> bool:
    """True when ``place`` lies in the country or first-level area ``region``."""
    if place.country != region.country or place.geonameid == region.geonameid:
        return False
    return region.feature_code.startswith("PCL") or place.admin1 == region.admin1


def _candidates(mention: Mention, gazetteer: ResolverGazetteer) -> list[Candidate]:
    """The gazetteer's readings of a mention; a county the text names comes first."""
    found = gazetteer.candidates(mention.text)
    if not _names_an_area(mention):
        return found
    assert mention.hint is not None
    word = _COUNTY_WORDS.search(mention.hint.text[mention.end - mention.hint.start :])
    if word is None:
        return found
    suffix = "County" if word.group("county") else "Parish"
    areas = [
        c
        for c in gazetteer.candidates(f"{mention.text} {suffix}")
        if c.place.feature_code == "ADM2" and c.key != "skeleton"
    ]
    taken = {a.place.geonameid for a in areas}
    return areas + [c for c in found if c.place.geonameid not in taken]


def _names_an_area(mention: Mention) -> bool:
    """'Diyala province', 'Kirkuk governorate': the text calls the place an area."""
    hint = mention.hint
    return (
        hint is not None
        and hint.kind == "area"
        and hint.anchor_start == mention.start
        and bool(_AREA_WORDS.search(hint.text[mention.end - hint.start :]))
    )


def _is_region(place: Place) -> bool:
    return place.feature_code in ("PCLI", "ADM1")


def _names_major_places_apart(found: Sequence[Candidate], best: Candidate) -> bool:
    """'Georgia' (a country, a US state), 'Punjab' (India, Pakistan): a name that
    countries or first-level areas of several countries bear equally says
    nothing of the document's country."""
    return _is_region(best.place) and any(
        c.place.country != best.place.country
        and _is_region(c.place)
        and c.score >= best.score - 0.02
        and c.key != "skeleton"
        for c in found
    )


def focus_admin1(
    mentions: Sequence[Mention], likeliest: Mapping[int, Candidate], focus: str
) -> str:
    """The province or state a document is about, when its places agree on one.

    Local news names its state once ("Texas") and its towns often; the towns'
    unambiguous readings and the state itself vote, and a state must win at
    least two votes and half of them. ``likeliest`` holds each placed
    mention's reading as :func:`_as_focus_state` gives it.
    """
    votes: Counter[str] = Counter()
    placed = [m for m in mentions if m.names_a_place and m.start in likeliest]
    for mention, share in _vote_shares(placed):
        best = likeliest[mention.start]
        if best.key == "skeleton" or best.place.country != focus or not best.place.admin1:
            continue
        votes[best.place.admin1] += share * (2.0 if best.place.feature_code == "ADM1" else 1.0)
    if not votes:
        return ""
    admin1, count = votes.most_common(1)[0]
    return admin1 if count >= 2 and count >= sum(votes.values()) / 2 else ""


def resolve(
    mentions: Sequence[Mention], gazetteer: ResolverGazetteer, *, country: str = ""
) -> Resolution:
    """Resolve every toponym mention; demonyms and modifiers stay unplaced.

    ``country`` (ISO alpha-2) is a region of interest that weighs in the
    document's country focus.
    """
    candidates = {m.start: _candidates(m, gazetteer) for m in mentions if m.names_a_place}
    # Each name's reading on its own, taken once for both focus votes.
    likeliest = {start: _likeliest(found) for start, found in candidates.items() if found}
    focus = focus_country(mentions, candidates, likeliest, country)
    if focus:  # "Georgia" in a story about the United States is the state
        in_focus = {s: _as_focus_state(b, candidates[s], focus) for s, b in likeliest.items()}
        admin1 = focus_admin1(mentions, in_focus, focus)
    else:
        admin1 = ""
    countries = gazetteer.countries()
    chosen: dict[int, tuple[Candidate | None, float]] = {}
    adjust = _off_land_penalties(mentions, candidates, countries)
    for extra in (
        _inside_named_areas(mentions, candidates, focus),
        neighbour_bonuses(mentions, candidates, _prior),
    ):
        for start, bonuses in extra.items():
            into = adjust.setdefault(start, {})
            for geonameid, bonus in bonuses.items():
                into[geonameid] = into.get(geonameid, 0.0) + bonus
    qualifiers = _qualifiers(mentions, candidates)
    for qualifier_start, region in qualifiers.values():  # "Georgia" in "Rome, Georgia"
        into = adjust.setdefault(qualifier_start, {})
        into[region.geonameid] = into.get(region.geonameid, 0.0) + _QUALIFIER_BONUS
    regions = {start: region for start, (_, region) in qualifiers.items()}
    for m in mentions:
        if m.names_a_place:
            chosen[m.start] = _choose(
                candidates[m.start], focus, None, adjust.get(m.start), admin1,
                qualifier=regions.get(m.start), prefer_area=_names_an_area(m),
            )  # fmt: skip
    by_start = {m.start: m for m in mentions}
    out: list[ResolvedMention] = []
    for m in mentions:
        if not m.names_a_place:
            out.append(ResolvedMention(m, None, 0.0))
            continue
        described = m.hint is not None and m.hint.anchor_start != m.start
        anchor_shape = None
        if described:
            assert m.hint is not None
            anchor = by_start.get(m.hint.anchor_start)
            anchor_choice = chosen.get(m.hint.anchor_start, (None, 0.0))[0]
            if anchor is not None and anchor_choice is not None:
                anchor_shape = _apply_at(m.hint, anchor_choice.place)
                chosen[m.start] = _choose(
                    candidates[m.start], focus, anchor_shape, focus_admin1=admin1,
                    qualifier=regions.get(m.start),
                )  # fmt: skip
        best, confidence = chosen[m.start]
        second = _second_anchor(m.hint, best, chosen)
        location = _locate(m, best, anchor_shape, countries, focus, second)
        out.append(ResolvedMention(m, location, confidence, tuple(candidates[m.start][:10])))
    return Resolution(tuple(out), focus)


def _choose(
    candidates: list[Candidate],
    focus: str,
    shape: HintShape | None,
    penalties: Mapping[int, float] | None = None,
    focus_admin1: str = "",
    *,
    qualifier: Place | None = None,
    prefer_area: bool = False,
) -> tuple[Candidate | None, float]:
    """The best candidate and a 0..1 confidence, or (None, 0) to abstain.

    ``penalties`` (by geonameid) add to a candidate's score: the off-land
    tie-breakers of a hint's anchor and the bonus for nearby other names;
    ``focus_admin1`` is the province or state the document is about, if any;
    ``qualifier`` the region or country written right after the name ("Paris,
    Texas"); ``prefer_area`` says the text calls it a province or district.
    """
    if not candidates:
        return None, 0.0
    # Towns by the area they lie in: "Kirkuk" the city lies in Kirkuk province,
    # while no town called "California" lies in California.
    town_scores: dict[tuple[str, str], float] = {}
    for c in candidates:
        if c.place.feature_class == "P":
            area = (c.place.country, c.place.admin1)
            town_scores[area] = max(c.score, town_scores.get(area, 0.0))
    # Towns whose own name it is: "Paris" is Paris before it is Swainsboro,
    # Georgia, which GeoNames also calls Paris. A town bigger than every town
    # that bears the name as its own loses less: Palmyra, Pennsylvania is no
    # rival for Tadmur, which English calls Palmyra, once the story is about Syria.
    own_population = max(
        (
            c.place.population
            for c in candidates
            if c.place.feature_class == "P" and c.key != "skeleton" and is_own_name(c)
        ),
        default=None,
    )
    best_town = max(town_scores.values(), default=0.0)
    # The towns of the name in the focus country, biggest first: "Toronto" in a
    # story about the United States is still Toronto, Ontario, not Toronto,
    # Ohio; "Louisville" is Louisville, Kentucky before Louisville, Mississippi.
    home = sorted(
        (
            c.place.population
            for c in candidates
            if focus and c.place.country == focus and c.place.feature_class == "P"
        ),
        reverse=True,
    )
    scored = []
    for c in candidates:
        score = _prior(c)
        if focus:
            score += _big_city_bonus(c, focus, home)
        if own_population is not None and c.place.feature_class == "P" and not is_own_name(c):
            bigger = c.place.population > own_population
            score += _OTHER_NAME_PENALTY_BIGGER if bigger else _OTHER_NAME_PENALTY
        if (
            c.place.feature_code == "ADM1"
            and town_scores.get((c.place.country, c.place.admin1), 0.0) >= c.score - 0.05
        ):
            score += _AREA_SHARING_TOWN_NAME
        elif _minor_area_beside_town(c, best_town):
            score -= _TYPE_PRIOR["ADM1"]
        # A sea or a region of no one country is never abroad.
        in_focus = bool(focus) and (
            c.place.country == focus
            or (not c.place.country and c.place.feature_code in REGION_CODES)
        )
        if in_focus:
            score += _FOCUS_BONUS
            if focus_admin1 and c.place.admin1 == focus_admin1:
                score += _ADMIN1_FOCUS_BONUS
        if penalties:
            score += penalties.get(c.place.geonameid, 0.0)
        if qualifier is not None and _within(c.place, qualifier):
            score += _QUALIFIER_BONUS
        if (
            prefer_area
            and c.place.feature_class == "A"
            and not c.place.feature_code.startswith("PCL")
        ):
            score += _QUALIFIER_BONUS
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
    supported = bool(penalties and penalties.get(best.place.geonameid, 0.0) > 0)
    unsupported = shape is None and qualifier is None and not prefer_area and not supported
    if focus and unsupported and _minor_place_abroad(best.place, focus):
        return None, 0.0  # "the Astros" in a Texas story: no village in Greece
    margin = best_score - scored[1][0] if len(scored) > 1 else 2.0
    confidence = best.score / (1.0 + math.exp(-2.0 * margin))
    return best, round(min(1.0, confidence), 3)


def _minor_place_abroad(place: Place, focus: str) -> bool:
    """A town or a province or county of few people outside the document's country ``focus``."""
    if not place.country or place.country == focus:
        return False
    if place.feature_class == "P":
        return place.population < _SMALL_TOWN_POPULATION
    return place.feature_code in ("ADM1", "ADM2") and place.population < _SMALL_AREA_POPULATION


def _big_city_bonus(candidate: Candidate, focus: str, home: Sequence[int]) -> float:
    """The bonus of a big city over far smaller namesakes in the focus country.

    ``home`` holds the populations of the name's towns in ``focus``, biggest
    first. A city of a million abroad outweighs them all; in the focus
    country, a city of half a million outweighs the others.
    """
    if candidate.place.country != focus:
        world = _big_city_over(candidate, home[0] if home else 0, _WORLD_CITY_POPULATION)
        return _WORLD_CITY_BONUS if world else 0.0
    if len(home) > 1 and candidate.place.population == home[0]:
        return (
            _HOME_CITY_BONUS if _big_city_over(candidate, home[1], _HOME_CITY_POPULATION) else 0.0
        )
    return 0.0


def _big_city_over(candidate: Candidate, population: int, at_least: int) -> bool:
    """A city of ``at_least`` people, by its own name, many times bigger than ``population``."""
    place = candidate.place
    return (
        place.feature_class == "P"
        and place.population >= at_least
        and place.population > _WORLD_CITY_RATIO * population
        and candidate.key != "skeleton"
        and is_own_name(candidate)
    )


def _apply_at(hint: Hint, place: Place, **extra: object) -> HintShape:
    """``hint`` applied at a gazetteer place, its kind and size setting the scale."""
    return apply_hint(
        hint, place.lat, place.lon, feature_code=place.feature_code,
        population=place.population, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def _hint_fit(place: Place, shape: HintShape) -> float:
    point = Point(place.lon, place.lat)
    # covers, not contains: a shape cut at +-180 has its seam on its boundary
    if shape.geometry.covers(point):
        return _INSIDE_HINT_BONUS
    # Degrees to km, roughly: only used to tell "just outside" from "far away".
    gap_km = shape.geometry.distance(point) * 111.0
    return _INSIDE_HINT_BONUS / 2 if gap_km < shape.uncertainty_km * 0.5 else _OUTSIDE_HINT_PENALTY


def _off_land_penalties(
    mentions: Sequence[Mention],
    candidates: Mapping[int, list[Candidate]],
    countries: Mapping[str, Country],
) -> dict[int, dict[int, float]]:
    """Per anchor mention (by start), the candidates (by geonameid) a hint sends off land.

    For each "offset" or "distance" hint, an anchor candidate loses
    ``_OFF_LAND_PENALTY`` when the hint's point ("offset") or its whole ring
    ("distance") lies more than ``_OFF_LAND_TOLERANCE_KM`` outside the outline
    of the candidate's own country: in the sea, or abroad. Candidates without
    an outline are not judged.
    """
    out: dict[int, dict[int, float]] = {}
    for m in mentions:
        hint = m.hint
        if hint is None or hint.kind not in ("offset", "distance"):
            continue
        for c in candidates.get(hint.anchor_start, []):
            country = countries.get(c.place.country)
            outline = _outline(country.geometry_wkt) if country is not None else None
            if outline is not None and not _lands_within(hint, c.place, outline):
                out.setdefault(hint.anchor_start, {})[c.place.geonameid] = _OFF_LAND_PENALTY
    return out


def _lands_within(hint: Hint, place: Place, outline: BaseGeometry) -> bool:
    """Whether ``hint`` applied at ``place`` reaches ``outline`` (within the tolerance)."""
    try:
        if hint.kind == "offset":
            assert hint.bearing_deg is not None and hint.distance_km is not None
            lat, lon = destination(place.lat, place.lon, hint.bearing_deg, hint.distance_km)
            target: BaseGeometry = Point(lon, lat)
        else:
            target = _apply_at(hint, place).geometry
    except HintError:
        return True  # nothing to judge by
    if outline.intersects(target):
        return True
    near_outline, near_target = nearest_points(outline, target)
    gap_km = geodesic((near_outline.y, near_outline.x), (near_target.y, near_target.x)).km
    return gap_km <= _OFF_LAND_TOLERANCE_KM


def _second_anchor(
    hint: Hint | None, first: Candidate | None, chosen: Mapping[int, tuple[Candidate | None, float]]
) -> Place | None:
    """The resolved second anchor of a "between" hint, when both anchors make a corridor.

    None unless both anchors resolved; also None when either is a country,
    since "talks between Turkey and Russia" names a relation, not a place, or
    when they lie more than ``_CORRIDOR_MAX_KM`` apart ("flights between
    London and Harare").
    """
    if hint is None or hint.kind != "between" or hint.anchor2_start is None or first is None:
        return None
    second = chosen.get(hint.anchor2_start, (None, 0.0))[0]
    if second is None:
        return None
    if first.place.feature_code.startswith("PCL") or second.place.feature_code.startswith("PCL"):
        return None
    a, b = first.place, second.place
    if geodesic((a.lat, a.lon), (b.lat, b.lon)).km > _CORRIDOR_MAX_KM:
        return None
    return second.place


def _evidence(best: Candidate, focus: str) -> list[str]:
    place = best.place
    ev = [
        f"name {best.key} match '{best.matched_name}' ({best.score:.2f})",
        f"{place.feature_code} in {place.country}, population {place.population:,}",
    ]
    if focus and place.country == focus:
        ev.append("in the document's focus country")
    return ev


@lru_cache(maxsize=512)
def _outline_radius_km(wkt: str | None) -> float:
    """A country's radius-equivalent, once per outline (measuring it costs ms)."""
    outline = _outline(wkt)
    return radius_equivalent_km(outline) if outline is not None else 300.0


def _place_uncertainty(place: Place, countries: dict[str, Country]) -> tuple[float, int]:
    """A place's own extent (km) and ACLED precision when named alone."""
    if place.feature_code.startswith("PCL"):
        wkt = countries[place.country].geometry_wkt if place.country in countries else None
        return _outline_radius_km(wkt), 3
    if place.feature_code == "ADM1" or place.feature_code in REGION_CODES:
        return anchor_scale_km(place.feature_code, place.population), 3
    if place.feature_code == "ADM2":  # a district: ACLED's precision 2
        return anchor_scale_km("ADM2", place.population), 2
    return max(1.0, anchor_scale_km(place.feature_code, place.population) / 2), 1


def _names_its_own_part(hint: Hint, place: Place) -> bool:
    """True when a "region" hint's compass word begins the place's own name.

    "eastern Ghouta" found as Eastern Ghouta already is that part; moving it
    east again would put it a region's width away.
    """
    if hint.kind != "region" or not place.name.split():
        return False
    written = {w.casefold() for w in hint.text.replace(hint.anchor_text, " ").split()}
    return place.name.split()[0].casefold() in written


def _locate(
    mention: Mention,
    best: Candidate | None,
    anchor_shape: HintShape | None,
    countries: dict[str, Country],
    focus: str,
    second: Place | None = None,
) -> Location | None:
    """The mention's location: its place, moved or bounded by its hint if any.

    ``second`` is the resolved second anchor of a "between" hint; without it
    that hint is ignored and the mention stands for its own place.
    """
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
    if hint is not None and hint.kind == "between" and second is None:
        hint = None  # "between A and B" without B: A alone
    if hint is not None and _names_its_own_part(hint, place):
        hint = None  # "eastern Ghouta" is the place Eastern Ghouta, not its east
    if hint is not None:  # the mention is the hint's own anchor: "near X", "northern X"
        outline = None
        if place.feature_code.startswith("PCL") and place.country in countries:
            outline = _outline(countries[place.country].geometry_wkt)
        shape = _apply_at(
            hint,
            place,
            outline=outline,
            lat2=second.lat if second is not None else None,
            lon2=second.lon if second is not None else None,
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
