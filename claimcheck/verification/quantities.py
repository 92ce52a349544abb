"""Numbers, amounts and dates with what they count, normalised so that they can be compared.

'two weeks' and '14 days' are both 14 day; '$5bn' and 'five billion dollars' are both 5e9 usd; '30-day
ceasefire' counts days; 'in March 2020' is calendar month 3 and calendar year 2020. Two statements
conflict when they count the same thing with values that do not round to each other.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimcheck.verification.terms import STOP_WORDS, stem

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5,
    "crore": 1e7, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Units that are the same quantity at another scale: (unit, factor to the canonical unit).
_CONVERSIONS = {
    "week": ("day", 7.0), "fortnight": ("day", 14.0), "decade": ("year", 10.0), "century": ("year", 100.0),
    "kilometre": ("km", 1.0), "kilometer": ("km", 1.0), "mile": ("km", 1.609344), "metre": ("meter", 1.0),
    "kilogram": ("kg", 1.0), "tonne": ("ton", 1.0), "per": ("percent", 1.0), "percent": ("percent", 1.0),
    "dollar": ("usd", 1.0), "buck": ("usd", 1.0), "euro": ("eur", 1.0), "pound": ("gbp", 1.0),
    "rupee": ("inr", 1.0), "r": ("inr", 1.0), "hr": ("hour", 1.0), "min": ("minute", 1.0),
    "yr": ("year", 1.0), "person": ("people", 1.0),
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "usd", "£": "gbp", "€": "eur", "₹": "inr", "rs": "inr", "us$": "usd", "usd": "usd"}
# Words between a number and its noun that do not change what is counted.
_SKIPPABLE = frozenset(
    [
        "world", "more", "new", "other", "additional", "extra", "major", "senior", "top", "old", "young",
        "small", "large", "big", "local", "foreign", "international", "national", "total", "further", "full",
        "straight", "consecutive", "separate", "different", "registered", "confirmed", "active", "reported",
        "known", "official",
    ]
)  # fmt: skip
_HEDGES = frozenset(
    [
        "about", "around", "approximately", "roughly", "nearly", "almost", "some", "over", "under", "more",
        "less", "than", "least", "up", "estimated", "circa", "close", "~",
    ]
)  # fmt: skip
_YEAR_CUES = frozenset([
    "in", "since", "by", "from", "until", "till", "to", "during", "before", "after", "of", "year", "early",
    "late", "mid",
])  # fmt: skip
_PLURAL_IRREGULAR = frozenset([
    "people", "men", "women", "children", "police", "staff", "troops", "personnel", "cattle",
])  # fmt: skip
_TOKEN = re.compile(
    r"[0-9]+(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[^\W\d_]+|[$£€₹%~]|[.,;:!?()\"“”]"
)
_ORDINAL_DIGITS = re.compile(r"([0-9]+)(?:st|nd|rd|th)\b", re.IGNORECASE)
_ARTICLE_SCALES = frozenset(["dozen", "hundred", "thousand", "million", "billion", "trillion"])
_LENGTH_WORDS = frozenset(["tall", "high", "long", "wide", "deep", "away"])
_DIGITS = frozenset("0123456789")
_STOPPING = frozenset('.,;:!?()"“”')


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value with what it counts ('day', 'usd', 'people', 'calendar-year', 'ordinal-president')."""

    value: float
    unit: str
    approximate: bool = False

    def agrees_with(self, other: Quantity) -> bool:
        """True when the two values are the same number as people round it."""
        if self.unit != other.unit:
            return False
        a, b = self.value, other.value
        if math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9):
            return True
        if self.approximate or other.approximate:
            return abs(a - b) <= 0.15 * max(abs(a), abs(b))
        # '5 million' agrees with 5.2 million and 4.8 million: the rounded one sets the precision.
        return abs(a - b) <= max(_rounding(a), _rounding(b)) / 2 + 1e-9 or abs(a - b) <= 0.02 * max(
            abs(a), abs(b)
        )


def _rounding(value: float) -> float:
    """Place value of the last significant digit: 5e6 -> 1e6, 5.2e6 -> 1e5, 14 -> 1."""
    if value == 0 or value != value:
        return 1.0
    text = f"{abs(value):.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return float(10 ** (int(exponent) - decimals))
    if "." in text:
        return float(10 ** -len(text.split(".")[1]))
    stripped = text.rstrip("0")
    return float(10 ** (len(text) - len(stripped))) if value >= 10 else 1.0


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(_ORDINAL_DIGITS.sub(r"\1 ordinal", text))]


def _spelled_value(tokens: list[str], i: int, after_article: bool = False) -> tuple[float, int] | None:
    """Parse a run of number words from tokens[i]; returns (value, next index). 'a million' is one million."""
    total, current, j, seen = 0.0, 0.0, i, after_article
    while j < len(tokens):
        word = tokens[j]
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in {"hundred", "dozen"}:
            current = (current or 1) * (100 if word == "hundred" else 12)
        elif word in {"thousand", "million", "billion", "trillion", "lakh", "crore"} and seen:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif (
            word == "and"
            and seen
            and j + 1 < len(tokens)
            and (tokens[j + 1] in _SMALL or tokens[j + 1] in _TENS)
        ):
            pass
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def _plural(word: str) -> bool:
    return word in _PLURAL_IRREGULAR or (word.endswith("s") and not word.endswith("ss") and len(word) > 3)


def _unit_after(tokens: list[str], j: int) -> tuple[str, int]:
    """The noun a number counts: the next word, skipping a few adjectives; '' at punctuation."""
    for _ in range(3):
        if j >= len(tokens) or tokens[j] in _STOPPING:
            return "", j
        word = tokens[j]
        if word == "%":
            return "percent", j + 1
        if word in {"per", "percent"}:
            return "percent", j + (
                2 if word == "per" and j + 1 < len(tokens) and tokens[j + 1] == "cent" else 1
            )
        if word in _SKIPPABLE or word == "of":
            j += 1
            continue
        if word[0] in _DIGITS or word in STOP_WORDS:
            return "", j
        return word, j + 1
    return "", j


def _canonical(unit: str, value: float) -> tuple[str, float]:
    unit = stem(unit) if unit not in {"people", "percent", "usd", "gbp", "eur", "inr"} else unit
    if unit in _CONVERSIONS:
        canonical, factor = _CONVERSIONS[unit]
        return canonical, value * factor
    return unit, value


def quantities(text: str) -> list[Quantity]:
    """Numbers, amounts and dates stated in `text`, normalised ('two weeks' -> 14 day, '$5bn' -> 5e9 usd)."""
    tokens = _tokens(text)
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        previous = tokens[i - 1] if i else ""
        if word in _MONTHS and (word not in {"may", "mar"} or _looks_like_date(tokens, i)):
            dates, i = _date_at(tokens, i)
            found.extend(dates)
            continue
        if word in _ORDINALS or (word[0] in _DIGITS and i + 1 < len(tokens) and tokens[i + 1] == "ordinal"):
            value = float(_ORDINALS[word]) if word in _ORDINALS else float(word.replace(",", ""))
            j = i + 1 if word in _ORDINALS else i + 2
            noun, _ = _unit_after(tokens, j)
            if noun and noun not in _MONTHS and noun[0] not in _DIGITS:
                found.append(Quantity(value, "ordinal-" + stem(noun)))
            i = j
            continue
        currency = _CURRENCY_SIGNS.get(word)
        start = i + 1 if currency else i
        if start >= len(tokens):
            break
        parsed = _number_at(tokens, start)
        if parsed is None:
            i += 1
            continue
        value, j, raw_digits = parsed
        approximate = previous in _HEDGES or (i >= 2 and tokens[i - 2] in {"more", "less", "fewer"})
        noun, after = _unit_after(tokens, j)
        if currency:
            unit = currency
        elif noun in _CURRENCY_SIGNS:
            unit, after = _CURRENCY_SIGNS[noun], after
        elif raw_digits and _is_year(value, raw_digits, previous, noun):
            found.append(Quantity(value, "calendar-year"))
            i = j
            continue
        elif noun in _MONTHS:
            # '12 March': a day of a month, the month and year follow.
            found.append(Quantity(value, "calendar-day"))
            i = j
            continue
        else:
            unit = noun or "number"
        if unit == "number" and value < 10 and raw_digits:
            i = j  # bare small numbers (list markers, scores) count nothing that can be compared
            continue
        canonical, value = _canonical(unit, value)
        found.append(Quantity(value, canonical, approximate))
        i = max(j, i + 1)
    return found


def _number_at(tokens: list[str], i: int) -> tuple[float, int, bool] | None:
    """(value, next index, written in digits) for a number starting at tokens[i], scales applied."""
    word = tokens[i]
    if word[0] in _DIGITS:
        value, j, raw = float(word.replace(",", "")), i + 1, True
    else:
        article = word in {"a", "an"} and i + 1 < len(tokens) and tokens[i + 1] in _ARTICLE_SCALES
        spelled = _spelled_value(tokens, i + 1, after_article=True) if article else _spelled_value(tokens, i)
        if spelled is None:
            return None
        value, j = spelled
        raw = False
    while j < len(tokens) and tokens[j] in _SCALES:
        if tokens[j] == "m" and j + 1 < len(tokens) and tokens[j + 1] in _LENGTH_WORDS:
            break  # '5 m tall' is metres, not millions
        value *= _SCALES[tokens[j]]
        raw = False
        j += 1
    return value, j, raw


def _is_year(value: float, raw: bool, previous: str, noun: str) -> bool:
    if not raw or not (1800 <= value <= 2100) or value != int(value):
        return False
    if previous in _YEAR_CUES or previous in _MONTHS:
        return True
    return not _plural(noun)


def _looks_like_date(tokens: list[str], i: int) -> bool:
    neighbours = tokens[max(0, i - 1) : i] + tokens[i + 1 : i + 2]
    return any(t[0] in _DIGITS for t in neighbours)


def _date_at(tokens: list[str], i: int) -> tuple[list[Quantity], int]:
    """'March 12, 2020' / 'March 2020' / 'in March': the month, and the day when written after it."""
    found = [Quantity(float(_MONTHS[tokens[i]]), "calendar-month")]
    j = i + 1
    if (
        j < len(tokens)
        and tokens[j].isascii()
        and tokens[j].isdigit()
        and 1 <= int(tokens[j]) <= 31
        and len(tokens[j]) <= 2
    ):
        found.append(Quantity(float(tokens[j]), "calendar-day"))
        j += 1
    return found, j


def quantity_terms(text: str) -> list[str]:
    """Quantities as search terms ('14-day' and 'fourteen days' both give '14:day')."""
    return [f"{q.value:g}:{q.unit}" for q in quantities(text)]


def conflicting_quantities(claim: str, passage: str) -> list[tuple[Quantity, Quantity]]:
    """Pairs where the passage counts the same thing as the claim with a value that does not agree."""
    passage_quantities = quantities(passage)
    conflicts = []
    for stated in quantities(claim):
        if stated.unit == "number":
            continue
        same_unit = [q for q in passage_quantities if q.unit == stated.unit]
        if same_unit and not any(stated.agrees_with(q) for q in same_unit):
            conflicts.append((stated, same_unit[0]))
    return conflicts


def matching_quantities(claim: str, passage: str) -> list[Quantity]:
    """The claim's quantities that the passage states with an agreeing value."""
    passage_quantities = quantities(passage)
    return [s for s in quantities(claim) if any(s.agrees_with(q) for q in passage_quantities)]
