//! Which texts are right-to-left: a text whose strong characters are mostly Hebrew,
//! Arabic or another right-to-left script is set as a right-to-left paragraph.

/// Whether `c` is a strong character of a right-to-left script.
pub(crate) fn is_rtl_char(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
        && c.is_alphabetic()
}

/// Whether most of the strong (letter) characters of `text` are right-to-left.
pub(crate) fn is_rtl(text: &str) -> bool {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if is_rtl_char(c) {
            rtl += 1;
        } else {
            ltr += 1;
        }
    }
    rtl > ltr
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mostly_hebrew_or_arabic_text_is_right_to_left() {
        assert!(is_rtl("שלום עולם"));
        assert!(is_rtl("مهندس برمجيات في Google"));
        assert!(!is_rtl("Software engineer at שלום"));
        assert!(!is_rtl("2020 – 2024"));
        assert!(!is_rtl(""));
    }
}
