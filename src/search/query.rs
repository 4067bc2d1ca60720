//! Lenient query reading: whatever half-typed text arrives, we produce the best well-formed query
//! and say how we read it. Syntax: words (all must match), "phrases", AND / OR / NOT, `-word` to
//! exclude, parentheses, field filters (`kind:`, `team:`, `tag:`, `source:`, `author:`,
//! `status:`), date ranges (`date:2026-01..2026-03`, `since:30d`), fuzzy words (`deploy~`,
//! `deploy~2`) and prefixes (`kube*`).

use chrono::{Datelike, Duration, NaiveDate};

/// How a raw query was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadQuery {
    /// The query as read, normalized (empty when nothing is left to search for).
    pub text: String,
    /// What we changed, in words, for the UI to show.
    pub fixes: Vec<String>,
    /// The query's structure, `None` when nothing is left to search for.
    pub node: Option<Node>,
}

/// A read query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word (stemmed by the index).
    Word(String),
    /// Words in this order.
    Phrase(Vec<String>),
    /// A word within this many edits.
    Fuzzy(String, u8),
    /// Words starting with this.
    Prefix(String),
    /// A field filter.
    Filter(Filter),
    /// Every part must match (`Not` parts must not).
    And(Vec<Node>),
    /// Any part matches.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

/// A field filter, its value normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `kind:ticket` (interview, ticket, survey_response, note).
    Kind(String),
    /// `team:payments` (case-insensitive).
    Team(String),
    /// `tag:ci` (case-insensitive).
    Tag(String),
    /// `source:jira` — any of these import formats (or `interview`).
    Source(Vec<String>),
    /// `author:priya` (interviewer or reporter, case-insensitive).
    Author(String),
    /// `status:open` (ticket status, case-insensitive).
    Status(String),
    /// `date:…` / `since:…`: days as YYYYMMDD, both ends included.
    Days(Option<u64>, Option<u64>),
    /// `speaker:"Dana"`: transcripts where this speaker (name or label, case-insensitive) speaks.
    Speaker(String),
    /// `role:participant` / `role:interviewer`: transcripts, their words matched in what that
    /// role said (participants' words are the evidence every other search reads); `role:any`
    /// matches words in what anyone said and restricts nothing.
    Role(String),
}

/// The field names a query may filter on.
pub const FIELDS: [&str; 10] = [
    "kind", "team", "tag", "source", "author", "status", "date", "since", "speaker", "role",
];

/// Longest query we read, and longest text we show for how we read it; the rest is ignored (and
/// said so).
pub const MAX_QUERY_CHARS: usize = 1_000;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String),
    Fuzzy(String, u8),
    Prefix(String),
    /// A filter and how it reads back.
    Filter(Filter, String),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// Reads a raw query leniently (relative dates count back from today, UTC).
pub fn read(raw: &str) -> ReadQuery {
    read_at(raw, chrono::Utc::now().date_naive())
}

/// Reads a raw query leniently; `since:30d` counts back from `today`.
pub fn read_at(raw: &str, today: NaiveDate) -> ReadQuery {
    let mut fixes = Vec::new();
    let mut raw: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if raw.chars().count() > MAX_QUERY_CHARS {
        raw = raw.chars().take(MAX_QUERY_CHARS).collect();
        fixes.push(format!(
            "only the first {MAX_QUERY_CHARS} characters were searched"
        ));
    }
    let toks = tokenize(&raw, today, &mut fixes);
    let toks = fit(repair(toks, &mut fixes), &mut fixes);
    let node = Parser { toks: &toks, at: 0 }.or();
    ReadQuery {
        text: render(&toks),
        node,
        fixes,
    }
}

/// Builds the tree from repaired tokens: OR binds loosest, then AND (also implied between
/// neighbours), then NOT.
struct Parser<'a> {
    toks: &'a [Tok],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn or(&mut self) -> Option<Node> {
        let mut parts = Vec::new();
        parts.extend(self.and());
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            parts.extend(self.and());
        }
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::Or(parts)),
        }
    }

    fn and(&mut self) -> Option<Node> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::Close) => break,
                Some(Tok::And) => self.at += 1,
                _ => parts.extend(self.unary()),
            }
        }
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> Option<Node> {
        let t = self.peek()?.clone();
        self.at += 1;
        match t {
            Tok::Not => self.unary().map(|n| Node::Not(Box::new(n))),
            Tok::Open => {
                let inner = self.or();
                if self.peek() == Some(&Tok::Close) {
                    self.at += 1;
                }
                inner
            }
            Tok::Word(w) => Some(Node::Word(w)),
            Tok::Phrase(p) => Some(Node::Phrase(p.split(' ').map(str::to_string).collect())),
            Tok::Fuzzy(w, d) => Some(Node::Fuzzy(w, d)),
            Tok::Prefix(p) => Some(Node::Prefix(p)),
            Tok::Filter(f, _) => Some(Node::Filter(f)),
            Tok::And | Tok::Or | Tok::Close => None,
        }
    }
}

/// Reads `name:value` as a filter, or says why not (the caller then searches the words).
fn filter(name: &str, value: &str, today: NaiveDate) -> Result<(Filter, String), String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(format!("{name}: needs a value"));
    }
    let lower = v.to_lowercase();
    // A quoted value may hold anything but a quote: shown bare, a space or a parenthesis in it
    // would end the word, and "how we read it" would read back as another query.
    let shown = |v: &str| {
        if v.contains(ends_a_word) {
            format!("{name}:\"{v}\"")
        } else {
            format!("{name}:{v}")
        }
    };
    match name {
        "kind" => {
            let kind = match lower.as_str() {
                "interview" | "interviews" => "interview",
                "ticket" | "tickets" | "issue" | "issues" => "ticket",
                "survey" | "surveys" | "answer" | "answers" | "survey_response" => {
                    "survey_response"
                }
                "transcript" | "transcripts" => "interview",
                "note" | "notes" => "note",
                _ => {
                    return Err(format!(
                        "kind:{v} is not a kind (interview, ticket, survey, note)"
                    ))
                }
            };
            Ok((Filter::Kind(kind.into()), format!("kind:{kind}")))
        }
        "team" => Ok((Filter::Team(lower.clone()), shown(&lower))),
        "tag" => Ok((Filter::Tag(lower.clone()), shown(&lower))),
        "author" => Ok((Filter::Author(lower.clone()), shown(&lower))),
        "status" => Ok((Filter::Status(lower.clone()), shown(&lower))),
        "speaker" => Ok((Filter::Speaker(lower.clone()), shown(&lower))),
        "role" => match crate::research::transcripts::SpeakerRole::parse(&lower) {
            Some(r) => Ok((
                Filter::Role(r.as_str().into()),
                format!("role:{}", r.as_str()),
            )),
            None if matches!(lower.as_str(), "any" | "all" | "everyone" | "both") => {
                Ok((Filter::Role("any".into()), "role:any".into()))
            }
            None => Err(format!(
                "role:{v} is not a role (participant, interviewer, or any for both)"
            )),
        },
        "source" => {
            let formats: Vec<String> = match lower.as_str() {
                "jira" => vec!["jira-csv".into()],
                "github" => vec!["github-json".into()],
                "notes" | "markdown" => vec!["markdown".into()],
                "survey" | "surveys" => ["google-forms", "qualtrics", "typeform"]
                    .map(String::from)
                    .to_vec(),
                "interviews" | "app" => vec!["interview".into()],
                "spreadsheet" | "excel" => vec!["xlsx".into()],
                "transcript" | "transcripts" | "zoom" | "teams" | "otter" => {
                    vec!["transcript".into()]
                }
                other => vec![other.to_string()],
            };
            Ok((Filter::Source(formats), shown(&lower)))
        }
        "date" => {
            let (from, to) = match lower.split_once("..") {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (lower.as_str(), lower.as_str()),
            };
            let from = (!from.is_empty())
                .then(|| date_bound(from, false))
                .transpose()?;
            let to = (!to.is_empty()).then(|| date_bound(to, true)).transpose()?;
            if from.is_none() && to.is_none() {
                return Err("date: needs a date or a range like 2026-01..2026-03".into());
            }
            if let (Some(a), Some(b)) = (from, to) {
                if a > b {
                    return Err(format!("date:{v} ends before it starts"));
                }
            }
            let text = |d: Option<u64>| d.map(show_day).unwrap_or_default();
            Ok((
                Filter::Days(from, to),
                format!("date:{}..{}", text(from), text(to)),
            ))
        }
        "since" => {
            let start = match lower.strip_suffix(['d', 'w', 'm', 'y']) {
                Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    let n: i64 = n
                        .parse()
                        .map_err(|_| format!("since:{v} is too long ago"))?;
                    let days = match lower.chars().last() {
                        Some('d') => n,
                        Some('w') => n * 7,
                        Some('m') => n * 30,
                        _ => n * 365,
                    };
                    if days > 365 * 200 {
                        return Err(format!("since:{v} is too long ago"));
                    }
                    crate::search::index::day_number(today - Duration::days(days))
                }
                _ => date_bound(&lower, false).map_err(|_| {
                    format!("since:{v}: use a duration (30d, 12w, 6m, 1y) or a date")
                })?,
            };
            Ok((
                Filter::Days(Some(start), None),
                format!("date:{}..", show_day(start)),
            ))
        }
        _ => Err(format!(
            "{name}: is not a field ({}); searched as words",
            FIELDS.join(", ")
        )),
    }
}

/// A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (or, for `end`, last) day it covers.
fn date_bound(s: &str, end: bool) -> Result<u64, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| {
        p.parse::<u32>()
            .map_err(|_| format!("date {s:?}: use YYYY, YYYY-MM or YYYY-MM-DD"))
    };
    let day = match parts.as_slice() {
        [y] => {
            let y = num(y)? as i32;
            if end {
                NaiveDate::from_ymd_opt(y, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(y, 1, 1)
            }
        }
        [y, m] => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1);
            if end {
                first.and_then(|f| {
                    let next = if m == 12 {
                        NaiveDate::from_ymd_opt(y + 1, 1, 1)
                    } else {
                        NaiveDate::from_ymd_opt(y, m + 1, 1)
                    };
                    next.map(|n| n.pred_opt().unwrap_or(f))
                })
            } else {
                first
            }
        }
        [y, m, d] => NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?),
        _ => None,
    };
    day.filter(|d| d.year() >= 1900 && d.year() <= 9999)
        .map(crate::search::index::day_number)
        .ok_or_else(|| format!("date {s:?} does not exist: use YYYY, YYYY-MM or YYYY-MM-DD"))
}

fn show_day(n: u64) -> String {
    format!("{:04}-{:02}-{:02}", n / 10_000, n / 100 % 100, n % 100)
}

fn tokenize(raw: &str, today: NaiveDate, fixes: &mut Vec<String>) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = raw.chars().peekable();
    let mut negate_next = false;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        match c {
            '(' => {
                chars.next();
                toks.push(Tok::Open);
            }
            ')' => {
                chars.next();
                toks.push(Tok::Close);
            }
            '"' => {
                chars.next();
                let mut phrase = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '"' {
                        closed = true;
                        break;
                    }
                    phrase.push(c);
                }
                if !closed {
                    fixes.push("closed the unbalanced quote".into());
                }
                push_operand(&mut toks, clean_words(&phrase), &mut negate_next);
            }
            '-' | '!' => {
                chars.next();
                if chars.peek().is_some_and(|n| !n.is_whitespace()) {
                    negate_next = true;
                } else {
                    fixes.push(format!("ignored a lone {c:?}"));
                }
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if ends_a_word(c) {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                let tok = match word.as_str() {
                    "AND" | "&&" => Some(Tok::And),
                    "OR" | "||" => Some(Tok::Or),
                    "NOT" => Some(Tok::Not),
                    _ => None,
                };
                if let Some(tok) = tok {
                    toks.push(tok);
                    continue;
                }
                // name:value, name:"quoted value"
                if let Some((name, value)) = word.split_once(':') {
                    let name = name.to_lowercase();
                    if FIELDS.contains(&name.as_str()) {
                        let mut value = value.to_string();
                        if value.is_empty() && chars.peek() == Some(&'"') {
                            chars.next();
                            let mut closed = false;
                            for c in chars.by_ref() {
                                if c == '"' {
                                    closed = true;
                                    break;
                                }
                                value.push(c);
                            }
                            if !closed {
                                fixes.push("closed the unbalanced quote".into());
                            }
                        }
                        match filter(&name, &value, today) {
                            Ok((f, shown)) => {
                                if std::mem::take(&mut negate_next) {
                                    toks.push(Tok::Not);
                                }
                                toks.push(Tok::Filter(f, shown));
                            }
                            Err(why) => {
                                fixes.push(format!("ignored {why}"));
                                negate_next = false;
                            }
                        }
                        continue;
                    }
                    if !name.is_empty() && name.chars().all(char::is_alphabetic) {
                        fixes.push(format!(
                            "{name}: is not a field ({}); searched as words",
                            FIELDS.join(", ")
                        ));
                    }
                }
                // deploy~ / deploy~2: fuzzy; kube*: prefix.
                if let Some((w, d)) = word.rsplit_once('~') {
                    let words = clean_words(w);
                    if words.len() == 1 && (d.is_empty() || d == "1" || d == "2") {
                        let negate = std::mem::take(&mut negate_next);
                        if negate {
                            toks.push(Tok::Not);
                        }
                        let d = if d == "2" { 2 } else { 1 };
                        toks.push(Tok::Fuzzy(term_case(&words[0]), d));
                        continue;
                    }
                }
                if let Some(p) = word.strip_suffix('*') {
                    let words = clean_words(p);
                    if words.len() == 1 && words[0].chars().count() >= 2 {
                        if std::mem::take(&mut negate_next) {
                            toks.push(Tok::Not);
                        }
                        toks.push(Tok::Prefix(term_case(&words[0])));
                        continue;
                    } else if words.len() == 1 {
                        fixes.push(format!(
                            "{word}: a prefix needs two letters; searched the word"
                        ));
                    }
                }
                push_operand(&mut toks, clean_words(&word), &mut negate_next);
            }
        }
    }
    toks
}

/// A fuzzy or prefix word in lower case, as the index keeps words, unless lower case would split
/// it: `İ` lowers to `i` and a combining dot, which is not a letter, so `i̇x~1` would read back as
/// the phrase "i x 1". Such a word stays as typed; the search lowercases it anyway.
fn term_case(word: &str) -> String {
    let lower = word.to_lowercase();
    if clean_words(&lower) == [lower.as_str()] {
        lower
    } else {
        word.to_string()
    }
}

/// Whether `c` ends a bare word (and so starts the next token): a value holding one is shown
/// in quotes.
fn ends_a_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

/// Pushes a word (or, for several words, a phrase: "ci/cd" and "self-service" are split by the
/// index, so they match as a phrase of their parts), negated when a `-` came before it.
fn push_operand(toks: &mut Vec<Tok>, mut words: Vec<String>, negate_next: &mut bool) {
    let negate = std::mem::take(negate_next);
    if words.is_empty() {
        return;
    }
    if negate {
        toks.push(Tok::Not);
    }
    toks.push(if words.len() == 1 {
        Tok::Word(words.remove(0))
    } else {
        Tok::Phrase(words.join(" "))
    });
}

/// Splits on anything that is not a letter or digit, as the index tokenizer does.
fn clean_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        // A word left over from punctuation ("NOT&") is a search word, not an operator: kept in
        // lower case (the index lowercases anyway) so "how we read it" reads back the same.
        .map(|w| match w {
            "AND" | "OR" | "NOT" => w.to_lowercase(),
            _ => w.to_string(),
        })
        .collect()
}

fn is_operand_end(t: &Tok) -> bool {
    matches!(
        t,
        Tok::Word(_)
            | Tok::Phrase(_)
            | Tok::Fuzzy(..)
            | Tok::Prefix(_)
            | Tok::Filter(..)
            | Tok::Close
    )
}

/// Drops operators with nothing to join, balances parentheses.
fn repair(toks: Vec<Tok>, fixes: &mut Vec<String>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut depth = 0usize;
    let mut dropped_ops = false;
    let mut dropped_parens = false;
    for t in toks {
        match t {
            Tok::And | Tok::Or => {
                if out.last().is_some_and(is_operand_end) {
                    out.push(t);
                } else {
                    dropped_ops = true;
                }
            }
            Tok::Not => {
                if matches!(out.last(), Some(Tok::Not)) {
                    out.pop(); // NOT NOT x = x
                } else {
                    out.push(t);
                }
            }
            Tok::Open => {
                depth += 1;
                out.push(t);
            }
            Tok::Close => {
                if depth == 0 {
                    dropped_parens = true;
                    continue;
                }
                // drop dangling operators before ")"
                while matches!(out.last(), Some(Tok::And | Tok::Or | Tok::Not)) {
                    out.pop();
                    dropped_ops = true;
                }
                if matches!(out.last(), Some(Tok::Open)) {
                    out.pop(); // "()" is nothing
                } else {
                    out.push(t);
                }
                depth -= 1;
            }
            w => out.push(w),
        }
    }
    while matches!(out.last(), Some(Tok::And | Tok::Or | Tok::Not | Tok::Open)) {
        if matches!(out.pop(), Some(Tok::Open)) {
            depth -= 1;
        } else {
            dropped_ops = true;
        }
    }
    if depth > 0 {
        fixes.push("closed the unbalanced parenthesis".into());
        out.extend(std::iter::repeat_n(Tok::Close, depth));
    }
    if dropped_parens {
        fixes.push("ignored an unmatched \")\"".into());
    }
    if dropped_ops {
        fixes.push("ignored an operator with nothing to join".into());
    }
    out
}

/// Shortens a query whose text as read is past [`MAX_QUERY_CHARS`] (quotes, `~1` and whole
/// dates make it longer than what was typed) by dropping its last parts: read again, a longer
/// text would be cut and read as another query.
fn fit(toks: Vec<Tok>, fixes: &mut Vec<String>) -> Vec<Tok> {
    let fits = |toks: &[Tok]| render(toks).chars().count() <= MAX_QUERY_CHARS;
    if fits(&toks) {
        return toks;
    }
    fixes.push(format!(
        "as read, the query is longer than {MAX_QUERY_CHARS} characters: only the part that fits was searched"
    ));
    // The first `n` parts, what the cut left open closed and a dangling operator dropped.
    let first = |n: usize| repair(toks[..n].to_vec(), &mut Vec::new());
    // The most parts that fit, by bisection: none fit, all do not.
    let (mut fit, mut too_long) = (0, toks.len());
    while too_long - fit > 1 {
        let n = (fit + too_long) / 2;
        if fits(&first(n)) {
            fit = n;
        } else {
            too_long = n;
        }
    }
    first(fit)
}

fn render(toks: &[Tok]) -> String {
    let mut s = String::new();
    for (i, t) in toks.iter().enumerate() {
        let piece = match t {
            Tok::Word(w) => w.clone(),
            Tok::Phrase(p) => format!("\"{p}\""),
            Tok::Fuzzy(w, d) => format!("{w}~{d}"),
            Tok::Prefix(p) => format!("{p}*"),
            Tok::Filter(_, shown) => shown.clone(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            // `-` negates the next word only: a negated group reads back as `NOT (…)`.
            Tok::Not if matches!(toks.get(i + 1), Some(Tok::Open)) => "NOT ".into(),
            Tok::Not => "-".into(),
            Tok::Open => "(".into(),
            Tok::Close => ")".into(),
        };
        let glue =
            i > 0 && !matches!(toks[i - 1], Tok::Not | Tok::Open) && !matches!(t, Tok::Close);
        if glue {
            s.push(' ');
        }
        s.push_str(&piece);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn keeps_a_well_formed_query() {
        let q = read("\"slow ci\" AND (flaky OR timeout) -kubernetes");
        assert_eq!(q.text, "\"slow ci\" AND (flaky OR timeout) -kubernetes");
        assert!(q.fixes.is_empty());
    }

    #[test]
    fn closes_quotes_and_parentheses() {
        let q = read("(\"slow ci");
        assert_eq!(q.text, "(\"slow ci\")");
        assert_eq!(q.fixes.len(), 2, "{:?}", q.fixes);
    }

    #[test]
    fn drops_dangling_operators_and_lone_minus() {
        assert_eq!(read("deploy AND").text, "deploy");
        assert_eq!(read("OR deploy").text, "deploy");
        assert_eq!(read("deploy - ").text, "deploy");
        assert_eq!(read("-").text, "");
        assert_eq!(read("((()))").text, "");
        assert_eq!(read(") deploy (").text, "deploy");
    }

    #[test]
    fn splits_punctuated_words_into_phrases() {
        assert_eq!(
            read("ci/cd self-service").text,
            "\"ci cd\" \"self service\""
        );
        assert_eq!(read("title:foo").text, "\"title foo\"");
    }

    #[test]
    fn builds_the_tree_with_precedence() {
        use super::Node::*;
        let w = |s: &str| Word(s.into());
        assert_eq!(
            read("a b OR c -d").node,
            Some(Or(vec![
                And(vec![w("a"), w("b")]),
                And(vec![w("c"), Not(Box::new(w("d")))])
            ]))
        );
        assert_eq!(
            read("-kubernetes -\"helm chart\"").node,
            Some(And(vec![
                Not(Box::new(w("kubernetes"))),
                Not(Box::new(Phrase(vec!["helm".into(), "chart".into()])))
            ]))
        );
        assert_eq!(
            read("(a OR b) c").node,
            Some(And(vec![Or(vec![w("a"), w("b")]), w("c")]))
        );
    }

    #[test]
    fn reads_filters_dates_fuzzy_and_prefixes() {
        use super::{Filter, Node};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let q = super::read_at(
            "kind:tickets team:\"Developer Experience\" date:2026-01..2026-02 deploy~ kube* since:30d",
            today,
        );
        assert_eq!(
            q.text,
            "kind:ticket team:\"developer experience\" date:2026-01-01..2026-02-28 deploy~1 kube* date:2026-03-01.."
        );
        assert!(q.fixes.is_empty(), "{:?}", q.fixes);
        let Some(Node::And(parts)) = q.node else {
            panic!()
        };
        assert_eq!(parts[0], Node::Filter(Filter::Kind("ticket".into())));
        assert_eq!(
            parts[2],
            Node::Filter(Filter::Days(Some(20260101), Some(20260228)))
        );
        assert_eq!(parts[3], Node::Fuzzy("deploy".into(), 1));
        assert_eq!(parts[4], Node::Prefix("kube".into()));
        assert_eq!(parts[5], Node::Filter(Filter::Days(Some(20260301), None)));
        // Bad values are dropped with a reason, never an error.
        let q = super::read_at("kind:robots date:2026-13 since:forever deploy", today);
        assert_eq!(q.text, "deploy");
        assert_eq!(q.fixes.len(), 3, "{:?}", q.fixes);
        assert_eq!(super::read_at("date:2026-02-30", today).text, "");
        assert_eq!(
            super::read_at("-source:jira flaky", today).text,
            "-source:jira flaky"
        );
        assert_eq!(super::read_at("k* team: x~3", today).text, "k \"x 3\"");
    }

    #[test]
    fn a_fuzzy_or_prefix_word_that_lower_case_would_split_stays_as_typed() {
        // `İ` lowers to `i` and a combining dot (not a letter): shown as `i̇stanbul~1`, it read
        // back as the phrase "i stanbul 1".
        let q = read("İstanbul~ İz* Deploy~ KUBE*");
        assert_eq!(q.text, "İstanbul~1 İz* deploy~1 kube*");
        assert_eq!(read(&q.text).node, q.node);
    }

    #[test]
    fn a_query_longer_as_read_than_the_limit_keeps_the_parts_that_fit() {
        // 1 000 characters, shown as 250 quoted phrases (1 499), 100 whole date ranges (2 800),
        // 333 open parentheses closed: read again, the shown text was cut at 1 000 characters
        // and read as another query.
        for raw in [
            "a/b ".repeat(250),
            "date:2026 ".repeat(100),
            "(a ".repeat(333),
        ] {
            let q = read(&raw);
            assert!(q.text.chars().count() <= super::MAX_QUERY_CHARS, "{raw}");
            assert!(q.text.chars().count() > 900, "{}", q.text);
            assert!(q
                .fixes
                .iter()
                .any(|f| f.contains("only the part that fits")));
            let again = read(&q.text);
            assert_eq!(again.node, q.node, "{raw}");
            assert_eq!(again.text, q.text);
            assert!(again.fixes.is_empty(), "{:?}", again.fixes);
        }
    }

    #[test]
    fn survives_hostile_input() {
        let long = "a ".repeat(10_000);
        let q = read(&long);
        assert!(q.text.len() <= super::MAX_QUERY_CHARS);
        assert!(!q.fixes.is_empty());
        assert_eq!(read("🚀 שלום \u{202e}evil").text, "שלום evil");
        assert_eq!(read("\u{0}\u{7}").text, "");
    }
}
