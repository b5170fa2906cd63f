"""seqgen's benchmark: `python -m bench` (all sections), `--quick`, `--only generation,training`.

Every figure is a ratio of two things measured side by side in the same run on the
same machine, so a busy machine slows both sides. Sections: generation, training,
startup, firstloss, memory; each runs in its own Python process (see __main__.py).
"""
