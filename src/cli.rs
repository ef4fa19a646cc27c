//! Every flag and subcommand of `spm-kafka`, in one place. Each subcommand's own arguments
//! live next to its code in `commands/<name>.rs`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::commands;

const AFTER_HELP: &str = "\
Exit codes: 0 ok, 1 runtime failure (broker unreachable, request refused), 2 invalid input
(nothing was changed), 3 drift (the cluster differs from topics.yaml), 130 interrupted (Ctrl-C).

Start a local broker and create the SPM topics:  scripts/kafka.sh start && spm-kafka setup";

#[derive(Debug, Parser)]
#[command(
    name = "spm-kafka",
    version,
    about = "Run the Kafka side of the SPM microservices: topics, events and consumer groups",
    long_about = "Run the Kafka side of the SPM microservices: declare the topics in topics.yaml and \
reconcile the cluster with it (setup, plan, verify), publish and read typed SPM events (publish, tail, \
events), and inspect consumer groups (groups, lag, reset-offsets).",
    after_help = AFTER_HELP,
    propagate_version = true,
    args_override_self = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts, before or after its name.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]
    #[arg(short = 'b', long, global = true, value_name = "LIST")]
    pub bootstrap_servers: Option<String>,

    /// A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable
    #[arg(
        short = 'X',
        long = "property",
        global = true,
        value_name = "KEY=VALUE"
    )]
    pub properties: Vec<String>,

    /// A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    pub client_config: Option<PathBuf>,

    /// Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)
    #[arg(long, global = true, value_name = "DURATION", default_value = "10s", value_parser = parse_timeout)]
    pub timeout: Duration,

    /// Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,

    /// When to use colour: auto = stdout is a terminal and NO_COLOR is unset
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
}

// The output choices live with the output code; clap parses them here.
pub use crate::output::{ColorChoice, Format};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what `setup` would change to make the cluster match topics.yaml
    Plan(commands::plan::PlanArgs),
    /// Create and reconcile the topics of topics.yaml (never deletes)
    Setup(commands::setup::SetupArgs),
    /// Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)
    Verify(commands::verify::VerifyArgs),
    /// List the cluster's ACLs (filter by principal, topic or group)
    Acls(commands::acls::AclsArgs),
    /// The access matrix: services × topics and groups, as declared and as granted
    Access(commands::access::AccessArgs),
    /// List and describe topics (replaces kafka-topics --list / --describe)
    #[command(
        subcommand,
        after_help = "Examples:\n  spm-kafka topics list\n  spm-kafka topics describe task-events"
    )]
    Topics(commands::topics::TopicsCommand),
    /// Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)
    Publish(commands::publish::PublishArgs),
    /// Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise
    Tail(commands::tail::TailArgs),
    /// The event catalogue: list the event types, or print one's JSON Schema
    #[command(
        subcommand,
        after_help = "Examples:\n  spm-kafka events list\n  spm-kafka events schema task_created"
    )]
    Events(commands::events::EventsCommand),
    /// List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)
    #[command(
        subcommand,
        after_help = "Examples:\n  spm-kafka groups list\n  spm-kafka groups describe task-service"
    )]
    Groups(commands::groups::GroupsCommand),
    /// Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting
    Lag(commands::lag::LagArgs),
    /// Serve lag, time lag and group status to Prometheus (/metrics), collected in the background
    Exporter(commands::exporter::ExporterArgs),
    /// Move a stopped group's committed offsets (a dry run unless --execute)
    ResetOffsets(commands::reset_offsets::ResetArgs),
    /// Diagnose the connection, the cluster and the topics, with the next step for each problem
    Doctor(commands::doctor::DoctorArgs),
    /// Back up topics and the consumer groups' offsets into a directory (incremental)
    Backup(commands::backup::BackupArgs),
    /// Restore a backup: records to their own partitions, group offsets translated
    Restore(commands::restore::RestoreArgs),
    /// Check a backup's files, and compare it record by record with a cluster (--against)
    VerifyBackup(commands::verify_backup::VerifyBackupArgs),
    /// Print the shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(commands::completions::CompletionsArgs),
    /// Print the man page (or write every page with --out-dir)
    Man(commands::man::ManArgs),
}

impl Command {
    /// The subcommand's name as typed (`reset-offsets`), from clap's own derivation.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Plan(_) => "plan",
            Command::Setup(_) => "setup",
            Command::Verify(_) => "verify",
            Command::Acls(_) => "acls",
            Command::Access(_) => "access",
            Command::Topics(_) => "topics",
            Command::Publish(_) => "publish",
            Command::Tail(_) => "tail",
            Command::Events(_) => "events",
            Command::Groups(_) => "groups",
            Command::Lag(_) => "lag",
            Command::Exporter(_) => "exporter",
            Command::ResetOffsets(_) => "reset-offsets",
            Command::Doctor(_) => "doctor",
            Command::Backup(_) => "backup",
            Command::Restore(_) => "restore",
            Command::VerifyBackup(_) => "verify-backup",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }

    /// Whether `-o raw` (payload bytes only) means something for this command.
    pub fn prints_raw(&self) -> bool {
        matches!(self, Command::Tail(_))
    }
}

/// `-f/--file`, shared by the commands that read topics.yaml.
#[derive(Debug, Args, Clone)]
pub struct SpecArgs {
    /// The topic spec
    #[arg(
        short = 'f',
        long = "file",
        value_name = "PATH",
        default_value = "topics.yaml"
    )]
    pub file: PathBuf,
}

/// librdkafka's ceiling for a request's timeout (`request_timeout` of admin calls: 0..3600000 ms).
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

fn parse_timeout(text: &str) -> Result<Duration, String> {
    let d = crate::duration::parse(text)?;
    if d.is_zero() {
        return Err("the timeout must be greater than zero".into());
    }
    if d > MAX_TIMEOUT {
        return Err("the timeout must be at most 1h (librdkafka's limit for one request)".into());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("spm-kafka").chain(args.iter().copied()))
    }

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_knows_its_own_name_and_only_tail_prints_raw() {
        for argv in [
            &["plan"][..],
            &["setup"],
            &["verify"],
            &["acls"],
            &["access"],
            &["topics", "list"],
            &["publish", "--file", "x"],
            &["tail", "task-events"],
            &["events", "list"],
            &["groups", "list"],
            &["lag"],
            &["exporter"],
            &[
                "reset-offsets",
                "--group",
                "g",
                "--to-earliest",
                "--all-topics",
            ],
            &["doctor"],
            &["completions", "bash"],
            &["man"],
            &["backup", "--to", "d"],
            &["restore", "--from", "d"],
            &["verify-backup", "d"],
        ] {
            let cli = parse(argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
            assert_eq!(cli.command.name(), argv[0]);
            assert_eq!(cli.command.prints_raw(), argv[0] == "tail", "{argv:?}");
        }
        let names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .filter(|n| n != "help")
            .collect();
        assert_eq!(
            names.len(),
            19,
            "a new subcommand needs a line above: {names:?}"
        );
    }

    #[test]
    fn global_options_before_or_after_the_subcommand() {
        let before = parse(&["-b", "k:9092", "--timeout", "5s", "verify"]).unwrap();
        let after = parse(&["verify", "-b", "k:9092", "--timeout", "5s"]).unwrap();
        for cli in [before, after] {
            assert_eq!(cli.global.bootstrap_servers.as_deref(), Some("k:9092"));
            assert_eq!(cli.global.timeout, Duration::from_secs(5));
        }
    }

    #[test]
    fn repeated_properties() {
        let cli = parse(&[
            "plan",
            "-X",
            "security.protocol=SASL_SSL",
            "-X",
            "sasl.mechanism=SCRAM-SHA-512",
        ])
        .unwrap();
        assert_eq!(cli.global.properties.len(), 2);
    }

    #[test]
    fn output_formats() {
        assert_eq!(
            parse(&["plan", "-o", "json"]).unwrap().global.output,
            Some(Format::Json)
        );
        assert_eq!(
            parse(&["plan", "-o", "pretty"]).unwrap().global.output,
            Some(Format::Table)
        );
        assert!(parse(&["plan", "-o", "yaml"]).is_err());
    }

    #[test]
    fn timeouts_in_every_form() {
        for (text, ms) in [
            ("500ms", 500),
            ("1m30s", 90_000),
            ("30m 30s", 1_830_000),
            ("PT30M", 1_800_000),
            ("PT0.5S", 500),
            ("1h", 3_600_000),
        ] {
            let cli = parse(&["verify", "--timeout", text]).unwrap();
            assert_eq!(cli.global.timeout, Duration::from_millis(ms), "{text}");
        }
    }

    #[test]
    fn bad_timeout_is_a_usage_error() {
        let e = parse(&["verify", "--timeout", "30"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("did you mean 30s?"), "{e}");
        for bad in [
            "--timeout=0s",
            "--timeout=soon",
            "--timeout=-5s",
            "--timeout=30",
            "--timeout=1h1s",
            "--timeout=P1D",
        ] {
            let e = parse(&["verify", bad]).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }

    /// One short flag per meaning, in every subcommand that has the long one, and no short
    /// flag that means something else elsewhere (kcat's -t, -g, -k; `tail -t`, `publish -t`).
    #[test]
    fn short_flags_mean_the_same_everywhere() {
        const SHORTS: [(&str, char); 7] = [
            ("topic", 't'),
            ("group", 'g'),
            ("key", 'k'),
            ("file", 'f'),
            ("bootstrap-servers", 'b'),
            ("property", 'X'),
            ("output", 'o'),
        ];
        fn walk(cmd: &clap::Command, path: &str, bad: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let (long, short) = (arg.get_long(), arg.get_short());
                for (l, s) in SHORTS {
                    if long == Some(l) && short != Some(s) {
                        bad.push(format!("{path} --{l} lacks -{s}"));
                    }
                    if short == Some(s) && long != Some(l) {
                        bad.push(format!(
                            "{path} -{s} is --{}, not --{l}",
                            long.unwrap_or("?")
                        ));
                    }
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), bad);
            }
        }
        let mut bad = Vec::new();
        walk(&Cli::command(), "spm-kafka", &mut bad);
        assert!(bad.is_empty(), "{bad:#?}");

        let topics = |args: &[&str]| match parse(args).unwrap().command {
            Command::Tail(a) => (a.topics, a.topic_flags, a.group, a.key),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            topics(&["tail", "-t", "a", "-t", "b", "-g", "g1", "-k", "id-1"]),
            (
                vec![],
                vec!["a".into(), "b".into()],
                Some("g1".into()),
                Some("id-1".into())
            )
        );
        assert!(parse(&["tail"]).is_err(), "a topic is required");
        match parse(&[
            "publish",
            "task_created",
            "--data",
            "{}",
            "-t",
            "copy",
            "-k",
            "k1",
        ])
        .unwrap()
        .command
        {
            Command::Publish(a) => {
                assert_eq!(
                    (a.topic.as_deref(), a.key.as_deref()),
                    (Some("copy"), Some("k1"))
                )
            }
            other => panic!("{other:?}"),
        }
    }

    /// Every subcommand's `spm-kafka <path>` example lines in its help, continuation lines
    /// joined, each cut where the shell takes over (`|`, `>`, `&&`, a comment).
    fn examples(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        let text = cmd
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        let joined = text.replace("\\\n", " ");
        let lines = joined
            .lines()
            .filter_map(|l| l.find("spm-kafka ").map(|i| &l[i..]))
            .filter(|l| l.starts_with(&format!("spm-kafka {path}")) || path.is_empty())
            .map(|l| {
                let cut = [" #", " |", " >", " &&"]
                    .iter()
                    .filter_map(|c| l.find(c))
                    .min()
                    .unwrap_or(l.len());
                l[..cut].to_string()
            })
            .collect();
        out.push((path.to_string(), lines));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let sub_path = format!("{path} {}", sub.get_name()).trim().to_string();
            examples(sub, &sub_path, out);
        }
    }

    /// Words as a POSIX shell splits them, for the quoting the examples use ('...').
    fn shell_words(line: &str) -> Vec<String> {
        let (mut words, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
        for c in line.chars() {
            match c {
                '\'' => (quoted, any) = (!quoted, true),
                c if c.is_whitespace() && !quoted => {
                    if any {
                        words.push(std::mem::take(&mut word));
                    }
                    any = false;
                }
                c => (word, any) = (word + &c.to_string(), true),
            }
        }
        if any {
            words.push(word);
        }
        words
    }

    #[test]
    fn every_subcommand_has_examples_that_parse_and_fit_100_columns() {
        let mut found = Vec::new();
        examples(&Cli::command(), "", &mut found);
        for (path, lines) in &found {
            if path.is_empty() {
                continue;
            }
            assert!(!lines.is_empty(), "spm-kafka {path} --help has no example");
            for line in lines {
                let words = shell_words(line);
                if let Err(e) = Cli::try_parse_from(&words) {
                    assert!(
                        matches!(
                            e.kind(),
                            clap::error::ErrorKind::DisplayHelp
                                | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                        ),
                        "the example `{line}` of spm-kafka {path} does not parse: {e}"
                    );
                }
            }
        }
        // clap wraps the help at the terminal's width: at 100 columns no example (an indented
        // line) may wrap; prose may.
        fn widths(cmd: &clap::Command, path: &str) {
            let help = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            for line in help.lines().filter(|l| l.starts_with("  ")) {
                assert!(
                    line.chars().count() <= 100,
                    "spm-kafka{path} --help: an example wider than 100 columns wraps: {line}"
                );
            }
            for sub in cmd.get_subcommands() {
                widths(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        widths(&Cli::command(), "");
        assert_eq!(
            shell_words("publish x --data '{\"a\": 1}'"),
            ["publish", "x", "--data", "{\"a\": 1}"]
        );
    }

    #[test]
    fn the_exit_code_footer_names_every_code() {
        let help = Cli::command().render_help().to_string();
        for code in [
            "0 ok",
            "1 runtime",
            "2 invalid",
            "3 drift",
            "130 interrupted",
        ] {
            assert!(
                help.contains(code),
                "{code} missing from the footer:\n{help}"
            );
        }
    }

    #[test]
    fn spec_file_flag() {
        let cli = parse(&["setup", "-f", "other.yaml", "--dry-run"]).unwrap();
        match cli.command {
            Command::Setup(a) => {
                assert_eq!(a.spec.file, PathBuf::from("other.yaml"));
                assert!(a.dry_run);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn topics_subcommands() {
        assert!(matches!(
            parse(&["topics", "list"]).unwrap().command,
            Command::Topics(_)
        ));
        assert!(parse(&["topics", "describe"]).is_err());
        assert!(parse(&["topics", "describe", "task-events"]).is_ok());
    }
}
