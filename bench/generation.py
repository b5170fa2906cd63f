"""Generation time per token, seqgen vs the usual Keras ways: `python -m bench --only generation`.

At each shape the same weights (a seqgen model's) run in: seqgen's `generate`
(default sampling: temperature 0.8, top-p 0.95), (a) a one-step Keras model
called with `predict` per token, (b) the TensorFlow tutorial's `OneStep`
tf.function called per token, and (c) the original exercise's unrolled
inference model (Ty cells in one graph, one predict). seqgen and (b) are timed
in interleaved repeats; slow baselines get fewer tokens. All times are per token.
"""

from __future__ import annotations

import os

import numpy as np

from .common import median, timed

SHAPES = ((64, 78), (256, 100), (512, 65))  # (n_a units, n_values)
TY = 50  # the original exercise generates 50 values with its unrolled model


def _vocab(n_values: int):
    from seqgen import Vocab

    # n_values - 2 tokens plus <eos> and <unk>: the exercise's 78 values at the first shape.
    return Vocab(("<eos>", "<unk>") + tuple(f"t{i}" for i in range(n_values - 2)), "word")


def _seqgen_per_token(net, vocab, tokens: int, k: int) -> float:
    from seqgen import SampleConfig, generate

    cfg = SampleConfig(length=tokens)
    seconds, _ = timed(generate, net, vocab, [], cfg, variations=k)
    return seconds / tokens


def _greedy_agrees(net, vocab, model_c, units: int, n_values: int, ty: int) -> bool:
    """seqgen's argmax decoding from x0 = 0 gives the unrolled model's tokens."""
    from seqgen import SampleConfig, generate

    ours = vocab.encode(generate(net, vocab, [], SampleConfig(length=ty, argmax=True)).outputs[0])
    probs = model_c.predict(_zero_inputs(units, n_values), verbose=0)
    theirs = [int(np.argmax(p[0])) for p in probs]
    return ours == theirs


def _zero_inputs(units: int, n_values: int) -> list:
    return [
        np.zeros((1, 1, n_values), np.float32),
        np.zeros((1, units), np.float32),
        np.zeros((1, units), np.float32),
    ]


def measure_shape(units: int, n_values: int, quick: bool) -> dict:
    import keras

    from seqgen import ModelConfig, NumpyLSTM, build_model

    from . import keras_baselines as kb

    keras.utils.set_random_seed(0)
    model = build_model(ModelConfig(vocab_size=n_values, units=units, encoding="onehot"))
    net, vocab = NumpyLSTM.from_model(model), _vocab(n_values)
    reps = 2 if quick else 5
    n_ours = 200 if quick else 1000
    n_tutorial = 30 if quick else 150
    n_predict = 5 if quick else 30
    ty = 10 if quick else TY

    one_step = kb.tutorial_generator(units, n_values, model)
    kb.tutorial_generate(one_step, units, 3)  # trace the tf.function once
    _seqgen_per_token(net, vocab, 20, 1)  # build the fast decoder once
    ours1, ours8, tutorial = [], [], []
    for _ in range(reps):  # interleaved, so a busy moment slows both sides
        ours1.append(_seqgen_per_token(net, vocab, n_ours, 1))
        ours8.append(_seqgen_per_token(net, vocab, n_ours, 8))
        seconds, _ = timed(kb.tutorial_generate, one_step, units, n_tutorial)
        tutorial.append(seconds / n_tutorial)

    step = kb.step_model(units, n_values, model)
    rng = np.random.default_rng(0)
    kb.predict_per_step(step, n_values, units, 2, rng)  # first predict traces
    predict = median(kb.predict_per_step(step, n_values, units, n_predict, rng))
    ours1.append(_seqgen_per_token(net, vocab, n_ours, 1))  # once more, next to (a)

    build_c, model_c = timed(kb.inference_model, units, n_values, ty, model)
    first_c, _ = timed(model_c.predict, _zero_inputs(units, n_values), verbose=0)
    warm_c, _ = timed(model_c.predict, _zero_inputs(units, n_values), verbose=0)
    agrees = _greedy_agrees(net, vocab, model_c, units, n_values, ty)

    t1, t8 = median(ours1), median(ours8)
    return {
        "units": units,
        "n_values": n_values,
        "seqgen_s_per_token": t1,
        "seqgen_k8_s_per_step": t8,
        "seqgen_rounds": {"k1": ours1, "k8": ours8, "tutorial": tutorial},
        "k8_over_k1": t8 / t1,
        "predict_s_per_token": predict,
        "tutorial_s_per_token": median(tutorial),
        "unrolled_ty": ty,
        "unrolled_build_s": build_c,
        "unrolled_first_predict_s": first_c,
        "unrolled_s_per_token": warm_c / ty,  # warm predict: the kinder figure for (c)
        "unrolled_first_s_per_token": first_c / ty,
        "greedy_equals_unrolled": agrees,
        "speedup_vs_predict": predict / t1,
        "speedup_vs_tutorial": median(tutorial) / t1,
        "speedup_vs_unrolled": (warm_c / ty) / t1,
        "tokens_timed": {"seqgen": n_ours, "tutorial": n_tutorial, "predict": n_predict},
        "load_1min": os.getloadavg()[0],  # other work on the machine skews every figure
    }


def run(quick: bool = False) -> dict:
    return {"shapes": [measure_shape(u, v, quick) for u, v in SHAPES]}


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs" if seconds < 0.01 else f"{seconds * 1e3:,.1f} ms"


def rows(result: dict) -> list[dict]:
    """Table rows: one per baseline and shape, plus K = 8 variations vs one."""
    out = []
    for s in result["shapes"]:
        shape = f"{s['units']} units / {s['n_values']} values"
        ours = _us(s["seqgen_s_per_token"])
        for key, name, target in (
            ("predict", "(a) model.predict per token", 300),
            ("tutorial", "(b) tf.function step (TF tutorial)", 10),
            ("unrolled", f"(c) unrolled Ty={s['unrolled_ty']}, 1 predict", None),
        ):
            ratio = s[f"speedup_vs_{key}"]
            out.append(
                {
                    "measure": f"generate µs/token, {shape}",
                    "seqgen": ours,
                    "baseline": f"{name}: {_us(s[f'{key}_s_per_token'])}",
                    "ratio": f"{ratio:,.0f}x faster" if ratio >= 10 else f"{ratio:.1f}x faster",
                    "target": f">= {target}x" if target else "-",
                    "met": ratio >= target if target else None,
                }
            )
        out.append(
            {
                "measure": f"unrolled model build (c), {shape}",
                "seqgen": "0 s (no per-step graph)",
                "baseline": f"{s['unrolled_build_s']:.1f} s + first predict "
                f"{s['unrolled_first_predict_s']:.1f} s",
                "ratio": "-",
                "target": "-",
                "met": None,
            }
        )
        out.append(
            {
                "measure": f"8 variations vs 1, {shape}",
                "seqgen": f"{_us(s['seqgen_k8_s_per_step'])}/step",
                "baseline": f"1 variation: {ours}/step",
                "ratio": f"{s['k8_over_k1']:.2f}x the time",
                "target": "<= 2x",
                "met": s["k8_over_k1"] <= 2,
            }
        )
    return out
