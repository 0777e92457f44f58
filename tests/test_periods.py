"""Periods as RECORDS.md defines them: YYYY-MM start and end, resolved against the publication date."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import PeriodSpec
from pipeline.normalize import resolve_period

PUBLISHED = date(2024, 7, 15)


@pytest.mark.parametrize("spec, published, expected", [
    (PeriodSpec(start_year=2022, start_month=1, end_year=2022, end_month=12, open_end=True), PUBLISHED,
     ("2022-01", "2022-12")),  # a past year is the whole year
    (PeriodSpec(start_year=2024, start_month=1, end_year=2024, end_month=12, open_end=True), PUBLISHED,
     ("2024-01", "2024-07")),  # the publication year ends at the publication month
    (PeriodSpec(start_year=2023, start_month=1, end_year=2023, end_month=9), PUBLISHED, ("2023-01", "2023-09")),
    (PeriodSpec(start_month=1, end_month=12, year_offset=-1, open_end=True), PUBLISHED, ("2023-01", "2023-12")),
    (PeriodSpec(start_month=1, end_month=12, year_offset=0, open_end=True), PUBLISHED, ("2024-01", "2024-07")),
    (PeriodSpec(start_year=2021, start_month=1, to_date=True), PUBLISHED, ("2021-01", "2024-07")),
    (PeriodSpec(start_month=1, end_month=12, year_offset=0, open_end=True), None, (None, None)),
    (PeriodSpec(start_year=2025, start_month=3, end_year=2025, end_month=1), PUBLISHED, (None, None)),
    (None, PUBLISHED, (None, None)),
])
def test_resolve_period(spec, published, expected):
    assert resolve_period(spec, published) == expected


@pytest.mark.parametrize("sentence, published, expected", [
    ("mencatat 28 kasus kekerasan sepanjang 2022.", "2024-07-15", ("2022-01", "2022-12")),
    ("mencatat 28 kasus kekerasan sejak Januari hingga September 2023.", "2024-07-15", ("2023-01", "2023-09")),
    ("mencatat 28 kasus kekerasan pada Januari-Juni 2023.", "2024-07-15", ("2023-01", "2023-06")),
    ("mencatat 28 kasus kekerasan hingga akhir Oktober 2022.", "2024-07-15", ("2022-01", "2022-10")),
    ("mencatat 28 kasus kekerasan sejak 2020 hingga 2022.", "2024-07-15", ("2020-01", "2022-12")),
    ("mencatat 28 kasus kekerasan sepanjang tahun lalu.", "2024-07-15", ("2023-01", "2023-12")),
    ("mencatat 28 kasus kekerasan sepanjang tahun ini.", "2024-07-15", ("2024-01", "2024-07")),
    ("mencatat 28 kasus kekerasan sepanjang tahun ini.", None, None),  # no publication date: no record
    ("mencatat 28 kasus kekerasan sejak Januari 2023 hingga kini.", "2024-07-15", ("2023-01", "2024-07")),
    # months without a year: this year's when they are past at publication, else open
    ("mencatat 28 kasus kekerasan dari Januari sampai Juni.", "2024-07-15", ("2024-01", "2024-06")),
    ("mencatat 28 kasus kekerasan dari Januari sampai Oktober.", "2024-07-15", None),
    ("mencatat 28 kasus kekerasan dari Januari sampai Juni.", None, None),
])
def test_periods_read_from_text(extract, sentence, published, expected):
    records = extract("Kekerasan Anak\n\nDP3A Kota Serang " + sentence, published=published)
    assert [(r.period_start, r.period_end) for r in records] == ([expected] if expected else [])


def test_monthly_counts_are_one_record_per_month(extract):
    records = extract("Kekerasan Anak\n\nSepanjang 2023 DP3A Kota Serang mencatat kasus kekerasan tiap bulan: "
                      "Januari sebelas kasus, Februari tujuh kasus, Maret 9 kasus.", published="2024-02-01")
    assert {(r.period_start, r.period_end, r.cases) for r in records} == {
        ("2023-01", "2023-01", 11), ("2023-02", "2023-02", 7), ("2023-03", "2023-03", 9)}


def test_a_change_over_a_range_dates_each_end(extract):
    records = extract("Kekerasan Anak\n\nDi Kota Serang, dari 2019 hingga 2023 kasusnya terus naik, "
                      "dari 41 kasus menjadi 77 kasus.", published="2024-02-01")
    assert {(r.period_start, r.period_end, r.cases) for r in records} == {
        ("2019-01", "2019-12", 41), ("2023-01", "2023-12", 77)}


@pytest.mark.parametrize("phrase, expected", [
    ("pada semester pertama 2024", ("2024-01", "2024-06")),
    ("pada semester II 2023", ("2023-07", "2023-12")),
    ("pada triwulan I 2024", ("2024-01", "2024-03")),
    ("pada triwulan ketiga 2023", ("2023-07", "2023-09")),
    ("pada kuartal kedua tahun lalu", ("2023-04", "2023-06")),
    ("dalam tiga tahun terakhir", None),  # named but not pinned down: no record, not a guess
])
def test_semesters_quarters_and_vague_spans(extract, phrase, expected):
    records = extract(f"Kekerasan Anak\n\nDP3A Kota Serang mencatat 31 kasus kekerasan {phrase}.",
                      published="2024-07-15")
    assert [(r.period_start, r.period_end) for r in records] == ([expected] if expected else [])


def test_each_of_several_months_gets_the_count(extract):
    records = extract("Kekerasan Anak\n\nSepanjang 2023 DP3A Kota Serang mencatat kasus kekerasan tiap bulan. "
                      "Maret dan Desember masing-masing 7 kasus.", published="2024-02-01")
    assert {(r.period_start, r.cases) for r in records} == {("2023-03", 7), ("2023-12", 7)}


def test_that_year_is_the_year_named_last(extract):
    records = extract("Kekerasan Anak\n\nDP3A Kota Serang mencatat 1.497 kasus kekerasan pada 2015, dan mulai "
                      "meningkat pada 2016. Pada tahun tersebut terdapat kasus kekerasan terhadap perempuan dan "
                      "anak berjumlah 1.527.", published="2022-09-16")
    assert {(r.period_start, r.cases) for r in records} == {("2015-01", 1497), ("2016-01", 1527)}


def test_the_start_of_an_unnamed_year_is_this_year_s_start_of_a_range(extract):
    records = extract("Kekerasan Anak\n\nPolres Kebumen mencatat 30 kasus pada 2022. Sedangkan sejak awal tahun "
                      "ini sampai April, Polres Kebumen menangani 12 kasus.", published="2024-07-15")
    assert {(r.period_start, r.period_end, r.cases) for r in records} >= {("2024-01", "2024-04", 12)}


def test_two_months_that_follow_one_another_are_one_period(extract):
    records = extract("Kekerasan Anak\n\nSelama Juni dan Juli 2022, Polres Kebumen menangani 14 kasus.")
    assert [(r.period_start, r.period_end, r.cases) for r in records] == [("2022-06", "2022-07", 14)]


def test_two_months_apart_without_masing_masing_leave_the_period_open(extract):
    records = extract("Kekerasan Anak\n\nSelama Maret dan Desember 2022, Polres Kebumen menangani 14 kasus.")
    assert records == []


def test_the_same_period_of_another_year_takes_the_months_of_the_period_before(extract):
    records = extract("Kekerasan Anak\n\nPolres Kebumen mencatat sejak Januari hingga Juni 2019 ada 8 kasus. "
                      "Dalam periode yang sama tahun 2020, Polres Kebumen menangani 17 kasus.")
    assert {(r.period_start, r.period_end, r.cases) for r in records} == {("2019-01", "2019-06", 8),
                                                                         ("2020-01", "2020-06", 17)}


@pytest.mark.parametrize("text, expected", [
    # a bare month takes its year from "tahun ini" before it in its sentence, not the year named last
    ("DP3A Kota Serang mencatat 40 kasus pada 2019. Adapun pada tahun ini, selama Maret tercatat 12 kasus.",
     {("2019-01", "2019-12", 40), ("2024-03", "2024-03", 12)}),
    # a bracketed aside with a figure of its own does not date the count before it
    ("DP3A Kota Serang mencatat kasus kekerasan selama Januari-Juni 2024, total ada 40 kasus "
     "(sebelumnya hingga April 2024 baru 22 kasus).",
     {("2024-01", "2024-06", 40), ("2024-01", "2024-04", 22)}),
])
def test_each_count_takes_the_period_written_for_it(extract, text, expected):
    records = extract("Kekerasan Perempuan dan Anak di Daerah\n\n" + text, published="2024-07-15")
    assert {(r.period_start, r.period_end, r.cases) for r in records} == expected


@pytest.mark.parametrize("revision, expected", [
    ("Terhitung 1 Januari sampai 31 Mei 2023.", ("2023-01", "2023-05")),  # the months of its year: revised
    ("Data tersebut dihimpun sejak Januari hingga April 2023.", ("2023-01", "2023-04")),
    ("Terhitung Januari sampai Mei 2022.", ("2023-01", "2023-12")),  # another year revises nothing
])
def test_a_sentence_pointing_back_revises_a_whole_year_to_the_months_it_names(extract, revision, expected):
    records = extract("Kekerasan Perempuan dan Anak di Daerah\n\n"
                      "DP3A Kota Serang mencatat ada 80 kasus kekerasan sepanjang 2023. " + revision,
                      published="2024-07-15")
    assert [(r.period_start, r.period_end, r.cases) for r in records] == [(*expected, 80)]
