"""Terms for retrieval and overlap: lower-cased words, stop words dropped, light suffix stripping."""

from __future__ import annotations

import re

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves said says say according amid recent
    recently new
    """.split()  # noqa: SIM905 - a word list reads best as text
)


# Spelled-out numbers index as digits, so 'fourteen days' and '14 days' meet in retrieval.
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]  # fmt: skip
    )
} | {
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
}


def stem(word: str) -> str:
    """Strip common inflections so 'talks'/'talk' and 'agreed'/'agree' meet."""
    for suffix, minimum in (("'s", 2), ("’s", 2), ("ies", 4), ("ing", 5), ("ed", 4), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum - 1:
            if suffix == "ies":
                return word[: -len(suffix)] + "y"
            if suffix == "s" and word.endswith("ss"):
                return word
            if suffix == "ed" and word[:-2] in STOP_WORDS:
                return word[:-1]  # 'noted' is 'note', not 'not'
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Content terms of `text` in order, repeats kept (BM25 counts them)."""
    out = []
    for match in _WORD.finditer(text.lower()):
        word = match.group()
        if word in STOP_WORDS:
            continue
        if word[0].isdigit():
            out.append(word.replace(",", ""))
        elif len(word) > 1:
            out.append(NUMBER_WORDS.get(word) or stem(word))
    return out
