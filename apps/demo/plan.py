"""The demo plan: everything drawn from one `random.Random(seed)`, officials first, then the lists, so
that every run plans the same rows. Nothing here touches the database."""

from __future__ import annotations

import random

from apps.demo.data import SEED
from apps.demo.dates import DemoDates
from apps.demo.lists import ListPlanner
from apps.demo.officials import OfficialPlanner
from apps.demo.specs import DemoPlan


def plan_demo(dates: DemoDates, seed: int = SEED) -> DemoPlan:
    """Draw the whole demo data set for these dates from a seeded generator, without touching the database."""
    rng = random.Random(seed)
    officials = OfficialPlanner(rng, dates).officials()
    return DemoPlan(officials, ListPlanner(rng, officials, dates).planning_lists(), dates)
