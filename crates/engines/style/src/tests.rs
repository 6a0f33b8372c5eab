//! The style measures on whole texts.

use super::*;

fn terms(list: &[TermCount]) -> Vec<(&str, usize)> {
    list.iter().map(|t| (t.term.as_str(), t.count)).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

const COVER_LETTER: &str = "Dear Ms. Smith,\n\n\
    I'm applying for the Senior Engineer role at Acme. I led a team of 5 engineers and \
    shipped a billing platform, e.g. invoicing and refunds. We cut costs by 3.5 percent.\n\n\
    Furthermore, I\u{2019}ve mentored new hires. It's work I love!\n\n\
    Sincerely,\nJane Doe\n";

#[test]
fn a_short_cover_letter_gives_the_expected_counts() {
    let style = analyse(COVER_LETTER);
    // Sentences, in words: 3, 9, 16, 6, 5, 4, 3.
    assert_eq!(style.word_count, 46);
    assert_eq!(style.sentence_count, 7);
    assert_eq!(style.paragraph_count, 4);
    assert!(close(style.sentence_length_mean, 46.0 / 7.0));
    let variance = (9.0 + 81.0 + 256.0 + 36.0 + 25.0 + 16.0 + 9.0) / 7.0 - (46.0f64 / 7.0).powi(2);
    assert!(close(style.sentence_length_stddev, variance.sqrt()));
    assert!(close(style.paragraph_length_mean, 11.5));
    // I'm ..., I led ..., I've ..., It's work I love!
    assert!(close(style.first_person_ratio, 4.0 / 7.0));
    // I'm, I've, It's.
    assert!(close(
        style.formality.contractions_per_100_words,
        300.0 / 46.0
    ));
    // Furthermore, Sincerely.
    assert!(close(
        style.formality.formal_markers_per_100_words,
        200.0 / 46.0
    ));
    // The exclamation.
    assert!(close(
        style.formality.informal_markers_per_100_words,
        100.0 / 46.0
    ));
    assert_eq!(
        terms(&style.action_verbs),
        [("led", 1), ("mentored", 1), ("shipped", 1)]
    );
    assert!(style.phrases.is_empty());
    assert!(style.vocabulary_richness > 0.8 && style.vocabulary_richness <= 1.0);
}

#[test]
fn abbreviations_and_decimals_do_not_split_sentences() {
    let text = "Dr. Lee moved to the U.S. in 2019, e.g. for work. Revenue grew 3.5 times, \
        i.e. a lot. Mr. Smith joined Acme Inc. in May. We used Rust, Go, etc. and shipped. \
        See No. 5 and Fig. 2 from Jan. 2020. J. R. Tolkien wrote (approx. 3.25 books).";
    let style = analyse(text);
    assert_eq!(style.sentence_count, 6);
}

#[test]
fn sentence_final_abbreviations_and_ellipses_split_before_a_capital() {
    let style = analyse("I like tea, coffee, etc. Then I left. It was... fine... Really.");
    // "I like tea, coffee, etc." "Then I left." "It was... fine..." "Really."
    assert_eq!(style.sentence_count, 4);
    assert_eq!(analyse("Say no. Then go.").sentence_count, 2);
}

#[test]
fn question_and_exclamation_marks_end_sentences() {
    let style = analyse("Really? Yes!! \"Great.\" Done");
    assert_eq!(style.sentence_count, 4);
    assert_eq!(style.word_count, 4);
}

#[test]
fn bullet_lines_and_headings_end_sentences_but_wrapped_lines_do_not() {
    let resume = "Jane Doe\nSenior Engineer\n\nExperience\n- Led the migration to Rust\n\
        \u{2022} Built CI pipelines\n1. Reduced costs by 30%\n\n\
        I have spent ten years building payment systems for small and\n\
        medium businesses across Europe.";
    let style = analyse(resume);
    assert_eq!(style.paragraph_count, 3);
    // "Jane Doe", "Senior Engineer", "Experience", three bullets, one wrapped sentence.
    assert_eq!(style.sentence_count, 7);
    assert_eq!(style.word_count, 2 + 2 + 1 + 5 + 3 + 4 + 15);
    assert_eq!(
        terms(&style.action_verbs),
        [("built", 2), ("led", 1), ("reduced", 1)]
    );
}

#[test]
fn paragraphs_are_separated_by_blank_lines_only() {
    assert_eq!(
        analyse("One line.\nAnother line.\r\nA third.").paragraph_count,
        1
    );
    assert_eq!(analyse("One.\r\n\r\nTwo.\n \t\nThree.").paragraph_count, 3);
    assert_eq!(analyse("One.\u{2029}Two.\u{0C}Three.").paragraph_count, 3);
}

#[test]
fn the_same_text_always_gives_the_same_profile() {
    let text = format!(
        "{COVER_LETTER}\n{}",
        "We built tools. We built teams. ".repeat(40)
    );
    let first = analyse(&text);
    let second = analyse(&text);
    assert_eq!(first, second);
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
}

#[test]
fn empty_or_blank_text_gives_zeros_and_empty_lists() {
    for text in ["", "   \n\t\r\n  ", "- \n* \n", "!!! ... ???"] {
        let style = analyse(text);
        assert_eq!(style.word_count, 0, "{text:?}");
        assert_eq!(style.sentence_count, 0);
        assert_eq!(style.paragraph_count, 0);
        assert!(close(style.sentence_length_mean, 0.0));
        assert!(close(style.sentence_length_stddev, 0.0));
        assert!(close(style.paragraph_length_mean, 0.0));
        assert!(close(style.vocabulary_richness, 0.0));
        assert!(close(style.first_person_ratio, 0.0));
        assert!(close(style.formality.contractions_per_100_words, 0.0));
        assert!(close(style.formality.formal_markers_per_100_words, 0.0));
        assert!(close(style.formality.informal_markers_per_100_words, 0.0));
        assert!(close(style.formality.score, 0.5));
        assert_eq!(style.formality.level, "neutral");
        assert!(style.action_verbs.is_empty());
        assert!(style.phrases.is_empty());
    }
}

#[test]
fn a_casual_text_scores_lower_than_a_formal_one() {
    let casual = analyse(
        "Hey guys! I'm gonna be honest, this job looks awesome. \
         Yeah, I've done tons of cool stuff lol. Can't wait!",
    );
    let formal = analyse(
        "I am writing regarding the Senior Engineer position. Furthermore, my experience \
         in payments is directly relevant; therefore, I believe I would contribute from \
         the first day. I hereby submit my application.\n\nSincerely,\nJane Doe",
    );
    assert!(casual.formality.score < formal.formality.score);
    assert_eq!(casual.formality.level, "casual");
    assert_eq!(formal.formality.level, "formal");
    assert!(casual.formality.contractions_per_100_words > 0.0);
    assert!(close(formal.formality.contractions_per_100_words, 0.0));
}

#[test]
fn possessives_are_not_contractions_but_curly_apostrophes_are() {
    let style =
        analyse("Acme's team and the students' work. It\u{2019}s done; we don\u{2019}t stop.");
    // Words: acme's team and the students work it's done we don't stop = 11.
    assert_eq!(style.word_count, 11);
    assert!(close(
        style.formality.contractions_per_100_words,
        200.0 / 11.0
    ));
}

#[test]
fn emoticons_and_emoji_mark_casual_writing_without_being_words() {
    let style = analyse("Great job team :) \u{1F389}\u{1F389}");
    assert_eq!(style.word_count, 3);
    assert!(close(
        style.formality.informal_markers_per_100_words,
        200.0 / 3.0
    ));
}

#[test]
fn line_breaks_of_every_kind_are_recognized() {
    let style = analyse("- One\r- Two\u{2028}- Three\u{0B}- Four\u{85}- Five");
    assert_eq!(style.sentence_count, 5);
    assert_eq!(style.paragraph_count, 1);
}

#[test]
fn tokens_split_at_exactly_the_unicode_whitespace_and_em_dashes() {
    for c in (0x80..=0x10_FFFF).filter_map(char::from_u32) {
        let mut encoded = [0; 4];
        let expected = match c {
            '\u{2014}' => Some(true),
            c if c.is_whitespace() => Some(false),
            _ => None,
        };
        assert_eq!(
            separator(c.encode_utf8(&mut encoded).as_bytes()),
            expected,
            "{c:?}"
        );
    }
    let style = analyse("one\u{A0}two\u{3000}three\u{2009}four\u{2014}five");
    assert_eq!(style.word_count, 5);
}

#[test]
fn first_person_counts_whole_words_only() {
    let style = analyse("It is mine. In India we met. MY team won. Mime is art. Ask me!");
    // "mine", "MY", "me" - not the "i" inside words.
    assert!(close(style.first_person_ratio, 3.0 / 5.0));
}

#[test]
fn action_verbs_count_inflections_under_the_listed_form_and_sort_by_count_then_term() {
    let text = "Led the team. Leading teams matters. She leads well. I managed budgets. \
        Managing people. Built tools. Optimised queries and optimized more. \
        Designed systems. Owned delivery. My own design. We drove growth.";
    let style = analyse(text);
    assert_eq!(
        terms(&style.action_verbs),
        [
            ("led", 3),
            ("managed", 2),
            ("optimized", 2),
            ("built", 1),
            ("designed", 1),
            ("drove", 1),
            ("owned", 1),
        ]
    );
}

#[test]
fn at_most_ten_action_verbs_are_reported() {
    let style = analyse(
        "Led built created designed developed delivered drove improved launched managed \
         mentored optimized reduced shipped.",
    );
    let names: Vec<&str> = style.action_verbs.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(
        names,
        [
            "built",
            "created",
            "delivered",
            "designed",
            "developed",
            "drove",
            "improved",
            "launched",
            "led",
            "managed"
        ]
    );
}

#[test]
fn phrases_are_counted_within_clauses_and_sorted_by_count_length_and_term() {
    let text = "We built data pipelines. We built data pipelines for the team. \
        Data pipelines matter to the team. Of the team, by the way. \
        Python, Rust. Python, Rust. It is. It is.";
    let style = analyse(text);
    assert_eq!(
        terms(&style.phrases),
        [
            ("data pipelines", 3),
            ("the team", 3),
            ("built data pipelines", 2),
            ("we built data", 2),
            ("built data", 2),
            ("we built", 2),
        ]
    );
}

#[test]
fn phrases_do_not_cross_sentences() {
    let style = analyse("Ship fast. Learn more. Ship fast. Learn more.");
    assert_eq!(terms(&style.phrases), [("learn more", 2), ("ship fast", 2)]);
}

#[test]
fn vocabulary_richness_uses_a_moving_window_and_stays_within_bounds() {
    let repetitive = analyse(&"alpha beta gamma delta. ".repeat(100));
    assert!(close(repetitive.vocabulary_richness, 4.0 / 50.0));
    let short = analyse("one two two three");
    assert!(close(short.vocabulary_richness, 0.75));
    let varied: String = (0..200).map(|i| format!("w{i} ")).collect();
    assert!(close(analyse(&varied).vocabulary_richness, 1.0));
}

#[test]
fn the_action_verb_list_is_long_enough_and_every_form_belongs_to_one_entry() {
    assert!(ACTION_VERBS.len() >= 80);
    let mut seen = std::collections::BTreeSet::new();
    for entry in ACTION_VERBS {
        for form in entry.split(' ') {
            assert!(!form.is_empty(), "{entry:?}");
            assert!(seen.insert(form), "{form} is listed twice");
        }
    }
}

#[test]
fn a_mebibyte_of_text_is_profiled_with_the_right_counts() {
    const VOCABULARY: &[&str] = &[
        "I",
        "led",
        "the",
        "team",
        "that",
        "built",
        "a",
        "new",
        "platform",
        "and",
        "we",
        "reduced",
        "costs",
        "by",
        "3.5",
        "percent",
        "for",
        "our",
        "customers",
        "e.g.",
    ];
    let mut text = String::with_capacity((1 << 20) + 200);
    let mut words = 0;
    let mut sentences = 0;
    let mut seed = 7usize;
    while text.len() < 1 << 20 {
        let length = 5 + seed % 20;
        for _ in 0..length {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345) % (1 << 31);
            text.push_str(VOCABULARY[seed % VOCABULARY.len()]);
            text.push(' ');
            words += 1;
        }
        text.push_str("end.");
        words += 1;
        sentences += 1;
        text.push_str(if sentences % 10 == 0 { "\n\n" } else { " " });
    }
    let style = analyse(&text);
    assert_eq!(style.word_count, words);
    assert_eq!(style.sentence_count, sentences);
    assert_eq!(style.paragraph_count, sentences.div_ceil(10));
    assert!(style.vocabulary_richness > 0.0 && style.vocabulary_richness <= 1.0);
    assert_eq!(style.action_verbs.len(), 3);
    assert_eq!(style.phrases.len(), 10);
}

/// A small deterministic generator (xorshift64*), so the test needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
}

#[test]
fn arbitrary_text_never_gives_nan_infinity_or_out_of_range_ratios() {
    const PIECES: &[&str] = &[
        "a",
        "I",
        "led",
        "Led",
        "e.g.",
        "U.S.",
        "Mr.",
        "etc.",
        "3.5",
        "don't",
        "it\u{2019}s",
        "’",
        "'",
        ".",
        "..",
        "…",
        "!",
        "?",
        "?!",
        ",",
        ";",
        ":",
        "(",
        ")",
        "\"",
        "—",
        "-",
        "•",
        "1.",
        "a)",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\u{2028}",
        "\u{2029}",
        "\u{0C}",
        "\u{200B}",
        "\u{FEFF}",
        "é",
        "e\u{301}",
        "Ω",
        "ß",
        "İ",
        "ﬃ",
        "日本語",
        "。",
        "！",
        "مرحبا",
        "\u{202E}",
        "😀",
        "👩\u{200D}💻",
        ":)",
        ":D",
        "<3",
        "awesome",
        "therefore",
        "gonna",
        "0",
        "\u{0}",
        "\u{FFFD}",
        "\u{10FFFF}",
        "x",
        "Zz",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let length = rng.below(120);
        let mut text = String::new();
        for _ in 0..length {
            if rng.below(4) == 0 {
                // Any scalar value, not only the ones listed.
                let c =
                    char::from_u32(u32::try_from(rng.next() % 0x11_0000).unwrap()).unwrap_or('?');
                text.push(c);
            } else {
                text.push_str(PIECES[rng.below(PIECES.len())]);
            }
            if rng.below(3) == 0 {
                text.push(' ');
            }
        }
        let style = analyse(&text);
        let f = &style.formality;
        for value in [
            style.sentence_length_mean,
            style.sentence_length_stddev,
            style.paragraph_length_mean,
            style.vocabulary_richness,
            style.first_person_ratio,
            f.score,
            f.contractions_per_100_words,
            f.formal_markers_per_100_words,
            f.informal_markers_per_100_words,
        ] {
            assert!(value.is_finite() && value >= 0.0, "round {round}: {text:?}");
        }
        for value in [style.vocabulary_richness, style.first_person_ratio, f.score] {
            assert!(value <= 1.0, "round {round}: {text:?}");
        }
        assert!(["formal", "neutral", "casual"].contains(&f.level.as_str()));
        assert!(style.sentence_count <= style.word_count);
        assert!(style.paragraph_count <= style.sentence_count);
        let words = style.word_count as f64;
        let sentences = style.sentence_count as f64;
        assert!((style.sentence_length_mean * sentences - words).abs() < 1e-6);
        assert!(style.action_verbs.len() <= TOP_TERMS && style.phrases.len() <= TOP_TERMS);
        assert!(style.phrases.iter().all(|p| p.count >= MIN_PHRASE_COUNT));
        assert_eq!(style, analyse(&text), "round {round}");
    }
}
