"""Drawing the demo officials: each organization's staff with names, personal data, posts held today
and two or three rows of work history, the hand-made officials of the deliberate cases first."""

from __future__ import annotations

import random
from datetime import date, timedelta

from apps.core.calendar import years_before
from apps.core.text import to_nfc
from apps.demo.data import (
    BIRTH_YEARS,
    CATALOGUE,
    EARLY_TITLES,
    EDUCATION,
    ETHNICITIES_LOWLAND,
    ETHNICITIES_MOUNTAIN,
    FAMILY_BY_ETHNICITY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    HMONG_GIVEN_FEMALE,
    HMONG_GIVEN_MALE,
    HMONG_MIDDLE_MALE,
    KINH_FAMILY,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    MIDDLE_TITLES,
    MOUNTAIN_ORGS,
    NATIONAL_ID_PREFIX,
    OFFICIALS_PER_ORG,
    ORG_BY_CODE,
    ORGANIZATIONS,
    OTHER_PROVINCES,
    OTHER_TITLES,
    POSTS,
    SCIENCE_TECHNOLOGY_DEGREES,
    SPECIAL_DISCIPLINES,
    SPECIAL_OFFICIALS,
    SPECIAL_POLITICAL_STANDARD_NOTES,
    SPECIAL_RETIREMENT_OVERRIDES,
    THEORY_WEIGHTS,
    WOMEN_SHARE,
)
from apps.demo.dates import DemoDates
from apps.demo.specs import DisciplineSpec, HistorySpec, OfficialSpec, OrgSpec
from apps.organizations.models import Level
from apps.people.models import PoliticalTheory, Sex
from apps.rules.engine import months_remaining


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def under(org: OrgSpec, ancestor: str) -> bool:
    """Whether the organization `ancestor` is above `org` in the demo tree."""
    parent = org.parent
    while parent:
        if parent == ancestor:
            return True
        parent = ORG_BY_CODE[parent].parent
    return False


class OfficialPlanner:
    """Draws the demo officials from the plan's seeded random generator, in a fixed order."""

    def __init__(self, rng: random.Random, dates: DemoDates) -> None:
        self.rng = rng
        self.dates = dates
        self.national_ids: set[str] = set()
        self.names: set[str] = set()

    def officials(self) -> list[OfficialSpec]:
        """Every organization's staff, in the order of the organizations table."""
        specials = self.specials()
        officials: list[OfficialSpec] = []
        for org in ORGANIZATIONS:
            officials.extend(self.staff(org, specials.get(org.code, [])))
        return officials

    def national_id(self, sex: str, birth: date) -> str:
        # the 1900s: 0 for men, 1 for women; the 2000s: 2 and 3
        century_sex = str(2 * (birth.year // 100 - 19) + (0 if sex == Sex.MALE else 1))
        while True:
            number = (
                f"{NATIONAL_ID_PREFIX}{century_sex}{birth.year % 100:02d}{self.rng.randint(0, 999_999):06d}"
            )
            if number not in self.national_ids:
                self.national_ids.add(number)
                return number

    def name(self, sex: str, ethnicity: str) -> str:
        rng = self.rng
        while True:
            family = rng.choice(FAMILY_BY_ETHNICITY.get(ethnicity, KINH_FAMILY))
            if ethnicity == "H'Mông":
                middle = rng.choice(HMONG_MIDDLE_MALE) if sex == Sex.MALE else "Thị"
                given = rng.choice(HMONG_GIVEN_MALE if sex == Sex.MALE else HMONG_GIVEN_FEMALE)
            elif sex == Sex.MALE:
                middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
            else:
                middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
            if middle == given:
                continue
            name = to_nfc(f"{family} {middle} {given}")
            if name not in self.names:
                self.names.add(name)
                return name

    def home_town(self, org: OrgSpec) -> tuple[str, bool]:
        rng = self.rng
        if rng.random() < 0.25:
            commune_name, district_name, province_name = rng.choice(OTHER_PROVINCES)
            return f"xã {commune_name}, huyện {district_name}, tỉnh {province_name}", False
        if org.level == Level.COMMUNE:
            commune = org
        else:
            below = [o for o in ORGANIZATIONS if o.level == Level.COMMUNE and under(o, org.code)]
            commune = rng.choice(below)
        district = ORG_BY_CODE[commune.parent] if commune.parent else None
        place = f"xã {commune.place}"
        if district and district.level == Level.DISTRICT:
            place += f", huyện {district.place}"
        return f"{place}, tỉnh Minh Sơn", True

    def person(
        self,
        org: OrgSpec,
        *,
        sex: str | None = None,
        birth: date | None = None,
        name: str | None = None,
        ethnicity: str | None = None,
        special: str = "",
    ) -> OfficialSpec:
        rng = self.rng
        level = org.level
        sex = sex or (Sex.FEMALE if rng.random() < WOMEN_SHARE else Sex.MALE)
        if birth is None:
            first, last = (year + self.dates.years for year in BIRTH_YEARS[level])
            birth = _random_date(rng, date(first, 1, 1), date(last, 12, 31))
            while (
                months_remaining(sex, birth, self.dates.review) < 0
            ):  # at work when the current list was made
                birth = _random_date(rng, date(first, 1, 1), date(last, 12, 31))
        if ethnicity is None:
            weights = ETHNICITIES_MOUNTAIN if org.code in MOUNTAIN_ORGS else ETHNICITIES_LOWLAND
            ethnicity = _weighted(rng, weights)
        if name is None:
            name = self.name(sex, ethnicity)
        else:
            name = to_nfc(name)
            self.names.add(name)
        home_town, local = self.home_town(org)
        admitted = _random_date(rng, years_before(birth, -22), years_before(birth, -30))
        spec = OfficialSpec(
            national_id=self.national_id(sex, birth),
            full_name=name,
            sex=sex,
            birth_date=birth,
            ethnicity=ethnicity,
            home_town=home_town,
            organization=org.code,
            position=None,
            title="",
            party_admission_date=min(admitted, self.dates.shift(date(2020, 12, 1)), self.dates.today),
            education=rng.choice(EDUCATION[level]),
            political_theory=_weighted(rng, THEORY_WEIGHTS[level]),
            is_local=local,
            special=special,
        )
        # derived from the subject, so the random draws (and every other demo figure) stay as they were
        spec.science_technology = spec.education.startswith(SCIENCE_TECHNOLOGY_DEGREES)
        return spec

    def specials(self) -> dict[str, list[OfficialSpec]]:
        """Hand-made officials of the deliberate cases (`SPECIAL_OFFICIALS`), by organization code."""
        made: dict[str, list[OfficialSpec]] = {}
        dates = self.dates
        for special, org_code, position, title, sex, birth, name, ethnicity in SPECIAL_OFFICIALS:
            spec = self.person(
                ORG_BY_CODE[org_code],
                sex=sex,
                birth=dates.shift(birth),
                name=name,
                ethnicity=ethnicity,
                special=special,
            )
            spec.position, spec.title = position, title
            spec.disciplines = [
                DisciplineSpec(
                    level,
                    number,
                    dates.months_before_review(before),
                    None
                    if lasted is None
                    else dates.months_before_review(before - lasted) - timedelta(days=1),
                    reason,
                )
                for case, level, number, before, lasted, reason in SPECIAL_DISCIPLINES
                if case == special
            ]
            override = SPECIAL_RETIREMENT_OVERRIDES.get(special)
            if override:
                spec.retirement_override, spec.retirement_override_reason = (
                    dates.shift(override[0]),
                    override[1],
                )
            note = SPECIAL_POLITICAL_STANDARD_NOTES.get(special)
            if note:
                concluded = dates.months_before_review(2).replace(day=12)
                spec.meets_political_standard = False
                spec.political_standard_note = note.format(date=concluded.strftime("%d/%m/%Y"))
            made.setdefault(org_code, []).append(spec)
        return made

    def staff(self, org: OrgSpec, specials: list[OfficialSpec]) -> list[OfficialSpec]:
        """The officials of one organization: hand-made ones first, then generated ones in the other posts."""
        rng = self.rng
        people = [self.person(org) for _ in range(OFFICIALS_PER_ORG[org.level])]
        # seniority with some noise: older people tend to hold the senior posts
        people.sort(key=lambda p: p.birth_date.toordinal() + rng.randint(-6 * 365, 6 * 365))
        posts = list(POSTS[org.level])
        for spec in specials:
            if (spec.position, spec.title) in posts:
                posts.remove((spec.position, spec.title))
        for person, post in zip(people, posts, strict=False):
            person.position, person.title = post
            if post[0] and CATALOGUE[post[0]][2] >= 50:  # senior posts require advanced political theory
                senior = [PoliticalTheory.ADVANCED, PoliticalTheory.ADVANCED, PoliticalTheory.BACHELOR]
                if org.level == Level.COMMUNE:
                    senior = [
                        PoliticalTheory.INTERMEDIATE,
                        PoliticalTheory.INTERMEDIATE,
                        PoliticalTheory.ADVANCED,
                    ]
                if person.political_theory not in senior:
                    person.political_theory = rng.choice(senior)
        for person in people[len(posts) :]:
            title = rng.choice(OTHER_TITLES[org.level])
            person.title = title
        staff = specials + people
        for person in staff:
            self.history(person, org)
        return staff

    def history(self, person: OfficialSpec, org: OrgSpec) -> None:
        """Two or three rows of work history ending in the current post; some with a rotation."""
        rng = self.rng
        career = _random_date(rng, years_before(person.birth_date, -22), years_before(person.birth_date, -25))
        dates = self.dates
        latest = min(dates.shift(date(2024, 6, 1)), dates.today)
        career = min(max(career, dates.shift(date(1986, 1, 1))), latest - timedelta(days=30))
        # up to 11 years back from today whatever the year: some head posts are held 8 years or more (R8)
        earliest = min(max(years_before(career, -3), years_before(dates.today, 11)), latest)
        current_start = _random_date(rng, earliest, latest)
        rows: list[HistorySpec] = []
        middle_start = years_before(current_start, 3)
        rotation = rng.random() < 0.15 and middle_start > years_before(career, -2)
        if rotation:
            communes = [o for o in ORGANIZATIONS if o.level == Level.COMMUNE and o.code != org.code]
            place = rng.choice(communes)
            rows.append(
                HistorySpec(
                    place.code,
                    "PHO_BI_THU",
                    f"Luân chuyển giữ chức Phó Bí thư Đảng ủy {place.name[0].lower()}{place.name[1:]}",
                    middle_start,
                    current_start - timedelta(days=1),
                    rotation=True,
                )
            )
            early_end = middle_start - timedelta(days=1)
        else:
            early_end = current_start - timedelta(days=1)
        if (early_end - career).days > 12 * 365:  # a long career has a step in the middle
            middle = _random_date(rng, years_before(career, -5), years_before(early_end, 3))
            rows.insert(
                0, HistorySpec(org.code, None, rng.choice(MIDDLE_TITLES[org.level]), middle, early_end)
            )
            early_end = middle - timedelta(days=1)
        rows.insert(0, HistorySpec(org.code, None, rng.choice(EARLY_TITLES[org.level]), career, early_end))
        rows.append(HistorySpec(org.code, person.position, person.title, current_start, None))
        person.history = rows

    # planning lists --------------------------------------------------------------------------------
