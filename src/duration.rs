//! Human durations as used in topics.yaml, `--timeout`, `--since` and `--by-duration`:
//! `7d`, `12h`, `30m`, `45s`, `500ms`, or a plain number of milliseconds.

use std::time::Duration;

/// Parses `7d`, `12h`, `30m`, `45s`, `500ms`, `1w` or a bare number of milliseconds.
pub fn parse(text: &str) -> Result<Duration, String> {
    let ms = parse_millis(text)?;
    u64::try_from(ms)
        .map(Duration::from_millis)
        .map_err(|_| format!("invalid duration '{text}': must not be negative"))
}

/// Like [`parse`], but returns milliseconds and allows the Kafka sentinel `-1` (infinite).
pub fn parse_millis(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let bad = || {
        format!("invalid duration '{text}': expected a number with a unit (500ms, 30s, 15m, 12h, 7d, 2w) or plain milliseconds")
    };
    if t.is_empty() {
        return Err(bad());
    }
    if let Ok(n) = t.parse::<i64>() {
        return Ok(n);
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (digits, unit) = t.split_at(split);
    let n: i64 = digits.parse().map_err(|_| bad())?;
    let factor: i64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        "w" => 7 * 86_400_000,
        _ => return Err(bad()),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("invalid duration '{text}': too large"))
}

/// Formats milliseconds the way people write them: `604800000` → `7d`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse_millis("7d").unwrap(), 604_800_000);
        assert_eq!(parse_millis("14d").unwrap(), 1_209_600_000);
        assert_eq!(parse_millis("12h").unwrap(), 43_200_000);
        assert_eq!(parse_millis("30m").unwrap(), 1_800_000);
        assert_eq!(parse_millis("45s").unwrap(), 45_000);
        assert_eq!(parse_millis("500ms").unwrap(), 500);
        assert_eq!(parse_millis("1w").unwrap(), 604_800_000);
        assert_eq!(parse_millis("1234").unwrap(), 1234);
        assert_eq!(parse_millis("-1").unwrap(), -1);
        assert_eq!(parse("10s").unwrap(), Duration::from_secs(10));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "7x",
            "d",
            "7 d",
            "1.5h",
            "-3d",
            "h7",
            "99999999999999999d",
        ] {
            assert!(parse_millis(bad).is_err(), "{bad} should be rejected");
        }
        assert!(parse("-5").is_err());
    }

    #[test]
    fn humanizes() {
        assert_eq!(humanize_millis(604_800_000), "7d");
        assert_eq!(humanize_millis(1_209_600_000), "14d");
        assert_eq!(humanize_millis(3_600_000), "1h");
        assert_eq!(humanize_millis(1_500), "1500ms");
        assert_eq!(humanize_millis(-1), "infinite");
    }
}
