"""Time the n-gram baselines on Tiny Shakespeare: `python bench/baselines_speed.py`.

Characters are mapped to ids; the first 90% is training data, the last 10%
validation, as an LSTM run on the same text would split it. The text is read
from ../shared/data and never copied into the repository.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from seqgen.baselines import evaluate_baselines

DEFAULT_TEXT = Path(__file__).resolve().parents[2] / "shared/data/tinyshakespeare.txt"


def main() -> None:
    """Print the time taken and the validation loss of every baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT, help="UTF-8 file")
    parser.add_argument("--max-order", type=int, default=6, help="highest n-gram order")
    args = parser.parse_args()
    text = args.text.read_text(encoding="utf-8")
    vocab = {ch: i for i, ch in enumerate(sorted(set(text)))}
    ids = np.array([vocab[ch] for ch in text], dtype=np.int64)
    split = int(len(ids) * 0.9)
    start = time.perf_counter()
    report = evaluate_baselines(ids[:split], ids[split:], len(vocab), args.max_order)
    seconds = time.perf_counter() - start
    print(f"{args.text.name}: {split:,} train / {len(ids) - split:,} val tokens, V={len(vocab)}")
    print(f"time: {seconds:.2f} s for all baselines")
    print(f"uniform   {report.uniform_loss:.3f} nats/token")
    print(f"unigram   {report.unigram_loss:.3f}")
    for order, loss in report.ngram_losses.items():
        print(f"KN {order}-gram {loss:.3f}")
    print(f"best: order {report.best_order}, {report.best_loss:.3f} nats/token")


if __name__ == "__main__":
    main()
