"""The rulebook's own YAML files (rules, vocabulary, sources, regions), read with libyaml's safe
loader when PyYAML has it: about ten times faster than the pure-Python one, the same safe schema.
Every command reads these files at start, so this is start-up time of every run."""

from __future__ import annotations

from typing import Any

import yaml

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` of the rulebook's text, through the fast loader."""
    return yaml.load(text, Loader=YAML_LOADER)
