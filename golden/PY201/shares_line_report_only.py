import asyncio


async def start(a):
    print("go"); asyncio.create_task(a())  # want: PY201
