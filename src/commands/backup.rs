//! `spm-kafka backup`: topics and the consumer groups' offsets into a directory; run again into
//! the same directory, it appends only what is new (see `backup` for the format).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use serde::Serialize;

use super::Context;
use crate::backup::manifest::{
    self, Manifest, PartitionBackup, Range, Run, TopicBackup, Watermarks,
};
use crate::backup::writer::PartitionWriter;
use crate::cli::SpecArgs;
use crate::exit;
use crate::kafka::backup::{read_partitions, ReadRange};
use crate::kafka::groups::Reach;
use crate::names::TopicPartition;
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka backup --to /backups/spm                  # the topics of topics.yaml
  spm-kafka backup --to /backups/spm task-events      # run again later: appends what is new")]
pub struct BackupArgs {
    /// The backup directory (created when missing; a later run appends only what is new)
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    /// Topics to back up [default: the topics of topics.yaml]
    #[arg(value_name = "TOPIC")]
    pub topics: Vec<String>,
    #[command(flatten)]
    pub spec: SpecArgs,
}

#[derive(Debug, Serialize)]
struct Summary {
    /// Ctrl-C or SIGTERM stopped the run: what it read is kept; run it again to continue.
    interrupted: bool,
    directory: String,
    new_records: u64,
    total_records: u64,
    groups: usize,
    /// False when the principal may not describe every group: Kafka then lists, and the backup
    /// keeps, only the groups it may describe.
    every_group: bool,
    partitions: BTreeMap<String, u64>,
}

pub async fn run(args: BackupArgs, cx: &Context) -> Result<ExitCode> {
    let topics = if args.topics.is_empty() {
        Spec::load(&args.spec.file, cx.settings.profile.as_deref())?.names()
    } else {
        args.topics.clone()
    };
    let dir = args.to.clone();
    let previous = Manifest::load(&dir).map_err(exit::InputError::new)?;
    let admin = cx.admin()?;
    // Metadata first: when the broker cannot be reached, its error names the cause.
    let cluster = admin.metadata().await?;
    let cluster_id = admin.cluster_id().await?.ok();
    let mut m = match previous {
        Some(m) if m.cluster_id.is_some() && cluster_id.is_some() && m.cluster_id != cluster_id => {
            return exit::invalid(format!(
                "{} holds a backup of cluster {}, this is cluster {}: back up into a new directory",
                dir.display(),
                m.cluster_id.unwrap_or_default(),
                cluster_id.unwrap_or_default()
            ))
        }
        Some(m) => m,
        None => Manifest::new(cluster_id),
    };
    if let Some(missing) = topics.iter().find(|t| !cluster.topics.contains_key(*t)) {
        return exit::invalid(format!(
            "topic '{missing}' does not exist on {}",
            cx.settings.bootstrap
        ));
    }
    let configs = admin.topic_configs(&topics).await?;
    let partitions: Vec<TopicPartition> = topics
        .iter()
        .flat_map(|t| {
            cluster.topics[t]
                .partitions
                .iter()
                .map(move |p| TopicPartition::new(t.clone(), p.id))
        })
        .collect();
    // The groups first, the ends second: every committed offset is then inside the backup.
    let (groups, reach) = admin.list_groups_reaching().await?;
    let names: Vec<String> = groups.into_iter().map(|g| g.name).collect();
    let mut snapshot: BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>> = BTreeMap::new();
    for (group, committed) in admin.committed_offsets(&names).await? {
        for (tp, o) in committed
            .into_iter()
            .filter(|(tp, _)| topics.contains(&tp.topic))
        {
            snapshot
                .entry(group.clone())
                .or_default()
                .entry(tp.topic)
                .or_default()
                .insert(tp.partition, o);
        }
    }
    let started_at = chrono::Utc::now().to_rfc3339();
    let start = admin.watermarks(partitions.clone()).await?;
    // One writer and one range per partition, in the order of `partitions`.
    let mut ranges = Vec::with_capacity(partitions.len());
    let mut writers = Vec::with_capacity(partitions.len());
    let mut retention_gaps = Vec::with_capacity(partitions.len());
    for tp in &partitions {
        let w = start
            .get(tp)
            .with_context(|| format!("no offsets for {tp}"))?;
        let prev = m
            .topics
            .get(&tp.topic)
            .and_then(|tb| tb.partition.get(&tp.partition));
        let (from, gap) = manifest::start_of_run(
            prev,
            Watermarks {
                low: w.log_start,
                high: w.log_end,
            },
        )
        .map_err(|e| exit::InputError::new(format!("{tp}: {e}")))?;
        retention_gaps.push(gap);
        writers.push(PartitionWriter::new(&dir, &tp.topic, tp.partition, from));
        ranges.push(ReadRange {
            topic: tp.topic.clone(),
            partition: tp.partition,
            from,
            end: w.log_end,
        });
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let total: i64 = ranges.iter().map(|r| (r.end - r.from).max(0)).sum();
    let bar = crate::render::progress::records_bar(
        cx.settings.stderr_is_terminal,
        total as u64,
        "backing up",
    );
    let kafka = cx.kafka.clone();
    let stall = cx.settings.timeout.max(std::time::Duration::from_secs(10));
    // Ctrl-C / SIGTERM while reading: stop between two records, close the segments and write a
    // manifest that claims exactly what was read, so that the next run continues from there.
    let _claim = cx.interrupt.claim();
    let interrupt = cx.interrupt.clone();
    let (writers, read) = tokio::task::spawn_blocking(move || {
        let mut writers = writers;
        let mut seen = 0u64;
        let stop = || interrupt.is_set();
        let read = read_partitions(&kafka, &ranges, stall, &stop, &mut |i, r| {
            // In steps: every `inc` reads the clock.
            seen += 1;
            if seen % 1024 == 0 {
                bar.inc(1024);
            }
            writers[i].push(r).with_context(|| {
                format!(
                    "cannot write the backup of {}[{}]",
                    ranges[i].topic, ranges[i].partition
                )
            })
        });
        bar.finish_and_clear();
        (writers, read)
    })
    .await?;
    let read = read?;
    // Interrupted: no further round trip (the exit is due within --timeout); the log start of
    // the run's start names the gaps.
    let low_after = if read.stopped {
        BTreeMap::new()
    } else {
        admin.watermarks(partitions.clone()).await?
    };
    let mut new_records = 0;
    let mut per_topic = BTreeMap::new();
    for (((tp, w), retention_gap), reached) in partitions
        .iter()
        .zip(writers)
        .zip(retention_gaps)
        .zip(read.positions)
    {
        let at_start = &start[tp];
        let low = low_after
            .get(tp)
            .map_or(at_start.log_start, |w| w.log_start);
        // Where this run's capture ends: the end captured at the start, or the position an
        // interrupt left the consumer at.
        let end = if read.stopped {
            reached
        } else {
            at_start.log_end
        };
        let topic = &cluster.topics[&tp.topic];
        let tb = m
            .topics
            .entry(tp.topic.clone())
            .or_insert_with(|| TopicBackup {
                partitions: topic.partition_count(),
                replication_factor: topic.replication_factor(),
                configs: BTreeMap::new(),
                partition: BTreeMap::new(),
            });
        tb.partitions = topic.partition_count();
        tb.replication_factor = topic.replication_factor();
        tb.configs = configs[&tp.topic]
            .iter()
            .filter(|(_, v)| v.is_override && !v.is_sensitive)
            .filter_map(|(k, v)| v.value.clone().map(|v| (k.clone(), v)))
            .collect();
        let compacted = tb.is_compacted();
        let (segments, gaps, records) = w.finish(end, low, compacted)?;
        let entry = tb
            .partition
            .entry(tp.partition)
            .or_insert_with(|| PartitionBackup {
                watermarks_at_start: Watermarks { low: 0, high: 0 },
                captured: Range {
                    from: at_start.log_start,
                    to: at_start.log_start,
                },
                records: 0,
                segments: Vec::new(),
                gaps: Vec::new(),
            });
        entry.watermarks_at_start = Watermarks {
            low: at_start.log_start,
            high: at_start.log_end,
        };
        entry.captured.to = end;
        entry.records += records;
        entry.segments.extend(segments);
        entry.gaps.extend(retention_gap);
        entry.gaps.extend(gaps);
        new_records += records;
        *per_topic.entry(tp.topic.clone()).or_insert(0) += records;
    }
    m.groups = snapshot;
    m.runs.push(Run {
        started_at,
        records: new_records,
    });
    m.save(&dir)
        .with_context(|| format!("cannot write the manifest in {}", dir.display()))?;
    let summary = Summary {
        interrupted: read.stopped,
        directory: dir.display().to_string(),
        new_records,
        total_records: m.records(),
        groups: m.groups.len(),
        every_group: reach == Reach::Every,
        partitions: per_topic,
    };
    if cx.out.json() {
        cx.out.print_json(&summary)?;
    } else {
        cx.out.line(format!(
            "backed up {} new records ({} in all) of {} topics and the offsets of {} groups into {}",
            summary.new_records,
            summary.total_records,
            summary.partitions.len(),
            summary.groups,
            summary.directory
        ))?;
    }
    if let Reach::Describable(why) = &reach {
        cx.out.warn(format!(
            "the offsets of {} groups are backed up, but Kafka lists only the groups a principal \
may describe ({why}); to back up every group's offsets, grant DESCRIBE on the cluster or on \
Group:* (kafka-acls --add --allow-principal {} --operation Describe --group '*')",
            summary.groups,
            cx.kafka.principal()
        ));
    }
    if summary.interrupted {
        cx.out.note(
            "Interrupted: the backup holds what was read so far; run the same backup again to \
continue from there.",
        );
        return Err(exit::Interrupted.into());
    }
    Ok(ExitCode::SUCCESS)
}
