//! Custom scoring formulas: arithmetic over item inputs and evidence statistics, parsed and
//! evaluated by `exmex` (numbers, variables, + − × ÷ ^, sqrt, ln, log10, abs, exp, round, floor,
//! ceil, and the infix `min` / `max`). The language has no assignment, no loops, no strings and
//! no I/O, so a formula cannot do anything but compute a number; names are checked against
//! [`super::VARIABLES`] when the formula is saved.

use super::{slot, unknown_variable, NV};
use crate::error::{Error, Result};
use exmex::prelude::*;

/// Longest formula, in characters.
pub const MAX_FORMULA_CHARS: usize = 1_000;

/// A parsed, checked formula.
#[derive(Debug, Clone)]
pub struct Formula {
    expr: FlatEx<f64>,
    /// Slot of each variable, in the order `exmex` wants their values (alphabetical).
    slots: Vec<usize>,
}

impl Formula {
    /// Parses `text`. Errors name the field `formula` and say what is wrong in words.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("formula", "the formula is empty"));
        }
        if text.chars().count() > MAX_FORMULA_CHARS {
            return Err(Error::invalid(
                "formula",
                format!("a formula has at most {MAX_FORMULA_CHARS} characters"),
            ));
        }
        if text.contains(['{', '}']) {
            return Err(Error::invalid(
                "formula",
                "braces are not part of the formula language; use input names such as reach or effort",
            ));
        }
        let expr = FlatEx::<f64>::parse(text).map_err(|e| {
            Error::invalid(
                "formula",
                format!("cannot read the formula {text:?}: {}", e.msg()),
            )
        })?;
        let mut slots = Vec::new();
        for name in expr.var_names() {
            match slot(name) {
                Some(s) => slots.push(s),
                None => return Err(unknown_variable("formula", name)),
            }
        }
        if slots.is_empty() {
            return Err(Error::invalid(
                "formula",
                "the formula reads no inputs, so every item would get the same score",
            ));
        }
        let f = Formula { expr, slots };
        // Evaluating once on ones catches what only shows at run time (e.g. a wrong arity).
        f.expr
            .eval(&vec![1.0; f.slots.len()])
            .map_err(|e| Error::invalid("formula", format!("cannot evaluate: {}", e.msg())))?;
        Ok(f)
    }

    /// The slots of the variables it reads, without repeats.
    pub fn slots(&self) -> &[usize] {
        &self.slots
    }

    /// Evaluates on a value row. `None` when the result is not a finite number (a division by
    /// zero, the log of a negative number, ...).
    pub fn eval(&self, row: &[f64; NV]) -> Option<f64> {
        let mut vals = [0.0; NV];
        for (k, &s) in self.slots.iter().enumerate() {
            vals[k] = row[s];
        }
        self.expr
            .eval(&vals[..self.slots.len()])
            .ok()
            .filter(|v| v.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roadmap::var;

    fn row(pairs: &[(usize, f64)]) -> [f64; NV] {
        let mut r = [f64::NAN; NV];
        for &(s, v) in pairs {
            r[s] = v;
        }
        r
    }

    #[test]
    fn evaluates_over_named_inputs_in_any_order() {
        let f = Formula::parse("reach * impact * confidence / effort").unwrap();
        let r = row(&[
            (var::REACH, 200.0),
            (var::IMPACT, 2.0),
            (var::CONFIDENCE, 0.8),
            (var::EFFORT, 4.0),
        ]);
        assert_eq!(f.eval(&r), Some(80.0));
        let g = Formula::parse("sqrt(people) + 2 ^ 3 + (tickets max interviews)").unwrap();
        let r = row(&[
            (var::PEOPLE, 16.0),
            (var::TICKETS, 3.0),
            (var::INTERVIEWS, 5.0),
        ]);
        assert_eq!(g.eval(&r), Some(17.0));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let msg = |t: &str| Formula::parse(t).unwrap_err().to_string();
        assert!(msg("reach * rech").contains("unknown input \"rech\""));
        assert!(msg("reach * (impact").contains("cannot read the formula"));
        assert!(msg("").contains("empty"));
        assert!(msg("2 + 3").contains("reads no inputs"));
        assert!(msg("{reach}").contains("braces"));
        match Formula::parse("reach +") {
            Err(Error::InvalidInput { field, .. }) => assert_eq!(field.as_deref(), Some("formula")),
            other => panic!("expected invalid input, got {other:?}"),
        }
    }

    #[test]
    fn a_division_by_zero_is_no_score_not_infinity() {
        let f = Formula::parse("reach / effort").unwrap();
        assert_eq!(f.eval(&row(&[(var::REACH, 1.0), (var::EFFORT, 0.0)])), None);
    }
}
