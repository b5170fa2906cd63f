"""Step-through decoding for the classroom: `s = StepThrough(net, vocab); rec = s.step()`.

The same one-to-many loop as seqgen.generate, one token per call, keeping what a
teacher wants to show at every step: the input token, the distribution before and
after temperature, the token drawn and the argmax, the top layer's hidden state a,
cell state c and gate activations. It runs `NumpyLSTM.step`, the readable
reference that generate's fast loop reproduces, and picks tokens with the same
`pick` and random numbers, so its tokens are generate's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..config import SampleConfig
from ..generate import ZERO_INPUT, NumpyLSTM, next_token_probs, pick, prepare_seed
from ..vocab import EOS, Vocab

GATES = ("input", "forget", "candidate", "output")  # Keras order i, f, g (c~), o


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax at temperature 1 of one row of logits (n_values,)."""
    z = np.exp(logits - logits.max())
    return z / z.sum()


@dataclass(frozen=True)
class StepRecord:
    """What happened at one decoding step (all vectors for the single sequence shown)."""

    t: int  # 1-based step number
    input_token: str | None  # the token fed in; None: the zero vector x0
    logits: np.ndarray  # (n_values,) the Dense layer's output
    raw_probs: np.ndarray  # (n_values,) softmax at temperature 1
    probs: np.ndarray  # (n_values,) after temperature, top-k, top-p: what was sampled
    temperature: float  # the temperature `probs` was shaped with
    chosen: str  # the token drawn (fed back as the next input)
    argmax: str  # the token argmax would have chosen
    a: np.ndarray  # (n_a,) hidden state of the top layer after this step
    c: np.ndarray  # (n_a,) cell state of the top layer after this step
    gates: dict  # {gate name: (n_a,) activations} of the top layer
    sequence: tuple[str, ...]  # tokens generated so far, this step's included


class StepThrough:
    """The decoding loop, one step per `.step()` call, with everything recorded."""

    def __init__(self, net: NumpyLSTM, vocab: Vocab, seed_tokens=(), cfg: SampleConfig = None):
        self.net, self.vocab = net, vocab
        self.cfg = cfg or SampleConfig()
        known, self.dropped = prepare_seed(vocab, seed_tokens)
        self.seed = tuple(known)
        self.rng = np.random.default_rng(self.cfg.random_seed)
        # Read all but the last seed token; the first step feeds the last one (or x0).
        ids = np.array([vocab.encode(known[:-1])], dtype=np.int64).reshape(1, -1)
        _, self.state = net.run(ids)
        self.next_input = vocab.encode(known[-1:])[0] if known else ZERO_INPUT
        self.records: list[StepRecord] = []

    @property
    def sequence(self) -> tuple[str, ...]:
        return self.records[-1].sequence if self.records else ()

    @property
    def done(self) -> bool:
        """True once `cfg.length` tokens are out (or the end token, with stop_at_eos)."""
        if len(self.records) >= self.cfg.length:
            return True
        return bool(self.cfg.stop_at_eos and self.sequence and self.sequence[-1] == EOS)

    def set_temperature(self, temperature: float) -> None:
        """Use a new temperature from the next step on (validated by SampleConfig)."""
        self.cfg = replace(self.cfg, temperature=float(temperature))

    def step(self) -> StepRecord:
        """Feed the next input through the cell, pick a token, feed it back next time."""
        trace: dict = {}
        fed = self.next_input
        logits, self.state = self.net.step(np.array([fed]), self.state, trace)
        # Sample (or argmax) exactly as generate() does, so the tokens agree with it.
        chosen = int(pick(logits, self.cfg, self.rng)[0])
        self.next_input = chosen
        a, c = self.state[-1]
        tokens = self.vocab.tokens
        record = StepRecord(
            t=len(self.records) + 1,
            input_token=None if fed == ZERO_INPUT else tokens[fed],
            logits=logits[0],
            raw_probs=softmax(logits[0]),
            probs=next_token_probs(logits, self.cfg)[0],
            temperature=self.cfg.temperature,
            chosen=tokens[chosen],
            argmax=tokens[int(logits[0].argmax())],
            a=a[0].copy(),
            c=c[0].copy(),
            gates={name: trace[name][0].copy() for name in GATES},
            sequence=self.sequence + (tokens[chosen],),
        )
        self.records.append(record)
        return record

    def run_to_end(self, limit: int = 10_000) -> list[StepRecord]:
        """Step until done (at most `limit` steps); the new records."""
        new = []
        while not self.done and len(new) < limit:
            new.append(self.step())
        return new

    def top(self, record: StepRecord, k: int = 10, temperature: float | None = None) -> list:
        """The k most likely tokens of a step: [{token, p, raw_p, chosen, argmax}].

        `p` is shaped with `temperature` (default: the step's own), so a slider can
        reshape a step already taken: the raw distribution never changes."""
        cfg = replace(self.cfg, temperature=temperature or record.temperature)
        p = next_token_probs(record.logits[None, :], cfg)[0]
        # Rank by the raw distribution: temperature keeps the order, top-p may zero the tail.
        order = np.argsort(-record.raw_probs, kind="stable")[:k]
        return [
            {
                "token": self.vocab.tokens[i],
                "p": float(p[i]),
                "raw_p": float(record.raw_probs[i]),
                "chosen": self.vocab.tokens[i] == record.chosen,
                "argmax": self.vocab.tokens[i] == record.argmax,
            }
            for i in order
        ]


def forcing_example(net: NumpyLSTM, vocab: Vocab, truth) -> tuple[list[str], list[str]]:
    """The model's argmax guesses on `truth` (n tokens): (teacher forced, free running).

    Teacher forced (training): step t reads the true token x<t>. Free running
    (generation): from the same first token, step t reads the model's own guess."""
    ids = vocab.encode(truth)
    forced, free = [], []
    state_tf = state_fr = net.initial_state(1)
    x_fr = ids[0]
    for t in range(len(ids) - 1):
        logits, state_tf = net.step(np.array([ids[t]]), state_tf)
        forced.append(vocab.tokens[int(logits[0].argmax())])
        logits, state_fr = net.step(np.array([x_fr]), state_fr)
        x_fr = int(logits[0].argmax())
        free.append(vocab.tokens[x_fr])
    return forced, free


def uniform_loss(n_values: int) -> float:
    """Cross-entropy of a uniform guess over n_values tokens: log(n_values) nats.

    A model whose loss is above this line has learnt less than nothing."""
    return float(np.log(n_values))
