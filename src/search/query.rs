//! Lenient query reading: whatever half-typed text arrives, we produce the best well-formed query
//! and say how we read it. Syntax (v1): words (all must match), "phrases", AND / OR / NOT,
//! `-word` to exclude, parentheses.

/// How a raw query was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadQuery {
    /// The normalized query handed to the parser (empty when nothing is left to search for).
    pub text: String,
    /// What we changed, in words, for the UI to show.
    pub fixes: Vec<String>,
    /// When the query only excludes (`-kubernetes -helm`), the excluded terms joined with OR:
    /// the search then means "everything except these".
    pub exclude_only: Option<String>,
}

/// Longest query we read; the rest is ignored (and said so).
pub const MAX_QUERY_CHARS: usize = 1_000;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// Reads a raw query leniently.
pub fn read(raw: &str) -> ReadQuery {
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
    let toks = tokenize(&raw, &mut fixes);
    let toks = repair(toks, &mut fixes);
    ReadQuery {
        text: render(&toks),
        exclude_only: exclusions(&toks),
        fixes,
    }
}

/// For a flat query made only of negated words and phrases, those words joined with OR.
fn exclusions(toks: &[Tok]) -> Option<String> {
    let mut excluded = Vec::new();
    let mut negated = false;
    for t in toks {
        match t {
            Tok::Not => negated = true,
            Tok::Word(_) | Tok::Phrase(_) if negated => {
                excluded.push(render(std::slice::from_ref(t)));
                negated = false;
            }
            Tok::And => {}
            _ => return None,
        }
    }
    (!excluded.is_empty()).then(|| excluded.join(" OR "))
}

fn tokenize(raw: &str, fixes: &mut Vec<String>) -> Vec<Tok> {
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
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
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
                push_operand(&mut toks, clean_words(&word), &mut negate_next);
            }
        }
    }
    toks
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
        .map(str::to_string)
        .collect()
}

fn is_operand_end(t: &Tok) -> bool {
    matches!(t, Tok::Word(_) | Tok::Phrase(_) | Tok::Close)
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

fn render(toks: &[Tok]) -> String {
    let mut s = String::new();
    for (i, t) in toks.iter().enumerate() {
        let piece = match t {
            Tok::Word(w) => w.clone(),
            Tok::Phrase(p) => format!("\"{p}\""),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
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
    fn notices_exclusion_only_queries() {
        assert_eq!(
            read("-kubernetes -\"helm chart\"").exclude_only.as_deref(),
            Some("kubernetes OR \"helm chart\"")
        );
        assert_eq!(read("ci -flaky").exclude_only, None);
        assert_eq!(read("-(a b)").exclude_only, None);
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
