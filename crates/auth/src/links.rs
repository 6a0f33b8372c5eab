//! Signed download links: HMAC-SHA256 over the storage key and the expiry time, with a key
//! derived from the server secret (so every instance sharing the secret signs alike, and a
//! link token is never usable as anything else).

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use tailor_domain::ports::LinkSigner;

type HmacSha256 = Hmac<Sha256>;

/// What the derived key is for; changing it invalidates every link.
const PURPOSE: &[u8] = b"tailor download links v1";

/// [`LinkSigner`] with HMAC-SHA256. A token is 64 lower-case hex characters.
#[derive(Clone)]
pub struct HmacLinkSigner {
    key: [u8; 32],
}

impl HmacLinkSigner {
    /// A signer whose key is derived from `secret` (the server's token secret).
    #[must_use]
    pub fn new(secret: &SecretString) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret.expose_secret().as_bytes())
            .expect("HMAC takes a key of any length");
        mac.update(PURPOSE);
        Self {
            key: mac.finalize().into_bytes().into(),
        }
    }

    fn mac(&self, key: &str, expires: i64) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        // Length-prefixed, so no two (key, expires) pairs sign the same bytes.
        mac.update(&(key.len() as u64).to_be_bytes());
        mac.update(key.as_bytes());
        mac.update(&expires.to_be_bytes());
        mac
    }
}

impl LinkSigner for HmacLinkSigner {
    fn sign(&self, key: &str, expires: i64) -> String {
        self.mac(key, expires)
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn verify(&self, key: &str, expires: i64, token: &str) -> bool {
        let Some(tag) = decode_hex(token) else {
            return false;
        };
        self.mac(key, expires).verify_slice(&tag).is_ok()
    }
}

/// 32 bytes from 64 hex characters (either case), else `None`.
fn decode_hex(token: &str) -> Option<Vec<u8>> {
    if token.len() != 64 || !token.is_ascii() {
        return None;
    }
    (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(secret: &str) -> HmacLinkSigner {
        HmacLinkSigner::new(&SecretString::from(secret.to_owned()))
    }

    #[test]
    fn a_token_verifies_for_its_key_and_expiry_only() {
        let s = signer(&"k".repeat(32));
        let token = s.sign("exports/7/a.pdf", 1_800_000_000);
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(s.verify("exports/7/a.pdf", 1_800_000_000, &token));
        assert!(s.verify("exports/7/a.pdf", 1_800_000_000, &token.to_uppercase()));
        assert!(!s.verify("exports/7/a.pdf", 1_800_000_001, &token));
        assert!(!s.verify("exports/7/b.pdf", 1_800_000_000, &token));
        assert!(!s.verify("exports_7_a.pdf", 1_800_000_000, &token));
    }

    #[test]
    fn another_secret_or_a_mangled_token_does_not_verify() {
        let s = signer(&"k".repeat(32));
        let token = s.sign("exports/7/a.pdf", 10);
        assert!(!signer(&"j".repeat(32)).verify("exports/7/a.pdf", 10, &token));
        let mut flipped = token.clone().into_bytes();
        flipped[10] = if flipped[10] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).unwrap();
        for bad in [
            flipped.as_str(),
            &token[..63],
            &format!("{token}0"),
            "",
            &"zz".repeat(32),
            &"é".repeat(32),
        ] {
            assert!(!s.verify("exports/7/a.pdf", 10, bad), "{bad:?}");
        }
    }

    #[test]
    fn signing_is_deterministic_across_instances_with_one_secret() {
        let a = signer(&"k".repeat(32)).sign("exports/1/x.zip", 99);
        let b = signer(&"k".repeat(32)).sign("exports/1/x.zip", 99);
        assert_eq!(a, b);
    }
}
