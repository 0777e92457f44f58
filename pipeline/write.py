"""Write the output tables (records, articles, rejects) as CSV and Parquet, atomically.

Every file is first written to a temporary file in the output directory; only when all
of them are complete are they moved into place with os.replace(). A crash or error
while writing therefore leaves the previous run's outputs untouched and no temporary
files behind.

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

from pipeline.models import ARTICLE_COLUMNS, RECORD_COLUMNS, REJECT_COLUMNS, BatchResult


class OutputError(OSError):
    """The output directory cannot be created or written to."""


# Columns not listed here are (nullable) strings.
_RECORD_TYPES = {"cases": pa.int64(), "victims": pa.int64(), "approximate": pa.bool_(),
                 "evidence_start": pa.int64(), "evidence_end": pa.int64()}
_REJECT_TYPES = {"line": pa.int64()}

# How Arrow types become pandas dtypes for the CSV: nullable, so no int turns into a float.
_PANDAS_DTYPES = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(),
                  pa.bool_(): pd.BooleanDtype()}


def write_outputs(result: BatchResult, out_dir: Path) -> dict[str, Path]:
    """Write all output tables into out_dir (created if missing); return file name -> path.

    Raises OutputError when out_dir cannot be created or written to.
    """
    out_dir = Path(out_dir)
    tables = {
        "records": _table(result.records, RECORD_COLUMNS, _RECORD_TYPES),
        "articles": _table(result.articles, ARTICLE_COLUMNS, {}),
        "rejects": _table(result.rejects, REJECT_COLUMNS, _REJECT_TYPES),
    }
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create output directory {out_dir}: {error}") from error

    staged: dict[Path, Path] = {}  # final path -> finished temporary file
    try:
        for name, table in tables.items():
            for suffix, write in ((".csv", _write_csv), (".parquet", _write_parquet)):
                final = out_dir / f"{name}{suffix}"
                temporary = out_dir / f".{final.name}.{uuid.uuid4().hex}.tmp"
                staged[final] = temporary
                write(table, temporary)
        for final, temporary in staged.items():
            os.replace(temporary, final)
    except OSError as error:
        raise OutputError(f"cannot write outputs to {out_dir}: {error}") from error
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    return {final.name: final for final in staged}


def _table(rows: list, columns: list[str], types: dict[str, pa.DataType]) -> pa.Table:
    """The rows' attributes as a table with exactly these columns, in this order."""
    schema = pa.schema([(column, types.get(column, pa.string())) for column in columns])
    arrays = [pa.array([getattr(row, field.name) for row in rows], type=field.type) for field in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


# OWASP's advice against CSV injection: a text cell a spreadsheet would run as a formula
# gets a leading apostrophe. Only the CSV, which people open in spreadsheets; Parquet keeps
# the raw value.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_csv(table: pa.Table, path: Path) -> None:
    frame = table.to_pandas(types_mapper=_PANDAS_DTYPES.get)
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].map(neutralize_formula, na_action="ignore").astype(pd.StringDtype())
    frame.to_csv(path, index=False, encoding="utf-8")


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path)
