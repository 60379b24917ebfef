"""Archive subcommands (ingest, search, speakers, export, serve): registered by qawl.cli."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the archive subcommands to the main parser (being written)."""
    return None
