//! Consumer-group offsets from the source cluster to the target, as MirrorMaker 2 does it so
//! that no record is skipped: a committed offset becomes the target offset of the first
//! restored record whose source offset is ≥ it (or the end when there is none).

use std::collections::BTreeMap;

use serde::Serialize;

/// `restored`: the source offsets of the records restored to one partition, increasing;
/// they sit in the target partition at `target_start`, `target_start + 1`, ...
pub fn translate(committed: i64, restored: &[i64], target_start: i64) -> i64 {
    target_start + restored.partition_point(|&s| s < committed) as i64
}

/// One group's offset on one target partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translated {
    pub group: String,
    pub topic: String,
    pub partition: i32,
    pub source_offset: i64,
    pub target_offset: i64,
}

/// Why a group's offsets are not written to the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub group: String,
    pub reason: String,
}

/// Source offsets restored per target partition: the target offset of the first restored
/// record, and the source offsets of the restored records in order.
pub type RestoredOffsets = BTreeMap<(String, i32), (i64, Vec<i64>)>;

/// Every group's committed offsets translated onto the target partitions (`target` names a
/// source topic on the target); groups with members on the target are skipped, and partitions
/// that were not restored are left out.
pub fn plan(
    groups: &BTreeMap<String, BTreeMap<String, BTreeMap<i32, i64>>>,
    target: &dyn Fn(&str) -> String,
    restored: &RestoredOffsets,
    active_on_target: &[&str],
) -> (Vec<Translated>, Vec<Skipped>) {
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    for (group, topics) in groups {
        if let Err(s) = writable(group, active_on_target.contains(&group.as_str())) {
            skipped.push(s);
            continue;
        }
        for (source, partitions) in topics {
            let topic = target(source);
            for (p, committed) in partitions {
                let Some((start, sources)) = restored.get(&(topic.clone(), *p)) else {
                    continue;
                };
                out.push(Translated {
                    group: group.clone(),
                    topic: topic.clone(),
                    partition: *p,
                    source_offset: *committed,
                    target_offset: translate(*committed, sources, *start),
                });
            }
        }
    }
    (out, skipped)
}

/// The groups to write: only groups without members on the target (a group in use owns its
/// offsets). `state_on_target` is the group's state there (`None`: unknown to the target).
pub fn writable(group: &str, active_on_target: bool) -> Result<(), Skipped> {
    if active_on_target {
        return Err(Skipped {
            group: group.to_string(),
            reason: "the group has members on the target (stop its consumers first)".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_restored_record_at_or_after_the_commit() {
        // Source offsets 10..=14 were deleted: the log started at 15. Restored to offset 0.
        let restored = [15, 16, 17, 20, 21];
        assert_eq!(translate(15, &restored, 0), 0);
        assert_eq!(translate(17, &restored, 0), 2);
        assert_eq!(translate(3, &restored, 0), 0, "before the log start");
        assert_eq!(
            translate(18, &restored, 0),
            3,
            "inside a gap: the next record"
        );
        assert_eq!(translate(22, &restored, 0), 5, "at the end");
        assert_eq!(translate(99, &restored, 0), 5, "past the end");
        assert_eq!(translate(21, &restored, 100), 104);
        assert_eq!(translate(0, &[], 7), 7);
    }

    #[test]
    fn every_group_is_translated_onto_the_renamed_topic_except_active_ones() {
        let mut groups = BTreeMap::new();
        for (g, o) in [("a", 17), ("busy", 15)] {
            groups.insert(
                g.to_string(),
                BTreeMap::from([("t".to_string(), BTreeMap::from([(0, o), (9, 1)]))]),
            );
        }
        let restored = RestoredOffsets::from([(("new.t".into(), 0), (0, vec![15, 16, 17]))]);
        let (out, skipped) = plan(&groups, &|t| format!("new.{t}"), &restored, &["busy"]);
        assert_eq!(
            out,
            vec![Translated {
                group: "a".into(),
                topic: "new.t".into(),
                partition: 0,
                source_offset: 17,
                target_offset: 2
            }],
            "partition 9 was not restored"
        );
        assert_eq!(skipped[0].group, "busy");
    }

    #[test]
    fn only_groups_without_members_on_the_target() {
        assert!(writable("g", false).is_ok());
        assert!(writable("g", true).unwrap_err().reason.contains("members"));
    }
}
