"""The Celery application: JSON messages only, late acks, one message in flight per process, checks first."""

from __future__ import annotations

from celery import Celery
from kombu.entity import Queue

from claimcheck.broker import QUEUE, QUEUES, TASK_QUEUES
from claimcheck.settings import Settings, get_settings


def create_celery(settings: Settings) -> Celery:
    """A Celery app configured from settings; tasks register from workers.tasks."""
    app = Celery("claimcheck", broker=settings.celery_broker_url, include=["workers.tasks"])
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        # A task is acknowledged after it ran, and requeued if its worker dies mid-task.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_time_limit=settings.task_time_limit_s,
        task_soft_time_limit=settings.task_soft_time_limit_s,
        # Checks, extractions and everything else on queues of their own; a worker consumes them in the
        # order of QUEUES, checks first (see claimcheck/broker.py for why that order).
        task_queues=[Queue(name, routing_key=name) for name in QUEUES],  # type: ignore[no-untyped-call]
        task_default_queue=QUEUE,
        task_routes={task: {"queue": queue} for task, queue in TASK_QUEUES.items()},
        broker_transport_options={
            # BRPOP over the queues in their listed order (kombu's default rotates them round robin).
            "queue_order_strategy": "priority",
            "visibility_timeout": settings.visibility_timeout_s,
            # How soon a message whose worker died is found again (the fault suite sets it low).
            "unacked_restore_interval": settings.broker_restore_interval_s,
            "unacked_restore_throttle": settings.broker_restore_throttle,
        },
        broker_connection_retry_on_startup=True,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.2},
        worker_hijack_root_logger=False,
        enable_utc=True,
        beat_schedule_filename=str(settings.beat_schedule_path),
        beat_schedule={
            "schedule-feed-polls": {"task": "claimcheck.schedule_polls", "schedule": settings.poll_tick_s},
            "expire-evidence": {
                "task": "claimcheck.expire_evidence",
                "schedule": settings.evidence_expiry_interval_s,
                "options": {"expires": settings.evidence_expiry_interval_s},
            },
            # A reconcile that waited past the next one is dropped: that one looks afresh.
            "reconcile": {
                "task": "claimcheck.reconcile",
                "schedule": settings.reconcile_interval_s,
                "options": {"expires": settings.reconcile_interval_s},
            },
        },
    )
    return app


celery_app = create_celery(get_settings())
