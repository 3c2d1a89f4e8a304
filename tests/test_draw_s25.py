"""Helper s25's draw defects (政工科 drawing panels, then testing them): a 回避名单 whose 姓名 is not
the pool's name for the line's 专家编号, and one lottery issue named twice as two random sources."""

from __future__ import annotations

from tests.helpers import SAMPLES, run_cli


def _conflicts(tmp_path, lines: str):
    path = tmp_path / "回避 名单.csv"
    path.write_text("专家编号,姓名,申报单位,回避原因\n" + lines, encoding="utf-8")
    return path


def test_a_recusal_line_whose_name_is_another_experts_stops_the_draw(tmp_path):
    """A 回避名单 listing ZJ001 under the name of another expert (the id copied from the wrong line) was
    applied to ZJ001 with no word: the expert the office meant to recuse could be drawn."""
    conflicts = _conflicts(tmp_path, "ZJ001,王某某,威海华材新材料有限公司,配偶在该公司任职\n")
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3",
                     "--conflicts", conflicts, "-q")
    assert result.exit_code == 2
    assert result.output == (
        f"错误：回避名单「{conflicts}」第 2 行的专家编号「ZJ001」在专家库中是「黄丽华」，与该行所写姓名「王某某」不符："
        "回避会落在另一位专家身上，要回避的专家仍可能被抽中；请核对该行的专家编号和姓名后重试。\n")
    assert not (tmp_path / "d.json").exists() and not (tmp_path / "l.db").exists()


def test_a_recusal_line_whose_name_matches_is_applied_and_the_name_is_not_recorded(tmp_path):
    conflicts = _conflicts(tmp_path, "zj001,黄 丽华,威海华材新材料有限公司,配偶在该公司任职\n")
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3",
                     "--conflicts", conflicts, "-q")
    assert result.exit_code == 0, result.output
    import json

    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["exclusion_inputs"]["conflicts"] == [
        {"expert_id": "zj001", "applicant": "威海华材新材料有限公司", "reason": "配偶在该公司任职"}]
    assert "黄丽华" not in (tmp_path / "d.json").read_text(encoding="utf-8")


def test_one_lottery_issue_named_twice_is_refused_by_draw_new(tmp_path):
    """Two --random-source given as 双色球 第2025060期 and 双色球第２０２５０６０期: one of the two sets of
    numbers is not that draw's, yet the record named both as public sources."""
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json",
                     "--random-source", "1 2 3", "--random-source", "4 5 6",
                     "--source-name", "双色球 第2025060期", "--source-name", "双色球第２０２５０６０期", "-q")
    assert result.exit_code == 2
    assert result.output == (
        "错误：第 2 个随机数来源「双色球第2025060期」与第 1 个来源「双色球 第2025060期」是同一来源："
        "同一期号码只能使用一次，重复使用不增加随机性，两组号码不同时其中一组不是该期的号码。"
        "请为每组号码写明各自的来源（不同的彩票或期号）。\n")
    assert not (tmp_path / "d.json").exists() and not (tmp_path / "l.db").exists()


def test_one_lottery_issue_named_twice_is_refused_by_draw_commit(tmp_path):
    result = run_cli("draw", "commit", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "c.json",
                     "--source-name", "大乐透 第29010期", "--source-name", "大乐透 第29010期", "-q")
    assert result.exit_code == 2
    assert result.output == (
        "错误：第 2 个随机数来源「大乐透 第29010期」与第 1 个来源「大乐透 第29010期」是同一来源："
        "同一期号码只能使用一次，重复使用不增加随机性，两组号码不同时其中一组不是该期的号码。"
        "请为每组号码写明各自的来源（不同的彩票或期号）。\n")
    assert not (tmp_path / "c.json").exists()


def test_two_unnamed_sources_are_still_drawn(tmp_path):
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json",
                     "--random-source", "1 2 3", "--random-source", "4 5 6", "-q")
    assert result.exit_code == 0, result.output


def _pool_with_a_second_entry(tmp_path, phone_written):
    import openpyxl

    book = openpyxl.load_workbook(SAMPLES / "experts.xlsx")
    sheet = book.active
    first = [cell.value for cell in sheet[2]]  # ZJ001 黄丽华, 威海华材新材料有限公司, 新材料…
    sheet.append(["ZJ041", first[1], "山东大学（威海）", "新材料", "在库", "", "否", phone_written(first[7])])
    book.save(tmp_path / "专家 库.xlsx")
    return tmp_path / "专家 库.xlsx", first[7]


def test_one_person_registered_again_under_a_new_employer_is_warned_of(tmp_path):
    """The same name and 联系电话 under two ids and two units (registered again after changing employer) was
    drawn from twice with no word: the same-name-and-unit warning missed it, and a recusal by the old unit
    left the new entry drawable. The phone is compared as digits and never written out."""
    pool, phone = _pool_with_a_second_entry(tmp_path, lambda phone: f"{phone[:3]}-{phone[3:7]}-{phone[7:]}")
    result = run_cli("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    import json

    text = (tmp_path / "d.json").read_text(encoding="utf-8")
    assert "专家库中 ZJ001、ZJ041 的姓名与联系电话相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席；"\
           "按其中一个工作单位所做的回避对另一条登记不生效）：请核对专家库。" in json.loads(text)["warnings"]
    assert phone not in text and phone[7:] not in text


def test_draw_check_warns_of_one_name_and_phone_under_two_ids(tmp_path):
    pool, _ = _pool_with_a_second_entry(tmp_path, lambda phone: phone)
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert "警告: 专家库中 ZJ001、ZJ041 的姓名与联系电话相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席；"\
           "按其中一个工作单位所做的回避对另一条登记不生效）：请核对专家库。\n" in result.output


def test_one_name_with_two_phones_is_two_experts(tmp_path):
    pool, _ = _pool_with_a_second_entry(tmp_path, lambda phone: "13912345678")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert "联系电话相同" not in result.output


def test_verify_of_an_older_copy_of_the_record_names_the_later_substitution(tmp_path):
    """A copy of the record kept before a substitution (ZJ008 replaced later) verified as 一致 against the
    ledger, showing a member who no longer sits; `draw substitute` already refuses such a record."""
    import json
    import shutil

    drawn = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                    "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3", "-q")
    assert drawn.exit_code == 0, drawn.output
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    first, second = (item["expert_id"] for item in record["panel"][:2])
    alternates = [item["expert_id"] for item in record["alternates"]]
    assert run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝").exit_code == 0
    shutil.copy(tmp_path / "d.json", tmp_path / "old.json")
    assert run_cli("draw", "substitute", tmp_path / "d.json", "--expert", second, "--reason", "出差").exit_code == 0
    result = run_cli("draw", "verify", tmp_path / "old.json", "--ledger", tmp_path / "l.db")
    assert result.exit_code == 1
    assert result.output == (f"不一致：账本第 3 条记有本次抽取在本记录之后的替换（{second} → {alternates[1]}）："
                             "本记录不是最新的，其正选名单不是现行名单；请使用包含该替换的最新记录文件。\n")
    assert run_cli("draw", "verify", tmp_path / "d.json", "--ledger", tmp_path / "l.db").exit_code == 0


def test_a_draw_that_waited_for_another_on_the_same_ledger_is_not_taken_for_a_clock_set_back(tmp_path, monkeypatch):
    """Two `draw new` started together on one ledger: the second took its time, then waited for the
    first one's transaction; the first's entry was dated a second later, and the second was refused with
    本机时间 … 早于账本第 1 条的时间 …：电脑时钟可能被调回过. Its time is taken again once the ledger is held."""
    import contextlib
    import json

    from checker.draw import ledger as ledger_mod
    from checker.draw import record as draw_mod

    clock = {"now": "2026-05-27T10:00:05+08:00"}
    monkeypatch.setattr(draw_mod, "now", lambda: clock["now"])
    common = ["--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--ledger", tmp_path / "l.db", "-q"]
    assert run_cli("draw", "new", *common, "--round", "R-1", "-o", tmp_path / "a.json", "--random-source", "1 2 3").exit_code == 0
    clock["now"] = "2026-05-27T10:00:00+08:00"  # the second draw began before the first was entered
    held = ledger_mod.transaction

    @contextlib.contextmanager
    def after_a_wait(connection):
        clock["now"] = "2026-05-27T10:00:06+08:00"  # the lock came once the first had committed
        with held(connection) as inside:
            yield inside

    monkeypatch.setattr(ledger_mod, "transaction", after_a_wait)
    result = run_cli("draw", "new", *common, "--round", "R-2", "-o", tmp_path / "b.json", "--random-source", "1 2 4")
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert (record["drawn_at"], record["ledger"]["draw_entry"]["at"]) == ("2026-05-27T10:00:06+08:00",) * 2
    assert run_cli("draw", "verify", tmp_path / "b.json", "--ledger", tmp_path / "l.db").exit_code == 0


def test_a_clock_set_back_is_still_refused(tmp_path, monkeypatch):
    from checker.draw import record as draw_mod

    clock = {"now": "2026-05-27T10:00:05+08:00"}
    monkeypatch.setattr(draw_mod, "now", lambda: clock["now"])
    common = ["--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--ledger", tmp_path / "l.db", "-q"]
    assert run_cli("draw", "new", *common, "--round", "R-1", "-o", tmp_path / "a.json", "--random-source", "1 2 3").exit_code == 0
    clock["now"] = "2026-05-27T09:00:00+08:00"
    result = run_cli("draw", "new", *common, "--round", "R-2", "-o", tmp_path / "b.json", "--random-source", "1 2 4")
    assert result.exit_code == 2
    assert result.output == ("错误：本机时间 2026-05-27T09:00:00+08:00 早于账本第 1 条的时间 2026-05-27T10:00:05+08:00："
                             "电脑时钟可能被调回过，账本条目须按时间先后追加；请校准时钟后重试。\n")
