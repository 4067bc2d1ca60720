//! The research evidence: every document whatever its kind (`documents`), interviews, imported
//! tickets and notes, teams, the Markdown renderer for notes, and the demo data.

pub mod demo;
pub mod documents;
pub mod interviews;
pub mod markdown;
pub mod notes;
pub mod teams;
pub mod tickets;

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
}
