//! Deterministic numbers drawn from fuzz input bytes.
//!
//! Argument values must come from the input (so libFuzzer can steer them) and must be the
//! same on every run of the same input (so crashes replay). [`ByteSource`] hands out bytes in
//! a fixed order and zeros once the bytes run out, so it never fails.

/// A cursor over input bytes that yields zeros when exhausted.
#[derive(Debug, Clone)]
pub struct ByteSource<'a> {
    bytes: &'a [u8],
    pos: usize,
    backwards: bool,
}

impl<'a> ByteSource<'a> {
    /// Reads `bytes` from the first byte on.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            backwards: false,
        }
    }

    /// Reads `bytes` from the last byte towards the first.
    ///
    /// `module_bytes` uses this: its input is a module binary, and reading arguments from the
    /// end means they come from the last section, where the seeds put a custom section of
    /// free bytes that mutations can change without making the module invalid.
    pub fn from_end(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            backwards: true,
        }
    }

    /// The next byte, or 0 when none is left.
    pub fn byte(&mut self) -> u8 {
        if self.pos >= self.bytes.len() {
            return 0;
        }
        let i = if self.backwards {
            self.bytes.len() - 1 - self.pos
        } else {
            self.pos
        };
        self.pos += 1;
        self.bytes[i]
    }

    /// The next 4 bytes as a little-endian number.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// The next 8 bytes as a little-endian number.
    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | (u64::from(self.u32()) << 32)
    }

    /// A 32-bit pattern biased towards the values that find bugs (0, ±1, extremes, NaN).
    pub fn bits32(&mut self) -> u32 {
        match self.byte() % 8 {
            0 => 0,
            1 => 1,
            2 => u32::MAX,
            3 => 0x8000_0000,
            4 => 0x7fc0_0001, // a quiet NaN with payload
            5 => u32::from(self.byte()),
            _ => self.u32(),
        }
    }

    /// A 64-bit pattern, biased like [`ByteSource::bits32`].
    pub fn bits64(&mut self) -> u64 {
        match self.byte() % 8 {
            0 => 0,
            1 => 1,
            2 => u64::MAX,
            3 => 0x8000_0000_0000_0000,
            4 => 0x7ff8_0000_0000_0001,
            5 => u64::from(self.byte()),
            _ => self.u64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeros_after_the_end_in_both_directions() {
        let mut f = ByteSource::new(&[1, 2]);
        assert_eq!((f.byte(), f.byte(), f.byte()), (1, 2, 0));
        let mut b = ByteSource::from_end(&[1, 2]);
        assert_eq!((b.byte(), b.byte(), b.byte()), (2, 1, 0));
    }
}
