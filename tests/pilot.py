"""Helpers shared by the app's Pilot tests."""

from __future__ import annotations

import asyncio
import functools


def pilot_test(test):
    """Run an async test body with asyncio (no async pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run
