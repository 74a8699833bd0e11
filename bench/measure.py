"""Run one command and print its wall time and peak memory as one JSON line.

Run as a fresh process per command so ``RUSAGE_CHILDREN`` holds that command alone (the
largest of it and the processes it waited for). Usage: measure.py TIMEOUT COMMAND...
(TIMEOUT 0 = none; a command stopped at the limit reports the limit as its time).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    timeout = float(sys.argv[1]) or None
    start = time.perf_counter()
    timed_out, code, stderr = False, 0, ""
    try:
        done = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=timeout)
        code, stderr = done.returncode, done.stderr[-4000:]
    except subprocess.TimeoutExpired:
        timed_out, code = True, -1
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_kb / 1024,
                "code": code,
                "timed_out": timed_out,
                "stderr": stderr,
            }
        )
    )


if __name__ == "__main__":
    main()
