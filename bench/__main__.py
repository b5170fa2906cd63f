"""Run the benchmark and print the table of ratios: `python -m bench [--quick] [--only a,b]`.

Run from the repository root. Each section runs in its own process; the figures
go to bench/results.json with the machine they were measured on, and the table
(Markdown, as pasted in the README) is printed at the end.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import machine_info
from .section import SECTIONS

RESULTS = Path(__file__).resolve().parent / "results.json"


def run_section(name: str, quick: bool) -> dict:
    """Run one section in a fresh Python process; its figures, or the error it hit."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        cmd = [sys.executable, "-m", "bench.section", name, out] + (["--quick"] if quick else [])
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=Path(__file__).resolve().parents[1])
        seconds = time.monotonic() - start
        if proc.returncode != 0 or not os.path.exists(out):
            return {"error": f"exit code {proc.returncode}", "seconds": round(seconds, 1)}
        with open(out, encoding="utf-8") as f:
            result = json.load(f)
    result["seconds"] = round(seconds, 1)
    return result


def table(results: dict) -> str:
    """The Markdown table of every section's rows."""
    lines = [
        "| measure | seqgen | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for name in SECTIONS:
        result = results["sections"].get(name)
        if result is None:
            continue
        if "error" in result:
            lines.append(f"| {name} | failed: {result['error']} | | | | |")
            continue
        for row in importlib.import_module(f"bench.{name}").rows(result):
            met = {True: "yes", False: "**no**", None: ""}[row["met"]]
            cells = [row["measure"], row["seqgen"], row["baseline"], row["ratio"], row["target"]]
            lines.append("| " + " | ".join(cells + [met]) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (about 3 minutes)")
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections to run: {', '.join(SECTIONS)}"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON file for the figures")
    parser.add_argument("--table", action="store_true", help="print the table of --out and exit")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.out.read_text(encoding="utf-8"))))
        return
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(SECTIONS)
    unknown = set(names) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    # Keep the figures of sections not run this time (--only), so the file stays whole.
    old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    results = {"sections": dict(old.get("sections", {}))}
    start = time.monotonic()
    for name in names:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        results["sections"][name] = run_section(name, args.quick)
        results["sections"][name]["quick"] = args.quick
    results["machine"] = machine_info()
    results["date"] = time.strftime("%Y-%m-%d %H:%M")
    results["command"] = "python -m bench " + " ".join(sys.argv[1:])
    results["seconds"] = round(time.monotonic() - start, 1)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    m = results["machine"]
    print(
        f"\n{m['cpu']}, {m['cores']} cores, load {m['load_average_1min']:.1f}; Python "
        f"{m['python']}, TensorFlow {m['tensorflow']}, Keras {m['keras']}; "
        f"{results['seconds']:.0f} s\n"
    )
    print(table(results))


if __name__ == "__main__":
    main()
