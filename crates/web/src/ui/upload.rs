//! Forms with a file (`multipart/form-data`), read with axum's [`Multipart`] (multer): a
//! proof of payment, a trainers or exams CSV, an operator's invoices file.
//!
//! The body is read part by part as it arrives. Small fields are kept in memory up to
//! [`FIELD_LIMIT`]; the file part is kept in memory or written to a temporary file, and the
//! upload is refused as soon as it passes its limit, before the rest is read. The route's
//! [`axum::extract::DefaultBodyLimit`] bounds the whole body; a declared `Content-Length`
//! over it is refused before anything is read ([`declared_over`]).

use std::collections::HashMap;
use std::io::Seek;

use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};
use tokio::io::AsyncWriteExt;

/// The largest form field other than the file.
pub const FIELD_LIMIT: usize = 4 * 1024;

/// Why an upload could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadError {
    /// The body is not `multipart/form-data`.
    NotMultipart,
    /// The file or the body is over its limit.
    TooLarge,
    /// The body stopped short or is not valid multipart, or a field is over [`FIELD_LIMIT`].
    Malformed,
    /// The temporary file could not be written.
    Disk,
}

impl From<MultipartError> for UploadError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            UploadError::TooLarge
        } else {
            tracing::info!("an upload was refused: {}", e.body_text());
            UploadError::Malformed
        }
    }
}

/// Where the file part is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// In memory: small files (a proof of payment, a people CSV).
    InMemory,
    /// In a temporary file, deleted when dropped: invoice files run to gigabytes.
    OnDisk,
}

/// The file part as received.
#[derive(Debug)]
pub enum Content {
    Memory(Vec<u8>),
    /// Read from its start.
    Disk(std::fs::File),
}

/// The file part: its name as sent, its content and its size.
#[derive(Debug)]
pub struct ReceivedFile {
    pub name: String,
    pub content: Content,
    pub size: u64,
}

impl ReceivedFile {
    /// The content when it was kept in memory (empty otherwise).
    pub fn into_bytes(self) -> Vec<u8> {
        match self.content {
            Content::Memory(bytes) => bytes,
            Content::Disk(_) => Vec::new(),
        }
    }
}

/// The form as received: its small fields, and the file part if there was one.
#[derive(Debug, Default)]
pub struct Received {
    pub fields: HashMap<String, String>,
    pub file: Option<ReceivedFile>,
}

/// Whether the request declares a body longer than `limit` (refused before reading it).
pub fn declared_over(headers: &HeaderMap, limit: u64) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > limit)
}

/// Reads the form: the part named `file_field` is the file, at most `limit` bytes, kept as
/// `keep` says; every other part with a file name is skipped; the rest are small fields.
pub async fn receive(
    multipart: Result<Multipart, MultipartRejection>,
    file_field: &str,
    limit: u64,
    keep: Keep,
) -> Result<Received, UploadError> {
    let mut multipart = multipart.map_err(|_| UploadError::NotMultipart)?;
    let mut received = Received::default();
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut sink = Sink::open(keep)?;
            let mut size: u64 = 0;
            while let Some(chunk) = field.chunk().await? {
                size += chunk.len() as u64;
                if size > limit {
                    return Err(UploadError::TooLarge);
                }
                sink.write(&chunk).await?;
            }
            received.file = Some(ReceivedFile {
                name: file_name,
                content: sink.finish().await?,
                size,
            });
        } else if field.file_name().is_some() {
            while field.chunk().await?.is_some() {}
        } else {
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await? {
                if value.len() + chunk.len() > FIELD_LIMIT {
                    return Err(UploadError::Malformed);
                }
                value.extend_from_slice(&chunk);
            }
            received
                .fields
                .insert(name, String::from_utf8_lossy(&value).into_owned());
        }
    }
    Ok(received)
}

enum Sink {
    Memory(Vec<u8>),
    Disk(tokio::fs::File),
}

fn disk(e: std::io::Error) -> UploadError {
    tracing::error!("cannot write an upload to disk: {e}");
    UploadError::Disk
}

impl Sink {
    fn open(keep: Keep) -> Result<Sink, UploadError> {
        Ok(match keep {
            Keep::InMemory => Sink::Memory(Vec::new()),
            Keep::OnDisk => Sink::Disk(tokio::fs::File::from_std(
                tempfile::tempfile().map_err(disk)?,
            )),
        })
    }

    async fn write(&mut self, chunk: &[u8]) -> Result<(), UploadError> {
        match self {
            Sink::Memory(bytes) => bytes.extend_from_slice(chunk),
            Sink::Disk(file) => file.write_all(chunk).await.map_err(disk)?,
        }
        Ok(())
    }

    async fn finish(self) -> Result<Content, UploadError> {
        Ok(match self {
            Sink::Memory(bytes) => Content::Memory(bytes),
            Sink::Disk(mut file) => {
                file.flush().await.map_err(disk)?;
                let mut file = file.into_std().await;
                file.rewind().map_err(disk)?;
                Content::Disk(file)
            }
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use axum::body::Body;
    use axum::extract::{FromRequest, Request};

    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninvoices\r\n--XyZ\r\nContent-Disposition: form-data; name=\"other\"; filename=\"b.txt\"\r\n\r\nskipped\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n--X\r\n1,2\r\n\r\n--XyZ--\r\n";

    /// The body sent in chunks of `chunk` bytes, as a network would.
    async fn read(
        body: &'static [u8],
        content_type: &str,
        chunk: usize,
        limit: u64,
        keep: Keep,
    ) -> Result<Received, UploadError> {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            body.chunks(chunk).map(|c| Ok(c.to_vec())).collect();
        let request = Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from_stream(futures_util::stream::iter(chunks)))
            .unwrap();
        let multipart = Multipart::from_request(request, &()).await;
        receive(multipart, "file", limit, keep).await
    }

    const MULTIPART: &str = "multipart/form-data; boundary=XyZ";

    #[tokio::test]
    async fn fields_and_the_file_are_the_same_whatever_the_chunks() {
        for chunk in [1, 2, 3, 7, 64, 4096] {
            for keep in [Keep::InMemory, Keep::OnDisk] {
                let received = read(BODY, MULTIPART, chunk, 1024, keep).await.unwrap();
                assert_eq!(received.fields["kind"], "invoices", "chunk {chunk}");
                assert!(!received.fields.contains_key("other"), "a file is no field");
                let file = received.file.unwrap();
                assert_eq!(file.name, "a.csv");
                let content = match file.content {
                    Content::Memory(bytes) => String::from_utf8(bytes).unwrap(),
                    Content::Disk(mut f) => {
                        let mut s = String::new();
                        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
                        s
                    }
                };
                assert_eq!(content, "a,b\r\n--X\r\n1,2\r\n", "chunk {chunk}");
                assert_eq!(file.size, content.len() as u64);
            }
        }
    }

    #[tokio::test]
    async fn a_file_over_its_limit_is_refused() {
        let refused = read(BODY, MULTIPART, 3, 10, Keep::InMemory).await;
        assert_eq!(refused.map(|_| ()), Err(UploadError::TooLarge));
    }

    #[tokio::test]
    async fn a_truncated_or_foreign_body_is_refused() {
        let cut = &BODY[..BODY.len() - 12];
        let refused = read(cut, MULTIPART, 5, 1024, Keep::OnDisk).await;
        assert_eq!(refused.map(|_| ()), Err(UploadError::Malformed));
        let refused = read(BODY, "text/plain", 5, 1024, Keep::OnDisk).await;
        assert_eq!(refused.map(|_| ()), Err(UploadError::NotMultipart));
        let long = format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{}\r\n--XyZ--\r\n",
            "x".repeat(FIELD_LIMIT + 1)
        );
        let long: &'static [u8] = long.into_bytes().leak();
        let refused = read(long, MULTIPART, 100, 1024, Keep::InMemory).await;
        assert_eq!(refused.map(|_| ()), Err(UploadError::Malformed));
    }

    proptest::proptest! {
        /// Issue 15: mutated and random bodies, in any chunking, never panic; they give a
        /// form or one of the refusals (each a 4xx for the pages that call this). 256 cases,
        /// or `PROPTEST_CASES`.
        #[test]
        fn mutated_bodies_give_a_form_or_a_refusal(
            edits in proptest::collection::vec((0usize..512, proptest::prelude::any::<u8>(), 0u8..3), 0..8),
            cut in 0usize..400,
            chunk in 1usize..64,
            keep_on_disk in proptest::prelude::any::<bool>(),
        ) {
            let mut body = BODY.to_vec();
            for (at, byte, how) in edits {
                let at = at % body.len().max(1);
                match how {
                    0 => if let Some(b) = body.get_mut(at) { *b = byte },
                    1 => body.insert(at.min(body.len()), byte),
                    _ => if at < body.len() { body.remove(at); },
                }
            }
            body.truncate(body.len().saturating_sub(cut % 64));
            let body: &'static [u8] = body.leak();
            let keep = if keep_on_disk { Keep::OnDisk } else { Keep::InMemory };
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let outcome = runtime.block_on(read(body, MULTIPART, chunk, 1024, keep));
            if let Ok(received) = outcome {
                proptest::prop_assert!(received.file.is_none_or(|f| f.size <= 1024));
                proptest::prop_assert!(received.fields.values().all(|v| v.len() <= FIELD_LIMIT));
            }
        }
    }

    #[test]
    fn a_declared_length_over_the_limit_is_seen_before_reading() {
        let mut headers = HeaderMap::new();
        assert!(!declared_over(&headers, 10));
        headers.insert(header::CONTENT_LENGTH, "11".parse().unwrap());
        assert!(declared_over(&headers, 10));
        assert!(!declared_over(&headers, 11));
    }
}
