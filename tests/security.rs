//! SASL_SSL with SCRAM-SHA-512 against a real broker with a self-signed CA (made by
//! scripts/kafka.sh): credentials through -X, --client-config and the environment; a wrong
//! password; certificate verification on by default; no password in anything printed.

mod common;

use std::time::{Duration, Instant};

use common::*;

const USER: &str = "admin";
const PASSWORD: &str = "admin-secret";

fn ca(cluster: &ExtraCluster) -> String {
    cluster.home.join("ssl/ca.pem").display().to_string()
}

/// spm-kafka pointed at the SASL_SSL listener, with no credentials yet.
fn sasl_cmd(cluster: &ExtraCluster, dir: &std::path::Path) -> assert_cmd::Command {
    spm_at(dir, &cluster.bootstrap, "10s")
}

fn x_args(cluster: &ExtraCluster, password: &str) -> Vec<String> {
    [
        "security.protocol=SASL_SSL".to_string(),
        "sasl.mechanism=SCRAM-SHA-512".to_string(),
        format!("sasl.username={USER}"),
        format!("sasl.password={password}"),
        format!("ssl.ca.location={}", ca(cluster)),
    ]
    .into_iter()
    .flat_map(|p| ["-X".to_string(), p])
    .collect()
}

fn assert_no_password(out: &std::process::Output, password: &str) {
    let all = stdout(out) + &stderr(out);
    assert!(
        !all.contains(password),
        "the password appears in the output: {all}"
    );
}

#[test]
fn topic_commands_work_with_credentials_from_x_file_and_environment() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    let t = unique("it-sasl");
    write(dir.path(), "topics.yaml", &spec_for(&[&t]));

    // -X
    let out = sasl_cmd(&cluster, dir.path())
        .args(x_args(&cluster, PASSWORD))
        .arg("setup")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains(&format!("created {t}")));
    assert_no_password(&out, PASSWORD);

    // --client-config
    let props = format!(
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.username={USER}\nsasl.password={PASSWORD}\nssl.ca.location={}\n",
        ca(&cluster)
    );
    write(dir.path(), "client.properties", &props);
    for args in [
        &["verify"][..],
        &["plan", "-o", "json"],
        &["topics", "list"],
        &["topics", "describe", &t],
    ] {
        let out = sasl_cmd(&cluster, dir.path())
            .args(["--client-config", "client.properties"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_no_password(&out, PASSWORD);
    }

    // environment
    let out = sasl_cmd(&cluster, dir.path())
        .env("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .env("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .env("KAFKA_SASL_USERNAME", USER)
        .env("KAFKA_SASL_PASSWORD", PASSWORD)
        .env("KAFKA_SSL_CA_LOCATION", ca(&cluster))
        .arg("verify")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_password(&out, PASSWORD);
}

#[test]
fn wrong_password_is_a_clear_authentication_error() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    write(
        dir.path(),
        "topics.yaml",
        &spec_for(&[&unique("it-sasl-bad")]),
    );
    let wrong = "Wr0ng-Pa55word-zz9";
    let start = Instant::now();
    let out = sasl_cmd(&cluster, dir.path())
        .args(x_args(&cluster, wrong))
        .arg("verify")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(start.elapsed() < Duration::from_secs(20));
    let err = stderr(&out);
    assert!(err.contains("authentication failed"), "{err}");
    assert_no_password(&out, wrong);
}

#[test]
fn certificate_verification_is_on_by_default() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    write(
        dir.path(),
        "topics.yaml",
        &spec_for(&[&unique("it-sasl-tls")]),
    );
    // Everything right except the CA: the self-signed broker certificate must be rejected.
    let out = sasl_cmd(&cluster, dir.path())
        .args([
            "-X",
            "security.protocol=SASL_SSL",
            "-X",
            "sasl.mechanism=SCRAM-SHA-512",
        ])
        .args([
            "-X",
            &format!("sasl.username={USER}"),
            "-X",
            &format!("sasl.password={PASSWORD}"),
        ])
        .args(["verify", "--timeout", "4s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("TLS failed") && err.to_lowercase().contains("certificate"),
        "{err}"
    );
    assert_no_password(&out, PASSWORD);
}
