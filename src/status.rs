//! Consumer status per group, decided over a window of samples. No I/O here.
//!
//! A sample is what one `lag` snapshot says of a group: its member count and, per partition,
//! the committed offset, the lag and the time lag. The rules, first match wins (see README
//! "Consumer status"):
//!
//! 1. `rewound`: a committed offset went backwards between two samples of the window.
//! 2. `no-commit`: the group has no committed offset on any partition.
//! 3. no members: `stopped` when its lag is above 0, `empty` otherwise.
//! 4. `ok` when the lag is 0 (caught up, however long ago it last committed).
//! 5. undecided (`None`) with one sample only: moving or not needs two.
//! 6. `stalled`: a partition whose lag is above 0 in every sample and whose committed offset
//!    is the same in every sample.
//! 7. `lagging`: the group's lag is above 0 in every sample, never falls from one sample to the
//!    next, and is higher at the end than at the start.
//! 8. `ok` otherwise (behind, but moving and not falling further behind).
//!
//! So one snapshot decides `no-commit`, `stopped`, `empty` (and `ok` when caught up); the rest
//! needs the window that `lag --watch` and the exporter keep.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use crate::lag::TimedRow;
use crate::names::TopicPartition;

/// How many samples a window holds (Burrow's default too): with `lag --watch 5s`, 50 s.
pub const WINDOW: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Ok,
    Lagging,
    Stalled,
    Stopped,
    Rewound,
    NoCommit,
    Empty,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Ok,
        Status::Lagging,
        Status::Stalled,
        Status::Stopped,
        Status::Rewound,
        Status::NoCommit,
        Status::Empty,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Lagging => "lagging",
            Status::Stalled => "stalled",
            Status::Stopped => "stopped",
            Status::Rewound => "rewound",
            Status::NoCommit => "no-commit",
            Status::Empty => "empty",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One partition in one sample.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Part {
    pub committed: Option<i64>,
    pub lag: Option<i64>,
}

/// One group at one moment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sample {
    pub members: usize,
    pub partitions: BTreeMap<TopicPartition, Part>,
}

impl Sample {
    /// The known lags summed (`None` when none is known).
    fn lag(&self) -> Option<i64> {
        self.partitions
            .values()
            .filter_map(|p| p.lag)
            .reduce(|a, b| a.saturating_add(b))
    }
}

/// A sample per group from one snapshot: `members` by group (a group missing there has none).
pub fn samples(
    groups: &[String],
    members: &BTreeMap<String, usize>,
    rows: &[TimedRow],
) -> BTreeMap<String, Sample> {
    let mut out: BTreeMap<String, Sample> = groups
        .iter()
        .map(|g| {
            let s = Sample {
                members: members.get(g).copied().unwrap_or(0),
                partitions: BTreeMap::new(),
            };
            (g.clone(), s)
        })
        .collect();
    for r in rows {
        if let Some(s) = out.get_mut(&r.row.group) {
            s.partitions.insert(
                crate::names::TopicPartition::new(&r.row.topic, r.row.partition),
                Part {
                    committed: r.row.committed,
                    lag: r.row.lag,
                },
            );
        }
    }
    out
}

/// The status of a group over its window (oldest sample first); `None` while undecided.
pub fn decide(window: &[Sample]) -> Option<Status> {
    let latest = window.last()?;
    let rewound = window.windows(2).any(|w| {
        w[1].partitions.iter().any(|(tp, now)| {
            matches!((w[0].partitions.get(tp).and_then(|p| p.committed), now.committed),
                (Some(before), Some(after)) if after < before)
        })
    });
    if rewound {
        return Some(Status::Rewound);
    }
    if latest.partitions.values().all(|p| p.committed.is_none()) {
        return Some(Status::NoCommit);
    }
    let lag = latest.lag().unwrap_or(0);
    if latest.members == 0 {
        return Some(if lag > 0 {
            Status::Stopped
        } else {
            Status::Empty
        });
    }
    if lag == 0 {
        return Some(Status::Ok);
    }
    if window.len() < 2 {
        return None;
    }
    let stalled = latest.partitions.keys().any(|tp| {
        let parts: Vec<Option<&Part>> = window.iter().map(|s| s.partitions.get(tp)).collect();
        let first = parts[0].and_then(|p| p.committed);
        first.is_some()
            && parts
                .iter()
                .all(|p| p.is_some_and(|p| p.lag.is_some_and(|l| l > 0) && p.committed == first))
    });
    if stalled {
        return Some(Status::Stalled);
    }
    let lags: Vec<i64> = window.iter().map(|s| s.lag().unwrap_or(0)).collect();
    let lagging = lags.iter().all(|l| *l > 0)
        && lags.windows(2).all(|w| w[1] >= w[0])
        && lags.last() > lags.first();
    Some(if lagging { Status::Lagging } else { Status::Ok })
}

/// The last [`WINDOW`] samples of every group, for `lag --watch` and the exporter.
#[derive(Debug, Default)]
pub struct Windows {
    samples: BTreeMap<String, VecDeque<Sample>>,
}

impl Windows {
    /// Adds one snapshot's samples and returns each group's status. A group that is no longer
    /// there is forgotten (a group of the same name made later starts a new window).
    pub fn push(&mut self, now: BTreeMap<String, Sample>) -> BTreeMap<String, Option<Status>> {
        let present: BTreeSet<&String> = now.keys().collect();
        self.samples.retain(|g, _| present.contains(g));
        let mut out = BTreeMap::new();
        for (group, sample) in now {
            let w = self.samples.entry(group.clone()).or_default();
            w.push_back(sample);
            while w.len() > WINDOW {
                w.pop_front();
            }
            out.insert(group, decide(w.make_contiguous()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sample of partition t:0 (committed, lag) and t:1 when given.
    fn s(members: usize, parts: &[(Option<i64>, Option<i64>)]) -> Sample {
        Sample {
            members,
            partitions: parts
                .iter()
                .enumerate()
                .map(|(i, (c, l))| {
                    (
                        TopicPartition::new("t", i as i32),
                        Part {
                            committed: *c,
                            lag: *l,
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn one_snapshot_decides_stopped_empty_no_commit_and_caught_up() {
        assert_eq!(
            decide(&[s(0, &[(Some(3), Some(5))])]),
            Some(Status::Stopped)
        );
        assert_eq!(decide(&[s(0, &[(Some(3), Some(0))])]), Some(Status::Empty));
        assert_eq!(decide(&[s(2, &[(None, None)])]), Some(Status::NoCommit));
        assert_eq!(decide(&[s(0, &[])]), Some(Status::NoCommit));
        assert_eq!(decide(&[s(1, &[(Some(3), Some(0))])]), Some(Status::Ok));
        assert_eq!(
            decide(&[s(1, &[(Some(3), Some(4))])]),
            None,
            "needs a window"
        );
        assert_eq!(decide(&[]), None);
    }

    #[test]
    fn a_commit_going_backwards_is_rewound_even_without_members() {
        let w = [s(0, &[(Some(10), Some(0))]), s(0, &[(Some(2), Some(8))])];
        assert_eq!(decide(&w), Some(Status::Rewound));
        // Forward again later: still rewound while the backward step is in the window.
        let w = [
            s(1, &[(Some(10), Some(0))]),
            s(1, &[(Some(2), Some(8))]),
            s(1, &[(Some(9), Some(1))]),
        ];
        assert_eq!(decide(&w), Some(Status::Rewound));
        // A partition gaining its first commit is not a rewind.
        let w = [s(1, &[(None, None)]), s(1, &[(Some(0), Some(3))])];
        assert_ne!(decide(&w), Some(Status::Rewound));
    }

    #[test]
    fn members_not_moving_with_lag_is_stalled() {
        let w = [
            s(1, &[(Some(5), Some(2)), (Some(7), Some(0))]),
            s(1, &[(Some(5), Some(4)), (Some(9), Some(0))]),
            s(1, &[(Some(5), Some(6)), (Some(11), Some(0))]),
        ];
        assert_eq!(decide(&w), Some(Status::Stalled), "one stuck partition");
        // Moved once inside the window: not stalled.
        let w = [s(1, &[(Some(4), Some(2))]), s(1, &[(Some(5), Some(2))])];
        assert_eq!(decide(&w), Some(Status::Ok));
    }

    #[test]
    fn lag_growing_while_moving_is_lagging() {
        let w = [
            s(1, &[(Some(1), Some(2))]),
            s(1, &[(Some(2), Some(2))]),
            s(1, &[(Some(3), Some(5))]),
        ];
        assert_eq!(decide(&w), Some(Status::Lagging));
        // Fell once: not lagging.
        let w = [
            s(1, &[(Some(1), Some(3))]),
            s(1, &[(Some(2), Some(2))]),
            s(1, &[(Some(3), Some(5))]),
        ];
        assert_eq!(decide(&w), Some(Status::Ok));
    }

    /// Burrow's false alarms on a slow topic: a consumer that commits only when there is
    /// something to read has an old last commit (Burrow: STOP), and a record that just arrived
    /// makes its lag rise (Burrow: WARN). Here both are ok.
    #[test]
    fn a_slow_topic_is_not_an_alarm() {
        let idle = vec![s(1, &[(Some(7), Some(0))]); 10];
        assert_eq!(
            decide(&idle),
            Some(Status::Ok),
            "caught up, no commit for long"
        );
        let mut arrived = vec![s(1, &[(Some(7), Some(0))]); 9];
        arrived.push(s(1, &[(Some(7), Some(1))]));
        assert_eq!(
            decide(&arrived),
            Some(Status::Ok),
            "one new record, not yet read"
        );
    }

    #[test]
    fn windows_keep_the_last_samples_and_forget_vanished_groups() {
        let mut w = Windows::default();
        let one = |c: i64, l: i64| BTreeMap::from([("g".to_string(), s(1, &[(Some(c), Some(l))]))]);
        assert_eq!(w.push(one(5, 3))["g"], None);
        assert_eq!(w.push(one(5, 4))["g"], Some(Status::Stalled));
        for i in 0..WINDOW as i64 {
            w.push(one(6 + i, 1));
        }
        assert_eq!(w.samples["g"].len(), WINDOW);
        assert_eq!(w.push(one(100, 1))["g"], Some(Status::Ok));
        w.push(BTreeMap::new());
        assert!(w.samples.is_empty(), "a group gone is forgotten");
        assert_eq!(
            w.push(one(2, 1))["g"],
            None,
            "a new group named g starts afresh"
        );
    }

    #[test]
    fn samples_from_rows_count_members_per_group() {
        let row = |g: &str, p: i32, c: Option<i64>, l: Option<i64>| TimedRow {
            row: crate::lag::LagRow {
                group: g.into(),
                topic: "t".into(),
                partition: p,
                committed: c,
                log_start: Some(0),
                log_end: Some(9),
                lag: l,
            },
            lag_seconds: None,
            note: None,
        };
        let rows = [row("a", 0, Some(1), Some(8)), row("a", 1, None, None)];
        let m = BTreeMap::from([("a".to_string(), 2)]);
        let out = samples(&["a".into(), "b".into()], &m, &rows);
        assert_eq!(out["a"].members, 2);
        assert_eq!(out["a"].partitions.len(), 2);
        assert_eq!(out["b"], Sample::default());
        assert_eq!(decide(&[out["b"].clone()]), Some(Status::NoCommit));
        assert_eq!(serde_json::to_value(Status::NoCommit).unwrap(), "no-commit");
    }
}
