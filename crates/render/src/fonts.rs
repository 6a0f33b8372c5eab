//! The fonts every render may use, built once per renderer: the faces embedded in the
//! binary, plus (optionally) faces found in system font folders that cover scripts the
//! embedded ones lack (CJK, Arabic, Hebrew, Devanagari, Thai).
//!
//! System faces are only *described* at start-up (their family, style and Unicode
//! coverage); their bytes are read the first time a render needs them and then kept, one
//! read per file. A server that never prints Chinese never holds a Chinese font in memory.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

/// The embedded sans family (Liberation Sans 2, metric-compatible with Arial).
pub(crate) const SANS_FAMILY: &str = "Liberation Sans";
/// The embedded serif family (Libertinus Serif).
pub(crate) const SERIF_FAMILY: &str = "Libertinus Serif";

static SANS_FACES: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
];

static SERIF_FACES: [&[u8]; 4] = [
    include_bytes!("../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../fonts/LibertinusSerif-BoldItalic.otf"),
];

/// One character of each script a system face is kept for; a face covering none of them
/// adds nothing the embedded faces lack.
const SCRIPT_PROBES: &[char] = &[
    '\u{4E00}', // CJK unified ideograph 一
    '\u{3042}', // Hiragana あ
    '\u{AC00}', // Hangul 가
    '\u{0627}', // Arabic alef
    '\u{05D0}', // Hebrew alef
    '\u{0915}', // Devanagari ka
    '\u{0E01}', // Thai ko kai
];

/// Font files larger than this are skipped by the scan (it reads each file once).
const MAX_FONT_FILE: u64 = 64 * 1024 * 1024;
/// Folders deeper than this below a font folder are not scanned.
const MAX_DEPTH: usize = 8;
/// Files looked at per scan, at most.
const MAX_FILES: usize = 20_000;

/// A font book and the faces it describes, indexed alike.
pub(crate) struct Fonts {
    book: LazyHash<FontBook>,
    slots: Vec<Slot>,
}

enum Slot {
    Embedded(Font),
    System {
        file: Arc<SystemFile>,
        index: u32,
        font: OnceLock<Option<Font>>,
    },
}

/// A system font file, read on first use.
struct SystemFile {
    path: PathBuf,
    bytes: OnceLock<Option<Bytes>>,
}

impl SystemFile {
    fn bytes(&self) -> Option<Bytes> {
        self.bytes
            .get_or_init(|| match std::fs::read(&self.path) {
                Ok(data) => Some(Bytes::new(data)),
                Err(e) => {
                    tracing::warn!(path = %self.path.display(), error = %e, "font file unreadable");
                    None
                }
            })
            .clone()
    }
}

impl Fonts {
    /// The embedded faces, then the system faces under `dirs` that cover a script the
    /// embedded ones lack. Missing or unreadable folders are skipped.
    pub(crate) fn new(dirs: &[PathBuf]) -> Self {
        let mut slots: Vec<Slot> = SANS_FACES
            .iter()
            .chain(&SERIF_FACES)
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .map(Slot::Embedded)
            .collect();
        let mut infos: Vec<FontInfo> = slots
            .iter()
            .filter_map(|slot| match slot {
                Slot::Embedded(font) => Some(font.info().clone()),
                Slot::System { .. } => None,
            })
            .collect();
        let embedded: HashSet<String> = infos.iter().map(|i| i.family.clone()).collect();
        let mut found = 0usize;
        for path in font_files(dirs) {
            let Some(data) = read_font_file(&path) else {
                continue;
            };
            let file = Arc::new(SystemFile {
                path,
                bytes: OnceLock::new(),
            });
            for (index, info) in FontInfo::iter(&data).enumerate() {
                let useful = !embedded.contains(&info.family)
                    && SCRIPT_PROBES
                        .iter()
                        .any(|&c| info.coverage.contains(u32::from(c)));
                if !useful {
                    continue;
                }
                let Ok(index) = u32::try_from(index) else {
                    break;
                };
                infos.push(info);
                slots.push(Slot::System {
                    file: Arc::clone(&file),
                    index,
                    font: OnceLock::new(),
                });
                found += 1;
            }
        }
        if !dirs.is_empty() {
            tracing::info!(faces = found, "system fonts for other scripts");
        }
        Self {
            book: LazyHash::new(FontBook::from_infos(infos)),
            slots,
        }
    }

    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face at `index` of the book, loading a system face's file on first use.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        match self.slots.get(index)? {
            Slot::Embedded(font) => Some(font.clone()),
            Slot::System { file, index, font } => font
                .get_or_init(|| Font::new(file.bytes()?, *index))
                .clone(),
        }
    }

    /// Whether any face of the book has a glyph for `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        let mut i = 0;
        while let Some(info) = self.book.info(i) {
            if info.coverage.contains(u32::from(c)) {
                return true;
            }
            i += 1;
        }
        false
    }

    /// The characters of `text` that no face covers, each once, in order of first
    /// appearance; whitespace, controls and invisible format characters are not counted.
    pub(crate) fn missing(&self, text: impl IntoIterator<Item = char>) -> Vec<char> {
        let mut seen = HashSet::new();
        let mut missing = Vec::new();
        for c in text {
            if c.is_whitespace() || c.is_control() || is_invisible(c) || !seen.insert(c) {
                continue;
            }
            if !self.covers(c) {
                missing.push(c);
            }
        }
        missing
    }

    /// Number of faces in the book (embedded and system).
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }
}

/// Format characters that print nothing (they need no glyph): soft hyphen, zero-width
/// and direction marks, joiners, variation selectors, the byte order mark, tags.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

fn read_font_file(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FONT_FILE {
        return None;
    }
    std::fs::read(path).ok()
}

/// The `.ttf`/`.otf`/`.ttc`/`.otc` files under the folders, sorted per folder so that the
/// book (and so font fallback) is the same on every start. Folder links are not followed.
fn font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<(PathBuf, usize)> = dirs.iter().rev().map(|d| (d.clone(), 0)).collect();
    while let Some((dir, depth)) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        let mut subdirs = Vec::new();
        for entry in entries {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if depth < MAX_DEPTH {
                    subdirs.push((path, depth + 1));
                }
            } else if is_font_name(&path) {
                files.push(path);
                if files.len() >= MAX_FILES {
                    return files;
                }
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    files
}

fn is_font_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["ttf", "otf", "ttc", "otc"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_faces_cover_latin_greek_cyrillic_and_hebrew() {
        let fonts = Fonts::new(&[]);
        assert_eq!(fonts.len(), 8, "4 sans + 4 serif faces");
        let text = "Grüße, Straße — Ελληνικά: αβγ, Русский: ёжик, «œ» € № עברית";
        assert_eq!(fonts.missing(text.chars()), Vec::<char>::new());
        for family in [SANS_FAMILY, SERIF_FAMILY] {
            assert!(
                fonts.book().contains_family(&family.to_lowercase()),
                "{family}"
            );
        }
    }

    #[test]
    fn uncovered_characters_are_reported_once_in_order() {
        let fonts = Fonts::new(&[]);
        let missing = fonts.missing("中文 abc 中 العربية\u{200D}".chars());
        assert_eq!(missing.first(), Some(&'中'));
        assert_eq!(missing.iter().filter(|&&c| c == '中').count(), 1);
        assert!(missing.contains(&'ع'));
        assert!(!missing.contains(&'\u{200D}'));
        assert!(!missing.contains(&' '));
    }

    #[test]
    fn a_missing_font_folder_is_skipped() {
        let fonts = Fonts::new(&[PathBuf::from("/nonexistent/fonts")]);
        assert_eq!(fonts.len(), 8);
    }
}
