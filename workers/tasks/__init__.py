"""Celery tasks, one module per pipeline stage; each is a thin wrapper around claimcheck.service."""

from workers.tasks.article_pages import fetch_article_page, queue_article_pages
from workers.tasks.check import check_claim
from workers.tasks.extract import extract_claims
from workers.tasks.feeds import poll_feed, schedule_polls
from workers.tasks.recheck import recheck_claim
from workers.tasks.reconcile import reconcile
from workers.tasks.retention import expire_evidence
from workers.tasks.webhooks import deliver_webhook

__all__ = [
    "check_claim",
    "deliver_webhook",
    "expire_evidence",
    "extract_claims",
    "fetch_article_page",
    "poll_feed",
    "queue_article_pages",
    "recheck_claim",
    "reconcile",
    "schedule_polls",
]
