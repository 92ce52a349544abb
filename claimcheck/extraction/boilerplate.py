"""Recognising page furniture pasted with an article: bylines, "Read more", share and sign-up prompts."""

from __future__ import annotations

import re

# Lines that are page furniture as a whole, whatever follows the prompt.
_PROMPTS = re.compile(
    r"""^\W*(?:
        read\s+(?:more|next|also|the\s+full\s+(?:story|article))
      | (?:also\s+)?see\s+also
      | related(?:\s+(?:articles?|stories|coverage|content|reading))?\s*[:|-]
      | more\s+(?:on|from)\s+(?:this\s+story|[A-Z]\w+)\s*[:|-]
      | share\s+(?:this|on|via|the\s+article|article|story)
      | (?:click|tap)\s+here
      | sign\s+up\b
      | subscribe\b
      | follow\s+(?:us|@)
      | (?:advertisement|sponsored(?:\s+content)?|skip\s+advert(?:isement)?)\s*$
      | (?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4})
      | all\s+rights\s+reserved
      | (?:photo|image|picture|video|getty\s+images|source)\s*(?:credit|caption)?\s*:
      | (?:updated|published|posted|last\s+modified)\b[^.!?]{0,60}$
      | \((?:reporting|writing|editing|additional\s+reporting)\s+by\b
      | (?:reporting|writing|editing|additional\s+reporting)\s+by\b
      | this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:updated|amended|corrected)
      | (?:listen\s+to|watch)\s+(?:this|the)\s+(?:article|story|video)
      | (?:we\s+use\s+)?cookies?\b.*\b(?:accept|consent|settings|policy)
      | (?:get|receive)\s+(?:our|the)\s+\w+(?:\s+\w+)?\s+(?:newsletter|briefing|alerts?)
      | download\s+(?:our|the)\s+app
      | comments?\s*(?:\(\d+\)|$)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Prompts that may end a real paragraph's last sentence or stand as a sentence of their own.
_SENTENCE_PROMPTS = re.compile(
    r"""^\W*(?:
        sign\s+up\s+(?:for|to)\s+(?:our|the)\b
      | subscribe\s+(?:to|for|now|today)\b
      | (?:click|tap)\s+here\b
      | share\s+this\s+(?:article|story|post)\b
      | read\s+more\s*[:.]
      | follow\s+us\s+on\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|di|la|le|bin|al))*"
_BYLINE = re.compile(
    rf"^\W*[Bb][Yy]\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
    r"(?:\s*[,|–—-]\s*[^.!?]{0,60})?\s*$",
)
_BYLINE_LOWER_BY = re.compile(rf"^\W*(?:BY|By|by)\s+{_NAME}")
BYLINE_MAX_WORDS = 14
PROMPT_MAX_WORDS = 30


def boilerplate_reason(line: str) -> str | None:
    """Why a paragraph is page furniture rather than article text ("byline", "boilerplate"), or None."""
    stripped = line.strip()
    words = len(stripped.split())
    if not words:
        return None
    if words <= BYLINE_MAX_WORDS and _BYLINE_LOWER_BY.match(stripped) and _BYLINE.match(stripped):
        return "byline"
    if words <= PROMPT_MAX_WORDS and _PROMPTS.match(stripped):
        return "boilerplate"
    return None


def is_prompt_sentence(sentence: str) -> bool:
    """A sentence that asks the reader to do something on the page (sign up, share, read more)."""
    return bool(_SENTENCE_PROMPTS.match(sentence)) and len(sentence.split()) <= PROMPT_MAX_WORDS
