"""Write a synthetic corpus folder the pipeline reads: JSONL shards and saved HTML pages.

Layout of a corpus folder (what `--keep DIR` keeps for reuse):

    manifest.json           what was generated (N, mix, seed, counts, bytes)
    texts.jsonl             every article body, for the bare-tokenization timing
    input/jsonl/shard-NNNN.jsonl   up to 10,000 articles per file
    input/html/NNNN/<id>.html      about 10% of articles, one saved page each

Generation streams: articles are written as they are made, and only a bounded window of
recent ones is kept (to republish), so a million articles need no more memory than a thousand.
"""
from __future__ import annotations

import html
import json
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from bench.articles import ArticleFactory, Article
from bench.language import Language
from pipeline.rules import default_rules

GENERATOR_VERSION = 1  # bump when the generated text changes, so kept corpora are rebuilt
SHARD_SIZE = 10_000
HTML_FOLDER_SIZE = 1_000
HTML_SHARE = 0.10
REPUBLISHED_SHARE = 0.05
NEWS_MIX_ON_TOPIC_SHARE = 0.10
# The pipeline's cheap topic test looks for these; pseudo-words must not contain them by accident.
TOPIC_WORDS = ("kekerasan", "kta")


@dataclass(frozen=True)
class Manifest:
    articles: int
    mix: str
    seed: int
    on_topic: int
    republished: int
    html_pages: int
    input_bytes: int  # on disk, page chrome and JSON included
    text_bytes: int  # UTF-8 bodies: what both the pipeline and bare tokenization read
    version: int = GENERATOR_VERSION


def input_folder(folder: Path) -> Path:
    return folder / "input"


def corpus(folder: Path, articles: int, mix: str, seed: int) -> Manifest:
    """The corpus in `folder`, reused when it was generated with the same settings."""
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        manifest = Manifest(**json.loads(manifest_path.read_text()))
        if (manifest.articles, manifest.mix, manifest.seed, manifest.version) == (articles, mix, seed, GENERATOR_VERSION):
            return manifest
    return write_corpus(folder, articles, mix, seed)


def texts(folder: Path) -> Iterator[str]:
    """Every article body, streamed: what the pipeline reads, without the page or JSON around it."""
    with open(folder / "texts.jsonl", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def generate(articles: int, mix: str, seed: int) -> Iterator[tuple[Article, bool]]:
    """Yield each article and whether it is saved as an HTML page, deterministically for a seed."""
    rng = random.Random(seed)
    rules = default_rules()
    banned = {*TOPIC_WORDS, *rules.violence_types}
    language = Language(rng, np.random.default_rng(seed), banned)
    factory = ArticleFactory(language, [r for r in rules.regions.values() if r.code != "00"], rng)
    on_topic_share = 1.0 if mix == "on-topic" else NEWS_MIX_ON_TOPIC_SHARE
    for index in range(articles):
        article_id = f"bench-{index:07d}"
        article = factory.republished(article_id) if rng.random() < REPUBLISHED_SHARE else None
        if article is None:
            article = factory.on_topic(article_id) if rng.random() < on_topic_share else factory.off_topic(article_id)
        yield article, rng.random() < HTML_SHARE


def write_corpus(folder: Path, articles: int, mix: str, seed: int) -> Manifest:
    root = input_folder(folder)
    if root.exists():
        for stale in sorted(root.rglob("*"), reverse=True):  # files first, then their folders
            stale.unlink() if stale.is_file() else stale.rmdir()
    (root / "jsonl").mkdir(parents=True, exist_ok=True)
    counts = {"on_topic": 0, "republished": 0, "html_pages": 0, "input_bytes": 0, "text_bytes": 0}
    shard, shard_lines = None, SHARD_SIZE
    with open(folder / "texts.jsonl", "w", encoding="utf-8") as bodies:
        for index, (article, as_html) in enumerate(generate(articles, mix, seed)):
            body = article.body
            body_bytes = len(body.encode("utf-8"))
            counts["text_bytes"] += body_bytes
            counts["on_topic"] += article.on_topic
            counts["republished"] += article.copy_of is not None
            bodies.write(json.dumps(body, ensure_ascii=False) + "\n")
            if as_html:
                page = html_page(article, index).encode("utf-8")
                path = root / "html" / f"{index // HTML_FOLDER_SIZE:04d}" / f"{article.article_id}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(page)
                counts["html_pages"] += 1
                counts["input_bytes"] += len(page)
                continue
            if shard_lines >= SHARD_SIZE:
                if shard:
                    shard.close()
                shard = open(root / "jsonl" / f"shard-{index // SHARD_SIZE:04d}.jsonl", "w", encoding="utf-8")
                shard_lines = 0
            line = json_line(article, index) + "\n"
            shard.write(line)
            shard_lines += 1
            counts["input_bytes"] += len(line.encode("utf-8"))
    if shard:
        shard.close()
    manifest = Manifest(articles=articles, mix=mix, seed=seed, **counts)
    (folder / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2))
    return manifest


def json_line(article: Article, index: int) -> str:
    """A crawler's JSONL row; one in five leaves out the published date, as exports often do."""
    row = {"id": article.article_id, "url": article.url, "title": article.title, "source": article.outlet.name,
           "published": article.published.strftime("%Y-%m-%dT%H:%M:%S+07:00") if index % 5 else None,
           "text": article.body}
    return json.dumps(row, ensure_ascii=False)


NAV_SECTIONS = ["Beranda", "Nasional", "Daerah", "Ekonomi", "Politik", "Hukum", "Olahraga", "Hiburan",
                "Teknologi", "Gaya Hidup", "Kesehatan", "Pendidikan", "Otomotif", "Wisata", "Opini", "Video", "Foto",
                "Indeks"]
ANALYTICS = ("window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());"
             "gtag('config','G-BENCH000');var adSlots=[" + ",".join(f"'slot-{n}'" for n in range(40)) + "];"
             "(function(d){var s=d.createElement('script');s.async=true;s.src='https://ads.example/tag.js';"
             "d.head.appendChild(s);})(document);")
STYLE = "".join(f".c{n}{{margin:{n % 7}px;padding:{n % 5}px;font-size:{12 + n % 6}px}}" for n in range(120))


def html_page(article: Article, index: int) -> str:
    """A saved news page: head metadata, navigation, share bar, 'Baca juga' links, sidebar, footer."""
    e = html.escape
    outlet, when = article.outlet, article.published
    iso = when.strftime("%Y-%m-%dT%H:%M:%S+07:00")
    # Half the pages date themselves in <meta>, the other half only with <time> in the article.
    published_meta = f'<meta property="article:published_time" content="{iso}">' if index % 2 else ""
    paragraphs = [f"<p>{e(p)}</p>" for p in article.paragraphs]
    related = f'<p><strong>Baca juga:</strong> <a href="https://www.{outlet.domain}/berita/{index + 7}">' \
              f'{e(article.title)} Jadi Sorotan Warga</a></p>'
    paragraphs.insert(min(2, len(paragraphs)), related)
    nav = "".join(f'<li><a href="/{s.lower().replace(" ", "-")}">{s}</a></li>' for s in NAV_SECTIONS)
    popular = "".join(f'<li><a href="/berita/{index * 3 + n}">Berita Terpopuler Nomor {n} Hari Ini</a></li>'
                      for n in range(1, 11))
    tags = "".join(f'<a href="/tag/{t}">{t}</a>' for t in ("daerah", "berita-terkini", outlet.domain.split(".")[0]))
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(article.title)} - {e(outlet.name)}</title>
<meta name="description" content="{e(article.paragraphs[0][:150])}">
<meta property="og:title" content="{e(article.title)}">
<meta property="og:site_name" content="{e(outlet.name)}">
<meta property="og:url" content="{e(article.url)}">
{published_meta}
<link rel="canonical" href="{e(article.url)}">
<style>{STYLE}</style>
<script>{ANALYTICS}</script>
</head>
<body>
<header class="site-header"><a class="logo" href="/">{e(outlet.name)}</a>
<nav class="navbar"><ul>{nav}</ul></nav></header>
<div class="breadcrumb"><a href="/">Beranda</a> › <a href="/daerah">Daerah</a></div>
<main>
<article>
<h1>{e(article.title)}</h1>
<div class="meta"><span class="author">Penulis: Redaksi {e(outlet.name)}</span>
<time datetime="{iso}">{when:%d/%m/%Y %H:%M} WIB</time></div>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Salin Tautan</a></div>
<figure><img src="https://img.{outlet.domain}/{index}.jpg" alt=""><figcaption>Ilustrasi. (Foto: Dok. {e(outlet.name)})</figcaption></figure>
<div class="article-body">
{chr(10).join(paragraphs)}
</div>
<div class="ads-inline">Iklan</div>
<div class="tags">{tags}</div>
</article>
<aside class="sidebar"><h3>Terpopuler</h3><ol class="popular-list">{popular}</ol></aside>
</main>
<footer class="site-footer"><p>Copyright © {when.year} {e(outlet.name)}. All rights reserved.</p>
<a href="/redaksi">Redaksi</a> <a href="/pedoman">Pedoman Media Siber</a> <a href="/kontak">Kontak</a></footer>
<script>document.querySelectorAll('.share-buttons a').forEach(function(a){{a.rel='noopener';}});</script>
</body>
</html>
"""
