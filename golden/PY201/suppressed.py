import asyncio


async def start(a):
    asyncio.create_task(a())  # noqa: PY201
    asyncio.create_task(a())  # gofixleaks: ignore[PY201]
