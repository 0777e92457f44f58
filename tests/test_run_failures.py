"""A run that meets a broken state store, a full disk, a read-only or busy output folder:
rebuild what is a cache, stop with one line (exit 2) for the rest, never publish a broken output."""
from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.batch as batch
import pipeline.extract as extract
import pipeline.ingest as ingest
from pipeline.__main__ import main
from pipeline.batch import PAUSE_AFTER_COMMITS_VARIABLE, process
from pipeline.state import STATE_FILE
from pipeline.write import OUTPUT_NAMES, RUN_FILE

ROOT = Path(__file__).resolve().parent.parent
PAGE = 4096


def article(region: str, cases: int, year: int) -> str:
    filler = " ".join(f"Paragraf {n} menjelaskan layanan pengaduan bagi warga {region}." for n in range(40))
    return (f"Kekerasan di {region}\n\nDP3A {region} mencatat {cases} kasus kekerasan terhadap perempuan "
            f"dan anak sepanjang {year}.\n\n{filler}\n")


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, region in enumerate(["Kota Serang", "Kota Bogor", "Kabupaten Batang", "Kabupaten Sleman"]):
        (folder / f"artikel-{n}.txt").write_text(article(region, 10 + n, 2020 + n), encoding="utf-8")
    return folder


@pytest.fixture
def cli(monkeypatch, nlp, capsys):
    """`python -m pipeline ARGS` in this process: (exit code, stdout, stderr). The one spaCy
    pipeline of the session stands in for the one each run would build (seconds each)."""
    monkeypatch.setattr(extract, "build_nlp", lambda rules_dir: nlp)  # the worker imports it when needed

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["run", *args, "--quiet"])
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


def public_outputs(out: Path, with_run: bool = False) -> dict[str, bytes]:
    """The public files' bytes; run.json (seconds, reused counts) only when asked: it differs
    between two runs that write the same tables."""
    return {name: (out / name).read_bytes() for name in OUTPUT_NAMES if with_run or name != RUN_FILE}


def one_line(text: str) -> str:
    assert text.strip() and text.strip().count("\n") == 0, text
    return text.strip()


def overwrite(path: Path, offset: int, data: bytes) -> None:
    """Damage the database file itself, after moving everything from the write-ahead log into it."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert offset == 0 or path.stat().st_size >= offset + len(data) + PAGE
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


DAMAGES = ["overwritten pages", "not a database at all"]


def damage(state: Path, kind: str) -> None:
    if kind == "overwritten pages":
        overwrite(state, 2 * PAGE, b"\x55" * (2 * PAGE))
    else:
        overwrite(state, 0, b"not an sqlite file " * 500)


@pytest.mark.parametrize("kind", DAMAGES)
def test_a_damaged_state_is_rebuilt_and_the_output_stays_right(corpus, tmp_path, cli, kind):
    out = tmp_path / "out"
    assert cli(str(corpus), "--out", str(out))[0] == 0
    good = public_outputs(out)
    damage(out / STATE_FILE, kind)

    code, stdout, stderr = cli(str(corpus), "--out", str(out))
    assert code == 0
    assert "rebuilding the state store" in one_line(stderr)
    assert stdout.startswith("4 articles (0 unchanged")
    assert public_outputs(out) == good
    assert cli(str(corpus), "--out", str(out))[1].startswith("4 articles (4 unchanged")  # rebuilt, usable


@pytest.mark.parametrize("kind", DAMAGES)
def test_full_always_rebuilds_a_damaged_state(corpus, tmp_path, cli, kind):
    out = tmp_path / "out"
    cli(str(corpus), "--out", str(out))
    good = public_outputs(out)
    damage(out / STATE_FILE, kind)
    code, stdout, _ = cli(str(corpus), "--out", str(out), "--full")
    assert code == 0 and stdout.startswith("4 articles (0 unchanged")
    assert public_outputs(out) == good


def test_a_tampered_row_is_processed_again_never_a_reject(corpus, tmp_path, cli):
    out = tmp_path / "out"
    cli(str(corpus), "--out", str(out))
    good = public_outputs(out)
    with sqlite3.connect(out / STATE_FILE) as db:
        keys = [row[0] for row in db.execute("SELECT key FROM inputs ORDER BY key")]
        db.execute("UPDATE inputs SET records = '[{\"cases\": ' WHERE key = ?", (keys[0],))
        article_json = json.loads(db.execute("SELECT article FROM inputs WHERE key = ?", (keys[1],)).fetchone()[0])
        db.execute("UPDATE inputs SET article = ? WHERE key = ?", (json.dumps(article_json | {"text": 7}), keys[1]))
        db.execute("UPDATE inputs SET signature = x'00' WHERE key = ?", (keys[2],))

    code, stdout, stderr = cli(str(corpus), "--out", str(out))
    assert code == 0, stderr
    assert "damaged row" in one_line(stderr)
    assert stdout.startswith("4 articles (1 unchanged") and "0 rejects" in stdout
    assert public_outputs(out) == good
    assert cli(str(corpus), "--out", str(out))[1].startswith("4 articles (4 unchanged")  # rows rewritten


@pytest.mark.parametrize("edit", [
    "UPDATE members SET id = 10000000 WHERE id = (SELECT max(id) FROM members)",  # dedup would size an array by it
    "INSERT INTO matches VALUES (1, -1)",  # a negative number would read another member's entry
])
def test_a_dedup_member_number_out_of_range_rebuilds_the_state(corpus, tmp_path, cli, edit):
    out = tmp_path / "out"
    cli(str(corpus), "--out", str(out))
    good = public_outputs(out)
    with sqlite3.connect(out / STATE_FILE) as db:
        db.execute(edit)

    code, stdout, stderr = cli(str(corpus), "--out", str(out))
    assert code == 0
    assert "dedup" in one_line(stderr) and "rebuilding the state store" in stderr
    assert stdout.startswith("4 articles (0 unchanged")
    assert public_outputs(out) == good


def test_a_state_file_that_is_a_symlink_is_refused(corpus, tmp_path, cli):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / STATE_FILE).symlink_to(elsewhere / "state.sqlite")
    code, _, stderr = cli(str(corpus), "--out", str(out))
    assert code == 2
    assert "symbolic link" in one_line(stderr) and stderr.startswith("error:")
    assert list(elsewhere.iterdir()) == []  # no database, no -wal beside the link's target
    assert not (out / "records.csv").exists()


class DiskFillsUp:
    """A connection whose writes of input rows fail as SQLite's do when the disk is full."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, *params):
        if sql.startswith("INSERT OR REPLACE INTO inputs"):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *params)

    def __getattr__(self, name: str):
        return getattr(self._db, name)


def test_a_full_disk_while_the_state_grows_is_exit_2_with_the_old_output_intact(corpus, tmp_path, cli,
                                                                                 monkeypatch):
    out = tmp_path / "out"
    cli(str(corpus), "--out", str(out))
    previous = public_outputs(out, with_run=True)
    (corpus / "artikel-9.txt").write_text(article("Kota Kupang", 77, 2022), encoding="utf-8")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: DiskFillsUp(connect(*args, **kwargs)))

    code, _, stderr = cli(str(corpus), "--out", str(out))
    assert code == 2
    assert "database or disk is full" in one_line(stderr) and stderr.startswith("error:")
    assert public_outputs(out, with_run=True) == previous
    assert len(list((out / ".generations").iterdir())) == 1  # the new generation was removed


def test_a_read_only_output_folder_is_found_before_the_batch_runs(corpus, tmp_path, cli, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    def batch_must_not_run(*args, **kwargs):
        raise AssertionError("the batch ran before the output folder was found read-only")

    monkeypatch.setattr("pipeline.write.tempfile.mkstemp", read_only)
    monkeypatch.setattr(batch, "decide", batch_must_not_run)
    code, _, stderr = cli(str(corpus), "--out", str(tmp_path / "out"))
    assert code == 2
    assert "Read-only file system" in one_line(stderr) and stderr.startswith("error:")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_without_write_permission_is_exit_2_at_start(corpus, tmp_path, cli, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    monkeypatch.setattr(batch, "decide", lambda *args, **kwargs: pytest.fail("the batch ran"))
    try:
        code, _, stderr = cli(str(corpus), "--out", str(out))
    finally:
        out.chmod(0o755)
    assert code == 2 and one_line(stderr).startswith("error:")


def test_a_second_run_on_a_folder_in_use_exits_2_naming_the_first(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(5):  # no count words: no spaCy, a quick run
        (corpus / f"cuaca-{n}.txt").write_text(f"Cuaca {n}\n\nHari ini cerah berawan di kota nomor {n}.\n",
                                               encoding="utf-8")
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env=os.environ | {PAUSE_AFTER_COMMITS_VARIABLE: "2"})
    try:
        assert "paused after 2 committed inputs" in first.stderr.readline()
        code, _, stderr = cli(str(corpus), "--out", str(out))
        assert code == 2
        assert one_line(stderr) == f"error: output folder {out} in use by pid {first.pid}"
    finally:
        first.kill()
        first.wait()
        first.stderr.close()
    assert first.returncode == -signal.SIGKILL
    code, stdout, _ = cli(str(corpus), "--out", str(out))  # the lock died with its holder
    assert code == 0 and stdout.startswith("5 articles (2 unchanged")


@pytest.mark.parametrize("lines_per_unit", [200, 2])
def test_a_repeated_id_in_a_jsonl_export_is_rejected_with_its_line(tmp_path, monkeypatch, lines_per_unit):
    monkeypatch.setattr(ingest, "JSONL_LINES_PER_UNIT", lines_per_unit)
    (tmp_path / "a.txt").write_text("Judul\n\nKabut tebal pagi ini.\n", encoding="utf-8")  # id "a", read first
    lines = [json.dumps({"id": "a", "text": "Cuaca cerah hari ini."}), "", "   ",
             json.dumps({"id": "b", "text": "Hujan turun sore ini."}), "{rusak",
             json.dumps({"id": "a", "text": "Angin kencang malam ini."})]
    export = tmp_path / "ekspor.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejects = {reject.line: (reject.source_path, reject.reason) for reject in process([tmp_path]).rejects}
    assert sorted(rejects) == [1, 5, 6]
    assert rejects[1] == rejects[6] == (str(export), "duplicate article_id 'a'")
    assert "invalid JSON" in rejects[5][1]
