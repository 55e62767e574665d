//! The clouds' command-line tools' configuration files, read for what a [`crate::Config`]
//! takes from the environment (the region) and, for Alibaba, for the keys the aliyun CLI
//! keeps in its profiles (a step of the default credential chain); credentials files are
//! read by [`crate::credentials`]. The one place that knows these two formats:
//!
//! - Tencent `tccli`: `~/.tccli/<profile>.configure` (where tccli writes it), else
//!   `~/.tencentcloud/<profile>.configure`, JSON whose `_sys_param` object holds `region` (and
//!   `output`); the profile is `$TENCENTCLOUD_PROFILE`, else `default`.
//! - Alibaba `aliyun`: `~/.aliyun/config.json`, JSON with `current` (the active profile's
//!   name) and `profiles`, each with `name` and `region_id`; the profile is
//!   `$ALIBABA_CLOUD_PROFILE`, else the file's `current`, else `default`.
//!
//! A file that does not exist says nothing; a file that exists but cannot be read or is not
//! the expected JSON is a [`CliConfigError`] naming the file (never its contents: the same
//! files hold keys).

use std::path::PathBuf;

use serde_json::Value;

use crate::credentials::{Credentials, Env, home, non_empty};
use crate::service::Cloud;

/// The environment variable that names a cloud's region.
pub(crate) fn region_variable(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Tencent => "TENCENTCLOUD_REGION",
        Cloud::Alibaba => "ALIBABA_CLOUD_REGION_ID",
    }
}

/// The environment variable that names a cloud's profile.
pub(crate) fn profile_variable(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Tencent => "TENCENTCLOUD_PROFILE",
        Cloud::Alibaba => "ALIBABA_CLOUD_PROFILE",
    }
}

/// The CLI configuration file of `cloud` under the home directory: the first of its places
/// that exists, when there is a home.
pub(crate) fn cli_config_file(cloud: Cloud, env: &Env<'_>) -> Option<PathBuf> {
    let home = home(env)?;
    let places = match cloud {
        Cloud::Tencent => {
            let profile = non_empty(env, profile_variable(cloud)).unwrap_or_else(|| "default".into());
            let file = format!("{profile}.configure");
            vec![home.join(".tccli").join(&file), home.join(".tencentcloud").join(file)]
        }
        Cloud::Alibaba => vec![home.join(".aliyun").join("config.json")],
    };
    places.into_iter().find(|p| p.is_file())
}

/// A CLI configuration file that exists but cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot use the CLI configuration file {}: {reason}", path.display())]
pub struct CliConfigError {
    pub path: PathBuf,
    pub reason: String,
}

/// The region for `cloud`: its environment variable, else its CLI profile's region; `None`
/// when neither says one. Empty values count as unset.
pub(crate) fn region_from_env(cloud: Cloud, env: &Env<'_>) -> Result<Option<String>, CliConfigError> {
    if let Some(region) = non_empty(env, region_variable(cloud)) {
        return Ok(Some(region));
    }
    let Some((path, json)) = read_cli_config(cloud, env)? else {
        return Ok(None);
    };
    let fail = |reason: String| CliConfigError {
        path: path.clone(),
        reason,
    };
    let region = match cloud {
        Cloud::Tencent => tccli_region(&json),
        Cloud::Alibaba => {
            let profile = non_empty(env, profile_variable(cloud));
            aliyun_region(&json, profile.as_deref()).map_err(fail)?
        }
    };
    Ok(region.filter(|r| !r.is_empty()))
}

/// The CLI configuration file of `cloud` and its JSON, when there is one.
fn read_cli_config(cloud: Cloud, env: &Env<'_>) -> Result<Option<(PathBuf, Value)>, CliConfigError> {
    let Some(path) = cli_config_file(cloud, env) else {
        return Ok(None);
    };
    let fail = |reason: String| CliConfigError { path: path.clone(), reason };
    let text = std::fs::read_to_string(&path).map_err(|e| fail(e.to_string()))?;
    // serde_json's messages give a line and column, never the text around them.
    let json: Value = serde_json::from_str(&text).map_err(|e| fail(format!("not JSON: {e}")))?;
    Ok(Some((path, json)))
}

/// The credentials of the aliyun CLI's chosen profile (`$ALIBABA_CLOUD_PROFILE`, else the
/// file's `current`, else `default`: the profile whose region a configuration takes), as the
/// official credential chain's CLI-profile step reads them: `mode` `AK` (`access_key_id`,
/// `access_key_secret`) or `StsToken` (and `sts_token`). `None` without the file, without
/// the profile (unless the environment named it) or when
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` is `true`; another mode (a role the CLI assumes
/// itself) is an error naming it, which the default chain records and passes over.
///
/// `named` is a profile the caller names itself (a configuration's `profile`): it wins over
/// the environment's, and a file without it is `None` (the caller reads the credentials file
/// next), not an error.
pub(crate) fn aliyun_credentials(
    env: &Env<'_>,
    named: Option<&str>,
) -> Result<Option<(PathBuf, Credentials)>, CliConfigError> {
    if non_empty(env, "ALIBABA_CLOUD_CLI_PROFILE_DISABLED").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Ok(None);
    }
    let Some((path, json)) = read_cli_config(Cloud::Alibaba, env)? else {
        return Ok(None);
    };
    let fail = |reason: String| CliConfigError { path: path.clone(), reason };
    let profile = match named {
        Some(name) => find_profile(&json, name),
        None => {
            let named = non_empty(env, profile_variable(Cloud::Alibaba));
            aliyun_profile(&json, named.as_deref()).map_err(fail)?
        }
    };
    let Some(profile) = profile else {
        return Ok(None);
    };
    let name = profile.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    let text = |key: &str| profile.get(key).and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
    let mode = text("mode").unwrap_or("AK");
    let keys = || match (text("access_key_id"), text("access_key_secret")) {
        (Some(id), Some(secret)) => Ok(Credentials::new(id, secret)),
        _ => Err(fail(format!("profile `{name}` (mode {mode}) lacks `access_key_id` or `access_key_secret`"))),
    };
    let credentials = match mode {
        "AK" => keys()?,
        "StsToken" => {
            let token = text("sts_token").ok_or_else(|| fail(format!("profile `{name}` (mode StsToken) lacks `sts_token`")))?;
            keys()?.with_session_token(token)
        }
        other => {
            return Err(fail(format!(
                "profile `{name}` has mode `{other}`, which this client does not read from the CLI's file (AK and StsToken only); give the role to a provider (`cloudpage_runtime::providers`) or set ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true"
            )));
        }
    };
    Ok(Some((path, credentials)))
}

/// `_sys_param.region` of a tccli `.configure` file.
fn tccli_region(json: &Value) -> Option<String> {
    json.get("_sys_param")?
        .get("region")?
        .as_str()
        .map(|r| r.trim().to_owned())
}

/// `region_id` of the chosen profile of an aliyun `config.json` (see [`aliyun_profile`]).
fn aliyun_region(json: &Value, named: Option<&str>) -> Result<Option<String>, String> {
    Ok(aliyun_profile(json, named)?
        .and_then(|profile| profile.get("region_id"))
        .and_then(Value::as_str)
        .map(|r| r.trim().to_owned()))
}

/// The chosen profile of an aliyun `config.json`: `named` (from the environment or the
/// configuration), else the file's `current`, else `default`. A profile that was named must
/// exist; the file's own `current` or `default` need not.
fn aliyun_profile<'j>(json: &'j Value, named: Option<&str>) -> Result<Option<&'j Value>, String> {
    let current = json.get("current").and_then(Value::as_str).filter(|c| !c.is_empty());
    let wanted = named.or(current).unwrap_or("default");
    let Some(profiles) = json.get("profiles") else {
        return Ok(None);
    };
    if !profiles.is_array() {
        return Err("`profiles` is not an array".to_owned());
    }
    match find_profile(json, wanted) {
        Some(profile) => Ok(Some(profile)),
        None if named.is_some() => Err(format!(
            "no profile named `{wanted}` (from the configuration's profile or ${})",
            profile_variable(Cloud::Alibaba)
        )),
        None => Ok(None),
    }
}

/// The profile called `name` of an aliyun `config.json`, if there is one.
fn find_profile<'j>(json: &'j Value, name: &str) -> Option<&'j Value> {
    json.get("profiles")?
        .as_array()?
        .iter()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::tests::env_of;

    fn home_with(tag: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cloudpage-cli-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const TCCLI_DEFAULT: &str =
        r#"{"_sys_param": {"region": "ap-guangzhou", "output": "json", "arrayCount": 10}}"#;
    const TCCLI_WORK: &str = r#"{"_sys_param": {"region": "ap-singapore", "output": "table"}}"#;
    const ALIYUN: &str = r#"{
        "current": "work",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "LTAIx", "access_key_secret": "SECRETVALUE", "region_id": "cn-hangzhou", "output_format": "json", "language": "en"},
            {"name": "work", "mode": "AK", "access_key_id": "LTAIy", "access_key_secret": "SECRETVALUE", "region_id": "cn-shanghai"},
            {"name": "bare", "mode": "AK"}
        ],
        "meta_path": ""
    }"#;

    #[test]
    fn tencent_region_from_the_variable_then_the_tccli_profile() {
        let home = home_with(
            "tc",
            &[(".tccli/default.configure", TCCLI_DEFAULT), (".tccli/work.configure", TCCLI_WORK)],
        );
        let h = home.to_str().unwrap();
        let region = |pairs: &[(&str, &str)]| region_from_env(Cloud::Tencent, &env_of(pairs)).unwrap();
        assert_eq!(region(&[("HOME", h)]).as_deref(), Some("ap-guangzhou"));
        assert_eq!(
            region(&[("HOME", h), ("TENCENTCLOUD_PROFILE", "work")]).as_deref(),
            Some("ap-singapore")
        );
        assert_eq!(
            region(&[("HOME", h), ("TENCENTCLOUD_REGION", "ap-beijing")]).as_deref(),
            Some("ap-beijing")
        );
        // An empty variable is unset; a profile without a file says nothing.
        assert_eq!(region(&[("HOME", h), ("TENCENTCLOUD_REGION", "")]).as_deref(), Some("ap-guangzhou"));
        assert_eq!(region(&[("HOME", h), ("TENCENTCLOUD_PROFILE", "none")]), None);
        assert_eq!(region(&[]), None);
        std::fs::remove_dir_all(home).unwrap();

        // The other place of the same file, when tccli's own is absent.
        let home = home_with("tc2", &[(".tencentcloud/work.configure", TCCLI_WORK)]);
        let h = home.to_str().unwrap();
        assert_eq!(region(&[("HOME", h), ("TENCENTCLOUD_PROFILE", "work")]).as_deref(), Some("ap-singapore"));
        assert_eq!(region(&[("HOME", h)]), None);
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn alibaba_region_from_the_variable_then_the_aliyun_profile() {
        let home = home_with("ali", &[(".aliyun/config.json", ALIYUN)]);
        let h = home.to_str().unwrap();
        let region =
            |pairs: &[(&str, &str)]| region_from_env(Cloud::Alibaba, &env_of(pairs));
        // The file's `current` profile.
        assert_eq!(region(&[("HOME", h)]).unwrap().as_deref(), Some("cn-shanghai"));
        assert_eq!(
            region(&[("HOME", h), ("ALIBABA_CLOUD_PROFILE", "default")]).unwrap().as_deref(),
            Some("cn-hangzhou")
        );
        assert_eq!(
            region(&[("HOME", h), ("ALIBABA_CLOUD_REGION_ID", "cn-beijing")]).unwrap().as_deref(),
            Some("cn-beijing")
        );
        assert_eq!(region(&[("HOME", h), ("ALIBABA_CLOUD_PROFILE", "bare")]).unwrap(), None);
        let err = region(&[("HOME", h), ("ALIBABA_CLOUD_PROFILE", "missing")]).unwrap_err();
        assert!(err.to_string().contains("no profile named `missing`"), "{err}");
        assert!(err.to_string().contains("config.json"), "{err}");
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn a_broken_file_is_a_typed_error_without_its_contents() {
        let home = home_with(
            "bad",
            &[
                (".aliyun/config.json", r#"{"profiles": [{"name": "default", "access_key_secret": "SECRETVALUE""#),
                (".tccli/default.configure", "SECRETVALUE"),
            ],
        );
        let h = home.to_str().unwrap();
        for cloud in [Cloud::Alibaba, Cloud::Tencent] {
            let err = region_from_env(cloud, &env_of(&[("HOME", h)])).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(shown.contains("not JSON"), "{shown}");
            assert!(!shown.contains("SECRETVALUE"), "{shown}");
        }
        std::fs::write(home.join(".aliyun/config.json"), r#"{"profiles": {}}"#).unwrap();
        let err = region_from_env(Cloud::Alibaba, &env_of(&[("HOME", h)])).unwrap_err();
        assert!(err.to_string().contains("`profiles` is not an array"), "{err}");
        std::fs::remove_dir_all(home).unwrap();
    }

    /// The keys of the aliyun CLI's chosen profile, as `aliyun configure` writes them: `AK`
    /// and `StsToken` profiles; the chosen profile by the same rule as the region; a role
    /// profile an error naming its mode; none without the file or with the step disabled.
    #[test]
    fn alibaba_credentials_from_the_aliyun_profile() {
        const PROFILES: &str = r#"{
            "current": "work",
            "profiles": [
                {"name": "default", "mode": "AK", "access_key_id": "LTAIx", "access_key_secret": "SECRETX", "region_id": "cn-hangzhou"},
                {"name": "work", "mode": "StsToken", "access_key_id": "STS.y", "access_key_secret": "SECRETY", "sts_token": "TOKENY", "region_id": "cn-shanghai"},
                {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIz", "access_key_secret": "SECRETZ", "ram_role_arn": "acs:ram::1:role/r"},
                {"name": "bare", "mode": "AK"}
            ]
        }"#;
        let home = home_with("ali-keys", &[(".aliyun/config.json", PROFILES)]);
        let h = home.to_str().unwrap();
        let keys = |pairs: &[(&str, &str)]| aliyun_credentials(&env_of(pairs), None).map(|found| found.map(|(_, c)| c));
        // The file's `current`: an STS token profile.
        let work = keys(&[("HOME", h)]).unwrap().expect("a profile");
        assert_eq!((work.access_key_id(), work.secret(), work.session_token()), ("STS.y", "SECRETY", Some("TOKENY")));
        let default = keys(&[("HOME", h), ("ALIBABA_CLOUD_PROFILE", "default")]).unwrap().expect("a profile");
        assert_eq!((default.access_key_id(), default.session_token()), ("LTAIx", None));
        for (profile, expected) in [("role", "mode `RamRoleArn`"), ("bare", "lacks `access_key_id`"), ("none", "no profile named `none`")] {
            let err = keys(&[("HOME", h), ("ALIBABA_CLOUD_PROFILE", profile)]).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(expected), "{profile}: {shown}");
            assert!(!shown.contains("SECRET"), "{shown}");
        }
        assert!(keys(&[("HOME", h), ("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]).unwrap().is_none());
        assert!(keys(&[]).unwrap().is_none(), "no home, no file");
        std::fs::remove_dir_all(home).unwrap();
    }
}
