"""One delivery attempt: a signed POST of one event to one subscriber, through the SSRF guard."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from claimcheck.errors import FeedFetchError, FeedRejected
from claimcheck.feeds.ssrf import IPNetwork, Resolver, resolve_target, system_resolver
from claimcheck.webhooks.signing import SIGNATURE_HEADER, signature_header
from schemas.events import Event
from schemas.webhooks import Webhook, WebhookBody, WebhookDelivery

USER_AGENT = "claimcheck-webhooks/0.1"


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """What an attempt did, for the log; and whether trying again could help."""

    record: WebhookDelivery
    retryable: bool


def webhook_body(event_id: str, event: Event) -> bytes:
    """The JSON body POSTed for an event."""
    body = WebhookBody(id=event_id, type=event.type.value, created_at=event.at, data=event)
    return body.model_dump_json().encode()


def new_client() -> httpx.Client:
    """A client for deliveries: no proxies from the environment (they would undo the pinning), no
    redirects (a redirect could lead past the SSRF guard), no keep-alive (a connection pinned for one host
    name must not carry another's request)."""
    return httpx.Client(
        trust_env=False, follow_redirects=False, limits=httpx.Limits(max_keepalive_connections=0)
    )


def deliver(
    client: httpx.Client,
    webhook: Webhook,
    event_id: str,
    event: Event,
    attempt: int,
    allow: Sequence[IPNetwork] = (),
    timeout_s: float = 10.0,
    resolver: Resolver = system_resolver,
) -> DeliveryOutcome:
    """POST the signed event to the subscriber; any 2xx answer counts as delivered."""
    body = webhook_body(event_id, event)
    started = time.perf_counter()
    status: int | None = None
    error: str | None = None
    retryable = True
    try:
        target = resolve_target(webhook.url, allow, resolver)
        extensions: dict[str, Any] = {}
        if target.scheme == "https" and target.host != str(target.ip):
            extensions["sni_hostname"] = target.host  # the certificate is checked against the host name
        headers = {
            "Host": target.netloc,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: signature_header(webhook.secret, body),
            "Claimcheck-Event-Id": event_id,
            "Claimcheck-Event-Type": event.type.value,
            "Claimcheck-Delivery-Attempt": str(attempt),
        }
        request = client.build_request(
            "POST", target.pinned_url, content=body, headers=headers, timeout=timeout_s, extensions=extensions
        )
        response = client.send(request, stream=True, follow_redirects=False)
        response.close()  # only the status matters; the body is never read
        status = response.status_code
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except FeedRejected as exc:
        error = f"refused by the SSRF guard: {exc}"
        retryable = False
    except (FeedFetchError, httpx.HTTPError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    record = WebhookDelivery(
        event_id=event_id,
        event_type=event.type.value,
        attempt=attempt,
        status_code=status,
        error=error,
        delivered=error is None,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
    )
    return DeliveryOutcome(record, retryable and error is not None)
