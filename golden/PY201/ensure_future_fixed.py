"""Fire and forget."""

import asyncio
import logging

log = logging.getLogger(__name__)


async def on_message(msg, store):
    log.debug("got %s", msg)
    asyncio.ensure_future(store(msg))  # want: PY201
