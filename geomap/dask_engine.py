"""Parse shards on a Dask cluster: ``geomap map|parse --engine dask [--scheduler ADDRESS]``.

Each shard becomes a one-partition ``dask.bag`` whose partition is parsed on
a worker; the worker opens the gazetteer read-only by path (the file must be
at the same path on every worker, as it is on one machine or a shared
filesystem) and keeps it open for the next partitions. Only a few shards per
worker thread are in flight, so the client's memory stays flat. Results
come back as they finish; :func:`geomap.batch.run_shards` stores them and
puts them back in input order, so the outputs equal a local run's.

Dask is an optional extra (``pip install 'geomap[dask]'``); without it the
engine raises :class:`~geomap.errors.EngineError`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.batch import Shard, ShardResult, parse_safely
from geomap.errors import EngineError, GeomapError
from geomap.records import Document, Outcome

if TYPE_CHECKING:
    from distributed import Client

    from geomap.gazetteer import Gazetteer

__all__ = ["check_dask", "dask_client", "parse_shards_on_dask"]

_IN_FLIGHT_PER_THREAD = 2
_CONNECT_TIMEOUT_S = 10
_LOCAL = threading.local()  # per worker thread: {gazetteer path: open Gazetteer}


def _worker_gazetteer(path: str) -> Gazetteer:
    """The gazetteer at ``path``, opened once per worker thread (SQLite connections stay put)."""
    from geomap.gazetteer import Gazetteer

    cache: dict[str, Gazetteer] = getattr(_LOCAL, "gazetteers", None) or {}
    _LOCAL.gazetteers = cache
    if path not in cache:
        cache[path] = Gazetteer.open(path)
    return cache[path]


def _parse_partition(documents: Iterable[Document], gazetteer_path: str,
                     country: str) -> list[Outcome]:  # fmt: skip
    """Runs on a worker: one partition's documents, parsed or failed, in order."""
    gazetteer = _worker_gazetteer(gazetteer_path)
    return [parse_safely(document, gazetteer, country=country) for document in documents]


def check_dask() -> None:
    """Raise :class:`EngineError`, saying what to install, unless Dask can be imported."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise EngineError(
            f"--engine dask needs Dask ({err.name} is not installed); "
            "pip install 'geomap[dask]', or leave out --engine"
        ) from err


@contextlib.contextmanager
def dask_client(scheduler: str | None, *, jobs: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of ``jobs`` processes.

    The local cluster (one thread per worker process) is shut
    down on exit. Raises :class:`EngineError` when Dask is missing or the
    scheduler cannot be reached.
    """
    check_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=_CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as err:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: never "8787 is already in use"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def parse_shards_on_dask(
    shards: Iterable[Shard], gazetteer_path: Path, *, client: Client, country: str = ""
) -> Iterator[ShardResult]:
    """Parse each shard as a one-partition ``dask.bag`` on ``client``'s cluster.

    Yields each shard's result as it finishes (not in input order). A
    document that raises is a :class:`~geomap.records.FailedDocument`, as
    locally; an error of the cluster itself (a worker lost, the gazetteer
    missing on a worker) ends the run.
    """
    import dask.bag as db
    from distributed import as_completed

    path = str(Path(gazetteer_path).resolve())
    limit = _IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
    running = as_completed()
    index_of: dict[Any, int] = {}  # future -> shard index (futures hash by identity)

    def result(future: Any) -> ShardResult:
        index = index_of.pop(future)
        try:
            outcomes = future.result()
        except GeomapError:
            raise  # e.g. the gazetteer is missing on a worker: the user can fix that
        except Exception as err:
            raise EngineError(
                f"the Dask cluster failed on shard {index}: {type(err).__name__}: {err}"
            ) from err
        return ShardResult(index, tuple(outcomes))

    for shard in shards:
        bag = db.from_sequence(shard.documents, npartitions=1)
        (partition,) = bag.map_partitions(_parse_partition, path, country).to_delayed()
        future = client.compute(partition)
        index_of[future] = shard.index
        running.add(future)
        while running.count() >= limit:
            yield result(next(running))
    for future in running:
        yield result(future)
