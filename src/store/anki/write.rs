//! Writing an Anki package: a [`Collection`] (from `domain::anki::export`) into a schema-11
//! SQLite collection (`collection.anki21`, which every Anki since 2.1 imports), its note types,
//! deck options and settings taken from Anki's own stock definitions (`schema11.json`, read
//! from a collection Anki 26.9.3 wrote), zipped with an empty media map and written
//! atomically.

use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::package::TempFile;
use crate::domain::anki::Collection;
use crate::domain::anki::html;
use crate::store::atomic;

/// Anki's stock note types, deck and options, as Anki 26.9.3 writes them in schema 11.
const TEMPLATE: &str = include_str!("schema11.json");

const SCHEMA: &str = "
create table col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
";

/// Why an `.apkg` could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("temporary file: {0}")]
    Temp(std::io::Error),
    #[error("writing the collection: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("schema11.json: {0}")]
    Template(#[from] serde_json::Error),
    #[error("packing: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("packing: {0}")]
    Pack(std::io::Error),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Writes `col` as an `.apkg` at `path`. `now_ms` stamps the modification times.
pub fn write(path: &Path, col: &Collection, now_ms: i64) -> Result<(), WriteError> {
    let (temp, file) = TempFile::create().map_err(WriteError::Temp)?;
    drop(file);
    let sql = WriteError::Sql;
    {
        let conn = Connection::open(temp.path()).map_err(sql)?;
        conn.execute_batch(SCHEMA).map_err(sql)?;
        let template: Value = serde_json::from_str(TEMPLATE).map_err(WriteError::Template)?;
        let mut decks = serde_json::Map::new();
        decks.insert("1".into(), template["deck"].clone());
        for d in &col.decks {
            let mut deck = template["deck"].clone();
            deck["id"] = json!(d.id);
            deck["name"] = json!(d.name);
            deck["mod"] = json!(now_ms / 1000);
            deck["usn"] = json!(-1);
            deck["collapsed"] = json!(false);
            deck["browserCollapsed"] = json!(false);
            decks.insert(d.id.to_string(), deck);
        }
        let mut conf = template["conf"].clone();
        if let Some(d) = col.decks.first() {
            conf["curDeck"] = json!(d.id);
            conf["activeDecks"] = json!([d.id]);
        }
        let text = |v: &Value| v.to_string();
        conn.execute(
            "insert into col values (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
            params![
                col.crt,
                now_ms,
                text(&conf),
                text(&template["models"]),
                text(&Value::Object(decks)),
                text(&template["dconf"]),
            ],
        )
        .map_err(sql)?;
        let tx = conn.unchecked_transaction().map_err(sql)?;
        {
            let mut note = tx
                .prepare("insert into notes values (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')")
                .map_err(sql)?;
            for n in &col.notes {
                let tags = if n.tags.is_empty() {
                    String::new()
                } else {
                    format!(" {} ", n.tags.join(" "))
                };
                let sort = html::to_text(n.fields.first().map_or("", String::as_str)).text;
                note.execute(params![
                    n.id,
                    n.guid,
                    n.notetype,
                    now_ms / 1000,
                    tags,
                    n.fields.join("\x1f"),
                    sort
                ])
                .map_err(sql)?;
            }
            let mut card = tx
                .prepare(
                    "insert into cards values (?1, ?2, ?3, ?4, ?5, -1, ?6, ?7, ?8, ?9, ?10, ?11,
                     ?12, 0, 0, 0, 0, ?13)",
                )
                .map_err(sql)?;
            for c in &col.cards {
                let data = c.memory.map_or_else(String::new, |(s, d)| {
                    json!({"s": (f64::from(s) * 1e4).round() / 1e4, "d": (f64::from(d) * 1e3).round() / 1e3}).to_string()
                });
                card.execute(params![
                    c.id,
                    c.note,
                    c.deck,
                    c.ord,
                    now_ms / 1000,
                    c.ctype,
                    c.queue,
                    c.due,
                    c.ivl,
                    if c.ctype == 0 { 0 } else { 2500 },
                    c.reps,
                    c.lapses,
                    data
                ])
                .map_err(sql)?;
            }
            let mut rev = tx
                .prepare("insert into revlog values (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)")
                .map_err(sql)?;
            for r in &col.revlog {
                rev.execute(params![
                    r.id, r.card, r.ease, r.ivl, r.last_ivl, r.factor, r.time, r.kind
                ])
                .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
    }
    let db = std::fs::read(temp.path()).map_err(WriteError::Temp)?;
    let mut zipped = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut zipped);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("collection.anki21", opts)?;
        z.write_all(&db).map_err(WriteError::Pack)?;
        z.start_file("media", opts)?;
        z.write_all(b"{}").map_err(WriteError::Pack)?;
        z.finish()?;
    }
    atomic::write_atomic(path, zipped.get_ref()).map_err(|source| WriteError::Write {
        path: path.to_owned(),
        source,
    })
}
