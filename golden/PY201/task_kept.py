import asyncio


async def run(job):
    task = asyncio.create_task(job())
    await asyncio.sleep(0)
    return task
