//! `setup`'s access changes: the missing ACLs in one batched CreateAcls, with `--prune-acls`
//! the undeclared ACLs of declared principals in one DeleteAcls, and SCRAM credentials whose
//! passwords the operator supplied; then waits until the ACL changes are visible.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use super::Context;
use crate::access::{self, AccessApplied, AclPlan, AclState, Binding};
use crate::spec::Spec;

/// The passwords the operator supplied for the spec's SCRAM services: a `--secrets` file
/// first, then the environment (`SPM_KAFKA_PASSWORD_<SERVICE>`).
pub fn passwords(secrets: Option<&std::path::Path>, spec: &Spec) -> Result<Vec<(String, String)>> {
    let secrets = match secrets {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                crate::exit::InputError::new(format!("cannot read {}: {e}", path.display()))
            })?;
            access::parse_secrets(&text, &path.display().to_string())?
        }
        None => Default::default(),
    };
    Ok(access::supplied_passwords(&spec.access, |k| {
        secrets.get(k).cloned().or_else(|| std::env::var(k).ok())
    }))
}

/// Fails naming every access change the broker refused.
pub fn check_failed(applied: &[AccessApplied]) -> Result<()> {
    let failed: Vec<&AccessApplied> = applied.iter().filter(|a| !a.ok).collect();
    if failed.is_empty() {
        return Ok(());
    }
    bail!(
        "{} of {} access changes failed (see above): could not {}",
        failed.len(),
        applied.len(),
        failed
            .iter()
            .map(|a| format!("{} {}", a.action, a.what))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

impl Context {
    pub async fn apply_access(
        &self,
        plan: &AclPlan,
        prune: bool,
        passwords: Vec<(String, String)>,
    ) -> Result<Vec<AccessApplied>> {
        let admin = self.admin()?;
        let mut applied = Vec::new();
        let mut added = Vec::new();
        let mut deleted = Vec::new();
        if plan.enforced && !plan.missing.is_empty() {
            for (b, error) in admin.create_acls(&plan.missing).await? {
                if error.is_none() {
                    added.push(b.clone());
                }
                applied.push(AccessApplied {
                    action: "add acl",
                    what: b.to_string(),
                    ok: error.is_none(),
                    error: error.map(|e| e.to_string()),
                });
            }
        }
        if plan.enforced && prune && !plan.undeclared.is_empty() {
            for (b, result) in admin.delete_acls(&plan.undeclared).await? {
                if result.is_ok() {
                    deleted.push(b.clone());
                }
                applied.push(AccessApplied {
                    action: "delete acl",
                    what: b.to_string(),
                    ok: result.is_ok(),
                    error: result.err().map(|e| e.to_string()),
                });
            }
        }
        if !passwords.is_empty() {
            for (user, error) in admin.set_scram_passwords(passwords).await? {
                applied.push(AccessApplied {
                    action: "set scram credential",
                    what: format!("User:{user}"),
                    ok: error.is_none(),
                    error: error.map(|e| e.to_string()),
                });
            }
        }
        self.confirm_acls(&added, &deleted).await?;
        Ok(applied)
    }

    /// Re-reads the ACLs until the added ones are listed and the deleted ones are not, at most
    /// one `--timeout`.
    async fn confirm_acls(&self, added: &[Binding], deleted: &[Binding]) -> Result<()> {
        if added.is_empty() && deleted.is_empty() {
            return Ok(());
        }
        let admin = self.admin()?;
        let deadline = Instant::now() + self.settings.timeout;
        loop {
            let pending: Vec<&Binding> = match admin.acl_state().await? {
                AclState::Enforced(have) => added
                    .iter()
                    .filter(|b| !have.contains(b))
                    .chain(deleted.iter().filter(|b| have.contains(b)))
                    .collect(),
                AclState::NoAuthorizer => added.iter().collect(),
            };
            if pending.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!(
                    "setup sent the ACL changes, but the cluster does not show them yet: {}",
                    pending
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
