"""People, not places: names a reader knows are a person's, whatever the gazetteer says.

"Lt Gen Pat White", "Mark Zuckerberg", "Laura Ingraham", "Welch said": a
title, a first name before a place-named surname, a first name only hamlets
bear, a verb of saying. A name found so is a person for the whole document,
unless the document also writes it after "in" or "near", or it names a place
of note ("Russia said", "Historic Dublin").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Protocol

from geomap.gazetteer.keys import fold, skeleton
from geomap.personal_names import is_given_name, is_surname
from geomap.records import Candidate
from geomap.text import Sentence
from geomap.words import CALENDAR_WORDS, Tokens, is_common
from geomap.zipf import zipf

__all__ = [
    "CLOSE_SPELLING",
    "PeopleGazetteer",
    "given_name_surnames",
    "hamlet_first_names",
    "is_notable_place",
    "is_title",
    "located_words",
    "named_people",
    "speakers",
    "spelled_like_a_place",
    "title_words",
    "titled_tokens",
]

CLOSE_SPELLING = 0.75
"""Candidate score a name matched only by its skeleton needs to count as that place."""

_TITLES = frozenset(
    (
        "lt lieutenant gen general col colonel maj major capt captain sgt sergeant cpl "
        "corporal adm admiral cmdr commander brig brigadier mr mrs ms miss dr prof professor "
        "sen sens senator rep reps representative gov governor president premier minister "
        "secretary king queen prince princess sheikh sheik emir pope saint judge justice "
        "chancellor ambassador spokesman spokeswoman mayor chief pvt private sir lord lady"
    ).split()
)
# First words of place names, so "New Castle" or "Fort Hood" is no first name.
_PLACE_PREFIXES = frozenset(
    (
        "north south east west northern southern eastern western central upper lower new old "
        "great greater little big san santa santo sao saint st ste fort ft port lake mount mt "
        "cape point glen isle isla rio los las la le el al bad bay camp city county"
    ).split()
)
# Last words of geographic names: "X Peninsula" is a place, whatever X is.
_FEATURE_HEADS = frozenset(
    (
        "peninsula delta valley beach island islands river mountains mountain bay coast "
        "desert sea lake gulf strait canal street road square bridge park union america "
        "republic center centre point heights plain plains basin highlands dam airport "
        "airbase base camp university hospital stadium mosque church prison station port "
        "market tower mall school college hotel refinery crossing checkpoint hill hills "
        "ridge falls lakes springs creek canyon forest county parish district province "
        "township village city town"
    ).split()
)
_EVERYDAY_ZIPF = 4.6  # above this a word is an everyday word, not a first name


class PeopleGazetteer(Protocol):
    """What the people rules ask of a gazetteer."""

    def candidates(
        self, name: str, *, country: str | None = None, limit: int = 25
    ) -> list[Candidate]: ...

    def demonym_country(self, word: str) -> str | None: ...

    def could_score(self, name: str, minimum: float) -> bool: ...


def is_title(word: str) -> bool:
    """A title before a person's name, written out or abbreviated ("Miss", "Sen", "Gov.")."""
    return word.casefold().rstrip(".") in _TITLES


def title_words(tokens: Tokens, runs: list[list[int]]) -> list[tuple[int, list[int]]]:
    """Each title in the runs, with the run's tokens from it on: the spans that
    may be a place named with a title ("Saint Lucia", "Prince Edward Island")."""
    return [(k, run[n:]) for run in runs for n, k in enumerate(run) if is_title(tokens.text[k])]


def titled_tokens(
    tokens: Tokens, runs: list[list[int]], places: frozenset[int] | set[int] = frozenset()
) -> set[int]:
    """Token indices that belong to a person's name: a title and what follows it.

    The title itself is no place either: "Miss Cordiner" is no Mississippi.
    ``places`` are title tokens that begin a place's name ("Saint Lucia",
    "Prince George"): no person follows them.
    """
    person: set[int] = set()
    for run in runs:
        title: int | None = None
        for i in run:
            if i in places:
                title = None
            elif is_title(tokens.text[i]):
                title = i
            elif tokens.text[i] == "of":
                title = None  # "President of Ukraine", "Crown Prince of Dubai": a domain
            elif title is not None:
                person.update((title, i))
    return person


def named_people(
    tokens: Tokens,
    runs: list[list[int]],
    known: tuple[set[str], set[str]],
    gazetteer: PeopleGazetteer,
) -> set[int]:
    """'Mark Zuckerberg', 'Darren Ripley': a first name, then a surname that is a place.

    A two-word name whose second word names a place but whose first word is
    no place of note (a hamlet called "Laura" does not make "Laura Ingraham"
    a place), no place-name prefix ("New", "Fort"), no demonym ("Korean") and
    no everyday word ("The", "Holy", "European") is a person; both words are,
    for the rest of the document. A country, a state or a city of a million
    in second place is no surname ("Historic Dublin", "Baseball Toronto"),
    though smaller towns may be ("Jackson", "Lincoln"). A surname that only
    resembles a place ("Ingraham" for Ingram) counts as a place name here.
    """
    names, skeletons = known
    out: set[int] = set()
    for run in runs:
        if len(run) != 2:
            continue
        i, j = run
        first, second = tokens.text[i], tokens.text[j]
        if first.isupper() or second.isupper() or first.casefold() in _PLACE_PREFIXES:
            continue
        if second.casefold() in _FEATURE_HEADS:  # "Korean Peninsula", "Nile Delta"
            continue
        full = f"{first} {second}"
        if fold(full) in names or (
            skeleton(fold(full)) in skeletons and spelled_like_a_place(full, gazetteer)
        ):
            continue  # "Deir Ezzor": the two words together spell a place
        if fold(first) in names and (
            is_notable_place(first, names, gazetteer) or is_notable_place(second, names, gazetteer)
        ):
            continue  # "Rodeo Gainesville": a hamlet's name before a town's is no first name
        surname = fold(second)
        if surname not in names and skeleton(surname) not in skeletons:
            continue
        if gazetteer.demonym_country(first) or gazetteer.demonym_country(second):
            continue  # "Korean Peninsula", "Arab-Israeli"
        if zipf(first) >= _EVERYDAY_ZIPF:
            continue
        if is_notable_place(second, names, gazetteer, population=_CITY_POPULATION):
            continue  # "Historic Dublin", "Baseball Toronto": a word before a city's name
        out.update((i, j))
    return out


def _name_pairs(tokens: Tokens, runs: list[list[int]]) -> Iterator[tuple[int, int]]:
    """Index pairs of two words that may be a given name and a surname.

    Neighbours in a run of name words ("Wade McKinney"), and the words either
    side of a middle initial ("Matthew D. Flores", "Matthew D Flores").
    """
    text, sep_before = tokens.text, tokens.sep_before
    for run in runs:
        for i, j in itertools.pairwise(run):
            if sep_before[j] == " ":
                yield i, j
        for n, k in enumerate(run[1:], start=1):
            j = k + 1
            if (
                len(text[k]) == 1
                and text[k].isupper()
                and j < len(text)
                and sep_before[j] in (" ", ". ")  # the dot ends the run of name words
                and text[j][0].isupper()
            ):
                yield run[n - 1], j


def given_name_surnames(
    tokens: Tokens,
    runs: list[list[int]],
    known: tuple[set[str], set[str]],
    gazetteer: PeopleGazetteer,
) -> set[tuple[int, int]]:
    """'Commissioner Wade McKinney', 'Mary Magdalene': a given name, then a place-named word.

    Pairs (given name, surname) of token indices: neighbours in a run, or the
    words either side of a middle initial ("Matthew D. Flores"). The pair
    must not itself spell a place ("Virginia Beach"), the given name must be
    no place-name prefix ("Santa", "Fort") and the second word no feature word
    ("Jordan Valley"), no first-level area and no city of a million ("Georgia
    Texas" in a headline, "Sydney Toronto" in a list). The surname is a person's
    for the whole document ("McKinney objected"); the given name only here,
    since "Virginia" or "Jordan" alone may well be the place.
    """
    names, skeletons = known
    out: set[tuple[int, int]] = set()
    for i, j in _name_pairs(tokens, runs):
        first, second = tokens.text[i], tokens.text[j]
        if not is_given_name(first) or second.isupper():
            continue
        if not is_surname(second):  # "Alexandria Police", "Georgia National Guard"
            continue
        if first.casefold() in _PLACE_PREFIXES or second.casefold() in _FEATURE_HEADS:
            continue
        surname = fold(second)
        if surname not in names and skeleton(surname) not in skeletons:
            continue
        full = f"{first} {second}"
        if fold(full) in names or (
            skeleton(fold(full)) in skeletons and spelled_like_a_place(full, gazetteer)
        ):
            continue
        if is_notable_place(second, names, gazetteer, population=_CITY_POPULATION):
            continue
        if gazetteer.demonym_country(first) or second.casefold() in CALENDAR_WORDS:
            continue  # "German Chambers", "in Alexandria Friday night"
        out.add((i, j))
    return out


_SPEECH_VERBS = frozenset(
    "said says told added wrote explained asked noted recalled testified argued insisted".split()
)


def speakers(
    per_sentence: list[tuple[Sentence, Tokens]],
    runs_of: dict[int, list[list[int]]],
    names: set[str],
    gazetteer: PeopleGazetteer,
) -> set[str]:
    """'Ingraham said', 'Mark Hartmann told': who speaks is a person, for the whole document.

    The last word of a short name run right before a verb of saying, unless it
    is a place of note ("Russia said" is a country speaking through its
    government, which the corpora count as a place).
    """
    out: set[str] = set()
    for s, tokens in per_sentence:
        for run in runs_of[s.index]:
            j = run[-1]
            if len(run) > 3 or j + 1 >= len(tokens):
                continue
            if tokens.sep_before[j + 1] != " " or tokens.text[j + 1] not in _SPEECH_VERBS:
                continue
            word = tokens.text[j]
            if word.isupper() or word in out or gazetteer.demonym_country(word):
                continue
            if not is_notable_place(word, names, gazetteer):
                out.add(word)
    return out


def spelled_like_a_place(surface: str, gazetteer: PeopleGazetteer) -> bool:
    """A close transliteration of a place name, as _classify would accept one."""
    if not gazetteer.could_score(surface, CLOSE_SPELLING):
        return False
    found = gazetteer.candidates(surface)
    return bool(found) and found[0].score >= CLOSE_SPELLING


_NOTABLE_POPULATION = 50_000  # a town this big is a name's likely meaning on its own


_CITY_POPULATION = 1_000_000  # few surnames are also the name of a city this big


def is_notable_place(
    name: str,
    names: set[str],
    gazetteer: PeopleGazetteer,
    *,
    population: int = _NOTABLE_POPULATION,
    areas: bool = True,
) -> bool:
    """Whether ``name`` names a country, a continent, (with ``areas``) a first-level
    area, or a place of ``population`` or more. ``names`` are the document's keys
    that name some place: a name not among them needs no lookup."""
    if fold(name) not in names:
        return False
    codes = ("PCLI", "ADM1", "CONT") if areas else ("PCLI", "CONT")
    for candidate in gazetteer.candidates(name):
        if candidate.key == "skeleton":
            continue
        place = candidate.place
        if place.feature_code in codes:
            return True
        if place.population >= population:
            return True
    return False


_LOCATIVES = frozenset("in near outside around across throughout".split())


def located_words(per_sentence: list[tuple[Sentence, Tokens]]) -> set[str]:
    """Capitalised words the text puts right after a locative ("in DeKalb", "near Paris")."""
    out: set[str] = set()
    for _, tokens in per_sentence:
        words, seps = tokens.text, tokens.sep_before
        for k in range(1, len(words)):
            if words[k - 1] in _LOCATIVES and seps[k] == " " and words[k][0].isupper():
                out.add(words[k])
    return out


def hamlet_first_names(
    tokens: Tokens,
    runs: list[list[int]],
    known: tuple[set[str], set[str]],
    gazetteer: PeopleGazetteer,
) -> set[int]:
    """'Paul Brewbaker', 'Mary Kelleher': a first name that only hamlets bear,
    then one or two rare words that name no place, is the start of a person's name.

    Only the first word is returned: it is a person's, here and wherever it
    stands alone in the document ("Paul scored 27 points").
    """
    names, skeletons = known
    out: set[int] = set()
    for run in runs:
        if not 2 <= len(run) <= 3:
            continue
        first = tokens.text[run[0]]
        rest = [tokens.text[k] for k in run[1:]]
        if first.isupper() or fold(first) not in names or first.casefold() in _PLACE_PREFIXES:
            continue
        if fold(" ".join([first, *rest])) in names or gazetteer.demonym_country(first):
            continue
        if any(
            word.isupper()
            or word.casefold() in _FEATURE_HEADS
            or fold(word) in names
            or (skeleton(fold(word)) in skeletons and spelled_like_a_place(word, gazetteer))
            or is_common(word)
            for word in rest
        ):
            continue
        if not is_notable_place(first, names, gazetteer, areas=False):
            out.add(run[0])
    return out
