//! DNS and TCP probes of broker addresses, below the Kafka protocol: what `doctor` reports
//! step by step, and what lets every other command say at once that nothing listens at the
//! bootstrap servers instead of waiting out `--timeout` (see [`all_refused`]).

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::doctor::{AddressProbe, Connect, Finding, Resolution, Server};

/// `doctor`'s findings about the bootstrap servers when every one of them refused the TCP
/// connection (resolved, and nothing listens on the port); `None` when any accepts, times out
/// or fails otherwise, or the list does not parse (librdkafka then says why). A refusal is
/// immediate and final, unlike a timeout, so nothing is gained by waiting out `--timeout`.
///
/// Only IP literals and `localhost` (the default, answered from /etc/hosts) are probed: any
/// other name would cost a second DNS query beside librdkafka's own, and under load (28
/// clients at once in tests/faults.rs) that delayed librdkafka's answer past a 2 s timeout,
/// so the real cause went unnamed. Such names are left to librdkafka.
pub async fn all_refused(bootstrap: &str, timeout: Duration) -> Option<Vec<Finding>> {
    let servers = crate::doctor::parse_servers(bootstrap).ok()?;
    let local = |host: &str| {
        host.parse::<std::net::IpAddr>().is_ok() || host.eq_ignore_ascii_case("localhost")
    };
    if !servers.iter().all(|s| local(&s.host)) {
        return None;
    }
    let probes =
        futures::future::join_all(servers.into_iter().map(|s| probe_address(s, timeout))).await;
    if !probes.iter().all(|p| p.connect == Some(Connect::Refused)) {
        return None;
    }
    Some(
        crate::doctor::reachability(&probes, timeout)
            .into_iter()
            .filter(|f| f.check == "connection")
            .collect(),
    )
}

/// Resolves `server` and opens a TCP connection to one of its addresses, each step bounded by
/// `timeout`. Blocking resolver and socket calls run on the blocking pool.
pub async fn probe_address(server: Server, timeout: Duration) -> AddressProbe {
    let target = (server.host.clone(), server.port);
    let lookup = tokio::task::spawn_blocking(move || {
        target
            .to_socket_addrs()
            .map(|addrs| addrs.collect::<Vec<_>>())
    });
    let resolution = match tokio::time::timeout(timeout, lookup).await {
        Err(_) => Resolution::TimedOut,
        Ok(Err(e)) => Resolution::Failed(e.to_string()),
        Ok(Ok(Err(e))) => Resolution::Failed(resolver_error(&e)),
        Ok(Ok(Ok(addrs))) if addrs.is_empty() => Resolution::Failed("no address".into()),
        Ok(Ok(Ok(addrs))) => Resolution::Addresses(addrs),
    };
    let connect = match &resolution {
        Resolution::Addresses(addrs) => {
            let addrs = addrs.clone();
            let attempt = tokio::task::spawn_blocking(move || connect_any(&addrs, timeout));
            // connect_any stops by itself at the deadline; the slack covers thread start-up.
            Some(
                match tokio::time::timeout(timeout + Duration::from_secs(1), attempt).await {
                    Ok(Ok(c)) => c,
                    Ok(Err(e)) => Connect::Failed(e.to_string()),
                    Err(_) => Connect::TimedOut,
                },
            )
        }
        _ => None,
    };
    AddressProbe {
        server,
        resolution,
        connect,
    }
}

/// `failed to lookup address information: Name or service not known` → the resolver's words.
fn resolver_error(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.strip_prefix("failed to lookup address information: ")
        .map(str::to_string)
        .unwrap_or(text)
}

/// Tries the addresses in order until one accepts, all within `timeout`. When none does, a
/// refusal says the most (nothing listens), then a timeout, then any other error.
fn connect_any(addrs: &[SocketAddr], timeout: Duration) -> Connect {
    let deadline = Instant::now() + timeout;
    let mut failures = Vec::new();
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            failures.push(Connect::TimedOut);
            break;
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(_) => return Connect::Connected(*addr),
            Err(e) => failures.push(match e.kind() {
                std::io::ErrorKind::ConnectionRefused => Connect::Refused,
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Connect::TimedOut,
                _ => Connect::Failed(e.to_string()),
            }),
        }
    }
    [Connect::Refused, Connect::TimedOut]
        .into_iter()
        .find(|c| failures.contains(c))
        .or_else(|| failures.into_iter().next())
        .unwrap_or(Connect::TimedOut)
}
