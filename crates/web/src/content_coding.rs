//! gzip for large bodies that are computed once and served many times (issue 6 item 9).
//!
//! The busiest partner's `kpi-report` is 2.3 MB of JSON that repeats the same keys ten
//! thousand times; gzip makes it a small fraction of that, and at that size the bytes, not
//! the work, bound how many clients a server answers. So such a body is compressed once, when
//! it is cached, and sent as it was stored to every client that accepts gzip (browsers and
//! most HTTP libraries say so in `Accept-Encoding`); other clients get the plain body.
//! Compressing on every request would cost more than it saves, so pages rendered per request
//! are not compressed here.

use std::io::Write;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;

/// Below this, gzip saves less than a packet: the body is sent as it is.
const MIN_GZIP: usize = 1400;

/// A body and, when worth it, its gzip form.
#[derive(Debug)]
pub struct Encoded {
    pub identity: Bytes,
    pub gzip: Option<Bytes>,
}

impl Encoded {
    /// Compresses `body` once (when it is large enough to gain from it).
    pub fn new(body: Vec<u8>) -> Encoded {
        let gzip = (body.len() >= MIN_GZIP)
            .then(|| gzip(&body))
            .flatten()
            .filter(|z| z.len() < body.len())
            .map(Bytes::from);
        Encoded {
            identity: Bytes::from(body),
            gzip,
        }
    }

    /// Bytes held, for a cache's budget.
    pub fn weight(&self) -> usize {
        self.identity.len() + self.gzip.as_ref().map_or(0, Bytes::len)
    }

    /// The response to a request with `request` headers: gzip when it is accepted.
    pub fn respond(&self, request: &HeaderMap, content_type: &'static str) -> Response {
        let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
        let kind = (header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        match &self.gzip {
            Some(gzip) if accepts_gzip(request) => (
                [
                    kind,
                    vary,
                    (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
                ],
                gzip.clone(),
            )
                .into_response(),
            _ => ([kind, vary], self.identity.clone()).into_response(),
        }
    }
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(body.len() / 8), Compression::default());
    match encoder.write_all(body).and_then(|()| encoder.finish()) {
        Ok(z) => Some(z),
        Err(e) => {
            // Writing to memory does not fail; if it ever did, the plain body still serves.
            tracing::warn!(error = %e, "gzip failed; serving the body uncompressed");
            None
        }
    }
}

/// Whether `Accept-Encoding` accepts gzip (RFC 9110 §12.5.3): `gzip` (or `x-gzip`) with a
/// weight above zero, or, when gzip is not named, `*` with a weight above zero.
pub fn accepts_gzip(request: &HeaderMap) -> bool {
    let mut named = None;
    let mut any = None;
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .map_or(Some(1.0), |(_, q)| q.trim().parse::<f32>().ok());
            // An unreadable weight does not count as consent.
            let accepted = weight.is_some_and(|q| q > 0.0);
            match coding.as_str() {
                "gzip" | "x-gzip" => named = Some(named.unwrap_or(false) || accepted),
                "*" => any = Some(accepted),
                _ => {}
            }
        }
    }
    named.or(any).unwrap_or(false)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Read;

    use flate2::read::GzDecoder;

    use super::*;

    fn asking(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn gzip_is_sent_only_to_clients_that_accept_it() {
        assert!(accepts_gzip(&asking(&["gzip, deflate, br"])));
        assert!(accepts_gzip(&asking(&["br;q=1.0, GZIP;q=0.5"])));
        assert!(accepts_gzip(&asking(&["*"])));
        assert!(accepts_gzip(&asking(&["br", "gzip"])));
        assert!(accepts_gzip(&asking(&["x-gzip"])));
        assert!(!accepts_gzip(&asking(&[])));
        assert!(!accepts_gzip(&asking(&["identity"])));
        assert!(!accepts_gzip(&asking(&["gzip;q=0"])));
        assert!(!accepts_gzip(&asking(&["gzip; q=0.000"])));
        assert!(!accepts_gzip(&asking(&["gzip;q=zero"])));
        // Named gzip overrides the wildcard, either way.
        assert!(!accepts_gzip(&asking(&["gzip;q=0, *"])));
        assert!(accepts_gzip(&asking(&["*;q=0, gzip"])));
    }

    #[test]
    fn the_compressed_body_is_the_same_body() {
        let body = br#"{"row":"the same keys again"}"#.repeat(500);
        let encoded = Encoded::new(body.clone());
        let z = encoded.gzip.clone().unwrap();
        assert!(z.len() * 10 < body.len(), "{} bytes", z.len());
        let mut back = Vec::new();
        GzDecoder::new(&z[..]).read_to_end(&mut back).unwrap();
        assert_eq!(back, body);
        assert_eq!(encoded.weight(), body.len() + z.len());
    }

    #[test]
    fn small_bodies_are_not_compressed() {
        let encoded = Encoded::new(b"{\"rows\":[]}".to_vec());
        assert!(encoded.gzip.is_none());
        let response = encoded.respond(&asking(&["gzip"]), "application/json");
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    }
}
