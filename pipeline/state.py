"""Memory of earlier runs, so a rerun over a grown corpus only processes what is new.

One SQLite file in the output folder holds, per input (keyed by a hash of its content and
metadata), the cleaned article, its records and its MinHash signature; and per whole file
(txt, html) its stamp (size, mtime, ctime, inode) and content key, so a rerun takes a file whose
stamp is unchanged from the store without reading it. Finished inputs are
committed every second, so a run killed halfway loses at most its last second of work. The
store remembers the fingerprint of the rules and of the pipeline's code: when either
changes, everything is processed again, since old extractions may no longer be right.

The store is a cache of what the inputs give: when it cannot be read (overwritten pages,
which `PRAGMA quick_check` finds at open, or not an SQLite file at all) it is deleted and
rebuilt from the inputs, and a row that does not decode is a cache miss whose input is
processed again (and its row rewritten). An output is therefore never built on a broken store.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import __version__
from .dedup import NUM_PERM, Signature
from .models import Article, RawDocument, Record, SlotSpan

PIPELINE_DIR = Path(__file__).resolve().parent
STATE_FILE = "state.sqlite"
_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")  # the files SQLite keeps for one database
# Each table's columns, as created. inputs: per input, what it gave; files: a whole file's stamp
# (ingest.file_stamp) and content key; members, bands, matches: dedup's LSH index of every input
# ever stored (dedup.MatchStore), by member number, and which members' signatures match.
_TABLES = {
    "inputs": ("key TEXT PRIMARY KEY", "article TEXT", "records TEXT", "signature BLOB"),
    "files": ("path TEXT PRIMARY KEY", "stamp TEXT", "key TEXT"),
    "members": ("id INTEGER PRIMARY KEY", "key TEXT UNIQUE NOT NULL", "signature BLOB NOT NULL"),
    "bands": ("band INTEGER NOT NULL", "member INTEGER NOT NULL"),
    "matches": ("member INTEGER NOT NULL", "other INTEGER NOT NULL"),
}
# Tables that are their primary key (WITHOUT ROWID): a band's members, a member's matches.
_ROW_KEYS = {"bands": "band, member", "matches": "member, other"}
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_FIELD_TYPES = {kind: typing.get_type_hints(kind) for kind in (Article, Record, SlotSpan)}
# Per kind, its list fields and the kind of their items (Record.spans: SlotSpan), found once.
_LIST_FIELDS = {kind: {field: typing.get_args(expected)[0] for field, expected in hints.items()
                       if typing.get_origin(expected) is list} for kind, hints in _FIELD_TYPES.items()}
# And its other fields with the types they may hold, `str | None` as a tuple (str, NoneType):
# isinstance checks a tuple faster than a union, and a rerun checks every field of every row.
_SCALAR_FIELDS = {kind: [(field, typing.get_args(expected) or expected) for field, expected in hints.items()
                         if field not in _LIST_FIELDS[kind]] for kind, hints in _FIELD_TYPES.items()}
# What a stored row holds; raised whenever a change makes old rows unreadable (records got ids,
# slot spans and a nullable `checks` in 2, dedup's LSH index in 3), though any change to the code
# changes the fingerprint too.
STATE_FORMAT = 3


class StateError(OSError):
    """The state store cannot be used or written: a symlink, a full disk, an I/O error."""


class DamagedState(StateError):
    """The state file is not a sound SQLite database: the store must be rebuilt."""


def pipeline_fingerprint(rules_fingerprint: str) -> str:
    """Changes with the version, any rule file or any line of the pipeline's code."""
    digest = hashlib.sha256(f"{__version__}\n{STATE_FORMAT}\n{rules_fingerprint}\n".encode())
    for source in sorted(PIPELINE_DIR.glob("*.py")):
        digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()


def content_key(document: RawDocument) -> str:
    """Identifies an input by everything that could change its output."""
    fields = [document.article_id, document.source_path, document.text, document.title,
              document.url, document.published, document.source]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class Remembered:
    article: Article
    records: list[Record] | None  # None: never extracted (it was a duplicate when first seen)
    signature: Signature


class StateStore:
    """The SQLite store; use as a context manager so the connection is always closed.

    One batch writes it; its workers, in other processes, may read it at the same time
    (`read_only`), which SQLite's write-ahead log allows.
    """

    def __init__(self, path: Path, fingerprint: str, full: bool = False) -> None:
        """Open (or create) the store; `full` starts it afresh whatever state it is in.

        A damaged file is deleted and the store starts afresh: `rebuilt_because` then says why.
        Raises StateError when the file is a symlink (SQLite would write its journal beside
        the link's target) or cannot be written."""
        self.path = path
        self.rebuilt_because: str | None = None
        self._damaged_rows = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        for companion in _companions(path):
            if companion.is_symlink():
                raise StateError(f"refusing the state file {companion}: it is a symbolic link")
        if full:
            _delete_database(path)
        try:
            self._open(fingerprint)
        except DamagedState as damage:
            self._db.close()
            self.rebuilt_because = str(damage)
            _delete_database(path)
            self._open(fingerprint)

    def _open(self, fingerprint: str) -> None:
        with _sqlite_failures(self.path):
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            problems = [row[0] for row in self._db.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise DamagedState(f"{self.path} is damaged: {' '.join(' '.join(problems).split())}")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            stored = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if stored is None or stored[0] != fingerprint:
                # Dropped, not emptied: another version of the code may have stored other columns.
                for table in _TABLES:
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
            for table, columns in _TABLES.items():
                row_key = f", PRIMARY KEY ({_ROW_KEYS[table]})) WITHOUT ROWID" if table in _ROW_KEYS else ")"
                self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(columns)}{row_key}")
                found = [row[1] for row in self._db.execute(f"PRAGMA table_info({table})")]
                if found != [column.split()[0] for column in columns]:
                    raise DamagedState(f"{self.path} is damaged: table {table} has columns {found}")
            self._check_member_numbers()
            self._db.commit()

    def _check_member_numbers(self) -> None:
        """Members are only ever appended, so their numbers run from 1 to their count. dedup indexes
        an array by them: a hand-edited huge number would make it that large, a negative one would
        read another member's entry. Matches then name members of that range only."""
        count, low, high = self._db.execute("SELECT count(*), min(id), max(id) FROM members").fetchone()
        if count and (low < 1 or high > count):
            raise DamagedState(f"{self.path} is damaged: {count} dedup members numbered {low!r} to {high!r}")
        (stray,) = self._db.execute("SELECT count(*) FROM matches WHERE member NOT BETWEEN 1 AND ?1 "
                                    "OR other NOT BETWEEN 1 AND ?1", (count,)).fetchone()
        if stray:
            raise DamagedState(f"{self.path} is damaged: {stray} dedup matches name no member")

    @classmethod
    def read_only(cls, path: Path) -> StateStore:
        store = cls.__new__(cls)
        store.path, store._damaged_rows = path, 0
        store._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        return store

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def recall(self, key: str) -> Remembered | None:
        """What an earlier run stored for this input; None if nothing, or if its row does not
        decode (the input is then processed again, and the batch rewrites the row)."""
        try:
            row = self._db.execute("SELECT article, records, signature FROM inputs WHERE key = ?",
                                   (key,)).fetchone()
            return None if row is None else _decoded(*row)
        except (sqlite3.Error, ValueError, TypeError) as error:
            self._damaged_rows += 1
            if self._damaged_rows == 1:  # one line per process, not one per damaged row
                print(f"warning: the state store {self.path} has a damaged row ({type(error).__name__}: "
                      f"{error}); such inputs are processed again", file=sys.stderr)
            return None

    def remember(self, key: str, article: Article, records: list[Record] | None, signature: Signature) -> None:
        stored_article = asdict(article) | {"duplicate_of": None}  # decided afresh on every run
        records_json = None if records is None else json.dumps([asdict(r) for r in records], ensure_ascii=False)
        with _sqlite_failures(self.path):
            self._db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?)",
                             (key, json.dumps(stored_article, ensure_ascii=False), records_json,
                              signature.astype("<u4").tobytes()))

    def file_key(self, path: str, stamp: str) -> str | None:
        """The content key an earlier run stored for the file at `path` when it had this stamp:
        a file that still has it is taken as unchanged without reading it."""
        try:
            row = self._db.execute("SELECT key FROM files WHERE path = ? AND stamp = ?", (path, stamp)).fetchone()
        except sqlite3.Error:
            return None  # a miss: the file is read and hashed
        return row[0] if row is not None and isinstance(row[0], str) else None

    def remember_file(self, path: str, stamp: str, key: str) -> None:
        with _sqlite_failures(self.path):
            self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (path, stamp, key))

    def dedup_member(self, key: str) -> tuple[int, list[int]] | None:
        """The member number of an input in dedup's index, with the members it matches; None for
        an input never stored (dedup.MatchStore)."""
        with _sqlite_failures(self.path):
            rows = self._db.execute("SELECT m.id, x.other FROM members m LEFT JOIN matches x ON x.member = m.id "
                                    "WHERE m.key = ?", (key,)).fetchall()
        if not rows:
            return None
        member, matches = rows[0][0], [other for _, other in rows if other is not None]
        if not all(isinstance(number, int) for number in [member, *matches]):
            raise DamagedState(f"{self.path} is damaged: member {member!r} matches {matches!r}")
        return member, matches

    def dedup_candidates(self, band_keys: list[int]) -> list[tuple[int, Signature]]:
        """Every member sharing one of these LSH band keys, with its signature."""
        with _sqlite_failures(self.path):
            rows = self._db.execute(
                "SELECT DISTINCT m.id, m.signature FROM bands b JOIN members m ON m.id = b.member "
                f"WHERE b.band IN ({', '.join('?' * len(band_keys))})", band_keys).fetchall()
        try:
            return [(member, _signature(signature)) for member, signature in rows]
        except ValueError as error:  # a match decided on a broken signature would be a wrong duplicate
            raise DamagedState(f"{self.path} is damaged: {error}") from error

    def add_dedup_member(self, key: str, signature: Signature, band_keys: list[int], matches: list[int]) -> int:
        """Store a new input in dedup's index: its signature, band keys and the members it matches
        (each of them then matches it too). Returns its member number."""
        with _sqlite_failures(self.path):
            member = self._db.execute("INSERT INTO members (key, signature) VALUES (?, ?)",
                                      (key, signature.astype("<u4").tobytes())).lastrowid
            self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", ((band, member) for band in band_keys))
            self._db.executemany("INSERT OR IGNORE INTO matches VALUES (?, ?)",
                                 [pair for other in matches for pair in ((member, other), (other, member))])
        return member

    def commit(self) -> None:
        """Make what was remembered so far survive a crash (the batch calls it every second)."""
        with _sqlite_failures(self.path):
            self._db.commit()


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SQLITE_COMPANIONS]


def _delete_database(path: Path) -> None:
    for companion in _companions(path):
        companion.unlink(missing_ok=True)


@contextmanager
def _sqlite_failures(path: Path) -> Iterator[None]:
    """SQLite's errors as ours: damage means rebuild, anything else (a full disk) means stop."""
    try:
        yield
    except sqlite3.Error as error:
        damaged = ((getattr(error, "sqlite_errorcode", None) or 0) & 0xFF) in _DAMAGE_CODES
        raise (DamagedState if damaged else StateError)(f"{path}: {error}") from error


def _decoded(article_json: str, records_json: str | None, signature: bytes) -> Remembered:
    """A stored row back as objects, every field checked against its type: a row someone
    changed must fail here, not halfway through writing the outputs."""
    records = None if records_json is None else [_typed(Record, values) for values in json.loads(records_json)]
    return Remembered(_typed(Article, json.loads(article_json)), records, _signature(signature))


def _signature(stored: bytes) -> Signature:
    """A stored signature back as NUM_PERM uint32 minima; ValueError when it is not one."""
    if not isinstance(stored, bytes) or len(stored) != NUM_PERM * 4:
        raise ValueError(f"a signature of {len(stored) if isinstance(stored, bytes) else '?'} bytes")
    return np.frombuffer(stored, dtype="<u4").astype(np.uint32)


def _typed(kind: type, values: dict) -> object:
    """An instance of kind from its stored fields; a list field (Record.spans) holds instances too.

    A stored row has every field (remember() writes asdict), so the fields are checked on the
    dict and the instance gets them as they are, without the dataclass __init__: a rerun decodes
    every record and span of the corpus, and a frozen dataclass sets each field through
    object.__setattr__ (half of a rerun's decoding)."""
    if not isinstance(values, dict) or values.keys() != _FIELD_TYPES[kind].keys():
        raise TypeError(f"{kind.__name__} stored as {values!r}")
    for field, item_kind in _LIST_FIELDS[kind].items():
        if not isinstance(values[field], list):
            raise TypeError(f"{kind.__name__}.{field} is {values[field]!r}")
        values[field] = [_typed(item_kind, item) for item in values[field]]
    for field, expected in _SCALAR_FIELDS[kind]:
        if not isinstance(values[field], expected):
            raise TypeError(f"{kind.__name__}.{field} is {values[field]!r}")
    instance = object.__new__(kind)
    instance.__dict__.update(values)
    return instance
