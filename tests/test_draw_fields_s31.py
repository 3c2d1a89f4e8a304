"""A pool field written with the word for a field after it (新材料领域, 智能制造专业, 节能环保方向,
电子信息类) is the field to the office and another text to the draw: its experts are never candidates
under --field 新材料, and the draw says so, naming them, before it draws from a smaller pool than the
office thinks. Only those endings: 新材料化工 and 新材料[A] are other fields, said nothing of."""

from __future__ import annotations

from checker.draw.pool import read_pool
from checker.draw.recusal import candidates_for, pool_warnings
from tests.fixtures.draw.helpers import write_xlsx
from tests.helpers import run_cli, write_text

HEADERS = ["专家编号", "姓名", "工作单位", "专业领域", "状态"]


def _pool(tmp_path):
    rows = [("E1", "甲", "单位1", "新材料", "在库"), ("E2", "乙", "单位2", "新材料领域", "在库"),
            ("E3", "丙", "单位3", "新材料化工", "在库"), ("E4", "丁", "单位4", "智能制造专业、新材料类", "暂停"),
            ("E5", "戊", "单位5", "新材料[A]", "在库"), ("E6", "己", "单位6", "智能制造", "在库")]
    return read_pool(write_xlsx(tmp_path / "pool.xlsx", HEADERS, rows))


def test_a_field_written_with_the_word_for_a_field_is_named_in_a_warning(tmp_path):
    pool = _pool(tmp_path)
    assert [row["expert_id"] for row in candidates_for(pool, ["新材料"])] == ["E1"]
    assert pool_warnings(pool, ["新材料"]) == [
        "专家 E2、E4 的专业领域写作“新材料类”（即“新材料”）、“新材料领域”（即“新材料”），与所抽领域不是同一文本，"
        "未作为候选：如属同一领域，请在专家库中统一写法后再抽取。"]
    assert pool_warnings(pool, ["智能制造", "新材料"]) == [
        "专家 E2、E4 的专业领域写作“新材料类”（即“新材料”）、“新材料领域”（即“新材料”）、“智能制造专业”（即“智能制造”），"
        "与所抽领域不是同一文本，未作为候选：如属同一领域，请在专家库中统一写法后再抽取。"]


def test_other_fields_beginning_with_the_name_are_said_nothing_of(tmp_path):
    rows = [("E1", "甲", "单位1", "新材料", "在库"), ("E3", "丙", "单位3", "新材料化工", "在库"),
            ("E5", "戊", "单位5", "新材料[A]", "在库"), ("E6", "己", "单位6", "领域", "在库")]
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", HEADERS, rows))
    assert pool_warnings(pool, ["新材料"]) == []


def test_draw_check_says_it_before_the_draw(tmp_path):
    pool = write_text(tmp_path, "pool.csv", "专家编号,姓名,工作单位,专业领域,状态\n"
                      + "".join(f"ZJ{n:03d},专家{n},单位{n}有限公司,新材料,在库\n" for n in range(1, 12))
                      + "ZJ012,专家12,单位12有限公司,新材料领域,在库\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--size", "7", "--alternates", "3")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "ZJ012" in line] == [
        "警告: 专家 ZJ012 的专业领域写作“新材料领域”（即“新材料”），与所抽领域不是同一文本，未作为候选："
        "如属同一领域，请在专家库中统一写法后再抽取。"]


def test_a_field_with_an_invisible_character_before_a_space_is_named(tmp_path):
    """s32: "新材料\u200b 领域" (a zero-width space, then a space) was said nothing of: the field-word warning stops at white
    space and the separators' warning compared "新材料\u200b" with 新材料. The expert is no candidate, and is named."""
    rows = [("E1", "甲", "单位1", "新材料", "在库"), ("E2", "乙", "单位2", "新材料\u200b 领域", "在库")]
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", HEADERS, rows))
    assert [row["expert_id"] for row in candidates_for(pool, ["新材料"])] == ["E1"]
    assert pool_warnings(pool, ["新材料"]) == [
        "专家 E2 的专业领域用逗号、斜杠、空格或换行分隔（如“新材料\\u200B 领域”），未拆分为多个领域，未作为“新材料”的候选："
        "请在专家库中改用 、 或 ; 分隔。"]
