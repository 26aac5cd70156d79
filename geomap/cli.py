"""The ``geomap`` command: map, parse, gazetteer. The only module that exits.

Data goes to stdout, progress and warnings to stderr. Any :class:`GeomapError`
becomes one line ``geomap: error: ...`` and exit code 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from geomap.errors import GeomapError

if TYPE_CHECKING:
    from geomap.batch import ShardEngine, ShardResult

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger("geomap")


class CliError(click.ClickException):
    """A library error shown as one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"geomap: error: {self.message}", err=True)


def _errors_to_exit(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeomapError as err:
            raise CliError(str(err)) from err

    return wrapper  # type: ignore[return-value]


def _progress(message: str) -> None:
    click.echo(f"geomap: {message}", err=True)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise click.BadParameter(f"{value!r} is not an ISO date such as 2020-05-01") from err


gazetteer_option = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    envvar="GEOMAP_GAZETTEER",
    help="Gazetteer SQLite file (default: per-user cache; env GEOMAP_GAZETTEER). "
    "Built from the embedded sources if missing.",
)


def _parse_country(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    if not value:
        return ""
    if len(value) != 2 or not value.isalpha():
        raise click.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-2 code such as SY")
    return value.upper()


country_option = click.option(
    "--country",
    callback=_parse_country,
    default=None,
    metavar="CC",
    help="Region of interest (ISO alpha-2, e.g. SY): ambiguous names prefer places there "
    "unless a document clearly names elsewhere.",
)
published_option = click.option(
    "--published",
    callback=_parse_date,
    default=None,
    metavar="YYYY-MM-DD",
    help="Publication date, to resolve 'on Monday' or 'late April'. Default: the latest "
    "date the text states.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
def cli(verbose: int) -> None:
    """Offline geoparser and incident mapper: documents -> places -> incidents -> map."""
    logging.basicConfig(level=logging.WARNING - 10 * verbose, format="geomap: %(message)s")


@dataclass(frozen=True, slots=True)
class _BatchOptions:
    """What ``map`` and ``parse`` share: the inputs and how to parse them."""

    paths: tuple[str, ...]
    gazetteer_path: Path | None
    published: dt.date | None
    country: str
    jobs: int
    quiet: bool
    engine: str  # "local" or "dask"
    scheduler: str | None
    shard_size: int


def _warning(message: str) -> None:
    click.echo(f"geomap: warning: {message}", err=True)


@contextlib.contextmanager
def _engine(opts: _BatchOptions, gazetteer: Path) -> Iterator[ShardEngine]:
    """The :data:`~geomap.batch.ShardEngine` that ``--engine`` names, ready to run."""
    from geomap.batch import parse_shards_locally

    if opts.engine != "dask":
        yield partial(parse_shards_locally, gazetteer_path=gazetteer, jobs=opts.jobs,
                      country=opts.country)  # fmt: skip
        return
    from geomap.dask_engine import dask_client, parse_shards_on_dask

    # Dask logs every worker's start and stop at INFO: show them only with -v.
    logging.getLogger("distributed").setLevel(log.getEffectiveLevel())
    with dask_client(opts.scheduler, jobs=opts.jobs) as client:
        yield partial(parse_shards_on_dask, gazetteer_path=gazetteer, client=client,
                      country=opts.country)  # fmt: skip


def _parsed(
    opts: _BatchOptions, run_dir: Path | None = None, *, whole_shards: bool = False
) -> Iterator[ShardResult]:
    """Each shard's :class:`~geomap.batch.ShardResult`, in input order; warns of failures.

    With ``run_dir``, finished shards are kept there and a rerun of the same
    command reads them back (:mod:`geomap.runstate`); it is opened before the
    first document is parsed and marked complete after the last. Without it,
    a local run yields one document at a time unless ``whole_shards``.
    """
    from geomap import __version__
    from geomap.batch import Progress, run_shards
    from geomap.gazetteer import Gazetteer, ensure_gazetteer
    from geomap.inputs import TEXT_SUFFIXES, expand_paths, read_documents
    from geomap.records import FailedDocument
    from geomap.runstate import RunDir, RunKey, file_stamp

    files = expand_paths(opts.paths)  # fail on a bad path before the (possibly long) build
    if opts.engine == "dask":
        from geomap.dask_engine import check_dask

        check_dask()  # a missing extra fails before the gazetteer build, too
    path = ensure_gazetteer(opts.gazetteer_path, progress=_progress)
    Gazetteer.open(path).close()  # a broken gazetteer fails here, with one clear line
    run = None
    if run_dir is not None and "-" in files:
        _warning("standard input cannot be resumed; this run keeps no run folder")
    elif run_dir is not None:
        key = RunKey(
            inputs=tuple(file_stamp(f) for f in files),
            gazetteer=file_stamp(path),
            published=opts.published.isoformat() if opts.published else None,
            country=opts.country,
            shard_size=opts.shard_size,
            version=__version__,
        )
        run = RunDir.open(run_dir, key, warn=_warning)

    def documents() -> Iterator[Any]:
        for item in read_documents(opts.paths, published=opts.published):
            if item.warning:
                _warning(item.warning)
            if item.document is not None:
                yield item.document

    # Stored or sent to a cluster, documents go in shards; parsed here without
    # a run folder, one at a time, so each line is printed as soon as it is ready.
    by_shard = whole_shards or run is not None or opts.engine == "dask"
    size = opts.shard_size if by_shard else 1
    one_each = all(f != "-" and Path(f).suffix.casefold() in TEXT_SUFFIXES for f in files)
    progress = Progress(total=len(files) if one_each else None, quiet=opts.quiet)
    try:
        with _engine(opts, path) as engine:
            for result in run_shards(documents(), engine, shard_size=size, run=run):
                for outcome in result.outcomes:
                    if isinstance(outcome, FailedDocument):
                        _warning(f"{outcome.doc_id}: not parsed: {outcome.error}")
                progress.step(len(result.outcomes))
                yield result
    except KeyboardInterrupt:
        hint = f"; run the same command again to resume from {run.path}" if run else ""
        click.echo(f"geomap: interrupted{hint}", err=True)
        raise click.exceptions.Exit(130) from None
    finally:
        progress.close()
    if run is not None:
        run.finish()


def _parse_jobs(ctx: click.Context, param: click.Parameter, value: int | None) -> int:
    if value is None:
        return os.cpu_count() or 1
    if value < 1:
        raise click.BadParameter("must be 1 or more")
    return value


jobs_option = click.option(
    "--jobs",
    "-j",
    type=int,
    default=None,
    callback=_parse_jobs,
    metavar="N",
    help="Processes to parse with (default: every core). Output is the same, in input order.",
)
quiet_option = click.option(
    "--quiet", "-q", is_flag=True, help="No progress line (it shows only on a terminal anyway)."
)
engine_option = click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where to parse: here in --jobs processes, or on a Dask cluster (needs the "
    "'dask' extra; a local cluster of --jobs workers unless --scheduler).",
)
scheduler_option = click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With --engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786. Every worker "
    "must see the gazetteer at the same path.",
)
shard_size_option = click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    metavar="N",
    help="Documents per stored shard (and per Dask partition): a resumed run repeats at most "
    "the shards that were in flight.",
)


def _check_engine(engine: str, scheduler: str | None) -> None:
    if scheduler is not None and engine != "dask":
        raise CliError("--scheduler only applies with --engine dask")


RUN_FOLDER = ".geomap-run"
"""``map``'s default run folder inside OUT: finished shards, removed once the outputs exist."""


def _resume_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--resume",
        "resume",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        metavar="DIR",
        help=help_text,
    )


@cli.command("map")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the outputs.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="gpkg,csv,kml,parquet",
    help="Also write OUT/incidents.FORMAT in these formats (comma-separated or repeated): "
    "GeoPackage, CSV with longitude/latitude, KML with timestamps, GeoParquet.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Link Leaflet from a CDN instead of inlining it: a smaller HTML file that needs "
    "a network to show anything.",
)
@click.option(
    "--no-merge",
    "keep_separate",
    is_flag=True,
    help="Keep each report as its own incident. By default reports of one incident in "
    "several documents (same type, place and day) become one that lists every source.",
)
@gazetteer_option
@published_option
@country_option
@jobs_option
@quiet_option
@engine_option
@scheduler_option
@_resume_option(
    "Keep finished shards in DIR (kept after the run) instead of OUT/.geomap-run (removed "
    "once the outputs are written). Rerunning an interrupted command resumes from there."
)
@shard_size_option
@_errors_to_exit
def map_command(
    paths: tuple[str, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    online: bool,
    keep_separate: bool,
    gazetteer_path: Path | None,
    published: dt.date | None,
    country: str,
    jobs: int,
    quiet: bool,
    engine: str,
    scheduler: str | None,
    resume: Path | None,
    shard_size: int,
) -> None:
    """Map the incidents in PATHS: .txt, .jsonl, .csv/.tsv or .html files, or folders.

    A PATH of - reads one plain-text document from standard input.

    Writes OUT/incidents.html (interactive map, works offline unless --online)
    and OUT/incidents.geojson, plus one file per --format; with --engine dask
    also OUT/incidents.parts/, a partitioned GeoParquet dataset. Documents that
    could not be parsed are listed in OUT/failures.jsonl. Results are kept in
    shards as they come, so an interrupted run resumes when run again.
    """
    from geomap.export import (
        atomic_write_text,
        parse_formats,
        write_export,
        write_geojson,
        write_parquet_parts,
    )
    from geomap.inputs import expand_paths
    from geomap.merge import merge_incidents
    from geomap.records import FailedDocument, Incident, ResolvedMention
    from geomap.render import place_key, write_map
    from geomap.runstate import remove_run_folder

    _check_engine(engine, scheduler)
    try:
        extra = parse_formats(formats)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--format'") from err
    expand_paths(paths)  # a bad path fails before OUT is made
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CliError(f"cannot create output folder {out_dir}: {err.strerror}") from err
    opts = _BatchOptions(paths, gazetteer_path, published, country, jobs, quiet, engine,
                         scheduler, shard_size)  # fmt: skip
    run_dir = resume if resume is not None else out_dir / RUN_FOLDER
    incidents: list[Incident] = []
    # The map's "places" layer: one mention per name and point, so memory grows
    # with the distinct places a corpus names, not with its mentions.
    places: dict[tuple[str, float, float], ResolvedMention] = {}
    failures: list[FailedDocument] = []
    parts_dir = out_dir / "incidents.parts"
    parts = write_parquet_parts(parts_dir) if engine == "dask" else contextlib.nullcontext()
    with parts as add_part:
        for result in _parsed(opts, run_dir):
            found: list[Incident] = []
            for outcome in result.outcomes:
                if isinstance(outcome, FailedDocument):
                    failures.append(outcome)
                    continue
                found += outcome.incidents
                for mention in outcome.mentions:
                    key = place_key(mention)
                    if key is not None and key not in places:
                        places[key] = mention
            incidents += found
            if add_part is not None:
                add_part(result.index, found)
    reports = len(incidents)
    if not keep_separate:
        incidents = merge_incidents(incidents)
    written = [write_geojson(incidents, out_dir / "incidents.geojson")]
    written += [write_export(incidents, out_dir / f"incidents.{fmt}", fmt) for fmt in extra]
    html = write_map(
        incidents, out_dir / "incidents.html", online=online, places=list(places.values())
    )
    failures_path = out_dir / "failures.jsonl"
    if failures:
        lines = [json.dumps({"doc_id": f.doc_id, "error": f.error}, ensure_ascii=False)
                 for f in failures]  # fmt: skip
        atomic_write_text(failures_path, "\n".join(lines) + "\n")
    else:
        failures_path.unlink(missing_ok=True)  # left by an earlier run of other inputs
    if resume is None:
        remove_run_folder(run_dir)
    names = " and ".join(str(path) for path in written)
    if engine == "dask":
        names += f" and {parts_dir} (one part per shard, reports unmerged)"
    merged = f" (from {reports} reports)" if len(incidents) != reports else ""
    click.echo(f"{len(incidents)} incidents{merged} -> {html} and {names}", err=True)
    if failures:
        click.echo(f"geomap: {len(failures)} documents not parsed; see {failures_path}", err=True)


@cli.command("parse")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format: one JSON object per document per line.",
)
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Also write the incidents to DIR as partitioned GeoParquet, one part per shard.",
)
@gazetteer_option
@published_option
@country_option
@jobs_option
@quiet_option
@engine_option
@scheduler_option
@_resume_option(
    "Keep finished shards in DIR; rerunning the same command reads them back instead of "
    "parsing again (the whole output is printed again)."
)
@shard_size_option
@_errors_to_exit
def parse_command(
    paths: tuple[str, ...],
    fmt: str,
    parquet_dir: Path | None,
    gazetteer_path: Path | None,
    published: dt.date | None,
    country: str,
    jobs: int,
    quiet: bool,
    engine: str,
    scheduler: str | None,
    resume: Path | None,
    shard_size: int,
) -> None:
    """Print the mentions and incidents of each document in PATHS as JSON Lines.

    PATHS: .txt, .jsonl, .csv/.tsv or .html files, folders of them, or - (stdin).
    A document that could not be parsed keeps its line, with "error" set.
    """
    from geomap.export import write_parquet_parts
    from geomap.records import ParsedDocument
    from geomap.serialize import outcome_to_dict

    _check_engine(engine, scheduler)
    opts = _BatchOptions(paths, gazetteer_path, published, country, jobs, quiet, engine,
                         scheduler, shard_size)  # fmt: skip
    parts = write_parquet_parts(parquet_dir) if parquet_dir else contextlib.nullcontext()
    with parts as add_part:
        for result in _parsed(opts, resume, whole_shards=parquet_dir is not None):
            for outcome in result.outcomes:
                click.echo(json.dumps(outcome_to_dict(outcome), ensure_ascii=False))
            if add_part is not None:
                found = [i for o in result.outcomes if isinstance(o, ParsedDocument)
                         for i in o.incidents]  # fmt: skip
                add_part(result.index, found)


@cli.group("gazetteer")
def gazetteer_group() -> None:
    """Build, inspect and search the local gazetteer."""


@gazetteer_group.command("build")
@click.argument("sources", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--no-default",
    is_flag=True,
    help="Leave out the embedded default layer (package data); use only SOURCES.",
)
@gazetteer_option
@_errors_to_exit
def gazetteer_build(
    sources: tuple[Path, ...], no_default: bool, gazetteer_path: Path | None
) -> None:
    """(Re)build the gazetteer: the embedded default, then SOURCES in layers.

    SOURCES are GeoNames files as geonames.org publishes them, plain or zipped
    (allCountries.txt, IQ.txt, IQ.zip, cities500.txt, admin1CodesASCII.txt,
    admin2Codes.txt, countryInfo.txt, alternateNamesV2.txt, featureCodes_en.txt),
    your own places (CSV/TSV/GeoJSON), or folders of them. Later layers win
    when two give the same geonameid.
    """
    from geomap.gazetteer import default_path
    from geomap.gazetteer.build import build

    if no_default and not sources:
        raise CliError("--no-default needs at least one SOURCE")
    build(
        gazetteer_path or default_path(),
        sources,
        include_default=not no_default,
        progress=_progress,
    )


@gazetteer_group.command("add")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@gazetteer_option
@_errors_to_exit
def gazetteer_add(sources: tuple[Path, ...], gazetteer_path: Path | None) -> None:
    """Add SOURCES (GeoNames files, your own places) to the existing gazetteer."""
    from geomap.gazetteer import ensure_gazetteer
    from geomap.gazetteer.build import add_layer

    add_layer(ensure_gazetteer(gazetteer_path, progress=_progress), sources, progress=_progress)


@gazetteer_group.command("info")
@gazetteer_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@_errors_to_exit
def gazetteer_info(gazetteer_path: Path | None, as_json: bool) -> None:
    """Counts by source, feature class and country; build date; licences."""
    from geomap.gazetteer import open_gazetteer

    with open_gazetteer(gazetteer_path, progress=_progress) as gaz:
        info = gaz.info()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    for key, value in info.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")


@gazetteer_group.command("search")
@click.argument("name")
@click.option("--country", default=None, help="ISO 3166-1 alpha-2 code to restrict to.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@gazetteer_option
@_errors_to_exit
def gazetteer_search(
    name: str, country: str | None, limit: int, as_json: bool, gazetteer_path: Path | None
) -> None:
    """List the places NAME may refer to, with their match scores."""
    from geomap.gazetteer import open_gazetteer

    with open_gazetteer(gazetteer_path, progress=_progress) as gaz:
        found = gaz.candidates(name, country=country, limit=limit)
    rows = [
        {
            "geonameid": c.place.geonameid,
            "name": c.place.name,
            "matched_name": c.matched_name,
            "score": c.score,
            "key": c.key,
            "lat": c.place.lat,
            "lon": c.place.lon,
            "feature_code": c.place.feature_code,
            "country": c.place.country,
            "admin1": c.place.admin1,
            "population": c.place.population,
            "source": c.place.source,
        }
        for c in found
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(
            f"{r['score']:.3f} {r['key']:<8} {r['name']} ({r['feature_code']}, "
            f"{r['country']}, {r['admin1']}) {r['lat']:.5f},{r['lon']:.5f} "
            f"pop {r['population']:,}"
        )


@cli.command("eval")
@click.argument("corpus_path", metavar="[CORPUS]", required=False, type=click.Path(path_type=Path))
@click.argument("gold_file", metavar="[GOLD_FILE]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--corpus",
    "corpus_key",
    type=click.Choice(["lgl", "gwn"]),
    default=None,
    help="A shared corpus by name, with all its stored baselines "
    "(../shared/data next to the project, or --data-dir).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding corpora/ and baselines/ for --corpus.",
)
@click.option(
    "--baseline",
    "baselines",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Another system's stored output, one line per document in the gold format "
    "(repeatable). Default with --corpus: every baselines/<corpus>_*.txt.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable results on stdout.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write geomap's per-toponym error report here (replaced if it exists).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score only the first N documents.",
)
@gazetteer_option
@_errors_to_exit
def eval_command(
    corpus_path: Path | None,
    gold_file: Path | None,
    corpus_key: str | None,
    data_dir: Path | None,
    baselines: tuple[Path, ...],
    as_json: bool,
    errors_path: Path | None,
    limit: int | None,
    gazetteer_path: Path | None,
) -> None:
    """Score geomap on an annotated corpus, beside other systems' stored outputs.

    CORPUS is a folder of documents 0, 1, ... with GOLD_FILE holding line n's
    toponyms as name,,surface,,lat,,lon,,start,,end joined by ||; or CORPUS is
    one LGL / TR-News / GeoWebNews XML file. Prints precision, recall, F1,
    accuracy within 161 km, mean and median error, AUC and the share of gold
    toponyms found and placed within 161 km, scored as EUPEG does.
    """
    from geomap.evaluate import error_report as make_error_report
    from geomap.evaluate import (
        find_corpus,
        format_table,
        read_corpus,
        read_line_corpus,
        read_system_file,
        results_to_dict,
        run_geomap,
        score_system,
        system_name,
    )
    from geomap.export import atomic_write_text
    from geomap.gazetteer import open_gazetteer

    if corpus_key is not None and corpus_path is not None:
        raise CliError("give either --corpus or CORPUS [GOLD_FILE], not both")
    if corpus_key is None and corpus_path is None:
        raise CliError("nothing to score: give CORPUS [GOLD_FILE] or --corpus lgl|gwn")
    if data_dir is not None and corpus_key is None:
        raise CliError("--data-dir only applies with --corpus")
    if corpus_key is not None:
        paths = find_corpus(corpus_key, data_dir)
        corpus = read_line_corpus(paths.corpus_dir, paths.gold_file, limit=limit, name=paths.name)
        baselines = baselines or paths.baselines
    else:
        assert corpus_path is not None
        corpus = read_corpus(corpus_path, gold_file, limit=limit)
    gold = [doc.gold for doc in corpus.documents]
    others = [
        score_system(
            system_name(path, corpus.name),
            gold,
            read_system_file(path, len(gold), limited=limit is not None),
        )
        for path in baselines
    ]
    _progress(f"parsing {len(gold):,} documents of {corpus.name}")
    with open_gazetteer(gazetteer_path, progress=_progress) as gaz:
        run = run_geomap(corpus, gaz, progress=_progress)
    geomap_result = score_system("geomap", gold, run.predictions)
    results = [geomap_result, *others]
    if errors_path is not None:
        atomic_write_text(errors_path, make_error_report(corpus, geomap_result))
        _progress(f"error report -> {errors_path}")
    if as_json:
        click.echo(json.dumps(results_to_dict(corpus, results, run), indent=2))
    else:
        click.echo(format_table(corpus, results, run))


@cli.command("eval-incidents")
@click.argument("csv_path", metavar="[CSV]", required=False, type=click.Path(path_type=Path))
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder holding incidents/ucdp_syria_2016.csv, used when CSV is not given "
    "(default: ../shared/data next to the project).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score only the first N rows.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable results on stdout.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the per-row error report here, worst first (replaced if it exists).",
)
@country_option
@gazetteer_option
@_errors_to_exit
def eval_incidents_command(
    csv_path: Path | None,
    data_dir: Path | None,
    limit: int | None,
    as_json: bool,
    errors_path: Path | None,
    country: str,
    gazetteer_path: Path | None,
) -> None:
    """Score geomap's incidents against event data with headlines (UCDP GED CSV).

    Each report joined into a row's source_headline (';'-separated, HTML
    entities decoded) is parsed as a document published on its source_date
    (date_end when that is missing or implausible). The row's nearest
    incident is compared with its latitude/longitude and date range. Prints
    the share of rows with an incident, within 25/50/161 km, median error,
    by gold where_prec, incident precision, date exact and speed; the first
    incident in text order is scored alongside. --country names the feed's
    region of interest, as an analyst coding one country's events would.
    """
    from geomap.evaluate_incidents import (
        error_report,
        find_incident_csv,
        format_table,
        read_incident_csv,
        run_rows,
        score_rows,
        scores_to_dict,
    )
    from geomap.export import atomic_write_text
    from geomap.gazetteer import open_gazetteer

    if csv_path is not None and data_dir is not None:
        raise CliError("give either CSV or --data-dir, not both")
    path = csv_path if csv_path is not None else find_incident_csv(data_dir)
    events, skipped = read_incident_csv(path, limit=limit)
    _progress(f"scoring {len(events):,} rows of {path}")
    with open_gazetteer(gazetteer_path, progress=_progress) as gaz:
        results, docs, seconds = run_rows(events, gaz, progress=_progress, country=country)
    scores = score_rows(
        results, docs_parsed=docs, seconds=seconds, skipped_lines=[n for n, _ in skipped]
    )
    if errors_path is not None:
        atomic_write_text(errors_path, error_report(results))
        _progress(f"error report -> {errors_path}")
    if as_json:
        click.echo(json.dumps(scores_to_dict(scores), indent=2))
    else:
        click.echo(format_table(scores, path.name))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="geomap")
