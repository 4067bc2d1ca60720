//! The review pack as one self-contained HTML file: no script, no network (styles inline, charts
//! as inline SVG), readable in any browser and printable to PDF, one item per printed block.
//! Every text from the workspace goes through [`escape`], so a note holding `<script>` or an
//! `onerror=` attribute shows as visible text; control characters are dropped, a bidi override
//! is closed at the end of its text (and isolated in a `<bdi>`), and a megabyte-long line wraps.

use super::inert;
use super::pack::{PackItem, ReviewPack};
use std::fmt::Write;

/// `text` safe inside HTML text and quoted attributes (the escaping search snippets use), with
/// control characters dropped and bidi overrides closed at its end ([`super::inert`]).
pub fn escape(text: &str) -> String {
    crate::search::escape_html(&inert::display(text))
}

/// A piece of workspace text as element content: [`escape`]d, and isolated in a `<bdi>` when it
/// holds bidi controls, so it cannot reorder the figures and labels around it.
fn text(t: &str) -> String {
    if t.chars().any(inert::is_bidi_control) {
        format!("<bdi>{}</bdi>", escape(t))
    } else {
        escape(t)
    }
}

fn num(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(x) if x.abs() >= 1000.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.2}"),
    }
}

const STYLE: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b2430;margin:32px auto;max-width:980px;padding:0 16px;overflow-wrap:anywhere}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dee6;padding-bottom:4px}
h3{font-size:15px;margin:0 0 6px}.muted{color:#5b6675}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e6eaef;vertical-align:top}
th{font-size:12px;color:#5b6675}.num{text-align:right}
.item{border:1px solid #d8dee6;border-radius:6px;padding:12px 14px;margin:12px 0;break-inside:avoid}
blockquote{margin:8px 0;padding:4px 12px;border-left:3px solid #2f7d6d;color:#333}
blockquote footer{font-size:12px;color:#5b6675}
.badge{font-size:11px;padding:1px 6px;border-radius:8px;background:#eef2f6}
.missing{background:#fff3d6}
svg text{font:11px system-ui,sans-serif;fill:#1b2430}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}.item{page-break-inside:avoid}}
";

fn bars(out: &mut String, pack: &ReviewPack) {
    let scored: Vec<&PackItem> = pack.items.iter().filter(|i| i.score.is_some()).collect();
    if scored.is_empty() {
        return;
    }
    let max = scored
        .iter()
        .filter_map(|i| i.score)
        .fold(0.0f64, |m, s| m.max(s.abs()))
        .max(f64::MIN_POSITIVE);
    let (w, row) = (900.0, 22.0);
    let h = row * scored.len() as f64 + 10.0;
    let _ = write!(
        out,
        "<figure><svg role=\"img\" aria-label=\"Scores\" viewBox=\"0 0 {w} {h}\" width=\"100%\">"
    );
    for (k, i) in scored.iter().enumerate() {
        let s = i.score.unwrap_or(0.0);
        let len = (s.abs() / max) * 520.0;
        let y = k as f64 * row + 4.0;
        let title: String = i.title.chars().take(48).collect();
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.0}\">{}. {}</text><rect x=\"330\" y=\"{y:.0}\" width=\"{len:.1}\" height=\"14\" fill=\"{}\"/><text x=\"{:.0}\" y=\"{:.0}\">{}</text>",
            y + 11.0,
            i.rank.unwrap_or(0),
            escape(&title),
            if s < 0.0 { "#b23b3b" } else { "#2f7d6d" },
            336.0 + len,
            y + 11.0,
            num(Some(s))
        );
    }
    out.push_str(
        "</svg><figcaption class=\"muted\">Score of each ranked item.</figcaption></figure>",
    );
}

fn matrix(out: &mut String, pack: &ReviewPack) {
    let pts: Vec<(&PackItem, f64, f64)> = pack
        .items
        .iter()
        .filter_map(|i| Some((i, i.effort?, i.score?)))
        .collect();
    if pts.len() < 2 {
        return;
    }
    let (max_e, max_s) = pts
        .iter()
        .fold((0.0f64, 0.0f64), |(e, s), p| (e.max(p.1), s.max(p.2.abs())));
    let (w, h, pad) = (600.0, 340.0, 40.0);
    let x = |e: f64| pad + e / max_e.max(f64::MIN_POSITIVE) * (w - 2.0 * pad);
    let y = |s: f64| h - pad - s.max(0.0) / max_s.max(f64::MIN_POSITIVE) * (h - 2.0 * pad);
    let _ = write!(
        out,
        "<figure><svg role=\"img\" aria-label=\"Value versus effort\" viewBox=\"0 0 {w} {h}\" width=\"640\">\
         <line x1=\"{pad}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#8a94a3\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{0}\" stroke=\"#8a94a3\"/>\
         <line x1=\"{2}\" y1=\"{pad}\" x2=\"{2}\" y2=\"{0}\" stroke=\"#d8dee6\" stroke-dasharray=\"4\"/><line x1=\"{pad}\" y1=\"{3}\" x2=\"{1}\" y2=\"{3}\" stroke=\"#d8dee6\" stroke-dasharray=\"4\"/>\
         <text x=\"{4}\" y=\"{5}\">effort (person-weeks) →</text><text x=\"4\" y=\"{6}\">score ↑</text>\
         <text x=\"{7}\" y=\"{8}\" class=\"muted\">quick wins</text><text x=\"{9}\" y=\"{8}\">big bets</text>",
        h - pad,
        w - pad,
        (x(max_e) + pad) / 2.0,
        (y(max_s) + h - pad) / 2.0,
        w / 2.0 - 60.0,
        h - 10.0,
        pad - 10.0,
        pad + 6.0,
        pad + 14.0,
        w - pad - 60.0,
    );
    for (i, e, s) in &pts {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#2f7d6d\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x(*e),
            y(*s),
            x(*e) + 7.0,
            y(*s) + 4.0,
            i.rank.unwrap_or(0)
        );
    }
    out.push_str("</svg><figcaption class=\"muted\">Value (score) against effort; numbers are ranks. Top left: quick wins.</figcaption></figure>");
}

fn trends(out: &mut String, pack: &ReviewPack) {
    for t in pack.themes.iter().filter(|t| !t.trend.is_empty()) {
        let max = t.trend.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
        let n = t.trend.len() as f64;
        let (w, h) = (420.0, 80.0);
        let bw = (w / n).min(40.0);
        let _ = write!(
            out,
            "<figure><svg role=\"img\" aria-label=\"Trend of {}\" viewBox=\"0 0 {w} {}\" width=\"440\">",
            escape(&t.name),
            h + 16.0
        );
        for (k, (period, count)) in t.trend.iter().enumerate() {
            let bh = *count as f64 / max * h;
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#6c8fb3\"><title>{} {}</title></rect>",
                k as f64 * bw,
                h - bh,
                bw - 2.0,
                escape(period),
                count
            );
        }
        let first = t.trend.first().map(|b| b.0.as_str()).unwrap_or("");
        let last = t.trend.last().map(|b| b.0.as_str()).unwrap_or("");
        // Label the axis at both ends only when they are far enough apart to read.
        let end_label = if n * bw >= 160.0 {
            format!(
                "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>",
                (n * bw).min(w),
                h + 14.0,
                escape(last)
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.0}\">{}</text>{end_label}</svg>\
             <figcaption class=\"muted\">{}: {} documents a month ({} in all){}</figcaption></figure>",
            h + 14.0,
            escape(first),
            text(&t.name),
            escape(&format!("{first} to {last}")),
            t.total,
            match &t.rests_on {
                Some(r) => format!(" · <strong>rests on {}</strong>", escape(r)),
                None => String::new(),
            }
        );
    }
}

fn intervals(out: &mut String, pack: &ReviewPack) {
    let Some(s) = &pack.sensitivity else { return };
    let n = s.items.len().max(1) as f64;
    let (w, row) = (900.0, 22.0);
    let scale = |r: u32| 330.0 + (r as f64 - 1.0) / n.max(2.0 - 1.0) * 500.0;
    let _ = write!(
        out,
        "<figure><svg role=\"img\" aria-label=\"Rank intervals\" viewBox=\"0 0 {w} {:.0}\" width=\"100%\">",
        row * s.items.len() as f64 + 8.0
    );
    for (k, i) in s.items.iter().enumerate() {
        let y = k as f64 * row + 4.0;
        let title: String = i.title.chars().take(44).collect();
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.0}\">{}. {}</text><line x1=\"{:.1}\" y1=\"{:.0}\" x2=\"{:.1}\" y2=\"{:.0}\" stroke=\"#6c8fb3\" stroke-width=\"6\"/>\
             <circle cx=\"{:.1}\" cy=\"{:.0}\" r=\"4\" fill=\"#1b2430\"/><text x=\"850\" y=\"{:.0}\">{:.0} %</text>",
            y + 11.0,
            i.rank,
            escape(&title),
            scale(i.low),
            y + 7.0,
            scale(i.high).max(scale(i.low) + 2.0),
            y + 7.0,
            scale(i.median),
            y + 7.0,
            y + 11.0,
            i.top_chance * 100.0
        );
    }
    let _ = write!(
        out,
        "</svg><figcaption class=\"muted\">Rank interval (5th–95th percentile) and median over {} seeded runs ({}); right: the chance of the top {}.</figcaption></figure>",
        s.runs,
        escape(&s.varied.join("; ")),
        s.top
    );
}

fn item(out: &mut String, i: &PackItem) {
    let _ = write!(
        out,
        "<section class=\"item\"><h3>{} {}</h3><p class=\"muted\">Score <strong>{}</strong> · {} · effort {} person-weeks{}{}</p>",
        i.rank.map_or("—".into(), |r| format!("{r}.")),
        text(&i.title),
        num(i.score),
        text(&i.status),
        num(i.effort),
        if i.teams.is_empty() {
            String::new()
        } else {
            format!(" · {}", text(&i.teams.join(", ")))
        },
        if i.target_metric.is_empty() {
            String::new()
        } else {
            format!(" · moves {}", text(&i.target_metric))
        }
    );
    if !i.missing.is_empty() {
        let _ = write!(
            out,
            "<p><span class=\"badge missing\">not scored: missing {}</span></p>",
            text(&i.missing.join(", "))
        );
    }
    if !i.breakdown.is_empty() {
        // Points are shown when the model adds parts up (weighted criteria, WSJF), not for the
        // factors of a product such as RICE.
        let points = i.breakdown.iter().any(|p| p.points.is_some());
        let _ = write!(
            out,
            "<table><thead><tr><th>Input</th><th class=\"num\">Value</th><th>Source</th>{}<th>How it was found</th></tr></thead><tbody>",
            if points { "<th class=\"num\">Points</th>" } else { "" }
        );
        for p in &i.breakdown {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td>{}<td>{}</td></tr>",
                text(&p.label),
                num(p.value),
                text(&format!("{:?}", p.source).to_lowercase()),
                if points {
                    format!(
                        "<td class=\"num\">{}</td>",
                        p.points.map_or(String::new(), |x| format!("{x:.2}"))
                    )
                } else {
                    String::new()
                },
                text(&p.note)
            );
        }
        out.push_str("</tbody></table>");
    }
    if let Some(roi) = &i.roi {
        let _ = write!(
            out,
            "<p>ROI {} (low {}, high {}); annual value {}, cost {}, payback {} months.</p>",
            num(Some(roi.expected.roi)),
            num(Some(roi.low.roi)),
            num(Some(roi.high.roi)),
            num(Some(roi.expected.annual_value)),
            num(Some(roi.expected.cost)),
            num(roi.expected.payback_months)
        );
    }
    let e = &i.evidence;
    let _ = write!(
        out,
        "<p class=\"muted\">Evidence: {} documents ({} interviews, {} tickets, {} survey responses, {} notes) from {} teams and {} people.</p>",
        e.documents, e.interviews, e.tickets, e.survey_responses, e.notes, e.teams, e.people
    );
    if let Some(spoken) = &e.spoken {
        let _ = write!(out, "<p class=\"muted\">{}.</p>", escape(spoken));
    }
    for q in &i.quotes {
        let _ = write!(
            out,
            "<blockquote>{}<footer>{}{}{} · {} · via {}</footer></blockquote>",
            text(&q.text),
            q.speaker
                .as_deref()
                .map(|s| format!("{} · ", text(s)))
                .unwrap_or_default(),
            match &q.url {
                Some(u) => format!("<a href=\"{}\">{}</a>", escape(u), text(&q.document_title)),
                None => text(&q.document_title),
            },
            q.date
                .as_deref()
                .map(|d| format!(" · {}", text(d)))
                .unwrap_or_default(),
            text(&q.document_kind),
            text(&q.via)
        );
    }
    out.push_str("</section>");
}

/// Renders the pack.
pub fn render(pack: &ReviewPack) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Roadmap review — {}</title><style>{STYLE}</style></head><body>\
         <h1>Roadmap review</h1><p class=\"muted\">{} · model <strong>{}</strong>{} · generated {}{}</p>",
        escape(&pack.workspace),
        text(&pack.workspace),
        text(&pack.model.name),
        pack.team
            .as_deref()
            .map(|t| format!(" · weighted by {}'s demand", text(t)))
            .unwrap_or_default(),
        text(&pack.generated_at[..10.min(pack.generated_at.len())]),
        if pack.anonymized {
            " · people's names are replaced by labels"
        } else {
            ""
        }
    );
    out.push_str("<h2>How items are scored</h2><ul>");
    for line in &pack.model.explained {
        let _ = write!(out, "<li>{}</li>", text(line));
    }
    out.push_str("</ul><h2>Ranking</h2><table><thead><tr><th class=\"num\">#</th><th>Item</th><th class=\"num\">Score</th><th class=\"num\">Effort</th><th>Status</th><th>Teams</th></tr></thead><tbody>");
    for i in &pack.items {
        let _ = write!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            i.rank.map_or("—".into(), |r| r.to_string()),
            text(&i.title),
            if i.missing.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"badge missing\">missing {}</span>", text(&i.missing.join(", ")))
            },
            num(i.score),
            num(i.effort),
            text(&i.status),
            text(&i.teams.join(", "))
        );
    }
    out.push_str("</tbody></table>");
    bars(&mut out, pack);
    out.push_str("<h2>Value versus effort</h2>");
    matrix(&mut out, pack);
    if pack.sensitivity.is_some() {
        out.push_str("<h2>How stable the ranking is</h2>");
        intervals(&mut out, pack);
    }
    if let Some(c) = &pack.changes {
        let _ = write!(out, "<h2>Since {}</h2>{}<table><thead><tr><th>Item</th><th>Change</th><th class=\"num\">Rank then</th><th class=\"num\">Rank now</th><th>Because</th></tr></thead><tbody>",
            text(&c.from),
            pack.compared_model.as_deref().map(|m| format!("<p class=\"muted\">Ranks under the snapshot's model, {}.</p>", text(m))).unwrap_or_default());
        for i in &c.items {
            let why: Vec<String> = i
                .drivers
                .iter()
                .take(3)
                .map(|d| format!("{} {} → {}", d.label, num(d.from), num(d.to)))
                .collect();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                text(&i.title),
                text(&format!("{:?}", i.change).to_lowercase()),
                i.rank_from.map_or("—".into(), |r| r.to_string()),
                i.rank_to.map_or("—".into(), |r| r.to_string()),
                text(&why.join("; "))
            );
        }
        out.push_str("</tbody></table>");
        if c.model_changed {
            out.push_str("<p class=\"muted\">The model or its weights changed too.</p>");
        }
    }
    if !pack.impact.is_empty() {
        out.push_str("<h2>Impact of shipped items</h2><p class=\"muted\">Each metric the item should move, over its teams, in equal windows before and after it shipped; the interval is a 95 % bootstrap interval of the change.</p><table><thead><tr><th>Item</th><th>Shipped</th><th>Metric</th><th class=\"num\">Before</th><th class=\"num\">After</th><th>Change</th><th>Verdict</th><th>Expected</th></tr></thead><tbody>");
        for i in &pack.impact {
            for m in &i.metrics {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    text(&i.title),
                    text(i.shipped_on.as_deref().unwrap_or("")),
                    text(&m.label),
                    text(&m.format(m.before.value)),
                    text(&m.format(m.after.value)),
                    text(&m.change_text()),
                    text(&m.verdict),
                    text(&m.expectation_text())
                );
            }
        }
        out.push_str("</tbody></table>");
        for i in &pack.impact {
            if let Some(roi) = &i.roi {
                let _ = write!(
                    out,
                    "<p>Hours saved by {}: {}.</p>",
                    text(&i.title),
                    text(&roi.text())
                );
            }
        }
    }
    if !pack.themes.is_empty() {
        out.push_str("<h2>Themes behind the items</h2>");
        trends(&mut out, pack);
    }
    out.push_str("<h2>Items</h2>");
    for i in &pack.items {
        item(&mut out, i);
    }
    if !pack.exceptions.is_empty() {
        out.push_str("<h2>Team-specific exceptions</h2>");
        for i in &pack.exceptions {
            item(&mut out, i);
        }
    }
    out.push_str("</body></html>\n");
    one_block_per_line(&out)
}

/// Breaks the page after each block-level closing tag, so the file reads (and diffs) line by
/// line. Safe because every text in it is escaped: a `</tr>` can only be markup.
fn one_block_per_line(html: &str) -> String {
    const BLOCK_ENDS: [&str; 13] = [
        "</head>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</p>",
        "</li>",
        "</ul>",
        "</tr>",
        "</table>",
        "</figure>",
        "</blockquote>",
        "</section>",
        "</svg>",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut rest = html;
    while let Some(at) = rest.find("</") {
        let end = BLOCK_ENDS
            .iter()
            .find(|t| rest[at..].starts_with(*t))
            .map(|t| at + t.len());
        match end {
            Some(end) => {
                out.push_str(&rest[..end]);
                out.push('\n');
                rest = &rest[end..];
            }
            None => {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}
