"""R5, R6, R7 through the database and the JSON report: caps, a woman per group, PENDING_PROPOSAL,
QD377 discipline periods, and the removal run of a next list at its fixed reference date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from apps.organizations.models import Level, Organization, Position, Term
from apps.people.models import DisciplineRecord, Official, Proposal
from apps.planning.models import EntryStatus, ListKind, PlanningEntry, PlanningList
from apps.planning.services import planning_list_apply_removal_triggers
from apps.rules.models import RuleSet
from tests.rules_db.report import entry_codes, list_codes, report_json

pytestmark = pytest.mark.django_db

HD16_DATE = dt.date(2025, 6, 1)  # HD16-2022 is in force
QD377_DATE = dt.date(2025, 11, 1)  # QD377-2025 is in force


@pytest.fixture
def province() -> Organization:
    return Organization.objects.create(code="TINH", name="Tỉnh", level=Level.PROVINCE)


def _list(org: Organization, ref: dt.date, kind: str = ListKind.NEXT) -> PlanningList:
    return PlanningList.objects.create(
        organization=org, term=Term.objects.get(code="2025-2030"), kind=kind, reference_date=ref
    )


def _plan(pl: PlanningList, n: int, code: str, sex: str = "M", first: int = 0) -> list[Official]:
    people = []
    for i in range(first, first + n):
        official = Official.objects.create(
            full_name=f"Cán bộ {code} {i}",
            birth_date=dt.date(1980, 1, 1 + i),
            sex=sex,
            organization=pl.organization,
        )
        PlanningEntry.objects.create(
            planning_list=pl, official=official, position=Position.objects.get(code=code)
        )
        people.append(official)
    return people


def test_the_shipped_rule_sets_say_what_the_sources_say() -> None:
    hd16, qd377 = RuleSet.objects.get(code="HD16-2022"), RuleSet.objects.get(code="QD377-2025")
    assert (hd16.max_people_per_position, qd377.max_people_per_position) == (3, 3)
    assert (hd16.pending_proposal_warning, qd377.pending_proposal_warning) == (False, True)
    assert (hd16.discipline_from_decision, qd377.discipline_from_decision) == (False, True)
    assert (
        qd377.discipline_months_reprimand,
        qd377.discipline_months_warning,
        qd377.discipline_months_dismissal,
    ) == (24, 36, 60)
    assert "discipline_months_reprimand" in qd377.to_confirm
    for rule_set in (hd16, qd377):
        woman = {row.level for row in rule_set.levels.all() if row.woman_in_each_group}
        assert woman == {"central", "province", "district"}


def test_four_people_on_one_position_of_an_hd16_list_get_position_over_cap(
    province: Organization, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pl = _list(province, HD16_DATE)
    _plan(pl, 4, "PHO_BI_THU")
    _plan(pl, 1, "PHO_BI_THU", sex="F", first=10)  # a woman elsewhere is not enough for 5 > 3 either
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert data["lists"][0]["rule_set"] == "HD16-2022"
    [over] = [f for f in data["lists"][0]["findings"] if f["code"] == "POSITION_OVER_CAP"]
    assert (over["severity"], over["position"]) == ("error", "PHO_BI_THU")
    assert (
        over["message"]
        == "Chức danh Phó Bí thư có 5 người trong quy hoạch, vượt mức tối đa 3 người (thừa 2)."
    )


def test_four_exactly_on_an_hd16_list(
    province: Organization, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pl = _list(province, HD16_DATE)
    _plan(pl, 4, "PHO_BI_THU")
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert "POSITION_OVER_CAP" in list_codes(data)


def test_a_province_list_whose_committee_group_has_no_woman_gets_no_woman_in_group(
    province: Organization, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pl = _list(province, HD16_DATE)
    _plan(pl, 2, "BI_THU")
    _plan(pl, 2, "CT_UBND", sex="F", first=5)
    data = report_json(monkeypatch, tmp_path, "TINH")
    [finding] = [f for f in data["lists"][0]["findings"] if f["code"] == "NO_WOMAN_IN_GROUP"]
    assert (finding["severity"], finding["position_group"]) == ("error", "committee")


def test_pending_proposal_warns_on_a_qd377_list(
    province: Organization, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pl = _list(province, QD377_DATE)
    [official, other] = _plan(pl, 2, "UV_BCH")
    Proposal.objects.create(
        official=official, kind="appoint", proposed_on=dt.date(2025, 10, 20), body="Ban Thường vụ Tỉnh ủy"
    )
    Proposal.objects.create(
        official=other, kind="nominate", proposed_on=dt.date(2025, 9, 1), body="Đảng đoàn HĐND",
        decided_on=dt.date(2025, 10, 1),
    )  # fmt: skip
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert data["lists"][0]["rule_set"] == "QD377-2025"
    assert [c for c in entry_codes(data)] == [["PENDING_PROPOSAL"], []]
    finding = data["lists"][0]["entries_detail"][0]["findings"][0]
    assert finding["severity"] == "warning"
    assert "đề xuất bổ nhiệm cán bộ này (ngày 20/10/2025, Ban Thường vụ Tỉnh ủy)" in finding["message"]
    assert data["lists"][0]["entries_detail"][0]["eligible"] is True


def test_person_cap_counts_the_lists_of_the_same_level(
    province: Organization, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    xa1 = Organization.objects.create(code="XA1", name="Xã 1", level=Level.COMMUNE, parent=province)
    xa2 = Organization.objects.create(code="XA2", name="Xã 2", level=Level.COMMUNE, parent=province)
    first, second = _list(xa1, HD16_DATE), _list(xa2, HD16_DATE)
    official = Official.objects.create(
        full_name="Lê Văn Ba", birth_date=dt.date(1980, 1, 1), sex="M", organization=xa1
    )
    for pl, codes in ((first, ("BI_THU", "PHO_BI_THU")), (second, ("CT_UBND", "CT_HDND"))):
        for code in codes:
            PlanningEntry.objects.create(
                planning_list=pl, official=official, position=Position.objects.get(code=code)
            )
    data = report_json(monkeypatch, tmp_path, "TINH")
    for index in (0, 1):
        assert entry_codes(data, index) == [["PERSON_OVER_CAP"], ["PERSON_OVER_CAP"]]
    message = data["lists"][0]["entries_detail"][0]["findings"][0]["message"]
    assert "4 chức danh ở cùng cấp (2 trong danh sách này)" in message
    # a list of another level does not count
    second.organization = province
    second.save()
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert all(codes == [] for i in (0, 1) for codes in entry_codes(data, i))


def test_qd377_discipline_period_from_the_decision_in_the_report(
    province: Organization, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pl = _list(province, QD377_DATE)
    [official] = _plan(pl, 1, "UV_BCH")
    # a reprimand decided 10/01/2024, its record ended 30/06/2024: within 24 months of the decision
    DisciplineRecord.objects.create(
        official=official, level="reprimand", start_date=dt.date(2024, 1, 10), end_date=dt.date(2024, 6, 30)
    )
    data = report_json(monkeypatch, tmp_path, "TINH")
    assert entry_codes(data) == [["DISCIPLINED"]]
    assert data["lists"][0]["entries_detail"][0]["findings"][0]["severity"] == "warning"
    RuleSet.objects.filter(code="QD377-2025").update(discipline_months_reprimand=12)  # rule-set data
    assert entry_codes(report_json(monkeypatch, tmp_path, "TINH")) == [[]]


def test_the_removal_run_of_a_next_list_keeps_its_reference_date(province: Organization) -> None:
    pl = _list(province, HD16_DATE)
    # born 05/1969: 62 at 05/2031, 71 months left on 01/06/2025; group 1 of a next list needs 60
    official = Official.objects.create(
        full_name="Đỗ Văn Tư", birth_date=dt.date(1969, 5, 1), sex="M", organization=province
    )
    entry = PlanningEntry.objects.create(
        planning_list=pl, official=official, position=Position.objects.get(code="BI_THU")
    )
    assert planning_list_apply_removal_triggers(planning_list=pl, at=dt.date(2027, 1, 1)) == []
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE
    current = _list(province, dt.date(2027, 1, 1), kind=ListKind.CURRENT)
    PlanningEntry.objects.create(
        planning_list=current, official=official, position=Position.objects.get(code="BI_THU")
    )
    [trigger] = planning_list_apply_removal_triggers(planning_list=current, at=dt.date(2027, 1, 1))
    assert trigger.reason == "over_age"
