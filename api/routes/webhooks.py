"""Webhook subscriptions: create (the secret is shown once), list, delivery log, delete."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import SettingsDep
from api.errors import problem, problem_responses
from api.openapi import location_response
from api.records import WebhooksDep
from claimcheck.errors import FeedFetchError, FeedRejected
from claimcheck.feeds.ssrf import parse_networks, resolve_target
from claimcheck.webhooks.signing import new_secret
from schemas.common import utcnow
from schemas.webhooks import (
    Webhook,
    WebhookCreate,
    WebhookCreated,
    WebhookDeliveries,
    WebhookPublic,
    WebhooksPublic,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


def _public(webhook: Webhook) -> WebhookPublic:
    return WebhookPublic.model_validate(webhook.model_dump(exclude={"secret"}))


@router.post(
    "",
    status_code=201,
    response_model=WebhookCreated,
    summary="Subscribe a URL to events",
    responses={**location_response(201, "subscription"), **problem_responses(422, 503)},
)
def create_webhook(
    payload: WebhookCreate, response: Response, webhooks: WebhooksDep, settings: SettingsDep
) -> WebhookCreated | Response:
    """Claimcheck POSTs each event signed with the returned secret (HMAC-SHA256, `Claimcheck-Signature`)."""
    url = str(payload.url)
    try:
        # The same guard as feeds: no loopback, private or link-local targets unless allowlisted.
        # Checked again at every delivery, since DNS may answer differently by then.
        resolve_target(url, parse_networks(settings.feed_allow_networks))
    except (FeedRejected, FeedFetchError) as exc:
        return problem(422, "Unprocessable Content", str(exc), "webhook_url_rejected")
    webhook = Webhook(
        id=uuid.uuid4().hex, url=url, events=payload.events, created_at=utcnow(), secret=new_secret()
    )
    webhooks.create_webhook(webhook)
    response.headers["Location"] = f"/v1/webhooks/{webhook.id}"
    return WebhookCreated.model_validate(webhook.model_dump())


@router.get("", response_model=WebhooksPublic, summary="Every subscription (without secrets)")
def list_webhooks(webhooks: WebhooksDep) -> WebhooksPublic:
    subscriptions = [_public(w) for w in webhooks.list_webhooks()]
    return WebhooksPublic(data=subscriptions, count=len(subscriptions))


@router.get(
    "/{webhook_id}",
    response_model=WebhookPublic,
    summary="One subscription",
    responses=problem_responses(404),
)
def get_webhook(webhook_id: str, webhooks: WebhooksDep) -> WebhookPublic:
    return _public(webhooks.get_webhook(webhook_id))


@router.get(
    "/{webhook_id}/deliveries",
    response_model=WebhookDeliveries,
    summary="A subscription's delivery attempts, newest first",
    responses=problem_responses(404),
)
def list_deliveries(
    webhook_id: str, webhooks: WebhooksDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> WebhookDeliveries:
    """Each attempt: event id and type, attempt number, the receiver's status code or the error, when."""
    deliveries = webhooks.list_deliveries(webhook_id, limit)
    return WebhookDeliveries(data=deliveries, count=len(deliveries))


@router.delete("/{webhook_id}", status_code=204, summary="Unsubscribe", responses=problem_responses(404))
def delete_webhook(webhook_id: str, webhooks: WebhooksDep) -> Response:
    """Stop deliveries; attempts already queued for this subscription are dropped."""
    webhooks.delete_webhook(webhook_id)
    return Response(status_code=204)
