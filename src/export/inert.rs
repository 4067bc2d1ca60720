//! Making stored text inert where it is shown: control characters dropped and bidirectional
//! overrides closed at the end of each piece of text. Storage keeps every byte (the JSON export
//! round-trips it); these run at render time, in every format a person reads.
//!
//! - Control characters (C0 but tab, newline and carriage return; DEL; C1) are invisible at best.
//!   In a terminal (`cat export.md`) ESC starts escape sequences; XML, hence XLSX, cannot hold
//!   most of them. They are dropped.
//! - An explicit bidi control (U+202A–U+202E, U+2066–U+2069) reorders everything after it up to
//!   the end of the paragraph, so a `RIGHT-TO-LEFT OVERRIDE` in a ticket title could reverse the
//!   score beside it. Each piece of text gets the closers for what it leaves open, so an override
//!   reaches no further than its own text. The characters themselves stay (Arabic and Hebrew
//!   writers use them legitimately).
//! - Zero-width characters (U+200B–U+200D, U+FEFF) stay: ZWJ builds emoji and ZWNJ is part of
//!   Persian and Indic spelling; they cannot execute or reorder anything.

use std::borrow::Cow;

/// True for a control character a rendering drops: C0 other than tab, newline and carriage
/// return, DEL, and C1.
pub fn is_dropped_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// True for an explicit bidirectional formatting character: the embeddings and overrides
/// U+202A–U+202E and the isolates U+2066–U+2069.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without the control characters [`is_dropped_control`] names.
pub fn strip_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_dropped_control) {
        text.chars().filter(|c| !is_dropped_control(*c)).collect()
    } else {
        text.into()
    }
}

/// `text` with a closer appended for every embedding, override (PDF, U+202C) or isolate
/// (PDI, U+2069) it opens and leaves open at its end, following the pairing rules of the
/// Unicode bidirectional algorithm (UAX #9, X1–X8): a PDF closes the innermost embedding inside
/// the innermost isolate, and a PDI closes the innermost isolate and what it holds. Line breaks
/// do not reset the count: HTML folds a newline into a space, so an override before one can
/// reach past it.
pub fn close_bidi(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return text.into();
    }
    // true: an isolate (closed by PDI); false: an embedding or override (closed by PDF).
    let mut open: Vec<bool> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push(false),
            '\u{2066}'..='\u{2068}' => open.push(true),
            '\u{202C}' if open.last() == Some(&false) => {
                open.pop();
            }
            '\u{2069}' => {
                if let Some(at) = open.iter().rposition(|isolate| *isolate) {
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    if open.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + open.len() * 3);
    out.push_str(text);
    for isolate in open.iter().rev() {
        out.push(if *isolate { '\u{2069}' } else { '\u{202C}' });
    }
    out.into()
}

/// `text` as a reader sees it: controls dropped, then bidi controls closed.
pub fn display(text: &str) -> Cow<'_, str> {
    match strip_controls(text) {
        Cow::Borrowed(t) => close_bidi(t),
        Cow::Owned(t) => Cow::Owned(close_bidi(&t).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_dropped_but_whitespace_stays() {
        assert_eq!(
            strip_controls("a\0b\x1b[31mc\x07\x7f\u{9b}d\te\r\nf"),
            "ab[31mcd\te\r\nf"
        );
        assert!(matches!(strip_controls("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn open_bidi_controls_are_closed_in_order() {
        assert_eq!(close_bidi("a\u{202E}b"), "a\u{202E}b\u{202C}");
        assert_eq!(
            close_bidi("\u{2067}x\u{202B}y"),
            "\u{2067}x\u{202B}y\u{202C}\u{2069}"
        );
        // Balanced already: untouched.
        assert_eq!(close_bidi("\u{202E}x\u{202C}"), "\u{202E}x\u{202C}");
        assert_eq!(
            close_bidi("\u{2066}\u{202E}x\u{2069}"),
            "\u{2066}\u{202E}x\u{2069}"
        );
        // A PDF cannot close an isolate; a stray closer opens nothing.
        assert_eq!(close_bidi("\u{2068}x\u{202C}"), "\u{2068}x\u{202C}\u{2069}");
        assert_eq!(close_bidi("x\u{2069}\u{202C}"), "x\u{2069}\u{202C}");
        // A newline is no end in HTML: the override is still closed.
        assert_eq!(close_bidi("\u{202E}x\ny"), "\u{202E}x\ny\u{202C}");
        assert_eq!(display("\u{202E}\0x"), "\u{202E}x\u{202C}");
    }
}
