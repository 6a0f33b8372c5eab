//! Matching rules of the vocabulary on texts, and checks of the shipped data.

use std::collections::BTreeSet;

use super::*;

fn names(text: &str) -> Vec<&'static str> {
    vocabulary().find_all(text).iter().map(|m| m.name).collect()
}

fn set(text: &str) -> BTreeSet<&'static str> {
    names(text).into_iter().collect()
}

fn found(text: &str, name: &str) -> bool {
    names(text).contains(&name)
}

fn count(text: &str, name: &str) -> usize {
    vocabulary()
        .find_all(text)
        .iter()
        .find(|m| m.name == name)
        .map_or(0, |m| m.count)
}

#[test]
fn the_shipped_vocabulary_is_valid_and_has_at_least_600_skills_of_both_kinds() {
    let parsed = Vocabulary::from_json(include_str!("../../data/skills.json"));
    let vocabulary = parsed.expect("valid");
    assert!(vocabulary.len() >= 600, "{} skills", vocabulary.len());
    let soft = vocabulary
        .skills()
        .iter()
        .filter(|s| s.kind == VocabularyKind::Soft)
        .count();
    assert!(soft >= 50, "{soft} soft skills");
    assert!(vocabulary.len() - soft >= 500);
    assert!(vocabulary.skills().iter().all(|s| s.category.is_some()));
}

#[test]
fn every_name_and_alias_resolves_to_its_own_skill() {
    let vocabulary = vocabulary();
    for skill in vocabulary.skills() {
        assert_eq!(vocabulary.get(&skill.name), Some(skill));
        for term in std::iter::once(&skill.name).chain(&skill.aliases) {
            assert_eq!(
                vocabulary.canonical(term),
                Some(skill.name.as_str()),
                "{term}"
            );
        }
    }
}

#[test]
fn the_canonical_names_the_system_relies_on_exist() {
    for name in [
        "kubernetes",
        "javascript",
        "postgresql",
        "machine learning",
        "c++",
        "c#",
        ".net",
        "go",
        "r",
        "ci/cd",
        "node.js",
        "react",
        "aws",
        "communication",
        "leadership",
        "stakeholder management",
    ] {
        assert!(vocabulary().get(name).is_some(), "{name}");
    }
}

#[test]
fn aliases_and_acronyms_map_to_canonical_names() {
    let vocabulary = vocabulary();
    for (term, name) in [
        ("k8s", "kubernetes"),
        ("K8s", "kubernetes"),
        ("js", "javascript"),
        ("postgres", "postgresql"),
        ("psql", "postgresql"),
        ("ML", "machine learning"),
        ("Machine-Learning", "machine learning"),
        ("golang", "go"),
        ("nodejs", "node.js"),
        ("ts", "typescript"),
        ("react.js", "react"),
        ("ReactJS", "react"),
        ("Amazon Web Services", "aws"),
        ("gcp", "google cloud platform"),
        ("Google Cloud", "google cloud platform"),
        ("  c  sharp ", "c#"),
        ("Written and Verbal Communication", "communication"),
    ] {
        assert_eq!(vocabulary.canonical(term), Some(name), "{term}");
    }
    assert_eq!(vocabulary.canonical("tf"), None);
    assert_eq!(vocabulary.canonical(""), None);
    assert_eq!(vocabulary.canonical("---"), None);
    assert_eq!(vocabulary.canonical("underwater basket weaving"), None);
}

#[test]
fn aliases_found_in_text_are_reported_under_the_canonical_name() {
    assert_eq!(
        names("K8s, Postgres, NodeJS and TS on GCP"),
        [
            "kubernetes",
            "postgresql",
            "node.js",
            "typescript",
            "google cloud platform"
        ]
    );
}

#[test]
fn java_is_not_found_inside_javascript() {
    assert_eq!(names("Senior JavaScript developer"), ["javascript"]);
    assert_eq!(names("Java and JavaScript"), ["java", "javascript"]);
    assert!(names("javanese coffee_java").is_empty());
}

#[test]
fn go_is_found_as_go_or_golang_but_not_in_good_going_or_google() {
    assert!(found("Backend services in Go and Python.", "go"));
    assert!(found("We use golang", "go"));
    assert!(found("We use GOLANG", "go"));
    assert!(!found("A good engineer keeps going", "go"));
    assert!(!found("Experience with Google Docs", "go"));
    assert!(!found("ready to go", "go"));
    assert!(!found("Go beyond the basics.", "go"));
    assert!(!found("Time to go. Go team!", "go"));
    assert!(found("Go, Rust and Kafka.", "go"));
}

#[test]
fn r_is_found_only_as_a_standalone_capital_in_technical_context() {
    assert!(found("Statistics in Python or R.", "r"));
    assert!(found("Tools: R, SQL, Tableau", "r"));
    assert!(!found("Statistics in python or r.", "r"));
    assert!(!found("Our R&D team uses Python", "r"));
    assert!(!found("Contact J.R. Smith about Python", "r"));
    assert!(!found("Experience with R is a plus", "r"));
    assert!(!found("Series R funding; we use Python", "r"));
    assert!(found("Experience with R Shiny", "shiny"));
}

#[test]
fn c_plus_plus_c_sharp_and_dotnet_are_not_confused_with_c_or_net() {
    assert_eq!(names("Strong C++ skills"), ["c++"]);
    assert_eq!(names("C# and .NET"), ["c#", ".net"]);
    assert_eq!(names("C/C++ on Linux"), ["c", "c++", "linux"]);
    assert_eq!(names("We ship ASP.NET Core apps"), ["asp.net core"]);
    assert_eq!(names("modern C++17 with STL"), ["stl"]);
    assert_eq!(names("a net profit"), Vec::<&str>::new());
    assert!(!found(
        "C-level executives and a Series C round, with Python",
        "c"
    ));
    assert!(!found("USB-C ports and Python", "c"));
    assert_eq!(names("Objective-C and Swift"), ["objective-c", "swift"]);
}

#[test]
fn ci_cd_and_node_js_are_matched_whole() {
    assert_eq!(names("Own our CI/CD pipelines"), ["ci/cd"]);
    assert_eq!(names("Node.js services"), ["node.js"]);
    assert_eq!(names("Burn a CD; run a CI build"), Vec::<&str>::new());
    assert_eq!(names("node is a graph term"), Vec::<&str>::new());
}

#[test]
fn the_longest_term_wins() {
    assert_eq!(names("Machine learning engineer"), ["machine learning"]);
    assert_eq!(names("Machine-learning engineer"), ["machine learning"]);
    assert_eq!(names("Apache Spark streaming"), ["spark"]);
    assert_eq!(names("Spring Boot"), ["spring boot"]);
    assert_eq!(names("React Native"), ["react native"]);
    assert_eq!(names("Python 3.12"), ["python"]);
}

#[test]
fn occurrences_of_all_terms_of_a_skill_are_counted() {
    let text = "Kubernetes (k8s). We run K8S everywhere; kubernetes again.";
    assert_eq!(count(text, "kubernetes"), 4);
    let matches = vocabulary().find_all(text);
    assert_eq!(matches.len(), 1);
    assert_eq!(matches[0].offset, 0);
    assert_eq!(matches[0].kind, VocabularyKind::Technical);
    assert_eq!(matches[0].category, Some("devops"));
}

#[test]
fn unguarded_terms_match_in_any_case() {
    for text in ["POSTGRESQL", "PostgreSQL", "postgresql", "pOsTgReS"] {
        assert_eq!(names(text), ["postgresql"], "{text}");
    }
    assert_eq!(names("TYPESCRIPT"), ["typescript"]);
    assert_eq!(names("Terraform and TERRAFORM"), ["terraform"]);
}

#[test]
fn guarded_words_need_their_exact_case() {
    assert_eq!(names("We write Rust services"), ["rust"]);
    assert!(names("rust on the car").is_empty());
    assert!(names("Rust services").is_empty());
    assert_eq!(names("Rust and Go services"), ["rust", "go"]);
    assert!(names("react quickly to change").is_empty());
    assert_eq!(names("Built with React"), ["react"]);
    assert!(names("Spark joy.").is_empty());
    assert_eq!(names("Spark, Hive"), ["spark", "hive"]);
    assert_eq!(names("A rest day. REST APIs"), ["rest api"]);
    assert!(names("Excel at everything. Go to our careers page.").is_empty());
    assert_eq!(names("Advanced Excel and SQL"), ["excel", "sql"]);
}

#[test]
fn results_are_sorted_by_first_offset_with_byte_offsets() {
    let text = "Ünïcödé: SQL then Docker then SQL then Python";
    let matches = vocabulary().find_all(text);
    let summary: Vec<(&str, usize, usize)> = matches
        .iter()
        .map(|m| (m.name, m.offset, m.count))
        .collect();
    let sql = text.find("SQL").expect("present");
    let docker = text.find("Docker").expect("present");
    let python = text.find("Python").expect("present");
    assert_eq!(
        summary,
        [
            ("sql", sql, 2),
            ("docker", docker, 1),
            ("python", python, 1)
        ]
    );
}

#[test]
fn a_realistic_posting_yields_exactly_the_expected_skills() {
    let posting = "Senior Backend Engineer (Go / Kubernetes)\n\
        We are a Series C fintech building payment systems. You will design and \
        operate microservices in Go and Python on AWS (EKS, S3, AWS Lambda), with \
        PostgreSQL and Redis, deployed through Terraform and GitHub Actions CI/CD.\n\
        Requirements: 5+ years with distributed systems; experience with Kafka; \
        familiarity with Docker and k8s; React or TypeScript is a plus. \
        Strong communication, stakeholder management and mentoring skills; \
        a good eye for detail and a problem-solving attitude.";
    let expected: BTreeSet<&str> = [
        "go",
        "kubernetes",
        "fintech",
        "payments",
        "microservices",
        "python",
        "aws",
        "amazon eks",
        "amazon s3",
        "aws lambda",
        "postgresql",
        "redis",
        "terraform",
        "github actions",
        "ci/cd",
        "distributed systems",
        "kafka",
        "docker",
        "react",
        "typescript",
        "communication",
        "stakeholder management",
        "mentoring",
        "attention to detail",
        "problem solving",
    ]
    .into_iter()
    .collect();
    assert_eq!(set(posting), expected);
    assert_eq!(count(posting, "go"), 2);
    assert_eq!(count(posting, "kubernetes"), 2);
}

#[test]
fn validation_rejects_bad_vocabularies() {
    let parse = Vocabulary::from_json;
    assert!(matches!(parse("{"), Err(VocabularyError::Json(_))));
    assert_eq!(parse("[]").err(), Some(VocabularyError::Empty));
    assert_eq!(
        parse(r#"[{"name": " ", "kind": "soft"}]"#).err(),
        Some(VocabularyError::EmptyName(0))
    );
    assert_eq!(
        parse(r#"[{"name": "Rust", "kind": "technical"}]"#).err(),
        Some(VocabularyError::NotLowerCase("Rust".into()))
    );
    assert_eq!(
        parse(
            r#"[{"name": "a", "aliases": ["b"], "kind": "soft"}, {"name": "b", "kind": "soft"}]"#
        )
        .err(),
        Some(VocabularyError::Duplicate("b".into()))
    );
    assert_eq!(
        parse(r#"[{"name": "x-y", "aliases": ["x y"], "kind": "soft"}]"#).err(),
        Some(VocabularyError::Duplicate("x y".into()))
    );
    assert!(matches!(
        parse(r#"[{"name": "go", "kind": "technical", "exact": ["Golang"]}]"#),
        Err(VocabularyError::InvalidExact { .. })
    ));
    assert!(matches!(
        parse(r#"[{"name": "++", "kind": "technical"}]"#),
        Err(VocabularyError::InvalidTerm { .. })
    ));
    assert!(matches!(
        parse(r#"[{"name": "go", "kind": "other"}]"#),
        Err(VocabularyError::Json(_))
    ));
    let ok =
        parse(r#"[{"name": "go", "aliases": ["golang"], "kind": "technical", "exact": ["Go"]}]"#)
            .expect("valid");
    assert_eq!(ok.len(), 1);
    assert_eq!(
        ok.find_all("Go and golang").first().map(|m| m.count),
        Some(2)
    );
}

/// A small deterministic generator (xorshift), so the test needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let len = u64::try_from(items.len()).expect("small");
        items[usize::try_from(self.next() % len).expect("small")]
    }
}

#[test]
fn arbitrary_unicode_and_long_words_do_not_panic() {
    let pieces = [
        "C", "R", "Go", "c++", "C#", ".NET", "node.js", "CI/CD", "-", "&", "'", ".", " ", "\n",
        "\u{a0}", "é", "ß", "日本", "🦀", "\u{301}", "Σ", "K8s", "machine", "learning", "+", "#",
        "/", "_", "Series", "x", "İ", "\u{feff}", "\t", "Rust", "r",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..400 {
        let len = usize::try_from(rng.next() % 40).expect("small");
        let text: String = (0..len).map(|_| rng.pick(&pieces)).collect();
        for m in vocabulary().find_all(&text) {
            assert!(text.is_char_boundary(m.offset));
            assert!(m.count >= 1);
        }
    }
    let long_word = "a".repeat(15_000);
    assert!(vocabulary().find_all(&long_word).is_empty());
    let long_space = format!("machine{}learning", " ".repeat(15_000));
    assert_eq!(names(&long_space), ["machine learning"]);
    let letters = "C ".repeat(7_500);
    assert!(vocabulary().find_all(&letters).is_empty());
}

#[test]
fn a_chef_is_a_trade_and_chef_infra_the_tool() {
    assert!(names("Sous Chef at Bistro Nord; the head chef leads the kitchen").is_empty());
    assert_eq!(
        names("Automate servers with Chef cookbooks and Terraform"),
        ["chef infra", "terraform"]
    );
}

#[test]
fn a_skill_with_a_context_counts_only_when_one_of_its_words_is_in_the_text() {
    let vocabulary = Vocabulary::from_json(
        r#"[
        {"name": "epic", "aliases": ["epic ehr"], "kind": "technical",
         "context": ["patient", "ehr", "nursing", "clinical care"]},
        {"name": "jira", "kind": "technical"}
    ]"#,
    )
    .expect("valid");
    let names =
        |text: &str| -> Vec<&str> { vocabulary.find_all(text).iter().map(|m| m.name).collect() };
    assert_eq!(names("Charting in Epic for every patient."), ["epic"]);
    assert_eq!(names("Epic EHR experience"), ["epic"]);
    assert_eq!(names("Epic, and Clinical-Care rounds"), ["epic"]);
    assert_eq!(names("Break each epic into stories in Jira"), ["jira"]);
    assert_eq!(names("An epic outpatient wing"), Vec::<&str>::new());
}

#[test]
fn context_terms_are_checked_when_loading() {
    let bad =
        Vocabulary::from_json(r#"[{"name": "epic", "kind": "technical", "context": ["ehr/emr"]}]"#);
    assert!(
        matches!(bad, Err(VocabularyError::InvalidTerm { .. })),
        "{bad:?}"
    );
    let upper =
        Vocabulary::from_json(r#"[{"name": "epic", "kind": "technical", "context": ["EHR"]}]"#);
    assert!(
        matches!(upper, Err(VocabularyError::NotLowerCase(_))),
        "{upper:?}"
    );
}

#[test]
fn the_shipped_files_load_as_one_and_a_term_may_not_repeat_across_files() {
    let vocabulary = Vocabulary::from_files(SHIPPED_FILES).expect("the shipped files are valid");
    let total: usize = SHIPPED_FILES
        .iter()
        .map(|(_, json)| {
            serde_json::from_str::<Vec<serde_json::Value>>(json)
                .expect("an array")
                .len()
        })
        .sum();
    assert_eq!(vocabulary.len(), total);
    let twice = Vocabulary::from_files(&[
        ("a.json", r#"[{"name": "haccp", "kind": "technical"}]"#),
        (
            "b.json",
            r#"[{"name": "food safety", "aliases": ["haccp"], "kind": "technical"}]"#,
        ),
    ]);
    assert!(
        matches!(twice, Err(VocabularyError::Duplicate(_))),
        "{twice:?}"
    );
    let broken = Vocabulary::from_files(&[("a.json", "[]"), ("b.json", "[{")]);
    assert!(
        matches!(&broken, Err(VocabularyError::InFile { file, .. }) if file == "b.json"),
        "{broken:?}"
    );
}

#[test]
fn a_trade_word_opening_a_sentence_is_judged_by_its_own_context() {
    let vocabulary = Vocabulary::from_json(
        r#"[
        {"name": "canvas", "kind": "technical", "category": "education", "exact": ["Canvas"],
         "context": ["lms", "course", "courses"]},
        {"name": "go", "kind": "technical", "category": "language", "exact": ["Go"]},
        {"name": "bls", "kind": "technical", "category": "healthcare"}
    ]"#,
    )
    .expect("valid");
    let names =
        |text: &str| -> Vec<&str> { vocabulary.find_all(text).iter().map(|m| m.name).collect() };
    assert_eq!(
        names("Canvas experience preferred for our online courses."),
        ["canvas"]
    );
    assert_eq!(names("Canvas experience preferred."), Vec::<&str>::new());
    // A trade skill nearby is no software context for "Go".
    assert_eq!(names("Go the extra mile. BLS required."), ["bls"]);
}
