"""The policy rules, one module per rule or per family of closely related rules.

Every module here that defines `RULES` is picked up by `all_rules()`: adding a rule is
adding a module.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from policies.rule import Rule


@functools.cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, readers first, then rewriting rules in their order."""
    found: list[Rule] = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found.extend(getattr(module, "RULES", ()))
    ids = [rule.id for rule in found]
    duplicated = {rule_id for rule_id in ids if ids.count(rule_id) > 1}
    if duplicated:
        raise RuntimeError(f"rule ids defined twice: {sorted(duplicated)}")
    return tuple(sorted(found, key=lambda rule: (rule.rewrites, rule.order, rule.id)))


def rule_ids() -> frozenset[str]:
    return frozenset(rule.id for rule in all_rules())


def default_actions() -> dict[str, str]:
    return {rule.id: str(rule.default_action) for rule in all_rules()}
