"""The embedded mode: the whole pipeline in one process over fakeredis, the same task code run eagerly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fakeredis

from claimcheck import service
from claimcheck.settings import DEMO_FEEDS_DIR, Settings
from claimcheck.store import RedisStore
from schemas.articles import ArticleCreate, ArticlePublic

Progress = Callable[[int, int], None]


def run_embedded(
    payload: ArticleCreate, settings: Settings, progress: Progress | None = None
) -> ArticlePublic:
    """Check one article end to end without a Redis server, against `settings.feeds_dir` or else the
    demo feeds; `progress(done, total)` follows the checks."""
    from celery.signals import task_postrun

    from workers.celery_app import celery_app
    from workers.runtime import Runtime, use_runtime
    from workers.tasks import check_claim, extract_claims

    store = RedisStore(fakeredis.FakeRedis(decode_responses=True), settings.key_prefix)
    # The demo's own feeds unless a directory is given: the one place they are evidence.
    feeds_dir = settings.feeds_dir or DEMO_FEEDS_DIR
    runtime = Runtime(settings.model_copy(update={"feeds_dir": feeds_dir}), store)
    runtime.load_local_feeds()
    use_runtime(runtime)
    eager_before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True

    article, _ = service.submit_article(store, payload, idempotency_key=None)
    checked = 0

    def on_postrun(sender: Any = None, **_: Any) -> None:
        nonlocal checked
        if getattr(sender, "name", None) == check_claim.name and progress is not None:
            checked += 1
            progress(checked, store.get_state(article.id).claim_count or 0)

    task_postrun.connect(on_postrun, weak=False)
    try:
        extract_claims.delay(article.id)
    finally:
        task_postrun.disconnect(on_postrun)
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = eager_before
        use_runtime(None)
    return service.article_public(store, article.id)
