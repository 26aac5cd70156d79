"""Frozen values passed between the pipeline's stages.

Every stage takes and returns these records, never dicts: they are immutable,
hashable and cheap, so the middle of the pipeline is pure functions. Axis
order is always explicit: fields are named ``lat``/``lon``; ``[lon, lat]``
pairs are built only in :mod:`geomap.export`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "Candidate",
    "Document",
    "FailedDocument",
    "Hint",
    "Incident",
    "Location",
    "Mention",
    "Outcome",
    "ParsedDocument",
    "Place",
    "ResolvedMention",
    "Source",
    "sources_of",
]


@dataclass(frozen=True, slots=True)
class Document:
    """One input text and what is known about it."""

    text: str
    doc_id: str
    published: dt.date | None = None  # publication date, if known
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer row."""

    geonameid: int
    name: str
    lat: float
    lon: float
    feature_class: str  # GeoNames class: A (country/admin), P (populated), S (spot)
    feature_code: str  # GeoNames code: PCLI, ADM1, PPL, PPLC, AIRP ...
    country: str  # ISO 3166-1 alpha-2, "" if none
    admin1: str = ""  # first-level administrative area's name, "" if unknown
    population: int = 0
    source: str = ""  # which gazetteer layer it came from


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may refer to, with how well the name matched."""

    place: Place
    score: float  # 0..1 similarity between the text's name and the place's best name
    key: str  # which name key found it: "exact", "folded" or "skeleton"
    matched_name: str  # the gazetteer name that matched


@dataclass(frozen=True, slots=True)
class Hint:
    """A relative-location phrase: where a place lies relative to an anchor.

    ``kind`` is one of ``offset`` (distance and direction: "50 km north of X"),
    ``direction`` ("north of X"), ``distance`` ("40 km from X"), ``near``
    ("near X", "outskirts of X"), ``area`` ("in the X area", "X district"),
    ``region`` ("northern X": a part of X's area) and ``between`` ("between X
    and Y", "the X-Y highway": the second anchor is ``anchor2_*``).
    """

    kind: str
    text: str  # the phrase as written
    start: int  # character offsets of the phrase in the document
    end: int
    anchor_text: str  # the anchor's name as written
    anchor_start: int
    anchor_end: int
    bearing_deg: float | None = None  # clockwise from north
    bearing_halfwidth_deg: float | None = None  # from the compass precision
    distance_km: float | None = None
    distance_min_km: float | None = None
    distance_max_km: float | None = None
    anchor2_text: str | None = None  # "between" only: the second anchor as written
    anchor2_start: int | None = None
    anchor2_end: int | None = None


_PLACE_KINDS = frozenset({"toponym", "affiliation"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in the text."""

    text: str  # as written
    start: int
    end: int
    sentence: int  # index of the sentence that holds it
    # "toponym"; "affiliation", a place inside an organisation's name ("Pakistan
    # Army"): resolved, never an incident's place; "demonym" and "modifier"
    # ("Iraqi", "US troops"): country evidence, never plotted.
    kind: str = "toponym"
    country_hint: str = ""  # ISO code a demonym points at
    hint: Hint | None = None  # a phrase that locates this mention ("X, 50 km north of Y")

    @property
    def names_a_place(self) -> bool:
        """Whether the mention is resolved to a gazetteer place (toponyms, affiliations)."""
        return self.kind in _PLACE_KINDS


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is, how precisely, and why we think so."""

    lat: float
    lon: float
    place: Place | None  # the gazetteer place, if one was chosen
    precision: int  # 1 town or exact site, 2 near / part of a town, 3 region
    uncertainty_km: float
    geometry_wkt: str | None = None  # uncertainty shape in WGS84 (lon lat), if a hint gave one
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and the place chosen for it (``location`` None: abstained)."""

    mention: Mention
    location: Location | None
    confidence: float
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """One report of an incident: the document that told of it, and in which words.

    An incident read from one document has one source, implied by its own
    fields; one merged from several reports (:mod:`geomap.merge`) lists them
    all in :attr:`Incident.sources`.
    """

    doc_id: str
    incident_id: str  # the id the incident had before merging (its document and offsets)
    quote: str  # the sentence that tells of the event
    start: int  # character offsets of the quote in its document
    end: int
    mention_text: str = ""  # the place name as written in the quote
    title: str | None = None  # the document's title and URL, if known
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """One event tied to one location: the unit of the map and the GeoJSON.

    ``quote``, ``doc_id``, ``start``, ``end``, ``mention_text`` and the
    ``source_*`` fields are one report's; ``sources`` lists every report when
    several were merged into this incident (empty: just the one above; use
    :func:`sources_of` to read them either way).
    """

    id: str
    event_type: str
    sub_event_type: str
    date: str | None  # ISO date
    date_precision: str | None  # "day", "week", "month", "year" or None
    place: str
    geonameid: int | None
    country: str
    admin1: str
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float
    quote: str
    doc_id: str
    start: int
    end: int
    fatalities: int | None = None
    injuries: int | None = None
    geometry_wkt: str | None = None
    mention_text: str = ""  # the place name as written in the quote
    source_title: str | None = None
    source_url: str | None = None
    evidence: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()  # every report, when merged from several; else empty


def sources_of(incident: Incident) -> tuple[Source, ...]:
    """Every report of ``incident``: its merged sources, or the one its own fields describe."""
    if incident.sources:
        return incident.sources
    return (
        Source(
            doc_id=incident.doc_id,
            incident_id=incident.id,
            quote=incident.quote,
            start=incident.start,
            end=incident.end,
            mention_text=incident.mention_text,
            title=incident.source_title,
            url=incident.source_url,
        ),
    )


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """What geomap read in one document."""

    document: Document
    mentions: tuple[ResolvedMention, ...] = ()
    incidents: tuple[Incident, ...] = ()
    focus_country: str = ""
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class FailedDocument:
    """A document that could not be parsed: a batch records it and goes on.

    ``error`` is the exception's type and message; one bad document must not
    end a run of thousands.
    """

    doc_id: str
    error: str  # "ValueError: ..."


Outcome = ParsedDocument | FailedDocument
"""What a batch run gives for one input document, in input order."""
