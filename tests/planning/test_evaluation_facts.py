"""Issue 13: the evaluation reads narrow entry rows and the post catalogue (EntryFactsBuilder); the facts it
gives the engine are exactly those of `entry_facts` over the full joined rows, in the same entry order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from apps.organizations.models import Level, Position
from apps.people.models import DisciplineRecord
from apps.planning.models import EntryStatus, ListKind, PlanningEntry, PlanningList
from apps.planning.selectors import (
    _confidence_by_official,
    _disciplines_by_official,
    _pending_proposals_by_official,
    _positions_at_level,
    _votes_by_entry,
    planning_list_evaluations,
    position_standards,
)
from apps.rules.adapters import ENTRY_COLUMNS, RuleSetCatalogue, entry_facts
from tests.reports.builders import org, person, plan, plan_list

pytestmark = pytest.mark.django_db

POSTS = ("BI_THU", "PHO_BI_THU", "CT_UBND", "UV_BCH", "TRUONG_PHONG")
EDUCATION = ("", "Cử nhân Luật", "Thạc sĩ Kinh tế", "Tiến sĩ", "Trung cấp", "Kỹ sư xây dựng")
THEORY = ("", "so_cap", "trung_cap", "cao_cap", "cu_nhan")


def old_facts(lists: list[PlanningList]) -> dict[int, list]:  # type: ignore[type-arg]
    """The facts as built before issue 13: the joined ENTRY_COLUMNS rows in SQL entry order."""
    ids = [pl.pk for pl in lists]
    qs = PlanningList.objects.filter(pk__in=ids)
    catalogue = RuleSetCatalogue()
    list_ids = qs.values("id")
    infos = list(planning_list_evaluations(lists=qs))
    smallest = min(p.max_positions_per_person for p in catalogue.params.values())
    at_level = _positions_at_level([e.info for e in infos], list_ids, smallest)
    disciplines = _disciplines_by_official(list_ids)
    proposals = _pending_proposals_by_official(list_ids)
    votes = _votes_by_entry(list_ids)
    confidence = _confidence_by_official(list_ids)
    standards = position_standards()
    found: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    by_id = {e.info.id: e for e in infos}
    rows = (
        PlanningEntry.objects.filter(planning_list__in=list_ids, status=EntryStatus.ACTIVE)
        .order_by("planning_list_id", "position__sort_order", "id")
        .values_list(*ENTRY_COLUMNS)
    )
    for row in rows:
        info = by_id[row[0]].info
        counts = at_level.get((info.term_id, info.kind, info.level), {})
        found[row[0]].append(
            entry_facts(
                row,
                disciplines,
                proposals,
                counts.get(row[2], 0),
                by_id[row[0]].params,
                standards,
                info.level,
                votes=votes,
                confidence=confidence,
            )
        )
    return found


def four_lists() -> list[PlanningList]:
    """Four lists of three levels, sixty officials of every kind of fact, some planned for two posts."""
    province = org("P", Level.PROVINCE)
    district = org("D", Level.DISTRICT, province)
    commune = org("C", Level.COMMUNE, district)
    posts = {code: Position.objects.get(code=code) for code in POSTS}
    lists = [
        plan_list(province, ListKind.NEXT, dt.date(2025, 6, 1)),
        plan_list(district, ListKind.NEXT, dt.date(2025, 6, 1)),
        plan_list(district, ListKind.CURRENT, dt.date(2026, 1, 15)),
        plan_list(commune, ListKind.NEXT, dt.date(2025, 6, 1)),
    ]
    for i in range(60):
        where = (province, district, commune)[i % 3]
        sex = "F" if i % 3 == 0 else "M"
        extra: dict[str, object] = {
            "education": EDUCATION[i % len(EDUCATION)],
            "political_theory": THEORY[i % len(THEORY)],
            "current_position": posts[POSTS[i % 5]] if i % 4 else None,
            "ethnicity": "Tày" if i % 7 == 0 else "Kinh",
            "meets_political_standard": i % 11 != 0,
        }
        if sex == "F" and i % 2:
            extra |= {"retires_at_60": True, "retires_at_60_basis": "Chỉ thị 45"}
        if i % 13 == 0:
            extra |= {"retirement_override": dt.date(2031, 3, 31), "retirement_override_reason": "Quyết định"}
        official = person(f"Cán bộ {i}", dt.date(1962 + i % 35, 1 + i % 12, 1 + i % 28), sex, where, **extra)
        if i % 9 == 0:
            DisciplineRecord.objects.create(
                official=official, level="reprimand", start_date=dt.date(2024, 5, 1)
            )
        for j, pl in enumerate(lists):
            if (i + j) % 2 == 0:
                # posts out of id order, an override now and then, two posts for some officials
                plan(
                    pl,
                    official,
                    POSTS[(i * 3 + j) % 5],
                    target_group_override=(1 + i % 2) if i % 5 == 0 else None,
                )
                if i % 6 == 0:
                    plan(pl, official, POSTS[(i * 3 + j + 2) % 5])
    return lists


@pytest.mark.parametrize("whole_catalogue", [False, True], ids=["workplaces-looked-up", "all-levels-read"])
def test_the_builder_gives_the_facts_of_entry_facts_in_the_same_order(monkeypatch, whole_catalogue) -> None:  # type: ignore[no-untyped-def]
    # a few lists look up their officials' workplaces, many read every organization's level: same facts
    monkeypatch.setattr("apps.planning.selectors.WHOLE_CATALOGUE_LISTS", 1 if whole_catalogue else 50)
    lists = four_lists()
    before = old_facts(lists)
    evaluations = list(
        planning_list_evaluations(lists=PlanningList.objects.filter(pk__in=[p.pk for p in lists]))
    )
    assert len(evaluations) == 4
    for evaluation in evaluations:
        assert list(evaluation.facts.entries) == before[evaluation.info.id]
        assert len(evaluation.facts.entries) > 20


def test_the_builder_puts_every_fact_in_its_own_field() -> None:
    """The builder passes EntryFacts' fields by position: each distinct input lands in its named field."""
    import dataclasses

    from apps.rules.adapters import EntryFactsBuilder
    from apps.rules.engine.types import Confidence, Discipline, EntryFacts, Proposal, Vote
    from tests.rules.builders import HD16

    discipline = Discipline("reprimand", dt.date(2024, 5, 1))
    proposal = Proposal("appoint", dt.date(2025, 2, 3), "Tỉnh ủy")
    vote = Vote("conference", dt.date(2025, 3, 4), 50, 48, 47, 40)
    confidence = Confidence("Hội nghị", dt.date(2025, 1, 2), 30, 5, 1)
    builder = EntryFactsBuilder(
        positions={
            7: ("PHO_BI_THU", "party", 20, "Phó Bí thư", 2, 3),
            9: ("UV_BCH", "party", 10, "Ủy viên", 2, 5),
        },
        disciplines={101: (discipline,)},
        proposals={101: (proposal,)},
        standards={("PHO_BI_THU", Level.DISTRICT): (4, 3)},
        votes={55: (vote,)},
        confidence={101: confidence},
        levels={3: Level.COMMUNE},
    )
    row = (1, 55, 101, 7, 1, "Lê Thị Hoa", "F", dt.date(1975, 4, 30), True, dt.date(2031, 3, 31), 9, False,
           3, True, "Thạc sĩ Kinh tế", "cao_cap")  # fmt: skip
    (facts,) = builder.facts([row], params=HD16, level=Level.DISTRICT, positions_at_level={101: 3})
    assert dataclasses.asdict(facts) == dataclasses.asdict(
        EntryFacts(
            entry_id=55,
            official_id=101,
            full_name="Lê Thị Hoa",
            sex="F",
            birth_date=dt.date(1975, 4, 30),
            position_code="PHO_BI_THU",
            position_group="party",
            position_rank=20,
            target_group=1,
            ethnic_minority=True,
            retirement_override=dt.date(2031, 3, 31),
            current_position_rank=10,
            disciplines=(discipline,),
            fails_political_standard=True,
            position_name="Phó Bí thư",
            current_position_name="Ủy viên",
            current_position_level=Level.COMMUNE,
            retires_at_60=True,
            pending_proposals=(proposal,),
            positions_at_level=3,
            conclusions=(),
            education_rank=facts.education_rank,
            theory_rank=facts.theory_rank,
            min_education_rank=4,
            min_theory_rank=3,
            target_group_source="override",
            votes=(vote,),
            confidence=confidence,
        )
    )
    assert facts.education_rank is not None and facts.theory_rank is not None


@pytest.mark.django_db(transaction=True)
def test_many_lists_stream_their_entries_on_a_connection_of_their_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """From STREAM_MIN_LISTS lists, outside a transaction, the entries come from a second connection
    (one query PostgreSQL may run in parallel): the same evaluations, and the caller may query between
    two lists on its own connection."""
    from django.db import connections

    lists = PlanningList.objects.filter(pk__in=[p.pk for p in four_lists()])
    monkeypatch.setattr("apps.planning.selectors.STREAM_MIN_LISTS", 5)
    by_cursor = [(e.facts, e.result) for e in planning_list_evaluations(lists=lists)]
    opened: list[object] = []
    default = connections["default"]
    new_connection = default.get_new_connection

    def counted(params):  # type: ignore[no-untyped-def]
        opened.append(params)
        return new_connection(params)

    monkeypatch.setattr(default, "get_new_connection", counted)
    assert [(e.facts, e.result) for e in planning_list_evaluations(lists=lists)] == by_cursor
    assert opened == []  # four lists: below the threshold, the server-side cursor

    monkeypatch.setattr("apps.planning.selectors.STREAM_MIN_LISTS", 4)
    streamed = []
    for evaluation in planning_list_evaluations(lists=lists):
        streamed.append((evaluation.facts, evaluation.result))
        assert PlanningEntry.objects.filter(planning_list_id=evaluation.info.id).exists()
    assert len(opened) == 1
    assert streamed == by_cursor
    assert sum(len(facts.entries) for facts, _result in streamed) > 80


def test_the_person_cap_counts_the_same_when_the_lists_are_every_list_of_their_level(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """R6: a national report (every newest list of its levels) counts an official's posts among the
    officials with more than the cap of entries anywhere, the others among their own officials: the
    same counts, over the newest editions only."""
    from django.db.models import Q

    from apps.planning.selectors import _every_newest_list

    province = org("TINH_CAP", Level.PROVINCE)
    xa1, xa2 = org("XA_CAP1", Level.COMMUNE, province), org("XA_CAP2", Level.COMMUNE, province)
    reference = dt.date(2026, 6, 1)
    first, second = plan_list(xa1, ListKind.NEXT, reference), plan_list(xa2, ListKind.NEXT, reference)
    busy = person("Lê Văn Bận", dt.date(1980, 1, 1), "M", xa1)
    for pl, codes in ((first, ("BI_THU", "PHO_BI_THU")), (second, ("CT_UBND", "CT_HDND"))):
        for code in codes:
            plan(pl, busy, code)
    # four entries too, but two in an older edition of a list, which no longer counts
    old = plan_list(xa2, ListKind.CURRENT, reference)
    newer = plan_list(xa2, ListKind.CURRENT, reference, previous=old, version=2)
    spread = person("Trần Thị Rộng", dt.date(1982, 2, 2), "F", xa2)
    for pl, code in ((old, "BI_THU"), (old, "PHO_BI_THU"), (newer, "CT_UBND"), (newer, "CT_HDND")):
        plan(pl, spread, code)
    plan(first, person("Ngô Văn Một", dt.date(1985, 3, 3), "M", xa1), "UV_BCH")

    every = PlanningList.objects.filter(pk__in=[first.pk, second.pk, newer.pk])
    scope = Q(term=first.term, kind=ListKind.NEXT, organization__level=Level.COMMUNE)
    assert _every_newest_list(scope, every.values("id"))
    assert not _every_newest_list(scope, PlanningList.objects.filter(pk=first.pk).values("id"))

    def evaluated(threshold: int) -> list:  # type: ignore[type-arg]
        monkeypatch.setattr("apps.planning.selectors.STREAM_MIN_LISTS", threshold)
        return [(e.facts, e.result) for e in planning_list_evaluations(lists=every)]

    by_own_officials, by_busy_officials = evaluated(10**6), evaluated(1)
    assert by_busy_officials == by_own_officials
    counts = {
        (facts.list_id, entry.official_id): entry.positions_at_level
        for facts, _result in by_busy_officials
        for entry in facts.entries
    }
    assert counts[(first.pk, busy.pk)] == counts[(second.pk, busy.pk)] == 4
    assert counts[(newer.pk, spread.pk)] == 0  # 2 in its newest list: the engine counts those itself
    over = [f.code for facts, result in by_busy_officials for r in result.entry_results for f in r.findings]
    assert over.count("PERSON_OVER_CAP") == 4


@pytest.mark.django_db(transaction=True)
def test_the_streamed_entries_start_on_a_thread_and_its_error_reaches_the_reader(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The streamed query starts before the other queries, on a thread that waits for its first row:
    the rows are the same, a failure to connect is raised to the caller, and a reader that stops early
    closes the connection."""
    import threading

    from django.db import OperationalError, connections

    lists = PlanningList.objects.filter(pk__in=[p.pk for p in four_lists()])
    monkeypatch.setattr("apps.planning.selectors.STREAM_MIN_LISTS", 4)
    default = connections["default"]
    new_connection = default.get_new_connection
    opened: list[tuple[str, object]] = []

    def counted(params):  # type: ignore[no-untyped-def]
        own = new_connection(params)
        opened.append((threading.current_thread().name, own))
        return own

    monkeypatch.setattr(default, "get_new_connection", counted)
    evaluations = [(e.facts, e.result) for e in planning_list_evaluations(lists=lists)]
    assert [name for name, _own in opened] == ["entry-rows"]
    assert opened[0][1].closed  # type: ignore[attr-defined]
    assert len(evaluations) == 4

    first = next(planning_list_evaluations(lists=lists))
    assert (first.facts, first.result) == evaluations[0]
    import gc

    gc.collect()  # the abandoned generator is closed: its connection with it
    assert opened[-1][1].closed  # type: ignore[attr-defined]

    def refused(params):  # type: ignore[no-untyped-def]
        raise OperationalError("the database is not there")

    monkeypatch.setattr(default, "get_new_connection", refused)
    with pytest.raises(OperationalError, match="not there"):
        list(planning_list_evaluations(lists=lists))
