"""A cheap test of whether text is English (Latin letters and English function words), and a guess at
the language of text that is not."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

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


# Scripts that (nearly) name their language, by the first word of the Unicode character name.
SCRIPT_LANGUAGES = {
    "CYRILLIC": "ru", "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "HANGUL": "ko", "HIRAGANA": "ja",
    "KATAKANA": "ja", "CJK": "zh", "DEVANAGARI": "hi", "BENGALI": "bn", "TAMIL": "ta", "THAI": "th",
    "GEORGIAN": "ka", "ARMENIAN": "hy",
}  # fmt: skip
# Ukrainian letters that Russian does not have.
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
# Function words that tell apart the languages most often written in Latin letters besides English.
LATIN_LANGUAGE_WORDS = {
    "es": frozenset({"el", "los", "las", "del", "y", "que", "por", "para", "con", "una", "es", "su", "se"}),
    "fr": frozenset({"le", "les", "des", "du", "et", "est", "une", "dans", "pour", "sur", "qui", "pas"}),
    "de": frozenset({"der", "die", "das", "und", "ist", "nicht", "mit", "sich", "dem", "den", "ein", "auf"}),
    "it": frozenset({"il", "di", "che", "non", "gli", "della", "per", "sono", "una", "con", "nel", "alla"}),
    "nl": frozenset({"het", "een", "van", "niet", "op", "dat", "zijn", "voor", "ook", "de", "en", "met"}),
    "pt": frozenset({"os", "um", "uma", "não", "em", "da", "dos", "que", "com", "para", "do", "ao"}),
    "sv": frozenset({"och", "att", "som", "är", "inte", "för", "på", "med", "av", "det", "en", "till"}),
    "da": frozenset({"og", "er", "ikke", "af", "til", "på", "med", "det", "som", "har", "en", "de"}),
    "pl": frozenset({"na", "nie", "w", "z", "jest", "do", "się", "że", "to", "od", "po", "dla"}),
}
MIN_LANGUAGE_WORDS = 2


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is most likely in, or None when it cannot be told."""
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(
        unicodedata.name(char, "").split(" ", 1)[0]
        for char in sample
        if char.isalpha() and not char.isascii()
    )
    letters = sum(1 for char in sample if char.isalpha())
    script, count = next(((s, n) for s, n in scripts.most_common() if s in SCRIPT_LANGUAGES), ("", 0))
    if letters and count / letters >= 1 - MIN_ASCII_LETTER_SHARE:
        if script == "CJK" and (scripts["HIRAGANA"] or scripts["KATAKANA"]):
            return "ja"  # Japanese mixes kanji with kana; Chinese has no kana
        if script == "CYRILLIC" and any(char in UKRAINIAN_LETTERS for char in sample):
            return "uk"
        return SCRIPT_LANGUAGES[script]
    folded = Counter(word.casefold() for word in _WORD.findall(sample))
    scores = {lang: sum(folded[w] for w in words) for lang, words in LATIN_LANGUAGE_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    english = sum(folded[w] for w in ENGLISH_FUNCTION_WORDS)
    if scores[best] < MIN_LANGUAGE_WORDS or scores[best] <= english:
        return None
    return best
