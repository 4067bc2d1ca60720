//! Spreadsheets (XLSX, XLS, ODS) read through `import::sheet::SheetRows`: a broken workbook is an
//! error, never a crash.
#![no_main]
use groundwork::import::sheet::SheetRows;
use groundwork::import::table::RowSource;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
}

fuzz_target!(|data: &[u8]| {
    // Workbooks are zip (XLSX, ODS) or OLE (XLS) files: the extension picks the reader.
    let ext = match data.first() {
        Some(0xD0) => "xls",
        Some(_) if data.windows(8).any(|w| w == b"mimetype") => "ods",
        _ => "xlsx",
    };
    let path = dir().path().join(format!("book.{ext}"));
    std::fs::write(&path, data).expect("write input");
    if let Ok(mut sheet) = SheetRows::open(&path) {
        let width = sheet.headers().len();
        assert!(width > 0);
        while let Ok(Some(row)) = sheet.next_row() {
            assert!(row.line >= 2, "data rows come after the header");
        }
    }
});
