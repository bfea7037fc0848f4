//! A tiny protocol-buffers reader for the few fields smriti reads from Anki's binary blobs
//! (the package `meta`, note type kind, template formats, deck kind, FSRS preset). Hand
//! written rather than `prost`: these are six fields of five messages, and prost would need
//! Anki's `.proto` files and a code generator in the build for them. Never panics: a
//! malformed blob ends the iteration. Pure (no I/O), but it lives with the reader that needs it.

/// One field's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

/// Iterates over the fields of one message: (field number, value).
pub struct Fields<'a> {
    rest: &'a [u8],
}

pub fn fields(bytes: &[u8]) -> Fields<'_> {
    Fields { rest: bytes }
}

fn varint(rest: &mut &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let (&b, tail) = rest.split_first()?;
        *rest = tail;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

impl<'a> Iterator for Fields<'a> {
    type Item = (u32, Value<'a>);

    fn next(&mut self) -> Option<(u32, Value<'a>)> {
        if self.rest.is_empty() {
            return None;
        }
        let step = || -> Option<(u32, Value<'a>, &'a [u8])> {
            let mut r = self.rest;
            let key = varint(&mut r)?;
            let number = u32::try_from(key >> 3).ok()?;
            let value = match key & 7 {
                0 => Value::Varint(varint(&mut r)?),
                1 => {
                    let (b, tail) = r.split_at_checked(8)?;
                    r = tail;
                    Value::Fixed64(u64::from_le_bytes(b.try_into().ok()?))
                }
                2 => {
                    let len = usize::try_from(varint(&mut r)?).ok()?;
                    let (b, tail) = r.split_at_checked(len)?;
                    r = tail;
                    Value::Bytes(b)
                }
                5 => {
                    let (b, tail) = r.split_at_checked(4)?;
                    r = tail;
                    Value::Fixed32(u32::from_le_bytes(b.try_into().ok()?))
                }
                _ => return None,
            };
            Some((number, value, r))
        };
        match step() {
            Some((n, v, r)) => {
                self.rest = r;
                Some((n, v))
            }
            None => {
                self.rest = &[];
                None
            }
        }
    }
}

/// The last varint of field `n` (0 when absent, as protobuf defaults it).
pub fn varint_field(bytes: &[u8], n: u32) -> u64 {
    fields(bytes)
        .filter(|(f, _)| *f == n)
        .filter_map(|(_, v)| match v {
            Value::Varint(x) => Some(x),
            _ => None,
        })
        .last()
        .unwrap_or(0)
}

/// The bytes of field `n`, if present.
pub fn bytes_field(bytes: &[u8], n: u32) -> Option<&[u8]> {
    fields(bytes)
        .filter(|(f, _)| *f == n)
        .filter_map(|(_, v)| match v {
            Value::Bytes(b) => Some(b),
            _ => None,
        })
        .last()
}

/// A float field `n`, if present.
pub fn float_field(bytes: &[u8], n: u32) -> Option<f32> {
    fields(bytes)
        .filter(|(f, _)| *f == n)
        .filter_map(|(_, v)| match v {
            Value::Fixed32(x) => Some(f32::from_bits(x)),
            _ => None,
        })
        .last()
}

/// A repeated float field `n`, packed or not.
pub fn floats_field(bytes: &[u8], n: u32) -> Vec<f32> {
    let mut out = Vec::new();
    for (f, v) in fields(bytes) {
        if f != n {
            continue;
        }
        match v {
            Value::Fixed32(x) => out.push(f32::from_bits(x)),
            Value::Bytes(b) => out.extend(
                b.chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            ),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_wire_types_anki_uses() {
        // Deck kind: normal { config_id: 1 }.
        let kind = [0x0a, 0x02, 0x08, 0x01];
        let normal = bytes_field(&kind, 1).unwrap();
        assert_eq!(varint_field(normal, 1), 1);
        assert_eq!(bytes_field(&kind, 2), None);
        // Package meta: version 3.
        assert_eq!(varint_field(&[0x08, 0x03], 1), 3);
        // A float and packed floats.
        let mut blob = vec![0x0d];
        blob.extend(0.9f32.to_le_bytes());
        blob.extend([0x32, 8]);
        blob.extend(1.5f32.to_le_bytes());
        blob.extend(2.5f32.to_le_bytes());
        assert_eq!(float_field(&blob, 1), Some(0.9));
        assert_eq!(floats_field(&blob, 6), vec![1.5, 2.5]);
    }

    #[test]
    fn malformed_blobs_end_quietly() {
        assert_eq!(fields(&[0x0a, 0x10, 1]).count(), 0);
        assert_eq!(fields(&[0xff; 12]).count(), 0);
        assert_eq!(fields(&[0x0f]).count(), 0);
        assert_eq!(varint_field(&[], 1), 0);
    }
}
