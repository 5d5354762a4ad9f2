"""What a policy rule is: an id, a default action, and one function that inspects a message.

A rule module in `policies/rules/` defines one subclass of `Rule` (or several closely
related ones) and exposes the instances as `RULES`; the engine finds them there.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import ClassVar

from policies.message import MessageView
from policies.model import Action, PolicyContext


@dataclass(frozen=True, slots=True)
class Hit:
    """One thing a rule found (a link, an image, a phrase), described for the seller."""

    detail: str
    count: int = 1


class Rule(abc.ABC):
    """A policy rule.

    Rules that read (`rewrites = False`) only look at the original message. Rules that
    rewrite remove what they find from the working copy as they find it; they run after
    the readers, in ascending `order`, so that an element two rules could claim (a
    linked logo that is also a remote image) is reported by the more specific rule.
    """

    id: ClassVar[str]
    default_action: ClassVar[Action]
    rewrites: ClassVar[bool] = False
    order: ClassVar[int] = 100
    # Rules that still apply to mail that could not be parsed as MIME.
    reads_structure_only: ClassVar[bool] = False

    @abc.abstractmethod
    def inspect(self, message: MessageView, context: PolicyContext) -> list[Hit]:
        """What this rule finds in the message (and, for rewriting rules, removes)."""
