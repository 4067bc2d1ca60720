//! The review pack as Markdown, for wikis and pull requests: the model in words, the ranking as a
//! table, each item's breakdown and quotes, and what moved since a snapshot. Text from documents is
//! escaped so it cannot turn into links, tables or HTML.

use super::inert;
use super::pack::{PackItem, ReviewPack};

/// `text` with Markdown's and HTML's special characters escaped, on one line, with control
/// characters dropped and bidi overrides closed at its end ([`super::inert`]).
pub fn escape(text: &str) -> String {
    let one_line: String = inert::strip_controls(text)
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let text = inert::close_bidi(&one_line);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` for the inside of a single-backtick code span: on one line (a blank line would end the
/// span and let the rest be read as Markdown), backticks turned into apostrophes, control
/// characters dropped and bidi overrides closed.
pub fn code(text: &str) -> String {
    let one_line: String = inert::strip_controls(text)
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            '`' => '\'',
            c => c,
        })
        .collect();
    inert::close_bidi(&one_line).into_owned()
}

fn num(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(x) => format!("{x:.2}"),
    }
}

fn item(out: &mut String, i: &PackItem) {
    let rank = i.rank.map_or("—".to_string(), |r| format!("{r}."));
    out.push_str(&format!("\n### {rank} {}\n\n", escape(&i.title)));
    out.push_str(&format!(
        "Score **{}** · status {} · effort {} person-weeks{}{}\n\n",
        num(i.score),
        i.status,
        num(i.effort),
        if i.teams.is_empty() {
            String::new()
        } else {
            format!(" · teams {}", escape(&i.teams.join(", ")))
        },
        if i.target_metric.is_empty() {
            String::new()
        } else {
            format!(" · moves {}", escape(&i.target_metric))
        },
    ));
    if !i.missing.is_empty() {
        out.push_str(&format!(
            "Not scored: missing {}.\n\n",
            i.missing.join(", ")
        ));
    }
    if !i.breakdown.is_empty() {
        // Points only when the model adds parts up; RICE's factors have none.
        let points = i.breakdown.iter().any(|p| p.points.is_some());
        out.push_str(if points {
            "| input | value | source | points | how it was found |\n|---|---:|---|---:|---|\n"
        } else {
            "| input | value | source | how it was found |\n|---|---:|---|---|\n"
        });
        for p in &i.breakdown {
            let pts = if points {
                format!(
                    " {} |",
                    p.points.map_or(String::new(), |x| format!("{x:.2}"))
                )
            } else {
                String::new()
            };
            out.push_str(&format!(
                "| {} | {} | {} |{pts} {} |\n",
                escape(&p.label),
                num(p.value),
                format!("{:?}", p.source).to_lowercase(),
                escape(&p.note)
            ));
        }
        out.push('\n');
    }
    let e = &i.evidence;
    out.push_str(&format!(
        "Evidence: {} documents ({} interviews, {} tickets, {} survey responses, {} notes) from {} teams and {} people.\n",
        e.documents, e.interviews, e.tickets, e.survey_responses, e.notes, e.teams, e.people
    ));
    if let Some(spoken) = &e.spoken {
        out.push_str(&format!("{}.\n", escape(spoken)));
    }
    for q in &i.quotes {
        out.push_str(&format!(
            "\n> {}\n>\n> — {}{} ({}{}, via {})\n",
            escape(&q.text),
            q.speaker
                .as_deref()
                .map(|s| format!("{}, ", escape(s)))
                .unwrap_or_default(),
            match &q.url {
                Some(u) => format!("[{}](<{u}>)", escape(&q.document_title)),
                None => escape(&q.document_title),
            },
            q.document_kind,
            q.date
                .as_deref()
                .map(|d| format!(", {d}"))
                .unwrap_or_default(),
            escape(&q.via)
        ));
    }
}

/// Renders the pack.
pub fn render(pack: &ReviewPack) -> String {
    let mut out = format!(
        "# Roadmap ranking — {}\n\nModel **{}**{}. Generated {}{}.\n\n",
        escape(&pack.workspace),
        escape(&pack.model.name),
        pack.team
            .as_deref()
            .map(|t| format!(", weighted by {}'s demand", escape(t)))
            .unwrap_or_default(),
        &pack.generated_at[..10.min(pack.generated_at.len())],
        if pack.anonymized {
            "; people's names are replaced by labels"
        } else {
            ""
        }
    );
    for line in &pack.model.explained {
        out.push_str(&format!("- {}\n", escape(line)));
    }
    out.push_str(
        "\n## Ranking\n\n| # | item | score | effort | status |\n|---:|---|---:|---:|---|\n",
    );
    for i in &pack.items {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            i.rank.map_or("—".into(), |r| r.to_string()),
            escape(&i.title),
            num(i.score),
            num(i.effort),
            i.status
        ));
    }
    if let Some(c) = &pack.changes {
        out.push_str(&format!("\n## Since {}\n\n", escape(&c.from)));
        if let Some(m) = &pack.compared_model {
            out.push_str(&format!(
                "Ranks under the snapshot's model, {}.\n\n",
                escape(m)
            ));
        }
        for i in c
            .items
            .iter()
            .filter(|i| !matches!(i.change, crate::roadmap::snapshots::Change::Same))
        {
            let r = |x: Option<u32>| x.map_or("—".into(), |v| v.to_string());
            let why: Vec<String> = i
                .drivers
                .iter()
                .take(3)
                .map(|d| format!("{} {} → {}", d.label, num(d.from), num(d.to)))
                .collect();
            out.push_str(&format!(
                "- {}: {} → {} ({}){}\n",
                escape(&i.title),
                r(i.rank_from),
                r(i.rank_to),
                format!("{:?}", i.change).to_lowercase(),
                if why.is_empty() {
                    String::new()
                } else {
                    format!(", because {}", escape(&why.join("; ")))
                }
            ));
        }
    }
    if !pack.impact.is_empty() {
        out.push_str("\n## Impact of shipped items\n\n| item | shipped | metric | before | after | change | verdict | expected |\n|---|---|---|---:|---:|---|---|---|\n");
        for i in &pack.impact {
            for m in &i.metrics {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    escape(&i.title),
                    i.shipped_on.as_deref().unwrap_or(""),
                    escape(&m.label),
                    m.format(m.before.value),
                    m.format(m.after.value),
                    m.change_text(),
                    m.verdict,
                    m.expectation_text()
                ));
            }
        }
        for i in &pack.impact {
            if let Some(roi) = &i.roi {
                out.push_str(&format!(
                    "\nHours saved by {}: {}.\n",
                    escape(&i.title),
                    roi.text()
                ));
            }
        }
    }
    out.push_str("\n## Items\n");
    for i in &pack.items {
        item(&mut out, i);
    }
    if !pack.exceptions.is_empty() {
        out.push_str("\n## Team-specific exceptions\n");
        for i in &pack.exceptions {
            item(&mut out, i);
        }
    }
    out
}
