//! Access control declared in topics.yaml, against the broker with StandardAuthorizer
//! (`allow.everyone.if.no.acl.found=false`; scripts/test.sh starts it with SPM_KAFKA_ACL=1):
//! spm-kafka administers it through its PLAINTEXT listener (whose principal ANONYMOUS is a super
//! user), and each declared service logs in as its own SCRAM user on the SASL_SSL listener
//! through an independent client (Python confluent-kafka). Every test uses its own topics and
//! principals, so the tests run in parallel and again.

mod common;

use common::*;
use serde_json::{json, Value};

/// The authorizing broker's PLAINTEXT listener: the admin path of these tests.
fn admin_bootstrap() -> String {
    std::env::var("SPM_KAFKA_TEST_ACL_ADMIN_BOOTSTRAP").unwrap_or_else(|_| "127.0.0.1:9292".into())
}

/// Services `p` (produces a, consumes b, its default group) and `q` (consumes a with the
/// prefixed groups `q-*`), and an explicit ACL of an ops principal.
fn spec(u: &str) -> String {
    format!(
        "defaults: {{partitions: 1, replication_factor: 1}}
topics:
  {u}-a: {{}}
  {u}-b: {{}}
  {u}-c: {{}}
services:
  {u}-p:
    produces: [{u}-a]
    consumes: [{u}-b]
  {u}-q:
    consumes: [{u}-a]
    groups: [\"{u}-q-*\"]
acls:
  - principal: User:{u}-ops
    resource: topic
    name: \"{u}-*\"
    operations: [describe]
"
    )
}

/// The README's password variable of a service, spelled out independently of the code's rule
/// for the names these tests use (lowercase letters, digits and dashes): `a-1-p` →
/// `SPM_KAFKA_PASSWORD_A_1_P`.
fn variable(service: &str) -> String {
    format!(
        "SPM_KAFKA_PASSWORD_{}",
        service.to_ascii_uppercase().replace('-', "_")
    )
}

fn spm(dir: &std::path::Path) -> assert_cmd::Command {
    spm_at(dir, &admin_bootstrap(), "15s")
}

fn acls() -> Vec<String> {
    let out = kafka_client("acls", json!({"bootstrap": admin_bootstrap()}));
    serde_json::from_str(out.trim()).expect("json")
}

fn acl(principal: &str, resource: &str, name: &str, operation: &str) -> Value {
    json!({"principal": principal, "resource": resource, "name": name, "operation": operation})
}

fn change_acls(cmd: &str, list: Vec<Value>) {
    kafka_client(cmd, json!({"bootstrap": admin_bootstrap(), "acls": list}));
}

/// What `user` can do on the SASL_SSL listener (see kafka_clients.py `try_as`).
fn try_as(cluster: &ExtraCluster, user: &str, password: &str, args: Value) -> Value {
    let mut args = args;
    args["bootstrap"] = json!(cluster.bootstrap);
    args["ca"] = json!(cluster.home.join("ssl/ca.pem").display().to_string());
    args["user"] = json!(user);
    args["password"] = json!(password);
    serde_json::from_str(kafka_client("try_as", args).trim()).expect("json")
}

fn setup(dir: &std::path::Path, u: &str, extra: &[&str]) -> std::process::Output {
    let out = spm(dir)
        .env(variable(&format!("{u}-p")), format!("pw-{u}-p"))
        .env(variable(&format!("{u}-q")), format!("pw-{u}-q"))
        .arg("setup")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "setup: {}{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

#[test]
fn each_service_can_do_exactly_what_it_declares() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    let u = unique("ac");
    write(dir.path(), "topics.yaml", &spec(&u));

    let out = setup(dir.path(), &u, &[]);
    let text = stdout(&out) + &stderr(&out);
    assert_contains(&text, &format!("add acl User:{u}-p WRITE topic {u}-a"));
    assert_contains(&text, &format!("set scram credential User:{u}-q"));
    assert!(
        !text.contains(&format!("pw-{u}")),
        "a password was printed: {text}"
    );

    // Something for the consumers to read.
    for t in ["a", "b", "c"] {
        kafka_client(
            "produce",
            json!({"bootstrap": admin_bootstrap(), "topic": format!("{u}-{t}"), "records": [{"value": "x"}]}),
        );
    }
    let (a, b, c) = (format!("{u}-a"), format!("{u}-b"), format!("{u}-c"));
    let p = try_as(
        &cluster,
        &format!("{u}-p"),
        &format!("pw-{u}-p"),
        json!({"produce": [a, b], "consume": [
            {"topic": b, "group": format!("{u}-p")},
            {"topic": c, "group": format!("{u}-p")},
            {"topic": b, "group": format!("{u}-q-1")},
        ]}),
    );
    assert_eq!(p["produce"][&a], "ok", "{p}");
    assert_eq!(p["produce"][&b], "TOPIC_AUTHORIZATION_FAILED", "{p}");
    assert_eq!(p["consume"][format!("{b} {u}-p")], "ok", "{p}");
    assert_eq!(
        p["consume"][format!("{c} {u}-p")],
        "TOPIC_AUTHORIZATION_FAILED",
        "{p}"
    );
    assert_eq!(
        p["consume"][format!("{b} {u}-q-1")],
        "GROUP_AUTHORIZATION_FAILED",
        "{p}"
    );

    let q = try_as(
        &cluster,
        &format!("{u}-q"),
        &format!("pw-{u}-q"),
        json!({"produce": [a], "consume": [{"topic": a, "group": format!("{u}-q-7")}]}),
    );
    // Without WRITE on any topic, an idempotent producer does not even get a producer id.
    assert_eq!(q["produce"][&a], "CLUSTER_AUTHORIZATION_FAILED", "{q}");
    assert_eq!(q["consume"][format!("{a} {u}-q-7")], "ok", "{q}");

    // The credential setup created lets the service in; a wrong password does not.
    let wrong = try_as(
        &cluster,
        &format!("{u}-p"),
        "not-the-password",
        json!({"produce": [a]}),
    );
    assert_eq!(wrong["produce"][&a], "AUTHENTICATION", "{wrong}");

    let out = spm(dir.path()).arg("verify").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("3 topics and 9 ACLs match"),
        "{}",
        stdout(&out)
    );

    // The matrix and the listing show what was granted.
    let out = spm(dir.path()).arg("access").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let row = stdout(&out)
        .lines()
        .find(|l| l.starts_with(&format!("{u}-p ")))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    assert_eq!(row, format!("{u}-p W | W R | R - | - {u}-p | {u}-p"));
    let out = spm(dir.path())
        .args(["-o", "json", "acls", "--principal", &format!("{u}-q")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["acls"].as_array().map(Vec::len), Some(3), "{v}");
    let out = spm(dir.path())
        .args(["-o", "json", "acls", "--group", &format!("{u}-q-9")])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let names: Vec<&str> = v["acls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["principal"].as_str().unwrap().contains(&u))
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [format!("{u}-q-")], "{v}");
}

#[test]
fn verify_catches_acl_drift_setup_repairs_and_prune_removes_only_declared_principals() {
    let dir = workdir();
    let u = unique("ad");
    write(dir.path(), "topics.yaml", &spec(&u));
    setup(dir.path(), &u, &[]);

    // Behind spm-kafka's back: a declared ACL removed, one added for a declared principal, one
    // for a principal the spec does not know.
    let (p, stranger) = (format!("User:{u}-p"), format!("User:{u}-operator"));
    change_acls(
        "delete_acls",
        vec![acl(&p, "topic", &format!("{u}-a"), "write")],
    );
    change_acls(
        "add_acls",
        vec![
            acl(&p, "topic", &format!("{u}-c"), "read"),
            acl(&stranger, "topic", &format!("{u}-c"), "read"),
        ],
    );
    let out = spm(dir.path()).args(["verify"]).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}{}", stderr(&out));
    assert_contains(&text, &format!("ACL missing: {p} WRITE topic {u}-a"));
    assert_contains(&text, &format!("ACL not declared: {p} READ topic {u}-c"));
    assert_lacks(&text, &stranger);

    let out = spm(dir.path())
        .args(["-o", "json", "verify"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["in_sync"], false);
    assert_eq!(v["acls"]["missing"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["acls"]["undeclared"][0]["principal"], p.as_str(), "{v}");

    let out = spm(dir.path()).arg("doctor").output().unwrap();
    assert!(
        stdout(&out)
            .contains("1 declared ACLs missing, 1 ACLs of declared principals not declared"),
        "{}",
        stdout(&out)
    );

    let plan = spm(dir.path()).arg("plan").output().unwrap();
    let text = stdout(&plan);
    assert_contains(&text, &format!("+ {p} WRITE topic {u}-a"));
    assert_contains(&text, &format!("- {p} READ topic {u}-c  not declared"));

    // setup repairs the missing one and leaves both extras alone.
    setup(dir.path(), &u, &[]);
    let now = acls();
    assert!(now.contains(&format!("{p} WRITE topic {u}-a")), "{now:?}");
    assert!(now.contains(&format!("{p} READ topic {u}-c")), "{now:?}");
    assert!(
        now.contains(&format!("{stranger} READ topic {u}-c")),
        "{now:?}"
    );
    let out = spm(dir.path()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let out = spm(dir.path()).arg("access").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("- | R"), "{}", stdout(&out));

    // --prune-acls removes the undeclared ACL of the declared principal, and only that.
    let out = setup(dir.path(), &u, &["--prune-acls"]);
    assert!(
        stdout(&out).contains(&format!("delete acl {p} READ topic {u}-c")),
        "{}",
        stdout(&out)
    );
    let now = acls();
    assert!(!now.contains(&format!("{p} READ topic {u}-c")), "{now:?}");
    assert!(
        now.contains(&format!("{stranger} READ topic {u}-c")),
        "{now:?}"
    );
    let out = spm(dir.path()).arg("verify").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    change_acls(
        "delete_acls",
        vec![acl(&stranger, "topic", &format!("{u}-c"), "read")],
    );
}

#[test]
fn verify_names_a_declared_scram_user_without_a_credential() {
    let dir = workdir();
    let u = unique("as");
    write(dir.path(), "topics.yaml", &spec(&u));
    // No passwords supplied: the ACLs are made, no credential is.
    let out = spm(dir.path()).arg("setup").output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out = spm(dir.path()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("User:{u}-p has no SCRAM-SHA-512 credential")),
        "{}",
        stdout(&out)
    );
    // A --secrets file supplies them; the passwords appear nowhere.
    let secrets = format!(
        "# one line per service\n{}=pw-{u}-p\n{}=pw-{u}-q\n",
        variable(&format!("{u}-p")),
        variable(&format!("{u}-q"))
    );
    write(dir.path(), "secrets.env", &secrets);
    let out = spm(dir.path())
        .args(["setup", "--secrets", "secrets.env"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        !(stdout(&out) + &stderr(&out)).contains("pw-"),
        "{}",
        stdout(&out)
    );
    let out = spm(dir.path()).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_cluster_without_an_authorizer_says_so_and_topics_decide() {
    // The development broker has no authorizer: librdkafka's DescribeAcls answers it with an
    // empty, successful list, which must not read as "0 ACLs, in sync".
    let dir = workdir();
    let u = unique("an");
    write(dir.path(), "topics.yaml", &spec(&u));
    let line = "the cluster enforces no access control; 9 declared ACLs not applied";
    let out = spm_in(dir.path()).arg("setup").output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains(line), "{}", stderr(&out));
    assert!(!stdout(&out).contains("add acl"), "{}", stdout(&out));
    let out = spm_in(dir.path()).arg("verify").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains(line), "{}", stderr(&out));
    let out = spm_in(dir.path())
        .args(["-o", "json", "plan"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["acls"]["enforced"], false, "{v}");
    assert_eq!(v["acls"]["declared"], 9, "{v}");
}

#[test]
fn a_restricted_principal_is_told_what_was_denied_and_a_hidden_topic_is_not_created() {
    let cluster = ExtraCluster::sasl();
    let dir = workdir();
    let u = unique("ar");
    // The service r may only DESCRIBE topic a; b exists but is hidden from it.
    let spec = format!(
        "defaults: {{partitions: 1, replication_factor: 1}}
topics:
  {u}-a: {{}}
  {u}-b: {{}}
services:
  {u}-r: {{}}
acls:
  - {{principal: User:{u}-r, resource: topic, name: {u}-a, operations: [describe]}}
"
    );
    write(dir.path(), "topics.yaml", &spec);
    let out = spm(dir.path())
        .env(variable(&format!("{u}-r")), "pw-r-Secret")
        .arg("setup")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let props = format!(
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.username={u}-r\nsasl.password=pw-r-Secret\nssl.ca.location={}\n",
        cluster.home.join("ssl/ca.pem").display()
    );
    write(dir.path(), "r.properties", &props);
    let as_r = || {
        let mut c = spm_at(dir.path(), &cluster.bootstrap, "10s");
        c.args(["--client-config", "r.properties"]);
        c
    };
    let out = as_r()
        .args(["topics", "describe", &format!("{u}-a")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("DESCRIBE_CONFIGS on Topic:{u}-a is denied"))
            && stderr(&out).contains("--operation DescribeConfigs"),
        "{}",
        stderr(&out)
    );

    change_acls(
        "add_acls",
        vec![acl(
            &format!("User:{u}-r"),
            "topic",
            &format!("{u}-a"),
            "describe_configs",
        )],
    );
    let out = as_r().arg("plan").output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{}{err}", stdout(&out));
    assert!(
        err.contains(&format!("denied DESCRIBE on Topic:{u}-b to User:{u}-r"))
            && err.contains(&format!("--operation Describe --topic {u}-b")),
        "{err}"
    );
    assert!(!stdout(&out).contains("create"), "{}", stdout(&out));
}
