"""The output tables stand alone: every number can be checked against the text it was read from."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest

from pipeline.batch import run
from pipeline.dedup import signature_of
from pipeline.models import Article, Record, SlotSpan
from pipeline.numbers import parse_digits
from pipeline.state import StateStore

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SLOTS = {"agency", "region", "period", "group", "violence_type"}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The project's own corpus, run once."""
    folder = tmp_path_factory.mktemp("corpus-out")
    run([CORPUS], folder, progress=False)
    return folder


@pytest.fixture(scope="module")
def tables(out) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("records", "articles", "texts", "spans")}


def test_texts_hold_every_articles_cleaned_text(tables):
    texts, articles = tables["texts"], tables["articles"]
    assert list(texts["article_id"]) == list(articles["article_id"])
    hashes = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts["text"]]
    assert hashes == list(articles["text_hash"])


def test_evidence_is_the_text_between_its_offsets_without_surrounding_whitespace(tables):
    text_of = dict(zip(tables["texts"]["article_id"], tables["texts"]["text"]))
    records = tables["records"]
    assert len(records) > 5
    for record in records.itertuples():
        assert text_of[record.article_id][record.evidence_start:record.evidence_end] == record.evidence
        assert record.evidence == record.evidence.strip()


def test_record_ids_number_the_records_of_each_article_in_order(tables):
    records = tables["records"]
    assert list(records.columns)[0] == "record_id"
    assert records["record_id"].is_unique
    expected = [f"{article}#{n}" for article, group in records.groupby("article_id", sort=False)
                for n in range(1, len(group) + 1)]
    assert list(records["record_id"]) == expected


def test_every_record_has_one_span_row_per_slot(tables):
    spans, records = tables["spans"], tables["records"]
    assert set(spans["record_id"]) == set(records["record_id"])
    slots = spans.groupby("record_id")["slot"].agg(lambda s: sorted(s))
    # the key slots and agency always; the figures where the record has them
    assert all(set(SLOTS) <= set(found) <= set(SLOTS) | {"cases", "victims"} and len(found) == len(set(found))
               for found in slots)
    with_figures = spans[spans["slot"].isin(["cases", "victims"])].merge(records, on="record_id")
    assert len(with_figures) and all(parse_digits(row["text"], None) == row[row["slot"]]
                                     for _, row in with_figures.iterrows() if row["text"][0].isdigit())


def test_span_offsets_are_offsets_of_the_cleaned_text_on_token_boundaries(tables, nlp):
    text_of = dict(zip(tables["texts"]["article_id"], tables["texts"]["text"]))
    article_of = dict(zip(tables["records"]["record_id"], tables["records"]["article_id"]))
    located = tables["spans"].dropna(subset=["start"])
    assert len(located) > 20
    docs = {}
    for span in located.itertuples():
        text = text_of[article_of[span.record_id]]
        assert text[span.start:span.end] == span.text
        doc = docs.setdefault(article_of[span.record_id], nlp(text))
        assert doc.text == text
        assert doc.char_span(span.start, span.end) is not None, (span.record_id, span.slot, span.text)


def test_a_span_without_offsets_has_no_text(tables):
    unlocated = tables["spans"][tables["spans"]["start"].isna()]
    assert len(unlocated) > 0 and unlocated["end"].isna().all() and unlocated["text"].isna().all()


def test_a_rerun_from_the_state_writes_the_same_texts_and_spans(out, tables):
    summary = run([CORPUS], out, progress=False)
    assert summary.reused == summary.articles > 0
    for name in ("texts", "spans", "records"):
        assert pd.read_parquet(out / f"{name}.parquet").equals(tables[name]), name


def stored_record() -> tuple[Article, Record]:
    record = Record("a", "DP3A", "36.73", "Kota Serang", "2020-01", "2020-12", "all", "all", 39, 55,
                    False, "DP3A Kota Serang mencatat 39 kasus", 0, 34, record_id="a#1",
                    spans=[SlotSpan("region", "clause", 5, 16, "Kota Serang"), SlotSpan("period", "context")])
    return Article("a", "a.txt", record.evidence, "hash"), record


def test_the_state_store_keeps_each_records_spans(tmp_path):
    article, record = stored_record()
    with StateStore(tmp_path / "state.sqlite", "fingerprint") as store:
        store.remember("key", article, [record], signature_of(article.text))
        store.commit()
        remembered = store.recall("key")
    assert remembered.records == [record] and remembered.records[0].spans == record.spans


@pytest.mark.parametrize("bad_spans", [[{"slot": "region", "scope": 3, "start": 5, "end": 16, "text": "x"}],
                                       [["region", "clause"]], "region"])
def test_a_stored_record_with_a_malformed_span_is_a_cache_miss(tmp_path, bad_spans):
    article, record = stored_record()
    with StateStore(tmp_path / "state.sqlite", "fingerprint") as store:
        store.remember("key", article, [record], signature_of(article.text))
        store.commit()
        assert store.recall("key") is not None
    with sqlite3.connect(tmp_path / "state.sqlite") as db:
        db.execute("UPDATE inputs SET records = ?", (json.dumps([asdict(record) | {"spans": bad_spans}]),))
    with StateStore(tmp_path / "state.sqlite", "fingerprint") as store:
        assert store.recall("key") is None
