//! `import::table::read` (whole text) and `TableReader` fed a few bytes at a time: any text reads
//! as a table or fails with a message, and how the bytes arrive never changes the rows.
#![no_main]
use groundwork::import::table::{self, TableReader};
use libfuzzer_sys::fuzz_target;
use std::io::Read;

/// Hands out at most `step` bytes per read, as a decoder may.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let delimiter = match pick % 4 {
        0 => None,
        1 => Some(b','),
        2 => Some(b';'),
        _ => Some(b'\t'),
    };
    let _ = table::headers(&text, "fuzz.csv");
    let whole = table::read(&text, "fuzz.csv", delimiter);
    if let Ok(t) = &whole {
        assert!(!t.headers.is_empty());
        assert!(t.headers.iter().all(|h| !h.is_empty()), "{:?}", t.headers);
        for r in &t.rows {
            assert!(
                r.fields.iter().any(|f| !f.trim().is_empty()),
                "blank rows are skipped"
            );
        }
        // Each row starts on a later line than the one before (CRLF endings included, fixed
        // after this target found them one short); a lone `\r` also ends a record but is not
        // counted as a line, so there lines only never go down.
        let strict = !text.contains('\r');
        assert!(
            t.rows.windows(2).all(|w| if strict {
                w[0].line < w[1].line
            } else {
                w[0].line <= w[1].line
            }),
            "lines ascend: {:?}",
            t.rows.iter().map(|r| r.line).collect::<Vec<_>>()
        );
        assert!(
            !strict || t.rows.iter().all(|r| r.line >= 2),
            "data rows come after the header"
        );
    }
    let step = 1 + (pick as usize / 4) % 7;
    let streamed = TableReader::new(
        Trickle {
            data: text.as_bytes(),
            step,
        },
        "fuzz.csv",
        delimiter,
    )
    .and_then(|mut r| {
        let mut rows = Vec::new();
        while let Some(row) = r.next_row()? {
            rows.push((row.line, row.fields));
        }
        Ok((r.headers, r.delimiter, rows))
    });
    match (&whole, &streamed) {
        (Ok(t), Ok((headers, delimiter, rows))) => {
            assert_eq!(&t.headers, headers);
            assert_eq!(t.delimiter, *delimiter);
            let whole_rows: Vec<_> = t.rows.iter().map(|r| (r.line, r.fields.clone())).collect();
            assert_eq!(&whole_rows, rows);
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("whole and streamed reads differ: {a:?} vs {b:?}"),
    }
});
