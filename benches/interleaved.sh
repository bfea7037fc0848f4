#!/usr/bin/env bash
# Times two smriti builds against each other, interleaved run by run (the final measurement of
# issue 16 in docs/performance.md): the app spawned in tmux at 80x24 until a text is on screen
# (wall ms, the process's own CPU ms from /proc/PID/stat, VmHWM kB at that moment), and whole
# commands under /usr/bin/time. Usage:
#   benches/interleaved.sh tmux  RUNS "TEXT" BIN_A SAVES_A BIN_B SAVES_B -- ARGS...
#   benches/interleaved.sh pty   RUNS "TEXT" BIN_A SAVES_A BIN_B SAVES_B -- ARGS...
#   benches/interleaved.sh cmd   RUNS BIN_A SAVES_A BIN_B SAVES_B -- ARGS...
# ARGS may use @SAVES@ for the build's saves folder. Prints one line per run and build:
#   label wall_ms cpu_ms rss_kb
# In tmux mode the app is left with the keys in QUIT_KEYS (default "Escape q"); a mock test
# needs "Escape y Enter q" (submit, back to the decks, quit), or the next run would find it
# unfinished and offer it instead of a new test. The tmux session is this script's own.
# The pty mode is the issue's launch method (benches/in_pty.py: a pseudo-terminal of its own,
# no tmux; ~15-40 ms less than tmux): TEXT is looked for in the bytes the app writes, so give
# one word of the screen ("Decks", "Question"), which escape sequences do not split.
set -euo pipefail
mode=$1; shift
runs=$1; shift
if [ "$mode" = tmux ] || [ "$mode" = pty ]; then text=$1; shift; fi
bin_a=$1 saves_a=$2 bin_b=$3 saves_b=$4; shift 4
[ "$1" = -- ] && shift
tick=$(getconf CLK_TCK)
session=smriti-il-$$
read -r -a quit_keys <<<"${QUIT_KEYS:-Escape q}"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
one_tmux() { # bin saves args...
    local bin=$1 saves=$2; shift 2
    local args=("${@//@SAVES@/$saves}")
    tmux kill-session -t $session 2>/dev/null || true
    local start end pid stat
    start=$(date +%s%N)
    tmux new-session -d -s $session -x 80 -y 24 \
        "TZ=UTC SMRITI_NOW=2026-11-22T06:00:00Z exec $bin ${args[*]}"
    until tmux capture-pane -p -t $session 2>/dev/null | grep -q "$text"; do
        tmux has-session -t $session 2>/dev/null || { echo "exited before '$text'" >&2; return 1; }
        sleep 0.002
    done
    end=$(date +%s%N)
    pid=$(tmux list-panes -t $session -F '#{pane_pid}')
    stat=$(cut -d')' -f2- "/proc/$pid/stat")
    local cpu=$(echo "$stat" | awk -v t="$tick" '{print ($12 + $13) * 1000 / t}')
    echo "$(( (end - start) / 1000000 )) $cpu $(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
    # One key at a time: Escape and the next key sent at once read as Alt+key.
    for k in "${quit_keys[@]}"; do tmux send-keys -t $session "$k"; sleep 0.1; done
    for _ in $(seq 300); do tmux has-session -t $session 2>/dev/null || break; sleep 0.01; done
    tmux kill-session -t $session 2>/dev/null || true
    while [ -e "/proc/$pid" ]; do sleep 0.01; done
}
one_pty() { # bin saves args...
    local bin=$1 saves=$2; shift 2
    local args=("${@//@SAVES@/$saves}") keys
    keys=$(printf '%s|' "${quit_keys[@]}" | sed -e 's/Escape/\\x1b/g' -e 's/Enter/\\r/g' -e 's/|$//')
    TZ=UTC SMRITI_NOW=2026-11-22T06:00:00Z TERM=${TERM:-xterm-256color} \
        python3 "$(dirname "$0")/in_pty.py" "$text" "$keys" -- "$bin" "${args[@]}"
}
one_cmd() {
    local bin=$1 saves=$2; shift 2
    local args=("${@//@SAVES@/$saves}")
    sync
    TZ=UTC SMRITI_NOW=2026-11-22T06:00:00Z /usr/bin/time -o "$tmp" -f "%e %U %S %M" \
        "$bin" "${args[@]}" >/dev/null 2>&1 || true
    tail -1 "$tmp" | awk '{printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4}'
}
for i in $(seq "$runs"); do
    for which in a b; do
        if [ $which = a ]; then bin=$bin_a saves=$saves_a; else bin=$bin_b saves=$saves_b; fi
        echo "$which $(one_$mode "$bin" "$saves" "$@") load $(cut -d' ' -f1 /proc/loadavg)"
    done
done
