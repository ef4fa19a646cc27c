//! `spm-kafka doctor`: the troubleshooting list as a command. Gathers facts (DNS, TCP, the
//! Kafka handshake, metadata, topics.yaml, consumer groups, broker configs), hands them to the
//! pure decisions in `crate::doctor`, and prints a checklist (or `-o json`).
//! Exit 0 when healthy (warnings allowed), 1 when something is wrong.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Context;
use crate::cli::SpecArgs;
use crate::cluster::Cluster;
use crate::doctor::{self, AddressProbe, Finding, Server, SpecFacts};
use crate::exit;
use crate::kafka::groups::GroupState;
use crate::kafka::probe::probe_address;
use crate::kafka::Admin;
use crate::lag;
use crate::plan;
use crate::render;
use crate::spec::Spec;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  spm-kafka doctor
  spm-kafka doctor -b kafka:9092 -X security.protocol=SASL_SSL -o json

Checks, in order: settings, dns, connection (refused or no answer), kafka (TLS, authentication),
cluster, advertised-listeners, topics (as verify), partitions (leaderless, under-replicated),
consumer-groups (Empty with lag), auto-create-topics. Each problem comes with its next step.

Exit 0 when healthy (warnings allowed), 1 when something is wrong.
-o json: {healthy, bootstrap, summary, findings: [{check, severity, message, next_step}]}")]
pub struct DoctorArgs {
    #[command(flatten)]
    pub spec: SpecArgs,
}

pub async fn run(args: DoctorArgs, cx: &Context) -> Result<ExitCode> {
    let findings = doctor::redacted(diagnose(&args, cx).await?);
    render::doctor::print(&cx.out, &cx.settings.bootstrap, &findings)?;
    Ok(ExitCode::from(if doctor::healthy(&findings) {
        exit::OK
    } else {
        exit::FAILURE
    }))
}

async fn diagnose(args: &DoctorArgs, cx: &Context) -> Result<Vec<Finding>> {
    let timeout = cx.settings.timeout;
    // Bad -X properties are invalid input (exit 2): found before anything goes on the network.
    let admin = cx.admin()?;
    let mut findings = Vec::new();

    // 1. Can the bootstrap servers be resolved and reached?
    let servers = match doctor::parse_servers(&cx.settings.bootstrap) {
        Ok(servers) => {
            let settings = &cx.settings;
            let props = settings.redacted_properties();
            findings.push(doctor::settings_finding(
                &settings.bootstrap,
                &props,
                settings.timeout,
            ));
            servers
        }
        Err(f) => {
            findings.push(f);
            findings.extend(doctor::skipped_after(
                "settings",
                "no usable bootstrap server",
            ));
            return Ok(findings);
        }
    };
    let probes = futures::future::join_all(
        servers
            .into_iter()
            .map(|server| probe_address(server, timeout)),
    )
    .await;
    findings.extend(doctor::reachability(&probes, timeout));
    if !probes.iter().any(AddressProbe::reachable) {
        findings.extend(doctor::skipped_after(
            "connection",
            "no bootstrap server accepts connections",
        ));
        return Ok(findings);
    }

    // 2. Does Kafka answer (TLS, authentication)? Which cluster and brokers?
    let cluster_id = match admin.cluster_id().await? {
        Ok(id) => id,
        Err(cause) => {
            let silent = cause.as_deref().is_none_or(|c| c.trim().is_empty());
            findings.push(if silent && admin.is_controller_listener().await {
                doctor::controller_listener(&cx.settings.bootstrap)
            } else {
                doctor::kafka_unanswered(cause.as_deref(), &cx.settings.bootstrap, timeout)
            });
            findings.extend(doctor::skipped_after("kafka", "Kafka does not answer"));
            return Ok(findings);
        }
    };
    let protocol = cx.settings.properties.get("security.protocol");
    findings.push(doctor::kafka_answered(&cx.settings.bootstrap, protocol));
    if let Err(cause) = admin.metadata_answered().await? {
        let bootstrap: Vec<Server> = probes.iter().map(|p| p.server.clone()).collect();
        findings.extend(doctor::metadata_unanswered(
            &cluster_id,
            cause.as_deref(),
            &bootstrap,
            timeout,
        ));
        return Ok(findings);
    }
    let cluster = match admin.metadata().await {
        Ok(cluster) => cluster,
        Err(e) => {
            findings.extend(doctor::cluster_unreadable(&format!("{e:#}")));
            return Ok(findings);
        }
    };
    findings.push(doctor::cluster_finding(&cluster_id, &cluster.brokers));
    let advertised = futures::future::join_all(cluster.brokers.iter().map(|b| async move {
        let server = Server {
            host: b.host.clone(),
            port: u16::try_from(b.port).unwrap_or(0),
        };
        (b.id, probe_address(server, timeout).await)
    }))
    .await;
    findings.push(doctor::advertised_finding(&advertised));

    // 3. Topics, partitions, consumer groups, broker configs: independent, asked together.
    let broker_ids: Vec<i32> = cluster.brokers.iter().map(|b| b.id).collect();
    let (spec_facts, groups, auto_create) = tokio::join!(
        spec_facts(&args.spec.file, cx, &admin),
        consumer_groups(&cluster, &admin),
        admin.broker_config(&broker_ids, "auto.create.topics.enable"),
    );
    findings.push(doctor::topics_finding(&spec_facts));
    findings.extend(doctor::partitions_findings(&cluster));
    findings.push(groups);
    findings.push(doctor::auto_create_finding(
        &auto_create.map_err(|e| format!("{e:#}")),
    ));
    findings.push(doctor::access_finding(
        &super::gather_access::doctor_facts(cx, &args.spec.file).await,
    ));
    Ok(findings)
}

/// topics.yaml compared with the cluster, exactly as `verify` does.
async fn spec_facts(file: &Path, cx: &Context, admin: &Admin) -> SpecFacts {
    let shown = file.display().to_string();
    if !file.exists() && file == Path::new("topics.yaml") {
        return SpecFacts::Missing { file: shown };
    }
    let spec = match Spec::load(file, cx.settings.profile.as_deref()) {
        Ok(spec) => spec,
        Err(e) => {
            return SpecFacts::Invalid {
                message: e.to_string(),
            }
        }
    };
    match admin.cluster_with_configs(&spec.names()).await {
        Ok(cluster) => SpecFacts::Compared {
            file: shown,
            topics: spec.topics.len(),
            drift: plan::drift(&plan::diff(&spec, &cluster)),
        },
        Err(e) => SpecFacts::Unreadable {
            file: shown,
            error: format!("{e:#}"),
        },
    }
}

/// Consumer groups that are Empty (no member) but have lag: committed offsets of the Empty
/// groups against the log ends of the partitions that still exist, summed by `lag`.
async fn consumer_groups(cluster: &Cluster, admin: &Admin) -> Finding {
    match empty_group_lag(cluster, admin).await {
        Ok((count, empty)) => doctor::groups_finding(count, &empty),
        Err(e) => doctor::groups_unreadable(&format!("{e:#}")),
    }
}

async fn empty_group_lag(
    cluster: &Cluster,
    admin: &Admin,
) -> Result<(usize, Vec<lag::GroupTotal>)> {
    let groups = admin.list_groups().await?;
    let empty: Vec<String> = groups
        .iter()
        .filter(|g| g.state == GroupState::Empty)
        .map(|g| g.name.clone())
        .collect();
    if empty.is_empty() {
        return Ok((groups.len(), Vec::new()));
    }
    let committed = admin.committed_offsets(&empty).await?;
    let offsets = doctor::empty_group_offsets(committed);
    // A commit on a deleted topic has no log end: leave it out rather than fail the listing.
    let partitions = doctor::existing_partitions(&offsets, cluster);
    let marks = admin.watermarks(partitions).await?;
    let rows = lag::rows(&offsets, &marks, None, &[]);
    Ok((groups.len(), lag::totals(&empty, &rows)))
}
