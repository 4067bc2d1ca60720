//! Note files (front matter + Markdown) and the Markdown renderer: any bytes read as a note or
//! are rejected with a reason, and rendered HTML never carries a script.
#![no_main]
use groundwork::import::fuzzing;
use groundwork::research::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(note) = fuzzing::note(data) {
        assert_eq!(note.body, note.body.trim());
    }
    let text = String::from_utf8_lossy(data);
    let html = markdown::render(&text).to_ascii_lowercase();
    assert!(!html.contains("<script"), "{html}");
    // The words may stay as text (where `<` is always escaped); never inside a tag, as a link or
    // image target.
    for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        // (A `"` inside an attribute value is escaped, so these can only be attributes.)
        assert!(!tag.contains("href=\"javascript:"), "<{tag}> in {html}");
        assert!(!tag.contains("src=\"javascript:"), "<{tag}> in {html}");
    }
    let plain = markdown::to_plain_text(&text);
    assert_eq!(plain, plain.trim_end());
});
