//! How close an item's title is to the job title, for every trade.
//!
//! The title's words are compared as stems, without level words ("Senior", "II"). The last
//! word of the job title is its head ("Data *Analyst*", "Sous *Chef*") and counts double. A
//! job-title word that the item title lacks still earns half when the item title has another
//! word of the same trade family: a "Line Cook" is close to a "Sous Chef", a "Platform Engineer"
//! to a "DevOps Engineer", an "Accountant" is not.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::terms;

/// Trade families: words that name roles of the same line of work. General knowledge of
/// occupations, not of any one employer; a word may sit in several families.
const FAMILIES: &[&[&str]] = &[
    // kitchens
    &[
        "chef", "cook", "sous", "kitchen", "culinary", "pastry", "baker", "bakery", "prep",
        "caterer", "catering",
    ],
    // dining rooms, bars, cafes
    &[
        "server",
        "waiter",
        "waitress",
        "host",
        "hostess",
        "bartender",
        "barista",
        "restaurant",
        "sommelier",
        "busser",
        "floor",
    ],
    // hotels and front desks
    &[
        "hotel",
        "front",
        "desk",
        "guest",
        "concierge",
        "reception",
        "receptionist",
        "hospitality",
        "housekeeping",
        "office",
        "lodging",
        "resort",
    ],
    // nursing and clinical care
    &[
        "nurse",
        "nursing",
        "rn",
        "lpn",
        "cna",
        "clinical",
        "medical",
        "patient",
        "caregiver",
        "icu",
        "health",
        "healthcare",
        "care",
        "physician",
        "clinic",
        "assistant",
        "charge",
    ],
    // teaching and training
    &[
        "teacher",
        "teaching",
        "tutor",
        "instructor",
        "educator",
        "trainer",
        "training",
        "faculty",
        "professor",
        "lecturer",
        "instructional",
        "education",
        "learning",
        "curriculum",
    ],
    // building trades and maintenance
    &[
        "electrician",
        "electrical",
        "plumber",
        "plumbing",
        "hvac",
        "maintenance",
        "technician",
        "mechanic",
        "carpenter",
        "handyman",
        "journeyman",
        "apprentice",
        "installer",
        "welder",
        "building",
    ],
    // construction management
    &[
        "construction",
        "site",
        "superintendent",
        "foreman",
        "builder",
        "project",
        "contractor",
    ],
    // software and infrastructure
    &[
        "developer",
        "engineer",
        "programmer",
        "software",
        "devops",
        "sre",
        "platform",
        "backend",
        "frontend",
        "fullstack",
        "web",
        "systems",
        "administrator",
        "infrastructure",
        "cloud",
        "application",
    ],
    // data and analysis
    &[
        "analyst",
        "data",
        "analytics",
        "bi",
        "intelligence",
        "scientist",
        "reporting",
        "informatics",
        "statistician",
    ],
    // sales and accounts
    &[
        "sales",
        "account",
        "executive",
        "representative",
        "rep",
        "seller",
        "business",
        "development",
        "inside",
        "outside",
        "territory",
    ],
    // customers
    &[
        "customer",
        "success",
        "support",
        "service",
        "onboarding",
        "client",
        "account",
        "implementation",
        "specialist",
    ],
    // finance and accounting
    &[
        "accountant",
        "accounting",
        "bookkeeper",
        "payroll",
        "controller",
        "auditor",
        "finance",
        "financial",
        "accounts",
        "payable",
        "receivable",
        "tax",
        "treasury",
    ],
    // people and recruiting
    &[
        "hr",
        "human",
        "resources",
        "recruiter",
        "recruiting",
        "talent",
        "acquisition",
        "people",
        "generalist",
        "personnel",
    ],
    // warehouses, drivers and dispatch
    &[
        "warehouse",
        "logistics",
        "dispatcher",
        "dispatch",
        "driver",
        "truck",
        "forklift",
        "shipping",
        "receiving",
        "freight",
        "supply",
        "chain",
        "distribution",
        "fulfillment",
        "transportation",
    ],
    // marketing
    &[
        "marketing",
        "seo",
        "brand",
        "content",
        "social",
        "campaign",
        "digital",
        "growth",
        "advertising",
        "communications",
    ],
    // delivery and agile practice
    &[
        "scrum", "agile", "delivery", "coach", "project", "program", "master",
    ],
    // leading people
    &[
        "manager",
        "supervisor",
        "lead",
        "head",
        "director",
        "coordinator",
        "chief",
        "foreman",
        "superintendent",
    ],
];

/// Stem → indices of its families.
static FAMILY_OF: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, family) in FAMILIES.iter().enumerate() {
        for word in *family {
            let families = map.entry(terms::stem(word)).or_default();
            if !families.contains(&index) {
                families.push(index);
            }
        }
    }
    map
});

/// Credit for a job-title word that the item title matches only by trade family.
const FAMILY_CREDIT: f64 = 0.5;
/// Weight of the job title's head word against its other words.
const HEAD_WEIGHT: f64 = 2.0;

/// The job title, read once.
#[derive(Debug, Clone, Default)]
pub(crate) struct JobTitle {
    /// Stems, the head last.
    stems: Vec<String>,
}

impl JobTitle {
    pub(crate) fn new(title: &str) -> Self {
        // "Senior Backend Engineer (Go)", "Charge Nurse - ICU": the head comes before the note.
        let main = title
            .split(['(', '|', ',', '/'])
            .next()
            .unwrap_or(title)
            .split(" - ")
            .next()
            .unwrap_or(title);
        let mut stems = terms::title_stems(main);
        // Words of the note still count, ahead of the head.
        for extra in terms::title_stems(title) {
            if !stems.contains(&extra) {
                stems.insert(stems.len().saturating_sub(1), extra);
            }
        }
        Self { stems }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// Similarity in [0, 1] of an item title to this job title.
    pub(crate) fn similarity(&self, item_title: &str) -> f64 {
        if self.stems.is_empty() {
            return 0.0;
        }
        let item = terms::title_stems(item_title);
        if item.is_empty() {
            return 0.0;
        }
        // Only item words that match no job word exactly lend family credit: "Maintenance
        // Helper" has matched "maintenance" already, and "helper" names no trade.
        let item_families: Vec<usize> = item
            .iter()
            .filter(|s| !self.stems.contains(s))
            .filter_map(|s| FAMILY_OF.get(s))
            .flatten()
            .copied()
            .collect();
        let last = self.stems.len() - 1;
        let mut total = 0.0;
        let mut earned = 0.0;
        for (index, stem) in self.stems.iter().enumerate() {
            let weight = if index == last { HEAD_WEIGHT } else { 1.0 };
            total += weight;
            if item.contains(stem) {
                earned += weight;
            } else if FAMILY_OF
                .get(stem)
                .is_some_and(|families| families.iter().any(|f| item_families.contains(f)))
            {
                earned += weight * FAMILY_CREDIT;
            }
        }
        (earned / total).clamp(0.0, 1.0)
    }
}
