from __future__ import annotations

import pytest

from apps.organizations.models import Level, Organization, Term


def org(code: str, level: str, parent: Organization | None = None, name: str | None = None) -> Organization:
    return Organization.objects.create(code=code, name=name or code, level=level, parent=parent)


@pytest.fixture
def tree(db) -> dict[str, Organization]:  # type: ignore[no-untyped-def]
    """A province with two districts; HUYEN_A has a commune. Lists are made for HUYEN_A."""
    province = org("TINH", Level.PROVINCE, name="Tỉnh Minh Sơn")
    huyen_a = org("HUYEN_A", Level.DISTRICT, province, name="Huyện A")
    xa = org("XA_1", Level.COMMUNE, huyen_a, name="Xã 1")
    huyen_b = org("HUYEN_B", Level.DISTRICT, province, name="Huyện B")
    return {"TINH": province, "HUYEN_A": huyen_a, "XA_1": xa, "HUYEN_B": huyen_b}


@pytest.fixture
def term(db) -> Term:  # type: ignore[no-untyped-def]
    return Term.objects.get(code="2025-2030")
