//! A small JSON Schema check for the subset Tailor's prompts use.
//!
//! Understood keywords: `type` (one name or a list), `enum`, `const`, `properties`,
//! `required`, `additionalProperties` (`false` or a schema), `items`, `minItems`,
//! `maxItems`, `minLength`, `maxLength`, `minimum`, `maximum`, `exclusiveMinimum`,
//! `exclusiveMaximum` and `anyOf`. Other keywords are ignored, so a schema using them
//! checks less than a full validator would, never more. The first problem is reported with
//! its path (`$.skills[2].level`), phrased so a model can fix it.

use serde_json::{Map, Value};

/// Checks `value` against `schema`.
///
/// # Errors
/// The first problem found, with its path.
pub(crate) fn validate(value: &Value, schema: &Value) -> Result<(), String> {
    check(value, schema, "$")
}

fn check(value: &Value, schema: &Value, path: &str) -> Result<(), String> {
    let schema = match schema {
        Value::Object(schema) => schema,
        Value::Bool(false) => return Err(format!("{path}: no value is allowed here")),
        _ => return Ok(()),
    };
    if let Some(types) = schema.get("type") {
        check_type(value, types, path)?;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!(
            "{path}: {} is not one of {}",
            short(value),
            short(&Value::Array(allowed.clone()))
        ));
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        return Err(format!("{path}: must be {}", short(constant)));
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array)
        && !options.is_empty()
        && options
            .iter()
            .all(|option| check(value, option, path).is_err())
    {
        return Err(format!("{path}: matches none of the allowed forms"));
    }
    match value {
        Value::Number(number) => {
            if let Some(number) = number.as_f64() {
                check_number(number, schema, path)?;
            }
        }
        Value::String(text) => {
            let length = text.chars().count() as u64;
            if let Some(min) = uint(schema, "minLength")
                && length < min
            {
                return Err(format!("{path}: shorter than {min} characters"));
            }
            if let Some(max) = uint(schema, "maxLength")
                && length > max
            {
                return Err(format!("{path}: longer than {max} characters"));
            }
        }
        Value::Array(items) => check_array(items, schema, path)?,
        Value::Object(fields) => check_object(fields, schema, path)?,
        Value::Null | Value::Bool(_) => {}
    }
    Ok(())
}

fn check_type(value: &Value, types: &Value, path: &str) -> Result<(), String> {
    let matches = |name: &Value| match name.as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("number") => value.is_number(),
        Some("integer") => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|n| n.fract() == 0.0)
        }
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        _ => true,
    };
    let ok = match types {
        Value::Array(names) => names.is_empty() || names.iter().any(matches),
        name => matches(name),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{path}: expected {}, found {}",
            match types {
                Value::Array(names) => names
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" or "),
                name => name.as_str().unwrap_or("?").to_owned(),
            },
            kind(value)
        ))
    }
}

fn check_number(number: f64, schema: &Map<String, Value>, path: &str) -> Result<(), String> {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    if let Some(min) = bound("minimum")
        && number < min
    {
        return Err(format!("{path}: {number} is less than the minimum {min}"));
    }
    if let Some(max) = bound("maximum")
        && number > max
    {
        return Err(format!("{path}: {number} is more than the maximum {max}"));
    }
    if let Some(min) = bound("exclusiveMinimum")
        && number <= min
    {
        return Err(format!("{path}: {number} must be more than {min}"));
    }
    if let Some(max) = bound("exclusiveMaximum")
        && number >= max
    {
        return Err(format!("{path}: {number} must be less than {max}"));
    }
    Ok(())
}

fn check_array(items: &[Value], schema: &Map<String, Value>, path: &str) -> Result<(), String> {
    let count = items.len() as u64;
    if let Some(min) = uint(schema, "minItems")
        && count < min
    {
        return Err(format!("{path}: fewer than {min} items"));
    }
    if let Some(max) = uint(schema, "maxItems")
        && count > max
    {
        return Err(format!("{path}: more than {max} items"));
    }
    if let Some(item_schema) = schema.get("items") {
        for (index, item) in items.iter().enumerate() {
            check(item, item_schema, &format!("{path}[{index}]"))?;
        }
    }
    Ok(())
}

fn check_object(
    fields: &Map<String, Value>,
    schema: &Map<String, Value>,
    path: &str,
) -> Result<(), String> {
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for name in required.iter().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                return Err(format!("{path}: the required field `{name}` is missing"));
            }
        }
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    let additional = schema.get("additionalProperties");
    for (name, field) in fields {
        let field_path = format!("{path}.{name}");
        match properties.and_then(|properties| properties.get(name)) {
            Some(field_schema) => check(field, field_schema, &field_path)?,
            None => match additional {
                Some(Value::Bool(false)) => {
                    return Err(format!("{path}: the field `{name}` is not allowed"));
                }
                Some(extra_schema) => check(field, extra_schema, &field_path)?,
                None => {}
            },
        }
    }
    Ok(())
}

fn uint(schema: &Map<String, Value>, key: &str) -> Option<u64> {
    schema.get(key).and_then(Value::as_u64)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value for an error message, cut to a readable length.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::validate;

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "required": ["name", "skills"],
            "additionalProperties": false,
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 20},
                "seniority": {"enum": ["junior", "senior"]},
                "note": {"type": ["string", "null"]},
                "skills": {
                    "type": "array",
                    "maxItems": 3,
                    "items": {
                        "type": "object",
                        "required": ["level"],
                        "properties": {"level": {"type": "integer", "minimum": 1, "maximum": 5}}
                    }
                }
            }
        })
    }

    #[test]
    fn accepts_a_matching_value() {
        let value = json!({"name": "Ada", "note": null, "seniority": "senior", "skills": [{"level": 5}, {"level": 1.0}]});
        assert_eq!(validate(&value, &schema()), Ok(()));
    }

    #[test]
    fn reports_the_first_problem_with_its_path() {
        let cases = [
            (json!([]), "$: expected object, found an array"),
            (
                json!({"skills": []}),
                "$: the required field `name` is missing",
            ),
            (
                json!({"name": "", "skills": []}),
                "$.name: shorter than 1 characters",
            ),
            (
                json!({"name": "A", "skills": [{"level": 3}, {"level": 9}]}),
                "$.skills[1].level: 9 is more than the maximum 5",
            ),
            (
                json!({"name": "A", "skills": [{"level": 2.5}]}),
                "$.skills[0].level: expected integer, found a number",
            ),
            (
                json!({"name": "A", "skills": [], "seniority": "lead"}),
                "$.seniority: \"lead\" is not one of [\"junior\",\"senior\"]",
            ),
            (
                json!({"name": "A", "skills": [], "extra": 1}),
                "$: the field `extra` is not allowed",
            ),
            (
                json!({"name": "A", "skills": [], "note": 3}),
                "$.note: expected string or null, found a number",
            ),
            (
                json!({"name": "A", "skills": [{"level": 1}, {"level": 1}, {"level": 1}, {"level": 1}]}),
                "$.skills: more than 3 items",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(
                validate(&value, &schema()),
                Err(expected.to_owned()),
                "{value}"
            );
        }
    }

    #[test]
    fn any_of_and_unknown_keywords() {
        let schema =
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "format": "whatever"});
        assert!(validate(&json!("x"), &schema).is_ok());
        assert!(validate(&json!(2), &schema).is_ok());
        assert!(validate(&json!(true), &schema).is_err());
        assert!(validate(&json!({"anything": 1}), &json!({})).is_ok());
    }
}
