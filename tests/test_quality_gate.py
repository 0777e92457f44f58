"""Quality gate: the whole pipeline on corpus/ against the project's gold, with pinned floors.

Like trafilatura's evaluation gate: the floors live in tests/baseline.json so a change that
makes extraction worse fails CI instead of slipping through. The seeds must come out exactly
as their gold (RECORDS.md scoring: key match, cases and victims equal). On the dev set beside
the project, the project's scorer must also give exactly the external scorer's figures.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import process, run
from pipeline.evaluate import Predictions, load_gold, score

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
METRICS = [name for name, floor in BASELINE.items() if not name.startswith("_") and not isinstance(floor, dict)]
DEV_FLOORS = {name: floor for name, floor in BASELINE["dev"].items() if not name.startswith("_")}
DEV = ROOT.parent / "shared" / "eval" / "dev"
EXTERNAL_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


GOLD = ROOT / "tests" / "gold" / "corpus"


@pytest.fixture(scope="module")
def corpus_result():
    return process([ROOT / "corpus"])


@pytest.fixture(scope="module")
def corpus_score(corpus_result):
    return score(load_gold(GOLD), Predictions.from_batch(corpus_result))


@pytest.mark.parametrize("metric", METRICS)
def test_corpus_meets_pinned_floor(corpus_score, metric):
    value = getattr(corpus_score, metric)
    assert value >= BASELINE[metric], f"{metric} {value:.4f} fell below {BASELINE[metric]}:\n{corpus_score.report()}"


def test_every_corpus_article_has_gold(corpus_result):
    assert {a.article_id for a in corpus_result.articles} == set(load_gold(GOLD))
    assert corpus_result.rejects == []


@pytest.fixture(scope="module")
def dev_output(tmp_path_factory) -> Path:
    """The dev set run once into an output folder, as a user would run it."""
    if not (DEV / "articles").is_dir():
        pytest.skip(f"no dev set beside the project ({DEV})")
    out = tmp_path_factory.mktemp("dev-output")
    run([DEV / "articles"], out, progress=False)
    return out


@pytest.fixture(scope="module")
def dev_score(dev_output):
    return score(load_gold(DEV / "gold"), Predictions.from_output(dev_output))


@pytest.mark.parametrize("metric", sorted(DEV_FLOORS))
def test_dev_set_meets_pinned_floor(dev_score, metric):
    value = getattr(dev_score, metric)
    assert value >= DEV_FLOORS[metric], f"dev {metric} {value:.4f} fell below {DEV_FLOORS[metric]}"


def test_the_project_scorer_gives_the_external_scorers_figures_on_dev(dev_output, dev_score):
    if not EXTERNAL_SCORER.is_file():
        pytest.skip(f"no external scorer beside the project ({EXTERNAL_SCORER})")
    done = subprocess.run([sys.executable, str(EXTERNAL_SCORER), str(DEV / "gold"), str(dev_output), "--json"],
                          capture_output=True, text=True, check=True)
    external = json.loads(done.stdout)
    external.pop("diffs")
    external["articles_not_in_gold"] = external.pop("records_for_unknown_articles")
    assert dev_score.figures() == external
    assert dev_score.tp > 0 and dev_score.primary_checked > 0 and dev_score.duplicate_pairs_gold > 0
