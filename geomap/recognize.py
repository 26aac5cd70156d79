"""Find place names in text, driven by the gazetteer.

Runs of capitalised words (with the lower-case particles that names carry:
"Deir ez-Zor", "Stratford-upon-Avon") are looked up longest first under the
gazetteer's folded keys; words no key knows get a second chance through the
transliteration skeleton ("Taramiyah" for "Tarmiyah"). Filters then drop
what a reader would not call a place: month and weekday names, people's
names (:mod:`geomap.people`) and their later bare uses, common English
words that happen to name a hamlet (:mod:`geomap.words`), acronyms. Demonyms ("Iraqi") and
adjectival compounds ("Iran-backed", "US-led") come back as country
evidence, never as places to plot.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from geomap.gazetteer.keys import article_free, fold, skeleton
from geomap.gazetteer.lookup import is_own_name
from geomap.hints import REGION_CODES, called_a_county
from geomap.people import (
    CLOSE_SPELLING,
    given_name_surnames,
    hamlet_first_names,
    is_title,
    located_words,
    named_people,
    speakers,
    title_words,
    titled_tokens,
)
from geomap.personal_names import is_given_name
from geomap.records import Candidate, Mention, Place
from geomap.text import DATELINE_CREDIT, Sentence
from geomap.words import (
    CALENDAR_WORDS,
    PARTICLES,
    Tokens,
    is_common,
    is_title_case,
    name_runs,
    sentence_tokens,
)
from geomap.zipf import zipf

__all__ = ["GazetteerLike", "recognize"]

_MAX_TOKENS = 7
_BRIDGE_WORDS = 3  # words of a run on either side of "and" that a name may span
_ENGLISH_WORD_ZIPF = 3.0  # wordfreq Zipf value from which a word is written as meant

_MONTHS_AND_DAYS = CALENDAR_WORDS | frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# "Iran-backed", "US-led": a place used as a modifier of something else.
_MODIFIER_SUFFIXES = frozenset(
    (
        "backed led based born made funded allied linked controlled held run sponsored "
        "affiliated bound owned aligned supported dominated"
    ).split()
)
# Nouns a country's name modifies as an adjective would ("US troops", "UK
# officials"): like "American troops", a nationality, not a place to plot.
_NATIONAL_HEADS = frozenset(
    (
        "troops forces soldiers military army navy marines airstrikes warplanes jets drones "
        "officials official government administration president embassy diplomats diplomat "
        "envoy ambassador personnel authorities citizens nationals intelligence officers "
        "commanders sanctions lawmakers senator senators congressman"
    ).split()
)
# Head nouns that make a capitalised run an organisation, not a place.
_ORGANISATION_HEADS = frozenset(
    (
        "corps brigade brigades army front movement party battalion battalions regiment "
        "division militia militias council committee ministry authority commission "
        "organization organisation union league coalition alliance"
    ).split()
)
_COMPASS_WORDS = frozenset(
    (
        "north south east west northern southern eastern western central northeast "
        "northwest southeast southwest upper lower"
    ).split()
)
# Words that are a place only as part of a name ("West Bank", "Central African
# Republic"); alone they are directions, surnames ("Jerry West") or institutions
# ("the Centre", India's central government), though a few admin1 areas bear them.
_REGION_WORDS = _COMPASS_WORDS | {"centre", "center", "middle", "midwest"}
# Words that open a sentence or a phrase before a name without being part of it.
_OPENING_WORDS = frozenset(
    "the a an in at on of for to from by with and but as near outside into".split()
)
# Words that qualify a place's name and leave it that place: "Historic Dublin".
_PLACE_QUALIFIERS = _COMPASS_WORDS | frozenset(
    "downtown metro metropolitan greater historic new old inner outer city".split()
)
_KNOWN_CITY_POPULATION = 100_000


class GazetteerLike(Protocol):
    """What recognition needs from a gazetteer."""

    def known_keys(self, folded_keys: list[str]) -> set[str]: ...

    def known_skeletons(self, skeletons: list[str]) -> set[str]: ...

    def candidates(
        self, name: str, *, country: str | None = None, limit: int = 25
    ) -> list[Candidate]: ...

    def demonym_country(self, word: str) -> str | None: ...

    def could_score(self, name: str, minimum: float) -> bool: ...


def _span_text(text: str, tokens: Tokens, i: int, j: int) -> str:
    return text[tokens.start[i] : tokens.end[j]]


def recognize(text: str, sentences: Iterable[Sentence], gazetteer: GazetteerLike) -> list[Mention]:
    """Place-name mentions in ``text``, in order, non-overlapping."""
    per_sentence = [(s, sentence_tokens(s)) for s in sentences]
    runs_of = {s.index: name_runs(toks) for s, toks in per_sentence}
    titled = {s.index: _titled(text, toks, runs_of[s.index], gazetteer) for s, toks in per_sentence}
    persons = {tokens.text[i] for s, tokens in per_sentence for i in titled[s.index]}
    spans = set().union(
        *(_span_keys(text, tokens, runs_of[s.index], titled[s.index]) for s, tokens in per_sentence)
    )
    bridges = {s.index: _and_bridges(text, tokens, runs_of[s.index]) for s, tokens in per_sentence}
    spans.update(key for found in bridges.values() for key, _, _ in found)
    known = gazetteer.known_keys(sorted(spans)) if spans else set()
    known |= {k for k in spans if article_free(k) in known}
    for index, found in bridges.items():  # "Trinidad and Tobago": one run, one name
        runs_of[index] = _joined_runs(runs_of[index], [(a, b) for k, a, b in found if k in known])
    # Spans that are no name may still be a transliteration of one; ask once
    # which of their skeletons exist rather than failing a lookup for each.
    unknown_skeletons = sorted({sk for k in spans if k not in known and (sk := skeleton(k))})
    skeletons = gazetteer.known_skeletons(unknown_skeletons) if unknown_skeletons else set()
    named: dict[int, set[int]] = {}  # people's names, persons for the whole document
    given: dict[int, set[int]] = {}  # given names, persons in their own sentence only
    for s, tokens in per_sentence:
        # The rules below read names of two words or more ("Mark Zuckerberg").
        runs = [run for run in runs_of[s.index] if len(run) > 1]
        pairs = given_name_surnames(tokens, runs, (known, skeletons), gazetteer)
        named[s.index] = (
            named_people(tokens, runs, (known, skeletons), gazetteer)
            | hamlet_first_names(tokens, runs, (known, skeletons), gazetteer)
            | {j for _, j in pairs}
        )
        given[s.index] = {i for i, _ in pairs}
    # A word the document writes after "in" or "near" is a place there, whatever
    # "StandUp DeKalb" or "DeKalb said" suggest elsewhere.
    located = located_words(per_sentence)
    for s, tokens in per_sentence:
        named[s.index] = {i for i in named[s.index] if tokens.text[i] not in located}
    persons |= {tokens.text[i] for s, tokens in per_sentence for i in named[s.index]}
    persons |= speakers(per_sentence, runs_of, known, gazetteer) - located

    mentions: list[Mention] = []
    for s, tokens in per_sentence:
        excluded = titled[s.index] | named[s.index] | given[s.index]
        headline = is_title_case(tokens)
        for run in runs_of[s.index]:
            mentions.extend(
                _match_run(
                    text,
                    s,
                    tokens,
                    run,
                    (known, skeletons),
                    excluded,
                    persons,
                    gazetteer,
                    headline=headline,
                    located=located,
                )  # fmt: skip
            )
    # "Calif.", "W.Va.", "U.S.": the abbreviation with its dots is the name;
    # the word tokens would see only "Calif" or split "W" from "Va".
    dotted = _dotted_abbreviations(text, [s for s, _ in per_sentence], gazetteer)
    taken = [(m.start, m.end) for m in dotted]
    mentions = [m for m in mentions if not any(a < m.end and m.start < b for a, b in taken)]
    return sorted(mentions + dotted, key=lambda m: m.start)


def _and_bridges(text: str, tokens: Tokens, runs: list[list[int]]) -> list[tuple[str, int, int]]:
    """Keys of names that run across an "and" between two runs ("Trinidad and
    Tobago", "Bosnia and Herzegovina"), each with the indices of its two runs."""
    out: list[tuple[str, int, int]] = []
    for n, (left, right) in enumerate(itertools.pairwise(runs)):
        k = left[-1] + 1
        if right[0] != k + 1 or tokens.text[k] != "and" or tokens.sep_before[k] != " ":
            continue
        if tokens.sep_before[right[0]] != " ":
            continue
        for i in left[-_BRIDGE_WORDS:]:
            for j in right[:_BRIDGE_WORDS]:
                out.append((fold(_span_text(text, tokens, i, j)), n, n + 1))
    return out


def _joined_runs(runs: list[list[int]], pairs: list[tuple[int, int]]) -> list[list[int]]:
    """``runs`` with each pair of neighbouring runs (by index) joined across the word between."""
    if not pairs:
        return runs
    joined: list[list[int]] = []
    into_previous = {b for a, b in pairs}
    for n, run in enumerate(runs):
        if n in into_previous and joined:
            joined[-1] = [*joined[-1], run[0] - 1, *run]
        else:
            joined.append(run)
    return joined


def _span_keys(text: str, tokens: Tokens, runs: list[list[int]], excluded: set[int]) -> set[str]:
    """The folded keys of the spans the runs may name a place with: up to
    ``_MAX_TOKENS`` words, no particle at either edge, no ``excluded`` word inside."""
    keys: set[str] = set()
    for run in runs:
        for a, i in enumerate(run):
            if tokens.text[i] in PARTICLES:
                continue
            start = tokens.start[i]
            for j in run[a : a + _MAX_TOKENS]:
                if j in excluded:
                    break  # so does every longer span from i
                if tokens.text[j] not in PARTICLES:
                    keys.add(fold(text[start : tokens.end[j]]))
    return keys


def _titled(text: str, tokens: Tokens, runs: list[list[int]], gazetteer: GazetteerLike) -> set[int]:
    """The words of people's names that follow a title ("Lt Gen Pat White"),
    unless the title begins a place's name ("Saint Lucia", "Prince Edward Island")."""
    titles = title_words(tokens, runs)
    if not titles:
        return set()  # most sentences: no title, so no titled name
    places: set[int] = set()
    for k, rest in titles:
        keys = [fold(_span_text(text, tokens, k, j)) for j in rest[1:_MAX_TOKENS]]
        if keys and gazetteer.known_keys(keys):
            places.add(k)
    return titled_tokens(tokens, runs, places)


def _is_organisation(tokens: Tokens, run: list[int]) -> bool:
    """'Rahman Corps', 'Nineveh Liberation Front': a run headed by an organisation noun."""
    return any(tokens.text[k].casefold() in _ORGANISATION_HEADS for k in run[1:])


def _qualifies_next_name(
    tokens: Tokens, run: list[int], a: int, found: tuple[int, Mention]
) -> bool:
    """'Eastern Ghouta', 'Northern Bahr': a compass word that begins a longer name is
    part of that name, not the region abroad that the word alone also names."""
    b, mention = found
    if b != a or b + 1 >= len(run) or mention.kind != "toponym":
        return False
    following = tokens.text[run[b + 1]]
    return (
        tokens.text[run[a]].casefold() in _COMPASS_WORDS
        and following not in PARTICLES
        and following[0].isupper()
    )


def _match_run(
    text: str,
    sentence: Sentence,
    tokens: Tokens,
    run: list[int],
    known: tuple[set[str], set[str]],
    excluded: set[int],
    persons: set[str],
    gazetteer: GazetteerLike,
    *,
    headline: bool = False,
    located: frozenset[str] | set[str] = frozenset(),
) -> list[Mention]:
    """The mentions in one run of name words, longest first from each position.

    ``known`` holds the folded keys and the skeletons that name some place;
    ``located`` the words the document writes after "in" or "near".
    """
    out: list[Mention] = []
    some_excluded = not excluded.isdisjoint(run)
    a = 0
    while a < len(run):
        found = None
        stop = min(a + _MAX_TOKENS, len(run))
        if some_excluded:  # spans from a end before the first excluded word
            stop = next((b for b in range(a, stop) if run[b] in excluded), stop)
        for b in range(stop - 1, a - 1, -1):
            i, j = run[a], run[b]
            if tokens.text[i] in PARTICLES or tokens.text[j] in PARTICLES:
                continue  # "on Daraa", "ez Zor": a name never starts or ends with a particle
            surface = _span_text(text, tokens, i, j)
            mention = _classify(
                surface, sentence, tokens, i, j, known, persons, gazetteer, headline=headline
            )
            if mention is not None:
                found = (b, mention)
                break
        if found and (found[0] - a + 1) < len(run) and _is_organisation(tokens, run):
            b, mention = found  # "Pakistan Army": the place, but not where things happen
            kind = "affiliation" if mention.kind == "toponym" else mention.kind
            out.append(replace(mention, kind=kind))
            a = b + 1
        elif found and _qualifies_next_name(tokens, run, a, found):
            a = found[0] + 1  # "Eastern Ghouta": a common word that is part of a longer name
        elif (
            found
            and a > 0
            # "Regime Warplanes Target Tafas": a headline capitalises its words,
            # so a word before the place says nothing unless it is a name itself
            and not (headline and fold(tokens.text[run[a - 1]]) not in known[0])
            and found[1].text not in located
            and _inside_a_longer_name(tokens, run[a - 1], found[1], gazetteer)
        ):
            a = found[0] + 1  # "Aimee Semple McPherson", "Lake Lanier"
        elif found:
            b, mention = found
            out.append(mention)
            a = b + 1
        else:
            a += 1
    return out


def _inside_a_longer_name(
    tokens: Tokens, before: int, mention: Mention, gazetteer: GazetteerLike
) -> bool:
    """A small place's name ending a longer capitalised run is part of another name.

    "Columbia University", "Aimee Semple McPherson", "Brinkley Sargent
    Architects": the run as a whole names no place, and the word before the
    match is neither a function word opening the sentence ("The Boise Fire
    Department") nor a qualifier of the place ("South Arlington", "Historic
    Dublin"). Places of note stand anyway ("Baseball Toronto", "Smart Dubai").
    """
    if mention.kind != "toponym" or before == 0:
        return False  # "Missing Glen Allen woman": a sentence's first word may be anything
    if tokens.sep_before[before + 1] != " " or tokens.text[before].endswith("'s"):
        return False  # "D-Glenville", "Fargo-Moorhead", "GM's Bowling Green"
    word = tokens.text[before].casefold()
    if word in _OPENING_WORDS or word in _PLACE_QUALIFIERS or word in PARTICLES:
        return False
    return not any(
        c.key != "skeleton" and _stands_on_its_own(c.place)
        for c in gazetteer.candidates(mention.text)
    )


def _stands_on_its_own(place: Place) -> bool:
    """A place readers know by its name alone: a country, an area, a city of 100,000."""
    code = place.feature_code
    return (
        code.startswith("PCL")
        or code in ("ADM1", "ADM2", "CONT")
        or code in REGION_CODES
        or place.population >= _KNOWN_CITY_POPULATION
    )


def _classify(
    surface: str,
    sentence: Sentence,
    tokens: Tokens,
    i: int,
    j: int,
    known: tuple[set[str], set[str]],
    persons: set[str],
    gazetteer: GazetteerLike,
    *,
    headline: bool = False,
) -> Mention | None:
    """Decide whether tokens i..j are a place, a demonym, a modifier or nothing."""
    names, skeletons = known
    start, end = tokens.start[i], tokens.end[j]
    single = i == j
    word = tokens.text[i]
    key = fold(surface)
    if (
        key not in names
        and skeleton(key) not in skeletons
        and not (single and word.isupper() and len(word) <= 4)
        and not (j - i <= 2 and gazetteer.demonym_country(surface))
    ):
        return None  # no name, skeleton, acronym or demonym: what most spans are, decided early
    if (
        not single
        and _english_article(word, tokens.text[i + 1])
        and (word != "The" or key not in names)
    ):
        return None  # "An Olmsted County", "The Torrington": the name follows the article
    bare = word[:-2] if word.endswith("'s") else word  # "Monday's vote", "Smith's house"
    if single and (bare.casefold() in _MONTHS_AND_DAYS or bare in persons):
        return None
    if (
        single
        and is_title(word)
        and j + 1 < len(tokens)
        and tokens.sep_before[j + 1] == ". "
        and tokens.text[j + 1][0].isupper()
    ):
        return None  # "Sens. Robert Byrd": a title's abbreviation, not Sens in France
    if single and len(word) <= 2 and not word.isupper():
        return None  # "No", "Al", "Mr": two letters are not a name a report plots
    if single and word.casefold() in _REGION_WORDS:
        return None  # "West", "Centre": alone, a direction, a surname or "the Centre" (government)
    if single and word.isupper() and len(word) <= 4:
        # An acronym (ISIS, EPA, IED) unless a country writes itself so (UK, UAE).
        return _country_code(surface, start, end, sentence, tokens, j, gazetteer)
    if single and word.endswith("'s") and word[:-2].isupper() and len(word) <= 6:
        # "the EU's airports", "the UK's economy": the abbreviation, possessive.
        return _country_code(surface[:-2], start, end - 2, sentence, tokens, j, gazetteer)
    shouted = any(w.isupper() and len(w) > 1 for w in tokens.text[i : j + 1])
    dateline = shouted and _is_dateline(sentence, tokens, i, j)
    if shouted and not dateline:
        return None  # capitals: a credit line or a shouted word, not a name in running text
    if j - i <= 2:  # "Iraqi", "Sri Lankan", "South Ossetian"
        iso = gazetteer.demonym_country(surface)
        if iso:
            return Mention(surface, start, end, sentence.index, kind="demonym", country_hint=iso)
    found: list[Candidate] = []
    if key in names:
        found = gazetteer.candidates(surface)
        best = _best(found)
        if (
            single
            and _spelled_on_purpose(word)
            and _only_another_name_of_a_town(found)
            and not _called_a_county(sentence, end)
        ):
            return None  # "Passover", "Irene": a word or a name, not a town's old name
    elif (
        j - i <= 2
        and len(key.replace(" ", "")) >= 5
        and skeleton(key) in skeletons
        and not all(is_common(w, headline) for w in tokens.text[i : j + 1])
        and not (single and _spelled_on_purpose(word) and not _called_a_county(sentence, end))
    ):
        if not gazetteer.could_score(surface, CLOSE_SPELLING):
            return None  # no spelling close enough: spare the lookup
        best = _best(gazetteer.candidates(surface))
        if best is None or best.key != "skeleton" or best.score < CLOSE_SPELLING:
            return None
    else:
        return None
    if best is None:
        return None
    if single and not dateline and is_common(word, headline):
        # A word common only by a headline's lower bar ("Mosul", Zipf 3.2) is no
        # everyday word that merely opens the sentence, as "Reading" would be.
        initial_ok = headline and not is_common(word)
        best = _common_word_place(found, tokens, i, sentence, initial_ok=initial_ok)
        if best is None:
            return None
    national = best.place.feature_code.startswith("PCL") and _before_national_head(tokens, j)
    kind = _adjectival_kind(best.place, national or _is_modifier(tokens, i, j))
    if surface.endswith("'s") and len(surface) > 4:  # "China's": the name is "China"
        surface, end = surface[:-2], end - 2
    return Mention(
        surface,
        start,
        end,
        sentence.index,
        kind=kind,
        country_hint=best.place.country if kind == "modifier" else "",
    )


def _country_code(
    surface: str,
    start: int,
    end: int,
    sentence: Sentence,
    tokens: Tokens,
    j: int,
    gazetteer: GazetteerLike,
) -> Mention | None:
    """'UK', 'UAE', 'BC': a country's, continent's or province's own abbreviation,
    exactly as the gazetteer has it."""
    if not gazetteer.known_keys([fold(surface)]):
        return None  # no name folds to its key, so none is spelled so ("ISIS", "EPA")
    best = _best(gazetteer.candidates(surface))
    if best is None or best.key != "exact":
        return None
    if not (_is_country_or_continent(best.place) or best.place.feature_code == "ADM1"):
        return None
    national = _before_national_head(tokens, j)
    kind = _adjectival_kind(best.place, national or _is_modifier(tokens, j, j))
    return Mention(surface, start, end, sentence.index, kind=kind,
                   country_hint=best.place.country if kind == "modifier" else "")  # fmt: skip


# One to three of "X." or "Xxxx." ("U.S.", "W. Va.", "Calif."), not after a
# letter or a dot: (?<![\w.])(?:[A-Z]\. ?|[A-Z][a-z]{1,4}\.){1,3}(?!\w). Written
# to open with its capital, so that the search skips to capitals in C
# instead of trying the look-behind at every character (twice as fast).
_DOTTED = re.compile(
    r"[A-Z](?<![\w.][A-Z])(?:\. ?|[a-z]{1,4}\.)(?:[A-Z]\. ?|[A-Z][a-z]{1,4}\.){0,2}(?!\w)"
)
_DOTTED_PART = re.compile(r"[A-Z]\. ?|[A-Z][a-z]{1,4}\.")  # one "X." or "Xxxx." of a match


def _dotted_abbreviations(
    text: str, sentences: list[Sentence], gazetteer: GazetteerLike
) -> list[Mention]:
    """'U.S.', 'U.K.', 'Calif.', 'W.Va.', 'W. Va.': abbreviations of countries and states.

    Only a spelling the gazetteer holds with its dots counts (spacing aside:
    "W. Va." is "W.Va."), so a name that ends a sentence ("in Iraq.") or a
    title ("Mr.") is no abbreviation.
    """
    out = []
    for s in sentences:
        for match in _DOTTED.finditer(s.text):
            mention = _dotted_abbreviation(
                text, s, s.start + match.start(), match.group(), gazetteer
            )
            if mention is not None:
                out.append(mention)
    return out


def _dotted_abbreviation(
    text: str, sentence: Sentence, start: int, dotted: str, gazetteer: GazetteerLike
) -> Mention | None:
    """The longest head of ``dotted`` that abbreviates a country or state ("U.S." of
    "U.S. Sens."), as a mention at document offset ``start``."""
    parts = _DOTTED_PART.findall(dotted)
    for surface in ("".join(parts[:k]).rstrip() for k in range(len(parts), 0, -1)):
        key = fold(surface)
        if not gazetteer.known_keys([key, article_free(key)]):
            continue  # no name has its key, or its article-free one: none matches it exactly
        best = _best(gazetteer.candidates(surface))
        if (
            best is not None
            and (best.key == "exact" or (best.key == "folded" and "." in best.matched_name))
            and (_is_country_or_continent(best.place) or best.place.feature_code == "ADM1")
        ):
            end = start + len(surface)
            after = _NEXT_WORD.match(text, end)
            national = after is not None and after.group(1) in _NATIONAL_HEADS
            kind = _adjectival_kind(best.place, national or text[end : end + 1] == "-")
            country_hint = best.place.country if kind == "modifier" else ""
            return Mention(
                surface, start, end, sentence.index, kind=kind, country_hint=country_hint
            )
    return None


# What follows a dateline's place: ", Ohio", a credit ("(AP)"), a dash; after a
# byline, the credit must be there.
_DATELINE_QUALIFIER = r"\s*(?:,[^-—:(]{0,25})?"
_DATELINE_AFTER = re.compile(rf"{_DATELINE_QUALIFIER}(?:{DATELINE_CREDIT}\s*)?[-—:]")
_CREDITED_DATELINE = re.compile(rf"{_DATELINE_QUALIFIER}{DATELINE_CREDIT}\s*[-—]")


def _is_dateline(sentence: Sentence, tokens: Tokens, i: int, j: int) -> bool:
    """'BAGHDAD (AP) -' or 'MOSUL, Iraq -': capitals opening a paragraph.

    After a byline ("By JILL COLVIN, Associated Press WASHINGTON (AP) —")
    the place needs the agency's credit to count.
    """
    rest = sentence.text[tokens.end[j] - sentence.start :][:80]
    if i != 0 or sentence.index and tokens.start[i] != sentence.start:
        return _CREDITED_DATELINE.match(rest) is not None
    return _DATELINE_AFTER.match(rest) is not None


def _best(candidates: list[Candidate]) -> Candidate | None:
    return candidates[0] if candidates else None


_AREA_CODES = frozenset({"PCLI", "ADM1"}) | REGION_CODES  # countries, areas, seas, regions
_SAME_NAME = 0.02  # candidates this close to the best score match the name as well


def _common_word_place(
    found: list[Candidate],
    tokens: Tokens,
    i: int,
    sentence: Sentence,
    *,
    initial_ok: bool = False,
) -> Candidate | None:
    """The place a common English word may stand for, or None.

    Only a country, first-level area, continent, region or sea ("America",
    "Turkey", "Chad", "Pacific"),
    or a large city written mid-sentence ("in Reading", not "Reading the"),
    or a capital or city of a million anywhere ("Paris officials said"),
    among the candidates that match the name as well as the best one does:
    "America" is a Dutch village's name too, but the country makes it a place.
    """
    if not found or found[0].key == "skeleton":
        return None
    close = [c for c in found if c.score >= found[0].score - _SAME_NAME]
    for candidate in close:
        if candidate.place.feature_code in _AREA_CODES:
            return candidate
    sentence_initial = tokens.start[i] == sentence.start or i == 0
    if sentence_initial and not initial_ok:
        # "Paris officials said": a capital or a city of millions opening a
        # sentence is that city; "Reading the report" is no Reading.
        return next((c for c in close if _world_city(c.place)), None)
    return next((c for c in close if c.place.population >= _KNOWN_CITY_POPULATION), None)


def _world_city(place: Place) -> bool:
    return place.feature_code == "PPLC" or place.population >= 1_000_000


def _is_country_or_continent(place: Place) -> bool:
    return place.feature_code.startswith("PCL") or place.feature_code == "CONT"


def _english_article(word: str, following: str) -> bool:
    """'A', 'An' or 'The' as English writes them before a name.

    Arabic's "An" comes before an n only ("An Najaf", "An Nasiriyah"), as its
    other articles before their own letters.
    """
    if word == "An":
        return not following.casefold().startswith("n")
    return word in ("A", "The")


def _spelled_on_purpose(word: str) -> bool:
    """An English word or a given name: no loose spelling of a place's name.

    "Troop" and "Danielle" are written as meant, not as transliterations of
    Throop or Daniel; "Raqqah" or "Menbij" are.
    """
    return zipf(word) >= _ENGLISH_WORD_ZIPF or is_given_name(word)


def _called_a_county(sentence: Sentence, end: int) -> bool:
    """Whether the sentence calls the name ending at document offset ``end`` a county."""
    return called_a_county(sentence.text, end - sentence.start)


def _only_another_name_of_a_town(found: list[Candidate]) -> bool:
    """Whether the likeliest match is a town and no place bears the name as its own.

    GeoNames keeps old and local names: "Passover" is one of Mountain City,
    Georgia's, "Irene" one of Red Bank, Tennessee's.
    """
    return (
        bool(found)
        and found[0].place.feature_class == "P"
        and not any(c.key != "skeleton" and is_own_name(c) for c in found)
    )


def _adjectival_kind(place: Place, adjectival: bool) -> str:
    """The kind of a mention whose likeliest reading is ``place``.

    A name used as a modifier ("Iran-backed", "US troops", "London-based")
    says who, not where: a country or continent so used is a ``modifier``,
    country evidence like a demonym; a town or province is an
    ``affiliation``, placed like "Pakistan" in "Pakistan Army" but never
    where an incident happened. Any other use is a ``toponym``.
    """
    if not adjectival:
        return "toponym"
    return "modifier" if _is_country_or_continent(place) else "affiliation"


_NEXT_WORD = re.compile(r" ([a-z]+)\b")


def _before_national_head(tokens: Tokens, j: int) -> bool:
    """'US troops', 'Iraq government': a country name used as a nationality adjective."""
    return (
        j + 1 < len(tokens)
        and tokens.sep_before[j + 1] == " "
        and tokens.text[j + 1] in _NATIONAL_HEADS
    )


def _is_modifier(tokens: Tokens, i: int, j: int) -> bool:
    """'Iran-backed', 'US-led', 'anti-Baghdad': the place modifies something else."""
    if (
        j + 1 < len(tokens)
        and tokens.sep_before[j + 1] == "-"
        and tokens.text[j + 1].casefold() in _MODIFIER_SUFFIXES
    ):
        return True
    return (
        i > 0
        and tokens.sep_before[i] == "-"
        and tokens.text[i - 1].casefold() in ("anti", "pro", "non", "ex", "post", "pre", "trans")
    )
