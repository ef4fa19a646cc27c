//! `topics.yaml`: the declared topics, parsed strictly and resolved against an optional profile.
//!
//! Parsing is pure: [`parse`] turns text into a [`Spec`] or an [`InputError`] that names the
//! file, line and column. Nothing here talks to Kafka.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::duration;
use crate::exit::InputError;
use crate::names::closest;

/// Kafka refuses more; anything near it is a typo.
pub const MAX_PARTITIONS: i64 = 10_000;
pub const MAX_REPLICATION_FACTOR: i64 = 32;

/// One topic as the spec wants it, with defaults and the profile already applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TopicSpec {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub partitions: i32,
    pub replication_factor: i16,
    /// Declared topic configs, values normalised to what the broker reports (`7d` → `604800000`).
    pub config: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub topics: Vec<TopicSpec>,
    pub profile: Option<String>,
    /// `services:` and `acls:` (see `access.rs`).
    pub access: crate::access::Access,
}

impl Spec {
    /// Reads and parses `path`; every problem is an [`InputError`] naming `path:line:col`.
    pub fn load(path: &Path, profile: Option<&str>) -> Result<Spec, InputError> {
        let text = std::fs::read(path)
            .map_err(|e| InputError::new(format!("cannot read {}: {e}", path.display())))?;
        let text = String::from_utf8(text).map_err(|e| {
            InputError::new(format!(
                "{}: not UTF-8 text (invalid byte at offset {}); is this really a topics.yaml?",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        parse(&text, &path.display().to_string(), profile)
    }

    pub fn names(&self) -> Vec<String> {
        self.topics.iter().map(|t| t.name.clone()).collect()
    }

    pub fn topic(&self, name: &str) -> Option<&TopicSpec> {
        self.topics.iter().find(|t| t.name == name)
    }
}

/// An ordered YAML mapping whose keys keep their positions (and may not repeat).
pub(crate) struct Entries<V>(pub(crate) Vec<(Spanned<String>, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Spanned<String>, V>()? {
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries(Vec::new()))
            }
        }
        d.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A topic config value as written: `7d`, `604800000`, `compact`, `true`.
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    defaults: Option<RawSettings>,
    #[serde(default)]
    profiles: Option<Entries<Option<RawSettings>>>,
    topics: Entries<Option<RawTopic>>,
    #[serde(default)]
    services: Option<Entries<Option<crate::access::RawService>>>,
    #[serde(default)]
    acls: Option<Vec<crate::access::RawAcl>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    partitions: Option<Spanned<i64>>,
    replication_factor: Option<Spanned<i64>>,
    config: Option<Entries<Spanned<Scalar>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    description: Option<String>,
    partitions: Option<Spanned<i64>>,
    replication_factor: Option<Spanned<i64>>,
    config: Option<Entries<Spanned<Scalar>>>,
}

/// Values resolved so far for one layer (defaults, then profile, then topic).
#[derive(Clone, Default)]
struct Layer {
    partitions: Option<i64>,
    replication_factor: Option<i64>,
    config: BTreeMap<String, String>,
}

struct Ctx<'a> {
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, at: Location, message: impl fmt::Display) -> InputError {
        InputError::new(format!(
            "{}:{}:{}: {message}",
            self.file,
            at.line(),
            at.column()
        ))
    }

    fn overlay(
        &self,
        base: &Layer,
        partitions: &Option<Spanned<i64>>,
        replication_factor: &Option<Spanned<i64>>,
        config: &Option<Entries<Spanned<Scalar>>>,
    ) -> Result<Layer, InputError> {
        let mut out = base.clone();
        if let Some(p) = partitions {
            if p.value < 1 || p.value > MAX_PARTITIONS {
                return Err(self.err(
                    p.referenced,
                    format!(
                        "partitions must be between 1 and {MAX_PARTITIONS}, got {}",
                        p.value
                    ),
                ));
            }
            out.partitions = Some(p.value);
        }
        if let Some(rf) = replication_factor {
            if rf.value < 1 || rf.value > MAX_REPLICATION_FACTOR {
                return Err(self.err(
                    rf.referenced,
                    format!(
                        "replication_factor must be between 1 and {MAX_REPLICATION_FACTOR}, got {}",
                        rf.value
                    ),
                ));
            }
            out.replication_factor = Some(rf.value);
        }
        if let Some(Entries(entries)) = config {
            for (key, value) in entries {
                let normalised =
                    normalise_config(&key.value, &value.value.0).map_err(|(on_key, msg)| {
                        self.err(
                            if on_key {
                                key.referenced
                            } else {
                                value.referenced
                            },
                            msg,
                        )
                    })?;
                out.config.insert(key.value.clone(), normalised);
            }
        }
        Ok(out)
    }
}

/// Parses the text of a topics.yaml. `file` is only used in messages.
pub fn parse(text: &str, file: &str, profile: Option<&str>) -> Result<Spec, InputError> {
    let cx = Ctx { file };
    let blank = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    if text.lines().all(blank) {
        return Err(InputError::new(format!(
            "{file}: the file is empty; it must declare at least `topics:` (see README, topics.yaml reference)"
        )));
    }
    let raw: RawFile = serde_saphyr::from_str(text).map_err(|e| yaml_error(file, &e))?;

    let mut base = Layer::default();
    if let Some(d) = &raw.defaults {
        base = cx.overlay(&base, &d.partitions, &d.replication_factor, &d.config)?;
    }
    let profiles = raw.profiles.map(|p| p.0).unwrap_or_default();
    if let Some(name) = profile {
        let Some((_, settings)) = profiles.iter().find(|(k, _)| k.value == name) else {
            let known: Vec<&str> = profiles.iter().map(|(k, _)| k.value.as_str()).collect();
            return Err(InputError::new(format!(
                "{file}: no profile named '{name}' (declared: {})",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        };
        if let Some(s) = settings {
            base = cx.overlay(&base, &s.partitions, &s.replication_factor, &s.config)?;
        }
    } else {
        // Validate every profile even when none is chosen, so a typo fails early.
        for (_, s) in profiles.iter() {
            if let Some(s) = s {
                cx.overlay(&base, &s.partitions, &s.replication_factor, &s.config)?;
            }
        }
    }

    if raw.topics.0.is_empty() {
        return Err(InputError::new(format!(
            "{file}: `topics:` declares no topic"
        )));
    }
    let mut topics: Vec<TopicSpec> = Vec::with_capacity(raw.topics.0.len());
    let mut seen: BTreeMap<String, (String, Location)> = BTreeMap::new();
    for (name, topic) in &raw.topics.0 {
        validate_topic_name(&name.value).map_err(|m| cx.err(name.referenced, m))?;
        // Kafka treats '.' and '_' as the same in metric names and refuses such pairs.
        let folded = name.value.replace('.', "_");
        if let Some((other, at)) = seen.get(&folded) {
            let what = if *other == name.value {
                "is declared twice"
            } else {
                "collides with"
            };
            return Err(cx.err(
                name.referenced,
                format!(
                    "topic '{}' {what}{} (line {}); Kafka treats '.' and '_' alike in topic names",
                    name.value,
                    if *other == name.value {
                        String::new()
                    } else {
                        format!(" '{other}'")
                    },
                    at.line()
                ),
            ));
        }
        seen.insert(folded, (name.value.clone(), name.referenced));
        let t = topic.as_ref().map(|t| (t, ())).map(|(t, _)| t);
        let layer = match t {
            Some(t) => cx.overlay(&base, &t.partitions, &t.replication_factor, &t.config)?,
            None => base.clone(),
        };
        let partitions = layer.partitions.ok_or_else(|| {
            cx.err(
                name.referenced,
                format!(
                    "topic '{}' has no partitions (set it here or under defaults)",
                    name.value
                ),
            )
        })?;
        let replication_factor = layer.replication_factor.ok_or_else(|| {
            cx.err(
                name.referenced,
                format!(
                    "topic '{}' has no replication_factor (set it here or under defaults)",
                    name.value
                ),
            )
        })?;
        topics.push(TopicSpec {
            name: name.value.clone(),
            description: t.and_then(|t| t.description.clone()),
            partitions: partitions as i32,
            replication_factor: replication_factor as i16,
            config: layer.config,
        });
    }
    let names: Vec<String> = topics.iter().map(|t| t.name.clone()).collect();
    let access = crate::access::resolve(
        file,
        raw.services.map(|s| s.0).unwrap_or_default(),
        raw.acls.unwrap_or_default(),
        &names,
    )?;
    Ok(Spec {
        topics,
        profile: profile.map(str::to_string),
        access,
    })
}

/// One line, `file:line:col: message`, from a YAML parser error.
fn yaml_error(file: &str, e: &serde_saphyr::Error) -> InputError {
    let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let mut message = e.render_with_options(options);
    // The plain rendering appends " at line L column C"; we put the position first instead.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    let message = message.lines().next().unwrap_or("invalid YAML").trim();
    // Drop the library's advice to its own programmers.
    let message = message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(message);
    // Say it in the file's terms rather than the parser's.
    let message = match message {
        "invalid i64" | "invalid u64" => "expected a whole number".to_string(),
        "expected mapping start" => "expected a mapping (key: value pairs) here".to_string(),
        other => other.to_string(),
    };
    match e.location() {
        Some(at) => InputError::new(format!("{file}:{}:{}: {message}", at.line(), at.column())),
        None => InputError::new(format!("{file}: {message}")),
    }
}

/// Kafka's rule for topic names, and no `__` prefix: those are Kafka's internal topics.
pub fn validate_topic_name(name: &str) -> Result<(), String> {
    crate::names::check_topic_name(name)?;
    if name.starts_with("__") {
        return Err(format!(
            "'{name}': names starting with '__' are reserved for Kafka's internal topics"
        ));
    }
    Ok(())
}

/// What a topic config's value must be, as Kafka 4.x documents and enforces it
/// (`kafka-configs --describe --all`, and the broker's own validators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    /// A duration in milliseconds (`7d`, `12h`, or plain ms), at least `min` (-1/-2: sentinels).
    Millis {
        min: i64,
    },
    /// A whole number (a Kafka INT when `int`, else a LONG) of at least `min`; `or` is one extra
    /// allowed value below it (compression levels' `-1` = the codec's default).
    Number {
        min: i64,
        max: Option<i64>,
        int: bool,
        or: Option<i64>,
        unit: &'static str,
    },
    /// A number between 0 and 1.
    Ratio,
    Bool,
    /// One of these exact words.
    OneOf(&'static [&'static str]),
    /// A comma-separated list of these words.
    ListOf(&'static [&'static str]),
    /// `*` or `partition:broker,...` pairs.
    Replicas,
}

use ValueKind::*;

const fn long(min: i64, unit: &'static str) -> ValueKind {
    Number {
        min,
        max: None,
        int: false,
        or: None,
        unit,
    }
}

const fn int(min: i64, unit: &'static str) -> ValueKind {
    Number {
        min,
        max: None,
        int: true,
        or: None,
        unit,
    }
}

const fn level(min: i64, max: i64, or: Option<i64>) -> ValueKind {
    Number {
        min,
        max: Some(max),
        int: true,
        or,
        unit: "",
    }
}

/// Topic-level configs a Kafka 4.x broker accepts, with the values it accepts.
const TOPIC_CONFIGS: &[(&str, ValueKind)] = &[
    ("cleanup.policy", ListOf(&["compact", "delete"])),
    ("compression.gzip.level", level(1, 9, Some(-1))),
    ("compression.lz4.level", level(1, 17, None)),
    (
        "compression.type",
        OneOf(&["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]),
    ),
    ("compression.zstd.level", level(-131_072, 22, None)),
    ("delete.retention.ms", Millis { min: 0 }),
    ("file.delete.delay.ms", Millis { min: 0 }),
    ("flush.messages", long(1, "messages")),
    ("flush.ms", Millis { min: 0 }),
    ("follower.replication.throttled.replicas", Replicas),
    ("index.interval.bytes", int(0, "bytes")),
    ("leader.replication.throttled.replicas", Replicas),
    // -2: the same as retention.bytes / retention.ms.
    ("local.retention.bytes", long(-2, "bytes")),
    ("local.retention.ms", Millis { min: -2 }),
    ("max.compaction.lag.ms", Millis { min: 1 }),
    ("max.message.bytes", int(0, "bytes")),
    ("message.timestamp.after.max.ms", Millis { min: 0 }),
    ("message.timestamp.before.max.ms", Millis { min: 0 }),
    (
        "message.timestamp.type",
        OneOf(&["CreateTime", "LogAppendTime"]),
    ),
    ("min.cleanable.dirty.ratio", Ratio),
    ("min.compaction.lag.ms", Millis { min: 0 }),
    ("min.insync.replicas", int(1, "replicas")),
    ("preallocate", Bool),
    ("remote.log.copy.disable", Bool),
    ("remote.log.delete.on.disable", Bool),
    ("remote.storage.enable", Bool),
    // -1: no size limit.
    ("retention.bytes", long(-1, "bytes")),
    // -1: keep forever.
    ("retention.ms", Millis { min: -1 }),
    // Kafka 4 refuses segments under 1 MiB.
    ("segment.bytes", int(1_048_576, "bytes")),
    ("segment.index.bytes", int(4, "bytes")),
    ("segment.jitter.ms", Millis { min: 0 }),
    ("segment.ms", Millis { min: 1 }),
    ("unclean.leader.election.enable", Bool),
];

/// The names of [`TOPIC_CONFIGS`], for "did you mean".
fn topic_config_keys() -> Vec<&'static str> {
    TOPIC_CONFIGS.iter().map(|(k, _)| *k).collect()
}

/// Checks a config key and brings its value to the broker's spelling.
/// The error says whether the key (`true`) or the value (`false`) is at fault.
fn normalise_config(key: &str, value: &str) -> Result<String, (bool, String)> {
    let Some((_, kind)) = TOPIC_CONFIGS.iter().find(|(k, _)| *k == key) else {
        let hint = closest(key, topic_config_keys())
            .map(|k| format!(" (did you mean '{k}'?)"))
            .unwrap_or_default();
        return Err((true, format!("unknown topic config '{key}'{hint}")));
    };
    if value.trim().is_empty() {
        return Err((false, format!("{key}: value must not be empty")));
    }
    check_value(key, value.trim(), *kind).map_err(|msg| (false, format!("{key}: {msg}")))
}

/// The value in the broker's spelling, or why the broker would refuse it.
fn check_value(key: &str, v: &str, kind: ValueKind) -> Result<String, String> {
    let words = |allowed: &[&str]| allowed.join(", ");
    match kind {
        Millis { min } => {
            let ms = duration::parse_millis(v)?;
            if ms < min {
                let allowed = match min {
                    -1 => "-1 (infinite) or a duration".to_string(),
                    -2 => "-2 (as retention.ms), -1 (infinite) or a duration".to_string(),
                    0 => "a duration (0 or more)".to_string(),
                    n => format!("a duration of at least {n}ms"),
                };
                return Err(format!("must be {allowed}, got {v}"));
            }
            Ok(ms.to_string())
        }
        Number {
            min,
            max,
            int,
            or,
            unit,
        } => {
            let Ok(n) = v.parse::<i64>() else {
                let hint = if unit == "bytes" {
                    " of bytes, without a unit (1 GiB is 1073741824)"
                } else {
                    ""
                };
                return Err(format!("expected a whole number{hint}, got '{v}'"));
            };
            let top = max.unwrap_or(if int { i64::from(i32::MAX) } else { i64::MAX });
            if (n < min || n > top) && Some(n) != or {
                let range = match (max, or) {
                    (Some(m), Some(o)) => format!("between {min} and {m}, or {o}"),
                    (Some(m), None) => format!("between {min} and {m}"),
                    (None, _) if int => format!("between {min} and {top}"),
                    (None, _) => format!("at least {min}"),
                };
                let sentinel = match (key, n) {
                    ("retention.bytes", _) => " (-1: no limit)",
                    ("local.retention.bytes", _) => " (-2: as retention.bytes, -1: no limit)",
                    _ => "",
                };
                return Err(format!("must be {range}{sentinel}, got {n}"));
            }
            Ok(n.to_string())
        }
        Ratio => match v.parse::<f64>() {
            Ok(r) if (0.0..=1.0).contains(&r) => Ok(v.to_string()),
            _ => Err(format!("must be a number between 0 and 1, got '{v}'")),
        },
        Bool => match v.to_ascii_lowercase().as_str() {
            b @ ("true" | "false") => Ok(b.to_string()),
            _ => Err(format!("must be true or false, got '{v}'")),
        },
        OneOf(allowed) => {
            if allowed.contains(&v) {
                return Ok(v.to_string());
            }
            let hint = closest(v, allowed.iter().copied())
                .or_else(|| allowed.iter().find(|a| a.eq_ignore_ascii_case(v)).copied())
                .map(|a| format!(" (did you mean '{a}'?)"))
                .unwrap_or_default();
            Err(format!(
                "must be one of {}, got '{v}'{hint}",
                words(allowed)
            ))
        }
        ListOf(allowed) => {
            for item in v.split(',').map(str::trim) {
                if !allowed.contains(&item) {
                    let hint = closest(item, allowed.iter().copied())
                        .map(|a| format!(" (did you mean '{a}'?)"))
                        .unwrap_or_default();
                    return Err(format!(
                        "must be {} or both, separated by a comma, got '{v}'{hint}",
                        allowed.join(" or ")
                    ));
                }
            }
            Ok(v.to_string())
        }
        Replicas => {
            let pair = |p: &str| {
                let mut it = p.trim().splitn(2, ':');
                matches!((it.next(), it.next()), (Some(a), Some(b))
                    if a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
            };
            if v == "*" || v.split(',').all(pair) {
                Ok(v.to_string())
            } else {
                Err(format!(
                    "must be '*' or a list of PARTITION:BROKER pairs (0:1,1:2), got '{v}'"
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
defaults:
  partitions: 3
  replication_factor: 1
  config:
    retention.ms: 7d        # a week
profiles:
  prod:
    replication_factor: 3
    config: { min.insync.replicas: 2 }
topics:
  task-events:
    description: Task lifecycle events
  notification-events:
    config: { retention.ms: 14d }
  big:
    partitions: 12
";

    fn err(text: &str) -> String {
        parse(text, "topics.yaml", None).unwrap_err().to_string()
    }

    #[test]
    fn parses_defaults_and_overrides() {
        let spec = parse(SAMPLE, "t.yaml", None).unwrap();
        assert_eq!(spec.names(), ["task-events", "notification-events", "big"]);
        let task = spec.topic("task-events").unwrap();
        assert_eq!((task.partitions, task.replication_factor), (3, 1));
        assert_eq!(task.config["retention.ms"], "604800000");
        assert_eq!(task.description.as_deref(), Some("Task lifecycle events"));
        assert_eq!(
            spec.topic("notification-events").unwrap().config["retention.ms"],
            "1209600000"
        );
        assert_eq!(spec.topic("big").unwrap().partitions, 12);
        assert!(!task.config.contains_key("min.insync.replicas"));
    }

    #[test]
    fn profile_overlays_defaults_but_not_topic_overrides() {
        let spec = parse(SAMPLE, "t.yaml", Some("prod")).unwrap();
        let n = spec.topic("notification-events").unwrap();
        assert_eq!(n.replication_factor, 3);
        assert_eq!(n.config["min.insync.replicas"], "2");
        assert_eq!(n.config["retention.ms"], "1209600000");
        assert_eq!(spec.profile.as_deref(), Some("prod"));
    }

    #[test]
    fn unknown_profile_lists_the_known_ones() {
        let e = parse(SAMPLE, "t.yaml", Some("staging"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no profile named 'staging'") && e.contains("prod"),
            "{e}"
        );
    }

    #[test]
    fn the_repository_topics_yaml_is_the_spm_set() {
        let text = include_str!("../topics.yaml");
        let spec = parse(text, "topics.yaml", None).unwrap();
        assert_eq!(
            spec.names(),
            [
                "task-events",
                "project-events",
                "schedule-events",
                "user-events",
                "notification-events"
            ]
        );
        for t in &spec.topics {
            assert_eq!((t.partitions, t.replication_factor), (3, 1), "{}", t.name);
            let days = if t.name == "notification-events" {
                14
            } else {
                7
            };
            assert_eq!(
                t.config["retention.ms"],
                (days * 86_400_000i64).to_string(),
                "{}",
                t.name
            );
        }
        let prod = parse(text, "topics.yaml", Some("prod")).unwrap();
        assert!(prod
            .topics
            .iter()
            .all(|t| t.replication_factor == 3 && t.config["min.insync.replicas"] == "2"));
    }

    #[test]
    fn unknown_key_has_position() {
        let e = err("topics:\n  a:\n    partition: 3\n");
        assert!(e.starts_with("topics.yaml:3:5:"), "{e}");
        assert!(e.contains("partition"), "{e}");
    }

    #[test]
    fn unknown_top_level_key() {
        let e = err("topic:\n  a: {}\n");
        assert!(e.starts_with("topics.yaml:1:1:"), "{e}");
    }

    #[test]
    fn duplicate_topic_has_position() {
        let e = err("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a: {}\n  b: {}\n  a: {}\n");
        assert!(e.starts_with("topics.yaml:5:3:"), "{e}");
        assert!(
            e.to_lowercase().contains("duplicate") || e.contains("twice"),
            "{e}"
        );
    }

    #[test]
    fn colliding_names() {
        let e = err(
            "defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a.b: {}\n  a_b: {}\n",
        );
        assert!(
            e.starts_with("topics.yaml:4:3:") && e.contains("collides with 'a.b'"),
            "{e}"
        );
    }

    #[test]
    fn invalid_topic_names() {
        let e =
            err("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  \"bad name\": {}\n");
        assert!(
            e.starts_with("topics.yaml:3:3:") && e.contains("not allowed"),
            "{e}"
        );
        let long = "x".repeat(250);
        let e = err(&format!(
            "defaults: {{partitions: 1, replication_factor: 1}}\ntopics:\n  {long}: {{}}\n"
        ));
        assert!(e.contains("at most 249"), "{e}");
        assert!(err(
            "defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  __consumer_offsets: {}\n"
        )
        .contains("reserved"));
        assert!(validate_topic_name("..").is_err());
        assert!(validate_topic_name("task-events").is_ok());
    }

    #[test]
    fn partitions_out_of_range() {
        let e = err("topics:\n  a:\n    partitions: 0\n    replication_factor: 1\n");
        assert!(
            e.starts_with("topics.yaml:3:17:") && e.contains("between 1 and"),
            "{e}"
        );
        assert!(err("topics:\n  a: {partitions: -2, replication_factor: 1}\n").contains("got -2"));
        assert!(
            err("topics:\n  a: {partitions: 100000000, replication_factor: 1}\n")
                .contains("between 1 and 10000")
        );
        assert!(
            err("topics:\n  a: {partitions: 1, replication_factor: 0}\n")
                .contains("replication_factor must be")
        );
    }

    #[test]
    fn wrong_type_has_position() {
        let e = err("topics:\n  a:\n    partitions: three\n");
        assert!(e.starts_with("topics.yaml:3:17:"), "{e}");
    }

    #[test]
    fn bad_duration_has_value_position() {
        let e = err("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a:\n    config:\n      retention.ms: 7 days\n");
        assert!(
            e.starts_with("topics.yaml:5:21:") && e.contains("invalid duration"),
            "{e}"
        );
    }

    #[test]
    fn unknown_config_key_suggests() {
        let e = err("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a:\n    config:\n      retention.msx: 7d\n");
        assert!(
            e.starts_with("topics.yaml:5:7:") && e.contains("did you mean 'retention.ms'"),
            "{e}"
        );
    }

    #[test]
    fn missing_partitions() {
        let e = err("topics:\n  a: {replication_factor: 1}\n");
        assert!(e.contains("has no partitions"), "{e}");
    }

    #[test]
    fn empty_and_garbage_files() {
        assert!(err("").contains("empty"));
        assert!(err("   \n# just a comment\n").contains("empty"));
        assert!(err("topics:\n  a:\n    partitions: 1.5\n").contains("expected a whole number"));
        assert!(err("topics: {}\n").contains("no topic"));
        assert!(err("topics:\n\ta: {}\n").starts_with("topics.yaml:"));
        assert!(err("[1, 2").starts_with("topics.yaml:"));
        assert!(err("just a string").starts_with("topics.yaml:"));
    }

    #[test]
    fn config_values_are_normalised() {
        assert_eq!(normalise_config("retention.ms", "12h").unwrap(), "43200000");
        assert_eq!(normalise_config("retention.ms", "-1").unwrap(), "-1");
        assert_eq!(normalise_config("min.insync.replicas", "2").unwrap(), "2");
        assert_eq!(
            normalise_config("cleanup.policy", "compact").unwrap(),
            "compact"
        );
        assert!(normalise_config("retention.ms", "-5").is_err());
    }

    fn value_err(key: &str, value: &str) -> String {
        normalise_config(key, value).unwrap_err().1
    }

    #[test]
    fn config_values_are_checked_like_the_broker_does() {
        // The three values of issue 10, each refused with the key and a hint.
        let e = value_err("cleanup.policy", "compactt");
        assert!(
            e.starts_with("cleanup.policy: must be compact or delete")
                && e.contains("did you mean 'compact'"),
            "{e}"
        );
        let e = value_err("retention.bytes", "1GB");
        assert!(
            e.contains("retention.bytes: expected a whole number of bytes")
                && e.contains("1073741824"),
            "{e}"
        );
        let e = value_err("min.insync.replicas", "two");
        assert!(
            e.contains("min.insync.replicas: expected a whole number, got 'two'"),
            "{e}"
        );
        assert!(value_err("min.insync.replicas", "0").contains("between 1 and"));
        assert!(value_err("min.insync.replicas", "3000000000").contains("between 1 and 2147483647"));
        assert!(value_err("compression.type", "zstdd").contains("did you mean 'zstd'"));
        assert!(value_err("message.timestamp.type", "createtime").contains("'CreateTime'"));
        assert!(value_err("segment.bytes", "1000").contains("between 1048576 and"));
        assert!(value_err("max.message.bytes", "-1").contains("got -1"));
        assert!(value_err("retention.bytes", "-2").contains("-1: no limit"));
        assert!(value_err("segment.ms", "0").contains("at least 1ms"));
        assert!(value_err("delete.retention.ms", "-1").contains("0 or more"));
        assert!(value_err("local.retention.ms", "-3").contains("-2"));
        assert!(value_err("min.cleanable.dirty.ratio", "1.5").contains("between 0 and 1"));
        assert!(value_err("preallocate", "yes").contains("true or false"));
        assert!(value_err("unclean.leader.election.enable", "1").contains("true or false"));
        assert!(value_err("compression.gzip.level", "10").contains("between 1 and 9, or -1"));
        assert!(value_err("compression.zstd.level", "23").contains("between -131072 and 22"));
        assert!(value_err("leader.replication.throttled.replicas", "bogus")
            .contains("PARTITION:BROKER"));
        assert!(value_err("cleanup.policy", "compact,nope").contains("got 'compact,nope'"));
    }

    #[test]
    fn valid_config_values_pass_in_the_brokers_spelling() {
        for (key, value, stored) in [
            ("retention.bytes", "-1", "-1"),
            ("retention.bytes", "1073741824", "1073741824"),
            ("local.retention.bytes", "-2", "-2"),
            ("local.retention.ms", "-2", "-2"),
            ("retention.ms", "-1", "-1"),
            ("cleanup.policy", "compact,delete", "compact,delete"),
            ("cleanup.policy", "delete", "delete"),
            ("compression.type", "zstd", "zstd"),
            ("compression.gzip.level", "-1", "-1"),
            ("compression.zstd.level", "-5", "-5"),
            ("message.timestamp.type", "LogAppendTime", "LogAppendTime"),
            ("min.insync.replicas", "2", "2"),
            ("min.cleanable.dirty.ratio", "0.5", "0.5"),
            ("preallocate", "TRUE", "true"),
            ("segment.bytes", "1048576", "1048576"),
            ("segment.ms", "1h", "3600000"),
            ("max.message.bytes", "0", "0"),
            ("leader.replication.throttled.replicas", "*", "*"),
            (
                "follower.replication.throttled.replicas",
                "0:1,1:2",
                "0:1,1:2",
            ),
        ] {
            assert_eq!(
                normalise_config(key, value).as_deref(),
                Ok(stored),
                "{key}={value}"
            );
        }
    }

    #[test]
    fn a_bad_config_value_in_the_file_names_its_position() {
        let e = err("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a:\n    config:\n      min.insync.replicas: two\n");
        assert!(
            e.starts_with("topics.yaml:5:28: min.insync.replicas: expected a whole number"),
            "{e}"
        );
        // A YAML boolean is a boolean config's value; a boolean is not a number.
        let ok = parse("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a: {config: {preallocate: true}}\n", "t", None).unwrap();
        assert_eq!(ok.topics[0].config["preallocate"], "true");
        assert!(err("defaults: {partitions: 1, replication_factor: 1}\ntopics:\n  a: {config: {segment.bytes: true}}\n").contains("segment.bytes: expected a whole number"));
    }
}
