"""Merging reports of one incident: the rule, the merged record, order, speed, the outputs.

Real articles go through the real pipeline and gazetteer; the rule's corners
are tested on constructed incidents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import geomap
from geomap.cli import cli
from geomap.export import incident_properties, to_geodataframe, write_csv, write_geopackage
from geomap.merge import DEFAULT_MAX_DAYS, DEFAULT_MAX_KM, merge_incidents, same_incident
from geomap.pipeline import make_document, parse_document
from geomap.records import Incident, Source, sources_of
from geomap.render import _page_data

SHELLING = "Shelling/artillery/missile attack"
EXPLOSIONS = "Explosions/Remote violence"

# Two articles on one shelling: the first dates it "on Tuesday" (3 March 2020).
ARTICLES = {
    "a": (
        "Government forces shelled Maarat al-Numan in Idlib province on Tuesday, "
        "killing three civilians.",
        dt.date(2020, 3, 5),
    ),
    "b": (
        "At least five people were killed when shells hit Maarat al-Numan in Idlib "
        "province on 3 March 2020.",
        dt.date(2020, 3, 4),
    ),
    "later": (
        "Government forces shelled Maarat al-Numan in Idlib province on 13 March 2020, "
        "killing four civilians.",
        dt.date(2020, 3, 14),
    ),
    "clashes": ("Clashes erupted in Maarat al-Numan in Idlib province on 3 March 2020.", None),
    "aleppo": ("Government forces shelled Aleppo on Tuesday, killing three civilians.", None),
    "hama": ("Government forces shelled Hama on Tuesday, killing two civilians.", None),
}


def _parsed(gazetteer: Any, *names: str) -> list[Incident]:
    incidents = []
    for name in names:
        text, published = ARTICLES[name]
        doc = make_document(
            text,
            doc_id=name,
            published=published or dt.date(2020, 3, 5),
            title=f"Report {name}",
            url=f"https://example.org/{name}",
        )
        (incident,) = parse_document(doc, gazetteer).incidents
        incidents.append(incident)
    return incidents


# -- real articles through the real pipeline ---------------------------------------


def test_real__same_shelling_two_articles_one_incident(gazetteer: Any) -> None:
    a, b = _parsed(gazetteer, "a", "b")
    assert (a.date, b.date) == ("2020-03-03", "2020-03-03")
    assert a.geonameid == b.geonameid == 167611  # Ma'arrat an Nu'man
    (merged,) = merge_incidents([b, a])
    assert merged.id == a.id  # the first source's (by document id)
    assert merged.doc_id == "a" and merged.quote == a.quote
    assert merged.source_title == "Report a" and merged.source_url == "https://example.org/a"
    assert merged.fatalities == 5  # the highest toll reported, not 3 + 5
    assert merged.place == "Ma‘arrat an Nu‘mān" and merged.date == "2020-03-03"
    assert [s.doc_id for s in merged.sources] == ["a", "b"]
    assert [s.incident_id for s in merged.sources] == [a.id, b.id]
    assert [s.quote for s in merged.sources] == [a.quote, b.quote]
    assert [s.url for s in merged.sources] == ["https://example.org/a", "https://example.org/b"]
    assert merged.evidence[-1].startswith("merged 2 reports of one incident (a, b)")


def test_real__same_town_ten_days_apart_stays_two(gazetteer: Any) -> None:
    a, later = _parsed(gazetteer, "a", "later")
    assert later.date == "2020-03-13"
    assert [i.id for i in merge_incidents([a, later])] == [a.id, later.id]


def test_real__same_day_towns_100_km_apart_stay_two(gazetteer: Any) -> None:
    aleppo, hama = _parsed(gazetteer, "aleppo", "hama")
    assert aleppo.date == hama.date == "2020-03-03"
    assert abs(aleppo.lat - hama.lat) > 0.9  # more than 100 km north-south
    merged = merge_incidents([aleppo, hama])
    assert sorted(i.place for i in merged) == ["Aleppo", "Ḩamāh"]
    assert all(len(sources_of(i)) == 1 for i in merged)


def test_real__different_event_types_stay_two(gazetteer: Any) -> None:
    a, clashes = _parsed(gazetteer, "a", "clashes")
    assert (a.event_type, clashes.event_type) == (EXPLOSIONS, "Battles")
    assert a.geonameid == clashes.geonameid and a.date == clashes.date
    assert len(merge_incidents([a, clashes])) == 2


def test_real__api_merges_unless_keep_separate(gazetteer: Any) -> None:
    docs = [
        geomap.parse(ARTICLES[n][0], published=ARTICLES[n][1], doc_id=n, gazetteer=gazetteer)
        for n in ("a", "b")
    ]
    merged = geomap.to_geojson(docs)
    assert [f["properties"]["source_count"] for f in merged["features"]] == [2]
    assert [s["doc_id"] for s in merged["features"][0]["properties"]["sources"]] == ["a", "b"]
    separate = geomap.to_geojson(docs, keep_separate=True)
    assert [f["properties"]["doc_id"] for f in separate["features"]] == ["a", "b"]
    assert len(geomap.to_geodataframe(docs)) == 1
    assert len(geomap.to_geodataframe(docs, keep_separate=True)) == 2
    assert geomap.merge_incidents is merge_incidents


def _write_jsonl(path: Path, names: tuple[str, ...]) -> Path:
    rows = [
        {
            "id": n,
            "text": ARTICLES[n][0],
            "published": ARTICLES[n][1].isoformat(),
            "title": f"Report <{n}>",
            "url": f"https://example.org/{n}",
        }
        for n in names
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli__map_merges_and_no_merge_keeps_both(gazetteer_path: Path, tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "reports.jsonl", ("a", "b", "later"))
    base = ["map", str(source), "--gazetteer", str(gazetteer_path), "-j", "1"]
    result = CliRunner().invoke(cli, [*base, "--out", str(tmp_path / "merged")])
    assert result.exit_code == 0, result.output
    assert "2 incidents (from 3 reports)" in result.output
    features = json.loads((tmp_path / "merged" / "incidents.geojson").read_text())["features"]
    assert [f["properties"]["source_count"] for f in features] == [2, 1]
    first = features[0]["properties"]
    assert [s["title"] for s in first["sources"]] == ["Report <a>", "Report <b>"]
    assert first["fatalities"] == 5 and first["date"] == "2020-03-03"
    html = (tmp_path / "merged" / "incidents.html").read_text(encoding="utf-8")
    assert "Report \\u003cb\\u003e" in html and "Report <b>" not in html  # escaped data

    result = CliRunner().invoke(cli, [*base, "--no-merge", "--out", str(tmp_path / "apart")])
    assert result.exit_code == 0, result.output
    assert "3 incidents ->" in result.output
    features = json.loads((tmp_path / "apart" / "incidents.geojson").read_text())["features"]
    assert [f["properties"]["doc_id"] for f in features] == ["a", "b", "later"]
    assert [f["properties"]["source_count"] for f in features] == [1, 1, 1]


# -- the rule, on constructed incidents --------------------------------------------


def _inc(doc: str, **kw: Any) -> Incident:
    """A shelling in Maarat al-Numan on 3 March 2020, reported by document ``doc``."""
    fields: dict[str, Any] = {
        "id": f"{doc}:0-80",
        "event_type": EXPLOSIONS,
        "sub_event_type": SHELLING,
        "date": "2020-03-03",
        "date_precision": "day",
        "place": "Maarat al-Numan",
        "geonameid": 167611,
        "country": "SY",
        "admin1": "Idlib",
        "lat": 35.6483,
        "lon": 36.67693,
        "geo_precision": 1,
        "uncertainty_km": 2.0,
        "quote": f"Shelling hit Maarat al-Numan ({doc}).",
        "doc_id": doc,
        "start": 0,
        "end": 80,
        "mention_text": "Maarat al-Numan",
        "source_title": f"Title {doc}",
        "source_url": f"https://example.org/{doc}",
    }
    fields.update(kw)
    return Incident(**fields)


def _north(km: float) -> float:
    """Degrees of latitude for ``km`` north."""
    return km / 111.195


def test_rule__same_place_and_day_from_two_documents() -> None:
    assert same_incident(_inc("a"), _inc("b"))
    assert same_incident(_inc("a"), _inc("b", date="2020-03-04"))  # a day apart
    assert not same_incident(_inc("a"), _inc("b", date="2020-03-05"))
    assert same_incident(_inc("a"), _inc("b", date="2020-03-05"), max_days=2)


def test_rule__distance() -> None:
    near = _inc("b", lat=35.6483 + _north(4.5), geonameid=None)
    far = _inc("b", lat=35.6483 + _north(5.5), geonameid=167611)
    assert (DEFAULT_MAX_KM, DEFAULT_MAX_DAYS) == (5.0, 1)
    assert same_incident(_inc("a"), near)
    assert not same_incident(_inc("a"), far)  # same geonameid, but a hint moved it away
    assert same_incident(_inc("a"), far, max_km=6)


def test_rule__types_and_sub_types() -> None:
    a = _inc("a")
    assert not same_incident(a, _inc("b", event_type="Battles", sub_event_type="Armed clash"))
    assert not same_incident(a, _inc("b", sub_event_type="Air/drone strike"))
    bomb = _inc("a", sub_event_type="Remote explosive/landmine/IED")  # "a bomb", unspecific
    assert same_incident(bomb, _inc("b", sub_event_type="Suicide bomb"))
    peaceful = _inc("a", event_type="Protests", sub_event_type="Peaceful protest")
    force = _inc("b", event_type="Protests", sub_event_type="Excessive force against protesters")
    assert same_incident(peaceful, force)


def test_rule__same_document_only_if_identical() -> None:
    first = _inc("a", id="a:0-80", quote="Shelling hit the town.")
    second = _inc("a", id="a:200-280", start=200, end=280, quote="Shelling hit it again.")
    assert not same_incident(first, second)
    again = _inc("a", id="a:900-980", start=900, end=980, quote="shelling  hit the TOWN.")
    assert same_incident(first, again)  # one sentence repeated: clearly identical


def test_rule__region_level_and_undated_never_merge_on_likeness() -> None:
    region = {"geo_precision": 3, "geonameid": 170063, "uncertainty_km": 60.0}
    assert not same_incident(_inc("a", **region), _inc("b", **region))
    assert not same_incident(_inc("a", **region), _inc("b"))
    undated = {"date": None, "date_precision": None}
    assert not same_incident(_inc("a", **undated), _inc("b", **undated))
    # ...but a wire story printed twice is one report, even undated.
    twice = {**undated, "quote": "Shelling hit Maarat al-Numan."}
    assert same_incident(_inc("a", **twice), _inc("b", **twice))


def test_rule__coarse_dates_need_the_very_same_place_and_sub_type() -> None:
    month = _inc("m", date="2020-03-01", date_precision="month")
    assert same_incident(month, _inc("a", date="2020-03-28"))  # inside the month
    assert not same_incident(month, _inc("a", date="2020-04-01"))  # outside it
    assert not same_incident(month, _inc("a", geonameid=None))  # near, not the same place
    nearby = _inc("a", geonameid=999, lat=35.6483 + _north(2))
    assert same_incident(_inc("b", geonameid=999), nearby)  # by day: near is enough
    assert not same_incident(month, _inc("a", sub_event_type="Remote explosive/landmine/IED"))
    week = _inc("w", date="2020-03-10", date_precision="week")
    assert same_incident(week, _inc("a", date="2020-03-04"))
    assert not same_incident(week, _inc("a", date="2020-03-03"))  # 7 days before


def test_merge__coarse_report_fitting_two_incidents_stays_apart() -> None:
    one, two = _inc("a"), _inc("b", date="2020-03-20")
    month = _inc("m", date="2020-03-01", date_precision="month")
    assert len(merge_incidents([one, two, month])) == 3
    (merged,) = merge_incidents([one, month])
    assert (merged.date, merged.date_precision) == ("2020-03-03", "day")  # the precise one
    assert [s.doc_id for s in merged.sources] == ["a", "m"]


def test_merge__daily_reports_do_not_chain() -> None:
    days = [_inc(f"d{k}", date=f"2020-03-0{k}") for k in range(1, 6)]
    merged = merge_incidents(days)
    for incident in merged:
        dates = sorted(
            next(d.date for d in days if d.doc_id == s.doc_id) for s in sources_of(incident)
        )
        span = dt.date.fromisoformat(dates[-1]) - dt.date.fromisoformat(dates[0])
        assert span.days <= DEFAULT_MAX_DAYS
    assert [len(sources_of(i)) for i in merged] == [2, 2, 1]


def test_merge__merged_fields() -> None:
    town = _inc("b", fatalities=3, injuries=None, geo_precision=1, uncertainty_km=2.0)
    near = _inc(
        "a",
        fatalities=7,
        injuries=4,
        geo_precision=2,
        uncertainty_km=15.0,
        lat=35.66,
        geometry_wkt="POLYGON ((36.5 35.5, 36.8 35.5, 36.8 35.8, 36.5 35.5))",
        sub_event_type="Remote explosive/landmine/IED",
        date="2020-03-04",
    )
    later = _inc("c", date="2020-03-04", fatalities=None)
    (merged,) = merge_incidents([later, town, near])
    assert merged.id == "a:0-80" and merged.doc_id == "a"  # first source: doc "a"
    assert merged.quote == near.quote and merged.source_title == "Title a"
    assert (merged.lat, merged.geo_precision, merged.uncertainty_km) == (35.6483, 1, 2.0)
    assert merged.geometry_wkt is None  # the town-level location has no shape
    assert (merged.date, merged.date_precision) == ("2020-03-03", "day")  # the earliest day
    assert merged.sub_event_type == SHELLING  # more specific than "a bomb"
    assert (merged.fatalities, merged.injuries) == (7, 4)
    assert [s.doc_id for s in merged.sources] == ["a", "b", "c"]
    assert merged.sources[1] == Source(
        doc_id="b",
        incident_id="b:0-80",
        quote=town.quote,
        start=0,
        end=80,
        mention_text="Maarat al-Numan",
        title="Title b",
        url="https://example.org/b",
    )


def test_merge__lone_incidents_unchanged_in_date_order() -> None:
    lone = [_inc("x", date="2020-05-01"), _inc("y", date=None, date_precision=None), _inc("z")]
    merged = merge_incidents(lone)
    assert merged == [lone[2], lone[0], lone[1]]
    assert all(m is i for m, i in zip(merged, [lone[2], lone[0], lone[1]], strict=True))
    assert merge_incidents([]) == []


def test_merge__same_document_read_twice_gives_one_source() -> None:
    (merged,) = merge_incidents([_inc("a"), _inc("a"), _inc("b")])
    assert [s.doc_id for s in merged.sources] == ["a", "b"]


def test_merge__across_the_antimeridian_and_the_pole() -> None:
    east = _inc("a", lon=179.99, lat=-17.0, geonameid=None)
    west = _inc("b", lon=-179.99, lat=-17.0, geonameid=None)  # 2 km away
    assert len(merge_incidents([east, west])) == 1
    north = _inc("a", lat=89.99, lon=0.0, geonameid=None)
    across = _inc("b", lat=89.99, lon=180.0, geonameid=None)  # 2.2 km away, over the pole
    assert len(merge_incidents([north, across])) == 1


def test_merge__already_merged_incidents_merge_again() -> None:
    (ab,) = merge_incidents([_inc("a"), _inc("b")])
    (abc,) = merge_incidents([ab, _inc("c")])
    assert [s.doc_id for s in abc.sources] == ["a", "b", "c"]
    assert not same_incident(ab, _inc("b", id="b:300-380", start=300, end=380))  # b's own


def test_merge__negative_limits_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        merge_incidents([_inc("a")], max_km=-1)


def _random_incidents(n: int, seed: int) -> list[Incident]:
    """Reports of a few thousand places over a year: many repeats, some coarse or regional."""
    rnd = random.Random(seed)
    places = [(k + 1, rnd.uniform(-60, 70), rnd.uniform(-180, 180)) for k in range(n // 8 + 1)]
    kinds = [
        ("Battles", "Armed clash"),
        (EXPLOSIONS, SHELLING),
        (EXPLOSIONS, "Air/drone strike"),
        (EXPLOSIONS, "Remote explosive/landmine/IED"),
        ("Protests", "Peaceful protest"),
    ]
    out = []
    for k in range(n):
        gid, lat, lon = rnd.choice(places)
        event_type, sub_type = rnd.choice(kinds)
        precision = rnd.choice([1, 1, 1, 2, 3])
        out.append(
            _inc(
                f"doc{rnd.randrange(n)}",
                id=f"i{k}",
                event_type=event_type,
                sub_event_type=sub_type,
                date=(dt.date(2020, 1, 1) + dt.timedelta(days=rnd.randrange(60))).isoformat(),
                date_precision=rnd.choice(["day"] * 8 + ["week", "month"]),
                geonameid=gid,
                lat=lat + (rnd.uniform(-0.05, 0.05) if precision == 2 else 0.0),
                lon=lon,
                geo_precision=precision,
                fatalities=rnd.choice([None, 1, 2, 5]),
                quote=f"Report {k}.",
            )
        )
    return out


@pytest.mark.parametrize("seed", range(5))
def test_merge__order_independent(seed: int) -> None:
    incidents = _random_incidents(600, seed)
    expected = merge_incidents(incidents)
    assert len(expected) < len(incidents)  # some did merge
    rnd = random.Random(seed)
    for _ in range(3):
        shuffled = incidents[:]
        rnd.shuffle(shuffled)
        assert merge_incidents(shuffled) == expected


def test_merge__groups_are_pairwise_the_same_incident() -> None:
    incidents = _random_incidents(800, 11)
    by_id = {i.id: i for i in incidents}
    merged = merge_incidents(incidents)
    assert sum(len(sources_of(i)) for i in merged) == len(incidents)
    several = [i for i in merged if len(i.sources) > 1]
    assert several
    for incident in several:
        reports = [by_id[s.incident_id] for s in incident.sources]
        for k, a in enumerate(reports):
            for b in reports[k + 1 :]:
                assert same_incident(a, b), (a.id, b.id)


def test_merge__20k_incidents_well_under_two_seconds() -> None:
    incidents = _random_incidents(20_000, 3)
    started = time.perf_counter()
    merged = merge_incidents(incidents)
    seconds = time.perf_counter() - started
    assert len(merged) < len(incidents)
    assert seconds < 2.0, f"merging 20,000 incidents took {seconds:.2f} s"


# -- outputs -----------------------------------------------------------------------


@pytest.fixture
def merged() -> Incident:
    hostile = _inc(
        "b",
        quote="Shells hit Maarat al-Numan </script><script>alert(1)</script>.",
        source_title="<img src=x onerror=alert(1)>",
        source_url="javascript:alert(1)",
    )
    (incident,) = merge_incidents([_inc("a", fatalities=2), hostile])
    return incident


def test_geojson__sources_list_and_single_source_fields(merged: Incident) -> None:
    props = incident_properties(merged)
    assert props["source_count"] == 2
    assert [s["doc_id"] for s in props["sources"]] == ["a", "b"]
    assert props["sources"][1]["url"] == "javascript:alert(1)"  # data as it came; HTML drops it
    assert (props["doc_id"], props["source_title"]) == ("a", "Title a")
    assert json.loads(json.dumps(props)) == props


def test_csv_and_gpkg__source_count_and_sources_column(merged: Incident, tmp_path: Path) -> None:
    import geopandas
    import pandas

    lone = _inc("c", date="2021-01-01")
    frame = to_geodataframe([merged, lone])
    assert frame["source_count"].tolist() == [2, 1]
    assert str(frame["source_count"].dtype) == "Int64"
    table = pandas.read_csv(write_csv([merged, lone], tmp_path / "i.csv"))
    assert table["source_count"].tolist() == [2, 1]
    sources = json.loads(table.loc[0, "sources"])
    assert [s["doc_id"] for s in sources] == ["a", "b"]
    assert sources[1]["title"] == "<img src=x onerror=alert(1)>"
    layer = geopandas.read_file(write_geopackage([merged, lone], tmp_path / "i.gpkg"))
    assert layer["source_count"].tolist() == [2, 1]
    assert [s["doc_id"] for s in json.loads(layer.loc[1, "sources"])] == ["c"]


def test_map_data__every_source_escaped_and_linked_only_if_http(merged: Incident) -> None:
    from geomap.render import json_for_script, render_map

    (item,) = _page_data([merged])["incidents"]
    assert [s["docId"] for s in item["sources"]] == ["a", "b"]
    assert item["sources"][0]["url"] == "https://example.org/a"
    assert item["sources"][1]["url"] is None  # javascript: is never a link
    assert item["sources"][1]["quote"] == [
        "Shells hit ",
        "Maarat al-Numan",
        " </script><script>alert(1)</script>.",
    ]
    assert "</script><script>alert" not in json_for_script(item)
    page = render_map([merged])
    assert "<img src=x" not in page and "alert(1)</script>" not in page


def test_merged_record_is_frozen(merged: Incident) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        merged.sources = ()  # type: ignore[misc]
