"""The project's one scorer: predicted tables against gold files, counted as RECORDS.md
"How the scorer counts" says.

`python -m pipeline evaluate` and the quality gate both use it, on a batch in memory
(`Predictions.from_batch`) or on an output folder (`Predictions.from_output`). It gives the
figures of the external ../shared/eval/score.py (tests/test_quality_gate.py compares them on
the dev set), so the number the project reports is the number it is judged by.

Records match on their key; a match is a true positive only when cases and victims both
equal the gold's. Optional gold records neither reward nor penalize. Duplicate articles are
pooled (the connected groups of gold `duplicate_of` links), so a record kept only on the
canonical copy loses nothing.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from math import comb
from pathlib import Path

from .models import BatchResult
from .rules import GROUPS, VIOLENCE_TYPES

Key = tuple[str | None, str | None, str | None, str, str]
KEY_FIELDS = ("region_code", "period_start", "period_end", "group", "violence_type")
# The fields compared to tell which one the nearest prediction of a missed primary record got wrong.
NEAREST_FIELDS = (*KEY_FIELDS, "cases", "victims")
ROUNDING = 4  # digits of every ratio reported, as score.py reports them


class GoldError(ValueError):
    """A gold folder that is missing, empty, or holds a file that is not a gold file."""


class TablesError(ValueError):
    """An output folder whose tables cannot be scored (missing, or not the pipeline's columns)."""


# ---------------------------------------------------------------- gold

def load_gold(gold_dir: Path | str) -> dict[str, dict]:
    """article id -> its gold (RECORDS.md "Gold files"), every file checked: raises GoldError.

    Checked here, once, so that a wrong folder (an output folder, a folder of other JSON) is an
    error instead of a score computed against nothing."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a folder of gold files")
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise GoldError(f"{gold_dir}: no gold files (<article_id>.json) in it")
    gold: dict[str, dict] = {}
    for path in paths:
        try:
            item = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise GoldError(f"{path}: cannot read it as JSON: {error}") from None
        problem = _gold_problem(item)
        if problem:
            raise GoldError(f"{path}: not a gold file: {problem}")
        article_id = item.get("id") or path.stem
        if article_id in gold:
            raise GoldError(f"{path}: article id {article_id!r} has a gold file already")
        gold[article_id] = item
    return gold


_PERIOD = re.compile(r"\d{4}-\d\d")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _gold_problem(item: object) -> str | None:
    """What makes `item` not a gold file (RECORDS.md), or None."""
    if not isinstance(item, dict):
        return "not a JSON object"
    if not isinstance(item.get("records"), list):
        return "no 'records' list"
    for name, pattern in (("published", _DATE), ("duplicate_of", None), ("id", None)):
        value = item.get(name)
        if value is not None and not (isinstance(value, str) and (pattern is None or pattern.fullmatch(value))):
            return f"bad {name} {value!r}"
    for n, record in enumerate(item["records"], 1):
        problem = _gold_record_problem(record)
        if problem:
            return f"record {n}: {problem}"
    return None


def _gold_record_problem(record: object) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    checks = {
        "region_code": lambda v: isinstance(v, str),
        "period_start": lambda v: isinstance(v, str) and _PERIOD.fullmatch(v),
        "period_end": lambda v: isinstance(v, str) and _PERIOD.fullmatch(v),
        "group": lambda v: v in GROUPS,
        "violence_type": lambda v: v in VIOLENCE_TYPES,
        "cases": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "victims": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "agency": lambda v: isinstance(v, list) and all(isinstance(a, str) for a in v),
        "optional": lambda v: isinstance(v, bool),
        "primary": lambda v: isinstance(v, bool),
    }
    for name, valid in checks.items():
        value = record.get(name)
        if value is not None and not valid(value):
            return f"bad {name} {value!r}"
    return None


def _gold_key(record: dict) -> Key:
    return (record.get("region_code"), record.get("period_start"), record.get("period_end"),
            record.get("group") or "all", record.get("violence_type") or "all")


def duplicate_groups(gold: dict[str, dict]) -> dict[str, str]:
    """article id -> its duplicate group, named by the group's first id: the connected groups
    of `duplicate_of` links, whichever way they point."""
    parent = {article_id: article_id for article_id in gold}

    def find(article_id: str) -> str:
        while parent[article_id] != article_id:
            article_id = parent[article_id]
        return article_id

    for article_id, item in gold.items():
        other = item.get("duplicate_of")
        if other in parent:
            a, b = sorted((find(article_id), find(other)))
            parent[b] = a
    return {article_id: find(article_id) for article_id in gold}


# ---------------------------------------------------------------- predictions

@dataclass(frozen=True)
class PredictedRecord:
    """What the scorer reads of one record row."""

    article_id: str
    key: Key
    cases: int | None
    victims: int | None
    agency: str | None
    evidence: str = ""


@dataclass(frozen=True)
class PredictedArticle:
    """What the scorer reads of one article row."""

    published: str | None
    duplicate_of: str | None


@dataclass
class Predictions:
    """The two tables the scorer reads, in their row order, from memory or from an output folder."""

    records: list[PredictedRecord]
    articles: dict[str, PredictedArticle]

    @classmethod
    def from_batch(cls, result: BatchResult) -> Predictions:
        """A batch processed in memory (batch.process)."""
        return cls([PredictedRecord(r.article_id, (r.region_code, r.period_start, r.period_end, r.group,
                                                   r.violence_type), r.cases, r.victims, r.agency, r.evidence)
                    for r in result.records],
                   {a.article_id: PredictedArticle(a.published, a.duplicate_of) for a in result.articles})

    @classmethod
    def from_output(cls, out_dir: Path | str) -> Predictions:
        """An output folder of `run`: its records.csv and articles.csv, both of one generation
        (read under `current/` when there is one, so a run switching in meanwhile cannot mix them)."""
        out_dir = Path(out_dir)
        base = (out_dir / "current").resolve() if (out_dir / "current").is_dir() else out_dir
        records = [PredictedRecord(row["article_id"], tuple(row[name] for name in KEY_FIELDS),  # type: ignore[arg-type]
                                   _count(row, "cases", path, n), _count(row, "victims", path, n),
                                   row["agency"], row["evidence"] or "")
                   for path, n, row in _csv_rows(base / "records.csv", ("article_id", "agency", *KEY_FIELDS,
                                                                         "cases", "victims", "evidence"))]
        articles = {row["article_id"]: PredictedArticle(row["published"], row["duplicate_of"])
                    for _, _, row in _csv_rows(base / "articles.csv", ("article_id", "published", "duplicate_of"))}
        return cls(records, articles)


def _csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[Path, int, dict[str, str | None]]]:
    """(path, line, row) of a table the pipeline wrote: empty cells None, the CSV's formula guard
    (one added apostrophe, write.neutralize_formula) taken off again."""
    from .write import neutralize_formula  # write loads pandas and pyarrow; only this needs it

    def value(cell: str) -> str | None:
        if cell == "":
            return None
        return cell[1:] if cell.startswith("'") and neutralize_formula(cell[1:]) == cell else cell

    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            lacking = [name for name in columns if name not in (reader.fieldnames or [])]
            if lacking:
                raise TablesError(f"{path}: not a table of the pipeline: no column {', '.join(lacking)}")
            for row in reader:
                yield path, reader.line_num, {name: value(row[name] or "") for name in columns}
    except (OSError, UnicodeDecodeError) as error:
        raise TablesError(f"cannot read {path}: {error}") from None


def _count(row: dict[str, str | None], name: str, path: Path, line: int) -> int | None:
    text = row[name]
    if text is None:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise TablesError(f"{path}:{line}: {name} {text!r} is not a whole number")
    return int(text)


# ---------------------------------------------------------------- scoring

@dataclass
class Score:
    """Counts of one scoring; the ratios are properties, `figures()` rounds them for reports."""

    articles: int = 0  # gold articles
    gold_records: int = 0  # required gold records (one per key and duplicate group)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    primary_checked: int = 0
    primary_found: int = 0
    primary_misses_by_field: Counter = field(default_factory=Counter)
    agency_checked: int = 0
    agency_correct: int = 0
    published_checked: int = 0
    published_correct: int = 0
    duplicate_pairs_gold: int = 0  # pairs of gold articles in one duplicate group
    duplicate_pairs_predicted: int = 0  # pairs the articles table links (following duplicate_of)
    duplicate_pairs_both: int = 0
    articles_missing: int = 0  # gold articles absent from the articles table
    articles_not_in_gold: int = 0  # articles with records but no gold
    differences: dict[str, list[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def primary_recall(self) -> float:
        return _ratio(self.primary_found, self.primary_checked)

    @property
    def agency_accuracy(self) -> float:
        return _ratio(self.agency_correct, self.agency_checked)

    @property
    def published_accuracy(self) -> float:
        return _ratio(self.published_correct, self.published_checked)

    @property
    def duplicate_pair_precision(self) -> float:
        return _ratio(self.duplicate_pairs_both, self.duplicate_pairs_predicted)

    @property
    def duplicate_pair_recall(self) -> float:
        return _ratio(self.duplicate_pairs_both, self.duplicate_pairs_gold)

    def figures(self) -> dict[str, object]:
        """Every figure, ratios rounded to 4 digits, named as score.py --json names them
        (but for articles_not_in_gold, which score.py calls records_for_unknown_articles)."""
        ratios = ("precision", "recall", "f1", "primary_recall", "agency_accuracy", "published_accuracy",
                  "duplicate_pair_precision", "duplicate_pair_recall")
        rounded = {name: round(getattr(self, name), ROUNDING) for name in ratios}
        return {"articles": self.articles, "gold_records": self.gold_records,
                "tp": self.tp, "fp": self.fp, "fn": self.fn,
                **{name: rounded[name] for name in ratios[:4]},
                "primary_misses_by_field": dict(self.primary_misses_by_field.most_common()),
                **{name: rounded[name] for name in ratios[4:]},
                "articles_missing_from_articles_csv": self.articles_missing,
                "articles_not_in_gold": self.articles_not_in_gold}

    def as_json(self) -> dict[str, object]:
        """figures() and the differences per duplicate group: what `evaluate --json` prints."""
        return {**self.figures(), "differences": dict(sorted(self.differences.items()))}

    def report(self) -> str:
        """The figures one per line, then the differences per duplicate group."""
        lines = []
        for name, value in self.figures().items():
            if isinstance(value, float):
                value = f"{value:.{ROUNDING}f}"
            elif isinstance(value, dict):
                value = ", ".join(f"{k} {n}" for k, n in value.items()) or "-"
            lines.append(f"{name.replace('_', ' '):<36}{value}")
        for group, diffs in sorted(self.differences.items()):
            lines.append(f"## {group}")
            lines.extend(f"  {d}" for d in diffs)
        return "\n".join(lines)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def score(gold: dict[str, dict], predicted: Predictions) -> Score:
    """Score the predictions against gold as loaded by load_gold."""
    group_of = duplicate_groups(gold)
    gold_records: dict[str, dict[Key, dict]] = {}
    for article_id, item in gold.items():
        for record in item["records"]:
            gold_records.setdefault(group_of[article_id], {}).setdefault(_gold_key(record), record)
    by_group: dict[str, dict[tuple, PredictedRecord]] = {}
    s = Score(articles=len(gold))
    not_in_gold = set()
    for record in predicted.records:
        if record.article_id in group_of:
            by_group.setdefault(group_of[record.article_id], {}).setdefault(
                (record.key, record.cases, record.victims), record)
        else:
            not_in_gold.add(record.article_id)
    s.articles_not_in_gold = len(not_in_gold)
    for group in sorted(set(group_of.values())):
        _score_group(s, group, gold_records.get(group, {}), by_group.get(group, {}))
    _score_articles(s, gold, group_of, predicted.articles)
    return s


def _score_group(s: Score, group: str, golds: dict[Key, dict], predictions: dict[tuple, PredictedRecord]) -> None:
    diffs, matched = [], set()
    for (key, cases, victims), record in predictions.items():
        g = golds.get(key)
        if g is not None and g.get("optional"):
            continue
        if g is not None and key not in matched and (g.get("cases"), g.get("victims")) == (cases, victims):
            s.tp += 1
            matched.add(key)
            _score_agency(s, g, record, diffs)
        else:
            s.fp += 1
            diffs.append(f"FP {key} cases={cases} victims={victims} | {record.evidence[:100]!r}")
    for key, g in golds.items():
        if g.get("optional"):
            continue
        s.gold_records += 1
        if key not in matched:
            s.fn += 1
            diffs.append(f"FN {key} cases={g.get('cases')} victims={g.get('victims')}")
        if g.get("primary"):
            s.primary_checked += 1
            if key in matched:
                s.primary_found += 1
            else:
                s.primary_misses_by_field.update(_nearest_misses(key, g, predictions))
    if diffs:
        s.differences[group] = diffs


def _nearest_misses(key: Key, g: dict, predictions: dict[tuple, PredictedRecord]) -> list[str]:
    """The fields in which the closest prediction (fewest differing fields, the first of equals)
    differs from a missed primary record; ["no_prediction"] when none shares any field."""
    wanted = (*key, g.get("cases"), g.get("victims"))
    best = list(NEAREST_FIELDS)
    for predicted_key, cases, victims in predictions:
        misses = [name for name, a, b in zip(NEAREST_FIELDS, (*predicted_key, cases, victims), wanted) if a != b]
        if len(misses) < len(best):
            best = misses
    return best if len(best) < len(NEAREST_FIELDS) else ["no_prediction"]


def _score_agency(s: Score, gold: dict, record: PredictedRecord, diffs: list[str]) -> None:
    """RECORDS.md: agency spellings compare ignoring case, spaces and punctuation."""
    accepted = {_squash(a) for a in gold.get("agency") or []}
    if not accepted and not _squash(record.agency):
        return
    s.agency_checked += 1
    if _squash(record.agency) in accepted:
        s.agency_correct += 1
    else:
        diffs.append(f"agency {record.agency!r} not in {gold.get('agency')} for {record.key}")


def _squash(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def _score_articles(s: Score, gold: dict[str, dict], group_of: dict[str, str],
                    articles: dict[str, PredictedArticle]) -> None:
    """Publication dates, and duplicates as pairs of gold articles grouped alike."""
    for article_id, item in gold.items():
        if article_id not in articles:
            s.articles_missing += 1
        if item.get("published"):
            s.published_checked += 1
            got = articles[article_id].published if article_id in articles else None
            if got and got[:10] == item["published"]:
                s.published_correct += 1
            else:
                s.differences.setdefault(group_of[article_id], []).append(
                    f"published {got!r} != {item['published']!r} ({article_id})")
    predicted_root = {article_id: _predicted_root(article_id, articles) for article_id in gold}

    def pairs(classes: Counter) -> int:
        return sum(comb(n, 2) for n in classes.values())

    s.duplicate_pairs_gold = pairs(Counter(group_of.values()))
    s.duplicate_pairs_predicted = pairs(Counter(predicted_root.values()))
    s.duplicate_pairs_both = pairs(Counter((group_of[a], predicted_root[a]) for a in gold))


def _predicted_root(article_id: str, articles: dict[str, PredictedArticle]) -> str:
    """The article at the end of the articles table's duplicate_of links from `article_id`."""
    seen = set()
    while article_id in articles and articles[article_id].duplicate_of and article_id not in seen:
        seen.add(article_id)
        article_id = articles[article_id].duplicate_of
    return article_id
