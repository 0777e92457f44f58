"""The spaCy pipeline saves and loads like any other: nlp.to_disk(path), then spacy.load(path) in
a fresh process that imports nothing of the project first, gives the same candidates; the rules
travel inside the saved folder and config.cfg names no path."""
from __future__ import annotations

import doctest
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract import build_nlp
from pipeline.rules import RULES_DIR

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("Kekerasan di Kota Serang\n\nDP3AKB Kota Serang mencatat sepanjang tahun 2020 kasus perempuan dan "
           "anak dengan total sebanyak 39 kasus dengan 55 orang korban. Yang terdiri dari kasus anak 25 kasus "
           "dengan 40 orang korban. Dan kasus perempuan 14 kasus dengan 15 orang korban.\n")
# "telu" (Javanese three) is a number word only in the custom rules of test_rules_travel_with_the_pipeline.
TELU = "Kekerasan di Kota Serang\n\nDP3AKB Kota Serang mencatat telu kasus kekerasan terhadap anak sepanjang 2020.\n"

LOAD_IN_A_FRESH_PROCESS = """
import json, sys, spacy
assert not any(name.split(".")[0] == "pipeline" for name in sys.modules), "imported before spacy.load"
nlp = spacy.load(sys.argv[1])
print(json.dumps([repr(candidate) for candidate in nlp(sys.argv[2])._.candidates]))
"""


def candidates_in_a_fresh_process(saved: Path, text: str, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", LOAD_IN_A_FRESH_PROCESS, str(saved), text],
                          cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def saved(nlp, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "kekerasan-nlp"
    nlp.to_disk(path)
    return path


def test_a_saved_pipeline_loads_in_a_fresh_process_with_the_same_candidates(nlp, saved, tmp_path):
    expected = [repr(candidate) for candidate in nlp(ARTICLE)._.candidates]
    assert len(expected) == 3
    assert candidates_in_a_fresh_process(saved, ARTICLE, cwd=tmp_path) == expected


def test_the_saved_config_names_no_path(saved):
    config = (saved / "config.cfg").read_text(encoding="utf-8")
    assert str(ROOT) not in config and str(saved) not in config
    assert not re.search(r"""=\s*["']?(/|[A-Za-z]:\\)""", config), "an absolute path in config.cfg"
    assert 'factory = "kp_count_records"' in config and '@tokenizers = "kp_indonesian_tokenizer.v1"' in config


def test_rules_travel_with_the_pipeline(nlp, tmp_path):
    """A pipeline built from other rules keeps them after its rules folder is gone."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    with open(rules / "numbers.csv", "a", encoding="utf-8") as numbers:
        numbers.write("telu,3,unit\n")
    saved = tmp_path / "nlp"
    build_nlp(rules).to_disk(saved)
    shutil.rmtree(rules)
    assert "telu,3,unit" in (saved / "kp_numbers" / "rules" / "numbers.csv").read_text(encoding="utf-8")
    assert [c.cases for c in nlp(TELU)._.candidates] == []  # the project's rules know no "telu"
    loaded = candidates_in_a_fresh_process(saved, TELU, cwd=tmp_path)
    assert len(loaded) == 1 and loaded[0].startswith("Candidate(cases=3, ")


def test_a_component_without_rules_says_how_to_get_them():
    import spacy

    bare = spacy.blank("id")
    bare.add_pipe("kp_count_records")
    with pytest.raises(ValueError, match=r"kp_count_records has no rules: build the pipeline with"):
        bare("39 kasus kekerasan")


def test_the_readmes_notebook_example_returns_what_it_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the example saves the pipeline into the current folder
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, report=True,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0
