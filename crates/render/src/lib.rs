//! Document rendering for Tailor: [`TypstRenderer`] implements the domain's
//! `DocumentRenderer` port. It turns a generation's structured content (SPEC §6.4) into a
//! PDF or a PNG preview of its first page (typst, used as a library), a DOCX (docx-rs), or
//! Markdown and plain text, in the four resume templates and the one cover-letter layout
//! of SPEC §7; and it bundles files into ZIP archives.
//!
//! The templates are versioned typst files embedded in the binary; user text reaches them
//! only as JSON data, never as markup. Fonts are embedded too (Liberation Sans, Libertinus
//! Serif), with optional system fonts for other scripts. Characters no font can print are
//! reported, not dropped, and every PDF's text layer is read back and checked before it is
//! answered. Rendering runs off the async executor with a bound on concurrent renders.
//! This crate knows nothing of HTTP, storage or the database.
#![forbid(unsafe_code)]

mod archive;
mod bidi;
mod content;
mod docx;
mod fonts;
mod plain;
mod renderer;
mod style;
mod text_layer;
mod typeset;

pub use renderer::{RenderConfig, TypstRenderer};
