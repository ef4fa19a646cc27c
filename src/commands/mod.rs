//! One module per subcommand. Each gathers facts from Kafka, hands them to a pure decision
//! (`spec`, `plan`, ...) and prints the result.

pub mod access;
pub mod acls;
mod apply_access;
pub mod backup;
pub(crate) mod collect;
pub mod completions;
pub mod doctor;
pub mod events;
pub mod exporter;
pub(crate) mod gather;
pub(crate) mod gather_access;
pub mod groups;
pub mod lag;
pub mod man;
pub mod plan;
pub mod publish;
pub mod reset_offsets;
pub mod restore;
pub mod setup;
pub mod tail;
pub mod topics;
pub mod verify;
pub mod verify_backup;

use std::process::ExitCode;
use std::sync::OnceLock;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::interrupt::Interrupt;
use crate::kafka::{Admin, Kafka};
use crate::output::Format;
use crate::output::Output;
use crate::settings::Settings;

/// What every command gets: the resolved settings, the printer and the way to Kafka.
pub struct Context {
    pub settings: Settings,
    pub out: Output,
    pub kafka: Kafka,
    /// Ctrl-C and SIGTERM, for commands that stop gracefully (see `interrupt`).
    pub interrupt: Interrupt,
    /// One admin client per run, made on first use.
    admin: OnceLock<Admin>,
}

impl Context {
    pub fn new(settings: Settings, interrupt: Interrupt) -> Context {
        let out = Output {
            format: settings.format.unwrap_or(Format::Table),
            stdout_is_terminal: settings.stdout_is_terminal,
            color: settings.color,
        };
        let kafka = Kafka::from_settings(&settings);
        Context {
            settings,
            out,
            kafka,
            interrupt,
            admin: OnceLock::new(),
        }
    }

    /// The run's admin client (cheap to clone: it shares one librdkafka handle).
    pub fn admin(&self) -> Result<Admin> {
        if let Some(admin) = self.admin.get() {
            return Ok(admin.clone());
        }
        let admin = self.kafka.admin()?;
        Ok(self.admin.get_or_init(|| admin).clone())
    }
}

pub async fn run(cli: Cli, interrupt: Interrupt) -> Result<ExitCode> {
    // Generated from the CLI definitions alone: no settings, nothing read from the environment.
    match &cli.command {
        Command::Completions(args) => return completions::run(args),
        Command::Man(args) => return man::run(args),
        _ => {}
    }
    let settings = Settings::from_process(&cli.global)?;
    colored::control::set_override(settings.color);
    crate::exit::set_stderr_color(settings.stderr_color);
    let cx = Context::new(settings, interrupt);
    let result = dispatch(cli.command, &cx).await;
    // The process ends right after this: skip destroying the clients. Dropping rust-rdkafka's
    // AdminClient joins its poll thread, which sleeps in 100 ms slices — a third of a no-change
    // `verify`. Producers are flushed by their commands before they return.
    std::mem::forget(cx);
    result
}

async fn dispatch(command: Command, cx: &Context) -> Result<ExitCode> {
    // One raw-output rule: `-o raw` is the payload bytes of `tail`; no other command has a raw form.
    if cx.out.format == Format::Raw && !command.prints_raw() {
        return crate::exit::invalid(format!(
            "-o raw is only for tail; {} prints table or json",
            command.name()
        ));
    }
    match command {
        Command::Plan(args) => plan::run(args, cx).await,
        Command::Setup(args) => setup::run(args, cx).await,
        Command::Verify(args) => verify::run(args, cx).await,
        Command::Acls(args) => acls::run(args, cx).await,
        Command::Access(args) => access::run(args, cx).await,
        Command::Topics(cmd) => topics::run(cmd, cx).await,
        Command::Doctor(args) => doctor::run(args, cx).await,
        Command::Groups(cmd) => groups::run(cmd, cx).await,
        Command::Lag(args) => lag::run(args, cx).await,
        Command::Exporter(args) => exporter::run(args, cx).await,
        Command::ResetOffsets(args) => reset_offsets::run(args, cx).await,
        Command::Publish(args) => publish::run(args, cx).await,
        Command::Tail(args) => tail::run(args, cx).await,
        Command::Events(cmd) => events::run(cmd, cx).await,
        Command::Backup(args) => backup::run(args, cx).await,
        Command::Restore(args) => restore::run(args, cx).await,
        Command::VerifyBackup(args) => verify_backup::run(args, cx).await,
        Command::Completions(_) | Command::Man(_) => unreachable!("handled before the settings"),
    }
}
