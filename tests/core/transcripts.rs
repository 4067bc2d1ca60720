//! The transcript reader on real third-party transcripts (`../shared/data`, skipped when absent)
//! and on Word documents these tests write.

use crate::common;

use groundwork::import::transcript::{
    self, guess_interviewers, speakers, Transcript, TranscriptFormat, Turn,
};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

fn read(dir: &Path, name: &str) -> Transcript {
    let bytes = std::fs::read(dir.join(name)).unwrap();
    let format = transcript::detect(name, &bytes);
    let t = transcript::parse(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(format, Some(t.format), "{name}: detect and parse agree");
    t
}

/// Speakers in order of first appearance.
fn names(t: &Transcript) -> Vec<String> {
    speakers(t).into_iter().map(|s| s.speaker).collect()
}

/// The first turn whose text holds `needle`.
fn turn_with<'a>(t: &'a Transcript, needle: &str) -> &'a Turn {
    t.turns
        .iter()
        .find(|turn| turn.text.contains(needle))
        .unwrap_or_else(|| panic!("no turn holds {needle:?}"))
}

fn speaker_of(t: &Transcript, needle: &str) -> Option<String> {
    turn_with(t, needle).speaker.clone()
}

/// No markup, timing or cue id left in any turn, no empty turn, and adjacent turns of one speaker
/// merged.
fn assert_clean(name: &str, t: &Transcript) {
    for turn in &t.turns {
        for bad in ["<v", "</v>", "-->", "**", "a1b2c3d4-", "WEBVTT"] {
            assert!(
                !turn.text.contains(bad),
                "{name} line {}: {bad:?} in {:?}",
                turn.line,
                turn.text
            );
        }
        assert_eq!(turn.text, turn.text.trim(), "{name} line {}", turn.line);
        assert!(!turn.text.is_empty(), "{name} line {}", turn.line);
        assert!(
            turn.text
                .lines()
                .all(|l| !l.trim().chars().all(|c| c.is_ascii_digit())),
            "{name} line {}: a cue number as text in {:?}",
            turn.line,
            turn.text
        );
    }
    for pair in t.turns.windows(2) {
        assert!(
            pair[0].speaker.is_none() || pair[0].speaker != pair[1].speaker,
            "{name}: lines {} and {} are one speaker's turn, not merged",
            pair[0].line,
            pair[1].line
        );
    }
}

#[test]
fn every_real_transcript_is_detected_with_its_speakers() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    use TranscriptFormat::*;
    let expected: &[(&str, TranscriptFormat, usize)] = &[
        ("zoom_ethereum-acdc175_raw.vtt", ZoomVtt, 7),
        ("teams-style_guid-cue-ids_fixture.vtt", TeamsVtt, 5),
        ("podcast_buzzsprout_speaker-on-turn-change.vtt", ZoomVtt, 3),
        ("talk_no-indexes_utf8-bom.srt", Srt, 0),
        ("interview-bot_host-guest_wallclock.srt", Srt, 2),
        ("otter-md_bold-speakers_ladybug-58-python.md", Otter, 4),
        ("teams-docx-as-text_sample.txt", OldTeams, 3),
        ("fossrit-mismatches_jackie-2.md", SpeakerText, 2),
        // `Interviewer2 2:` (a typo in the source) is kept as written: a fourth name.
        ("mlss-quality_interview-02_fr.txt", SpeakerText, 4),
    ];
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ext = name.rsplit('.').next().unwrap_or("");
        if !["vtt", "srt", "txt", "md"].contains(&ext) {
            continue;
        }
        let &(_, format, count) = expected
            .iter()
            .find(|e| e.0 == name)
            .unwrap_or_else(|| panic!("{name}: a new file in shared data, add its facts here"));
        let t = read(&dir, &name);
        assert_eq!(t.format, format, "{name}");
        assert_eq!(names(&t).len(), count, "{name}: {:?}", names(&t));
        assert_clean(&name, &t);
        seen.push(name);
    }
    assert_eq!(seen.len(), expected.len(), "every listed file was read");
}

#[test]
fn zoom_vtt_with_crlf_handles_and_organisations_in_names() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "zoom_ethereum-acdc175_raw.vtt");
    assert_eq!(
        names(&t),
        [
            "Josh Davis",
            "Justin Florentine (Besu)",
            "stokes",
            "Parithosh Jayanthi",
            "pk910",
            "Justin Traglia",
            "Trent"
        ]
    );
    let first = &t.turns[0];
    assert_eq!(first.speaker.as_deref(), Some("Josh Davis"));
    assert_eq!(first.text, "Can I get a quick mic check, please?");
    assert_eq!(
        first.start_ms,
        Some(5 * 60_000 + 31_760),
        "first cue at 00:05:31.760"
    );
    assert_eq!(first.line, 4);
    // Cues 3 to 5 are stokes': one turn, ids and timings gone.
    let stokes = turn_with(&t, "Hello. Let's see. Maybe one more minute");
    assert_eq!(stokes.speaker.as_deref(), Some("stokes"));
    assert!(stokes
        .text
        .contains("and then we'll get started. Okay, Josh, are you helping"));
    assert_eq!(stokes.start_ms, Some(5 * 60_000 + 55_550));
    let last = t.turns.last().unwrap();
    assert_eq!(
        (last.speaker.as_deref(), last.text.as_str()),
        (Some("Justin Florentine (Besu)"), "Dinosaurs!")
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    assert!(!t.turns.iter().any(|turn| turn.text.contains('\r')));
    assert!(
        guess_interviewers(&t).is_empty(),
        "a call, nobody interviews"
    );
}

#[test]
fn teams_vtt_voices_over_two_lines_and_guid_cue_ids() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "teams-style_guid-cue-ids_fixture.vtt");
    assert_eq!(
        names(&t),
        [
            "Sarah Chen",
            "Emily Watson",
            "James Kim",
            "Lisa Patel",
            "Mike Rodriguez"
        ]
    );
    assert_eq!(t.turns.len(), 9, "18 cues, each speaker's pair merged");
    assert_eq!(
        t.turns[0].text,
        "Welcome to the Morning Coffee Chat! Today we're discussing vacation planning for summer."
    );
    assert_eq!(
        speaker_of(&t, "Tuesday afternoons often have the best deals."),
        Some("James Kim".into())
    );
    let last = t.turns.last().unwrap();
    assert_eq!(last.speaker.as_deref(), Some("Sarah Chen"));
    assert!(last.text.ends_with("talk about home organization tips."));
}

#[test]
fn podcast_vtt_names_a_speaker_only_when_the_turn_changes() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "podcast_buzzsprout_speaker-on-turn-change.vtt");
    assert_eq!(t.encoding, "utf-8-bom");
    assert_eq!(names(&t), ["Travis", "Sarah", "Gilon"]);
    let order: Vec<&str> = t
        .turns
        .iter()
        .map(|turn| turn.speaker.as_deref().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "Travis", "Sarah", "Travis", "Gilon", "Travis", "Gilon", "Travis", "Sarah", "Gilon",
            "Travis"
        ],
        "one turn per label in the file"
    );
    assert!(t.turns[0]
        .text
        .starts_with("When you first get started in podcasting, it's almost guaranteed that you're going to make a handful of rookie mistakes"));
    // The unlabelled cue after Gilon's question is still Gilon.
    let gilon = turn_with(
        &t,
        "So is there an ideal podcast length, short answer? Nope. Joe Rogan",
    );
    assert_eq!(gilon.speaker.as_deref(), Some("Gilon"));
    assert!(t
        .turns
        .last()
        .unwrap()
        .text
        .ends_with("the next best thing to do is to batch your episodes."));
}

#[test]
fn srt_without_numbers_and_srt_with_wall_clock_hours() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "talk_no-indexes_utf8-bom.srt");
    assert_eq!(t.encoding, "utf-8-bom");
    assert_eq!(t.turns.len(), 7, "one turn per cue: nobody is named");
    assert!(t.turns.iter().all(|turn| turn.speaker.is_none()));
    assert_eq!(t.turns[0].start_ms, Some(6_500));
    assert_eq!(
        t.turns[0].text,
        "About 2 months ago I found myself on the comment section of YouTube"
    );

    let t = read(&dir, "interview-bot_host-guest_wallclock.srt");
    assert_eq!(names(&t), ["Guest", "Host"]);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(t.turns[0].text, "web3 and blockchaain");
    assert_eq!(
        t.turns[0].start_ms,
        Some((18 * 3600 + 16 * 60 + 56) * 1000 + 181)
    );
    // The fourth cue's paragraphs after blank lines stay in the Host's turn.
    let host = turn_with(
        &t,
        "Secondly, web3 technologies are still in their early stages",
    );
    assert_eq!(host.speaker.as_deref(), Some("Host"));
    assert!(host.text.starts_with("There are several challenges"));
    assert!(host
        .text
        .contains("\nFinally, there is the issue of scalability."));
    assert_eq!(guess_interviewers(&t), ["Host"]);
}

#[test]
fn otter_markdown_with_bold_names_and_an_unknown_speaker() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "otter-md_bold-speakers_ladybug-58-python.md");
    assert_eq!(names(&t), ["Ali", "Kelly", "Emma", "Unknown Speaker"]);
    assert_eq!(
        t.turns.len(),
        110,
        "110 headers, none adjacent for one speaker"
    );
    assert!(t.turns[0]
        .text
        .starts_with("Normally, we talk more about front end development"));
    assert_eq!(t.turns[1].start_ms, Some(19_000));
    assert_eq!(
        speaker_of(&t, "That was the year I graduated from high school."),
        Some("Unknown Speaker".into())
    );
    let last = t.turns.last().unwrap();
    assert_eq!(last.speaker.as_deref(), Some("Kelly"));
    assert_eq!(last.start_ms, Some(35 * 60_000 + 58_000));
}

#[test]
fn old_teams_text_layout() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "teams-docx-as-text_sample.txt");
    let turns: Vec<(Option<&str>, Option<u64>, &str)> = t
        .turns
        .iter()
        .map(|turn| (turn.speaker.as_deref(), turn.start_ms, turn.text.as_str()))
        .collect();
    assert_eq!(
        turns,
        [
            (Some("Person A"), Some(0), "Hello"),
            (Some("Person B"), Some(3_410), "Hello! How are you?"),
            (
                Some("Person C"),
                Some(4_590),
                "Great. We went to Contoso Steakhouse located at midtown NYC last week for a dinner party."
            ),
        ]
    );
}

#[test]
fn research_interviews_with_a_preamble_and_continuation_paragraphs() {
    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    let t = read(&dir, "fossrit-mismatches_jackie-2.md");
    assert_eq!(names(&t), ["MEL", "JACKIE"]);
    assert_eq!(t.turns.len(), 107);
    let first = &t.turns[0];
    assert_eq!(
        first.line, 11,
        "the licence header and `# BEGIN TRANSCRIPT` are no turn"
    );
    assert!(first
        .text
        .starts_with("When you're ready, we'll start the transcript"));
    assert!(t
        .turns
        .iter()
        .all(|turn| !turn.text.contains("Copyright") && !turn.text.contains("BEGIN TRANSCRIPT")));
    assert_eq!(
        t.warnings,
        [(1, "text before the first speaker turn skipped".to_string())]
    );
    // An unlabelled paragraph continues MEL's turn.
    let mel = turn_with(&t, "And so, at the end of last time, I asked you");
    assert_eq!(mel.speaker.as_deref(), Some("MEL"));
    assert!(mel.text.starts_with("You're on your phone right now."));
    assert_eq!(t.turns.last().unwrap().text, "Bye.");

    let t = read(&dir, "mlss-quality_interview-02_fr.txt");
    assert_eq!(
        names(&t),
        [
            "Interviewer1",
            "Interviewee1",
            "Interviewer2",
            "Interviewer2 2"
        ]
    );
    assert!(t.turns[0]
        .text
        .starts_with("OK donc en gros, les objectifs de l'entrevue"));
    assert_eq!(t.turns[1].text, "Oui, vous avez mon consentement.");
    // ` Interviewee1 : ` with a leading space, and lines without a label continue the turn.
    assert_eq!(
        speaker_of(&t, "c'est exactement ça."),
        Some("Interviewee1".into())
    );
    let cont = turn_with(&t, "Donc de temps en temps ça peut être assez difficile.");
    assert_eq!(cont.speaker.as_deref(), Some("Interviewee1"));
    assert!(cont.text.starts_with("c'est exactement ça, c'est toujours"));
    assert_eq!(
        guess_interviewers(&t),
        ["Interviewer1", "Interviewer2", "Interviewer2 2"]
    );
}

#[test]
fn cncf_platform_interviews() {
    let Some(dir) = common::shared_data("interviews/cncf-platform-as-a-product") else {
        return;
    };
    // (file, speakers, first words, a sentence, its speaker)
    let expected: &[(&str, &[&str], &str, &str, &str)] = &[
        (
            "Interview-001_transcript.txt",
            &["Person A", "Person C", "Person B"],
            "Were you working platforms before this company?",
            "2015. I say 2014.",
            "Person C",
        ),
        (
            "interview-002_transcript.txt",
            &["Person A", "Person B", "Person C"],
            "Okay, great, okay, how long have you been work on platforms?",
            "Yes, I lead the infrastructure platform team.",
            "Person B",
        ),
        (
            "interview-003_transcript.txt",
            &["Person A", "Person C", "Person D", "Person B"],
            "Okay, we're okay. So, a little background to start with.",
            "In love for about three years now.",
            "Person C",
        ),
        (
            "interview-004_transcript.txt",
            &["Person A", "Person B", "Person C"],
            "All right. Let's jump in.",
            "I really started knowing about platform engineering back at KubeCon 2022 in Valencia.",
            "Person B",
        ),
        (
            "interview-005_transcript.txt",
            &["Person A", "Person B"],
            "How long have you been working on platforms?",
            "Since 2016 - so 8 years",
            "Person B",
        ),
        (
            "interview-006_transcript.txt",
            &["Person A", "Person B", "Person C", "Person D"],
            "The first question is about your background",
            "I would probably say I started in that direction around 2009 or 2010.",
            "Person C",
        ),
    ];
    for &(name, who, start, sentence, speaker) in expected {
        let t = read(&dir, name);
        assert_eq!(t.format, TranscriptFormat::SpeakerText, "{name}");
        assert_eq!(names(&t), who, "{name}");
        assert_clean(name, &t);
        assert_eq!(t.turns[0].speaker.as_deref(), Some("Person A"), "{name}");
        assert!(
            t.turns[0].text.starts_with(start),
            "{name}: {}",
            t.turns[0].text
        );
        assert_eq!(speaker_of(&t, sentence).as_deref(), Some(speaker), "{name}");
        // Person A asks the questions in every one of them.
        assert_eq!(guess_interviewers(&t), ["Person A"], "{name}");
    }
    // 005 opens with `Role:` / `Company Size:` lines and `Transcript` before the first turn.
    let t = read(&dir, "interview-005_transcript.txt");
    assert_eq!(t.turns[0].line, 5);
    assert!(t
        .turns
        .iter()
        .all(|turn| !turn.text.contains("Company Size")));
    // 002: lines after a turn without a blank line continue it, one paragraph a line.
    let t = read(&dir, "interview-002_transcript.txt");
    let turn = turn_with(&t, "So we're releasing in those specific channels.");
    assert_eq!(turn.speaker.as_deref(), Some("Person B"));
    assert!(turn.text.contains("\nSo we're releasing"));
}

#[test]
fn the_interview_script_and_qda_exchange_files_are_not_transcripts() {
    let Some(dir) = common::shared_data("interviews/cncf-platform-as-a-product") else {
        return;
    };
    let script = std::fs::read(dir.join("interview-script.md")).unwrap();
    assert_eq!(transcript::detect("interview-script.md", &script), None);
    assert!(transcript::parse("interview-script.md", &script).is_err());
    let licence = std::fs::read(dir.join("LICENSE")).unwrap();
    assert_eq!(transcript::detect("LICENSE", &licence), None);

    let Some(dir) = common::shared_data("transcripts") else {
        return;
    };
    for name in [
        "maxqda24_icls-themes.qdpx",
        "atlasti23_codes-only.qdpx",
        "taguette141_codebook.qdc",
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(transcript::detect(name, &bytes), None, "{name}");
        let err = transcript::parse(name, &bytes).unwrap_err();
        assert!(!err.contains(name), "the caller names the file: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Word documents

/// A minimal DOCX holding `body` (the children of `<w:body>`).
fn docx(body: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    )
    .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

fn para(runs: &str) -> String {
    format!(r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>{runs}</w:p>"#)
}

fn run(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn an_otter_or_meet_word_export() {
    let body = [
        para(&run("Call with Acme")),
        para(""),
        // The name, a tab, then the time, split over runs.
        para(&format!(
            "{}{}<w:r><w:tab/><w:t>0:03</w:t></w:r>",
            run("Dana "),
            run("Smith")
        )),
        // A run split mid-word, an entity and a line break.
        para(&format!(
            "{}{}<w:r><w:br/><w:t>Builds &amp; deploys?</w:t></w:r>",
            run("How long have you wor"),
            run("ked here?")
        )),
        para(&run("Lee Chan  00:00:09")),
        para(&run("Five years.")),
        "<w:p/>".to_string(),
        para(&run("Dana Smith  0:15")),
        para(&run("Why?")),
    ]
    .concat();
    let bytes = docx(&body);
    assert_eq!(
        transcript::detect("call.docx", &bytes),
        Some(TranscriptFormat::Docx)
    );
    let t = transcript::parse("call.docx", &bytes).unwrap();
    assert_eq!(t.format, TranscriptFormat::Docx);
    let turns: Vec<(Option<&str>, Option<u64>, &str, u64)> = t
        .turns
        .iter()
        .map(|turn| {
            (
                turn.speaker.as_deref(),
                turn.start_ms,
                turn.text.as_str(),
                turn.line,
            )
        })
        .collect();
    assert_eq!(
        turns,
        [
            (
                Some("Dana Smith"),
                Some(3_000),
                "How long have you worked here?\nBuilds & deploys?",
                3
            ),
            (Some("Lee Chan"), Some(9_000), "Five years.", 5),
            (Some("Dana Smith"), Some(15_000), "Why?", 8),
        ]
    );
    assert_eq!(
        t.warnings,
        [(1, "text before the first speaker turn skipped".to_string())],
        "warnings name the paragraph"
    );
    assert_eq!(
        guess_interviewers(&t),
        Vec::<String>::new(),
        "two questions are not clearly an interviewer"
    );
}

#[test]
fn a_teams_word_export_with_timings() {
    let body = [
        para(&run("00:00:03.120 --&gt; 00:00:05.000")),
        para(&run("Dana Smith")),
        para(&format!("{}{}", run("Hello every"), run("one."))),
        para(&run("00:00:05.000 --> 00:00:07.500")),
        para(&run("Dana Smith")),
        para(&run("Shall we start?")),
        para(&run("00:00:08.000 --> 00:00:09.000")),
        para(&run("Lee Chan")),
        para(&run("Yes.")),
    ]
    .concat();
    let bytes = docx(&body);
    let t = transcript::parse("meeting.docx", &bytes).unwrap();
    assert_eq!(t.format, TranscriptFormat::Docx);
    let turns: Vec<(Option<&str>, Option<u64>, &str, u64)> = t
        .turns
        .iter()
        .map(|turn| {
            (
                turn.speaker.as_deref(),
                turn.start_ms,
                turn.text.as_str(),
                turn.line,
            )
        })
        .collect();
    assert_eq!(
        turns,
        [
            (
                Some("Dana Smith"),
                Some(3_120),
                "Hello everyone. Shall we start?",
                1
            ),
            (Some("Lee Chan"), Some(8_000), "Yes.", 7),
        ]
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn broken_word_documents_are_refused_with_a_reason() {
    // A ZIP archive that is not a Word document.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("project.qde", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<Project/>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let err = transcript::parse("x.docx", &bytes).unwrap_err();
    assert!(err.contains("without word/document.xml"), "{err}");
    // A cut-off archive.
    let whole = docx(&para(&run("Dana: hi")));
    let err = transcript::parse("x.docx", &whole[..whole.len() / 2]).unwrap_err();
    assert!(err.contains("ZIP"), "{err}");
    // Malformed XML.
    let err = transcript::parse("x.docx", &docx("<w:p><w:r><w:t>a</w:x></w:p>")).unwrap_err();
    assert!(err.contains("not well-formed XML"), "{err}");
    // A Word document with prose and no turns.
    let err = transcript::parse("x.docx", &docx(&para(&run("Just some notes.")))).unwrap_err();
    assert_eq!(err, "no speaker turns or cues found");
}

// ---------------------------------------------------------------------------------------------
// Any text

/// What `parse` promises for any input, and `detect` agreeing with it (the fuzz target
/// `transcript_parse` checks the same on arbitrary bytes).
fn assert_promises(name: &str, bytes: &[u8]) {
    let detected = transcript::detect(name, bytes);
    let Ok(t) = transcript::parse(name, bytes) else {
        assert_eq!(detected, None);
        return;
    };
    assert_eq!(detected, Some(t.format));
    assert!(!t.turns.is_empty());
    for turn in &t.turns {
        assert!(
            !turn.text.is_empty() && turn.text == turn.text.trim(),
            "{turn:?}"
        );
        assert!(turn.line >= 1, "{turn:?}");
        assert!(turn
            .speaker
            .as_deref()
            .is_none_or(|s| !s.is_empty() && s == s.trim()));
    }
    for pair in t.turns.windows(2) {
        assert!(
            pair[0].speaker.is_none() || pair[0].speaker != pair[1].speaker,
            "{pair:?}"
        );
    }
    assert!(t.warnings.windows(2).all(|w| w[0].0 <= w[1].0));
    let total: f64 = speakers(&t).iter().map(|s| s.share).sum();
    assert!(total == 0.0 || (total - 1.0).abs() < 1e-6, "{total}");
}

/// Pieces of the transcript layouts, and characters that end or split lines and names.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "WEBVTT", "\n", "\n\n", "\r\n", "\r", "-->", " --> ", "00:00:01.000", "00:01,500",
            "0:0:3.41", "1:02:03", "99:59", "9999999999:00", "<v ", "<v.loud ", ">", "</v>", "<",
            "<i>", "<00:01.000>", "&amp;", "&#", ";", "**", ": ", ":", " : ", "Dana", "Person A",
            "MEL", "Q", "stokes", "Note", "NOTE", "STYLE", "1", "a1b2-c3/1-0", "# ", "- ", "?",
            "  ", "\t", "http://x", "Unknown Speaker  0:03", "[00:01:02]",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec!['\u{feff}', '\u{0}', '\u{85}', '\u{2028}', 'É', '🎙', '？'])
            .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

proptest! {
    // A fixed seed: one verdict per commit.
    #![proptest_config(ProptestConfig {
        cases: 2048,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7472_616e_7363),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_is_read_or_refused_and_keeps_the_promises(
        pieces in prop::collection::vec(piece(), 0..80),
        ext in prop::sample::select(vec!["vtt", "srt", "md", "txt"]),
    ) {
        let text = pieces.concat();
        assert_promises(&format!("f.{ext}"), text.as_bytes());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_promises(&format!("f.{ext}"), &utf16);
    }
}
