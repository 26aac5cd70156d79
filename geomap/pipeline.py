"""The whole data flow for one document: text -> mentions -> places -> incidents.

Pure given an open gazetteer; :func:`geomap.parse` is the convenience wrapper
that opens the default one.
"""

from __future__ import annotations

import datetime as dt

from geomap.gazetteer.lookup import Gazetteer
from geomap.hints import find_hints
from geomap.incidents import extract_incidents
from geomap.recognize import recognize
from geomap.records import Document, ParsedDocument
from geomap.resolve import resolve
from geomap.text import normalise, sentences

__all__ = ["make_document", "parse_document"]


def make_document(
    text: str,
    *,
    doc_id: str = "doc",
    published: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Document:
    """A :class:`Document` with normalised text (all offsets refer to it)."""
    return Document(normalise(text), doc_id, published, title, url)


def parse_document(
    document: Document, gazetteer: Gazetteer, *, country: str = ""
) -> ParsedDocument:
    """Run every stage on one document; ``country`` is an optional region of interest."""
    sents = sentences(document.text)
    mentions = find_hints(document.text, recognize(document.text, sents, gazetteer))
    resolution = resolve(mentions, gazetteer, country=country)
    incidents, reference = extract_incidents(
        document, sents, resolution.mentions, reference=document.published
    )
    warnings: list[str] = []
    if document.published is None and reference is not None:
        warnings.append(
            f"no publication date given; relative dates resolved against "
            f"{reference.isoformat()}, the latest date the text states"
        )
    return ParsedDocument(
        document, resolution.mentions, tuple(incidents), resolution.focus_country, tuple(warnings)
    )
