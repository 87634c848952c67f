"""Education levels (trình độ chuyên môn) and the usual ways of writing them, mapped to one stored level.

The stored level is one of `EDUCATION_LEVELS`, lowest first; they are the levels and ranks the R9
standards compare (apps.rules.engine.standards: trung cấp 1 ... tiến sĩ 5). The degree and subject
("Cử nhân Luật", "Quản lý công") are kept beside it. The import maps what people type ("ĐH", "đại học",
"Cử nhân Luật", "ThS. Quản lý công", "TS") to a level and refuses text it cannot map instead of
storing it as typed.
"""

from __future__ import annotations

import re

from apps.core.text import fold_name, to_nfc

EDUCATION_LEVELS = ("Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ")

# Words that name the level itself: what follows them is the subject ("Thạc sĩ Luật" -> "Luật").
_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "Trung cấp": ("trung cấp", "trung cấp chuyên nghiệp", "tccn", "tc"),
    "Cao đẳng": ("cao đẳng", "cđ"),
    "Đại học": ("đại học", "đh"),
    "Thạc sĩ": ("thạc sĩ", "thạc sỹ", "ths"),
    "Tiến sĩ": (
        "tiến sĩ",
        "tiến sỹ",
        "ts",
        "pgs ts",
        "gs ts",
        "pgs",
        "gs",
        "phó giáo sư tiến sĩ",
        "giáo sư tiến sĩ",
        "phó giáo sư",
        "giáo sư",
    ),
}
# Degree titles of a level: kept with the subject ("Kỹ sư Xây dựng" is Đại học, "Kỹ sư Xây dựng").
_TITLE_WORDS: dict[str, tuple[str, ...]] = {
    "Đại học": ("cử nhân", "cn", "kỹ sư", "ks", "kiến trúc sư", "bác sĩ", "bs", "dược sĩ", "luật sư"),
    # the R9 ranking counts a chuyên khoa (I or II) as thạc sĩ: kept the same here
    "Thạc sĩ": (
        "bác sĩ chuyên khoa i",
        "bác sĩ chuyên khoa ii",
        "chuyên khoa i",
        "chuyên khoa ii",
        "bác sĩ nội trú",
        "cki",
        "ckii",
        "bscki",
        "bsckii",
    ),
}


def _key(value: str) -> str:
    """Folded, dots and separators as spaces: 'Th.S.' -> 'th s', 'PGS.TS' -> 'pgs ts'."""
    return " ".join(re.sub(r"[.,;:()\-–/]", " ", fold_name(value)).split())


# (folded words, level, the words name the level itself), longest first so that "chuyên khoa ii" wins
_PREFIXES = sorted(
    [(_key(w), level, True) for level, words in _LEVEL_WORDS.items() for w in words]
    + [(_key(w), level, False) for level, words in _TITLE_WORDS.items() for w in words]
    + [(_key("th s"), "Thạc sĩ", True), (_key("t s"), "Tiến sĩ", True)],
    key=lambda item: -len(item[0]),
)


def parse_education(value: str) -> tuple[str, str] | None:
    """The level and the degree/subject `value` means ('ThS Luật' -> ('Thạc sĩ', 'Luật'),
    'Cử nhân Kinh tế' -> ('Đại học', 'Cử nhân Kinh tế'), 'đh' or 'Cử nhân' -> ('Đại học', '')); None when
    unknown."""
    text = " ".join(to_nfc(value).split())
    key = _key(text)
    if not key:
        return None
    for words, level, names_level in _PREFIXES:
        if key == words or key.startswith(words + " "):
            if not names_level:
                return level, (text if key != words else "")  # a title alone says only the level
            rest = _after_words(text, len(words.split()))
            return level, rest
    return None


def _after_words(text: str, count: int) -> str:
    """`text` without its first `count` words (dots and dashes between them do not count as words)."""
    tokens = re.findall(r"[^\s.,;:()\-–/]+", text)
    if count >= len(tokens):
        return ""
    # the position where the (count+1)-th word starts in the original text
    position = 0
    for token in tokens[:count]:
        position = text.index(token, position) + len(token)
    rest = text[position:]
    return re.sub(r"^[\s.,;:()\-–/]+", "", rest).strip()


def is_level(value: str) -> bool:
    """True when `value` is stored exactly as one of the levels (empty: not recorded, also fine)."""
    return value == "" or value in EDUCATION_LEVELS


def education_text(level: str, subject: str) -> str:
    """The level and subject as one cell ('Thạc sĩ', 'Luật' -> 'Thạc sĩ Luật'), read back by parse_education."""
    if not subject:
        return level
    parsed = parse_education(subject)
    if parsed is not None and parsed[0] == level and parsed[1] == subject:
        return subject  # "Cử nhân Luật" already says Đại học
    return f"{level} {subject}".strip()
