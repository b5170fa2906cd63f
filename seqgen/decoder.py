"""The fast decoding loop behind `generate()`: `ids = Decoder(net).decode(seed, cfg, k, rng)`.

`NumpyLSTM.step` is the readable reference (it mirrors the equations the app
teaches). This module runs the same arithmetic with as few numpy calls per token
as possible, since at these sizes a step costs more in Python overhead than in
multiply-adds:

- one fused matrix per layer, [U | W_next] (top layer: [U | W_dense]): the new
  hidden state a_t gives, in ONE product, the next step's recurrent term a_t U and
  this step's input to the layer above (or the logits), written into a buffer
  kept from step to step;
- gate columns reordered from Keras' (i, f, g, o) to (i, f, o, g) and the sigmoid
  columns halved (an exact scaling), so one tanh serves all four gates:
  sigmoid(x) = (1 + tanh(x / 2)) / 2;
- float32 weights (what Keras itself computes with): half the memory traffic of
  float64, which is what bounds a step at 512 units (the 4.3 MB matrix does not
  fit one core's 2 MB L2 cache and is read from L3 at every step);
- the zero vector x0 of the original exercise is the last row of the input table,
  so the id ZERO_INPUT (-1) indexes it directly;
- the K rows (variations) are the columns of (features, K) arrays, and the fused
  matrix is stored transposed: each gate is then one contiguous block, where numpy
  is 3-5x slower on the strided slices of (K, features) rows;
- two loops numpy does badly are compiled with numba (seqgen/kernels.py): the table
  lookup into that layout, and the whole sampling step (softmax, top-k, top-p, the
  draw), one call instead of about twenty; a step at 64 units went from 44 to 27 µs;
- for 2-16 rows (variations) the product runs in column blocks of at most 1e6
  multiply-adds: OpenBLAS then uses its small-matrix kernel, which does not pack
  the matrix first (at 256 and 512 units and 8 rows, 1.5-1.8x faster than one call);
- BLAS itself runs single-threaded: on a busy 2-core machine its spinning threads
  cost 10-30x. Instead, a product of SHARED multiply-adds or more is cut into two
  halves of columns, and a `Helper` thread computes one half while the caller
  computes the other. The helper waits for its half by spinning on a flag in
  compiled code that does not hold the GIL (seqgen/kernels.py: `serve`, `share`):
  waking a sleeping thread by a lock cost about 15 µs, as much as the whole product
  at 256 units, where spinning costs well under one. At 512 units the two halves
  also sit in two cores' L2 caches: one step's product took 84 µs shared against
  199 µs on one core. The helper spins only while it is used; otherwise it sleeps.
  `Pace` times steps with and without the helper and uses the faster way, trying
  the other now and then, so a busy machine falls back to one core by itself.
  Every block is computed by the same compiled `np.dot`, whichever thread runs it,
  and the blocks depend only on the shapes, so the results are the same either way.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import threading
import time

import numpy as np

from .config import SampleConfig
from .vocab import EOS_ID


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
        self.table = np.ascontiguousarray(gates(table), dtype=dtype)  # (n_values + 1, 4 n_a)
        self.fused, self.next_bias = [], []
        layers = len(net.recurrent)
        for layer in range(layers):
            if layer + 1 < layers:
                w, b = net.upper[layer]
                right, bias = gates(w), gates(b)
            else:
                right, bias = net.dense_w, net.dense_b
            fused = np.hstack([gates(net.recurrent[layer]), right])  # (n_a, 4 n_a + next)
            self.fused.append(np.ascontiguousarray(fused.T, dtype=dtype))
            self.next_bias.append(np.asarray(bias, dtype=dtype)[:, None])
        self.dtype = dtype
        self.kernels = compiled()
        self._blocks = {}  # K -> column_blocks per layer

    def start(self, k: int) -> tuple[list, list, list]:
        """Zero state for k rows: (products, cell states c, hidden states a), per layer.

        products[layer] is the (4 n_a + next, k) buffer the fused product writes into:
        its top part is the recurrent term a U of the next step. The buffers stay the
        same from step to step, so a `Helper` thread can be given them once."""
        outs = [np.zeros((f.shape[0], k), self.dtype) for f in self.fused]
        cells = [np.zeros((self.n, k), self.dtype) for _ in self.fused]
        return outs, cells, [np.zeros((self.n, k), self.dtype) for _ in self.fused]

    def blocks(self, k: int) -> list:
        """Per layer, the ranges of the fused matrix's rows (its columns before the
        transpose) multiplied one call each.

        Blocks of at most SMALL_GEMM multiply-adds let OpenBLAS use its small-matrix
        kernel (no packing of the matrix: 1.5-2x faster for 2-16 rows). A product big
        enough to share between two cores comes in two halves. The blocks depend on k
        only, so the results never depend on how many threads computed them.

        Per layer: (mine, theirs, all), each an (n, 2) array of (lo, hi) rows."""
        if k not in self._blocks:
            self._blocks[k] = [
                tuple(block_array(b) for b in (mine, theirs, mine + theirs))
                for mine, theirs in (column_blocks(k, *f.shape[::-1]) for f in self.fused)
            ]
        return self._blocks[k]

    def helper_jobs(self, state) -> tuple:
        """What a `Helper` computes for a decode with this state: per layer, the fused
        matrix, the hidden state a it multiplies, the product buffer and its blocks."""
        outs, _, acts = state
        theirs = [t for _, t, _ in self.blocks(acts[0].shape[1])]
        return tuple(self.fused), tuple(acts), tuple(outs), tuple(theirs)

    def step(self, ids: np.ndarray, outs: list, cells: list, acts: list, helper=None):
        """Advance every row by one token (ids (K,)); updates outs and cells in place and
        returns the logits (K, n_values), a view that the next step overwrites.

        Inside, a row is a column: the arrays are (features, K), so each gate is one
        contiguous block (numpy is 3-5x slower on the strided rows of (K, features)).

        With a helper (a `Helper` thread given `helper_jobs` of this state), the second
        half of each product runs on it.
        A row fed <eos> starts from the zero state (see `NumpyLSTM.step`)."""
        n, n3, n4 = self.n, 3 * self.n, 4 * self.n
        if EOS_ID in ids.tolist():  # rare; 0.1-0.3 µs where (ids == EOS_ID).any() costs 2 µs
            fresh = ids == EOS_ID
            for out, c in zip(outs, cells):
                out[:n4, fresh] = 0.0  # a U = 0: a<t-1> = 0
                c[:, fresh] = 0.0
        for layer, (fused, out) in enumerate(zip(self.fused, outs)):
            if layer == 0:  # z = x W + b (looked up) + a U, (4 n_a, K)
                x = np.empty((n4, len(ids)), self.dtype)
                self.kernels.lookup_add(self.table, ids, out, x)
            else:
                x += out[:n4]  # z = (input from below) + a U
            np.tanh(x, out=x)  # all four gates at once
            s = x[:n3]
            s *= 0.5
            s += 0.5  # i, f, o = sigmoid(z)
            c = cells[layer]
            c *= s[n : 2 * n]  # f c
            c += s[:n] * x[n3:]  # + i g
            a = np.tanh(c, out=acts[layer])
            a *= s[2 * n : n3]  # a = o tanh(c)
            # out = fused a, (4 n_a + next, K): [a U for the next step | input above]
            mine, theirs, both = self.blocks(len(ids))[layer]
            if helper is not None and len(theirs):
                helper.run(layer, fused, a, out, mine)
            else:
                self.kernels.products(fused, a, out, both)
            x = out[n4:]
            x += self.next_bias[layer]
        return x.T

    def decode(self, seed_ids, cfg: SampleConfig, k: int, rng, eos_id: int | None = None):
        """(K, n) generated ids: warm up on seed_ids, then sample and feed back.

        Stops early once every row has drawn eos_id (when given)."""
        sample = sampler(cfg)
        out = np.empty((k, cfg.length), dtype=np.int64)
        done = np.zeros(k, dtype=bool)
        state = self.start(k)
        shared = any(len(theirs) for _, theirs, _ in self.blocks(k)) and two_cores()
        with single_thread_blas(), Helper.maybe(shared, self.helper_jobs(state)) as helper:
            pace = Pace(helper) if helper else contextlib.nullcontext()
            for token in seed_ids:  # the state (a, c) after reading the seed
                with pace as with_helper:
                    logits = self.step(np.full(k, token), *state, with_helper)
            for t in range(cfg.length):
                # Sample (or argmax) the next token, then feed it back as the next input.
                ids = out[:, t] = sample(logits, rng)
                if eos_id is not None and (eos_id == ids).any():
                    done |= ids == eos_id
                    if done.all():
                        return out[:, : t + 1]
                if t + 1 < cfg.length:
                    with pace as with_helper:
                        logits = self.step(ids, *state, with_helper)
        return out


SMALL_GEMM = 1_000_000  # OpenBLAS' limit (rows x cols x depth) for its small-matrix sgemm
SHARED = 1_000_000  # multiply-adds per product from which two cores may share it


def column_blocks(k: int, depth: int, width: int) -> tuple[list, list]:
    """Column ranges (lo, hi) of a (depth, width) matrix times k rows, as two lists:
    the calling thread's and the helper's (empty when the product is too small to share)."""
    shared = k * depth * width >= SHARED
    parts = 1
    fit = SMALL_GEMM // (k * depth) // 16 * 16
    if 1 < k <= 16 and fit >= 64:  # blocks for the small-matrix kernel (slower beyond 16 rows)
        parts = -(-width // fit)
    parts += shared and parts % 2  # an even count, to share equally
    cols = -(-width // (16 * parts)) * 16  # a multiple of 16 columns
    cuts = [*range(0, width, cols), width]
    ranges = list(zip(cuts, cuts[1:]))
    half = len(ranges) // 2 if shared else len(ranges)
    return ranges[:half], ranges[half:]


def block_array(ranges: list) -> np.ndarray:
    """Column ranges [(lo, hi)] as the (n, 2) int64 array the compiled products take."""
    return np.array(ranges, dtype=np.int64).reshape(-1, 2)


def two_cores() -> bool:
    """Whether this process may run on two cores or more (a spinning helper on a single
    core would only take turns with the thread it is waiting for)."""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) >= 2


class Helper:
    """A second thread for the other half of each product, so two cores work on one step.

    It waits for work by spinning in compiled code that does not hold the GIL
    (kernels.serve) while it is in use, and sleeps on a semaphore while parked: between
    decodes, and while `Pace` finds one core faster. `run` posts a layer's product and
    computes the caller's blocks meanwhile (kernels.share). The helper is given the
    decode's buffers once (`Decoder.helper_jobs`): the products and hidden states stay
    the same arrays from step to step."""

    SPINS = 50_000_000  # checks (a fraction of a second) before `run` waits by the clock
    TIMEOUT = 30.0  # seconds a product may take before the helper is declared stuck

    def __init__(self, jobs: tuple):
        self.kernels = compiled()
        k = self.kernels
        self.control = np.zeros(k.CONTROL_SLOTS, dtype=np.int64)
        self.control[k.STATE] = k.PARK
        self.jobs = jobs
        self.parked = True
        self._wake = threading.Semaphore(0)
        self._error = None
        self._thread = threading.Thread(target=self._loop, name="seqgen-decoder", daemon=True)
        self._thread.start()

    @classmethod
    @contextlib.contextmanager
    def maybe(cls, wanted: bool, jobs: tuple):
        """A Helper for the block (None if not wanted), stopped afterwards."""
        helper = cls(jobs) if wanted else None
        try:
            yield helper
        finally:
            if helper is not None:
                helper.stop()

    def _loop(self):
        k = self.kernels
        while True:
            self._wake.acquire()
            state = self.control[k.STATE]
            if state == k.EXIT:
                return
            if state == k.RUN:
                try:
                    k.serve(self.control, *self.jobs)  # returns once parked or stopped
                except BaseException as error:  # handed to the caller, never lost
                    self._error = error
                    return

    def resume(self):
        """Start spinning for work (before the steps that use the helper)."""
        if self.parked:
            self.parked = False
            self.control[self.kernels.STATE] = self.kernels.RUN
            self._wake.release()

    def park(self):
        """Stop spinning and sleep (while one core is used alone)."""
        if not self.parked:
            self.parked = True
            self.control[self.kernels.STATE] = self.kernels.PARK

    def stop(self):
        self.control[self.kernels.STATE] = self.kernels.EXIT
        self._wake.release()
        self._thread.join()

    def run(self, layer: int, w, a, out, mine):
        """out = w @ a for `layer`: the helper's blocks there, `mine` here meanwhile."""
        k = self.kernels
        self.resume()
        if not k.share(self.control, layer, w, a, out, mine, self.SPINS):
            job, waited = self.control[k.JOB], 0.0
            while self.control[k.DONE] < job:  # slow (a busy machine) or gone
                if self._error is not None or not self._thread.is_alive():
                    raise RuntimeError("the decoder's helper thread stopped") from self._error
                if waited > self.TIMEOUT:
                    raise RuntimeError("the decoder's helper thread did not answer")
                time.sleep(0.001)
                waited += 0.001


class Pace:
    """Steps with the helper or without, whichever is faster now (it depends on what
    else the machine runs): both are timed, and the slower way is retried every
    RETRY steps, so a core that frees up or gets busy is noticed within a few steps.

    `with pace as helper:` times one step and gives the helper to use (or None)."""

    RETRY = 16

    def __init__(self, helper):
        self.helper = helper
        self.cost = [0.0, 0.0]  # recent seconds per step: [alone, with the helper]
        self.steps = 0
        self.used = 0

    def __enter__(self):
        if self.helper is None:
            self.used = 0
        elif self.steps < 2:  # time each way once to begin with
            self.used = self.steps
        else:
            faster = int(self.cost[1] < self.cost[0])
            self.used = 1 - faster if self.steps % self.RETRY == 0 else faster
        if self.helper is not None:  # wake it now: it is up by the step's first product
            self.helper.resume() if self.used else self.helper.park()
        self.steps += 1
        self.started = time.perf_counter()
        return self.helper if self.used else None

    def __exit__(self, *exc):
        seconds = time.perf_counter() - self.started
        old = self.cost[self.used]
        self.cost[self.used] = seconds if old == 0.0 else 0.7 * old + 0.3 * seconds
        return False


def sampler(cfg: SampleConfig):
    """A function (logits (K, V), rng) -> ids (K,) equal to generate.pick with cfg.

    Same distribution as next_token_probs and the same inverse-CDF draw (one uniform
    number per row), in one compiled call per step (seqgen/kernels.py): numpy needs
    about twenty calls for the softmax, top-k, top-p and the draw, and at these sizes
    each call costs more than its arithmetic (40 of the 60 µs of a step at 64 units)."""
    if cfg.argmax:
        return lambda logits, rng: logits.argmax(axis=1)
    draw = compiled().draw
    temperature = float(cfg.temperature)
    top_k = cfg.top_k or 0
    top_p = 1.0 if cfg.top_p is None else float(cfg.top_p)

    def sample(logits, rng):
        ids = np.empty(len(logits), dtype=np.int64)
        draw(logits, temperature, top_k, top_p, rng.random(len(logits)), ids)
        return ids

    return sample


def compiled():
    """seqgen.kernels, imported (so compiled, or read from numba's disk cache) at the
    first generation rather than with seqgen."""
    from .store import cache_dir

    os.environ.setdefault("NUMBA_CACHE_DIR", os.path.join(cache_dir(), "numba"))
    from . import kernels

    return kernels


_BLAS_LOCK = threading.Lock()
_BLAS_USERS = [0]  # decoders running now, then the thread counts to restore when the last ends


def _openblas_threads() -> list:
    """(get, set) of the thread count of each OpenBLAS that numpy and SciPy bring: the
    decoder's products run in SciPy's (numba's `np.dot` calls it), the rest in numpy's."""
    import importlib.util

    folders = [os.path.dirname(np.__file__) + ".libs"]
    spec = importlib.util.find_spec("scipy")
    if spec is not None and spec.submodule_search_locations:
        folders.append(list(spec.submodule_search_locations)[0] + ".libs")
    found = []
    for path in (p for folder in folders for p in glob.glob(f"{folder}/*openblas*.so*")):
        with contextlib.suppress(OSError):
            lib = ctypes.CDLL(path)
            for name in (
                f"{prefix}{{}}_num_threads{suffix}"
                for prefix in ("scipy_openblas_", "openblas_")
                for suffix in ("64_", "")
            ):
                get = getattr(lib, name.format("get"), None)
                put = getattr(lib, name.format("set"), None)
                if get and put:
                    found.append((get, put))
                    break
    return found


_OPENBLAS = _openblas_threads()


@contextlib.contextmanager
def single_thread_blas():
    """Run the block with one BLAS thread, then restore the previous counts."""
    with _BLAS_LOCK:
        if _BLAS_USERS[0] == 0:
            _BLAS_USERS[1:] = [get() for get, _ in _OPENBLAS]
            for _, put in _OPENBLAS:
                put(1)
        _BLAS_USERS[0] += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _BLAS_USERS[0] -= 1
            if _BLAS_USERS[0] == 0:
                for (_, put), count in zip(_OPENBLAS, _BLAS_USERS[1:]):
                    put(count)
                del _BLAS_USERS[1:]
