"""Helper h128 (hostile user of `fundcheck draw`): a name's separator dot written another way
(阿依古丽·买买提 / 阿依古丽•买买提 / 阿依古丽・买买提); a 回避名单 line read by 姓名 whose 工作单位 or
status tells otherwise; an applicants list with no applicant; a whole field recused; an output or
ledger path under a file; one lottery draw named by its bare issue, a dashed issue or its date
written two ways; a substitution without --pool leaving the panel file out of date."""

from __future__ import annotations

import json

from tests.helpers import SAMPLES, run_cli, write_text

POOL = SAMPLES / "experts.xlsx"
HEADER = "专家编号,姓名,工作单位,专业领域,状态,联系电话\n"


def _pool(tmp_path, *lines: str, count: int = 12):
    """A CSV pool: the lines given, then experts ZJ101… (distinct names, units and phones) up to ``count``."""
    filler = [f"ZJ{100 + i},专家{i},单位{i}有限公司,新材料,在库,1390000{i:04d}" for i in range(1, count + 1)]
    path = tmp_path / "pool.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in (*lines, *filler)), encoding="utf-8")
    return path


_file = write_text


def _check(pool, *extra):
    return run_cli("draw", "check", "--pool", pool, "--field", "新材料", *extra)


def _new(tmp_path, pool, *extra, out="d.json", ledger="l.db"):
    return run_cli("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / ledger,
                   "--out", tmp_path / out, "--size", "3", "--alternates", "1", *extra)


# ---------------------------------------------------------------- 1. the separator dot of a name


def test_a_recusal_naming_an_expert_with_another_middle_dot_is_the_pools_name(tmp_path):
    pool = _pool(tmp_path, "ZJ001,阿依古丽·买买提,甲有限公司,新材料,在库,13800000001")
    conflicts = _file(tmp_path, "c.csv", "专家编号,姓名,回避原因\nZJ001,阿依古丽・买买提,配偶在申报单位任职\n")
    result = _check(pool, "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_recusal_by_name_only_with_another_middle_dot_is_read_as_that_expert(tmp_path):
    pool = _pool(tmp_path, "ZJ001,阿依古丽·买买提,甲有限公司,新材料,在库,13800000001")
    conflicts = _file(tmp_path, "c.csv", "姓名,申报单位,回避原因\n阿依古丽•买买提,乙有限公司,配偶在该公司任职\n")
    result = _new(tmp_path, pool, "--conflicts", conflicts, "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["exclusion_inputs"]["conflicts"] == [
        {"expert_id": "ZJ001", "applicant": "乙有限公司", "reason": "配偶在该公司任职"}]
    assert record["exclusions"] == [{"expert_id": "ZJ001", "reasons": [
        {"rule": "declared_conflict", "detail": "申报回避（乙有限公司）：配偶在该公司任职"}]}]


def test_one_person_registered_twice_with_the_dot_written_otherwise_is_warned(tmp_path):
    pool = _pool(tmp_path, "ZJ001,阿依古丽·买买提,甲有限公司,新材料,在库,13800000001",
                 "ZJ002,阿依古丽•买买提,甲有限公司,新材料,在库,13800000002")
    result = _check(pool)
    assert result.exit_code == 0, result.output
    assert ("警告: 专家库中 ZJ001、ZJ002 的姓名与工作单位相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席）："
            "请核对专家库。") in result.stdout.splitlines()


def test_one_person_with_one_phone_and_the_dot_written_otherwise_is_warned(tmp_path):
    pool = _pool(tmp_path, "ZJ001,阿依古丽·买买提,甲有限公司,新材料,在库,13800000001",
                 "ZJ002,阿依古丽.买买提,乙有限公司,新材料,在库,138-0000-0001")
    result = _check(pool)
    assert result.exit_code == 0, result.output
    assert ("警告: 专家库中 ZJ001、ZJ002 的姓名与联系电话相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席；"
            "按其中一个工作单位所做的回避对另一条登记不生效）：请核对专家库。") in result.stdout.splitlines()


# ---------------------------------------------------------------- 2. a 回避名单 line read by 姓名


def test_a_name_only_line_whose_unit_is_not_the_namesakes_asks_for_the_id_without_inventing_one(tmp_path):
    pool = _pool(tmp_path, "ZJ001,张三,甲有限公司,新材料,在库,13800000001")
    conflicts = _file(tmp_path, "c.csv", "姓名,工作单位,回避原因\n张三,乙有限公司,亲属\n")
    result = _check(pool, "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行只写了姓名「张三」，专家库中该姓名的在库专家（专家编号 ZJ001）的工作单位是「甲有限公司」，"
        "与该行所写工作单位「乙有限公司」不符：该行要回避的可能是另一位同名的人，按姓名回避会落错；"
        "请在该行补上专家库中的专家编号（「专家编号」列），并核对姓名和工作单位后重试。\n"))


def test_a_name_only_line_whose_namesakes_are_not_in_pool_names_them(tmp_path):
    pool = _pool(tmp_path, "ZJ001,李四,甲有限公司,新材料,暂停,13800000001", "ZJ002,李四,乙有限公司,新材料,退出,13800000002")
    conflicts = _file(tmp_path, "c.csv", "姓名,回避原因\n李四,亲属\n")
    result = _check(pool, "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行只写了姓名「李四」，专家库中同名的专家 ZJ001（状态为「暂停」）、"
        "ZJ002（状态为「退出」）不是在库专家；请在该行补上专家库中的专家编号（「专家编号」列）后重试。\n"))


# ---------------------------------------------------------------- 3. side lists and recusal


def test_an_applicants_list_with_no_applicant_is_refused_not_called_not_given(tmp_path):
    pool = _pool(tmp_path)
    applicants = _file(tmp_path, "a.csv", "企业名称,统一社会信用代码\n")
    result = _new(tmp_path, pool, "--applicants", applicants, "--random-source", "1 2 3")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：申报单位名单「{applicants}」中没有读到任何申报单位（只有表头，或各行都是合计、说明等）：同单位回避无从做起，"
        "与申报单位同一单位的专家仍可能被抽中；请核对该文件（工作表、表头、内容）后重试。\n"))
    assert not (tmp_path / "l.db").exists() and not (tmp_path / "d.json").exists()


def test_a_field_recused_whole_says_so_with_the_rules(tmp_path):
    pool = _pool(tmp_path, count=4)
    staff = _file(tmp_path, "staff.txt", "ZJ101\nZJ102\nZJ103\n")
    applicants = _file(tmp_path, "a.csv", "企业名称\n单位3有限公司\n单位4有限公司\n")
    result = _new(tmp_path, pool, "--staff", staff, "--applicants", applicants, "--random-source", "1 2 3")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：领域「新材料」的 4 名在库专家全部回避（本局工作人员 3 人、与申报单位同一单位 2 人），没有可抽取的专家，无法抽取："
        "请核对 --applicants、--conflicts、--staff 给出的是否为本次评审的名单。\n"))


# ---------------------------------------------------------------- 4. paths


def test_an_output_under_a_file_is_named_as_a_file_not_as_missing(tmp_path):
    (tmp_path / "out").write_text("", encoding="utf-8")
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", out="out/d.json")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：输出路径「{tmp_path / 'out' / 'd.json'}」中的「{tmp_path / 'out'}」是文件，不是文件夹：请指定一个已有文件夹中的文件名。\n"))


def test_a_ledger_under_a_file_is_named_as_such(tmp_path):
    (tmp_path / "draws.db").write_text("", encoding="utf-8")
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", ledger="draws.db/x.db")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：账本路径「{tmp_path / 'draws.db' / 'x.db'}」中的「{tmp_path / 'draws.db'}」是文件，不是文件夹："
        "请用 --ledger 指定账本文件本身或一个已有文件夹中的文件名。\n"))
    assert not (tmp_path / "d.json").exists()


# ---------------------------------------------------------------- 5. one lottery draw written two ways


def _two_sources(tmp_path, first, second):
    return _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "--random-source", "4 5 6",
                "--source-name", first, "--source-name", second, "-q")


def _same_source(first, second):
    return (f"错误：第 2 个随机数来源「{second}」与第 1 个来源「{first}」是同一来源：同一期号码只能使用一次，重复使用不增加随机性，"
            "两组号码不同时其中一组不是该期的号码。请为每组号码写明各自的来源（不同的彩票或期号）。\n")


def test_an_issue_written_bare_is_the_issue_written_with_qi(tmp_path):
    result = _two_sources(tmp_path, "双色球 第2025060期", "双色球 2025060")
    assert (result.exit_code, result.stderr) == (2, _same_source("双色球 第2025060期", "双色球 2025060"))


def test_an_issue_written_with_a_dash_is_the_same_issue(tmp_path):
    result = _two_sources(tmp_path, "双色球 第2025060期", "双色球第2025-060期")
    assert (result.exit_code, result.stderr) == (2, _same_source("双色球 第2025060期", "双色球第2025-060期"))


def test_one_lotterys_draw_day_written_two_ways_is_one_source(tmp_path):
    result = _two_sources(tmp_path, "双色球 2025年6月1日开奖", "双色球 2025-06-01")
    assert (result.exit_code, result.stderr) == (2, _same_source("双色球 2025年6月1日开奖", "双色球 2025-06-01"))


def test_two_days_or_two_bare_issues_of_one_lottery_are_two_sources(tmp_path):
    assert _two_sources(tmp_path, "双色球 2025年6月1日开奖", "双色球 2025-06-03").exit_code == 0
    (tmp_path / "d.json").unlink()
    (tmp_path / "d.panel.xlsx").unlink()
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "--random-source", "4 5 7",
                  "--source-name", "双色球 2025060", "--source-name", "双色球 2025061", "--redraw-reason", "复核", "-q")
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- 6. a substitution without --pool


def test_a_substitution_without_pool_names_the_panel_file_as_out_of_date(tmp_path):
    pool = _pool(tmp_path)
    assert _new(tmp_path, pool, "--random-source", "1 2 3", "-q").exit_code == 0
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    first, alternate = record["panel"][0]["expert_id"], record["alternates"][0]["expert_id"]
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝")
    assert result.exit_code == 0, result.output
    current = [alternate] + [item["expert_id"] for item in record["panel"][1:]]
    assert result.stdout.splitlines()[-1] == (
        f"注意：未给出 --pool，专家名单文件「{tmp_path / 'd.panel.xlsx'}」未更新，不含本次替换（{first} 由 {alternate} 顶替），"
        f"已过时，请勿据此通知专家；现行正选为 {' '.join(current)}（以抽取记录为准）。")


def test_a_substitution_run_from_another_folder_finds_the_ledger_beside_the_record(tmp_path, monkeypatch):
    folder = tmp_path / "round"
    folder.mkdir()
    pool = _pool(tmp_path)
    monkeypatch.chdir(folder)
    assert run_cli("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", "l.db", "--out", "d.json",
                   "--size", "3", "--alternates", "2", "--random-source", "1 2 3", "-q").exit_code == 0
    record = json.loads((folder / "d.json").read_text(encoding="utf-8"))
    first = record["panel"][0]["expert_id"]
    monkeypatch.chdir(tmp_path)
    result = run_cli("draw", "substitute", "round/d.json", "--expert", first, "--reason", "本人谢绝", "--pool", pool)
    assert result.exit_code == 0, result.output
    assert json.loads((folder / "d.json").read_text(encoding="utf-8"))["ledger"]["head"]["entry"] == 2
    (folder / "l.db").rename(tmp_path / "elsewhere.db")
    result = run_cli("draw", "substitute", "round/d.json", "--expert", record["panel"][1]["expert_id"], "--reason", "出差")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：记录中写明的账本「l.db」（相对路径）在当前文件夹和记录所在文件夹「round」中都不存在：请用 --ledger 指定账本文件。\n"))


# ---------------------------------------------------------------- 7. output names that do not open


def test_a_record_named_as_a_workbook_is_refused_naming_panel_out(tmp_path):
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", out="专家名单.xlsx")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：抽取记录（--out）「{tmp_path / '专家名单.xlsx'}」是 JSON 文件，不能以 .xlsx 为扩展名（无法用表格或文字处理软件打开）："
        "请改用 .json；交组织科室的专家名单文件请用 --panel-out 指定。\n"))
    assert not (tmp_path / "l.db").exists()


def test_a_commit_record_named_as_a_csv_is_refused(tmp_path):
    result = run_cli("draw", "commit", "--pool", _pool(tmp_path), "--field", "新材料", "--round", "R1", "--ledger",
                     tmp_path / "l.db", "--out", tmp_path / "c.csv", "--source-name", "双色球 第2099001期")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：承诺记录（--out）「{tmp_path / 'c.csv'}」是 JSON 文件，不能以 .csv 为扩展名（无法用表格或文字处理软件打开）：请改用 .json。\n"))


def test_a_panel_file_named_other_than_xlsx_or_csv_is_refused(tmp_path):
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "--panel-out", tmp_path / "名单.xls")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家名单文件（--panel-out）「{tmp_path / '名单.xls'}」的扩展名应为 .xlsx（Excel 工作簿）或 .csv："
        "写成「.xls」的文件无法直接打开。\n"))
    assert not (tmp_path / "l.db").exists() and not (tmp_path / "d.json").exists()


# ---------------------------------------------------------------- 8. a record saved by Notepad


def test_a_record_saved_with_a_byte_order_mark_is_verified_not_refused(tmp_path):
    assert _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "-q").exit_code == 0
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    saved = tmp_path / "saved.json"
    saved.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "d.json").read_bytes())
    result = run_cli("draw", "verify", saved, "--ledger", tmp_path / "l.db")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        f"一致：正选 {' '.join(item['expert_id'] for item in record['panel'])}（IETF RFC 3797 第 4 节的抽取方法（MD5））")


def test_a_phone_column_headed_shoujihao_is_compared_too(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_text("专家编号,姓名,工作单位,专业领域,状态,手机号\nZJ001,王五,甲有限公司,新材料,在库,13800000001\n"
                    "ZJ002,王五,乙有限公司,新材料,在库,138 0000 0001\n"
                    + "".join(f"ZJ1{i:02d},人{i},单位{i},新材料,在库,\n" for i in range(10)), encoding="utf-8")
    result = _check(pool)
    assert result.exit_code == 0, result.output
    assert ("警告: 专家库中 ZJ001、ZJ002 的姓名与联系电话相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席；"
            "按其中一个工作单位所做的回避对另一条登记不生效）：请核对专家库。") in result.stdout.splitlines()


def test_one_unnamed_set_of_numbers_given_twice_is_refused(tmp_path):
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "--random-source", "3,2,1")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：第 2 个随机数来源的号码与第 1 个相同（1 2 3，按 RFC 3797 排序后比较）：同一组号码重复给出不增加随机性。"
        "如确是两个不同来源开出相同号码，请用 --source-name 分别写明来源后重试。\n"))
    assert not (tmp_path / "l.db").exists()


def test_two_named_lotteries_drawing_the_same_digits_are_two_sources(tmp_path):
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "--random-source", "3 2 1",
                  "--source-name", "福彩3D 第2025060期", "--source-name", "排列三 第25060期", "-q")
    assert result.exit_code == 0, result.output


def test_a_commit_naming_a_past_years_issue_written_bare_or_dashed_is_warned(tmp_path):
    result = run_cli("draw", "commit", "--pool", _pool(tmp_path), "--field", "新材料", "--round", "R1", "--ledger",
                     tmp_path / "l.db", "--out", tmp_path / "c.json", "--size", "3", "--alternates", "1",
                     "--source-name", "双色球 2019010", "--source-name", "大乐透 第2019-010期")
    assert result.exit_code == 0, result.output
    today = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["committed_at"][:10]
    lines = result.stdout.splitlines()
    for name, written in (("双色球 2019010", "2019010"), ("大乐透 第2019-010期", "2019-010")):
        assert (f"警告: 随机数来源「{name}」的期号 {written} 按常见编号属 2019 年，早于承诺日期 {today}：该期可能已经开奖，"
                "须核实其开奖时间晚于本次承诺，否则承诺不能证明种子事先未知。") in lines
