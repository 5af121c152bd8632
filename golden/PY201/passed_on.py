import asyncio


async def start(a, tasks):
    tasks.add(asyncio.create_task(a()))
    return asyncio.gather(asyncio.ensure_future(a()))
