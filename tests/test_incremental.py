"""Incremental runs: a rerun processes only new or changed inputs and writes what a full run writes."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline.batch import PAUSE_AFTER_COMMITS_VARIABLE, run
from pipeline.rules import RULES_DIR
from pipeline.write import TABLE_FILES

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_FILES = TABLE_FILES


def article(region: str, cases: int, year: int, extra: str = "") -> str:
    return (f"Kekerasan di {region}\n\nDP3A {region} mencatat {cases} kasus kekerasan terhadap perempuan "
            f"dan anak sepanjang {year}. {extra}\n\nKepala dinas meminta warga berani melapor.\n")


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assert_same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), f"{name} differs"


def test_rerun_reuses_unchanged_inputs_and_equals_a_full_run(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        "b-serang.txt": article("Kota Serang", 39, 2020),
        "c-bogor.txt": article("Kota Bogor", 87, 2024),
        "d-batang.txt": article("Kabupaten Batang", 15, 2021),
    })
    out = tmp_path / "out"
    first = run([corpus], out, progress=False)
    assert (first.articles, first.reused) == (3, 0)

    # The corpus grows: a new article, and a republished copy that sorts before its original,
    # so the copy becomes canonical and the original a duplicate, exactly as in a full run.
    write_corpus(corpus, {"a-copy-of-bogor.txt": article("Kota Bogor", 87, 2024, "Sumber: kantor berita."),
                          "e-sleman.txt": article("Kabupaten Sleman", 112, 2023)})
    (corpus / "d-batang.txt").write_text(article("Kabupaten Batang", 16, 2021), encoding="utf-8")
    second = run([corpus], out, progress=False)
    assert (second.articles, second.reused) == (5, 2)  # serang and bogor unchanged

    full = tmp_path / "full"
    run([corpus], full, progress=False)
    assert_same_outputs(out, full)
    records = (out / "records.csv").read_text(encoding="utf-8")
    assert ",16," in records and ",15," not in records  # the changed input was processed again


def test_a_rule_change_or_full_flag_reprocesses_everything(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"serang.txt": article("Kota Serang", 39, 2020)})
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    out = tmp_path / "out"
    run([corpus], out, rules, progress=False)
    assert run([corpus], out, rules, progress=False).reused == 1
    assert run([corpus], out, rules, progress=False, full=True).reused == 0
    with (rules / "hedges.csv").open("a", encoding="utf-8") as f:
        f.write("kurang-lebih,approximate\n")
    assert run([corpus], out, rules, progress=False).reused == 0


def test_kill_9_midway_then_rerun_resumes_and_gives_complete_output(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {
        f"artikel-{n:04d}.txt": article("Kota Serang" if n % 2 else "Kabupaten Sleman", 10 + n, 2000 + n % 25)
        for n in range(60)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out), "--quiet"]
    victim = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=os.environ | {PAUSE_AFTER_COMMITS_VARIABLE: "20"})
    try:
        assert "paused after 20 committed inputs" in victim.stderr.readline()  # midway, for certain
    finally:
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        victim.stderr.close()
    assert not (out / "records.csv").exists()  # killed before writing: nothing half-written

    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    assert resumed.stdout.startswith("60 articles (20 unchanged since the last run)")  # a resume, not a restart
    full = tmp_path / "full"
    subprocess.run([*command[:-3], "--out", str(full), "--quiet"], cwd=ROOT, check=True, capture_output=True)
    assert_same_outputs(out, full)
    records = pd.read_csv(out / "records.csv", dtype=str)
    assert not records.empty and not records.duplicated().any()
    articles = pd.read_csv(out / "articles.csv", dtype=str)
    assert len(articles) == 60 and articles["article_id"].is_unique


def test_a_rerun_finds_an_unchanged_page_without_parsing_it(tmp_path, monkeypatch):
    import pipeline.ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "serang.html").write_text(
        "<html><head><title>Kekerasan di Kota Serang</title></head><body><article><p>"
        + article("Kota Serang", 39, 2020) + "</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    assert run([corpus], out, progress=False).reused == 0
    before = (out / "records.csv").read_bytes()

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged page was parsed again")

    monkeypatch.setattr(pipeline.ingest, "_document_from_html", no_parsing)
    assert run([corpus], out, progress=False).reused == 1
    assert (out / "records.csv").read_bytes() == before


def test_a_rerun_parses_only_the_new_lines_of_a_grown_jsonl_export(tmp_path, monkeypatch):
    import json

    import pipeline.ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"id": f"berita-{n}", "text": article(region, 10 + n, 2020)}) + "\n"
             for n, region in enumerate(["Kota Serang", "Kota Bogor", "Kabupaten Batang"])]
    (corpus / "ekspor.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    out = tmp_path / "out"
    run([corpus], out, progress=False)
    parsed = []
    parse = pipeline.ingest._document_from_json_line
    monkeypatch.setattr(pipeline.ingest, "_document_from_json_line",
                        lambda source_path, line_no, line: parsed.append(line_no) or parse(source_path, line_no, line))
    (corpus / "ekspor.jsonl").write_text("".join(lines), encoding="utf-8")  # the export grew by a line
    assert run([corpus], out, progress=False).reused == 2
    assert parsed == [3]

    monkeypatch.undo()
    full = tmp_path / "full"
    run([corpus], full, progress=False)
    assert_same_outputs(out, full)


def backdate(path: Path, seconds: int = 3600) -> int:
    """Set a file's mtime into the past; returns it (ns)."""
    mtime = time.time_ns() - seconds * 10**9
    os.utime(path, ns=(mtime, mtime))
    return mtime


def test_a_file_is_known_by_its_stamp_a_touched_file_is_reused_an_edit_of_the_same_size_is_not(
        tmp_path, monkeypatch):
    import pipeline.ingest
    import pipeline.worker

    monkeypatch.setattr(pipeline.ingest, "STAMP_SETTLE_SECONDS", 0.0)  # no waiting for timestamps to settle
    corpus = write_corpus(tmp_path / "corpus", {"bogor.txt": article("Kota Bogor", 87, 2024),
                                                "serang.txt": article("Kota Serang", 39, 2020)})
    mtimes = {path.name: backdate(path) for path in corpus.iterdir()}
    out = tmp_path / "out"
    assert run([corpus], out, progress=False).reused == 0
    real_read = pipeline.worker.read_whole_file

    def not_read(*args, **kwargs):
        raise AssertionError("a file with an unchanged stamp was read again")

    monkeypatch.setattr(pipeline.worker, "read_whole_file", not_read)
    assert run([corpus], out, progress=False).reused == 2

    os.utime(corpus / "serang.txt")  # touched, not changed: read and hashed once, then known again
    monkeypatch.setattr(pipeline.worker, "read_whole_file", real_read)
    assert run([corpus], out, progress=False).reused == 2
    monkeypatch.setattr(pipeline.worker, "read_whole_file", not_read)
    assert run([corpus], out, progress=False).reused == 2
    monkeypatch.setattr(pipeline.worker, "read_whole_file", real_read)

    # The same size, the mtime one second on: processed again.
    (corpus / "serang.txt").write_text(article("Kota Serang", 38, 2020), encoding="utf-8")
    os.utime(corpus / "serang.txt", ns=(mtimes["serang.txt"] + 10**9,) * 2)
    # The same size and the old mtime put back (as `touch -r` or an archive does): the change time tells.
    (corpus / "bogor.txt").write_text(article("Kota Bogor", 86, 2024), encoding="utf-8")
    os.utime(corpus / "bogor.txt", ns=(mtimes["bogor.txt"],) * 2)
    assert run([corpus], out, progress=False).reused == 0
    records = (out / "records.csv").read_text(encoding="utf-8")
    assert ",38," in records and ",86," in records and ",39," not in records and ",87," not in records

    full = tmp_path / "full"
    run([corpus], full, progress=False)
    assert_same_outputs(out, full)


def test_a_file_gets_a_stamp_only_once_its_timestamps_have_settled(tmp_path):
    from pipeline.ingest import InputUnit, file_stamp

    fresh = tmp_path / "baru.txt"
    fresh.write_text("teks", encoding="utf-8")
    assert file_stamp(InputUnit(str(fresh))) is None  # written just now: it may change again in this tick
    (tmp_path / "lama.txt").write_text("teks", encoding="utf-8")
    (tmp_path / "ekspor.jsonl").write_text('{"id": "a", "text": "teks"}\n', encoding="utf-8")
    (tmp_path / "besar.txt").write_text("x" * 100, encoding="utf-8")
    time.sleep(2.1)
    assert file_stamp(InputUnit(str(tmp_path / "lama.txt"))) is not None
    assert file_stamp(InputUnit(str(tmp_path / "ekspor.jsonl"))) is None  # JSONL runs are keyed by their lines
    assert file_stamp(InputUnit(str(tmp_path / "besar.txt")), max_article_bytes=50) is None  # rejected as too large


def test_a_rerun_with_nothing_new_never_loads_spacy(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"serang.txt": article("Kota Serang", 39, 2020)})
    program = ("import sys; from pipeline.__main__ import main; "
               f"main(['run', {str(corpus)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet']); "
               "print('spacy loaded' if 'spacy' in sys.modules else 'no spacy')")
    loaded = [subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()[-1] for _ in range(2)]
    assert loaded == ["spacy loaded", "no spacy"]  # a second or two of every rerun's start


def test_a_rerun_looks_up_only_new_inputs_in_the_kept_lsh_index_and_equals_a_full_run(tmp_path, monkeypatch):
    import pipeline.dedup

    def report(region: str, extra: str = "") -> str:  # long enough that a copy with a line more matches
        words = " ".join(f"{region.split()[-1].lower()}{n}" for n in range(60))
        return article(region, 87, 2024, f"{words}. {extra}")

    corpus = write_corpus(tmp_path / "corpus", {"b-bogor.txt": report("Kota Bogor"),
                                                "c-serang.txt": report("Kota Serang"),
                                                "d-copy-of-serang.txt": report("Kota Serang", "Sumber: kantor berita.")})
    out = tmp_path / "out"
    run([corpus], out, progress=False)
    looked_up = []
    band_keys = pipeline.dedup._band_keys
    monkeypatch.setattr(pipeline.dedup, "_band_keys", lambda signature: looked_up.append(1) or band_keys(signature))
    # New: a copy of bogor sorting before it (it becomes canonical), a copy of the serang copy after it.
    write_corpus(corpus, {"a-copy-of-bogor.txt": report("Kota Bogor", "Sumber: kantor berita."),
                          "e-copy-of-serang.txt": report("Kota Serang", "Sumber: kantor berita. Baca juga.")})
    rerun = run([corpus], out, progress=False)
    assert (rerun.articles, rerun.reused, rerun.duplicates, len(looked_up)) == (5, 3, 3, 2)

    full = tmp_path / "full"
    run([corpus], full, progress=False)
    assert_same_outputs(out, full)
    articles = pd.read_csv(out / "articles.csv", dtype=str).set_index("article_id")["duplicate_of"]
    assert articles.fillna("").to_dict() == {"a-copy-of-bogor": "", "b-bogor": "a-copy-of-bogor", "c-serang": "",
                                             "d-copy-of-serang": "c-serang", "e-copy-of-serang": "c-serang"}
