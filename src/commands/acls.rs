//! `spm-kafka acls`: the cluster's ACL bindings, filtered by principal, topic or group.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::Context;
use crate::access::{self, AclState, Binding};
use crate::render::access::print_acls;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka acls
  spm-kafka acls --principal User:manage-task
  spm-kafka acls --topic task-events -o json")]
pub struct AclsArgs {
    /// Only this principal's ACLs (`User:` is implied when no type is given)
    #[arg(long, value_name = "PRINCIPAL")]
    pub principal: Option<String>,

    /// Only the ACLs that cover this topic (literal, `*` or a matching prefix)
    #[arg(short = 't', long, value_name = "TOPIC")]
    pub topic: Option<String>,

    /// Only the ACLs that cover this consumer group
    #[arg(short = 'g', long, value_name = "GROUP")]
    pub group: Option<String>,
}

#[derive(Serialize)]
struct AclsJson<'a> {
    enforced: bool,
    acls: Vec<&'a Binding>,
}

pub async fn run(args: AclsArgs, cx: &Context) -> Result<ExitCode> {
    let principal = args.principal.as_deref().map(|p| {
        if p.contains(':') {
            p.to_string()
        } else {
            format!("User:{p}")
        }
    });
    let state = cx.admin()?.acl_state().await?;
    let all = match &state {
        AclState::Enforced(b) => b.as_slice(),
        AclState::NoAuthorizer => &[],
    };
    let shown = access::filter(
        all,
        principal.as_deref(),
        args.topic.as_deref(),
        args.group.as_deref(),
    );
    let enforced = matches!(state, AclState::Enforced(_));
    if cx.out.json() {
        cx.out.print_json(&AclsJson {
            enforced,
            acls: shown,
        })?;
    } else if !enforced {
        cx.out.line(format!(
            "The cluster at {} enforces no access control (no authorizer): it holds no ACLs.",
            cx.settings.bootstrap
        ))?;
    } else {
        print_acls(&cx.out, &shown, all.len())?;
    }
    Ok(ExitCode::SUCCESS)
}
