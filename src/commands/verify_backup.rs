//! `spm-kafka verify-backup`: check a backup's files alone, and with `--against` compare it
//! record by record with topics on a cluster. Exit 0 sound, 3 when something differs.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::Context;
use crate::backup::manifest::Manifest;
use crate::backup::verify::{check_files, partition_records, Comparison, FileReport, Matcher};
use crate::exit;
use crate::kafka::backup::{file_error, read_partitions, ReadRange};
use crate::names::TopicPartition;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka verify-backup /backups/spm
  spm-kafka verify-backup /backups/spm --against task-events=task-events-restored")]
pub struct VerifyBackupArgs {
    /// The backup directory
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Compare the backup of TOPIC with the cluster's topic of that name (or CLUSTER_TOPIC),
    /// record by record; repeatable
    #[arg(long, value_name = "TOPIC[=CLUSTER_TOPIC]")]
    pub against: Vec<String>,
}

#[derive(Debug, Serialize)]
struct PartitionComparison {
    topic: String,
    partition: i32,
    #[serde(flatten)]
    comparison: Comparison,
}

#[derive(Debug, Serialize)]
struct Report {
    sound: bool,
    files: FileReport,
    compared: Vec<PartitionComparison>,
}

pub async fn run(args: VerifyBackupArgs, cx: &Context) -> Result<ExitCode> {
    let dir = args.dir.clone();
    let m = Manifest::load(&dir)
        .map_err(exit::InputError::new)?
        .ok_or_else(|| {
            exit::InputError::new(format!("no backup in {} (no manifest.json)", dir.display()))
        })?;
    let mut pairs = Vec::new();
    for a in &args.against {
        let (source, target) = a.split_once('=').unwrap_or((a, a));
        if !m.topics.contains_key(source) {
            return exit::invalid(format!(
                "--against '{source}': the backup has no such topic"
            ));
        }
        pairs.push((source.to_string(), target.to_string()));
    }
    let files = {
        let (d, m) = (dir.clone(), m.clone());
        tokio::task::spawn_blocking(move || check_files(&d, &m, true)).await?
    };
    let mut compared = Vec::new();
    if !pairs.is_empty() {
        let admin = cx.admin()?;
        let mut ranges = Vec::new();
        for (source, target) in &pairs {
            let parts: Vec<TopicPartition> = m.topics[source]
                .partition
                .keys()
                .map(|p| TopicPartition::new(target.clone(), *p))
                .collect();
            for (
                TopicPartition {
                    topic: t,
                    partition: p,
                },
                w,
            ) in admin.watermarks(parts).await?
            {
                ranges.push((
                    source.clone(),
                    ReadRange {
                        topic: t,
                        partition: p,
                        from: w.log_start,
                        end: w.log_end,
                    },
                ));
            }
        }
        let (kafka, d, m2) = (cx.kafka.clone(), dir.clone(), m.clone());
        let stall = cx.settings.timeout.max(std::time::Duration::from_secs(10));
        compared = tokio::task::spawn_blocking(move || -> Result<Vec<PartitionComparison>> {
            let mut out = Vec::new();
            for (source, range) in ranges {
                let pb = &m2.topics[&source].partition[&range.partition];
                let mut matcher = Matcher::new(partition_records(&d, pb, None), false);
                read_partitions(
                    &kafka,
                    std::slice::from_ref(&range),
                    stall,
                    &|| false,
                    &mut |_, r| matcher.actual(&r.to_record()).map_err(file_error),
                )
                .with_context(|| format!("cannot read {}[{}]", range.topic, range.partition))?;
                out.push(PartitionComparison {
                    topic: range.topic,
                    partition: range.partition,
                    comparison: matcher.finish().map_err(file_error)?,
                });
            }
            Ok(out)
        })
        .await??;
    }
    let sound = files.problems.is_empty() && compared.iter().all(|c| c.comparison.is_equal());
    let report = Report {
        sound,
        files,
        compared,
    };
    if cx.out.json() {
        cx.out.print_json(&report)?;
    } else {
        for p in &report.files.problems {
            cx.out
                .line(format!("✗ {}: {}", dir.join(&p.file).display(), p.message))?;
        }
        for c in &report.compared {
            let x = &c.comparison;
            let mark = if x.is_equal() { "✓" } else { "✗" };
            let mut line = format!(
                "{mark} {}[{}]: {} records match, {} missing, {} extra",
                c.topic, c.partition, x.matched, x.missing, x.extra
            );
            if let Some(d) = &x.first_difference {
                line.push_str(&format!("; {d}"));
            }
            cx.out.line(line)?;
        }
        cx.out.line(format!(
            "{} {} partitions, {} segments, {} records{}",
            if sound { "✓" } else { "✗" },
            report.files.partitions,
            report.files.segments,
            report.files.records,
            if sound {
                ""
            } else {
                ": the backup does not check out"
            }
        ))?;
    }
    Ok(if sound {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}
