"""geomap eval: the EUPEG scoring rule, the corpus readers and the command.

Expected figures are worked out by hand from ``tests/data/eval/README.md``;
distances along a meridian come from the meridian-arc series
(111,132.954 - 559.822 cos 2φ + 1.175 cos 4φ metres per degree of latitude).
No test reads ``../shared``.
"""

from __future__ import annotations

import doctest
import json
import logging
import math
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import geomap.evaluate as ev
from geomap.cli import cli
from geomap.errors import GeomapError
from geomap.evaluate import (
    MAX_ERROR_KM,
    CorpusFormatError,
    CorpusNotFound,
    EvalError,
    Toponym,
    accuracy_within,
    auc,
    error_km,
    is_match,
    match_document,
    offset_map,
    parse_line,
    predictions_from_parsed,
    read_line_corpus,
    read_system_file,
    read_xml_corpus,
    score_system,
)
from geomap.records import Document, Location, Mention, ParsedDocument, Place, ResolvedMention

DATA = Path(__file__).parent / "data" / "eval"
CORPUS = DATA / "corpus"
GOLD = DATA / "gold.txt"
FAKE = DATA / "fakegeo.txt"

LOG_MAX = math.log(20039)
SPRINGFIELD_KM = 111.040  # 39.80172 -> 40.80172 N along a meridian
LYON_KM = 222.332  # 45.74846 -> 47.74846 N along a meridian


def t(surface: str, start: int, end: int, lat: float | None = 0.0, lon: float | None = 0.0):
    return Toponym(surface, start, end, lat, lon)


@pytest.fixture(scope="module")
def corpus() -> ev.Corpus:
    return read_line_corpus(CORPUS, GOLD)


@pytest.fixture(scope="module")
def fake(corpus) -> ev.SystemResult:
    predictions = read_system_file(FAKE, len(corpus.documents))
    return score_system("fakegeo", [d.gold for d in corpus.documents], predictions)


def test_doctests() -> None:
    result = doctest.testmod(ev)
    assert result.attempted > 5 and result.failed == 0


# -- the match rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (t("Paris", 100, 105), True),
        (t("PARIS", 100, 105), True),  # case ignored
        (t("paris", 109, 114), True),  # midpoints 9 apart
        (t("Paris", 110, 115), False),  # midpoints 10 apart: not less than 10
        (t("Paris", 91, 96), True),  # 9 before
        (t("Paris, France", 100, 113), False),  # same start, other surface
        (t("Pariss", 100, 106), False),
    ],
)
def test_is_match__surface_and_window(predicted: Toponym, expected: bool) -> None:
    assert is_match(t("Paris", 100, 105), predicted) is expected


# -- distances and curve metrics ----------------------------------------------------


def test_error_km__one_degree_of_longitude_on_the_equator() -> None:
    # WGS84 equatorial radius 6,378,137 m: 2 pi a / 360 = 111,319.49 m.
    assert error_km(t("a", 0, 1, 0.0, 0.0), t("a", 0, 1, 0.0, 1.0)) == pytest.approx(
        111.3195, abs=1e-3
    )


def test_error_km__along_a_meridian() -> None:
    gold = t("Springfield", 0, 1, 39.80172, -89.64371)
    assert error_km(gold, t("x", 0, 1, 40.80172, -89.64371)) == pytest.approx(
        SPRINGFIELD_KM, abs=0.01
    )


def test_error_km__prediction_off_the_earth_scores_the_maximum() -> None:
    # Stored DBpedia outputs hold "Oklahoma" at latitude 2220, longitude 1560.
    assert error_km(t("a", 0, 1, 35.0, -97.0), t("a", 0, 1, 2220.0, 1560.0)) == MAX_ERROR_KM


def test_auc__known_error_list() -> None:
    # y = log(1+e)/log(20039) = 0, log 20/log 20039, 1; trapezoid (0/2 + y1 + 1/2) over 2.
    expected = (math.log(20) / LOG_MAX + 0.5) / 2
    assert auc([20038.0, 0.0, 19.0]) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(0.40121, abs=1e-5)


def test_auc__all_exact_is_zero_and_all_antipodal_is_one() -> None:
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([20038.0] * 4) == pytest.approx(1.0)


def test_auc__one_error_is_its_own_value_and_none_is_none() -> None:
    assert auc([19.0]) == pytest.approx(math.log(20) / LOG_MAX)
    assert auc([]) is None


def test_accuracy_within__161_is_exclusive() -> None:
    assert accuracy_within([0.0, 160.99, 161.0, 5000.0]) == 0.5
    assert accuracy_within([]) is None


# -- pairing within a document ------------------------------------------------------


def test_match_document__empty_documents() -> None:
    assert match_document([], []) == ev.DocumentScore((), (), ())
    only_gold = match_document([t("Lyon", 0, 4)], [])
    assert only_gold.missed == (0,) and only_gold.spurious == ()
    only_predicted = match_document([], [t("Lyon", 0, 4)])
    assert only_predicted.spurious == (0,) and only_predicted.missed == ()


def test_match_document__duplicate_spans_match_once() -> None:
    gold = [t("Lyon", 10, 14), t("Lyon", 10, 14)]  # a corpus listing one span twice
    predicted = [t("Lyon", 10, 14), t("Lyon", 10, 14), t("Lyon", 10, 14)]
    result = match_document(gold, predicted)
    assert [(m.gold, m.predicted) for m in result.matches] == [(0, 0), (1, 1)]
    assert result.spurious == (2,)


def test_match_document__unplaced_toponyms_take_no_part() -> None:
    gold = [t("Lyon", 10, 14), t("Rhone", 30, 35, None, None)]
    predicted = [t("Lyon", 10, 14, None, None), t("Nowhere", 50, 57, None, None)]
    result = match_document(gold, predicted)
    assert result.matches == () and result.missed == (0,) and result.spurious == ()


def test_match_document__offsets_past_the_text_only_miss() -> None:
    # GeoWebNews document 19 has gold spans at negative offsets; they stay in the gold.
    gold = [t("US", -239, -237), t("Syria", 5, 10)]
    predicted = [t("US", 0, 2), t("Syria", 5, 10), t("Syria", 4000, 4005)]
    result = match_document(gold, predicted)
    assert [(m.gold, m.predicted) for m in result.matches] == [(1, 1)]
    assert result.missed == (0,) and result.spurious == (0, 2)


def test_match_document__earliest_free_prediction_wins_in_any_input_order() -> None:
    gold = [t("Paris", 100, 105, 48.85, 2.35), t("Paris", 108, 113, 33.66, -95.56)]
    predicted = [t("Paris", 104, 109, 33.66, -95.56), t("Paris", 100, 105, 48.85, 2.35)]
    first = match_document(gold, predicted)
    pairs = {(gold[m.gold].start, predicted[m.predicted].start) for m in first.matches}
    assert pairs == {(100, 100), (108, 104)}
    rng = random.Random(6)
    for _ in range(5):
        g, p = gold[:], predicted[:]
        rng.shuffle(g)
        rng.shuffle(p)
        again = match_document(g, p)
        assert {(g[m.gold].start, p[m.predicted].start) for m in again.matches} == pairs


# -- whole-system scores -------------------------------------------------------------


def test_score_system__fixture_by_hand(fake) -> None:
    s = fake.scores
    assert (s.n_docs, s.n_gold, s.n_predicted) == (3, 6, 7)
    assert (s.true_positives, s.false_positives, s.false_negatives) == (3, 4, 3)
    assert s.precision == pytest.approx(3 / 7)
    assert s.recall == pytest.approx(3 / 6)
    assert s.f1 == pytest.approx(6 / 13)
    assert s.acc_161 == pytest.approx(2 / 3)
    assert s.median_km == pytest.approx(SPRINGFIELD_KM, abs=0.01)
    assert s.mean_km == pytest.approx((0 + SPRINGFIELD_KM + LYON_KM) / 3, abs=0.01)
    y = [0.0, math.log1p(SPRINGFIELD_KM) / LOG_MAX, math.log1p(LYON_KM) / LOG_MAX]
    assert s.auc == pytest.approx((y[0] / 2 + y[1] + y[2] / 2) / 2, abs=1e-5)
    assert s.found_within_161 == pytest.approx(2 / 6)


def test_score_system__nothing_predicted() -> None:
    result = score_system("mute", [[t("Lyon", 0, 4)], []], [[], []])
    s = result.scores
    assert s.precision is None and s.recall == 0.0 and s.f1 == 0.0
    assert s.acc_161 is None and s.median_km is None and s.auc is None
    assert s.found_within_161 == 0.0


def test_score_system__documents_must_align() -> None:
    with pytest.raises(EvalError, match="2 documents of predictions for 1 gold documents"):
        score_system("x", [[]], [[], []])


# -- the line format -----------------------------------------------------------------


def test_parse_line__fields_and_extras() -> None:
    line = "Alexandria,,Alexandria,,31.3113,,-92.4451,,0,,10,,265.26||"
    (top,) = parse_line(line, gold=True)
    assert (top.name, top.surface, top.lat, top.lon, top.start, top.end) == (
        "Alexandria",
        "Alexandria",
        31.3113,
        -92.4451,
        0,
        10,
    )


def test_parse_line__gold_without_coordinates_is_not_gold() -> None:
    assert parse_line("No Gaz,,Frenchmen,,,,,,3790,,3799||x,,y,,null,,null,,1,,2", gold=True) == ()
    (unplaced,) = parse_line("No Gaz,,Frenchmen,,,,,,3790,,3799", gold=False)
    assert not unplaced.placed


def test_parse_line__too_few_fields() -> None:
    with pytest.raises(CorpusFormatError) as err:
        parse_line("Paris,,Paris,,48.8,,2.3,,10", gold=True, where="gold.txt:4")
    assert str(err.value) == (
        "gold.txt:4: entry 1 'Paris,,Paris,,48.8,,2.3,,10' has 5 fields; "
        "expected name,,surface,,lat,,lon,,start,,end"
    )


def test_parse_line__swapped_gold_coordinates_are_named() -> None:
    with pytest.raises(CorpusFormatError, match=r"latitude and longitude swapped\?"):
        parse_line("Baghdad,,Baghdad,,144.4,,33.3,,0,,7", gold=True)


def test_parse_line__bad_numbers() -> None:
    with pytest.raises(CorpusFormatError, match="latitude 'north' is not a number"):
        parse_line("A,,A,,north,,2,,0,,1", gold=False)
    with pytest.raises(CorpusFormatError, match="start offset 'x' is not an integer"):
        parse_line("A,,A,,1,,2,,x,,1", gold=False)
    with pytest.raises(CorpusFormatError, match="end 1 comes before start 5"):
        parse_line("A,,A,,1,,2,,5,,1", gold=False)


def test_read_system_file__line_count_must_match(tmp_path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("Paris,,Paris,,48.8,,2.3,,13,,18||\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="1 lines for 3 documents"):
        read_system_file(short, 3)
    assert len(read_system_file(FAKE, 2, limited=True)) == 2
    with pytest.raises(CorpusFormatError, match="3 lines for 2 documents"):
        read_system_file(FAKE, 2)


def test_read_line_corpus__documents_and_gold(corpus) -> None:
    assert corpus.name == "corpus" and len(corpus.documents) == 3 and corpus.n_gold == 6
    doc = corpus.documents[0]
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["Paris", "Lyon", "Rhone"]
    assert corpus.documents[2].gold == ()


def test_read_line_corpus__limit() -> None:
    assert len(read_line_corpus(CORPUS, GOLD, limit=2).documents) == 2


def test_read_line_corpus__missing_document_file(tmp_path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(CORPUS, folder)
    (folder / "1").unlink()
    with pytest.raises(CorpusNotFound, match="line 2 of gold.txt needs document file 1"):
        read_line_corpus(folder, GOLD)


def test_read_line_corpus__gold_outside_the_text_warns(tmp_path, caplog) -> None:
    gold = tmp_path / "gold.txt"
    gold.write_text("Paris,,Paris,,48.8,,2.3,,13,,18||US,,US,,39.76,,-98.5,,-239,,-237||\n\n\n")
    with caplog.at_level(logging.WARNING, logger="geomap.evaluate"):
        corpus = read_line_corpus(CORPUS, gold)
    assert corpus.n_gold == 2  # kept, to count as missed
    assert "1 gold toponyms lie outside their document's text" in caplog.text


# -- the XML format ------------------------------------------------------------------


def test_read_xml_corpus__lgl_style_equals_line_format(corpus) -> None:
    xml = read_xml_corpus(DATA / "corpus-lgl.xml")
    assert [d.text for d in xml.documents] == [d.text for d in corpus.documents]

    def key(c):
        return [[(g.surface, g.start, g.end, g.lat, g.lon) for g in d.gold] for d in c.documents]

    assert key(xml) == key(corpus)  # the <toponym> without a <gaztag> is not gold
    assert xml.documents[0].source_id == "9000" and xml.documents[0].title == "Fixture 0"


def test_read_xml_corpus__geowebnews_style(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="geomap.evaluate"):
        xml = read_xml_corpus(DATA / "corpus-gwn.xml")
    (doc,) = xml.documents
    assert doc.doc_id == "0" and doc.source_id == "7"
    assert [(g.surface, g.name, g.geonameid) for g in doc.gold] == [
        ("BEIRUT", "Beirut", 276781),
        ("Syrian", "Syrian Arab Republic", 163843),
        ("US", "United States", 6252001),
    ]
    assert "lie outside their document's text" in caplog.text


def test_read_xml_corpus__not_xml(tmp_path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="not well-formed XML"):
        read_xml_corpus(bad)


# -- geomap's side -------------------------------------------------------------------


def test_offset_map__zero_width_spaces() -> None:
    raw = "in \u200bMosul\u200b today"
    mapping = offset_map(raw, "in Mosul today")
    assert mapping is not None
    assert raw[mapping[3] : mapping[7] + 1] == "Mosul"
    assert offset_map("same", "same") is None


def test_predictions_from_parsed__offsets_into_the_raw_text() -> None:
    raw = "\u200b\u200bShelling in Mosul; Iraqi forces"
    normalised = raw.replace("\u200b", "")
    mosul = Place(99072, "Mosul", 36.335, 43.11889, "P", "PPLA", "IQ", "Nineveh", 1_739_800)
    parsed = ParsedDocument(
        Document(normalised, "d"),
        (
            ResolvedMention(
                Mention("Mosul", 12, 17, 0), Location(36.335, 43.11889, mosul, 1, 5.0), 0.9
            ),
            ResolvedMention(
                Mention("Iraqi", 19, 24, 0, kind="demonym", country_hint="IQ"), None, 0.0
            ),
        ),
    )
    placed, demonym = predictions_from_parsed(parsed, raw)
    assert (placed.surface, placed.start, placed.end, placed.name) == ("Mosul", 14, 19, "Mosul")
    assert placed.placed and not demonym.placed and demonym.kind == "demonym"


def test_predictions_from_parsed__a_toponym_is_scored_at_its_own_place() -> None:
    # "two miles east of Brandon": the map shows the spot east of Brandon, but
    # the toponym names Brandon, and is scored there.
    text = "two miles east of Brandon"
    brandon = Place(1, "Brandon", 27.9378, -82.2859, "P", "PPL", "US", "Florida", 114_626)
    moved = Location(27.9378, -82.2532, brandon, 2, 1.5)
    lost = Location(28.0, -82.0, None, 2, 3.0)  # a place the gazetteer lacks: the hint's spot
    parsed = ParsedDocument(
        Document(text, "d"),
        (
            ResolvedMention(Mention("Brandon", 18, 25, 0), moved, 0.9),
            ResolvedMention(Mention("two", 0, 3, 0), lost, 0.5),
        ),
    )
    own, by_hint = predictions_from_parsed(parsed, text)
    assert (own.lat, own.lon) == (27.9378, -82.2859)
    assert (by_hint.lat, by_hint.lon) == (28.0, -82.0)


def test_run_geomap__a_failing_document_scores_as_nothing(corpus, monkeypatch, caplog) -> None:
    import geomap.pipeline
    from geomap.errors import HintError

    def parse(document: Document, gazetteer: object) -> ParsedDocument:
        if document.doc_id == "1":
            raise HintError("'between' needs its second anchor")
        return ParsedDocument(document)

    monkeypatch.setattr(geomap.pipeline, "parse_document", parse)
    with caplog.at_level(logging.WARNING, logger="geomap.evaluate"):
        run = ev.run_geomap(corpus, None)
    assert run.predictions == ((), (), ())
    assert run.failures == (("1", "'between' needs its second anchor"),)
    assert "document 1: geomap failed" in caplog.text
    table = ev.format_table(corpus, [score_system("geomap", [[], [], []], run.predictions)], run)
    assert table.endswith("geomap failed on 1 documents, scored as finding nothing: 1")


def test_error_report__sections(corpus, fake) -> None:
    report = ev.error_report(corpus, fake)
    assert "# fakegeo on corpus: 3 documents, 6 gold" in report
    wrong = report.split("## Placed wrong (1)")[1].split("## Missed")[0]
    assert "'Lyon'" in wrong and "error 222 km" in wrong
    missed = report.split("## Missed (3)")[1].split("## Spurious")[0]
    assert "'Iowa'" in missed and "not recognised" in missed
    assert "'Rhone'" in missed and "found with another span: 'the Rhone'" in missed
    spurious = report.split("## Spurious (4)")[1]
    assert "'Nothing'" in spurious and "no gold toponym here" in spurious


def test_find_corpus__layout_and_absence(tmp_path) -> None:
    with pytest.raises(CorpusNotFound) as err:
        ev.find_corpus("lgl", tmp_path)
    assert "point --data-dir at the folder that holds them" in str(err.value)
    assert isinstance(err.value, GeomapError) and isinstance(err.value, FileNotFoundError)
    (tmp_path / "corpora").mkdir()
    shutil.copytree(CORPUS, tmp_path / "corpora" / "LGL")
    (tmp_path / "baselines").mkdir()
    shutil.copy(GOLD, tmp_path / "baselines" / "LGL_gold.txt")
    shutil.copy(FAKE, tmp_path / "baselines" / "LGL_fakegeo.txt")
    shutil.copy(FAKE, tmp_path / "baselines" / "GeoWebNews_other.txt")
    paths = ev.find_corpus("lgl", tmp_path)
    assert paths.name == "LGL"
    assert [p.name for p in paths.baselines] == ["LGL_fakegeo.txt"]


# -- the command ---------------------------------------------------------------------


@pytest.fixture()
def run(gazetteer_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["eval", *args, "--gazetteer", str(gazetteer_path)])

    return invoke


def test_cli_eval__table(run) -> None:
    result = run(str(CORPUS), str(GOLD), "--baseline", str(FAKE))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "corpus: 3 documents, 6 gold toponyms"
    assert lines[1].split() == [
        "system",
        "P",
        "R",
        "F1",
        "Acc@161",
        "mean",
        "km",
        "median",
        "km",
        "AUC",
        "found&161",
    ]
    assert lines[3].startswith("geomap ")
    fake_row = next(line for line in lines if line.startswith("fakegeo"))
    assert fake_row.split() == [
        "fakegeo",
        "0.429",
        "0.500",
        "0.462",
        "0.667",
        "111.1",
        "111.0",
        "0.375",
        "0.333",
    ]
    assert "documents/second" in lines[-1]


def test_cli_eval__json(run) -> None:
    result = run(str(CORPUS), str(GOLD), "--baseline", str(FAKE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["corpus"], data["documents"], data["gold_toponyms"]) == ("corpus", 3, 6)
    assert data["geomap_docs_per_second"] > 0
    assert data["geomap_docs_per_cpu_second"] > 0
    geomap, fakegeo = data["systems"]
    assert geomap["system"] == "geomap" and geomap["gold"] == 6
    assert fakegeo["system"] == "fakegeo"
    assert fakegeo["f1"] == pytest.approx(6 / 13)
    assert fakegeo["found_within_161"] == pytest.approx(1 / 3)


def test_cli_eval__xml_and_errors_file(run, tmp_path) -> None:
    report = tmp_path / "errors.txt"
    result = run(str(DATA / "corpus-lgl.xml"), "--errors", str(report), "--limit", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("corpus-lgl: 2 documents, 6 gold toponyms")
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# geomap on corpus-lgl: 2 documents, 6 gold")
    assert not list(tmp_path.glob(".*tmp"))  # written via a temporary name


def test_cli_eval__absent_shared_data_is_one_line_exit_2(run, tmp_path) -> None:
    result = run("--corpus", "gwn", "--data-dir", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"geomap: error: GeoWebNews corpus not found in {tmp_path} (need corpora/GeoWebNews/ "
        "and baselines/GeoWebNews_gold.txt); point --data-dir at the folder that holds them\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to score: give CORPUS [GOLD_FILE] or --corpus lgl|gwn"),
        (("somewhere", "--corpus", "lgl"), "give either --corpus or CORPUS [GOLD_FILE], not both"),
        ((str(CORPUS),), f"{CORPUS} is a folder of documents: give its gold file too"),
        (("missing.xml",), "missing.xml: no such file or folder"),
    ],
)
def test_cli_eval__bad_arguments(run, args, message) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"geomap: error: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_cli_eval__malformed_baseline_is_one_line(run, tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Paris,,Paris,,48.8\n\n\n", encoding="utf-8")
    result = run(str(CORPUS), str(GOLD), "--baseline", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        "geomap: error: bad.txt:1: entry 1 'Paris,,Paris,,48.8' has 3 fields; "
        "expected name,,surface,,lat,,lon,,start,,end\n"
    )
