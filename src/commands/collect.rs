//! One collection cycle of `lag` and `exporter`: the [`snapshot`] of offsets and lag, the
//! timestamps of the records at the lagging partitions' committed offsets (read once per
//! offset, see [`StampCache`]), and each group's status over the window kept between cycles.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{Context as _, Result};

use super::gather::{snapshot, Snapshot};
use crate::kafka::stamps::StampReader;
use crate::kafka::{Admin, Kafka};
use crate::lag::{self, StampCache, TimedRow};
use crate::status::{self, Status, Windows};

/// What one cycle found.
pub struct Collected {
    pub snap: Snapshot,
    pub rows: Vec<TimedRow>,
    /// The largest time lag of each group (`None` when unknown).
    pub max_lag_seconds: BTreeMap<String, Option<f64>>,
    /// Each group's status (`None` while the window cannot decide).
    pub status: BTreeMap<String, Option<Status>>,
    /// Members per group.
    pub members: BTreeMap<String, usize>,
}

/// Keeps what lasts between cycles: the timestamp reader, its cache and the status windows.
#[derive(Default)]
pub struct Collector {
    reader: Option<Arc<StampReader>>,
    cache: StampCache,
    windows: Windows,
}

impl Collector {
    pub async fn cycle(
        &mut self,
        admin: &Admin,
        kafka: &Kafka,
        groups: &[String],
        topics: &[String],
    ) -> Result<Collected> {
        let snap = snapshot(admin, &kafka.bootstrap, groups, topics).await?;
        let wanted = lag::stamps_wanted(&snap.rows);
        let missing = self.cache.missing(&wanted);
        let read = if missing.is_empty() {
            BTreeMap::new()
        } else {
            let reader = match &self.reader {
                Some(r) => r.clone(),
                None => self
                    .reader
                    .insert(Arc::new(StampReader::new(kafka)?))
                    .clone(),
            };
            tokio::task::spawn_blocking(move || reader.read(&missing))
                .await
                .context("the timestamp reader stopped")??
        };
        self.cache.update(&wanted, read);
        let now_ms = chrono::Utc::now().timestamp_millis();
        let rows = lag::timed_rows(&snap.rows, &self.cache, now_ms);
        let mut max_lag_seconds = lag::max_lag_seconds(&rows);
        let names: Vec<String> = snap.groups.iter().map(|g| g.name.clone()).collect();
        for n in &names {
            max_lag_seconds.entry(n.clone()).or_default();
        }
        let members: BTreeMap<String, usize> = names
            .iter()
            .map(|n| {
                (
                    n.clone(),
                    snap.details.get(n).map_or(0, |d| d.members.len()),
                )
            })
            .collect();
        let status = self.windows.push(status::samples(&names, &members, &rows));
        Ok(Collected {
            snap,
            rows,
            max_lag_seconds,
            status,
            members,
        })
    }
}
