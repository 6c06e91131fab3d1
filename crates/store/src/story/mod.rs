//! The story tests: one scenario per storage behaviour, run unchanged against every backend.
//!
//! A backend crate instantiates them all with [`story_tests!`](crate::story_tests), giving an
//! async function that opens a fresh, empty store, runs the story and removes the store:
//!
//! ```ignore
//! lpc_store::story_tests!(crate::harness::run);
//! ```
//!
//! Stories use only the [`Store`] trait, so a backend that passes them behaves like the others.
//!
//! # Layout
//! - `fixtures`: the builders and checks the stories share.
//! - `database`: migrations, emptiness and the one audit chain.
//! - `partners`: partners, users and their roles (R1).
//! - `claims`: claims of organizations and the roles in them (R31).
//! - `onboarding`: partner files stored whole and their invitations used once (R31).
//! - `people`: trainers, exam passes, guideline acceptances and API tokens.
//! - `ledger`: invoice lines stored once.
//! - `publications`: publications, their digest and adjustments (R17, R22).
//! - `orders`: orders and payment (R29).
//! - `memberships`: renewals, upgrades, refunds and lapses (R11, R28, R30).
//! - `cases`: support cases (R5, R13, R22).
//! - `outbox`: mail waiting to be sent.
//! - `announcements`: the program's announcements, their days, dismissals and mail (R32).
//! - `resources`: the program's documents in their languages (R8, R32).
//! - `sessions`: web sessions, password resets and languages.
//! - `throttles`: sign-in and sign-up attempts counted for every server (issue 18).
//! - `history`: the import and publication histories.
//! - `jobs`: job runs and mail claimed once across servers (issue 18).
//! - `program_stats`: the operators' overview, partner search and audit trails.
//! - `rule_sets`: rule sets uploaded by operators (R14).
//! - `directory`: the directory's write side (R24-R26, R28).
//! - `directory_public`: the public directory's read side (R24, R26, R28).

// This is test code that lives in the library so that every backend can share it; a failed
// expectation is a failed test, which is exactly what `expect` reports.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use crate::store::Store;

mod announcements;
mod cases;
mod claims;
mod database;
mod directory;
mod directory_public;
mod fixtures;
mod history;
mod jobs;
mod ledger;
mod memberships;
mod onboarding;
mod orders;
mod outbox;
mod partners;
mod people;
mod program_stats;
mod publications;
mod resources;
mod rule_sets;
mod sessions;
mod throttles;

pub use announcements::{
    announcement_mail_is_queued_once_per_partner_admin_in_their_language,
    announcements_are_published_changed_before_their_start_and_withdrawn_once,
    partners_see_the_announcements_of_the_day_newest_first_until_they_dismiss_them,
};
pub use cases::{
    case_attachments_are_kept_with_their_case_until_it_is_decided,
    cases_are_discussed_and_decided_once,
    resolving_account_profile_setup_grants_marketplace_access,
};
pub use claims::{
    claims_are_stored_whole_decided_once_and_claimed_again_after_a_rejection,
    partner_roles_change_and_go_but_an_mpn_partner_admin_stays,
};
pub use database::{
    an_empty_store_says_so, concurrent_changes_keep_the_chain_intact,
    every_change_is_audited_in_one_intact_chain, migrations_can_run_again,
};
pub use directory::directory_requests_are_decided_once_and_listings_flagged_and_removed;
pub use directory_public::public_listings_are_those_visible_on_the_day_with_their_active_memberships;
pub use history::{
    imports_are_recorded_once_and_listed_newest_first,
    publications_are_listed_newest_first_with_who_published_them,
};
pub use jobs::{
    a_failed_mail_backs_off_and_a_dead_servers_mail_is_sent_by_another,
    a_job_run_is_claimed_once_and_taken_over_when_its_lease_runs_out,
    racing_servers_claim_a_run_once_and_each_mail_once,
};
pub use ledger::invoice_lines_are_stored_once_and_a_conflict_refuses_the_batch;
pub use memberships::{
    memberships_lapse_and_come_due_by_anniversary, refunds_end_the_membership_once,
    renewals_move_the_anniversary_and_upgrades_replace_silver_with_gold,
};
pub use onboarding::a_partner_file_is_stored_whole_and_its_invitations_work_once;
pub use orders::{
    a_card_payment_starts_one_membership_and_a_second_is_refused,
    bank_transfers_are_paid_once_an_operator_accepts_their_proof,
    concurrent_orders_for_one_option_let_exactly_one_through, unpaid_orders_expire_once,
};
pub use outbox::mail_is_queued_once_per_dedup_key;
pub use partners::{
    a_refused_user_leaves_nothing_behind, operators_hold_roles_without_an_organization,
    partner_users_are_listed_with_their_roles_and_pending_invitations,
    partners_are_listed_by_mpn_id, partners_are_registered_once,
    users_hold_a_role_per_organization,
};
pub use people::{
    a_failing_import_stores_nothing, api_tokens_lead_to_their_user,
    exam_passes_are_stored_once_and_read_by_date, guideline_acceptances_keep_the_first_acceptance,
    trainer_imports_are_idempotent_and_update_renewed_trainers,
    trainers_exam_passes_and_tokens_are_removed_one_by_one_with_their_audit,
};
pub use program_stats::program_counts_searches_and_audit_trails_come_from_the_database;
pub use publications::{
    an_accepted_adjustment_is_frozen_into_the_next_publication, publications_are_frozen_once,
    publications_take_their_period_and_unpublished_older_lines,
    the_digest_is_the_hash_of_the_published_rows,
};
pub use resources::documents_are_published_once_per_version_and_language_and_withdrawn;
pub use rule_sets::{
    eligibility_is_read_in_bulk_for_every_partner,
    rule_set_drafts_are_activated_once_per_effective_date,
};
pub use sessions::{
    password_resets_work_once_and_languages_are_kept, web_sessions_are_stored_loaded_and_expire,
};
pub use throttles::{
    a_full_limit_refuses_the_whole_reservation_and_counts_nothing,
    counted_attempts_last_their_window_until_cleared,
    parallel_reservations_get_no_more_places_than_the_limit,
    released_places_go_back_to_the_window_they_were_taken_in,
    throttles_are_pruned_and_stay_bounded,
};

/// A store shared across the tasks of one story.
pub type SharedStore = Arc<dyn Store>;

/// Declares one `#[tokio::test]` per story, each run through `$harness(story_name, story)`.
#[macro_export]
macro_rules! story_tests {
    ($harness:path) => {
        $crate::story_tests!(@each $harness;
            migrations_can_run_again,
            an_empty_store_says_so,
            partners_are_registered_once,
            partners_are_listed_by_mpn_id,
            users_hold_a_role_per_organization,
            operators_hold_roles_without_an_organization,
            a_refused_user_leaves_nothing_behind,
            every_change_is_audited_in_one_intact_chain,
            concurrent_changes_keep_the_chain_intact,
            trainer_imports_are_idempotent_and_update_renewed_trainers,
            a_failing_import_stores_nothing,
            exam_passes_are_stored_once_and_read_by_date,
            guideline_acceptances_keep_the_first_acceptance,
            api_tokens_lead_to_their_user,
            invoice_lines_are_stored_once_and_a_conflict_refuses_the_batch,
            publications_take_their_period_and_unpublished_older_lines,
            publications_are_frozen_once,
            a_card_payment_starts_one_membership_and_a_second_is_refused,
            concurrent_orders_for_one_option_let_exactly_one_through,
            bank_transfers_are_paid_once_an_operator_accepts_their_proof,
            unpaid_orders_expire_once,
            renewals_move_the_anniversary_and_upgrades_replace_silver_with_gold,
            refunds_end_the_membership_once,
            memberships_lapse_and_come_due_by_anniversary,
            cases_are_discussed_and_decided_once,
            case_attachments_are_kept_with_their_case_until_it_is_decided,
            resolving_account_profile_setup_grants_marketplace_access,
            mail_is_queued_once_per_dedup_key,
            documents_are_published_once_per_version_and_language_and_withdrawn,
            announcements_are_published_changed_before_their_start_and_withdrawn_once,
            partners_see_the_announcements_of_the_day_newest_first_until_they_dismiss_them,
            announcement_mail_is_queued_once_per_partner_admin_in_their_language,
            a_job_run_is_claimed_once_and_taken_over_when_its_lease_runs_out,
            racing_servers_claim_a_run_once_and_each_mail_once,
            a_failed_mail_backs_off_and_a_dead_servers_mail_is_sent_by_another,
            the_digest_is_the_hash_of_the_published_rows,
            an_accepted_adjustment_is_frozen_into_the_next_publication,
            web_sessions_are_stored_loaded_and_expire,
            a_full_limit_refuses_the_whole_reservation_and_counts_nothing,
            released_places_go_back_to_the_window_they_were_taken_in,
            parallel_reservations_get_no_more_places_than_the_limit,
            counted_attempts_last_their_window_until_cleared,
            throttles_are_pruned_and_stay_bounded,
            program_counts_searches_and_audit_trails_come_from_the_database,
            imports_are_recorded_once_and_listed_newest_first,
            publications_are_listed_newest_first_with_who_published_them,
            password_resets_work_once_and_languages_are_kept,
            partner_users_are_listed_with_their_roles_and_pending_invitations,
            trainers_exam_passes_and_tokens_are_removed_one_by_one_with_their_audit,
            rule_set_drafts_are_activated_once_per_effective_date,
            eligibility_is_read_in_bulk_for_every_partner,
            public_listings_are_those_visible_on_the_day_with_their_active_memberships,
            directory_requests_are_decided_once_and_listings_flagged_and_removed,
            claims_are_stored_whole_decided_once_and_claimed_again_after_a_rejection,
            partner_roles_change_and_go_but_an_mpn_partner_admin_stays,
            a_partner_file_is_stored_whole_and_its_invitations_work_once
        );
    };
    (@each $harness:path; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $harness(stringify!($name), |store| Box::pin($crate::story::$name(store))).await;
            }
        )*
    };
}
