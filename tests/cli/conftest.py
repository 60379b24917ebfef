"""Fixtures for the command-line tests (helpers live in cli_helpers.py, a name no other folder uses)."""

from cli_helpers import batch, fake_extractor, isolated, run

__all__ = ["batch", "fake_extractor", "isolated", "run"]
