"""The claimcheck command: check an article in-process, or run the API server or a worker."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from claimcheck.settings import get_settings


def _progress_bar(done: int, total: int, what: str = "checking claims") -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r{what} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _check(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from claimcheck.embedded import run_embedded
    from claimcheck.report import article_json, article_table
    from schemas.articles import ArticleCreate

    settings = get_settings()
    if args.feeds is not None:
        settings = settings.model_copy(update={"feeds_dir": args.feeds})
    try:
        raw = args.article.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        print(f"claimcheck: cannot read {args.article}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"claimcheck: {args.article} is not UTF-8 text", file=sys.stderr)
        return 2
    if len(raw) > settings.max_article_bytes:
        print(
            f"claimcheck: {args.article} is {len(raw)} bytes; the limit is {settings.max_article_bytes}",
            file=sys.stderr,
        )
        return 2
    try:
        payload = ArticleCreate(text=text, title=args.article.stem)
    except ValidationError as exc:
        print(f"claimcheck: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    show_progress = not args.quiet and sys.stderr.isatty() or args.progress
    if not args.quiet:
        print(f"extracting claims from {args.article} ...", file=sys.stderr)
    started = time.perf_counter()
    article = run_embedded(payload, settings, progress=_progress_bar if show_progress else None)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(article_json(article), indent=2, ensure_ascii=False))
    else:
        print(article_table(article))
    if not args.quiet:
        print(f"done in {elapsed:.2f}s", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app
    from claimcheck.jsonlog import configure_logging

    configure_logging(get_settings().log_format, args.log_level.upper())
    # log_config=None keeps uvicorn's own loggers on the handler configured above.
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level=args.log_level, log_config=None)
    return 0


def _worker(args: argparse.Namespace) -> int:
    from claimcheck.broker import QUEUES
    from workers.celery_app import celery_app

    # The worker serves its queues strictly in the order given (by default all, checks first).
    queues = args.queues or ",".join(QUEUES)
    argv = [
        "worker",
        f"--loglevel={args.log_level}",
        f"--concurrency={args.concurrency}",
        f"--queues={queues}",
    ]
    if args.hostname:
        argv.append(f"--hostname={args.hostname}")
    if args.beat:
        argv.append("--beat")
    celery_app.worker_main(argv)
    return 0


def _feeds_add(args: argparse.Namespace) -> int:
    import uuid

    from pydantic import ValidationError

    from claimcheck.errors import FeedAlreadyRegistered
    from schemas.feeds import Feed, FeedCreate
    from workers.runtime import get_runtime

    try:
        payload = FeedCreate(
            url=args.url,
            name=args.name,
            kind=args.kind,
            trust=args.trust,
            poll_interval_s=args.interval,
            fetch_full_text=args.full_text,
        )
    except ValidationError as exc:
        for error in exc.errors():
            print(f"claimcheck: {'.'.join(map(str, error['loc']))}: {error['msg']}", file=sys.stderr)
        return 2
    feed = Feed(id=uuid.uuid4().hex, **payload.model_dump())
    try:
        get_runtime().store.create_feed(feed)
    except FeedAlreadyRegistered as exc:
        print(f"claimcheck: {exc}", file=sys.stderr)
        return 2
    print(feed.id)
    return 0


def _feeds_list(_: argparse.Namespace) -> int:
    from workers.runtime import get_runtime

    store = get_runtime().store
    for feed in store.list_feeds():
        health = store.get_feed_health(feed.id)
        outcome = health.last_outcome.value if health.last_outcome else "never polled"
        error = f"  ({health.last_error})" if health.last_error else ""
        entries = f"{health.entry_count:>6} entries"
        print(f"{feed.id}  {feed.kind.value:<9} {entries}  {outcome:<12} {feed.url}{error}")
    return 0


def _feeds_import(args: argparse.Namespace) -> int:
    from collections import Counter

    from claimcheck.errors import OpmlInvalid
    from claimcheck.feeds.opml import parse_opml
    from claimcheck.feeds.registration import register_feeds
    from workers.runtime import get_runtime

    try:
        parsed = parse_opml(args.file.read_bytes())
    except OSError as exc:
        print(f"claimcheck: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except OpmlInvalid as exc:
        print(f"claimcheck: {args.file} is not a usable OPML file: {exc}", file=sys.stderr)
        return 2
    report = register_feeds(get_runtime().store, parsed.feeds, parsed.skipped)
    reasons = Counter(skip.reason.value for skip in report.skipped)
    by_reason = f" ({', '.join(f'{n} {reason}' for reason, n in reasons.most_common())})" if reasons else ""
    print(f"added {len(report.added)}, skipped {len(report.skipped)}{by_reason}")
    for feed in report.added:
        print(f"  added {feed.id}  {feed.kind.value:<9} {feed.url}  {feed.name}")
    for skip in report.skipped:
        what = skip.url or skip.name or "an untitled outline"
        print(f"  skipped {what}: {skip.reason.value} ({skip.detail})")
    return 0


def _feeds_poll(args: argparse.Namespace) -> int:
    from workers.runtime import get_runtime
    from workers.tasks.feeds import poll_and_follow_up

    feed_ids = args.feed_ids or [feed.id for feed in get_runtime().store.list_feeds()]
    failed = 0
    for feed_id in feed_ids:
        polled = poll_and_follow_up(feed_id)
        if polled is None:
            print(f"{feed_id}: skipped, another poll holds it or the feed is gone")
            continue
        report = polled.report
        detail = report.error or (
            f"{len(report.changed)} new or changed entries, {polled.pages_queued} article pages and "
            f"{polled.rechecks_queued} re-checks queued for the workers"
        )
        print(f"{feed_id}: {report.outcome.value}, {detail}")
        failed += report.error is not None
    return 1 if failed else 0


def _keys_create(args: argparse.Namespace) -> int:
    from claimcheck.errors import ApiKeyNameTaken
    from claimcheck.review.api_keys import mint_api_key
    from schemas.review import Role
    from workers.runtime import get_runtime

    if not args.name.strip():
        print("claimcheck: --name must not be blank", file=sys.stderr)
        return 2
    record, key = mint_api_key(args.name, Role(args.role))
    try:
        get_runtime().store.create_api_key(record)
    except ApiKeyNameTaken as exc:
        print(f"claimcheck: {exc}", file=sys.stderr)
        return 2
    print(f"id:   {record.id}\nrole: {record.role.value}\nkey:  {key}")
    print("The key is shown once; store it now.", file=sys.stderr)
    return 0


def _keys_list(_: argparse.Namespace) -> int:
    from workers.runtime import get_runtime

    for key in get_runtime().store.list_api_keys():
        revoked = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
        print(f"{key.id}  {key.role.value:<9} {revoked:<24} {key.name}")
    return 0


def _keys_revoke(args: argparse.Namespace) -> int:
    from claimcheck.errors import ApiKeyNotFound
    from workers.runtime import get_runtime

    try:
        key = get_runtime().store.revoke_api_key(args.key_id)
    except ApiKeyNotFound as exc:
        print(f"claimcheck: {exc}", file=sys.stderr)
        return 2
    print(f"revoked {key.id} ({key.name})")
    return 0


def _factchecks_import(args: argparse.Namespace) -> int:
    from claimcheck.matching.bulk_import import import_factchecks
    from workers.runtime import get_runtime

    def progress(done: int, total: int) -> None:
        _progress_bar(done, total, "importing fact-checks")

    try:
        report = import_factchecks(get_runtime().store, args.file, args.feed_id, args.trust, progress)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"claimcheck: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    skipped = sum(report.skipped.values())
    print(
        f"read {report.read}: added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"skipped {skipped}"
    )
    for reason, count in report.skipped.most_common():
        print(f"  skipped {count}: {reason}")
    for example in report.examples:
        print(f"  e.g. {example}", file=sys.stderr)
    return 0


def _stats_rebuild(_: argparse.Namespace) -> int:
    from claimcheck.store.redis_extension import records_of
    from claimcheck.store.redis_status_counts import StatusCountRecords
    from workers.runtime import get_runtime

    moved = records_of(StatusCountRecords, get_runtime().store).rebuild_article_status_counts()
    print(f"article status counts rebuilt: {moved} articles counted under their current status")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimcheck", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check an article in this process (no Redis server needed)")
    check.add_argument("article", type=Path, help="UTF-8 text file of the article")
    check.add_argument("--json", action="store_true", help="print the machine-readable result")
    check.add_argument("--feeds", type=Path, default=None, help="directory of RSS/Atom reference feed files")
    check.add_argument("--quiet", action="store_true", help="no progress output on stderr")
    check.add_argument("--progress", action="store_true", help="show the progress bar even when not on a TTY")
    check.set_defaults(run=_check)

    serve = commands.add_parser("serve", help="run the HTTP API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)

    worker = commands.add_parser("worker", help="run a Celery worker")
    worker.add_argument("--concurrency", type=int, default=2)
    worker.add_argument("--log-level", default="info")
    worker.add_argument("--hostname", default=None)
    worker.add_argument(
        "--queues",
        default=None,
        help="comma-separated queues, served strictly in this order (default: every queue, checks first)",
    )
    worker.add_argument(
        "--beat", action="store_true", help="also run the feed-poll scheduler (one per cluster)"
    )
    worker.set_defaults(run=_worker)

    feeds = commands.add_parser("feeds", help="reference feeds in the Redis store (CLAIMCHECK_REDIS_URL)")
    feed_commands = feeds.add_subparsers(dest="feeds_command", required=True)
    add = feed_commands.add_parser("add", help="register a feed; prints its id")
    add.add_argument("url")
    add.add_argument("--name", required=True)
    add.add_argument("--kind", choices=["news", "factcheck"], default="news")
    add.add_argument("--trust", type=float, default=0.8)
    add.add_argument("--interval", type=int, default=900, help="seconds between polls")
    add.add_argument(
        "--full-text",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="fetch the article behind each entry's link as its evidence (default: on for news, off for "
        "factcheck)",
    )
    add.set_defaults(run=_feeds_add)
    feed_commands.add_parser("list", help="feeds with their health").set_defaults(run=_feeds_list)
    opml_import = feed_commands.add_parser(
        "import", help="register every feed of an OPML file (Feedly, Inoreader...; idempotent)"
    )
    opml_import.add_argument("file", type=Path, help="the OPML file")
    opml_import.set_defaults(run=_feeds_import)
    poll = feed_commands.add_parser("poll", help="poll feeds now, in this process")
    poll.add_argument("feed_ids", nargs="*", help="feed ids (default: every feed)")
    poll.set_defaults(run=_feeds_poll)

    keys = commands.add_parser("keys", help="API keys in the Redis store (CLAIMCHECK_REDIS_URL)")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    create = key_commands.add_parser("create", help="make a key; it is printed once")
    create.add_argument("--name", required=True, help="who or what uses the key; unique")
    create.add_argument("--role", choices=["submitter", "reviewer", "admin"], required=True)
    create.set_defaults(run=_keys_create)
    key_commands.add_parser("list", help="keys, without their secrets").set_defaults(run=_keys_list)
    revoke = key_commands.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("key_id")
    revoke.set_defaults(run=_keys_revoke)

    factchecks = commands.add_parser("factchecks", help="prior fact-checks in the Redis store, for matching")
    factcheck_commands = factchecks.add_subparsers(dest="factchecks_command", required=True)
    bulk = factcheck_commands.add_parser(
        "import", help="import ClaimReview JSON / JSON-LD or vclaims JSONL (idempotent)"
    )
    bulk.add_argument("file", type=Path)
    bulk.add_argument("--feed-id", default="factchecks-import", help="the source the entries are filed under")
    bulk.add_argument("--trust", type=float, default=0.9)
    bulk.set_defaults(run=_factchecks_import)

    stats = commands.add_parser("stats", help="maintenance of the figures behind /v1/stats")
    stats_commands = stats.add_subparsers(dest="stats_command", required=True)
    stats_commands.add_parser(
        "rebuild", help="recount articles by status (after a rolling upgrade from an older version)"
    ).set_defaults(run=_stats_rebuild)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `claimcheck` console script."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
