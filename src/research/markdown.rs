//! Markdown notes rendered to HTML that is safe to show: pulldown-cmark renders, ammonia sanitizes.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, TagEnd};

/// Renders Markdown to sanitized HTML: no scripts, no event handlers, no `javascript:` links,
/// no remote images (only `data:` images survive), links marked `noopener noreferrer`; no
/// control characters, and every bidi override closed where its run of text ends.
pub fn render(markdown: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    // Each run of text loses its control characters and gets its bidi overrides closed, so a
    // RIGHT-TO-LEFT OVERRIDE reorders no more than its own run.
    let events = Parser::new_ext(markdown, opts).map(|event| match event {
        Event::Text(t) => Event::Text(inert(t)),
        Event::Code(t) => Event::Code(inert(t)),
        Event::Html(t) => Event::Html(inert(t)),
        Event::InlineHtml(t) => Event::InlineHtml(inert(t)),
        e => e,
    });
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .add_generic_attributes(["align"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // The webview never loads remote content: drop remote image sources.
            ("img", "src") if !value.starts_with("data:") => None,
            _ => Some(value.into()),
        })
        .clean(&raw)
        .to_string()
}

fn inert(text: CowStr<'_>) -> CowStr<'_> {
    match crate::export::inert::display(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(t) => CowStr::from(t),
    }
}

/// The words of a Markdown note without its markup, one line per block: what the search index
/// holds, so snippets read as prose ("Slow CI is annoying", not "> **Slow** CI…"). Raw HTML in
/// a note stays as text (it is the user's data and must stay findable).
pub fn to_plain_text(markdown: &str) -> String {
    plain_pieces(markdown).into_iter().map(|p| p.text).collect()
}

/// One piece of a note's plain text ([`to_plain_text`] is the pieces in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainPiece {
    /// The text.
    pub text: String,
    /// The byte where these very characters are in the Markdown; `None` for a break or space
    /// the reading adds between blocks and cells.
    pub at: Option<usize>,
}

/// The plain text of a note as pieces, each saying where it is in the Markdown, so what the
/// reader shows of a note can be mapped back onto the note's own text.
pub fn plain_pieces(markdown: &str) -> Vec<PlainPiece> {
    let mut out: Vec<PlainPiece> = Vec::new();
    let push = |out: &mut Vec<PlainPiece>, text: &str, at: Option<usize>| {
        if !text.is_empty() {
            out.push(PlainPiece {
                text: text.to_string(),
                at,
            });
        }
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(markdown, opts).into_offset_iter() {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                // The event's text is found within its source span (a code span's backticks
                // and an escape's backslash are around it); an entity (`&amp;`) is not placed.
                let at = markdown
                    .get(range.clone())
                    .and_then(|src| src.find(&*t))
                    .map(|i| range.start + i);
                push(&mut out, &t, at)
            }
            Event::SoftBreak => push(&mut out, " ", None),
            Event::HardBreak => push(&mut out, "\n", None),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) if !out.last().is_some_and(|p| p.text.ends_with('\n')) => push(&mut out, "\n", None),
            Event::End(TagEnd::TableCell) => push(&mut out, " ", None),
            _ => {}
        }
    }
    // Trailing whitespace dropped, as from the whole text.
    while let Some(last) = out.last_mut() {
        let kept = last.text.trim_end().len();
        if kept > 0 {
            last.text.truncate(kept);
            break;
        }
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{plain_pieces, render, to_plain_text};

    #[test]
    fn plain_text_drops_markup_but_keeps_words_and_html_text() {
        let text = to_plain_text(
            "## Quotes\n\n> **Slow** CI is\nannoying.\n\n- [ ] follow up\n- `cargo test`\n\n<b>x</b>",
        );
        assert_eq!(
            text,
            "Quotes\nSlow CI is annoying.\nfollow up\ncargo test\n<b>x</b>"
        );
    }

    #[test]
    fn plain_pieces_say_where_their_characters_are_in_the_markdown() {
        let md = "## Quotes\n\n> **Slow** CI is\nannoying &amp; `cargo test`.\n\n";
        let pieces = plain_pieces(md);
        let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, to_plain_text(md));
        assert_eq!(text, "Quotes\nSlow CI is annoying & cargo test.");
        for p in &pieces {
            if let Some(at) = p.at {
                assert_eq!(&md[at..at + p.text.len()], p.text, "{p:?}");
            }
        }
        let placed: Vec<&str> = pieces
            .iter()
            .filter(|p| p.at.is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert!(
            placed.contains(&"Slow") && placed.contains(&"cargo test"),
            "{placed:?}"
        );
        assert!(
            pieces.iter().any(|p| p.text == " " && p.at.is_none()),
            "the soft break is added"
        );
    }

    #[test]
    fn renders_markdown() {
        let html = render("# Notes\n\n- **slow** CI\n- [x] done");
        assert!(html.contains("<h1>Notes</h1>"), "{html}");
        assert!(html.contains("<strong>slow</strong>"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
    }

    #[test]
    fn strips_script_handlers_and_javascript_links() {
        let html = render(
            "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[a](javascript:alert(3)) <b onclick=\"x()\">b</b>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(
            html.contains("<a"),
            "the link survives without its target: {html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("<b>b</b>"), "{html}");
    }

    #[test]
    fn drops_frames_styles_svg_and_controls_and_closes_overrides() {
        let html = render(
            "<iframe src=\"https://e.example\"></iframe><style>p{}</style><svg onload=alert(1)></svg>\n\nsafe \u{202E}evil\u{0}\u{1b}[2J **bold**",
        );
        for bad in ["<iframe", "<style", "<svg", "onload", "\u{0}", "\u{1b}"] {
            assert!(!html.contains(bad), "{bad:?} in {html}");
        }
        // The override is closed where its run of text ends, before the bold text starts.
        let (open, close) = (
            html.find('\u{202E}').unwrap(),
            html.find('\u{202C}').unwrap(),
        );
        assert!(
            open < close && close < html.find("<strong>").unwrap(),
            "{html:?}"
        );
    }

    #[test]
    fn drops_remote_images() {
        let html = render("![x](https://example.com/track.png)");
        assert!(!html.contains("example.com"), "{html}");
    }
}
