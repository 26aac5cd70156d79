"""Event sentences -> incidents: what happened, where, when, and the quote.

A sentence that describes a new, real event (not negated, not hypothetical,
not background) becomes an incident at the place where the action happened:
the most specific resolved place in the sentence, preferring one that the
event's preposition governs ("in X", "near X") over one that only names an
actor or an owner ("a Baghdad court", "Iran-backed"). A sentence that only
continues the previous incident ("The attack, carried out late April ...",
"It was the first suicide attack in months") refines it (date, sub-type)
instead of becoming a second incident. Sentences whose only place is a
country or region keep that with precision 3; a sentence with no place at
all makes no incident: a place is never invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from geomap.dates import (
    DateMention,
    date_for_span,
    find_dates,
    latest_explicit_date,
    reread_after_lower_bound,
)
from geomap.events import EventMatch, classify_sentence, is_incident
from geomap.records import Document, Incident, ResolvedMention
from geomap.text import Sentence

__all__ = ["extract_incidents", "incident_id"]

_GOVERNING = re.compile(
    r"(?i)\b(?:in|at|near|outside|inside|around|on|into|from|of|across|to|targeting|targeted)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$"
)
_ANAPHORIC = re.compile(
    r"^(?:The|This|That|It|Its)\b(?:\s+(?:attack|blast|explosion|bombing|strike|assault|"
    r"incident|ambush|clash|raid|rockets?|operation))?",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
# A stated count; vague ones ("several", "dozens") are not numbers.
_N = r"(?:\d[\d,]*|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_WHO = r"(?:people|persons|civilians|soldiers|troops|members|fighters|militants|police(?:men)?)"
_KILLED = re.compile(
    rf"(?i)\b(?:(?:killing|killed|kills)\s+(?:at\s+least\s+)?(?P<n1>{_N})\b|"
    rf"(?:at\s+least\s+)?(?P<n2>{_N})\s+(?:{_WHO}\s+)?(?:were\s+|was\s+)?"
    r"(?:killed|dead|died))"
)
_INJURED = re.compile(
    rf"(?i)\b(?:(?:wounding|injuring|wounded|injured)\s+(?:at\s+least\s+)?(?P<n1>{_N})\b|"
    rf"(?:at\s+least\s+)?(?P<n2>{_N})\s+(?:{_WHO}\s+)?(?:were\s+|was\s+)?"
    rf"(?:wounded|injured)|injur(?:y|ies)\s+(?:of|to)\s+(?P<n3>{_N})\b)"
)


def incident_id(doc_id: str, start: int, end: int) -> str:
    """Stable id from the document id and the quote's offsets."""
    digest = hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]
    return f"{doc_id}:{start}-{end}:{digest}"


def _count(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    word = next(g for g in match.groups() if g).replace(",", "")
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.casefold())


def _is_specific(rm: ResolvedMention) -> bool:
    return rm.location is not None and rm.location.precision < 3


def _pick_location(
    sentence: Sentence, text: str, mentions: Sequence[ResolvedMention], match: EventMatch
) -> ResolvedMention | None:
    """The mention where the event happened, or None if the sentence names no place."""
    placed = [rm for rm in mentions if rm.location is not None and rm.mention.kind == "toponym"]
    # An anchor of another mention's hint ("Baghdad" in "Taramiyah, 50 km north of
    # Baghdad"; "Kirkuk" in "between Baghdad and Kirkuk") is not where it happened.
    anchors = set()
    for rm in placed:
        hint = rm.mention.hint
        if hint is not None:
            if hint.anchor_start != rm.mention.start:
                anchors.add(hint.anchor_start)
            if hint.anchor2_start is not None:
                anchors.add(hint.anchor2_start)
    placed = [rm for rm in placed if rm.mention.start not in anchors] or placed
    if not placed:
        return None
    trigger_at = sentence.start + match.trigger_start

    def rank(rm: ResolvedMention) -> tuple[int, int, int, int]:
        m = rm.mention
        before = text[max(sentence.start, m.start - 40) : m.start]
        governed = bool(_GOVERNING.search(before))
        possessive = (
            text[m.end : m.end + 2] == "'s"
            and rm.location is not None
            and rm.location.place is not None
            and rm.location.place.feature_code.startswith("PCL")
        )
        assert rm.location is not None
        return (
            rm.location.precision if not possessive else 3,
            0 if governed else 1,
            0 if m.start >= trigger_at else 1,
            abs(m.start - trigger_at),
        )

    return min(placed, key=rank)


def _date_fields(
    dates: list[DateMention], sentence: Sentence, reference: dt.date | None, inferred: bool
) -> tuple[str | None, str | None, tuple[str, ...]]:
    """The sentence's date, its precision, and how it was read when relative."""
    found = date_for_span(dates, sentence.start, sentence.end)
    if found is None or found.date is None:
        return None, None, ()
    note: tuple[str, ...] = ()
    if found.relative and reference is not None:
        source = "the latest date the text states" if inferred else "the publication date"
        note = (f"date '{found.text}' read against {reference.isoformat()}, {source}",)
    return found.date.isoformat(), found.precision, note


def extract_incidents(
    document: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[ResolvedMention],
    *,
    reference: dt.date | None,
) -> tuple[list[Incident], dt.date | None]:
    """Incidents of one document, in text order, and the date relative dates used.

    ``reference`` (the publication date) resolves relative dates. Without it
    the latest date the text states is used: a lower bound on publication,
    so year-less months are read as the nearest such month, and each dated
    incident says so in its evidence. Dates are read only once a sentence
    tells of an event (most documents have none).
    """
    text = document.text
    inferred = reference is None
    dates: list[DateMention] | None = None
    incidents: list[Incident] = []
    last_paragraph = -1
    for sentence in sentences:
        match = classify_sentence(sentence.text)
        if match is None or not is_incident(match):
            continue
        if dates is None:
            if inferred:
                reference = latest_explicit_date(text)
            dates = find_dates(text, reference=reference)
            if reference is not None and inferred:
                dates = reread_after_lower_bound(dates, reference)
        in_sentence = [rm for rm in mentions if sentence.start <= rm.mention.start < sentence.end]
        chosen = _pick_location(sentence, text, in_sentence, match)
        date, precision, date_note = _date_fields(dates, sentence, reference, inferred)
        fatalities = _count(_KILLED.search(sentence.text))
        injuries = _count(_INJURED.search(sentence.text))
        previous = incidents[-1] if incidents else None
        if (
            previous is not None
            and sentence.paragraph - last_paragraph <= 1
            and _ANAPHORIC.match(sentence.text)
            and (chosen is None or not _is_specific(chosen))
        ):
            incidents[-1] = _refine(
                previous, match, date, precision, fatalities, injuries, sentence, date_note
            )
            last_paragraph = sentence.paragraph
            continue
        if chosen is None or chosen.location is None:
            continue
        incident = _make(document, sentence, match, chosen, date, precision, fatalities, injuries)
        incidents.append(replace(incident, evidence=(*incident.evidence, *date_note)))
        last_paragraph = sentence.paragraph
    return incidents, reference


_SPECIFIC_SUBTYPES = (
    "Suicide bomb",
    "Air/drone strike",
    "Remote explosive/landmine/IED",
    "Shelling/artillery/missile attack",
    "Grenade",
)


def _refine(
    incident: Incident,
    match: EventMatch,
    date: str | None,
    precision: str | None,
    fatalities: int | None,
    injuries: int | None,
    sentence: Sentence,
    date_note: tuple[str, ...],
) -> Incident:
    """Fold a continuing sentence into the incident it continues."""
    changes: dict[str, object] = {}
    evidence = [*incident.evidence, f"continued by: {sentence.text[:120]}"]
    if incident.date is None and date is not None:
        changes.update(date=date, date_precision=precision)
        evidence.extend(date_note)
    if (
        match.sub_event_type in _SPECIFIC_SUBTYPES
        and incident.sub_event_type not in _SPECIFIC_SUBTYPES
    ):
        changes.update(event_type=match.event_type, sub_event_type=match.sub_event_type)
    if incident.fatalities is None and fatalities is not None:
        changes["fatalities"] = fatalities
    if incident.injuries is None and injuries is not None:
        changes["injuries"] = injuries
    changes["evidence"] = tuple(evidence)
    return replace(incident, **changes)  # type: ignore[arg-type]


def _make(
    document: Document,
    sentence: Sentence,
    match: EventMatch,
    chosen: ResolvedMention,
    date: str | None,
    precision: str | None,
    fatalities: int | None,
    injuries: int | None,
) -> Incident:
    location = chosen.location
    assert location is not None
    place = location.place
    name = place.name if place is not None else chosen.mention.text
    return Incident(
        id=incident_id(document.doc_id, sentence.start, sentence.end),
        event_type=match.event_type,
        sub_event_type=match.sub_event_type,
        date=date,
        date_precision=precision,
        place=name,
        geonameid=place.geonameid if place is not None and place.geonameid > 0 else None,
        country=place.country if place is not None else "",
        admin1=place.admin1 if place is not None else "",
        lat=location.lat,
        lon=location.lon,
        geo_precision=location.precision,
        uncertainty_km=location.uncertainty_km,
        quote=sentence.text,
        doc_id=document.doc_id,
        start=sentence.start,
        end=sentence.end,
        fatalities=fatalities,
        injuries=injuries,
        geometry_wkt=location.geometry_wkt,
        mention_text=chosen.mention.text,
        source_title=document.title,
        source_url=document.url,
        evidence=(f"trigger '{match.trigger}'", *location.evidence),
    )
