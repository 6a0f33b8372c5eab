//! What kind of document a response is, and its bytes as text.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into a document a `<meta charset>` is looked for (as browsers do).
const META_PRESCAN_BYTES: usize = 1024;
/// How far into a document binary content is looked for.
const SNIFF_BYTES: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentKind {
    Html,
    PlainText,
    /// No (or an empty) `Content-Type`: decided from the bytes.
    Unknown,
}

/// The document kind and the `charset` parameter of a `Content-Type` header, or `None`
/// when the type is not one this crate reads.
pub(crate) fn classify(content_type: Option<&str>) -> Option<(DocumentKind, Option<String>)> {
    let Some(header) = content_type else {
        return Some((DocumentKind::Unknown, None));
    };
    let mut parts = header.split(';');
    let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let kind = match media_type.as_str() {
        "text/html" | "application/xhtml+xml" => DocumentKind::Html,
        "text/plain" => DocumentKind::PlainText,
        "" => DocumentKind::Unknown,
        _ => return None,
    };
    let charset = parts.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_owned())
    });
    Some((kind, charset))
}

/// Decides an [`DocumentKind::Unknown`] document from its first bytes, and refuses
/// binary content whatever the header said. `None` means not a text document.
pub(crate) fn sniff(kind: DocumentKind, bytes: &[u8]) -> Option<DocumentKind> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let has_bom = Encoding::for_bom(head).is_some();
    if !has_bom && (head.contains(&0) || is_known_binary(head)) {
        return None;
    }
    if kind != DocumentKind::Unknown {
        return Some(kind);
    }
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |at| &head[at..]);
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    Some(if start.first() == Some(&b'<') {
        DocumentKind::Html
    } else {
        DocumentKind::PlainText
    })
}

fn is_known_binary(head: &[u8]) -> bool {
    const SIGNATURES: &[&[u8]] = &[
        b"%PDF-",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
        b"GIF87a",
        b"GIF89a",
        b"PK\x03\x04",
        b"\x1F\x8B",
        b"RIFF",
        b"BM",
        b"\x00\x00\x01\x00",
        b"OggS",
        b"ID3",
        b"\x7FELF",
    ];
    SIGNATURES
        .iter()
        .any(|signature| head.starts_with(signature))
}

/// The document as text: a byte order mark first, then the header's charset, then (for
/// HTML) a `<meta>` declaration, else UTF-8. Malformed sequences become U+FFFD.
pub(crate) fn decode(bytes: &[u8], kind: DocumentKind, header_charset: Option<&str>) -> String {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom_length..])
            .0
            .into_owned();
    }
    let encoding = header_charset
        .and_then(|label| Encoding::for_label(label.as_bytes()))
        .or_else(|| {
            (kind == DocumentKind::Html)
                .then(|| meta_charset(bytes))
                .flatten()
        })
        .unwrap_or(UTF_8);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding a `<meta charset=...>` or `<meta http-equiv content="...; charset=...">`
/// near the top of the page declares. A declared UTF-16 means UTF-8 here (the bytes were
/// readable as ASCII to find it), as the HTML standard says.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(META_PRESCAN_BYTES)].to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at..];
        let tag = &tag[..tag.iter().position(|&b| b == b'>').unwrap_or(tag.len())];
        if let Some(label) = charset_in(tag) {
            let encoding = Encoding::for_label(label)?;
            return Some(match encoding.name() {
                "UTF-16LE" | "UTF-16BE" => UTF_8,
                "x-user-defined" => WINDOWS_1252,
                _ => encoding,
            });
        }
        rest = &rest[at + 5..];
    }
    None
}

fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let after = tag[at + 7..].trim_ascii_start();
    let after = after.strip_prefix(b"=")?.trim_ascii_start();
    let after = after
        .strip_prefix(b"\"")
        .or_else(|| after.strip_prefix(b"'"))
        .unwrap_or(after);
    let end = after
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(after.len());
    (end > 0).then(|| &after[..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_classified() {
        let cases = [
            (None, Some((DocumentKind::Unknown, None))),
            (Some(""), Some((DocumentKind::Unknown, None))),
            (Some("text/html"), Some((DocumentKind::Html, None))),
            (
                Some("Text/HTML; Charset=\"ISO-8859-1\""),
                Some((DocumentKind::Html, Some("ISO-8859-1".to_owned()))),
            ),
            (
                Some("application/xhtml+xml;charset=utf-8"),
                Some((DocumentKind::Html, Some("utf-8".to_owned()))),
            ),
            (Some("text/plain"), Some((DocumentKind::PlainText, None))),
            (Some("image/png"), None),
            (Some("application/pdf"), None),
            (Some("application/json"), None),
        ];
        for (header, expected) in cases {
            assert_eq!(classify(header), expected, "{header:?}");
        }
    }

    #[test]
    fn binary_content_is_refused_and_unknown_content_sniffed() {
        assert_eq!(sniff(DocumentKind::Html, b"\x89PNG\r\n\x1a\n...."), None);
        assert_eq!(sniff(DocumentKind::Unknown, b"%PDF-1.7"), None);
        assert_eq!(sniff(DocumentKind::PlainText, b"abc\0def"), None);
        assert_eq!(
            sniff(DocumentKind::Unknown, b"  \n<!doctype html><p>x"),
            Some(DocumentKind::Html)
        );
        assert_eq!(
            sniff(DocumentKind::Unknown, b"Just some words"),
            Some(DocumentKind::PlainText)
        );
        assert_eq!(
            sniff(DocumentKind::Unknown, b"\xFF\xFEh\0i\0"),
            Some(DocumentKind::PlainText)
        );
    }

    #[test]
    fn charsets_come_from_the_bom_the_header_or_a_meta_tag() {
        let latin1 = b"Caf\xE9 \x80";
        assert_eq!(
            decode(latin1, DocumentKind::PlainText, Some("iso-8859-1")),
            "Café €"
        );
        assert_eq!(
            decode(latin1, DocumentKind::PlainText, None),
            "Caf\u{fffd} \u{fffd}"
        );
        let meta = b"<html><head><META charset='windows-1252'></head>Caf\xE9";
        assert!(decode(meta, DocumentKind::Html, None).ends_with("Café"));
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\xE9";
        assert!(decode(http_equiv, DocumentKind::Html, None).ends_with('é'));
        let utf16_meta = "<meta charset=\"utf-16\">é".as_bytes();
        assert!(decode(utf16_meta, DocumentKind::Html, None).ends_with('é'));
        assert_eq!(
            decode(b"\xEF\xBB\xBFhi", DocumentKind::Html, Some("latin1")),
            "hi"
        );
        assert_eq!(
            decode("é".as_bytes(), DocumentKind::Html, Some("bogus")),
            "é"
        );
    }
}
