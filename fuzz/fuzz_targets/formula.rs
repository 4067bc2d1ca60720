//! The scoring formula language: any text parses or fails with a message naming `formula`; a
//! parsed formula evaluates on any inputs to a finite number or `None`, never a panic.
#![no_main]
use groundwork::roadmap::formula::Formula;
use groundwork::roadmap::NV;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = match Formula::parse(text) {
        Ok(f) => f,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let slots = f.slots();
    assert!(!slots.is_empty() && slots.iter().all(|&s| s < NV));
    for v in [
        0.0,
        1.0,
        -1.0,
        0.5,
        1e308,
        -1e308,
        f64::NAN,
        f64::INFINITY,
        1e-310,
    ] {
        if let Some(x) = f.eval(&[v; NV]) {
            assert!(x.is_finite());
        }
    }
    let mut row = [0.0; NV];
    for (i, v) in row.iter_mut().enumerate() {
        *v = (i as f64 - 7.0) * 1.5;
    }
    if let Some(x) = f.eval(&row) {
        assert!(x.is_finite());
    }
});
