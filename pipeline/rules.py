"""Load the rule files in `rules/` into one validated RuleSet.

Every rule is data: one CSV per kind of rule, `#` lines are comments. This module is the
only place that reads them, and it fails loudly (RuleError naming file and line) on a
malformed row, so a typo in a rule never silently turns into a missing match.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

SLOTS = {"cases", "victims", "none"}
GROUPS = {"all", "anak", "perempuan"}
GROUP_CUES = GROUPS | {"subgroup"}
VIOLENCE_TYPES = {"all", "seksual", "kdrt", "fisik", "psikis", "penelantaran", "tppo",
                  "perundungan", "eksploitasi"}
HEDGE_EFFECTS = {"approximate", "vague"}
CONNECTOR_KINDS = {"separator", "continuation", "comparison", "victim_role", "offender_role", "weekday",
                   "subset", "listing", "change_from", "change_to",
                   "back_reference", "each"}
PERIOD_KINDS = {"range_to", "range_from", "year_offset", "previous_year", "same_months", "to_date",
                "semester", "quarter", "unknown", "that_year"}
NUMBER_KINDS = {"unit", "fixed", "teen", "multiplier", "scale"}
REGION_LEVELS = {"provinsi", "kabupaten", "kota"}
NATIONAL = ("00", "Indonesia")


class RuleError(ValueError):
    """A rule file is missing, malformed or holds a value the pipeline does not know."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # provinsi / kabupaten / kota / nasional
    province_code: str


@dataclass(frozen=True)
class RuleSet:
    """All rules, as plain Python data; extract and normalize read only this."""

    agencies: dict[str, str]  # phrase -> short name
    agency_words: dict[str, str]  # full-name word -> initial(s)
    regions: dict[str, Region]  # code -> region (with 00 Indonesia)
    region_aliases: dict[str, str]  # alias -> code
    region_bare_words: frozenset[str]  # names that alone are common words, not regions
    count_units: dict[str, tuple[str, str | None]]  # phrase -> (slot, implied group)
    groups: dict[str, str]
    violence_types: dict[str, str]
    hedges: dict[str, str]
    months: dict[str, int]
    numbers: dict[str, tuple[int, str]]  # word -> (value, kind)
    periods: dict[str, tuple[str, int | None]]  # phrase -> (kind, value)
    connectors: dict[str, frozenset[str]]  # phrase -> kinds (a word may be several)
    off_topic: frozenset[str]
    topic_words: frozenset[str]  # an article holding none of these is not read
    statistic_cues: frozenset[str]
    finer_splits: frozenset[str]  # labels of splits finer than a record (kecamatan, age, place)
    national_agencies: frozenset[str]  # short names whose unplaced counts are for Indonesia
    fingerprint: str = field(default="", compare=False)  # changes whenever any rule changes


def _rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise RuleError(f"{path}: rule file missing")
    text = path.read_text(encoding="utf-8")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise RuleError(f"{path}: no header")
    header_no, header = lines[0]
    reader = csv.reader([header])
    found = next(reader)
    if found != columns:
        raise RuleError(f"{path}:{header_no}: header {found} != expected {columns}")
    rows = []
    for n, line in lines[1:]:
        values = next(csv.reader([line]))
        if len(values) != len(columns):
            raise RuleError(f"{path}:{n}: {len(values)} fields, expected {len(columns)}")
        row = {c: v.strip() for c, v in zip(columns, values)}
        if not row[columns[0]]:
            raise RuleError(f"{path}:{n}: empty {columns[0]}")
        rows.append((n, row))
    return rows


def _mapping(path: Path, columns: list[str], allowed: set[str] | None = None,
             value_column: int = 1) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, row in _rows(path, columns):
        key, value = row[columns[0]].lower(), row[columns[value_column]]
        if allowed is not None and value not in allowed:
            raise RuleError(f"{path}:{n}: {value!r} is not one of {sorted(allowed)}")
        if key in out and out[key] != value:
            raise RuleError(f"{path}:{n}: {key!r} given twice with different values")
        out[key] = value
    return out


def _regions(path: Path) -> dict[str, Region]:
    regions = {NATIONAL[0]: Region(NATIONAL[0], NATIONAL[1], "nasional", NATIONAL[0])}
    for n, row in _rows(path, ["code", "name", "level", "province_code", "province"]):
        if row["level"] not in REGION_LEVELS:
            raise RuleError(f"{path}:{n}: unknown level {row['level']!r}")
        if not re.fullmatch(r"\d\d(\.\d\d)?", row["code"]):
            raise RuleError(f"{path}:{n}: bad region code {row['code']!r}")
        regions[row["code"]] = Region(row["code"], row["name"], row["level"], row["province_code"])
    return regions


def _fits_number_grammar(value: int, kind: str) -> bool:
    """Whether a number word's value is one its kind can have; the number grammar
    (pipeline/numbers.py) relies on it, so "ratus,1000,multiplier" must not load."""
    if kind == "unit":
        return value <= 9
    if kind == "teen":
        return value == 10
    if kind == "multiplier":
        return value in (10, 100)
    if kind == "scale":
        return _is_power_of_thousand(value)
    return 0 < value < 1000 or _is_power_of_thousand(value)  # fixed: a group term or one of a scale


def _is_power_of_thousand(value: int) -> bool:
    """1000, 1000000, …: the values a scale can have."""
    if value < 1000:
        return False
    while value % 1000 == 0:
        value //= 1000
    return value == 1


def load_rules(rules_dir: Path | str = RULES_DIR) -> RuleSet:
    """Read and validate every rule file; raises RuleError on the first problem."""
    d = Path(rules_dir)
    regions = _regions(d / "regions.csv")
    aliases = _mapping(d / "region_aliases.csv", ["alias", "code", "note"])
    for alias, code in aliases.items():
        if code not in regions:
            raise RuleError(f"{d / 'region_aliases.csv'}: alias {alias!r} has unknown code {code!r}")

    units: dict[str, tuple[str, str | None]] = {}
    for n, row in _rows(d / "count_units.csv", ["phrase", "slot", "group"]):
        if row["slot"] not in SLOTS or (row["group"] and row["group"] not in GROUPS):
            raise RuleError(f"{d / 'count_units.csv'}:{n}: bad slot/group {row}")
        units[row["phrase"].lower()] = (row["slot"], row["group"] or None)

    numbers: dict[str, tuple[int, str]] = {}
    for n, row in _rows(d / "numbers.csv", ["word", "value", "kind"]):
        if row["kind"] not in NUMBER_KINDS or not row["value"].isdigit() \
                or not _fits_number_grammar(int(row["value"]), row["kind"]):
            raise RuleError(f"{d / 'numbers.csv'}:{n}: bad number rule {row}")
        numbers[row["word"].lower()] = (int(row["value"]), row["kind"])

    months: dict[str, int] = {}
    for n, row in _rows(d / "months.csv", ["name", "month"]):
        if not row["month"].isdigit() or not 1 <= int(row["month"]) <= 12:
            raise RuleError(f"{d / 'months.csv'}:{n}: bad month {row['month']!r}")
        months[row["name"].lower()] = int(row["month"])

    periods: dict[str, tuple[str, int | None]] = {}
    for n, row in _rows(d / "periods.csv", ["phrase", "kind", "value"]):
        if row["kind"] not in PERIOD_KINDS:
            raise RuleError(f"{d / 'periods.csv'}:{n}: unknown kind {row['kind']!r}")
        try:
            value = int(row["value"]) if row["value"] else None
        except ValueError:
            raise RuleError(f"{d / 'periods.csv'}:{n}: value must be an integer") from None
        periods[row["phrase"].lower()] = (row["kind"], value)

    connectors: dict[str, set[str]] = {}
    for n, row in _rows(d / "connectors.csv", ["phrase", "kind"]):
        if row["kind"] not in CONNECTOR_KINDS:
            raise RuleError(f"{d / 'connectors.csv'}:{n}: unknown kind {row['kind']!r}")
        connectors.setdefault(row["phrase"].lower(), set()).add(row["kind"])

    agencies = _mapping(d / "agencies.csv", ["phrase", "agency"])
    national = frozenset(_mapping(d / "national_agencies.csv", ["agency"], value_column=0))
    known = {name.lower() for name in agencies.values()}
    for name in national - known:
        raise RuleError(f"{d / 'national_agencies.csv'}: {name!r} is not a short name in agencies.csv")
    files = sorted(p for p in d.iterdir() if p.is_file() and p.suffix in (".csv", ".txt"))
    fingerprint = hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).hexdigest()
    return RuleSet(
        agencies=agencies,
        agency_words=_mapping(d / "agency_words.csv", ["word", "initial"]),
        regions=regions,
        region_aliases=aliases,
        region_bare_words=frozenset(_mapping(d / "region_bare_words.csv", ["name"], value_column=0)),
        count_units=units,
        groups=_mapping(d / "groups.csv", ["phrase", "group"], GROUP_CUES),
        violence_types=_mapping(d / "violence_types.csv", ["phrase", "violence_type"], VIOLENCE_TYPES),
        hedges=_mapping(d / "hedges.csv", ["phrase", "effect"], HEDGE_EFFECTS),
        months=months,
        numbers=numbers,
        periods=periods,
        connectors={k: frozenset(v) for k, v in connectors.items()},
        off_topic=frozenset(_mapping(d / "off_topic.csv", ["phrase"], value_column=0)),
        topic_words=frozenset(_mapping(d / "topic_words.csv", ["phrase"], value_column=0)),
        statistic_cues=frozenset(_mapping(d / "statistic_cues.csv", ["phrase"], value_column=0)),
        finer_splits=frozenset(_mapping(d / "finer_splits.csv", ["phrase"], value_column=0)),
        national_agencies=frozenset(a for a in agencies.values() if a.lower() in national),
        fingerprint=fingerprint,
    )


@lru_cache(maxsize=4)
def default_rules() -> RuleSet:
    return load_rules(RULES_DIR)


def rules_at(rules_dir: Path | str) -> RuleSet:
    """The rules in `rules_dir`; the project's own are loaded once per process."""
    return default_rules() if Path(rules_dir) == RULES_DIR else load_rules(rules_dir)
