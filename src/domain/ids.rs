//! The names decks and cards go by: [`DeckId`] and [`CardId`], so a signature says which id
//! it wants and a card id cannot be passed where a deck id belongs. Each is an `Arc<str>`:
//! cloning one (every study item, every log event and every progress entry holds one) copies
//! a pointer, not the text. Both read and write as a bare JSON string, so every file format
//! is unchanged. Pure: no dependency outside `std` and `serde`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Arc<str>);

        impl $name {
            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Hash, Eq and Ord are those of the text (derived through `Arc<str>`), so a map keyed by
        // the id can be searched with a `&str`.
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // `pad`, not `write_str`: a width (`{:<28}`) lines ids up as it does strings.
                f.pad(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(Arc::from(s))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(Arc::from(s))
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> Self {
                $name(Arc::from(s.as_str()))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &*self.0 == other.as_str()
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == &*other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == &*other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self.as_str() == &*other.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Borrowed when the input allows it; a string with escapes arrives owned.
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name(Arc::from(s.as_ref())))
            }
        }
    };
}

id_type!(
    /// A deck's id (its `"id"` field): the key its progress is saved under.
    DeckId
);

id_type!(
    /// A card's id within its deck (its `"id"` field).
    CardId
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn an_id_reads_and_writes_as_a_bare_json_string() {
        let id: DeckId = serde_json::from_str(r#""prelims-\u00e9""#).unwrap();
        assert_eq!(id, "prelims-é");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""prelims-é""#);
        let card: CardId = serde_json::from_str(r#""c1""#).unwrap();
        assert_eq!(card.as_str(), "c1");
        assert!(serde_json::from_str::<CardId>("7").is_err());
    }

    #[test]
    fn a_map_keyed_by_an_id_is_searched_with_text() {
        let mut m = HashMap::new();
        m.insert(DeckId::from("a"), 1);
        assert_eq!(m.get("a"), Some(&1));
        assert_eq!(m.get("b"), None);
        let (a, b) = (DeckId::from("a"), DeckId::from("b"));
        assert!(a < b, "ordered by their text");
        assert_eq!(
            format!("{} {:?}", CardId::from("x"), CardId::from("x")),
            "x \"x\""
        );
        // A width pads an id as it pads a string (`smriti stats` lines its decks up so).
        assert_eq!(format!("[{:<6}]", DeckId::from("abc")), "[abc   ]");
    }

    #[test]
    fn a_clone_shares_the_text() {
        let a = CardId::from("a long card id");
        let b = a.clone();
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
    }
}
