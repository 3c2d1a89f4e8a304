"""Entry point for ``python -m checker``."""

from checker.cli import entry

if __name__ == "__main__":
    entry()
