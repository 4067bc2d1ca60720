//! The GitHub REST `issues` JSON reader.
#![no_main]
use groundwork::import::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rows) = fuzzing::tickets_github(text) else {
        return;
    };
    for (key, ticket) in rows.iter().flatten() {
        assert!(key.starts_with("github:") && key.contains('#'), "{key}");
        assert!(!ticket.title.is_empty(), "an issue has a title");
    }
});
