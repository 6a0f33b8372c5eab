//! The catalogue of sample postings that `/jobs/browse` serves to anyone: its entries, the
//! rules they keep, and the browse filter. The entries are shipped data, read and checked
//! once when the program starts.

use serde::{Deserialize, Serialize};

use super::model::{
    EmploymentType, MAX_COMPANY_LEN, MAX_DESCRIPTION_LEN, MAX_ITEM_LEN, MAX_KEYWORD_LEN,
    MAX_KEYWORDS, MAX_LIST_ITEMS, MAX_LOCATION_LEN, MAX_SALARY_RANGE_LEN, MAX_TITLE_LEN,
};
use super::posting::{SalaryRange, Seniority, WorkMode};

/// One sample posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The skills the posting names (title, description, requirements, preferred and
    /// responsibilities), most relevant first; computed when the data is written, and
    /// checked against the keyword matcher by the data's own tests.
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

/// The browse catalogue: at least one entry, every entry within the job limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    jobs: Vec<CatalogueJob>,
}

impl Catalogue {
    /// Reads and checks a catalogue: a JSON array of [`CatalogueJob`]s.
    ///
    /// # Errors
    /// The first problem found, with the entry's position and title.
    pub fn from_json(json: &str) -> Result<Self, String> {
        load(json).map(|jobs| Self { jobs })
    }

    /// The entries, in file order.
    #[must_use]
    pub fn jobs(&self) -> &[CatalogueJob] {
        &self.jobs
    }

    /// The entries matching `filter`, in file order.
    #[must_use]
    pub fn browse(&self, filter: &CatalogueFilter) -> Vec<&CatalogueJob> {
        browse(&self.jobs, filter)
    }
}

fn browse<'a>(jobs: &'a [CatalogueJob], filter: &CatalogueFilter) -> Vec<&'a CatalogueJob> {
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
    jobs.iter()
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
    let jobs: Vec<CatalogueJob> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if jobs.is_empty() {
        return Err("the catalogue is empty".to_owned());
    }
    for (i, job) in jobs.iter().enumerate() {
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
        if job.keywords.len() > MAX_KEYWORDS
            || job.keywords.iter().any(|k| {
                k.trim().is_empty() || k.chars().count() > MAX_KEYWORD_LEN || k != &k.to_lowercase()
            })
        {
            return bad("keywords are too many, or one is empty, too long or not lower case");
        }
    }
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A catalogue entry as the data file spells it.
    fn entry(title: &str, remote: bool, mode: &str, location: &str) -> String {
        format!(
            r#"{{"title": "{title}", "company": "Acme", "location": "{location}",
            "description": "Build things.", "requirements": ["Rust"], "benefits": [],
            "salary_range": "100-120", "salary": {{"min": 100, "max": 120,
            "currency": "USD", "period": "hour"}}, "remote": {remote}, "work_mode": "{mode}",
            "employment_type": "full_time", "seniority": "senior", "keywords": ["rust"]}}"#
        )
    }

    #[test]
    fn bad_entries_are_refused_with_their_position() {
        let entry = |title: &str, remote: bool, mode: &str| {
            format!("[{}]", entry(title, remote, mode, "Austin, TX"))
        };
        assert!(load(&entry("Engineer", true, "remote")).is_ok());
        assert!(load(&entry("", true, "remote")).unwrap_err().contains("#0"));
        assert!(load(&entry("Engineer", false, "remote")).is_err());
        let disagreeing = entry("Engineer", true, "remote").replace("100-120", "100-130");
        assert!(load(&disagreeing).unwrap_err().contains("salary"));
        assert!(load("[]").is_err());
        assert!(load(r#"[{"title": "x"}]"#).is_err());
        let shouting = entry("Engineer", true, "remote").replace(r#"["rust"]"#, r#"["Rust"]"#);
        assert!(load(&shouting).unwrap_err().contains("keywords"));
        let unstated = entry("Engineer", true, "remote").replace(r#", "keywords": ["rust"]"#, "");
        assert!(load(&unstated).unwrap_err().contains("keywords"));
    }

    #[test]
    fn browse_filters_by_words_location_and_remote() {
        let catalogue = Catalogue::from_json(&format!(
            "[{}, {}, {}]",
            entry("Rust Engineer", true, "remote", "Berlin"),
            entry("Pastry Chef", false, "onsite", "Lyon"),
            entry("Data Analyst", true, "hybrid", "Austin, TX"),
        ))
        .unwrap();
        let all = catalogue.browse(&CatalogueFilter::default());
        assert_eq!(all.len(), 3);
        let remote = catalogue.browse(&CatalogueFilter {
            remote_only: true,
            ..CatalogueFilter::default()
        });
        assert!(!remote.is_empty() && remote.len() < all.len());
        assert!(remote.iter().all(|j| j.remote));
        let first = &catalogue.jobs()[1];
        let word = first
            .title
            .split_whitespace()
            .last()
            .unwrap()
            .to_uppercase();
        let found = catalogue.browse(&CatalogueFilter {
            query: Some(word.clone()),
            ..CatalogueFilter::default()
        });
        assert_eq!(found, [first], "{word}");
        let by_keyword = catalogue.browse(&CatalogueFilter {
            query: Some("RUST berlin".into()),
            ..CatalogueFilter::default()
        });
        assert!(
            by_keyword.is_empty(),
            "the location is not searched by words"
        );
        let in_austin = catalogue.browse(&CatalogueFilter {
            location: Some("austin".into()),
            ..CatalogueFilter::default()
        });
        assert_eq!(in_austin.len(), 1);
        let nowhere = catalogue.browse(&CatalogueFilter {
            location: Some("Atlantis-under-the-sea".into()),
            ..CatalogueFilter::default()
        });
        assert!(nowhere.is_empty());
    }
}
