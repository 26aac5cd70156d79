"""geomap eval-incidents on a six-row UCDP-style fixture with hand-computed figures.

The fixture (tests/data/incidents/iraq_events.csv, written for these tests)
has made-up headlines about Iraqi towns and gold points rounded from
GeoNames (CC BY 4.0). Distances below are WGS84 geodesics between the gold
points: Tikrit-Kirkuk 114.7 km, Tikrit-Baiji 38.7 km, Tikrit-Mosul 197.4 km.

Row by row (first incident in text order; published = date_end):

1. "Car bomb kills 12 in Mosul", gold Mosul: ~0 km; no date stated.
2. "Airstrikes on Tikrit. Car bomb in Kirkuk on Friday", gold Kirkuk: first
   is Tikrit, 114.7 km; nearest is Kirkuk, ~0 km. Date stated, first
   incident (Tikrit) has none: wrong.
3. Same headline, gold Tikrit: ~0 km; date wrong for the same reason.
4. "Clashes in Tikrit and Kirkuk on 2 March", gold Baiji: 38.7 km; date right.
5. "Gunmen kill two soldiers near Tikrit", gold Mosul: 197.4 km.
6. "Militants attack checkpoint": no place, no incident.
"""

from __future__ import annotations

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
    assert s.within_first == {25.0: 2, 50.0: 3, 161.0: 4}
    assert s.within_nearest == {25.0: 3, 50.0: 4, 161.0: 4}
    assert s.median_km == pytest.approx(38.7, abs=0.5)
    assert s.median_nearest_km == pytest.approx(0.0, abs=0.5)
    assert (s.stating_date, s.date_correct) == (3, 1)


def test_run_rows__first_incident_not_nearest(results: tuple) -> None:
    rows, _, _ = results
    kirkuk_row = rows[1]
    assert kirkuk_row.error_km == pytest.approx(114.7, abs=0.5)
    assert kirkuk_row.nearest_km == pytest.approx(0.0, abs=0.5)


def test_error_report__worst_first(results: tuple) -> None:
    rows, _, _ = results
    report = error_report(rows)
    body = [line for line in report.splitlines() if line.startswith("row ")]
    assert [line.split()[1] for line in body] == ["6", "5", "2", "4", "3", "1"]
    assert "gold Kirkuk city 35.4680,44.3920" in body[2]
    assert "error 115 km (nearest 0 km)" in body[2]


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
    assert data["within_first"]["50km"]["of_all_rows"] == pytest.approx(0.5)
    assert data["within_first"]["161km"]["of_rows_with_incident"] == pytest.approx(0.8)
    assert data["share_date_exact"] == pytest.approx(1 / 3)


def test_cli__table_and_errors_file(gazetteer_path: Path, tmp_path: Path) -> None:
    errors = tmp_path / "errors.txt"
    result = CliRunner().invoke(
        cli,
        ["eval-incidents", str(FIXTURE), "--errors", str(errors), "--limit", "2"]
        + ["--gazetteer", str(gazetteer_path)],
    )
    assert result.exit_code == 0, result.output
    assert "iraq_events.csv: 2 rows, 2 headlines" in result.stdout
    assert "UPPER BOUND" in result.stdout
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
