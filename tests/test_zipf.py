"""geomap.zipf agrees with wordfreq's own zipf_frequency from the floor up."""

from __future__ import annotations

from wordfreq import get_frequency_dict, lossy_tokenize, zipf_frequency

from geomap.zipf import FLOOR, _common_words, zipf


def test_every_listed_word_above_the_floor_has_wordfreqs_value() -> None:
    table = _common_words()
    assert len(table) > 20_000
    for word, value in table.items():
        assert value == zipf_frequency(word, "en"), word
        assert value >= FLOOR


def test_no_word_left_out_and_plain_words_are_one_token() -> None:
    table = _common_words()
    for word in get_frequency_dict("en"):
        if zipf_frequency(word, "en") >= FLOOR:
            assert word in table, word
    plain = [w for w in get_frequency_dict("en") if w.isascii() and w.replace("'", "").isalpha()]
    assert all(lossy_tokenize(w, "en") == [w] for w in plain[:: max(1, len(plain) // 20_000)])


def test_words_as_text_writes_them() -> None:
    for word in ["Security", "Mosul", "China's", "O'Brien", "Élysées", "Straße", "Ba'qubah",
                 "Artillery", "The", "Qwxzv", "İstanbul"]:  # fmt: skip
        expected = zipf_frequency(word.casefold(), "en")
        if expected >= FLOOR:
            assert zipf(word) == expected, word
        else:
            assert zipf(word) < FLOOR, word
