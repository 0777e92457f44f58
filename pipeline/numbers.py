"""Numbers as Indonesian writes them: digits with "." thousands ("1.044"), "2 ribu", and words
("dua puluh lima"). The words and their kinds are data in rules/numbers.csv."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from .rules import RuleSet

DIGITS = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d{1,6}$")


def parse_number_words(words: list[str], numbers: dict[str, tuple[int, str]]) -> int | None:
    """"dua puluh lima" -> 25, "seratus" -> 100; None when the words do not form a number."""
    total, current, seen_unit = 0, 0, False
    for word in words:
        value, kind = numbers[word]
        if kind == "unit":
            if seen_unit:
                return None
            current += value
            seen_unit = True
        elif kind == "fixed":
            if value >= 1000:
                total += (current or 0) + value
                current = 0
            else:
                current += value
            seen_unit = False
        elif kind == "teen":
            if not seen_unit:
                return None
            current += 10
            seen_unit = False
        elif kind == "multiplier":
            if value >= 1000:
                total += (current or 1) * value
                current = 0
            else:
                current = (current or 1) * value
            seen_unit = False
    return total + current


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
            if DIGITS.match(token.text):
                value, end = int(token.text.replace(".", "")), i + 1
                scale = self.numbers.get(doc[end].lower_) if end < len(doc) else None
                if scale is not None and scale[1] == "multiplier" and scale[0] >= 1000:
                    value, end = value * scale[0], end + 1  # "2 ribu kasus" is 2000
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
