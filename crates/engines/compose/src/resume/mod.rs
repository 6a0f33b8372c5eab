//! The resume: the plain text of the contract (§6.3) and its structured content (§6.4),
//! from a profile and a selection the caller has already ranked.
//!
//! # Selection
//!
//! Experiences are the first `max_experiences` of the ranked ids that exist in the profile,
//! in ranking order; when none exists, the first `max_experiences` of the profile's order
//! (the contract's fallback). Projects likewise with `max_projects`. The bullets of an
//! experience are its achievements named in [`ResumeSelection::bullet_ids`], in that order;
//! an experience the map does not mention keeps all its achievements in the profile's order.
//! Skills named in [`ResumeSelection::skills`] (the ones the job asks for, best first) lead
//! the technical and soft skills; the profile's other skills follow in its order. Skills the
//! profile does not have are never added.
//!
//! # Page budget
//!
//! The text is measured in printed lines: each line of the text takes
//! `ceil(characters / CHARS_PER_LINE)` lines, a blank line one, and a page holds
//! [`LINES_PER_PAGE`]. While the resume is over its budget, the composer drops, one item at a
//! time and in this order:
//!
//! 1. the lowest-ranked bullet (the last bullet of the experience with the most bullets, the
//!    lower-ranked experience on a tie), keeping at least one bullet per experience;
//! 2. the lowest-ranked project;
//! 3. the oldest experience (earliest start; unreadable dates count as oldest) other than the
//!    first-ranked one, with its bullets;
//! 4. the remaining bullets of the first experience, lowest-ranked first.
//!
//! The header, summary, skills, education and the first experience's title, dates and
//! description are never dropped; a resume can still be over budget when they alone are,
//! which [`Resume::fits`] tells. [`Resume::dropped`] lists what was dropped, in order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tailor_text as text;

use crate::content::*;
use crate::dates;
use crate::profile::*;

/// Printed lines on one page of the estimate.
pub const LINES_PER_PAGE: usize = 50;
/// Characters on one printed line of the estimate (11 pt type on a US-letter page).
pub const CHARS_PER_LINE: usize = 95;
/// Technical skills printed in the text (the structured content keeps all).
const TEXT_SKILLS: usize = 20;
/// Education entries printed in the text (the structured content keeps all).
const TEXT_EDUCATION: usize = 2;
/// Skills in the metadata's `top_skills`.
const TOP_SKILLS: usize = 10;
/// Experiences whose companies make the metadata's `industries`.
const INDUSTRY_EXPERIENCES: usize = 5;

/// What the caller chose and ranked for the job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResumeSelection {
    /// Experience ids, most relevant first.
    pub experience_ids: Vec<String>,
    /// Project ids, most relevant first.
    pub project_ids: Vec<String>,
    /// Per experience id, the bullet ids (`"<experience id>#<index>"`) to print, most
    /// relevant first.
    pub bullet_ids: BTreeMap<String, Vec<String>>,
    /// Skill names matching the job, most relevant first.
    pub skills: Vec<String>,
}

/// How long the resume may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageBudget {
    One,
    #[default]
    Two,
}

impl PageBudget {
    pub fn lines(self) -> usize {
        match self {
            PageBudget::One => LINES_PER_PAGE,
            PageBudget::Two => 2 * LINES_PER_PAGE,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResumeOptions {
    /// 1..=10 (clamped); the contract's default is 5.
    pub max_experiences: usize,
    /// The contract's default is 3.
    pub max_projects: usize,
    pub include_summary: bool,
    pub pages: PageBudget,
    /// Today as `YYYY-MM-DD`, to measure current roles in `total_years_experience`. Without
    /// it a role with no end date counts no time.
    pub today: Option<String>,
}

impl Default for ResumeOptions {
    fn default() -> Self {
        ResumeOptions {
            max_experiences: 5,
            max_projects: 3,
            include_summary: true,
            pages: PageBudget::Two,
            today: None,
        }
    }
}

/// A composed resume.
#[derive(Debug, Clone, PartialEq)]
pub struct Resume {
    /// The contract's plain-text resume (`content_text`).
    pub content_text: String,
    /// The contract's structured content (`content_structured`, once serialised).
    pub structured: ResumeContent,
    /// What the page budget removed, in the order it was removed.
    pub dropped: Vec<Dropped>,
    /// The estimated printed lines of `content_text`.
    pub estimated_lines: usize,
    /// The lines the page budget allows.
    pub line_budget: usize,
}

impl Resume {
    /// Whether the resume is within its page budget.
    pub fn fits(&self) -> bool {
        self.estimated_lines <= self.line_budget
    }
}

/// One item the page budget removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    pub kind: DroppedKind,
    /// The experience or project id, or the bullet id.
    pub source_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DroppedKind {
    Bullet,
    Project,
    Experience,
}

/// Composes the resume. Deterministic: the same arguments give the same resume.
pub fn compose_resume(
    profile: &Profile,
    selection: &ResumeSelection,
    options: &ResumeOptions,
) -> Resume {
    let mut plan = Plan::new(profile, selection, options);
    let line_budget = options.pages.lines();
    let mut dropped = Vec::new();
    let mut content_text = plan.text();
    let mut estimated_lines = estimate_lines(&content_text);
    // Each drop removes whole lines of the text, so the estimate is kept by subtraction and
    // the text rendered once more at the end.
    while estimated_lines > line_budget {
        let Some((item, lines)) = plan.drop_one() else {
            break;
        };
        dropped.push(item);
        estimated_lines -= lines;
    }
    if !dropped.is_empty() {
        content_text = plan.text();
    }
    debug_assert_eq!(estimate_lines(&content_text), estimated_lines);
    Resume {
        structured: plan.structured(profile, options),
        content_text,
        dropped,
        estimated_lines,
        line_budget,
    }
}

/// Printed lines of `text` (see the module documentation).
pub fn estimate_lines(text: &str) -> usize {
    text.split('\n').map(line_lines).sum()
}

/// What the resume prints, after selection; the page budget removes from it.
struct Plan<'a> {
    personal: &'a PersonalInfo,
    summary: Option<&'a str>,
    technical: Vec<&'a str>,
    soft: Vec<&'a str>,
    experiences: Vec<Planned<'a>>,
    projects: Vec<&'a Project>,
    education: &'a [Education],
}

struct Planned<'a> {
    experience: &'a Experience,
    /// Achievement index and text, most relevant first.
    bullets: Vec<(usize, &'a str)>,
}

impl<'a> Plan<'a> {
    fn new(profile: &'a Profile, selection: &ResumeSelection, options: &ResumeOptions) -> Self {
        let max_experiences = options.max_experiences.clamp(1, 10);
        let experiences = pick(
            &profile.experiences,
            &selection.experience_ids,
            max_experiences,
            |e| &e.id,
        )
        .into_iter()
        .map(|experience| Planned {
            bullets: bullets(experience, selection.bullet_ids.get(&experience.id)),
            experience,
        })
        .collect();
        let projects = pick(
            &profile.projects,
            &selection.project_ids,
            options.max_projects,
            |p| &p.id,
        );
        Plan {
            personal: &profile.personal,
            summary: profile.best_summary().filter(|_| options.include_summary),
            technical: job_first(&profile.skills.technical, &selection.skills),
            soft: job_first(&profile.skills.soft, &selection.skills),
            experiences,
            projects,
            education: &profile.education,
        }
    }

    /// Removes the next item the page budget gives up, if any is left, with the printed
    /// lines the text loses.
    fn drop_one(&mut self) -> Option<(Dropped, usize)> {
        let bullet = |plan: &mut Plan, floor: usize| {
            let (at, _) = plan
                .experiences
                .iter()
                .enumerate()
                .filter(|(_, e)| e.bullets.len() > floor)
                .max_by_key(|(at, e)| (e.bullets.len(), *at))?;
            let planned = &mut plan.experiences[at];
            let (index, text) = planned.bullets.pop()?;
            let dropped = Dropped {
                kind: DroppedKind::Bullet,
                source_id: bullet_id(&planned.experience.id, index),
            };
            Some((dropped, line_lines(&bullet_line(text))))
        };
        if let Some(dropped) = bullet(self, 1) {
            return Some(dropped);
        }
        if let Some(project) = self.projects.pop() {
            let mut lines = Vec::new();
            project_lines(project, &mut lines);
            // The last project takes the section heading with it.
            let heading = usize::from(self.projects.is_empty());
            let dropped = Dropped {
                kind: DroppedKind::Project,
                source_id: project.id.clone(),
            };
            return Some((dropped, block_lines(&lines) + heading));
        }
        if self.experiences.len() > 1 {
            let (at, _) = self
                .experiences
                .iter()
                .enumerate()
                .skip(1)
                .min_by_key(|(at, e)| {
                    let start = dates::months(&e.experience.start_date).unwrap_or(i64::MIN);
                    (start, std::cmp::Reverse(*at))
                })?;
            let removed = self.experiences.remove(at);
            let mut lines = Vec::new();
            experience_lines(&removed, &mut lines);
            let dropped = Dropped {
                kind: DroppedKind::Experience,
                source_id: removed.experience.id.clone(),
            };
            return Some((dropped, block_lines(&lines)));
        }
        bullet(self, 0)
    }

    /// The contract's plain-text layout (§6.3), with the contact line's empty parts left out.
    fn text(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        let p = self.personal;
        if !p.full_name.trim().is_empty() {
            lines.push(p.full_name.trim().to_owned());
        }
        let contact = join_present(
            [
                p.location.as_deref(),
                Some(p.email.as_str()),
                p.phone.as_deref(),
            ],
            " | ",
        );
        if !contact.is_empty() {
            lines.push(contact);
        }
        lines.push(String::new());
        if let Some(summary) = self.summary {
            lines.push("PROFESSIONAL SUMMARY".to_owned());
            lines.push(summary.to_owned());
            lines.push(String::new());
        }
        if !self.technical.is_empty() {
            lines.push("TECHNICAL SKILLS".to_owned());
            let skills: Vec<&str> = self.technical.iter().take(TEXT_SKILLS).copied().collect();
            lines.push(skills.join(", "));
            lines.push(String::new());
        }
        if !self.experiences.is_empty() {
            lines.push("PROFESSIONAL EXPERIENCE".to_owned());
            for planned in &self.experiences {
                experience_lines(planned, &mut lines);
            }
        }
        if !self.projects.is_empty() {
            lines.push("PROJECTS".to_owned());
            for project in &self.projects {
                project_lines(project, &mut lines);
            }
        }
        if !self.education.is_empty() {
            lines.push("EDUCATION".to_owned());
            for education in self.education.iter().take(TEXT_EDUCATION) {
                let degree = education.degree.trim();
                let field = education.field_of_study.trim();
                lines.push(match (degree.is_empty(), field.is_empty()) {
                    (false, false) => format!("{degree} in {field}"),
                    (false, true) => degree.to_owned(),
                    (true, _) => field.to_owned(),
                });
                let dates = date_range(&education.start_date, education.end_date.as_deref());
                lines.push(join_present(
                    [Some(education.institution.as_str()), Some(dates.as_str())],
                    " | ",
                ));
                if let Some(gpa) = education.gpa.filter(|g| *g != 0.0 && g.is_finite()) {
                    lines.push(format!("GPA: {}", python_float(gpa)));
                }
                lines.push(String::new());
            }
        }
        lines.join("\n")
    }

    fn structured(&self, profile: &Profile, options: &ResumeOptions) -> ResumeContent {
        let title = self
            .experiences
            .first()
            .map(|e| e.experience.title.trim())
            .filter(|t| !t.is_empty())
            .unwrap_or("Professional");
        let mut sections = Vec::with_capacity(5);
        if let Some(summary) = self.summary {
            sections.push(ResumeSection::ProfessionalSummary {
                content: summary.to_owned(),
            });
        }
        sections.push(ResumeSection::Skills {
            categories: self.skill_categories(&profile.skills),
        });
        sections.push(ResumeSection::Experience {
            entries: self.experiences.iter().map(experience_entry).collect(),
        });
        sections.push(ResumeSection::Projects {
            entries: self.projects.iter().map(|p| project_entry(p)).collect(),
        });
        sections.push(ResumeSection::Education {
            entries: self.education.iter().map(education_entry).collect(),
        });
        let mut industries: Vec<String> = Vec::new();
        for planned in self.experiences.iter().take(INDUSTRY_EXPERIENCES) {
            let company = planned.experience.company.trim();
            if !company.is_empty() && !industries.iter().any(|c| c == company) {
                industries.push(company.to_owned());
            }
        }
        ResumeContent {
            header: Header::of(profile, title.to_owned()),
            sections,
            metadata: ResumeMetadata {
                total_years_experience: self.total_years(options.today.as_deref()),
                top_skills: self
                    .technical
                    .iter()
                    .take(TOP_SKILLS)
                    .map(|s| (*s).to_owned())
                    .collect(),
                industries,
                total_projects: self.projects.len(),
                total_certifications: profile.skills.certifications.len(),
            },
        }
    }

    fn skill_categories(&self, skills: &Skills) -> Vec<SkillCategory> {
        let names =
            |list: &[&str]| SkillItems::Names(list.iter().map(|s| (*s).to_owned()).collect());
        let mut categories = Vec::with_capacity(4);
        if !self.technical.is_empty() {
            categories.push(SkillCategory {
                name: "Technical Skills".to_owned(),
                items: names(&self.technical),
            });
        }
        if !self.soft.is_empty() {
            categories.push(SkillCategory {
                name: "Soft Skills".to_owned(),
                items: names(&self.soft),
            });
        }
        if !skills.languages.is_empty() {
            categories.push(SkillCategory {
                name: "Languages".to_owned(),
                items: SkillItems::Languages(
                    skills
                        .languages
                        .iter()
                        .map(|l| LanguageItem {
                            name: l.name.clone(),
                            proficiency: l.proficiency.clone(),
                        })
                        .collect(),
                ),
            });
        }
        if !skills.certifications.is_empty() {
            categories.push(SkillCategory {
                name: "Certifications".to_owned(),
                items: SkillItems::Certifications(
                    skills
                        .certifications
                        .iter()
                        .map(|c| CertificationItem {
                            name: c.name.clone(),
                            issuer: c.issuer.clone(),
                            date_obtained: c.date_obtained.clone(),
                            expiry_date: c.expiry_date.clone(),
                            credential_id: c.credential_id.clone(),
                            source_id: c.id.clone(),
                        })
                        .collect(),
                ),
            });
        }
        categories
    }

    /// Years over the selected experiences, one decimal. A role without an end date runs to
    /// `today`; without `today` it counts no time.
    fn total_years(&self, today: Option<&str>) -> f64 {
        let months: i64 = self
            .experiences
            .iter()
            .filter_map(|planned| {
                let e = planned.experience;
                let end = match non_blank(e.end_date.as_deref()) {
                    Some(end) if !e.is_current => end,
                    _ => today?,
                };
                dates::months_between(&e.start_date, end)
            })
            .sum();
        (months as f64 / 12.0 * 10.0).round() / 10.0
    }
}

/// An experience's block of the text, ending with a blank line.
fn experience_lines(planned: &Planned, lines: &mut Vec<String>) {
    let e = planned.experience;
    lines.push(join_present(
        [Some(&*e.title), Some(&*e.company), e.location.as_deref()],
        " | ",
    ));
    lines.push(date_range(&e.start_date, Some(e.end_label())));
    if let Some(description) = e.best_description() {
        lines.push(description.to_owned());
    }
    for (_, bullet) in &planned.bullets {
        lines.push(bullet_line(bullet));
    }
    lines.push(String::new());
}

fn bullet_line(bullet: &str) -> String {
    format!("\u{2022} {bullet}")
}

/// A project's block of the text, ending with a blank line.
fn project_lines(project: &Project, lines: &mut Vec<String>) {
    lines.push(project.name.trim().to_owned());
    if let Some(description) = project.best_description() {
        lines.push(description.to_owned());
    }
    let technologies = join_present(project.technologies.iter().map(|t| Some(&**t)), ", ");
    if !technologies.is_empty() {
        lines.push(format!("Technologies: {technologies}"));
    }
    if let Some(url) = non_blank(project.url.as_deref()) {
        lines.push(format!("URL: {url}"));
    }
    lines.push(String::new());
}

/// Printed lines of a block (see [`estimate_lines`]).
fn block_lines(lines: &[String]) -> usize {
    lines.iter().map(|l| line_lines(l)).sum()
}

fn line_lines(line: &str) -> usize {
    line.chars().count().div_ceil(CHARS_PER_LINE).max(1)
}

fn experience_entry(planned: &Planned) -> ExperienceEntry {
    let e = planned.experience;
    ExperienceEntry {
        id: e.id.clone(),
        title: e.title.clone(),
        company: e.company.clone(),
        location: e.location.clone(),
        start_date: e.start_date.clone(),
        end_date: e.end_label().to_owned(),
        is_current: e.is_current,
        description: e.best_description().unwrap_or("").to_owned(),
        bullets: planned
            .bullets
            .iter()
            .map(|(index, text)| Bullet {
                text: (*text).to_owned(),
                source_id: bullet_id(&e.id, *index),
            })
            .collect(),
        achievements: e.achievements.clone(),
        source_id: e.id.clone(),
    }
}

fn project_entry(p: &Project) -> ProjectEntry {
    ProjectEntry {
        id: p.id.clone(),
        name: p.name.clone(),
        description: p.best_description().unwrap_or("").to_owned(),
        technologies: p.technologies.clone(),
        url: p.url.clone(),
        start_date: p.start_date.clone(),
        end_date: p.end_date.clone(),
        source_id: p.id.clone(),
    }
}

fn education_entry(e: &Education) -> EducationEntry {
    EducationEntry {
        id: e.id.clone(),
        degree: e.degree.clone(),
        field_of_study: e.field_of_study.clone(),
        institution: e.institution.clone(),
        start_date: e.start_date.clone(),
        end_date: e.end_date.clone(),
        gpa: e.gpa.filter(|g| g.is_finite()).unwrap_or(0.0),
        honors: e.honors.clone(),
        source_id: e.id.clone(),
    }
}

/// The first `max` items named by `ranked` (in its order, each once); when it names none, the
/// first `max` items in their own order. An id names the first item that has it.
fn pick<'a, T>(
    items: &'a [T],
    ranked: &[String],
    max: usize,
    id: impl Fn(&T) -> &String,
) -> Vec<&'a T> {
    let mut out: Vec<&T> = Vec::new();
    for wanted in ranked {
        if out.len() == max {
            break;
        }
        if out.iter().any(|item| id(item) == wanted) {
            continue;
        }
        if let Some(item) = items.iter().find(|item| id(item) == wanted) {
            out.push(item);
        }
    }
    if out.is_empty() {
        for item in items {
            if out.len() == max {
                break;
            }
            // Ids are unique in a valid profile; if not, the first item owns the id, as
            // when ranked ids are looked up.
            if !out.iter().any(|o| id(o) == id(item)) {
                out.push(item);
            }
        }
    }
    out
}

/// The achievements to print for `experience`: the ones `ids` names, in its order, or all
/// of them when the caller named none for it. Blank achievements are never printed.
fn bullets<'a>(experience: &'a Experience, ids: Option<&Vec<String>>) -> Vec<(usize, &'a str)> {
    let achievement = |index: usize| {
        experience
            .achievements
            .get(index)
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map(|a| (index, a))
    };
    match ids {
        None => (0..experience.achievements.len())
            .filter_map(achievement)
            .collect(),
        Some(ids) => {
            let mut out: Vec<(usize, &str)> = Vec::new();
            for id in ids {
                let Some((owner, index)) = parse_bullet_id(id) else {
                    continue;
                };
                if owner != experience.id || out.iter().any(|(i, _)| *i == index) {
                    continue;
                }
                out.extend(achievement(index));
            }
            out
        }
    }
}

/// `skills` with the ones named in `wanted` first (in its order), then the others in their
/// own order; blank and repeated names (ignoring case) left out.
fn job_first<'a>(skills: &'a [String], wanted: &[String]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::with_capacity(skills.len());
    let mut seen: Vec<String> = Vec::with_capacity(skills.len());
    let mut add = |skill: &'a str| {
        let skill = skill.trim();
        let key = text::key(skill);
        if !skill.is_empty() && !seen.contains(&key) {
            seen.push(key);
            out.push(skill);
        }
    };
    for wanted in wanted {
        let key = text::key(wanted);
        if let Some(skill) = skills.iter().find(|s| text::key(s) == key) {
            add(skill);
        }
    }
    for skill in skills {
        add(skill);
    }
    out
}

/// The non-blank values, trimmed, joined with `separator`.
fn join_present<'a>(values: impl IntoIterator<Item = Option<&'a str>>, separator: &str) -> String {
    let parts: Vec<&str> = values.into_iter().filter_map(|v| non_blank(v)).collect();
    parts.join(separator)
}

/// `"start - end"`, or the one that is there.
fn date_range(start: &str, end: Option<&str>) -> String {
    join_present([Some(start), end], " - ")
}

/// A float as Python prints it (`4.0`, `3.85`), as the contract's reference did.
fn python_float(value: f64) -> String {
    let text = value.to_string();
    if text.contains(['.', 'e', 'i', 'N']) {
        text
    } else {
        format!("{text}.0")
    }
}

#[cfg(test)]
mod tests;
