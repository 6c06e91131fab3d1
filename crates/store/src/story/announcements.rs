//! The stories of the program's announcements (R32): published, changed only before they
//! start, withdrawn once, each step audited; shown on the days between their dates, newest
//! first, without what each user dismissed; mailed once to every partner admin in their
//! language, in batches.

use jiff::civil::{Date, date};
use jiff::{Timestamp, ToSpan};
use lpc_domain::Role;
use lpc_domain::access::RoleGrant;

use super::SharedStore;
use super::fixtures::{
    add_partner, all_events, draft, is_conflict, is_not_found, mpn, partner, user,
};
use crate::Verification;
use crate::rows::{AnnouncementDraft, AnnouncementMail, AnnouncementText, LocalizedMail};

fn text(lang: &str, title: &str) -> AnnouncementText {
    AnnouncementText {
        lang: lang.to_owned(),
        title: title.to_owned(),
        body: format!("{title}\n\nSecond paragraph."),
    }
}

fn announcement(starts_on: Date, ends_on: Option<Date>, title: &str) -> AnnouncementDraft {
    AnnouncementDraft {
        starts_on,
        ends_on,
        texts: vec![text("en", title)],
    }
}

fn publish() -> crate::AuditDraft {
    draft("announcement.publish", "announcement".to_owned())
}

pub async fn announcements_are_published_changed_before_their_start_and_withdrawn_once(
    store: SharedStore,
) {
    let today = date(2026, 11, 22);
    let mut next_year = announcement(date(2027, 1, 4), Some(date(2027, 3, 31)), "FY28 KPIs");
    next_year.texts.push(text("ja", "FY28 の KPI"));
    let stored = store
        .add_announcement(&next_year, &publish())
        .await
        .expect("published");
    assert_eq!(
        (
            stored.starts_on,
            stored.ends_on,
            stored.withdrawn_at,
            stored.mailed_at
        ),
        (date(2027, 1, 4), Some(date(2027, 3, 31)), None, None)
    );
    assert_eq!(stored.created_by, "story");
    let langs: Vec<&str> = stored.texts.iter().map(|t| t.lang.as_str()).collect();
    assert_eq!(langs, ["en", "ja"], "English first");
    assert_eq!(
        store.announcement(stored.id).await.expect("read"),
        Some(stored.clone())
    );
    let (ja, fell_back) = stored.text_in("ja").expect("a Japanese version");
    assert_eq!((ja.title.as_str(), fell_back), ("FY28 の KPI", false));
    let (it, fell_back) = stored.text_in("it").expect("the English fallback");
    assert_eq!(
        (it.title.as_str(), fell_back),
        ("FY28 KPIs", true),
        "R32: else English"
    );

    // Before its start it can be changed: texts and dates replaced whole.
    let mut changed = announcement(date(2027, 1, 11), None, "FY28 KPI requirements");
    changed.texts.push(text("it", "Requisiti KPI FY28"));
    let edit = draft("announcement.edit", format!("announcement:{}", stored.id));
    let edited = store
        .edit_announcement(stored.id, &changed, today, &edit)
        .await
        .expect("changed before its start");
    let langs: Vec<&str> = edited.texts.iter().map(|t| t.lang.as_str()).collect();
    assert_eq!(
        langs,
        ["en", "it"],
        "the Japanese version went with the edit"
    );
    assert_eq!(
        (edited.starts_on, edited.ends_on),
        (date(2027, 1, 11), None)
    );
    assert_eq!(edited.created_at, stored.created_at);

    // From its start day on it is what partners may have read: never rewritten.
    assert!(is_conflict(
        store
            .edit_announcement(stored.id, &changed, date(2027, 1, 11), &edit)
            .await
    ));
    assert!(is_not_found(
        store
            .edit_announcement(999_999, &changed, today, &edit)
            .await
    ));

    // Withdrawing ends it today and hides it at once; only once.
    let withdraw = draft(
        "announcement.withdraw",
        format!("announcement:{}", stored.id),
    );
    let withdrawn = store
        .withdraw_announcement(stored.id, today, &withdraw)
        .await
        .expect("withdrawn");
    assert_eq!(withdrawn.ends_on, Some(today));
    assert!(withdrawn.withdrawn_at.is_some());
    assert!(!withdrawn.is_active_on(today));
    assert!(is_conflict(
        store
            .withdraw_announcement(stored.id, today, &withdraw)
            .await
    ));
    assert!(
        is_conflict(
            store
                .edit_announcement(stored.id, &changed, today, &edit)
                .await
        ),
        "a withdrawn announcement is not changed"
    );
    let ended = store
        .add_announcement(
            &announcement(date(2026, 11, 1), Some(date(2026, 11, 20)), "Ended"),
            &publish(),
        )
        .await
        .expect("published");
    assert!(
        is_conflict(
            store
                .withdraw_announcement(ended.id, today, &withdraw)
                .await
        ),
        "an announcement that ended has nothing to withdraw"
    );

    let listed = store.announcements(10).await.expect("listed");
    let ids: Vec<i64> = listed.iter().map(|a| a.id).collect();
    assert_eq!(ids, [ended.id, stored.id], "newest first");
    assert_eq!(store.announcements(1).await.expect("listed").len(), 1);

    let events = all_events(&store).await;
    let actions: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.action.as_str(), e.subject.as_str()))
        .collect();
    let first = format!("announcement:{}", stored.id);
    let second = format!("announcement:{}", ended.id);
    assert_eq!(
        actions,
        [
            ("announcement.publish", first.as_str()),
            ("announcement.edit", first.as_str()),
            ("announcement.withdraw", first.as_str()),
            ("announcement.publish", second.as_str()),
        ],
        "each change audited with the announcement's id"
    );
    assert!(
        events[0]
            .details
            .contains(&format!("\"announcement_id\":{}", stored.id))
    );
}

pub async fn partners_see_the_announcements_of_the_day_newest_first_until_they_dismiss_them(
    store: SharedStore,
) {
    let today = date(2026, 11, 22);
    let days = |n: i64| today.checked_add(n.days()).expect("date");
    let mut ids = Vec::new();
    for (start, end, title) in [
        (days(-30), Some(days(-1)), "ended yesterday"),
        (days(-10), Some(today), "ends today"),
        (days(-5), None, "no end"),
        (today, None, "starts today"),
        (days(1), None, "starts tomorrow"),
    ] {
        let a = store
            .add_announcement(&announcement(start, end, title), &publish())
            .await
            .expect("published");
        ids.push(a.id);
    }
    let titles = |list: &[crate::Announcement]| -> Vec<String> {
        list.iter().map(|a| a.texts[0].title.clone()).collect()
    };
    let shown = store
        .active_announcements(today, None, 50)
        .await
        .expect("read");
    assert_eq!(
        titles(&shown),
        ["starts today", "no end", "ends today"],
        "start and end days included, the latest start first"
    );
    assert!(shown.iter().all(|a| a.is_active_on(today)));
    assert_eq!(
        titles(
            &store
                .active_announcements(today, None, 2)
                .await
                .expect("read")
        ),
        ["starts today", "no end"],
        "bounded"
    );
    assert_eq!(
        titles(
            &store
                .active_announcements(days(1), None, 50)
                .await
                .expect("read")
        ),
        ["starts tomorrow", "starts today", "no end"]
    );

    let ann = store
        .add_user(
            &user("ann@contoso.example", vec![]),
            &draft("user.add", "user:ann".to_owned()),
        )
        .await
        .expect("user");
    let bob = store
        .add_user(
            &user("bob@contoso.example", vec![]),
            &draft("user.add", "user:bob".to_owned()),
        )
        .await
        .expect("user");
    let at = Timestamp::now();
    assert!(
        store
            .dismiss_announcement(ids[2], ann.id, at)
            .await
            .expect("dismissed")
    );
    assert!(
        !store
            .dismiss_announcement(ids[2], ann.id, at)
            .await
            .expect("again"),
        "dismissed once"
    );
    assert!(is_not_found(
        store.dismiss_announcement(999_999, ann.id, at).await
    ));
    assert_eq!(
        titles(
            &store
                .active_announcements(today, Some(ann.id), 50)
                .await
                .expect("read")
        ),
        ["starts today", "ends today"],
        "what a user dismissed stays dismissed"
    );
    assert_eq!(
        titles(
            &store
                .active_announcements(days(1), Some(ann.id), 50)
                .await
                .expect("read")
        ),
        ["starts tomorrow", "starts today"],
        "on later days too"
    );
    assert_eq!(
        titles(
            &store
                .active_announcements(today, Some(bob.id), 50)
                .await
                .expect("read")
        ),
        ["starts today", "no end", "ends today"],
        "for that user only"
    );
    let events = all_events(&store).await;
    assert!(
        events.iter().all(|e| !e.action.contains("dismiss")),
        "a dismissal is a reader's choice, not audited"
    );
}

pub async fn announcement_mail_is_queued_once_per_partner_admin_in_their_language(
    store: SharedStore,
) {
    let today = date(2026, 11, 22);
    add_partner(&store, 7_300_001, "Sakura Learning", "JP").await;
    add_partner(&store, 7_300_002, "Aurora Formazione", "IT").await;
    let mut rejected = partner(7_300_003, "Rejected Claim", "US");
    rejected.verification = Verification::Rejected;
    store
        .add_partner(
            &rejected,
            &draft("partner.add", "partner:7300003".to_owned()),
        )
        .await
        .expect("partner");
    let grant = |role: Role, n: u64| RoleGrant::new(role, Some(mpn(n))).expect("grant");
    let mut users = Vec::new();
    for (email, grants, locale, confirmed) in [
        // An admin of two organizations gets one mail.
        (
            "yuki@sakura.example",
            vec![
                grant(Role::MpnPartnerAdmin, 7_300_001),
                grant(Role::AccountAdmin, 7_300_002),
            ],
            Some("ja"),
            true,
        ),
        (
            "giulia@aurora.example",
            vec![grant(Role::AccountAdmin, 7_300_002)],
            Some("it"),
            true,
        ),
        (
            "sam@aurora.example",
            vec![grant(Role::MpnPartnerAdmin, 7_300_002)],
            None,
            true,
        ),
        (
            "member@sakura.example",
            vec![grant(Role::Member, 7_300_001)],
            Some("ja"),
            true,
        ),
        (
            "new@sakura.example",
            vec![grant(Role::MpnPartnerAdmin, 7_300_001)],
            None,
            false,
        ),
        (
            "claim@rejected.example",
            vec![grant(Role::MpnPartnerAdmin, 7_300_003)],
            None,
            true,
        ),
        (
            "ops@program.example",
            vec![RoleGrant::new(Role::Operator, None).expect("grant")],
            None,
            true,
        ),
    ] {
        let mut new = user(email, grants);
        new.email_confirmed = confirmed;
        let stored = store
            .add_user(&new, &draft("user.add", format!("user:{email}")))
            .await
            .expect("user");
        store
            .set_user_locale(stored.id, locale)
            .await
            .expect("locale");
        users.push(stored);
    }

    let a = store
        .add_announcement(&announcement(today, None, "FY28 KPIs"), &publish())
        .await
        .expect("published");
    store
        .add_announcement(
            &announcement(today.checked_add(1.day()).expect("date"), None, "Later"),
            &publish(),
        )
        .await
        .expect("published");
    let due = store.announcements_to_mail(today).await.expect("due");
    assert_eq!(
        due.iter().map(|d| d.id).collect::<Vec<_>>(),
        [a.id],
        "started, not mailed"
    );

    let mail = AnnouncementMail {
        announcement_id: a.id,
        mails: ["en", "ja", "it"]
            .into_iter()
            .map(|lang| LocalizedMail {
                lang: lang.to_owned(),
                subject: format!("[{lang}] FY28 KPIs"),
                body: format!("body in {lang}"),
            })
            .collect(),
        created_at: Timestamp::now()
            .round(jiff::Unit::Microsecond)
            .expect("round"),
        // Two users per statement: the batches cover every user.
        batch: 2,
    };
    assert_eq!(
        store.queue_announcement_mail(&mail).await.expect("queued"),
        3
    );
    assert_eq!(
        store.queue_announcement_mail(&mail).await.expect("again"),
        0,
        "once per address, however often it is queued"
    );
    let mut sent: Vec<(String, String, String)> = store
        .outbox(100)
        .await
        .expect("outbox")
        .into_iter()
        .map(|m| (m.to.to_string(), m.subject, m.dedup_key))
        .collect();
    sent.sort();
    let key = |email: &str| AnnouncementMail::dedup_key(a.id, email);
    assert_eq!(
        sent,
        [
            (
                "giulia@aurora.example".to_owned(),
                "[it] FY28 KPIs".to_owned(),
                key("giulia@aurora.example")
            ),
            (
                "sam@aurora.example".to_owned(),
                "[en] FY28 KPIs".to_owned(),
                key("sam@aurora.example")
            ),
            (
                "yuki@sakura.example".to_owned(),
                "[ja] FY28 KPIs".to_owned(),
                key("yuki@sakura.example")
            ),
        ],
        "R1 admins with a confirmed address, of organizations not rejected, each in their language"
    );

    // Without a Japanese text, Japanese readers get the English one.
    let english_only = AnnouncementMail {
        announcement_id: a.id + 1,
        mails: mail
            .mails
            .iter()
            .filter(|m| m.lang != "ja")
            .cloned()
            .collect(),
        batch: 1000,
        ..mail.clone()
    };
    assert_eq!(
        store
            .queue_announcement_mail(&english_only)
            .await
            .expect("queued"),
        3
    );
    let yuki = store
        .outbox(100)
        .await
        .expect("outbox")
        .into_iter()
        .find(|m| m.dedup_key == AnnouncementMail::dedup_key(a.id + 1, "yuki@sakura.example"))
        .expect("mailed");
    assert_eq!(yuki.subject, "[en] FY28 KPIs");

    let no_english = AnnouncementMail {
        mails: mail
            .mails
            .iter()
            .filter(|m| m.lang != "en")
            .cloned()
            .collect(),
        ..mail.clone()
    };
    assert!(store.queue_announcement_mail(&no_english).await.is_err());

    let at = Timestamp::now();
    assert!(
        store
            .mark_announcement_mailed(a.id, at)
            .await
            .expect("marked")
    );
    assert!(
        !store
            .mark_announcement_mailed(a.id, at)
            .await
            .expect("once")
    );
    assert!(
        store
            .announcements_to_mail(today)
            .await
            .expect("due")
            .is_empty()
    );
    let later = today.checked_add(1.day()).expect("date");
    assert_eq!(
        store.announcements_to_mail(later).await.expect("due").len(),
        1
    );
    assert!(
        all_events(&store)
            .await
            .iter()
            .all(|e| !e.action.contains("mail")),
        "mail is not audited"
    );
}
