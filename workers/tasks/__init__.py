"""Celery tasks, one module per pipeline stage; each is a thin wrapper around claimcheck.service."""

from workers.tasks.check import check_claim
from workers.tasks.extract import extract_claims

__all__ = ["check_claim", "extract_claims"]
