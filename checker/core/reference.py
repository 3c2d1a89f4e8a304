"""The plain-Python reference evaluator: the same compiled rules, decided without the engine.

It is the oracle the engine is tested against (tests/test_engine_agreement.py) and the baseline the
benchmarks compare with. First matching branch wins; no match means the rule's default outcome.
"""

from __future__ import annotations

from typing import Any

from checker.core.rulebook import CompiledWorkflow


class ReferenceEvaluator:
    def __init__(self, compiled: CompiledWorkflow):
        self.compiled = compiled
        self._rules = [[branch.python for branch in rule.branches] for rule in compiled.rules]

    def decide(self, facts: dict[str, Any]) -> list[int | None]:
        decided: list[int | None] = []
        for predicates in self._rules:
            chosen = None
            for index, predicate in enumerate(predicates):
                if predicate(facts):
                    chosen = index
                    break
            decided.append(chosen)
        return decided
