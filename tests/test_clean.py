"""Behaviour of pipeline.clean: boilerplate gone, text normalized, title/date/source filled in."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.clean
from pipeline.clean import clean, load_boilerplate, load_date_rules, markup_date, published_date
from pipeline.models import RawDocument
from pipeline.rules import RULES_DIR, RuleError

TITLE = "Kekerasan Anak di Kabupaten Contoh Naik"
LEAD = "Dinas PPPA Kabupaten Contoh mencatat 12 kasus kekerasan sepanjang 2022."
SECOND = "Dari jumlah itu, tujuh kasus menimpa anak dan lima kasus menimpa perempuan."


def doc(text: str, **fields) -> RawDocument:
    return RawDocument(article_id="contoh", source_path="contoh.txt", text=text, **fields)


def cleaned_lines(text: str, **fields) -> list[str]:
    return clean(doc(text, **fields)).text.split("\n")


@pytest.mark.parametrize("line", [
    "Baca juga: Kota Lain Catat 99 Kasus Pencurian",
    "Baca Juga: Kota Lain Catat 99 Kasus Pencurian",
    "BACA JUGA:Kota Lain Catat 99 Kasus Pencurian",
    "Baca Juga  Kota Lain Catat 99 Kasus Pencurian",
    "COPYRIGHT © 2024 KABAR CONTOH",
    "Copyright Kabar Contoh 2023",
    "Go to top",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Penulis: Sari Contoh | Editor: Budi Contoh",
    "Editor: Budi Contoh",
    "Editor : Budi Contoh",
    "Reporter: Sari Contoh",
    "Sumber: Kabar Contoh",
    "Sebarkan artikel ini",
    "Bagikan: Facebook Twitter WhatsApp Salin Link",
    "Share this",
    "Salin Link",
    "Tags: kekerasan anak, perempuan",
    "Tag: kekerasan anak",
    "Simak berita lainnya di Kabar Contoh",
    "Ikuti Kabar Contoh di Google News",
    "×",
    "Loading...",
    "Dapatkan update berita pilihan setiap hari",
])
def test_each_boilerplate_kind_is_dropped(line: str):
    assert cleaned_lines(f"{LEAD}\n{line}\n{SECOND}") == [LEAD, SECOND]


def test_article_sentences_that_mention_sources_are_kept():
    body = ("Sumber data kasus berasal dari laporan UPTD PPA Kabupaten Contoh.\n"
            "Editor berita daerah tidak mengubah angka 12 kasus itu.")
    assert cleaned_lines(body) == body.split("\n")


def test_read_also_line_naming_another_region_is_gone():
    text = f"{LEAD}\nBaca juga: Polres Kota Lain Tangani 40 Kasus Pencabulan\n{SECOND}"
    article = clean(doc(text))
    assert "Kota Lain" not in article.text
    assert article.text == f"{LEAD}\n{SECOND}"


def test_bracketed_read_also_inside_a_paragraph_is_cut_out():
    text = f"{LEAD} (Baca juga: Kota Lain Catat 40 Kasus) {SECOND}"
    assert cleaned_lines(text) == [f"{LEAD} {SECOND}"]


def test_quote_glued_after_read_also_headline_is_kept():
    quote = "“Dari 12 kasus itu, tujuh menimpa anak,” kata Kepala Dinas PPPA Kabupaten Contoh."
    text = f"{LEAD}\nBaca Juga: Bupati Kota Lain Resmikan Pasar Baru {quote}"
    assert cleaned_lines(text) == [LEAD, quote]


def test_whitespace_and_invisible_characters_are_normalized():
    text = f"  Dinas\u00a0PPPA\tKabupaten  Contoh\u200b mencatat 12\u00a0kasus.  \r\n\r\n\t\n{SECOND}\u00a0"
    assert cleaned_lines(text) == ["Dinas PPPA Kabupaten Contoh mencatat 12 kasus.", SECOND]


def test_body_printed_twice_is_kept_once():
    body = f"{TITLE}\n{LEAD}\n{SECOND}"
    article = clean(doc(f"{body}\n\n{body}\n"))
    assert article.text == body


def test_repeated_line_differing_only_in_case_and_spaces_is_dropped():
    assert cleaned_lines(f"{LEAD}\n{LEAD.upper()}\n  {LEAD.replace(' ', '  ')}") == [LEAD]


def test_given_title_repeated_as_first_line_is_kept_once():
    article = clean(doc(f"{TITLE}\n{TITLE}\n{LEAD}", title=TITLE))
    assert article.title == TITLE
    assert article.text == f"{TITLE}\n{LEAD}"


def test_headline_like_first_line_becomes_title_and_stays_in_text():
    article = clean(doc(f"{TITLE}\n{LEAD}"))
    assert article.title == TITLE
    assert article.text.startswith(TITLE + "\n")


def test_sentence_first_line_is_not_a_title():
    assert clean(doc(f"{LEAD}\n{SECOND}")).title is None


def test_text_hash_is_sha256_of_cleaned_text():
    article = clean(doc(f"{LEAD}\u00a0\nADVERTISEMENT\n{SECOND}"))
    assert article.text_hash == hashlib.sha256(f"{LEAD}\n{SECOND}".encode()).hexdigest()
    assert clean(doc(f"{LEAD}\n{SECOND}")).text_hash == article.text_hash


def test_fields_are_carried_over():
    article = clean(RawDocument("id-1", "batch.jsonl", LEAD, title="Judul", url=" https://contoh.example/a ",
                                published=None, source="Kabar Contoh"))
    assert (article.article_id, article.source_path, article.url, article.source) == (
        "id-1", "batch.jsonl", "https://contoh.example/a", "Kabar Contoh")
    assert article.duplicate_of is None


@pytest.mark.parametrize("url, source", [
    ("https://www.kabarcontoh.example/read/1", "kabarcontoh.example"),
    ("https://m.kabarcontoh.example/amp/read/1", "kabarcontoh.example"),
    ("https://amp.kabarcontoh.example/read/1", "kabarcontoh.example"),
    ("https://daerah.kabarcontoh.example/read/1", "daerah.kabarcontoh.example"),
    (None, None),
])
def test_source_falls_back_to_url_host(url, source):
    assert clean(doc(LEAD, url=url)).source == source


# --- published -----------------------------------------------------------------------

@pytest.mark.parametrize("metadata, expected", [
    ("2023-01-09T08:00:00+07:00", "2023-01-09"),
    ("2023-01-09T23:30:00Z", "2023-01-09"),
    ("2023/01/09 10:00", "2023-01-09"),
    ("20230109", "2023-01-09"),
    ("Senin, 9 Januari 2023 10:00 WIB", "2023-01-09"),
    ("Mon, 09 Jan 2023 10:00:00 +0700", "2023-01-09"),
    ("9/1/23 10:00", "2023-01-09"),  # only dateparser reads this one: day first
    ("kemarin", None),  # relative: never resolved against today
    ("2 hari lalu", None),
    ("bukan tanggal", None),
    ("2023-02-30", None),
    ("1890-01-01", None),
])
def test_published_from_metadata(metadata, expected):
    assert clean(doc(LEAD, published=metadata)).published == expected


def test_metadata_wins_over_url_and_dateline():
    article = clean(doc(f"{LEAD} kata dia, Rabu (6/1/2021).", published="2021-01-07",
                        url="https://contoh.example/2021/01/05/berita"))
    assert article.published == "2021-01-07"


@pytest.mark.parametrize("url, expected", [
    ("https://contoh.example/daerah/2023/03/04/dinas-catat-12-kasus", "2023-03-04"),
    ("https://contoh.example/index.php/2023/3/4/dinas-catat-12-kasus/", "2023-03-04"),
    ("https://contoh.example/read/20230304/dinas-catat-12-kasus", "2023-03-04"),
    ("https://contoh.example/read/16028939/dinas-catat-12-kasus", None),
    ("https://contoh.example/2023/13/04/dinas", None),
    ("https://contoh.example/berita/dinas-catat-12-kasus-2022", None),
])
def test_published_from_url_path(url, expected):
    assert clean(doc(LEAD, url=url)).published == expected


@pytest.mark.parametrize("sentence, expected", [
    ("kata Kepala Dinas PPPA, Rabu (6/1/2021).", "2021-01-06"),
    ("kata Kepala Dinas PPPA, Selasa (1/11/2022).", "2022-11-01"),
    ("kata Kepala Dinas PPPA, Jum'at (4/11/2022).", "2022-11-04"),
    ("kata Kepala Dinas PPPA, Senin, 12 Februari 2024.", "2024-02-12"),
    ("kata Kepala Dinas PPPA, Senin (13/2/2024).", None),  # 13 February 2024 was a Tuesday
    ("kata Kepala Dinas PPPA pada 6/1/2021.", None),  # no weekday: not a dateline
])
def test_published_from_dateline(sentence, expected):
    assert clean(doc(f"{LEAD}\n{sentence}")).published == expected


def test_first_of_disagreeing_datelines_wins():
    text = f"{LEAD} kata dia, Rabu (6/1/2021).\nSebelumnya, Senin (4/1/2021), rapat digelar."
    assert clean(doc(text)).published == "2021-01-06"


def test_yearless_dateline_takes_year_from_url():
    text = f"{LEAD} kata dia, Rabu (10/9)."
    assert clean(doc(text, url="https://contoh.example/news/2025/dinas-catat")).published == "2025-09-10"


def test_yearless_dateline_without_url_year_gives_no_date():
    text = f"{LEAD} kata dia, Rabu (10/9)."
    assert clean(doc(text, url="https://contoh.example/read/5521/dinas-catat")).published is None
    assert clean(doc(text)).published is None


def test_yearless_dateline_whose_weekday_disagrees_with_url_year_gives_no_date():
    text = f"{LEAD} kata dia, Kamis (10/9)."  # 10 September 2025 was a Wednesday
    assert clean(doc(text, url="https://contoh.example/news/2025/dinas-catat")).published is None


def test_date_line_opening_the_text_counts_as_metadata_and_is_removed():
    article = clean(doc(f"date 2026-01-15\n{LEAD}\nkata dia, Rabu (6/1/2021)."))
    assert article.published == "2026-01-15"
    assert article.text == f"{LEAD}\nkata dia, Rabu (6/1/2021)."


def test_header_timestamp_line_counts_but_body_date_without_weekday_does_not():
    assert clean(doc(f"{TITLE}\n30 April 2025 09:03\n{LEAD}")).published == "2025-04-30"
    body = "\n".join([TITLE, LEAD, SECOND, LEAD + " Lagi.", SECOND + " Lagi.", "30 April 2025 kasus naik."])
    assert clean(doc(body)).published is None


# --- dates in a page's markup (htmldate) ----------------------------------------------

def page(head: str = "", body: str = "") -> str:
    """A page whose only date, if any, is in `head` or `body`: its footer has a copyright year."""
    return (f"<html><head><title>{TITLE}</title>{head}</head><body><article><p>{LEAD}</p></article>"
            f"{body}<footer>Copyright &copy; 2024 Kabar Contoh</footer></body></html>")


@pytest.mark.parametrize("markup", [
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-01-09T08:00:00+07:00"}'
    '</script>',
    '<meta name="content_PublishedDate" content="2023-01-09 08:00:00">',
    '<meta name="dc.date.issued" content="2023-01-09">',
])
def test_markup_date_reads_conventions_beyond_the_head_tags_ingest_knows(markup: str):
    assert markup_date(page(markup)) == "2023-01-09"


def test_markup_date_is_the_first_publication_not_the_update():
    assert markup_date(page('<meta property="article:modified_time" content="2023-02-01T08:00:00+07:00">'
                            '<meta property="article:published_time" content="2023-01-09T08:00:00+07:00">')) \
        == "2023-01-09"


def test_markup_date_takes_no_copyright_year_for_a_date():
    assert markup_date(page()) is None


def test_markup_date_keeps_to_the_plausible_years_whatever_today_is():
    assert markup_date(page('<meta name="content_PublishedDate" content="2034-01-09 08:00:00">')) == "2034-01-09"
    assert markup_date(page('<meta name="content_PublishedDate" content="1985-01-09 08:00:00">')) is None


@pytest.mark.parametrize("html", ["", "\x00\x01 not html", "<div>" * 5000 + LEAD + "</div>" * 5000])
def test_markup_date_of_a_page_without_one_is_none(html: str):
    assert markup_date(html) is None


def test_markup_date_that_fails_gives_none_not_an_exception(monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("htmldate bug")

    monkeypatch.setattr(pipeline.clean, "find_date", broken)
    assert markup_date(page('<meta name="date" content="2023-01-09">')) is None


# --- rule file -----------------------------------------------------------------------

def test_custom_boilerplate_rules_are_data(tmp_path: Path):
    rules_path = tmp_path / "boilerplate.txt"
    rules_path.write_text("# komentar\n\nklik di sini.*\n", encoding="utf-8")
    rules = load_boilerplate(rules_path)
    article = clean(doc(f"{LEAD}\nKlik di sini untuk berlangganan\nADVERTISEMENT"), rules)
    assert article.text == f"{LEAD}\nADVERTISEMENT"


def test_bad_boilerplate_regex_names_its_line(tmp_path: Path):
    rules_path = tmp_path / "boilerplate.txt"
    rules_path.write_text("# komentar\nbaca juga.*\n(tidak ditutup\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"boilerplate.txt:3"):
        load_boilerplate(rules_path)


@pytest.mark.parametrize("metadata, expected", [
    ("Wednesday, August 7, 2024", "2024-08-07"),  # English names from rules/months.csv
    ("7 Ags 2024 10:00 WIB", "2024-08-07"),
    ("7 Agus. 2024", "2024-08-07"),
    ("Dec 31, 2023", "2023-12-31"),
])
def test_month_names_of_the_rule_file_are_read(metadata, expected):
    assert clean(doc(LEAD, published=metadata)).published == expected


def _date_rules_copy(tmp_path: Path, months: str | None = None, weekdays: str | None = None) -> Path:
    """A rules folder with months.csv and weekdays.csv as in rules/, or as given."""
    for name, text in (("months.csv", months), ("weekdays.csv", weekdays)):
        (tmp_path / name).write_text(text if text is not None else (RULES_DIR / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    return tmp_path


def test_month_names_come_from_the_rule_file(tmp_path: Path):
    rules = load_date_rules(_date_rules_copy(tmp_path, months="name,month\nbulanketiga,3\n"))
    assert published_date(None, None, "kata dia, Kamis, 7 Bulanketiga 2024.", rules=rules) == "2024-03-07"
    assert published_date(None, None, "kata dia, Kamis, 7 Maret 2024.", rules=rules) is None


def test_weekday_names_come_from_the_rule_file(tmp_path: Path):
    rules = load_date_rules(_date_rules_copy(tmp_path, weekdays="name,weekday\nharikamis,3\n"))
    assert published_date(None, None, "kata dia, Harikamis (7/3/2024).", rules=rules) == "2024-03-07"
    assert published_date(None, None, "kata dia, Kamis (7/3/2024).", rules=rules) is None


def test_weekday_number_of_the_rule_file_is_what_a_dateline_is_checked_against(tmp_path: Path):
    rules = load_date_rules(_date_rules_copy(tmp_path, weekdays="name,weekday\nkamis,4\n"))
    assert published_date(None, None, "kata dia, Kamis (7/3/2024).", rules=rules) is None  # a Thursday: 3


@pytest.mark.parametrize("file_name, text, problem", [
    ("months.csv", "name,month\nmaret,13\n", r"months.csv:2: bad month '13'"),
    ("weekdays.csv", "name,weekday\nsenin,7\n", r"weekdays.csv:2: bad weekday '7'"),
    ("weekdays.csv", "nama,hari\nsenin,0\n", r"weekdays.csv:1: header"),
])
def test_bad_date_rule_row_names_its_file_and_line(tmp_path: Path, file_name: str, text: str, problem: str):
    _date_rules_copy(tmp_path, **{file_name.removesuffix(".csv"): text})
    with pytest.raises(RuleError, match=problem):
        load_date_rules(tmp_path)


# --- robustness ----------------------------------------------------------------------

@given(st.text(), st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))
@settings(max_examples=200, deadline=None)
def test_any_text_cleans_to_stripped_nonblank_lines(text: str, url: str | None, published: str | None):
    article = clean(doc(text, url=url, published=published))
    for line in article.text.split("\n") if article.text else []:
        assert line and line == line.strip() and "  " not in line
    assert article.published is None or len(article.published) == 10


def test_a_sentence_end_glued_to_a_quote_is_split_so_its_count_is_read(extract):
    records = extract('Kekerasan Anak\n\nPolres Kebumen mencatat 40 kasus pada 2023."Jumlah ini naik," ujarnya.')
    assert [(r.period_start, r.period_end, r.cases) for r in records] == [("2023-01", "2023-12", 40)]
