//! Credentials and where they come from: given in code, environment variables, the official
//! tools' profile files, a provider of expiring credentials (instance roles, STS
//! `AssumeRole`, a workload's OIDC role: see [`crate::providers`]), a default chain
//! (environment, then Alibaba's OIDC role, the aliyun CLI profile and the profile file, then
//! the instance role when the environment names one, then Tencent's OIDC role), or none (an
//! anonymous client, which calls only the operations sent unsigned).
//!
//! Secrets never appear in `Debug` output, error messages or logs: they live in a private
//! type whose `Debug` prints `<redacted>`, and parse errors name a line number, never a line.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::service::Cloud;

/// An access key pair, with an optional session token (Tencent `X-TC-Token`, Alibaba STS
/// `x-acs-security-token`).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret: Secret,
    session_token: Option<Secret>,
}

/// A string that is never printed.
#[derive(Clone, PartialEq, Eq)]
struct Secret(Box<str>);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Credentials {
    /// Tencent `SecretId`/`SecretKey` or Alibaba `AccessKeyId`/`AccessKeySecret`.
    pub fn new(access_key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret: Secret(secret.into().into_boxed_str()),
            session_token: None,
        }
    }

    /// Adds a temporary-credential session token.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(Secret(token.into().into_boxed_str()));
        self
    }

    /// The public half of the key pair (it is sent in every `Authorization` header).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Whether a session token is set.
    pub fn has_session_token(&self) -> bool {
        self.session_token.is_some()
    }

    pub(crate) fn secret(&self) -> &str {
        &self.secret.0
    }

    pub(crate) fn session_token(&self) -> Option<&str> {
        self.session_token.as_ref().map(|s| &*s.0)
    }

    /// From the cloud's environment variables: Tencent `TENCENTCLOUD_SECRET_ID`,
    /// `TENCENTCLOUD_SECRET_KEY`, optional `TENCENTCLOUD_SESSION_TOKEN`; Alibaba
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional
    /// `ALIBABA_CLOUD_SECURITY_TOKEN`. Empty values count as unset, as in the official SDKs.
    pub fn from_env(cloud: Cloud) -> Result<Credentials, CredentialsError> {
        from_env_with(cloud, &process_env)
    }

    /// From a profile file (see [`CredentialsSource::Profile`] for the format and defaults).
    pub fn from_profile(
        cloud: Cloud,
        file: Option<&Path>,
        profile: Option<&str>,
    ) -> Result<Credentials, CredentialsError> {
        from_profile_with(cloud, file, profile, &process_env)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &self.secret)
            .field("session_token", &self.session_token)
            .finish()
    }
}

/// Where a client takes its credentials from. Fixed sources are resolved once, by
/// `Client::new`; a [`CredentialsSource::Provider`] is asked before each attempt (its cache
/// answers until the credentials are near their expiry).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsSource {
    /// Environment variables, then (Alibaba) the aliyun CLI's chosen profile in
    /// `~/.aliyun/config.json` (mode `AK` or `StsToken`; a profile of another mode is passed
    /// over, `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` skips the step), then the profile file,
    /// then the instance role; the first complete set wins. This is the order of `DefaultCredentialProvider` (Tencent) and of
    /// the default credential chain (Alibaba). The instance role (Tencent CVM, Alibaba ECS
    /// RAM role, see [`crate::providers`]) is tried when the environment names the role:
    /// `TENCENTCLOUD_CVM_ROLE` / `ALIBABA_CLOUD_ECS_METADATA` (the variable the Alibaba
    /// SDKs read). It is not probed otherwise, so that `Client::new` on a machine without
    /// credentials fails at once with what it tried, instead of each call waiting for a
    /// metadata server that is not there. A workload identity's OIDC role (see
    /// [`crate::providers::OIDC_ROLE_VARIABLES`]) is taken where the official chains take it:
    /// Alibaba's (ACK RRSA) right after the environment's keys (unless a profile is named:
    /// then that profile is read), Tencent's (TKE) last.
    #[default]
    DefaultChain,
    /// Expiring credentials from a provider, cached and refreshed before they expire
    /// ([`crate::providers::SharedCredentialsProvider`]).
    Provider(crate::providers::SharedCredentialsProvider),
    /// Given in code.
    Static(Credentials),
    /// Environment variables only ([`Credentials::from_env`]).
    Environment,
    /// A profile file in INI format.
    ///
    /// Tencent: `file` defaults to `$TENCENTCLOUD_CREDENTIALS_FILE`, else
    /// `~/.tencentcloud/credentials`, else `/etc/tencentcloud/credentials`; the section is
    /// `profile`, else `$TENCENTCLOUD_PROFILE`, else `default`, with `secret_id` and
    /// `secret_key`.
    ///
    /// Alibaba: `file` defaults to `$ALIBABA_CLOUD_CREDENTIALS_FILE`, else
    /// `~/.alibabacloud/credentials.ini` (Python SDK), else `~/.alibabacloud/credentials`
    /// (Go SDK); the section is `profile`, else `$ALIBABA_CLOUD_PROFILE`, else `default`, with
    /// `type = access_key` (`access_key_id`, `access_key_secret`) or `type = sts` (plus
    /// `security_token`). A `profile` named without a `file` is first looked for in the
    /// aliyun CLI's `~/.aliyun/config.json` (mode `AK` or `StsToken`), the profile a
    /// configuration of that name takes its region from; the file's section is read when the
    /// CLI has no such profile.
    Profile {
        file: Option<PathBuf>,
        profile: Option<String>,
    },
    /// No credentials: the client calls only the operations sent without a signature
    /// ([`crate::OperationInfo::anonymous`], such as STS `AssumeRoleWithSAML`, the first step
    /// of a caller who has no access key yet). Any other call fails with
    /// [`CredentialsError::Anonymous`] before anything is sent.
    Anonymous,
}

/// What a client signs with: fixed credentials, a provider asked before each attempt, or
/// nothing (an anonymous client).
#[derive(Debug)]
pub(crate) enum Resolved {
    Fixed(Credentials),
    Provider(crate::providers::SharedCredentialsProvider),
    Anonymous,
}

impl CredentialsSource {
    /// Resolves a fixed source for `cloud`. A [`CredentialsSource::Provider`] (or a default
    /// chain that ends at the instance role) fetches over the network: use
    /// [`CredentialsSource::resolve_async`] for those.
    pub fn resolve(&self, cloud: Cloud) -> Result<Credentials, CredentialsError> {
        match self.resolve_for_client(cloud, &process_env)? {
            Resolved::Fixed(credentials) => Ok(credentials),
            Resolved::Provider(provider) => Err(CredentialsError::Provider {
                provider: provider.name(),
                reason: "these credentials are fetched over the network; use `resolve_async`"
                    .into(),
            }),
            Resolved::Anonymous => Err(CredentialsError::Anonymous { action: None }),
        }
    }

    /// Resolves the source for `cloud`, fetching (or taking from the provider's cache)
    /// expiring credentials.
    pub async fn resolve_async(&self, cloud: Cloud) -> Result<Credentials, CredentialsError> {
        let resolved = self.resolve_for_client(cloud, &process_env)?;
        match resolved {
            Resolved::Fixed(credentials) => Ok(credentials),
            Resolved::Provider(provider) => provider.credentials().await,
            Resolved::Anonymous => Err(CredentialsError::Anonymous { action: None }),
        }
    }

    /// What a client built now signs with: fixed sources are read here, providers later.
    pub(crate) fn resolve_for_client(
        &self,
        cloud: Cloud,
        env: &Env<'_>,
    ) -> Result<Resolved, CredentialsError> {
        match self {
            CredentialsSource::Provider(provider) => Ok(Resolved::Provider(provider.clone())),
            CredentialsSource::Anonymous => Ok(Resolved::Anonymous),
            CredentialsSource::DefaultChain => {
                // Alibaba's chain takes the OIDC role its variables name right after the
                // environment's keys, before any file; Tencent's takes it last. A profile
                // named (by the builder or the variable) is an explicit choice of a file's
                // section: it is read, or is an error, never passed over for the role.
                if cloud == Cloud::Alibaba
                    && non_empty(env, crate::cli_config::profile_variable(cloud)).is_none()
                    && from_env_with(cloud, env).is_err()
                    && let Some(provider) = crate::providers::oidc_role_from_env(cloud, env)?
                {
                    return Ok(Resolved::Provider(provider));
                }
                match self.resolve_with(cloud, env) {
                    Err(CredentialsError::NotFound { cloud, mut tried }) => {
                        if let Some(provider) = crate::providers::instance_role_from_env(cloud, env)? {
                            return Ok(Resolved::Provider(provider));
                        }
                        let (tencent, alibaba) = crate::providers::INSTANCE_ROLE_VARIABLES;
                        let variable = match cloud {
                            Cloud::Tencent => tencent,
                            Cloud::Alibaba => alibaba,
                        };
                        tried.push(format!("the instance role (environment variable {variable})"));
                        let (tencent, alibaba) = crate::providers::OIDC_ROLE_VARIABLES;
                        match cloud {
                            Cloud::Tencent => {
                                if let Some(provider) = crate::providers::oidc_role_from_env(cloud, env)? {
                                    return Ok(Resolved::Provider(provider));
                                }
                                tried.push(format!("the TKE OIDC role (environment variables {})", tencent.join(", ")));
                            }
                            // Tried before the files: say where it stands in the chain.
                            Cloud::Alibaba => {
                                let files = tried.iter().position(|step| step.starts_with("the aliyun CLI profile") || step.starts_with("profile files")).unwrap_or(tried.len());
                                tried.insert(files, format!("the OIDC role (environment variables {})", alibaba.join(", ")));
                            }
                        }
                        Err(CredentialsError::NotFound { cloud, tried })
                    }
                    other => other.map(Resolved::Fixed),
                }
            }
            _ => self.resolve_with(cloud, env).map(Resolved::Fixed),
        }
    }

    pub(crate) fn resolve_with(
        &self,
        cloud: Cloud,
        env: &Env<'_>,
    ) -> Result<Credentials, CredentialsError> {
        match self {
            CredentialsSource::Provider(provider) => Err(CredentialsError::Provider {
                provider: provider.name(),
                reason: "these credentials are fetched over the network".into(),
            }),
            CredentialsSource::Static(credentials) => Ok(credentials.clone()),
            CredentialsSource::Anonymous => Err(CredentialsError::Anonymous { action: None }),
            CredentialsSource::Environment => from_env_with(cloud, env),
            CredentialsSource::Profile { file: None, profile: Some(profile) } if cloud == Cloud::Alibaba => {
                // A named profile is the aliyun CLI's of that name (what `aliyun configure
                // --profile` wrote, the profile the region comes from), else the credentials
                // file's section: the two places the official chain reads a named profile.
                let passed_over = match crate::cli_config::aliyun_credentials(env, Some(profile)) {
                    Ok(Some((path, credentials))) => {
                        warn_if_readable_by_others(&path);
                        return Ok(credentials);
                    }
                    Ok(None) => None,
                    Err(err) => Some(err),
                };
                match (from_profile_with(cloud, None, Some(profile), env), passed_over) {
                    (Ok(credentials), None) => Ok(credentials),
                    (Ok(credentials), Some(cli)) => {
                        // The CLI's file, or its profile of this name, cannot be used: say
                        // which keys are used instead.
                        tracing::warn!(error = %cli, profile = %profile, "the aliyun CLI profile is passed over for the credentials file's section of the same name");
                        Ok(credentials)
                    }
                    (Err(err), None) => Err(err),
                    // Both failed: say why the CLI's profile was no use too.
                    (Err(err), Some(cli)) => Err(CredentialsError::NotFound {
                        cloud,
                        tried: vec![format!("the aliyun CLI profile ({cli})"), err.to_string()],
                    }),
                }
            }
            CredentialsSource::Profile { file, profile } => {
                from_profile_with(cloud, file.as_deref(), profile.as_deref(), env)
            }
            CredentialsSource::DefaultChain => {
                let mut tried = Vec::new();
                match from_env_with(cloud, env) {
                    Ok(credentials) => return Ok(credentials),
                    Err(CredentialsError::NotFound { tried: reasons, .. }) => tried.extend(reasons),
                    Err(other) => return Err(other),
                }
                // The official Alibaba chain reads the aliyun CLI's profile before the
                // credentials file.
                // A profile it cannot use (a role the CLI assumes itself, a broken file) is
                // passed over for the next step, as the official chain does, and named in the
                // error when no step gives credentials.
                if cloud == Cloud::Alibaba {
                    match crate::cli_config::aliyun_credentials(env, None) {
                        Ok(Some((path, credentials))) => {
                            warn_if_readable_by_others(&path);
                            return Ok(credentials);
                        }
                        Ok(None) => tried.push("the aliyun CLI profile (~/.aliyun/config.json)".to_owned()),
                        Err(err) => {
                            tracing::debug!(error = %err, "the aliyun CLI profile is passed over");
                            tried.push(format!("the aliyun CLI profile ({err})"));
                        }
                    }
                }
                match from_profile_with(cloud, None, None, env) {
                    Ok(credentials) => return Ok(credentials),
                    Err(CredentialsError::NotFound { tried: reasons, .. }) => tried.extend(reasons),
                    Err(other) => return Err(other),
                }
                Err(CredentialsError::NotFound { cloud, tried })
            }
        }
    }
}

/// Why no credentials could be had. Messages name files, profiles, keys and line numbers,
/// never values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    #[error("no {cloud:?} credentials found; tried: {}", tried.join("; "))]
    NotFound { cloud: Cloud, tried: Vec<String> },
    #[error("cannot read credentials file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("credentials file {}, profile [{profile}]: {reason}", path.display())]
    Profile {
        path: PathBuf,
        profile: String,
        reason: String,
    },
    /// The aliyun CLI's configuration file (a step of the default chain) exists but its
    /// chosen profile cannot give keys.
    #[error(transparent)]
    CliConfig(#[from] crate::cli_config::CliConfigError),
    /// A provider of expiring credentials failed (the metadata server or STS could not be
    /// reached, refused, or answered without credentials). `reason` names statuses, codes
    /// and fields, never a response body.
    #[error("cannot get credentials from the {provider} provider: {reason}")]
    Provider {
        provider: &'static str,
        reason: String,
    },
    /// The source is [`CredentialsSource::Anonymous`]: it has none, and `action` (when a call
    /// asked) must be signed.
    #[error("{}", match action {
        Some(action) => format!("`{action}` must be signed, and the client has no credentials (`CredentialsSource::Anonymous`)"),
        None => "an anonymous source (`CredentialsSource::Anonymous`) has no credentials".to_owned(),
    })]
    Anonymous { action: Option<&'static str> },
}

/// Environment lookup; tests pass a closure instead of touching the process environment.
pub(crate) type Env<'a> = dyn Fn(&str) -> Option<String> + 'a;

pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The permission bits of `path` when group or others may read it (Unix); `None` otherwise.
fn readable_by_others(path: &std::path::Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o044 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

pub(crate) fn non_empty(env: &Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

struct EnvNames {
    id: &'static str,
    secret: &'static str,
    token: &'static str,
}

fn env_names(cloud: Cloud) -> EnvNames {
    match cloud {
        Cloud::Tencent => EnvNames {
            id: "TENCENTCLOUD_SECRET_ID",
            secret: "TENCENTCLOUD_SECRET_KEY",
            token: "TENCENTCLOUD_SESSION_TOKEN",
        },
        Cloud::Alibaba => EnvNames {
            id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
            secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            token: "ALIBABA_CLOUD_SECURITY_TOKEN",
        },
    }
}

pub(crate) fn from_env_with(cloud: Cloud, env: &Env<'_>) -> Result<Credentials, CredentialsError> {
    let names = env_names(cloud);
    match (non_empty(env, names.id), non_empty(env, names.secret)) {
        (Some(id), Some(secret)) => {
            let credentials = Credentials::new(id, secret);
            Ok(match non_empty(env, names.token) {
                Some(token) => credentials.with_session_token(token),
                None => credentials,
            })
        }
        _ => Err(CredentialsError::NotFound {
            cloud,
            tried: vec![format!(
                "environment variables {} and {}",
                names.id, names.secret
            )],
        }),
    }
}

pub(crate) fn home(env: &Env<'_>) -> Option<PathBuf> {
    non_empty(env, "HOME")
        .or_else(|| non_empty(env, "USERPROFILE"))
        .map(PathBuf::from)
}

/// Candidate files in order of preference; the first that exists is used.
fn default_profile_files(cloud: Cloud, env: &Env<'_>) -> Vec<PathBuf> {
    let (override_var, home_files, system_file): (&str, &[&str], Option<&str>) = match cloud {
        Cloud::Tencent => (
            "TENCENTCLOUD_CREDENTIALS_FILE",
            &[".tencentcloud/credentials"],
            Some("/etc/tencentcloud/credentials"),
        ),
        Cloud::Alibaba => (
            "ALIBABA_CLOUD_CREDENTIALS_FILE",
            &[".alibabacloud/credentials.ini", ".alibabacloud/credentials"],
            None,
        ),
    };
    if let Some(file) = non_empty(env, override_var) {
        return vec![PathBuf::from(file)];
    }
    let mut files: Vec<PathBuf> = match home(env) {
        Some(home) => home_files.iter().map(|f| home.join(f)).collect(),
        None => Vec::new(),
    };
    files.extend(system_file.map(PathBuf::from));
    files
}

/// As ssh warns about private keys: a secret in a file others can read is a secret already
/// shared. Used anyway (the official SDKs do not check at all).
fn warn_if_readable_by_others(path: &Path) {
    if let Some(mode) = readable_by_others(path) {
        tracing::warn!(
            path = %path.display(),
            mode = format_args!("{mode:o}"),
            "the credentials file can be read by group or others; restrict it with `chmod 600`",
        );
    }
}

pub(crate) fn from_profile_with(
    cloud: Cloud,
    file: Option<&Path>,
    profile: Option<&str>,
    env: &Env<'_>,
) -> Result<Credentials, CredentialsError> {
    let path = match file {
        Some(file) => file.to_path_buf(),
        None => {
            let candidates = default_profile_files(cloud, env);
            match candidates.iter().find(|p| p.is_file()) {
                Some(path) => path.clone(),
                None => {
                    let list: Vec<String> =
                        candidates.iter().map(|p| p.display().to_string()).collect();
                    return Err(CredentialsError::NotFound {
                        cloud,
                        tried: vec![format!("profile files {}", list.join(", "))],
                    });
                }
            }
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|source| CredentialsError::Read {
        path: path.clone(),
        source,
    })?;
    warn_if_readable_by_others(&path);
    // The profile variable names the section for both clouds, as it names the CLI profile
    // whose region a configuration takes: one profile gives both.
    let profile = match profile {
        Some(name) => name.to_owned(),
        None => non_empty(env, crate::cli_config::profile_variable(cloud))
            .unwrap_or_else(|| "default".into()),
    };
    let fail = |reason: String| CredentialsError::Profile {
        path: path.clone(),
        profile: profile.clone(),
        reason,
    };
    let sections = parse_ini(&text)
        .map_err(|line| fail(format!("line {line} is not `key = value` or `[section]`")))?;
    let section = sections
        .iter()
        .find(|(name, _)| *name == profile)
        .map(|(_, entries)| entries)
        .ok_or_else(|| fail("no such section".into()))?;
    let get = |key: &str| -> Option<String> {
        section
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let require = |key: &str| get(key).ok_or_else(|| fail(format!("`{key}` is missing or empty")));
    match cloud {
        Cloud::Tencent => Ok(Credentials::new(
            require("secret_id")?,
            require("secret_key")?,
        )),
        Cloud::Alibaba => {
            let kind = get("type").unwrap_or_else(|| "access_key".into());
            if kind != "access_key" && kind != "sts" {
                return Err(fail(format!(
                    "type `{kind}` is not supported (only access_key and sts)"
                )));
            }
            let credentials =
                Credentials::new(require("access_key_id")?, require("access_key_secret")?);
            match kind.as_str() {
                "sts" => Ok(credentials.with_session_token(require("security_token")?)),
                _ => Ok(credentials),
            }
        }
    }
}

type Section = (String, Vec<(String, String)>);

/// A small INI reader with Python `configparser` conventions: `[section]`, `key = value` or
/// `key: value`, keys lower-cased, `#`/`;` comment lines, a ` #` comment after a value
/// dropped (as alibabacloud-credentials does). Returns the 1-based number of a bad line.
fn parse_ini(text: &str) -> Result<Vec<Section>, usize> {
    let mut sections: Vec<Section> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push((name.trim().to_owned(), Vec::new()));
            continue;
        }
        let split = line.find(['=', ':']).ok_or(index + 1)?;
        let key = line[..split].trim().to_lowercase();
        let mut value = line[split + 1..].trim();
        if let Some(hash) = value.find(" #") {
            value = value[..hash].trim_end();
        }
        if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            value = &value[1..value.len() - 1];
        }
        let (_, entries) = sections.last_mut().ok_or(index + 1)?;
        entries.push((key, value.to_owned()));
    }
    Ok(sections)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    const SECRET: &str = "TOPSECRETVALUE0123456789";
    const TOKEN: &str = "SESSIONTOKENVALUE987";

    /// An environment of these variables only (also used by `cli_config`'s tests).
    pub(crate) fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name: &str| map.get(name).cloned()
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cloudpage-cred-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn debug_never_shows_secrets() {
        let credentials = Credentials::new("AKIDPUBLIC", SECRET).with_session_token(TOKEN);
        let shown = format!(
            "{credentials:?} {:?}",
            CredentialsSource::Static(credentials.clone())
        );
        assert!(shown.contains("AKIDPUBLIC"), "{shown}");
        assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert_eq!(credentials.secret(), SECRET);
        assert_eq!(credentials.session_token(), Some(TOKEN));
    }

    #[test]
    fn environment_per_cloud() {
        let env = env_of(&[
            ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
            ("TENCENTCLOUD_SECRET_KEY", SECRET),
            ("TENCENTCLOUD_SESSION_TOKEN", TOKEN),
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", ""),
        ]);
        let tc = from_env_with(Cloud::Tencent, &env).unwrap();
        assert_eq!(
            (tc.access_key_id(), tc.session_token()),
            ("AKIDenv", Some(TOKEN))
        );
        let ali = from_env_with(Cloud::Alibaba, &env).unwrap();
        assert_eq!(
            (ali.access_key_id(), ali.session_token()),
            ("LTAIenv", None)
        );

        let half = env_of(&[
            ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
            ("TENCENTCLOUD_SECRET_KEY", ""),
        ]);
        let err = from_env_with(Cloud::Tencent, &half).unwrap_err();
        assert!(err.to_string().contains("TENCENTCLOUD_SECRET_KEY"), "{err}");
    }

    #[test]
    fn tencent_profile_file_and_override() {
        let dir = temp_dir("tc");
        let home_file = dir.join(".tencentcloud/credentials");
        std::fs::create_dir_all(home_file.parent().unwrap()).unwrap();
        std::fs::write(&home_file, format!("[default]\nsecret_id = AKIDhome\nsecret_key = {SECRET}\n\n[other]\nsecret_id=AKIDother\nsecret_key={SECRET}\n")).unwrap();
        let home = dir.to_str().unwrap();

        let env = env_of(&[("HOME", home)]);
        assert_eq!(
            from_profile_with(Cloud::Tencent, None, None, &env)
                .unwrap()
                .access_key_id(),
            "AKIDhome"
        );
        let other = from_profile_with(Cloud::Tencent, None, Some("other"), &env).unwrap();
        assert_eq!(
            (other.access_key_id(), other.secret()),
            ("AKIDother", SECRET)
        );
        // The profile variable that names the tccli profile (and so the region) names the
        // section too: one profile gives both, never `[default]`'s keys with another region.
        let env = env_of(&[("HOME", home), ("TENCENTCLOUD_PROFILE", "other")]);
        let named = from_profile_with(Cloud::Tencent, None, None, &env).unwrap();
        assert_eq!(named.access_key_id(), "AKIDother");
        let env = env_of(&[("HOME", home), ("TENCENTCLOUD_PROFILE", "missing")]);
        let err = from_profile_with(Cloud::Tencent, None, None, &env).unwrap_err();
        assert!(err.to_string().contains("profile [missing]: no such section"), "{err}");

        let override_file = dir.join("elsewhere.ini");
        std::fs::write(
            &override_file,
            format!("[default]\nSECRET_ID: AKIDoverride\nsecret_key: {SECRET}\n"),
        )
        .unwrap();
        let env = env_of(&[
            ("HOME", home),
            (
                "TENCENTCLOUD_CREDENTIALS_FILE",
                override_file.to_str().unwrap(),
            ),
        ]);
        assert_eq!(
            from_profile_with(Cloud::Tencent, None, None, &env)
                .unwrap()
                .access_key_id(),
            "AKIDoverride"
        );

        // Environment first in the default chain.
        let env = env_of(&[
            ("HOME", home),
            ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
            ("TENCENTCLOUD_SECRET_KEY", SECRET),
        ]);
        let chained = CredentialsSource::DefaultChain
            .resolve_with(Cloud::Tencent, &env)
            .unwrap();
        assert_eq!(chained.access_key_id(), "AKIDenv");
        let env = env_of(&[("HOME", home)]);
        let chained = CredentialsSource::DefaultChain
            .resolve_with(Cloud::Tencent, &env)
            .unwrap();
        assert_eq!(chained.access_key_id(), "AKIDhome");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn alibaba_profile_types() {
        let dir = temp_dir("ali");
        let file = dir.join(".alibabacloud/credentials.ini");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(
            &file,
            format!(
                "[default]\ntype = access_key                  # certification type\naccess_key_id = LTAIdefault\naccess_key_secret = {SECRET}\n\
                 [temp]\ntype = sts\naccess_key_id = STS.id\naccess_key_secret = {SECRET}\nsecurity_token = {TOKEN}\n\
                 [role]\ntype = ecs_ram_role\nrole_name = r\n"
            ),
        )
        .unwrap();
        let home = dir.to_str().unwrap();
        let env = env_of(&[("HOME", home)]);
        let default = from_profile_with(Cloud::Alibaba, None, None, &env).unwrap();
        assert_eq!(
            (default.access_key_id(), default.secret()),
            ("LTAIdefault", SECRET)
        );

        let env = env_of(&[("HOME", home), ("ALIBABA_CLOUD_PROFILE", "temp")]);
        let sts = from_profile_with(Cloud::Alibaba, None, None, &env).unwrap();
        assert_eq!(
            (sts.access_key_id(), sts.session_token()),
            ("STS.id", Some(TOKEN))
        );

        let err = from_profile_with(Cloud::Alibaba, Some(&file), Some("role"), &env).unwrap_err();
        assert!(err.to_string().contains("ecs_ram_role"), "{err}");
        let err =
            from_profile_with(Cloud::Alibaba, Some(&file), Some("missing"), &env).unwrap_err();
        assert!(err.to_string().contains("no such section"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_default_chain_ends_at_the_instance_role_the_environment_names() {
        for (cloud, variable, provider) in [
            (Cloud::Tencent, "TENCENTCLOUD_CVM_ROLE", "cvm role"),
            (Cloud::Alibaba, "ALIBABA_CLOUD_ECS_METADATA", "ecs ram role"),
        ] {
            let env = env_of(&[(variable, "my-role")]);
            match CredentialsSource::DefaultChain.resolve_for_client(cloud, &env).unwrap() {
                Resolved::Provider(p) => assert_eq!(p.name(), provider),
                other => panic!("{other:?}"),
            }
            // Keys in the environment come first.
            let env = env_of(&[
                (variable, "my-role"),
                ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
                ("TENCENTCLOUD_SECRET_KEY", SECRET),
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
            ]);
            let resolved = CredentialsSource::DefaultChain.resolve_for_client(cloud, &env).unwrap();
            assert!(matches!(resolved, Resolved::Fixed(_)), "{resolved:?}");
            // A name that cannot be a role is an error, not a skipped step.
            let err = CredentialsSource::DefaultChain
                .resolve_for_client(cloud, &env_of(&[(variable, "a/../b")]))
                .unwrap_err();
            assert!(err.to_string().contains("role name"), "{err}");
            // Without the variable nothing is probed, and the error says what to set.
            let err = CredentialsSource::DefaultChain
                .resolve_for_client(cloud, &env_of(&[]))
                .unwrap_err();
            assert!(err.to_string().contains(variable), "{err}");
        }
    }

    /// A workload identity's OIDC role (TKE, ACK RRSA), as the official chains take it:
    /// Alibaba's right after the environment's keys (before the files and the instance role),
    /// Tencent's last (after the CVM role); each only with all its variables, and the error
    /// without them names them.
    #[test]
    fn the_default_chain_takes_the_oidc_role_the_environment_names() {
        let tencent = [
            ("TKE_REGION", "ap-guangzhou"),
            ("TKE_PROVIDER_ID", "OIDC"),
            ("TKE_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/tke/serviceaccount/token"),
            ("TKE_ROLE_ARN", "qcs::cam::uin/12345678:roleName/app"),
        ];
        let alibaba = [
            ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::123456789012:role/app"),
            ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::123456789012:oidc-provider/ack-rrsa-c1"),
            ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token"),
        ];
        let name = |cloud, vars: &[(&str, &str)]| match CredentialsSource::DefaultChain.resolve_for_client(cloud, &env_of(vars)) {
            Ok(Resolved::Provider(p)) => p.name(),
            other => panic!("{other:?}"),
        };
        for (cloud, vars, provider) in [
            (Cloud::Tencent, &tencent[..], "tencent sts assume role with web identity"),
            (Cloud::Alibaba, &alibaba[..], "alibaba sts assume role with oidc"),
        ] {
            assert_eq!(name(cloud, vars), provider);
            let with_keys: Vec<(&str, &str)> = vars
                .iter()
                .copied()
                .chain([
                    ("TENCENTCLOUD_SECRET_ID", "AKIDenv"),
                    ("TENCENTCLOUD_SECRET_KEY", SECRET),
                    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
                    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
                ])
                .collect();
            let resolved = CredentialsSource::DefaultChain.resolve_for_client(cloud, &env_of(&with_keys)).unwrap();
            assert!(matches!(resolved, Resolved::Fixed(_)), "keys in the environment come first: {resolved:?}");
            let err = CredentialsSource::DefaultChain.resolve_for_client(cloud, &env_of(&vars[1..])).unwrap_err();
            assert!(err.to_string().contains(vars[0].0), "{err}");
        }
        let tencent_on_cvm: Vec<_> = tencent.iter().copied().chain([("TENCENTCLOUD_CVM_ROLE", "cvm-role")]).collect();
        assert_eq!(name(Cloud::Tencent, &tencent_on_cvm), "cvm role");
        let alibaba_on_ecs: Vec<_> = alibaba.iter().copied().chain([("ALIBABA_CLOUD_ECS_METADATA", "ecs-role")]).collect();
        assert_eq!(name(Cloud::Alibaba, &alibaba_on_ecs), "alibaba sts assume role with oidc");
        // The region's STS domain, or inside a VPC its VPC domain, as the official provider asks.
        let endpoint = |extra: &[(&'static str, &'static str)]| {
            let vars: Vec<_> = alibaba.iter().copied().chain(extra.iter().copied()).collect();
            match CredentialsSource::DefaultChain.resolve_for_client(Cloud::Alibaba, &env_of(&vars)) {
                Ok(Resolved::Provider(p)) => format!("{p:?}"),
                other => panic!("{other:?}"),
            }
        };
        assert!(endpoint(&[]).contains("\"https://sts.aliyuncs.com/\""), "{}", endpoint(&[]));
        assert!(endpoint(&[("ALIBABA_CLOUD_STS_REGION", "cn-shanghai")]).contains("sts.cn-shanghai.aliyuncs.com"));
        let vpc = endpoint(&[("ALIBABA_CLOUD_STS_REGION", "cn-shanghai"), ("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "true")]);
        assert!(vpc.contains("sts-vpc.cn-shanghai.aliyuncs.com"), "{vpc}");
        // A named profile is read (here: it does not exist, an error), not passed over.
        let named: Vec<_> = alibaba.iter().copied().chain([("ALIBABA_CLOUD_PROFILE", "work")]).collect();
        assert!(CredentialsSource::DefaultChain.resolve_for_client(Cloud::Alibaba, &env_of(&named)).is_err());
    }

    #[test]
    fn errors_never_show_secrets() {
        let dir = temp_dir("bad");
        let file = dir.join("credentials");
        std::fs::write(&file, format!("[default]\nsecret_id = AKID\n{SECRET}\n")).unwrap();
        let env = env_of(&[]);
        let err = from_profile_with(Cloud::Tencent, Some(&file), None, &env).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("line 3"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");

        std::fs::write(&file, format!("[default]\nsecret_key = {SECRET}\n")).unwrap();
        let err = from_profile_with(Cloud::Tencent, Some(&file), None, &env).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("`secret_id` is missing"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
        std::fs::remove_dir_all(&dir).unwrap();

        let none = CredentialsSource::DefaultChain
            .resolve_with(Cloud::Alibaba, &env_of(&[]))
            .unwrap_err();
        assert!(matches!(none, CredentialsError::NotFound { .. }), "{none}");
        assert!(
            none.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
            "{none}"
        );
    }

    /// The Alibaba default chain: the environment, then the aliyun CLI's profile (what
    /// `aliyun configure` wrote), then the credentials file; the CLI's keys win over the file,
    /// as in the official chain.
    #[test]
    fn the_alibaba_chain_reads_the_aliyun_cli_profile_before_the_credentials_file() {
        let dir = temp_dir("ali-cli-chain");
        std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
        std::fs::create_dir_all(dir.join(".alibabacloud")).unwrap();
        std::fs::write(
            dir.join(".aliyun/config.json"),
            format!(r#"{{"current": "default", "profiles": [{{"name": "default", "mode": "AK", "access_key_id": "LTAIcli", "access_key_secret": "{SECRET}"}}]}}"#),
        )
        .unwrap();
        std::fs::write(
            dir.join(".alibabacloud/credentials.ini"),
            format!("[default]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = {SECRET}\n"),
        )
        .unwrap();
        let home = dir.to_str().unwrap();
        let chain = |pairs: &[(&str, &str)]| CredentialsSource::DefaultChain.resolve_with(Cloud::Alibaba, &env_of(pairs));
        assert_eq!(chain(&[("HOME", home)]).unwrap().access_key_id(), "LTAIcli");
        let disabled = chain(&[("HOME", home), ("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]).unwrap();
        assert_eq!(disabled.access_key_id(), "LTAIini");
        let env_first = chain(&[("HOME", home), ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)]).unwrap();
        assert_eq!(env_first.access_key_id(), "LTAIenv");
        // A profile of a mode it does not read is passed over, for the file's keys; when
        // nothing later gives keys, the error says why it was passed over.
        std::fs::write(
            dir.join(".aliyun/config.json"),
            r#"{"current": "r", "profiles": [{"name": "r", "mode": "EcsRamRole", "ram_role_name": "role"}]}"#,
        )
        .unwrap();
        assert_eq!(chain(&[("HOME", home)]).unwrap().access_key_id(), "LTAIini");
        std::fs::remove_file(dir.join(".alibabacloud/credentials.ini")).unwrap();
        let err = chain(&[("HOME", home)]).unwrap_err();
        assert!(err.to_string().contains("mode `EcsRamRole`"), "{err}");
        // Tencent's chain does not read it.
        let err = CredentialsSource::DefaultChain.resolve_with(Cloud::Tencent, &env_of(&[("HOME", home)])).unwrap_err();
        assert!(!err.to_string().contains("aliyun"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// A profile named on its own (`cloudpage call --profile prod`) is the aliyun CLI's
    /// profile of that name, the one whose region the configuration takes, else the
    /// credentials file's section of that name; the environment's keys do not come into it.
    #[test]
    fn a_named_alibaba_profile_is_the_aliyun_cli_profile_else_the_file_section() {
        let dir = temp_dir("ali-named-profile");
        std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
        std::fs::create_dir_all(dir.join(".alibabacloud")).unwrap();
        std::fs::write(
            dir.join(".aliyun/config.json"),
            format!(
                r#"{{"current": "default", "profiles": [
                    {{"name": "default", "mode": "AK", "access_key_id": "LTAIdefault", "access_key_secret": "{SECRET}"}},
                    {{"name": "prod", "mode": "StsToken", "access_key_id": "STS.prod", "access_key_secret": "{SECRET}", "sts_token": "tok"}},
                    {{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "role"}}]}}"#
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join(".alibabacloud/credentials.ini"),
            format!("[staging]\ntype = access_key\naccess_key_id = LTAIstaging\naccess_key_secret = {SECRET}\n"),
        )
        .unwrap();
        let home = dir.to_str().unwrap();
        let env = env_of(&[("HOME", home), ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)]);
        let named = |name: &str| {
            CredentialsSource::Profile { file: None, profile: Some(name.to_owned()) }.resolve_with(Cloud::Alibaba, &env)
        };
        let prod = named("prod").unwrap();
        assert_eq!((prod.access_key_id(), prod.session_token()), ("STS.prod", Some("tok")));
        assert_eq!(named("staging").unwrap().access_key_id(), "LTAIstaging");
        // In neither place: the file's own error (no such section).
        let err = named("absent").unwrap_err();
        assert!(matches!(err, CredentialsError::Profile { .. }), "{err}");
        // A CLI profile of a mode it does not read, and no such section: both reasons.
        let err = named("ecs").unwrap_err().to_string();
        assert!(err.contains("mode `EcsRamRole`") && err.contains("no such section"), "{err}");
        // A file given explicitly is that file only, as before.
        let explicit = CredentialsSource::Profile {
            file: Some(dir.join(".alibabacloud/credentials.ini")),
            profile: Some("prod".to_owned()),
        };
        assert!(matches!(explicit.resolve_with(Cloud::Alibaba, &env), Err(CredentialsError::Profile { .. })));
        // Tencent's named profile is its credentials file's section, as before.
        let err = CredentialsSource::Profile { file: None, profile: Some("prod".to_owned()) }
            .resolve_with(Cloud::Tencent, &env)
            .unwrap_err();
        assert!(!err.to_string().contains("aliyun"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
