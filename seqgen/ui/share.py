"""Settings in the URL, a share link, presentation mode: `read_link()` first, `write_link()` last.

A teacher's link (?lang=zh&preset=lesson&temperature=0.5 ...) fills the widgets of
a new session: its values go into st.session_state before any widget is created,
so each widget starts from them (and keeps them until a model is there to show
the Generate step's widgets). After every run the URL is rewritten from the
widgets, so the address bar is always a link to the current settings. `job`
stays in the URL but not in the share link: it is this session's own training.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

import seqgen
from seqgen.ui import state as S
from seqgen.ui.generate import MAX_UI_LENGTH


def _clamp(low, high):
    return lambda v: min(max(v, low), high)


def _same(v):
    return v


def _rounded(v) -> float:
    return round(float(v), 4)  # a slider's 0.8500000000000001 reads as 0.85 in the URL


# setting -> (session_state key of its widget, link value -> widget value, widget -> link)
WIDGETS = {
    "lang": ("lang", _same, _same),
    "present": ("present", bool, bool),
    "corpus": ("corpus_choice", _same, _same),
    "preset": ("preset", _same, _same),
    "length": ("length", _clamp(1, MAX_UI_LENGTH), int),
    "argmax": ("mode", lambda v: "argmax" if v else "sample", lambda v: v == "argmax"),
    "temperature": ("temperature", _clamp(0.05, 2.0), _rounded),
    "top_k": ("top_k", lambda v: v or 0, lambda v: int(v) or None),  # 0 in the widget = off
    "top_p": (
        "top_p",
        lambda v: 1.0 if v is None else _clamp(0.05, 1.0)(v),
        lambda v: None if v >= 1.0 else _rounded(v),  # 1.0 in the widget = off
    ),
    "random_seed": ("gen_seed", _same, int),
    "seed_text": ("seed", _same, _same),
    "instrument": ("instrument", _same, int),  # checked against the list by its widget
    "tempo": ("tempo", lambda v: int(round(_clamp(40, 240)(v))), float),
}


def read_link() -> None:
    """Once per session: the link's valid settings become the widgets' starting values."""
    ss = st.session_state
    if ss.get("link_read"):
        return
    ss["link_read"] = True
    settings = seqgen.settings_from_query(st.query_params.to_dict())
    if "seed_text" in settings:
        settings["seed_text"] = _keep_spaces(st.query_params["seed_text"], settings["seed_text"])
    if "corpus" in settings:
        if settings["corpus"] in {i.name for i in seqgen.list_builtins()}:
            ss["corpus_source"] = "builtin"
        else:
            del settings["corpus"]  # an uploaded corpus cannot travel in a link
    for name, value in settings.items():
        key, to_widget, _ = WIDGETS[name]
        ss[key] = to_widget(value)


def current_settings() -> dict:
    """The shareable settings as the widgets hold them (only those this session has)."""
    ss = st.session_state
    settings = {}
    for name, (key, _, to_link) in WIDGETS.items():
        if ss.get(key) is not None:
            settings[name] = to_link(ss[key])
    if ss.get("corpus_source", "builtin") != "builtin":
        settings.pop("corpus", None)
    return settings


def _keep_spaces(raw: str, checked: str) -> str:
    """The seed as typed: settings_from/to_query strip it, but "The " and "The" differ
    (the space is the first token a character model reads after the word)."""
    return raw if raw.strip() == checked and len(raw) <= 200 else checked


def write_link() -> dict[str, str]:
    """Rewrite the URL from the widgets (other parameters such as `job` kept); returns
    the shareable query."""
    settings = current_settings()
    query = seqgen.settings_to_query(settings)
    seed = settings.get("seed_text")
    if seed and "seed_text" not in query and seqgen.settings_to_query({"seed_text": seed.strip()}):
        query["seed_text"] = _keep_spaces(seed, seed.strip())
    old = st.query_params.to_dict()
    new = {**query, **{k: v for k, v in old.items() if k not in WIDGETS}}
    if new != old:
        st.query_params.from_dict(new)
    return query


def share_box(query: dict[str, str]) -> None:
    """The share link, at the foot of the sidebar: drawn last, when every widget has
    its value (a placeholder higher up would flash empty during each run)."""
    base = st.context.url or ""
    with st.sidebar.expander(S.tr("share_title"), icon=":material/link:"):
        st.code(f"{base}?{urlencode(query)}", language=None, wrap_lines=True)
        st.caption(S.tr("share_help"))


def presentation_controls() -> None:
    """Sidebar: the presentation-mode toggle and the ready lesson button."""
    st.sidebar.toggle(S.tr("present"), key="present", help=S.tr("present_help"))
    st.sidebar.button(
        S.tr("lesson_button"), key="lesson", on_click=_pick_lesson, help=S.tr("lesson_help")
    )


def _pick_lesson() -> None:
    st.session_state["preset"] = "lesson"
    S.flash("info", S.tr("lesson_picked"))


def presentation_css() -> None:
    """Large type, advanced controls (keys `adv_...`) hidden, while the toggle is on."""
    if st.session_state.get("present"):
        st.html(seqgen.PRESENTATION_CSS)
