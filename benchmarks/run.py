"""Vigile against a bare pass-through relay, on loopback (issue 6).

Usage, from the repository root: `.venv/bin/python -m benchmarks.run [--help]`.

It starts, each as its own process so that none shares an event loop or a GIL with
another: a sink SMTP server (the seller's relay, accepting and discarding), a bare
pass-through relay in front of the sink (`benchmarks.servers`), and `vigile serve` in
front of the same sink. It sends the same message set (`benchmarks.messages`) to the
bare relay and to Vigile, in alternation, for several rounds and at each concurrency,
from separate driver processes (`benchmarks.driver`). It also times the policy engine
alone and a cold `vigile check`, and measures Vigile's memory with many connections and
with one very large message. The results are printed as Markdown for the README, with
the targets of issue 12; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import platform
import pstats
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import procstats
from benchmarks.messages import (
    BenchMessage,
    Mix,
    Source,
    big_message,
    build_set,
    load_sources,
    plain_text_messages,
)
from benchmarks.report import (
    BARE,
    VIGILE,
    EngineResult,
    LinearityResult,
    MemoryResult,
    Results,
    RunResult,
    Series,
    markdown,
    percentile,
    plural,
)

if TYPE_CHECKING:  # the engine is imported where it is timed, after the options parse
    from policies.model import PolicyContext

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO / "tests" / "corpus"
DEFAULT_CHECK_FILE = "de-return-partial-refund-photo.eml"
# Delivered (or rewritten) and held: anything else is worth a warning.
EXPECTED_REPLIES = frozenset({"250", "550"})


# --- options ---------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the labelled corpus (labels.json and the .eml files)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 64],
                        help="concurrent client connections to measure at")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds per concurrency, each sending the set to both servers")
    parser.add_argument("--messages", type=int, default=300, help="messages in the set")
    parser.add_argument("--size", type=int, default=20_000,
                        help="bytes each message is grown to")
    parser.add_argument("--mix", type=Mix.parse, default=Mix(),
                        help="shares of kinds, e.g. html=0.5,plain=0.3,attachment=0.2")
    parser.add_argument("--drivers", type=int, default=1,
                        help="client processes sharing the connections")
    parser.add_argument("--warmup", type=int, default=20,
                        help="messages sent to each server before measuring")
    parser.add_argument("--pool-size", type=int, default=4,
                        help="upstream connections kept by Vigile and by the bare relay")
    parser.add_argument("--engine-passes", type=int, default=1,
                        help="passes over the set for the policy-engine micro-benchmark")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile one engine pass and print its top N functions "
                             "to stderr")
    parser.add_argument("--linearity", type=int, default=3, metavar="N",
                        help="plain-text messages timed at 200 KB and at 800 KB (0 skips)")
    parser.add_argument("--check-runs", type=int, default=5,
                        help="runs of the cold `vigile check` (the median is reported)")
    parser.add_argument("--check-file", default=DEFAULT_CHECK_FILE,
                        help="corpus file for the cold `vigile check`")
    parser.add_argument("--many-connections", type=int, default=100,
                        help="connections for the peak-RSS check (0 skips it)")
    parser.add_argument("--big-message", type=float, default=25.0, metavar="MB",
                        help="size in 10^6 bytes of the one-large-message check (0 skips it)")
    parser.add_argument("--run-timeout", type=float, default=300.0,
                        help="seconds any single measured run may take before it is aborted")
    parser.add_argument("--output", type=Path, help="also write the Markdown to this file")
    parser.add_argument("--keep-workdir", action="store_true",
                        help="keep the temporary folder (configs, logs of every process)")
    return parser


# --- processes -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def progress(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def read_line(process: subprocess.Popen[bytes], deadline: float, what: str) -> str:
    """The next line a child prints, or an error naming it if it dies or is late."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            raise RuntimeError(f"{what}: no answer in time")
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"{what}: exited with code {process.wait()} before answering")
    return line.decode()


@dataclass
class Server:
    """A server process on a loopback port."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def failure(self, reason: str) -> RuntimeError:
        tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        return RuntimeError(f"{self.name}: {reason}\n{tail}")


def start_helper_server(name: str, args: list[str], workdir: Path) -> Server:
    """A `benchmarks.servers` process; waits for its `ready`."""
    port = free_port()
    log = workdir / f"{name.replace(' ', '-')}.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.servers", *args[:1], "--port", str(port),
             *args[1:]], cwd=REPO, stdout=subprocess.PIPE, stderr=stderr)
    server = Server(name, port, process, log)
    try:
        read_line(process, time.monotonic() + 30, name)
    except RuntimeError as error:
        server.stop()
        raise server.failure(str(error)) from error
    return server


def vigile_command() -> list[str]:
    script = Path(sys.executable).with_name("vigile")
    found = str(script) if script.exists() else shutil.which("vigile")
    if found is None:
        raise RuntimeError("no `vigile` command: install the project (pip install -e .)")
    return [found]


def write_vigile_config(directory: Path, port: int, sink_port: int, pool_size: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "vigile.toml"
    path.write_text(f"""\
[listen]
host = "127.0.0.1"
port = {port}
hostname = "vigile-bench.invalid"

[upstream]
url = "smtp://127.0.0.1:{sink_port}"
pool_size = {pool_size}

[quarantine]
dir = "quarantine"

[log]
file = "vigile.log"
""", encoding="utf-8")
    return path


def start_vigile(workdir: Path, sink_port: int, pool_size: int) -> Server:
    """`vigile serve` with a config of its own; ready once it greets on its port."""
    port = free_port()
    config = write_vigile_config(workdir / "vigile", port, sink_port, pool_size)
    console = config.with_name("console.log")
    with console.open("wb") as stderr:
        process = subprocess.Popen(
            [*vigile_command(), "--config", str(config), "serve"], cwd=config.parent,
            env=clean_env(), stdout=subprocess.DEVNULL, stderr=stderr)
    server = Server(VIGILE, port, process, console)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise server.failure(f"exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                if sock.recv(3) == b"220":
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise server.failure("did not greet on its port within 60 s")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "VIGILE_CONFIG"}


# --- one measured run ------------------------------------------------------------------

def write_envelopes(messages: Sequence[BenchMessage], path: Path) -> Path:
    envelopes = [(m.sender, m.recipient, m.data) for m in messages]
    path.write_bytes(pickle.dumps(envelopes, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def measure(server: Server, envelopes: Path, connections: int, drivers: int,
            timeout: float, workdir: Path) -> RunResult:
    """Send the set over `connections` connections from `drivers` processes."""
    drivers = max(1, min(drivers, connections))
    deadline = time.monotonic() + timeout
    shares = [connections // drivers + (i < connections % drivers) for i in range(drivers)]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for index, share in enumerate(shares):
            with (workdir / f"driver-{index}.log").open("wb") as stderr:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "benchmarks.driver", "--port", str(server.port),
                     "--connections", str(share), "--messages", str(envelopes),
                     "--share", f"{index}/{drivers}", "--timeout", str(timeout)],
                    cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr))
        for index, process in enumerate(processes):
            _driver_line(process, index, deadline, f"connecting to {server.name}", workdir)
        before = procstats.sample(server.pid)
        procstats.reset_peak(server.pid)
        for process in processes:
            assert process.stdin is not None
            process.stdin.write(b"go\n")
            process.stdin.close()
        reports = [json.loads(_driver_line(process, index, deadline,
                                           f"sending to {server.name}", workdir))
                   for index, process in enumerate(processes)]
        after = procstats.sample(server.pid)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
    if server.process.poll() is not None:
        raise server.failure(f"exited with code {server.process.returncode} during the run")
    replies: Counter[str] = Counter()
    samples: dict[str, str] = {}
    for report in reports:
        replies.update(report["replies"])
        for code, text in report["samples"].items():
            samples.setdefault(code, text)
    for code, text in samples.items():
        if code not in EXPECTED_REPLIES:
            progress(f"warning: {server.name} answered {code}: {text}")
    latencies = [value for report in reports for value in report["latencies"]]
    return RunResult(
        messages=len(latencies),
        wall=max(r["finished"] for r in reports) - min(r["started"] for r in reports),
        latencies=latencies, replies=replies, samples=samples,
        peak_rss=after.peak_rss, baseline_rss=before.rss, processes=after.processes,
        server_cpu=after.cpu - before.cpu, driver_cpu=sum(r["cpu"] for r in reports),
        drivers=drivers, peaks=after.peaks)


def _driver_line(process: subprocess.Popen[bytes], index: int, deadline: float, doing: str,
                 workdir: Path) -> str:
    try:
        return read_line(process, deadline, f"driver {index} {doing}")
    except RuntimeError as error:
        log = (workdir / f"driver-{index}.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{error}\n{log}") from error


# --- the benchmarks --------------------------------------------------------------------

def engine_benchmark(messages: Sequence[BenchMessage], sources: dict[str, list[Source]],
                     config_path: Path, passes: int, profile_top: int) -> EngineResult:
    """`policies.engine.evaluate` alone, in this process, after a warm-up: on the set, and
    on every corpus message as it is."""
    from policies.engine import evaluate

    timer = EngineTimer(config_path)
    cases = [(m.kind, m.data, timer.context(m.sender, m.recipient)) for m in messages]
    for _, data, context in cases[:10]:  # loads the lexicons and language models
        evaluate(data, context)
    timings: list[tuple[str, float]] = []
    for _ in range(passes):
        timings.extend((kind, timer.seconds(data, context)) for kind, data, context in cases)
    corpus = [timer.seconds(source.raw, timer.context(source.sender, source.recipient))
              for kind in sources for source in sources[kind]]
    if profile_top:
        profiler = cProfile.Profile()
        profiler.enable()
        for _, data, context in cases:
            evaluate(data, context)
        profiler.disable()
        for order in ("tottime", "cumulative"):
            print(f"\n--- policy engine profile, one pass of {len(cases)} messages, by {order}",
                  file=sys.stderr)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats(order).print_stats(profile_top)
    seconds = [t for _, t in timings]
    html = [t for kind, t in timings if kind == "html"] or seconds
    return EngineResult(statistics.median(seconds) * 1000, percentile(seconds, 0.99) * 1000,
                        statistics.median(html) * 1000, len(timings),
                        statistics.median(corpus) * 1000, len(corpus))


class EngineTimer:
    """Times `policies.engine.evaluate` on one message, with the benchmark's config."""

    def __init__(self, config_path: Path) -> None:
        from gateway.config import load_config

        self.config = load_config(config_path)
        self.now = datetime.now(UTC)

    def context(self, sender: str, recipient: str) -> PolicyContext:
        from gateway.workers import policy_context
        from policies.model import EmptyOrderBook

        return policy_context(self.config, EmptyOrderBook(), sender, [recipient], self.now)

    @staticmethod
    def seconds(data: bytes, context: PolicyContext) -> float:
        from policies.engine import evaluate

        started = time.perf_counter()
        evaluate(data, context)
        return time.perf_counter() - started


def linearity_check(sources: dict[str, list[Source]], config_path: Path, count: int
                    ) -> LinearityResult | None:
    """The engine's time for the same plain-text messages grown to 200 KB and 800 KB: a
    cost linear in size makes the second four times the first."""
    if count <= 0:
        return None
    timer = EngineTimer(config_path)
    totals = []
    for size in (200_000, 800_000):
        messages = plain_text_messages(sources, count, size)
        totals.append(sum(timer.seconds(m.data, timer.context(m.sender, m.recipient))
                          for m in messages))
    return LinearityResult(len(messages), totals[0], totals[1])


def cold_check(corpus: Path, name: str, runs: int, workdir: Path) -> float | None:
    """Median wall-clock seconds of `vigile check FILE` as a fresh process."""
    if runs <= 0:
        return None
    folder = workdir / "check"
    folder.mkdir()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([*vigile_command(), "check", str(corpus / name)], cwd=folder,
                              env=clean_env(), capture_output=True, timeout=120)
        seconds.append(time.perf_counter() - started)
        if done.returncode not in (0, 3):
            raise RuntimeError(f"vigile check {name} exited with {done.returncode}: "
                               f"{done.stderr.decode(errors='replace')[-1000:]}")
    return statistics.median(seconds)


def machine_description(load_before: float) -> str:
    """The machine, and how busy it was: other processes skew every figure."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} CPUs ({model}), {memory:.0f} GB RAM, Linux "
            f"{platform.release()}, Python {platform.python_version()}, Vigile at "
            f"{git_revision()}; load average before the run {load_before:.2f}")


def git_revision() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO, capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return "an unknown revision"
    if not head:
        return "an unknown revision"
    return f"{head} (with uncommitted changes)" if dirty.strip() else head


@contextmanager
def servers(workdir: Path, pool_size: int) -> Iterator[tuple[Server, Server, Server]]:
    """Sink, bare relay and Vigile, stopped on the way out."""
    with ExitStack() as stack:
        sink = start_helper_server("sink", ["sink"], workdir)
        stack.callback(sink.stop)
        bare = start_helper_server(BARE, ["relay", "--upstream-port", str(sink.port),
                                          "--pool-size", str(pool_size)], workdir)
        stack.callback(bare.stop)
        vigile = start_vigile(workdir, sink.port, pool_size)
        stack.callback(vigile.stop)
        yield sink, bare, vigile


def run(options: argparse.Namespace) -> Results:
    workdir = Path(tempfile.mkdtemp(prefix="vigile-bench-"))
    try:
        return _run(options, workdir)
    finally:
        if options.keep_workdir:
            progress(f"configs and logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(options: argparse.Namespace, workdir: Path) -> Results:
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        progress(f"warning: the machine is busy (load average {load_before:.2f}); "
                 "the figures will be skewed")
    sources = load_sources(options.corpus)
    first_set = build_set(sources, options.messages, options.size, options.mix, 0)
    mean_kb = statistics.mean(len(m.data) for m in first_set) / 1000
    corpus_files = len({m.source for m in first_set})
    progress(f"{len(first_set)} messages of {mean_kb:.1f} KB on average from "
             f"{corpus_files} corpus files")
    progress("policy engine micro-benchmark")
    config_path = write_vigile_config(workdir / "engine", free_port(), free_port(), 1)
    engine = engine_benchmark(first_set, sources, config_path, options.engine_passes,
                              options.profile)
    progress(f"linearity: {plural(options.linearity, 'plain-text message')} at 200 and "
             "800 KB")
    linearity = linearity_check(sources, config_path, options.linearity)
    progress(f"cold `vigile check` x{options.check_runs}")
    check_seconds = cold_check(options.corpus, options.check_file, options.check_runs, workdir)
    with servers(workdir, options.pool_size) as (_, bare, vigile):
        targets = (bare, vigile)
        if options.warmup:
            warm_up(targets, build_set(sources, options.warmup, options.size, options.mix, -1),
                    options, workdir)
        series = throughput(targets, sources, first_set, options, workdir)
        many = many_connections_check(targets, sources, options, workdir)
        big = big_message_check(targets, sources, options, workdir)
    message_set = (f"{len(first_set)} messages per round, {mean_kb:.1f} KB on average "
                   f"({options.mix}) grown from {corpus_files} corpus files; "
                   f"{plural(options.rounds, 'round')}, bare relay and Vigile in "
                   f"alternation; {plural(options.drivers, 'driver process', 'es')}; "
                   f"upstream pool of {plural(options.pool_size, 'connection')}")
    return Results(machine_description(load_before), message_set, series, engine,
                   check_seconds, options.check_runs, many, big,
                   int(options.big_message * 1_000_000), linearity)


def warm_up(targets: Sequence[Server], messages: Sequence[BenchMessage],
            options: argparse.Namespace, workdir: Path) -> None:
    """Load what loads lazily (language models, upstream connections) before measuring."""
    envelopes = write_envelopes(messages, workdir / "warmup.pickle")
    for target in targets:
        progress(f"warm-up: {len(messages)} messages to {target.name}")
        measure(target, envelopes, min(8, max(options.concurrency)), 1, options.run_timeout,
                workdir)


def throughput(targets: Sequence[Server], sources: dict[str, list[Source]],
               first_set: Sequence[BenchMessage], options: argparse.Namespace,
               workdir: Path) -> list[Series]:
    """Every round at every concurrency, the servers in alternation."""
    series: dict[tuple[str, int], Series] = {}
    for level, connections in enumerate(options.concurrency):
        for round_no in range(options.rounds):
            # Every round gets order ids of its own (see benchmarks.messages).
            set_number = level * options.rounds + round_no
            messages = first_set if set_number == 0 else build_set(
                sources, options.messages, options.size, options.mix, set_number)
            envelopes = write_envelopes(messages, workdir / "round.pickle")
            order = targets if round_no % 2 == 0 else targets[::-1]
            for target in order:
                result = measure(target, envelopes, connections, options.drivers,
                                 options.run_timeout, workdir)
                progress(f"C={connections} round {round_no + 1}/{options.rounds} "
                         f"{target.name}: {result.messages / result.wall:.1f} msg/s, "
                         f"replies {dict(result.replies)}")
                series.setdefault((target.name, connections),
                                  Series(target.name, connections)).runs.append(result)
    return sorted(series.values(), key=lambda s: (s.connections, s.server != BARE))


def many_connections_check(targets: Sequence[Server], sources: dict[str, list[Source]],
                           options: argparse.Namespace, workdir: Path) -> MemoryResult | None:
    """Peak RSS while `--many-connections` clients send at once."""
    connections = options.many_connections
    if not connections:
        return None
    progress(f"peak RSS with {connections} connections")
    set_number = len(options.concurrency) * options.rounds
    messages = build_set(sources, max(options.messages, connections), options.size,
                         options.mix, set_number)
    envelopes = write_envelopes(messages, workdir / "many.pickle")
    bare, vigile = (measure(target, envelopes, connections, 1, options.run_timeout, workdir)
                    for target in targets)
    return MemoryResult(f"{connections} connections", vigile, bare)


def big_message_check(targets: Sequence[Server], sources: dict[str, list[Source]],
                      options: argparse.Namespace, workdir: Path) -> MemoryResult | None:
    """Peak RSS growth while one `--big-message` MB message goes through."""
    size = int(options.big_message * 1_000_000)
    if not size:
        return None
    progress(f"one message of {size / 1e6:g} MB")
    envelopes = write_envelopes([big_message(sources, size)], workdir / "big.pickle")
    bare, vigile = (measure(target, envelopes, 1, 1, options.run_timeout, workdir)
                    for target in targets)
    return MemoryResult("one large message", vigile, bare)


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    if not (options.corpus / "labels.json").is_file():
        print(f"benchmark: no corpus at {options.corpus} (labels.json missing)",
              file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        results = run(options)
    except RuntimeError as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 1
    text = markdown(results)
    print(text, end="")
    if options.output:
        options.output.write_text(text, encoding="utf-8")
    progress(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
