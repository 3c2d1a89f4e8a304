"""Fuzz inputs and harness for the fundcheck command line (issue 12 item 6).

``generators`` writes hostile inputs (seeded, deterministic); ``harness`` runs them through the
command line in a subprocess and checks the properties; ``run`` is a stand-alone runner for
large campaigns (``python -m tests.fuzz.run --n 1000``). Nothing here imports ``checker``.
"""
