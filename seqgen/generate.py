"""The decoding loop: `out = generate(net, vocab, seed_tokens, SampleConfig(length=300))`.

Generation is one-to-many: from x0 (the seed, or the zero vector of the original
exercise) the trained cell carries its state (a, c) from step to step, and each
sampled token is fed back as the next input. The window is never re-run.

`NumpyLSTM` runs the trained weights in numpy: the input projection of every
token is computed once (one row per token), so a step costs one (K, n_a) x
(n_a, 4 n_a) product per layer, close to the cost of the arithmetic itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import SampleConfig
from .errors import GenerationError
from .vocab import EOS, EOS_ID, Vocab

ZERO_INPUT = -1  # token id meaning "the zero vector x0" of the original exercise


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class NumpyLSTM:
    """The trained weights, arranged for fast single steps (float64 for exact argmax ties)."""

    input_table: np.ndarray  # (n_values, 4 n_a): x W + b of layer 1 for every token
    input_bias: np.ndarray  # (4 n_a,): layer 1's projection of the zero vector x0
    upper: list  # [(W (n_a, 4 n_a), b)] of layers 2.. (input from the layer below)
    recurrent: list  # [U (n_a, 4 n_a)] per layer
    dense_w: np.ndarray  # (n_a, n_values)
    dense_b: np.ndarray  # (n_values,)

    @property
    def units(self) -> int:
        return self.recurrent[0].shape[0]

    @property
    def vocab_size(self) -> int:
        return self.dense_b.shape[0]

    @classmethod
    def from_model(cls, model) -> NumpyLSTM:
        """Copy the weights of a model made by seqgen.model.build_model."""
        from .model import lstm_layers

        lstms = lstm_layers(model)
        first = model.layers[1]
        w0, u0, b0 = (np.asarray(v, dtype=np.float64) for v in lstms[0].get_weights())
        if first.name == "embedding":
            table = np.asarray(first.get_weights()[0], dtype=np.float64) @ w0 + b0
        else:  # one-hot input: x W is row x of W
            table = w0 + b0
        upper, recurrent = [], [u0]
        for layer in lstms[1:]:
            w, u, b = (np.asarray(v, dtype=np.float64) for v in layer.get_weights())
            upper.append((w, b))
            recurrent.append(u)
        dw, db = (np.asarray(v, dtype=np.float64) for v in model.get_layer("dense").get_weights())
        return cls(table, b0, upper, recurrent, dw, db)

    def decoder(self):
        """The weights rearranged for the fast loop of generate() (built once, then kept)."""
        from .decoder import Decoder

        if self.__dict__.get("_decoder") is None:
            self.__dict__["_decoder"] = Decoder(self)
        return self.__dict__["_decoder"]

    def initial_state(self, batch: int) -> list:
        """a0 = c0 = 0 for every layer: [(a (K, n_a), c (K, n_a))]."""
        zeros = np.zeros((batch, self.units))
        return [(zeros, zeros) for _ in self.recurrent]

    def step(self, ids: np.ndarray, state: list, trace: dict | None = None):
        """One time step for a batch of token ids (K,) -> (logits (K, n_values), new state).

        An id of ZERO_INPUT feeds the zero vector. A row fed <eos> starts a new piece
        from the zero state, as every piece starts in training (dataset.piece_windows).
        `trace`, when given, receives the gate activations of the top layer (for the
        step-through view)."""
        fresh = (ids == EOS_ID)[:, None]
        if fresh.any():
            state = [(np.where(fresh, 0.0, a), np.where(fresh, 0.0, c)) for a, c in state]
        proj = np.where((ids == ZERO_INPUT)[:, None], self.input_bias, self.input_table[ids])
        new_state = []
        for layer, (a, c) in enumerate(state):
            if layer > 0:
                w, b = self.upper[layer - 1]
                proj = new_state[-1][0] @ w + b
            z = proj + a @ self.recurrent[layer]  # (K, 4 n_a), gates in Keras order i, f, g, o
            i, f, g, o = np.split(z, 4, axis=1)
            i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
            c = f * c + i * g
            a = o * np.tanh(c)
            new_state.append((a, c))
            if trace is not None:
                trace.update(input=i, forget=f, candidate=g, output=o)
        logits = new_state[-1][0] @ self.dense_w + self.dense_b
        return logits, new_state

    def run(self, ids: np.ndarray, state: list | None = None):
        """Feed a (K, T) batch of ids step by step; returns (logits of the last step, state)."""
        state = state or self.initial_state(ids.shape[0])
        logits = None
        for t in range(ids.shape[1]):
            logits, state = self.step(ids[:, t], state)
        return logits, state


def next_token_probs(logits: np.ndarray, cfg: SampleConfig) -> np.ndarray:
    """Turn logits (K, V) into the distribution that will be sampled, per the settings."""
    # Temperature: divide the logits; < 1 sharpens, > 1 flattens the softmax.
    z = np.asarray(logits, dtype=np.float64) / cfg.temperature  # float64 whatever the logits
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    # Top-k: keep the k most likely tokens.
    if cfg.top_k is not None and cfg.top_k < p.shape[1]:
        kth = np.sort(p, axis=1)[:, -cfg.top_k][:, None]
        p = np.where(p >= kth, p, 0.0)
    # Top-p: keep the smallest set of most likely tokens whose total reaches p (the
    # nucleus), and any token as likely as its least likely member (ties stay together).
    if cfg.top_p is not None and cfg.top_p < 1.0:
        ranked = -np.sort(-p, axis=1)  # most likely first
        before = np.cumsum(ranked, axis=1) - ranked  # mass of the tokens ranked above
        size = (before < cfg.top_p * ranked.sum(axis=1, keepdims=True)).sum(axis=1)
        least = ranked[np.arange(len(p)), size - 1][:, None]
        p = np.where(p >= least, p, 0.0)
    return p / p.sum(axis=1, keepdims=True)


def pick(logits: np.ndarray, cfg: SampleConfig, rng: np.random.Generator) -> np.ndarray:
    """The next token id per row: argmax, or a draw from the shaped distribution."""
    if cfg.argmax:
        return logits.argmax(axis=1)
    p = next_token_probs(logits, cfg)
    # Inverse-CDF sampling: one uniform number per row, reproducible from the seed.
    u = rng.random((p.shape[0], 1))
    return np.minimum((np.cumsum(p, axis=1) < u).sum(axis=1), p.shape[1] - 1)


@dataclass(frozen=True)
class Generation:
    seed: tuple[str, ...]  # seed tokens actually used
    dropped: tuple[str, ...]  # seed tokens the vocabulary lacks (left out)
    outputs: tuple[tuple[str, ...], ...]  # generated tokens, one tuple per variation


def prepare_seed(vocab: Vocab, seed_tokens) -> tuple[list[str], list[str]]:
    """(known seed tokens, dropped unknown ones); refuse a seed made only of unknown tokens."""
    seed_tokens = list(seed_tokens or [])
    known, unknown = vocab.split_known(seed_tokens)
    if seed_tokens and not known:
        shown = "".join(unknown[:20]) if vocab.level == "char" else " ".join(unknown[:20])
        raise GenerationError(
            f"None of the seed's tokens occur in the training corpus ({shown!r}). "
            "Type a seed using characters or words from the corpus, or leave it empty."
        )
    return known, unknown


def generate(
    net: NumpyLSTM, vocab: Vocab, seed_tokens, cfg: SampleConfig, variations: int = 1
) -> Generation:
    """Generate `variations` continuations of the seed at once (a batch of K rows)."""
    if not 1 <= variations <= 64:
        raise GenerationError(f"variations must be from 1 to 64; it is {variations}.")
    known, unknown = prepare_seed(vocab, seed_tokens)
    rng = np.random.default_rng(cfg.random_seed)
    # Warm up on the seed (x0 is the zero vector if it is empty), then sample and feed
    # back: the fast loop in decoder.py, which computes what `NumpyLSTM.step` does.
    seed_ids = vocab.encode(known) or [ZERO_INPUT]
    eos_id = vocab.eos_id if cfg.stop_at_eos else None
    out = net.decoder().decode(seed_ids, cfg, variations, rng, eos_id)
    outputs = []
    for row in out:
        tokens = vocab.decode(row)
        if cfg.stop_at_eos and EOS in tokens:
            tokens = tokens[: tokens.index(EOS)]
        outputs.append(tuple(tokens))
    return Generation(tuple(known), tuple(unknown), tuple(outputs))
