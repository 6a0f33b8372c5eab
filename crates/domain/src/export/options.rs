//! Templates, paper and the options the app sends with an export.

use serde_json::{Map, Value};
use tailor_text::places::{US_STATE_CODES, US_STATE_NAMES};

/// The four resume templates (SPEC §7). Cover letters have one layout whatever is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    Modern,
    Classic,
    Creative,
    AtsOptimized,
}

impl Template {
    pub const ALL: [Self; 4] = [
        Self::Modern,
        Self::Classic,
        Self::Creative,
        Self::AtsOptimized,
    ];

    /// The contract's id, exactly (`ats-optimized` with a hyphen).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Modern => "modern",
            Self::Classic => "classic",
            Self::Creative => "creative",
            Self::AtsOptimized => "ats-optimized",
        }
    }

    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }
}

/// Page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Letter => "letter",
            Self::A4 => "a4",
        }
    }

    /// `letter` or `a4`, any case.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "letter" | "us-letter" | "us_letter" => Some(Self::Letter),
            "a4" => Some(Self::A4),
            _ => None,
        }
    }

    /// The paper of the country a location names: Letter in the Americas' Letter
    /// countries (and for a location naming no known country), A4 everywhere else.
    #[must_use]
    pub fn for_location(location: &str) -> Self {
        let last = location
            .rsplit([',', '|', '/'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_end_matches('.')
            .to_lowercase();
        if last.is_empty() {
            return Self::Letter;
        }
        // A US address often ends with the state.
        if LETTER_COUNTRIES.contains(&last.as_str())
            || US_STATE_CODES.contains(&last.as_str())
            || US_STATE_NAMES.contains(&last.as_str())
        {
            return Self::Letter;
        }
        if A4_COUNTRIES.contains(&last.as_str()) {
            return Self::A4;
        }
        Self::Letter
    }
}

/// Countries (names and ISO codes, lower case) that use US Letter.
const LETTER_COUNTRIES: &[&str] = &[
    "us",
    "usa",
    "u.s",
    "u.s.a",
    "united states",
    "united states of america",
    "america",
    "ca",
    "canada",
    "mx",
    "mexico",
    "méxico",
    "ph",
    "philippines",
    "cl",
    "chile",
    "co",
    "colombia",
    "ve",
    "venezuela",
    "gt",
    "guatemala",
    "cr",
    "costa rica",
    "pa",
    "panama",
    "do",
    "dominican republic",
    "pr",
    "puerto rico",
    "sv",
    "el salvador",
    "ni",
    "nicaragua",
    "hn",
    "honduras",
];

/// Countries (names and common codes, lower case) that use A4. A location naming none of
/// these or the Letter countries gets Letter.
const A4_COUNTRIES: &[&str] = &[
    "uk",
    "gb",
    "united kingdom",
    "england",
    "scotland",
    "wales",
    "northern ireland",
    "ireland",
    "ie",
    "germany",
    "deutschland",
    "de",
    "france",
    "fr",
    "spain",
    "españa",
    "es",
    "portugal",
    "pt",
    "italy",
    "italia",
    "it",
    "netherlands",
    "nl",
    "belgium",
    "be",
    "luxembourg",
    "switzerland",
    "schweiz",
    "suisse",
    "ch",
    "austria",
    "österreich",
    "at",
    "denmark",
    "dk",
    "sweden",
    "se",
    "norway",
    "no",
    "finland",
    "fi",
    "iceland",
    "poland",
    "pl",
    "czechia",
    "czech republic",
    "cz",
    "slovakia",
    "hungary",
    "hu",
    "romania",
    "ro",
    "bulgaria",
    "greece",
    "gr",
    "ελλάδα",
    "cyprus",
    "malta",
    "croatia",
    "slovenia",
    "serbia",
    "estonia",
    "latvia",
    "lithuania",
    "ukraine",
    "ua",
    "russia",
    "ru",
    "россия",
    "turkey",
    "türkiye",
    "tr",
    "israel",
    "il",
    "uae",
    "united arab emirates",
    "saudi arabia",
    "qatar",
    "egypt",
    "morocco",
    "nigeria",
    "kenya",
    "ghana",
    "south africa",
    "za",
    "india",
    "in",
    "pakistan",
    "bangladesh",
    "sri lanka",
    "china",
    "cn",
    "中国",
    "japan",
    "jp",
    "日本",
    "south korea",
    "korea",
    "kr",
    "taiwan",
    "tw",
    "hong kong",
    "hk",
    "singapore",
    "sg",
    "malaysia",
    "my",
    "indonesia",
    "thailand",
    "vietnam",
    "australia",
    "au",
    "new zealand",
    "nz",
    "brazil",
    "brasil",
    "br",
    "argentina",
    "ar",
    "peru",
    "uruguay",
    "ecuador",
];

/// What the app may send as an export's `options`: only these keys are read, anything
/// else is ignored, and a value that is out of range or of the wrong type is ignored too
/// (the template's default stands).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RenderOptions {
    /// A font family name or CSS-like list (`"Georgia, Times New Roman, serif"`); mapped to
    /// the fonts the renderer ships.
    pub font_family: Option<String>,
    /// Points, 6–24.
    pub font_size: Option<f64>,
    /// A multiple of the font size, 0.8–3 (`line_height`, or `line_spacing` as in the
    /// template defaults).
    pub line_height: Option<f64>,
    /// A colour word (`blue`) or hex (`#2563EB`); the renderer ignores what it cannot read.
    pub accent_color: Option<String>,
    pub text_color: Option<String>,
    pub primary_color: Option<String>,
    pub paper: Option<Paper>,
}

/// The longest option string read (a font list or a colour).
const MAX_OPTION_LEN: usize = 100;

impl RenderOptions {
    /// Reads the options object; never fails (unknown keys and unreadable values are
    /// ignored).
    #[must_use]
    pub fn from_json(options: Option<&Map<String, Value>>) -> Self {
        let Some(map) = options else {
            return Self::default();
        };
        let text = |key: &str| {
            map.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty() && s.len() <= MAX_OPTION_LEN)
                .map(str::to_owned)
        };
        let number = |key: &str, min: f64, max: f64| {
            map.get(key)
                .and_then(|v| match v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().trim_end_matches("pt").trim().parse().ok(),
                    _ => None,
                })
                .filter(|n| n.is_finite() && (min..=max).contains(n))
        };
        Self {
            font_family: text("font_family"),
            font_size: number("font_size", 6.0, 24.0),
            line_height: number("line_height", 0.8, 3.0)
                .or_else(|| number("line_spacing", 0.8, 3.0)),
            accent_color: text("accent_color"),
            text_color: text("text_color"),
            primary_color: text("primary_color"),
            paper: text("paper").as_deref().and_then(Paper::parse),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_ids_are_the_contracts_exactly() {
        assert_eq!(
            Template::parse("ats-optimized"),
            Some(Template::AtsOptimized)
        );
        assert_eq!(Template::parse("ats_optimized"), None);
        assert_eq!(Template::parse("Modern"), None);
        for t in Template::ALL {
            assert_eq!(Template::parse(t.as_str()), Some(t));
        }
    }

    #[test]
    fn paper_follows_the_country_of_the_location() {
        assert_eq!(Paper::for_location("Austin, TX"), Paper::Letter);
        assert_eq!(Paper::for_location("Toronto, Canada"), Paper::Letter);
        assert_eq!(Paper::for_location("Berlin, Germany"), Paper::A4);
        assert_eq!(Paper::for_location("London, UK"), Paper::A4);
        assert_eq!(Paper::for_location("Αθήνα, Ελλάδα"), Paper::A4);
        assert_eq!(Paper::for_location(""), Paper::Letter);
        assert_eq!(Paper::for_location("Springfield"), Paper::Letter);
    }

    #[test]
    fn options_read_known_keys_and_ignore_the_rest() {
        let value = json!({
            "font_family": "Arial", "accent_color": "blue", "font_size": "12pt",
            "line_spacing": 1.3, "paper": "A4", "unknown": {"deep": 1},
        });
        let o = RenderOptions::from_json(value.as_object());
        assert_eq!(o.font_family.as_deref(), Some("Arial"));
        assert_eq!(o.accent_color.as_deref(), Some("blue"));
        assert_eq!(o.font_size, Some(12.0));
        assert_eq!(o.line_height, Some(1.3));
        assert_eq!(o.paper, Some(Paper::A4));
    }

    #[test]
    fn out_of_range_or_mistyped_values_are_ignored() {
        let value = json!({
            "font_size": 400, "line_height": "tall", "accent_color": 7,
            "font_family": "x".repeat(500), "paper": "tabloid",
        });
        assert_eq!(
            RenderOptions::from_json(value.as_object()),
            RenderOptions::default()
        );
        assert_eq!(RenderOptions::from_json(None), RenderOptions::default());
    }
}
