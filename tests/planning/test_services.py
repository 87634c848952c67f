"""Workflow and entry services: permissions, transitions, concurrency, audit and the what-if check."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.organizations.models import Position
from apps.people.models import DisciplineRecord
from apps.planning import services
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList
from apps.rules.models import RuleSet
from tests.planning.conftest import Planning

pytestmark = pytest.mark.django_db

BORN_ELIGIBLE = dt.date(1980, 5, 10)  # a man with 20 years of work left in 2025
BORN_TOO_OLD = dt.date(1968, 3, 15)  # domain R3 example: 57 months left at 01/06/2025


def decided() -> dt.date:
    """A decision date the approval accepts: today (not after today, not before the submission)."""
    return timezone.localdate()


def position(code: str) -> Position:
    return Position.objects.get(code=code)


def submitted(planning: Planning) -> PlanningList:
    planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    services.planning_list_submit(planning_list=planning.pl, user=planning.editor)
    return planning.pl


def approved(planning: Planning) -> PlanningList:
    pl = submitted(planning)
    services.planning_list_approve(
        planning_list=pl,
        user=planning.approver,
        decision_number="12-QĐ/TU",
        decision_date=decided(),
    )
    return pl


# --- Adding entries ------------------------------------------------------------------------------------


def test_add_plans_the_official_and_moves_the_list_on(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    entry = services.planning_entry_add(
        planning_list=planning.pl, official=an, position=position("BI_THU"), user=planning.editor, revision=1
    )
    assert entry.status == EntryStatus.ACTIVE and entry.first_time
    planning.pl.refresh_from_db()
    assert planning.pl.revision == 2 and planning.pl.updated_by == planning.editor


def test_add_is_refused_to_read_only_roles_and_outsiders(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    for user in (planning.viewer, planning.approver, planning.sibling):
        with pytest.raises(PermissionDenied):
            services.planning_entry_add(
                planning_list=planning.pl, official=an, position=position("BI_THU"), user=user
            )
    assert not PlanningEntry.objects.exists()


def test_add_refuses_an_official_outside_the_users_organizations(planning: Planning) -> None:
    stranger = planning.official("Lê Văn Cường", BORN_ELIGIBLE, org=planning.B)
    with pytest.raises(PermissionDenied, match=str(services.ERR_OFFICIAL_OUT_OF_SCOPE)):
        services.planning_entry_add(
            planning_list=planning.pl, official=stranger, position=position("BI_THU"), user=planning.editor
        )


def test_add_refuses_the_same_official_twice_for_one_position(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    planning.plan(an, "BI_THU")
    with pytest.raises(services.PlanningError, match="đã có trong quy hoạch chức danh Bí thư"):
        services.planning_entry_add(
            planning_list=planning.pl, official=an, position=position("BI_THU"), user=planning.editor
        )


def test_add_over_a_newer_revision_is_refused_with_who_and_when(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    binh = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    services.planning_entry_add(
        planning_list=planning.pl, official=an, position=position("BI_THU"), user=planning.admin, revision=1
    )
    with pytest.raises(services.StaleError) as refused:
        services.planning_entry_add(
            planning_list=planning.pl,
            official=binh,
            position=position("BI_THU"),
            user=planning.editor,
            revision=1,
        )
    when = timezone.localtime(PlanningList.objects.get().updated_at).strftime("%H:%M %d/%m/%Y")
    assert str(refused.value) == str(services.ERR_STALE_LIST) % {"who": "Người admin", "when": when}
    assert "Người admin đã sửa danh sách này lúc" in str(refused.value)
    assert PlanningEntry.objects.count() == 1


def test_frozen_lists_refuse_edits_with_a_vietnamese_message(planning: Planning) -> None:
    pl = submitted(planning)
    binh = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    with pytest.raises(services.PlanningError, match="đã được trình và đang chờ phê duyệt"):
        services.planning_entry_add(
            planning_list=pl, official=binh, position=position("UV_BCH"), user=planning.editor
        )
    services.planning_list_approve(
        planning_list=pl, user=planning.approver, decision_number="1-QĐ", decision_date=decided()
    )
    with pytest.raises(services.PlanningError) as refused:
        services.planning_entry_add(
            planning_list=pl, official=binh, position=position("UV_BCH"), user=planning.editor
        )
    assert str(refused.value) == str(services.ERR_APPROVED)
    entry = pl.entries.get()
    with pytest.raises(services.PlanningError, match=str(services.ERR_APPROVED)):
        services.planning_entry_remove(entry=entry, user=planning.editor, reason="Chuyển công tác")


# --- Removing entries ----------------------------------------------------------------------------------


def test_remove_needs_a_reason_and_keeps_the_entry(planning: Planning) -> None:
    entry = planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    with pytest.raises(services.PlanningError) as refused:
        services.planning_entry_remove(entry=entry, user=planning.editor, reason="   ")
    assert str(refused.value) == str(services.ERR_REASON_REQUIRED)
    services.planning_entry_remove(
        entry=entry, user=planning.editor, reason=" Chuyển   công tác ", revision=entry.revision
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED
    assert entry.removed_reason == "Chuyển công tác"
    assert entry.removed_on == timezone.localdate() and entry.removed_by == planning.editor
    with pytest.raises(services.PlanningError, match="đã được đưa ra khỏi quy hoạch ngày"):
        services.planning_entry_remove(
            entry=entry, user=planning.editor, reason="Lần nữa", revision=entry.revision
        )


def test_remove_over_a_newer_entry_revision_is_refused(planning: Planning) -> None:
    entry = planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    services.planning_entry_remove(entry=entry, user=planning.admin, reason="Nghỉ hưu sớm", revision=1)
    stale = PlanningEntry.objects.get(pk=entry.pk)
    with pytest.raises(services.StaleError, match="Người admin đã sửa mục này lúc"):
        services.planning_entry_remove(entry=stale, user=planning.editor, reason="Khác", revision=1)


def test_changes_are_recorded_with_who_did_them(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    entry = services.planning_entry_add(
        planning_list=planning.pl, official=an, position=position("BI_THU"), user=planning.editor
    )
    services.planning_entry_remove(entry=entry, user=planning.editor, reason="Chuyển công tác")
    events = apps.get_model("planning", "PlanningEntryEvent").objects.filter(pgh_obj=entry).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[1].removed_reason == "Chuyển công tác"
    assert all(e.pgh_context.metadata["user"] == planning.editor.pk for e in events)


# --- Workflow ------------------------------------------------------------------------------------------


def test_submit_records_the_rule_set_evaluated(planning: Planning) -> None:
    with pytest.raises(services.PlanningError, match=str(services.ERR_EMPTY_LIST)):
        services.planning_list_submit(planning_list=planning.pl, user=planning.editor)
    pl = submitted(planning)
    assert pl.status == ListStatus.SUBMITTED and pl.submitted_by == planning.editor
    assert pl.rule_set_used == RuleSet.objects.get(code="HD16-2022")
    with pytest.raises(services.PlanningError, match=str(services.ERR_NOT_SUBMITTABLE)):
        services.planning_list_submit(planning_list=pl, user=planning.editor)


def test_submit_is_refused_to_viewers_and_approvers(planning: Planning) -> None:
    planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU")
    for user in (planning.viewer, planning.approver, planning.sibling):
        with pytest.raises(PermissionDenied):
            services.planning_list_submit(planning_list=planning.pl, user=user)


def test_only_an_approver_above_approves_with_a_decision(planning: Planning) -> None:
    pl = submitted(planning)
    for user in (planning.editor, planning.approver_d, planning.viewer, planning.sibling):
        with pytest.raises(PermissionDenied):
            services.planning_list_approve(
                planning_list=pl, user=user, decision_number="1", decision_date=decided()
            )
    with pytest.raises(services.PlanningError, match=str(services.ERR_DECISION_NUMBER_REQUIRED)):
        services.planning_list_approve(
            planning_list=pl, user=planning.approver, decision_number=" ", decision_date=decided()
        )
    with pytest.raises(services.PlanningError, match=str(services.ERR_DECISION_DATE_REQUIRED)):
        services.planning_list_approve(
            planning_list=pl, user=planning.approver, decision_number="12-QĐ/TU", decision_date=None
        )
    services.planning_list_approve(
        planning_list=pl,
        user=planning.approver,
        decision_number="12-QĐ/TU",
        decision_date=decided(),
        revision=pl.revision,
    )
    pl.refresh_from_db()
    assert (pl.status, pl.decision_number, pl.decision_date) == ("approved", "12-QĐ/TU", decided())
    assert pl.decided_by == planning.approver and pl.is_frozen


def test_a_draft_cannot_be_approved_or_returned(planning: Planning) -> None:
    with pytest.raises(services.PlanningError, match=str(services.ERR_NOT_SUBMITTED)):
        services.planning_list_approve(
            planning_list=planning.pl,
            user=planning.approver,
            decision_number="1",
            decision_date=decided(),
        )
    with pytest.raises(services.PlanningError, match=str(services.ERR_NOT_SUBMITTED)):
        services.planning_list_return(planning_list=planning.pl, user=planning.approver, comment="Sửa")


def test_return_needs_a_comment_and_reopens_the_list(planning: Planning) -> None:
    pl = submitted(planning)
    with pytest.raises(services.PlanningError, match=str(services.ERR_COMMENT_REQUIRED)):
        services.planning_list_return(planning_list=pl, user=planning.approver, comment="")
    services.planning_list_return(planning_list=pl, user=planning.approver, comment="Thiếu cán bộ nữ")
    pl.refresh_from_db()
    assert pl.status == ListStatus.RETURNED and pl.return_comment == "Thiếu cán bộ nữ"
    binh = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    services.planning_entry_add(
        planning_list=pl, official=binh, position=position("BI_THU"), user=planning.editor
    )
    services.planning_list_submit(planning_list=pl, user=planning.editor)
    assert pl.status == ListStatus.SUBMITTED


def test_approving_over_a_newer_revision_is_refused(planning: Planning) -> None:
    pl = submitted(planning)
    seen = pl.revision
    services.planning_list_return(planning_list=pl, user=planning.admin, comment="Xem lại")
    services.planning_list_submit(planning_list=pl, user=planning.editor)
    with pytest.raises(services.StaleError, match="Người editor đã sửa danh sách này"):
        services.planning_list_approve(
            planning_list=pl,
            user=planning.approver,
            decision_number="1",
            decision_date=decided(),
            revision=seen,
        )


def test_new_version_copies_active_entries_and_keeps_the_approved_one(planning: Planning) -> None:
    binh = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    gone = planning.plan(
        binh, "UV_BCH", status=EntryStatus.REMOVED, removed_reason="Chuyển", removed_on=dt.date(2025, 6, 2)
    )
    old = approved(planning)
    with pytest.raises(PermissionDenied):
        services.planning_list_new_version(planning_list=old, user=planning.viewer)
    new = services.planning_list_new_version(planning_list=old, user=planning.editor)
    assert (new.version, new.previous, new.status, new.reference_date) == (
        2,
        old,
        "draft",
        old.reference_date,
    )
    copied = list(new.entries.values_list("official__full_name", "position__code", "first_time", "status"))
    assert copied == [("Nguyễn Văn An", "BI_THU", False, "active")]
    old.refresh_from_db()
    assert old.status == ListStatus.APPROVED and old.entries.count() == 2 and gone.planning_list_id == old.pk
    with pytest.raises(services.PlanningError, match="đã có phiên bản mới hơn"):
        services.planning_list_new_version(planning_list=old, user=planning.editor)
    with pytest.raises(services.PlanningError, match=str(services.ERR_NOT_APPROVED)):
        services.planning_list_new_version(planning_list=new, user=planning.editor)


# --- What-if -------------------------------------------------------------------------------------------


def test_preview_shows_the_entrys_findings_and_the_quotas_after_without_writing(planning: Planning) -> None:
    planning.plan(planning.official("Nguyễn Văn Bình", BORN_ELIGIBLE), "PHO_BI_THU")
    woman = planning.official("Trần Thị Cúc", BORN_TOO_OLD, sex="F")
    an = planning.official("Nguyễn Văn An", BORN_TOO_OLD)
    preview = services.planning_entry_preview(
        planning_list=planning.pl, official=an, position=position("BI_THU")
    )
    assert not preview.result.eligible and not preview.already_planned
    assert [f.code for f in preview.result.findings] == ["AGE_FULL_TERM"]
    assert (
        "Còn 57 tháng công tác tính đến 01/06/2025, chưa đủ trọn nhiệm kỳ"
        in preview.result.findings[0].message
    )
    assert preview.rule_set == "HD16-2022"
    women_after = {q.code: q for q in preview.quotas_after}["QUOTA_WOMEN"]
    assert (women_after.count, women_after.total) == (0, 2)
    assert any(f.code == "THIN_BENCH" and f.position == "BI_THU" for f in preview.new_findings)
    assert PlanningEntry.objects.count() == 1
    with_woman = services.planning_entry_preview(
        planning_list=planning.pl, official=woman, position=position("BI_THU")
    )
    assert any(f.code == "NO_WOMAN_IN_GROUP" for f in with_woman.resolved_findings)
    again = services.planning_entry_preview(
        planning_list=planning.pl,
        official=PlanningEntry.objects.get().official,
        position=position("PHO_BI_THU"),
    )
    assert again.already_planned


def test_preview_uses_the_officials_discipline_and_target_group_override(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", dt.date(1972, 1, 1))  # 103 months left
    DisciplineRecord.objects.create(official=an, level="reprimand", start_date=dt.date(2025, 1, 1))
    preview = services.planning_entry_preview(
        planning_list=planning.pl, official=an, position=position("BI_THU"), target_group_override=2
    )
    assert {f.code for f in preview.result.findings} == {"DISCIPLINED", "AGE_TWO_TERMS"}


# --- R7 removal triggers -------------------------------------------------------------------------------


def test_removal_triggers_remove_entries_under_an_auto_remove_rule_set(planning: Planning) -> None:
    old = planning.plan(planning.official("Nguyễn Văn An", BORN_TOO_OLD), "BI_THU")
    fine = planning.plan(planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F"), "BI_THU")
    triggers = services.planning_list_apply_removal_triggers(
        planning_list=planning.pl, user=planning.editor, at=dt.date(2025, 6, 1)
    )
    assert [t.entry_id for t in triggers] == [old.pk]
    old.refresh_from_db()
    fine.refresh_from_db()
    assert old.status == EntryStatus.REMOVED and old.removed_on == dt.date(2025, 6, 1)
    assert old.removed_reason.startswith("Quá tuổi quy hoạch: còn 57 tháng công tác")
    assert fine.status == EntryStatus.ACTIVE


def test_removal_triggers_flag_entries_under_qd377(planning: Planning) -> None:
    planning.pl.rule_set = RuleSet.objects.get(code="QD377-2025")
    planning.pl.save()
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE, meets_political_standard=False)
    entry = planning.plan(an, "BI_THU")
    services.planning_list_apply_removal_triggers(
        planning_list=planning.pl, user=planning.editor, at=dt.date(2026, 1, 1)
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE
    assert entry.flagged_for_review.startswith("Có kết luận không bảo đảm tiêu chuẩn chính trị")


def test_removal_triggers_need_an_editable_list_and_an_editor(planning: Planning) -> None:
    with pytest.raises(PermissionDenied):
        services.planning_list_apply_removal_triggers(planning_list=planning.pl, user=planning.viewer)
    pl = submitted(planning)
    with pytest.raises(services.PlanningError, match=str(services.ERR_SUBMITTED)):
        services.planning_list_apply_removal_triggers(planning_list=pl, user=planning.editor)


# --- Creating lists ------------------------------------------------------------------------------------


def test_create_uses_the_default_reference_date_and_refuses_duplicates(planning: Planning) -> None:
    created = services.planning_list_create(
        organization=planning.C, term=planning.term, kind="next", user=planning.editor
    )
    # a commune's congress month of 2025-2030 (Chỉ thị 45-CT/TW, shipped in TermLevelStart)
    assert created.reference_date == dt.date(2025, 7, 1) and created.status == ListStatus.DRAFT
    with pytest.raises(services.PlanningError, match="Đã có danh sách quy hoạch của Xã C"):
        services.planning_list_create(
            organization=planning.C, term=planning.term, kind="next", user=planning.editor
        )
    with pytest.raises(PermissionDenied):
        services.planning_list_create(
            organization=planning.B, term=planning.term, kind="next", user=planning.editor
        )
