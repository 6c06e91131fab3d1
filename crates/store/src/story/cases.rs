//! The stories of support cases (R5, R13, R22): cases discussed and decided once, their
//! attachments kept until decided, and resolving an account-profile-setup case granting
//! Courseware Marketplace access.

use jiff::civil::date;
use lpc_domain::LearningOption;

use super::SharedStore;
use super::fixtures::{
    add_partner, adjustment, all_events, assert_chain_intact, discrepancy, draft, enroll_by_card,
    is_conflict, is_not_found, mpn, resolve,
};
use crate::rows::{CaseKind, CaseState, CaseStateChange, NewCase};

pub async fn cases_are_discussed_and_decided_once(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let opening = audit("case.open");
    let opened = store
        .open_case(
            &NewCase {
                partner_id: mpn(1_000_001),
                kind: CaseKind::KpiDiscrepancy,
                opened_by: "user:admin@contoso.example".to_owned(),
                details: discrepancy(),
                membership_id: None,
                attachment: None,
            },
            &opening,
        )
        .await
        .expect("opened");
    assert_eq!(
        (opened.kind, opened.state, opened.opened_at),
        (CaseKind::KpiDiscrepancy, CaseState::Open, opening.at)
    );
    assert_eq!(opened.details, discrepancy());
    assert_eq!(
        (opened.decided_by.as_ref(), opened.decided_at),
        (None, None)
    );

    store
        .add_case_comment(
            opened.id,
            "user:admin@contoso.example",
            "See the invoice.",
            &audit("case.comment"),
        )
        .await
        .expect("comment");
    store
        .add_case_comment(
            opened.id,
            "user:agent@program.example",
            "Checking.",
            &audit("case.comment"),
        )
        .await
        .expect("comment");
    let bodies: Vec<String> = store
        .case_comments(opened.id)
        .await
        .expect("read")
        .into_iter()
        .map(|c| c.body)
        .collect();
    assert_eq!(bodies, ["See the invoice.", "Checking."]);
    assert!(is_not_found(
        store
            .add_case_comment(55_555, "x", "y", &audit("case.comment"))
            .await
    ));

    let waiting = store
        .set_case_state(
            opened.id,
            &CaseStateChange {
                state: CaseState::WaitingOnPartner,
                message: Some("Please attach the actual invoice (R13).".to_owned()),
                decided_by: "user:agent@program.example".to_owned(),
                adjustment: None,
                grant_access: None,
            },
            &audit("case.state"),
        )
        .await
        .expect("waiting");
    assert_eq!(waiting.state, CaseState::WaitingOnPartner);
    // An adjustment comes only with a resolution.
    let mut reject_with_adjustment = resolve(Some(adjustment()), None);
    reject_with_adjustment.state = CaseState::Rejected;
    assert!(is_conflict(
        store
            .set_case_state(opened.id, &reject_with_adjustment, &audit("case.state"))
            .await
    ));

    let deciding = audit("case.state");
    let resolved = store
        .set_case_state(opened.id, &resolve(Some(adjustment()), None), &deciding)
        .await
        .expect("resolved");
    assert_eq!(resolved.state, CaseState::Resolved);
    assert_eq!(
        resolved.decided_by.as_deref(),
        Some("user:agent@program.example")
    );
    assert_eq!(resolved.decided_at, Some(deciding.at));
    assert_eq!(
        resolved.decision_message.as_deref(),
        Some("accepted on the invoice")
    );
    let adjustments = store
        .kpi_adjustments(Some(mpn(1_000_001)), true)
        .await
        .expect("read");
    assert_eq!(adjustments.len(), 1);
    let a = &adjustments[0];
    let expected = adjustment();
    assert_eq!(
        (
            a.case_id,
            a.partner_id,
            a.year,
            a.month,
            a.purchase_units,
            a.kpi,
            a.revenue
        ),
        (
            opened.id,
            mpn(1_000_001),
            2025,
            5,
            10,
            expected.kpi,
            expected.revenue
        )
    );
    assert_eq!(
        (a.invoice_number.as_str(), a.created_on, a.published_on),
        ("INV-1001", date(2025, 7, 2), None)
    );
    assert_eq!(
        store.kpi_adjustments(None, false).await.expect("read"),
        adjustments
    );
    assert!(
        store
            .kpi_adjustments(Some(mpn(2_000_002)), false)
            .await
            .expect("read")
            .is_empty()
    );

    // The decision stands: a second one is refused and changes nothing.
    let events = all_events(&store).await.len();
    let mut reject = resolve(None, None);
    reject.state = CaseState::Rejected;
    assert!(is_conflict(
        store
            .set_case_state(opened.id, &reject, &audit("case.state"))
            .await
    ));
    assert!(is_conflict(
        store
            .set_case_state(
                opened.id,
                &resolve(Some(adjustment()), None),
                &audit("case.state")
            )
            .await
    ));
    assert_eq!(
        store.case(opened.id).await.expect("read"),
        Some(resolved.clone())
    );
    assert_eq!(
        store.kpi_adjustments(None, false).await.expect("read"),
        adjustments
    );
    assert_eq!(all_events(&store).await.len(), events);

    assert_eq!(
        store.cases(Some(mpn(1_000_001)), None).await.expect("read"),
        std::slice::from_ref(&resolved)
    );
    assert_eq!(
        store
            .cases(None, Some(CaseState::Resolved))
            .await
            .expect("read"),
        [resolved]
    );
    assert!(
        store
            .cases(None, Some(CaseState::Open))
            .await
            .expect("read")
            .is_empty()
    );
    let stray = NewCase {
        partner_id: mpn(9_999_999),
        kind: CaseKind::DirectoryMissing,
        opened_by: "user:x@y.example".to_owned(),
        details: serde_json::json!({}),
        membership_id: None,
        attachment: None,
    };
    assert!(is_not_found(
        store.open_case(&stray, &audit("case.open")).await
    ));
    // open, two comments, waiting, resolved.
    assert_eq!(assert_chain_intact(&store).await, 6);
}

pub async fn case_attachments_are_kept_with_their_case_until_it_is_decided(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let invoice = |name: &str, content: &[u8]| crate::NewCaseAttachment {
        file_name: name.to_owned(),
        content_type: "application/pdf".to_owned(),
        content: content.to_vec(),
        uploaded_by: "user:admin@contoso.example".to_owned(),
    };
    // R13: the invoice comes with the case, in its transaction.
    let case = store
        .open_case(
            &NewCase {
                partner_id: mpn(1_000_001),
                kind: CaseKind::KpiDiscrepancy,
                opened_by: "user:admin@contoso.example".to_owned(),
                details: serde_json::json!({ "invoice_number": "INV-1" }),
                membership_id: None,
                attachment: Some(invoice("INV-1.pdf", b"%PDF-1.7 first")),
            },
            &audit("case.open"),
        )
        .await
        .expect("opened");
    let second = store
        .add_case_attachment(
            case.id,
            &invoice("INV-1-page2.pdf", b"%PDF-1.7 second"),
            &audit("case.attach"),
        )
        .await
        .expect("attached");
    let listed = store.case_attachments(case.id).await.expect("read");
    assert_eq!(
        listed
            .iter()
            .map(|a| a.file_name.as_str())
            .collect::<Vec<_>>(),
        ["INV-1.pdf", "INV-1-page2.pdf"]
    );
    assert_eq!(listed[0].size_bytes, 14);
    assert_eq!(
        listed[0].sha256,
        invoice("", b"%PDF-1.7 first").sha256_hex()
    );
    let (meta, content) = store
        .case_attachment_content(second.id)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(meta, second);
    assert_eq!(content, b"%PDF-1.7 second");
    assert!(
        store
            .case_attachment_content(second.id + 100)
            .await
            .expect("read")
            .is_none()
    );
    assert!(is_not_found(
        store
            .add_case_attachment(
                case.id + 100,
                &invoice("x.pdf", b"%PDF-"),
                &audit("case.attach")
            )
            .await
    ));
    // A decided case takes no more files.
    store
        .set_case_state(case.id, &resolve(None, None), &audit("case.state"))
        .await
        .expect("resolved");
    assert!(is_conflict(
        store
            .add_case_attachment(
                case.id,
                &invoice("late.pdf", b"%PDF-"),
                &audit("case.attach")
            )
            .await
    ));
    assert_eq!(
        store.case_attachments(case.id).await.expect("read").len(),
        2
    );
    // open (with its file), the second file, resolved.
    assert_eq!(assert_chain_intact(&store).await, 4);
}

pub async fn resolving_account_profile_setup_grants_marketplace_access(store: SharedStore) {
    add_partner(&store, 1_000_001, "Contoso", "US").await;
    let audit = |action: &str| draft(action, "partner:1000001".into());
    let lap = enroll_by_card(
        &store,
        1_000_001,
        LearningOption::ActionPack,
        None,
        date(2025, 1, 10),
    )
    .await
    .membership_id
    .expect("linked");
    let case = |kind: CaseKind| NewCase {
        partner_id: mpn(1_000_001),
        kind,
        opened_by: "user:admin@contoso.example".to_owned(),
        details: serde_json::json!({ "note": "please set up our profile" }),
        membership_id: (kind == CaseKind::AccountProfileSetup).then_some(lap),
        attachment: None,
    };
    let setup = store
        .open_case(&case(CaseKind::AccountProfileSetup), &audit("case.open"))
        .await
        .expect("opened");
    assert_eq!(setup.membership_id, Some(lap));
    // A grant belongs to an account-profile-setup case only.
    let other = store
        .open_case(&case(CaseKind::KpiDiscrepancy), &audit("case.open"))
        .await
        .expect("opened");
    assert!(is_conflict(
        store
            .set_case_state(
                other.id,
                &resolve(None, Some((lap, date(2025, 1, 12)))),
                &audit("case.state")
            )
            .await
    ));
    assert_eq!(
        store
            .case(other.id)
            .await
            .expect("read")
            .expect("present")
            .state,
        CaseState::Open
    );
    assert_eq!(
        store
            .membership(lap)
            .await
            .expect("read")
            .expect("present")
            .marketplace_access_on,
        None
    );

    let resolved = store
        .set_case_state(
            setup.id,
            &resolve(None, Some((lap, date(2025, 1, 12)))),
            &audit("case.state"),
        )
        .await
        .expect("resolved");
    assert_eq!(resolved.state, CaseState::Resolved);
    let m = store.membership(lap).await.expect("read").expect("present");
    assert_eq!(m.marketplace_access_on, Some(date(2025, 1, 12)));

    // Granting again keeps the first date and writes nothing.
    let events = all_events(&store).await.len();
    let again = store
        .grant_marketplace_access(lap, date(2025, 2, 1), &audit("membership.access"))
        .await
        .expect("granted");
    assert_eq!(again.marketplace_access_on, Some(date(2025, 1, 12)));
    assert_eq!(all_events(&store).await.len(), events);
    assert_chain_intact(&store).await;
}
