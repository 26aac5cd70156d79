"""The corpus benchmark's builder and report (the benchmark itself is a command, not a test)."""

from __future__ import annotations

import json

from geomap.bench_corpus import (
    RunFigures,
    build_corpus,
    corpus_texts,
    format_report,
    report_to_json,
)
from geomap.inputs import read_documents


def test_build_corpus__n_documents_with_distinct_ids_cycling_the_texts(tmp_path):
    folder = tmp_path / "GeoWebNews"
    folder.mkdir()
    for name, text in (("10", "ten"), ("2", "two"), ("0", "zero"), ("empty", "x")):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "1").write_text("  \n", encoding="utf-8")  # empty: skipped
    texts = corpus_texts([folder])
    assert texts == [("GeoWebNews/0", "zero"), ("GeoWebNews/2", "two"), ("GeoWebNews/10", "ten")]
    path = build_corpus(texts, 7, tmp_path / "corpus.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"bench-{i:07d}" for i in range(1, 8)]
    assert [r["text"] for r in records] == ["zero", "two", "ten"] * 2 + ["zero"]
    docs = [item.document for item in read_documents([str(path)])]  # geomap reads it as is
    assert [d.doc_id for d in docs if d] == [r["id"] for r in records]
    assert not list(tmp_path.glob(".*.tmp"))


def test_format_report__rows_rates_and_goals():
    one = RunFigures("parse --jobs 1", 1000, 1, 10.0, 9.5, 180.0, 190.0, 0)
    two = RunFigures("parse --jobs 2", 1000, 2, 6.0, 11.0, 260.0, 185.0, 0)
    report = {"date": "2026-11-26", "machine": "x86_64, 2 cores", "runs": [one, two],
              "scaling_1_to_2": 1.67, "dask_overhead": 0.125}  # fmt: skip
    text = format_report(report)
    assert "| parse --jobs 2 | 1,000 | 6.0 | 11.0 | 166.7 | 83.3 | 90.9 | 260 | 185 |" in text
    assert "best docs/s per core: 100.0 (goal >= 300: 33% of it)" in text
    assert "1.67x (goal >= 1.7)" in text and "+12.5% wall time" in text
    data = json.loads(json.dumps(report_to_json(report)))
    assert data["runs"][1]["docs_per_s"] == 166.7 and data["runs"][0]["docs_per_cpu_s"] == 105.3
