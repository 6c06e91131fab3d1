//! The document table: which invoice and credit-note lines the ledger holds, by key.
//!
//! DESIGN.md identifies a line by `(document_type, document_number, line_number)`. The
//! ledger indexes documents, not lines: one row per document part, keyed by document type,
//! number and part, holding each of its line numbers with the line's fingerprint
//! ([`super::fingerprint`]). A document's lines usually arrive together, so a part usually
//! holds the whole document: three lines per row in the benchmark data. A part belongs to one
//! partner and one batch; lines of a document that arrive later (another file), or for
//! another partner, make another part.

use lpc_domain::MpnId;
use lpc_domain::invoice::DocumentType;

use crate::error::StoreError;

/// A document's key: its type and number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentKey {
    pub document_type: DocumentType,
    pub document_number: String,
}

/// One stored part of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPart {
    pub key: DocumentKey,
    pub part: u32,
    /// The batch that stored it (committed, or the import in progress).
    pub batch: i64,
    pub partner_id: MpnId,
    /// `(line_number, fingerprint)`, by line number.
    pub lines: Vec<(u32, u64)>,
}

/// Bytes per line in a stored part: the line number and its fingerprint, little-endian.
const LINE_BYTES: usize = 12;

impl DocumentPart {
    /// The fingerprint stored for `line_number`, if this part holds that line.
    pub fn fingerprint(&self, line_number: u32) -> Option<u64> {
        self.lines
            .binary_search_by_key(&line_number, |&(n, _)| n)
            .ok()
            .and_then(|i| self.lines.get(i))
            .map(|&(_, fp)| fp)
    }

    /// The lines as stored: fixed-width records, so that no library or version decides
    /// how a fingerprint is laid out.
    pub fn encode_lines(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.lines.len() * LINE_BYTES);
        for &(n, fp) in &self.lines {
            out.extend_from_slice(&n.to_le_bytes());
            out.extend_from_slice(&fp.to_le_bytes());
        }
        out
    }

    pub fn decode_lines(bytes: &[u8]) -> Result<Vec<(u32, u64)>, StoreError> {
        if !bytes.len().is_multiple_of(LINE_BYTES) {
            return Err(StoreError::corrupt(format!(
                "stored document lines are {} bytes, not a multiple of {LINE_BYTES}",
                bytes.len()
            )));
        }
        Ok(bytes
            .chunks_exact(LINE_BYTES)
            .map(|c| {
                let (n, fp) = c.split_at(4);
                let n = u32::from_le_bytes([n[0], n[1], n[2], n[3]]);
                let mut f = [0u8; 8];
                f.copy_from_slice(fp);
                (n, u64::from_le_bytes(f))
            })
            .collect())
    }
}

/// How a document type is stored in the document table: one byte rather than a word.
pub fn type_code(document_type: DocumentType) -> i64 {
    match document_type {
        DocumentType::Invoice => 0,
        DocumentType::CreditNote => 1,
        DocumentType::Adjustment => 2,
    }
}

pub fn type_of_code(code: i64) -> Result<DocumentType, StoreError> {
    match code {
        0 => Ok(DocumentType::Invoice),
        1 => Ok(DocumentType::CreditNote),
        other => Err(StoreError::corrupt(format!(
            "stored document type code {other}"
        ))),
    }
}

/// The keys of the parts a pending batch stored, as the batch's cleanup list keeps them:
/// `(document number, type code, part)`.
pub fn encode_keys(keys: &[(String, i64, u32)]) -> Result<Vec<u8>, StoreError> {
    postcard::to_stdvec(keys)
        .map_err(|e| StoreError::internal(format!("encoding document keys: {e}")))
}

pub fn decode_keys(bytes: &[u8]) -> Result<Vec<(String, i64, u32)>, StoreError> {
    postcard::from_bytes(bytes)
        .map_err(|e| StoreError::corrupt(format!("stored document keys: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_are_found_by_number() {
        let part = DocumentPart {
            key: DocumentKey {
                document_type: DocumentType::Invoice,
                document_number: "INV-1".into(),
            },
            part: 0,
            batch: 1,
            partner_id: MpnId::parse("1234567").expect("mpn"),
            lines: vec![(1, u64::MAX), (2, 0), (4_000_000_000, 42)],
        };
        let bytes = part.encode_lines();
        assert_eq!(
            DocumentPart::decode_lines(&bytes).expect("decode"),
            part.lines
        );
        assert_eq!(part.fingerprint(4_000_000_000), Some(42));
        assert_eq!(part.fingerprint(3), None);
        assert!(DocumentPart::decode_lines(&bytes[1..]).is_err());
    }

    #[test]
    fn cleanup_keys_round_trip() {
        let keys = vec![("INV-1".to_owned(), 0, 0), ("CN-9".to_owned(), 1, 3)];
        let bytes = encode_keys(&keys).expect("encode");
        assert_eq!(decode_keys(&bytes).expect("decode"), keys);
    }
}
