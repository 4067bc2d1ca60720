//! `import::transcript`: any bytes are read as a transcript or refused with a reason, never a
//! crash; `detect` agrees with `parse`, and what `parse` returns keeps its promises.
#![no_main]
use groundwork::import::transcript::{detect, guess_interviewers, parse, speakers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The file name is only a hint; try each kind of name on the same bytes.
    let name = ["call.vtt", "call.srt", "notes.md", "call.docx"][data.len() % 4];
    let detected = detect(name, data);
    match parse(name, data) {
        Err(message) => {
            assert_eq!(detected, None);
            assert!(!message.is_empty());
        }
        Ok(t) => {
            assert_eq!(detected, Some(t.format));
            assert!(!t.turns.is_empty(), "a transcript has turns");
            for turn in &t.turns {
                assert!(
                    !turn.text.is_empty() && turn.text == turn.text.trim(),
                    "{turn:?}"
                );
                assert!(turn.line >= 1, "{turn:?}");
                if let Some(s) = &turn.speaker {
                    assert!(!s.is_empty() && s == s.trim(), "{turn:?}");
                }
            }
            for pair in t.turns.windows(2) {
                assert!(
                    pair[0].speaker.is_none() || pair[0].speaker != pair[1].speaker,
                    "adjacent turns of one speaker are merged: {pair:?}"
                );
            }
            assert!(
                t.warnings.windows(2).all(|w| w[0].0 <= w[1].0),
                "warnings in line order"
            );
            let shares = speakers(&t);
            let total: f64 = shares.iter().map(|s| s.share).sum();
            assert!(
                shares.is_empty() || total == 0.0 || (total - 1.0).abs() < 1e-6,
                "{total}"
            );
            for guess in guess_interviewers(&t) {
                assert!(shares.iter().any(|s| s.speaker == guess), "{guess}");
            }
        }
    }
});
