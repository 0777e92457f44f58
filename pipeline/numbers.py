"""Numbers as Indonesian writes them: digits with "." thousands ("1.044"), "2 ribu", "1,5 juta", and
words ("dua ratus lima puluh ribu"). The words and their kinds are data in rules/numbers.csv; what
is not a well-formed number gives no number, never a guess (a wrong count is the worst output)."""
from __future__ import annotations

import re
from fractions import Fraction

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from .rules import RuleSet

PLAIN_DIGITS = re.compile(r"\d{1,6}")  # longer runs of bare digits are phone numbers and IDs
DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # "1.234", "999.999"
COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")  # "2,343 kasus": no fraction can be meant
# Before ribu/juta a number may have a fraction: "1,5 juta", "2,343 juta", and "3.5 juta", whose
# dot cannot be a thousands separator (a thousands group has three digits).
DECIMAL = re.compile(r"(?P<whole>\d{1,6}|[1-9]\d{0,2}(?:\.\d{3})+),(?P<fraction>\d+)"
                     r"|(?P<dot_whole>\d{1,3})\.(?P<dot_fraction>\d{1,2})")


def parse_digits(text: str, scale: int = 1) -> int | None:
    """The whole number that `text` times `scale` (1, or the value of a ribu/juta after it) stands
    for: "1.234" -> 1234, "2,343" -> 2343, "1,5" with juta -> 1500000; None for anything else, a
    fraction on its own ("2,5 persen") included, since a count is a whole number."""
    if PLAIN_DIGITS.fullmatch(text) or DOT_THOUSANDS.fullmatch(text):
        return int(text.replace(".", "")) * scale
    if scale == 1:
        return int(text.replace(",", "")) if COMMA_THOUSANDS.fullmatch(text) else None
    match = DECIMAL.fullmatch(text)
    if match is None:
        return None
    whole = match["whole"] or match["dot_whole"]
    fraction = match["fraction"] or match["dot_fraction"]
    value = (int(whole.replace(".", "")) + Fraction(int(fraction), 10 ** len(fraction))) * scale
    return int(value) if value.denominator == 1 else None


def parse_number_words(words: list[str], numbers: dict[str, tuple[int, str]]) -> int | None:
    """"dua ratus lima puluh ribu tiga" -> 250003; None when the words are not a well-formed number.

    The grammar: a number is groups below a thousand, each but the last followed by a scale
    (juta, ribu; seribu and sejuta are one of it), the scales strictly decreasing. A group is terms
    (seratus / dua ratus, then sepuluh / sebelas / dua belas / dua puluh, then a unit), each filling
    only places below the one before. "nol" stands only alone."""
    entries = [numbers.get(word) for word in words]
    if not entries or None in entries:
        return None
    if len(entries) == 1 and entries[0][1] == "unit":
        return entries[0][0]
    terms = _terms(entries)
    if terms is None:
        return None
    total, scale_room = 0, None  # the next scale must be below scale_room
    group, group_room = 0, 1000  # the next term of the group must be below group_room
    for value, role in terms:
        if role in ("unit", "group"):
            if value >= group_room:
                return None
            group, group_room = group + value, _room_below(value)
            continue
        if scale_room is not None and value >= scale_room:
            return None
        if (role == "scale") != (group > 0):
            return None  # "ribu" needs a group before it, "seribu" has its own
        total += (group if role == "scale" else 1) * value
        scale_room, group, group_room = value, 0, 1000
    return total + group


def _terms(entries: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """Number words -> (value, role) terms: a unit joins the belas/puluh/ratus after it ("dua puluh"
    is one term, 20). Roles: unit, group (a term inside a group), scale (ribu, juta: times the group
    before), one_scale (seribu, sejuta). None when a belas/puluh/ratus has no unit before it."""
    terms: list[tuple[int, str]] = []
    for value, kind in entries:
        if kind == "unit":
            if value == 0:
                return None
            terms.append((value, "unit"))
        elif kind in ("teen", "multiplier"):
            if not terms or terms[-1][1] != "unit":
                return None
            unit = terms.pop()[0]
            terms.append((unit + value if kind == "teen" else unit * value, "group"))
        elif kind == "scale":
            terms.append((value, "scale"))
        else:  # fixed
            terms.append((value, "group" if value < 1000 else "one_scale"))
    return terms


def _room_below(term: int) -> int:
    """The places a group term leaves free after it: dua ratus leaves the tens and units (< 100),
    dua puluh the units (< 10); a unit or a teen leaves none, nor does sepuluh, as 11-19 are
    written sebelas, dua belas… and never "sepuluh satu"."""
    if term == 10:
        return 1
    digits = str(term)
    return 10 ** (len(digits) - len(digits.rstrip("0")))


class NumberFinder:
    """Marks numbers written in digits ("1.044", "1,5 juta") or words ("dua puluh lima") in
    doc.spans["numbers"], each span's span_id its value."""

    def __init__(self, rules: RuleSet):
        self.numbers = rules.numbers
        # Digits are LIKE_NUM; number words are looked up by their string ids.
        self.number_words = numpy.array([get_string_id(word) for word in self.numbers], dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        end = 0  # tokens before it belong to a number already read
        for i in token_positions(doc, LIKE_NUM, self.number_words):
            if i < end:
                continue
            if doc[i].text[:1].isdigit():
                scale = self._scale_at(doc, i + 1)
                end = i + 1 if scale is None else i + 2  # "2 ribu kasus" is 2000
                value = parse_digits(doc[i].text, scale or 1)
            else:
                end = i
                while end < len(doc) and doc[end].lower_ in self.numbers:
                    end += 1
                value = parse_number_words([t.lower_ for t in doc[i:end]], self.numbers)
            if value is not None:
                spans.append(Span(doc, i, end, label="NUM", span_id=str(value)))
        doc.spans["numbers"] = spans
        return doc

    def _scale_at(self, doc: Doc, i: int) -> int | None:
        """The value of the scale word (ribu, juta) at token i, if there is one."""
        entry = self.numbers.get(doc[i].lower_) if i < len(doc) else None
        return entry[0] if entry is not None and entry[1] == "scale" else None


def token_positions(doc: Doc, flag: int | None, lowercase_words: numpy.ndarray) -> list[int]:
    """Indices of the tokens with the flag set or whose lowercase form is one of the words (as string
    ids): the few places a component must look at, found without making a Token for every word."""
    if not len(doc):
        return []
    columns = doc.to_array([LOWER] if flag is None else [LOWER, flag]).reshape(len(doc), -1)
    hits = numpy.isin(columns[:, 0], lowercase_words)
    if flag is not None:
        hits |= columns[:, 1].astype(bool)
    return numpy.flatnonzero(hits).tolist()
