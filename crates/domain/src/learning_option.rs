//! The three ways to enroll (R3): the Learning Action Pack, and the silver and gold learning
//! options of a competency.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An enrollment option (R3), ordered from lowest to highest so that "the highest option a
/// partner meets" (R10) is a `max`.
///
/// Serialized as `action_pack`, `silver`, `gold`, the names of DESIGN.md's JSON shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LearningOption {
    /// The Learning Action Pack (LAP), the base level: no competency (R3, R4, R5).
    ActionPack,
    /// The silver learning option of a competency (R8).
    Silver,
    /// The gold learning option of a competency (R9).
    Gold,
}

impl LearningOption {
    pub const ALL: [LearningOption; 3] = [Self::ActionPack, Self::Silver, Self::Gold];

    /// The name used in files, JSON and the CLI's `--option` (with `-` for `_` there).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ActionPack => "action_pack",
            Self::Silver => "silver",
            Self::Gold => "gold",
        }
    }

    /// Whether the option is taken per competency (silver, gold) rather than once (LAP).
    pub fn has_competency(self) -> bool {
        !matches!(self, Self::ActionPack)
    }

    /// How a partner admin reads it in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Self::ActionPack => "Learning Action Pack",
            Self::Silver => "Silver learning option",
            Self::Gold => "Gold learning option",
        }
    }

    /// Parses `action_pack`/`action-pack`, `silver`, `gold`.
    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "action_pack" | "action-pack" => Some(Self::ActionPack),
            "silver" => Some(Self::Silver),
            "gold" => Some(Self::Gold),
            _ => None,
        }
    }
}

impl fmt::Display for LearningOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_ordered_lap_silver_gold_r10() {
        // R10 picks the highest option met: the order must be LAP < silver < gold.
        assert!(LearningOption::ActionPack < LearningOption::Silver);
        assert!(LearningOption::Silver < LearningOption::Gold);
    }

    #[test]
    fn names_round_trip() {
        for option in LearningOption::ALL {
            assert_eq!(LearningOption::parse(option.as_str()), Some(option));
        }
        assert_eq!(
            LearningOption::parse("action-pack"),
            Some(LearningOption::ActionPack)
        );
        assert_eq!(LearningOption::parse("platinum"), None);
        assert!(!LearningOption::ActionPack.has_competency());
        assert!(LearningOption::Gold.has_competency());
    }
}
