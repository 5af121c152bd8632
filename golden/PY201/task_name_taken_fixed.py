import asyncio


async def run(task, helper):
    asyncio.create_task(helper(task))  # want: PY201
    return task
