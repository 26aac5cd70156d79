"""geomap: an offline geoparser and incident mapper.

Public API: :func:`parse`, :func:`to_geojson`, :func:`to_geodataframe`,
:func:`render_map`, :func:`merge_incidents`, the records they return, and
:class:`GeomapError`. They
are imported on first use, so ``import geomap.gazetteer`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "parse": "geomap.api",
    "merge_incidents": "geomap.merge",
    "render_map": "geomap.api",
    "to_geodataframe": "geomap.api",
    "to_geojson": "geomap.api",
    "GeomapError": "geomap.errors",
    "Document": "geomap.records",
    "Incident": "geomap.records",
    "Location": "geomap.records",
    "Mention": "geomap.records",
    "ParsedDocument": "geomap.records",
    "Place": "geomap.records",
    "Source": "geomap.records",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
