"""Run one section here, write its figures: `python -m bench.section generation out.json`.

`python -m bench` starts one process per section, so TensorFlow's threads, graphs
and memory from one section never affect the next.
"""

from __future__ import annotations

import argparse
import importlib
import json

from . import common  # noqa: F401 - quiets TensorFlow before any section imports it

SECTIONS = ("generation", "training", "startup", "firstloss", "memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=SECTIONS, help="section to run")
    parser.add_argument("out", help="JSON file to write the figures to")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller sizes")
    args = parser.parse_args()
    result = importlib.import_module(f"bench.{args.name}").run(quick=args.quick)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
