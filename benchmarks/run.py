"""Run the benchmarks and write ``benchmarks/RESULTS.md``.

    python -m benchmarks.run [--quick] [--scenarios 1,3] [--out benchmarks/RESULTS.md]

Each planning scenario runs in a fresh Python process (``--one``), so its peak memory
(``ru_maxrss``) is its own and no scenario warms another's caches. Scenario 6 runs the
installed ``aipm-planner`` command end to end. ``--quick`` uses short time limits and skips
the time-limit ladders and target checks; ``--cprofile N`` profiles one plan of scenario N
instead of benchmarking.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["RUNS", "Run", "main", "measure_cli", "run_in_subprocess"]

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Run:
    """How one planning scenario is measured (full mode; quick mode shortens it)."""

    key: str
    scenario: int
    time_limit: float
    quick_limit: float
    ladder: tuple[float, ...] = ()
    checks: tuple[float, ...] = ()
    stretch: bool = False
    replan_limit: float | None = None


RUNS: tuple[Run, ...] = (
    Run("1", 1, 10.0, 5.0, ladder=(0.25, 0.5, 1.0, 2.0, 5.0), checks=(1.0,)),
    Run("2", 2, 10.0, 5.0),
    Run("2-stretch", 2, 30.0, 10.0, stretch=True),
    Run("3", 3, 10.0, 5.0, ladder=(0.5, 1.0, 2.0, 5.0), checks=(5.0,)),
    Run("4", 4, 30.0, 10.0, ladder=(1.0, 2.0, 5.0, 10.0), checks=(20.0,), replan_limit=30.0),
    Run("5", 5, 60.0, 20.0, ladder=(2.0, 5.0, 10.0, 20.0)),
)


def _one(key: str, quick: bool, row_out: Path) -> int:
    """Measure one scenario in this (fresh) process and write its row as JSON."""
    from benchmarks.harness import measure_scenario

    run = next(r for r in RUNS if r.key == key)
    with tempfile.TemporaryDirectory(prefix="aipm-bench-") as workdir:
        row = measure_scenario(
            run.scenario,
            workdir=Path(workdir),
            time_limit=run.quick_limit if quick else run.time_limit,
            ladder=() if quick else run.ladder,
            checks=() if quick else run.checks,
            stretch=run.stretch,
            replan_limit=(10.0 if quick else run.replan_limit) if run.replan_limit else None,
        )
    row["key"] = key
    row_out.write_text(json.dumps(row, indent=1), encoding="utf-8")
    return 0


def _wait(command: list[str], **kwargs: Any) -> tuple[float, int, float]:
    """Run ``command``; its wall time, exit status and peak memory in MiB (``wait4``)."""
    began = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - began, process.returncode, round(usage.ru_maxrss / 1024, 1)


def run_in_subprocess(key: str, quick: bool) -> dict[str, Any]:
    """Measure scenario ``key`` in a fresh process; its row (with the process's peak memory)."""
    with tempfile.TemporaryDirectory(prefix="aipm-bench-") as tmp:
        out = Path(tmp) / "row.json"
        command = [sys.executable, "-m", "benchmarks.run", "--one", key, "--row-out", str(out)]
        if quick:
            command.append("--quick")
        wall, code, peak = _wait(command, cwd=HERE.parent)
        if code != 0 or not out.exists():
            return {"key": key, "status": f"crashed (exit {code})", "process_wall": round(wall, 3)}
        row: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    row["process_wall"] = round(wall, 3)
    row["process_peak_mib"] = peak
    return row


def measure_cli(repeat: int = 3) -> dict[str, Any]:
    """Scenario 6: ``aipm-planner plan --quiet --out plan.ics`` from process start to file."""
    script = Path(sys.executable).with_name("aipm-planner")
    env = {**os.environ, "TZ": "Europe/Berlin"}
    env.pop("AIPM_TRACE", None)
    walls: list[float] = []
    peaks: list[float] = []
    codes: list[int] = []
    with tempfile.TemporaryDirectory(prefix="aipm-bench-") as tmp:
        out = Path(tmp) / "plan.ics"
        command = [str(script), "plan", "--quiet", "--start", "2027-01-04", "--out", str(out)]
        for _ in range(repeat):
            out.unlink(missing_ok=True)
            wall, code, peak = _wait(command, cwd=tmp, env=env, stdout=subprocess.DEVNULL)
            walls.append(round(wall, 3))
            peaks.append(peak)
            codes.append(code if out.exists() else -1)
        imports, _, _ = _wait(
            [sys.executable, "-c", "import aipm_planner, aipm_planner.cli"], env=env
        )
        helps, _, _ = _wait([str(script), "--help"], env=env, stdout=subprocess.DEVNULL)
    return {
        "key": "6",
        "scenario": 6,
        "title": "CLI end to end (scenario 1)",
        "command": "aipm-planner plan --quiet --start 2027-01-04 --out plan.ics",
        "walls": walls,
        "median": statistics.median(walls),
        "best": min(walls),
        "exit_codes": codes,
        "peak_memory_mib": max(peaks),
        "import_seconds": round(imports, 3),
        "help_seconds": round(helps, 3),
    }


def _profile(number: int, time_limit: float) -> int:
    """Print where one plan of scenario ``number`` spends its time (cProfile)."""
    from aipm_planner.errors import AipmPlannerError
    from aipm_planner.planning import plan
    from benchmarks.scenarios import scenario

    with tempfile.TemporaryDirectory(prefix="aipm-bench-") as workdir:
        found = scenario(number, workdir=Path(workdir))
        profiler = cProfile.Profile()
        profiler.enable()
        try:
            plan(found.roadmap, found.profile, time_limit=time_limit)
        except AipmPlannerError as exc:  # where the time went matters all the same
            print(f"no plan: {exc}", file=sys.stderr)
        finally:
            profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return 0


def _keys(text: str) -> list[str]:
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    keys = [r.key for r in RUNS if r.key.split("-")[0] in wanted]
    if "6" in wanted:
        keys.append("6")
    unknown = wanted - {k.split("-")[0] for k in keys}
    if unknown:
        raise SystemExit(f"unknown scenario(s): {', '.join(sorted(unknown))}; choose 1-6")
    return keys


def main(argv: list[str] | None = None) -> int:
    """Run the chosen scenarios, write RESULTS.md (and the raw rows next to it)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short time limits, no ladders")
    parser.add_argument("--scenarios", default="1,2,3,4,5,6", help="e.g. 1,3 (default: all)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="results file")
    parser.add_argument("--cprofile", type=int, metavar="N", help="profile scenario N only")
    parser.add_argument("--time-limit", type=float, default=10.0, help="with --cprofile")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--row-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        return _one(args.one, args.quick, args.row_out)
    if args.cprofile is not None:
        return _profile(args.cprofile, args.time_limit)

    from benchmarks.report import machine, write_results

    before = machine()
    rows: list[dict[str, Any]] = []
    for key in _keys(args.scenarios):
        print(f"scenario {key} ...", file=sys.stderr, flush=True)
        rows.append(measure_cli() if key == "6" else run_in_subprocess(key, args.quick))
        print(f"  {_short(rows[-1])}", file=sys.stderr, flush=True)
    after = machine()
    write_results(args.out, rows, before, after, quick=args.quick)
    args.out.with_suffix(".json").write_text(
        json.dumps({"machine": [before, after], "rows": rows}, indent=1), encoding="utf-8"
    )
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def _short(row: dict[str, Any]) -> str:
    if row.get("key") == "6":
        return f"CLI median {row['median']} s"
    return f"{row.get('status')} in {row.get('time', {}).get('plan')} s"


if __name__ == "__main__":
    sys.exit(main())
