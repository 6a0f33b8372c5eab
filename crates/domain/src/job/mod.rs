//! Job postings: the skills vocabulary and the keyword matcher they are read with.

mod vocabulary;

pub use vocabulary::*;
