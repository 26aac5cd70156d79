"""Score geomap's incidents against an event dataset: headline in, place and date out.

The dataset is UCDP GED-style CSV (``source_headline``, ``latitude``,
``longitude``, ``where_prec``, ``where_coordinates``, ``date_start``,
``date_end``): one row per event, and many rows share one headline, because
an article reports several events. Each row is scored on its own. Its
headline is parsed as one document published on the row's ``date_end`` (a
headline's date is its publication day), and the **first** incident in text
order is the prediction: that is what an analyst reading geomap's output
would take. The incident *nearest* the gold point is also scored, labelled an
upper bound, because choosing it needs the answer.

Figures follow issue 7's goals: the share of rows with an incident (over all
rows, and over rows whose headline names a place geomap could locate); the
share within 25, 50 and 161 km, over rows with an incident and over all rows;
for rows whose headline states a date, the share whose first incident has
that day (``date_start``, day precision); median error; documents per second.

Scoring (:func:`score_rows`) is pure; reading (:func:`read_incident_csv`),
running geomap (:func:`run_rows`) and formatting sit around it.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    "THRESHOLDS_KM",
    "GoldEvent",
    "IncidentScores",
    "RowResult",
    "error_report",
    "find_incident_csv",
    "format_table",
    "read_incident_csv",
    "run_rows",
    "score_rows",
    "scores_to_dict",
]

log = logging.getLogger("geomap.evaluate_incidents")

DEFAULT_CSV = Path("incidents") / "ucdp_syria_2016.csv"
"""The default dataset, relative to the shared data folder."""

THRESHOLDS_KM = (25.0, 50.0, 161.0)
"""Distances scored: issue 7 asks for 25, 50 and 161 km (100 miles); strictly below."""

_REQUIRED = ("source_headline", "latitude", "longitude", "date_start", "date_end")


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One coded event: the headline it rests on, where and when it happened."""

    row_id: str  # the dataset's id, or the CSV line number if it has none
    line: int  # line number in the CSV (header is line 1)
    headline: str
    lat: float
    lon: float
    date_start: dt.date
    date_end: dt.date  # used as the headline's publication day
    place_name: str = ""  # ``where_coordinates``: the coder's name for the place
    where_prec: int | None = None  # UCDP precision 1 (exact) .. 6 (country)


@dataclass(frozen=True, slots=True)
class RowResult:
    """What geomap made of one row's headline and how far off it was."""

    event: GoldEvent
    incidents: tuple[Incident, ...]  # in text order
    names_place: bool  # geomap found at least one toponym with a location
    states_date: bool  # the headline holds a date find_dates can resolve
    error_km: float | None  # first incident to gold; None without an incident
    nearest_km: float | None  # nearest incident to gold (upper bound)
    date_correct: bool  # first incident's day equals date_start

    @property
    def first(self) -> Incident | None:
        """The incident an analyst would take: the first in text order."""
        return self.incidents[0] if self.incidents else None


@dataclass(frozen=True, slots=True)
class IncidentScores:
    """The figures over all rows (None where a ratio has no denominator)."""

    rows: int
    headlines: int  # distinct headline texts
    with_incident: int
    naming_place: int
    naming_place_with_incident: int
    stating_date: int
    date_correct: int
    within_first: dict[float, int]  # threshold km -> rows whose first incident is closer
    within_nearest: dict[float, int]  # the same for the nearest incident (upper bound)
    median_km: float | None  # first incident, over rows with one
    median_nearest_km: float | None
    docs_parsed: int
    seconds: float
    skipped_lines: tuple[int, ...] = ()  # malformed CSV lines left out

    @property
    def docs_per_second(self) -> float | None:
        """Distinct (headline, date) documents parsed per wall-clock second."""
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


def _row_event(row: dict[str, str], line: int) -> GoldEvent:
    headline = (row.get("source_headline") or "").strip()
    if not headline:
        raise ValueError("empty source_headline")
    lat, lon = float(row["latitude"]), float(row["longitude"])
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates {lat},{lon} are not on Earth")
    prec = (row.get("where_prec") or "").strip()
    return GoldEvent(
        row_id=(row.get("id") or "").strip() or str(line),
        line=line,
        headline=headline,
        lat=lat,
        lon=lon,
        date_start=dt.date.fromisoformat(row["date_start"].strip()),
        date_end=dt.date.fromisoformat(row["date_end"].strip()),
        place_name=(row.get("where_coordinates") or "").strip(),
        where_prec=int(prec) if prec else None,
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


def _score_row(
    event: GoldEvent, incidents: Sequence[Incident], names_place: bool, states_date: bool
) -> RowResult:
    ordered = tuple(sorted(incidents, key=lambda i: (i.start, i.end)))  # stable for ties
    errors = [_km(event.lat, event.lon, i.lat, i.lon) for i in ordered]
    first = ordered[0] if ordered else None
    date_ok = (
        first is not None
        and first.date_precision == "day"
        and first.date == event.date_start.isoformat()
    )
    return RowResult(
        event=event,
        incidents=ordered,
        names_place=names_place,
        states_date=states_date,
        error_km=errors[0] if errors else None,
        nearest_km=min(errors) if errors else None,
        date_correct=date_ok,
    )


def run_rows(
    events: Sequence[GoldEvent],
    gazetteer: Gazetteer,
    *,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[RowResult], int, float]:
    """Parse each distinct (headline, date_end) once and score every row against it.

    Returns the row results, the number of documents parsed and the seconds
    parsing took (wall clock, gazetteer open excluded). A headline geomap
    fails on is logged and scored as yielding nothing.
    """
    cache: dict[tuple[str, dt.date], tuple[tuple[Incident, ...], bool, bool]] = {}
    seconds = 0.0
    results: list[RowResult] = []
    for n, event in enumerate(events, start=1):
        key = (event.headline, event.date_end)
        if key not in cache:
            doc = make_document(event.headline, doc_id=event.row_id, published=event.date_end)
            t0 = time.perf_counter()
            try:
                parsed = parse_document(doc, gazetteer)
                found = (
                    parsed.incidents,
                    any(
                        m.location is not None and m.mention.kind == "toponym"
                        for m in parsed.mentions
                    ),
                )
            except GeomapError as err:
                log.warning("row %s: geomap failed (%s); scored as no incident", event.row_id, err)
                found = ((), False)
            seconds += time.perf_counter() - t0
            dated = any(d.date is not None for d in find_dates(doc.text, reference=event.date_end))
            cache[key] = (*found, dated)
        incidents, names_place, states_date = cache[key]
        results.append(_score_row(event, incidents, names_place, states_date))
        if progress is not None and (n % 500 == 0 or n == len(events)):
            progress(f"scored {n:,}/{len(events):,} rows")
    return results, len(cache), seconds


def score_rows(
    results: Sequence[RowResult],
    *,
    docs_parsed: int = 0,
    seconds: float = 0.0,
    skipped_lines: Sequence[int] = (),
) -> IncidentScores:
    """Sum row results into :class:`IncidentScores` (pure: rows in, counts out)."""
    first = [r.error_km for r in results if r.error_km is not None]
    nearest = [r.nearest_km for r in results if r.nearest_km is not None]
    return IncidentScores(
        rows=len(results),
        headlines=len({r.event.headline for r in results}),
        with_incident=len(first),
        naming_place=sum(1 for r in results if r.names_place),
        naming_place_with_incident=sum(1 for r in results if r.names_place and r.incidents),
        stating_date=sum(1 for r in results if r.states_date),
        date_correct=sum(1 for r in results if r.states_date and r.date_correct),
        within_first={t: sum(1 for e in first if e < t) for t in THRESHOLDS_KM},
        within_nearest={t: sum(1 for e in nearest if e < t) for t in THRESHOLDS_KM},
        median_km=statistics.median(first) if first else None,
        median_nearest_km=statistics.median(nearest) if nearest else None,
        docs_parsed=docs_parsed,
        seconds=seconds,
        skipped_lines=tuple(skipped_lines),
    )


# ---------------------------------------------------------------------------
# Output


def scores_to_dict(s: IncidentScores) -> dict[str, Any]:
    """The figures as JSON-ready data; ratios are None when undefined."""

    def within(counts: dict[float, int]) -> dict[str, Any]:
        return {
            f"{t:g}km": {
                "count": counts[t],
                "of_rows_with_incident": _ratio(counts[t], s.with_incident),
                "of_all_rows": _ratio(counts[t], s.rows),
            }
            for t in THRESHOLDS_KM
        }

    return {
        "rows": s.rows,
        "headlines": s.headlines,
        "rows_with_incident": s.with_incident,
        "share_with_incident": _ratio(s.with_incident, s.rows),
        "rows_naming_place": s.naming_place,
        "share_naming_place_with_incident": _ratio(s.naming_place_with_incident, s.naming_place),
        "within_first": within(s.within_first),
        "within_nearest_upper_bound": within(s.within_nearest),
        "median_km": s.median_km,
        "median_nearest_km_upper_bound": s.median_nearest_km,
        "rows_stating_date": s.stating_date,
        "date_exact": s.date_correct,
        "share_date_exact": _ratio(s.date_correct, s.stating_date),
        "docs_parsed": s.docs_parsed,
        "seconds": s.seconds,
        "docs_per_second": s.docs_per_second,
        "skipped_lines": list(s.skipped_lines),
    }


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def format_table(s: IncidentScores, source: str = "") -> str:
    """A small plain-text table of the figures, with issue 7's goals beside them."""
    lines = [
        f"{source + ': ' if source else ''}{s.rows:,} rows, {s.headlines:,} headlines",
        f"{'metric':<50} {'value':>8}  goal",
        "-" * 66,
        f"{'rows with an incident':<50} {_pct(_ratio(s.with_incident, s.rows)):>8}",
        f"{'... of rows whose headline names a place':<50} "
        f"{_pct(_ratio(s.naming_place_with_incident, s.naming_place)):>8}  >= 90%",
    ]
    goals = {50.0: "  >= 70%", 161.0: "  >= 85%"}
    for t in THRESHOLDS_KM:
        lines.append(
            f"{f'within {t:g} km, first incident (of with incident)':<50} "
            f"{_pct(_ratio(s.within_first[t], s.with_incident)):>8}"
        )
        lines.append(
            f"{f'within {t:g} km, first incident (of all rows)':<50} "
            f"{_pct(_ratio(s.within_first[t], s.rows)):>8}{goals.get(t, '')}"
        )
    for t in THRESHOLDS_KM:
        lines.append(
            f"{f'within {t:g} km, nearest, UPPER BOUND (of all)':<50} "
            f"{_pct(_ratio(s.within_nearest[t], s.rows)):>8}"
        )
    med = "-" if s.median_km is None else f"{s.median_km:,.1f}"
    med_n = "-" if s.median_nearest_km is None else f"{s.median_nearest_km:,.1f}"
    lines += [
        f"{'median error km, first incident':<50} {med:>8}",
        f"{'median error km, nearest (upper bound)':<50} {med_n:>8}",
        f"{'date exact (rows whose headline states one)':<50} "
        f"{_pct(_ratio(s.date_correct, s.stating_date)):>8}  >= 90%",
        "",
        f"rows naming a place: {s.naming_place:,}; rows stating a date: {s.stating_date:,}",
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
        return "no place found" if not r.names_place else "place found, no incident"
    assert r.error_km is not None and r.nearest_km is not None
    if r.error_km < 50.0:
        return "ok"
    if r.nearest_km < 50.0:
        return "first incident wrong, another incident right"
    return "no incident near the gold place"


def error_report(results: Sequence[RowResult]) -> str:
    """Per-row report for people, worst first: rows without an incident, then by error.

    Each row shows the headline, the gold place name and point, geomap's first
    incident (place and point) and the error in km; a summary counts patterns.
    """

    def order(r: RowResult) -> tuple[int, float]:
        return (0, 0.0) if r.error_km is None else (1, -r.error_km)

    rows = sorted(results, key=order)
    patterns = Counter(_why(r) for r in results)
    firsts = Counter(
        f"{r.first.place} for gold {r.event.place_name or '?'}"
        for r in results
        if r.first is not None and r.error_km is not None and r.error_km >= 50.0
    )
    out = [
        f"# {len(results):,} rows; patterns: "
        + "; ".join(f"{k} x{v}" for k, v in patterns.most_common()),
        "# most frequent wrong places (first incident >= 50 km off): "
        + "; ".join(f"{k} x{v}" for k, v in firsts.most_common(25)),
        "",
    ]
    for r in rows:
        e = r.event
        first = r.first
        pred = (
            "no incident"
            if first is None
            else f"{first.place} {first.lat:.4f},{first.lon:.4f} date {first.date or '-'}"
        )
        err = "-" if r.error_km is None else f"{r.error_km:,.0f} km"
        near = "" if r.nearest_km in (None, r.error_km) else f" (nearest {r.nearest_km:,.0f} km)"
        out.append(
            f"row {e.row_id} line {e.line} prec {e.where_prec or '?'} | gold "
            f"{e.place_name or '?'} {e.lat:.4f},{e.lon:.4f} {e.date_start} | geomap {pred} | "
            f"error {err}{near} | {_why(r)}"
        )
        out.append(f"    {e.headline}")
    return "\n".join(out) + "\n"
