//! Bounds and hygiene for every string this crate hands out.

/// Cuts `text` to at most `max_chars` characters, at a character boundary.
pub(crate) fn truncate_chars(text: &mut String, max_chars: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max_chars) {
        text.truncate(cut);
    }
}

/// A single-line field (title, company, location): whitespace and control characters
/// collapsed to single spaces, trimmed, at most `max_chars` characters. `None` when empty.
pub(crate) fn single_line(raw: &str, max_chars: usize) -> Option<String> {
    let mut out = String::with_capacity(raw.len().min(max_chars * 4));
    let mut pending_space = false;
    let mut count = 0;
    for c in raw.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            if count + 1 >= max_chars {
                break;
            }
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        if count >= max_chars {
            break;
        }
        out.push(c);
        count += 1;
    }
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    (!out.is_empty()).then_some(out)
}

/// A multi-line field: lines kept (`\r\n` and `\r` become `\n`), other control characters
/// dropped (tabs become spaces), runs of spaces collapsed, each line trimmed, more than one
/// blank line in a row collapsed, the whole trimmed and cut to `max_chars` characters.
pub(crate) fn multi_line(raw: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max_chars * 4));
    let mut blank_run = 0usize;
    for line in raw.split('\n') {
        let line = single_line(line, max_chars).unwrap_or_default();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&line);
        if out.len() > max_chars * 4 {
            break;
        }
    }
    truncate_chars(&mut out, max_chars);
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    out
}

/// Zero-width and formatting characters that only make text harder to read or compare.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_character_boundaries() {
        let mut text = "héllo wörld".to_owned();
        truncate_chars(&mut text, 7);
        assert_eq!(text, "héllo w");
        let mut short = "ab".to_owned();
        truncate_chars(&mut short, 5);
        assert_eq!(short, "ab");
    }

    #[test]
    fn single_line_fields_are_collapsed_trimmed_and_bounded() {
        assert_eq!(
            single_line("  Senior\n\t Rust\u{0}  Engineer \u{200B} ", 200).as_deref(),
            Some("Senior Rust Engineer")
        );
        assert_eq!(single_line(" \n\t ", 200), None);
        assert_eq!(single_line("abcdef", 3).as_deref(), Some("abc"));
        assert_eq!(single_line("ab cdef", 3).as_deref(), Some("ab"));
    }

    #[test]
    fn multi_line_text_keeps_lines_and_collapses_blank_runs() {
        assert_eq!(
            multi_line(
                "\r\n  First   line \r\n\r\n\r\n\tSecond\u{7}\nThird\n\n",
                100
            ),
            "First line\n\nSecond\nThird"
        );
        assert_eq!(multi_line("aaaa\nbbbb", 6), "aaaa\nb");
    }
}
