"""Untrusted input: whatever the bytes, nothing raises out of the batch and every input is accounted for."""
from __future__ import annotations

import json
from pathlib import Path

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


@given(files=st.lists(st.one_of(
    st.tuples(st.sampled_from([".txt", ".html", ".jsonl"]), st.binary(max_size=400)),
    st.tuples(st.just(".html"), st.builds(nested_html, st.integers(0, 400), words).map(str.encode)),
    st.tuples(st.just(".jsonl"), st.lists(st.one_of(
        st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.text(max_size=20), words),
        st.text(max_size=50)), max_size=4).map(lambda lines: "\n".join(lines).encode())),
), min_size=1, max_size=6))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_input_ends_as_an_article_or_a_reject(nlp, tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("fuzz")
    for n, (suffix, data) in enumerate(files):
        (folder / f"input{n}{suffix}").write_bytes(data)
    result = process([folder], nlp=nlp)
    assert all(r.reason.strip() for r in result.rejects)
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
