"""Timing helpers shared by the sections: `t = per_call(fn, n=30)`; `info = machine_info()`.

Times are wall-clock. On a shared machine a run is slowed by whatever else runs, so
the sections interleave the two sides of a ratio and take medians of repeats.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

# Quiet TensorFlow's start-up chatter before any section imports it.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("ABSL_MIN_LOG_LEVEL", "3")


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def median(values) -> float:
    return float(statistics.median(values))


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info() -> dict:
    """CPU, cores, memory, load and library versions, stored with the results."""
    import numpy

    info = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
        "load_average_1min": os.getloadavg()[0],
    }
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for name in ("tensorflow", "keras", "streamlit", "playwright"):
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            info[name] = "not installed"
    return info
