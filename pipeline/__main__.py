"""Command line: `kekerasan` (installed with the package) or `python -m pipeline`.

    kekerasan run [INPUT ...] [--out DIR]         extract and write the tables
    kekerasan evaluate GOLD_DIR [INPUT ...]       score against gold (or --output DIR)
    kekerasan report OUT_DIR                      write OUT_DIR/report.html for review

Every option is checked before any work starts (spaCy and Dask load only once the arguments
are known to be good); a bad one is a one-line error and exit 2.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .ingest import MAX_ARTICLE_BYTES
from .rules import RULES_DIR, RuleError

DISTRIBUTION = "kekerasan-pipeline"
COMMAND = "kekerasan"
# What the project ships resolves against the project folder, so a run from any folder reads the
# same corpus and rules; what a run writes (--out) goes where the user is, like any other tool.
PROJECT_DIR = RULES_DIR.parent
DEFAULT_CORPUS = PROJECT_DIR / "corpus"
DEFAULT_OUT = Path("output")

EXIT_OK, EXIT_BELOW_MIN_F1, EXIT_CANNOT_RUN = 0, 1, 2

log = logging.getLogger("pipeline")

INPUT_FORMATS = """\
inputs (files or folders; folders are walked, following links):
  *.txt           one article, plain text, its title on the first line
  *.html, *.htm   one saved web page (title, canonical URL and published date from its head)
  *.jsonl         one article per line: id, text or html, optional url, title, published, source
  Any other file, and any input that cannot be read, becomes a row of rejects with its reason."""

RUN_EPILOG = f"""\
{INPUT_FORMATS}

outputs (in --out, as .csv and .parquet, switched in as one set):
  records    one row per count (record_id): agency, region and its code, period, group,
             violence type, cases, victims, evidence (contract: ../shared/spec/RECORDS.md)
  articles   one row per input article: title, published, source, url, duplicate_of
  rejects    one row per input that gave no article, with the reason
  texts      (parquet only) each article's cleaned text, which evidence offsets point into
  spans      one row per slot of a record: where its value was read
  state.sqlite remembers each input, so a rerun processes only what is new or changed.
  report.html  with --report: the review page (see '{COMMAND} report --help')

exit codes:
  0  the batch ran (bad inputs are rejects, not failures)
  2  the run could not happen: a bad option, a missing input, a bad rule file, an output
     folder that cannot be written or is in use by another run

example:
  {COMMAND} run corpus/ more-news.jsonl --out hasil --workers 2
"""

EVALUATE_EPILOG = f"""\
Scores records against gold files, one <article_id>.json per article (RECORDS.md "Gold
files"), counted as RECORDS.md "How the scorer counts" says: the same figures as
../shared/eval/score.py. Scored is either the pipeline run on INPUT ... (in memory, nothing
written) or, with --output DIR, a folder an earlier run wrote (its records.csv, articles.csv).

{INPUT_FORMATS}

printed: true/false positives and negatives, precision, recall, F1; primary recall (the
headline record of each article) with the field the nearest prediction got wrong; agency and
publication-date accuracy; duplicate pair precision and recall; then every difference, per
article. --json prints all of it as one JSON object.

exit codes:
  0  scored (and F1 at least --min-f1, when given)
  1  F1 below --min-f1
  2  nothing could be scored: a bad option, GOLD_DIR missing, empty or holding a file that
     is not a gold file, none of the gold articles among the scored ones, a missing input,
     an output folder without records.csv, a bad rule file

examples:
  {COMMAND} evaluate tests/gold/corpus
  {COMMAND} evaluate ../shared/eval/dev/gold --output hasil --json --min-f1 0.7
"""


REPORT_EPILOG = f"""\
Writes OUT_DIR/report.html from the tables a run wrote there: one self-contained page (no
network, opens from disk) with an overview (records per province and year, counts by agency,
type and group, rejects and their reasons), a filter, and each article's cleaned text with
every record's evidence and the spans that filled its slots marked, beside its records.

exit codes:
  0  the report was written (its path is printed)
  2  it could not be: OUT_DIR missing, written by an older version, or not writable

example:
  {COMMAND} run corpus/ --out hasil --report     # a run that writes its report too
  {COMMAND} report hasil                         # the report of a run written earlier
"""


class UsageError(Exception):
    """Settings that cannot go together or name nothing; reported as one line, exit 2."""


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer of at least `minimum`, refused in plain words otherwise."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number ≥ {minimum}, got {text!r}")
        return value
    return parse


def fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1, as F1 is."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1, got {text!r}")
    return value


def package_version() -> str:
    """The installed distribution's version (pyproject takes it from pipeline.__version__)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a checkout that was never installed
        from . import __version__
        return __version__


def build_parser(prog: str) -> argparse.ArgumentParser:
    """The whole command line; `prog` is how the user called it (`kekerasan`, `python -m pipeline`)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Extract case counts of violence against women and children from "
                               "Indonesian news into one table.",
        epilog=f"'{prog} COMMAND --help' tells the inputs, outputs and exit codes of each command.")
    parser.add_argument("--version", action="version", version=f"{COMMAND} {package_version()}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="log what is done, on stderr")
    common.add_argument("--rules", type=Path, default=RULES_DIR, metavar="DIR",
                        help=f"rules folder (default: the project's, {RULES_DIR})")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, epilog: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                                   epilog=epilog, parents=[common],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    inputs_help = f"files or folders (default: the project's corpus, {DEFAULT_CORPUS})"
    run_cmd = command("run", "run the pipeline and write the output tables", RUN_EPILOG)
    run_cmd.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help=inputs_help)
    run_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                         help="output folder (default: output/ in the current folder)")
    run_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    run_cmd.add_argument("--report", action="store_true", help="also write OUT/report.html, the review page")
    run_cmd.add_argument("--full", action="store_true",
                         help="forget the earlier runs' state in the output folder and process everything")
    run_cmd.add_argument("--max-article-bytes", type=whole_number(1), default=MAX_ARTICLE_BYTES, metavar="N",
                         help=f"reject larger articles (default: {MAX_ARTICLE_BYTES})")
    run_cmd.add_argument("--workers", type=whole_number(1), default=1, metavar="N",
                         help="processes doing the per-article work (default: 1, this process)")
    run_cmd.add_argument("--engine", choices=["local", "dask"], default="local",
                         help="local: this machine's processes; dask: a Dask cluster (default: local)")
    run_cmd.add_argument("--scheduler", metavar="tls://HOST:PORT",
                         help="with --engine dask: the cluster's scheduler, tls:// (certificates from "
                              "Dask's configuration) or unauthenticated tcp:// (default: a LocalCluster "
                              "of --workers processes)")

    eval_cmd = command("evaluate", "score records against gold files", EVALUATE_EPILOG)
    eval_cmd.add_argument("gold", type=Path, metavar="GOLD_DIR",
                          help="folder of <article_id>.json gold files (RECORDS.md)")
    eval_cmd.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help=inputs_help)
    eval_cmd.add_argument("--output", type=Path, metavar="DIR",
                          help="score this output folder of an earlier run instead of running on INPUT")
    eval_cmd.add_argument("--json", action="store_true", help="print the figures and differences as JSON")
    eval_cmd.add_argument("--min-f1", type=fraction, metavar="X",
                          help="exit 1 when the record F1 is below X (0 to 1)")
    report_cmd = command("report", "write the review page of an output folder", REPORT_EPILOG)
    report_cmd.add_argument("out", type=Path, metavar="OUT_DIR", help="an output folder a run wrote")
    return parser


def check_settings(args: argparse.Namespace) -> None:
    """Every check of the parsed settings in one place, before any work: raises UsageError."""
    if args.command == "evaluate" and args.output is not None:
        if args.inputs:
            raise UsageError("give INPUT ... or --output DIR, not both")
        if not (args.output / "records.csv").is_file():
            raise UsageError(f"{args.output} holds no pipeline output (no records.csv)")
    elif args.command != "report" and not args.inputs:
        args.inputs = [DEFAULT_CORPUS]
    missing = [str(p) for p in [*getattr(args, "inputs", []), getattr(args, "gold", None)] if p and not p.exists()]
    if missing:
        raise UsageError(f"no such input: {', '.join(missing)}")
    if args.command == "run" and args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")


def configure_logging(verbose: bool) -> None:
    """-v: the pipeline's INFO messages on stderr (the current one: tests swap it)."""
    for handler in [h for h in log.handlers if getattr(h, "_from_cli", False)]:
        log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    handler._from_cli = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    log.setLevel(logging.INFO if verbose else logging.WARNING)


def main(argv: list[str] | None = None, prog: str = "python -m pipeline") -> int:
    """Parse, check, run one command; the exit code (EXIT_*)."""
    args = build_parser(prog).parse_args(argv)
    configure_logging(args.verbose)
    try:
        check_settings(args)
        log.info("rules: %s", args.rules)
        return {"run": _run, "evaluate": _evaluate, "report": _report}[args.command](args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
    except RuleError as error:
        print(f"error: bad rule file: {error}", file=sys.stderr)
    return EXIT_CANNOT_RUN


def console() -> None:
    """The `kekerasan` console script."""
    sys.exit(main(prog=COMMAND))


def _run(args: argparse.Namespace) -> int:
    from .batch import EngineChoice, run
    from .engines import EngineError
    from .write import OutputError

    log.info("inputs: %s; output: %s; engine: %s, %d worker(s)", ", ".join(map(str, args.inputs)),
             args.out, args.engine, args.workers)
    try:
        summary = run(args.inputs, args.out, args.rules, progress=not args.quiet,
                      max_article_bytes=args.max_article_bytes, full=args.full,
                      engine=EngineChoice(args.engine, args.workers, args.scheduler))
    except (EngineError, OutputError) as error:
        raise UsageError(str(error)) from error
    except OSError as error:
        raise UsageError(f"cannot write output to {args.out}: {error}") from error
    print(summary.line())
    return _report(args) if args.report else EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .report import ReportError, write_report

    try:
        path = write_report(args.out)
    except ReportError as error:
        raise UsageError(str(error)) from error
    log.info("report written")
    print(f"report: {path}")
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import GoldError, Predictions, TablesError, load_gold, score

    try:
        gold = load_gold(args.gold)
        log.info("gold: %d articles from %s", len(gold), args.gold)
        if args.output is not None:
            log.info("scoring the output folder %s", args.output)
            predicted = Predictions.from_output(args.output)
        else:
            from .batch import process
            log.info("running on %s", ", ".join(map(str, args.inputs)))
            predicted = Predictions.from_batch(process(args.inputs, args.rules))
    except (GoldError, TablesError) as error:
        raise UsageError(str(error)) from error
    result = score(gold, predicted)
    if result.articles_missing == result.articles:
        raise UsageError(f"none of the {result.articles} gold articles in {args.gold} is among the scored "
                         "articles: is it the gold of these inputs?")
    if result.articles_missing:
        print(f"warning: {result.articles_missing} of the {result.articles} gold articles are not among "
              "the scored articles (their records count as false negatives)", file=sys.stderr)
    print(json.dumps(result.as_json(), indent=2, ensure_ascii=False) if args.json else result.report())
    if args.min_f1 is not None and result.figures()["f1"] < args.min_f1:
        log.info("f1 %.4f is below --min-f1 %s", result.f1, args.min_f1)
        return EXIT_BELOW_MIN_F1
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
