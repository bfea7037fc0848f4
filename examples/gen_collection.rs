//! Generates a synthetic collection for the performance benchmarks (issue #8): `N` basic cards
//! over `M` decks with realistic text lengths and Unicode (₹, —, Devanagari, Japanese), and a
//! review log of `R` answers spread over the two years before a fixed "now", in the real file
//! formats (`decks/*.json`, `saves/reviews.jsonl`, then `saves/progress.json` written by the same
//! code as `smriti rebuild`). Deterministic: the same arguments give the same files.
//!
//! Not part of the user CLI. Usage:
//!
//! ```text
//! cargo run --release --example gen_collection -- --cards 100000 --reviews 1000000 --out /tmp/c100k
//! ```

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use jiff::{SignedDuration, Timestamp};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use smriti::domain::progress::{Before, Event, Mode};
use smriti::domain::scheduler::{CardState, Params, Rating, fuzz_draw, review};

/// The instant the generated history ends at; benchmarks run with `SMRITI_NOW` set to it.
const NOW: &str = "2026-11-22T06:00:00Z";

const WORDS: &[&str] = &[
    "India",
    "Japan",
    "semiconductor",
    "critical",
    "minerals",
    "rare-earth",
    "processing",
    "investment",
    "₹10,372 crore",
    "2025",
    "Strategic",
    "Dialogue",
    "economic",
    "security",
    "— partnership",
    "supply chain",
    "भारत",
    "जापान",
    "सहयोग",
    "日本",
    "インド",
    "経済安全保障",
    "AI",
    "mission",
    "refinery",
    "green ammonia",
    "bioethanol",
    "OSAT",
    "Quad",
    "summit",
    "cooperation",
    "memorandum",
    "battery",
    "lithium",
    "cobalt",
    "graphite",
    "the",
    "of",
    "and",
];

struct Args {
    cards: usize,
    decks: usize,
    reviews: usize,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        cards: 1_000,
        decks: 10,
        reviews: 10_000,
        out: PathBuf::from("collection"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<usize>()
                .map_err(|e| format!("{flag} {value}: {e}"))
        };
        match flag.as_str() {
            "--cards" => args.cards = number()?,
            "--decks" => args.decks = number()?,
            "--reviews" => args.reviews = number()?,
            "--out" => args.out = PathBuf::from(&value),
            _ => {
                return Err(format!(
                    "unknown option {flag} (--cards --decks --reviews --out)"
                ));
            }
        }
    }
    if args.cards == 0 || args.decks == 0 || args.decks > args.cards {
        return Err("need 0 < --decks ≤ --cards".into());
    }
    Ok(args)
}

const SYLLABLES: &[&str] = &[
    "ka",
    "ra",
    "mi",
    "to",
    "shi",
    "na",
    "de",
    "va",
    "lo",
    "pu",
    "ri",
    "sen",
    "gar",
    "th",
    "an",
    "ex",
    "por",
    "ti",
    "on",
    "मा",
    "र्ग",
    "नी",
    "ति",
    "さ",
    "く",
    "ら",
    "や",
    "ma",
];

/// A sentence of `min..=max` words: a third common words and names from the seed articles'
/// vocabulary, the rest made-up words of 1–4 syllables (so that, as in real decks, questions
/// share words but rarely long stretches of text).
fn sentence(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let words: Vec<String> = (0..n)
        .map(|_| {
            if rng.random_range(0..3) == 0 {
                WORDS[rng.random_range(0..WORDS.len())].to_owned()
            } else {
                (0..rng.random_range(1..=4))
                    .map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())])
                    .collect()
            }
        })
        .collect();
    words.join(" ")
}

fn write_decks(args: &Args, rng: &mut ChaCha8Rng) -> Result<Vec<(String, String)>, String> {
    let dir = args.out.join("decks");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut items = Vec::with_capacity(args.cards);
    let per_deck = args.cards.div_ceil(args.decks);
    for d in 0..args.decks {
        let id = format!("gen-{d:03}");
        let first = d * per_deck;
        let last = ((d + 1) * per_deck).min(args.cards);
        let cards: Vec<serde_json::Value> = (first..last)
            .map(|c| {
                let card = format!("c{c}");
                items.push((id.clone(), card.clone()));
                serde_json::json!({
                    "id": card,
                    "kind": "basic",
                    "front": format!("{}? (#{c})", sentence(rng, 6, 18)),
                    "back": sentence(rng, 1, 6),
                    "explanation": sentence(rng, 10, 30),
                    "tags": [format!("topic-{}", c % 17)],
                    "source": "s1",
                })
            })
            .collect();
        let deck = serde_json::json!({
            "format": 1,
            "id": id,
            "title": format!("Generated deck {d} — जापान 日本"),
            "description": "Synthetic cards for the performance benchmarks.",
            "tags": ["bench"],
            "sources": [{"id": "s1", "title": "Generator", "publisher": "smriti", "date": "2026-11-22"}],
            "cards": cards,
        });
        let path = dir.join(format!("{id}.json"));
        let text = serde_json::to_string_pretty(&deck).map_err(|e| e.to_string())?;
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(items)
}

fn write_log(
    args: &Args,
    items: &[(String, String)],
    rng: &mut ChaCha8Rng,
    now: Timestamp,
) -> Result<(), String> {
    let dir = args.out.join("saves");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("reviews.jsonl");
    let file = fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = BufWriter::new(file);
    let params = Params::default();
    let mut states: Vec<Option<CardState>> = vec![None; items.len()];
    let span = SignedDuration::from_hours(2 * 365 * 24);
    let start = now - span;
    let step = span.as_secs_f64() / args.reviews.max(1) as f64;
    // Cards are introduced in order over the two years, then reviewed at random among those seen.
    let mut introduced = 0usize;
    for i in 0..args.reviews {
        let at = start + SignedDuration::from_secs_f64(step * i as f64);
        let due_share = (i + 1) as f64 / args.reviews as f64;
        let target = ((items.len() as f64) * due_share).ceil() as usize;
        let idx = if introduced < target.min(items.len()) {
            introduced += 1;
            introduced - 1
        } else {
            rng.random_range(0..introduced.max(1))
        };
        let rating = match rng.random_range(0..100) {
            0..10 => Rating::Again,
            10..25 => Rating::Hard,
            25..90 => Rating::Good,
            _ => Rating::Easy,
        };
        let (deck, card) = &items[idx];
        let prev = states[idx].as_ref();
        let reps = prev.map_or(0, |s| s.reps);
        let outcome = review(
            prev,
            rating,
            at,
            &params,
            fuzz_draw(&format!("{deck}/{card}"), reps),
        );
        let event = Event::Review {
            seq: i as u64 + 1,
            at,
            deck: deck.as_str().into(),
            card: card.clone(),
            rating,
            mode: Mode::Flashcard,
            ms: rng.random_range(1_500..20_000),
            verdict: None,
            before: Before::of(prev),
            state: outcome.state.clone(),
        };
        states[idx] = Some(outcome.state);
        let line = smriti::store::log_line::to_vec(&event).map_err(|e| e.to_string())?;
        out.write_all(&line).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let now: Timestamp = NOW.parse().map_err(|e| format!("{e}"))?;
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let items = write_decks(&args, &mut rng)?;
    write_log(&args, &items, &mut rng, now)?;
    let saves = args.out.join("saves");
    let rebuilt = smriti::store::rebuild_snapshot(
        &saves,
        &smriti::store::device::Device::at(&std::env::temp_dir().join("smriti-gen-device"))
            .map_err(|e| e.to_string())?,
        &jiff::tz::TimeZone::UTC,
        now,
    )
    .map_err(|e| e.to_string())?;
    println!(
        "{}: {} cards in {} decks, {} reviews; progress.json rebuilt ({rebuilt:?})",
        args.out.display(),
        items.len(),
        args.decks,
        args.reviews
    );
    println!(
        "Run with: SMRITI_NOW={NOW} smriti --decks {0}/decks --saves {0}/saves",
        args.out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_collection: {e}");
            ExitCode::FAILURE
        }
    }
}
