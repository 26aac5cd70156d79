"""The Python API: parse text, then export or draw what was found.

The output functions merge reports of one incident from several documents
into one incident listing every source (:func:`geomap.merge.merge_incidents`);
``keep_separate=True`` keeps one incident per report, in input order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.gazetteer import Gazetteer, open_gazetteer
from geomap.merge import merge_incidents
from geomap.pipeline import make_document, parse_document
from geomap.records import Incident, ParsedDocument

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "incidents_of",
    "merge_incidents",
    "parse",
    "render_map",
    "to_geodataframe",
    "to_geojson",
]


@lru_cache(maxsize=4)
def _gazetteer(path: str | None) -> Gazetteer:
    return open_gazetteer(path)


def parse(
    text: str,
    *,
    published: dt.date | str | None = None,
    doc_id: str | None = None,
    gazetteer: Gazetteer | Path | str | None = None,
    country: str = "",
) -> ParsedDocument:
    """Find places and incidents in ``text``.

    ``published`` (a date or ISO string) anchors "on Monday" and "late April";
    without it the latest date the text states is used. ``gazetteer`` is an open
    :class:`Gazetteer`, a path, or None for the default (built on first use).
    ``country`` (ISO alpha-2) is an optional region of interest.
    """
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    gaz = (
        gazetteer
        if isinstance(gazetteer, Gazetteer)
        else _gazetteer(str(gazetteer) if gazetteer else None)
    )
    document = make_document(text, doc_id=doc_id or "doc", published=published)
    return parse_document(document, gaz, country=country)


def incidents_of(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
) -> list[Incident]:
    """Flatten parsed documents (or pass incidents through) into a list of incidents."""
    if isinstance(items, ParsedDocument):
        return list(items.incidents)
    out: list[Incident] = []
    for item in items:
        if isinstance(item, ParsedDocument):
            out.extend(item.incidents)
        else:
            out.append(item)
    return out


def _mapped(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident], keep_separate: bool
) -> list[Incident]:
    """The incidents to output: merged per incident unless ``keep_separate``."""
    incidents = incidents_of(items)
    return incidents if keep_separate else merge_incidents(incidents)


def to_geojson(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
    *,
    keep_separate: bool = False,
) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the incidents.

    Reports of one incident are merged into one Feature whose ``sources``
    list them all, unless ``keep_separate``.
    """
    from geomap.export import to_geojson as _to_geojson

    return _to_geojson(_mapped(items, keep_separate))


def to_geodataframe(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
    *,
    keep_separate: bool = False,
) -> geopandas.GeoDataFrame:
    """The incidents as a GeoDataFrame in EPSG:4326 (merged unless ``keep_separate``)."""
    from geomap.export import to_geodataframe as _to_gdf

    return _to_gdf(_mapped(items, keep_separate))


def render_map(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
    *,
    title: str = "geomap incidents",
    online: bool = False,
    keep_separate: bool = False,
) -> str:
    """The incident map as one HTML page that works offline (``online``: CDN links).

    Given parsed documents, the map's "Places" layer also shows every
    resolved mention. Reports of one incident make one marker listing every
    source, unless ``keep_separate``.
    """
    from geomap.render import render_map as _render

    if isinstance(items, ParsedDocument):
        items = [items]
    items = list(items)
    places = [rm for doc in items if isinstance(doc, ParsedDocument) for rm in doc.mentions]
    incidents = _mapped(items, keep_separate)
    return _render(incidents, title=title, online=online, places=places)
