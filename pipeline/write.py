"""Write the output tables (models.OUTPUT_TABLES) as CSV and Parquet, switched in as one set.

The output folder holds the tables' files as one generation and switches between generations in
a single rename, so a crash at any moment leaves either the previous set or the new one, never
records of one run beside articles of another:

    OUT/records.csv -> current/records.csv     (each file: a stable relative symlink)
    OUT/current     -> .generations/<n>        (the one complete set; swapped by rename)
    OUT/.generations/<n>/records.csv ...

Rows stream into the files of a new generation directory as the batch decides them (Parquet
in row groups, CSV in chunks), so no table is ever held whole in memory. Only when all files
are complete and on disk (fsync of files and directory) does a temporary symlink to the new
generation replace `current`; older generations are removed after that. A generation left
by a crash, and any temporary file, is removed by the next writer. Readers that want the
files of one run while another run may be switching open them under
os.path.realpath("OUT/current").

Column types come from the column table in models.py, not from the values: codes such as
"36.70" and "00" must stay strings, and counts must stay integers even when some are missing.
`texts` (whole article texts) is Parquet only: a CSV of full texts helps nobody and would
double the largest table.

Beside the tables each generation holds `datapackage.json` (a Frictionless Tabular Data
Package describing every file, column, key and enum, made from that same column table) and
`run.json` (what made this generation: version, rules, inputs, counts, rejects by reason,
seconds), so an output folder explains itself without the project beside it.
"""
from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.models import OUTPUT_TABLES, Article, BatchResult, Column, Record, Reject, SlotSpan, Table


class OutputError(OSError):
    """The output directory cannot be created or written to, or another run is using it."""


# Table Schema types as Arrow types: a date stays its ISO string, as the inputs give it.
_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "date": pa.string()}
# How Arrow types become pandas dtypes (the CSV, and what pandas.read_parquet gives): nullable,
# so no int turns into a float and no code into a number.
_PANDAS_DTYPES = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
                  pa.bool_(): pd.BooleanDtype()}

TABLES = {table.name: table for table in OUTPUT_TABLES}
# The tables' files: what a run and a rerun (or another engine) write byte for byte alike.
TABLE_FILES = [f"{table.name}.{kind}" for table in OUTPUT_TABLES for kind in table.formats]
PACKAGE_FILE, RUN_FILE = "datapackage.json", "run.json"
OUTPUT_NAMES = [*TABLE_FILES, PACKAGE_FILE, RUN_FILE]  # every file of a generation, each linked as OUT/<name>
PACKAGE_NAME = "kekerasan-pipeline"
# Rows buffered per table before they go to disk as one CSV chunk and one Parquet row group,
# and characters: a row group of whole texts must not grow to gigabytes.
ROWS_PER_GROUP = 10_000
CHARS_PER_GROUP = 64_000_000

GENERATIONS_DIR = ".generations"
CURRENT_LINK = "current"
LOCK_FILE = ".lock"
_TEMPORARY_SUFFIX = ".tmp"


@contextmanager
def exclusive_use(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on out_dir for a whole run (flock on OUT/.lock, which holds our pid).

    Two runs on one folder would interleave their state writes and output switches. The lock
    also finds an unwritable folder before any work is done. Raises OutputError.
    """
    _create_folder(out_dir)
    try:
        fd = os.open(out_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise OutputError(f"cannot write to the output folder {out_dir}: {error}") from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise OutputError(f"output folder {out_dir} in use by pid {holder}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_outputs(result: BatchResult, out_dir: Path) -> dict[str, Path]:
    """Write all output tables into out_dir (created if missing); return file name -> path.

    Raises OutputError when out_dir cannot be created or written to.
    """
    with OutputWriter(out_dir) as writer:
        for article in result.articles:
            writer.add_article(article)
        writer.add_records(result.records)
        for reject in result.rejects:
            writer.add_reject(reject)
        return writer.commit()


class OutputWriter:
    """Streams rows into a new generation as the batch decides them; `commit` switches it in.

    A Sink: memory holds at most ROWS_PER_GROUP rows per table. Leaving the `with` block
    without commit (an error) removes the new generation and keeps the previous outputs; a
    crash leaves it for the next writer to remove. Raises OutputError when out_dir cannot be
    created or written to, at construction already for a read-only folder.
    """

    def __init__(self, out_dir: Path, rows_per_group: int = ROWS_PER_GROUP) -> None:
        self.out_dir = Path(out_dir)
        _create_folder(self.out_dir)
        try:
            _check_writable(self.out_dir)
            _remove_leftovers(self.out_dir)
            self.generation = _new_generation(self.out_dir)
        except OSError as error:
            raise OutputError(f"cannot write outputs to {self.out_dir}: {error}") from error
        self._committed = False
        self._tables = {name: _StagedTable(self.generation, table, rows_per_group)
                        for name, table in TABLES.items()}
        self._duplicates = 0
        self._reject_reasons: Counter[str] = Counter()

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc) -> None:
        for table in self._tables.values():
            table.close()
        if not self._committed:
            shutil.rmtree(self.generation, ignore_errors=True)

    def add_article(self, article: Article) -> None:
        self._add("articles", [article])
        self._add("texts", [article])
        self._duplicates += article.duplicate_of is not None

    def add_records(self, records: list[Record]) -> None:
        self._add("records", records)
        self._add("spans", [_SpanRow(record.record_id, span) for record in records for span in record.spans])

    def add_reject(self, reject: Reject) -> None:
        self._add("rejects", [reject])
        self._reject_reasons[reason_kind(reject.reason)] += 1

    def _add(self, name: str, rows: list) -> None:
        try:
            self._tables[name].add(rows)
        except OSError as error:
            raise OutputError(f"cannot write outputs to {self.out_dir}: {error}") from error

    def commit(self, about_run: Mapping[str, object] | None = None) -> dict[str, Path]:
        """Finish the files, make them durable, then switch them in with one rename.

        `about_run`: what the caller knows of the run (inputs, options, seconds, `counts` such as
        reused articles) for run.json, beside the counts of the rows written.
        Returns file name -> the public path (OUT/records.csv ...)."""
        try:
            for table in self._tables.values():
                table.finish()
            _write_json(self.generation / PACKAGE_FILE, datapackage())
            _write_json(self.generation / RUN_FILE, self._run_description(about_run or {}))
            _sync_directory(self.generation)
            _sync_directory(self.generation.parent)
            _adopt_flat_outputs(self.out_dir)
            _point_current_at(self.out_dir, self.generation)
            _link_public_names(self.out_dir)
        except OSError as error:
            raise OutputError(f"cannot write outputs to {self.out_dir}: {error}") from error
        self._committed = True
        _remove_generations(self.out_dir, keep=self.generation)
        return {name: self.out_dir / name for name in OUTPUT_NAMES}


    def _run_description(self, about_run: Mapping[str, object]) -> dict[str, object]:
        counts = {name: table.rows for name, table in self._tables.items()} | {"duplicates": self._duplicates}
        return {"package": PACKAGE_NAME, "version": __version__, **about_run,
                "counts": counts | dict(about_run.get("counts", {})),  # type: ignore[call-overload]
                "rejects_by_reason": dict(sorted(self._reject_reasons.items()))}


# What varies between rejects of one kind: the JSONL line, the detail after a colon (a byte
# count, an exception's message), a quoted id, the path a folder was first read as.
_REASON_DETAILS = re.compile(r"^line \d+: |:.*$|(?<=article_id) '.*'$| as .*$")


def reason_kind(reason: str) -> str:
    """A reject's reason without its details, so run.json counts rejects by kind, not one by one:
    "line 4: invalid JSON: Expecting value" -> "invalid JSON"."""
    return _REASON_DETAILS.sub("", reason) or reason


def _write_json(path: Path, value: object) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def resource_name(table: Table, kind: str) -> str:
    """The datapackage resource of one file: `records-csv`, `records-parquet`, ..."""
    return f"{table.name}-{kind}"


def datapackage() -> dict[str, object]:
    """The Frictionless Tabular Data Package descriptor of every output file.

    CSV and Parquet copies of a table are resources of their own with one schema; each refers
    to the same format's copy of another table in its foreign keys, so either set validates
    on its own (texts, Parquet only, refers to the Parquet articles)."""
    resources = []
    for table in OUTPUT_TABLES:
        for kind in table.formats:
            schema: dict[str, object] = {"fields": [_field(column) for column in table.columns],
                                         "missingValues": [""]}
            if table.primary_key:
                schema["primaryKey"] = list(table.primary_key)
            if table.foreign_keys:
                schema["foreignKeys"] = [
                    {"fields": [column], "reference": {"resource": _referred_resource(other, kind),
                                                       "fields": [other_column]}}
                    for column, other, other_column in table.foreign_keys]
            resource: dict[str, object] = {"name": resource_name(table, kind), "path": f"{table.name}.{kind}",
                                           "profile": "tabular-data-resource", "format": kind,
                                           "description": table.description, "schema": schema}
            if kind == "csv":
                resource |= {"mediatype": "text/csv", "encoding": "utf-8",
                             "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True,
                                         "header": True}}
            resources.append(resource)
    return {"profile": "tabular-data-package", "name": PACKAGE_NAME, "version": __version__,
            "title": "Case counts of violence against women and children in Indonesian news",
            "description": "Records read from news articles by the kekerasan pipeline, the articles "
                           "they were read from, their cleaned texts, the spans behind every value, "
                           "and the inputs that gave no article. See docs/data-dictionary.md.",
            "resources": resources}


def _referred_resource(table_name: str, kind: str) -> str:
    other = TABLES[table_name]
    return resource_name(other, kind if kind in other.formats else other.formats[-1])


def _field(column: Column) -> dict[str, object]:
    constraints: dict[str, object] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = column.pattern
    field: dict[str, object] = {"name": column.name, "type": column.type, "description": column.description}
    return field | ({"constraints": constraints} if constraints else {})


def column_reference() -> str:
    """The tables and columns as Markdown, for docs/data-dictionary.md (made from the same
    column table as the Parquet schemas and datapackage.json, so the three cannot disagree)."""
    parts = []
    for table in OUTPUT_TABLES:
        files = ", ".join(f"`{table.name}.{kind}`" for kind in table.formats)
        keys = [f"primary key `{', '.join(table.primary_key)}`"] if table.primary_key else []
        keys += [f"`{column}` refers to `{other}.{other_column}`" for column, other, other_column in table.foreign_keys]
        parts.append(f"### {table.name}\n\n{table.description} Files: {files}."
                     + (f" Keys: {'; '.join(keys)}." if keys else "") + "\n\n"
                     "| column | type | null | meaning |\n|---|---|---|---|\n"
                     + "".join(f"| `{c.name}` | {c.type} | {'never' if c.required else 'yes'} | "
                               f"{_described(c)} |\n" for c in table.columns))
    return "\n".join(parts)


def _described(column: Column) -> str:
    extra = [f"One of {', '.join(f'`{value}`' for value in column.enum)}."] if column.enum else []
    extra += [f"Matches `{column.pattern}`."] if column.pattern else []
    return " ".join([column.description, *extra]).replace("|", "\\|")


def _create_folder(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create output directory {out_dir}: {error}") from error


def _check_writable(out_dir: Path) -> None:
    """Create and remove a file: finds a read-only folder (or file system) before the batch runs."""
    fd, probe = tempfile.mkstemp(prefix=".probe.", suffix=_TEMPORARY_SUFFIX, dir=out_dir)
    os.close(fd)
    os.unlink(probe)


def _temporary_name(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}.{uuid.uuid4().hex}{_TEMPORARY_SUFFIX}"


def _current_generation(out_dir: Path) -> Path | None:
    link = out_dir / CURRENT_LINK
    return link.resolve() if link.is_symlink() else None


def _generations(out_dir: Path) -> list[Path]:
    folder = out_dir / GENERATIONS_DIR
    return [path for path in folder.iterdir() if path.name.isdigit()] if folder.is_dir() else []


def _new_generation(out_dir: Path) -> Path:
    """A new, empty generation directory, numbered after every existing one."""
    (out_dir / GENERATIONS_DIR).mkdir(exist_ok=True)
    number = max((int(path.name) for path in _generations(out_dir)), default=0) + 1
    generation = out_dir / GENERATIONS_DIR / str(number)
    generation.mkdir()
    return generation


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files and generations that a crashed run left; never the current generation."""
    for temporary in out_dir.glob(f".*{_TEMPORARY_SUFFIX}"):
        temporary.unlink(missing_ok=True)
    current = _current_generation(out_dir)
    for generation in _generations(out_dir):
        if generation.resolve() != current:
            shutil.rmtree(generation, ignore_errors=True)


def _remove_generations(out_dir: Path, keep: Path) -> None:
    """After the switch: old generations go. A failure here only leaves files the next run removes."""
    for generation in _generations(out_dir):
        if generation != keep:
            shutil.rmtree(generation, ignore_errors=True)


def _replace_with_symlink(path: Path, target: Path) -> None:
    """Point path at target in one step (rename of a temporary symlink), whatever path was."""
    temporary = _temporary_name(path.parent, path.name)
    os.symlink(target, temporary)
    os.replace(temporary, path)


def _point_current_at(out_dir: Path, generation: Path) -> None:
    """The switch itself: every public file now reads from `generation`."""
    _replace_with_symlink(out_dir / CURRENT_LINK, generation.relative_to(out_dir))
    _sync_directory(out_dir)


def _link_public_names(out_dir: Path) -> None:
    """OUT/records.csv etc. as relative links into current/, so readers keep their paths."""
    changed = False
    for name in OUTPUT_NAMES:
        path, target = out_dir / name, Path(CURRENT_LINK) / name
        if not (path.is_symlink() and Path(os.readlink(path)) == target):
            _replace_with_symlink(path, target)
            changed = True
    if changed:
        _sync_directory(out_dir)


def _adopt_flat_outputs(out_dir: Path) -> None:
    """Plain files from a version before generations become the current generation first (as
    hard links), so replacing them by links into current/ never shows a mix of two runs."""
    flat = [name for name in OUTPUT_NAMES if (out_dir / name).is_file() and not (out_dir / name).is_symlink()]
    if not flat or _current_generation(out_dir) is not None:
        return
    generation = _new_generation(out_dir)
    for name in flat:
        os.link(out_dir / name, generation / name)
    _sync_directory(generation)
    _point_current_at(out_dir, generation)
    _link_public_names(out_dir)


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_directory(path: Path) -> None:
    """Make the directory's entries (new files, a renamed link) survive a power cut."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _SpanRow:
    """One row of `spans`: a record's id beside one of its SlotSpans."""

    __slots__ = ("record_id", "slot", "scope", "start", "end", "text")

    def __init__(self, record_id: str, span: SlotSpan) -> None:
        self.record_id = record_id
        self.slot, self.scope, self.start, self.end, self.text = span.slot, span.scope, span.start, span.end, span.text


def arrow_schema(table: Table) -> pa.Schema:
    """The table's Arrow schema, with pandas metadata so that a plain pandas.read_parquet gives
    nullable Int64, boolean and string columns, never floats for counts or objects for codes."""
    schema = pa.schema([(column.name, _ARROW_TYPES[column.type]) for column in table.columns])
    empty = pd.DataFrame({field.name: pd.Series(dtype=_PANDAS_DTYPES[field.type]) for field in schema})
    return schema.with_metadata(pa.Schema.from_pandas(empty, preserve_index=False).metadata)


class _StagedTable:
    """One table's files (CSV and/or Parquet) in a generation, appended to a row group at a time."""

    def __init__(self, generation: Path, table: Table, rows_per_group: int) -> None:
        self.schema = arrow_schema(table)
        self.rows_per_group = rows_per_group
        self.csv_path = generation / f"{table.name}.csv" if "csv" in table.formats else None
        self.parquet_path = generation / f"{table.name}.parquet"
        self._columns: list[list] = [[] for _ in self.schema]  # only the values written, not the objects
        self._names = self.schema.names
        self._is_text = [field.type == pa.string() for field in self.schema]
        self._buffered = self._chars = 0
        self.rows = 0  # written or buffered
        self._parquet: pq.ParquetWriter | None = None
        self._started = False

    def add(self, rows: list) -> None:
        # An Article holds its whole text, which only `texts` writes: keep the columns' values only.
        # Called once or more per article (a rerun's whole cost, nearly): no work for no rows, and
        # which columns hold strings is known from the schema once.
        if not rows:
            return
        for values, name, is_text in zip(self._columns, self._names, self._is_text):
            new = [getattr(row, name) for row in rows]
            values.extend(new)
            if is_text:
                self._chars += sum(map(len, filter(None, new)))
        self._buffered += len(rows)
        self.rows += len(rows)
        if self._buffered >= self.rows_per_group or self._chars >= CHARS_PER_GROUP:
            self._flush()

    def finish(self) -> None:
        """Flush, close and sync; an empty table still gets its header and typed schema."""
        if self._buffered or not self._started:
            self._flush()
        self._parquet.close()
        for path in (self.csv_path, self.parquet_path):
            if path is not None:
                _sync_file(path)

    def close(self) -> None:
        if self._parquet is not None:  # closing twice is harmless
            self._parquet.close()

    def _flush(self) -> None:
        table = _table(self._columns, self.schema)
        self._columns, self._buffered, self._chars = [[] for _ in self.schema], 0, 0
        if self.csv_path is not None:
            _write_csv(table, self.csv_path, header=not self._started)
        self._started = True
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.parquet_path, self.schema)
        self._parquet.write_table(table)


def _table(columns: list[list], schema: pa.Schema) -> pa.Table:
    """The columns' values as a table with exactly the schema's types, in its order."""
    arrays = [pa.array(values, type=field.type) for values, field in zip(columns, schema)]
    return pa.Table.from_arrays(arrays, schema=schema)


# OWASP's advice against CSV injection: a text cell a spreadsheet would run as a formula
# gets a leading apostrophe. Only the CSV, which people open in spreadsheets; Parquet keeps
# the raw value.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What may stand before the formula and still let it run: quotes, zero-width characters, a
# byte-order mark. The apostrophe is among them so that the rule is exactly reversible: a
# cell has one added apostrophe if and only if the rest of it would get one.
_SKIPPED_BEFORE_FORMULA = "'\"\u200b\u200c\u200d\u2060\ufeff"


def neutralize_formula(value: object) -> object:
    """The value with one apostrophe before it if a spreadsheet could run it as a formula."""
    if isinstance(value, str) and value.lstrip(_SKIPPED_BEFORE_FORMULA).startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def neutralized_column(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """neutralize_formula over a whole string column at once, in Arrow: value by value in Python it
    was a tenth of a rerun (every cell of every CSV is written again). Nulls stay null."""
    rest = pc.utf8_ltrim(values, characters=_SKIPPED_BEFORE_FORMULA)
    formula = functools.reduce(pc.or_, [pc.starts_with(rest, start) for start in _FORMULA_STARTS])
    return pc.if_else(formula, pc.binary_join_element_wise("'", values, ""), values)


def _write_csv(table: pa.Table, path: Path, header: bool) -> None:
    columns = [neutralized_column(column) if column.type == pa.string() else column for column in table.columns]
    frame = pa.Table.from_arrays(columns, schema=table.schema).to_pandas(types_mapper=_PANDAS_DTYPES.get)
    frame.to_csv(path, mode="w" if header else "a", header=header, index=False, encoding="utf-8")
