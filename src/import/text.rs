//! Decoding imported files into text: byte-order marks, UTF-16 (with or without a BOM), UTF-8,
//! and the Windows-1252 fallback that spreadsheet exports from Windows still produce.
//!
//! [`decode`] takes a whole file's bytes and returns the text without any byte-order mark, plus
//! the [`Encoding`] it was read with; [`open`] streams a file the same way. Files that look binary
//! are rejected with a message the caller wraps with the file name.

use std::fmt;

/// Which text encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 starting with the byte-order mark `EF BB BF` (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little-endian (Excel's "Unicode text"), with or without the BOM `FF FE`.
    Utf16Le,
    /// UTF-16 big-endian, with or without the BOM `FE FF`.
    Utf16Be,
    /// Windows-1252, the Western European code page; also used for Latin-1 (ISO-8859-1).
    Windows1252,
}

/// How many leading bytes are inspected when guessing BOM-less UTF-16.
const UTF16_SNIFF_BYTES: usize = 4 * 1024;
/// How many leading bytes of decoded text are inspected for control characters.
const CONTROL_SNIFF_BYTES: usize = 64 * 1024;
/// How many leading bytes of a streamed file decide whether it is binary: a NUL byte there (or
/// mostly control characters) is a binary file; a NUL byte further on is a stray byte in a text
/// export, removed and reported with its line.
pub const BINARY_SNIFF_BYTES: usize = 8 * 1024;
/// Lines with stray NUL bytes listed one by one in a report (the rest are counted).
const MAX_NUL_LINES: usize = 100;
/// Text with more than this share (in percent) of control characters is treated as binary.
const MAX_CONTROL_PERCENT: usize = 10;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

impl Encoding {
    /// The canonical name: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or `windows-1252`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// Reads an encoding name as a user would type it, ignoring case, surrounding spaces and
    /// `_` versus `-`. Accepts the canonical names plus `utf8`, `utf8-bom`, `utf-16` / `utf16`
    /// (little-endian, as Windows means it), `utf16le`, `utf16be`, `cp1252`, and `latin1` /
    /// `latin-1` / `iso-8859-1` (read as Windows-1252, a superset for printable text).
    pub fn parse(s: &str) -> Option<Encoding> {
        let name = s.trim().to_ascii_lowercase().replace('_', "-");
        let encoding = match name.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-8-bom" | "utf8-bom" => Encoding::Utf8Bom,
            "utf-16le" | "utf16le" | "utf-16" | "utf16" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" => {
                Encoding::Windows1252
            }
            _ => return None,
        };
        Some(encoding)
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decodes a whole file's bytes. `forced` overrides detection.
///
/// Detection, in order: the UTF-8 byte-order mark; the UTF-16 LE / BE marks; BOM-less UTF-16,
/// guessed from NUL bytes in alternating positions over the first 4 KiB; valid UTF-8; otherwise
/// Windows-1252. A forced `utf-8` or `utf-8-bom` accepts the text with or without the mark and
/// reports which one it found; a forced UTF-16 strips its own mark when present.
///
/// Returns the text without the byte-order mark, and the encoding used. Empty input is
/// `("", Utf8)`.
///
/// # Errors
/// Messages meant to be wrapped with the file name by the caller: the file looks binary (a NUL
/// byte in text that is not UTF-16, or more than 10% control characters other than tab, CR, LF
/// and form feed in the first 64 KiB), it is not valid UTF-8 although UTF-8 was forced or its
/// byte-order mark says so, or it has an odd number of bytes for UTF-16.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<(String, Encoding), String> {
    let (text, encoding) = match forced {
        Some(Encoding::Utf8 | Encoding::Utf8Bom) => decode_utf8_forced(bytes)?,
        Some(Encoding::Utf16Le) => (
            decode_utf16(bytes, Encoding::Utf16Le, "")?,
            Encoding::Utf16Le,
        ),
        Some(Encoding::Utf16Be) => (
            decode_utf16(bytes, Encoding::Utf16Be, "")?,
            Encoding::Utf16Be,
        ),
        Some(Encoding::Windows1252) => {
            reject_nul(bytes)?;
            (decode_windows1252(bytes), Encoding::Windows1252)
        }
        None => detect_and_decode(bytes)?,
    };
    reject_control_characters(&text)?;
    Ok((text, encoding))
}

/// [`decode`] for a whole file read at once, as lenient as [`open`]: whether a byte-oriented file
/// is binary is decided by its first [`BINARY_SNIFF_BYTES`]; a NUL byte further on is a stray byte
/// (real exports carry terminal output), dropped, and its line listed in the [`StrayNuls`]
/// returned. UTF-16 text is read as [`decode`] reads it.
///
/// # Errors
/// As [`decode`].
pub fn decode_lenient(
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<(String, Encoding, StrayNuls), String> {
    let stray = StrayNuls::default();
    let utf16 = match forced {
        Some(e) => matches!(e, Encoding::Utf16Le | Encoding::Utf16Be),
        None => {
            bytes.starts_with(UTF16LE_BOM)
                || bytes.starts_with(UTF16BE_BOM)
                || guess_bomless_utf16(bytes).is_some()
        }
    };
    let Some(first) = (!utf16).then(|| memchr_nul(bytes)).flatten() else {
        let (text, encoding) = decode(bytes, forced)?;
        return Ok((text, encoding, stray));
    };
    if first < BINARY_SNIFF_BYTES {
        reject_nul(&bytes[..first + 1])?;
    }
    let mut cleaned = Vec::with_capacity(bytes.len());
    let mut reader = DropNuls {
        inner: bytes,
        line: 1,
        log: stray.clone(),
    };
    std::io::Read::read_to_end(&mut reader, &mut cleaned)
        .map_err(|e| format!("cannot read it: {e}"))?;
    let (text, encoding) = decode(&cleaned, forced)?;
    Ok((text, encoding, stray))
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn detect_and_decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        let text = std::str::from_utf8(rest).map_err(|e| {
            format!(
                "starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte offset {}",
                UTF8_BOM.len() + e.valid_up_to()
            )
        })?;
        reject_nul(bytes)?;
        return Ok((text.to_string(), Encoding::Utf8Bom));
    }
    if bytes.starts_with(UTF16LE_BOM) {
        return Ok((
            decode_utf16(bytes, Encoding::Utf16Le, "")?,
            Encoding::Utf16Le,
        ));
    }
    if bytes.starts_with(UTF16BE_BOM) {
        return Ok((
            decode_utf16(bytes, Encoding::Utf16Be, "")?,
            Encoding::Utf16Be,
        ));
    }
    if let Some(encoding) = guess_bomless_utf16(bytes) {
        let note = " (guessed from its NUL bytes: it has no byte-order mark)";
        return Ok((decode_utf16(bytes, encoding, note)?, encoding));
    }
    reject_nul(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
        Err(_) => Ok((decode_windows1252(bytes), Encoding::Windows1252)),
    }
}

/// UTF-8 as the caller asked: an optional BOM, then strictly valid UTF-8.
fn decode_utf8_forced(bytes: &[u8]) -> Result<(String, Encoding), String> {
    let (rest, encoding, skipped) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, Encoding::Utf8Bom, UTF8_BOM.len()),
        None => (bytes, Encoding::Utf8, 0),
    };
    let text = std::str::from_utf8(rest).map_err(|e| {
        format!(
            "not valid UTF-8 at byte offset {}",
            skipped + e.valid_up_to()
        )
    })?;
    reject_nul(bytes)?;
    Ok((text.to_string(), encoding))
}

/// Decodes UTF-16 in the given byte order, dropping a leading mark of that order. Unpaired
/// surrogates become U+FFFD. `note` is appended to the odd-length message.
fn decode_utf16(bytes: &[u8], encoding: Encoding, note: &str) -> Result<String, String> {
    let (codec, bom) = match encoding {
        Encoding::Utf16Be => (encoding_rs::UTF_16BE, UTF16BE_BOM),
        _ => (encoding_rs::UTF_16LE, UTF16LE_BOM),
    };
    if bytes.len() % 2 == 1 {
        return Err(format!(
            "is {} bytes long, an odd number, so it cannot be {} text{note}; \
             the file may be truncated or in another encoding",
            bytes.len(),
            encoding.name().to_uppercase()
        ));
    }
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    let (text, _had_errors) = codec.decode_without_bom_handling(body);
    Ok(text.into_owned())
}

fn decode_windows1252(bytes: &[u8]) -> String {
    let (text, _had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Guesses BOM-less UTF-16 from where the NUL bytes fall: mostly-ASCII UTF-16LE text has a zero
/// in almost every odd position and almost none in even positions (the reverse for BE).
fn guess_bomless_utf16(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    let pairs = sample.len() / 2;
    if pairs == 0 {
        return None;
    }
    let (mut even_zeros, mut odd_zeros) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even_zeros += usize::from(pair[0] == 0);
        odd_zeros += usize::from(pair[1] == 0);
    }
    // "Many" is more than 40% of the pairs, "few" at most 5%.
    let many = |zeros: usize| zeros * 100 > pairs * 40;
    let few = |zeros: usize| zeros * 100 <= pairs * 5;
    if many(odd_zeros) && few(even_zeros) {
        Some(Encoding::Utf16Le)
    } else if many(even_zeros) && few(odd_zeros) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn reject_nul(bytes: &[u8]) -> Result<(), String> {
    match bytes.iter().position(|&b| b == 0) {
        Some(offset) => Err(format!(
            "looks like a binary file, not text (NUL byte at offset {offset})"
        )),
        None => Ok(()),
    }
}

fn reject_control_characters(text: &str) -> Result<(), String> {
    let mut end = text.len().min(CONTROL_SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (mut total, mut control) = (0usize, 0usize);
    for c in text[..end].chars() {
        total += 1;
        control += usize::from(c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\x0C'));
    }
    if total > 0 && control * 100 > total * MAX_CONTROL_PERCENT {
        return Err(format!(
            "looks like a binary file, not text ({}% control characters)",
            control * 100 / total
        ));
    }
    Ok(())
}

/// Bytes read at a time when streaming.
const STREAM_CHUNK: usize = 256 * 1024;

/// An open text file, decoded to UTF-8 as it is read: memory stays bounded whatever its size.
pub struct TextStream {
    /// UTF-8 bytes of the file's text (BOM removed).
    pub reader: Box<dyn std::io::Read + Send>,
    /// The encoding it is read with.
    pub encoding: Encoding,
    /// Line breaks in the file: an upper bound of its rows, for progress.
    pub lines: u64,
    /// The lines stray NUL bytes were dropped from, filled as the reader reads.
    pub stray: StrayNuls,
}

/// Opens `path` for streaming. Detection looks at the first 64 KiB (byte-order marks, UTF-16 NUL
/// patterns) and checks the whole file for UTF-8 validity in one bounded pass; whether the file
/// is binary is decided by its first [`BINARY_SNIFF_BYTES`] alone (a NUL byte there, or mostly
/// control characters). A NUL byte further on is a stray byte in a text export: the reader drops
/// it and [`TextStream::stray`] lists its line. The same messages as [`decode`] explain a
/// rejection.
pub fn open(path: &std::path::Path, forced: Option<Encoding>) -> Result<TextStream, String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = Vec::with_capacity(CONTROL_SNIFF_BYTES);
    (&mut file)
        .take(CONTROL_SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read it: {e}"))?;
    let sniffed = match forced {
        Some(e) => e,
        None if head.starts_with(UTF8_BOM) => Encoding::Utf8Bom,
        None if head.starts_with(UTF16LE_BOM) => Encoding::Utf16Le,
        None if head.starts_with(UTF16BE_BOM) => Encoding::Utf16Be,
        None => guess_bomless_utf16(&head).unwrap_or(Encoding::Utf8),
    };
    let utf16 = matches!(sniffed, Encoding::Utf16Le | Encoding::Utf16Be);
    if utf16 && size % 2 == 1 {
        return Err(format!(
            "is {size} bytes long, an odd number, so it cannot be {} text; \
             the file may be truncated or in another encoding",
            sniffed.name().to_uppercase()
        ));
    }
    if !utf16 {
        reject_nul(&head[..head.len().min(BINARY_SNIFF_BYTES)])?;
    }
    // One bounded pass over the whole file: count lines, check UTF-8. A NUL byte past the start
    // is not a reason to refuse the file: the reader below drops it and logs its line.
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read it: {e}"))?;
    let mut lines = 0u64;
    let mut offset = 0u64;
    let mut carry: Vec<u8> = Vec::new();
    let mut utf8_ok = true;
    let mut buf = vec![0u8; STREAM_CHUNK];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| format!("cannot read it: {e}"))?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        if !utf16 && utf8_ok && sniffed != Encoding::Windows1252 {
            carry.extend_from_slice(chunk);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) if e.error_len().is_none() => {
                    // An incomplete character at the end of the chunk: finish it next time.
                    carry.drain(..e.valid_up_to());
                }
                Err(e) => {
                    let at = offset + n as u64 - carry.len() as u64 + e.valid_up_to() as u64;
                    match sniffed {
                        Encoding::Utf8Bom if forced.is_none() => {
                            return Err(format!("starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte offset {at}"))
                        }
                        Encoding::Utf8 | Encoding::Utf8Bom if forced.is_some() => {
                            return Err(format!("not valid UTF-8 at byte offset {at}"))
                        }
                        _ => utf8_ok = false,
                    }
                }
            }
        }
        offset += n as u64;
    }
    if !carry.is_empty() && utf8_ok && matches!(sniffed, Encoding::Utf8 | Encoding::Utf8Bom) {
        if forced.is_some() {
            return Err(format!(
                "not valid UTF-8 at byte offset {}",
                size - carry.len() as u64
            ));
        }
        utf8_ok = false;
    }
    let encoding = if !utf16 && !utf8_ok && forced.is_none() {
        Encoding::Windows1252
    } else {
        sniffed
    };
    // The same binary check as `decode`, on the decoded head.
    let (head_text, _) = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => (String::from_utf8_lossy(&head).into_owned(), ()),
        Encoding::Windows1252 => (decode_windows1252(&head), ()),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let even = &head[..head.len() - head.len() % 2];
            let codec = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            (codec.decode_without_bom_handling(even).0.into_owned(), ())
        }
    };
    let mut sniff = head_text.len().min(BINARY_SNIFF_BYTES);
    while !head_text.is_char_boundary(sniff) {
        sniff -= 1;
    }
    reject_control_characters(&head_text[..sniff])?;
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read it: {e}"))?;
    let codec = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
    };
    // Decodes as it reads; a byte-order mark of the chosen encoding is dropped.
    let reader = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(codec))
        .strip_bom(true)
        .build(std::io::BufReader::with_capacity(STREAM_CHUNK, file));
    let stray = StrayNuls::default();
    // A NUL byte is a stray byte only in a byte-oriented text; in UTF-16 a U+0000 is a character
    // of the text, kept as `decode` keeps it (the two readers read alike).
    let reader: Box<dyn std::io::Read + Send> = if utf16 {
        Box::new(reader)
    } else {
        Box::new(DropNuls {
            inner: reader,
            line: 1,
            log: stray.clone(),
        })
    };
    Ok(TextStream {
        reader,
        encoding,
        lines,
        stray,
    })
}

/// The lines a [`TextStream`] dropped NUL bytes from, shared with the reader (which may run on
/// another thread).
#[derive(Debug, Clone, Default)]
pub struct StrayNuls(std::sync::Arc<std::sync::Mutex<NulLog>>);

#[derive(Debug, Default)]
struct NulLog {
    /// The first lines holding NUL bytes, each with how many it held.
    lines: Vec<(u64, u64)>,
    /// NUL bytes dropped in all.
    total: u64,
    /// Lines holding them in all.
    line_count: u64,
    /// The last line one was found on.
    last_line: u64,
}

impl StrayNuls {
    /// One message per line that held NUL bytes (the first [`MAX_NUL_LINES`], then one for the
    /// rest), each with its 1-based line.
    pub fn messages(&self) -> Vec<(u64, String)> {
        let log = match self.0.lock() {
            Ok(log) => log,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut out: Vec<(u64, String)> = log
            .lines
            .iter()
            .map(|&(line, n)| {
                let what = if n == 1 {
                    "a NUL byte".to_string()
                } else {
                    format!("{n} NUL bytes")
                };
                (
                    line,
                    format!("{what} removed (a stray byte in a text file, not part of any value)"),
                )
            })
            .collect();
        let listed: u64 = log.lines.iter().map(|(_, n)| n).sum();
        if log.total > listed {
            let last = log.lines.last().map_or(0, |(l, _)| *l);
            out.push((
                last,
                format!(
                    "{} more NUL bytes removed on {} more lines",
                    log.total - listed,
                    log.line_count - log.lines.len() as u64
                ),
            ));
        }
        out
    }
}

/// Decoded text with NUL bytes removed (a UTF-8 NUL byte is only ever U+0000), noting each line
/// that held one.
struct DropNuls<R> {
    inner: R,
    line: u64,
    log: StrayNuls,
}

impl<R: std::io::Read> std::io::Read for DropNuls<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            if memchr::memchr(0, &buf[..n]).is_none() {
                self.line += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
                return Ok(n);
            }
            let mut kept = 0;
            let mut log = match self.log.0.lock() {
                Ok(log) => log,
                Err(poisoned) => poisoned.into_inner(),
            };
            for i in 0..n {
                let b = buf[i];
                if b == 0 {
                    log.total += 1;
                    if log.last_line != self.line {
                        log.last_line = self.line;
                        log.line_count += 1;
                        if log.lines.len() < MAX_NUL_LINES {
                            log.lines.push((self.line, 0));
                        }
                    }
                    if let Some((line, count)) = log.lines.last_mut() {
                        if *line == self.line {
                            *count += 1;
                        }
                    }
                    continue;
                }
                if b == b'\n' {
                    self.line += 1;
                }
                buf[kept] = b;
                kept += 1;
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

/// The character an XML entity reference stands for: a character reference (`&#233;`, `&#x2F;`)
/// or one of XML's five predefined entities; `None` for any other (a DTD's own entities are never
/// expanded). For every XML reader (DOCX transcripts, REFI-QDA projects).
pub fn xml_entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => quick_xml::escape::resolve_predefined_entity(r).and_then(|s| s.chars().next()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Café ünïcödé — “quotes”";

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    fn with_prefix(prefix: &[u8], body: &[u8]) -> Vec<u8> {
        [prefix, body].concat()
    }

    /// Deterministic pseudo-random bytes (a linear congruential generator).
    fn noise(len: usize, mut seed: u32) -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (seed >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn names_round_trip_through_parse() {
        for encoding in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1252,
        ] {
            assert_eq!(Encoding::parse(encoding.name()), Some(encoding));
            assert_eq!(
                Encoding::parse(&encoding.name().to_uppercase()),
                Some(encoding)
            );
            assert_eq!(encoding.to_string(), encoding.name());
        }
    }

    #[test]
    fn parse_accepts_aliases() {
        assert_eq!(Encoding::parse("utf8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::parse(" UTF_8 "), Some(Encoding::Utf8));
        assert_eq!(Encoding::parse("UTF-16"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::parse("utf16"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::parse("CP1252"), Some(Encoding::Windows1252));
        assert_eq!(Encoding::parse("latin1"), Some(Encoding::Windows1252));
        assert_eq!(Encoding::parse("ISO-8859-1"), Some(Encoding::Windows1252));
        assert_eq!(Encoding::parse("ebcdic"), None);
        assert_eq!(Encoding::parse(""), None);
    }

    #[test]
    fn plain_utf8_round_trips() {
        assert_eq!(
            decode(SAMPLE.as_bytes(), None),
            Ok((SAMPLE.to_string(), Encoding::Utf8))
        );
    }

    #[test]
    fn utf8_bom_is_detected_and_stripped() {
        let bytes = with_prefix(UTF8_BOM, SAMPLE.as_bytes());
        assert_eq!(
            decode(&bytes, None),
            Ok((SAMPLE.to_string(), Encoding::Utf8Bom))
        );
    }

    #[test]
    fn utf16le_with_bom_round_trips() {
        let bytes = with_prefix(UTF16LE_BOM, &utf16le(SAMPLE));
        assert_eq!(
            decode(&bytes, None),
            Ok((SAMPLE.to_string(), Encoding::Utf16Le))
        );
    }

    #[test]
    fn utf16be_with_bom_round_trips() {
        let bytes = with_prefix(UTF16BE_BOM, &utf16be(SAMPLE));
        assert_eq!(
            decode(&bytes, None),
            Ok((SAMPLE.to_string(), Encoding::Utf16Be))
        );
    }

    #[test]
    fn windows1252_round_trips_through_encoding_rs() {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(SAMPLE);
        assert!(!unmappable);
        assert_eq!(
            decode(&bytes, None),
            Ok((SAMPLE.to_string(), Encoding::Windows1252))
        );
    }

    #[test]
    fn excel_unicode_text_is_tab_separated_utf16le_with_bom() {
        let table = "Key\tSummary\tReporter\r\nOPS-1\tDéploiement bloqué\tJosé\r\n";
        let bytes = with_prefix(UTF16LE_BOM, &utf16le(table));
        let (text, encoding) = decode(&bytes, None).unwrap();
        assert_eq!(encoding, Encoding::Utf16Le);
        assert_eq!(text, table);
        assert_eq!(text.lines().nth(1).unwrap().split('\t').count(), 3);
    }

    #[test]
    fn bomless_utf16le_is_guessed() {
        let text = "id,title\n1,Café crash on login\n2,“Slow” builds\n";
        assert_eq!(
            decode(&utf16le(text), None),
            Ok((text.to_string(), Encoding::Utf16Le))
        );
    }

    #[test]
    fn bomless_utf16be_is_guessed() {
        let text = "id,title\n1,Café crash on login\n";
        assert_eq!(
            decode(&utf16be(text), None),
            Ok((text.to_string(), Encoding::Utf16Be))
        );
    }

    #[test]
    fn windows1252_curly_quotes_and_accents() {
        let bytes = b"\x93Caf\xe9\x94 \x96 na\xefve";
        assert_eq!(
            decode(bytes, None),
            Ok(("“Café” – naïve".to_string(), Encoding::Windows1252))
        );
    }

    #[test]
    fn forced_encoding_wins_over_detection() {
        // Valid UTF-8 ("é" is C3 A9), but the caller says it is Windows-1252.
        let bytes = "Café".as_bytes();
        assert_eq!(
            decode(bytes, Some(Encoding::Windows1252)),
            Ok(("CafÃ©".to_string(), Encoding::Windows1252))
        );
        // Looks like UTF-16LE to the sniffer, read as UTF-16BE on request.
        let bytes = utf16le("AB");
        assert_eq!(
            decode(&bytes, Some(Encoding::Utf16Be)),
            Ok(("\u{4100}\u{4200}".to_string(), Encoding::Utf16Be))
        );
        // Forced UTF-16 strips its own mark.
        let bytes = with_prefix(UTF16LE_BOM, &utf16le("hi"));
        assert_eq!(
            decode(&bytes, Some(Encoding::Utf16Le)),
            Ok(("hi".to_string(), Encoding::Utf16Le))
        );
    }

    #[test]
    fn forced_utf8_reports_whether_a_bom_was_present() {
        let bytes = with_prefix(UTF8_BOM, b"a,b");
        assert_eq!(
            decode(&bytes, Some(Encoding::Utf8)),
            Ok(("a,b".to_string(), Encoding::Utf8Bom))
        );
        assert_eq!(
            decode(b"a,b", Some(Encoding::Utf8Bom)),
            Ok(("a,b".to_string(), Encoding::Utf8))
        );
    }

    #[test]
    fn empty_input_is_empty_utf8() {
        assert_eq!(decode(b"", None), Ok((String::new(), Encoding::Utf8)));
        assert_eq!(
            decode(UTF8_BOM, None),
            Ok((String::new(), Encoding::Utf8Bom))
        );
        assert_eq!(
            decode(UTF16LE_BOM, None),
            Ok((String::new(), Encoding::Utf16Le))
        );
    }

    #[test]
    fn png_is_rejected_as_binary() {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(noise(2048, 7));
        let err = decode(&bytes, None).unwrap_err();
        assert_eq!(
            err,
            "looks like a binary file, not text (NUL byte at offset 8)"
        );
        // Forcing a single-byte encoding does not make it text either.
        let err = decode(&bytes, Some(Encoding::Windows1252)).unwrap_err();
        assert!(err.contains("NUL byte at offset 8"), "{err}");
    }

    #[test]
    fn control_characters_are_rejected_as_binary() {
        let bytes: Vec<u8> = noise(8192, 42).into_iter().filter(|&b| b != 0).collect();
        let err = decode(&bytes, None).unwrap_err();
        assert!(
            err.starts_with("looks like a binary file, not text ("),
            "{err}"
        );
        assert!(err.ends_with("% control characters)"), "{err}");
    }

    #[test]
    fn a_few_control_characters_are_tolerated() {
        let text = "a\tb\x0cc\r\nline with a stray \x0b vertical tab and an escape \x1b here\n";
        assert_eq!(
            decode(text.as_bytes(), None),
            Ok((text.to_string(), Encoding::Utf8))
        );
    }

    #[test]
    fn nul_in_utf8_text_is_rejected_with_offset() {
        let err = decode(b"id,title\n1,ab\x00cd\n", None).unwrap_err();
        assert_eq!(
            err,
            "looks like a binary file, not text (NUL byte at offset 13)"
        );
    }

    #[test]
    fn forced_utf8_names_the_invalid_offset() {
        let err = decode(b"ok so far \xe9 then", Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(err, "not valid UTF-8 at byte offset 10");
        let bytes = with_prefix(UTF8_BOM, b"ab\xff");
        let err = decode(&bytes, Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(err, "not valid UTF-8 at byte offset 5");
    }

    #[test]
    fn utf8_bom_followed_by_invalid_utf8_is_an_error() {
        let bytes = with_prefix(UTF8_BOM, b"caf\xe9");
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.contains("not valid UTF-8 at byte offset 6"), "{err}");
    }

    #[test]
    fn a_stream_drops_nuls_past_the_first_8_kib_and_lists_their_lines() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for i in 1..=500 {
            text += &format!("line {i} of a long export,with,commas\n");
        }
        assert!(text.len() > BINARY_SNIFF_BYTES);
        text += "a\0b\0,c\nlast\0\n";
        let path = dir.path().join("stray.csv");
        std::fs::write(&path, &text).unwrap();
        let mut stream = open(&path, None).unwrap();
        let mut read = String::new();
        stream.reader.read_to_string(&mut read).unwrap();
        assert_eq!(read, text.replace('\0', ""));
        let lines: Vec<u64> = stream.stray.messages().iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![501, 502]);
        assert!(stream.stray.messages()[0]
            .1
            .starts_with("2 NUL bytes removed"));
        // In the first 8 KiB, a NUL byte is a binary file.
        std::fs::write(&path, format!("id,title\n1,a\0b\n{text}")).unwrap();
        let err = open(&path, None).err().unwrap();
        assert!(err.contains("NUL byte at offset 12"), "{err}");
    }

    #[test]
    fn odd_length_utf16_is_an_error() {
        let mut bytes = with_prefix(UTF16LE_BOM, &utf16le("abc"));
        bytes.push(b'd');
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.contains("odd number"), "{err}");
        assert!(err.contains("UTF-16LE"), "{err}");
        let err = decode(b"abc", Some(Encoding::Utf16Be)).unwrap_err();
        assert!(err.contains("UTF-16BE"), "{err}");
        let mut bytes = utf16le("a,b\n");
        bytes.push(b'x');
        let err = decode(&bytes, None).unwrap_err();
        assert!(err.contains("no byte-order mark"), "{err}");
    }
}
