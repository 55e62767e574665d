//! Client-side validation errors and the small, non-generic checks that generated `validate()`
//! methods reach through the rows of `rt::checks!` (`items::check`: one shared copy here
//! instead of one expansion per field).

use std::fmt;

/// A request that breaks a documented rule; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Wire name of the field, with the path of enclosing fields (`Filters.Values`).
    pub field: String,
    pub violation: Violation,
    /// The documentation sentence the rule comes from (empty when the rule is structural).
    pub source: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// A required field is not set.
    Missing,
    /// An array has more items than allowed.
    TooManyItems { max: u64, actual: usize },
    /// An array has fewer items than required.
    TooFewItems { min: u64, actual: usize },
    /// A string is longer than allowed (in characters).
    TooLong { max: u64, actual: usize },
    /// A string is shorter than required (in characters).
    TooShort { min: u64, actual: usize },
    /// A number is outside its inclusive range.
    OutOfRange { min: Option<i64>, max: Option<i64>, actual: i64 },
    /// A value is not one of the documented values.
    NotOneOf { allowed: &'static [&'static str], actual: String },
    /// JSON parameters do not fit the request's fields and types.
    Malformed { message: String },
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.violation {
            Violation::Missing => write!(f, "`{field}` is required but not set")?,
            Violation::TooManyItems { max, actual } => {
                write!(f, "`{field}` has {actual} items, at most {max} are allowed")?
            }
            Violation::TooFewItems { min, actual } => {
                write!(f, "`{field}` has {actual} items, at least {min} are required")?
            }
            Violation::TooLong { max, actual } => {
                write!(f, "`{field}` is {actual} characters long, at most {max} are allowed")?
            }
            Violation::TooShort { min, actual } => {
                write!(f, "`{field}` is {actual} characters long, at least {min} are required")?
            }
            Violation::OutOfRange { min, max, actual } => {
                write!(f, "`{field}` is {actual}, ")?;
                match (min, max) {
                    (Some(lo), Some(hi)) => write!(f, "allowed range is {lo} to {hi}")?,
                    (Some(lo), None) => write!(f, "minimum is {lo}")?,
                    (None, Some(hi)) => write!(f, "maximum is {hi}")?,
                    (None, None) => write!(f, "out of range")?,
                }
            }
            Violation::NotOneOf { allowed, actual } => {
                write!(f, "`{field}` is {actual:?}, allowed values are {}", allowed.join(", "))?
            }
            Violation::Malformed { message } => write!(f, "parameters do not fit the request: {message}")?,
        }
        if !self.source.is_empty() {
            write!(f, " (documented: \"{}\")", self.source)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

impl ValidationError {
    /// Prefixes the field path with the enclosing field (`Values` -> `Filters.Values`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = format!("{parent}.{}", self.field);
        self
    }
}

/// The checks of a generated `validate()`, in order: the first failure is kept and returned by
/// [`Checks::finish`]. Each check is one call, not a `?`: the `?`'s desugaring (a `Try`
/// match, an early return) in every check of about 500 generated `validate`s, and a closure
/// per nested model, cost rustc a few per cent of the generated crate's build (BENCHMARKS.md,
/// stop 20). The checks after a failure still run (they are pure and cheap); the error is the
/// first one, as with `?`.
#[derive(Debug, Default)]
pub struct Checks {
    first: Option<ValidationError>,
}

impl Checks {
    #[inline]
    pub fn new() -> Checks {
        Checks::default()
    }

    /// One check's result.
    #[inline]
    pub fn add(&mut self, check: Result<(), ValidationError>) {
        if let (None, Err(err)) = (&self.first, check) {
            self.first = Some(err);
        }
    }

    /// The first failure, if any.
    #[inline]
    pub fn finish(self) -> Result<(), ValidationError> {
        match self.first {
            None => Ok(()),
            Some(err) => Err(err),
        }
    }
}

fn fail(field: &str, violation: Violation, source: &'static str) -> Result<(), ValidationError> {
    Err(ValidationError { field: field.to_owned(), violation, source })
}

/// Fails when a required field is `None`.
pub fn check_required<T>(value: &Option<T>, field: &str) -> Result<(), ValidationError> {
    match value {
        Some(_) => Ok(()),
        None => fail(field, Violation::Missing, ""),
    }
}

/// Array length bounds.
pub fn check_items<T>(
    value: &[T],
    field: &str,
    min: Option<u64>,
    max: Option<u64>,
    source: &'static str,
) -> Result<(), ValidationError> {
    let actual = value.len();
    if let Some(max) = max.filter(|&m| actual as u64 > m) {
        return fail(field, Violation::TooManyItems { max, actual }, source);
    }
    if let Some(min) = min.filter(|&m| (actual as u64) < m) {
        return fail(field, Violation::TooFewItems { min, actual }, source);
    }
    Ok(())
}

/// String length bounds, counted in characters.
pub fn check_length(
    value: &str,
    field: &str,
    min: Option<u64>,
    max: Option<u64>,
    source: &'static str,
) -> Result<(), ValidationError> {
    let actual = value.chars().count();
    if let Some(max) = max.filter(|&m| actual as u64 > m) {
        return fail(field, Violation::TooLong { max, actual }, source);
    }
    if let Some(min) = min.filter(|&m| (actual as u64) < m) {
        return fail(field, Violation::TooShort { min, actual }, source);
    }
    Ok(())
}

/// Inclusive numeric bounds.
pub fn check_range(
    value: i64,
    field: &str,
    min: Option<i64>,
    max: Option<i64>,
    source: &'static str,
) -> Result<(), ValidationError> {
    let below = min.is_some_and(|m| value < m);
    let above = max.is_some_and(|m| value > m);
    if below || above {
        return fail(field, Violation::OutOfRange { min, max, actual: value }, source);
    }
    Ok(())
}

/// Enumerated values.
pub fn check_one_of(
    value: &str,
    field: &str,
    allowed: &'static [&'static str],
    source: &'static str,
) -> Result<(), ValidationError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    fail(field, Violation::NotOneOf { allowed, actual: value.to_owned() }, source)
}

/// Decodes JSON parameters into the request type `T` and runs its `validate()`. Decoding is
/// strict: a parameter no field names (`instanceids` for `InstanceIds`) is an error naming the
/// closest known name, at any depth, since it would otherwise be sent unchecked. A misfit
/// names its path (`Filters[0].Values: expected an array, found a string`).
pub fn validate_json<T: crate::json::JsonDecode>(
    params: &serde_json::Value,
    validate: fn(&T) -> Result<(), ValidationError>,
) -> Result<(), ValidationError> {
    let request: T = crate::json::from_json_value_strict(params).map_err(malformed)?;
    validate(&request)
}

/// A decoding error of parameters as the check that failed.
fn malformed(err: crate::json::DecodeError) -> ValidationError {
    ValidationError { field: err.path.clone(), violation: Violation::Malformed { message: err.to_string() }, source: "" }
}

/// The checks of a typed request, run on its own JSON encoding: decoded back as answers are
/// (no member is unknown, since the request type wrote them; a value outside an enum's
/// documented list is that enum's `Unknown`, as the caller set it), then
/// [`crate::Request::check`]: what `send()` checks. A typed paginator runs it on each page's
/// request, whose paging members it sets itself ([`crate::Paginator::for_request`]).
pub fn check_request_json<T: crate::json::JsonDecode + crate::Request>(params: &serde_json::Value) -> Result<(), ValidationError> {
    let request: T = crate::json::from_json_value(params).map_err(malformed)?;
    request.check()
}

/// [`validate_json`] with the request type's own checks ([`crate::Request::check`]): what
/// generated `OperationInfo`s hold. Generic rather than a closure per operation, so the
/// decoder and checks of an operation are compiled only in a program that uses its
/// `OperationInfo::validate_json` (a closure in a constant is compiled into the generated
/// crate itself, for every operation).
pub fn validate_request_json<T: crate::json::JsonDecode + crate::Request>(
    params: &serde_json::Value,
) -> Result<(), ValidationError> {
    validate_json(params, T::check)
}

/// JSON equality as the wire means it: numbers equal by value (`1` and `1.0`), and a `null`
/// member the same as an absent one. The documented-example checks (`examples`) compare with it.
pub fn json_equivalent(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equivalent(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            let present = |m: &serde_json::Map<String, Value>| m.iter().filter(|(_, v)| !v.is_null()).count();
            present(x) == present(y)
                && x.iter().filter(|(_, v)| !v.is_null()).all(|(k, v)| y.get(k).is_some_and(|w| json_equivalent(v, w)))
        }
        _ => a == b,
    }
}

/// For operations described without a request type: accepts any parameters.
pub fn accept_any_json(_: &serde_json::Value) -> Result<(), ValidationError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_keep_the_first_failure_in_order_with_nested_paths() {
        let mut checks = Checks::new();
        checks.add(check_required(&Some(1), "Present"));
        assert!(Checks::new().finish().is_ok(), "no check, no failure");
        // A nested model's failure, then later failures: the first one is the answer.
        checks.add(check_required::<String>(&None, "Zone").map_err(|err| err.within("Placement")));
        checks.add(check_required::<String>(&None, "InstanceId"));
        checks.add(check_items(&[1, 2, 3], "Ids", None, Some(2), "At most 2."));
        let err = checks.finish().expect_err("failed");
        assert_eq!((err.field.as_str(), &err.violation), ("Placement.Zone", &Violation::Missing));
        let mut checks = Checks::new();
        checks.add(check_items(&[1, 2, 3], "Ids", None, Some(2), "At most 2."));
        checks.add(check_required::<String>(&None, "Zone").map_err(|err| err.within("Placement")));
        let err = checks.finish().expect_err("failed");
        assert_eq!(err.field, "Ids");
        assert_eq!(err.violation, Violation::TooManyItems { max: 2, actual: 3 });
    }

    #[test]
    fn items_cap_message_cites_the_page() {
        let ids = vec!["ins-1"; 101];
        let src = "A maximum of 100 IDs are allowed.";
        assert!(check_items(&ids[..100], "InstanceIds", None, Some(100), src).is_ok());
        let err = check_items(&ids, "InstanceIds", None, Some(100), src).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`InstanceIds` has 101 items, at most 100 are allowed (documented: \"A maximum of 100 IDs are allowed.\")"
        );
    }

    #[test]
    fn required_length_range_one_of() {
        assert_eq!(
            check_required::<String>(&None, "JobId").unwrap_err().to_string(),
            "`JobId` is required but not set"
        );
        assert!(check_length("héllo", "Name", Some(2), Some(5), "").is_ok());
        assert!(matches!(
            check_length("x", "Name", Some(2), None, "").unwrap_err().violation,
            Violation::TooShort { min: 2, actual: 1 }
        ));
        assert!(check_range(0, "Limit", Some(1), Some(100), "").is_err());
        assert!(check_range(100, "Limit", Some(1), Some(100), "").is_ok());
        assert!(check_one_of("b", "Mode", &["a", "b"], "").is_ok());
        assert_eq!(
            check_one_of("c", "Mode", &["a", "b"], "").unwrap_err().to_string(),
            "`Mode` is \"c\", allowed values are a, b"
        );
    }
}
