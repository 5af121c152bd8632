# golden-requires-python: >=3.11
import asyncio


async def start(a):
    asyncio.create_task(a())  # want: PY201
