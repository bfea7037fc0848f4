#!/usr/bin/env python3
"""smriti and Anki side by side on the same collection (issue 16 point 7; docs/performance.md,
"Side by side with Anki").

Needs Anki's Python package (`pip install anki==26.9.3`: never a dependency of smriti, never in
CI) and libfaketime (Debian: `apt-get install faketime`); run it with the Python that has anki:

    /path/to/venv/bin/python benches/vs-anki.py [--size 100k] [--runs 5] [--dir DIR]

It builds smriti's release binary and `examples/gen_collection`, generates the smriti
collection as benches/run-all.sh does (100k: 100,000 basic cards in 50 decks, ~1.1 million
answers over two years), then builds an Anki collection with the same decks, notes, review log
(one revlog row per answer: rating, time taken, interval) and each card's state at the end
(due day, interval, FSRS stability and difficulty, reps, lapses), FSRS on. Anki runs under a
faked clock set to a day after the generated history ends (`SMRITI_NOW` for smriti), so
both see the same cards due.

Each round times every figure once for smriti, then once for Anki (interleaved), on a fresh
copy of the saves folder and of the collection per round; it prints the medians, the ratios
(Anki / smriti: above 1 means smriti is faster) and the load average before and after.
Anki's collection is prepared once before the rounds, and so is smriti's saves folder: one
untimed `smriti rebuild` and launch give it the derived caches (progress.cache, stats.cache,
deck-index.cache) that a user's folder has after its first snapshot, and every round copies
that warm folder. The launch and one deck's statistics are also timed on a cold copy (the
generated folder, no derived caches: the JSON is read), as rows of their own.

- launch → first screen, whole processes in a pseudo-terminal (80×24): smriti to its deck list
  on screen; Anki's engine (Python, `import anki`, open the collection) to its deck list
  (`deck_due_tree`, what Anki's main window shows first) and to the first card of the largest
  deck; with each one's peak RSS at that moment.
- answer → next card: smriti in plain mode (`study DECK --plain`, from the grade's line to the
  next question on screen, so the answer is durable and the next card chosen), Anki's
  `answer_card` then `get_queued_cards` for the next one (in process: no drawing); 100 answers
  of the largest deck, rated Good; median and p99.
- statistics, like for like: `smriti stats` and `smriti stats --deck D` (whole processes,
  launch included) against a whole Anki process that opens the collection and computes its
  statistics screen's data (`graphs`, one year, all decks / one deck), timed from its spawn to
  its exit as smriti's are; and, as rows of their own, Anki's `graphs` in process with the
  collection already open (what Anki's window does when the screen is opened; smriti's
  in-process figure of the statistics screen is `cargo bench --bench scale`'s).
- rebuild: `smriti rebuild` (whole process) against Anki's Check Database (`fix_integrity`,
  in process).

Generated collections are deleted at the end unless --keep is given.
"""

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import hashlib

import pty_run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
# A day after the instant examples/gen_collection ends its history at: a fresh study day, so
# reviews are due (on the generated day itself the history has used the day's review limit).
NOW = "2026-11-23T06:00:00Z"
SIZES = {
    "1k": (1_000, 10, 10_000),
    "10k": (10_000, 20, 100_000),
    "100k": (100_000, 50, 1_000_000),
}
ANSWERS = 100


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def anki_env() -> dict:
    env = dict(os.environ)
    env["LD_PRELOAD"] = FAKETIME
    env["FAKETIME"] = "@" + NOW.replace("T", " ").rstrip("Z")
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    env["TZ"] = "UTC"
    env["TERM"] = "xterm-256color"
    return env


def smriti_env() -> dict:
    env = dict(os.environ)
    env["SMRITI_NOW"] = NOW
    env["TZ"] = "UTC"
    env["TERM"] = "xterm-256color"
    env.pop("NO_COLOR", None)
    return env


# ---- building the Anki collection ----


def build_anki(smriti_dir: str, anki_dir: str) -> None:
    """An Anki collection with smriti's decks, notes, answers and final card states."""
    os.makedirs(anki_dir, exist_ok=True)
    path = os.path.join(anki_dir, "collection.anki2")
    decks = []
    for name in sorted(os.listdir(os.path.join(smriti_dir, "decks"))):
        with open(os.path.join(smriti_dir, "decks", name)) as f:
            decks.append(json.load(f))
    # Step 1, with Anki's library under the faked clock: the collection, FSRS on, the decks.
    spec = json.dumps({"path": path, "decks": [d["id"] for d in decks]})
    subprocess.run([sys.executable, __file__, "anki-create", spec], env=anki_env(), check=True)
    # Step 2, in SQLite directly (Anki's API would take an hour for a million rows).
    con = sqlite3.connect(path)
    con.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    crt = con.execute("select crt from col").fetchone()[0]
    basic = con.execute("select id from notetypes where name = 'Basic'").fetchone()[0]
    deck_ids = {name: did for did, name in con.execute("select id, name from decks")}
    cards = {}  # (deck, card) -> card id
    nid = 1_600_000_000_000
    notes, card_rows = [], []
    for d in decks:
        did = deck_ids[d["id"]]
        for c in d["cards"]:
            nid += 1
            front, back = c["front"], c["back"]
            csum = int(hashlib.sha1(front.encode()).hexdigest()[:8], 16)
            notes.append((nid, f"g{nid}", basic, 0, -1, " ".join(c.get("tags", [])),
                          f"{front}\x1f{back}", front, csum, 0, ""))
            cards[(d["id"], c["id"])] = [nid, did, nid, 0]  # cid, did, due (position), index
            card_rows.append(nid)
    con.executemany("insert into notes values (?,?,?,?,?,?,?,?,?,?,?)", notes)
    # The log: one revlog row per answer; each card ends in its last answer's state.
    day_secs = 86_400

    def secs(rfc: str) -> float:
        from datetime import datetime
        return datetime.fromisoformat(rfc.replace("Z", "+00:00")).timestamp()

    def day_of(t: float) -> int:
        return int((t - crt) // day_secs)

    last = {}
    revlog = []
    seen_ids = set()
    with open(os.path.join(smriti_dir, "saves", "reviews.jsonl")) as f:
        for line in f:
            e = json.loads(line)
            if e.get("kind") != "review" or e.get("mode") == "cram":
                continue
            key = (e["deck"], e["card"].split(":")[0])
            if key not in cards:
                continue
            cid = cards[key][0]
            at = secs(e["at"])
            rid = int(at * 1000)
            while rid in seen_ids:
                rid += 1
            seen_ids.add(rid)
            st = e["state"]
            before = e.get("before")
            bphase = before.get("phase") if isinstance(before, dict) else "new"
            kind = {"new": 0, "learning": 0, "review": 1, "relearning": 2}.get(bphase, 1)
            due = secs(st["due"])
            ivl = max(0, round((due - secs(st["last_review"])) / day_secs))
            rating = {"again": 1, "hard": 2, "good": 3, "easy": 4}[e["rating"]]
            revlog.append((rid, cid, -1, rating, ivl if st["phase"] == "review" else -600,
                           0, 2500, min(int(e.get("ms", 0)), 60_000), kind))
            last[cid] = st
    con.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", revlog)
    rows = []
    for (deck, card), (cid, did, pos, _) in cards.items():
        st = last.get(cid)
        if st is None:
            rows.append((cid, cid, did, 0, 0, 0, 0, 0, pos, 0, 0, 0, 0, 0, 0, 0, 0, ""))
            continue
        due_t, last_t = secs(st["due"]), secs(st["last_review"])
        ivl = max(1, round((due_t - last_t) / day_secs))
        data = json.dumps({"s": round(st["stability"], 4), "d": round(st["difficulty"], 4),
                           "dr": 0.9, "lrt": int(last_t)})
        if st["phase"] == "review":
            ctype, queue, due = 2, 2, day_of(due_t)
        else:
            ctype = 1 if st["phase"] == "learning" else 3
            queue, due = 1, int(due_t)
        rows.append((cid, cid, did, 0, int(last_t), -1, ctype, queue, due, ivl, 2500,
                     st["reps"], st["lapses"], 0, 0, 0, 0, data))
    con.executemany("insert into cards values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()
    print(f"  Anki collection: {len(notes)} notes, {len(revlog)} revlog rows, "
          f"{os.path.getsize(path) / 1e6:.0f} MB", flush=True)


def anki_create(spec: str) -> None:
    from anki.collection import Collection
    s = json.loads(spec)
    col = Collection(s["path"])
    col.set_config("fsrs", True)
    for name in s["decks"]:
        col.decks.id(name)
    col.close()


# ---- the Anki side of each figure (run in a child process under the faked clock) ----


def anki_worker(what: str, path: str, deck: str) -> None:
    t0 = time.perf_counter()
    from anki.collection import Collection
    col = Collection(path)
    did = col.decks.id(deck)
    if what == "launch":
        col.sched.deck_due_tree()
        t_list = time.perf_counter() - t0
        col.decks.select(did)
        col.sched.get_queued_cards(fetch_limit=1)
        t_card = time.perf_counter() - t0
        print(json.dumps({"list": t_list, "card": t_card}), flush=True)
        print("FIRST-SCREEN", flush=True)
        sys.stdin.readline()
    elif what == "answer":
        from anki.scheduler.v3 import CardAnswer
        col.decks.select(did)
        times = []
        queued = col.sched.get_queued_cards(fetch_limit=1)
        for _ in range(ANSWERS):
            if not queued.cards:
                break
            qc = queued.cards[0]
            start = time.perf_counter()
            col.sched.answer_card(CardAnswer(
                card_id=qc.card.id, current_state=qc.states.current, new_state=qc.states.good,
                rating=CardAnswer.GOOD, answered_at_millis=int(time.time() * 1000),
                milliseconds_taken=3000))
            queued = col.sched.get_queued_cards(fetch_limit=1)
            times.append(time.perf_counter() - start)
        print(json.dumps({"answers": times}), flush=True)
    elif what in ("stats-all", "stats-deck"):
        # The whole process, timed from outside: open, the statistics' data, exit.
        col._backend.graphs(search="" if what == "stats-all" else f'"deck:{deck}"', days=365)
    elif what == "stats":
        out = {}
        for label, search in (("all", ""), ("deck", f'"deck:{deck}"')):
            start = time.perf_counter()
            col._backend.graphs(search=search, days=365)
            out[label] = time.perf_counter() - start
        print(json.dumps(out), flush=True)
    elif what == "check":
        start = time.perf_counter()
        col.fix_integrity()
        print(json.dumps({"check": time.perf_counter() - start}), flush=True)
    col.close()


# ---- measuring ----


def in_pty(cmd, env, marker: bytes, cwd=None):
    """Spawns `cmd` on a fresh 80×24 pseudo-terminal (benches/pty_run.py's, as in_pty.py's);
    returns (seconds to `marker` on screen, peak RSS in MiB then, the process, the master fd,
    everything read)."""
    took, p, master, seen = pty_run.spawn(cmd, marker, env=env, cwd=cwd)
    return took, pty_run.peak_rss_kb(p.pid) / 1024, p, master, seen


def finish(p, master, keys: bytes) -> None:
    pty_run.finish(p, master, [keys])


def timed(cmd, env) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def fresh_saves(src: str) -> str:
    """A copy of the saves folder `src` (every file: the warm folder's derived caches too),
    modification times kept (`copy2`): a derived cache names its JSON by its modification
    time among others, so with new times none would be used (the 23:07 run's "warm" rows were
    cold)."""
    work = tempfile.mkdtemp(prefix="vs-anki-saves-")
    for name in sorted(os.listdir(src)):
        if os.path.isfile(os.path.join(src, name)):
            shutil.copy2(os.path.join(src, name), work)
    os.sync()
    return work


def cold_saves(src: str) -> str:
    """A copy of the generated saves folder as `gen_collection` wrote it, with the deck index
    of the first launch but none of the derived caches (progress.cache, stats.cache,
    deck-index.cache): what a folder is before its first snapshot."""
    work = tempfile.mkdtemp(prefix="vs-anki-cold-")
    for name in ("reviews.jsonl", "progress.json", "stats.json", "deck-index.json"):
        if os.path.exists(os.path.join(src, name)):
            shutil.copy(os.path.join(src, name), work)
    os.sync()
    return work


def fresh_collection(src: str) -> str:
    work = tempfile.mkdtemp(prefix="vs-anki-col-")
    shutil.copy(src, os.path.join(work, "collection.anki2"))
    os.sync()
    return os.path.join(work, "collection.anki2")


def smriti_answers(binary, decks, saves, deck) -> list:
    """Times `ANSWERS` answers in plain mode: from the grade's line to the next question."""
    p = subprocess.Popen([binary, "--decks", decks, "--saves", saves, "study", deck, "--plain"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env=smriti_env(), bufsize=0)
    out = p.stdout
    buf = b""

    def until(token: bytes) -> bool:
        nonlocal buf
        while token not in buf:
            if b"Nothing " in buf:
                return False  # no card left, or the next is not due yet
            chunk = os.read(out.fileno(), 65536)
            if not chunk:
                return False
            buf += chunk
        buf = buf[buf.index(token) + len(token):]
        return True

    times = []
    if until(b"(Enter shows the answer"):
        for _ in range(ANSWERS):
            p.stdin.write(b"\n")
            if not until(b"Grade:"):
                break
            until(b"\n")
            start = time.perf_counter()
            p.stdin.write(b"3\n")
            if not until(b"(Enter shows the answer"):
                break
            times.append(time.perf_counter() - start)
    p.stdin.write(b"q\n")
    p.stdin.close()
    p.wait(timeout=60)
    return times


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.99 * (len(xs) - 1))))] if xs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="100k", choices=SIZES)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default="/tmp/smriti-vs-anki")
    ap.add_argument("--keep", action="store_true", help="keep the generated collections")
    ap.add_argument("--no-build", action="store_true", help="use the release binaries as built")
    a = ap.parse_args()
    try:
        import anki  # noqa: F401
    except ImportError:
        sys.exit("Anki's Python package is not installed here: pip install anki==26.9.3")
    if not os.path.exists(FAKETIME):
        sys.exit(f"libfaketime is needed ({FAKETIME}): apt-get install faketime")
    cards, ndecks, reviews = SIZES[a.size]
    sdir = os.path.join(a.dir, a.size)
    adir = os.path.join(a.dir, a.size + "-anki")
    if not a.no_build:
        print("building smriti (release) and examples/gen_collection", flush=True)
        sh("cargo", "build", "--release", "--quiet", "--example", "gen_collection", cwd=ROOT)
        sh("cargo", "build", "--release", "--quiet", cwd=ROOT)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release/smriti")
    if not os.path.exists(os.path.join(sdir, "saves", "progress.json")):
        print(f"generating the smriti collection ({a.size})", flush=True)
        sh(os.path.join(target, "release/examples/gen_collection"), "--cards", str(cards),
           "--decks", str(ndecks), "--reviews", str(reviews), "--out", sdir)
    col = os.path.join(adir, "collection.anki2")
    if not os.path.exists(col):
        print("building the Anki collection", flush=True)
        build_anki(sdir, adir)
    decks = os.path.join(sdir, "decks")
    # The largest deck (the first: gen_collection fills them in order).
    deck = sorted(os.listdir(decks))[0].removesuffix(".json")
    log_lines = sum(1 for _ in open(os.path.join(sdir, "saves", "reviews.jsonl"), "rb"))
    print(f"{a.size}: {cards} cards, {log_lines} log lines; deck {deck} for answers and one-deck "
          f"statistics; {a.runs} interleaved rounds; load {load()}", flush=True)
    # A first launch of each, untimed: smriti writes its deck index, both warm the file cache.
    saves = cold_saves(os.path.join(sdir, "saves"))
    _, _, p, m, _ = in_pty([binary, "--decks", decks, "--saves", saves], smriti_env(), b"Decks")
    finish(p, m, b"q")
    shutil.copy(os.path.join(saves, "deck-index.json"), os.path.join(sdir, "saves"))
    # smriti's own copy prepared once, as Anki's collection is: one untimed `smriti rebuild`
    # writes the derived caches a user's folder has after its first snapshot (progress.cache,
    # stats.cache; the deck index's deck-index.cache by the launch after). The timed rounds
    # use copies of this warm folder; the cold rows use copies without the caches.
    warm = os.path.join(sdir, "saves-warm")
    shutil.rmtree(warm, ignore_errors=True)
    os.rename(saves, warm)
    sh(binary, "--decks", decks, "--saves", warm, "rebuild", stdout=subprocess.DEVNULL,
       env=smriti_env())
    _, _, p, m, _ = in_pty([binary, "--decks", decks, "--saves", warm], smriti_env(), b"Decks")
    finish(p, m, b"q")
    print("smriti's warm copy: " + ", ".join(sorted(os.listdir(warm))), flush=True)
    me = [sys.executable, __file__]
    _, _, p, m, _ = in_pty(me + ["anki-worker", "launch", col, deck], anki_env(), b"FIRST-SCREEN")
    finish(p, m, b"\n")

    r = {k: [] for k in ("s_launch", "s_rss", "a_list", "a_card", "a_rss", "s_answer",
                         "a_answer", "s_stats_all", "s_stats_deck", "a_stats_all",
                         "a_stats_deck", "a_stats_all_whole", "a_stats_deck_whole",
                         "s_rebuild", "a_check", "s_cold_launch",
                         "s_cold_stats_deck")}
    for n in range(a.runs):
        print(f"round {n + 1}/{a.runs} (load {load()})", flush=True)
        # One fresh copy of each side per round, used in this order: launch and statistics
        # (which read), then answers, then the rebuild / check (100 answers more than the
        # generated log, on both sides alike).
        saves = fresh_saves(warm)
        c = fresh_collection(col)
        # smriti cold: a copy without the derived caches, each figure on a copy of its own
        # (the launch may write them).
        cold = cold_saves(os.path.join(sdir, "saves"))
        t, _, p, m, _ = in_pty([binary, "--decks", decks, "--saves", cold], smriti_env(),
                               b"Decks")
        finish(p, m, b"q")
        r["s_cold_launch"].append(t)
        shutil.rmtree(cold)
        cold = cold_saves(os.path.join(sdir, "saves"))
        r["s_cold_stats_deck"].append(timed([binary, "--decks", decks, "--saves", cold, "stats",
                                             "--deck", deck], smriti_env()))
        shutil.rmtree(cold)
        # launch → first screen
        t, rss, p, m, _ = in_pty([binary, "--decks", decks, "--saves", saves], smriti_env(),
                                 b"Decks")
        finish(p, m, b"q")
        r["s_launch"].append(t)
        r["s_rss"].append(rss)
        t, rss, p, m, seen = in_pty(me + ["anki-worker", "launch", c, deck], anki_env(),
                                    b"FIRST-SCREEN")
        inner = json.loads(seen.split(b"FIRST-SCREEN")[0].strip().splitlines()[-1])
        finish(p, m, b"\n")
        # Whole process to the deck list: the spawn and import before the timer inside started.
        r["a_card"].append(t)
        r["a_list"].append(t - (inner["card"] - inner["list"]))
        r["a_rss"].append(rss)
        # statistics
        base = [binary, "--decks", decks, "--saves", saves, "stats"]
        r["s_stats_all"].append(timed(base, smriti_env()))
        r["s_stats_deck"].append(timed(base + ["--deck", deck], smriti_env()))
        out = subprocess.run(me + ["anki-worker", "stats", c, deck], env=anki_env(),
                             capture_output=True, text=True, check=True).stdout
        st = json.loads(out.strip().splitlines()[-1])
        r["a_stats_all"].append(st["all"])
        r["a_stats_deck"].append(st["deck"])
        for which in ("all", "deck"):
            r[f"a_stats_{which}_whole"].append(
                timed(me + ["anki-worker", f"stats-{which}", c, deck], anki_env()))
        # answer → next card
        r["s_answer"] += smriti_answers(binary, decks, saves, deck)
        out = subprocess.run(me + ["anki-worker", "answer", c, deck], env=anki_env(),
                             capture_output=True, text=True, check=True).stdout
        r["a_answer"] += json.loads(out.strip().splitlines()[-1])["answers"]
        # rebuild / check database
        os.sync()
        r["s_rebuild"].append(timed([binary, "--saves", saves, "rebuild"], smriti_env()))
        out = subprocess.run(me + ["anki-worker", "check", c, deck], env=anki_env(),
                             capture_output=True, text=True, check=True).stdout
        r["a_check"].append(json.loads(out.strip().splitlines()[-1])["check"])
        shutil.rmtree(saves)
        shutil.rmtree(os.path.dirname(c))

    med = {k: statistics.median(v) if v else float("nan") for k, v in r.items()}
    ms = lambda s: f"{s * 1000:.1f} ms" if s < 10 else f"{s:.1f} s"  # noqa: E731
    rows = [
        ("launch → first screen (smriti: deck list; Anki: deck list)", med["s_launch"], med["a_list"]),
        ("launch → first screen (Anki: first card)", med["s_launch"], med["a_card"]),
        ("  smriti cold (no derived caches yet) → deck list", med["s_cold_launch"], med["a_list"]),
        ("answer → next card, median", med["s_answer"], med["a_answer"]),
        ("answer → next card, p99", p99(r["s_answer"]), p99(r["a_answer"])),
        ("statistics, all decks (whole processes)", med["s_stats_all"],
         med["a_stats_all_whole"]),
        ("statistics, one deck (whole processes)", med["s_stats_deck"],
         med["a_stats_deck_whole"]),
        ("  Anki in process (collection open), all decks", med["s_stats_all"],
         med["a_stats_all"]),
        ("  Anki in process (collection open), one deck", med["s_stats_deck"],
         med["a_stats_deck"]),
        ("  smriti cold (no derived caches yet), one deck", med["s_cold_stats_deck"],
         med["a_stats_deck"]),
        ("rebuild / Check Database", med["s_rebuild"], med["a_check"]),
    ]
    print(f"\n{a.size}, medians of {a.runs} interleaved rounds "
          f"({len(r['s_answer'])} / {len(r['a_answer'])} answers); load now {load()}")
    print(f"{'figure':<62} {'smriti':>10} {'Anki':>10} {'Anki/smriti':>12}")
    for name, s, an in rows:
        print(f"{name:<62} {ms(s):>10} {ms(an):>10} {an / s:>11.1f}×")
    print(f"{'peak RSS at the first screen':<62} {med['s_rss']:>6.0f} MiB {med['a_rss']:>6.0f} MiB "
          f"{med['a_rss'] / med['s_rss']:>11.1f}×")
    if not a.keep:
        shutil.rmtree(a.dir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "anki-create":
        anki_create(sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == "anki-worker":
        anki_worker(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
