"""Shared fixtures: the spaCy pipeline takes seconds to build, so the suite builds it once."""
from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.extract import build_nlp
from pipeline.models import RawDocument, Record
from pipeline.normalize import normalize


@pytest.fixture(scope="session")
def nlp():
    return build_nlp()


@pytest.fixture(scope="session")
def extract(nlp):
    """Text of an article -> its records, through clean, extract and normalize as a batch does."""
    def run(text: str, published: str | None = "2024-07-15") -> list[Record]:
        article = clean(RawDocument(article_id="uji", source_path="uji.txt", text=text, published=published))
        return normalize(article, nlp(article.text)._.candidates)
    return run
