"""A cheap test of whether text is English: Latin letters and English function words."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
# Function words frequent in English and rare as words of other languages written in Latin letters
# ("in", "a", "is", "was", "die", "an" are left out: they are common German, Dutch, Romance words).
ENGLISH_FUNCTION_WORDS = frozenset(
    {
        "the", "of", "and", "to", "that", "for", "it", "with", "as", "are", "by", "this", "be", "from",
        "at", "have", "has", "not", "which", "or", "were", "but", "they", "their", "he", "she", "his", "her",
        "its", "been", "will", "would", "who", "said", "after", "than", "there", "what", "about", "can",
        "we", "you", "our", "more", "also", "into", "when", "had", "these", "those", "could", "should",
        "how", "while", "over", "between", "during", "against", "under", "before",
    }
)  # fmt: skip
# Function words of other languages written in Latin letters that English text almost never uses.
FOREIGN_FUNCTION_WORDS = frozenset(
    {
        "el", "la", "los", "las", "del", "y", "que", "en", "por", "para", "con", "una", "es", "su", "se",
        "le", "les", "des", "du", "et", "est", "une", "dans", "pour", "sur", "qui", "pas", "au", "aux",
        "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "dem", "den", "ein", "eine", "auf", "zu",
        "il", "di", "che", "non", "gli", "della", "per", "sono", "het", "een", "van", "niet", "op",
        "dat", "zijn", "voor", "om", "ook", "och", "att", "som", "og", "er", "ikke", "na", "nie",
        "w", "z", "jest", "do", "os", "um", "uma", "não", "em", "da", "dos",
    }
)  # fmt: skip
MIN_FOREIGN_WORDS = 3
MIN_ASCII_LETTER_SHARE = 0.7
MIN_FUNCTION_WORD_SHARE = 0.05
# Below this many words the function-word share says little; only the letters are judged.
MIN_WORDS_FOR_FUNCTION_WORDS = 40
SAMPLE_CHARS = 20_000


def looks_english(text: str) -> bool:
    """True when `text` reads as English (judged on a sample, so long texts cost no more than short ones)."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    letters = sum(len(word) for word in words)
    if not letters:
        return True
    ascii_letters = sum(1 for word in words for char in word if char.isascii())
    if ascii_letters / letters < MIN_ASCII_LETTER_SHARE:
        return False
    folded = [word.casefold() for word in words]
    english = sum(1 for word in folded if word in ENGLISH_FUNCTION_WORDS)
    foreign = sum(1 for word in folded if word in FOREIGN_FUNCTION_WORDS)
    if foreign >= MIN_FOREIGN_WORDS and foreign > 2 * english:
        return False
    return len(words) < MIN_WORDS_FOR_FUNCTION_WORDS or english / len(words) >= MIN_FUNCTION_WORD_SHARE
