#!/usr/bin/env bash
# Reproduces every figure in docs/performance.md: generates the 1k / 10k / 100k collections
# (once, under ${SMRITI_BENCH_DIR:-/tmp/smriti-bench}), runs benches/scale.rs on them, and
# times `smriti check` and `smriti rebuild` as whole processes (wall time and peak RSS), and
# runs the real app in tmux (80x24) for its time to the first frame and its peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${SMRITI_BENCH_DIR:-/tmp/smriti-bench}
runs=${RUNS:-5}
cargo build --release --quiet --example gen_collection
cargo build --release --quiet
mkdir -p "$dir"
# The 1,000,000-card / 10,000,000-review point (issue 16 point 6) takes about 4.5 GB of disk and
# ten minutes to generate: only with BENCH_1M=1, never in CI.
specs=("1k 1000 10 10000" "10k 10000 20 100000" "100k 100000 50 1000000")
sizes=(1k 10k 100k)
if [ "${BENCH_1M:-0}" = 1 ]; then
    specs+=("1m 1000000 500 10000000")
    sizes+=(1m)
fi
for spec in "${specs[@]}"; do
    set -- $spec
    if [ ! -f "$dir/$1/saves/progress.json" ]; then
        ./target/release/examples/gen_collection --cards "$2" --decks "$3" --reviews "$4" --out "$dir/$1"
    fi
done

echo "== benches/teacher.rs (check and export --format md of one 10k / 100k-card deck)"
cargo bench --quiet --bench teacher -- "$dir"

echo "== benches/scale.rs"
cargo bench --quiet --bench scale -- "${sizes[@]/#/$dir/}"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "== whole processes (median of $runs runs; wall seconds, peak RSS MB)"
for size in "${sizes[@]}"; do
    for what in check rebuild; do
        times=(); rss=()
        for _ in $(seq "$runs"); do
            work=$(mktemp -d)
            cp "$dir/$size/saves/reviews.jsonl" "$dir/$size/saves/progress.json" "$work/"
            # The copy written back first, or the kernel's writeback of it competes with the
            # measured process (rebuild at 100k: 1.5 s after sync, ~1.9 s without).
            sync
            if [ "$what" = check ]; then
                cmd=(./target/release/smriti check "$dir/$size/decks")
            else
                cmd=(./target/release/smriti --saves "$work" rebuild)
            fi
            /usr/bin/time -o "$work/time" -f "%e %M" "${cmd[@]}" >/dev/null 2>&1 || true
            out=$(tail -1 "$work/time")
            times+=("${out% *}"); rss+=("${out#* }")
            rm -rf "$work"
        done
        t=$(printf '%s\n' "${times[@]}" | median)
        m=$(printf '%s\n' "${rss[@]}" | median)
        printf '  %-5s %-8s %6.2f s  %7.1f MB\n' "$size" "$what" "$t" "$(echo "$m / 1024" | bc -l)"
    done
done

echo "== the app in tmux, 80x24 (median of $runs runs; launch to deck list on screen, peak RSS at that moment)"
echo "   first launch: no deck index yet (every deck file read); later launch: the usual case"
# Launches the app on saves folder $1, waits for the deck list, prints "ms rss_kb", quits.
launch() {
    tmux kill-session -t smriti-bench 2>/dev/null || true
    local start end pid
    start=$(date +%s%N)
    tmux new-session -d -s smriti-bench -x 80 -y 24 \
        "SMRITI_NOW=2026-11-22T06:00:00Z exec ./target/release/smriti --decks $dir/$size/decks --saves $1"
    until tmux capture-pane -p -t smriti-bench 2>/dev/null | grep -q "Decks ("; do sleep 0.002; done
    end=$(date +%s%N)
    pid=$(tmux list-panes -t smriti-bench -F '#{pane_pid}')
    echo "$(( (end - start) / 1000000 )) $(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
    tmux send-keys -t smriti-bench q
    while tmux has-session -t smriti-bench 2>/dev/null; do sleep 0.01; done
}
if command -v tmux >/dev/null; then
    for size in "${sizes[@]}"; do
        cold=(); cold_rss=(); times=(); rss=()
        for _ in $(seq "$runs"); do
            work=$(mktemp -d)
            # -p keeps the snapshot's time, by which its binary copy progress.cache (written
            # by the generator's rebuild) knows it; without the cache the JSON is read.
            cp -p "$dir/$size/saves/reviews.jsonl" "$dir/$size/saves/progress.json" "$work/"
            if [ -f "$dir/$size/saves/progress.cache" ]; then cp -p "$dir/$size/saves/progress.cache" "$work/"; fi
            sync
            out=$(launch "$work"); cold+=("${out% *}"); cold_rss+=("${out#* }")
            out=$(launch "$work"); times+=("${out% *}"); rss+=("${out#* }")
            rm -rf "$work"
        done
        printf '  %-5s first launch %5d ms  peak RSS %6.1f MB | later launch %5d ms  peak RSS %6.1f MB\n' "$size" \
            "$(printf '%s\n' "${cold[@]}" | median)" "$(echo "$(printf '%s\n' "${cold_rss[@]}" | median) / 1024" | bc -l)" \
            "$(printf '%s\n' "${times[@]}" | median)" "$(echo "$(printf '%s\n' "${rss[@]}" | median) / 1024" | bc -l)"
    done
else
    echo "  (tmux not installed: skipped)"
fi
