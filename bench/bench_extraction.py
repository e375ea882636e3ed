"""Accuracy and speed of defensetrack.extraction, printed as a markdown table.

    python bench/bench_extraction.py [--corpus DIR] [--gold FILE] [--runs N]

Accuracy: extracts every article of the corpus and runs the shared scorer (../shared/tools/
score.py) on the result. Speed: extract() alone, over the corpus repeated, median of N runs, on
one core; peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from defensetrack.extraction import EXTRACTOR_VERSION, extract, parse_document  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "dev" / "articles"
DEFAULT_GOLD = SHARED / "corpus" / "dev" / "gold.jsonl"
SCORER = SHARED / "tools" / "score.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus per run")
    args = parser.parse_args()

    paths = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".txt", ".html", ".htm"))
    documents = [(p.stem, parse_document(p.read_text(encoding="utf-8"))) for p in paths]
    print(f"# Extraction benchmark (extractor {EXTRACTOR_VERSION}, {len(documents)} articles)\n")
    if args.gold.exists() and SCORER.exists():
        print_scores(documents, args.gold)
    print_speed(documents, args.runs, args.repeat)


def print_scores(documents, gold: Path) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for article_id, doc in documents:
            facts = extract(doc.text, published=doc.published, title=doc.title)
            out.write(json.dumps(facts.to_dict(article_id), ensure_ascii=False) + "\n")
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold), out.name, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout)
    print("| category | precision | recall | F1 |")
    print("|---|---|---|---|")
    for category in ("countries", "officials", "meetings", "pledges"):
        row = report[category]
        print(f"| {category} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |")
    print(f"| **mean F1** | | | **{report['mean_f1']:.3f}** |\n")


def print_speed(documents, runs: int, repeat: int) -> None:
    bodies = [(doc.text, doc.published, doc.title) for _, doc in documents] * repeat
    extract(*bodies[0][:1], published=bodies[0][1])  # load data files and compile patterns
    wall_rates, cpu_rates = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        for text, published, title in bodies:
            extract(text, published=published, title=title)
        wall_rates.append(len(bodies) / (time.perf_counter() - wall))
        cpu_rates.append(len(bodies) / (time.process_time() - cpu))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = f"median of {runs} runs x {len(bodies)} articles"
    print("| speed (extract() only, one core) | value |")
    print("|---|---|")
    print(f"| articles/second, wall clock, {label} | {statistics.median(wall_rates):.0f} |")
    print(f"| articles/second, CPU time, {label} | {statistics.median(cpu_rates):.0f} |")
    print(f"| slowest run, articles/second (wall clock) | {min(wall_rates):.0f} |")
    print(f"| peak memory (max RSS), MB | {peak_mb:.0f} |")


if __name__ == "__main__":
    main()
