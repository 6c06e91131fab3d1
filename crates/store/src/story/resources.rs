//! The story of the program's documents (R8, R32): published once per kind and version, each
//! language version once, withdrawn out of the partners' list, every change audited.

use jiff::Timestamp;

use super::SharedStore;
use super::fixtures::{all_events, draft};
use crate::StoreError;
use crate::audit::verify;
use crate::rows::{DocumentKind, DocumentSource, NewDocument, NewDocumentVersion};

fn pdf(lang: &str, body: &[u8]) -> NewDocumentVersion {
    let mut content = b"%PDF-1.7\n".to_vec();
    content.extend_from_slice(body);
    NewDocumentVersion {
        lang: lang.to_owned(),
        title: format!("Guidelines ({lang})"),
        source: DocumentSource::File {
            file_name: format!("guidelines-{lang}.pdf"),
            content,
        },
    }
}

pub async fn documents_are_published_once_per_version_and_language_and_withdrawn(
    store: SharedStore,
) {
    let at = Timestamp::from_second(1_800_000_000).expect("time");
    let guidelines = NewDocument {
        kind: DocumentKind::Guidelines,
        version: "FY27-1.0".to_owned(),
        english: pdf("en", b"english text"),
        published_at: at,
        published_by: "operator@lpc.example".to_owned(),
    };
    let stored = store
        .publish_document(&guidelines, &draft("resource.publish", "resource:1".into()))
        .await
        .expect("publish");
    assert_eq!(stored.versions.len(), 1);
    assert_eq!(stored.versions[0].size_bytes, Some(21));
    assert_eq!(stored.published_at, at);
    // The same kind and version again is refused, and stores nothing.
    let again = store
        .publish_document(&guidelines, &draft("resource.publish", "resource:x".into()))
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    // A link, in Italian; then Italian again is refused: versions never change.
    let italian = NewDocumentVersion {
        lang: "it".to_owned(),
        title: "Linee guida".to_owned(),
        source: DocumentSource::Link("https://learn.example/it/guidelines.pdf".to_owned()),
    };
    let with_it = store
        .add_document_version(
            stored.id,
            &italian,
            &draft("resource.add_version", "r".into()),
        )
        .await
        .expect("add");
    assert_eq!(
        with_it
            .versions
            .iter()
            .map(|v| v.lang.as_str())
            .collect::<Vec<_>>(),
        ["en", "it"]
    );
    let twice = store
        .add_document_version(
            stored.id,
            &italian,
            &draft("resource.add_version", "r".into()),
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    // Japanese falls back to English; Italian is its own.
    let found = store
        .resource_document_by_version(DocumentKind::Guidelines, "FY27-1.0")
        .await
        .expect("by version")
        .expect("found");
    assert_eq!(
        found.in_lang("ja").map(|(v, fell)| (v.lang.as_str(), fell)),
        Some(("en", true))
    );
    assert_eq!(
        found.in_lang("it").map(|(v, fell)| (v.lang.as_str(), fell)),
        Some(("it", false))
    );
    // The file is kept whole; a link has none.
    let file = store
        .document_file(stored.id, "en")
        .await
        .expect("file")
        .expect("a file");
    assert_eq!(file.content, b"%PDF-1.7\nenglish text");
    assert_eq!(file.file_name, "guidelines-en.pdf");
    assert!(
        store
            .document_file(stored.id, "it")
            .await
            .expect("file")
            .is_none()
    );
    // A second document; withdrawn, partners' list leaves it out, the operators' keeps it.
    let guide = NewDocument {
        kind: DocumentKind::EnrollmentGuide,
        version: "2027".to_owned(),
        english: pdf("en", b"guide"),
        published_at: at,
        published_by: "operator@lpc.example".to_owned(),
    };
    let guide = store
        .publish_document(&guide, &draft("resource.publish", "resource:2".into()))
        .await
        .expect("publish");
    store
        .withdraw_document(guide.id, &draft("resource.withdraw", "resource:2".into()))
        .await
        .expect("withdraw");
    let withdrawn_again = store
        .withdraw_document(guide.id, &draft("resource.withdraw", "resource:2".into()))
        .await;
    assert!(matches!(withdrawn_again, Err(StoreError::NotFound(_))));
    let partners: Vec<i64> = store
        .resource_documents(false)
        .await
        .expect("list")
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(partners, [stored.id]);
    let operators = store.resource_documents(true).await.expect("list");
    assert_eq!(operators.len(), 2);
    assert_eq!(operators[0].id, guide.id, "newest first");
    assert!(operators[0].withdrawn_at.is_some());
    // Four changes, four events (the refused ones left none), in one intact chain.
    let events = all_events(&store).await;
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "resource.publish",
            "resource.add_version",
            "resource.publish",
            "resource.withdraw"
        ]
    );
    assert!(verify(&events).is_ok());
}
