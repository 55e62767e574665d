//! Credentials that expire and are fetched again: instance roles (Tencent CVM, Alibaba ECS:
//! [`CvmRoleProvider`], [`EcsRamRoleProvider`]) and STS `AssumeRole` of both clouds
//! ([`AssumeRoleProvider`]), also for a workload's OIDC token (Tencent TKE, Alibaba ACK RRSA:
//! [`AssumeRoleProvider::tencent_web_identity`], [`AssumeRoleProvider::alibaba_oidc`]).
//!
//! ```no_run
//! use cloudpage_runtime::providers::{AssumeRoleProvider, SharedCredentialsProvider};
//! use cloudpage_runtime::{Config, CredentialsSource};
//!
//! # fn main() -> Result<(), cloudpage_runtime::ConfigError> {
//! // The role's credentials, assumed with the default chain's, refreshed before expiry.
//! let role = AssumeRoleProvider::alibaba("acs:ram::123456789012:role/deployer")
//!     .session_name("deploy")
//!     .build()?;
//! let config = Config::builder()
//!     .region("cn-hangzhou")
//!     .credentials_source(CredentialsSource::Provider(SharedCredentialsProvider::new(role)))
//!     .build()?;
//! # let _ = config;
//! # Ok(())
//! # }
//! ```
//!
//! A provider ([`ProvideCredentials`]) only fetches. [`SharedCredentialsProvider`] wraps one
//! with the cache every client uses: fetched credentials are kept until
//! [`REFRESH_BEFORE_EXPIRY`] before they expire, concurrent calls share one fetch (the
//! others wait for it), and a failed refresh keeps using credentials that have not expired
//! yet, as the official SDKs do, trying again only after [`REFRESH_RETRY_AFTER`] (a provider
//! that is down costs one attempt per interval, not one per call). Use one through
//! [`crate::CredentialsSource::Provider`].
//!
//! Secrets never appear in `Debug`, errors or logs: [`Credentials`] redacts them, and a
//! provider's errors quote codes, statuses and field names, never a response body.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::credentials::{Credentials, CredentialsError};

mod instance;
mod sts;

pub use instance::{
    CvmRoleProvider, DEFAULT_METADATA_TIMEOUT, EcsRamRoleProvider, INSTANCE_ROLE_VARIABLES,
    InstanceRole, InstanceRoleBuilder, Metadata,
};
pub(crate) use instance::instance_role_from_env;
pub use sts::{
    ALIBABA_ASSUME_ROLE, ALIBABA_ASSUME_ROLE_WITH_OIDC, ALIBABA_STS, AssumeRoleBuilder, AssumeRoleProvider,
    DEFAULT_ASSUME_ROLE_DURATION, DEFAULT_SESSION_NAME, OIDC_ROLE_VARIABLES, TENCENT_ASSUME_ROLE,
    TENCENT_ASSUME_ROLE_WITH_WEB_IDENTITY, TENCENT_STS, TENCENT_STS_DEFAULT_REGION,
};
pub(crate) use sts::oidc_role_from_env;

/// How long before their expiry cached credentials are fetched again (5 minutes, as the
/// official SDKs refresh STS and role credentials).
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// Credentials with the time they stop working (`None`: they do not expire).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiringCredentials {
    pub credentials: Credentials,
    pub expires_at: Option<SystemTime>,
}

/// The future a provider returns.
pub type ProviderFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ExpiringCredentials, CredentialsError>> + Send + 'a>>;

/// Fetches credentials, each call anew; caching is [`SharedCredentialsProvider`]'s job.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// A short name for messages and logs, e.g. `cvm role`.
    fn name(&self) -> &'static str;
    fn fetch(&self) -> ProviderFuture<'_>;
}

/// A provider with its cache, shared by every client (and every clone of a
/// [`crate::Config`]) that holds it. Cheap to clone.
#[derive(Clone)]
pub struct SharedCredentialsProvider {
    inner: Arc<Shared>,
}

struct Shared {
    provider: Box<dyn ProvideCredentials>,
    /// The cached credentials with a generation number that changes on every fetch, so a
    /// client knows when to rebuild its signer. An async mutex: while one call fetches, the
    /// others wait for its result instead of fetching too.
    cache: tokio::sync::Mutex<Option<Cached>>,
}

struct Cached {
    generation: u64,
    credentials: ExpiringCredentials,
    /// After a refresh failed while these still worked: no other fetch before then, so that
    /// a provider that is down (STS hanging, a metadata server gone) costs one attempt per
    /// [`REFRESH_RETRY_AFTER`], not one per call.
    next_try: Option<SystemTime>,
}

impl Cached {
    /// Whether the cached credentials still work at `now` (they may be due for a refresh).
    fn usable(&self, now: SystemTime) -> bool {
        self.credentials.expires_at.is_none_or(|at| at > now)
    }
}

/// How long a failed refresh is not tried again while the cached credentials still work.
pub const REFRESH_RETRY_AFTER: Duration = Duration::from_secs(30);

impl SharedCredentialsProvider {
    pub fn new(provider: impl ProvideCredentials + 'static) -> SharedCredentialsProvider {
        SharedCredentialsProvider {
            inner: Arc::new(Shared {
                provider: Box::new(provider),
                cache: tokio::sync::Mutex::new(None),
            }),
        }
    }

    pub fn name(&self) -> &'static str {
        self.inner.provider.name()
    }

    /// Credentials that are valid for at least [`REFRESH_BEFORE_EXPIRY`] (or, when a refresh
    /// fails, until they expire), fetching when needed.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        self.current().await.map(|(_, c)| c)
    }

    /// [`SharedCredentialsProvider::credentials`] with the generation of the cached value.
    pub(crate) async fn current(&self) -> Result<(u64, Credentials), CredentialsError> {
        let mut cache = self.inner.cache.lock().await;
        let now = SystemTime::now();
        if let Some(cached) = &*cache {
            let waiting = cached.next_try.is_some_and(|next| now < next);
            if !needs_refresh(cached.credentials.expires_at, now) || (cached.usable(now) && waiting) {
                return Ok((cached.generation, cached.credentials.credentials.clone()));
            }
        }
        match self.inner.provider.fetch().await {
            Ok(fresh) => {
                let generation = cache.as_ref().map_or(1, |c| c.generation + 1);
                tracing::debug!(
                    provider = self.name(),
                    access_key_id = fresh.credentials.access_key_id(),
                    "credentials fetched"
                );
                let credentials = fresh.credentials.clone();
                *cache = Some(Cached { generation, credentials: fresh, next_try: None });
                Ok((generation, credentials))
            }
            Err(err) => match &mut *cache {
                Some(cached) if cached.usable(now) => {
                    tracing::warn!(
                        provider = self.name(),
                        error = %err,
                        retry_after_s = REFRESH_RETRY_AFTER.as_secs(),
                        "refreshing credentials failed; using the cached ones until they expire"
                    );
                    cached.next_try = Some(now + REFRESH_RETRY_AFTER);
                    Ok((cached.generation, cached.credentials.credentials.clone()))
                }
                _ => Err(err),
            },
        }
    }
}

fn needs_refresh(expires_at: Option<SystemTime>, now: SystemTime) -> bool {
    expires_at.is_some_and(|at| at <= now + REFRESH_BEFORE_EXPIRY)
}

impl fmt::Debug for SharedCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedCredentialsProvider")
            .field("provider", &self.inner.provider)
            .finish_non_exhaustive()
    }
}

/// The same shared provider (and cache).
impl PartialEq for SharedCredentialsProvider {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for SharedCredentialsProvider {}

/// A provider's failure: `reason` never holds a secret or a response body.
pub(crate) fn failed(provider: &'static str, reason: impl Into<String>) -> CredentialsError {
    CredentialsError::Provider {
        provider,
        reason: reason.into(),
    }
}

/// A string field of a JSON answer that must be there and not empty.
pub(crate) fn required<'a>(
    provider: &'static str,
    json: &'a Value,
    field: &str,
) -> Result<&'a str, CredentialsError> {
    json.get(field)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| failed(provider, format!("the answer has no `{field}`")))
}

/// `2024-05-01T12:30:00Z` (the `Expiration` of Alibaba STS and ECS, and of Tencent's
/// metadata), UTC only, as the services write it.
pub(crate) fn parse_utc_timestamp(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let month = time::Month::try_from(u8::try_from(num(5..7)?).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(num(0..4)?).ok()?, month, u8::try_from(num(8..10)?).ok()?).ok()?;
    let clock = time::Time::from_hms(
        u8::try_from(num(11..13)?).ok()?,
        u8::try_from(num(14..16)?).ok()?,
        u8::try_from(num(17..19)?).ok()?,
    )
    .ok()?;
    let seconds = date.with_time(clock).assume_utc().unix_timestamp();
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

/// Unix seconds (Tencent's `ExpiredTime`).
pub(crate) fn from_unix_seconds(seconds: i64) -> Option<SystemTime> {
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug)]
    struct Counting {
        fetches: Arc<AtomicUsize>,
        lifetime: Duration,
        fail_after: usize,
    }

    impl ProvideCredentials for Counting {
        fn name(&self) -> &'static str {
            "counting"
        }
        fn fetch(&self) -> ProviderFuture<'_> {
            Box::pin(async move {
                let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                // Slow enough that concurrent callers overlap.
                tokio::time::sleep(Duration::from_millis(50)).await;
                if n > self.fail_after {
                    return Err(failed("counting", "down"));
                }
                Ok(ExpiringCredentials {
                    credentials: Credentials::new(format!("id-{n}"), "SECRET").with_session_token("TOKEN"),
                    expires_at: Some(SystemTime::now() + self.lifetime),
                })
            })
        }
    }

    fn shared(lifetime: Duration, fail_after: usize) -> (SharedCredentialsProvider, Arc<AtomicUsize>) {
        let fetches = Arc::new(AtomicUsize::new(0));
        let provider = SharedCredentialsProvider::new(Counting {
            fetches: fetches.clone(),
            lifetime,
            fail_after,
        });
        (provider, fetches)
    }

    #[tokio::test]
    async fn concurrent_calls_share_one_fetch_and_the_cache() {
        let (provider, fetches) = shared(Duration::from_secs(3600), usize::MAX);
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let provider = provider.clone();
                tokio::spawn(async move { provider.current().await.unwrap() })
            })
            .collect();
        for call in calls {
            let (generation, credentials) = call.await.unwrap();
            assert_eq!((generation, credentials.access_key_id()), (1, "id-1"));
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        provider.credentials().await.unwrap();
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_are_refreshed_before_they_expire() {
        // Four minutes left: inside the five-minute window, so every call fetches.
        let (provider, fetches) = shared(Duration::from_secs(240), usize::MAX);
        let (g1, c1) = provider.current().await.unwrap();
        let (g2, c2) = provider.current().await.unwrap();
        assert_eq!((g1, c1.access_key_id()), (1, "id-1"));
        assert_eq!((g2, c2.access_key_id()), (2, "id-2"));
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_unexpired_credentials_and_then_fails() {
        // One fetch succeeds with four minutes left; the refresh fails; the old ones serve.
        let (provider, fetches) = shared(Duration::from_secs(240), 1);
        assert_eq!(provider.credentials().await.unwrap().access_key_id(), "id-1");
        assert_eq!(provider.credentials().await.unwrap().access_key_id(), "id-1");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        // The provider is down: the calls after the failed refresh use the cached ones
        // without asking it again until `REFRESH_RETRY_AFTER` has passed.
        for _ in 0..5 {
            assert_eq!(provider.credentials().await.unwrap().access_key_id(), "id-1");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 2, "one failed fetch, not one per call");
        // Already expired: the failure is returned.
        let (expired, _) = shared(Duration::ZERO, 1);
        expired.credentials().await.unwrap();
        let err = expired.credentials().await.unwrap_err();
        assert_eq!(err.to_string(), "cannot get credentials from the counting provider: down");
    }

    #[test]
    fn debug_and_equality() {
        let (a, _) = shared(Duration::from_secs(1), 0);
        let b = a.clone();
        let (c, _) = shared(Duration::from_secs(1), 0);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(format!("{a:?}").contains("Counting"));
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            parse_utc_timestamp("2021-03-12T23:00:47Z"),
            from_unix_seconds(1_615_590_047)
        );
        for bad in ["", "2021-03-12 23:00:47Z", "2021-13-12T23:00:47Z", "2021-03-12T23:00:47+08:00", "2021-0a-12T23:00:47Z", "+021-03-12T23:00:47Z"] {
            assert_eq!(parse_utc_timestamp(bad), None, "{bad}");
        }
        assert_eq!(from_unix_seconds(-1), None);
    }
}
