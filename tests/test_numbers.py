"""The number reader against arithmetic: every value below a million, in words and in digits; and
a sequence that is not a well-formed number gives no number, never a wrong one."""
from __future__ import annotations

import itertools
import shutil

import pytest

from pipeline.numbers import parse_digits, parse_number_words
from pipeline.rules import RULES_DIR, RuleError, default_rules, load_rules

NUMBERS = default_rules().numbers
UNITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def below_thousand_words(n: int) -> list[str]:
    """Reference, written from the grammar: 1..999 as Indonesian words."""
    hundreds, rest = divmod(n, 100)
    words = [] if not hundreds else ["seratus"] if hundreds == 1 else [UNITS[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [UNITS[rest - 10], "belas"]
    elif rest >= 20:
        tens, units = divmod(rest, 10)
        words += [UNITS[tens], "puluh"] + ([UNITS[units]] if units else [])
    elif rest:
        words.append(UNITS[rest])
    return words


def reference_words(n: int) -> list[str]:
    """0..999 999 999 in words: groups of three digits, seribu and sejuta for one of a scale."""
    if n == 0:
        return ["nol"]
    millions, rest = divmod(n, 1_000_000)
    thousands, rest = divmod(rest, 1000)
    words: list[str] = []
    for count, scale, one in ((millions, "juta", "sejuta"), (thousands, "ribu", "seribu")):
        words += [] if not count else [one] if count == 1 else below_thousand_words(count) + [scale]
    return words + (below_thousand_words(rest) if rest else [])


def test_every_value_below_a_million_in_words_reads_back_exactly():
    wrong = [n for n in range(1_000_000) if parse_number_words(reference_words(n), NUMBERS) != n]
    assert wrong == [], f"{len(wrong)} misread, first {wrong[:5]}: {[reference_words(n) for n in wrong[:3]]}"


def test_every_value_below_a_million_in_digits_reads_back_exactly():
    wrong = [n for n in range(1_000_000) if parse_digits(f"{n:,}".replace(",", "."), None) != n]
    assert wrong == []
    commas = [n for n in range(1000, 1_000_000) if parse_digits(f"{n:,}", None) != n]  # "2,343 kasus"
    assert commas == []


@pytest.mark.parametrize("words, value", [
    ("dua ratus lima puluh ribu", 250_000),
    ("seratus ribu", 100_000),
    ("sebelas ribu", 11_000),
    ("satu ribu dua ratus", 1_200),
    ("sejuta", 1_000_000),
    ("dua juta tiga ratus ribu", 2_300_000),
])
def test_compound_words_compose_by_scale(words, value):
    assert parse_number_words(words.split(), NUMBERS) == value


@pytest.mark.parametrize("words", [
    "dua tiga", "puluh dua", "ribu ribu", "satu puluh", "dua ribu tiga ribu", "seratus seratus",
    "sebelas belas", "belas", "dua puluh tiga puluh", "lima ratus dua ratus", "ribu dua juta",
])
def test_malformed_words_are_no_number(words):
    assert parse_number_words(words.split(), NUMBERS) is None


@pytest.mark.parametrize("text, scale, value", [
    ("2", 1000, 2000),            # "2 ribu kasus"
    ("1,5", 1_000_000, 1_500_000),  # a decimal the scale makes whole
    ("2,25", 1000, 2250),
    ("2,5", None, None),          # a fraction alone is no count
    ("1,2345", 1000, None),       # a decimal the scale does not make whole
    ("25.8", None, None),
    ("12345678", None, None),     # more than six digits without dots: an id, not a count
])
def test_digits_with_scales_and_fractions(text, scale, value):
    assert parse_digits(text, scale) == value


def test_the_spacy_component_marks_numbers_with_their_values(nlp):
    doc = nlp("Tercatat 2,343 kasus, lalu dua ratus lima puluh ribu rupiah, 2 ribu korban dan 2,5 persen.")
    assert [(span.text, span.id_) for span in doc.spans["numbers"]] == [
        ("2,343", "2343"), ("dua ratus lima puluh ribu", "250000"), ("2 ribu", "2000")]


def test_reference_spells_the_grammar_examples():
    assert reference_words(250_302) == "dua ratus lima puluh ribu tiga ratus dua".split()
    assert reference_words(11_000) == ["sebelas", "ribu"]
    assert reference_words(1_000_000) == ["sejuta"]
    assert reference_words(2_017_000) == "dua juta tujuh belas ribu".split()


def test_millions_read_back_exactly():
    wrong = [n for millions in range(1, 1000) for rest in (0, 1, 11, 250_302, 999_999)
             if parse_number_words(reference_words(n := millions * 1_000_000 + rest), NUMBERS) != n]
    assert wrong == []


def test_no_word_sequence_reads_as_a_number_it_does_not_spell():
    """Every sequence of up to four number words is no number or a spelling of its value ("satu
    ribu" for "seribu" allowed): the grammar never composes a wrong magnitude."""
    vocabulary = sorted(NUMBERS)
    for length in range(1, 5):
        for words in itertools.product(vocabulary, repeat=length):
            value = parse_number_words(list(words), NUMBERS)
            if value is not None:
                assert with_satu(list(words)) == with_satu(reference_words(value)), (words, value)


def with_satu(words: list[str]) -> list[str]:
    """The words with each se- form written out: "seribu" -> "satu ribu"."""
    se_forms = {"sepuluh": "puluh", "sebelas": "belas", "seratus": "ratus", "seribu": "ribu", "sejuta": "juta"}
    return [part for word in words for part in (["satu", se_forms[word]] if word in se_forms else [word])]


@pytest.mark.parametrize("words", [
    "puluh dua puluh", "ribu", "juta", "puluh", "ratus", "dua puluh sebelas", "sepuluh satu",
    "dua seratus", "dua ribu seribu", "seribu juta", "nol ribu", "satu nol", "dua puluh nol",
    "dua belas puluh", "dua puluh puluh", "dua ratus ratus", "dua ribu ribu", "lima puluh dua ratus",
])
def test_more_malformed_words_are_no_number(words):
    assert parse_number_words(words.split(), NUMBERS) is None


@pytest.mark.parametrize("text, scale, value", [
    ("2,343", None, 2343), ("1,234,567", None, 1_234_567), ("12.500", 1000, 12_500_000), ("0,25", 1000, 250),
    ("0,343", None, None),  # a leading zero: only a fraction, not 343
    ("0.500", None, None),  # nor is "0.500" five hundred
    ("1,5", None, None), ("1.234,5", None, None), ("1.234,567", None, None), ("12.34.567", None, None),
    ("1234567", None, None), ("10/9", None, None), ("", None, None),
])
def test_digits_read_whole_or_not_at_all(text, scale, value):
    assert parse_digits(text, scale) == value


@pytest.mark.parametrize("row", [
    "ratus,50,multiplier", "sepuluh,10,unit", "belas,11,teen", "nihil,0,fixed", "selusin,12,prefix",
])
def test_a_number_word_whose_value_does_not_fit_its_kind_does_not_load(tmp_path, row):
    """The grammar relies on the kinds: a unit is 0-9, a multiplier 10, 100 or a power of a thousand."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    with (rules / "numbers.csv").open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    with pytest.raises(RuleError, match="bad number rule"):
        load_rules(rules)


def numbers_in(nlp, text: str) -> list[tuple[str, int]]:
    doc = nlp(text)
    return [(span.text, int(span.id_)) for span in doc.spans["numbers"]]


@pytest.mark.parametrize("text, expected", [
    ("Tercatat 2 ribu kasus tahun lalu.", [("2 ribu", 2000)]),
    ("Anggarannya naik menjadi 1,5 juta rupiah.", [("1,5 juta", 1_500_000)]),
    ("Dinas mencatat 2,343 kasus kekerasan.", [("2,343", 2343)]),
    ("Ada 1.234 laporan masuk.", [("1.234", 1234)]),
    ("Sebanyak seribu lima ratus korban didampingi.", [("seribu lima ratus", 1500)]),
    ("Sejuta warga ikut kampanye.", [("Sejuta", 1_000_000)]),
    ("Sepanjang 2023 ada tujuh belas kasus.", [("2023", 2023), ("tujuh belas", 17)]),
])
def test_numbers_found_in_sentences(nlp, text, expected):
    assert numbers_in(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Angkanya turun 2,5 persen dibanding tahun lalu.",
    "Angkanya turun 2,5% dibanding tahun lalu.",
    "Hanya 0,343 persen yang melapor.",
    "Ada dua tiga kasus yang belum jelas.",
    "Kata puluh dua puluh tidak berarti apa-apa.",
    "Mereka menulis ribu ribu di papan.",
    "Dana juta rupiah itu hilang.",
    "Belasan kasus dan puluhan korban dilaporkan.",
])
def test_fractions_hedges_and_malformed_words_give_no_number(nlp, text):
    assert numbers_in(nlp, text) == []


def test_digits_glued_to_an_undecodable_character_are_no_number(nlp):
    doc = nlp("Tercatat 1\ufffd2 kasus dan 34 kasus.")
    assert [span.id_ for span in doc.spans["numbers"]] == ["34"]
