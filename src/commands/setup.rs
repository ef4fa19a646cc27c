//! `spm-kafka setup`: make the cluster match topics.yaml. Creates missing topics (one batched
//! request), raises partition counts, sets declared config keys incrementally. Never deletes,
//! never touches keys the spec does not declare. Idempotent and safe to run concurrently.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use clap::Args;
use colored::Colorize;
use serde::Serialize;

use super::apply_access;
use super::Context;
use crate::access::AccessApplied;
use crate::cli::SpecArgs;
use crate::exit;
use crate::kafka::admin::Outcome;
use crate::kafka::ffi::TopicConfigChange;
use crate::plan::{self, Plan};
use crate::render;
use crate::render::plan::{print_plan, spec_options, PlanJson};
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka setup
  spm-kafka setup --dry-run
  spm-kafka --profile prod -b kafka-1:9092,kafka-2:9092 setup")]
pub struct SetupArgs {
    #[command(flatten)]
    pub spec: SpecArgs,

    /// Show the plan only; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Also delete the ACLs of declared principals that topics.yaml does not grant
    #[arg(long)]
    pub prune_acls: bool,

    /// SPM_KAFKA_PASSWORD_<SERVICE>=password lines: the SCRAM passwords to set (else the environment)
    #[arg(long, value_name = "FILE")]
    pub secrets: Option<std::path::PathBuf>,
}

#[derive(Debug, Serialize)]
struct Applied {
    topic: String,
    action: &'static str,
    ok: bool,
    /// The broker's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// The config key and value the broker refused, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    /// For people: `create`, in `failed to create TOPIC`.
    #[serde(skip)]
    verb: &'static str,
}

#[derive(Serialize)]
struct SetupJson<'a> {
    dry_run: bool,
    plan: PlanJson<'a>,
    applied: &'a [Applied],
    #[serde(skip_serializing_if = "Option::is_none")]
    access_applied: Option<&'a [AccessApplied]>,
}

pub async fn run(args: SetupArgs, cx: &Context) -> Result<ExitCode> {
    let spec = Spec::load(&args.spec.file, cx.settings.profile.as_deref())?;
    let passwords = apply_access::passwords(args.secrets.as_deref(), &spec)?;
    let (_, plan) = cx.checked_plan(&spec).await?;
    let acls = cx.acl_plan(&spec).await?;
    let file = args.spec.file.display().to_string();
    let options = spec_options(&args.spec.file, spec.profile.as_deref());

    let human = !cx.out.json();
    if human {
        if plan.in_sync() && acls.as_ref().is_none_or(|a| a.in_sync() || !a.enforced) {
            cx.out.line(format!(
                "Nothing to do: {} of {file} match the cluster at {}.",
                match spec.topics.len() {
                    1 => "the 1 topic".to_string(),
                    n => format!("all {n} topics"),
                },
                cx.settings.bootstrap
            ))?;
        } else {
            print_plan(&cx.out, &cx.settings.bootstrap, &spec, &plan, &file)?;
        }
        if let Some(a) = &acls {
            if !a.enforced || !a.in_sync() {
                render::access::print_plan(&cx.out, a)?;
            }
        }
    }

    for t in &plan.topics {
        if let Some(m) = &t.min_insync_problem {
            cx.out
                .warn(format!("{}: {}. {}", t.topic, m.summary(), m.advice()));
        }
    }

    let mut applied = Vec::new();
    if !args.dry_run && plan.has_changes() {
        applied = apply(cx, &plan).await?;
        if human {
            cx.out.line("")?;
            for a in &applied {
                match &a.error {
                    None => cx
                        .out
                        .line(format!("  {} {} {}", "✓".green(), a.action, a.topic))?,
                    Some(e) => cx.out.line(format!(
                        "  {} failed to {} {}: {}",
                        "✗".red(),
                        a.verb,
                        a.topic,
                        plan::explain_refusal(e)
                    ))?,
                }
            }
        }
    }

    let mut access_applied = Vec::new();
    let failed_topics = applied.iter().any(|a| !a.ok);
    if let Some(a) = acls.as_ref().filter(|_| !args.dry_run && !failed_topics) {
        access_applied = cx.apply_access(a, args.prune_acls, passwords).await?;
        if human {
            render::access::print_applied(&cx.out, &access_applied)?;
        }
    }
    if cx.out.json() {
        cx.out.print_json(&SetupJson {
            dry_run: args.dry_run,
            plan: PlanJson::new(&plan).with_acls(acls.as_ref()),
            applied: &applied,
            access_applied: acls.as_ref().map(|_| access_applied.as_slice()),
        })?;
    } else if args.dry_run && !plan.in_sync() {
        cx.out.line("")?;
        cx.out
            .line("Dry run: nothing was changed. Run without --dry-run to apply.")?;
    }
    // A dry run is `plan`: refusals are shown in it, nothing was applied, and it exits like plan.
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }

    let failed: Vec<&Applied> = applied.iter().filter(|a| !a.ok).collect();
    if !failed.is_empty() {
        bail!(
            "{} of {} changes failed (see above): could not {}",
            failed.len(),
            applied.len(),
            failed
                .iter()
                .map(|a| format!("{} {}", a.verb, a.topic))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    apply_access::check_failed(&access_applied)?;
    if plan.has_changes() {
        confirm_applied(cx, &spec, &plan, &options).await?;
    }
    let refused = plan.summary().refused;
    if refused > 0 {
        let rest = if plan.has_changes() {
            "the rest was applied"
        } else {
            "nothing else needed changing"
        };
        cx.out.warn(format!(
            "{refused} topic(s) have changes setup refused to make (see above); {rest}. Exit code 1."
        ));
        return Ok(ExitCode::from(exit::FAILURE));
    }
    if human && plan.has_changes() {
        let s = plan.summary();
        cx.out.line(format!(
            "\nDone: {} created, {} altered; {} topics match {file}.",
            s.to_create,
            s.to_alter,
            spec.topics.len()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn apply(cx: &Context, plan: &Plan) -> Result<Vec<Applied>> {
    let admin = cx.admin()?;
    let mut applied = Vec::new();
    let record = |(action, verb): (&'static str, &'static str),
                  outcomes: Vec<Outcome>,
                  applied: &mut Vec<Applied>| {
        for o in outcomes {
            let error = o.result.err().map(|e| e.message);
            let named = error.as_deref().and_then(plan::refused_config);
            applied.push(Applied {
                topic: o.topic,
                action,
                ok: error.is_none(),
                key: named.as_ref().map(|(k, _, _)| k.clone()),
                value: named.map(|(_, v, _)| v),
                error,
                verb,
            });
        }
    };
    record(
        ("created", "create"),
        admin.create_topics(&plan.to_create(), false).await?,
        &mut applied,
    );
    let increases = plan.partition_increases();
    if !increases.is_empty() {
        cx.out.warn(
            "adding partitions changes which partition a key maps to: events of one entity may be read out of order \
across the change",
        );
    }
    record(
        ("added partitions to", "add partitions to"),
        admin.create_partitions(&increases).await?,
        &mut applied,
    );
    let changes = plan
        .config_changes()
        .into_iter()
        .map(|(topic, set)| TopicConfigChange { topic, set })
        .collect();
    record(
        ("set configs of", "set configs of"),
        admin.set_topic_configs(changes, false).await?,
        &mut applied,
    );
    Ok(applied)
}

/// Re-reads the cluster until the changes are visible (a concurrent `setup` may still be
/// creating a topic we were told exists), at most one `--timeout`.
async fn confirm_applied(cx: &Context, spec: &Spec, sent: &Plan, options: &str) -> Result<()> {
    let admin = cx.admin()?;
    let deadline = Instant::now() + cx.settings.timeout;
    loop {
        let cluster = admin.cluster_with_configs(&spec.names()).await?;
        let pending = plan::diff(spec, &cluster).still_pending(sent);
        if pending.is_empty() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!(
                "setup sent every change, but the cluster still differs for: {} — run `spm-kafka plan{options}` to see why",
                pending.join(", ")
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
