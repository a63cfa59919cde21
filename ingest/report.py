"""The ingest report: what happened to each item, and every problem found."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from archive.problems import Problem

OUTCOMES = ("added", "updated", "unchanged", "removed", "failed")


@dataclass
class IngestReport:
    source: str
    dry_run: bool = False
    outcomes: dict[str, Counter[str]] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    indexed: int = 0

    def record(self, kind: str, item: str, outcome: str) -> None:
        self.outcomes.setdefault(kind, Counter())[outcome] += 1
        self.items[f"{kind}:{item}"] = outcome

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def clean(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        flat = {
            f"{kind}_{outcome}": n
            for kind, counter in self.outcomes.items()
            for outcome, n in counter.items()
        }
        return {**flat, "indexed": self.indexed, "problems": len(self.problems)}

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "counts": self.counts(),
            "items": self.items,
            "problems": [asdict(p) for p in self.problems],
        }

    def write_json(self, path: Path) -> None:
        path.write_text(
            json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
