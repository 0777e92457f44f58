"""Find republished copies among articles as they arrive; the first-seen copy is canonical.

Exact copies are caught by their text hash. Near copies (another outlet's byline, a
"Sumber:" line, a repeated or moved paragraph, a few edited words) are caught by
MinHash signatures over word shingles, looked up through MinHashLSH so each article
is compared only with likely candidates, never with every earlier article.

Why word shingles of five words: two different articles about the same figures share
the numbers and stock phrases ("kasus kekerasan terhadap perempuan dan anak"), but
rarely five-word runs of their own wording, while a republished copy keeps almost all
of them.
"""
from __future__ import annotations

import os
import re
import tempfile
from array import array
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from pipeline.models import Article

# Estimated Jaccard similarity of shingle sets at or above which two articles are the
# same article republished. On the dev set republished copies score 0.82-0.98 once
# boilerplate is cleaned (0.58-0.94 even on raw page text), different articles score
# below 0.07, and a same-outlet rewrite of one press release (not a duplicate) 0.36-0.50.
DEFAULT_THRESHOLD = 0.6
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE_SIZE = 5
# Recent band keys are kept in a dict; this many articles' worth are then sorted into the
# compact arrays. Bounds the dict (a few MB) whatever the corpus size.
RECENT_ENTRIES = 2048

_WORD = re.compile(r"\w+")


def shingles_of(text: str, shingle_size: int = DEFAULT_SHINGLE_SIZE) -> set[str]:
    """The k-word shingles of the lowercased text, with punctuation stripped.

    A text shorter than k words gives one shingle of all its words; an empty text none.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    last_start = max(1, len(words) - shingle_size + 1)
    return {" ".join(words[i:i + shingle_size]) for i in range(last_start)}


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """Building the permutations costs more than hashing an article: build them once."""
    return MinHash(num_perm=num_perm)


def signature_of(text: str, num_perm: int = DEFAULT_NUM_PERM,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> MinHash:
    """The MinHash signature of a cleaned text (kept separate so signatures can be stored)."""
    template = _template(num_perm)
    signature = MinHash(num_perm=num_perm, permutations=template.permutations, scheme=template.scheme)
    signature.update_batch([shingle.encode("utf-8") for shingle in shingles_of(text, shingle_size)])
    return signature


class Deduplicator:
    """Remembers every article seen and tells, for each new one, which earlier one it copies.

    Memory per article is a few hundred bytes, so a run over a million articles fits: the
    LSH band keys live in sorted numpy arrays (datasketch's MinHashLSH keeps Python objects,
    several KB per article), and the signatures, needed only to confirm a candidate, in a
    temporary file. Exact copies need no table of their own: equal texts have equal
    signatures, so the LSH finds them, and the earliest match is the same one.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = DEFAULT_NUM_PERM,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        # The band layout datasketch chooses for this threshold (18 bands of 7 rows for 0.6).
        layout = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._bands = _BandIndex(layout.b, layout.r)
        self._signatures = _SignatureFile(num_perm)
        # Entries are insertion numbers, so the earliest matching candidate is the smallest.
        self._canonical_of_entry: list[str] = []
        self._canonical_of_empty_text: dict[str, str] = {}  # texts without words: only equality

    def signature(self, article: Article) -> MinHash:
        return signature_of(article.text, self.num_perm, self.shingle_size)

    def find_duplicate(self, article: Article, signature: MinHash | None = None) -> str | None:
        """The article_id of the first-seen article this one copies, or None; then remember it.

        The answer is always a canonical (first-seen) article, so chains of copies
        (C copies B, B copies A) all point at A. `signature`: one computed earlier (stored
        by an earlier run), to skip computing it again.
        """
        if signature is None:
            signature = self.signature(article)
        if signature.is_empty():  # a text without words: only an equal text can match
            canonical = self._canonical_of_empty_text.get(article.text_hash)
            if canonical is None:
                self._canonical_of_empty_text[article.text_hash] = article.article_id
            return canonical
        hashvalues = np.asarray(signature.hashvalues, dtype=np.uint32)
        keys = self._bands.keys(hashvalues)
        matches = [entry for entry in sorted(self._bands.entries_sharing(keys))
                   if np.count_nonzero(self._signatures.read(entry) == hashvalues) / self.num_perm
                   >= self.threshold]
        canonical = self._canonical_of_entry[matches[0]] if matches else None
        entry = len(self._canonical_of_entry)
        self._canonical_of_entry.append(canonical or article.article_id)
        self._signatures.append(hashvalues)
        self._bands.insert(keys, entry)
        return canonical


class _SignatureFile:
    """Signatures by entry number, in an unbuffered temporary file: read back only for candidates."""

    def __init__(self, num_perm: int) -> None:
        self._file = tempfile.TemporaryFile(buffering=0)
        self._row_bytes = num_perm * 4

    def append(self, hashvalues: np.ndarray) -> None:
        self._file.write(hashvalues.astype("<u4").tobytes())

    def read(self, entry: int) -> np.ndarray:
        data = os.pread(self._file.fileno(), self._row_bytes, entry * self._row_bytes)
        return np.frombuffer(data, dtype="<u4")


class _BandIndex:
    """The LSH table: which entries share a band with a signature.

    One 64-bit key per band (a hash of the band's rows, salted by band number). Recent keys sit
    in a dict; every RECENT_ENTRIES entries they are sorted into a run of two numpy arrays
    (keys, entries), and runs of similar size are merged, so lookups are a few binary searches.
    """

    _MULTIPLIER = np.uint64(0x100000001B3)

    def __init__(self, bands: int, rows: int) -> None:
        self.bands, self.rows = bands, rows
        self._salt = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self._recent: dict[int, list[int]] = {}
        self._recent_entries = 0
        self._runs: list[tuple[np.ndarray, np.ndarray]] = []  # largest first

    def keys(self, hashvalues: np.ndarray) -> np.ndarray:
        rows = hashvalues[:self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        keys = self._salt.copy()
        for column in rows.T:
            keys = (keys ^ column) * self._MULTIPLIER
        return keys

    def entries_sharing(self, keys: np.ndarray) -> set[int]:
        found: set[int] = set()
        for key in keys.tolist():
            found.update(self._recent.get(key, ()))
        for run_keys, run_entries in self._runs:
            low = np.searchsorted(run_keys, keys, side="left")
            high = np.searchsorted(run_keys, keys, side="right")
            for start, stop in zip(low[high > low].tolist(), high[high > low].tolist()):
                found.update(run_entries[start:stop].tolist())
        return found

    def insert(self, keys: np.ndarray, entry: int) -> None:
        for key in keys.tolist():
            self._recent.setdefault(key, []).append(entry)
        self._recent_entries += 1
        if self._recent_entries >= RECENT_ENTRIES:
            self._flush()

    def _flush(self) -> None:
        keys = array("Q")
        entries = array("I")
        for key, key_entries in self._recent.items():
            keys.extend([key] * len(key_entries))
            entries.extend(key_entries)
        self._recent, self._recent_entries = {}, 0
        self._runs.append(_sorted_run(np.frombuffer(keys, dtype=np.uint64), np.frombuffer(entries, dtype=np.uint32)))
        while len(self._runs) > 1 and len(self._runs[-1][0]) >= len(self._runs[-2][0]):
            (keys_b, entries_b), (keys_a, entries_a) = self._runs.pop(), self._runs.pop()
            self._runs.append(_sorted_run(np.concatenate([keys_a, keys_b]), np.concatenate([entries_a, entries_b])))


def _sorted_run(keys: np.ndarray, entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    return keys[order], entries[order]
