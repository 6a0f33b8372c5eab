//! Profile use cases: one profile per user, its sections, skills, certifications, custom
//! fields and analytics. Every change is validated before anything is written and saved in
//! one transaction with optimistic concurrency (a concurrent save makes the change retry on
//! the newer profile).

use std::sync::Arc;

use serde_json::{Map, Value};
use thiserror::Error;

use crate::ports::{Clock, ProfileRepository, SaveProfileError};
use crate::profile::{
    Certification, Education, Experience, NewProfile, PersonalInfo, Profile, ProfileAnalytics,
    ProfileId, Project, SectionChanges, SkillKind, Skills, analyse, check_custom_field,
    check_custom_fields, check_summary, current_year, dedupe, item_id, same_text,
};
use crate::user::UserId;

#[derive(Debug, Error)]
pub enum ProfileError {
    #[error("Profile not found")]
    NotFound,
    #[error("Access denied: profile belongs to another user")]
    Forbidden,
    #[error("No profile found for current user")]
    NoProfile,
    #[error("User already has a profile. Use update instead.")]
    AlreadyExists,
    /// A business rule refused the data; the text says which and where.
    #[error("{0}")]
    Invalid(String),
    /// Concurrent changes kept winning; the caller may retry.
    #[error("The profile was changed by another request; please retry")]
    Conflict,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A partial update: `None` leaves a part unchanged; a present section replaces it whole.
#[derive(Debug, Clone, Default)]
pub struct ProfileUpdate {
    pub personal_info: Option<PersonalInfo>,
    pub professional_summary: Option<String>,
    pub enhanced_professional_summary: Option<String>,
    pub skills: Option<Skills>,
    pub experiences: Option<Vec<Experience>>,
    pub education: Option<Vec<Education>>,
    pub projects: Option<Vec<Project>>,
    /// Replaces all custom fields when present.
    pub custom_fields: Option<Map<String, Value>>,
}

/// A list section of the profile, for the bulk operations.
pub trait SectionItem: Clone + Send + Sync + 'static {
    /// `experiences`, `education`, `projects`.
    const SECTION: &'static str;
    /// The singular used in bulk error messages.
    const ITEM: &'static str;
    fn id(&self) -> &str;
    /// Checks the rules, returning the normalised item.
    ///
    /// # Errors
    /// The first broken rule.
    fn validated(self) -> Result<Self, String>;
    fn same_entry(&self, other: &Self) -> bool;
    fn section(profile: &mut Profile) -> &mut Vec<Self>;
    fn changes() -> SectionChanges;
}

impl SectionItem for Experience {
    const SECTION: &'static str = "experiences";
    const ITEM: &'static str = "experience";
    fn id(&self) -> &str {
        &self.id
    }
    fn validated(self) -> Result<Self, String> {
        self.check().map(|()| self)
    }
    fn same_entry(&self, other: &Self) -> bool {
        Experience::same_entry(self, other)
    }
    fn section(profile: &mut Profile) -> &mut Vec<Self> {
        &mut profile.experiences
    }
    fn changes() -> SectionChanges {
        SectionChanges {
            experiences: true,
            ..SectionChanges::NONE
        }
    }
}

impl SectionItem for Education {
    const SECTION: &'static str = "education";
    const ITEM: &'static str = "education";
    fn id(&self) -> &str {
        &self.id
    }
    fn validated(self) -> Result<Self, String> {
        self.check().map(|()| self)
    }
    fn same_entry(&self, other: &Self) -> bool {
        Education::same_entry(self, other)
    }
    fn section(profile: &mut Profile) -> &mut Vec<Self> {
        &mut profile.education
    }
    fn changes() -> SectionChanges {
        SectionChanges {
            education: true,
            ..SectionChanges::NONE
        }
    }
}

impl SectionItem for Project {
    const SECTION: &'static str = "projects";
    const ITEM: &'static str = "project";
    fn id(&self) -> &str {
        &self.id
    }
    fn validated(self) -> Result<Self, String> {
        self.normalized()
    }
    fn same_entry(&self, other: &Self) -> bool {
        Project::same_entry(self, other)
    }
    fn section(profile: &mut Profile) -> &mut Vec<Self> {
        &mut profile.projects
    }
    fn changes() -> SectionChanges {
        SectionChanges {
            projects: true,
            ..SectionChanges::NONE
        }
    }
}

/// Validates every item of a whole section; ids must be unique within it.
fn validate_section<T: SectionItem>(items: Vec<T>) -> Result<Vec<T>, String> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            if !seen.insert(item.id().to_owned()) {
                return Err(format!("{}[{i}]: duplicate id {:?}", T::SECTION, item.id()));
            }
            item.validated()
                .map_err(|e| format!("{}[{i}]: {e}", T::SECTION))
        })
        .collect()
}

fn normalize_skills(skills: Skills) -> Result<Skills, String> {
    let mut skills = skills.normalized()?;
    let mut seen = std::collections::HashSet::new();
    for c in &mut skills.certifications {
        c.id = item_id(Some(std::mem::take(&mut c.id)));
        if !seen.insert(c.id.clone()) {
            return Err(format!("certifications: duplicate id {:?}", c.id));
        }
    }
    Ok(skills)
}

const MAX_ATTEMPTS: usize = 3;

/// The ports the profile service needs.
pub struct ProfilePorts {
    pub profiles: Arc<dyn ProfileRepository>,
    pub clock: Arc<dyn Clock>,
}

pub struct ProfileService {
    profiles: Arc<dyn ProfileRepository>,
    clock: Arc<dyn Clock>,
}

impl ProfileService {
    pub fn new(ports: ProfilePorts) -> Self {
        Self {
            profiles: ports.profiles,
            clock: ports.clock,
        }
    }

    /// Creates the caller's profile.
    ///
    /// # Errors
    /// [`ProfileError::AlreadyExists`], [`ProfileError::Invalid`] (`Invalid profile data: ...`).
    #[tracing::instrument(skip_all, fields(user.id = %user))]
    pub async fn create(&self, user: UserId, new: NewProfile) -> Result<Profile, ProfileError> {
        let invalid = |e: String| ProfileError::Invalid(format!("Invalid profile data: {e}"));
        let personal_info = new
            .personal_info
            .normalized()
            .map_err(|e| invalid(format!("personal_info: {e}")))?;
        check_summary("professional_summary", new.professional_summary.as_deref())
            .map_err(invalid)?;
        let skills = normalize_skills(new.skills).map_err(|e| invalid(format!("skills: {e}")))?;
        check_custom_fields(&new.custom_fields)
            .map_err(|e| invalid(format!("custom_fields: {e}")))?;
        let now = self.clock.now();
        let profile = Profile {
            id: ProfileId::new_random(),
            user_id: user,
            personal_info,
            professional_summary: new.professional_summary,
            enhanced_professional_summary: None,
            enhancement_metadata: Map::new(),
            skills,
            experiences: validate_section(new.experiences).map_err(invalid)?,
            education: validate_section(new.education).map_err(invalid)?,
            projects: validate_section(new.projects).map_err(invalid)?,
            custom_fields: new.custom_fields,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        profile.check_limits().map_err(invalid)?;
        match self.profiles.insert(&profile).await {
            Ok(()) => {
                tracing::info!(profile.id = %profile.id, "profile created");
                Ok(profile)
            }
            Err(SaveProfileError::AlreadyExists) => Err(ProfileError::AlreadyExists),
            Err(SaveProfileError::Conflict) => Err(ProfileError::Conflict),
            Err(SaveProfileError::Unexpected(e)) => Err(e.into()),
        }
    }

    /// The caller's profile.
    ///
    /// # Errors
    /// [`ProfileError::NoProfile`] when the user has none.
    pub async fn mine(&self, user: UserId) -> Result<Arc<Profile>, ProfileError> {
        self.profiles
            .find_by_user_shared(user)
            .await?
            .ok_or(ProfileError::NoProfile)
    }

    /// The caller's profiles (at most one), paginated, and how many there are.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn list(
        &self,
        user: UserId,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<Profile>, usize), ProfileError> {
        let all: Vec<Profile> = self
            .profiles
            .find_by_user(user)
            .await?
            .into_iter()
            .collect();
        let total = all.len();
        Ok((all.into_iter().skip(offset).take(limit).collect(), total))
    }

    /// A profile of the caller's.
    ///
    /// # Errors
    /// [`ProfileError::NotFound`], [`ProfileError::Forbidden`].
    pub async fn get(&self, user: UserId, id: ProfileId) -> Result<Profile, ProfileError> {
        Ok(Arc::unwrap_or_clone(self.get_shared(user, id).await?))
    }

    /// As [`ProfileService::get`], without copying a cached profile.
    ///
    /// # Errors
    /// [`ProfileError::NotFound`], [`ProfileError::Forbidden`].
    pub async fn get_shared(
        &self,
        user: UserId,
        id: ProfileId,
    ) -> Result<Arc<Profile>, ProfileError> {
        let profile = self
            .profiles
            .find_shared(id, user)
            .await?
            .ok_or(ProfileError::NotFound)?;
        check_owner(&profile, user)?;
        Ok(profile)
    }

    /// The stored profile, never a shared read (changes start from it).
    async fn get_stored(&self, user: UserId, id: ProfileId) -> Result<Profile, ProfileError> {
        let profile = self
            .profiles
            .find(id)
            .await?
            .ok_or(ProfileError::NotFound)?;
        check_owner(&profile, user)?;
        Ok(profile)
    }

    /// Deletes a profile of the caller's and everything that hangs on it.
    ///
    /// # Errors
    /// [`ProfileError::NotFound`], [`ProfileError::Forbidden`].
    #[tracing::instrument(skip_all, fields(user.id = %user, profile.id = %id))]
    pub async fn delete(&self, user: UserId, id: ProfileId) -> Result<(), ProfileError> {
        self.get_stored(user, id).await?;
        let deleted = self.profiles.delete(id).await?;
        if deleted {
            tracing::info!("profile deleted");
            Ok(())
        } else {
            Err(ProfileError::NotFound)
        }
    }

    /// # Errors
    /// As [`ProfileService::get`].
    pub async fn analytics(
        &self,
        user: UserId,
        id: ProfileId,
    ) -> Result<ProfileAnalytics, ProfileError> {
        let profile = self.get(user, id).await?;
        Ok(analyse(&profile, current_year(self.clock.now())))
    }

    /// Loads the caller's profile, applies `change` and saves it; retried on a concurrent
    /// save. `change` returns what the caller gets back and which sections it touched.
    async fn modify<T>(
        &self,
        user: UserId,
        id: ProfileId,
        change: impl Fn(&mut Profile) -> Result<(T, SectionChanges), ProfileError>,
    ) -> Result<(T, Profile), ProfileError> {
        for _ in 0..MAX_ATTEMPTS {
            let mut profile = self.get_stored(user, id).await?;
            let expected = profile.version;
            let (out, sections) = change(&mut profile)?;
            profile
                .check_limits()
                .map_err(|e| ProfileError::Invalid(format!("Invalid profile data: {e}")))?;
            profile.updated_at = self.clock.now();
            profile.version = expected + 1;
            match self.profiles.update(&profile, expected, sections).await {
                Ok(()) => return Ok((out, profile)),
                Err(SaveProfileError::Conflict) => {
                    tracing::debug!(profile.id = %id, "concurrent profile save; retrying");
                }
                Err(SaveProfileError::AlreadyExists) => return Err(ProfileError::AlreadyExists),
                Err(SaveProfileError::Unexpected(e)) => return Err(e.into()),
            }
        }
        Err(ProfileError::Conflict)
    }

    /// Applies a partial update; every part it names is validated first and the whole
    /// change is saved at once or not at all.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] with the section's prefix (`Invalid personal info: ...`).
    #[tracing::instrument(skip_all, fields(user.id = %user, profile.id = %id))]
    pub async fn update(
        &self,
        user: UserId,
        id: ProfileId,
        update: ProfileUpdate,
    ) -> Result<Profile, ProfileError> {
        let invalid = |prefix: &str, e: String| ProfileError::Invalid(format!("{prefix}: {e}"));
        let personal_info = update
            .personal_info
            .map(PersonalInfo::normalized)
            .transpose()
            .map_err(|e| invalid("Invalid personal info", e))?;
        check_summary(
            "professional_summary",
            update.professional_summary.as_deref(),
        )
        .map_err(|e| invalid("Invalid profile data", e))?;
        check_summary(
            "enhanced_professional_summary",
            update.enhanced_professional_summary.as_deref(),
        )
        .map_err(|e| invalid("Invalid profile data", e))?;
        let skills = update
            .skills
            .map(normalize_skills)
            .transpose()
            .map_err(|e| invalid("Invalid skills data", e))?;
        let experiences = update
            .experiences
            .map(validate_section)
            .transpose()
            .map_err(|e| invalid("Invalid experiences data", e))?;
        let education = update
            .education
            .map(validate_section)
            .transpose()
            .map_err(|e| invalid("Invalid education data", e))?;
        let projects = update
            .projects
            .map(validate_section)
            .transpose()
            .map_err(|e| invalid("Invalid projects data", e))?;
        if let Some(fields) = &update.custom_fields {
            check_custom_fields(fields).map_err(|e| invalid("Invalid custom fields", e))?;
        }
        let custom_fields = update.custom_fields;
        let summary = update.professional_summary;
        let enhanced = update.enhanced_professional_summary;
        let sections = SectionChanges {
            experiences: experiences.is_some(),
            education: education.is_some(),
            projects: projects.is_some(),
        };
        let (_, profile) = self
            .modify(user, id, |p| {
                if let Some(v) = &personal_info {
                    p.personal_info = v.clone();
                }
                // `null` (None) leaves a summary as it is.
                if let Some(v) = &summary {
                    p.professional_summary = Some(v.clone());
                }
                if let Some(v) = &enhanced {
                    p.enhanced_professional_summary = Some(v.clone());
                }
                if let Some(v) = &skills {
                    p.skills = v.clone();
                }
                if let Some(v) = &experiences {
                    p.experiences = v.clone();
                }
                if let Some(v) = &education {
                    p.education = v.clone();
                }
                if let Some(v) = &projects {
                    p.projects = v.clone();
                }
                if let Some(v) = &custom_fields {
                    p.custom_fields = v.clone();
                }
                Ok(((), sections))
            })
            .await?;
        Ok(profile)
    }

    fn bulk_invalid<T: SectionItem>(i: usize, e: &str) -> ProfileError {
        ProfileError::Invalid(format!("Invalid {} data: [{i}]: {e}", T::ITEM))
    }

    /// Appends items to a section. An item equal to an existing entry (same id, or the
    /// same natural key) is skipped. Returns the items added.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] (`Invalid experience data: [i]: ...`); nothing is added.
    pub async fn add_items<T: SectionItem>(
        &self,
        user: UserId,
        id: ProfileId,
        items: Vec<T>,
    ) -> Result<Vec<T>, ProfileError> {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| item.validated().map_err(|e| Self::bulk_invalid::<T>(i, &e)))
            .collect::<Result<Vec<T>, _>>()?;
        let (added, _) = self
            .modify(user, id, |p| {
                let section = T::section(p);
                let mut added = Vec::new();
                for item in &items {
                    let duplicate = section
                        .iter()
                        .any(|e| e.id() == item.id() || e.same_entry(item));
                    if !duplicate {
                        section.push(item.clone());
                        added.push(item.clone());
                    }
                }
                Ok((added, T::changes()))
            })
            .await?;
        Ok(added)
    }

    /// Replaces the items whose ids exist in the section; unknown ids are ignored.
    /// Returns the items replaced.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`]; nothing is changed.
    pub async fn update_items<T: SectionItem>(
        &self,
        user: UserId,
        id: ProfileId,
        items: Vec<T>,
    ) -> Result<Vec<T>, ProfileError> {
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| item.validated().map_err(|e| Self::bulk_invalid::<T>(i, &e)))
            .collect::<Result<Vec<T>, _>>()?;
        let (updated, _) = self
            .modify(user, id, |p| {
                let section = T::section(p);
                let mut updated = Vec::new();
                for item in &items {
                    if let Some(slot) = section.iter_mut().find(|e| e.id() == item.id()) {
                        *slot = item.clone();
                        updated.push(item.clone());
                    }
                }
                Ok((updated, T::changes()))
            })
            .await?;
        Ok(updated)
    }

    /// Removes the items with these ids; unknown ids are ignored. Returns how many went.
    ///
    /// # Errors
    /// Ownership errors.
    pub async fn delete_items<T: SectionItem>(
        &self,
        user: UserId,
        id: ProfileId,
        ids: Vec<String>,
    ) -> Result<usize, ProfileError> {
        let (removed, _) = self
            .modify(user, id, |p| {
                let section = T::section(p);
                let before = section.len();
                section.retain(|e| !ids.iter().any(|x| x == e.id()));
                Ok((before - section.len(), T::changes()))
            })
            .await?;
        Ok(removed)
    }

    /// Replaces all four skill lists.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] (`Invalid skills data: ...`).
    pub async fn replace_skills(
        &self,
        user: UserId,
        id: ProfileId,
        skills: Skills,
    ) -> Result<Skills, ProfileError> {
        let skills = normalize_skills(skills)
            .map_err(|e| ProfileError::Invalid(format!("Invalid skills data: {e}")))?;
        let (_, profile) = self
            .modify(user, id, |p| {
                p.skills = skills.clone();
                Ok(((), SectionChanges::NONE))
            })
            .await?;
        Ok(profile.skills)
    }

    /// Adds plain skills (kept in order, repeats ignored case-insensitively). Returns how
    /// many were new.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] for blank or over-long entries or too many skills.
    pub async fn add_skills(
        &self,
        user: UserId,
        id: ProfileId,
        kind: SkillKind,
        skills: Vec<String>,
    ) -> Result<usize, ProfileError> {
        let (added, _) = self
            .modify(user, id, |p| {
                let list = p.skills.list_mut(kind);
                let mut seen: std::collections::HashSet<String> =
                    list.iter().map(|s| s.trim().to_lowercase()).collect();
                let added = skills
                    .iter()
                    .filter(|s| {
                        let key = s.trim().to_lowercase();
                        !key.is_empty() && seen.insert(key)
                    })
                    .count();
                let mut merged = std::mem::take(list);
                merged.extend(skills.iter().cloned());
                *list = dedupe(merged);
                let skills = std::mem::take(&mut p.skills);
                p.skills = skills
                    .normalized()
                    .map_err(|e| ProfileError::Invalid(format!("Invalid skills data: {e}")))?;
                Ok((added, SectionChanges::NONE))
            })
            .await?;
        Ok(added)
    }

    /// Removes plain skills (matched case-insensitively). Returns how many went.
    ///
    /// # Errors
    /// Ownership errors.
    pub async fn remove_skills(
        &self,
        user: UserId,
        id: ProfileId,
        kind: SkillKind,
        skills: Vec<String>,
    ) -> Result<usize, ProfileError> {
        let remove: Vec<String> = skills.iter().map(|s| s.trim().to_lowercase()).collect();
        let (removed, _) = self
            .modify(user, id, |p| {
                let list = p.skills.list_mut(kind);
                let before = list.len();
                list.retain(|s| !remove.contains(&s.to_lowercase()));
                Ok((before - list.len(), SectionChanges::NONE))
            })
            .await?;
        Ok(removed)
    }

    /// Adds certifications (an entry with the same id, or the same name and issuer, is
    /// skipped). Returns those added.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] (`Invalid certification data: [i]: ...`).
    pub async fn add_certifications(
        &self,
        user: UserId,
        id: ProfileId,
        certifications: Vec<Certification>,
    ) -> Result<Vec<Certification>, ProfileError> {
        let certifications = check_certifications(certifications)?;
        let (added, _) = self
            .modify(user, id, |p| {
                let list = &mut p.skills.certifications;
                let mut added = Vec::new();
                for c in &certifications {
                    let duplicate = list.iter().any(|e| {
                        e.id == c.id
                            || (same_text(&e.name, &c.name) && same_text(&e.issuer, &c.issuer))
                    });
                    if !duplicate {
                        list.push(c.clone());
                        added.push(c.clone());
                    }
                }
                if list.len() > crate::profile::MAX_CERTIFICATIONS {
                    return Err(ProfileError::Invalid(format!(
                        "Invalid certification data: at most {} certifications are allowed",
                        crate::profile::MAX_CERTIFICATIONS
                    )));
                }
                Ok((added, SectionChanges::NONE))
            })
            .await?;
        Ok(added)
    }

    /// Replaces certifications by id; unknown ids are ignored. Returns those replaced.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`].
    pub async fn update_certifications(
        &self,
        user: UserId,
        id: ProfileId,
        certifications: Vec<Certification>,
    ) -> Result<Vec<Certification>, ProfileError> {
        let certifications = check_certifications(certifications)?;
        let (updated, _) = self
            .modify(user, id, |p| {
                let mut updated = Vec::new();
                for c in &certifications {
                    if let Some(slot) = p.skills.certifications.iter_mut().find(|e| e.id == c.id) {
                        *slot = c.clone();
                        updated.push(c.clone());
                    }
                }
                Ok((updated, SectionChanges::NONE))
            })
            .await?;
        Ok(updated)
    }

    /// Removes certifications by id. Returns how many went.
    ///
    /// # Errors
    /// Ownership errors.
    pub async fn delete_certifications(
        &self,
        user: UserId,
        id: ProfileId,
        ids: Vec<String>,
    ) -> Result<usize, ProfileError> {
        let (removed, _) = self
            .modify(user, id, |p| {
                let list = &mut p.skills.certifications;
                let before = list.len();
                list.retain(|c| !ids.contains(&c.id));
                Ok((before - list.len(), SectionChanges::NONE))
            })
            .await?;
        Ok(removed)
    }

    /// Merges custom fields; returns every key now present.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`] for a bad key or value, or too many fields.
    pub async fn merge_custom_fields(
        &self,
        user: UserId,
        id: ProfileId,
        fields: Vec<(String, Value)>,
    ) -> Result<Vec<String>, ProfileError> {
        for (k, v) in &fields {
            check_custom_field(k, v)
                .map_err(|e| ProfileError::Invalid(format!("Invalid custom fields: {e}")))?;
        }
        let (_, profile) = self
            .modify(user, id, |p| {
                for (k, v) in &fields {
                    p.custom_fields.insert(k.clone(), v.clone());
                }
                check_custom_fields(&p.custom_fields)
                    .map_err(|e| ProfileError::Invalid(format!("Invalid custom fields: {e}")))?;
                Ok(((), SectionChanges::NONE))
            })
            .await?;
        Ok(profile.custom_fields.keys().cloned().collect())
    }

    /// Replaces all custom fields.
    ///
    /// # Errors
    /// [`ProfileError::Invalid`].
    pub async fn replace_custom_fields(
        &self,
        user: UserId,
        id: ProfileId,
        fields: Map<String, Value>,
    ) -> Result<Map<String, Value>, ProfileError> {
        check_custom_fields(&fields)
            .map_err(|e| ProfileError::Invalid(format!("Invalid custom fields: {e}")))?;
        let (_, profile) = self
            .modify(user, id, |p| {
                p.custom_fields = fields.clone();
                Ok(((), SectionChanges::NONE))
            })
            .await?;
        Ok(profile.custom_fields)
    }

    /// Replaces the sections of the caller's profile with those of `new` (import with
    /// `mode=replace`), or creates the profile when there is none.
    ///
    /// # Errors
    /// As [`ProfileService::create`] and [`ProfileService::update`].
    pub async fn replace_all(
        &self,
        user: UserId,
        new: NewProfile,
    ) -> Result<Profile, ProfileError> {
        let Some(existing) = self.profiles.find_by_user(user).await? else {
            return self.create(user, new).await;
        };
        // One versioned write: every part of the document is applied, or none.
        self.update(
            user,
            existing.id,
            ProfileUpdate {
                personal_info: Some(new.personal_info),
                professional_summary: new.professional_summary,
                enhanced_professional_summary: None,
                skills: Some(new.skills),
                experiences: Some(new.experiences),
                education: Some(new.education),
                projects: Some(new.projects),
                custom_fields: Some(new.custom_fields),
            },
        )
        .await
    }
}

/// Another user's profile is refused.
fn check_owner(profile: &Profile, user: UserId) -> Result<(), ProfileError> {
    if profile.user_id == user {
        Ok(())
    } else {
        Err(ProfileError::Forbidden)
    }
}

fn check_certifications(
    certifications: Vec<Certification>,
) -> Result<Vec<Certification>, ProfileError> {
    certifications
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            c.id = item_id(Some(std::mem::take(&mut c.id)));
            c.check().map(|()| c).map_err(|e| {
                ProfileError::Invalid(format!("Invalid certification data: [{i}]: {e}"))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
