//! The byte format of a compiled model.
//!
//! ```text
//! magic    8 bytes   "INTENTLY"
//! version  u32 LE    FORMAT_VERSION
//! length   u64 LE    length of the payload in bytes
//! payload  …         the model, written field by field (little-endian)
//! checksum u64 LE    checksum of the payload
//! ```
//!
//! Reading checks every length against the bytes that remain, so corrupt or truncated
//! bytes give a [`ModelError`], never a panic or a huge allocation.

use crate::error::ModelError;

/// The first eight bytes of every model.
pub const MAGIC: &[u8; 8] = b"INTENTLY";
/// The version of the byte format this build reads and writes.
pub const FORMAT_VERSION: u32 = 4;
const HEADER: usize = 8 + 4 + 8;

/// A fast 64-bit checksum (a multiply-xorshift over 8-byte words): catches flipped bits and
/// truncation, not malice.
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K);
        h ^= h >> 29;
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K);
        h ^= h >> 29;
    }
    h ^ (h >> 32)
}

/// Writes a payload field by field.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty payload.
    pub fn new() -> Writer {
        Writer::default()
    }
    /// Writes a `bool` as one byte.
    pub fn bool(&mut self, v: bool) {
        self.buf.push(u8::from(v));
    }
    /// Writes a `u32`.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes a length or index.
    pub fn len(&mut self, v: usize) {
        self.u64(v as u64);
    }
    /// Writes an `f32`.
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Writes bytes with their length.
    pub fn bytes(&mut self, v: &[u8]) {
        self.len(v.len());
        self.buf.extend_from_slice(v);
    }
    /// Writes a string with its length.
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    /// Writes plain data as a JSON string (for the parts whose shape is the definitions').
    pub fn json<T: serde::Serialize>(&mut self, v: &T) {
        // Plain data with string keys: serializing cannot fail.
        self.str(&serde_json::to_string(v).unwrap_or_default());
    }
    /// Writes an optional string.
    pub fn opt_str(&mut self, v: Option<&str>) {
        self.bool(v.is_some());
        if let Some(s) = v {
            self.str(s);
        }
    }
    /// Writes `f32`s with their count.
    pub fn f32s(&mut self, v: &[f32]) {
        self.len(v.len());
        self.buf.reserve(v.len() * 4);
        for x in v {
            self.f32(*x);
        }
    }
    /// Writes `u32`s with their count.
    pub fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for x in v {
            self.u32(*x);
        }
    }
    /// Writes `u64`s with their count.
    pub fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        for x in v {
            self.u64(*x);
        }
    }
    /// Writes a list with its count, each item by `item`.
    pub fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Writer, &T)) {
        self.len(items.len());
        for x in items {
            item(self, x);
        }
    }

    /// The finished model: header, payload, checksum.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.buf.len() + 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.buf.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.buf);
        out.extend_from_slice(&checksum(&self.buf).to_le_bytes());
        out
    }
}

/// Reads a payload written by [`Writer`], checking every length.
#[derive(Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the header and checksum of `bytes` and returns a reader of the payload.
    pub fn open(bytes: &'a [u8]) -> Result<Reader<'a>, ModelError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        if bytes.len() < HEADER {
            return Err(ModelError::Truncated {
                needed: HEADER,
                available: bytes.len(),
            });
        }
        let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
        if version != FORMAT_VERSION {
            return Err(ModelError::Version {
                expected: FORMAT_VERSION,
                got: version,
            });
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&bytes[12..HEADER]);
        let len = u64::from_le_bytes(len);
        let available = bytes.len() - HEADER;
        let needed = usize::try_from(len)
            .ok()
            .and_then(|l| l.checked_add(8))
            .unwrap_or(usize::MAX);
        if needed != available {
            return Err(ModelError::Truncated {
                needed: needed.saturating_add(HEADER),
                available: bytes.len(),
            });
        }
        let payload = &bytes[HEADER..bytes.len() - 8];
        let mut stored = [0u8; 8];
        stored.copy_from_slice(&bytes[bytes.len() - 8..]);
        let stored = u64::from_le_bytes(stored);
        let computed = checksum(payload);
        if stored != computed {
            return Err(ModelError::Checksum {
                expected: stored,
                got: computed,
            });
        }
        Ok(Reader { buf: payload, pos: 0 })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(ModelError::Corrupt {
                what: "a length runs past the end of the model",
            })?;
        let slice = &self.buf[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// Reads a `u8`.
    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.array::<1>()?[0])
    }
    /// Reads a `bool`.
    pub fn bool(&mut self) -> Result<bool, ModelError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(ModelError::Corrupt {
                what: "a boolean is neither 0 nor 1",
            }),
        }
    }
    /// Reads a `u32`.
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    /// Reads a `u64`.
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    /// Reads a count of items of `item_bytes` bytes each, checked against what remains.
    pub fn len(&mut self, item_bytes: usize) -> Result<usize, ModelError> {
        let n = usize::try_from(self.u64()?).map_err(|_| ModelError::Corrupt {
            what: "a length overflows",
        })?;
        let remaining = self.buf.len() - self.pos;
        if n.checked_mul(item_bytes.max(1)).is_none_or(|b| b > remaining) {
            return Err(ModelError::Corrupt {
                what: "a length runs past the end of the model",
            });
        }
        Ok(n)
    }
    /// Reads an `f32`.
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    /// Reads bytes written by [`Writer::bytes`].
    pub fn bytes(&mut self) -> Result<&'a [u8], ModelError> {
        let n = self.len(1)?;
        self.take(n)
    }
    /// Reads a string.
    pub fn str(&mut self) -> Result<String, ModelError> {
        let bytes = self.bytes()?;
        std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|_| ModelError::Corrupt {
                what: "a string is not UTF-8",
            })
    }
    /// Reads plain data written by [`Writer::json`]; unreadable JSON is corrupt (`what`).
    pub fn json<T: serde::de::DeserializeOwned>(&mut self, what: &'static str) -> Result<T, ModelError> {
        serde_json::from_slice(self.bytes()?).map_err(|_| ModelError::Corrupt { what })
    }
    /// Reads an optional string.
    pub fn opt_str(&mut self) -> Result<Option<String>, ModelError> {
        if self.bool()? {
            self.str().map(Some)
        } else {
            Ok(None)
        }
    }
    /// Reads `f32`s.
    pub fn f32s(&mut self) -> Result<Vec<f32>, ModelError> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    /// Reads `u32`s.
    pub fn u32s(&mut self) -> Result<Vec<u32>, ModelError> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    /// Reads `u64`s.
    pub fn u64s(&mut self) -> Result<Vec<u64>, ModelError> {
        let n = self.len(8)?;
        (0..n).map(|_| self.u64()).collect()
    }
    /// Reads a list written by [`Writer::list`]; each item takes at least one byte.
    pub fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Reader<'a>) -> Result<T, ModelError>,
    ) -> Result<Vec<T>, ModelError> {
        let n = self.len(1)?;
        (0..n).map(|_| item(self)).collect()
    }
    /// Fails unless every byte of the payload was read.
    pub fn finish(self) -> Result<(), ModelError> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(ModelError::Corrupt {
                what: "bytes left after the model",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = Writer::new();
        w.str("hello");
        w.f32s(&[1.0, -2.5]);
        w.opt_str(None);
        w.u32s(&[7, 8, 9]);
        w.finish()
    }

    #[test]
    fn round_trip() {
        let bytes = sample();
        let mut r = Reader::open(&bytes).unwrap();
        assert_eq!(r.str().unwrap(), "hello");
        assert_eq!(r.f32s().unwrap(), vec![1.0, -2.5]);
        assert_eq!(r.opt_str().unwrap(), None);
        assert_eq!(r.u32s().unwrap(), vec![7, 8, 9]);
        r.finish().unwrap();
    }

    #[test]
    fn wrong_magic_version_length_and_checksum() {
        let bytes = sample();
        assert_eq!(Reader::open(b"nonsense").unwrap_err(), ModelError::NotAModel);
        let mut v = bytes.clone();
        v[8] = 99;
        assert_eq!(
            Reader::open(&v).unwrap_err(),
            ModelError::Version {
                expected: FORMAT_VERSION,
                got: 99
            }
        );
        assert!(matches!(
            Reader::open(&bytes[..bytes.len() - 3]),
            Err(ModelError::Truncated { .. })
        ));
        let mut v = bytes.clone();
        v[HEADER + 2] ^= 0x40;
        assert!(matches!(Reader::open(&v), Err(ModelError::Checksum { .. })));
    }

    #[test]
    fn every_truncation_and_flip_is_an_error_not_a_panic() {
        let bytes = sample();
        for cut in 0..bytes.len() {
            assert!(Reader::open(&bytes[..cut]).is_err());
        }
        for i in 0..bytes.len() {
            let mut v = bytes.clone();
            v[i] ^= 0x01;
            assert!(Reader::open(&v).is_err(), "flip at {i} went unnoticed");
        }
    }

    #[test]
    fn huge_lengths_are_rejected_before_allocating() {
        let mut w = Writer::new();
        w.u64(u64::MAX / 2);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes).unwrap();
        assert!(matches!(r.f32s(), Err(ModelError::Corrupt { .. })));
    }
}
