# ruff: noqa: E501  (translations read better unbroken; Chinese has no spaces to break at)
"""The app's strings: `TEXT[key] = {"en": ..., "zh": ...}`; read them with seqgen.i18n.t.

Labels that tests and browser tests look for ("Train", "Stop", "Generate",
"Seed", "Length", "Temperature") are exactly these English words.
"""

TEXT = {
    # page
    "app_title": {"en": "seqgen: teach an LSTM to write", "zh": "seqgen：教 LSTM 学会创作"},
    "app_intro": {
        "en": "Pick a corpus, train a small LSTM on it while you watch the loss fall, then let the "
        "same network write new text or music one token at a time.",
        "zh": "选择语料，一边看损失下降一边训练一个小型 LSTM，然后让同一个网络逐个记号地写出新的文字或音乐。",
    },
    "tab_corpus": {"en": "1 · Corpus", "zh": "1 · 语料"},
    "tab_train": {"en": "2 · Train", "zh": "2 · 训练"},
    "tab_generate": {"en": "3 · Generate", "zh": "3 · 生成"},
    "tab_inside": {"en": "Inside the network", "zh": "网络内部"},
    "inside_placeholder": {
        "en": "This tab will show the LSTM cell step by step: gates, hidden state and the "
        "probabilities of the next token. Train or pick a model first.",
        "zh": "这里将逐步展示 LSTM 单元：各个门、隐藏状态和下一个记号的概率。请先训练或选择一个模型。",
    },
    "owner": {"en": "Your name (saved with your models)", "zh": "你的名字（随模型一起保存）"},
    "owner_help": {
        "en": "Shown next to the models you train, so a class can tell them apart.",
        "zh": "显示在你训练的模型旁边，方便全班区分。",
    },
    "owner_default": {"en": "Without a name: {label}", "zh": "未填写时显示为：{label}"},
    "present": {"en": "Presentation mode", "zh": "演示模式"},
    "present_help": {
        "en": "Large type for a projector; the advanced settings are hidden (they keep their values).",
        "zh": "适合投影的大字号；高级设置会被隐藏（其取值保持不变）。",
    },
    "lesson_button": {"en": "Ready lesson", "zh": "现成的课堂示例"},
    "lesson_help": {
        "en": "Selects the lesson preset: a model good enough to show in class, trained in under a minute.",
        "zh": "选择 lesson 预设：一分钟以内训练完成、足以在课堂上展示的模型。",
    },
    "lesson_picked": {
        "en": "The lesson preset is selected: press Train in step 2 (under a minute).",
        "zh": "已选择 lesson 预设：在第 2 步点击“训练”即可（不到一分钟）。",
    },
    "share_title": {"en": "Share link", "zh": "分享链接"},
    "share_help": {
        "en": "Opens this page with the same corpus, preset, generation settings and language (not your model).",
        "zh": "打开后页面使用相同的语料、预设、生成设置和语言（不含你的模型）。",
    },
    "about": {"en": "About this app", "zh": "关于本应用"},
    "about_text": {
        "en": "Training (many-to-many): one LSTM cell reads a window of Tx tokens and predicts, at "
        "every step, the next token. Generation (one-to-many): the same cell starts from a seed "
        "(or the zero vector x0), samples a token, feeds it back, and repeats.",
        "zh": "训练（多对多）：一个 LSTM 单元读取长度为 Tx 的窗口，在每一步预测下一个记号。"
        "生成（一对多）：同一个单元从种子（或零向量 x0）开始，采样一个记号，再把它作为下一步的输入，如此反复。",
    },
    "server_settings": {
        "en": "Model folder: {folder} · training slots: {slots} (set SEQGEN_MODEL_DIR, "
        "SEQGEN_TRAINING_SLOTS)",
        "zh": "模型文件夹：{folder} · 同时训练数：{slots}（可用 SEQGEN_MODEL_DIR、SEQGEN_TRAINING_SLOTS 设置）",
    },
    "kind_text": {"en": "text", "zh": "文本"},
    "kind_music": {"en": "music", "zh": "音乐"},
    # step 1: corpus
    "corpus_title": {"en": "Corpus", "zh": "语料"},
    "corpus_intro": {
        "en": "Choose what the network learns from: a built-in corpus or your own text or music files.",
        "zh": "选择网络要学习的材料：内置语料，或你自己的文本或音乐文件。",
    },
    "corpus_source": {"en": "Where from", "zh": "来源"},
    "source_builtin": {"en": "Built-in corpus", "zh": "内置语料"},
    "source_upload": {"en": "Upload files", "zh": "上传文件"},
    "corpus_choice": {"en": "Built-in corpus", "zh": "内置语料"},
    "source_label": {"en": "Source", "zh": "来源"},
    "licence_label": {"en": "Licence", "zh": "许可"},
    "builtin_desc_python-docs": {
        "zh": "英文文章：Python 语言参考和库的帮助页面，每段只出现一次。",
    },
    "builtin_desc_folk-abc-text": {
        "zh": "ABC 记谱法的爱尔兰民间曲调，像 folk-rnn 一样作为纯文本学习。",
    },
    "builtin_desc_bach-chorales": {
        "zh": "巴赫的 371 首四声部众赞歌；取其中一个声部（默认女高音）作为旋律。首次读取约需一分钟，之后从缓存读取。",
    },
    "builtin_desc_folk-essen": {
        "zh": "埃森民歌集中约 8500 首欧洲（以德国为主）民歌，ABC 格式。",
    },
    "builtin_desc_folk-oneills": {
        "zh": "《奥尼尔爱尔兰音乐》（1850）中的 1850 首爱尔兰舞曲和小调，ABC 格式。",
    },
    "loading_corpus": {"en": "Reading {name} …", "zh": "正在读取 {name} …"},
    "parsing_progress": {
        "en": "Parsing pieces: {done} of {total} (only the first time; then it is cached on disk)",
        "zh": "正在解析乐曲：{done} / {total}（仅第一次需要，之后会缓存在磁盘上）",
    },
    "level": {"en": "Tokens", "zh": "记号单位"},
    "level_char": {"en": "Characters", "zh": "字符"},
    "level_word": {"en": "Words", "zh": "单词"},
    "level_help": {
        "en": "Characters: every letter (or Chinese character) is one token; small vocabulary, "
        "longer sequences. Words: every word and punctuation mark is one token.",
        "zh": "字符：每个字母（或汉字）是一个记号，词表小、序列长。单词：每个单词和标点是一个记号。",
    },
    "voice": {"en": "Voice", "zh": "声部"},
    "voice_soprano": {"en": "Soprano", "zh": "女高音"},
    "voice_alto": {"en": "Alto", "zh": "女低音"},
    "voice_tenor": {"en": "Tenor", "zh": "男高音"},
    "voice_bass": {"en": "Bass", "zh": "男低音"},
    "part": {"en": "Part / track", "zh": "声部 / 音轨"},
    "part_auto": {"en": "Automatic (the part with most notes)", "zh": "自动（音符最多的声部）"},
    "part_help": {
        "en": "Which part of each piece becomes the melody. Drum tracks are never used.",
        "zh": "每首乐曲中用哪个声部作旋律。鼓轨永远不会被使用。",
    },
    "representation": {"en": "Representation", "zh": "表示方式"},
    "repr_melody": {"en": "Melody (top line)", "zh": "旋律（最高音）"},
    "repr_chords": {"en": "Chords as tokens", "zh": "和弦作为记号"},
    "representation_help": {
        "en": "Melody keeps the highest note when several sound together; chords make each chord "
        "one token (larger vocabulary).",
        "zh": "旋律：多个音同时发声时保留最高音；和弦：每个和弦是一个记号（词表更大）。",
    },
    "transpose": {"en": "Transposition", "zh": "移调"},
    "transpose_none": {"en": "Keep the original keys", "zh": "保持原调"},
    "transpose_c": {"en": "All to C major / A minor", "zh": "全部移到 C 大调 / a 小调"},
    "transpose_augment": {"en": "Augment: copies in every key", "zh": "扩充：每个调各一份"},
    "transpose_help": {
        "en": "One key makes patterns easier to learn from little data; augmenting gives 12 times "
        "more data but trains slower.",
        "zh": "统一到一个调，小数据也更容易学到规律；扩充让数据增加到 12 倍，但训练更慢。",
    },
    "upload": {
        "en": "Upload text or music files (several, or a .zip)",
        "zh": "上传文本或音乐文件（可多个，或一个 .zip）",
    },
    "upload_help": {
        "en": "Text: .txt (UTF-8, UTF-16 or GB18030). Music: .mid, .musicxml, .mxl, .abc, .krn. "
        "Do not mix text and music. At most {limit} MB per file.",
        "zh": "文本：.txt（UTF-8、UTF-16 或 GB18030）。音乐：.mid、.musicxml、.mxl、.abc、.krn。不要混合文本和音乐。每个文件最大 {limit} MB。",
    },
    "upload_empty": {
        "en": "Drop files above. Until then the corpus chosen before stays in use.",
        "zh": "请在上方拖入文件。在此之前，仍使用之前选择的语料。",
    },
    "reading_files": {"en": "Reading {n} file(s) …", "zh": "正在读取 {n} 个文件 …"},
    "corpus_kept": {
        "en": "The corpus in use is still: {name}.",
        "zh": "当前仍使用的语料：{name}。",
    },
    "corpus_empty": {
        "en": "No corpus yet: pick a built-in corpus or upload files on the left.",
        "zh": "还没有语料：请在左侧选择内置语料或上传文件。",
    },
    "preview_title": {"en": "Preview: {name}", "zh": "预览：{name}"},
    "stat_pieces": {"en": "Pieces", "zh": "篇数"},
    "stat_tokens": {"en": "Tokens", "zh": "记号数"},
    "stat_vocab": {"en": "Vocabulary", "zh": "词表大小"},
    "stat_chars": {"en": "Characters", "zh": "字符数"},
    "skipped_files": {
        "en": "{n} file(s) or piece(s) were skipped:",
        "zh": "跳过了 {n} 个文件或乐曲：",
    },
    "reading_notes": {"en": "Reading notes ({n})", "zh": "读取说明（{n}）"},
    "sample_tab": {"en": "Sample", "zh": "样例"},
    "frequent_tab": {"en": "Most frequent tokens", "zh": "最常见的记号"},
    "token": {"en": "Token", "zh": "记号"},
    "count": {"en": "Count", "zh": "次数"},
    "share": {"en": "Share", "zh": "占比"},
    "sample_caption": {
        "en": "The first {n} characters of a piece.",
        "zh": "某一篇的前 {n} 个字符。",
    },
    "preview_piece": {"en": "Piece", "zh": "乐曲"},
    "piece_tokens": {"en": "{n} tokens:", "zh": "{n} 个记号："},
    "rendering": {"en": "Rendering audio and score …", "zh": "正在生成音频和乐谱 …"},
    "score": {"en": "Score", "zh": "乐谱"},
    "download_midi": {"en": "Download MIDI", "zh": "下载 MIDI"},
    "download_musicxml": {"en": "Download MusicXML", "zh": "下载 MusicXML"},
    "download_wav": {"en": "Download WAV", "zh": "下载 WAV"},
    # step 2: train
    "train_title": {"en": "Train", "zh": "训练"},
    "train_intro": {
        "en": "The LSTM reads windows of the corpus and learns to predict each next token; the "
        "loss (lower is better) shows how well it does.",
        "zh": "LSTM 读取语料中的窗口，学习预测每一个下一个记号；损失（越低越好）显示它学得如何。",
    },
    "train_no_corpus": {"en": "Choose a corpus in step 1 first.", "zh": "请先在第 1 步选择语料。"},
    "train_empty": {
        "en": "Press Train to start. The chart of the loss appears here while the network learns.",
        "zh": "按“训练”开始。网络学习时，损失曲线会显示在这里。",
    },
    "train_on": {
        "en": "Will train on: {name} ({kind})",
        "zh": "将在此语料上训练：{name}（{kind}）",
    },
    "preset": {"en": "Preset", "zh": "预设"},
    "preset_option": {
        "en": "{name} (about {time} on a laptop CPU)",
        "zh": "{name}（笔记本 CPU 上约 {time}）",
    },
    "preset_desc_tiny": {"zh": "几秒钟：检查一切是否正常；输出大多是噪声。"},
    "preset_desc_lesson": {"zh": "一分钟以内：足以在课堂上展示的模型。"},
    "preset_desc_small": {"zh": "约一分钟：能学会单词和节奏的小网络。"},
    "preset_desc_1min": {"zh": "为 2 核 CPU 上一分钟的时间预算调好的设置。"},
    "preset_desc_3min": {
        "zh": "2 核 CPU 上三分钟：文本用 384 个单元，音乐用 256 个，小批量多步训练。"
    },
    "preset_desc_medium": {"zh": "约十分钟：两层网络，适合更大的语料。"},
    "advanced": {"en": "Advanced", "zh": "高级设置"},
    "units": {"en": "Units (n_a)", "zh": "单元数（n_a）"},
    "units_help": {
        "en": "Size of the hidden state a and the cell state c. More units learn more, slower.",
        "zh": "隐藏状态 a 和细胞状态 c 的大小。单元越多学得越多，也越慢。",
    },
    "layers": {"en": "Layers", "zh": "层数"},
    "seq_len": {"en": "Tx (time steps per window)", "zh": "Tx（每个窗口的时间步数）"},
    "seq_len_help": {
        "en": "At most this many tokens in one training example. A window never runs past "
        "the end of a piece: each piece starts from a fresh state, as a generation does.",
        "zh": "一个训练样本最多包含的记号数。窗口不会越过一首作品的结尾："
        "每首作品都从全新的状态开始，和生成时一样。",
    },
    "batch_size": {"en": "Batch size (m)", "zh": "批大小（m）"},
    "epochs": {"en": "Epochs", "zh": "轮数"},
    "minutes": {"en": "Time budget (minutes, 0 = none)", "zh": "时间预算（分钟，0 = 不限）"},
    "minutes_help": {
        "en": "Training stops when this time is used up, keeping the best weights so far.",
        "zh": "用完这段时间后训练停止，并保留目前最好的权重。",
    },
    "learning_rate": {"en": "Learning rate", "zh": "学习率"},
    "dropout": {"en": "Dropout", "zh": "Dropout（丢弃率）"},
    "recurrent_dropout": {"en": "Recurrent dropout", "zh": "循环 Dropout（循环丢弃率）"},
    "recurrent_dropout_help": {
        "en": "Drops parts of the state a<t-1> fed back into the cell, with the same mask at "
        "every step and for all four gates. It fights overfitting on small corpora (the "
        "3-minute preset uses 0.25 for music) and costs little training speed.",
        "zh": "随机丢弃反馈回单元的状态 a<t-1> 的一部分，每一步、四个门都使用同一个掩码。"
        "它能减轻小语料上的过拟合（3 分钟预设对音乐使用 0.25），几乎不降低训练速度。",
    },
    "weight_decay": {"en": "Weight decay", "zh": "权重衰减"},
    "weight_decay_help": {
        "en": "Each training step shrinks every weight a little (learning rate x this, as in "
        "AdamW), so the network keeps smaller weights and overfits less. 0 is plain Adam; the "
        "3-minute preset uses 0.1.",
        "zh": "每个训练步都把每个权重缩小一点（学习率 × 此值，即 AdamW），使网络保持较小的权重、"
        "减少过拟合。0 即普通的 Adam；3 分钟预设使用 0.1。",
    },
    "val_fraction": {"en": "Validation share", "zh": "验证集比例"},
    "random_seed": {"en": "Random seed", "zh": "随机种子"},
    "train": {"en": "Train", "zh": "训练"},
    "stop": {"en": "Stop", "zh": "停止"},
    "stop_help": {
        "en": "Stops after the current batch and keeps the weights trained so far.",
        "zh": "在当前批次后停止，并保留目前训练好的权重。",
    },
    "preparing": {
        "en": "Preparing the training data (the first time also loads TensorFlow, about 10 s) …",
        "zh": "正在准备训练数据（第一次还要载入 TensorFlow，约 10 秒）…",
    },
    "queued": {
        "en": "Waiting for a free training slot: position {pos} in the queue ({slots} job(s) train "
        "at once on this server).",
        "zh": "正在等待空闲的训练位置：排在第 {pos} 位（本服务器同时训练 {slots} 个任务）。",
    },
    "starting": {
        "en": "Starting: building the network (the first batch takes a few seconds) …",
        "zh": "正在启动：构建网络（第一个批次需要几秒钟）…",
    },
    "progress_text": {
        "en": "Elapsed {elapsed} · remaining about {remaining}",
        "zh": "已用 {elapsed} · 约剩 {remaining}",
    },
    "epoch": {"en": "Epoch", "zh": "轮"},
    "tokens_per_s": {"en": "Tokens / s", "zh": "记号 / 秒"},
    "train_loss": {"en": "Training loss", "zh": "训练损失"},
    "val_loss": {"en": "Validation loss", "zh": "验证损失"},
    "perplexity": {"en": "Perplexity", "zh": "困惑度"},
    "perplexity_help": {
        "en": "exp(loss): the number of tokens the model is, on average, hesitating between.",
        "zh": "exp(损失)：模型平均在多少个记号之间犹豫。",
    },
    "seconds": {"en": "Seconds", "zh": "秒"},
    "series_train": {"en": "training loss (smoothed)", "zh": "训练损失（平滑）"},
    "series_val": {"en": "validation loss", "zh": "验证损失"},
    "series_uniform": {"en": "uniform guess", "zh": "均匀猜测"},
    "axis_epoch": {"en": "epoch", "zh": "轮"},
    "axis_loss": {"en": "loss (nats per token)", "zh": "损失（每个记号的 nat）"},
    "chart_caption": {
        "en": "Dashed line: {uniform:.2f} = log({n}), the loss of guessing uniformly among the {n} "
        "tokens. Below it, the network has learnt something.",
        "zh": "虚线：{uniform:.2f} = log({n})，即在 {n} 个记号中均匀猜测的损失。低于它，说明网络学到了东西。",
    },
    "epoch_samples": {
        "en": "A sample after each epoch (▌ marks the end of the seed)",
        "zh": "每轮之后的样例（▌ 标出种子的结尾）",
    },
    "train_failed": {"en": "Training failed.", "zh": "训练失败。"},
    "train_cancelled": {
        "en": "Training was cancelled before it started.",
        "zh": "训练在开始之前被取消。",
    },
    "saved_at": {
        "en": "The model is saved: {path}. It is ready in step 3, Generate.",
        "zh": "模型已保存：{path}。可以在第 3 步“生成”中使用。",
    },
    "overfitting": {
        "en": "Overfitting: the validation loss has been rising since epoch {best} while the "
        "training loss keeps falling, so the network is memorising the corpus. The best "
        "epoch's weights were kept. To do: use a larger corpus, fewer units, more dropout, or "
        "fewer epochs.",
        "zh": "过拟合：从第 {best} 轮起验证损失在上升，而训练损失仍在下降，说明网络在死记语料。"
        "已保留最佳一轮的权重。可以：使用更大的语料、更少的单元、更高的 dropout 或更少的轮数。",
    },
    "baselines_running": {
        "en": "Comparing with n-gram baselines …",
        "zh": "正在与 n 元语法基线比较 …",
    },
    "baselines_title": {"en": "Compared with counting:", "zh": "与计数模型相比："},
    "baselines_detail": {
        "en": "Validation loss of simple models: uniform {uniform:.2f}, unigram {unigram:.2f}, "
        "best n-gram (order {order}) {ngram:.2f} nats per token.",
        "zh": "简单模型的验证损失：均匀 {uniform:.2f}，一元 {unigram:.2f}，最佳 n 元（{order} 阶）{ngram:.2f}（nat/记号）。",
    },
    "job_not_found": {
        "en": "The training in the address bar is no longer known to the server and no saved "
        "model was found for it; pick a saved model in step 3.",
        "zh": "服务器已找不到地址栏中的训练任务，也没有找到它保存的模型；请在第 3 步选择已保存的模型。",
    },
    "reconnected_saved": {
        "en": "Your training had finished; its saved model is loaded: {path}",
        "zh": "你的训练已经完成，已载入保存的模型：{path}",
    },
    # step 3: generate
    "generate_title": {"en": "Generate", "zh": "生成"},
    "generate_intro": {
        "en": "The trained cell writes one token at a time: it reads the seed, then feeds each "
        "token it picks back in as the next input.",
        "zh": "训练好的单元一次写一个记号：先读入种子，再把自己选出的每个记号作为下一步的输入。",
    },
    "model_title": {"en": "Model", "zh": "模型"},
    "model_pick": {"en": "Model to use", "zh": "使用的模型"},
    "model_placeholder": {"en": "Choose a saved model …", "zh": "选择已保存的模型 …"},
    "no_models": {"en": "No saved models yet.", "zh": "还没有保存的模型。"},
    "model_option": {
        "en": "{name} · {corpus} · {preset} · by {owner} · {when} · val loss {loss}",
        "zh": "{name} · {corpus} · {preset} · {owner} · {when} · 验证损失 {loss}",
    },
    "session_model": {"en": "{name} (this session only)", "zh": "{name}（仅本次会话）"},
    "generate_empty": {
        "en": "No model yet: train one in step 2, pick a saved one above, or upload a .seqgen file "
        "under “Manage models”.",
        "zh": "还没有模型：请在第 2 步训练一个，在上方选择已保存的模型，或在“管理模型”中上传 .seqgen 文件。",
    },
    "loading_model": {"en": "Loading the model …", "zh": "正在载入模型 …"},
    "manage_models": {"en": "Manage models", "zh": "管理模型"},
    "model_folder": {"en": "Model folder: {folder}", "zh": "模型文件夹：{folder}"},
    "col_name": {"en": "Name", "zh": "名称"},
    "col_corpus": {"en": "Corpus", "zh": "语料"},
    "col_preset": {"en": "Preset", "zh": "预设"},
    "col_owner": {"en": "Who", "zh": "训练者"},
    "col_when": {"en": "When", "zh": "时间"},
    "col_val_loss": {"en": "Val loss", "zh": "验证损失"},
    "download_model": {"en": "Download this model (.seqgen)", "zh": "下载此模型（.seqgen）"},
    "new_name": {"en": "New name", "zh": "新名称"},
    "rename": {"en": "Rename", "zh": "重命名"},
    "delete_confirm": {"en": "Yes, delete this model file", "zh": "确定删除此模型文件"},
    "delete": {"en": "Delete", "zh": "删除"},
    "upload_model": {"en": "Upload a model (.seqgen)", "zh": "上传模型（.seqgen）"},
    "upload_model_help": {
        "en": "A model file saved by seqgen, at most {limit} MB.",
        "zh": "由 seqgen 保存的模型文件，最大 {limit} MB。",
    },
    "model_uploaded": {"en": "Model loaded: {name}", "zh": "已载入模型：{name}"},
    "seed": {"en": "Seed", "zh": "种子"},
    "seed_help": {
        "en": "The text the network reads before it writes. Characters it never saw are left out. "
        "Empty: start from the zero vector x0.",
        "zh": "网络开始写之前先读入的文字。没见过的字符会被略去。留空则从零向量 x0 开始。",
    },
    "seed_empty": {"en": "empty = zero vector x0", "zh": "留空 = 零向量 x0"},
    "seed_kind": {"en": "Seed", "zh": "种子"},
    "seed_kind_corpus": {"en": "Opening of a corpus piece", "zh": "语料中某首乐曲的开头"},
    "seed_kind_typed": {"en": "Typed tokens", "zh": "输入记号"},
    "seed_kind_primer": {"en": "Uploaded music file", "zh": "上传的音乐文件"},
    "seed_kind_empty": {"en": "Nothing (zero vector x0)", "zh": "无（零向量 x0）"},
    "seed_zero": {
        "en": "As in the original exercise: the first input is a vector of zeros.",
        "zh": "与原始练习一样：第一个输入是全零向量。",
    },
    "seed_tokens_help": {
        "en": "Tokens separated by spaces: N60_1 is middle C for one quarter note, R_1/2 an eighth rest.",
        "zh": "用空格分隔的记号：N60_1 表示中央 C 一个四分音符，R_1/2 表示八分休止符。",
    },
    "seed_length": {"en": "Seed tokens", "zh": "种子记号数"},
    "seed_piece": {"en": "Piece", "zh": "乐曲"},
    "primer": {"en": "Music file to start from", "zh": "作为开头的音乐文件"},
    "primer_empty": {
        "en": "Upload a MIDI, MusicXML or ABC file to use its opening.",
        "zh": "上传 MIDI、MusicXML 或 ABC 文件，用它的开头作种子。",
    },
    "length": {"en": "Length", "zh": "长度"},
    "length_help": {
        "en": "How many tokens to generate after the seed.",
        "zh": "在种子之后生成多少个记号。",
    },
    "mode": {"en": "Sampling", "zh": "采样方式"},
    "mode_sample": {"en": "sample", "zh": "随机采样（sample）"},
    "mode_argmax": {"en": "argmax", "zh": "取最大（argmax）"},
    "mode_help": {
        "en": "argmax always takes the most likely token (as in the original exercise; it often "
        "loops); sample draws from the probabilities.",
        "zh": "argmax 总是取最可能的记号（与原始练习相同，常会循环）；sample 按概率抽取。",
    },
    "temperature": {"en": "Temperature", "zh": "温度"},
    "temperature_help": {
        "en": "Below 1: safer, more repetitive. Above 1: more surprising, more mistakes.",
        "zh": "小于 1：更稳妥、更重复；大于 1：更出人意料，错误也更多。",
    },
    "top_k": {"en": "Top-k (0 = off)", "zh": "Top-k（0 = 关闭）"},
    "top_k_help": {
        "en": "Only the k most likely tokens can be drawn.",
        "zh": "只从最可能的 k 个记号中抽取。",
    },
    "top_p": {"en": "Top-p", "zh": "Top-p"},
    "top_p_help": {
        "en": "Only the most likely tokens whose probabilities add up to p can be drawn (1 = off).",
        "zh": "只从概率之和达到 p 的最可能记号中抽取（1 = 关闭）。",
    },
    "instrument": {"en": "Instrument", "zh": "乐器"},
    "tempo": {"en": "Tempo (beats per minute)", "zh": "速度（每分钟拍数）"},
    "generate": {"en": "Generate", "zh": "生成"},
    "variations": {"en": "Generate 3 variations", "zh": "生成 3 个变体"},
    "generating": {"en": "Generating …", "zh": "正在生成 …"},
    "output_empty": {
        "en": "Set the seed and length, then press Generate. The result appears here.",
        "zh": "设置种子和长度，然后按“生成”。结果会显示在这里。",
    },
    "seed_dropped": {
        "en": "These seed tokens are not in the model's vocabulary and were left out: {tokens}",
        "zh": "以下种子记号不在模型的词表中，已略去：{tokens}",
    },
    "download_text": {"en": "Download the text", "zh": "下载文本"},
    "variations_title": {"en": "{n} variations from the same seed", "zh": "同一种子的 {n} 个变体"},
    "variation": {"en": "Variation {n}", "zh": "变体 {n}"},
    "repeat_share": {
        "en": "Repeated 4-grams: {share:.0%} of the output (a loop shows as a high share).",
        "zh": "重复的 4 元组：占输出的 {share:.0%}（陷入循环时这个比例会很高）。",
    },
    "looping": {
        "en": "The output is stuck in a loop. Try sampling instead of argmax, or a higher temperature.",
        "zh": "输出陷入了循环。请试试随机采样而不是 argmax，或提高温度。",
    },
    "music_stats": {"en": "Musical statistics", "zh": "音乐统计"},
    "stat_name": {"en": "Measure", "zh": "指标"},
    "stat_melody": {"en": "This melody", "zh": "这段旋律"},
    "stat_corpus": {"en": "Corpus", "zh": "语料"},
    "stat_notes": {"en": "Notes", "zh": "音符数"},
    "stat_rests": {"en": "Rests", "zh": "休止符数"},
    "stat_key": {"en": "Key (estimated)", "zh": "调性（估计）"},
    "stat_in_key": {"en": "Notes in the key", "zh": "调内音占比"},
    "stat_range": {"en": "Range (semitones)", "zh": "音域（半音）"},
    "stat_density": {"en": "Notes per quarter", "zh": "每四分音符的音符数"},
    "stat_repetition": {"en": "Repetition", "zh": "重复率"},
    "stat_pc_distance": {
        "en": "Pitch-class distance to corpus (0 = same mix)",
        "zh": "与语料的音级分布差异（0 = 相同）",
    },
    "stat_copied_run": {
        "en": "Longest run copied from the corpus (tokens)",
        "zh": "从语料照抄的最长片段（记号）",
    },
    "stat_copied_share": {
        "en": "Share in copied runs of 16+ tokens",
        "zh": "处于 16 个以上记号照抄片段中的比例",
    },
}
