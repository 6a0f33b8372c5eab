//! Job postings: the saved job and its values, what an analysis reads out of a pasted
//! posting, and the catalogue of sample postings served by `/jobs/browse`. Reading the text
//! itself is a port ([`crate::ports::PostingAnalyser`]).

mod catalogue;
mod model;
mod posting;

pub use catalogue::*;
pub use model::*;
pub use posting::*;
