"""Parse many documents: in order, on every core, with progress on a terminal.

Worker processes each open the gazetteer read-only (SQLite shares the file
and the OS caches its pages once), parse what they are given and send back
the frozen records. Results come back in input order, so a run with any
number of jobs gives the same output as a single process. At most a few
documents per worker are in flight, so memory stays flat however long the
input is.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TextIO

from geomap.records import Document, ParsedDocument

__all__ = ["Progress", "parse_many"]

_IN_FLIGHT_PER_JOB = 4
_WORKER: dict[str, object] = {}


class Progress:
    """Documents done, documents per second and (when the total is known) an ETA.

    Writes one self-overwriting line to a terminal; silent when the stream is
    not a terminal or when ``quiet``.
    """

    def __init__(
        self, *, total: int | None = None, quiet: bool = False, stream: TextIO | None = None
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.total = total
        self.done = 0
        self.started = time.perf_counter()
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if self.enabled and now - self._last >= 0.2:
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max(1e-9, (now or time.perf_counter()) - self.started)
        rate = self.done / elapsed
        text = f"geomap: {self.done:,} documents, {rate:,.1f}/s"
        if self.total:
            left = max(0, self.total - self.done)
            text += f", {self.done / self.total:.0%}, ETA {left / rate if rate else 0:,.0f} s"
        return text

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()


def _init_worker(gazetteer_path: str, country: str) -> None:
    from geomap.gazetteer import Gazetteer

    _WORKER["gazetteer"] = Gazetteer.open(gazetteer_path)
    _WORKER["country"] = country


def _parse_in_worker(document: Document) -> ParsedDocument:
    from geomap.pipeline import parse_document

    return parse_document(document, _WORKER["gazetteer"],  # type: ignore[arg-type]
                          country=str(_WORKER["country"]))  # fmt: skip


def parse_many(
    documents: Iterable[Document],
    gazetteer_path: Path,
    *,
    jobs: int = 1,
    country: str = "",
    on_done: Callable[[ParsedDocument], None] | None = None,
) -> Iterator[ParsedDocument]:
    """Parsed documents in input order, using ``jobs`` processes.

    A short input (no more documents than jobs) is parsed here, without
    starting workers.
    """
    iterator = iter(documents)
    head = list(islice(iterator, max(1, jobs)))
    if jobs <= 1 or len(head) < jobs:
        from geomap.gazetteer import Gazetteer
        from geomap.pipeline import parse_document

        with Gazetteer.open(gazetteer_path) as gazetteer:
            for document in [*head, *iterator]:
                parsed = parse_document(document, gazetteer, country=country)
                if on_done:
                    on_done(parsed)
                yield parsed
        return
    context = multiprocessing.get_context("fork")
    pending: deque[AsyncResult[ParsedDocument]] = deque()
    with context.Pool(jobs, initializer=_init_worker,
                      initargs=(str(gazetteer_path), country)) as pool:  # fmt: skip
        for document in [*head, *iterator]:
            pending.append(pool.apply_async(_parse_in_worker, (document,)))
            while len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                parsed = pending.popleft().get()
                if on_done:
                    on_done(parsed)
                yield parsed
        while pending:
            parsed = pending.popleft().get()
            if on_done:
                on_done(parsed)
            yield parsed
