//! Entitlements (R5, R6): may a partner buy courseware for delivery outside its organization,
//! and at which price tier.

use jiff::civil::Date;
use serde::Serialize;

use crate::eligibility::HeldMembership;

/// The price a partner pays on the Courseware Marketplace and what it may use it for (R6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceTier {
    /// No active learning enrollment (or no marketplace access yet): full price, internal
    /// training only.
    FullPriceInternalOnly,
    /// An active learning partner with marketplace access: the learning partner discount.
    LearningPartnerDiscount,
}

/// What the entitlement rules need to know about a partner on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerFacts {
    /// MCTs whose `valid_from..=valid_until` contains the day.
    pub active_mcts: u32,
    /// Paid memberships (LAP, silver, gold); lapsed ones are ignored by date (R28).
    pub memberships: Vec<HeldMembership>,
    /// Whether the account-profile-setup case is closed, which grants courseware access on
    /// the Courseware Marketplace (R5).
    pub marketplace_access: bool,
}

/// The answer to "may this partner buy courseware for external delivery, and at which price".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entitlement {
    /// Whether the partner may buy courseware to deliver outside its organization.
    pub allowed: bool,
    pub price_tier: PriceTier,
    /// A sentence for the partner admin: why, and what is missing.
    pub reason: String,
    pub rule: &'static str,
}

/// Whether the partner holds an active learning enrollment (LAP or higher) on `today`.
fn is_learning_partner(facts: &BuyerFacts, today: Date) -> bool {
    facts.memberships.iter().any(|m| m.is_active_on(today))
}

/// R6 with R5: the price tier of a partner's courseware purchases on `today`. The discount
/// needs an active learning enrollment (LAP, silver or gold) and the marketplace access its
/// account-profile-setup case grants; everyone else buys at full price for internal use.
pub fn price_tier(facts: &BuyerFacts, today: Date) -> PriceTier {
    if is_learning_partner(facts, today) && facts.marketplace_access {
        PriceTier::LearningPartnerDiscount
    } else {
        PriceTier::FullPriceInternalOnly
    }
}

/// R6: whether the partner may buy courseware for delivery outside its organization on
/// `today`: it needs at least one active MCT and an active LAP or higher learning option, and
/// (R5) the marketplace access granted when its account-profile-setup case closed. Every
/// missing condition is named.
pub fn may_buy_for_external_delivery(facts: &BuyerFacts, today: Date) -> Entitlement {
    let mut missing = Vec::new();
    if facts.active_mcts == 0 {
        missing.push("at least one active Microsoft Certified Trainer");
    }
    if !is_learning_partner(facts, today) {
        missing.push("an active Learning Action Pack or higher learning option");
    }
    if !facts.marketplace_access {
        missing.push(
            "Courseware Marketplace access, granted when Partner Frontline Support closes the \
             account profile setup case (R5)",
        );
    }
    let tier = price_tier(facts, today);
    let reason = if missing.is_empty() {
        "May deliver courseware outside the organization, at the learning partner discount"
            .to_owned()
    } else {
        let price = match tier {
            PriceTier::LearningPartnerDiscount => "at the learning partner discount",
            PriceTier::FullPriceInternalOnly => "at full price",
        };
        format!(
            "Courseware may be bought for internal training only, {price}; delivering it \
             outside the organization needs {}",
            join_conditions(&missing)
        )
    };
    Entitlement {
        allowed: missing.is_empty(),
        price_tier: tier,
        reason,
        rule: "R6",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_conditions(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning_option::LearningOption;
    use jiff::civil::date;

    const TODAY: Date = Date::constant(2021, 3, 10);

    fn lap(anniversary: Date) -> HeldMembership {
        HeldMembership {
            option: LearningOption::ActionPack,
            competency: None,
            anniversary_date: anniversary,
        }
    }

    fn buyer(mcts: u32, memberships: Vec<HeldMembership>, access: bool) -> BuyerFacts {
        BuyerFacts {
            active_mcts: mcts,
            memberships,
            marketplace_access: access,
        }
    }

    #[test]
    fn r6_without_enrollment_internal_training_only_at_full_price() {
        let answer = may_buy_for_external_delivery(&buyer(3, vec![], false), TODAY);
        assert!(!answer.allowed);
        assert_eq!(answer.price_tier, PriceTier::FullPriceInternalOnly);
        assert_eq!(answer.rule, "R6");
        assert!(
            answer
                .reason
                .contains("internal training only, at full price")
        );
        assert!(answer.reason.contains("Learning Action Pack"));
        assert!(
            !answer.reason.contains("Certified Trainer"),
            "the MCT is there"
        );
    }

    #[test]
    fn r6_lap_with_mct_and_access_delivers_externally_at_discount() {
        let answer =
            may_buy_for_external_delivery(&buyer(1, vec![lap(date(2021, 9, 1))], true), TODAY);
        assert!(answer.allowed, "{}", answer.reason);
        assert_eq!(answer.price_tier, PriceTier::LearningPartnerDiscount);
    }

    #[test]
    fn r6_gold_counts_as_higher_than_lap() {
        let gold = HeldMembership {
            option: LearningOption::Gold,
            competency: Some("security".into()),
            anniversary_date: date(2021, 9, 1),
        };
        assert!(may_buy_for_external_delivery(&buyer(4, vec![gold], true), TODAY).allowed);
    }

    #[test]
    fn r6_learning_partner_without_mct_keeps_discount_but_not_external_delivery() {
        let answer =
            may_buy_for_external_delivery(&buyer(0, vec![lap(date(2021, 9, 1))], true), TODAY);
        assert!(!answer.allowed);
        assert_eq!(answer.price_tier, PriceTier::LearningPartnerDiscount);
        assert!(
            answer
                .reason
                .contains("at least one active Microsoft Certified Trainer")
        );
    }

    #[test]
    fn r5_marketplace_access_is_needed_for_discount_and_delivery() {
        let facts = buyer(2, vec![lap(date(2021, 9, 1))], false);
        let answer = may_buy_for_external_delivery(&facts, TODAY);
        assert!(!answer.allowed);
        assert_eq!(answer.price_tier, PriceTier::FullPriceInternalOnly);
        assert!(answer.reason.contains("account profile setup case (R5)"));
    }

    #[test]
    fn r28_a_lapsed_lap_no_longer_entitles() {
        // Anniversary 2021-02-01: active through 2021-03-03, lapsed from 2021-03-04.
        let facts = buyer(2, vec![lap(date(2021, 2, 1))], true);
        assert!(may_buy_for_external_delivery(&facts, date(2021, 3, 3)).allowed);
        let answer = may_buy_for_external_delivery(&facts, date(2021, 3, 4));
        assert!(!answer.allowed);
        assert_eq!(
            price_tier(&facts, date(2021, 3, 4)),
            PriceTier::FullPriceInternalOnly
        );
    }

    #[test]
    fn every_missing_condition_is_named() {
        let answer = may_buy_for_external_delivery(&buyer(0, vec![], false), TODAY);
        assert!(
            answer
                .reason
                .contains("Trainer, an active Learning Action Pack")
        );
        assert!(answer.reason.contains(" and Courseware Marketplace access"));
    }
}
