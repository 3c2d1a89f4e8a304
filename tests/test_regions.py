"""The administrative order of districts (rules/regions.yaml) used to group summaries."""

from __future__ import annotations

from checker.check.region import load_district_order


def test_units_in_order_aliases_as_their_unit_unknown_as_first_seen_blank_last(book):
    order = load_district_order(book.directory)
    written = ["临港区", "", "青岛市", "乳山市", "高区", "环翠区", "外省", "文登市", "经区", "ＨＸ", "荣成市", "南海新区"]
    assert sorted(written, key=order.key) == ["环翠区", "文登市", "荣成市", "乳山市", "高区", "经区", "临港区", "南海新区",
                                             "青岛市", "外省", "ＨＸ", ""]
    assert order.key("高新区") == order.key("火炬高技术产业开发区") == (4, 0)
    # the short names registered addresses use (h33): with their zone, not after every named district
    assert (order.key("高技区"), order.key("经技区")) == (order.key("高区"), order.key("经区"))


def test_without_the_file_every_name_keeps_its_first_seen_place(tmp_path):
    order = load_district_order(tmp_path)
    assert sorted(["乳山市", "环翠区", "乳山市", ""], key=order.key) == ["乳山市", "乳山市", "环翠区", ""]
