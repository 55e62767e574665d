//! Paginators: every page of a paged operation as a `Stream`, from the operation's paging data
//! ([`Paging`], emitted by the generator into [`OperationInfo::paging`]) alone, so a generated
//! operation needs no code of its own besides the one method that makes its [`Paginator`].
//!
//! Two layers:
//!
//! * [`PageCursor`]: the scheme's rules as a pure state machine over the request's JSON
//!   encoding and each answer's success object: which request asks for the next page, and
//!   when the listing ends. No I/O, so every rule is a table test; the CLI's `--pager` drives
//!   it directly.
//! * [`Paginator`]: sends each page's request through the normal [`Client`] call path
//!   ([`Client::call_with`]), after the checks of what it pages: a typed request's own
//!   ([`Paginator::for_request`], as `send()`), or those of [`Client::call_json`] for JSON
//!   ([`Paginator::new`]). Signing, retries, the operation timeout of [`CallOptions`] and the
//!   documented rate limit apply to every page.
//!   [`Paginator::send`] is a stream of typed pages, [`Paginator::items`] a stream of the
//!   pages' items.
//!
//! When a listing ends, by scheme:
//!
//! | scheme | next page | the listing ends when |
//! |---|---|---|
//! | `PageNumber` | `PageNumber` + 1 (from the request's, else 1) | a page has no items, or the pages so far cover `TotalCount` (page number × the most items a page has had) |
//! | `Offset` | `Offset` + the items of this page (from the request's, else 0) | a page has no items, or the new offset reaches `TotalCount` |
//! | `NextToken` | the answer's `NextToken` | the answer has no `NextToken`, or an empty one |
//! | `Marker` | the answer's `Marker` | `IsTruncated` is false, or the answer has no `Marker` (or an empty one) |
//!
//! A token or marker equal to the one just sent would ask for the same page forever: the
//! stream ends with [`Error::MalformedResponse`] instead of that page. A service whose tokens never end is bounded by
//! [`Paginator::page_limit`] (no limit by default: the stream is lazy, so a consumer that
//! stops reading stops the requests).
//!
//! The page size is left as the request sets it (unset: the cloud's documented default, as
//! with one call), so a paginator asks for exactly what the same call would; set it with
//! [`Paginator::page_size`] (e.g. to the documented maximum, for fewer calls). The page
//! number, offset or token of the request is where the listing starts.

use std::collections::VecDeque;
use std::marker::PhantomData;

use futures_util::stream::{self, Stream, StreamExt};
use serde_json::Value;

use crate::call_options::CallOptions;
use crate::client::Client;
use crate::error::Error;
use crate::json::{self, JsonDecode, JsonEncode, JsonPath};
use crate::response::snippet_of_value;
use crate::operation::Request;
use crate::service::{OperationError, OperationInfo, Paging, PagingScheme};
use crate::validation::{ValidationError, check_request_json};

/// The value at `path` (member names) under `value`; `None` when a member is missing or
/// `null`, or something on the way is not an object.
pub fn lookup<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut current = value;
    for name in path {
        current = current.as_object()?.get(*name)?;
    }
    (!current.is_null()).then_some(current)
}

/// The items of one page (the success object of one answer): the list at
/// [`Paging::items`]. A missing or `null` list is no items (services leave empty lists out);
/// anything else that is not a list is an error naming the path.
pub fn page_items<'v>(paging: &Paging, page: &'v Value) -> Result<&'v [Value], String> {
    match lookup(page, paging.items) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!(
            "`{}` should be the list of the page's items, found {}",
            paging.items.join("."),
            json::kind(other)
        )),
    }
}

/// A number the answer gives as a number or as its text (`"25"`).
fn count(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean the answer gives as a boolean or as its text (`"true"`).
fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A token or marker that asks for another page: present and not empty.
fn token(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !matches!(v, Value::String(s) if s.is_empty()))
}

/// The rules of one operation's paging scheme: the request of each next page, computed from
/// the request of the page before and its answer. See the [module docs](self) for when a
/// listing ends.
#[derive(Debug, Clone)]
pub struct PageCursor {
    paging: &'static Paging,
    /// The request of the next page; `None` once the listing has ended.
    next: Option<Value>,
    /// Pages read so far.
    pages: usize,
    limit: Option<usize>,
    /// The most items a page has had: the page size the service applies (`PageNumber`).
    widest: u64,
    /// The page limit ended a listing that had more pages.
    cut_short: bool,
}

impl PageCursor {
    /// A cursor whose first page is `request` (the request's JSON encoding, an object).
    pub fn new(paging: &'static Paging, request: Value) -> PageCursor {
        PageCursor { paging, next: Some(request), pages: 0, limit: None, widest: 0, cut_short: false }
    }

    /// At most `pages` pages (at least one).
    pub fn page_limit(mut self, pages: usize) -> PageCursor {
        self.limit = Some(pages.max(1));
        self
    }

    /// Sets the page size field of the request to `size`; without a page size field (the
    /// operation has none) the request is left as it is.
    pub fn page_size(mut self, size: u64) -> PageCursor {
        let size = self.number(size);
        if let (Some(field), Some(Value::Object(request))) = (self.paging.page_size, self.next.as_mut()) {
            request.insert(field.to_owned(), size);
        }
        self
    }

    pub fn paging(&self) -> &'static Paging {
        self.paging
    }

    /// The request of the next page, or `None` when the listing has ended.
    pub fn next_request(&self) -> Option<&Value> {
        self.next.as_ref()
    }

    /// Pages read so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Whether the page limit ended a listing the service said goes on.
    pub fn cut_short(&self) -> bool {
        self.cut_short
    }

    fn number(&self, n: u64) -> Value {
        if self.paging.numbers_as_strings { Value::String(n.to_string()) } else { Value::from(n) }
    }

    /// Reads `page`, the success object answered to [`PageCursor::next_request`], and decides
    /// the request of the page after it (or that the listing has ended). An error (a token
    /// that asks for the same page again, items that are not a list) ends the listing.
    pub fn advance(&mut self, page: &Value) -> Result<(), String> {
        let Some(sent) = self.next.take() else {
            return Ok(());
        };
        self.pages += 1;
        let paging = self.paging;
        let items = page_items(paging, page)?.len() as u64;
        let sent_cursor = sent.get(paging.cursor).filter(|v| !v.is_null());
        let next_cursor: Option<Value> = match paging.scheme {
            PagingScheme::PageNumber => {
                let current = count(sent_cursor).unwrap_or(1);
                self.widest = self.widest.max(items);
                let total = count(lookup(page, paging.total_count));
                let covered = total.is_some_and(|total| current.saturating_mul(self.widest) >= total);
                (items > 0 && !covered).then(|| self.number(current + 1))
            }
            PagingScheme::Offset => {
                let offset = count(sent_cursor).unwrap_or(0) + items;
                let covered = count(lookup(page, paging.total_count)).is_some_and(|total| offset >= total);
                (items > 0 && !covered).then(|| self.number(offset))
            }
            PagingScheme::NextToken | PagingScheme::Marker => {
                let truncated = flag(lookup(page, paging.is_truncated));
                match token(lookup(page, paging.next)) {
                    _ if truncated == Some(false) => None,
                    None => None,
                    Some(next) if Some(next) == sent_cursor => {
                        return Err(format!(
                            "the answer's `{}` is the one just sent ({next}): the same page would be asked for forever",
                            paging.next.join(".")
                        ));
                    }
                    Some(next) => Some(next.clone()),
                }
            }
        };
        let Some(next_cursor) = next_cursor else {
            return Ok(());
        };
        if self.limit.is_some_and(|limit| self.pages >= limit) {
            self.cut_short = true;
            return Ok(());
        }
        let mut request = sent;
        if let Value::Object(fields) = &mut request {
            fields.insert(paging.cursor.to_owned(), next_cursor);
        }
        self.next = Some(request);
        Ok(())
    }
}

/// Every page of one call of a paged operation, as a stream; see the [module docs](self).
///
/// ```ignore
/// use futures_util::StreamExt;
/// let mut pages = rt::Paginator::<DescribeInstancesResponse, DescribeInstancesError, Instance>::for_request(
///     client.runtime().clone(), &request, CallOptions::default()).send();
/// while let Some(page) = pages.next().await { let page = page?; /* ... */ }
/// ```
///
/// `Resp` is the operation's response type (a page), `E` its error enum, `Item` the type of
/// one element of a page's list (what [`Paginator::items`] yields; JSON when not named).
#[must_use = "a paginator does nothing until its stream is read"]
pub struct Paginator<Resp, E, Item = Value> {
    client: Client,
    op: &'static OperationInfo,
    /// The first page's request, or why there is none.
    request: Result<Value, Error<E>>,
    /// The checks each page's request passes before it is sent: the typed request's own
    /// ([`Paginator::for_request`]), or the operation's strict ones for JSON written by hand
    /// ([`Paginator::new`], as [`Client::call_json`]).
    check: fn(&Value) -> Result<(), ValidationError>,
    options: CallOptions,
    limit: Option<usize>,
    page_size: Option<u64>,
    _types: PhantomData<fn() -> (Resp, Item)>,
}

impl<Resp, E, Item> std::fmt::Debug for Paginator<Resp, E, Item> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &self.op.action)
            .field("paging", &self.op.paging)
            .field("page_limit", &self.limit)
            .field("page_size", &self.page_size)
            .finish_non_exhaustive()
    }
}

impl<Resp, E, Item> Paginator<Resp, E, Item>
where
    Resp: JsonDecode + Send + 'static,
    E: OperationError,
    Item: JsonDecode + Send + 'static,
{
    /// The pages of `op` called with `request` (its JSON encoding is the first page's
    /// request) and `options` (per page). An operation without paging data
    /// ([`OperationInfo::paging`] is `None`) ends the stream with [`Error::Paging`] before
    /// anything is sent.
    ///
    /// Each page's request is checked as [`Client::call_json`] checks parameters written by
    /// hand: decoded strictly (a member no field names, or a value outside an enum's
    /// documented list, is refused), then the operation's documented rules. For a typed
    /// request, [`Paginator::for_request`] checks what `send()` checks.
    pub fn new<Req: JsonEncode + ?Sized>(client: Client, op: &'static OperationInfo, request: &Req, options: CallOptions) -> Self {
        Self::with_check(client, op, request, op.validate_json, options)
    }

    /// The pages of `request`'s operation ([`Request::OPERATION`]), each page's request
    /// checked as the typed request `send()` sends (its documented rules, [`Request::check`]):
    /// a value the caller chose from outside an enum's documented list (`Unknown(..)`) is
    /// sent on every page, as `send()` sends it. What generated `into_paginator()`s use.
    pub fn for_request<Req: Request + JsonDecode>(client: Client, request: &Req, options: CallOptions) -> Self {
        Self::with_check(client, Req::OPERATION, request, check_request_json::<Req>, options)
    }

    fn with_check<Req: JsonEncode + ?Sized>(
        client: Client,
        op: &'static OperationInfo,
        request: &Req,
        check: fn(&Value) -> Result<(), ValidationError>,
        options: CallOptions,
    ) -> Self {
        // Every page's checks see the region parameter the client fills on the wire.
        let request = json::to_json_value(request).map(|mut request| {
            op.fill_region(&mut request, client.config().region());
            request
        });
        let request = request.map_err(Error::Serialize);
        Paginator { client, op, request, check, options, limit: None, page_size: None, _types: PhantomData }
    }

    /// At most `pages` pages (at least one): the stream ends after them without asking for
    /// more, as `take(pages)` would. Bounds a service whose tokens never end.
    pub fn page_limit(mut self, pages: usize) -> Self {
        self.limit = Some(pages.max(1));
        self
    }

    /// Asks for `size` items per page: sets the operation's page size field (`PageSize`,
    /// `Limit`, `MaxResults`, `MaxItems`), which the operation's documented range checks.
    pub fn page_size(mut self, size: u64) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Every page's success object as JSON, in order; the first error ends the stream.
    pub fn send_json(self) -> impl Stream<Item = Result<Value, Error<E>>> + Send + 'static {
        let Paginator { client, op, request, check, options, limit, page_size, .. } = self;
        let start = request.and_then(|request| {
            let paging = op.paging.ok_or_else(|| Error::Paging {
                action: op.action,
                reason: "the operation has no paging data (it does not page)".to_owned(),
            })?;
            let mut cursor = PageCursor::new(paging, request);
            if let Some(limit) = limit {
                cursor = cursor.page_limit(limit);
            }
            if let Some(size) = page_size {
                cursor = cursor.page_size(size);
            }
            Ok(cursor)
        });
        let state = Some((client, options, start));
        stream::unfold(state, move |state| async move {
            let (client, options, cursor) = state?;
            let mut cursor = match cursor {
                Ok(cursor) => cursor,
                Err(err) => return Some((Err(err), None)),
            };
            let request = cursor.next_request()?.clone();
            if let Err(err) = check(&request) {
                return Some((Err(Error::Validation(err)), None));
            }
            let page = match client.call_with::<Value, Value, E>(op, &request, &options).await {
                Ok(page) => page,
                Err(err) => return Some((Err(err), None)),
            };
            if let Err(reason) = cursor.advance(&page) {
                return Some((Err(malformed(&page, reason)), None));
            }
            Some((Ok(page), Some((client, options, Ok(cursor)))))
        })
    }

    /// Every page as the operation's response type, in order; the first error (a failed
    /// call, an answer that does not decode) ends the stream.
    pub fn send(self) -> impl Stream<Item = Result<Resp, Error<E>>> + Send + 'static {
        self.send_json().map(|page| {
            let page = page?;
            Resp::decode_json(&page, &JsonPath::Root).map_err(|e| malformed(&page, format!("does not match the response type: {e}")))
        })
    }

    /// The items of every page, in order, each decoded as `Item` (the type of one element
    /// of the page's list, e.g. `DescribeInstancesInstance`); the first error ends the stream.
    pub fn items(self) -> impl Stream<Item = Result<Item, Error<E>>> + Send + 'static {
        let op = self.op;
        self.send_json().flat_map(move |page| {
            let decoded: VecDeque<Result<Item, Error<E>>> = match page {
                Err(err) => VecDeque::from([Err(err)]),
                Ok(page) => match decode_items::<Item, E>(op, &page) {
                    Ok(items) => items.into_iter().map(Ok).collect(),
                    Err(err) => VecDeque::from([Err(err)]),
                },
            };
            stream::iter(decoded)
        })
    }
}

fn decode_items<Item: JsonDecode, E>(op: &'static OperationInfo, page: &Value) -> Result<Vec<Item>, Error<E>> {
    let Some(paging) = op.paging else {
        return Ok(Vec::new());
    };
    let items = page_items(paging, page).map_err(|reason| malformed(page, reason))?;
    let path = paging.items.join(".");
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            Item::decode_json(item, &JsonPath::Root)
                .map_err(|e| malformed(page, format!("item {path}[{i}] does not match the item type: {e}")))
        })
        .collect()
}

/// A page that is not what the operation documents.
fn malformed<E>(page: &Value, reason: String) -> Error<E> {
    Error::MalformedResponse {
        status: 200,
        request_id: page.get("RequestId").and_then(Value::as_str).map(str::to_owned),
        reason,
        body: snippet_of_value(page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ALIBABA_PAGES: Paging = Paging {
        scheme: PagingScheme::PageNumber,
        cursor: "PageNumber",
        page_size: Some("PageSize"),
        numbers_as_strings: false,
        next: &[],
        total_count: &["TotalCount"],
        is_truncated: &[],
        items: &["Instances", "Instance"],
    };
    const TEXT_PAGES: Paging = Paging { numbers_as_strings: true, ..ALIBABA_PAGES };
    const TENCENT_OFFSET: Paging = Paging {
        scheme: PagingScheme::Offset,
        cursor: "Offset",
        page_size: Some("Limit"),
        numbers_as_strings: false,
        next: &[],
        total_count: &["TotalCount"],
        is_truncated: &[],
        items: &["InstanceSet"],
    };
    const TOKENS: Paging = Paging {
        scheme: PagingScheme::NextToken,
        cursor: "NextToken",
        page_size: Some("MaxResults"),
        numbers_as_strings: false,
        next: &["NextToken"],
        total_count: &[],
        is_truncated: &[],
        items: &["Instances", "Instance"],
    };
    const MARKERS: Paging = Paging {
        scheme: PagingScheme::Marker,
        cursor: "Marker",
        page_size: Some("MaxItems"),
        numbers_as_strings: false,
        next: &["Marker"],
        total_count: &[],
        is_truncated: &["IsTruncated"],
        items: &["Users", "User"],
    };

    fn alibaba_page(n: usize, total: u64) -> Value {
        json!({"Instances": {"Instance": vec![json!({}); n]}, "TotalCount": total, "RequestId": "r"})
    }

    /// Each row: the scheme, the first request, the answers in order, and the request each
    /// answer leads to (`None`: the listing ends).
    #[test]
    fn next_requests_by_scheme() {
        type Row = (&'static Paging, Value, Vec<(Value, Option<Value>)>);
        let rows: Vec<Row> = vec![
            // PageNumber: 25 items, 10 a page: pages 1, 2, 3.
            (
                &ALIBABA_PAGES,
                json!({"RegionId": "cn-hangzhou", "PageSize": 10}),
                vec![
                    (alibaba_page(10, 25), Some(json!({"RegionId": "cn-hangzhou", "PageSize": 10, "PageNumber": 2}))),
                    (alibaba_page(10, 25), Some(json!({"RegionId": "cn-hangzhou", "PageSize": 10, "PageNumber": 3}))),
                    (alibaba_page(5, 25), None),
                ],
            ),
            // Exactly two full pages: no third call.
            (&ALIBABA_PAGES, json!({}), vec![(alibaba_page(10, 20), Some(json!({"PageNumber": 2}))), (alibaba_page(10, 20), None)]),
            // A TotalCount that overstates: the empty page ends it.
            (&ALIBABA_PAGES, json!({"PageNumber": 4}), vec![(alibaba_page(10, 100), Some(json!({"PageNumber": 5}))), (alibaba_page(0, 100), None)]),
            // No TotalCount at all, an empty list left out of the answer.
            (
                &ALIBABA_PAGES,
                json!({}),
                vec![(json!({"Instances": {"Instance": [1, 2]}}), Some(json!({"PageNumber": 2}))), (json!({"RequestId": "r"}), None)],
            ),
            // Numbers documented as strings stay strings; a TotalCount sent as text counts.
            (
                &TEXT_PAGES,
                json!({"PageNumber": "1"}),
                vec![
                    (json!({"Instances": {"Instance": [1]}, "TotalCount": "2"}), Some(json!({"PageNumber": "2"}))),
                    (json!({"Instances": {"Instance": [1]}, "TotalCount": "2"}), None),
                ],
            ),
            // Offset: the offset moves by the items received (a service may cap Limit).
            (
                &TENCENT_OFFSET,
                json!({"Limit": 100}),
                vec![
                    (json!({"InstanceSet": vec![0; 20], "TotalCount": 45}), Some(json!({"Limit": 100, "Offset": 20}))),
                    (json!({"InstanceSet": vec![0; 20], "TotalCount": 45}), Some(json!({"Limit": 100, "Offset": 40}))),
                    (json!({"InstanceSet": vec![0; 5], "TotalCount": 45}), None),
                ],
            ),
            (&TENCENT_OFFSET, json!({"Offset": 40}), vec![(json!({"InstanceSet": [], "TotalCount": 45}), None)]),
            // NextToken: until there is none; an empty one ends it too.
            (
                &TOKENS,
                json!({"MaxResults": 2, "PageNumber": 1}),
                vec![
                    (json!({"NextToken": "t1", "Instances": {"Instance": [1, 2]}}), Some(json!({"MaxResults": 2, "PageNumber": 1, "NextToken": "t1"}))),
                    (json!({"NextToken": "t2", "Instances": {"Instance": []}}), Some(json!({"MaxResults": 2, "PageNumber": 1, "NextToken": "t2"}))),
                    (json!({"NextToken": "", "Instances": {"Instance": [3]}}), None),
                ],
            ),
            (&TOKENS, json!({}), vec![(json!({"Instances": {"Instance": [1]}}), None)]),
            // Marker: while IsTruncated.
            (
                &MARKERS,
                json!({"MaxItems": 1}),
                vec![
                    (json!({"IsTruncated": true, "Marker": "m1", "Users": {"User": [1]}}), Some(json!({"MaxItems": 1, "Marker": "m1"}))),
                    (json!({"IsTruncated": false, "Marker": "m2", "Users": {"User": [2]}}), None),
                ],
            ),
            (&MARKERS, json!({}), vec![(json!({"IsTruncated": "true", "Users": {"User": [1]}}), None)]),
        ];
        for (row, (paging, first, answers)) in rows.into_iter().enumerate() {
            let mut cursor = PageCursor::new(paging, first);
            for (page, (answer, expected)) in answers.into_iter().enumerate() {
                assert!(cursor.next_request().is_some(), "row {row} page {page}: ended early");
                cursor.advance(&answer).unwrap_or_else(|e| panic!("row {row} page {page}: {e}"));
                assert_eq!(cursor.next_request(), expected.as_ref(), "row {row} page {page}");
            }
            assert!(cursor.next_request().is_none(), "row {row}: more pages than answers");
            assert!(!cursor.cut_short());
        }
    }

    #[test]
    fn a_repeated_token_is_an_error_and_a_limit_cuts_short() {
        let mut cursor = PageCursor::new(&TOKENS, json!({"NextToken": "t1"}));
        let err = cursor.advance(&json!({"NextToken": "t1"})).unwrap_err();
        assert!(err.contains("the same page would be asked for forever"), "{err}");
        assert!(cursor.next_request().is_none());

        let mut cursor = PageCursor::new(&TOKENS, json!({})).page_limit(2).page_size(50);
        assert_eq!(cursor.next_request(), Some(&json!({"MaxResults": 50})));
        cursor.advance(&json!({"NextToken": "a"})).unwrap();
        cursor.advance(&json!({"NextToken": "b"})).unwrap();
        assert!(cursor.next_request().is_none());
        assert!(cursor.cut_short());
        assert_eq!(cursor.pages(), 2);

        let text = PageCursor::new(&TEXT_PAGES, json!({})).page_size(20);
        assert_eq!(text.next_request(), Some(&json!({"PageSize": "20"})));

        let mut cursor = PageCursor::new(&ALIBABA_PAGES, json!({}));
        let err = cursor.advance(&json!({"Instances": {"Instance": {"Id": 1}}})).unwrap_err();
        assert_eq!(err, "`Instances.Instance` should be the list of the page's items, found an object");
    }
}
