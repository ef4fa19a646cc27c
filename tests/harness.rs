//! The harness itself: every test's `spm-kafka` comes from `common::hermetic_process`, so a
//! Kafka environment in the caller's shell (`KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_SECURITY_PROTOCOL`,
//! an `SPM_KAFKA_*` setting, `NO_COLOR`) never reaches the command under test.
//!
//! This file holds one test on purpose: it sets variables in its own process, which no other
//! test may be running beside.

mod common;

use common::*;

#[test]
fn the_callers_kafka_environment_never_reaches_the_command_under_test() {
    let hostile = [
        ("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"),
        ("KAFKA_SECURITY_PROTOCOL", "SSL"),
        ("KAFKA_SASL_PASSWORD", "not-for-tests"),
        ("SPM_KAFKA_PROFILE", "nope"),
        ("NO_COLOR", ""),
    ];
    let test_broker = bootstrap();
    for (k, v) in hostile {
        std::env::set_var(k, v);
    }
    let dir = workdir();

    let base = hermetic_process(dir.path());
    let envs: Vec<(String, Option<String>)> = base
        .get_envs()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.map(|v| v.to_string_lossy().into_owned()),
            )
        })
        .collect();
    for (k, _) in hostile {
        let set = envs.iter().find(|(name, _)| name == k).map(|(_, v)| v);
        let expected = if k == "NO_COLOR" {
            Some("1".to_string())
        } else {
            None
        };
        assert_eq!(set, Some(&expected), "{k} in {envs:?}");
    }
    assert_eq!(base.get_current_dir(), Some(dir.path()));

    // And on the wire: each variant reaches the test broker in plaintext.
    let out = spm_in(dir.path())
        .args(["topics", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "spm_in: {}", stderr(&out));
    let out = spm_at(dir.path(), &test_broker, "10s")
        .args(["topics", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "spm_at: {}", stderr(&out));
    let out = spm_process(dir.path())
        .args(["topics", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "spm_process: {}", stderr(&out));
    let out = spm_bare(dir.path())
        .args(["-b", &test_broker, "topics", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "spm_bare: {}", stderr(&out));
    // Without a bootstrap, the caller's KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:1) is not used either.
    let out = spm_bare(dir.path())
        .args(["--timeout", "2s", "topics", "list"])
        .output()
        .unwrap();
    assert!(
        !stderr(&out).contains("127.0.0.1:1"),
        "spm_bare used the caller's bootstrap: {}",
        stderr(&out)
    );
}
