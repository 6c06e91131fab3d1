//! The stories of sessions and accounts: web sessions stored, loaded and expiring, password
//! resets working once, and the language each user chose.

use jiff::Timestamp;
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, Role};

use super::SharedStore;
use super::fixtures::{add_partner, all_events, draft, mpn, user};
use crate::audit::verify;

pub async fn web_sessions_are_stored_loaded_and_expire(store: SharedStore) {
    use crate::rows::StoredSession;
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let session = |id: &str, data: &str, expires_in: i64| StoredSession {
        id: id.to_owned(),
        data: data.to_owned(),
        expires_at: Timestamp::from_second(now.as_second() + expires_in).unwrap(),
    };
    assert!(store.session_create(&session("a", "{}", 60)).await.unwrap());
    assert!(
        !store
            .session_create(&session("a", "{\"x\":1}", 60))
            .await
            .unwrap(),
        "an id already taken is refused"
    );
    let loaded = store.session_load("a", now).await.unwrap().unwrap();
    assert_eq!(loaded, session("a", "{}", 60));
    store
        .session_save(&session("a", "{\"user\":7}", 120))
        .await
        .unwrap();
    assert_eq!(
        store.session_load("a", now).await.unwrap().unwrap().data,
        "{\"user\":7}"
    );
    store.session_save(&session("b", "{}", -1)).await.unwrap();
    assert_eq!(store.session_load("b", now).await.unwrap(), None, "expired");
    assert_eq!(store.session_load("zzz", now).await.unwrap(), None);
    assert_eq!(store.session_delete_expired(now).await.unwrap(), 1);
    store.session_delete("a").await.unwrap();
    store.session_delete("a").await.unwrap();
    assert_eq!(store.session_load("a", now).await.unwrap(), None);
}

pub async fn password_resets_work_once_and_languages_are_kept(store: SharedStore) {
    add_partner(&store, 4100001, "Sakura Learning", "JP").await;
    let admin = RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn(4100001))).unwrap();
    let u = store
        .add_user(
            &user("admin@sakura.example", vec![admin]),
            &draft("user.add", "user:admin@sakura.example".into()),
        )
        .await
        .unwrap();
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let later = |s: i64| Timestamp::from_second(now.as_second() + s).unwrap();
    let audit = draft("password.reset.request", "user:admin@sakura.example".into());
    store
        .add_password_reset(u.id, "digest-1", later(3600), &audit)
        .await
        .unwrap();
    store
        .add_password_reset(u.id, "digest-2", later(3600), &audit)
        .await
        .unwrap();
    assert_eq!(
        store
            .password_reset_user("digest-1", now)
            .await
            .unwrap()
            .map(|u| u.email.to_string()),
        Some("admin@sakura.example".to_owned())
    );
    assert_eq!(
        store
            .password_reset_user("digest-1", later(7200))
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert!(
        store
            .use_password_reset("digest-1", later(7200), "$argon2id$late", &audit)
            .await
            .unwrap()
            .is_none(),
        "an expired token sets nothing"
    );
    store
        .add_api_token_with_hint(
            u.id,
            "api-1",
            "ci",
            "",
            later(86_400),
            &draft("token.create", "user:admin@sakura.example".into()),
        )
        .await
        .unwrap();
    let used = draft("password.reset", "user:admin@sakura.example".into());
    assert_eq!(
        store
            .use_password_reset("digest-1", now, "$argon2id$new", &used)
            .await
            .unwrap(),
        Some(1),
        "the user's API token is revoked with the reset (issue 15)"
    );
    assert!(store.user_by_token("api-1").await.unwrap().is_none());
    let stored = store
        .user_by_email(&Email::parse("admin@sakura.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.password_hash, "$argon2id$new");
    for token in ["digest-1", "digest-2"] {
        assert!(
            store
                .use_password_reset(token, now, "$argon2id$again", &used)
                .await
                .unwrap()
                .is_none(),
            "every token of the user is spent once one is used"
        );
        assert_eq!(store.password_reset_user(token, now).await.unwrap(), None);
    }
    assert!(
        store
            .use_password_reset("unknown", now, "$argon2id$x", &used)
            .await
            .unwrap()
            .is_none()
    );
    let events = all_events(&store).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "password.reset")
            .count(),
        1,
        "only the reset that happened is audited"
    );
    verify(&events).expect("chain intact");

    assert_eq!(store.user_locale(u.id).await.unwrap(), None);
    store.set_user_locale(u.id, Some("ja")).await.unwrap();
    assert_eq!(
        store.user_locale(u.id).await.unwrap().as_deref(),
        Some("ja")
    );
    store.set_user_locale(u.id, None).await.unwrap();
    assert_eq!(store.user_locale(u.id).await.unwrap(), None);
}
