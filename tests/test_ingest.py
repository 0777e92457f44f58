"""Behaviour of pipeline.ingest: every format read, every bad input reported, never a crash."""
from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import iter_inputs
from pipeline.models import RawDocument, Reject

LEAD = "Dinas PPPA Kabupaten Contoh mencatat 12 kasus kekerasan sepanjang 2022."
SECOND = "Dari jumlah itu, tujuh kasus menimpa anak dan lima kasus menimpa perempuan."

PAGE = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Kekerasan Anak di Kabupaten Contoh Naik - Kabar Contoh</title>
<meta property="og:site_name" content="Kabar Contoh">
<link rel="canonical" href="https://kabarcontoh.example/read/123/kekerasan-anak">
<meta property="article:published_time" content="2023-01-09T08:00:00+07:00">
<script>var tracker = "script text must not survive";</script>
<style>body {{ color: red }}</style>
</head><body>
<header><a href="/">Kabar Contoh</a></header>
<nav><ul><li>Beranda</li><li>Daerah Menu</li></ul></nav>
<main><article>
<h1>Kekerasan Anak di Kabupaten Contoh Naik</h1>
<div class="share-bar">Bagikan: Facebook Twitter WhatsApp</div>
<p>{LEAD}</p>
<div class="baca-juga"><strong>Baca Juga:</strong> <a href="/x">Kota Lain Catat 99 Kasus Pencurian</a></div>
<p>{SECOND.replace("tujuh kasus", "tujuh<br>kasus")}</p>
<div class="ads"><span>Pasang iklan di sini</span></div>
<div id="comments">Komentar pembaca: mantap</div>
<div class="tags">Tag: anak, kekerasan</div>
</article>
<aside><h3>Berita Terkait</h3><p>Harga Beras Stabil Jelang Lebaran</p></aside>
</main>
<footer>Copyright 2024 Kabar Contoh</footer>
</body></html>
"""


def read_all(*paths) -> list[RawDocument | Reject]:
    return list(iter_inputs(list(paths)))


def only_document(items) -> RawDocument:
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return items[0]


def test_txt_file_is_read_as_is_with_stem_as_id(tmp_path: Path):
    path = tmp_path / "contoh-2022.txt"
    path.write_text(f"Judul Berita Kekerasan Anak\n\n{LEAD}\n", encoding="utf-8")
    doc = only_document(read_all(path))
    assert doc.article_id == "contoh-2022"
    assert doc.text == f"Judul Berita Kekerasan Anak\n\n{LEAD}\n"
    assert doc.source_path == str(path)


def test_utf8_bom_is_stripped(tmp_path: Path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LEAD.encode("utf-8"))
    assert only_document(read_all(path)).text == LEAD


def test_cp1252_bytes_are_decoded(tmp_path: Path):
    path = tmp_path / "windows.txt"
    path.write_bytes("“Kasus naik,” kata Kepala Dinas PPPA.".encode("cp1252"))
    assert only_document(read_all(path)).text == "“Kasus naik,” kata Kepala Dinas PPPA."


def test_bytes_invalid_everywhere_still_give_a_document(tmp_path: Path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"Kasus \x81\x8d\x90 naik menjadi 12 kasus.")  # undefined even in cp1252
    doc = only_document(read_all(path))
    assert doc.text.startswith("Kasus ") and doc.text.endswith("naik menjadi 12 kasus.")


def test_html_chrome_is_removed_and_paragraphs_survive(tmp_path: Path):
    path = tmp_path / "halaman.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = only_document(read_all(path))
    lines = doc.text.split("\n")
    assert lines[0] == "Kekerasan Anak di Kabupaten Contoh Naik"
    assert LEAD in lines
    assert "Dari jumlah itu, tujuh" in lines  # <br> is a line break
    assert "kasus menimpa anak dan lima kasus menimpa perempuan." in lines
    for chrome in ("script text", "color: red", "Beranda", "Bagikan", "Kota Lain", "Pasang iklan",
                   "Komentar", "Tag:", "Harga Beras", "Copyright", "Berita Terkait"):
        assert chrome not in doc.text, chrome


def test_html_head_gives_title_url_published_and_source(tmp_path: Path):
    path = tmp_path / "halaman.htm"
    path.write_text(PAGE, encoding="utf-8")
    doc = only_document(read_all(path))
    assert doc.article_id == "halaman"
    assert doc.title == "Kekerasan Anak di Kabupaten Contoh Naik"  # without the site suffix
    assert doc.url == "https://kabarcontoh.example/read/123/kekerasan-anak"
    assert doc.published == "2023-01-09T08:00:00+07:00"
    assert doc.source == "Kabar Contoh"


def test_html_og_title_and_time_in_article(tmp_path: Path):
    path = tmp_path / "og.html"
    path.write_text(
        '<html><head><meta property="og:title" content="Judul dari OG">'
        '<meta property="og:url" content="https://contoh.example/og"></head><body>'
        f'<article><time datetime="2022-05-03">3 Mei</time><p>{LEAD}</p></article></body></html>',
        encoding="utf-8")
    doc = only_document(read_all(path))
    assert (doc.title, doc.url, doc.published) == ("Judul dari OG", "https://contoh.example/og", "2022-05-03")


def test_html_without_article_uses_the_block_with_most_paragraph_text(tmp_path: Path):
    path = tmp_path / "tanpa-article.html"
    path.write_text(
        "<html><body><div class='kiri'><p>Pengumuman singkat.</p></div>"
        f"<div class='isi'><p>{LEAD}</p><p>{SECOND}</p></div></body></html>", encoding="utf-8")
    assert only_document(read_all(path)).text == f"{LEAD}\n{SECOND}"


def test_html_without_text_is_rejected(tmp_path: Path):
    path = tmp_path / "kosong.html"
    path.write_text("<html><body><nav>Menu</nav><script>x()</script></body></html>", encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, Reject) and item.reason == "no article text found in HTML"


def test_jsonl_good_lines_read_and_bad_lines_rejected_specifically(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": LEAD, "url": "https://contoh.example/a1",
                    "title": "Judul A1", "published": "2022-12-30", "source": "Kabar Contoh"}),
        '{"id": "a2", "text": "tanpa penutup"',
        "",
        json.dumps({"text": LEAD}),
        json.dumps({"id": 7, "text": LEAD}),
        json.dumps({"id": "a5"}),
        json.dumps({"id": "a6", "text": "   "}),
        json.dumps(["bukan", "objek"]),
        json.dumps({"id": "a8", "html": PAGE}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    documents = [item for item in items if isinstance(item, RawDocument)]
    rejects = {item.line: item for item in items if isinstance(item, Reject)}

    assert [doc.article_id for doc in documents] == ["a1", "a8"]
    first = documents[0]
    assert (first.text, first.url, first.title, first.published, first.source) == (
        LEAD, "https://contoh.example/a1", "Judul A1", "2022-12-30", "Kabar Contoh")
    assert rejects[2].reason.startswith("line 2: invalid JSON: Expecting ',' delimiter")
    assert 3 not in rejects  # a blank line is not an input
    assert rejects[4].reason == "line 4: missing 'id'"
    assert rejects[5].reason == "line 5: 'id' must be a string, got int"
    assert rejects[6].reason == "line 6: missing 'text' or 'html'"
    assert rejects[6].article_id == "a5"
    assert rejects[7].reason == "line 7: empty article text"
    assert rejects[8].reason == "line 8: expected a JSON object, got list"
    assert all(reject.source_path == str(path) for reject in rejects.values())


def test_jsonl_html_field_is_cleaned_and_line_fields_win(tmp_path: Path):
    path = tmp_path / "html.jsonl"
    path.write_text(json.dumps({"id": "h1", "html": PAGE, "url": "https://lain.example/h1"}) + "\n",
                    encoding="utf-8")
    doc = only_document(read_all(path))
    assert LEAD in doc.text and "Bagikan" not in doc.text
    assert doc.url == "https://lain.example/h1"
    assert doc.title == "Kekerasan Anak di Kabupaten Contoh Naik"
    assert doc.published == "2023-01-09T08:00:00+07:00"


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "a.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "c1", "text": LEAD}), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(LEAD, encoding="utf-8")
    (tmp_path / "catatan.md").write_text("# catatan", encoding="utf-8")

    items = read_all(tmp_path)
    assert [item.article_id for item in items if isinstance(item, RawDocument)] == ["a", "c1", "z"]
    [reject] = [item for item in items if isinstance(item, Reject)]
    assert reject.reason == "unsupported file type .md"
    assert items == read_all(tmp_path)


def test_nonexistent_path_is_rejected_and_other_inputs_still_read(tmp_path: Path):
    good = tmp_path / "ada.txt"
    good.write_text(LEAD, encoding="utf-8")
    items = read_all(tmp_path / "tidak-ada", good)
    assert items[0] == Reject(str(tmp_path / "tidak-ada"), "path does not exist")
    assert isinstance(items[1], RawDocument)


def test_empty_txt_is_rejected(tmp_path: Path):
    path = tmp_path / "kosong.txt"
    path.write_text(" \n\n", encoding="utf-8")
    assert read_all(path) == [Reject(str(path), "empty article text", article_id="kosong")]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_rejected(tmp_path: Path):
    path = tmp_path / "rahasia.txt"
    path.write_text(LEAD, encoding="utf-8")
    path.chmod(0)
    try:
        [item] = read_all(path)
    finally:
        path.chmod(0o644)
    assert isinstance(item, Reject) and item.reason.startswith("cannot read file")


def test_file_that_cannot_be_opened_is_rejected_not_raised(tmp_path: Path, monkeypatch):
    path = tmp_path / "rusak.txt"
    path.write_text(LEAD, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert read_all(path) == [Reject(str(path), "cannot read file: Permission denied", article_id="rusak")]


@given(st.binary(max_size=300), st.sampled_from([".txt", ".html", ".jsonl"]))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_bytes_never_crash(tmp_path: Path, data: bytes, suffix: str):
    path = tmp_path / f"acak{suffix}"
    path.write_bytes(data)
    for item in read_all(path):
        assert isinstance(item, (RawDocument, Reject))


def test_an_article_over_the_size_limit_is_rejected_and_the_rest_still_read(tmp_path: Path):
    (tmp_path / "besar.txt").write_text(LEAD * 50, encoding="utf-8")
    (tmp_path / "kecil.txt").write_text(LEAD, encoding="utf-8")
    items = list(iter_inputs([tmp_path], max_article_bytes=1000))
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [r.article_id for r in rejects] == ["besar"]
    assert "article too large" in rejects[0].reason and "1000" in rejects[0].reason
    assert [i.article_id for i in items if isinstance(i, RawDocument)] == ["kecil"]


def test_the_size_limit_applies_to_each_jsonl_line_not_the_whole_file(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": f"a{n}", "text": LEAD}) for n in range(30)]
    lines.append(json.dumps({"id": "huge", "text": LEAD * 50}))
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(iter_inputs([path], max_article_bytes=1000))
    assert sum(isinstance(i, RawDocument) for i in items) == 30
    (reject,) = [i for i in items if isinstance(i, Reject)]
    assert reject.line == 31 and "article too large" in reject.reason


def test_a_jsonl_export_is_cut_into_runs_of_lines_that_read_as_the_whole_file(tmp_path: Path, monkeypatch):
    import pipeline.ingest as ingest

    lines = [json.dumps({"id": f"a{n}", "text": f"Berita nomor {n}."}) for n in range(7)]
    lines[4] = "{bukan json"
    path = tmp_path / "ekspor.jsonl"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    whole = read_all(path)
    monkeypatch.setattr(ingest, "JSONL_LINES_PER_UNIT", 3)
    units = list(ingest.plan_units([path]))
    assert [u.first_line for u in units] == [1, 4, 7]
    pieces = [item for unit in units for item in ingest.read_unit(unit)]
    assert pieces == whole
    assert [d.article_id for d in pieces if isinstance(d, RawDocument)] == ["a0", "a1", "a2", "a3", "a5", "a6"]
    (bad,) = [r for r in pieces if isinstance(r, Reject)]
    assert bad.line == 5 and "invalid JSON" in bad.reason


def test_a_jsonl_line_may_hold_a_unicode_line_separator_inside_a_string(tmp_path: Path):
    """Only "\\n" ends a JSONL line; U+2028 is legal inside a JSON string."""
    path = tmp_path / "ekspor.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Baris satu\u2028baris dua."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert only_document(read_all(path)).text == "Baris satu\u2028baris dua."


# --- Hostile inputs: every string valid Unicode, one bad line costs one line, links, binaries ---

def all_strings(item: RawDocument | Reject) -> list[str]:
    return [value for value in vars(item).values() if isinstance(value, str)]


def assert_valid_unicode_without_nul(items) -> None:
    for item in items:
        for value in all_strings(item):
            value.encode("utf-8")  # raises on a lone surrogate, as Parquet and CSV writers would
            assert "\x00" not in value, (item, value)


def test_lone_surrogates_in_jsonl_fields_become_valid_unicode(tmp_path: Path):
    path = tmp_path / "surrogat.jsonl"
    path.write_text(
        '{"id": "x\\udcff", "title": "Judul \\ud800 rusak", "url": "https://contoh.example/\\udfff",'
        ' "source": "Kabar\\udc00", "published": "2023-01-09\\ud801", "text": "Kasus \\udcff naik."}\n'
        '{"id": "y\\udcff", "html": "<p>Kasus \\ud800 turun.</p>"}\n', encoding="utf-8")
    items = read_all(path)
    assert_valid_unicode_without_nul(items)
    first, second = items
    assert first.article_id == "x\\udcff" and second.article_id == "y\\udcff"  # ids escaped, kept distinct
    assert (first.text, first.title, first.source) == ("Kasus \ufffd naik.", "Judul \ufffd rusak", "Kabar\ufffd")
    assert first.url == "https://contoh.example/\ufffd" and second.text == "Kasus \ufffd turun."


def test_a_file_name_that_is_not_utf8_gives_a_valid_id_and_path(tmp_path: Path):
    folder = os.fsencode(tmp_path) + b"/d\xe9"
    os.mkdir(folder)
    with open(folder + b"/caf\xe9.txt", "wb") as handle:
        handle.write(LEAD.encode("utf-8"))
    [doc] = read_all(tmp_path)
    assert_valid_unicode_without_nul([doc])
    assert doc.article_id == "caf\\udce9" and doc.text == LEAD
    assert doc.source_path == str(tmp_path / "d\\udce9" / "caf\\udce9.txt")


def test_nul_characters_never_leave_ingest(tmp_path: Path):
    (tmp_path / "nul.jsonl").write_text(json.dumps({"id": "a\x00b", "title": "Ju\x00dul", "text": "Ka\x00sus."}),
                                        encoding="utf-8")
    (tmp_path / "nul.txt").write_bytes(LEAD.encode("utf-8").replace(b" ", b" \x00", 1))
    items = read_all(tmp_path)
    assert_valid_unicode_without_nul(items)
    assert [(d.article_id, d.text) for d in items] == [("a\\x00b", "Kasus."), ("nul", LEAD)]
    assert items[0].title == "Judul"


def test_a_line_nested_too_deeply_costs_only_that_line(tmp_path: Path):
    nested_page = "<div>" * 3000 + LEAD + "</div>" * 3000
    lines = [json.dumps({"id": "a", "text": LEAD}), "[" * 100_000,
             json.dumps({"id": "b", "html": nested_page}), json.dumps({"id": "c", "text": SECOND})]
    path = tmp_path / "dalam.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path)
    assert [item.article_id for item in items if isinstance(item, RawDocument)] == ["a", "b", "c"]
    assert items[2].text == LEAD  # deep HTML is read, not lost
    [reject] = [item for item in items if isinstance(item, Reject)]
    assert (reject.line, reject.reason) == (2, "line 2: JSON nested too deeply to read")


def test_an_unforeseen_failure_on_one_line_costs_only_that_line(tmp_path: Path, monkeypatch):
    import pipeline.ingest as ingest

    def fail_on_marker(soup):
        if "meledak" in soup.get_text():
            raise ValueError("parser bug")
        return original(soup)

    original = ingest.html_to_text
    monkeypatch.setattr(ingest, "html_to_text", fail_on_marker)
    lines = [json.dumps({"id": n, "html": f"<p>{text}</p>"})
             for n, text in (("a", LEAD), ("b", "meledak"), ("c", SECOND))]
    path = tmp_path / "bug.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    first, failed, third = read_all(path)
    assert (first.article_id, first.text, third.article_id, third.text) == ("a", LEAD, "c", SECOND)
    assert failed == Reject(str(path), "line 2: failed: ValueError: parser bug", line=2)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_linked_folders_are_followed_and_each_file_read_once(tmp_path: Path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    for folder in (corpus / "isi", corpus / "z-tautan", elsewhere):
        folder.mkdir(parents=True)
    (corpus / "isi" / "a.txt").write_text(LEAD, encoding="utf-8")
    (elsewhere / "b.txt").write_text(SECOND, encoding="utf-8")
    (corpus / "luar").symlink_to(elsewhere, target_is_directory=True)  # a folder outside the input
    (corpus / "isi" / "kembali").symlink_to(corpus, target_is_directory=True)  # a loop back to an ancestor
    (corpus / "z-salinan").symlink_to(corpus / "isi", target_is_directory=True)  # the same folder again
    (corpus / "z-tautan" / "tautan.txt").symlink_to(corpus / "isi" / "a.txt")  # the same file again

    items = read_all(corpus, corpus / "isi" / "a.txt", corpus)
    assert [(d.article_id, d.text) for d in items if isinstance(d, RawDocument)] == [("a", LEAD), ("b", SECOND)]
    rejects = [(Path(r.source_path).relative_to(tmp_path).as_posix(), r.reason)
               for r in items if isinstance(r, Reject)]
    assert sorted(rejects) == [
        ("corpus", f"folder already read as {corpus}"),
        ("corpus/isi/a.txt", "file already read through another path"),
        ("corpus/isi/kembali", f"folder already read as {corpus}"),
        ("corpus/z-salinan", f"folder already read as {corpus / 'isi'}"),
        ("corpus/z-tautan/tautan.txt", "file already read through another path"),
    ]


ARTICLE = f"Kekerasan “naik”\n{LEAD}\n{SECOND}\n"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff"), ("utf-32-le", b""),
])
def test_utf16_and_utf32_are_decoded_with_or_without_bom(tmp_path: Path, encoding: str, bom: bytes):
    path = tmp_path / "lebar.txt"
    path.write_bytes(bom + ARTICLE.encode(encoding))
    assert only_document(read_all(path)).text == ARTICLE


def test_bytes_that_are_not_utf8_in_a_utf8_file_cost_one_character_each(tmp_path: Path):
    path = tmp_path / "campuran.txt"
    pasted = "Kepala Dinas’ kata"  # a cp1252 quote pasted into UTF-8 text: read right
    path.write_bytes(ARTICLE.encode("utf-8").replace(b"12", b"1\xff2") + pasted.encode("cp1252"))
    # U+FFFD would split "1?2" into two numbers; a cp1252 letter keeps it one word that is no number
    assert only_document(read_all(path)).text == ARTICLE.replace("12", "1ÿ2") + pasted


def test_legacy_text_with_no_utf8_sequence_is_read_as_cp1252(tmp_path: Path):
    path = tmp_path / "lama.txt"
    path.write_bytes(ARTICLE.encode("cp1252") + "café".encode("cp1252"))
    assert only_document(read_all(path)).text == ARTICLE + "café"


BINARIES = {
    "acak": random.Random(7).randbytes(3000),
    "program": b"\x7fELF\x02\x01\x01" + bytes(200) + LEAD.encode(),
    "gambar": b"\x89PNG\r\n\x1a\n" + LEAD.encode(),
    "dokumen": b"%PDF-1.4\n" + LEAD.encode() + b"\n%%EOF\n",
    "nol": bytes(4096),
    "kendali": bytes(range(1, 9)) * 100 + LEAD.encode(),
}


@pytest.mark.parametrize("name", sorted(BINARIES))
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_binary_content_is_rejected_as_not_text(tmp_path: Path, name: str, suffix: str):
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(BINARIES[name])
    [item] = read_all(path)
    assert isinstance(item, Reject) and item.article_id == name
    assert item.reason.startswith("not text: "), item.reason


def test_binary_reasons_name_the_format_or_the_control_characters(tmp_path: Path):
    for name in ("program", "gambar", "dokumen", "nol"):
        (tmp_path / f"{name}.txt").write_bytes(BINARIES[name])
    reasons = {item.article_id: item.reason for item in read_all(tmp_path)}
    assert reasons == {"dokumen": "not text: a PDF document", "gambar": "not text: a PNG image",
                       "nol": "not text: 100% of its characters are NUL or control characters",
                       "program": "not text: an ELF executable"}


@pytest.mark.parametrize("content", [b"", b"\n \r\n\t", b"\xef\xbb\xbf\n"])
def test_an_empty_jsonl_file_is_a_reject(tmp_path: Path, content: bytes):
    path = tmp_path / "kosong.jsonl"
    path.write_bytes(content)
    assert read_all(path) == [Reject(str(path), "empty JSONL file", article_id="kosong")]


def test_html_date_only_in_json_ld_is_read(tmp_path: Path):
    path = tmp_path / "jsonld.html"
    path.write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2023-01-09T08:00:00+07:00"}</script></head>'
        f"<body><article><p>{LEAD}</p></article><footer>Copyright 2024</footer></body></html>",
        encoding="utf-8")
    assert only_document(read_all(path)).published == "2023-01-09"


def test_html_with_no_date_but_a_copyright_year_has_none(tmp_path: Path):
    path = tmp_path / "tanpa-tanggal.html"
    path.write_text(f"<html><body><article><p>{LEAD}</p></article><footer>Copyright 2024</footer></body></html>",
                    encoding="utf-8")
    assert only_document(read_all(path)).published is None
