//! REFI-QDA interchange: a coding project exported as `.qdpx` and imported into a fresh workspace
//! comes back with the same codes and passages; our `.qdpx` and `.qdc` follow the REFI-QDA 1.0
//! schemas' structure; real files from MAXQDA 24, ATLAS.ti 23 and Taguette import with what they
//! hold; malformed files are refused whole, and what cannot be imported is named in warnings.

use crate::common::{self, gw, temp_workspace, write};
use groundwork::research::codebook::CodeInput;
use groundwork::research::highlights::HighlightInput;
use groundwork::research::refi::{self, CODEBOOK_NS, PROJECT_NS};
use groundwork::{Error, ErrorCode, Workspace};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// Helpers

fn fresh(dir: &Path, name: &str) -> Workspace {
    Workspace::open(dir.join(name)).unwrap()
}

fn body(ws: &Workspace, id: i64) -> String {
    ws.conn()
        .query_row("SELECT body FROM documents WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

fn live_documents(ws: &Workspace) -> i64 {
    ws.conn()
        .query_row(
            "SELECT COUNT(*) FROM documents WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Every code as (path, colour, description).
fn codes(ws: &Workspace) -> BTreeSet<(String, String, String)> {
    ws.codes()
        .unwrap()
        .into_iter()
        .map(|c| (c.path, c.color, c.description))
        .collect()
}

/// Every coded passage as (document text, start, end, text, codes).
fn passages(ws: &Workspace) -> BTreeSet<(String, u64, u64, String, Vec<String>)> {
    ws.highlights(None, None)
        .unwrap()
        .into_iter()
        .map(|h| (body(ws, h.document), h.start, h.end, h.text, h.codes))
        .collect()
}

fn add_code(ws: &Workspace, path: &str, color: &str, description: &str) {
    ws.add_code(&CodeInput {
        path: path.into(),
        color: color.into(),
        description: description.into(),
    })
    .unwrap();
}

fn code_quote(ws: &Workspace, doc: i64, quote: &str, codes: &[&str]) {
    ws.code_passage(&HighlightInput {
        document: doc,
        quote: Some(quote.into()),
        codes: codes.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{quote}: {e}"));
}

/// A workspace with nested codes and coded passages on three documents, some non-ASCII (accents,
/// CJK, an emoji outside the Basic Multilingual Plane, before the passage so offsets count it).
fn seeded(dir: &Path) -> Workspace {
    let ws = fresh(dir, "source");
    let a = ws
        .save_interview(&common::interview(
            "CI waits",
            "## Context\nThe pipeline takes forever before I can merge.\n\n## Wishes\nA dashboard of build times per team.\n",
        ))
        .unwrap()
        .id;
    let b = ws
        .save_interview(&common::interview(
            "Équipe Zürich",
            "🚀 Déploiement: «les tests instables» bloquent la fusion.\n日本語のチーム: ビルドが遅い。\n",
        ))
        .unwrap()
        .id;
    let c = ws
        .save_interview(&common::interview(
            "Flaky & slow",
            "Tests <flaky> on \"main\" & retries\r\nhide them.\n",
        ))
        .unwrap()
        .id;
    add_code(
        &ws,
        "Pain/CI wait",
        "#2a9d8f",
        "Waiting on \"CI\" & <builds>\nsecond line",
    );
    add_code(&ws, "Pain/Flaky tests", "#e76f51", "");
    add_code(&ws, "Wishes", "", "What they ask for");
    add_code(
        &ws,
        "Wishes/Visualization/Charts",
        "#264653",
        "Graphs: of anything",
    );
    add_code(&ws, "Unused: with colon", "#abcdef", "");
    code_quote(
        &ws,
        a,
        "The pipeline takes forever before I can merge.",
        &["Pain/CI wait"],
    );
    code_quote(
        &ws,
        a,
        "A dashboard of build times per team.",
        &["Wishes/Visualization/Charts", "Pain/CI wait"],
    );
    code_quote(
        &ws,
        b,
        "«les tests instables» bloquent la fusion",
        &["Pain/Flaky tests"],
    );
    code_quote(&ws, b, "ビルドが遅い", &["Pain/CI wait", "Wishes"]);
    code_quote(
        &ws,
        c,
        "Tests <flaky> on \"main\" & retries",
        &["Pain/Flaky tests"],
    );
    ws
}

fn read_member(zip_path: &Path, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut out = Vec::new();
    z.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn zip_with(path: &Path, members: &[(&str, &[u8])]) -> PathBuf {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    for (name, bytes) in members {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    path.to_path_buf()
}

/// A minimal element tree, to check our output's structure.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: HashMap<String, String>,
    children: Vec<El>,
    text: String,
}

fn tree(xml: &str) -> El {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<El> = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart| El {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        ..Default::default()
    };
    loop {
        match reader.read_event().expect("our XML is well-formed") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let el = open(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text += &t.xml10_content(),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element closed");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

fn is_guid(s: &str) -> bool {
    let re = regex::Regex::new(
        r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
    )
    .unwrap();
    re.is_match(s)
}

fn child<'a>(el: &'a El, name: &str) -> Vec<&'a El> {
    el.children.iter().filter(|c| c.name == name).collect()
}

/// Children's names appear in the schema's sequence order (each optional, some repeated).
fn in_order(el: &El, sequence: &[&str]) {
    let mut at = 0;
    for c in &el.children {
        let pos = sequence
            .iter()
            .position(|s| *s == c.name)
            .unwrap_or_else(|| panic!("<{}> may not hold <{}>", el.name, c.name));
        assert!(
            pos >= at,
            "<{}> in <{}> comes after {}",
            c.name,
            el.name,
            sequence[at]
        );
        at = pos;
    }
}

/// Checks a `<Code>` tree (CodeType): required attributes, colour pattern, child order.
fn check_code(c: &El, guids: &mut HashSet<String>, codes: &mut HashSet<String>) {
    assert_eq!(c.name, "Code");
    let g = &c.attrs["guid"];
    assert!(is_guid(g), "code GUID {g}");
    assert!(guids.insert(g.clone()), "GUID {g} used twice");
    codes.insert(g.clone());
    assert!(!c.attrs["name"].is_empty());
    assert!(matches!(c.attrs["isCodable"].as_str(), "true" | "false"));
    if let Some(color) = c.attrs.get("color") {
        assert!(
            regex::Regex::new("^#[0-9a-fA-F]{6}$")
                .unwrap()
                .is_match(color),
            "colour {color}"
        );
    }
    in_order(c, &["Description", "NoteRef", "Code"]);
    for k in c.children.iter().filter(|k| k.name == "Code") {
        check_code(k, guids, codes);
    }
}

// ---------------------------------------------------------------------------------------------
// Round trip and structure

#[test]
fn a_project_exported_as_qdpx_imports_into_a_fresh_workspace_with_identical_codes_and_passages() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    let file = dir.path().join("project.qdpx");
    let r = ws.export_qdpx(&file).unwrap();
    assert_eq!((r.codes, r.sources, r.passages), (7, 3, 5));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);

    let copy = fresh(dir.path(), "copy");
    let imported = copy.import_refi(&file, false).unwrap();
    assert_eq!(imported.format, "qdpx");
    assert_eq!(imported.codes_added.len(), 7);
    assert!(imported.codes_reused.is_empty());
    assert_eq!(imported.documents.len(), 3);
    assert_eq!(imported.passages, 5);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(codes(&copy), codes(&ws));
    assert_eq!(passages(&copy), passages(&ws));
    // Every document's text came across, as a note.
    let originals: BTreeSet<String> = (1..=3).map(|id| body(&ws, id)).collect();
    let copies: BTreeSet<String> = imported
        .documents
        .iter()
        .map(|d| body(&copy, d.id))
        .collect();
    assert_eq!(copies, originals);
    let kinds: Vec<String> = copy
        .conn()
        .prepare("SELECT DISTINCT kind FROM documents")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["note"]);

    // Importing the same file again changes nothing: codes reused, documents unchanged.
    let again = copy.import_refi(&file, false).unwrap();
    assert_eq!(again.codes_reused.len(), 7);
    assert!(again.codes_added.is_empty());
    assert!(again.documents.iter().all(|d| d.outcome == "unchanged"));
    assert_eq!(passages(&copy), passages(&ws));
    assert_eq!(live_documents(&copy), 3);

    // A re-export of the unchanged workspace is byte for byte the same project (GUIDs stable).
    let second = dir.path().join("second.qdpx");
    ws.export_qdpx(&second).unwrap();
    assert_eq!(
        read_member(&file, "project.qde"),
        read_member(&second, "project.qde")
    );
    // Another workspace's export never shares a GUID with this one's.
    let other = dir.path().join("other.qdpx");
    copy.export_qdpx(&other).unwrap();
    let guids = |p: &Path| -> HashSet<String> {
        let xml = String::from_utf8(read_member(p, "project.qde")).unwrap();
        regex::Regex::new(r#"guid="([^"]+)""#)
            .unwrap()
            .captures_iter(&xml)
            .map(|c| c[1].to_string())
            .collect()
    };
    assert!(guids(&file).is_disjoint(&guids(&other)));
}

#[test]
fn our_qdpx_follows_the_refi_qda_project_schema() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    let file = dir.path().join("project.qdpx");
    ws.export_qdpx(&file).unwrap();
    let xml = String::from_utf8(read_member(&file, "project.qde")).unwrap();
    let root = tree(&xml);
    assert_eq!(root.name, "Project");
    assert_eq!(root.attrs["xmlns"], PROJECT_NS);
    assert!(!root.attrs["name"].is_empty(), "Project@name is required");
    in_order(
        &root,
        &[
            "Users",
            "CodeBook",
            "Variables",
            "Cases",
            "Sources",
            "Notes",
            "Links",
            "Sets",
            "Graphs",
            "Description",
            "NoteRef",
        ],
    );
    let mut guids = HashSet::new();

    // One user, referred to by every creatingUser.
    let users = child(&root, "Users");
    assert_eq!(users.len(), 1);
    let user = child(users[0], "User");
    assert_eq!(user.len(), 1);
    let user_guid = user[0].attrs["guid"].clone();
    assert!(is_guid(&user_guid));
    guids.insert(user_guid.clone());
    // Codes nested by hierarchy.
    let codebook = child(&root, "CodeBook");
    let codes_el = child(codebook[0], "Codes");
    assert_eq!(codebook[0].children.len(), 1);
    let mut code_guids = HashSet::new();
    assert!(
        !codes_el[0].children.is_empty(),
        "Codes holds at least one Code"
    );
    for c in &codes_el[0].children {
        check_code(c, &mut guids, &mut code_guids);
    }
    let pain = codes_el[0]
        .children
        .iter()
        .find(|c| c.attrs["name"] == "Pain")
        .unwrap();
    let ci = pain
        .children
        .iter()
        .find(|c| c.attrs.get("name").map(String::as_str) == Some("CI wait"))
        .unwrap();
    assert_eq!(ci.attrs["color"], "#2a9d8f");
    assert_eq!(
        child(ci, "Description")[0].text,
        "Waiting on \"CI\" & <builds>\nsecond line"
    );
    // Sources: the text beside the project, every selection inside it, every CodeRef resolving.
    let sources = child(&root, "Sources");
    let mut selections = 0;
    for s in &sources[0].children {
        assert_eq!(s.name, "TextSource");
        let g = s.attrs["guid"].clone();
        assert!(is_guid(&g) && guids.insert(g.clone()));
        assert_eq!(s.attrs["plainTextPath"], format!("internal://{g}.txt"));
        assert_eq!(s.attrs["creatingUser"], user_guid);
        let text = String::from_utf8(read_member(&file, &format!("sources/{g}.txt"))).unwrap();
        let chars: Vec<char> = text.chars().collect();
        in_order(
            s,
            &[
                "Description",
                "PlainTextContent",
                "PlainTextSelection",
                "Coding",
                "NoteRef",
                "VariableValue",
            ],
        );
        assert!(
            child(s, "PlainTextContent").is_empty(),
            "plainTextPath, not both"
        );
        for sel in child(s, "PlainTextSelection") {
            selections += 1;
            let g = &sel.attrs["guid"];
            assert!(is_guid(g) && guids.insert(g.clone()));
            let start: usize = sel.attrs["startPosition"].parse().unwrap();
            let end: usize = sel.attrs["endPosition"].parse().unwrap();
            assert!(
                start < end && end <= chars.len(),
                "{start}..{end} in {}",
                chars.len()
            );
            in_order(sel, &["Description", "Coding", "NoteRef"]);
            let codings = child(sel, "Coding");
            assert!(!codings.is_empty());
            for coding in codings {
                let g = &coding.attrs["guid"];
                assert!(is_guid(g) && guids.insert(g.clone()), "coding GUID {g}");
                assert_eq!(coding.children.len(), 1);
                assert_eq!(coding.children[0].name, "CodeRef");
                let target = &coding.children[0].attrs["targetGUID"];
                assert!(code_guids.contains(target), "CodeRef {target} resolves");
            }
        }
    }
    assert_eq!(selections, 5);
    // The archive holds the project and one text per source, nothing else.
    let z = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    assert_eq!(z.len(), 1 + sources[0].children.len());
}

#[test]
fn our_qdc_follows_the_refi_qda_codebook_schema_and_an_empty_codebook_is_refused() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    let file = dir.path().join("codes.qdc");
    let r = ws.export_qdc(&file).unwrap();
    assert_eq!(r.codes, 7);
    let root = tree(&std::fs::read_to_string(&file).unwrap());
    assert_eq!(root.name, "CodeBook");
    assert_eq!(root.attrs["xmlns"], CODEBOOK_NS);
    in_order(&root, &["Codes", "Sets"]);
    let mut guids = HashSet::new();
    let mut codes_seen = HashSet::new();
    for c in &root.children[0].children {
        check_code(c, &mut guids, &mut codes_seen);
    }
    assert_eq!(codes_seen.len(), 7);
    // The same codes' GUIDs as in the project export.
    let qdpx = dir.path().join("p.qdpx");
    ws.export_qdpx(&qdpx).unwrap();
    let project = String::from_utf8(read_member(&qdpx, "project.qde")).unwrap();
    assert!(codes_seen.iter().all(|g| project.contains(g.as_str())));
    // Imported into a fresh workspace, the codebook alone comes back.
    let copy = fresh(dir.path(), "copy");
    let r = copy.import_refi(&file, false).unwrap();
    assert_eq!(
        (r.format.as_str(), r.batch, r.codes_added.len()),
        ("qdc", None, 7)
    );
    assert_eq!(codes(&copy), codes(&ws));

    let empty = fresh(dir.path(), "empty");
    let e = empty.export_qdc(&dir.path().join("none.qdc")).unwrap_err();
    assert!(matches!(e, Error::InvalidInput { .. }), "{e}");
    assert!(!dir.path().join("none.qdc").exists());
}

// ---------------------------------------------------------------------------------------------
// Real files

#[test]
fn real_refi_qda_files_from_maxqda_atlas_ti_and_taguette_import_with_what_they_hold() {
    let Some(data) = common::shared_data("transcripts") else {
        return;
    };
    let dir = temp_workspace();

    // MAXQDA 24: 307 coloured, described codes under 18 top-level ones; 10 sources in a
    // lower-case sources/ folder (385,191 characters together); two sets; no codings.
    let maxqda = data.join("maxqda24_icls-themes.qdpx");
    if maxqda.exists() {
        let ws = fresh(dir.path(), "maxqda");
        assert_eq!(refi::detect(&maxqda), Some("qdpx"));
        let r = ws.import_refi(&maxqda, false).unwrap();
        assert_eq!(r.origin, "MAXQDA 24 (Release 24.7.0)");
        assert_eq!(r.codes_added.len(), 307);
        assert_eq!(r.documents.len(), 10);
        assert_eq!(r.passages, 0);
        assert!(
            r.warnings.iter().any(|w| w.contains("2 <Set>")),
            "{:?}",
            r.warnings
        );
        let all = ws.codes().unwrap();
        assert_eq!(all.len(), 307);
        assert_eq!(all.iter().filter(|c| c.parent.is_none()).count(), 18);
        assert!(all
            .iter()
            .all(|c| c.color.len() == 7 && !c.description.is_empty()));
        let chars: usize = r
            .documents
            .iter()
            .map(|d| body(&ws, d.id).chars().count())
            .sum();
        assert_eq!(chars, 385_191);
        assert!(r.documents.iter().any(|d| d.title == "ICLS 2024 3-10"));
        // The documents are one import batch, which undo takes back.
        let batch = r.batch.unwrap();
        ws.undo_import(batch, false).unwrap();
        assert_eq!(live_documents(&ws), 0);
    } else {
        println!("SKIPPED: {} is absent", maxqda.display());
    }

    // ATLAS.ti 23: project.qde only; one parent with two children.
    let atlas = data.join("atlasti23_codes-only.qdpx");
    if atlas.exists() {
        let ws = fresh(dir.path(), "atlas");
        let r = ws.import_refi(&atlas, false).unwrap();
        assert_eq!(r.batch, None);
        assert!(r.documents.is_empty());
        let paths: BTreeSet<String> = ws.codes().unwrap().into_iter().map(|c| c.path).collect();
        assert_eq!(
            paths,
            BTreeSet::from([
                "Commits".to_string(),
                "Commits/2022-02-11T10:39:25Z cdbfd92".to_string(),
                "Commits/2022-05-10T02:05:59Z 19e4dce".to_string(),
            ])
        );
    } else {
        println!("SKIPPED: {} is absent", atlas.display());
    }

    // Taguette 1.4.1: a one-line codebook, three flat codes, one named with a colon.
    let taguette = data.join("taguette141_codebook.qdc");
    if taguette.exists() {
        let ws = fresh(dir.path(), "taguette");
        assert_eq!(refi::detect(&taguette), Some("qdc"));
        let r = ws.import_refi(&taguette, false).unwrap();
        assert_eq!(r.origin, "Taguette 1.4.1");
        let paths: BTreeSet<String> = ws.codes().unwrap().into_iter().map(|c| c.path).collect();
        assert_eq!(
            paths,
            BTreeSet::from([
                "xsd:element name".to_string(),
                "CodeBook".to_string(),
                "Variables".to_string(),
            ])
        );
    } else {
        println!("SKIPPED: {} is absent", taguette.display());
    }
}

// ---------------------------------------------------------------------------------------------
// Other vendors' ways, and malformed input

const CODE_A: &str = "0A1B2C3D-0000-4000-8000-00000000000A";
const CODE_B: &str = "0A1B2C3D-0000-4000-8000-00000000000B";
const MISSING: &str = "0A1B2C3D-0000-4000-8000-0000000000FF";
const SRC: &str = "5E5E5E5E-1111-4111-8111-000000000001";

/// A one-line project in a `.zip` with an upper-case `Sources/` folder: a code name with a colon
/// and one with a slash, a valid selection, one past the end of its text, one whose only coding
/// names a missing code, one uncoded; a rich-text-only source, a PDF source, a set.
fn vendor_project(dir: &Path) -> PathBuf {
    let text = "Straße: builds wait ✓ for review.";
    let xml = format!(
        concat!(
            r#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="Vendor 9">"#,
            r##"<CodeBook><Codes><Code guid="{a}" name="Wait: CI" isCodable="true" color="#ABC"><Code guid="{b}" name="build/test" isCodable="true"/></Code></Codes></CodeBook>"##,
            r#"<Sources><TextSource guid="{s}" name="Interview 1" plainTextPath="internal://{s}.txt">"#,
            r#"<PlainTextSelection guid="11111111-0000-4000-8000-000000000001" startPosition="8" endPosition="19"><Coding guid="21111111-0000-4000-8000-000000000001"><CodeRef targetGUID="{b}"/></Coding></PlainTextSelection>"#,
            r#"<PlainTextSelection guid="11111111-0000-4000-8000-000000000002" name="too far" startPosition="20" endPosition="400"><Coding guid="21111111-0000-4000-8000-000000000002"><CodeRef targetGUID="{a}"/></Coding></PlainTextSelection>"#,
            r#"<PlainTextSelection guid="11111111-0000-4000-8000-000000000003" startPosition="0" endPosition="6"><Coding guid="21111111-0000-4000-8000-000000000003"><CodeRef targetGUID="{m}"/></Coding></PlainTextSelection>"#,
            r#"<PlainTextSelection guid="11111111-0000-4000-8000-000000000004" startPosition="0" endPosition="6"/>"#,
            r#"</TextSource><TextSource guid="5E5E5E5E-1111-4111-8111-000000000002" name="Rich only" richTextPath="internal://r.docx"/>"#,
            r#"<PDFSource guid="5E5E5E5E-1111-4111-8111-000000000003" name="Paper" path="internal://p.pdf"/></Sources>"#,
            r#"<Sets><Set guid="5E5E5E5E-1111-4111-8111-000000000009" name="S"><MemberSource targetGUID="{s}"/></Set></Sets></Project>"#
        ),
        a = CODE_A,
        b = CODE_B,
        s = SRC,
        m = MISSING
    );
    zip_with(
        &dir.join("vendor.zip"),
        &[
            ("project.qde", xml.as_bytes()),
            (&format!("Sources/{SRC}.txt"), text.as_bytes()),
        ],
    )
}

#[test]
fn what_other_tools_write_imports_and_what_cannot_be_imported_is_named() {
    let dir = temp_workspace();
    let file = vendor_project(dir.path());
    assert_eq!(
        refi::detect(&file),
        Some("qdpx"),
        "a .zip holding project.qde"
    );
    let ws = fresh(dir.path(), "ws");
    // The user's own colour for a code the file also has is kept.
    add_code(&ws, "Wait: CI", "#111111", "");
    let r = ws.import_refi(&file, false).unwrap();
    assert_eq!(r.codes_reused, ["Wait: CI"]);
    assert_eq!(r.codes_added, ["Wait: CI/build\u{2215}test"]);
    assert_eq!(r.documents.len(), 1);
    assert_eq!(r.passages, 1);
    let hl = ws.highlights(None, None).unwrap();
    assert_eq!(hl.len(), 1);
    assert_eq!(hl[0].text, "builds wait");
    assert_eq!((hl[0].start, hl[0].end), (8, 19));
    assert_eq!(hl[0].codes, ["Wait: CI/build\u{2215}test"]);
    let codes = ws.codes().unwrap();
    assert_eq!(codes[0].color, "#111111");
    let w = r.warnings.join("\n");
    for expected in [
        // The selection past the end names its source and itself.
        "source \"Interview 1\" (5E5E5E5E-1111-4111-8111-000000000001), selection 11111111-0000-4000-8000-000000000002 \"too far\": 20..400 falls outside the text (33 characters)",
        // A coding naming a code the file does not hold.
        MISSING,
        "2 selection(s) carry no code",
        "only rich text",
        "1 <PDFSource> element(s) ignored",
        "1 <Set> element(s) ignored",
        "a / separates levels",
    ] {
        assert!(w.contains(expected), "{expected:?} not in:\n{w}");
    }
}

#[test]
fn malformed_files_are_refused_whole_and_keep_what_was_stored() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    let good = dir.path().join("good.qdpx");
    ws.export_qdpx(&good).unwrap();
    let before = (codes(&ws), passages(&ws), live_documents(&ws));
    let batches = ws.import_batches().unwrap().len();
    let refused = |path: &Path, needle: &str| {
        let e = ws.import_refi(path, false).unwrap_err();
        let api = groundwork::ApiError::from(e);
        assert_eq!(api.code, ErrorCode::InvalidInput, "{}", api.message);
        assert!(
            api.message.contains(&path.display().to_string()) && api.message.contains(needle),
            "{needle:?} not in {}",
            api.message
        );
        assert_eq!((codes(&ws), passages(&ws), live_documents(&ws)), before);
        assert_eq!(ws.import_batches().unwrap().len(), batches);
        api
    };
    // A truncated archive.
    let bytes = std::fs::read(&good).unwrap();
    let truncated = write(dir.path(), "truncated.qdpx", &bytes[..bytes.len() / 2]);
    refused(&truncated, "damaged ZIP");
    // XML that is not well-formed: the element it broke in is named.
    let broken = write(
        dir.path(),
        "broken.qde",
        format!(
            "<Project xmlns=\"{PROJECT_NS}\" name=\"x\">\n<CodeBook><Codes>\n<Code guid=\"{CODE_A}\" name=\"A\" isCodable=\"true\">\n</Codes></CodeBook></Project>"
        ),
    );
    let api = refused(&broken, "line 4");
    assert!(api.message.contains("<Code>"), "{}", api.message);
    assert_eq!(api.field.as_deref(), Some("Code"));
    // A file cut off inside an element.
    let cut = write(
        dir.path(),
        "cut.qdc",
        format!("<CodeBook xmlns=\"{CODEBOOK_NS}\"><Codes><Code guid=\"{CODE_A}\" name=\"A\" isCodable=\"true\">"),
    );
    refused(&cut, "truncated");
    // Not a REFI-QDA root.
    let other = write(dir.path(), "other.qde", "<html><body/></html>");
    refused(&other, "<html>");
    // A ZIP without a project.
    let bare = zip_with(&dir.path().join("bare.qdpx"), &[("readme.txt", b"hi")]);
    refused(&bare, "no project.qde");
    // A project file larger than any real one is refused before it is read (a sparse file).
    let huge = dir.path().join("huge.qde");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(refi::MAX_XML_BYTES + 1)
        .unwrap();
    refused(&huge, "MiB");
}

#[test]
fn an_archive_path_leaving_the_archive_is_never_followed() {
    let dir = temp_workspace();
    let secret = write(dir.path(), "secret.txt", "do not read");
    let xml = format!(
        r#"<Project xmlns="{PROJECT_NS}" name="x"><Sources><TextSource guid="{SRC}" name="Evil" plainTextPath="internal://../secret.txt"/><TextSource guid="5E5E5E5E-1111-4111-8111-000000000002" name="Abs" plainTextPath="absolute://{}"/></Sources></Project>"#,
        secret.display()
    );
    let file = zip_with(
        &dir.path().join("evil.qdpx"),
        &[
            ("project.qde", xml.as_bytes()),
            ("../secret.txt", b"zip slip"),
        ],
    );
    let ws = fresh(dir.path(), "ws");
    let r = ws.import_refi(&file, false).unwrap();
    assert!(r.documents.is_empty());
    let w = r.warnings.join("\n");
    assert!(
        w.contains("\"Evil\"") && w.contains("leaves the archive"),
        "{w}"
    );
    assert!(
        w.contains("\"Abs\"") && w.contains("outside the archive"),
        "{w}"
    );
    assert_eq!(live_documents(&ws), 0);
}

#[test]
fn an_imported_project_is_one_batch_that_undo_takes_back() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    let file = dir.path().join("p.qdpx");
    ws.export_qdpx(&file).unwrap();
    let copy = fresh(dir.path(), "copy");
    let r = copy.import_refi(&file, false).unwrap();
    let batch = r.batch.unwrap();
    let listed = copy.import_batches().unwrap();
    assert_eq!(listed[0].id, batch);
    assert_eq!(
        (listed[0].format.as_str(), listed[0].imported),
        ("refi-qdpx", 3)
    );
    // Coded passages rest on the documents: undo asks first, then takes them back.
    let e = copy.undo_import(batch, false).unwrap_err();
    assert!(matches!(e, Error::NeedsConfirmation(_)), "{e}");
    copy.undo_import(batch, true).unwrap();
    assert_eq!(live_documents(&copy), 0);
    assert!(copy.highlights(None, None).unwrap().is_empty());
    // The codes stay: the user may have used them since.
    assert_eq!(codes(&copy), codes(&ws));
}

// ---------------------------------------------------------------------------------------------
// CLI

#[test]
fn the_cli_exports_and_imports_refi_qda_with_json_and_exit_codes() {
    let dir = temp_workspace();
    let ws_dir = dir.path().join("source");
    drop(seeded(dir.path()));
    let qdpx = dir.path().join("out.qdpx");
    let out = gw(
        &ws_dir,
        &["export", "--qdpx", qdpx.to_str().unwrap(), "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["sources"].as_u64(), v["passages"].as_u64()),
        (Some(3), Some(5))
    );
    let qdc = dir.path().join("out.qdc");
    let out = gw(&ws_dir, &["export", "--qdc", qdc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("7 code(s)"));

    let copy = dir.path().join("copy");
    // A dry run reads and checks everything, reports it, and stores nothing.
    let out = gw(
        &copy,
        &["import", qdpx.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["dry_run"].as_bool(), v["passages"].as_u64()),
        (Some(true), Some(5))
    );
    assert!(v["batch"].is_null());
    let listed = gw(&copy, &["codebook", "list", "--json"]);
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert!(listed["codes"].as_array().unwrap().is_empty());
    // Options of table imports do not apply: exit 2.
    let out = gw(
        &copy,
        &["import", qdpx.to_str().unwrap(), "--kind", "notes"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = gw(&copy, &["import", qdpx.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["codes_added"].as_array().unwrap().len(), 7);
    assert_eq!(v["documents"].as_array().unwrap().len(), 3);
    assert_eq!(v["passages"], 5);
    assert!(v["warnings"].as_array().unwrap().is_empty());
    // A .qdpx renamed .zip is still found by its content.
    let zipped = dir.path().join("same.zip");
    std::fs::copy(&qdpx, &zipped).unwrap();
    let out = gw(&copy, &["import", zipped.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["codes_reused"].as_array().unwrap().len(), 7);

    // Malformed input: exit 2, the file and the element named on stderr.
    let broken = write(
        dir.path(),
        "broken.qdc",
        format!("<CodeBook xmlns=\"{CODEBOOK_NS}\"><Codes><Code name=\"A\"></Codes></CodeBook>"),
    );
    let out = gw(&copy, &["import", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.qdc") && err.contains("<Code>"),
        "{err}"
    );
    // An empty codebook cannot be a .qdc: exit 2.
    let empty = dir.path().join("empty");
    let out = gw(
        &empty,
        &[
            "export",
            "--qdc",
            dir.path().join("e.qdc").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_passage_lost_by_an_edit_is_left_out_of_the_export_by_name_and_an_empty_workspace_exports() {
    let dir = temp_workspace();
    let ws = fresh(dir.path(), "ws");
    let input = common::interview("Edited", "Keep this sentence. Drop this one.\n");
    let id = ws.save_interview(&input).unwrap().id;
    code_quote(&ws, id, "Keep this sentence.", &["Kept"]);
    code_quote(&ws, id, "Drop this one.", &["Gone"]);
    let current = ws.interview(id).unwrap();
    ws.save_interview(&groundwork::research::interviews::InterviewInput {
        id: Some(id),
        version: Some(current.version),
        notes: "Keep this sentence. Something else entirely.\n".into(),
        ..input
    })
    .unwrap();
    let file = dir.path().join("p.qdpx");
    let r = ws.export_qdpx(&file).unwrap();
    assert_eq!(r.passages, 1);
    assert_eq!(r.warnings.len(), 1);
    assert!(
        r.warnings[0].contains("\"Edited\"")
            && r.warnings[0].contains("Drop this one.")
            && r.warnings[0].contains("lost"),
        "{:?}",
        r.warnings
    );
    let copy = fresh(dir.path(), "copy");
    copy.import_refi(&file, false).unwrap();
    let texts: Vec<String> = copy
        .highlights(None, None)
        .unwrap()
        .into_iter()
        .map(|h| h.text)
        .collect();
    assert_eq!(texts, ["Keep this sentence."]);

    // Nothing coded, nothing imported: still a project the schema accepts (Users only).
    let empty = fresh(dir.path(), "empty");
    let e = dir.path().join("e.qdpx");
    let r = empty.export_qdpx(&e).unwrap();
    assert_eq!((r.codes, r.sources, r.passages), (0, 0, 0));
    let root = tree(&String::from_utf8(read_member(&e, "project.qde")).unwrap());
    let names: Vec<&str> = root.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Users"]);
    // A file that does not exist is bad input, not a failure.
    let missing = dir.path().join("missing.qdpx");
    let err = groundwork::ApiError::from(empty.import_refi(&missing, false).unwrap_err());
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn a_project_cut_or_damaged_anywhere_is_read_or_refused_as_bad_input_never_a_crash() {
    let dir = temp_workspace();
    let ws = seeded(dir.path());
    let file = dir.path().join("p.qdpx");
    ws.export_qdpx(&file).unwrap();
    let target = fresh(dir.path(), "target");
    let check = |path: &Path, what: &str| match target.import_refi(path, true) {
        Ok(r) => assert!(r.batch.is_none(), "{what}: a dry run stores nothing"),
        Err(e) => {
            let api = groundwork::ApiError::from(e);
            assert_eq!(api.code, ErrorCode::InvalidInput, "{what}: {}", api.message);
            assert!(
                api.message.contains(&path.display().to_string()),
                "{what}: {}",
                api.message
            );
        }
    };
    // The project XML cut at many places, and with one byte changed at many places.
    let xml = read_member(&file, "project.qde");
    let step = (xml.len() / 60).max(1);
    for at in (0..xml.len()).step_by(step) {
        let cut = write(dir.path(), "cut.qde", &xml[..at]);
        check(&cut, &format!("cut at {at}"));
        let mut flipped = xml.clone();
        flipped[at] = match flipped[at] {
            b'<' => b'>',
            b'"' => b'<',
            _ => b'"',
        };
        let zip = zip_with(&dir.path().join("flip.qdpx"), &[("project.qde", &flipped)]);
        check(&zip, &format!("byte {at} changed"));
    }
    // The archive itself cut at many places.
    let bytes = std::fs::read(&file).unwrap();
    for at in (0..bytes.len()).step_by((bytes.len() / 30).max(1)) {
        let cut = write(dir.path(), "cut.qdpx", &bytes[..at]);
        check(&cut, &format!("archive cut at {at}"));
    }
    assert_eq!(live_documents(&target), 0);
    assert!(codes(&target).is_empty());
}
