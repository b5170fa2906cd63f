"""The whole page: `main()` (called by app.py on every rerun).

Sidebar: language, presentation mode and the ready lesson, your name for
saved models, server settings, the share link. Body: the steps as tabs, each drawn
by its own section module. The settings live in the URL (seqgen.ui.share).
"""

from __future__ import annotations

import importlib.util
import os

import streamlit as st

import seqgen
from seqgen.ui import share
from seqgen.ui import state as S
from seqgen.ui.corpus import corpus_section
from seqgen.ui.generate import generate_section
from seqgen.ui.train import train_section

# Larger type for a projector; colours left to the light or dark theme.
CSS = """
<style>
.stTabs [data-baseweb="tab"] p { font-size: 1.15rem; font-weight: 600; }
.stMainBlockContainer { padding-top: 2rem; }
</style>
"""


def main() -> None:
    st.set_page_config(page_title="seqgen", page_icon="🎼", layout="wide")
    S.init_session()
    share.read_link()  # before any widget: a shared link sets their starting values
    st.markdown(CSS, unsafe_allow_html=True)
    sidebar()
    share.presentation_css()
    state = S.app_state()
    tr = state.tr
    st.title(tr("app_title"))
    st.markdown(tr("app_intro"))
    S.show_flash()
    reconnect(state)
    tabs = st.tabs([tr("tab_corpus"), tr("tab_train"), tr("tab_generate"), tr("tab_inside")])
    with tabs[0]:
        corpus_section(state)
    state = S.app_state()  # the corpus may have changed
    with tabs[1]:
        train_section(state)
    state = S.app_state()  # a finished job may have brought a model
    with tabs[2]:
        generate_section(state)
    with tabs[3]:
        inside_tab(S.app_state())
    share.share_box(share.write_link())  # last: every widget has its value now


def sidebar() -> None:
    S.language_switch()
    share.presentation_controls()
    tr = S.tr
    st.sidebar.text_input(tr("owner"), key="owner", help=tr("owner_help"), max_chars=40)
    st.sidebar.caption(tr("owner_default", label=st.session_state["session_label"]))
    with st.sidebar.expander(tr("about")):
        st.markdown(tr("about_text"))
        # Not seqgen.training_slots(): importing the jobs module imports Keras.
        slots = os.environ.get("SEQGEN_TRAINING_SLOTS", "2")
        st.caption(tr("server_settings", folder=seqgen.model_dir(), slots=slots))


def reconnect(state: S.AppState) -> None:
    """After a refresh, the URL's job id finds the running job, or the model it saved."""
    job_id = st.session_state.get("job_id", "")
    if not job_id or state.job is not None or st.session_state.get("reconnected") == job_id:
        return
    st.session_state["reconnected"] = job_id
    for manifest in seqgen.list_bundles():
        if manifest.get("job_id") == job_id:
            try:
                with st.spinner(S.tr("loading_model")):
                    bundle = seqgen.load_bundle(manifest["path"])
            except seqgen.SeqgenError as e:
                st.error(S.err(e))
                return
            S.set_model(S.LoadedModel.from_bundle(bundle, manifest["path"], "saved"))
            st.success(S.tr("reconnected_saved", path=manifest["path"]))
            return
    st.warning(S.tr("job_not_found"))
    S.forget_job()


def inside_tab(state: S.AppState) -> None:
    """The "Inside the network" tab, built by seqgen.ui.inside when it exists."""
    if importlib.util.find_spec("seqgen.ui.inside") is None:
        st.header(state.tr("tab_inside"))
        st.info(state.tr("inside_placeholder"))
        return
    from seqgen.ui.inside import inside_section

    inside_section(state, state.lang)
