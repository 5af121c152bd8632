#!/usr/bin/env python3
"""Time `gofixleaks batch run` over N generated repositories.

    python benchmarks/batch.py [--repos N] [--leaky 0.2] [--jobs J]
                               [--executors local,dask] [--forges none,github] [--work DIR]

Generates N small repositories as bare git repositories on disk (a fraction
``--leaky`` of them leak; every tenth is a monorepo of three modules, one of
them leaky; every 25th has a module whose baseline does not build), then
for each executor and forge runs a fresh campaign and prints the time, the
repositories per minute and the states reached.  Forge ``none`` writes
patches; ``github`` publishes to the loopback fake of GitHub's API from
tests/forge_fixtures.py (git pushes go to the bare repositories), with the
publish token bucket opened wide (the fake has no rate limit; a real GitHub
campaign is paced by ``publish-rate``).  The last campaign's ``batch status``
table is printed at the end.

A script, not a test: minutes of build time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))

import batchrepos as B  # noqa: E402


def generate(base: str, n: int, leaky: float) -> dict[str, str]:
    urls = {}
    every = max(1, round(1 / leaky)) if leaky > 0 else 0
    for i in range(n):
        name = f"fleet/svc{i:04d}"
        is_leaky = every and i % every == 0
        mod = B.leaky_module if is_leaky else B.clean_module
        if i % 10 == 9:  # a monorepo of three modules, one of them leaky
            mods = [(".", mod(f"m{i}")), ("api", B.clean_module("api")), ("worker", B.leaky_module("worker"))]
        elif i % 25 == 12:  # a module whose baseline does not build
            mods = [(".", mod(f"m{i}")), ("tools", B.broken_module("tools"))]
        else:
            mods = [(".", mod(f"m{i}"))]
        urls[name] = B.make_repo(base, name, mods)
    return urls


def campaign(dirpath: str, name: str, forge: str, urls: dict[str, str], api: str = "") -> str:
    os.makedirs(dirpath)
    extra = f'api-url = "{api}"\npublish-rate = 100000\npublish-burst = 1000' if forge != "none" else ""
    path = os.path.join(dirpath, "campaign.toml")
    with open(path, "w") as fh:
        fh.write(B.campaign_text(name, forge, urls, extra))
    return path


def run_one(path: str, executor: str, jobs: int, env: dict) -> tuple[float, dict, str]:
    start = time.monotonic()
    p = subprocess.run(["gofixleaks", "batch", "run", path, "--executor", executor, "--jobs", str(jobs), "--no-progress"],
                       capture_output=True, text=True, env=env)
    elapsed = time.monotonic() - start
    if p.returncode not in (0, 1):
        sys.exit(f"batch run failed ({p.returncode}):\n{p.stderr}")
    st = subprocess.run(["gofixleaks", "batch", "status", path, "--format", "json"], capture_output=True, text=True, env=env)
    doc = json.loads(st.stdout)
    table = subprocess.run(["gofixleaks", "batch", "status", path], capture_output=True, text=True, env=env).stdout
    return elapsed, doc["counts"]["states"], table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repos", type=int, default=200)
    ap.add_argument("--leaky", type=float, default=0.2)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--executors", default="local,dask")
    ap.add_argument("--forges", default="none,github")
    ap.add_argument("--work", help="keep everything in DIR (default: a temporary directory, removed)")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="gofixleaks-batch-bench.")
    os.makedirs(work, exist_ok=True)
    try:
        t0 = time.monotonic()
        urls = generate(os.path.join(work, "repos"), args.repos, args.leaky)
        print(f"generated {len(urls)} repositories in {time.monotonic() - t0:.1f}s under {work}", file=sys.stderr)
        rows = []
        table = ""
        for forge in args.forges.split(","):
            for executor in args.executors.split(","):
                name = f"{forge}-{executor}"
                env = dict(os.environ)
                fake = None
                targets = urls
                if forge == "github":
                    from forge_fixtures import GitHubFake

                    fake = GitHubFake(os.path.join(work, f"fake-{name}"), "tok_bench")
                    for repo, url in urls.items():
                        fake.add_repo(repo, url.removeprefix("file://"))
                    env["GITHUB_TOKEN"] = "tok_bench"
                    path = campaign(os.path.join(work, name), name, "github", targets, fake.url)
                else:
                    path = campaign(os.path.join(work, name), name, "none", targets)
                try:
                    elapsed, states, table = run_one(path, executor, args.jobs, env)
                    prs = sum(len(r.prs) for r in fake.repos.values()) if fake else 0
                finally:
                    if fake is not None:
                        # leave the bare repositories as they were for the next configuration
                        for repo, r in fake.repos.items():
                            heads = subprocess.run(["git", "for-each-ref", "--format=%(refname)", "refs/heads/gofixleaks"],
                                                   cwd=r.bare, capture_output=True, text=True).stdout.split()
                            for ref in heads:
                                subprocess.run(["git", "update-ref", "-d", ref], cwd=r.bare, check=True)
                        fake.close()
                rows.append((executor, forge, len(urls), elapsed, states, prs))
                print(f"{executor:>6} {forge:>6}: {elapsed:.1f}s", file=sys.stderr)
        print()
        print("| executor | forge | repositories | time | repositories/min | states | PRs |")
        print("| --- | --- | ---: | ---: | ---: | --- | ---: |")
        for executor, forge, n, elapsed, states, prs in rows:
            st = ", ".join(f"{k} {v}" for k, v in sorted(Counter(states).items()))
            print(f"| {executor} (jobs {args.jobs}) | {forge} | {n} | {elapsed:.1f}s | {n / elapsed * 60:.0f} | {st} | {prs if forge != 'none' else '-'} |")
        print()
        print(table)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
