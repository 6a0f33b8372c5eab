//! What a posting says about how the job is done: work mode, employment type, seniority and
//! the years of experience asked for.

use super::sections::Kind;
use crate::types::{EmploymentType, Seniority, WorkMode};
use tailor_text::{find_words, has_any_word, has_word, key, number_word, words};

mod employment;
mod seniority;
mod work_mode;
mod years;

pub(crate) use employment::*;
pub(crate) use seniority::*;
pub(crate) use work_mode::*;
pub(crate) use years::*;

/// Where each line stands, for weighting what it says.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineInfo<'a> {
    pub text: &'a str,
    /// In the header, or a header label ("Job type: Contract").
    pub header: bool,
    pub kind: Option<Kind>,
}

impl LineInfo<'_> {
    fn weight(self) -> f32 {
        if self.header || is_label_line(self.text) {
            5.0
        } else if self.kind == Some(Kind::Benefits) {
            0.5
        } else {
            1.0
        }
    }
}

/// "Work mode: Remote", "Employment type: Contract": labels that state a fact of the job.
fn is_label_line(line: &str) -> bool {
    let Some((label, _)) = line.split_once(':') else {
        return false;
    };
    matches!(
        key(label.trim_start_matches(['-', '*', '•', ' '])).as_str(),
        "work mode"
            | "workplace"
            | "workplace type"
            | "work arrangement"
            | "work model"
            | "remote"
            | "location"
            | "job location"
            | "work location"
            | "location type"
            | "employment type"
            | "job type"
            | "type"
            | "contract type"
            | "work type"
            | "schedule"
            | "position type"
            | "employment"
            | "duration"
            | "seniority"
            | "seniority level"
            | "experience level"
            | "level"
            | "career level"
    )
}

#[cfg(test)]
mod tests;
