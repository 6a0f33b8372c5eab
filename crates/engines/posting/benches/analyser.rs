//! `cargo bench -p tailor-posting --bench analyser`: the time to analyse a realistic posting
//! of 15,000 characters (the longest the contract accepts). Budget: under 2 ms in release.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tailor_posting::{analyse_posting, extract_keywords, parse_salary};

const HEADER: &str = "\
Save
Promoted
Senior Platform Engineer (Remote)
Northwind Logistics · Austin, TX (Hybrid) · 1 week ago · Over 100 applicants
$150K/yr - $185K/yr · Full-time · Mid-Senior level
Easy Apply

About the job
Northwind Logistics moves freight for 2,000 shippers across North America. Founded 12 years \
ago, we raised $40M in our Series C last spring and now have 300 employees. Our routing \
engine decides which truck takes which load, every few seconds, for every lane we serve.
";

/// One section of a long posting; `n` varies the wording so that no two are identical.
fn section(n: usize) -> String {
    format!(
        "\n## What you'll do ({n})\n\
         - Design and operate Kubernetes clusters on AWS with Terraform and Helm\n\
         - Build CI/CD pipelines in GitHub Actions for {n} services written in Go and Python\n\
         - Improve observability with Prometheus, Grafana and OpenTelemetry\n\
         - Lead incident reviews and mentor two engineers on the on-call rotation\n\
         \n\
         Requirements\n\
         - {years}+ years of experience in infrastructure or site reliability engineering\n\
         - Strong Linux, networking (DNS, TLS, load balancers) and PostgreSQL skills\n\
         - Experience with Kafka, Redis and distributed systems in production\n\
         - Clear written communication; we are remote-first and write a lot\n\
         \n\
         Nice to have\n\
         - Familiarity with Rust or C++ is a plus\n\
         - AWS certification (preferred)\n\
         \n\
         Benefits\n\
         - Health, dental and vision insurance\n\
         - 401(k) with 4% match and a $2,000 annual learning budget\n\
         - Hybrid schedule: two days a week in our Austin office\n\
         \n\
         We work in small teams of {n} people and ship many times a day. You will pair with \
         product managers, designers and data scientists, and own what you build from design \
         document to production. Most of our code is Go; some older services are Java.\n",
        years = 3 + n % 5,
    )
}

fn posting() -> String {
    let mut text = HEADER.to_owned();
    let mut n = 1;
    while text.chars().count() < 15_000 {
        text.push_str(&section(n));
        n += 1;
    }
    text.push_str("\nSalary\n$150,000 - $185,000 per year, plus equity.\n");
    text.chars().take(15_000).collect()
}

fn bench(c: &mut Criterion) {
    let text = posting();
    assert_eq!(text.chars().count(), 15_000);
    let analysed = analyse_posting(&text);
    assert!(analysed.title.is_some() && !analysed.requirements.is_empty());
    c.bench_function("analyse_posting, 15,000 characters", |b| {
        b.iter(|| analyse_posting(black_box(&text)));
    });
    c.bench_function("extract_keywords, 15,000 characters", |b| {
        b.iter(|| extract_keywords(black_box(&text)));
    });
    c.bench_function("parse_salary, one range", |b| {
        b.iter(|| parse_salary(black_box("$120,000 - $180,000 per year")));
    });
}

/// Inputs built to hit the slow paths: one long line full of figures, parentheses, commas or
/// work-mode words, thousands of short lines, headings only. Each must stay linear.
fn worst_cases(c: &mut Criterion) {
    let repeat = |unit: &str| -> String { unit.chars().cycle().take(15_000).collect() };
    let cases = [
        ("figures on one line", repeat("$1 - $2 between 3 and 4k ")),
        ("parentheses", repeat("Engineer (remote)(m/f/d)(contract) ")),
        (
            "work-mode words",
            repeat("not remote, hybrid 3 days in the office, on-site "),
        ),
        (
            "commas",
            repeat("Acme is hiring a Senior Engineer, Go, Rust, "),
        ),
        ("short lines", repeat("1\n")),
        ("years", repeat("- 5+ years of experience\n")),
        ("headings", repeat("Requirements:\nNice to have\n")),
        ("one word", repeat("a")),
    ];
    let mut group = c.benchmark_group("worst cases, 15,000 characters");
    group.sample_size(20);
    for (name, text) in &cases {
        group.bench_function(*name, |b| b.iter(|| analyse_posting(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, bench, worst_cases);
criterion_main!(benches);
