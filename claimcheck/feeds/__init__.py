"""Reference feeds: parsing feed bytes into citable evidence entries."""

from claimcheck.feeds.local import load_feed_files
from claimcheck.feeds.parse import FeedParseError, ParsedFeed, parse_feed

__all__ = ["FeedParseError", "ParsedFeed", "load_feed_files", "parse_feed"]
