//! The SQLite side of an Anki package: check it is an Anki collection of a schema we know,
//! then read note types, decks, presets, notes, cards and the review log. Schema 11 (the
//! legacy layouts) keeps note types, decks and presets as JSON in the `col` row; schema 18
//! (`collection.anki21b`) keeps them in their own tables with protobuf blobs.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use super::{AnkiError, proto};
use crate::domain::anki::{
    AnkiCard, AnkiDeck, Collection, Note, NoteType, Preset, RevlogRow, Template,
};

/// The newest collection schema smriti reads.
const NEWEST_SCHEMA: u32 = 18;

pub fn read(
    path: &Path,
    entry: &str,
    db: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Collection, AnkiError> {
    let not_anki = |detail: String| AnkiError::NotAnki {
        path: path.to_path_buf(),
        entry: entry.to_owned(),
        detail,
    };
    let sql = |e: rusqlite::Error| not_anki(e.to_string());
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql)?;
    // Anki's schema 18 declares names `COLLATE unicase`; SQLite cannot plan a query on those
    // tables without a collation of that name.
    conn.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(sql)?;
    let tables: Vec<String> = conn
        .prepare("select name from sqlite_master where type = 'table'")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(sql)?;
    let has = |t: &str| tables.iter().any(|x| x == t);
    if let Some(missing) = ["col", "notes", "cards", "revlog"].iter().find(|t| !has(t)) {
        return Err(not_anki(format!("it has no `{missing}` table")));
    }
    let (ver, crt): (i64, i64) = conn
        .query_row("select ver, crt from col", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(sql)?;
    let version = u32::try_from(ver).unwrap_or(u32::MAX);
    if version > NEWEST_SCHEMA {
        return Err(AnkiError::NewerSchema {
            path: path.to_path_buf(),
            version,
        });
    }
    if version < 11 {
        return Err(not_anki(format!(
            "schema {version} is older than Anki 2.0's"
        )));
    }
    let mut col = Collection {
        schema: version,
        crt,
        rollover_hour: 4,
        ..Collection::default()
    };
    if has("notetypes") && has("deck_config") && has("fields") && has("templates") {
        read_tables(&conn, &mut col).map_err(sql)?;
    } else {
        read_legacy(&conn, &mut col).map_err(|e| not_anki(e.to_string()))?;
    }

    col.notes = conn
        .prepare("select id, guid, mid, tags, flds from notes order by id")
        .and_then(|mut s| {
            s.query_map([], |r| {
                let tags: String = r.get(3)?;
                let flds: String = r.get(4)?;
                Ok(Note {
                    id: r.get(0)?,
                    guid: r.get(1)?,
                    notetype: r.get(2)?,
                    fields: flds.split('\x1f').map(str::to_owned).collect(),
                    tags: tags.split_whitespace().map(str::to_owned).collect(),
                })
            })?
            .collect::<Result<_, _>>()
        })
        .map_err(sql)?;
    col.cards = conn
        .prepare(
            "select id, nid, did, odid, ord, type, queue, due, odue, ivl, reps, lapses, data
             from cards order by id",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                let data: Option<String> = r.get(12).ok();
                Ok(AnkiCard {
                    id: r.get(0)?,
                    note: r.get(1)?,
                    deck: r.get(2)?,
                    original_deck: r.get(3)?,
                    ord: r.get::<_, i64>(4)?.clamp(0, i64::from(u32::MAX)) as u32,
                    ctype: r.get::<_, i64>(5)?.clamp(-9, 9) as i32,
                    queue: r.get::<_, i64>(6)?.clamp(-9, 9) as i32,
                    due: r.get(7)?,
                    original_due: r.get(8)?,
                    ivl: r.get(9)?,
                    reps: r.get::<_, i64>(10)?.clamp(0, i64::from(u32::MAX)) as u32,
                    lapses: r.get::<_, i64>(11)?.clamp(0, i64::from(u32::MAX)) as u32,
                    memory: data.as_deref().and_then(memory_state),
                })
            })?
            .collect::<Result<_, _>>()
        })
        .map_err(sql)?;
    let total: i64 = conn
        .query_row("select count(*) from revlog", [], |r| r.get(0))
        .map_err(sql)?;
    let total = usize::try_from(total).unwrap_or(0);
    let mut stmt = conn
        .prepare("select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id")
        .map_err(sql)?;
    let mut rows = stmt.query([]).map_err(sql)?;
    col.revlog.reserve(total);
    while let Some(r) = rows.next().map_err(sql)? {
        col.revlog.push(RevlogRow {
            id: r.get(0).map_err(sql)?,
            card: r.get(1).map_err(sql)?,
            ease: r.get::<_, i64>(2).map_err(sql)?.clamp(0, 255) as u8,
            ivl: r.get(3).map_err(sql)?,
            last_ivl: r.get(4).map_err(sql)?,
            factor: r.get(5).map_err(sql)?,
            time: r.get(6).map_err(sql)?,
            kind: r.get::<_, i64>(7).map_err(sql)?.clamp(0, 255) as u8,
        });
        if col.revlog.len().is_multiple_of(10_000) {
            progress(col.revlog.len(), total);
        }
    }
    progress(col.revlog.len(), total.max(col.revlog.len()));
    Ok(col)
}

/// Anki's FSRS memory state from a card's `data` JSON (`{"s": 12.3, "d": 5.1, …}`).
fn memory_state(data: &str) -> Option<(f32, f32)> {
    let v: Value = serde_json::from_str(data).ok()?;
    let s = v.get("s")?.as_f64()? as f32;
    let d = v.get("d")?.as_f64()? as f32;
    (s.is_finite() && d.is_finite() && s > 0.0).then_some((s, d))
}

/// Schema 18: note types, fields, templates, decks and presets in their own tables.
fn read_tables(conn: &Connection, col: &mut Collection) -> rusqlite::Result<()> {
    let mut types: Vec<NoteType> = conn
        .prepare("select id, name, config from notetypes order by id")?
        .query_map([], |r| {
            let config: Vec<u8> = r.get(2)?;
            let stock = proto::varint_field(&config, 9);
            Ok(NoteType {
                id: r.get(0)?,
                name: r.get(1)?,
                cloze: proto::varint_field(&config, 1) == 1,
                stock: (stock != 0).then(|| u32::try_from(stock).unwrap_or(0)),
                fields: vec![],
                templates: vec![],
            })
        })?
        .collect::<Result<_, _>>()?;
    let index: HashMap<i64, usize> = types.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut stmt = conn.prepare("select ntid, name from fields order by ntid, ord")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(i) = index.get(&r.get::<_, i64>(0)?) {
            types[*i].fields.push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare("select ntid, name, config from templates order by ntid, ord")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(i) = index.get(&r.get::<_, i64>(0)?) {
            let config: Vec<u8> = r.get(2)?;
            let text = |n| {
                proto::bytes_field(&config, n)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default()
            };
            types[*i].templates.push(Template {
                name: r.get(1)?,
                question: text(1),
                answer: text(2),
            });
        }
    }
    col.notetypes = types;
    col.decks = conn
        .prepare("select id, name, kind from decks order by id")?
        .query_map([], |r| {
            let name: String = r.get(1)?;
            let kind: Vec<u8> = r.get(2)?;
            let normal = proto::bytes_field(&kind, 1);
            Ok(AnkiDeck {
                id: r.get(0)?,
                name: name.replace('\x1f', "::"),
                filtered: normal.is_none(),
                preset: normal.map(|n| i64::try_from(proto::varint_field(n, 1)).unwrap_or(1)),
            })
        })?
        .collect::<Result<_, _>>()?;
    col.presets = conn
        .prepare("select id, name, config from deck_config order by id")?
        .query_map([], |r| {
            let config: Vec<u8> = r.get(2)?;
            Ok(Preset {
                id: r.get(0)?,
                name: r.get(1)?,
                desired_retention: proto::float_field(&config, 37),
                params: proto::floats_field(&config, 6),
            })
        })?
        .collect::<Result<_, _>>()?;
    if let Ok(v) = conn.query_row("select val from config where key = 'rollover'", [], |r| {
        r.get::<_, Vec<u8>>(0)
    }) && let Some(h) = serde_json::from_slice::<Value>(&v)
        .ok()
        .and_then(|v| v.as_u64())
    {
        col.rollover_hour = u8::try_from(h.min(23)).unwrap_or(4);
    }
    Ok(())
}

/// What is wrong with a schema-11 collection's `col` row.
#[derive(Debug, thiserror::Error)]
enum LegacyError {
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("its {0} is not a JSON object")]
    NotObject(&'static str),
    #[error("its {what} is not JSON: {source}")]
    NotJson {
        what: &'static str,
        source: serde_json::Error,
    },
}

/// Schema 11: note types (`models`), decks and presets (`dconf`) as JSON in the `col` row.
fn read_legacy(conn: &Connection, col: &mut Collection) -> Result<(), LegacyError> {
    let (models, decks, dconf, conf): (String, String, String, String) =
        conn.query_row("select models, decks, dconf, conf from col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let parse =
        |what: &'static str, s: &str| -> Result<serde_json::Map<String, Value>, LegacyError> {
            match serde_json::from_str::<Value>(s) {
                Ok(Value::Object(m)) => Ok(m),
                Ok(_) => Err(LegacyError::NotObject(what)),
                Err(source) => Err(LegacyError::NotJson { what, source }),
            }
        };
    let int = |v: &Value, k: &str| -> i64 {
        v.get(k)
            .and_then(|x| {
                x.as_i64()
                    .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
            })
            .unwrap_or(0)
    };
    let text = |v: &Value, k: &str| -> String {
        v.get(k).and_then(Value::as_str).unwrap_or("").to_owned()
    };
    let sorted = |v: Option<&Value>| -> Vec<Value> {
        let mut items: Vec<Value> = v.and_then(Value::as_array).cloned().unwrap_or_default();
        items.sort_by_key(|x| x.get("ord").and_then(Value::as_i64).unwrap_or(0));
        items
    };
    for m in parse("models", &models)?.values() {
        let stock = int(m, "originalStockKind");
        col.notetypes.push(NoteType {
            id: int(m, "id"),
            name: text(m, "name"),
            cloze: int(m, "type") == 1,
            stock: (stock != 0).then(|| u32::try_from(stock).unwrap_or(0)),
            fields: sorted(m.get("flds"))
                .iter()
                .map(|f| text(f, "name"))
                .collect(),
            templates: sorted(m.get("tmpls"))
                .iter()
                .map(|t| Template {
                    name: text(t, "name"),
                    question: text(t, "qfmt"),
                    answer: text(t, "afmt"),
                })
                .collect(),
        });
    }
    for d in parse("decks", &decks)?.values() {
        let filtered = int(d, "dyn") != 0;
        col.decks.push(AnkiDeck {
            id: int(d, "id"),
            name: text(d, "name"),
            filtered,
            preset: (!filtered).then(|| int(d, "conf")),
        });
    }
    for p in parse("dconf", &dconf)?.values() {
        col.presets.push(Preset {
            id: int(p, "id"),
            name: text(p, "name"),
            desired_retention: p
                .get("desiredRetention")
                .and_then(Value::as_f64)
                .map(|x| x as f32),
            params: p
                .get("fsrsParams6")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_f64)
                        .map(|x| x as f32)
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    if let Ok(c) = parse("conf", &conf)
        && let Some(h) = c.get("rollover").and_then(Value::as_u64)
    {
        col.rollover_hour = u8::try_from(h.min(23)).unwrap_or(4);
    }
    col.notetypes.sort_by_key(|t| t.id);
    col.decks.sort_by_key(|d| d.id);
    Ok(())
}
