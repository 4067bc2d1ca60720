//! Hostile content: script tags, event handlers, `javascript:` links, frames, styles, a megabyte
//! on one line, control characters, bidi overrides, zero-width characters and spreadsheet
//! formulas, put into a real workspace as interview notes, imported tickets and survey answers,
//! linked to roadmap items and pinned to a theme, then exported in every format. Each format must
//! show every input as inert text, and nothing stored may be lost: neutralizing happens when text
//! is rendered, never when it is stored.

use crate::common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{import, interview, open, write};
use groundwork::export::{export, inert, ExportFormat, ExportOptions, ExportSubject};
use groundwork::roadmap::items::{ItemInput, LinkInput, ManualInput};
use groundwork::search::themes::ThemeInput;
use groundwork::search::SearchRequest;
use groundwork::Workspace;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::path::Path;

/// The hostile inputs, each ending in a token (` hx07`) that finds it in every output.
fn corpus() -> Vec<(&'static str, String)> {
    let base: Vec<(&str, String)> = vec![
        ("script tag", "<script>alert(1)</script>".into()),
        (
            "script, upper case",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>".into(),
        ),
        ("img onerror", "<img src=x onerror=alert(1)>".into()),
        (
            "html javascript link",
            "<a href=\"javascript:alert(1)\">x</a>".into(),
        ),
        (
            "entity-encoded javascript link",
            "<a href=\"&#106;avascript:alert(1)\">x</a>".into(),
        ),
        (
            "markdown javascript link",
            "[x](javascript:alert(1))".into(),
        ),
        (
            "markdown javascript autolink",
            "<javascript:alert(1)>".into(),
        ),
        (
            "markdown reference link",
            "[x][1]\n\n[1]: javascript:alert(1)".into(),
        ),
        (
            "markdown data link",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)".into(),
        ),
        (
            "markdown image handler",
            "![x](x\" onerror=\"alert(1))".into(),
        ),
        (
            "svg onload",
            "<svg onload=alert(1)><circle r=9></circle></svg>".into(),
        ),
        (
            "iframe",
            "<iframe src=\"https://evil.example\"></iframe>".into(),
        ),
        ("style", "<style>body{display:none}</style>".into()),
        (
            "raw html block with handler",
            "x\n\n<div onclick=alert(1)>click</div>".into(),
        ),
        ("attribute breakout", "\"><script>alert(1)</script>".into()),
        (
            "single-quote breakout",
            "'><img src=x onerror=alert(1)>".into(),
        ),
        (
            "C0 controls",
            "nul\0esc\x1b[31mbel\x07bs\x08vt\x0bff\x0cdel\x7f c1\u{9b}".into(),
        ),
        ("right-to-left override", "safe \u{202E}txt.exe".into()),
        (
            "every bidi control",
            "\u{202A}a\u{202B}b\u{202C}\u{202D}c\u{202E}d \u{2066}e\u{2067}f\u{2068}g\u{2069}"
                .into(),
        ),
        (
            "zero-width characters",
            "zero\u{200B}width\u{200C}non\u{200D}joiner\u{FEFF}bom".into(),
        ),
        (
            "formula: HYPERLINK",
            "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
        ),
        ("formula: @SUM", "@SUM(1+1)*cmd|' /C calc'!A0".into()),
        ("formula: +cmd", "+cmd|' /C calc'!A0".into()),
        ("formula: -1+1", "-1+1".into()),
        ("formula after a control", "\0=1+1".into()),
        ("a megabyte on one line", "A".repeat(1_000_000)),
    ];
    base.into_iter()
        .enumerate()
        .map(|(k, (name, text))| (name, format!("{text} hx{k:02}")))
        .collect()
}

fn token(k: usize) -> String {
    format!("hx{k:02}")
}

/// At most `max` characters: the text, or its start and its token.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let head: String = text.chars().take(max - 5).collect();
        format!("{head}{}", &text[text.len() - 5..])
    }
}

/// A one-line title of at most `max` characters: titles refuse control characters, so they
/// become spaces (the notes, descriptions and answers keep them).
fn title(text: &str, max: usize) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    short(&line, max)
}

/// `text` as an imported file can carry it: the importer refuses a file holding a NUL byte as
/// binary, so imported copies have none (interview notes keep theirs).
fn importable(text: &str) -> String {
    text.replace('\0', "")
}

fn manual(key: &str, value: f64) -> ManualInput {
    ManualInput {
        key: key.into(),
        value,
        low: None,
        high: None,
    }
}

/// What the fixture stored, to read back.
struct Stored {
    interviews: Vec<i64>,
    tickets: Vec<i64>,
    item_titles: Vec<String>,
    quotes: Vec<String>,
}

fn csv_line(fields: &[&str]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn fixture(ws: &mut Workspace, dir: &Path, corpus: &[(&str, String)]) -> Stored {
    ws.pin_today(chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    let mut interviews = Vec::new();
    for (k, (_, text)) in corpus.iter().enumerate() {
        let mut i = interview(&title(text, 290), text);
        i.date = format!("2026-05-{:02}", k % 28 + 1);
        interviews.push(ws.save_interview(&i).unwrap().id);
    }
    // Tickets, as a tracker's CSV export.
    let mut tickets = csv_line(&["Summary", "Issue key", "Status", "Description"]);
    for (k, (_, text)) in corpus.iter().enumerate() {
        let text = importable(text);
        tickets += &csv_line(&[&short(&text, 250), &format!("HX-{k}"), "Open", &text]);
    }
    let report = import(ws, &write(dir, "tickets.csv", tickets));
    assert_eq!(report.imported as usize, corpus.len(), "{report:?}");
    // A survey with one free-text question.
    let mut survey = csv_line(&["Timestamp", "Which team are you on?", "What should we fix?"]);
    for (k, (_, text)) in corpus.iter().enumerate() {
        survey += &csv_line(&[
            &format!("5/{}/2026 9:00:00", k % 28 + 1),
            "Payments",
            &importable(text),
        ]);
    }
    import(ws, &write(dir, "DX survey (Responses).csv", survey));
    ws.index_pending().unwrap();

    let query = (0..corpus.len())
        .map(token)
        .collect::<Vec<_>>()
        .join(" OR ");
    let theme = ws
        .save_theme(&ThemeInput {
            id: None,
            name: "Hostile \u{202E}theme <b onmouseover=alert(1)>".into(),
            query,
        })
        .unwrap();
    let tickets: Vec<i64> = (0..corpus.len())
        .map(|k| common::ticket_id(ws, &format!("HX-{k}")))
        .collect();
    let mut item_titles = Vec::new();
    let mut quotes = Vec::new();
    for (k, (_, text)) in corpus.iter().enumerate() {
        let quote = short(text, 1900);
        ws.pin_quote(theme.id, interviews[k], &quote).unwrap();
        let item = ws
            .save_item(&ItemInput {
                title: title(text, 190),
                owner: title(text, 190),
                target_metric: title(text, 190),
                effort: Some(1.0 + k as f64),
                inputs: vec![
                    manual("reach", 10.0 * (k + 1) as f64),
                    manual("impact", 1.0),
                    manual("confidence", 0.8),
                ],
                ..Default::default()
            })
            .unwrap();
        item_titles.push(item.title.clone());
        ws.link_item(&LinkInput {
            item: item.id,
            document: Some(interviews[k]),
            quote: Some(quote.clone()),
            ..Default::default()
        })
        .unwrap();
        ws.link_item(&LinkInput {
            item: item.id,
            theme: Some(theme.id),
            ..Default::default()
        })
        .unwrap();
        quotes.push(quote);
    }
    Stored {
        interviews,
        tickets,
        item_titles,
        quotes,
    }
}

/// Findings: anything that could execute or mislead, and anything lost.
#[derive(Default)]
struct Findings {
    executed: Vec<String>,
    lost: Vec<String>,
    checks: usize,
}

impl Findings {
    fn exec(&mut self, surface: &str, what: String) {
        self.executed.push(format!("{surface}: {what}"));
    }
    fn lost(&mut self, surface: &str, what: String) {
        self.lost.push(format!("{surface}: {what}"));
    }
    /// Every input's token is in `text`.
    fn all_present(&mut self, surface: &str, text: &str, n: usize) {
        for k in 0..n {
            self.checks += 1;
            if !text.contains(&token(k)) {
                self.lost(surface, format!("input {k} ({}) is missing", token(k)));
            }
        }
    }
}

/// Control characters a reader must never receive (tab, newline and carriage return are text).
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| inert::is_dropped_control(*c))
        .collect()
}

/// The bidi embeddings, overrides and isolates `text` leaves open at its end.
fn open_bidi(text: &str) -> usize {
    inert::close_bidi(text).chars().count() - text.chars().count()
}

/// Checks the HTML pack: every tag and attribute comes from the template, no text node leaves a
/// bidi override open, no control characters.
fn check_html(f: &mut Findings, html: &str, n: usize) {
    const S: &str = "html";
    const TAGS: &[&str] = &[
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
        "section",
        "blockquote",
        "footer",
        "figure",
        "figcaption",
        "svg",
        "text",
        "rect",
        "line",
        "circle",
        "bdi",
    ];
    const ATTRS: &[&str] = &[
        "lang",
        "charset",
        "http-equiv",
        "content",
        "name",
        "class",
        "role",
        "aria-label",
        "viewbox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "text-anchor",
    ];
    let tag = regex::Regex::new(r"<(/?)([!a-zA-Z][a-zA-Z0-9-]*)([^>]*)>").unwrap();
    let attr = regex::Regex::new(r#"([a-zA-Z-]+)(?:="([^"]*)")?"#).unwrap();
    if !html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
    ) {
        f.exec(S, "no Content-Security-Policy meta".into());
    }
    if !html.contains("overflow-wrap:anywhere") {
        f.exec(S, "long lines do not wrap".into());
    }
    for (what, count) in [
        ("<style", 1),
        ("<script", 0),
        ("<iframe", 0),
        ("<img", 0),
        ("<a ", 0),
    ] {
        let found = html.to_lowercase().matches(what).count();
        if found != count {
            f.exec(S, format!("{found} × {what}, expected {count}"));
        }
    }
    for c in tag.captures_iter(html) {
        f.checks += 1;
        let name = c[2].to_lowercase();
        if !TAGS.contains(&name.as_str()) {
            f.exec(S, format!("element <{name}> from content"));
        }
        if c[1].is_empty() && name != "!doctype" {
            let attrs = c[3].trim_end_matches('/');
            for a in attr.captures_iter(attrs) {
                let key = a[1].to_lowercase();
                let value = a.get(2).map_or("", |v| v.as_str()).to_lowercase();
                if !ATTRS.contains(&key.as_str()) || key.starts_with("on") {
                    f.exec(S, format!("attribute {key} on <{name}>"));
                }
                if value.contains("javascript:") || value.contains("data:text") {
                    f.exec(S, format!("{key}={value:?} on <{name}>"));
                }
            }
        }
    }
    // Text between tags: its own bidi overrides closed, no control characters.
    let texts: Vec<&str> = tag.split(html).collect();
    for t in &texts {
        if open_bidi(t) > 0 {
            f.exec(
                S,
                format!("a bidi override leaks out of {:?}", short(t, 60)),
            );
        }
    }
    if !controls(html).is_empty() {
        f.exec(S, format!("control characters {:?}", controls(html)));
    }
    // Every bidi control sits in a <bdi>, or in an SVG label or the title, closed.
    let body = &html[html.find("<body>").unwrap_or(0)..];
    let without_svg = regex::Regex::new(r"(?s)<svg.*?</svg>")
        .unwrap()
        .replace_all(body, "");
    let outside_bdi = regex::Regex::new(r"(?s)<bdi>.*?</bdi>")
        .unwrap()
        .replace_all(&without_svg, "");
    if outside_bdi.chars().any(inert::is_bidi_control) {
        f.exec(S, "a bidi control outside a <bdi>".into());
    }
    // The hostile markup is visible as text.
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "=HYPERLINK(",
    ] {
        f.checks += 1;
        if !html.contains(shown) {
            f.lost(S, format!("{shown} is not shown as text"));
        }
    }
    f.all_present(S, html, n);
}

/// Renders exported Markdown as a Markdown viewer would: content must come out as text only —
/// no raw HTML, no links, no images.
fn check_markdown(f: &mut Findings, surface: &str, md: &str, n: usize) {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut text = String::new();
    for event in Parser::new_ext(md, opts) {
        f.checks += 1;
        match event {
            Event::Html(h) | Event::InlineHtml(h) => f.exec(surface, format!("raw HTML {h:?}")),
            Event::Start(Tag::Link { dest_url, .. }) => {
                f.exec(surface, format!("a link to {dest_url:?}"))
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                f.exec(surface, format!("an image from {dest_url:?}"))
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, Parser::new_ext(md, opts));
    // The page a viewer shows: only the template's elements, no attributes but alignment, and
    // each text node closes the bidi overrides it opens.
    const TAGS: &[&str] = &[
        "h1",
        "h2",
        "h3",
        "p",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "strong",
        "em",
        "blockquote",
        "code",
    ];
    let tag = regex::Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>").unwrap();
    let list_start = regex::Regex::new(r#"^start="\d+"$"#).unwrap();
    for c in tag.captures_iter(&rendered) {
        f.checks += 1;
        let attrs = c[3].trim();
        let allowed = attrs.is_empty()
            || attrs.starts_with("style=\"text-align:")
            || (&c[2] == "ol" && list_start.is_match(attrs));
        if !TAGS.contains(&&c[2]) || !allowed {
            f.exec(surface, format!("rendered Markdown holds {:?}", &c[0]));
        }
    }
    for t in tag.split(&rendered) {
        if open_bidi(t) > 0 {
            f.exec(
                surface,
                format!("a bidi override leaks out of {:?}", short(t, 60)),
            );
        }
    }
    if !controls(md).is_empty() {
        f.exec(surface, format!("control characters {:?}", controls(md)));
    }
    f.checks += 1;
    if !text.contains("<script>alert(1)</script>") {
        f.lost(surface, "the script tag is not shown as text".into());
    }
    f.all_present(surface, &text, n);
}

fn check_cell(f: &mut Findings, surface: &str, cell: &str) {
    f.checks += 1;
    if cell.parse::<f64>().is_ok() {
        return;
    }
    if matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    ) {
        f.exec(
            surface,
            format!(
                "a cell a spreadsheet reads as a formula: {:?}",
                short(cell, 60)
            ),
        );
    }
    if !controls(cell).is_empty() {
        f.exec(surface, format!("control characters {:?}", controls(cell)));
    }
}

fn check_csv(f: &mut Findings, surface: &str, bytes: &[u8], n: usize) {
    let mut all = String::new();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            check_cell(f, surface, cell);
            all.push_str(cell);
            all.push('\u{1F}');
        }
    }
    f.all_present(surface, &all, n);
}

fn check_xlsx(f: &mut Findings, path: &Path, n: usize) {
    const S: &str = "roadmap xlsx";
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut all = String::new();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        if formulas.used_cells().any(|(_, _, f)| !f.is_empty()) {
            f.exec(S, format!("sheet {name} holds formulas"));
        }
        for cell in book.worksheet_range(&name).unwrap().used_cells() {
            if let (_, _, Data::String(s)) = cell {
                check_cell(f, S, s);
                all.push_str(s);
                all.push('\u{1F}');
            }
        }
    }
    f.all_present(S, &all, n);
}

#[test]
fn hostile_content_is_inert_in_the_app_and_every_export_and_nothing_is_lost() {
    let corpus = corpus();
    let n = corpus.len();
    let (d, mut ws) = open();
    let stored = fixture(&mut ws, d.path(), &corpus);
    let mut f = Findings::default();
    let mut surfaces = 0;

    // Storage keeps every byte.
    surfaces += 1;
    for (k, (name, text)) in corpus.iter().enumerate() {
        f.checks += 3;
        let iv = ws.interview(stored.interviews[k]).unwrap();
        if iv.notes != *text {
            f.lost("stored interview", format!("{name}: notes changed"));
        }
        let ticket = groundwork::research::tickets::load(ws.conn(), stored.tickets[k]).unwrap();
        if ticket.body != importable(text) {
            f.lost("stored ticket", format!("{name}: description changed"));
        }
        let answers: i64 = ws
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM documents WHERE kind = 'survey_response' AND body = ?1",
                [importable(text)],
                |r| r.get(0),
            )
            .unwrap();
        if answers != 1 {
            f.lost("stored survey answer", format!("{name}: answer changed"));
        }
    }

    // The app's Markdown preview (the render_markdown command, shown with {@html}).
    surfaces += 1;
    let mut previews = String::new();
    let tag = regex::Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>").unwrap();
    let attr = regex::Regex::new(r#"([a-zA-Z-]+)(?:="([^"]*)")?"#).unwrap();
    for (k, (name, text)) in corpus.iter().enumerate() {
        let html = groundwork::research::markdown::render(text);
        // Only markup the sanitizer allows: no script, frame, SVG or style element, no handler,
        // no script or HTML URL.
        for c in tag.captures_iter(&html) {
            f.checks += 1;
            let name = c[2].to_lowercase();
            if [
                "script", "iframe", "svg", "style", "object", "embed", "form",
            ]
            .contains(&name.as_str())
            {
                f.exec(
                    "markdown preview",
                    format!("{name}: <{name}> from {}", short(text, 60)),
                );
            }
            for a in attr.captures_iter(&c[3]) {
                let key = a[1].to_lowercase();
                let value = a.get(2).map_or("", |v| v.as_str()).to_lowercase();
                if key.starts_with("on")
                    || value.contains("javascript:")
                    || value.contains("data:text")
                    || key == "style"
                    || (key == "src" && !value.starts_with("data:image/"))
                {
                    f.exec("markdown preview", format!("{name}: {}", &c[0]));
                }
            }
        }
        if !controls(&html).is_empty() {
            f.exec("markdown preview", format!("{name}: control characters"));
        }
        if tag.split(&html).any(|t| open_bidi(t) > 0) {
            f.exec("markdown preview", format!("{name}: a bidi override leaks"));
        }
        f.checks += 1;
        if !html.contains(&token(k)) {
            f.lost("markdown preview", format!("{name}: its text is gone"));
        }
        previews.push_str(&html);
    }

    // Search results: the snippet HTML holds no markup but <mark>.
    surfaces += 1;
    for (k, (name, _)) in corpus.iter().enumerate() {
        let res = ws
            .search(&SearchRequest {
                query: token(k),
                limit: Some(10),
                ..Default::default()
            })
            .unwrap();
        f.checks += 1;
        if res.total != 3 {
            f.lost(
                "search",
                format!("{name}: {} matches, expected 3", res.total),
            );
        }
        for h in &res.hits {
            let stripped = h.snippet.replace("<mark>", "").replace("</mark>", "");
            if stripped.contains('<') || stripped.contains('>') {
                f.exec(
                    "search snippet",
                    format!("{name}: markup in {:?}", h.snippet),
                );
            }
        }
    }

    // Every export format.
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let opts = |subject: ExportSubject, format: ExportFormat| ExportOptions {
        subject,
        format,
        model: "rice".into(),
        team: None,
        compare: None,
        anonymize: Some(false),
    };
    let run = |subject: ExportSubject, format: ExportFormat, name: &str| {
        let path = out.join(name);
        export(&ws, &opts(subject, format), &path).unwrap();
        std::fs::read(&path).unwrap()
    };
    let search = || ExportSubject::Search {
        query: (0..n).map(token).collect::<Vec<_>>().join(" OR "),
    };
    let themes = || ExportSubject::Themes { ids: vec![] };

    let html = run(ExportSubject::Roadmap, ExportFormat::Html, "roadmap.html");
    check_html(&mut f, std::str::from_utf8(&html).unwrap(), n);
    let md = run(ExportSubject::Roadmap, ExportFormat::Md, "roadmap.md");
    check_markdown(&mut f, "roadmap md", std::str::from_utf8(&md).unwrap(), n);
    let csv = run(ExportSubject::Roadmap, ExportFormat::Csv, "roadmap.csv");
    check_csv(&mut f, "roadmap csv", &csv, n);
    run(ExportSubject::Roadmap, ExportFormat::Xlsx, "roadmap.xlsx");
    check_xlsx(&mut f, &out.join("roadmap.xlsx"), n);
    let json: serde_json::Value = serde_json::from_slice(&run(
        ExportSubject::Roadmap,
        ExportFormat::Json,
        "roadmap.json",
    ))
    .unwrap();
    let items = json["items"].as_array().unwrap();
    for (k, title) in stored.item_titles.iter().enumerate() {
        f.checks += 2;
        let Some(item) = items.iter().find(|i| i["title"] == **title) else {
            f.lost("roadmap json", format!("item {k}'s exact title"));
            continue;
        };
        let quotes: Vec<&str> = item["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|q| q["text"].as_str())
            .collect();
        if !quotes.contains(&stored.quotes[k].as_str()) {
            f.lost("roadmap json", format!("item {k}'s exact quote"));
        }
    }
    surfaces += 5;

    for (name, subject) in [("search", search()), ("themes", themes())] {
        let csv = run(subject.clone(), ExportFormat::Csv, &format!("{name}.csv"));
        check_csv(&mut f, &format!("{name} csv"), &csv, n);
        let md = run(subject.clone(), ExportFormat::Md, &format!("{name}.md"));
        check_markdown(
            &mut f,
            &format!("{name} md"),
            std::str::from_utf8(&md).unwrap(),
            n,
        );
        let json: serde_json::Value =
            serde_json::from_slice(&run(subject, ExportFormat::Json, &format!("{name}.json")))
                .unwrap();
        let texts: Vec<String> = if name == "search" {
            json["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["title"].as_str().unwrap().to_string())
                .collect()
        } else {
            json["themes"][0]["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| q["text"].as_str().unwrap().to_string())
                .collect()
        };
        for (k, (label, text)) in corpus.iter().enumerate() {
            f.checks += 1;
            // Search: the interview's title exactly as stored; themes: the pinned quote.
            let expected = if name == "search" {
                ws.interview(stored.interviews[k]).unwrap().title
            } else {
                stored.quotes[k].clone()
            };
            if !texts.contains(&expected) {
                f.lost(
                    &format!("{name} json"),
                    format!("{label}: exact text of {}", short(text, 40)),
                );
            }
        }
        surfaces += 3;
    }
    drop(previews);

    common::report_figure(
        "hostile",
        &format!(
            "hostile content: {n} inputs × {surfaces} surfaces checked ({} checks), {} executed, {} lost",
            f.checks,
            f.executed.len(),
            f.lost.len()
        ),
    );
    assert!(
        f.executed.is_empty() && f.lost.is_empty(),
        "not inert:\n{}\nlost:\n{}",
        f.executed.join("\n"),
        f.lost.join("\n")
    );
}
