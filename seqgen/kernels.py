"""Generation's compiled code (numba): the whole decoder step, and the sampling step.

- `advance(...)`: one step of every row (the gates with `tanh32`, every layer's product
  in column blocks, the logits, and the draw of the next ids) in ONE call; at these
  sizes each numpy call costs more than its arithmetic. decoder.py builds its arrays
  (see the layout notes above `_product`) and explains the design.
- `serve(...)`: the decoder's helper thread. It waits for work by spinning on a flag
  (without the GIL) instead of sleeping on a lock: waking a sleeping thread costs
  about 15 µs here, as much as a whole step. Both threads compute every block and row
  with the same code, so the results never depend on which thread computed them.
- `draw(logits, temperature, top_k, top_p, u, ids)`: the sampling step: the softmax,
  top-k, top-p and the inverse-CDF pick. `generate.next_token_probs` and
  `generate.pick` are the readable reference; tests check that both draw the same ids.

Imported by decoder.py at the first generation (so `import seqgen` stays instant);
the compiled code is cached on disk (NUMBA_CACHE_DIR), and install.sh compiles it
(`decoder.warm_up`).
"""

from __future__ import annotations

import numba
import numpy as np
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic

# The slots of the int64 control array shared by the decoder's two threads. JOB and DONE
# lie 64 bytes apart, so the threads' writes never share a cache line.
JOB, KIND, ARG, STATE, SAMPLE, DONE = 0, 1, 2, 3, 4, 8
RUN, PARK, EXIT = 0, 1, 2  # STATE: the helper spins for jobs, sleeps, or ends
# KIND: the helper's half of a layer's product, a whole row group, or (with one group
# shared by columns) the second half of its rows' gates, or of their logits and draws.
COLUMNS, GROUP, GATES, FINISH = 0, 1, 2, 3
CONTROL_SLOTS = 16


@intrinsic
def _as_float64(typingctx, bits):
    """The float64 whose bit pattern is the int64 `bits`."""
    sig = types.float64(types.int64)

    def codegen(context, builder, sig, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return sig, codegen


_LOG2E = 1.4426950408889634
_LN2_HI, _LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10  # fdlibm's split
_EXP_TAYLOR = tuple(1.0 / np.prod(np.arange(1.0, i + 1)) for i in range(14))  # 1/i!, i <= 13


@numba.njit(cache=True, nogil=True, inline="always", error_model="numpy")
def exp_nonpositive(x):  # pragma: no cover - runs compiled
    """exp(x) for x <= 0 (softmax terms), within 2 units in the last place of the exact
    value; 0 below -708. Plain arithmetic (x = k ln 2 + r, |r| <= ln 2 / 2, then 2^k times
    a Taylor polynomial of degree 13 in r), so the compiler makes the loop SIMD code where
    a call to the C library per value could not be."""
    x = max(x, -708.0)
    k = np.floor(x * _LOG2E + 0.5)
    r = (x - k * _LN2_HI) - k * _LN2_LO
    e = _EXP_TAYLOR[13]
    for i in range(12, -1, -1):
        e = e * r + _EXP_TAYLOR[i]
    scale = _as_float64((np.int64(k) + 1023) << 52)  # 2^k, a normal number for k >= -1022
    return e * scale if x > -708.0 else 0.0


# nucleus_least's bins: the bit patterns of positive float64 numbers are ordered as the
# numbers are, so (bits of 1.0 - bits of p) >> 47 cuts [1/256, 1] into 256 bins of 1/32 of
# an octave each (and lumps what is smaller into the last one).
_ONE_BITS = np.int64(0x3FF0000000000000)
_BIN_SHIFT, _BINS = 47, 256


@numba.njit(cache=True, nogil=True, inline="always")
def _bin(bits):  # pragma: no cover - runs compiled
    """The bin of a positive float64 given its bits: 0 for 1.0 (and anything larger)."""
    return min(max((_ONE_BITS - bits) >> _BIN_SHIFT, 0), _BINS - 1)


@numba.njit(cache=True, nogil=True)
def nucleus_least(p, buf, limit):  # pragma: no cover - runs compiled
    """The smallest probability in the top-p nucleus: the least y whose mass ranked
    above it (the sum of the p > y) is below `limit`. p holds unnormalised
    probabilities (at most 1 in `draw`: its largest is exp(0)).

    No sort: one pass adds each p to a bin by its size (bins ordered from the largest
    values down), the running mass of the bins finds the one bin where the nucleus
    ends, and a selection among that bin's few values finds the exact one. A sort or
    a selection over all values costs a branch the CPU cannot predict per value;
    this costs one per value of one bin."""
    mass = np.zeros(_BINS)
    bits = p.view(np.int64)
    for j in range(p.shape[0]):
        if p[j] > 0.0:
            mass[_bin(bits[j])] += p[j]
    above, b = 0.0, 0
    while b < _BINS - 1 and above + mass[b] < limit:  # every value of bin b is in
        above += mass[b]
        b += 1
    n = 0
    for j in range(p.shape[0]):
        if p[j] > 0.0 and _bin(bits[j]) == b:
            buf[n] = p[j]
            n += 1
    return least_among(buf, n, above, limit)


@numba.njit(cache=True, nogil=True)
def least_among(buf, n, above, limit):  # pragma: no cover - runs compiled
    """nucleus_least among buf[:n], with `above` the mass of the larger values outside
    buf: partition around a pivot; if the mass above the pivot already reaches the
    limit, the answer lies above it, else the pivot is in and the answer is at or
    below it. Expected time linear in n."""
    lo, hi, least = 0, n, np.inf
    while lo < hi:
        pivot = buf[(lo + hi) // 2]
        # Three-way partition of buf[lo:hi]: > pivot first, then == pivot, then < pivot.
        gt, i, lt = lo, lo, hi
        mass = 0.0
        while i < lt:
            x = buf[i]
            if x > pivot:
                buf[i], buf[gt] = buf[gt], x
                mass += x
                gt += 1
                i += 1
            elif x < pivot:
                lt -= 1
                buf[i], buf[lt] = buf[lt], x
            else:
                i += 1
        if above + mass >= limit:  # the pivot is out: look among the larger ones
            hi = gt
        else:  # the pivot is in, with everything above it: look among the smaller ones
            least = pivot
            above += mass + pivot * (lt - gt)
            lo = lt
    return least


@numba.njit(
    [
        f"void({t}[:, :], float64, int64, float64, float64[:], int64[:])"
        for t in ("float32", "float64")  # any row layout: the logits are a view
    ],
    cache=True,
    nogil=True,
)
def draw(logits, temperature, top_k, top_p, u, ids):  # pragma: no cover - runs compiled
    """ids[row] for each row of logits: p = exp(logits / T - max), unnormalised
    (float64); top-k keeps the k largest, top-p every token at least as likely as the
    least likely token of the nucleus (as generate.next_token_probs); then the first
    token whose running sum of p passes u[row] * the total (u < 1)."""
    rows, v = logits.shape
    p, buf = np.empty(v), np.empty(v)
    for row in range(rows):
        top = -np.inf
        for j in range(v):
            p[j] = logits[row, j] / temperature
            top = max(top, p[j])
        for j in range(v):
            p[j] = exp_nonpositive(p[j] - top)
        if 0 < top_k < v:
            buf[:] = p
            buf.sort()
            kth = buf[v - top_k]
            for j in range(v):
                if p[j] < kth:
                    p[j] = 0.0
        if top_p < 1.0:
            least = nucleus_least(p, buf, top_p * p.sum())
            for j in range(v):
                if p[j] < least:
                    p[j] = 0.0
        total = 0.0
        for j in range(v):
            total += p[j]
        target, mass, count = u[row] * total, 0.0, 0
        for j in range(v):  # the same running sum as total, so it ends above target
            mass += p[j]
            count += mass < target
        ids[row] = min(count, v - 1)


@intrinsic
def load_acquire(typingctx, ary, i):
    """ary[i] of an int64 array, read with acquire ordering: read anew on every pass of a
    spin loop (a plain read could be hoisted out of it), and no later read moves before it."""
    sig = types.int64(ary, types.intp)

    def codegen(context, builder, sig, args):
        data = context.make_array(sig.args[0])(context, builder, args[0]).data
        return builder.load_atomic(builder.gep(data, [args[1]]), "acquire", 8)

    return sig, codegen


@intrinsic
def store_release(typingctx, ary, i, value):
    """ary[i] = value with release ordering: every write before it is seen first."""
    sig = types.void(ary, types.intp, types.int64)

    def codegen(context, builder, sig, args):
        data = context.make_array(sig.args[0])(context, builder, args[0]).data
        builder.store_atomic(args[2], builder.gep(data, [args[1]]), "release", 8)
        return context.get_dummy_value()

    return sig, codegen


# tanh as Eigen computes it for float32 (and so TensorFlow, and Keras on the CPU): a
# rational function of x clamped to +-7.9053, x itself below 0.0004. Plain arithmetic, so
# the compiler turns the loop into SIMD code, where a call to the C library's tanhf per
# element could not be. Within 2e-7 of the exact tanh.
_CLAMP, _TINY = np.float32(7.90531110763549805), np.float32(0.0004)
_A = [
    np.float32(x)
    for x in (
        4.89352455891786e-03,
        6.37261928875436e-04,
        1.48572235717979e-05,
        5.12229709037114e-08,
        -8.60467152213735e-11,
        2.00018790482477e-13,
        -2.76076847742355e-16,
    )
]
_A1, _A3, _A5, _A7, _A9, _A11, _A13 = _A
_B0, _B2, _B4, _B6 = (
    np.float32(x)
    for x in (
        4.89352518554385e-03,
        2.26843463243900e-03,
        1.18534705686654e-04,
        1.19825839466702e-06,
    )
)
_HALF, _ZERO = np.float32(0.5), np.float32(0.0)
_SMALLEST = np.float32(np.finfo(np.float32).tiny)  # the least normal float32


@numba.njit(cache=True, nogil=True, inline="always", error_model="numpy")
def tanh32(v):  # pragma: no cover - runs compiled
    x = min(max(v, -_CLAMP), _CLAMP)
    x2 = x * x
    p = x2 * _A13 + _A11
    p = x2 * p + _A9
    p = x2 * p + _A7
    p = x2 * p + _A5
    p = x2 * p + _A3
    p = x2 * p + _A1
    p = x * p
    q = x2 * _B6 + _B4
    q = x2 * q + _B2
    q = x2 * q + _B0
    return v if abs(v) < _TINY else p / q


@numba.njit(cache=True, nogil=True, inline="always", error_model="numpy")
def flush(v):  # pragma: no cover - runs compiled
    """0 for a subnormal float32 (below 1.2e-38), as TensorFlow flushes them on the CPU.
    A cell state that fades to that size would otherwise slow every product and step:
    the CPU computes with subnormal numbers many times slower (microcode assists)."""
    return v if abs(v) >= _SMALLEST else _ZERO


@numba.njit(cache=True, nogil=True, error_model="numpy")
def tanh_array(v, out):  # pragma: no cover - runs compiled
    """out = tanh32(v), elementwise over 1-D float32 arrays (for the tests)."""
    for i in range(v.shape[0]):
        out[i] = tanh32(v[i])


# The decoder's arrays (decoder.py builds them; n = units, L = layers, G = row groups of
# R rows, M_l = the width of layer l's fused matrix [U | W_next or W_dense]):
#   table (n_values + 1, 4n): x W + b of layer 1 per input id; the last row is x0 = 0
#   weights: every column block of every fused matrix, each an (n, width) C array, flat
#   bias: per layer, what is added to its product's right part (4n or n_values values)
#   blocks (B, 5): layer, first column, end column, offset in weights, half (0 or 1)
#   layers (L, 5): M_l, offset of its product in a group's `outs` row, offset in bias,
#                  first block, number of blocks
#   outs (G, R * sum M_l), cells (G, L, R, n), acts (G, L, R, n), gates (G, R, 4n),
#   scratch (2, R * widest block): one per thread, logits (G, R, n_values)
#   ids, ids_out (G, R) int64; u (G, R) float64: the row's uniform number for the draw
#   settings: float64 [temperature, top_p], int64 [top_k, argmax, eos id]


@numba.njit(cache=True, nogil=True)
def _product(layer, g, half, weights, blocks, layers, outs, acts, scratch, worker):
    # pragma: no cover - runs compiled
    """Group g's layer product out = a [U | W_next] over the blocks of `half` (-1: all)."""
    n, rows = acts.shape[3], acts.shape[2]
    width, off, first, count = (
        layers[layer, 0],
        layers[layer, 1],
        layers[layer, 3],
        layers[layer, 4],
    )
    out = outs[g, off : off + rows * width].reshape(rows, width)
    a = acts[g, layer]
    for b in range(first, first + count):
        if half >= 0 and blocks[b, 4] != half:
            continue
        lo, hi, at = blocks[b, 1], blocks[b, 2], blocks[b, 3]
        w = weights[at : at + n * (hi - lo)].reshape(n, hi - lo)
        tmp = scratch[worker, : rows * (hi - lo)].reshape(rows, hi - lo)
        np.dot(a, w, tmp)
        out[:, lo:hi] = tmp


@intrinsic
def sched_yield(typingctx):
    """The C library's sched_yield(): let another thread waiting for this core run.

    A thread spinning for the other one must not keep it off the CPU when the system
    has put both on one core (it does, for a few milliseconds, right after the helper
    wakes): a spin then cost a 4 ms time slice per step. Called by name, so the
    compiled code can still be cached on disk."""
    sig = types.int32()

    def codegen(context, builder, sig, args):
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.IntType(32), []), "sched_yield"
        )
        return builder.call(fn, [])

    return sig, codegen


POLITE = 1000  # spins (a few µs) after which a waiting thread yields the core at each check


@numba.njit(cache=True, nogil=True)
def _wait(control, job):  # pragma: no cover - runs compiled
    for spin in range(2_000_000):  # a second or so, then the caller waits by the clock
        if load_acquire(control, DONE) >= job:
            return True
        if spin >= POLITE:
            sched_yield()
    return False


@numba.njit(cache=True, nogil=True)
def _post(control, kind, arg, sample):  # pragma: no cover - runs compiled
    job = control[JOB] + 1  # only the calling thread writes JOB
    control[KIND] = kind
    control[ARG] = arg
    control[SAMPLE] = sample
    store_release(control, JOB, job)
    return job


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _gates(layer, g, r0, r1, table, bias, layers, outs, cells, acts, gates, ids):
    # pragma: no cover - runs compiled
    """Rows r0..r1 of group g, one layer: the gates z, then the new c and a."""
    n = acts.shape[3]
    n2, n3, n4 = 2 * n, 3 * n, 4 * n
    rows = acts.shape[2]
    width, off = layers[layer, 0], layers[layer, 1]
    out = outs[g, off : off + rows * width].reshape(rows, width)
    for r in range(r0, r1):
        z = gates[g, r]
        if layer == 0:  # z = x W + b (looked up) + a U
            i = ids[g, r]
            x = table[i if i >= 0 else table.shape[0] - 1]
            for j in range(n4):
                z[j] = tanh32(x[j] + out[r, j])  # all four gates at once
        else:  # z = (input from below + its bias) + a U
            below_w, below_off, below_b = (
                layers[layer - 1, 0],
                layers[layer - 1, 1],
                layers[layer - 1, 2],
            )
            below = outs[g, below_off + r * below_w + n4 : below_off + (r + 1) * below_w]
            for j in range(n4):
                z[j] = tanh32(below[j] + bias[below_b + j] + out[r, j])
        c, a = cells[g, layer, r], acts[g, layer, r]
        for j in range(n):  # i, f, o = sigmoid = (1 + tanh(z / 2)) / 2 (columns halved)
            cj = (z[n + j] * _HALF + _HALF) * c[j] + (z[j] * _HALF + _HALF) * z[n3 + j]
            c[j] = cj = flush(cj)
            a[j] = flush(tanh32(cj) * (z[n2 + j] * _HALF + _HALF))


@numba.njit(cache=True, nogil=True)
def _finish(g, r0, r1, sample, bias, layers, outs, logits, u, ids_out, fset, iset):
    # pragma: no cover - runs compiled
    """Rows r0..r1 of group g: the logits, then (if `sample`) the draw of the next ids."""
    top = layers.shape[0] - 1
    width, off, at = layers[top, 0], layers[top, 1], layers[top, 2]
    n4 = width - logits.shape[2]  # the top layer's product is [a U (4 n_a) | logits]
    n_values = logits.shape[2]
    for r in range(r0, r1):
        row = outs[g, off + r * width + n4 : off + (r + 1) * width]
        for j in range(n_values):
            logits[g, r, j] = row[j] + bias[at + j]
    if sample and r0 < r1:
        if iset[1]:  # argmax
            for r in range(r0, r1):
                ids_out[g, r] = np.argmax(logits[g, r])
        else:
            draw(logits[g, r0:r1], fset[0], iset[0], fset[1], u[g, r0:r1], ids_out[g, r0:r1])


@numba.njit(cache=True, nogil=True)
def _group(
    g,
    sample,
    split,
    control,
    table,
    weights,
    bias,
    blocks,
    layers,
    outs,
    cells,
    acts,
    gates,
    scratch,
    logits,
    ids,
    u,
    ids_out,
    fset,
    iset,
    worker,
):
    # pragma: no cover - runs compiled
    """One step of row group g: read ids[g], update every layer's a and c, write the
    logits, and (if `sample`) draw the next ids. With `split` (posted through
    `control`), the helper takes half of each product's column blocks, and the second
    half of the rows' gates and draws. False if the helper was late."""
    rows, n4 = acts.shape[2], 4 * acts.shape[3]
    n_layers = layers.shape[0]
    eos = iset[2]
    for layer in range(n_layers):  # a row fed <eos> starts from the zero state
        width, off = layers[layer, 0], layers[layer, 1]
        out = outs[g, off : off + rows * width].reshape(rows, width)
        for r in range(rows):
            if ids[g, r] == eos:
                out[r, :n4] = 0.0
                cells[g, layer, r, :] = 0.0
    half = (rows + 1) // 2 if split else rows  # the helper's rows are half..rows
    on_time = True
    for layer in range(n_layers):
        if half < rows:
            job = _post(control, GATES, layer, 0)
            _gates(layer, g, 0, half, table, bias, layers, outs, cells, acts, gates, ids)
            on_time = _wait(control, job) and on_time
        else:
            _gates(layer, g, 0, rows, table, bias, layers, outs, cells, acts, gates, ids)
        if split:
            job = _post(control, COLUMNS, layer, 0)
            _product(layer, g, 0, weights, blocks, layers, outs, acts, scratch, worker)
            on_time = _wait(control, job) and on_time
        else:
            _product(layer, g, -1, weights, blocks, layers, outs, acts, scratch, worker)
    if half < rows:
        job = _post(control, FINISH, 0, sample)
        _finish(g, 0, half, sample, bias, layers, outs, logits, u, ids_out, fset, iset)
        on_time = _wait(control, job) and on_time
    else:
        _finish(g, 0, rows, sample, bias, layers, outs, logits, u, ids_out, fset, iset)
    return on_time


@numba.njit(cache=True, nogil=True)
def advance(
    sample,
    helper,
    control,
    table,
    weights,
    bias,
    blocks,
    layers,
    outs,
    cells,
    acts,
    gates,
    scratch,
    logits,
    ids,
    u,
    ids_out,
    fset,
    iset,
):
    # pragma: no cover - runs compiled
    """One step of every row group (then the draw, if `sample`). With `helper` (a thread
    spinning in `serve`), two groups run one on each thread, or one group's products are
    shared by columns. False if the helper was late (the caller then waits by the clock)."""
    groups = outs.shape[0]
    on_time = True
    if helper and groups == 2:
        job = _post(control, GROUP, 1, sample)
        _group(
            0,
            sample,
            False,
            control,
            table,
            weights,
            bias,
            blocks,
            layers,
            outs,
            cells,
            acts,
            gates,
            scratch,
            logits,
            ids,
            u,
            ids_out,
            fset,
            iset,
            0,
        )
        on_time = _wait(control, job)
    else:
        for g in range(groups):
            ok = _group(
                g,
                sample,
                helper,
                control,
                table,
                weights,
                bias,
                blocks,
                layers,
                outs,
                cells,
                acts,
                gates,
                scratch,
                logits,
                ids,
                u,
                ids_out,
                fset,
                iset,
                0,
            )
            on_time = on_time and ok
    return on_time


@numba.njit(cache=True, nogil=True)
def serve(
    control,
    table,
    weights,
    bias,
    blocks,
    layers,
    outs,
    cells,
    acts,
    gates,
    scratch,
    logits,
    ids,
    u,
    ids_out,
    fset,
    iset,
):
    # pragma: no cover - runs compiled
    """The helper thread: spin until a job is posted, do it, mark it done; return once
    STATE is no longer RUN. Its scratch is the second; the blocks it takes are half 1."""
    done, idle = control[DONE], 0
    while load_acquire(control, STATE) == RUN:
        job = load_acquire(control, JOB)
        if job <= done:
            idle += 1
            if idle >= POLITE:
                sched_yield()
            continue
        idle = 0
        if job > done:
            kind, arg = control[KIND], control[ARG]
            rows = acts.shape[2]
            if kind == COLUMNS:
                _product(arg, 0, 1, weights, blocks, layers, outs, acts, scratch, 1)
            elif kind == GATES:
                _gates(
                    arg,
                    0,
                    (rows + 1) // 2,
                    rows,
                    table,
                    bias,
                    layers,
                    outs,
                    cells,
                    acts,
                    gates,
                    ids,
                )
            elif kind == FINISH:
                _finish(
                    0,
                    (rows + 1) // 2,
                    rows,
                    control[SAMPLE],
                    bias,
                    layers,
                    outs,
                    logits,
                    u,
                    ids_out,
                    fset,
                    iset,
                )
            else:
                _group(
                    arg,
                    control[SAMPLE],
                    False,
                    control,
                    table,
                    weights,
                    bias,
                    blocks,
                    layers,
                    outs,
                    cells,
                    acts,
                    gates,
                    scratch,
                    logits,
                    ids,
                    u,
                    ids_out,
                    fset,
                    iset,
                    1,
                )
            done = job
            store_release(control, DONE, done)
