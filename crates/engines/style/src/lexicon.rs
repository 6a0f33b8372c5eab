//! The built-in word lists (stop words, first person, formality markers, action verbs) and
//! what they say about a word, in a hash map keyed cheaply by short words.

use super::*;

/// What a normalized word is, looked up once per distinct word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub(crate) stop: bool,
    pub(crate) first_person: bool,
    pub(crate) contraction: bool,
    pub(crate) formal: bool,
    pub(crate) informal: bool,
    /// The listed form of the action verb this word inflects.
    pub(crate) verb: Option<&'static str>,
}

impl WordInfo {
    pub(crate) fn of(word: &str) -> Self {
        let mut info = lexicon().get(word).copied().unwrap_or_default();
        info.contraction = is_contraction(word);
        info
    }
}

/// Every word of the built-in lists, with what the lists say about it.
pub(crate) fn lexicon() -> &'static HashMap<&'static str, WordInfo, WordHashing> {
    static LEXICON: OnceLock<HashMap<&'static str, WordInfo, WordHashing>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon: HashMap<&'static str, WordInfo, WordHashing> =
            HashMap::with_hasher(WordHashing::new());
        for &word in STOP_WORDS {
            lexicon.entry(word).or_default().stop = true;
        }
        for &word in FIRST_PERSON {
            lexicon.entry(word).or_default().first_person = true;
        }
        for &word in FORMAL_MARKERS {
            lexicon.entry(word).or_default().formal = true;
        }
        for &word in INFORMAL_MARKERS {
            lexicon.entry(word).or_default().informal = true;
        }
        for entry in ACTION_VERBS {
            let mut forms = entry.split(' ');
            if let Some(listed) = forms.next() {
                for form in std::iter::once(listed).chain(forms) {
                    lexicon.entry(form).or_default().verb.get_or_insert(listed);
                }
            }
        }
        lexicon
    })
}

pub(crate) fn is_contraction(word: &str) -> bool {
    if !word.contains('\'') {
        return false;
    }
    let contracted = ["n't", "'re", "'ve", "'ll", "'d", "'m"]
        .iter()
        .any(|suffix| {
            word.strip_suffix(suffix)
                .is_some_and(|stem| !stem.is_empty())
        });
    contracted
        || word
            .strip_suffix("'s")
            .is_some_and(|stem| S_CONTRACTION_STEMS.contains(&stem))
}

pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "each", "for",
    "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "i'm", "i've",
    "i'd", "i'll", "if", "in", "into", "is", "it", "it's", "its", "just", "me", "more", "most",
    "my", "no", "not", "of", "on", "one", "only", "or", "our", "out", "over", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "up", "us", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "why", "will", "with", "would", "you", "your",
];

pub(crate) const FIRST_PERSON: &[&str] = &[
    "i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself",
];

/// Stems whose `'s` is "is" or "has" (or "us" in "let's") rather than a possessive.
pub(crate) const S_CONTRACTION_STEMS: &[&str] = &[
    "it",
    "he",
    "she",
    "that",
    "there",
    "here",
    "what",
    "who",
    "where",
    "when",
    "why",
    "how",
    "let",
    "this",
    "everyone",
    "everybody",
    "everything",
    "someone",
    "somebody",
    "something",
    "nobody",
    "nothing",
];

/// Words that mark formal writing.
pub(crate) const FORMAL_MARKERS: &[&str] = &[
    "therefore",
    "furthermore",
    "moreover",
    "consequently",
    "however",
    "nevertheless",
    "nonetheless",
    "accordingly",
    "regarding",
    "sincerely",
    "respectfully",
    "cordially",
    "pursuant",
    "hereby",
    "herein",
    "thereby",
    "thus",
    "hence",
    "whereas",
    "additionally",
    "subsequently",
    "notwithstanding",
    "regards",
    "esteemed",
];

/// Words that mark casual writing.
pub(crate) const INFORMAL_MARKERS: &[&str] = &[
    "hey", "hiya", "gonna", "wanna", "gotta", "kinda", "sorta", "stuff", "awesome", "cool", "guys",
    "yeah", "yep", "yup", "nope", "lol", "lmao", "btw", "omg", "tbh", "imo", "fyi", "ok", "okay",
    "dude", "folks", "y'all", "ya", "thx", "totally", "super", "ain't", "cuz",
];

/// Resume-style action verbs. Each entry lists the reported (past-tense) form first, then
/// the inflections counted under it.
pub(crate) const ACTION_VERBS: &[&str] = &[
    "accelerated accelerate accelerates accelerating",
    "achieved achieve achieves achieving",
    "administered administer administers administering",
    "advised advise advises advising",
    "analyzed analyze analyzes analyzing analysed analyse analysing",
    "architected architecting",
    "authored authoring",
    "automated automate automates automating",
    "boosted boost boosts boosting",
    "built build builds building",
    "championed championing",
    "coached coaching",
    "collaborated collaborate collaborates collaborating",
    "completed completing",
    "conducted conduct conducts conducting",
    "configured configure configures configuring",
    "consolidated consolidate consolidates consolidating",
    "contributed contribute contributes contributing",
    "coordinated coordinate coordinates coordinating",
    "created create creates creating",
    "cultivated cultivate cultivates cultivating",
    "debugged debug debugs debugging",
    "defined define defines defining",
    "delivered deliver delivers delivering",
    "demonstrated demonstrate demonstrates demonstrating",
    "deployed deploy deploys deploying",
    "designed designing",
    "developed develop develops developing",
    "devised devise devises devising",
    "directed directing",
    "doubled doubling",
    "drafted drafting",
    "drove drive drives driving",
    "earned earn earns earning",
    "eliminated eliminate eliminates eliminating",
    "engineered",
    "enhanced enhance enhances enhancing",
    "established establish establishes establishing",
    "evaluated evaluate evaluates evaluating",
    "exceeded exceed exceeds exceeding",
    "executed execute executes executing",
    "expanded expand expands expanding",
    "facilitated facilitate facilitates facilitating",
    "fostered foster fosters fostering",
    "founded",
    "generated generate generates generating",
    "grew grow grows growing grown",
    "guided guiding",
    "hired hiring",
    "identified identify identifies identifying",
    "implemented implement implements implementing",
    "improved improve improves improving",
    "increased increasing",
    "influenced influencing",
    "initiated initiate initiates initiating",
    "innovated innovate innovates innovating",
    "instituted instituting",
    "integrated integrate integrates integrating",
    "introduced introduce introduces introducing",
    "investigated investigate investigates investigating",
    "launched launch launches launching",
    "led lead leads leading",
    "maintained maintain maintains maintaining",
    "managed manage manages managing",
    "mentored mentoring",
    "migrated migrate migrates migrating",
    "modernized modernize modernizes modernizing modernised modernise modernises modernising",
    "monitored monitoring",
    "negotiated negotiate negotiates negotiating",
    "optimized optimize optimizes optimizing optimised optimise optimises optimising",
    "orchestrated orchestrate orchestrates orchestrating",
    "organized organize organizes organizing organised organise organises organising",
    "overhauled overhaul overhauls overhauling",
    "oversaw oversee oversees overseeing overseen",
    "owned owns owning",
    "partnered partnering",
    "pioneered pioneering",
    "piloted piloting",
    "planned planning",
    "presented presenting",
    "prioritized prioritize prioritizes prioritizing prioritised prioritise prioritises prioritising",
    "produced produce produces producing",
    "published publish publishes publishing",
    "rebuilt rebuild rebuilds rebuilding",
    "recruited recruit recruits recruiting",
    "redesigned redesign redesigns redesigning",
    "reduced reduce reduces reducing",
    "refactored refactor refactors refactoring",
    "reorganized reorganize reorganizes reorganizing reorganised reorganise reorganises reorganising",
    "researched researching",
    "resolved resolve resolves resolving",
    "restructured restructure restructures restructuring",
    "revamped revamp revamps revamping",
    "reviewed reviewing",
    "revitalized revitalize revitalizes revitalizing",
    "saved save saves saving",
    "scaled scaling",
    "scoped scoping",
    "secured securing",
    "shipped ship ships shipping",
    "simplified simplify simplifies simplifying",
    "solved solve solves solving",
    "spearheaded spearhead spearheads spearheading",
    "standardized standardize standardizes standardizing standardised standardise standardises standardising",
    "streamlined streamline streamlines streamlining",
    "strengthened strengthen strengthens strengthening",
    "supervised supervise supervises supervising",
    "supported supporting",
    "trained",
    "transformed transform transforms transforming",
    "tripled tripling",
    "troubleshot troubleshoot troubleshoots troubleshooting",
    "unified unify unifies unifying",
    "upgraded upgrading",
    "won win wins winning",
    "wrote write writes written",
];

/// Builds the hash maps keyed by words: FNV-1a over the bytes from a starting state drawn
/// per map from the standard library's random hasher keys, finished with a folded multiply.
/// Much cheaper than the default hasher for short words, and the starting state keeps the
/// table layout from being chosen by the text. Only the layout depends on it, never a result.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHashing {
    pub(crate) start: u64,
}

impl WordHashing {
    pub(crate) fn new() -> Self {
        Self {
            start: RandomState::new().hash_one(0x5EED_u64),
        }
    }
}

impl BuildHasher for WordHashing {
    type Hasher = WordHasher;

    fn build_hasher(&self) -> WordHasher {
        WordHasher { state: self.start }
    }
}

#[derive(Debug)]
pub(crate) struct WordHasher {
    pub(crate) state: u64,
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut state = self.state;
        let mut i = 0;
        while i < bytes.len() {
            state = (state ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01B3);
            i += 1;
        }
        self.state = state;
    }

    fn finish(&self) -> u64 {
        let product = u128::from(self.state) * u128::from(0x9E37_79B9_7F4A_7C15_u64);
        (product as u64) ^ ((product >> 64) as u64)
    }
}
