//! Consumer-group offsets from the source cluster to the target, as MirrorMaker 2 does it so
//! that no record is skipped: a committed offset becomes the target offset of the first
//! restored record whose source offset is ≥ it (or the end when there is none).

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
    fn only_groups_without_members_on_the_target() {
        assert!(writable("g", false).is_ok());
        assert!(writable("g", true).unwrap_err().reason.contains("members"));
    }
}
