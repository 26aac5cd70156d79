"""``python -m geomap.bench corpus``: throughput, scaling, memory and resume at corpus scale.

Why: ``geomap parse`` and ``geomap map`` promise to scale with cores, to keep
memory flat however long the input, and to resume a killed run repeating at
most a shard. Unit tests check that on a handful of documents; this command
measures it on news-length articles at 10,000 and 100,000 documents, each
figure from a whole ``python -m geomap`` process (as a user runs it), so
start-up, reading, the worker pool and writing are all included.

The corpus is the GeoWebNews (and/or LGL) articles of the shared data folder
repeated until there are N, written as one JSONL file (``bench-0000001``, ...
distinct ids) in a temporary folder, or kept in ``--corpus-dir``. The texts
repeat, so the gazetteer's lookup cache is warmer than on a real feed and
``map`` merges each article's copies into one incident (word-for-word
identical reports): throughput is a little optimistic, the map small.

Measured per run: wall time; CPU time of the process and every child it
reaped (``getrusage(RUSAGE_CHILDREN)`` before and after); documents per
second, and per job (per core used); and memory, sampled every 0.25 s with
psutil over the process tree (the parent and every worker): the peak of
the tree's summed PSS (proportional set size: pages shared by forked
workers, such as the parent's copy-on-write heap and the gazetteer's
mmapped file, counted once in total, not once per process) and the peak RSS
of the largest single process. The corpus data is not part of the project:
without it the command exits with status 2 and says where it looked.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "RunFigures",
    "build_corpus",
    "corpus_texts",
    "format_report",
    "main",
    "measure",
]

_SAMPLE_S = 0.25  # PSS reads /proc/PID/smaps_rollup: at 0.1 s this process took ~10 % of a core
_CORPUS_NAMES = {"gwn": "GeoWebNews", "lgl": "LGL"}
GOAL_DOCS_PER_CORE = 300.0
GOAL_SCALING = 1.7
GOAL_PEAK_MB = 500.0


# ---------------------------------------------------------------------------
# The corpus


def corpus_texts(folders: Iterable[Path]) -> list[tuple[str, str]]:
    """``(label, text)`` of every document in ``folders``, in a stable order.

    The shared corpora hold one article per file, named ``0``, ``1``, ...
    (no suffix); ``.txt`` files are read too. Files are sorted by number
    where the name is one, otherwise by name. Empty files are skipped.
    """
    texts: list[tuple[str, str]] = []
    for folder in folders:
        files = [p for p in folder.iterdir()
                 if p.is_file() and (p.name.isdigit() or p.suffix == ".txt")]  # fmt: skip
        files.sort(key=lambda p: (0, int(p.name), "") if p.name.isdigit() else (1, 0, p.name))
        for path in files:
            text = path.read_text(encoding="utf-8", errors="replace")
            if text.strip():
                texts.append((f"{folder.name}/{path.name}", text))
    return texts


def build_corpus(texts: Sequence[tuple[str, str]], docs: int, path: Path) -> Path:
    """Write ``docs`` documents to ``path`` as JSONL, repeating ``texts`` as needed.

    Document *i* (from 1) has the id ``bench-000000i`` (distinct, sorting in
    input order), the text ``texts[(i - 1) % len(texts)]`` and, as ``title``,
    where that text came from. Written to a temporary name and renamed, so a
    reused corpus is always whole.
    """
    if not texts:
        raise ValueError("no texts to build a corpus from")
    width = max(7, len(str(docs)))
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for i in range(docs):
            label, text = texts[i % len(texts)]
            record = {"id": f"bench-{i + 1:0{width}d}", "title": label, "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def find_corpus_folders(names: Sequence[str], data_dir: Path | None) -> list[Path]:
    """The shared corpus folders for ``names`` (``gwn``, ``lgl``); exit 2 if absent."""
    from geomap.evaluate import default_data_dirs

    bases = [data_dir] if data_dir is not None else default_data_dirs()
    found = []
    for name in names:
        folder = next((b / "corpora" / _CORPUS_NAMES[name] for b in bases
                       if (b / "corpora" / _CORPUS_NAMES[name]).is_dir()), None)  # fmt: skip
        if folder is None:
            where = " or ".join(str(b / "corpora") for b in bases)
            _say(f"{_CORPUS_NAMES[name]} not found in {where}; give --data-dir "
                 "(the folder holding corpora/)")  # fmt: skip
            raise SystemExit(2)
        found.append(folder)
    return found


def _corpus(folders: Sequence[Path], docs: int, where: Path) -> Path:
    """The corpus of ``docs`` documents in ``where``: reused if already built there."""
    tag = "+".join(f.name for f in folders)
    path = where / f"corpus-{tag}-{docs}.jsonl"
    if path.is_file():
        with path.open("rb") as handle:
            if sum(1 for _ in handle) == docs:
                return path
    _say(f"building {path} ({docs:,} documents)")
    return build_corpus(corpus_texts(folders), docs, path)


# ---------------------------------------------------------------------------
# Measuring one process


@dataclass
class RunFigures:
    """What one whole ``python -m geomap`` process took."""

    label: str
    docs: int
    jobs: int  # worker processes (cores asked for)
    wall_s: float
    cpu_s: float  # user + system, the process and every child it reaped
    peak_pss_mb: float  # the process tree's summed PSS, at its peak
    peak_rss_mb: float  # the largest single process's RSS, at its peak
    exit_code: int
    killed: bool = False
    output_sha256: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall_s if self.wall_s else 0.0

    @property
    def docs_per_s_per_core(self) -> float:
        return self.docs_per_s / max(1, self.jobs)

    @property
    def docs_per_cpu_s(self) -> float:
        return self.docs / self.cpu_s if self.cpu_s else 0.0

    def to_json(self) -> dict[str, Any]:
        """Every field and derived rate, rounded for reading."""
        data = asdict(self)
        for key in ("wall_s", "cpu_s", "peak_pss_mb", "peak_rss_mb"):
            data[key] = round(data[key], 2)
        data["docs_per_s"] = round(self.docs_per_s, 1)
        data["docs_per_s_per_core"] = round(self.docs_per_s_per_core, 1)
        data["docs_per_cpu_s"] = round(self.docs_per_cpu_s, 1)
        return data


def _tree_memory(root: Any) -> tuple[float, float]:
    """(summed PSS, largest RSS) of ``root`` and its descendants, in MB; 0 for vanished ones."""
    import psutil

    pss = biggest = 0.0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0.0
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except psutil.Error:
            continue
        pss += getattr(info, "pss", info.rss)
        biggest = max(biggest, info.rss)
    return pss / 2**20, biggest / 2**20


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    label: str,
    cmd: Sequence[str],
    *,
    docs: int,
    jobs: int,
    stdout: Path,
    env: dict[str, str] | None = None,
    kill_when: Callable[[float], bool] | None = None,
) -> RunFigures:
    """Run ``cmd`` as a new process group and measure it (see the module docstring).

    ``stdout`` receives its output (``stdout.err`` its stderr). ``kill_when``,
    asked at every sample with the seconds elapsed, returning True sends
    SIGKILL to the whole process group (the parent and its workers at once,
    like a crash or a lost machine), and the run is marked ``killed``.
    """
    import psutil

    cpu_before = _children_cpu()
    peak_pss = peak_rss = 0.0
    killed = False
    started = time.perf_counter()
    with stdout.open("wb") as out, stdout.with_suffix(stdout.suffix + ".err").open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            pss, rss = _tree_memory(root)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            if not killed and kill_when is not None and kill_when(time.perf_counter() - started):
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
            time.sleep(_SAMPLE_S)
        wall = time.perf_counter() - started
    figures = RunFigures(label, docs, jobs, wall, _children_cpu() - cpu_before, peak_pss,
                         peak_rss, proc.returncode, killed)  # fmt: skip
    if not killed and proc.returncode != 0:
        tail = stdout.with_suffix(stdout.suffix + ".err").read_text(errors="replace")[-2000:]
        raise SystemExit(f"{label} failed with exit code {proc.returncode}:\n{tail}")
    return figures


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# The benchmark


@dataclass
class Bench:
    """Where the benchmark's commands run and what they share."""

    workdir: Path
    gazetteer: Path
    shard_size: int
    env: dict[str, str]

    def geomap(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "geomap", *args, "--quiet",
                "--gazetteer", str(self.gazetteer)]  # fmt: skip

    def parse(self, corpus: Path, docs: int, jobs: int, *, engine: str = "local") -> RunFigures:
        tag = f"parse-{engine}-j{jobs}-{docs}"
        extra = (
            ["--engine", "dask", "--shard-size", str(self.shard_size)] if engine == "dask" else []
        )
        label = f"parse --jobs {jobs}" + (" --engine dask" if extra else "")
        out = self.workdir / f"{tag}.jsonl"
        _say(f"{label}: {docs:,} documents")
        figures = measure(label, self.geomap("parse", str(corpus), "--jobs", str(jobs), *extra),
                          docs=docs, jobs=jobs, stdout=out, env=self.env)  # fmt: skip
        figures.output_sha256 = _sha256(out)
        out.unlink()
        return figures

    def map(self, corpus: Path, docs: int, jobs: int, out_dir: Path,
            kill_when: Callable[[float], bool] | None = None) -> RunFigures:  # fmt: skip
        _say(f"map --jobs {jobs}: {docs:,} documents" + (" (to be killed)" if kill_when else ""))
        cmd = self.geomap("map", str(corpus), "--jobs", str(jobs), "--out", str(out_dir),
                          "--shard-size", str(self.shard_size))  # fmt: skip
        figures = measure(f"map --jobs {jobs}", cmd, docs=docs, jobs=jobs,
                          stdout=out_dir.with_suffix(".log"), env=self.env,
                          kill_when=kill_when)  # fmt: skip
        geojson = out_dir / "incidents.geojson"
        if geojson.is_file() and not figures.killed:
            figures.output_sha256 = _sha256(geojson)
        return figures


def _manifest_shards(run_dir: Path) -> int:
    try:
        return len(json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))["shards"])
    except (OSError, ValueError, KeyError):
        return 0


def bench_resume(bench: Bench, corpus: Path, docs: int, jobs: int,
                 reference: RunFigures) -> dict[str, Any]:  # fmt: skip
    """Kill ``map`` at half its uninterrupted time, rerun it, compare the outputs.

    The kill lands at a random point of a shard; while the killed run goes,
    the moment each shard reaches the manifest is noted, so the documents
    parsed after the last stored shard (lost, and parsed again by the rerun)
    are estimated from the time since then at the uninterrupted run's rate.
    """
    out_dir = bench.workdir / f"resume-{docs}"
    shutil.rmtree(out_dir, ignore_errors=True)
    run_dir = out_dir / ".geomap-run"
    last_change = [0.0, 0]  # seconds, shards then

    def kill_when(elapsed: float) -> bool:
        shards = _manifest_shards(run_dir)
        if shards != last_change[1]:
            last_change[:] = [elapsed, shards]
        return elapsed >= reference.wall_s / 2

    first = bench.map(corpus, docs, jobs, out_dir, kill_when=kill_when)
    first.label = "map, killed at half time"
    kept_shards = _manifest_shards(run_dir)
    kept_docs = min(docs, kept_shards * bench.shard_size)
    lost_s = max(0.0, first.wall_s - last_change[0]) if kept_shards else first.wall_s
    lost_docs = min(docs - kept_docs, round(lost_s * reference.docs_per_s))
    first.docs = kept_docs  # stored when it was killed
    first.notes.append("CPU s: the parent's only (its killed workers were reaped by init)")
    second = bench.map(corpus, docs, jobs, out_dir)
    second.label = "map, rerun (resumed)"
    second.docs = docs - kept_docs  # parsed by the rerun; the rest read back
    log = out_dir.with_suffix(".log.err").read_text(errors="replace")
    identical = second.output_sha256 == reference.output_sha256
    shutil.rmtree(out_dir, ignore_errors=True)
    return {
        "runs": [first, second],
        "shard_size": bench.shard_size,
        "shards_kept": kept_shards,
        "docs_kept": kept_docs,
        "docs_parsed_by_rerun": docs - kept_docs,
        "docs_lost_estimate": lost_docs,
        "rerun_said": next((line for line in log.splitlines() if "resuming" in line), ""),
        "total_wall_s": round(first.wall_s + second.wall_s, 1),
        "uninterrupted_wall_s": round(reference.wall_s, 1),
        "total_cpu_s": round(first.cpu_s + second.cpu_s, 1),
        "uninterrupted_cpu_s": round(reference.cpu_s, 1),
        "geojson_identical": identical,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every part of the benchmark that ``args`` leaves in; the report as a dict."""
    import platform

    try:
        import psutil  # noqa: F401
    except ImportError:
        _say("needs psutil (pip install -e '.[bench]')")
        raise SystemExit(2) from None
    from geomap.gazetteer import ensure_gazetteer

    folders = find_corpus_folders(args.corpus, args.data_dir)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="geomap-corpus-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    corpus_dir = args.corpus_dir or workdir
    corpus_dir.mkdir(parents=True, exist_ok=True)
    gazetteer = ensure_gazetteer(args.gazetteer)
    env = dict(os.environ)
    bench = Bench(workdir, gazetteer, args.shard_size, env)
    texts = corpus_texts(folders)
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "corpus": {"sources": [str(f) for f in folders], "distinct_texts": len(texts),
                   "mean_chars": round(sum(len(t) for _, t in texts) / max(1, len(texts)))},
        "docs": args.docs,
        "runs": [],
    }  # fmt: skip
    runs: list[RunFigures] = report["runs"]
    try:
        corpus = _corpus(folders, args.docs, corpus_dir)
        by_jobs: dict[int, RunFigures] = {}
        for jobs in args.jobs_list:
            by_jobs[jobs] = bench.parse(corpus, args.docs, jobs)
            runs.append(by_jobs[jobs])
        if 1 in by_jobs and 2 in by_jobs:
            report["scaling_1_to_2"] = round(by_jobs[1].wall_s / by_jobs[2].wall_s, 2)
        outputs = {r.output_sha256 for r in runs}
        if not args.skip_dask:
            dask = bench.parse(corpus, args.docs, 2, engine="dask")
            runs.append(dask)
            outputs.add(dask.output_sha256)
            if 2 in by_jobs:
                report["dask_overhead"] = round(dask.wall_s / by_jobs[2].wall_s - 1, 3)
        if runs:
            report["parse_outputs_identical"] = len(outputs) == 1
        if not args.skip_map or not args.skip_resume:
            mapped = bench.map(corpus, args.docs, 2, workdir / f"map-{args.docs}")
            runs.append(mapped)
            if not args.skip_resume:
                report["resume"] = bench_resume(bench, corpus, args.docs, 2, mapped)
            shutil.rmtree(workdir / f"map-{args.docs}", ignore_errors=True)
        if not args.skip_100k:
            big = _corpus(folders, args.big_docs, corpus_dir)
            runs.append(bench.parse(big, args.big_docs, 2))
            if args.big_map:
                runs.append(bench.map(big, args.big_docs, 2, workdir / f"map-{args.big_docs}"))
                shutil.rmtree(workdir / f"map-{args.big_docs}", ignore_errors=True)
            if args.corpus_dir is None:
                big.unlink()
    finally:
        if args.workdir is None and args.corpus_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return report


# ---------------------------------------------------------------------------
# The report


def _figures(report: dict[str, Any]) -> list[RunFigures]:
    runs = list(report.get("runs", []))
    if "resume" in report:
        runs += report["resume"]["runs"]
    return runs


def report_to_json(report: dict[str, Any]) -> dict[str, Any]:
    """The report with every :class:`RunFigures` as a dict: what ``--json`` prints."""

    def convert(value: Any) -> Any:
        if isinstance(value, RunFigures):
            return value.to_json()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return convert(report)  # type: ignore[no-any-return]


def format_report(report: dict[str, Any]) -> str:
    """The report as a Markdown table of runs, then the derived figures and goals."""
    lines = [
        f"{report.get('date', '')}, {report.get('machine', '')}",
        "",
        "| run | docs | wall s | CPU s | docs/s | docs/s per core | docs per CPU-s "
        "| peak PSS, tree (MB) | peak RSS, largest process (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in _figures(report):
        label = r.label + (" (killed)" if r.killed and "killed" not in r.label else "")
        lines.append(
            f"| {label} | {r.docs:,} | {r.wall_s:,.1f} | {r.cpu_s:,.1f} | {r.docs_per_s:,.1f} "
            f"| {r.docs_per_s_per_core:,.1f} | {r.docs_per_cpu_s:,.1f} | {r.peak_pss_mb:,.0f} "
            f"| {r.peak_rss_mb:,.0f} |"
        )
    lines.append("")
    per_core = [
        r.docs_per_s_per_core for r in report.get("runs", []) if r.label.startswith("parse")
    ]
    if per_core:
        best = max(per_core)
        lines.append(f"best docs/s per core: {best:,.1f} (goal >= {GOAL_DOCS_PER_CORE:.0f}: "
                     f"{best / GOAL_DOCS_PER_CORE:.0%} of it)")  # fmt: skip
    if "scaling_1_to_2" in report:
        lines.append(f"--jobs 1 -> --jobs 2: {report['scaling_1_to_2']:.2f}x (goal >= "
                     f"{GOAL_SCALING})")  # fmt: skip
    if "dask_overhead" in report:
        lines.append(f"--engine dask (LocalCluster, 2 workers) vs --jobs 2: "
                     f"{report['dask_overhead']:+.1%} wall time")  # fmt: skip
    if "parse_outputs_identical" in report:
        lines.append(f"parse outputs identical across runs: {report['parse_outputs_identical']}")
    if "resume" in report:
        res = report["resume"]
        lines.append(
            f"resume: killed with {res['shards_kept']} shards ({res['docs_kept']:,} documents) "
            f"stored; the rerun parsed {res['docs_parsed_by_rerun']:,}; documents parsed twice "
            f"(estimated) {res['docs_lost_estimate']:,} (shard size {res['shard_size']}); "
            f"wall {res['total_wall_s']:,} s in all vs {res['uninterrupted_wall_s']:,} s "
            f"uninterrupted; GeoJSON byte-identical: {res['geojson_identical']}"
        )
    return "\n".join(lines)


def _say(message: str) -> None:
    print(f"geomap.bench: {message}", file=sys.stderr, flush=True)  # noqa: T201


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``corpus`` subcommand's options."""

    def jobs_list(text: str) -> list[int]:
        return [int(j) for j in text.split(",") if j.strip()]

    parser.add_argument("--docs", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument(
        "--corpus",
        nargs="+",
        choices=sorted(_CORPUS_NAMES),
        default=["gwn"],
        help="texts to repeat: gwn (GeoWebNews, default), lgl, or both",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder holding corpora/ (default ../shared/data)",
    )
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=None,
        help="keep the built corpora here and reuse them next time",
    )
    parser.add_argument("--workdir", type=Path, default=None, help="keep outputs and logs here")
    parser.add_argument("--gazetteer", type=Path, default=os.environ.get("GEOMAP_GAZETTEER"))
    parser.add_argument(
        "--jobs-list",
        type=jobs_list,
        default=[1, 2],
        metavar="1,2",
        help="parse with each of these --jobs (default 1,2)",
    )
    parser.add_argument("--shard-size", type=int, default=100)
    parser.add_argument("--skip-dask", action="store_true", help="no --engine dask run")
    parser.add_argument("--skip-map", action="store_true", help="no map run (unless resume)")
    parser.add_argument("--skip-resume", action="store_true", help="no kill-and-resume run")
    parser.add_argument("--skip-100k", action="store_true", help="no --big-docs memory run")
    parser.add_argument(
        "--big-docs",
        type=int,
        default=100_000,
        help="documents of the memory run (default 100,000)",
    )
    parser.add_argument(
        "--big-map",
        action="store_true",
        help="also run map on the big corpus (map keeps incidents in memory)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def main(args: argparse.Namespace) -> int:
    """Run the benchmark and print its table (or JSON); 2 if the corpus data is absent."""
    report = run(args)
    if args.json:
        print(json.dumps(report_to_json(report), indent=2))  # noqa: T201 - a command's output
    else:
        print(format_report(report))  # noqa: T201
    return 0
