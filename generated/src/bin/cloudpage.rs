//! `cloudpage`: calls any generated operation from the command line, like `tccli` or the
//! `aliyun` CLI.
//!
//! ```sh
//! cloudpage call tencent tat CancelInvocation --region ap-guangzhou \
//!     --params '{"InvocationId": "inv-ib2lld37", "InstanceIds": ["ins-zcewfho0"]}'
//! cloudpage call alibaba smc DeleteSourceServer --params '{"SourceId": "s-1", "Force": true}'
//! cloudpage list [tencent [tat]]
//! ```
//!
//! Everything it can call comes from [`cloudpage_clients::SERVICES`], the table the generator
//! emits, so an operation added under `specs/` is callable here without touching this file.
//! Calls go through [`cloudpage_runtime::Client::call_json`] with
//! [`cloudpage_runtime::GenericError`]: the same signing, endpoints, retries and rate limits as
//! the typed clients.
//!
//! Parameters are the operation's wire names as JSON (`--params`, `--params @file.json` or
//! `--params -` for stdin). Before anything is sent they go through the operation's documented
//! checks, the same as the typed clients' `validate()` (required fields, item counts, lengths,
//! ranges, allowed values, field types), via `OperationInfo::validate_json`.
//!
//! Credentials: `--profile`/`--credentials-file` read that profile file; otherwise the
//! runtime's default chain (the cloud's environment variables, then its profile file).
//!
//! `--endpoint URL` sends to that base URL instead of the service's domain. Plain `http://`
//! is accepted only for a loopback host (`127.0.0.0/8`, `::1`, `localhost`, e.g. a test
//! server) unless `--allow-insecure-http` is given: over plain http the signature and the
//! session token travel unencrypted. Redirects are never followed (a 3xx is an error), so
//! credentials only ever go to the endpoint named here.
//!
//! Output: the result JSON on stdout (Tencent's `Response` object, Alibaba's body). On failure
//! the error on stderr (code, message and request id for a service error) and exit status
//! 2 (usage, configuration or invalid parameters: nothing was sent), 3 (the service answered
//! with an error code) or 4 (transport or unreadable response).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use cloudpage_clients::SERVICES;
use cloudpage_runtime::{
    Client, Cloud, Config, CredentialsSource, Error, GenericError, OperationInfo, ServiceInfo,
};
use serde_json::Value;

/// Exit status: usage, configuration or parameter error; nothing was sent.
const EXIT_USAGE: u8 = 2;
/// Exit status: the service answered with an error code.
const EXIT_SERVICE: u8 = 3;
/// Exit status: transport failure or a response that could not be read.
const EXIT_TRANSPORT: u8 = 4;

#[derive(Parser)]
#[command(
    name = "cloudpage",
    version,
    about = "Call Tencent Cloud and Alibaba Cloud operations generated from their documentation",
    after_help = "Exit status: 0 success; 2 usage, configuration or invalid parameters (nothing \
                  sent); 3 the service answered with an error code; 4 transport failure or an \
                  unreadable response."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log what the client does (attempts, retries, status, request ids) on stderr; the same
    /// as `RUST_LOG=debug`. `RUST_LOG` sets finer filters; without either, only warnings.
    /// Secrets, tokens and signatures are never logged.
    #[arg(long, global = true)]
    debug: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Call one operation with JSON parameters; print the JSON result.
    #[command(
        after_help = "Parameters are sent with their wire names, after the operation's \
                            documented checks, as the typed Rust clients do: unknown or mis-cased \
                            names (with the closest known name), types, required fields, item \
                            counts, lengths, ranges and values. A failed check sends nothing \
                            (exit status 2)."
    )]
    Call(Box<CallArgs>),
    /// List the clouds, services and operations that can be called.
    List {
        /// Only this cloud (`tencent` or `alibaba`).
        cloud: Option<String>,
        /// Only this service (e.g. `tat`).
        service: Option<String>,
    },
}

#[derive(Args)]
struct CallArgs {
    /// `tencent` or `alibaba`.
    cloud: String,
    /// Service short name, as in its domain (e.g. `tat`, `dts`, `smc`).
    service: String,
    /// Action (wire name), e.g. `CancelInvocation`.
    action: String,
    /// Region, e.g. `ap-guangzhou` or `cn-hangzhou` (Tencent sends it as `X-TC-Region`; both
    /// clouds use it to pick Finance and regional domains).
    #[arg(long)]
    region: Option<String>,
    /// Send to this base URL instead of the service's domain (e.g. a proxy or a test server).
    /// Plain `http://` only to a loopback host, unless `--allow-insecure-http`.
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Allow a plain `http://` `--endpoint` on a host that is not loopback. The signature
    /// and the session token are then sent unencrypted: use only on a trusted network path.
    #[arg(long)]
    allow_insecure_http: bool,
    /// Parameters as a JSON object with wire names; `@FILE` reads a file, `-` stdin.
    #[arg(long, value_name = "JSON", default_value = "{}")]
    params: String,
    /// API version, when the service is generated at more than one (default: the newest).
    #[arg(long, value_name = "VERSION")]
    api_version: Option<String>,
    /// Tencent: use the international-site domain.
    #[arg(long)]
    intl: bool,
    /// Tencent `X-TC-Language` (`zh-CN` or `en-US`).
    #[arg(long)]
    language: Option<String>,
    /// Read credentials from this profile (section) of the profile file only.
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Read credentials from this profile file only.
    #[arg(long, value_name = "PATH")]
    credentials_file: Option<PathBuf>,
    /// Timeout of one attempt, in seconds.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Attempts, the first included (throttling and connect failures are retried).
    #[arg(long, value_name = "N")]
    max_attempts: Option<u32>,
    /// Print the result on one line instead of indented.
    #[arg(long)]
    compact: bool,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.debug);
    match cli.command {
        Command::List { cloud, service } => list(cloud.as_deref(), service.as_deref()),
        Command::Call(args) => call(*args).await,
    }
}

/// Tracing on stderr: `--debug` (everything at debug) or `RUST_LOG`; otherwise the runtime's
/// warnings only (retries, a credentials file others can read). The runtime logs no secret,
/// token or signature at any level.
fn init_logging(debug: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = if debug {
        EnvFilter::new("debug")
    } else if std::env::var_os("RUST_LOG").is_some() {
        EnvFilter::from_default_env()
    } else {
        EnvFilter::new("cloudpage_runtime=warn")
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .without_time()
        .with_target(false)
        .init();
}

fn cloud_name(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Tencent => "tencent",
        Cloud::Alibaba => "alibaba",
    }
}

fn parse_cloud(name: &str) -> Option<Cloud> {
    match name.to_ascii_lowercase().as_str() {
        "tencent" | "tencentcloud" | "qcloud" | "tc" => Some(Cloud::Tencent),
        "alibaba" | "alibabacloud" | "aliyun" | "ali" => Some(Cloud::Alibaba),
        _ => None,
    }
}

fn join<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    let mut names: Vec<String> = items.into_iter().map(|s| s.as_ref().to_owned()).collect();
    names.sort();
    names.dedup();
    names.join(", ")
}

fn usage(message: String) -> ExitCode {
    eprintln!("cloudpage: {message}");
    ExitCode::from(EXIT_USAGE)
}

/// The generated services of `cloud`.
fn services_of(cloud: Cloud) -> Vec<(&'static ServiceInfo, &'static [OperationInfo])> {
    SERVICES
        .iter()
        .filter(|(service, _)| service.cloud == cloud)
        .map(|&(service, ops)| (service, ops))
        .collect()
}

fn available_clouds() -> String {
    join(
        SERVICES
            .iter()
            .map(|(service, _)| cloud_name(service.cloud)),
    )
}

/// Finds the operation named on the command line, or explains what exists.
fn find_operation(
    cloud: &str,
    service: &str,
    action: &str,
    version: Option<&str>,
) -> Result<&'static OperationInfo, String> {
    let Some(cloud_kind) = parse_cloud(cloud).filter(|c| !services_of(*c).is_empty()) else {
        return Err(format!(
            "unknown cloud `{cloud}`; available clouds: {}",
            available_clouds()
        ));
    };
    let cloud = cloud_name(cloud_kind);
    let services = services_of(cloud_kind);
    let mut versions: Vec<(&'static ServiceInfo, &'static [OperationInfo])> = services
        .iter()
        .copied()
        .filter(|(s, _)| s.name.eq_ignore_ascii_case(service))
        .collect();
    if versions.is_empty() {
        return Err(format!(
            "unknown {cloud} service `{service}`; available {cloud} services: {}",
            join(services.iter().map(|(s, _)| s.name))
        ));
    }
    // Newest first: versions are dates (`2020-10-28`), so they sort as strings.
    versions.sort_by(|a, b| b.0.version.cmp(a.0.version));
    let (info, ops) = match version {
        None => versions[0],
        Some(wanted) => *versions
            .iter()
            .find(|(s, _)| s.version == wanted)
            .ok_or_else(|| {
                format!(
                    "{cloud} {} has no API version `{wanted}`; available: {}",
                    versions[0].0.name,
                    join(versions.iter().map(|(s, _)| s.version))
                )
            })?,
    };
    ops.iter()
        .find(|op| op.action == action)
        .or_else(|| {
            let mut folded = ops
                .iter()
                .filter(|op| op.action.eq_ignore_ascii_case(action));
            match (folded.next(), folded.next()) {
                (Some(op), None) => Some(op),
                _ => None,
            }
        })
        .ok_or_else(|| {
            format!(
                "unknown action `{action}` of {cloud} {} ({}); available actions: {}",
                info.name,
                info.version,
                join(ops.iter().map(|op| op.action))
            )
        })
}

fn list(cloud: Option<&str>, service: Option<&str>) -> ExitCode {
    let cloud_filter = match cloud {
        None => None,
        Some(name) => match parse_cloud(name).filter(|c| !services_of(*c).is_empty()) {
            Some(c) => Some(c),
            None => {
                return usage(format!(
                    "unknown cloud `{name}`; available clouds: {}",
                    available_clouds()
                ));
            }
        },
    };
    let mut rows: Vec<String> = Vec::new();
    for (info, ops) in SERVICES {
        if cloud_filter.is_some_and(|c| c != info.cloud) {
            continue;
        }
        if service.is_some_and(|s| !info.name.eq_ignore_ascii_case(s)) {
            continue;
        }
        for op in *ops {
            let limit = op
                .rate_limit_per_second
                .map(|n| format!("  ({n}/s)"))
                .unwrap_or_default();
            rows.push(format!(
                "{} {} {} {}{limit}",
                cloud_name(info.cloud),
                info.name,
                info.version,
                op.action
            ));
        }
    }
    if rows.is_empty() {
        let cloud = cloud_filter.map_or("any", cloud_name);
        return usage(format!(
            "unknown {cloud} service `{}`; run `cloudpage list` to see them all",
            service.unwrap_or_default()
        ));
    }
    rows.sort();
    for row in rows {
        println!("{row}");
    }
    ExitCode::SUCCESS
}

/// The `--params` text: inline JSON, `@file`, or `-` for stdin.
fn read_params(arg: &str) -> Result<Value, String> {
    let text = if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read --params from stdin: {e}"))?;
        text
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --params file {path}: {e}"))?
    } else {
        arg.to_owned()
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("--params is not valid JSON: {e}"))?;
    if !value.is_object() {
        return Err("--params must be a JSON object of wire names and values".to_owned());
    }
    Ok(value)
}

fn config(args: &CallArgs) -> Result<Config, String> {
    let mut builder = Config::builder()
        .intl(args.intl)
        .allow_insecure_http(args.allow_insecure_http);
    if let Some(region) = &args.region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = &args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(language) = &args.language {
        builder = builder.language(language);
    }
    if args.profile.is_some() || args.credentials_file.is_some() {
        builder = builder.credentials_source(CredentialsSource::Profile {
            file: args.credentials_file.clone(),
            profile: args.profile.clone(),
        });
    }
    if let Some(seconds) = args.timeout {
        let timeout = Duration::try_from_secs_f64(seconds)
            .map_err(|_| format!("--timeout {seconds} is not a number of seconds"))?;
        builder = builder.attempt_timeout(timeout);
    }
    if let Some(attempts) = args.max_attempts {
        builder = builder.max_attempts(attempts);
    }
    builder.build().map_err(|e| e.to_string())
}

async fn call(args: CallArgs) -> ExitCode {
    let op = match find_operation(
        &args.cloud,
        &args.service,
        &args.action,
        args.api_version.as_deref(),
    ) {
        Ok(op) => op,
        Err(message) => return usage(message),
    };
    let params = match read_params(&args.params) {
        Ok(params) => params,
        Err(message) => return usage(message),
    };
    let config = match config(&args) {
        Ok(config) => config,
        Err(message) => return usage(message),
    };
    let client = match Client::new(op.service, config) {
        Ok(client) => client,
        Err(err) => return usage(err.to_string()),
    };
    match client.call_json::<GenericError>(op, params).await {
        Ok(result) => {
            let text = if args.compact {
                serde_json::to_string(&result)
            } else {
                serde_json::to_string_pretty(&result)
            };
            println!("{}", text.unwrap_or_else(|_| result.to_string()));
            ExitCode::SUCCESS
        }
        Err(err) => report(op, &err),
    }
}

/// Prints a failed call on stderr and picks the exit status.
fn report(op: &OperationInfo, err: &Error<GenericError>) -> ExitCode {
    let what = format!(
        "{} {} {}",
        cloud_name(op.service.cloud),
        op.service.name,
        op.action
    );
    match err {
        Error::Service(e) => {
            eprintln!("cloudpage: {what} failed: the service answered with an error");
            eprintln!("code: {}", e.code());
            eprintln!("message: {}", e.message);
            eprintln!("request_id: {}", e.request_id.as_deref().unwrap_or("-"));
            eprintln!("http_status: {}", e.http_status);
            ExitCode::from(EXIT_SERVICE)
        }
        Error::Validation(_) | Error::Serialize(_) => {
            eprintln!("cloudpage: {what}: {err}");
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            let mut shown = format!("{err}");
            eprintln!("cloudpage: {what} failed: {shown}");
            let mut source = std::error::Error::source(err);
            while let Some(cause) = source {
                let text = cause.to_string();
                // Skip causes the previous line already quotes.
                if !shown.contains(&text) {
                    eprintln!("  caused by: {text}");
                }
                shown = text;
                source = cause.source();
            }
            if let Some(id) = err.request_id() {
                eprintln!("request_id: {id}");
            }
            ExitCode::from(EXIT_TRANSPORT)
        }
    }
}
