"""Where each slot of a count comes from: sentences written for these tests, one construction each."""
from __future__ import annotations

import pytest

LEAD = "Kekerasan Perempuan dan Anak di Daerah\n\n"


def keys(records) -> set[tuple]:
    return {(r.region_code, r.period_start, r.period_end, r.group, r.violence_type, r.cases, r.victims)
            for r in records}


def test_a_province_in_apposition_only_locates_its_kabupaten(extract):
    records = extract(LEAD + "UPTD PPA Kabupaten Lebak, Banten, mencatat 41 kasus kekerasan sepanjang 2022.")
    assert keys(records) == {("36.02", "2022-01", "2022-12", "all", "all", 41, None)}


def test_a_province_of_its_own_still_counts(extract):
    records = extract(LEAD + "DP3A Kabupaten Lebak mencatat 41 kasus sepanjang 2022, "
                      "sementara Provinsi Banten mencatat 960 kasus sepanjang 2022.")
    assert keys(records) == {("36.02", "2022-01", "2022-12", "all", "all", 41, None),
                             ("36", "2022-01", "2022-12", "all", "all", 960, None)}


def test_the_article_region_is_the_one_its_reporting_body_is_named_with(extract):
    records = extract(LEAD + "Provinsi Banten kembali menjadi sorotan publik.\n\n"
                      "Kepala DP3A Kota Serang memaparkan data lembaganya.\n\n"
                      "Tercatat 39 kasus kekerasan sepanjang 2020.")
    assert keys(records) == {("36.73", "2020-01", "2020-12", "all", "all", 39, None)}


def test_regions_listed_after_a_total_keep_its_group_and_type(extract):
    records = extract(LEAD + "Bareskrim Polri mencatat 45 kasus kekerasan seksual terhadap anak "
                      "pada Januari hingga Februari 2025. Polda Riau 7 kasus, Polda Banten 6 kasus.")
    period = ("2025-01", "2025-02")
    assert keys(records) == {("00", *period, "anak", "seksual", 45, None),
                             ("14", *period, "anak", "seksual", 7, None),
                             ("36", *period, "anak", "seksual", 6, None)}


def test_parts_of_a_breakdown_keep_the_group_of_their_total(extract):
    records = extract(LEAD + "Dinas PPPA Kota Serang mencatat 30 korban anak sepanjang 2022 "
                      "yang meliputi 12 kekerasan fisik, 3 psikis dan 15 seksual.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "anak", "all", None, 30),
                             ("36.73", *period, "anak", "fisik", None, 12),
                             ("36.73", *period, "anak", "psikis", None, 3),
                             ("36.73", *period, "anak", "seksual", None, 15)}


def test_a_count_after_sedangkan_is_not_a_part_of_the_breakdown_before_it(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 30 kasus kekerasan terhadap anak pada 2022, "
                      "terdiri dari 20 kasus kekerasan seksual dan 10 kasus kekerasan fisik, "
                      "sedangkan kekerasan terhadap perempuan 14 kasus.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "anak", "all", 30, None),
                             ("36.73", *period, "anak", "seksual", 20, None),
                             ("36.73", *period, "anak", "fisik", 10, None),
                             ("36.73", *period, "perempuan", "all", 14, None)}


def test_an_acronym_in_brackets_names_a_body_not_a_group(extract):
    records = extract(LEAD + "Unit Pelayanan Perempuan dan Anak (PPA) Polres Lebak mencatat "
                      "57 kasus kekerasan anak pada tahun 2022.")
    assert keys(records) == {("36.02", "2022-01", "2022-12", "anak", "all", 57, None)}


def test_every_candidate_says_where_each_slot_came_from(nlp):
    doc = nlp(LEAD + "DP3A Kota Serang memaparkan data lembaganya.\n\n"
              "Sepanjang 2020 tercatat 39 kasus kekerasan terhadap anak.")
    (candidate,) = doc._.candidates
    text = doc.text
    assert candidate.sources["region"].scope == "article"
    assert candidate.sources["group"].scope == "clause"
    group = candidate.sources["group"]
    assert "anak" in text[group.start:group.end]
    period = candidate.sources["period"]
    assert (period.scope, text[period.start:period.end]) == ("clause", "2020")
    assert candidate.basis == "inferred"  # the region comes from another sentence


def test_a_count_whose_slots_are_all_in_its_sentence_is_stated(nlp):
    doc = nlp(LEAD + "DP3A Kota Serang mencatat 39 kasus kekerasan terhadap anak sepanjang 2020.")
    (candidate,) = doc._.candidates
    assert candidate.basis == "stated"
    assert {s: candidate.sources[s].scope for s in ("region", "period", "group")} == {
        "region": "clause", "period": "clause", "group": "clause"}


@pytest.mark.parametrize("change", ["naik 12 kasus", "mengalami kenaikan 12 kasus", "ada peningkatan sebanyak 12 kasus"])
def test_a_change_word_before_a_count_makes_it_a_difference(extract, change):
    records = extract(LEAD + f"DP3A Kota Serang mencatat 45 kasus sepanjang 2023, {change} dari tahun sebelumnya.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", 45, None)}


def test_women_counted_beside_men_are_a_split_by_sex(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 70 korban kekerasan sepanjang 2023, "
                      "terdiri atas korban laki-laki 20 orang dan perempuan 50 orang.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", None, 70)}


def test_women_beside_children_and_adult_men_are_the_women_group(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat korban kekerasan psikis sepanjang 2023: "
                      "anak 30 orang, perempuan 12 orang, laki-laki dewasa 3 orang.")
    assert ("36.73", "2023-01", "2023-12", "perempuan", "psikis", None, 12) in keys(records)


@pytest.mark.parametrize("body", ["KPAI", "FSGI"])
def test_a_body_whose_mandate_is_one_group_counts_that_group(extract, body):
    records = extract(LEAD + f"{body} mencatat 2.100 kasus kekerasan sepanjang 2022.")
    assert keys(records) == {("00", "2022-01", "2022-12", "anak", "all", 2100, None)}


def test_a_group_the_clause_names_beats_the_mandate(extract):
    records = extract(LEAD + "Komnas Perempuan mencatat 300 kasus kekerasan terhadap perempuan dan anak "
                      "sepanjang 2022.")
    assert {r.group for r in records} == {"all"}


def test_the_record_table_says_which_records_rest_on_inference(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 39 kasus sepanjang 2020.\n\n"
                      "Kemudian pada 2021 tercatat 45 kasus.")
    basis = {r.period_start: r.basis for r in records}
    assert basis == {"2020-01": "stated", "2021-01": "inferred"}  # 2021's region is the article's


def test_a_national_body_beyond_the_dp3a_family_counts_indonesia(extract):
    records = extract(LEAD + "Seminar itu digelar di Kota Bandung, Jawa Barat.\n\nLPSK mencatat 420 "
                      "permohonan perlindungan kekerasan seksual terhadap anak sepanjang 2023.")
    assert keys(records) == {("00", "2023-01", "2023-12", "anak", "seksual", 420, None)}
    assert {r.agency for r in records} == {"LPSK"}


def test_prosecutors_count_their_kabupaten(extract):
    (record,) = extract(LEAD + "Kejaksaan Negeri Lebak menangani 27 perkara kekerasan terhadap anak pada 2022.")
    assert (record.agency, record.region_code, record.group, record.cases) == ("Kejari", "36.02", "anak", 27)


def test_a_case_unit_may_stand_before_its_count(extract):
    records = extract(LEAD + "Pada 2022 DP3A Kota Serang menerima pelaporan 40 kekerasan fisik, 25 psikis, dan 12 seksual.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "all", "fisik", 40, None),
                             ("36.73", *period, "all", "psikis", 25, None),
                             ("36.73", *period, "all", "seksual", 12, None)}


def test_a_group_noun_before_a_number_is_a_label_not_a_unit(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat pada 2022 korban perempuan 14 orang.")
    assert keys(records) == {("36.73", "2022-01", "2022-12", "perempuan", "all", None, 14)}


def test_cases_and_victims_of_one_key_in_two_sentences_are_one_record(extract):
    (record,) = extract(LEAD + "DP3A Kota Serang mencatat 39 kasus sepanjang 2020. "
                        "Sepanjang 2020 pula, 55 orang menjadi korban.")
    assert (record.cases, record.victims) == (39, 55)
    assert record.evidence.startswith("DP3A Kota Serang") and record.evidence.endswith("menjadi korban.")


def test_a_forecast_is_not_a_count(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 45 kasus sepanjang 2023. "
                      "Pada 2024 jumlahnya diperkirakan mencapai 90 kasus.")
    assert {r.cases for r in records} == {45}


def test_two_regions_competing_for_one_count_give_no_record(extract):
    assert extract(LEAD + "Kota Serang bersama Kabupaten Lebak mencatat 80 kasus kekerasan pada 2022.") == []


def test_a_kabupaten_inside_its_province_does_not_compete(extract):
    records = extract(LEAD + "Provinsi Banten mencatat di Kabupaten Lebak 80 kasus kekerasan pada 2022.")
    assert {r.region_code for r in records} == {"36.02"}


def test_a_group_word_naming_a_programme_is_not_the_counted_group(extract):
    records = extract(LEAD + "Dalam kegiatan pemberdayaan perempuan, DP3A Kota Serang menyebut "
                      "ada 30 kasus kekerasan sepanjang 2023.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", 30, None)}


def test_dan_inside_a_programme_name_does_not_end_the_clause(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 30 kasus dari data perlindungan perempuan dan anak "
                      "per Mei 2024.", published="2024-07-15")
    assert keys(records) == {("36.73", "2024-01", "2024-05", "all", "all", 30, None)}


def test_a_province_repeated_as_its_acronym_only_locates(extract):
    records = extract(LEAD + "Polresta Mataram, Nusa Tenggara Barat (NTB) mencatat 115 perkara sepanjang 2024.")
    assert {r.region_code for r in records} == {"52.71"}


def test_the_place_a_story_was_filed_from_is_not_the_counted_region(extract):
    records = extract("Kekerasan Perempuan dan Anak\n\nKABARKITA.COM | Banda Aceh - UPTD PPA Aceh menangani "
                      "189 kasus kekerasan sepanjang 2023.")
    assert {r.region_code for r in records} == {"11"}


def test_a_womens_crisis_centre_counts_women(extract):
    records = extract(LEAD + "WCC Kota Palembang menangani 133 kasus sepanjang 2018.")
    assert keys(records) == {("16.71", "2018-01", "2018-12", "perempuan", "all", 133, None)}


def test_children_in_conflict_with_the_law_and_other_categories_are_no_records(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 40 kasus kekerasan terhadap anak sepanjang 2023. "
                      "Selain itu ada anak berhadapan dengan hukum sebanyak 6 kasus, kasus non KDRT 9 kasus, "
                      "dan lain-lain 3 kasus.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "anak", "all", 40, None)}


@pytest.mark.parametrize("sentence", [
    "DP3A Kota Serang mencatat setiap minggu ada empat kasus kekerasan pada 2023.",
    "Pada 2023 salah satu orang tua korban melapor ke DP3A Kota Serang.",
])
def test_rates_and_one_of_are_no_counts(extract, sentence):
    assert extract(LEAD + sentence) == []


def test_women_and_children_as_the_unit_count_all_victims(extract):
    records = extract(LEAD + "Sepanjang 2023, 185 perempuan dan anak menjadi korban kekerasan di Kota Serang.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", None, 185)}


def test_a_womens_and_a_childrens_label_joined_by_a_coordinator_count_both(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat kekerasan terhadap perempuan dewasa serta anak "
                      "mencapai 75 kasus sepanjang 2023.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", 75, None)}


def test_a_back_reference_dates_every_figure_of_the_run_before_it(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 90 kasus kekerasan terhadap perempuan dan anak.\n\n"
                      "Dari jumlah itu, 70 kasus menimpa anak dan 20 kasus menimpa perempuan.\n\n"
                      "Angka tersebut tercatat pada Januari hingga Juni 2024.\n\n"
                      "Sepanjang 2023 lembaga itu mencatat 85 kasus.")
    period = ("2024-01", "2024-06")
    assert keys(records) == {("36.73", *period, "all", "all", 90, None),
                             ("36.73", *period, "anak", "all", 70, None),
                             ("36.73", *period, "perempuan", "all", 20, None),
                             ("36.73", "2023-01", "2023-12", "all", "all", 85, None)}


def test_an_undated_count_takes_the_one_period_its_article_names(extract):
    records = extract(LEAD + "UPTD PPA Kabupaten Lebak mencatat 52 kasus kekerasan terhadap perempuan dan anak.\n\n"
                      "Kepala UPTD menyebut sebagian besar kasus terjadi di lingkungan keluarga.\n\n"
                      "Data itu mencakup laporan sepanjang 2023.")
    assert keys(records) == {("36.02", "2023-01", "2023-12", "all", "all", 52, None)}


def test_an_article_naming_two_periods_leaves_an_undated_count_undated(extract):
    records = extract(LEAD + "UPTD PPA Kabupaten Lebak mencatat 52 kasus kekerasan terhadap perempuan dan anak.\n\n"
                      "Lembaga itu berdiri pada 2019 dan diperkuat pada 2021.")
    assert {(r.period_start, r.cases) for r in records} <= {(None, 52)}


@pytest.mark.parametrize("preposition", ["terhadap", "pada"])
def test_girls_after_a_preposition_are_a_split_by_sex_not_women(extract, preposition):
    records = extract(LEAD + f"DP3A Kota Serang mencatat kekerasan seksual {preposition} anak perempuan "
                      "sebanyak 15 kasus sepanjang 2023.")
    assert keys(records) == set()


def test_a_group_word_in_a_bodys_written_out_name_is_not_the_group_counted(extract):
    records = extract(LEAD + "Lembaga Advokasi Perempuan Mandiri (LBH APIK) Jakarta menerima laporan "
                      "sebanyak 640 kasus kekerasan terhadap perempuan dan anak sepanjang 2022.")
    assert keys(records) == {("31", "2022-01", "2022-12", "all", "all", 640, None)}


def test_an_off_topic_item_of_a_type_list_drops_only_that_item(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat sepanjang 2023 kasus KDRT sebanyak 9 kasus, "
                      "pelecehan seksual 4 kasus dan pencurian 3 kasus.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.73", *period, "all", "kdrt", 9, None),
                             ("36.73", *period, "all", "seksual", 4, None)}


@pytest.mark.parametrize("offence", ["membawa lari anak", "melarikan anak di bawah umur",
                                     "penculikan anak", "sengketa hak asuh anak"])
def test_an_item_naming_an_unlisted_offence_against_children_is_no_record(extract, offence):
    # abduction or custody is no listed type, so the item is neither a children's total nor a type
    records = extract(LEAD + f"Unit PPA Polres Lebak mencatat sepanjang 2023 pencabulan anak 6 kasus, "
                      f"{offence} 4 kasus dan KDRT 3 kasus.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.02", *period, "anak", "seksual", 6, None),
                             ("36.02", *period, "all", "kdrt", 3, None)}


@pytest.mark.parametrize("label, group, vtype", [
    ("kasus kekerasan terhadap anak dan kekerasan terhadap perempuan", "all", "all"),
    ("kasus kekerasan anak dan kekerasan dalam rumah tangga", "all", "all"),
    ("kasus kekerasan terhadap perempuan serta kekerasan seksual terhadap anak", "all", "all"),
    # a group after the last phrase is of every phrase before it
    ("kasus pencabulan dan persetubuhan terhadap anak", "anak", "seksual"),
])
def test_categories_joined_in_one_label_count_their_union(extract, label, group, vtype):
    records = extract(LEAD + f"Sepanjang 2023, DP3A Kota Serang menangani {label} sebanyak 64 kasus.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", group, vtype, 64, None)}


def test_groups_of_types_counted_each_are_not_passed_to_the_next_item(extract):
    records = extract(LEAD + "Sepanjang 2023 Polres Lebak menangani kasus pencabulan anak dan penganiayaan "
                      "anak masing-masing 9 kasus, serta penelantaran 4 kasus.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.02", *period, "anak", "seksual", 9, None),
                             ("36.02", *period, "anak", "fisik", 9, None),
                             ("36.02", *period, "all", "penelantaran", 4, None)}


def test_a_group_naming_whom_a_list_counts_each_reaches_every_item(extract):
    records = extract(LEAD + "Sepanjang 2023 Polres Lebak mencatat untuk korban anak masing-masing "
                      "9 kasus pencabulan dan 4 kasus penganiayaan.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.02", *period, "anak", "seksual", 9, None),
                             ("36.02", *period, "anak", "fisik", 4, None)}


def test_one_figure_in_two_lists_of_other_groups_is_two_counts(extract):
    records = extract(LEAD + "DP3A Provinsi Banten mencatat sepanjang 2023 kekerasan terhadap perempuan di "
                      "Kabupaten Serang sebanyak 20 kasus dan Kabupaten Lebak sebanyak 12 kasus. Sementara "
                      "kekerasan terhadap anak paling banyak di Kabupaten Serang, yakni 30 kasus. Kemudian, "
                      "di Kabupaten Lebak tercatat sebanyak 12 kasus.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.02", *period, "perempuan", "all", 12, None),
                             ("36.04", *period, "perempuan", "all", 20, None),
                             ("36.04", *period, "anak", "all", 30, None),
                             ("36.02", *period, "anak", "all", 12, None)}


def test_counts_by_region_adding_up_to_a_finer_split_are_its_parts(extract):
    # the list names "perempuan" for short, but its figures add up to the girls' count exactly
    records = extract(LEAD + "DP3A Provinsi Banten mencatat kekerasan seksual terhadap anak perempuan sebanyak "
                      "30 kasus sepanjang 2023. Kasus kekerasan seksual terhadap perempuan paling banyak di "
                      "Kabupaten Lebak sebanyak 12 kasus, disusul Kabupaten Serang 10 kasus. Selanjutnya "
                      "Kota Cilegon 8 kasus.")
    assert keys(records) == set()


def test_counts_by_region_after_a_total_of_ours_are_records(extract):
    records = extract(LEAD + "DP3A Provinsi Banten mencatat kekerasan seksual terhadap anak sebanyak "
                      "30 kasus sepanjang 2023. Kasus paling banyak di Kabupaten Lebak sebanyak 12 kasus, "
                      "disusul Kabupaten Serang 10 kasus. Selanjutnya Kota Cilegon 8 kasus.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36", *period, "anak", "seksual", 30, None),
                             ("36.02", *period, "anak", "seksual", 12, None),
                             ("36.04", *period, "anak", "seksual", 10, None),
                             ("36.72", *period, "anak", "seksual", 8, None)}


def test_a_count_pointing_back_at_cases_spoken_of_without_one_counts_them(extract):
    records = extract(LEAD + "Polresta Serang Kota mencatat 40 kasus kekerasan terhadap anak pada 2022. "
                      "Unit PPA juga menangani kasus kekerasan terhadap perempuan dewasa. "
                      "Jumlahnya sebanyak 10 laporan pada tahun yang sama.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "anak", "all", 40, None),
                             ("36.73", *period, "perempuan", "all", 10, None)}


def test_a_type_split_after_totals_of_children_and_of_women_is_of_neither(extract):
    records = extract(LEAD + "Sepanjang 2022, DP3A Kota Serang mencatat 40 kasus kekerasan terhadap anak dan "
                      "25 kasus kekerasan terhadap perempuan. Selain itu ada 12 kasus KDRT.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "anak", "all", 40, None),
                             ("36.73", *period, "perempuan", "all", 25, None),
                             ("36.73", *period, "all", "kdrt", 12, None)}


def test_a_figure_given_again_is_the_body_s_that_gave_it_first(extract):
    records = extract(LEAD + "DP3A Kota Serang menangani 79 kasus kekerasan terhadap anak pada 2023. Sebagian "
                      "korban dirujuk ke Unit PPA Polresta Serang Kota. Menurut kepala dinas, 79 kasus itu "
                      "meliputi 40 kasus kekerasan seksual dan 39 kasus kekerasan fisik.")
    assert {(r.violence_type, r.agency) for r in records} == {
        ("all", "DP3A"), ("seksual", "DP3A"), ("fisik", "DP3A")}


def test_a_count_after_a_sentence_about_another_crime_is_of_that_crime(extract):
    records = extract(LEAD + "Peredaran narkoba menjadi perkara terbanyak yang ditangani Polresta Serang "
                      "sepanjang 2023.\n\nTercatat sebanyak 310 kasus yang diungkap jajarannya.")
    assert keys(records) == set()


def test_the_province_a_region_is_ranked_in_is_not_the_region_counted(extract):
    records = extract(LEAD + "Kota Serang mencatat kasus kekerasan terhadap perempuan dan anak terbanyak "
                      "di Banten dengan 95 kasus sepanjang 2023.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", 95, None)}


def test_kekerasan_terhadap_after_a_number_counts_cases(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 70 kekerasan terhadap perempuan dan anak sepanjang 2023. "
                      "Terdiri dari 45 kekerasan terhadap anak dan 25 kekerasan pada perempuan.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.73", *period, "all", "all", 70, None),
                             ("36.73", *period, "anak", "all", 45, None),
                             ("36.73", *period, "perempuan", "all", 25, None)}


def test_trafficking_of_women_is_tppo(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat sepanjang 2023 kasus perdagangan perempuan sebanyak 3 kasus.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "perempuan", "tppo", 3, None)}


def test_victims_whose_status_is_a_group_count_that_group(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 50 kasus kekerasan seksual sepanjang 2022. "
                      "Rinciannya, 31 korbannya berstatus anak dan 10 lainnya perempuan dewasa.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "all", "seksual", 50, None),
                             ("36.73", *period, "anak", "seksual", None, 31),
                             ("36.73", *period, "perempuan", "seksual", None, 10)}


def test_a_total_named_again_to_take_a_part_is_not_paired_with_the_part(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 194 kasus kekerasan sepanjang 2023. "
                      "Dari 194 kasus kekerasan tersebut, sebanyak 85 korban merupakan anak-anak.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.73", *period, "all", "all", 194, None),
                             ("36.73", *period, "anak", "all", None, 85)}


def test_a_total_named_with_tersebut_but_not_given_before_is_a_figure(extract):
    # "dari 230 korban … tersebut" points back at the cases, but the victims are stated here first
    records = extract(LEAD + "DP3A Kota Serang mencatat 194 kasus kekerasan sepanjang 2023. Dari 230 korban "
                      "kekerasan tersebut, sebanyak 85 korban merupakan anak-anak.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.73", *period, "all", "all", 194, 230),
                             ("36.73", *period, "anak", "all", None, 85)}


def test_an_undated_count_outside_a_statistic_is_a_record_once_a_back_reference_dates_it(extract):
    dated = extract(LEAD + "Sebanyak 48 anak dan perempuan menjadi korban kekerasan di Kota Serang. "
                    "Jumlah tersebut terhitung sepanjang Januari hingga Juni 2024.")
    assert keys(dated) == {("36.73", "2024-01", "2024-06", "all", "all", None, 48)}
    undated = extract(LEAD + "Sebanyak 48 anak dan perempuan menjadi korban kekerasan di Kota Serang. "
                      "Polisi masih menyelidiki peristiwa itu.")
    assert keys(undated) == set()


def test_a_breakdown_in_the_next_sentence_counts_what_its_total_counted_and_the_rest_is_no_record(extract):
    records = extract(LEAD + "DP3A Kota Serang menangani 80 kasus pada 2021. Seluruh kasus itu terdiri dari "
                      "30 kekerasan seksual, 20 penelantaran, 18 KDRT dan 12 kasus lainnya.")
    period = ("2021-01", "2021-12")
    assert keys(records) == {("36.73", *period, "all", "all", 80, None),
                             ("36.73", *period, "all", "seksual", 30, None),
                             ("36.73", *period, "all", "penelantaran", 20, None),
                             ("36.73", *period, "all", "kdrt", 18, None)}


def test_the_other_victims_named_by_a_copula_are_that_groups_count(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 60 kasus sepanjang 2023. Sebanyak 41 anak menjadi korban. "
                      "Sementara 19 korban lainnya, merupakan perempuan dewasa.")
    period = ("2023-01", "2023-12")
    assert keys(records) == {("36.73", *period, "all", "all", 60, None),
                             ("36.73", *period, "anak", "all", None, 41),
                             ("36.73", *period, "perempuan", "all", None, 19)}


def test_a_count_the_text_gives_no_period_is_no_record(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 64 kasus kekerasan terhadap perempuan dan anak.")
    assert keys(records) == set()


def test_every_record_keeps_where_its_figures_are_written(nlp):
    text = LEAD + "DP3A Kota Serang mencatat 39 kasus dengan 55 orang korban sepanjang 2020."
    doc = nlp(text)
    (candidate,) = doc._.candidates
    assert {slot: text[s.start:s.end] for slot, s in candidate.sources.items() if slot in ("cases", "victims")} \
        == {"cases": "39", "victims": "55"}


def test_a_group_said_of_most_victims_is_not_the_group_counted(extract):
    records = extract(LEAD + "Sepanjang 2020 P2TP2A Kota Serang menangani 40 kasus kekerasan yang mayoritas "
                      "korbannya anak.")
    assert keys(records) == {("36.73", "2020-01", "2020-12", "all", "all", 40, None)}


def test_a_period_relative_to_a_missing_publication_date_gives_no_record(extract):
    text = LEAD + "DP3A Kota Serang mencatat 64 kasus kekerasan sepanjang tahun lalu."
    assert keys(extract(text, published=None)) == set()
    assert keys(extract(text, published="2024-07-15")) == {("36.73", "2023-01", "2023-12", "all", "all", 64, None)}


def test_a_group_after_coordinated_type_names_is_the_counts_group(extract):
    records = extract(LEAD + "Polres Kebumen mencatat 14 kasus pencabulan dan persetubuhan terhadap anak "
                      "sepanjang 2023.")
    assert keys(records) == {("33.05", "2023-01", "2023-12", "anak", "seksual", 14, None)}


def test_a_group_labelling_the_next_count_is_not_the_counts_group(extract):
    records = extract(LEAD + "Polres Kebumen mencatat 14 kasus kekerasan fisik dan perempuan 9 kasus "
                      "sepanjang 2023.")
    assert ("33.05", "2023-01", "2023-12", "all", "fisik", 14, None) in keys(records)


def test_a_lead_without_a_count_states_the_topic_group_as_a_headline_does(extract):
    records = extract("Kasus kekerasan terhadap anak di Kabupaten Kebumen terus bertambah. "
                      "Sepanjang 2023 Polres Kebumen menangani 31 kasus.")
    assert keys(records) == {("33.05", "2023-01", "2023-12", "anak", "all", 31, None)}


def test_a_lead_that_gives_a_count_is_no_topic_statement(extract):
    records = extract("Kasus kekerasan di Kabupaten Kebumen terus bertambah, 12 di antaranya terhadap anak. "
                      "Sepanjang 2023 Polres Kebumen menangani 31 kasus.")
    assert ("33.05", "2023-01", "2023-12", "all", "all", 31, None) in keys(records)


def test_a_year_after_a_comparison_dates_the_compared_figure_only(extract):
    records = extract(LEAD + "DP3A Kota Bekasi mencatat 313 kasus kekerasan terhadap anak, naik 40 persen "
                      "dibandingkan 220 kasus pada 2023.")
    assert keys(records) == {("32.75", "2023-01", "2023-12", "anak", "all", 220, None)}


def test_items_listed_after_a_finer_split_split_the_same_way(extract):
    records = extract(LEAD + "Polda Jawa Tengah mencatat 310 kasus kekerasan terhadap anak sepanjang 2022. "
                      "Kasus kekerasan yang korbannya anak kandung pelaku di Polres Kebumen ada empat kasus, "
                      "Polres Cilacap dua kasus. Kemudian Polres Banyumas satu kasus.")
    assert keys(records) == {("33", "2022-01", "2022-12", "anak", "all", 310, None)}


COMBINED_LEAD = LEAD + "Polres Kebumen mencatat 120 kasus kekerasan terhadap anak sepanjang 2023. "
COMBINED_TOTAL = ("33.05", "2023-01", "2023-12", "anak", "all", 120, None)


@pytest.mark.parametrize("sentence", [
    "Di antaranya 24 kasus kekerasan fisik dan psikis.",
    "Kekerasan fisik dan/atau psikis sebanyak 24 kasus.",
    "Kekerasan fisik dan/atau psikologi sebanyak 24 kasus.",  # joined to a word no rule reads
])
def test_a_count_of_two_types_together_is_no_record(extract, sentence):
    assert keys(extract(COMBINED_LEAD + sentence)) == {COMBINED_TOTAL}


def test_two_names_of_one_type_are_that_type(extract):
    records = extract(COMBINED_LEAD + "Kasus persetubuhan/pencabulan sebanyak 24 kasus.")
    assert keys(records) == {COMBINED_TOTAL, ("33.05", "2023-01", "2023-12", "anak", "seksual", 24, None)}


def test_two_types_each_with_the_count_are_two_records(extract):
    records = extract(COMBINED_LEAD + "Kekerasan fisik dan psikis masing-masing 24 kasus.")
    assert keys(records) == {COMBINED_TOTAL, ("33.05", "2023-01", "2023-12", "anak", "fisik", 24, None),
                             ("33.05", "2023-01", "2023-12", "anak", "psikis", 24, None)}


def test_the_parts_of_a_count_of_two_types_are_no_records_either(extract):
    records = extract(COMBINED_LEAD + "Korban kekerasan fisik dan psikis sebanyak 24 orang, "
                      "yang meliputi 9 anak dan 15 perempuan.")
    assert keys(records) == {COMBINED_TOTAL}


def test_an_end_month_in_the_sentence_ends_a_year_left_open_to_publication(extract):
    records = extract(LEAD + "Menurut data DP3A Kota Surabaya, hingga April 2024, jumlah kasus kekerasan "
                      "tahun ini mencapai 70 kasus.")
    assert keys(records) == {("35.78", "2024-01", "2024-04", "all", "all", 70, None)}


def test_a_month_of_a_breakdown_does_not_end_the_total_s_year(extract):
    records = extract(LEAD + "DP3A Kota Surabaya mencatat 70 kasus kekerasan pada 2024 dengan rincian "
                      "Januari 9 kasus dan Februari 11 kasus.")
    assert ("35.78", "2024-01", "2024-07", "all", "all", 70, None) in keys(records)


def test_a_count_that_is_not_kdrt_is_no_record(extract):
    records = extract(LEAD + "DP3A Kota Surabaya mencatat 70 kasus kekerasan sepanjang 2023. Sebanyak 36 kasus "
                      "bukan merupakan KDRT dan 34 kasus merupakan KDRT.")
    assert keys(records) == {("35.78", "2023-01", "2023-12", "all", "all", 70, None),
                             ("35.78", "2023-01", "2023-12", "all", "kdrt", 34, None)}


def test_reports_of_any_kind_are_a_superset_of_the_count_that_names_the_topic(extract):
    records = extract(LEAD + "Sepanjang 2022, dari 310 laporan yang diterima LBH Kota Padang, 95 kasus "
                      "merupakan kekerasan terhadap perempuan dan anak.")
    assert keys(records) == {("13.71", "2022-01", "2022-12", "all", "all", 95, None)}


def test_a_total_that_names_the_topic_keeps_its_record_beside_its_part(extract):
    records = extract(LEAD + "Sepanjang 2022, dari 310 kasus kekerasan yang ditangani DP3A Kota Padang, "
                      "95 kasus merupakan kekerasan seksual.")
    assert keys(records) == {("13.71", "2022-01", "2022-12", "all", "all", 310, None),
                             ("13.71", "2022-01", "2022-12", "all", "seksual", 95, None)}


def test_masing_masing_with_as_many_counts_as_labels_pairs_them_in_order(extract):
    records = extract(LEAD + "Sepanjang 2022, DP3A mencatat kekerasan di Kota Solok dan Kota Padang "
                      "masing-masing enam dan dua kasus.")
    assert keys(records) == {("13.72", "2022-01", "2022-12", "all", "all", 6, None),
                             ("13.71", "2022-01", "2022-12", "all", "all", 2, None)}


def test_masing_masing_counts_that_do_not_pair_with_the_labels_give_no_record(extract):
    records = extract(LEAD + "Sepanjang 2022, DP3A mencatat kekerasan di Kota Solok, Kota Sawahlunto dan "
                      "Kota Padang masing-masing enam dan dua kasus.")
    assert keys(records) == set()


def test_an_article_headlined_on_one_type_counts_that_type(extract):
    records = extract("Kasus Pencabulan Anak di Kebumen Naik\n\nSepanjang 2023 Polres Kebumen menangani 31 kasus.")
    assert keys(records) == {("33.05", "2023-01", "2023-12", "anak", "seksual", 31, None)}


def test_a_headline_type_does_not_hold_when_the_article_counts_other_types(extract):
    records = extract("Kasus Pencabulan Anak di Kebumen Naik\n\nSepanjang 2023 Polres Kebumen menangani 31 kasus. "
                      "Sebanyak 6 kasus di antaranya penganiayaan.")
    assert ("33.05", "2023-01", "2023-12", "anak", "all", 31, None) in keys(records)


def test_a_headline_naming_a_type_beside_violence_at_large_sets_no_type(extract):
    records = extract("Pelecehan Seksual dan Kekerasan pada Anak Meningkat\n\n"
                      "Sepanjang 2023 Polres Kebumen menangani 31 kasus.")
    assert keys(records) == {("33.05", "2023-01", "2023-12", "anak", "all", 31, None)}


def test_a_change_word_then_yakni_names_the_count_itself(extract):
    records = extract(LEAD + "Polres Kebumen mencatat 8 kasus pada 2019. Pada 2020 jumlahnya meningkat yakni ada "
                      "17 kasus yang ditangani Polres Kebumen.")
    assert ("33.05", "2020-01", "2020-12", "all", "all", 17, None) in keys(records)


def test_a_type_in_brackets_after_a_label_glosses_it(extract):
    records = extract(LEAD + "Polres Kebumen mencatat sepanjang 2022 untuk KDRT (kekerasan fisik) ada 5 kasus, "
                      "penelantaran 4 kasus.")
    assert keys(records) == {("33.05", "2022-01", "2022-12", "all", "kdrt", 5, None),
                             ("33.05", "2022-01", "2022-12", "all", "penelantaran", 4, None)}


def test_cases_of_various_kinds_are_of_all_types_even_under_a_one_type_headline(extract):
    records = extract("Kasus Pencabulan Anak di Kebumen Naik\n\nSepanjang 2023 Polres Kebumen menangani "
                      "31 kasus dari berbagai macam laporan.")
    assert keys(records) == {("33.05", "2023-01", "2023-12", "anak", "all", 31, None)}


def test_women_counted_beside_a_count_of_male_victims_are_a_split_by_sex(extract):
    records = extract(LEAD + "Sepanjang 2024 DP3A Kota Padang mencatat 39 korban, dengan total 28 korban "
                      "perempuan dan 11 korban laki-laki.")
    assert keys(records) == {("13.71", "2024-01", "2024-07", "all", "all", None, 39)}


def test_a_type_outside_the_records_list_gives_no_record(extract):
    records = extract(LEAD + "Sepanjang 2024 DP3A Kota Padang mencatat 8 kasus KDRT. Kemudian kekerasan dalam "
                      "pacaran (KdP) sebanyak 21 kasus.")
    assert keys(records) == {("13.71", "2024-01", "2024-07", "all", "kdrt", 8, None)}


def test_a_complaint_cluster_is_no_type_and_no_record(extract):
    records = extract("Kekerasan Seksual terhadap Anak\n\nKPAI mencatat sepanjang 2022 pengaduan paling tinggi adalah "
                      "klaster perlindungan khusus anak sebanyak 2.100 kasus. Kasus kekerasan seksual mencapai 830 kasus.")
    assert keys(records) == {("00", "2022-01", "2022-12", "anak", "seksual", 830, None)}


def test_complaints_of_any_kind_are_a_superset_of_the_subset_that_names_the_topic(extract):
    records = extract(LEAD + "DP3AKB Kota Serang mencatat sepanjang 2023 terdapat 130 pengaduan terkait layanan, "
                      "dengan 70 di antaranya merupakan laporan kekerasan terhadap perempuan dan anak.")
    assert keys(records) == {("36.73", "2023-01", "2023-12", "all", "all", 70, None)}


def test_victims_of_a_group_after_a_comma_are_not_the_cases_of_all(extract):
    records = extract(LEAD + "Sepanjang 2023 Polda Jawa Tengah mencatat sebanyak 3.900 kasus kekerasan, "
                      "2.500 korban perempuan.")
    assert keys(records) == {("33", "2023-01", "2023-12", "all", "all", 3900, None),
                             ("33", "2023-01", "2023-12", "perempuan", "all", None, 2500)}


def test_cases_with_their_victims_of_a_group_are_one_count(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 39 kasus kekerasan terhadap anak dengan 55 korban anak "
                      "sepanjang 2020.")
    assert keys(records) == {("36.73", "2020-01", "2020-12", "anak", "all", 39, 55)}


def test_a_sentence_of_region_counts_after_a_region_list_goes_on_with_that_list(extract):
    records = extract(LEAD + "DP3A Provinsi Banten mencatat 500 kasus kekerasan sepanjang 2022. "
                      "Kekerasan terhadap perempuan terjadi di Kota Serang sebanyak 20 kasus dan Kabupaten Lebak "
                      "sebanyak 15 kasus. Di Kabupaten Pandeglang ada 9 kasus, Kota Cilegon 4 kasus.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36", *period, "all", "all", 500, None),
                             ("36.73", *period, "perempuan", "all", 20, None),
                             ("36.02", *period, "perempuan", "all", 15, None),
                             ("36.01", *period, "perempuan", "all", 9, None),
                             ("36.72", *period, "perempuan", "all", 4, None)}


def test_a_region_count_after_a_single_count_takes_the_total_of_its_province(extract):
    records = extract(LEAD + "DP3A Provinsi Banten mencatat 500 kasus kekerasan sepanjang 2022. "
                      "Kekerasan terhadap perempuan di Kota Serang sebanyak 20 kasus. "
                      "Di Kabupaten Pandeglang ada 9 kasus.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36", *period, "all", "all", 500, None),
                             ("36.73", *period, "perempuan", "all", 20, None),
                             ("36.01", *period, "all", "all", 9, None)}


def test_most_victims_being_children_says_the_counts_are_not_of_children_only(extract):
    records = extract("Bahaya Kekerasan Seksual Anak di Kota Serang\n\n"
                      "DP3A Kota Serang mencatat 30 kasus kekerasan sepanjang 2022. "
                      "Mayoritas korban kekerasan seksual tersebut merupakan anak di bawah umur.")
    assert keys(records) == {("36.73", "2022-01", "2022-12", "all", "all", 30, None)}


def test_a_headline_on_children_still_frames_counts_of_an_article_without_a_majority_remark(extract):
    records = extract("Bahaya Kekerasan Seksual Anak di Kota Serang\n\n"
                      "DP3A Kota Serang mencatat 30 kasus kekerasan sepanjang 2022. "
                      "Seluruh korban kekerasan seksual tersebut merupakan anak di bawah umur.")
    assert keys(records) == {("36.73", "2022-01", "2022-12", "anak", "all", 30, None)}


def test_a_type_between_cases_and_their_victims_names_the_cases(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat pada 2022 sebanyak 8 kasus KDRT dengan 9 korban, "
                      "21 kasus kekerasan seksual dengan 25 korban.")
    period = ("2022-01", "2022-12")
    assert keys(records) == {("36.73", *period, "all", "kdrt", 8, 9),
                             ("36.73", *period, "all", "seksual", 21, 25)}


def test_a_list_of_finer_splits_goes_on_in_the_next_sentence_without_a_connector(extract):
    records = extract(LEAD + "Polda Banten mencatat 300 kasus kekerasan terhadap anak sepanjang 2022. "
                      "Kekerasan terhadap anak kandung di Polres Lebak ada tiga kasus, Polres Pandeglang dua kasus. "
                      "Untuk Polres Serang dan Polres Cilegon masing-masing satu kasus. "
                      "Sedangkan Polres Tangerang dua kasus.")
    assert keys(records) == {("36", "2022-01", "2022-12", "anak", "all", 300, None)}


def test_list_items_after_a_finer_split_without_labels_of_their_own_split_too(extract):
    records = extract(LEAD + "LBH APIK Jakarta mencatat 900 kasus kekerasan sepanjang 2021. Dalam tiga tahun "
                      "terakhir, laporan kekerasan dalam pacaran meningkat dari 20 kasus di 2019, menjadi "
                      "45 kasus pada 2020, dan 60 kasus di 2021.")
    assert keys(records) == {("31", "2021-01", "2021-12", "all", "all", 900, None)}


def test_a_type_said_of_most_of_a_count_is_not_its_type(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 90 kasus kekerasan sepanjang 2022. "
                      "Dilihat dari bentuknya, 90 kasus itu didominasi kekerasan seksual.")
    assert keys(records) == {("36.73", "2022-01", "2022-12", "all", "all", 90, None)}


def test_the_type_most_of_a_count_is_of_labels_the_count_given_for_it(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat 90 kasus kekerasan terhadap anak sepanjang 2022. "
                      "Kasus tersebut didominasi kekerasan seksual sebanyak 55 kasus.")
    assert keys(records) == {("36.73", "2022-01", "2022-12", "anak", "all", 90, None),
                             ("36.73", "2022-01", "2022-12", "anak", "seksual", 55, None)}


def test_the_title_of_a_ppa_unit_officer_names_a_body_not_a_group(extract):
    records = extract(LEAD + "Polresta Serang mencatat 20 kasus kekerasan terhadap anak pada Januari hingga Maret 2024. "
                      "Kanit PPA Iptu Rina mengatakan, pada Januari ada 9 kasus dan Februari 6 kasus.")
    assert keys(records) == {("36.73", "2024-01", "2024-03", "anak", "all", 20, None),
                             ("36.73", "2024-01", "2024-01", "anak", "all", 9, None),
                             ("36.73", "2024-02", "2024-02", "anak", "all", 6, None)}


def test_a_total_without_a_number_frames_the_breakdown_after_it(extract):
    records = extract(LEAD + "DP3A Kota Serang mencatat hingga Juni 2023, kekerasan terhadap anak mencapai ratusan kasus. "
                      "Kekerasan fisik 120 kasus, kekerasan psikis 95 kasus.")
    period = ("2023-01", "2023-06")
    assert keys(records) == {("36.73", *period, "anak", "fisik", 120, None),
                             ("36.73", *period, "anak", "psikis", 95, None)}


@pytest.mark.parametrize("written, region", [
    ("JAKARTA - Data Simfoni PPA", "00"),  # only a dateline: the national system's own figure
    ("Data Simfoni PPA Kota Serang", "36.73"),  # the system's figure for the region named
])
def test_a_national_data_system_counts_indonesia_only_where_no_region_is_named(extract, written, region):
    records = extract(LEAD + f"{written} mencatat 2.325 kasus kekerasan fisik sepanjang 2022.")
    assert keys(records) == {(region, "2022-01", "2022-12", "all", "fisik", 2325, None)}
