"""The benchmark's results and their Markdown report, with the targets of issue 12."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

MB = 1024 * 1024
BARE, VIGILE = "bare relay", "Vigile"


@dataclass
class RunResult:
    """One batch of messages sent to one server at one concurrency."""

    messages: int
    wall: float
    latencies: list[float]
    replies: Counter[str]
    samples: dict[str, str]
    peak_rss: int
    baseline_rss: int
    processes: int
    server_cpu: float
    driver_cpu: float
    drivers: int
    peaks: tuple[int, ...] = ()  # peak RSS of each process, the server's own first


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Series:
    """All runs of one server at one concurrency."""

    server: str
    connections: int
    runs: list[RunResult] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return sum(run.messages for run in self.runs)

    @property
    def throughput(self) -> float:
        return self.messages / sum(run.wall for run in self.runs)

    @property
    def latencies(self) -> list[float]:
        return [value for run in self.runs for value in run.latencies]

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000

    @property
    def peak_rss(self) -> int:
        return max(run.peak_rss for run in self.runs)

    @property
    def cpu_ms_per_message(self) -> float:
        return sum(run.server_cpu for run in self.runs) / self.messages * 1000

    @property
    def driver_load(self) -> float:
        """Share of one core used by each driver process while sending."""
        return sum(run.driver_cpu for run in self.runs) / sum(
            run.wall * run.drivers for run in self.runs)

    @property
    def replies(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for run in self.runs:
            total.update(run.replies)
        return total


@dataclass
class EngineResult:
    median_ms: float
    p99_ms: float
    html_median_ms: float
    evaluations: int
    corpus_median_ms: float
    corpus_messages: int


@dataclass
class LinearityResult:
    """The engine's total time for the same plain-text messages at 200 KB and 800 KB."""

    messages: int
    small_seconds: float
    large_seconds: float

    @property
    def ratio(self) -> float:
        return self.large_seconds / self.small_seconds if self.small_seconds > 0 else 0.0


@dataclass
class MemoryResult:
    label: str
    vigile: RunResult
    bare: RunResult


@dataclass
class Results:
    machine: str
    message_set: str
    series: list[Series]
    engine: EngineResult
    check_seconds: float | None
    check_runs: int
    many: MemoryResult | None
    big: MemoryResult | None
    big_size: int
    linearity: LinearityResult | None = None


def plural(count: int, noun: str, suffix: str = "s") -> str:
    return f"{count} {noun}{suffix if count != 1 else ''}"


def replies_text(replies: Counter[str]) -> str:
    return " ".join(f"{code}×{count}" for code, count in sorted(replies.items()))


def ratio(value: float, reference: float, digits: int = 1) -> str:
    """`value / reference`, or a dash when the reference is too small to divide by."""
    return f"{value / reference:.{digits}f}" if reference > 0 else "–"


def at_most(value: float, limit: float) -> str:
    return "met" if value <= limit else f"missed: {value / limit:.1f}× the limit"


def at_least(speed_ratio: float, limit: float) -> str:
    if speed_ratio >= limit:
        return "met"
    return f"missed: {limit / speed_ratio:.1f}× short" if speed_ratio > 0 else "missed"


def markdown(results: Results) -> str:
    """The results table and the targets table, ready to paste into the README."""
    lines = [f"Machine: {results.machine}.", "", f"Set: {results.message_set}.", ""]
    return "\n".join([*lines, *_series_table(results.series), "",
                      *_targets_table(results)]) + "\n"


def throughput_ratios(series: Sequence[Series]) -> dict[int, float]:
    """Vigile's throughput over the bare relay's, by concurrency."""
    by_key = {(s.server, s.connections): s for s in series}
    return {s.connections: s.throughput / by_key[BARE, s.connections].throughput
            for s in series if s.server == VIGILE and (BARE, s.connections) in by_key}


def _series_table(series: Sequence[Series]) -> list[str]:
    lines = ["| C | server | msg/s | p50 ms | p99 ms | peak RSS MiB | server CPU ms/msg "
             "| driver CPU | replies |",
             "|--:|---|--:|--:|--:|--:|--:|--:|---|"]
    by_key = {(s.server, s.connections): s for s in series}
    for s in series:
        lines.append(
            f"| {s.connections} | {s.server} | {s.throughput:.1f} | {s.p50_ms:.1f} | "
            f"{s.p99_ms:.1f} | {s.peak_rss / MB:.0f} | {s.cpu_ms_per_message:.2f} | "
            f"{s.driver_load:.0%} | {replies_text(s.replies)} |")
        bare = by_key.get((BARE, s.connections))
        if s.server == VIGILE and bare is not None:
            lines.append(
                f"| {s.connections} | **Vigile / bare** | "
                f"**{ratio(s.throughput, bare.throughput, 2)}** | "
                f"{ratio(s.p50_ms, bare.p50_ms)} | {ratio(s.p99_ms, bare.p99_ms)} | "
                f"{ratio(s.peak_rss, bare.peak_rss)} | "
                f"{ratio(s.cpu_ms_per_message, bare.cpu_ms_per_message)} | | |")
    return lines


def _targets_table(results: Results) -> list[str]:
    lines = ["| target (issue 12) | measured | limit | status |", "|---|---|---|---|"]
    for connections, speed_ratio in throughput_ratios(results.series).items():
        lines.append(f"| throughput Vigile / bare relay, C={connections} | "
                     f"{speed_ratio:.2f} | ≥ 0.5 | {at_least(speed_ratio, 0.5)} |")
    engine = results.engine
    lines.append(f"| policy engine, median ms per 20 KB message | {engine.median_ms:.1f} "
                 f"(HTML: {engine.html_median_ms:.1f}, p99 {engine.p99_ms:.1f}; "
                 f"{engine.evaluations} evaluations) | ≤ 4 | {at_most(engine.median_ms, 4)} |")
    lines.append(f"| policy engine, median ms per corpus message as it is | "
                 f"{engine.corpus_median_ms:.1f} ({engine.corpus_messages} messages) | ≤ 2 | "
                 f"{at_most(engine.corpus_median_ms, 2)} |")
    if results.linearity is not None:
        linear = results.linearity
        lines.append(f"| engine time, 800 KB plain text / 200 KB | {linear.ratio:.1f}× "
                     f"({linear.large_seconds:.2f} s / {linear.small_seconds:.2f} s for "
                     f"{plural(linear.messages, 'message')}) | ≤ 4× | "
                     f"{at_most(linear.ratio, 4)} |")
    if results.check_seconds is not None:
        lines.append(f"| cold `vigile check`, median of {results.check_runs} (issue 6) | "
                     f"{results.check_seconds:.2f} s | ≤ 1.5 s | "
                     f"{at_most(results.check_seconds, 1.5)} |")
    if results.many is not None:
        vigile, bare = results.many.vigile, results.many.bare
        lines.append(f"| peak RSS, {results.many.label} | {vigile.peak_rss / MB:.0f} MiB "
                     f"(gateway {_peaks_text(vigile.peaks)}; idle before: "
                     f"{vigile.baseline_rss / MB:.0f} MiB; bare relay "
                     f"{bare.peak_rss / MB:.0f} MiB; replies "
                     f"{replies_text(vigile.replies)}) | ≤ 150 MiB | "
                     f"{at_most(vigile.peak_rss / MB, 150)} |")
    if results.big is not None:
        vigile, bare = results.big.vigile, results.big.bare
        growth = (vigile.peak_rss - vigile.baseline_rss) / results.big_size
        bare_growth = (bare.peak_rss - bare.baseline_rss) / results.big_size
        lines.append(f"| peak RSS growth for one {results.big_size / 1e6:g} MB message, "
                     f"× its size | {growth:.1f}× (peaks: gateway {_peaks_text(vigile.peaks)}"
                     f"; bare relay {bare_growth:.1f}×; reply "
                     f"{replies_text(vigile.replies)}) | ≤ 3× | {at_most(growth, 3)} |")
    return lines


def _peaks_text(peaks: Sequence[int]) -> str:
    """The server process's peak RSS and its workers', in MiB."""
    if not peaks:
        return "–"
    text = f"{peaks[0] / MB:.0f}"
    if len(peaks) > 1:
        text += " + workers " + " + ".join(f"{peak / MB:.0f}" for peak in peaks[1:])
    return text + " MiB"
