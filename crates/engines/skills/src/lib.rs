//! The skills vocabulary and the keyword matcher: which known skills a free text names
//! (job postings, resumes), under their canonical names, most relevant first.
//!
//! Plain library: its own types, no knowledge of Tailor's domain. The vocabulary is shipped
//! data (`data/skills.json`); [`Vocabulary::shipped`] parses and checks it once, and a
//! program should call it at start so that a bad data file stops the start, not a request.
#![forbid(unsafe_code)]

mod keywords;
mod vocabulary;

pub use keywords::{
    MAX_KEYWORD_LEN, MAX_KEYWORDS, extract_keywords, rank_for_posting, rank_for_posting_with,
};
pub use vocabulary::*;
