//! The two passes over a batch of events: [`check_all`] checks every line (and the size of every
//! event against what its topic accepts) and sends nothing; [`replay`] reads the input again and
//! hands every checked event, enveloped, to the caller. Standard input is held in memory for the
//! second pass; a file is read twice.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _, Result};

use super::{record_bytes, Targets};
use crate::events::envelope::{write_envelope, write_parts, Stamp, Stamper};
use crate::events::input::{parse_line, Index, InputEvent, LineError, Lines};
use crate::exit::InputError;
use crate::interrupt::Interrupt;

/// The input, readable twice.
pub enum Input {
    File(PathBuf),
    Memory(Vec<u8>),
}

impl Input {
    /// The input of `--file PATH`, readable twice, and its label for messages: a file by its
    /// path, standard input (`-`) read into memory.
    pub fn open(path: &Path) -> Result<(Input, String)> {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("cannot read events from stdin")?;
            return Ok((Input::Memory(buf), "<stdin>".to_string()));
        }
        File::open(path)
            .map_err(|e| InputError::new(format!("cannot read {}: {e}", path.display())))?;
        Ok((Input::File(path.to_path_buf()), path.display().to_string()))
    }

    pub fn lines(&self) -> Result<Lines<Box<dyn BufRead + Send + '_>>> {
        let reader: Box<dyn BufRead + Send + '_> = match self {
            Input::File(p) => Box::new(BufReader::with_capacity(
                1 << 20,
                File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
            )),
            Input::Memory(b) => Box::new(&b[..]),
        };
        Ok(Lines::new(reader))
    }

    pub fn len(&self) -> Option<u64> {
        match self {
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Memory(b) => Some(b.len() as u64),
        }
    }

    /// Splits the input into `n` byte ranges that end at line ends (fewer for small inputs).
    pub fn split(&self, n: usize) -> io::Result<Vec<(u64, u64)>> {
        let len = self.len().unwrap_or(0);
        let mut bounds = vec![0u64];
        for i in 1..n.max(1) {
            let guess = len * i as u64 / n as u64;
            let Some(end) = self.line_end_after(guess.max(*bounds.last().unwrap_or(&0)))? else {
                break;
            };
            if end > *bounds.last().unwrap_or(&0) && end < len {
                bounds.push(end);
            }
        }
        bounds.push(len);
        Ok(bounds.windows(2).map(|w| (w[0], w[1])).collect())
    }

    /// The offset just after the first newline at or after `from`.
    fn line_end_after(&self, from: u64) -> io::Result<Option<u64>> {
        match self {
            Input::Memory(b) => Ok(b
                .get(from as usize..)
                .and_then(|rest| rest.iter().position(|&c| c == b'\n'))
                .map(|i| from + i as u64 + 1)),
            Input::File(p) => {
                let mut file = File::open(p)?;
                file.seek(SeekFrom::Start(from))?;
                let mut reader = BufReader::with_capacity(1 << 16, file);
                let mut skipped = Vec::new();
                let n = reader.read_until(b'\n', &mut skipped)?;
                Ok(skipped.ends_with(b"\n").then_some(from + n as u64))
            }
        }
    }

    /// The lines of one byte range (from [`Input::split`]).
    pub fn range_lines(
        &self,
        (start, end): (u64, u64),
        first: bool,
    ) -> io::Result<Lines<Box<dyn BufRead + Send + '_>>> {
        let reader: Box<dyn BufRead + Send + '_> = match self {
            Input::File(p) => {
                let mut file = File::open(p)?;
                file.seek(SeekFrom::Start(start))?;
                Box::new(BufReader::with_capacity(1 << 20, file.take(end - start)))
            }
            Input::Memory(b) => Box::new(&b[start as usize..end as usize]),
        };
        Ok(if first {
            Lines::new(reader)
        } else {
            Lines::continuing(reader)
        })
    }

    /// Size and modification time of a file, to notice it changing between the two passes.
    pub fn fingerprint(&self) -> Option<(u64, std::time::SystemTime)> {
        match self {
            Input::File(p) => std::fs::metadata(p)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?))),
            Input::Memory(_) => None,
        }
    }
}

/// The outcome of checking every line (of the input, or of one chunk of it).
#[derive(Debug, Default)]
pub struct Checked {
    /// Valid events per topic.
    pub valid: BTreeMap<String, u64>,
    /// The first [`SHOWN_ERRORS`] problems, with their line numbers, in order.
    pub errors: Vec<(usize, LineError)>,
    pub invalid: u64,
    /// Where the valid events lie, for sending them without parsing again.
    pub index: Index,
    /// Lines read, blank ones included.
    pub lines: usize,
}

impl Checked {
    /// Valid events, all topics together.
    pub fn total(&self) -> u64 {
        self.valid.values().sum()
    }
}

pub const SHOWN_ERRORS: usize = 20;

/// One line, fully checked: the event, its topic, its envelope in `buf`.
fn prepare<'a, 't>(
    text: &'a str,
    targets: &'t Targets,
    stamp: Stamp<'_>,
    buf: &mut Vec<u8>,
) -> Result<(InputEvent<'a>, &'t str), LineError> {
    let event = parse_line(text)?;
    let topic = targets.topic(event.event.kind);
    write_envelope(buf, &event.event, stamp);
    targets
        .check_size(topic, record_bytes(event.key(), buf, event.event.kind.name))
        .map_err(|message| LineError {
            column: None,
            message,
        })?;
    Ok((event, topic))
}

/// A stamp of the right shape for sizing events before they are sent.
fn sizing_stamp(source: &str) -> Stamp<'_> {
    Stamp {
        event_id: "00000000-0000-4000-8000-000000000000",
        timestamp: "2000-01-01T00:00:00.000Z",
        source,
    }
}

/// The first pass: check every line, send nothing. A large input is checked in chunks on
/// every core (nothing else is busy yet), then the results are put back in order.
pub fn check_all(
    input: &Input,
    label: &str,
    targets: &Targets,
    source: &str,
    progress: &(dyn Fn(u64) + Sync),
    interrupt: &Interrupt,
) -> Result<Checked> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunks = if input.len().unwrap_or(0) >= (8 << 20) {
        cores
    } else {
        1
    };
    let ranges = input
        .split(chunks)
        .with_context(|| format!("cannot read {label}"))?;
    let results: Vec<Result<Checked>> = std::thread::scope(|scope| {
        let workers: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(i, &range)| {
                scope.spawn(move || -> Result<Checked> {
                    let lines = input
                        .range_lines(range, i == 0)
                        .with_context(|| format!("cannot read {label}"))?;
                    check_chunk(lines, label, targets, source, progress, interrupt)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(anyhow!("a checking thread failed")))
            })
            .collect()
    });
    let mut checked = Checked::default();
    for chunk in results {
        let chunk = chunk?;
        let offset = checked.lines;
        for (topic, n) in chunk.valid {
            *checked.valid.entry(topic).or_default() += n;
        }
        let room = SHOWN_ERRORS.saturating_sub(checked.errors.len());
        checked.errors.extend(
            chunk
                .errors
                .into_iter()
                .take(room)
                .map(|(n, e)| (n + offset, e)),
        );
        checked.invalid += chunk.invalid;
        checked.index.append(chunk.index, offset);
        checked.lines += chunk.lines;
    }
    Ok(checked)
}

fn check_chunk<R: BufRead>(
    mut lines: Lines<R>,
    label: &str,
    targets: &Targets,
    source: &str,
    progress: &(dyn Fn(u64) + Sync),
    interrupt: &Interrupt,
) -> Result<Checked> {
    let mut checked = Checked::default();
    let mut buf = Vec::with_capacity(1024);
    let mut shown_bytes = 0;
    while let Some((number, text)) = lines
        .next_line()
        .with_context(|| format!("cannot read {label}"))?
    {
        match text
            .and_then(|t| prepare(t, targets, sizing_stamp(source), &mut buf).map(|ok| (t, ok)))
        {
            Ok((text, (event, topic))) => {
                match checked.valid.get_mut(topic) {
                    Some(n) => *n += 1,
                    None => {
                        checked.valid.insert(topic.to_string(), 1);
                    }
                }
                checked.index.push(number, text, &event);
            }
            Err(e) => {
                checked.invalid += 1;
                if checked.errors.len() < SHOWN_ERRORS {
                    checked.errors.push((number, e));
                }
            }
        }
        if lines.bytes - shown_bytes >= 1 << 20 {
            progress(lines.bytes - shown_bytes);
            shown_bytes = lines.bytes;
            if interrupt.is_set() {
                break;
            }
        }
    }
    progress(lines.bytes - shown_bytes);
    checked.lines = lines.count();
    Ok(checked)
}

/// The second pass: reads the input again and hands every checked event to `emit` as
/// (topic, key, envelope, event type), from the index, without parsing it again.
pub fn replay(
    input: &Input,
    label: &str,
    index: &Index,
    targets: &Targets,
    source: &str,
    mut emit: impl FnMut(&str, &str, &[u8], &str) -> Result<()>,
) -> Result<()> {
    let mut lines = input.lines()?;
    let mut stamper = Stamper::default();
    let mut buf = Vec::with_capacity(1024);
    let changed =
        |number: usize| anyhow!("{label}:{number}: the file changed while it was being published");
    for located in index.lines() {
        let (number, text) = loop {
            let Some((number, text)) = lines
                .next_line()
                .with_context(|| format!("cannot read {label}"))?
            else {
                return Err(changed(located.number));
            };
            if number == located.number {
                break (number, text);
            }
        };
        let text = text.map_err(|_| changed(number))?;
        if !located.matches(text) {
            return Err(changed(number));
        }
        if located.needs_parse() {
            let stamp = stamper.stamp(source);
            let (event, topic) =
                prepare(text, targets, stamp, &mut buf).map_err(|_| changed(number))?;
            emit(topic, event.key(), &buf, event.event.kind.name)?;
        } else {
            let stamp = stamper.stamp_missing(source, located.missing(index));
            write_parts(&mut buf, located.parts(index, text, stamp));
            let kind = located.kind();
            emit(targets.topic(kind), located.key(text), &buf, kind.name)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::targets;
    use super::*;

    #[test]
    fn prepare_builds_and_checks() {
        let mut buf = Vec::new();
        let line = r#"{"event_type":"task_deleted","data":{"id":"t-1"}}"#;
        let open = targets(None);
        let (event, topic) = prepare(line, &open, sizing_stamp("svc"), &mut buf).unwrap();
        assert_eq!(topic, "task-events");
        assert_eq!(event.key(), "t-1");
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["source"], "svc");
        let small = targets(Some(10));
        let e = prepare(line, &small, sizing_stamp("svc"), &mut buf).unwrap_err();
        assert!(e.at("f", 1).starts_with("f:1: the event is "), "{e:?}");
    }

    fn check_text(text: &str, chunks: usize) -> Checked {
        let input = Input::Memory(text.as_bytes().to_vec());
        let ranges = input.split(chunks).unwrap();
        let mut all = Checked::default();
        for (i, range) in ranges.into_iter().enumerate() {
            let lines = input.range_lines(range, i == 0).unwrap();
            let chunk = check_chunk(
                lines,
                "f",
                &targets(None),
                "svc",
                &|_| {},
                &Interrupt::never(),
            )
            .unwrap();
            let offset = all.lines;
            all.errors
                .extend(chunk.errors.into_iter().map(|(n, e)| (n + offset, e)));
            all.invalid += chunk.invalid;
            all.index.append(chunk.index, offset);
            all.lines += chunk.lines;
        }
        all
    }

    #[test]
    fn chunks_end_at_line_ends_and_keep_line_numbers() {
        let good = r#"{"event_type":"task_deleted","data":{"id":"t"}}"#;
        let mut text = String::new();
        for i in 1..=40 {
            if i == 17 || i == 33 {
                text.push_str("{broken\n");
            } else if i == 20 {
                text.push('\n');
            } else {
                text.push_str(good);
                text.push('\n');
            }
        }
        let input = Input::Memory(text.clone().into_bytes());
        let ranges = input.split(3).unwrap();
        assert_eq!(ranges.len(), 3);
        for (start, _) in &ranges[1..] {
            assert_eq!(text.as_bytes()[*start as usize - 1], b'\n');
        }
        for chunks in [1, 2, 3, 7] {
            let c = check_text(&text, chunks);
            let bad: Vec<usize> = c.errors.iter().map(|(n, _)| *n).collect();
            assert_eq!(bad, [17, 33], "{chunks} chunks");
            let numbers: Vec<usize> = c.index.lines().iter().map(|l| l.number).collect();
            assert_eq!(numbers.len(), 37);
            assert!(!numbers.contains(&20) && numbers.contains(&40));
            assert_eq!(c.lines, 40);
        }
    }

    #[test]
    fn tiny_inputs_split_into_one_range() {
        let input = Input::Memory(b"{}".to_vec());
        assert_eq!(input.split(4).unwrap(), [(0, 2)]);
        assert_eq!(Input::Memory(Vec::new()).split(2).unwrap(), [(0, 0)]);
    }
}
