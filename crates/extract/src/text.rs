//! Plain text and Markdown files, and the tidying of text pulled out of documents.

use tailor_domain::ports::ExtractError;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a plain text or Markdown file, as written, with `\n` line ends.
///
/// # Errors
/// `NotUtf8` if the bytes (after an optional UTF-8 BOM) are not UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ExtractError::NotUtf8)?;
    let text = normalize_line_ends(text);
    // Control characters other than tab and newline carry no text, and PostgreSQL cannot
    // store NUL at all: drop them so every database keeps the same text.
    if text
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
    {
        return Ok(text
            .chars()
            .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
            .collect());
    }
    Ok(text)
}

/// `\r\n` and lone `\r` (old Mac files) become `\n`.
pub(crate) fn normalize_line_ends(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

/// Tidies text extracted from a document's layout: no control characters but tab and
/// newline, no trailing spaces, at most one blank line in a row, no blank lines around.
pub(crate) fn tidy(raw: &str) -> String {
    let raw = normalize_line_ends(raw);
    let mut out = String::with_capacity(raw.len());
    let mut blank_lines = 0usize;
    for line in raw.lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank_lines = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_bom_is_stripped_and_line_ends_are_normalized() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc\n").unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn latin1_bytes_are_not_utf8() {
        assert!(matches!(decode(b"caf\xE9"), Err(ExtractError::NotUtf8)));
    }

    #[test]
    fn nul_and_other_control_characters_are_dropped_from_text_files() {
        let mut bytes = vec![b'a'; 2048];
        bytes[1500] = 0;
        bytes[1600] = 0x07;
        let text = decode(&bytes).unwrap();
        assert_eq!(text.len(), 2046);
        assert!(!text.contains('\0'));
        assert_eq!(decode(b"a\tb\r\nc").unwrap(), "a\tb\nc");
    }

    #[test]
    fn tidying_keeps_paragraphs_and_drops_layout_noise() {
        let raw = "\n\n  Title  \n\n\n\nFirst line\u{0}\nsecond\t line \n\u{c}\n  \nLast\n\n";
        assert_eq!(tidy(raw), "  Title\n\nFirst line\nsecond\t line\n\nLast");
    }
}
