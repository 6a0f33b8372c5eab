//! The `TokenCodec` port with HS256 JSON Web Tokens (jsonwebtoken).

use std::fmt;

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tailor_domain::ports::{TokenCodec, TokenError};
use tailor_domain::session::{SessionId, TokenClaims, TokenKind};
use tailor_domain::user::UserId;
use uuid::Uuid;

/// Signs and verifies HS256 tokens. Only HS256 is accepted when decoding: `alg: none` and
/// every other algorithm are rejected, as are expired tokens (5 s of leeway for clock skew).
#[derive(Clone)]
pub struct JwtTokenCodec {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl fmt::Debug for JwtTokenCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtTokenCodec(HS256, <secret>)")
    }
}

/// The wire form of the claims.
#[derive(Debug, Serialize, Deserialize)]
struct WireClaims {
    /// The user id as a decimal string.
    sub: String,
    exp: i64,
    iat: i64,
    #[serde(rename = "type")]
    kind: String,
    jti: Uuid,
    sid: Uuid,
}

impl JwtTokenCodec {
    pub fn new(secret: &SecretString) -> Self {
        let key = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
            validation,
        }
    }
}

fn timestamp(secs: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
}

impl TokenCodec for JwtTokenCodec {
    fn encode(&self, claims: &TokenClaims) -> anyhow::Result<String> {
        let wire = WireClaims {
            sub: claims.user_id.get().to_string(),
            exp: claims.expires_at.timestamp(),
            iat: claims.issued_at.timestamp(),
            kind: claims.kind.as_str().to_owned(),
            jti: claims.token_id,
            sid: claims.session_id.as_uuid(),
        };
        encode(&Header::new(Algorithm::HS256), &wire, &self.encoding)
            .map_err(|e| anyhow!("sign token: {e}"))
    }

    fn decode(&self, token: &str) -> Result<TokenClaims, TokenError> {
        let data = decode::<WireClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| TokenError::Invalid)?;
        let c = data.claims;
        let user_id = c.sub.parse::<i64>().map_err(|_| TokenError::Invalid)?;
        let kind = match c.kind.as_str() {
            "access" => TokenKind::Access,
            "refresh" => TokenKind::Refresh,
            _ => return Err(TokenError::Invalid),
        };
        Ok(TokenClaims {
            user_id: UserId::new(user_id),
            session_id: SessionId::from_uuid(c.sid),
            token_id: c.jti,
            kind,
            issued_at: timestamp(c.iat).ok_or(TokenError::Invalid)?,
            expires_at: timestamp(c.exp).ok_or(TokenError::Invalid)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn codec() -> JwtTokenCodec {
        JwtTokenCodec::new(&SecretString::from(
            "a-test-secret-that-is-long-enough-0123",
        ))
    }

    fn claims(kind: TokenKind, expires_in: Duration) -> TokenClaims {
        let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
        TokenClaims {
            user_id: UserId::new(42),
            session_id: SessionId::new_random(),
            token_id: Uuid::new_v4(),
            kind,
            issued_at: now,
            expires_at: now + expires_in,
        }
    }

    #[test]
    fn a_token_round_trips_its_claims() {
        let c = claims(TokenKind::Refresh, Duration::minutes(5));
        let token = codec().encode(&c).unwrap();
        assert_eq!(codec().decode(&token).unwrap(), c);
    }

    #[test]
    fn the_header_is_hs256_and_the_subject_a_decimal_string() {
        let token = codec()
            .encode(&claims(TokenKind::Access, Duration::minutes(5)))
            .unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        let data = jsonwebtoken::dangerous::insecure_decode::<serde_json::Value>(&token).unwrap();
        assert_eq!(data.claims["sub"], "42");
        assert_eq!(data.claims["type"], "access");
        for key in ["exp", "iat", "jti", "sid"] {
            assert!(data.claims.get(key).is_some(), "missing {key}");
        }
    }

    #[test]
    fn an_expired_token_is_invalid() {
        let token = codec()
            .encode(&claims(TokenKind::Access, Duration::minutes(-2)))
            .unwrap();
        assert!(matches!(codec().decode(&token), Err(TokenError::Invalid)));
    }

    #[test]
    fn a_token_signed_with_another_secret_is_invalid() {
        let other = JwtTokenCodec::new(&SecretString::from("another-secret-another-secret-xx"));
        let token = other
            .encode(&claims(TokenKind::Access, Duration::minutes(5)))
            .unwrap();
        assert!(matches!(codec().decode(&token), Err(TokenError::Invalid)));
    }

    #[test]
    fn alg_none_and_other_algorithms_are_rejected() {
        let good = codec()
            .encode(&claims(TokenKind::Access, Duration::minutes(5)))
            .unwrap();
        let payload = good.split('.').nth(1).unwrap();
        // {"alg":"none","typ":"JWT"}
        let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert!(matches!(codec().decode(&none), Err(TokenError::Invalid)));
        let key = EncodingKey::from_secret(b"a-test-secret-that-is-long-enough-0123");
        let wire: serde_json::Value =
            jsonwebtoken::dangerous::insecure_decode::<serde_json::Value>(&good)
                .unwrap()
                .claims;
        let hs512 = encode(&Header::new(Algorithm::HS512), &wire, &key).unwrap();
        assert!(matches!(codec().decode(&hs512), Err(TokenError::Invalid)));
    }

    #[test]
    fn a_non_numeric_subject_is_invalid() {
        let key = EncodingKey::from_secret(b"a-test-secret-that-is-long-enough-0123");
        let wire = serde_json::json!({
            "sub": "abc", "exp": Utc::now().timestamp() + 60, "iat": 0,
            "type": "access", "jti": Uuid::new_v4(), "sid": Uuid::new_v4()
        });
        let token = encode(&Header::new(Algorithm::HS256), &wire, &key).unwrap();
        assert!(matches!(codec().decode(&token), Err(TokenError::Invalid)));
    }
}
