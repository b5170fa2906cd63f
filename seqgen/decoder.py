"""The fast decoding loop behind `generate()`: `ids = Decoder(net).decode(seed, cfg, k, rng)`.

`NumpyLSTM.step` is the readable reference (it mirrors the equations the app
teaches). This module runs the same arithmetic with as few numpy calls per token
as possible, since at these sizes a step costs more in Python overhead than in
multiply-adds:

- one fused matrix per layer, [U | W_next] (top layer: [U | W_dense]): the new
  hidden state a_t gives, in ONE product, the next step's recurrent term a_t U and
  this step's input to the layer above (or the logits);
- gate columns reordered from Keras' (i, f, g, o) to (i, f, o, g) and the sigmoid
  columns halved (an exact scaling), so one tanh serves all four gates:
  sigmoid(x) = (1 + tanh(x / 2)) / 2;
- float32 weights (what Keras itself computes with): half the memory traffic of
  float64, which is what bounds a step at 512 units;
- the zero vector x0 of the original exercise is the last row of the input table,
  so the id ZERO_INPUT (-1) indexes it directly;
- BLAS runs single-threaded during decoding: a (K, n_a) product is too small to
  share out, and on a busy 2-core machine spawning BLAS threads costs 10-30x.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import threading

import numpy as np

from .config import SampleConfig


class Decoder:
    """The weights of a NumpyLSTM rearranged for fast steps (see the module notes)."""

    def __init__(self, net, dtype=np.float32):
        n = net.units
        self.n = n
        # Keras (i, f, g, o) -> (i, f, o, g); sigmoid columns pre-halved for the tanh form.
        perm = np.r_[0 : 2 * n, 3 * n : 4 * n, 2 * n : 3 * n]
        scale = np.r_[np.full(3 * n, 0.5), np.ones(n)]

        def gates(m):
            return np.asarray(m, dtype=np.float64)[..., perm] * scale

        # (n_values + 1, 4 n_a): row v = x_v W + b; the last row is x0 = 0 (ZERO_INPUT).
        table = np.vstack([net.input_table, net.input_bias[None, :]])
        self.table = gates(table).astype(dtype)
        self.fused, self.next_bias = [], []
        layers = len(net.recurrent)
        for layer in range(layers):
            if layer + 1 < layers:
                w, b = net.upper[layer]
                right, bias = gates(w), gates(b)
            else:
                right, bias = net.dense_w, net.dense_b
            self.fused.append(np.hstack([gates(net.recurrent[layer]), right]).astype(dtype))
            self.next_bias.append(np.asarray(bias, dtype=dtype))
        self.dtype = dtype

    def start(self, k: int) -> tuple[list, list]:
        """Zero state for k rows: (recurrent terms a U per layer, cell states c per layer)."""
        zeros = [np.zeros((k, 4 * self.n), self.dtype) for _ in self.fused]
        return zeros, [np.zeros((k, self.n), self.dtype) for _ in self.fused]

    def step(self, ids: np.ndarray, rec: list, cells: list) -> np.ndarray:
        """Advance every row by one token (ids (K,)); updates rec and cells in place,
        returns the logits (K, n_values)."""
        n3 = 3 * self.n
        x = self.table[ids]  # (K, 4 n_a): x W + b, looked up
        for layer, fused in enumerate(self.fused):
            x += rec[layer]  # z = x W + b + a U
            np.tanh(x, out=x)  # all four gates at once
            s = x[:, :n3]
            s *= 0.5
            s += 0.5  # i, f, o = sigmoid(z)
            c = cells[layer]
            c *= s[:, self.n : 2 * self.n]  # f c
            c += s[:, : self.n] * x[:, n3:]  # + i g
            a = np.tanh(c)
            a *= s[:, 2 * self.n : n3]  # a = o tanh(c)
            out = a @ fused  # (K, 4 n_a + next): [a U for the next step | input above]
            rec[layer] = out[:, : 4 * self.n]
            x = out[:, 4 * self.n :]
            x += self.next_bias[layer]
        return x

    def decode(self, seed_ids, cfg: SampleConfig, k: int, rng, eos_id: int | None = None):
        """(K, n) generated ids: warm up on seed_ids, then sample and feed back.

        Stops early once every row has drawn eos_id (when given)."""
        sample = sampler(cfg)
        out = np.empty((k, cfg.length), dtype=np.int64)
        done = np.zeros(k, dtype=bool)
        with single_thread_blas():
            rec, cells = self.start(k)
            for token in seed_ids:  # the state (a, c) after reading the seed
                logits = self.step(np.full(k, token), rec, cells)
            for t in range(cfg.length):
                # Sample (or argmax) the next token, then feed it back as the next input.
                ids = sample(logits, rng)
                out[:, t] = ids
                if eos_id is not None:
                    done |= ids == eos_id
                    if done.all():
                        return out[:, : t + 1]
                if t + 1 < cfg.length:
                    logits = self.step(ids, rec, cells)
        return out


def sampler(cfg: SampleConfig):
    """A function (logits (K, V), rng) -> ids (K,) equal to generate.pick with cfg.

    Same distribution as next_token_probs and the same inverse-CDF draw (one uniform
    number per row), with fewer array operations: the softmax is left unnormalised,
    which top-p and the draw do not need."""
    if cfg.argmax:
        return lambda logits, rng: logits.argmax(axis=1)
    temperature, top_k, top_p = cfg.temperature, cfg.top_k, cfg.top_p

    offsets = {}  # K -> (K, 1) start of each row in the flattened (K * V) array

    def sample(logits, rng):
        k, v = logits.shape
        # Temperature, then an unnormalised softmax (float64 for the cumulative sums).
        p = np.divide(logits, temperature, dtype=np.float64)
        p -= p.max(axis=1, keepdims=True)
        np.exp(p, out=p)
        if top_k is not None and top_k < v:
            kth = np.sort(p, axis=1)[:, -top_k][:, None]
            p[p < kth] = 0.0
        if top_p is not None and top_p < 1.0:
            # Keep the most likely tokens until the mass ranked above them reaches top_p.
            if k not in offsets:
                offsets[k] = np.arange(k)[:, None] * v
            flat = np.argsort(-p, axis=1)
            flat += offsets[k]  # positions in p.ravel(), most likely first per row
            sorted_p = p.ravel()[flat]
            cum = np.cumsum(sorted_p, axis=1)
            cum -= sorted_p  # the mass ranked above each token
            p.ravel()[flat[cum >= top_p * (cum[:, -1:] + sorted_p[:, -1:])]] = 0.0
        # Inverse-CDF draw: the first token whose cumulative mass passes u * total
        # (u < 1, so the count stays below V).
        cum = np.cumsum(p, axis=1)
        u = rng.random((k, 1))
        u *= cum[:, -1:]
        return (cum < u).sum(axis=1)

    return sample


_BLAS_LOCK = threading.Lock()
_BLAS_USERS = [0]  # decoders running now; threads are restored when the last one ends


def _openblas_threads():
    """(get, set) for the OpenBLAS that numpy loaded, or None if it is not found."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__) + ".libs", "*openblas*.so*"))
    for path in libs:
        with contextlib.suppress(OSError):
            lib = ctypes.CDLL(path)
            for prefix in ("scipy_openblas_", "openblas_"):
                for suffix in ("64_", ""):
                    get = getattr(lib, f"{prefix}get_num_threads{suffix}", None)
                    put = getattr(lib, f"{prefix}set_num_threads{suffix}", None)
                    if get and put:
                        return get, put
    return None


_OPENBLAS = _openblas_threads()


@contextlib.contextmanager
def single_thread_blas():
    """Run the block with one BLAS thread, then restore the previous count."""
    if _OPENBLAS is None:
        yield
        return
    get, put = _OPENBLAS
    with _BLAS_LOCK:
        if _BLAS_USERS[0] == 0:
            _BLAS_USERS.append(get())
            put(1)
        _BLAS_USERS[0] += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _BLAS_USERS[0] -= 1
            if _BLAS_USERS[0] == 0:
                put(_BLAS_USERS.pop())
