"""Where each slot of a count comes from: sentences written for these tests, one construction each."""
from __future__ import annotations

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
