"""The two loops of generation that numpy does badly, compiled by numba.

- `draw(logits, temperature, top_k, top_p, u, ids)`: the sampling step. One call replaces
  the twenty numpy calls of the softmax, top-k, top-p and the draw; at these sizes
  each numpy call costs more than its arithmetic. `generate.next_token_probs` and
  `generate.pick` are the readable reference; tests check that both draw the same ids.
- `lookup_add(table, ids, rec, x)`: x = (x W + b looked up per token) + a U, with the
  rows as columns (decoder.py's layout); numpy's gather along that axis is slow.
- `products`, `share` and `serve`: the decoder's matrix products, in column blocks, and
  their handoff between two threads. The helper thread waits for work by spinning on a
  flag (`serve`, which never holds the GIL) instead of sleeping on a lock: waking a
  sleeping thread costs about 15 µs here, as much as a whole product at 256 units. Both
  threads compute every block with the same `np.dot` (the BLAS that numba calls through
  SciPy), so the results never depend on which thread computed a block.

Imported by decoder.py at the first generation (so `import seqgen` stays instant);
the compiled code is cached on disk (NUMBA_CACHE_DIR).
"""

from __future__ import annotations

import numba
import numpy as np
from numba.core import types
from numba.extending import intrinsic

# The slots of the int64 control array shared by the decoder's two threads. JOB and DONE
# lie 64 bytes apart, so the threads' writes never share a cache line.
JOB, LAYER, STATE, DONE = 0, 1, 2, 8  # job number posted; its layer; RUN/PARK/EXIT; job done
RUN, PARK, EXIT = 0, 1, 2
CONTROL_SLOTS = 16


@numba.njit(cache=True, nogil=True)
def nucleus_least(p, buf, limit):  # pragma: no cover - runs compiled
    """The smallest probability in the top-p nucleus: the least y whose mass ranked
    above it (the sum of the p > y) is below `limit`. Found by selection, not by a
    sort: partition around a pivot; if the mass above the pivot already reaches the
    limit, the answer lies above it, else the pivot is in and the answer is at or
    below it. Expected time linear in the vocabulary."""
    n = 0
    for x in p:
        if x > 0.0:
            buf[n] = x
            n += 1
    lo, hi, above, least = 0, n, 0.0, np.inf
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
            p[j] = np.exp(p[j] - top)
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


@numba.njit(
    "void(float32[:, ::1], int64[:], float32[:, :], float32[:, ::1])", cache=True, nogil=True
)
def lookup_add(table, ids, rec, x):  # pragma: no cover - runs compiled
    """x[:, k] = table[ids[k]] + rec[:, k]; an id < 0 (ZERO_INPUT) is the last row."""
    for k in range(ids.shape[0]):
        row = table[ids[k] if ids[k] >= 0 else table.shape[0] - 1]
        for j in range(row.shape[0]):
            x[j, k] = row[j] + rec[j, k]


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


MATRIX = "float32[:, ::1]"
BLOCKS = "int64[:, ::1]"


@numba.njit(f"void({MATRIX}, {MATRIX}, {MATRIX}, {BLOCKS})", cache=True, nogil=True)
def products(w, a, out, blocks):  # pragma: no cover - runs compiled
    """out[lo:hi] = w[lo:hi] @ a for each row (lo, hi) of blocks."""
    for b in range(blocks.shape[0]):
        lo, hi = blocks[b, 0], blocks[b, 1]
        np.dot(w[lo:hi], a, out[lo:hi])


@numba.njit(
    f"boolean(int64[::1], int64, {MATRIX}, {MATRIX}, {MATRIX}, {BLOCKS}, int64)",
    cache=True,
    nogil=True,
)
def share(control, layer, w, a, out, mine, spins):  # pragma: no cover - runs compiled
    """Post `layer`'s product to the helper (spinning in `serve`), compute the blocks
    `mine` meanwhile, then wait for the helper's. False if it has not finished after
    `spins` checks (the caller then waits for it by the clock)."""
    job = control[JOB] + 1  # only this thread writes JOB
    control[LAYER] = layer
    store_release(control, JOB, job)
    products(w, a, out, mine)
    for _ in range(spins):
        if load_acquire(control, DONE) >= job:
            return True
    return False


def _serve(control, ws, acts, outs, theirs):  # pragma: no cover - runs compiled
    """The helper thread's loop: wait for a job by spinning, compute its blocks `theirs`
    of the layer's product, mark it done; return when STATE is no longer RUN."""
    done = control[DONE]
    while load_acquire(control, STATE) == RUN:
        job = load_acquire(control, JOB)
        if job > done:
            layer = control[LAYER]
            products(ws[layer], acts[layer], outs[layer], theirs[layer])
            done = job
            store_release(control, DONE, done)


serve = numba.njit(
    [
        f"void(int64[::1], UniTuple({MATRIX}, {n}), UniTuple({MATRIX}, {n}), "
        f"UniTuple({MATRIX}, {n}), UniTuple({BLOCKS}, {n}))"
        for n in (1, 2, 3)  # layers
    ],
    cache=True,
    nogil=True,
)(_serve)
