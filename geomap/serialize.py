"""Parsed documents as plain JSON objects: the stable ``geomap parse`` interface.

One object per document::

    {"doc_id", "focus_country", "warnings",
     "mentions": [{"text", "start", "end", "kind", "name", "geonameid", "lat", "lon",
                   "feature_code", "country", "admin1", "confidence", "hint"}],
     "incidents": [{...the incident fields of geomap.export.INCIDENT_FIELDS...}]}

``lat``/``lon`` of a mention are its gazetteer place's; when a hint moves or
bounds the spot ("50 km north of X", "near X"), ``hint`` holds the phrase,
its kind, anchor, the spot it gives and its precision and uncertainty. A
document that could not be parsed keeps its line, with no mentions or
incidents and the reason in ``error`` (and in ``warnings``).

:func:`outcome_to_record` and :func:`outcome_from_record` are a second,
lossless encoding: what a resumable run keeps on disk per document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from typing import Any

from geomap.export import COORDINATE_DECIMALS, incident_properties
from geomap.records import FailedDocument, Outcome, ParsedDocument, ResolvedMention

__all__ = [
    "document_to_dict",
    "mention_to_dict",
    "outcome_from_record",
    "outcome_to_dict",
    "outcome_to_record",
    "parsed_from_record",
    "parsed_to_record",
]


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


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    """A parsed document as :func:`document_to_dict`; a failed one as the same keys, empty.

    A failed document keeps its place in the output (one line per input
    document) with ``error`` set and the error repeated in ``warnings``.
    """
    if isinstance(outcome, ParsedDocument):
        return document_to_dict(outcome)
    return {
        "doc_id": outcome.doc_id,
        "focus_country": None,
        "warnings": [f"not parsed: {outcome.error}"],
        "mentions": [],
        "incidents": [],
        "error": outcome.error,
    }


# --- lossless records: what a resumable run stores per document ---------------------------


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...] | None:
    """A record class's ``(field name, type hint)`` pairs; None for any other class."""
    if not dataclasses.is_dataclass(cls):
        return None
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _encode(value: Any) -> Any:
    """A record as JSON types: dataclasses as objects, tuples as lists, dates as ISO text."""
    cls = type(value)
    if cls in _PLAIN:
        return value
    fields = _fields(cls)
    if fields is not None:
        return {name: _encode(getattr(value, name)) for name, _ in fields}
    if cls is tuple or cls is list:
        return [_encode(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _decoder(kind: Any) -> Any:
    """A function turning :func:`_encode`'s output back into a value of type ``kind``.

    Built once per type from the record classes' hints (records use only
    plain types, ``X | None``, ``tuple[X, ...]``, dates and other records).
    """
    args = typing.get_args(kind)
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        (inner,) = [arg for arg in args if arg is not type(None)]
        decode_inner = _decoder(inner)
        return lambda value: None if value is None else decode_inner(value)
    if typing.get_origin(kind) is tuple:
        item = _decoder(args[0])
        return lambda value: tuple(item(v) for v in value)
    fields = _fields(kind) if isinstance(kind, type) else None
    if fields is not None:
        decoders = {name: _decoder(hint) for name, hint in fields}
        return lambda value: kind(**{k: decoders[k](v) for k, v in value.items()})
    if kind is dt.date:
        return dt.date.fromisoformat
    if kind is float:
        return float  # a hand-made file may write 2.0 as 2
    return lambda value: value


def parsed_to_record(parsed: ParsedDocument) -> dict[str, Any]:
    """Every field of a parsed document (text, candidates and all) as JSON types.

    Unlike :func:`document_to_dict` nothing is rounded or left out, so
    :func:`parsed_from_record` gives back an equal :class:`ParsedDocument`:
    a resumed run rebuilds its outputs from these records exactly as if the
    documents had just been parsed. Floats survive JSON exactly (``repr``).
    """
    return _encode(parsed)  # type: ignore[no-any-return]


def parsed_from_record(record: dict[str, Any]) -> ParsedDocument:
    """The :class:`ParsedDocument` that :func:`parsed_to_record` encoded."""
    return _decoder(ParsedDocument)(record)  # type: ignore[no-any-return]


def outcome_to_record(outcome: Outcome) -> dict[str, Any]:
    """One line of a run's shard: ``{"parsed": ...}`` or ``{"failed": {"doc_id", "error"}}``."""
    if isinstance(outcome, ParsedDocument):
        return {"parsed": parsed_to_record(outcome)}
    return {"failed": {"doc_id": outcome.doc_id, "error": outcome.error}}


def outcome_from_record(record: dict[str, Any]) -> Outcome:
    """The outcome that :func:`outcome_to_record` encoded."""
    if "parsed" in record:
        return parsed_from_record(record["parsed"])
    failed = record["failed"]
    return FailedDocument(str(failed["doc_id"]), str(failed["error"]))
