"""The write stage keeps columns, order and types, and never leaves half-written outputs."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import (ARTICLE_COLUMNS, RECORD_COLUMNS, REJECT_COLUMNS, Article, BatchResult,
                             Record, Reject)
from pipeline.write import OUTPUT_NAMES, OutputError, write_outputs


def record(article_id: str, region_code: str | None, cases: int | None, victims: int | None,
           evidence: str = "tercatat 12 kasus") -> Record:
    return Record(article_id=article_id, agency="Dinas PPPA", region_code=region_code,
                  region="Kota Contoh" if region_code else None, period_start="2023-01",
                  period_end="2023-12", group="all", violence_type="all", cases=cases,
                  victims=victims, approximate=False, evidence=evidence, evidence_start=3,
                  evidence_end=3 + len(evidence))


def small_batch() -> BatchResult:
    return BatchResult(
        articles=[
            Article(article_id="contoh-2023", source_path="in/contoh-2023.txt", text="...",
                    text_hash="abc123", title="Kasus Kekerasan di Kota Contoh", published="2024-01-05"),
            Article(article_id="contoh-2023-rep", source_path="in/contoh-2023-rep.txt", text="...",
                    text_hash="def456", duplicate_of="contoh-2023"),
        ],
        records=[
            record("contoh-2023", "36.70", 12, None, evidence="baris satu,\n\"baris\" dua"),
            record("contoh-2023", "00", None, 1005),
        ],
        rejects=[Reject(source_path="in/batch.jsonl", reason="missing id", line=4)],
    )


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def csv_header(path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Everything under folder: each file's bytes, each symlink's target (links not followed)."""
    entries: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                entries[key] = "-> " + os.readlink(path)
            elif path.is_file():
                entries[key] = path.read_bytes()
    return entries


def test_returns_every_written_file(tmp_path):
    paths = write_outputs(small_batch(), tmp_path / "out")
    names = {"records.csv", "records.parquet", "articles.csv", "articles.parquet", "rejects.csv",
             "rejects.parquet", "texts.parquet", "spans.csv", "spans.parquet", "datapackage.json", "run.json"}
    assert set(paths) == names
    assert all(path.is_file() and path.parent == tmp_path / "out" for path in paths.values())


@pytest.mark.parametrize("table, columns", [("records", RECORD_COLUMNS), ("articles", ARTICLE_COLUMNS),
                                            ("rejects", REJECT_COLUMNS),
                                            ("spans", ["record_id", "slot", "scope", "start", "end", "text"])])
def test_columns_in_contract_order(tmp_path, table, columns):
    write_outputs(small_batch(), tmp_path)
    assert csv_header(tmp_path / f"{table}.csv") == columns
    assert pq.read_schema(tmp_path / f"{table}.parquet").names == columns


def test_texts_are_parquet_only_one_row_per_article(tmp_path):
    write_outputs(small_batch(), tmp_path)
    assert not (tmp_path / "texts.csv").exists()
    texts = pq.read_table(tmp_path / "texts.parquet").to_pylist()
    assert texts == [{"article_id": a.article_id, "text": a.text} for a in small_batch().articles]


def test_spans_table_has_one_row_per_record_and_slot(tmp_path):
    from pipeline.models import SlotSpan

    batch = small_batch()
    batch.records[0].record_id, batch.records[1].record_id = "contoh-2023#1", "contoh-2023#2"
    batch.records[0].spans = [SlotSpan("region", "clause", 3, 14, "Kota Contoh"), SlotSpan("period", "none")]
    write_outputs(batch, tmp_path)
    spans = pq.read_table(tmp_path / "spans.parquet").to_pylist()
    assert spans == [
        {"record_id": "contoh-2023#1", "slot": "region", "scope": "clause", "start": 3, "end": 14,
         "text": "Kota Contoh"},
        {"record_id": "contoh-2023#1", "slot": "period", "scope": "none", "start": None, "end": None,
         "text": None}]
    assert read_csv(tmp_path / "spans.csv")[1] == {"record_id": "contoh-2023#1", "slot": "period",
                                                  "scope": "none", "start": "", "end": "", "text": ""}


def test_a_row_group_of_texts_is_bounded_by_characters_not_only_rows(tmp_path, monkeypatch):
    import pipeline.write

    monkeypatch.setattr(pipeline.write, "CHARS_PER_GROUP", 1000)
    articles = [Article(f"a{n}", f"a{n}.txt", "x" * 600, f"h{n}") for n in range(4)]
    write_outputs(BatchResult(articles=articles), tmp_path)
    texts = pq.ParquetFile(tmp_path / "texts.parquet")
    assert texts.num_row_groups == 2  # two texts of 600 characters reach the bound
    assert texts.read().column("article_id").to_pylist() == ["a0", "a1", "a2", "a3"]


def test_csv_keeps_codes_as_written_and_counts_as_integers(tmp_path):
    write_outputs(small_batch(), tmp_path)
    rows = read_csv(tmp_path / "records.csv")
    assert [row["region_code"] for row in rows] == ["36.70", "00"]
    assert [(row["cases"], row["victims"]) for row in rows] == [("12", ""), ("", "1005")]
    assert rows[0]["evidence"] == "baris satu,\n\"baris\" dua"
    assert rows[0]["period_start"] == "2023-01"


def test_parquet_keeps_codes_as_strings_and_counts_as_nullable_integers(tmp_path):
    write_outputs(small_batch(), tmp_path)
    table = pq.read_table(tmp_path / "records.parquet")
    assert table.schema.field("region_code").type == pa.string()
    assert table.schema.field("cases").type == pa.int64()
    assert table.schema.field("approximate").type == pa.bool_()
    assert table.column("region_code").to_pylist() == ["36.70", "00"]
    assert table.column("cases").to_pylist() == [12, None]
    assert table.column("victims").to_pylist() == [None, 1005]


def test_articles_and_rejects_round_trip(tmp_path):
    write_outputs(small_batch(), tmp_path)
    articles = read_csv(tmp_path / "articles.csv")
    assert articles[0]["published"] == "2024-01-05"
    assert articles[0]["duplicate_of"] == ""
    assert articles[1]["duplicate_of"] == "contoh-2023"
    rejects = pq.read_table(tmp_path / "rejects.parquet").to_pylist()
    assert rejects == [{"source_path": "in/batch.jsonl", "line": 4, "article_id": None,
                        "reason": "missing id"}]


def test_empty_result_writes_headers_and_typed_parquet(tmp_path):
    write_outputs(BatchResult(), tmp_path)
    assert (tmp_path / "records.csv").read_text(encoding="utf-8").strip() == ",".join(RECORD_COLUMNS)
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8").strip() == ",".join(REJECT_COLUMNS)
    table = pq.read_table(tmp_path / "records.parquet")
    assert table.num_rows == 0
    assert table.schema.field("region_code").type == pa.string()
    assert table.schema.field("victims").type == pa.int64()


def test_failure_midway_keeps_previous_outputs_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    write_outputs(small_batch(), tmp_path)
    previous = snapshot(tmp_path)

    real_to_csv = pd.DataFrame.to_csv
    calls = []

    def to_csv_failing_on_second_table(frame, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("article_id,tit")
            raise OSError("No space left on device")
        return real_to_csv(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv_failing_on_second_table)
    with pytest.raises(OutputError, match="No space left on device"):
        write_outputs(BatchResult(), tmp_path)

    assert len(calls) == 2
    assert snapshot(tmp_path) == previous


def test_unwritable_output_location_raises_clear_error(tmp_path):
    not_a_directory = tmp_path / "out"
    not_a_directory.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot create output directory"):
        write_outputs(small_batch(), not_a_directory)


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralized_but_parquet_keeps_them(tmp_path):
    from pipeline.models import Reject

    result = BatchResult(rejects=[Reject("=HYPERLINK(\"http://x\")", "+bad", "@id"),
                                  Reject("plain.txt", "-1 reason", None)])
    write_outputs(result, tmp_path)
    csv_rows = pd.read_csv(tmp_path / "rejects.csv", dtype=str)
    assert list(csv_rows["source_path"]) == ["'=HYPERLINK(\"http://x\")", "plain.txt"]
    assert list(csv_rows["reason"]) == ["'+bad", "'-1 reason"]
    assert csv_rows["article_id"][0] == "'@id"
    parquet_rows = pd.read_parquet(tmp_path / "rejects.parquet")
    assert parquet_rows["source_path"][0] == "=HYPERLINK(\"http://x\")"


def test_rows_streamed_in_small_row_groups_give_the_same_files(tmp_path):
    from pipeline.write import OutputWriter

    batch = small_batch()
    batch.rejects *= 5
    write_outputs(batch, tmp_path / "whole")
    with OutputWriter(tmp_path / "streamed", rows_per_group=2) as writer:
        for article in batch.articles:
            writer.add_article(article)
        for record in batch.records:
            writer.add_records([record])
        for reject in batch.rejects:
            writer.add_reject(reject)
        writer.commit()
    for name in ("records.csv", "articles.csv", "rejects.csv"):
        assert (tmp_path / "streamed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    streamed = pq.ParquetFile(tmp_path / "streamed" / "rejects.parquet")
    assert streamed.num_row_groups == 3  # 5 rows in groups of 2: never held as one table
    assert streamed.read().equals(pq.read_table(tmp_path / "whole" / "rejects.parquet"))


def test_a_writer_left_without_commit_keeps_the_previous_outputs(tmp_path):
    from pipeline.write import OutputWriter

    write_outputs(small_batch(), tmp_path)
    previous = snapshot(tmp_path)
    with pytest.raises(RuntimeError), OutputWriter(tmp_path, rows_per_group=1) as writer:
        writer.add_records(small_batch().records)  # flushed to temporary files
        raise RuntimeError("the batch failed halfway")
    assert snapshot(tmp_path) == previous


def batch_of_run(run: str) -> BatchResult:
    """A batch whose every row names the run that wrote it."""
    return BatchResult(articles=[Article(article_id=run, source_path=f"{run}.txt", text="...", text_hash=run)],
                       records=[record(run, "36.70", 12, None)],
                       rejects=[Reject(source_path=f"{run}.jsonl", reason="missing id", article_id=run)])


def runs_in_outputs(out: Path) -> set[str]:
    """Which runs the six public files come from, read as users read them."""
    runs = set()
    for table in ("records", "articles", "rejects"):
        runs |= set(pd.read_csv(out / f"{table}.csv", dtype=str)["article_id"])
        runs |= set(pd.read_parquet(out / f"{table}.parquet")["article_id"])
    return runs


# A child process writes run "new" and dies (os._exit: no cleanup, as in a crash or kill -9)
# just before its k-th step that changes what is on disk for a reader.
CRASH_BEFORE_STEP = """
import os, shutil, sys
from pathlib import Path
from tests.test_write import batch_of_run
from pipeline.write import write_outputs

crash_at, steps = int(sys.argv[1]), [0]
def crashing(real):
    def step(*args, **kwargs):
        steps[0] += 1
        if steps[0] == crash_at:
            os._exit(3)
        return real(*args, **kwargs)
    return step
os.replace, os.link, shutil.rmtree = crashing(os.replace), crashing(os.link), crashing(shutil.rmtree)
write_outputs(batch_of_run("new"), Path(sys.argv[2]))
"""
ROOT = Path(__file__).resolve().parent.parent


def outputs_of_run(out: Path, run: str, layout: str) -> None:
    if layout == "generations":
        write_outputs(batch_of_run(run), out)
        return
    write_outputs(batch_of_run(run), out.with_name("flat"))
    out.mkdir()
    for name in OUTPUT_NAMES:
        (out / name).write_bytes((out.with_name("flat") / name).read_bytes())


@pytest.mark.parametrize("previous_layout", ["generations", "flat files of an older version"])
def test_a_crash_at_any_step_of_the_switch_leaves_one_whole_set_and_the_next_run_cleans_up(tmp_path,
                                                                                           previous_layout):
    crash_at = 0
    while True:
        crash_at += 1
        out = tmp_path / str(crash_at) / "out"
        outputs_of_run(out, "old", previous_layout)
        child = subprocess.run([sys.executable, "-c", CRASH_BEFORE_STEP, str(crash_at), str(out)], cwd=ROOT,
                               capture_output=True, text=True)
        assert child.returncode in (0, 3), child.stderr
        assert runs_in_outputs(out) in ({"old"}, {"new"}), f"a mix of two runs after a crash before step {crash_at}"
        if child.returncode == 0:
            break
        write_outputs(batch_of_run("next"), out)
        assert runs_in_outputs(out) == {"next"}
        assert sorted(path.name for path in out.iterdir()) == sorted([".generations", "current", *OUTPUT_NAMES])
        assert [path.name for path in (out / ".generations").iterdir()] == [Path(os.readlink(out / "current")).name]
    assert crash_at > 2  # the switch had steps to crash between
    assert runs_in_outputs(out) == {"new"}


HIDDEN_FORMULAS = ['"=HYPERLINK("http://x")', "\u200b=1+1", "\ufeff+cmd", '""@SUM(A1)', "\u200b\"-2", "'=1", "''+1"]
HARMLESS = ['"kutipan" saja', "\u200bkata", "'apostrof", "", "angka -3"]


@pytest.mark.parametrize("value", HIDDEN_FORMULAS)
def test_a_formula_behind_quotes_or_invisible_characters_is_neutralized(value):
    from pipeline.write import neutralize_formula

    assert neutralize_formula(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS)
def test_text_that_is_no_formula_is_left_alone(value):
    from pipeline.write import neutralize_formula

    assert neutralize_formula(value) == value


@settings(derandomize=True, deadline=None)  # the same examples on every run
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from("=+-@\t\r'\"\u200b\u200c\u200d\u2060\ufeffa 1é"),
                                           max_size=6)), max_size=20))
def test_the_csv_writer_neutralizes_a_whole_column_as_neutralize_formula_does_each_value(values):
    from pipeline.write import neutralize_formula, neutralized_column

    assert neutralized_column(pa.chunked_array([values], type=pa.string())).to_pylist() == [
        None if value is None else neutralize_formula(value) for value in values]


def without_added_apostrophe(cell: str) -> str:
    """The README's rule for CSV readers: one leading apostrophe was added iff the rest would get one."""
    from pipeline.write import neutralize_formula

    return cell[1:] if cell.startswith("'") and neutralize_formula(cell[1:]) != cell[1:] else cell


@pytest.mark.parametrize("value", HIDDEN_FORMULAS + HARMLESS[:-2] + ["=1", "-12 kasus"])
def test_dropping_the_one_added_apostrophe_gives_the_value_back(value):
    from pipeline.write import neutralize_formula

    assert without_added_apostrophe(neutralize_formula(value)) == value


def test_csv_evidence_is_the_text_at_its_offsets_once_the_added_apostrophe_is_dropped(tmp_path):
    text = "Data dinas:\n-12 kasus kekerasan seksual\n+3 kasus baru"
    rows = [(text.index(evidence), text.index(evidence) + len(evidence)) for evidence in ("-12 kasus", "+3 kasus", "Data")]
    records = [Record(article_id="a", agency=None, region_code=None, region=None, period_start=None,
                      period_end=None, group="all", violence_type="all", cases=12, victims=None,
                      approximate=False, evidence=text[start:end], evidence_start=start, evidence_end=end)
               for start, end in rows]
    write_outputs(BatchResult(records=records), tmp_path)
    csv_rows = read_csv(tmp_path / "records.csv")
    assert [row["evidence"] for row in csv_rows] == ["'-12 kasus", "'+3 kasus", "Data"]  # safe to open
    for row in csv_rows:
        assert without_added_apostrophe(row["evidence"]) == text[int(row["evidence_start"]):int(row["evidence_end"])]
    parquet = pq.read_table(tmp_path / "records.parquet").to_pylist()
    assert all(text[row["evidence_start"]:row["evidence_end"]] == row["evidence"] for row in parquet)
