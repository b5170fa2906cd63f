"""The Keras code of the current model, as a student writes it: `print(exercise_code(cfg, 48))`.

Two forms of the same network, both runnable as shown:
- `exercise_code`: the style of the original "Jazz improvisation with LSTM" exercise:
  ONE shared `LSTM_cell`, a `densor`, a `reshaper` and an explicit `for t in range(Tx)`
  loop for training, then an inference model that feeds each argmax back as the next input.
- `compact_code`: the form seqgen uses: Keras' LSTM layer runs the shared cell over all Tx
  steps itself; generation steps the layer's cell by hand, carrying (a, c).
Layer names match seqgen's (`lstm_1`, `dense`, `embedding`), so `run_code` can copy a
trained seqgen model's weights into the code's layers by name.
"""

from __future__ import annotations

from ..config import ModelConfig

TY = 50  # generated steps in the inference model shown
# The line where training happens; run_code copies trained weights in at this point.
TRAIN_MARK = "# ... train here, e.g. model.fit(...), or load trained weights ..."


def _header(cfg: ModelConfig, seq_len: int | None = None, ty: int = TY) -> list[str]:
    lines = [
        f"n_values = {cfg.vocab_size}  # size of the vocabulary (one-hot length)",
        f"n_a = {cfg.units}  # size of the hidden state a and the cell state c",
    ]
    if seq_len is not None:
        lines.append(f"Tx = {seq_len}  # time steps per training window")
        lines.append(f"Ty = {ty}  # time steps to generate")
    if cfg.resolved_encoding == "embedding":
        lines.append(f"n_e = {cfg.embedding_dim}  # embedding size: the LSTM's input length")
    return lines


def _layers(cfg: ModelConfig) -> list[str]:
    """The shared layers of the exercise: one LSTM cell per stacked layer, one densor."""
    emb = cfg.resolved_encoding == "embedding"
    n_in = "n_e" if emb else "n_values"
    lines = ["", "# The layers are created ONCE: every time step reuses the same weights."]
    if emb:
        lines.append('embedder = Embedding(n_values, n_e, name="embedding")  # id -> (m, n_e)')
    lines.append(f"reshaper = Reshape((1, {n_in}))  # (m, {n_in}) -> (m, 1, {n_in})")
    if cfg.layers == 1:
        lines.append('LSTM_cell = LSTM(n_a, return_state=True, name="lstm_1")')
    else:
        lines += [
            "reshaper_a = Reshape((1, n_a))  # a layer's a<t> is the next layer's input",
            f'LSTM_cells = [LSTM(n_a, return_state=True, name=f"lstm_{{i + 1}}") '
            f"for i in range({cfg.layers})]",
        ]
    lines.append('densor = Dense(n_values, activation="softmax", name="dense")')
    return lines


def _cell_call(cfg: ModelConfig, indent: str) -> list[str]:
    """One time step through the shared cell(s): x (m, 1, n_in) -> a (m, n_a)."""
    if cfg.layers == 1:
        return [f"{indent}a, _, c = LSTM_cell(x, initial_state=[a, c])  # a, c: (m, n_a)"]
    return [
        f"{indent}for i, cell in enumerate(LSTM_cells):",
        f"{indent}    a[i], _, c[i] = cell(x, initial_state=[a[i], c[i]])  # (m, n_a)",
        f"{indent}    x = reshaper_a(a[i])  # input of the layer above",
        f"{indent}a_top = a[-1]",
    ]


def _initial_state(cfg: ModelConfig) -> list[str]:
    lines = [
        '    a0 = Input(shape=(n_a,), name="a0")  # initial hidden state (m, n_a)',
        '    c0 = Input(shape=(n_a,), name="c0")  # initial cell state (m, n_a)',
    ]
    if cfg.layers == 1:
        return lines + ["    a, c = a0, c0"]
    return lines + [
        f"    a, c = [a0] * {cfg.layers}, [c0] * {cfg.layers}  # one (a, c) per layer",
    ]


def _train_model(cfg: ModelConfig) -> list[str]:
    emb = cfg.resolved_encoding == "embedding"
    top = "a" if cfg.layers == 1 else "a_top"
    lines = ["", "", "def djmodel(Tx):", '    """Training: many-to-many over Tx steps."""']
    if emb:
        lines.append('    X = Input(shape=(Tx,), dtype="int32")  # token ids (m, Tx)')
    else:
        lines.append("    X = Input(shape=(Tx, n_values))  # one-hot (m, Tx, n_values)")
    lines += _initial_state(cfg)
    lines += ["    outputs = []", "    for t in range(Tx):  # the SAME cell at every step"]
    if emb:
        lines.append("        x = reshaper(embedder(X[:, t]))  # (m, 1, n_e)")
    else:
        lines.append("        x = reshaper(X[:, t, :])  # (m, 1, n_values)")
    lines += _cell_call(cfg, "        ")
    if cfg.dropout > 0:
        lines.append(
            f"        # (seqgen trains with dropout {cfg.dropout}; it is off when predicting)"
        )
    if cfg.recurrent_dropout > 0:
        lines.append(
            f"        # (and drops parts of a<t-1> inside the cell with recurrent dropout "
            f"{cfg.recurrent_dropout}, one mask for the four gates)"
        )
    lines += [
        f"        out = densor({top})  # y<t>: (m, n_values), probabilities of x<t+1>",
        "        outputs.append(out)",
        "    return Model(inputs=[X, a0, c0], outputs=outputs)",
    ]
    return lines


def _inference_model(cfg: ModelConfig) -> list[str]:
    emb = cfg.resolved_encoding == "embedding"
    n_in = "n_e" if emb else "n_values"
    top = "a" if cfg.layers == 1 else "a_top"
    lines = [
        "",
        "",
        "def music_inference_model(Ty):",
        '    """Generation: one-to-many; each output is fed back as the next input."""',
        f"    x0 = Input(shape=(1, {n_in}))  # the first input: a zero vector",
    ]
    lines += _initial_state(cfg)
    lines += ["    x = x0", "    outputs = []", "    for t in range(Ty):"]
    lines += _cell_call(cfg, "        ")
    lines += [
        f"        out = densor({top})  # (m, n_values)",
        "        outputs.append(out)",
        "        # argmax: the most likely token (tf.math.argmax in the Keras 2 original)",
        "        x = ops.argmax(out, axis=-1)  # (m,)",
        "        # <eos> (id 0) ends a piece: the next starts from a zero state, as in training",
        '        fresh = ops.expand_dims(ops.cast(ops.not_equal(x, 0), "float32"), -1)',
    ]
    if cfg.layers == 1:
        lines.append("        a, c = a * fresh, c * fresh  # (m, n_a)")
    else:
        lines.append("        a, c = [v * fresh for v in a], [v * fresh for v in c]")
    if emb:
        lines.append("        x = reshaper(embedder(x))  # fed back: (m, 1, n_e)")
    else:
        lines.append("        x = RepeatVector(1)(ops.one_hot(x, n_values))  # (m, 1, n_values)")
    lines.append("    return Model(inputs=[x0, a0, c0], outputs=outputs)")
    return lines


def exercise_code(cfg: ModelConfig, seq_len: int, ty: int = TY) -> str:
    """Keras code of the model in the exercise's style: shared cell, explicit loops."""
    emb = cfg.resolved_encoding == "embedding"
    used = (
        "Dense, Embedding, Input, LSTM, Reshape"
        if emb
        else "Dense, Input, LSTM, RepeatVector, Reshape"
    )
    lines = [
        "import numpy as np",
        "from keras import Model, ops",
        f"from keras.layers import {used}",
        "",
    ]
    lines += _header(cfg, seq_len, ty) + _layers(cfg) + _train_model(cfg) + _inference_model(cfg)
    lines += [
        "",
        "",
        "model = djmodel(Tx)",
        "inference_model = music_inference_model(Ty)",
        TRAIN_MARK,
        "",
        "# Generate from x0 = a0 = c0 = 0, as in the exercise:",
        f"x0 = np.zeros((1, 1, {'n_e' if emb else 'n_values'}))",
        "a0, c0 = np.zeros((1, n_a)), np.zeros((1, n_a))",
        "probs = inference_model.predict([x0, a0, c0], verbose=0)  # Ty arrays (1, n_values)",
        "indices = np.argmax(np.stack(probs), axis=-1)[:, 0]  # (Ty,) generated token ids",
    ]
    return "\n".join(lines) + "\n"


def compact_code(cfg: ModelConfig, ty: int = TY) -> str:
    """Keras code of the same model in seqgen's compact form (ids in, logits out)."""
    emb = cfg.resolved_encoding == "embedding"
    n_in = "n_e" if emb else "n_values"
    lines = ["import numpy as np", "import keras", "from keras import layers, ops", ""]
    lines += _header(cfg) + [f"Ty = {ty}  # time steps to generate"]
    lines += [
        "",
        "# Training model: Keras' LSTM layer runs ONE shared cell over all Tx steps itself.",
        'ids = keras.Input(shape=(None,), dtype="int32")  # token ids (m, Tx)',
    ]
    if emb:
        lines.append('x = layers.Embedding(n_values, n_e, name="embedding")(ids)  # (m, Tx, n_e)')
    else:
        lines.append("x = ops.one_hot(ids, n_values)  # (m, Tx, n_values)")
    lines.append(f"for i in range({cfg.layers}):")
    if cfg.recurrent_dropout > 0:
        lines.append(
            f"    x = layers.LSTM(n_a, return_sequences=True, recurrent_dropout="
            f'{cfg.recurrent_dropout}, name=f"lstm_{{i + 1}}")(x)  # (m, Tx, n_a)'
        )
        lines.append(
            "    # (Keras draws a mask per gate, slower to train; seqgen ties them: "
            "seqgen/model.py TiedDropoutLSTMCell)"
        )
    else:
        lines.append(
            '    x = layers.LSTM(n_a, return_sequences=True, name=f"lstm_{i + 1}")(x)'
            "  # (m, Tx, n_a)"
        )
    if cfg.dropout > 0:
        lines.append(f'    x = layers.Dropout({cfg.dropout}, name=f"dropout_{{i + 1}}")(x)')
    lines += [
        'logits = layers.Dense(n_values, name="dense")(x)  # logits (m, Tx, n_values)',
        "model = keras.Model(ids, logits)",
        TRAIN_MARK,
        "",
        "# Generation: step the SAME cells by hand, carrying (a, c); feed the argmax back.",
        f'cells = [model.get_layer(f"lstm_{{i + 1}}").cell for i in range({cfg.layers})]',
        'dense = model.get_layer("dense")',
    ]
    if emb:
        lines.append('embedding = model.get_layer("embedding")')
    lines += [
        f'x = np.zeros((1, {n_in}), dtype="float32")  # x0: the zero vector',
        'states = [[np.zeros((1, n_a), "float32")] * 2 for _ in cells]  # [a, c] per layer',
        "indices = []",
        "for t in range(Ty):",
        "    for i, cell in enumerate(cells):",
        "        x, states[i] = cell(x, states[i])  # x = a<t>: (1, n_a)",
        "    probs = ops.softmax(dense(x))  # (1, n_values)",
        "    index = int(ops.argmax(probs[0]))  # or sample: np.random.choice(n_values, p=...)",
        "    indices.append(index)",
        "    if index == 0:  # <eos>: the next piece starts from a fresh state, as in training",
        '        states = [[np.zeros((1, n_a), "float32")] * 2 for _ in cells]',
    ]
    if emb:
        lines.append("    x = embedding(np.array([index]))  # fed back: (1, n_e)")
    else:
        lines.append("    x = ops.one_hot(np.array([index]), n_values)  # fed back: (1, n_values)")
    return "\n".join(lines) + "\n"


def run_code(code: str, model) -> dict:
    """Execute generated code, copy `model`'s weights into its layers by name; its namespace.

    The code is our own text (never a user's). Weights are copied after the code has
    built its layers; the compact form's generation loop is then run again by the caller
    if needed, so this returns the namespace with `model` and (exercise) `inference_model`.
    """
    build, _, use = code.partition(TRAIN_MARK)
    namespace: dict = {}
    exec(compile(build, "<seqgen code>", "exec"), namespace)  # our own generated code
    copy_weights(model, _code_layers(namespace))
    exec(compile(use, "<seqgen code>", "exec"), namespace)
    return namespace


def _code_layers(namespace: dict) -> list:
    layers = [namespace[k] for k in ("embedder", "LSTM_cell", "densor") if k in namespace]
    layers += namespace.get("LSTM_cells", [])
    if "model" in namespace and not layers:
        layers = [layer for layer in namespace["model"].layers if layer.weights]
    return layers


def copy_weights(source, targets) -> None:
    """Copy the weights of `source`'s layers into same-named `targets` (seqgen's names)."""
    for layer in targets:
        layer.set_weights(source.get_layer(layer.name).get_weights())
