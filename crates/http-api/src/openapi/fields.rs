//! Field schemas the derive cannot state: the closed sets of values (taken from the domain,
//! so the document lists exactly what the server accepts), lists of bounded strings,
//! optional dates, and text whose length counts without surrounding spaces.

use std::borrow::Cow;

use tailor_domain::job::{ApplicationStatus, EmploymentType, JobSortField, JobSource, JobStatus};
use tailor_domain::profile::Proficiency;
use tailor_domain::sample::DocumentType;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::{PartialSchema, ToSchema};

/// A string schema with one of `values`.
fn one_of_strings<'a>(values: impl IntoIterator<Item = &'a str>, description: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.into_iter().map(str::to_owned)))
        .description(Some(description))
        .into()
}

macro_rules! value_set {
    ($(#[doc = $doc:literal])* $marker:ident = $name:literal, $values:expr) => {
        $(#[doc = $doc])*
        pub struct $marker;

        impl PartialSchema for $marker {
            fn schema() -> RefOr<Schema> {
                let description = [$($doc),*].map(str::trim).join(" ");
                RefOr::T(one_of_strings($values, &description))
            }
        }

        impl ToSchema for $marker {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

value_set!(
    /// The job's own state in the user's list.
    JobStatusValue = "JobStatus",
    JobStatus::ALL.iter().map(|v| v.as_str())
);
value_set!(
    /// Where the user's application for the job stands.
    ApplicationStatusValue = "ApplicationStatus",
    ApplicationStatus::ALL.iter().map(|v| v.as_str())
);
value_set!(
    /// The kind of employment.
    EmploymentTypeValue = "EmploymentType",
    EmploymentType::ALL.iter().map(|v| v.as_str())
);
value_set!(
    /// Where a job came from; `mock` is a browsed catalogue posting.
    JobSourceValue = "JobSource",
    JobSource::ALL.iter().map(|v| v.as_str())
);
value_set!(
    /// The sources a saved job can have: every source but `mock`.
    SavedJobSourceValue = "SavedJobSource",
    JobSource::ALL
        .iter()
        .filter(|s| **s != JobSource::Mock)
        .map(|v| v.as_str())
);
value_set!(
    /// The order of a job list.
    JobSortFieldValue = "JobSortField",
    JobSortField::ALL.iter().map(|v| v.as_str())
);
value_set!(
    /// The direction of a list's order.
    SortOrderValue = "SortOrder",
    ["desc", "asc"]
);
value_set!(
    /// How well a language is spoken.
    ProficiencyValue = "Proficiency",
    Proficiency::ALL
);
value_set!(
    /// What a writing sample is an example of.
    DocumentTypeValue = "DocumentType",
    [DocumentType::Resume, DocumentType::CoverLetter].map(DocumentType::as_str)
);
value_set!(
    /// `create` (the default) makes the caller's profile; `replace` replaces it (or makes it).
    ImportModeValue = "ImportMode",
    ["create", "replace"]
);

/// An array of strings of at most `max_length` characters, at most `max_items` of them;
/// `not_blank` entries must have a character that is not a space; a `nullable` list may be
/// `null`.
pub fn string_list(max_items: usize, max_length: usize, not_blank: bool, nullable: bool) -> Schema {
    let mut item = ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max_length));
    if not_blank {
        item = item.min_length(Some(1)).pattern(Some(r"\S"));
    }
    let kind: SchemaType = if nullable {
        [Type::Array, Type::Null].into_iter().collect()
    } else {
        Type::Array.into()
    };
    ArrayBuilder::new()
        .schema_type(kind)
        .items(item)
        .max_items(Some(max_items))
        .into()
}

/// A `YYYY-MM-DD` calendar date, `""` or `null` (none).
pub fn optional_date() -> Schema {
    AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// A pattern for text of `min..=max` characters once surrounding spaces are removed
/// (`min` is 0 or 1; `max` at least 2).
pub fn trimmed_pattern(min: usize, max: usize) -> String {
    let inner = format!(r"\S(?:[\s\S]{{0,{}}}\S)?", max - 2);
    if min == 0 {
        format!(r"^\s*(?:{inner})?\s*$")
    } else {
        format!(r"^\s*{inner}\s*$")
    }
}

/// A string of `min..=max` characters once surrounding spaces are removed, or `null`.
pub fn optional_trimmed(min: usize, max: usize) -> Schema {
    ObjectBuilder::new()
        .schema_type(
            [Type::String, Type::Null]
                .into_iter()
                .collect::<SchemaType>(),
        )
        .pattern(Some(trimmed_pattern(min, max)))
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_patterns_bound_the_text_without_its_surrounding_spaces() {
        assert_eq!(trimmed_pattern(1, 200), r"^\s*\S(?:[\s\S]{0,198}\S)?\s*$");
        assert_eq!(
            trimmed_pattern(0, 200),
            r"^\s*(?:\S(?:[\s\S]{0,198}\S)?)?\s*$"
        );
    }
}
