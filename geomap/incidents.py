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

One event per place, as ACLED and UCDP code them: when a sentence tells of
events at several places ("Airstrikes hit Idlib and clashes erupt in Homs",
"shells fell on Douma and Harasta"), each further *site* (a specific place
governed by a locative preposition or an attack verb, or coordinated with
one) gets its own incident, typed by the trigger of its own clause (or of the
nearest clause before it). A place that only says where another lies ("Kafr
Nabl in the countryside of Idlib", "Tabqa, Raqqa province") is a container,
not a site; so is the anchor of a relative location.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from geomap.dates import DateMention, date_for_span, find_dates_and_reference
from geomap.distance import haversine_km
from geomap.events import EventMatch, classify_sentence, is_incident
from geomap.records import Document, Incident, ResolvedMention
from geomap.text import Sentence

__all__ = ["extract_incidents", "incident_id"]

_GOVERNING = re.compile(
    r"(?i)\b(?:in|at|near|outside|inside|around|on|into|from|of|across|to|targeting|targeted)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$"
)
# Before a site, besides _GOVERNING's prepositions: an attack verb ("shelled Douma").
_SITE_BEFORE = re.compile(
    r"(?i)\b(?:in|at|near|outside|inside|around|on|onto|into|over|across|targeting|targeted"
    r"|hit(?:s|ting)?|struck|strikes?|target(?:s|ed)?|shell(?:s|ed|ing)?|bomb(?:s|ed|ing)?"
    r"|bombard(?:s|ed|ing)?|raid(?:s|ed|ing)?|pound(?:s|ed|ing)?|attack(?:s|ed|ing)?"
    r"|storm(?:s|ed|ing)?|besieg(?:e|es|ed|ing)|captur(?:e|es|ed|ing)|seiz(?:e|es|ed|ing)"
    r"|enter(?:s|ed|ing)?|overr(?:an|un|uns))"
    r"\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}$"
)
# Between a place and its container: "X in the (western) countryside of Y", "X city of Y".
_CONTAINER_GAP = re.compile(
    r"(?i)^(?:\s+(?:city|town|village|neighbou?rhood|district|suburb|camp|area|quarter))?"
    r"\s*,?\s+(?:in|of|at)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south|east|west|central|mid)(?:ern|-?(?:east|west)(?:ern)?)?|nearby)\s+)*"
    r"(?:(?:countryside|province|governorate|region|district|outskirts|suburbs|part|section"
    r"|desert|area|city|town|vicinity)\s+of\s+(?:the\s+)?)?$"
)
_APPOSITION_GAP = re.compile(r"^\s*,\s*(?:the\s+)?$")
_ADMIN_AFTER = re.compile(r"(?i)^\s+(?:province|governorate|region|district|state|county)\b")
_ACTOR_SUFFIX = re.compile(r"(?i)^-?\s?(?:backed|based|led|allied|affiliated|linked|born)\b")
_CLAUSE_CUT = re.compile(r"\s*(?:[,;:&]|\s[-\u2013\u2014]\s|\band\b|\bwhile\b)\s*")
_CONTAINER_KM = 150.0  # a stated container farther than this: the contained reading is doubtful
_SAME_PLACE_KM = 2.0  # two sites this close are one place
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


def incident_id(doc_id: str, start: int, end: int, site: int | None = None) -> str:
    """Stable id from the document id and the quote's offsets.

    ``site``, the offset of the place name, tells apart the incidents of a
    sentence that names several sites; the sentence's first keeps the plain id.
    """
    key = f"{doc_id}:{start}:{end}" + ("" if site is None else f"@{site}")
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return f"{doc_id}:{start}-{end}{'' if site is None else f'@{site}'}:{digest}"


def _count(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    word = next(g for g in match.groups() if g).replace(",", "")
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.casefold())


def _is_specific(rm: ResolvedMention) -> bool:
    return rm.location is not None and rm.location.precision < 3


def _below_country(rm: ResolvedMention) -> bool:
    """A place finer than a country: a town, a spot near one, a district or province.

    "The countryside of Hama" (a region around a town) and "Idlib province"
    are sites of their own events; a country or continent named beside a
    site only frames it.
    """
    if rm.location is None:
        return False
    place = rm.location.place
    return place is None or not place.feature_code.startswith(("PCL", "CONT"))


def _anchor_starts(placed: Sequence[ResolvedMention]) -> set[int]:
    """Offsets of mentions that anchor another mention's hint.

    "Baghdad" in "Taramiyah, 50 km north of Baghdad" and "Kirkuk" in "between
    Baghdad and Kirkuk" only say where something else is.
    """
    anchors = set()
    for rm in placed:
        hint = rm.mention.hint
        if hint is not None:
            if hint.anchor_start != rm.mention.start:
                anchors.add(hint.anchor_start)
            if hint.anchor2_start is not None:
                anchors.add(hint.anchor2_start)
    return anchors


def _km(a: ResolvedMention, b: ResolvedMention) -> float:
    """Great-circle distance between two resolved mentions (haversine, km)."""
    assert a.location is not None and b.location is not None
    return haversine_km(a.location.lat, a.location.lon, b.location.lat, b.location.lon)


def _is_container(gap: str, following: str) -> bool:
    """The words between two place names make the second say where the first lies.

    "X in the countryside of Y", "X city in Y", "X neighbourhood of Y"; or an
    apposition "X, Y province" / "X, Y governorate".
    """
    if _CONTAINER_GAP.match(gap):
        return True
    return bool(_APPOSITION_GAP.match(gap) and _ADMIN_AFTER.match(following))


def _containers(text: str, placed: Sequence[ResolvedMention]) -> set[int]:
    """Offsets of mentions that only contain the mention just before them.

    The contained place is the site. When the gazetteer put it farther than
    :data:`_CONTAINER_KM` from its stated container, its reading is doubtful
    and the container stays a site instead.
    """
    out = set()
    for before, rm in itertools.pairwise(sorted(placed, key=lambda r: r.mention.start)):
        gap = text[before.mention.end : rm.mention.start]
        if len(gap) < 60 and _is_container(gap, text[rm.mention.end : rm.mention.end + 20]):
            if _km(before, rm) <= _CONTAINER_KM:
                out.add(rm.mention.start)
            else:
                out.add(before.mention.start)
    return out


def _not_a_site(text: str, rm: ResolvedMention) -> bool:
    """An owner or origin, not a place where something happened.

    A country in the possessive ("Syria's al-Bab") or a place before "-backed",
    "-based", "-led" ("Iran-backed groups").
    """
    m = rm.mention
    assert rm.location is not None
    after = text[m.end : m.end + 12]
    if _ACTOR_SUFFIX.match(after):
        return True
    place = rm.location.place
    return after.startswith("'s") and place is not None and place.feature_code.startswith("PCL")


def _candidate_places(text: str, mentions: Sequence[ResolvedMention]) -> list[ResolvedMention]:
    """Resolved toponyms that may be where the event happened (never empty if any resolved).

    Hint anchors and containers are dropped, unless nothing else is left.
    """
    placed = [rm for rm in mentions if rm.location is not None and rm.mention.kind == "toponym"]
    dropped = _anchor_starts(placed) | _containers(text, placed)
    return [rm for rm in placed if rm.mention.start not in dropped] or placed


def _pick_location(
    sentence: Sentence, text: str, placed: Sequence[ResolvedMention], match: EventMatch
) -> ResolvedMention | None:
    """The mention where the event happened, or None if the sentence names no place."""
    if not placed:
        return None
    trigger_at = sentence.start + match.trigger_start

    def rank(rm: ResolvedMention) -> tuple[int, int, int, int]:
        m = rm.mention
        before = text[max(sentence.start, m.start - 40) : m.start]
        governed = bool(_GOVERNING.search(before))
        owner = _not_a_site(text, rm)
        assert rm.location is not None
        return (
            rm.location.precision if not owner else 3,
            0 if governed else 1,
            0 if m.start >= trigger_at else 1,
            abs(m.start - trigger_at),
        )

    return min(placed, key=rank)


def _clause_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """Document offsets of the sentence's clauses, split at commas, "and", ";", dashes."""
    spans = []
    start = 0
    for cut in _CLAUSE_CUT.finditer(sentence.text):
        spans.append((sentence.start + start, sentence.start + cut.start()))
        start = cut.end()
    spans.append((sentence.start + start, sentence.end))
    return spans


def _is_site(text: str, clause_start: int, rm: ResolvedMention, previous_site: bool) -> bool:
    """A place the clause's event governs: "in/at/on/near X", "shelled X", or "... and X"."""
    before = text[max(clause_start, rm.mention.start - 40) : rm.mention.start]
    if _SITE_BEFORE.search(before):
        return True
    return previous_site and before.strip(" ,&").lower() in ("", "the")


def _clause_event(text: str, span: tuple[int, int], inherited: EventMatch) -> EventMatch | None:
    """The clause's own event, ``inherited`` if it has no trigger, None if it tells of none.

    A clause whose trigger is negated, hypothetical or background gives None:
    its places are not sites of a new event.
    """
    own = classify_sentence(text[span[0] : span[1]])
    if own is None:
        return inherited
    return own if is_incident(own) else None


_Site = tuple[ResolvedMention, EventMatch, tuple[int, int]]  # place, event, span for counts


def _sites(
    sentence: Sentence,
    text: str,
    placed: Sequence[ResolvedMention],
    chosen: ResolvedMention,
    match: EventMatch,
) -> list[_Site]:
    """Every site of the sentence in text order, each with the event and span of its clause.

    ``chosen`` (the sentence's best place) is always one. Further sites need
    a place finer than a country that their clause governs, away from the
    sites kept; a clause without a trigger takes the nearest earlier
    clause's event. Clauses are classified only when a further site exists.
    """
    whole = (sentence.start, sentence.end)
    alone = [(chosen, match, whole)]
    if not any(rm is not chosen and _below_country(rm) for rm in placed):
        return alone
    spans = _clause_spans(sentence)
    if len(spans) == 1:
        return alone
    ordered = sorted(placed, key=lambda r: r.mention.start)
    clause_of = [
        next(i for i, (_, e) in enumerate(spans) if rm.mention.start < e) for rm in ordered
    ]
    candidates, previous_site = [], False
    for rm, k in zip(ordered, clause_of, strict=True):
        previous_site = _is_site(text, spans[k][0], rm, previous_site)
        if rm is chosen or (previous_site and _below_country(rm) and not _not_a_site(text, rm)):
            candidates.append((rm, k))
    if len(candidates) < 2:
        return alone
    last = max(k for _, k in candidates)
    events = _clause_events(text, spans[: last + 1], match, sentence.start + match.trigger_start)
    found: list[_Site] = []
    kept = [chosen]
    for rm, k in candidates:
        event = events[k]
        if rm is chosen:
            found.append((rm, event or match, whole))
        elif event is not None and not any(_same_place(rm, o) for o in kept):
            found.append((rm, event, spans[k]))
            kept.append(rm)
    return found


def _clause_events(
    text: str, spans: Sequence[tuple[int, int]], match: EventMatch, trigger_at: int
) -> list[EventMatch | None]:
    """Each clause's event, in order: its own, else the nearest earlier clause's.

    The clause holding the sentence's trigger (at ``trigger_at``) has the
    sentence's event, already read with its negation and modality.
    """
    events: list[EventMatch | None] = []
    inherited = match
    for start, end in spans:
        if start <= trigger_at < end:
            own: EventMatch | None = match
        else:
            own = _clause_event(text, (start, end), inherited)
        events.append(own)
        inherited = own or inherited
    return events


def _same_place(a: ResolvedMention, b: ResolvedMention) -> bool:
    """The same gazetteer place, or points within :data:`_SAME_PLACE_KM`."""
    assert a.location is not None and b.location is not None
    pa, pb = a.location.place, b.location.place
    if pa is not None and pb is not None and pa.geonameid == pb.geonameid and pa.geonameid > 0:
        return True
    return _km(a, b) < _SAME_PLACE_KM


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
            dates, reference = find_dates_and_reference(text, published=reference)
        in_sentence = [rm for rm in mentions if sentence.start <= rm.mention.start < sentence.end]
        placed = _candidate_places(text, in_sentence)
        chosen = _pick_location(sentence, text, placed, match)
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
        for k, (site, event, (start, end)) in enumerate(
            _sites(sentence, text, placed, chosen, match)
        ):
            counts = (fatalities, injuries)
            if site is not chosen:  # a further site: only its own clause's counts
                clause = text[start:end]
                counts = (_count(_KILLED.search(clause)), _count(_INJURED.search(clause)))
            incident = _make(document, sentence, event, site, date, precision, *counts)
            if k:
                id_ = incident_id(document.doc_id, sentence.start, sentence.end, site.mention.start)
                incident = replace(incident, id=id_)
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
