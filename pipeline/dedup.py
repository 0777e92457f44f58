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

import re

from datasketch import MinHash, MinHashLSH

from pipeline.models import Article

# Estimated Jaccard similarity of shingle sets at or above which two articles are the
# same article republished. On the dev set republished copies score 0.82-0.98 once
# boilerplate is cleaned (0.58-0.94 even on raw page text), different articles score
# below 0.07, and a same-outlet rewrite of one press release (not a duplicate) 0.36-0.50.
DEFAULT_THRESHOLD = 0.6
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE_SIZE = 5

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


def signature_of(text: str, num_perm: int = DEFAULT_NUM_PERM,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> MinHash:
    """The MinHash signature of a cleaned text (kept separate so signatures can be stored)."""
    signature = MinHash(num_perm=num_perm)
    signature.update_batch([shingle.encode("utf-8") for shingle in shingles_of(text, shingle_size)])
    return signature


class Deduplicator:
    """Remembers every article seen and tells, for each new one, which earlier one it copies."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = DEFAULT_NUM_PERM,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        # LSH keys are insertion numbers: unique even if article ids repeat, and ordered,
        # so the earliest matching candidate is the smallest key.
        self._signatures: list[MinHash] = []
        self._canonical_of_entry: list[str] = []
        self._canonical_of_hash: dict[str, str] = {}

    def signature(self, article: Article) -> MinHash:
        return signature_of(article.text, self.num_perm, self.shingle_size)

    def find_duplicate(self, article: Article, signature: MinHash | None = None) -> str | None:
        """The article_id of the first-seen article this one copies, or None; then remember it.

        The answer is always a canonical (first-seen) article, so chains of copies
        (C copies B, B copies A) all point at A. `signature`: one computed earlier (stored
        by an earlier run), to skip computing it again.
        """
        canonical = self._canonical_of_hash.get(article.text_hash)
        if canonical is not None:
            return canonical

        if signature is None:
            signature = self.signature(article)
        if signature.is_empty():
            # A text without words has no shingles to compare; only its hash can match.
            self._canonical_of_hash[article.text_hash] = article.article_id
            return None

        canonical = self._earliest_match(signature)
        self._remember(article, signature, canonical or article.article_id)
        return canonical

    def _earliest_match(self, signature: MinHash) -> str | None:
        """The canonical id of the earliest remembered article similar enough, if any."""
        matches = [entry for entry in self._lsh.query(signature)
                   if signature.jaccard(self._signatures[entry]) >= self.threshold]
        return self._canonical_of_entry[min(matches)] if matches else None

    def _remember(self, article: Article, signature: MinHash, canonical: str) -> None:
        entry = len(self._signatures)
        self._signatures.append(signature)
        self._canonical_of_entry.append(canonical)
        self._canonical_of_hash[article.text_hash] = canonical
        self._lsh.insert(entry, signature)
