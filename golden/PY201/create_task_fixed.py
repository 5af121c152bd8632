import asyncio


async def handle(event, notify):
    asyncio.create_task(notify(event))  # want: PY201
    return "accepted"
