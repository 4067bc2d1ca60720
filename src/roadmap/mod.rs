//! Roadmap scoring: roadmap items and their evidence, scoring models (RICE, ICE, WSJF, weighted
//! criteria, developer-productivity ROI, custom formulas), rankings with a breakdown of every
//! score, sensitivity analysis, scenario comparison and saved snapshots.
//!
//! Data flow: `items` and `links` are SQLite tables; [`evidence::EvidenceBase`] reads them once
//! into flat arrays (cached until the database changes) and aggregates each item's evidence;
//! [`inputs`] resolves every named input (manual, derived from evidence, or missing); [`model`]
//! compiles a model into a scorer; [`rank`] scores, explains and orders the items.

pub mod api;
pub mod evidence;
pub mod formula;
pub mod inputs;
pub mod items;
pub mod model;
pub mod rank;
pub mod sensitivity;
pub mod snapshots;

/// Every name a model or a formula can read: the input names, then the evidence
/// statistics derived from linked documents. The index of a name is its slot in a value row.
pub const VARIABLES: [&str; 23] = [
    // inputs
    "reach",
    "impact",
    "confidence",
    "effort",
    "ease",
    "business_value",
    "time_criticality",
    "risk_reduction",
    "job_size",
    "hours_saved",
    "adoption",
    "hourly_cost",
    // evidence statistics
    "demand",
    "sentiment",
    "documents",
    "interviews",
    "tickets",
    "survey_responses",
    "notes",
    "quotes",
    "teams",
    "people",
    "headcount",
];

/// Number of variables in a value row.
pub const NV: usize = VARIABLES.len();

/// Slots of the variables the built-in models read.
pub mod var {
    #![allow(missing_docs)]
    pub const REACH: usize = 0;
    pub const IMPACT: usize = 1;
    pub const CONFIDENCE: usize = 2;
    pub const EFFORT: usize = 3;
    pub const EASE: usize = 4;
    pub const BUSINESS_VALUE: usize = 5;
    pub const TIME_CRITICALITY: usize = 6;
    pub const RISK_REDUCTION: usize = 7;
    pub const JOB_SIZE: usize = 8;
    pub const HOURS_SAVED: usize = 9;
    pub const ADOPTION: usize = 10;
    pub const HOURLY_COST: usize = 11;
    pub const DEMAND: usize = 12;
    pub const SENTIMENT: usize = 13;
    pub const DOCUMENTS: usize = 14;
    pub const INTERVIEWS: usize = 15;
    pub const TICKETS: usize = 16;
    pub const SURVEY_RESPONSES: usize = 17;
    pub const NOTES: usize = 18;
    pub const QUOTES: usize = 19;
    pub const TEAMS: usize = 20;
    pub const PEOPLE: usize = 21;
    pub const HEADCOUNT: usize = 22;
}

/// The slot of a variable name, if it is one.
pub fn slot(name: &str) -> Option<usize> {
    VARIABLES.iter().position(|v| *v == name)
}

/// The label of each variable, in [`VARIABLES`] order.
pub const LABELS: [&str; NV] = [
    "Reach",
    "Impact",
    "Confidence",
    "Effort",
    "Ease",
    "Business value",
    "Time criticality",
    "Risk reduction",
    "Job size",
    "Hours saved",
    "Adoption",
    "Hourly cost",
    "Demand",
    "Sentiment",
    "Documents",
    "Interviews",
    "Tickets",
    "Survey responses",
    "Notes",
    "Quotes",
    "Teams",
    "People",
    "Headcount",
];

/// A human label for a variable ("business_value" → "Business value").
pub fn label(name: &str) -> &'static str {
    slot(name).map_or("", |s| LABELS[s])
}

/// Variables that are fractions between 0 and 1 (the UI shows them as percentages).
pub fn is_fraction(slot: usize) -> bool {
    matches!(slot, var::CONFIDENCE | var::ADOPTION | var::SENTIMENT)
}

/// An error naming the unknown variable and listing the known ones.
pub(crate) fn unknown_variable(field: &str, name: &str) -> crate::Error {
    crate::Error::invalid(
        field,
        format!(
            "unknown input {name:?}; the names are: {}",
            VARIABLES.join(", ")
        ),
    )
}
