"""Build the gazetteer's SQLite file from layers: the only code that writes it.

Layers, in order, later ones winning: the embedded default (package data),
GeoNames files (main tables, then alternate names), and the user's own
places. The same geonameid from two layers is one place: the later layer's
row, with the names of both. Records stream through in batches, so memory
stays flat however large the dump.

The file is written under a temporary name and renamed into place, so a
reader never sees half a gazetteer and an interrupted build leaves the old
one as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer.embedded import LICENCES, CountryRecord, PlaceRecord, read_embedded
from geomap.gazetteer.geonames import (
    AdminTables,
    LoadReport,
    detect_kind,
    parse_place_line,
    read_admin_codes,
    read_alternate_names,
    read_country_info,
    read_feature_codes,
    read_lines,
    read_places,
)
from geomap.gazetteer.keyindex import write_key_indexes
from geomap.gazetteer.keys import article_free, fold_uncached, skeleton_uncached
from geomap.gazetteer.schema import SCHEMA, SCHEMA_VERSION
from geomap.gazetteer.userplaces import USER_SUFFIXES, read_user_places

__all__ = ["BuildSummary", "GazetteerWriter", "add_layer", "build", "build_default"]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
_BATCH = 20_000
_PARALLEL_BYTES = 32 << 20  # main tables larger than this are parsed in worker processes
_GEONAMES_LICENCE = "GeoNames (geonames.org), CC BY 4.0"


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build wrote, and what it rejected."""

    path: Path
    places: int
    names: int
    seconds: float
    reports: tuple[LoadReport, ...]


def importance_rank(feature_class: str, population: int) -> int:
    """Sort key for loose matches: countries and regions, then by population."""
    return -(population + (10**10 if feature_class == "A" else 0))


def _name_rows(record: PlaceRecord) -> Iterable[tuple[str, int, str, int, str, str, int]]:
    """(folded, geonameid, name, is_main, bare, skeleton, rank) for each distinct name."""
    seen: set[str] = set()
    gid = record.place.geonameid
    rank = importance_rank(record.place.feature_class, record.place.population)
    for i, name in enumerate((record.place.name, *record.names)):
        folded = fold_uncached(name)
        if not folded or folded in seen:
            continue
        seen.add(folded)
        yield (folded, gid, name, int(i == 0), article_free(folded),
               skeleton_uncached(folded), rank)  # fmt: skip


def prepare(records: Iterable[PlaceRecord]) -> tuple[list[tuple], list[tuple]]:
    """Place rows and name rows (with every key) for a batch of records."""
    place_rows = []
    name_rows: list[tuple] = []
    for record in records:
        p = record.place
        place_rows.append(
            (p.geonameid, p.name, p.lat, p.lon, p.feature_class, p.feature_code, p.country,
             p.admin1, p.population, p.source)
        )  # fmt: skip
        name_rows.extend(_name_rows(record))
    return place_rows, name_rows


_WORKER: dict[str, object] = {}


def _init_worker(tables: AdminTables, source: str) -> None:
    _WORKER["tables"] = tables
    _WORKER["source"] = source


def _prepare_lines(
    lines: list[tuple[int, str]],
) -> tuple[list[tuple], list[tuple], list[tuple[int, str]], int]:
    """Worker: parse main-table lines and compute their rows (pure)."""
    tables = _WORKER["tables"]
    source = str(_WORKER["source"])
    assert isinstance(tables, AdminTables)
    records = []
    rejects = []
    rows = 0
    for number, line in lines:
        parsed = parse_place_line(line, tables, source)
        if parsed is None:
            continue
        rows += 1
        if isinstance(parsed, str):
            rejects.append((number, parsed))
        else:
            records.append(parsed)
    place_rows, name_rows = prepare(records)
    return place_rows, name_rows, rejects, rows


class GazetteerWriter:
    """Writes layers into a new (or copied) SQLite file, then renames it into place."""

    def __init__(
        self, target: Path, *, base: Path | None = None, progress: Progress | None = None
    ) -> None:
        self.target = Path(target)
        self.base = base
        self.progress = progress
        self.reports: list[LoadReport] = []
        self._con: sqlite3.Connection | None = None
        self._tmp: Path | None = None
        self._started = time.perf_counter()

    def __enter__(self) -> GazetteerWriter:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=self.target.parent)
        os.close(fd)
        self._tmp = Path(name)
        try:
            if self.base is not None:
                shutil.copyfile(self.base, self._tmp)
            self._con = sqlite3.connect(self._tmp)
            self._con.executescript(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;"
                "PRAGMA temp_store=FILE;"
            )
            if self.base is None:
                self._con.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as err:
            self._abort()
            raise GazetteerError(f"cannot write gazetteer {self.target}: {err}") from err
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            self._abort()
            return
        try:
            self._finish()
        except (OSError, sqlite3.Error) as err:
            self._abort()
            raise GazetteerError(f"cannot write gazetteer {self.target}: {err}") from err

    @property
    def con(self) -> sqlite3.Connection:
        assert self._con is not None, "use GazetteerWriter as a context manager"
        return self._con

    def _abort(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)

    def _say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    # -- layers ----------------------------------------------------------------

    def add_places(self, records: Iterable[PlaceRecord], report: LoadReport) -> None:
        """Add one layer's places; a geonameid already present takes this row."""
        total = 0
        iterator = iter(records)
        while batch := list(islice(iterator, _BATCH)):
            self.insert(*prepare(batch))
            total += len(batch)
            if total % 200_000 < _BATCH:
                self._say(f"{report.source}: {total:,} places")
        self.reports.append(report)

    def _insert_prepared(
        self,
        prepared: tuple[list[tuple], list[tuple], list[tuple[int, str]], int],
        report: LoadReport,
    ) -> None:
        place_rows, name_rows, rejects, rows = prepared
        report.rows += rows
        report.kept += len(place_rows)
        for number, reason in rejects:
            report.reject(number, reason)
        self.insert(place_rows, name_rows)
        before = report.kept - len(place_rows)
        if before // 500_000 != report.kept // 500_000:
            self._say(f"{report.source}: {report.kept:,} places")

    def insert(self, place_rows: list[tuple], name_rows: list[tuple]) -> None:
        """Insert prepared rows (see :func:`prepare`)."""
        self.con.executemany(
            "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", place_rows
        )
        self._add_names(name_rows)

    def add_geonames_parallel(
        self, path: Path, tables: AdminTables, report: LoadReport, jobs: int
    ) -> None:
        """A large main table: parse and key lines in ``jobs`` processes, insert here.

        Parsing and name keys are about 80 % of a build's time and are pure,
        so worker processes do them while this one writes SQLite; chunks come
        back in file order, so later rows still win as in a serial build.
        """
        import multiprocessing

        context = multiprocessing.get_context("fork")
        pending: deque[AsyncResult] = deque()
        with context.Pool(jobs, initializer=_init_worker, initargs=(tables, path.name)) as pool:
            for chunk in read_lines(path, _BATCH):
                # At most two chunks in flight per worker: memory stays flat
                # however large the file (Pool.imap would read it all ahead).
                pending.append(pool.apply_async(_prepare_lines, (chunk,)))
                while len(pending) >= 2 * jobs:
                    self._insert_prepared(pending.popleft().get(), report)
            while pending:
                self._insert_prepared(pending.popleft().get(), report)
        self.reports.append(report)

    def _add_names(self, rows: Iterable[tuple[str, int, str, int, str, str, int]]) -> None:
        rows = list(rows)
        con = self.con
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", [r[:4] for r in rows])
        con.executemany(
            "INSERT OR IGNORE INTO bare VALUES (?,?,?)",
            [(r[4], r[1], r[0]) for r in rows if r[4] != r[0]],
        )
        con.executemany(
            "INSERT OR IGNORE INTO skeletons VALUES (?,?,?,?)",
            [(r[5], r[6], r[1], r[0]) for r in rows if r[5]],
        )

    def add_alternate_names(self, path: Path, report: LoadReport) -> None:
        """Add ``alternateNamesV2.txt`` names to the places they name."""
        iterator = read_alternate_names(path, report)
        while batch := list(islice(iterator, _BATCH)):
            ranks = self._ranks({alt.geonameid for alt in batch})
            rows = []
            for alt in batch:
                folded = fold_uncached(alt.name)
                if folded and alt.geonameid in ranks:  # names of places this gazetteer has
                    rows.append((folded, alt.geonameid, alt.name, 0, article_free(folded),
                                 skeleton_uncached(folded), ranks[alt.geonameid]))  # fmt: skip
            self._add_names(rows)
        self.reports.append(report)

    def _ranks(self, ids: set[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for gid in ids:
            row = self.con.execute(
                "SELECT feature_class, population FROM places WHERE geonameid=?", (gid,)
            ).fetchone()
            if row:
                out[gid] = importance_rank(*row)
        return out

    def add_countries(self, countries: Iterable[CountryRecord]) -> None:
        """Country rows (outlines, capitals) and their demonyms."""
        from geomap.gazetteer.keys import fold

        for c in countries:
            self.con.execute(
                "INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?)",
                (c.iso, c.name, c.geonameid, c.capital, c.geometry_wkt),
            )
            self.con.executemany(
                "INSERT OR IGNORE INTO demonyms VALUES (?,?)",
                [(fold(d), c.iso) for d in c.demonyms if d],
            )

    def update_country_names(self, rows: Iterable[tuple[str, str, str, int | None]]) -> None:
        """countryInfo.txt: names and capitals for countries, keeping any outline."""
        for iso, name, capital, gid in rows:
            self.con.execute(
                "INSERT INTO countries (iso, name, geonameid, capital) VALUES (?,?,?,?) "
                "ON CONFLICT(iso) DO UPDATE SET name=excluded.name, capital=excluded.capital, "
                "geonameid=excluded.geonameid",
                (iso, name, gid or 0, capital),
            )

    def record_source(self, report: LoadReport, kind: str, licence: str) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO sources VALUES (?,?,?,?,?,?,?)",
            (report.source, kind, report.rows, report.kept, report.malformed,
             "\n".join(report.examples), licence),
        )  # fmt: skip
        if report.malformed:
            self._say(
                f"{report.source}: {report.malformed:,} malformed rows skipped, e.g. "
                f"{report.examples[0]}"
            )

    def _finish(self) -> None:
        con = self.con
        places = con.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        meta = {
            "schema_version": SCHEMA_VERSION,
            "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "places": str(places),
            "names": str(names),
        }
        con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", meta.items())
        self._say(f"{places:,} places, {names:,} names; indexing keys, analysing")
        write_key_indexes(con)
        con.commit()
        con.execute("ANALYZE")
        con.commit()
        con.close()
        self._con = None
        assert self._tmp is not None
        self._tmp.chmod(0o644)
        os.replace(self._tmp, self.target)
        self._say(
            f"gazetteer written in {time.perf_counter() - self._started:.1f} s: {self.target}"
        )


def _write_default(writer: GazetteerWriter) -> None:
    writer._say("reading package data (GeoNames cities500, countries, admin1, airports)")
    records, countries = read_embedded()
    by_source: dict[str, list[PlaceRecord]] = {}
    for record in records:
        by_source.setdefault(record.place.source, []).append(record)
    for source, layer in by_source.items():
        report = LoadReport(source, rows=len(layer), kept=len(layer))
        writer.add_places(layer, report)
        writer.record_source(report, "embedded", _licence_of(source))
    writer.add_countries(countries)


def _licence_of(source: str) -> str:
    parts = [LICENCES[k] for k in LICENCES if k in source]
    return "; ".join(parts) or LICENCES["geonames"]


def _expand(sources: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            out.extend(
                sorted(
                    p
                    for p in source.iterdir()
                    if p.is_file() and p.suffix.casefold() in (".txt", ".zip", *USER_SUFFIXES)
                )
            )
        elif source.is_file():
            out.append(source)
        else:
            raise GazetteerError(f"{source}: no such gazetteer source file or folder")
    return out


def _classify(paths: Sequence[Path]) -> dict[str, list[Path]]:
    kinds: dict[str, list[Path]] = {}
    for path in paths:
        kind = "user" if path.suffix.casefold() in USER_SUFFIXES else detect_kind(path)
        kinds.setdefault(kind, []).append(path)
    return kinds


def _write_sources(writer: GazetteerWriter, paths: Sequence[Path]) -> None:
    kinds = _classify(paths)
    for kind in ("admin1", "admin2"):
        for path in kinds.get(kind, []):
            report = LoadReport(path.name)
            writer.con.executemany(
                "INSERT OR REPLACE INTO admin_names VALUES (?,?)",
                read_admin_codes(path, report).items(),
            )
            writer.record_source(report, kind, _GEONAMES_LICENCE)
    tables = AdminTables()  # every admin name this gazetteer has, from earlier layers too
    for code, name in writer.con.execute("SELECT code, name FROM admin_names"):
        (tables.admin1 if code.count(".") == 1 else tables.admin2)[code] = name
    for path in kinds.get("countries", []):
        report = LoadReport(path.name)
        rows = list(read_country_info(path, report))
        writer.update_country_names((r.iso, r.name, r.capital, r.geonameid) for r in rows)
        writer.record_source(report, "countries", _GEONAMES_LICENCE)
    for path in kinds.get("features", []):
        report = LoadReport(path.name)
        codes = read_feature_codes(path, report)
        writer.con.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?,?)",
            [(f"feature:{k}", v) for k, v in codes.items()],
        )
        writer.record_source(report, "features", _GEONAMES_LICENCE)
    jobs = os.cpu_count() or 1
    for path in kinds.get("places", []):
        report = LoadReport(path.name)
        writer._say(f"reading {path}")
        if jobs > 1 and path.stat().st_size > _PARALLEL_BYTES:
            writer.add_geonames_parallel(path, tables, report, jobs)
        else:
            writer.add_places(read_places(path, tables, source=path.name, report=report), report)
        writer.record_source(report, "geonames", _GEONAMES_LICENCE)
    for path in kinds.get("alternates", []):
        report = LoadReport(path.name)
        writer._say(f"reading {path}")
        writer.add_alternate_names(path, report)
        writer.record_source(report, "alternates", _GEONAMES_LICENCE)
    for path in kinds.get("user", []):
        report = LoadReport(path.name)
        writer.add_places(read_user_places(path, report), report)
        writer.record_source(report, "user", "the user's own data")


def build(
    target: Path,
    sources: Sequence[Path] = (),
    *,
    include_default: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Build a gazetteer at ``target`` from the embedded default and ``sources``.

    ``sources`` are GeoNames files (any of the tables geonames.org publishes,
    plain or zipped), user place files (CSV/TSV/GeoJSON) or folders of them.
    """
    paths = _expand(sources)
    _classify(paths)  # reject unknown files before any work
    with GazetteerWriter(target, progress=progress) as writer:
        if include_default:
            _write_default(writer)
        _write_sources(writer, paths)
    log.info("built gazetteer at %s", target)
    return Path(target)


def add_layer(target: Path, sources: Sequence[Path], *, progress: Progress | None = None) -> Path:
    """Add sources to an existing gazetteer (a copy is updated, then renamed)."""
    target = Path(target)
    if not target.is_file():
        from geomap.errors import GazetteerNotFound

        raise GazetteerNotFound(
            f"gazetteer {target} does not exist; build it first with "
            f"'geomap gazetteer build --gazetteer {target}'"
        )
    paths = _expand(sources)
    _classify(paths)
    with GazetteerWriter(target, base=target, progress=progress) as writer:
        _write_sources(writer, paths)
    return target


def build_default(path: Path, *, progress: Progress | None = None) -> Path:
    """Build the embedded default gazetteer from package data; no download."""
    return build(path, (), include_default=True, progress=progress)
