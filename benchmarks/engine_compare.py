"""The policy engine of two checkouts, side by side, on the same message set.

    python -m benchmarks.engine_compare BASELINE_CHECKOUT [--rounds 5]

A ratio is only worth something when both sides ran on the same machine at the same
time, so the two engines take turns: each round runs one pass of the set in a fresh
process of each checkout (the order flips every round), and the report gives each
side's median over all its evaluations and the ratio. Both sides use this checkout's
interpreter and installed packages; the message set (the benchmark's ~20 KB messages
grown from the corpus, and the corpus messages as they are) is built once, here.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.messages import Mix, build_set, load_sources

HERE = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = HERE / "tests" / "corpus"

# Runs inside the checkout being measured: it imports that checkout's `policies`.
TIMER = """
import pickle, sys, time
from datetime import UTC, datetime
from policies.engine import evaluate
from policies.model import PolicyContext
from policies.scope import buyer_marketplace
cases = pickle.load(open(sys.argv[1], "rb"))
now = datetime(2025, 6, 1, tzinfo=UTC)
contexts = [PolicyContext(sender=s, recipients=(r,), at=now, marketplace=buyer_marketplace(r))
            for _, _, s, r in cases]
def timed(data, context):
    started = time.perf_counter()
    try:
        evaluate(data, context)
    except Exception:  # an older engine may crash where this one does not: time it anyway
        pass
    return time.perf_counter() - started
for (_, data, _, _), context in list(zip(cases, contexts))[:10]:
    timed(data, context)
out = [(set_name, timed(data, context))
       for (set_name, data, _, _), context in zip(cases, contexts)]
pickle.dump(out, sys.stdout.buffer)
"""


def build_cases(corpus: Path, count: int, size: int) -> list[tuple[str, bytes, str, str]]:
    """(set, bytes, sender, recipient): the grown benchmark set, then the corpus as is."""
    sources = load_sources(corpus)
    grown = build_set(sources, count, size, Mix.parse("html=0.5,plain=0.3,attachment=0.2"), 0)
    cases = [("grown", m.data, m.sender, m.recipient) for m in grown]
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    cases += [("corpus", (corpus / name).read_bytes(), "seller@shop.example", label["rcpt"])
              for name, label in sorted(labels.items())]
    return cases


def one_pass(checkout: Path, cases_file: Path) -> list[tuple[str, float]]:
    result = subprocess.run([sys.executable, "-c", TIMER, str(cases_file)], cwd=checkout,
                            env={"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"},
                            capture_output=True, timeout=900)
    if result.returncode != 0:
        raise SystemExit(f"the engine of {checkout} failed:\n{result.stderr.decode()}")
    return pickle.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, help="a checkout of the version to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    options = parser.parse_args(argv)
    sides = {"baseline": options.baseline.resolve(), "this checkout": HERE}
    timings: dict[str, list[tuple[str, float]]] = {name: [] for name in sides}
    with tempfile.NamedTemporaryFile(suffix=".pickle") as cases_file:
        pickle.dump(build_cases(options.corpus, options.messages, options.size), cases_file)
        cases_file.flush()
        for round_no in range(options.rounds):
            order = list(sides) if round_no % 2 == 0 else list(reversed(sides))
            for name in order:
                print(f"round {round_no + 1}: {name}", file=sys.stderr)
                timings[name] += one_pass(sides[name], Path(cases_file.name))
    print("| set | baseline ms (median) | this checkout ms (median) | this / baseline |")
    print("|---|--:|--:|--:|")
    for set_name in ("grown", "corpus"):
        base = statistics.median(t for s, t in timings["baseline"] if s == set_name) * 1000
        this = statistics.median(t for s, t in timings["this checkout"] if s == set_name) * 1000
        print(f"| {set_name} | {base:.2f} | {this:.2f} | {this / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
