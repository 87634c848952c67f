"""R9: the standards of a post at a level (minimum education, minimum political theory) and TRAINING_NEEDED.

An official below a standard is not ineligible: the entry carries a warning naming the missing standard,
and the board trains them ("cần đào tạo, bồi dưỡng"). An official whose level is not recorded (or not
recognised) is "chưa có thông tin", never below the standard.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from . import messages as msg
from .types import Code, EntryFacts, Finding, Severity

# Professional qualification, lowest first: the rank compared with a post's minimum.
EDUCATION_LABELS = {1: "trung cấp", 2: "cao đẳng", 3: "đại học", 4: "thạc sĩ", 5: "tiến sĩ"}
# Political theory: cử nhân counts as cao cấp.
THEORY_RANKS = {"so_cap": 1, "trung_cap": 2, "cao_cap": 3, "cu_nhan": 3}
THEORY_LABELS = {1: "sơ cấp", 2: "trung cấp", 3: "cao cấp"}

# Words of a free-text qualification, folded (no accents, lower case), highest first.
_EDUCATION_WORDS = (
    (5, ("tien si", "tiến sĩ", "ts.")),
    (4, ("thac si", "thạc sĩ", "ths", "chuyen khoa")),
    (3, ("dai hoc", "cu nhan", "ky su", "kien truc su", "bac si", "duoc si")),
    (2, ("cao dang",)),
    (1, ("trung cap",)),
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower().split())


@lru_cache(maxsize=4096)
def education_rank(text: str) -> int | None:
    """The rank of a free-text qualification ("Thạc sĩ Luật" -> 4), None when empty or not recognised."""
    folded = _fold(text or "")
    if not folded:
        return None
    for rank, words in _EDUCATION_WORDS:
        if any(_fold(word) in folded for word in words):
            return rank
    return None


def theory_rank(code: str) -> int | None:
    """The rank of a political-theory level code, None when not recorded."""
    return THEORY_RANKS.get(code or "")


def missing_standards(entry: EntryFacts) -> list[str]:
    """The standards of the planned post the official is below, as Vietnamese phrases (none if unknown)."""
    missing = []
    need = entry.min_education_rank
    have = entry.education_rank
    if need is not None and have is not None and have < need:
        missing.append(
            msg.MISSING_EDUCATION.format(have=EDUCATION_LABELS[have], need=EDUCATION_LABELS.get(need, need))
        )
    need = entry.min_theory_rank
    have = entry.theory_rank
    if need is not None and have is not None and have < need:
        missing.append(
            msg.MISSING_THEORY.format(have=THEORY_LABELS[have], need=THEORY_LABELS.get(need, need))
        )
    return missing


def unknown_standards(entry: EntryFacts) -> list[str]:
    """The standards that cannot be checked because the official's level is not recorded."""
    unknown = []
    if entry.min_education_rank is not None and entry.education_rank is None:
        unknown.append(msg.UNKNOWN_EDUCATION)
    if entry.min_theory_rank is not None and entry.theory_rank is None:
        unknown.append(msg.UNKNOWN_THEORY)
    return unknown


def training_finding(entry: EntryFacts) -> Finding | None:
    """TRAINING_NEEDED (warning) when the official is below a standard of the planned post at the level."""
    missing = missing_standards(entry)
    if not missing:
        return None
    return Finding(
        Code.TRAINING_NEEDED.value,
        Severity.WARNING.value,
        msg.TRAINING_NEEDED.format(missing="; ".join(missing)),
    )
