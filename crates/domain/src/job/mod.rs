//! Job postings: the saved job and its values, the analyser that reads a pasted posting,
//! what it reads out, the skills vocabulary and the keyword matcher, and the catalogue of
//! sample postings served by `/jobs/browse`.

mod analyser;
mod catalogue;
mod model;
mod posting;
mod vocabulary;

pub use analyser::*;
pub use catalogue::*;
pub use model::*;
pub use posting::*;
pub use vocabulary::*;
