//! `spm-kafka restore`: a backup back into a cluster — every record to its own partition with
//! its own timestamp, key and headers; resumable without duplicates; group offsets translated.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::Context;
use crate::backup::manifest::Manifest;
use crate::backup::offsets::{self, Translated};
use crate::backup::restore::{self as decide, TopicNames};
use crate::backup::verify::check_files;
use crate::exit;
use crate::kafka::backup::{restore_partitions, RestoreHooks, RestoreJob, Restored};
use crate::names::TopicPartition;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka restore --from /backups/spm                                 # same names
  spm-kafka restore --from /backups/spm --topic-map task-events=task-events-restored
  spm-kafka restore --from /backups/spm --topic-prefix dr. --groups     # and the group offsets")]
pub struct RestoreArgs {
    /// The backup directory
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// Restore topic OLD under the name NEW; repeatable
    #[arg(long, value_name = "OLD=NEW")]
    pub topic_map: Vec<String>,
    /// Put this before the name of every topic not in --topic-map
    #[arg(long, value_name = "PREFIX")]
    pub topic_prefix: Option<String>,
    /// Write the translated group offsets (without it they are only shown)
    #[arg(long)]
    pub groups: bool,
    /// Restore only records with a timestamp at or before this (RFC 3339 or epoch ms)
    #[arg(long, value_name = "TIMESTAMP", value_parser = crate::backup::restore::parse_until)]
    pub until: Option<i64>,
}

#[derive(Debug, Serialize)]
struct Summary {
    written: u64,
    already_there: u64,
    topics_created: Vec<String>,
    groups_written: bool,
    group_offsets: Vec<Translated>,
    groups_skipped: Vec<offsets::Skipped>,
}

pub async fn run(args: RestoreArgs, cx: &Context) -> Result<ExitCode> {
    let dir = args.from.clone();
    let m = Manifest::load(&dir)
        .map_err(exit::InputError::new)?
        .ok_or_else(|| {
            exit::InputError::new(format!("no backup in {} (no manifest.json)", dir.display()))
        })?;
    let names = TopicNames::parse(&args.topic_map, args.topic_prefix.as_deref())
        .map_err(exit::InputError::new)?;
    let backed_up: Vec<String> = m.topics.keys().cloned().collect();
    if let Some(u) = names.unknown(&backed_up).first() {
        return exit::invalid(format!(
            "--topic-map names '{u}', which is not in the backup"
        ));
    }
    let files = {
        let (d, m) = (dir.clone(), m.clone());
        tokio::task::spawn_blocking(move || check_files(&d, &m, false)).await?
    };
    if let Some(p) = files.problems.first() {
        return exit::invalid(format!(
            "the backup is damaged, nothing was restored: {}: {} (run verify-backup for every problem)",
            dir.join(&p.file).display(),
            p.message
        ));
    }
    let admin = cx.admin()?;
    let targets: Vec<String> = backed_up.iter().map(|t| names.target(t)).collect();
    let cluster = admin.cluster_with_configs(&targets).await?;
    let (create, warnings) = decide::plan_targets(
        &m,
        &|t| names.target(t),
        &cluster,
        chrono::Utc::now().timestamp_millis(),
    )
    .map_err(exit::InputError::new)?;
    for w in warnings {
        cx.out.warn(w);
    }
    for o in admin.create_topics(&create, false).await? {
        o.result.map_err(|e| admin.creation_refused(&o.topic, &e))?;
    }
    let all: Vec<TopicPartition> = backed_up
        .iter()
        .zip(&targets)
        .flat_map(|(s, t)| {
            (m.topics[s].partition.keys()).map(move |p| TopicPartition::new(t.clone(), *p))
        })
        .collect();
    let before = offsets_when_led(&admin, &all, cx.settings.timeout).await?;
    let log_append = |t: &str| {
        cluster
            .topics
            .get(t)
            .and_then(|t| t.config_value("message.timestamp.type"))
            == Some("LogAppendTime")
    };
    // What each target partition already holds must be exactly a prefix of the restore.
    let mut jobs = Vec::new();
    for (source, target) in backed_up.iter().zip(&targets) {
        for (p, pb) in &m.topics[source].partition {
            let w = before
                .get(&TopicPartition::new(target.clone(), *p))
                .with_context(|| format!("no offsets for {target}[{p}]"))?;
            jobs.push(RestoreJob {
                target: target.clone(),
                partition: *p,
                backup: pb.clone(),
                low: w.log_start,
                high: w.log_end,
                ignore_timestamp: log_append(target),
            });
        }
    }
    let limits = decide::message_limits(&m, &|t| names.target(t), &cluster);
    let (kafka, until, stall) = (
        cx.kafka.clone(),
        args.until,
        cx.settings.timeout.max(std::time::Duration::from_secs(10)),
    );
    let bar = crate::render::progress::records_bar(
        cx.settings.stderr_is_terminal,
        files.records,
        "restoring",
    );
    let (d, bar2) = (dir.clone(), bar.clone());
    // Ctrl-C / SIGTERM stop between two records; what was acknowledged is reported.
    let _claim = cx.interrupt.claim();
    let interrupt = cx.interrupt.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let hooks = RestoreHooks {
            progress: &|n| bar2.inc(n),
            stop: &|| interrupt.is_set(),
        };
        restore_partitions(&kafka, &d, &jobs, until, stall, limits, hooks)
    })
    .await?;
    bar.finish_and_clear();
    let Restored {
        written,
        already: already_there,
        sources: restored,
        interrupted,
    } = outcome?;
    if interrupted {
        cx.out.note(format!(
            "Interrupted: {written} records written and acknowledged ({already_there} were already \
there); run the same restore again to continue after them"
        ));
        return Err(exit::Interrupted.into());
    }
    // Group offsets, translated onto the target offsets of the restored records.
    let groups: Vec<String> = m.groups.keys().cloned().collect();
    let states = if groups.is_empty() {
        BTreeMap::new()
    } else {
        admin.describe_groups(&groups).await?
    };
    let active: Vec<&str> = states
        .values()
        .filter(|d| d.state.is_active())
        .map(|d| d.name.as_str())
        .collect();
    let (group_offsets, groups_skipped) =
        offsets::plan(&m.groups, &|t| names.target(t), &restored, &active);
    if args.groups {
        let mut by_group: BTreeMap<&str, Vec<(TopicPartition, i64)>> = BTreeMap::new();
        for t in &group_offsets {
            by_group.entry(&t.group).or_default().push((
                TopicPartition::new(t.topic.clone(), t.partition),
                t.target_offset,
            ));
        }
        for (group, offsets) in by_group {
            for o in admin.commit_offsets(group, offsets).await? {
                o.result.map_err(|e| {
                    anyhow!(
                        "cannot commit group '{group}' on {}[{}]: {e:?}",
                        o.topic,
                        o.partition
                    )
                })?;
            }
        }
    }
    let summary = Summary {
        written,
        already_there,
        topics_created: create.into_iter().map(|t| t.name).collect(),
        groups_written: args.groups,
        group_offsets,
        groups_skipped,
    };
    crate::render::backup::restore_summary(&cx.out, &summary.line(), &summary)?;
    Ok(ExitCode::SUCCESS)
}

/// The watermarks of the target partitions, once every one of them has a leader.
///
/// Each round asks for the metadata first: a topic created a moment ago is not yet known to the
/// broker, and librdkafka caches that "unknown topic" for up to 100 s, answering ListOffsets from
/// the cache ("No leaders found") until a metadata request shows the topic.
async fn offsets_when_led(
    admin: &crate::kafka::Admin,
    partitions: &[TopicPartition],
    timeout: std::time::Duration,
) -> Result<BTreeMap<TopicPartition, crate::cluster::Watermarks>> {
    let deadline = std::time::Instant::now() + timeout;
    let mut pause = std::time::Duration::from_millis(20);
    loop {
        let cluster = admin.metadata().await?;
        let leaderless = cluster.first_without_leader(partitions).cloned();
        let more_time = std::time::Instant::now() + pause < deadline;
        match leaderless {
            Some(tp) if !more_time => {
                return Err(anyhow!(
                    "{tp} has no leader after {}: the broker did not finish creating it",
                    crate::duration::humanize(timeout)
                ))
            }
            Some(_) => {}
            None => match admin.watermarks(partitions.to_vec()).await {
                Ok(w) if w.len() == partitions.len() => return Ok(w),
                Ok(_) | Err(_) if more_time => {}
                Ok(_) => {
                    return Err(anyhow!(
                        "the target partitions have no offsets yet (no leader?)"
                    ))
                }
                Err(e) => return Err(e),
            },
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(std::time::Duration::from_millis(500));
    }
}

impl Summary {
    fn line(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "restored {} records ({} were already there); created {} topics",
            self.written,
            self.already_there,
            self.topics_created.len()
        )];
        let verb = if self.groups_written {
            "set"
        } else {
            "would set (dry run; --groups to write)"
        };
        for t in &self.group_offsets {
            lines.push(format!(
                "group {} {verb} {}[{}] to {} (committed {} in the backup)",
                t.group, t.topic, t.partition, t.target_offset, t.source_offset
            ));
        }
        for s in &self.groups_skipped {
            lines.push(format!("group {} skipped: {}", s.group, s.reason));
        }
        lines
    }
}
