#!/usr/bin/env bash
# The current table of docs/performance.md (issue 16 and issue 12 point 5): two
# release builds timed against each other, interleaved run by run, at 100k cards / 1M reviews,
# on their own copies of the saves folder (the shared collection is never written). Usage:
#   benches/final.sh BEFORE_BIN AFTER_BIN [COLLECTION_DIR] [TEACHER_DECK]
# (defaults /tmp/smriti-bench/100k and /tmp/smriti-bench/teacher-100k.json). Prints the raw
# lines of benches/interleaved.sh ("label wall_ms cpu_ms rss_kb load"; rebuild and answers:
# "label wall_s user_s sys_s rss_kb"). The in-process rows come from
# `cargo bench --bench scale -- DIR` and `cargo bench --bench teacher`, run apart.
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 col=${3:-/tmp/smriti-bench/100k} teacher=${4:-/tmp/smriti-bench/teacher-100k.json}
decks=$col/decks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=UTC SMRITI_NOW=2026-11-22T06:00:00Z
il=benches/interleaved.sh
# Each build's own copy, as a user's folder is after its first launch: its deck index by an
# untimed first run, then its derived copies (progress.cache with the per-deck summaries,
# stats.cache with the tag counters) by its own rebuild, which writes the summaries only for
# decks the deck index knows (so the index comes first: in the other order every timed
# `stats` would build every deck's summary again), then an exam date for exam-mode.
for w in a b; do
    bin=${!w}
    cp -a "$col/saves" "$work/$w"
    "$bin" --decks "$decks" --saves "$work/$w" stats >/dev/null
    "$bin" --decks "$decks" --saves "$work/$w" rebuild >/dev/null
    "$bin" --decks "$decks" --saves "$work/$w" exam-date 2027-05-24 >/dev/null
done
echo "== launch (pseudo-terminal 80x24 to the deck list: the issue's method) $(uptime)"
$il pty 7 "Decks" "$a" "$work/a" "$b" "$work/b" -- --decks "$decks" --saves @SAVES@
echo "== launch (tmux 80x24 to the deck list) $(uptime)"
$il tmux 7 "Decks (" "$a" "$work/a" "$b" "$work/b" -- --decks "$decks" --saves @SAVES@
for c in "stats" "stats --deck gen-000" "exam-mode"; do
    echo "== $c $(uptime)"
    $il cmd 7 "$a" "$work/a" "$b" "$work/b" -- --decks "$decks" --saves @SAVES@ $c
done
echo "== mock test to question 1 (tmux) $(uptime)"
# Each test submitted and left (or the next run would be offered it, unfinished).
QUIT_KEYS="Escape y Enter q" $il tmux 5 "Question 1" "$a" "$work/a" "$b" "$work/b" -- \
    --decks "$decks" --saves @SAVES@ test -n 10
echo "== mock test to question 1 (pseudo-terminal) $(uptime)"
QUIT_KEYS="Escape y Enter q" $il pty 5 "Question" "$a" "$work/a" "$b" "$work/b" -- \
    --decks "$decks" --saves @SAVES@ test -n 10
one() { # label output bin args... : a whole process under /usr/bin/time, its output to a file
    local label=$1 out=$2; shift 2
    /usr/bin/time -o "$work/t" -f "%e %U %S %M" "$@" >"$out" 2>&1 || true
    echo "$label $(tail -1 "$work/t") load $(cut -d' ' -f1 /proc/loadavg)"
}
echo "== rebuild (a fresh cp -a of the collection's saves each run, then an untimed stats, sync before) $(uptime)"
# The untimed `stats` writes the deck index, as a user's folder has after its first launch:
# without it the timed rebuild writes no per-deck summaries (less work than a user's rebuild).
for _ in 1 2 3 4 5; do for w in a b; do
    rm -rf "$work/rb"; cp -a "$col/saves" "$work/rb"
    "${!w}" --decks "$decks" --saves "$work/rb" stats >/dev/null; sync
    one $w /dev/null "${!w}" --decks "$decks" --saves "$work/rb" rebuild
done; done
echo "== memory after the answers: study gen-00N --plain, every due card Good $(uptime)"
input=$(for _ in $(seq 1300); do printf '\n3\n'; done; printf 'q\n')
for n in 1 2 3; do for w in a b; do
    rm -rf "$work/ans"; cp -a "$work/$w" "$work/ans"
    sed -i 's/"reviews_per_day": [0-9]*/"reviews_per_day": 1000/' "$work/ans/settings.json"; sync
    printf '%s' "$input" | one "$w gen-00$n" "$work/ans.out" "${!w}" --decks "$decks" \
        --saves "$work/ans" study "gen-00$n" --plain
    echo "  answers: $(grep -c '^saved #' "$work/ans.out")"
done; done
mkdir -p "$work/ta" "$work/tb"
for c in check "export --format md"; do
    echo "== teacher: $c (whole process) $(uptime)"
    set -- $c
    $il cmd 5 "$a" "$work/ta" "$b" "$work/tb" -- --saves @SAVES@ "$1" "$teacher" "${@:2}"
done
