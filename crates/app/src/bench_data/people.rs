//! `partners.csv`, `trainers.csv` and `exams.csv`.
//!
//! A partner's country and name come from its own random stream ([`profile`]), so the
//! trainers pass and the invoices pass can recompute them instead of keeping them for every
//! partner.

use std::io::{self, Write};

use super::names::{self, COUNTRIES, Country};
use super::{
    BenchSpec, Catalog, DATA_END, EXAMS_FROM, EXAMS_HEADER, PARTNERS_HEADER, Stream,
    TRAINERS_HEADER, rng, weighted,
};
use crate::demo::SplitMix64;

/// The first MPN ID: seven digits, like real ones, and never a leading zero.
const FIRST_MPN: u64 = 1_000_000;

/// Weights of 0, 1, .. 5 MCTs at a partner: most have one to three, some none (they cannot
/// take the Action Pack, R4), a few enough for gold.
const TRAINER_COUNTS: [u64; 6] = [15, 25, 25, 15, 10, 10];

/// An MCT affiliation lasts a year: `valid_until` is this many days after `valid_from`.
const AFFILIATION_DAYS: usize = 364;

/// The MPN ID of partner `index`; the indexes after the registered partners are the
/// unregistered ones, so their IDs are the next to register (R16).
pub(super) fn mpn_of(index: u64) -> u64 {
    FIRST_MPN + index
}

/// The country of partner `index`: the first draw of its stream, so that [`profile`] agrees.
pub(super) fn country_of(seed: u64, index: u64) -> &'static Country {
    country_from(&mut rng(seed, Stream::Partner, index))
}

fn country_from(rng: &mut SplitMix64) -> &'static Country {
    let i = weighted(rng, COUNTRIES, |c| c.weight);
    COUNTRIES.get(i).unwrap_or(&COUNTRIES[0])
}

/// What `partners.csv` says of a partner, and what its people's rows derive from it.
#[derive(Debug)]
pub(super) struct Profile {
    pub mpn: u64,
    pub country: &'static Country,
    pub name: String,
    /// Which competency its people take exams for, most of the time.
    pub focus: u64,
}

pub(super) fn profile(seed: u64, index: u64) -> Profile {
    let mut r = rng(seed, Stream::Partner, index);
    let country = country_from(&mut r);
    let style = country.style;
    let name = format!(
        "{} {} {}",
        pick(&mut r, style.prefixes),
        pick(&mut r, style.middles),
        pick(&mut r, style.suffixes)
    );
    Profile {
        mpn: mpn_of(index),
        country,
        name,
        focus: r.next_u64(),
    }
}

fn pick(rng: &mut SplitMix64, items: &[&'static str]) -> &'static str {
    let i = usize::try_from(rng.below(items.len() as u64)).unwrap_or(0);
    items.get(i).copied().unwrap_or("")
}

/// `partners.csv`: `mpn_id,name,country`, one row per registered partner.
pub(super) fn write_partners<W: Write>(w: &mut W, spec: &BenchSpec) -> io::Result<()> {
    writeln!(w, "{PARTNERS_HEADER}")?;
    for index in 0..spec.partners {
        let p = profile(spec.seed, index);
        writeln!(w, "{},{},{}", p.mpn, p.name, p.country.code)?;
    }
    Ok(())
}

/// Rows written by [`write_people`].
#[derive(Debug, Default)]
pub(super) struct PeopleCounts {
    pub trainers: u64,
    pub exam_passes: u64,
}

/// `trainers.csv` and `exams.csv` together: exam passes are mostly by the partner's own
/// trainers, whose addresses are only known while the partner is being written.
pub(super) fn write_people<T: Write, E: Write>(
    trainers: &mut T,
    exams: &mut E,
    spec: &BenchSpec,
    catalog: &Catalog,
) -> io::Result<PeopleCounts> {
    writeln!(trainers, "{TRAINERS_HEADER}")?;
    writeln!(exams, "{EXAMS_HEADER}")?;
    let end = Catalog::day_index(DATA_END);
    // Affiliations starting from here are still valid on DATA_END; earlier ones have expired.
    let active_from = end - AFFILIATION_DAYS;
    let exams_from = Catalog::day_index(EXAMS_FROM);
    let mut counts = PeopleCounts::default();
    let mut emails: Vec<String> = Vec::with_capacity(TRAINER_COUNTS.len());
    for index in 0..spec.partners {
        let p = profile(spec.seed, index);
        let style = p.country.style;
        let domain = format!("{}-{}.example", names::slug(&p.name), p.mpn);
        let mut r = rng(spec.seed, Stream::People, index);

        emails.clear();
        let count = weighted(&mut r, &TRAINER_COUNTS, |w| *w);
        for j in 0..count {
            counts.trainers += 1;
            let (first, last) = (
                pick(&mut r, style.first_names),
                pick(&mut r, style.last_names),
            );
            let mut email = email(first, last, &domain);
            if emails.contains(&email) {
                // Two namesakes at one partner: real addresses get a number too.
                email = email_numbered(first, last, j + 1, &domain);
            }
            let from = if r.below(4) == 0 {
                day_between(&mut r, 0, active_from - 1)
            } else {
                day_between(&mut r, active_from, end)
            };
            writeln!(
                trainers,
                "{},{},{first} {last},{email},{},{}",
                20_000_000 + counts.trainers,
                p.mpn,
                catalog.day(from),
                catalog.day(from + AFFILIATION_DAYS)
            )?;
            emails.push(email);
        }

        if catalog.all_exams.is_empty() {
            continue;
        }
        let passes = r.below(3 + 2 * count as u64);
        for _ in 0..passes {
            counts.exam_passes += 1;
            let trainer = usize::try_from(r.below(emails.len() as u64)).unwrap_or(0);
            let person = match emails.get(trainer) {
                Some(email) if r.below(10) < 7 => email.clone(),
                // Staff preparing for a competency without being trainers.
                _ => email(
                    pick(&mut r, style.first_names),
                    pick(&mut r, style.last_names),
                    &domain,
                ),
            };
            let code = exam_code(&mut r, catalog, p.focus);
            let passed_on = day_between(&mut r, exams_from, end);
            writeln!(
                exams,
                "{},{person},{code},{}",
                p.mpn,
                catalog.day(passed_on)
            )?;
        }
    }
    Ok(counts)
}

/// Mostly an exam of the partner's focus competency (passes add up towards one silver or
/// gold option, R8, R9), sometimes any exam of the rule set.
fn exam_code<'a>(r: &mut SplitMix64, catalog: &'a Catalog, focus: u64) -> &'a str {
    let by_competency = &catalog.exams_by_competency;
    let codes = if !by_competency.is_empty() && r.below(5) != 0 {
        let i = usize::try_from(focus % by_competency.len() as u64).unwrap_or(0);
        by_competency.get(i).unwrap_or(&catalog.all_exams)
    } else {
        &catalog.all_exams
    };
    let i = usize::try_from(r.below(codes.len() as u64)).unwrap_or(0);
    codes.get(i).map_or("", String::as_str)
}

fn email(first: &str, last: &str, domain: &str) -> String {
    format!(
        "{}.{}@{domain}",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase()
    )
}

fn email_numbered(first: &str, last: &str, n: usize, domain: &str) -> String {
    format!(
        "{}.{}{n}@{domain}",
        first.to_ascii_lowercase(),
        last.to_ascii_lowercase()
    )
}

/// A day index in `from..=to`, uniformly.
fn day_between(r: &mut SplitMix64, from: usize, to: usize) -> usize {
    let span = (to - from) as u64 + 1;
    from + usize::try_from(r.below(span)).unwrap_or(0)
}
