"""A real worker serves checks before extractions that waited longer, so started articles finish first."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from claimcheck import service
from claimcheck.broker import CHECK_QUEUE, EXTRACT_QUEUE, QUEUE, queue_depths
from claimcheck.settings import Settings
from claimcheck.store import RedisStore
from schemas import ArticleStatus
from schemas.articles import ArticleCreate
from tests.support.processes import RedisServer, ServiceProcess, start_worker, wait_until
from workers.celery_app import create_celery

pytestmark = pytest.mark.integration

# Three checked claims: its extraction fans out three checks.
THREE_CLAIMS = (
    "The council of Ashford approved a budget of 41 million pounds for schools on Monday. "
    "The mayor said the new bridge over the river will open in 2028. "
    "Unemployment fell to 4.1 percent in March, the statistics office reported."
)


def test_late_checks_and_those_an_extraction_fans_out_run_before_waiting_extractions(
    tmp_path: Path,
) -> None:
    server = RedisServer(tmp_path / "redis")
    server.start()
    worker: ServiceProcess | None = None
    try:
        store = RedisStore(redis.Redis.from_url(server.url, decode_responses=True))
        publisher = create_celery(Settings(redis_url=server.url))

        # Given, while no worker runs, an article with three claims to extract, then three articles whose
        # extraction finds no claim (so each is done by its extraction alone, and says when it ran)...
        def submit(text: str) -> str:
            article, _ = service.submit_article(store, ArticleCreate(text=text), idempotency_key=None)
            publisher.send_task("claimcheck.extract_claims", args=[article.id])
            return article.id

        fanning_out = submit(THREE_CLAIMS)
        claimless = [submit(f"Thanks for reading, part {n}.") for n in range(3)]
        # ...and, published after them, the checks of an article extracted earlier (here, in this process)
        extracted, _ = service.submit_article(store, ArticleCreate(text=THREE_CLAIMS), idempotency_key=None)
        late_checks = service.extract_article(store, extracted.id)
        for claim_id in late_checks:
            publisher.send_task("claimcheck.check_claim", args=[claim_id])
        assert queue_depths(store.client) == {CHECK_QUEUE: 3, QUEUE: 0, EXTRACT_QUEUE: 4}

        # When one worker with a single process works through them
        worker = start_worker(server.url, tmp_path, concurrency=1)
        articles = [extracted.id, fanning_out, *claimless]
        try:
            wait_until(
                lambda: all(store.get_state(a).status is ArticleStatus.done for a in articles),
                120,
                "every article to be done",
            )
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\n{worker.log_tail()}") from exc

        # Then the late checks ran first, then the first extraction and the checks it fanned out, and the
        # extractions that waited all along ran last, in the order they were published
        order = [(e.event.type.value, e.event.article_id) for e in store.events_after(None, "0", 100)]
        assert order == [
            *[("claim.verdict_set", extracted.id)] * 3,
            ("article.done", extracted.id),
            *[("claim.verdict_set", fanning_out)] * 3,
            ("article.done", fanning_out),
            *[("article.done", article_id) for article_id in claimless],
        ], worker.log_tail()
        assert queue_depths(store.client) == {CHECK_QUEUE: 0, QUEUE: 0, EXTRACT_QUEUE: 0}
    finally:
        if worker is not None:
            worker.stop()
        server.stop()
