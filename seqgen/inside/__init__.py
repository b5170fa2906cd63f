"""Classroom views of the model, no Streamlit here: `from seqgen.inside import network_dot`.

diagram.py  Graphviz DOT of the training unroll, the generation loop, teacher forcing
code.py     the Keras code of the current model (exercise style and compact), runnable
step.py     step-through decoding with probabilities, states and gates; uniform_loss
share.py    settings <-> URL query (shareable links); presentation-mode CSS
"""

from .code import compact_code, exercise_code, run_code
from .diagram import forcing_dot, network_dot
from .share import PRESENTATION_CSS, settings_from_query, settings_to_query
from .step import GATES, StepRecord, StepThrough, forcing_example, uniform_loss

__all__ = [
    "GATES",
    "PRESENTATION_CSS",
    "StepRecord",
    "StepThrough",
    "compact_code",
    "exercise_code",
    "forcing_dot",
    "forcing_example",
    "network_dot",
    "run_code",
    "settings_from_query",
    "settings_to_query",
    "uniform_loss",
]
