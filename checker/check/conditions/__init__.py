"""A round's own conditions (--conditions): read from a file a reviewer writes, checked per case.

- ``model``: the notice, the conditions, and the words 类型 / 比较 / 严重程度 accept;
- ``read``: the file (YAML, or a workbook with sheets 通知 and 申报条件), validated row by row;
- ``values``: a 值 and a cell read by the condition's type, exactly;
- ``columns``: which workbook column each condition reads;
- ``rules``: one rule per condition over a fixed engine slot (values are facts, not literals);
- ``facts``: the cells typed (INP- findings) and each slot's facts;
- ``probes``: boundary cases of every condition, run through both evaluators.
"""

from checker.check.conditions.model import Condition, RoundConditions, RoundNotice
from checker.check.conditions.read import load_conditions

__all__ = ["Condition", "RoundConditions", "RoundNotice", "load_conditions"]
