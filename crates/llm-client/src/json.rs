//! Finding the JSON document in a model's answer.
//!
//! Models wrap JSON in Markdown code fences or put prose around it, even when asked not
//! to. The answer is searched for the first complete top-level object (or array) that
//! parses: inside fenced blocks first, then in the whole text. Brackets are matched with
//! strings and escapes taken into account, and only a bounded number of starting points
//! is tried, so a hostile answer costs linear time.

use serde_json::Value;

/// Starting brackets tried per text before giving up.
const MAX_STARTS: usize = 16;

/// Which top-level value the schema asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    Object,
    Array,
    Either,
}

impl Want {
    /// From the schema's top-level `type`.
    pub(crate) fn of_schema(schema: &Value) -> Self {
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => Self::Object,
            Some("array") => Self::Array,
            _ => Self::Either,
        }
    }

    fn opens(self, byte: u8) -> bool {
        match self {
            Self::Object => byte == b'{',
            Self::Array => byte == b'[',
            Self::Either => byte == b'{' || byte == b'[',
        }
    }
}

/// The first JSON document in `text` of the wanted kind: its text and its value.
pub(crate) fn extract(text: &str, want: Want) -> Option<(&str, Value)> {
    fenced_blocks(text)
        .into_iter()
        .chain(std::iter::once(text))
        .find_map(|candidate| first_document(candidate, want))
}

/// The insides of Markdown code fences, without the info string (`json`) after the
/// opening fence. An unclosed last fence counts to the end of the text.
fn fenced_blocks(text: &str) -> Vec<&str> {
    text.split("```")
        .skip(1)
        .step_by(2)
        .map(|block| match block.split_once('\n') {
            Some((info, rest)) if !info.contains(['{', '[']) => rest,
            _ => block,
        })
        .collect()
}

fn first_document(text: &str, want: Want) -> Option<(&str, Value)> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|(_, byte)| want.opens(**byte))
        .take(MAX_STARTS)
        .find_map(|(start, _)| {
            let end = matching_end(bytes, start)?;
            // Brackets are ASCII, so both ends are character boundaries.
            let slice = text.get(start..=end)?;
            serde_json::from_str(slice).ok().map(|value| (slice, value))
        })
}

/// The index of the bracket that closes the one at `start`, if the brackets nest.
fn matching_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut expected = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &byte) in bytes.get(start..)?.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' => expected.push(b'}'),
            b'[' => expected.push(b']'),
            b'}' | b']' => {
                if expected.pop() != Some(byte) {
                    return None;
                }
                if expected.is_empty() {
                    return Some(start + offset);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Want, extract};

    fn found(text: &str, want: Want) -> Option<serde_json::Value> {
        extract(text, want).map(|(_, value)| value)
    }

    #[test]
    fn bare_fenced_and_surrounded() {
        assert_eq!(found(r#"{"a": 1}"#, Want::Object), Some(json!({"a": 1})));
        assert_eq!(
            found("```json\n{\"a\": [1, 2]}\n```", Want::Object),
            Some(json!({"a": [1, 2]}))
        );
        assert_eq!(found("```\n[1, 2]\n```", Want::Either), Some(json!([1, 2])));
        assert_eq!(
            found(
                "Sure! Here is the {result} you asked for:\n{\"a\": \"x}\"} Hope it helps {}",
                Want::Object
            ),
            Some(json!({"a": "x}"}))
        );
    }

    #[test]
    fn brackets_inside_strings_and_escapes() {
        let text = r#"note [see below] {"s": "a \"quoted\" } and ] inside", "n": {"m": []}} tail"#;
        let (slice, value) = extract(text, Want::Object).unwrap();
        assert!(slice.starts_with('{') && slice.ends_with('}'));
        assert_eq!(value["n"], json!({"m": []}));
    }

    #[test]
    fn the_wanted_kind_is_preferred() {
        assert_eq!(
            found(r#"[1] then {"a": 1}"#, Want::Object),
            Some(json!({"a": 1}))
        );
        assert_eq!(found(r#"{"a": [1]}"#, Want::Array), Some(json!([1])));
    }

    #[test]
    fn nothing_usable() {
        assert_eq!(found("", Want::Either), None);
        assert_eq!(found("no json here", Want::Either), None);
        assert_eq!(found(r#"{"a": 1"#, Want::Object), None);
        assert_eq!(found("{]", Want::Object), None);
        let hostile = "[".repeat(100_000);
        assert_eq!(found(&hostile, Want::Either), None);
        assert_eq!(found("```", Want::Either), None);
        assert_eq!(
            found("é{\"é\": \"ü\"}ü", Want::Object),
            Some(json!({"é": "ü"}))
        );
    }
}
