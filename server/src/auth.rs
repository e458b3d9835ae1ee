//! Device tokens and enrollment codes: 256-bit random tokens shown once and
//! stored only as SHA-256, human-typable single-use codes, and the lookup
//! that turns a bearer token into the tenant and device a request acts for.
//! Nothing in a request body can change who the request is.

use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::error::{ApiError, ServerError};

/// Crockford base32 without I, L, O, U: easy to read aloud and type.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn random_bytes<const N: usize>() -> Result<[u8; N], ServerError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| ServerError::Random(e.to_string()))?;
    Ok(buf)
}

/// A fresh device token: 32 random bytes as 64 hex digits.
pub fn new_token() -> Result<String, ServerError> {
    Ok(hex::encode(random_bytes::<32>()?))
}

/// A fresh enrollment code: 15 symbols (75 bits) as `XXXXX-XXXXX-XXXXX`.
pub fn new_enroll_code() -> Result<String, ServerError> {
    let bytes = random_bytes::<15>()?;
    let symbols: Vec<char> = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    let groups: Vec<String> = symbols.chunks(5).map(|c| c.iter().collect()).collect();
    Ok(groups.join("-"))
}

/// A typed code in its stored form: upper case, no dashes or spaces.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// SHA-256 of a secret (token or normalized code), as stored.
pub fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Who a request acts for, read from its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Authed {
    /// The device's tenant.
    pub tenant_id: Uuid,
    /// The device.
    pub device_id: Uuid,
    /// The tenant's ledger epoch.
    pub ledger_epoch: Uuid,
    /// Whether sales below zero are rejected (else flagged).
    pub reject_negative_sales: bool,
}

/// The bearer token of a request, if it has one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Looks the token up: 401 when unknown, 403 when the device is revoked.
pub async fn authenticate(
    client: &impl GenericClient,
    headers: &HeaderMap,
) -> Result<Authed, ApiError> {
    let token = bearer(headers).ok_or(ApiError::TokenInvalid)?;
    let row = client
        .query_opt(
            "SELECT d.device_id, d.tenant_id, d.revoked, t.ledger_epoch,
                    t.negative_stock_policy = 'reject'
               FROM devices d JOIN tenants t USING (tenant_id)
              WHERE d.token_hash = $1",
            &[&hash_secret(token)],
        )
        .await?
        .ok_or(ApiError::TokenInvalid)?;
    if row.get::<_, bool>(2) {
        return Err(ApiError::DeviceRevoked);
    }
    Ok(Authed {
        device_id: row.get(0),
        tenant_id: row.get(1),
        ledger_epoch: row.get(3),
        reject_negative_sales: row.get(4),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn tokens_are_256_bits_and_distinct() {
        let a = new_token().expect("random");
        let b = new_token().expect("random");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_secret(&a).len(), 32);
    }

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = new_enroll_code().expect("random");
        assert_eq!(code.len(), 17);
        let typed = format!(" {} ", code.to_lowercase().replace('-', " "));
        assert_eq!(normalize_code(&typed), code.replace('-', ""));
    }

    #[test]
    fn bearer_is_read_case_insensitively() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&headers), None);
    }
}
