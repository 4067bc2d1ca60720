//! The research evidence: every document whatever its kind (`documents`), interviews, imported
//! tickets and notes, teams, the Markdown renderer for notes, and the demo data.

pub mod code_matrix;
pub mod codebook;
pub mod coverage;
pub mod demo;
pub mod documents;
pub mod guides;
pub mod highlights;
pub mod interviews;
pub mod markdown;
pub mod notes;
pub mod people;
pub mod prose;
pub mod refi;
pub mod teams;
pub mod tickets;
pub mod transcripts;

/// A document and the evidence that rests on it: what an action removing it would take away.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EvidenceOnDocument {
    /// Document id.
    #[ts(type = "number")]
    pub document: i64,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: String,
    /// Quotes pinned from it to themes.
    #[ts(type = "number")]
    pub quotes: u64,
    /// Roadmap items linked to it (as a document or a quote).
    #[ts(type = "number")]
    pub links: u64,
    /// Coded passages (highlights) in it.
    #[ts(type = "number")]
    pub coded: u64,
}

/// The documents among `ids` that carry quotes or roadmap links, by id.
pub fn evidence_on(
    conn: &rusqlite::Connection,
    ids: &[i64],
) -> crate::Result<Vec<EvidenceOnDocument>> {
    let quotes = crate::search::themes::quotes_on(conn, ids)?;
    let links = crate::roadmap::items::links_on(conn, ids)?;
    let coded = highlights::on(conn, ids)?;
    let mut with: Vec<i64> = quotes
        .keys()
        .chain(links.keys())
        .chain(coded.keys())
        .copied()
        .collect();
    with.sort_unstable();
    with.dedup();
    let heads = documents::heads(conn, &with)?;
    Ok(with
        .into_iter()
        .map(|id| {
            let head = heads.get(&id);
            EvidenceOnDocument {
                document: id,
                title: head.map(|h| h.title.clone()).unwrap_or_default(),
                kind: head.map(|h| h.kind.clone()).unwrap_or_default(),
                quotes: quotes.get(&id).copied().unwrap_or(0),
                links: links.get(&id).copied().unwrap_or(0),
                coded: coded.get(&id).copied().unwrap_or(0),
            }
        })
        .collect())
}

/// Says in a sentence what removing these documents would take away, or `None` when nothing
/// rests on them.
pub fn describe_loss(at_risk: &[EvidenceOnDocument]) -> Option<String> {
    if at_risk.is_empty() {
        return None;
    }
    let quotes: u64 = at_risk.iter().map(|e| e.quotes).sum();
    let links: u64 = at_risk.iter().map(|e| e.links).sum();
    let coded: u64 = at_risk.iter().map(|e| e.coded).sum();
    let coded = if coded > 0 {
        format!(", and {coded} coded passage(s)")
    } else {
        String::new()
    };
    let mut names: Vec<String> = at_risk
        .iter()
        .take(3)
        .map(|e| format!("#{} {:?}", e.document, e.title))
        .collect();
    if at_risk.len() > 3 {
        names.push(format!("and {} more", at_risk.len() - 3));
    }
    Some(format!(
        "{} document(s) carry {quotes} quote(s) and {links} roadmap link(s){coded}: {}",
        at_risk.len(),
        names.join(", ")
    ))
}

/// What the command table calls for interviews and teams.
impl crate::Workspace {
    /// Creates or updates an interview.
    pub fn save_interview(
        &self,
        input: &interviews::InterviewInput,
    ) -> crate::Result<interviews::Interview> {
        interviews::save(self.conn(), input)
    }

    /// One interview.
    pub fn interview(&self, id: i64) -> crate::Result<interviews::Interview> {
        interviews::get(self.conn(), id)
    }

    /// Interviews matching a filter, newest first.
    pub fn interviews(
        &self,
        filter: &interviews::InterviewFilter,
    ) -> crate::Result<Vec<interviews::Interview>> {
        interviews::list(self.conn(), filter)
    }

    /// The web address of a ticket in its tracker, when it has one a browser can open.
    pub fn source_url(&self, document: i64) -> crate::Result<Option<String>> {
        tickets::source_url(self.conn(), document)
    }

    /// Deletes an interview (undo with [`Workspace::restore_interview`]).
    pub fn delete_interview(&self, id: i64) -> crate::Result<()> {
        interviews::delete(self.conn(), id)
    }

    /// Restores a deleted interview.
    pub fn restore_interview(&self, id: i64) -> crate::Result<interviews::Interview> {
        interviews::restore(self.conn(), id)
    }

    /// Values for the interview filters.
    pub fn interview_facets(&self) -> crate::Result<interviews::InterviewFacets> {
        interviews::facets(self.conn())
    }

    /// Every team.
    pub fn teams(&self) -> crate::Result<Vec<teams::Team>> {
        teams::list(self.conn())
    }

    /// Creates or updates a team.
    pub fn save_team(&self, input: &teams::TeamInput) -> crate::Result<teams::Team> {
        teams::save(self.conn(), input)
    }

    /// Deletes an unused team.
    pub fn delete_team(&self, id: i64) -> crate::Result<()> {
        teams::delete(self.conn(), id)
    }

    /// Every person, with how many documents name them.
    pub fn people(&self) -> crate::Result<Vec<people::Person>> {
        people::list(self.conn())
    }

    /// One person with every document naming them.
    pub fn person(&self, id: i64) -> crate::Result<people::PersonDetail> {
        people::get(self.conn(), id)
    }

    /// Creates or updates a person.
    pub fn save_person(&self, input: &people::PersonInput) -> crate::Result<people::Person> {
        people::save(self.conn(), input)
    }

    /// Adds aliases (names, emails, handles) to a person.
    pub fn add_person_alias(&self, id: i64, aliases: &[String]) -> crate::Result<people::Person> {
        people::add_alias(self.conn(), id, aliases)
    }

    /// Folds other persons into one.
    pub fn merge_people(&self, into: i64, from: &[i64]) -> crate::Result<people::Person> {
        people::merge(self.conn(), into, from)
    }

    /// Takes aliases out of a person into a new one.
    pub fn split_person(&self, id: i64, aliases: &[String]) -> crate::Result<people::Person> {
        people::split(self.conn(), id, aliases)
    }

    /// Deletes a person (their names count as unlinked names again).
    pub fn delete_person(&self, id: i64) -> crate::Result<()> {
        people::delete(self.conn(), id)
    }

    /// Names in the evidence that no person holds yet.
    pub fn unlinked_names(&self) -> crate::Result<Vec<people::UnlinkedName>> {
        people::unlinked(self.conn())
    }

    /// Names that look like one engineer.
    pub fn suggest_people(&self) -> crate::Result<Vec<people::PersonSuggestion>> {
        people::suggest(self.conn())
    }

    /// Research coverage: per team, who was heard in the last 90 days and when last; teams never
    /// interviewed; themes resting on one person or one team.
    pub fn coverage(&self) -> crate::Result<coverage::Coverage> {
        let themes: Vec<(i64, String, u64, u64, u64)> = self
            .theme_overview()?
            .into_iter()
            .map(|t| (t.theme.id, t.theme.name, t.total, t.people, t.teams))
            .collect();
        coverage::coverage(self.conn(), self.today(), &themes)
    }

    // The codebook (`codebook`) and coded passages (`highlights`).

    /// The codebook in path order, with passages, documents, people and teams per code.
    pub fn codes(&self) -> crate::Result<Vec<codebook::Code>> {
        codebook::list(self.conn())
    }

    /// Adds a code by path (parents made as needed); returns the codebook entry.
    pub fn add_code(&self, input: &codebook::CodeInput) -> crate::Result<codebook::Code> {
        let id = codebook::add(self.conn(), input)?;
        self.code(&id.to_string())
    }

    /// One code, by id or path.
    pub fn code(&self, key: &str) -> crate::Result<codebook::Code> {
        let id = codebook::find(self.conn(), key)?;
        codebook::list(self.conn())?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| crate::Error::NotFound(format!("no code {key:?}")))
    }

    /// Renames a code.
    pub fn rename_code(&self, key: &str, name: &str) -> crate::Result<codebook::Code> {
        let id = codebook::find(self.conn(), key)?;
        codebook::rename(self.conn(), id, name)?;
        self.code(&id.to_string())
    }

    /// Moves a code under another (`None`: to the top).
    pub fn move_code(&self, key: &str, parent: Option<&str>) -> crate::Result<codebook::Code> {
        let id = codebook::find(self.conn(), key)?;
        let parent = parent.map(|p| codebook::find(self.conn(), p)).transpose()?;
        codebook::move_to(self.conn(), id, parent)?;
        self.code(&id.to_string())
    }

    /// Folds code `from` into `into`: passages and children follow.
    pub fn merge_codes(&self, into: &str, from: &str) -> crate::Result<codebook::Code> {
        let (into, from) = (
            codebook::find(self.conn(), into)?,
            codebook::find(self.conn(), from)?,
        );
        codebook::merge(self.conn(), into, from)?;
        self.code(&into.to_string())
    }

    /// Deletes a code and its children; their passages stay uncoded, or move to `into`.
    pub fn delete_code(&self, key: &str, into: Option<&str>) -> crate::Result<()> {
        let id = codebook::find(self.conn(), key)?;
        let into = into.map(|k| codebook::find(self.conn(), k)).transpose()?;
        codebook::delete(self.conn(), id, into)
    }

    /// Changes a code's description and colour.
    pub fn describe_code(
        &self,
        key: &str,
        description: &str,
        color: &str,
    ) -> crate::Result<codebook::Code> {
        let id = codebook::find(self.conn(), key)?;
        codebook::describe(self.conn(), id, description, color)?;
        self.code(&id.to_string())
    }

    /// Per code (its subtree) and per team: passages, documents, people.
    pub fn code_team_matrix(&self) -> crate::Result<code_matrix::CodeTeamMatrix> {
        code_matrix::team_matrix(self.conn())
    }

    /// Which codes are applied to the same or overlapping passages, and how often.
    pub fn code_cooccurrence(&self) -> crate::Result<code_matrix::CodeCooccurrence> {
        code_matrix::cooccurrence(self.conn())
    }

    /// Codes a passage of a document.
    pub fn code_passage(
        &self,
        input: &highlights::HighlightInput,
    ) -> crate::Result<highlights::Highlight> {
        highlights::add(self.conn(), input)
    }

    /// Coded passages: of a code (and its children), of a document, or all.
    pub fn highlights(
        &self,
        code: Option<&str>,
        document: Option<i64>,
    ) -> crate::Result<Vec<highlights::Highlight>> {
        let code = code.map(|c| codebook::find(self.conn(), c)).transpose()?;
        highlights::list(self.conn(), code, document)
    }

    /// Takes codes off a passage (a passage left with none is removed).
    pub fn uncode_passage(
        &self,
        id: i64,
        codes: &[String],
    ) -> crate::Result<Option<highlights::Highlight>> {
        highlights::uncode(self.conn(), id, codes)
    }

    /// A suggested passage is not like a code: "find more like these" shows it for that code no
    /// more.
    pub fn reject_suggestion(
        &self,
        code: &str,
        document: i64,
        start: u64,
        end: u64,
    ) -> crate::Result<()> {
        let code = codebook::find(self.conn(), code)?;
        codebook::reject_passage(self.conn(), code, document, start, end)
    }

    /// Removes a coded passage.
    pub fn remove_highlight(&self, id: i64) -> crate::Result<()> {
        highlights::remove(self.conn(), id)
    }

    // REFI-QDA exchange (`refi`).

    /// Exports the workspace as a REFI-QDA project (`.qdpx`).
    pub fn export_qdpx(&self, path: &std::path::Path) -> crate::Result<refi::RefiExportReport> {
        refi::export_qdpx(self.conn(), path)
    }

    /// Exports the codebook as a REFI-QDA codebook (`.qdc`).
    pub fn export_qdc(&self, path: &std::path::Path) -> crate::Result<refi::RefiExportReport> {
        refi::export_qdc(self.conn(), path)
    }

    /// Imports a REFI-QDA project or codebook (`.qdpx`, `.zip`, `.qdc`, `.qde`); a dry run
    /// stores nothing.
    pub fn import_refi(
        &self,
        path: &std::path::Path,
        dry_run: bool,
    ) -> crate::Result<refi::RefiImportReport> {
        let report = refi::import(self.conn(), path, dry_run)?;
        self.index_pending()?;
        Ok(report)
    }

    // Interview guides (`guides`).

    /// Every guide, by name.
    pub fn guides(&self) -> crate::Result<Vec<guides::GuideSummary>> {
        guides::list(self.conn())
    }

    /// One guide, named by id or name.
    pub fn guide(&self, id_or_name: &str) -> crate::Result<guides::Guide> {
        guides::get(self.conn(), guides::find(self.conn(), id_or_name)?)
    }

    /// Creates a guide.
    pub fn create_guide(&self, input: &guides::GuideInput) -> crate::Result<guides::Guide> {
        guides::create(self.conn(), input)
    }

    /// Creates a guide from Markdown or plain text (`name` overrides its `# Heading`).
    pub fn create_guide_from_text(
        &self,
        name: Option<&str>,
        text: &str,
    ) -> crate::Result<guides::Guide> {
        let mut input = guides::parse_markdown(text);
        if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
            input.name = n.to_string();
        }
        guides::create(self.conn(), &input)
    }

    /// Renames a guide.
    pub fn rename_guide(&self, id: i64, name: &str) -> crate::Result<guides::Guide> {
        guides::rename(self.conn(), id, name)
    }

    /// Deletes a guide and its links (no interview changes).
    pub fn delete_guide(&self, id: i64) -> crate::Result<()> {
        guides::delete(self.conn(), id)
    }

    /// Attaches interviews to a guide.
    pub fn attach_to_guide(&self, id: i64, interviews: &[i64]) -> crate::Result<guides::Guide> {
        guides::attach(self.conn(), id, interviews)
    }

    /// Detaches interviews from a guide.
    pub fn detach_from_guide(&self, id: i64, interviews: &[i64]) -> crate::Result<guides::Guide> {
        guides::detach(self.conn(), id, interviews)
    }

    /// An interview split into a guide's sections.
    pub fn guide_sections(
        &self,
        id: i64,
        interview: i64,
    ) -> crate::Result<guides::InterviewSections> {
        let guide = guides::get(self.conn(), id)?;
        guides::sections(self.conn(), &guide, interview)
    }

    /// What every attached interview answered to question `seq`.
    pub fn guide_answers(&self, id: i64, seq: u32) -> crate::Result<Vec<guides::Answer>> {
        let guide = guides::get(self.conn(), id)?;
        guides::answers(self.conn(), &guide, seq)
    }

    /// Per question, how many attached interviews answer it.
    pub fn guide_coverage(&self, id: i64) -> crate::Result<Vec<guides::QuestionCoverage>> {
        let guide = guides::get(self.conn(), id)?;
        guides::coverage(self.conn(), &guide)
    }

    /// The notes a new interview following a guide starts with (a heading per question).
    pub fn guide_notes(&self, id: i64) -> crate::Result<String> {
        Ok(guides::notes_template(&guides::get(self.conn(), id)?))
    }
}
