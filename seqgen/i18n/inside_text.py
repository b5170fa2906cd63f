# ruff: noqa: E501  (translations read better unbroken; Chinese has no spaces to break at)
"""Strings of the "Inside the network" tab and its diagrams: `TEXT[key] = {"en": ..., "zh": ...}`.

Read with seqgen.i18n.t. Keys start with `dot_` (diagram labels) or `in_` (the tab),
so they never collide with app_text.py's.
"""

TEXT = {
    # diagram labels
    "dot_train_title": {
        "en": "Training: many-to-many, the SAME cell unrolled over Tx = {tx} steps",
        "zh": "训练：多对多，同一个单元沿时间展开 Tx = {tx} 步",
    },
    "dot_generate_title": {
        "en": "Generation: one-to-many, each output is fed back as the next input",
        "zh": "生成：一对多，每一步的输出作为下一步的输入",
    },
    "dot_cell": {
        "en": "LSTM cell (shared)\n{layers}n_a = {n_a}\n{params} parameters",
        "zh": "LSTM 单元（共享）\n{layers}n_a = {n_a}\n{params} 个参数",
    },
    "dot_layers": {"en": "{layers} stacked layers", "zh": "{layers} 层堆叠"},
    "dot_zeros": {"en": "zeros", "zh": "全零"},
    "dot_dense": {
        "en": "Dense softmax\n{params} parameters",
        "zh": "Dense softmax\n{params} 个参数",
    },
    "dot_sample": {"en": "sample a token", "zh": "采样一个记号"},
    "dot_x0": {
        "en": "zero vector or seed\n{shape}",
        "zh": "零向量或种子\n{shape}",
    },
    "dot_x_embed": {
        "en": "ids ({m},) → embedding ({m}, n_e={n_e})",
        "zh": "编号 ({m},) → 嵌入 ({m}, n_e={n_e})",
    },
    "dot_X_embed": {
        "en": "X: ({m}, Tx={tx}) token ids → embedding ({m}, Tx={tx}, n_e={n_e}), {params} parameters",
        "zh": "X：({m}, Tx={tx}) 记号编号 → 嵌入 ({m}, Tx={tx}, n_e={n_e})，{params} 个参数",
    },
    "dot_feedback": {"en": "fed back", "zh": "回送为输入"},
    "dot_generate_note": {
        "en": "Ty: as many steps as you ask for; the window is never re-run",
        "zh": "Ty：想生成多少步就走多少步；不会重新运行整个窗口",
    },
    "dot_shared_note": {
        "en": "ONE LSTM cell ({params} parameters) drawn once per step: the same weights at all {tx} steps",
        "zh": "只有一个 LSTM 单元（{params} 个参数），每一步画一次：{tx} 步用的是同一组权重",
    },
    "dot_total": {"en": "Total: {params} parameters", "zh": "合计：{params} 个参数"},
    "dot_forcing_title": {
        "en": "Teacher forcing (training) vs free running (generation)",
        "zh": "教师强制（训练）与自由运行（生成）",
    },
    "dot_tf": {
        "en": "Training: each step reads the TRUE next token from the corpus",
        "zh": "训练：每一步读入语料中真实的下一个记号",
    },
    "dot_fr": {
        "en": "Generation: each step reads the model's OWN previous output",
        "zh": "生成：每一步读入模型自己上一步的输出",
    },
    "dot_from_corpus": {"en": "from the corpus", "zh": "来自语料"},
    "dot_from_model": {"en": "its own output", "zh": "模型自己的输出"},
}
