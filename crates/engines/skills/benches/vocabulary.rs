//! `cargo bench -p tailor-skills --bench vocabulary`: the time to find every skill in
//! 15,000 characters (the longest posting the contract accepts).

use std::time::Instant;

use tailor_skills::vocabulary;

fn main() {
    let paragraph = "We build microservices in Go, Rust and Python on AWS and Kubernetes, \
        with PostgreSQL, Redis and Kafka; strong communication and leadership. ";
    let text: String = paragraph.chars().cycle().take(15_000).collect();
    let vocabulary = vocabulary();
    let found = vocabulary.find_all(&text).len();
    let runs = 500_u32;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(vocabulary.find_all(std::hint::black_box(&text)));
    }
    let each = started.elapsed() / runs;
    println!(
        "find_all over 15,000 characters: {:.3} ms per call ({found} distinct skills, {runs} runs, {} skills in the vocabulary)",
        each.as_secs_f64() * 1000.0,
        vocabulary.len()
    );
}
