//! Names as Kafka and the user spell them: the one topic-name rule, "did you mean",
//! a topic-partition, and partition lists written as ranges (`0-2,5`).

use std::fmt;

/// Kafka's limit on a topic name's length.
pub const MAX_TOPIC_NAME: usize = 249;

/// Kafka's rule for topic names: 1–249 characters of `[a-zA-Z0-9._-]`, and not `.` or `..`.
/// (Declaring a topic adds one more rule — no `__` prefix — in `spec`.)
pub fn check_topic_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("topic name must not be empty".into());
    }
    if name == "." || name == ".." {
        return Err(format!("'{name}' is not a valid topic name"));
    }
    if name.len() > MAX_TOPIC_NAME {
        return Err(format!(
            "topic name is {} characters long; Kafka allows at most {MAX_TOPIC_NAME}",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(format!(
            "invalid topic name '{name}': character {c:?} is not allowed (use letters, digits, '.', '_' and '-')"
        ));
    }
    Ok(())
}

/// The candidate nearest to `word` when it is plausibly a typo of it (Damerau–Levenshtein,
/// at most a third of the candidate's length, and at least 2, apart).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// One partition of one topic.
// Taking the place of `(String, i32)` tuples across the code (issue 11, in progress).
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: i32,
}

#[allow(dead_code)]
impl TopicPartition {
    pub fn new(topic: impl Into<String>, partition: i32) -> TopicPartition {
        TopicPartition {
            topic: topic.into(),
            partition,
        }
    }
}

/// `task-events:2`, as Kafka's tools print one.
impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.topic, self.partition)
    }
}

/// `0-2,5`: partition numbers sorted, duplicates dropped, consecutive ones as ranges.
pub fn partition_ranges(partitions: impl IntoIterator<Item = i32>) -> String {
    let mut ps: Vec<i32> = partitions.into_iter().collect();
    ps.sort_unstable();
    ps.dedup();
    let mut ranges: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        let mut j = i;
        while j + 1 < ps.len() && ps[j + 1] == ps[j] + 1 {
            j += 1;
        }
        ranges.push(if j > i {
            format!("{}-{}", ps[i], ps[j])
        } else {
            ps[i].to_string()
        });
        i = j + 1;
    }
    ranges.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_names_follow_kafka() {
        for good in [
            "task-events",
            "task-events.staging_1",
            "a",
            &"x".repeat(249),
        ] {
            assert!(check_topic_name(good).is_ok(), "{good}");
        }
        for bad in ["", ".", "..", "has space", "é", "a/b", &"x".repeat(250)] {
            assert!(check_topic_name(bad).is_err(), "{bad}");
        }
        assert!(check_topic_name(&"x".repeat(250))
            .unwrap_err()
            .contains("at most 249"));
        assert!(check_topic_name("a b").unwrap_err().contains("' '"));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let names = ["task-events", "project-events", "user-events"];
        assert_eq!(closest("task-event", names), Some("task-events"));
        assert_eq!(closest("tsak-events", names), Some("task-events"));
        assert_eq!(closest("orders", names), None);
        assert_eq!(
            closest("retention.ms", ["retention.ms"]),
            Some("retention.ms")
        );
    }

    #[test]
    fn ranges_compact_consecutive_partitions() {
        assert_eq!(partition_ranges([5, 0, 1, 2, 2]), "0-2,5");
        assert_eq!(partition_ranges([3]), "3");
        assert_eq!(partition_ranges([]), "");
        assert_eq!(partition_ranges([0, 2, 4, 5]), "0,2,4-5");
    }

    #[test]
    fn a_topic_partition_prints_as_kafka_tools_do() {
        assert_eq!(TopicPartition::new("orders", 2).to_string(), "orders:2");
        assert!(TopicPartition::new("a", 9) < TopicPartition::new("b", 0));
    }
}
