"""The command line: outputs, the JSONL interface, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from tests.conftest import SEED


@pytest.fixture()
def run(gazetteer_path):
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None):
        return runner.invoke(cli, [*args, "--gazetteer", str(gazetteer_path)], input=input)

    return invoke


def test_map__writes_html_and_geojson(run, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    out = tmp_path / "output"
    result = run("map", str(seeds), "--out", str(out))
    assert result.exit_code == 0, result.output
    collection = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert len(collection["features"]) >= 4
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 38.7 < lon < 48.7 and 29.0 < lat < 37.5  # [lon, lat], in Iraq
        assert feature["properties"]["country"] == "IQ"
    html = (out / "incidents.html").read_text(encoding="utf-8")
    assert "leaflet" in html.lower()
    assert "Taramiyah" in html


def test_parse__jsonl_interface(run):
    result = run("parse", str(SEED), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["doc_id"] == SEED.name
    mention_keys = {
        "text",
        "start",
        "end",
        "name",
        "geonameid",
        "lat",
        "lon",
        "feature_code",
        "country",
        "admin1",
        "confidence",
        "hint",
    }
    assert all(mention_keys <= set(m) for m in doc["mentions"])
    taramiyah = next(m for m in doc["mentions"] if m["text"] == "Taramiyah")
    assert taramiyah["geonameid"] > 0
    assert taramiyah["lat"] == pytest.approx(33.67444, abs=1e-4)
    assert taramiyah["hint"]["kind"] == "offset"
    assert taramiyah["hint"]["distance_km"] == 50.0
    text = SEED.read_text(encoding="utf-8")
    assert text[taramiyah["start"] : taramiyah["end"]] == "Taramiyah"
    assert doc["incidents"] and all("quote" in i for i in doc["incidents"])


def test_parse__stdin(run):
    result = run("parse", "-", input="Rockets hit a base near Mosul on 30 March 2020.")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["doc_id"] == "stdin"
    assert [m["name"] for m in doc["mentions"]] == ["Mosul"]


def test_gazetteer_search__json(run):
    result = run("gazetteer", "search", "Tarmiyah", "--country", "IQ", "--limit", "3", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert 1 <= len(rows) <= 3
    assert rows[0]["lat"] == pytest.approx(33.67444, abs=1e-4)
    assert rows[0]["score"] >= rows[-1]["score"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file or folder"),
        (b"", "document is empty"),
        (b"  \n\n ", "document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
    ],
)
def test_bad_input__one_line_exit_2(run, tmp_path, content, message):
    path = tmp_path / "doc.txt"
    if content is not None:
        path.write_bytes(content)
    result = run("parse", str(path))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    err = result.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("geomap: error: ") and message in err[0]


def test_bad_input__non_utf8_warns_and_goes_on(run, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Rockets hit Mosul café on 30 March 2020.".encode("latin-1"))
    result = run("parse", str(path))
    assert result.exit_code == 0
    assert "not valid UTF-8" in result.stderr
    assert json.loads(result.stdout)["mentions"][0]["name"] == "Mosul"


def test_bad_published_date__exit_2(run):
    result = run("parse", str(SEED), "--published", "yesterday")
    assert result.exit_code == 2
    assert "not an ISO date" in result.stderr


def test_python_m_geomap__help():
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("map", "parse", "gazetteer"):
        assert command in proc.stdout


def test_parse__country_of_interest(run):
    text = "Shells hit Madaya and its vicinity."
    plain = json.loads(run("parse", "-", input=text).stdout)
    focused = json.loads(run("parse", "-", "--country", "sy", input=text).stdout)
    (m_plain,) = plain["mentions"]
    (m_focused,) = focused["mentions"]
    assert m_plain["country"] != "SY"  # alone, the bigger Madaya abroad wins
    assert m_focused["country"] == "SY"


def test_parse__bad_country__exit_2(run):
    result = run("parse", "-", "--country", "Syria", input="Shells hit Madaya.")
    assert result.exit_code == 2
    assert "not an ISO 3166-1 alpha-2 code" in result.stderr
