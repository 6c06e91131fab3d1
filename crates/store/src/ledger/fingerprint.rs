//! Line fingerprints: how an import tells "the same line again" from "the same key with other
//! values" without reading the stored line back.
//!
//! The document table keeps, per line number, a 64-bit XXH3 of every value of the line but
//! its place in the file (DESIGN.md: same line again changes nothing; same key with other
//! values is refused). Importing a stored file again then costs one key lookup per document,
//! not a segment read per line. XXH3 is a frozen algorithm (stable across versions and
//! machines), so stored fingerprints stay valid. Two different lines sharing a fingerprint
//! would make the second look unchanged (it is then not stored); for a changed line the odds
//! are 2^-64, and the one who could try to arrange it is the operator importing the file.

use xxhash_rust::xxh3::Xxh3;

use crate::rows::InvoiceLine;

/// The fingerprint of a line's values (everything but `source_line`).
pub fn line_fingerprint(line: &InvoiceLine) -> u64 {
    let mut h = Xxh3::new();
    // Each field is length- or width-prefixed, so that no two different lines feed the
    // hasher the same bytes.
    let text = |h: &mut Xxh3, s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    text(&mut h, line.document_type.as_str());
    text(&mut h, &line.document_number);
    h.update(&line.line_number.to_le_bytes());
    match &line.corrects_document {
        Some(c) => {
            h.update(&[1]);
            text(&mut h, c);
        }
        None => h.update(&[0]),
    }
    h.update(&line.partner_id.as_i64().to_le_bytes());
    h.update(&line.document_date.year().to_le_bytes());
    h.update(&[
        line.document_date.month() as u8,
        line.document_date.day() as u8,
    ]);
    text(&mut h, &line.omlp_type);
    text(&mut h, &line.product_sku);
    h.update(&line.purchase_units.to_le_bytes());
    h.update(&line.revenue.minor.to_le_bytes());
    text(&mut h, line.revenue.currency.code());
    h.update(&line.kpi.thousandths().to_le_bytes());
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use lpc_domain::MpnId;
    use lpc_domain::invoice::DocumentType;
    use lpc_domain::points::{Currency, KpiPoints, Money};

    fn line() -> InvoiceLine {
        InvoiceLine {
            document_type: DocumentType::Invoice,
            document_number: "INV-1001".to_owned(),
            line_number: 1,
            corrects_document: None,
            partner_id: MpnId::parse("1234567").expect("mpn"),
            document_date: date(2020, 1, 20),
            omlp_type: "moc".to_owned(),
            product_sku: "20764-C".to_owned(),
            purchase_units: 10,
            revenue: Money::new(125_000, Currency::USD),
            kpi: KpiPoints::from_thousandths(10_000),
            source_line: 2,
        }
    }

    #[test]
    fn the_place_in_the_file_is_not_part_of_a_line() {
        let mut moved = line();
        moved.source_line = 99;
        assert_eq!(line_fingerprint(&line()), line_fingerprint(&moved));
    }

    #[test]
    fn every_value_is() {
        let base = line_fingerprint(&line());
        type Change = Box<dyn Fn(&mut InvoiceLine)>;
        let changes: Vec<Change> = vec![
            Box::new(|l| l.document_type = DocumentType::CreditNote),
            Box::new(|l| l.document_number.push('0')),
            Box::new(|l| l.line_number = 2),
            Box::new(|l| l.corrects_document = Some(String::new())),
            Box::new(|l| l.partner_id = MpnId::parse("1234568").expect("mpn")),
            Box::new(|l| l.document_date = date(2020, 1, 21)),
            Box::new(|l| l.omlp_type = "dmoc".to_owned()),
            Box::new(|l| l.product_sku = "20764-D".to_owned()),
            Box::new(|l| l.purchase_units = 11),
            Box::new(|l| l.revenue = Money::new(125_001, Currency::USD)),
            Box::new(|l| l.revenue = Money::new(125_000, Currency::EUR)),
            Box::new(|l| l.kpi = KpiPoints::from_thousandths(10_001)),
            // Moving a character from one text field to the next is a different line.
            Box::new(|l| {
                l.omlp_type = "mocx".to_owned();
                l.product_sku = "0764-C".to_owned();
            }),
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut l = line();
            change(&mut l);
            assert_ne!(line_fingerprint(&l), base, "change {i}");
        }
    }
}
