"""The output tables stand alone: every number can be checked against the text it was read from."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from tqdm import tqdm

from pipeline import __version__, write
from pipeline.batch import EngineChoice, run
from pipeline.dedup import signature_of
from pipeline.models import Article, BatchResult, Record, SlotSpan
from pipeline.numbers import parse_digits
from pipeline.rules import RULES_DIR, VIOLENCE_TYPES, rules_at
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


def test_the_datapackage_of_the_projects_corpus_is_valid(out):
    from frictionless import validate

    report = validate(out / "datapackage.json")
    assert report.valid, errors_of(report)
    assert len(report.tasks) == len(write.TABLE_FILES)


def errors_of(report) -> list[tuple[str, str]]:
    return [(task.name, error.type) for task in report.tasks for error in task.errors]


def test_the_datapackage_finds_a_broken_foreign_key_and_a_value_outside_its_enum(out, tmp_path):
    from frictionless import validate

    copy = tmp_path / "copy"
    shutil.copytree(os.path.realpath(out / "current"), copy)
    spans = (copy / "spans.csv").read_text(encoding="utf-8").split("\n")
    spans[1] = "nowhere#1" + spans[1][spans[1].index(","):]
    (copy / "spans.csv").write_text("\n".join(spans), encoding="utf-8")
    records = pd.read_csv(copy / "records.csv", dtype=str, keep_default_na=False)
    records.loc[0, "group"] = "semua"
    records.to_csv(copy / "records.csv", index=False)

    errors = errors_of(validate(copy / "datapackage.json"))
    assert ("spans-csv", "foreign-key") in errors
    assert ("records-csv", "constraint-error") in errors


def test_the_datapackage_describes_every_file_and_column_of_a_generation(out):
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    generation = Path(os.path.realpath(out / "current"))
    paths = {resource["path"] for resource in descriptor["resources"]}
    assert paths == {p.name for p in generation.iterdir()} - {"datapackage.json", "run.json"}
    for resource in descriptor["resources"]:
        names = [field["name"] for field in resource["schema"]["fields"]]
        if resource["format"] == "csv":
            assert list(pd.read_csv(generation / resource["path"], nrows=0).columns) == names
        else:
            assert pq.read_schema(generation / resource["path"]).names == names
        assert all(field["description"] for field in resource["schema"]["fields"])
    records = next(r for r in descriptor["resources"] if r["name"] == "records-csv")["schema"]
    assert records["primaryKey"] == ["record_id"]
    assert records["foreignKeys"] == [{"fields": ["article_id"],
                                       "reference": {"resource": "articles-csv", "fields": ["article_id"]}}]
    fields = {field["name"]: field for field in records["fields"]}
    assert fields["group"]["constraints"]["enum"] == ["all", "anak", "perempuan"]
    assert set(fields["violence_type"]["constraints"]["enum"]) == VIOLENCE_TYPES


@pytest.mark.parametrize("batch", [BatchResult(), None], ids=["empty", "corpus"])
def test_parquet_loads_typed_with_a_plain_read_parquet(out, tmp_path, batch):
    if batch is not None:
        write.write_outputs(batch, tmp_path)
    folder = out if batch is None else tmp_path
    records = pd.read_parquet(folder / "records.parquet")
    assert {column: str(records[column].dtype) for column in ("cases", "victims", "evidence_start")} == \
        {"cases": "Int64", "victims": "Int64", "evidence_start": "Int64"}
    for column in ("record_id", "region_code", "period_start", "period_end", "checks"):
        assert isinstance(records[column].dtype, pd.StringDtype), column
    assert str(records["approximate"].dtype) == "boolean"
    assert str(pd.read_parquet(folder / "rejects.parquet")["line"].dtype) == "Int64"
    assert str(pd.read_parquet(folder / "spans.parquet")["start"].dtype) == "Int64"


def test_a_record_whose_splits_agree_has_null_checks(extract):
    records = extract("Kekerasan di Kota Serang\n\nDP3A Kota Serang mencatat 39 kasus sepanjang 2020, "
                      "terdiri dari 25 kasus anak dan 14 kasus perempuan.")
    assert len(records) == 3 and all(record.checks is None for record in records)
    disagreeing = extract("Kekerasan di Kota Serang\n\nDP3A Kota Serang mencatat 40 kasus sepanjang 2020, "
                          "terdiri dari 25 kasus anak dan 14 kasus perempuan.")
    assert [record.checks for record in disagreeing if record.checks] == \
        ["cases: anak + perempuan = 39, total 40"]


def test_run_json_says_what_made_the_generation(tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(CORPUS, corpus)
    (corpus / "rusak.jsonl").write_text('{"id": "x"}\n{rusak\n{rusak lagi\n', encoding="utf-8")
    out = tmp_path / "out"
    summary = run([corpus], out, progress=False)
    about = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert Path(os.path.realpath(out / "run.json")).parent == Path(os.path.realpath(out / "records.csv")).parent
    assert about["version"] == __version__ and about["inputs"] == [str(corpus)]
    assert about["rules_fingerprint"] == rules_at(RULES_DIR).fingerprint
    assert about["counts"] == {"articles": summary.articles, "records": summary.records, "rejects": 3,
                               "texts": summary.articles, "spans": len(pd.read_parquet(out / "spans.parquet")),
                               "duplicates": 0, "reused": 0, "processed": summary.articles}
    assert about["rejects_by_reason"] == {"invalid JSON": 2, "missing 'text' or 'html'": 1}
    assert 0 < about["seconds"] <= summary.seconds


@pytest.mark.parametrize("reason, kind", [
    ("line 4: invalid JSON: Expecting value", "invalid JSON"),
    ("duplicate article_id 'j3'", "duplicate article_id"),
    ("article too large: 3000000 bytes, the limit is 2000000", "article too large"),
    ("folder already read as corpus/a", "folder already read"),
    ("unsupported file type .pdf", "unsupported file type .pdf"),
    ("missing 'text' or 'html'", "missing 'text' or 'html'"),
])
def test_rejects_are_counted_by_kind(reason, kind):
    assert write.reason_kind(reason) == kind


def test_the_data_dictionary_holds_the_column_table_of_the_code():
    dictionary = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert write.column_reference() in dictionary, \
        "regenerate: python -c 'from pipeline.write import column_reference; print(column_reference())'"


def test_the_progress_bar_counts_articles_and_is_gone_before_the_summary_line(tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    corpus.mkdir()
    lines = [json.dumps({"id": f"j{n}", "text": f"Berita nomor {n} tentang kota."}) for n in range(7)]
    (corpus / "ekspor.jsonl").write_text("\n".join([*lines, "{rusak"]) + "\n", encoding="utf-8")
    (corpus / "satu.txt").write_text("Berita lain tentang desa.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(tmp_path / "out")],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=True)
    shown = done.stdout.decode("utf-8")  # as bytes: text mode would turn the bar's "\r" into newlines
    assert "\rarticles: " in shown  # the bar was drawn, then cleared: the summary line is all that stays
    assert shown.split("\r")[-1] == "8 articles (0 unchanged since the last run), 0 duplicates, " \
        f"0 records, 1 rejects in {shown.split(' in ')[-1]}"

    import pipeline.batch

    bars = []

    class Recorded(tqdm):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            bars.append(self)

    monkeypatch.setattr(pipeline.batch, "tqdm", Recorded)
    run([corpus], tmp_path / "again", progress=True)
    assert [bar.n for bar in bars] == [8]  # 8 articles in 2 units, the bad line not among them


@pytest.mark.parametrize("workers", [1, 2])
def test_a_clean_exit_leaves_no_write_ahead_log_beside_the_state(tmp_path, workers):
    for _ in range(2):  # a first run, and a rerun that reads the state in its workers
        run([CORPUS], tmp_path, progress=False, engine=EngineChoice(workers=workers))
        assert sorted(p.name for p in tmp_path.glob("state.sqlite*")) == ["state.sqlite"]
