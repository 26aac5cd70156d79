"""Score geomap's incidents against an event dataset: headline in, place and date out.

The dataset is UCDP GED-style CSV (``source_headline``, ``source_date``,
``latitude``, ``longitude``, ``where_prec``, ``where_coordinates``,
``date_start``, ``date_end``): one row per event, and many rows share one
headline, because an article reports several events. Each row is scored on
its own.

**Reports.** UCDP joins the headlines of an event's sources with ``;`` and
their publication days, in the same order, in ``source_date``; the headline
text is HTML-escaped (``&#8217;``). Each report is unescaped and parsed as
its own document published on its own ``source_date``, so "killed
yesterday" means the day before *that report* ran, as the text says. A
``source_date`` that cannot be the report's day (before ``date_start`` or more
than :data:`MAX_REPORT_LAG_DAYS` after ``date_end``: typos such as 2015 for
2016) falls back to ``date_end``; so does a file without the column.

**Which incident.** An analyst keeps every incident geomap reports, and UCDP
codes one event per place (an article on "airstrikes on Idlib and Hama" is
two rows). A row is therefore *located* by the incident of its reports
nearest to its point, and dated by that incident. Because choosing the
nearest needs the answer, the figures also say how many incidents geomap
made and how many lie within 50 km of one of their headline's events
(incident precision: many far-off incidents would show there), and the
first incident in text order is scored alongside, as before.

**Dates.** A headline *states a date* when one of its reports holds a
day-precision date (absolute or relative) that :func:`~geomap.dates.find_dates`
resolves against the report's publication day. The incident's date is exact
when it is a day within ``[date_start, date_end]`` (one day for most rows).

Figures follow issue 7: the share of rows with an incident (over all rows,
and over rows whose headline names a place geomap could locate); the share
within 25, 50 and 161 km and the median error, overall and by gold
``where_prec``; how many rows yield no incident and why; date exact; speed.

Scoring (:func:`score_rows`) is pure; reading (:func:`read_incident_csv`),
running geomap (:func:`run_rows`) and formatting sit around it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import logging
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from geomap.dates import find_dates
from geomap.errors import GeomapError
from geomap.evaluate import CorpusFormatError, CorpusNotFound, _ratio, default_data_dirs
from geomap.gazetteer.lookup import Gazetteer
from geomap.pipeline import make_document, parse_document
from geomap.records import Incident

__all__ = [
    "DEFAULT_CSV",
    "MAX_REPORT_LAG_DAYS",
    "THRESHOLDS_KM",
    "GoldEvent",
    "IncidentScores",
    "PrecisionScores",
    "Report",
    "RowResult",
    "error_report",
    "find_incident_csv",
    "format_table",
    "read_incident_csv",
    "run_rows",
    "score_rows",
    "scores_to_dict",
    "split_reports",
]

log = logging.getLogger("geomap.evaluate_incidents")

DEFAULT_CSV = Path("incidents") / "ucdp_syria_2016.csv"
"""The default dataset, relative to the shared data folder."""

THRESHOLDS_KM = (25.0, 50.0, 161.0)
"""Distances scored: issue 7 asks for 25, 50 and 161 km (100 miles); strictly below."""

MAX_REPORT_LAG_DAYS = 31
"""A report dated more than this after the event's end is taken for a typo."""

_CONFIRM_KM = 50.0  # an incident this close to one of its headline's events is confirmed
_REQUIRED = ("source_headline", "latitude", "longitude", "date_start", "date_end")


@dataclass(frozen=True, slots=True)
class Report:
    """One source's headline and the day it was published."""

    text: str  # HTML entities decoded
    published: dt.date


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One coded event: the headline it rests on, where and when it happened."""

    row_id: str  # the dataset's id, or the CSV line number if it has none
    line: int  # line number in the CSV (header is line 1)
    headline: str  # the whole field, HTML entities decoded
    lat: float
    lon: float
    date_start: dt.date
    date_end: dt.date
    place_name: str = ""  # ``where_coordinates``: the coder's name for the place
    where_prec: int | None = None  # UCDP precision 1 (exact) .. 7 (waters/air)
    reports: tuple[Report, ...] = ()  # empty: the headline, published on date_end

    @property
    def documents(self) -> tuple[Report, ...]:
        """The reports to parse: :attr:`reports`, or the headline published on ``date_end``."""
        return self.reports or (Report(self.headline, self.date_end),)


@dataclass(frozen=True, slots=True)
class RowResult:
    """What geomap made of one row's reports and how far off it was."""

    event: GoldEvent
    incidents: tuple[Incident, ...]  # report by report, each in text order
    names_place: bool  # geomap found at least one toponym with a location
    states_date: bool  # a report holds a day-precision date find_dates resolves
    first_km: float | None  # first incident to gold; None without an incident
    nearest_km: float | None  # the incident that locates the row; None without one
    date_correct: bool  # the nearest incident's day lies in [date_start, date_end]
    first_date_correct: bool = False  # the same for the first incident
    nearest_states_date: bool = False  # the nearest incident's own report states a day

    @property
    def first(self) -> Incident | None:
        """The first incident in text order."""
        return self.incidents[0] if self.incidents else None

    @property
    def nearest(self) -> Incident | None:
        """The incident nearest the gold point: the one this row is scored by."""
        if not self.incidents:
            return None
        e = self.event
        return min(self.incidents, key=lambda i: _km(e.lat, e.lon, i.lat, i.lon))


@dataclass(frozen=True, slots=True)
class PrecisionScores:
    """The location figures for the rows of one gold ``where_prec``."""

    where_prec: int | None
    rows: int
    with_incident: int
    within: dict[float, int]  # threshold km -> rows whose nearest incident is closer
    median_km: float | None  # over rows with an incident


@dataclass(frozen=True, slots=True)
class IncidentScores:
    """The figures over all rows (None where a ratio has no denominator)."""

    rows: int
    headlines: int  # distinct headline texts
    with_incident: int
    naming_place: int
    naming_place_with_incident: int
    stating_date: int
    stating_date_with_incident: int
    nearest_stating_date: int  # rows whose nearest incident's own report states a day
    nearest_date_correct: int  # of those, dated right
    date_correct: int  # nearest incident, of rows stating a date
    first_date_correct: int  # first incident, of rows stating a date
    within_nearest: dict[float, int]  # threshold km -> rows whose nearest incident is closer
    within_first: dict[float, int]  # the same for the first incident in text order
    median_km: float | None  # nearest incident, over rows with one
    median_first_km: float | None
    incidents: int  # distinct incidents made for the rows' headlines
    incidents_confirmed: int  # of those, within 50 km of one of their headline's events
    docs_parsed: int
    seconds: float
    by_precision: tuple[PrecisionScores, ...] = ()
    no_incident: dict[str, int] = field(default_factory=dict)  # reason -> rows
    skipped_lines: tuple[int, ...] = ()  # malformed CSV lines left out

    @property
    def docs_per_second(self) -> float | None:
        """Distinct (report, day) documents parsed per wall-clock second."""
        return self.docs_parsed / self.seconds if self.seconds > 0 else None


# ---------------------------------------------------------------------------
# Reading


def find_incident_csv(data_dir: Path | None = None) -> Path:
    """The default event CSV, ``incidents/ucdp_syria_2016.csv`` in the shared data folder.

    ``data_dir`` overrides the folders tried (``../shared/data`` beside the
    project or the working directory), as ``geomap eval --data-dir`` does.
    """
    dirs = [data_dir] if data_dir is not None else default_data_dirs()
    for base in dirs:
        if (base / DEFAULT_CSV).is_file():
            return base / DEFAULT_CSV
    where = " or ".join(str(d) for d in dirs)
    raise CorpusNotFound(
        f"{DEFAULT_CSV} not found in {where}; give the CSV path or point --data-dir "
        "at the folder that holds incidents/"
    )


def _report_day(raw: str, start: dt.date, end: dt.date) -> dt.date:
    """A report's publication day, or ``end`` when ``raw`` cannot be it."""
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return end
    if start <= day <= end + dt.timedelta(days=MAX_REPORT_LAG_DAYS):
        return day
    return end


def split_reports(
    headline: str, source_date: str, start: dt.date, end: dt.date
) -> tuple[Report, ...]:
    """The reports UCDP joined into one ``source_headline``, each with its day.

    ``headline`` is already unescaped. It is split at ``;`` only when that
    gives as many parts as ``source_date`` has days (a ``;`` inside one
    headline would misalign them); otherwise it is one report, published on
    the first plausible day.

    >>> d = dt.date(2016, 4, 30)
    >>> [(r.text, str(r.published)) for r in split_reports("A;B", "2016-05-01;2016-04-30", d, d)]
    [('A', '2016-05-01'), ('B', '2016-04-30')]
    """
    days = [s for s in source_date.split(";") if s.strip()]
    parts = [p.strip() for p in headline.split(";")]
    if len(parts) > 1 and len(parts) == len(days) and all(parts):
        return tuple(
            Report(p, _report_day(d, start, end)) for p, d in zip(parts, days, strict=True)
        )
    plausible = [_report_day(d, start, end) for d in days]
    return (Report(headline, plausible[0] if plausible else end),)


def _row_event(row: dict[str, str], line: int) -> GoldEvent:
    headline = html.unescape((row.get("source_headline") or "").strip())
    if not headline:
        raise ValueError("empty source_headline")
    lat, lon = float(row["latitude"]), float(row["longitude"])
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates {lat},{lon} are not on Earth")
    prec = (row.get("where_prec") or "").strip()
    start = dt.date.fromisoformat(row["date_start"].strip())
    end = dt.date.fromisoformat(row["date_end"].strip())
    return GoldEvent(
        row_id=(row.get("id") or "").strip() or str(line),
        line=line,
        headline=headline,
        lat=lat,
        lon=lon,
        date_start=start,
        date_end=end,
        place_name=(row.get("where_coordinates") or "").strip(),
        where_prec=int(prec) if prec else None,
        reports=split_reports(headline, row.get("source_date") or "", start, end),
    )


def read_incident_csv(
    path: Path, *, limit: int | None = None
) -> tuple[list[GoldEvent], list[tuple[int, str]]]:
    """Gold events from a UCDP GED-style CSV, and the malformed lines skipped.

    A missing required column (:data:`_REQUIRED`) is an error; a row with a
    bad number, date or empty headline is skipped and reported as
    ``(line, reason)`` so that one bad row loses nothing else.
    """
    if not path.is_file():
        raise CorpusNotFound(f"{path}: no such file")
    events: list[GoldEvent] = []
    skipped: list[tuple[int, str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusFormatError(f"{path}: missing column(s) {', '.join(missing)}")
        for row in reader:
            if limit is not None and len(events) >= limit:
                break
            line = reader.line_num
            try:
                events.append(_row_event(row, line))
            except (ValueError, TypeError, KeyError) as err:
                skipped.append((line, str(err)))
                log.warning("%s:%d: skipped (%s)", path, line, err)
    return events, skipped


# ---------------------------------------------------------------------------
# Running geomap and scoring


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def _dated_within(incident: Incident | None, event: GoldEvent) -> bool:
    """The incident has a day inside the event's coded date range."""
    if incident is None or incident.date_precision != "day" or incident.date is None:
        return False
    return event.date_start <= dt.date.fromisoformat(incident.date) <= event.date_end


def _score_row(
    event: GoldEvent,
    incidents: Sequence[Incident],
    names_place: bool,
    states_date: bool,
    dated_reports: Sequence[bool] = (),
) -> RowResult:
    """One row's figures; ``dated_reports[k]`` says whether incident k's report states a day."""
    errors = [_km(event.lat, event.lon, i.lat, i.lon) for i in incidents]
    nearest = min(range(len(errors)), key=errors.__getitem__) if errors else None
    return RowResult(
        event=event,
        incidents=tuple(incidents),
        names_place=names_place,
        states_date=states_date,
        first_km=errors[0] if errors else None,
        nearest_km=errors[nearest] if nearest is not None else None,
        date_correct=nearest is not None and _dated_within(incidents[nearest], event),
        first_date_correct=bool(incidents) and _dated_within(incidents[0], event),
        nearest_states_date=nearest is not None
        and nearest < len(dated_reports)
        and dated_reports[nearest],
    )


_Parsed = tuple[tuple[Incident, ...], bool, bool]  # incidents, names a place, states a day


def _parse_report(
    report: Report, doc_id: str, gazetteer: Gazetteer, country: str = ""
) -> tuple[tuple[Incident, ...], bool]:
    """One report's incidents in text order, and whether it names a place geomap located."""
    doc = make_document(report.text, doc_id=doc_id, published=report.published)
    try:
        parsed = parse_document(doc, gazetteer, country=country)
    except GeomapError as err:
        log.warning("%s: geomap failed (%s); scored as no incident", doc_id, err)
        return (), False
    names_place = any(
        m.location is not None and m.mention.kind == "toponym" for m in parsed.mentions
    )
    ordered = tuple(sorted(parsed.incidents, key=lambda i: (i.start, i.end)))
    return ordered, names_place


def _states_day(report: Report) -> bool:
    """The report holds a day-precision date resolvable against its publication day."""
    return any(
        d.date is not None and d.precision == "day"
        for d in find_dates(make_document(report.text).text, reference=report.published)
    )


def run_rows(
    events: Sequence[GoldEvent],
    gazetteer: Gazetteer,
    *,
    progress: Callable[[str], None] | None = None,
    country: str = "",
) -> tuple[list[RowResult], int, float]:
    """Parse each distinct (report, day) once and score every row against its reports.

    ``country`` is the analyst's region of interest (``--country``), as for
    ``geomap map``.

    Returns the row results, the number of documents parsed and the seconds
    parsing took (wall clock, gazetteer open excluded). A report geomap
    fails on is logged and scored as yielding nothing.
    """
    cache: dict[Report, _Parsed] = {}
    seconds = 0.0
    results: list[RowResult] = []
    for n, event in enumerate(events, start=1):
        incidents: list[Incident] = []
        dated_reports: list[bool] = []
        names_place = states_date = False
        for k, report in enumerate(event.documents):
            if report not in cache:
                t0 = time.perf_counter()
                found, named = _parse_report(report, f"{event.row_id}.{k}", gazetteer, country)
                seconds += time.perf_counter() - t0
                cache[report] = (found, named, _states_day(report))
            found_incidents, named, dated = cache[report]
            incidents.extend(found_incidents)
            dated_reports.extend([dated] * len(found_incidents))
            names_place, states_date = names_place or named, states_date or dated
        results.append(_score_row(event, incidents, names_place, states_date, dated_reports))
        if progress is not None and (n % 500 == 0 or n == len(events)):
            progress(f"scored {n:,}/{len(events):,} rows")
    return results, len(cache), seconds


def _no_incident_reason(r: RowResult) -> str:
    return "no place named" if not r.names_place else "place named, no event sentence"


def _by_precision(results: Sequence[RowResult]) -> tuple[PrecisionScores, ...]:
    """Location figures per gold ``where_prec`` (None last)."""
    groups: dict[int | None, list[RowResult]] = defaultdict(list)
    for r in results:
        groups[r.event.where_prec].append(r)
    out = []
    for prec in sorted(groups, key=lambda p: (p is None, p or 0)):
        errors = [r.nearest_km for r in groups[prec] if r.nearest_km is not None]
        out.append(
            PrecisionScores(
                where_prec=prec,
                rows=len(groups[prec]),
                with_incident=len(errors),
                within={t: sum(1 for e in errors if e < t) for t in THRESHOLDS_KM},
                median_km=statistics.median(errors) if errors else None,
            )
        )
    return tuple(out)


def _incident_precision(results: Sequence[RowResult]) -> tuple[int, int]:
    """Distinct incidents made, and those within 50 km of one of their headline's events."""
    gold: dict[tuple[Report, ...], list[GoldEvent]] = defaultdict(list)
    made: dict[tuple[Report, ...], tuple[Incident, ...]] = {}
    for r in results:
        gold[r.event.documents].append(r.event)
        made[r.event.documents] = r.incidents
    total = confirmed = 0
    for key, incidents in made.items():
        for i in incidents:
            total += 1
            confirmed += any(_km(e.lat, e.lon, i.lat, i.lon) < _CONFIRM_KM for e in gold[key])
    return total, confirmed


def score_rows(
    results: Sequence[RowResult],
    *,
    docs_parsed: int = 0,
    seconds: float = 0.0,
    skipped_lines: Sequence[int] = (),
) -> IncidentScores:
    """Sum row results into :class:`IncidentScores` (pure: rows in, counts out)."""
    nearest = [r.nearest_km for r in results if r.nearest_km is not None]
    first = [r.first_km for r in results if r.first_km is not None]
    dated = [r for r in results if r.states_date]
    made, confirmed = _incident_precision(results)
    return IncidentScores(
        rows=len(results),
        headlines=len({r.event.headline for r in results}),
        with_incident=len(nearest),
        naming_place=sum(1 for r in results if r.names_place),
        naming_place_with_incident=sum(1 for r in results if r.names_place and r.incidents),
        stating_date=len(dated),
        stating_date_with_incident=sum(1 for r in dated if r.incidents),
        nearest_stating_date=sum(1 for r in results if r.nearest_states_date),
        nearest_date_correct=sum(1 for r in results if r.nearest_states_date and r.date_correct),
        date_correct=sum(1 for r in dated if r.date_correct),
        first_date_correct=sum(1 for r in dated if r.first_date_correct),
        within_nearest={t: sum(1 for e in nearest if e < t) for t in THRESHOLDS_KM},
        within_first={t: sum(1 for e in first if e < t) for t in THRESHOLDS_KM},
        median_km=statistics.median(nearest) if nearest else None,
        median_first_km=statistics.median(first) if first else None,
        incidents=made,
        incidents_confirmed=confirmed,
        docs_parsed=docs_parsed,
        seconds=seconds,
        by_precision=_by_precision(results),
        no_incident=dict(Counter(_no_incident_reason(r) for r in results if not r.incidents)),
        skipped_lines=tuple(skipped_lines),
    )


# ---------------------------------------------------------------------------
# Output


def _within_dict(counts: dict[float, int], with_incident: int, rows: int) -> dict[str, Any]:
    return {
        f"{t:g}km": {
            "count": counts[t],
            "of_rows_with_incident": _ratio(counts[t], with_incident),
            "of_all_rows": _ratio(counts[t], rows),
        }
        for t in THRESHOLDS_KM
    }


def _precision_dict(p: PrecisionScores) -> dict[str, Any]:
    return {
        "where_prec": p.where_prec,
        "rows": p.rows,
        "rows_with_incident": p.with_incident,
        "rows_without_incident": p.rows - p.with_incident,
        "within": _within_dict(p.within, p.with_incident, p.rows),
        "median_km": p.median_km,
    }


def scores_to_dict(s: IncidentScores) -> dict[str, Any]:
    """The figures as JSON-ready data; ratios are None when undefined."""
    return {
        "rows": s.rows,
        "headlines": s.headlines,
        "rows_with_incident": s.with_incident,
        "rows_without_incident": s.rows - s.with_incident,
        "no_incident_reasons": dict(s.no_incident),
        "share_with_incident": _ratio(s.with_incident, s.rows),
        "rows_naming_place": s.naming_place,
        "share_naming_place_with_incident": _ratio(s.naming_place_with_incident, s.naming_place),
        "within": _within_dict(s.within_nearest, s.with_incident, s.rows),
        "median_km": s.median_km,
        "within_first": _within_dict(s.within_first, s.with_incident, s.rows),
        "median_first_km": s.median_first_km,
        "incidents": s.incidents,
        "incidents_within_50km_of_a_headline_event": s.incidents_confirmed,
        "share_incidents_confirmed": _ratio(s.incidents_confirmed, s.incidents),
        "by_where_prec": [_precision_dict(p) for p in s.by_precision],
        "rows_stating_date": s.stating_date,
        "rows_stating_date_with_incident": s.stating_date_with_incident,
        "date_exact": s.date_correct,
        "share_date_exact": _ratio(s.date_correct, s.stating_date),
        "share_date_exact_of_rows_with_incident": _ratio(
            s.date_correct, s.stating_date_with_incident
        ),
        "rows_whose_incident_report_states_date": s.nearest_stating_date,
        "share_date_exact_where_incident_report_states_date": _ratio(
            s.nearest_date_correct, s.nearest_stating_date
        ),
        "date_exact_first": s.first_date_correct,
        "docs_parsed": s.docs_parsed,
        "seconds": s.seconds,
        "docs_per_second": s.docs_per_second,
        "skipped_lines": list(s.skipped_lines),
    }


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _km_text(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _line(label: str, value: str, goal: str = "") -> str:
    return f"{label:<52} {value:>8}{'  ' + goal if goal else ''}"


def _precision_table(s: IncidentScores) -> list[str]:
    """One line per gold where_prec: rows, no incident, within 25/50/161 km, median."""
    lines = [
        "by gold where_prec (nearest incident; shares of all rows at that precision):",
        f"{'prec':>4} {'rows':>6} {'no inc.':>8} {'<25km':>7} {'<50km':>7} {'<161km':>7}"
        f" {'median km':>10}",
    ]
    for p in s.by_precision:
        shares = " ".join(f"{_pct(_ratio(p.within[t], p.rows)):>7}" for t in THRESHOLDS_KM)
        lines.append(
            f"{p.where_prec if p.where_prec is not None else '?':>4} {p.rows:>6,} "
            f"{p.rows - p.with_incident:>8,} {shares} {_km_text(p.median_km):>10}"
        )
    return lines


def format_table(s: IncidentScores, source: str = "") -> str:
    """A plain-text table of the figures, with issue 7's goals beside them."""
    goals = {50.0: ">= 70%", 161.0: ">= 85%"}
    lines = [
        f"{source + ': ' if source else ''}{s.rows:,} rows, {s.headlines:,} headlines",
        _line("metric", "value", "goal"),
        "-" * 68,
        _line("rows with an incident", _pct(_ratio(s.with_incident, s.rows))),
        _line(
            "... of rows whose headline names a place",
            _pct(_ratio(s.naming_place_with_incident, s.naming_place)),
            ">= 90%",
        ),
    ]
    for t in THRESHOLDS_KM:
        lines.append(
            _line(
                f"within {t:g} km (of all rows)",
                _pct(_ratio(s.within_nearest[t], s.rows)),
                goals.get(t, ""),
            )
        )
        lines.append(
            _line(
                f"within {t:g} km (of rows with an incident)",
                _pct(_ratio(s.within_nearest[t], s.with_incident)),
            )
        )
    lines += [
        _line("median error km", _km_text(s.median_km)),
        _line(
            "incidents within 50 km of a headline's event",
            _pct(_ratio(s.incidents_confirmed, s.incidents)),
        ),
        _line(
            "date exact (rows whose headline states a day)",
            _pct(_ratio(s.date_correct, s.stating_date)),
            ">= 90%",
        ),
        _line(
            "date exact (... and that have an incident)",
            _pct(_ratio(s.date_correct, s.stating_date_with_incident)),
        ),
        _line(
            "date exact (the incident's own report states a day)",
            _pct(_ratio(s.nearest_date_correct, s.nearest_stating_date)),
        ),
    ]
    for t in THRESHOLDS_KM:
        lines.append(
            _line(
                f"first incident only: within {t:g} km (of all rows)",
                _pct(_ratio(s.within_first[t], s.rows)),
            )
        )
    lines += [
        _line("first incident only: median error km", _km_text(s.median_first_km)),
        _line(
            "first incident only: date exact", _pct(_ratio(s.first_date_correct, s.stating_date))
        ),
        "",
        *_precision_table(s),
        "",
        f"rows naming a place: {s.naming_place:,}; rows stating a day: {s.stating_date:,}; "
        f"incidents made: {s.incidents:,}",
        "rows without an incident: "
        + (", ".join(f"{k} {v:,}" for k, v in sorted(s.no_incident.items())) or "none"),
    ]
    if s.docs_per_second is not None:
        lines.append(
            f"geomap: {s.docs_parsed:,} documents in {s.seconds:,.1f} s, "
            f"{s.docs_per_second:,.1f} documents/second (parsing only)"
        )
    if s.skipped_lines:
        shown = ", ".join(str(n) for n in s.skipped_lines[:10])
        lines.append(f"skipped {len(s.skipped_lines)} malformed line(s): {shown}")
    return "\n".join(lines)


def _why(r: RowResult) -> str:
    """A short failure pattern for the report's summary."""
    if not r.incidents:
        return _no_incident_reason(r)
    assert r.nearest_km is not None
    if r.nearest_km < 50.0:
        return "ok"
    return "no incident near the gold place"


def error_report(results: Sequence[RowResult]) -> str:
    """Per-row report for people, worst first: rows without an incident, then by error.

    Each row shows the gold place name, point and dates, geomap's nearest
    incident (place, point, date) and the error in km, then each report
    with its publication day; a summary counts patterns.
    """

    def order(r: RowResult) -> tuple[int, float]:
        return (0, 0.0) if r.nearest_km is None else (1, -r.nearest_km)

    rows = sorted(results, key=order)
    patterns = Counter(_why(r) for r in results)
    wrong = Counter(
        f"{r.nearest.place} for gold {r.event.place_name or '?'}"
        for r in results
        if r.nearest is not None and r.nearest_km is not None and r.nearest_km >= 50.0
    )
    out = [
        f"# {len(results):,} rows; patterns: "
        + "; ".join(f"{k} x{v}" for k, v in patterns.most_common()),
        "# most frequent wrong places (nearest incident >= 50 km off): "
        + "; ".join(f"{k} x{v}" for k, v in wrong.most_common(25)),
        "",
    ]
    for r in rows:
        e = r.event
        best = r.nearest
        pred = (
            "no incident"
            if best is None
            else f"{best.place} {best.lat:.4f},{best.lon:.4f} date {best.date or '-'}"
        )
        err = "-" if r.nearest_km is None else f"{r.nearest_km:,.0f} km"
        first = "" if r.first_km in (None, r.nearest_km) else f" (first {r.first_km:,.0f} km)"
        dates = f"{e.date_start}" + ("" if e.date_end == e.date_start else f"..{e.date_end}")
        out.append(
            f"row {e.row_id} line {e.line} prec {e.where_prec or '?'} | gold "
            f"{e.place_name or '?'} {e.lat:.4f},{e.lon:.4f} {dates} | geomap {pred} | "
            f"error {err}{first} | {len(r.incidents)} incident(s) | {_why(r)}"
            + (" | date stated" if r.states_date else "")
        )
        out.extend(f"    [{rep.published}] {rep.text}" for rep in e.documents)
    return "\n".join(out) + "\n"
