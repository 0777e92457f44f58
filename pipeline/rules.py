"""Load the rule files in `rules/` into one validated RuleSet.

Every rule is data: one CSV per kind of rule, `#` lines are comments. This module is the
only place that reads them, and it fails loudly (RuleError naming file and line) on a
malformed row, so a typo in a rule never silently turns into a missing match.
"""
from __future__ import annotations

import csv
import hashlib
import re
import string
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

SLOTS = {"cases", "victims", "none"}
GROUPS = {"all", "anak", "perempuan"}
GROUP_CUES = GROUPS | {"subgroup", "none"}
VIOLENCE_TYPES = {"all", "seksual", "kdrt", "fisik", "psikis", "penelantaran", "tppo",
                  "perundungan", "eksploitasi"}
HEDGE_EFFECTS = {"approximate", "vague"}
NATIONAL_REACHES = {"body", "system"}  # rules/national_agencies.csv
CONNECTOR_KINDS = {"separator", "continuation", "comparison", "victim_role", "offender_role", "weekday",
                   "subset", "listing", "change_from", "change_to", "back_reference", "each", "contrast",
                   "delta", "male", "projection", "coordination", "name_joiner", "superlative", "determiner",
                   "rest", "copula", "number_blocker", "rate", "range", "label_filler", "year_introducer",
                   "majority", "victim_preposition", "amount", "pair_joiner", "pairing", "type_joiner"}
# The scopes a slot may be read from (rules/scopes.csv orders them; extract.py reads each).
SCOPES_FOR_SLOT = {
    "agency": {"clause", "part_of", "restated", "list", "nearest_before", "article"},
    "period": {"clause", "part_of", "change", "list", "context", "article"},
    "type": {"clause", "part_of", "list", "parallel", "statement", "headline"},
    "region": {"clause", "part_of", "list", "national_body", "article", "national_system"},
    "group": {"sex_split", "clause", "part_of", "list", "mandate", "type_total", "parallel", "statement",
              "headline"},
}
PERIOD_KINDS = {"range_to", "range_from", "year_offset", "previous_year", "same_months", "to_date",
                "semester", "quarter", "unknown", "that_year", "as_of", "year_start"}
SPELLING_KINDS = {"correct", "real"}
NUMBER_KINDS = {"unit", "fixed", "teen", "multiplier"}
REGION_LEVELS = {"provinsi", "kabupaten", "kota"}
NATIONAL = ("00", "Indonesia")
# A figure this large given twice in one article is one count restated; a smaller one may be two.
MIN_RESTATED_FIGURE = 10
RULE_SUFFIXES = (".csv", ".txt")  # the files of a rules folder; anything else there is not a rule


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
    agency_acronyms: tuple[AcronymShape, ...]  # shapes of acronyms kept as written
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
    national_systems: frozenset[str]  # data systems of every region: national in an article naming none
    agency_groups: dict[str, str]  # short name -> the one group its mandate covers
    slot_scopes: dict[str, tuple[str, ...]]  # slot -> scopes to read it from, nearest first
    spelling: dict[str, str]  # word -> correct (its slips are read as it) or real (never a slip)
    fingerprint: str = field(default="", compare=False)  # changes whenever any rule changes

    @cached_property
    def misspellings(self) -> dict[str, str]:
        """Slip -> the cue word it misspells: every one-letter slip of a `correct` word in spelling.csv,
        except real words, words any rule names, and slips two correct words share."""
        named = {word for table in (self.groups, self.violence_types, self.count_units, self.hedges, self.months,
                                    self.periods, self.connectors, self.off_topic, self.topic_words,
                                    self.statistic_cues, self.finer_splits) for phrase in table
                 for word in phrase.split()}
        kept = named | {word for word, kind in self.spelling.items() if kind == "real"}
        slips: dict[str, set[str]] = {}
        for word, kind in self.spelling.items():
            if kind == "correct":
                for slip in _slips(word):
                    slips.setdefault(slip, set()).add(word)
        return {slip: words.pop() for slip, words in slips.items() if len(words) == 1 and slip not in kept}

    @cached_property
    def connector_words(self) -> dict[str, frozenset[str]]:
        """Kind -> the connectors.csv phrases of that kind, for rules read one token at a time
        ("per" before a unit makes a rate); derived once per rule set, not once per article."""
        return {kind: frozenset(phrase for phrase, kinds in self.connectors.items() if kind in kinds)
                for kind in CONNECTOR_KINDS}


@dataclass(frozen=True)
class AcronymShape:
    """One line of agency_acronyms.csv: a token shape, and an example sentence a test reads."""

    pattern: re.Pattern[str]
    example: str


def _acronym_shapes(path: Path) -> tuple[AcronymShape, ...]:
    shapes = []
    for n, row in _rows(path, ["pattern", "example"]):
        try:
            shapes.append(AcronymShape(re.compile(row["pattern"]), row["example"]))
        except re.error as error:
            raise RuleError(f"{path}:{n}: bad pattern {row['pattern']!r}: {error}") from None
    return tuple(shapes)


@dataclass(frozen=True)
class RuleExample:
    """An `# EXAMPLE: text => expected` comment above a rule line, as HeidelTime's resource files
    carry them: the rule's own test case, run by tests/test_rule_examples.py."""

    path: Path
    line: int  # the rule line it stands above
    rule: str  # that line's first field
    text: str
    expected: str


def rule_examples(path: Path | str) -> list[RuleExample]:
    """The examples a rule file carries, each bound to the rule line below it."""
    path, pending, found = Path(path), [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("# EXAMPLE:"):
            text, arrow, expected = stripped[len("# EXAMPLE:"):].partition("=>")
            if not arrow:
                raise RuleError(f"{path}:{n}: an example needs 'text => expected'")
            pending.append((text.strip(), expected.strip()))
        elif stripped and not stripped.startswith("#"):
            rule = next(csv.reader([stripped]))[0]
            found += [RuleExample(path, n, rule, text, expected) for text, expected in pending]
            pending = []
    if pending:
        raise RuleError(f"{path}: an example at the end stands above no rule")
    return found


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


def _slips(word: str) -> set[str]:
    """Every spelling one keystroke from `word`: a letter left out, added, changed, or two swapped."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    slips = {a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    slips |= {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters}
    return slips - {word}


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
    """Whether a number word's value is one its kind can have in the word grammar
    (pipeline/numbers.py), so that a row such as "ratus,50,multiplier" fails to load instead of
    reading numbers wrongly."""
    if kind == "unit":
        return value <= 9
    if kind == "teen":
        return value == 10
    if kind == "multiplier":  # puluh, ratus; ribu, juta
        return value in (10, 100) or _is_power_of_thousand(value)
    return 10 <= value <= 19 or value == 100 or _is_power_of_thousand(value)  # fixed: sepuluh … sejuta


def _is_power_of_thousand(value: int) -> bool:
    """1000, 1000000, …: the values a scale word can have."""
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

    slot_scopes: dict[str, tuple[str, ...]] = {}
    for n, row in _rows(d / "scopes.csv", ["slot", "scopes"]):
        slot, scopes = row["slot"], tuple(row["scopes"].split("|"))
        if slot not in SCOPES_FOR_SLOT:
            raise RuleError(f"{d / 'scopes.csv'}:{n}: unknown slot {slot!r}")
        for scope in scopes:
            if scope not in SCOPES_FOR_SLOT[slot]:
                raise RuleError(f"{d / 'scopes.csv'}:{n}: {slot} cannot be read from scope {scope!r}")
        if slot in slot_scopes:
            raise RuleError(f"{d / 'scopes.csv'}:{n}: repeated slot {slot!r}")
        slot_scopes[slot] = scopes
    if set(slot_scopes) != set(SCOPES_FOR_SLOT):
        raise RuleError(f"{d / 'scopes.csv'}: no row for {sorted(set(SCOPES_FOR_SLOT) - set(slot_scopes))}")

    agencies = _mapping(d / "agencies.csv", ["phrase", "agency"])
    national = _mapping(d / "national_agencies.csv", ["agency", "reach"], NATIONAL_REACHES)
    known = {name.lower() for name in agencies.values()}
    for name in set(national) - known:
        raise RuleError(f"{d / 'national_agencies.csv'}: {name!r} is not a short name in agencies.csv")
    mandates = {}
    for n, row in _rows(d / "agency_groups.csv", ["agency", "group"]):
        if row["agency"].lower() not in known or row["group"] not in GROUPS:
            raise RuleError(f"{d / 'agency_groups.csv'}:{n}: unknown agency or group {row}")
        mandates[row["agency"]] = row["group"]
    fingerprint = fingerprint_of(rule_files(d))
    return RuleSet(
        agencies=agencies,
        agency_words=_mapping(d / "agency_words.csv", ["word", "initial"]),
        agency_acronyms=_acronym_shapes(d / "agency_acronyms.csv"),
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
        national_agencies=frozenset(a for a in agencies.values() if national.get(a.lower()) == "body"),
        national_systems=frozenset(a for a in agencies.values() if national.get(a.lower()) == "system"),
        agency_groups=mandates,
        slot_scopes=slot_scopes,
        spelling=_mapping(d / "spelling.csv", ["word", "kind"], SPELLING_KINDS),
        fingerprint=fingerprint,
    )


def rule_files(rules_dir: Path | str) -> dict[str, bytes]:
    """Name -> content of every file that makes up a rule set (what its fingerprint covers)."""
    return {p.name: p.read_bytes() for p in sorted(Path(rules_dir).iterdir())
            if p.is_file() and p.suffix in RULE_SUFFIXES}


def fingerprint_of(files: dict[str, bytes]) -> str:
    """The fingerprint of a rule set, from its files as rule_files gives them."""
    return hashlib.sha256(b"".join(name.encode() + files[name] for name in sorted(files))).hexdigest()


def save_rules(files: dict[str, bytes], target: Path | str) -> None:
    """Write a rule set's files (rule_files) into `target`, so that load_rules(target) reads it back."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).write_bytes(content)


@lru_cache(maxsize=4)
def default_rules() -> RuleSet:
    return load_rules(RULES_DIR)


def rules_at(rules_dir: Path | str) -> RuleSet:
    """The rules in `rules_dir`; the project's own are loaded once per process."""
    return default_rules() if Path(rules_dir) == RULES_DIR else load_rules(rules_dir)
