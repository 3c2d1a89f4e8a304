"""Hostile review h141: round conditions (``--conditions``) as a bureau clerk writes them from a notice.

1. 项目总投资不低于5000万元（不含） loaded silently as ≥ 5000: 不低于 takes 5000万元 in, （不含） leaves it out. Unlike
   不足300人（含300人） (a note widening a bound that leaves its figure out, read as ≤), the two say opposite things
   of exactly the applicant the reading decides: refused whatever 比较 says, asking for the issuer's reading.
2. A sub-group's bound with a comma inside the bracket (…（营业收入1亿元以下的，不低于5%）) was refused as 下限和上限,
   and （其中，营业收入1亿元以下的，不低于5%） loaded 5% as everyone's blocking bound; a note inside the bracket
   (1亿元（含）以下的) cut the group's words, quoted with a stray ）; and the group's words were quoted NFKC'd
   (其中,营业收入…). All now read as the form without the comma, quoted as written.
3. 属于 信息传输、软件和信息技术服务业 passed a cell 信息传输: the 值's list was cut inside the section's name. An
   industry name holding 、 (GB/T 4754 门类 and 大类) is one word; a part of it is an INP-VALUE finding (review);
   a division's name (通用设备制造业, which failed 属于 制造业) is read as its section.
4. 1千万元, 3千万, 一千万元 in an applicant's amount cell were unread (INP-NUMBER, 待补充): read exactly; so are a
   percentage cell's 百分之五, 5个百分点 and 3‰ (INP-PERCENT before), and a count's 1千人, 一千人 (INP-NUMBER before).
"""

from __future__ import annotations

from tests.test_hostile_h133 import ROW, _c, _check, _conditions_check, _loaded


# --- 1. 不低于…（不含） -----------------------------------------------------------------------------------


def test_an_inclusive_bound_with_a_note_excluding_its_figure_is_refused_asking_the_issuer(tmp_path):
    wording = "项目总投资不低于5000万元（不含）"
    refused = (ROW + f"条件原文“{wording}”写的是“不低于5000万元”（≥，恰为 5000万元 的符合），其后又注明“（不含）”"
               "（恰为 5000万元 的不符合），两种说法相互矛盾，无法判断恰为 5000万元 的申请人；请向发文单位核实通知原意，"
               "把核实后的说法写入条件原文（含 5000万元：“不低于5000万元”，比较 ≥；不含 5000万元：“超过5000万元”，比较 >），"
               "通知原文可写在“备注”列。")
    for op in ("≥", ">"):
        assert _loaded(tmp_path, _c(1, wording, "项目总投资", "金额（万元）", op, "5000")) == refused
    staff = "从业人员不超过300人（不含300人）"
    assert _loaded(tmp_path, _c(1, staff, "从业人数", "数值", "<", "300")) == (
        ROW + f"条件原文“{staff}”写的是“不超过300人”（≤，恰为 300人 的符合），其后又注明“（不含300人）”（恰为 300人 的不符合），"
        "两种说法相互矛盾，无法判断恰为 300人 的申请人；请向发文单位核实通知原意，把核实后的说法写入条件原文"
        "（含 300人：“不超过300人”，比较 ≤；不含 300人：“低于300人”，比较 <），通知原文可写在“备注”列。")
    day = "注册日期不晚于2021年12月31日（不含当日）"
    assert _loaded(tmp_path, _c(1, day, "注册日期", "日期", "<", "2021-12-31")) == (
        ROW + f"条件原文“{day}”写的是“不晚于2021年12月31日”（≤，恰为 2021年12月31日 的符合），其后又注明“（不含当日）”"
        "（恰为 2021年12月31日 的不符合），两种说法相互矛盾，无法判断恰为 2021年12月31日 的申请人；请向发文单位核实通知原意，"
        "把核实后的说法写入条件原文（含 2021年12月31日：“不晚于2021年12月31日”，比较 ≤；不含 2021年12月31日：“早于2021年12月31日”，"
        "比较 <），通知原文可写在“备注”列。")
    start = "开工日期不早于2022年1月1日（不含）"
    assert _loaded(tmp_path, _c(1, start, "开工日期", "日期", ">", "2022-01-01")) == (
        ROW + f"条件原文“{start}”写的是“不早于2022年1月1日”（≥，恰为 2022年1月1日 的符合），其后又注明“（不含）”"
        "（恰为 2022年1月1日 的不符合），两种说法相互矛盾，无法判断恰为 2022年1月1日 的申请人；请向发文单位核实通知原意，"
        "把核实后的说法写入条件原文（含 2022年1月1日：“不早于2022年1月1日”，比较 ≥；不含 2022年1月1日：“晚于2022年1月1日”，"
        "比较 >），通知原文可写在“备注”列。")
    # the bound after its figure (及以上, （含）以上) with a note leaving the figure out, quoted as written
    after = "项目总投资5000万元（含）以上（不含）"
    for op in ("≥", ">"):
        assert _loaded(tmp_path, _c(1, after, "项目总投资", "金额（万元）", op, "5000")) == (
            ROW + f"条件原文“{after}”写的是“5000万元（含）以上”（≥，恰为 5000万元 的符合），其后又注明“（不含）”（恰为 5000万元 的不符合），"
            "两种说法相互矛盾，无法判断恰为 5000万元 的申请人；请向发文单位核实通知原意，把核实后的说法写入条件原文"
            "（含 5000万元：“5000万元（含）以上”，比较 ≥；不含 5000万元：“超过5000万元”，比较 >），通知原文可写在“备注”列。")
    staff = "从业人员300人及以下（不含）"
    assert _loaded(tmp_path, _c(1, staff, "从业人数", "数值", "≤", "300")) == (
        ROW + f"条件原文“{staff}”写的是“300人及以下”（≤，恰为 300人 的符合），其后又注明“（不含）”（恰为 300人 的不符合），"
        "两种说法相互矛盾，无法判断恰为 300人 的申请人；请向发文单位核实通知原意，把核实后的说法写入条件原文"
        "（含 300人：“300人及以下”，比较 ≤；不含 300人：“低于300人”，比较 <），通知原文可写在“备注”列。")
    # the issuer's reading written, the notice's words aside; a note on what is counted, and the consistent forms, load
    written = dict(_c(1, "项目总投资超过5000万元", "项目总投资", "金额（万元）", ">", "5000"), 备注=wording)
    assert _loaded(tmp_path, written) == "COND-1 gt"
    assert _loaded(tmp_path, _c(1, "项目总投资不低于5000万元（不含土地费用）", "项目总投资", "金额（万元）", "≥", "5000")) == "COND-1 ge"
    assert _loaded(tmp_path, _c(1, "项目总投资5000万元以上（不含）", "项目总投资", "金额（万元）", ">", "5000")) == "COND-1 gt"
    assert _loaded(tmp_path, _c(1, "项目总投资不低于5000万元（含）", "项目总投资", "金额（万元）", "≥", "5000")) == "COND-1 ge"


# --- 2. a sub-group's bound with a comma inside its bracket --------------------------------------------------


def _share(value, wording, severity="否决"):
    return _c(1, wording, "研发投入占比", "百分比", "≥", value, severity)


def assert_a_second_bound(tmp_path, wording: str, group: str) -> None:
    """The all-applicants bound (≥ 3%) loads alone and `conditions check` says the group's 5% is not checked; the
    stricter 5% as 否决 is refused, as 复核 it loads (tests/test_hostile_h151.py reads its wordings through this too)."""
    assert _loaded(tmp_path, _share("3%", wording)) == "COND-1 ge"
    result = _conditions_check(tmp_path, _share("3%", wording))
    assert result.exit_code == 0, result.stderr
    assert (f"注意：COND-1 只核对 ≥ 3%；条件原文“{wording}”的 3% 和 5% 各适用于一部分申请人（另设的界限：{group}），"
        "5% 本条不核对；如需核对，请另写一条条件读取同一列、值写 5%，两条中要求较高的一条严重程度写“复核”。"
        ) in result.stdout.splitlines()
    assert _loaded(tmp_path, _share("5%", wording)) == (
        ROW + f"条件原文“{wording}”的 3% 和 5% 各适用于一部分申请人（另设的界限：{group}），"
        "而按要求较高的 ≥ 5% 核对的这一条严重程度为“否决”，适用另一个界限、符合 ≥ 3% 而不符合 ≥ 5% 的申请人也会被判为不符合条件；"
        "请把这一条的严重程度写为“复核”（由人工核对申请人适用哪一个界限），或按所有申请人都须符合的 ≥ 3% 核对。")
    assert _loaded(tmp_path, _share("5%", wording, "复核")) == "COND-1 ge"


def test_a_sub_group_bound_with_a_comma_in_its_bracket_reads_as_without_it(tmp_path):
    for wording, group in (
            ("研发费用占营业收入比重不低于3%（其中，营业收入1亿元以下的不低于5%）", "其中，营业收入1亿元以下的不低于5%"),
            ("研发费用占营业收入比重不低于3%（营业收入1亿元以下的，不低于5%）", "营业收入1亿元以下的，不低于5%"),
            ("研发费用占营业收入比重不低于3%（其中，营业收入1亿元以下的，不低于5%）", "其中，营业收入1亿元以下的，不低于5%"),
            ("研发费用占营业收入比重不低于3%（其中，营业收入1亿元（含）以下的不低于5%）", "其中，营业收入1亿元（含）以下的不低于5%")):
        assert_a_second_bound(tmp_path, wording, group)


# --- 3. an industry name holding 、 -----------------------------------------------------------------------------


def test_a_part_of_an_industry_name_is_not_the_industry(tmp_path):
    section = "信息传输、软件和信息技术服务业"
    row = _c(1, f"属于{section}", "所属行业", "文本", "属于", section)
    assert _check(tmp_path, row, ["所属行业"], ["信息传输"]) == (1, (
        # h151's wording: 填写为“…”，本轮条件要求… in words
        "missing", f"所属行业“信息传输”无法识别，无法核对本条件（本轮条件要求属于“{section}”）。"), [(
            "INP-VALUE", f"申报汇总表!L2 的所属行业“信息传输”无法识别（“信息传输”只是行业名称“{section}”的一部分，不是一个行业的名称，"
            f"无法确定是否属于）；应为：完整的行业名称，如 {section}。依赖此项的规则判为“待补充”。")])
    assert _check(tmp_path, row, ["所属行业"], [section])[1] == (
        "pass", f"所属行业填写为“{section}”，符合本条件（本轮条件要求属于“{section}”）。")
    # a division of the section is in it (国民经济行业分类大类 65 软件和信息技术服务业 is in 门类 I)
    assert _check(tmp_path, row, ["所属行业"], ["软件和信息技术服务业"])[1] == (
        "pass", f"所属行业填写为“软件和信息技术服务业”（国民经济行业分类大类 65，门类 I：{section}），符合本条件（本轮条件要求属于“{section}”）。")
    # a division's name holding 、 is one word too
    division = "计算机、通信和其他电子设备制造业"
    row = _c(1, f"属于{division}", "所属行业", "文本", "属于", f"{division}、汽车制造业")
    assert _check(tmp_path, row, ["所属行业"], ["计算机"])[1] == (
        "missing", f"所属行业“计算机”无法识别，无法核对本条件（本轮条件要求属于“{division}”或“汽车制造业”）。")
    assert _check(tmp_path, row, ["所属行业"], [division])[1] == (
        "pass", f"所属行业填写为“{division}”，符合本条件（本轮条件要求属于“{division}”或“汽车制造业”）。")
    listed = _c(1, "主营产品所属行业", "主营行业", "文本列表", "属于", division)
    for op, said in (("属于", "至少有一项属于"), ("不属于", "各项均不属于")):
        assert _check(tmp_path, dict(listed, 比较=op), ["主营行业"], ["汽车制造业、计算机"]) == (1, (
            "missing", f"主营行业“汽车制造业、计算机”无法识别，无法核对本条件（本轮条件要求{said}“{division}”）。"), [(
                "INP-VALUE", f"申报汇总表!L2 的主营行业“汽车制造业、计算机”无法识别（“计算机”只是行业名称“{division}”的一部分，"
                f"不是一个行业的名称，无法确定是否属于）；应为：完整的行业名称，如 {division}。依赖此项的规则判为“待补充”。")])
    assert _check(tmp_path, listed, ["主营行业"], [f"汽车制造业、{division}"])[1] == (
        "pass", f"主营行业填写为“汽车制造业、{division}”，符合本条件（本轮条件要求至少有一项属于“{division}”）。")


def test_a_division_name_is_read_as_its_section(tmp_path):
    row = _c(1, "属于制造业", "所属行业", "文本", "属于", "制造业")
    assert _check(tmp_path, row, ["所属行业"], ["通用设备制造业"]) == (0, (
        # h151's wording: 填写为“…”，本轮条件要求… in words
        "pass", "所属行业填写为“通用设备制造业”（国民经济行业分类大类 34，门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"), [])
    assert _check(tmp_path, row, ["所属行业"], ["软件和信息技术服务业"])[1] == (
        "fail", "所属行业填写为“软件和信息技术服务业”（国民经济行业分类大类 65，门类 I：信息传输、软件和信息技术服务业），"
                "本轮条件要求属于“制造业”，不符合本条件。")
    # a division that is its section's own name stays the word it is
    assert _check(tmp_path, _c(1, "不属于房地产业", "所属行业", "文本", "不属于", "房地产业"), ["所属行业"], ["房地产业"])[1] == (
        "fail", "所属行业填写为“房地产业”，本轮条件要求不属于“房地产业”，不符合本条件。")


# --- 4. amounts written with magnitude words ---------------------------------------------------------------------


def test_an_amount_with_chinese_magnitude_words_is_read_exactly(tmp_path):
    row = _c(1, "上年度营业收入不低于1000万元", "营业收入", "金额（万元）", "≥", "1000")
    for written, shown, outcome in (("1千万元", "1000", "pass"), ("3千万", "3000", "pass"), ("一千万元", "1000", "pass"),
                                    ("2千5百万元", "2500", "pass"), ("9百万元", "900", "fail"), ("1.5千万元", "1500", "pass")):
        # h151's wording: 填写为…，本轮条件要求… in words
        said = ("符合本条件（本轮条件要求不低于 1000 万元）" if outcome == "pass" else "本轮条件要求不低于 1000 万元，不符合本条件")
        assert _check(tmp_path, row, ["营业收入"], [written]) == (0 if outcome == "pass" else 1, (
            outcome, f"营业收入填写为 {shown} 万元，{said}。"), [])
    in_yuan = _c(1, "上年度营业收入不低于1000万元", "营业收入", "金额（元）", "≥", "10000000")
    assert _check(tmp_path, in_yuan, ["营业收入"], ["1千万元"])[1] == (
        "pass", "营业收入填写为 10000000 元，符合本条件（本轮条件要求不低于 1000 万元）。")  # the wording's figure (s31)
    # a bare 3千 says no unit: not guessed
    assert _check(tmp_path, row, ["营业收入"], ["3千"])[1] == (
        "missing", "营业收入“3千”无法识别，无法核对本条件（本轮条件要求不低于 1000 万元）。")


def test_a_percentage_in_words_is_read_exactly(tmp_path):
    row = _c(1, "研发费用占营业收入比重不低于3%", "研发投入占比", "百分比", "≥", "3%")
    for written, shown, outcome in (("百分之三", "3", "pass"), ("百分之2.5", "2.5", "fail"), ("5个百分点", "5", "pass"),
                                    ("3‰", "0.3", "fail"), ("百分之三点五", "3.5", "pass")):
        # h151's wording: 填写为…，本轮条件要求… in words
        said = "符合本条件（本轮条件要求不低于 3%）" if outcome == "pass" else "本轮条件要求不低于 3%，不符合本条件"
        assert _check(tmp_path, row, ["研发投入占比"], [written]) == (0 if outcome == "pass" else 1, (
            outcome, f"研发投入占比填写为 {shown}%，{said}。"), [])
    growth = _c(1, "营业收入增长率不低于-5%", "营业收入增长率", "百分比", "≥", "-5%")
    assert _check(tmp_path, growth, ["营业收入增长率"], ["负百分之六"])[1] == (
        "fail", "营业收入增长率填写为 -6%，本轮条件要求不低于 -5%，不符合本条件。")


def test_a_count_in_words_is_read_exactly(tmp_path):
    row = _c(1, "从业人员1000人以下（不含）", "从业人数", "数值", "<", "1000")
    for written, shown, outcome in (("1千人", "1000", "fail"), ("一千人", "1000", "fail"), ("九百人", "900", "pass"),
                                    ("1千2百人", "1200", "fail")):
        # h151's wording: 填写为…，本轮条件要求… in words, a count with its unit
        said = "符合本条件（本轮条件要求少于 1000 人）" if outcome == "pass" else "本轮条件要求少于 1000 人，不符合本条件"
        assert _check(tmp_path, row, ["从业人数"], [written]) == (0 if outcome == "pass" else 1, (
            outcome, f"从业人数填写为 {shown} 人，{said}。"), [])
    assert _check(tmp_path, row, ["从业人数"], ["三五人"]) == (1, (
        "missing", "从业人数“三五人”无法识别，无法核对本条件（本轮条件要求少于 1000 人）。"), [(
        "INP-NUMBER", "申报汇总表!L2 的从业人数“三五人”无法识别；应为：数字，如 120、1,200、120人、65分。依赖此项的规则判为“待补充”。")])


# ---------------------------------------------------------------- a registration's 在 asserts as 属于 (lead, from h141's report)

def test_a_wording_registered_in_the_districts_refuses_a_not_in_comparison(tmp_path):
    from tests.test_conditions_h95 import _refused, _row

    assert _refused(tmp_path, _row(1, "注册地在环翠区、文登区", "所在区市", "文本", "不属于", "环翠区、文登区")) == (
        "c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“注册地在环翠区、文登区”在“环翠区”前写的是“在”（属于 或 =），而比较写的是“不属于”；"
        "按此核对，结论会与通知原文相反，请按通知原文核对比较或条件原文。")


def test_a_bare_zai_elsewhere_in_the_wording_is_no_membership_word(tmp_path):
    from checker.check.conditions import load_conditions
    from tests.test_conditions_h95 import _file, _row

    loaded = load_conditions(_file(tmp_path, _row(1, "现在环翠区经营", "所在区市", "文本", "≠", "环翠区")))
    assert [(c.op, c.low, c.wording) for c in loaded.conditions] == [("ne", "环翠区", "现在环翠区经营")]


# ---------------------------------------------------------------- a 值 adding a district the wording does not name (lead, h141's report)

def test_a_value_adding_a_district_the_wording_does_not_name_is_refused(tmp_path):
    from tests.test_conditions_h95 import _refused, _row

    assert _refused(tmp_path, _row(1, "注册地在环翠区", "所在区市", "文本", "属于", "环翠区、高区")) == (
        "c.yaml 第 1 行的条件第 1 项（条件编号 1）：值“环翠区、高区”中的“高区”不是条件原文“注册地在环翠区”所写的地区（原文所写：环翠区）；"
        "按此核对，高区的申请人也会被判为符合条件，请按通知原文核对值或条件原文。")


def test_a_district_named_otherwise_in_the_wording_or_a_wording_naming_none_loads(tmp_path):
    from checker.check.conditions import load_conditions
    from tests.test_conditions_h95 import _file, _row

    loaded = load_conditions(_file(tmp_path, _row(1, "注册地在环翠区、威海高新区", "所在区市", "文本", "属于", "环翠区、高区"),
                                   _row(2, "注册地在中心城区", "所在区市", "文本", "属于", "环翠区、高区、经区")))
    assert [(c.op, c.words) for c in loaded.conditions] == [("in", ("环翠区", "高区")), ("in", ("环翠区", "高区", "经区"))]
