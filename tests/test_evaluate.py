"""The project's scorer: RECORDS.md's counting on hand-made tables, and `evaluate` as a user runs it
(an existing output folder, JSON, --min-f1, and a clear error for a gold folder that is not one)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.extract as extract
from pipeline.__main__ import main
from pipeline.evaluate import GoldError, PredictedArticle, PredictedRecord, Predictions, load_gold, score

ROOT = Path(__file__).resolve().parent.parent
SERANG = "Kekerasan di Kota Serang\n\nDP3AKB Kota Serang mencatat 39 kasus dengan 55 korban sepanjang 2020.\n"
YEAR_2020 = ("36.73", "2020-01", "2020-12")


def gold_record(cases: int | None, victims: int | None = None, group: str = "all", region_code: str = "36.73",
                **more) -> dict:
    return {"agency": ["DP3AKB"], "region_code": region_code, "period_start": "2020-01", "period_end": "2020-12",
            "group": group, "violence_type": "all", "cases": cases, "victims": victims, **more}


def predicted(article_id: str, cases: int | None, victims: int | None = None, group: str = "all",
              agency: str | None = "DP3AKB") -> PredictedRecord:
    return PredictedRecord(article_id, (*YEAR_2020, group, "all"), cases, victims, agency)


def articles(*ids: str, duplicate_of: dict[str, str] | None = None) -> dict[str, PredictedArticle]:
    return {i: PredictedArticle("2021-01-06", (duplicate_of or {}).get(i)) for i in ids}


def test_a_count_scores_only_when_key_cases_and_victims_all_match():
    gold = {"a": {"records": [gold_record(39, 55, primary=True), gold_record(25, 40, group="anak")]}}
    s = score(gold, Predictions([predicted("a", 39, 55), predicted("a", 25, None, group="anak")], articles("a")))
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.primary_recall == 1.0 and s.agency_accuracy == 1.0


def test_optional_gold_neither_rewards_nor_penalizes():
    gold = {"a": {"records": [gold_record(0, optional=True)]}}
    with_it = score(gold, Predictions([predicted("a", 0)], articles("a")))
    without = score(gold, Predictions([], articles("a")))
    assert (with_it.tp, with_it.fp, with_it.fn) == (without.tp, without.fp, without.fn) == (0, 0, 0)


def test_duplicates_are_pooled_whichever_way_their_links_point():
    """b and c both copy a: their records, kept on the canonical copy only, lose nothing."""
    gold = {"a": {"records": [gold_record(39)]}, "b": {"duplicate_of": "a", "records": [gold_record(39)]},
            "c": {"duplicate_of": "a", "records": []}}
    s = score(gold, Predictions([predicted("a", 39)], articles("a", "b", "c", duplicate_of={"b": "a", "c": "b"})))
    assert (s.tp, s.fp, s.fn, s.gold_records) == (1, 0, 0, 1)
    assert (s.duplicate_pairs_gold, s.duplicate_pairs_predicted, s.duplicate_pair_precision) == (3, 3, 1.0)


def test_duplicate_pairs_count_links_the_articles_table_missed_or_invented():
    gold = {"a": {"records": []}, "b": {"duplicate_of": "a", "records": []}, "c": {"records": []}}
    missed = score(gold, Predictions([], articles("a", "b", "c")))
    invented = score(gold, Predictions([], articles("a", "b", "c", duplicate_of={"b": "a", "c": "a"})))
    assert (missed.duplicate_pair_precision, missed.duplicate_pair_recall) == (1.0, 0.0)
    assert (invented.duplicate_pair_precision, invented.duplicate_pair_recall) == (pytest.approx(1 / 3), 1.0)


def test_a_missed_primary_record_names_the_field_the_nearest_prediction_got_wrong():
    gold = {"a": {"records": [gold_record(39, 55, primary=True)]}, "b": {"records": [gold_record(7, primary=True)]}}
    s = score(gold, Predictions([predicted("a", 39, 50), predicted("a", 1, 2, group="anak")], articles("a", "b")))
    assert s.primary_recall == 0.0
    assert dict(s.primary_misses_by_field) == {"victims": 1, "no_prediction": 1}


def test_agency_compares_ignoring_case_spaces_and_punctuation_on_true_positives_only():
    gold = {"a": {"records": [gold_record(39, group="all"), gold_record(25, group="anak")]}}
    s = score(gold, Predictions([predicted("a", 39, agency="dp3a-kb"), predicted("a", 25, group="anak", agency="P2TP2A"),
                                 predicted("a", 14, group="perempuan", agency="Polres")], articles("a")))
    assert (s.agency_checked, s.agency_correct) == (2, 1)


def test_published_dates_are_scored_on_the_articles_table():
    gold = {"a": {"published": "2021-01-06", "records": []}, "b": {"published": "2021-01-07", "records": []}}
    s = score(gold, Predictions([], articles("a", "b")))
    assert (s.published_checked, s.published_correct) == (2, 1)


@pytest.mark.parametrize("files, message", [
    ({}, "no gold files"),
    ({"run.json": {"version": "0.1.0"}}, "run.json: not a gold file: no 'records' list"),
    ({"a.json": {"records": [gold_record(3, group="laki-laki")]}}, "record 1: bad group 'laki-laki'"),
    ({"a.json": {"published": "6/1/2021", "records": []}}, "bad published '6/1/2021'"),
    ({"a.json": "[not json"}, "cannot read it as JSON"),
])
def test_a_folder_that_holds_no_gold_is_an_error_naming_what_is_wrong(tmp_path, files, message):
    for name, content in files.items():
        (tmp_path / name).write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(GoldError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_gold(tmp_path)


# ---------------------------------------------------------------- the command


@pytest.fixture
def cli(monkeypatch, nlp, capsys):
    """The command line in this process: (exit code, stdout, stderr), with the session's spaCy
    pipeline standing in for the one each run would build."""
    monkeypatch.setattr(extract, "build_nlp", lambda rules_dir: nlp)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


@pytest.fixture
def written(tmp_path, cli) -> Path:
    """An output folder of one run over a Serang article and a Bogor one whose id a spreadsheet would run."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "serang.txt").write_text(SERANG, encoding="utf-8")
    (inputs / "rumus.jsonl").write_text(json.dumps({"id": "=bogor", "text": SERANG.replace("Kota Serang", "Kota Bogor")}), encoding="utf-8")
    code, _, err = cli("run", str(inputs), "--out", str(tmp_path / "out"), "--quiet")
    assert code == 0, err
    return tmp_path / "out"


def gold_folder(tmp_path: Path, cases: int = 39) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir(exist_ok=True)
    for article_id, name, region_code in (("serang", "serang", "36.73"), ("=bogor", "rumus", "32.71")):
        (folder / f"{name}.json").write_text(json.dumps(
            {"id": article_id, "records": [gold_record(cases, 55, region_code=region_code, primary=True)]}),
            encoding="utf-8")
    return folder


def test_an_output_folder_scores_as_the_same_batch_in_memory(tmp_path, written, cli):
    from_folder = cli("evaluate", str(gold_folder(tmp_path)), "--output", str(written), "--json")
    from_inputs = cli("evaluate", str(gold_folder(tmp_path)), str(tmp_path / "in"), "--json")
    assert from_folder[0] == from_inputs[0] == 0
    figures = json.loads(from_folder[1])
    assert figures == json.loads(from_inputs[1])
    # "=bogor" is written to the CSV as "'=bogor" (the formula guard) and scored under its own id
    assert (figures["tp"], figures["fp"], figures["fn"], figures["primary_recall"]) == (2, 0, 0, 1.0)


def test_json_holds_every_figure_and_the_differences(tmp_path, written, cli):
    code, out, _ = cli("evaluate", str(gold_folder(tmp_path, cases=40)), "--output", str(written), "--json")
    result = json.loads(out)
    assert code == 0
    assert {"precision", "recall", "f1", "primary_recall", "primary_misses_by_field", "agency_accuracy",
            "published_accuracy", "duplicate_pair_precision", "duplicate_pair_recall"} <= set(result)
    assert result["f1"] == 0.0 and result["primary_misses_by_field"] == {"cases": 2}
    assert any(d.startswith("FN ('36.73', '2020-01', '2020-12', 'all', 'all') cases=40")
               for d in result["differences"]["serang"])


@pytest.mark.parametrize("cases, min_f1, expected", [(39, "1", 0), (40, "0.5", 1), (40, "0", 0)])
def test_min_f1_exits_1_below_it(tmp_path, written, cli, cases, min_f1, expected):
    code, out, _ = cli("evaluate", str(gold_folder(tmp_path, cases)), "--output", str(written), "--min-f1", min_f1)
    assert code == expected and "f1" in out


def test_an_empty_gold_folder_is_exit_2_not_a_perfect_score(tmp_path, written, cli):
    (tmp_path / "kosong").mkdir()
    code, out, err = cli("evaluate", str(tmp_path / "kosong"), "--output", str(written))
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and "no gold files" in err and err.count("\n") == 1


def test_gold_of_other_articles_is_exit_2(tmp_path, written, cli):
    code, out, err = cli("evaluate", str(ROOT / "tests" / "gold" / "corpus"), "--output", str(written))
    assert (code, out) == (2, "")
    assert "none of the 5 gold articles" in err


def test_an_output_folder_without_tables_is_exit_2(tmp_path, cli):
    code, _, err = cli("evaluate", str(gold_folder(tmp_path)), "--output", str(tmp_path))
    assert code == 2 and "holds no pipeline output (no records.csv)" in err
