"""Run every benchmark behind `make bench` and print their markdown tables.

Each bench/bench_*.py script is standalone: it sets up what it measures (a scratch PostgreSQL
database, Redis, worker processes), prints a markdown table, and cleans up. The figures go into
BENCHMARKS.md by hand, with the date and the machine, so a change in them is a reviewed change.
"""

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ORDER = ["bench_extraction.py", "bench_ingest.py", "bench_pages.py", "bench_api.py"]


def main() -> int:
    failed = []
    scripts = [BENCH / name for name in ORDER if (BENCH / name).exists()]
    only = set(sys.argv[1:])
    for script in scripts:
        if only and script.stem not in only:
            continue
        print(f"\n## {script.stem}\n", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent)
        print(f"\n({script.name} took {time.perf_counter() - started:.0f} s)", flush=True)
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
