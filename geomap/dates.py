"""Find date expressions in English news text and resolve them to calendar dates.

An incident's date is rarely written in full next to it: news says "on
Monday", "late April" or "last week" and leaves the reader to count back from
the day the story ran. :func:`find_dates` finds explicit dates ("July 23,
2019", "30 March 2020", "2019-07-23", "March 2020", "in 2014") and relative
ones, and resolves the relative ones against a ``reference`` date, normally
the publication date or, failing that, :func:`latest_explicit_date`.

Only the standard library's :mod:`datetime` is used. Conventions:

* ``precision`` is ``"day"``, ``"week"``, ``"month"`` or ``"year"``; ``date``
  is the representative day of that period: the 1st of a month, 1 January of
  a year, except "early/mid/late <Month>" (the 5th, 15th or 25th).
* Weekdays ("Monday", "on Monday") are the most recent such day on or before
  the reference (the reference day itself counts); "last Monday" is strictly
  before it and "next Monday" strictly after.
* Day and month without a year ("July 23", "late April", "in March") take the
  latest year that does not put them after the reference (a day may be up to
  seven days after it, for stories about what is scheduled this week).
* Vague spans: "in recent days" is the reference minus 3 days, "in recent
  weeks" minus 14 days (week precision), "in recent months" the 1st of the
  month two months back, "in recent years" 1 January two years back.
* A relative phrase with no reference is kept with ``date`` and
  ``precision`` None and ``relative`` True.
* Slash dates ("23/07/2019") are ambiguous between day-first and month-first
  and are not read. Month names must be capitalised (or upper case, as photo-caption
  datelines write them: "MOSUL, IRAQ - MARCH 30:"); "May" is read only with a
  day, a year or "early/mid/late" next to it, so the verb is never a month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from geomap.gates import GateIndex, stems

__all__ = [
    "DateMention",
    "date_for_span",
    "find_dates",
    "find_dates_and_reference",
    "latest_explicit_date",
    "reread_after_lower_bound",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text and what it resolved to."""

    text: str  # as written (leading prepositions such as "on"/"in" excluded)
    start: int  # character offsets into the searched text
    end: int
    date: dt.date | None  # representative day; None if unresolvable
    precision: str | None  # "day" | "week" | "month" | "year"; None when date is None
    relative: bool  # True if resolving it needed a reference date


# ---------------------------------------------------------------------------
# Vocabulary

_MONTH_NUMBERS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_WEEKDAY_NUMBERS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

_SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a few": 3,
    "several": 3, "a couple of": 2,
}  # fmt: skip

# Day offsets used for "early", "mid" and "late" in a month.
_PART_OF_MONTH_DAY: dict[str, int] = {
    "early": 5, "beginning": 5, "start": 5, "mid": 15, "middle": 15, "late": 25, "end": 25,
}  # fmt: skip

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
    # Upper case, as photo-caption datelines write them: "MOSUL, IRAQ - MARCH 30:".
    "JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
)
# Month names are case-sensitive (capitalised or upper case only): "march" and "may"
# are verbs.
_MONTH = rf"(?P<month>(?:{_MONTH_NAMES})\b\.?)"
_MONTH_NOT_MAY = rf"(?P<month>(?!May\b|MAY\b)(?:{_MONTH_NAMES})\b\.?)"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_PREFIX = rf"(?:{_WEEKDAY}\s*,?\s+(?:the\s+)?)?"
_PART = (
    r"(?:(?P<part>(?i:early|mid|late))[-\s]+"
    r"|(?i:the\s+)?(?P<part2>(?i:beginning|start|middle|end))\s+of\s+)"
)

# A number followed by one of these is a count, not a year ("of 2000 people").
_COUNT_NOUNS = (
    "people|persons|civilians|troops|soldiers|fighters|militants|residents|families|homes"
    "|houses|men|women|children|refugees|casualties|deaths|dollars|tons|tonnes|miles"
    "|km|kilometers|kilometres|metres|meters|feet|rounds|rockets"
)

# ---------------------------------------------------------------------------
# Patterns. A pattern's mention is its group "d" if it has one, else the whole match.

_RE_MONTH_DAY_YEAR = re.compile(
    rf"{_WEEKDAY_PREFIX}\b{_MONTH}\s+{_DAY}(?!\d)(?:\s*,\s*|\s+){_YEAR}"
)
_RE_DAY_MONTH_YEAR = re.compile(
    rf"{_WEEKDAY_PREFIX}(?<![\d,.])\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
)
_RE_MONTH_DAY = re.compile(rf"{_WEEKDAY_PREFIX}\b{_MONTH}\s+{_DAY}\b(?![,.]?\d)")
_RE_DAY_MONTH = re.compile(rf"{_WEEKDAY_PREFIX}(?<![\d,.])\b{_DAY}\s+(?:of\s+)?{_MONTH}")
_RE_PART_MONTH = re.compile(rf"\b{_PART}{_MONTH}(?:,?\s+{_YEAR})?")
_RE_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+{_YEAR}")
_RE_PREP_MONTH = re.compile(
    rf"\b(?i:in|since|during|until|till|through|from|before|after|last|this)\s+"
    rf"(?P<d>{_MONTH_NOT_MAY})(?!\s*\d)"
)
_RE_ISO = re.compile(
    r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)
_RE_YEAR = re.compile(
    rf"\b(?i:in|since|by|of|during|until|from|between|before|after)\s+"
    rf"(?P<d>(?:(?P<part>(?i:early|mid|late))[-\s]+)?{_YEAR}"
    r"(?:\s*[-\u2013]\s*(?P<year2>(?:19|20)?\d{2})(?!\d))?)"
    r"(?![-\u2013]?\d|[,.]\d)"
    rf"(?!\s+(?:{_COUNT_NOUNS})\b)"
)
_RE_WEEKDAY = re.compile(rf"(?:\b(?P<mod>(?i:last|this|next|past))\s+)?\b{_WEEKDAY}\b")
_RE_DEICTIC = re.compile(
    r"\b(?P<word>(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night"
    r"|this\s+(?:morning|afternoon|evening)))\b"
)
_RE_PERIOD = re.compile(
    r"\b(?i:(?:(?:earlier|later)\s+)?(?P<which>last|this|past|previous)\s+"
    r"(?P<unit>week|weekend|month|year))\b"
)
_RE_RECENT = re.compile(
    r"\b(?i:in|over|during|within)\s+"
    r"(?P<d>(?i:(?:recent\s+|the\s+(?:past|last)\s+(?:few\s+|several\s+|couple\s+of\s+)?)"
    r"(?P<unit>days|weeks|months|years)))\b"
)
_RE_AGO = re.compile(
    r"\b(?i:(?P<n>\d{1,2}|a\s+few|a\s+couple\s+of|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|several)\s+(?P<unit>day|week|month|year)s?\s+ago)\b"
)

# ---------------------------------------------------------------------------
# Calendar helpers


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``datetime.date`` or None for impossible days such as 30 February."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    """Month number of a full or abbreviated month name ("Sept." -> 9)."""
    return _MONTH_NUMBERS[name.rstrip(".").lower()]


def _shift_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (negative: before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _weekday_on_or_before(reference: dt.date, weekday: int, *, strict: bool) -> dt.date:
    """Most recent ``weekday`` (0 = Monday) on or before ``reference`` (before if strict)."""
    delta = (reference.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return reference - dt.timedelta(days=delta)


def _weekday_after(reference: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` strictly after ``reference``."""
    delta = (weekday - reference.weekday()) % 7 or 7
    return reference + dt.timedelta(days=delta)


def _year_for_month(reference: dt.date, month: int) -> int:
    """The year that makes ``month`` the latest such month not after the reference's."""
    return reference.year if month <= reference.month else reference.year - 1


def _day_not_after(reference: dt.date, month: int, day: int, grace_days: int = 7) -> dt.date | None:
    """The latest ``month``/``day`` no later than ``grace_days`` after ``reference``."""
    limit = reference + dt.timedelta(days=grace_days)
    for year in range(reference.year + 1, reference.year - 5, -1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


# ---------------------------------------------------------------------------
# Resolvers: (match, reference) -> (date, precision, relative), or None to reject.

_Resolution = tuple[dt.date | None, str | None, bool]
_Resolver = Callable[[re.Match[str], dt.date | None], _Resolution | None]
_UNRESOLVED: _Resolution = (None, None, True)


def _absolute_day(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A day with month name and year: "July 23, 2019", "30 March 2020"."""
    day = _safe_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    return None if day is None else (day, "day", False)


def _iso_day(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """An ISO 8601 calendar date: "2019-07-23"."""
    day = _safe_date(int(match["year"]), int(match["mon"]), int(match["day"]))
    return None if day is None else (day, "day", False)


def _day_without_year(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A day and month without a year ("July 23", "23 July"): year from the reference."""
    month, day = _month_number(match["month"]), int(match["day"])
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: 29 February is possible
        return None
    if reference is None:
        return _UNRESOLVED
    resolved = _day_not_after(reference, month, day)
    return None if resolved is None else (resolved, "day", True)


def _month_year(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A month and year ("March 2020"): the first of that month."""
    return dt.date(int(match["year"]), _month_number(match["month"]), 1), "month", False


def _part_of_month(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A part of a month ("late April", "mid-March 2020"): the 5th, 15th or 25th."""
    part = (match["part"] or match["part2"]).lower()
    month = _month_number(match["month"])
    day = _PART_OF_MONTH_DAY[part]
    if match["year"]:
        return dt.date(int(match["year"]), month, day), "month", False
    if reference is None:
        return _UNRESOLVED
    return dt.date(_year_for_month(reference, month), month, day), "month", True


def _bare_month(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A bare month ("in March"): the latest such month not after the reference."""
    if reference is None:
        return _UNRESOLVED
    month = _month_number(match["month"])
    return dt.date(_year_for_month(reference, month), month, 1), "month", True


def _year_only(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A year ("in 2014"; "in 2016-2017" gives the first): 1 January of it."""
    year = int(match["year"])
    second = match["year2"]
    if second is not None:
        end = int(second) if len(second) == 4 else year // 100 * 100 + int(second)
        if end <= year:
            return None
    return dt.date(year, 1, 1), "year", False


def _weekday(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A weekday ("Monday", "last Tuesday", "next Friday") relative to the reference."""
    if reference is None:
        return _UNRESOLVED
    weekday = _WEEKDAY_NUMBERS[match["weekday"].lower()]
    modifier = (match["mod"] or "").lower()
    if modifier == "next":
        return _weekday_after(reference, weekday), "day", True
    strict = modifier in {"last", "past"}
    return _weekday_on_or_before(reference, weekday, strict=strict), "day", True


def _deictic(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A day named relative to today ("yesterday", "last night", "this morning")."""
    if reference is None:
        return _UNRESOLVED
    word = " ".join(match["word"].lower().split())
    back = {"yesterday": 1, "last night": 1, "the day before yesterday": 2}.get(word, 0)
    return reference - dt.timedelta(days=back), "day", True


def _period(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A calendar period ("last week", "earlier this month", "last year")."""
    if reference is None:
        return _UNRESOLVED
    previous = match["which"].lower() != "this"
    unit = match["unit"].lower()
    if unit == "week":
        return reference - dt.timedelta(days=7 if previous else 0), "week", True
    if unit == "weekend":
        saturday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(days=5)
        if previous and saturday >= reference:
            saturday -= dt.timedelta(days=7)
        return saturday, "week", True
    if unit == "month":
        return _shift_months(reference, -1 if previous else 0), "month", True
    return dt.date(reference.year - (1 if previous else 0), 1, 1), "year", True


def _recent(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A vague recent span ("in recent weeks", "over the past few days")."""
    if reference is None:
        return _UNRESOLVED
    unit = match["unit"].lower()
    if unit == "days":
        return reference - dt.timedelta(days=3), "week", True
    if unit == "weeks":
        return reference - dt.timedelta(days=14), "week", True
    if unit == "months":
        return _shift_months(reference, -2), "month", True
    return dt.date(reference.year - 2, 1, 1), "year", True


def _ago(match: re.Match[str], reference: dt.date | None) -> _Resolution | None:
    """A count back from the reference ("three days ago", "a month ago")."""
    if reference is None:
        return _UNRESOLVED
    raw = " ".join(match["n"].lower().split())
    count = int(raw) if raw.isdigit() else _SMALL_NUMBERS[raw]
    unit = match["unit"].lower()
    if unit == "day":
        return reference - dt.timedelta(days=count), "day", True
    if unit == "week":
        return reference - dt.timedelta(days=7 * count), "week", True
    if unit == "month":
        return _shift_months(reference, -count), "month", True
    return dt.date(reference.year - count, 1, 1), "year", True


def _needs(word_pattern: str) -> frozenset[str] | None:
    """The gate of a word a pattern cannot match without (see geomap.gates)."""
    return stems(re.compile(rf"\b(?:{word_pattern})", re.IGNORECASE))


_NEEDS_MONTH = _needs(_MONTH)
_NEEDS_YEAR = _needs(_YEAR)


def _led(pattern: re.Pattern[str], first: str) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for ``first``, what its matches can start with.

    The same matches, found faster: most patterns here open with an optional
    part ("Monday, " before a month, "last " before a weekday) or a word
    boundary, which keeps the regex engine from skipping ahead to a likely
    start; it then enters the whole pattern at every character. A one-character
    lookahead rejects most positions at once (three to four times faster on
    news text). ``first`` must admit every character a match can begin with:
    ``test_led_patterns__match_as_before`` checks each pattern against its
    original.
    """
    return re.compile(f"(?={first}){pattern.pattern}", pattern.flags)


# (pattern, resolver, gate): the gate is the word beginnings the pattern
# needs somewhere in the text, so most sentences skip most patterns.
_Pattern = tuple[re.Pattern[str], _Resolver, frozenset[str] | None]
_PATTERNS: tuple[_Pattern, ...] = (
    (_led(_RE_MONTH_DAY_YEAR, "[A-Z]"), _absolute_day, _NEEDS_MONTH),
    (_led(_RE_DAY_MONTH_YEAR, "[A-Z0-9]"), _absolute_day, _NEEDS_MONTH),
    (_led(_RE_ISO, "[12]"), _iso_day, None),  # may follow a letter ("ID2019-07-23"): no word gate
    (_led(_RE_PART_MONTH, "(?i:[belmst])"), _part_of_month, _NEEDS_MONTH),
    (_led(_RE_MONTH_YEAR, "[A-Z]"), _month_year, _NEEDS_MONTH),
    (_led(_RE_MONTH_DAY, "[A-Z]"), _day_without_year, _NEEDS_MONTH),
    (_led(_RE_DAY_MONTH, "[A-Z0-9]"), _day_without_year, _NEEDS_MONTH),
    (_led(_RE_PREP_MONTH, "(?i:[abdfilstu])"), _bare_month, _NEEDS_MONTH),
    (_led(_RE_YEAR, "(?i:[abdfiosu])"), _year_only, _NEEDS_YEAR),
    (_led(_RE_WEEKDAY, "[FLMNPSTWlnpt]"), _weekday, _needs(_WEEKDAY)),
    (_led(_RE_DEICTIC, "(?i:[tly])"), _deictic, stems(_RE_DEICTIC)),
    (_led(_RE_PERIOD, "(?i:[eltp])"), _period, stems(_RE_PERIOD)),
    (_led(_RE_RECENT, "(?i:[iodw])"), _recent, stems(_RE_RECENT)),
    (_led(_RE_AGO, r"(?i:[\daefnost])"), _ago, _needs("ago")),
)
# Their gates, one index: a text's words are read once for all patterns.
_GATES = GateIndex(gate for _, _, gate in _PATTERNS)
# The resolvers of dates written out in full (no reference needed).
_ABSOLUTE_DAY_RESOLVERS: frozenset[_Resolver] = frozenset({_absolute_day, _iso_day})

# ---------------------------------------------------------------------------
# Public functions

_Match = tuple[_Resolver, re.Match[str]]


def _mention_span(match: re.Match[str]) -> tuple[int, int]:
    """The mention's offsets: group "d" when the pattern has one, else the match."""
    if "d" in match.re.groupindex and match.start("d") >= 0:
        return match.span("d")
    return match.span()


def _matches(text: str, resolvers: frozenset[_Resolver] | None = None) -> list[_Match]:
    """Every match of the patterns ``text``'s words leave open, pattern by pattern.

    Only patterns read by ``resolvers`` are searched, when given. Matches do
    not depend on the reference date: a text is searched once, then resolved
    against whatever reference it turns out to have.
    """
    found: list[_Match] = []
    for position in _GATES.open_in(text):
        pattern, resolve, _ = _PATTERNS[position]
        if resolvers is None or resolve in resolvers:
            found.extend((resolve, match) for match in pattern.finditer(text))
    return found


def _absolute_days(matches: list[_Match]) -> list[_Match]:
    """The matches of dates written out in full, in their order."""
    return [found for found in matches if found[0] in _ABSOLUTE_DAY_RESOLVERS]


def _candidates(text: str, matches: list[_Match], reference: dt.date | None) -> list[DateMention]:
    """The mentions ``matches`` resolve to against ``reference``, overlapping ones included."""
    found: list[DateMention] = []
    for resolve, match in matches:
        resolution = resolve(match, reference)
        if resolution is None:
            continue
        start, end = _mention_span(match)
        day, precision, relative = resolution
        found.append(DateMention(text[start:end], start, end, day, precision, relative))
    return found


def _longest_first(mentions: list[DateMention]) -> list[DateMention]:
    """Drop mentions overlapping a longer one (ties: the earlier one), sorted by start."""
    kept: list[DateMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def find_dates(text: str, *, reference: dt.date | None) -> list[DateMention]:
    """Find date expressions in ``text`` and resolve them against ``reference``.

    Returns non-overlapping mentions sorted by start; where two overlap the
    longer wins, so "Tuesday, July 23, 2019" is one mention. Offsets index
    ``text``. Relative expressions resolve only when ``reference`` is given.

    >>> [(m.text, m.date.isoformat(), m.precision)
    ...  for m in find_dates("on Monday", reference=dt.date(2020, 4, 3))]
    [('Monday', '2020-03-30', 'day')]
    >>> find_dates("7,500 troops may leave", reference=None)
    []
    """
    return _longest_first(_candidates(text, _matches(text), reference))


def _latest_day(text: str, matches: list[_Match]) -> dt.date | None:
    """The latest day-precision date among the full dates of ``matches``."""
    mentions = _longest_first(_candidates(text, _absolute_days(matches), None))
    days = [m.date for m in mentions if m.date is not None and m.precision == "day"]
    return max(days, default=None)


def latest_explicit_date(text: str) -> dt.date | None:
    """The latest absolute, day-precision date written in ``text``, or None.

    Used as the reference date when a document has no publication date: a
    news story's newest full date is usually the day it reports.

    >>> latest_explicit_date("On 30 March 2020 ... Tuesday, July 23, 2019")
    datetime.date(2020, 3, 30)
    >>> latest_explicit_date("late April") is None
    True
    """
    return _latest_day(text, _matches(text, _ABSOLUTE_DAY_RESOLVERS))


def find_dates_and_reference(
    text: str, *, published: dt.date | None
) -> tuple[list[DateMention], dt.date | None]:
    """The dates of ``text`` and the reference they were read against.

    The reference is ``published`` when known. Without it, it is the
    :func:`latest_explicit_date`, a lower bound on publication, so year-less
    months are then reread with :func:`reread_after_lower_bound`. The text is
    searched once for both.

    >>> mentions, reference = find_dates_and_reference(
    ...     "On 30 March 2020 ... late April", published=None)
    >>> reference, [(m.text, m.date.isoformat()) for m in mentions]
    (datetime.date(2020, 3, 30), [('30 March 2020', '2020-03-30'), ('late April', '2020-04-25')])
    """
    matches = _matches(text)
    reference = published if published is not None else _latest_day(text, matches)
    mentions = _longest_first(_candidates(text, matches, reference))
    if published is None and reference is not None:
        mentions = reread_after_lower_bound(mentions, reference)
    return mentions, reference


_PRECISION_RANK: dict[str | None, int] = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


def date_for_span(dates: list[DateMention], start: int, end: int) -> DateMention | None:
    """The mention inside ``[start, end)`` that best dates an event there, or None.

    Resolved mentions beat unresolved ones, finer precision beats coarser
    (day, week, month, year), then the mention nearest ``start`` wins.
    """
    inside = [m for m in dates if start <= m.start and m.end <= end]
    if not inside:
        return None
    return min(
        inside,
        key=lambda m: (m.date is None, _PRECISION_RANK.get(m.precision, 4), m.start - start),
    )


def reread_after_lower_bound(
    mentions: list[DateMention], reference: dt.date, *, horizon_days: int = 183
) -> list[DateMention]:
    """Re-date year-less months when the reference is only a lower bound.

    Without a publication date, the reference is the latest date the text
    states: the story ran on or after it. "Late April" in a story that last
    dates something on 30 March 2020 is then most likely April 2020, the
    nearest such month, not April 2019. Month-precision relative mentions
    move forward a year when that lands within ``horizon_days`` after the
    reference; everything else is kept.
    """
    out = []
    for m in mentions:
        if m.relative and m.precision == "month" and m.date is not None:
            later = _safe_date(m.date.year + 1, m.date.month, m.date.day)
            if later is not None and reference < later <= reference + dt.timedelta(
                days=horizon_days
            ):
                m = DateMention(m.text, m.start, m.end, later, m.precision, m.relative)
        out.append(m)
    return out
