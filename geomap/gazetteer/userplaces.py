"""The analyst's own places: bases, camps, checkpoints, villages GeoNames lacks.

CSV or TSV with a header row naming at least ``name``, ``lat`` and ``lon``
(``latitude``/``longitude`` also accepted); optional ``alternate_names``
(separated by ``|`` or ``;``), ``type`` (a GeoNames feature code such as
``MILB``, or free text), ``country`` (ISO alpha-2), ``admin1``, ``population``
and ``geonameid`` (give a GeoNames id to override that place). Or a GeoJSON
FeatureCollection of Points with the same names as properties.
"""

from __future__ import annotations

import csv
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.gazetteer.embedded import PlaceRecord
from geomap.gazetteer.geonames import LoadReport
from geomap.records import Place

__all__ = ["USER_SUFFIXES", "read_user_places"]

USER_SUFFIXES = (".csv", ".tsv", ".geojson", ".json")
_USER_NAMESPACE = 3 << 32
# Free-text types an analyst writes, as GeoNames feature codes.
_TYPE_CODES = {
    "base": ("S", "MILB"), "military base": ("S", "MILB"), "airbase": ("S", "AIRB"),
    "airport": ("S", "AIRP"), "checkpoint": ("S", "CTRB"), "camp": ("S", "CMPRF"),
    "refugee camp": ("S", "CMPRF"), "village": ("P", "PPL"), "town": ("P", "PPL"),
    "city": ("P", "PPL"), "district": ("A", "ADM2"), "province": ("A", "ADM1"),
    "governorate": ("A", "ADM1"), "bridge": ("S", "BDG"), "hospital": ("S", "HSP"),
    "school": ("S", "SCH"), "mosque": ("S", "MSQE"), "dam": ("S", "DAM"),
    "prison": ("S", "PRN"), "border crossing": ("S", "PSTB"), "oil field": ("L", "OILF"),
}  # fmt: skip


def _feature(type_text: str) -> tuple[str, str]:
    text = type_text.strip()
    if not text:
        return "S", "USER"
    if text.casefold() in _TYPE_CODES:
        return _TYPE_CODES[text.casefold()]
    if re.fullmatch(r"[AHLPRSTUV]\.[A-Z0-9]{2,6}", text):
        cls, code = text.split(".", 1)
        return cls, code
    if text.isupper() and text.isalnum() and len(text) <= 6:
        cls = "P" if text.startswith("PPL") else "A" if text.startswith(("ADM", "PCL")) else "S"
        return cls, text
    return "S", "USER"


def _user_id(source: str, name: str, lat: float, lon: float) -> int:
    return -(_USER_NAMESPACE + zlib.crc32(f"{source}:{name}:{lat:.5f}:{lon:.5f}".encode()))


def _record(props: dict[str, object], lat: float, lon: float, source: str) -> PlaceRecord:
    name = str(props.get("name") or "").strip()
    raw_alternates = props.get("alternate_names") or props.get("alternatenames") or ""
    if isinstance(raw_alternates, list):
        alternates = [str(a).strip() for a in raw_alternates]
    else:
        alternates = [a.strip() for a in str(raw_alternates).replace(";", "|").split("|")]
    cls, code = _feature(str(props.get("type") or props.get("feature_code") or ""))
    gid_text = str(props.get("geonameid") or "").strip()
    gid = int(gid_text) if gid_text.isdigit() else _user_id(source, name, lat, lon)
    population = str(props.get("population") or "0").strip()
    place = Place(
        geonameid=gid, name=name, lat=lat, lon=lon, feature_class=cls, feature_code=code,
        country=str(props.get("country") or "").strip().upper(),
        admin1=str(props.get("admin1") or "").strip(),
        population=int(population) if population.isdigit() else 0, source=source,
    )  # fmt: skip
    return PlaceRecord(place, tuple(a for a in alternates if a and a != name))


def _coordinates(lat: object, lon: object) -> tuple[float, float] | None:
    try:
        lat_f, lon_f = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (-90.0 <= lat_f <= 90.0 and -180.0 <= lon_f <= 180.0):
        return None
    return lat_f, lon_f


def read_user_places(path: Path, report: LoadReport) -> Iterator[PlaceRecord]:
    """The places of one user file; bad rows are reported with their line numbers."""
    path = Path(path)
    source = path.name
    try:
        if path.suffix.casefold() in (".geojson", ".json"):
            yield from _read_geojson(path, source, report)
            return
        delimiter = "\t" if path.suffix.casefold() == ".tsv" else ","
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter)
            fields = {f.strip().casefold() for f in reader.fieldnames or []}
            if (
                "name" not in fields
                or not ({"lat", "latitude"} & fields)
                or not ({"lon", "lng", "long", "longitude"} & fields)
            ):
                raise GazetteerError(
                    f"{path}: needs a header row with name, lat and lon columns "
                    f"(found: {', '.join(sorted(fields)) or 'nothing'})"
                )
            for row in reader:
                props = {k.strip().casefold(): v for k, v in row.items() if k}
                report.rows += 1
                point = _coordinates(
                    props.get("lat") or props.get("latitude"),
                    props.get("lon")
                    or props.get("lng")
                    or props.get("long")
                    or props.get("longitude"),
                )
                if point is None or not (props.get("name") or "").strip():
                    report.reject(reader.line_num, "needs a name and lat/lon in range")
                    continue
                report.kept += 1
                yield _record(props, *point, source)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise GazetteerError(f"cannot read user places {path}: {err}") from err


def _read_geojson(path: Path, source: str, report: LoadReport) -> Iterator[PlaceRecord]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise GazetteerError(f"{path}: not valid GeoJSON: {err}") from err
    features = data.get("features", []) if isinstance(data, dict) else []
    for number, feature in enumerate(features, 1):
        report.rows += 1
        geometry = (feature or {}).get("geometry") or {}
        props = {str(k).casefold(): v for k, v in ((feature or {}).get("properties") or {}).items()}
        coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        point = _coordinates(coords[1], coords[0]) if coords and len(coords) >= 2 else None
        if point is None or not str(props.get("name") or "").strip():
            report.reject(number, "feature needs a Point geometry and a name property")
            continue
        report.kept += 1
        yield _record(props, *point, source)
