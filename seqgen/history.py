"""What training measured, readable from any thread: `snap = History().snapshot()`.

Kept free of Keras so that the app can look at jobs without importing TensorFlow.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field


@dataclass
class History:
    """Everything measured during training; safe to read from another thread."""

    batch_loss: list = field(default_factory=list)  # [(step, tokens_seen, loss)]
    epochs: list = field(default_factory=list)  # [{epoch, loss, val_loss, ...}]
    samples: list = field(default_factory=list)  # [(epoch, text)] after each epoch
    tokens_seen: int = 0
    seconds: float = 0.0
    progress: float = 0.0  # 0..1 of the epoch or time budget
    tokens_per_second: float = 0.0
    initial_loss: float | None = None  # loss of the untrained model on one batch
    message: str = ""  # why training stopped, when it stopped early
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict:
        with self.lock:
            return {
                "batch_loss": list(self.batch_loss),
                "epochs": [dict(e) for e in self.epochs],
                "samples": list(self.samples),
                "tokens_seen": self.tokens_seen,
                "seconds": self.seconds,
                "progress": self.progress,
                "tokens_per_second": self.tokens_per_second,
                "message": self.message,
                "initial_loss": self.initial_loss,
            }


def per_token_metrics(loss: float) -> dict:
    """Perplexity and bits per token from a loss in nats per token."""
    return {"perplexity": math.exp(min(loss, 50.0)), "bits_per_token": loss / math.log(2)}
