"""Input formats: plain text, JSON Lines, CSV/TSV and HTML articles."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from geomap.cli import cli
from geomap.errors import InputError
from geomap.htmltext import extract_article
from geomap.inputs import read_documents

ARTICLE = """<!doctype html><html><head><title>Rockets hit base | News</title>
<meta property="og:title" content="Rockets hit base near Mosul">
<meta property="article:published_time" content="2020-05-01T09:30:00Z">
<link rel="canonical" href="https://news.example/rockets">
<script>var x = "Baghdad";</script><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World news from Paris</a></nav>
<header>Breaking</header>
<article><h1>Rockets hit base near Mosul</h1>
<p>Three rockets hit a base near Mosul on Monday, officials said.</p>
<figure><figcaption>Smoke over the base.</figcaption></figure>
<p>No one was hurt &amp; no group claimed it.</p></article>
<footer>(c) News from London</footer></body></html>"""


def _docs(paths, **kwargs):
    return [item for item in read_documents([str(p) for p in paths], **kwargs)]


def test_extract_article__text_and_metadata():
    article = extract_article(ARTICLE)
    assert article.title == "Rockets hit base near Mosul"
    assert article.url == "https://news.example/rockets"
    assert article.published == dt.date(2020, 5, 1)
    assert article.text.splitlines() == [
        "Rockets hit base near Mosul",
        "Three rockets hit a base near Mosul on Monday, officials said.",
        "Smoke over the base.",
        "No one was hurt & no group claimed it.",
    ]
    for boilerplate in ("Home", "World news", "Breaking", "(c) News", "var x", "color"):
        assert boilerplate not in article.text


def test_read_documents__jsonl(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        {
            "id": "a1",
            "text": "Rockets hit Mosul.",
            "title": "T1",
            "url": "https://x/1",
            "published": "2020-05-01T10:00:00",
        },
        {"content": "Clashes in Kirkuk.", "date": "not a date"},
        {"title": "no text here"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    items = _docs([path], published=dt.date(2021, 1, 1))
    docs = [i.document for i in items if i.document is not None]
    warnings = [i.warning for i in items if i.warning]
    assert [d.doc_id for d in docs] == ["a1", "feed.jsonl:2"]
    assert (docs[0].title, docs[0].url, docs[0].published) == (
        "T1",
        "https://x/1",
        dt.date(2020, 5, 1),
    )
    assert docs[1].published == dt.date(2021, 1, 1)  # the CLI's default where none is given
    assert any("feed.jsonl:2" in w and "not an ISO date" in w for w in warnings)
    assert any("feed.jsonl:3" in w and "no text" in w for w in warnings)
    assert any("feed.jsonl:4" in w and "not JSON" in w for w in warnings)


def test_read_documents__csv_and_tsv(tmp_path):
    csv_path = tmp_path / "export.csv"
    csv_path.write_text('id,title,text\nx1,First,"Rockets hit Mosul, again."\n', encoding="utf-8")
    tsv_path = tmp_path / "export.tsv"
    tsv_path.write_text("text\turl\nClashes in Kirkuk.\thttps://y/2\n", encoding="utf-8")
    docs = [i.document for i in _docs([csv_path, tsv_path]) if i.document is not None]
    assert [(d.doc_id, d.text) for d in docs] == [
        ("x1", "Rockets hit Mosul, again."),
        ("export.tsv:2", "Clashes in Kirkuk."),
    ]
    assert docs[1].url == "https://y/2"


def test_read_documents__csv_without_text_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,title\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs a header row with a 'text' column"):
        _docs([path])


def test_read_documents__folder_mixes_formats(tmp_path):
    (tmp_path / "a.txt").write_text("Rockets hit Mosul.", encoding="utf-8")
    (tmp_path / "b.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "Clashes in Kirkuk."}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    docs = [i.document for i in _docs([tmp_path]) if i.document is not None]
    assert [d.doc_id for d in docs] == ["a.txt", "b.html", "c.jsonl:1"]
    assert docs[1].title == "Rockets hit base near Mosul"


def test_cli_map__jsonl_feed_title_and_url_reach_incidents(gazetteer_path, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "r1", "title": "Attack report", "url": "https://news.example/r1",
                    "published": "2021-05-10",
                    "text": "A car bomb exploded in Baqubah on Monday, killing 4 people."})
        + "\n", encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["map", str(feed), "--out", str(out), "--gazetteer", str(gazetteer_path)]
    )
    assert result.exit_code == 0, result.output
    (feature,) = json.loads((out / "incidents.geojson").read_text())["features"]
    props = feature["properties"]
    assert (props["source_title"], props["source_url"]) == (
        "Attack report",
        "https://news.example/r1",
    )
    assert props["date"] == "2021-05-10"  # "on Monday" before Monday 10 May 2021
    assert props["fatalities"] == 4
    assert props["doc_id"] == "r1"


def test_read_documents__jsonl_is_streamed_not_read_whole(tmp_path):
    """Regression: a JSONL file was read whole (bytes, text and a list of lines), so
    memory grew with the feed (50,000 articles: 1 GB); records are now read one by one."""
    import tracemalloc

    path = tmp_path / "big.jsonl"
    text = "Rockets hit a base near Mosul on Monday, officials said. " * 40  # ~2.3 kB
    with path.open("w", encoding="utf-8") as out:
        for i in range(3000):  # ~7 MB
            out.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    tracemalloc.start()
    try:
        count = sum(1 for item in read_documents([str(path)]) if item.document is not None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert peak < 1_000_000, f"peak {peak:,} bytes: the file was read whole"


def test_read_documents__jsonl_line_ends_only_at_newline(tmp_path):
    path = tmp_path / "feed.jsonl"
    record = {"id": "a", "text": "Clashes in Kirkuk.\u2028Rockets hit Mosul.\x85"}
    data = "\ufeff" + json.dumps(record, ensure_ascii=False) + "\r\n\n" + '{"text": "B"}\n'
    path.write_text(data, encoding="utf-8")
    items = _docs([path])
    assert [(i.document.doc_id, i.document.text) for i in items] == [
        ("a", record["text"]),
        ("feed.jsonl:3", "B"),
    ]


def test_read_documents__records_not_utf8_warn_with_byte_offset(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "Mosul"}\n{"text": "Kirk\xffuk"}\n')
    items = _docs([path])
    warnings = [i.warning for i in items if i.warning]
    assert warnings == [f"{path}: not valid UTF-8 (byte 32); undecodable bytes replaced"]
    assert [i.document.text for i in items if i.document] == ["Mosul", "Kirk\ufffduk"]
    empty = tmp_path / "empty.csv"
    empty.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match="document is empty"):
        _docs([empty])
