"""Claim extraction: paragraphs, sentences, atomic clauses, types and check-worthiness."""

from claimcheck.extraction.pipeline import ExtractedClaim, ExtractionResult, SkippedSentence, extract_claims

__all__ = ["ExtractedClaim", "ExtractionResult", "SkippedSentence", "extract_claims"]
