//! HTML to readable text, plus the page's `<title>` and JSON-LD blocks, in one pass of a
//! WHATWG tokenizer (`html5gum`: no tree building, so linear in the input and without
//! recursion). Character references are decoded by the tokenizer.
//!
//! Without a tree builder, elements whose end tag may be left out need care: `<head>` is
//! not dropped as a whole (its content is `<title>`, scripts, styles and void elements,
//! each handled on its own), so a page that never closes its head still has a body.

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer, naive_next_state};

use crate::text::{is_invisible, single_line};

/// At most this many JSON-LD blocks are kept from one page.
const MAX_JSON_LD_BLOCKS: usize = 32;
/// Open dropped containers tracked at once; deeper nesting is not tracked, which keeps the
/// end-tag lookup bounded and the whole pass linear.
const MAX_DROPPED_DEPTH: usize = 256;
/// `<title>` is cut to this many characters.
const MAX_TITLE_CHARS: usize = tailor_domain::job::MAX_TITLE_LEN;

/// What one pass over a page yields.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PageParts {
    pub(crate) title: Option<String>,
    pub(crate) text: String,
    /// The raw content of each `<script type="application/ld+json">`, in page order.
    pub(crate) json_ld: Vec<String>,
}

/// Reads a whole page: its title, its readable text (at most `max_chars` characters) and
/// its JSON-LD blocks.
pub(crate) fn read_page(html: &str, max_chars: usize) -> PageParts {
    let mut walker = Walker::new(max_chars, true);
    walker.run(html);
    walker.finish()
}

/// Turns an HTML fragment (a posting's description) into text of at most `max_chars`
/// characters: block elements and `<br>` end lines, `<li>` become `- ` lines.
pub(crate) fn html_to_text(html: &str, max_chars: usize) -> String {
    let mut walker = Walker::new(max_chars, false);
    walker.run(html);
    walker.finish().text
}

/// Decodes the character references of plain text, keeping its line breaks (other
/// whitespace is collapsed), at most `max_chars` characters.
pub(crate) fn decode_references(text: &str, max_chars: usize) -> String {
    let mut walker = Walker::new(max_chars, false);
    walker.pre_depth = 1;
    walker.run(text);
    walker.finish().text
}

/// Elements whose whole content is left out of the text.
fn is_dropped_container(name: &[u8]) -> bool {
    matches!(
        name,
        b"nav"
            | b"footer"
            | b"template"
            | b"svg"
            | b"math"
            | b"object"
            | b"canvas"
            | b"audio"
            | b"video"
    )
}

/// Elements that start and end a paragraph (a blank line around them).
fn is_paragraph(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"table"
            | b"blockquote"
            | b"pre"
            | b"form"
            | b"fieldset"
            | b"figure"
            | b"hr"
    )
}

fn is_list(name: &[u8]) -> bool {
    matches!(name, b"ul" | b"ol" | b"dl" | b"menu")
}

/// Elements that start and end a line.
fn is_line_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"body"
            | b"br"
            | b"caption"
            | b"center"
            | b"dd"
            | b"details"
            | b"dialog"
            | b"div"
            | b"dt"
            | b"figcaption"
            | b"header"
            | b"hgroup"
            | b"html"
            | b"legend"
            | b"li"
            | b"main"
            | b"menu"
            | b"option"
            | b"section"
            | b"summary"
            | b"tbody"
            | b"tfoot"
            | b"thead"
            | b"tr"
    )
}

fn is_ld_json_script(tag: &StartTag<()>) -> bool {
    tag.attributes.get(b"type".as_slice()).is_some_and(|value| {
        let value = String::from_utf8_lossy(&value.value);
        let media_type = value.split(';').next().unwrap_or_default().trim();
        media_type.eq_ignore_ascii_case("application/ld+json")
    })
}

/// How the content of a raw-text element (`<script>`, `<style>`, `<title>`, ...) is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawUse {
    Title,
    JsonLd,
    Text,
    Drop,
}

struct Walker {
    text: TextWriter,
    collect: bool,
    title: Option<String>,
    title_buffer: String,
    json_ld: Vec<String>,
    script_buffer: String,
    /// The raw-text element the tokenizer is inside, and what its content is for.
    raw: Option<(Vec<u8>, RawUse)>,
    /// Open elements whose content is being left out, innermost last.
    dropped: Vec<Vec<u8>>,
    pre_depth: usize,
    /// Open lists: inside one, paragraphs (`<li><p>...</p></li>`, nested lists) only end
    /// lines, so items stay on consecutive lines.
    list_depth: usize,
}

impl Walker {
    fn new(max_chars: usize, collect: bool) -> Self {
        Self {
            text: TextWriter::new(max_chars),
            collect,
            title: None,
            title_buffer: String::new(),
            json_ld: Vec::new(),
            script_buffer: String::new(),
            raw: None,
            dropped: Vec::new(),
            pre_depth: 0,
            list_depth: 0,
        }
    }

    fn run(&mut self, html: &str) {
        let mut emitter = DefaultEmitter::default();
        // Switch to the raw-text states after <script>, <style>, <title>, ... so their
        // content is not read as markup.
        emitter.naively_switch_states(true);
        for Ok(token) in Tokenizer::new_with_emitter(html, emitter) {
            match token {
                Token::StartTag(tag) => self.start_tag(&tag),
                Token::EndTag(tag) => self.end_tag(&tag.name),
                Token::String(value) => self.characters(&String::from_utf8_lossy(&value.value)),
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    fn start_tag(&mut self, tag: &StartTag<()>) {
        let name = tag.name.as_slice();
        if naive_next_state(name).is_some() {
            let raw_use = match name {
                b"title" if self.collect && self.dropped.is_empty() && self.title.is_none() => {
                    RawUse::Title
                }
                b"script" if self.collect && is_ld_json_script(tag) => RawUse::JsonLd,
                b"textarea" | b"xmp" | b"plaintext" if self.dropped.is_empty() => RawUse::Text,
                _ => RawUse::Drop,
            };
            if raw_use == RawUse::Text {
                self.text.paragraph_break();
            }
            self.raw = Some((name.to_vec(), raw_use));
            return;
        }
        // `<svg/>` really is empty; for HTML elements the slash means nothing.
        let self_closing = tag.self_closing && matches!(name, b"svg" | b"math");
        if is_dropped_container(name) && !self_closing {
            if self.dropped.len() < MAX_DROPPED_DEPTH {
                self.dropped.push(name.to_vec());
            }
            return;
        }
        if !self.dropped.is_empty() {
            return;
        }
        self.block_boundary(name, true);
    }

    fn end_tag(&mut self, name: &[u8]) {
        if let Some((raw_name, raw_use)) = &self.raw {
            if raw_name.as_slice() == name {
                let raw_use = *raw_use;
                self.raw = None;
                self.finish_raw(raw_use);
            }
            return;
        }
        if !self.dropped.is_empty() {
            if let Some(at) = self
                .dropped
                .iter()
                .rposition(|open| open.as_slice() == name)
            {
                self.dropped.truncate(at);
            } else if matches!(name, b"body" | b"html") {
                // An unclosed <nav> or <footer> must not swallow the rest of the page.
                self.dropped.clear();
            }
            return;
        }
        self.block_boundary(name, false);
    }

    fn block_boundary(&mut self, name: &[u8], start: bool) {
        match name {
            b"li" if start => self.text.list_item(),
            b"td" | b"th" => self.text.space(),
            b"pre" if start => {
                self.pre_depth += 1;
                self.paragraph_break();
            }
            b"pre" => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.paragraph_break();
            }
            _ if is_list(name) && start => {
                self.paragraph_break();
                self.list_depth += 1;
            }
            _ if is_list(name) => {
                self.list_depth = self.list_depth.saturating_sub(1);
                self.text.end_list();
                self.paragraph_break();
            }
            _ if is_paragraph(name) => self.paragraph_break(),
            _ if is_line_block(name) => self.text.line_break(),
            _ => {}
        }
    }

    fn paragraph_break(&mut self) {
        if self.list_depth > 0 {
            self.text.line_break();
        } else {
            self.text.paragraph_break();
        }
    }

    fn characters(&mut self, value: &str) {
        match self.raw {
            Some((_, RawUse::Title)) => push_bounded(&mut self.title_buffer, value, 4 * 1024),
            Some((_, RawUse::JsonLd)) => self.script_buffer.push_str(value),
            Some((_, RawUse::Text)) => self.text.write(value, true),
            Some((_, RawUse::Drop)) => {}
            None if self.dropped.is_empty() => self.text.write(value, self.pre_depth > 0),
            None => {}
        }
    }

    fn finish_raw(&mut self, raw_use: RawUse) {
        match raw_use {
            RawUse::Title => {
                self.title = single_line(&std::mem::take(&mut self.title_buffer), MAX_TITLE_CHARS);
            }
            RawUse::JsonLd => {
                let block = std::mem::take(&mut self.script_buffer);
                if self.json_ld.len() < MAX_JSON_LD_BLOCKS && !block.trim().is_empty() {
                    self.json_ld.push(block);
                }
            }
            RawUse::Text => self.text.paragraph_break(),
            RawUse::Drop => {}
        }
    }

    fn finish(mut self) -> PageParts {
        // A raw-text element left open at the end of the input still counts.
        if let Some((_, raw_use)) = self.raw.take() {
            self.finish_raw(raw_use);
        }
        PageParts {
            title: self.title,
            text: self.text.out,
            json_ld: self.json_ld,
        }
    }
}

fn push_bounded(buffer: &mut String, value: &str, max_bytes: usize) {
    if buffer.len() < max_bytes {
        buffer.push_str(value);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Line,
    Paragraph,
}

/// Writes text with collapsed whitespace. Breaks and spaces are only written in front of
/// the next visible character, so the text never starts or ends with one and never has
/// more than one blank line in a row.
struct TextWriter {
    out: String,
    chars: usize,
    max_chars: usize,
    pending_break: Break,
    pending_space: bool,
    pending_bullet: bool,
    line_has_text: bool,
}

impl TextWriter {
    fn new(max_chars: usize) -> Self {
        Self {
            out: String::new(),
            chars: 0,
            max_chars,
            pending_break: Break::None,
            pending_space: false,
            pending_bullet: false,
            line_has_text: false,
        }
    }

    fn line_break(&mut self) {
        self.pending_break = self.pending_break.max(Break::Line);
    }

    fn paragraph_break(&mut self) {
        self.pending_break = Break::Paragraph;
    }

    /// An item left without text must not put its dash on what follows the list.
    fn end_list(&mut self) {
        self.pending_bullet = false;
    }

    fn list_item(&mut self) {
        self.line_break();
        self.pending_bullet = true;
    }

    fn space(&mut self) {
        if self.line_has_text {
            self.pending_space = true;
        }
    }

    fn write(&mut self, value: &str, preformatted: bool) {
        for c in value.chars() {
            if self.chars >= self.max_chars {
                return;
            }
            if c == '\n' && preformatted {
                // A blank line in preformatted text separates paragraphs.
                self.pending_break = match self.pending_break {
                    Break::None => Break::Line,
                    _ => Break::Paragraph,
                };
            } else if c.is_whitespace() || c.is_control() {
                self.space();
            } else if !is_invisible(c) {
                self.flush_pending();
                self.push(c);
                self.line_has_text = true;
            }
        }
    }

    fn flush_pending(&mut self) {
        if self.pending_break != Break::None {
            if !self.out.is_empty() {
                self.push('\n');
                if self.pending_break == Break::Paragraph {
                    self.push('\n');
                }
            }
            self.pending_break = Break::None;
            self.pending_space = false;
            self.line_has_text = false;
        }
        if self.pending_bullet {
            self.push('-');
            self.push(' ');
            self.pending_bullet = false;
            self.pending_space = false;
        } else if self.pending_space {
            self.push(' ');
            self.pending_space = false;
        }
    }

    fn push(&mut self, c: char) {
        if self.chars < self.max_chars {
            self.out.push(c);
            self.chars += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_elements_and_breaks_end_lines_and_list_items_become_dashes() {
        let html = "<p>We build <b>tools</b>&nbsp;for   people.</p>\
                    <h2>What you&#39;ll do</h2>\
                    <ul><li>Write Rust</li><li> Review   code </li></ul>\
                    <div>Line one<br>Line two<br/>Line three</div>\
                    Fish &amp; chips &lt;3";
        assert_eq!(
            html_to_text(html, 10_000),
            "We build tools for people.\n\n\
             What you'll do\n\n\
             - Write Rust\n\
             - Review code\n\n\
             Line one\nLine two\nLine three\n\
             Fish & chips <3"
        );
    }

    #[test]
    fn scripts_styles_and_page_chrome_are_left_out() {
        let html = r#"<!doctype html><html><head>
            <title>Rust Engineer &ndash; Acme</title>
            <style>body { color: red } </style>
            <script>var x = "<p>not text</p>";</script>
            <meta charset="utf-8">
            </head><body>
            <nav><a href="/">Home</a><nav>inner</nav> Jobs</nav>
            <noscript><p>Enable JavaScript</p></noscript>
            <svg viewBox="0 0 1 1"><title>icon</title><text>svg text</text></svg>
            <template><p>template text</p></template>
            <main><h1>Rust Engineer</h1><p>Join us.</p></main>
            <footer>© Acme <script>track()</script></footer>
            <p>After footer</p>
            </body></html>"#;
        let page = read_page(html, 10_000);
        assert_eq!(page.title.as_deref(), Some("Rust Engineer – Acme"));
        assert_eq!(page.text, "Rust Engineer\n\nJoin us.\n\nAfter footer");
        assert!(page.json_ld.is_empty());
    }

    #[test]
    fn a_head_that_is_never_closed_does_not_hide_the_body() {
        let page = read_page("<html><head><title>T</title><p>Body text", 1_000);
        assert_eq!(page.title.as_deref(), Some("T"));
        assert_eq!(page.text, "Body text");
    }

    #[test]
    fn an_unclosed_nav_ends_with_the_body() {
        let page = read_page("<nav>menu<p>more menu</body><p>tail</p>", 1_000);
        assert_eq!(page.text, "tail");
    }

    #[test]
    fn json_ld_blocks_are_collected_raw_and_in_order() {
        let html = r#"<script type="application/ld+json">{"a": "<b>&amp;</b>"}</script>
            <script type=" Application/LD+JSON; charset=utf-8 ">[1]</script>
            <script type="text/javascript">{"no": 1}</script>
            <footer><script type="application/ld+json">{"late": true}</script></footer>
            <p>text</p>"#;
        let page = read_page(html, 1_000);
        assert_eq!(
            page.json_ld,
            vec![
                r#"{"a": "<b>&amp;</b>"}"#.to_owned(),
                "[1]".to_owned(),
                r#"{"late": true}"#.to_owned()
            ]
        );
        assert_eq!(page.text, "text");
    }

    #[test]
    fn list_items_with_paragraphs_and_nested_lists_stay_on_their_own_lines() {
        let html = "<p>Intro</p><ul><li><p>First</p></li><li><p>Second</p><ul><li>Nested</li></ul></li>\
                    <li></li></ul><p>After</p><ol><li>One<li>Two</ol>Tail";
        assert_eq!(
            html_to_text(html, 1_000),
            "Intro\n\n- First\n- Second\n- Nested\n\nAfter\n\n- One\n- Two\n\nTail"
        );
    }

    #[test]
    fn deeply_nested_dropped_containers_stay_linear() {
        let html = format!(
            "{}{}<p>x</p>",
            "<nav>".repeat(50_000),
            "</b>".repeat(50_000)
        );
        assert_eq!(html_to_text(&html, 100), "");
        let closed = format!(
            "{}{}<p>visible</p>",
            "<nav>".repeat(300),
            "</nav>".repeat(300)
        );
        assert_eq!(html_to_text(&closed, 100), "visible");
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_tables_separate_cells() {
        let html =
            "<pre>a  b\nc</pre><table><tr><td>x</td><td>y</td></tr><tr><th>z</th></tr></table>";
        assert_eq!(html_to_text(html, 1_000), "a b\nc\n\nx y\nz");
    }

    #[test]
    fn the_text_is_cut_at_the_limit_on_a_character_boundary() {
        let html = format!("<p>{}</p>", "é".repeat(100));
        let text = html_to_text(&html, 10);
        assert_eq!(text, "é".repeat(10));
        let page = read_page(&format!("<p>{}</p>", "word ".repeat(10_000)), 15_000);
        assert!(page.text.chars().count() <= 15_000);
    }

    #[test]
    fn control_and_zero_width_characters_are_dropped() {
        assert_eq!(
            html_to_text("a\u{1}b\u{200B}c&#0;d\u{7f}e", 100),
            "a bc\u{fffd}d e"
        );
    }

    #[test]
    fn broken_markup_does_not_lose_text() {
        assert_eq!(
            html_to_text("<p>one<p>two</div></span><li>three", 100),
            "one\n\ntwo\n- three"
        );
        assert_eq!(html_to_text("a < b and c > d", 100), "a < b and c > d");
        assert_eq!(html_to_text("<", 100), "<");
        assert_eq!(html_to_text("", 100), "");
    }
}
