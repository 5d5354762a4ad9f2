"""Print the held-out scores as Markdown: `python -m tests.heldout.report [LANG ...]`.

A table per language (messages, decisions right, leaks, false holds), then every miss
with what the engine found, so a reader sees where the engine fails to generalize
without reading the messages themselves.
"""

from __future__ import annotations

import sys

from tests.heldout.build import LANGUAGES, load_cases
from tests.heldout.score import LanguageScore, Outcome, judge, scores


def table(rows: list[LanguageScore]) -> str:
    lines = [
        "| language | messages | decisions right | labelled rules found "
        "| leaks (quarantine-labelled delivered) | false holds (deliver-labelled held) |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows:
        name = f"**{row.lang}**" if row.lang == "all" else row.lang
        lines.append(
            f"| {name} | {row.messages} | {row.right} ({row.accuracy:.0%}) | {row.rules_found} "
            f"| {row.leaks} | {row.false_holds} |"
        )
    return "\n".join(lines)


def misses(outcomes: list[Outcome]) -> str:
    wrong = [o for o in outcomes if not o.right or o.missing_rules]
    if not wrong:
        return "No misses."
    return "\n".join(f"- {o.describe()}" for o in wrong)


def main(argv: list[str]) -> int:
    languages = tuple(argv) or LANGUAGES
    unknown = sorted(set(languages) - set(LANGUAGES))
    if unknown:
        print(f"unknown language(s): {', '.join(unknown)}; known: {' '.join(LANGUAGES)}",
              file=sys.stderr)
        return 2
    outcomes = [judge(case) for case in load_cases(languages)]
    print("## Held-out set\n")
    print(table(scores(outcomes)))
    print("\n### Misses\n")
    print(misses(outcomes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
