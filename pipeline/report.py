"""Write OUT/report.html: one self-contained page on which a reviewer can check every number.

The output tables say what was read; the report shows where: each article's cleaned text with
every record's evidence marked and, for the record in view, the spans that filled its slots
(spaCy's displaCy span renderer, `style="span"`), beside a table of the article's records with
their checks and basis. An overview comes first (records per province and year as a heat map,
counts by agency, type and group, the rejects and their reasons), so the dataset is seen before
it is read, and a filter narrows the articles to the records in question.

The page must open from disk on a reviewer's laptop and stay quick at 10 000 articles, so it
holds no link to anything outside itself, and article sections are not HTML in the file: they
are built in the browser, a page of articles at a time, from JSON embedded in the file. Article
text reaches the page only as text nodes; the one piece of markup made here from it is
displaCy's, which escapes every token. A Content-Security-Policy lets only the report's own
script run, so markup that slipped through anyway could not execute.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from spacy import displacy

from .rules import default_rules

REPORT_NAME = "report.html"
TABLES = ("records", "articles", "rejects", "texts", "spans")
# Tables that versions before the report did not write: their absence means "run again".
NEWER_TABLES = frozenset({"texts", "spans"})
PAGE_SIZE = 20  # articles built at a time: a page stays quick whatever the corpus size
REJECTS_LISTED = 200  # rejects listed one by one; all of them are counted by reason

# Colour of each slot's underline; a slot not listed here (a future one) is grey.
SLOT_COLORS = {"cases": "#ff9a8a", "victims": "#f4a3dd", "region": "#8fdcaa", "period": "#8ecdfc",
               "group": "#ffc27a", "violence_type": "#c9b2ff", "agency": "#dcd86a"}
OTHER_SLOT_COLOR = "#d0d0d0"
SLOT_LABELS = {"violence_type": "type"}  # short labels: a label is clipped to its span's width
PLAIN_SCOPE = "clause"  # the count's own clause: the usual scope, left out of labels
# displaCy's span templates with classes instead of its inline styles: the same per-token markup
# (the stacking of overlapping spans is displaCy's), a tenth of the bytes, and the label as an
# attribute that CSS shows, so copying the text does not copy the labels.
DISPLACY_OPTIONS = {
    "template": {
        "span": '<span class="dt" style="height:{total_height}px">{text}{span_slices}{span_starts}</span>',
        "slice": '<span class="ds" style="background:{bg};top:{top_offset}px"></span>',
        "start": '<span class="dl" style="background:{bg};top:{top_offset}px" data-label="{label}">{kb_link}</span>',
    },
    "top_offset": 25, "span_label_offset": 14, "top_offset_step": 15,
}
_DISPLACY_DOC = re.compile(r'<div class="spans"[^>]*>(.*?)</div>', re.S)
_WORD = re.compile(r"\S+")

RECORD_COLUMNS = ["record_id", "article", "agency", "region_code", "region", "period_start", "period_end",
                  "group", "violence_type", "cases", "victims", "approximate", "evidence_start", "evidence_end",
                  "checks", "basis", "year"]
ARTICLE_COLUMNS = ["article_id", "title", "published", "source", "url", "duplicate_of", "first_record",
                   "record_count"]


class ReportError(Exception):
    """The report cannot be written; the message says why in plain words."""


class MissingOutputError(ReportError):
    """The output folder, or a table the report reads from it, is not there."""


@dataclass
class Outputs:
    """The tables of one run, each as column name -> values."""

    records: dict[str, list]
    articles: dict[str, list]
    rejects: dict[str, list]
    texts: dict[str, list]
    spans: dict[str, list]


def write_report(out_dir: Path) -> Path:
    """Write out_dir/report.html from the run's tables there and return its path.

    Written to a temporary file and renamed, so a reader never sees half a report. Raises
    MissingOutputError when out_dir holds no (or an older version's) output, ReportError when
    the tables cannot be read or the report cannot be written.
    """
    out_dir = Path(out_dir)
    page = render_report(read_outputs(out_dir), out_dir.resolve().name)
    target = out_dir / REPORT_NAME
    temporary = out_dir / f".{REPORT_NAME}.{uuid.uuid4().hex}.tmp"  # a crashed write's is removed by the next run
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(page)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ReportError(f"cannot write the report {target}: {error}") from error
    return target


def read_outputs(out_dir: Path) -> Outputs:
    """The five tables of the generation OUT/current points at, all from the same run.

    A run that switches generations while they are read removes the old one: then the new
    one is read instead.
    """
    if not out_dir.is_dir():
        raise MissingOutputError(f"no output folder {out_dir}: write one first with "
                                 f"`python -m pipeline run INPUT --out {out_dir}`")
    for _ in range(3):
        folder = _generation(out_dir)
        try:
            tables = {name: _read_table(out_dir, folder, name) for name in TABLES}
        except FileNotFoundError as error:
            if _generation(out_dir) != folder:
                continue
            raise MissingOutputError(f"a table of {out_dir} went missing while the report read it: {error}") from error
        if "record_id" not in tables["records"]:
            raise MissingOutputError(f"{out_dir} was written by an older version of the pipeline (its records "
                                     f"have no record_id): run the pipeline again to write it anew")
        return Outputs(**tables)
    raise ReportError(f"the outputs in {out_dir} kept changing while the report read them: is a run writing there?")


def _generation(out_dir: Path) -> Path:
    """The folder of the current tables: OUT/current's target, or OUT itself for flat outputs."""
    current = out_dir / "current"
    return Path(os.path.realpath(current)) if current.is_symlink() else out_dir


def _read_table(out_dir: Path, folder: Path, name: str) -> dict[str, list]:
    path = folder / f"{name}.parquet"
    if not path.is_file():
        if folder != out_dir and not folder.is_dir():
            raise FileNotFoundError(path)  # the generation went away: read_outputs looks again
        if name in NEWER_TABLES:
            raise MissingOutputError(f"{out_dir} was written by an older version of the pipeline, without "
                                     f"{name}.parquet: run the pipeline again to write it anew")
        raise MissingOutputError(f"{out_dir} holds no pipeline output (no {name}.parquet): write it first "
                                 f"with `python -m pipeline run INPUT --out {out_dir}`")
    try:
        return pq.read_table(path).to_pydict()
    except FileNotFoundError:
        raise
    except (OSError, pa.ArrowException) as error:
        raise ReportError(f"cannot read {path}: {error}") from error


def render_report(outputs: Outputs, name: str) -> str:
    """The whole page as one string: overview, filters, and the articles' data for the script."""
    articles = _rows(outputs.articles)
    index = {article["article_id"]: i for i, article in enumerate(articles)}
    texts = dict(zip(outputs.texts["article_id"], outputs.texts["text"]))
    records = _ordered_records(_rows(outputs.records), index)
    spans = _spans_by_record(outputs.spans)
    rejects = _rows(outputs.rejects)
    regions = {code: region.name for code, region in default_rules().regions.items()}

    islands = _islands(records, spans, [texts.get(a["article_id"], "") for a in articles])
    payload = _payload(articles, records, spans, islands, texts, index)
    summary = (f"{len(articles)} articles ({sum(a['duplicate_of'] is not None for a in articles)} republished "
               f"copies), {len(records)} records, {len(rejects)} rejects · output folder {name}")
    script = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return "".join([
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        # Nothing outside the file is ever loaded, and only the script below may run.
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        f'img-src data:; script-src \'sha256-{script_hash}\'">\n',
        '<link rel="icon" href="data:,">\n',
        f"<title>Review report · {_e(name)}</title>\n<style>{_asset('report.css')}</style>\n</head>\n<body>\n",
        f'<header class="top"><h1>Review report</h1><p>{_e(summary)}</p></header>\n<main>\n',
        _overview(records, rejects, regions),
        _filters(records, regions),
        '<h2>Articles <span class="key">', _slot_key(), "</span></h2>\n",
        _pager("top"), '<div id="articles"></div>\n', _pager("bottom"),
        "</main>\n",
        f'<script type="application/json" id="report-data">{_script_json(payload)}</script>\n',
        f"<script>{script}</script>\n</body>\n</html>\n",
    ])


def _rows(table: dict[str, list]) -> list[dict]:
    """Column lists as row dicts, with dates as YYYY-MM-DD and an empty `checks` as None."""
    rows = [dict(zip(table, values)) for values in zip(*table.values())]
    for row in rows:
        for column, value in row.items():
            if isinstance(value, date):
                row[column] = value.isoformat()
        if "checks" in row:
            row["checks"] = row["checks"] or None
    return rows


def _ordered_records(records: list[dict], index: dict[str, int]) -> list[dict]:
    """Records grouped by their article in the articles' order (each article's records are then
    one contiguous range), in their own order within it, each with its article and year."""
    for record in records:
        if record["article_id"] not in index:
            raise ReportError(f"record {record['record_id']} names article {record['article_id']}, "
                              f"which articles.parquet lacks: the outputs are not of one run")
        record["article"] = index[record["article_id"]]
        record["year"] = _year(record)
    return sorted(records, key=lambda record: record["article"])


def _year(record: dict) -> int | None:
    """The year a record's period ends: the year its count reaches, for the heat map and the filter."""
    month = record["period_end"] or record["period_start"]
    return int(month[:4]) if month else None


def _spans_by_record(spans: dict[str, list]) -> dict[str, list[dict]]:
    by_record: dict[str, list[dict]] = {}
    for span in _rows(spans):
        by_record.setdefault(span["record_id"], []).append(span)
    return by_record


def _islands(records: list[dict], spans: dict[str, list[dict]], texts: list[str]) -> list[list[list]]:
    """Per record, its spans as islands [start, end, displaCy markup]: each island a run of the
    text covered by overlapping spans, the unit the browser swaps in when the record is shown.

    All islands of the report go through one displacy.render call: it sets up its renderer once,
    which is most of its cost for a few words.
    """
    docs, owners = [], []
    for r, record in enumerate(records):
        text = texts[record["article"]]
        for start, end, placed in _span_runs(spans.get(record["record_id"], []), text):
            docs.append(_span_doc(text, start, end, placed))
            owners.append((r, start, end))
    colors = {label: color for label, color in _label_colors(spans)}
    markup = displacy.render(docs, style="span", manual=True, jupyter=False,
                             options={**DISPLACY_OPTIONS, "colors": colors}) if docs else ""
    parts = _DISPLACY_DOC.findall(markup)
    if len(parts) != len(docs):
        raise ReportError(f"displaCy returned {len(parts)} span renderings for {len(docs)} texts: "
                          f"its markup has changed and pipeline/report.py must follow it")
    islands: list[list[list]] = [[] for _ in records]
    for (r, start, end), part in zip(owners, parts):
        islands[r].append([start, end, part])
    return islands


def _span_runs(spans: list[dict], text: str) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """The spans that name text, trimmed to their words, merged where they overlap."""
    placed = []
    for span in spans:
        start, end = span["start"], span["end"]
        if start is None or end is None:
            continue
        start, end = max(start, 0), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            placed.append((start, end, _span_label(span)))
    runs: list[tuple[int, int, list]] = []
    for start, end, label in sorted(placed):
        if runs and start < runs[-1][1]:
            run_start, run_end, members = runs[-1]
            runs[-1] = (run_start, max(run_end, end), [*members, (start, end, label)])
        else:
            runs.append((start, end, [(start, end, label)]))
    return runs


def _span_label(span: dict) -> str:
    """The slot, and the scope it was read from when that is not the count's own clause (escaped:
    displaCy puts labels into its markup as they are)."""
    name = SLOT_LABELS.get(span["slot"], span["slot"])
    return _e(name if span["scope"] == PLAIN_SCOPE else f"{name} · {span['scope']}")


def _label_colors(spans: dict[str, list[dict]]) -> set[tuple[str, str]]:
    """Each label's colour, its slot's (displaCy looks colours up by label)."""
    return {(_span_label(span), SLOT_COLORS.get(span["slot"], OTHER_SLOT_COLOR))
            for record_spans in spans.values() for span in record_spans}


def _span_doc(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> dict:
    """displaCy's manual span format for text[start:end]: its words, cut where a span starts or
    ends inside one, each token with one space after it when the text has any."""
    cuts = sorted({offset for span in spans for offset in span[:2]})
    bounds = []
    for word in _WORD.finditer(text, start, end):
        inner = [c for c in cuts if word.start() < c < word.end()]
        edges = [word.start(), *inner, word.end()]
        bounds.extend(zip(edges, edges[1:]))
    tokens = [text[a:b] + (" " if k + 1 < len(bounds) and bounds[k + 1][0] > b else "")
              for k, (a, b) in enumerate(bounds)]
    first = {a: k for k, (a, _) in enumerate(bounds)}
    last = {b: k for k, (_, b) in enumerate(bounds)}
    return {"text": text[start:end], "tokens": tokens,
            "spans": [{"start_token": first[a], "end_token": last[b] + 1, "label": label} for a, b, label in spans]}


def _payload(articles: list[dict], records: list[dict], spans: dict[str, list[dict]], islands: list[list[list]],
             texts: dict[str, str], index: dict[str, int]) -> dict:
    """What the script builds article sections from: column lists and one row array per item."""
    first: dict[int, int] = {}
    for r, record in enumerate(records):
        first.setdefault(record["article"], r)
    counts = Counter(record["article"] for record in records)
    article_rows = [[a["article_id"], a["title"], a["published"], a["source"], a["url"],
                     index.get(a["duplicate_of"], -1),
                     first.get(i, 0), counts[i]] for i, a in enumerate(articles)]
    slot_order = {slot: k for k, slot in enumerate(SLOT_COLORS)}
    reads = [[[s["slot"], s["scope"], s["text"]]
              for s in sorted(spans.get(record["record_id"], []), key=lambda s: slot_order.get(s["slot"], 99))]
             for record in records]
    return {"record_columns": RECORD_COLUMNS, "article_columns": ARTICLE_COLUMNS, "page_size": PAGE_SIZE,
            "records": [[record[column] for column in RECORD_COLUMNS] for record in records],
            "articles": article_rows, "texts": [texts.get(a["article_id"], "") for a in articles],
            "reads": reads, "islands": islands}


def _script_json(payload: dict) -> str:
    """JSON that cannot end its <script> element early: <, > and & as \\u escapes."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return (resources.files("pipeline") / "report_assets" / name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _filter_attr(**values: str) -> str:
    return f' data-filter="{_e(json.dumps(values))}"'


# ---------------------------------------------------------------- overview

def _province(code: str | None) -> str | None:
    return code.split(".")[0] if code else None


def _region_label(code: str | None, regions: dict[str, str]) -> str:
    if code is None:
        return "no region"
    return f"{regions.get(code, code)} ({code})"


def _overview(records: list[dict], rejects: list[dict], regions: dict[str, str]) -> str:
    agencies = Counter(record["agency"] for record in records)
    types = Counter(record["violence_type"] for record in records)
    groups = Counter(record["group"] for record in records)
    basis = Counter(record["basis"] for record in records)
    checks = Counter("flagged" if record["checks"] else "clean" for record in records)
    return "".join([
        '<section class="overview">\n<div class="panel heatmap"><h3>Records per province and year</h3>',
        _heatmap(records, regions),
        '<p class="legend">A kabupaten/kota counts in its province; the year is the one a count\'s period ends in '
        "(— no period). Click a cell to read its records.</p></div>\n",
        '<div class="side">',
        f'<div class="panel"><h3>By agency</h3>{_count_table(agencies, "agency", limit=12)}</div>',
        '<div class="columns2">',
        f'<div class="panel"><h3>By type</h3>{_count_table(types, "type")}</div>',
        f'<div class="panel"><h3>By group</h3>{_count_table(groups, "group")}'
        f'<h3 style="margin-top:12px">How read</h3>{_count_table(basis, "basis")}'
        f'<h3 style="margin-top:12px">Checks</h3>{_count_table(checks, "checks")}</div>',
        "</div>", _rejects(rejects), "</div>\n</section>\n",
    ])


def _heatmap(records: list[dict], regions: dict[str, str]) -> str:
    """Inline SVG: a row per province (Kepmendagri order, roughly west to east), a column per year."""
    if not records:
        return '<p class="muted">No records.</p>'
    cells = Counter((_province(record["region_code"]), record["year"]) for record in records)
    rows = sorted({p for p, _ in cells}, key=lambda p: (p is None, p or ""))
    years = sorted({y for _, y in cells}, key=lambda y: (y is None, y or 0))
    totals = Counter(_province(record["region_code"]) for record in records)
    names = {p: "no region" if p is None else regions.get(p, p) for p in rows}
    label_w = 16 + 7 * max(len(name) for name in names.values())  # about 7 px a character at 12 px
    cell_w, cell_h, head_h, bar_w = 34, 22, 22, 80
    width, height = label_w + cell_w * len(years) + bar_w + 50, head_h + cell_h * len(rows) + 4
    top = max(cells.values())
    most = max(totals.values())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Records per province and year">']
    for k, year in enumerate(years):
        x = label_w + k * cell_w + cell_w / 2
        parts.append(f'<text x="{x}" y="{head_h - 7}" text-anchor="middle" fill="#6b6775">'
                     f'{"—" if year is None else year}</text>')
    parts.append(f'<text x="{label_w + cell_w * len(years) + 8}" y="{head_h - 7}" fill="#6b6775">all</text>')
    for row, province in enumerate(rows):
        y = head_h + row * cell_h
        name = _region_label(province, regions)
        parts.append(f'<text x="{label_w - 8}" y="{y + cell_h / 2 + 4}" text-anchor="end">{_e(names[province])}'
                     f'<title>{_e(name)}</title></text>')
        region_value = "n:" if province is None else province
        for k, year in enumerate(years):
            n, x = cells.get((province, year), 0), label_w + k * cell_w
            if not n:
                parts.append(f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                             f'fill="#f4f2f8"/>')
                continue
            t = math.sqrt(n / top)
            filters = _filter_attr(region=region_value, year="n:" if year is None else f"v:{year}")
            parts.append(f'<rect class="cell" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                         f'rx="2" fill="{_shade(t)}"{filters}><title>{_e(name)}, '
                         f'{"no period" if year is None else year}: {n} records</title></rect>'
                         f'<text x="{x + cell_w / 2}" y="{y + cell_h / 2 + 4}" text-anchor="middle" '
                         f'pointer-events="none" fill="{"#fff" if t > 0.55 else "#1d1b22"}">{n}</text>')
        x = label_w + cell_w * len(years) + 8
        bar = max(1.0, bar_w * totals[province] / most)
        parts.append(f'<rect x="{x}" y="{y + 6}" width="{bar:.1f}" height="{cell_h - 12}" fill="#8c6bd1"/>'
                     f'<text x="{x + bar + 4}" y="{y + cell_h / 2 + 4}">{totals[province]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _shade(t: float) -> str:
    """From a pale to a deep violet as t goes from 0 to 1."""
    low, high = (0xEE, 0xE8, 0xFA), (0x3B, 0x1C, 0x78)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(low, high))


def _count_table(counts: Counter, filter_name: str, limit: int | None = None) -> str:
    """Counts as rows with bars; a click on a row filters the articles by its value."""
    if not counts:
        return '<p class="muted">No records.</p>'
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, str(item[0])))
    shown, rest = (ordered[:limit], ordered[limit:]) if limit else (ordered, [])
    most = ordered[0][1]
    rows = []
    for value, n in shown:
        label = "(none named)" if value is None else value
        filter_value = value if filter_name in ("type", "group", "basis", "checks") \
            else ("n:" if value is None else f"v:{value}")
        rows.append(f'<tr{_filter_attr(**{filter_name: filter_value})}><td>{_e(label)}</td>'
                    f'<td class="bar"><span style="width:{100 * n / most:.1f}%"></span></td>'
                    f'<td class="n">{n}</td></tr>')
    if rest:
        rows.append(f'<tr class="more"><td colspan="2">{len(rest)} more (in the filter)</td>'
                    f'<td class="n">{sum(n for _, n in rest)}</td></tr>')
    return f'<table class="counts">{"".join(rows)}</table>'


def _rejects(rejects: list[dict]) -> str:
    if not rejects:
        return '<div class="panel rejects"><h3>Rejects</h3><p class="muted">No input was rejected.</p></div>'
    reasons = Counter(reject["reason"] for reject in rejects)
    by_reason = "".join(f"<tr><td>{_e(reason)}</td><td>{n}</td></tr>" for reason, n in reasons.most_common())
    listed = "".join(f'<tr><td>{_e(_input_name(r))}</td><td>{_e(r["article_id"] or "–")}</td>'
                     f'<td>{_e(r["reason"])}</td></tr>' for r in rejects[:REJECTS_LISTED])
    more = f'<p class="muted">… and {len(rejects) - REJECTS_LISTED} more in rejects.csv</p>' \
        if len(rejects) > REJECTS_LISTED else ""
    return (f'<div class="panel rejects"><h3>Rejects: {len(rejects)} inputs gave no article</h3>'
            f"<table><tr><th>reason</th><th>inputs</th></tr>{by_reason}</table>"
            f"<details><summary>each reject</summary><table><tr><th>input</th><th>id</th><th>reason</th></tr>"
            f"{listed}</table>{more}</details></div>")


def _input_name(reject: dict) -> str:
    """The rejected input as path, or path:line for a JSONL line."""
    return reject["source_path"] if reject["line"] is None else f"{reject['source_path']}:{reject['line']}"


# ---------------------------------------------------------------- filters and paging

def _options(choices: list[tuple[str, str]], any_label: str = "any") -> str:
    return f'<option value="">{any_label}</option>' + "".join(
        f'<option value="{_e(value)}">{_e(label)}</option>' for value, label in choices)


def _select(name: str, label: str, choices: list[tuple[str, str]]) -> str:
    return f'<label>{label}<select name="{name}">{_options(choices)}</select></label>'


def _filters(records: list[dict], regions: dict[str, str]) -> str:
    codes = {record["region_code"] for record in records}
    region_choices = []
    for province in sorted({_province(code) for code in codes if code}):
        region_choices.append((province, f"{_region_label(province, regions)}, all"))
        region_choices.extend((code, f"  {regions.get(code, code)} ({code})")
                              for code in sorted(c for c in codes if c and c.startswith(province + ".")))
    if None in codes:
        region_choices.append(("n:", "no region"))
    agencies = Counter(record["agency"] for record in records)
    agency_choices = [("n:" if a is None else f"v:{a}", "(none named)" if a is None else a)
                      for a, _ in sorted(agencies.items(), key=lambda item: (-item[1], str(item[0])))]
    years = {record["year"] for record in records}
    year_choices = [(f"v:{y}", str(y)) for y in sorted(y for y in years if y is not None)]
    if None in years:
        year_choices.append(("n:", "no period"))
    types = sorted({record["violence_type"] for record in records})
    groups = sorted({record["group"] for record in records})
    show = ('<label>articles<select name="show"><option value="records">with matching records</option>'
            '<option value="all">all</option><option value="none">without records</option>'
            '<option value="duplicates">republished copies</option></select></label>')
    return "".join([
        '<form id="filters" autocomplete="off">',
        _select("region", "region", region_choices), _select("agency", "agency", agency_choices),
        _select("year", "year", year_choices), _select("type", "type", [(t, t) for t in types]),
        _select("group", "group", [(g, g) for g in groups]),
        _select("checks", "checks", [("flagged", "flagged"), ("clean", "not flagged")]),
        _select("basis", "how read", [("stated", "stated in its sentence"), ("inferred", "inferred")]),
        show, '<button type="reset">clear</button><span class="status" id="status"></span></form>\n',
    ])


def _pager(where: str) -> str:
    return (f'<nav class="pager {where}"><button type="button" data-page="prev">‹ previous</button>'
            f'<span class="where"></span><button type="button" data-page="next">next ›</button></nav>\n')


def _slot_key() -> str:
    return "".join(f'<span><i style="background:{color}"></i>{SLOT_LABELS.get(slot, slot)}</span>'
                   for slot, color in SLOT_COLORS.items())
