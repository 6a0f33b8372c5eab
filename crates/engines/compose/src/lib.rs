//! The offline composer: writes a resume and a cover letter tailored to one job without a
//! language model, and tidies and checks text a model wrote. A plain library: its own input
//! types ([`Profile`] and its parts, [`ResumeSelection`], [`Job`], [`Evidence`], ...), no
//! knowledge of Tailor's domain, no I/O and no clock (the caller passes today's date where it
//! matters). Every function is deterministic: the same input gives the same output.
//!
//! - [`resume`]: the contract's plain-text resume (§6.3) and structured content (§6.4), with
//!   a `source_id` on every entry and bullet, fitted to a page budget.
//! - [`letter`]: a cover letter citing the profile's own titles, companies and achievements
//!   against the job's requirements, and its structured content.
//! - [`polish`]: removing stock phrases, finding facts a rephrasing introduced, finding
//!   leftover template placeholders.
//! - [`enhance`]: a rule-based rewrite of a summary or description (stronger openings,
//!   tense, filler, layout) that never adds a fact.
//! - [`content`]: the structured content types, which serialise to the contract's JSON.

#![forbid(unsafe_code)]

pub mod content;
mod dates;
pub mod enhance;
pub mod letter;
pub mod polish;
pub mod profile;
pub mod resume;

pub use content::*;
pub use enhance::{Enhanced, Tense, enhance};
pub use letter::{Evidence, Job, Letter, LetterOptions, StyleHints, compose_letter};
pub use polish::{Fact, FactKind, Known, introduced_facts, placeholders, scrub_stock_phrases};
pub use profile::*;
pub use resume::{
    Dropped, DroppedKind, PageBudget, Resume, ResumeOptions, ResumeSelection, compose_resume,
};
