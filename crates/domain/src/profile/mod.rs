//! The master resume profile: one per user, with personal info, summary, skills (including
//! languages and certifications), experiences, education, projects and custom fields.

mod analytics;
mod model;
mod rules;

pub use analytics::*;
pub use model::*;
pub use rules::*;
