"""Census given names and surnames, against the shipped lists."""

from __future__ import annotations

from importlib import resources

import pytest

from geomap.personal_names import (
    MIN_GIVEN_SHARE,
    MIN_SURNAME_SHARE,
    _census,
    is_given_name,
    is_surname,
)


@pytest.mark.parametrize("word", ["Mary", "Wade", "George", "Virginia", "Dallas"])
def test_is_given_name__common_names(word):
    assert is_given_name(word)


@pytest.mark.parametrize("word", ["Mosul", "Police", "The", "MARY", "Zyxw"])
def test_is_given_name__not_names_or_written_in_capitals(word):
    assert not is_given_name(word)


@pytest.mark.parametrize("word", ["McKinney", "Jackson", "Sanford", "Wethington"])
def test_is_surname__census_names_and_rare_words(word):
    assert is_surname(word)


@pytest.mark.parametrize("word", ["Police", "National", "Mayor", "Junior", "Community"])
def test_is_surname__everyday_words_census_lists_for_a_few_people(word):
    assert not is_surname(word)


@pytest.mark.parametrize(
    ("files", "floor"),
    [
        (("dist.male.first", "dist.female.first"), MIN_GIVEN_SHARE),
        (("dist.all.last",), MIN_SURNAME_SHARE),
    ],
)
def test_census__stopping_at_the_floor_keeps_every_name_above_it(files, floor):
    """The lists are ranked by share, so reading up to the floor misses no name."""
    package = resources.files("names")
    every = {
        fields[0].casefold()
        for name in files
        for fields in map(
            str.split, package.joinpath(name).read_text(encoding="ascii").splitlines()
        )
        if len(fields) >= 2 and float(fields[1]) >= floor
    }
    assert _census(*files, floor=floor) == every
