//! Reading the audit log (staff and admins). Entries are written by the use cases themselves,
//! in the same transaction as the change they record; nothing here or anywhere else updates
//! or deletes one.

use crate::App;
use crate::actor::{Action, Actor, Denied};
use wenlv_store::{AuditPage, AuditQuery, StoreError};

/// At most this many entries per page.
pub const MAX_AUDIT_PAGE: u32 = 500;

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("limit: {0} is over the most per page, {MAX_AUDIT_PAGE}")]
    TooMany(u32),
    #[error("reading the audit log")]
    Store(#[from] StoreError),
}

impl App {
    /// One page of the audit log, newest first, filtered by `query`.
    pub async fn list_audit(
        &self,
        actor: &Actor,
        query: &AuditQuery,
    ) -> Result<AuditPage, AuditError> {
        actor.check(Action::ReadAudit)?;
        if query.limit > MAX_AUDIT_PAGE {
            return Err(AuditError::TooMany(query.limit));
        }
        Ok(self.store.audit(query).await?)
    }
}
