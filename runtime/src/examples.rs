//! The checks behind the generated example tests: every documented example request decodes
//! into its request struct, passes the documented checks (or, when the page's example leaves
//! out a required parameter, fails them with exactly that) and encodes back to the same JSON;
//! every example response decodes and encodes back without losing a documented field.
//!
//! Generated modules hold one test per example, each a single call of these with the
//! example's text, so the per-operation test code is one line and the logic is here, once.
//! They return the mismatch as text; a `#[test]` returning `Result` fails with it.

use crate::json::{JsonDecode, JsonEncode, from_json_value, to_json_value};
use crate::operation::Request;
use crate::validation::{Violation, json_equivalent};
use serde_json::Value;

/// Checks a documented example request against `R`. `omits_required` names the required
/// parameters the page's example leaves out (empty when it is complete): validation must
/// then refuse it for a missing one of exactly those.
pub fn check_request_example<R: Request + JsonDecode>(json: &str, omits_required: &[&str]) -> Result<(), String> {
    let documented = parse(json)?;
    let request: R = from_json_value(&documented).map_err(|err| format!("the example does not fit the request struct: {err}"))?;
    match request.check() {
        Ok(()) if omits_required.is_empty() => {}
        Err(err) if err.violation == Violation::Missing && omits_required.contains(&err.field.as_str()) => {}
        outcome => {
            return Err(format!(
                "validation gave {outcome:?}; expected {}",
                if omits_required.is_empty() {
                    "Ok(())".to_owned()
                } else {
                    format!("a missing parameter of {omits_required:?}")
                }
            ));
        }
    }
    round_trip(&request, &documented)
}

/// Checks a documented example response (its success object) against `R`.
pub fn check_response_example<R: JsonDecode + JsonEncode>(json: &str) -> Result<(), String> {
    let documented = parse(json)?;
    let response: R = from_json_value(&documented).map_err(|err| format!("the example does not fit the response struct: {err}"))?;
    round_trip(&response, &documented)
}

fn parse(json: &str) -> Result<Value, String> {
    serde_json::from_str(json).map_err(|err| format!("the example is not JSON: {err}"))
}

fn round_trip<T: JsonEncode>(value: &T, documented: &Value) -> Result<(), String> {
    let serialised = to_json_value(value).map_err(|err| format!("does not serialise: {err}"))?;
    if json_equivalent(&serialised, documented) {
        Ok(())
    } else {
        Err(format!("{serialised} != {documented}"))
    }
}
