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
//! Parameters are the operation's wire names: `--Name VALUE` each (a String as it is, other
//! types as JSON, as tccli takes them: `--InstanceIds '["ins-1"]'`), and/or all of them as
//! JSON (`--params`, `--params @file.json` or `--params -` for stdin);
//! `cloudpage call CLOUD SERVICE ACTION --help` lists them with types, rules and docs. Before anything is sent they go through the operation's documented
//! checks, the same as the typed clients' `validate()` (required fields, item counts, lengths,
//! ranges, documented value lists, field types), via `OperationInfo::validate_json`.
//!
//! Credentials: `--profile NAME` reads that profile (for Alibaba the aliyun CLI's profile of
//! that name, else the credentials file's section; for Tencent the section), and
//! `--credentials-file` that file only; otherwise the
//! runtime's default chain (the cloud's environment variables, then for Alibaba the OIDC
//! role and the aliyun CLI's profile, then the cloud's profile file, then the instance role
//! and Tencent's OIDC role the environment names); an operation sent unsigned (STS
//! `AssumeRoleWithSAML`) reads none. The
//! region: `--region`, else `TENCENTCLOUD_REGION` / `ALIBABA_CLOUD_REGION_ID`, else the
//! cloud's CLI profile (tccli, aliyun): the one `--profile` names, so that the region and the
//! credentials come from the same profile. `--dry-run` prints the signed request (signature, session
//! token and secret parameters such as `Password` redacted) and sends nothing.
//!
//! `--endpoint URL` sends to that base URL instead of the service's domain. Plain `http://`
//! is accepted only for a loopback host (`127.0.0.0/8`, `::1`, `localhost`, e.g. a test
//! server) unless `--allow-insecure-http` is given: over plain http the signature and the
//! session token travel unencrypted. Redirects are never followed (a 3xx is an error), so
//! credentials only ever go to the endpoint named here.
//!
//! `--pager` reads every page of a paged operation and prints the items of all of them as one
//! list at the place of the page's list, as the aliyun CLI's `--pager` does:
//! `{"Instances": {"Instance": [...]}}` (Alibaba) or `{"InstanceSet": [...]}` (Tencent). How an
//! operation pages comes from the generated `OperationInfo::paging` (`call ... --help` shows
//! it); each page is one call, with the same checks, signing, retries and rate limit.
//! `--max-pages N` stops after N pages, with a note on stderr when the listing had more.
//!
//! Output: the result on stdout (Tencent's `Response` object, Alibaba's body) as JSON, or with
//! `--output table|text`, after an optional JMESPath `--query`. On failure the error on stderr
//! (and with `--output json` also on stdout as `{"Error": {...}}`) (code, message and request id for a service error) and exit status
//! 2 (usage, configuration or invalid parameters: nothing was sent), 3 (the service answered
//! with an error code) or 4 (transport or unreadable response); 5 when the call succeeded but
//! `--query` failed on its result, which is then printed whole (a call that created something
//! does not lose what it created).

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use std::ffi::OsString;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cloudpage_clients::{PARAMETERS, SERVICES};
use cloudpage_runtime::paging::{PageCursor, page_items};
use cloudpage_runtime::{
    Client, Cloud, Config, CredentialsSource, Error, GenericError, OperationInfo, Paging,
    ServiceInfo,
};
use serde_json::Value;

/// Exit status: usage, configuration or parameter error; nothing was sent.
const EXIT_USAGE: u8 = 2;
/// Exit status: the service answered with an error code.
const EXIT_SERVICE: u8 = 3;
/// Exit status: transport failure or a response that could not be read.
const EXIT_TRANSPORT: u8 = 4;
/// Exit status: the call succeeded, `--query` failed on its result (printed whole instead).
const EXIT_QUERY: u8 = 5;

#[derive(Parser)]
#[command(
    name = "cloudpage",
    version,
    about = "Call Tencent Cloud and Alibaba Cloud operations generated from their documentation",
    after_help = "Exit status: 0 success; 2 usage, configuration or invalid parameters (nothing \
                  sent); 3 the service answered with an error code; 4 transport failure or an \
                  unreadable response; 5 the call succeeded but --query failed on the result \
                  (printed whole)."
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
    /// Call one operation; print the result (JSON, a table or text).
    #[command(
        after_help = "Parameters: `--Name VALUE` for each (wire names, as tccli takes them: a \
                      String as it is, other types as JSON, e.g. --InstanceIds '[\"ins-1\"]'), \
                      and/or `--params JSON`. `cloudpage call CLOUD SERVICE ACTION --help` \
                      lists the operation's parameters with their types, rules and docs.\n\n\
                      Before anything is sent the parameters go through the operation's \
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
    /// Read credentials from this profile only (Alibaba: the aliyun CLI's profile of this
    /// name, else the credentials file's section; Tencent: the section), and the region
    /// (unless `--region` or the region variable gives one) from the CLI profile of this name.
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
    /// Print JSON on one line instead of indented.
    #[arg(long)]
    compact: bool,
    /// How to print the result: `json` (the default), `table` (a list of objects as rows, an
    /// object as name/value rows) or `text` (one `path<TAB>value` line per value). Given
    /// explicitly as `--output json`, a failure is also printed on stdout as a JSON object
    /// (`{"Error": {"Kind", "Code", "Message", "RequestId", ...}}`) for scripts.
    #[arg(long, value_enum)]
    output: Option<Output>,
    /// A JMESPath expression applied to the result before printing, e.g.
    /// `InstanceSet[].InstanceId` (checked before anything is sent).
    #[arg(long, visible_alias = "filter", value_name = "JMESPATH")]
    query: Option<String>,
    /// Print the signed request that would be sent (method, URL, headers, body), with the
    /// signature and any session token redacted, and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Read every page of a paged operation and print the items of all pages as one list, in
    /// the place of the page's list (`{"Instances": {"Instance": [...]}}`), as the aliyun CLI
    /// does. The request's page size and starting page are kept.
    #[arg(long)]
    pager: bool,
    /// With `--pager`: read at most N pages (a note on stderr says when more were left).
    #[arg(long, value_name = "N", requires = "pager", value_parser = clap::value_parser!(u64).range(1..))]
    max_pages: Option<u64>,
    /// Parameters given as `--Name VALUE` (filled in by `main`, not by clap).
    #[arg(skip)]
    param_flags: Vec<(String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Json,
    Table,
    Text,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (args, param_flags) = match split_param_flags(std::env::args_os().collect()) {
        Ok(split) => split,
        Err(message) => return usage(message),
    };
    if let Some(code) = operation_help(&args) {
        return code;
    }
    let cli = Cli::parse_from(args);
    init_logging(cli.debug);
    match cli.command {
        Command::List { cloud, service } => list(cloud.as_deref(), service.as_deref()),
        Command::Call(mut args) => {
            args.param_flags = param_flags;
            call(*args).await
        }
    }
}

/// The long names (and aliases) of the options of `cloudpage` and of `call`, and `help`.
fn own_options() -> Vec<String> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let call = cli.find_subcommand("call").cloned().unwrap_or_default();
    let mut names = vec!["help".to_owned(), "version".to_owned()];
    for arg in cli.get_arguments().chain(call.get_arguments()) {
        names.extend(arg.get_long().map(str::to_owned));
        names.extend(arg.get_all_aliases().unwrap_or_default().into_iter().map(str::to_owned));
    }
    names
}

/// `(name, value)` of each `--Name VALUE` argument, in command-line order.
type ParamFlags = Vec<(String, String)>;

/// Takes the `--Name VALUE` / `--Name=VALUE` parameter arguments out of a `call` command
/// line: after `call`, an option that is not one of this command's own is a parameter (most
/// wire names start with a capital letter, some do not: ECS `regionId` of
/// `CreateAutoSnapshotPolicy`; the operation's checks then say whether it has that parameter).
fn split_param_flags(args: Vec<OsString>) -> Result<(Vec<OsString>, ParamFlags), String> {
    let Some(call_at) = args.iter().skip(1).position(|a| a == "call").map(|i| i + 1) else {
        return Ok((args, Vec::new()));
    };
    let own = own_options();
    let mut kept: Vec<OsString> = args[..=call_at].to_vec();
    let mut flags = Vec::new();
    let mut rest = args.into_iter().skip(call_at + 1);
    while let Some(arg) = rest.next() {
        let Some(name) = arg
            .to_str()
            .and_then(|a| a.strip_prefix("--"))
            .filter(|n| {
                let name = n.split_once('=').map_or(*n, |(name, _)| name);
                !name.is_empty() && !own.iter().any(|o| o == name)
            })
        else {
            kept.push(arg);
            continue;
        };
        let (name, value) = match name.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => {
                let value = rest
                    .next()
                    .ok_or_else(|| format!("--{name} needs a value"))?;
                let value = value
                    .into_string()
                    .map_err(|_| format!("the value of --{name} is not UTF-8"))?;
                (name.to_owned(), value)
            }
        };
        if flags.iter().any(|(n, _)| *n == name) {
            return Err(format!("--{name} is given twice"));
        }
        flags.push((name, value));
    }
    Ok((kept, flags))
}

/// One request parameter, from the generated `PARAMETERS` tables.
struct Param {
    name: &'static str,
    ty: &'static str,
    required: bool,
    rules: &'static str,
    doc: &'static str,
}

/// The request parameters of `op`.
fn parameters(op: &OperationInfo) -> Vec<Param> {
    let table = SERVICES
        .iter()
        .zip(PARAMETERS)
        .find(|((service, _), _)| *service == op.service)
        .and_then(|((_, ops), params)| {
            ops.iter()
                .position(|o| o.action == op.action)
                .and_then(|i| params.get(i))
        })
        .copied()
        .unwrap_or_default();
    table
        .lines()
        .map(|line| {
            let mut cells = line.splitn(5, '\t');
            let mut next = || cells.next().unwrap_or_default();
            Param {
                name: next(),
                ty: next(),
                required: next() == "required",
                rules: next(),
                doc: next(),
            }
        })
        .collect()
}

/// `cloudpage call CLOUD SERVICE ACTION --help`: the operation's parameters (clap's own help
/// of `call` otherwise).
fn operation_help(args: &[OsString]) -> Option<ExitCode> {
    let words: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str().unwrap_or(""))
        .collect();
    let call_at = words.iter().position(|w| *w == "call")?;
    let after = &words[call_at + 1..];
    if !after.iter().any(|w| *w == "--help" || *w == "-h") {
        return None;
    }
    // Options of `call` that take a value (so their value is not read as a positional), as
    // clap declares them.
    let command = <Cli as clap::CommandFactory>::command();
    let valued: Vec<String> = command
        .find_subcommand("call")
        .into_iter()
        .flat_map(|call| call.get_arguments())
        .filter(|arg| arg.get_action().takes_values())
        .flat_map(|arg| {
            arg.get_long_and_visible_aliases()
                .into_iter()
                .flatten()
                .map(|long| format!("--{long}"))
        })
        .collect();
    let mut positional = Vec::new();
    let mut i = 0;
    while i < after.len() {
        let w = after[i];
        if valued.iter().any(|v| v == w) {
            i += 2;
            continue;
        }
        if !w.starts_with('-') {
            positional.push(w);
        }
        i += 1;
    }
    let [cloud, service, action, ..] = positional[..] else {
        return None;
    };
    let version = after
        .iter()
        .position(|w| *w == "--api-version")
        .and_then(|i| after.get(i + 1))
        .copied();
    let op = match find_operation(cloud, service, action, version) {
        Ok(op) => op,
        Err(message) => return Some(usage(message)),
    };
    print!("{}", operation_help_text(op));
    Some(ExitCode::SUCCESS)
}

fn operation_help_text(op: &OperationInfo) -> String {
    let mut out = format!(
        "{} {} {} (API version {})\n",
        cloud_name(op.service.cloud),
        op.service.name,
        op.action,
        op.service.version
    );
    if let Some(limit) = op.rate_limit_per_second {
        out.push_str(&format!(
            "Rate limit: {limit} requests per second (enforced per process).\n"
        ));
    }
    if let Some(paging) = op.paging {
        let size = paging.page_size.map(|s| format!(" and `{s}`")).unwrap_or_default();
        out.push_str(&format!(
            "Paging: by `{}`{size}; a page's items are `{}` (`--pager` reads every page).\n",
            paging.cursor,
            paging.items.join(".")
        ));
    }
    let params = parameters(op);
    if params.is_empty() {
        out.push_str("\nNo parameters.\n");
        return out;
    }
    out.push_str("\nParameters (`--Name VALUE`: a String as it is, other types as JSON; or all of them in `--params JSON`):\n");
    for p in &params {
        let required = if p.required { "required" } else { "optional" };
        out.push_str(&format!("\n  --{}  <{}>  {required}\n", p.name, p.ty));
        if !p.rules.is_empty() {
            out.push_str(&wrap(&format!("Rules: {}", p.rules), 6));
        }
        if !p.doc.is_empty() {
            out.push_str(&wrap(p.doc, 6));
        }
    }
    out
}

/// `text` in lines of at most 100 columns, indented by `indent` spaces.
fn wrap(text: &str, indent: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.len() + 1 + word.len() > 100 {
            out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
    }
    out
}

/// Adds the `--Name VALUE` parameters to the `--params` object: a String parameter takes the
/// text as it is, every other type (numbers, booleans, lists, objects) is read as JSON, as
/// tccli does. A name the operation does not have is passed on as text, so the strict check
/// of the parameters reports it with the closest known name.
fn merge_param_flags(
    op: &OperationInfo,
    params: &mut Value,
    flags: &[(String, String)],
) -> Result<(), String> {
    let known = parameters(op);
    let Value::Object(object) = params else {
        return Err("--params must be a JSON object of wire names and values".to_owned());
    };
    for (name, raw) in flags {
        if object.contains_key(name) {
            return Err(format!(
                "`{name}` is given both as --{name} and in --params"
            ));
        }
        let value = match known.iter().find(|p| p.name == name) {
            Some(p) if !(p.ty.starts_with("String") || p.ty.starts_with("Timestamp")) => {
                serde_json::from_str(raw).map_err(|e| {
                    format!(
                        "--{name} takes JSON for its type, {} ({e}); e.g. {}",
                        p.ty,
                        json_hint(p.ty)
                    )
                })?
            }
            _ => Value::String(raw.clone()),
        };
        object.insert(name.clone(), value);
    }
    Ok(())
}

fn json_hint(ty: &str) -> &'static str {
    match ty {
        t if t.starts_with("Array of String") => "'[\"a\", \"b\"]'",
        t if t.starts_with("Array") => "'[...]'",
        t if t.starts_with("Object") => "'{\"Name\": ...}'",
        "Boolean" => "true",
        _ => "10",
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

fn config(args: &CallArgs, op: &OperationInfo) -> Result<Config, String> {
    // Region from `--region`, else the environment and the cloud's CLI profile
    // (`TENCENTCLOUD_REGION`, `ALIBABA_CLOUD_REGION_ID`, tccli/aliyun profiles).
    let cloud = parse_cloud(&args.cloud).unwrap_or(Cloud::Tencent);
    let mut builder = Config::builder()
        .from_env(cloud)
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
    if let Some(profile) = &args.profile {
        builder = builder.profile(profile);
    }
    if op.anonymous {
        // Sent unsigned (STS `AssumeRoleWithSAML`): no credentials are looked for, as the
        // caller may have none yet.
        builder = builder.credentials_source(CredentialsSource::Anonymous);
    } else if args.profile.is_some() || args.credentials_file.is_some() {
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
    let json_errors = args.output == Some(Output::Json);
    // A usage error, also as JSON on stdout when `--output json` asks for it.
    let usage = |message: String| {
        if json_errors {
            println!(
                "{}",
                serde_json::json!({ "Error": { "Kind": "usage", "Message": message } })
            );
        }
        usage(message)
    };
    let op = match find_operation(
        &args.cloud,
        &args.service,
        &args.action,
        args.api_version.as_deref(),
    ) {
        Ok(op) => op,
        Err(message) => return usage(message),
    };
    let mut params = match read_params(&args.params) {
        Ok(params) => params,
        Err(message) => return usage(message),
    };
    if let Err(message) = merge_param_flags(op, &mut params, &args.param_flags) {
        return usage(message);
    }
    // The query is checked before anything is sent.
    let query = match args.query.as_deref().map(jmespath::compile).transpose() {
        Ok(query) => query,
        Err(err) => return usage(format!("--query is not a JMESPath expression: {err}")),
    };
    // The parameters are checked before the configuration, so a wrong name is reported as
    // such even where no credentials are set up (nothing is sent either way). A region
    // parameter left unset is the configured region (`--region`, the environment, the
    // profile): the call checks the parameters again with it filled.
    match (op.validate_json)(&params) {
        Err(err) if !op.is_unset_region(&err) => return report(op, &Error::Validation(err), args.output),
        _ => {}
    }
    let config = match config(&args, op) {
        Ok(config) => config,
        Err(message) => return usage(message),
    };
    let client = match Client::new(op.service, config) {
        Ok(client) => client,
        Err(err) => return usage(err.to_string()),
    };
    let paging = match (args.pager, op.paging) {
        (false, _) => None,
        (true, Some(paging)) => Some(paging),
        (true, None) => {
            return usage(format!(
                "--pager: {} {} {} does not page (it has no page number, offset, token or marker parameter that the generator recognised)",
                cloud_name(op.service.cloud),
                op.service.name,
                op.action
            ));
        }
    };
    if args.dry_run {
        return match client.sign_json::<GenericError>(op, params).await {
            Ok(request) => {
                println!("{request}");
                ExitCode::SUCCESS
            }
            Err(err) => report(op, &err, args.output),
        };
    }
    let result = match paging {
        None => client.call_json::<GenericError>(op, params).await,
        Some(paging) => match every_page(&client, op, paging, params, args.max_pages).await {
            Ok((items, cut_short)) => {
                if cut_short {
                    eprintln!(
                        "cloudpage: stopped after {} pages (--max-pages); the listing has more",
                        args.max_pages.unwrap_or_default()
                    );
                }
                Ok(items)
            }
            Err(err) => Err(err),
        },
    };
    match result {
        Ok(result) => {
            let output = args.output.unwrap_or(Output::Json);
            let result = match &query {
                None => result,
                Some(query) => match query.search(&result) {
                    Ok(found) => serde_json::to_value(&*found).unwrap_or(Value::Null),
                    // The call is done (it may have created something): its whole result
                    // rather than nothing, and a status of its own.
                    Err(err) => {
                        eprintln!("cloudpage: the call succeeded, but --query failed on its result ({err}); the whole result follows");
                        print!("{}", render(&result, output, args.compact));
                        return ExitCode::from(EXIT_QUERY);
                    }
                },
            };
            print!("{}", render(&result, output, args.compact));
            ExitCode::SUCCESS
        }
        Err(err) => report(op, &err, args.output),
    }
}

/// `--pager`: every page of `op` from `params` on (at most `max_pages`), each through
/// [`Client::call_json`]; the items of all pages as one list at the place of a page's list
/// (`{"Instances": {"Instance": [...]}}`), and whether the page limit left pages unread.
async fn every_page(
    client: &Client,
    op: &'static OperationInfo,
    paging: &'static Paging,
    params: Value,
    max_pages: Option<u64>,
) -> Result<(Value, bool), Error<GenericError>> {
    let mut cursor = PageCursor::new(paging, params);
    if let Some(pages) = max_pages {
        cursor = cursor.page_limit(usize::try_from(pages).unwrap_or(usize::MAX));
    }
    let mut items = Vec::new();
    while let Some(request) = cursor.next_request().cloned() {
        let page = client.call_json::<GenericError>(op, request).await?;
        let unreadable = |reason: String| Error::MalformedResponse {
            status: 200,
            request_id: page
                .get("RequestId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            reason,
            body: page.to_string().chars().take(512).collect(),
        };
        cursor.advance(&page).map_err(unreadable)?;
        items.extend(page_items(paging, &page).map_err(unreadable)?.iter().cloned());
    }
    let mut aggregated = Value::Array(items);
    for name in paging.items.iter().rev() {
        aggregated = Value::Object([(name.to_string(), aggregated)].into_iter().collect());
    }
    Ok((aggregated, cursor.cut_short()))
}

/// The result as `--output` asks.
fn render(value: &Value, output: Output, compact: bool) -> String {
    match output {
        Output::Json => {
            let text = if compact {
                serde_json::to_string(value)
            } else {
                serde_json::to_string_pretty(value)
            };
            format!("{}\n", text.unwrap_or_else(|_| value.to_string()))
        }
        Output::Text => {
            let mut lines = Vec::new();
            text_lines(value, String::new(), &mut lines);
            lines.iter().map(|l| format!("{l}\n")).collect()
        }
        Output::Table => table(value),
    }
}

/// A scalar as a cell or a text value: strings without quotes, anything nested as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `path<TAB>value` for every scalar under `value` (`InstanceSet[0].InstanceId`).
fn text_lines(value: &Value, path: String, out: &mut Vec<String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| text_lines(v, join(k), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| text_lines(v, format!("{path}[{i}]"), out)),
        scalar if path.is_empty() => out.push(cell(scalar)),
        scalar => out.push(format!("{path}\t{}", cell(scalar))),
    }
}

/// A list of objects as one row each (columns: every key, in first-seen order); an object as
/// name/value rows; a list of scalars as one column; nested values as compact JSON.
fn table(value: &Value) -> String {
    let (header, rows): (Vec<String>, Vec<Vec<String>>) = match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            let mut columns: Vec<String> = Vec::new();
            for item in items.iter().filter_map(Value::as_object) {
                for key in item.keys() {
                    if !columns.contains(key) {
                        columns.push(key.clone());
                    }
                }
            }
            let rows = items
                .iter()
                .map(|item| {
                    columns
                        .iter()
                        .map(|c| cell(item.get(c).unwrap_or(&Value::Null)))
                        .collect()
                })
                .collect();
            (columns, rows)
        }
        Value::Array(items) => (
            vec!["Value".into()],
            items.iter().map(|v| vec![cell(v)]).collect(),
        ),
        Value::Object(map) => (
            vec!["Name".into(), "Value".into()],
            map.iter().map(|(k, v)| vec![k.clone(), cell(v)]).collect(),
        ),
        scalar => (vec!["Value".into()], vec![vec![cell(scalar)]]),
    };
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let rule = format!(
        "+{}+\n",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("+")
    );
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!(" {c}{} ", " ".repeat(w - c.chars().count())))
            .collect();
        format!("|{}|\n", cells.join("|"))
    };
    let mut out = rule.clone();
    out.push_str(&line(&header));
    out.push_str(&rule);
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&rule);
    out
}

/// Prints a failed call on stderr (and, with `--output json`, as a JSON object on stdout
/// for scripts) and picks the exit status.
fn report(op: &OperationInfo, err: &Error<GenericError>, output: Option<Output>) -> ExitCode {
    if output == Some(Output::Json) {
        let mut error = serde_json::json!({ "Message": err.to_string() });
        let kind = match err {
            Error::Service(e) => {
                error["Code"] = e.code().into();
                error["Message"] = e.message.clone().into();
                error["HttpStatus"] = e.http_status.into();
                "service"
            }
            Error::Validation(_) | Error::Serialize(_) => "invalid_parameters",
            _ => "transport",
        };
        error["Kind"] = kind.into();
        if let Some(id) = err.request_id() {
            error["RequestId"] = id.into();
        }
        println!("{}", serde_json::json!({ "Error": error }));
    }
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
