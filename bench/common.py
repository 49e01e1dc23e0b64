"""Timing and reporting helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

NS_PER_MS = 1_000_000


def timed_ns(call: Callable[[], object]) -> tuple[int, object]:
    """Run ``call`` once; its duration in nanoseconds (perf_counter_ns: monotonic, no float rounding) and its result."""
    start = time.perf_counter_ns()
    result = call()
    return time.perf_counter_ns() - start, result


@dataclass
class Summary:
    """Percentiles of one series of durations, in milliseconds."""

    label: str
    samples_ns: list[int] = field(repr=False)

    def percentile(self, p: int) -> float:
        if len(self.samples_ns) < 2:
            return self.samples_ns[0] / NS_PER_MS if self.samples_ns else float("nan")
        # 'inclusive' treats the samples as the whole population: p95 never lies above the slowest sample.
        cuts = statistics.quantiles(self.samples_ns, n=100, method="inclusive")
        return cuts[p - 1] / NS_PER_MS

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def max(self) -> float:
        return max(self.samples_ns) / NS_PER_MS

    def as_dict(self) -> dict:
        return {"n": len(self.samples_ns), "p50_ms": round(self.p50, 4), "p95_ms": round(self.p95, 4), "max_ms": round(self.max, 4)}


@dataclass
class Comparison:
    """A service measurement, the raw-SQLite baseline it is read against, and its target (p95, ms)."""

    name: str
    service: Summary
    baseline: Summary
    target_p95_ms: float | None = None

    def ratio(self, p: int) -> float:
        base = self.baseline.percentile(p)
        return self.service.percentile(p) / base if base else float("inf")

    @property
    def verdict(self) -> str:
        if self.target_p95_ms is None:
            return ""
        return "PASS" if self.service.p95 < self.target_p95_ms else "MISS"

    def as_dict(self) -> dict:
        return {
            "service": self.service.as_dict(),
            "baseline": {"label": self.baseline.label, **self.baseline.as_dict()},
            "ratio_p50": round(self.ratio(50), 2),
            "ratio_p95": round(self.ratio(95), 2),
            "target_p95_ms": self.target_p95_ms,
            "verdict": self.verdict or None,
        }


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain text table: first column left-aligned, the figures right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def ms(value: float) -> str:
    return f"{value:.3f}"
