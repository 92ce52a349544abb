"""The claimcheck command: check an article in-process, or run the API server or a worker."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from claimcheck.settings import get_settings


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\rchecking claims [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
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

    uvicorn.run(create_app(), host=args.host, port=args.port, log_level=args.log_level)
    return 0


def _worker(args: argparse.Namespace) -> int:
    from workers.celery_app import celery_app

    argv = ["worker", f"--loglevel={args.log_level}", f"--concurrency={args.concurrency}"]
    if args.hostname:
        argv.append(f"--hostname={args.hostname}")
    celery_app.worker_main(argv)
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
    worker.set_defaults(run=_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `claimcheck` console script."""
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
