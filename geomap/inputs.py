"""Read input documents from files, folders or standard input.

* ``.txt`` (and standard input, ``-``): one document; ``doc_id`` is the name.
* ``.jsonl``/``.ndjson``: one document per line, a JSON object with the text
  in ``text`` (or ``content``/``body``) and optional ``id``, ``title``, ``url``
  and ``published`` (ISO date or date-time); ``doc_id`` is ``id`` or
  ``file:line``.
* ``.csv``/``.tsv``: the same fields as columns, one document per row.
* ``.html``/``.htm``: the article's text, title, canonical URL and date.

Text is decoded as UTF-8; undecodable bytes are replaced and a warning is
returned; binary files (NUL bytes) and empty files are refused with a clear
message. A record without text or with unreadable JSON is skipped with a
warning naming its line, and the others are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import InputError
from geomap.htmltext import extract_article
from geomap.pipeline import make_document
from geomap.records import Document

__all__ = ["InputText", "expand_paths", "read_documents"]

TEXT_SUFFIXES = (".txt",)
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")
HTML_SUFFIXES = (".html", ".htm")
INPUT_SUFFIXES = TEXT_SUFFIXES + RECORD_SUFFIXES + HTML_SUFFIXES
_TEXT_FIELDS = ("text", "content", "body", "article")


@dataclass(frozen=True, slots=True)
class InputText:
    """One document read from disk or stdin, or only a warning about one."""

    document: Document | None
    warning: str | None = None


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given, folders as their ``.txt`` files (sorted), ``-`` as is."""
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.casefold() in INPUT_SUFFIXES
            )
            if not found:
                raise InputError(
                    f"{raw}: folder holds no documents (.txt, .jsonl, .csv, .tsv or .html)"
                )
            out.extend(str(p) for p in found)
        elif path.is_file():
            out.append(raw)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return out


def _decode(data: bytes, name: str) -> tuple[str, str | None]:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text; give geomap .txt files")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace")
        return text, f"{name}: not valid UTF-8 (byte {err.start}); undecodable bytes replaced"


def _published(value: object, where: str) -> tuple[dt.date | None, str | None]:
    if value in (None, ""):
        return None, None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]), None
    except ValueError:
        return None, f"{where}: published {text!r} is not an ISO date; ignored"


def _record_document(
    record: dict[str, object], where: str, default_id: str, published: dt.date | None
) -> InputText | None | str:
    """A document from one JSONL/CSV record, or a warning string if it has no text."""
    fields = {str(k).strip().casefold(): v for k, v in record.items() if k is not None}
    text = next((str(fields[f]) for f in _TEXT_FIELDS if fields.get(f)), "")
    if not text.strip():
        return f"{where}: no text (expected a 'text' field); skipped"
    date, warning = _published(fields.get("published") or fields.get("date"), where)
    doc_id = str(fields.get("id") or fields.get("doc_id") or default_id)
    title = str(fields["title"]) if fields.get("title") else None
    url = str(fields["url"]) if fields.get("url") else None
    document = make_document(text, doc_id=doc_id, published=date or published, title=title,
                             url=url)  # fmt: skip
    return InputText(document, warning)


def _read_records(path: Path, text: str, published: dt.date | None) -> Iterator[InputText]:
    """Documents of a JSONL or CSV/TSV file, in file order."""
    name = path.name
    if path.suffix.casefold() in (".jsonl", ".ndjson"):
        rows: Iterator[tuple[int, object]] = (
            (n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()
        )
        for number, line in rows:
            where = f"{path}:{number}"
            try:
                record = json.loads(str(line))
            except json.JSONDecodeError as err:
                yield InputText(None, f"{where}: not JSON ({err.msg}); skipped")
                continue
            if not isinstance(record, dict):
                yield InputText(None, f"{where}: not a JSON object; skipped")
                continue
            result = _record_document(record, where, f"{name}:{number}", published)
            yield result if isinstance(result, InputText) else InputText(None, result)
        return
    delimiter = "\t" if path.suffix.casefold() == ".tsv" else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = {f.strip().casefold() for f in reader.fieldnames or []}
    if not fields & set(_TEXT_FIELDS):
        raise InputError(f"{path}: needs a header row with a 'text' column")
    for row in reader:
        where = f"{path}:{reader.line_num}"
        result = _record_document(row, where, f"{name}:{reader.line_num}", published)
        yield result if isinstance(result, InputText) else InputText(None, result)


def read_documents(
    paths: Sequence[str], *, published: dt.date | None = None
) -> Iterator[InputText]:
    """Documents in input order; see the module docstring for each format.

    An :class:`InputText` whose ``document`` is None carries only a warning (a
    record that could not be read); the caller reports it and goes on.
    """
    for raw in expand_paths(paths):
        if raw == "-":
            data = sys.stdin.buffer.read()
            name = "stdin"
        else:
            try:
                data = Path(raw).read_bytes()
            except OSError as err:
                raise InputError(f"{raw}: cannot read: {err.strerror}") from err
            name = Path(raw).name
        text, warning = _decode(data, name if raw == "-" else raw)
        if not text.strip():
            raise InputError(f"{raw if raw != '-' else 'standard input'}: document is empty")
        suffix = Path(raw).suffix.casefold() if raw != "-" else ""
        if warning:
            yield InputText(None, warning)
        if suffix in RECORD_SUFFIXES:
            yield from _read_records(Path(raw), text, published)
        elif suffix in HTML_SUFFIXES:
            article = extract_article(text)
            if not article.text.strip():
                raise InputError(f"{raw}: the HTML page holds no article text")
            yield InputText(
                make_document(
                    article.text,
                    doc_id=name,
                    published=published or article.published,
                    title=article.title,
                    url=article.url,
                )  # fmt: skip
            )
        else:
            yield InputText(make_document(text, doc_id=name, published=published))
