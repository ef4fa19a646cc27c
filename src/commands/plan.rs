//! `spm-kafka plan`: what `setup` would change, and what it will not do.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Context;
use crate::cli::SpecArgs;
use crate::render::plan::{print_plan, PlanJson};
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka plan
  spm-kafka plan -f staging.yaml --profile prod
  spm-kafka plan -o json")]
pub struct PlanArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

pub async fn run(args: PlanArgs, cx: &Context) -> Result<ExitCode> {
    let spec = Spec::load(&args.spec.file, cx.settings.profile.as_deref())?;
    let (_, plan) = cx.checked_plan(&spec).await?;
    let acls = cx.acl_plan(&spec).await?;
    if cx.out.json() {
        cx.out
            .print_json(&PlanJson::new(&plan).with_acls(acls.as_ref()))?;
    } else {
        let file = args.spec.file.display().to_string();
        print_plan(&cx.out, &cx.settings.bootstrap, &spec, &plan, &file)?;
        if let Some(acls) = &acls {
            crate::render::access::print_plan(&cx.out, acls)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
