"""Per-session state of the app: `state = app_state()`; `tr("train")` in the page language.

Everything lives in `st.session_state`, so no user ever sees another's corpus,
job or outputs. The shared model folder on disk is the only thing in common.
The page URL keeps `lang` and `job`, so a refresh reconnects to a running job
(and the other shareable settings: seqgen.ui.share).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import streamlit as st

import seqgen
from seqgen.i18n import DEFAULT_LANG, LANGS, t
from seqgen.i18n.errors import localize


@dataclass
class LoadedModel:
    """A model ready to generate: trained in this session, or loaded from a bundle."""

    name: str
    keras_model: object  # keras.Model built by seqgen.build_model
    vocab: object  # seqgen.Vocab
    data: object  # seqgen.DataConfig
    model_cfg: object  # seqgen.ModelConfig
    manifest: dict = field(default_factory=dict)
    history: dict = field(default_factory=dict)
    path: str = ""  # where it is saved ("" if only in memory)
    source: str = "trained"  # "trained" | "saved" | "uploaded"
    uid: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def level(self) -> str:
        return self.vocab.level

    @property
    def kind(self) -> str:
        return "music" if self.level == "music" else "text"

    @classmethod
    def from_bundle(cls, bundle, path: str = "", source: str = "saved") -> LoadedModel:
        return cls(
            bundle.manifest.get("name", "model"),
            bundle.model,
            bundle.vocab,
            bundle.data,
            bundle.model_cfg,
            bundle.manifest,
            bundle.history,
            path,
            source,
        )

    @classmethod
    def from_job(cls, job) -> LoadedModel:
        r = job.result
        manifest = {"name": job.name, "metrics": r.metrics, **job.extra}
        return cls(job.name, r.model, r.vocab, r.data, r.model_cfg, manifest, {}, job.bundle_path)


@dataclass
class AppState:
    """What the sections share: passed to every `*_section` (and to the inside tab)."""

    lang: str
    corpus: object | None  # seqgen.Corpus chosen in the Corpus step
    model: LoadedModel | None  # the model the Generate step uses
    job: object | None  # this session's seqgen.TrainingJob, if any

    def tr(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def net(self):
        """The NumpyLSTM of the current model (built once per model and session)."""
        return net_for(self.model) if self.model else None


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANG)


def tr(key: str, **fmt) -> str:
    """`key` in the page language."""
    return t(key, lang(), **fmt)


def upload_limit_mb() -> int:
    """The largest upload in MB: Streamlit's server.maxUploadSize (.streamlit/config.toml)."""
    return int(st.get_option("server.maxUploadSize"))


def err(error) -> str:
    """The message of an engine error (a SeqgenError, or its text) in the page language."""
    return localize(str(error), lang())


def tr_or(key: str, default: str) -> str:
    """`key` in the page language, or `default` (engine text) when there is no entry."""
    text = tr(key)
    return default if text == key else text


# Radios and select boxes report the label they show: after a language change the old
# label matches no option and the widget would fall back to its default. Assigning
# each current value again in the switch's callback keeps every choice.
CHOICE_KEYS = (
    "corpus_source", "corpus_choice", "level", "voice", "part", "representation",
    "transpose", "preset", "mode", "instrument", "seed_kind", "seed_piece",
    "preview_piece", "model_pick", "inside_view",
)  # fmt: skip


def _sync_lang() -> None:
    ss = st.session_state
    st.query_params["lang"] = ss["lang"]
    for key in CHOICE_KEYS:
        if key in ss:
            ss[key] = ss[key]


def language_switch() -> str:
    """The EN/中文 switch (key "lang"), kept in the URL as ?lang=."""
    st.sidebar.radio(
        "Language / 语言",
        list(LANGS),
        format_func=LANGS.get,
        key="lang",
        on_change=_sync_lang,
        horizontal=True,
    )
    return lang()


def init_session() -> None:
    """Defaults for a new session; language and job id come from the URL."""
    ss = st.session_state
    if "lang" not in ss:
        wanted = st.query_params.get("lang", DEFAULT_LANG)
        ss["lang"] = wanted if wanted in LANGS else DEFAULT_LANG
    ss.setdefault("session_label", "guest-" + uuid.uuid4().hex[:4])
    ss.setdefault("nets", {})
    ss.setdefault("flash", [])
    if "job_id" not in ss:
        ss["job_id"] = st.query_params.get("job", "")


def app_state() -> AppState:
    ss = st.session_state
    return AppState(lang(), ss.get("corpus"), ss.get("model"), current_job())


def owner() -> str:
    """Who is training: the name typed in the sidebar, else this session's label."""
    return (st.session_state.get("owner") or "").strip()[:40] or st.session_state["session_label"]


def current_job():
    job_id = st.session_state.get("job_id", "")
    return seqgen.get_job(job_id) if job_id else None


def set_job(job) -> None:
    old = st.session_state.get("job_id", "")
    previous = seqgen.get_job(old) if old and old != job.id else None
    if previous is not None and not previous.running:
        seqgen.release_job(old)  # its model is saved; free the memory it holds
    st.session_state["job_id"] = job.id
    st.query_params["job"] = job.id


def forget_job() -> None:
    st.session_state["job_id"] = ""
    if "job" in st.query_params:
        del st.query_params["job"]


def set_corpus(corpus, key) -> None:
    st.session_state["corpus"] = corpus
    st.session_state["corpus_key"] = key


def set_model(model: LoadedModel | None) -> None:
    st.session_state["model"] = model


def net_for(model: LoadedModel):
    """NumpyLSTM.from_model, cached per model in this session (copying weights takes time)."""
    nets = st.session_state.setdefault("nets", {})
    if model.uid not in nets:
        nets.clear()  # keep one: the weights of old models need not stay in memory
        nets[model.uid] = seqgen.NumpyLSTM.from_model(model.keras_model)
    return nets[model.uid]


def flash(kind: str, text: str) -> None:
    """A message shown once at the top of the next run ("info", "success", "warning")."""
    st.session_state.setdefault("flash", []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.get("flash", []):
        getattr(st, kind)(text)
    st.session_state["flash"] = []
