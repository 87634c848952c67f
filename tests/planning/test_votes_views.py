"""The ballots pages: the grid of a step (typed figures, cell errors, stale saves), the tally-sheet upload."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.planning.models import NominationVote, PlanningEntry, VoteSession
from apps.planning.services import VOTE_COLUMNS
from apps.planning.services import votes as v
from tests.planning.conftest import Planning


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def entries(planning: Planning) -> tuple[PlanningEntry, PlanningEntry]:
    an = planning.plan(planning.official("Nguyễn Văn An", dt.date(1975, 3, 15)), "PHO_BI_THU")
    binh = planning.plan(planning.official("Trần Thị Bình", dt.date(1980, 7, 1), "F"), "UV_BTV")
    return an, binh


def url(planning: Planning, step: str = "conference", name: str = "planning:votes") -> str:
    return reverse(name, kwargs={"pk": planning.pl.pk, "step": step})


def grid(revision: int, held_on: str, **rows: tuple[Any, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"revision": str(revision), "held_on": held_on, "entry": []}
    for entry_id, figures in rows.items():
        data["entry"].append(entry_id)
        for name, value in zip(v.FIGURES, figures, strict=True):
            data[f"{name}-{entry_id}"] = str(value)
    return data


def test_typing_a_step_saves_it_and_the_list_page_shows_the_figures_and_the_finding(
    planning: Planning, entries: tuple[PlanningEntry, PlanningEntry]
) -> None:
    an, binh = entries
    client = client_for(planning.editor)
    page = client.get(url(planning))
    assert page.status_code == 200
    assert f'name="summoned-{an.pk}"' in page.content.decode()
    data = grid(0, "20/05/2025", **{str(an.pk): (60, 58, 57, 25), str(binh.pk): (60, 58, 57, 50)})
    response = client.post(url(planning), data)
    assert response.status_code == 302
    assert {(x.entry_id, x.in_favour) for x in NominationVote.objects.all()} == {(an.pk, 25), (binh.pk, 50)}
    shown = text(client.get(reverse("planning:detail", kwargs={"pk": planning.pl.pk})))
    assert "25/57 (43,86 %)" in shown
    assert "25/57 phiếu hợp lệ đồng ý (43,86 %), chưa quá 50 %" in shown
    assert "đã ghi 2 người, 20/05/2025" in shown


def test_a_bad_cell_is_shown_next_to_its_row_and_nothing_is_written(
    planning: Planning, entries: tuple[PlanningEntry, PlanningEntry]
) -> None:
    an, binh = entries
    data = grid(0, "20/05/2025", **{str(an.pk): (60, 58, 57, 25), str(binh.pk): (60, 61, 57, "abc")})
    response = client_for(planning.editor).post(url(planning), data)
    assert response.status_code == 400
    shown = text(response)
    assert v.PRESENT_OVER_SUMMONED.format(present=61, summoned=60) not in shown  # "abc" stops the row first
    assert "không phải là số nguyên" in shown
    assert 'value="abc"' in response.content.decode()  # what the user typed is kept
    assert not NominationVote.objects.exists()


def test_the_second_save_of_one_step_names_who_saved_first(
    planning: Planning, entries: tuple[PlanningEntry, PlanningEntry]
) -> None:
    an, _ = entries
    first, second = client_for(planning.editor), client_for(planning.admin)
    assert first.get(url(planning, "standing")).status_code == 200
    assert second.get(url(planning, "standing")).status_code == 200
    assert (
        first.post(
            url(planning, "standing"), grid(0, "20/05/2025", **{str(an.pk): (15, 15, 15, 9)})
        ).status_code
        == 302
    )
    refused = second.post(url(planning, "standing"), grid(0, "20/05/2025", **{str(an.pk): (15, 15, 15, 2)}))
    assert refused.status_code == 409
    assert "Người editor đã lưu số phiếu của bước này" in text(refused)
    assert NominationVote.objects.get().in_favour == 9


def test_a_viewer_sees_the_grid_read_only_and_a_bad_step_is_not_found(
    planning: Planning, entries: Any
) -> None:
    client = client_for(planning.viewer)
    page = client.get(url(planning))
    assert (
        page.status_code == 200 and "Lưu số phiếu" not in text(page) and "disabled" in page.content.decode()
    )
    assert client.get(url(planning, "vote")).status_code == 404


def _sheet(*rows: list[str]) -> SimpleUploadedFile:
    content = "\n".join([",".join(VOTE_COLUMNS), *(",".join(r) for r in rows)]).encode()
    return SimpleUploadedFile("phieu.csv", content, content_type="text/csv")


def test_uploading_a_tally_sheet_with_one_bad_row_writes_nothing_and_a_good_one_writes_all(
    planning: Planning, entries: tuple[PlanningEntry, PlanningEntry]
) -> None:
    an, binh = entries
    client = client_for(planning.editor)
    good = ["1", "Nguyễn Văn An", "15/03/1975", "", "PHO_BI_THU", "60", "58", "57", "40"]
    bad = ["2", "Trần Thị Bình", "01/07/1980", "", "UV_BTV", "60", "58", "57", "-1"]
    upload = url(planning, "committee", "planning:votes_upload")
    response = client.post(upload, {"revision": "0", "held_on": "", "file": _sheet(good, bad)})
    assert response.status_code == 400
    assert "Dòng 3, cột Số phiếu đồng ý: " + v.NEGATIVE.format(value=-1) in text(response)
    assert not NominationVote.objects.exists() and not VoteSession.objects.exists()
    bad[-1] = "30"
    response = client.post(upload, {"revision": "0", "held_on": "21/05/2025", "file": _sheet(good, bad)})
    assert response.status_code == 302
    assert {(x.entry_id, x.in_favour, x.held_on) for x in NominationVote.objects.all()} == {
        (an.pk, 40, dt.date(2025, 5, 21)),
        (binh.pk, 30, dt.date(2025, 5, 21)),
    }
