//! Prints the vocabulary keywords of the text on standard input, one per line, most relevant
//! first: `cargo run -p tailor-skills --example keywords < posting.txt`.

use std::io::Read;

fn main() {
    if let Err(error) = tailor_skills::Vocabulary::shipped() {
        eprintln!("the shipped vocabulary is invalid: {error}");
        std::process::exit(1);
    }
    let mut text = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read standard input: {error}");
        std::process::exit(1);
    }
    for keyword in tailor_skills::extract_keywords(&text) {
        println!("{keyword}");
    }
}
