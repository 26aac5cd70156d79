"""Incidents -> RFC 7946 GeoJSON and GeoDataFrame, and atomic file writes.

This is the one module that builds ``[lon, lat]`` pairs: records keep named
``lat``/``lon`` fields so that the axis order cannot be swapped by accident on
the way here. The GeoJSON follows RFC 7946 (WGS84, no ``crs`` member,
counter-clockwise exterior rings, coordinates rounded to 6 decimals, about
0.1 m) so that QGIS, ArcGIS, geopandas and web maps read it without options.
Every file is written atomically: to a temporary file in the target's
directory, then renamed over the target, so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.affinity import translate
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geomap.errors import OutputError
from geomap.records import Incident, Source, sources_of

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "COORDINATE_DECIMALS",
    "EXPORT_FORMATS",
    "INCIDENT_FIELDS",
    "SOURCE_FIELDS",
    "atomic_write_text",
    "incident_properties",
    "source_properties",
    "sources_text",
    "parse_formats",
    "split_antimeridian",
    "to_geodataframe",
    "to_geojson",
    "uncertainty_geometry",
    "write_csv",
    "write_export",
    "write_geojson",
    "write_geopackage",
    "write_kml",
    "write_parquet",
    "write_parquet_parts",
]

COORDINATE_DECIMALS = 6
"""Decimals kept in every coordinate (RFC 7946 §11.2: 6 decimals is ~0.1 m)."""

INCIDENT_FIELDS: tuple[str, ...] = (
    "id",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "place",
    "geonameid",
    "country",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "uncertainty_km",
    "quote",
    "doc_id",
    "start",
    "end",
    "fatalities",
    "injuries",
    "mention_text",
    "source_title",
    "source_url",
    "evidence",
    "source_count",
    "sources",
)
"""Property names of an exported incident, in output order.

The same names, in the same order, are the GeoJSON properties and the
GeoDataFrame's columns, so a file read back with geopandas lines up with
:func:`to_geodataframe`. ``doc_id``, ``quote``, ``source_title`` and the
like are the first report's; ``source_count`` and ``sources`` cover every
report of an incident merged from several (:mod:`geomap.merge`), one for
any other.
"""

SOURCE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "incident_id",
    "title",
    "url",
    "quote",
    "start",
    "end",
    "mention_text",
)
"""Keys of each object in an incident's ``sources`` property, in order."""

UNCERTAINTY_PROPERTY = "uncertainty_geometry"
"""GeoJSON property holding an incident's uncertainty polygon (or null)."""


def _round_coordinate(value: float) -> float:
    """Round one coordinate to :data:`COORDINATE_DECIMALS` decimals."""
    return round(float(value), COORDINATE_DECIMALS)


def source_properties(source: Source) -> dict[str, Any]:
    """One report of an incident as a JSON-ready dict keyed by :data:`SOURCE_FIELDS`."""
    return {name: getattr(source, name) for name in SOURCE_FIELDS}


def incident_properties(incident: Incident) -> dict[str, Any]:
    """Return an incident's fields as a JSON-ready dict keyed by :data:`INCIDENT_FIELDS`.

    ``lat``/``lon`` are rounded to 6 decimals, like the Feature's coordinates,
    ``evidence`` becomes a list, ``sources`` a list of
    :func:`source_properties` (one for an incident read from one document)
    and ``source_count`` its length; every other value is already a JSON type
    (str, int, float or None), so ``json.dumps`` needs no custom encoder.

    >>> from geomap.records import Incident
    >>> inc = Incident("d:0-5", "Battles", "Armed clash", None, None, "Mosul", None,
    ...                "IQ", "Nineveh", 36.3350001, 43.1188888, 1, 5.0, "q", "d", 0, 5)
    >>> props = incident_properties(inc)
    >>> props["lat"], props["lon"], props["evidence"]
    (36.335, 43.118889, [])
    """
    sources = sources_of(incident)
    props: dict[str, Any] = {
        name: len(sources) if name == "source_count" else getattr(incident, name)
        for name in INCIDENT_FIELDS
    }
    props["lat"] = _round_coordinate(incident.lat)
    props["lon"] = _round_coordinate(incident.lon)
    props["evidence"] = list(incident.evidence)
    props["sources"] = [source_properties(source) for source in sources]
    return props


def _oriented(geom: BaseGeometry) -> BaseGeometry:
    """Orient polygon rings as RFC 7946 §3.1.6 asks: exterior CCW, holes CW."""
    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(part, 1.0) for part in geom.geoms])
    return geom


def _unwrapped_ring(coords: Any) -> np.ndarray:
    """A ring's coordinates with continuous longitudes: a step over 180 degrees is a crossing.

    ``[179, -179]`` becomes ``[179, 181]``, so the ring no longer spans the globe.
    """
    xy = np.asarray(coords, dtype=float)[:, :2].copy()
    steps = np.diff(xy[:, 0])
    xy[1:, 0] -= 360.0 * np.cumsum(np.round(steps / 360.0))
    return xy


def _crosses_antimeridian(geom: BaseGeometry) -> bool:
    """True if a polygon ring jumps across ±180 or reaches beyond it."""
    min_lon, _, max_lon, _ = geom.bounds
    if min_lon < -180 or max_lon > 180:
        return True
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    for part in parts:
        for ring in [part.exterior, *part.interiors]:
            if np.any(np.abs(np.diff(np.asarray(ring.coords)[:, 0])) > 180):
                return True
    return False


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygons in a geometry (an intersection may give a collection with lines)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    return [p for part in getattr(geom, "geoms", []) for p in _polygons(part)]


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Split a lon/lat polygon that crosses ±180 degrees into parts on either side.

    RFC 7946 §3.1.9: a geometry crossing the antimeridian is cut in two so
    that every longitude lies in [-180, 180] and no edge runs the long way
    round the globe. Rings may arrive wrapped (``179 -> -179``) or unwrapped
    (``179 -> 181``); both give a MultiPolygon. Anything else is returned as
    is, as are polygons that enclose a pole (they cannot be unwrapped).

    >>> wrapped = Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])
    >>> [part.bounds for part in split_antimeridian(wrapped).geoms]
    [(-180.0, 0.0, -179.0, 1.0), (179.0, 0.0, 180.0, 1.0)]
    """
    if not isinstance(geom, Polygon | MultiPolygon) or not _crosses_antimeridian(geom):
        return geom
    pieces: list[Polygon] = []
    for part in geom.geoms if isinstance(geom, MultiPolygon) else [geom]:
        shell = _unwrapped_ring(part.exterior.coords)
        if abs(shell[0, 0] - shell[-1, 0]) > 1e-9:
            return geom  # encloses a pole: leave it alone
        holes = []
        for interior in part.interiors:
            hole = _unwrapped_ring(interior.coords)
            hole[:, 0] += 360.0 * round((shell[:, 0].mean() - hole[:, 0].mean()) / 360.0)
            holes.append(hole)
        polygon = Polygon(shell, holes)
        if not polygon.is_valid:
            polygon = shapely.make_valid(polygon)
        for offset in (-360.0, 0.0, 360.0):
            # The part that lands in [-180, 180] once shifted by ``offset``.
            window = box(-180.0 - offset, -90.0, 180.0 - offset, 90.0)
            pieces += [translate(p, xoff=offset) for p in _polygons(polygon.intersection(window))]
    return pieces[0] if len(pieces) == 1 else MultiPolygon(pieces)


def _listify(value: Any) -> Any:
    """Turn the nested tuples of ``shapely.geometry.mapping`` into lists.

    JSON has no tuples; lists make the dict equal to what ``json.loads``
    gives back, so round-trips compare equal.
    """
    if isinstance(value, dict):
        return {key: _listify(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_listify(item) for item in value]
    return value


def uncertainty_geometry(incident: Incident) -> dict[str, Any] | None:
    """Return the incident's uncertainty shape as a GeoJSON geometry dict, or None.

    ``geometry_wkt`` is lon/lat WKT (WGS84). A polygon crossing the
    antimeridian is split there (:func:`split_antimeridian`). Polygons are
    oriented counter-clockwise and coordinates rounded to 6 decimals *after*
    orienting, so the rounding cannot reverse a ring's order. None when the incident has
    no shape. Raises :class:`~geomap.errors.OutputError` naming the incident
    when the WKT cannot be parsed (a bug upstream, not a user error).
    """
    if not incident.geometry_wkt:
        return None
    try:
        geom = shapely.from_wkt(incident.geometry_wkt)
    except GEOSException as err:
        raise OutputError(
            f"incident {incident.id!r}: geometry_wkt is not valid WKT ({err}); "
            "it cannot be exported"
        ) from err
    if geom is None or geom.is_empty:
        return None
    rounded = shapely.transform(
        _oriented(split_antimeridian(geom)), lambda coords: np.round(coords, COORDINATE_DECIMALS)
    )
    return _listify(mapping(rounded))


def _feature(incident: Incident) -> dict[str, Any]:
    """Build one RFC 7946 Point Feature; ``[lon, lat]`` order is made here only."""
    props = incident_properties(incident)
    props[UNCERTAINTY_PROPERTY] = uncertainty_geometry(incident)
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [props["lon"], props["lat"]]},
        "properties": props,
    }


def to_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """Return the incidents as an RFC 7946 FeatureCollection dict.

    One Point Feature per incident, in input order, with ``"id"`` set to the
    incident's id and :data:`INCIDENT_FIELDS` as properties, plus
    ``"uncertainty_geometry"``: the incident's uncertainty polygon as a GeoJSON
    geometry, or null when it has none (always present, so every Feature has
    the same schema for GIS tools). Coordinates are WGS84 ``[lon, lat]``
    rounded to 6 decimals; there is no ``crs`` member (RFC 7946 §4).

    >>> to_geojson([])
    {'type': 'FeatureCollection', 'features': []}
    """
    return {"type": "FeatureCollection", "features": [_feature(i) for i in incidents]}


@functools.cache
def _file_mode() -> int:
    """Permission bits for new files: 0o666 less the process umask.

    ``tempfile`` creates files as 0o600; without this an atomically written
    map would be unreadable to anyone else, unlike a plain ``open`` would make
    it. The umask can only be read by setting it, so read it once.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` as UTF-8, atomically, and return the path.

    The text goes to a temporary file in the same directory (so the rename
    stays on one filesystem), is flushed to disk, and then replaces ``path``
    with ``os.replace``: readers see the old file or the new one, never a
    partial write, and a failed write leaves no temporary file behind. An
    existing file keeps its permissions; a new one gets the umask's. Raises
    :class:`~geomap.errors.OutputError` on any OS error, e.g. a missing
    directory.
    """
    target = Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(
            f"cannot write {target}: directory {directory} does not exist; create it first"
        )
    tmp_name: str | None = None
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _file_mode()
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            newline="\n",
            delete=False,
            dir=directory,
            prefix=f".{target.name}.",
            suffix=".tmp",
        ) as handle:
            tmp_name = handle.name
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except OSError as err:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from err
    return target


def _check_finite(incidents: Iterable[Incident]) -> None:
    """Refuse NaN/infinite coordinates: JSON has no such numbers (RFC 8259 §6)."""
    for incident in incidents:
        if not (math.isfinite(incident.lat) and math.isfinite(incident.lon)):
            raise OutputError(
                f"incident {incident.id!r} has non-finite coordinates "
                f"(lat={incident.lat}, lon={incident.lon}); it cannot be written as GeoJSON"
            )


def write_geojson(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    """Write the incidents to ``path`` as RFC 7946 GeoJSON, atomically; return the path.

    UTF-8 with non-ASCII kept as is (``ensure_ascii=False``), so Arabic place
    names stay readable in the file. Raises :class:`~geomap.errors.OutputError`
    when the file cannot be written or an incident has non-finite coordinates.
    """
    items = list(incidents)
    _check_finite(items)
    text = json.dumps(to_geojson(items), ensure_ascii=False, allow_nan=False)
    return atomic_write_text(path, text + "\n")


INTEGER_FIELDS: tuple[str, ...] = (
    "geonameid",
    "geo_precision",
    "start",
    "end",
    "fatalities",
    "injuries",
    "source_count",
)
"""Integer fields, kept as nullable ``Int64`` columns so a missing count stays missing."""

EXPORT_FORMATS: tuple[str, ...] = ("gpkg", "csv", "kml", "parquet")
"""File formats :func:`write_export` writes besides GeoJSON (also the file suffixes)."""

UNCERTAINTY_WKT = "uncertainty_wkt"
"""Column of the file exports holding the uncertainty polygon as WKT ("" if none)."""


def sources_text(sources: list[dict[str, Any]]) -> str:
    """An incident's ``sources`` property as one cell: compact JSON, non-ASCII kept.

    >>> sources_text([{"doc_id": "a", "title": "Shelling; 3 dead"}])
    '[{"doc_id":"a","title":"Shelling; 3 dead"}]'
    """
    return json.dumps(sources, ensure_ascii=False, separators=(",", ":"))


def to_geodataframe(incidents: Iterable[Incident]) -> geopandas.GeoDataFrame:
    """Return the incidents as a GeoDataFrame in EPSG:4326 (WGS84 lon/lat).

    Columns are :data:`INCIDENT_FIELDS` in order plus ``geometry`` (points at
    the rounded ``lon``/``lat``); ``evidence`` is joined with ``"; "`` because
    GeoPackage and shapefile columns cannot hold lists, and ``sources`` is
    the JSON text of its list (:func:`sources_text`: titles and quotes may
    hold any separator, JSON keeps them apart), and the integer fields
    (:data:`INTEGER_FIELDS`) are nullable ``Int64``, so a missing fatality
    count stays missing instead of turning the column into floats. An empty
    input gives an empty frame with the same columns.
    """
    import geopandas  # heavy (pandas, pyproj): imported only when a frame is wanted

    rows = [incident_properties(incident) for incident in incidents]
    for row in rows:
        row["evidence"] = "; ".join(row["evidence"])
        row["sources"] = sources_text(row["sources"])
    points = geopandas.points_from_xy(
        [row["lon"] for row in rows], [row["lat"] for row in rows], crs="EPSG:4326"
    )
    frame = geopandas.GeoDataFrame(
        rows, columns=list(INCIDENT_FIELDS), geometry=points, crs="EPSG:4326"
    )
    return frame.astype({name: "Int64" for name in INTEGER_FIELDS})


def _export_frame(incidents: Iterable[Incident]) -> geopandas.GeoDataFrame:
    """:func:`to_geodataframe` plus :data:`UNCERTAINTY_WKT`: what the file exports hold.

    A layer has one geometry column, the incident's point; the uncertainty
    polygon (split at the antimeridian, counter-clockwise, 6 decimals) rides
    along as WKT text so GIS users can still draw it.
    """
    items = list(incidents)
    _check_finite(items)
    frame = to_geodataframe(items)
    shapes = [uncertainty_geometry(incident) for incident in items]
    wkt = [shapely.to_wkt(shape(g), rounding_precision=-1) if g else "" for g in shapes]
    frame.insert(len(INCIDENT_FIELDS), UNCERTAINTY_WKT, wkt)
    return frame


@contextlib.contextmanager
def _atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    For writers that take a file name rather than text (GDAL, pyarrow). The
    temporary name keeps the target's suffix, since GDAL drivers look at it.
    On any error the temporary file is removed and :class:`OutputError`
    raised; the target is untouched. Permissions as :func:`atomic_write_text`.
    """
    target = Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(
            f"cannot write {target}: directory {directory} does not exist; create it first"
        )
    handle, name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=target.suffix)
    os.close(handle)
    tmp = Path(name)
    tmp.unlink()  # some writers (GDAL's GeoPackage) refuse to open an existing empty file
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _file_mode()
        yield tmp
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from err
    except Exception as err:
        if isinstance(err, OutputError):
            raise
        raise OutputError(f"cannot write {target}: {err}") from err
    finally:
        tmp.unlink(missing_ok=True)
        for extra in ("-wal", "-shm", "-journal"):
            Path(f"{tmp}{extra}").unlink(missing_ok=True)


def write_geopackage(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    """Write the incidents as a GeoPackage layer ``incidents`` (points, EPSG:4326), atomically.

    Columns are :data:`INCIDENT_FIELDS` plus :data:`UNCERTAINTY_WKT`; integer
    fields are integer columns with nulls. Written by pyogrio (GDAL), so QGIS
    and ArcGIS open it as is. Returns the path; raises
    :class:`~geomap.errors.OutputError` when it cannot be written.
    """
    import pyogrio

    frame = _export_frame(incidents)
    with _atomic_path(path) as tmp:
        pyogrio.write_dataframe(frame, tmp, layer="incidents", driver="GPKG")
    return Path(path)


def write_parquet(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    """Write the incidents as GeoParquet (points, EPSG:4326, WKB geometry), atomically.

    Same columns and types as :func:`write_geopackage`; read it back with
    ``geopandas.read_parquet``. Needs pyarrow. Returns the path.
    """
    frame = _export_frame(incidents)
    with _atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)
    return Path(path)


_FLOAT_FIELDS: tuple[str, ...] = ("lat", "lon", "uncertainty_km")


def _typed_frame(incidents: Iterable[Incident]) -> geopandas.GeoDataFrame:
    """:func:`_export_frame` with the same column types whatever the rows.

    An empty part, or one whose ``date`` is always null, would otherwise get
    ``object``/null columns, and parts of one dataset must share a schema:
    text columns are ``string``, integers ``Int64`` and the rest ``float64``.
    """
    frame = _export_frame(incidents)
    numeric = set(INTEGER_FIELDS) | set(_FLOAT_FIELDS) | {"geometry"}
    types = {name: "string" for name in frame.columns if name not in numeric}
    return frame.astype({**types, **{name: "float64" for name in _FLOAT_FIELDS}})


@contextlib.contextmanager
def write_parquet_parts(
    folder: str | os.PathLike[str],
) -> Iterator[Callable[[int, Iterable[Incident]], None]]:
    """Write a partitioned GeoParquet dataset: ``folder/part.00000.parquet`` and on.

    Yields ``add(index, incidents)``, which writes part ``index`` (one per
    shard, empty ones included, all with one schema). The parts go to a
    temporary folder beside ``folder`` that replaces it when the block ends
    without error, so a reader sees the old dataset or the new one, never a
    mix. ``geopandas.read_parquet(folder)`` and ``dask_geopandas.read_parquet``
    read it; rows are in input order when parts are read in name order.
    """
    target = Path(folder)
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: directory {parent} does not exist")
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}."))

    def add(index: int, incidents: Iterable[Incident]) -> None:
        _typed_frame(incidents).to_parquet(tmp / f"part.{index:05d}.parquet", index=False)

    try:
        yield add
        os.chmod(tmp, _file_mode() | (_file_mode() & 0o444) >> 2)  # searchable where readable
        old = parent / f".{target.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_csv(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    """Write the incidents as UTF-8 CSV with ``longitude``/``latitude`` columns, atomically.

    One row per incident: :data:`INCIDENT_FIELDS` with ``lat``/``lon``
    renamed to ``latitude``/``longitude`` (the names QGIS, Excel's map charts
    and kepler.gl detect), plus :data:`UNCERTAINTY_WKT`. Missing values are
    empty cells. Written by pandas. Returns the path.
    """
    frame = _export_frame(incidents).drop(columns="geometry")
    table = frame.rename(columns={"lat": "latitude", "lon": "longitude"})
    with _atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    return Path(path)


# LIBKML reads these column names as KML elements: Placemark <name>,
# <description>, <TimeStamp> and <TimeSpan> (begin/end). Our character
# offsets "start"/"end" are renamed so "end" is not taken for a time span.
_KML_RENAMES = {"start": "char_start", "end": "char_end"}


def write_kml(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    """Write the incidents as KML placemarks with timestamps, atomically (GDAL's LIBKML).

    Each placemark is named "event type: place", its description is the
    quote and its ``<TimeStamp>`` the incident's date (none when undated),
    so Google Earth's time slider works; every field is kept as ExtendedData
    (``start``/``end`` as ``char_start``/``char_end``). Returns the path.
    """
    import pyogrio

    frame = _export_frame(incidents).rename(columns=_KML_RENAMES)
    names = frame["event_type"].astype(str) + ": " + frame["place"].astype(str)
    frame.insert(0, "name", names)
    frame.insert(1, "description", frame["quote"])
    frame.insert(2, "timestamp", frame["date"])
    with _atomic_path(path) as tmp:
        pyogrio.write_dataframe(frame, tmp, layer="incidents", driver="LIBKML")
    return Path(path)


_WRITERS: dict[str, Callable[[Iterable[Incident], str | os.PathLike[str]], Path]] = {
    "geojson": write_geojson,
    "gpkg": write_geopackage,
    "csv": write_csv,
    "kml": write_kml,
    "parquet": write_parquet,
}


def parse_formats(values: Iterable[str]) -> tuple[str, ...]:
    """Parse ``--format`` values (comma-separated, repeatable) into known format names.

    Case and spaces are ignored, duplicates dropped, order kept; ``geojson``
    is accepted and dropped (it is always written). Raises ValueError naming
    the unknown format and the known ones.

    >>> parse_formats(["gpkg, CSV", "csv", "geojson"])
    ('gpkg', 'csv')
    """
    formats: list[str] = []
    for value in values:
        for name in value.split(","):
            fmt = name.strip().lower()
            if not fmt or fmt == "geojson" or fmt in formats:
                continue
            if fmt not in EXPORT_FORMATS:
                known = ", ".join(EXPORT_FORMATS)
                raise ValueError(f"unknown format {name.strip()!r}; choose from {known}")
            formats.append(fmt)
    return tuple(formats)


def write_export(incidents: Iterable[Incident], path: str | os.PathLike[str], fmt: str) -> Path:
    """Write the incidents to ``path`` in format ``fmt`` (``geojson`` or :data:`EXPORT_FORMATS`).

    Raises :class:`ValueError` for an unknown format and
    :class:`~geomap.errors.OutputError` when the file cannot be written.
    """
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        known = ", ".join(_WRITERS)
        raise ValueError(f"unknown export format {fmt!r}; use one of {known}") from None
    return writer(incidents, path)
