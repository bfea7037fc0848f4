#!/usr/bin/env python3
"""Spawns a command on a fresh 80x24 pseudo-terminal (the issue's launch method: no tmux in
between), waits until TEXT is in what it writes, and prints "wall_ms cpu_ms rss_kb": the time
from spawn to TEXT, the process's own CPU time (user + system, from /proc/PID/stat) and its
VmHWM at that moment. Then sends each of KEYS ("|"-separated, Python escapes: "\\x1b|y|\\r|q"),
one every 0.1 s, and waits for the process to end. Used by benches/interleaved.sh's pty mode;
the terminal is benches/pty_run.py's, shared with benches/vs-anki.py.
Usage: in_pty.py TEXT KEYS -- CMD ARGS..."""
import sys

from pty_run import cpu_ms, finish, peak_rss_kb, spawn

text = sys.argv[1].encode()
keys = [k.encode().decode("unicode_escape").encode("latin-1") for k in sys.argv[2].split("|")]
cmd = sys.argv[sys.argv.index("--") + 1:]
try:
    took, p, master, _ = spawn(cmd, text)
except RuntimeError as e:
    sys.exit(str(e))
print(f"{took * 1000:.1f} {cpu_ms(p.pid):.0f} {peak_rss_kb(p.pid)}", flush=True)
finish(p, master, keys, gap=0.1)
