//! Per-call overrides of a client's timeouts and attempts.

use std::time::Duration;

use crate::config::{Config, ConfigError};

/// Settings of one call that override the client's [`Config`] for that call only, for
/// [`crate::Client::call_with`] and [`crate::Client::call_json_with`]. Every setting is
/// optional; an unset one keeps the client's value.
///
/// ```
/// use std::time::Duration;
/// use cloudpage_runtime::CallOptions;
///
/// // At most 10 s for the whole call, retries and back-off included, and no retries.
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(10))
///     .max_attempts(1);
/// assert_eq!(options.operation_timeout(), Some(Duration::from_secs(10)));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    operation_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    max_attempts: Option<u32>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// The whole call's limit: every attempt, the back-off between them and the waits for
    /// the rate limiter (see [`crate::ConfigBuilder::operation_timeout`]). Must be greater
    /// than zero.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// One attempt's limit, from sending to the end of the body. Must be greater than zero.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Attempts of this call, the first included (1 disables retries). Must be at least 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    pub fn attempt_timeout_override(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    pub fn max_attempts_override(&self) -> Option<u32> {
        self.max_attempts
    }

    /// The settings in force for one call: these overrides over `config`'s values. The same
    /// checks as [`crate::ConfigBuilder::build`], so a call can fail the way a config can.
    pub(crate) fn effective(&self, config: &Config) -> Result<Effective, ConfigError> {
        let zero = |setting| ConfigError::Zero { setting };
        if self.operation_timeout.is_some_and(|t| t.is_zero()) {
            return Err(zero("operation timeout"));
        }
        if self.attempt_timeout.is_some_and(|t| t.is_zero()) {
            return Err(zero("attempt timeout"));
        }
        if self.max_attempts == Some(0) {
            return Err(zero("max attempts"));
        }
        Ok(Effective {
            operation_timeout: self.operation_timeout.or(config.operation_timeout),
            attempt_timeout: self.attempt_timeout.unwrap_or(config.attempt_timeout),
            max_attempts: self.max_attempts.unwrap_or(config.max_attempts),
        })
    }
}

/// What one call runs with.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Effective {
    pub operation_timeout: Option<Duration>,
    pub attempt_timeout: Duration,
    pub max_attempts: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_unset_settings_keep_the_config() {
        let config = Config::builder()
            .operation_timeout(Duration::from_secs(60))
            .attempt_timeout(Duration::from_secs(7))
            .max_attempts(5)
            .build()
            .unwrap();
        let kept = CallOptions::new().effective(&config).unwrap();
        assert_eq!(
            (kept.operation_timeout, kept.attempt_timeout, kept.max_attempts),
            (Some(Duration::from_secs(60)), Duration::from_secs(7), 5)
        );
        let options = CallOptions::new()
            .timeout(Duration::from_secs(2))
            .attempt_timeout(Duration::from_secs(1))
            .max_attempts(1);
        let over = options.effective(&config).unwrap();
        assert_eq!(
            (over.operation_timeout, over.attempt_timeout, over.max_attempts),
            (Some(Duration::from_secs(2)), Duration::from_secs(1), 1)
        );
        assert_eq!(Config::default().operation_timeout(), None);
    }

    #[test]
    fn zero_overrides_are_refused() {
        let config = Config::default();
        for (options, text) in [
            (CallOptions::new().timeout(Duration::ZERO), "operation timeout"),
            (CallOptions::new().attempt_timeout(Duration::ZERO), "attempt timeout"),
            (CallOptions::new().max_attempts(0), "max attempts"),
        ] {
            let err = options.effective(&config).unwrap_err();
            assert_eq!(err.to_string(), format!("{text} must be greater than zero"));
        }
    }
}
