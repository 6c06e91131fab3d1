//! Counting exam passes per competency over the last twelve months (R8, R9).

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::calendar;
use crate::rules::RuleSet;

/// R8, R9: passes per competency that count on `today`: those with `passed_on` in
/// [`calendar::exam_window`] (after the same date a year earlier, up to and including today),
/// each counted for every competency its exam maps to in the rule set. Passes of exams the rule
/// set does not map, and passes dated after today, count for nothing. Each pass given counts
/// once: removing duplicate records is the importer's job.
pub fn count_exam_passes<S: AsRef<str>>(
    rules: &RuleSet,
    passes: impl IntoIterator<Item = (S, Date)>,
    today: Date,
) -> BTreeMap<String, u32> {
    let window = calendar::exam_window(today);
    let mut counts = BTreeMap::new();
    for (code, passed_on) in passes {
        if !window.contains(passed_on) {
            continue;
        }
        for competency in rules.competencies_of_exam(code.as_ref()) {
            let count: &mut u32 = counts.entry(competency.clone()).or_default();
            *count = count.saturating_add(1);
        }
    }
    counts
}
