"""Settings in the URL, for links a teacher shares: `st.query_params.update(settings_to_query(s))`.

`settings_from_query(st.query_params.to_dict())` reads them back, keeping only
known keys with valid values: a hand-edited or stale link never breaks the page,
its bad values are just ignored. The app checks `corpus` against its own list.
"""

from __future__ import annotations

import math
import re

from ..config import MAX_LENGTH, PRESETS

LANGS = ("en", "zh")
_NAME = re.compile(r"^[\w .()+\-]{1,80}$")  # corpus names: no slashes, no control characters


def _int(low: int, high: int):
    def parse(text: str):
        value = int(text)
        return value if low <= value <= high else None

    return parse


def _float(low: float, high: float, low_open: bool = False):
    def parse(text: str):
        value = float(text)
        ok = math.isfinite(value) and value <= high and (value > low if low_open else value >= low)
        return value if ok else None

    return parse


def _optional(parse):
    """ "off" (or empty) means None: top-k and top-p can be switched off."""
    return lambda text: None if text in ("", "off") else parse(text)


def _bool(text: str):
    return {"1": True, "true": True, "0": False, "false": False}.get(text.lower())


def _choice(options):
    return lambda text: text if text in options else None


def _text(max_len: int):
    return lambda text: text if len(text) <= max_len and text.isprintable() else None


# key -> parser (text -> value, or None for a bad value). None is a valid value only
# for the _optional keys, which write it as "off".
FIELDS = {
    "lang": _choice(LANGS),
    "present": _bool,  # presentation mode: large type, advanced controls hidden
    "corpus": lambda text: text if _NAME.match(text) else None,
    "preset": _choice(tuple(PRESETS)),
    "length": _int(1, MAX_LENGTH),
    "argmax": _bool,
    "temperature": _float(0.0, 100.0, low_open=True),
    "top_k": _optional(_int(1, 1_000_000)),
    "top_p": _optional(_float(0.0, 1.0, low_open=True)),
    "random_seed": _int(0, 2**32 - 1),
    "seed_text": _text(200),  # the seed typed for generation
    "instrument": _int(0, 127),
    "tempo": _float(20.0, 400.0),
}
OPTIONAL = {"top_k", "top_p"}


def _format(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return "off"
    if isinstance(value, float):
        return repr(value)  # round-trips exactly
    return str(value)


def _parse(key: str, raw) -> tuple[bool, object]:
    """(ok, value) for one query value; a list (repeated key) counts by its last item."""
    if isinstance(raw, (list, tuple)):
        if not raw:
            return False, None
        raw = raw[-1]
    try:
        value = FIELDS[key](str(raw).strip())
    except (ValueError, OverflowError):
        return False, None
    return value is not None or (key in OPTIONAL and str(raw).strip() in ("", "off")), value


def settings_from_query(query) -> dict:
    """The valid known settings in a query mapping ({key: str or [str]}); the rest ignored."""
    settings = {}
    for key, raw in dict(query).items():
        if key in FIELDS:
            ok, value = _parse(key, raw)
            if ok:
                settings[key] = value
    return settings


def settings_to_query(settings: dict) -> dict[str, str]:
    """Query parameters {key: text} of the known, valid settings (others left out)."""
    query = {}
    for key, value in settings.items():
        if key in FIELDS and (value is not None or key in OPTIONAL):
            text = _format(value)
            ok, parsed = _parse(key, text)
            if ok and parsed == value:
                query[key] = text
    return query


# Large type for a projector; hides the advanced controls. Show it with st.html(...).
# Put advanced controls in `st.container(key="adv_...")` (or give them a key starting
# with "adv_"): Streamlit adds the class `st-key-adv_...`, which this hides.
PRESENTATION_CSS = """
<style>
html { font-size: 20px; }
.stMarkdown p, .stMarkdown li, .stCaption, label p, button p, [data-testid="stMetricValue"] {
  font-size: 1.3rem !important; line-height: 1.5 !important;
}
h1 { font-size: 2.8rem !important; }
h2 { font-size: 2.2rem !important; }
h3 { font-size: 1.8rem !important; }
.stTabs [data-baseweb="tab"] p { font-size: 1.5rem !important; }
code, pre { font-size: 1.05rem !important; }
[class*="st-key-adv_"] { display: none !important; }
</style>
"""
