"""Throughput and memory of the pipeline against bare spaCy tokenization, on a synthetic corpus.

    python bench/bench.py [--articles N] [--mix news on-topic] [--workers 1 2] [--engine local|dask]
    python bench/bench.py --scale 10000 100000
    python bench/bench.py --rerun --articles 3000 [--new-share 0.01]

The corpus (bench/corpus.py: JSONL shards and saved HTML pages, republished copies, numbers in
digits and words) is generated once per (N, mix, seed) and kept in --corpus-dir. Each pipeline
run is the real command line, `python -m pipeline run`, in a child process, so its peak RSS is
its own; the bare `spacy.blank("id")` tokenization (`nlp.pipe`), the baseline of every ratio,
runs in this process on the same article bodies, in the same run, and so does the pipeline's
own tokenizer (the same tokens, faster: pipeline/extract.py says why) for comparison. Compare ratios, not absolute figures: the machines are
shared and noisy. Never a unit test.

--scale runs the news mix at each size with one worker and prints how peak RSS grows.

--rerun measures incremental runs into one output folder, as ratios of a full run in the same
invocation: a full run of N articles, a rerun with nothing new, then a rerun after the corpus
grew by --new-share (the corpus of N(1 + share) articles: its first N articles are the same,
so the last JSONL shard grows and new HTML pages appear, as a crawl's export does). The input
folder is a mirror of hard links, where only files whose bytes changed are replaced.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import Manifest, corpus, input_folder, texts  # noqa: E402
from pipeline.extract import TOKENIZER_CONFIG  # noqa: E402

DEFAULT_CORPUS_DIR = Path(tempfile.gettempdir()) / "kekerasan-bench"


@dataclass
class Run:
    seconds: float
    peak_process_mb: float  # the largest single process (the batch, or one worker)
    peak_total_mb: float  # all processes of the run together, sampled every 0.1 s
    summary: str  # the pipeline's own last line


def run_pipeline(folder: Path, workers: int, engine: str) -> Run:
    """One full run of the command line on the corpus, timed, with its peak memory."""
    with tempfile.TemporaryDirectory() as out:
        return timed_run(input_folder(folder), Path(out), workers, engine, full=True)


def timed_run(inputs: Path, out: Path, workers: int = 1, engine: str = "local", full: bool = False) -> Run:
    """The command line on `inputs` into `out`, timed, with its peak memory; `full` ignores the state."""
    command = [sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out),
               "--quiet", "--workers", str(workers), "--engine", engine, *(["--full"] if full else [])]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    sampler = _TreeSampler(child.pid)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    sampler.stop()
    output = child.stdout.read().strip()
    child.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"pipeline failed: {' '.join(command)}")
    # ru_maxrss of a waited-for child covers the child and its own waited-for children (KB on Linux).
    return Run(seconds, usage.ru_maxrss / 1024, max(sampler.peak_mb, usage.ru_maxrss / 1024),
               output.splitlines()[-1] if output else "")


class _TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants (pool and Dask workers)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process, self.peak_mb = psutil.Process(pid), 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak_mb = max(self.peak_mb, sum(_rss(p) for p in tree) / 2**20)
            except psutil.Error:
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def tokenize_seconds(folder: Path, nlp: spacy.language.Language) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts(folder), batch_size=256):
        pass
    return time.perf_counter() - started


def prepared(corpus_dir: Path, articles: int, mix: str, seed: int) -> tuple[Path, Manifest]:
    folder = corpus_dir / f"{mix}-{articles}-seed{seed}"
    print(f"corpus {folder} ...", flush=True)
    return folder, corpus(folder, articles, mix, seed)


def compare(args: argparse.Namespace) -> None:
    for mix in args.mix:
        folder, manifest = prepared(args.corpus_dir, args.articles, mix, args.seed)
        megabytes = manifest.text_bytes / 1e6
        print(f"\n{mix} mix: {manifest.articles} articles ({manifest.on_topic} on topic, "
              f"{manifest.republished} republished, {manifest.html_pages} as HTML pages), "
              f"{megabytes:.1f} MB of text, {manifest.input_bytes / 1e6:.1f} MB on disk")
        tokenize = tokenize_seconds(folder, spacy.blank("id"))
        print(f"  bare tokenization        {manifest.articles / tokenize:8.1f} articles/s "
              f"{megabytes / tokenize:6.2f} MB/s  (spacy.blank(\"id\"): the baseline of every ratio)")
        ours = tokenize_seconds(folder, spacy.blank("id", config=TOKENIZER_CONFIG))
        print(f"  the pipeline's tokenizer {manifest.articles / ours:8.1f} articles/s "
              f"{megabytes / ours:6.2f} MB/s  x{tokenize / ours:5.2f} tokenization (same tokens)")
        single = None
        for workers in args.workers:
            run = run_pipeline(folder, workers, args.engine)
            single = single or run.seconds
            print(f"  pipeline, {workers} worker(s)     {manifest.articles / run.seconds:8.1f} articles/s "
                  f"{megabytes / run.seconds:6.2f} MB/s  x{tokenize / run.seconds:5.2f} tokenization  "
                  f"x{single / run.seconds:4.2f} one worker  peak RSS {run.peak_process_mb:5.0f} MB "
                  f"(all processes {run.peak_total_mb:5.0f} MB)", flush=True)
            print(f"    {run.summary}")


def scale(args: argparse.Namespace) -> None:
    first = None
    for articles in args.scale:
        folder, _ = prepared(args.corpus_dir, articles, "news", args.seed)
        run = run_pipeline(folder, 1, "local")
        first = first or run.peak_process_mb
        print(f"  {articles:>9} articles: {articles / run.seconds:7.1f} articles/s, peak RSS "
              f"{run.peak_process_mb:5.0f} MB ({100 * (run.peak_process_mb / first - 1):+.0f}% from "
              f"{args.scale[0]} articles)\n    {run.summary}", flush=True)


def mirror(source: Path, target: Path) -> int:
    """Make target hold source's files as hard links; a file whose bytes are already there is
    left alone (same inode, same mtime), as an unchanged file of a growing crawl. Returns how
    many files were added or replaced."""
    changed = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        copy = target / path.relative_to(source)
        if copy.exists() and filecmp.cmp(path, copy, shallow=False):
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.unlink(missing_ok=True)
        os.link(path, copy)
        changed += 1
    return changed


def rerun(args: argparse.Namespace) -> None:
    grown_articles = round(args.articles * (1 + args.new_share))
    for mix in args.mix:
        base, _ = prepared(args.corpus_dir, args.articles, mix, args.seed)
        grown, _ = prepared(args.corpus_dir, grown_articles, mix, args.seed)
        with tempfile.TemporaryDirectory() as work:
            inputs, out = Path(work) / "input", Path(work) / "out"
            mirror(input_folder(base), inputs)
            full = timed_run(inputs, out, full=True)
            print(f"\n{mix} mix, {args.articles} articles, one worker\n  full run             "
                  f"{full.seconds:7.2f} s\n    {full.summary}", flush=True)
            nothing = timed_run(inputs, out)
            print(f"  rerun, nothing new   {nothing.seconds:7.2f} s  {nothing.seconds / full.seconds:6.1%} of the "
                  f"full run\n    {nothing.summary}", flush=True)
            changed = mirror(input_folder(grown), inputs)
            more = timed_run(inputs, out)
            print(f"  rerun, +{grown_articles - args.articles} articles ({changed} files new or grown) "
                  f"{more.seconds:7.2f} s  {more.seconds / full.seconds:6.1%} of the full run\n    {more.summary}",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--mix", nargs="+", choices=["news", "on-topic"], default=["news", "on-topic"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--scale", nargs="+", type=int, metavar="N",
                        help="instead: peak RSS of the news mix at each size, one worker")
    parser.add_argument("--corpus-dir", type=Path, default=DEFAULT_CORPUS_DIR,
                        help=f"where generated corpora are kept for reuse (default: {DEFAULT_CORPUS_DIR})")
    parser.add_argument("--rerun", action="store_true",
                        help="instead: a full run, a rerun with nothing new and one with --new-share new "
                             "articles, one worker")
    parser.add_argument("--new-share", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.rerun:
        rerun(args)
    else:
        scale(args) if args.scale else compare(args)


if __name__ == "__main__":
    main()
