#!/usr/bin/env python3
"""Summarises the interleaved runs of scripts/benchmark-compare.sh into COMPARE.md (standard library only).

Reads RESULTS/old-<r>.md and RESULTS/new-<r>.md (r = 1..rounds), each a benchmark report with a "## Summary" table
(| Scenario | Case | Candidate | n | median ms | p95 ms | ...). Keeps the rows that measure cloudtest's own code (see
measures_cloudtest) and, per (Scenario, Case, Candidate):

  old / new   = median over rounds of that side's per-round medians
  new/old     = new / old
  spread      = max / min of a side's per-round medians (the same code, run again: how much it moves by itself)
  noise       = the larger of the two spreads
  verdict     = "within noise" if 1/noise <= new/old <= noise, else "slower beyond noise" / "faster beyond noise"
"""

import argparse
import re
import statistics
import sys
from pathlib import Path

PHASE_SHARE = re.compile(r" — [0-9.]+ % of the wall$")  # scenario 7 phase labels carry a per-run share


def measures_cloudtest(scenario: str, candidate: str) -> bool:
    """True for rows timing cloudtest code, False for baselines (hand-written SDK code, moto alone, a bare JVM)."""
    number = scenario.split(" ", 1)[0]
    if candidate.startswith("cloudtest"):
        return True  # 1, 1s, 2, 2b, 3, 4, 5
    if number == "6":
        return candidate.startswith("with @CloudStack")
    if number == "8":
        # Local functions: host start, first invoke, cold start, warm round trip, overhead, SQS → handler.
        baselines = ("bare JVM start", "handler's own time")
        return not candidate.startswith(baselines) and "hand-written" not in candidate
    if number == "7":
        return candidate.startswith("forked JUnit JVM of scenario 6")  # scenario 6's heap, reported under 7
    return False


def parse_summary(path: Path):
    """{(scenario, case, candidate): (n, median)} of the first row per key (a row repeats once per baseline)."""
    rows = {}
    in_summary = False
    seen_table = False
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_summary = line.strip() == "## Summary"
            header = None
            continue
        if not in_summary or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            seen_table = True
            continue
        if all(set(c) <= set("-:") for c in cells):
            continue  # the |---|---:| line
        row = dict(zip(header, cells))
        scenario, case, candidate = row.get("Scenario", ""), row.get("Case", ""), row.get("Candidate", "")
        candidate = PHASE_SHARE.sub("", candidate)
        if not measures_cloudtest(scenario, candidate):
            continue
        try:
            median = float(row.get("median ms", ""))
        except ValueError:
            continue  # not measured (n = 0)
        key = (scenario, case, candidate)
        if key not in rows:
            rows[key] = (row.get("n", ""), median)
    if not seen_table:
        raise SystemExit(f"{path}: no '## Summary' table")
    return rows


def fmt(value: float) -> str:
    if value != value:  # NaN
        return "—"
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}"


def spread(values):
    low, high = min(values), max(values)
    if low <= 0:
        return float("inf") if high > 0 else 1.0
    return high / low


def load_at_start(path: Path) -> str:
    """The 1-minute load average at the start of a run, from the report's "Machine and run" table."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| Load average"):
            return line.split("|")[2].strip().split(" ")[0]
    return "?"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", required=True, type=Path)
    p.add_argument("--rounds", required=True, type=int)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--old", default="old")
    p.add_argument("--new", default="new")
    p.add_argument("--scenarios", default="")
    p.add_argument("--bench-opts", default="")
    p.add_argument("--moto", default="")
    p.add_argument("--order", default="")
    args = p.parse_args()

    runs = {side: [parse_summary(args.results / f"{side}-{r}.md") for r in range(1, args.rounds + 1)]
            for side in ("old", "new")}
    keys = []
    for side in ("old", "new"):
        for run in runs[side]:
            keys.extend(k for k in run if k not in keys)

    lines = [
        "# cloudtest benchmarks: old vs new, interleaved",
        "",
        "Produced by `scripts/benchmark-compare.sh`. Both sides ran against the same moto server, in alternating order.",
        "",
        "| | |",
        "|---|---|",
        f"| old | {args.old} |",
        f"| new | {args.new} |",
        f"| scenarios (bench.only) | {args.scenarios} |",
        f"| rounds (order) | {args.rounds} ({args.order}) |",
        f"| BENCH_OPTS | `{args.bench_opts}` |" if args.bench_opts else "| BENCH_OPTS | (none: Settings.java defaults) |",
        f"| emulator | {args.moto} |",
        "| load average (1 min) at the start of each run | " + "; ".join(
            f"{side} " + ", ".join(load_at_start(args.results / f"{side}-{r}.md") for r in range(1, args.rounds + 1))
            for side in ("old", "new")) + " |",
        "",
        "Per row that times cloudtest code (baselines are left out): old / new = median over the rounds of that side's "
        "per-round medians (ms); new/old = their ratio; spread = max / min of a side's per-round medians (the same code "
        "measured again); noise = the larger spread. Verdict: within noise if 1/noise ≤ new/old ≤ noise. With few "
        "rounds the spread underestimates the noise: read single \"beyond noise\" rows near the threshold with care.",
        "",
        "| Scenario | Case | Candidate | n | old ms | new ms | new/old | old per round | new per round "
        "| old spread | new spread | noise | Verdict |",
        "|---|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---|",
    ]
    counts = {}
    for key in keys:
        per = {side: [run[key][1] for run in runs[side] if key in run] for side in ("old", "new")}
        n = next((run[key][0] for side in ("new", "old") for run in runs[side] if key in run), "")
        rounds_text = {side: " / ".join(fmt(v) for v in per[side]) or "—" for side in per}
        if not per["old"] or not per["new"]:
            verdict = "only in old" if per["old"] else "only in new"
            med = {side: statistics.median(per[side]) if per[side] else float("nan") for side in per}
            lines.append(f"| {' | '.join(key)} | {n} | {fmt(med['old'])} | {fmt(med['new'])} | — "
                         f"| {rounds_text['old']} | {rounds_text['new']} | — | — | — | {verdict} |")
            counts[verdict] = counts.get(verdict, 0) + 1
            continue
        old, new = statistics.median(per["old"]), statistics.median(per["new"])
        spreads = {side: spread(per[side]) for side in per}
        noise = max(spreads.values())
        if old <= 0:
            ratio = 1.0 if new <= 0 else float("inf")
        else:
            ratio = new / old
        if ratio > noise:
            verdict = "**slower beyond noise**"
        elif ratio * noise < 1:
            verdict = "**faster beyond noise**"
        else:
            verdict = "within noise"
        missing = [side for side in per if len(per[side]) < args.rounds]
        if missing:
            verdict += f" (missing rounds: {', '.join(missing)})"
        counts[verdict] = counts.get(verdict, 0) + 1
        lines.append(f"| {' | '.join(key)} | {n} | {fmt(old)} | {fmt(new)} | ×{ratio:.2f} | {rounds_text['old']} "
                     f"| {rounds_text['new']} | ×{spreads['old']:.2f} | ×{spreads['new']:.2f} | ×{noise:.2f} "
                     f"| {verdict} |")
    if not keys:
        lines.append("| (no rows timing cloudtest code in these results) | | | | | | | | | | | | |")
    lines += ["", "Rows: " + (", ".join(f"{v} {k.strip('*')}" for k, v in counts.items()) or "none") + ".", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
