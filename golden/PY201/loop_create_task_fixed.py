import asyncio


async def schedule(job):
    loop = asyncio.get_running_loop()
    loop.create_task(job())  # want: PY201


def schedule_from_thread(job):
    asyncio.get_event_loop().create_task(job())  # want: PY201
