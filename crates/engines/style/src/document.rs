//! Reading a text into words, sentences and paragraphs (see [`crate::analyse`] for the
//! rules).

use super::*;

/// The index of a distinct word in [`Document::vocabulary`].
pub(crate) type WordId = u32;

/// Not a word: ends a two-word phrase, marks an empty slot.
pub(crate) const NO_WORD: WordId = WordId::MAX;

/// The most distinct words told apart; any further new words share the last id. (Reaching
/// it takes billions of distinct words, far more than a writing sample holds.)
pub(crate) const MAX_VOCABULARY: usize = NO_WORD as usize;

/// A text split into words, sentences and paragraphs.
#[derive(Debug, Default)]
pub(crate) struct Document<'a> {
    /// Every word in reading order, as an index into `vocabulary`.
    pub(crate) words: Vec<WordId>,
    /// `phrase_break[i]`: a phrase may not run from `words[i]` on to `words[i + 1]` (they are
    /// in different clauses or sentences).
    pub(crate) phrase_break: Vec<bool>,
    /// The distinct normalized words, in order of first appearance.
    pub(crate) vocabulary: Vec<Cow<'a, str>>,
    pub(crate) sentences: Vec<Sentence>,
    pub(crate) paragraph_count: usize,
    /// Emoticons and tokens holding emoji: not words, but marks of casual writing.
    pub(crate) emoticons: usize,
}

/// The words `start..end` of a [`Document`].
#[derive(Debug)]
pub(crate) struct Sentence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Ends in an exclamation mark.
    pub(crate) exclaims: bool,
}

impl Sentence {
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A piece of a line between whitespace (or unspaced em dashes).
#[derive(Debug)]
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    /// `text[core_start..core_end]` is the word without its leading and trailing
    /// punctuation; empty when the token holds no letter or digit.
    pub(crate) core_start: usize,
    pub(crate) core_end: usize,
    /// `text` is plain ASCII.
    pub(crate) ascii: bool,
    /// The line ends after this token, and that line break ends the sentence.
    pub(crate) breaks_line: bool,
    /// An unspaced em dash follows.
    pub(crate) dash_after: bool,
}

impl<'a> Token<'a> {
    pub(crate) fn core(&self) -> &'a str {
        self.text
            .get(self.core_start..self.core_end)
            .unwrap_or_default()
    }

    pub(crate) fn lead(&self) -> &'a str {
        self.text.get(..self.core_start).unwrap_or_default()
    }

    pub(crate) fn trail(&self) -> &'a str {
        self.text.get(self.core_end..).unwrap_or_default()
    }
}

impl<'a> Document<'a> {
    pub(crate) fn parse(text: &'a str) -> Self {
        let mut parser = Parser::new(text.len());
        let lines = lines(text);
        let mut start = 0;
        for (i, line) in lines.iter().enumerate() {
            if is_blank(line) {
                if start < i {
                    parser.paragraph(&lines[start..i]);
                }
                start = i + 1;
            }
        }
        if start < lines.len() {
            parser.paragraph(&lines[start..]);
        }
        parser.doc
    }
}

/// Reads paragraphs token by token, holding back one token to look at the next.
#[derive(Debug)]
pub(crate) struct Parser<'a> {
    pub(crate) doc: Document<'a>,
    pub(crate) ids: HashMap<Cow<'a, str>, WordId, WordHashing>,
    /// Room to lower-case a word in without allocating.
    pub(crate) lowered: String,
    pub(crate) sentence_start: usize,
    /// The last token read, not yet processed.
    pub(crate) pending: Option<Token<'a>>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text_len: usize) -> Self {
        let words = text_len / 6;
        Self {
            doc: Document {
                words: Vec::with_capacity(words),
                phrase_break: Vec::with_capacity(words),
                ..Document::default()
            },
            ids: HashMap::with_capacity_and_hasher(
                (text_len / 16).min(1 << 16),
                WordHashing::new(),
            ),
            lowered: String::new(),
            sentence_start: 0,
            pending: None,
        }
    }

    pub(crate) fn paragraph(&mut self, lines: &[&'a str]) {
        let first_word = self.doc.words.len();
        let mut next_is_bullet = lines.first().is_some_and(|line| is_bullet_line(line));
        for (i, &line) in lines.iter().enumerate() {
            let bullet = next_is_bullet;
            let next = lines.get(i + 1).copied();
            next_is_bullet = next.is_some_and(is_bullet_line);
            let (tokens, words) = self.scan_line(skip_list_marker(line));
            if tokens == 0 {
                continue;
            }
            if let Some(last) = self.pending.as_mut() {
                last.breaks_line = match next {
                    None => true,
                    Some(next) => bullet || next_is_bullet || is_heading(last, words, next),
                };
            }
        }
        if let Some(last) = self.pending.take() {
            self.token(&last, None);
        }
        self.end_sentence(false);
        if self.doc.words.len() > first_word {
            self.doc.paragraph_count += 1;
        }
    }

    /// Reads the tokens of `line` (split at whitespace and em dashes); returns how many there
    /// were and how many of them hold a word.
    pub(crate) fn scan_line(&mut self, line: &'a str) -> (usize, usize) {
        let bytes = line.as_bytes();
        let (mut tokens, mut words) = (0, 0);
        let mut start = 0;
        let mut ascii = true;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (width, split) = if b > b' ' && b < 0x80 {
                (1, None)
            } else if b < 0x80 {
                let space = matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
                (1, if space { Some(false) } else { None })
            } else {
                let width = utf8_width(b);
                (
                    width,
                    separator(bytes.get(i..i + width).unwrap_or_default()),
                )
            };
            if let Some(dash) = split {
                if let Some(word) = self.read(line, start, i, ascii) {
                    tokens += 1;
                    words += usize::from(word);
                }
                if dash && let Some(last) = self.pending.as_mut() {
                    last.dash_after = true;
                }
                start = i + width;
                ascii = true;
            } else if b >= 0x80 {
                ascii = false;
            }
            i += width;
        }
        if let Some(word) = self.read(line, start, bytes.len(), ascii) {
            tokens += 1;
            words += usize::from(word);
        }
        (tokens, words)
    }

    /// Reads `line[start..end]` unless it is empty, and processes the token before it.
    /// Returns whether it holds a word.
    pub(crate) fn read(
        &mut self,
        line: &'a str,
        start: usize,
        end: usize,
        ascii: bool,
    ) -> Option<bool> {
        let text = line.get(start..end).filter(|t| !t.is_empty())?;
        let (core_start, core_end) = core_bounds(text);
        let token = Token {
            text,
            core_start,
            core_end,
            ascii,
            breaks_line: false,
            dash_after: false,
        };
        if let Some(previous) = self.pending.replace(token) {
            self.token(&previous, Some(text));
        }
        Some(core_end > core_start)
    }

    pub(crate) fn token(&mut self, token: &Token<'a>, next: Option<&str>) {
        let text = token.text;
        if is_emoticon(text) {
            self.doc.emoticons += 1;
            self.break_phrase();
        } else {
            if !token.ascii && text.chars().any(is_emoji) {
                self.doc.emoticons += 1;
            }
            let core = token.core();
            if core.is_empty() {
                self.break_phrase();
            } else {
                if token.core_start > 0 && token.lead().chars().any(is_phrase_breaker) {
                    self.break_phrase();
                }
                self.push_word(core, token.ascii);
                if token.core_end < text.len() && token.trail().chars().any(is_phrase_breaker) {
                    self.break_phrase();
                }
            }
        }
        if token.dash_after {
            self.break_phrase();
        }
        match sentence_end(text, next) {
            Some(exclaims) => self.end_sentence(exclaims),
            None if token.breaks_line => self.end_sentence(false),
            None => {}
        }
    }

    /// Adds the word `core` (plain ASCII if `ascii`), normalized: lower-cased, with
    /// typographic apostrophes made plain.
    pub(crate) fn push_word(&mut self, core: &'a str, ascii: bool) {
        let vocabulary = &mut self.doc.vocabulary;
        let full = vocabulary.len() >= MAX_VOCABULARY;
        let next_id = WordId::try_from(vocabulary.len()).unwrap_or(NO_WORD - 1);
        let id = if ascii && !has_ascii_uppercase(core) {
            match self.ids.entry(Cow::Borrowed(core)) {
                Entry::Occupied(known) => *known.get(),
                Entry::Vacant(_) if full => NO_WORD - 1,
                Entry::Vacant(new) => {
                    new.insert(next_id);
                    vocabulary.push(Cow::Borrowed(core));
                    next_id
                }
            }
        } else {
            self.lowered.clear();
            if ascii {
                self.lowered.push_str(core);
                self.lowered.make_ascii_lowercase();
            } else {
                self.lowered.push_str(
                    &core
                        .replace(['\u{2019}', '\u{2018}', '\u{2BC}'], "'")
                        .to_lowercase(),
                );
            }
            if let Some(&id) = self.ids.get(self.lowered.as_str()) {
                id
            } else if full {
                NO_WORD - 1
            } else {
                let word: Cow<'a, str> = Cow::Owned(self.lowered.clone());
                self.ids.insert(word.clone(), next_id);
                vocabulary.push(word);
                next_id
            }
        };
        self.doc.words.push(id);
        self.doc.phrase_break.push(false);
    }

    pub(crate) fn break_phrase(&mut self) {
        if let Some(last) = self.doc.phrase_break.last_mut() {
            *last = true;
        }
    }

    pub(crate) fn end_sentence(&mut self, exclaims: bool) {
        let end = self.doc.words.len();
        if end > self.sentence_start {
            self.break_phrase();
            self.doc.sentences.push(Sentence {
                start: self.sentence_start,
                end,
                exclaims,
            });
            self.sentence_start = end;
        }
    }
}

pub(crate) fn has_ascii_uppercase(word: &str) -> bool {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            return true;
        }
        i += 1;
    }
    false
}

/// Splits `text` into lines at `\n`, `\r\n`, `\r`, vertical tab, NEL and U+2028; a form
/// feed or U+2029 also adds a blank line. Works on bytes: every byte matched is ASCII or
/// the lead byte of a character, so each cut falls on a character boundary.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b > b'\r' && b != 0xC2 && b != 0xE2 {
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        let (width, ends_paragraph) = match rest {
            [b'\n' | 0x0B, ..] => (1, false),
            [b'\r', b'\n', ..] => (2, false),
            [b'\r', ..] => (1, false),
            [0x0C, ..] => (1, true),
            [0xC2, 0x85, ..] => (2, false),
            [0xE2, 0x80, 0xA8, ..] => (3, false),
            [0xE2, 0x80, 0xA9, ..] => (3, true),
            _ => {
                i += 1;
                continue;
            }
        };
        lines.push(text.get(start..i).unwrap_or_default());
        if ends_paragraph {
            lines.push("");
        }
        i += width;
        start = i;
    }
    lines.push(text.get(start..).unwrap_or_default());
    lines
}

/// Only whitespace and zero-width characters.
pub(crate) fn is_blank(line: &str) -> bool {
    for &b in line.as_bytes() {
        if b >= 0x80 {
            return line.chars().all(|c| {
                c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
            });
        }
        if !b.is_ascii_whitespace() && b != 0x0B {
            return false;
        }
    }
    true
}

/// How many bytes the character starting with `lead` takes.
pub(crate) fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// For the bytes of one non-ASCII character: `Some(false)` for whitespace, `Some(true)` for
/// an em dash, `None` otherwise.
pub(crate) fn separator(encoded: &[u8]) -> Option<bool> {
    match encoded {
        [0xE2, 0x80, 0x94] => Some(true),
        [0xC2, 0x85 | 0xA0]
        | [0xE1, 0x9A, 0x80]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [0xE2, 0x81, 0x9F]
        | [0xE3, 0x80, 0x80] => Some(false),
        _ => None,
    }
}

/// The byte range of `token` left after stripping leading and trailing characters that are
/// neither letters nor digits.
pub(crate) fn core_bounds(token: &str) -> (usize, usize) {
    let bytes = token.as_bytes();
    let char_at = |i: usize| token.get(i..).and_then(|s| s.chars().next());
    let mut start = 0;
    while start < bytes.len() {
        let b = bytes[start];
        if b < 0x80 {
            if matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z') {
                break;
            }
            start += 1;
        } else {
            match char_at(start) {
                Some(c) if c.is_alphanumeric() => break,
                Some(c) => start += c.len_utf8(),
                None => return (0, 0),
            }
        }
    }
    let mut end = bytes.len();
    while end > start {
        let b = bytes[end - 1];
        if b < 0x80 {
            if matches!(b, b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z') {
                break;
            }
            end -= 1;
        } else {
            let mut lead = end - 1;
            while lead > start && bytes[lead] & 0xC0 == 0x80 {
                lead -= 1;
            }
            match char_at(lead) {
                Some(c) if c.is_alphanumeric() => break,
                Some(_) => end = lead,
                None => return (0, 0),
            }
        }
    }
    (start, end)
}

pub(crate) const BULLET_SYMBOLS: &[char] = &[
    '•', '·', '▪', '▫', '◦', '‣', '●', '○', '■', '□', '➢', '➤', '►', '▸', '▹', '✓', '✔', '→',
];

/// The first whitespace-separated token of `line` and the rest after it.
pub(crate) fn first_token(line: &str) -> (&str, &str) {
    let line = line.trim_start();
    line.split_once(char::is_whitespace).unwrap_or((line, ""))
}

/// A list item: opens with a list marker, or with a bullet symbol stuck to its first word.
pub(crate) fn is_bullet_line(line: &str) -> bool {
    let (first, _) = first_token(line);
    is_list_marker(first) || first.starts_with(BULLET_SYMBOLS)
}

/// `line` without the list marker it opens with, if any.
pub(crate) fn skip_list_marker(line: &str) -> &str {
    match first_token(line) {
        (first, rest) if is_list_marker(first) => rest,
        _ => line,
    }
}

/// `-`, `*`, `•`, `1.`, `12)`, `a)` and the like.
pub(crate) fn is_list_marker(token: &str) -> bool {
    if token.is_empty() || token.len() > 6 {
        return false;
    }
    let symbols = token.chars().count() <= 2
        && token
            .chars()
            .all(|c| matches!(c, '-' | '*' | '+' | '>' | '–' | '—') || BULLET_SYMBOLS.contains(&c));
    if symbols {
        return true;
    }
    let Some(label) = token.strip_suffix(['.', ')']) else {
        return false;
    };
    let numbered = (1..=2).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_digit());
    let lettered = label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase());
    numbered || lettered
}

/// Words after which a line goes on to the next one.
pub(crate) const CONNECTIVES: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with",
];

/// Whether a line of `words` words ending in the token `last` looks like a title or
/// heading rather than the start of a wrapped sentence, so the line break after it ends the
/// sentence; `next` is the next line.
pub(crate) fn is_heading(last: &Token<'_>, words: usize, next: &str) -> bool {
    if words == 0 || words > HEADING_MAX_WORDS {
        return false;
    }
    if last.dash_after
        || last
            .text
            .ends_with([',', ';', ':', '-', '–', '&', '/', '(', '+'])
    {
        return false;
    }
    let last_word = last.core();
    if CONNECTIVES
        .iter()
        .any(|c| c.eq_ignore_ascii_case(last_word))
    {
        return false;
    }
    next.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Brackets, quotes and marks that separate clauses: phrases do not cross them. Sentence
/// marks are not listed because sentences already bound phrases.
pub(crate) fn is_phrase_breaker(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '|'
            | '/'
    )
}

pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}')
}

pub(crate) fn is_emoticon(token: &str) -> bool {
    token.len() <= 3
        && matches!(
            token.as_bytes().first(),
            Some(b':' | b';' | b'x' | b'X' | b'<' | b'^')
        )
        && EMOTICONS.contains(&token)
}

pub(crate) const EMOTICONS: &[&str] = &[
    ":)", ":-)", ";)", ";-)", ":(", ":-(", ":D", ":-D", ":P", ":-P", ":p", ":-p", "xD", "XD", "<3",
    "^^", "^_^", ":/", ":-/",
];

/// Characters after a sentence mark that still belong to the sentence.
pub(crate) const CLOSERS: &[char] = &['"', '\'', ')', ']', '}', '”', '’', '»', '›', '*', '_'];

/// `Some(ends_in_exclamation)` when `token` ends its sentence; `next` is the token after it
/// in the same paragraph.
pub(crate) fn sentence_end(token: &str, next: Option<&str>) -> Option<bool> {
    let last_byte = *token.as_bytes().last()?;
    let may_end = matches!(
        last_byte,
        b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']' | b'}' | b'*' | b'_' | 0x80..
    );
    if !may_end {
        return None;
    }
    let marked = token.trim_end_matches(CLOSERS);
    let last = marked.chars().next_back()?;
    match last {
        '!' | '?' | '‼' | '⁉' | '⁈' | '！' | '？' => Some(
            marked
                .chars()
                .rev()
                .take_while(|c| matches!(c, '!' | '?' | '.' | '‼' | '⁉' | '⁈' | '！' | '？'))
                .any(|c| matches!(c, '!' | '‼' | '⁉' | '⁈' | '！')),
        ),
        '。' => Some(false),
        '…' => starts_upper_or_ends(next).then_some(false),
        '.' if marked.ends_with("..") => starts_upper_or_ends(next).then_some(false),
        '.' => (!is_abbreviation(marked, next)).then_some(false),
        _ => None,
    }
}

pub(crate) fn starts_upper_or_ends(next: Option<&str>) -> bool {
    next.is_none_or(|n| {
        n.chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(char::is_uppercase)
    })
}

pub(crate) fn starts_with_digit(next: Option<&str>) -> bool {
    next.and_then(|n| n.chars().find(|c| c.is_alphanumeric()))
        .is_some_and(|c| c.is_ascii_digit())
}

/// Abbreviations that never end a sentence (compared case-insensitively, without the final
/// dot).
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "rev", "hon", "messrs", "e.g",
    "i.e", "vs", "cf", "viz", "al", "approx", "dept", "est", "ca", "min", "max", "govt", "univ",
    "assoc", "asst",
];

/// Abbreviations that end a sentence when a capitalized word follows.
pub(crate) const FINAL_ABBREVIATIONS: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "llc", "plc", "a.m", "p.m",
];

/// Abbreviations that do not end a sentence before a number.
pub(crate) const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "nr", "fig", "figs", "vol", "p", "pp", "ch", "sec", "art", "op", "ed", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether the final dot of `marked` (a token ending in `.`) belongs to an abbreviation.
pub(crate) fn is_abbreviation(marked: &str, next: Option<&str>) -> bool {
    let word = marked.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(stem) = word.strip_suffix('.') else {
        return false;
    };
    if stem.is_empty() {
        return false;
    }
    let listed = |list: &[&str]| list.iter().any(|a| a.eq_ignore_ascii_case(stem));
    if listed(ABBREVIATIONS) {
        return true;
    }
    if listed(FINAL_ABBREVIATIONS) {
        return !starts_upper_or_ends(next);
    }
    if listed(NUMBER_ABBREVIATIONS) {
        return starts_with_digit(next);
    }
    // A capital initial: "J. Smith".
    if stem.len() == 1 && stem.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    // A dotted acronym: "U.S", "Ph.D", "B.Sc".
    stem.contains('.')
        && stem.split('.').all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        })
}
