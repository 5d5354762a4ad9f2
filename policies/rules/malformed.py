"""`malformed`: a message that cannot be read as MIME.

A multipart without a boundary, or whose boundary never occurs, hides its parts from
every other rule, and MIME nested deeper than 20 levels is refused rather than walked
(POLICY.md, settled detail 3). The defects are collected once by `MessageView.parse`;
this rule runs even when the others cannot (`reads_structure_only`).
"""

from __future__ import annotations

from policies.message import MessageView
from policies.model import Action, PolicyContext
from policies.rule import Hit, Rule

# What the parser's defect names mean to a seller.
DEFECTS = {
    "NoBoundaryInMultipartDefect": "multipart without a boundary",
    "StartBoundaryNotFoundDefect": "the multipart boundary never occurs",
    "MultipartInvariantViolationDefect": "no parts could be found",
}


class Malformed(Rule):
    id = "malformed"
    default_action = Action.QUARANTINE
    reads_structure_only = True

    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        return [Hit(describe(defect)) for defect in message.structural_defects]


def describe(defect: str) -> str:
    """`multipart/mixed: StartBoundaryNotFoundDefect` in words, other text as it is."""
    where, _, name = defect.rpartition(": ")
    return f"{where}: {DEFECTS[name]}" if where and name in DEFECTS else defect


RULES = (Malformed(),)
