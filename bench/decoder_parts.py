"""Where a generated token's time goes: `python -m bench.decoder_parts`.

A diagnostic for seqgen/decoder.py (not a ratio of the benchmark table): at each
shape of the generation section and for 1 and 8 variations, the median time of
- one decoder step alone (one core) and with the helper thread (two cores),
- the sampling step (seqgen/kernels.py, default sampling) on that step's logits,
- the fused product alone, in the decoder's blocks and in blocks of 128, 192 and 384
  rows (the block sizes compared in docs/BENCH.md).
Each figure is the median of 5 repeats of 2000 calls.
"""

from __future__ import annotations

import time

import numpy as np

from .common import median
from .generation import SHAPES

REPEATS, CALLS = 5, 2000


def per_call_us(fn) -> float:
    fn()
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(CALLS):
            fn()
        runs.append((time.perf_counter() - start) / CALLS * 1e6)
    return median(runs)


def product_us(kernels, fused, a, out, ranges) -> float:
    from seqgen.decoder import block_array

    blocks = block_array(ranges)
    return per_call_us(lambda: kernels.products(fused, a, out, blocks))


def measure(units: int, n_values: int, k: int) -> dict:
    import keras

    from seqgen import ModelConfig, NumpyLSTM, SampleConfig, build_model
    from seqgen.decoder import Decoder, Helper, sampler, single_thread_blas

    keras.utils.set_random_seed(0)
    model = build_model(ModelConfig(vocab_size=n_values, units=units, encoding="onehot"))
    dec = Decoder(NumpyLSTM.from_model(model))
    state = dec.start(k)
    outs = state[0]
    ids = np.zeros(k, dtype=np.int64)
    draw, rng = sampler(SampleConfig()), np.random.default_rng(0)
    fused, out = dec.fused[0], outs[0]
    a = np.random.default_rng(1).normal(size=(units, k)).astype(np.float32)
    both = [tuple(b) for b in dec.blocks(k)[0][2]]
    row = {"units": units, "n_values": n_values, "k": k}
    with single_thread_blas():
        row["step_alone_us"] = per_call_us(lambda: dec.step(ids, *state))
        with Helper.maybe(True, dec.helper_jobs(state)) as helper:
            row["step_helper_us"] = per_call_us(lambda: dec.step(ids, *state, helper))
        logits = dec.step(ids, *state).copy()
        row["sample_us"] = per_call_us(lambda: draw(logits, rng))
        row["product_blocks_us"] = product_us(dec.kernels, fused, a, out, both)
        for rows in (128, 192, 384):
            cuts = [*range(0, fused.shape[0], rows), fused.shape[0]]
            row[f"product_{rows}_rows_us"] = product_us(
                dec.kernels, fused, a, out, list(zip(cuts, cuts[1:]))
            )
    return row


def main() -> None:
    keys = None
    for units, n_values in SHAPES:
        for k in (1, 8):
            row = measure(units, n_values, k)
            if keys is None:
                keys = list(row)
                print(" | ".join(keys))
            cells = (f"{row[x]:.1f}" if isinstance(row[x], float) else str(row[x]) for x in keys)
            print(" | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
