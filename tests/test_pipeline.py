"""End to end on the seed document: the issue's acceptance, with real data."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.pipeline import make_document, parse_document
from geomap.records import Incident, ParsedDocument

TARMIYAH = (33.67444, 44.39583)
MOSUL = (36.335, 43.11889)
KIRKUK = (35.46806, 44.39222)
BAGHDAD_AIRPORT = (33.2625, 44.2346)


@pytest.fixture(scope="module")
def seed(seed_text, gazetteer) -> ParsedDocument:
    return parse_document(make_document(seed_text, doc_id="seed"), gazetteer)


def _at(
    incidents: tuple[Incident, ...], lat: float, lon: float, tol: float = 0.05
) -> list[Incident]:
    return [i for i in incidents if abs(i.lat - lat) < tol and abs(i.lon - lon) < tol]


def test_seed__taramiyah_incident(seed):
    (found,) = _at(seed.incidents, *TARMIYAH)
    assert found.date == "2019-07-23"
    assert found.date_precision == "day"
    assert found.geo_precision == 1
    assert found.mention_text == "Taramiyah"
    assert found.sub_event_type == "Disrupted weapons use"
    assert found.geometry_wkt is not None  # the "50 km north of Baghdad" sector


def test_seed__mosul_handover(seed):
    (found,) = _at(seed.incidents, *MOSUL)
    assert found.date == "2020-03-30"
    assert found.event_type == "Strategic developments"
    assert found.sub_event_type == "Non-violent transfer of territory"
    assert found.geo_precision == 1


def test_seed__kirkuk_area_attack(seed):
    (found,) = _at(seed.incidents, *KIRKUK)
    assert found.geo_precision == 2  # "in Kirkuk area"
    assert found.uncertainty_km > 5
    assert found.event_type == "Explosions/Remote violence"
    assert found.sub_event_type == "Suicide bomb"  # refined by the next sentence
    # "late April", read against the latest stated date (30 March 2020), a lower bound
    assert (found.date, found.date_precision) == ("2020-04-25", "month")


def test_seed__rockets_near_airport(seed):
    (found,) = _at(seed.incidents, *BAGHDAD_AIRPORT)
    assert found.sub_event_type == "Shelling/artillery/missile attack"
    assert found.geo_precision == 2  # "near"
    assert found.date_precision == "day"


def test_seed__every_incident_in_iraq(seed):
    assert len(seed.incidents) >= 4
    assert {i.country for i in seed.incidents} == {"IQ"}
    for i in seed.incidents:
        assert 29.0 < i.lat < 37.5 and 38.7 < i.lon < 48.7


def test_seed__no_people_months_or_modifiers_plotted(seed):
    placed = {rm.mention.text for rm in seed.mentions if rm.location is not None}
    assert not placed & {
        "Pat",
        "White",
        "Pat White",
        "Iran",
        "July",
        "March",
        "April",
        "Friday",
        "Monday",
        "Tuesday",
        "US",
        "ISIS",
    }
    kinds = {rm.mention.text: rm.mention.kind for rm in seed.mentions}
    assert kinds.get("Iran") == "modifier"  # "Iran-backed"
    assert kinds.get("Iraqi") == "demonym"
    assert seed.focus_country == "IQ"


def test_seed__published_date_resolves_weekday(seed_text, gazetteer):
    doc = make_document(seed_text, doc_id="seed", published=dt.date(2020, 5, 1))  # a Friday
    parsed = parse_document(doc, gazetteer)
    (rockets,) = _at(parsed.incidents, *BAGHDAD_AIRPORT)
    assert rockets.date == "2020-04-27"  # "on Monday" before Friday 1 May 2020
    (kirkuk,) = _at(parsed.incidents, *KIRKUK)
    assert kirkuk.date is not None and kirkuk.date.startswith("2020-04")


def test_parse__arbitrary_text_never_raises(gazetteer):
    for text in [
        "",
        " ",
        "\x00\x01",
        "<script>alert(1)</script>",
        "ÆØÅ " * 50,
        "50 km north of",
        "near",
        "in northern",
        "Mosul" * 300,
    ]:
        parsed = parse_document(make_document(text), gazetteer)
        for rm in parsed.mentions:
            assert 0 <= rm.mention.start < rm.mention.end <= len(parsed.document.text)


def test_api_parse__python_entry_point(gazetteer_path):
    import geomap

    doc = geomap.parse(
        "Shells hit Madaya on 3 May 2021.", gazetteer=gazetteer_path, country="SY", doc_id="h1"
    )
    assert doc.document.doc_id == "h1"
    (inc,) = doc.incidents
    assert (inc.country, inc.date) == ("SY", "2021-05-03")
    collection = geomap.to_geojson(doc)
    assert collection["features"][0]["properties"]["place"] == inc.place
    assert "<html" in geomap.render_map(doc).lower()
    assert len(geomap.to_geodataframe(doc)) == 1
