//! Dates as exports write them (`import::dates`): any text parses or fails with a message, and a
//! parsed instant reads back the same from its RFC 3339 form.
#![no_main]
use chrono::Datelike;
use groundwork::import::dates::{guess_order, parse, DayOrder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
        match parse(text, order) {
            Ok(d) => {
                if (1..=9999).contains(&d.utc.year()) {
                    let again = d.utc.to_rfc3339();
                    let back = parse(&again, order)
                        .unwrap_or_else(|e| panic!("{again} does not read back: {e}"));
                    assert_eq!(back.utc, d.utc, "{again}");
                }
            }
            Err(e) => assert!(e.starts_with("invalid date"), "{e}"),
        }
    }
    let _ = guess_order(text.lines());
});
