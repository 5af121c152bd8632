import asyncio

_background_tasks = set()


async def start(a):
    asyncio.create_task(a())  # want: PY201
