//! A downloaded document turned into a [`FetchedPage`]: synchronous and CPU-bound, run
//! off the async executor.

use tailor_domain::job::MAX_RAW_TEXT_LEN;
use tailor_domain::ports::{FetchError, FetchedPage};

use crate::decode::{DocumentKind, decode, sniff};
use crate::html::read_page;
use crate::json_ld::find_posting;
use crate::text::multi_line;

/// The readable text of a page is cut to this many characters.
pub(crate) const MAX_TEXT_CHARS: usize = MAX_RAW_TEXT_LEN;

/// Reads a document of the given kind (from its `Content-Type`) and charset.
///
/// # Errors
/// [`FetchError::NotHtml`] for binary content, [`FetchError::Empty`] when nothing readable
/// is left.
pub(crate) fn read_document(
    bytes: &[u8],
    kind: DocumentKind,
    charset: Option<&str>,
) -> Result<FetchedPage, FetchError> {
    let kind = sniff(kind, bytes).ok_or(FetchError::NotHtml)?;
    let decoded = decode(bytes, kind, charset);
    if kind == DocumentKind::PlainText {
        let text = multi_line(&decoded, MAX_TEXT_CHARS);
        if text.is_empty() {
            return Err(FetchError::Empty);
        }
        return Ok(FetchedPage::Text { title: None, text });
    }
    let parts = read_page(&decoded, MAX_TEXT_CHARS);
    let text = multi_line(&parts.text, MAX_TEXT_CHARS);
    if let Some(mut posting) = find_posting(&parts.json_ld) {
        // Some boards give the structured data without its description; the page shows it.
        if posting.description.is_empty() {
            posting.description = text;
        }
        return Ok(FetchedPage::Structured(posting));
    }
    if text.is_empty() {
        return Err(FetchError::Empty);
    }
    Ok(FetchedPage::Text {
        title: parts.title,
        text,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::html::html_to_text;

    fn read_html(html: &str) -> Result<FetchedPage, FetchError> {
        read_document(html.as_bytes(), DocumentKind::Html, None)
    }

    #[test]
    fn a_page_with_a_posting_is_structured_and_falls_back_to_the_page_for_its_description() {
        let html = r#"<title>Ignored</title><p>Body of the page</p>
            <script type="application/ld+json">{"@type": "JobPosting", "title": "Engineer"}</script>"#;
        let Ok(FetchedPage::Structured(posting)) = read_html(html) else {
            panic!("expected a structured posting");
        };
        assert_eq!(posting.title, "Engineer");
        assert_eq!(posting.description, "Body of the page");
    }

    #[test]
    fn a_page_without_a_usable_posting_gives_its_text() {
        let html = r#"<title>Jobs</title><h1>Engineer</h1>
            <script type="application/ld+json">{"@type": "JobPosting"}</script>"#;
        assert_eq!(
            read_html(html).ok(),
            Some(FetchedPage::Text {
                title: Some("Jobs".to_owned()),
                text: "Engineer".to_owned()
            })
        );
    }

    #[test]
    fn empty_and_binary_documents_are_errors() {
        assert!(matches!(
            read_html("<html><head><title>Only a title</title><script>x()</script></head></html>"),
            Err(FetchError::Empty)
        ));
        assert!(matches!(
            read_document(b"  \n\t ", DocumentKind::PlainText, None),
            Err(FetchError::Empty)
        ));
        assert!(matches!(
            read_document(b"GIF89a\x01\x00", DocumentKind::Unknown, None),
            Err(FetchError::NotHtml)
        ));
    }

    #[test]
    fn plain_text_documents_keep_their_lines() {
        assert_eq!(
            read_document(
                b"Engineer\r\n\r\nWrite <b>code</b>",
                DocumentKind::PlainText,
                None
            )
            .ok(),
            Some(FetchedPage::Text {
                title: None,
                text: "Engineer\n\nWrite <b>code</b>".to_owned()
            })
        );
    }

    fn html_soup() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<p>".to_owned()),
            Just("</p>".to_owned()),
            Just("<li>".to_owned()),
            Just("<br/>".to_owned()),
            Just("<nav>".to_owned()),
            Just("</nav>".to_owned()),
            Just("<svg/>".to_owned()),
            Just("<script type=\"application/ld+json\">".to_owned()),
            Just("<script>".to_owned()),
            Just("</script>".to_owned()),
            Just("<title>".to_owned()),
            Just("</title>".to_owned()),
            Just("<!--".to_owned()),
            Just("&amp;".to_owned()),
            Just("&#x".to_owned()),
            Just("{\"@type\":\"JobPosting\",\"title\":".to_owned()),
            Just("\"baseSalary\":{\"value\":{\"minValue\":".to_owned()),
            Just("[{\"@graph\":".to_owned()),
            Just("}]".to_owned()),
            "[a-z<>/=\"'&;# \n{}\\[\\]:,0-9.-]{0,12}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::{Value, json};
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(|f| json!(f)),
            any::<i64>().prop_map(|i| json!(i)),
            "[A-Za-z0-9_ ,.$€<>&;:/-]{0,16}".prop_map(Value::String),
            prop_oneof![
                Just("JobPosting"),
                Just("FULL_TIME"),
                Just("TELECOMMUTE"),
                Just("YEAR"),
                Just("USD"),
                Just("<p>x</p>")
            ]
            .prop_map(|s| Value::String(s.to_owned())),
        ];
        leaf.prop_recursive(5, 64, 8, |inner| {
            let key = prop_oneof![
                Just("@type"),
                Just("@graph"),
                Just("title"),
                Just("name"),
                Just("hiringOrganization"),
                Just("jobLocation"),
                Just("address"),
                Just("addressCountry"),
                Just("description"),
                Just("employmentType"),
                Just("baseSalary"),
                Just("value"),
                Just("minValue"),
                Just("maxValue"),
                Just("unitText"),
                Just("currency"),
                Just("jobLocationType"),
                Just("skills"),
                Just("experienceRequirements"),
                Just("monthsOfExperience"),
                Just("@value"),
            ]
            .prop_map(str::to_owned);
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(key, inner, 0..8)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn html_reading_never_panics_and_stays_bounded(html in html_soup()) {
            let text = html_to_text(&html, 500);
            prop_assert!(text.chars().count() <= 500);
            prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
            let _ = read_document(html.as_bytes(), DocumentKind::Unknown, None);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = read_document(&bytes, DocumentKind::Unknown, None);
            let _ = read_document(&bytes, DocumentKind::Html, Some("windows-1252"));
        }

        #[test]
        fn json_ld_mapping_never_panics(value in json_value()) {
            let block = value.to_string();
            let wrapped = serde_json::json!({"@type": "JobPosting", "title": "T", "x": value});
            let blocks = vec![block, wrapped.to_string()];
            if let Some(posting) = find_posting(&blocks) {
                prop_assert!(!posting.title.is_empty());
                prop_assert!(!posting.title.contains('\n'));
            }
        }
    }
}
