//! The catalogue of sample postings that `/jobs/browse` serves to anyone, shipped as
//! `data/job_catalogue.json` and checked when first used.

use std::sync::LazyLock;

use serde::Deserialize;

use super::analyser::extract_keywords;
use super::model::{
    EmploymentType, MAX_COMPANY_LEN, MAX_DESCRIPTION_LEN, MAX_ITEM_LEN, MAX_LIST_ITEMS,
    MAX_LOCATION_LEN, MAX_SALARY_RANGE_LEN, MAX_TITLE_LEN,
};
use super::posting::{SalaryRange, Seniority, WorkMode};

/// One sample posting.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueJob {
    pub title: String,
    pub company: String,
    pub location: Option<String>,
    pub description: String,
    pub requirements: Vec<String>,
    #[serde(default)]
    pub preferred_requirements: Vec<String>,
    #[serde(default)]
    pub responsibilities: Vec<String>,
    pub benefits: Vec<String>,
    /// The contract's text of the range (`"120000-150000"`).
    pub salary_range: Option<String>,
    /// The same range with its currency and period; must agree with `salary_range`.
    pub salary: Option<SalaryRange>,
    pub remote: bool,
    pub work_mode: WorkMode,
    pub employment_type: EmploymentType,
    pub seniority: Seniority,
    /// Read from the other fields at load.
    #[serde(skip)]
    pub keywords: Vec<String>,
}

/// Browse filters, as the app sends them; each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueFilter {
    /// Case-insensitive words that must all occur in the title, company, description or
    /// keywords.
    pub query: Option<String>,
    /// Case-insensitive substring of the location.
    pub location: Option<String>,
    /// `Some(true)`: remote or hybrid jobs only. The app sends `remote=false` when the
    /// switch is off, so `false` does not filter.
    pub remote_only: bool,
}

static CATALOGUE: LazyLock<Vec<CatalogueJob>> = LazyLock::new(|| {
    load(include_str!("../../data/job_catalogue.json"))
        .unwrap_or_else(|error| panic!("the shipped job catalogue is invalid: {error}"))
});

/// The shipped catalogue, in file order.
#[must_use]
pub fn catalogue() -> &'static [CatalogueJob] {
    &CATALOGUE
}

/// The catalogue entries matching `filter`, in file order.
pub fn browse(filter: &CatalogueFilter) -> Vec<&'static CatalogueJob> {
    let words: Vec<String> = filter
        .query
        .as_deref()
        .map(|q| q.split_whitespace().map(str::to_lowercase).collect())
        .unwrap_or_default();
    let location = filter
        .location
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_lowercase);
    catalogue()
        .iter()
        .filter(|job| !filter.remote_only || job.remote)
        .filter(|job| {
            location.as_ref().is_none_or(|l| {
                job.location
                    .as_deref()
                    .is_some_and(|jl| jl.to_lowercase().contains(l.as_str()))
            })
        })
        .filter(|job| {
            if words.is_empty() {
                return true;
            }
            let haystack = format!(
                "{}\n{}\n{}\n{}",
                job.title,
                job.company,
                job.description,
                job.keywords.join("\n")
            )
            .to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect()
}

fn load(json: &str) -> Result<Vec<CatalogueJob>, String> {
    let mut jobs: Vec<CatalogueJob> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if jobs.is_empty() {
        return Err("the catalogue is empty".to_owned());
    }
    for (i, job) in jobs.iter_mut().enumerate() {
        let bad = |what: &str| Err(format!("entry #{i} ({:?}): {what}", job.title));
        if job.title.trim().is_empty() || job.title.chars().count() > MAX_TITLE_LEN {
            return bad("title is empty or too long");
        }
        if job.company.trim().is_empty() || job.company.chars().count() > MAX_COMPANY_LEN {
            return bad("company is empty or too long");
        }
        if job
            .location
            .as_ref()
            .is_some_and(|l| l.chars().count() > MAX_LOCATION_LEN)
        {
            return bad("location is too long");
        }
        if job.description.chars().count() > MAX_DESCRIPTION_LEN {
            return bad("description is too long");
        }
        for list in [
            &job.requirements,
            &job.preferred_requirements,
            &job.responsibilities,
            &job.benefits,
        ] {
            if list.len() > MAX_LIST_ITEMS
                || list
                    .iter()
                    .any(|item| item.trim().is_empty() || item.chars().count() > MAX_ITEM_LEN)
            {
                return bad("a list is too long or has an empty or too long item");
            }
        }
        if job.remote != matches!(job.work_mode, WorkMode::Remote | WorkMode::Hybrid) {
            return bad("remote disagrees with work_mode");
        }
        if job
            .salary_range
            .as_ref()
            .is_some_and(|r| r.chars().count() > MAX_SALARY_RANGE_LEN)
        {
            return bad("salary_range is too long");
        }
        let stated = job.salary.as_ref().map(SalaryRange::to_contract_string);
        if stated != job.salary_range
            || job
                .salary
                .as_ref()
                .is_some_and(|s| s.min > s.max || s.currency.len() != 3)
        {
            return bad("salary disagrees with salary_range");
        }
        let text = format!(
            "{}\n{}\n{}\n{}\n{}",
            job.title,
            job.description,
            job.requirements.join("\n"),
            job.preferred_requirements.join("\n"),
            job.responsibilities.join("\n"),
        );
        job.keywords = extract_keywords(&text);
    }
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_shipped_catalogue_loads_and_is_varied() {
        let jobs = catalogue();
        assert!(jobs.len() >= 20, "{} postings", jobs.len());
        let seniorities: HashSet<_> = jobs.iter().map(|j| j.seniority).collect();
        let modes: HashSet<_> = jobs.iter().map(|j| j.work_mode).collect();
        let locations: HashSet<_> = jobs.iter().filter_map(|j| j.location.clone()).collect();
        assert!(seniorities.len() >= 5, "{seniorities:?}");
        assert_eq!(modes.len(), 3, "{modes:?}");
        assert!(locations.len() >= 8, "{locations:?}");
        assert!(jobs.iter().all(|j| !j.requirements.is_empty()));
        let with_keywords = jobs.iter().filter(|j| !j.keywords.is_empty()).count();
        assert!(with_keywords >= jobs.len() * 3 / 4, "{with_keywords}");
    }

    #[test]
    fn bad_entries_are_refused_with_their_position() {
        let entry = |title: &str, remote: bool, mode: &str| {
            format!(
                r#"[{{"title": "{title}", "company": "Acme", "location": null,
                "description": "Build things.", "requirements": ["Rust"], "benefits": [],
                "salary_range": "100-120", "salary": {{"min": 100, "max": 120,
                "currency": "USD", "period": "hour"}}, "remote": {remote}, "work_mode": "{mode}",
                "employment_type": "full_time", "seniority": "senior"}}]"#
            )
        };
        assert!(load(&entry("Engineer", true, "remote")).is_ok());
        assert!(load(&entry("", true, "remote")).unwrap_err().contains("#0"));
        assert!(load(&entry("Engineer", false, "remote")).is_err());
        let disagreeing = entry("Engineer", true, "remote").replace("100-120", "100-130");
        assert!(load(&disagreeing).unwrap_err().contains("salary"));
        assert!(load("[]").is_err());
        assert!(load(r#"[{"title": "x"}]"#).is_err());
    }

    #[test]
    fn browse_filters_by_words_location_and_remote() {
        let all = browse(&CatalogueFilter::default());
        assert_eq!(all.len(), catalogue().len());
        let remote = browse(&CatalogueFilter {
            remote_only: true,
            ..CatalogueFilter::default()
        });
        assert!(!remote.is_empty() && remote.len() < all.len());
        assert!(remote.iter().all(|j| j.remote));
        let first = &catalogue()[0];
        let word = first
            .title
            .split_whitespace()
            .last()
            .unwrap()
            .to_uppercase();
        let found = browse(&CatalogueFilter {
            query: Some(word.clone()),
            ..CatalogueFilter::default()
        });
        assert!(found.iter().any(|j| j.title == first.title), "{word}");
        let nowhere = browse(&CatalogueFilter {
            location: Some("Atlantis-under-the-sea".into()),
            ..CatalogueFilter::default()
        });
        assert!(nowhere.is_empty());
    }
}
