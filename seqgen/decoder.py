"""The fast decoding loop behind `generate()`: `ids = Decoder(net).decode(seed, cfg, k, rng)`.

`NumpyLSTM.step` is the readable reference (it mirrors the equations the app
teaches). This module runs the same arithmetic in ONE compiled call per token
(seqgen/kernels.py, numba), since at these sizes a numpy call costs more than its
multiply-adds: a step was a dozen numpy calls, 19 µs at 64 units; it is now 6 µs.

- one fused matrix per layer, [U | W_next] (top layer: [U | W_dense]): the new
  hidden state a_t gives, in ONE product, the next step's recurrent term a_t U and
  this step's input to the layer above (or the logits), written into a buffer
  kept from step to step;
- gate columns reordered from Keras' (i, f, g, o) to (i, f, o, g) and the sigmoid
  columns halved (an exact scaling), so one tanh serves all four gates:
  sigmoid(x) = (1 + tanh(x / 2)) / 2; the tanh is Eigen's rational function (what
  TensorFlow computes), plain arithmetic the compiler turns into SIMD code;
- float32 weights (what Keras itself computes with): half the memory traffic of
  float64, which is what bounds a step at 512 units (the 4.3 MB matrix does not
  fit one core's 2 MB L2 cache); subnormal states are flushed to zero, as
  TensorFlow does, since the CPU computes with them many times slower;
- the zero vector x0 of the original exercise is the last row of the input table,
  so the id ZERO_INPUT (-1) indexes it directly;
- the K rows (variations) are rows of (K, features) arrays; the products are
  (K, n_a) x (n_a, width) in column blocks of at most SMALL_GEMM multiply-adds,
  each block a contiguous copy of the matrix's columns: OpenBLAS then uses its
  small-matrix kernel, which does not pack the matrix first;
- the draw (softmax, top-k, top-p, the inverse-CDF pick) is in the same call;
- two cores: BLAS itself runs single-threaded (on a busy 2-core machine its
  spinning threads cost 10-30x). Instead a `Helper` thread takes half of a step:
  with weights that fit a core's L2 cache, the rows come in two groups and each
  core runs one group's whole step (gates, products, draw); larger weights are read
  from L3 at every step, so the cores share each product by columns instead, each
  reading half the matrix (at 512 units one row's product took 64 µs shared
  against 190 µs on one core). The helper waits for work by spinning on a flag in
  compiled code that does not hold the GIL (kernels.serve): waking a sleeping thread
  cost about 15 µs, as much as a whole step. It spins only while it is used, and
  sleeps otherwise. `Pace` times steps with and without the helper and uses the
  faster way, trying the other now and then, so a busy machine falls back to one
  core by itself. The groups and blocks depend only on the shapes, and each is
  computed by the same code whichever thread runs it, so the results are the same
  either way.
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
from .generate import ZERO_INPUT
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
        self.fused, biases = [], []
        layers = len(net.recurrent)
        for layer in range(layers):
            if layer + 1 < layers:
                w, b = net.upper[layer]
                right, bias = gates(w), gates(b)
            else:
                right, bias = net.dense_w, net.dense_b
            fused = np.hstack([gates(net.recurrent[layer]), right])  # (n_a, 4 n_a + next)
            self.fused.append(np.ascontiguousarray(fused, dtype=dtype))
            biases.append(np.asarray(bias, dtype=dtype))
        self.bias = np.concatenate(biases)
        self.bias_at = np.cumsum([0] + [len(b) for b in biases])[:-1]
        self.n_values = len(net.dense_b)
        self.dtype = dtype
        self.kernels = compiled()
        self._blocks = {}  # rows per group -> (weights, blocks, layers)

    def plan(self, k: int) -> tuple[int, int, bool]:
        """(row groups, rows per group, split) for k rows, from the shapes alone, so the
        arithmetic (and every result) is the same whoever runs it.

        Two row groups, one per core when a helper runs (one core runs both otherwise),
        if the weights fit a core's L2 cache: each core then reads them from its own.
        Larger weights come from the shared L3 cache at every step, so the cores share
        each product by columns instead (`split`), each reading half the matrix; for a
        product of SHARED multiply-adds or more."""
        if k >= 2 and sum(f.nbytes for f in self.fused) <= ROW_GROUP_BYTES:
            return 2, -(-k // 2), False
        return 1, k, k * sum(f.size for f in self.fused) >= SHARED

    def blocks(self, rows: int, split: bool):
        """The column blocks of every layer's fused matrix for `rows` rows per group:
        (weights, blocks, layers) as the kernels take them (seqgen/kernels.py).

        Blocks of at most SMALL_GEMM multiply-adds let OpenBLAS use its small-matrix
        kernel (no packing of the matrix: 1.5-2x faster for 2-16 rows). With `split`
        (one group whose product two cores share) they come in two halves."""
        key = (rows, split)
        if key not in self._blocks:
            weights, table, info, at = [], [], [], 0
            for layer, fused in enumerate(self.fused):
                mine, theirs = column_blocks(rows, *fused.shape, split)
                info.append([fused.shape[1], 0, self.bias_at[layer], len(table), 0])
                for half, ranges in enumerate((mine, theirs)):
                    for lo, hi in ranges:
                        weights.append(np.ascontiguousarray(fused[:, lo:hi]).ravel())
                        table.append([layer, lo, hi, at, half])
                        at += weights[-1].size
                info[-1][4] = len(table) - info[-1][3]
            widths = [x[0] for x in info]
            for layer, x in enumerate(info):  # where each layer's product sits in `outs`
                x[1] = rows * sum(widths[:layer])
            self._blocks[key] = (
                np.concatenate(weights).astype(self.dtype),
                np.array(table, dtype=np.int64),
                np.array(info, dtype=np.int64),
            )
        return self._blocks[key]

    def shared(self, k: int) -> bool:
        """Whether a helper thread can take half of each step's work for k rows."""
        groups, _, split = self.plan(k)
        return groups == 2 or split

    def start(self, k: int, cfg: SampleConfig | None = None) -> State:
        """Zero state for k rows, with the buffers every step reads and writes."""
        cfg = cfg or SampleConfig()
        groups, rows, split = self.plan(k)
        weights, blocks, layers = self.blocks(rows, split)
        n, n_layers, dt = self.n, len(self.fused), self.dtype
        widest = int((blocks[:, 2] - blocks[:, 1]).max())
        arrays = (
            self.table,
            weights,
            self.bias,
            blocks,
            layers,
            np.zeros((groups, rows * int(layers[:, 0].sum())), dt),  # outs
            np.zeros((groups, n_layers, rows, n), dt),  # cells
            np.zeros((groups, n_layers, rows, n), dt),  # acts
            np.zeros((groups, rows, 4 * n), dt),  # gates
            np.zeros((2, rows * widest), dt),  # scratch, one per thread
            np.zeros((groups, rows, self.n_values), dt),  # logits
            np.full((groups, rows), ZERO_INPUT, np.int64),  # ids (padding rows: x0)
            np.zeros((groups, rows)),  # u
            np.zeros((groups, rows), np.int64),  # ids_out
            np.array([cfg.temperature, 1.0 if cfg.top_p is None else cfg.top_p]),
            np.array([cfg.top_k or 0, int(cfg.argmax), EOS_ID], dtype=np.int64),
        )
        return State(k, split, arrays)

    def step(self, ids, state: State, helper=None, sample: bool = False) -> np.ndarray:
        """Advance every row by one token (ids (K,)) and return the logits (K, n_values),
        a view that the next step overwrites; with `sample`, the draw (from the uniform
        numbers in state.u) is in state.drawn. A row fed <eos> starts from the zero state
        (see `NumpyLSTM.step`). With a helper (a `Helper` thread given this state), the
        two row groups, or the two halves of each product, run on two cores."""
        state.ids[:] = ids
        if helper is not None:
            helper.resume()
        on_time = self.kernels.advance(
            sample, helper is not None, state.control(helper), *state.arrays
        )
        if not on_time:
            helper.finish()
        return state.logits

    def decode(self, seed_ids, cfg: SampleConfig, k: int, rng, eos_id: int | None = None):
        """(K, n) generated ids: warm up on seed_ids, then sample and feed back.

        Stops early once every row has drawn eos_id (when given)."""
        out = np.empty((k, cfg.length), dtype=np.int64)
        done = np.zeros(k, dtype=bool)
        state = self.start(k, cfg)
        shared = self.shared(k) and two_cores()
        with single_thread_blas(), Helper.maybe(shared, state) as helper:
            pace = Pace(helper) if helper else contextlib.nullcontext()
            ids = np.full(k, seed_ids[0])
            for t in range(len(seed_ids) - 1 + cfg.length):
                sample = t >= len(seed_ids) - 1  # the state (a, c) has read the whole seed
                if sample and not cfg.argmax:
                    state.u[:] = rng.random(k)  # one uniform number per row and token
                with pace as with_helper:
                    self.step(ids, state, with_helper, sample)
                if not sample:
                    ids = np.full(k, seed_ids[t + 1])
                    continue
                ids = out[:, t - len(seed_ids) + 1] = state.drawn
                if eos_id is not None and (eos_id == ids).any():
                    done |= ids == eos_id
                    if done.all():
                        return out[:, : t - len(seed_ids) + 2]
        return out


class State:
    """One decode's buffers (see `Decoder.start`): views of the first k rows of the
    kernels' (groups, rows) arrays, which may hold one padding row."""

    def __init__(self, k: int, split: bool, arrays: tuple):
        self.k, self.split, self.arrays = k, split, arrays
        logits, ids, u, drawn = arrays[10], arrays[11], arrays[12], arrays[13]
        self.ids = ids.reshape(-1)[:k]
        self.u = u.reshape(-1)[:k]
        self._drawn = drawn.reshape(-1)[:k]
        self.logits = logits.reshape(-1, logits.shape[2])[:k]
        self._control = np.zeros(compiled().CONTROL_SLOTS, dtype=np.int64)

    @property
    def drawn(self) -> np.ndarray:
        return self._drawn.copy()

    def control(self, helper) -> np.ndarray:
        return helper.control if helper is not None else self._control


# Multiply-adds per block of a product of 2-16 rows. OpenBLAS uses its small-matrix sgemm
# up to 1e6 (rows x cols x depth), and it was faster below that still: 8 rows at 512 units
# took 330 µs per product in blocks of 64 columns, 375 in 128, 1,039 in 256 (1.05e6 each).
SMALL_GEMM = 262_144
# Multiply-adds per step from which two cores share one group's products. One row,
# interleaved medians (scratch): 256 units 40 µs shared against 52 alone (287k); 128 units
# 22.6 against 16.5 (76k).
SHARED = 200_000
ROW_GROUP_BYTES = 1_500_000  # weights that stay in a core's 2 MB L2 cache with the rest


def column_blocks(k: int, depth: int, width: int, split: bool = False) -> tuple[list, list]:
    """Column ranges (lo, hi) of a (depth, width) matrix times k rows, as two lists:
    the calling thread's and the helper's (empty unless `split`)."""
    parts = 1
    fit = SMALL_GEMM // (k * depth) // 16 * 16
    if 1 < k <= 16 and fit >= 64:  # blocks for the small-matrix kernel (slower beyond 16 rows)
        parts = -(-width // fit)
    parts += split and parts % 2  # an even count, to share equally
    cols = -(-width // (16 * parts)) * 16  # a multiple of 16 columns
    cuts = [*range(0, width, cols), width]
    ranges = list(zip(cuts, cuts[1:]))
    half = len(ranges) // 2 if split else len(ranges)
    return ranges[:half], ranges[half:]


def two_cores() -> bool:
    """Whether this process may run on two cores or more (a spinning helper on a single
    core would only take turns with the thread it is waiting for)."""
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) >= 2


class Helper:
    """A second thread, so two cores work on one step: it takes the second row group,
    or (with one group) half of the column blocks of each product.

    It waits for work by spinning in compiled code that does not hold the GIL
    (kernels.serve) while it is in use, and sleeps on a semaphore while parked: between
    decodes, and while `Pace` finds one core faster. It is given the decode's buffers
    once (a `State`): they stay the same arrays from step to step."""

    TIMEOUT = 30.0  # seconds a step may take before the helper is declared stuck

    def __init__(self, state: State):
        self.kernels = k = compiled()
        self.control = np.zeros(k.CONTROL_SLOTS, dtype=np.int64)
        self.control[k.STATE] = k.PARK
        self.arrays = state.arrays
        self.parked = True
        self._wake = threading.Semaphore(0)
        self._error = None
        self._thread = threading.Thread(target=self._loop, name="seqgen-decoder", daemon=True)
        self._thread.start()

    @classmethod
    @contextlib.contextmanager
    def maybe(cls, wanted: bool, state: State):
        """A Helper for the block (None if not wanted), stopped afterwards."""
        helper = cls(state) if wanted else None
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
                    k.serve(self.control, *self.arrays)  # returns once parked or stopped
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

    def finish(self):
        """Wait by the clock for the last job posted (the kernel stopped spinning for it)."""
        k = self.kernels
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

    The helper sleeps while steps run without it, and is woken one step before it is
    used: waking a thread takes longer than a whole step, and a step timed with the
    wake-up in it would make the helper look slow for good.

    `with pace as helper:` times one step and gives the helper to use (or None)."""

    RETRY = 16

    def __init__(self, helper):
        self.helper = helper
        self.cost = [0.0, 0.0]  # recent seconds per step: [alone, with the helper]
        self.steps = 0
        self.used = 0

    def way(self, step: int) -> int:
        """1 if step `step` uses the helper, else 0."""
        if self.helper is None:
            return 0
        if step < 2:  # time each way once to begin with (alone first, while it wakes)
            return step
        faster = int(self.cost[1] < self.cost[0])
        return 1 - faster if step % self.RETRY == 0 else faster

    def __enter__(self):
        self.used = self.way(self.steps)
        if self.helper is not None:
            if self.used or self.way(self.steps + 1):
                self.helper.resume()
            else:
                self.helper.park()
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


def warm_up() -> None:
    """Compile every kernel a decode can call (or read them from numba's disk cache): one
    row with products shared by columns, and two row groups, with and without the helper,
    sampled and argmax. install.sh runs it, so the first generation does not wait ~20 s."""
    from .generate import NumpyLSTM

    rng = np.random.default_rng(0)
    n, v = 8, 5
    net = NumpyLSTM(
        rng.normal(size=(v, 4 * n)),
        rng.normal(size=4 * n),
        [(rng.normal(size=(n, 4 * n)), rng.normal(size=4 * n))],
        [rng.normal(size=(n, 4 * n))] * 2,
        rng.normal(size=(n, v)),
        rng.normal(size=v),
    )
    dec = Decoder(net)
    for k, argmax in ((1, False), (2, True)):
        state = dec.start(k, SampleConfig(argmax=argmax))
        dec.step(np.full(k, ZERO_INPUT), state)
        dec.step(np.zeros(k, np.int64), state, sample=True)
        with Helper.maybe(True, state) as helper:
            dec.step(np.ones(k, np.int64), state, helper, sample=True)
    dec.decode([ZERO_INPUT], SampleConfig(length=2), 1, rng)


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
