"""durable-rules as the engine of record. The only module that imports ``durable``.

Guardrails (engine-notes.md §1.12), each for a measured failure:
- facts, not events (``assert_fact``): an event fires one rule and drops every other finding;
- one session (sid) per case, ``delete_state`` in ``finally``: more than 1,024 live sessions
  raise MemoryError and corrupt the ruleset;
- a catch-all rule fires in every session: ``delete_state`` of a session where nothing fired
  frees uninitialised memory (segfault), and an unmatched fact raises MessageNotHandled;
- only the typed facts the rules read cross the boundary (≤ 252 fields; text never compared
  with numbers; numbers are exact integers);
- every condition pairs presence with a positive test (see conditions.py), never absence alone;
- an exception inside an action is swallowed by the engine, so actions only record which branch
  matched and any error they hit is re-raised here after the call;
- no background dispatch: a durable-rules Host starts two timer threads that poll every ruleset
  for pending actions every 0.2 s; one can take an action of the session being asserted in the
  main thread, record its branch too late or not at all, and fail with ERR_NODE_DELETED (seen once
  in 34,000 cases). fundcheck uses no timers or queued events, so its host never starts them.

Why the engine stays within a few times of plain Python: the cost is per fired action (the engine
serialises the session state around each), so branches whose outcome is the rule's default never
need to fire on their own, and passing cases fire only the catch-all. A branch records its hit;
the lowest-numbered hit of a rule wins, exactly as in the reference evaluator (first match).
"""

from __future__ import annotations

import itertools
import json
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:  # not imported at run time: `check` reads its default engine before the rulebook's models load
    from checker.core.rulebook import CompiledWorkflow

try:  # durable-rules is built from C sources: no Windows wheel, and it does not import on Python 3.13
    from durable import engine as durable_engine
except ImportError:  # pragma: no cover - exercised on machines without it
    durable_engine = None

AVAILABLE = durable_engine is not None
DEFAULT_ENGINE = "durable" if AVAILABLE else "reference"

CATCH_ALL = "catch_all"
CASE_MARK = "fc_case"


class EngineError(RuntimeError):
    """The engine failed inside an action; the case cannot be decided by the engine of record."""


class DurableEvaluator:
    """Decides, for each rule of a compiled workflow, which branch (if any) a case matches."""

    _ids = itertools.count()
    _shared: dict[str, "DurableEvaluator"] = {}

    @classmethod
    def shared(cls, compiled: CompiledWorkflow) -> "DurableEvaluator":
        """One evaluator per rule shape in this process: a ruleset can never be unregistered and
        each costs memory, so evaluators (and tests making thousands of them) reuse it. The key
        is the shape of the engine conditions (see rulebook.shape_key): equal keys decide alike."""
        if compiled.key not in cls._shared:
            cls._shared[compiled.key] = cls(compiled)
        return cls._shared[compiled.key]

    @classmethod
    def rulesets(cls) -> int:
        """How many rulesets this process has registered through :meth:`shared`."""
        return len(cls._shared)

    def __init__(self, compiled: CompiledWorkflow):
        if not AVAILABLE:
            raise EngineError("durable-rules is not installed here; use the reference evaluator (--engine reference)")
        self.compiled = compiled
        self.facts_read = sorted(compiled.facts_read)
        self._hits: list[tuple[int, int]] = []
        self._errors: list[BaseException] = []
        self._sids = itertools.count()
        self.name = f"fundcheck_{compiled.key}_{next(self._ids)}"
        self._host = _shared_host()
        self._host.set_rulesets({self.name: self._definition()})
        self._ruleset = self._host.get_ruleset(self.name)
        # action name -> (rule index, branch index); the catch-all is None (see _assert)
        self._branches: dict[str, tuple[int, int] | None] = {CATCH_ALL: None}
        for rule_index, rule in enumerate(self.compiled.rules):
            for branch_index in range(len(rule.branches)):
                self._branches[f"r{rule_index}_b{branch_index}"] = (rule_index, branch_index)

    def _definition(self) -> dict[str, Any]:
        definition: dict[str, Any] = {CATCH_ALL: {"all": [{"m": {CASE_MARK: 1}}], "run": _noop}}
        for rule_index, rule in enumerate(self.compiled.rules):
            for branch_index, branch in enumerate(rule.branches):
                condition = {"$and": [{CASE_MARK: 1}, branch.durable]}
                action = self._recorder(rule_index, branch_index)
                definition[f"r{rule_index}_b{branch_index}"] = {"all": [{"m": condition}], "run": action}
        return definition

    def _recorder(self, rule_index: int, branch_index: int):
        # What durable's own dispatch would run for the branch (Host.assert_fact); decide() records
        # the fired actions itself by name (_assert), to the same list.
        hits, errors = self._hits, self._errors

        def record(_closure) -> None:
            try:
                hits.append((rule_index, branch_index))
            except BaseException as error:  # pragma: no cover - appending cannot fail in practice
                errors.append(error)

        return record

    def decide(self, facts: dict[str, Any]) -> list[int | None]:
        """Branch index per rule (None: no branch matched, the rule's default applies)."""
        sid = str(next(self._sids))
        message = {name: facts[name] for name in self.facts_read if name in facts}
        message["sid"] = sid
        message[CASE_MARK] = 1
        self._hits.clear()
        self._errors.clear()
        try:
            self._assert(message)
        finally:
            self._host.delete_state(self.name, sid)
        if self._errors:
            raise EngineError(f"an engine action failed: {self._errors[0]!r}")
        decided: list[int | None] = [None] * len(self.compiled.rules)
        for rule_index, branch_index in self._hits:
            current = decided[rule_index]
            if current is None or branch_index < current:
                decided[rule_index] = branch_index
        return decided


    def _assert(self, message: dict[str, Any]) -> None:
        """``Host.assert_fact(name, message)`` with the same calls into the C engine, but each fired
        action recorded here instead of through durable's Python dispatch.

        The C engine matches the fact and hands out the actions one at a time, as before:
        start_action_for_state, then for each action update_state and complete_and_start_action
        (abandon_action if a call fails). What is left out is what durable's Python host does around
        each action and fundcheck never uses: a Closure per action, the action's message (the whole
        fact) parsed from JSON, the session state parsed and serialised back (the actions never
        change it: the same state text goes back), two clock reads for a 10-second action lease.
        About 24 actions fire per audited round (a round rule's pass is a branch of its own, its
        default being "missing"), and that per-action work was most of the engine's share of an
        audit. The decisions are the C engine's, unchanged; `fundcheck rules test` and the engine
        agreement tests compare them with the reference evaluator on every fixture."""
        ruleset = self._ruleset
        handle = ruleset._handle
        # durable's own Ruleset.assert_fact: the fact as JSON, its result codes as exceptions
        # (MessageNotHandled, MessageObserved), the session's state handle otherwise. The JSON is
        # orjson's (five times faster than the json module durable calls, a sixth of the engine's
        # time per case) for the facts it writes as json does: text, integers, booleans and null;
        # anything else (a float, whose exponent both write differently) goes durable's own way.
        text = _fact_json(message)
        if text is None:
            state_handle = ruleset.assert_fact(message)
        else:
            state_handle = ruleset._handle_result(_C_ENGINE.assert_fact(handle, text), message)
        result = _C_ENGINE.start_action_for_state(handle, state_handle)
        if not result:
            return
        state, action = result[0], result[1]
        try:
            while action:
                branch = self._branches[_action_name(action)]
                if branch is not None:
                    self._hits.append(branch)
                _C_ENGINE.update_state(handle, state)
                action = _C_ENGINE.complete_and_start_action(handle, state_handle)
        except BaseException:
            _C_ENGINE.abandon_action(handle, state_handle)
            raise


def _action_name(action: str) -> str:
    """The name of the action the C engine started: its message is ``{"<name>":{...}}`` (names are
    fundcheck's own: r<i>_b<j> and catch_all, nothing to unescape)."""
    if action.startswith('{"'):
        end = action.find('"', 2)
        if end > 2:
            return action[2:end]
    return next(iter(json.loads(action)))  # pragma: no cover - another layout of the same JSON


_HOST = None
_C_ENGINE = getattr(durable_engine, "durable_rules_engine", None)
_PLAIN_JSON = frozenset({str, int, bool, type(None)})  # written alike by json.dumps and orjson (integers within 64 bits)


def _fact_json(message: dict[str, Any]) -> str | None:
    """The fact as orjson writes it, or None where json.dumps might write it otherwise."""
    if not _PLAIN_JSON.issuperset(map(type, message.values())):
        return None
    try:
        return orjson.dumps(message).decode("utf-8")
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, a string with a lone surrogate
        return None


def _synchronous_host():
    """A Host whose actions all run in the thread that asserts the fact (see the module docstring)."""

    class SynchronousHost(durable_engine.Host):
        def _run(self) -> None:  # the base class starts the dispatch and timer threads here
            return None

    return SynchronousHost()


def _shared_host():
    """One durable-rules host per process."""
    global _HOST
    if _HOST is None:
        _HOST = _synchronous_host()
    return _HOST


def _noop(_closure) -> None:
    """The catch-all action: it only has to fire (see the module docstring)."""
