"""Batch runs: any number of jobs gives the same output, in input order."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner

from geomap.batch import Progress, parse_many
from geomap.cli import cli
from geomap.pipeline import make_document
from geomap.serialize import document_to_dict

from .sample_texts import SHORT_REPORTS

TEXTS = SHORT_REPORTS[:5] * 3


def _docs():
    return [make_document(t, doc_id=f"d{i}") for i, t in enumerate(TEXTS)]


def test_parse_many__jobs_give_identical_output_in_order(gazetteer_path):
    one = [document_to_dict(p) for p in parse_many(_docs(), gazetteer_path, jobs=1)]
    two = [document_to_dict(p) for p in parse_many(_docs(), gazetteer_path, jobs=2)]
    assert [d["doc_id"] for d in two] == [f"d{i}" for i in range(len(TEXTS))]
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True)
    assert sum(len(d["incidents"]) for d in one) >= 9


def test_parse_many__short_input_runs_here(gazetteer_path):
    done = []
    out = list(parse_many(_docs()[:1], gazetteer_path, jobs=4, on_done=done.append))
    assert [p.document.doc_id for p in out] == ["d0"] and done == out


def test_cli_parse__jobs_2_equals_jobs_1(gazetteer_path, tmp_path):
    for i, text in enumerate(TEXTS):
        (tmp_path / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    outs = [
        runner.invoke(cli, ["parse", str(tmp_path), "--jobs", jobs, "--gazetteer",
                            str(gazetteer_path)]).stdout
        for jobs in ("1", "2")
    ]  # fmt: skip
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == len(TEXTS)


def test_progress__terminal_only():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet_stream, tty = io.StringIO(), Tty()
    p = Progress(total=4, stream=quiet_stream)
    p.step(4)
    p.close()
    assert quiet_stream.getvalue() == ""  # not a terminal: silent
    p = Progress(total=4, stream=tty)
    p.step(2)
    p.close()
    assert "2 documents" in tty.getvalue() and "50%" in tty.getvalue()


def test_cli_parse__parquet_dir_holds_one_part_per_shard(gazetteer_path, tmp_path):
    import geopandas

    for i, text in enumerate(TEXTS[:7]):
        (tmp_path / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    parts = tmp_path / "parts"
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "--jobs", "1", "--shard-size", "3",
                                      "--parquet", str(parts), "--gazetteer",
                                      str(gazetteer_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in parts.iterdir()) == [
        "part.00000.parquet", "part.00001.parquet", "part.00002.parquet"
    ]  # fmt: skip
    ids = [i["id"] for line in result.stdout.splitlines() for i in json.loads(line)["incidents"]]
    frame = geopandas.read_parquet(parts)
    assert len(ids) >= 5 and list(frame["id"]) == ids
    last = geopandas.read_parquet(parts / "part.00002.parquet")  # the 7th document's shard
    assert len(last) >= 1 and set(last["doc_id"]) == {"06.txt"}


def test_parse_many__outcomes_carry_no_candidates_but_the_same_places(gazetteer, gazetteer_path):
    from geomap.pipeline import parse_document

    doc = make_document("Rockets hit Mosul and Kirkuk, officials in Baghdad said.", doc_id="d")
    full = parse_document(doc, gazetteer)
    assert any(m.candidates for m in full.mentions)
    (slim,) = parse_many([doc], gazetteer_path)
    assert all(m.candidates == () for m in slim.mentions)
    assert document_to_dict(slim) == document_to_dict(full)
