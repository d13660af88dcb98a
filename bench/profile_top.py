"""Summarise a py-spy ``--format raw`` profile: inclusive and self time per function.

.venv/bin/python bench/profile_top.py PROFILE.txt [--filter app/] [-n 25]
"""

import argparse
import collections
import re


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("profile")
    p.add_argument("--filter", default="", help="only frames whose text contains this")
    p.add_argument("-n", type=int, default=25)
    p.add_argument("--thread", default="", help="only stacks containing this (e.g. Runner.run)")
    a = p.parse_args()
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    with open(a.profile, encoding="utf-8") as f:
        lines = f.readlines()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        if a.thread and a.thread not in stack:
            continue
        if (
            "Condition.wait" in stack
            or "_connection_worker_thread (aiosqlite/core.py" in stack.rsplit(";", 1)[-1]
        ):
            continue  # idle threads
        total += n
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        for f in set(frames):
            inclusive[f] += n
        own[frames[-1]] += n
    print(f"{total} samples")
    print("inclusive:")
    for f, n in inclusive.most_common():
        if a.filter in f:
            print(f"  {100 * n / total:5.1f}%  {f}")
            a.n -= 1
            if a.n <= 0:
                break
    print("self (top 25):")
    for f, n in own.most_common(25):
        print(f"  {100 * n / total:5.1f}%  {f}")


if __name__ == "__main__":
    main()
