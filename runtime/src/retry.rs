//! When and how long to wait before another attempt.
//!
//! Retried: throttling answers (the operation's enum says retryable, a common throttling
//! code, or HTTP 429) and failures that provably happened before the request was sent
//! (connect errors, connect timeouts). Not retried: anything the server may have acted on,
//! e.g. a reset connection, a response timeout or a truncated body.

use std::time::Duration;

use crate::error::{Error, GenericError, TimeoutPhase, is_throttling};

/// Why an error may be retried, and the server's wait hint if it gave one.
/// `retryable` is the operation enum's verdict on a code and message.
pub(crate) fn retry_reason(
    err: &Error<GenericError>,
    retryable: fn(&str, &str) -> bool,
) -> Option<(&'static str, Option<Duration>)> {
    match err {
        Error::Service(e)
            if is_throttling(retryable(e.code(), &e.message), e.code(), e.http_status) =>
        {
            Some((THROTTLED, e.retry_after))
        }
        // Throttled by something in front of the API (a gateway's page, not the cloud's
        // envelope): throttling all the same.
        Error::UnexpectedResponse { status: 429, retry_after, .. } => Some((THROTTLED, *retry_after)),
        Error::Connect { .. } => Some(("connect failed", None)),
        Error::Timeout {
            phase: TimeoutPhase::Connect,
            ..
        } => Some(("connect timed out", None)),
        _ => None,
    }
}

/// The clouds count their rate limits per second ("exceeds the frequency limit 20 for a
/// second"): a throttled request retried sooner lands in the window that refused it, so a
/// throttled attempt is retried after at least this long when the answer gives no wait of its
/// own (the official SDKs' retryers wait 1 s, then 2 s).
pub(crate) const THROTTLE_WINDOW: Duration = Duration::from_secs(1);

/// The wait before retrying after `reason` (from [`retry_reason`]) on the `failed`-th attempt:
/// [`backoff`], and for throttling without the server's own hint at least
/// [`THROTTLE_WINDOW`] (or `cap` when that is shorter). `None`: not retried.
pub(crate) fn delay(
    reason: (&'static str, Option<Duration>),
    base: Duration,
    cap: Duration,
    failed: u32,
) -> Option<Duration> {
    let (why, hint) = reason;
    let wait = backoff(base, cap, failed, hint)?;
    let floor = if why == THROTTLED && hint.is_none() { THROTTLE_WINDOW.min(cap) } else { Duration::ZERO };
    Some(wait.max(floor))
}

/// The reason [`retry_reason`] gives a throttled answer.
const THROTTLED: &str = "throttled";

/// Exponential backoff with jitter: after the `failed`-th attempt (1-based) the wait is
/// drawn from `[d/2, d]` with `d = min(base * 2^(failed-1), cap)`, and is at least the
/// server's hint. `None` when the hint is longer than `cap` (waiting that long is the
/// caller's decision, not a retry's).
pub(crate) fn backoff(
    base: Duration,
    cap: Duration,
    failed: u32,
    hint: Option<Duration>,
) -> Option<Duration> {
    if hint.is_some_and(|h| h > cap) {
        return None;
    }
    let exp = base
        .saturating_mul(1u32 << failed.saturating_sub(1).min(20))
        .min(cap);
    let half = exp / 2;
    let jitter = Duration::from_nanos(rand::random_range(
        0..=half.as_nanos().min(u64::MAX as u128) as u64,
    ));
    Some((half + jitter).max(hint.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_hints() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(2);
        for _ in 0..50 {
            let first = backoff(base, cap, 1, None).unwrap();
            assert!(
                first >= Duration::from_millis(50) && first <= base,
                "{first:?}"
            );
            let third = backoff(base, cap, 3, None).unwrap();
            assert!(
                third >= Duration::from_millis(200) && third <= Duration::from_millis(400),
                "{third:?}"
            );
            let late = backoff(base, cap, 30, None).unwrap();
            assert!(late >= Duration::from_secs(1) && late <= cap, "{late:?}");
            let hinted = backoff(base, cap, 1, Some(Duration::from_millis(1500))).unwrap();
            assert!(hinted >= Duration::from_millis(1500), "{hinted:?}");
        }
        assert_eq!(backoff(base, cap, 1, Some(Duration::from_secs(3))), None);
    }

    /// Tencent's `RequestLimitExceeded` ("exceeds the frequency limit 20 for a second"): the
    /// retry waits out the second; a server's own wait, a connect failure and a cap under a
    /// second keep their waits.
    #[test]
    fn a_throttled_attempt_waits_out_the_rate_limits_second() {
        let (base, cap) = (Duration::from_millis(200), Duration::from_secs(20));
        for failed in 1..=2 {
            let wait = delay((THROTTLED, None), base, cap, failed).unwrap();
            assert!(wait >= THROTTLE_WINDOW, "{wait:?}");
        }
        let hinted = delay((THROTTLED, Some(Duration::from_millis(300))), base, cap, 1).unwrap();
        assert!(hinted >= Duration::from_millis(300) && hinted < THROTTLE_WINDOW, "{hinted:?}");
        let connect = delay(("connect failed", None), base, cap, 1).unwrap();
        assert!(connect <= base, "{connect:?}");
        let short_cap = delay((THROTTLED, None), Duration::from_millis(5), Duration::from_millis(50), 1).unwrap();
        assert!(short_cap <= Duration::from_millis(50), "{short_cap:?}");
    }
}
