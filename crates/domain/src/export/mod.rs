//! Exports: a generation rendered to a file (PDF, DOCX, Markdown, plain text) from one of
//! the templates, or several bundled in a ZIP; kept for a while and downloaded by signed
//! links. Rendering is a port ([`crate::ports::DocumentRenderer`]); files are kept by the
//! [`crate::ports::DocumentStore`].

mod model;
mod options;

pub use model::*;
pub use options::*;
