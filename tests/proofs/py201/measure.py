"""How many background tasks finish, and how many the loop reports destroyed while pending."""

import asyncio
import gc
import sys

import leaky


async def run():
    destroyed = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _loop, ctx: destroyed.append(ctx.get("message", "")))
    results = []
    for i in range(50):
        await leaky.start(results, i)
    await asyncio.sleep(0)
    gc.collect()  # a collection happens while the tasks wait
    for event in list(leaky.listeners):
        event.set()
    for _ in range(5):
        await asyncio.sleep(0)
    pending = sum(1 for m in destroyed if "destroyed but it is pending" in m)
    print(f"RESULT finished={len(results)} destroyed_pending={pending}")


if __name__ == "__main__":
    sys.exit(asyncio.run(run()))
