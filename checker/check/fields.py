"""The application fields of the contract, as declared in ``rules/fields.yaml``."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from checker.io.table import Aliases, aliases

if TYPE_CHECKING:  # types only: `draw` reads an application list through this module without loading
    # the rulebook and its pydantic models (0.2-0.3 s of a draw's start)
    from checker.core.rulebook import Rulebook
    from checker.core.vocabulary import Column, FieldSpec

__all__ = ["Column", "FieldSet", "FieldSpec", "field_set"]


def __getattr__(name: str):
    """Column and FieldSpec, re-exported here, are imported when first asked for (see above)."""
    if name in ("Column", "FieldSpec"):
        from checker.core import vocabulary

        return getattr(vocabulary, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FieldSet:
    """Every field of the application contract, and the header lookup the table reader uses."""

    def __init__(self, specs: tuple[FieldSpec, ...]):
        self.specs = specs
        self.by_name: dict[str, FieldSpec] = {spec.name: spec for spec in specs}
        # a field's own name is a header too (JSON input keyed by field names), in its first unit
        self.aliases: Aliases = aliases({spec.name: [(c.header, c.unit) for c in spec.columns] for spec in specs})

    def label(self, name: str) -> str:
        spec = self.by_name.get(name)
        return spec.label if spec else name


@lru_cache(maxsize=8)
def _field_set(specs: tuple[FieldSpec, ...]) -> FieldSet:
    return FieldSet(specs)


def field_set(book: Rulebook) -> FieldSet:
    return _field_set(tuple(book.vocabulary.fields.values()))
