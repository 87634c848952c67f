"""Reference data (contracts §3) is there after migrations, and again after a transactional test's flush."""

import pytest

from apps.organizations.models import Position, Term
from apps.rules.models import RuleSet

CODES = {"2020-2025", "2025-2030", "2030-2035", "2021-2026", "2026-2031"}


def assert_reference_data() -> None:
    assert set(Term.objects.values_list("code", flat=True)) >= CODES
    assert Position.objects.count() == 13
    assert set(RuleSet.objects.values_list("code", flat=True)) >= {"HD16-2022", "QD377-2025"}
    hd16 = RuleSet.objects.get(code="HD16-2022")
    assert hd16.valid_from is None and str(hd16.valid_to) == "2025-10-07"
    assert hd16.levels.get(level="district").woman_in_each_group
    assert RuleSet.objects.get(code="QD377-2025").max_people_per_position == 3


@pytest.mark.django_db
def test_reference_data_is_seeded() -> None:
    assert_reference_data()


@pytest.mark.django_db(transaction=True)
def test_first_transactional_test_sees_reference_data() -> None:
    assert_reference_data()
    Term.objects.all().delete()  # the flush at the end would do the same


@pytest.mark.django_db(transaction=True)
def test_next_transactional_test_still_sees_reference_data() -> None:
    assert_reference_data()
