"""Command line: `python -m pipeline run [INPUT ...] [--out DIR]` and
`python -m pipeline evaluate GOLD_DIR [INPUT ...]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .ingest import MAX_ARTICLE_BYTES
from .rules import RULES_DIR, RuleError


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="Extract violence case counts from Indonesian news.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="run the pipeline and write the output tables")
    run_cmd.add_argument("inputs", nargs="*", default=["corpus"], help="files or folders (default: corpus/)")
    run_cmd.add_argument("--out", default="output", help="output folder (default: output/)")
    run_cmd.add_argument("--rules", default=str(RULES_DIR), help="rules folder (default: rules/)")
    run_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    run_cmd.add_argument("--full", action="store_true",
                         help="forget the earlier runs' state in the output folder and process everything")
    run_cmd.add_argument("--max-article-bytes", type=_positive_int, default=MAX_ARTICLE_BYTES,
                         help=f"reject larger articles (default: {MAX_ARTICLE_BYTES})")
    run_cmd.add_argument("--workers", type=_positive_int, default=1,
                         help="processes doing the per-article work (default: 1, this process)")
    run_cmd.add_argument("--engine", choices=["local", "dask"], default="local",
                         help="local: this machine's processes; dask: a Dask cluster (default: local)")
    run_cmd.add_argument("--scheduler", metavar="tls://HOST:PORT",
                         help="with --engine dask: the cluster's scheduler, tls:// (certificates from "
                              "Dask's configuration) or unauthenticated tcp:// (default: a LocalCluster "
                              "of --workers processes)")
    eval_cmd = commands.add_parser("evaluate", help="run the pipeline and score it against gold files")
    eval_cmd.add_argument("gold", help="folder of <article_id>.json gold files (RECORDS.md)")
    eval_cmd.add_argument("inputs", nargs="*", default=["corpus"], help="files or folders (default: corpus/)")
    eval_cmd.add_argument("--rules", default=str(RULES_DIR), help="rules folder (default: rules/)")
    args = parser.parse_args(argv)

    missing = [p for p in [*args.inputs, getattr(args, "gold", None)] if p and not Path(p).exists()]
    if missing:
        print(f"error: no such input: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        return _evaluate(args) if args.command == "evaluate" else _run(args)
    except RuleError as error:
        print(f"error: bad rule file: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    # spaCy and Dask load only once the arguments are known to be good.
    from .batch import EngineChoice, run
    from .engines import EngineError
    from .write import OutputError

    if args.scheduler and args.engine != "dask":
        print("error: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    try:
        summary = run(args.inputs, Path(args.out), Path(args.rules), progress=not args.quiet,
                      max_article_bytes=args.max_article_bytes, full=args.full,
                      engine=EngineChoice(args.engine, args.workers, args.scheduler))
    except (EngineError, OutputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write output to {args.out}: {error}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from .batch import process
    from .evaluate import load_gold, score

    try:
        gold = load_gold(Path(args.gold))
    except (OSError, ValueError) as error:
        print(f"error: cannot read gold files in {args.gold}: {error}", file=sys.stderr)
        return 2
    print(score(gold, process(args.inputs, Path(args.rules))).report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
