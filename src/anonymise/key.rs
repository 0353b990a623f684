//! The secret key of the anonymiser and the keyed pseudonyms derived from it.
//!
//! Pseudonyms are HMAC-SHA-256 over the Unicode-normalised (NFC), case-folded
//! identifier, never plain hashes: the same name gets the same code in every
//! file anonymised with the same key, and nobody without the key can test a
//! guessed name (ENISA 2019). The key file holds 256 random bits in hex.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a key could not be made or read. No key material in messages.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("key file exists already; refusing to overwrite it")]
    Exists,
    #[error("cannot write the key file: {0}")]
    Write(std::io::ErrorKind),
    #[error("cannot read the key file: {0}")]
    Read(std::io::ErrorKind),
    #[error("not a lernfall key file (expected 64 hex digits)")]
    Malformed,
    #[error("no source of random numbers: {0}")]
    Random(String),
}

/// A 256-bit secret.
#[derive(Clone)]
pub struct Key {
    bytes: [u8; 32],
    /// Whether it was made for this run only (exports cannot be linked).
    pub one_off: bool,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({})", self.fingerprint())
    }
}

/// What a pseudonym stands for; part of the HMAC input, so the same text as
/// a person and as an institution gets different codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    Person,
    Institution,
    Staff,
    Case,
    DateShift,
}

impl Domain {
    fn tag(self) -> &'static str {
        match self {
            Domain::Person => "person",
            Domain::Institution => "institution",
            Domain::Staff => "staff",
            Domain::Case => "case",
            Domain::DateShift => "date-shift",
        }
    }

    /// The letter of the code: `P-7F3A2C`.
    pub fn letter(self) -> char {
        match self {
            Domain::Person => 'P',
            Domain::Institution => 'I',
            Domain::Staff => 'S',
            Domain::Case => 'C',
            Domain::DateShift => 'D',
        }
    }
}

/// The form pseudonyms are computed on: NFC, invisible format characters
/// dropped, full case folding (`Weiß` = `WEISS`), whitespace collapsed
/// (rule [`crate::text::fold::PSEUDONYM_RULE`]).
pub fn normalise(identifier: &str) -> String {
    crate::text::fold::pseudonym_key(identifier)
}

impl Key {
    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key { bytes, one_off: false }
    }

    /// A fresh random key.
    pub fn random() -> Result<Key, KeyError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
        Ok(Key { bytes, one_off: false })
    }

    /// A random key for this run only.
    pub fn one_off() -> Result<Key, KeyError> {
        Key::random().map(|k| Key { one_off: true, ..k })
    }

    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.bytes)
            .expect("HMAC accepts keys of any length");
        for p in parts {
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    /// The keyed digest of an identifier in a domain.
    pub fn digest(&self, domain: Domain, identifier: &str) -> [u8; 32] {
        self.mac(&[domain.tag().as_bytes(), normalise(identifier).as_bytes()])
    }

    /// The keyed digest of a text as it is, not normalised (for seals).
    pub fn seal_digest(&self, text: &str) -> [u8; 32] {
        self.mac(&[b"seal", text.as_bytes()])
    }

    /// A stable pseudonym code, e.g. `P-7F3A2C` (24 bits: unique enough
    /// within a case, and short enough to read aloud in a workshop).
    pub fn code(&self, domain: Domain, identifier: &str) -> String {
        let d = self.digest(domain, identifier);
        format!("{}-{:02X}{:02X}{:02X}", domain.letter(), d[0], d[1], d[2])
    }

    /// A number in `lo..=hi` derived from the key and an identifier.
    pub fn number(&self, domain: Domain, identifier: &str, lo: u32, hi: u32) -> u32 {
        let d = self.digest(domain, identifier);
        let n = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
        lo + (n % u64::from(hi - lo + 1)) as u32
    }

    /// Whether a derived bit is set (for signs).
    pub fn bit(&self, domain: Domain, identifier: &str) -> bool {
        self.digest(domain, identifier)[31] & 1 == 1
    }

    /// The key's fingerprint: identifies the key, reveals nothing about it.
    pub fn fingerprint(&self) -> String {
        let d = self.mac(&[b"lernfall key fingerprint"]);
        d[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Writes a new key file (mode 0600); never overwrites.
    pub fn write_new(path: &Path) -> Result<Key, KeyError> {
        let key = Key::random()?;
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => KeyError::Exists,
            k => KeyError::Write(k),
        })?;
        let hex: String = key.bytes.iter().map(|b| format!("{b:02x}")).collect();
        let text = format!(
            "# lernfall key — keep it secret and apart from the exports.\n# fingerprint {}\n{hex}\n",
            key.fingerprint()
        );
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| KeyError::Write(e.kind()))?;
        Ok(key)
    }

    /// Reads a key file; the second value is true when group or others may
    /// read it (the caller warns).
    pub fn read(path: &Path) -> Result<(Key, bool), KeyError> {
        let meta = fs::metadata(path).map_err(|e| KeyError::Read(e.kind()))?;
        #[cfg(unix)]
        let exposed = {
            use std::os::unix::fs::PermissionsExt;
            meta.permissions().mode() & 0o077 != 0
        };
        #[cfg(not(unix))]
        let exposed = {
            let _ = meta;
            false
        };
        let text = fs::read_to_string(path).map_err(|e| KeyError::Read(e.kind()))?;
        let hex: String =
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(KeyError::Malformed);
        }
        let mut bytes = [0u8; 32];
        for (i, chunk) in hex.as_bytes().chunks(2).enumerate() {
            let s = std::str::from_utf8(chunk).map_err(|_| KeyError::Malformed)?;
            bytes[i] = u8::from_str_radix(s, 16).map_err(|_| KeyError::Malformed)?;
        }
        Ok((Key::from_bytes(bytes), exposed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_keyed_normalised_and_domain_separated() {
        let a = Key::from_bytes([1; 32]);
        let b = Key::from_bytes([2; 32]);
        assert_eq!(a.code(Domain::Person, "Lena  Müller"), a.code(Domain::Person, "LENA MÜLLER"));
        // NFC: "u + combining diaeresis" is the same name.
        assert_eq!(a.code(Domain::Person, "Mu\u{308}ller"), a.code(Domain::Person, "Müller"));
        assert_ne!(a.code(Domain::Person, "Lena Müller"), b.code(Domain::Person, "Lena Müller"));
        assert_eq!(a.code(Domain::Person, "Weiß"), a.code(Domain::Person, "WEISS"));
        assert_ne!(a.code(Domain::Person, "Lena"), a.code(Domain::Staff, "Lena"));
        let code = a.code(Domain::Person, "x");
        assert!(code.starts_with("P-") && code.len() == 8, "{code}");
    }

    #[test]
    fn key_files_are_private_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        let key = Key::write_new(&path).unwrap();
        assert!(matches!(Key::write_new(&path), Err(KeyError::Exists)));
        let (read, exposed) = Key::read(&path).unwrap();
        assert_eq!(read.fingerprint(), key.fingerprint());
        assert!(!exposed);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
            assert!(Key::read(&path).unwrap().1);
        }
    }
}
