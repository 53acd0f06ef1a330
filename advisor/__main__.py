"""The command line: ``python -m advisor brief my-case.json`` writes the decision brief for a case.

A case file is JSON or TOML holding one flat mapping of Scenario and Assumptions fields
(see ``advisor.core.case``). A bad file or value gives one line naming the field, and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.case import presets, read_case_text
from .core.decision import recommend


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m advisor", description="Fine-tune, retrieve, both, or just prompt?")
    commands = parser.add_subparsers(dest="command", required=True)
    brief = commands.add_parser("brief", help="write the decision brief (Markdown) for a case file")
    brief.add_argument("case", help="a .json or .toml file of Scenario and Assumptions fields, or preset:KEY")
    brief.add_argument("-o", "--output", help="write the brief to this file instead of standard output")
    brief.add_argument("--draws", type=int, default=4_000, help="simulated draws for the cost ranges (default 4,000)")
    commands.add_parser("presets", help="list the presets (use one as preset:KEY)")
    args = parser.parse_args(argv)
    try:
        if args.command == "presets":
            for key, preset in presets().items():
                print(f"{key}: {preset.title}. {preset.description}")
            return 0
        if args.case.startswith("preset:"):
            key = args.case.removeprefix("preset:")
            known = presets()
            if key not in known:
                raise ValueError(f"unknown preset {key!r}; accepted: {', '.join(known)}")
            scenario, assumptions = known[key].scenario, None
        else:
            path = Path(args.case)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise ValueError(f"cannot read {args.case}: {error.strerror or error}") from None
            scenario, assumptions = read_case_text(text, path.suffix.lower())
        markdown = recommend(scenario, assumptions).to_markdown(draws=args.draws)
        if args.output:
            Path(args.output).write_text(markdown, encoding="utf-8")
        else:
            sys.stdout.write(markdown)
    except ValueError as error:
        print(f"advisor: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
