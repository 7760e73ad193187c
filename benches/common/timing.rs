//! Timing for the table benchmarks: each of two operations runs in alternating rounds of about
//! `ROUND` of wall time, and the median time per operation of each is reported, so slow drift of
//! a shared machine hits both alike.

use std::time::{Duration, Instant};

/// Wall time of one measured round.
pub const ROUND: Duration = Duration::from_millis(150);
/// Rounds per operation (the median is reported).
pub const ROUNDS: usize = 9;
/// Unmeasured run before the rounds.
pub const WARM_UP: Duration = Duration::from_millis(300);

/// Runs `f` until `budget` has passed, returns (iterations, elapsed).
pub fn run_for(f: &mut dyn FnMut(), budget: Duration) -> (u64, Duration) {
    let start = Instant::now();
    let mut iters = 0u64;
    let mut batch = 1u64;
    loop {
        for _ in 0..batch {
            f();
        }
        iters += batch;
        let el = start.elapsed();
        if el >= budget {
            return (iters, el);
        }
        // Grow batches so that reading the clock stays negligible.
        if el < budget / 8 {
            batch = batch.saturating_mul(2);
        }
    }
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Median ns per operation of `a` and `b`, measured in alternating rounds.
pub fn pair(a: &mut dyn FnMut(), b: &mut dyn FnMut()) -> (f64, f64) {
    run_for(a, WARM_UP);
    run_for(b, WARM_UP);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Alternate which one goes first so drift hits both alike.
        let (x, y) = if round % 2 == 0 {
            let x = run_for(a, ROUND);
            let y = run_for(b, ROUND);
            (x, y)
        } else {
            let y = run_for(b, ROUND);
            let x = run_for(a, ROUND);
            (x, y)
        };
        ta.push(x.1.as_nanos() as f64 / x.0 as f64);
        tb.push(y.1.as_nanos() as f64 / y.0 as f64);
    }
    (median(ta), median(tb))
}

pub fn fmt_time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}
