"""Command line: `python -m pipeline run [INPUT ...] [--out DIR]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .rules import RULES_DIR, RuleError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="Extract violence case counts from Indonesian news.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="run the pipeline and write the output tables")
    run_cmd.add_argument("inputs", nargs="*", default=["corpus"], help="files or folders (default: corpus/)")
    run_cmd.add_argument("--out", default="output", help="output folder (default: output/)")
    run_cmd.add_argument("--rules", default=str(RULES_DIR), help="rules folder (default: rules/)")
    run_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    missing = [p for p in args.inputs if not Path(p).exists()]
    if missing:
        print(f"error: no such input: {', '.join(missing)}", file=sys.stderr)
        return 2
    from .batch import run  # spaCy loads only once the arguments are known to be good

    try:
        summary = run(args.inputs, Path(args.out), Path(args.rules), progress=not args.quiet)
    except RuleError as error:
        print(f"error: bad rule file: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write output to {args.out}: {error}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
