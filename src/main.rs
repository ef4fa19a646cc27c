//! spm-kafka: the Kafka side of the SPM microservices in one binary.

mod access;
mod backup;
mod cli;
mod cluster;
mod commands;
mod doctor;
mod duration;
mod events;
mod exit;
mod groups;
mod interrupt;
mod kafka;
mod lag;
mod metrics;
mod names;
mod output;
mod plan;
mod render;
mod reset;
mod settings;
mod spec;
mod status;
mod tail;
mod topics;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return exit::report(Err(
                anyhow::Error::from(e).context("cannot start the async runtime")
            ))
        }
    };
    let result = runtime.block_on(async {
        // Ctrl-C and SIGTERM: a command that claimed them stops on its own; any other is dropped.
        let interrupt = interrupt::Interrupt::listen();
        tokio::select! {
            result = commands::run(cli, interrupt.clone()) => result,
            () = interrupt.abandon() => Err(exit::Interrupted.into()),
        }
    });
    let code = exit::report(result);
    // Do not wait for librdkafka threads of abandoned clients on the way out.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    code
}
