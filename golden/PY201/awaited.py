import asyncio


async def run(job):
    await asyncio.create_task(job())
    await asyncio.ensure_future(job())
