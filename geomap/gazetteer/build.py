"""Build the gazetteer's SQLite file: the only code that writes it.

The file is written under a temporary name and renamed into place, so a
reader never sees half a gazetteer and an interrupted build leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer.embedded import LICENCES, CountryRecord, PlaceRecord, read_embedded
from geomap.gazetteer.keys import article_free, fold, skeleton
from geomap.gazetteer.schema import INDEXES, SCHEMA, SCHEMA_VERSION

__all__ = ["build_default", "write_gazetteer"]

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def _name_rows(record: PlaceRecord) -> Iterable[tuple[int, str, str, str, str, int]]:
    seen: set[str] = set()
    gid = record.place.geonameid
    for i, name in enumerate((record.place.name, *record.names)):
        folded = fold(name)
        if not folded or folded in seen:
            continue
        seen.add(folded)
        yield gid, name, folded, article_free(folded), skeleton(folded), int(i == 0)


def write_gazetteer(
    path: Path,
    records: Iterable[PlaceRecord],
    countries: Iterable[CountryRecord],
    *,
    sources: dict[str, str],
    progress: Progress | None = None,
) -> Path:
    """Write places, their names under every key, and the country table to ``path``.

    A geonameid seen twice keeps its first place row and gains the second
    row's names, so overlapping sources merge rather than duplicate.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            _fill(con, records, countries, sources=sources, progress=progress)
        finally:
            con.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as err:
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot write gazetteer {path}: {err}") from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _fill(
    con: sqlite3.Connection,
    records: Iterable[PlaceRecord],
    countries: Iterable[CountryRecord],
    *,
    sources: dict[str, str],
    progress: Progress | None,
) -> None:
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    place_rows = []
    name_rows = []
    seen: set[int] = set()
    for count, record in enumerate(records, 1):
        p = record.place
        if p.geonameid not in seen:
            seen.add(p.geonameid)
            place_rows.append(
                (
                    p.geonameid,
                    p.name,
                    p.lat,
                    p.lon,
                    p.feature_class,
                    p.feature_code,
                    p.country,
                    p.admin1,
                    p.population,
                    p.source,
                )
            )
        name_rows.extend(_name_rows(record))
        if progress and count % 50_000 == 0:
            progress(f"{count:,} places read")
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", place_rows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", name_rows)
    demonyms = []
    for c in countries:
        con.execute(
            "INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?)",
            (c.iso, c.name, c.geonameid, c.capital, c.geometry_wkt),
        )
        demonyms.extend((fold(d), c.iso) for d in c.demonyms if d)
    con.executemany("INSERT OR IGNORE INTO demonyms VALUES (?,?)", demonyms)
    if progress:
        progress(f"{len(place_rows):,} places, {len(name_rows):,} names; indexing")
    con.executescript(INDEXES)
    meta = {
        "schema_version": SCHEMA_VERSION,
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "places": str(len(place_rows)),
        "names": str(len(name_rows)),
        **{f"licence:{k}": v for k, v in sources.items()},
    }
    con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    con.commit()
    con.execute("ANALYZE")
    con.commit()


def build_default(path: Path, *, progress: Progress | None = None) -> Path:
    """Build the embedded default gazetteer from package data; no download."""
    started = time.perf_counter()
    if progress:
        progress("reading package data (GeoNames cities500, countries, admin1, airports)")
    records, countries = read_embedded()
    write_gazetteer(path, records, countries, sources=LICENCES, progress=progress)
    if progress:
        progress(f"gazetteer built in {time.perf_counter() - started:.1f} s: {path}")
    log.info("built default gazetteer at %s", path)
    return path
