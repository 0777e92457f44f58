"""The rule loader: shipped rules load, a bad row fails loudly with file and line, changes show."""
from __future__ import annotations

import shutil

import pytest

from pipeline.rules import RULES_DIR, RuleError, load_rules


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def test_shipped_rules_hold_every_region_and_indonesia():
    rules = load_rules()
    assert len(rules.regions) == 38 + 514 + 1
    assert rules.regions["00"].name == "Indonesia"
    assert rules.regions["36.73"].name == "Kota Serang" and rules.regions["36.04"].name == "Kabupaten Serang"
    assert rules.region_aliases["tangsel"] == "36.74"


@pytest.mark.parametrize("file, row, message", [
    ("violence_types.csv", "pemukulan,pukulan", "is not one of"),
    ("groups.csv", "nenek,lansia_perempuan", "is not one of"),
    ("numbers.csv", "selusin,dua belas,fixed", "bad number rule"),
    ("periods.csv", "musim hujan,season,", "unknown kind"),
    ("region_aliases.csv", "Kota Antah,99.99,", "unknown code"),
    ("connectors.csv", "namun,rebuttal", "unknown kind"),
    ("national_agencies.csv", "Bappenas,body", "not a short name"),
    ("national_agencies.csv", "KPAI,everywhere", "is not one of"),
    ("hedges.csv", "kurang lebih,approximate,extra", "fields"),
    ("scopes.csv", "region,clause|headline", "cannot be read from scope"),
    ("scopes.csv", "group,clause", "repeated slot"),
])
def test_a_malformed_row_names_its_file(rules_copy, file, row, message):
    with (rules_copy / file).open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    with pytest.raises(RuleError, match=message) as error:
        load_rules(rules_copy)
    assert file in str(error.value)


def test_a_missing_rule_file_is_an_error(rules_copy):
    (rules_copy / "months.csv").unlink()
    with pytest.raises(RuleError, match="months.csv"):
        load_rules(rules_copy)


def test_fingerprint_changes_with_any_rule_file(rules_copy):
    before = load_rules(rules_copy).fingerprint
    with (rules_copy / "boilerplate.txt").open("a", encoding="utf-8") as f:
        f.write("^Simak berita lainnya.*$\n")
    assert load_rules(rules_copy).fingerprint != before


def test_a_new_pattern_is_a_line_of_data(rules_copy, tmp_path):
    from pipeline.batch import process

    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("Kekerasan Anak\n\nDP3A Kota Serang mencatat 20 kasus perisakan sepanjang 2023.\n",
                       encoding="utf-8")
    assert {r.violence_type for r in process([article.parent], rules_copy).records} == {"all"}
    with (rules_copy / "violence_types.csv").open("a", encoding="utf-8") as f:
        f.write("perisakan,perundungan\n")
    assert {r.violence_type for r in process([article.parent], rules_copy).records} == {"perundungan"}


def test_scope_order_is_data(rules_copy, tmp_path):
    """Without the article scope for regions, a count whose sentence names no region has none."""
    from pipeline.batch import process

    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("Kekerasan Anak\n\nDP3A Kota Serang memaparkan data.\n\n"
                       "Tercatat 20 kasus kekerasan sepanjang 2023.\n", encoding="utf-8")
    assert {r.region_code for r in process([article.parent], rules_copy).records} == {"36.73"}
    scopes = (rules_copy / "scopes.csv").read_text(encoding="utf-8")
    (rules_copy / "scopes.csv").write_text(scopes.replace("region,clause|list|national_body|national_system|article",
                                                          "region,clause|list|national_body|national_system"),
                                            encoding="utf-8")
    assert {r.region_code for r in process([article.parent], rules_copy).records} == {None}
