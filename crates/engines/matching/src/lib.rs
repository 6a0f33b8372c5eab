//! The matching engine: ranks a profile's experiences, projects, bullets and skills against a
//! job ([`rank`]), and scores how well a generated resume or cover letter covers the job's
//! keywords ([`ats`]).
//!
//! A plain library for every trade, not only software: the vocabulary of
//! [`tailor_skills`] matches the skills it knows (aliases folded), and stemmed content words
//! scored with BM25 carry the rest (a sous chef's kitchen, a nurse's ICU, a dispatcher's
//! loads). It has its own input and output types and knows nothing of Tailor's domain; no
//! I/O. Same input, same output: ties keep input order, and no map order reaches a result.
#![forbid(unsafe_code)]

pub mod ats;
pub mod rank;
mod terms;

pub use ats::{
    AtsReport, DocumentKind, Importance, JobKeyword, NEUTRAL_SCORE, ResumeSections, job_keywords,
    score_document,
};
pub use rank::{
    Bullet, Item, Job, KeywordMatch, Profile, RankedBullet, RankedItem, RankedSkill, Ranking,
    profile_text, rank,
};
