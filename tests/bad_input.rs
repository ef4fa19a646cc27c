//! Malformed input of every kind: each gives one clear line on stderr (with file:line:col where
//! a file is involved), exit 2, no panic, and nothing changed on the broker.

mod common;

use common::*;

/// Runs spm-kafka with `args` in `dir` and checks the exit code 2 contract; returns stderr.
fn rejects(dir: &std::path::Path, args: &[&str], expect: &str) -> String {
    let out = spm_in(dir).args(args).output().unwrap();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} should exit 2; stderr: {err}"
    );
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(
        out.stdout.is_empty(),
        "{args:?} printed data: {}",
        stdout(&out)
    );
    assert!(
        err.contains(expect),
        "{args:?}: expected {expect:?} in: {err}"
    );
    err
}

/// One line: clap usage errors add a usage block, ours are a single `error:` line.
fn one_line(err: &str) {
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "expected one line, got: {err}"
    );
}

#[test]
fn malformed_topics_yaml() {
    let dir = workdir();
    let t = unique("it-bad");
    let d = "defaults: {partitions: 3, replication_factor: 1}\n";
    let cases: Vec<(String, Vec<u8>, &str)> = vec![
        ("syntax: unclosed flow".into(), format!("{d}topics: {{{t}: {{}}\n").into_bytes(), "topics.yaml:"),
        ("syntax: bad indentation".into(), format!("{d}topics:\n  {t}: {{}}\n bad: 1\n").into_bytes(), "topics.yaml:"),
        ("tab indentation".into(), format!("{d}topics:\n\t{t}: {{}}\n").into_bytes(), "topics.yaml:3:"),
        ("wrong type: partitions string".into(), format!("topics:\n  {t}:\n    partitions: three\n    replication_factor: 1\n").into_bytes(), "topics.yaml:3:17:"),
        ("wrong type: topics a list".into(), format!("{d}topics:\n  - {t}\n").into_bytes(), "topics.yaml:3:"),
        ("wrong type: config a list".into(), format!("{d}topics:\n  {t}:\n    config: [a, b]\n").into_bytes(), "topics.yaml:4:"),
        ("wrong type: description a map".into(), format!("{d}topics:\n  {t}:\n    description: {{a: 1}}\n").into_bytes(), "topics.yaml:4:"),
        ("unknown top-level key".into(), format!("{d}topicz:\n  {t}: {{}}\n").into_bytes(), "topics.yaml:2:1:"),
        ("unknown topic key".into(), format!("{d}topics:\n  {t}:\n    partition: 3\n").into_bytes(), "unknown field `partition`"),
        ("unknown defaults key".into(), format!("defaults: {{partitions: 3, replication_factor: 1, retention: 7d}}\ntopics:\n  {t}: {{}}\n").into_bytes(), "topics.yaml:1:"),
        ("unknown config key".into(), format!("{d}topics:\n  {t}:\n    config: {{retention.msx: 7d}}\n").into_bytes(), "did you mean 'retention.ms'"),
        ("zero partitions".into(), format!("{d}topics:\n  {t}: {{partitions: 0}}\n").into_bytes(), "partitions must be between 1 and 10000, got 0"),
        ("negative partitions".into(), format!("{d}topics:\n  {t}: {{partitions: -3}}\n").into_bytes(), "got -3"),
        ("absurd partitions".into(), format!("{d}topics:\n  {t}: {{partitions: 1000000}}\n").into_bytes(), "got 1000000"),
        ("huge partitions overflow".into(), format!("{d}topics:\n  {t}: {{partitions: 99999999999999999999999}}\n").into_bytes(), "topics.yaml:3:"),
        ("replication factor 0".into(), format!("{d}topics:\n  {t}: {{replication_factor: 0}}\n").into_bytes(), "replication_factor must be between 1 and 32, got 0"),
        ("replication factor float".into(), format!("{d}topics:\n  {t}: {{replication_factor: 1.5}}\n").into_bytes(), "topics.yaml:3:"),
        ("bad duration unit".into(), format!("{d}topics:\n  {t}: {{config: {{retention.ms: 7y}}}}\n").into_bytes(), "invalid duration '7y'"),
        ("bad duration words".into(), format!("{d}topics:\n  {t}:\n    config:\n      retention.ms: seven days\n").into_bytes(), "topics.yaml:5:21: retention.ms: invalid duration"),
        ("negative duration".into(), format!("{d}topics:\n  {t}: {{config: {{retention.ms: -5}}}}\n").into_bytes(), "must be -1 (infinite) or a duration"),
        ("config value not in the enum".into(), format!("{d}topics:\n  {t}:\n    config:\n      cleanup.policy: compactt\n").into_bytes(), "topics.yaml:5:23: cleanup.policy: must be compact or delete"),
        ("config value with a size unit".into(), format!("{d}topics:\n  {t}:\n    config:\n      retention.bytes: 1GB\n").into_bytes(), "topics.yaml:5:24: retention.bytes: expected a whole number of bytes"),
        ("config value a word for a number".into(), format!("{d}topics:\n  {t}:\n    config:\n      min.insync.replicas: two\n").into_bytes(), "topics.yaml:5:28: min.insync.replicas: expected a whole number"),
        ("config value below the minimum".into(), format!("{d}topics:\n  {t}: {{config: {{min.insync.replicas: 0}}}}\n").into_bytes(), "min.insync.replicas: must be between 1 and"),
        ("config value not a boolean".into(), format!("{d}topics:\n  {t}: {{config: {{preallocate: yes please}}}}\n").into_bytes(), "preallocate: must be true or false"),
        ("config value of a profile".into(), format!("{d}profiles:\n  prod: {{config: {{compression.type: zstdd}}}}\ntopics:\n  {t}: {{}}\n").into_bytes(), "did you mean 'zstd'"),
        ("empty config value".into(), format!("{d}topics:\n  {t}: {{config: {{cleanup.policy: ''}}}}\n").into_bytes(), "must not be empty"),
        ("invalid topic name chars".into(), format!("{d}topics:\n  \"{t} bad\": {{}}\n").into_bytes(), "is not allowed"),
        ("topic name slash".into(), format!("{d}topics:\n  {t}/x: {{}}\n").into_bytes(), "is not allowed"),
        ("over-long topic name".into(), format!("{d}topics:\n  {}: {{}}\n", "t".repeat(250)).into_bytes(), "at most 249"),
        ("dot topic name".into(), format!("{d}topics:\n  '..': {{}}\n").into_bytes(), "not a valid topic name"),
        ("reserved topic name".into(), format!("{d}topics:\n  __{t}: {{}}\n").into_bytes(), "reserved"),
        ("duplicate topic".into(), format!("{d}topics:\n  {t}: {{}}\n  {t}: {{}}\n").into_bytes(), "topics.yaml:4:3: duplicate"),
        ("colliding topic names".into(), format!("{d}topics:\n  {t}.a: {{}}\n  {t}_a: {{}}\n").into_bytes(), "collides with"),
        ("empty file".into(), Vec::new(), "the file is empty"),
        ("only comments".into(), b"# nothing here\n".to_vec(), "topics.yaml"),
        ("no topics".into(), format!("{d}topics: {{}}\n").into_bytes(), "declares no topic"),
        ("missing partitions".into(), format!("topics:\n  {t}: {{replication_factor: 1}}\n").into_bytes(), "has no partitions"),
        ("binary garbage".into(), (0..=255u8).cycle().take(600).collect(), "topics.yaml"),
        ("a bare scalar".into(), b"just words\n".to_vec(), "topics.yaml:1:1:"),
        ("unknown service key".into(), format!("{d}topics:\n  {t}: {{}}\nservices:\n  s:\n    produce: [{t}]\n").into_bytes(), "topics.yaml:6:5: unknown field `produce`"),
        ("service produces an undeclared topic".into(), format!("{d}topics:\n  {t}: {{}}\nservices:\n  s:\n    consumes: [{t}x]\n").into_bytes(), "topics.yaml:6:16: service 's' consumes"),
        ("principal without a type".into(), format!("{d}topics:\n  {t}: {{}}\nservices:\n  s: {{principal: s}}\n").into_bytes(), "write it as Type:name"),
        ("unknown ACL operation".into(), format!("{d}topics:\n  {t}: {{}}\nacls:\n  - {{principal: User:o, resource: topic, name: x, operations: [reed]}}\n").into_bytes(), "unknown operation 'reed' (did you mean 'read'?)"),
        ("profile typo".into(), format!("{d}profiles:\n  prod: {{replicas: 3}}\ntopics:\n  {t}: {{}}\n").into_bytes(), "topics.yaml:3:"),
    ];
    for (name, content, expect) in &cases {
        std::fs::write(dir.path().join("topics.yaml"), content).unwrap();
        for command in ["setup", "verify", "plan"] {
            let err = rejects(dir.path(), &[command], expect);
            one_line(&err);
            assert!(err.starts_with("error: "), "{name}: {err}");
        }
        let created: Vec<String> = topic_names()
            .into_iter()
            .filter(|n| n.contains(&t))
            .collect();
        assert!(
            created.is_empty(),
            "{name}: setup of an invalid spec created {created:?}"
        );
    }
}

#[test]
fn unknown_profile_is_input_error() {
    let dir = workdir();
    write(dir.path(), "topics.yaml", &spec_for(&[&unique("it-prof")]));
    one_line(&rejects(
        dir.path(),
        &["setup", "--profile", "staging"],
        "no profile named 'staging'",
    ));
}

#[test]
fn malformed_flags() {
    let dir = workdir();
    write(dir.path(), "topics.yaml", &spec_for(&[&unique("it-flags")]));
    rejects(
        dir.path(),
        &["verify", "--timeout", "soon"],
        "invalid duration 'soon'",
    );
    rejects(
        dir.path(),
        &["verify", "--timeout", "0s"],
        "greater than zero",
    );
    rejects(
        dir.path(),
        &["verify", "-o", "yaml"],
        "invalid value 'yaml'",
    );
    rejects(
        dir.path(),
        &["verify", "--color", "sometimes"],
        "invalid value 'sometimes'",
    );
    rejects(
        dir.path(),
        &["verify", "--no-such-flag"],
        "unexpected argument",
    );
    rejects(dir.path(), &["frobnicate"], "unrecognized subcommand");
    for (args, expect) in [
        (&["verify", "-o", "raw"][..], "-o raw is only for tail"),
        (
            &["verify", "-X", "security.protocol"][..],
            "expected KEY=VALUE",
        ),
        (
            &["verify", "-X", "=PLAINTEXT"][..],
            "must be a librdkafka property name",
        ),
        (
            &["verify", "-X", "no.such.property=1"][..],
            "invalid client property 'no.such.property'",
        ),
        (
            &["verify", "-X", "security.protocol=CARRIER_PIGEON"][..],
            "security.protocol",
        ),
        (&["verify", "-b", ""][..], "invalid bootstrap servers"),
        (
            &["verify", "-b", "a:1,,b:2"][..],
            "invalid bootstrap servers",
        ),
        (
            &["verify", "--client-config", "missing.properties"][..],
            "cannot read client config missing.properties",
        ),
    ] {
        one_line(&rejects(dir.path(), args, expect));
    }
    write(
        dir.path(),
        "bad.properties",
        "security.protocol=PLAINTEXT\nthis line is wrong\n",
    );
    one_line(&rejects(
        dir.path(),
        &["verify", "--client-config", "bad.properties"],
        "bad.properties:2:1: expected key=value",
    ));
}

#[test]
fn malformed_events_and_reset_flags() {
    let dir = workdir();
    let t = unique("it-bad-events");
    create_topic(&t, 3, &[]);
    let task = |data: &str| format!(r#"{{"event_type":"task_created","data":{data}}}"#);
    let ok = r#"{"id":"t1","name":"n","created_by_uid":"u","pid":"p"}"#;
    let big = format!(
        r#"{{"id":"t1","name":"{}","created_by_uid":"u","pid":"p"}}"#,
        "x".repeat(2_000_000)
    );
    let lines: Vec<(&str, String, &str)> = vec![
        ("not JSON", "this is not json".into(), "events.jsonl:2"),
        ("an array", "[1, 2, 3]".into(), "events.jsonl:2"),
        ("data is an array", task("[1]"), "data"),
        (
            "id is a number",
            task(r#"{"id":7,"name":"n","created_by_uid":"u","pid":"p"}"#),
            "data.id",
        ),
        (
            "empty id",
            task(r#"{"id":"","name":"n","created_by_uid":"u","pid":"p"}"#),
            "data.id",
        ),
        (
            "missing field",
            task(r#"{"id":"t1","name":"n","pid":"p"}"#),
            "data.created_by_uid",
        ),
        (
            "unknown type",
            r#"{"event_type":"task_exploded","data":{"id":"t1"}}"#.into(),
            "task_exploded",
        ),
        (
            "bad deadline",
            r#"{"event_type":"deadline_overdue","data":{"id":"s1","deadline":"yesterday"}}"#.into(),
            "deadline",
        ),
        ("oversized event", task(&big), "events.jsonl:2"),
    ];
    for (name, line, expect) in &lines {
        write(
            dir.path(),
            "events.jsonl",
            &format!("{}\n{line}\n{}\n", task(ok), task(ok)),
        );
        let err = rejects(
            dir.path(),
            &["publish", "--topic", &t, "--file", "events.jsonl"],
            expect,
        );
        assert!(err.contains("nothing was sent"), "{name}: {err}");
    }
    // A single event from flags.
    rejects(
        dir.path(),
        &[
            "publish",
            "task_created",
            "--topic",
            &t,
            "--data",
            "{not json",
        ],
        "--data",
    );
    rejects(
        dir.path(),
        &[
            "publish",
            "task_created",
            "--topic",
            &t,
            "--data",
            r#"{"id":"t1"}"#,
        ],
        "data.name",
    );
    rejects(
        dir.path(),
        &["publish", "no_such_event", "--data", ok],
        "no_such_event",
    );
    let on_topic = messages_on(&bootstrap(), &t);
    assert_eq!(on_topic, 0, "an invalid event file sent something");

    // reset-offsets flags.
    let reset = |extra: &[&str]| {
        let mut a = vec!["reset-offsets", "--group", "g", "--topic", t.as_str()];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    for (extra, expect) in [
        (&["--to-earliest", "--to-latest"][..], "cannot be used with"),
        (&[][..], "required"),
        (&["--to-datetime", "last tuesday"], "last tuesday"),
        (&["--by-duration", "forever"], "forever"),
        (&["--shift-by", "ten"], "ten"),
        (&["--to-offset", "-5"], "-5"),
    ] {
        let args = reset(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rejects(dir.path(), &args, expect);
    }
    rejects(
        dir.path(),
        &["tail", &t, "--since", "the dawn of time"],
        "the dawn of time",
    );
    rejects(
        dir.path(),
        &["events", "schema", "task_creatd"],
        "task_created",
    );
}

/// The count the "nothing was sent" checks rely on fails loudly where it cannot count, instead
/// of reading a missing topic as 0 messages.
#[test]
#[should_panic(expected = "cannot count messages on")]
fn counting_messages_on_a_missing_topic_fails() {
    messages_on(&bootstrap(), &unique("it-no-such-topic"));
}

#[test]
fn a_malformed_secrets_file_is_refused_without_showing_it() {
    let dir = workdir();
    let t = unique("it-secrets");
    write(
        dir.path(),
        "topics.yaml",
        &format!("{}services:\n  s:\n    produces: [{t}]\n", spec_for(&[&t])),
    );
    write(dir.path(), "secrets.env", "s: hunter2\n");
    let err = rejects(
        dir.path(),
        &["setup", "--secrets", "secrets.env"],
        "secrets.env:1: expected SPM_KAFKA_PASSWORD_<SERVICE>=password",
    );
    one_line(&err);
    assert_lacks(&err, "hunter2");
    assert!(!topic_names().contains(&t), "setup created {t}");
}
