//! The matching engine: ranks a profile's experiences, projects, bullets and skills against a
//! job ([`rank`]).
//!
//! A plain library for every trade, not only software: the vocabulary of
//! [`tailor_skills`] matches the skills it knows (aliases folded), and stemmed content words
//! scored with BM25 carry the rest (a sous chef's kitchen, a nurse's ICU, a dispatcher's
//! loads). It has its own input and output types and knows nothing of Tailor's domain; no
//! I/O. Same input, same output: ties keep input order, and no map order reaches a result.
#![forbid(unsafe_code)]

pub mod rank;
mod terms;

pub use rank::{
    Bullet, Item, Job, KeywordMatch, Profile, RankedBullet, RankedItem, RankedSkill, Ranking,
    profile_text, rank,
};
