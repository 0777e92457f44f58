"""Quality gate: the whole pipeline on corpus/ against the project's gold, with pinned floors.

Like trafilatura's evaluation gate: the floors live in tests/baseline.json so a change that
makes extraction worse fails CI instead of slipping through. The seeds must come out exactly
as their gold (RECORDS.md scoring: key match, cases and victims equal).
"""
import json
from pathlib import Path

import pytest

from pipeline.batch import process
from pipeline.evaluate import load_gold, score

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
METRICS = [name for name, floor in BASELINE.items() if not name.startswith("_") and not isinstance(floor, dict)]
DEV_FLOORS = {name: floor for name, floor in BASELINE["dev"].items() if not name.startswith("_")}
DEV = ROOT.parent / "shared" / "eval" / "dev"


GOLD = ROOT / "tests" / "gold" / "corpus"


@pytest.fixture(scope="module")
def corpus_result():
    return process([ROOT / "corpus"])


@pytest.fixture(scope="module")
def corpus_score(corpus_result):
    return score(load_gold(GOLD), corpus_result)


@pytest.mark.parametrize("metric", METRICS)
def test_corpus_meets_pinned_floor(corpus_score, metric):
    value = getattr(corpus_score, metric)
    assert value >= BASELINE[metric], f"{metric} {value:.4f} fell below {BASELINE[metric]}:\n{corpus_score.report()}"


def test_every_corpus_article_has_gold(corpus_result):
    assert {a.article_id for a in corpus_result.articles} == set(load_gold(GOLD))
    assert corpus_result.rejects == []


@pytest.fixture(scope="module")
def dev_score():
    if not (DEV / "articles").is_dir():
        pytest.skip(f"no dev set beside the project ({DEV})")
    return score(load_gold(DEV / "gold"), process([DEV / "articles"]))


@pytest.mark.parametrize("metric", sorted(DEV_FLOORS))
def test_dev_set_meets_pinned_floor(dev_score, metric):
    value = getattr(dev_score, metric)
    assert value >= DEV_FLOORS[metric], f"dev {metric} {value:.4f} fell below {DEV_FLOORS[metric]}"
