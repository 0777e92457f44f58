"""Reading one article's counts: the frames, breakdowns and scopes behind `doc._.candidates`.

`ArticleReader` walks the sentences of a Doc that the extraction pipeline (extract.py) has
marked with spans (agencies, regions, cues, numbers). It finds count frames (a number with its
unit), links the parts of a breakdown to their total, fills each slot from the nearest scope that
names it (the order is data: rules/scopes.csv) and writes Candidates that keep, per slot, the
scope and the cue span they came from. Where the text leaves a slot open or readings compete,
it writes nothing.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import spacy
from spacy.tokens import Doc, Span

from .rules import MIN_RESTATED_FIGURE, NATIONAL, SCOPES_FOR_SLOT, RuleSet

YEAR_RANGE = range(1990, 2036)
ENDERS = {".", "!", "?"}
# Bounds that keep one hostile input from stalling a batch; no news article comes near them.
MAX_SENTENCE_TOKENS = 250
MAX_COUNTS_PER_ARTICLE = 500

MOST_VICTIMS_WINDOW = 8  # "mayoritas korban kekerasan seksual ini merupakan anak": majority word to group
MAX_SPLIT_SENTENCES = 3  # how many sentences a breakdown of a finer split may run over
MAJORITY_COUNT_WINDOW = 6  # "didominasi kekerasan seksual terhadap anak, yakni 60 kasus": dominant type to its count


class NotAnArticle(ValueError):
    """The text holds far more counts than any article: the batch rejects it with this reason."""


@dataclass
class PeriodSpec:
    """A period as written: pieces that normalize turns into YYYY-MM with the publication date."""

    start_year: int | None = None
    start_month: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    year_offset: int | None = None  # "tahun lalu" = -1: a year relative to publication
    open_end: bool = False  # a bare year or "sejak X": ends at publication when that is sooner
    to_date: bool = False  # "hingga kini": ends at publication
    same_months: bool = False  # "periode yang sama": months of the context period
    comparison: bool = False  # introduced by "dibanding": not the article's current period
    previous_year: bool = False  # "tahun sebelumnya": the year before the current period's
    unknown: bool = False  # "tiga tahun terakhir": a period the text does not pin down
    that_year: bool = False  # "tahun tersebut": the year the text named last

    def with_context(self, context: PeriodSpec | None) -> PeriodSpec:
        """Fill what this expression leaves out (a year for "Januari") from the current period."""
        if context is None or self.unknown:
            return self
        spec = self
        ctx_year = context.end_year or context.start_year
        if spec.previous_year:
            if context.year_offset is not None:
                return replace(spec, year_offset=context.year_offset - 1, previous_year=False, open_end=True)
            if ctx_year is None:
                return spec
            return replace(spec, start_year=ctx_year - 1, start_month=1, end_year=ctx_year - 1,
                           end_month=12, previous_year=False)
        if spec.year_offset is None and spec.start_year is None and spec.end_year is None:
            if context.year_offset is not None:
                spec = replace(spec, year_offset=context.year_offset)
            elif ctx_year is not None:
                spec = replace(spec, start_year=ctx_year, end_year=ctx_year)
        if spec.same_months and context.start_month and context.end_month:
            spec = replace(spec, start_month=context.start_month, end_month=context.end_month,
                           open_end=False)
        return spec


@dataclass(frozen=True)
class SlotSource:
    """Where one slot of a count was read: the scope (rules/scopes.csv) and, when a cue in the text
    named it, that cue's character offsets (for an inherited value, the cue of the count it came from)."""

    scope: str
    start: int | None = None
    end: int | None = None


# Scopes whose values come from elsewhere in the article than the count's own sentence and list.
INFERRED_SCOPES = frozenset({"previous_sentence", "compared", "region_total", "type_total", "parallel", "statement",
                             "headline", "national_body", "national_system", "article", "context", "change"})
# Slots resolved in this order: the national-body region needs the agency, a type split's group
# its type and period.
SLOT_ORDER = ("agency", "period", "type", "region", "group")
BASIS_SLOTS = ("region", "period", "group", "type")  # the record's key; the agency is scored apart
PART_SCOPES = ("sex_split", "clause", "part_of")  # a part of a breakdown: its own clause, else its total


@dataclass
class Candidate:
    """One count as read from the text, before normalization, with where each slot came from."""

    cases: int | None
    victims: int | None
    approximate: bool
    region_codes: tuple[str, ...]
    period: PeriodSpec | None
    group: str
    violence_type: str
    agency: str | None
    evidence_start: int  # character offsets into the doc text
    evidence_end: int
    sources: dict[str, SlotSource] = field(default_factory=dict)

    @property
    def basis(self) -> str:
        """"stated": every key slot read in the count's own sentence (its clause, its list, or no cue
        at all); "inferred": some slot taken from elsewhere in the article (an earlier sentence's
        period, the article's region, the headline's group). A reviewer checks the latter first."""
        scopes = {self.sources[s].scope for s in BASIS_SLOTS if s in self.sources}
        return "inferred" if scopes & INFERRED_SCOPES else "stated"


class Inheritance(NamedTuple):
    """What a list passes on to a count: from where (a scope name), the slots and their sources."""

    scope: str
    slots: dict
    sources: dict


@dataclass
class _Mention:
    value: int
    slot: str  # cases / victims
    num_start: int
    num_end: int
    unit_end: int
    unit_group: str | None
    approximate: bool
    lead_start: int = 0
    clause_start: int = 0
    tail_end: int = 0
    victims: int | None = None
    victims_tokens: tuple[int, int] | None = None  # where the paired victims figure is written
    period_local: bool = False
    own_group: bool = False  # the group is written at the count itself, not shared by a list
    local_group: str | None = None  # the group cue read at this count, before any inheritance
    parent: _Mention | None = None  # the total this count is a part of ("39 korban meliputi 6 fisik")
    finer_split: bool = False  # counts by kecamatan, age, place, tie to the offender: no record
    superset: bool = False  # "dari 240 laporan, 86 kasus kekerasan …": reports of any kind, no record
    donor: _Mention | None = None  # the count before it in its list, whose slots it may take
    sources: dict = field(default_factory=dict)  # slot -> SlotSource
    slots: dict = field(default_factory=dict)


# ---------------------------------------------------------------- patterns from rules/

class _SpanIndex:
    """Spans sorted by start, found by position in O(log n): a long input must not make every lookup
    scan the whole document."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]

    def within(self, start: int, end: int) -> list[Span]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return [s for s in self.spans[i:j] if s.end <= end]


def _without_glosses(spans: list[Span]) -> list[Span]:
    """Drop a label written in brackets right after another label: it explains that one, it is
    no label of its own ("Untuk KDRT (kekerasan fisik) ada 5 kasus" counts KDRT)."""
    ends = {s.end for s in spans}
    doc = spans[0].doc if spans else None
    return [s for s in spans if not (s.start >= 2 and doc[s.start - 1].text == "(" and s.start - 1 in ends)]


def _longest_first(spans) -> list[Span]:
    """Non-overlapping spans, preferring the longest (spaCy's filter_spans), in text order."""
    return sorted(spacy.util.filter_spans(list(spans)), key=lambda s: s.start)


class ArticleReader:
    """Walks one article sentence by sentence, carrying region, period and agency forward."""

    def __init__(self, doc: Doc, rules: RuleSet):
        self.doc, self.rules = doc, rules
        self.sentences = list(doc.sents)
        self.sentence_of = [0] * len(doc)  # token -> index in self.sentences (Span.sent rescans)
        for k, sent in enumerate(self.sentences):
            self.sentence_of[sent.start:sent.end] = [k] * len(sent)
        cues = list(doc.spans.get("cues", []))
        self.agencies = list(doc.spans.get("agencies", []))
        self.connector_kinds = {i: set(s.id_.split("|")) for s in cues if s.label_ == "CONNECTOR"
                                for i in range(s.start, s.end)}
        self.words = rules.connector_words  # connectors.csv kinds as word sets: "per", "setiap" -> rate
        regions = [r for r in _longest_first(doc.spans.get("regions", []))
                   if self._region_is_written_as_name(r) and not self._is_speech_place(r)]
        self.datelines = [r for r in regions if self._is_dateline(r)]
        self.regions = [r for r in regions if r not in self.datelines and not self._locates_previous(r, regions)]
        blocked = {i for s in self.agencies + regions for i in range(s.start, s.end)} | self._expanded_names()
        self.by_label: dict[str, list[Span]] = {}
        for label in ("UNIT", "GROUP", "VTYPE", "HEDGE", "MONTH", "PERIOD", "CONNECTOR", "OFFTOPIC", "STAT",
                      "SPLIT", "TOPIC"):
            spans = [s for s in cues if s.label_ == label]
            if label in ("GROUP", "VTYPE", "MONTH", "HEDGE"):
                spans = [s for s in spans if not any(i in blocked for i in range(s.start, s.end))]
            if label == "VTYPE":  # "KDRT (kekerasan fisik) ada 5 kasus": the bracket glosses the label before it
                spans = _without_glosses(_longest_first([s for s in spans if not self._names_the_largest_part(s)]))
            if label == "GROUP":  # "pemberdayaan perempuan" names a programme, not whose victimization
                most = [s for s in spans if self._describes_most_victims(s)]
                self.groups_of_most_victims = {s.id_ for s in most}
                spans = self._coordinated_groups(
                    [s for s in _longest_first(spans) if s.id_ != "none" and not self._is_bracketed_acronym(s)
                     and s not in most])
            if label == "SPLIT":  # "anak di bawah umur" is a group, not an age bracket; "non KDRT" a split
                labels = [s for s in cues if s.label_ in ("GROUP", "VTYPE")]
                group_starts = {g.start for g in cues if g.label_ == "GROUP" and g.id_ in ("anak", "perempuan")}
                spans = [s for s in spans if not any(g.start <= s.start and s.end <= g.end and len(g) > len(s)
                                                     for g in labels)
                         and s.end not in group_starts]  # "31 korban berstatus anak" names the group
            self.by_label[label] = _longest_first(spans)
        self.index = {label: _SpanIndex(spans) for label, spans in self.by_label.items()}
        self.region_index = _SpanIndex(self.regions)
        self.agency_index = _SpanIndex(self.agencies)
        self.month_at = {s.start: s for s in self.by_label["MONTH"]}
        self.hedge_ending_at = {s.end: s for s in self.by_label["HEDGE"]}
        self.hedge_tokens = {i for s in self.by_label["HEDGE"] for i in range(s.start, s.end)}
        self.vtype_at = {s.start for s in self.by_label["VTYPE"]}
        self.group_ending_at = {s.end for s in self.by_label["GROUP"]}
        self.group_at = {s.start: s for s in self.by_label["GROUP"] if s.id_ != "subgroup"}
        self.type_tokens = {i for s in self.by_label["VTYPE"] for i in range(s.start, s.end)}
        self.label_tokens = {i for s in self.by_label["GROUP"] + self.by_label["VTYPE"] if s.id_ != "subgroup"
                             for i in range(s.start, s.end)}
        # A "dan" inside a label ("perempuan dan anak", "perlindungan perempuan dan anak") splits no list.
        self.inside_long_label = {i for s in self.by_label["GROUP"] + self.by_label["VTYPE"]
                                  + [c for c in cues if c.label_ == "GROUP" and c.id_ == "none"] if len(s) > 1
                                  for i in range(s.start, s.end)}
        self.label_starts_by_end: dict[int, list[int]] = {}
        for span in self.regions + self.by_label["GROUP"] + self.by_label["VTYPE"] + self.by_label["MONTH"]:
            self.label_starts_by_end.setdefault(span.end, []).append(span.start)
        self.unit_at = {s.start: s for s in self.by_label["UNIT"]}
        self.unit_ending_at = {s.end: s for s in self.by_label["UNIT"]}
        self.numbers = [n for n in doc.spans.get("numbers", [])
                        if not any(i in blocked for i in range(n.start, n.end))]
        self.number_index = _SpanIndex(self.numbers)
        self.abbreviated_months = {m for m in rules.months
                                   if any(o != m and o.startswith(m) for o in rules.months)}
        self.main_region = self._main_region()
        topic = self._topic_statements()
        self.headline_group = self._headline_group(topic)
        self.headline_type = self._headline_type(topic)
        self.context_period: PeriodSpec | None = None
        self.parallel_group: str | None = None
        self.parallel_type: str | None = None
        self.change_range: PeriodSpec | None = None  # "dari 2019 hingga 2024 … dari 48 kasus menjadi …"
        self.sentence_index = self.last_record_sentence = self.context_sentence = -2
        self.last_record_start = 0  # where the sentence of the latest records begins
        self.record_run_start = 0  # where the run of consecutive sentences with records begins
        self.main_year: int | None = None  # the first year the article gives: its own period
        self.compared_years: set[int] = set()
        self.last_named_year: int | None = None  # for "tahun tersebut", even from a sentence without counts
        self.last_agency: str | None = None
        self.counts_males = False  # the sentence being read counts male victims: a split by sex
        self.last_mention_split = False  # the last count read was a finer split (its list goes on)
        self.last_mentions: tuple[int, list[_Mention]] = (-2, [])  # the latest sentence with counts, its counts
        self.vague_total: tuple[int, str, tuple | None] | None = None  # sentence, group, months of "ribuan kasus"
        self.expression_ends: dict[int, int] = {}  # a period expression's first token -> its end
        self.expressions_by_sentence: dict[int, list[tuple[int, PeriodSpec]]] = {}  # sentence start -> them
        self.article_periods: list[tuple[PeriodSpec, Span]] = []  # periods of statistical sentences
        self.records: list[Candidate] = []
        self.awaiting_period: list[Candidate] = []  # undated counts outside a statistic (_emit)
        self.statement: tuple[int, dict[str, str]] | None = None  # a count-less statement's sentence, slots
        self.split_counts: list[tuple[str, int, int]] = []  # unit slot, figure, where: finer splits (_emit)
        self.awaiting_sentence, self.awaiting_start = -2, 0  # the latest sentence of such counts
        self.record_mentions: list[tuple[Candidate, _Mention]] = []

    # -- article-level context

    def _region_is_written_as_name(self, span: Span) -> bool:
        kind = span.id_.split(":", 1)[0]
        first, last = span[0], span[-1]
        if kind == "bare":
            return first.is_title or first.is_upper
        return not last.is_lower or last.is_digit

    def _locates_previous(self, span: Span, regions: list[Span]) -> bool:
        """ "Kabupaten Tangerang, Banten", "Nusa Tenggara Barat (NTB)": a province in apposition to
        a region inside it, or to its own name, only locates that region; it is not one of its own.
        So does the province a region is ranked in ("Kota Semarang … tertinggi di Jawa Tengah")."""
        codes = self._region_codes(span)
        if len(codes) != 1 or "." in codes[0]:
            return False
        k = regions.index(span)
        if k == 0:
            return False
        before = regions[k - 1]
        gap = self.doc[before.end:span.start]
        inside = [c for c in self._region_codes(before) if c == codes[0] or c.startswith(codes[0] + ".")]
        return bool(inside) and ([t.text for t in gap] in ([","], ["("]) or self._compares_within(gap))

    def _compares_within(self, gap: Span) -> bool:
        """ "Kota Semarang … tertinggi di Jawa Tengah": a province after a superlative is where the
        region is compared, not a region counted."""
        return len(gap) >= 2 and gap[-1].lower_ == "di" \
            and "superlative" in self.connector_kinds.get(gap.end - 2, ()) \
            and self.sentence_of[gap.start] == self.sentence_of[gap.end - 1] and not any(t.like_num for t in gap)

    def _expanded_names(self) -> set[int]:
        """ "Lembaga Bantuan Hukum Asosiasi Perempuan Indonesia untuk Keadilan (LBH APIK)": the
        capitalized words right before a bracketed agency are its name written out; a group word among
        them names the body, not whose victimization is counted."""
        tokens: set[int] = set()
        for agency in self.agencies:
            i = agency.start - 1
            if i < 1 or self.doc[i].text != "(":
                continue
            floor = self.sentences[self.sentence_of[i]].start
            j = i
            while j > floor and (self.doc[j - 1].is_title or self.doc[j - 1].is_upper
                                 or "name_joiner" in self.connector_kinds.get(j - 1, ())):
                j -= 1
            while j < i and "name_joiner" in self.connector_kinds.get(j, ()):
                j += 1
            tokens.update(range(j, i))
        return tokens

    def _describes_most_victims(self, group: Span) -> bool:
        """ "12 kasus … dengan mayoritas korban masih di bawah umur", "mayoritas korban kekerasan seksual
        ini merupakan anak": a group said of most victims is not the group counted."""
        floor = max(group.start - MOST_VICTIMS_WINDOW, self.sentences[self.sentence_of[group.start]].start)
        majority = [i for i in range(floor, group.start) if "majority" in self.connector_kinds.get(i, ())]
        return bool(majority) and any("victim_role" in self.connector_kinds.get(i, ())
                                      for i in range(majority[0], group.start))

    def _names_the_largest_part(self, label: Span) -> bool:
        """ "516 kasus itu didominasi kekerasan seksual": a type said of most of a count is not its type;
        "didominasi kekerasan seksual, yakni 60 kasus" gives that part's own count, which it labels."""
        if not any("majority" in self.connector_kinds.get(i, ()) for i in range(max(label.start - 2, 0), label.start)):
            return False
        fillers = self.words["label_filler"] | self.words["victim_preposition"]
        i = label.end
        while i < min(label.end + MAJORITY_COUNT_WINDOW, len(self.doc)) and (
                self.doc[i].lower_ in fillers or self.doc[i].text == ","
                or any(g.start <= i < g.end for g in self.by_label["GROUP"])):
            i += 1
        return not (i < len(self.doc) and self.doc[i].like_num)

    def _coordinated_groups(self, groups: list[Span]) -> list[Span]:
        """ "perempuan dewasa dan anak": a women's and a children's label joined by a coordinator name
        one group of both, whatever words each label is written with."""
        by_start = {g.start: g for g in groups}
        joined: list[Span] = []
        for first in groups:
            second = by_start.get(first.end + 1)
            if second is not None and {first.id_, second.id_} == {"perempuan", "anak"} \
                    and "coordination" in self.connector_kinds.get(first.end, ()):
                joined.append(Span(self.doc, first.start, second.end, label="GROUP", span_id="all"))
        covered = {i for j in joined for i in range(j.start, j.end)}
        return _longest_first(joined + [g for g in groups if g.start not in covered])

    def _is_bracketed_acronym(self, span: Span) -> bool:
        """ "Unit Pelayanan Perempuan dan Anak (PPA)": a group acronym in brackets names a body, not
        the group a count is about (headlines aside, where it may be the topic)."""
        sentence = self._sentence(span)
        return (span.start > sentence.start and self.doc[span.start - 1].text == "(" and span[0].is_upper
                and not self._is_headline(sentence))

    def _is_speech_place(self, span: Span) -> bool:
        after = self.doc[span.end:span.end + 3]
        return any("weekday" in self.connector_kinds.get(t.i, ()) for t in after) and (
            len(after) > 0 and after[0].text in {",", "("})

    def _region_codes(self, span: Span) -> tuple[str, ...]:
        return tuple(span.id_.split(":", 1)[1].split("|"))

    def _sentence(self, span: Span | _Mention) -> Span:
        return self.sentences[self.sentence_of[span.num_start if isinstance(span, _Mention) else span.start]]

    def _is_dateline(self, span: Span) -> bool:
        """ "BANDUNG, (ANTARA) -" or "jpnn.com - JAKARTA -": where the reporter filed, not the region counted."""
        sent = self._sentence(span)
        shouting = span.text.isupper() and len(span.text) > 3 and span.end < sent.end \
            and self.doc[span.end].text in {"-", "–", "—", ","}
        if shouting and span.start - sent.start <= 4:
            return True
        dash_after = span.end < sent.end and self.doc[span.end].text in {"-", "–", "—"}
        if dash_after and span.start - sent.start <= 4 and sent.start <= 40:
            return True  # "DETIK.COM | Banda Aceh - …": the place a story was filed from
        if span.start - sent.start > 1 or sent.start > 40:
            return False
        after = [t.text for t in self.doc[span.end:min(span.end + 6, sent.end)]]
        return bool(after) and after[0] in {"(", ","} and any(t in {"-", "–", "—"} for t in after)

    def _main_region(self) -> tuple[str, ...] | None:
        """The region the article is about: the first one its body names (headlines of other
        articles and datelines come before it too often)."""
        named = [r for r in self.regions if not self._is_headline(self._sentence(r))] or self.regions or self.datelines
        bound = [r for r in named if self._names_an_agency(r) and NATIONAL[0] not in self._region_codes(r)]
        chosen = bound[0] if bound else named[0] if named else None
        return self._resolve_codes(self._region_codes(chosen)) if chosen is not None else None

    def _names_an_agency(self, span: Span) -> bool:
        """ "DP3A Kota Serang", "Polres Garut": the region whose body gives the figures."""
        if span.id_.startswith("police:"):
            return True
        k = bisect.bisect_left(self.agency_index.starts, span.start)
        return k > 0 and 0 <= span.start - self.agency_index.spans[k - 1].end <= 1

    def _resolve_codes(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        """Pick among a bare name's regions: one named unambiguously elsewhere, else by level."""
        if len(codes) == 1:
            return codes
        explicit = {c for r in self.regions for c in [self._region_codes(r)] if len(c) == 1 for c in c}
        named = [c for c in codes if c in explicit]
        if len(named) == 1:
            return (named[0],)
        main = getattr(self, "main_region", None)
        if main and len(main) == 1:
            province = main[0][:2]
            inside = [c for c in codes if c[:2] == province]
            if len(inside) == 1:
                return (inside[0],)
            if inside:
                codes = tuple(inside)
        levels = {c: self.rules.regions[c].level for c in codes}
        for level in ("provinsi", "kabupaten", "kota"):
            at_level = [c for c in codes if levels[c] == level]
            if len(at_level) == 1:
                return (at_level[0],)
        return codes

    def _topic_statements(self) -> list[Span]:
        """The headlines, and a lead sentence that gives no count ("Kasus kekerasan terhadap anak di
        … meningkat."): it states the topic as a headline does."""
        topic = [s for s in self.sentences[:3] if self._is_headline(s)]
        lead = next((s for s in self.sentences if not self._is_headline(s)), None)
        if lead is not None and not any(not self._is_year(n) for n in self.number_index.within(lead.start, lead.end)):
            topic.append(lead)
        return topic

    def _headline_group(self, topic: list[Span]) -> str | None:
        """An article headlined on children ("Kekerasan Anak di …") counts children unless told otherwise."""
        groups = {g.id_ for s in topic for g in self._spans_in("GROUP", s.start, s.end)}
        if "anak" in self.groups_of_most_victims:
            return None  # "mayoritas korban masih anak": so the article's counts are not of children only
        return "anak" if groups == {"anak"} else None

    def _headline_type(self, topic: list[Span]) -> str | None:
        """An article headlined on one type ("Kasus Pencabulan Anak di …") counts that type unless told otherwise."""
        types = {t.id_ for s in topic for t in self._spans_in("VTYPE", s.start, s.end)}
        if len(types) != 1 or "all" in types:  # not "pelecehan seksual dan kekerasan"
            return None
        named = {t.id_ for t in self.by_label["VTYPE"]} - {"all"}
        return types.pop() if len(named) == 1 else None  # an article that also counts other types: none

    def _on_topic(self) -> bool:
        return bool(self.by_label["TOPIC"])

    # -- per sentence

    def read(self) -> list[Candidate]:
        if not self._on_topic():
            return []
        for k, sent in enumerate(self.sentences):
            if k < 3 and self._is_headline(sent):
                continue  # a headline repeats the body's figures without their period
            if self._is_headline(sent) and self._repeats_a_figure(sent):
                continue  # a title further down (a related article, a caption) restating a figure
            self.sentence_index = k
            if not self._names_a_number_or_time(sent):
                self._remember_statement(sent)
                continue  # nothing in it can give a count, date one or set the context
            self._read_sentence(sent)
            years = [spec.start_year for _, spec in self._period_expressions(sent)
                     if spec.start_year and spec.end_year in (None, spec.start_year) and not spec.comparison]
            if years:
                self.last_named_year = years[-1]
        self._date_from_article()
        self._drop_parts_of_splits()
        # A count the text gives no period for leaves a key slot open: no record rather than a null
        # period that a reader of the table would have to guess.
        return [c for c in self.records if c.period is not None]

    def _date_from_article(self) -> None:
        """A count its sentence and context leave undated takes the article's period when its statistical
        sentences name one period only ("… capai 149 kasus." then "Data itu … sepanjang 2025"); two
        different periods leave it undated."""
        if not self.article_periods or any(spec != self.article_periods[0][0] for spec, _ in self.article_periods):
            return
        spec, span = self.article_periods[0]
        for candidate in self.records:
            if candidate.period is None:
                candidate.period = spec
                candidate.sources["period"] = self._source("article", span)

    def _drop_parts_of_splits(self) -> None:
        """Counts by region right after a finer split that add up to it exactly are its parts, so they
        split as finely ("… anak perempuan sebanyak 152 kasus. Kasus kekerasan seksual terhadap
        perempuan paling banyak di Lombok Timur 23 kasus, …"): no records, though their labels
        shortened the split's group to one of ours."""
        dropped: set[int] = set()
        for slot, total, at in self.split_counts:
            run, figure, sentences = [], 0, 0
            for c in self.records:
                start = c.sources[slot].start if slot in c.sources else None
                if start is None or start <= at or getattr(c, slot) is None:
                    continue
                if c.sources["region"].scope not in ("clause", "each") or \
                        any(c.region_codes == other.region_codes for other in run):
                    break  # a count not placed by a region of its own ends the breakdown by region
                if not run or self._sentence_at(start) != self._sentence_at(run[-1].sources[slot].start):
                    sentences += 1
                if sentences > MAX_SPLIT_SENTENCES:
                    break
                run.append(c)
                figure += getattr(c, slot)
                if figure >= total:
                    break
            if figure == total and len(run) > 1:
                dropped.update(id(c) for c in run)
        self.records = [c for c in self.records if id(c) not in dropped]

    def _sentence_at(self, char: int) -> int:
        return self.sentence_of[self.doc.char_span(char, char + 1, alignment_mode="expand").start]

    def _names_a_number_or_time(self, sent: Span) -> bool:
        """Counts hang on numbers and periods on numbers, months and period words; without any,
        a sentence yields no record and no period (most sentences of an article)."""
        return bool(self.number_index.within(sent.start, sent.end) or self._spans_in("MONTH", sent.start, sent.end)
                    or self._spans_in("PERIOD", sent.start, sent.end))

    def _repeats_a_figure(self, sent: Span) -> bool:
        figures = {v for c in self.records for v in (c.cases, c.victims) if v is not None}
        return any(int(n.id_) in figures for n in self.number_index.within(sent.start, sent.end))

    def _is_headline(self, sent: Span) -> bool:
        if len(sent) > 30:
            return False
        text = sent.text
        return "\n" in text and not text.strip().endswith((".", '"', "”"))

    def _spans_in(self, label: str, start: int, end: int) -> list[Span]:
        return self.index[label].within(start, end)

    def _is_year(self, num: Span) -> bool:
        text = num.text
        if len(num) != 1 or not text.isdigit() or int(text) not in YEAR_RANGE:
            return False
        if num.start > 0 and (self.doc[num.start - 1].lower_ in self.words["year_introducer"]
                              or self._month_at(num.start - 1)):
            return True
        unit = self.unit_at.get(num.end)
        return unit is None or unit.id_.startswith("none")

    def _blocked_number(self, num: Span) -> bool:
        doc = self.doc
        before = doc[num.start - 1] if num.start > 0 else None
        after = doc[num.end] if num.end < len(doc) else None
        if before is not None and (before.text in {"/", ":", "-", "–", "+"}
                                   or before.lower_ in self.words["number_blocker"]):
            return True
        if after is not None and after.text in {"/", ":", ",", "-", "–"} and num.end + 1 < len(doc) \
                and (doc[num.end + 1].is_digit or doc[num.end + 1].lower_ == "an"):
            return after.text != "-" or doc[num.end + 1].lower_ != "an"
        if after is not None and self._month_at(num.end):
            return True  # a day of the month: "hingga 27 Februari"
        two_before = doc[num.start - 2] if num.start > 1 else None
        two_after = doc[num.end + 1] if num.end + 1 < len(doc) else None
        if after is not None and after.lower_ in self.words["range"] and two_after is not None and two_after.like_num:
            return True  # "dua dari empat korban", "14 sampai 16 tahun"
        if before is not None and before.lower_ in self.words["range"] and two_before is not None and two_before.like_num:
            return True
        return len(num.id_) > 7  # ten million and more: an ID or a sum of money, not a count

    def _month_at(self, i: int) -> Span | None:
        return self.month_at.get(i)

    def _read_sentence(self, sent: Span) -> None:
        if len(sent) > MAX_SENTENCE_TOKENS:
            return  # no statistic is written this way; a wall of text without stops is not read
        expressions = self._period_expressions(sent)
        if self._spans_in("STAT", sent.start, sent.end):  # "berdiri pada 2019" dates no figure
            self.article_periods += [(spec, self.doc[start:self.expression_ends[start]])
                                     for start, spec in expressions if not (spec.comparison or spec.unknown)]
        self.compared_years.update(spec.end_year for _, spec in expressions if spec.comparison and spec.end_year)
        mentions = self._mentions(sent)
        if not mentions:
            if self._spans_in("STAT", sent.start, sent.end):
                for _, spec in self._period_expressions(sent):
                    self._set_context_period(spec)
            self._date_previous_figures(sent)
            self._remember_vague_total(sent)
            self._remember_statement(sent)
            return
        self._set_windows(sent, mentions)
        mentions = self._merge_victim_pairs(sent, mentions)
        self._link_breakdowns(sent, mentions)
        # Males counted beside females, and no children beside them ("anak 62, perempuan 44, laki-laki
        # dewasa 6" splits by group): the sentence splits victims by sex. "anak laki-laki" is no such count.
        # "11 korban laki-laki" counts males even where the rules read no count of it.
        males = [i for i in range(sent.start, sent.end) if "male" in self.connector_kinds.get(i, ())
                 and i not in self.inside_long_label]
        self.counts_males = any(self.number_index.within(max(sent.start, i - 3), i)
                                or any(m.clause_start <= i < m.tail_end for m in mentions) for i in males) \
            and not any(g.id_ == "anak" for g in self._spans_in("GROUP", sent.start, sent.end))
        previous: _Mention | None = None
        continuation = self._starts_with_continuation(sent)
        for m in mentions:
            self._assign_slots(sent, m, previous, continuation and previous is None)
            previous = m
        emitted = len(self.records)
        for k, m in enumerate(mentions):
            self._emit(sent, m, first_in_sentence=k == 0)
        self.last_mention_split = mentions[-1].finer_split
        self.last_mentions = (self.sentence_index, mentions)
        self._remember_parallel_frame(mentions, self.records[emitted:])

    def _link_breakdowns(self, sent: Span, mentions: list[_Mention]) -> None:
        """A listing word after a count ("meliputi", "terdiri dari", "rinciannya") makes the counts
        after it its parts: each part keeps every slot of the total but the ones it names itself.
        A sentence opening with one continues the previous sentence's last count."""
        parent: _Mention | None = None
        if self._opens_with("listing", sent) and self.last_record_sentence == self.sentence_index - 1 \
                and self.record_mentions:
            parent = self.record_mentions[-1][1]
        for k, m in enumerate(mentions):
            between = range(mentions[k - 1].unit_end, m.num_start) if k else range(0)
            if any("listing" in self.connector_kinds.get(i, ()) for i in between):
                parent = mentions[k - 1].parent or mentions[k - 1]
            elif any("contrast" in self.connector_kinds.get(i, ()) for i in between):
                parent = None  # "…, sedangkan …": a count of its own
            elif k and self._takes_topic_from_superset(mentions[k - 1], m):
                mentions[k - 1].superset, parent = True, mentions[k - 1]
            m.parent = parent

    def _takes_topic_from_superset(self, total: _Mention, part: _Mention) -> bool:
        """ "Dari 240 laporan yang diterima LBH, 86 kasus kekerasan terhadap perempuan dan anak", "123
        pengaduan terkait layanan, dengan 65 di antaranya laporan kekerasan …": the first count, of
        reports of any kind, is a superset; the one that names the topic is the count."""
        between = range(total.unit_end, part.num_start)
        subset = any("subset" in self.connector_kinds.get(i, ()) for i in range(part.num_end, part.num_end + 2))
        return ("change_from" in self.connector_kinds.get(total.num_start - 1, ()) or subset) \
            and any(self.doc[i].text == "," for i in between) \
            and not any("change_to" in self.connector_kinds.get(i, ()) for i in between) \
            and not self._names_our_topic(total.clause_start, total.tail_end) \
            and self._names_our_topic(part.num_end, self._sentence(part).end)

    def _opens_with(self, kind: str, sent: Span) -> bool:
        return any(kind in self.connector_kinds.get(i, ()) for i in range(sent.start, min(sent.start + 2, sent.end)))

    def _remember_parallel_frame(self, mentions: list[_Mention], emitted: list[Candidate]) -> None:
        """A year's counts all for one named group set the group for the next year's parallel sentence
        ("pada 2021 kekerasan pada anak … 7 kasus. Sedangkan pada 2022, … 9 kasus"); all of one named
        type, its type (read only for a count that names nothing but its year)."""
        groups = {c.group for c in emitted}
        own = any(m.own_group or m.local_group for m in mentions)
        dated = any(m.period_local for m in mentions)
        inherited = groups == {self.parallel_group}  # the third year of a run of parallel sentences
        self.parallel_group = groups.pop() if emitted and len(groups) == 1 and (own or inherited) and dated \
            else None
        types = {c.violence_type for c in emitted}
        own_type = any(self._spans_in("VTYPE", m.clause_start, m.tail_end) for m in mentions)
        self.parallel_type = types.pop() if emitted and len(types) == 1 and own_type and dated else None

    def _date_previous_figures(self, sent: Span) -> None:
        """ "… mencapai 32 anak. Data tersebut … sejak Januari sampai awal Oktober 2025.": a sentence
        pointing back at the figures just given (the run of sentences right before it) supplies the
        period they lacked; figures that waited for a period outside a statistic become records."""
        records_before = self.last_record_sentence == self.sentence_index - 1
        awaiting = self.awaiting_sentence == self.sentence_index - 1
        if not (records_before or awaiting) or not any(
                "back_reference" in self.connector_kinds.get(i, ()) for i in range(sent.start, sent.start + 3)):
            return
        expressions = self._period_expressions(sent)
        if len(expressions) != 1:
            return
        anchor, spec = expressions[0]
        spec = spec.with_context(self.context_period)
        if awaiting:
            self.records += [c for c in self.awaiting_period if c.evidence_start >= self.awaiting_start]
            if not records_before:
                self.record_run_start, self.last_record_sentence = self.awaiting_start, self.sentence_index - 1
        for candidate in self.records:
            # RECORDS.md: a period revised later ("sepanjang 2023. Terhitung 1 Januari sampai 31 Oktober
            # 2023.") is the count's period: the months of its year the text finally gives
            if candidate.evidence_start >= self.record_run_start and (
                    candidate.period is None or _narrows_year(spec, candidate.period)):
                candidate.period = spec
                candidate.sources["period"] = self._source("context", self.doc[anchor:self.expression_ends[anchor]])
        self._set_context_period(spec)

    def _starts_with_continuation(self, sent: Span) -> bool:
        return any("continuation" in self.connector_kinds.get(i, ()) for i in range(sent.start, sent.start + 2))

    def _mentions(self, sent: Span) -> list[_Mention]:
        found: list[_Mention] = []
        for num in self.number_index.within(sent.start, sent.end):
            if self._is_year(num):
                continue
            if self._blocked_number(num):
                continue
            mention = self._mention_for(sent, num, found[-1] if found else None)
            if mention is not None:
                found.append(mention)
        return found

    def _mention_for(self, sent: Span, num: Span, previous: _Mention | None) -> _Mention | None:
        doc = self.doc
        if self._is_difference(sent, num) or self._is_rate(sent, num) or self._restates_total(sent, num):
            return None
        hundreds = num.end + 1 < len(doc) and doc[num.end].text == "-" and doc[num.end + 1].lower_ == "an"
        unit_start = num.end + (1 if num.end < sent.end and doc[num.end].text == ")" else 2 if hundreds else 0)
        unit = self.unit_at.get(unit_start) or self._unit_after_subset(sent, num)
        hedge = next((h for h in (self.hedge_ending_at.get(num.start), self.hedge_ending_at.get(num.start - 1))
                      if h is not None and h.start >= sent.start), None)
        if hedge is not None and hedge.id_ == "vague":
            return None
        approximate = hedge is not None or hundreds  # "100-an kasus"
        if unit is not None:
            slot, _, group = unit.id_.partition(":")
            if slot == "none":
                return None
            unit_end = unit.end
        else:
            before = self._unit_before(sent, num)
            if before is not None:
                slot, _, group = before.id_.partition(":")
                if slot == "none":
                    return None
            elif previous is not None and (self._has_list_label(previous.num_end, num.start)
                                           or self._type_label_after(num)):
                slot, group = previous.slot, ""
            elif previous is None and self._continues_breakdown(sent, num):
                slot, group = ("cases" if self.records[-1].cases is not None else "victims"), ""
            else:
                return None
            unit_end = unit_start if unit_start > num.end and doc[num.end].text == ")" else num.end
        if slot == "victims" and not self._victim_context(sent, num, unit, group):
            return None
        following = self.unit_at.get(unit_end)
        if following is not None and following.id_.startswith("none"):
            return None
        if self._names_the_rest(sent, unit_end):
            return None
        if unit_end + 1 < sent.end and doc[unit_end].lower_ in self.words["rate"] and doc[unit_end + 1].like_num:
            return None  # "12 kasus per 10.000 anak" is a rate, not a count
        return _Mention(value=int(num.id_), slot=slot, num_start=num.start, num_end=num.end,
                        unit_end=unit_end, unit_group=group or None, approximate=approximate)

    def _names_the_rest(self, sent: Span, unit_end: int) -> bool:
        """ "12 KDRT dan 19 kasus lainnya.": the rest of a breakdown, of no one type ("10 korban
        lainnya, merupakan perempuan dewasa" names its group and is a count)."""
        if unit_end >= sent.end or "rest" not in self.connector_kinds.get(unit_end, ()):
            return False
        after = unit_end + 1
        if any(self._spans_in(label, after, min(after + 4, sent.end)) for label in ("GROUP", "VTYPE")):
            return False  # "10 korban lainnya, merupakan perempuan dewasa"
        return after >= sent.end or self.doc[after].is_punct or self._is_separator(after)

    def _restates_total(self, sent: Span, num: Span) -> bool:
        """ "dari 194 kasus kekerasan tersebut, 85 korban merupakan anak": the total named again to
        take a part of it; the part is the count, the total was counted where it was first given."""
        return "change_from" in self.connector_kinds.get(num.start - 1, ()) and any(
            "determiner" in self.connector_kinds.get(i, ()) for i in range(num.end, min(num.end + 4, sent.end))) \
            and int(num.id_) in {v for c in self.records for v in (c.cases, c.victims)}

    def _is_rate(self, sent: Span, num: Span) -> bool:
        """ "setiap minggu ada empat kasus": a count per unit of time before it is a rate."""
        clause_start = num.start
        while clause_start > sent.start and not self._is_separator(clause_start - 1):
            clause_start -= 1
        return any(self.doc[i].lower_ in self.words["rate"] and (unit := self.unit_at.get(i + 1)) is not None
                   and unit.id_.startswith("none") for i in range(clause_start, num.start))

    def _is_difference(self, sent: Span, num: Span) -> bool:
        """ "naik 28 kasus dari tahun lalu", "bertambah sebanyak 12 kasus": a change verb right before a
        count makes it a difference between two counts, not a count ("naik menjadi 40", "meningkat
        yakni ada 17 kasus" name the count itself)."""
        i = num.start - 1
        while i >= sent.start and (self.doc[i].lower_ in self.words["amount"] or i in self.hedge_tokens):
            i -= 1
        return i >= sent.start and "delta" in self.connector_kinds.get(i, ())

    def _unit_after_subset(self, sent: Span, num: Span) -> Span | None:
        """ "14 di antaranya merupakan kasus kekerasan seksual": the unit comes after the subset words."""
        i = num.end
        if i >= sent.end or "subset" not in self.connector_kinds.get(i, ()):
            return None
        while i < sent.end and ("subset" in self.connector_kinds.get(i, ())
                                or self.doc[i].lower_ in self.words["copula"]):
            i += 1
        return self.unit_at.get(i)

    def _unit_before(self, sent: Span, num: Span) -> Span | None:
        """ "jumlah korban 40" / "korban sebanyak 615": the unit stands before the number."""
        fillers = self.words["label_filler"] | self.words["victim_preposition"]
        approximate = {h for h, e in self.rules.hedges.items() if e == "approximate"}
        labels = self.label_tokens
        i = num.start - 1
        while i >= sent.start and (self.doc[i].lower_ in fillers or self.doc[i].lower_ in approximate
                                   or i in labels):
            i -= 1  # "kasus kekerasan terhadap anak mencapai 1.229": the unit, its labels, the count
        unit = self.unit_ending_at.get(i + 1)
        if unit is None:
            return None
        slot, _, group = unit.id_.partition(":")
        # Any case unit ("pelaporan 108"), an ungrouped victim unit ("korban sebanyak 615") or an
        # offender ("pelaku 3"); not a group noun ("anak 12" is a list label) nor a time or place unit.
        if slot == "cases" or (slot == "victims" and not group) or (
                slot == "none" and "offender_role" in self.connector_kinds.get(unit.start, ())):
            return unit
        return None

    def _continues_breakdown(self, sent: Span, num: Span) -> bool:
        """ "… mencapai 95 kasus. Semua kasus itu terdiri dari 47 kekerasan seksual, 17 trafficking": the
        first item of a breakdown of the previous sentence's count, named by its type, counts what
        that count counted."""
        return bool(self.records) and self.last_record_sentence == self.sentence_index - 1 \
            and self._type_label_after(num) and any(
                "listing" in self.connector_kinds.get(i, ()) for i in range(max(sent.start, num.start - 2), num.start))

    def _type_label_after(self, num: Span) -> bool:
        """ "… 6 kasus dengan rincian dua kekerasan psikis": a list item named by its type after the number."""
        return num.end in self.vtype_at and any(
            v.id_ != "all" for v in self._spans_in("VTYPE", num.end, num.end + 3))

    def _has_list_label(self, start: int, end: int) -> bool:
        """Between two counts, a label that makes the second a list item: a region, month, year or type."""
        if self.region_index.within(start, end):
            return True
        if self._spans_in("MONTH", start, end) or self._spans_in("VTYPE", start, end) \
                or any(g.id_ != "subgroup" for g in self._spans_in("GROUP", start, end)):
            return True
        return any(self._is_year(n) for n in self.number_index.within(start, end))

    def _victim_context(self, sent: Span, num: Span, unit: Span | None, group: str) -> bool:
        """A people count is about victims only if the sentence says so and no offender role is nearer."""
        for i in range(num.start - 1, sent.start - 1, -1):
            kinds = self.connector_kinds.get(i, set())
            if "offender_role" in kinds:
                return False
            if "victim_role" in kinds or self.doc[i].lower_.startswith("korban"):
                return True
        tail = self.doc[num.end:sent.end]
        if any(t.lower_.startswith("korban") for t in tail):
            return True
        has_group = bool(group) or bool(self._spans_in("GROUP", sent.start, num.start))
        return has_group and bool(self._spans_in("VTYPE", sent.start, sent.end))

    def _is_separator(self, i: int) -> bool:
        return "separator" in self.connector_kinds.get(i, set()) and i not in self.inside_long_label

    def _set_windows(self, sent: Span, mentions: list[_Mention]) -> None:
        lead_start = sent.start
        for k, m in enumerate(mentions):
            next_start = mentions[k + 1].num_start if k + 1 < len(mentions) else sent.end
            m.lead_start = lead_start
            m.clause_start = lead_start
            for i in range(m.num_start - 1, lead_start - 1, -1):
                if self._is_separator(i):
                    m.clause_start = i + 1
                    break
            tail_end = m.unit_end
            limit = self._label_start_before(next_start, m.unit_end) if k + 1 < len(mentions) else next_start
            while tail_end < limit and not self._is_separator(tail_end) \
                    and self.doc[tail_end].text not in ENDERS and not self._opens_aside(tail_end, sent.end):
                tail_end += 1
            m.tail_end = tail_end
            lead_start = tail_end

    def _opens_aside(self, i: int, end: int) -> bool:
        """ "36 kasus (sebelumnya hingga Juli hanya 15 kasus)": a bracket with a figure of its own is an
        aside; its period and labels are its figure's, not the count's before it ("57 kasus (KDRT)"
        glosses the count and is still its own)."""
        if self.doc[i].text != "(":
            return False
        close = next((j for j in range(i + 1, end) if self.doc[j].text == ")"), end)
        return any(self.doc[j].like_num for j in range(i + 1, close))

    def _label_start_before(self, num_start: int, floor: int) -> int:
        """Where the label tightly attached to a count begins ("Kota X sebanyak 25": at "Kota")."""
        i = num_start
        while i > floor and (self.doc[i - 1].lower_ in self.words["label_filler"] or self.doc[i - 1].text == "("):
            i -= 1
        attached = [start for start in self.label_starts_by_end.get(i, []) if start >= floor]
        return min(attached) if attached else num_start

    def _merge_victim_pairs(self, sent: Span, mentions: list[_Mention]) -> list[_Mention]:
        """ "39 kasus dengan 55 orang korban" is one record with cases and victims."""
        group_tokens = {i for g in self._spans_in("GROUP", sent.start, sent.end) if g.id_ != "subgroup"
                        for i in range(g.start, g.end)}
        merged: list[_Mention] = []
        for m in mentions:
            prev = merged[-1] if merged else None
            between = range(prev.tail_end, m.num_start) if prev is not None else range(0)
            paired = any(self.doc[i].lower_ in self.words["pairing"] for i in between)
            # "6 kasus KDRT dengan 6 korban": with "dengan", a type between names the cases counted
            types_between = {i for i in between if i in self.type_tokens} if paired else set()
            if (prev is not None and prev.slot == "cases" and m.slot == "victims" and prev.victims is None
                    and all(self.doc[i].lower_ in self.words["pair_joiner"] or i in group_tokens or i in types_between
                            for i in between)
                    and (self._local_group(m) in (None, self._local_group(prev))  # "…, 2.568 korban perempuan"
                         or paired)
                    and not self._own_labels(m, region_after=False, types_from=m.num_start if paired else None)):
                prev.victims, prev.victims_tokens = m.value, (m.num_start, m.num_end)
                prev.approximate = prev.approximate or m.approximate
                prev.tail_end = m.tail_end
                continue
            merged.append(m)
        return merged

    def _own_labels(self, m: _Mention, region_after: bool = True, types_from: int | None = None) -> bool:
        """A region or type of its own: the count is another item, not more about the last one.
        A region after the count ("… 367 korban di seluruh Sulut") may just place the whole figure;
        types are looked for from `types_from` on (the clause start when None)."""
        start, end = m.clause_start, m.tail_end
        region_end = end if region_after else m.num_start
        types = self._spans_in("VTYPE", start if types_from is None else types_from, end)
        return bool(self.region_index.within(start, region_end)) or any(s.id_ != "all" for s in types)

    # -- slots

    def _pick(self, items: list[tuple[int, object]], m: _Mention, lead_rest: bool = True):
        """The cue for a count: nearest in its clause, else first after it, else nearest earlier."""
        clause = [v for i, v in sorted(items, key=lambda x: x[0]) if m.clause_start <= i < m.num_start]
        if clause:
            return clause[-1]
        tail = [v for i, v in sorted(items, key=lambda x: x[0]) if m.unit_end <= i < m.tail_end]
        if tail:
            return tail[0]
        if lead_rest:
            rest = [v for i, v in sorted(items, key=lambda x: x[0]) if m.lead_start <= i < m.clause_start]
            if rest:
                return rest[-1]
        return None

    def _group_is_own(self, m: _Mention) -> bool:
        """ "penganiayaan terhadap anak 32 kasus": the group belongs to this item, not the list."""
        if m.unit_group or self._spans_in("GROUP", m.unit_end, m.tail_end):
            return True
        i = m.num_start
        while i > m.clause_start and self.doc[i - 1].lower_ in self.words["label_filler"]:
            i -= 1
        if i > m.clause_start and "each" in self.connector_kinds.get(i - 1, ()):
            # "penganiayaan anak dan pencabulan anak masing-masing 13 kasus": each type's own group;
            # "untuk korban anak masing-masing …" names the group the whole list is of
            i -= 1
            group = next((g for g in self._spans_in("GROUP", m.clause_start, i) if g.end == i), None)
            return group is not None and group.start - 1 in self.type_tokens
        return i in self.group_ending_at

    def _parent_total(self, region: tuple[str, ...] | None) -> dict:
        """A region's count in a list splits a total of a region containing it (the country, its
        province): it takes that total's group and type, the slots a split by region keeps."""
        if not region or len(region) != 1:
            return {}
        totals = [(_size(c), mention) for c, mention in self.record_mentions
                  if len(c.region_codes) == 1 and _contains(c.region_codes[0], region[0])]
        if not totals:
            return {}
        slots = dict(max(totals, key=lambda t: t[0])[1].slots)
        return {k: slots[k] for k in ("group", "type") if k in slots}

    def _local_group(self, m: _Mention) -> str | None:
        cue = self._local_group_cue(m)
        return cue[0] if cue is not None else None

    def _local_group_cue(self, m: _Mention) -> tuple[str, Span] | None:
        subgroups = [g for g in self._spans_in("GROUP", m.num_end, m.unit_end + 4)
                     if g.start <= m.unit_end and g.id_ == "subgroup" and g.end > m.unit_end - 1]
        if subgroups:
            return "subgroup", subgroups[0]  # "dua orang anak lelaki": a finer split than the unit's group
        if m.unit_group:
            return m.unit_group, self.doc[m.num_end:m.unit_end]
        # "57 kasus kekerasan anak": a group in the unit's own noun phrase is nearer than any before it
        sentence_end = self.sentences[self.sentence_of[m.num_start]].end
        unit_phrase = [g for g in self._spans_in("GROUP", m.unit_end, min(m.unit_end + 5, sentence_end))
                       if g.id_ != "subgroup" and (
                           (g.start < m.tail_end and all(not t.is_punct for t in self.doc[m.unit_end:g.start]))
                           or self._is_copula(m.unit_end, g.start))]
        if unit_phrase:
            return unit_phrase[0].id_, unit_phrase[0]
        typed = self._group_after_types(m.unit_end, sentence_end)
        if typed is not None:
            return typed.id_, typed
        span = self._pick([(s.start, s) for s in self._spans_in("GROUP", m.lead_start, m.tail_end)], m)
        return (span.id_, span) if span is not None else None

    def _group_after_types(self, start: int, end: int) -> Span | None:
        """ "8 kasus pencabulan dan kekerasan seksual terhadap anak": the unit's noun phrase runs over
        coordinated type names and a victim preposition to the group they are of. A group that
        labels the next count ("…, dan perempuan 20 kasus") is not this one's."""
        i = start
        while i < end and (i in self.type_tokens or "coordination" in self.connector_kinds.get(i, set())
                                 or self.doc[i].lower_ in self.words["victim_preposition"]):
            i += 1
        if i == start or i not in self.group_at:
            return None
        group = self.group_at[i]
        after = group.end
        while after < end and self.doc[after].lower_ in self.words["label_filler"]:
            after += 1
        return None if after < end and self.doc[after].like_num else group

    def _is_copula(self, start: int, end: int) -> bool:
        """ "10 korban lainnya, merupakan perempuan dewasa": only "the others … are" between a count
        and the group it names."""
        kinds = [self.connector_kinds.get(i, set()) for i in range(start, end)]
        return any("copula" in k for k in kinds) and all(
            k & {"copula", "rest"} or self.doc[i].text == "," for i, k in zip(range(start, end), kinds))

    def _assign_slots(self, sent: Span, m: _Mention, previous: _Mention | None, continues_list: bool) -> None:
        """Each slot from the nearest scope that names it, in the order rules/scopes.csv gives.

        A part of a breakdown reads only its own clause and its total. Every value keeps where it
        came from (m.sources), so a record can say which of its slots rest on inference."""
        clause = self._clause_cues(sent, m, part=m.parent is not None)
        m.local_group = clause["group"][0] if "group" in clause else None
        m.own_group = self._group_is_own(m)
        m.period_local = "period" in clause
        inherited = Inheritance("", {}, {}) if m.parent is not None else self._inherited(m, previous, continues_list, clause)
        m.donor = previous if inherited.scope == "list" else None
        m.slots, m.sources = {}, {}
        for slot in SLOT_ORDER:
            scopes = [s for s in PART_SCOPES if s in SCOPES_FOR_SLOT[slot]] if m.parent is not None \
                else self.rules.slot_scopes[slot]
            for scope in scopes:
                found = self._find(scope, slot, m, previous, clause, inherited)
                if found is not None:
                    m.slots[slot], m.sources[slot] = found
                    break
            else:
                m.slots[slot], m.sources[slot] = None, SlotSource("none")

    def _find(self, scope: str, slot: str, m: _Mention, previous: _Mention | None, clause: dict,
              inherited: Inheritance) -> tuple[object, SlotSource] | None:
        """The value one scope offers for one slot, or None when it names none."""
        if scope == "clause":
            return clause.get(slot)
        if scope == "part_of":
            value = m.parent.slots.get(slot) if m.parent is not None else None
            if value is None:  # a part of a total whose slot is open is open too
                return _still_open(m.parent.sources, slot) if m.parent is not None else None
            parent_source = m.parent.sources[slot]
            return value, SlotSource("part_of", parent_source.start, parent_source.end)
        if scope == "list":
            return self._from_list(slot, m, previous, clause, inherited)
        if scope == "sex_split":
            # "anak laki-laki 6 orang, dan perempuan 18 orang": girls, not women
            if previous is not None and previous.slots.get("group") == "subgroup" and self._bare_clause(m):
                return "subgroup", SlotSource("sex_split")
            # "korban laki-laki 147 orang dan perempuan 531 orang": victims split by sex, not women
            if clause.get("group", (None,))[0] == "perempuan" and self.counts_males:
                return "subgroup", SlotSource("sex_split")
            return None
        if scope == "change":  # "dari 48 kasus menjadi 87 kasus" over "2019 hingga 2024": the last year
            if self.change_range is not None and "change_to" in self.connector_kinds.get(m.num_start - 1, ()):
                spec, self.change_range = _whole_year(self.change_range.end_year), None
                return spec, SlotSource("change")
            return None
        if scope == "type_total":  # a type split counts the group of the total it splits
            if m.slots.get("type") in (None, "all"):
                return None
            group = self._parent_group(m.slots.get("period") or self.context_period)
            return (group, SlotSource("type_total")) if group is not None else None
        if scope == "parallel":
            # a type only for a count that names nothing but its period ("Tahun sebelumnya 11 kasus")
            value = self.parallel_group if slot == "group" else \
                None if self._has_own_cues(m) else self.parallel_type
            if m.slots.get("period") is not None and m.period_local and value not in (None, "all"):
                return value, SlotSource("parallel")
            return None
        if scope == "mandate":  # "KPAI mencatat 4.683 aduan": a children's commission counts children
            group = self.rules.agency_groups.get(m.slots.get("agency") or "")
            return (group, SlotSource("mandate")) if group is not None else None
        if scope == "restated":  # "Menurut Betty, 79 kasus … meliputi …": whose the figure was when first given
            earlier = next((c for c in self.records if _size(c) >= MIN_RESTATED_FIGURE
                            and getattr(c, m.slot) == m.value), None)
            return (earlier.agency, SlotSource("restated")) if earlier is not None and earlier.agency else None
        if scope == "statement":
            value = self.statement[1].get(slot) if self._points_back_at_statement(m) else None
            return (value, SlotSource("statement")) if value is not None else None
        if scope == "headline":
            value = self.headline_group if slot == "group" else self.headline_type
            return (value, SlotSource("headline")) if value is not None else None
        if scope == "national_body":
            national = m.slots.get("agency") in self.rules.national_agencies
            return ((NATIONAL[0],), SlotSource(scope)) if national else None
        if scope == "national_system":  # SIMFONI-PPA in an article whose text names no region (a dateline aside)
            national = m.slots.get("agency") in self.rules.national_systems and not self.regions
            return ((NATIONAL[0],), SlotSource(scope)) if national else None
        if scope == "article":
            if slot == "period":
                return None  # read once the whole article is read (_date_from_article)
            if slot == "region":
                return (self.main_region, SlotSource("article")) if self.main_region else None
            return (self.agencies[0].id_, self._source("article", self.agencies[0])) if self.agencies else None
        if scope == "nearest_before":
            k = bisect.bisect_left(self.agency_index.starts, m.num_start)
            if k == 0:
                return None
            span = self.agency_index.spans[k - 1]
            return span.id_, self._source("nearest_before", span)
        if scope == "context":
            return None  # read when the count is written (_emit): the whole sentence may set it first
        raise ValueError(f"unknown scope {scope!r}")

    def _clause_cues(self, sent: Span, m: _Mention, part: bool) -> dict[str, tuple[object, SlotSource]]:
        """What the count's own clause names: the nearest cue before it, else the first after it."""
        cues: dict[str, tuple[object, SlotSource]] = {}
        region_span = self._pick([(r.start, r) for r in self.region_index.within(m.lead_start, m.tail_end)], m,
                                 lead_rest=not part)
        if self._regions_compete(m):
            cues["region"] = (None, SlotSource("conflict"))
        elif region_span is not None:
            cues["region"] = (self._resolve_codes(self._region_codes(region_span)),
                              self._source("clause", region_span))
        period, period_tokens = self._period_for(sent, m)
        if period is not None:
            cues["period"] = (period, self._source("clause", self.doc[period_tokens[0]:period_tokens[1]])
                              if period_tokens else SlotSource("clause"))
        group = self._local_group_cue(m)
        if group is not None:
            cues["group"] = (group[0], self._source("clause", group[1]))
        vtype = self._local_type_cue(m)
        if vtype is not None and vtype[0] != "all" and self._is_combined_type(vtype[1]):
            cues["type"] = (None, SlotSource("conflict"))  # RECORDS.md: a combined type is no record
        elif vtype is not None:
            cues["type"] = (vtype[0], self._source("clause", vtype[1]))
        joined = self._joined_categories(m) if cues.get("group", (None,))[0] != "subgroup" else None
        if joined is not None:  # "kekerasan anak dan KDRT 99 kasus": of no one group and no one type
            cues["group"] = (joined[0], self._source("clause", joined[2]))
            cues["type"] = (joined[1], self._source("clause", joined[2]))
        agency = self._pick([(a.start, a) for a in self.agency_index.within(m.lead_start, m.tail_end)], m)
        if agency is not None:
            cues["agency"] = (agency.id_, self._source("clause", agency))
        return cues

    def _is_combined_type(self, label: Span) -> bool:
        """ "kekerasan fisik dan psikis 24 kasus", "fisik dan/atau psikis": one count of two types
        together. "dan/atau" combines whatever it joins, even a word the rules cannot read;
        "fisik dan psikis masing-masing 24 kasus" gives each its own count (_each)."""
        run = [label]
        i = label.start
        while i > 0 and self._joins_types(i - 1):  # back over "fisik dan/atau" to the first type
            while i > 0 and self._joins_types(i - 1):
                i -= 1
            before = next((t for t in self._spans_in("VTYPE", max(0, i - 6), i) if t.end == i), None)
            if before is None:
                break
            run.insert(0, before)
            i = before.start
        i, unread = label.end, False
        while i < len(self.doc) and self._joins_types(i):
            joined = []
            while i < len(self.doc) and self._joins_types(i):
                joined.append(self.doc[i].text)
                i += 1
            after = next((t for t in self._spans_in("VTYPE", i, i + 4) if t.start == i), None)
            if after is None:  # "fisik dan/atau fsikis": joined to a word no rule reads
                unread = "/" in joined and i < len(self.doc) and self.doc[i].is_alpha
                break
            run.append(after)
            i = after.end
        if i < len(self.doc) and "each" in self.connector_kinds.get(i, ()):
            return False
        return unread or len({t.id_ for t in run} - {"all"}) > 1

    def _joined_categories(self, m: _Mention) -> tuple[str, str, Span] | None:
        """Category phrases joined into one count's label, each a type with its group ("kekerasan
        terhadap anak dan kekerasan terhadap perempuan", "kekerasan anak dan KDRT"): the count is of
        their union, so a group or type that only one of them names is not the count's. Two named
        types are a combined type, which _is_combined_type leaves open."""
        sentence_end = self._sentence(m).end
        tail_end = next((i for i in range(m.unit_end, sentence_end) if self.doc[i].like_num), sentence_end)
        tail = [run for run in self._category_runs(m.unit_end, tail_end) if run[0][0].start < m.tail_end][:1]
        label = [run for run in self._category_runs(m.lead_start, m.num_start) if run[-1][-1].end > m.clause_start][-1:]
        for run in tail + label:
            categories = self._union(run)
            if categories is not None:
                return categories
        return None

    def _union(self, run: list[list[Span]]) -> tuple[str, str, Span] | None:
        """The group and type of coordinated categories together; a group after the last phrase is
        shared by the phrases before it that name none ("pencabulan dan persetubuhan terhadap anak")."""
        groups, shared = [], "all"
        for phrase in reversed(run):
            shared = phrase[1].id_ if len(phrase) > 1 else shared
            groups.append(shared)
        types = {phrase[0].id_ for phrase in run}
        if len(set(groups)) == 1 and len(types) == 1 or len(types - {"all"}) > 1:
            return None  # one category after all, or a combined type (_is_combined_type)
        group = groups[0] if len(set(groups)) == 1 else "all"
        vtype = types.pop() if len(types) == 1 else "all"
        return group, vtype, self.doc[run[0][0].start:run[-1][-1].end]

    def _category_runs(self, start: int, end: int) -> list[list[list[Span]]]:
        """Runs of coordinated category phrases in [start, end): each phrase a type name and the group
        it is of ("kekerasan terhadap anak"), the phrases of a run joined by dan/serta/atau."""
        runs: list[list[list[Span]]] = []
        cues = _longest_first(self._spans_in("VTYPE", start, end)
                              + [g for g in self._spans_in("GROUP", start, end) if g.id_ != "subgroup"])
        for cue in cues:
            last = runs[-1][-1] if runs else None
            gap = range(last[-1].end, cue.start) if last else range(0)
            if last and cue.label_ == "GROUP" and len(last) == 1 \
                    and all(self.doc[i].lower_ in self.words["victim_preposition"] for i in gap):
                last.append(cue)  # "kekerasan terhadap anak": the group the type is of
            elif last and cue.label_ == "VTYPE" and gap and all(self._joins_types(i) for i in gap):
                runs[-1].append([cue])  # "… dan kekerasan terhadap perempuan": one more category
            elif cue.label_ == "VTYPE":
                runs.append([[cue]])
        return [run for run in runs if len(run) > 1]

    def _joins_types(self, i: int) -> bool:
        token = self.doc[i]
        return token.lower_ in self.words["type_joiner"] or "coordination" in self.connector_kinds.get(i, ())

    def _regions_compete(self, m: _Mention) -> bool:
        """Two regions in the count's own clause, neither containing the other, and nothing to
        choose between them: the count's region is open, so it gives no record."""
        codes = {self._resolve_codes(self._region_codes(r)) for r in self.region_index.within(m.clause_start, m.tail_end)}
        single = {c[0] for c in codes if len(c) == 1}
        return len(single) > 1 and not any(_contains(a, b) or _contains(b, a) for a in single for b in single if a != b)

    def _inherited(self, m: _Mention, previous: _Mention | None, continues_list: bool,
                   clause: dict) -> Inheritance:
        """The slots a list passes on: the count before in the sentence, the last count of the
        sentence it continues, the figure a comparison is made with, or a region's total."""
        if previous is not None:
            return Inheritance("list", previous.slots, previous.sources)
        if continues_list and self.record_mentions:
            return Inheritance("previous_sentence", self._across_sentences(), {})
        period = clause.get("period", (None,))[0]
        if period is not None and period.comparison and self.record_mentions:
            return Inheritance("compared", self._across_sentences(comparison=True), {})
        if "region" in clause and "group" not in clause and "type" not in clause:
            if self._follows_region_list():
                return Inheritance("previous_sentence", self._across_sentences(), {})
            return Inheritance("region_total", self._parent_total(clause["region"][0]), {})
        return Inheritance("", {}, {})

    def _follows_region_list(self) -> bool:
        """ "… Kota Mataram 29 kasus. Di Kabupaten Sumbawa ada 18 kasus, …": a sentence that opens with
        one region's count right after a sentence that ended listing counts region by region goes on
        with that list, even with no "Kemudian" to say so (a list of finer splits too)."""
        sentence, mentions = self.last_mentions
        if sentence != self.sentence_index - 1:
            return False
        items = [m for m in mentions if m.sources["region"].scope in ("clause", "list", "each")]
        named = {r.start for m in items for r in self.region_index.within(
            m.clause_start if self._each_word(m) is None else m.lead_start, m.tail_end)}  # "X, Y dan Z masing-masing …"
        return len(named) >= 2 and items[-1] is mentions[-1]

    def _each_word(self, m: _Mention) -> int | None:
        """Where "masing-masing" stands before the count, if it does: the count holds for each label before."""
        return next((i for i in range(m.lead_start, m.num_start) if "each" in self.connector_kinds.get(i, ())), None)

    def _from_list(self, slot: str, m: _Mention, previous: _Mention | None, clause: dict,
                   inherited: Inheritance) -> tuple[object, SlotSource] | None:
        value = inherited.slots.get(slot)
        if value is None:  # the count it lists after had that slot open ("fisik dan psikis"): so is this one
            return _still_open(inherited.sources, slot)
        if slot == "group" and not ((previous is not None or "type" not in clause)
                                    and not (previous is not None and previous.own_group and "type" in clause)):
            return None  # "penganiayaan terhadap anak 32 kasus, pencabulan 20 kasus": the group was the item's
        if slot == "type" and not ("group" not in clause or self._bare_clause(m)):
            return None
        source = inherited.sources.get(slot)
        return value, SlotSource(inherited.scope, source.start if source else None, source.end if source else None)

    def _source(self, scope: str, span: Span) -> SlotSource:
        return SlotSource(scope, span.start_char, span.end_char)

    def _across_sentences(self, comparison: bool = False) -> dict:
        """What a list in a new sentence takes from the last count, a comparison from the article's
        largest count (what is compared is the headline figure): never the region."""
        if comparison:
            slots = dict(max(self.record_mentions, key=lambda cm: _size(cm[0]))[1].slots)
        else:
            slots = dict(self.record_mentions[-1][1].slots)
        slots.pop("region", None)
        return slots

    def _local_type_cue(self, m: _Mention) -> tuple[str, Span] | None:
        tail_types = {s.id_ for s in self._spans_in("VTYPE", m.unit_end, m.tail_end)}
        listing = [i for i in range(m.unit_end, m.unit_end + 3) if "listing" in self.connector_kinds.get(i, ())]
        if (listing or len(tail_types - {"all"}) > 1) and not self._spans_in("VTYPE", m.clause_start, m.num_start):
            # "88 kasus yang meliputi kekerasan fisik, pelecehan, ..." lists, not restricts
            return "all", self.doc[m.unit_end:m.tail_end]
        picked = self._pick([(s.start, s) for s in self._spans_in("VTYPE", m.lead_start, m.tail_end)], m)
        if picked is None or picked.id_ == "all":  # "25 kasus di antaranya merupakan kasus kejahatan seksual"
            subset_end = self._subset_clause_end(m, self._sentence(m))
            specific = [s for s in self._spans_in("VTYPE", m.tail_end, subset_end) if s.id_ != "all"]
            if len({s.id_ for s in specific}) == 1:
                return specific[0].id_, specific[0]
        return (picked.id_, picked) if picked is not None else None

    def _bare_clause(self, m: _Mention) -> bool:
        """The clause holds only a group word and the count ("perempuan 18 orang"): a list item."""
        cue_tokens = {i for s in self._spans_in("GROUP", m.clause_start, m.num_start)
                      + self._spans_in("HEDGE", m.clause_start, m.num_start)
                      for i in range(s.start, s.end)}
        fillers = self.words["label_filler"] | self.words["victim_preposition"]
        return all(i in cue_tokens or self.doc[i].lower_ in fillers or self.doc[i].is_punct
                   for i in range(m.clause_start, m.num_start))

    def _parent_group(self, period: PeriodSpec | None) -> str | None:
        """A type split ("kekerasan seksual 99 kasus") counts the group of the total it splits, or
        of a total given without a number just before it ("… terhadap anak mencapai ribuan kasus")."""
        months = _months_of(period)
        totals = [c for c, _ in self.record_mentions
                  if c.violence_type == "all" and _months_of(c.period) == months]
        if totals:
            if len({c.group for c in totals} - {"all"}) > 1:
                return None  # totals of children and of women: the split may be of either
            return max(totals, key=_size).group
        if self.vague_total is not None and self.vague_total[0] == self.sentence_index - 1 \
                and self.vague_total[2] == months:
            return self.vague_total[1]
        return None

    def _remember_statement(self, sent: Span) -> None:
        """ "Unit PPA … juga menangani kasus kekerasan terhadap perempuan dewasa.": cases spoken of
        without a count; a next sentence that points back at them ("Jumlahnya …") counts them."""
        groups = {g.id_ for g in self._spans_in("GROUP", sent.start, sent.end) if g.id_ != "subgroup"}
        types = {t.id_ for t in self._spans_in("VTYPE", sent.start, sent.end)} - {"all"}
        slots = {slot: values.pop() for slot, values in (("group", groups), ("type", types)) if len(values) == 1}
        cases = any(u.id_.startswith("cases") for u in self._spans_in("UNIT", sent.start, sent.end))
        self.statement = (self.sentence_index, slots) if cases and slots else None

    def _points_back_at_statement(self, m: _Mention) -> bool:
        sent = self._sentence(m)
        return self.statement is not None and self.statement[0] == self.sentence_index - 1 \
            and not self._has_own_cues(m) and any(
                "back_reference" in self.connector_kinds.get(i, ()) for i in range(sent.start, sent.start + 3))

    def _remember_vague_total(self, sent: Span) -> None:
        """ "Simfoni PPA mencatat hingga Agustus 2023, kekerasan terhadap anak mencapai ribuan kasus.": a
        total with no number gives no record, but its one group frames the breakdown that follows."""
        vague = [h for h in self._spans_in("HEDGE", sent.start, sent.end) if h.id_ == "vague" and h.end in self.unit_at]
        groups = {g.id_ for g in self._spans_in("GROUP", sent.start, sent.end)}
        if len(vague) == 1 and len(groups) == 1 and self._spans_in("STAT", sent.start, sent.end):
            self.vague_total = (self.sentence_index, groups.pop(), _months_of(self.context_period))

    def _agency_before(self, i: int) -> str | None:
        before = bisect.bisect_left(self.agency_index.starts, i)
        if before:
            return self.agency_index.spans[before - 1].id_
        return self.agencies[0].id_ if self.agencies else None

    def _period_for(self, sent: Span, m: _Mention) -> tuple[PeriodSpec | None, tuple[int, int] | None]:
        """The period the count's clause gives, and the tokens of the expression that gave it."""
        expressions = self._period_expressions(sent)
        anchor = self._pick([(start, start) for start, _ in expressions], m)
        if anchor is None:
            return None, None
        spec = dict(expressions)[anchor]
        tokens = (anchor, self.expression_ends[anchor])
        spec = self._written_end(spec, [e for start, e in expressions if start != anchor])
        spec = self._end_of_change(sent, m, spec)
        if spec.that_year:
            if self.last_named_year is None:
                return None, None
            spec = _whole_year(self.last_named_year)
        for start, earlier in expressions:  # "Sepanjang 2023 …: Januari sebelas kasus": the year carries
            if start < m.num_start and earlier is not spec and (earlier.start_year or earlier.end_year):
                self._set_context_period(earlier)
        years_before = [e for start, e in expressions
                        if start < anchor and e.year_offset is not None and not e.comparison]
        if years_before and spec.start_year is None and spec.end_year is None and spec.year_offset is None:
            spec = spec.with_context(years_before[-1])  # "pada tahun ini, selama Januari": January of this year
        if spec.same_months:  # "periode yang sama tahun 2020": the months of the period before, not its own
            spec = spec.with_context(self.context_period)
        self._set_context_period(spec)
        spec = spec.with_context(self.context_period)
        return (None, None) if spec.previous_year else (spec, tokens)

    @staticmethod
    def _written_end(spec: PeriodSpec, others: list[PeriodSpec]) -> PeriodSpec:
        """ "hingga April 2023, jumlah kasus tahun ini mencapai 69": a year left open to the date of
        publication ends where the same sentence says its count ends."""
        if not spec.open_end or spec.comparison:
            return spec
        year = spec.end_year or spec.start_year  # None for "tahun ini": any year the end names
        ends = [e for e in others if e.end_month is not None and not e.open_end and not e.comparison
                and not e.unknown and e.start_month in (None, 1)
                and (e.end_year == year if year is not None else spec.year_offset == 0)]
        if len(ends) != 1:
            return spec
        end = ends[0]
        if end.end_year is not None:
            return replace(spec, start_year=end.end_year, start_month=1, end_year=end.end_year,
                           end_month=end.end_month, year_offset=None, open_end=False)
        return replace(spec, start_month=1, end_month=end.end_month, open_end=False)

    def _end_of_change(self, sent: Span, m: _Mention, spec: PeriodSpec) -> PeriodSpec:
        """ "Dari 2019 hingga 2024 … dari 48 kasus menjadi 87 kasus": the first count is 2019's,
        the second (see _assign_slots) 2024's, neither one the whole range's."""
        if not spec.start_year or not spec.end_year or spec.start_year == spec.end_year:
            return spec
        change_to_later = any("change_to" in self.connector_kinds.get(i, ()) for i in range(m.unit_end, sent.end))
        if "change_from" in self.connector_kinds.get(m.num_start - 1, ()) and change_to_later:
            self.change_range = spec
            return _whole_year(spec.start_year)
        if "change_to" in self.connector_kinds.get(m.num_start - 1, ()):
            return _whole_year(spec.end_year)
        return spec

    def _set_context_period(self, spec: PeriodSpec) -> None:
        """A period naming its own year becomes the current one; "Januari" alone or a comparison does not."""
        if not spec.comparison and (spec.start_year or spec.end_year or spec.year_offset is not None):
            self.context_period = spec
            self.context_sentence = self.sentence_index
            if self.main_year is None:
                self.main_year = spec.end_year or spec.start_year

    def _context_is_stale(self) -> bool:
        """After the article steps back to the year it compares with ("menurun dibandingkan 2018.
        Pada 2018, …"), a count further on that names no year may belong to either: abstain."""
        year = self.context_period.end_year or self.context_period.start_year if self.context_period else None
        return bool(year and self.main_year and year < self.main_year and year in self.compared_years
                    and self.sentence_index - self.context_sentence > 1)

    def _period_expressions(self, sent: Span) -> list[tuple[int, PeriodSpec]]:
        """The period expressions of a sentence, read once: the sentence and each of its counts ask."""
        if sent.start not in self.expressions_by_sentence:
            self.expressions_by_sentence[sent.start] = self._read_period_expressions(sent)
        return self.expressions_by_sentence[sent.start]

    def _read_period_expressions(self, sent: Span) -> list[tuple[int, PeriodSpec]]:
        atoms: list[tuple[int, int, str, object]] = []  # start, end, kind, value
        for num in self.number_index.within(sent.start, sent.end):
            if self._is_year(num) and not self._blocked_year(num):
                atoms.append((num.start, num.end, "year", int(num.text)))
        for month in self._spans_in("MONTH", sent.start, sent.end):
            if month.text.lower() not in self.abbreviated_months or self._near_year_or_day(month):
                atoms.append((month.start, month.end, "month", int(month.id_)))
        for p in self._spans_in("PERIOD", sent.start, sent.end):
            kind, _, value = p.id_.partition(":")
            atoms.append((p.start, p.end, kind, int(value) if value else None))
        for i in range(sent.start, sent.end):
            if "comparison" in self.connector_kinds.get(i, set()):
                atoms.append((i, i + 1, "comparison", None))
        atoms.sort()
        groups: list[list[tuple]] = []
        for atom in atoms:
            gap = self.doc[groups[-1][-1][1]:atom[0]] if groups else None
            if gap is not None and len(gap) <= 3 and atom[2] != "comparison" and not any(
                    (t.like_num and not self._month_at(t.i + 1)) or t.text in {",", ";"}
                    or "listing" in self.connector_kinds.get(t.i, ()) for t in gap):  # "2024 dengan rincian Januari"
                groups[-1].append(atom)
            else:
                groups.append([atom])
        out = []
        for group in groups:
            if self._is_calendar_date(group):
                continue
            spec = _period_from_atoms(group)
            if spec is not None and not spec.comparison and self._in_comparison_clause(sent, group[0][0]):
                spec = replace(spec, comparison=True)
            if spec is not None:
                anchor = next(a[0] for a in group if a[2] not in ("comparison", "range_from"))
                self.expression_ends[anchor] = group[-1][1]
                out.append((anchor, spec))
        return out

    def _in_comparison_clause(self, sent: Span, start: int) -> bool:
        """ "…, naik 42 persen dibandingkan 220 kasus pada 2023": a period later in the clause a
        comparison opens is the compared one, however many words stand between. The clause ends at
        a comma, a separator or "menjadi" (what follows is the current figure again)."""
        for i in range(start - 1, sent.start - 1, -1):
            kinds = self.connector_kinds.get(i, set())
            if "comparison" in kinds:
                return True
            if self.doc[i].text in {",", ";"} or kinds & {"separator", "contrast", "change_to"}:
                return False
        return False

    def _is_calendar_date(self, atoms: list[tuple]) -> bool:
        """ "Jumat, 25 Juli 2025" dates a statement; only "hingga 25 Juli" would bound a period."""
        kinds = {a[2] for a in atoms}
        if kinds - {"month", "year"} or "month" not in kinds:
            return False
        first = atoms[0][0]
        before = self.doc[first - 1] if first > 0 else None
        return before is not None and before.is_digit and 1 <= int(before.text) <= 31

    def _blocked_year(self, num: Span) -> bool:
        doc = self.doc
        return (num.start > 0 and doc[num.start - 1].text in {"/", "-"} and num.start > 1
                and doc[num.start - 2].is_digit)

    def _near_year_or_day(self, month: Span) -> bool:
        doc = self.doc
        before = doc[month.start - 1] if month.start > 0 else None
        after = doc[month.end] if month.end < len(doc) else None
        return bool((after is not None and after.is_digit and len(after.text) == 4)
                    or (before is not None and before.is_digit))

    # -- output

    def _listed_apart(self, m: _Mention, earlier: Candidate) -> bool:
        """A list item whose list gives it another group or type than an earlier count of the same
        figure: another count ("Kabupaten Bima 39 kasus" among women's, then among children's)."""
        return any(m.sources[slot].scope in ("list", "previous_sentence")
                   and m.slots[slot] not in (None, "all", value)
                   for slot, value in (("group", earlier.group), ("type", earlier.violence_type)))

    def _has_own_cues(self, m: _Mention) -> bool:
        return bool(m.unit_group) or bool(self._spans_in("GROUP", m.clause_start, m.tail_end)
                                          or self._spans_in("VTYPE", m.clause_start, m.tail_end))

    def _victims_of_previous_count(self, sent: Span, m: _Mention) -> bool:
        """ "…12 kasus. … Sedangkan jumlah korban mencapai 37 anak." gives the victims of that count."""
        if m.slot != "victims" or not self.records:
            return False
        # "… 56 kasus, naik dari 2022 sebanyak 41 kasus. Jumlah korban 60 orang": the victims of the
        # current count, not of the one it was compared with.
        last = next((c for c in reversed(self.records) if c.evidence_start >= self.last_record_start
                     and not (c.period is not None and c.period.comparison)), None)
        opening = [t.lower_ for t in self.doc[sent.start:m.num_start]]
        if last is None or last.victims is not None or last.cases is None \
                or not any(w.startswith("korban") for w in opening):
            return False
        if m.period_local or self._own_labels(m) or sent.start_char - last.evidence_end > 400:
            return False
        if (m.unit_group or self._local_group(m)) not in (None, last.group):
            return False  # "korban perempuan dewasa 615 orang" is another group's count
        last.victims = m.value
        last.sources["victims"] = self._source("previous_sentence", self.doc[m.num_start:m.num_end])
        last.evidence_end = sent.end_char
        return True

    def _restates_as_of(self, period: PeriodSpec, cases, victims, region) -> bool:
        """The same figure dated once by a year and once by a month of it ("144 kasus pada tahun
        2023" / "data bulan April 2023"; "hingga September 2025" / "per September 2025") is one
        cumulative count, January to that month: keep the first record with that period."""
        for c in self.records:
            p = c.period
            if (c.cases, c.victims) != (cases, victims) or c.region_codes != tuple(region or ()) or p is None \
                    or p.end_year is None or p.end_year != period.end_year or p.start_year != p.end_year:
                continue
            if _is_month(period) and (_is_year(p) or _is_month(p)) and not (
                    _is_month(p) and p.end_month != period.end_month):
                c.period = replace(p, start_month=1, end_month=period.end_month, open_end=False)
            elif _is_month(p) and _is_year(period):
                c.period = replace(p, start_month=1, open_end=False)
            elif not (p.start_month == 1 and (_is_year(period) or period.end_month == p.end_month)):
                continue
            self.context_period = c.period
            return True
        return False

    def _subset_clause_end(self, m: _Mention, sent: Span) -> int:
        """ "12 di antaranya masih dalam penyidikan": what is said of a subset follows its marker."""
        end = m.tail_end
        if end < sent.end and "subset" in self.connector_kinds.get(end, ()):
            while end < sent.end and "subset" in self.connector_kinds.get(end, ()):
                end += 1
            while end < sent.end and not self._is_separator(end) and self.doc[end].text not in ENDERS:
                end += 1
        return end

    def _each(self, m: _Mention, base: Candidate) -> list[Candidate]:
        """ "Maret dan Desember masing-masing 7 kasus" is one record per month (per type, per region);
        "Kota A dan Kota B masing-masing empat dan satu kasus" pairs them in order (respectively),
        and gives no record when the counts and the labels do not pair up."""
        each = self._each_word(m)
        if each is None:
            return [base]
        months = self._spans_in("MONTH", m.lead_start, each)
        types = [t for t in self._spans_in("VTYPE", m.lead_start, each) if t.id_ != "all"]
        regions = self.region_index.within(m.lead_start, each)
        values = [int(n.id_) for n in self.number_index.within(each, m.num_end) if not self._is_year(n)]
        slot_of_value = "cases" if m.slot == "cases" else "victims"

        def sourced(slot: str, span: Span) -> dict[str, SlotSource]:
            return {**base.sources, slot: self._source("each", span)}

        if len(months) > 1:
            labelled = [(s, {"period": PeriodSpec(start_month=int(s.id_), end_month=int(s.id_))
                             .with_context(self.context_period)}, "period") for s in months]
        elif len({t.id_ for t in types}) > 1:
            first_of_type = {t.id_: t for t in reversed(types)}
            labelled = [(first_of_type[t], {"violence_type": t}, "type") for t in dict.fromkeys(t.id_ for t in types)]
        elif len(regions) > 1:
            labelled = [(r, {"region_codes": self._resolve_codes(self._region_codes(r))}, "region") for r in regions]
        else:
            return [base] if len(values) == 1 else []
        if len(values) > 1 and len(values) != len(labelled):
            return []  # "masing-masing 4 dan 1 kasus" after three names: no way to pair them
        paired = values if len(values) > 1 else [m.value] * len(labelled)
        return [replace(base, **fields, **{slot_of_value: value}, sources=sourced(slot, span))
                for (span, fields, slot), value in zip(labelled, paired)]

    def _off_topic(self, sent: Span, m: _Mention) -> bool:
        """The count is of another subject: one named in its own clause ("penipuan 2 kasus"), in its
        sentence when its clause names none of ours, or in the sentence before when neither its own
        sentence nor that one names ours ("Penyalahgunaan narkoba … terbanyak. Tercatat 787 kasus …")."""
        if self._spans_in("OFFTOPIC", m.clause_start, m.tail_end):
            return True
        if not self._spans_in("OFFTOPIC", sent.start, sent.end):
            return self._follows_off_topic(sent)
        return not self._names_our_topic(m.clause_start, m.tail_end)

    def _names_our_topic(self, start: int, end: int) -> bool:
        return any(self._spans_in(label, start, end) for label in ("TOPIC", "GROUP", "VTYPE"))

    def _is_finer_split(self, sent: Span, m: _Mention) -> bool:
        """A split label in the count's clause or opening its sentence; or a list item that takes both
        its group and its type from a split item ("… terhadap anak kandung ada tiga kasus, Polres Langkat
        tiga kasus"): the item splits by the same finer dimension."""
        inherits = {m.sources[slot].scope for slot in ("group", "type")}
        m.finer_split = bool(
            self._spans_in("SPLIT", m.clause_start, self._subset_clause_end(m, sent))
            or self._spans_in("SPLIT", sent.start, sent.start + 4)
            or (inherits <= {"list", "none"} and m.donor is not None and m.donor.finer_split)
            or (inherits == {"previous_sentence"} and self.last_mention_split))
        return m.finer_split

    def _follows_off_topic(self, sent: Span) -> bool:
        k = self.sentence_of[sent.start]
        if k == 0 or self._names_our_topic(sent.start, sent.end):
            return False
        previous = self.sentences[k - 1]
        return bool(self._spans_in("OFFTOPIC", previous.start, previous.end)) \
            and not self._names_our_topic(previous.start, previous.end)

    def _emit(self, sent: Span, m: _Mention, first_in_sentence: bool) -> None:
        slots = m.slots
        if slots["group"] == "subgroup" or m.superset:
            if slots["group"] == "subgroup":
                self.split_counts.append((m.slot, m.value, self.doc[m.num_start].idx))
            return
        if any(source.scope == "conflict" for source in m.sources.values()):
            return  # two readings compete for a slot: no record rather than a guess
        if self._off_topic(sent, m):
            return
        if any("projection" in self.connector_kinds.get(i, ()) for i in range(m.clause_start, m.num_start)):
            return  # "mungkin sampai akhir tahun bisa menjadi 1.300 kasus": a forecast, not a count
        if self._is_finer_split(sent, m):
            self.split_counts.append((m.slot, m.value, self.doc[m.num_start].idx))
            return  # a split by kecamatan, age, place or education: finer than a record
        cases = m.value if m.slot == "cases" else None
        victims = m.victims if m.slot == "cases" else m.value
        region = slots["region"]
        if m.approximate and m.value < 2:
            return  # "lebih dari satu orang" is a figure of speech, not a count
        if first_in_sentence and self._victims_of_previous_count(sent, m):
            return
        months = _months_of(slots["period"] or self.context_period)
        if not m.period_local and any(
                _same_figure(c, cases, victims) and c.region_codes == tuple(region or ())
                and ((_months_of(c.period) == months
                      and (c.group, c.violence_type) == (slots["group"] or "all", slots["type"] or "all"))
                     or (not self._has_own_cues(m) and not self._listed_apart(m, c)))
                for c in self.records):
            return  # the same figure again, without a period of its own: a repeat
        if (slots["type"] or "all") == "all" and any(
                (c.cases, c.victims) == (cases, victims) and c.region_codes == tuple(region or ())
                and _months_of(c.period) == months and c.group == (slots["group"] or "all")
                and c.violence_type != "all" for c in self.records):
            return  # the same figure restated without its type ("32 orang" after "32 korban pelecehan")
        if m.period_local and self._restates_as_of(slots["period"], cases, victims, region):
            return
        if slots["period"] is None and self._context_is_stale():
            return
        period, sources = slots["period"], dict(m.sources)
        sources[m.slot] = self._source("clause", self.doc[m.num_start:m.num_end])  # the figure itself
        if m.victims_tokens is not None:
            sources["victims"] = self._source("clause", self.doc[m.victims_tokens[0]:m.victims_tokens[1]])
        if period is None and self.context_period is not None:
            period, sources["period"] = self.context_period, SlotSource("context")
        continues_statistic = self.last_record_sentence in (self.sentence_index, self.sentence_index - 1)
        # No period and no "mencatat"/"data": an incident, not a statistic, unless the next sentence
        # points back at it with a period ("Sebanyak 65 anak … menjadi korban. Jumlah tersebut … 2022").
        awaits_period = period is None and not self._spans_in("STAT", sent.start, sent.end) \
            and not continues_statistic
        base = Candidate(
            cases=cases, victims=victims, approximate=m.approximate,
            region_codes=tuple(region) if region else (),
            period=period,
            group=slots["group"] or "all", violence_type=slots["type"] or "all",
            agency=slots["agency"], evidence_start=sent.start_char, evidence_end=sent.end_char, sources=sources)
        if len(self.records) >= MAX_COUNTS_PER_ARTICLE:
            raise NotAnArticle(f"more than {MAX_COUNTS_PER_ARTICLE} counts: a data dump, not a news article")
        if awaits_period:  # not yet a record: no later reading sees it unless a back-reference dates it
            self.awaiting_period += self._each(m, base)
            self.awaiting_sentence, self.awaiting_start = self.sentence_index, sent.start_char
            return
        for candidate in self._each(m, base):
            self.records.append(candidate)
            self.record_mentions.append((candidate, m))
        if self.last_record_sentence != self.sentence_index:
            self.last_record_start = sent.start_char
        if self.last_record_sentence < self.sentence_index - 1:
            self.record_run_start = sent.start_char
        self.last_record_sentence = self.sentence_index
        if m.local_group in ("all", "perempuan"):
            self.headline_group = None  # the article counts women too: its headline spoke of a part


def _still_open(sources: dict, slot: str) -> tuple[None, SlotSource] | None:
    """A slot taken from a count that left it open (two readings compete) is open too: no record."""
    source = sources.get(slot)
    return (None, SlotSource("conflict")) if source is not None and source.scope == "conflict" else None


def _same_figure(earlier: Candidate, cases: int | None, victims: int | None) -> bool:
    """The same count again, maybe without the victims given with it ("12 kasus … 37 korban" then "12 kasus")."""
    if (earlier.cases, earlier.victims) == (cases, victims):
        return True
    return (cases is not None and victims is None and earlier.cases == cases) or (
        victims is not None and cases is None and earlier.victims == victims)


def _contains(outer: str, inner: str) -> bool:
    """Kepmendagri codes nest: "00" holds every province, "36" holds "36.73"."""
    return outer != inner and (outer == NATIONAL[0] or inner.startswith(outer + "."))


def _whole_year(year: int) -> PeriodSpec:
    return PeriodSpec(start_year=year, start_month=1, end_year=year, end_month=12, open_end=True)


def _is_month(spec: PeriodSpec) -> bool:
    return spec.start_month is not None and spec.start_month == spec.end_month and spec.start_year == spec.end_year


def _is_year(spec: PeriodSpec) -> bool:
    return spec.open_end and spec.start_month == 1 and spec.end_month == 12 and spec.start_year == spec.end_year


def _narrows_year(later: PeriodSpec, year: PeriodSpec) -> bool:
    """ "Januari sampai Oktober 2023" after "sepanjang 2023": months inside the whole year given before."""
    return _is_year(year) and not later.comparison and not _is_year(later) \
        and later.start_year == later.end_year == year.start_year and later.start_month is not None


def _size(candidate: Candidate) -> int:
    return max(candidate.cases or 0, candidate.victims or 0)


def _months_of(spec: PeriodSpec | None) -> tuple | None:
    if spec is None:
        return None
    return (spec.start_year, spec.start_month, spec.end_year, spec.end_month, spec.year_offset)


def _period_from_atoms(atoms: list[tuple]) -> PeriodSpec | None:
    """Interpret one run of time words: "Januari hingga September 2023", "sejak 2019 hingga Januari 2023"."""
    kinds = [a[2] for a in atoms]
    comparison = "comparison" in kinds
    if "that_year" in kinds and "year" not in kinds:  # "pada tahun tersebut": the year named last
        return PeriodSpec(that_year=True, comparison=comparison)
    if "unknown" in kinds and "year" not in kinds:  # "8 bulan terakhir tahun 2022" still names its year
        return PeriodSpec(unknown=True, comparison=comparison)
    for kind, size in (("semester", 6), ("quarter", 3)):
        if kind in kinds:  # "triwulan II 2024": April to June
            part = next(a[3] for a in atoms if a[2] == kind)
            years = [a[3] for a in atoms if a[2] == "year"]
            year = years[-1] if years else None
            offset = next((a[3] for a in atoms if a[2] == "year_offset"), None)
            return PeriodSpec(start_year=year, start_month=size * (part - 1) + 1, end_year=year,
                              end_month=size * part, year_offset=offset if year is None else None,
                              comparison=comparison)
    if "same_months" in kinds:
        years = [a[3] for a in atoms if a[2] == "year"]
        return PeriodSpec(start_year=years[-1] if years else None, end_year=years[-1] if years else None,
                          same_months=True, comparison=comparison)
    split = kinds.index("range_to") if "range_to" in kinds else len(atoms)
    left, right = atoms[:split], atoms[split + 1:]

    def last(part, kind):
        values = [a[3] for a in part if a[2] == kind]
        return values[-1] if values else None

    left_year, left_month = last(left, "year"), last(left, "month")
    right_year, right_month = last(right, "year"), last(right, "month")
    # "sejak awal tahun ini sampai April": the start of a year it does not name is this year's
    offset = last(atoms, "year_offset") if "year_offset" in kinds else (0 if "year_start" in kinds else None)
    to_date = "to_date" in kinds
    left_months = [a[3] for a in left if a[2] == "month"]
    has_range = split < len(atoms) and (right_year is not None or right_month is not None)
    if has_range:
        end_year = right_year or left_year
        start_year = left_year or end_year
        return PeriodSpec(start_year=start_year, start_month=left_month or 1, end_year=end_year,
                          end_month=right_month or 12, year_offset=offset if not (start_year or end_year) else None,
                          comparison=comparison)
    if "year_start" in kinds:  # "sejak awal tahun (2024)": January of that year, or of this one, to date
        return PeriodSpec(start_year=left_year, start_month=1, to_date=True,
                          year_offset=0 if left_year is None else offset, comparison=comparison)
    if left_year is None and left_month is None and offset is None:
        return PeriodSpec(previous_year=True, comparison=comparison) if "previous_year" in kinds else None
    if offset is not None and left_year is None:
        return PeriodSpec(start_month=left_month or 1, end_month=left_month or 12, year_offset=offset,
                          open_end=left_month is None, to_date=to_date, comparison=comparison)
    if "range_from" in kinds:
        return PeriodSpec(start_year=left_year, start_month=left_month or 1, end_year=None, end_month=None,
                          to_date=True, comparison=comparison)
    if len(left_months) > 1:  # "Juni dan Juli 2022": the months together, when they follow one another
        if left_months != list(range(left_months[0], left_months[0] + len(left_months))):
            return PeriodSpec(unknown=True, comparison=comparison)
        return PeriodSpec(start_year=left_year, start_month=left_months[0], end_year=left_year,
                          end_month=left_months[-1], year_offset=offset if left_year is None else None,
                          comparison=comparison)
    if left_month is not None:  # "per Mei 2024" counts up to May: January to May
        return PeriodSpec(start_year=left_year, start_month=1 if "as_of" in kinds else left_month, end_year=left_year,
                          end_month=left_month, to_date=to_date, comparison=comparison)
    return PeriodSpec(start_year=left_year, start_month=1, end_year=left_year, end_month=12,
                      open_end=True, to_date=to_date, comparison=comparison)
