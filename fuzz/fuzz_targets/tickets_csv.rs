//! The Jira / generic ticket CSV reader, row by row as an import reads it.
#![no_main]
use groundwork::import::{fuzzing, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let format = if pick % 2 == 0 {
        Format::JiraCsv
    } else {
        Format::Csv
    };
    let Ok(rows) = fuzzing::tickets_csv(&text, format) else {
        return;
    };
    let prefix = if format == Format::JiraCsv {
        "jira:"
    } else {
        "csv:"
    };
    for (key, ticket) in rows.iter().flatten() {
        assert!(key.starts_with(prefix), "{key}");
        assert!(!ticket.title.is_empty(), "a ticket has a title");
        assert_eq!(ticket.title, ticket.title.trim());
    }
});
