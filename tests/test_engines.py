"""Every engine writes what the one-process run writes: same rows, same order, same duplicates."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline.ingest as ingest
from pipeline.batch import EngineChoice, run
from pipeline.rules import RULES_DIR, RuleError
from pipeline.worker import ArticleWorker, WorkerSettings
from pipeline.write import TABLE_FILES

OUTPUT_FILES = TABLE_FILES


def article(region: str, cases: int, year: int) -> str:
    return (f"Kekerasan di {region}\n\nUPTD PPA {region} mencatat {cases} kasus kekerasan terhadap perempuan "
            f"dan anak sepanjang {year}, dengan {cases + 4} korban.\n\nWarga diminta berani melapor.\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Articles spread over txt files, an HTML page and a JSONL export cut into many units,
    with a republished copy in another unit than its original, a repeated id and bad lines."""
    folder = tmp_path_factory.mktemp("engines")
    regions = ["Kota Serang", "Kabupaten Sleman", "Kota Bogor", "Kabupaten Batang", "Kota Kupang"]
    for n, region in enumerate(regions):
        (folder / f"artikel-{n}.txt").write_text(article(region, 10 + n, 2020 + n), encoding="utf-8")
    (folder / "halaman.html").write_text(
        f"<html><body><nav>Menu</nav><article><h1>Kekerasan</h1><p>{article('Kota Padang', 44, 2023)}</p>"
        "</article></body></html>", encoding="utf-8")
    lines = [json.dumps({"id": f"j{n}", "text": article(regions[n % 5], 50 + n, 2015 + n % 9)})
             for n in range(12)]
    lines += [json.dumps({"id": "salinan", "text": "Sumber: kantor berita\n" + article("Kota Serang", 10, 2020)}),
              json.dumps({"id": "j3", "text": article("Kota Padang", 1, 2019)}),  # a repeated id
              "{rusak", json.dumps({"id": "kosong", "text": " "})]
    (folder / "ekspor.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "catatan.pdf").write_bytes(b"%PDF-1.4")
    return folder


def run_with(corpus: Path, out: Path, engine: EngineChoice, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(ingest, "JSONL_LINES_PER_UNIT", 3)  # the export becomes six units
    run([corpus], out, progress=False, engine=engine)
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        outputs = run_with(corpus, tmp_path_factory.mktemp("local"), EngineChoice(), monkeypatch)
    records = outputs["records.csv"].decode()
    assert records.count("\n") > 15 and "salinan" not in records  # the copy's records are dropped
    assert b"artikel-0" in outputs["articles.csv"]
    assert b"ekspor.jsonl,14,j3,duplicate article_id 'j3'" in outputs["rejects.csv"]  # the repeat's line
    return outputs


def test_a_pool_of_two_processes_writes_what_one_process_writes(corpus, one_process, tmp_path, monkeypatch):
    assert run_with(corpus, tmp_path, EngineChoice(workers=2), monkeypatch) == one_process


def test_a_two_worker_dask_cluster_writes_what_one_process_writes(corpus, one_process, tmp_path, monkeypatch):
    assert run_with(corpus, tmp_path, EngineChoice("dask", workers=2), monkeypatch) == one_process
    assert not list(tmp_path.glob("state.sqlite-*"))  # the workers' state readers closed: WAL checkpointed


def test_a_rerun_on_a_pool_reuses_the_state_and_writes_the_same(corpus, one_process, tmp_path, monkeypatch):
    run_with(corpus, tmp_path, EngineChoice(workers=2), monkeypatch)
    summary = run([corpus], tmp_path, progress=False, engine=EngineChoice(workers=2))
    assert summary.reused == summary.articles > 0
    assert {name: (tmp_path / name).read_bytes() for name in OUTPUT_FILES} == one_process


def test_a_worker_with_other_rules_refuses_to_work():
    with pytest.raises(RuleError, match="differ"):
        ArticleWorker(WorkerSettings(str(RULES_DIR), "fingerprint of other rules", 1000))


def test_a_tls_scheduler_without_certificates_is_a_one_line_error_not_a_traceback():
    import dask

    from pipeline.engines import EngineError, outcomes_by_unit

    settings = WorkerSettings(str(RULES_DIR), "unused", 1000)
    with dask.config.set({"distributed.comm.tls.ca-file": None, "distributed.comm.tls.client.cert": None}), \
            pytest.raises(EngineError, match="needs Dask's TLS settings"):
        next(outcomes_by_unit([], settings, "dask", 1, "tls://127.0.0.1:1"))
