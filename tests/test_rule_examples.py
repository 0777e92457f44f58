"""Every example a rule line carries is read the way the line says (HeidelTime-style examples)."""
from __future__ import annotations

import pytest

from pipeline.rules import RULES_DIR, default_rules, rule_examples

SHAPES = default_rules().agency_acronyms


@pytest.mark.parametrize("shape", SHAPES, ids=[s.pattern.pattern for s in SHAPES])
def test_each_acronym_shape_finds_its_example_as_written(nlp, shape):
    doc = nlp(shape.example)
    written = [t.text for t in doc if shape.pattern.fullmatch(t.text)]
    assert written, f"the example holds no token of the shape {shape.pattern.pattern}"
    agencies = {span.id_ for span in doc.spans["agencies"]}
    assert any(token in agency for token in written for agency in agencies), agencies


def test_an_unlisted_acronym_is_kept_as_written_in_the_record(extract):
    (record,) = extract("Kekerasan Anak\n\nDP3APPKB Kota Surabaya mencatat 20 kasus sepanjang 2023.")
    assert record.agency == "DP3APPKB"


@pytest.mark.parametrize("written", ["DP3A-PKB", "DP3A-PPKB"])
def test_an_acronym_with_a_hyphened_tail_is_kept_whole(extract, written):
    (record,) = extract(f"Kekerasan Anak\n\n{written} Kota Surabaya mencatat 20 kasus sepanjang 2023.")
    assert record.agency == written


def test_a_hyphen_between_spaced_words_joins_no_name(extract):
    (record,) = extract("Kekerasan Anak\n\nDP3A - PKK Kota Surabaya mencatat 20 kasus sepanjang 2023.")
    assert record.agency == "DP3A"


PERIOD_EXAMPLES = rule_examples(RULES_DIR / "periods.csv")


def test_the_period_rules_carry_examples():
    assert len(PERIOD_EXAMPLES) >= 10


@pytest.mark.parametrize("example", PERIOD_EXAMPLES, ids=[f"{e.line}:{e.rule}" for e in PERIOD_EXAMPLES])
def test_each_period_example_gives_its_period(extract, example):
    """`=> start..end`, or `=> no record` where the words leave the period open (a key slot)."""
    records = extract("Kekerasan Anak\n\n" + example.text, published="2024-07-15")
    periods = [f"{r.period_start}..{r.period_end}" for r in records] or ["no record"]
    assert periods == [example.expected], f"{example.path.name}:{example.line}"
