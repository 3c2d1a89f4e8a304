"""Expert pool reading, canonical form and SHA-256 (contract § Expert pool workbook)."""

import hashlib
import json

import pytest

from checker.errors import InputError
from checker.draw.pool import Expert, build_pool, canonical_bytes, read_pool
from tests.fixtures.draw.helpers import POOL_HEADERS, write_xlsx

ROWS = [
    ("E002", " 王 芳 ", "威海市XX材料有限公司", "新材料；智能制造", "在库", "91371000MA3C8NQN7F", "否", "13800000002"),
    ("E001", "李强", "山东大学（威海）", "智能制造、电子信息", "在库", "", "是", "13800000001"),
    ("E003", "张伟", "哈工大（威海）", "节能环保", "暂停", "", "", ""),
]
EXPECTED_CANONICAL = (
    "E001\t李强\t山东大学(威海)\t智能制造、电子信息\t在库\n"
    "E002\t王 芳\t威海市XX材料有限公司\t新材料、智能制造\t在库\n"
    "E003\t张伟\t哈工大(威海)\t节能环保\t暂停\n"
)


def test_canonical_form_and_hash_exactly_as_the_contract(tmp_path):
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, ROWS))
    assert canonical_bytes(pool.experts).decode("utf-8") == EXPECTED_CANONICAL
    assert pool.sha256 == hashlib.sha256(EXPECTED_CANONICAL.encode("utf-8")).hexdigest()
    assert [expert.expert_id for expert in pool.experts] == ["E001", "E002", "E003"]


def test_experts_are_read_without_contact_details(tmp_path):
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, ROWS))
    assert pool.experts[1] == Expert("E002", "王 芳", "威海市XX材料有限公司", ("新材料", "智能制造"), "在库",
                                     "91371000MA3C8NQN7F", False, 2)
    assert pool.experts[0].staff is True
    assert "13800000002" not in repr(pool)


def test_headers_match_aliases_with_spaces_and_full_width_brackets(tmp_path):
    headers = [" 专家编号 ", "专家姓名", "所在单位", "专业 领域", "专家状态", "联系电话"]
    rows = [(1, "甲", "单位A", "新材料", "在库", "1"), (2.0, "乙", "单位B", "新材料", "退出", "2")]
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", headers, rows))
    assert canonical_bytes(pool.experts).decode() == "1\t甲\t单位A\t新材料\t在库\n2\t乙\t单位B\t新材料\t退出\n"


def test_csv_and_json_give_the_same_hash_as_the_workbook(tmp_path):
    xlsx = read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, ROWS))
    csv_path = tmp_path / "pool.csv"
    csv_path.write_text(",".join(POOL_HEADERS) + "\n" + "\n".join(",".join(row) for row in ROWS) + "\n",
                        encoding="utf-8-sig")
    json_path = tmp_path / "pool.json"
    json_path.write_text(json.dumps([dict(zip(POOL_HEADERS, row)) for row in ROWS], ensure_ascii=False),
                         encoding="utf-8")
    assert read_pool(csv_path).sha256 == read_pool(json_path).sha256 == xlsx.sha256


def test_blank_rows_are_skipped(tmp_path):
    rows = [ROWS[0], (None,) * 8, ROWS[1]]
    assert len(read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)).experts) == 2


def test_duplicate_expert_ids_are_an_input_error(tmp_path):
    rows = ROWS + [("E001", "李强二", "某单位", "新材料", "在库", "", "否", "")]
    with pytest.raises(InputError) as caught:
        read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows))
    assert str(caught.value) == "专家库中专家编号「E001」重复（第 3 行和第 5 行）。"


def test_ids_differing_only_in_width_are_duplicates_after_nfkc():
    experts = [Expert("E1", "a", "u", ("x",), "在库", row=2), Expert("E1", "b", "u", ("x",), "在库", row=3)]
    with pytest.raises(InputError):
        build_pool(experts)


def test_ids_differing_only_in_case_are_duplicates(tmp_path):
    # Z001 and z001 are one expert to the office and to the audit: drawn as two, one person could
    # take two seats of one panel.
    rows = ROWS + [("e001", "李强二", "某单位", "新材料", "在库", "", "否", "")]
    with pytest.raises(InputError) as caught:
        read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows))
    assert str(caught.value) == "专家库中专家编号「E001」与「e001」（仅大小写不同）重复（第 3 行和第 5 行）。"


def test_a_field_list_separated_by_commas_is_named_in_a_warning(tmp_path):
    # "新材料，节能环保" is read as one field of that name: the expert is no candidate for 新材料,
    # and the office must be told before it draws from a smaller pool than it thinks.
    from checker.draw.recusal import candidates_for, pool_warnings

    rows = [("E1", "甲", "单位1", "新材料、节能环保", "在库"), ("E2", "乙", "单位2", "新材料，节能环保", "在库"),
            ("E3", "丙", "单位3", "节能环保 / 新材料", "在库"), ("E4", "丁", "单位4", "新材料化工", "在库")]
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", ["专家编号", "姓名", "工作单位", "专业领域", "状态"], rows))
    assert [row["expert_id"] for row in candidates_for(pool, ["新材料"])] == ["E1"]
    assert pool_warnings(pool, ["新材料"]) == [
        "专家 E2、E3 的专业领域用逗号、斜杠、空格或换行分隔（如“新材料,节能环保”），未拆分为多个领域，"
        "未作为“新材料”的候选：请在专家库中改用 、 或 ; 分隔。"]


def test_a_field_with_a_space_inside_is_named_in_a_warning(tmp_path):
    # "新 材料" reads as 新材料 to anyone who looks at the pool, but is another field: the expert
    # silently dropped out of a 新材料 draw (a space is no separator between two fields here).
    from checker.draw.recusal import candidates_for, pool_warnings

    rows = [("E1", "甲", "单位1", "新材料", "在库"), ("E2", "乙", "单位2", "新 材料", "在库"), ("E3", "丙", "单位3", "新材料\u200b", "在库")]
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", ["专家编号", "姓名", "工作单位", "专业领域", "状态"], rows))
    assert [row["expert_id"] for row in candidates_for(pool, ["新材料"])] == ["E1"]
    assert pool_warnings(pool, ["新材料"]) == [
        "专家 E2、E3 的专业领域（“新 材料”、“新材料\\u200B”）含空格或不可见字符，与所抽领域不是同一文本，未作为候选：请在专家库中删去这些字符。"]


def test_missing_required_columns_are_named(tmp_path):
    path = write_xlsx(tmp_path / "pool.xlsx", ["专家编号", "姓名", "联系电话"], [("E1", "甲", "1")])
    with pytest.raises(InputError) as caught:
        read_pool(path)
    assert str(caught.value) == f"专家库「{path}」缺少必需的列：工作单位、专业领域、状态。"


def test_a_row_without_an_id_is_named(tmp_path):
    rows = [ROWS[0], (None, "无编号", "单位", "新材料", "在库", "", "", "")]
    with pytest.raises(InputError) as caught:
        read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows))
    assert str(caught.value) == "专家库第 3 行缺少专家编号。"


def test_a_bad_staff_flag_is_named(tmp_path):
    rows = [("E1", "甲", "单位", "新材料", "在库", "", "可能", "")]
    with pytest.raises(InputError) as caught:
        read_pool(write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows))
    assert str(caught.value) == "专家库第 2 行「是否本局工作人员」 的值「可能」应为 是 或 否。"


def test_unreadable_and_missing_files(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(InputError) as caught:
        read_pool(broken)
    assert str(caught.value).startswith(f"无法读取专家库「{broken}」：")
    with pytest.raises(InputError) as caught:
        read_pool(tmp_path / "none.xlsx")
    assert str(caught.value) == f"专家库「{tmp_path / 'none.xlsx'}」不存在或不是文件。"
    other = tmp_path / "pool.txt"
    other.write_text("x")
    with pytest.raises(InputError) as caught:
        read_pool(other)
    assert str(caught.value) == (f"专家库「{other}」的格式不受支持：请使用 .xlsx、.xlsm、.xls、.xlsb、.ods、.csv、.json、"
                                 ".jsonl、.yaml、.yml。")


def test_an_empty_pool_is_an_input_error(tmp_path):
    path = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, [])
    with pytest.raises(InputError) as caught:
        read_pool(path)
    assert str(caught.value) == f"专家库「{path}」没有任何专家记录。"


def test_a_bracketed_list_exported_into_a_cell_is_the_expert_s_fields(tmp_path):
    # another system's export writes the list as JSON or Python text (["新材料","智能制造"]): read as
    # one field of that name, the expert was a candidate in neither field, and no warning said so
    from checker.draw.recusal import candidates_for, pool_warnings

    rows = [("E1", "甲", "单位1", '["新材料","智能制造"]', "在库"), ("E2", "乙", "单位2", "['节能环保', '新材料']", "在库"),
            ("E3", "丙", "单位3", "［新材料，电子信息］", "在库"), ("E4", "丁", "单位4", "新材料[A]", "在库")]
    pool = read_pool(write_xlsx(tmp_path / "pool.xlsx", ["专家编号", "姓名", "工作单位", "专业领域", "状态"], rows))
    assert {expert.expert_id: expert.fields for expert in pool.experts} == {
        "E1": ("新材料", "智能制造"), "E2": ("新材料", "节能环保"), "E3": ("新材料", "电子信息"), "E4": ("新材料[A]",)}
    assert [row["expert_id"] for row in candidates_for(pool, ["新材料"])] == ["E1", "E2", "E3"]
    assert pool_warnings(pool, ["新材料"]) == []
    # the pool's hash is that of the fields read, as if written 新材料、智能制造
    plain = read_pool(write_xlsx(tmp_path / "plain.xlsx", ["专家编号", "姓名", "工作单位", "专业领域", "状态"],
                                 [("E1", "甲", "单位1", "新材料、智能制造", "在库"), ("E2", "乙", "单位2", "节能环保；新材料", "在库"),
                                  ("E3", "丙", "单位3", "新材料、电子信息", "在库"), ("E4", "丁", "单位4", "新材料[A]", "在库")]))
    assert pool.sha256 == plain.sha256
