"""Numbers as Indonesian writes them: digits with "." thousands ("1.044"), "2 ribu", and words
("dua puluh lima"). The words and their kinds are data in rules/numbers.csv."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from .rules import RuleSet

# "1.044", "999.999", "25": a count in digits, "." grouping thousands ("0.500" groups nothing).
DIGITS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+|\d{1,6}")
# "2,343": a comma before exactly three digits, where a count cannot be a fraction, groups thousands;
# "0,343" can only be a fraction.
COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
# "1,5" before "juta"/"ribu": a decimal that the scale word makes whole (1 500 000).
DECIMAL = re.compile(r"(\d{1,3}),(\d{1,3})")


def parse_digits(text: str, scale: int | None) -> int | None:
    """A count written in digits, times the scale word after it ("2 ribu"); None for what is no
    whole count ("2,5" alone is a fraction, "12345678" an id or a sum of money)."""
    if scale is not None:
        decimal = DECIMAL.fullmatch(text)
        if decimal:  # "1,5 juta" = 1 500 000; "2,25 ribu" = 2 250
            whole, fraction = decimal.groups()
            value = (int(whole) * 10 ** len(fraction) + int(fraction)) * scale
            return value // 10 ** len(fraction) if value % 10 ** len(fraction) == 0 else None
    if DIGITS.fullmatch(text):
        value = int(text.replace(".", ""))
    elif COMMA_THOUSANDS.fullmatch(text) and scale is None:
        value = int(text.replace(",", ""))
    else:
        return None
    return value * (scale or 1)


class _WordNumber:
    """Reads number words by Indonesian grammar: groups below a thousand (ratus, puluh, belas,
    units), each followed by a scale word (ribu, juta) strictly smaller than the one before.
    Any other sequence ("dua tiga", "ribu ribu", "satu puluh") is no number."""

    def __init__(self, words: list[str], numbers: dict[str, tuple[int, str]]) -> None:
        self.words, self.numbers, self.i = words, numbers, 0

    def _peek(self, offset: int = 0) -> tuple[int, str] | None:
        j = self.i + offset
        return self.numbers.get(self.words[j]) if j < len(self.words) else None

    def _unit(self, offset: int = 0, smallest: int = 1) -> int | None:
        entry = self._peek(offset)
        return entry[0] if entry is not None and entry[1] == "unit" and entry[0] >= smallest else None

    def _multiplier(self, offset: int, value: int) -> bool:
        return self._peek(offset) == (value, "multiplier")

    def below_thousand(self) -> int | None:
        value, start = 0, self.i
        first = self._peek()
        if first == (100, "fixed"):  # seratus
            value, self.i = 100, self.i + 1
        elif self._unit(0, 2) is not None and self._multiplier(1, 100):  # dua ratus
            value, self.i = self._unit(0, 2) * 100, self.i + 2
        entry = self._peek()
        if entry is not None and entry[1] == "fixed" and 10 <= entry[0] < 20:  # sepuluh, sebelas
            value, self.i = value + entry[0], self.i + 1
        elif self._unit(0, 2) is not None and self._peek(1) is not None and self._peek(1)[1] == "teen":
            value, self.i = value + 10 + self._unit(0, 2), self.i + 2  # dua belas
        elif self._unit(0, 2) is not None and self._multiplier(1, 10):  # dua puluh [tiga]
            value, self.i = value + self._unit(0, 2) * 10, self.i + 2
            if self._unit() is not None:
                value, self.i = value + self._unit(), self.i + 1
        elif self._unit() is not None:
            value, self.i = value + self._unit(), self.i + 1
        return value if self.i > start else None

    def read(self) -> int | None:
        if [self.numbers.get(w) for w in self.words] == [(0, "unit")]:
            return 0  # "nol"
        total, last_scale = 0, None
        while self.i < len(self.words):
            entry = self._peek()
            if entry is not None and entry[1] == "fixed" and entry[0] >= 1000:  # seribu, sejuta
                part, scale, self.i = 1, entry[0], self.i + 1
            else:
                part = self.below_thousand()
                if part is None:
                    return None
                after = self._peek()
                scale = 1
                if after is not None and after[1] == "multiplier" and after[0] >= 1000:
                    scale, self.i = after[0], self.i + 1
            if last_scale is not None and scale >= last_scale:
                return None
            total, last_scale = total + part * scale, scale
        return total


def parse_number_words(words: list[str], numbers: dict[str, tuple[int, str]]) -> int | None:
    """"dua puluh lima" -> 25, "dua ratus lima puluh ribu" -> 250 000; None when the words do
    not form a number (a wrong number is worse than none)."""
    return _WordNumber(words, numbers).read()


class NumberFinder:
    """Marks numbers written in digits ("1.044") or words ("dua puluh lima") in doc.spans["numbers"]."""

    def __init__(self, rules: RuleSet):
        self.numbers = rules.numbers
        # Digits are LIKE_NUM; number words are looked up by their string ids.
        self.number_words = numpy.array([get_string_id(word) for word in self.numbers], dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        end = 0  # tokens before it belong to a number already found
        for i in token_positions(doc, LIKE_NUM, self.number_words):
            if i < end:
                continue
            token = doc[i]
            if token.text[:1].isdigit():
                if _touches_replacement(doc, i):
                    continue  # "1\ufffd2": a character lost in decoding may have been a digit
                after = self.numbers.get(doc[i + 1].lower_) if i + 1 < len(doc) else None
                scale = after[0] if after is not None and after[1] == "multiplier" and after[0] >= 1000 else None
                value = parse_digits(token.text, scale)
                end = i + 1 + (scale is not None)
                if value is not None:
                    spans.append(Span(doc, i, end, label="NUM", span_id=str(value)))
                continue
            end = i
            while end < len(doc) and doc[end].lower_ in self.numbers:
                end += 1
            if end > i:
                value = parse_number_words([t.lower_ for t in doc[i:end]], self.numbers)
                if value is not None:
                    spans.append(Span(doc, i, end, label="NUM", span_id=str(value)))
        doc.spans["numbers"] = spans
        return doc


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


def _touches_replacement(doc: Doc, i: int) -> bool:
    """Whether token i is glued to a U+FFFD (a character that could not be decoded)."""
    token = doc[i]
    before = doc[i - 1] if i > 0 and not doc[i - 1].whitespace_ else None
    after = doc[i + 1] if i + 1 < len(doc) and not token.whitespace_ else None
    return "\ufffd" in token.text or any(t is not None and "\ufffd" in t.text for t in (before, after))
