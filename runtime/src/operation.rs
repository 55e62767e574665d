//! The trait every generated request implements, so that one generic method sends any of
//! them ([`crate::Client::send`], and each service client's `send`): the per-operation code
//! is a table of associated items, and the call itself is compiled only where it is used.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::call_options::CallOptions;
use crate::client::Client;
use crate::error::Error;
use crate::json::{JsonDecode, JsonEncode};
use crate::service::{OperationError, OperationInfo};
use crate::validation::ValidationError;

/// A request of one operation: what it is called, what it answers and how it fails.
/// Implemented by generated code (`CancelInvocationRequest` for `CancelInvocation`).
pub trait Request: JsonEncode + JsonDecode + Sync {
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
    /// is unset): [`Client::call_with`] for a typed request. A region parameter the request
    /// leaves unset is the client's region ([`OperationInfo::region_parameter`]), also for
    /// the checks: a documented required `RegionId` need not be set by hand.
    pub async fn send<R: Request>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<R::Response, Error<R::Error>> {
        let op = R::OPERATION;
        match request.check() {
            Ok(()) => {}
            // A documented required region parameter left unset is the client's region on the
            // wire (`Payload::for_call`): check the request as it will be sent.
            Err(err) if op.is_unset_region(&err) && self.config().region().is_some() => {
                let mut params = crate::json::to_json_value(request).map_err(Error::Serialize)?;
                op.fill_region(&mut params, self.config().region());
                crate::validation::check_request_json::<R>(&params)?;
            }
            Err(err) => return Err(err.into()),
        }
        self.call_with(op, request, options).await
    }
}

/// What awaiting a [`Request`] gives: its response or the error of its operation.
pub type CallResult<R> = Result<<R as Request>::Response, Error<<R as Request>::Error>>;

/// The future of a generated fluent call's `send()`: the call's request sent by its client
/// with its options, owning all three (so it is `Send` and `'static`, and can be spawned).
///
/// A named type, so that each operation's `send` is a plain function returning it: an
/// `async fn` or an `impl Future` there costs rustc a state machine or an opaque type to
/// infer per operation (together about a tenth of the generated crate's build). The call's
/// future is boxed once per call (beside a network round trip).
#[must_use = "a call does nothing until its future is awaited"]
pub struct CallFuture<R: Request> {
    sending: Pin<Box<dyn Future<Output = CallResult<R>> + Send>>,
}

impl<R: Request> fmt::Debug for CallFuture<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").field("operation", &R::OPERATION.action).finish_non_exhaustive()
    }
}

impl<R: Request> Future for CallFuture<R> {
    type Output = CallResult<R>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.sending.as_mut().poll(cx)
    }
}

/// Sends `request` with `client` and `options` ([`Client::send`]), as the future a
/// generated call's `send()` returns.
#[doc(hidden)]
pub fn send_call<R>(client: Client, request: R, options: CallOptions) -> CallFuture<R>
where
    R: Request + Send + 'static,
    R::Response: Send,
    R::Error: Send,
{
    CallFuture { sending: Box::pin(async move { client.send(&request, &options).await }) }
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
