//! The protocol seam: what a service declares in `specs/<cloud>/common.yaml` (`signing:` and
//! `envelope:`, emitted into [`ServiceInfo::signing`] and [`ServiceInfo::envelope`]) picks the
//! code that signs, shapes and reads its calls. One module per scheme and per envelope:
//!
//! - signers ([`Signing`]): [`tc3`] (`TC3-HMAC-SHA256`), [`acs3`] (`ACS3-HMAC-SHA256`). Each
//!   has a pure signer over [`RequestParts`](crate::signing::RequestParts) and a per-client
//!   state that adds the scheme's headers to a request; both run the same routine.
//! - envelopes ([`Envelope`]): [`tencent`] (`tencent_response`: JSON body, `{"Response": ..}`),
//!   [`alibaba_rpc`] (`alibaba_rpc`: flattened query, bare object, 4xx/5xx errors). Each
//!   encodes a request's parameters (the request shape) and reads the answer.
//!
//! Dispatch is a `match` on the two enums here, and nowhere else: static, no allocation and no
//! trait object on the per-call path. Adding a scheme is a module, a variant and one arm in
//! each dispatch below (plus the generator's mapping from the YAML value); the client,
//! [`crate::request::Signer`] and [`crate::response`] do not change. The schemes do not know
//! which envelope they sign for (the envelope hands them its `Content-Type`), so any pairing
//! is well defined; the pairs the two clouds use are the ones checked against recordings.
//!
//! Only [`Cloud`](crate::Cloud) is not a protocol matter: it picks credentials sources and
//! endpoint domain conventions ([`crate::credentials`], [`crate::endpoint`]).
//!
//! [`ServiceInfo::signing`]: crate::ServiceInfo::signing
//! [`ServiceInfo::envelope`]: crate::ServiceInfo::envelope

pub mod acs3;
pub mod alibaba_rpc;
pub mod tc3;
pub mod tencent;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::credentials::Credentials;
use crate::error::{Error, GenericError};
use crate::json::JsonEncode;
use crate::request::{InvalidHeader, Payload};
use crate::response::{RawResponse, Success};
use crate::service::{Envelope, ServiceInfo, Signing};
use crate::signing::Signature;

/// The HTTP method of every call: both API styles POST.
pub(crate) const METHOD: &str = "POST";

/// What a client's signer is built from, once per client.
pub(crate) struct Setup<'a> {
    pub service: &'static ServiceInfo,
    pub credentials: &'a Credentials,
    pub region: Option<&'a str>,
    pub language: Option<&'a str>,
    /// The `Host` header value.
    pub host: &'a str,
    /// The URL path every request of the client goes to.
    pub path: &'a str,
    /// The envelope's `Content-Type` (`None` when the body is empty), to sign.
    pub content_type: Option<&'static str>,
}

/// What varies per attempt.
pub(crate) struct Attempt<'a> {
    pub service: &'static ServiceInfo,
    pub credentials: &'a Credentials,
    pub host: &'a str,
    pub path: &'a str,
    pub action: &'static str,
    /// Wire query without `?`.
    pub query: &'a str,
    pub body: &'a [u8],
    /// Unix seconds.
    pub timestamp: i64,
    /// ACS3's `x-acs-signature-nonce` (empty for schemes without one).
    pub nonce: &'a str,
}

/// A per-attempt nonce on the stack: empty for schemes that sign none.
#[derive(Clone, Copy)]
pub struct Nonce {
    digits: [u8; 32],
    len: u8,
}

impl Nonce {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl Signing {
    /// A fresh nonce for one attempt (ACS3's `x-acs-signature-nonce`; empty for TC3).
    pub fn fresh_nonce(self) -> Nonce {
        match self {
            Signing::Tc3HmacSha256 => Nonce {
                digits: [0; 32],
                len: 0,
            },
            Signing::Acs3HmacSha256 => acs3::nonce(),
        }
    }
}

/// A client's per-scheme signing state.
pub(crate) enum SchemeSigner {
    /// Boxed: it holds the hash state of its canonical-request prefix (about 200 bytes).
    Tc3(Box<tc3::Tc3Signer>),
    Acs3(acs3::Acs3Signer),
}

impl SchemeSigner {
    /// The state of `setup.service`'s scheme; adds the scheme's constant headers to `base`.
    pub(crate) fn new(
        setup: &Setup<'_>,
        base: &mut HeaderMap,
    ) -> Result<SchemeSigner, InvalidHeader> {
        Ok(match setup.service.signing {
            Signing::Tc3HmacSha256 => SchemeSigner::Tc3(Box::new(tc3::Tc3Signer::new(setup, base)?)),
            Signing::Acs3HmacSha256 => SchemeSigner::Acs3(acs3::Acs3Signer::new(setup, base)?),
        })
    }

    /// TC3's unsigned-payload mode; other schemes have none.
    pub(crate) fn set_unsigned_payload(&mut self, on: bool, base: &mut HeaderMap) {
        match self {
            SchemeSigner::Tc3(tc3) => tc3.set_unsigned_payload(on, base),
            SchemeSigner::Acs3(_) => {}
        }
    }

    /// The headers [`SchemeSigner::sign`] adds to every attempt, in the order it adds them.
    pub(crate) fn attempt_headers(&self) -> Vec<HeaderName> {
        match self {
            SchemeSigner::Tc3(_) => tc3::attempt_headers(),
            SchemeSigner::Acs3(_) => acs3::attempt_headers(),
        }
    }

    /// Adds the per-attempt headers of an operation sent without a signature to `headers`
    /// (the client's base headers), and takes the session token's out of them.
    pub(crate) fn anonymous(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) -> Result<(), InvalidHeader> {
        match self {
            SchemeSigner::Tc3(tc3) => tc3.anonymous(attempt, headers),
            SchemeSigner::Acs3(acs3) => acs3.anonymous(attempt, headers),
        }
    }

    /// Adds the per-attempt headers, `Authorization` included, to `headers`.
    pub(crate) fn sign(
        &self,
        attempt: &Attempt<'_>,
        headers: &mut HeaderMap,
        trace: Option<&mut Signature>,
    ) -> Result<(), InvalidHeader> {
        match self {
            SchemeSigner::Tc3(tc3) => tc3.sign(attempt, headers, trace),
            SchemeSigner::Acs3(acs3) => acs3.sign(attempt, headers, trace),
        }
    }
}

impl Envelope {
    /// The request shape: `request`'s parameters as they travel.
    pub(crate) fn encode<R: JsonEncode + ?Sized>(
        self,
        request: &R,
    ) -> Result<Payload, serde_json::Error> {
        self.encode_filled(request, None)
    }

    /// [`Envelope::encode`], with `fill` (a parameter name and value) added when the request
    /// leaves that parameter unset. Only envelopes that carry the region as a parameter fill
    /// it: `tencent_response` sends the region in `X-TC-Region`, so it ignores `fill`
    /// (generated Tencent operations declare no region parameter).
    pub(crate) fn encode_filled<R: JsonEncode + ?Sized>(
        self,
        request: &R,
        fill: Option<(&str, &str)>,
    ) -> Result<Payload, serde_json::Error> {
        match self {
            Envelope::TencentResponse => tencent::tencent_body(request).map(Payload::Body),
            Envelope::AlibabaRpc => {
                alibaba_rpc::alibaba_query_filled(request, fill).map(Payload::Query)
            }
        }
    }

    /// The query parameters an operation sent without a signature adds, as the official SDKs
    /// add them: Alibaba RPC asks for JSON with `Format=json` (a signed call asks with its
    /// `Accept` header alone); Tencent adds none.
    pub(crate) fn anonymous_parameters(self) -> Option<&'static str> {
        match self {
            Envelope::TencentResponse => None,
            Envelope::AlibabaRpc => Some("Format=json"),
        }
    }

    /// The body's `Content-Type` (`None`: the body is empty).
    pub(crate) fn content_type(self) -> Option<&'static str> {
        match self {
            Envelope::TencentResponse => Some(tencent::CONTENT_TYPE),
            Envelope::AlibabaRpc => None,
        }
    }

    /// The headers every request of this shape carries (content type, accepted answer).
    pub(crate) fn fixed_headers(self) -> &'static [(HeaderName, &'static str)] {
        use reqwest::header::{ACCEPT, CONTENT_TYPE};
        match self {
            Envelope::TencentResponse => &[(CONTENT_TYPE, tencent::CONTENT_TYPE)],
            Envelope::AlibabaRpc => &[(ACCEPT, alibaba_rpc::ACCEPT)],
        }
    }

    /// Reads the envelope's usual answer straight from the body, without parsing it into a
    /// `serde_json::Value` first; `None` when the body is not in that shape, and
    /// [`Envelope::parse`] reads it.
    pub(crate) fn parse_usual(self, raw: &RawResponse) -> Option<Result<Success, Error<GenericError>>> {
        match self {
            Envelope::TencentResponse => tencent::parse_usual(raw),
            Envelope::AlibabaRpc => None,
        }
    }

    /// Reads an answer whose body parsed as JSON.
    pub(crate) fn parse(
        self,
        raw: &RawResponse,
        value: serde_json::Value,
    ) -> Result<Success, Error<GenericError>> {
        match self {
            Envelope::TencentResponse => tencent::parse(raw, value),
            Envelope::AlibabaRpc => alibaba_rpc::parse(raw, value),
        }
    }
}

/// What [`crate::mock`] needs of an envelope (feature `test-util`): a call's parameters as the
/// mock's rules see them, and answers in the envelope's wire form, which the client then
/// reads with [`Envelope::parse`] like any answer.
#[cfg(feature = "test-util")]
impl Envelope {
    /// The parameters of `request` as JSON with their wire names, as the request shape sends
    /// them (before Alibaba's flattening): the same encoder as [`Envelope::encode_filled`],
    /// so the same `fill` and the same errors.
    pub(crate) fn params_json<R: JsonEncode + ?Sized>(
        self,
        request: &R,
        fill: Option<(&str, &str)>,
    ) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            Envelope::TencentResponse => {
                serde_json::from_slice(&tencent::tencent_body(request)?)
            }
            Envelope::AlibabaRpc => {
                alibaba_rpc::params_object(request, fill).map(serde_json::Value::Object)
            }
        }
    }

    /// The body of a success answer whose success object is `output`; `request_id`, when
    /// given, is set where the envelope carries it.
    pub(crate) fn success_body(self, output: serde_json::Value, request_id: Option<&str>) -> Vec<u8> {
        match self {
            Envelope::TencentResponse => tencent::success_body(output, request_id),
            Envelope::AlibabaRpc => alibaba_rpc::success_body(output, request_id),
        }
    }

    /// The usual HTTP status and the body of an error answer with `code` and `message`.
    pub(crate) fn error_answer(self, code: &str, message: &str, request_id: Option<&str>) -> (u16, Vec<u8>) {
        match self {
            Envelope::TencentResponse => {
                (tencent::ERROR_STATUS, tencent::error_body(code, message, request_id))
            }
            Envelope::AlibabaRpc => {
                (alibaba_rpc::ERROR_STATUS, alibaba_rpc::error_body(code, message, request_id))
            }
        }
    }
}

/// A header value from configuration or service data, checked.
pub(crate) fn header_value(
    setting: &'static str,
    text: &str,
) -> Result<HeaderValue, InvalidHeader> {
    HeaderValue::from_str(text).map_err(|_| InvalidHeader { setting })
}

/// [`header_value`], marked sensitive (kept out of `Debug` and HTTP/2 header compression).
pub(crate) fn secret_value(
    setting: &'static str,
    text: &str,
) -> Result<HeaderValue, InvalidHeader> {
    let mut value = header_value(setting, text)?;
    value.set_sensitive(true);
    Ok(value)
}

/// An owned, sensitive header value (an `Authorization`), without copying it.
pub(crate) fn sensitive_value(
    setting: &'static str,
    text: String,
) -> Result<HeaderValue, InvalidHeader> {
    let mut value = HeaderValue::try_from(text).map_err(|_| InvalidHeader { setting })?;
    value.set_sensitive(true);
    Ok(value)
}

/// A header value of a `'static` string without copying it, checked first (`setting` names
/// it in the error, as for [`header_value`]).
pub(crate) fn static_value(
    setting: &'static str,
    text: &'static str,
) -> Result<HeaderValue, InvalidHeader> {
    // What `HeaderValue::from_static` accepts (it panics on anything else): visible ASCII,
    // spaces and tabs. Anything else goes through the checked constructor.
    let valid = |b: u8| (0x20..0x7f).contains(&b) || b == b'\t';
    if text.bytes().all(valid) {
        Ok(HeaderValue::from_static(text))
    } else {
        header_value(setting, text)
    }
}

#[cfg(test)]
mod tests {
    use super::alibaba_rpc::{alibaba_params, alibaba_query};
    use super::tencent::tencent_body;
    use crate::json::JsonEncode;
    use crate::json::ObjectWriter;

    struct Filter {
        name: String,
        values: Vec<String>,
    }

    impl JsonEncode for Filter {
        fn encode_json(&self, out: &mut Vec<u8>) {
            let mut object = ObjectWriter::new(out);
            object.member("Name", &self.name);
            object.member("Values", &self.values);
            object.finish();
        }
    }

    struct Request {
        instance_ids: Vec<String>,
        force: Option<bool>,
        dry_run: Option<bool>,
        filters: Vec<Filter>,
        limit: u32,
    }

    impl JsonEncode for Request {
        fn encode_json(&self, out: &mut Vec<u8>) {
            let mut object = ObjectWriter::new(out);
            object.member("InstanceIds", &self.instance_ids);
            object.field("Force", &self.force);
            object.field("DryRun", &self.dry_run);
            object.member("Filters", &self.filters);
            object.member("Limit", &self.limit);
            object.finish();
        }
    }

    fn sample() -> Request {
        Request {
            instance_ids: vec!["i-1".into(), "i 2".into()],
            force: Some(false),
            dry_run: None,
            filters: vec![Filter {
                name: "zone".into(),
                values: vec!["a*".into()],
            }],
            limit: 10,
        }
    }

    #[test]
    fn alibaba_flattening() {
        let pairs = alibaba_params(&sample()).unwrap();
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Filters.1.Name", "zone"),
                ("Filters.1.Values.1", "a*"),
                ("Force", "false"),
                ("InstanceIds.1", "i-1"),
                ("InstanceIds.2", "i 2"),
                ("Limit", "10"),
            ]
        );
        assert_eq!(
            alibaba_query(&sample()).unwrap(),
            "Filters.1.Name=zone&Filters.1.Values.1=a%2A&Force=false&InstanceIds.1=i-1&InstanceIds.2=i%202&Limit=10"
        );
        assert_eq!(alibaba_query(&()).unwrap(), "");
        assert!(alibaba_query(&vec![1, 2]).is_err());
    }

    #[test]
    fn alibaba_region_parameter_is_filled_only_when_unset() {
        use super::alibaba_rpc::alibaba_query_filled;
        let fill = Some(("RegionId", "cn-shanghai"));
        let query = |v: serde_json::Value| alibaba_query_filled(&v, fill).unwrap();
        assert_eq!(query(serde_json::json!({"A": 1})), "A=1&RegionId=cn-shanghai");
        assert_eq!(query(serde_json::json!({"RegionId": null})), "RegionId=cn-shanghai");
        assert_eq!(query(serde_json::json!({"RegionId": "cn-beijing"})), "RegionId=cn-beijing");
        assert_eq!(query(serde_json::Value::Null), "RegionId=cn-shanghai");
        assert_eq!(alibaba_query_filled(&(), fill).unwrap(), "RegionId=cn-shanghai");
        // Only the top level: a nested `RegionId` is another parameter.
        assert_eq!(
            query(serde_json::json!({"Tag": {"RegionId": "x"}})),
            "RegionId=cn-shanghai&Tag.RegionId=x"
        );
        assert!(alibaba_query_filled(&vec![1], fill).is_err());
        assert_eq!(alibaba_query_filled(&serde_json::json!({"A": 1}), None).unwrap(), "A=1");
    }

    #[test]
    fn tencent_body_is_the_json_object() {
        let body = tencent_body(&sample()).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"InstanceIds":["i-1","i 2"],"Force":false,"Filters":[{"Name":"zone","Values":["a*"]}],"Limit":10}"#
        );
        assert_eq!(tencent_body(&()).unwrap(), b"{}");
        assert!(tencent_body(&"x").is_err());
    }

    /// A service of one cloud that declares the other cloud's scheme is signed by the scheme
    /// it declares, and shaped by the envelope it declares: nothing follows `cloud`.
    #[test]
    fn the_declared_scheme_and_envelope_decide_not_the_cloud() {
        use crate::request::{Payload, Signer};
        use crate::credentials::Credentials;
        use crate::service::{Cloud, Endpoints, Envelope, OperationInfo, ServiceInfo, Signing};
        static ODD: ServiceInfo = ServiceInfo {
            cloud: Cloud::Tencent,
            name: "odd",
            version: "2020-01-01",
            endpoints: Endpoints {
                default: "odd.example",
                intl: None,
                regional: None,
                finance: None,
                finance_regions: &[],
            },
            signing: Signing::Acs3HmacSha256,
            envelope: Envelope::TencentResponse,
        };
        static OP: OperationInfo = OperationInfo {
            service: &ODD,
            action: "Do",
            rate_limit_per_second: None,
            region_parameter: None,
            validate_json: crate::validation::accept_any_json,
            anonymous: false,
            paging: None,
        };
        let signer = Signer::new(
            &ODD,
            Credentials::new("id", "secret"),
            Some("r"),
            None,
            "odd.example",
            "/",
        )
        .unwrap();
        let payload = Payload::new(ODD.envelope, &serde_json::json!({"A": 1})).unwrap();
        assert_eq!(payload, Payload::Body(br#"{"A":1}"#.to_vec()));
        let nonce = Signer::nonce(&OP);
        assert_eq!(nonce.as_str().len(), 32);
        let (headers, signature) = signer
            .sign_traced(&OP, payload.query(), payload.body(), 0, nonce.as_str())
            .unwrap();
        assert!(signature.authorization.starts_with("ACS3-HMAC-SHA256 Credential=id,"));
        assert_eq!(
            signature.signed_headers,
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;\
             x-acs-signature-nonce;x-acs-version"
        );
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["authorization"], signature.authorization.as_str());
        assert!(!headers.contains_key("x-tc-action") && !headers.contains_key("accept"));
        let plain = signer
            .sign(&OP, payload.query(), payload.body(), 0, nonce.as_str())
            .unwrap();
        assert_eq!(plain, headers);
    }
}
