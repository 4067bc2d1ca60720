//! Properties every ranking must keep, checked on random inputs (proptest): more reach never
//! lowers RICE, doubling effort halves it, and scaling every weight of a weighted model keeps the
//! order.

use groundwork::roadmap::model::{Criterion, ModelConfig, ModelKind, Scorer};
use groundwork::roadmap::{var, NV};
use proptest::prelude::*;

fn rice() -> Scorer {
    Scorer::compile(&ModelConfig::default()).unwrap()
}

fn rice_row(reach: f64, impact: f64, confidence: f64, effort: f64) -> [f64; NV] {
    let mut r = [f64::NAN; NV];
    r[var::REACH] = reach;
    r[var::IMPACT] = impact;
    r[var::CONFIDENCE] = confidence;
    r[var::EFFORT] = effort;
    r
}

proptest! {
    // A fixed seed: the test command gives one verdict per commit.
    #![proptest_config(ProptestConfig {
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x0073_636f_7265),
        ..ProptestConfig::default()
    })]
    #[test]
    fn more_reach_never_lowers_rice(
        reach in 0.0..1e6f64, more in 0.0..1e6f64, impact in 0.25..3.0f64,
        confidence in 0.0..=1.0f64, effort in 0.1..100.0f64,
    ) {
        let s = rice();
        let a = s.score(&rice_row(reach, impact, confidence, effort), &vec![]).unwrap();
        let b = s.score(&rice_row(reach + more, impact, confidence, effort), &vec![]).unwrap();
        prop_assert!(b >= a, "{b} < {a}");
    }

    #[test]
    fn doubling_effort_halves_rice(
        reach in 0.0..1e6f64, impact in 0.25..3.0f64, confidence in 0.0..=1.0f64,
        effort in 0.1..100.0f64,
    ) {
        let s = rice();
        let a = s.score(&rice_row(reach, impact, confidence, effort), &vec![]).unwrap();
        let b = s.score(&rice_row(reach, impact, confidence, 2.0 * effort), &vec![]).unwrap();
        prop_assert!((b - a / 2.0).abs() <= 1e-9 * a.abs().max(1.0), "{b} vs {a}/2");
    }

    #[test]
    fn scaling_every_weight_keeps_the_order(
        weights in prop::collection::vec(-10.0..10.0f64, 3),
        rows in prop::collection::vec(prop::collection::vec(0.0..100.0f64, 3), 2..30),
        factor in 0.01..100.0f64,
    ) {
        prop_assume!(weights.iter().any(|w| w.abs() > 1e-6));
        let keys = [var::REACH, var::IMPACT, var::DEMAND];
        let config = |scale: f64| ModelConfig {
            kind: ModelKind::Weighted,
            criteria: keys.iter().zip(&weights).map(|(&k, &w)| Criterion {
                key: groundwork::roadmap::VARIABLES[k].into(),
                weight: w * scale,
                min: None,
                max: None,
            }).collect(),
            ..Default::default()
        };
        let values: Vec<[f64; NV]> = rows.iter().map(|r| {
            let mut v = [f64::NAN; NV];
            for (&k, &x) in keys.iter().zip(r) { v[k] = x; }
            v
        }).collect();
        let order = |scale: f64| {
            let s = Scorer::compile(&config(scale)).unwrap();
            let norm = s.norm(values.iter());
            let scores: Vec<f64> = values.iter().map(|v| s.score(v, &norm).unwrap()).collect();
            let mut idx: Vec<usize> = (0..values.len()).collect();
            idx.sort_by(|&a, &b| scores[b].partial_cmp(&scores[a]).unwrap().then(a.cmp(&b)));
            (idx, scores)
        };
        let (a, sa) = order(1.0);
        let (b, sb) = order(factor);
        // Normalized weights make the scores themselves equal (up to rounding), so the order is too.
        for (x, y) in sa.iter().zip(&sb) {
            prop_assert!((x - y).abs() < 1e-9, "{x} vs {y}");
        }
        let mut sorted = sa.clone();
        sorted.sort_by(|x, y| x.partial_cmp(y).unwrap());
        let ties = sorted.windows(2).any(|w| (w[0] - w[1]).abs() < 1e-9);
        if !ties {
            prop_assert_eq!(a, b);
        }
    }
}
