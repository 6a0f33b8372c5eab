//! The check that a PDF's text layer carries the document's text: an applicant tracking
//! system reads the text layer, not the picture, so a heading, title or bullet that does
//! not come back out of the file is as good as missing.
//!
//! Extracted text differs from the source in ways that do not matter to a reader: line
//! breaks and justification change the spacing, a line may break after a hyphen, fonts
//! may print `fi` as one ligature glyph, and a template may print a heading in capitals.
//! Both sides are normalised for all of these before comparing.
//!
//! Right-to-left text is extracted in visual order, line by line, and a ligature of two
//! Arabic letters may map back to more letters than it shows; so a right-to-left text is
//! checked word by word, each word found in either direction with at most a few letters
//! between its own.

/// Reads the text layer of a PDF.
///
/// # Errors
/// The reader's message when the PDF cannot be read.
pub(crate) fn extract(pdf: &[u8]) -> Result<String, String> {
    pdf_extract::extract_text_from_mem(pdf).map_err(|e| e.to_string())
}

/// The first of `expected` that the extracted text lacks, if any. A text containing one
/// of the `missing` characters (which no font could print) is not checked.
pub(crate) fn first_absent<'a>(
    extracted: &str,
    expected: impl IntoIterator<Item = &'a str>,
    missing: &[char],
) -> Option<&'a str> {
    let haystack = normalise(extracted.chars());
    let mut letters: Option<Vec<char>> = None;
    expected.into_iter().find(|text| {
        if text.chars().any(|c| missing.contains(&c)) {
            return false;
        }
        let needle = normalise(text.chars());
        if needle.is_empty() || haystack.contains(&needle) {
            return false;
        }
        if !has_rtl(text) {
            return true;
        }
        let letters = letters.get_or_insert_with(|| haystack.chars().collect());
        !text.split_whitespace().all(|word| {
            let forward: Vec<char> = normalise(word.chars()).chars().collect();
            let backward: Vec<char> = forward.iter().rev().copied().collect();
            forward.is_empty()
                || loosely_contains(letters, &forward)
                || loosely_contains(letters, &backward)
        })
    })
}

/// Whether `needle` occurs in `haystack` in order, with at most a few other characters
/// among its own (a span at most twice its length, plus two).
fn loosely_contains(haystack: &[char], needle: &[char]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    let limit = needle.len() * 2 + 2;
    haystack
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == first)
        .any(|(start, _)| {
            let window = &haystack[start..haystack.len().min(start + limit)];
            let mut rest = needle.iter().peekable();
            for c in window {
                if rest.peek() == Some(&c) {
                    rest.next();
                }
            }
            rest.peek().is_none()
        })
}

/// Whitespace, hyphens and soft hyphens removed, ligatures expanded, capitals folded.
fn normalise(text: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in text {
        match c {
            c if c.is_whitespace() || c.is_control() => {}
            '-' | '\u{00AD}' | '\u{2010}' | '\u{2011}' => {}
            '\u{FB00}' => out.push_str("FF"),
            '\u{FB01}' => out.push_str("FI"),
            '\u{FB02}' => out.push_str("FL"),
            '\u{FB03}' => out.push_str("FFI"),
            '\u{FB04}' => out.push_str("FFL"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("ST"),
            c => out.extend(c.to_uppercase()),
        }
    }
    out
}

fn has_rtl(text: &str) -> bool {
    text.chars().any(crate::bidi::is_rtl_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_broken_over_lines_and_justified_is_found() {
        let extracted = "PROFESSIONAL  EXPERIENCE\nLed the migra-\ntion of   the ﬁnance\nsystem";
        let expected = [
            "Professional Experience",
            "Led the migration of the finance system",
        ];
        assert_eq!(first_absent(extracted, expected, &[]), None);
    }

    #[test]
    fn a_deliberately_broken_text_layer_is_caught() {
        // The second bullet lost a word, as a layer with a dropped glyph run would.
        let extracted = "Experience\n• Cut costs by 30%\n• Shipped the release";
        let expected = [
            "Experience",
            "Cut costs by 30%",
            "Shipped the mobile release",
        ];
        assert_eq!(
            first_absent(extracted, expected, &[]),
            Some("Shipped the mobile release")
        );
        assert_eq!(first_absent("", ["Experience"], &[]), Some("Experience"));
    }

    #[test]
    fn text_with_missing_glyphs_is_not_checked() {
        assert_eq!(first_absent("Name", ["Name", "中文简历"], &['中']), None);
    }

    #[test]
    fn capitals_fold_both_ways() {
        assert_eq!(first_absent("STRASSE", ["Straße"], &[]), None);
        assert_eq!(first_absent("ΟΔΥΣΣΈΑΣ", ["Οδυσσέας"], &[]), None);
    }

    #[test]
    fn right_to_left_text_in_visual_order_is_found() {
        let logical = "שלום עולם";
        let visual: String = logical.chars().rev().collect();
        assert_eq!(first_absent(&visual, [logical], &[]), None);
        assert_eq!(first_absent("abc", ["cba"], &[]), Some("cba"));
    }

    #[test]
    fn wrapped_arabic_with_ligatures_is_found_word_by_word() {
        // Two lines, each in visual order, one lam-alef ligature read back with an extra lam.
        let extracted = "ينورتك لل إلا   عفدلا\nةصنم   ريوطت";
        let logical = "تطوير منصة الدفع الإلكتروني";
        assert_eq!(first_absent(extracted, [logical], &[]), None);
        assert_eq!(
            first_absent(extracted, ["تطوير منصة الدفع السريع"], &[]),
            Some("تطوير منصة الدفع السريع")
        );
    }
}
