"""Extract stage: a spaCy pipeline that reads candidate records out of a cleaned article.

`build_nlp()` returns an ordinary spaCy Language (spaCy's Indonesian, with the tokenizer
`kp_indonesian_tokenizer.v1`: the same tokens as `spacy.blank("id")`, found faster):

    agency_ruler -> region_ruler -> cue_ruler -> sentences -> numbers -> agency_names -> count_records

The rulers are spaCy SpanRulers whose patterns come from `rules/`; the registered components
`kp_sentences`, `kp_numbers`, `kp_agency_names` and `kp_count_records` add what phrase lists
cannot express. After the pipeline, `doc._.candidates` holds the Candidate records, with
values still as written (period pieces, region code sets); the normalize stage resolves them.
How the counts are read is pipeline/reader.py's job.
Load it in a notebook with `from pipeline.extract import build_nlp; nlp = build_nlp()`.
It saves and loads like any spaCy pipeline: `nlp.to_disk(path)` writes the rules it was built
from into the folder, and `spacy.load(path)` finds the factories and the tokenizer through the
package's entry points (pyproject.toml), in any process, with no import first.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_DIGIT, IS_QUOTE, IS_SPACE, IS_TITLE, IS_UPPER, ORTH, SENT_START
from spacy.lang.id.punctuation import HTML_PREFIX
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .numbers import NumberFinder, token_positions
from .reader import ENDERS, ArticleReader, Candidate, NotAnArticle, PeriodSpec, SlotSource
from . import __version__
from .rules import RULES_DIR, RuleError, RuleSet, fingerprint_of, rule_files, rules_at, save_rules

# Candidate, PeriodSpec, SlotSource and NotAnArticle are defined by the reader and part of this
# module's public surface (`from pipeline.extract import Candidate`).
__all__ = ["build_nlp", "may_hold_counts", "Candidate", "NotAnArticle", "PeriodSpec", "SlotSource",
           "TOKENIZER_CONFIG"]

Doc.set_extension("candidates", default=None, force=True)


def may_hold_counts(text: str, rules: RuleSet) -> bool:
    """A cheap test before spaCy: without a topic word the reader would find nothing anyway.

    The same test as ArticleReader._on_topic, on the raw text: a phrase the matcher finds is
    written as its words, separated by whitespace and not glued to other letters. So skipping
    spaCy never changes a result, and most of a general news crawl costs only this scan.
    """
    return _topic_pattern(rules.topic_words).search(text.lower()) is not None


@functools.lru_cache(maxsize=4)
def _topic_pattern(phrases: frozenset[str]) -> re.Pattern[str]:
    written = sorted((r"\s+".join(map(re.escape, p.split())) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(written) + r")(?![^\W\d_])")


def _spellings(name: str) -> set[str]:
    """Spellings of a place name that news uses: "Pangkal Pinang", "Pangkalpinang", "Toli-Toli"."""
    words = re.split(r"[\s\-]+", name.strip())
    if len(words) > 4:
        return {name, " ".join(words)}
    out = {name}
    for joins in itertools.product((" ", ""), repeat=len(words) - 1):
        out.add(words[0] + "".join(j + w for j, w in zip(joins, words[1:])))
    return out


KIND_PRIORITY = ["police", "exact", "bare"]


def _region_forms(rules: RuleSet) -> dict[tuple[str, str], set[str]]:
    """(form, kind) -> region codes. kind: exact (prefix or alias), bare (name alone), police."""
    forms: dict[tuple[str, str], set[str]] = {}

    def add(form: str, kind: str, code: str) -> None:
        for spelling in _spellings(form):
            forms.setdefault((spelling, kind), set()).add(code)

    by_base: dict[str, dict[str, str]] = {}
    for region in rules.regions.values():
        code, name, level = region.code, region.name, region.level
        if level == "nasional":
            add(name, "exact", code)
            continue
        if level == "provinsi":
            for prefix in ("", "Provinsi ", "Prov. ", "Prov ", "Pemprov ", "Pemerintah Provinsi ", "Polda "):
                add(prefix + name, "exact", code)
            by_base.setdefault(name, {})["provinsi"] = code
            continue
        base = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name)
        by_base.setdefault(base, {})[level] = code
        add(name, "exact", code)
        prefixes = (("Kabupaten ", "Kab. ", "Kab ", "Pemkab ", "Pemerintah Kabupaten ", "Bupati ")
                    if level == "kabupaten" else ("Kota ", "Pemkot ", "Pemerintah Kota ", "Wali Kota ",
                                                   "Walikota "))
        for prefix in prefixes:
            add(prefix + base, "exact", code)
        if base not in rules.region_bare_words:
            add(base, "bare", code)
    for base, levels in by_base.items():
        kab = levels.get("kabupaten") or levels.get("kota")
        kota = levels.get("kota") or levels.get("kabupaten")
        if kab:
            add("Polres " + base, "police", kab)
        if kota:
            for form in ("Polresta {}", "Polrestabes {}", "Polres {} Kota", "Polres Kota {}",
                         "Polresta {} Kota", "{} Kota"):
                add(form.format(base), "police", kota)
    merged: dict[str, tuple[str, set[str]]] = {}
    for (form, kind), codes in forms.items():
        key = form.lower()
        old_kind, old_codes = merged.get(key, (kind, set()))
        best = min(old_kind, kind, key=KIND_PRIORITY.index)
        merged[key] = (best, old_codes | codes)
    aliases: dict[str, set[str]] = {}
    for alias, code in rules.region_aliases.items():
        aliases.setdefault(alias.lower(), set()).add(code)
    merged.update({alias: ("exact", codes) for alias, codes in aliases.items()})  # an alias decides
    return {(form, kind): codes for form, (kind, codes) in merged.items()}


def _phrase_patterns(mapping: dict[str, str], label: str) -> list[dict]:
    return [{"label": label, "pattern": phrase, "id": value} for phrase, value in mapping.items()]


def _cue_patterns(rules: RuleSet) -> list[dict]:
    patterns = []
    patterns += [{"label": "UNIT", "pattern": p, "id": f"{slot}:{group or ''}"}
                 for p, (slot, group) in rules.count_units.items()]
    patterns += _phrase_patterns(rules.groups, "GROUP")
    patterns += _phrase_patterns(rules.violence_types, "VTYPE")
    patterns += _phrase_patterns(rules.hedges, "HEDGE")
    patterns += [{"label": "MONTH", "pattern": p, "id": str(m)} for p, m in rules.months.items()]
    patterns += [{"label": "PERIOD", "pattern": p, "id": f"{kind}:{'' if v is None else v}"}
                 for p, (kind, v) in rules.periods.items()]
    patterns += [{"label": "CONNECTOR", "pattern": p, "id": "|".join(sorted(kinds))}
                 for p, kinds in rules.connectors.items()]
    patterns += [{"label": "OFFTOPIC", "pattern": p} for p in rules.off_topic]
    patterns += [{"label": "TOPIC", "pattern": p} for p in rules.topic_words]
    patterns += [{"label": "STAT", "pattern": p} for p in rules.statistic_cues]
    patterns += [{"label": "SPLIT", "pattern": p} for p in rules.finer_splits]
    return patterns


# ---------------------------------------------------------------- registered components

@spacy.registry.tokenizers("kp_indonesian_tokenizer.v1")
def indonesian_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's Indonesian tokenizer with its HTML prefix pattern anchored as a whole.

    spaCy joins prefix patterns as "^p1|^p2|...", but the Indonesian HTML prefix is itself an
    alternation, so its second half ("<a ...>") stays unanchored: every prefix search then
    tries each position of the rest of the word, which made tokenizing about twice as slow.
    """

    def make(nlp: Language) -> Tokenizer:
        # As spacy.Tokenizer.v1 builds it, in one go: setting prefix_search afterwards would load
        # the 16 000 special cases a second time.
        defaults = nlp.Defaults
        prefixes = [f"(?:{p})" if p == HTML_PREFIX else p for p in defaults.prefixes]
        return Tokenizer(nlp.vocab, rules=defaults.tokenizer_exceptions,
                         prefix_search=compile_prefix_regex(prefixes).search,
                         suffix_search=compile_suffix_regex(defaults.suffixes).search,
                         infix_finditer=compile_infix_regex(defaults.infixes).finditer,
                         token_match=defaults.token_match, url_match=defaults.url_match)

    return make


# spacy.blank("id", config=TOKENIZER_CONFIG): a blank Indonesian pipeline with our tokenizer.
TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "kp_indonesian_tokenizer.v1"}}}


def paragraph_sentences(doc: Doc) -> Doc:
    """Sentences end at line breaks and at . ! ? before a capital, a quote or a digit."""
    if not len(doc):
        return doc
    # Token attributes as arrays, not Token objects: this runs over every token of every article.
    columns = doc.to_array([ORTH, IS_SPACE, IS_TITLE, IS_UPPER, IS_QUOTE, IS_DIGIT])
    orth, is_space, opens_sentence = columns[:, 0], columns[:, 1].astype(bool), columns[:, 2:].any(axis=1)
    strings = doc.vocab.strings
    # Line breaks are whitespace tokens of their own (a token's whitespace_ is at most one space).
    line_break_orths = [key for key in numpy.unique(orth[is_space]).tolist() if "\n" in strings[key]]
    ends_line = numpy.isin(orth, line_break_orths)
    ends_sentence = numpy.isin(orth, [strings[ender] for ender in ENDERS])
    starts = numpy.full(len(doc), -1, dtype="int64")
    starts[0] = 1
    starts[1:][ends_line[:-1] | (ends_sentence[:-1] & opens_sentence[1:])] = 1
    # Set all at once: assigning token.is_sent_start one by one rescans the document each time.
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


class RuleComponent:
    """A pipeline component built from a rules folder, whose rules are its data, as a SpanRuler's
    patterns are: to_disk saves them into the pipeline folder, from_disk reads them back, and
    config.cfg names no path (one there would be a path of the machine that saved it).

    `build` makes the working component from a RuleSet (NumberFinder, AgencyNames, CountRecords);
    the factory makes the component empty, and build_nlp or from_disk give it its rules.
    """

    RULES_FOLDER = "rules"

    def __init__(self, name: str, build: Callable[[RuleSet], Callable[[Doc], Doc]]) -> None:
        self.name, self.build = name, build
        self.component: Callable[[Doc], Doc] | None = None
        self.rule_files: dict[str, bytes] = {}

    def use_rules(self, rules_dir: Path | str) -> None:
        """Build the component from the rules in `rules_dir` (RuleError when they are bad)."""
        files, rules = rule_files(rules_dir), rules_at(rules_dir)
        if fingerprint_of(files) != rules.fingerprint:
            raise RuleError(f"{rules_dir}: the rule files changed while {self.name} was loading them")
        self.rule_files, self.component = files, self.build(rules)

    def __call__(self, doc: Doc) -> Doc:
        if self.component is None:
            raise ValueError(f"{self.name} has no rules: build the pipeline with pipeline.extract.build_nlp(), "
                             "load a saved one with spacy.load(), or call use_rules(rules_dir)")
        return self.component(doc)

    def to_disk(self, path: Path | str, *, exclude: Iterable[str] = ()) -> None:
        save_rules(self.rule_files, Path(path) / self.RULES_FOLDER)

    def from_disk(self, path: Path | str, *, exclude: Iterable[str] = ()) -> RuleComponent:
        self.use_rules(Path(path) / self.RULES_FOLDER)
        return self


def make_sentences(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return paragraph_sentences


class SpellingNorms:
    """Reads a misspelt cue word as the word itself ("kekerasaan" -> kekerasan): sets Token.norm_, which
    the cue ruler matches on, and leaves the text as written (rules/spelling.csv says which slips)."""

    def __init__(self, rules: RuleSet):
        self.slips = rules.misspellings

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            word = self.slips.get(token.lower_)
            if word is not None:
                token.norm_ = word
        return doc


def make_spelling(nlp: Language, name: str) -> RuleComponent:
    return RuleComponent(name, SpellingNorms)


def make_numbers(nlp: Language, name: str) -> RuleComponent:
    return RuleComponent(name, NumberFinder)


class AgencyNames:
    """Adds agencies written only by their full name, as their compressed acronym.

    "Dinas Pemberdayaan Perempuan Perlindungan Anak dan Keluarga Berencana" -> D P P P A K B
    -> DP3AKB (RECORDS.md: Indonesian acronyms compress repeated initials).
    """

    def __init__(self, rules: RuleSet):
        self.words = rules.agency_words
        self.acronyms = [shape.pattern for shape in rules.agency_acronyms]
        self.dinas = numpy.array([get_string_id("dinas")], dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc.spans.get("agencies", []))
        taken = {i for span in found for i in range(span.start, span.end)}
        for i in self._acronym_positions(doc):
            if i not in taken:  # "DP3APPKB": an acronym of the family's shape, kept as written
                found.append(Span(doc, i, i + 1, label="AGENCY", span_id=doc[i].text))
                taken.add(i)
        end = 0  # tokens before it belong to a name already found
        for i in token_positions(doc, None, self.dinas):
            if i < end or i in taken:
                continue
            j, initials = i + 1, ["D"]
            while j < len(doc) and (doc[j].lower_ in self.words or doc[j].lower_ in {"dan", ","}):
                if doc[j].lower_ in self.words:
                    initials.append(self.words[doc[j].lower_])
                j += 1
            if len(initials) >= 4 and "A" in initials:
                found.append(Span(doc, i, j, label="AGENCY", span_id=compress_acronym(initials)))
                end = j
        doc.spans["agencies"] = sorted((self._with_glued_suffix(doc, span) for span in found), key=lambda s: s.start)
        return doc

    @staticmethod
    def _with_glued_suffix(doc: Doc, span: Span) -> Span:
        """ "DP3A-PKB", "DP3A-PPKB": an acronym with a hyphened tail is one name, kept as written
        (the tokenizer splits it at the hyphen)."""
        end = span.end
        if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and doc[end + 1].is_upper and doc[end + 1].is_alpha \
                and doc[end - 1].is_upper:
            return Span(doc, span.start, end + 2, label=span.label_, span_id=span.id_ + "-" + doc[end + 1].text)
        return span


    def _acronym_positions(self, doc: Doc) -> list[int]:
        if not len(doc):
            return []
        upper = numpy.flatnonzero(doc.to_array([IS_UPPER]).reshape(-1)).tolist()
        return [i for i in upper if len(doc[i].text) >= 5
                and any(p.fullmatch(doc[i].text) for p in self.acronyms)]


def compress_acronym(initials: list[str]) -> str:
    """["D","P","P","P","A","KB"] -> "DP3AKB": a run of one letter becomes letter + count."""
    out = []
    for letter, run in itertools.groupby(initials):
        n = len(list(run))
        out.append(letter + (str(n) if n > 1 else ""))
    return "".join(out)


def make_agency_names(nlp: Language, name: str) -> RuleComponent:
    return RuleComponent(name, AgencyNames)


class CountRecords:
    """Assembles candidate records: each count with its region, period, group, type and agency."""

    def __init__(self, rules: RuleSet):
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc._.candidates = ArticleReader(doc, self.rules).read()
        return doc


def make_count_records(nlp: Language, name: str) -> RuleComponent:
    return RuleComponent(name, CountRecords)


# The factories are registered once defined, not by decorators: spaCy checks a new factory
# against the package's entry points (pyproject.toml, spacy_factories), which loads them, and
# an entry point must find its function already bound in this module. With the entry points,
# spacy.load() of a saved pipeline finds them in a fresh process without importing anything.
FACTORIES = {"kp_spelling": make_spelling, "kp_sentences": make_sentences, "kp_numbers": make_numbers,
             "kp_agency_names": make_agency_names, "kp_count_records": make_count_records}
for _name, _factory in FACTORIES.items():
    Language.factory(_name, func=_factory)


def build_nlp(rules_dir: Path | str = RULES_DIR) -> Language:
    """The extraction pipeline, with every pattern loaded from `rules_dir`."""
    rules = rules_at(str(rules_dir))
    nlp = spacy.blank("id", config=TOKENIZER_CONFIG)
    # The rulers come first, and each is added in front of the ones already filled: a SpanRuler
    # runs the components before it over every one of its phrase patterns while loading them
    # (25 000 of them; here and in spacy.load), and phrase matching on LOWER needs none of their
    # annotations. Added back to front, each ruler's patterns pass through the tokenizer only.
    longest = {"@misc": "spacy.first_longest_spans_filter.v1"}
    cue_ruler = nlp.add_pipe("span_ruler", name="cue_ruler", config={
        "spans_key": "cues", "phrase_matcher_attr": "NORM"})  # NORM: a misspelt cue word too (kp_spelling)
    cue_ruler.add_patterns(_cue_patterns(rules))
    region_ruler = nlp.add_pipe("span_ruler", name="region_ruler", first=True, config={
        "spans_key": "regions", "phrase_matcher_attr": "LOWER", "spans_filter": longest})
    region_ruler.add_patterns([{"label": "REGION", "pattern": form, "id": f"{kind}:{'|'.join(sorted(codes))}"}
                               for (form, kind), codes in _region_forms(rules).items()])
    agency_ruler = nlp.add_pipe("span_ruler", name="agency_ruler", first=True, config={
        "spans_key": "agencies", "phrase_matcher_attr": "LOWER", "spans_filter": longest})
    agency_ruler.add_patterns(_phrase_patterns(rules.agencies, "AGENCY"))
    nlp.add_pipe("kp_spelling", first=True).use_rules(rules_dir)  # after the patterns: they are spelt right
    nlp.add_pipe("kp_sentences")
    for name in ("kp_numbers", "kp_agency_names", "kp_count_records"):
        nlp.add_pipe(name).use_rules(rules_dir)
    nlp.meta.update(name="kekerasan", version=__version__)
    return nlp


# ---------------------------------------------------------------- reading one article

