//! Survey exports (Google Forms, Qualtrics, Typeform, any table) read by `import::survey::read`.
#![no_main]
use groundwork::import::survey;
use groundwork::import::table::TableReader;
use groundwork::import::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let format = [
        Format::GoogleForms,
        Format::Qualtrics,
        Format::Typeform,
        Format::Csv,
    ][pick as usize % 4];
    let Ok(table) = TableReader::new(text.as_bytes(), "fuzz.csv", None) else {
        return;
    };
    let headers = table.headers.clone();
    let _ = survey::detect_format(&headers);
    if let Ok(s) = survey::read(table, format, "fuzz.csv", &[]) {
        assert_eq!(s.columns.len(), s.how.len());
    }
});
