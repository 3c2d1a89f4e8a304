"""Command groups whose commands are imported when first used.

Each family of commands imports its wing (audit: the rulebook, pydantic models and the evaluator;
check: rich and the batch; fairness: its reports...): about 0.5-0.9 s in all, which every command
paid before it started, `draw new` included (issue 14 item 5: the whole command ≤ 2x a calamine
read of the pool). A lazy group names its commands by module and attribute and imports one only
when it is run (or when the whole tree is wanted: ``--help``, ``.commands``, the tests).
"""

from __future__ import annotations

import importlib
from typing import Callable

import click

from checker.core.stops import raise_if_owed


class LazyGroup(click.Group):
    """A click group with some commands given as ``"module:attribute"``.

    ``commands`` (click's own dict of the group's commands) imports every lazy command first, so
    whatever walks the whole tree sees it; running one command imports only that one.
    ``prepare`` is called on each command as it is loaded (the shared --json/-q options).
    """

    def __init__(self, *args, lazy: dict[str, str] | None = None,
                 prepare: Callable[[click.Command], None] | None = None, **kwargs):
        self._loaded: dict[str, click.Command] = {}
        self.lazy: dict[str, str] = dict(lazy or {})
        self.prepare = prepare
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> dict[str, click.Command]:  # type: ignore[override]
        for name in list(self.lazy):
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value) -> None:
        self._loaded = dict(value or {})

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # click's own writes to self.commands, which would import every lazy command: hide them
        lazy, self.lazy = self.lazy, {}
        try:
            super().add_command(cmd, name)
        finally:
            self.lazy = lazy
        self.lazy.pop(name or cmd.name, None)

    def add_lazy(self, name: str, target: str) -> None:
        """Name a command to import on first use (``"package.module:attribute"``)."""
        self.lazy[name] = target

    def _load(self, name: str) -> click.Command | None:
        target = self.lazy.pop(name, None)
        if target is not None:
            module, attribute = target.split(":")
            command = getattr(importlib.import_module(module), attribute)
            raise_if_owed()  # a Ctrl-C while the command's modules loaded, which Python dropped
            if command.name != name:  # a renamed command must be renamed here too
                raise RuntimeError(f"lazy command {name!r} is {command.name!r} in {target}")
            if self.prepare is not None:
                self.prepare(command)
            self._loaded[name] = command
        return self._loaded.get(name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self._loaded, *self.lazy})
