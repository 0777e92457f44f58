"""Untrusted input: whatever the bytes, nothing raises out of the batch and every input is accounted for."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.batch import process
from pipeline.models import Article
from pipeline.normalize import normalize

# Words the extractor reacts to, so random sentences reach its list, period and slot logic.
VOCABULARY = [
    "DP3A", "Kota", "Kabupaten", "Serang", "Jabar", "Polres", "UPTD", "PPA", "mencatat", "tercatat",
    "kasus", "korban", "orang", "anak", "perempuan", "kekerasan", "seksual", "KDRT", "fisik", "pelaku",
    "tahun", "2023", "2024", "Januari", "hingga", "September", "sepanjang", "lalu", "ini", "sekitar",
    "puluhan", "dua", "puluh", "lima", "1.234", "12", "0", "-", "–", ",", ".", "(", ")", "/", "\n",
    "dibanding", "sedangkan", "kemudian", "masing-masing", "di", "antaranya", "total", "per", "persen",
    "Rp", "juta", "ribu", "Baca", "juga:", "\u00a0", "\u200b",
]
words = st.lists(st.sampled_from(VOCABULARY), max_size=80).map(" ".join)


@given(text=st.one_of(words, st.text(max_size=400)), published=st.sampled_from([None, "2024-07-15"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_extracts_without_error_into_valid_records(nlp, text: str, published: str | None):
    article = Article(article_id="fuzz", source_path="fuzz.txt", text=text, text_hash="x", published=published)
    for record in normalize(article, nlp(text)._.candidates):
        assert record.cases is None or record.cases >= 0
        assert record.victims is None or record.victims >= 0
        assert record.cases is not None or record.victims is not None
        assert 0 <= record.evidence_start < record.evidence_end <= len(text)
        assert record.evidence == text[record.evidence_start:record.evidence_end]
        assert record.group in {"all", "anak", "perempuan"}


def nested_html(depth: int, leaf: str) -> str:
    return "<div>" * depth + f"<p>{leaf}</p>" + "</div>" * depth


# Strings with what JSON can carry but the output tables cannot: lone surrogates and NUL.
hostile_strings = st.text(alphabet=st.one_of(st.characters(), st.characters(categories=["Cs"]), st.just("\x00")),
                          max_size=20)


def json_line(article_id: str, text: str, title: str) -> str:
    return json.dumps({"id": article_id, "text": text, "title": title})


def all_strings(result) -> list[str]:
    rows = [*result.articles, *result.records, *result.rejects]
    return [value for row in rows for value in vars(row).values() if isinstance(value, str)]


@given(files=st.lists(st.one_of(
    st.tuples(st.sampled_from([".txt", ".html", ".jsonl"]), st.binary(max_size=400)),
    st.tuples(st.just(".html"), st.builds(nested_html, st.integers(0, 1500), words).map(str.encode)),
    st.tuples(st.just(".jsonl"), st.lists(st.one_of(
        st.builds(json_line, hostile_strings, st.one_of(words, hostile_strings.map(" ".join)), hostile_strings),
        st.text(max_size=50)), max_size=4).map(lambda lines: "\n".join(lines).encode())),
), min_size=1, max_size=6))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_input_ends_as_an_article_or_a_reject(nlp, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for n, (suffix, data) in enumerate(files):
        (folder / f"input{n}{suffix}").write_bytes(data)
    result = process([folder], nlp=nlp)
    assert all(r.reason.strip() for r in result.rejects)
    for value in all_strings(result):
        value.encode("utf-8")  # what the Parquet and CSV writers need
        assert "\x00" not in value
    for n, (suffix, data) in enumerate(files):
        path = str(folder / f"input{n}{suffix}")
        outcomes = sum(a.source_path == path for a in result.articles) + sum(
            r.source_path == path for r in result.rejects)
        if suffix == ".jsonl":  # "\n" ends a line; a line of ASCII whitespace is none; no line at all: one reject
            lines = [line for line in data.split(b"\n") if line.removeprefix(b"\xef\xbb\xbf").strip()]
            assert outcomes == max(len(lines), 1), f"{path}: {len(lines)} lines, {outcomes} outcomes"
        else:
            assert outcomes == 1, f"{path} vanished or was counted twice"


def test_huge_inputs_end_as_articles_or_rejects(nlp, tmp_path):
    """A wall of text without stops and a dump of thousands of figures: neither stalls nor crashes."""
    wall = " ".join(["kasus", "kekerasan", "anak", "Kota", "Serang", "12", "2023", "korban"] * 40_000)
    (tmp_path / "dinding.txt").write_text("Judul\n" + wall, encoding="utf-8")
    dump = "\n".join(f"Pada {2000 + n % 24} DP3A Kota Serang mencatat {n % 97 + 3} kasus kekerasan."
                     for n in range(2_000))
    (tmp_path / "data.txt").write_text("Kekerasan anak\n" + dump, encoding="utf-8")
    result = process([tmp_path], nlp=nlp)
    assert [a.article_id for a in result.articles] == ["dinding"]
    assert result.records == []
    (reject,) = result.rejects
    assert reject.article_id == "data" and "not a news article" in reject.reason


@given(text=st.one_of(words, st.text(max_size=300)))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_cheap_topic_filter_never_hides_a_count(nlp, text: str):
    from pipeline.extract import may_hold_counts
    from pipeline.rules import default_rules

    if not may_hold_counts(text, default_rules()):
        assert nlp(text)._.candidates == []


ROOT = Path(__file__).resolve().parent.parent
COUNT = "DP3A Kota Serang mencatat {} kasus kekerasan terhadap anak sepanjang 2023."


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """The real command line over one folder of every hostile input at once."""
    folder = tmp_path_factory.mktemp("hostile")
    good = [json.dumps({"id": f"g{n}", "text": f"Judul {n}\n" + COUNT.format(n + 10)}) for n in range(5)]
    (folder / "ekspor.jsonl").write_text("\n".join([
        good[0],
        '{"id": "x\\udcff", "title": "T\\ud800", "url": "https://a.example/\\udfff", "source": "S\\udc00", '
        '"text": "Judul\\n' + COUNT.format(7) + ' \\udcff"}',
        good[1], "[" * 100_000, good[2],
        json.dumps({"id": "dalam", "html": "<div>" * 3000 + COUNT.format(8) + "</div>" * 3000}),
        good[3], json.dumps({"id": "nul\x00", "text": "Judul\x00\n" + COUNT.format(9)}), good[4],
    ]) + "\n", encoding="utf-8")
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(("Judul kafe\n" + COUNT.format(21)).encode())
    (folder / "kosong.jsonl").write_bytes(b"")
    (folder / "lebar-a.txt").write_bytes(("Judul lebar\n" + COUNT.format(31)).encode("utf-16"))
    (folder / "lebar-b.txt").write_bytes(("Berita lain sekali\nPolres Kota Bogor menangani 4 kasus.").encode("utf-16"))
    (folder / "program.txt").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(300))
    (folder / "nol.txt").write_bytes(bytes(1000))
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "tertaut.txt").write_text("Judul tertaut\n" + COUNT.format(41), encoding="utf-8")
    (folder / "tautan").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "kembali").symlink_to(folder, target_is_directory=True)
    out = tmp_path_factory.mktemp("out")
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True)
    return done, out, folder


def test_a_hostile_folder_runs_to_the_end_and_writes_every_table(hostile_run):
    done, out, _ = hostile_run
    assert done.returncode == 0, done.stderr
    for name in ("records", "articles", "rejects"):
        assert (out / f"{name}.csv").is_file()
        for value in pq.read_table(out / f"{name}.parquet").to_pylist():
            assert not any("\x00" in v for v in value.values() if isinstance(v, str)), value


def test_a_hostile_folder_loses_only_its_bad_inputs(hostile_run):
    _, out, folder = hostile_run
    articles = {row["article_id"]: row for row in pq.read_table(out / "articles.parquet").to_pylist()}
    assert sorted(articles) == sorted(["caf\\udce9", "dalam", "g0", "g1", "g2", "g3", "g4", "lebar-a", "lebar-b",
                                       "nul\\x00", "tertaut", "x\\udcff"])
    assert articles["lebar-b"]["duplicate_of"] is None  # two different UTF-16 texts are not copies
    assert articles["x\\udcff"]["title"] == "T\ufffd" and articles["x\\udcff"]["source"] == "S\ufffd"
    cases = {row["article_id"]: row["cases"] for row in pq.read_table(out / "records.parquet").to_pylist()}
    assert cases == {"g0": 10, "g1": 11, "g2": 12, "g3": 13, "g4": 14, "x\\udcff": 7, "dalam": 8, "nul\\x00": 9,
                     "caf\\udce9": 21, "lebar-a": 31, "tertaut": 41}
    rejects = {(Path(row["source_path"]).name, row["line"]): row["reason"]
               for row in pq.read_table(out / "rejects.parquet").to_pylist()}
    assert rejects == {
        ("ekspor.jsonl", 4): "line 4: JSON nested too deeply to read",
        ("kembali", None): f"folder already read as {folder}",
        ("kosong.jsonl", None): "empty JSONL file",
        ("nol.txt", None): "not text: 100% of its characters are NUL or control characters",
        ("program.txt", None): "not text: an ELF executable",
    }
