//! The stories of partners and their users (R1): organizations registered once and listed by
//! MPN ID, roles held per organization or without one, a refused user leaving nothing behind,
//! and the partner's users list with its pending invitations.

use jiff::Timestamp;
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, Role};

use super::SharedStore;
use super::fixtures::{add_partner, all_events, draft, mpn, partner, user};
use crate::error::StoreError;

pub async fn partners_are_registered_once(store: SharedStore) {
    add_partner(&store, 1_234_567, "Fabrikam Training", "JP").await;
    let stored = store
        .partner(mpn(1_234_567))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.name.as_str(), "Fabrikam Training");
    assert_eq!(stored.country.as_str(), "JP");

    let again = partner(1_234_567, "Someone Else", "IT");
    let err = store
        .add_partner(&again, &draft("partner.add", "partner:1234567".into()))
        .await
        .expect_err("a second registration of the same MPN ID is refused");
    assert!(
        matches!(err, StoreError::Conflict(ref m) if m.contains("1234567")),
        "{err}"
    );
    // The refused attempt changed nothing: the first name stands, one event only.
    let stored = store
        .partner(mpn(1_234_567))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(stored.name.as_str(), "Fabrikam Training");
    assert_eq!(all_events(&store).await.len(), 1);
    assert!(store.partner(mpn(7_654_321)).await.expect("read").is_none());
}

pub async fn partners_are_listed_by_mpn_id(store: SharedStore) {
    add_partner(&store, 3_000_000, "Trey Research", "IT").await;
    add_partner(&store, 1_000_000, "Adatum", "DE").await;
    add_partner(&store, 20_000_000, "Northwind", "JP").await;
    let ids: Vec<u64> = store
        .partners()
        .await
        .expect("list")
        .iter()
        .map(|p| p.mpn_id.get())
        .collect();
    assert_eq!(ids, [1_000_000, 3_000_000, 20_000_000]);
}

pub async fn users_hold_a_role_per_organization(store: SharedStore) {
    add_partner(&store, 1_111_111, "Contoso", "US").await;
    add_partner(&store, 2_222_222, "Fabrikam", "JP").await;
    let grants = vec![
        RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(1_111_111))).expect("grant"),
        RoleGrant::new(Role::Member, Some(mpn(2_222_222))).expect("grant"),
    ];
    let created = store
        .add_user(
            &user("ann@contoso.com", grants.clone()),
            &draft("user.add", "user:ann".into()),
        )
        .await
        .expect("user added");
    let found = store
        .user_by_email(&Email::parse("ANN@Contoso.com").expect("email"))
        .await
        .expect("read")
        .expect("present");
    assert_eq!(found.id, created.id);
    assert_eq!(found.password_hash, "$argon2id$story$ann@contoso.com");
    let mut got = found.grants.clone();
    got.sort_by_key(|g| g.partner());
    assert_eq!(got, grants);

    let dup = store
        .add_user(
            &user("ann@contoso.com", vec![]),
            &draft("user.add", "user:ann".into()),
        )
        .await
        .expect_err("the same e-mail twice is refused");
    assert!(
        matches!(dup, StoreError::Conflict(ref m) if m.contains("ann@contoso.com")),
        "{dup}"
    );
}

pub async fn operators_hold_roles_without_an_organization(store: SharedStore) {
    let grants = vec![
        RoleGrant::new(Role::Operator, None).expect("grant"),
        RoleGrant::new(Role::SupportAgent, None).expect("grant"),
    ];
    store
        .add_user(
            &user("ops@program.example", grants),
            &draft("user.add", "user:ops".into()),
        )
        .await
        .expect("operator added");
    let found = store
        .user_by_email(&Email::parse("ops@program.example").expect("email"))
        .await
        .expect("read")
        .expect("present");
    let mut roles: Vec<Role> = found.grants.iter().map(|g| g.role()).collect();
    roles.sort();
    assert_eq!(roles, [Role::Operator, Role::SupportAgent]);
    assert!(found.grants.iter().all(|g| g.partner().is_none()));
}

pub async fn a_refused_user_leaves_nothing_behind(store: SharedStore) {
    let grants = vec![RoleGrant::new(Role::AccountAdmin, Some(mpn(9_999_999))).expect("grant")];
    let err = store
        .add_user(
            &user("bob@nowhere.example", grants),
            &draft("user.add", "user:bob".into()),
        )
        .await
        .expect_err("a role in an unregistered partner is refused");
    assert!(
        matches!(err, StoreError::NotFound(ref m) if m.contains("9999999")),
        "{err}"
    );
    let bob = Email::parse("bob@nowhere.example").expect("email");
    assert!(store.user_by_email(&bob).await.expect("read").is_none());
    assert!(
        all_events(&store).await.is_empty(),
        "no audit event for a refused change"
    );
    assert!(store.is_empty().await.expect("is_empty"));
}

/// The partner's users list (R1): one row per role held on the partner, by e-mail, with the
/// user's creation time; an invited user is pending until a link of theirs is used, and a
/// reset link that was asked for but not used does not make anyone "invited".
pub async fn partner_users_are_listed_with_their_roles_and_pending_invitations(store: SharedStore) {
    add_partner(&store, 4200001, "Olive Training", "IT").await;
    add_partner(&store, 4200002, "Fuji Academy", "JP").await;
    let on = |n: u64, role: Role| RoleGrant::new(role, Some(mpn(n))).unwrap();
    let add = |email: &'static str, grants: Vec<RoleGrant>| {
        let store = store.clone();
        async move {
            store
                .add_user(
                    &user(email, grants),
                    &draft("user.add", format!("user:{email}")),
                )
                .await
                .unwrap()
        }
    };
    let admin = add(
        "admin@olive.example",
        vec![on(4200001, Role::MpnPartnerAdmin)],
    )
    .await;
    let invited = add("zoe@olive.example", vec![on(4200001, Role::Member)]).await;
    let joined = add("bea@olive.example", vec![on(4200001, Role::AccountAdmin)]).await;
    add(
        "other@fuji.example",
        vec![on(4200002, Role::MpnPartnerAdmin)],
    )
    .await;
    let both = add(
        "both@fuji.example",
        vec![on(4200002, Role::Member), on(4200001, Role::Member)],
    )
    .await;
    let later = Timestamp::from_second(Timestamp::now().as_second() + 3600).unwrap();
    for (u, digest) in [(&invited, "inv-zoe"), (&joined, "inv-bea")] {
        store
            .add_password_reset(
                u.id,
                digest,
                later,
                &draft("user.invited", format!("user:{}", u.email)),
            )
            .await
            .unwrap();
    }
    assert!(
        store
            .use_password_reset(
                "inv-bea",
                Timestamp::now(),
                "$argon2id$chosen",
                &draft("password.reset", "user:bea@olive.example".into()),
            )
            .await
            .unwrap()
            .is_some()
    );
    // The admin asked for a reset and never used it: not an invitation.
    store
        .add_password_reset(
            admin.id,
            "reset-admin",
            later,
            &draft(
                "password.reset_requested",
                "user:admin@olive.example".into(),
            ),
        )
        .await
        .unwrap();

    let listed = store.partner_users(mpn(4200001)).await.unwrap();
    let seen: Vec<(String, Role, bool)> = listed
        .iter()
        .map(|r| (r.email.to_string(), r.role, r.invitation_pending))
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "admin@olive.example".to_owned(),
                Role::MpnPartnerAdmin,
                false
            ),
            ("bea@olive.example".to_owned(), Role::AccountAdmin, false),
            ("both@fuji.example".to_owned(), Role::Member, false),
            ("zoe@olive.example".to_owned(), Role::Member, true),
        ],
        "by e-mail, the partner's roles only, pending until the invitation is used"
    );
    for (row, u) in listed.iter().zip([&admin, &joined, &both, &invited]) {
        // PostgreSQL keeps microseconds.
        let apart = row.created_at.as_microsecond() - u.created_at.as_microsecond();
        assert!(apart.abs() <= 1, "{} created {}", row.email, row.created_at);
    }
    let other: Vec<String> = store
        .partner_users(mpn(4200002))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.email.to_string())
        .collect();
    assert_eq!(other, vec!["both@fuji.example", "other@fuji.example"]);
    assert!(store.partner_users(mpn(4200009)).await.unwrap().is_empty());
}
