"""Helpers shared by the benchmark's processes: cores, /proc readings, percentiles."""

import contextlib
import os
import time

SERVER_CORE = 0  # the server under test (ours and both baselines)
CLIENT_CORE = 1  # every load generator and viewer process
CLK_TCK = os.sysconf("SC_CLK_TCK")


def pin_to(core: int) -> None:
    """Pin the calling process to one core (ignored where the core does not exist)."""
    with contextlib.suppress(OSError):
        os.sched_setaffinity(0, {core})


def now() -> float:
    """CLOCK_MONOTONIC: one clock for every process of the machine."""
    return time.monotonic()


def proc_cpu_seconds(pid: int) -> float:
    """user + system CPU time of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_mem_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, in MB."""
    rss = hwm = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    return rss, hwm


def core_busy_seconds(core: int) -> tuple[float, float]:
    """(busy, total) jiffies of one core, in seconds (from /proc/stat)."""
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{core} "):
                v = [int(x) for x in line.split()[1:]]
                idle = v[3] + v[4]
                total = sum(v[:8])
                return (total - idle) / CLK_TCK, total / CLK_TCK
    return 0.0, 0.0


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0..100), nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
