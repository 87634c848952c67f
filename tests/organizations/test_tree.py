import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.organizations.models import Level, Organization

pytestmark = pytest.mark.django_db


def make(code: str, level: str, parent: Organization | None = None) -> Organization:
    return Organization.objects.create(code=code, name=code, level=level, parent=parent)


def test_subtree_is_one_query_and_covers_both_tree_shapes() -> None:
    province = make("P", Level.PROVINCE)
    district = make("D", Level.DISTRICT, province)
    commune_old = make("C1", Level.COMMUNE, district)  # with a district (before 1/7/2025)
    commune_new = make("C2", Level.COMMUNE, province)  # directly under the province (after)
    other = make("Q", Level.PROVINCE)
    with CaptureQueriesContext(connection) as ctx:
        codes = set(Organization.objects.in_subtree(province).values_list("code", flat=True))
    assert len(ctx.captured_queries) == 1
    assert codes == {"P", "D", "C1", "C2"}
    assert set(Organization.objects.in_subtree(district).values_list("code", flat=True)) == {"D", "C1"}
    assert commune_old.depth == 2 and commune_new.depth == 1 and other.depth == 0


def test_moving_a_node_moves_its_subtree() -> None:
    p1 = make("P1", Level.PROVINCE)
    p2 = make("P2", Level.PROVINCE)
    district = make("D", Level.DISTRICT, p1)
    commune = make("C", Level.COMMUNE, district)
    district.parent = p2
    district.save()
    commune.refresh_from_db()
    assert commune.path.startswith(p2.path)
    assert set(Organization.objects.in_subtree(p1).values_list("code", flat=True)) == {"P1"}
    assert set(Organization.objects.in_subtree(p2).values_list("code", flat=True)) == {"P2", "D", "C"}
    assert commune.depth == 2


def test_parent_must_be_of_a_higher_level() -> None:
    commune = make("C", Level.COMMUNE)
    district = Organization(code="D", name="D", level=Level.DISTRICT, parent=commune)
    with pytest.raises(ValidationError):
        district.full_clean()


def test_subtree_uses_the_path_index() -> None:
    province = make("P", Level.PROVINCE)
    qs = Organization.objects.in_subtree(province)
    sql, params = qs.query.sql_with_params()
    assert "LIKE" in sql.upper()
