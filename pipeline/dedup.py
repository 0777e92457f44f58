"""Find republished copies among articles as they arrive; the first-seen copy is canonical.

Copies, exact or near (another outlet's byline, a "Sumber:" line, a repeated or moved
paragraph, a few edited words), are caught by MinHash signatures over word shingles,
looked up through LSH bands so each article is compared only with likely candidates,
never with every earlier article. Only texts without words are matched by their hash.

The MinHash is our own, in numpy (the algorithm of datasketch's MinHash, with its
SHA-1-per-shingle hashing replaced by one CRC-32 per word mixed into shingle hashes):
hashing every shingle through hashlib cost about a millisecond an article, more than all
the rest of a news article's cleaning, and datasketch's import pulled in scipy for the LSH
layout in every worker process.

Why word shingles of five words: two different articles about the same figures share
the numbers and stock phrases ("kasus kekerasan terhadap perempuan dan anak"), but
rarely five-word runs of their own wording, while a republished copy keeps almost all
of them.
"""
from __future__ import annotations

import os
import re
import tempfile
import zlib
from array import array
from typing import Protocol

import numpy as np

from pipeline.models import Article

# Estimated Jaccard similarity of shingle sets at or above which two articles are the
# same article republished. On the dev set republished copies score 0.82-0.98 once
# boilerplate is cleaned (0.58-0.94 even on raw page text), different articles score
# below 0.07, and a same-outlet rewrite of one press release (not a duplicate) 0.36-0.50.
DEFAULT_THRESHOLD = 0.6
NUM_PERM = 128
SHINGLE_SIZE = 5
# LSH: 20 bands of 5 rows. Only a pair sharing a band is compared, so this decides recall: a
# pair at Jaccard 0.6 shares one with probability 0.80, at 0.7 0.975, at 0.8 0.9996 (datasketch's
# layout for this threshold, 18 bands of 7, found only 0.40 at 0.6, 0.79 at 0.7 and 0.986 at 0.8).
# An extra candidate costs one signature read; unrelated articles (Jaccard < 0.1) almost never are.
BANDS, ROWS = 20, 5
# Recent keys (LSH bands, ids) are kept in dicts; this many articles' worth are then sorted
# into the compact arrays. Bounds the dicts (a few MB) whatever the corpus size.
RECENT_ENTRIES = 2048

Signature = np.ndarray  # NUM_PERM uint32 minima; all _MAX_HASH for a text without words

_WORD = re.compile(r"\w+")
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_SHINGLES_PER_STEP = 2048  # bounds the permutations x shingles matrix for very long texts


# Fixed by a seed, from numpy's frozen legacy generator: every worker process, and every later
# run reading stored signatures, must hash alike. Permutation i maps h to (a_i * h + b_i) mod p.
_generator = np.random.RandomState(1)
_PERMUTATION_A = _generator.randint(1, _MERSENNE_PRIME, size=(NUM_PERM, 1), dtype=np.uint64)
_PERMUTATION_B = _generator.randint(0, _MERSENNE_PRIME, size=(NUM_PERM, 1), dtype=np.uint64)
_WORD_MULTIPLIERS = _generator.randint(1, 1 << 62, size=SHINGLE_SIZE, dtype=np.uint64) * 2 + 1  # odd
del _generator


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the SHINGLE_SIZE-word shingles of the lowercased text, punctuation stripped.

    A text shorter than SHINGLE_SIZE words gives one shingle of all its words; an empty text none.
    Each word is hashed once (CRC-32) and a shingle's hash mixes its words' hashes in order, so
    no shingle string is ever built.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint64)
    word_hashes = np.fromiter((zlib.crc32(word.encode("utf-8")) for word in words), dtype=np.uint64,
                              count=len(words))
    width = min(SHINGLE_SIZE, len(words))
    count = len(words) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for position in range(width):
        mixed = (mixed ^ word_hashes[position:position + count]) * _WORD_MULTIPLIERS[position]
    return np.unique(mixed >> np.uint64(32))  # the best-mixed high half


def signature_of(text: str) -> Signature:
    """The MinHash signature of a cleaned text: per permutation, the least permuted shingle hash."""
    signature = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    hashes = shingle_hashes(text)
    for start in range(0, len(hashes), _SHINGLES_PER_STEP):
        permuted = (_PERMUTATION_A * hashes[start:start + _SHINGLES_PER_STEP] + _PERMUTATION_B) % _MERSENNE_PRIME
        permuted &= _MAX_HASH
        np.minimum(signature, permuted.min(axis=1), out=signature)
    return signature.astype(np.uint32)


def estimated_jaccard(first: Signature, second: Signature) -> float:
    return float(np.count_nonzero(first == second)) / len(first)


class MatchStore(Protocol):
    """Where an LSH index outlives the run (state.StateStore): members are inputs by their key."""

    def dedup_member(self, key: str) -> tuple[int, list[int]] | None: ...
    def dedup_candidates(self, band_keys: list[int]) -> list[tuple[int, Signature]]: ...
    def add_dedup_member(self, key: str, signature: Signature, band_keys: list[int], matches: list[int]) -> int: ...


class Deduplicator:
    """Remembers every article seen and tells, for each new one, which earlier one it copies.

    Memory per article is about 200 bytes, so a run over a million articles fits: the LSH band
    keys and an index of ids by hash live in sorted numpy arrays; the signatures, needed only to
    confirm a candidate, and the ids, needed only to name a canonical article or confirm a
    repeated id, in temporary files. Exact copies need no table of their own: equal texts have
    equal signatures, so the LSH finds them, and the earliest match is the same one.

    `store`: keep the LSH index, and which inputs match which, in the state store instead, so a
    rerun queries the LSH only for inputs it has never seen; each decision is still the one a
    full run makes, since it depends only on which earlier articles of this run match.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, store: MatchStore | None = None) -> None:
        # Entries are insertion numbers, so the earliest matching candidate is the smallest.
        self._index = _RunIndex(threshold) if store is None else _StoredIndex(store, threshold)
        self._ids_by_hash = _KeyIndex()  # CRC-32 of the article_id -> entries
        self._ids = _RecordFile()
        self._canonical_entry = array("I")  # per entry: the entry of the article it copies, or itself
        self._entry_of_empty_text: dict[str, int] = {}  # texts without words: only equality

    def has_seen(self, article_id: str) -> bool:
        """Whether an article with this id was already remembered."""
        return any(self._ids.read(entry) == article_id.encode("utf-8")
                   for entry in self._ids_by_hash.entries_sharing([_id_key(article_id)]))

    def find_duplicate(self, article: Article, signature: Signature | None = None, key: str = "") -> str | None:
        """The article_id of the first-seen article this one copies, or None; then remember it.

        The answer is always a canonical (first-seen) article, so chains of copies
        (C copies B, B copies A) all point at A. `signature`: one computed earlier (by a
        worker, or stored by an earlier run), to skip computing it again. `key`: the input's
        state key, which names it in a store.
        """
        if signature is None:
            signature = signature_of(article.text)
        entry = len(self._canonical_entry)
        if (signature == _MAX_HASH).all():  # a text without words: only an equal text can match
            match = self._entry_of_empty_text.setdefault(article.text_hash, entry)
            canonical = None if match == entry else self._canonical_entry[match]
        else:
            earlier = self._index.earlier_matches(entry, signature, key)
            canonical = self._canonical_entry[min(earlier)] if earlier else None
        self._canonical_entry.append(entry if canonical is None else canonical)
        self._ids.append(article.article_id.encode("utf-8"))
        self._ids_by_hash.insert([_id_key(article.article_id)], entry)
        return None if canonical is None else self._ids.read(canonical).decode("utf-8")


class _RunIndex:
    """The LSH of this run alone: band keys in memory, signatures in a temporary file."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._bands = _KeyIndex()  # band keys -> slots
        self._signatures = _RecordFile()  # by slot
        self._entries = array("I")  # by slot: its entry (texts without words have no slot)

    def earlier_matches(self, entry: int, signature: Signature, key: str) -> list[int]:
        """The earlier entries whose signatures match this one; then this one joins the index."""
        band_keys = _band_keys(signature).tolist()
        found = [self._entries[slot] for slot in self._bands.entries_sharing(band_keys)
                 if estimated_jaccard(self._signatures.read_signature(slot), signature) >= self.threshold]
        self._bands.insert(band_keys, len(self._entries))
        self._signatures.append(signature.astype("<u4").tobytes())
        self._entries.append(entry)
        return found


class _StoredIndex:
    """The LSH of every run so far, in a MatchStore: an input seen in an earlier run brings the
    inputs it matches from the store, without a query; only a new input is looked up (against
    every input ever stored) and stored with its matches. Matches with inputs that are not in
    this run, or come later in it, are ignored until then."""

    def __init__(self, store: MatchStore, threshold: float) -> None:
        self.threshold = threshold
        self._store = store
        self._entry_of_member = array("I")  # by member number: 1 + its entry in this run, 0 if not seen yet

    def earlier_matches(self, entry: int, signature: Signature, key: str) -> list[int]:
        """The entries of this run, all earlier, whose inputs match this one's."""
        known = self._store.dedup_member(key)
        if known is None:
            band_keys = _band_keys(signature).tolist()
            matches = [member for member, other in self._store.dedup_candidates(band_keys)
                       if estimated_jaccard(other, signature) >= self.threshold]
            member = self._store.add_dedup_member(key, signature, band_keys, matches)
        else:
            member, matches = known
        found = [self._entry_of_member[match] - 1 for match in matches
                 if match < len(self._entry_of_member) and self._entry_of_member[match]]
        if member >= len(self._entry_of_member):
            self._entry_of_member.extend([0] * (member + 1 - len(self._entry_of_member)))
        self._entry_of_member[member] = entry + 1
        return found


def _id_key(article_id: str) -> int:
    return zlib.crc32(article_id.encode("utf-8"))


_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_BAND_MULTIPLIER = np.uint64(0x100000001B3)


def _band_keys(signature: Signature) -> np.ndarray:
    """One 32-bit key per band: a hash of the band's rows, salted by band number. Two bands whose
    keys collide only cost one extra signature read."""
    rows = signature[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = _BAND_SALT.copy()
    for column in rows.T:
        keys = (keys ^ column) * _BAND_MULTIPLIER
    return (keys >> np.uint64(32)).astype(np.uint32)  # the best-mixed high half


class _RecordFile:
    """Byte strings by entry number in an unbuffered temporary file; memory keeps 8 bytes of
    offset an entry."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(buffering=0)
        self._ends = array("Q")

    def append(self, data: bytes) -> None:
        self._file.write(data)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(data))

    def read(self, entry: int) -> bytes:
        start = self._ends[entry - 1] if entry else 0
        return os.pread(self._file.fileno(), self._ends[entry] - start, start)

    def read_signature(self, entry: int) -> Signature:
        return np.frombuffer(self.read(entry), dtype="<u4")


class _KeyIndex:
    """Which entries were inserted under a 32-bit key (several keys an entry, several entries a key).

    Recent keys sit in a dict; every RECENT_ENTRIES entries they go into a sorted run of 64-bit
    numbers, key in the high half and entry in the low half, and runs of similar size are merged
    (sorting in place: a merge briefly needs twice the merged run, no index arrays). A lookup is
    a few binary searches; memory is 8 bytes a key.
    """

    def __init__(self) -> None:
        self._recent: dict[int, list[int]] = {}
        self._recent_entries = 0
        self._runs: list[np.ndarray] = []  # largest first

    def entries_sharing(self, keys: list[int]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found.update(self._recent.get(key, ()))
        if self._runs:
            lowest = np.asarray(keys, dtype=np.uint64) << np.uint64(32)
            highest = lowest | _LOW_HALF
            for run in self._runs:
                low, high = np.searchsorted(run, lowest, side="left"), np.searchsorted(run, highest, side="right")
                for start, stop in zip(low[high > low].tolist(), high[high > low].tolist()):
                    found.update((run[start:stop] & _LOW_HALF).tolist())
        return found

    def insert(self, keys: list[int], entry: int) -> None:
        for key in keys:
            self._recent.setdefault(key, []).append(entry)
        self._recent_entries += 1
        if self._recent_entries >= RECENT_ENTRIES:
            self._flush()

    def _flush(self) -> None:
        packed = array("Q")
        for key, key_entries in self._recent.items():
            packed.extend((key << 32) | entry for entry in key_entries)
        self._recent, self._recent_entries = {}, 0
        run = np.frombuffer(packed, dtype=np.uint64).copy()
        run.sort()
        self._runs.append(run)
        while len(self._runs) > 1 and len(self._runs[-1]) >= len(self._runs[-2]):
            newer, older = self._runs.pop(), self._runs.pop()
            merged = np.concatenate([older, newer])
            del older, newer
            merged.sort(kind="stable")  # two sorted halves: timsort merges them in one pass
            self._runs.append(merged)


_LOW_HALF = np.uint64(0xFFFFFFFF)
