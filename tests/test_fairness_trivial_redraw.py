"""A redraw after a change of the eligible list that left every member of the replaced panel
eligible is as suspect as a redraw with the list unchanged: one more recusal of an expert who was
not drawn does not call for another panel. A change that made a panel member ineligible is a reason
to redraw (fairness: redraws)."""

from __future__ import annotations

from tests.test_hostile7 import draw_new, load, run, small_pool


def _redraw_after_staff(tmp_path, staff: str) -> dict:
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json").exit_code == 0
    panel = [item["expert_id"] for item in load(tmp_path / "a.json")["panel"]]
    excluded = staff if staff != "panel" else panel[0]
    (tmp_path / "staff.txt").write_text(excluded + "\n", encoding="utf-8")
    result = draw_new(tmp_path, pool, "b.json", "R1", "8 9 10 11 12 13 14", "--staff", tmp_path / "staff.txt",
                      "--redraw-reason", "补充回避")
    assert result.exit_code == 0, result.output
    assert excluded not in [item["expert_id"] for item in load(tmp_path / "b.json")["panel"]]
    run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    [item] = load(tmp_path / "out" / "fairness.json")["redraws"]["items"]
    return {"panel": panel, "excluded": excluded, **item}


def _not_drawn(tmp_path) -> str:
    """An expert the first draw leaves out (the same pool and numbers draw the same panel)."""
    probe = tmp_path / "probe"
    probe.mkdir()
    assert draw_new(probe, small_pool(probe), "a.json").exit_code == 0
    record = load(probe / "a.json")
    drawn = {item["expert_id"] for item in [*record["panel"], *record.get("alternates", [])]}
    return next(f"E{n:03d}" for n in range(20, 0, -1) if f"E{n:03d}" not in drawn)


def test_a_redraw_after_recusing_an_expert_who_was_not_drawn_is_flagged(tmp_path):
    outsider = _not_drawn(tmp_path)
    item = _redraw_after_staff(tmp_path, outsider)
    assert outsider not in item["panel"]
    assert (item["eligible_unchanged"], item["previous_panel_still_eligible"], item["panel_changed"], item["flagged"]) \
        == (False, True, True, True)


def test_a_redraw_after_a_panel_member_became_ineligible_is_not_flagged(tmp_path):
    item = _redraw_after_staff(tmp_path, "panel")
    assert (item["eligible_unchanged"], item["previous_panel_still_eligible"], item["panel_changed"], item["flagged"]) \
        == (False, False, True, False)
