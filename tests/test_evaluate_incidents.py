"""geomap eval-incidents on a six-row UCDP-style fixture with hand-computed figures.

The fixture (tests/data/incidents/iraq_events.csv, written for these tests)
has made-up headlines about Iraqi towns and gold points rounded from
GeoNames (CC BY 4.0). Distances below are WGS84 geodesics between the gold
points: Tikrit-Kirkuk 114.7 km, Tikrit-Baiji 38.7 km, Tikrit-Mosul 197.4 km.

Row by row (the fixture has no source_date, so published = date_end; a row is
scored by its nearest incident, the first in text order alongside):

1. "Car bomb kills 12 in Mosul", gold Mosul (prec 1): ~0 km; no date stated.
2. "Airstrikes on Tikrit. Car bomb in Kirkuk on Friday", gold Kirkuk (prec 1),
   2016-03-04..05: nearest is Kirkuk, ~0 km, dated Friday 4 March: right.
   The first incident is Tikrit, 114.7 km, undated: wrong.
3. Same headline, gold Tikrit (prec 1): ~0 km; the Tikrit incident is undated.
4. "Clashes in Tikrit and Kirkuk on 2 March", gold Baiji (prec 2): one
   incident per place; Tikrit is nearest, 38.7 km; dated 2 March, inside
   2016-03-02..05: right.
5. "Gunmen kill two soldiers near Tikrit", gold Mosul (prec 1): 197.4 km.
6. "Militants attack checkpoint" (prec 3): no place, no incident.

Six incidents in all; four lie within 50 km of one of their headline's events
(row 4's Kirkuk and row 5's Tikrit do not).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.evaluate import CorpusNotFound
from geomap.evaluate_incidents import (
    error_report,
    find_incident_csv,
    read_incident_csv,
    run_rows,
    score_rows,
    split_reports,
)
from geomap.gazetteer import Gazetteer

FIXTURE = Path(__file__).parent / "data" / "incidents" / "iraq_events.csv"


@pytest.fixture(scope="module")
def results(gazetteer: Gazetteer) -> tuple:
    events, skipped = read_incident_csv(FIXTURE)
    assert skipped == []
    return run_rows(events, gazetteer)


def test_read_incident_csv__fixture() -> None:
    events, skipped = read_incident_csv(FIXTURE)
    assert [e.row_id for e in events] == ["1", "2", "3", "4", "5", "6"]
    assert events[1].place_name == "Kirkuk city"
    assert events[1].date_end.isoformat() == "2016-03-05"
    assert events[3].where_prec == 2
    assert skipped == []


def test_read_incident_csv__bad_row_skipped_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        FIXTURE.read_text(encoding="utf-8").replace("36.335,43.119,12", "north,43.119,12"),
        encoding="utf-8",
    )
    events, skipped = read_incident_csv(path)
    assert len(events) == 5
    assert [line for line, _ in skipped] == [2]


def test_score_rows__hand_computed(results: tuple) -> None:
    rows, docs, _ = results
    s = score_rows(rows, docs_parsed=docs, seconds=1.0)
    assert (s.rows, s.headlines, docs) == (6, 5, 5)
    assert s.with_incident == 5
    assert (s.naming_place, s.naming_place_with_incident) == (5, 5)
    assert s.within_nearest == {25.0: 3, 50.0: 4, 161.0: 4}
    assert s.within_first == {25.0: 2, 50.0: 3, 161.0: 4}
    assert s.median_km == pytest.approx(0.0, abs=0.5)
    assert s.median_first_km == pytest.approx(38.7, abs=0.5)
    assert (s.stating_date, s.date_correct, s.first_date_correct) == (3, 2, 1)
    assert (s.incidents, s.incidents_confirmed) == (6, 4)
    assert s.no_incident == {"no place named": 1}


def test_score_rows__by_where_prec(results: tuple) -> None:
    rows, _, _ = results
    by = {p.where_prec: p for p in score_rows(rows).by_precision}
    assert sorted(by) == [1, 2, 3]
    assert (by[1].rows, by[1].with_incident) == (4, 4)
    assert by[1].within == {25.0: 3, 50.0: 3, 161.0: 3}
    assert by[1].median_km == pytest.approx(0.0, abs=0.5)
    assert by[2].within == {25.0: 0, 50.0: 1, 161.0: 1}
    assert by[2].median_km == pytest.approx(38.7, abs=0.5)
    assert (by[3].rows, by[3].with_incident, by[3].median_km) == (1, 0, None)


def test_run_rows__nearest_and_first_incident(results: tuple) -> None:
    rows, _, _ = results
    kirkuk_row = rows[1]
    assert kirkuk_row.first_km == pytest.approx(114.7, abs=0.5)
    assert kirkuk_row.nearest_km == pytest.approx(0.0, abs=0.5)
    assert kirkuk_row.date_correct and not kirkuk_row.first_date_correct


def test_split_reports__aligned_with_source_dates() -> None:
    day = dt.date(2016, 4, 30)
    reports = split_reports("12 killed in Idlib;Clashes in Hama", "2016-05-01;2016-04-30", day, day)
    assert [(r.text, r.published.isoformat()) for r in reports] == [
        ("12 killed in Idlib", "2016-05-01"),
        ("Clashes in Hama", "2016-04-30"),
    ]


@pytest.mark.parametrize(
    ("source_date", "published"),
    [
        ("2016-05-01", "2016-05-01"),
        ("2015-05-01", "2016-04-30"),  # before the event: a typo, date_end instead
        ("2016-07-01", "2016-04-30"),  # over a month after it: the same
        ("", "2016-04-30"),  # no column or no value
        ("2016-05-01;2016-05-02", "2016-05-01"),  # two days, one headline: the first
    ],
)
def test_split_reports__publication_day(source_date: str, published: str) -> None:
    day = dt.date(2016, 4, 30)
    (report,) = split_reports("Clashes in Hama", source_date, day, day)
    assert report.published.isoformat() == published


def test_read_incident_csv__reports_unescaped_and_dated(tmp_path: Path) -> None:
    # Regression: "&#8217;" held a ";" that split one headline into two reports, and
    # "yesterday" was read against date_end rather than the report's own day.
    path = tmp_path / "ucdp.csv"
    path.write_text(
        "id,date_start,date_end,source_date,source_headline,where_prec,latitude,longitude\n"
        "7,2016-04-30,2016-04-30,2016-05-01,"
        '"Regime&#8217;s shells kill 5 in Mosul yesterday",1,36.335,43.119\n',
        encoding="utf-8",
    )
    (event,), _ = read_incident_csv(path)
    assert event.headline == "Regime’s shells kill 5 in Mosul yesterday"
    assert [r.published.isoformat() for r in event.documents] == ["2016-05-01"]


def test_run_rows__yesterday_read_against_the_report_day(gazetteer: Gazetteer, tmp_path) -> None:
    path = tmp_path / "ucdp.csv"
    path.write_text(
        "id,date_start,date_end,source_date,source_headline,where_prec,latitude,longitude\n"
        '7,2016-04-30,2016-04-30,2016-05-01,"Shells kill 5 in Mosul yesterday",1,36.335,43.119\n',
        encoding="utf-8",
    )
    events, _ = read_incident_csv(path)
    (row,), _, _ = run_rows(events, gazetteer)
    assert row.states_date and row.date_correct
    assert row.nearest is not None and row.nearest.date == "2016-04-30"


def test_error_report__worst_first(results: tuple) -> None:
    rows, _, _ = results
    report = error_report(rows)
    body = [line for line in report.splitlines() if line.startswith("row ")]
    assert [line.split()[1] for line in body][:3] == ["6", "5", "4"]  # then the ~0 km rows
    (kirkuk,) = [line for line in body if line.startswith("row 2 ")]
    assert "gold Kirkuk city 35.4680,44.3920" in kirkuk
    assert "error 0 km (first 115 km)" in kirkuk


def test_find_incident_csv__absent(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFound, match="--data-dir"):
        find_incident_csv(tmp_path)


def test_cli__json(gazetteer_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["eval-incidents", str(FIXTURE), "--json", "--gazetteer", str(gazetteer_path)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["rows"] == 6
    assert data["share_with_incident"] == pytest.approx(5 / 6)
    assert data["within"]["50km"]["of_all_rows"] == pytest.approx(4 / 6)
    assert data["within_first"]["50km"]["of_all_rows"] == pytest.approx(0.5)
    assert data["within_first"]["161km"]["of_rows_with_incident"] == pytest.approx(0.8)
    assert data["share_date_exact"] == pytest.approx(2 / 3)
    assert data["rows_without_incident"] == 1
    assert [p["where_prec"] for p in data["by_where_prec"]] == [1, 2, 3]
    assert data["by_where_prec"][0]["within"]["25km"]["of_all_rows"] == pytest.approx(0.75)


def test_cli__table_and_errors_file(gazetteer_path: Path, tmp_path: Path) -> None:
    errors = tmp_path / "errors.txt"
    result = CliRunner().invoke(
        cli,
        ["eval-incidents", str(FIXTURE), "--errors", str(errors), "--limit", "2"]
        + ["--gazetteer", str(gazetteer_path)],
    )
    assert result.exit_code == 0, result.output
    assert "iraq_events.csv: 2 rows, 2 headlines" in result.stdout
    assert "first incident only" in result.stdout
    assert "by gold where_prec" in result.stdout
    assert errors.read_text(encoding="utf-8").count("\nrow ") == 2


def test_cli__absent_data_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval-incidents", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("geomap: error: incidents/ucdp_syria_2016.csv not found in ")


def test_cli__absent_csv(tmp_path: Path) -> None:
    missing = tmp_path / "none.csv"
    result = CliRunner().invoke(cli, ["eval-incidents", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"geomap: error: {missing}: no such file\n"


def test_cli__country_of_interest_decides_an_ambiguous_name(
    gazetteer_path: Path, tmp_path: Path
) -> None:
    # "Ariha" is Jericho's Arabic name too; a Syria feed means the town in Idlib.
    csv_path = tmp_path / "ariha.csv"
    csv_path.write_text(
        "id,date_start,date_end,date_prec,source_headline,where_prec,where_coordinates,"
        "adm_1,latitude,longitude,best\n"
        "1,2016-03-05,2016-03-05,1,Clashes erupted in Ariha,1,Ariha town,Idlib,"
        "35.8126,36.6075,3\n",
        encoding="utf-8",
    )

    def within_50(*extra: str) -> float:
        result = CliRunner().invoke(
            cli, ["eval-incidents", str(csv_path), "--json", "--gazetteer", str(gazetteer_path),
                  *extra],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["within"]["50km"]["of_all_rows"]

    assert within_50() == 0.0
    assert within_50("--country", "SY") == 1.0
