//! Countries, company names and people's names for the benchmark partners.
//!
//! Plausible rather than real: the fictitious company names Microsoft documentation uses
//! (Contoso, Fabrikam, ...) and place names, with each country's legal form. Every entry is
//! plain text without a comma, a quote or a line break, so the CSV rows need no quoting (a
//! unit test holds that), and people's names are ASCII so they can form e-mail addresses.

use lpc_domain::Currency;

/// A country of the benchmark mix, with the currency its partners are invoiced in.
#[derive(Debug)]
pub(super) struct Country {
    pub code: &'static str,
    /// Share of the partners, in percent.
    pub weight: u64,
    pub currency: Currency,
    pub style: &'static Style,
}

/// How a country's company and people names are made.
#[derive(Debug)]
pub(super) struct Style {
    pub prefixes: &'static [&'static str],
    pub middles: &'static [&'static str],
    pub suffixes: &'static [&'static str],
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
}

/// Roughly the program's geography: the United States first, Japan and Italy (the seed
/// article's languages) well represented. Invoices are mostly in US dollars (the
/// Courseware Marketplace's currency), in yen for Japan and in euros in the euro area.
pub(super) const COUNTRIES: &[Country] = &[
    country("US", 24, Currency::USD, &ENGLISH),
    country("JP", 12, Currency::JPY, &JAPANESE),
    country("IT", 10, Currency::EUR, &ITALIAN),
    country("DE", 9, Currency::EUR, &GERMAN),
    country("GB", 7, Currency::USD, &ENGLISH),
    country("FR", 6, Currency::EUR, &FRENCH),
    country("IN", 6, Currency::USD, &ENGLISH),
    country("ES", 4, Currency::EUR, &SPANISH),
    country("BR", 4, Currency::USD, &PORTUGUESE),
    country("CA", 3, Currency::USD, &ENGLISH),
    country("AU", 3, Currency::USD, &ENGLISH),
    country("NL", 3, Currency::EUR, &ENGLISH),
    country("MX", 2, Currency::USD, &SPANISH),
    country("SG", 2, Currency::USD, &ENGLISH),
    country("SE", 2, Currency::USD, &ENGLISH),
    country("IE", 2, Currency::EUR, &ENGLISH),
    country("ZA", 1, Currency::USD, &ENGLISH),
];

const fn country(
    code: &'static str,
    weight: u64,
    currency: Currency,
    style: &'static Style,
) -> Country {
    Country {
        code,
        weight,
        currency,
        style,
    }
}

pub(super) const ENGLISH: Style = Style {
    prefixes: &[
        "Contoso",
        "Northwind",
        "Fabrikam",
        "Tailspin",
        "Woodgrove",
        "Litware",
        "Proseware",
        "Wingtip",
        "Adatum",
        "Lucerne",
        "Coho",
        "Alpine",
        "Blue Yonder",
        "Trey",
        "Relecloud",
        "Wide World",
    ],
    middles: &["Learning", "Training", "Cloud", "Skills", "Tech", "Digital"],
    suffixes: &["Inc.", "Ltd.", "LLC", "Academy", "Institute", "Group"],
    first_names: &[
        "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Priya", "Arjun", "Chloe", "Jack", "Mia",
        "Ethan",
    ],
    last_names: &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Wilson", "Patel", "Singh",
        "Clark", "Lewis", "Walker",
    ],
};

pub(super) const JAPANESE: Style = Style {
    prefixes: &[
        "Sakura",
        "Fuji",
        "Hikari",
        "Aozora",
        "Yamato",
        "Midori",
        "Tsubasa",
        "Mirai",
        "Hoshizora",
        "Kaede",
        "Nagoya",
        "Osaka",
        "Yokohama",
        "Sendai",
        "Kobe",
    ],
    middles: &["Cloud", "IT", "Digital", "Tech", "Skills", "Learning"],
    suffixes: &[
        "Academy K.K.",
        "Training K.K.",
        "Institute K.K.",
        "Co. Ltd.",
    ],
    first_names: &[
        "Haruto", "Yuto", "Sota", "Ren", "Hina", "Yui", "Aoi", "Sakura", "Takumi", "Yuki", "Kenji",
        "Akiko",
    ],
    last_names: &[
        "Sato",
        "Suzuki",
        "Takahashi",
        "Tanaka",
        "Watanabe",
        "Ito",
        "Yamamoto",
        "Nakamura",
        "Kobayashi",
        "Kato",
    ],
};

pub(super) const ITALIAN: Style = Style {
    prefixes: &[
        "Aurora", "Milano", "Roma", "Torino", "Firenze", "Bologna", "Napoli", "Venezia", "Genova",
        "Verona", "Padova", "Bari",
    ],
    middles: &[
        "Formazione",
        "Digital",
        "Cloud",
        "Tech",
        "Academy",
        "Competenze",
    ],
    suffixes: &["S.r.l.", "S.p.A.", "Formazione S.r.l."],
    first_names: &[
        "Marco",
        "Giulia",
        "Luca",
        "Francesca",
        "Alessandro",
        "Chiara",
        "Matteo",
        "Sara",
        "Andrea",
        "Elena",
    ],
    last_names: &[
        "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
        "Greco",
    ],
};

pub(super) const GERMAN: Style = Style {
    prefixes: &[
        "Fabrikam", "Rhein", "Alpen", "Nord", "Hansa", "Berlin", "Isar", "Elbe", "Main", "Spree",
    ],
    middles: &["IT", "Cloud", "Digital", "Tech", "Wissen"],
    suffixes: &[
        "Schulungen GmbH",
        "Akademie GmbH",
        "Training AG",
        "Seminare GmbH",
    ],
    first_names: &[
        "Lukas", "Anna", "Leon", "Lena", "Felix", "Marie", "Jonas", "Laura", "Paul", "Sophie",
    ],
    last_names: &[
        "Mueller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Hoffmann",
        "Koch",
    ],
};

pub(super) const FRENCH: Style = Style {
    prefixes: &[
        "Lumiere",
        "Paris",
        "Lyon",
        "Provence",
        "Atlantique",
        "Bordeaux",
        "Lille",
        "Nantes",
        "Savoie",
        "Azur",
    ],
    middles: &["Numerique", "Cloud", "Digital", "Tech", "Savoir"],
    suffixes: &["Formation SAS", "Academie SARL", "Conseil SA"],
    first_names: &[
        "Louis", "Emma", "Gabriel", "Jade", "Hugo", "Louise", "Arthur", "Alice", "Jules", "Chloe",
    ],
    last_names: &[
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau",
    ],
};

pub(super) const SPANISH: Style = Style {
    prefixes: &[
        "Iberia", "Madrid", "Sevilla", "Valencia", "Andes", "Sol", "Pacifico", "Azteca", "Norte",
        "Costa",
    ],
    middles: &["Formacion", "Cloud", "Digital", "Tech", "Academia"],
    suffixes: &["S.L.", "S.A.", "S.A. de C.V."],
    first_names: &[
        "Hugo", "Lucia", "Mateo", "Sofia", "Martin", "Martina", "Daniel", "Paula", "Pablo",
        "Valeria",
    ],
    last_names: &[
        "Garcia",
        "Rodriguez",
        "Gonzalez",
        "Fernandez",
        "Lopez",
        "Martinez",
        "Sanchez",
        "Perez",
        "Gomez",
        "Diaz",
    ],
};

pub(super) const PORTUGUESE: Style = Style {
    prefixes: &[
        "Tailspin",
        "Rio",
        "Paulista",
        "Amazonia",
        "Cerrado",
        "Atlantico",
        "Minas",
        "Sul",
        "Horizonte",
        "Ipe",
    ],
    middles: &["Treinamentos", "Cloud", "Digital", "Tecnologia", "Educacao"],
    suffixes: &["Ltda.", "S.A.", "Treinamentos Ltda."],
    first_names: &[
        "Miguel",
        "Helena",
        "Arthur",
        "Alice",
        "Heitor",
        "Laura",
        "Bernardo",
        "Manuela",
        "Davi",
        "Valentina",
    ],
    last_names: &[
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Rodrigues",
        "Ferreira",
        "Alves",
        "Pereira",
        "Lima",
        "Gomes",
    ],
};

/// Every style, for the test that holds the CSV-safety promise of this module.
#[cfg(test)]
pub(super) const STYLES: [&Style; 7] = [
    &ENGLISH,
    &JAPANESE,
    &ITALIAN,
    &GERMAN,
    &FRENCH,
    &SPANISH,
    &PORTUGUESE,
];

/// `name` in lower case with every run of other characters than ASCII letters and digits as
/// one `-`: the host part of the partner's e-mail domain.
pub(super) fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}
