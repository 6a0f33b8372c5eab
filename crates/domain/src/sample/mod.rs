//! Writing samples: a user's own resumes and cover letters, kept as uploaded, with their
//! text and a deterministic profile of their writing style.

mod model;

pub use model::*;
