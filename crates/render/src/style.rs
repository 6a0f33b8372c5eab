//! The look of a render: each template's defaults (SPEC §7) with the export's options laid
//! over them. An option this renderer cannot read (an unknown font, an unreadable colour)
//! leaves the template's default in place, as the port asks.

use tailor_domain::export::{RenderOptions, Template};

/// The typeface families this crate embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    /// Liberation Sans (metric-compatible with Arial): Latin, Greek, Cyrillic.
    Sans,
    /// Libertinus Serif (embedded): Latin, Greek, Cyrillic, Hebrew.
    Serif,
}

impl Face {
    /// The family name in the font book.
    pub(crate) fn family(self) -> &'static str {
        match self {
            Self::Sans => crate::fonts::SANS_FAMILY,
            Self::Serif => crate::fonts::SERIF_FAMILY,
        }
    }

    /// The other embedded family, tried before the system fallbacks.
    pub(crate) fn other(self) -> Self {
        match self {
            Self::Sans => Self::Serif,
            Self::Serif => Self::Sans,
        }
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub [u8; 3]);

impl Rgb {
    pub(crate) const BLACK: Self = Self([0, 0, 0]);

    /// `#rrggbb`, lower case.
    pub(crate) fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// `RRGGBB`, as Word wants it.
    pub(crate) fn word(self) -> String {
        let [r, g, b] = self.0;
        format!("{r:02X}{g:02X}{b:02X}")
    }
}

/// The layout of a document: a resume template, or the one cover letter layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Resume(Template),
    Letter,
}

/// Everything a template needs to know about type and colour.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    /// Points.
    pub size: f64,
    /// A multiple of the font size, as CSS `line-height`.
    pub line_height: f64,
    pub text: Rgb,
    pub accent: Rgb,
    pub primary: Rgb,
    /// Muted text (dates, locations).
    pub muted: Rgb,
}

impl Style {
    /// The template's defaults with the options laid over them.
    pub(crate) fn resolve(layout: Layout, options: &RenderOptions) -> Self {
        let mut style = Self::default_for(layout);
        if let Some(face) = options.font_family.as_deref().and_then(face_for) {
            style.face = face;
        }
        if let Some(size) = options.font_size.filter(|s| (6.0..=24.0).contains(s)) {
            style.size = size;
        }
        if let Some(lh) = options.line_height.filter(|l| (0.8..=3.0).contains(l)) {
            style.line_height = lh;
        }
        let colour = |c: &Option<String>| c.as_deref().and_then(parse_color);
        let (text, accent, primary) = match layout {
            // Black, no colour: nothing to customise (SPEC §7).
            Layout::Resume(Template::AtsOptimized) => (false, false, false),
            Layout::Resume(Template::Classic) | Layout::Letter => (true, false, false),
            Layout::Resume(Template::Modern) => (true, true, false),
            Layout::Resume(Template::Creative) => (true, true, true),
        };
        if text && let Some(c) = colour(&options.text_color) {
            style.text = c;
        }
        if accent && let Some(c) = colour(&options.accent_color) {
            style.accent = c;
            if layout == Layout::Resume(Template::Modern) {
                style.primary = c;
            }
        }
        if primary && let Some(c) = colour(&options.primary_color) {
            style.primary = c;
        }
        style
    }

    fn default_for(layout: Layout) -> Self {
        let hex = |s| parse_color(s).unwrap_or(Rgb::BLACK);
        match layout {
            Layout::Resume(Template::Modern) => Self {
                face: Face::Sans,
                size: 11.0,
                line_height: 1.15,
                text: hex("#2c3e50"),
                accent: hex("#2563eb"),
                primary: hex("#2563eb"),
                muted: hex("#5b6770"),
            },
            Layout::Resume(Template::Classic) => Self {
                face: Face::Serif,
                size: 11.0,
                line_height: 1.2,
                text: Rgb::BLACK,
                accent: Rgb::BLACK,
                primary: Rgb::BLACK,
                muted: hex("#333333"),
            },
            Layout::Resume(Template::Creative) => Self {
                face: Face::Sans,
                size: 10.5,
                line_height: 1.3,
                text: hex("#2c3e50"),
                accent: hex("#e74c3c"),
                primary: hex("#2c3e50"),
                muted: hex("#6b7b7d"),
            },
            Layout::Resume(Template::AtsOptimized) => Self {
                face: Face::Sans,
                size: 11.0,
                line_height: 1.15,
                text: Rgb::BLACK,
                accent: Rgb::BLACK,
                primary: Rgb::BLACK,
                muted: Rgb::BLACK,
            },
            Layout::Letter => Self {
                face: Face::Serif,
                size: 12.0,
                line_height: 1.5,
                text: Rgb::BLACK,
                accent: Rgb::BLACK,
                primary: Rgb::BLACK,
                muted: hex("#333333"),
            },
        }
    }
}

/// The embedded face for a CSS-like font list: the first name recognised wins.
pub(crate) fn face_for(list: &str) -> Option<Face> {
    list.split(',').find_map(|name| {
        let name = name
            .trim()
            .trim_matches(['"', '\''])
            .trim()
            .to_ascii_lowercase();
        if SANS_NAMES.contains(&name.as_str()) {
            Some(Face::Sans)
        } else if SERIF_NAMES.contains(&name.as_str()) {
            Some(Face::Serif)
        } else {
            None
        }
    })
}

const SANS_NAMES: &[&str] = &[
    "sans-serif",
    "sans serif",
    "sans",
    "system-ui",
    "-apple-system",
    "blinkmacsystemfont",
    "arial",
    "helvetica",
    "helvetica neue",
    "calibri",
    "liberation sans",
    "arimo",
    "verdana",
    "tahoma",
    "segoe ui",
    "roboto",
    "open sans",
    "inter",
    "lato",
    "source sans pro",
    "trebuchet ms",
    "gill sans",
    "futura",
    "avenir",
    "noto sans",
    "dejavu sans",
    "ubuntu",
    "montserrat",
    "candara",
    "franklin gothic",
    "century gothic",
];

const SERIF_NAMES: &[&str] = &[
    "serif",
    "georgia",
    "times",
    "times new roman",
    "cambria",
    "garamond",
    "eb garamond",
    "palatino",
    "palatino linotype",
    "book antiqua",
    "baskerville",
    "libertinus serif",
    "linux libertine",
    "liberation serif",
    "tinos",
    "merriweather",
    "noto serif",
    "dejavu serif",
    "constantia",
    "charter",
    "bitstream charter",
    "didot",
    "bodoni",
    "minion pro",
    "source serif pro",
    "computer modern",
    "new computer modern",
];

/// A CSS colour word or `#rgb`/`#rrggbb` hex; `None` for anything else.
pub(crate) fn parse_color(raw: &str) -> Option<Rgb> {
    let raw = raw.trim();
    if let Some(hex) = raw.strip_prefix('#') {
        return parse_hex(hex);
    }
    let name = raw.to_ascii_lowercase().replace([' ', '-', '_'], "");
    COLOR_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, rgb)| Rgb(rgb))
}

fn parse_hex(hex: &str) -> Option<Rgb> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
    match hex.len() {
        3 => Some(Rgb([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
        6 => {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            Some(Rgb([byte(0)?, byte(2)?, byte(4)?]))
        }
        _ => None,
    }
}

/// The 16 basic CSS colours and the common extended ones.
const COLOR_NAMES: &[(&str, [u8; 3])] = &[
    ("black", [0, 0, 0]),
    ("silver", [192, 192, 192]),
    ("gray", [128, 128, 128]),
    ("grey", [128, 128, 128]),
    ("white", [255, 255, 255]),
    ("maroon", [128, 0, 0]),
    ("red", [255, 0, 0]),
    ("purple", [128, 0, 128]),
    ("fuchsia", [255, 0, 255]),
    ("magenta", [255, 0, 255]),
    ("green", [0, 128, 0]),
    ("lime", [0, 255, 0]),
    ("olive", [128, 128, 0]),
    ("yellow", [255, 255, 0]),
    ("navy", [0, 0, 128]),
    ("blue", [0, 0, 255]),
    ("teal", [0, 128, 128]),
    ("aqua", [0, 255, 255]),
    ("cyan", [0, 255, 255]),
    ("orange", [255, 165, 0]),
    ("darkorange", [255, 140, 0]),
    ("orangered", [255, 69, 0]),
    ("tomato", [255, 99, 71]),
    ("coral", [255, 127, 80]),
    ("salmon", [250, 128, 114]),
    ("crimson", [220, 20, 60]),
    ("firebrick", [178, 34, 34]),
    ("darkred", [139, 0, 0]),
    ("brown", [165, 42, 42]),
    ("sienna", [160, 82, 45]),
    ("chocolate", [210, 105, 30]),
    ("gold", [255, 215, 0]),
    ("goldenrod", [218, 165, 32]),
    ("pink", [255, 192, 203]),
    ("hotpink", [255, 105, 180]),
    ("deeppink", [255, 20, 147]),
    ("violet", [238, 130, 238]),
    ("orchid", [218, 112, 214]),
    ("plum", [221, 160, 221]),
    ("indigo", [75, 0, 130]),
    ("darkviolet", [148, 0, 211]),
    ("darkmagenta", [139, 0, 139]),
    ("rebeccapurple", [102, 51, 153]),
    ("slateblue", [106, 90, 205]),
    ("darkslateblue", [72, 61, 139]),
    ("midnightblue", [25, 25, 112]),
    ("darkblue", [0, 0, 139]),
    ("mediumblue", [0, 0, 205]),
    ("royalblue", [65, 105, 225]),
    ("dodgerblue", [30, 144, 255]),
    ("steelblue", [70, 130, 180]),
    ("cornflowerblue", [100, 149, 237]),
    ("deepskyblue", [0, 191, 255]),
    ("skyblue", [135, 206, 235]),
    ("lightblue", [173, 216, 230]),
    ("cadetblue", [95, 158, 160]),
    ("darkcyan", [0, 139, 139]),
    ("turquoise", [64, 224, 208]),
    ("darkturquoise", [0, 206, 209]),
    ("seagreen", [46, 139, 87]),
    ("mediumseagreen", [60, 179, 113]),
    ("forestgreen", [34, 139, 34]),
    ("darkgreen", [0, 100, 0]),
    ("olivedrab", [107, 142, 35]),
    ("darkolivegreen", [85, 107, 47]),
    ("limegreen", [50, 205, 50]),
    ("lightgreen", [144, 238, 144]),
    ("darkgray", [169, 169, 169]),
    ("darkgrey", [169, 169, 169]),
    ("dimgray", [105, 105, 105]),
    ("dimgrey", [105, 105, 105]),
    ("lightgray", [211, 211, 211]),
    ("lightgrey", [211, 211, 211]),
    ("slategray", [112, 128, 144]),
    ("slategrey", [112, 128, 144]),
    ("darkslategray", [47, 79, 79]),
    ("darkslategrey", [47, 79, 79]),
    ("charcoal", [54, 69, 79]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_recognised_font_name_wins() {
        assert_eq!(face_for("Arial"), Some(Face::Sans));
        assert_eq!(
            face_for("\"Georgia\", Times New Roman, serif"),
            Some(Face::Serif)
        );
        assert_eq!(
            face_for("Comic Sans MS, Helvetica, serif"),
            Some(Face::Sans)
        );
        assert_eq!(face_for("Papyrus, Wingdings"), None);
        assert_eq!(face_for(""), None);
    }

    #[test]
    fn colour_words_and_hex_parse() {
        assert_eq!(parse_color("blue"), Some(Rgb([0, 0, 255])));
        assert_eq!(parse_color(" Navy "), Some(Rgb([0, 0, 128])));
        assert_eq!(parse_color("dark-grey"), Some(Rgb([169, 169, 169])));
        assert_eq!(parse_color("#2563EB"), Some(Rgb([0x25, 0x63, 0xeb])));
        assert_eq!(parse_color("#f0a"), Some(Rgb([0xff, 0x00, 0xaa])));
        assert_eq!(parse_color("#2563EB").unwrap().hex(), "#2563eb");
        assert_eq!(parse_color("#2563EB").unwrap().word(), "2563EB");
    }

    #[test]
    fn unreadable_colours_are_none() {
        for bad in [
            "",
            "#",
            "#12",
            "#12345",
            "#1234567",
            "#ggg",
            "#+1f",
            "bluish",
            "rgb(1,2,3)",
        ] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn options_override_template_defaults() {
        let options = RenderOptions {
            font_family: Some("Georgia, serif".into()),
            font_size: Some(12.5),
            line_height: Some(1.4),
            accent_color: Some("teal".into()),
            text_color: Some("#333".into()),
            ..RenderOptions::default()
        };
        let s = Style::resolve(Layout::Resume(Template::Modern), &options);
        assert_eq!(s.face, Face::Serif);
        assert_eq!(s.size, 12.5);
        assert_eq!(s.line_height, 1.4);
        assert_eq!(s.accent, Rgb([0, 128, 128]));
        assert_eq!(s.text, Rgb([0x33, 0x33, 0x33]));
    }

    #[test]
    fn unknown_options_leave_the_defaults() {
        let options = RenderOptions {
            font_family: Some("Wingdings".into()),
            accent_color: Some("not a colour".into()),
            ..RenderOptions::default()
        };
        let layout = Layout::Resume(Template::Modern);
        assert_eq!(
            Style::resolve(layout, &options),
            Style::resolve(layout, &RenderOptions::default())
        );
    }

    #[test]
    fn the_ats_template_stays_black() {
        let options = RenderOptions {
            accent_color: Some("red".into()),
            text_color: Some("blue".into()),
            primary_color: Some("green".into()),
            ..RenderOptions::default()
        };
        let s = Style::resolve(Layout::Resume(Template::AtsOptimized), &options);
        assert_eq!(
            (s.text, s.accent, s.primary),
            (Rgb::BLACK, Rgb::BLACK, Rgb::BLACK)
        );
    }
}
