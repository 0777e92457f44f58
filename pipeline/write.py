"""Write the output tables (records, articles, rejects) as CSV and Parquet, atomically.

Rows stream into temporary files in the output directory as the batch decides them
(Parquet in row groups, CSV in chunks), so no table is ever held whole in memory; only
when all six files are complete are they moved into place with os.replace(). A crash or
error while writing therefore leaves the previous run's outputs untouched and no
temporary files behind.

Column types are fixed here, not inferred from the values: codes such as "36.70" and
"00" must stay strings, and counts must stay integers even when some are missing.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.models import (ARTICLE_COLUMNS, RECORD_COLUMNS, REJECT_COLUMNS, Article, BatchResult,
                             Record, Reject)


class OutputError(OSError):
    """The output directory cannot be created or written to."""


# Columns not listed here are (nullable) strings.
_RECORD_TYPES = {"cases": pa.int64(), "victims": pa.int64(), "approximate": pa.bool_(),
                 "evidence_start": pa.int64(), "evidence_end": pa.int64()}
_REJECT_TYPES = {"line": pa.int64()}

# How Arrow types become pandas dtypes for the CSV: nullable, so no int turns into a float.
_PANDAS_DTYPES = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
                  pa.bool_(): pd.BooleanDtype()}


TABLES = {"records": (RECORD_COLUMNS, _RECORD_TYPES), "articles": (ARTICLE_COLUMNS, {}),
          "rejects": (REJECT_COLUMNS, _REJECT_TYPES)}
# Rows buffered per table before they go to disk as one CSV chunk and one Parquet row group.
ROWS_PER_GROUP = 10_000


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
    """Streams rows into temporary files as the batch decides them; `commit` puts them in place.

    A Sink: memory holds at most ROWS_PER_GROUP rows per table. Leaving the `with` block
    without commit (an error, a crash) removes the temporary files and keeps the previous
    outputs. Raises OutputError when out_dir cannot be created or written to.
    """

    def __init__(self, out_dir: Path, rows_per_group: int = ROWS_PER_GROUP) -> None:
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create output directory {self.out_dir}: {error}") from error
        self._tables = {name: _StagedTable(self.out_dir, name, columns, types, rows_per_group)
                        for name, (columns, types) in TABLES.items()}

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc) -> None:
        for table in self._tables.values():
            table.discard()

    def add_article(self, article: Article) -> None:
        self._add("articles", [article])

    def add_records(self, records: list[Record]) -> None:
        self._add("records", records)

    def add_reject(self, reject: Reject) -> None:
        self._add("rejects", [reject])

    def _add(self, name: str, rows: list) -> None:
        try:
            self._tables[name].add(rows)
        except OSError as error:
            raise OutputError(f"cannot write outputs to {self.out_dir}: {error}") from error

    def commit(self) -> dict[str, Path]:
        """Finish every file, then move them all into place; returns file name -> path."""
        try:
            staged = {final: temporary for table in self._tables.values()
                      for final, temporary in table.finish().items()}
            for final, temporary in staged.items():
                os.replace(temporary, final)
        except OSError as error:
            raise OutputError(f"cannot write outputs to {self.out_dir}: {error}") from error
        return {final.name: final for final in staged}


class _StagedTable:
    """One table's CSV and Parquet temporary files, appended to a row group at a time."""

    def __init__(self, out_dir: Path, name: str, columns: list[str], types: dict[str, pa.DataType],
                 rows_per_group: int) -> None:
        self.schema = pa.schema([(column, types.get(column, pa.string())) for column in columns])
        self.rows_per_group = rows_per_group
        self.finals = [out_dir / f"{name}.csv", out_dir / f"{name}.parquet"]
        self.csv_path, self.parquet_path = (out_dir / f".{final.name}.{uuid.uuid4().hex}.tmp"
                                            for final in self.finals)
        self._columns: list[list] = [[] for _ in self.schema]  # only the values written, not the objects
        self._buffered = 0
        self._parquet: pq.ParquetWriter | None = None
        self._csv_started = False

    def add(self, rows: list) -> None:
        # An Article holds its whole text, which no table writes: keep the columns' values only.
        for values, field in zip(self._columns, self.schema):
            values.extend(getattr(row, field.name) for row in rows)
        self._buffered += len(rows)
        if self._buffered >= self.rows_per_group:
            self._flush()

    def finish(self) -> dict[Path, Path]:
        """Flush and close; an empty table still gets its header and typed schema."""
        if self._buffered or not self._csv_started:
            self._flush()
        self._parquet.close()
        return dict(zip(self.finals, (self.csv_path, self.parquet_path)))

    def discard(self) -> None:
        if self._parquet is not None:  # closing twice is harmless
            self._parquet.close()
        self.csv_path.unlink(missing_ok=True)
        self.parquet_path.unlink(missing_ok=True)

    def _flush(self) -> None:
        table = _table(self._columns, self.schema)
        self._columns, self._buffered = [[] for _ in self.schema], 0
        _write_csv(table, self.csv_path, header=not self._csv_started)
        self._csv_started = True
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


def neutralize_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(table: pa.Table, path: Path, header: bool) -> None:
    frame = table.to_pandas(types_mapper=_PANDAS_DTYPES.get)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].map(neutralize_formula, na_action="ignore").astype(pd.StringDtype())
    frame.to_csv(path, mode="w" if header else "a", header=header, index=False, encoding="utf-8")
