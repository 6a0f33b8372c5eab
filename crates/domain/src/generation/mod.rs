//! Generation: the ranking of a profile's content for one job, and the resumes and cover
//! letters made from it with their ATS reports. Ranking, composing and scoring are ports
//! ([`crate::ports::ContentMatcher`], [`crate::ports::Composer`]); a language model is an
//! optional one ([`crate::ports::LanguageModel`]).

mod model;
pub mod prompts;
pub mod redact;
mod task;

pub use model::*;
pub use task::*;
