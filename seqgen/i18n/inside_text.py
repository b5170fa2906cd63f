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
    # the tab
    "in_title": {"en": "Inside the network", "zh": "网络内部"},
    "in_intro": {
        "en": "Three things to see: the network drawn with the real shapes of your model, the decoding loop one step at a time, and the Keras code that builds the same network.",
        "zh": "这里可以看三样东西：按你的模型真实形状画出的网络、一步一步运行的解码循环，以及搭建同一个网络的 Keras 代码。",
    },
    "in_no_model": {
        "en": "Train a model (step 2) or load a saved one (step 3) first; then come back here.",
        "zh": "请先训练一个模型（第 2 步）或载入已保存的模型（第 3 步），再回到这里。",
    },
    "in_tab_diagram": {"en": "The network", "zh": "网络结构"},
    "in_tab_step": {"en": "Step by step", "zh": "逐步生成"},
    "in_tab_code": {"en": "The code", "zh": "代码"},
    "in_view": {"en": "Show", "zh": "显示"},
    "in_view_train": {"en": "Training (many-to-many)", "zh": "训练（多对多）"},
    "in_view_generate": {"en": "Generation (one-to-many)", "zh": "生成（一对多）"},
    "in_view_forcing": {
        "en": "Teacher forcing vs free running",
        "zh": "教师强制与自由运行",
    },
    "in_explain_train": {
        "en": "**One** LSTM cell is reused at every time step: the orange boxes are the same weights drawn once per step, not Tx different cells. At step t it reads x<t> and the state (a<t-1>, c<t-1>) left by the step before, and the Dense softmax turns a<t> into ŷ<t>, the probabilities of the next token. The target at step t is the input at step t+1.",
        "zh": "每个时间步用的都是**同一个** LSTM 单元：橙色方框是同一组权重在每一步各画一次，而不是 Tx 个不同的单元。第 t 步读入 x<t> 和上一步留下的状态 (a<t-1>, c<t-1>)，Dense softmax 把 a<t> 变成 ŷ<t>，即下一个记号的概率。第 t 步的目标就是第 t+1 步的输入。",
    },
    "in_explain_generate": {
        "en": "Generation runs the same trained cell one step at a time. It starts from x0 (a zero vector, as in the original exercise, or the last seed token) with a0 = c0 = 0; each step samples a token from ŷ<t> and feeds it back as the next input x<t+1>, carrying (a, c) along. The window is never re-run.",
        "zh": "生成时，同一个训练好的单元一次只走一步。它从 x0（原练习中的零向量，或种子的最后一个记号）和 a0 = c0 = 0 出发；每一步从 ŷ<t> 中采样一个记号，把它作为下一步的输入 x<t+1> 送回去，同时把 (a, c) 传下去。不会重新运行整个窗口。",
    },
    "in_explain_forcing": {
        "en": "In training the model always reads the true next token (teacher forcing), so one wrong guess costs one step of loss and nothing more. When it generates it reads its own guesses (free running): one wrong token changes every step after it. The guesses shown are this model's argmax on the opening of your corpus.",
        "zh": "训练时模型总是读入真实的下一个记号（教师强制），所以猜错一次只在那一步产生损失。生成时它读入的是自己的猜测（自由运行）：一个记号错了，后面每一步都会跟着改变。图中的猜测是本模型在你语料开头上的 argmax 结果。",
    },
    "in_code_intro": {
        "en": "The same network twice, with this model's settings. Left: in the style of the original exercise, one shared `LSTM_cell` called in an explicit `for t in range(Tx)` loop, and an inference model that feeds each argmax back as the next input. Right: the compact form seqgen uses, where Keras' LSTM layer runs the loop itself.",
        "zh": "同一个网络的两种写法，用的是本模型的设置。左边是原练习的风格：一个共享的 `LSTM_cell` 在显式的 `for t in range(Tx)` 循环中被调用，推理模型把每一步的 argmax 送回作为下一步的输入。右边是 seqgen 使用的简洁写法：循环由 Keras 的 LSTM 层自己完成。",
    },
    "in_code_exercise": {"en": "Exercise style: explicit loop", "zh": "练习风格：显式循环"},
    "in_code_compact": {"en": "Compact: what seqgen runs", "zh": "简洁写法：seqgen 实际运行的"},
    "in_download_code": {"en": "Download .py", "zh": "下载 .py 文件"},
    "in_code_tested": {
        "en": "Both programs run as shown: seqgen's tests execute them with a model's weights copied in and check they give the same probabilities (to 1e-5) and the same greedy sequence as seqgen.",
        "zh": "两段程序都可以原样运行：seqgen 的测试会把模型权重复制进去执行它们，并检查它们给出的概率（误差在 1e-5 以内）和贪心生成的序列都与 seqgen 相同。",
    },
    "in_step_intro": {
        "en": "Press **Next step** to run the decoding loop once: the input goes through the LSTM cell, the softmax gives a probability to every token, one is drawn and becomes the next input.",
        "zh": "按下**下一步**，解码循环就运行一次：输入经过 LSTM 单元，softmax 给每个记号一个概率，抽出一个记号，它就成为下一步的输入。",
    },
    "in_seed": {"en": "Seed", "zh": "种子"},
    "in_seed_help": {
        "en": "The text the model reads first. Leave it empty to start from the zero vector x0, as in the original exercise.",
        "zh": "模型最先读入的文字。留空则像原练习那样从零向量 x0 开始。",
    },
    "in_seed_help_music": {
        "en": "Note tokens separated by spaces, e.g. N67_1 N69_1/2. Leave it empty to start from the zero vector x0, as in the original exercise.",
        "zh": "用空格分隔的音符记号，例如 N67_1 N69_1/2。留空则像原练习那样从零向量 x0 开始。",
    },
    "in_length": {"en": "Steps", "zh": "步数"},
    "in_argmax": {"en": "Argmax", "zh": "最大概率（argmax）"},
    "in_argmax_help": {
        "en": "Always take the most likely token, as in the original exercise. Off: draw a token at random from the distribution.",
        "zh": "总是选概率最大的记号，和原练习一样。关闭时按概率分布随机抽取。",
    },
    "in_temperature": {"en": "Temperature", "zh": "温度"},
    "in_temperature_help": {
        "en": "The logits are divided by the temperature before the softmax: below 1 the likely tokens get likelier, above 1 the distribution flattens. Moving it reshapes the bars at once and is used from the next step on.",
        "zh": "在 softmax 之前把 logits 除以温度：小于 1 时大概率的记号更突出，大于 1 时分布更平坦。拖动它会立刻改变柱形，并从下一步开始生效。",
    },
    "in_next": {"en": "Next step", "zh": "下一步"},
    "in_run": {"en": "Run to end", "zh": "运行到结束"},
    "in_restart": {"en": "Start again", "zh": "重新开始"},
    "in_press_next": {
        "en": "Nothing generated yet: press Next step.",
        "zh": "还没有生成任何记号：请按“下一步”。",
    },
    "in_dropped": {
        "en": "Left out of the seed (not in the corpus): {tokens}",
        "zh": "种子中这些记号不在语料里，已略去：{tokens}",
    },
    "in_step": {"en": "Step", "zh": "步"},
    "in_input": {"en": "Input x<t>", "zh": "输入 x<t>"},
    "in_chosen": {"en": "Chosen", "zh": "选中"},
    "in_p_chosen": {"en": "p(chosen)", "zh": "选中的概率"},
    "in_probs": {"en": "Top {k} next tokens", "zh": "最可能的 {k} 个下一个记号"},
    "in_prob_axis": {"en": "probability", "zh": "概率"},
    "in_prob_now": {"en": "at this temperature", "zh": "当前温度下"},
    "in_prob_raw": {"en": "at temperature 1", "zh": "温度为 1 时"},
    "in_probs_caption": {
        "en": "Bars: probability at temperature {temperature} (orange: the token drawn, green: the argmax). Grey ticks: the softmax at temperature 1.",
        "zh": "柱形：温度 {temperature} 下的概率（橙色为抽中的记号，绿色为 argmax）。灰色短线：温度为 1 时的 softmax。",
    },
    "in_states": {"en": "Hidden state, cell state", "zh": "隐藏状态与细胞状态"},
    "in_states_caption": {
        "en": "One cell per unit (n_a = {n_a}), blue negative, red positive. a<t> is what the Dense layer reads; c<t> is the cell's memory; the candidate c̃<t> is what this step could write into it.",
        "zh": "每个格子是一个单元（n_a = {n_a}），蓝色为负，红色为正。a<t> 是 Dense 层读取的内容；c<t> 是单元的记忆；候选值 c̃<t> 是这一步可以写入记忆的内容。",
    },
    "in_gates": {"en": "Gates (0 closed, 1 open)", "zh": "门（0 关闭，1 打开）"},
    "in_gates_caption": {
        "en": "c<t> = forget × c<t-1> + input × c̃<t>, then a<t> = output × tanh(c<t>).",
        "zh": "c<t> = 遗忘门 × c<t-1> + 输入门 × c̃<t>，然后 a<t> = 输出门 × tanh(c<t>)。",
    },
    "in_gate_input": {"en": "input gate", "zh": "输入门"},
    "in_gate_forget": {"en": "forget gate", "zh": "遗忘门"},
    "in_gate_output": {"en": "output gate", "zh": "输出门"},
    "in_gate_candidate": {"en": "candidate c̃<t>", "zh": "候选值 c̃<t>"},
    "in_sequence": {"en": "The sequence so far", "zh": "目前生成的序列"},
    "in_history": {"en": "Every step", "zh": "每一步的记录"},
    "in_no_sound": {
        "en": "This step drew a rest or a special token: nothing to play.",
        "zh": "这一步抽到的是休止符或特殊记号：没有声音可播放。",
    },
}
