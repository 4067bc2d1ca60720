//! What counts as prose in a piece of evidence: the words people wrote to each other, not the
//! machine output and code they pasted beside them.
//!
//! Left out, whole blocks: code blocks (Jira `{code}…{code}` and `{noformat}…{noformat}`,
//! Markdown ``` and `~~~` fences, blocks indented by four spaces or a tab after a blank line),
//! stack traces (Java frames `at a.b.C.m(C.java:12)`, `Caused by:`, `Exception in thread`,
//! `... 12 more`, an exception's header line `a.b.FooException: …`, Python tracebacks from
//! `Traceback (most recent call last):` to the error line), log lines (a leading timestamp such as
//! `2021-09-30 17:20:01,123` or `21/09/30 17:20:01`, a leading level such as `[INFO]` or `WARN:`,
//! test-runner summaries `Tests run: 3, Failures: 1`) and lines of code (ending in `;`, `{` or
//! `}`, markup tags, a shell prompt, mostly symbols). Left out within prose: URLs, e-mail
//! addresses, file paths, dotted names (`org.apache.hadoop`, `core-site.xml`, `fs.defaultFS`),
//! identifiers (`snake_case`, `camelCase`, `FooException`, calls `close()`, `key=value`),
//! issue keys (`HADOOP-123`), hex ids, numbers and versions, inline code (`` `x` ``, Jira
//! `{{x}}`) and Jira markers (`{color:red}`, `[~user]`).
//!
//! [`sentences`] is the one rule; [`spans`] and [`prose`] read it flat. Every range is in bytes
//! of the text given, so a caller can turn it into character offsets of the document body.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A sentence of prose: where it is, and the stretches of prose in it (what is left once URLs,
/// paths, identifiers and numbers are cut out). Words in two different stretches never read as
/// one phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The sentence, trimmed, in bytes of the text.
    pub range: Range<usize>,
    /// Its prose stretches, in order, within `range`.
    pub spans: Vec<Range<usize>>,
}

/// The stretches of `text` that are prose, in order (byte ranges).
pub fn spans(text: &str) -> Vec<Range<usize>> {
    sentences(text).into_iter().flat_map(|s| s.spans).collect()
}

/// The prose of `text`: its stretches, each on its own line.
pub fn prose(text: &str) -> String {
    spans(text)
        .into_iter()
        .map(|r| &text[r])
        .collect::<Vec<_>>()
        .join("\n")
}

/// The sentences of `text` that hold prose, in order.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for segment in prose_lines(text) {
        for range in split_sentences(text, segment) {
            let spans = inline_spans(text, range.clone());
            if !spans.is_empty() {
                out.push(Sentence { range, spans });
            }
        }
    }
    out
}

static CODE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\{(?:code|noformat)(?::[^}\n]*)?\}").expect("code marker pattern")
});
static JAVA_FRAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^at\s+[\w$.<>/\[\]-]+\s*\(").expect("frame pattern"));
static EXCEPTION_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\w$]+\.)+[\w$]*(?:Exception|Error|Throwable|Failure)\b")
        .expect("exception pattern")
});
static MORE_FRAMES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\.\.\.\s*\d+\s+(?:more|common frames)").expect("more pattern"));
static PY_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^File\s+"[^"]*",\s+line\s+\d+"#).expect("file pattern"));
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\[(]?(?:\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}|\d{2,4}/\d{2}/\d{2,4}[ T]\d{1,2}:\d{2}|\d{1,2}:\d{2}:\d{2}[,.]\d+)",
    )
    .expect("timestamp pattern")
});
static LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\[\*?(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL|SEVERE)\*?\]|(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL|SEVERE)(?::|\s+\[|\s+[\w$]+\.[\w$.]+))")
        .expect("level pattern")
});
static LOGGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,2}:\d{2}:\d{2}.{0,40}\b(?:INFO|WARN|WARNING|ERROR|DEBUG|TRACE|FATAL)\b")
        .expect("logged pattern")
});
static TEST_SUMMARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\btests run:\s*\d+,\s*failures:|\btime elapsed:\s*[\d.,]+\s*s")
        .expect("test summary pattern")
});
static INLINE_JUNK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{\{.*?\}\}|`[^`\n]*`|\{[A-Za-z]+(?::[^}\n]*)?\}|\[~[^\]\n]*\]")
        .expect("inline pattern")
});

/// Byte ranges of `text` outside Jira `{code}` / `{noformat}` blocks. Markers pair in order,
/// whatever their kind (people open with one and close with the other); a block opened and never
/// closed runs to the end.
fn outside_jira_code(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut open = false;
    for m in CODE_MARKER.find_iter(text) {
        if open {
            at = m.end();
        } else {
            out.push(at..m.start());
        }
        open = !open;
    }
    if !open {
        out.push(at..text.len());
    }
    out.retain(|r| !r.is_empty());
    out
}

/// What a line is, seen alone.
fn machine_line(trimmed: &str) -> bool {
    if JAVA_FRAME.is_match(trimmed)
        || trimmed.starts_with("Caused by:")
        || trimmed.starts_with("Suppressed:")
        || trimmed.starts_with("Exception in thread")
        || EXCEPTION_HEAD.is_match(trimmed)
        || MORE_FRAMES.is_match(trimmed)
        || PY_FILE.is_match(trimmed)
        || TIMESTAMP.is_match(trimmed)
        || LEVEL.is_match(trimmed)
        || LOGGED.is_match(trimmed)
        || TEST_SUMMARY.is_match(trimmed)
    {
        return true;
    }
    code_line(trimmed)
}

/// A line of code, config or shell rather than of words.
fn code_line(trimmed: &str) -> bool {
    // A list item ending in `;` is a clause; a line of code ends so.
    let listed = ["* ", "# ", "- ", "+ "]
        .iter()
        .any(|m| trimmed.starts_with(m));
    if (trimmed.ends_with(';') && !listed)
        || trimmed.ends_with('{')
        || trimmed == "}"
        || trimmed.ends_with("};")
    {
        return true;
    }
    if trimmed.starts_with("$ ") || trimmed.starts_with("//") || trimmed.starts_with("/*") {
        return true;
    }
    if trimmed.starts_with('<')
        && trimmed[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '?' || c == '!')
    {
        return true;
    }
    // Mostly symbols: code, config, tables of figures.
    let (mut symbols, mut visible) = (0usize, 0usize);
    for word in trimmed.split_whitespace().filter(|w| !w.contains("://")) {
        for c in word.chars() {
            visible += 1;
            if !c.is_alphanumeric() && !".,'\"!?-:()*".contains(c) {
                symbols += 1;
            }
        }
    }
    visible >= 8 && symbols * 4 > visible
}

fn list_item(trimmed: &str) -> bool {
    let t = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
    t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") || t.starts_with(". ")
}

/// A line that names what follows rather than saying anything: a short Jira heading
/// (`h3. Buggy code`) or a short label ending in a colon (`Stack trace:`).
fn label_line(trimmed: &str) -> bool {
    let t = trimmed.trim_end_matches(|c: char| c.is_whitespace() || "*_-".contains(c));
    let jira_heading = t.len() > 3
        && t.as_bytes()[0] == b'h'
        && (b'1'..=b'6').contains(&t.as_bytes()[1])
        && t.as_bytes()[2] == b'.';
    let words = t.split_whitespace().count();
    (jira_heading && words <= 5) || (t.ends_with(':') && words <= 4)
}

/// The byte ranges of `text`'s lines (or parts of lines) that are not code, traces or logs. A
/// line ending in a colon that introduces such a block ("Here's the stack trace:") goes with it.
fn prose_lines(text: &str) -> Vec<Range<usize>> {
    let outside = outside_jira_code(text);
    let mut out = Vec::new();
    // The segments of a line ending in a colon, until the next line says what it introduced.
    let mut pending: Vec<Range<usize>> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut indented = false;
    let mut traceback = false;
    let mut blank_before = true;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        let raw = &text[range.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let machine = 'machine: {
            // Markdown fences (up to three spaces in).
            let fenced = raw.trim_start();
            if lead <= 3 && (fenced.starts_with("```") || fenced.starts_with("~~~")) {
                let mark = &fenced[..3];
                match fence {
                    None => fence = Some(mark),
                    Some(m) if m == mark => fence = None,
                    Some(_) => {}
                }
                break 'machine true;
            }
            if fence.is_some() {
                break 'machine true;
            }
            // Indented blocks: four spaces or a tab, after a blank line, and on until one is not.
            let deep = raw.starts_with('\t') || raw.starts_with("    ");
            if deep && (indented || blank_before) && !list_item(trimmed) {
                indented = true;
                break 'machine true;
            }
            indented = false;
            // Python tracebacks: the header, the indented frames, the error line.
            if trimmed.starts_with("Traceback (most recent call last)") {
                traceback = true;
                break 'machine true;
            }
            if traceback {
                if !(lead > 0 || PY_FILE.is_match(trimmed)) {
                    traceback = false;
                }
                break 'machine true;
            }
            // A quoted line is read as what it quotes.
            let unquoted = trimmed.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
            let lower = unquoted.to_ascii_lowercase();
            lower.starts_with("{code") || lower.starts_with("{noformat") || machine_line(unquoted)
        };
        blank_before = false;
        if machine {
            pending.clear();
            continue;
        }
        out.append(&mut pending);
        if label_line(trimmed) {
            continue;
        }
        // What of the line lies outside Jira code blocks.
        let colon = trimmed
            .trim_end_matches(|c: char| c.is_whitespace() || "*_".contains(c))
            .ends_with(':');
        for o in &outside {
            let (a, b) = (range.start.max(o.start), range.end.min(o.end));
            if a < b {
                if colon {
                    pending.push(a..b);
                } else {
                    out.push(a..b);
                }
            }
        }
    }
    out.append(&mut pending);
    out
}

/// Sentences of `text[segment]`: split after `.`, `!` or `?` followed by a space, trimmed.
fn split_sentences(text: &str, segment: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[segment.clone()];
    let mut out = Vec::new();
    let mut from = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|n| *n == b' ') {
            out.push(from..i + 1);
            from = i + 1;
        }
    }
    out.push(from..s.len());
    out.into_iter()
        .filter_map(|r| {
            let part = &s[r.clone()];
            let a = r.start + (part.len() - part.trim_start().len());
            let b = r.start + part.trim_end().len();
            (a < b).then(|| segment.start + a..segment.start + b)
        })
        .collect()
}

/// A whitespace-separated chunk of prose that is not words: a URL, path, dotted name,
/// identifier, id or number.
fn junk_chunk(chunk: &str) -> bool {
    let core = chunk
        .trim_start_matches(['(', '[', '{', '"', '\'', '<', '*', '_', '!'])
        .trim_end_matches([
            ')', ']', '}', '"', '\'', '>', ',', '.', ';', ':', '!', '?', '*', '_',
        ]);
    if core.is_empty() {
        return false;
    }
    let lower = core.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:") {
        return true;
    }
    let chars: Vec<char> = core.chars().collect();
    let between = |sep: &[char]| {
        chars.windows(3).any(|w| {
            sep.contains(&w[1]) && w[0].is_alphanumeric() && (w[2].is_alphanumeric() || w[2] == '_')
        })
    };
    // E-mail addresses, dotted names and versions, `Foo::bar`, `Class#method`, `snake_case`.
    if between(&['.', '@', '#', '_']) || core.contains("::") {
        return true;
    }
    // Paths: rooted, relative, Windows, or more than one separator, or a file name at the end.
    let slashes = core.matches('/').count();
    if core.starts_with('/')
        || core.starts_with("~/")
        || core.starts_with("./")
        || core.starts_with("../")
        || core.contains('\\')
        || slashes >= 2
    {
        return core.chars().any(char::is_alphanumeric);
    }
    // Numbers, versions, sizes, dates; hex ids; issue keys.
    if chars[0].is_ascii_digit() {
        return true;
    }
    let hex: String = core.chars().filter(|c| *c != '-').collect();
    if hex.len() >= 6
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && hex.chars().any(|c| c.is_ascii_digit())
    {
        return true;
    }
    if let Some((key, num)) = core.split_once('-') {
        if key.len() >= 2
            && key
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && !num.is_empty()
            && num.chars().all(|c| c.is_ascii_digit())
        {
            return true;
        }
    }
    // Code: calls, assignments, operators, tags.
    if core.contains("()")
        || chars
            .windows(2)
            .any(|w| w[0].is_alphanumeric() && w[1] == '(')
        || ["=", "->", "=>", "&&", "||", "<", ">", "$"]
            .iter()
            .any(|op| core.contains(op))
    {
        return true;
    }
    // Identifiers: camelCase, or several humps, or an exception's name.
    let humps = chars
        .windows(2)
        .filter(|w| w[0].is_lowercase() && w[1].is_uppercase())
        .count();
    (humps >= 1 && chars[0].is_lowercase())
        || humps >= 2
        || ["Exception", "Error", "Impl"]
            .iter()
            .any(|e| core.len() > e.len() && core.ends_with(e))
}

/// The prose stretches of `text[range]`: whitespace-separated chunks that are words, runs of
/// them unbroken by inline code, Jira markers or junk chunks.
fn inline_spans(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    // Cut inline code and markers first (they may hold spaces).
    let mut pieces = Vec::new();
    let mut at = 0;
    for m in INLINE_JUNK.find_iter(s) {
        pieces.push(at..m.start());
        at = m.end();
    }
    pieces.push(at..s.len());
    let mut out = Vec::new();
    for piece in pieces {
        let mut current: Option<Range<usize>> = None;
        let p = &s[piece.clone()];
        let mut i = 0;
        for chunk in p.split(char::is_whitespace) {
            let (a, b) = (i, i + chunk.len());
            i = b + p[b..].chars().next().map_or(0, char::len_utf8);
            if chunk.is_empty() {
                continue;
            }
            if junk_chunk(chunk) {
                out.extend(current.take());
            } else {
                let r = piece.start + a..piece.start + b;
                current = Some(match current {
                    Some(c) => c.start..r.end,
                    None => r,
                });
            }
        }
        out.extend(current);
    }
    out.into_iter()
        .filter(|r| s[r.clone()].chars().any(char::is_alphabetic))
        .map(|r| range.start + r.start..range.start + r.end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_words_and_leaves_out_machine_text() {
        let text = "The build is slow when the cache misses.\n\
            {code:java}\nInputStream in = fs.open(path);\n{code}\n\
            java.io.IOException: Stream closed\n\
            \tat org.apache.hadoop.fs.FSInputStream.read(FSInputStream.java:12)\n\
            \tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n\
            Caused by: java.net.SocketTimeoutException: read timed out\n\
            \t... 12 more\n\
            2021-09-30 17:20:01,123 INFO org.apache.hadoop.Foo: started\n\
            [ERROR] Tests run: 4, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 3.2 s\n\
            See https://example.com/x and /usr/lib/hadoop/conf for the core-site.xml file.";
        let p = prose(text);
        assert!(
            p.contains("The build is slow when the cache misses."),
            "{p}"
        );
        for junk in [
            "InputStream",
            "Native Method",
            "Stream closed",
            "timed out",
            "more",
            "started",
            "elapsed",
            "example",
            "usr",
            "core-site",
        ] {
            assert!(!p.contains(junk), "{junk:?} in {p:?}");
        }
        assert!(
            p.contains("See") && p.contains("and") && p.contains("file"),
            "{p}"
        );
    }

    #[test]
    fn python_tracebacks_fences_and_indented_blocks_are_left_out() {
        let text = "Deploys fail on Fridays.\n\
            Traceback (most recent call last):\n  File \"deploy.py\", line 12, in main\n    run()\n\
            ValueError: bad token\n\
            Back to prose here.\n\n```\nmake all\n```\n\n    indented code block\n    more code\n\
            Words again.";
        let p = prose(text);
        assert_eq!(
            p,
            "Deploys fail on Fridays.\nBack to prose here.\nWords again."
        );
    }

    #[test]
    fn jira_blocks_close_on_either_marker_and_clauses_stay() {
        // Opened with {code}, closed with {noformat}: what follows is prose again.
        let text = "{code}\nfoo(bar)\n{noformat}\nWe are recovering but people worry.\n\
            * the new API goes into an interface marked unstable;\n\
            [Encrypt per object|https://aws.amazon.com/premiumsupport/knowledge-center/s3/x/y] would help\n\
            h2. How much does a stable sort improve test accuracy?\nh3. Buggy code";
        let p = prose(text);
        assert!(p.contains("We are recovering but people worry."), "{p}");
        assert!(p.contains("marked unstable;"), "{p}");
        assert!(p.contains("would help"), "{p}");
        assert!(p.contains("stable sort improve"), "{p}");
        assert!(!p.contains("foo") && !p.contains("Buggy"), "{p}");
    }

    #[test]
    fn sentences_and_spans_are_ranges_of_the_text() {
        let text = "First one here. Then HADOOP-123 broke it! Done";
        let s = sentences(text);
        let shown: Vec<&str> = s.iter().map(|s| &text[s.range.clone()]).collect();
        assert_eq!(
            shown,
            ["First one here.", "Then HADOOP-123 broke it!", "Done"]
        );
        let parts: Vec<&str> = s[1].spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["Then", "broke it!"]);
        // Words either side of an identifier are two stretches; read/write and I/O stay words.
        assert_eq!(
            prose("we read/write via getFileStatus often"),
            "we read/write via\noften"
        );
    }
}
