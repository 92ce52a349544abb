"""claimcheck: articles in, atomic claims checked against reference feeds, cited verdicts out."""

__version__ = "0.1.0"
