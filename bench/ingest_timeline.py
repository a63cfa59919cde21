"""Where the ingest's time goes as a run proceeds (bench/ingest.py --timeline):
the pipeline's catalogue and index steps timed call by call and shown per
quarter of the run, so that a step whose cost grows with what is already
catalogued or indexed stands out from one that stays flat."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

QUARTERS = 4

# (label, module, attribute path): each is replaced, for the run, by a wrapper
# that times it; the pipeline looks them up by name at each call. Generators
# are read to the end inside the wrapper, as their callers do at once.
STEPS = (
    ("catalogue: build_testimony (read, parse, audio)", "ingest.pipeline", "build_testimony"),
    ("catalogue: _save_testimony (save + commit)", "ingest.pipeline", "_save_testimony"),
    ("index: iter_testimonies (records of a batch)", "search.sync", "iter_testimonies"),
    ("index: write_testimonies (adds + commit)", "search.sync", "write_testimonies"),
    ("  whoosh commit (merge + flush + toc)", "whoosh.writing", "SegmentWriter.commit"),
    ("    merge: add_reader (older segments in)", "whoosh.writing", "SegmentWriter.add_reader"),
    ("    flush: _finalize_segment", "whoosh.writing", "SegmentWriter._finalize_segment"),
    ("index: mark_indexed", "search.sync", "mark_indexed"),
)
GENERATORS = {"iter_testimonies"}


def resident_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024


class Timeline:
    """Wall and CPU seconds of each call of each step, merged documents per
    commit, and resident memory after each index batch."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.cpu_seconds: dict[str, list[float]] = defaultdict(list)
        self.merged_documents: list[int] = []
        self.resident_mb: list[float] = []

    def install(self) -> None:
        import importlib

        for label, module_name, attribute in STEPS:
            owner = importlib.import_module(module_name)
            *classes, name = attribute.split(".")
            for class_name in classes:
                owner = getattr(owner, class_name)
            setattr(owner, name, self._timed(label, getattr(owner, name)))

    def _timed(self, label: str, function):
        timeline = self

        @wraps(function)
        def timed(*args, **kwargs):
            if function.__name__ == "commit":
                timeline.merged_documents.append(0)
            elif function.__name__ == "add_reader" and timeline.merged_documents:
                timeline.merged_documents[-1] += args[1].doc_count_all()
            started, cpu = time.perf_counter(), time.process_time()
            try:
                answer = function(*args, **kwargs)
                return list(answer) if function.__name__ in GENERATORS else answer
            finally:
                timeline.seconds[label].append(time.perf_counter() - started)
                timeline.cpu_seconds[label].append(time.process_time() - cpu)
                if function.__name__ == "mark_indexed":
                    timeline.resident_mb.append(resident_mb())

        return timed

    def summary(self) -> list[str]:
        """Lines: per step, calls, total seconds, ms per call in each quarter of
        its calls and the last quarter's over the first's; by wall time, then by
        CPU time (steadier when others load the machine)."""
        lines = self._table(self.seconds, "wall")
        lines += self._table(self.cpu_seconds, "CPU")
        merged = quarters(self.merged_documents)
        lines.append(
            f"{'whoosh documents merged per commit':56}{sum(self.merged_documents):9}"
            + "".join(f"{sum(q) / len(q) if q else 0:9.0f}" for q in merged)
        )
        memory = quarters(self.resident_mb)
        lines.append(
            f"{'resident MB after each index batch (max)':65}"
            + "".join(f"{max(q) if q else 0:9.0f}" for q in memory)
        )
        return lines

    @staticmethod
    def _table(seconds: dict[str, list[float]], clock: str) -> list[str]:
        heads = "".join(f"{f'Q{n + 1}':>9}" for n in range(QUARTERS))
        lines = [f"{'step (' + clock + ')':50}{'calls':>6}{'total s':>9}{heads}  Q4/Q1"]
        for label, _module, _attribute in STEPS:
            calls = seconds.get(label, [])
            if not calls:
                lines.append(f"{label:50}{0:6}")
                continue
            means = [1000 * sum(q) / len(q) if q else 0.0 for q in quarters(calls)]
            growth = f"{means[-1] / means[0]:6.1f}x" if means[0] else "     -"
            lines.append(
                f"{label:50}{len(calls):6}{sum(calls):9.1f}"
                + "".join(f"{m:9.1f}" for m in means)
                + f"  {growth}"
            )
        return lines


def quarters(values: list) -> list[list]:
    """values in QUARTERS runs of consecutive calls, as even as possible."""
    size = len(values)
    bounds = [round(size * n / QUARTERS) for n in range(QUARTERS + 1)]
    return [values[bounds[n] : bounds[n + 1]] for n in range(QUARTERS)]
