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

import functools
import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geomap.errors import OutputError
from geomap.records import Incident

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "COORDINATE_DECIMALS",
    "INCIDENT_FIELDS",
    "atomic_write_text",
    "incident_properties",
    "to_geodataframe",
    "to_geojson",
    "uncertainty_geometry",
    "write_geojson",
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
)
"""Property names of an exported incident, in output order.

The same names, in the same order, are the GeoJSON properties and the
GeoDataFrame's columns, so a file read back with geopandas lines up with
:func:`to_geodataframe`.
"""

UNCERTAINTY_PROPERTY = "uncertainty_geometry"
"""GeoJSON property holding an incident's uncertainty polygon (or null)."""


def _round_coordinate(value: float) -> float:
    """Round one coordinate to :data:`COORDINATE_DECIMALS` decimals."""
    return round(float(value), COORDINATE_DECIMALS)


def incident_properties(incident: Incident) -> dict[str, Any]:
    """Return an incident's fields as a JSON-ready dict keyed by :data:`INCIDENT_FIELDS`.

    ``lat``/``lon`` are rounded to 6 decimals, like the Feature's coordinates,
    and ``evidence`` becomes a list; every other value is already a JSON type
    (str, int, float or None), so ``json.dumps`` needs no custom encoder.

    >>> from geomap.records import Incident
    >>> inc = Incident("d:0-5", "Battles", "Armed clash", None, None, "Mosul", None,
    ...                "IQ", "Nineveh", 36.3350001, 43.1188888, 1, 5.0, "q", "d", 0, 5)
    >>> props = incident_properties(inc)
    >>> props["lat"], props["lon"], props["evidence"]
    (36.335, 43.118889, [])
    """
    props: dict[str, Any] = {name: getattr(incident, name) for name in INCIDENT_FIELDS}
    props["lat"] = _round_coordinate(incident.lat)
    props["lon"] = _round_coordinate(incident.lon)
    props["evidence"] = list(incident.evidence)
    return props


def _oriented(geom: BaseGeometry) -> BaseGeometry:
    """Orient polygon rings as RFC 7946 §3.1.6 asks: exterior CCW, holes CW."""
    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(part, 1.0) for part in geom.geoms])
    return geom


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

    ``geometry_wkt`` is lon/lat WKT (WGS84). Polygons are oriented
    counter-clockwise and coordinates rounded to 6 decimals *after* orienting,
    so the rounding cannot reverse a ring's order. None when the incident has
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
        _oriented(geom), lambda coords: np.round(coords, COORDINATE_DECIMALS)
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


def to_geodataframe(incidents: Iterable[Incident]) -> geopandas.GeoDataFrame:
    """Return the incidents as a GeoDataFrame in EPSG:4326 (WGS84 lon/lat).

    Columns are :data:`INCIDENT_FIELDS` in order plus ``geometry`` (points at
    the rounded ``lon``/``lat``); ``evidence`` is joined with ``"; "`` because
    GeoPackage and shapefile columns cannot hold lists. An empty input gives
    an empty frame with the same columns.
    """
    import geopandas  # heavy (pandas, pyproj): imported only when a frame is wanted

    rows = [incident_properties(incident) for incident in incidents]
    for row in rows:
        row["evidence"] = "; ".join(row["evidence"])
    points = geopandas.points_from_xy(
        [row["lon"] for row in rows], [row["lat"] for row in rows], crs="EPSG:4326"
    )
    return geopandas.GeoDataFrame(
        rows, columns=list(INCIDENT_FIELDS), geometry=points, crs="EPSG:4326"
    )
