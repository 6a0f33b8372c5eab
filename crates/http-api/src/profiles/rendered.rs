//! Serialised profile bodies, kept per profile version.
//!
//! The app reads its profile (`GET /profiles/me`) far more often than it changes it, and a
//! full profile is several kilobytes of JSON. A body is rendered once per profile version;
//! since every save bumps the version, a kept body can never be stale.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;
use tailor_domain::profile::Profile;
use uuid::Uuid;

use super::dto::ProfileResponse;

pub struct RenderedProfiles {
    capacity: usize,
    entries: Mutex<HashMap<Uuid, (i64, Bytes)>>,
}

impl Default for RenderedProfiles {
    fn default() -> Self {
        Self::new(256)
    }
}

impl RenderedProfiles {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The JSON body of `profile`.
    ///
    /// # Errors
    /// Serialisation failures (none expected for these types).
    pub fn render(&self, profile: &Profile) -> Result<Bytes, serde_json::Error> {
        if let Ok(entries) = self.entries.lock()
            && let Some((version, body)) = entries.get(&profile.id)
            && *version == profile.version
        {
            return Ok(body.clone());
        }
        let body = Bytes::from(serde_json::to_vec(&ProfileResponse::from(profile.clone()))?);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.capacity && !entries.contains_key(&profile.id) {
                entries.clear();
            }
            entries.insert(profile.id, (profile.version, body.clone()));
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::Map;
    use tailor_domain::profile::{PersonalInfo, Skills};
    use tailor_domain::user::UserId;

    use super::*;

    fn profile(version: i64, name: &str) -> Profile {
        Profile {
            id: Uuid::from_u128(7),
            user_id: UserId::new(1),
            personal_info: PersonalInfo {
                full_name: name.into(),
                email: "a@example.com".into(),
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
            version,
        }
    }

    #[test]
    fn a_body_is_reused_for_its_version_and_rendered_again_for_the_next() {
        let cache = RenderedProfiles::new(8);
        let first = cache.render(&profile(1, "Jane")).unwrap();
        // Same version: the kept body, even if the value passed differs.
        let again = cache.render(&profile(1, "Someone else")).unwrap();
        assert_eq!(first, again);
        let next = cache.render(&profile(2, "Janet")).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&next).unwrap();
        assert_eq!(json["personal_info"]["full_name"], "Janet");
    }
}
