//! What a visitor of the public directory asks for (R24): the name text, the filters by
//! country, competency and tier, the order and the page, parsed from the query parameters of
//! `/directory` and `/api/v1/directory` with every refusal naming its parameter.

use lpc_domain::{CountryCode, LearningOption};
use serde::Serialize;

use crate::error::AppError;

/// The longest search text kept (longer input is cut: no name is that long).
pub const MAX_QUERY_CHARS: usize = 100;

/// The order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// By name (lowercase), then MPN ID.
    #[default]
    Name,
    /// Best tier held first (gold, silver, Action Pack, none), then by name.
    Tier,
}

impl SortOrder {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "" | "name" => Some(SortOrder::Name),
            "tier" => Some(SortOrder::Tier),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Tier => "tier",
        }
    }
}

/// What a visitor asks for; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryQuery {
    /// Part of the name, any case.
    pub q: String,
    pub country: Option<CountryCode>,
    /// A competency id (`cloud_platform`): partners holding silver or gold in it.
    pub competency: Option<String>,
    /// Partners holding this option (in any competency for silver and gold).
    pub tier: Option<LearningOption>,
    pub sort: SortOrder,
    /// 1-based; 0 is read as 1.
    pub page: usize,
}

impl DirectoryQuery {
    /// Parses the query parameters of `/directory` and `/api/v1/directory`; an empty value is
    /// no filter. A refusal names the parameter.
    pub fn parse(
        q: Option<&str>,
        country: Option<&str>,
        competency: Option<&str>,
        tier: Option<&str>,
        sort: Option<&str>,
        page: Option<&str>,
    ) -> Result<Self, AppError> {
        fn present(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        let country = present(country)
            .map(|c| {
                CountryCode::parse(&c.to_ascii_uppercase())
                    .map_err(|e| AppError::invalid("country", e))
            })
            .transpose()?;
        let tier = present(tier)
            .map(|t| {
                LearningOption::parse(t).ok_or_else(|| {
                    AppError::invalid(
                        "tier",
                        format!("{t:?} is not a tier: action_pack, silver or gold (R3)"),
                    )
                })
            })
            .transpose()?;
        let sort = SortOrder::parse(present(sort).unwrap_or(""))
            .ok_or_else(|| AppError::invalid("sort", "the order is name or tier"))?;
        let page = match present(page) {
            None => 1,
            Some(p) => p
                .parse::<usize>()
                .map_err(|_| AppError::invalid("page", format!("{p:?} is not a page number")))?,
        };
        Ok(DirectoryQuery {
            q: q.map(str::trim)
                .unwrap_or("")
                .chars()
                .take(MAX_QUERY_CHARS)
                .collect(),
            country,
            competency: present(competency).map(str::to_owned),
            tier,
            sort,
            page: page.max(1),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn bad_parameters_name_their_field() {
        let err = DirectoryQuery::parse(None, Some("XX1"), None, None, None, None).unwrap_err();
        assert!(err.to_string().starts_with("country"), "{err}");
        let err =
            DirectoryQuery::parse(None, None, None, Some("platinum"), None, None).unwrap_err();
        assert!(err.to_string().starts_with("tier"), "{err}");
        let err = DirectoryQuery::parse(None, None, None, None, None, Some("two")).unwrap_err();
        assert!(err.to_string().starts_with("page"), "{err}");
        let q = DirectoryQuery::parse(
            Some(" ab "),
            Some("jp"),
            Some(""),
            Some("gold"),
            Some("tier"),
            Some("0"),
        )
        .unwrap();
        assert_eq!(q.q, "ab");
        assert_eq!(q.country, Some(CountryCode::parse("JP").unwrap()));
        assert_eq!(
            (q.competency, q.tier, q.sort, q.page),
            (None, Some(LearningOption::Gold), SortOrder::Tier, 1)
        );
    }
}
