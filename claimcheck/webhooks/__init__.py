"""Webhooks: signed POSTs of claimcheck events to subscribers, with retries and a delivery log."""
