//! `spm-kafka access`: the access matrix — services × topics with read/write, and groups — as
//! topics.yaml declares it and as the cluster grants it, side by side.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::Context;
use crate::access::{self, AclState, MatrixRow};
use crate::cli::SpecArgs;
use crate::exit;
use crate::render::access::print_matrix;
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Each cell reads `declared | granted`: R read, W write, - neither. Exit 3 when they differ.

Examples:
  spm-kafka access
  spm-kafka access -f staging.yaml -o json")]
pub struct AccessArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

#[derive(Serialize)]
struct AccessJson<'a> {
    enforced: bool,
    agrees: bool,
    services: &'a [MatrixRow],
}

pub async fn run(args: AccessArgs, cx: &Context) -> Result<ExitCode> {
    let spec = Spec::load(&args.spec.file, cx.settings.profile.as_deref())?;
    if spec.access.services.is_empty() {
        return exit::invalid(format!(
            "{} declares no services; add a `services:` section (README, \"Access control\")",
            args.spec.file.display()
        ));
    }
    let state = cx.admin()?.acl_state().await?;
    let rows = access::matrix(&spec.access, &spec.names(), &state);
    let enforced = matches!(state, AclState::Enforced(_));
    let agrees = rows.iter().all(MatrixRow::agrees);
    if cx.out.json() {
        cx.out.print_json(&AccessJson {
            enforced,
            agrees,
            services: &rows,
        })?;
    } else {
        print_matrix(&cx.out, &rows, enforced)?;
    }
    Ok(ExitCode::from(if agrees { exit::OK } else { exit::DRIFT }))
}
