//! The reader's text placed in the document's stored body. Coded passages count Unicode scalar
//! offsets into the body as stored ([`crate::research::highlights`]), while the reader shows a
//! note's words without their Markdown, a transcript as its turns (the interviewer's included)
//! and an interview's pain points after its notes. Every piece the reader shows says where its
//! characters are in the body, or that they are not the body's own (a break the reading adds,
//! an interviewer's turn, the pain points), so a selection in the reader is exactly a passage.

use super::{DocumentView, Marker, SearchIndex, SnippetPart};
use crate::research::documents::{self, DocumentKind};
use crate::research::markdown::{self, PlainPiece};
use crate::research::transcripts::SpeakerRole;
use rusqlite::Connection;

/// Fills `view`'s offsets from the stored body: a transcript's participant turns (the body is
/// what they said, turn after turn, a blank line between), or the text re-read and re-marked
/// from the body (a note's or typed interview's plain text, a ticket's or answer's body as is),
/// so a view never lags behind an edit the index has not taken yet.
pub fn place(
    conn: &Connection,
    index: &SearchIndex,
    view: &mut DocumentView,
    query: &str,
) -> crate::Result<()> {
    let body = documents::stored_body(conn, view.id)?;
    if !view.turns.is_empty() {
        let said: Vec<&str> = view
            .turns
            .iter()
            .filter(|t| t.turn.role == SpeakerRole::Participant)
            .map(|t| t.turn.text.as_str())
            .collect();
        // A body that is not the turns' words (never written so) places nothing.
        let placed = said.join("\n\n") == body;
        let mut at = 0u64;
        for tv in &mut view.turns {
            let participant = tv.turn.role == SpeakerRole::Participant;
            let mut within = at;
            tv.offsets = tv
                .parts
                .iter()
                .map(|p| {
                    let here = within;
                    within += p.text.chars().count() as u64;
                    (placed && participant).then_some(here)
                })
                .collect();
            if participant {
                at += tv.turn.text.chars().count() as u64 + 2;
            }
        }
        return Ok(());
    }
    let mut pieces = match view.kind {
        DocumentKind::Interview | DocumentKind::Note => markdown::plain_pieces(&body),
        _ => vec![PlainPiece {
            text: body.clone(),
            at: Some(0),
        }],
    };
    let plain: String = pieces.iter().map(|p| p.text.as_str()).collect();
    // What the index adds after the text (an interview's pain points) is shown, never placed.
    let shown: String = view.parts.iter().map(|p| p.text.as_str()).collect();
    if let Some(extra) = shown.strip_prefix(plain.as_str()) {
        pieces.push(PlainPiece {
            text: extra.to_string(),
            at: None,
        });
    }
    let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
    let marked = Marker::new(index, query, &[index.fields.body])?.mark(&text);
    let (parts, offsets) = split(&marked, &pieces, &body);
    view.matches = marked.iter().filter(|p| p.hit).count() as u64;
    view.parts = parts;
    view.offsets = offsets;
    Ok(())
}

/// Cuts the marked `parts` where `pieces` meet (both cover the same text), giving each part the
/// character offset of its text in `body`; a cut inside one part is kept only where the body
/// does not go on where the part goes on.
fn split(
    parts: &[SnippetPart],
    pieces: &[PlainPiece],
    body: &str,
) -> (Vec<SnippetPart>, Vec<Option<u64>>) {
    // Each piece's character offset in the body, counted forward from the last one.
    let mut counted = (0usize, 0u64);
    let starts: Vec<Option<u64>> = pieces
        .iter()
        .map(|p| {
            let at = p.at?;
            let (from, chars) = if at >= counted.0 { counted } else { (0, 0) };
            let c = chars + body.get(from..at)?.chars().count() as u64;
            counted = (at, c);
            Some(c)
        })
        .collect();
    let mut out = Vec::new();
    let mut offsets: Vec<Option<u64>> = Vec::new();
    let (mut piece, mut piece_byte, mut piece_chars) = (0usize, 0usize, 0u64);
    for part in parts {
        let mut rest = part.text.as_str();
        let mut fresh = true;
        while !rest.is_empty() {
            while piece < pieces.len() && piece_byte >= pieces[piece].text.len() {
                piece += 1;
                piece_byte = 0;
                piece_chars = 0;
            }
            let Some(p) = pieces.get(piece) else { break };
            let take = rest.len().min(p.text.len() - piece_byte);
            let (now, later) = rest.split_at(take);
            let at = starts[piece].map(|s| s + piece_chars);
            let follows = |prev: &SnippetPart, off: &Option<u64>| match (off, at) {
                (Some(o), Some(a)) => o + prev.text.chars().count() as u64 == a,
                (None, None) => true,
                _ => false,
            };
            match (out.last_mut(), offsets.last()) {
                (Some(prev), Some(off)) if !fresh && follows(prev, off) => prev.text.push_str(now),
                _ => {
                    out.push(SnippetPart {
                        text: now.to_string(),
                        hit: part.hit,
                    });
                    offsets.push(at);
                }
            }
            fresh = false;
            piece_byte += take;
            piece_chars += now.chars().count() as u64;
            rest = later;
        }
    }
    (out, offsets)
}

#[cfg(test)]
mod tests {
    use super::split;
    use crate::research::markdown::plain_pieces;
    use crate::search::SnippetPart;

    fn part(text: &str, hit: bool) -> SnippetPart {
        SnippetPart {
            text: text.into(),
            hit,
        }
    }

    #[test]
    fn parts_are_cut_where_the_body_jumps_and_point_into_it() {
        let body = "# Näive 🚀\n\nThe **slow** pipeline\nblocks me.";
        let pieces = plain_pieces(body);
        let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "Näive 🚀\nThe slow pipeline blocks me.");
        let at = text.find("slow").unwrap();
        let parts = vec![
            part(&text[..at], false),
            part("slow", true),
            part(&text[at + 4..], false),
        ];
        let (out, offsets) = split(&parts, &pieces, body);
        let joined: String = out.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        assert_eq!(out.iter().filter(|p| p.hit).count(), 1);
        let chars: Vec<char> = body.chars().collect();
        for (p, o) in out.iter().zip(&offsets) {
            if let Some(o) = o {
                let n = p.text.chars().count();
                let there: String = chars[*o as usize..*o as usize + n].iter().collect();
                assert_eq!(there, p.text);
            }
        }
        let slow = out.iter().position(|p| p.hit).unwrap();
        let o = offsets[slow].unwrap() as usize;
        assert_eq!(chars[o..o + 4].iter().collect::<String>(), "slow");
        // The soft break between "pipeline" and "blocks" is the reading's space, not the body's.
        assert!(out
            .iter()
            .zip(&offsets)
            .any(|(p, o)| p.text == " " && o.is_none()));
    }
}
