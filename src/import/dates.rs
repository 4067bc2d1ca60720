//! Dates and times as real exports write them: Jira (`30/Sep/21 5:20 PM`, in English, Spanish,
//! German, French, ...), ISO 8601 from GitHub and Qualtrics, Google Forms timestamps, and plain
//! numeric dates in either day order.
//!
//! [`parse`] reads one value with a small hand-written tokenizer: the text is split into number,
//! word, space and punctuation tokens, then read as a date (three parts), an optional time
//! (`h:mm[:ss[.fff]]` with an optional AM/PM marker) and an optional UTC offset. Everything is
//! returned in UTC together with the calendar date as written. [`guess_order`] decides from a
//! column's values whether `03/04/2021` means 3 April or 4 March.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// A parsed timestamp: always returned as UTC, plus the calendar date as written (before UTC
/// conversion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The instant, in UTC. A value without an offset is taken as UTC; a value without a time is
    /// midnight UTC of its date.
    pub utc: DateTime<Utc>,
    /// The calendar date as written, before any conversion to UTC.
    pub local_date: NaiveDate,
    /// Whether the value had a time of day.
    pub had_time: bool,
    /// Whether the value had an explicit UTC offset (`Z`, `+02:00`, `GMT+2`, `UTC`, ...).
    pub had_offset: bool,
}

/// How to read ambiguous numeric dates like 03/04/2021.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayOrder {
    /// Day, then month: 03/04/2021 is 3 April 2021 (most of the world).
    #[default]
    DayFirst,
    /// Month, then day: 03/04/2021 is 4 March 2021 (United States).
    MonthFirst,
}

/// Parses a date/time string from a real export. Times without an offset are taken as UTC.
///
/// Accepted shapes (separators `/`, `-`, `.`, `,` and spaces are interchangeable in the date):
/// - year first: `2024-03-01`, `2023/10/05`, ISO 8601 with `T`, fractional seconds and `Z` or
///   `±hh:mm`;
/// - day, month name, year: `30/Sep/21`, `15.Mär.24`, `15/févr./24`, `3 ago 2023`;
/// - month name, day, year: `Sep 30, 2021`;
/// - numeric day and month in the given [`DayOrder`]: `31.12.2023`, `12/31/2023`.
///
/// Two-digit years are 20xx. Month names are English, Spanish, German, French, Italian,
/// Portuguese or Dutch, full or abbreviated (any unambiguous prefix of at least three letters,
/// plus `Mrz` and `Mrt`), matched ignoring case, accents and a trailing dot. The time may carry
/// `AM`/`PM`, `a.m.`/`p.m.` or Spanish `a. m.`/`p. m.`, then an offset: `Z`, `+02:00`, `+0200`,
/// `-05`, `UTC`, `GMT`, `GMT+2`.
///
/// # Errors
/// A message quoting the value and saying what is wrong, e.g.
/// `invalid date "2026-02-30": day 30 does not exist in February 2026`.
pub fn parse(s: &str, order: DayOrder) -> Result<ParsedDate, String> {
    parse_inner(s.trim(), order).map_err(|reason| format!("invalid date \"{s}\": {reason}"))
}

/// A day a person types into the app or the CLI (an item's ship day, the first or last day a
/// view shows): any shape [`parse`] reads, numeric dates day first, taken as the calendar date
/// written (a time or offset, if given, does not move it). The one grammar for typed days, so the
/// app and the CLI accept and reject the same text with the same message.
///
/// # Errors
/// [`parse`]'s message, e.g. `invalid date "2026-02-30": day 30 does not exist in February 2026`.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    parse(s, DayOrder::DayFirst).map(|d| d.local_date)
}

/// A typed day that may be cleared: blank or `none` (any case) is `None`, anything else is read
/// by [`parse_day`].
///
/// # Errors
/// [`parse_day`]'s.
pub fn parse_optional_day(s: &str) -> Result<Option<NaiveDate>, String> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    parse_day(s).map(Some)
}

/// Guesses the day order from many samples of one column: `MonthFirst` if any sample has a second
/// number > 12 and none has a first number > 12; `DayFirst` otherwise. Only numeric dates whose
/// first part is the day or the month count (`2021-03-04` and `30/Sep/21` say nothing).
pub fn guess_order<'a>(samples: impl IntoIterator<Item = &'a str>) -> DayOrder {
    let (mut first_over_12, mut second_over_12) = (false, false);
    for sample in samples {
        if let Some((first, second)) = leading_numeric_pair(sample) {
            first_over_12 |= first > 12;
            second_over_12 |= second > 12;
        }
    }
    if second_over_12 && !first_over_12 {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    }
}

/// How a column writes its dates, told from its values by [`guess_style`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// Written dates ([`parse`]), numeric ones in this day order.
    Written(DayOrder),
    /// Unix epoch seconds (`1709287200`), UTC.
    EpochSeconds,
    /// Unix epoch milliseconds (`1709287200000`), UTC.
    EpochMillis,
}

impl Default for DateStyle {
    fn default() -> Self {
        DateStyle::Written(DayOrder::DayFirst)
    }
}

impl DateStyle {
    /// How the style is shown in a preview.
    pub fn describe(self) -> &'static str {
        match self {
            DateStyle::Written(DayOrder::DayFirst) => "dates, day first (31/12/2024)",
            DateStyle::Written(DayOrder::MonthFirst) => "dates, month first (12/31/2024)",
            DateStyle::EpochSeconds => "Unix epoch seconds (UTC)",
            DateStyle::EpochMillis => "Unix epoch milliseconds (UTC)",
        }
    }
}

/// The instants a bare number may stand for: 2000-01-01 (inclusive) to 2100-01-01 (exclusive),
/// in seconds. Outside them a number is a number (an id, a count, a price), never a date.
const EPOCH_SECONDS: std::ops::Range<u64> = 946_684_800..4_102_444_800;

/// A bare whole number read as Unix epoch seconds or milliseconds, when it falls in the
/// plausible range (2000-01-01 to 2100-01-01) for one of them; the two ranges do not overlap.
pub fn epoch(s: &str) -> Option<(DateTime<Utc>, DateStyle)> {
    let t = s.trim();
    if t.is_empty() || t.len() > 13 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = t.parse().ok()?;
    let (seconds, millis, style) = if EPOCH_SECONDS.contains(&n) {
        (n, 0, DateStyle::EpochSeconds)
    } else if (EPOCH_SECONDS.start * 1000..EPOCH_SECONDS.end * 1000).contains(&n) {
        (n / 1000, n % 1000, DateStyle::EpochMillis)
    } else {
        return None;
    };
    let utc = DateTime::from_timestamp(seconds as i64, millis as u32 * 1_000_000)?;
    Some((utc, style))
}

/// How a column writes its dates, from many of its values: Unix epoch seconds (or milliseconds)
/// when every non-empty value is one in the plausible range, else written dates in the day
/// order [`guess_order`] finds.
pub fn guess_style<'a>(samples: impl IntoIterator<Item = &'a str>) -> DateStyle {
    let values: Vec<&str> = samples
        .into_iter()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let mut styles = values.iter().map(|v| epoch(v).map(|(_, style)| style));
    match styles.next() {
        Some(Some(first)) if styles.all(|s| s == Some(first)) => first,
        _ => DateStyle::Written(guess_order(values)),
    }
}

/// Reads one value of a column in the column's [`DateStyle`]. Epoch values are UTC instants
/// (their calendar date is the UTC date).
///
/// # Errors
/// [`parse`]'s messages, or for an epoch column a value that is not an epoch in range.
pub fn parse_as(s: &str, style: DateStyle) -> Result<ParsedDate, String> {
    match style {
        DateStyle::Written(order) => parse(s, order),
        DateStyle::EpochSeconds | DateStyle::EpochMillis => match epoch(s) {
            Some((utc, found)) if found == style => Ok(ParsedDate {
                utc,
                local_date: utc.date_naive(),
                had_time: true,
                had_offset: true,
            }),
            _ => Err(format!(
                "invalid date \"{s}\": the column holds {}, so expected a whole number for an instant between 2000-01-01 and 2100-01-01",
                style.describe()
            )),
        },
    }
}

const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SHAPE_HINT: &str = "expected a date such as 2024-03-01, 31/12/2023 or 30/Sep/21";

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// ASCII digits.
    Num,
    /// Letters (any script, so `Mär` and `déc` are one word).
    Word,
    /// A run of white space (including no-break spaces).
    Space,
    /// One other character: `/`, `-`, `.`, `:`, `+`, `,`, ...
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
}

impl Token<'_> {
    fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }

    /// Only meaningful for `Num` tokens, which are ASCII digits.
    fn digits(&self) -> usize {
        self.text.len()
    }

    /// The number's value, saturating for absurdly long digit runs (they fail validation anyway).
    fn value(&self) -> u32 {
        self.text.parse().unwrap_or(u32::MAX)
    }
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let class = |c: char| {
        if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Punct
        }
    };
    let mut tokens: Vec<Token<'_>> = Vec::new();
    for (start, c) in s.char_indices() {
        let kind = class(c);
        let end = start + c.len_utf8();
        match tokens.last_mut() {
            Some(last) if last.kind == kind && kind != Kind::Punct => {
                last.text = &s[last.start..end];
            }
            _ => tokens.push(Token {
                kind,
                text: &s[start..end],
                start,
            }),
        }
    }
    tokens
}

/// A position in the token list of one input.
struct Cursor<'a> {
    input: &'a str,
    tokens: Vec<Token<'a>>,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(input: &'a str) -> Self {
        Cursor {
            input,
            tokens: tokenize(input),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<Token<'a>> {
        self.tokens.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<Token<'a>> {
        let token = self.peek();
        self.pos += usize::from(token.is_some());
        token
    }

    /// Consumes the next token if it satisfies `pred`.
    fn eat(&mut self, pred: impl Fn(&Token<'a>) -> bool) -> Option<Token<'a>> {
        match self.peek() {
            Some(token) if pred(&token) => self.bump(),
            _ => None,
        }
    }

    fn skip_while(&mut self, pred: impl Fn(&Token<'a>) -> bool) -> bool {
        let before = self.pos;
        while self.eat(&pred).is_some() {}
        self.pos > before
    }

    fn skip_spaces(&mut self) -> bool {
        self.skip_while(|t| t.kind == Kind::Space)
    }

    /// Separators allowed between the parts of a date.
    fn skip_date_separators(&mut self) -> bool {
        self.skip_while(|t| {
            t.kind == Kind::Space || ['/', '-', '.', ','].iter().any(|&c| t.is_punct(c))
        })
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// The unread rest of the input.
    fn rest(&self) -> &'a str {
        match self.peek() {
            Some(token) => &self.input[token.start..],
            None => "",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

fn parse_inner(s: &str, order: DayOrder) -> Result<ParsedDate, String> {
    if s.is_empty() {
        return Err("the value is empty".to_string());
    }
    let mut cursor = Cursor::new(s);
    let date = parse_date(&mut cursor, order)?;

    let time = if at_time_start(&mut cursor) {
        Some(parse_time(&mut cursor)?)
    } else {
        None
    };
    let offset = match time {
        Some(_) => parse_offset(&mut cursor)?,
        None => None,
    };
    cursor.skip_spaces();
    if !cursor.at_end() {
        return Err(format!("unexpected \"{}\"", cursor.rest()));
    }

    let naive = NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN));
    let utc = match offset {
        Some(offset) => offset
            .from_local_datetime(&naive)
            .single()
            .ok_or_else(|| "the time does not exist at that offset".to_string())?
            .with_timezone(&Utc),
        None => Utc.from_utc_datetime(&naive),
    };
    Ok(ParsedDate {
        utc,
        local_date: date,
        had_time: time.is_some(),
        had_offset: offset.is_some(),
    })
}

/// One of the three parts of a date, as read.
#[derive(Debug, Clone, Copy)]
enum Part<'a> {
    Num(Token<'a>),
    Month(u32),
}

fn parse_date(cursor: &mut Cursor<'_>, order: DayOrder) -> Result<NaiveDate, String> {
    let mut parts = Vec::with_capacity(3);
    for index in 0..3 {
        if index > 0 {
            cursor.skip_date_separators();
        }
        let part = match cursor.peek() {
            Some(token) if token.kind == Kind::Num => Part::Num(token),
            Some(token) if token.kind == Kind::Word => match month_from_name(token.text) {
                Ok(month) => Part::Month(month),
                // A word where the date should start is not a month that failed to parse.
                Err(_) if index == 0 => return Err(SHAPE_HINT.to_string()),
                Err(e) => return Err(e),
            },
            _ => return Err(SHAPE_HINT.to_string()),
        };
        cursor.bump();
        parts.push(part);
    }

    let (year, month, day, numeric_order) = match (parts[0], parts[1], parts[2]) {
        (Part::Num(y), Part::Num(m), Part::Num(d)) if y.digits() == 4 => (y, m.value(), d, None),
        (Part::Num(a), Part::Num(b), Part::Num(y)) => match order {
            DayOrder::DayFirst => (y, b.value(), a, Some(order)),
            DayOrder::MonthFirst => (y, a.value(), b, Some(order)),
        },
        (Part::Num(y), Part::Month(m), Part::Num(d)) if y.digits() == 4 => (y, m, d, None),
        (Part::Num(d), Part::Month(m), Part::Num(y)) => (y, m, d, None),
        (Part::Month(m), Part::Num(d), Part::Num(y)) => (y, m, d, None),
        _ => return Err(SHAPE_HINT.to_string()),
    };
    build_date(year, month, day, numeric_order)
}

fn build_date(
    year: Token<'_>,
    month: u32,
    day: Token<'_>,
    numeric_order: Option<DayOrder>,
) -> Result<NaiveDate, String> {
    let year = match year.digits() {
        4 => year.value() as i32,
        2 => 2000 + year.value() as i32,
        _ => return Err(format!("year \"{}\" must have 2 or 4 digits", year.text)),
    };
    let hint = match numeric_order {
        Some(DayOrder::DayFirst) => " (read as day/month/year)",
        Some(DayOrder::MonthFirst) => " (read as month/day/year)",
        None => "",
    };
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} does not exist{hint}"));
    }
    let month_name = MONTH_NAMES_EN[month as usize - 1];
    if day.digits() > 2 {
        return Err(format!("day \"{}\" has too many digits", day.text));
    }
    let day = day.value();
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("day {day} does not exist in {month_name} {year}{hint}"))
}

/// After the date: a time follows a space, a comma or the ISO `T`.
fn at_time_start(cursor: &mut Cursor<'_>) -> bool {
    let start = cursor.pos;
    let mut separated = cursor.skip_spaces();
    if cursor
        .eat(|t| t.is_punct(',') || (t.kind == Kind::Word && t.text.eq_ignore_ascii_case("t")))
        .is_some()
    {
        separated = true;
        cursor.skip_spaces();
    }
    let is_time = separated
        && matches!(cursor.peek(), Some(t) if t.kind == Kind::Num)
        && matches!(cursor.peek_at(1), Some(t) if t.is_punct(':'));
    if !is_time {
        cursor.pos = start;
    }
    is_time
}

fn parse_time(cursor: &mut Cursor<'_>) -> Result<NaiveTime, String> {
    let hour = cursor.bump().expect("at_time_start saw the hour");
    cursor.bump(); // ':'
    let minute = expect_two_digits(cursor, "minutes")?;
    let mut second = 0;
    let mut nano = 0;
    if cursor.eat(|t| t.is_punct(':')).is_some() {
        second = expect_two_digits(cursor, "seconds")?;
        let has_fraction = matches!(cursor.peek(), Some(t) if t.is_punct('.') || t.is_punct(','))
            && matches!(cursor.peek_at(1), Some(t) if t.kind == Kind::Num);
        if has_fraction {
            cursor.bump();
            let fraction = cursor.bump().expect("checked above");
            nano = fraction_to_nanos(fraction.text);
        }
    }
    if hour.digits() > 2 {
        return Err(format!("hour \"{}\" has too many digits", hour.text));
    }
    let mut hour = hour.value();
    match parse_meridiem(cursor) {
        Some(pm) => {
            if hour > 12 {
                let marker = if pm { "PM" } else { "AM" };
                return Err(format!("hour {hour} cannot be used with {marker}"));
            }
            hour = match (hour, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
        }
        None if hour > 23 => return Err(format!("hour {hour} does not exist")),
        None => {}
    }
    if minute > 59 {
        return Err(format!("minute {minute} does not exist"));
    }
    if second > 59 {
        return Err(format!("second {second} does not exist"));
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nano)
        .ok_or_else(|| "the time does not exist".to_string())
}

fn expect_two_digits(cursor: &mut Cursor<'_>, what: &str) -> Result<u32, String> {
    match cursor.eat(|t| t.kind == Kind::Num && t.digits() == 2) {
        Some(token) => Ok(token.value()),
        None => Err(format!("expected two digits of {what} after \":\"")),
    }
}

/// `596` → 596 000 000 ns; digits past nanoseconds are dropped.
fn fraction_to_nanos(digits: &str) -> u32 {
    digits
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0, |nanos, d| nanos * 10 + u32::from(d - b'0'))
}

/// Reads `AM`, `pm`, `a.m.`, `P.M.` or Spanish `a. m.` / `p. m.`; `Some(true)` for PM. Leaves
/// the cursor untouched when there is no marker.
fn parse_meridiem(cursor: &mut Cursor<'_>) -> Option<bool> {
    let start = cursor.pos;
    cursor.skip_spaces();
    let word = match cursor.eat(|t| t.kind == Kind::Word) {
        Some(word) => word.text.to_lowercase(),
        None => {
            cursor.pos = start;
            return None;
        }
    };
    let pm = match word.as_str() {
        "am" => Some(false),
        "pm" => Some(true),
        "a" | "p" => {
            // "a.m.", "a. m." (often with a no-break space), "a m"
            cursor.eat(|t| t.is_punct('.'));
            cursor.skip_spaces();
            cursor
                .eat(|t| t.kind == Kind::Word && t.text.eq_ignore_ascii_case("m"))
                .map(|_| word == "p")
        }
        _ => None,
    };
    match pm {
        Some(pm) => {
            cursor.eat(|t| t.is_punct('.'));
            Some(pm)
        }
        None => {
            cursor.pos = start;
            None
        }
    }
}

/// Reads an optional offset after the time: `Z`, `UTC`, `GMT`, each optionally followed by
/// `±h`, `±hh`, `±hhmm` or `±h:mm`; or the signed form alone.
fn parse_offset(cursor: &mut Cursor<'_>) -> Result<Option<FixedOffset>, String> {
    let start = cursor.pos;
    cursor.skip_spaces();
    let named = cursor
        .eat(|t| {
            t.kind == Kind::Word
                && ["z", "utc", "gmt"]
                    .iter()
                    .any(|zone| t.text.eq_ignore_ascii_case(zone))
        })
        .is_some();
    let sign = match cursor.peek() {
        Some(t) if t.is_punct('+') => 1,
        Some(t) if t.is_punct('-') || t.is_punct('\u{2212}') => -1,
        _ if named => return Ok(FixedOffset::east_opt(0)),
        _ => {
            cursor.pos = start;
            return Ok(None);
        }
    };
    cursor.bump();
    let first = cursor
        .eat(|t| t.kind == Kind::Num)
        .ok_or_else(|| "expected hours after the offset sign".to_string())?;
    let (hours, minutes) = match first.digits() {
        1 | 2 => {
            let minutes = if cursor.eat(|t| t.is_punct(':')).is_some() {
                expect_two_digits(cursor, "offset minutes")?
            } else {
                0
            };
            (first.value(), minutes)
        }
        3 | 4 => (first.value() / 100, first.value() % 100),
        _ => return Err(format!("offset \"{}\" is not ±hh:mm", first.text)),
    };
    if hours > 18 || minutes > 59 {
        return Err(format!("offset {hours:02}:{minutes:02} does not exist"));
    }
    let seconds = sign * (hours * 3600 + minutes * 60) as i32;
    Ok(FixedOffset::east_opt(seconds))
}

/// The first two numbers of a date written day/month/year or month/day/year.
fn leading_numeric_pair(sample: &str) -> Option<(u32, u32)> {
    let mut cursor = Cursor::new(sample.trim());
    let mut numbers = Vec::with_capacity(3);
    for index in 0..3 {
        if index > 0 && !cursor.skip_date_separators() {
            return None;
        }
        numbers.push(cursor.eat(|t| t.kind == Kind::Num)?);
    }
    let day_or_month = |t: &Token<'_>| t.digits() <= 2;
    if day_or_month(&numbers[0]) && day_or_month(&numbers[1]) {
        Some((numbers[0].value(), numbers[1].value()))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Month names

/// Full month names, January first, in the languages exports come in. Abbreviations are their
/// prefixes (`févr` → `février`, `Okt` → `Oktober`), so only full names are listed, without
/// accents (see [`fold_accents`]).
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "enero", "januar", "janner", "janvier", "gennaio", "janeiro", "januari",
    ],
    &[
        "february",
        "febrero",
        "februar",
        "fevrier",
        "febbraio",
        "fevereiro",
        "februari",
    ],
    &["march", "marzo", "marz", "maerz", "mars", "marco", "maart"],
    &["april", "abril", "avril", "aprile"],
    &["may", "mayo", "mai", "maggio", "maio", "mei"],
    &["june", "junio", "juni", "juin", "giugno", "junho"],
    &["july", "julio", "juli", "juillet", "luglio", "julho"],
    &["august", "agosto", "aout", "augustus"],
    &[
        "september",
        "septiembre",
        "setiembre",
        "septembre",
        "settembre",
        "setembro",
    ],
    &[
        "october", "octubre", "oktober", "octobre", "ottobre", "outubro",
    ],
    &["november", "noviembre", "novembre", "novembro"],
    &[
        "december",
        "diciembre",
        "dezember",
        "decembre",
        "dicembre",
        "dezembro",
    ],
];

/// Abbreviations that are not prefixes of a full name.
const EXTRA_ABBREVIATIONS: [(&str, u32); 2] = [("mrz", 3), ("mrt", 3)];

/// Shortest accepted prefix of a month name.
const MIN_PREFIX: usize = 3;

/// The month (1–12) a word names, ignoring case, accents and a trailing dot.
fn month_from_name(word: &str) -> Result<u32, String> {
    let key = fold_accents(&word.trim_end_matches('.').to_lowercase());
    if let Some(&(_, month)) = EXTRA_ABBREVIATIONS.iter().find(|(abbr, _)| *abbr == key) {
        return Ok(month);
    }
    let mut found = None;
    if key.chars().count() >= MIN_PREFIX {
        for (index, names) in MONTHS.iter().enumerate() {
            if names.iter().any(|name| name.starts_with(&key)) {
                let month = index as u32 + 1;
                if found.is_some_and(|m| m != month) {
                    return Err(format!("ambiguous month \"{word}\""));
                }
                found = Some(month);
            }
        }
    }
    found.ok_or_else(|| format!("unknown month \"{word}\""))
}

/// Lowercase letters with their accents removed, for the letters month names use.
fn fold_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds the expected UTC instant.
    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn day_first(s: &str) -> ParsedDate {
        parse(s, DayOrder::DayFirst).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn month_first(s: &str) -> ParsedDate {
        parse(s, DayOrder::MonthFirst).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn error(s: &str) -> String {
        match parse(s, DayOrder::DayFirst) {
            Ok(parsed) => panic!("{s:?} parsed as {parsed:?}"),
            Err(e) => e,
        }
    }

    /// Asserts a value without an offset: its UTC instant equals the written time.
    fn assert_naive(s: &str, parsed: ParsedDate, expected: DateTime<Utc>) {
        assert_eq!(parsed.utc, expected, "{s}");
        assert_eq!(parsed.local_date, expected.date_naive(), "{s}");
        assert!(parsed.had_time, "{s}");
        assert!(!parsed.had_offset, "{s}");
    }

    #[test]
    fn jira_english_two_digit_year() {
        let s = "30/Sep/21 17:20";
        assert_naive(s, day_first(s), utc(2021, 9, 30, 17, 20, 0));
    }

    #[test]
    fn jira_lowercase_month_and_pm() {
        let s = "10/nov/25 4:51 PM";
        assert_naive(s, day_first(s), utc(2025, 11, 10, 16, 51, 0));
    }

    #[test]
    fn jira_four_digit_year_and_am() {
        let s = "01/Dec/2021 09:05 AM";
        assert_naive(s, day_first(s), utc(2021, 12, 1, 9, 5, 0));
    }

    #[test]
    fn twelve_hour_clock_edges() {
        assert_eq!(
            day_first("01/Dec/21 12:05 AM").utc,
            utc(2021, 12, 1, 0, 5, 0)
        );
        assert_eq!(
            day_first("01/Dec/21 12:05 PM").utc,
            utc(2021, 12, 1, 12, 5, 0)
        );
        assert_eq!(
            day_first("01/Dec/21 11:59 pm").utc,
            utc(2021, 12, 1, 23, 59, 0)
        );
        assert_eq!(
            day_first("01/Dec/21 3:00 a.m.").utc,
            utc(2021, 12, 1, 3, 0, 0)
        );
        assert_eq!(
            day_first("01/Dec/21 3:00 P.M.").utc,
            utc(2021, 12, 1, 15, 0, 0)
        );
        assert_eq!(
            day_first("01/Dec/21 3:00PM").utc,
            utc(2021, 12, 1, 15, 0, 0)
        );
    }

    #[test]
    fn spanish_month_abbreviations() {
        let s = "15/ene/24 10:30";
        assert_naive(s, day_first(s), utc(2024, 1, 15, 10, 30, 0));
        let s = "3/ago/23 4:05 p. m.";
        assert_naive(s, day_first(s), utc(2023, 8, 3, 16, 5, 0));
        // Spanish locales put a no-break (or narrow no-break) space inside "a. m.".
        let s = "3/ago/23 4:05\u{a0}a.\u{a0}m.";
        assert_naive(s, day_first(s), utc(2023, 8, 3, 4, 5, 0));
        let s = "3/ago/23 4:05\u{202f}p.\u{202f}m.";
        assert_naive(s, day_first(s), utc(2023, 8, 3, 16, 5, 0));
        assert_eq!(day_first("1/abr/24").local_date, ymd(2024, 4, 1));
        assert_eq!(day_first("1/dic./24").local_date, ymd(2024, 12, 1));
        assert_eq!(day_first("1/sept/24").local_date, ymd(2024, 9, 1));
        assert_eq!(day_first("1/set/24").local_date, ymd(2024, 9, 1));
    }

    #[test]
    fn german_month_abbreviations() {
        let s = "15.Mär.24 10:30";
        assert_naive(s, day_first(s), utc(2024, 3, 15, 10, 30, 0));
        assert_eq!(day_first("15/Mär/24").local_date, ymd(2024, 3, 15));
        let s = "15/Dez/23 10:30";
        assert_naive(s, day_first(s), utc(2023, 12, 15, 10, 30, 0));
        assert_eq!(day_first("15/Mrz/24").local_date, ymd(2024, 3, 15));
        assert_eq!(day_first("15/Okt/24").local_date, ymd(2024, 10, 15));
        assert_eq!(day_first("15/Mai/24").local_date, ymd(2024, 5, 15));
        assert_eq!(day_first("15/Jän/24").local_date, ymd(2024, 1, 15));
        assert_eq!(day_first("15. März 2024").local_date, ymd(2024, 3, 15));
    }

    #[test]
    fn french_month_abbreviations() {
        assert_eq!(day_first("15/févr./24").local_date, ymd(2024, 2, 15));
        assert_eq!(day_first("15/janv/24").local_date, ymd(2024, 1, 15));
        assert_eq!(day_first("15/déc/24").local_date, ymd(2024, 12, 15));
        assert_eq!(day_first("15/juil./24").local_date, ymd(2024, 7, 15));
        assert_eq!(day_first("15/juin/24").local_date, ymd(2024, 6, 15));
        assert_eq!(day_first("15/août/24").local_date, ymd(2024, 8, 15));
        assert_eq!(day_first("15 FÉVRIER 2024").local_date, ymd(2024, 2, 15));
    }

    #[test]
    fn other_languages_and_month_first_names() {
        assert_eq!(day_first("15/gen/24").local_date, ymd(2024, 1, 15)); // Italian
        assert_eq!(day_first("15/out/24").local_date, ymd(2024, 10, 15)); // Portuguese
        assert_eq!(day_first("15/mrt/24").local_date, ymd(2024, 3, 15)); // Dutch
        assert_eq!(day_first("Sep 30, 2021").local_date, ymd(2021, 9, 30));
        assert_eq!(day_first("2021-Sep-30").local_date, ymd(2021, 9, 30));
    }

    #[test]
    fn month_names_ignore_case_and_trailing_dot() {
        for s in [
            "30/SEP/21",
            "30/sep/21",
            "30/Sep./21",
            "30/sEp/21",
            "30 September 2021",
        ] {
            assert_eq!(day_first(s).local_date, ymd(2021, 9, 30), "{s}");
        }
    }

    #[test]
    fn iso_with_offset_colon() {
        let p = day_first("2020-01-02 17:14:21+00:00");
        assert_eq!(p.utc, utc(2020, 1, 2, 17, 14, 21));
        assert_eq!(p.local_date, ymd(2020, 1, 2));
        assert!(p.had_time && p.had_offset);
    }

    #[test]
    fn iso_with_fraction_and_z() {
        let p = day_first("2021-09-08T00:21:11.596Z");
        assert_eq!(
            p.utc,
            utc(2021, 9, 8, 0, 21, 11) + chrono::Duration::milliseconds(596)
        );
        assert_eq!(p.local_date, ymd(2021, 9, 8));
        assert!(p.had_time && p.had_offset);
        let p = day_first("2021-09-08T00:21:11.123456789123Z");
        assert_eq!(
            p.utc,
            utc(2021, 9, 8, 0, 21, 11) + chrono::Duration::nanoseconds(123_456_789)
        );
    }

    #[test]
    fn iso_negative_offset_converts_to_utc_but_keeps_local_date() {
        let p = day_first("2024-03-01T10:00:00-05:00");
        assert_eq!(p.utc, utc(2024, 3, 1, 15, 0, 0));
        assert_eq!(p.local_date, ymd(2024, 3, 1));
        assert!(p.had_offset);
        // Crossing midnight: the written date stays the written one.
        let p = day_first("2024-03-01T23:30:00-05:00");
        assert_eq!(p.utc, utc(2024, 3, 2, 4, 30, 0));
        assert_eq!(p.local_date, ymd(2024, 3, 1));
        let p = day_first("2024-03-01T01:00:00+0530");
        assert_eq!(p.utc, utc(2024, 2, 29, 19, 30, 0));
        assert_eq!(p.local_date, ymd(2024, 3, 1));
    }

    #[test]
    fn iso_date_only() {
        let p = day_first("2024-03-01");
        assert_eq!(p.utc, utc(2024, 3, 1, 0, 0, 0));
        assert_eq!(p.local_date, ymd(2024, 3, 1));
        assert!(!p.had_time && !p.had_offset);
    }

    #[test]
    fn google_forms_timestamp_with_gmt_offset() {
        let p = day_first("2023/10/05 1:23:45 PM GMT+2");
        assert_eq!(p.utc, utc(2023, 10, 5, 11, 23, 45));
        assert_eq!(p.local_date, ymd(2023, 10, 5));
        assert!(p.had_time && p.had_offset);
        let p = day_first("2023/10/05 1:23:45 PM GMT-3:30");
        assert_eq!(p.utc, utc(2023, 10, 5, 16, 53, 45));
        let p = day_first("2023/10/05 1:23:45 PM GMT");
        assert_eq!(p.utc, utc(2023, 10, 5, 13, 23, 45));
        assert!(p.had_offset);
        let p = day_first("2023-10-05 13:23:45 UTC");
        assert_eq!(p.utc, utc(2023, 10, 5, 13, 23, 45));
        assert!(p.had_offset);
    }

    #[test]
    fn google_forms_us_timestamp() {
        let s = "10/5/2023 13:23:45";
        assert_naive(s, month_first(s), utc(2023, 10, 5, 13, 23, 45));
    }

    #[test]
    fn numeric_dates() {
        let p = day_first("31.12.2023");
        assert_eq!(p.local_date, ymd(2023, 12, 31));
        assert!(!p.had_time);
        assert_eq!(month_first("12/31/2023").local_date, ymd(2023, 12, 31));
        let s = "31/12/2023 23:59";
        assert_naive(s, day_first(s), utc(2023, 12, 31, 23, 59, 0));
        assert_eq!(day_first("03/04/2021").local_date, ymd(2021, 4, 3));
        assert_eq!(month_first("03/04/2021").local_date, ymd(2021, 3, 4));
        assert_eq!(day_first("3-4-21").local_date, ymd(2021, 4, 3));
    }

    #[test]
    fn qualtrics_timestamp() {
        let s = "2019-05-13 09:21:45";
        assert_naive(s, day_first(s), utc(2019, 5, 13, 9, 21, 45));
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(day_first("  2024-03-01 \t").local_date, ymd(2024, 3, 1));
    }

    #[test]
    fn rejects_empty() {
        assert_eq!(error(""), "invalid date \"\": the value is empty");
        assert_eq!(error("   "), "invalid date \"   \": the value is empty");
    }

    #[test]
    fn rejects_day_missing_from_month() {
        assert_eq!(
            error("2026-02-30"),
            "invalid date \"2026-02-30\": day 30 does not exist in February 2026"
        );
        assert_eq!(day_first("2024-02-29").local_date, ymd(2024, 2, 29));
        let e = error("29/02/2023");
        assert!(e.contains("day 29 does not exist in February 2023"), "{e}");
        let e = error("31/Apr/23");
        assert!(e.contains("day 31 does not exist in April 2023"), "{e}");
    }

    #[test]
    fn rejects_unknown_month() {
        assert_eq!(
            error("30/Foo/21 17:20"),
            "invalid date \"30/Foo/21 17:20\": unknown month \"Foo\""
        );
        let e = error("30/jui/21");
        assert!(e.contains("ambiguous month \"jui\""), "{e}");
    }

    #[test]
    fn rejects_time_alone_and_words() {
        let e = error("25:61");
        assert!(
            e.starts_with("invalid date \"25:61\": expected a date"),
            "{e}"
        );
        let e = error("hello");
        assert!(
            e.starts_with("invalid date \"hello\": expected a date"),
            "{e}"
        );
    }

    #[test]
    fn rejects_impossible_parts() {
        let e = error("2024-13-01");
        assert!(e.contains("month 13 does not exist"), "{e}");
        let e = error("12/31/2023");
        assert!(
            e.contains("month 31 does not exist (read as day/month/year)"),
            "{e}"
        );
        let e = error("2024-03-01 25:00");
        assert!(e.contains("hour 25 does not exist"), "{e}");
        let e = error("2024-03-01 10:61");
        assert!(e.contains("minute 61 does not exist"), "{e}");
        let e = error("2024-03-01 13:00 PM");
        assert!(e.contains("hour 13 cannot be used with PM"), "{e}");
        let e = error("2024-03-01 10:00 tomorrow");
        assert!(e.contains("unexpected \"tomorrow\""), "{e}");
        let e = error("2024-03-01 10:00+25:00");
        assert!(e.contains("offset 25:00 does not exist"), "{e}");
        let e = error("1/1/123");
        assert!(e.contains("year \"123\" must have 2 or 4 digits"), "{e}");
        let e = error("2024-03");
        assert!(e.contains("expected a date"), "{e}");
        let e = error("2024-03-01 CET");
        assert!(e.contains("unexpected \"CET\""), "{e}");
    }

    #[test]
    fn epoch_seconds_and_milliseconds_in_range_only() {
        let (at, style) = epoch("1709287200").unwrap();
        assert_eq!(style, DateStyle::EpochSeconds);
        assert_eq!(at, utc(2024, 3, 1, 10, 0, 0));
        let (at, style) = epoch(" 1709287200123 ").unwrap();
        assert_eq!(style, DateStyle::EpochMillis);
        assert_eq!(at.timestamp_millis(), 1_709_287_200_123);
        // Ordinary numbers are not dates: ids, counts, years, amounts, phone numbers.
        for n in [
            "42",
            "2024",
            "20240301",
            "123456789",
            "99999999999",
            "5551234567890",
            "-1709287200",
            "1709287200.5",
            "",
        ] {
            assert_eq!(epoch(n), None, "{n}");
        }
        // The bounds: 2000-01-01 is in, 2100-01-01 is out.
        assert!(epoch("946684800").is_some());
        assert!(epoch("946684799").is_none());
        assert!(epoch("4102444799").is_some());
        assert!(epoch("4102444800").is_none());
    }

    #[test]
    fn a_column_is_epoch_only_when_every_value_is() {
        assert_eq!(
            guess_style(["1709287200", "", "1709373600"]),
            DateStyle::EpochSeconds
        );
        assert_eq!(
            guess_style(["1709287200000", "1709373600000"]),
            DateStyle::EpochMillis
        );
        // Mixed units, or an ordinary number among them: written dates.
        assert_eq!(
            guess_style(["1709287200", "1709373600000"]),
            DateStyle::Written(DayOrder::DayFirst)
        );
        assert_eq!(
            guess_style(["03/04/2021", "12/25/2021"]),
            DateStyle::Written(DayOrder::MonthFirst)
        );
        assert_eq!(guess_style([""]), DateStyle::Written(DayOrder::DayFirst));
        let d = parse_as("1709287200", DateStyle::EpochSeconds).unwrap();
        assert_eq!(d.local_date, ymd(2024, 3, 1));
        let err = parse_as("2024-03-01", DateStyle::EpochSeconds).unwrap_err();
        assert!(err.contains("Unix epoch seconds"), "{err}");
        assert!(parse_as("1709287200", DateStyle::Written(DayOrder::DayFirst)).is_err());
    }

    #[test]
    fn guess_order_from_samples() {
        assert_eq!(
            guess_order(["03/04/2021", "12/25/2021"]),
            DayOrder::MonthFirst
        );
        assert_eq!(
            guess_order(["25/12/2021", "03/04/2021"]),
            DayOrder::DayFirst
        );
        assert_eq!(guess_order(["03/04/2021"]), DayOrder::DayFirst);
        assert_eq!(guess_order(Vec::<&str>::new()), DayOrder::DayFirst);
        // Contradictory columns fall back to day first.
        assert_eq!(
            guess_order(["25/12/2021", "12/25/2021"]),
            DayOrder::DayFirst
        );
        // ISO dates, month names and times say nothing about the order.
        assert_eq!(
            guess_order([
                "2021-12-25",
                "30/Sep/21",
                "10/5/2023 13:23:45",
                "10/25/2023 1:00 PM"
            ]),
            DayOrder::MonthFirst
        );
        assert_eq!(guess_order(["2021-25-12", "13:25"]), DayOrder::DayFirst);
    }

    #[test]
    fn typed_days_read_day_first_and_clear_on_blank_or_none() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_day("2026-03-14"), Ok(day(2026, 3, 14)));
        assert_eq!(parse_day("03/04/2026"), Ok(day(2026, 4, 3)));
        // The date as written, not moved by the offset.
        assert_eq!(parse_day("2026-03-14T23:30:00-05:00"), Ok(day(2026, 3, 14)));
        assert_eq!(parse_optional_day("  "), Ok(None));
        assert_eq!(parse_optional_day("None"), Ok(None));
        assert_eq!(
            parse_optional_day("14 Mar 2026"),
            Ok(Some(day(2026, 3, 14)))
        );
        assert_eq!(
            parse_optional_day("2026-02-30"),
            Err("invalid date \"2026-02-30\": day 30 does not exist in February 2026".into())
        );
    }
}
