//! Answer scales: the one home of how a survey answer becomes a score, and of the two figures
//! read from scores, NPS and CSAT. The Surveys view ([`super::summary`]), the Metrics view's `nps`
//! and `csat` series (`metrics::dora`) and the survey sentiment of the respondents behind a
//! roadmap item's evidence (`scoring::evidence`) all read answers through a [`Scorer`].
//!
//! **Scores.** A labelled Likert answer scores its label's place on the scale, counting from 1
//! (matched ignoring case and surrounding spaces); an NPS or unlabelled Likert answer is read as a
//! number (`4`, `2,5`). Any other answer (a label the scale does not have) has no score and counts
//! in no figure.
//!
//! **A scale's ends are the form's declared scale, never the highest answer given.**
//! - Labelled Likert: 1 to the number of labels. The importer keeps a known scale's two ends and
//!   its fixed points whether or not anyone chose them (`import::survey`), so a survey where
//!   nobody picked "Very satisfied" still tops out at it.
//! - NPS: 0–10.
//! - Unlabelled Likert: the range the question states (`(1-5)`, `1 to 7`, `0–10`) when every
//!   answer lies in it; otherwise the smallest common scale holding every answer to the question
//!   (1–5, 1–7, then 1–10; starting at 0 when someone answered 0). Every answer means every
//!   respondent's, never a filtered subset's: a team where nobody picked 5 of 5 is still read on
//!   1–5, so 4 never becomes its top.
//!
//! **NPS.** Promoters answer 9–10, passives 7–8, detractors 0–6; the score is % promoters −
//! % detractors. Per answer a promoter is worth +100, a passive 0 and a detractor −100, so the mean
//! of the answers is the NPS (what the Metrics view averages per period).
//!
//! **CSAT.** A satisfaction question is a Likert question whose text or labels mention
//! satisfaction (`satisf…`). An answer is satisfied when it lies in the top two points of the
//! declared scale (score ≥ top − 1); CSAT is the satisfied share of the scored answers. The
//! Surveys view shows it as a % (one decimal), the Metrics view as a share (each answer 1 or 0).
//!
//! **Position.** (score − bottom) ÷ (top − bottom), clamped to 0–1: an answer's place on its own
//! scale, comparable across scales (the evidence sentiment).

use super::{ColumnRole, Nps};
use crate::error::Result;
use rusqlite::Connection;
use std::collections::HashMap;

/// The two ends of a question's declared scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The lowest point.
    pub low: f64,
    /// The highest point.
    pub high: f64,
}

/// The common numeric scales an unlabelled answer set is read on, by their top.
const COMMON_TOPS: [f64; 3] = [5.0, 7.0, 10.0];

impl Scale {
    /// The NPS scale, 0–10.
    pub const NPS: Scale = Scale {
        low: 0.0,
        high: 10.0,
    };

    /// The declared scale of a question with this role, text and labels; `answers` are every
    /// answer given to it (only read for an unlabelled Likert question). `None` for the roles
    /// that have no scale, and for a label list too short to be one.
    pub fn declared<'a>(
        role: ColumnRole,
        text: &str,
        labels: &[String],
        answers: impl IntoIterator<Item = &'a str>,
    ) -> Option<Scale> {
        match role {
            ColumnRole::Nps => Some(Scale::NPS),
            ColumnRole::Likert if !labels.is_empty() => (labels.len() >= 2).then_some(Scale {
                low: 1.0,
                high: labels.len() as f64,
            }),
            ColumnRole::Likert => {
                let numbers: Vec<f64> = answers.into_iter().filter_map(parse_number).collect();
                if let Some(stated) = stated_range(text)
                    .filter(|s| numbers.iter().all(|n| *n >= s.low && *n <= s.high))
                {
                    return Some(stated);
                }
                let low = if numbers.iter().any(|n| *n < 1.0) {
                    0.0
                } else {
                    1.0
                };
                let max = numbers.iter().copied().fold(low, f64::max);
                let high = COMMON_TOPS
                    .into_iter()
                    .find(|t| max <= *t)
                    .unwrap_or(max.ceil());
                Some(Scale { low, high })
            }
            _ => None,
        }
    }

    /// True when `score` lies in the scale's top two points (a satisfied answer).
    pub fn top_two(&self, score: f64) -> bool {
        score >= self.high - 1.0
    }

    /// Where `score` lies on the scale, 0 (bottom) to 1 (top).
    pub fn position(&self, score: f64) -> f64 {
        let width = self.high - self.low;
        if width <= 0.0 {
            return 1.0;
        }
        ((score - self.low) / width).clamp(0.0, 1.0)
    }

    /// The whole points of the scale, lowest first.
    pub fn points(&self) -> std::ops::RangeInclusive<i64> {
        self.low.round() as i64..=self.high.round() as i64
    }
}

/// A range a question states for its answers: `(1-5)`, `1–7`, `0 to 10`, `on a 1-10 scale`.
/// Starts at 0 or 1 and spans at least three points, up to 10.
fn stated_range(text: &str) -> Option<Scale> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    let number = |from: usize| {
        let end = (from..chars.len())
            .find(|i| !chars[*i].is_ascii_digit())
            .unwrap_or(chars.len());
        let n: String = chars[from..end].iter().collect();
        (n.parse::<u32>().ok(), end)
    };
    let spaces = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let (lo, after_lo) = number(i);
        i = after_lo;
        let k = spaces(after_lo);
        let after_sep = match chars.get(k) {
            Some('-' | '–' | '—') => k + 1,
            Some('t') if chars.get(k + 1) == Some(&'o') && k > after_lo => k + 2,
            _ => continue,
        };
        let k = spaces(after_sep);
        if !chars.get(k).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let (hi, end) = number(k);
        if chars.get(end).is_some_and(|c| {
            c.is_alphanumeric()
                || (*c == '.' && chars.get(end + 1).is_some_and(|d| d.is_ascii_digit()))
        }) {
            continue;
        }
        if let (Some(lo @ 0..=1), Some(hi)) = (lo, hi) {
            if hi >= lo + 2 && hi <= 10 {
                return Some(Scale {
                    low: lo as f64,
                    high: hi as f64,
                });
            }
        }
    }
    None
}

/// The score of an answer: a labelled Likert answer's place on the scale counting from 1, an
/// NPS, unlabelled Likert or numeric answer read as a number; `None` otherwise.
pub fn score(role: ColumnRole, labels: &[String], answer: &str) -> Option<f64> {
    match role {
        ColumnRole::Likert if !labels.is_empty() => labels
            .iter()
            .position(|l| l.trim().eq_ignore_ascii_case(answer.trim()))
            .map(|i| (i + 1) as f64),
        ColumnRole::Likert | ColumnRole::Nps | ColumnRole::Numeric => parse_number(answer),
        _ => None,
    }
}

/// A number as respondents write it: `3`, `2.5`, `2,5`, ` 40 `.
pub fn parse_number(value: &str) -> Option<f64> {
    let v = value.trim();
    v.parse::<f64>()
        .ok()
        .or_else(|| v.replace(',', ".").parse::<f64>().ok())
        .filter(|n| n.is_finite())
}

/// True when a question measures satisfaction: a Likert question whose text or labels say so.
pub fn is_satisfaction(role: ColumnRole, text: &str, labels: &[String]) -> bool {
    role == ColumnRole::Likert
        && (text.to_lowercase().contains("satisf")
            || labels.iter().any(|l| l.to_lowercase().contains("satisf")))
}

/// Where an NPS answer puts its respondent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpsGroup {
    /// 9 or 10.
    Promoter,
    /// 7 or 8.
    Passive,
    /// 0 to 6.
    Detractor,
}

impl NpsGroup {
    /// The group of an NPS score.
    pub fn of(score: f64) -> Self {
        if score >= 9.0 {
            NpsGroup::Promoter
        } else if score <= 6.0 {
            NpsGroup::Detractor
        } else {
            NpsGroup::Passive
        }
    }

    /// What one answer adds to the NPS: +100, 0 or −100 (the mean of these is the NPS).
    pub fn points(self) -> f64 {
        match self {
            NpsGroup::Promoter => 100.0,
            NpsGroup::Passive => 0.0,
            NpsGroup::Detractor => -100.0,
        }
    }
}

/// The NPS of some scores (exact, not rounded); `None` when there are none.
pub fn nps(scores: &[f64]) -> Option<Nps> {
    if scores.is_empty() {
        return None;
    }
    let count = |g: NpsGroup| scores.iter().filter(|s| NpsGroup::of(**s) == g).count() as u64;
    let (promoters, detractors) = (count(NpsGroup::Promoter), count(NpsGroup::Detractor));
    Some(Nps {
        score: (promoters as f64 - detractors as f64) / scores.len() as f64 * 100.0,
        promoters,
        passives: scores.len() as u64 - promoters - detractors,
        detractors,
    })
}

/// How one question reads its answers: its role, labels, declared scale, and whether it measures
/// satisfaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorer {
    /// What kind of question it is.
    pub role: ColumnRole,
    /// Likert labels, lowest first.
    pub labels: Vec<String>,
    /// Its declared scale (Likert and NPS).
    pub scale: Option<Scale>,
    /// True for a satisfaction question (it has a CSAT).
    pub satisfaction: bool,
}

impl Scorer {
    /// The scorer of a question; `answers` are every answer given to it (all respondents).
    pub fn new<'a>(
        role: ColumnRole,
        text: &str,
        labels: Vec<String>,
        answers: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Scorer {
            scale: Scale::declared(role, text, &labels, answers),
            satisfaction: is_satisfaction(role, text, &labels),
            role,
            labels,
        }
    }

    /// The score of an answer (see [`score`]).
    pub fn score(&self, answer: &str) -> Option<f64> {
        score(self.role, &self.labels, answer)
    }

    /// An NPS answer's points: +100, 0 or −100; `None` for other questions and unscored answers.
    pub fn nps_points(&self, answer: &str) -> Option<f64> {
        (self.role == ColumnRole::Nps)
            .then(|| self.score(answer))
            .flatten()
            .map(|s| NpsGroup::of(s).points())
    }

    /// Whether an answer to a satisfaction question is satisfied (top two points); `None` for
    /// other questions and unscored answers.
    pub fn satisfied(&self, answer: &str) -> Option<bool> {
        let scale = self.scale.filter(|_| self.satisfaction)?;
        self.score(answer).map(|s| scale.top_two(s))
    }

    /// The CSAT of some scores of this question: the satisfied share, 0–1 (exact); `None` when
    /// it is not a satisfaction question or there are no scores.
    pub fn csat(&self, scores: &[f64]) -> Option<f64> {
        let scale = self.scale.filter(|_| self.satisfaction)?;
        (!scores.is_empty()).then(|| {
            scores.iter().filter(|s| scale.top_two(**s)).count() as f64 / scores.len() as f64
        })
    }

    /// Where an answer lies on the question's scale, 0–1; `None` without a scale or a score.
    pub fn position(&self, answer: &str) -> Option<f64> {
        let scale = self.scale?;
        self.score(answer).map(|s| scale.position(s))
    }
}

/// The scorer of every Likert and NPS question in the workspace, by question id, each scale read
/// from all of the question's answers.
pub fn scorers(conn: &Connection) -> Result<HashMap<i64, Scorer>> {
    let mut answers: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT a.question_id, a.value FROM survey_answers a
         JOIN survey_questions q ON q.id = a.question_id
         WHERE q.role = 'likert' AND q.scale IN ('', '[]')",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (q, value) = row?;
        answers.entry(q).or_default().push(value);
    }
    let mut out = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT id, role, text, scale FROM survey_questions WHERE role IN ('likert', 'nps')",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })? {
        let (id, role, text, labels) = row?;
        let role = ColumnRole::parse(&role).unwrap_or(ColumnRole::Ignore);
        let labels: Vec<String> = serde_json::from_str(&labels).unwrap_or_default();
        let given = answers.get(&id).map(Vec::as_slice).unwrap_or_default();
        out.insert(
            id,
            Scorer::new(role, &text, labels, given.iter().map(String::as_str)),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    fn likert(text: &str, l: &[&str], answers: &[&str]) -> Scorer {
        Scorer::new(ColumnRole::Likert, text, labels(l), answers.iter().copied())
    }

    const SATISFACTION: [&str; 5] = [
        "Very dissatisfied",
        "Dissatisfied",
        "Neutral",
        "Satisfied",
        "Very satisfied",
    ];

    #[test]
    fn a_one_to_five_scale_counts_four_and_five_as_satisfied() {
        let s = likert(
            "How satisfied are you with CI? (1-5)",
            &[],
            &["1", "4", "5"],
        );
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 1.0,
                high: 5.0
            })
        );
        assert_eq!(
            ["1", "2", "3", "4", "5"].map(|a| s.satisfied(a)),
            [
                Some(false),
                Some(false),
                Some(false),
                Some(true),
                Some(true)
            ]
        );
        assert_eq!(s.csat(&[1.0, 4.0, 5.0]), Some(2.0 / 3.0));
        assert_eq!(s.position("3"), Some(0.5));
    }

    #[test]
    fn a_one_to_seven_scale_counts_six_and_seven_as_satisfied() {
        // Stated in the question: nobody went above 5, the top is still 7.
        let s = likert(
            "Rate your satisfaction on a 1 to 7 scale",
            &[],
            &["5", "4", "5"],
        );
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 1.0,
                high: 7.0
            })
        );
        assert_eq!(s.satisfied("5"), Some(false));
        assert_eq!(s.satisfied("6"), Some(true));
        assert_eq!(s.csat(&[5.0, 4.0, 5.0]), Some(0.0));
        // Not stated: someone answered 6, so the form's scale is 1–7, not 1–6.
        let s = likert("How satisfied are you with builds?", &[], &["6", "2"]);
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 1.0,
                high: 7.0
            })
        );
        assert_eq!(s.satisfied("6"), Some(true));
        assert_eq!(s.satisfied("5"), Some(false));
    }

    #[test]
    fn a_zero_to_ten_scale() {
        let nps = Scorer::new(
            ColumnRole::Nps,
            "How likely are you to recommend us?",
            vec![],
            [],
        );
        assert_eq!(nps.scale, Some(Scale::NPS));
        assert_eq!(nps.position("5"), Some(0.5));
        assert!(!nps.satisfaction);
        assert_eq!(nps.satisfied("10"), None);
        // A satisfaction question on 0–10: the top two points are 9 and 10.
        let s = likert("Satisfaction with docs (0–10)", &[], &["3", "8"]);
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 0.0,
                high: 10.0
            })
        );
        assert_eq!(s.satisfied("8"), Some(false));
        assert_eq!(s.satisfied("9"), Some(true));
        assert_eq!(s.position("0"), Some(0.0));
        // Unstated, with a 0 among the answers.
        let s = likert("Satisfaction with docs", &[], &["0", "8"]);
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 0.0,
                high: 10.0
            })
        );
    }

    #[test]
    fn nps_groups_and_score() {
        assert_eq!(
            [0.0, 6.0, 6.5, 7.0, 8.0, 8.9, 9.0, 10.0].map(NpsGroup::of),
            [
                NpsGroup::Detractor,
                NpsGroup::Detractor,
                NpsGroup::Passive,
                NpsGroup::Passive,
                NpsGroup::Passive,
                NpsGroup::Passive,
                NpsGroup::Promoter,
                NpsGroup::Promoter
            ]
        );
        let n = nps(&[10.0, 9.0, 9.0, 7.0, 3.0, 6.0]).unwrap();
        assert_eq!((n.promoters, n.passives, n.detractors), (3, 1, 2));
        assert!((n.score - 100.0 / 6.0).abs() < 1e-12);
        assert_eq!(nps(&[]), None);
        // The mean of the per-answer points is the score.
        let s = Scorer::new(ColumnRole::Nps, "NPS", vec![], []);
        let points: Vec<f64> = ["10", "9", "9,0", "7", "3", "6"]
            .iter()
            .filter_map(|a| s.nps_points(a))
            .collect();
        assert!((points.iter().sum::<f64>() / 6.0 - n.score).abs() < 1e-12);
        assert_eq!(s.nps_points("ten"), None);
    }

    #[test]
    fn labelled_satisfaction_and_agreement_scales() {
        let s = likert("How do you feel about CI?", &SATISFACTION, &[]);
        // The labels say satisfaction even where the question does not.
        assert!(s.satisfaction);
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 1.0,
                high: 5.0
            })
        );
        assert_eq!(s.score(" very SATISFIED "), Some(5.0));
        assert_eq!(s.satisfied("Satisfied"), Some(true));
        assert_eq!(s.satisfied("Neutral"), Some(false));
        assert_eq!(s.position("Neutral"), Some(0.5));

        let agree = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"];
        let a = likert("Flaky tests hinder CI", &agree, &[]);
        assert!(!a.satisfaction);
        assert_eq!(
            a.scale,
            Some(Scale {
                low: 1.0,
                high: 4.0
            })
        );
        assert_eq!(a.score("agree"), Some(3.0));
        assert_eq!(a.satisfied("Strongly agree"), None);
        assert_eq!(a.csat(&[4.0]), None);
        assert_eq!(a.position("Disagree"), Some(1.0 / 3.0));
    }

    #[test]
    fn a_scale_where_nobody_picked_the_top_keeps_its_top() {
        // Labelled: the labels are the form's scale, whatever was picked.
        let s = likert(
            "How satisfied are you?",
            &SATISFACTION,
            &["Satisfied", "Neutral"],
        );
        assert_eq!(s.scale.unwrap().high, 5.0);
        assert_eq!(s.satisfied("Neutral"), Some(false));
        // Unlabelled, nobody above 4: still 1–5, so 3 is not "top two".
        let s = likert("How satisfied are you with CI?", &[], &["4", "3", "2"]);
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 1.0,
                high: 5.0
            })
        );
        assert_eq!(s.satisfied("3"), Some(false));
        assert_eq!(s.csat(&[4.0, 3.0, 2.0]), Some(1.0 / 3.0));
    }

    #[test]
    fn an_unknown_label_has_no_score() {
        let s = likert("How satisfied are you?", &SATISFACTION, &[]);
        assert_eq!(s.score("Ecstatic"), None);
        assert_eq!(s.satisfied("Ecstatic"), None);
        assert_eq!(s.position("Ecstatic"), None);
        assert_eq!(s.score("4"), None, "a number is not a label");
        let n = likert("How satisfied are you? (1-5)", &[], &[]);
        assert_eq!(n.score("very"), None);
        assert_eq!(score(ColumnRole::Text, &[], "5"), None);
        assert_eq!(parse_number("2,5"), Some(2.5));
        assert_eq!(parse_number("NaN"), None);
    }

    #[test]
    fn stated_ranges() {
        let r = |t: &str| stated_range(t).map(|s| (s.low, s.high));
        assert_eq!(r("How satisfied are you? (1-5)"), Some((1.0, 5.0)));
        assert_eq!(r("Satisfaction 1–7"), Some((1.0, 7.0)));
        assert_eq!(r("from 0 to 10"), Some((0.0, 10.0)));
        assert_eq!(r("on a 1 - 4 scale"), Some((1.0, 4.0)));
        assert_eq!(r("Satisfaction since 2024-03-01"), None);
        assert_eq!(r("1-2 weeks"), None);
        assert_eq!(r("1-50"), None);
        assert_eq!(r("Q1-5"), None);
        assert_eq!(r("1-5x"), None);
        assert_eq!(r("plain"), None);
        // A stated range the answers do not fit is not the form's scale.
        let s = likert("Rate the 1-3 day onboarding", &[], &["5", "4"]);
        assert_eq!(
            s.scale,
            Some(Scale {
                low: 1.0,
                high: 5.0
            })
        );
    }

    #[test]
    fn roles_without_a_scale() {
        for role in [ColumnRole::Numeric, ColumnRole::Single, ColumnRole::Text] {
            assert_eq!(Scale::declared(role, "(1-5)", &[], ["3"]), None);
        }
        assert_eq!(
            Scale::declared(ColumnRole::Likert, "x", &labels(&["Only"]), []),
            None
        );
        // No answers, nothing stated: the common 1–5.
        assert_eq!(
            Scale::declared(ColumnRole::Likert, "x", &[], []),
            Some(Scale {
                low: 1.0,
                high: 5.0
            })
        );
    }
}
