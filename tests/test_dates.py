"""Tests for geomap.dates: finding date expressions and resolving them."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.dates import DateMention, date_for_span, find_dates, latest_explicit_date

FRIDAY = dt.date(2020, 4, 3)  # the reference in most cases: a Friday
MAY_DAY = dt.date(2020, 5, 1)  # also a Friday


def _only(text: str, reference: dt.date | None = FRIDAY) -> DateMention:
    """The single mention found in ``text``."""
    found = find_dates(text, reference=reference)
    assert len(found) == 1, found
    return found[0]


# (text, mention text, start, date, precision, relative), reference FRIDAY.
ABSOLUTE = [
    ("It happened on July 23, 2019.", "July 23, 2019", 15, dt.date(2019, 7, 23), "day"),
    ("Iraq, Tuesday, July 23, 2019.", "Tuesday, July 23, 2019", 6, dt.date(2019, 7, 23), "day"),
    ("He left on 23 July 2019.", "23 July 2019", 11, dt.date(2019, 7, 23), "day"),
    ("northern Iraq on 30 March 2020.", "30 March 2020", 17, dt.date(2020, 3, 30), "day"),
    ("Filed 2019-07-23 by AP.", "2019-07-23", 6, dt.date(2019, 7, 23), "day"),
    ("Sept. 11, 2001 changed it.", "Sept. 11, 2001", 0, dt.date(2001, 9, 11), "day"),
    ("the 23rd of July 2019", "23rd of July 2019", 4, dt.date(2019, 7, 23), "day"),
    ("Troops left in March 2020.", "March 2020", 15, dt.date(2020, 3, 1), "month"),
    ("It began in Jan. 2015 in Mosul.", "Jan. 2015", 12, dt.date(2015, 1, 1), "month"),
    ("Talks resumed in late March 2020.", "late March 2020", 17, dt.date(2020, 3, 25), "month"),
    ("was established in 2014 after", "2014", 19, dt.date(2014, 1, 1), "year"),
    ("operations in 2016-2017.", "2016-2017", 14, dt.date(2016, 1, 1), "year"),
    ("active since 1990 in the north", "1990", 13, dt.date(1990, 1, 1), "year"),
    ("victory in 2017, although", "2017", 11, dt.date(2017, 1, 1), "year"),
]


@pytest.mark.parametrize(("text", "mention", "start", "date", "precision"), ABSOLUTE)
def test_find_dates__absolute(
    text: str, mention: str, start: int, date: dt.date, precision: str
) -> None:
    found = _only(text)
    assert (found.text, found.start, found.end) == (mention, start, start + len(mention))
    assert text[found.start : found.end] == mention
    assert (found.date, found.precision, found.relative) == (date, precision, False)


# (text, mention text, reference, date, precision).
RELATIVE = [
    ("attacked on Monday.", "Monday", FRIDAY, dt.date(2020, 3, 30), "day"),
    ("attacked Monday night", "Monday", FRIDAY, dt.date(2020, 3, 30), "day"),
    ("it said on Friday that", "Friday", FRIDAY, FRIDAY, "day"),
    ("since last Tuesday", "last Tuesday", FRIDAY, dt.date(2020, 3, 31), "day"),
    ("said last Friday", "last Friday", FRIDAY, dt.date(2020, 3, 27), "day"),
    ("due next Monday", "next Monday", FRIDAY, dt.date(2020, 4, 6), "day"),
    ("died yesterday", "yesterday", FRIDAY, dt.date(2020, 4, 2), "day"),
    ("Today the army said", "Today", FRIDAY, FRIDAY, "day"),
    ("fighting last week", "last week", FRIDAY, dt.date(2020, 3, 27), "week"),
    ("Until last month, there were", "last month", FRIDAY, dt.date(2020, 3, 1), "month"),
    ("killed earlier this month", "earlier this month", FRIDAY, dt.date(2020, 4, 1), "month"),
    ("carried out late April on", "late April", MAY_DAY, dt.date(2020, 4, 25), "month"),
    ("in early May the group", "early May", FRIDAY, dt.date(2019, 5, 5), "month"),
    ("Since mid-March the coalition", "mid-March", MAY_DAY, dt.date(2020, 3, 15), "month"),
    ("by the end of February", "the end of February", FRIDAY, dt.date(2020, 2, 25), "month"),
    ("attacks in recent weeks", "recent weeks", FRIDAY, dt.date(2020, 3, 20), "week"),
    ("over the past few days", "the past few days", FRIDAY, dt.date(2020, 3, 31), "week"),
    ("in recent months", "recent months", FRIDAY, dt.date(2020, 2, 1), "month"),
    ("three days ago", "three days ago", FRIDAY, dt.date(2020, 3, 31), "day"),
    ("two weeks ago", "two weeks ago", FRIDAY, dt.date(2020, 3, 20), "week"),
    ("last year", "last year", FRIDAY, dt.date(2019, 1, 1), "year"),
    ("since March the base", "March", MAY_DAY, dt.date(2020, 3, 1), "month"),
    ("in December the base", "December", FRIDAY, dt.date(2019, 12, 1), "month"),
    ("on July 23 the army", "July 23", FRIDAY, dt.date(2019, 7, 23), "day"),
    ("on 23 July the army", "23 July", FRIDAY, dt.date(2019, 7, 23), "day"),
    ("on April 8 the army", "April 8", FRIDAY, dt.date(2020, 4, 8), "day"),  # within a week ahead
    ("on 29 February the army", "29 February", FRIDAY, dt.date(2020, 2, 29), "day"),
]


@pytest.mark.parametrize(("text", "mention", "reference", "date", "precision"), RELATIVE)
def test_find_dates__relative(
    text: str, mention: str, reference: dt.date, date: dt.date, precision: str
) -> None:
    found = _only(text, reference)
    assert found.text == mention
    assert text[found.start : found.end] == mention
    assert (found.date, found.precision, found.relative) == (date, precision, True)


@pytest.mark.parametrize("text", ["on Monday", "late April", "last week", "July 23", "yesterday"])
def test_find_dates__relative_without_reference(text: str) -> None:
    found = _only(text, reference=None)
    assert found.text in text
    assert (found.date, found.precision, found.relative) == (None, None, True)


def test_find_dates__reference_is_the_weekday_itself() -> None:
    assert _only("on Friday", FRIDAY).date == FRIDAY  # the reference day counts
    assert _only("last Friday", FRIDAY).date == FRIDAY - dt.timedelta(days=7)


def test_find_dates__late_month_after_reference_goes_to_last_year() -> None:
    assert _only("late June", MAY_DAY).date == dt.date(2019, 6, 25)
    assert _only("late April", MAY_DAY).date == dt.date(2020, 4, 25)


def test_find_dates__weekday_and_date_are_one_mention() -> None:
    text = "in Taramiyah, Iraq, Tuesday, July 23, 2019. Security forces"
    found = find_dates(text, reference=FRIDAY)
    assert [(m.text, m.date) for m in found] == [("Tuesday, July 23, 2019", dt.date(2019, 7, 23))]


@pytest.mark.parametrize(
    "text",
    [
        "May I ask a question?",
        "Militants may attack the base.",
        "May God protect them",
        "Theresa May said",
        "in May the group",  # "May" needs a day or year next to it
        "the army will march on the city",
        "about 7,500 coalition troops, including 5,000 US personnel",
        "a total of 2000 people fled",
        "23/07/2019",
        "07/23/2019",
        "in months",
        "Route 2019 is closed",
        "February 30, 2020",
    ],
)
def test_find_dates__not_dates(text: str) -> None:
    assert find_dates(text, reference=FRIDAY) == []


def test_find_dates__may_with_day_or_year() -> None:
    assert _only("on May 5, 2020").date == dt.date(2020, 5, 5)
    assert _only("in May 2019").date == dt.date(2019, 5, 1)
    assert _only("on 5 May", MAY_DAY).date == dt.date(2020, 5, 5)  # within the grace week
    assert _only("on 15 May", MAY_DAY).date == dt.date(2019, 5, 15)


def test_find_dates__seed_paragraph() -> None:
    text = (
        "Since mid-March the US-led coalition has withdrawn from several bases. "
        "Until last month, there were about 7,500 coalition troops. "
        "The attack, carried out late April on Iraq's northern intelligence bureau. "
        "Three Katyusha-type rockets targeted a compound on Monday."
    )
    found = find_dates(text, reference=MAY_DAY)
    assert [(m.text, m.date, m.precision) for m in found] == [
        ("mid-March", dt.date(2020, 3, 15), "month"),
        ("last month", dt.date(2020, 4, 1), "month"),
        ("late April", dt.date(2020, 4, 25), "month"),
        ("Monday", dt.date(2020, 4, 27), "day"),
    ]
    starts = [m.start for m in found]
    assert starts == sorted(starts)
    assert all(text[m.start : m.end] == m.text for m in found)


def test_find_dates__sorted_and_non_overlapping() -> None:
    text = "On Tuesday, July 23, 2019 and on 30 March 2020 and in 2014, last week, Monday."
    found = find_dates(text, reference=FRIDAY)
    assert [m.text for m in found] == [
        "Tuesday, July 23, 2019",
        "30 March 2020",
        "2014",
        "last week",
        "Monday",
    ]
    for first, second in zip(found, found[1:], strict=False):
        assert first.end <= second.start


def test_find_dates__empty_text() -> None:
    assert find_dates("", reference=FRIDAY) == []
    assert find_dates("", reference=None) == []


def test_latest_explicit_date__picks_latest_day() -> None:
    text = (
        "Security forces detonate a device in Taramiyah, Iraq, Tuesday, July 23, 2019. "
        "The coalition said on Friday that the group is failing. "
        "US soldiers attend the handover ceremony in Mosul on 30 March 2020. "
        "The mission was established in 2014."
    )
    assert latest_explicit_date(text) == dt.date(2020, 3, 30)


def test_latest_explicit_date__ignores_relative_and_coarse() -> None:
    assert latest_explicit_date("late April, on Monday, in 2021, in March 2022") is None
    assert latest_explicit_date("") is None


def test_date_for_span__prefers_day_precision() -> None:
    text = "Since late March, militants attacked the base on Monday."
    dates = find_dates(text, reference=MAY_DAY)
    best = date_for_span(dates, 0, len(text))
    assert best is not None
    assert (best.text, best.date, best.precision) == ("Monday", dt.date(2020, 4, 27), "day")


def test_date_for_span__nearest_to_start_among_equals() -> None:
    text = "Rockets hit on Monday and again on Tuesday."
    dates = find_dates(text, reference=FRIDAY)
    best = date_for_span(dates, 0, len(text))
    assert best is not None and best.text == "Monday"
    second = date_for_span(dates, text.index("again"), len(text))
    assert second is not None and second.text == "Tuesday"


def test_date_for_span__only_mentions_inside() -> None:
    text = "On Monday rockets hit. On 30 March 2020 troops left."
    dates = find_dates(text, reference=FRIDAY)
    cut = text.index("On 30")
    first = date_for_span(dates, 0, cut)
    assert first is not None
    assert (first.text, first.date) == ("Monday", dt.date(2020, 3, 30))  # the weekday
    second = date_for_span(dates, cut, len(text))
    assert second is not None
    assert (second.text, second.relative) == ("30 March 2020", False)
    assert date_for_span(dates, 3, 8) is None  # partly overlapping "Monday": not inside
    assert date_for_span([], 0, 10) is None


def test_date_for_span__resolved_beats_unresolved() -> None:
    text = "In 2014 the group came back on Monday."
    dates = find_dates(text, reference=None)
    best = date_for_span(dates, 0, len(text))
    assert best is not None and (best.text, best.precision) == ("2014", "year")


def test_pattern_gates__never_skip_a_pattern_that_matches() -> None:
    # Every text of this module's tables: a gated-out pattern must not match it.
    from geomap.dates import _PATTERNS
    from geomap.gates import word_prefixes

    texts = [row[0] for row in ABSOLUTE + RELATIVE] + [
        "Fighting flared on Sunday, the 3rd of May, near the border.",
        "Since mid-March 2020 and until 2021-01-05, three weeks ago.",
    ]
    skipped = 0
    for text in texts:
        words = word_prefixes(text)
        for pattern, _, gate in _PATTERNS:
            if gate is not None and gate.isdisjoint(words):
                skipped += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
    assert skipped > 100
    assert sum(gate is None for _, _, gate in _PATTERNS) == 1  # only the ISO pattern


def test_find_dates__upper_case_caption_dateline():
    # Regression: Getty-style captions date themselves "PLACE - MARCH 30, 2020:".
    (m,) = find_dates("KIRKUK, IRAQ - APRIL 2, 2020: Iraqi soldiers ...", reference=None)
    assert (m.text, m.date, m.precision) == ("APRIL 2, 2020", dt.date(2020, 4, 2), "day")
    (m,) = find_dates("MOSUL, IRAQ - MARCH 30: soldiers ...", reference=dt.date(2020, 4, 3))
    assert m.date == dt.date(2020, 3, 30)


def test_find_dates__upper_case_may_is_still_a_verb():
    assert find_dates("YOU MAY LEAVE IN MAY", reference=dt.date(2020, 4, 3)) == []


def test_led_patterns__match_as_before() -> None:
    # The lookahead in front of each pattern only speeds it up: same matches, same groups.
    from geomap import dates

    originals = [
        dates._RE_MONTH_DAY_YEAR, dates._RE_DAY_MONTH_YEAR, dates._RE_ISO,
        dates._RE_PART_MONTH, dates._RE_MONTH_YEAR, dates._RE_MONTH_DAY, dates._RE_DAY_MONTH,
        dates._RE_PREP_MONTH, dates._RE_YEAR, dates._RE_WEEKDAY, dates._RE_DEICTIC,
        dates._RE_PERIOD, dates._RE_RECENT, dates._RE_AGO,
    ]  # fmt: skip
    texts = [row[0] for row in ABSOLUTE + RELATIVE] + [
        "Fighting flared on Sunday, the 3rd of May, near the border.",
        "Since mid-March 2020 and until 2021-01-05, three weeks ago.",
        "LAST MONDAY, Thursday the 4 June 2019, ID2019-07-23, 12 days ago, ٣ days ago.",
        "İn 2014 and ſince 2015, THE END OF APRIL, Over the past few weeks, TONIGHT.",
        "Earlier this week, a couple of months ago, several years ago, in recent days.",
    ]
    assert len(originals) == len(dates._PATTERNS)
    found = 0
    for original, (led, _, _) in zip(originals, dates._PATTERNS, strict=True):
        assert led.pattern.endswith(original.pattern)
        for text in texts:
            before = [(m.span(), m.groupdict()) for m in original.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in led.finditer(text)] == before
            found += len(before)
    assert found > 60
