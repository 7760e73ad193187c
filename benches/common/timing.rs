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
    let t = side_by_side(&mut [a, b]);
    (t[0], t[1])
}

/// Median ns per operation of each of `ops`, measured in rounds that run every operation once,
/// in an order that rotates from round to round so drift hits all alike.
pub fn side_by_side(ops: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    for op in ops.iter_mut() {
        run_for(*op, WARM_UP);
    }
    let n = ops.len();
    let mut times = vec![Vec::new(); n];
    for round in 0..ROUNDS {
        for k in 0..n {
            let i = (round + k) % n;
            let (iters, elapsed) = run_for(ops[i], ROUND);
            times[i].push(elapsed.as_nanos() as f64 / iters as f64);
        }
    }
    times.into_iter().map(median).collect()
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
