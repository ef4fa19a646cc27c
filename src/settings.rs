//! Flags, environment, `.env` and terminal facts, resolved once at start-up into [`Settings`].
//! Nothing deeper in the program reads the environment.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::exit::{self, InputError};
use crate::output::{ColorChoice, Format};

pub const DEFAULT_BOOTSTRAP: &str = "localhost:9092";

/// Environment variables that map to client properties, for credentials kept out of argv.
const ENV_PROPERTIES: &[(&str, &str)] = &[
    ("KAFKA_SECURITY_PROTOCOL", "security.protocol"),
    ("KAFKA_SASL_MECHANISM", "sasl.mechanism"),
    ("KAFKA_SASL_USERNAME", "sasl.username"),
    ("KAFKA_SASL_PASSWORD", "sasl.password"),
    ("KAFKA_SSL_CA_LOCATION", "ssl.ca.location"),
];

#[derive(Debug, Clone)]
pub struct Settings {
    pub bootstrap: String,
    /// Client properties, lowest precedence first: --client-config, environment, -X.
    pub properties: BTreeMap<String, String>,
    pub timeout: Duration,
    /// `None` when the user did not choose; each command picks its own default.
    pub format: Option<Format>,
    /// Colour on stdout (from stdout's terminal) and, apart, on stderr (from stderr's own):
    /// `verify 2>log` keeps the log free of escape codes while the terminal gets colour.
    pub color: bool,
    pub stderr_color: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
    pub profile: Option<String>,
}

impl Settings {
    /// Resolves the settings from the real process environment and terminal.
    pub fn from_process(global: &GlobalArgs) -> Result<Settings, InputError> {
        let dotenv = std::fs::read_to_string(".env").ok();
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
        Self::resolve(
            global,
            &env,
            dotenv.as_deref(),
            std::io::stdout().is_terminal(),
            std::io::stderr().is_terminal(),
        )
    }

    /// The pure part: every input is a parameter.
    pub fn resolve(
        global: &GlobalArgs,
        env: &dyn Fn(&str) -> Option<String>,
        dotenv: Option<&str>,
        stdout_is_terminal: bool,
        stderr_is_terminal: bool,
    ) -> Result<Settings, InputError> {
        let dotenv = dotenv.map(parse_dotenv).unwrap_or_default();
        let lookup =
            |key: &str| env(key).or_else(|| dotenv.get(key).cloned().filter(|v| !v.is_empty()));

        let bootstrap = global
            .bootstrap_servers
            .clone()
            .or_else(|| lookup("KAFKA_BOOTSTRAP_SERVERS"))
            .unwrap_or_else(|| DEFAULT_BOOTSTRAP.to_string());
        if bootstrap.trim().is_empty() || bootstrap.split(',').any(|s| s.trim().is_empty()) {
            return Err(InputError::new(format!(
                "invalid bootstrap servers '{bootstrap}': expected host:port[,host:port...]"
            )));
        }

        let mut properties = BTreeMap::new();
        let client_config = global
            .client_config
            .clone()
            .or_else(|| lookup("SPM_KAFKA_CLIENT_CONFIG").map(Into::into));
        if let Some(path) = client_config {
            properties.extend(read_properties_file(&path)?);
        }
        for (var, key) in ENV_PROPERTIES {
            if let Some(v) = lookup(var) {
                properties.insert(key.to_string(), v);
            }
        }
        for p in &global.properties {
            let (k, v) = parse_property(p)?;
            properties.insert(k, v);
        }
        for (k, v) in &properties {
            if is_sensitive(k) {
                exit::register_secret(v);
            }
        }

        let no_color = env("NO_COLOR").is_some();
        let colour_for = |is_terminal: bool| match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        let color = colour_for(stdout_is_terminal);
        let stderr_color = colour_for(stderr_is_terminal);
        Ok(Settings {
            bootstrap,
            properties,
            timeout: global.timeout,
            format: global.output,
            color,
            stderr_color,
            stdout_is_terminal,
            stderr_is_terminal,
            profile: global
                .profile
                .clone()
                .or_else(|| lookup("SPM_KAFKA_PROFILE")),
        })
    }

    /// The properties with secret values masked, for `doctor` and diagnostics.
    pub fn redacted_properties(&self) -> BTreeMap<String, String> {
        self.properties
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    if is_sensitive(k) {
                        "***".to_string()
                    } else {
                        v.clone()
                    },
                )
            })
            .collect()
    }
}

/// Keys whose values must never be shown.
pub fn is_sensitive(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "jaas",
        "key.pem",
        "oauthbearer.config",
        "token",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// `KEY=VALUE` from `-X`.
pub fn parse_property(text: &str) -> Result<(String, String), InputError> {
    let shown = |t: &str| match t.split_once('=') {
        Some((k, _)) if is_sensitive(k) => format!("{k}=***"),
        _ => t.to_string(),
    };
    let Some((key, value)) = text.split_once('=') else {
        return Err(InputError::new(format!(
            "invalid -X '{}': expected KEY=VALUE, e.g. -X security.protocol=SASL_SSL",
            shown(text)
        )));
    };
    let key = key.trim();
    if key.is_empty() || key.contains(char::is_whitespace) {
        return Err(InputError::new(format!(
            "invalid -X '{}': the key must be a librdkafka property name",
            shown(text)
        )));
    }
    Ok((key.to_string(), value.trim().to_string()))
}

/// A Java-style properties file: `key=value` or `key: value`, `#`/`!` comments.
pub fn read_properties_file(path: &Path) -> Result<BTreeMap<String, String>, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(format!("cannot read client config {}: {e}", path.display()))
    })?;
    parse_properties(&text, &path.display().to_string())
}

pub fn parse_properties(text: &str, file: &str) -> Result<BTreeMap<String, String>, InputError> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!') {
            continue;
        }
        let Some(cut) = trimmed.find(['=', ':']) else {
            let col = line.len() - line.trim_start().len() + 1;
            return Err(InputError::new(format!(
                "{file}:{}:{col}: expected key=value",
                i + 1
            )));
        };
        let (key, value) = (trimmed[..cut].trim(), trimmed[cut + 1..].trim());
        if key.is_empty() {
            return Err(InputError::new(format!(
                "{file}:{}:1: a property needs a key before '='",
                i + 1
            )));
        }
        out.insert(key.to_string(), value.to_string());
    }
    Ok(out)
}

/// `.env`: `KEY=VALUE` lines, optional `export `, optional quotes, `#` comments.
pub fn parse_dotenv(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        if let Some((k, v)) = line.split_once('=') {
            let v = v.trim();
            let v = if v.len() >= 2
                && ((v.starts_with('"') && v.ends_with('"'))
                    || (v.starts_with('\'') && v.ends_with('\'')))
            {
                &v[1..v.len() - 1]
            } else {
                v.split(" #").next().unwrap_or(v).trim()
            };
            out.insert(k.trim().to_string(), v.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn global(args: &[&str]) -> GlobalArgs {
        Cli::try_parse_from(
            ["spm-kafka"]
                .iter()
                .copied()
                .chain(args.iter().copied())
                .chain(["verify"]),
        )
        .unwrap()
        .global
    }

    fn resolve(args: &[&str], env: &[(&str, &str)], dotenv: Option<&str>) -> Settings {
        let env: BTreeMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::resolve(
            &global(args),
            &|k| env.get(k).cloned(),
            dotenv,
            false,
            false,
        )
        .unwrap()
    }

    #[test]
    fn bootstrap_precedence() {
        assert_eq!(resolve(&[], &[], None).bootstrap, "localhost:9092");
        assert_eq!(
            resolve(&[], &[], Some("KAFKA_BOOTSTRAP_SERVERS=dot:1\n")).bootstrap,
            "dot:1"
        );
        assert_eq!(
            resolve(
                &[],
                &[("KAFKA_BOOTSTRAP_SERVERS", "env:2")],
                Some("KAFKA_BOOTSTRAP_SERVERS=dot:1")
            )
            .bootstrap,
            "env:2"
        );
        assert_eq!(
            resolve(
                &["-b", "flag:3"],
                &[("KAFKA_BOOTSTRAP_SERVERS", "env:2")],
                None
            )
            .bootstrap,
            "flag:3"
        );
    }

    #[test]
    fn property_precedence_and_env_credentials() {
        let s = resolve(
            &["-X", "sasl.username=flag"],
            &[
                ("KAFKA_SASL_USERNAME", "env"),
                ("KAFKA_SASL_PASSWORD", "pw-from-env"),
            ],
            None,
        );
        assert_eq!(s.properties["sasl.username"], "flag");
        assert_eq!(s.properties["sasl.password"], "pw-from-env");
        assert_eq!(s.redacted_properties()["sasl.password"], "***");
        assert_eq!(exit::redact("x pw-from-env y"), "x *** y");
    }

    #[test]
    fn color_rules() {
        let env: BTreeMap<String, String> = BTreeMap::from([("NO_COLOR".into(), "1".into())]);
        let tty = |args: &[&str], env: &BTreeMap<String, String>| {
            Settings::resolve(&global(args), &|k| env.get(k).cloned(), None, true, true)
                .unwrap()
                .color
        };
        assert!(tty(&[], &BTreeMap::new()));
        assert!(!tty(&[], &env));
        assert!(tty(&["--color", "always"], &env));
        assert!(!resolve(&[], &[], None).color, "not a terminal");
    }

    #[test]
    fn colour_is_decided_per_stream() {
        let streams = |args: &[&str], stdout: bool, stderr: bool| {
            let s = Settings::resolve(&global(args), &|_| None, None, stdout, stderr).unwrap();
            (s.color, s.stderr_color)
        };
        assert_eq!(streams(&[], true, false), (true, false), "verify 2>log");
        assert_eq!(streams(&[], false, true), (false, true), "verify | less");
        assert_eq!(streams(&["--color", "always"], false, false), (true, true));
        assert_eq!(streams(&["--color", "never"], true, true), (false, false));
    }

    #[test]
    fn malformed_properties_are_input_errors_without_secrets() {
        assert!(parse_property("security.protocol").is_err());
        assert!(parse_property("=x").is_err());
        let e = parse_property("bad key=x").unwrap_err().to_string();
        assert!(e.contains("bad key"), "{e}");
        let e = parse_property(" sasl password=hunter2")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("hunter2"), "{e}");
        assert_eq!(
            parse_property("a.b=c=d").unwrap(),
            ("a.b".into(), "c=d".into())
        );
    }

    #[test]
    fn properties_file() {
        let p = parse_properties(
            "# c\n! c\nsecurity.protocol=SASL_SSL\nsasl.mechanism : SCRAM-SHA-512\n\n",
            "c.properties",
        )
        .unwrap();
        assert_eq!(p["security.protocol"], "SASL_SSL");
        assert_eq!(p["sasl.mechanism"], "SCRAM-SHA-512");
        let e = parse_properties("ok=1\n  garbage\n", "c.properties")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "c.properties:2:3: expected key=value");
    }

    #[test]
    fn dotenv_forms() {
        let d = parse_dotenv("# x\nexport A=1\nB=\"two words\"\nC='3'\nD=4 # comment\n");
        assert_eq!(
            (
                d["A"].as_str(),
                d["B"].as_str(),
                d["C"].as_str(),
                d["D"].as_str()
            ),
            ("1", "two words", "3", "4")
        );
    }

    #[test]
    fn sensitive_keys() {
        for k in [
            "sasl.password",
            "ssl.key.password",
            "ssl.keystore.password",
            "sasl.oauthbearer.client.secret",
            "ssl.key.pem",
        ] {
            assert!(is_sensitive(k), "{k}");
        }
        assert!(!is_sensitive("sasl.username"));
    }
}
