"""Saved models: `model = models_section(state)` picks the model the Generate step uses.

The model folder ($SEQGEN_MODEL_DIR) is shared by everyone on the server, so the
list shows who trained each model and when. A model is loaded only when picked
(that is when TensorFlow is first imported). Uploaded .seqgen files are checked
by seqgen.load_bundle_bytes and stay in this session.
"""

from __future__ import annotations

import hashlib
import math
import os

import streamlit as st

import seqgen
from seqgen.ui import state as S

SESSION = "__session__"  # the option for a model that is only in this session's memory


@st.cache_data(max_entries=4, show_spinner=False)
def _bundles(folder: str, signature: tuple) -> list[dict]:
    """Manifests of the saved models; `signature` (names, sizes, times) invalidates it."""
    return seqgen.list_bundles(folder)


def saved_models() -> list[dict]:
    folder = seqgen.model_dir()
    try:
        entries = sorted(
            (e.name, e.stat().st_size, e.stat().st_mtime)
            for e in os.scandir(folder)
            if e.name.endswith(".seqgen")
        )
    except OSError:
        return []
    return _bundles(folder, tuple(entries))


def describe(m: dict, tr) -> str:
    loss = (m.get("metrics") or {}).get("val_loss")
    loss = f"{loss:.3f}" if isinstance(loss, (int, float)) and math.isfinite(loss) else "–"
    return tr(
        "model_option",
        name=m.get("name", "?"),
        corpus=m.get("corpus", "?"),
        preset=m.get("preset", "?"),
        owner=m.get("owner", "?"),
        when=m.get("created", "?"),
        loss=loss,
    )


def models_section(state: S.AppState):
    """The model picker and the manage/upload area; returns the LoadedModel in use."""
    tr = state.tr
    st.subheader(tr("model_title"))
    saved = {m["path"]: m for m in saved_models()}
    current = st.session_state.get("model")
    options = list(saved)
    if current is not None and current.path not in saved:
        options.insert(0, SESSION)
    _sync_pick(current, options)
    pick = st.selectbox(
        tr("model_pick"),
        options,
        index=None,
        placeholder=tr("model_placeholder") if options else tr("no_models"),
        format_func=lambda p: _label(p, saved, current, tr),
        key="model_pick",
    )
    if pick and pick != SESSION and (current is None or current.path != pick):
        current = _load_saved(pick, tr) or current
    if current is None:
        st.info(tr("generate_empty"))
    _manage(current, saved, tr)
    return st.session_state.get("model")


def _label(path, saved, current, tr) -> str:
    if path == SESSION and current is not None:
        return tr("session_model", name=current.name)
    return describe(saved.get(path, {}), tr)


def _sync_pick(current, options) -> None:
    """Point the picker at the model in use when it changed elsewhere (training, upload)."""
    ss = st.session_state
    if ss.get("model_pick") not in options:
        ss.pop("model_pick", None)
    if current is not None and ss.get("pick_synced") != current.uid:
        ss["pick_synced"] = current.uid
        ss["model_pick"] = current.path if current.path in options else SESSION


def _load_saved(path: str, tr):
    try:
        with st.spinner(tr("loading_model")):
            bundle = seqgen.load_bundle(path)
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
        return None
    model = S.LoadedModel.from_bundle(bundle, path, "saved")
    S.set_model(model)
    st.session_state["pick_synced"] = model.uid
    return model


def _manage(current, saved: dict, tr) -> None:
    # adv_: hidden in presentation mode (the projector shows the lesson, not file handling)
    with st.container(key="adv_models"), st.expander(tr("manage_models")):
        if saved:
            st.dataframe(_table(saved.values(), tr), hide_index=True, width="stretch")
        else:
            st.caption(tr("no_models"))
        st.caption(tr("model_folder", folder=os.path.abspath(seqgen.model_dir())))
        if current is not None:
            _download(current, tr)
            if current.path and current.path in saved:
                _rename_delete(current, tr)
        _upload(tr)


def _table(manifests, tr) -> list[dict]:
    rows = []
    for m in manifests:
        loss = (m.get("metrics") or {}).get("val_loss")
        rows.append(
            {
                tr("col_name"): m.get("name", ""),
                tr("col_corpus"): m.get("corpus", ""),
                tr("col_preset"): m.get("preset", ""),
                tr("col_owner"): m.get("owner", ""),
                tr("col_when"): m.get("created", ""),
                tr("col_val_loss"): round(loss, 3) if isinstance(loss, (int, float)) else None,
            }
        )
    return rows


def _download(current, tr) -> None:
    if current.path and os.path.exists(current.path):

        def data(path=current.path) -> bytes:
            try:
                with open(path, "rb") as f:
                    return f.read()
            except OSError:  # deleted by someone else since the page was drawn
                return b""

    elif current.manifest.get("_raw") is not None:
        data = current.manifest["_raw"]
    else:
        return
    st.download_button(
        tr("download_model"),
        data,
        file_name=os.path.basename(current.path) or f"{current.name}.seqgen",
        mime="application/zip",
        key="download_model",
        on_click="ignore",
    )


def _rename_delete(current, tr) -> None:
    c1, c2 = st.columns(2)
    new_name = c1.text_input(tr("new_name"), value=current.name, key="rename_to")
    if c1.button(tr("rename"), key="rename_model"):
        try:
            path = seqgen.rename_bundle(current.path, new_name)
        except seqgen.SeqgenError as e:  # also a file deleted meanwhile
            c1.error(S.err(e))
        else:
            current.path, current.name = path, new_name.strip()
            st.session_state["pick_synced"] = None  # re-point the picker at the new path
            st.rerun()
    sure = c2.checkbox(tr("delete_confirm"), key="delete_sure")
    if c2.button(tr("delete"), key="delete_model", disabled=not sure):
        try:
            seqgen.delete_bundle(current.path)
        except seqgen.SeqgenError as e:
            c2.error(S.err(e))
        else:
            current.path = ""  # still usable in this session until another is picked
            st.session_state["pick_synced"] = None
            st.rerun()


def _upload(tr) -> None:
    up = st.file_uploader(
        tr("upload_model"),
        type=["seqgen"],
        key="model_upload",
        help=tr("upload_model_help", limit=S.upload_limit_mb()),
    )
    if up is None:
        return
    data = up.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get("uploaded_model") == digest:
        return
    try:
        with st.spinner(tr("loading_model")):
            bundle = seqgen.load_bundle_bytes(data, up.name)
    except seqgen.SeqgenError as e:
        st.error(S.err(e))
        return
    st.session_state["uploaded_model"] = digest
    model = S.LoadedModel.from_bundle(bundle, "", "uploaded")
    model.manifest["_raw"] = data
    S.set_model(model)
    st.success(tr("model_uploaded", name=model.name))
    st.rerun()
