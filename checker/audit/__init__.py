"""Procedural audit of a completed fund round (issue 4): read a round record, derive typed facts,
decide the workflow's audit rules with the engine, and write round.json / round.html / round.md."""
