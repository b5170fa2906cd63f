# ruff: noqa: E501  (translations read better unbroken; Chinese has no spaces to break at)
"""The engine's messages in Chinese: `TEXT[key] = {"en": template, "zh": template}`.

The engine raises SeqgenError with English text (the CLI prints it as is). The
"en" template of each entry is that text with its `{placeholders}`; seqgen.i18n.errors
matches a message against these templates and fills the "zh" template with the same
values. A placeholder called `{detail}` holds other messages (a list of failed files,
a nested error): those are translated in turn. tests/test_i18n.py checks that every
message the engine can raise has an entry here.
"""

_FILE = "选择 seqgen 保存的模型文件。"

TEXT = {
    # ---- text files (seqgen/corpus/text.py, base.py, load.py)
    "err_file_too_large": {
        "en": "{name}: the file is {size} MB, more than the limit of {limit} MB. Use a smaller file (for text, an excerpt; for music, fewer pieces).",
        "zh": "{name}：文件大小为 {size} MB，超过了 {limit} MB 的上限。请使用更小的文件（文字可只取一段，音乐可减少曲目）。",
    },
    "err_text_nul_bytes": {
        "en": "{name}: the file contains NUL bytes, so it is binary data, not text. Upload a plain .txt file (UTF-8, UTF-16 with BOM or GB18030).",
        "zh": "{name}：文件中含有 NUL 字节，说明它是二进制数据而不是文字。请上传纯文本 .txt 文件（UTF-8、带 BOM 的 UTF-16 或 GB18030）。",
    },
    "err_text_undecodable": {
        "en": "{name}: the bytes are not valid UTF-8, UTF-16 or GB18030 text. Save the file as UTF-8 and upload it again.",
        "zh": "{name}：这些字节不是有效的 UTF-8、UTF-16 或 GB18030 文字。请把文件另存为 UTF-8 后重新上传。",
    },
    "err_text_empty": {
        "en": "{name}: the file is empty (or only whitespace). Add some text.",
        "zh": "{name}：文件是空的（或只有空白）。请加入一些文字。",
    },
    "err_text_nul_chars": {
        "en": "{name}: the text contains NUL characters, so it is binary data, not text. Upload a plain .txt file.",
        "zh": "{name}：文字中含有 NUL 字符，说明它是二进制数据而不是文字。请上传纯文本 .txt 文件。",
    },
    "err_text_control": {
        "en": "{name}: {control} of its {total} characters are control characters, so it looks like binary data, not text. Upload a plain .txt file.",
        "zh": "{name}：{total} 个字符中有 {control} 个是控制字符，看起来是二进制数据而不是文字。请上传纯文本 .txt 文件。",
    },
    "err_text_level": {
        "en": "Text can be read by 'char' or 'word'; level is {level}. Choose one.",
        "zh": "文字只能按 'char'（字符）或 'word'（词）读取；当前 level 为 {level}。请选择其中一个。",
    },
    "err_text_no_files": {
        "en": "No files were given. Upload at least one .txt file.",
        "zh": "没有提供任何文件。请至少上传一个 .txt 文件。",
    },
    "err_no_files": {
        "en": "No files were given. Choose a built-in corpus or upload files.",
        "zh": "没有提供任何文件。请选择一个内置语料或上传文件。",
    },
    "err_none_usable": {
        "en": "Nothing in the upload can be used: {detail} Upload .txt files for text, or {exts} files for music.",
        "zh": "上传的内容都无法使用：{detail} 文字请上传 .txt 文件，音乐请上传 {exts} 文件。",
    },
    "err_none_usable_empty": {"en": "(empty)", "zh": "（空）"},
    "err_mixed": {
        "en": "Text and music files cannot be mixed in one corpus: upload either .txt files or music files.",
        "zh": "同一个语料中不能混合文字和音乐文件：请只上传 .txt 文件，或只上传音乐文件。",
    },
    "err_cannot_read_path": {
        "en": "Cannot read {path}: {reason}. Check the file name and that you may read it.",
        "zh": "无法读取 {path}：{reason}。请检查文件名，并确认你有读取权限。",
    },
    "note_unsupported_ext": {
        "en": "{name}: skipped, the extension {ext} is not supported; use .txt for text or {exts} for music.",
        "zh": "{name}：已跳过，不支持扩展名 {ext}；文字请用 .txt，音乐请用 {exts}。",
    },
    "note_read_as": {
        "en": "{name}: read as {encoding}, {count} characters.",
        "zh": "{name}：按 {encoding} 读取，共 {count} 个字符。",
    },
    "note_skipped_cap": {"en": "Skipped {detail}", "zh": "已跳过 {detail}"},
    "note_skipped": {"en": "skipped {detail}", "zh": "已跳过 {detail}"},
    "note_transposed": {
        "en": "each piece also transposed to every key that stays within the range",
        "zh": "每首曲子还被移调到所有不超出音域的调上",
    },
    "note_zip_unavailable": {
        "en": "skipped {name}: zip archives cannot be read in this version",
        "zh": "已跳过 {name}：此版本无法读取 zip 压缩包",
    },
    # ---- archives (seqgen/corpus/archive.py)
    "err_zip_unreadable": {
        "en": "{name} is not a readable zip file: it is damaged, cut short or not a zip at all. Make the zip again, or upload the files one by one.",
        "zh": "{name} 不是可读取的 zip 文件：它已损坏、不完整，或者根本不是 zip。请重新压缩，或逐个上传其中的文件。",
    },
    "err_zip_entries": {
        "en": "{name} has {count} entries; at most {limit} are accepted. Upload fewer files or a smaller archive.",
        "zh": "{name} 中有 {count} 个条目；最多只接受 {limit} 个。请上传更少的文件或更小的压缩包。",
    },
    "err_zip_bomb": {
        "en": "{name} unpacks to more than {limit} MB; it is refused (it may be a zip bomb). Upload a smaller archive.",
        "zh": "{name} 解压后超过 {limit} MB，已被拒绝（它可能是“zip 炸弹”）。请上传更小的压缩包。",
    },
    "note_zip_skipped": {
        "en": "{name}: skipped '{member}': {detail}.",
        "zh": "{name}：已跳过“{member}”：{detail}。",
    },
    "note_zip_folders": {
        "en": "{name}: skipped {count} folder entries (their files are read).",
        "zh": "{name}：跳过了 {count} 个文件夹条目（其中的文件会被读取）。",
    },
    "reason_zip_unsafe": {
        "en": "unsafe path (absolute or leading outside the archive)",
        "zh": "路径不安全（绝对路径或指向压缩包之外）",
    },
    "reason_zip_hidden": {"en": "hidden or system file", "zh": "隐藏文件或系统文件"},
    "reason_zip_nested": {
        "en": "archive inside the archive (unpack it and upload its files instead)",
        "zh": "压缩包中的压缩包（请先解压，再上传其中的文件）",
    },
    "reason_zip_ext": {
        "en": "extension '{ext}' is not one of {allowed}",
        "zh": "扩展名“{ext}”不在 {allowed} 之中",
    },
    "reason_zip_encrypted": {"en": "encrypted (password protected)", "zh": "已加密（有密码保护）"},
    "reason_zip_member_large": {
        "en": "larger than {limit} MB unpacked",
        "zh": "解压后大于 {limit} MB",
    },
    "reason_zip_damaged": {
        "en": "damaged, or packed in a way that cannot be read (zip it again)",
        "zh": "已损坏，或压缩方式无法读取（请重新压缩）",
    },
    # ---- music files (seqgen/corpus/music.py, music_parse.py, music_tokens.py)
    "err_music_not_music": {
        "en": "{name}: not a music file. Use one of these types: {exts}.",
        "zh": "{name}：不是音乐文件。请使用以下类型之一：{exts}。",
    },
    "err_music_empty": {
        "en": "{name}: the file is empty. Choose a file that contains music.",
        "zh": "{name}：文件是空的。请选择一个包含音乐的文件。",
    },
    "err_music_midi": {
        "en": "{name}: not a readable MIDI file (it is damaged, cut short or not MIDI at all). Export it again from your music program, or choose another file.",
        "zh": "{name}：不是可读取的 MIDI 文件（它已损坏、不完整，或根本不是 MIDI）。请在音乐软件中重新导出，或选择其他文件。",
    },
    "err_music_score": {
        "en": "{name}: could not be read as {format}; the file is damaged or its notation has errors. Open it in a music program to check it, or choose another file.",
        "zh": "{name}：无法按 {format} 读取；文件已损坏或记谱有错误。请在音乐软件中打开检查，或选择其他文件。",
    },
    "err_music_tune_unreadable": {
        "en": "{name}: the notation of this tune could not be read. Check it in a music program (for ABC: an online ABC checker), fix it, and upload it again.",
        "zh": "{name}：这首曲子的记谱无法读取。请在音乐软件中检查（ABC 可用在线 ABC 检查工具），修改后重新上传。",
    },
    "err_music_drums_only": {
        "en": "{name}: drums only; drums have no melody to learn. Choose a file with a melody or chord part.",
        "zh": "{name}：只有鼓；鼓没有可学习的旋律。请选择一个带有旋律或和弦声部的文件。",
    },
    "err_music_no_notes": {
        "en": "{name}: no notes were found. Check the file in a music program (an ABC tune needs an X: line, a K: line and notes after them), or choose another file.",
        "zh": "{name}：没有找到任何音符。请在音乐软件中检查该文件（ABC 曲子需要 X: 行、K: 行以及其后的音符），或选择其他文件。",
    },
    "err_music_no_part": {
        "en": "{name}: there is no part {part} (parts are {parts}). Choose one of them.",
        "zh": "{name}：没有声部 {part}（现有声部：{parts}）。请从中选择一个。",
    },
    "err_music_drum_part": {
        "en": "{name}: part {part} is a drum part, which has no melody. Choose another part.",
        "zh": "{name}：声部 {part} 是鼓声部，没有旋律。请选择其他声部。",
    },
    "err_music_no_tunes": {
        "en": "{name}: none of its tunes can be used: {detail}",
        "zh": "{name}：其中没有可用的曲子：{detail}",
    },
    "err_music_none_usable": {
        "en": "No usable music in the upload: {detail}",
        "zh": "上传的文件中没有可用的音乐：{detail}",
    },
    "err_music_no_files": {
        "en": "No music files were given. Upload .mid, .musicxml or .abc files.",
        "zh": "没有提供音乐文件。请上传 .mid、.musicxml 或 .abc 文件。",
    },
    "err_music_part_type": {
        "en": "part must be None, an index or a name. part is {part}",
        "zh": "part 必须是 None、序号或名称。当前 part 为 {part}",
    },
    "err_music_part_negative": {
        "en": "part must be >= 0. part is {part}",
        "zh": "part 必须 >= 0。当前 part 为 {part}",
    },
    "err_music_part_empty": {
        "en": "part must not be an empty name. part is ''",
        "zh": "part 不能是空名称。当前 part 为 ''",
    },
    "err_music_representation": {
        "en": "representation must be one of {choices}. representation is {value}",
        "zh": "representation 必须是 {choices} 之一。当前为 {value}",
    },
    "err_music_transpose": {
        "en": "transpose must be one of {choices}. transpose is {value}",
        "zh": "transpose 必须是 {choices} 之一。当前为 {value}",
    },
    "err_music_grid": {
        "en": "grid must be a non-empty tuple like (4, 3). grid is {grid}",
        "zh": "grid 必须是非空元组，例如 (4, 3)。当前 grid 为 {grid}",
    },
    "err_music_grid_divisions": {
        "en": "grid divisions must be integers in 1..12. grid is {grid}",
        "zh": "grid 的细分必须是 1..12 之间的整数。当前 grid 为 {grid}",
    },
    "err_music_max_quarters": {
        "en": "max_quarters must be in 1..32. max_quarters is {value}",
        "zh": "max_quarters 必须在 1..32 之间。当前为 {value}",
    },
    "err_token_bad_value": {
        "en": "'{token}' has a duration <= 0 or a pitch outside 0..127",
        "zh": "“{token}”的时值 <= 0，或音高超出 0..127",
    },
    "err_token_unknown": {
        "en": "'{token}' is not a music token (expected e.g. N60_1, R_1/2 or C60.64.67_1)",
        "zh": "“{token}”不是音乐记号（应类似 N60_1、R_1/2 或 C60.64.67_1）",
    },
    # ---- built-in corpora
    "err_builtin_unknown": {
        "en": "There is no built-in corpus called {name}. Choose one of: {names}.",
        "zh": "没有名为 {name} 的内置语料。请从以下选择：{names}。",
    },
    "err_builtin_level": {
        "en": "level must be 'char' or 'word' for a text corpus; level is {level}.",
        "zh": "文字语料的 level 必须是 'char' 或 'word'；当前 level 为 {level}。",
    },
    "err_builtin_oneill": {
        "en": "music21's O'Neill ABC files were not found; reinstall music21.",
        "zh": "找不到 music21 自带的 O'Neill ABC 文件；请重新安装 music21。",
    },
    "err_builtin_music_unknown": {
        "en": "There is no built-in music corpus called {name}. Choose one of: {names}.",
        "zh": "没有名为 {name} 的内置音乐语料。请从以下选择：{names}。",
    },
    "err_builtin_music_none": {
        "en": "{name}: no usable pieces ({detail})",
        "zh": "{name}：没有可用的曲子（{detail}）",
    },
    # ---- data and settings (seqgen/dataset.py, config.py, model.py)
    "err_one_token": {
        "en": "{name}: the corpus has only one distinct token; the model needs at least two different tokens to learn anything. Use a longer, more varied text.",
        "zh": "{name}：语料中只有一种记号；模型至少需要两种不同的记号才能学到东西。请使用更长、更多样的文字。",
    },
    "err_train_too_short": {
        "en": "{name}: the training part has {count} tokens, but one window needs Tx + 1 = {need}. Lower Tx (seq_len) or use a longer corpus.",
        "zh": "{name}：训练部分只有 {count} 个记号，但一个窗口需要 Tx + 1 = {need} 个。请减小 Tx（seq_len）或使用更长的语料。",
    },
    "err_val_too_short": {
        "en": "{name}: the validation part has {count} tokens, but one window needs Tx + 1 = {need}. Lower Tx, raise the validation share, or use a longer corpus.",
        "zh": "{name}：验证部分只有 {count} 个记号，但一个窗口需要 Tx + 1 = {need} 个。请减小 Tx、提高验证集比例，或使用更长的语料。",
    },
    "err_loss_tokens": {
        "en": "At least 2 tokens are needed for a loss; got {count}.",
        "zh": "计算损失至少需要 2 个记号；实际只有 {count} 个。",
    },
    "err_cfg_int": {
        "en": "{name} must be a whole number from {low} to {high}; {name} is {value}.",
        "zh": "{name} 必须是 {low} 到 {high} 之间的整数；当前 {name} 为 {value}。",
    },
    "err_cfg_float": {
        "en": "{name} must be {detail} and at most {high}; {name} is {value}.",
        "zh": "{name} 必须{detail}，且不超过 {high}；当前 {name} 为 {value}。",
    },
    "err_cfg_bound_open": {"en": "more than {low}", "zh": "大于 {low}"},
    "err_cfg_bound_closed": {"en": "at least {low}", "zh": "至少为 {low}"},
    "err_cfg_level": {
        "en": "level must be one of {choices}; level is {value}.",
        "zh": "level 必须是 {choices} 之一；当前为 {value}。",
    },
    "err_cfg_augment": {
        "en": "augment_keys must be True or False; augment_keys is {value}.",
        "zh": "augment_keys 必须是 True 或 False；当前为 {value}。",
    },
    "err_cfg_encoding": {
        "en": "encoding must be one of {choices}; encoding is {value}.",
        "zh": "encoding 必须是 {choices} 之一；当前为 {value}。",
    },
    "err_cfg_schedule": {
        "en": "schedule must be one of {choices}; schedule is {value}.",
        "zh": "schedule 必须是 {choices} 之一；当前为 {value}。",
    },
    "err_cfg_preset": {
        "en": "Unknown preset {name}. Choose one of: {names}.",
        "zh": "未知的预设 {name}。请从以下选择：{names}。",
    },
    "err_cfg_not_object": {
        "en": "{cls} must be a JSON object; got {kind}.",
        "zh": "{cls} 必须是 JSON 对象；实际是 {kind}。",
    },
    "err_cfg_unknown_fields": {
        "en": "{cls} has no field(s) {fields}.",
        "zh": "{cls} 没有字段 {fields}。",
    },
    "err_cfg_bad_fields": {"en": "{cls}: {detail}", "zh": "{cls}：{detail}"},
    "err_model_vocab": {
        "en": "vocab_size must be at least 2 to learn anything; it is {value}.",
        "zh": "vocab_size 至少为 2 才能学到东西；当前为 {value}。",
    },
    # ---- generation and rendering
    "err_seed_unknown": {
        "en": "None of the seed's tokens occur in the training corpus ({shown}). Type a seed using characters or words from the corpus, or leave it empty.",
        "zh": "种子中的记号都没有在训练语料中出现（{shown}）。请用语料中的字符或词作为种子，或者留空。",
    },
    "err_variations": {
        "en": "variations must be from 1 to 64; it is {value}.",
        "zh": "variations 必须在 1 到 64 之间；当前为 {value}。",
    },
    "err_render_instrument": {
        "en": "instrument must be a General MIDI program 0..127. It is {value}",
        "zh": "instrument 必须是 0..127 的 General MIDI 音色编号。当前为 {value}",
    },
    "err_render_tempo": {
        "en": "tempo must be 20..400 beats per minute. It is {value}",
        "zh": "tempo 必须是每分钟 20..400 拍。当前为 {value}",
    },
    "err_render_sample_rate": {
        "en": "sample_rate must be 8000..96000. It is {value}",
        "zh": "sample_rate 必须在 8000..96000 之间。当前为 {value}",
    },
    "err_render_nothing_play": {
        "en": "Nothing to play: the tokens contain no notes.",
        "zh": "没有可播放的内容：这些记号中没有音符。",
    },
    "err_render_nothing_show": {
        "en": "Nothing to show: the tokens contain no notes.",
        "zh": "没有可显示的内容：这些记号中没有音符。",
    },
    "err_render_nothing_draw": {
        "en": "Nothing to draw: the tokens contain no notes.",
        "zh": "没有可绘制的内容：这些记号中没有音符。",
    },
    "err_render_no_audio": {
        "en": "The synthesiser produced no usable audio (empty or NaN).",
        "zh": "合成器没有产生可用的音频（为空或为 NaN）。",
    },
    "err_render_silence": {
        "en": "The synthesiser produced silence; try another instrument.",
        "zh": "合成器只产生了静音；请换一种乐器试试。",
    },
    "err_render_verovio_read": {
        "en": "verovio could not read the MusicXML of this melody.",
        "zh": "verovio 无法读取这段旋律的 MusicXML。",
    },
    "err_render_verovio_picture": {
        "en": "verovio produced no picture for this melody.",
        "zh": "verovio 没有为这段旋律生成乐谱图片。",
    },
    "err_render_musicxml": {
        "en": "Could not write the melody as MusicXML ({detail}).",
        "zh": "无法把这段旋律写成 MusicXML（{detail}）。",
    },
    # ---- model files (seqgen/store.py, vocab.py)
    "err_store_save": {
        "en": "Could not save the model to {folder}: {reason}. Free some disk space or set SEQGEN_MODEL_DIR to a writable folder; the model is still in memory, so you can download it now.",
        "zh": "无法把模型保存到 {folder}：{reason}。请释放一些磁盘空间，或把 SEQGEN_MODEL_DIR 设为可写的文件夹；模型仍在内存中，你现在可以先下载它。",
    },
    "err_store_not_bundle": {
        "en": "{label} is not a seqgen model file (not a valid bundle). Choose a model file that seqgen saved.",
        "zh": "{label} 不是 seqgen 模型文件（不是有效的模型包）。" + _FILE,
    },
    "err_store_members": {
        "en": "{label} is not a seqgen model file: expected {expected}, found {found}. Choose a model file that seqgen saved.",
        "zh": "{label} 不是 seqgen 模型文件：应包含 {expected}，实际为 {found}。" + _FILE,
    },
    "err_store_too_large": {
        "en": "{label} is too large to be a seqgen model.",
        "zh": "{label} 太大，不可能是 seqgen 模型。",
    },
    "err_store_damaged": {
        "en": "{label} is damaged: its contents cannot be unpacked. Download or save the model again, or train a new one.",
        "zh": "{label} 已损坏：无法解包其内容。请重新下载或保存模型，或者训练一个新模型。",
    },
    "err_store_json": {
        "en": "{label}: {member} is not valid JSON, so the file is damaged. Choose a model file that seqgen saved.",
        "zh": "{label}：{member} 不是有效的 JSON，文件已损坏。" + _FILE,
    },
    "err_store_format": {
        "en": "{label} is not a seqgen model file (wrong format tag). Choose a model file that seqgen saved.",
        "zh": "{label} 不是 seqgen 模型文件（格式标记不对）。" + _FILE,
    },
    "err_store_version": {
        "en": "{label} has bundle version {version}; this seqgen reads version {expected}. Train the model again with this version.",
        "zh": "{label} 的模型包版本为 {version}；当前 seqgen 只能读取版本 {expected}。请用当前版本重新训练模型。",
    },
    "err_store_settings": {
        "en": "{label} has invalid settings: {detail}",
        "zh": "{label} 的设置无效：{detail}",
    },
    "err_store_vocab_size": {
        "en": "{label}: the vocabulary has {count} tokens but the network expects {expected}; the file is inconsistent. Choose a model file that seqgen saved.",
        "zh": "{label}：词表有 {count} 个记号，但网络需要 {expected} 个；文件前后不一致。" + _FILE,
    },
    "err_store_history": {
        "en": "{label}: history.json must be a JSON object.",
        "zh": "{label}：history.json 必须是 JSON 对象。",
    },
    "err_store_network_large": {
        "en": "{label} describes a network too large to load.",
        "zh": "{label} 描述的网络太大，无法加载。",
    },
    "err_store_shapes": {
        "en": "{label}: the weight shapes do not match the network its settings describe.",
        "zh": "{label}：权重的形状与其设置所描述的网络不符。",
    },
    "err_store_float": {
        "en": "{label}: the weights must be floating-point numbers.",
        "zh": "{label}：权重必须是浮点数。",
    },
    "err_store_finite": {
        "en": "{label}: the weights must be finite floating-point numbers.",
        "zh": "{label}：权重必须是有限的浮点数。",
    },
    "err_store_weights_unsafe": {
        "en": "{label}: the weights cannot be read safely (damaged, or not written by seqgen). Choose a model file that seqgen saved.",
        "zh": "{label}：无法安全地读取权重（已损坏，或不是 seqgen 写入的）。" + _FILE,
    },
    "err_store_cannot_read": {
        "en": "Cannot read the model {path}: {reason}. It may have been deleted or moved; refresh the list of models.",
        "zh": "无法读取模型 {path}：{reason}。它可能已被删除或移动；请刷新模型列表。",
    },
    "err_store_delete": {
        "en": "Could not delete {path}: {reason}. It may already be gone, or the model folder is read-only.",
        "zh": "无法删除 {path}：{reason}。它可能已经不存在，或者模型文件夹是只读的。",
    },
    "err_store_name_empty": {
        "en": "A model name cannot be empty. Type a name.",
        "zh": "模型名称不能为空。请输入一个名称。",
    },
    "err_store_name_exists": {
        "en": "A model called {name} already exists. Choose another name.",
        "zh": "已经有名为 {name} 的模型。请换一个名称。",
    },
    "err_vocab_specials": {
        "en": "The vocabulary must start with {specials}.",
        "zh": "词表必须以 {specials} 开头。",
    },
    "err_vocab_twice": {
        "en": "The vocabulary lists a token twice.",
        "zh": "词表中有重复的记号。",
    },
    "err_vocab_strings": {
        "en": "The vocabulary file must list tokens as strings.",
        "zh": "词表文件中的记号必须是字符串。",
    },
    "err_vocab_level": {
        "en": "Unknown vocabulary level {level}.",
        "zh": "未知的词表级别 {level}。",
    },
    "err_vocab_invalid": {
        "en": "The vocabulary file is not valid: {detail}",
        "zh": "词表文件无效：{detail}",
    },
    # ---- training (seqgen/jobs.py, callbacks.py)
    "err_train_nan": {
        "en": "The loss became NaN (training diverged), so training stopped and the last good weights were kept. Try a lower learning rate.",
        "zh": "损失变成了 NaN（训练发散），训练已停止，并保留了最后一组正常的权重。请尝试更低的学习率。",
    },
    "err_train_stopped": {
        "en": "Stopped by the user; the weights trained so far are kept.",
        "zh": "已由用户停止；目前训练好的权重会被保留。",
    },
    "err_train_budget": {
        "en": "Time budget of {minutes} minutes used up.",
        "zh": "{minutes} 分钟的时间预算已用完。",
    },
    "err_train_early": {
        "en": "Stopped early: the validation loss has not improved for {patience} epochs (best {best} at epoch {epoch}).",
        "zh": "提前停止：验证损失已经 {patience} 轮没有改善（最佳值 {best}，出现在第 {epoch} 轮）。",
    },
    "err_train_cancelled": {
        "en": "Cancelled before training started.",
        "zh": "训练开始前已取消。",
    },
    "err_train_unexpected": {
        "en": "Training failed unexpectedly: {detail}",
        "zh": "训练意外失败：{detail}",
    },
    "err_train_save": {
        "en": "Could not save the model ({kind}: {detail}); download it now.",
        "zh": "无法保存模型（{kind}：{detail}）；请现在就下载它。",
    },
    # ---- the CLI (seqgen/commands.py); shown only in a terminal, translated for completeness
    "err_cli_no_corpus": {
        "en": "Give either corpus files or --builtin NAME (see `seqgen corpora`).",
        "zh": "请给出语料文件，或使用 --builtin NAME（见 `seqgen corpora`）。",
    },
    "err_cli_out_ext": {
        "en": "--out must end in one of {exts} for music; got {ext}.",
        "zh": "音乐的 --out 必须以 {exts} 之一结尾；实际为 {ext}。",
    },
    "err_cli_level": {
        "en": "The model reads {model_level} tokens but the corpus gives {corpus_level} tokens. Evaluate it on a corpus of the kind it was trained on.",
        "zh": "模型读取的是 {model_level} 记号，但语料提供的是 {corpus_level} 记号。请用与训练时同类的语料来评估它。",
    },
    "err_cli_write": {
        "en": "Cannot write {path}: {reason}.",
        "zh": "无法写入 {path}：{reason}。",
    },
    # ---- developer-facing checks (baselines, repetition, quality)
    "err_ids_shape": {
        "en": "{name} must be a non-empty 1-D array of ids. shape is {shape}",
        "zh": "{name} 必须是非空的一维 id 数组。当前形状为 {shape}",
    },
    "err_ids_dtype": {
        "en": "{name} must hold integer ids. dtype is {dtype}",
        "zh": "{name} 必须是整数 id。当前 dtype 为 {dtype}",
    },
    "err_ids_range": {
        "en": "{name} ids must be in [0, {size}). They span [{low}, {high}]",
        "zh": "{name} 的 id 必须在 [0, {size}) 之内。实际范围为 [{low}, {high}]",
    },
    "err_vocab_size_min": {
        "en": "vocab_size must be >= 1. vocab_size is {value}",
        "zh": "vocab_size 必须 >= 1。当前为 {value}",
    },
    "err_max_order": {
        "en": "max_order must be in 2..10. max_order is {value}",
        "zh": "max_order 必须在 2..10 之间。当前为 {value}",
    },
    "err_order": {
        "en": "order must be in 1..{high}. order is {value}",
        "zh": "order 必须在 1..{high} 之间。当前为 {value}",
    },
    "err_lstm_loss": {
        "en": "lstm_loss must be a finite number >= 0. lstm_loss is {value}",
        "zh": "lstm_loss 必须是 >= 0 的有限数。当前为 {value}",
    },
    "err_repetition_n": {"en": "n must be >= 1. n is {value}", "zh": "n 必须 >= 1。当前为 {value}"},
    "err_min_run": {
        "en": "min_run must be >= 1. min_run is {value}",
        "zh": "min_run 必须 >= 1。当前为 {value}",
    },
}
