//! The demo's learning resources (R32): the Performance Guidelines of the version in force
//! as a one-page PDF this code writes, in English and Italian; the enrollment guide, the asset
//! collection and two community calls as links, some in Japanese too; and the announcement of
//! next program year's KPI requirements (R14), in the three languages.

use crate::announcements::{self, AnnouncementInput, TextInput};
use crate::resources::{self, VersionForm};
use crate::{Actor, App, AppError};

/// A minimal one-page PDF saying `text`: written here, so the demo ships no file.
fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 14 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn link(lang: &str, title: &str, url: &str) -> VersionForm {
    VersionForm {
        lang: lang.to_owned(),
        title: title.to_owned(),
        link: url.to_owned(),
        file: None,
    }
}

/// Publishes the demo's documents as the operator would.
pub(super) async fn seed_resources(app: &App, operator: &Actor) -> Result<(), AppError> {
    let version = app
        .rules_on(app.clock().today())?
        .guidelines_version
        .clone();
    let guidelines = resources::publish(
        app,
        operator,
        "guidelines",
        &version,
        VersionForm {
            lang: "en".to_owned(),
            title: format!("Learning Program Performance Guidelines {version}"),
            link: String::new(),
            file: Some((
                format!("guidelines-{version}.pdf"),
                pdf(&format!(
                    "Learning Program Performance Guidelines {version}"
                )),
            )),
        },
    )
    .await?;
    resources::add_version(
        app,
        operator,
        guidelines.id,
        VersionForm {
            lang: "it".to_owned(),
            title: format!("Linee guida sulle prestazioni del Learning Program {version}"),
            link: String::new(),
            file: Some((
                format!("linee-guida-{version}.pdf"),
                pdf(&format!("Linee guida {version}")),
            )),
        },
    )
    .await?;
    let guide = resources::publish(
        app,
        operator,
        "enrollment_guide",
        &version,
        link(
            "en",
            "Enrollment guide, with performance examples",
            "https://learn.lpc.example/enrollment-guide",
        ),
    )
    .await?;
    resources::add_version(
        app,
        operator,
        guide.id,
        link(
            "ja",
            "登録ガイド（パフォーマンスの例つき）",
            "https://learn.lpc.example/ja/enrollment-guide",
        ),
    )
    .await?;
    resources::publish(
        app,
        operator,
        "asset_collection",
        &version,
        link(
            "en",
            "Learning option asset collection",
            "https://learn.lpc.example/assets",
        ),
    )
    .await?;
    for (month, title) in [
        ("2026-10", "October community call"),
        ("2026-11", "November community call"),
    ] {
        resources::publish(
            app,
            operator,
            "call_recording",
            month,
            link(
                "en",
                title,
                &format!("https://learn.lpc.example/calls/{month}"),
            ),
        )
        .await?;
    }
    Ok(())
}

/// R14 + R32: the program tells its partners of next year's requirements before they apply.
pub(super) async fn seed_announcement(app: &App, operator: &Actor) -> Result<(), AppError> {
    let text = |lang: &str, title: &str, text: &str| TextInput {
        lang: lang.to_owned(),
        title: title.to_owned(),
        text: text.to_owned(),
    };
    let input = AnnouncementInput {
        texts: vec![
            text(
                "en",
                "KPI requirements for the next program year",
                "KPI requirements are subject to change annually. The requirements of the next \
                 program year take effect on 1 July; your renewal is judged by the rule set in \
                 force on your anniversary.\n\nSee your renewal forecast on your overview.",
            ),
            text(
                "ja",
                "次のプログラム年度の KPI 要件",
                "KPI 要件は毎年変わります。次のプログラム年度の要件は 7 月 1 日に有効になります。\
                 更新は記念日に有効なルールセットで判定されます。\n\n概要ページで更新予測をご確認ください。",
            ),
            text(
                "it",
                "Requisiti KPI del prossimo anno del programma",
                "I requisiti KPI possono cambiare ogni anno. I requisiti del prossimo anno del \
                 programma entrano in vigore il 1° luglio; il rinnovo si valuta con il set di \
                 regole in vigore all'anniversario.\n\nTrovi la previsione di rinnovo nella \
                 panoramica.",
            ),
        ],
        starts_on: None,
        ends_on: None,
    };
    announcements::publish(app, operator, &input).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_pdf_is_a_pdf_with_its_cross_reference_table() {
        let bytes = pdf("Hello");
        assert!(bytes.starts_with(b"%PDF-1.4\n"));
        let text = String::from_utf8(bytes.clone()).unwrap_or_default();
        assert!(text.ends_with("%%EOF\n"));
        // Each xref entry points at its object.
        let xref = text.find("xref\n").unwrap_or_default();
        for (i, line) in text[xref..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap_or_default();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", i + 1)),
                "{line}"
            );
        }
    }
}
