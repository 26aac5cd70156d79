"""Reports of one incident -> one incident that lists every source.

Several articles often tell of the same event; read one by one they give one
incident each, and the map shows the same shelling three times. This module
finds reports of the same incident and merges them into one that lists all
its sources. Pure and deterministic: incidents in, incidents out, the same
output whatever the input order.

Two reports are *of the same incident* when all of these hold:

1. The same event type, and compatible sub-event types: equal; or one is its
   type's generic wording ("Armed clash", "Attack", a bare bomb or blast:
   "Remote explosive/landmine/IED"); or both are Protests sub-types, or both
   Riots (one protest, told with or without the police's part).
2. Not from the same document: the extractor already keeps one incident per
   event there, so two incidents of one document are two events (but see 6).
3. Both placed at a town or better (geo precision 1 or 2). A report placed
   only in a region or country (precision 3) is never merged on likeness:
   two shellings "in Idlib province" on one day are as likely two events as
   one. Nor is an undated report.
4. Both dated to the day: dates at most ``max_days`` apart (default 1: "last
   night" and a time zone apart still meet) and points at most ``max_km``
   apart (default 5 km: one town, or a village and the spot "near" it).
5. Either date coarse (week, month, year): nearness is not enough, as a
   month holds many events in one town. Then the very same place (the same
   geonameid, and points within ``max_km``: a hint such as "50 km north of
   X" keeps X's geonameid but moves the point), the very same sub-event
   type, and periods that overlap (a week-precision date stands for its date
   +-6 days, a month or a year for the calendar one). A coarse report that
   fits more than one incident stays apart: we cannot tell which it tells of.
6. Clearly identical reports, the same quote (case and spacing aside), type,
   sub-type, date and place, are always merged, whatever 2 to 5 say: one wire
   story in two papers, or one file read twice.

A group is merged only when *every* pair in it is of the same incident
(complete linkage), so shelling reported daily in one town never chains into
one incident (each merged incident spans at most ``max_days``; the price of
the default's one-day tolerance is that two events on consecutive days in
one town, told by different documents, merge: ``max_days=0`` keeps them).
Reports are visited in a canonical order (day-dated first, by date, then
type, place and source); each joins the nearest group it fits, else starts
one. Candidates come from hash tables (day x grid cell about
``2 * max_km`` wide; geonameid x sub-type x month; quote), so the cost grows
with the number of reports, not with its square.

The merged incident keeps the most precise location (lowest geo precision,
then smallest uncertainty, with its uncertainty shape), the most precise date
(then the earliest), the most specific sub-type, the highest fatality and
injury counts (several reports of one toll: never their sum), and every source
in a stable order (document id, offsets). Its id, quote, document, offsets and
``source_*`` fields are the first source's, so they stay together and the id
does not depend on the input order. An incident that merges with nothing is
returned unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from geomap.events import EVENT_TYPES
from geomap.records import Incident, Source, sources_of

__all__ = ["DEFAULT_MAX_DAYS", "DEFAULT_MAX_KM", "merge_incidents", "same_incident"]

DEFAULT_MAX_KM = 5.0
"""How far apart (km) two town-level reports of one incident may be placed."""

DEFAULT_MAX_DAYS = 1
"""How many days apart two day-dated reports of one incident may be."""

_EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
_KM_PER_DEGREE = math.pi * _EARTH_RADIUS_KM / 180.0
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_WEEK_HALF_DAYS = 6  # "last week" is a day of a week that may have been 6 days either side
_SAME_POINT_KM = 1e-4  # "the same place" for identical reports: 10 cm

_GENERIC_SUBTYPES = frozenset({"Armed clash", "Attack", "Remote explosive/landmine/IED"})
"""Sub-types that are how an unspecific report words an event ("clashes", "an attack",
"a bomb"): compatible with every other sub-type of their event type."""

_ANY_SUBTYPE_TYPES = frozenset({"Protests", "Riots"})
"""Event types whose sub-types are one gathering told differently (with or without force)."""


def _compatible(event_type: str, sub_a: str, sub_b: str) -> bool:
    """Whether two sub-types of ``event_type`` may describe one event (rule 1)."""
    return (
        sub_a == sub_b
        or sub_a in _GENERIC_SUBTYPES
        or sub_b in _GENERIC_SUBTYPES
        or event_type in _ANY_SUBTYPE_TYPES
    )


def _specificity(event_type: str, sub_type: str) -> tuple[int, str]:
    """Rank of a sub-type when merging: generic lowest, then ACLED's order (protests by force)."""
    if sub_type in _GENERIC_SUBTYPES:
        return (-1, sub_type)
    subtypes = EVENT_TYPES.get(event_type, ())
    return (subtypes.index(sub_type) if sub_type in subtypes else len(subtypes), sub_type)


@functools.lru_cache(maxsize=4096)
def _period(date: str | None, precision: str | None) -> tuple[int, int] | None:
    """The days (ordinals, inclusive) a date of this precision stands for; None if undated."""
    if not date:
        return None
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return None
    ordinal = day.toordinal()
    if precision == "week":
        return ordinal - _WEEK_HALF_DAYS, ordinal + _WEEK_HALF_DAYS
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return day.replace(day=1).toordinal(), following.toordinal() - 1
    if precision == "year":
        return dt.date(day.year, 1, 1).toordinal(), dt.date(day.year, 12, 31).toordinal()
    return ordinal, ordinal  # "day", or an unknown precision (then only its own day)


def _order_key(incident: Incident) -> tuple[object, ...]:
    """A total order on incidents: the visiting order, and the tie-break everywhere."""
    return (
        _DATE_RANK.get(incident.date_precision or "", 4) if incident.date else 5,
        incident.date or "",
        incident.event_type,
        incident.sub_event_type,
        incident.lat,
        incident.lon,
        incident.doc_id,
        incident.start,
        incident.end,
        incident.id,
        incident.quote,
        incident.date_precision or "",
        incident.geo_precision,
        incident.uncertainty_km,
        incident.geonameid or 0,
        incident.place,
        incident.fatalities if incident.fatalities is not None else -1,
        incident.injuries if incident.injuries is not None else -1,
        incident.geometry_wkt or "",
        incident.evidence,
        tuple(_source_key(s) for s in incident.sources),
    )


def _source_key(source: Source) -> tuple[object, ...]:
    """The stable order of sources: document, offsets, then the rest."""
    return (
        source.doc_id,
        source.start,
        source.end,
        source.incident_id,
        source.quote,
        source.mention_text,
        source.title or "",
        source.url or "",
    )


@dataclass(slots=True)
class _Report:
    """An incident with what the rule needs precomputed (for speed)."""

    incident: Incident
    period: tuple[int, int] | None
    is_day: bool  # dated to the day
    town: bool  # dated, and placed at a town or better (rule 3)
    lat_rad: float
    lon_rad: float
    cos_lat: float
    doc_ids: tuple[str, ...]
    quote_key: str


def _report(incident: Incident) -> _Report:
    period = _period(incident.date, incident.date_precision)
    is_day = period is not None and incident.date_precision == "day"
    lat_rad = math.radians(incident.lat)
    return _Report(
        incident=incident,
        period=period,
        is_day=is_day,
        town=period is not None and incident.geo_precision <= 2,
        lat_rad=lat_rad,
        lon_rad=math.radians(incident.lon),
        cos_lat=math.cos(lat_rad),
        doc_ids=tuple(s.doc_id for s in incident.sources or (incident,)),
        quote_key=" ".join(incident.quote.split()).casefold(),
    )


def _km(a: _Report, b: _Report) -> float:
    """Great-circle distance (haversine) between two reports' points."""
    h = (
        math.sin((b.lat_rad - a.lat_rad) / 2) ** 2
        + a.cos_lat * b.cos_lat * math.sin((b.lon_rad - a.lon_rad) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _identical(a: _Report, b: _Report) -> bool:
    """Rule 6: the same quote, type, sub-type, date and place."""
    ia, ib = a.incident, b.incident
    return (
        a.quote_key == b.quote_key
        and ia.event_type == ib.event_type
        and ia.sub_event_type == ib.sub_event_type
        and ia.date == ib.date
        and ia.date_precision == ib.date_precision
        and ia.geonameid == ib.geonameid
        and _km(a, b) <= _SAME_POINT_KM
    )


def _linked(a: _Report, b: _Report, max_km: float, max_days: int) -> bool:
    """Whether two reports are of the same incident (the rules of the module docstring)."""
    ia, ib = a.incident, b.incident
    if ia.event_type != ib.event_type:
        return False
    if a.quote_key == b.quote_key and _identical(a, b):
        return True
    if not (a.town and b.town) or any(doc in b.doc_ids for doc in a.doc_ids):
        return False
    assert a.period is not None and b.period is not None  # a town report is dated
    if a.is_day and b.is_day:
        return (
            abs(a.period[0] - b.period[0]) <= max_days
            and _compatible(ia.event_type, ia.sub_event_type, ib.sub_event_type)
            and _km(a, b) <= max_km
        )
    return (
        ia.sub_event_type == ib.sub_event_type
        and ia.geonameid is not None
        and ia.geonameid == ib.geonameid
        and a.period[0] <= b.period[1]
        and b.period[0] <= a.period[1]
        and _km(a, b) <= max_km
    )


def same_incident(
    a: Incident,
    b: Incident,
    *,
    max_km: float = DEFAULT_MAX_KM,
    max_days: int = DEFAULT_MAX_DAYS,
) -> bool:
    """Whether two reports are of the same incident, by the rule of this module's docstring.

    The pairwise test only: :func:`merge_incidents` also asks it of every
    pair in a group.
    """
    return _linked(_report(a), _report(b), max_km, max_days)


@functools.lru_cache(maxsize=4096)
def _months(first: int, last: int) -> range:
    """Month numbers (year * 12 + month - 1) from one day ordinal to another, inclusive."""
    a, b = dt.date.fromordinal(max(1, first)), dt.date.fromordinal(max(1, last))
    return range(a.year * 12 + a.month - 1, b.year * 12 + b.month)


class _Index:
    """Where to look for the groups a report may join: hash tables, never a scan of all.

    Rule 4 (points within ``max_km``, days within ``max_days``) files reports
    by day and grid cell: rows ``2 * max_km`` tall, each cut into columns at
    least ``2 * max_km`` wide at its poleward edge, so a report's neighbours
    lie in about 3 x 3 cells. Rule 5 files them by geonameid and sub-type
    (the very same place) and month: day-dated ones for coarse ones to find,
    coarse ones under every month their period spans. Rule 6 files the quote.
    """

    def __init__(self, max_km: float, max_days: int) -> None:
        self.max_km = max_km
        self.max_days = max_days
        self.reach_deg = max(max_km, 1e-3) / _KM_PER_DEGREE * (1 + 1e-9)  # latitude reach
        self.row_deg = 2 * self.reach_deg
        self.lon_sine = math.sin(max_km / (2 * _EARTH_RADIUS_KM))
        self.rows: dict[int, tuple[int, float]] = {}  # row -> (columns, column width)
        self.neighbours: dict[tuple[int, int], list[tuple[int, int]]] = {}  # cell -> around
        self.by_quote: dict[str, list[int]] = {}  # rule 6
        self.by_cell: dict[tuple[int, int], dict[int, list[int]]] = {}  # rule 4: cell, day
        # Rule 5, by (geonameid, sub-type, month): day-dated reports, and coarse ones.
        self.day_by_month: dict[tuple[int, str, int], list[int]] = {}
        self.coarse: dict[tuple[int, str, int], list[int]] = {}

    def _columns(self, row: int) -> tuple[int, float]:
        """How many columns a row has, and their width in degrees of longitude."""
        if row not in self.rows:
            edge = max(abs(row * self.row_deg - 90.0), abs((row + 1) * self.row_deg - 90.0))
            poleward = math.radians(min(89.999, edge + self.reach_deg))
            count = max(1, int(360.0 // (self.row_deg / math.cos(poleward))))
            self.rows[row] = (count, 360.0 / count)
        return self.rows[row]

    def _row(self, lat: float) -> int:
        return int((lat + 90.0) // self.row_deg)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        row = self._row(lat)
        count, width = self._columns(row)
        return row, int((lon + 180.0) // width) % count

    def _around(self, lat: float, lon: float) -> list[tuple[int, int]]:
        """The cells holding every point within ``max_km`` of any point in (lat, lon)'s cell.

        Worked out per cell, from the cell's edges, and remembered: reports
        cluster in few cells.
        """
        row, col = self._cell(lat, lon)
        if (row, col) in self.neighbours:
            return self.neighbours[(row, col)]
        south, north = row * self.row_deg - 90.0, (row + 1) * self.row_deg - 90.0
        count, width = self._columns(row)
        west, east = col * width - 180.0, (col + 1) * width - 180.0
        poleward = math.radians(min(90.0, max(abs(south), abs(north)) + self.reach_deg))
        sine = self.lon_sine / max(math.cos(poleward), 1e-12)
        reach = math.degrees(2 * math.asin(sine)) + 1e-9 if sine < 1 else 180.0
        cells = []
        for r in range(self._row(south - self.reach_deg), self._row(north + self.reach_deg) + 1):
            count, width = self._columns(r)
            if east - west + 2 * reach + width >= 360.0:
                cells += [(r, c) for c in range(count)]
                continue
            first = int((west - reach + 180.0) // width)
            last = int((east + reach + 180.0) // width)
            cells += [(r, c % count) for c in range(first, last + 1)]
        self.neighbours[(row, col)] = cells
        return cells

    def candidates(self, rep: _Report) -> set[int]:
        """Groups that may hold reports of the same incident as ``rep`` (a superset)."""
        found: set[int] = set(self.by_quote.get(rep.quote_key, ()))
        inc, period = rep.incident, rep.period
        if not rep.town or period is None:
            return found
        if rep.is_day:
            days = range(period[0] - self.max_days, period[0] + self.max_days + 1)
            for cell in self._around(inc.lat, inc.lon):
                by_day = self.by_cell.get(cell)
                if by_day:
                    for day in days:
                        groups = by_day.get(day)
                        if groups:
                            found.update(groups)
        if inc.geonameid is not None:
            tables = (self.coarse,) if rep.is_day else (self.coarse, self.day_by_month)
            for month in _months(*period):
                key = (inc.geonameid, inc.sub_event_type, month)
                for table in tables:
                    found.update(table.get(key, ()))
        return found

    def add(self, rep: _Report, group: int) -> None:
        """File ``rep``, now a member of ``group``."""
        self.by_quote.setdefault(rep.quote_key, []).append(group)
        inc, period = rep.incident, rep.period
        if not rep.town or period is None:
            return
        if rep.is_day:
            by_day = self.by_cell.setdefault(self._cell(inc.lat, inc.lon), {})
            by_day.setdefault(period[0], []).append(group)
        if inc.geonameid is not None:
            table = self.day_by_month if rep.is_day else self.coarse
            for month in _months(*period):
                table.setdefault((inc.geonameid, inc.sub_event_type, month), []).append(group)


def _groups(reports: list[_Report], max_km: float, max_days: int) -> list[list[_Report]]:
    """Reports (in canonical order) -> groups in which every pair is of the same incident."""
    groups: list[list[_Report]] = []
    index = _Index(max_km, max_days)
    for rep in reports:
        fits: list[int] = []
        for g in sorted(index.candidates(rep)):
            if all(_linked(rep, m, max_km, max_days) for m in groups[g]):
                fits.append(g)
                if len(fits) > 1 and not rep.is_day:
                    break  # a coarse report that fits two incidents stays apart
        if len(fits) == 1 or (fits and rep.is_day):
            target = min(fits, key=lambda g: _nearness(rep, groups[g]))
            groups[target].append(rep)
        else:
            target = len(groups)
            groups.append([rep])
        index.add(rep, target)
    return groups


def _nearness(rep: _Report, group: list[_Report]) -> tuple[int, float]:
    """How near a group is to a report: days apart, then km, to its nearest member."""
    return min(
        (abs(rep.period[0] - m.period[0]) if rep.period and m.period else 0, _km(rep, m))
        for m in group
    )


def _max_count(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _combine(group: list[_Report]) -> Incident:
    """One incident from a group of reports of it (see the module docstring)."""
    members = [rep.incident for rep in group]  # canonical order: min() breaks ties by it
    sources = tuple(
        dict.fromkeys(sorted((s for inc in members for s in sources_of(inc)), key=_source_key))
    )
    lead = sources[0]
    where = min(members, key=lambda i: (i.geo_precision, i.uncertainty_km))
    when = min(members, key=lambda i: _order_key(i)[:2])  # date precision rank, then date
    event_type = members[0].event_type
    sub_type = max((i.sub_event_type for i in members), key=lambda s: _specificity(event_type, s))
    docs = ", ".join(dict.fromkeys(s.doc_id for s in sources))
    note = f"merged {len(sources)} reports of one incident ({docs}); place from {where.id}"
    if when.date:
        note += f", date from {when.id}"
    date_notes = tuple(e for e in when.evidence if e.startswith("date ") and when is not where)
    return Incident(
        id=lead.incident_id,
        event_type=event_type,
        sub_event_type=sub_type,
        date=when.date,
        date_precision=when.date_precision,
        place=where.place,
        geonameid=where.geonameid,
        country=where.country,
        admin1=where.admin1,
        lat=where.lat,
        lon=where.lon,
        geo_precision=where.geo_precision,
        uncertainty_km=where.uncertainty_km,
        quote=lead.quote,
        doc_id=lead.doc_id,
        start=lead.start,
        end=lead.end,
        fatalities=_max_count([i.fatalities for i in members]),
        injuries=_max_count([i.injuries for i in members]),
        geometry_wkt=where.geometry_wkt,
        mention_text=lead.mention_text,
        source_title=lead.title,
        source_url=lead.url,
        evidence=(*where.evidence, *date_notes, note),
        sources=sources,
    )


def merge_incidents(
    incidents: Sequence[Incident],
    *,
    max_km: float = DEFAULT_MAX_KM,
    max_days: int = DEFAULT_MAX_DAYS,
) -> list[Incident]:
    """Merge reports of the same incident into one incident listing all their sources.

    The rule is in this module's docstring; ``max_km`` and ``max_days`` are
    its distance and day limits. Incidents that merge with nothing come back
    unchanged. The result is in chronological order (undated last, then by
    id), and the same whatever the order of ``incidents``.

    >>> merge_incidents([])
    []
    """
    if max_km < 0 or max_days < 0:
        raise ValueError(f"max_km ({max_km}) and max_days ({max_days}) must not be negative")
    reports = [_report(i) for i in sorted(incidents, key=_order_key)]
    merged = [
        group[0].incident if len(group) == 1 else _combine(group)
        for group in _groups(reports, max_km, max_days)
    ]
    # Groups come in canonical order, so this stable sort's ties fall the same way every time.
    return sorted(merged, key=lambda i: (i.date is None, i.date or "", i.id))
