"""PY201: tasks started in the background and not kept."""

import asyncio
import weakref

# a notifier that, like many signal/event libraries, holds its listeners weakly
listeners = weakref.WeakSet()


async def wait_for_signal(results, i):
    event = asyncio.Event()
    listeners.add(event)
    await event.wait()
    results.append(i)


async def start(results, i):
    asyncio.create_task(wait_for_signal(results, i))
