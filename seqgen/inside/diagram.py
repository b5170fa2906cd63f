"""Graphviz pictures of the network: `st.graphviz_chart(network_dot(cfg, data, 64, params))`.

Three figures, labelled with the real shapes and parameter counts of the model in memory:
- the training unroll (many-to-many): x<1>..x<Tx> into the SAME LSTM cell, a<t>, c<t>
  passed along, y<t> out of the Dense softmax;
- the generation loop (one-to-many): x0, a0, c0 in, each sampled y<t> fed back as x<t+1>;
- teacher forcing (training reads the true token) versus free running (generation reads
  its own guess), side by side.
Node fills are mid-tone colours with dark text, readable on light and dark pages; lines
and free text take the theme's foreground colour (`dark=True` for a dark page).
"""

from __future__ import annotations

from ..config import DataConfig, ModelConfig
from ..i18n import t

SHOWN = 3  # time steps drawn before the "..." and the last step
FILL = {"x": "#9ecae1", "cell": "#fdae6b", "y": "#a1d99b", "state": "#d9d9d9", "bad": "#fc9272"}
FEEDBACK = "#e6550d"  # the fed-back arrows: orange reads on light and dark pages
INK = "#1a1a1a"  # text inside filled nodes: dark on every fill


def _q(text: str) -> str:
    """A DOT double-quoted string (newlines as \\n)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _n(value: int) -> str:
    return f"{value:,}"


def _head(name: str, title: str, dark: bool) -> list[str]:
    fg = "#e6e6e6" if dark else "#262626"
    return [
        f"digraph {name} {{",
        f'  rankdir=BT; bgcolor="transparent"; labelloc=t; fontcolor="{fg}"; fontsize=15;',
        f"  label={_q(title)}; nodesep=0.35; ranksep=0.45;",
        f'  node [shape=box, style="filled,rounded", fontname="Helvetica", fontsize=11, '
        f'fontcolor="{INK}", color="{fg}", penwidth=1.2];',
        f'  edge [color="{fg}", fontcolor="{fg}", fontname="Helvetica", fontsize=10];',
    ]


def _node(name: str, label: str, kind: str, extra: str = "") -> str:
    return f'  {name} [label={_q(label)}, fillcolor="{FILL[kind]}"{extra}];'


def _steps(tx: int) -> list[int | None]:
    """Time steps drawn: 1..SHOWN, None for "...", then Tx (all of them if Tx is small)."""
    if tx <= SHOWN + 1:
        return list(range(1, tx + 1))
    return list(range(1, SHOWN + 1)) + [None, tx]


def _shapes(cfg: ModelConfig, data: DataConfig, batch_size: int | None, lang: str) -> dict:
    m = "m" if batch_size is None else f"m={batch_size}"
    emb = cfg.resolved_encoding == "embedding"
    return {
        "m": m,
        "tx": data.seq_len,
        "n_values": cfg.vocab_size,
        "n_a": cfg.units,
        "emb": cfg.resolved_encoding == "embedding",
        "n_e": cfg.embedding_dim,
        "x0": f"({m}, n_e={cfg.embedding_dim})" if emb else f"({m}, n_values={cfg.vocab_size})",
        "x_step": (
            t("dot_x_embed", lang, m=m, n_e=cfg.embedding_dim)
            if cfg.resolved_encoding == "embedding"
            else f"({m}, n_values={cfg.vocab_size})"
        ),
    }


def _params(params: dict, cfg: ModelConfig) -> dict:
    lstm = sum(v for k, v in params.items() if k.startswith("lstm"))
    return {"lstm": lstm, "dense": params.get("dense", 0), "emb": params.get("embedding", 0)}


def _cell_label(cfg: ModelConfig, p: dict, lang: str) -> str:
    layers = "" if cfg.layers == 1 else t("dot_layers", lang, layers=cfg.layers) + "\n"
    return t("dot_cell", lang, layers=layers, n_a=cfg.units, params=_n(p["lstm"]))


def _cells(steps: list, label: str, last: str) -> list[str]:
    """One box per drawn step, all the same colour and label: it is one cell, reused."""
    lines = []
    for s in steps:
        if s is None:
            lines.append(f"  cdots [label={_q('• • •')}, shape=plaintext, style=solid];")
        else:
            lines.append(_node(f"cell{s}", label, "cell", ", peripheries=2"))
    names = ["cdots" if s is None else f"cell{s}" for s in steps]
    lines.append("  { rank=same; a0; " + "; ".join(names) + "; }")
    for left, right, s in zip(names, names[1:], steps[1:]):
        before = f"{last}-1" if s is not None and s > SHOWN + 1 else (s - 1 if s else SHOWN)
        label = "" if right == "cdots" or s is None else f"a<{before}>, c<{before}>"
        lines.append(f"  {left} -> {right} [label={_q(label)}, penwidth=1.6];")
    lines.append(f"  a0 -> {names[0]} [penwidth=1.6];")
    return lines


def network_dot(
    model_cfg: ModelConfig,
    data_cfg: DataConfig,
    batch_size: int | None,
    params: dict,
    mode: str = "train",
    dark: bool = False,
    lang: str = "en",
) -> str:
    """DOT of the training unroll (mode="train") or the generation loop ("generate")."""
    if mode not in ("train", "generate"):
        raise ValueError(f"mode must be 'train' or 'generate'; mode is {mode!r}.")
    sh, p = _shapes(model_cfg, data_cfg, batch_size, lang), _params(params, model_cfg)
    train = mode == "train"
    steps = _steps(sh["tx"] if train else max(sh["tx"], SHOWN + 2))
    title = t("dot_train_title" if train else "dot_generate_title", lang, **sh)
    lines = _head(mode, title, dark)
    state = f"a<0>, c<0>\n({sh['m']}, n_a={sh['n_a']})\n" + t("dot_zeros", lang)
    lines.append(_node("a0", state, "state"))
    lines += _cells(steps, _cell_label(model_cfg, p, lang), "Tx" if train else "Ty")
    dense = t("dot_dense", lang, params=_n(p["dense"]))
    for s in steps:
        if s is None:
            continue
        ts = s if s <= SHOWN or s < steps[-1] else ("Tx" if train else "Ty")
        y = f"ŷ<{ts}>\n({sh['m']}, n_values={sh['n_values']})"
        lines.append(_node(f"y{s}", y if train else y + "\n" + t("dot_sample", lang), "y"))
        lines.append(f"  cell{s} -> y{s} [label={_q(dense)}];")
        if train or s == 1:
            x = (
                f"x<{ts}>\n{sh['x_step']}"
                if train
                else "x<1> = x0\n" + t("dot_x0", lang, shape=sh["x0"])
            )
            lines.append(_node(f"x{s}", x, "x"))
            lines.append(f"  x{s} -> cell{s};")
        elif s <= SHOWN:  # the feedback arrow: the output becomes the next input
            label = f"x<{s}> = ŷ<{s - 1}>\n{t('dot_feedback', lang)}"
            lines.append(
                f"  y{s - 1} -> cell{s} [style=dashed, constraint=false, penwidth=1.8, "
                f'color="{FEEDBACK}", fontcolor="{FEEDBACK}", label={_q(label)}];'
            )
            if s == SHOWN and None in steps:  # and on through the steps not drawn
                lines.append(
                    f'  y{s} -> cdots [style=dashed, constraint=false, color="{FEEDBACK}"];'
                )
    lines.append(_note(model_cfg, sh, p, train, dark, lang))
    return "\n".join(lines + ["}"])


def _note(cfg: ModelConfig, sh: dict, p: dict, train: bool, dark: bool, lang: str) -> str:
    """The caption under the figure: shapes of X and the states, and the parameter counts."""
    x_shape = (
        t("dot_X_embed", lang, **sh, params=_n(p["emb"]))
        if sh["emb"]
        else f"X: ({sh['m']}, Tx={sh['tx']}, n_values={sh['n_values']})"
    )
    parts = [
        x_shape if train else t("dot_generate_note", lang),
        "a, c: " + f"({sh['m']}, n_a={sh['n_a']})",
    ]
    parts.append(t("dot_shared_note", lang, params=_n(p["lstm"]), tx=sh["tx"] if train else "Ty"))
    parts.append(t("dot_total", lang, params=_n(p["lstm"] + p["dense"] + p["emb"])))
    fg = "#e6e6e6" if dark else "#262626"
    return (
        f'  note [shape=plaintext, style=solid, fontcolor="{fg}", label={_q(chr(10).join(parts))}];'
    )


def forcing_dot(
    truth: list[str], forced: list[str], free: list[str], dark: bool = False, lang: str = "en"
) -> str:
    """Teacher forcing vs free running on the same start, side by side.

    `truth`: corpus tokens x<1>..x<n+1>; `forced`: the model's argmax at each step when
    it reads the true tokens (training); `free`: its argmax when it reads its own
    previous output (generation), from the same first token."""
    n = min(len(truth) - 1, len(forced), len(free))
    lines = _head("forcing", t("dot_forcing_title", lang), dark)
    lines[1] = lines[1].replace("rankdir=BT", "rankdir=LR")
    for key, outputs in (("fr", free), ("tf", forced)):
        lines.append(f"  subgraph cluster_{key} {{")
        lines.append(f"    label={_q(t('dot_' + key, lang))}; style=dashed;")
        for i in range(n):
            # Training reads the corpus; generation reads its own previous output.
            x = truth[i] if key == "tf" or i == 0 else outputs[i - 1]
            ok = outputs[i] == truth[i + 1]
            source = t("dot_from_corpus" if key == "tf" or i == 0 else "dot_from_model", lang)
            lines.append(_node(f"{key}x{i}", f"x<{i + 1}>: {_show(x)}\n{source}", "x"))
            mark = "✓" if ok else "✗"
            label = f"ŷ<{i + 1}>: {_show(outputs[i])} {mark}"
            lines.append(_node(f"{key}y{i}", label, "y" if ok else "bad"))
            lines.append(f"    {key}x{i} -> {key}y{i};")
            if i + 1 < n:
                style = f'style=dashed, color="{FEEDBACK}"' if key == "fr" else "style=invis"
                lines.append(f"    {key}y{i} -> {key}x{i + 1} [{style}];")
        lines.append("  }")
    return "\n".join(lines + ["}"])


def _show(token: str) -> str:
    """A token made visible in a label (space and newline would vanish)."""
    return {" ": "␣", "\n": "↵", "\t": "⇥"}.get(token, token)
