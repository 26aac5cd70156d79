"""Census given names and surnames, against the shipped lists."""

from __future__ import annotations

import pytest

from geomap.personal_names import is_given_name, is_surname


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
