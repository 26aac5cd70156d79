"""--engine dask: the same outcomes as a local run, and partitioned GeoParquet.

One two-process LocalCluster serves the whole module (starting one takes a
few seconds); the documents are short, so the module runs in seconds.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import dask_geopandas
import geopandas
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from geomap.batch import parse_shards_locally, run_shards
from geomap.cli import cli
from geomap.dask_engine import parse_shards_on_dask
from geomap.pipeline import make_document
from geomap.records import Document
from geomap.serialize import outcome_to_dict

from .sample_texts import SHORT_REPORTS

TEXTS = SHORT_REPORTS


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as dask_client,
    ):  # fmt: skip
        yield dask_client


def _docs() -> list[Document]:
    docs = [make_document(t, doc_id=f"d{i}") for i, t in enumerate(TEXTS)]
    docs.insert(4, Document(None, "corrupt"))  # type: ignore[arg-type]  # a record with no text
    return docs


def _lines(engine) -> list[str]:
    results = list(run_shards(_docs(), engine, shard_size=3))
    assert [r.index for r in results] == [0, 1, 2]
    return [json.dumps(outcome_to_dict(o), sort_keys=True) for r in results for o in r.outcomes]


def test_dask__same_outcomes_as_jobs_1_and_2_with_a_corrupt_document(gazetteer_path, client):
    one = _lines(lambda shards: parse_shards_locally(shards, gazetteer_path, jobs=1))
    two = _lines(lambda shards: parse_shards_locally(shards, gazetteer_path, jobs=2))
    dask = _lines(lambda shards: parse_shards_on_dask(shards, gazetteer_path, client=client))
    assert sorted(one) == sorted(two) == sorted(dask)
    assert one == two == dask  # and in input order
    failed = json.loads(dask[4])
    assert failed["doc_id"] == "corrupt" and failed["error"].startswith("TypeError: ")
    assert sum(len(json.loads(line)["incidents"]) for line in dask) >= 5


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_cli_map__engine_dask_equals_local_and_writes_geoparquet_parts(
    gazetteer_path, tmp_path, client
):
    corpus = _corpus(tmp_path)
    runner = CliRunner()
    # The parts hold one row per report, in input order: compare with unmerged output.
    common = [str(corpus), "--shard-size", "3", "--gazetteer", str(gazetteer_path), "--no-merge"]
    local = runner.invoke(cli, ["map", *common, "--out", str(tmp_path / "local"), "--jobs", "1"])
    assert local.exit_code == 0, local.output
    address = client.scheduler.address
    result = runner.invoke(cli, ["map", *common, "--out", str(tmp_path / "dask"), "--engine",
                                 "dask", "--scheduler", address])  # fmt: skip
    assert result.exit_code == 0, result.output
    geojson = (tmp_path / "dask" / "incidents.geojson").read_bytes()
    assert geojson == (tmp_path / "local" / "incidents.geojson").read_bytes()
    features = json.loads(geojson)["features"]

    parts = tmp_path / "dask" / "incidents.parts"
    assert sorted(p.name for p in parts.iterdir()) == [
        "part.00000.parquet", "part.00001.parquet", "part.00002.parquet"
    ]  # fmt: skip
    frame = geopandas.read_parquet(parts)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["id"]) == [f["id"] for f in features]
    assert list(zip(frame.geometry.x, frame.geometry.y, strict=True)) == [
        tuple(f["geometry"]["coordinates"]) for f in features
    ]
    lazy = dask_geopandas.read_parquet(parts)
    assert lazy.npartitions == 3
    assert list(lazy.compute()["id"]) == list(frame["id"])


def test_cli_parse__engine_dask_on_its_own_local_cluster_equals_jobs_1(gazetteer_path, tmp_path):
    corpus = _corpus(tmp_path)
    runner = CliRunner()
    common = ["parse", str(corpus), "--shard-size", "2", "--gazetteer", str(gazetteer_path)]
    one = runner.invoke(cli, [*common, "--jobs", "1"])
    dask = runner.invoke(cli, [*common, "--engine", "dask", "--jobs", "2"])  # a LocalCluster
    assert dask.exit_code == 0, dask.output
    assert dask.stderr == ""  # Dask's INFO logs stay hidden without -v
    assert dask.stdout == one.stdout and len(dask.stdout.splitlines()) == len(TEXTS)


def test_cli__engine_dask_without_dask_installed_is_a_one_line_error(
    gazetteer_path, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    corpus = _corpus(tmp_path)
    result = CliRunner().invoke(
        cli, ["parse", str(corpus), "--engine", "dask", "--gazetteer", str(gazetteer_path)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "geomap: error: --engine dask needs Dask (distributed is not installed); "
        "pip install 'geomap[dask]', or leave out --engine\n"
    )


def test_cli__scheduler_without_engine_dask_is_refused(gazetteer_path, tmp_path):
    result = CliRunner().invoke(
        cli, ["parse", str(_corpus(tmp_path)), "--scheduler", "tcp://127.0.0.1:8786"]
    )
    assert result.exit_code == 2
    assert result.stderr == "geomap: error: --scheduler only applies with --engine dask\n"
