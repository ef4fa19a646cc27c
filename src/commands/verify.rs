//! `spm-kafka verify`: the CI gate. Exit 0 when the cluster matches topics.yaml, 3 on drift.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use colored::Colorize;
use serde::Serialize;

use super::Context;
use crate::cli::SpecArgs;
use crate::cluster::PartitionHealth;
use crate::exit;
use crate::plan::{drift, Drift};
use crate::render::plan::{count, spec_options};
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka verify                              # exit 3 on drift: the CI gate
  spm-kafka verify -f topics.yaml --profile prod -o json")]
pub struct VerifyArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

pub async fn run(args: VerifyArgs, cx: &Context) -> Result<ExitCode> {
    let spec = Spec::load(&args.spec.file, cx.settings.profile.as_deref())?;
    let (cluster, plan) = cx.read_plan(&spec).await?;
    let drift = drift(&plan);
    let acls = cx.acl_plan(&spec).await?;
    let acl_drift = acls.as_ref().map_or(0, |a| {
        a.missing.len() + a.undeclared.len() + a.missing_credentials.len()
    });
    // Health is reported, not counted as drift: the spec can match while a broker is down.
    let unhealthy = cluster.unhealthy_partitions(Some(&spec.names()));
    if cx.out.json() {
        #[derive(Serialize)]
        struct VerifyJson<'a> {
            in_sync: bool,
            topics: usize,
            drift: &'a [Drift],
            unhealthy_partitions: &'a [PartitionHealth],
            #[serde(skip_serializing_if = "Option::is_none")]
            acls: Option<&'a crate::access::AclPlan>,
        }
        cx.out.print_json(&VerifyJson {
            in_sync: drift.is_empty() && acl_drift == 0,
            topics: spec.topics.len(),
            drift: &drift,
            unhealthy_partitions: &unhealthy,
            acls: acls.as_ref(),
        })?;
    } else if drift.is_empty() && acl_drift == 0 {
        cx.out.line(format!(
            "{} {} topics{} match {} on {}",
            "✓".green(),
            spec.topics.len(),
            match &acls {
                Some(a) if a.enforced => format!(" and {} ACLs", a.declared),
                _ => String::new(),
            },
            args.spec.file.display(),
            cx.settings.bootstrap
        ))?;
    } else {
        cx.out.line(format!(
            "{} {} between {} and {}:",
            "✗".red(),
            count(drift.len() + acl_drift, "difference", "differences"),
            args.spec.file.display(),
            cx.settings.bootstrap
        ))?;
        for d in &drift {
            let actual = d.actual.as_deref().unwrap_or("missing");
            cx.out.line(format!(
                "  {}: {} is {actual}, expected {}",
                d.topic, d.what, d.expected
            ))?;
        }
        if let Some(a) = &acls {
            for line in crate::render::access::drift_lines(a) {
                cx.out.line(line)?;
            }
        }
        let options = spec_options(&args.spec.file, spec.profile.as_deref());
        cx.out.line(format!(
            "Run `spm-kafka plan{options}` for what setup would change, `spm-kafka setup{options}` to apply it."
        ))?;
    }
    if let Some(a) = acls.as_ref().filter(|a| !a.enforced && !cx.out.json()) {
        cx.out.note(crate::render::access::no_authorizer(a));
    }
    if !cx.out.json() && !unhealthy.is_empty() {
        cx.out.warn(format!(
            "{} partitions of these topics are not fully replicated:",
            unhealthy.len()
        ));
        for h in &unhealthy {
            cx.out.note(format!("  {}", h.describe()));
        }
        cx.out
            .note("  Check that every broker is up: `spm-kafka doctor`.");
    }
    Ok(ExitCode::from(if drift.is_empty() && acl_drift == 0 {
        exit::OK
    } else {
        exit::DRIFT
    }))
}
