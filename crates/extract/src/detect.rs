//! What an upload is: the extension its name must carry, and the kind its bytes show.

use tailor_domain::ports::ExtractError;

/// The supported extensions of a file name (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extension {
    Text,
    Markdown,
    Docx,
    Pdf,
}

impl Extension {
    pub(crate) fn of(file_name: &str) -> Option<Self> {
        let (_, extension) = file_name.trim().rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "txt" => Some(Self::Text),
            "md" | "markdown" => Some(Self::Markdown),
            "docx" => Some(Self::Docx),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// The kind of content, from the bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Content {
    Pdf,
    /// A ZIP archive, which may or may not be a DOCX package.
    Zip,
    /// Not a known binary format: must be UTF-8 text.
    Text,
}

const PDF_MAGIC: &[u8] = b"%PDF-";
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Signatures of common formats that are not text, so they are refused as unsupported
/// rather than reported as badly encoded text.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF", // JPEG
    b"GIF87a",
    b"GIF89a",
    b"\x7FELF",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", // OLE2: legacy .doc, .xls
    b"PK\x05\x06",                       // empty ZIP archive
    b"PK\x07\x08",                       // spanned ZIP archive
    b"\x1F\x8B",                         // gzip
    b"7z\xBC\xAF\x27\x1C",
    b"Rar!\x1A\x07",
    b"{\\rtf",
];

/// UTF-16 and UTF-32 byte order marks: text, but not in the encoding we accept.
const WIDE_TEXT_BOMS: &[&[u8]] = &[b"\xFF\xFE", b"\xFE\xFF", b"\x00\x00\xFE\xFF"];

/// How far into the file a NUL byte marks it as binary.
const BINARY_SNIFF_LEN: usize = 1024;

/// # Errors
/// `Unsupported` for binary content of a kind we do not read; `NotUtf8` for UTF-16/32 text.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Content, ExtractError> {
    if bytes.starts_with(PDF_MAGIC) {
        return Ok(Content::Pdf);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Content::Zip);
    }
    if WIDE_TEXT_BOMS.iter().any(|bom| bytes.starts_with(bom)) {
        return Err(ExtractError::NotUtf8);
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if BINARY_MAGIC.iter().any(|magic| bytes.starts_with(magic)) || head.contains(&0) {
        return Err(ExtractError::Unsupported);
    }
    Ok(Content::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_matched_case_insensitively_on_the_last_dot() {
        assert_eq!(Extension::of("CV.TXT"), Some(Extension::Text));
        assert_eq!(Extension::of("notes.Markdown"), Some(Extension::Markdown));
        assert_eq!(Extension::of("a.b.md"), Some(Extension::Markdown));
        assert_eq!(Extension::of("resume.DocX"), Some(Extension::Docx));
        assert_eq!(Extension::of("scan.pdf"), Some(Extension::Pdf));
        for name in [
            "resume",
            "resume.doc",
            "resume.pdf.exe",
            "txt",
            "resume.",
            "",
        ] {
            assert_eq!(Extension::of(name), None, "{name}");
        }
    }

    #[test]
    fn utf16_text_is_reported_as_not_utf8() {
        assert!(matches!(
            sniff(b"\xFF\xFEH\0i\0"),
            Err(ExtractError::NotUtf8)
        ));
    }

    #[test]
    fn a_nul_byte_within_the_first_kibibyte_means_binary() {
        let mut bytes = vec![b'a'; 2048];
        bytes[1000] = 0;
        assert!(matches!(sniff(&bytes), Err(ExtractError::Unsupported)));
        bytes[1000] = b'a';
        bytes[1500] = 0;
        assert!(matches!(sniff(&bytes), Ok(Content::Text)));
    }

    #[test]
    fn known_binary_signatures_are_unsupported() {
        for magic in BINARY_MAGIC {
            let mut bytes = magic.to_vec();
            bytes.extend_from_slice(b"rest of the file");
            assert!(
                matches!(sniff(&bytes), Err(ExtractError::Unsupported)),
                "{magic:?}"
            );
        }
    }
}
