"""The claim-evidence reader: a cross-encoder trained here, run on numpy (see docs/READER.md)."""
