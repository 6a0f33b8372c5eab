//! The job, read once into weighted terms: vocabulary skills and content-word stems, each
//! with the weight of the strongest part of the posting that names it, and the
//! qualification lines that evidence points to.

use std::collections::HashMap;

use super::Job;
use super::title::JobTitle;
use crate::terms;

/// Where in the posting a term was found. Earlier parts weigh more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Source {
    Title,
    Required,
    Preferred,
    Responsibility,
    Keyword,
    Description,
}

impl Source {
    fn skill_weight(self) -> f64 {
        match self {
            Self::Title | Self::Required => 3.0,
            Self::Preferred => 2.0,
            Self::Responsibility => 1.5,
            Self::Keyword | Self::Description => 1.0,
        }
    }

    fn word_weight(self) -> f64 {
        match self {
            Self::Title => 3.0,
            Self::Required => 2.0,
            Self::Preferred | Self::Responsibility => 1.5,
            Self::Keyword | Self::Description => 1.0,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Required => "required",
            Self::Preferred => "preferred",
            Self::Responsibility => "responsibilities",
            Self::Keyword => "keywords",
            Self::Description => "description",
        }
    }
}

/// Soft skills ("communication") are asked of everyone; they count for less.
const SOFT_FACTOR: f64 = 0.5;

#[derive(Debug, Clone)]
pub(crate) struct JobSkill {
    pub name: &'static str,
    pub weight: f64,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub(crate) struct JobTerm {
    /// The word as the posting first writes it.
    pub surface: String,
    pub weight: f64,
}

/// A required or preferred qualification line.
#[derive(Debug, Clone)]
pub(crate) struct Qualification {
    pub text: String,
    pub source: Source,
    pub skills: Vec<&'static str>,
    /// Indices into [`JobModel::terms`].
    pub terms: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct JobModel {
    pub title: JobTitle,
    pub raw_title: String,
    pub skills: Vec<JobSkill>,
    pub skill_index: HashMap<&'static str, usize>,
    pub skill_total: f64,
    pub terms: Vec<JobTerm>,
    pub term_index: HashMap<String, usize>,
    pub qualifications: Vec<Qualification>,
    /// The job's keywords in order, for the keyword counts: (as given, canonical skill).
    pub keywords: Vec<(String, Option<&'static str>)>,
}

impl JobModel {
    pub(crate) fn new(job: &Job) -> Self {
        let mut model = Self {
            title: JobTitle::new(&job.title),
            raw_title: job.title.trim().to_owned(),
            ..Self::default()
        };
        model.add_text(&job.title, Source::Title);
        for line in &job.required {
            model.add_qualification(line, Source::Required);
        }
        for line in &job.preferred {
            model.add_qualification(line, Source::Preferred);
        }
        for line in &job.responsibilities {
            model.add_text(line, Source::Responsibility);
        }
        for keyword in &job.keywords {
            match terms::canonical_skill(keyword) {
                Some(hit) => {
                    model.add_skill(hit.name, hit.soft, Source::Keyword);
                    model.add_keyword(keyword, Some(hit.name));
                }
                None => {
                    model.add_words(keyword, Source::Keyword);
                    model.add_keyword(keyword, None);
                }
            }
        }
        model.add_text(&job.description, Source::Description);
        // Skills the title and qualifications name count as keywords too.
        let named: Vec<&'static str> = model
            .skills
            .iter()
            .filter(|s| s.source <= Source::Preferred)
            .map(|s| s.name)
            .collect();
        for name in named {
            model.add_keyword(name, Some(name));
        }
        model.skill_total = model.skills.iter().map(|s| s.weight).sum();
        model
    }

    pub(crate) fn title_text(&self) -> &str {
        &self.raw_title
    }

    fn add_keyword(&mut self, keyword: &str, canonical: Option<&'static str>) {
        let keyword = keyword.trim();
        if keyword.is_empty() {
            return;
        }
        let key = tailor_text::key(keyword);
        let duplicate = self
            .keywords
            .iter()
            .any(|(k, c)| canonical.is_some() && *c == canonical || tailor_text::key(k) == key);
        if !duplicate {
            self.keywords.push((keyword.to_owned(), canonical));
        }
    }

    fn add_qualification(&mut self, line: &str, source: Source) {
        let skills = self.add_skills(line, source);
        let terms = self.add_words(line, source);
        let text = line.trim();
        if !text.is_empty() {
            self.qualifications.push(Qualification {
                text: text.to_owned(),
                source,
                skills,
                terms,
            });
        }
    }

    fn add_text(&mut self, text: &str, source: Source) {
        self.add_skills(text, source);
        self.add_words(text, source);
    }

    fn add_skills(&mut self, text: &str, source: Source) -> Vec<&'static str> {
        terms::skills_in(text)
            .into_iter()
            .map(|hit| {
                self.add_skill(hit.name, hit.soft, source);
                hit.name
            })
            .collect()
    }

    fn add_skill(&mut self, name: &'static str, soft: bool, source: Source) {
        let factor = if soft { SOFT_FACTOR } else { 1.0 };
        let weight = source.skill_weight() * factor;
        match self.skill_index.get(name) {
            Some(&i) => {
                let skill = &mut self.skills[i];
                if weight > skill.weight {
                    skill.weight = weight;
                }
                skill.source = skill.source.min(source);
            }
            None => {
                self.skill_index.insert(name, self.skills.len());
                self.skills.push(JobSkill {
                    name,
                    weight,
                    source,
                });
            }
        }
    }

    /// Adds the content words of `text`; returns their term indices, without repeats.
    fn add_words(&mut self, text: &str, source: Source) -> Vec<usize> {
        let weight = source.word_weight();
        let mut indices = Vec::new();
        for word in terms::content_words(text) {
            let index = match self.term_index.get(&word.stem) {
                Some(&i) => {
                    let term = &mut self.terms[i];
                    if weight > term.weight {
                        term.weight = weight;
                    }
                    i
                }
                None => {
                    let i = self.terms.len();
                    self.term_index.insert(word.stem, i);
                    self.terms.push(JobTerm {
                        surface: word.surface,
                        weight,
                    });
                    i
                }
            };
            if !indices.contains(&index) {
                indices.push(index);
            }
        }
        indices
    }
}
