"""The planning pages: what they show, the what-if check, workflow forms, import/export, query counts."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.organizations.models import Position
from apps.people.models import Official
from apps.planning import services
from apps.planning.models import EntryStatus, ListStatus, PlanningEntry, PlanningList
from apps.planning.services import PLANNING_COLUMNS
from apps.planning.views import IMPORT_SESSION_KEY
from tests.planning.conftest import Planning

pytestmark = pytest.mark.django_db

BORN_ELIGIBLE = dt.date(1980, 5, 10)
BORN_TOO_OLD = dt.date(1968, 3, 15)  # 57 months left at 01/06/2025: fails group 1 of a next list


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail_url(pl: PlanningList) -> str:
    return reverse("planning:detail", kwargs={"pk": pl.pk})


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's visible text, tags stripped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def populated(planning: Planning) -> tuple[PlanningEntry, PlanningEntry]:
    too_old = planning.plan(planning.official("Nguyễn Văn An", BORN_TOO_OLD), "PHO_BI_THU")
    fine = planning.plan(planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F"), "BI_THU")
    return too_old, fine


# --- The list page -------------------------------------------------------------------------------------


def test_list_page_groups_entries_and_shows_badges_reasons_quotas_and_rule_set(planning: Planning) -> None:
    populated(planning)
    planning.plan(planning.official("Lê Văn Cường", BORN_ELIGIBLE), "TRUONG_PHONG")
    page = text(client_for(planning.viewer).get(detail_url(planning.pl)))
    # grouped by position group, then position, in catalogue order
    groups = page[page.index("Cấp ủy (") :]
    assert groups.index("Bí thư (") < groups.index("Phó Bí thư (") < groups.index("Quản lý (")
    assert groups.index("Quản lý (") < groups.index("Trưởng phòng (")
    assert "Không đủ điều kiện" in page and "Đủ điều kiện" in page
    assert (
        "Còn 57 tháng công tác tính đến 01/06/2025, chưa đủ trọn nhiệm kỳ (cần 60 tháng, thiếu 3 tháng)."
        in page
    )
    assert "Ngày mốc tính tuổi 01/06/2025" in page
    assert "HD16-2022" in page
    assert "Cán bộ nữ" in page and "Cán bộ trẻ" in page
    # list findings name the posts in plain words, not by catalogue code
    assert "Chức danh Phó Bí thư chỉ có 1 người trong quy hoạch" in page
    assert "PHO_BI_THU" not in page
    assert "Lịch sử thay đổi" in page


def test_viewers_see_no_edit_actions_and_editors_do(planning: Planning) -> None:
    populated(planning)
    add_url = reverse("planning:entry_add", kwargs={"pk": planning.pl.pk})
    assert add_url not in client_for(planning.viewer).get(detail_url(planning.pl)).content.decode()
    assert add_url in client_for(planning.editor).get(detail_url(planning.pl)).content.decode()


def test_list_index_is_scoped_and_filtered(planning: Planning) -> None:
    other = PlanningList.objects.create(
        organization=planning.B, term=planning.term, kind="next", reference_date=dt.date(2025, 6, 1)
    )
    index = reverse("planning:list")
    seen = client_for(planning.editor).get(index).context["page_obj"].object_list
    assert [pl.pk for pl in seen] == [planning.pl.pk]
    sibling_sees = client_for(planning.sibling).get(index).context["page_obj"].object_list
    assert [pl.pk for pl in sibling_sees] == [other.pk]
    approver = client_for(planning.approver)
    assert len(approver.get(index).context["page_obj"].object_list) == 2
    assert [pl.pk for pl in approver.get(index, {"org": planning.B.pk}).context["page_obj"].object_list] == [
        other.pk
    ]
    assert not approver.get(index, {"status": "approved"}).context["page_obj"].object_list
    # guessing an organization outside the user's scope filters nothing in: the choice is refused
    assert (
        not client_for(planning.editor).get(index, {"org": planning.B.pk}).context["filter"].form.is_valid()
    )


def _fill(planning: Planning, n: int) -> None:
    for i in range(n):
        sex = "F" if i % 3 == 0 else "M"
        official = planning.official(f"Cán bộ {i}", dt.date(1965 + i % 25, 1 + i % 12, 1), sex)
        code = ["BI_THU", "UV_BCH", "TRUONG_PHONG", "CT_UBND"][i % 4]
        # through the service, so that the history has users to name
        services.planning_entry_add(
            planning_list=planning.pl,
            official=official,
            position=Position.objects.get(code=code),
            user=planning.editor,
        )


@pytest.mark.parametrize("entries", [5, 50])
def test_list_page_queries_do_not_grow_with_entries(
    planning: Planning, entries: int, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _fill(planning, entries)
    client = client_for(planning.editor)
    client.get(detail_url(planning.pl))  # warm the session
    # session, user, memberships, the list; evaluation: lists, rule sets, rule-set levels, disciplines,
    # votes, confidence votes, entries; positions, entries with their officials, versions; list history:
    # events, organizations and terms it names, users; entry history: events, users; the rule set in
    # force (not chosen, not yet recorded); issue 9 adds three to the evaluation: the officials' pending
    # proposals (R6, QD377), their entries in the other lists of the same term, kind and level (R6 cap
    # per person), and the posts' standards per level (R9); issue 13 adds the position catalogue (the
    # entries query no longer joins the posts, so a national report's million rows carry no post names)
    # and the levels of the officials' workplaces (nor does it join their organizations)
    with django_assert_max_num_queries(26):
        response = client.get(detail_url(planning.pl))
    assert response.status_code == 200


@pytest.mark.parametrize("lists", [5, 50])
def test_list_index_queries_do_not_grow_with_lists(
    planning: Planning, lists: int, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from apps.organizations.models import Level, Organization

    for i in range(lists - 1):
        commune = Organization.objects.create(
            code=f"X{i}", name=f"Xã {i}", level=Level.COMMUNE, parent=planning.D
        )
        pl = PlanningList.objects.create(
            organization=commune, term=planning.term, kind="next", reference_date=dt.date(2025, 6, 1)
        )
        planning.plan(planning.official(f"Cán bộ {i}", BORN_ELIGIBLE, org=commune), "BI_THU", pl=pl)
    client = client_for(planning.editor)
    client.get(reverse("planning:list"))
    # session, user, memberships, count, filter choices (terms, organizations), the page of lists
    with django_assert_max_num_queries(7):
        response = client.get(reverse("planning:list"), {"kind": "next"})
    assert len(response.context["page_obj"].object_list) == lists


# --- Adding an entry: picker, what-if, save ------------------------------------------------------------


def test_official_search_is_accent_insensitive_and_scoped(planning: Planning) -> None:
    planning.official("Nguyễn Văn Đạt", BORN_ELIGIBLE)
    planning.official("Nguyễn Văn Dũng", BORN_ELIGIBLE, org=planning.C)
    planning.official("Nguyễn Văn Đông", BORN_ELIGIBLE, org=planning.B)
    url = reverse("planning:official_search", kwargs={"pk": planning.pl.pk})
    page = text(client_for(planning.editor).get(url, {"q": "nguyen van d"}, headers={"HX-Request": "true"}))
    assert "Nguyễn Văn Đạt" in page and "Nguyễn Văn Dũng" in page
    assert "Đông" not in page


def test_preview_shows_the_reason_before_saving_and_writes_nothing(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_TOO_OLD)
    url = reverse("planning:entry_preview", kwargs={"pk": planning.pl.pk})
    data = {"official": an.pk, "position": Position.objects.get(code="BI_THU").pk, "revision": 1}
    response = client_for(planning.editor).post(url, data, headers={"HX-Request": "true"})
    page = text(response)
    assert "Không đủ điều kiện" in page
    assert "Còn 57 tháng công tác tính đến 01/06/2025, chưa đủ trọn nhiệm kỳ" in page
    assert "Cán bộ nữ" in page  # the quotas after adding
    assert "<html" not in response.content.decode()  # a fragment for htmx
    assert not PlanningEntry.objects.exists()
    planning.pl.refresh_from_db()
    assert planning.pl.revision == 1


def test_preview_of_an_official_outside_the_scope_shows_nothing(planning: Planning) -> None:
    stranger = planning.official("Lê Văn Cường", BORN_TOO_OLD, org=planning.B)
    url = reverse("planning:entry_preview", kwargs={"pk": planning.pl.pk})
    data = {"official": stranger.pk, "position": Position.objects.get(code="BI_THU").pk}
    page = text(client_for(planning.editor).post(url, data))
    assert "Lê Văn Cường" not in page and "Chọn cán bộ và chức danh" in page


def test_add_saves_and_a_stale_page_is_refused_with_who_and_when(planning: Planning) -> None:
    an = planning.official("Nguyễn Văn An", BORN_ELIGIBLE)
    binh = planning.official("Trần Thị Bình", BORN_ELIGIBLE, sex="F")
    url = reverse("planning:entry_add", kwargs={"pk": planning.pl.pk})
    bi_thu = Position.objects.get(code="BI_THU").pk
    response = client_for(planning.admin).post(
        url, {"official": an.pk, "position": bi_thu, "revision": 1, "first_time": "on"}
    )
    assert response.status_code == 302 and response["Location"] == detail_url(planning.pl)
    stale = client_for(planning.editor).post(url, {"official": binh.pk, "position": bi_thu, "revision": 1})
    assert stale.status_code == 200
    assert "Người admin đã sửa danh sách này lúc" in text(stale)
    assert list(planning.pl.entries.values_list("official__full_name", flat=True)) == ["Nguyễn Văn An"]


def test_add_form_without_a_choice_says_what_is_missing(planning: Planning) -> None:
    url = reverse("planning:entry_add", kwargs={"pk": planning.pl.pk})
    page = text(client_for(planning.editor).post(url, {"revision": 1}))
    assert "Hãy chọn cán bộ." in page and "Hãy chọn chức danh quy hoạch." in page


# --- Removing an entry ---------------------------------------------------------------------------------


def test_remove_needs_a_reason_and_the_entry_stays_listed_as_removed(planning: Planning) -> None:
    too_old, _ = populated(planning)
    url = reverse("planning:entry_remove", kwargs={"pk": planning.pl.pk, "entry_pk": too_old.pk})
    client = client_for(planning.editor)
    assert "Lý do đưa ra khỏi quy hoạch" in text(client.get(url))
    refused = client.post(url, {"reason": "", "revision": too_old.revision})
    assert refused.status_code == 200 and "Hãy ghi lý do đưa cán bộ ra khỏi quy hoạch." in text(refused)
    assert PlanningEntry.objects.get(pk=too_old.pk).status == EntryStatus.ACTIVE
    done = client.post(url, {"reason": "Quá tuổi quy hoạch", "revision": too_old.revision})
    assert done.status_code == 302
    page = text(client.get(detail_url(planning.pl)))
    assert "Đã đưa ra khỏi quy hoạch (1)" in page and "Quá tuổi quy hoạch" in page


def test_an_entry_of_another_list_is_not_found(planning: Planning) -> None:
    other = PlanningList.objects.create(
        organization=planning.C, term=planning.term, kind="next", reference_date=dt.date(2025, 6, 1)
    )
    foreign = planning.plan(planning.official("Nguyễn Văn An", BORN_ELIGIBLE), "BI_THU", pl=other)
    url = reverse("planning:entry_remove", kwargs={"pk": planning.pl.pk, "entry_pk": foreign.pk})
    assert client_for(planning.editor).get(url).status_code == 404


# --- Workflow ------------------------------------------------------------------------------------------


def test_submit_then_approve_then_open_a_new_version(planning: Planning) -> None:
    populated(planning)
    pl = planning.pl
    editor, approver = client_for(planning.editor), client_for(planning.approver)
    submit_url = reverse("planning:submit", kwargs={"pk": pl.pk})
    assert "confirm_ineligible" in editor.get(submit_url).content.decode()  # an entry is ineligible
    assert editor.post(submit_url, {"revision": 1}).status_code == 400  # not confirmed: refused
    assert editor.post(submit_url, {"revision": 1, "confirm_ineligible": "on"}).status_code == 302
    pl.refresh_from_db()
    assert pl.status == ListStatus.SUBMITTED and pl.rule_set_used.code == "HD16-2022"
    approve_url = reverse("planning:approve", kwargs={"pk": pl.pk})
    missing = approver.post(
        approve_url, {"decision_number": "", "decision_date": "", "revision": pl.revision}
    )
    assert missing.status_code == 200
    done = approver.post(
        approve_url,
        {
            "decision_number": "125-QĐ/TU",
            "decision_date": timezone.localdate().strftime("%d/%m/%Y"),
            "revision": pl.revision,
            "confirm_ineligible": "on",
        },
    )
    assert done.status_code == 302
    page = text(editor.get(detail_url(pl)))
    assert f"Số 125-QĐ/TU ngày {timezone.localdate():%d/%m/%Y}" in page and "Đã phê duyệt" in page
    new_url = reverse("planning:new_version", kwargs={"pk": pl.pk})
    response = editor.post(new_url, {"reference_date": "01/06/2025"})
    new = PlanningList.objects.get(previous=pl)
    assert response["Location"] == detail_url(new)
    assert new.entries.count() == 2
    # the approved version stays readable and links to the new one
    assert "Phiên bản 2" in text(editor.get(detail_url(pl)))


def test_submitting_over_a_newer_revision_is_refused(planning: Planning) -> None:
    populated(planning)
    planning.pl.revision = 1
    PlanningList.objects.filter(pk=planning.pl.pk).update(revision=3, updated_by=planning.admin)
    response = client_for(planning.editor).post(
        reverse("planning:submit", kwargs={"pk": planning.pl.pk}),
        {"revision": 1, "confirm_ineligible": "on"},
        follow=True,
    )
    assert "Người admin đã sửa danh sách này lúc" in text(response)
    planning.pl.refresh_from_db()
    assert planning.pl.status == ListStatus.DRAFT


def test_return_with_a_comment_is_shown_to_the_editors(planning: Planning) -> None:
    populated(planning)
    client_for(planning.editor).post(
        reverse("planning:submit", kwargs={"pk": planning.pl.pk}), {"revision": 1, "confirm_ineligible": "on"}
    )
    planning.pl.refresh_from_db()
    url = reverse("planning:return", kwargs={"pk": planning.pl.pk})
    response = client_for(planning.approver).post(
        url, {"comment": "Bổ sung cán bộ nữ", "revision": planning.pl.revision}
    )
    assert response.status_code == 302
    page = text(client_for(planning.editor).get(detail_url(planning.pl)))
    assert "Cấp trên trả lại" in page and "Bổ sung cán bộ nữ" in page


# --- Export and import ---------------------------------------------------------------------------------


def _rows(content: bytes) -> list[list[object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_blank_template_has_the_header_only(planning: Planning) -> None:
    response = client_for(planning.viewer).get(reverse("planning:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _rows(response.content) == [PLANNING_COLUMNS]


def test_export_writes_text_cells_never_formulas(planning: Planning) -> None:
    too_old, _ = populated(planning)
    PlanningEntry.objects.filter(pk=too_old.pk).update(note='=HYPERLINK("http://x")')
    Official.objects.filter(pk=too_old.official_id).update(national_id="001068000123")
    # an editor: a viewer's export shows national IDs masked (tests/people/test_personal_data.py)
    response = client_for(planning.editor).get(reverse("planning:export", kwargs={"pk": planning.pl.pk}))
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == PLANNING_COLUMNS
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    an = rows["Nguyễn Văn An"]
    column = {name: i for i, name in enumerate(PLANNING_COLUMNS)}
    assert an[column["Ngày sinh"]].value == "15/03/1968" and an[column["Ngày sinh"]].data_type == "s"
    assert an[column["Số định danh"]].value == "001068000123"
    assert an[column["Ghi chú"]].value == '=HYPERLINK("http://x")' and an[column["Ghi chú"]].data_type == "s"


def _upload(client: Client, planning: Planning, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("planning:import"),
        {
            "organization": planning.D.pk,
            "term": planning.term.pk,
            "kind": "next",
            "reference_date": "",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_export_then_import_round_trips_unchanged(planning: Planning) -> None:
    populated(planning)
    client = client_for(planning.editor)
    exported = client.get(reverse("planning:export", kwargs={"pk": planning.pl.pk})).content
    preview = _upload(client, planning, "export.xlsx", exported)
    page = text(preview)
    assert preview.status_code == 200 and "không có lỗi" in page
    result = preview.context["result"]
    assert (result.entries_created, result.entries_unchanged, result.officials_created) == (0, 2, 0)
    token = preview.context["confirm_form"]["token"].value()
    before = planning.pl.revision
    confirmed = client.post(reverse("planning:import_confirm"), {"token": token})
    assert confirmed.status_code == 302 and confirmed["Location"] == detail_url(planning.pl)
    assert planning.pl.entries.count() == 2
    planning.pl.refresh_from_db()
    assert planning.pl.revision == before  # nothing was written, so pages opened before stay current
    # the uploaded file is gone and cannot be confirmed twice
    assert not any((Path(settings.MEDIA_ROOT) / "imports").iterdir())
    again = client.post(reverse("planning:import_confirm"), {"token": token}, follow=True)
    assert "Tệp đã tải lên không còn" in text(again)


def test_a_file_with_a_bad_row_shows_the_row_message_and_writes_nothing(planning: Planning) -> None:
    header = ",".join(PLANNING_COLUMNS)
    good = "1,Nguyễn Văn An,15/03/1980,Nam,,,D,,BI_THU,,,,"
    bad = "2,Trần Thị Bình,01/01/1985,Nu,,,D,,UV_BCH,,,,"
    content = "\n".join([header, good, bad]).encode()
    response = _upload(client_for(planning.editor), planning, "ds.csv", content)
    page = text(response)
    assert "Dòng 3, cột Giới tính:" in page
    assert "Chưa có gì được ghi" in page
    assert response.context["confirm_form"] is None
    assert not Official.objects.exists() and not PlanningEntry.objects.exists()
    assert not any((Path(settings.MEDIA_ROOT) / "imports").iterdir())
    assert not response.wsgi_request.session.get(IMPORT_SESSION_KEY)


def test_import_confirm_only_accepts_the_sessions_own_token(planning: Planning) -> None:
    header = ",".join(PLANNING_COLUMNS)
    content = "\n".join([header, "1,Nguyễn Văn An,15/03/1980,Nam,,,D,,BI_THU,,,,"]).encode()
    owner = client_for(planning.editor)
    token = _upload(owner, planning, "ds.csv", content).context["confirm_form"]["token"].value()
    for data in ({"token": token}, {"token": "../../etc/passwd"}, {}):
        response = client_for(planning.admin).post(reverse("planning:import_confirm"), data)
        assert response.status_code == 302 and response["Location"] == reverse("planning:import")
    assert not PlanningEntry.objects.exists()
    assert owner.post(reverse("planning:import_confirm"), {"token": token}).status_code == 302
    assert PlanningEntry.objects.count() == 1


def test_import_refuses_a_frozen_list(planning: Planning) -> None:
    populated(planning)
    PlanningList.objects.filter(pk=planning.pl.pk).update(status=ListStatus.SUBMITTED)
    header = ",".join(PLANNING_COLUMNS)
    content = "\n".join([header, "1,Lê Văn Cường,15/03/1980,Nam,,,D,,BI_THU,,,,"]).encode()
    page = text(_upload(client_for(planning.editor), planning, "ds.csv", content))
    assert "không sửa được; không có gì được ghi" in page


def test_import_form_is_prefilled_from_a_list_the_user_may_edit(planning: Planning) -> None:
    url = reverse("planning:import")
    form = client_for(planning.editor).get(url, {"list": planning.pl.pk}).context["form"]
    assert (form.initial["organization"], form.initial["kind"]) == (planning.D.pk, "next")
    assert client_for(planning.sibling).get(url, {"list": planning.pl.pk}).status_code == 404


def test_an_import_that_writes_moves_the_list_on(planning: Planning) -> None:
    populated(planning)
    header = ",".join(PLANNING_COLUMNS)
    content = "\n".join([header, "1,Lê Văn Cường,15/03/1980,Nam,,,D,,UV_BCH,,,,"]).encode()
    client = client_for(planning.editor)
    token = _upload(client, planning, "ds.csv", content).context["confirm_form"]["token"].value()
    assert client.post(reverse("planning:import_confirm"), {"token": token}).status_code == 302
    planning.pl.refresh_from_db()
    assert planning.pl.revision == 2 and planning.pl.updated_by == planning.editor
    assert planning.pl.entries.filter(official__full_name="Lê Văn Cường").exists()
