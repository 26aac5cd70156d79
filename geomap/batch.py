"""Parse many documents: in order, on every core, in resumable shards, with progress.

Worker processes each open the gazetteer read-only (SQLite shares the file
and the OS caches its pages once), parse what they are given and send back
the frozen records. Results come back in input order, so a run with any
number of jobs gives the same output as a single process. At most a few
documents per worker are in flight, so memory stays flat however long the
input is. A document whose parsing raises becomes a :class:`FailedDocument`
in its place and the batch goes on.

:func:`run_shards` cuts the input into shards of N documents, hands the
unfinished ones to an engine (:func:`parse_shards_locally` here, or
:func:`geomap.dask_engine.parse_shards_on_dask`), stores each finished shard
in a :class:`~geomap.runstate.RunDir` and yields them in input order.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from geomap.records import Document, FailedDocument, Outcome, ParsedDocument

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer
    from geomap.runstate import RunDir

__all__ = [
    "Progress",
    "Shard",
    "ShardEngine",
    "ShardResult",
    "parse_many",
    "parse_safely",
    "parse_shards_locally",
    "run_shards",
]

_IN_FLIGHT_PER_JOB = 3  # tasks queued per worker, so none waits for work
_TASK_SIZE = 16  # documents per task: fewer round trips, still a short wait for order
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


def parse_safely(document: Document, gazetteer: Gazetteer, *, country: str = "") -> Outcome:
    """:func:`~geomap.pipeline.parse_document`, or a :class:`FailedDocument` if it raises.

    Any exception counts (a bug met by one odd text must not end a run of
    thousands); KeyboardInterrupt and SystemExit are not exceptions here and
    still stop the run.
    """
    from geomap.pipeline import parse_document

    try:
        parsed = parse_document(document, gazetteer, country=country)
    except Exception as err:  # noqa: BLE001 - recorded, reported, and the batch goes on
        message = " ".join(str(err).split())  # one line, for the warning on stderr
        return FailedDocument(document.doc_id, f"{type(err).__name__}: {message}")
    return _without_candidates(parsed)


def _without_candidates(parsed: ParsedDocument) -> ParsedDocument:
    """``parsed`` without each mention's candidate list.

    No batch output shows the candidates a resolution weighed (``geomap
    eval`` and the API keep them); they are a third of a parsed document's
    pickle and most of its shard record, which the parent process must read.
    """
    if not any(m.candidates for m in parsed.mentions):
        return parsed
    return replace(parsed, mentions=tuple(replace(m, candidates=()) for m in parsed.mentions))


def _init_worker(gazetteer_path: str, country: str) -> None:
    from geomap.gazetteer import Gazetteer

    # Ctrl-C reaches the whole process group: the parent stops the pool and
    # says how to resume; a worker printing its own traceback would only bury that.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    _WORKER["gazetteer"] = Gazetteer.open(gazetteer_path)
    _WORKER["country"] = country


def _parse_chunk_in_worker(documents: list[Document]) -> list[Outcome]:
    gazetteer, country = _WORKER["gazetteer"], str(_WORKER["country"])
    return [parse_safely(d, gazetteer, country=country) for d in documents]  # type: ignore[arg-type]


def parse_many(
    documents: Iterable[Document],
    gazetteer_path: Path,
    *,
    jobs: int = 1,
    country: str = "",
    on_done: Callable[[Outcome], None] | None = None,
) -> Iterator[Outcome]:
    """Parsed (or failed) documents in input order, using ``jobs`` processes.

    A short input (no more documents than jobs) is parsed here, without
    starting workers.
    """
    iterator = iter(documents)
    head = list(islice(iterator, max(1, jobs)))
    if jobs <= 1 or len(head) < jobs:
        from geomap.gazetteer import Gazetteer

        with Gazetteer.open(gazetteer_path) as gazetteer:
            for document in chain(head, iterator):
                parsed = parse_safely(document, gazetteer, country=country)
                if on_done:
                    on_done(parsed)
                yield parsed
        return
    context = multiprocessing.get_context("fork")
    pending: deque[AsyncResult[list[Outcome]]] = deque()
    with context.Pool(jobs, initializer=_init_worker,
                      initargs=(str(gazetteer_path), country)) as pool:  # fmt: skip
        for chunk in _task_chunks(chain(head, iterator)):
            pending.append(pool.apply_async(_parse_chunk_in_worker, (chunk,)))
            while len(pending) >= jobs * _IN_FLIGHT_PER_JOB:
                for parsed in pending.popleft().get():
                    if on_done:
                        on_done(parsed)
                    yield parsed
        while pending:
            for parsed in pending.popleft().get():
                if on_done:
                    on_done(parsed)
                yield parsed


def _task_chunks(documents: Iterable[Document]) -> Iterator[list[Document]]:
    """Documents in lists of _TASK_SIZE: one round trip to a worker each, not one per document."""
    iterator = iter(documents)
    while chunk := list(islice(iterator, _TASK_SIZE)):
        yield chunk


@dataclass(frozen=True, slots=True)
class Shard:
    """Documents ``index * N`` onwards of the input: the unit of work that is stored."""

    index: int
    documents: tuple[Document, ...]


@dataclass(frozen=True, slots=True)
class ShardResult:
    """A shard's outcomes, one per document, in the shard's order."""

    index: int
    outcomes: tuple[Outcome, ...]


ShardEngine = Callable[[Iterator[Shard]], Iterator[ShardResult]]
"""Parses shards, yielding each one's result when it is ready (in any order)."""


def parse_shards_locally(
    shards: Iterable[Shard], gazetteer_path: Path, *, jobs: int = 1, country: str = ""
) -> Iterator[ShardResult]:
    """Parse shards here with :func:`parse_many` (``jobs`` processes); results in order."""
    sizes: deque[tuple[int, int]] = deque()

    def documents() -> Iterator[Document]:
        for shard in shards:
            sizes.append((shard.index, len(shard.documents)))
            yield from shard.documents

    batch: list[Outcome] = []
    for outcome in parse_many(documents(), gazetteer_path, jobs=jobs, country=country):
        batch.append(outcome)
        if len(batch) == sizes[0][1]:
            yield ShardResult(sizes.popleft()[0], tuple(batch))
            batch = []


def _chunks(documents: Iterable[Document], size: int) -> Iterator[tuple[Document, ...]]:
    iterator = iter(documents)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


def run_shards(
    documents: Iterable[Document],
    engine: ShardEngine,
    *,
    shard_size: int,
    run: RunDir | None = None,
) -> Iterator[ShardResult]:
    """Every shard's outcomes in input order: finished ones read back, the rest parsed.

    The input is cut into shards of ``shard_size`` documents. With a ``run``
    directory, a shard it already holds (same documents) is read from disk
    instead of parsed, and each newly parsed shard is stored there before it
    is yielded, so a run killed at any point loses at most the shards in
    flight. ``engine`` may finish shards in any order; they are yielded in
    input order (at most the engine's in-flight shards wait here).
    """
    plan: deque[tuple[int, bool]] = deque()  # (shard index, parsed now rather than read back)
    finished: dict[int, tuple[Outcome, ...]] = {}

    def pending() -> Iterator[Shard]:
        for index, chunk in enumerate(_chunks(documents, shard_size)):
            if run is not None and run.is_done(index, [d.doc_id for d in chunk]):
                plan.append((index, False))
                continue
            plan.append((index, True))
            yield Shard(index, chunk)

    def ready() -> Iterator[ShardResult]:
        while plan and (not plan[0][1] or plan[0][0] in finished):
            index, parsed_now = plan.popleft()
            assert parsed_now or run is not None
            outcomes = finished.pop(index) if parsed_now else run.read(index)  # type: ignore[union-attr]
            yield ShardResult(index, outcomes)

    for result in engine(pending()):
        if run is not None:
            run.write(result.index, result.outcomes)
        finished[result.index] = result.outcomes
        yield from ready()
    yield from ready()
    if plan:
        raise RuntimeError(f"engine returned no result for shard {plan[0][0]}")
