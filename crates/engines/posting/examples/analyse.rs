//! Prints what the analyser reads from the posting on standard input, one field per line:
//! `cargo run -p tailor-posting --example analyse < posting.txt`.

use std::io::Read;

fn main() {
    let mut text = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read standard input: {error}");
        std::process::exit(1);
    }
    // The vocabulary is loaded first, as the server does at start, so that a profiler sees
    // the analysis alone.
    if let Err(error) = tailor_skills::Vocabulary::shipped() {
        eprintln!("the vocabulary is invalid: {error}");
        std::process::exit(1);
    }
    tailor_posting::load_word_lists();
    let p = tailor_posting::analyse_posting(&text);
    println!("title: {:?}", p.title);
    println!("company: {:?}", p.company);
    println!("location: {:?}", p.location);
    println!("salary: {:?}", p.salary);
    println!("work mode: {:?}", p.work_mode);
    println!("employment type: {:?}", p.employment_type);
    println!("seniority: {:?}", p.seniority);
    println!("years: {:?}", p.years_experience);
    println!("requirements: {:?}", p.requirements);
    println!("preferred: {:?}", p.preferred_requirements);
    println!("responsibilities: {:?}", p.responsibilities);
    println!("benefits: {:?}", p.benefits);
    println!("keywords: {:?}", p.keywords);
}
