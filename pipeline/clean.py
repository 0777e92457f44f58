"""Clean one RawDocument into an Article: normalized text, title, publication date, outlet.

The cleaned text is what extraction reads and what dedup hashes, so it keeps one paragraph
per line and drops everything that is not the article: boilerplate lines (rules/boilerplate.txt),
repeated paragraphs and invisible characters. Dates are only filled in when the input leaves no
doubt, because a wrong publication date silently shifts every "tahun ini" period.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from htmldate import find_date

from pipeline.models import Article, RawDocument
from pipeline.rules import RULES_DIR, RuleError, _rows

BOILERPLATE_PATH = RULES_DIR / "boilerplate.txt"
MIN_YEAR, MAX_YEAR = 1990, 2035

_YEAR = r"(?P<year>\d{4})"

ISO_DATE = re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)")
COMPACT_DATE = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?!\d)")
DAY_FIRST_DATE = re.compile(r"(?<!\d)(?P<day>\d{1,2})[/-](?P<month>\d{1,2})[/-]" + _YEAR + r"(?!\d)")
# A line opening with a date but no weekday ("30 April 2025 09:03") is the publication
# stamp only in the page header; further down it is usually an event.
HEADER_LINES = 5
# A lone "date 2026-01-15" line opening the text: metadata that was pasted into the body.
DATE_PREFIX_LINE = re.compile(r"date\s*:?\s*(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", re.IGNORECASE)
URL_FULL_DATE = re.compile(
    r"/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/|$)|/(?P<year2>\d{4})(?P<month2>\d{2})(?P<day2>\d{2})(?!\d)")
URL_YEAR_SEGMENT = re.compile(r"/(?P<year>\d{4})(?:/|$)")

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
WHITESPACE = re.compile(r"\s+")
# "… pada 2025."Kasus ini …": a sentence end glued to the next sentence's quote, which the tokenizer
# keeps as one word ("2025."Kasus"), hiding the count and the sentence break.
GLUED_SENTENCE_END = re.compile(r"(?<=[.!?][\"\u201c\u201d])(?=[A-Z])")
# "(Baca juga: ...)" or "[Baca juga: ...]" glued inside a paragraph.
BRACKETED_READ_ALSO = re.compile(r"\s*[(\[]\s*baca\s+juga\s*:?[^)\]]*[)\]]", re.IGNORECASE)
# "Baca juga: <headline> "<quote that belongs to the article>..." glued onto one line.
READ_ALSO_BEFORE_QUOTE = re.compile(
    r"baca\s+juga\s*:?\s*[^\"“”]{5,200}?\s+(?P<rest>[\"“][^\"“”]{20,}.*)", re.IGNORECASE)
HOST_PREFIXES = ("www.", "m.", "amp.")
MAX_TITLE_WORDS, MIN_TITLE_WORDS, MAX_TITLE_CHARS = 25, 4, 200


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled boilerplate patterns; a line is boilerplate when one matches all of it."""

    patterns: tuple[re.Pattern[str], ...]

    def matches(self, line: str) -> bool:
        return any(pattern.fullmatch(line) for pattern in self.patterns)


def load_boilerplate(path: str | Path) -> BoilerplateRules:
    """Read one regex per line (# comments); a bad regex raises RuleError naming its line."""
    path = Path(path)
    if not path.is_file():
        raise RuleError(f"{path}: rule file missing")
    patterns = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        try:
            patterns.append(re.compile(pattern, re.IGNORECASE))
        except re.error as error:
            raise RuleError(f"{path}:{line_no}: bad regex {pattern!r}: {error}") from None
    return BoilerplateRules(tuple(patterns))


@lru_cache(maxsize=1)
def default_boilerplate() -> BoilerplateRules:
    return load_boilerplate(BOILERPLATE_PATH)


@dataclass(frozen=True)
class DateRules:
    """Month and weekday names (rules/months.csv, rules/weekdays.csv) and the date patterns
    that spell them; the names are data, so a new abbreviation is a row, not a code change."""

    months: dict[str, int]  # casefolded name -> 1..12
    weekdays: dict[str, int]  # casefolded name -> 0 (Monday) .. 6
    metadata_formats: tuple[re.Pattern[str], ...]
    numeric_dateline: re.Pattern[str]
    word_dateline: re.Pattern[str]
    header_date_line: re.Pattern[str]

    @classmethod
    def from_names(cls, months: dict[str, int], weekdays: dict[str, int]) -> DateRules:
        month = "|".join(re.escape(name) for name in sorted(months, key=len, reverse=True))
        weekday = "|".join(re.escape(name) for name in sorted(weekdays, key=len, reverse=True))
        day_month_name = re.compile(
            rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{month})\.?,?\s+{_YEAR}(?!\d)", re.IGNORECASE)
        month_name_day = re.compile(
            rf"\b(?P<month>{month})\.?\s+(?P<day>\d{{1,2}}),?\s+{_YEAR}(?!\d)", re.IGNORECASE)
        return cls(
            months, weekdays,
            metadata_formats=(ISO_DATE, COMPACT_DATE, DAY_FIRST_DATE, day_month_name, month_name_day),
            # "Rabu (6/1/2021)", the yearless "Rabu (10/9)", and "Kamis, 31/12/2020".
            numeric_dateline=re.compile(
                rf"\b(?P<weekday>{weekday})\s*,?\s*"
                rf"(?:\(\s*(?P<day>\d{{1,2}})\s*/\s*(?P<month>\d{{1,2}})(?:\s*/\s*(?P<year>\d{{4}}|\d{{2}}))?\s*\)"
                rf"|(?P<day2>\d{{1,2}})/(?P<month2>\d{{1,2}})/(?P<year2>\d{{4}})(?!\d))",
                re.IGNORECASE),
            # "kata dia, Senin, 12 Februari 2024" or a header line "Rabu, 24 Februari 2021 10:00 WIB".
            word_dateline=re.compile(
                rf"\b(?P<weekday>{weekday})\s*,?\s*(?P<day>\d{{1,2}})\s+(?P<month>{month})\.?,?\s+{_YEAR}(?!\d)",
                re.IGNORECASE),
            header_date_line=re.compile(
                rf"^(?P<day>\d{{1,2}})\s+(?P<month>{month})\.?,?\s+{_YEAR}(?!\d)", re.IGNORECASE | re.MULTILINE),
        )


def load_date_rules(rules_dir: str | Path = RULES_DIR) -> DateRules:
    """months.csv and weekdays.csv of a rules folder; a bad row raises RuleError naming its line."""
    rules_dir = Path(rules_dir)
    return DateRules.from_names(_numbered_names(rules_dir / "months.csv", "month", range(1, 13)),
                                _numbered_names(rules_dir / "weekdays.csv", "weekday", range(7)))


def _numbered_names(path: Path, column: str, allowed: range) -> dict[str, int]:
    names = {}
    for line_no, row in _rows(path, ["name", column]):
        if not row[column].isdigit() or int(row[column]) not in allowed:
            raise RuleError(f"{path}:{line_no}: bad {column} {row[column]!r}")
        names[row["name"].casefold()] = int(row[column])
    return names


@lru_cache(maxsize=1)
def default_date_rules() -> DateRules:
    return load_date_rules(RULES_DIR)


def clean(doc: RawDocument, boilerplate: BoilerplateRules | None = None) -> Article:
    """Turn a RawDocument into an Article with cleaned text, title, date and source."""
    rules = boilerplate if boilerplate is not None else default_boilerplate()
    lines = [line for line in map(normalize_line, doc.text.splitlines()) if line]
    prefixed_date = _date_prefix(lines)
    if prefixed_date:
        lines = lines[1:]
    lines = _unique_lines(_drop_boilerplate(lines, rules))
    text = "\n".join(lines)

    title = normalize_line(doc.title or "") or _headline(lines)
    url = (doc.url or "").strip() or None
    return Article(
        article_id=doc.article_id,
        source_path=doc.source_path,
        text=text,
        text_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title,
        url=url,
        published=published_date(doc.published, url, text, prefixed_date),
        source=(doc.source or "").strip() or outlet_from_url(url),
    )


def normalize_line(line: str) -> str:
    """NFC, no invisible characters, every run of whitespace (NBSP, tabs) one space, a space after a
    sentence end glued to a quote, stripped."""
    line = ZERO_WIDTH.sub("", unicodedata.normalize("NFC", line))
    return GLUED_SENTENCE_END.sub(" ", WHITESPACE.sub(" ", line)).strip()


def _date_prefix(lines: list[str]) -> str | None:
    match = DATE_PREFIX_LINE.fullmatch(lines[0]) if lines else None
    return _valid_date(match) if match else None


def _drop_boilerplate(lines: list[str], rules: BoilerplateRules) -> list[str]:
    kept = []
    for line in lines:
        line = BRACKETED_READ_ALSO.sub("", line).strip()
        glued = READ_ALSO_BEFORE_QUOTE.fullmatch(line)
        if glued:
            line = glued["rest"]
        if line and not rules.matches(line):
            kept.append(line)
    return kept


def _unique_lines(lines: list[str]) -> list[str]:
    """Keep the first of equal lines: pages often repeat the title or the whole body."""
    seen: set[str] = set()
    unique = []
    for line in lines:
        key = line.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(line)
    return unique


def _headline(lines: list[str]) -> str | None:
    """The first line when it reads like a headline: a few words, no closing full stop."""
    if not lines:
        return None
    first = lines[0]
    words = len(first.split())
    if (MIN_TITLE_WORDS <= words <= MAX_TITLE_WORDS and len(first) <= MAX_TITLE_CHARS
            and not first.endswith((".", ",", ":", ";"))):
        return first
    return None


def published_date(metadata: str | None, url: str | None, text: str,
                   prefixed_date: str | None = None, rules: DateRules | None = None) -> str | None:
    """YYYY-MM-DD from metadata, else the URL path, else the first dateline; None if in doubt."""
    rules = rules if rules is not None else default_date_rules()
    from_metadata = _date_from_metadata(metadata, rules) if metadata else None
    return (from_metadata or prefixed_date or _date_from_url(url) or
            _date_from_dateline(text, _url_year(url), rules))


def markup_date(html: str, url: str | None = None) -> str | None:
    """The publication date a page's markup states, read by htmldate, for pages whose head
    has none of the tags ingest looks for: htmldate knows many more conventions (JSON-LD
    datePublished, content_PublishedDate, dc.date, <time> outside <article> ...).

    Only its quick search (extensive_search=False): the extensive one takes the year of a
    copyright footer for a date. original_date: the first publication, not an update. The
    year bounds are clean's, not today's date, so a run gives the same dates any day. None
    when it finds none, and when it fails: a page's date is never worth its article.
    """
    try:
        return find_date(html, url=url, extensive_search=False, original_date=True,
                         min_date=f"{MIN_YEAR}-01-01", max_date=f"{MAX_YEAR}-12-31")
    except Exception:  # noqa: BLE001 — whatever htmldate meets in a page costs the date only
        return None


# dateparser reads the many free-form stamps sites put in their metadata ("Rabu, 06 Jan 2021 -
# 10:23 WIB"), but only absolute, complete dates: no relative "kemarin", no part filled in
# from today's date, which would be a guess RECORDS.md forbids.
DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
                       "DATE_ORDER": "DMY", "PARSERS": ["custom-formats", "absolute-time"]}


def _date_from_metadata(value: str, rules: DateRules) -> str | None:
    value = value.strip()
    for pattern in rules.metadata_formats:
        match = pattern.search(value)
        if match and (found := _valid_date(match, rules.months)):
            return found
    import dateparser  # slow to import; most metadata is ISO and never needs it

    parsed = dateparser.parse(value[:100], languages=["id", "en"], settings=DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed and MIN_YEAR <= parsed.year <= MAX_YEAR else None


def _date_from_url(url: str | None) -> str | None:
    if not url:
        return None
    for match in URL_FULL_DATE.finditer(_url_path(url)):
        if found := _valid_date(match):
            return found
    return None


def _url_year(url: str | None) -> int | None:
    if not url:
        return None
    for match in URL_YEAR_SEGMENT.finditer(_url_path(url)):
        year = int(match["year"])
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
    return None


def _url_path(url: str) -> str:
    parts = _split_url(url)
    return parts.path if parts else ""


def _split_url(url: str) -> SplitResult | None:
    """The URL's parts; None for a malformed URL (urlsplit raises on e.g. an unclosed "[")."""
    try:
        return urlsplit(url if "//" in url else "//" + url)
    except ValueError:
        return None


def _date_from_dateline(text: str, url_year: int | None, rules: DateRules) -> str | None:
    """The first usable dateline; a yearless one borrows the URL's year, if the URL has one."""
    header_end = sum(len(line) + 1 for line in text.split("\n")[:HEADER_LINES])
    candidates = sorted([*rules.numeric_dateline.finditer(text), *rules.word_dateline.finditer(text),
                         *rules.header_date_line.finditer(text, 0, header_end)],
                        key=lambda match: match.start())
    for match in candidates:
        if found := _dateline_date(match, url_year, rules):
            return found
    return None


def _dateline_date(match: re.Match[str], url_year: int | None, rules: DateRules) -> str | None:
    """The dateline's date, unless its weekday disagrees: then the date or the day is a typo."""
    has_year = _group(match, "year") is not None
    if not has_year and url_year is None:
        return None
    found = _valid_date(match, rules.months, year=None if has_year else url_year)
    weekday = match.groupdict().get("weekday")
    if found and weekday and date.fromisoformat(found).weekday() != rules.weekdays[weekday.casefold()]:
        return None
    return found


def _valid_date(match: re.Match[str], months: dict[str, int] | None = None,
                year: int | None = None) -> str | None:
    """The match as YYYY-MM-DD when it is a real calendar date in a plausible year; `months`
    reads a month name (patterns of digits only need none)."""
    month_text = _group(match, "month")
    month = int(month_text) if month_text.isdigit() else (months or {}).get(month_text.casefold().rstrip("."))
    if year is None:
        year_text = _group(match, "year")
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if month is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, int(_group(match, "day"))).isoformat()
    except ValueError:
        return None


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group, from whichever alternative of the pattern matched (name or name2)."""
    groups = match.groupdict()
    value = groups.get(name)
    return value if value is not None else groups.get(name + "2")


def outlet_from_url(url: str | None) -> str | None:
    """The URL's host without www./m./amp. prefixes, as a stand-in for the outlet's name."""
    if not url:
        return None
    parts = _split_url(url)
    host = (parts.hostname if parts else None) or ""
    while prefix := next((p for p in HOST_PREFIXES if host.startswith(p) and host != p), None):
        host = host[len(prefix):]
    return host or None
