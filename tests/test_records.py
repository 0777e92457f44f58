"""What becomes a record and what must not: extract + normalize on sentences written for these tests."""
from __future__ import annotations

import pytest
import spacy

from pipeline.clean import clean
from pipeline.models import RawDocument

LEAD = "Kekerasan Perempuan dan Anak di Daerah\n\n"


def rows(records) -> set[tuple]:
    return {(r.region_code, r.period_start, r.period_end, r.group, r.violence_type, r.cases, r.victims)
            for r in records}


def test_a_plain_statistic_gives_one_full_record(extract):
    (record,) = extract(LEAD + "DP3A Kota Serang mencatat 39 kasus dengan 55 korban sepanjang 2020.")
    assert (record.agency, record.region_code, record.region) == ("DP3A", "36.73", "Kota Serang")
    assert (record.period_start, record.period_end, record.group, record.violence_type) == (
        "2020-01", "2020-12", "all", "all")
    assert (record.cases, record.victims, record.approximate) == (39, 55, False)
    assert "39 kasus dengan 55 korban" in record.evidence


def test_evidence_offsets_point_into_the_cleaned_text(extract):
    text = LEAD + "Pemkot Bogor mencatat 87 kasus kekerasan pada 2024."
    (record,) = extract(text)
    cleaned = clean(RawDocument(article_id="uji", source_path="uji.txt", text=text)).text
    assert cleaned[record.evidence_start:record.evidence_end] == record.evidence
    assert record.evidence.startswith("Pemkot Bogor mencatat 87 kasus")


def test_group_and_type_splits_in_one_article(extract):
    records = extract(LEAD + "UPTD PPA Kabupaten Sleman mencatat 60 kasus sepanjang 2023. "
                      "Rinciannya 35 kasus kekerasan terhadap anak dan 25 kasus kekerasan terhadap perempuan. "
                      "Menurut jenisnya, kekerasan seksual 20 kasus, KDRT 15 kasus dan penganiayaan 9 kasus.")
    period = ("2023-01", "2023-12")
    assert rows(records) == {
        ("34.04", *period, "all", "all", 60, None),
        ("34.04", *period, "anak", "all", 35, None),
        ("34.04", *period, "perempuan", "all", 25, None),
        ("34.04", *period, "all", "seksual", 20, None),
        ("34.04", *period, "all", "kdrt", 15, None),
        ("34.04", *period, "all", "fisik", 9, None),  # penganiayaan is physical violence
    }


@pytest.mark.parametrize("sentence, cases", [
    ("DP3A Kota Serang mencatat dua puluh lima kasus kekerasan sepanjang 2022.", 25),
    ("DP3A Kota Serang mencatat sebelas kasus kekerasan sepanjang 2022.", 11),
    ("DP3A Kota Serang mencatat seratus kasus kekerasan sepanjang 2022.", 100),
    ("DP3A Provinsi Banten mencatat 1.234 kasus kekerasan sepanjang 2022.", 1234),
    ("DP3A Provinsi Banten mencatat 2 ribu kasus kekerasan sepanjang 2022.", 2000),
])
def test_numbers_in_digits_and_words(extract, sentence, cases):
    (record,) = extract(LEAD + sentence)
    assert record.cases == cases


def test_hedged_number_is_kept_and_flagged(extract):
    (record,) = extract(LEAD + "DP3A Kota Serang mencatat sekitar 40 kasus kekerasan sepanjang 2022.")
    assert (record.cases, record.approximate) == (40, True)


@pytest.mark.parametrize("sentence", [
    "DP3A Kota Serang mencatat puluhan kasus kekerasan sepanjang 2022.",
    "DP3A Kota Serang mencatat belasan kasus kekerasan sepanjang 2022.",
    "DP3A Kota Serang mencatat sekitar 65-70 kasus kekerasan sepanjang 2022.",
])
def test_vague_numbers_give_no_record(extract, sentence):
    assert extract(LEAD + sentence) == []


@pytest.mark.parametrize("sentence, code", [
    ("Dinas PPPA Jabar mencatat 300 kasus kekerasan sepanjang 2023.", "32"),
    ("Dinas PPPA Tangsel mencatat 41 kasus kekerasan sepanjang 2023.", "36.74"),
    ("Dinas PPPA Kabupaten Serang mencatat 68 kasus kekerasan sepanjang 2023.", "36.04"),
    ("Dinas PPPA Kota Serang mencatat 68 kasus kekerasan sepanjang 2023.", "36.73"),
    ("Polresta Bandung mencatat 17 kasus kekerasan seksual sepanjang 2023.", "32.04"),
])
def test_region_forms_and_aliases(extract, sentence, code):
    (record,) = extract(LEAD + sentence)
    assert record.region_code == code


def test_full_agency_name_becomes_its_compressed_acronym(extract):
    (record,) = extract(LEAD + "Dinas Pemberdayaan Perempuan Perlindungan Anak dan Keluarga Berencana Kota Serang "
                        "mencatat 39 kasus kekerasan sepanjang 2020.")
    assert record.agency == "DP3AKB"


def test_national_body_without_a_region_counts_for_indonesia(extract):
    (record,) = extract(LEAD + "JAKARTA - KPAI mencatat 2.133 pengaduan kekerasan terhadap anak sepanjang 2022.")
    assert (record.region_code, record.agency, record.group, record.cases) == ("00", "KPAI", "anak", 2133)


def test_province_split_by_kabupaten_gives_one_record_each(extract):
    records = extract(LEAD + "DP3A Provinsi Jawa Tengah mencatat 500 kasus kekerasan sepanjang 2023. "
                      "Kasus terbanyak di Kota Semarang sebanyak 80 kasus, disusul Kabupaten Brebes 60 kasus.")
    assert {(r.region_code, r.cases) for r in records} == {("33", 500), ("33.74", 80), ("33.29", 60)}


def test_cases_then_victims_in_the_next_sentence_is_one_record(extract):
    (record,) = extract(LEAD + "Polres Kota Serang menangani 12 kasus kekerasan seksual sepanjang 2023. "
                        "Sedangkan jumlah korban mencapai 15 orang.")
    assert (record.cases, record.victims) == (12, 15)


def test_comparison_with_last_year_gets_the_previous_year(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 45 kasus kekerasan sepanjang 2023, "
                      "naik dibanding tahun sebelumnya sebanyak 31 kasus.", published="2024-01-10")
    assert rows(records) == {("36.73", "2023-01", "2023-12", "all", "all", 45, None),
                             ("36.73", "2022-01", "2022-12", "all", "all", 31, None)}


def test_a_range_of_months_is_the_period(extract):
    (record,) = extract(LEAD + "DP3A Kota Serang mencatat 28 kasus kekerasan sejak Januari hingga September 2023.")
    assert (record.period_start, record.period_end) == ("2023-01", "2023-09")


def test_the_current_year_ends_at_the_publication_month(extract):
    (record,) = extract(LEAD + "DP3A Kota Serang mencatat 28 kasus kekerasan sepanjang tahun ini.",
                        published="2024-07-15")
    assert (record.period_start, record.period_end) == ("2024-01", "2024-07")


def test_the_same_count_repeated_in_a_quote_is_one_record(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 39 kasus kekerasan sepanjang 2020. "
                      '"Total ada 39 kasus yang kami tangani," kata kepala dinas.')
    assert [r.cases for r in records] == [39]


def test_an_earlier_years_count_restated_in_a_change_keeps_its_year(extract):
    # "dari 14 kasus menjadi 25 kasus" names both figures again: the 14 is last year's, not this year's
    records = extract(LEAD + "Polres Lebak mencatat 25 kasus pencabulan anak sepanjang 2024. "
                      "Tahun sebelumnya tercatat 14 kasus. \"Naik dari 14 kasus menjadi 25 kasus,\" ujarnya.",
                      published="2024-12-20")
    assert rows(records) == {("36.02", "2024-01", "2024-12", "anak", "seksual", 25, None),
                             ("36.02", "2023-01", "2023-12", "anak", "seksual", 14, None)}


@pytest.mark.parametrize("label", ["kekerasaan seksual tehadap prempuan", "kekersan seksual terhadap perempuna",
                                   "kekerasan sesksual terhadap perempuan"])
def test_a_misspelt_cue_word_is_read_as_the_word(extract, label):
    records = extract(LEAD + f"DP3A Kota Serang mencatat 30 kasus {label} sepanjang 2023.")
    assert rows(records) == {("36.73", "2023-01", "2023-12", "perempuan", "seksual", 30, None)}


@pytest.mark.parametrize("sentence", [
    "DP3A Kota Serang mencatat 30 kasus kekerasan di wilayah perkotaan sepanjang 2023.",  # not perkosaan
    "DP3A Kota Serang mencatat 30 kasus pencabutan laporan kekerasan sepanjang 2023.",  # not pencabulan
])
def test_a_real_word_one_letter_from_a_cue_word_is_not_read_as_it(extract, sentence):
    assert rows(extract(LEAD + sentence)) == {("36.73", "2023-01", "2023-12", "all", "all", 30, None)}


def test_no_misspelling_is_a_word_the_rules_name(nlp):
    from pipeline.rules import default_rules
    rules = default_rules()
    named = {w for table in (rules.groups, rules.violence_types, rules.count_units, rules.connectors)
             for phrase in table for w in phrase.split()}
    slips = rules.misspellings
    assert slips and not set(slips) & named
    assert slips["kekerasaan"] == "kekerasan" and "pencabutan" not in slips


def test_a_total_that_disagrees_with_its_split_is_flagged_not_changed(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 40 kasus sepanjang 2023. "
                      "Terdiri dari 30 kasus kekerasan terhadap anak dan 15 kasus kekerasan terhadap perempuan.")
    total = next(r for r in records if r.group == "all")
    assert total.cases == 40 and "anak + perempuan = 45" in total.checks
    assert all(not r.checks for r in records if r is not total)


# -- what must NOT become a record (RECORDS.md "What is not a record")

STAT = "DP3A Kota Serang mencatat 39 kasus kekerasan sepanjang 2020. "


@pytest.mark.parametrize("distractor, number", [
    ("Polisi menetapkan 12 pelaku sebagai tersangka.", 12),
    ("Sebanyak 14 tersangka sudah ditahan.", 14),
    ("Korban berusia 14 tahun dan masih duduk di bangku SMP.", 14),
    ("Warga dapat menghubungi hotline 0812-3456-7890 atau layanan 129.", 129),
    ("Anggaran pendampingan mencapai Rp 50 juta tahun ini.", 50),
    ("Angka itu naik 12 persen dari tahun sebelumnya.", 12),
    ("Sosialisasi digelar di 23 kecamatan dan 104 kelurahan.", 23),
    ("Dinas melatih 64 kader pendamping di desa.", 64),
])
def test_counts_of_other_things_are_not_records(extract, distractor, number):
    records = extract(LEAD + STAT + distractor)
    assert [r.cases for r in records] == [39]
    assert all(number not in (r.cases, r.victims) for r in records)


def test_a_single_incident_is_not_a_record(extract):
    assert extract("Siswi Dicabuli Tetangga\n\nSeorang siswi berusia 13 tahun dicabuli tetangganya di "
                   "Kabupaten Bantul, Senin (4/3/2024). Pelaku berusia 45 tahun sudah ditahan.") == []


def test_a_read_also_line_naming_another_region_is_not_a_record(extract):
    records = extract(LEAD + STAT + "\nBaca juga: DP3A Kota Cilegon Catat 80 Kasus Kekerasan Sepanjang 2020\n"
                      "Kepala dinas meminta warga berani melapor.")
    assert [(r.region_code, r.cases) for r in records] == [("36.73", 39)]


def test_off_topic_counts_are_not_records(extract):
    assert extract("Stunting di Kota Serang\n\nDinas Kesehatan mencatat 1.200 kasus stunting pada anak "
                   "sepanjang 2023.") == []


def test_a_count_of_general_crimes_beside_a_type_is_not_a_record(extract):
    records = extract(LEAD + "LBH APIK Jakarta mencatat sepanjang 2021 kasus tindak pidana umum sebanyak 40 kasus "
                      "dan kekerasan seksual sebanyak 30 kasus.")
    assert [(r.violence_type, r.cases) for r in records] == [("seksual", 30)]


def test_general_news_using_generic_type_words_gives_no_record(extract):
    """'total', 'fisik', 'psikis' and 'kejahatan' label types in a statistic, but alone they do not
    make an article about violence against women and children."""
    assert extract("Pembangunan Sekolah di Kota Serang\n\nDinas Pendidikan Kota Serang mencatat total 14 "
                   "kasus sekolah rusak sepanjang 2023. Pembangunan fisik 9 gedung dimulai tahun ini, dan "
                   "kejahatan jalanan turun menjadi 31 kasus, kata kepala dinas kepada 40 orang warga.") == []


def test_the_topic_filter_reads_words_not_substrings():
    from pipeline.extract import may_hold_counts
    from pipeline.rules import default_rules

    rules = default_rules()
    assert not may_hold_counts("Fakta persidangan: total 12 kasus korupsi, pembangunan fisik.", rules)
    assert may_hold_counts("Data KTA 2023", rules) and may_hold_counts("(Kekerasan) naik", rules)
    assert may_hold_counts("korban perdagangan\n  orang", rules) and may_hold_counts("anti-kekerasan", rules)


def test_finer_splits_by_sex_of_children_are_not_records(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 30 korban anak sepanjang 2023, terdiri dari "
                      "anak laki-laki 12 orang dan anak perempuan 18 orang.")
    assert [(r.group, r.victims) for r in records] == [("anak", 30)]


def test_a_following_sentence_about_that_data_dates_a_figure(extract):
    records = extract(LEAD + "Polres Kota Serang mencatat korban pencabulan mencapai 21 anak. "
                      "Data tersebut dihimpun sejak Januari hingga Mei 2024.", published="2024-06-03")
    assert rows(records) == {("36.73", "2024-01", "2024-05", "anak", "seksual", None, 21)}


def test_a_figure_restated_without_its_type_is_not_a_second_record(extract):
    records = extract(LEAD + "Sepanjang 2023 DP3A Kota Serang mencatat 30 kasus pelecehan seksual. "
                      '"Sepanjang 2023 ada 30 kasus," ujarnya.', published="2024-02-01")
    assert rows(records) == {("36.73", "2023-01", "2023-12", "all", "seksual", 30, None)}


def test_a_rate_is_not_a_count(extract):
    assert extract(LEAD + "Angka kekerasan di Kota Serang mencapai 12 kasus per 10.000 anak pada 2023.") == []


def test_hundreds_written_with_an_is_approximate(extract):
    (record,) = extract(LEAD + "DP3A Kota Serang mencatat 100-an kasus kekerasan sepanjang 2023.")
    assert (record.cases, record.approximate) == (100, True)


def test_each_of_two_types_gets_the_count(extract):
    records = extract(LEAD + "Sepanjang 2023 DP3A Kota Serang mencatat 50 kasus. Kasus penganiayaan "
                      "dan pencabulan masing-masing 13 kasus.", published="2024-02-01")
    assert {(r.violence_type, r.cases) for r in records} == {("all", 50), ("fisik", 13), ("seksual", 13)}


def test_a_figure_restated_without_its_victims_is_not_a_second_record(extract):
    records = extract(LEAD + "Sejak Januari hingga Mei 2023 Polres Kota Serang menangani 12 kasus kekerasan "
                      "seksual pada anak dengan 15 korban. Kasat Reskrim menyebut 12 kasus itu muncul dalam "
                      "lima bulan.", published="2023-06-01")
    assert [(r.cases, r.victims) for r in records] == [(12, 15)]


@pytest.mark.parametrize("split", [
    "Kasus terbanyak di Kecamatan Cipocok Jaya sebanyak 12 kasus, disusul Kecamatan Taktakan 8 kasus.",
    "Berdasarkan usia, korban usia 13-17 tahun sebanyak 20 orang dan usia 6-12 tahun 10 orang.",
    "Berdasarkan tempat kejadian, di rumah tangga 25 kasus dan di sekolah 5 kasus.",
    "Berdasarkan pendidikan, korban berpendidikan SD 9 orang dan SMP 11 orang.",
    "Korban yang sudah menikah 4 orang.",
    "Sebanyak 10 kasus sudah P21 dan 5 kasus dilimpahkan ke kejaksaan.",
])
def test_finer_splits_are_not_records_even_without_a_total(extract, split):
    assert extract(LEAD + "Sepanjang 2023 DP3A Kota Serang mencatat data kekerasan. " + split,
                   published="2024-02-01") == []


def test_children_under_age_is_a_group_not_an_age_split(extract):
    (record,) = extract(LEAD + "Sepanjang 2023 Polres Kota Serang mencatat korban pencabulan anak di bawah "
                        "umur mencapai 21 orang.", published="2024-02-01")
    assert (record.group, record.violence_type, record.victims) == ("anak", "seksual", 21)


def test_the_part_of_a_total_still_under_investigation_is_not_a_record(extract):
    records = extract(LEAD + "Sepanjang 2023 Polres Kota Serang menangani 40 kasus kekerasan, "
                      "12 di antaranya masih dalam penyidikan.", published="2024-02-01")
    assert [r.cases for r in records] == [40]


def test_victims_after_a_comparison_belong_to_the_current_year(extract):
    records = extract(LEAD + "Kasus kekerasan di Kota Serang pada 2023 mencapai 56 kasus, naik dari 2022 "
                      "sebanyak 41 kasus. Jumlah korban sebanyak 60 orang.", published="2024-02-01")
    assert rows(records) == {("36.73", "2023-01", "2023-12", "all", "all", 56, 60),
                             ("36.73", "2022-01", "2022-12", "all", "all", 41, None)}


def test_a_subset_named_after_di_antaranya_takes_that_type(extract):
    records = extract(LEAD + "Sepanjang 2023 Polres Kota Serang menangani 40 kasus kekerasan. Dari jumlah "
                      "tersebut, 25 kasus di antaranya merupakan kasus kekerasan seksual.", published="2024-02-01")
    assert {(r.violence_type, r.cases) for r in records} == {("all", 40), ("seksual", 25)}


@pytest.mark.parametrize("text", [
    'DP3A Kota Serang: "Ada 39 kasus (55 korban) sepanjang 2020-2021."',
    "Kerugian Rp1,2 miliar; 12% korban anak-anak/remaja, mis. di RT 03/RW 05...",
    "Data per 31/12/2023 — UPTD PPA mencatat 1.044 kasus? Ya, naik 3,5 persen!",
    "Baca juga: <b>Kekerasan</b> https://contoh.id/berita?id=7 #stop @dp3a",
])
def test_the_tokenizer_gives_the_same_tokens_as_spacys_indonesian(nlp, text):
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in spacy.blank("id").make_doc(text)]


def test_the_tokenizer_does_not_split_a_word_before_markup_inside_it(nlp):
    # spaCy's own prefix pattern finds "<ab>" anywhere in the word and cuts off that many characters.
    assert [t.text for t in nlp.make_doc("lihat<ab>sini")] == ["lihat", "<", "ab", ">", "sini"]
