//! Client-side rate limits with governor: one limiter per action, shared by every clone of a
//! `Client` (the limiters live behind the client's `Arc`).
//!
//! Limits are per client *process* at most: two `Client`s, or two processes, each get their
//! own budget, and the server's own limit (usually per account) still applies. A limit of
//! `n` per second lets one request through every `1/n` seconds (no bursts), so no calendar
//! second sees more than `n` requests leave; permits are taken per attempt, retries included.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::config::Config;
use crate::service::OperationInfo;

pub(crate) type Limiter = DefaultDirectRateLimiter;

/// `(service, action)`.
type ActionKey = (&'static str, &'static str);

#[derive(Default)]
pub(crate) struct Limiters {
    by_action: Mutex<HashMap<ActionKey, Option<Arc<Limiter>>>>,
}

impl Limiters {
    /// The limiter of `op` under `config`, created on first use.
    pub(crate) fn get(&self, op: &'static OperationInfo, config: &Config) -> Option<Arc<Limiter>> {
        // Most calls have no limit (limits off, or none documented): answer those without
        // the lock and the map lookup.
        config.rate_limit_for(op.action, op.rate_limit_per_second)?;
        let mut map = self
            .by_action
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry((op.service.name, op.action))
            .or_insert_with(|| {
                config
                    .rate_limit_for(op.action, op.rate_limit_per_second)
                    .map(|n| Arc::new(limiter(n)))
            })
            .clone()
    }
}

/// One permit every `1/per_second` seconds, no burst.
pub(crate) fn limiter(per_second: NonZeroU32) -> Limiter {
    RateLimiter::direct(Quota::per_second(per_second).allow_burst(NonZeroU32::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test]
    async fn spaces_permits_evenly() {
        let limiter = limiter(NonZeroU32::new(20).unwrap());
        let start = Instant::now();
        for _ in 0..11 {
            limiter.until_ready().await;
        }
        // The first permit is immediate, then one per 50 ms.
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(480), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    }
}
