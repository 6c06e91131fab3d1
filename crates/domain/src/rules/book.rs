//! All rule sets the program knows, and the choice of the one in force on a date (R14).

use jiff::civil::Date;

use super::{RuleError, RuleSet};

/// Why a collection of rule sets cannot be used together. Indexes are positions in the list
/// given to [`RuleBook::new`], so that a loader can name the file of each problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleBookError {
    #[error("no rule set: at least one is needed")]
    Empty,
    #[error("rule set #{index} ({name}): {error}")]
    Invalid {
        index: usize,
        name: String,
        error: RuleError,
    },
    #[error(
        "overlapping effective dates: rule sets #{first} ({first_name}) and #{second} \
         ({second_name}) both take effect on {effective_from}"
    )]
    Overlapping {
        effective_from: Date,
        first: usize,
        first_name: String,
        second: usize,
        second_name: String,
    },
}

/// Every rule set, ordered by the date it takes effect.
///
/// Built only through [`RuleBook::new`], so each set in it is valid and no two take effect on
/// the same day: the set in force on any date is unambiguous (R14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

impl RuleBook {
    /// Checks every set ([`RuleSet::validate`]) and that no two share an effective date;
    /// reports every problem found.
    pub fn new(sets: Vec<RuleSet>) -> Result<Self, Vec<RuleBookError>> {
        if sets.is_empty() {
            return Err(vec![RuleBookError::Empty]);
        }
        let mut errors: Vec<RuleBookError> = sets
            .iter()
            .enumerate()
            .flat_map(|(index, set)| {
                set.validate()
                    .into_iter()
                    .map(move |error| RuleBookError::Invalid {
                        index,
                        name: set.name.clone(),
                        error,
                    })
            })
            .collect();
        let mut order: Vec<usize> = (0..sets.len()).collect();
        order.sort_by_key(|&i| (sets[i].effective_from, i));
        for pair in order.windows(2) {
            let (a, b) = (&sets[pair[0]], &sets[pair[1]]);
            if a.effective_from == b.effective_from {
                errors.push(RuleBookError::Overlapping {
                    effective_from: a.effective_from,
                    first: pair[0],
                    first_name: a.name.clone(),
                    second: pair[1],
                    second_name: b.name.clone(),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut sets = sets;
        sets.sort_by_key(|set| set.effective_from);
        Ok(Self { sets })
    }

    /// R14: the rule set in force on `date`: the one with the latest `effective_from` on or
    /// before it; `None` before the first one takes effect.
    pub fn in_force_on(&self, date: Date) -> Option<&RuleSet> {
        let after = self.sets.partition_point(|set| set.effective_from <= date);
        after.checked_sub(1).and_then(|i| self.sets.get(i))
    }

    /// The rule sets, earliest first.
    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }

    /// The rule set taking effect after the one in force on `date`, if any: what changes next.
    pub fn next_after(&self, date: Date) -> Option<&RuleSet> {
        let after = self.sets.partition_point(|set| set.effective_from <= date);
        self.sets.get(after)
    }
}
