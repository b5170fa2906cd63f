"""Where a generated token's time goes: `python -m bench.decoder_parts`.

A diagnostic for seqgen/decoder.py (not a ratio of the benchmark table): at each
shape of the generation section and for 1 and 8 variations, the decoder's plan
(row groups, rows per group, products shared by columns) and the median time of
- one step (seqgen/kernels.py `advance`: gates, products, logits) alone on one core,
- the same with the draw of the next ids (default sampling),
- the same with the helper thread (two cores), as `generate` runs it,
- one row group's product of the first layer alone, in the decoder's column blocks.
Each step feeds back the ids it drew, so the state evolves as in generation.
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


def measure(units: int, n_values: int, k: int) -> dict:
    import keras

    from seqgen import ModelConfig, NumpyLSTM, SampleConfig, build_model
    from seqgen.decoder import Decoder, Helper, single_thread_blas

    keras.utils.set_random_seed(0)
    model = build_model(ModelConfig(vocab_size=n_values, units=units, encoding="onehot"))
    dec = Decoder(NumpyLSTM.from_model(model))
    state = dec.start(k, SampleConfig())
    rng = np.random.default_rng(0)
    groups, rows, split = dec.plan(k)
    row = {"units": units, "n_values": n_values, "k": k, "groups": groups, "rows": rows}
    row["split"] = split
    row["blocks"] = len(state.arrays[3])

    def step(helper=None, sample=True):
        state.u[:] = rng.random(k)
        dec.step(state.drawn, state, helper, sample)

    with single_thread_blas():
        row["step_us"] = per_call_us(lambda: step(sample=False))
        row["step_draw_us"] = per_call_us(step)
        with Helper.maybe(True, state) as helper:
            row["step_draw_helper_us"] = per_call_us(lambda: step(helper))
        weights, blocks, layers, outs, acts, scratch = (state.arrays[i] for i in (1, 3, 4, 5, 7, 9))
        row["product_us"] = per_call_us(
            lambda: dec.kernels._product(0, 0, -1, weights, blocks, layers, outs, acts, scratch, 0)
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
