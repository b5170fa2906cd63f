"""Music files made in memory for the tests: `midi_bytes([[(60, 0, 1)]])`.

Notes are (pitch, start, end) in quarter notes; nothing is read from disk.
"""

import io
import os
import tempfile

import mido
import pretty_midi

TPQ = 480  # ticks per quarter note


def midi_bytes(tracks, drums=(), tempo=120.0) -> bytes:
    """A type-1 MIDI file: one instrument per list of notes; `drums` adds a drum track."""
    pm = pretty_midi.PrettyMIDI(resolution=TPQ, initial_tempo=tempo)
    sec = 60.0 / tempo
    for i, notes in enumerate(tracks):
        inst = pretty_midi.Instrument(program=i, name=f"track {i}")
        inst.notes = [pretty_midi.Note(80, p, s * sec, e * sec) for p, s, e in notes]
        pm.instruments.append(inst)
    if drums:
        kit = pretty_midi.Instrument(program=0, is_drum=True, name="kit")
        kit.notes = [pretty_midi.Note(80, p, s * sec, e * sec) for p, s, e in drums]
        pm.instruments.append(kit)
    buf = io.BytesIO()
    pm.write(buf)
    return buf.getvalue()


def type0_bytes(data: bytes) -> bytes:
    """The same music merged into a single track (MIDI file type 0)."""
    src = mido.MidiFile(file=io.BytesIO(data))
    out = mido.MidiFile(type=0, ticks_per_beat=src.ticks_per_beat)
    out.tracks.append(mido.merge_tracks(src.tracks))
    buf = io.BytesIO()
    out.save(file=buf)
    return buf.getvalue()


def tempo_change_bytes(notes, tempos) -> bytes:
    """One track; `tempos` is [(quarter, bpm)], written as set_tempo events between notes."""
    msgs = []  # (tick, order, message): tempo before note-off before note-on
    for q, bpm in tempos:
        msgs.append((round(q * TPQ), 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))))
    for p, s, e in notes:
        msgs.append((round(s * TPQ), 2, mido.Message("note_on", note=p, velocity=80)))
        msgs.append((round(e * TPQ), 1, mido.Message("note_off", note=p)))
    track, now = mido.MidiTrack(), 0
    for tick, _, msg in sorted(msgs, key=lambda m: (m[0], m[1])):
        track.append(msg.copy(time=tick - now))
        now = tick
    out = mido.MidiFile(type=1, ticks_per_beat=TPQ)
    out.tracks.append(track)
    buf = io.BytesIO()
    out.save(file=buf)
    return buf.getvalue()


def music21_bytes(stream, fmt: str, ext: str) -> bytes:
    """What music21 writes for `stream` in format `fmt` ("midi", "mxl", "musicxml")."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "piece" + ext)
        stream.write(fmt, fp=path)
        with open(path, "rb") as f:
            return f.read()


ABC_TUNES = """X:1
T:First
M:4/4
L:1/8
K:G
GABc d2 B2 | c2 A2 G4 |]

X:2
T:Second
M:3/4
L:1/4
K:D
(3DEF G | A2 d | f3 |]

X:3
T:Only rests
M:4/4
L:1/4
K:C
z4 | z4 |]
"""
