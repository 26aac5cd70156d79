"""The Python API: parse text, then export or draw what was found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.gazetteer import Gazetteer, open_gazetteer
from geomap.pipeline import make_document, parse_document
from geomap.records import Incident, ParsedDocument

if TYPE_CHECKING:
    import geopandas

__all__ = ["incidents_of", "parse", "render_map", "to_geodataframe", "to_geojson"]


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


def to_geojson(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the incidents."""
    from geomap.export import to_geojson as _to_geojson

    return _to_geojson(incidents_of(items))


def to_geodataframe(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
) -> geopandas.GeoDataFrame:
    """The incidents as a GeoDataFrame in EPSG:4326."""
    from geomap.export import to_geodataframe as _to_gdf

    return _to_gdf(incidents_of(items))


def render_map(
    items: ParsedDocument | Iterable[ParsedDocument] | Iterable[Incident],
    *,
    title: str = "geomap incidents",
    online: bool = False,
) -> str:
    """The incident map as one HTML page that works offline (``online``: CDN links).

    Given parsed documents, the map's "Places" layer also shows every
    resolved mention.
    """
    from geomap.render import render_map as _render

    if isinstance(items, ParsedDocument):
        items = [items]
    items = list(items)
    places = [rm for doc in items if isinstance(doc, ParsedDocument) for rm in doc.mentions]
    return _render(incidents_of(items), title=title, online=online, places=places)
