//! wacapi's serialized-module format.
//!
//! wasmi compiles lazily from the binary, so the serialized form is the validated binary in a
//! checked envelope (all integers little-endian):
//!
//! | offset | size | content |
//! |---|---|---|
//! | 0 | 8 | magic `"WACAPI\x00M"` |
//! | 8 | 4 | format version (1) |
//! | 12 | 2 | length `n` of the library version string |
//! | 14 | n | library version (`CARGO_PKG_VERSION`), must equal the reader's |
//! | 14+n | 8 | fingerprint of the engine configuration that validated the module |
//! | 22+n | 8 | length `m` of the module binary |
//! | 30+n | 8 | FNV-1a 64 checksum of the module binary |
//! | 38+n | m | the module binary (`\0asm...`) |
//!
//! Deserialization checks every field, then the binary is validated again by the engine —
//! unless the caller vouches for the bytes (`wacapi_module_deserialize_trusted`) and the
//! fingerprint says the reading engine is configured as the validating one was.

const MAGIC: &[u8; 8] = b"WACAPI\0M";
const FORMAT_VERSION: u32 = 2;
const LIBRARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A checked cache entry: the module binary and the configuration it was validated under.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    pub(crate) binary: &'a [u8],
    /// [`config_fingerprint`] of the engine that serialized it.
    pub(crate) config: u64,
}

/// A digest of everything in an engine's configuration (proposals, limits, fuel, compilation
/// mode): a module valid under one configuration is known valid under another with the same
/// fingerprint.
pub(crate) fn config_fingerprint(engine: &wasmi::Engine) -> u64 {
    checksum(format!("{:?}", engine.config()).as_bytes())
}

/// FNV-1a, 64 bit: detects corruption (not tampering; validation guards the engine).
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Wraps a module binary in the envelope (an error when memory runs out).
pub(crate) fn encode(binary: &[u8], engine: &wasmi::Engine) -> Result<Vec<u8>, String> {
    let mut out = crate::vec::try_with_capacity(binary.len() + 64)?;
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(LIBRARY_VERSION.len() as u16).to_le_bytes());
    out.extend_from_slice(LIBRARY_VERSION.as_bytes());
    out.extend_from_slice(&config_fingerprint(engine).to_le_bytes());
    out.extend_from_slice(&(binary.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(binary).to_le_bytes());
    out.extend_from_slice(binary);
    Ok(out)
}

/// Reads `n` bytes at `*pos`, or says the input is truncated.
fn take<'a>(bytes: &'a [u8], pos: &mut usize, n: usize, what: &str) -> Result<&'a [u8], String> {
    let end = pos
        .checked_add(n)
        .filter(|e| *e <= bytes.len())
        .ok_or_else(|| format!("truncated input: {what} missing"))?;
    let s = &bytes[*pos..end];
    *pos = end;
    Ok(s)
}

/// Checks the envelope and returns the entry inside.
pub(crate) fn decode(bytes: &[u8]) -> Result<Entry<'_>, String> {
    let mut pos = 0;
    if take(bytes, &mut pos, 8, "magic")? != MAGIC {
        return Err("not a wacapi serialized module (bad magic)".into());
    }
    let version = u32::from_le_bytes(
        take(bytes, &mut pos, 4, "format version")?
            .try_into()
            .unwrap_or([0; 4]),
    );
    if version != FORMAT_VERSION {
        return Err(format!(
            "unsupported format version {version} (expected {FORMAT_VERSION})"
        ));
    }
    let n = u16::from_le_bytes(
        take(bytes, &mut pos, 2, "library version length")?
            .try_into()
            .unwrap_or([0; 2]),
    );
    let lib = take(bytes, &mut pos, usize::from(n), "library version")?;
    if lib != LIBRARY_VERSION.as_bytes() {
        return Err(format!(
            "serialized by wacapi {} but this is wacapi {LIBRARY_VERSION}",
            String::from_utf8_lossy(lib)
        ));
    }
    let config = u64::from_le_bytes(
        take(bytes, &mut pos, 8, "configuration fingerprint")?
            .try_into()
            .unwrap_or([0; 8]),
    );
    let len = u64::from_le_bytes(
        take(bytes, &mut pos, 8, "module length")?
            .try_into()
            .unwrap_or([0; 8]),
    );
    let sum = u64::from_le_bytes(
        take(bytes, &mut pos, 8, "checksum")?
            .try_into()
            .unwrap_or([0; 8]),
    );
    let len = usize::try_from(len).map_err(|_| "module length too large".to_string())?;
    let binary = take(bytes, &mut pos, len, "module bytes")?;
    if pos != bytes.len() {
        return Err(format!("{} unexpected trailing bytes", bytes.len() - pos));
    }
    if checksum(binary) != sum {
        return Err("checksum mismatch: the data is corrupted".into());
    }
    Ok(Entry { binary, config })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let bin = b"\0asm\x01\0\0\0";
        let engine = wasmi::Engine::default();
        let enc = encode(bin, &engine).unwrap();
        let entry = decode(&enc).unwrap();
        assert_eq!(entry.binary, bin);
        assert_eq!(entry.config, config_fingerprint(&engine));
        let mut fuel = wasmi::Config::default();
        fuel.consume_fuel(true);
        assert_ne!(config_fingerprint(&wasmi::Engine::new(&fuel)), entry.config);
        assert!(decode(&enc[..enc.len() - 1])
            .unwrap_err()
            .contains("truncated"));
        let mut bad = enc.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert!(decode(&bad).unwrap_err().contains("checksum"));
        assert!(decode(b"\0asm\x01\0\0\0").unwrap_err().contains("magic"));
        let mut v2 = enc.clone();
        v2[8] = 1;
        assert!(decode(&v2).unwrap_err().contains("format version"));
        let mut extra = enc;
        extra.push(0);
        assert!(decode(&extra).unwrap_err().contains("trailing"));
    }
}
