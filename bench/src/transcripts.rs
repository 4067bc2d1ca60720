//! Deterministic one-hour interview transcripts about developer-platform pain, written twice: as
//! Zoom-style WebVTT (`Name: text` cues of 2–4 seconds) and as plain Markdown notes holding the
//! same turns' text as paragraphs, without speaker labels (the baseline of `transcripts`).
//!
//! An interviewer asks questions (most of their turns end in `?`, so the importer's guess names
//! them); one to three participants answer with the Jira generator's vocabulary (see
//! [`crate::generate`]). About 9 500 words per hour, as people speak. Every byte is a function of
//! the file number, the length and the seed.

use crate::generate::{Generator, Theme, FIRST_NAMES, LAST_NAMES, TEAMS, THEMES};
use crate::rng::Rng;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// A word that only every [`RARE_EVERY`]th interview holds (the "rare word" query).
pub const RARE_WORD: &str = "mainframe";
/// Which interviews hold [`RARE_WORD`]: file numbers divisible by this.
pub const RARE_EVERY: u64 = 17;

/// Milliseconds of speech per word: 9 500 words an hour with the pauses between turns.
const MS_PER_WORD: u64 = 355;

/// Questions per theme (same order as [`THEMES`]'s labels), filled like ticket text.
const QUESTIONS: &[(&str, &[&str])] = &[
    (
        "ci",
        &[
            "Can you walk me through what happens when you push to {repo}?",
            "How long does a typical pipeline on {ci} take for your team?",
            "What do you do while you wait for the build?",
        ],
    ),
    (
        "flaky-test",
        &[
            "How often does {test} fail for you, roughly?",
            "When a test is flaky, who decides what to do with it?",
        ],
    ),
    (
        "deploy",
        &[
            "What happened the last time a deploy of {svc} to {env} failed?",
            "How do you roll back today, step by step?",
        ],
    ),
    (
        "kubernetes",
        &[
            "How do you decide what to put in the {k8s} for {svc}?",
            "Where did you copy your chart from when you started?",
        ],
    ),
    (
        "secrets",
        &[
            "How do you find out that the {secret} is about to expire?",
            "What does rotating a credential look like for {svc}?",
        ],
    ),
    (
        "on-call",
        &[
            "When you get paged for {alert}, what do you look at first?",
            "How many pages did you get on your last on-call week?",
        ],
    ),
    (
        "docs",
        &[
            "Where do you look for documentation about {docs}?",
            "What did your first week look like when you joined?",
        ],
    ),
    (
        "dev-env",
        &[
            "How do you run {svc} on your laptop?",
            "How long does it take to get {tool} running from scratch?",
        ],
    ),
];

/// Questions that fit any theme.
const FOLLOW_UPS: &[&str] = &[
    "Could you say more about that?",
    "How much time does that cost you in a week?",
    "Is that the same for the rest of {team}?",
    "And how did you work around it?",
    "If you could change one thing there, what would it be?",
    "Who else is affected when that happens?",
];

/// What the interviewer says before a question, sometimes.
const ACKS: &[&str] = &[
    "Okay, that makes sense.",
    "Got it, thanks.",
    "Interesting.",
    "Right, I see.",
    "Thanks, that is really helpful.",
];

/// How an answer starts.
const OPENERS: &[&str] = &[
    "Yeah, good question.",
    "Honestly, it depends on the week.",
    "Hmm, let me think.",
    "Right.",
    "So, basically, it goes like this.",
    "Oh, that one. I think I can answer that.",
];

/// Said by participants between the theme's sentences.
const ASIDES: &[&str] = &[
    "I think that is the main thing for us.",
    "And that happens more often than you would think.",
    "We talked about it in the retro, but nothing changed.",
    "Everyone on the team has a story like that.",
    "It is not a disaster, it is just friction every single day.",
];

/// One cue: start and end in milliseconds, and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// Start, ms from the beginning of the recording.
    pub start_ms: u64,
    /// End, ms.
    pub end_ms: u64,
    /// The words said in it, space-separated.
    pub text: String,
}

/// One speaker's turn: what they said, cut into cues.
#[derive(Debug, Clone, PartialEq)]
pub struct GenTurn {
    /// The speaker's name.
    pub speaker: String,
    /// True for the interviewer.
    pub interviewer: bool,
    /// The turn's text (the cues' text joined with spaces).
    pub text: String,
    /// The cues.
    pub cues: Vec<Cue>,
}

/// One generated interview.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    /// The file stem (`interview-007`).
    pub name: String,
    /// Turns in order; two adjacent turns never have the same speaker.
    pub turns: Vec<GenTurn>,
}

impl Interview {
    /// The interview as Zoom writes a WebVTT transcript: numbered cues, `Name: text`.
    pub fn vtt(&self) -> String {
        let mut out = String::from("WEBVTT\n");
        let mut n = 0;
        for t in &self.turns {
            for c in &t.cues {
                n += 1;
                let _ = write!(
                    out,
                    "\n{n}\n{} --> {}\n{}: {}\n",
                    clock(c.start_ms),
                    clock(c.end_ms),
                    t.speaker,
                    c.text
                );
            }
        }
        out
    }

    /// The same turns' text as Markdown notes: a paragraph per turn, no speaker labels.
    pub fn notes(&self) -> String {
        let mut out = String::new();
        for t in &self.turns {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&t.text);
        }
        out.push('\n');
        out
    }

    /// Words said.
    pub fn words(&self) -> u64 {
        self.turns
            .iter()
            .map(|t| t.text.split_whitespace().count() as u64)
            .sum()
    }
}

/// `hh:mm:ss.mmm`.
fn clock(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Interview number `i` of a set generated with `seed`, `minutes` long.
pub fn interview(i: u64, minutes: u64, seed: u64) -> Interview {
    // Each file has its own stream, so file i is the same whatever the number of files.
    let rng = Rng::new(seed ^ (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut gen = Generator::new(rng);
    let team = *gen.rng.pick(TEAMS);
    let mut names: Vec<String> = Vec::new();
    let speakers = 1 + gen.rng.range(1, 3) as usize;
    while names.len() < speakers {
        let name = format!("{} {}", gen.rng.pick(FIRST_NAMES), gen.rng.pick(LAST_NAMES));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let interviewer = names.remove(0);
    let participants = names;
    let end_ms = minutes * 60_000;
    let mut turns: Vec<GenTurn> = Vec::new();
    let mut at = gen.rng.range(500, 3_000);
    let mut rare = i.is_multiple_of(RARE_EVERY);
    let mut last_participant = usize::MAX;
    // The first question is an introduction.
    let mut question = format!(
        "Thanks for joining, everyone. I would like to hear how {team} works with the platform today. Could you start with what slows you down most?"
    );
    while at < end_ms {
        at = push(&mut turns, &mut gen.rng, &interviewer, true, &question, at);
        // One to three answers, from different participants in a row.
        let theme = *gen.rng.pick(THEMES);
        let answers = if participants.len() == 1 {
            1
        } else {
            gen.rng.range(1, participants.len().min(3) as u64)
        };
        for _ in 0..answers {
            let mut p = gen.rng.below(participants.len() as u64) as usize;
            if p == last_participant && participants.len() > 1 {
                p = (p + 1) % participants.len();
            }
            last_participant = p;
            let mut text = answer(&mut gen, theme, team);
            if rare && gen.rng.chance(20) {
                rare = false;
                text.push_str(&format!(
                    " We still have one batch job on the old {RARE_WORD} that nobody dares to touch."
                ));
            }
            at = push(&mut turns, &mut gen.rng, &participants[p], false, &text, at);
        }
        last_participant = usize::MAX;
        question = ask(&mut gen, theme, team);
    }
    Interview {
        name: format!("interview-{:03}", i + 1),
        turns,
    }
}

/// The interviewer's next turn: sometimes an acknowledgement, then a question on the theme just
/// discussed or a follow-up.
fn ask(gen: &mut Generator, theme: Theme, team: &str) -> String {
    let mut text = String::new();
    if gen.rng.chance(40) {
        let ack: &&str = gen.rng.pick(ACKS);
        text.push_str(ack);
        text.push(' ');
    }
    let on_theme = QUESTIONS
        .iter()
        .find(|(label, _)| *label == theme.label)
        .map_or(&[][..], |(_, q)| *q);
    let template = if on_theme.is_empty() || gen.rng.chance(35) {
        *gen.rng.pick(FOLLOW_UPS)
    } else {
        *gen.rng.pick(on_theme)
    };
    text.push_str(&gen.fill(template, team));
    text
}

/// A participant's answer: an opener, then two to five of the theme's sentences (in order from a
/// random start, as tickets take them), sometimes an aside.
fn answer(gen: &mut Generator, theme: Theme, team: &str) -> String {
    let mut text = String::from(*gen.rng.pick(OPENERS));
    let first = gen.rng.below(theme.sentences.len() as u64) as usize;
    let count = gen.rng.range(2, 5) as usize;
    for k in 0..count {
        let template = theme.sentences[(first + k) % theme.sentences.len()];
        let sentence = gen.fill(template, team);
        text.push(' ');
        text.push_str(&sentence);
        if gen.rng.chance(20) {
            text.push(' ');
            let aside: &&str = gen.rng.pick(ASIDES);
            text.push_str(aside);
        }
    }
    text
}

/// Adds a turn said from `at` (ms), cut into cues of 5–10 words (2–4 s each); returns when the
/// next turn starts.
fn push(
    turns: &mut Vec<GenTurn>,
    rng: &mut Rng,
    speaker: &str,
    interviewer: bool,
    text: &str,
    mut at: u64,
) -> u64 {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut cues = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut n = rng.range(5, 10) as usize;
        if words.len() - i < n + 3 {
            // No cue of one or two words at the end of a turn.
            n = words.len() - i;
        }
        let len = (n as u64 * MS_PER_WORD).clamp(2_000, 4_000);
        cues.push(Cue {
            start_ms: at,
            end_ms: at + len,
            text: words[i..i + n].join(" "),
        });
        at += len + rng.below(120);
        i += n;
    }
    turns.push(GenTurn {
        speaker: speaker.to_string(),
        interviewer,
        text: words.join(" "),
        cues,
    });
    at + rng.range(300, 1_200)
}

/// What [`write_folders`] wrote.
#[derive(Debug, Clone)]
pub struct Folders {
    /// The WebVTT transcripts.
    pub vtt: PathBuf,
    /// The same text as Markdown notes.
    pub notes: PathBuf,
    /// Bytes of all transcripts.
    pub vtt_bytes: u64,
    /// Bytes of all notes.
    pub notes_bytes: u64,
    /// Words in all interviews.
    pub words: u64,
    /// Turns in all interviews.
    pub turns: u64,
}

/// Writes `files` interviews of `minutes` each into `dir/vtt/*.vtt` and `dir/notes/*.md`.
pub fn write_folders(dir: &Path, files: u64, minutes: u64, seed: u64) -> io::Result<Folders> {
    let mut out = Folders {
        vtt: dir.join("vtt"),
        notes: dir.join("notes"),
        vtt_bytes: 0,
        notes_bytes: 0,
        words: 0,
        turns: 0,
    };
    std::fs::create_dir_all(&out.vtt)?;
    std::fs::create_dir_all(&out.notes)?;
    for i in 0..files {
        let iv = interview(i, minutes, seed);
        let vtt = iv.vtt();
        let notes = iv.notes();
        std::fs::write(out.vtt.join(format!("{}.vtt", iv.name)), &vtt)?;
        std::fs::write(out.notes.join(format!("{}.md", iv.name)), &notes)?;
        out.vtt_bytes += vtt.len() as u64;
        out.notes_bytes += notes.len() as u64;
        out.words += iv.words();
        out.turns += iv.turns.len() as u64;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use groundwork::import::transcript::{self, TranscriptFormat};

    #[test]
    fn same_seed_same_interview_and_files_do_not_depend_on_the_count() {
        let a = interview(4, 60, 7);
        assert_eq!(a, interview(4, 60, 7));
        assert_eq!(a.vtt(), interview(4, 60, 7).vtt());
        assert_ne!(a.vtt(), interview(4, 60, 8).vtt(), "another seed");
        assert_ne!(a.vtt(), interview(5, 60, 7).vtt(), "another file");
        let dir = tempfile::tempdir().unwrap();
        let small = write_folders(&dir.path().join("a"), 2, 5, 7).unwrap();
        let large = write_folders(&dir.path().join("b"), 3, 5, 7).unwrap();
        for name in ["interview-001.vtt", "interview-002.vtt"] {
            assert_eq!(
                std::fs::read(small.vtt.join(name)).unwrap(),
                std::fs::read(large.vtt.join(name)).unwrap()
            );
        }
    }

    #[test]
    fn an_hour_is_9_to_10k_words_in_2_to_4_second_cues_and_reads_as_zoom_vtt() {
        for i in 0..3 {
            let iv = interview(i, 60, crate::generate::DEFAULT_SEED);
            let words = iv.words();
            assert!((9_000..=10_000).contains(&words), "{words} words");
            let last = iv.turns.last().unwrap().cues.last().unwrap();
            // An hour, give or take the pause after the last turn.
            assert!(
                (3_590_000..3_700_000).contains(&last.end_ms),
                "{}",
                last.end_ms
            );
            for c in iv.turns.iter().flat_map(|t| &t.cues) {
                assert!((2_000..=4_000).contains(&(c.end_ms - c.start_ms)));
            }
            for pair in iv.turns.windows(2) {
                assert_ne!(pair[0].speaker, pair[1].speaker);
            }
            // The importer's reader gives back exactly the generated turns, and the notes hold
            // the same text, a paragraph per turn.
            let t = transcript::parse("x.vtt", iv.vtt().as_bytes()).unwrap();
            assert_eq!(t.format, TranscriptFormat::ZoomVtt);
            assert!(t.warnings.is_empty(), "{:?}", t.warnings);
            let read: Vec<(&str, &str)> = t
                .turns
                .iter()
                .map(|t| (t.speaker.as_deref().unwrap(), t.text.as_str()))
                .collect();
            let made: Vec<(&str, &str)> = iv
                .turns
                .iter()
                .map(|t| (t.speaker.as_str(), t.text.as_str()))
                .collect();
            assert_eq!(read, made);
            let notes = iv.notes();
            let paragraphs: Vec<&str> = notes.trim_end().split("\n\n").collect();
            let texts: Vec<&str> = made.iter().map(|(_, text)| *text).collect();
            assert_eq!(paragraphs, texts);
            // The interviewer is the one the importer guesses.
            let interviewer = &iv.turns.iter().find(|t| t.interviewer).unwrap().speaker;
            assert_eq!(
                transcript::guess_interviewers(&t),
                std::slice::from_ref(interviewer)
            );
        }
        assert!(interview(0, 60, 1).notes().contains(RARE_WORD));
        assert!(!interview(1, 60, 1).notes().contains(RARE_WORD));
    }
}
