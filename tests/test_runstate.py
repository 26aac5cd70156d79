"""Resumable runs: shards on disk, a killed run resumed, failed documents recorded."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import geomap.pipeline
from geomap.batch import parse_many, parse_shards_locally, run_shards
from geomap.cli import cli
from geomap.pipeline import make_document
from geomap.records import Document, FailedDocument, ParsedDocument
from geomap.runstate import RunDir, RunKey, file_stamp
from geomap.serialize import outcome_from_record, outcome_to_dict, outcome_to_record

from .sample_texts import SHORT_REPORTS

TEXTS = SHORT_REPORTS


def _docs() -> list[Document]:
    return [make_document(t, doc_id=f"d{i}") for i, t in enumerate(TEXTS)]


def _key(tmp_path: Path, gazetteer_path: Path, **changes: object) -> RunKey:
    source = tmp_path / "input.txt"
    if not source.exists():
        source.write_text("\n".join(TEXTS), encoding="utf-8")
    fields: dict[str, object] = {
        "inputs": (file_stamp(source),),
        "gazetteer": file_stamp(gazetteer_path),
        "published": None,
        "country": "",
        "shard_size": 2,
        "version": "test",
    }
    return RunKey(**{**fields, **changes})  # type: ignore[arg-type]


def _dumps(outcomes: object) -> str:
    return json.dumps([outcome_to_dict(o) for o in outcomes], sort_keys=True)  # type: ignore[attr-defined]


def test_outcome_record__round_trips_every_field(gazetteer_path):
    outcomes = list(parse_many(_docs(), gazetteer_path))
    outcomes.append(FailedDocument("bad", "TypeError: no text"))
    back = [outcome_from_record(json.loads(json.dumps(outcome_to_record(o)))) for o in outcomes]
    assert back == outcomes  # text, candidates, hints, dates, floats: all equal
    kirkuk = back[3]
    assert isinstance(kirkuk, ParsedDocument) and kirkuk.incidents
    assert any(m.mention.hint is not None for m in kirkuk.mentions)


def test_run_shards__interrupted_run_resumes_with_identical_output(gazetteer_path, tmp_path):
    def engine(shards):
        return parse_shards_locally(shards, gazetteer_path, jobs=1)

    whole = [o for r in run_shards(_docs(), engine, shard_size=2) for o in r.outcomes]
    key = _key(tmp_path, gazetteer_path)
    run = RunDir.open(tmp_path / "run", key, warn=print)
    results = run_shards(_docs(), engine, shard_size=2, run=run)
    first = [next(results), next(results)]  # then the process "dies"
    results.close()
    assert [r.index for r in first] == [0, 1]

    parsed: list[int] = []

    def counting_engine(shards):
        for result in engine(shards):
            parsed.append(result.index)
            yield result

    warnings: list[str] = []
    run = RunDir.open(tmp_path / "run", key, warn=warnings.append)
    resumed = list(run_shards(_docs(), counting_engine, shard_size=2, run=run))
    assert warnings == [f"resuming from {tmp_path / 'run'}: 2 shards already done"]
    assert parsed == [2, 3]  # shards 0 and 1 were read back, not parsed again
    assert [r.index for r in resumed] == [0, 1, 2, 3]
    assert _dumps(o for r in resumed for o in r.outcomes) == _dumps(whole)


def test_run_shards__fills_the_gaps_an_out_of_order_engine_left(gazetteer_path, tmp_path):
    key = _key(tmp_path, gazetteer_path)
    run = RunDir.open(tmp_path / "run", key, warn=print)
    docs = _docs()
    (tmp_path / "run" / ".shard-00001.jsonl.gz.x1.tmp").write_bytes(b"half a shard")
    run.write(2, list(parse_many(docs[4:6], gazetteer_path)))  # as Dask may finish them
    run.write(0, list(parse_many(docs[0:2], gazetteer_path)))
    parsed: list[int] = []

    def engine(shards):
        for result in parse_shards_locally(shards, gazetteer_path):
            parsed.append(result.index)
            yield result

    run = RunDir.open(tmp_path / "run", key, warn=print)
    assert not list((tmp_path / "run").glob(".*.tmp"))  # a killed write's leftover is gone
    resumed = [o for r in run_shards(docs, engine, shard_size=2, run=run) for o in r.outcomes]
    assert parsed == [1, 3]
    assert _dumps(resumed) == _dumps(parse_many(docs, gazetteer_path))


def test_run_dir__changed_option_starts_over(gazetteer_path, tmp_path):
    run = RunDir.open(tmp_path / "run", _key(tmp_path, gazetteer_path), warn=print)
    run.write(0, list(parse_many(_docs()[:2], gazetteer_path)))
    ids = ["d0", "d1"]
    assert run.is_done(0, ids) and not run.is_done(0, ["d0", "dX"])
    warnings: list[str] = []
    again = RunDir.open(
        tmp_path / "run", _key(tmp_path, gazetteer_path, country="SY"), warn=warnings.append
    )
    assert warnings == [f"{tmp_path / 'run'} held another run (--country changed); starting over"]
    assert not again.is_done(0, ids)
    assert not list((tmp_path / "run").glob("shard-*"))


def test_run_dir__shards_are_gzipped_jsonl_and_failures_listed(gazetteer_path, tmp_path):
    run = RunDir.open(tmp_path / "run", _key(tmp_path, gazetteer_path), warn=print)
    # U+2028 and U+0085 are line breaks to str.splitlines(), but not to JSON Lines.
    odd = Document("Clashes in Mosul\u2028on 4 May 2021.\x85 Then calm.", "d0")
    outcomes = [*parse_many([odd], gazetteer_path), FailedDocument("d1", "ValueError: x")]
    run.write(3, outcomes)
    lines = gzip.decompress((tmp_path / "run" / "shard-00003.jsonl.gz").read_bytes()).splitlines()
    assert [list(json.loads(line)) for line in lines] == [["parsed"], ["failed"]]
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["failures"] == [{"shard": 3, "doc_id": "d1", "error": "ValueError: x"}]
    assert manifest["shards"] == {"3": {"documents": 2, "first": "d0", "last": "d1"}}
    assert run.read(3) == tuple(outcomes)


@pytest.mark.parametrize("jobs", [1, 2])
def test_parse_many__corrupt_document_is_recorded_and_the_rest_parsed(gazetteer_path, jobs):
    docs = _docs()
    docs[3] = Document(None, "corrupt")  # type: ignore[arg-type]  # a record with no text
    out = list(parse_many(docs, gazetteer_path, jobs=jobs))
    assert [type(o).__name__ for o in out].count("FailedDocument") == 1
    failed = out[3]
    assert isinstance(failed, FailedDocument) and failed.doc_id == "corrupt"
    assert failed.error.startswith("TypeError: ")
    assert [o.document.doc_id for o in out if isinstance(o, ParsedDocument)] == [
        "d0", "d1", "d2", "d4", "d5", "d6"
    ]  # fmt: skip
    assert sum(len(o.incidents) for o in out if isinstance(o, ParsedDocument)) >= 5


# --- the command line -------------------------------------------------------------------------


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _html(path: Path) -> str:
    """The page without folium's random element ids (they differ on every render)."""
    return re.sub(r"_[0-9a-f]{32}\b", "_ID", path.read_text(encoding="utf-8"))


def test_cli_map__killed_run_resumes_to_identical_outputs(gazetteer_path, tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    runner = CliRunner()

    def map_to(out: Path, *extra: str):
        return runner.invoke(cli, ["map", str(corpus), "--out", str(out), "--shard-size", "2",
                                   "--format", "csv", "--gazetteer", str(gazetteer_path),
                                   *extra])  # fmt: skip

    whole = map_to(tmp_path / "whole", "--jobs", "1")
    assert whole.exit_code == 0, whole.output

    original_write = RunDir.write
    writes: list[int] = []

    def write_then_die(self, index, outcomes):
        if len(writes) == 2:
            raise KeyboardInterrupt  # Ctrl-C after two shards are on disk
        writes.append(index)
        original_write(self, index, outcomes)

    monkeypatch.setattr(RunDir, "write", write_then_die)
    out = tmp_path / "out"
    killed = map_to(out, "--jobs", "2")
    assert killed.exit_code == 130
    run_dir = out / ".geomap-run"
    assert "interrupted; run the same command again to resume from" in killed.stderr
    assert sorted(p.name for p in run_dir.glob("shard-*")) == [
        "shard-00000.jsonl.gz", "shard-00001.jsonl.gz"
    ]  # fmt: skip
    monkeypatch.setattr(RunDir, "write", original_write)

    parsed: list[str] = []
    parse_document = geomap.pipeline.parse_document

    def counting(document, *args, **kwargs):
        parsed.append(document.doc_id)
        return parse_document(document, *args, **kwargs)

    monkeypatch.setattr(geomap.pipeline, "parse_document", counting)
    resumed = map_to(out, "--jobs", "1")
    assert resumed.exit_code == 0, resumed.output
    assert "resuming from" in resumed.stderr and "2 shards already done" in resumed.stderr
    assert parsed == ["04.txt", "05.txt", "06.txt"]  # the first 4 documents were not redone
    for name in ("incidents.geojson", "incidents.csv"):
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert _html(out / "incidents.html") == _html(tmp_path / "whole" / "incidents.html")
    assert not run_dir.exists()  # the default run folder goes once the outputs are written


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_parse__failing_document_is_reported_and_the_rest_processed(
    gazetteer_path, tmp_path, monkeypatch, jobs
):
    corpus = _corpus(tmp_path)
    parse_document = geomap.pipeline.parse_document

    def broken_on_03(document, *args, **kwargs):
        if document.doc_id == "03.txt":
            raise ValueError("simulated\nbug")
        return parse_document(document, *args, **kwargs)

    monkeypatch.setattr(geomap.pipeline, "parse_document", broken_on_03)
    run_dir = tmp_path / "run"
    result = CliRunner().invoke(cli, ["parse", str(corpus), "--jobs", jobs, "--resume",
                                      str(run_dir), "--shard-size", "3", "--gazetteer",
                                      str(gazetteer_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "geomap: warning: 03.txt: not parsed: ValueError: simulated bug"
    ]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["doc_id"] for d in lines] == [f"{i:02d}.txt" for i in range(len(TEXTS))]
    assert lines[3]["error"] == "ValueError: simulated bug" and lines[3]["mentions"] == []
    assert all("error" not in d for i, d in enumerate(lines) if i != 3)
    assert sum(len(d["incidents"]) for d in lines) >= 5  # the others were parsed
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] is True
    assert manifest["failures"] == [
        {"shard": 1, "doc_id": "03.txt", "error": "ValueError: simulated bug"}
    ]


def test_cli_map__failing_document_listed_in_failures_jsonl(gazetteer_path, tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    parse_document = geomap.pipeline.parse_document

    def broken_on_01(document, *args, **kwargs):
        if document.doc_id == "01.txt":
            raise RuntimeError("simulated")
        return parse_document(document, *args, **kwargs)

    monkeypatch.setattr(geomap.pipeline, "parse_document", broken_on_01)
    out = tmp_path / "out"
    args = ["map", str(corpus), "--out", str(out), "--gazetteer", str(gazetteer_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "geomap: warning: 01.txt: not parsed: RuntimeError: simulated" in result.stderr
    failures = (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in failures] == [
        {"doc_id": "01.txt", "error": "RuntimeError: simulated"}
    ]
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    doc_ids = {f["properties"]["doc_id"] for f in features}
    assert "01.txt" not in doc_ids and {"00.txt", "03.txt", "06.txt"} <= doc_ids
    monkeypatch.setattr(geomap.pipeline, "parse_document", parse_document)
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert not (out / "failures.jsonl").exists()  # a clean rerun leaves no stale list
