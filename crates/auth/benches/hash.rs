//! `cargo bench -p tailor-auth`: the time of one argon2id hash with the default parameters
//! (those of `config/base.toml`), on one thread. docs/performance.md uses it to derive the
//! login throughput target (cores / hash time).

use std::time::{Duration, Instant};

use tailor_auth::{Argon2PasswordHasher, Argon2Settings};

fn main() {
    let settings = Argon2Settings::default();
    let hasher = Argon2PasswordHasher::new(settings).expect("hasher");
    // Warm up (page faults of the 19 MiB working memory).
    for _ in 0..3 {
        hasher.hash_blocking("Secret123").expect("hash");
    }
    let runs = 30;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            hasher.hash_blocking("Secret123").expect("hash");
            start.elapsed()
        })
        .collect();
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs;
    println!(
        "argon2id m={} t={} p={}, one hash: mean {:.2} ms, median {:.2} ms, min {:.2} ms, max {:.2} ms ({runs} runs)",
        settings.memory_kib,
        settings.iterations,
        settings.parallelism,
        ms(mean),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
    );
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "cores: {cores}; ideal logins/s = cores / hash time = {:.1}",
        cores as f64 / mean.as_secs_f64()
    );

    // The same hashes on every core at once: what the machine can really sustain.
    let per_thread = 20;
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..cores {
            s.spawn(|| {
                for _ in 0..per_thread {
                    hasher.hash_blocking("Secret123").expect("hash");
                }
            });
        }
    });
    let elapsed = start.elapsed().as_secs_f64();
    println!(
        "parallel: {} hashes on {cores} threads in {:.2} s = {:.1} hashes/s",
        per_thread * cores,
        elapsed,
        (per_thread * cores) as f64 / elapsed
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
