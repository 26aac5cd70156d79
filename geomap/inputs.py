"""Read input documents from files, folders or standard input.

Text is decoded as UTF-8; undecodable bytes are replaced and a warning is
returned, binary files (NUL bytes) and empty files are refused with a clear
message.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import InputError
from geomap.pipeline import make_document
from geomap.records import Document

__all__ = ["InputText", "expand_paths", "read_documents"]

TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True, slots=True)
class InputText:
    """One document read from disk or stdin, with any decoding warning."""

    document: Document
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
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
            if not found:
                raise InputError(f"{raw}: folder holds no .txt documents")
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


def read_documents(
    paths: Sequence[str], *, published: dt.date | None = None
) -> Iterator[InputText]:
    """Documents in input order; ``doc_id`` is the file name, ``stdin`` for ``-``."""
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
        yield InputText(make_document(text, doc_id=name, published=published), warning)
