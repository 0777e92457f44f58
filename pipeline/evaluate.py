"""Score a batch against gold files, counting exactly as RECORDS.md "How the scorer counts" says.

For users who keep their own gold: `python -m pipeline evaluate GOLD_DIR [INPUT ...]`.
Records match on their key; a match is a true positive only when cases and victims both
equal the gold's. Optional gold records neither reward nor penalize. Duplicate articles
are pooled, so a record kept only on the canonical copy loses nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .models import BatchResult, Record

Key = tuple[str | None, str | None, str | None, str, str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agency_checked: int = 0
    agency_correct: int = 0
    published_checked: int = 0
    published_correct: int = 0
    differences: dict[str, list[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def agency_accuracy(self) -> float:
        return self.agency_correct / self.agency_checked if self.agency_checked else 1.0

    @property
    def published_accuracy(self) -> float:
        return self.published_correct / self.published_checked if self.published_checked else 1.0

    def report(self) -> str:
        lines = [f"{name:<20}{value}" for name, value in (
            ("true positives", self.tp), ("false positives", self.fp), ("false negatives", self.fn),
            ("precision", f"{self.precision:.4f}"), ("recall", f"{self.recall:.4f}"),
            ("f1", f"{self.f1:.4f}"), ("agency accuracy", f"{self.agency_accuracy:.4f}"),
            ("published accuracy", f"{self.published_accuracy:.4f}"))]
        for article, diffs in sorted(self.differences.items()):
            lines.append(f"## {article}")
            lines.extend(f"  {d}" for d in diffs)
        return "\n".join(lines)


def load_gold(gold_dir: Path) -> dict[str, dict]:
    gold = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        gold[item.get("id") or path.stem] = item
    return gold


def score(gold: dict[str, dict], result: BatchResult) -> Score:
    """Compare a batch's records and articles with gold (as loaded by load_gold)."""
    root = _duplicate_groups(gold)
    gold_records: dict[str, dict[Key, dict]] = {}
    for article_id, item in gold.items():
        for g in item.get("records", []):
            gold_records.setdefault(root[article_id], {}).setdefault(_gold_key(g), g)
    predicted: dict[str, dict[tuple, Record]] = {}
    for r in result.records:
        if r.article_id in root:
            predicted.setdefault(root[r.article_id], {}).setdefault(
                (_record_key(r), r.cases, r.victims), r)

    s = Score()
    for group in sorted(set(root.values())):
        golds, diffs, matched = gold_records.get(group, {}), [], set()
        for (key, cases, victims), record in predicted.get(group, {}).items():
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
            if not g.get("optional") and key not in matched:
                s.fn += 1
                diffs.append(f"FN {key} cases={g.get('cases')} victims={g.get('victims')}")
        if diffs:
            s.differences[group] = diffs
    published = {a.article_id: a.published for a in result.articles}
    for article_id, item in gold.items():
        if item.get("published"):
            s.published_checked += 1
            if (published.get(article_id) or "")[:10] == item["published"]:
                s.published_correct += 1
            else:
                s.differences.setdefault(root[article_id], []).append(
                    f"published {published.get(article_id)!r} != {item['published']!r} ({article_id})")
    return s


def _score_agency(s: Score, gold: dict, record: Record, diffs: list[str]) -> None:
    accepted = {_squash(a) for a in gold.get("agency") or []}
    if not accepted and not record.agency:
        return
    s.agency_checked += 1
    if _squash(record.agency) in accepted:
        s.agency_correct += 1
    else:
        diffs.append(f"agency {record.agency!r} not in {gold.get('agency')} for {_record_key(record)}")


def _squash(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def _gold_key(g: dict) -> Key:
    return (g.get("region_code"), g.get("period_start"), g.get("period_end"),
            g.get("group") or "all", g.get("violence_type") or "all")


def _record_key(r: Record) -> Key:
    return (r.region_code, r.period_start, r.period_end, r.group, r.violence_type)


def _duplicate_groups(gold: dict[str, dict]) -> dict[str, str]:
    """article id -> the first article of its duplicate group (following duplicate_of links)."""
    def root(article_id: str, seen: frozenset = frozenset()) -> str:
        parent = gold[article_id].get("duplicate_of")
        if not parent or parent not in gold or parent in seen:
            return article_id
        return root(parent, seen | {article_id})

    return {article_id: root(article_id) for article_id in gold}
