"""A command on a fresh 80x24 pseudo-terminal of its own (the issue's launch method: no tmux in
between), read until a marker is on screen, then sent keys and read until it closes the
terminal. Shared by benches/in_pty.py (benches/interleaved.sh's pty mode) and
benches/vs-anki.py, so that both measure a launch the same way."""
import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time


def spawn(cmd, marker: bytes, env=None, cwd=None, timeout: float = 30.0):
    """Starts `cmd` on a fresh 80x24 pseudo-terminal and reads what it writes until `marker` is
    in it. Returns (seconds from the spawn to the marker, the process, the master fd,
    everything read). Raises RuntimeError when the marker does not come within `timeout`
    seconds or the process closes the terminal first."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                         close_fds=True, start_new_session=True)
    os.close(slave)
    seen = b""
    while marker not in seen:
        r, _, _ = select.select([master], [], [], timeout)
        if not r:
            raise RuntimeError(f"{cmd[0]}: no {marker!r} within {timeout:.0f} s: {seen[-300:]!r}")
        try:
            seen += os.read(master, 65536)
        except OSError:
            raise RuntimeError(f"{cmd[0]} ended before {marker!r}: {seen[-300:]!r}")
    return time.perf_counter() - start, p, master, seen


def peak_rss_kb(pid: int) -> int:
    """The process's peak resident set so far (VmHWM), in KiB."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))


def cpu_ms(pid: int) -> float:
    """The process's own CPU time so far (user + system), in milliseconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def finish(p, master, keys, gap: float = 0.0) -> None:
    """Sends each of `keys` (bytes, `gap` seconds apart), reads until the process closes the
    terminal (or is silent for 10 s), waits for it to end and closes the master fd."""
    for k in keys:
        os.write(master, k)
        if gap:
            time.sleep(gap)
    try:
        while True:
            r, _, _ = select.select([master], [], [], 10)
            if not r or not os.read(master, 65536):
                break
    except OSError:
        pass
    p.wait(timeout=30)
    os.close(master)
