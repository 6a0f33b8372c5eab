//! The browse catalogue shipped with the server (`data/job_catalogue.json`). Each entry's
//! `keywords` were computed by the skills engine when the data was written; a test here
//! recomputes them, so a vocabulary change that moves them fails until the file is
//! refreshed (`TAILOR_BLESS=1 cargo test -p tailor-analysis catalogue`).

use tailor_domain::job::Catalogue;

const SHIPPED: &str = include_str!("../data/job_catalogue.json");

/// The shipped catalogue, read and checked.
///
/// # Errors
/// The data file is not a valid catalogue.
pub fn shipped_catalogue() -> Result<Catalogue, String> {
    Catalogue::from_json(SHIPPED)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::io;

    use serde::Serialize;
    use serde_json::ser::{Formatter, Serializer};

    use tailor_domain::job::CatalogueJob;

    use super::*;

    /// The keywords of an entry, as the skills engine reads its title, description and lists.
    fn keywords_of(job: &CatalogueJob) -> Vec<String> {
        let text = format!(
            "{}\n{}\n{}\n{}\n{}",
            job.title,
            job.description,
            job.requirements.join("\n"),
            job.preferred_requirements.join("\n"),
            job.responsibilities.join("\n"),
        );
        tailor_skills::extract_keywords(&text)
    }

    #[test]
    fn the_shipped_catalogue_loads_and_is_varied() {
        let catalogue = shipped_catalogue().unwrap();
        let jobs = catalogue.jobs();
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

    /// One entry a line, `", "` and `": "` between items, as the file is written by hand.
    struct OneLine;

    impl Formatter for OneLine {
        fn begin_array_value<W: ?Sized + io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> io::Result<()> {
            separate(writer, first)
        }

        fn begin_object_key<W: ?Sized + io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> io::Result<()> {
            separate(writer, first)
        }

        fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
            writer.write_all(b": ")
        }
    }

    /// `", "` before every item but the first.
    fn separate<W: ?Sized + io::Write>(writer: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn one_line(job: &CatalogueJob) -> String {
        let mut out = Vec::new();
        job.serialize(&mut Serializer::with_formatter(&mut out, OneLine))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn catalogue_keywords_are_what_the_skills_engine_reads() {
        let catalogue = shipped_catalogue().unwrap();
        let stale: Vec<&str> = catalogue
            .jobs()
            .iter()
            .filter(|job| job.keywords != keywords_of(job))
            .map(|job| job.title.as_str())
            .collect();
        if stale.is_empty() {
            return;
        }
        if std::env::var_os("TAILOR_BLESS").is_some() {
            let lines: Vec<String> = catalogue
                .jobs()
                .iter()
                .map(|job| {
                    let mut job = job.clone();
                    job.keywords = keywords_of(&job);
                    format!("  {}", one_line(&job))
                })
                .collect();
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/job_catalogue.json");
            std::fs::write(path, format!("[\n{}\n]\n", lines.join(",\n"))).unwrap();
            return;
        }
        panic!(
            "the keywords of {stale:?} are stale; refresh them with \
             TAILOR_BLESS=1 cargo test -p tailor-analysis catalogue"
        );
    }

    #[test]
    fn an_entry_is_written_back_as_the_file_spells_it() {
        let first = SHIPPED.lines().nth(1).unwrap().trim().trim_end_matches(',');
        let catalogue = shipped_catalogue().unwrap();
        assert_eq!(one_line(&catalogue.jobs()[0]), first);
    }
}
