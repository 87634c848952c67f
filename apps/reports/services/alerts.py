"""The daily alerts (issue 12 item 5): build them from planning, people and the rules; mail them; mark them read.

`alerts_build(today=...)` is the whole job and never reads the clock: the beat task passes today. Each
alert has a `key` naming its event (kind, object, date), so running the job twice the same day, or every
day, raises each alert once. Dates and eligibility come from the rules engine only.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from apps.accounts.models import Membership
from apps.organizations.models import Organization
from apps.people.models import DisciplineRecord, Official
from apps.planning.models import EntryStatus, ListKind, ListStatus, PlanningEntry, PlanningList
from apps.planning.selectors import planning_list_evaluations
from apps.reports.models import Alert, AlertKind, AlertRead
from apps.rules.engine import Code, evaluate_list, months_remaining, retirement_date

logger = logging.getLogger(__name__)

RETIRING_MONTHS = 6
APPROVED_RECENT_DAYS = 30
AGE_CODES = {Code.AGE_CURRENT_TERM.value, Code.AGE_TWO_TERMS.value}
# the oldest and youngest statutory retirement ages (R1: 55y4m to 62y) bound the birth dates read
OLDEST_YEARS, YOUNGEST_YEARS = 63, 55

MSG_RETIRING = "Đồng chí {name} ({what}) nghỉ hưu ngày {day} (còn {months} tháng)."
MSG_HOLDER = "đang giữ chức {post}"
MSG_PLANNED = "trong quy hoạch"
MSG_DISCIPLINED = "Đồng chí {name}, trong quy hoạch {position} của {org}, bị kỷ luật {level} từ ngày {day}."
MSG_MOVED = "Đồng chí {name}, trong quy hoạch {position} của {org}, đã chuyển công tác sang {new_org}."
MSG_AGE = "Đồng chí {name}, trong quy hoạch {position} của {org}, không còn đủ tuổi theo danh sách hiện tại: {detail}"
MSG_SUBMITTED = "Danh sách quy hoạch {org} ({term}, {kind}) đã được trình, chờ phê duyệt."
MSG_RETURNED = "Danh sách quy hoạch {org} ({term}, {kind}) đã bị trả lại: {comment}"
MSG_APPROVED = "Danh sách quy hoạch {org} ({term}, {kind}) đã được phê duyệt (quyết định số {number})."
MSG_REVIEW_DUE = (
    "Danh sách quy hoạch {org} ({term}) đến hạn rà soát hằng năm (lần rà soát gần nhất ngày {day})."
)
MAIL_SUBJECT = "cadreplan: {count} thông báo mới"
MAIL_BODY_HEAD = "Các thông báo mới trong phạm vi đơn vị của đồng chí:\n\n"
KIND_LABELS = {ListKind.CURRENT: "hiện tại", ListKind.NEXT: "kế tiếp"}
DISCIPLINE_LABELS = {
    "reprimand": "khiển trách",
    "warning": "cảnh cáo",
    "dismissal": "cách chức",
    "expulsion": "khai trừ",
}


@dataclass(frozen=True)
class NewAlert:
    kind: str
    key: str
    organization_id: int
    message: str
    url: str
    due_on: date | None = None


def dmy(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _ym(day: date) -> int:
    return day.year * 12 + day.month - 1


def _newest_lists() -> Any:
    return PlanningList.objects.latest_versions()


def _active_newest_entries() -> Any:
    return PlanningEntry.objects.filter(status=EntryStatus.ACTIVE, planning_list__in=_newest_lists())


def _list_url(list_id: int) -> str:
    return reverse("planning:detail", kwargs={"pk": list_id})


def _retiring(today: date) -> list[NewAlert]:
    """Post holders and planned officials whose retirement date (R1, override included) is within 6 months."""
    planned = Exists(_active_newest_entries().filter(official=OuterRef("pk")))
    earliest = date(today.year - OLDEST_YEARS, 1, 1)
    latest = date(today.year - YOUNGEST_YEARS + 1, 12, 31)
    rows = (
        Official.objects.filter(Q(current_position__isnull=False) | planned)
        .filter(Q(birth_date__range=(earliest, latest)) | Q(retirement_override__isnull=False))
        .values_list(
            "id",
            "full_name",
            "sex",
            "birth_date",
            "retirement_override",
            "retires_at_60",
            "organization_id",
            "current_position__name",
        )
    )
    found = []
    for official_id, name, sex, birth, override, at_60, org_id, post in rows.iterator(chunk_size=5000):
        months = months_remaining(sex, birth, today, override=override, retires_at_60=at_60)
        retires = retirement_date(sex, birth, override=override, retires_at_60=at_60)
        if 0 <= months <= RETIRING_MONTHS and retires >= today:
            what = MSG_HOLDER.format(post=post) if post else MSG_PLANNED
            found.append(
                NewAlert(
                    AlertKind.RETIRING,
                    f"retiring:{official_id}:{retires.isoformat()}",
                    org_id,
                    MSG_RETIRING.format(name=name, what=what, day=dmy(retires), months=months),
                    reverse("people:detail", kwargs={"pk": official_id}),
                    retires,
                )
            )
    return found


def _entry_rows(entries: Any, *extra: str) -> Any:
    return entries.values_list(
        "id",
        "planning_list_id",
        "planning_list__organization_id",
        "planning_list__organization__name",
        "official__full_name",
        "position__name",
        *extra,
    )


def _disciplined(today: date) -> list[NewAlert]:
    """A discipline in effect today on an official planned in a newest list: one alert per record and list."""
    in_effect = DisciplineRecord.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        official=OuterRef("official_id"),
        start_date__lte=today,
    )
    entries = _active_newest_entries().filter(Exists(in_effect))
    found = []
    records = DisciplineRecord.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        start_date__lte=today,
        official__in=entries.values("official_id"),
    ).values_list("id", "official_id", "level", "start_date")
    by_official: dict[int, list[tuple[int, str, date]]] = defaultdict(list)
    for record_id, official_id, level, start in records:
        by_official[official_id].append((record_id, level, start))
    seen = set()
    for _entry_id, list_id, org_id, org_name, name, position, official_id in _entry_rows(
        entries, "official_id"
    ):
        for record_id, level, start in by_official.get(official_id, ()):
            key = f"disciplined:{record_id}:{list_id}"
            if key in seen:
                continue
            seen.add(key)
            found.append(
                NewAlert(
                    AlertKind.DISCIPLINED,
                    key,
                    org_id,
                    MSG_DISCIPLINED.format(
                        name=name,
                        position=position,
                        org=org_name,
                        level=DISCIPLINE_LABELS.get(level, level),
                        day=dmy(start),
                    ),
                    _list_url(list_id),
                    start,
                )
            )
    return found


def _moved() -> list[NewAlert]:
    """A planned official whose workplace is no longer in the list organization's subtree."""
    entries = _active_newest_entries().exclude(
        official__organization__path__startswith=F("planning_list__organization__path")
    )
    found = []
    for entry_id, list_id, org_id, org_name, name, position, new_org_id, new_org in _entry_rows(
        entries, "official__organization_id", "official__organization__name"
    ):
        found.append(
            NewAlert(
                AlertKind.MOVED,
                f"moved:{entry_id}:{new_org_id}",
                org_id,
                MSG_MOVED.format(name=name, position=position, org=org_name, new_org=new_org),
                _list_url(list_id),
            )
        )
    return found


def _age(today: date) -> list[NewAlert]:
    """Entries of the newest current lists of running terms that met their R3 age rule at the list's
    review date and fail it today (a next list keeps its fixed reference date: R7)."""
    lists = _newest_lists().filter(kind=ListKind.CURRENT, term__end_date__gte=today)
    found = []
    names = dict(
        Organization.objects.filter(pk__in=lists.values("organization_id")).values_list("pk", "name")
    )
    for evaluation in planning_list_evaluations(lists=lists):
        result = evaluate_list(replace(evaluation.facts, reference_date=today), evaluation.params)
        stored = evaluation.result.entry_results
        for facts, before, entry in zip(evaluation.facts.entries, stored, result.entry_results, strict=True):
            failed = [f for f in entry.findings if f.code in AGE_CODES and f.severity == "error"]
            # "falls below": met the age rule at the list's review date, no longer does today
            if failed and not any(f.code in AGE_CODES and f.severity == "error" for f in before.findings):
                org_id = evaluation.info.organization_id
                found.append(
                    NewAlert(
                        AlertKind.AGE,
                        f"age:{entry.entry_id}",
                        org_id,
                        MSG_AGE.format(
                            name=facts.full_name,
                            position=facts.position_name or facts.position_code,
                            org=names.get(org_id, ""),
                            detail=failed[0].message,
                        )[:500],
                        _list_url(evaluation.info.id),
                    )
                )
    return found


def _list_events(today: date) -> list[NewAlert]:
    """Lists submitted (to the level above), returned, approved recently, and current lists due a review."""
    found = []
    rows = _newest_lists().select_related("organization", "term")
    for pl in rows.filter(status__in=(ListStatus.SUBMITTED, ListStatus.RETURNED, ListStatus.APPROVED)):
        words = {"org": pl.organization.name, "term": pl.term.code, "kind": KIND_LABELS.get(pl.kind, pl.kind)}
        if pl.status == ListStatus.SUBMITTED and pl.submitted_at:
            target = pl.organization.parent_id or pl.organization_id  # submitted to the level above
            key = f"submitted:{pl.pk}:{pl.submitted_at:%Y%m%d%H%M%S}"
            found.append(
                NewAlert(AlertKind.SUBMITTED, key, target, MSG_SUBMITTED.format(**words), _list_url(pl.pk))
            )
        elif pl.status == ListStatus.RETURNED and pl.decided_at:
            key = f"returned:{pl.pk}:{pl.decided_at:%Y%m%d%H%M%S}"
            message = MSG_RETURNED.format(comment=pl.return_comment, **words)[:500]
            found.append(NewAlert(AlertKind.RETURNED, key, pl.organization_id, message, _list_url(pl.pk)))
        elif (
            pl.status == ListStatus.APPROVED
            and pl.decided_at
            and (today - pl.decided_at.date()).days <= APPROVED_RECENT_DAYS
        ):
            message = MSG_APPROVED.format(number=pl.decision_number, **words)
            found.append(
                NewAlert(
                    AlertKind.APPROVED, f"approved:{pl.pk}", pl.organization_id, message, _list_url(pl.pk)
                )
            )
    for pl in rows.filter(kind=ListKind.CURRENT, term__end_date__gte=today):
        due = _anniversary(pl.reference_date)
        if due <= today:
            found.append(
                NewAlert(
                    AlertKind.REVIEW_DUE,
                    f"review:{pl.pk}:{due.isoformat()}",
                    pl.organization_id,
                    MSG_REVIEW_DUE.format(
                        org=pl.organization.name, term=pl.term.code, day=dmy(pl.reference_date)
                    ),
                    _list_url(pl.pk),
                    due,
                )
            )
    return found


def _anniversary(day: date) -> date:
    """The same day a year later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def alerts_build(*, today: date, send_mail: bool = True) -> list[Alert]:
    """Raise today's alerts that were never raised before (by key), then mail them; returns the new ones."""
    candidates = _retiring(today) + _disciplined(today) + _moved() + _age(today) + _list_events(today)
    by_key = {a.key: a for a in candidates}
    existing = set(Alert.objects.filter(key__in=list(by_key)).values_list("key", flat=True))
    fresh = [a for key, a in by_key.items() if key not in existing]
    with transaction.atomic():
        Alert.objects.bulk_create(
            [
                Alert(
                    kind=a.kind,
                    key=a.key,
                    organization_id=a.organization_id,
                    message=a.message[:500],
                    url=a.url,
                    due_on=a.due_on,
                )
                for a in fresh
            ],
            ignore_conflicts=True,  # a concurrent run raised it first: still once
        )
    created = list(Alert.objects.filter(key__in=[a.key for a in fresh]).select_related("organization"))
    if send_mail and created:
        transaction.on_commit(lambda: alerts_mail(alerts=created))
    return created


def alert_recipients(*, alerts: list[Alert]) -> dict[Any, list[Alert]]:
    """Active users with an e-mail address whose memberships cover each alert's organization."""
    memberships = (
        Membership.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "organization")
    )
    found: dict[Any, list[Alert]] = defaultdict(list)
    for membership in memberships:
        prefix = membership.organization.path
        for alert in alerts:
            if alert.organization.path.startswith(prefix) and alert not in found[membership.user]:
                found[membership.user].append(alert)
    return found


def alerts_mail(*, alerts: list[Alert]) -> int:
    """One e-mail per user listing their new alerts, through Django's mail backend; returns the mails sent."""
    recipients = alert_recipients(alerts=alerts)
    if not recipients:
        return 0
    base = settings.SITE_URL.rstrip("/")
    messages = [
        EmailMessage(
            subject=MAIL_SUBJECT.format(count=len(items)),
            body=MAIL_BODY_HEAD + "\n".join(f"- {a.message}\n  {base}{a.url}" for a in items),
            to=[user.email],
        )
        for user, items in recipients.items()
    ]
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def alert_mark_read(*, alert: Alert, user: Any) -> None:
    """Mark one alert read by the user (idempotent)."""
    AlertRead.objects.get_or_create(alert=alert, user=user)


def alerts_mark_all_read(*, user: Any) -> int:
    """Mark every alert of the user's subtrees read; returns how many were unread."""
    unread = list(Alert.objects.for_user(user).unread_by(user).values_list("pk", flat=True))
    AlertRead.objects.bulk_create([AlertRead(alert_id=pk, user=user) for pk in unread], ignore_conflicts=True)
    return len(unread)
