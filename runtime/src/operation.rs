//! The trait every generated request implements, so that one generic method sends any of
//! them ([`crate::Client::send`], and each service client's `send`): the per-operation code
//! is a table of associated items, and the call itself is compiled only where it is used.

use crate::call_options::CallOptions;
use crate::client::Client;
use crate::error::Error;
use crate::json::{JsonDecode, JsonEncode};
use crate::service::{OperationError, OperationInfo};
use crate::validation::ValidationError;

/// A request of one operation: what it is called, what it answers and how it fails.
/// Implemented by generated code (`CancelInvocationRequest` for `CancelInvocation`).
pub trait Request: JsonEncode + Sync {
    /// The typed success answer.
    type Response: JsonDecode;
    /// The operation's error enum.
    type Error: OperationError;
    /// The generated service client that sends it, so that a request of one service cannot
    /// be given to another service's client.
    type Client;
    /// The operation this is a request of.
    const OPERATION: &'static OperationInfo;
    /// The documented checks, run before anything is sent.
    fn check(&self) -> Result<(), ValidationError>;
}

impl Client {
    /// Validates and sends `request` with `options` (the client's settings where an option
    /// is unset): [`Client::call_with`] for a typed request.
    pub async fn send<R: Request>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error<R::Error>> {
        request.check()?;
        self.call_with(R::OPERATION, request, options).await
    }
}

/// Sends a fluent call's request, owning what it sends: the future of a generated call's
/// `send`, written once here rather than as an `async fn` in every operation's code.
#[doc(hidden)]
pub async fn send_call<R: Request>(
    client: Client,
    request: R,
    options: CallOptions,
) -> Result<R::Response, Error<R::Error>> {
    client.send(&request, &options).await
}

/// Fills a request's region parameter (Alibaba RPC's `RegionId`) from the client's region when
/// the caller left it unset, before the request is checked: a fluent call on a client made for
/// `cn-hangzhou` need not repeat the region, and a documented required `RegionId` is then set.
#[doc(hidden)]
pub fn fill_region(slot: &mut Option<String>, client: &Client) {
    if slot.is_none() {
        *slot = client.config().region().map(str::to_owned);
    }
}
