//! Personal data out of everything sent to a language model, and back into its answer:
//! the profile's name, email, phone, location and profile URLs, and any other email
//! address, phone number or link in the text, become placeholders such as `[[EMAIL]]`.

use crate::profile::Profile;

/// The profile's name as the model sees it (and writes it back).
pub const NAME: &str = "[[NAME]]";

/// Replaces personal data with placeholders and restores it in answers.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// (personal value, placeholder), longest value first.
    pairs: Vec<(String, String)>,
}

impl Redactor {
    /// A redactor of `profile`'s personal data.
    #[must_use]
    pub fn for_profile(profile: &Profile) -> Self {
        let info = &profile.personal_info;
        let mut r = Self::default();
        r.add(info.full_name.trim(), NAME);
        // Each part of the name alone ("Dear Ms Doe"), when it is a real word.
        for (i, part) in info.full_name.split_whitespace().enumerate() {
            if part.chars().count() >= 3 {
                r.add(part, &format!("[[NAME_{}]]", i + 1));
            }
        }
        r.add(info.email.trim(), "[[EMAIL]]");
        for (value, placeholder) in [
            (&info.phone, "[[PHONE]]"),
            (&info.location, "[[LOCATION]]"),
            (&info.linkedin, "[[LINKEDIN]]"),
            (&info.github, "[[GITHUB]]"),
            (&info.website, "[[WEBSITE]]"),
        ] {
            if let Some(v) = value {
                r.add(v.trim(), placeholder);
            }
        }
        r
    }

    fn add(&mut self, value: &str, placeholder: &str) {
        if value.is_empty() || self.pairs.iter().any(|(v, _)| v == value) {
            return;
        }
        self.pairs.push((value.to_owned(), placeholder.to_owned()));
        self.pairs
            .sort_by_key(|(value, _)| std::cmp::Reverse(value.chars().count()));
    }

    /// `text` with the profile's personal data, and any email address, phone number or
    /// link, replaced by placeholders. New values found in the text are remembered, so that
    /// [`Self::restore`] puts them back.
    pub fn redact(&mut self, text: &str) -> String {
        let mut out = text.to_owned();
        for (value, placeholder) in &self.pairs {
            out = out.replace(value.as_str(), placeholder);
        }
        let mut found: Vec<String> = Vec::new();
        for token in out.split_whitespace() {
            let token = token.trim_matches(|c: char| {
                matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\'' | '<' | '>')
            });
            let token = token.trim_end_matches('.');
            if (is_email(token) || is_link(token)) && !found.iter().any(|f| f == token) {
                found.push(token.to_owned());
            }
        }
        found.extend(phone_numbers(&out));
        for value in found {
            let placeholder = format!("[[CONTACT_{}]]", self.pairs.len() + 1);
            out = out.replace(value.as_str(), &placeholder);
            self.add(&value, &placeholder);
        }
        out
    }

    /// `text` with every placeholder back to the value it stands for.
    #[must_use]
    pub fn restore(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // Placeholders of whole values first: `[[NAME]]` before `[[NAME_1]]` never clash,
        // as each is replaced whole.
        for (value, placeholder) in &self.pairs {
            out = out.replace(placeholder.as_str(), value);
        }
        out
    }
}

fn is_email(token: &str) -> bool {
    let Some((local, domain)) = token.split_once('@') else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
}

fn is_link(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

/// Runs of digits, spaces, dots, dashes, parentheses and a leading `+` that hold at least
/// seven digits: phone numbers as people write them.
fn phone_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_ascii_digit() || c == '+' || c == '(' {
            let mut j = i;
            let mut digits = 0;
            let mut end = start;
            while j < chars.len() {
                let (at, d) = chars[j];
                if d.is_ascii_digit() {
                    digits += 1;
                    end = at + 1;
                } else if !(matches!(d, ' ' | '-' | '.' | '(' | ')') || (d == '+' && j == i)) {
                    break;
                }
                j += 1;
            }
            if digits >= 7 {
                let number = text[start..end].trim().to_owned();
                if !is_year_range(&number) && !out.contains(&number) {
                    out.push(number);
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `2015-2018`, `2015 - 2018`: years, not a phone number.
fn is_year_range(run: &str) -> bool {
    let parts: Vec<&str> = run
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::Map;

    use super::*;
    use crate::profile::{PersonalInfo, ProfileId, Skills};
    use crate::user::UserId;

    fn profile() -> Profile {
        Profile {
            id: ProfileId::new_random(),
            user_id: UserId::new(1),
            personal_info: PersonalInfo {
                full_name: "Jane Doe".into(),
                email: "jane@example.com".into(),
                phone: Some("+1 555 0100".into()),
                location: Some("12 Baker Street, London".into()),
                linkedin: Some("https://linkedin.com/in/jane".into()),
                github: None,
                website: None,
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
            version: 1,
        }
    }

    #[test]
    fn personal_data_leaves_as_placeholders_and_comes_back() {
        let mut r = Redactor::for_profile(&profile());
        let text = "Jane Doe (jane@example.com, +1 555 0100) lives at 12 Baker Street, London; \
                    see https://linkedin.com/in/jane. Ms Doe also answers at \
                    jd@work.example.org or (020) 7946-0958, and www.janedoe.dev.";
        let redacted = r.redact(text);
        for secret in [
            "Jane",
            "Doe",
            "jane@example.com",
            "555 0100",
            "Baker Street",
            "linkedin.com",
            "jd@work.example.org",
            "7946-0958",
            "janedoe.dev",
        ] {
            assert!(!redacted.contains(secret), "{secret} in {redacted}");
        }
        assert!(
            redacted.starts_with("[[NAME]] ([[EMAIL]], [[PHONE]])"),
            "{redacted}"
        );
        assert_eq!(r.restore(&redacted), text);
    }

    #[test]
    fn short_name_parts_and_plain_numbers_are_left_alone() {
        let mut p = profile();
        p.personal_info.full_name = "Al Li".into();
        let mut r = Redactor::for_profile(&p);
        let redacted = r.redact("Cut costs by 30% in 2021 across 120 stores (2015 - 2018). Al Li.");
        assert!(
            redacted.contains("30% in 2021 across 120 stores (2015 - 2018)"),
            "{redacted}"
        );
        assert!(redacted.ends_with("[[NAME]]."), "{redacted}");
    }
}
