"""Vote steps (domain §4, contracts §7): the threshold finding, the grid service, the tally sheet and its command."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from apps.planning import services
from apps.planning.management.commands import import_votes as votes_command
from apps.planning.models import ListStatus, NominationVote, VoteSession
from apps.planning.selectors import planning_list_evaluate
from apps.planning.services import votes as v
from apps.reports.selectors.compliance import compliance_report_build
from apps.rules.engine import Code, RuleParams, Severity, Vote, vote_findings, vote_passed
from apps.rules.models import RuleSet
from tests.imports.files import write_csv, write_xlsx
from tests.imports.test_exit_statuses import manage
from tests.planning.conftest import Planning
from tests.rules.builders import entry

HELD = dt.date(2025, 5, 20)


def figures(s: int, p: int, val: int, f: int) -> dict[str, str]:
    return {"summoned": str(s), "present": str(p), "valid_ballots": str(val), "in_favour": str(f)}


@pytest.fixture
def two(planning: Planning) -> tuple:  # type: ignore[type-arg]
    an = planning.official("Nguyễn Văn An", dt.date(1975, 3, 15), national_id="001075000001")
    binh = planning.official("Trần Thị Bình", dt.date(1980, 7, 1), "F")
    return planning.plan(an, "PHO_BI_THU"), planning.plan(binh, "UV_BTV")


# --- the engine --------------------------------------------------------------------------------------


def test_the_threshold_is_strictly_more_than_half_of_valid_ballots() -> None:
    assert vote_passed(Vote("conference", None, 60, 58, 56, 29), 50.0)
    assert not vote_passed(Vote("conference", None, 60, 58, 56, 28), 50.0)  # exactly half
    assert not vote_passed(Vote("conference", None, 60, 0, 0, 0), 50.0)  # no valid ballot
    assert vote_passed(Vote("conference", None, 60, 58, 56, 28), 49.0)


def test_a_step_below_the_threshold_is_a_warning_with_the_figures_and_share() -> None:
    facts = replace(
        entry(), votes=(Vote("conference", HELD, 60, 58, 57, 25), Vote("standing", HELD, 15, 15, 15, 12))
    )
    (finding,) = vote_findings(facts, RuleParams(code="X"))
    assert (finding.code, finding.severity) == (Code.VOTE_BELOW_THRESHOLD, Severity.WARNING)
    assert finding.message == (
        "Hội nghị cán bộ chủ chốt ngày 20/05/2025: 25/57 phiếu hợp lệ đồng ý (43,86 %), chưa quá 50 % "
        "(có mặt 58/60 người được triệu tập)."
    )


# --- the grid ----------------------------------------------------------------------------------------


def test_the_grid_saves_every_row_and_a_low_share_becomes_a_finding(planning: Planning, two: tuple) -> None:  # type: ignore[type-arg]
    an, binh = two
    result = services.planning_votes_save(
        planning_list=planning.pl,
        step="conference",
        held_on="20/05/2025",
        cells={an.pk: figures(60, 58, 57, 25), binh.pk: figures(60, 58, 57, 50)},
        revision=0,
        user=planning.editor,
    )
    assert result.ok and result.written == 2
    session = VoteSession.objects.get(planning_list=planning.pl, step="conference")
    assert (session.held_on, session.revision, session.updated_by) == (HELD, 1, planning.editor)
    assert NominationVote.objects.get(entry=an).in_favour == 25
    by_entry = {r.entry_id: r for r in planning_list_evaluate(planning_list=planning.pl).result.entry_results}
    assert [f.code for f in by_entry[an.pk].findings] == [Code.VOTE_BELOW_THRESHOLD]
    assert "25/57" in by_entry[an.pk].findings[0].message
    assert not by_entry[binh.pk].findings


def test_the_threshold_comes_from_the_rule_set(planning: Planning, two: tuple) -> None:  # type: ignore[type-arg]
    an, _ = two
    NominationVote.objects.create(
        entry=an, step="conference", summoned=60, present=58, valid_ballots=50, in_favour=30
    )

    def codes() -> list[str]:
        result = planning_list_evaluate(planning_list=planning.pl).result
        return [f.code for r in result.entry_results for f in r.findings]

    assert codes() == []
    RuleSet.objects.update(vote_threshold_percent=66)
    assert codes() == [Code.VOTE_BELOW_THRESHOLD]


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        (figures(60, 61, 50, 40), "present", v.PRESENT_OVER_SUMMONED.format(present=61, summoned=60)),
        (figures(60, 58, 59, 40), "valid_ballots", v.VALID_OVER_PRESENT.format(valid=59, present=58)),
        (figures(60, 58, 50, 51), "in_favour", v.FAVOUR_OVER_VALID.format(favour=51, valid=50)),
        ({**figures(60, 58, 50, 40), "summoned": "-3"}, "summoned", v.NEGATIVE.format(value=-3)),
        ({**figures(60, 58, 50, 40), "present": "năm"}, "present", v.NOT_A_NUMBER.format(value="năm")),
        ({**figures(60, 58, 50, 40), "in_favour": "4.5"}, "in_favour", v.NOT_A_NUMBER.format(value="4.5")),
        ({**figures(60, 58, 50, 40), "in_favour": ""}, "in_favour", v.INCOMPLETE),
    ],
)
def test_a_bad_cell_rejects_the_whole_grid(
    planning: Planning, two: tuple, cells: dict, field: str, message: str
) -> None:  # type: ignore[type-arg]
    an, binh = two
    result = services.planning_votes_save(
        planning_list=planning.pl,
        step="standing",
        held_on="20/05/2025",
        cells={an.pk: figures(15, 15, 15, 10), binh.pk: cells},
        revision=0,
        user=planning.editor,
    )
    assert result.errors == [v.CellError(binh.pk, field, message)]
    assert not NominationVote.objects.exists() and not VoteSession.objects.exists()


def test_the_step_date_is_required_and_not_in_the_future(planning: Planning, two: tuple) -> None:  # type: ignore[type-arg]
    an, _ = two
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    for held, message in [
        ("", v.HELD_ON_REQUIRED),
        (tomorrow.strftime("%d/%m/%Y"), v.HELD_ON_FUTURE.format(value=tomorrow.strftime("%d/%m/%Y"))),
    ]:
        result = services.planning_votes_save(
            planning_list=planning.pl,
            step="standing",
            held_on=held,
            cells={an.pk: figures(1, 1, 1, 1)},
            revision=0,
            user=planning.editor,
        )
        assert result.errors == [v.CellError(0, "held_on", message)]
    assert not NominationVote.objects.exists()


def test_the_second_of_two_users_typing_one_step_is_refused_naming_the_first(
    planning: Planning, two: tuple
) -> None:  # type: ignore[type-arg]
    an, _ = two
    arguments = {"planning_list": planning.pl, "step": "committee", "held_on": "20/05/2025"}
    services.planning_votes_save(
        **arguments, cells={an.pk: figures(30, 30, 30, 20)}, revision=0, user=planning.editor
    )
    with pytest.raises(services.StaleError, match="Người editor đã lưu số phiếu"):
        services.planning_votes_save(
            **arguments, cells={an.pk: figures(30, 30, 30, 5)}, revision=0, user=planning.admin
        )
    assert NominationVote.objects.get(entry=an).in_favour == 20


def test_a_blank_row_clears_it_and_a_frozen_list_or_an_outsider_is_refused(
    planning: Planning, two: tuple
) -> None:  # type: ignore[type-arg]
    an, binh = two
    arguments = {"planning_list": planning.pl, "step": "conference", "held_on": "20/05/2025"}
    services.planning_votes_save(
        **arguments,
        cells={an.pk: figures(9, 9, 9, 9), binh.pk: figures(9, 9, 9, 9)},
        revision=0,
        user=planning.editor,
    )
    result = services.planning_votes_save(
        **arguments, cells={an.pk: {}, binh.pk: figures(9, 9, 9, 9)}, revision=1, user=planning.editor
    )
    assert (result.cleared, result.written) == (1, 0)
    assert list(NominationVote.objects.values_list("entry_id", flat=True)) == [binh.pk]
    with pytest.raises(PermissionDenied):
        services.planning_votes_save(**arguments, cells={}, revision=2, user=planning.sibling)
    with pytest.raises(PermissionDenied):
        services.planning_votes_save(**arguments, cells={}, revision=2, user=planning.viewer)
    planning.pl.status = ListStatus.SUBMITTED
    planning.pl.save()
    result = services.planning_votes_save(
        **arguments, cells={binh.pk: figures(9, 9, 9, 1)}, revision=2, user=planning.editor
    )
    assert not result.ok and "đã trình" in str(result.errors[0].message)
    assert NominationVote.objects.get().in_favour == 9


def test_the_json_report_carries_each_entrys_votes(planning: Planning, two: tuple) -> None:  # type: ignore[type-arg]
    an, _ = two
    NominationVote.objects.create(
        entry=an, step="standing", held_on=HELD, summoned=15, present=15, valid_ballots=15, in_favour=7
    )
    NominationVote.objects.create(
        entry=an, step="conference", held_on=HELD, summoned=60, present=58, valid_ballots=57, in_favour=40
    )
    report = compliance_report_build(organization=planning.D, term=planning.term)
    detail = {e["entry_id"]: e for e in report["lists"][0]["entries_detail"]}
    assert detail[an.pk]["votes"] == [
        {
            "step": "conference",
            "held_on": "2025-05-20",
            "summoned": 60,
            "present": 58,
            "valid_ballots": 57,
            "in_favour": 40,
            "share": 70.18,
            "passed": True,
        },
        {
            "step": "standing",
            "held_on": "2025-05-20",
            "summoned": 15,
            "present": 15,
            "valid_ballots": 15,
            "in_favour": 7,
            "share": 46.67,
            "passed": False,
        },
    ]
    assert [f["code"] for f in detail[an.pk]["findings"]] == ["VOTE_BELOW_THRESHOLD"]


# --- the tally sheet and import_votes ---------------------------------------------------------------


def sheet_row(
    name: str, born: str, post: str, s: int | str, p: int | str, val: int | str, f: int | str, **extra: str
) -> dict:  # type: ignore[type-arg]
    return {
        "STT": "1",
        "Họ và tên": name,
        "Ngày sinh": born,
        "Chức danh quy hoạch": post,
        "Số triệu tập": s,
        "Số có mặt": p,
        "Số phiếu hợp lệ": val,
        "Số phiếu đồng ý": f,
        **extra,
    }


def call(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


OPTIONS = ["--org", "D", "--term", "2025-2030", "--kind", "next"]


def test_import_votes_writes_the_step_and_twice_changes_nothing(
    planning: Planning, two: tuple, tmp_path: Path
) -> None:  # type: ignore[type-arg]
    an, binh = two
    rows = [
        sheet_row(
            "Nguyễn Văn An", "15/03/1975", "PHO_BI_THU", 60, 58, 57, 25, **{"Số định danh": "001075000001"}
        ),
        sheet_row("  trần thị  bình ", "01/07/1980", "Ủy viên Ban Thường vụ", 60, 58, 57, 50),
    ]
    path = write_xlsx(tmp_path / "phieu.xlsx", v.VOTE_COLUMNS, rows)
    out, _ = call("import_votes", str(path), *OPTIONS, "--step", "conference", "--dry-run")
    assert "Kiểm tra thử" in out and not NominationVote.objects.exists()
    out, err = call("import_votes", str(path), *OPTIONS, "--step", "conference", "--held-on", "2025-05-20")
    assert err == "" and out.strip() == votes_command.DONE.format(
        step="Hội nghị cán bộ chủ chốt", rows=2, org="D", term="2025-2030", written=2
    )
    assert {(x.entry_id, x.in_favour, x.held_on) for x in NominationVote.objects.all()} == {
        (an.pk, 25, HELD),
        (binh.pk, 50, HELD),
    }
    out, _ = call("import_votes", str(path), *OPTIONS, "--step", "conference")
    assert "2 dòng vào" in out and "0 dòng thay đổi" in out
    assert NominationVote.objects.count() == 2
    # a second file for the step replaces the figures of the rows it names, and keeps the others
    again = write_csv(tmp_path / "again.csv", v.VOTE_COLUMNS, [rows[1] | {"Số phiếu đồng ý": 20}])
    call("import_votes", str(again), *OPTIONS, "--step", "conference")
    assert {(x.entry_id, x.in_favour) for x in NominationVote.objects.all()} == {(an.pk, 25), (binh.pk, 20)}


def test_a_bad_row_rejects_the_sheet_with_one_line_per_problem(
    planning: Planning, two: tuple, tmp_path: Path
) -> None:  # type: ignore[type-arg]
    rows = [
        sheet_row("Nguyễn Văn An", "15/03/1975", "PHO_BI_THU", 60, 58, 57, 25),
        sheet_row("Trần Thị Bình", "01/07/1980", "UV_BTV", 60, 58, 59, 50),
        sheet_row("Lê Văn Không", "01/01/1970", "UV_BTV", 60, 58, 57, 50),
        sheet_row("Nguyễn Văn An", "15/03/1975", "PHO_BI_THU", 60, "x", 57, 25),
    ]
    path = write_csv(tmp_path / "bad.csv", v.VOTE_COLUMNS, rows)
    with pytest.raises(CommandError) as raised:
        call("import_votes", str(path), *OPTIONS, "--step", "standing")
    assert raised.value.returncode == 1
    result = services.planning_votes_import(
        file=str(path), organization=planning.D, term=planning.term, kind="next", step="standing"
    )
    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột Số phiếu hợp lệ: " + v.VALID_OVER_PRESENT.format(valid=59, present=58),
        "Dòng 4, cột Họ và tên: " + v.NO_MATCH.format(position="Ủy viên Ban Thường vụ", national_id=""),
        "Dòng 5, cột Số có mặt: " + v.NOT_A_NUMBER.format(value="x"),
    ]
    assert not NominationVote.objects.exists() and not VoteSession.objects.exists()


def test_a_submitted_list_refuses_the_sheet(planning: Planning, two: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    planning.pl.status = ListStatus.SUBMITTED
    planning.pl.save()
    path = write_csv(
        tmp_path / "ok.csv",
        v.VOTE_COLUMNS,
        [sheet_row("Nguyễn Văn An", "15/03/1975", "PHO_BI_THU", 6, 6, 6, 6)],
    )
    result = services.planning_votes_import(
        file=str(path), organization=planning.D, term=planning.term, kind="next", step="committee"
    )
    assert "đã trình" in str(result.errors[0])
    assert not NominationVote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_import_votes_exit_statuses(tmp_path: Path) -> None:
    # wrong usage: status 2 (a bad step, a bad --held-on); an unknown organization: status 1
    path = write_csv(tmp_path / "x.csv", v.VOTE_COLUMNS, [])
    usage = manage("import_votes", str(path), *OPTIONS, "--step", "vote")
    assert usage.returncode == 2, usage.stderr
    usage = manage("import_votes", str(path), *OPTIONS, "--step", "standing", "--held-on", "20/05/2025")
    assert usage.returncode == 2, usage.stderr
    rejected = manage(
        "import_votes",
        str(path),
        "--org",
        "NONE",
        "--term",
        "2025-2030",
        "--kind",
        "next",
        "--step",
        "standing",
    )
    assert rejected.returncode == 1 and "Không có tổ chức mã “NONE”." in rejected.stderr
    assert isinstance(rejected, subprocess.CompletedProcess)
