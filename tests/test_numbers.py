"""The number reader against arithmetic: every value below a million, written in words by an
independent reference and in digits with "." thousands, must read back exactly; and a sequence
that is not a well-formed number must give no number, never a wrong one."""
from __future__ import annotations

import itertools
import shutil

import pytest

from pipeline.numbers import parse_digits, parse_number_words
from pipeline.rules import RULES_DIR, RuleError, default_rules, load_rules

NUMBERS = default_rules().numbers
UNIT_WORDS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def words_below_thousand(n: int) -> list[str]:
    """1..999 in words, from the grammar: seratus / X ratus, then sepuluh, sebelas, X belas,
    X puluh [Y], or a unit."""
    hundreds, rest = divmod(n, 100)
    words = ["seratus"] if hundreds == 1 else [UNIT_WORDS[hundreds], "ratus"] if hundreds else []
    tens, units = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [UNIT_WORDS[units], "belas"]
    elif tens:
        words += [UNIT_WORDS[tens], "puluh"] + ([UNIT_WORDS[units]] if units else [])
    elif units:
        words.append(UNIT_WORDS[units])
    return words


def reference_words(n: int) -> list[str]:
    """0..999 999 999 in words: groups of three digits, seribu and sejuta for one of a scale."""
    if n == 0:
        return ["nol"]
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words: list[str] = []
    for count, scale, one in ((millions, "juta", "sejuta"), (thousands, "ribu", "seribu")):
        if count == 1:
            words.append(one)
        elif count:
            words += words_below_thousand(count) + [scale]
    return words + (words_below_thousand(units) if units else [])


def test_reference_spells_the_grammar_examples():
    assert reference_words(250_302) == "dua ratus lima puluh ribu tiga ratus dua".split()
    assert reference_words(11_000) == ["sebelas", "ribu"]
    assert reference_words(100_000) == ["seratus", "ribu"]
    assert reference_words(1_000_000) == ["sejuta"]
    assert reference_words(17) == ["tujuh", "belas"]


def test_every_value_below_a_million_read_from_words():
    wrong = [(n, words) for n in range(1_000_000)
             if parse_number_words(words := reference_words(n), NUMBERS) != n]
    assert wrong == []


def test_millions_read_from_words():
    for millions in range(1, 1000):
        for rest in (0, 1, 11, 250_302, 999_999):
            n = millions * 1_000_000 + rest
            assert parse_number_words(reference_words(n), NUMBERS) == n


@pytest.mark.parametrize("words, value", [
    ("satu juta", 1_000_000), ("satu juta dua ratus ribu", 1_200_000), ("satu ribu", 1000),
    ("satu ratus dua puluh", 120), ("seribu lima ratus", 1500), ("nol", 0),
])
def test_written_with_satu_instead_of_se(words, value):
    assert parse_number_words(words.split(), NUMBERS) == value


@pytest.mark.parametrize("words", [
    "dua tiga", "puluh dua puluh", "ribu ribu", "ribu", "juta", "puluh", "belas", "ratus",
    "dua puluh sebelas", "lima puluh dua ratus", "sepuluh satu", "seratus seratus", "dua seratus",
    "dua ribu seribu", "seribu juta", "dua ribu tiga juta", "nol ribu", "satu nol", "dua puluh nol",
    "dua belas puluh", "dua puluh puluh", "dua ratus ratus", "sebelas belas", "dua ribu ribu",
])
def test_malformed_words_give_no_number(words):
    assert parse_number_words(words.split(), NUMBERS) is None


def test_no_word_sequence_reads_as_a_number_it_does_not_spell():
    """Every sequence of up to four number words is either no number or the spelling of its value
    (with "satu ratus" allowed for "seratus" and the like): a wrong number is never read."""
    vocabulary = sorted(NUMBERS)
    for length in range(1, 5):
        for words in itertools.product(vocabulary, repeat=length):
            value = parse_number_words(list(words), NUMBERS)
            if value is not None:
                assert with_satu(list(words)) == with_satu(reference_words(value)), (words, value)


def with_satu(words: list[str]) -> list[str]:
    """The words with each se- form written out: "seratus" -> "satu ratus"."""
    se_forms = {"sepuluh": "puluh", "sebelas": "belas", "seratus": "ratus", "seribu": "ribu", "sejuta": "juta"}
    return [part for word in words for part in (["satu", se_forms[word]] if word in se_forms else [word])]


def test_every_value_below_a_million_read_from_digits():
    wrong = [n for n in range(1_000_000)
             if parse_digits(f"{n:,}".replace(",", ".")) != n or parse_digits(str(n)) != n]
    assert wrong == []


def test_comma_with_three_digits_is_thousands_when_no_scale_follows():
    assert parse_digits("2,343") == 2343
    assert parse_digits("1,234,567") == 1_234_567
    wrong = [n for n in range(1000, 1_000_000, 7) if parse_digits(f"{n:,}") != n]
    assert wrong == []


@pytest.mark.parametrize("text, scale, value", [
    ("1,5", 1_000_000, 1_500_000), ("2,343", 1_000_000, 2_343_000), ("2,343", 1000, 2343),
    ("3.5", 1_000_000, 3_500_000), ("1.234,5", 1000, 1_234_500), ("2", 1000, 2000),
    ("12.500", 1000, 12_500_000), ("0,25", 1000, 250),
])
def test_decimals_before_a_scale(text, scale, value):
    assert parse_digits(text, scale) == value


@pytest.mark.parametrize("text, scale", [
    ("2,5", 1), ("1,5", 1), ("0,343", 1), ("1.234,5", 1), ("3.5", 1), ("1,2345", 1000),
    ("1.2345", 1000), ("1.23", 1), ("1234567", 1), ("0.500", 1), ("1.234,567", 1), ("12.34.567", 1),
    ("10/9", 1), ("2,3,4", 1000), ("", 1),
])
def test_digits_that_are_not_a_whole_number_give_none(text, scale):
    assert parse_digits(text, scale) is None


@pytest.mark.parametrize("row", [
    "ratus,1000,multiplier", "sepuluh,10,unit", "belas,11,teen", "miliar,1000001,scale", "nihil,0,fixed",
])
def test_a_number_word_whose_value_does_not_fit_its_kind_does_not_load(tmp_path, row):
    """The grammar relies on the kinds: a unit is 0-9, puluh/ratus 10/100, a scale a power of a thousand."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    with (rules / "numbers.csv").open("a", encoding="utf-8") as f:
        f.write(row + "\n")
    with pytest.raises(RuleError, match="bad number rule"):
        load_rules(rules)


# ---------------------------------------------------------------- through the spaCy pipeline

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
    ("Korban mencapai dua ratus lima puluh ribu orang.", [("dua ratus lima puluh ribu", 250_000)]),
    ("Sepanjang 2023 ada tujuh belas kasus.", [("2023", 2023), ("tujuh belas", 17)]),
])
def test_numbers_found_in_sentences(nlp, text, expected):
    assert numbers_in(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "Angkanya turun 2,5 persen dibanding tahun lalu.",
    "Angkanya turun 2,5% dibanding tahun lalu.",
    "Ada dua tiga kasus yang belum jelas.",
    "Kata puluh dua puluh tidak berarti apa-apa.",
    "Mereka menulis ribu ribu di papan.",
    "Dana juta rupiah itu hilang.",
])
def test_fractions_and_malformed_words_give_no_number(nlp, text):
    assert numbers_in(nlp, text) == []


def test_a_hedge_gives_no_number(nlp):
    assert numbers_in(nlp, "Belasan kasus dan puluhan korban dilaporkan.") == []
