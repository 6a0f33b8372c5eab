//! Markdown and plain text, one layout for every template: the DOCX order of SPEC §7
//! (summary, skills, experience, projects, education). User text is escaped for Markdown
//! so that it reads back as the same text, never as markup.

use std::fmt::Write as _;

use crate::content::{Document, Header, Letter, Resume, date_range};

const SUMMARY: &str = "Professional Summary";
const SKILLS: &str = "Skills";
const EXPERIENCE: &str = "Professional Experience";
const PROJECTS: &str = "Projects";
const EDUCATION: &str = "Education";
const LANGUAGES: &str = "Languages";
const CERTIFICATIONS: &str = "Certifications";

/// Every character of the document's text, in reading order (for the glyph check).
pub(crate) fn all_chars(document: &Document) -> impl Iterator<Item = char> + '_ {
    let mut texts: Vec<&str> = Vec::new();
    let h = document.header();
    texts.extend([
        h.name.as_str(),
        &h.title,
        &h.email,
        &h.phone,
        &h.location,
        &h.linkedin,
        &h.github,
        &h.website,
    ]);
    match document {
        Document::Resume(r) => {
            texts.push(&r.summary);
            for g in &r.skills.groups {
                texts.push(&g.name);
                texts.extend(g.items.iter().map(String::as_str));
            }
            for l in &r.skills.languages {
                texts.extend([l.name.as_str(), &l.proficiency]);
            }
            for c in &r.skills.certifications {
                texts.extend([c.name.as_str(), &c.issuer, &c.date]);
            }
            for e in &r.experience {
                texts.extend([
                    e.title.as_str(),
                    &e.company,
                    &e.location,
                    &e.start_date,
                    &e.end_date,
                    &e.description,
                ]);
                texts.extend(e.bullets.iter().map(String::as_str));
            }
            for p in &r.projects {
                texts.extend([
                    p.name.as_str(),
                    &p.description,
                    &p.url,
                    &p.start_date,
                    &p.end_date,
                ]);
                texts.extend(p.technologies.iter().map(String::as_str));
            }
            for e in &r.education {
                texts.extend([
                    e.degree.as_str(),
                    &e.field_of_study,
                    &e.institution,
                    &e.start_date,
                    &e.end_date,
                ]);
                texts.extend(e.honors.iter().map(String::as_str));
            }
        }
        Document::Letter(l) => {
            texts.push(&l.company);
            texts.extend(l.paragraphs.iter().map(String::as_str));
        }
    }
    texts.into_iter().flat_map(str::chars)
}

/// The document as CommonMark.
pub(crate) fn markdown(document: &Document) -> String {
    let mut out = String::new();
    match document {
        Document::Resume(r) => markdown_resume(&mut out, r),
        Document::Letter(l) => markdown_letter(&mut out, l),
    }
    finish(out)
}

/// The document as plain text.
pub(crate) fn text(document: &Document) -> String {
    let mut out = String::new();
    match document {
        Document::Resume(r) => text_resume(&mut out, r),
        Document::Letter(l) => text_letter(&mut out, l),
    }
    finish(out)
}

/// One trailing newline, no trailing blank lines.
fn finish(mut out: String) -> String {
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn links(h: &Header) -> Vec<String> {
    [
        ("LinkedIn", &h.linkedin),
        ("GitHub", &h.github),
        ("Website", &h.website),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}: {v}"))
    .collect()
}

fn contact_line(h: &Header) -> Vec<&str> {
    [h.location.as_str(), &h.email, &h.phone]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
}

// ---- Markdown ----

/// Escapes text so that CommonMark shows it literally: inline markup characters anywhere,
/// block markers at the start of a line, entity-like `&`.
pub(crate) fn md_escape(text: &str) -> String {
    text.lines()
        .map(md_escape_line)
        .collect::<Vec<_>>()
        .join("\n")
}

fn md_escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let at_start = i == 0;
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' => true,
            '#' | '+' | '-' | '=' => at_start,
            '!' => chars.get(i + 1) == Some(&'['),
            '&' => looks_like_entity(&chars[i + 1..]),
            // `1.` or `1)` opening a line starts an ordered list.
            '.' | ')' => chars[..i].iter().all(char::is_ascii_digit) && i > 0,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn looks_like_entity(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

/// A multi-line text as one Markdown paragraph with hard line breaks.
fn md_block(text: &str) -> String {
    text.lines()
        .map(md_escape_line)
        .collect::<Vec<_>>()
        .join("\\\n")
}

fn markdown_header(out: &mut String, h: &Header) {
    if !h.name.is_empty() {
        let _ = writeln!(out, "# {}\n", md_escape(&h.name));
    }
    if !h.title.is_empty() {
        let _ = writeln!(out, "**{}**\n", md_escape(&h.title));
    }
    let contacts: Vec<String> = contact_line(h).into_iter().map(md_escape).collect();
    if !contacts.is_empty() {
        let _ = writeln!(out, "{}\n", contacts.join(" · "));
    }
    let links: Vec<String> = links(h).iter().map(|l| md_escape(l)).collect();
    if !links.is_empty() {
        let _ = writeln!(out, "{}\n", links.join(" · "));
    }
}

fn markdown_resume(out: &mut String, r: &Resume) {
    markdown_header(out, &r.header);
    if !r.summary.is_empty() {
        let _ = writeln!(out, "## {SUMMARY}\n\n{}\n", md_block(&r.summary));
    }
    if !r.skills.is_empty() {
        let _ = writeln!(out, "## {SKILLS}\n");
        for g in &r.skills.groups {
            let items: Vec<String> = g.items.iter().map(|i| md_escape(i)).collect();
            let _ = writeln!(out, "- **{}:** {}", md_escape(&g.name), items.join(", "));
        }
        if !r.skills.languages.is_empty() {
            let items: Vec<String> = r
                .skills
                .languages
                .iter()
                .map(|l| md_escape(&l.display()))
                .collect();
            let _ = writeln!(out, "- **{LANGUAGES}:** {}", items.join(", "));
        }
        out.push('\n');
        if !r.skills.certifications.is_empty() {
            let _ = writeln!(out, "### {CERTIFICATIONS}\n");
            for c in &r.skills.certifications {
                let _ = writeln!(out, "- {}", md_escape(&c.display()));
            }
            out.push('\n');
        }
    }
    if !r.experience.is_empty() {
        let _ = writeln!(out, "## {EXPERIENCE}\n");
        for e in &r.experience {
            let title = [e.title.as_str(), &e.company]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(md_escape)
                .collect::<Vec<_>>()
                .join(" — ");
            let _ = writeln!(out, "### {title}\n");
            let meta: Vec<String> = [
                e.location.clone(),
                date_range(&e.start_date, &e.end_date, " – "),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| md_escape(s))
            .collect();
            if !meta.is_empty() {
                let _ = writeln!(out, "*{}*\n", meta.join(" · "));
            }
            if !e.description.is_empty() {
                let _ = writeln!(out, "{}\n", md_block(&e.description));
            }
            for b in &e.bullets {
                let _ = writeln!(out, "- {}", md_escape(b));
            }
            if !e.bullets.is_empty() {
                out.push('\n');
            }
        }
    }
    if !r.projects.is_empty() {
        let _ = writeln!(out, "## {PROJECTS}\n");
        for p in &r.projects {
            let _ = writeln!(out, "### {}\n", md_escape(&p.name));
            let dates = date_range(&p.start_date, &p.end_date, " – ");
            if !dates.is_empty() {
                let _ = writeln!(out, "*{}*\n", md_escape(&dates));
            }
            if !p.description.is_empty() {
                let _ = writeln!(out, "{}\n", md_block(&p.description));
            }
            if !p.technologies.is_empty() {
                let _ = writeln!(
                    out,
                    "*Technologies:* {}\n",
                    md_escape(&p.technologies.join(", "))
                );
            }
            if !p.url.is_empty() {
                let _ = writeln!(out, "URL: {}\n", md_escape(&p.url));
            }
        }
    }
    if !r.education.is_empty() {
        let _ = writeln!(out, "## {EDUCATION}\n");
        for e in &r.education {
            let _ = writeln!(out, "### {}\n", md_escape(&e.degree_line()));
            let lines: Vec<String> = [
                e.institution.clone(),
                date_range(&e.start_date, &e.end_date, " – "),
                e.gpa_text()
                    .map(|g| format!("GPA: {g}"))
                    .unwrap_or_default(),
                e.honors.join(", "),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| md_escape(s))
            .collect();
            if !lines.is_empty() {
                let _ = writeln!(out, "{}\n", lines.join("\\\n"));
            }
        }
    }
}

fn markdown_letter(out: &mut String, l: &Letter) {
    markdown_header(out, &l.header);
    for p in &l.paragraphs {
        let _ = writeln!(out, "{}\n", md_block(p));
    }
}

// ---- Plain text ----

fn text_heading(out: &mut String, title: &str) {
    let upper = title.to_uppercase();
    let _ = writeln!(out, "{upper}\n{}", "=".repeat(upper.chars().count()));
}

fn text_header(out: &mut String, h: &Header) {
    for line in [h.name.as_str(), &h.title] {
        if !line.is_empty() {
            let _ = writeln!(out, "{line}");
        }
    }
    let contacts = contact_line(h);
    if !contacts.is_empty() {
        let _ = writeln!(out, "{}", contacts.join(" | "));
    }
    let links = links(h);
    if !links.is_empty() {
        let _ = writeln!(out, "{}", links.join(" | "));
    }
    out.push('\n');
}

fn text_resume(out: &mut String, r: &Resume) {
    text_header(out, &r.header);
    if !r.summary.is_empty() {
        text_heading(out, SUMMARY);
        let _ = writeln!(out, "{}\n", r.summary);
    }
    if !r.skills.is_empty() {
        text_heading(out, SKILLS);
        for g in &r.skills.groups {
            let _ = writeln!(out, "{}: {}", g.name, g.items.join(", "));
        }
        if !r.skills.languages.is_empty() {
            let items: Vec<String> = r.skills.languages.iter().map(|l| l.display()).collect();
            let _ = writeln!(out, "{LANGUAGES}: {}", items.join(", "));
        }
        if !r.skills.certifications.is_empty() {
            let _ = writeln!(out, "{CERTIFICATIONS}:");
            for c in &r.skills.certifications {
                let _ = writeln!(out, "  - {}", c.display());
            }
        }
        out.push('\n');
    }
    if !r.experience.is_empty() {
        text_heading(out, EXPERIENCE);
        for e in &r.experience {
            let title = [e.title.as_str(), &e.company]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" — ");
            let _ = writeln!(out, "{title}");
            let meta: Vec<String> = [
                e.location.clone(),
                date_range(&e.start_date, &e.end_date, " – "),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
            if !meta.is_empty() {
                let _ = writeln!(out, "{}", meta.join(" | "));
            }
            if !e.description.is_empty() {
                let _ = writeln!(out, "{}", e.description);
            }
            for b in &e.bullets {
                let _ = writeln!(out, "  - {b}");
            }
            out.push('\n');
        }
    }
    if !r.projects.is_empty() {
        text_heading(out, PROJECTS);
        for p in &r.projects {
            let _ = writeln!(out, "{}", p.name);
            let dates = date_range(&p.start_date, &p.end_date, " – ");
            for line in [dates.as_str(), &p.description] {
                if !line.is_empty() {
                    let _ = writeln!(out, "{line}");
                }
            }
            if !p.technologies.is_empty() {
                let _ = writeln!(out, "Technologies: {}", p.technologies.join(", "));
            }
            if !p.url.is_empty() {
                let _ = writeln!(out, "URL: {}", p.url);
            }
            out.push('\n');
        }
    }
    if !r.education.is_empty() {
        text_heading(out, EDUCATION);
        for e in &r.education {
            let lines = [
                e.degree_line(),
                e.institution.clone(),
                date_range(&e.start_date, &e.end_date, " – "),
                e.gpa_text()
                    .map(|g| format!("GPA: {g}"))
                    .unwrap_or_default(),
                e.honors.join(", "),
            ];
            for line in lines.iter().filter(|l| !l.is_empty()) {
                let _ = writeln!(out, "{line}");
            }
            out.push('\n');
        }
    }
}

fn text_letter(out: &mut String, l: &Letter) {
    text_header(out, &l.header);
    for p in &l.paragraphs {
        let _ = writeln!(out, "{p}\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Experience, SkillGroup};

    #[test]
    fn markdown_markup_in_user_text_is_escaped() {
        assert_eq!(
            md_escape("*bold* _it_ [x](y) `c`"),
            r"\*bold\* \_it\_ \[x\](y) \`c\`"
        );
        assert_eq!(md_escape("# not a heading"), r"\# not a heading");
        assert_eq!(md_escape("- not a bullet"), r"\- not a bullet");
        assert_eq!(md_escape("1. not a list"), r"1\. not a list");
        assert_eq!(md_escape("Node.js, C++ & R&D"), "Node.js, C++ & R&D");
        assert_eq!(md_escape("&amp; <b>"), r"\&amp; \<b\>");
        assert_eq!(md_escape(r"a\b | c"), r"a\\b \| c");
        assert_eq!(md_escape("![img](x)"), r"\!\[img\](x)");
    }

    fn sample() -> Document {
        Document::Resume(Resume {
            summary: "Builds *things*.".into(),
            skills: crate::content::Skills {
                groups: vec![SkillGroup {
                    name: "Technical Skills".into(),
                    items: vec!["Rust".into(), "C#".into()],
                }],
                ..Default::default()
            },
            experience: vec![Experience {
                title: "Engineer".into(),
                company: "ACME".into(),
                bullets: vec!["Cut latency by 40%".into(), "#1 in sales".into()],
                ..Default::default()
            }],
            ..Default::default()
        })
    }

    #[test]
    fn markdown_has_headings_and_bullets() {
        let md = markdown(&sample());
        assert!(
            md.contains("## Professional Summary\n\nBuilds \\*things\\*."),
            "{md}"
        );
        assert!(md.contains("### Engineer — ACME"), "{md}");
        assert!(md.contains("- Cut latency by 40%\n- \\#1 in sales"), "{md}");
        assert!(md.contains("- **Technical Skills:** Rust, C#"), "{md}");
    }

    #[test]
    fn plain_text_keeps_user_text_as_is() {
        let txt = text(&sample());
        assert!(
            txt.contains("PROFESSIONAL SUMMARY\n===================="),
            "{txt}"
        );
        assert!(txt.contains("  - #1 in sales"), "{txt}");
        assert!(txt.ends_with('\n') && !txt.ends_with("\n\n"));
    }
}
