"""The round inputs of `fundcheck check` turned into the batch context: the window, the registers,
the round's lists, the catalogue and the conditions file. Each is read (and checked) before any
application is, so a bad register stops the run before work is done."""

from __future__ import annotations

from pathlib import Path

from checker.check.catalogue import read_catalogue
from checker.check.conditions import RoundConditions, load_conditions
from checker.check.facts import BatchContext, Window
from checker.check.registers import read_credit_register, read_debarment_register, read_key_fields, read_list_register
from checker.cli.common import date_option
from checker.errors import InputError

LISTS = (  # option name, context attribute, what the list is (shown in reports)
    ("reserve_pool", "reserve_pool", "冲击新目标后备库企业名单"),
    ("recognitions", "recognitions", "第一阶段认定名单（智能工厂/数字化车间）"),
    ("fraud_findings", "fraud_findings", "弄虚作假查实名单"),
    ("supervision_list", "supervision_list", "督导项目清单"),
)


def build_context(options: dict) -> tuple[BatchContext, dict, RoundConditions | None]:
    """(context, what the reports say about the inputs, the conditions) from the command's options."""
    context = BatchContext(with_funds=bool(options.get("with_funds")))
    run_extra: dict = {}
    registers: dict[str, str] = {}
    window = options.get("window")
    if window:
        start, end = (date_option(v, "--window") for v in window)
        if end < start:
            raise InputError(f"--window 的结束日（{end}）早于开始日（{start}）")
        context.window = Window(start, end)
        run_extra["window"] = f"{start.isoformat()} 至 {end.isoformat()}"
    if options.get("credit_list"):
        context.credit = read_credit_register(Path(options["credit_list"]))
        registers["不良信用记录名单"] = Path(options["credit_list"]).name
    if options.get("debarments"):
        context.debarments = read_debarment_register(Path(options["debarments"]))
        registers["取消申报资格名单"] = f"{Path(options['debarments']).name}（专项：{options.get('fund_name') or '未指定，任一专项均计入'}）"
    context.fund_name = options.get("fund_name")
    for option, attribute, what in LISTS:
        if options.get(option):
            setattr(context, attribute, read_list_register(Path(options[option]), what))
            registers[what] = Path(options[option]).name
    if options.get("key_fields"):
        context.key_fields = read_key_fields(options["key_fields"])
        source = context.key_fields.source  # a file's name, or the option they were written in
        registers["本轮重点领域"] = "、".join(context.key_fields.names) + ("" if source.startswith("--") else f"（{source}）")
    if options.get("catalogue"):
        context.catalogue = read_catalogue(Path(options["catalogue"]))
        registers["产业目录条目表"] = f"{context.catalogue.name}（{len(context.catalogue.entries)} 条）"
    if options.get("holidays"):  # handling ledgers count the deficiency notice in working days
        from checker.core.calendar import load_holidays
        context.holidays = load_holidays(options["holidays"])
        registers["节假日文件"] = Path(options["holidays"]).name
    if context.with_funds:
        registers["涉及资金"] = "是（须填报《专项资金项目流程审核情况表》）"
    run_extra["registers"] = registers
    conditions = load_conditions(Path(options["conditions"])) if options.get("conditions") else None
    return context, run_extra, conditions
