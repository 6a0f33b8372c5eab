//! Action verbs in their forms, and the weak openings that become them.

/// An action verb: base, past and `-ing` forms, and whether the base form and the `-s` form
/// are also common nouns at the start of a line ("Design of ...", "Tests for ..."), where
/// changing their tense would be unsafe.
pub(crate) struct Verb {
    pub(crate) base: &'static str,
    pub(crate) past: &'static str,
    pub(crate) gerund: &'static str,
    pub(crate) base_is_noun: bool,
    pub(crate) plural_is_noun: bool,
}

macro_rules! verbs {
    ($(($base:literal, $past:literal, $gerund:literal, $noun:literal, $plural:literal)),* $(,)?) => {
        &[$(Verb { base: $base, past: $past, gerund: $gerund, base_is_noun: $noun, plural_is_noun: $plural }),*]
    };
}

pub(crate) const VERBS: &[Verb] = verbs![
    ("lead", "led", "leading", true, false),
    ("manage", "managed", "managing", false, false),
    ("build", "built", "building", true, false),
    ("develop", "developed", "developing", false, false),
    ("design", "designed", "designing", true, true),
    ("create", "created", "creating", false, false),
    ("maintain", "maintained", "maintaining", false, false),
    ("implement", "implemented", "implementing", false, false),
    ("coordinate", "coordinated", "coordinating", false, false),
    ("oversee", "oversaw", "overseeing", false, false),
    ("support", "supported", "supporting", true, false),
    ("deliver", "delivered", "delivering", false, false),
    ("handle", "handled", "handling", true, false),
    ("run", "ran", "running", true, true),
    ("write", "wrote", "writing", false, false),
    ("teach", "taught", "teaching", false, false),
    ("train", "trained", "training", true, true),
    ("prepare", "prepared", "preparing", false, false),
    ("cook", "cooked", "cooking", true, true),
    ("monitor", "monitored", "monitoring", true, true),
    ("plan", "planned", "planning", true, true),
    ("organize", "organized", "organizing", false, false),
    ("organise", "organised", "organising", false, false),
    ("improve", "improved", "improving", false, false),
    ("reduce", "reduced", "reducing", false, false),
    ("increase", "increased", "increasing", true, true),
    ("test", "tested", "testing", true, true),
    ("review", "reviewed", "reviewing", true, true),
    ("analyze", "analyzed", "analyzing", false, false),
    ("analyse", "analysed", "analysing", false, false),
    ("ensure", "ensured", "ensuring", false, false),
    ("provide", "provided", "providing", false, false),
    ("assist", "assisted", "assisting", false, false),
    ("supervise", "supervised", "supervising", false, false),
    ("administer", "administered", "administering", false, false),
    ("serve", "served", "serving", false, false),
    ("process", "processed", "processing", true, true),
    ("respond", "responded", "responding", false, false),
    ("communicate", "communicated", "communicating", false, false),
    ("document", "documented", "documenting", true, true),
    ("track", "tracked", "tracking", true, true),
    ("drive", "drove", "driving", true, true),
    ("grow", "grew", "growing", false, false),
    ("collaborate", "collaborated", "collaborating", false, false),
    ("mentor", "mentored", "mentoring", true, true),
    ("migrate", "migrated", "migrating", false, false),
    ("deploy", "deployed", "deploying", false, false),
    ("automate", "automated", "automating", false, false),
    ("launch", "launched", "launching", true, true),
    ("scale", "scaled", "scaling", true, true),
    ("ship", "shipped", "shipping", true, true),
    ("establish", "established", "establishing", false, false),
    ("streamline", "streamlined", "streamlining", false, false),
    ("optimize", "optimized", "optimizing", false, false),
    ("optimise", "optimised", "optimising", false, false),
    ("introduce", "introduced", "introducing", false, false),
    ("conduct", "conducted", "conducting", true, true),
    ("perform", "performed", "performing", false, false),
    ("execute", "executed", "executing", false, false),
    ("negotiate", "negotiated", "negotiating", false, false),
    ("resolve", "resolved", "resolving", false, false),
    ("sell", "sold", "selling", false, false),
    ("care", "cared", "caring", true, true),
    ("schedule", "scheduled", "scheduling", true, true),
    ("direct", "directed", "directing", true, false),
    ("help", "helped", "helping", true, false),
    ("work", "worked", "working", true, true),
    ("contribute", "contributed", "contributing", false, false),
    ("participate", "participated", "participating", false, false),
    ("facilitate", "facilitated", "facilitating", false, false),
    ("present", "presented", "presenting", true, true),
    ("research", "researched", "researching", true, true),
    ("recruit", "recruited", "recruiting", false, false),
    ("refactor", "refactored", "refactoring", false, false),
    ("define", "defined", "defining", false, false),
    ("identify", "identified", "identifying", false, false),
    ("evaluate", "evaluated", "evaluating", false, false),
    ("assess", "assessed", "assessing", false, false),
    ("integrate", "integrated", "integrating", false, false),
    ("configure", "configured", "configuring", false, false),
    ("install", "installed", "installing", false, false),
    ("diagnose", "diagnosed", "diagnosing", false, false),
    ("treat", "treated", "treating", true, true),
    ("educate", "educated", "educating", false, false),
    ("advise", "advised", "advising", false, false),
    ("guide", "guided", "guiding", true, true),
    ("inspect", "inspected", "inspecting", false, false),
    ("cut", "cut", "cutting", true, true),
    ("win", "won", "winning", true, true),
    ("save", "saved", "saving", false, false),
    ("raise", "raised", "raising", true, true),
    ("achieve", "achieved", "achieving", false, false),
    ("earn", "earned", "earning", false, false),
    ("open", "opened", "opening", true, true),
    ("reach", "reached", "reaching", true, true),
    ("boost", "boosted", "boosting", true, true),
    ("generate", "generated", "generating", false, false),
    ("expand", "expanded", "expanding", false, false),
    ("redesign", "redesigned", "redesigning", true, true),
    ("rebuild", "rebuilt", "rebuilding", true, true),
    ("lower", "lowered", "lowering", true, true),
    ("shorten", "shortened", "shortening", false, false),
    ("cater", "catered", "catering", false, false),
    ("hire", "hired", "hiring", true, true),
    ("own", "owned", "owning", true, false),
    ("triage", "triaged", "triaging", true, true),
];

impl Verb {
    /// The `-s` form ("manages", "teaches", "carries").
    pub(crate) fn third(&self) -> String {
        let b = self.base;
        if b.ends_with(['s', 'x', 'z', 'o']) || b.ends_with("sh") || b.ends_with("ch") {
            format!("{b}es")
        } else if b.ends_with('y') && !b.ends_with(['a', 'e', 'o', 'u']) && b.len() > 1 {
            // "y" after a consonant: carry -> carries. No listed verb ends so today.
            format!("{}ies", &b[..b.len() - 1])
        } else {
            format!("{b}s")
        }
    }
}

/// How the first word of a sentence reads as a verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Base,
    Third,
    Past,
    Gerund,
}

/// The verb and form of `word` (lower case), if it is a listed verb.
pub(crate) fn lookup(word: &str) -> Option<(&'static Verb, Form)> {
    VERBS.iter().find_map(|v| {
        if word == v.base {
            Some((v, Form::Base))
        } else if word == v.past {
            Some((v, Form::Past))
        } else if word == v.gerund {
            Some((v, Form::Gerund))
        } else if word.len() > v.base.len()
            && word.starts_with(&v.base[..v.base.len() - 1])
            && word == v.third()
        {
            Some((v, Form::Third))
        } else {
            None
        }
    })
}

/// What a weak opening becomes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Opening {
    /// A listed verb's `-ing` form that follows becomes the verb itself; anything else
    /// follows this verb.
    GerundOr(&'static str, &'static str),
    /// Always this phrase (past, present).
    Phrase(&'static str, &'static str),
}

/// Weak openings (lower case) and their replacement, past form first, then present. Whether
/// the opening itself reads past (`Some(true)`), present (`Some(false)`) or either (`None`)
/// decides the tense when the caller keeps it.
pub(crate) const OPENINGS: &[(&str, Opening, Option<bool>)] = &[
    (
        "my duties included",
        Opening::GerundOr("handled", "handle"),
        Some(true),
    ),
    (
        "duties included",
        Opening::GerundOr("handled", "handle"),
        Some(true),
    ),
    (
        "duties include",
        Opening::GerundOr("handle", "handle"),
        Some(false),
    ),
    (
        "i was responsible for",
        Opening::GerundOr("oversaw", "oversee"),
        Some(true),
    ),
    (
        "was responsible for",
        Opening::GerundOr("oversaw", "oversee"),
        Some(true),
    ),
    (
        "responsible for",
        Opening::GerundOr("oversaw", "oversee"),
        None,
    ),
    (
        "was in charge of",
        Opening::GerundOr("oversaw", "oversee"),
        Some(true),
    ),
    (
        "in charge of",
        Opening::GerundOr("oversaw", "oversee"),
        None,
    ),
    (
        "was tasked with",
        Opening::GerundOr("handled", "handle"),
        Some(true),
    ),
    ("tasked with", Opening::GerundOr("handled", "handle"), None),
    (
        "was involved in",
        Opening::GerundOr("contributed to", "contribute to"),
        Some(true),
    ),
    (
        "were involved in",
        Opening::GerundOr("contributed to", "contribute to"),
        Some(true),
    ),
    (
        "involved in",
        Opening::GerundOr("contributed to", "contribute to"),
        None,
    ),
    (
        "worked on",
        Opening::Phrase("contributed to", "contribute to"),
        Some(true),
    ),
    (
        "working on",
        Opening::Phrase("contributed to", "contribute to"),
        Some(false),
    ),
    (
        "work on",
        Opening::Phrase("contributed to", "contribute to"),
        Some(false),
    ),
    (
        "helped with",
        Opening::Phrase("supported", "support"),
        Some(true),
    ),
    (
        "help with",
        Opening::Phrase("supported", "support"),
        Some(false),
    ),
    (
        "assisted with",
        Opening::Phrase("supported", "support"),
        Some(true),
    ),
    (
        "participated in",
        Opening::Phrase("contributed to", "contribute to"),
        Some(true),
    ),
];
