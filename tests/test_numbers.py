"""The number reader against arithmetic: every value below a million, in words and in digits."""
from __future__ import annotations

import pytest

from pipeline.numbers import parse_digits, parse_number_words
from pipeline.rules import default_rules

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
    if n == 0:
        return ["nol"]
    thousands, rest = divmod(n, 1000)
    words = [] if not thousands else ["seribu"] if thousands == 1 else below_thousand_words(thousands) + ["ribu"]
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
