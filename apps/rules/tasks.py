"""Celery tasks of the rules app: thin wrappers that take plain values and call the engine."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from apps.rules.engine import months_remaining


@shared_task(name="rules.months_remaining")
def months_remaining_task(sex: str, birth_date: str, at: str) -> int:
    """Months of work left (domain R2) for ISO dates; used to check that workers run."""
    return months_remaining(sex, date.fromisoformat(birth_date), date.fromisoformat(at))
