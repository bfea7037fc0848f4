#!/usr/bin/env python3
"""Spawns a command on a fresh 80x24 pseudo-terminal (the issue's launch method: no tmux in
between), waits until TEXT is in what it writes, and prints "wall_ms cpu_ms rss_kb": the time
from spawn to TEXT, the process's own CPU time (user + system, from /proc/PID/stat) and its
VmHWM at that moment. Then sends each of KEYS ("|"-separated, Python escapes: "\\x1b|y|\\r|q"),
one every 0.1 s, and waits for the process to end. Used by benches/interleaved.sh's pty mode.
Usage: in_pty.py TEXT KEYS -- CMD ARGS..."""
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

text = sys.argv[1].encode()
keys = [k.encode().decode("unicode_escape").encode("latin-1") for k in sys.argv[2].split("|")]
cmd = sys.argv[sys.argv.index("--") + 1:]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
start = time.perf_counter()
p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                     start_new_session=True)
os.close(slave)
seen = b""
while text not in seen:
    r, _, _ = select.select([master], [], [], 30)
    if not r:
        sys.exit(f"no {text!r} within 30 s: {seen[-300:]!r}")
    try:
        seen += os.read(master, 65536)
    except OSError:
        sys.exit(f"ended before {text!r}: {seen[-300:]!r}")
took = time.perf_counter() - start
with open(f"/proc/{p.pid}/stat") as f:
    fields = f.read().rsplit(")", 1)[1].split()
cpu = (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
with open(f"/proc/{p.pid}/status") as f:
    rss = next(line.split()[1] for line in f if line.startswith("VmHWM"))
print(f"{took * 1000:.1f} {cpu:.0f} {rss}", flush=True)
for k in keys:
    os.write(master, k)
    time.sleep(0.1)
try:
    while True:
        r, _, _ = select.select([master], [], [], 10)
        if not r or not os.read(master, 65536):
            break
except OSError:
    pass
p.wait(timeout=30)
