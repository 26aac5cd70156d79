"""Streaming readers for the files geonames.org publishes, plain or zipped.

* the main table: ``allCountries.txt``, a country file (``IQ.txt``,
  ``IQ.zip``) or ``cities500/1000/5000/15000`` (19 tab-separated columns);
* ``admin1CodesASCII.txt`` and ``admin2Codes.txt`` (code -> name);
* ``countryInfo.txt`` (with or without its ``#`` comment header);
* ``alternateNamesV2.txt`` (links, postal codes and airport codes skipped;
  historic names kept but marked, colloquial and short names kept);
* ``featureCodes_en.txt`` (code -> description).

Readers never hold a whole file in memory. A malformed row is counted and
reported with its file name and line number through :class:`LoadReport`,
never silently dropped and never fatal.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer.embedded import PlaceRecord, keep_alternate
from geomap.records import Place

__all__ = [
    "AdminTables",
    "LoadReport",
    "detect_kind",
    "open_text",
    "read_admin_codes",
    "read_alternate_names",
    "read_country_info",
    "read_feature_codes",
    "parse_place_line",
    "read_lines",
    "read_places",
]

_MAIN_COLUMNS = 19
_SKIPPED_LANGUAGES = frozenset(
    {"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc", "tcid", "phon", "piny"}
)


@dataclass
class LoadReport:
    """What a load read, kept, and rejected (with line numbers)."""

    source: str
    rows: int = 0
    kept: int = 0
    malformed: int = 0
    examples: list[str] = field(default_factory=list)  # the first few malformed rows

    skipped: int = 0  # well-formed rows left out on purpose (links, postal codes ...)

    def skip(self) -> None:
        self.skipped += 1

    def reject(self, line_number: int, reason: str) -> None:
        self.malformed += 1
        if len(self.examples) < 20:
            self.examples.append(f"{self.source}:{line_number}: {reason}")


@dataclass(frozen=True)
class AdminTables:
    """Names of admin1/admin2 codes and countries, to name a place's areas."""

    admin1: dict[str, str] = field(default_factory=dict)  # "IQ.13" -> "Kirkuk"
    admin2: dict[str, str] = field(default_factory=dict)  # "NL.07.0363" -> "Amsterdam"
    countries: dict[str, str] = field(default_factory=dict)  # "IQ" -> "Iraq"


@contextmanager
def open_text(path: Path) -> Iterator[io.TextIOBase]:
    """Open a GeoNames file as UTF-8 text; a ``.zip`` yields its ``.txt`` member."""
    path = Path(path)
    try:
        if path.suffix.casefold() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if n.endswith(".txt")]
                preferred = [n for n in members if Path(n).stem == path.stem] or members
                if not preferred:
                    raise GazetteerError(f"{path}: zip archive holds no .txt file")
                with archive.open(preferred[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                yield handle
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as err:
        raise GazetteerError(f"cannot read GeoNames file {path}: {err}") from err


def detect_kind(path: Path) -> str:
    """Which GeoNames table a file is, by name and, failing that, by its first rows.

    Up to ten data rows vote, so one malformed row does not hide what the
    file is.
    """
    name = Path(path).name.casefold()
    for prefix, kind in (
        ("admin1codes", "admin1"),
        ("admin2codes", "admin2"),
        ("countryinfo", "countries"),
        ("alternatenames", "alternates"),
        ("featurecodes", "features"),
    ):
        if name.startswith(prefix):
            return kind
    votes: dict[str, int] = {}
    with open_text(path) as handle:
        seen = 0
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            seen += 1
            if seen > 10:
                break
            kind = _row_kind(line.rstrip("\r\n").split("\t"))
            if kind:
                votes[kind] = votes.get(kind, 0) + 1
    if votes:
        return max(votes, key=lambda k: votes[k])
    raise GazetteerError(
        f"{path}: not a GeoNames file geomap knows (main table, admin1/admin2 codes, "
        "countryInfo, alternateNames, featureCodes)"
    )


def _row_kind(columns: list[str]) -> str | None:
    """The table a single row looks like it belongs to, if any."""
    if len(columns) == _MAIN_COLUMNS and columns[0].isdigit():
        return "places"
    if len(columns) >= 17 and re.fullmatch(r"[A-Z]{2}", columns[0]) and columns[16].isdigit():
        return "countries"
    if len(columns) in (8, 10) and columns[0].isdigit() and columns[1].isdigit():
        return "alternates"
    if len(columns) == 4 and re.fullmatch(r"[A-Z]{2}\.[^.\s]+", columns[0]):
        return "admin1"
    if len(columns) == 4 and re.fullmatch(r"[A-Z]{2}\.[^.\s]+\.[^.\s]+", columns[0]):
        return "admin2"
    return None


def _table_rows(path: Path, report: LoadReport) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) of a tab-separated table; blank, ``#`` comment and
    ``ISO`` header lines skipped, every other line counted in ``report``."""
    with open_text(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith(("#", "ISO\t")):
                continue
            report.rows += 1
            yield number, line.rstrip("\r\n").split("\t")


def read_admin_codes(path: Path, report: LoadReport | None = None) -> dict[str, str]:
    """``admin1CodesASCII.txt`` / ``admin2Codes.txt``: code -> name."""
    report = report or LoadReport(Path(path).name)
    out: dict[str, str] = {}
    for number, columns in _table_rows(path, report):
        if len(columns) < 2 or "." not in columns[0] or not columns[1]:
            report.reject(number, "expected CODE<TAB>name<TAB>asciiname<TAB>geonameid")
            continue
        out[columns[0]] = columns[1]
        report.kept += 1
    return out


@dataclass(frozen=True, slots=True)
class CountryRow:
    """One row of ``countryInfo.txt``."""

    iso: str
    iso3: str
    name: str
    capital: str
    population: int
    geonameid: int | None


def read_country_info(path: Path, report: LoadReport | None = None) -> Iterator[CountryRow]:
    """``countryInfo.txt``, with or without the ``#`` comment lines and header row."""
    report = report or LoadReport(Path(path).name)
    for number, columns in _table_rows(path, report):
        if len(columns) < 17 or not re.fullmatch(r"[A-Z]{2}", columns[0]):
            report.reject(number, f"expected 19 columns, got {len(columns)}")
            continue
        try:
            population = int(columns[7] or 0)
            gid = int(columns[16]) if columns[16] else None
        except ValueError:
            report.reject(number, "population or geonameid is not a number")
            continue
        report.kept += 1
        yield CountryRow(columns[0], columns[1], columns[4], columns[5], population, gid)


def read_feature_codes(path: Path, report: LoadReport | None = None) -> dict[str, str]:
    """``featureCodes_en.txt``: "A.ADM1" -> "first-order administrative division"."""
    report = report or LoadReport(Path(path).name)
    out: dict[str, str] = {}
    for number, columns in _table_rows(path, report):
        code_at = next((i for i, c in enumerate(columns) if re.fullmatch(r"[A-Z]\.\w+", c)), None)
        if code_at is None or code_at + 1 >= len(columns):
            report.reject(number, "no CLASS.CODE column")
            continue
        out[columns[code_at]] = columns[code_at + 1]
        report.kept += 1
    return out


@dataclass(frozen=True, slots=True)
class AlternateName:
    """One row of ``alternateNamesV2.txt`` that names a place."""

    geonameid: int
    name: str
    language: str
    preferred: bool
    short: bool
    colloquial: bool
    historic: bool


def read_alternate_names(path: Path, report: LoadReport | None = None) -> Iterator[AlternateName]:
    """Alternate names; links, postal and airport codes and other non-names skipped."""
    report = report or LoadReport(Path(path).name)
    for number, columns in _table_rows(path, report):
        if len(columns) < 4 or not columns[1].isdigit() or not columns[3]:
            report.reject(number, "expected id, geonameid, language, name ...")
            continue
        language = columns[2]
        if language in _SKIPPED_LANGUAGES or not keep_alternate(columns[3], ""):
            report.skip()
            continue
        flags = [c == "1" for c in (columns[4:8] + ["", "", "", ""])[:4]]
        report.kept += 1
        yield AlternateName(int(columns[1]), columns[3], language, *flags)


def _admin_name(tables: AdminTables, iso: str, a1: str, a2: str) -> tuple[str, str]:
    admin1 = tables.admin1.get(f"{iso}.{a1}", "") if a1 else ""
    admin2 = tables.admin2.get(f"{iso}.{a1}.{a2}", "") if a2 else ""
    return admin1, admin2


def parse_place_line(line: str, tables: AdminTables, source: str) -> PlaceRecord | str | None:
    """One main-table line: a place, the reason it is malformed, or None if blank."""
    if not line.strip() or line.startswith("#"):
        return None
    columns = line.rstrip("\r\n").split("\t")
    if len(columns) != _MAIN_COLUMNS:
        return f"expected {_MAIN_COLUMNS} columns, got {len(columns)}"
    try:
        gid = int(columns[0])
        lat = float(columns[4])
        lon = float(columns[5])
        population = int(columns[14] or 0)
    except ValueError:
        return "id, coordinates or population is not a number"
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0) or not columns[1]:
        return "coordinates out of range or no name"
    iso = columns[8]
    admin1, _ = _admin_name(tables, iso, columns[10], columns[11])
    fclass, fcode = columns[6] or "", columns[7] or ""
    if fcode.startswith("ADM1") and not admin1:
        admin1 = columns[1]
    main = columns[1]
    place = Place(gid, main, lat, lon, fclass, fcode, iso, admin1, population, source)
    alternates = [columns[2]] if columns[2] and columns[2] != main else []
    alternates += [n for n in columns[3].split(",") if keep_alternate(n, main)]
    return PlaceRecord(place, tuple(dict.fromkeys(alternates)))


def read_lines(path: Path, chunk: int = 20_000) -> Iterator[list[tuple[int, str]]]:
    """(line number, line) pairs of a (possibly zipped) file, in chunks."""
    with open_text(path) as handle:
        batch: list[tuple[int, str]] = []
        for number, line in enumerate(handle, 1):
            batch.append((number, line))
            if len(batch) >= chunk:
                yield batch
                batch = []
        if batch:
            yield batch


def read_places(
    path: Path, tables: AdminTables, *, source: str, report: LoadReport | None = None
) -> Iterator[PlaceRecord]:
    """The main GeoNames table: every row a place with its alternate names."""
    for batch in read_lines(path):
        for number, line in batch:
            parsed = parse_place_line(line, tables, source)
            if parsed is None:
                continue
            if report:
                report.rows += 1
            if isinstance(parsed, str):
                if report:
                    report.reject(number, parsed)
                continue
            if report:
                report.kept += 1
            yield parsed
