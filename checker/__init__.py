"""fundcheck: rule-based compliance checks for government funding applications."""

__version__ = "0.1.0"
