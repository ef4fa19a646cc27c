//! The access facts `plan`, `setup` and `verify` gather alike: the cluster's ACLs (or that it
//! has no authorizer) and which declared SCRAM users have a credential, diffed with the spec.

use anyhow::Result;

use super::Context;
use crate::access::{self, AclPlan, AclState};
use crate::spec::Spec;

/// `doctor`'s access facts: the ACL plan of the spec at `file`, `None` when there is no such
/// file or it declares no access (the `topics` check reports a bad spec).
pub async fn doctor_facts(cx: &Context, file: &std::path::Path) -> Result<Option<AclPlan>, String> {
    let Ok(spec) = Spec::load(file, cx.settings.profile.as_deref()) else {
        return Ok(None);
    };
    cx.acl_plan(&spec).await.map_err(|e| format!("{e:#}"))
}

impl Context {
    /// The ACL part of the plan; `None` when the spec declares no access (nothing is asked).
    pub async fn acl_plan(&self, spec: &Spec) -> Result<Option<AclPlan>> {
        if spec.access.is_empty() {
            return Ok(None);
        }
        let admin = self.admin()?;
        let state = admin.acl_state().await?;
        let mut plan = access::diff(&spec.access, &state);
        if matches!(state, AclState::Enforced(_)) {
            let users: Vec<String> = spec
                .access
                .scram_users()
                .iter()
                .filter_map(|s| s.user().map(str::to_string))
                .collect();
            if !users.is_empty() {
                let have = admin.scram_users(&users).await?;
                plan.missing_credentials = access::missing_credentials(&spec.access, &have)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
            }
        }
        Ok(Some(plan))
    }
}
