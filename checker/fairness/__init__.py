"""Fairness across rounds (``fundcheck fairness``), the browser-verifiable draw page
(``fundcheck draw publish``) and the pre-draw check (``fundcheck draw check``).

stats (exact tests) → analyse (tests over draws) ← collect / paper (reading) → build (report data)
→ report (JSON + HTML); publish (verify page); precheck; cli (click commands).
"""
