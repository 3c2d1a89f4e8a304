"""Helper h126 (hostile review of the expert draw): a 回避名单 naming its experts by 姓名 only (the
office's usual form) was refused for a missing 专家编号 column; ledgers that are not ledgers; repeated
random sources written three ways."""

from __future__ import annotations

import json

from tests.helpers import SAMPLES, run_cli

POOL = SAMPLES / "experts.xlsx"


def _conflicts(tmp_path, text: str, name="回避名单.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _check(conflicts, pool=POOL):
    return run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts)


# ---------------------------------------------------------------- 1. 回避名单 姓名 and 工作单位


def test_a_name_written_with_spaces_or_full_width_letters_is_the_pools_name(tmp_path):
    conflicts = _conflicts(tmp_path, "专家编号,姓名,回避原因\nZJ001,黄 丽华,配偶在申报单位任职\n"
                                     "ZJ001,　黄丽华　,配偶在申报单位任职\n")
    result = _check(conflicts)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_name_in_another_script_is_still_refused(tmp_path):
    conflicts = _conflicts(tmp_path, "专家编号,姓名,回避原因\nZJ001,黃丽华,配偶\n")
    result = _check(conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行的专家编号「ZJ001」在专家库中是「黄丽华」，与该行所写姓名「黃丽华」不符："
        "回避会落在另一位专家身上，要回避的专家仍可能被抽中；请核对该行的专家编号和姓名后重试。\n"))


def test_a_unit_written_as_youxian_zeren_gongsi_is_the_pools_youxian_gongsi(tmp_path):
    conflicts = _conflicts(tmp_path, "专家编号,工作单位,回避原因\nZJ001,威海华材新材料有限责任公司,配偶\n")
    result = _check(conflicts)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_list_naming_experts_by_name_only_is_read_as_the_one_in_pool_expert_of_that_name(tmp_path):
    conflicts = _conflicts(tmp_path, "姓名,申报单位,回避原因\n黄 丽华,威海华材新材料有限公司,配偶在该公司任职\n")
    result = run_cli("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                     "--out", tmp_path / "d.json", "--random-source", "9319", "--conflicts", conflicts, "-q")
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["exclusion_inputs"]["conflicts"] == [
        {"expert_id": "ZJ001", "applicant": "威海华材新材料有限公司", "reason": "配偶在该公司任职"}]
    assert "黄丽华" not in (tmp_path / "d.json").read_text(encoding="utf-8")


def test_a_name_no_in_pool_expert_has_is_refused_saying_to_add_the_id(tmp_path):
    conflicts = _conflicts(tmp_path, "姓名,回避原因\n张三丰,配偶\n")
    result = _check(conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行只写了姓名「张三丰」，在专家库的在库专家中没有同名的；"
        "请在该行补上专家库中的专家编号（「专家编号」列）后重试。\n"))


def test_a_name_two_in_pool_experts_share_is_refused_naming_both_ids(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(POOL)
    sheet = book.active
    first = [cell.value for cell in sheet[2]]  # ZJ001 黄丽华
    sheet.append(["ZJ041", first[1], "山东大学（威海）", "新材料", "在库", "", "否", "13900000000"])
    book.save(tmp_path / "专家库.xlsx")
    conflicts = _conflicts(tmp_path, "姓名,回避原因\n黄丽华,配偶\n")
    result = _check(conflicts, tmp_path / "专家库.xlsx")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行只写了姓名「黄丽华」，在专家库中有 2 位在库专家同名（专家编号 ZJ001、ZJ041），"
        "无法确定是哪一位；请在该行补上专家库中的专家编号（「专家编号」列）后重试。\n"))


def test_a_list_with_neither_id_nor_name_says_both_columns(tmp_path):
    conflicts = _conflicts(tmp_path, "申报单位,回避原因\n威海华材新材料有限公司,配偶\n")
    result = _check(conflicts)
    assert (result.exit_code, result.stderr) == (2, f"错误：回避名单「{conflicts}」缺少必需的列：专家编号（或姓名）。\n")


# ---------------------------------------------------------------- 3. one lottery issue written three ways

SAME_SOURCE = ("同一期号码只能使用一次，重复使用不增加随机性，两组号码不同时其中一组不是该期的号码。"
               "请为每组号码写明各自的来源（不同的彩票或期号）。\n")


def _two_sources(tmp_path, first, second):
    return run_cli("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R-1", "--ledger", tmp_path / "l.db",
                   "-o", tmp_path / "d.json", "--random-source", "1 2 3", "--random-source", "4 5 6",
                   "--source-name", first, "--source-name", second, "-q")


def test_an_issue_written_without_di_is_the_same_source(tmp_path):
    result = _two_sources(tmp_path, "双色球第2025060期", "双色球 2025060期")
    assert (result.exit_code, result.output) == (2, (
        "错误：第 2 个随机数来源「双色球 2025060期」与第 1 个来源「双色球第2025060期」是同一来源：" + SAME_SOURCE))
    assert not (tmp_path / "l.db").exists()


def test_a_lottery_named_with_its_operator_is_the_same_source(tmp_path):
    result = _two_sources(tmp_path, "双色球第2025060期", "中国福利彩票双色球第二〇二五〇六〇期")
    assert (result.exit_code, result.output) == (2, (
        "错误：第 2 个随机数来源「中国福利彩票双色球第二〇二五〇六〇期」与第 1 个来源「双色球第2025060期」是同一来源："
        + SAME_SOURCE))


def test_two_lotteries_with_the_same_issue_number_are_two_sources(tmp_path):
    result = _two_sources(tmp_path, "双色球 第2025060期", "大乐透 第2025060期")
    assert result.exit_code == 0, result.output


def test_two_issues_of_one_lottery_are_two_sources(tmp_path):
    result = _two_sources(tmp_path, "双色球 第2025060期", "双色球 第2025061期")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- 2. ledgers that are not ledgers (held)


def _drawn(tmp_path):
    result = run_cli("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                     "--out", tmp_path / "d.json", "--random-source", "9319", "-q")
    assert result.exit_code == 0, result.output
    return tmp_path / "l.db"


def test_a_folder_given_as_ledger_is_one_sentence(tmp_path):
    (tmp_path / "账本").mkdir()
    result = run_cli("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "账本",
                     "--out", tmp_path / "d.json", "--random-source", "9319", "-q")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"错误：'--ledger' 的值无效：文件 '{tmp_path / '账本'}' 是文件夹，这里需要文件。\n")
    assert "Traceback" not in result.output


def test_a_ledger_cut_to_100_bytes_is_refused_by_draw_new_and_a_difference_for_verify(tmp_path):
    ledger = _drawn(tmp_path)
    with open(ledger, "r+b") as handle:
        handle.truncate(100)
    again = run_cli("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R2", "--ledger", ledger,
                    "--out", tmp_path / "d2.json", "--random-source", "9319", "-q")
    broken = f"账本「{ledger}」的文件已损坏或被截短，无法读出任何条目（数据库文件已损坏）：条目可能被截去或改动，请与备份及事先交纪检监察组的头哈希核对。"
    assert (again.exit_code, again.stderr) == (2, f"错误：{broken}\n")
    verify = run_cli("draw", "verify", tmp_path / "d.json", "--pool", POOL, "--ledger", ledger)
    assert (verify.exit_code, verify.stdout) == (1, f"不一致：{broken}\n")


def test_a_leftover_journal_beside_a_ledger_does_not_stop_verify(tmp_path):
    ledger = _drawn(tmp_path)
    (tmp_path / "l.db-journal").write_bytes(b"garbage\n")
    verify = run_cli("draw", "verify", tmp_path / "d.json", "--pool", POOL, "--ledger", ledger)
    assert verify.exit_code == 0, verify.output
    assert verify.stdout.startswith("一致：正选 ")
