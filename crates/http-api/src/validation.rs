//! Request-schema validation with the error shape the client already understands (the
//! FastAPI/pydantic list form): `{"type", "loc", "msg", "input", "ctx"?}`.
//!
//! [`JsonBody`] reads a bounded body, parses it and deserialises it, turning every failure
//! into a 422 list (or a 413 over the limit); then the DTO's [`Validate`] impl checks field
//! constraints and reports all violations at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::ApiError;
pub use crate::error::{FieldError, LocItem};
use crate::state::AppState;

/// `loc` helper: `loc(&["body", "email"])`.
pub fn body_loc(field: &str) -> Vec<LocItem> {
    vec!["body".into(), field.into()]
}

/// Field constraints of a request DTO, checked after it was deserialised.
pub trait Validate {
    /// Whether the body must be a JSON object (true for every struct DTO). serde would
    /// otherwise accept an array for a struct, field by field.
    const EXPECTS_OBJECT: bool = true;

    /// Appends every violation to `errors` (in field order).
    fn validate(&self, errors: &mut Vec<FieldError>);
}

/// Field constraints of a nested request value, reported under `loc`.
pub trait ValidateAt {
    fn validate_at(&self, loc: &[LocItem], errors: &mut Vec<FieldError>);
}

/// `loc` extended by one key or index.
pub fn at(loc: &[LocItem], item: impl Into<LocItem>) -> Vec<LocItem> {
    let mut v = loc.to_vec();
    v.push(item.into());
    v
}

/// A bare JSON array body: each element validated at `["body", i]`, with a bound on the
/// number of elements.
#[derive(Debug)]
pub struct BoundedList<T, const MAX: usize>(pub Vec<T>);

/// The document's view: an array of at most `MAX` items.
impl<T: ToSchema, const MAX: usize> utoipa::PartialSchema for BoundedList<T, MAX> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(utoipa::openapi::Ref::from_schema_name(T::name()))
            .max_items(Some(MAX))
            .into()
    }
}

impl<T: ToSchema, const MAX: usize> ToSchema for BoundedList<T, MAX> {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((T::name().into(), T::schema()));
        T::schemas(schemas);
    }
}

impl<'de, T: serde::Deserialize<'de>, const MAX: usize> serde::Deserialize<'de>
    for BoundedList<T, MAX>
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        objects::list(d).map(Self)
    }
}

impl<T: ValidateAt, const MAX: usize> Validate for BoundedList<T, MAX> {
    const EXPECTS_OBJECT: bool = false;

    fn validate(&self, errors: &mut Vec<FieldError>) {
        if self.0.len() > MAX {
            errors.push(
                FieldError::new(
                    "too_long",
                    vec!["body".into()],
                    format!(
                        "List should have at most {MAX} items after validation, not {}",
                        self.0.len()
                    ),
                    Value::Null,
                )
                .with_ctx(json!({ "max_length": MAX })),
            );
            return;
        }
        let body: [LocItem; 1] = ["body".into()];
        for (i, item) in self.0.iter().enumerate() {
            item.validate_at(&at(&body, i), errors);
        }
    }
}

/// Checks a list's length and each string entry's length.
pub fn check_strings(
    errors: &mut Vec<FieldError>,
    loc: &[LocItem],
    values: &[String],
    max_items: usize,
    max_len: usize,
) {
    if values.len() > max_items {
        errors.push(
            FieldError::new(
                "too_long",
                loc.to_vec(),
                format!(
                    "List should have at most {max_items} items after validation, not {}",
                    values.len()
                ),
                Value::Null,
            )
            .with_ctx(json!({ "max_length": max_items })),
        );
        return;
    }
    for (i, v) in values.iter().enumerate() {
        check_len(errors, at(loc, i), v, 0, max_len);
    }
}

/// Checks an optional string's length.
pub fn check_opt_len(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocItem>,
    value: Option<&str>,
    min: usize,
    max: usize,
) {
    if let Some(v) = value {
        check_len(errors, loc, v, min, max);
    }
}

/// pydantic's bound errors (`greater_than_equal`, `less_than_equal`) for a `value` outside
/// `min..=max`, quoting `input` as the request wrote it. Returns whether it was in bounds.
pub fn check_bounds<T>(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocItem>,
    value: T,
    (min, max): (T, T),
    input: Value,
) -> bool
where
    T: PartialOrd + std::fmt::Display + serde::Serialize,
{
    if value < min {
        errors.push(
            FieldError::new(
                "greater_than_equal",
                loc,
                format!("Input should be greater than or equal to {min}"),
                input,
            )
            .with_ctx(json!({ "ge": min })),
        );
        false
    } else if value > max {
        errors.push(
            FieldError::new(
                "less_than_equal",
                loc,
                format!("Input should be less than or equal to {max}"),
                input,
            )
            .with_ctx(json!({ "le": max })),
        );
        false
    } else {
        true
    }
}

/// Reads `limit` and `offset` from the query string, with the contract's bounds and the
/// 422 list errors at `["query", ...]`.
///
/// # Errors
/// A non-integer or out-of-range value.
pub fn pagination(
    query: &str,
    default_limit: u64,
    max_limit: u64,
) -> Result<(usize, usize), ApiError> {
    let pairs: Vec<(String, String)> = query_pairs(query);
    let mut errors = Vec::new();
    let mut read = |name: &str, default: u64, min: u64, max: u64| -> u64 {
        let Some((_, raw)) = pairs.iter().find(|(k, _)| k == name) else {
            return default;
        };
        let loc = vec![LocItem::from("query"), LocItem::from(name)];
        match raw.trim().parse::<i64>() {
            Ok(v) => {
                let bounds = (min as i64, i64::try_from(max).unwrap_or(i64::MAX));
                if check_bounds(&mut errors, loc, v, bounds, json!(raw)) {
                    v as u64
                } else {
                    default
                }
            }
            Err(_) => {
                errors.push(FieldError::new(
                    "int_parsing",
                    loc,
                    "Input should be a valid integer, unable to parse string as an integer",
                    json!(raw),
                ));
                default
            }
        }
    };
    let limit = read("limit", default_limit, 1, max_limit);
    let offset = read("offset", 0, 0, i64::MAX as u64);
    if errors.is_empty() {
        Ok((
            limit as usize,
            usize::try_from(offset).unwrap_or(usize::MAX),
        ))
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// A UUID the contract requires; otherwise pydantic's `uuid_parsing` error at `loc` is
/// added to `errors`.
pub fn parse_uuid(errors: &mut Vec<FieldError>, loc: Vec<LocItem>, raw: &str) -> Option<Uuid> {
    match Uuid::parse_str(raw.trim()) {
        Ok(id) => Some(id),
        Err(e) => {
            let shown: String = raw.chars().take(100).collect();
            errors.push(
                FieldError::new(
                    "uuid_parsing",
                    loc,
                    format!("Input should be a valid UUID, {e}"),
                    json!(shown),
                )
                .with_ctx(json!({ "error": e.to_string() })),
            );
            None
        }
    }
}

/// The query string as key/value pairs, in order; an unparsable one as none.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    web::Query::<Vec<(String, String)>>::from_query(query)
        .map(web::Query::into_inner)
        .unwrap_or_default()
}

/// Checks a string's length in characters, as pydantic's `min_length`/`max_length` do.
pub fn check_len(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocItem>,
    value: &str,
    min: usize,
    max: usize,
) {
    let n = value.chars().count();
    if n < min {
        let unit = if min == 1 { "character" } else { "characters" };
        errors.push(
            FieldError::new(
                "string_too_short",
                loc,
                format!("String should have at least {min} {unit}"),
                json!(value),
            )
            .with_ctx(json!({ "min_length": min })),
        );
    } else if n > max {
        let unit = if max == 1 { "character" } else { "characters" };
        // Echo at most a prefix of an over-long input.
        let shown: String = value.chars().take(max.min(256)).collect();
        errors.push(
            FieldError::new(
                "string_too_long",
                loc,
                format!("String should have at most {max} {unit}"),
                json!(shown),
            )
            .with_ctx(json!({ "max_length": max })),
        );
    }
}

/// Validates an email field and returns the parsed address when it is valid.
pub fn check_email(
    errors: &mut Vec<FieldError>,
    loc: Vec<LocItem>,
    value: &str,
) -> Option<tailor_domain::user::Email> {
    match tailor_domain::user::Email::parse(value) {
        Ok(email) => Some(email),
        Err(reason) => {
            let shown: String = value.chars().take(256).collect();
            errors.push(
                FieldError::new(
                    "value_error",
                    loc,
                    format!("value is not a valid email address: {reason}"),
                    json!(shown),
                )
                .with_ctx(json!({ "reason": reason.to_string() })),
            );
            None
        }
    }
}

/// Parses an email field, answering the 422 list form when it is not a valid address.
///
/// # Errors
/// [`ApiError::Validation`] with the address's problem at `loc`.
pub fn parse_email(loc: Vec<LocItem>, value: &str) -> Result<tailor_domain::user::Email, ApiError> {
    let mut errors = Vec::new();
    check_email(&mut errors, loc, value).ok_or(ApiError::Validation(errors))
}

/// A JSON request body of type `T`, size-limited, schema-checked and validated. It has no
/// `Debug`: bodies can hold passwords and tokens.
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map_or(64 * 1024, |s| s.settings.json_body_limit);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge(
                    "Request body too large".to_owned(),
                ));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk =
                    chunk.map_err(|e| ApiError::BadRequest(format!("Invalid body: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge(
                        "Request body too large".to_owned(),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            let value = parse_json(&body)?;
            if let Some(loc) = nul_character(&value, &mut vec!["body".into()]) {
                // PostgreSQL cannot store NUL in text; refuse it everywhere, the same way.
                return Err(ApiError::Validation(vec![FieldError::new(
                    "string_nul",
                    loc,
                    "String should not contain the NUL character",
                    Value::Null,
                )]));
            }
            if T::EXPECTS_OBJECT && !value.is_object() {
                return Err(ApiError::Validation(vec![not_an_object(value)]));
            }
            let dto = deserialize::<T>(value)?;
            let mut errors = Vec::new();
            dto.validate(&mut errors);
            if errors.is_empty() {
                Ok(Self(dto))
            } else {
                Err(ApiError::Validation(errors))
            }
        })
    }
}

/// The location of the first string (value or key) that contains a NUL character.
fn nul_character(value: &Value, path: &mut Vec<LocItem>) -> Option<Vec<LocItem>> {
    match value {
        Value::String(s) if s.contains('\0') => Some(path.clone()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(i.into());
            let found = nul_character(v, path);
            path.pop();
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            path.push(k.as_str().into());
            let found = if k.contains('\0') {
                Some(path.clone())
            } else {
                nul_character(v, path)
            };
            path.pop();
            found
        }),
        _ => None,
    }
}

fn not_an_object(input: Value) -> FieldError {
    FieldError::new(
        "model_attributes_type",
        vec!["body".into()],
        "Input should be a valid dictionary or object to extract fields from",
        input,
    )
}

/// Parses the raw body; an empty body is a missing body.
fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::Validation(vec![FieldError::missing(
            vec!["body".into()],
            Value::Null,
        )]));
    }
    serde_json::from_slice(body).map_err(|e| {
        let offset = byte_offset(body, e.line(), e.column());
        ApiError::Validation(vec![
            FieldError::new(
                "json_invalid",
                vec!["body".into(), offset.into()],
                "JSON decode error",
                json!({}),
            )
            .with_ctx(json!({ "error": json_error_reason(&e) })),
        ])
    })
}

fn json_error_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // Drop serde_json's " at line X column Y" suffix; the position is in `loc`.
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut current = 1;
    let mut start = 0;
    for (i, b) in body.iter().enumerate() {
        if current == line {
            break;
        }
        if *b == b'\n' {
            current += 1;
            start = i + 1;
        }
    }
    (start + column.saturating_sub(1)).min(body.len())
}

/// Deserialises `value` into `T`, reporting the first structural error with its path.
pub fn deserialize<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    // Deserialise from a reference so the value is still there to quote on an error.
    serde_path_to_error::deserialize::<_, T>(&value).map_err(|err| {
        let mut loc: Vec<LocItem> = vec!["body".into()];
        for segment in err.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => loc.push((*index).into()),
                serde_path_to_error::Segment::Map { key } => loc.push(key.as_str().into()),
                serde_path_to_error::Segment::Enum { variant } => loc.push(variant.as_str().into()),
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        let at = lookup(&value, &loc[1..]).cloned().unwrap_or(Value::Null);
        ApiError::Validation(vec![serde_error_to_field(err.inner().to_string(), loc, at)])
    })
}

fn lookup<'a>(value: &'a Value, path: &[LocItem]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, item| match item {
        LocItem::Key(k) => v.get(k),
        LocItem::Index(i) => v.get(i),
    })
}

/// Nested objects of request bodies, read only from JSON objects. serde's derive also reads
/// a struct from an array of its fields in order (`"skills": [null, null]`), which the
/// contract does not allow; these `deserialize_with` helpers refuse it with
/// `model_attributes_type`, as for any other non-object.
pub mod objects {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::value::MapAccessDeserializer;
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserialize, Deserializer};

    struct Obj<T>(T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct OnlyMaps<T>(PhantomData<T>);
            impl<'de, T: Deserialize<'de>> Visitor<'de> for OnlyMaps<T> {
                type Value = T;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("struct")
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::deserialize(MapAccessDeserializer::new(map))
                }
            }
            d.deserialize_map(OnlyMaps(PhantomData)).map(Obj)
        }
    }

    /// A required nested object.
    pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
        Obj::deserialize(d).map(|o| o.0)
    }

    /// A nested object or `null`.
    pub fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        Option::<Obj<T>>::deserialize(d).map(|o| o.map(|o| o.0))
    }

    /// A list of objects.
    pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        Vec::<Obj<T>>::deserialize(d).map(|items| items.into_iter().map(|o| o.0).collect())
    }

    /// A list of objects or `null`; `null` is no list.
    pub fn optional_objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<Vec<T>>, D::Error> {
        Option::<Vec<Obj<T>>>::deserialize(d)
            .map(|list| list.map(|items| items.into_iter().map(|o| o.0).collect()))
    }

    /// A list of objects; `null` is an empty list.
    pub fn objects_or_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        optional_objects(d).map(Option::unwrap_or_default)
    }
}

/// Maps serde's messages to pydantic's error types and wording.
fn serde_error_to_field(message: String, mut loc: Vec<LocItem>, input: Value) -> FieldError {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        loc.push(field.into());
        return FieldError::missing(loc, input);
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let expected = message.rsplit("expected ").next().unwrap_or_default();
        let (kind, msg) = if expected.contains("string") || expected.contains("char") {
            ("string_type", "Input should be a valid string")
        } else if expected.contains("bool") {
            ("bool_type", "Input should be a valid boolean")
        } else if expected.contains("i64")
            || expected.contains("i32")
            || expected.contains("u32")
            || expected.contains("u64")
            || expected.contains("integer")
        {
            ("int_type", "Input should be a valid integer")
        } else if expected.contains("f64") || expected.contains("f32") {
            ("float_type", "Input should be a valid number")
        } else if expected.contains("sequence") {
            ("list_type", "Input should be a valid list")
        } else if expected.contains("struct") || expected.contains("map") {
            (
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
            )
        } else {
            ("value_error", "Input is not valid")
        };
        return FieldError::new(kind, loc, msg, input);
    }
    FieldError::new("value_error", loc, format!("Value error, {message}"), input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[allow(dead_code)]
        email: String,
        #[allow(dead_code)]
        age: Option<i64>,
    }

    fn errors(e: ApiError) -> Vec<FieldError> {
        match e {
            ApiError::Validation(v) => v,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[derive(Debug, Deserialize)]
    struct Outer {
        #[serde(default, deserialize_with = "objects::optional_object")]
        inner: Option<Inner>,
        #[serde(default, deserialize_with = "objects::objects_or_empty")]
        items: Vec<Inner>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        #[serde(default)]
        a: Option<String>,
        #[serde(default)]
        b: Option<String>,
    }

    #[test]
    fn nested_objects_are_read_from_objects_only_not_from_arrays_of_their_fields() {
        let ok = deserialize::<Outer>(json!({"inner": {"a": "x"}, "items": [{"b": "y"}]})).unwrap();
        assert_eq!(
            ok.inner,
            Some(Inner {
                a: Some("x".into()),
                b: None
            })
        );
        assert_eq!(
            ok.items,
            vec![Inner {
                a: None,
                b: Some("y".into())
            }]
        );
        let none = deserialize::<Outer>(json!({"inner": null, "items": null})).unwrap();
        assert!(none.inner.is_none() && none.items.is_empty());

        let e = errors(deserialize::<Outer>(json!({"inner": [null, null]})).unwrap_err());
        assert_eq!(e[0].kind, "model_attributes_type");
        assert_eq!(
            e[0].loc,
            vec![LocItem::from("body"), LocItem::from("inner")]
        );
        let e = errors(deserialize::<Outer>(json!({"items": [["x", "y"]]})).unwrap_err());
        assert_eq!(e[0].kind, "model_attributes_type");
        assert_eq!(
            e[0].loc,
            vec![
                LocItem::from("body"),
                LocItem::from("items"),
                LocItem::from(0)
            ]
        );
        // Errors inside a nested object keep their path.
        let e = errors(deserialize::<Outer>(json!({"items": [{"a": 5}]})).unwrap_err());
        assert_eq!(e[0].kind, "string_type");
        assert_eq!(
            e[0].loc,
            vec![
                LocItem::from("body"),
                LocItem::from("items"),
                LocItem::from(0),
                LocItem::from("a")
            ]
        );
    }

    #[test]
    fn a_missing_field_is_reported_with_its_location() {
        let e = errors(deserialize::<Sample>(json!({"age": 3})).unwrap_err());
        assert_eq!(e[0].kind, "missing");
        assert_eq!(
            e[0].loc,
            vec![LocItem::from("body"), LocItem::from("email")]
        );
        assert_eq!(e[0].msg, "Field required");
    }

    #[test]
    fn a_wrongly_typed_field_is_a_type_error() {
        let e = errors(deserialize::<Sample>(json!({"email": 5})).unwrap_err());
        assert_eq!(e[0].kind, "string_type");
        assert_eq!(e[0].loc, body_loc("email"));
        assert_eq!(e[0].input, json!(5));
    }

    #[test]
    fn a_body_that_is_not_an_object_is_reported_at_the_body() {
        let e = not_an_object(json!([1, 2]));
        assert_eq!(e.kind, "model_attributes_type");
        assert_eq!(e.loc, vec![LocItem::from("body")]);
        let e = errors(deserialize::<Sample>(json!("text")).unwrap_err());
        assert_eq!(e[0].kind, "model_attributes_type");
        assert_eq!(e[0].loc, vec![LocItem::from("body")]);
    }

    #[test]
    fn malformed_json_is_json_invalid_at_its_byte_offset() {
        let e = errors(parse_json(b"{\"email\": }").unwrap_err());
        assert_eq!(e[0].kind, "json_invalid");
        assert_eq!(e[0].loc, vec![LocItem::from("body"), LocItem::from(10)]);
        assert_eq!(e[0].msg, "JSON decode error");
    }

    #[test]
    fn nul_characters_are_found_with_their_location() {
        let v = json!({"a": [1, {"b": "x\u{0}y"}]});
        assert_eq!(
            nul_character(&v, &mut vec!["body".into()]),
            Some(vec!["body".into(), "a".into(), 1.into(), "b".into()])
        );
        assert_eq!(nul_character(&json!({"a": "fine"}), &mut vec![]), None);
    }

    #[test]
    fn an_empty_body_is_a_missing_body() {
        let e = errors(parse_json(b"  ").unwrap_err());
        assert_eq!(e[0].kind, "missing");
        assert_eq!(e[0].loc, vec![LocItem::from("body")]);
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let mut e = Vec::new();
        check_len(&mut e, body_loc("p"), "ééééééé", 8, 10);
        assert_eq!(e[0].msg, "String should have at least 8 characters");
        assert_eq!(e[0].ctx, Some(json!({"min_length": 8})));
        let mut e = Vec::new();
        check_len(&mut e, body_loc("p"), "éééééééé", 8, 10);
        assert!(e.is_empty());
    }
}
