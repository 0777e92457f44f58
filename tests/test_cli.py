"""The command line as a user runs it: exit codes, the six output files, rejects with reasons,
the console command, help, logging, and runs from another folder."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from importlib.metadata import version

from pipeline import __version__
from pipeline.__main__ import main
from pipeline.models import ARTICLE_COLUMNS, RECORD_COLUMNS, REJECT_COLUMNS
from pipeline.write import OUTPUT_NAMES

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Kekerasan di Kota Serang\n\nDP3AKB Kota Serang mencatat 39 kasus dengan 55 korban sepanjang 2020.\n"


def pipeline(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One run over a folder mixing a good article with every kind of bad input."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "serang.txt").write_text(GOOD, encoding="utf-8")
    (folder / "kosong.txt").write_text("   \n", encoding="utf-8")
    (folder / "gambar.png").write_bytes(b"\x89PNG")
    (folder / "kumpulan.jsonl").write_text("\n".join([
        json.dumps({"id": "bogor", "text": GOOD.replace("Kota Serang", "Kota Bogor")}),
        "{bukan json",
        json.dumps({"text": "tanpa id"}),
        json.dumps({"id": "serang", "text": GOOD}),
    ]), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    return pipeline("run", str(folder), "--out", str(out), "--quiet"), out


def test_a_batch_with_bad_inputs_exits_0_and_prints_a_summary(batch):
    done, _ = batch
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("2 articles") and "5 rejects" in done.stdout


def test_outputs_have_exactly_the_contract_columns(batch):
    _, out = batch
    for name, columns in (("records", RECORD_COLUMNS), ("articles", ARTICLE_COLUMNS), ("rejects", REJECT_COLUMNS)):
        assert list(pd.read_csv(out / f"{name}.csv", dtype=str).columns) == columns
        assert pq.read_schema(out / f"{name}.parquet").names == columns


def test_every_bad_input_is_a_reject_with_a_specific_reason(batch):
    _, out = batch
    rejects = pd.read_csv(out / "rejects.csv", dtype=str)
    reasons = {Path(p).name + (f":{line}" if isinstance(line, str) else ""): reason
               for p, line, reason in zip(rejects.source_path, rejects.line, rejects.reason)}
    assert "empty" in reasons["kosong.txt"]
    assert "unsupported file type .png" in reasons["gambar.png"]
    assert "invalid JSON" in reasons["kumpulan.jsonl:2"]
    assert "missing 'id'" in reasons["kumpulan.jsonl:3"]
    assert "duplicate article_id 'serang'" in reasons["serang.txt"]  # the JSONL line came first
    assert len(reasons) == 5


def test_codes_and_periods_stay_strings(batch):
    _, out = batch
    records = pd.read_csv(out / "records.csv", dtype=str).set_index("article_id")
    assert records.loc["bogor", "region_code"] == "32.71" and records.loc["serang", "region_code"] == "36.73"
    parquet = pq.read_table(out / "records.parquet").to_pandas().set_index("article_id")
    assert parquet.loc["serang", "region_code"] == "36.73" and parquet.loc["serang", "period_start"] == "2020-01"
    assert int(parquet.loc["serang", "cases"]) == 39 and int(parquet.loc["serang", "victims"]) == 55


def test_a_missing_input_is_a_one_line_error(tmp_path):
    done = pipeline("run", str(tmp_path / "tidak-ada"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such input" in done.stderr


def test_an_unwritable_output_is_a_one_line_error(tmp_path):
    (tmp_path / "serang.txt").write_text(GOOD, encoding="utf-8")
    blocker = tmp_path / "berkas"
    blocker.write_text("not a folder", encoding="utf-8")
    done = pipeline("run", str(tmp_path / "serang.txt"), "--out", str(blocker / "out"), "--quiet")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and done.stderr.startswith("error:")


def test_evaluate_prints_scores_and_differences(tmp_path):
    (tmp_path / "serang.txt").write_text(GOOD, encoding="utf-8")
    done = pipeline("evaluate", str(write_gold(tmp_path / "gold", 40)), str(tmp_path / "serang.txt"))
    assert done.returncode == 0, done.stderr
    assert re.search(r"^precision +0\.0000$", done.stdout, re.M)
    assert "FN ('36.73', '2020-01', '2020-12', 'all', 'all') cases=40" in done.stdout
    assert "FP ('36.73', '2020-01', '2020-12', 'all', 'all') cases=39" in done.stdout


def test_jsonl_ids_are_data_never_paths(tmp_path):
    hostile = ["../../keluar", "/tmp/absolut", "..\\\\windows", "con", "a/b/c", "=HYPERLINK(\"x\")"]
    inputs = tmp_path / "in" / "batch.jsonl"
    inputs.parent.mkdir()
    inputs.write_text("\n".join(json.dumps({"id": i, "text": GOOD}) for i in hostile), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    before = set(tmp_path.parent.iterdir())
    done = pipeline("run", str(inputs), "--out", str(out), "--quiet")
    assert done.returncode == 0, done.stderr
    assert set(tmp_path.parent.iterdir()) == before  # nothing written beside the test folder
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file() and not p.is_symlink()}
    generation = Path(os.readlink(out / "current"))
    assert written == {Path("in/batch.jsonl")} | {Path("deep/out") / name for name in (
        ".lock", "state.sqlite", *(generation / name for name in OUTPUT_NAMES))} | {
        p.relative_to(tmp_path) for p in out.glob("state.sqlite-*")}
    assert {p.name for p in out.iterdir() if p.is_symlink()} == {"current", *OUTPUT_NAMES}
    ids = pq.read_table(out / "articles.parquet").column("article_id").to_pylist()
    assert ids == hostile  # kept as given, as data


def console_command() -> str:
    """The `kekerasan` script that installing the project put beside this Python."""
    found = shutil.which("kekerasan", path=str(Path(sys.executable).parent))
    assert found, "the console command is not installed beside the interpreter"
    return found


def test_the_console_command_prints_the_packages_single_version():
    done = subprocess.run([console_command(), "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == f"kekerasan {version('kekerasan-pipeline')}" == f"kekerasan {__version__}"


@pytest.mark.parametrize("command, specific", [
    ("run", ["records", "articles", "rejects", "state.sqlite", "--workers"]),
    ("evaluate", ["GOLD_DIR", "--output", "--min-f1", "primary recall", "1  F1 below --min-f1"]),
])
def test_each_commands_help_tells_formats_outputs_exit_codes_and_an_example(capsys, command, specific):
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"], prog="kekerasan")
    assert exit.value.code == 0
    text = capsys.readouterr().out
    for part in ["*.txt", "*.html, *.htm", "*.jsonl", "exit codes:", "0  ", "2  ", "example", "--verbose",
                 f"kekerasan {command} ", *specific]:
        assert part in text, f"{part!r} missing from `{command} --help`"


@pytest.mark.parametrize("args, option, value", [
    (["run", "--workers", "0"], "--workers", "0"),
    (["run", "--workers", "dua"], "--workers", "dua"),
    (["run", "--max-article-bytes", "-5"], "--max-article-bytes", "-5"),
])
def test_a_bad_number_is_named_in_plain_words(capsys, args, option, value):
    with pytest.raises(SystemExit) as exit:
        main(args)
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: must be a whole number ≥ 1, got '{value}'" in err
    assert "invalid" not in err and "_" not in err.splitlines()[-1]


def write_gold(folder: Path, cases: int) -> Path:
    """Gold for the GOOD article as serang.json: its one count, with `cases` as the gold's."""
    folder.mkdir()
    (folder / "serang.json").write_text(json.dumps({"id": "serang", "published": None, "records": [
        {"agency": ["DP3AKB"], "region_code": "36.73", "period_start": "2020-01", "period_end": "2020-12",
         "group": "all", "violence_type": "all", "cases": cases, "victims": 55}]}), encoding="utf-8")
    return folder


def test_verbose_logs_what_is_done_on_stderr_and_quiet_by_default(batch, tmp_path):
    _, out = batch
    gold = write_gold(tmp_path / "gold", 39)
    plain = pipeline("evaluate", str(gold), "--output", str(out), "--json")
    verbose = pipeline("evaluate", str(gold), "--output", str(out), "--json", "--verbose")
    assert plain.returncode == 0 and plain.stderr == ""
    assert json.loads(verbose.stdout) == json.loads(plain.stdout)  # logging never reaches stdout
    assert re.search(r"INFO pipeline: gold: \d+ articles from ", verbose.stderr)
    assert "INFO pipeline: scoring the output folder" in verbose.stderr


def test_a_run_from_another_folder_reads_the_projects_corpus_and_rules(tmp_path):
    """Defaults resolve against the project, not the current folder; the output lands where the user is."""
    done = subprocess.run([console_command(), "run", "--quiet"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "output" / "records.csv").is_file()
    scored = subprocess.run([console_command(), "evaluate", str(ROOT / "tests" / "gold" / "corpus"),
                             "--output", "output", "--json"], cwd=tmp_path, capture_output=True, text=True)
    assert scored.returncode == 0, scored.stderr
    figures = json.loads(scored.stdout)
    assert figures["f1"] == 1.0 and figures["tp"] == figures["gold_records"] > 0


def make_commands(target: str) -> list[str]:
    """The commands `make TARGET` would run from scratch (make -n -B: printed, not run)."""
    done = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_make_run_installs_only_what_running_needs_and_make_test_adds_the_test_extra():
    run_installs = [line for line in make_commands("run") if "pip install" in line and "--upgrade pip" not in line]
    test_installs = [line for line in make_commands("test") if "pip install" in line and "--upgrade pip" not in line]
    assert run_installs == [".venv/bin/python -m pip install --quiet -e ."]
    assert test_installs == [".venv/bin/python -m pip install --quiet -e '.[test]'"]


def test_running_needs_no_test_tool_or_dask():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {re.match(r"[A-Za-z0-9_.-]+", d).group().lower() for d in project["dependencies"]}
    assert not needed & {"pytest", "hypothesis", "dask", "distributed", "psutil", "frictionless", "playwright"}
    assert {"pytest", "dask[distributed]"} <= {re.match(r"[A-Za-z0-9_.\[\]-]+", d).group()
                                               for d in project["optional-dependencies"]["test"]}
    assert project["scripts"] == {"kekerasan": "pipeline.__main__:console"}


def test_report_writes_the_review_page_of_an_output_folder(batch):
    _, out = batch
    (out / "report.html").unlink(missing_ok=True)
    done = pipeline("report", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"report: {out / 'report.html'}"
    assert (out / "report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_report_of_a_folder_without_output_is_a_one_line_error(tmp_path):
    done = pipeline("report", str(tmp_path / "tidak-ada"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1


def test_run_with_report_writes_the_tables_and_the_page(tmp_path, monkeypatch, nlp, capsys):
    import pipeline.extract as extract

    monkeypatch.setattr(extract, "build_nlp", lambda rules_dir: nlp)
    (tmp_path / "serang.txt").write_text(GOOD, encoding="utf-8")
    code = main(["run", str(tmp_path / "serang.txt"), "--out", str(tmp_path / "out"), "--quiet", "--report"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("1 articles") and out[1] == f"report: {tmp_path / 'out' / 'report.html'}"
    assert "serang" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
