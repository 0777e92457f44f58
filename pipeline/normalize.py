"""Normalize stage: candidate records -> records as RECORDS.md defines them.

Resolves what extraction leaves open: periods against the publication date ("tahun ini",
a current year that ends at the publication month), region codes to official names, and
the one-key-one-row rule. A region or agency that cannot be resolved becomes null, never a
guess; a count whose period cannot be resolved is no record (the period is part of its key).
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .models import Article, Record, SlotSpan
from .rules import MIN_RESTATED_FIGURE, RuleSet, default_rules

if TYPE_CHECKING:  # spaCy loads only when an article needs reading: a rerun with nothing new never loads it
    from .extract import Candidate, PeriodSpec, SlotSource


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve_period(spec: PeriodSpec | None, published: date | None) -> tuple[str | None, str | None]:
    """A period as `YYYY-MM` start and end, or (None, None) when the text leaves it open."""
    if spec is None or spec.unknown:
        return None, None
    start_year, end_year = spec.start_year, spec.end_year
    if spec.year_offset is not None:
        if published is None:
            return None, None
        start_year = end_year = published.year + spec.year_offset
    start_month, end_month = spec.start_month or 1, spec.end_month
    if start_year is None and end_year is None and spec.start_month and end_month and published is not None:
        # "Januari sampai Juni" with no year in an article of July: this year's months; months still
        # ahead of publication ("Januari hingga Desember" in February) leave the year open
        if end_month > published.month:
            return None, None
        start_year = end_year = published.year
    if spec.to_date or end_year is None:
        if published is None or start_year is None:
            return None, None
        end_year, end_month = published.year, published.month
    if start_year is None:
        return None, None
    if end_month is None:
        end_month = 12
    if spec.open_end and published is not None and end_year == published.year and end_month > published.month:
        end_month = published.month
    if (start_year, start_month) > (end_year, end_month):
        return None, None
    return f"{start_year:04d}-{start_month:02d}", f"{end_year:04d}-{end_month:02d}"


def normalize(article: Article, candidates: list[Candidate], rules: RuleSet | None = None) -> list[Record]:
    """Records for one article: one row per key, the first statement of a count wins."""
    rules = rules or default_rules()
    published = parse_published(article.published)
    records: dict[tuple, Record] = {}
    seen_values: dict[tuple, Record] = {}
    for c in candidates:
        code = c.region_codes[0] if len(c.region_codes) == 1 else None
        region = rules.regions[code].name if code else None
        start, end = resolve_period(c.period, published)
        if start is None:
            continue  # "tahun lalu" in an undated article: the key's period is open, so no record
        record = Record(
            article_id=article.article_id, agency=c.agency, region_code=code, region=region,
            period_start=start, period_end=end, group=c.group, violence_type=c.violence_type,
            cases=c.cases, victims=c.victims, approximate=c.approximate, evidence="",
            evidence_start=c.evidence_start, evidence_end=c.evidence_end, basis=c.basis,
            spans=slot_spans(c.sources, article.text))
        _set_evidence(record, article.text, c.evidence_start, c.evidence_end)
        value = (code, c.group, c.violence_type, c.cases, c.victims)
        if value in seen_values and max(c.cases or 0, c.victims or 0) >= MIN_RESTATED_FIGURE \
                and _overlap(seen_values[value], record):
            continue
        if record.key() in records:
            _complete(records[record.key()], record, article.text)
            continue
        records[record.key()] = record
        seen_values[value] = record
    numbered = flag_inconsistent_splits(list(records.values()))
    for n, record in enumerate(numbered, 1):
        record.record_id = f"{article.article_id}#{n}"
    return numbered


# The reader's slot names as the records' column names, so a span names the column it explains.
SLOT_COLUMNS = {"type": "violence_type"}


def slot_spans(sources: dict[str, SlotSource], text: str) -> list[SlotSpan]:
    """The reader's provenance of each slot, with the text each span covers (in slot order)."""
    return [SlotSpan(SLOT_COLUMNS.get(slot, slot), source.scope, source.start, source.end,
                     None if source.start is None or source.end is None else text[source.start:source.end])
            for slot, source in sources.items()]


def _set_evidence(record: Record, text: str, start: int, end: int) -> None:
    """Evidence is text[start:end] without the whitespace (a paragraph's newline) a sentence may end with."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    record.evidence, record.evidence_start, record.evidence_end = text[start:end], start, end


# How far apart a key's cases and its victims may be stated to be read as one count.
MAX_PAIR_SPAN = 600


def _complete(record: Record, later: Record, text: str) -> None:
    """One key, one row: "… 352 kasus …" then "… 704 perempuan menjadi korban" (the same region,
    period, group and type) is one count with its cases and its victims, when the text states them
    close together; the evidence then spans both statements."""
    start, end = min(record.evidence_start, later.evidence_start), max(record.evidence_end, later.evidence_end)
    if end - start > MAX_PAIR_SPAN:
        return
    if record.cases is None and later.victims is None and later.cases is not None and record.victims is not None:
        record.cases = later.cases
    elif record.victims is None and later.cases is None and later.victims is not None and record.cases is not None:
        record.victims = later.victims
    else:
        return
    record.approximate = record.approximate or later.approximate
    _set_evidence(record, text, start, end)
    if later.basis == "inferred":
        record.basis = "inferred"


def _overlap(a: Record, b: Record) -> bool:
    """Whether two records' periods share a month."""
    return a.period_start <= b.period_end and b.period_start <= a.period_end


def flag_inconsistent_splits(records: list[Record]) -> list[Record]:
    """Note in `checks` where a total and its split disagree (25 + 14 should be 39).

    Only flagged, never corrected: the text may be wrong, or the split partial, and a
    reviewer decides with the evidence at hand.
    """
    by_scope: dict[tuple, list[Record]] = {}
    for r in records:
        by_scope.setdefault((r.region_code, r.period_start, r.period_end), []).append(r)
    for scoped in by_scope.values():
        totals = {(r.group, r.violence_type): r for r in scoped}
        for field in ("cases", "victims"):
            total = totals.get(("all", "all"))
            groups = [totals.get((g, "all")) for g in ("anak", "perempuan")]
            if total and all(g is not None for g in groups) and getattr(total, field) is not None \
                    and all(getattr(g, field) is not None for g in groups):
                parts = sum(getattr(g, field) for g in groups)
                if parts != getattr(total, field):
                    _add_check(total, f"{field}: anak + perempuan = {parts}, total {getattr(total, field)}")
            for group in ("all", "anak", "perempuan"):
                total = totals.get((group, "all"))
                types = [r for r in scoped if r.group == group and r.violence_type != "all"
                         and getattr(r, field) is not None]
                if total is None or getattr(total, field) is None or not types:
                    continue
                parts = sum(getattr(r, field) for r in types)
                if parts > getattr(total, field):  # types may be partial, never more than the total
                    _add_check(total, f"{field}: types of {group} sum to {parts}, more than total "
                                      f"{getattr(total, field)}")
    return records


def _add_check(record: Record, message: str) -> None:
    record.checks = f"{record.checks}; {message}" if record.checks else message
