"""Throughput and memory of the pipeline against bare spaCy tokenization, on a synthetic corpus.

    python bench/bench.py [--articles N] [--mix news|on-topic] [--seed S]

Prints articles/s, MB/s and peak RSS for the whole batch (ingest to normalize, outputs not
written), and, on the same texts in the same run, bare `spacy.blank("id")` tokenization with
`nlp.pipe`, with the ratio between the two. Compare ratios, not absolute figures: the machines
are shared and noisy. Never a unit test.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.batch import process  # noqa: E402
from pipeline.extract import build_nlp  # noqa: E402
from pipeline.rules import default_rules  # noqa: E402

AGENCIES = ["DP3A", "DP3AKB", "DP3AP2KB", "UPTD PPA", "P2TP2A", "Polres", "Dinas PPPA"]
NUMBER_WORDS = ["tujuh", "sebelas", "dua puluh lima", "seratus", "tiga puluh dua"]
MONTHS = ["Januari", "Maret", "Juni", "September", "Oktober"]
FILLER = ("Kepala dinas meminta masyarakat berani melapor dan mengajak sekolah ikut mencegah. "
          "Pendampingan psikologis diberikan kepada setiap korban bersama tim dari rumah sakit daerah. ")
OFF_TOPIC = [
    "Harga cabai rawit di pasar induk turun menjelang akhir pekan, pedagang menyebut pasokan melimpah.",
    "Tim sepak bola daerah menang 3-1 dalam laga uji coba di stadion kabupaten pada Minggu sore.",
    "Pemerintah kota meresmikan jembatan baru sepanjang 120 meter yang menghubungkan dua kecamatan.",
    "Curah hujan tinggi diperkirakan terjadi selama sepekan ke depan, warga diminta waspada banjir.",
]


def on_topic_article(rng: random.Random, regions: list[str]) -> str:
    region, agency, year = rng.choice(regions), rng.choice(AGENCIES), rng.randint(2015, 2025)
    cases = rng.choice([str(rng.randint(5, 1500)), rng.choice(NUMBER_WORDS)])
    anak, perempuan = rng.randint(1, 60), rng.randint(1, 60)
    period = rng.choice([f"sepanjang {year}", f"sejak Januari hingga {rng.choice(MONTHS)} {year}",
                         f"pada semester pertama {year}"])
    return (f"Kekerasan Perempuan dan Anak di {region}\n\n{agency} {region} mencatat {cases} kasus kekerasan "
            f"terhadap perempuan dan anak {period}. Dari jumlah itu, {anak} kasus menimpa anak dan "
            f"{perempuan} kasus menimpa perempuan. {FILLER * rng.randint(1, 4)}")


def off_topic_article(rng: random.Random) -> str:
    """Sentences of shuffled words: as varied as real news, so they are not near-duplicates."""
    vocabulary = " ".join(OFF_TOPIC).replace(",", "").replace(".", "").split()
    sentences = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 20))).capitalize() + "."
                 for _ in range(rng.randint(8, 20))]
    return "Berita Daerah\n\n" + " ".join(sentences)


def corpus(n: int, mix: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    regions = [r.name for r in default_rules().regions.values() if r.code != "00"]
    texts = []
    for _ in range(n):
        if texts and rng.random() < 0.05:
            texts.append("Sumber: kantor berita\n" + rng.choice(texts))  # a republished copy
        elif mix == "on-topic" or rng.random() < 0.1:
            texts.append(on_topic_article(rng, regions))
        else:
            texts.append(off_topic_article(rng))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--mix", choices=["news", "on-topic"], default="news")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    texts = corpus(args.articles, args.mix, args.seed)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        path.write_text("\n".join(json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(texts)),
                        encoding="utf-8")
        nlp = build_nlp()  # built once, outside both timings
        started = time.perf_counter()
        result = process([path], nlp=nlp)
        pipeline_seconds = time.perf_counter() - started

    blank = spacy.blank("id")
    started = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=256):
        pass
    tokenize_seconds = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {args.articles} articles ({args.mix} mix), {megabytes:.1f} MB, "
          f"{len(result.records)} records, {sum(bool(a.duplicate_of) for a in result.articles)} duplicates")
    print(f"pipeline:      {args.articles / pipeline_seconds:8.0f} articles/s {megabytes / pipeline_seconds:6.2f} MB/s")
    print(f"bare tokenize: {args.articles / tokenize_seconds:8.0f} articles/s {megabytes / tokenize_seconds:6.2f} MB/s")
    print(f"ratio pipeline / tokenize: {tokenize_seconds / pipeline_seconds:.2f}")
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
