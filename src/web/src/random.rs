//! Randomness: cryptographic bytes (`crypto.getRandomValues`) for identifiers, and `Math.random()` for jitter,
//! never for secrets.

/// Sixteen random bytes from `crypto.getRandomValues`.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// A random number in [0, 1) (`Math.random()`: jitter, not secrets).
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}
