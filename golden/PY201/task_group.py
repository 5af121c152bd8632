import asyncio


async def run(jobs):
    async with asyncio.TaskGroup() as tg:
        for job in jobs:
            tg.create_task(job())
