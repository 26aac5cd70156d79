"""Parsed documents as plain JSON objects: the stable ``geomap parse`` interface.

One object per document::

    {"doc_id", "focus_country", "warnings",
     "mentions": [{"text", "start", "end", "kind", "name", "geonameid", "lat", "lon",
                   "feature_code", "country", "admin1", "confidence", "hint"}],
     "incidents": [{...the incident fields of geomap.export.INCIDENT_FIELDS...}]}

``lat``/``lon`` of a mention are its gazetteer place's; when a hint moves or
bounds the spot ("50 km north of X", "near X"), ``hint`` holds the phrase,
its kind, anchor, the spot it gives and its precision and uncertainty.
"""

from __future__ import annotations

from typing import Any

from geomap.export import COORDINATE_DECIMALS, incident_properties
from geomap.records import ParsedDocument, ResolvedMention

__all__ = ["document_to_dict", "mention_to_dict"]


def _round(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


def mention_to_dict(rm: ResolvedMention) -> dict[str, Any]:
    """One mention as the documented JSON object."""
    m = rm.mention
    loc = rm.location
    place = loc.place if loc is not None else None
    hint = None
    if m.hint is not None:
        hint = {
            "kind": m.hint.kind,
            "text": m.hint.text,
            "anchor": m.hint.anchor_text,
            "bearing_deg": m.hint.bearing_deg,
            "distance_km": m.hint.distance_km,
            "lat": _round(loc.lat) if loc is not None else None,
            "lon": _round(loc.lon) if loc is not None else None,
            "precision": loc.precision if loc is not None else None,
            "uncertainty_km": loc.uncertainty_km if loc is not None else None,
        }
    return {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "kind": m.kind,
        "name": place.name if place is not None else None,
        "geonameid": place.geonameid if place is not None and place.geonameid > 0 else None,
        "lat": _round(place.lat) if place is not None else None,
        "lon": _round(place.lon) if place is not None else None,
        "feature_code": place.feature_code if place is not None else None,
        "country": place.country if place is not None else (m.country_hint or None),
        "admin1": (place.admin1 or None) if place is not None else None,
        "confidence": rm.confidence,
        "hint": hint,
    }


def document_to_dict(parsed: ParsedDocument) -> dict[str, Any]:
    """One parsed document as the documented JSON object."""
    return {
        "doc_id": parsed.document.doc_id,
        "focus_country": parsed.focus_country or None,
        "warnings": list(parsed.warnings),
        "mentions": [mention_to_dict(rm) for rm in parsed.mentions],
        "incidents": [incident_properties(i) for i in parsed.incidents],
    }
