//! Durations, the one parser for the command line (`--timeout`, `--since`, `--watch`,
//! `--by-duration`) and for topics.yaml.
//!
//! Both take what people type: a number with a unit (`500ms`, `30s`, `15m`, `12h`, `7d`, `2w`),
//! units in a row (`1h30m`, `30m 30s`, `1d 12h`), and ISO-8601 (`PT30M`, `PT1H30M`, `P1D`,
//! `PT0.5S`; what `kafka-consumer-groups --by-duration` takes). They differ in one thing: a bare
//! number is milliseconds in topics.yaml (Kafka's own unit there), and refused on the command
//! line, where `--timeout 30` is far more likely to mean 30 seconds than 30 milliseconds.

use std::time::Duration;

const FORMS: &str = "a number with a unit (500ms, 30s, 15m, 12h, 7d, 2w), units in a row (1h30m, 30m 30s) or ISO-8601 (PT30M, P1D)";

/// A duration given on the command line. A bare number is refused with a hint (`did you mean
/// 30s?`); negative durations are refused.
pub fn parse(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        let hint = if n >= 100 {
            format!("{n}ms or {n}s")
        } else {
            format!("{n}s")
        };
        return Err(format!(
            "a number without a unit — did you mean {hint}? (a duration is {FORMS})"
        ));
    }
    let ms = parse_units(t).map_err(|e| format!("invalid duration '{text}': {e}"))?;
    Ok(Duration::from_millis(ms))
}

/// A duration in topics.yaml, in milliseconds: the forms of [`parse`], or a bare number of
/// milliseconds, including the Kafka sentinel `-1` (infinite).
pub fn parse_millis(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Ok(n);
    }
    let ms = parse_units(t)
        .map_err(|e| format!("invalid duration '{text}': {e}, or plain milliseconds"))?;
    i64::try_from(ms).map_err(|_| format!("invalid duration '{text}': too large"))
}

/// `1h30m`, `30m 30s`, `500ms`, `PT1H30M`: milliseconds. The error is the reason without the
/// input (the callers add it).
fn parse_units(t: &str) -> Result<u64, String> {
    let expected = || format!("expected {FORMS}");
    if t.is_empty() {
        return Err(expected());
    }
    if t.starts_with('-') {
        return Err("must not be negative".into());
    }
    if t.starts_with(['P', 'p']) {
        return parse_iso(t).ok_or_else(expected);
    }
    let mut total: u64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(expected());
        }
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| "too large".to_string())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 7 * 86_400_000,
            _ => return Err(expected()),
        };
        // Units in a row may be separated by spaces (`30m 30s`), not a number from its unit.
        rest = rest[unit_len..].trim_start();
        total = n
            .checked_mul(factor)
            .and_then(|ms| total.checked_add(ms))
            .ok_or_else(|| "too large".to_string())?;
    }
    Ok(total)
}

/// ISO-8601 durations of fixed length: `PnW`, `PnD`, `PnDTnHnMnS`, `PTnH`, `PTnM`, `PTn.nS`
/// (case-insensitive, as Java's `Duration.parse`). Years and months have no fixed length and
/// are refused.
fn parse_iso(t: &str) -> Option<u64> {
    let upper = t.to_ascii_uppercase();
    let body = upper.strip_prefix('P')?;
    let (date, time) = match body.split_once('T') {
        Some((d, tm)) => {
            if tm.is_empty() {
                return None;
            }
            (d, Some(tm))
        }
        None => (body, None),
    };
    if date.is_empty() && time.is_none() {
        return None;
    }
    let mut total: u64 = 0;
    let mut add = |n: u64, factor: u64| -> Option<()> {
        total = total.checked_add(n.checked_mul(factor)?)?;
        Some(())
    };
    for (n, unit) in iso_parts(date)? {
        match unit {
            'W' => add(n.whole()?, 7 * 86_400_000)?,
            'D' => add(n.whole()?, 86_400_000)?,
            _ => return None,
        }
    }
    let mut order = 0;
    for (n, unit) in iso_parts(time.unwrap_or(""))? {
        let (rank, factor) = match unit {
            'H' => (1, 3_600_000),
            'M' => (2, 60_000),
            'S' => (3, 1_000),
            _ => return None,
        };
        if rank <= order {
            return None;
        }
        order = rank;
        if unit == 'S' {
            add(n.millis()?, 1)?;
        } else {
            add(n.whole()?, factor)?;
        }
    }
    Some(total)
}

/// A number of an ISO-8601 duration: digits, optionally a fraction (seconds only).
struct IsoNumber<'a> {
    whole: &'a str,
    fraction: Option<&'a str>,
}

impl IsoNumber<'_> {
    fn whole(&self) -> Option<u64> {
        if self.fraction.is_some() {
            return None;
        }
        self.whole.parse().ok()
    }

    /// Seconds as milliseconds; finer fractions than a millisecond are refused.
    fn millis(&self) -> Option<u64> {
        let secs: u64 = self.whole.parse().ok()?;
        let frac = self.fraction.unwrap_or("");
        if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let ms: u64 = format!("{frac:0<3}").parse().ok()?;
        secs.checked_mul(1_000)?.checked_add(ms)
    }
}

/// `1DT` → `[(1, 'D')]`: numbers with their unit letters, in order.
fn iso_parts(s: &str) -> Option<Vec<(IsoNumber<'_>, char)>> {
    let mut parts = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        let (number, tail) = rest.split_at(end);
        let unit = tail.chars().next()?;
        let (whole, fraction) = match number.split_once(['.', ',']) {
            Some((w, f)) => (w, Some(f)),
            None => (number, None),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts.push((IsoNumber { whole, fraction }, unit));
        rest = &tail[unit.len_utf8()..];
    }
    Some(parts)
}

/// A duration the way people write it: `10s`, `500ms`, `1m`, `7d` (see [`humanize_millis`]).
/// The formatter for durations someone *set* — timeouts and intervals in messages, retention in
/// plans — where the exact value matters (`1h30m` must not print as `1h`, or a plan would show
/// no change where there is one). Ages that were *measured* use [`humanize_age`].
pub fn humanize(d: Duration) -> String {
    humanize_millis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Formats milliseconds the way people write them: `604800000` → `7d`; negative (Kafka's
/// "no limit") → `infinite`.
pub fn humanize_millis(ms: i64) -> String {
    if ms < 0 {
        return "infinite".to_string();
    }
    for (unit, factor) in [
        ("w", 604_800_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
    ] {
        if ms >= factor && ms % factor == 0 && unit != "w" {
            return format!("{}{unit}", ms / factor);
        }
    }
    format!("{ms}ms")
}

/// An age for people, to the second and in at most two units: `3m12s`, `2h5m`, `4d3h`, `0s`
/// (the BEHIND column of `lag`). Rounded down; below a second shows as `0s`. Separate from
/// [`humanize`] on purpose: a measured age is never a round number, and its exact form
/// (`4d3h12m7s451ms`) would be noise in a table read at a glance; the exact milliseconds are in
/// the JSON output.
pub fn humanize_age(ms: i64) -> String {
    let mut secs = ms.max(0) / 1000;
    if secs == 0 {
        return "0s".to_string();
    }
    let mut parts = Vec::new();
    for (unit, factor) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if secs >= factor {
            parts.push(format!("{}{unit}", secs / factor));
            secs %= factor;
        } else if !parts.is_empty() {
            // Two adjacent units at most: 1h0m5s is said 1h0m.
            parts.push(format!("0{unit}"));
        }
        if parts.len() == 2 {
            break;
        }
    }
    if parts.last().is_some_and(|p| p.starts_with('0')) {
        parts.pop();
    }
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> u64 {
        u64::try_from(parse(text).unwrap().as_millis()).unwrap()
    }

    #[test]
    fn units() {
        assert_eq!(parse_millis("7d").unwrap(), 604_800_000);
        assert_eq!(parse_millis("14d").unwrap(), 1_209_600_000);
        assert_eq!(parse_millis("12h").unwrap(), 43_200_000);
        assert_eq!(parse_millis("30m").unwrap(), 1_800_000);
        assert_eq!(parse_millis("45s").unwrap(), 45_000);
        assert_eq!(parse_millis("500ms").unwrap(), 500);
        assert_eq!(parse_millis("1w").unwrap(), 604_800_000);
        assert_eq!(parse("10s").unwrap(), Duration::from_secs(10));
    }

    #[test]
    fn units_in_a_row() {
        assert_eq!(ms("1h30m"), 5_400_000);
        assert_eq!(ms("30m 30s"), 1_830_000);
        assert_eq!(ms("1d 12h"), 129_600_000);
        assert_eq!(ms("1m30s500ms"), 90_500);
        assert_eq!(ms(" 2h "), 7_200_000);
        assert_eq!(parse_millis("1h30m").unwrap(), 5_400_000);
    }

    #[test]
    fn iso_8601() {
        assert_eq!(ms("PT30M"), 1_800_000);
        assert_eq!(ms("PT1H30M"), 5_400_000);
        assert_eq!(ms("P1D"), 86_400_000);
        assert_eq!(ms("P1DT12H"), 129_600_000);
        assert_eq!(ms("P2W"), 1_209_600_000);
        assert_eq!(ms("PT45S"), 45_000);
        assert_eq!(ms("PT0.5S"), 500);
        assert_eq!(ms("PT1,25S"), 1_250);
        assert_eq!(
            ms("pt30m"),
            1_800_000,
            "Java's Duration.parse is case-insensitive"
        );
        assert_eq!(parse_millis("PT12H").unwrap(), 43_200_000);
    }

    #[test]
    fn the_command_line_refuses_a_bare_number_with_a_hint() {
        let e = parse("30").unwrap_err();
        assert!(
            e.starts_with("a number without a unit — did you mean 30s?"),
            "{e}"
        );
        let e = parse("500").unwrap_err();
        assert!(e.contains("did you mean 500ms or 500s?"), "{e}");
        assert!(parse("0").unwrap_err().contains("did you mean 0s?"));
    }

    #[test]
    fn topics_yaml_keeps_plain_milliseconds() {
        assert_eq!(parse_millis("1234").unwrap(), 1234);
        assert_eq!(parse_millis("-1").unwrap(), -1);
        assert_eq!(parse_millis(" 604800000 ").unwrap(), 604_800_000);
        let e = parse_millis("7x").unwrap_err();
        assert!(e.contains("or plain milliseconds"), "{e}");
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "7x",
            "d",
            "7 d",
            "1h 30",
            "1h30",
            "1.5h",
            "-3d",
            "-5s",
            "h7",
            "99999999999999999d",
            "P",
            "PT",
            "P1M",
            "P1Y",
            "PT1D",
            "P1H",
            "PT30M1H",
            "PT1.5M",
            "PT0.0001S",
            "PT1H30",
            "-PT6H",
            "PTXS",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
            if bad.trim().parse::<i64>().is_err() {
                assert!(
                    parse_millis(bad).is_err(),
                    "{bad:?} should be rejected in topics.yaml"
                );
            }
        }
        assert!(parse("-5").is_err());
        assert!(parse_millis("99999999999999999999").is_err());
    }

    #[test]
    fn humanizes() {
        assert_eq!(humanize_millis(604_800_000), "7d");
        assert_eq!(humanize_millis(1_209_600_000), "14d");
        assert_eq!(humanize_millis(3_600_000), "1h");
        assert_eq!(humanize_millis(1_500), "1500ms");
        assert_eq!(humanize_millis(-1), "infinite");
    }

    #[test]
    fn durations_read_as_people_write_them() {
        // The texts the timeout messages pin (tests/durations.rs, doctor's tests).
        assert_eq!(humanize(Duration::from_millis(500)), "500ms");
        assert_eq!(humanize(Duration::from_secs(10)), "10s");
        assert_eq!(humanize(Duration::from_millis(1500)), "1500ms");
        assert_eq!(humanize(Duration::from_secs(90)), "90s");
        assert_eq!(humanize(Duration::from_secs(120)), "2m");
        assert_eq!(humanize(Duration::from_secs(7200)), "2h");
        assert_eq!(humanize(Duration::ZERO), "0ms");
        assert_eq!(humanize(Duration::MAX), humanize_millis(i64::MAX));
    }

    #[test]
    fn ages_in_two_units() {
        assert_eq!(humanize_age(192_500), "3m12s");
        assert_eq!(humanize_age(999), "0s");
        assert_eq!(humanize_age(-5), "0s");
        assert_eq!(humanize_age(45_000), "45s");
        assert_eq!(humanize_age(3_600_000), "1h");
        assert_eq!(humanize_age(3_605_000), "1h");
        assert_eq!(humanize_age(7_500_000), "2h5m");
        assert_eq!(humanize_age(357_000_000), "4d3h");
    }
}
