import asyncio


async def start(a, b):
    asyncio.create_task(a())  # want: PY201
    if b is not None:
        asyncio.create_task(b())  # want: PY201
