//! The matching engine (ranking, ATS scoring) and the offline composer as the domain's
//! [`ContentMatcher`] and [`Composer`]: the domain's profile and job mapped to the engines'
//! plain types, and their results mapped back.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use chrono::{Datelike, NaiveDate};
use tailor_domain::generation::{AtsReport, ContentRanking, DocumentType, RankedItem};
use tailor_domain::job::Job;
use tailor_domain::ports::{
    Composed, Composer, ContentMatcher, KnownNames, LetterOptions, ResumeOptions, TextTense,
};
use tailor_domain::profile::Profile;
use tailor_domain::sample::WritingStyle;

use crate::pool::BlockingPool;

/// How many of the best experiences and projects a cover letter cites.
const LETTER_EXPERIENCES: usize = 3;
const LETTER_PROJECTS: usize = 2;
/// A resume of at most this many experiences gets a one-page budget; longer ones two.
const ONE_PAGE_EXPERIENCES: u32 = 3;

/// The matching engine, as the domain's [`ContentMatcher`].
#[derive(Debug, Clone)]
pub struct MatchingEngine {
    pub(crate) pool: BlockingPool,
}

#[async_trait]
impl ContentMatcher for MatchingEngine {
    async fn rank(&self, job: Arc<Job>, profile: Arc<Profile>) -> anyhow::Result<ContentRanking> {
        self.pool
            .run(move || {
                let ranking =
                    tailor_matching::rank(&matching_job(&job), &matching_profile(&profile, &job));
                content_ranking(ranking)
            })
            .await
            .context("ranking")
    }

    async fn ats(
        &self,
        job: Arc<Job>,
        profile: Arc<Profile>,
        kind: DocumentType,
        document: String,
    ) -> anyhow::Result<AtsReport> {
        self.pool
            .run(move || {
                let keywords = tailor_matching::job_keywords(&matching_job(&job));
                let profile_text = tailor_matching::profile_text(&matching_profile(&profile, &job));
                let kind = match kind {
                    DocumentType::Resume => tailor_matching::DocumentKind::Resume,
                    DocumentType::CoverLetter => tailor_matching::DocumentKind::CoverLetter,
                };
                let report =
                    tailor_matching::score_document(&keywords, &document, kind, &profile_text);
                AtsReport {
                    score: report.score,
                    feedback: report.feedback,
                    matched: report.matched,
                    missing_but_in_profile: report.missing_but_in_profile,
                    missing: report.missing,
                    reachable_score: report.reachable_score,
                }
            })
            .await
            .context("ATS scoring")
    }
}

/// The offline composer, as the domain's [`Composer`].
#[derive(Debug, Clone)]
pub struct ComposeEngine {
    pub(crate) pool: BlockingPool,
}

#[async_trait]
impl Composer for ComposeEngine {
    async fn resume(
        &self,
        profile: Arc<Profile>,
        ranking: Arc<ContentRanking>,
        options: ResumeOptions,
    ) -> anyhow::Result<Composed> {
        self.pool
            .run(move || {
                let selection = tailor_compose::ResumeSelection {
                    experience_ids: ids(&ranking.experiences),
                    project_ids: ids(&ranking.projects),
                    bullet_ids: ranking
                        .bullets
                        .iter()
                        .map(|(experience, bullets)| (experience.clone(), ids(bullets)))
                        .collect(),
                    skills: ids(&ranking.skills),
                };
                let options = tailor_compose::ResumeOptions {
                    max_experiences: options.max_experiences as usize,
                    max_projects: options.max_projects as usize,
                    include_summary: options.include_summary,
                    pages: if options.max_experiences <= ONE_PAGE_EXPERIENCES {
                        tailor_compose::PageBudget::One
                    } else {
                        tailor_compose::PageBudget::Two
                    },
                    // The profile's own last change, so that the same profile always gives
                    // the same resume.
                    today: Some(profile.updated_at.date_naive().to_string()),
                };
                let resume = tailor_compose::compose_resume(
                    &compose_profile(&profile),
                    &selection,
                    &options,
                );
                let structured = serde_json::to_string(&resume.structured)?;
                Ok::<_, serde_json::Error>(Composed {
                    text: resume.content_text,
                    structured,
                })
            })
            .await
            .context("resume composition")?
            .context("encode the resume's structured content")
    }

    async fn cover_letter(
        &self,
        profile: Arc<Profile>,
        job: Arc<Job>,
        ranking: Arc<ContentRanking>,
        style: Option<WritingStyle>,
        options: LetterOptions,
    ) -> anyhow::Result<Composed> {
        self.pool
            .run(move || {
                let letter_job = tailor_compose::Job {
                    title: job.title.clone(),
                    company: job.company.clone().unwrap_or_default(),
                    requirements: job.requirements.clone(),
                    keywords: job.keywords.clone(),
                };
                let evidence: Vec<tailor_compose::Evidence> = ranking
                    .experiences
                    .iter()
                    .take(LETTER_EXPERIENCES)
                    .chain(ranking.projects.iter().take(LETTER_PROJECTS))
                    .map(|item| tailor_compose::Evidence {
                        source_id: item.id.clone(),
                        matched: item.evidence.clone(),
                    })
                    .collect();
                let options = tailor_compose::LetterOptions {
                    company_name: options.company_name,
                    hiring_manager_name: options.hiring_manager_name,
                    max_paragraphs: options.max_paragraphs as usize,
                };
                let letter = tailor_compose::compose_letter(
                    &compose_profile(&profile),
                    &letter_job,
                    &evidence,
                    &style.as_ref().map(style_hints).unwrap_or_default(),
                    &options,
                );
                let structured = serde_json::to_string(&letter.structured)?;
                Ok::<_, serde_json::Error>(Composed {
                    text: letter.text,
                    structured,
                })
            })
            .await
            .context("cover-letter composition")?
            .context("encode the letter's structured content")
    }

    async fn enhance(
        &self,
        text: String,
        tense: TextTense,
        max_chars: usize,
    ) -> anyhow::Result<Option<String>> {
        self.pool
            .run(move || {
                let tense = match tense {
                    TextTense::Ended => tailor_compose::Tense::Past,
                    TextTense::Current => tailor_compose::Tense::Present,
                    TextTense::Keep => tailor_compose::Tense::Keep,
                };
                let enhanced = tailor_compose::enhance(&text, tense, max_chars);
                enhanced.changed.then_some(enhanced.text)
            })
            .await
            .context("enhancement")
    }

    fn scrub(&self, text: &str) -> String {
        tailor_compose::scrub_stock_phrases(text)
    }

    fn placeholders(&self, text: &str) -> Vec<String> {
        tailor_compose::placeholders(text)
    }

    fn introduced_facts(&self, source: &str, rewrite: &str, known: &KnownNames) -> Vec<String> {
        let known = tailor_compose::Known {
            companies: known.companies.clone(),
            titles: known.titles.clone(),
            skills: known.skills.clone(),
        };
        tailor_compose::introduced_facts(source, rewrite, &known)
            .into_iter()
            .map(|fact| fact.text)
            .collect()
    }
}

fn ids(items: &[RankedItem]) -> Vec<String> {
    items.iter().map(|i| i.id.clone()).collect()
}

/// The id of the n-th achievement of an experience, as the engines write it.
fn bullet_id(experience: &str, index: usize) -> String {
    tailor_compose::bullet_id(experience, index)
}

fn matching_job(job: &Job) -> tailor_matching::Job {
    tailor_matching::Job {
        title: job.title.clone(),
        required: job.requirements.clone(),
        preferred: job.preferred_requirements.clone(),
        responsibilities: job.responsibilities.clone(),
        description: job
            .description
            .clone()
            .or_else(|| job.raw_text.clone())
            .unwrap_or_default(),
        keywords: job.keywords.clone(),
    }
}

/// Months from the first day of `date`'s month (`YYYY-MM-DD`) to `now`'s; `None` for an
/// unreadable date.
fn months_between(date: &str, now: NaiveDate) -> Option<u32> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let months = (now.year() - date.year()) * 12 + now.month() as i32 - date.month() as i32;
    Some(u32::try_from(months.max(0)).unwrap_or(0))
}

/// The profile as the matching engine reads it; recency is measured from the day the job
/// was saved, so that the same job and profile always rank the same.
fn matching_profile(profile: &Profile, job: &Job) -> tailor_matching::Profile {
    let now = job.created_at.date_naive();
    let recency = |current: bool, end: Option<&str>| {
        if current {
            Some(0)
        } else {
            end.and_then(|end| months_between(end, now))
        }
    };
    let skills = &profile.skills;
    tailor_matching::Profile {
        experiences: profile
            .experiences
            .iter()
            .map(|e| tailor_matching::Item {
                id: e.id.clone(),
                title: e.title.clone(),
                organisation: e.company.clone(),
                description: e
                    .enhanced_description
                    .clone()
                    .filter(|d| !d.trim().is_empty())
                    .or_else(|| e.description.clone())
                    .unwrap_or_default(),
                bullets: e
                    .achievements
                    .iter()
                    .enumerate()
                    .map(|(i, text)| tailor_matching::Bullet {
                        id: bullet_id(&e.id, i),
                        text: text.clone(),
                    })
                    .collect(),
                skills: Vec::new(),
                months_since_end: recency(
                    e.is_current || e.end_date.is_none(),
                    e.end_date.as_deref(),
                ),
            })
            .collect(),
        projects: profile
            .projects
            .iter()
            .map(|p| tailor_matching::Item {
                id: p.id.clone(),
                title: p.name.clone(),
                organisation: String::new(),
                description: p
                    .enhanced_description
                    .clone()
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| p.description.clone()),
                bullets: Vec::new(),
                skills: p.technologies.clone(),
                months_since_end: recency(false, p.end_date.as_deref()),
            })
            .collect(),
        skills: skills
            .technical
            .iter()
            .chain(&skills.soft)
            .cloned()
            .chain(skills.languages.iter().map(|l| l.name.clone()))
            .chain(skills.certifications.iter().map(|c| c.name.clone()))
            .collect(),
    }
}

fn content_ranking(ranking: tailor_matching::Ranking) -> ContentRanking {
    let item = |id: String, score: f64, evidence: Vec<String>| RankedItem {
        id,
        score: score.clamp(0.0, 1.0),
        evidence,
    };
    let mut bullets = BTreeMap::new();
    let experiences = ranking
        .experiences
        .into_iter()
        .map(|e| {
            bullets.insert(
                e.id.clone(),
                e.bullets
                    .into_iter()
                    .map(|b| item(b.id, b.score, b.evidence))
                    .collect(),
            );
            item(e.id, e.score, e.evidence)
        })
        .collect();
    ContentRanking {
        experiences,
        projects: ranking
            .projects
            .into_iter()
            .map(|p| item(p.id, p.score, p.evidence))
            .collect(),
        bullets,
        skills: ranking
            .skills
            .into_iter()
            .map(|s| item(s.name, s.score, s.evidence))
            .collect(),
        keyword_matches: ranking
            .keyword_matches
            .into_iter()
            .map(|m| (m.keyword, u32::try_from(m.count).unwrap_or(u32::MAX)))
            .collect(),
    }
}

fn compose_profile(profile: &Profile) -> tailor_compose::Profile {
    let info = &profile.personal_info;
    let skills = &profile.skills;
    tailor_compose::Profile {
        personal: tailor_compose::PersonalInfo {
            full_name: info.full_name.clone(),
            email: info.email.clone(),
            phone: info.phone.clone(),
            location: info.location.clone(),
            linkedin: info.linkedin.clone(),
            github: info.github.clone(),
            website: info.website.clone(),
        },
        summary: profile.professional_summary.clone(),
        enhanced_summary: profile.enhanced_professional_summary.clone(),
        experiences: profile
            .experiences
            .iter()
            .map(|e| tailor_compose::Experience {
                id: e.id.clone(),
                title: e.title.clone(),
                company: e.company.clone(),
                location: e.location.clone(),
                start_date: e.start_date.clone(),
                end_date: e.end_date.clone(),
                is_current: e.is_current,
                description: e.description.clone(),
                enhanced_description: e.enhanced_description.clone(),
                achievements: e.achievements.clone(),
            })
            .collect(),
        projects: profile
            .projects
            .iter()
            .map(|p| tailor_compose::Project {
                id: p.id.clone(),
                name: p.name.clone(),
                description: p.description.clone(),
                enhanced_description: p.enhanced_description.clone(),
                technologies: p.technologies.clone(),
                url: p.url.clone(),
                start_date: p.start_date.clone(),
                end_date: p.end_date.clone(),
            })
            .collect(),
        education: profile
            .education
            .iter()
            .map(|e| tailor_compose::Education {
                id: e.id.clone(),
                institution: e.institution.clone(),
                degree: e.degree.clone(),
                field_of_study: e.field_of_study.clone(),
                start_date: e.start_date.clone(),
                end_date: e.end_date.clone(),
                gpa: e.gpa,
                honors: e.honors.clone(),
            })
            .collect(),
        skills: tailor_compose::Skills {
            technical: skills.technical.clone(),
            soft: skills.soft.clone(),
            languages: skills
                .languages
                .iter()
                .map(|l| tailor_compose::Language {
                    name: l.name.clone(),
                    proficiency: l.proficiency.as_str().to_owned(),
                })
                .collect(),
            certifications: skills
                .certifications
                .iter()
                .map(|c| tailor_compose::Certification {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    issuer: c.issuer.clone(),
                    date_obtained: c.date_obtained.clone(),
                    expiry_date: c.expiry_date.clone(),
                    credential_id: c.credential_id.clone(),
                })
                .collect(),
        },
    }
}

fn style_hints(style: &WritingStyle) -> tailor_compose::StyleHints {
    tailor_compose::StyleHints {
        formality: Some(style.formality.score),
        // The style engine says `formal`, `neutral` or `casual`; the composer's casual
        // register is `conversational`.
        tone: match style.formality.level.as_str() {
            "" => None,
            "casual" => Some("conversational".to_owned()),
            level => Some(level.to_owned()),
        },
        sentence_length: Some(style.sentence_length_mean).filter(|l| *l > 0.0),
        first_person: Some(style.first_person_ratio),
        key_phrases: style
            .phrases
            .iter()
            .take(5)
            .map(|p| p.term.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests;
