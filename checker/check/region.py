"""Is a registered address, or a USCC's registration authority, in Weihai (威海市)?

The registered address is the primary evidence (seed 001:2417 "项目单位在威海市行政区域内注册").
It is read by its prefix: province, then city, then Weihai's districts and zones. A bare "威海"
substring is never enough: 上海市静安区威海路 is in Shanghai. The USCC's positions 3-6 are the
registering authority's division code (GB/T 2260); 3710 is Weihai, which corroborates the address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.core.text import nfkc

WEIHAI_DIVISION_PREFIX = "3710"

# Weihai's county-level districts and the zones that register enterprises (GB/T 2260 371002,
# 371003, 371082, 371083; 统计用区划 371071-371073; 南海新区). Longest names first so that
# "临港经济技术开发区" is not read as "经济技术开发区".
WEIHAI_UNITS: tuple[tuple[str, str], ...] = (
    ("火炬高技术产业开发区", "火炬高技术产业开发区"),
    ("高新技术产业开发区", "火炬高技术产业开发区"),  # the name in common use
    ("高新区", "火炬高技术产业开发区"),
    ("临港经济技术开发区", "临港经济技术开发区"),
    ("高技术产业开发区", "火炬高技术产业开发区"),
    ("经济技术开发区", "经济技术开发区"),
    ("南海新区", "南海新区"),
    ("石岛管理区", "荣成市"),  # 荣成市's management area (荣成石岛管理区, 威海市石岛管理区…)
    ("临港区", "临港经济技术开发区"),
    ("环翠区", "环翠区"),
    ("文登区", "文登区"),
    ("文登市", "文登区"),  # the county-level city before 2014
    ("荣成市", "荣成市"),
    ("乳山市", "乳山市"),
    ("高区", "火炬高技术产业开发区"),
    ("高技区", "火炬高技术产业开发区"),  # 威海市高技区火炬路…: the short name in many registered addresses
    ("经区", "经济技术开发区"),
    ("经技区", "经济技术开发区"),  # 威海市经技区海南路…
    ("经开区", "经济技术开发区"),  # the name in common use elsewhere, also in rules/regions.yaml
    ("火炬", "火炬高技术产业开发区"),
    ("临港", "临港经济技术开发区"),
    ("环翠", "环翠区"),
    ("文登", "文登区"),
    ("荣成", "荣成市"),
    ("乳山", "乳山市"),
)

UNIQUE_WEIHAI_UNITS = ("环翠区", "文登区", "文登市", "荣成市", "乳山市", "石岛管理区", "南海新区")
UNIQUE_SHORT_NAMES = frozenset({"环翠", "文登", "荣成", "乳山"})  # short names no other county shares
# A short name written without 市/区 before one of its own areas, as registered addresses write them with no
# 威海 in front (山东省荣成石岛管理区…, 乳山经济开发区…, 文登经济开发区…): the pair names no place outside
# Weihai. Before anything else (荣成路, 乳山路: streets of Qingdao and other cities) the short name is no county.
_SHORT_NAME_AREA = re.compile(r"(环翠|文登|荣成|乳山)(?=石岛管理区|经济技术开发区|经济开发区|高新技术产业开发区|开发区|工业园区|工业园"
                              r"|旅游度假区)")

PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建", "江西", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃",
    "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)
SHANDONG_OTHER_CITIES = (
    "济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "日照", "临沂", "德州",
    "聊城", "滨州", "菏泽", "莱芜",
)


@dataclass(frozen=True)
class AddressRegion:
    """Where an address is: ``weihai``, ``outside`` or ``unknown``, with what was recognised."""

    region: str
    place: str  # the recognised unit ("荣成市", "上海", ...) or "" when unknown


@lru_cache(maxsize=4096)
def classify_address(address: str) -> AddressRegion:
    """Classify a registered address by its leading province / city / district (cached: several
    facts of a case, and the applications of one enterprise, ask about the same address)."""
    found = _classify(address)
    if found.region == "weihai":
        # h137: a second address after a separator (山东省威海市环翠区…；上海市静安区威海路88号) was read by its
        # first alone and passed: which one is the registered address the cell does not say. Said as an
        # address contradicting itself (需人工复核), naming the other place
        for part in _SECOND_ADDRESS.split(nfkc(address).replace(" ", ""))[1:]:
            other = _classify(part)
            if other.region == "outside" and _names_place(part):
                return AddressRegion("contradicts", other.place)
    return found


# h139: after the separator only a place written as one is a second address (上海市…, 江苏南京市…, 北京朝阳区…): a
# building or shop named after a city (…世昌大道1号，北京华联商厦; …，天津大厦5层; …/烟台大厦) is part of a Weihai
# address, which h137 made 地址前后矛盾 (需人工复核, and 未写明区市 for the route) where it had passed
_PLACE_WORD_AFTER = re.compile(r"(?:省|市|自治区|特别行政区|壮族|回族|维吾尔)|[\u4e00-\u9fff]{1,4}?(?<!小)(?:市|区|县)")


def _names_place(part: str) -> bool:
    """Whether a part after a separator names a province or city as a place: the name of :func:`_classify`'s
    leading-name branches followed by an administrative word (another place's pattern, 深圳市…区, is one already)."""
    text = _without_country(part)
    name = _leading(text, PROVINCES)
    if not name and text.startswith("山东"):
        text = _without_shandong(text)
        if not text or text.startswith(("省", "市")):
            return True
        name = _leading(text, SHANDONG_OTHER_CITIES)
    name = name or _leading(text, SHANDONG_OTHER_CITIES)
    return not name or _PLACE_WORD_AFTER.match(text, len(name)) is not None


# what parts a cell holding two addresses: a semicolon, a slash, a bar, a comma or 、 between them
_SECOND_ADDRESS = re.compile(r"[;；/|,，、]")


def _without_country(address: str) -> str:
    """The address compared (NFKC, no spaces) without the country written before it."""
    text = nfkc(address).replace(" ", "")
    for prefix in ("中华人民共和国", "中国"):
        text = text.removeprefix(prefix)
    return text


def _without_shandong(text: str) -> str:
    """``text`` (starting 山东) without 山东省 or 山东."""
    return text.removeprefix("山东省") if text.startswith("山东省") else text.removeprefix("山东")


def _classify(address: str) -> AddressRegion:
    text = _without_country(address)
    province = _leading(text, PROVINCES)
    if province and not _street_named(text, province):
        return AddressRegion("outside", province)
    if province:
        return AddressRegion("unknown", "")  # 上海路88号, 北京路: a street of that name, no place named
    if text.startswith("山东"):
        text = _without_shandong(text)
        other = _leading(text, SHANDONG_OTHER_CITIES)
        if other and not _street_named(text, other):
            return AddressRegion("outside", f"山东省{other}市")
    if text.startswith("威海") and not text.startswith("威海市场"):  # 威海 + 市场路, not 威海市 + 场路
        rest = text[len("威海市"):] if text.startswith("威海市") else text[len("威海"):]
        unit = _weihai_unit(rest)
        if not unit and text.startswith("威海市"):
            county = _COUNTY_FIRST.match(rest)
            if county and not county.group(0).endswith(_PARK_ENDS):
                # 威海市芝罘区…: a district or county no Weihai unit is (芝罘区 is Yantai's): the address
                # contradicts itself, and the city named first does not settle where it is
                return AddressRegion("contradicts", county.group(0))
        if text.startswith("威海市") or unit:
            return AddressRegion("weihai", unit or "威海市")
        return AddressRegion("unknown", "")  # "威海路…", "威海卫…": a street, not the city
    # Without "威海" in front only names unique to Weihai count ("经济技术开发区" or "临港" alone
    # exist in many cities): its districts and county-level cities, 石岛管理区 (荣成市's) and 南海新区, and a
    # short name before one of its areas (乳山经济开发区).
    unit = _leading(text, UNIQUE_WEIHAI_UNITS)
    if unit and not (unit.endswith("市") and text[len(unit):].startswith("场")):  # 荣成市场路…: a street, no city
        return AddressRegion("weihai", dict(WEIHAI_UNITS)[unit])
    if unit or text.startswith("威海市场"):
        return AddressRegion("unknown", "")  # 威海市场路…, 荣成市场路…: a street of that name, no city named
    short = _SHORT_NAME_AREA.match(text)
    if short:
        return AddressRegion("weihai", dict(WEIHAI_UNITS)[short.group(1)])
    other_city = _leading(text, SHANDONG_OTHER_CITIES)
    if other_city and not _street_named(text, other_city):
        return AddressRegion("outside", f"{other_city}市")
    if other_city:
        return AddressRegion("unknown", "")  # 青岛中路100号 (a street of Weihai's 环翠区 too): no city named
    # Any other city or prefecture named first ("深圳市…", "大连市…") is a place outside Weihai.
    named = _OTHER_PLACE.match(text)
    if named:
        return AddressRegion("outside", named.group(0))
    return AddressRegion("unknown", "")


# A district or county named right after 威海市 (two or three characters, then 区, 县 or 市): one that is
# no Weihai unit (WEIHAI_UNITS is tried first) makes the address contradict itself (威海市芝罘区: 芝罘区
# is Yantai's). A park or new area (威海市工业新区, …科技园区, 综保区, 工业区) is no county: left as 威海市.
_COUNTY_FIRST = re.compile(r"[\u4e00-\u9fff]{2,3}(区|县|(?<!城)市(?!场))")  # a county-level city too (威海市海阳市: Yantai's), not a 市场 nor a 新城市…
_PARK_ENDS = ("新区", "园区", "港区", "景区", "城区", "开发区", "保税区", "综保区", "工业区", "加工区")

# A city followed by one of its districts or counties; a street such as "工业园市场路" must not match.
_OTHER_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}(市|地区|自治州|盟)(?=[\u4e00-\u9fff]{1,6}?(区|县|市|旗|镇|乡|街道))")


# h137: a province's or a city's short name read as the place even where a road's word follows it: 青岛中路100号
# (a street of Weihai's 环翠区), 济南路8号, 上海路 were 不在威海市 (不符合条件, with a 不予受理告知书) of an address
# naming no city at all, as 荣成路 (a street of Qingdao) is no Weihai address (README, Registration in Weihai)
_ROAD_AFTER_NAME = re.compile(r"[东西南北中]{0,2}(?:路|街|大街|大道|道|巷|胡同)")


def _street_named(text: str, name: str) -> bool:
    """Whether the place name at the start of ``text`` is a street's name (the road's word right after it)."""
    return _ROAD_AFTER_NAME.match(text, len(name)) is not None


def _leading(text: str, names: tuple[str, ...]) -> str:
    if not text.startswith(names):  # one C-level pass first: most addresses start with none of them
        return ""
    for name in names:
        if text.startswith(name):
            return name
    return ""


def _weihai_unit(text: str) -> str:
    if not text.startswith(_WEIHAI_PREFIXES):
        return ""
    for prefix, unit in WEIHAI_UNITS:
        if text.startswith(prefix):
            return unit
    return ""


_WEIHAI_PREFIXES = tuple(prefix for prefix, _ in WEIHAI_UNITS)


def uscc_in_weihai(code: str) -> bool:
    """True when the registering authority's division code (positions 3-6) is Weihai's."""
    return code[2:6] == WEIHAI_DIVISION_PREFIX


def uscc_division(code: str) -> str:
    """Positions 3-8: the registering authority's GB/T 2260 division code."""
    return code[2:8]


def named_unit(text: str) -> str:
    """The Weihai district or zone a 区市 cell names at its start, after 山东省/威海市 ("威海经济技术开发区"
    → 经济技术开发区, "荣成" → 荣成市), or "" (烟台经济技术开发区 names none: unlike district_unit,
    a name is never looked for inside the text)."""
    compact = nfkc(text).replace(" ", "")
    for prefix in ("山东省", "山东", "威海市", "威海"):
        if compact.startswith(prefix):
            compact = compact[len(prefix):]
    return _weihai_unit(compact)


def district_unit(text: str) -> str:
    """The Weihai district or zone a 区市 cell or a file name names ("经区" → 经济技术开发区,
    "环翠区工信局" → 环翠区, "山东省威海市文登区" → 文登区), or "" when it names none."""
    compact = nfkc(text).replace(" ", "")
    for prefix in ("山东省", "山东", "威海市", "威海"):
        if compact.startswith(prefix):
            compact = compact[len(prefix):]
    unit = _weihai_unit(compact)
    if unit:
        return unit
    if compact in WHOLE_CELL_NAMES:
        return WHOLE_CELL_NAMES[compact]
    # a file name such as "2021年环翠区申报汇总表": the unit named anywhere, longest names first, but
    # not as the tail of another place's name (烟台经济技术开发区, 济南高新区: another city's zone)
    for name, unit in WEIHAI_UNITS:
        at = compact.find(name)
        if at < 0:
            continue
        if len(name) >= 3 and not _another_place_before(compact[:at]):
            return unit
        if len(name) == 2 and compact[:at].endswith(("威海市", "威海")):
            return unit  # 高区, 经区 inside a longer text only after 威海: 2021年威海高区申报汇总表 (not 新高区…)
        if name in UNIQUE_SHORT_NAMES and not _another_place_before(compact[:at]):
            return unit  # 2021年环翠汇总表: 环翠, 文登, 荣成, 乳山 name no other place in China
    return ""


# a unit's name that names it only as the whole cell (所在区市 "南海", as rules/regions.yaml lists it): never read
# at the start of an address or inside a longer text (南海路, 佛山市南海区)
WHOLE_CELL_NAMES = {"南海": "南海新区"}


def _another_place_before(prefix: str) -> bool:
    """Whether the text before a unit's name ends in a place name of its own: a Chinese character
    other than the words a title puts there (2021年度, 关于…的). Weihai itself is no other place:
    "2021年威海市环翠区申报汇总表" names 环翠区."""
    for city in ("威海市", "威海"):
        if prefix.endswith(city):
            return False
    last = prefix[-1:]
    return bool(last) and "\u4e00" <= last <= "\u9fff" and last not in "年度的于及和与、"



REGIONS_FILE = "regions.yaml"


class DistrictOrder:
    """The sort key of a 所在区市 as written: the city's units in the order of rules/regions.yaml
    (a common name such as 高区 as its unit), then other names in the order first seen, blank last."""

    def __init__(self, units: list[tuple[str, tuple[str, ...]]]):
        self.rank: dict[str, int] = {}
        for index, (name, aliases) in enumerate(units):
            for written in (name, *aliases):
                self.rank[nfkc(written)] = index
        self.known = len(units)
        self.first_seen: dict[str, int] = {}

    def key(self, written: str | None) -> tuple[int, int]:
        text = nfkc(written or "").strip()
        if not text:
            return (self.known + 1, 0)
        if text in self.rank:
            return (self.rank[text], 0)
        return (self.known, self.first_seen.setdefault(text, len(self.first_seen)))


def load_district_order(directory) -> DistrictOrder:
    """The order in ``directory``/regions.yaml (the rulebook's); none listed if the file is absent."""
    from pathlib import Path

    from checker.core.yamlfile import load_yaml

    path = Path(directory) / REGIONS_FILE
    if not path.is_file():
        return DistrictOrder([])
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return DistrictOrder([(str(unit["name"]), tuple(str(a) for a in unit.get("aliases") or ())) for unit in data.get("units") or []])
