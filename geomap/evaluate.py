"""Score geomap against annotated corpora the way the geoparsing field does.

The rule is EUPEG's (Wang & Hu 2019), itself Gritta et al.'s: a predicted
toponym *matches* a gold one when the two surface strings are equal ignoring
case and their span midpoints are less than :data:`MATCH_WINDOW_CHARS`
characters apart; each gold and each predicted toponym matches at most once.
From the matches come recognition precision, recall and F1; over the matched
pairs, the geodesic error in km gives accuracy within 161 km (100 miles),
mean and median error, and the AUC of the sorted log-error curve (lower is
better); "found & within 161 km" divides the well-placed matches by *all*
gold toponyms, so it rewards recognising and resolving at once. Scored this
way, the published systems' stored outputs reproduce the figures the
literature lists for them, which is what proves the scorer.

The scoring functions (:func:`match_document`, :func:`score_system`,
:func:`auc` ...) are pure: toponyms in, numbers out. Reading corpora
(:func:`read_line_corpus`, :func:`read_xml_corpus`), running geomap
(:func:`run_geomap`) and formatting (:func:`format_table`,
:func:`error_report`) sit around them.
"""

from __future__ import annotations

import difflib
import logging
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.distance import geodesic

from geomap.errors import GeomapError
from geomap.records import Candidate, ParsedDocument, Place

__all__ = [
    "ACCURACY_KM",
    "CORPORA",
    "MATCH_WINDOW_CHARS",
    "MAX_ERROR_KM",
    "Corpus",
    "CorpusDocument",
    "CorpusFormatError",
    "CorpusNotFound",
    "CorpusPaths",
    "DocumentScore",
    "EvalError",
    "GeomapRun",
    "Match",
    "Scores",
    "SystemResult",
    "Toponym",
    "accuracy_within",
    "auc",
    "error_km",
    "error_report",
    "find_corpus",
    "format_table",
    "is_match",
    "match_document",
    "offset_map",
    "parse_line",
    "predictions_from_parsed",
    "read_corpus",
    "read_line_corpus",
    "read_system_file",
    "read_xml_corpus",
    "results_to_dict",
    "run_geomap",
    "score_system",
    "system_name",
]

log = logging.getLogger("geomap.evaluate")

MATCH_WINDOW_CHARS = 10
"""Span midpoints must be *less* than this many characters apart to match."""

ACCURACY_KM = 161.0
"""Accuracy threshold: 100 miles, the field's customary tolerance (error < 161 km)."""

MAX_ERROR_KM = 20039.0
"""Half the Earth's circumference: the AUC's normaliser and the error given to a
prediction whose coordinates are not on Earth (a latitude of 2220, say)."""


class EvalError(GeomapError):
    """An evaluation cannot run on the inputs given."""


class CorpusNotFound(EvalError, FileNotFoundError):
    """A corpus, gold or system-output file is absent.

    For ``--corpus lgl|gwn`` point ``--data-dir`` at the folder holding
    ``corpora/`` and ``baselines/``.
    """


class CorpusFormatError(EvalError, ValueError):
    """A gold, system-output or XML file is malformed; the message names the line."""


# ---------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Toponym:
    """One gold or predicted toponym: where it is written and where it is.

    ``lat``/``lon`` are None when the system named no coordinates (it
    recognised the name but placed it nowhere); such toponyms take no part
    in scoring, as in EUPEG. The remaining fields only feed the error report.
    """

    surface: str  # as written in the document
    start: int  # character offsets into the document's text
    end: int
    lat: float | None
    lon: float | None
    name: str = ""  # the gazetteer's name for the place, if known
    geonameid: int | None = None
    kind: str = "toponym"  # geomap's mention kind: "toponym" or "demonym"
    place: Place | None = None  # geomap's chosen place
    candidates: tuple[Candidate, ...] = ()  # what geomap considered, best prior first

    @property
    def placed(self) -> bool:
        """True when the toponym has coordinates."""
        return self.lat is not None and self.lon is not None

    @property
    def midpoint(self) -> float:
        """The span's midpoint, the position the match rule compares."""
        return (self.start + self.end) / 2.0


@dataclass(frozen=True, slots=True)
class CorpusDocument:
    """One annotated document: its text and its gold toponyms (all placed)."""

    doc_id: str  # the document's position in the corpus, "0", "1" ...
    text: str
    gold: tuple[Toponym, ...]
    source_id: str = ""  # the corpus's own id (LGL docid, GeoWebNews file), if any
    title: str = ""


@dataclass(frozen=True, slots=True)
class Corpus:
    """An annotated corpus, documents in the order the gold file gives them."""

    name: str  # shown in tables: "LGL", "GeoWebNews" ...
    documents: tuple[CorpusDocument, ...]
    source: str  # where it was read from

    @property
    def n_gold(self) -> int:
        """The number of gold toponyms in all documents."""
        return sum(len(d.gold) for d in self.documents)


@dataclass(frozen=True, slots=True)
class Match:
    """A gold toponym paired with a prediction, and the distance between them."""

    gold: int  # index into the document's gold toponyms
    predicted: int  # index into the document's predictions
    error_km: float


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """How one document's predictions pair with its gold toponyms."""

    matches: tuple[Match, ...]
    missed: tuple[int, ...]  # gold indices no prediction matched
    spurious: tuple[int, ...]  # placed predictions that matched no gold


@dataclass(frozen=True, slots=True)
class Scores:
    """One system's figures on one corpus (None where a ratio has no denominator)."""

    system: str
    n_docs: int
    n_gold: int
    n_predicted: int  # placed predictions; unplaced ones are not counted
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float | None
    recall: float | None
    f1: float | None
    acc_161: float | None  # over matched toponyms
    mean_km: float | None
    median_km: float | None
    auc: float | None
    found_within_161: float | None  # matched and within 161 km, over all gold


@dataclass(frozen=True, slots=True)
class SystemResult:
    """A system's scores and the per-document pairing they were computed from."""

    scores: Scores
    documents: tuple[DocumentScore, ...]
    predictions: tuple[tuple[Toponym, ...], ...]


@dataclass(frozen=True, slots=True)
class CorpusPaths:
    """Where a named corpus lives in the shared data folder."""

    name: str  # "LGL", "GeoWebNews"
    corpus_dir: Path
    gold_file: Path
    baselines: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class GeomapRun:
    """geomap's predictions for a corpus and the time parsing took."""

    predictions: tuple[tuple[Toponym, ...], ...]
    seconds: float  # wall clock, parsing only: the gazetteer was already open
    failures: tuple[tuple[str, str], ...] = ()  # (doc_id, message) where parsing raised
    cpu_seconds: float = 0.0  # this process's CPU time over the same calls

    @property
    def docs_per_second(self) -> float | None:
        """Documents parsed per wall-clock second of parse time, None if nothing was timed."""
        return len(self.predictions) / self.seconds if self.seconds > 0 else None

    @property
    def docs_per_cpu_second(self) -> float | None:
        """Documents per CPU-second: the per-core rate, steady on a busy machine."""
        return len(self.predictions) / self.cpu_seconds if self.cpu_seconds > 0 else None


# ---------------------------------------------------------------------------
# Pure scoring


def is_match(gold: Toponym, predicted: Toponym) -> bool:
    """EUPEG's rule: same surface ignoring case, midpoints < 10 characters apart.

    >>> paris = Toponym("Paris", 10, 15, 48.85, 2.35)
    >>> is_match(paris, Toponym("PARIS", 12, 17, 0.0, 0.0))
    True
    >>> is_match(paris, Toponym("Paris", 20, 25, 48.85, 2.35))
    False
    """
    return (
        abs(gold.midpoint - predicted.midpoint) < MATCH_WINDOW_CHARS
        and gold.surface.casefold() == predicted.surface.casefold()
    )


def _on_earth(lat: float, lon: float) -> bool:
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def error_km(gold: Toponym, predicted: Toponym) -> float:
    """Geodesic distance (WGS84, Karney's algorithm via geopy) between two placed toponyms.

    A predicted coordinate off the Earth (latitude beyond ±90, longitude
    beyond ±180: some stored outputs have them) counts as :data:`MAX_ERROR_KM`.

    >>> round(error_km(Toponym("a", 0, 1, 0.0, 0.0), Toponym("a", 0, 1, 0.0, 1.0)), 3)
    111.319
    """
    assert gold.lat is not None and gold.lon is not None
    assert predicted.lat is not None and predicted.lon is not None
    if not _on_earth(predicted.lat, predicted.lon) or not _on_earth(gold.lat, gold.lon):
        return MAX_ERROR_KM
    return float(geodesic((gold.lat, gold.lon), (predicted.lat, predicted.lon)).km)


def match_document(gold: Sequence[Toponym], predicted: Sequence[Toponym]) -> DocumentScore:
    """Pair gold and predicted toponyms one-to-one, greedily in text order.

    Each gold toponym, earliest span first, takes the earliest still-free
    prediction that :func:`is_match` accepts (EUPEG's loop, made independent
    of the order the files list toponyms in). Toponyms without coordinates
    take no part: they are neither matched, missed nor spurious.
    Duplicate predictions of one span leave all but one spurious.

    >>> gold = [Toponym("Lyon", 0, 4, 45.7, 4.8)]
    >>> twice = [Toponym("Lyon", 0, 4, 45.7, 4.8), Toponym("Lyon", 0, 4, 45.7, 4.8)]
    >>> result = match_document(gold, twice)
    >>> [(m.gold, m.predicted) for m in result.matches], result.missed, result.spurious
    ([(0, 0)], (), (1,))
    """

    def order(items: Sequence[Toponym]) -> list[int]:
        placed = (i for i, t in enumerate(items) if t.placed)
        return sorted(placed, key=lambda i: (items[i].start, items[i].end, i))

    free = order(predicted)
    matches: list[Match] = []
    missed: list[int] = []
    for g in order(gold):
        for k, p in enumerate(free):
            if is_match(gold[g], predicted[p]):
                matches.append(Match(g, p, error_km(gold[g], predicted[p])))
                del free[k]
                break
        else:
            missed.append(g)
    return DocumentScore(tuple(matches), tuple(missed), tuple(sorted(free)))


def auc(errors_km: Iterable[float]) -> float | None:
    """Area under the sorted log-error curve, 0 (all exact) to 1 (all antipodal).

    Each error becomes ``log(1 + e) / log(20039)``; the sorted values are
    integrated with the trapezoid rule at unit steps and divided by
    ``n - 1`` (Gritta et al. 2018, as EUPEG computes it). One error gives
    its own normalised value (the area under a flat curve); none gives None.

    >>> round(auc([0.0, 19.0, 20038.0]), 4)  # (0/2 + log 20/log 20039 + 1/2) / 2
    0.4012
    >>> auc([]) is None
    True
    """
    ys = sorted(math.log1p(max(e, 0.0)) / math.log(MAX_ERROR_KM) for e in errors_km)
    if not ys:
        return None
    if len(ys) == 1:
        return ys[0]
    return (sum(ys) - (ys[0] + ys[-1]) / 2.0) / (len(ys) - 1)


def accuracy_within(errors_km: Sequence[float], km: float = ACCURACY_KM) -> float | None:
    """Share of errors strictly below ``km`` (EUPEG's ``< 161``), None for no errors.

    >>> accuracy_within([0.0, 160.9, 161.0])
    0.6666666666666666
    """
    if not errors_km:
        return None
    return sum(1 for e in errors_km if e < km) / len(errors_km)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def score_system(
    system: str,
    gold_docs: Sequence[Sequence[Toponym]],
    predicted_docs: Sequence[Sequence[Toponym]],
) -> SystemResult:
    """Score one system's predictions against the gold, document by document.

    Both sequences are aligned by document; gold toponyms without
    coordinates are ignored, as are predictions without coordinates.
    """
    if len(gold_docs) != len(predicted_docs):
        raise EvalError(
            f"{system}: {len(predicted_docs)} documents of predictions for "
            f"{len(gold_docs)} gold documents"
        )
    docs = tuple(match_document(g, p) for g, p in zip(gold_docs, predicted_docs, strict=True))
    n_gold = sum(1 for g in gold_docs for t in g if t.placed)
    n_pred = sum(1 for p in predicted_docs for t in p if t.placed)
    errors = sorted(m.error_km for d in docs for m in d.matches)
    tp = len(errors)
    precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
    if tp and precision is not None and recall is not None:
        f1: float | None = 2 * precision * recall / (precision + recall)
    else:
        f1 = 0.0 if (n_gold or n_pred) else None
    within = sum(1 for e in errors if e < ACCURACY_KM)
    scores = Scores(
        system=system,
        n_docs=len(gold_docs),
        n_gold=n_gold,
        n_predicted=n_pred,
        true_positives=tp,
        false_positives=n_pred - tp,
        false_negatives=n_gold - tp,
        precision=precision,
        recall=recall,
        f1=f1,
        acc_161=accuracy_within(errors),
        mean_km=statistics.fmean(errors) if errors else None,
        median_km=statistics.median(errors) if errors else None,
        auc=auc(errors),
        found_within_161=_ratio(within, n_gold),
    )
    return SystemResult(scores, docs, tuple(tuple(p) for p in predicted_docs))


# ---------------------------------------------------------------------------
# The one-line-per-document format


def _coordinate(value: str, what: str, where: str) -> float | None:
    value = value.strip()
    if not value or value.lower() in ("null", "none", "nan"):
        return None
    try:
        number = float(value)
    except ValueError as err:
        raise CorpusFormatError(f"{where}: {what} {value!r} is not a number") from err
    if math.isnan(number):
        return None
    return number


def _offset(value: str, what: str, where: str) -> int:
    try:
        return int(value.strip())
    except ValueError as err:
        raise CorpusFormatError(f"{where}: {what} offset {value!r} is not an integer") from err


def parse_line(line: str, *, gold: bool, where: str = "line") -> tuple[Toponym, ...]:
    """Toponyms from one line of ``name,,surface,,lat,,lon,,start,,end[,,extra]`` entries.

    Entries are joined by ``||``; empty entries are skipped. Gold entries
    without coordinates are dropped (they are not gold toponyms); a gold
    coordinate off the Earth is an error, a predicted one is kept and
    scores :data:`MAX_ERROR_KM`. ``where`` ("gold.txt:3") prefixes messages.

    >>> parse_line("Paris,,paris,,48.85,,2.35,,0,,5||", gold=False)[0].surface
    'paris'
    >>> parse_line("No Gaz,,Frenchmen,,,,,,3790,,3799", gold=True)
    ()
    """
    out: list[Toponym] = []
    for k, entry in enumerate(line.rstrip("\r\n").split("||"), start=1):
        if len(entry.strip()) <= 1:
            continue
        fields = entry.split(",,")
        here = f"{where}: entry {k} {entry[:80]!r}"
        if len(fields) < 6:
            raise CorpusFormatError(
                f"{here} has {len(fields)} fields; expected name,,surface,,lat,,lon,,start,,end"
            )
        name, surface = fields[0], fields[1]
        lat = _coordinate(fields[2], "latitude", here)
        lon = _coordinate(fields[3], "longitude", here)
        start, end = _offset(fields[4], "start", here), _offset(fields[5], "end", here)
        if end < start:
            raise CorpusFormatError(f"{here}: end {end} comes before start {start}")
        if lat is None or lon is None:
            if gold:
                continue
            lat = lon = None
        elif gold and not _on_earth(lat, lon):
            hint = " (latitude and longitude swapped?)" if _on_earth(lon, lat) else ""
            raise CorpusFormatError(
                f"{here}: ({lat}, {lon}) is not a latitude, longitude pair{hint}"
            )
        out.append(Toponym(surface, start, end, lat, lon, name=name))
    return tuple(out)


def _read_lines(path: Path) -> list[str]:
    """The file's lines (UTF-8, BOM tolerated); a final newline adds no empty line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise CorpusNotFound(f"{path}: no such file") from err
    except UnicodeDecodeError as err:
        raise CorpusFormatError(f"{path}: not UTF-8 (byte {err.start})") from err
    except OSError as err:
        raise CorpusNotFound(f"{path}: cannot read: {err.strerror}") from err
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_system_file(
    path: Path, n_docs: int, *, limited: bool = False
) -> tuple[tuple[Toponym, ...], ...]:
    """A system's stored output, one line per document, the first ``n_docs`` lines.

    Without ``limited`` (``--limit``) the file must have exactly ``n_docs``
    lines, since a line too many or too few shifts every document after it.
    """
    lines = _read_lines(path)
    if len(lines) < n_docs or (not limited and len(lines) != n_docs):
        raise CorpusFormatError(
            f"{path}: {len(lines)} lines for {n_docs} documents; a system's output needs "
            "one line per document, in the gold file's order"
        )
    return tuple(
        parse_line(line, gold=False, where=f"{path.name}:{n}")
        for n, line in enumerate(lines[:n_docs], start=1)
    )


def _check_gold_against_text(name: str, documents: Sequence[CorpusDocument]) -> None:
    """Warn about gold spans outside their text or not spelling their surface."""
    outside: list[str] = []
    differs = 0
    for doc in documents:
        for t in doc.gold:
            if t.start < 0 or t.end > len(doc.text):
                outside.append(f"doc {doc.doc_id} {t.surface!r} [{t.start}:{t.end}]")
            elif doc.text[t.start : t.end].casefold() != t.surface.casefold():
                differs += 1
    if outside:
        log.warning(
            "%s: %d gold toponyms lie outside their document's text (%s); "
            "they are kept and can only count as missed",
            name,
            len(outside),
            ", ".join(outside[:3]) + (" ..." if len(outside) > 3 else ""),
        )
    if differs:
        log.warning(
            "%s: %d gold spans do not spell their surface in the text; offsets may be misaligned",
            name,
            differs,
        )


def read_line_corpus(
    corpus_dir: Path, gold_file: Path, *, limit: int | None = None, name: str | None = None
) -> Corpus:
    """A corpus as a folder of documents ``0``, ``1`` ... and a gold file.

    Line ``n`` (0-based) of ``gold_file`` holds the toponyms of document file
    ``n``; offsets count characters of the file as read (UTF-8).
    """
    if not corpus_dir.is_dir():
        raise CorpusNotFound(f"{corpus_dir}: no such folder of documents")
    lines = _read_lines(gold_file)
    if limit is not None:
        lines = lines[:limit]
    documents: list[CorpusDocument] = []
    for n, line in enumerate(lines):
        path = corpus_dir / str(n)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as err:
            raise CorpusNotFound(
                f"{path}: missing; line {n + 1} of {gold_file.name} needs document file {n}"
            ) from err
        except UnicodeDecodeError as err:
            raise CorpusFormatError(f"{path}: not UTF-8 (byte {err.start})") from err
        gold = parse_line(line, gold=True, where=f"{gold_file.name}:{n + 1}")
        documents.append(CorpusDocument(str(n), text, gold, source_id=str(n)))
    if not documents:
        raise CorpusFormatError(f"{gold_file}: no documents (the file is empty)")
    corpus = Corpus(name or corpus_dir.name, tuple(documents), f"{corpus_dir} + {gold_file}")
    _check_gold_against_text(gold_file.name, documents)
    return corpus


# ---------------------------------------------------------------------------
# The LGL / TR-News / GeoWebNews XML format


def _text_of(element: ET.Element | None, tag: str) -> str:
    if element is None:
        return ""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _xml_toponym(node: ET.Element, where: str) -> Toponym | None:
    """One ``<toponym>``; None when it has no gold coordinates (not a gold toponym).

    LGL and TR-News put the place in ``<gaztag geonameid=..>`` with ``<name>``,
    ``<lat>``, ``<lon>``; GeoWebNews uses ``<geonamesID>``, ``<latitude>``,
    ``<longitude>`` and keeps only toponyms with a GeoNames id in its gold.
    """
    start = _offset(_text_of(node, "start"), "start", where)
    end = _offset(_text_of(node, "end"), "end", where)
    gaztag = node.find("gaztag")
    if gaztag is not None:
        surface = _text_of(node, "phrase")
        lat = _coordinate(_text_of(gaztag, "lat"), "latitude", where)
        lon = _coordinate(_text_of(gaztag, "lon"), "longitude", where)
        name = _text_of(gaztag, "name")
        gid = gaztag.get("geonameid", "")
    elif node.find("extractedName") is not None:
        surface = _text_of(node, "extractedName")
        gid = _text_of(node, "geonamesID")
        if not gid:
            return None
        lat = _coordinate(_text_of(node, "latitude"), "latitude", where)
        lon = _coordinate(_text_of(node, "longitude"), "longitude", where)
        name = _text_of(node, "normalisedName")
    else:
        return None
    if lat is None or lon is None:
        return None
    if not _on_earth(lat, lon):
        raise CorpusFormatError(f"{where}: ({lat}, {lon}) is not a latitude, longitude pair")
    if end < start:
        raise CorpusFormatError(f"{where}: end {end} comes before start {start}")
    geonameid = int(gid) if gid.strip().isdigit() else None
    return Toponym(surface, start, end, lat, lon, name=name, geonameid=geonameid)


def read_xml_corpus(path: Path, *, limit: int | None = None) -> Corpus:
    """A corpus in the LGL / TR-News / GeoWebNews XML format.

    Documents are numbered by their position in the file, the same numbering
    as the one-line-per-document files (GeoWebNews's own ``file`` attribute
    is another order; it is kept as ``source_id``).
    """
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError as err:
        raise CorpusNotFound(f"{path}: no such file") from err
    except ET.ParseError as err:
        raise CorpusFormatError(f"{path}: not well-formed XML ({err})") from err
    except OSError as err:
        raise CorpusNotFound(f"{path}: cannot read: {err.strerror}") from err
    articles = root.findall("article")
    if not articles:
        raise CorpusFormatError(f"{path}: no <article> elements; expected <articles><article>")
    if limit is not None:
        articles = articles[:limit]
    documents: list[CorpusDocument] = []
    for n, article in enumerate(articles):
        text_node = article.find("text")
        if text_node is None:
            raise CorpusFormatError(f"{path}: article {n + 1} has no <text>")
        gold: list[Toponym] = []
        toponyms = article.find("toponyms")
        for k, node in enumerate(toponyms if toponyms is not None else (), start=1):
            found = _xml_toponym(node, f"{path.name}: article {n + 1}, toponym {k}")
            if found is not None:
                gold.append(found)
        source_id = article.get("docid") or article.get("file") or ""
        documents.append(
            CorpusDocument(
                str(n), text_node.text or "", tuple(gold), source_id, _text_of(article, "title")
            )
        )
    _check_gold_against_text(path.name, documents)
    return Corpus(path.stem, tuple(documents), str(path))


def read_corpus(corpus: Path, gold_file: Path | None = None, *, limit: int | None = None) -> Corpus:
    """A line-format corpus (folder + gold file) or an XML corpus (one file)."""
    if gold_file is not None:
        return read_line_corpus(corpus, gold_file, limit=limit)
    if corpus.is_dir():
        raise EvalError(
            f"{corpus} is a folder of documents: give its gold file too "
            "(geomap eval CORPUS_DIR GOLD_FILE), or an XML corpus file"
        )
    if not corpus.exists():
        raise CorpusNotFound(f"{corpus}: no such file or folder")
    return read_xml_corpus(corpus, limit=limit)


# ---------------------------------------------------------------------------
# The shared data folder

CORPORA: dict[str, str] = {"lgl": "LGL", "gwn": "GeoWebNews"}
"""``--corpus`` keys and the corpus names used in ``corpora/`` and ``baselines/``."""


def default_data_dirs() -> list[Path]:
    """Where ``../shared/data`` may be: beside the project root, or beside the cwd."""
    root = Path(__file__).resolve().parent.parent
    found = [root.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"]
    return list(dict.fromkeys(p.resolve() for p in found))


def find_corpus(key: str, data_dir: Path | None = None) -> CorpusPaths:
    """The folder, gold file and stored baseline outputs of ``lgl`` or ``gwn``.

    ``data_dir`` holds ``corpora/<Name>/`` and ``baselines/<Name>_gold.txt``;
    by default ``../shared/data`` next to the project is tried.
    """
    name = CORPORA[key]
    dirs = [data_dir] if data_dir is not None else default_data_dirs()
    for base in dirs:
        corpus_dir = base / "corpora" / name
        gold = base / "baselines" / f"{name}_gold.txt"
        if corpus_dir.is_dir() and gold.is_file():
            baselines = tuple(
                p for p in sorted((base / "baselines").glob(f"{name}_*.txt")) if p != gold
            )
            return CorpusPaths(name, corpus_dir, gold, baselines)
    where = " or ".join(str(d) for d in dirs)
    raise CorpusNotFound(
        f"{name} corpus not found in {where} (need corpora/{name}/ and "
        f"baselines/{name}_gold.txt); point --data-dir at the folder that holds them"
    )


def system_name(path: Path, corpus_name: str) -> str:
    """A baseline's name in the table: ``LGL_CLAVIN.txt`` -> ``CLAVIN``.

    >>> system_name(Path("baselines/LGL_CLAVIN.txt"), "LGL")
    'CLAVIN'
    >>> system_name(Path("mine.txt"), "LGL")
    'mine'
    """
    prefix = f"{corpus_name}_"
    return path.stem[len(prefix) :] if path.stem.startswith(prefix) else path.stem


# ---------------------------------------------------------------------------
# Running geomap


def offset_map(raw: str, normalised: str) -> list[int] | None:
    """For each character of ``normalised``, the index of its source character in ``raw``.

    geomap normalises text before parsing (NFC, no zero-width or control
    characters), so its offsets may drift from the corpus's. A span
    ``[s, e)`` maps to ``[m[s], m[e - 1] + 1)``. None means the lengths agree
    and offsets carry over unchanged (the usual case).

    >>> offset_map("a\\u200bb", "ab")
    [0, 2, 3]
    """
    if len(raw) == len(normalised):
        return None
    mapping = [0] * (len(normalised) + 1)
    matcher = difflib.SequenceMatcher(None, raw, normalised, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            if tag == "equal":
                mapping[j1 + k] = i1 + k
            else:  # replaced or inserted characters: point into the raw block
                mapping[j1 + k] = min(i1 + k, max(i1, i2 - 1))
    mapping[len(normalised)] = len(raw)
    return mapping


def predictions_from_parsed(
    parsed: ParsedDocument,
    raw_text: str,
    country_place: Callable[[str], Place | None] | None = None,
) -> tuple[Toponym, ...]:
    """geomap's mentions as toponyms with offsets into ``raw_text``.

    Every mention is kept, placed or not. The corpora's guidelines count
    demonyms and adjectival uses ("Iraqi", "Iran-backed") as toponyms of their
    country; geomap never plots them, but reports the country they name, so
    with ``country_place`` they are scored at that country's gazetteer point.
    The surface is the raw text at the mapped span, as a stored output would
    have it.
    """
    mapping = offset_map(raw_text, parsed.document.text)
    out: list[Toponym] = []
    for resolved in parsed.mentions:
        mention, location = resolved.mention, resolved.location
        start, end = mention.start, mention.end
        if mapping is not None:  # an end maps one past its last character
            start, end = mapping[start], (mapping[end - 1] + 1 if end > start else mapping[start])
        place = location.place if location is not None else None
        # A toponym is scored at the place it names: "east of Brandon" names
        # Brandon, though the map shows the spot the hint describes. Only a
        # place the gazetteer lacks ("Taramiyah, 50 km north of Baghdad")
        # is scored where its hint puts it.
        if place is not None:
            lat, lon = place.lat, place.lon
        else:
            lat = location.lat if location is not None else None
            lon = location.lon if location is not None else None
        if location is None and mention.country_hint and country_place is not None:
            place = country_place(mention.country_hint)
            if place is not None:
                lat, lon = place.lat, place.lon
        out.append(
            Toponym(
                raw_text[start:end],
                start,
                end,
                lat,
                lon,
                name=place.name if place is not None else "",
                geonameid=place.geonameid if place is not None else None,
                kind=mention.kind,
                place=place,
                candidates=resolved.candidates,
            )
        )
    return tuple(out)


def _country_points(gazetteer: Any) -> Callable[[str], Place | None] | None:
    """ISO code -> the country's gazetteer place, for scoring demonyms; None without one."""
    if not hasattr(gazetteer, "countries") or not hasattr(gazetteer, "place"):
        return None
    countries = gazetteer.countries()

    def country_place(iso: str) -> Place | None:
        country = countries.get(iso)
        return gazetteer.place(country.geonameid) if country is not None else None

    return country_place


def run_geomap(
    corpus: Corpus,
    gazetteer: Any,
    *,
    progress: Callable[[str], None] | None = None,
) -> GeomapRun:
    """Parse every document with an open gazetteer; time the parsing alone.

    The clock covers :func:`~geomap.pipeline.make_document` and
    :func:`~geomap.pipeline.parse_document` per document, not reading files,
    opening the gazetteer or converting the results. A document whose parse
    raises a :class:`GeomapError` is logged, recorded in ``failures`` and
    scored as predicting nothing, so one bad document cannot hide the
    corpus's figures (other exceptions are bugs and propagate).
    """
    from geomap.pipeline import make_document, parse_document

    country_place = _country_points(gazetteer)
    predictions: list[tuple[Toponym, ...]] = []
    failures: list[tuple[str, str]] = []
    seconds = cpu_seconds = 0.0
    total = len(corpus.documents)
    for n, doc in enumerate(corpus.documents, start=1):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            parsed = parse_document(make_document(doc.text, doc_id=doc.doc_id), gazetteer)
        except GeomapError as err:
            seconds += time.perf_counter() - t0
            cpu_seconds += time.process_time() - c0
            log.warning(
                "document %s: geomap failed (%s); scored as finding nothing", doc.doc_id, err
            )
            failures.append((doc.doc_id, str(err)))
            predictions.append(())
            continue
        seconds += time.perf_counter() - t0
        cpu_seconds += time.process_time() - c0
        predictions.append(predictions_from_parsed(parsed, doc.text, country_place))
        if progress is not None and (n % 100 == 0 or n == total):
            progress(f"parsed {n}/{total} documents")
    return GeomapRun(tuple(predictions), seconds, tuple(failures), cpu_seconds)


# ---------------------------------------------------------------------------
# Output

_COLUMNS = (
    ("precision", "P", 5),
    ("recall", "R", 5),
    ("f1", "F1", 5),
    ("acc_161", "Acc@161", 7),
    ("mean_km", "mean km", 8),
    ("median_km", "median km", 9),
    ("auc", "AUC", 5),
    ("found_within_161", "found&161", 9),
)


def _cell(value: float | None, key: str, width: int) -> str:
    if value is None:
        return "-".rjust(width)
    if key.endswith("_km"):
        return f"{value:,.1f}".rjust(width)
    return f"{value:.3f}".rjust(width)


def format_table(
    corpus: Corpus, results: Sequence[SystemResult], run: GeomapRun | None = None
) -> str:
    """A plain-text table: one row per system, then geomap's parsing speed and failures."""
    width = max([6, *(len(r.scores.system) for r in results)])
    header = "system".ljust(width) + "".join(f"  {label:>{w}}" for _, label, w in _COLUMNS)
    lines = [
        f"{corpus.name}: {len(corpus.documents):,} documents, {corpus.n_gold:,} gold toponyms",
        header,
        "-" * len(header),
    ]
    for result in results:
        s = result.scores
        cells = "".join(f"  {_cell(getattr(s, key), key, w)}" for key, _, w in _COLUMNS)
        lines.append(s.system.ljust(width) + cells)
    lines.append("")
    lines.append("match: same surface (any case), span midpoints < 10 characters apart")
    lines.append("Acc@161, mean, median, AUC: over matched toponyms; found&161: over all gold")
    if run is not None and run.docs_per_second is not None:
        per_cpu = run.docs_per_cpu_second
        cpu = f", {per_cpu:,.1f} per CPU-second" if per_cpu is not None else ""
        lines.append(
            f"geomap: {run.docs_per_second:,.1f} documents/second{cpu} "
            "(parsing only, one process, gazetteer open excluded)"
        )
    if run is not None and run.failures:
        lines.append(
            f"geomap failed on {len(run.failures)} documents, scored as finding nothing: "
            + ", ".join(doc_id for doc_id, _ in run.failures[:10])
        )
    return "\n".join(lines)


def results_to_dict(
    corpus: Corpus, results: Sequence[SystemResult], run: GeomapRun | None
) -> dict[str, Any]:
    """Everything the table shows, as JSON-ready data (same shape for any flags)."""
    systems = []
    for result in results:
        s = result.scores
        systems.append(
            {
                "system": s.system,
                "documents": s.n_docs,
                "gold": s.n_gold,
                "predicted": s.n_predicted,
                "true_positives": s.true_positives,
                "false_positives": s.false_positives,
                "false_negatives": s.false_negatives,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "acc_161": s.acc_161,
                "mean_km": s.mean_km,
                "median_km": s.median_km,
                "auc": s.auc,
                "found_within_161": s.found_within_161,
            }
        )
    return {
        "corpus": corpus.name,
        "source": corpus.source,
        "documents": len(corpus.documents),
        "gold_toponyms": corpus.n_gold,
        "geomap_seconds": run.seconds if run is not None else None,
        "geomap_docs_per_second": run.docs_per_second if run is not None else None,
        "geomap_cpu_seconds": run.cpu_seconds if run is not None else None,
        "geomap_docs_per_cpu_second": run.docs_per_cpu_second if run is not None else None,
        "geomap_failures": [
            {"document": doc_id, "error": message} for doc_id, message in run.failures
        ]
        if run is not None
        else [],
        "systems": systems,
    }


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    if start < 0 or end > len(text):
        return "(span outside the text)"
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return " ".join(f"...{before}[{text[start:end]}]{after}...".split())


def _place_label(place: Place | None, fallback: str = "") -> str:
    if place is None:
        return fallback or "(no gazetteer place)"
    where = "/".join(x for x in (place.country, place.admin1) if x)
    return f"{place.name} ({place.feature_code}, {where or '?'}, pop {place.population:,})"


def _candidate_lines(
    gold: Toponym, candidates: Sequence[Candidate], chosen: int | None, shown: int = 6
) -> str:
    """The first ``shown`` candidates (and the chosen one, if later), with km from gold."""
    if not candidates:
        return "    candidates: none"
    picked = list(candidates[:shown])
    picked += [c for c in candidates[shown:] if c.place.geonameid == chosen][:1]
    out = [f"    candidates ({len(candidates)}, best prior first; * chosen; km from gold):"]
    for c in picked:
        km = error_km(gold, Toponym("", 0, 0, c.place.lat, c.place.lon))
        mark = "*" if chosen is not None and c.place.geonameid == chosen else " "
        via = (
            f" via '{c.matched_name}'"
            if c.matched_name.casefold() != c.place.name.casefold()
            else ""
        )
        out.append(
            f"     {mark} {_place_label(c.place)} {c.key} {c.score:.2f}{via} -> {km:,.0f} km"
        )
    return "\n".join(out)


def _fmt_point(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return "(none)"
    return f"{lat:.4f},{lon:.4f}"


def _overlapping(items: Sequence[Toponym], start: int, end: int) -> list[Toponym]:
    return [t for t in items if t.start < end and start < t.end]


def _why_missed(gold: Toponym, predicted: Sequence[Toponym]) -> str:
    """Why no placed prediction matched ``gold``: unplaced, other span, or unseen."""
    unplaced = [p for p in predicted if not p.placed and is_match(gold, p)]
    if unplaced:
        p = unplaced[0]
        if p.kind == "demonym":
            return "recognised as a demonym, left unplaced"
        return f"recognised, resolution abstained ({len(p.candidates)} candidates)"
    overlap = _overlapping(predicted, gold.start, gold.end)
    if overlap:
        spans = ", ".join(f"{p.surface!r}" for p in overlap[:3])
        return f"found with another span: {spans}"
    return "not recognised"


def error_report(
    corpus: Corpus, result: SystemResult, *, limit_per_section: int | None = None
) -> str:
    """A per-toponym report for people, worst first, in three sections.

    1. Placed wrong: matched toponyms 161 km or more from the gold place,
       largest error first, with the candidates geomap considered and the
       distance of each from the gold place (is the right place there at all?).
    2. Missed: gold toponyms without a match, with the reason (not recognised,
       another span, demonym, abstention), the most frequent surfaces first.
    3. Spurious: placed predictions that match no gold toponym, most frequent first.

    A summary of the most frequent surfaces in each section comes first.
    """
    wrong: list[tuple[float, CorpusDocument, Toponym, Toponym]] = []
    missed: list[tuple[CorpusDocument, Toponym, str]] = []
    spurious: list[tuple[CorpusDocument, Toponym, str]] = []
    for doc, score, preds in zip(
        corpus.documents, result.documents, result.predictions, strict=True
    ):
        for m in score.matches:
            if m.error_km >= ACCURACY_KM:
                wrong.append((m.error_km, doc, doc.gold[m.gold], preds[m.predicted]))
        for g in score.missed:
            missed.append((doc, doc.gold[g], _why_missed(doc.gold[g], preds)))
        for p in score.spurious:
            pred = preds[p]
            overlap = _overlapping(doc.gold, pred.start, pred.end)
            why = (
                "gold has " + ", ".join(f"{g.surface!r}" for g in overlap[:3])
                if overlap
                else "no gold toponym here"
            )
            spurious.append((doc, pred, why))
    wrong.sort(key=lambda w: (-w[0], int(w[1].doc_id) if w[1].doc_id.isdigit() else 0))
    s = result.scores
    out = [
        f"# {result.scores.system} on {corpus.name}: {s.n_docs:,} documents, {s.n_gold:,} gold",
        f"# matched {s.true_positives:,}, placed wrong (>= 161 km) {len(wrong):,}, "
        f"missed {len(missed):,}, spurious {len(spurious):,}",
        "",
    ]

    def top(counter: Counter[str], n: int = 25) -> str:
        return "; ".join(f"{k} x{v}" for k, v in counter.most_common(n))

    wrong_pairs = Counter(f"{g.surface} -> {_place_label(p.place, p.name)}" for _, _, g, p in wrong)
    miss_surf = Counter(g.surface for _, g, _ in missed)
    miss_why = Counter(w.split(":")[0].split(" (")[0] for _, _, w in missed)
    spur_surf = Counter(p.surface for _, p, _ in spurious)
    spur_why = Counter(w if w == "no gold toponym here" else "span differs" for _, _, w in spurious)
    out += [
        "## Summary",
        f"placed wrong, most frequent: {top(wrong_pairs)}",
        f"missed, why: {top(miss_why)}",
        f"missed, most frequent: {top(miss_surf, 40)}",
        f"spurious, why: {top(spur_why)}",
        f"spurious, most frequent: {top(spur_surf, 40)}",
        "",
        f"## Placed wrong ({len(wrong):,}), largest error first",
    ]
    for km, doc, g, p in wrong[:limit_per_section]:
        out.append(
            f"doc {doc.doc_id} {g.surface!r} [{g.start}:{g.end}] gold {g.name or '?'} "
            f"{_fmt_point(g.lat, g.lon)} | geomap {_place_label(p.place, p.name)} "
            f"{_fmt_point(p.lat, p.lon)} error {km:,.0f} km"
        )
        out.append(f"    {_context(doc.text, g.start, g.end)}")
        chosen = p.place.geonameid if p.place is not None else None
        out.append(_candidate_lines(g, p.candidates, chosen))
    freq = Counter(g.surface.casefold() for _, g, _ in missed)
    missed.sort(key=lambda m: (-freq[m[1].surface.casefold()], m[1].surface.casefold()))
    out += ["", f"## Missed ({len(missed):,}), most frequent surfaces first"]
    for doc, g, why in missed[:limit_per_section]:
        out.append(
            f"doc {doc.doc_id} {g.surface!r} [{g.start}:{g.end}] gold {g.name or '?'} "
            f"{_fmt_point(g.lat, g.lon)} | {why}"
        )
        out.append(f"    {_context(doc.text, g.start, g.end)}")
    sfreq = Counter(p.surface.casefold() for _, p, _ in spurious)
    spurious.sort(key=lambda x: (-sfreq[x[1].surface.casefold()], x[1].surface.casefold()))
    out += ["", f"## Spurious ({len(spurious):,}), most frequent surfaces first"]
    for doc, p, why in spurious[:limit_per_section]:
        out.append(
            f"doc {doc.doc_id} {p.surface!r} [{p.start}:{p.end}] geomap "
            f"{_place_label(p.place, p.name)} {_fmt_point(p.lat, p.lon)} | {why}"
        )
        out.append(f"    {_context(doc.text, p.start, p.end)}")
    return "\n".join(out) + "\n"
