//! Profile completeness, statistics and recommendations.

use chrono::Datelike;
use serde::Serialize;

use super::model::Profile;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
    pub overall: u32,
    pub personal_info: u32,
    pub professional_summary: u32,
    pub experiences: u32,
    pub education: u32,
    pub skills: u32,
    pub projects: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    pub total_experiences: usize,
    pub total_education: usize,
    /// Technical plus soft skills.
    pub total_skills: usize,
    pub total_projects: usize,
    pub years_of_experience: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileAnalytics {
    pub completeness: Completeness,
    pub statistics: Statistics,
    pub recommendations: Vec<String>,
}

fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}

/// Scores the profile as the app shows it. `current_year` stands in for experiences
/// without an end date.
pub fn analyse(profile: &Profile, current_year: i32) -> ProfileAnalytics {
    let p = &profile.personal_info;
    let present = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let personal_fields = [
        !p.full_name.trim().is_empty(),
        !p.email.trim().is_empty(),
        present(&p.phone),
        present(&p.location),
    ];
    let personal_info =
        (personal_fields.iter().filter(|f| **f).count() * 100 / personal_fields.len()) as u32;
    let professional_summary = match &profile.professional_summary {
        Some(s) if s.trim().chars().count() > 50 => 100,
        _ => 0,
    };
    let scaled = |count: usize, per: u32| (count as u32).saturating_mul(per).min(100);
    let experiences = scaled(profile.experiences.len(), 20);
    let education = scaled(profile.education.len(), 50);
    let s = &profile.skills;
    let skills = [
        (!s.technical.is_empty(), 40),
        (!s.soft.is_empty(), 30),
        (!s.languages.is_empty(), 20),
        (!s.certifications.is_empty(), 10),
    ]
    .iter()
    .filter(|(has, _)| *has)
    .map(|(_, w)| w)
    .sum();
    let projects = scaled(profile.projects.len(), 25);
    let overall = (0.20 * f64::from(personal_info)
        + 0.15 * f64::from(professional_summary)
        + 0.25 * f64::from(experiences)
        + 0.15 * f64::from(education)
        + 0.15 * f64::from(skills)
        + 0.10 * f64::from(projects)) as u32;

    let years: i32 = profile
        .experiences
        .iter()
        .filter_map(|e| {
            let start = year_of(&e.start_date)?;
            let end = e
                .end_date
                .as_deref()
                .and_then(year_of)
                .unwrap_or(current_year);
            Some((end - start).max(0))
        })
        .sum();

    let mut recommendations = Vec::new();
    let mut recommend = |cond: bool, text: &str| {
        if cond {
            recommendations.push(text.to_owned());
        }
    };
    recommend(
        personal_info < 100,
        "Complete your personal information (phone, location)",
    );
    recommend(
        professional_summary < 100,
        "Add a detailed professional summary (aim for 50+ words)",
    );
    recommend(experiences < 80, "Add more work experience entries");
    recommend(education < 100, "Add your education background");
    recommend(
        skills < 70,
        "Add technical skills, soft skills, and languages",
    );
    recommend(
        projects < 50,
        "Add portfolio projects with descriptions and technologies",
    );

    ProfileAnalytics {
        completeness: Completeness {
            overall,
            personal_info,
            professional_summary,
            experiences,
            education,
            skills,
            projects,
        },
        statistics: Statistics {
            total_experiences: profile.experiences.len(),
            total_education: profile.education.len(),
            total_skills: s.technical.len() + s.soft.len(),
            total_projects: profile.projects.len(),
            years_of_experience: (f64::from(years) * 10.0).round() / 10.0,
        },
        recommendations,
    }
}

/// The year used for ongoing experiences.
pub fn current_year(now: chrono::DateTime<chrono::Utc>) -> i32 {
    now.year()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::Map;

    use super::*;
    use crate::profile::model::{Education, Experience, PersonalInfo, Skills};
    use crate::user::UserId;

    fn profile() -> Profile {
        Profile {
            id: crate::profile::ProfileId::new_random(),
            user_id: UserId::new(1),
            personal_info: PersonalInfo {
                full_name: "Jane".into(),
                email: "jane@example.com".into(),
                ..PersonalInfo::default()
            },
            professional_summary: None,
            enhanced_professional_summary: None,
            enhancement_metadata: Map::new(),
            skills: Skills::default(),
            experiences: vec![],
            education: vec![],
            projects: vec![],
            custom_fields: Map::new(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 0,
        }
    }

    fn experience(start: &str, end: Option<&str>) -> Experience {
        Experience {
            id: "e".into(),
            title: "T".into(),
            company: "C".into(),
            location: None,
            start_date: start.into(),
            end_date: end.map(Into::into),
            is_current: end.is_none(),
            description: None,
            enhanced_description: None,
            achievements: vec![],
        }
    }

    #[test]
    fn an_empty_profile_scores_only_its_name_and_email() {
        let a = analyse(&profile(), 2026);
        assert_eq!(a.completeness.personal_info, 50);
        assert_eq!(a.completeness.overall, 10);
        assert_eq!(a.recommendations.len(), 6);
        assert_eq!(
            a.recommendations[0],
            "Complete your personal information (phone, location)"
        );
    }

    #[test]
    fn years_count_whole_years_and_ongoing_roles_run_to_the_current_year() {
        let mut p = profile();
        p.experiences = vec![
            experience("2015-03-01", Some("2018-01-01")),
            experience("2020-06-01", None),
            experience("2022-01-01", Some("2021-01-01")),
        ];
        let a = analyse(&p, 2026);
        assert!((a.statistics.years_of_experience - 9.0).abs() < f64::EPSILON);
        assert_eq!(a.completeness.experiences, 60);
    }

    #[test]
    fn a_complete_profile_scores_100_and_gets_no_recommendations() {
        let mut p = profile();
        p.personal_info.phone = Some("555 0100".into());
        p.personal_info.location = Some("Berlin".into());
        p.professional_summary = Some("x".repeat(60));
        p.experiences = (0..5).map(|_| experience("2020-01-01", None)).collect();
        p.education = (0..2)
            .map(|i| Education {
                id: i.to_string(),
                institution: "U".into(),
                degree: "BSc".into(),
                field_of_study: "CS".into(),
                start_date: "2010-01-01".into(),
                end_date: None,
                gpa: None,
                honors: vec![],
            })
            .collect();
        p.skills.technical = vec!["Rust".into()];
        p.skills.soft = vec!["Teamwork".into()];
        p.skills.languages = vec![crate::profile::Language {
            name: "English".into(),
            proficiency: crate::profile::Proficiency::Native,
        }];
        p.skills.certifications = vec![crate::profile::Certification {
            id: "c".into(),
            name: "N".into(),
            issuer: "I".into(),
            date_obtained: "2020-01-01".into(),
            expiry_date: None,
            credential_id: None,
        }];
        p.projects = (0..4)
            .map(|i| crate::profile::Project {
                id: i.to_string(),
                name: "P".into(),
                description: "D".into(),
                enhanced_description: None,
                technologies: vec![],
                url: None,
                start_date: None,
                end_date: None,
            })
            .collect();
        let a = analyse(&p, 2026);
        assert_eq!(a.completeness.overall, 100);
        assert!(a.recommendations.is_empty());
        assert_eq!(a.statistics.total_skills, 2);
    }
}
