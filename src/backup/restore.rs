//! The decisions of `restore`: topic names on the target, whether a target topic can take the
//! backup, what to warn about, and where an interrupted restore resumes.

use std::collections::BTreeMap;

use super::manifest::{Manifest, TopicBackup};
use super::verify::Comparison;
use crate::cluster::Cluster;
use crate::spec::TopicSpec;

/// `--topic-map OLD=NEW` pairs and `--topic-prefix P` into one name function.
pub struct TopicNames {
    map: BTreeMap<String, String>,
    prefix: String,
}

impl TopicNames {
    pub fn parse(pairs: &[String], prefix: Option<&str>) -> Result<TopicNames, String> {
        let mut map = BTreeMap::new();
        for pair in pairs {
            let Some((old, new)) = pair.split_once('=') else {
                return Err(format!("--topic-map '{pair}': expected OLD=NEW"));
            };
            if old.is_empty() || new.is_empty() {
                return Err(format!("--topic-map '{pair}': both names are needed"));
            }
            if map.insert(old.to_string(), new.to_string()).is_some() {
                return Err(format!("--topic-map names '{old}' twice"));
            }
        }
        Ok(TopicNames {
            map,
            prefix: prefix.unwrap_or("").to_string(),
        })
    }

    /// Names in the map that the backup does not hold (a typo would restore nothing renamed).
    pub fn unknown<'a>(&'a self, backed_up: &'a [String]) -> Vec<&'a str> {
        self.map
            .keys()
            .filter(|k| !backed_up.contains(k))
            .map(String::as_str)
            .collect()
    }

    pub fn target(&self, source: &str) -> String {
        match self.map.get(source) {
            Some(new) => new.clone(),
            None => format!("{}{source}", self.prefix),
        }
    }
}

/// What the target cluster has of a topic to restore into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub partitions: i32,
    pub configs: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Create it with the backed-up partition count, replication factor and configs.
    Create,
    Use,
}

/// Whether the backup of `source` can go into `target`: every record goes to its original
/// partition, so the target needs at least as many partitions.
pub fn target_action(
    target: &str,
    backup: &TopicBackup,
    existing: Option<&Existing>,
) -> Result<Action, String> {
    match existing {
        None => Ok(Action::Create),
        Some(e) if e.partitions < backup.partitions => Err(format!(
            "topic '{target}' has {} partitions, the backup {}: records go back to their own \
partitions, so the target needs at least {} (add partitions, or restore under another name with \
--topic-map)",
            e.partitions, backup.partitions, backup.partitions
        )),
        Some(_) => Ok(Action::Use),
    }
}

/// Warnings about a target topic's configs: timestamps replaced by the broker, or restored
/// records that retention would delete at once. `oldest`: the oldest restored timestamp (ms).
pub fn warnings(
    target: &str,
    configs: &BTreeMap<String, String>,
    oldest: Option<i64>,
    now_ms: i64,
) -> Vec<String> {
    let mut out = Vec::new();
    if configs.get("message.timestamp.type").map(String::as_str) == Some("LogAppendTime") {
        out.push(format!(
            "topic '{target}' has message.timestamp.type=LogAppendTime: the broker replaces the \
original timestamps with the time of the restore"
        ));
    }
    let deletes = configs
        .get("cleanup.policy")
        .is_none_or(|p| p.contains("delete"));
    let retention = configs
        .get("retention.ms")
        .and_then(|r| r.parse::<i64>().ok())
        .filter(|r| *r >= 0);
    if let (true, Some(retention), Some(oldest)) = (deletes, retention, oldest) {
        if oldest < now_ms.saturating_sub(retention) {
            out.push(format!(
                "topic '{target}' has retention.ms={retention}: restored records older than that \
(the oldest is from {}) can be deleted by retention right after the restore",
                chrono::DateTime::from_timestamp_millis(oldest)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| oldest.to_string())
            ));
        }
    }
    out
}

/// How many restored records a target partition already holds, or why it cannot be resumed:
/// a non-empty partition is accepted only if it holds exactly a prefix of what is restored.
pub fn resume_after(label: &str, c: &Comparison) -> Result<u64, String> {
    if c.is_prefix() {
        return Ok(c.matched);
    }
    if let Some(d) = &c.first_difference {
        return Err(format!(
            "{label} already holds records that are not the backup's: {d}; restore into an empty \
topic (--topic-map OLD=NEW)"
        ));
    }
    if c.extra > 0 {
        return Err(format!(
            "{label} holds {} more records than the backup restores: it is not a partial restore \
of this backup; restore into an empty topic (--topic-map OLD=NEW)",
            c.extra
        ));
    }
    Ok(c.matched)
}

/// The topics to create on the target (with the backed-up partition count, replication factor
/// capped by the brokers there, and configs) and the warnings about existing ones; `Err` when a
/// target cannot take its backup. `target` names a backed-up topic on the target.
pub fn plan_targets(
    m: &Manifest,
    target: &dyn Fn(&str) -> String,
    cluster: &Cluster,
    now_ms: i64,
) -> Result<(Vec<TopicSpec>, Vec<String>), String> {
    let (mut create, mut warned) = (Vec::new(), Vec::new());
    for (source, tb) in &m.topics {
        let name = target(source);
        let existing = cluster.topics.get(&name).map(|t| Existing {
            partitions: t.partition_count(),
            configs: t
                .config
                .iter()
                .filter_map(|(k, v)| v.value.clone().map(|v| (k.clone(), v)))
                .collect(),
        });
        let action = target_action(&name, tb, existing.as_ref())?;
        let configs = existing.map_or_else(|| tb.configs.clone(), |e| e.configs);
        let oldest = tb
            .partition
            .values()
            .flat_map(|p| p.segments.first())
            .map(|s| s.first_timestamp)
            .min();
        warned.extend(warnings(&name, &configs, oldest, now_ms));
        if action == Action::Create {
            create.push(TopicSpec {
                name,
                description: None,
                partitions: tb.partitions,
                replication_factor: tb
                    .replication_factor
                    .min(cluster.brokers.len().max(1) as i16),
                config: tb.configs.clone(),
            });
        }
    }
    Ok((create, warned))
}

/// `--until`: an RFC 3339 time or epoch milliseconds.
pub fn parse_until(text: &str) -> Result<i64, String> {
    if let Ok(ms) = text.parse::<i64>() {
        return Ok(ms);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            format!("'{text}' is not a time: give RFC 3339 (2026-12-01T10:00:00Z) or epoch milliseconds")
        })
}

/// Kafka's default `max.message.bytes` of a topic (1 MiB plus the batch overhead).
const DEFAULT_MAX_MESSAGE_BYTES: u64 = 1_048_588;

/// The largest and the smallest `max.message.bytes` of the target topics, for the producer: the
/// target's own value where it exists, else the backed-up topic's (which a created target gets),
/// else Kafka's default. A record that its source topic held then fits through the producer.
pub fn message_limits(
    m: &Manifest,
    target: &dyn Fn(&str) -> String,
    cluster: &Cluster,
) -> (u64, u64) {
    let limits: Vec<u64> = m
        .topics
        .iter()
        .map(|(source, tb)| {
            cluster
                .topics
                .get(&target(source))
                .and_then(|t| t.config_value("max.message.bytes"))
                .or_else(|| tb.config("max.message.bytes"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(DEFAULT_MAX_MESSAGE_BYTES)
        })
        .collect();
    (
        limits
            .iter()
            .copied()
            .max()
            .unwrap_or(DEFAULT_MAX_MESSAGE_BYTES),
        limits
            .iter()
            .copied()
            .min()
            .unwrap_or(DEFAULT_MAX_MESSAGE_BYTES),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_takes_rfc3339_or_milliseconds() {
        assert_eq!(parse_until("1700000000000"), Ok(1_700_000_000_000));
        assert_eq!(parse_until("2023-11-14T22:13:20Z"), Ok(1_700_000_000_000));
        assert!(parse_until("yesterday").is_err());
    }

    fn topic(partitions: i32) -> TopicBackup {
        TopicBackup {
            partitions,
            replication_factor: 1,
            configs: BTreeMap::new(),
            partition: BTreeMap::new(),
        }
    }

    #[test]
    fn the_producer_takes_the_largest_message_limit_of_the_targets() {
        let mut m = Manifest::new(None);
        let mut big = topic(1);
        big.configs
            .insert("max.message.bytes".into(), "5000000".into());
        m.topics.insert("big".into(), big);
        m.topics.insert("plain".into(), topic(1));
        let none = Cluster::default();
        let same = |t: &str| t.to_string();
        assert_eq!(message_limits(&m, &same, &none), (5_000_000, 1_048_588));
        assert_eq!(
            message_limits(&Manifest::new(None), &same, &none),
            (1_048_588, 1_048_588)
        );
    }

    #[test]
    fn names_are_mapped_or_prefixed() {
        let n = TopicNames::parse(&["a=b".into()], Some("dr.")).unwrap();
        assert_eq!(n.target("a"), "b");
        assert_eq!(n.target("c"), "dr.c");
        assert_eq!(n.unknown(&["c".into()]), vec!["a"]);
        assert!(TopicNames::parse(&["a".into()], None).is_err());
        assert!(TopicNames::parse(&["a=".into()], None).is_err());
        assert!(TopicNames::parse(&["a=b".into(), "a=c".into()], None).is_err());
        assert_eq!(TopicNames::parse(&[], None).unwrap().target("x"), "x");
    }

    #[test]
    fn missing_topics_are_created_as_backed_up_on_as_many_brokers_as_there_are() {
        let mut m = Manifest::new(None);
        let mut tb = topic(3);
        tb.replication_factor = 3;
        tb.configs.insert("cleanup.policy".into(), "compact".into());
        m.topics.insert("a".into(), tb);
        m.topics.insert("b".into(), topic(1));
        let mut cluster = Cluster::default();
        cluster.brokers.push(crate::cluster::Broker {
            id: 1,
            host: "h".into(),
            port: 1,
        });
        cluster.topics.insert(
            "x.b".into(),
            crate::cluster::Topic {
                name: "x.b".into(),
                partitions: vec![],
                config: BTreeMap::new(),
            },
        );
        let err = plan_targets(&m, &|t| format!("x.{t}"), &cluster, 0).unwrap_err();
        assert!(err.contains("'x.b' has 0 partitions"), "{err}");
        m.topics.remove("b");
        let (create, warned) = plan_targets(&m, &|t| format!("x.{t}"), &cluster, 0).unwrap();
        assert_eq!(create.len(), 1);
        assert_eq!(
            (
                create[0].name.as_str(),
                create[0].partitions,
                create[0].replication_factor
            ),
            ("x.a", 3, 1)
        );
        assert_eq!(create[0].config["cleanup.policy"], "compact");
        assert!(warned.is_empty());
    }

    #[test]
    fn fewer_partitions_are_refused() {
        let e = |partitions| Existing {
            partitions,
            configs: BTreeMap::new(),
        };
        assert_eq!(target_action("t", &topic(3), None), Ok(Action::Create));
        assert_eq!(target_action("t", &topic(3), Some(&e(3))), Ok(Action::Use));
        assert_eq!(target_action("t", &topic(3), Some(&e(6))), Ok(Action::Use));
        assert!(target_action("t", &topic(3), Some(&e(2)))
            .unwrap_err()
            .contains("has 2 partitions, the backup 3"));
    }

    #[test]
    fn log_append_time_and_short_retention_are_warned() {
        let day = 86_400_000;
        let c = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let now = 100 * day;
        let w = warnings(
            "t",
            &c(&[("message.timestamp.type", "LogAppendTime")]),
            None,
            now,
        );
        assert!(w[0].contains("LogAppendTime"));
        let short = c(&[("retention.ms", &(7 * day).to_string())]);
        assert_eq!(warnings("t", &short, Some(now - 8 * day), now).len(), 1);
        assert!(warnings("t", &short, Some(now - 6 * day), now).is_empty());
        let compacted = c(&[("retention.ms", "1"), ("cleanup.policy", "compact")]);
        assert!(warnings("t", &compacted, Some(0), now).is_empty());
        assert!(warnings("t", &c(&[("retention.ms", "-1")]), Some(0), now).is_empty());
    }

    #[test]
    fn only_a_prefix_resumes() {
        let c = |matched, extra, diff: Option<&str>| Comparison {
            matched,
            missing: 0,
            extra,
            first_difference: diff.map(str::to_string),
        };
        assert_eq!(resume_after("t[0]", &c(0, 0, None)), Ok(0));
        assert_eq!(resume_after("t[0]", &c(5, 0, None)), Ok(5));
        assert!(resume_after("t[0]", &c(5, 1, None))
            .unwrap_err()
            .contains("1 more"));
        assert!(resume_after("t[0]", &c(2, 0, Some("x"))).is_err());
    }
}
