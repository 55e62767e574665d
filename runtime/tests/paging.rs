//! Paginators against the loopback mock cloud (`cloudpage-testkit`), one listing per scheme
//! with scripted multi-page answers: several pages, an empty last page, a `NextToken` that
//! never ends (bounded by the page limit), the rate limit applied to every page, the checks
//! run on every page, and an error on page 2 ending the stream.

mod common;

use std::time::Duration;

use cloudpage_runtime::json::{DecodeError, JsonDecode, JsonPath, ObjectReader};
use cloudpage_runtime::validation::{ValidationError, Violation, check_range};
use cloudpage_runtime::{
    CallOptions, Client, Config, Credentials, Error, OperationInfo, Paginator, Paging, PagingScheme, ServiceInfo,
};
use cloudpage_testkit::mock_cloud::{ALI_ID, ALI_SECRET, Answer, MockCloud, TC_ID, TC_SECRET};
use common::{SMC, TAT, TestError};
use futures_util::StreamExt;
use serde_json::{Value, json};

const CVM: ServiceInfo = ServiceInfo { name: "cvm", version: "2017-03-12", ..TAT };
const ECS: ServiceInfo = ServiceInfo { name: "ecs", version: "2014-05-26", ..SMC };
const RAM: ServiceInfo = ServiceInfo { name: "ram", version: "2015-05-01", ..SMC };

/// Tencent CVM `DescribeInstances`, as generated: `Offset`/`Limit` with `TotalCount`.
const CVM_DESCRIBE_INSTANCES: OperationInfo = OperationInfo {
    service: &CVM,
    action: "DescribeInstances",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
    anonymous: false,
    paging: Some(&Paging {
        scheme: PagingScheme::Offset,
        cursor: "Offset",
        page_size: Some("Limit"),
        numbers_as_strings: false,
        next: &[],
        total_count: &["TotalCount"],
        is_truncated: &[],
        items: &["InstanceSet"],
    }),
};

/// Alibaba ECS `DescribeInstances` read by `PageNumber`/`PageSize` with `TotalCount`.
const ECS_BY_PAGE: Paging = Paging {
    scheme: PagingScheme::PageNumber,
    cursor: "PageNumber",
    page_size: Some("PageSize"),
    numbers_as_strings: false,
    next: &[],
    total_count: &["TotalCount"],
    is_truncated: &[],
    items: &["Instances", "Instance"],
};

/// Alibaba ECS `DescribeInstances` as generated: `NextToken`/`MaxResults`.
const ECS_BY_TOKEN: Paging = Paging {
    scheme: PagingScheme::NextToken,
    cursor: "NextToken",
    page_size: Some("MaxResults"),
    numbers_as_strings: false,
    next: &["NextToken"],
    total_count: &[],
    is_truncated: &[],
    items: &["Instances", "Instance"],
};

fn ecs_op(paging: &'static Paging, rate_limit: Option<u32>) -> &'static OperationInfo {
    Box::leak(Box::new(OperationInfo {
        service: &ECS,
        action: "DescribeInstances",
        rate_limit_per_second: rate_limit,
        region_parameter: Some("RegionId"),
        validate_json: cloudpage_runtime::validation::accept_any_json,
        anonymous: false,
        paging: Some(paging),
    }))
}

/// Alibaba RAM `ListUsers`: `Marker`/`MaxItems` with `IsTruncated`.
const RAM_LIST_USERS: OperationInfo = OperationInfo {
    service: &RAM,
    action: "ListUsers",
    rate_limit_per_second: None,
    region_parameter: None,
    validate_json: cloudpage_runtime::validation::accept_any_json,
    anonymous: false,
    paging: Some(&Paging {
        scheme: PagingScheme::Marker,
        cursor: "Marker",
        page_size: Some("MaxItems"),
        numbers_as_strings: false,
        next: &["Marker"],
        total_count: &[],
        is_truncated: &["IsTruncated"],
        items: &["Users", "User"],
    }),
};

fn client(service: &'static ServiceInfo, mock: &MockCloud) -> Client {
    let credentials = match service.cloud {
        cloudpage_runtime::Cloud::Tencent => Credentials::new(TC_ID, TC_SECRET),
        cloudpage_runtime::Cloud::Alibaba => Credentials::new(ALI_ID, ALI_SECRET),
    };
    let config = Config::builder()
        .endpoint(mock.url())
        .region("cn-hangzhou")
        .credentials(credentials)
        .max_attempts(1)
        .attempt_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    Client::new(service, config).unwrap()
}

/// A request parameter as a number: Tencent sends JSON numbers, Alibaba query text.
fn number(params: &Value, name: &str) -> Option<u64> {
    match params.get(name)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn ids(range: std::ops::Range<u64>) -> Vec<Value> {
    range.map(|i| json!({"InstanceId": format!("ins-{i:03}")})).collect()
}

/// One item, typed as a generated struct would be.
#[derive(Debug, PartialEq)]
struct Instance {
    instance_id: String,
}

impl JsonDecode for Instance {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let object = ObjectReader::new(value, path)?;
        Ok(Instance { instance_id: object.required("InstanceId")? })
    }
}

/// A page, typed as a generated response would be.
#[derive(Debug)]
struct DescribeInstancesResponse {
    total_count: Option<u64>,
    instance_set: Option<Vec<Instance>>,
}

impl JsonDecode for DescribeInstancesResponse {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        let mut object = ObjectReader::new(value, path)?;
        let page = DescribeInstancesResponse { total_count: object.field("TotalCount"), instance_set: object.field("InstanceSet") };
        object.finish()?;
        Ok(page)
    }
}

/// The sent value of `name` in each request of `key`, in order.
fn sent(mock: &MockCloud, key: &str, name: &str) -> Vec<Option<String>> {
    mock.hits()
        .iter()
        .filter(|h| h.key == key)
        .map(|h| {
            if h.body.is_empty() {
                cloudpage_runtime::signing::parse_query(&h.query).into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
            } else {
                let body: Value = serde_json::from_slice(&h.body).unwrap();
                body.get(name).map(|v| v.to_string())
            }
        })
        .collect()
}

/// Tencent `Offset`/`Limit`: 45 instances, 20 a page; typed pages and typed items.
#[tokio::test]
async fn offset_pages_until_total_count() {
    let mock = MockCloud::start().await;
    let key = "tencent:cvm:DescribeInstances";
    mock.answer_with(key, |params| {
        let offset = number(params, "Offset").unwrap_or(0);
        let limit = number(params, "Limit").unwrap_or(20);
        let end = (offset + limit).min(45);
        Answer::Success(json!({"TotalCount": 45, "InstanceSet": ids(offset.min(end)..end)}))
    });
    let client = client(&CVM, &mock);
    let pages: Vec<DescribeInstancesResponse> =
        Paginator::<DescribeInstancesResponse, TestError>::new(client.clone(), &CVM_DESCRIBE_INSTANCES, &json!({}), CallOptions::default())
            .send()
            .map(|page| page.unwrap())
            .collect()
            .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.instance_set.as_ref().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [20, 20, 5]);
    assert!(pages.iter().all(|p| p.total_count == Some(45)));
    assert_eq!(sent(&mock, key, "Offset"), [None, Some("20".into()), Some("40".into())]);

    mock.reset();
    let items: Vec<Instance> = Paginator::<Value, TestError, Instance>::new(client, &CVM_DESCRIBE_INSTANCES, &json!({"Limit": 100}), CallOptions::default())
        .page_size(10)
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    // The paginator's page size replaces the request's (the reset mock answers `{}`: one
    // page without items, which ends the listing).
    assert!(items.is_empty());
    let answered = mock.hits();
    assert_eq!(answered.len(), 1);
    let body: Value = serde_json::from_slice(&answered[0].body).unwrap();
    assert_eq!(body, json!({"Limit": 10}));
}

/// A `TotalCount` that overstates what the pages hold: the empty last page ends the listing.
#[tokio::test]
async fn an_empty_last_page_ends_the_listing() {
    let mock = MockCloud::start().await;
    let key = "tencent:cvm:DescribeInstances";
    mock.answer_with(key, |params| {
        let offset = number(params, "Offset").unwrap_or(0);
        let end = (offset + 20).min(45);
        Answer::Success(json!({"TotalCount": 60, "InstanceSet": ids(offset.min(end)..end)}))
    });
    let items: Vec<Instance> = Paginator::<Value, TestError, Instance>::new(client(&CVM, &mock), &CVM_DESCRIBE_INSTANCES, &json!({}), CallOptions::default())
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    let expected: Vec<Instance> = (0..45).map(|i| Instance { instance_id: format!("ins-{i:03}") }).collect();
    assert_eq!(items, expected);
    assert_eq!(sent(&mock, key, "Offset"), [None, Some("20".into()), Some("40".into()), Some("45".into())]);
}

/// Alibaba `PageNumber`/`PageSize`: 25 instances, 10 a page, the page size set by the
/// paginator; the region filled in on every page.
#[tokio::test]
async fn page_numbers_until_total_count() {
    let mock = MockCloud::start().await;
    let key = "alibaba:ecs:DescribeInstances";
    mock.answer_with(key, |params| {
        let page = number(params, "PageNumber").unwrap_or(1);
        let size = number(params, "PageSize").unwrap_or(10);
        let start = ((page - 1) * size).min(25);
        let end = (start + size).min(25);
        Answer::Success(json!({
            "TotalCount": 25, "PageNumber": page, "PageSize": size,
            "Instances": {"Instance": ids(start..end)},
        }))
    });
    let op = ecs_op(&ECS_BY_PAGE, None);
    let items: Vec<Value> = Paginator::<Value, TestError>::new(client(&ECS, &mock), op, &json!({}), CallOptions::default())
        .page_size(10)
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(items, ids(0..25));
    assert_eq!(sent(&mock, key, "PageNumber"), [None, Some("2".into()), Some("3".into())]);
    assert_eq!(sent(&mock, key, "PageSize"), vec![Some("10".to_owned()); 3]);
    assert_eq!(sent(&mock, key, "RegionId"), vec![Some("cn-hangzhou".to_owned()); 3]);
}

/// Alibaba `NextToken`: two pages, then no token; and a service whose tokens never end,
/// bounded by the page limit.
#[tokio::test]
async fn next_tokens_until_none_and_a_page_limit_bounds_endless_tokens() {
    let mock = MockCloud::start().await;
    let key = "alibaba:ecs:DescribeInstances";
    mock.answer_with(key, |params| {
        let page = params.get("NextToken").and_then(Value::as_str).map_or(0, |t| t.trim_start_matches('t').parse::<u64>().unwrap());
        let next = if page < 2 { json!(format!("t{}", page + 1)) } else { Value::Null };
        Answer::Success(json!({"NextToken": next, "Instances": {"Instance": ids(page * 3..page * 3 + 3)}}))
    });
    let op = ecs_op(&ECS_BY_TOKEN, None);
    let client = client(&ECS, &mock);
    let items: Vec<Value> = Paginator::<Value, TestError>::new(client.clone(), op, &json!({"MaxResults": 3}), CallOptions::default())
        .items()
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(items, ids(0..9));
    assert_eq!(sent(&mock, key, "NextToken"), [None, Some("t1".into()), Some("t2".into())]);

    mock.reset();
    mock.answer_with(key, |params| {
        let page = params.get("NextToken").and_then(Value::as_str).map_or(0, |t| t.trim_start_matches('t').parse::<u64>().unwrap());
        Answer::Success(json!({"NextToken": format!("t{}", page + 1), "Instances": {"Instance": ids(page..page + 1)}}))
    });
    let pages: Vec<Value> = Paginator::<Value, TestError>::new(client.clone(), op, &json!({}), CallOptions::default())
        .page_limit(5)
        .send()
        .map(|page| page.unwrap())
        .collect()
        .await;
    assert_eq!(pages.len(), 5);
    assert_eq!(mock.count(key), 5, "no sixth page is asked for");

    // A token that asks for the same page again ends the stream with an error.
    mock.reset();
    mock.answer_with(key, |_| Answer::Success(json!({"NextToken": "same", "Instances": {"Instance": []}})));
    let results: Vec<Result<Value, Error<TestError>>> =
        Paginator::<Value, TestError>::new(client, op, &json!({}), CallOptions::default()).send().collect().await;
    // Page 2 answers the token it was sent: it is reported instead of yielded.
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    assert!(err.to_string().contains("the same page would be asked for forever"), "{err}");
    assert_eq!(mock.count(key), 2);
}

/// Alibaba RAM `Marker`: while `IsTruncated`.
#[tokio::test]
async fn markers_while_truncated() {
    let mock = MockCloud::start().await;
    let key = "alibaba:ram:ListUsers";
    mock.answer_with(key, |params| {
        let at = params.get("Marker").and_then(Value::as_str).map_or(0, |m| m.len());
        let users: Vec<Value> = (at..at + 2).map(|i| json!({"UserName": format!("user{i}")})).collect();
        // Marker `x`, then `xx`: three pages, the last one not truncated (and with a stale
        // marker, which must not be followed).
        Answer::Success(json!({"IsTruncated": at < 2, "Marker": "x".repeat(at + 1), "Users": {"User": users}}))
    });
    let names: Vec<String> = Paginator::<Value, TestError>::new(client(&RAM, &mock), &RAM_LIST_USERS, &json!({"MaxItems": 2}), CallOptions::default())
        .items()
        .map(|user| user.unwrap()["UserName"].as_str().unwrap().to_owned())
        .collect()
        .await;
    assert_eq!(names, ["user0", "user1", "user1", "user2", "user2", "user3"]);
    assert_eq!(sent(&mock, key, "Marker"), [None, Some("x".into()), Some("xx".into())]);
}

/// The operation's documented rate limit holds across pages: no wall-clock second sees more
/// than it allows.
#[tokio::test]
async fn the_rate_limit_applies_to_every_page() {
    let mock = MockCloud::start().await;
    let key = "alibaba:ecs:DescribeInstances";
    mock.answer_with(key, |params| {
        let page = number(params, "PageNumber").unwrap_or(1);
        Answer::Success(json!({"TotalCount": 6, "Instances": {"Instance": ids(page - 1..page)}}))
    });
    let op = ecs_op(&ECS_BY_PAGE, Some(2));
    let started = std::time::Instant::now();
    let pages = Paginator::<Value, TestError>::new(client(&ECS, &mock), op, &json!({}), CallOptions::default()).send().count().await;
    assert_eq!(pages, 6);
    // One permit every 500 ms: the sixth page leaves 2.5 s after the first.
    assert!(started.elapsed() >= Duration::from_millis(2400), "{:?}", started.elapsed());
    let buckets = mock.per_second(key);
    assert!(buckets.values().all(|&n| n <= 2), "{buckets:?}");
    assert_eq!(buckets.values().sum::<usize>(), 6);
}

/// A service error on page 2 ends both streams with that error, after page 1's items.
#[tokio::test]
async fn an_error_on_page_two_ends_the_stream() {
    let mock = MockCloud::start().await;
    let key = "tencent:cvm:DescribeInstances";
    mock.answer_with(key, |params| match number(params, "Offset").unwrap_or(0) {
        0 => Answer::Success(json!({"TotalCount": 40, "InstanceSet": ids(0..20)})),
        _ => Answer::error(200, "InternalError.DatabaseBusy", "busy"),
    });
    let client = client(&CVM, &mock);
    let results: Vec<Result<Value, Error<TestError>>> =
        Paginator::<Value, TestError>::new(client.clone(), &CVM_DESCRIBE_INSTANCES, &json!({}), CallOptions::default()).send().collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let Err(Error::Service(err)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(err.code(), "InternalError.DatabaseBusy");

    let items: Vec<Result<Instance, Error<TestError>>> =
        Paginator::<Value, TestError, Instance>::new(client, &CVM_DESCRIBE_INSTANCES, &json!({}), CallOptions::default()).items().collect().await;
    assert_eq!(items.len(), 21);
    assert!(items[..20].iter().all(Result::is_ok));
    assert!(matches!(&items[20], Err(Error::Service(e)) if e.code() == "InternalError.DatabaseBusy"));
    assert_eq!(mock.count(key), 4, "no page after the failed one");
}

/// Each page's request goes through the operation's checks: a page number the operation
/// does not allow is refused before it is sent.
#[tokio::test]
async fn every_page_is_checked_before_it_is_sent() {
    fn at_most_page_two(params: &Value) -> Result<(), ValidationError> {
        match params.get("PageNumber").and_then(Value::as_i64) {
            Some(n) => check_range(n, "PageNumber", Some(1), Some(2), "Valid values: 1 to 2."),
            None => Ok(()),
        }
    }
    let mock = MockCloud::start().await;
    let key = "alibaba:ecs:DescribeInstances";
    mock.answer_with(key, |_| Answer::Success(json!({"TotalCount": 100, "Instances": {"Instance": ids(0..10)}})));
    let op: &'static OperationInfo =
        Box::leak(Box::new(OperationInfo { validate_json: at_most_page_two, ..*ecs_op(&ECS_BY_PAGE, None) }));
    let results: Vec<Result<Value, Error<TestError>>> =
        Paginator::<Value, TestError>::new(client(&ECS, &mock), op, &json!({}), CallOptions::default()).send().collect().await;
    assert_eq!(results.len(), 3);
    let Err(Error::Validation(err)) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(err.field, "PageNumber");
    assert!(matches!(err.violation, Violation::OutOfRange { .. }), "{err:?}");
    assert_eq!(mock.count(key), 2);

    // An operation without paging data sends nothing.
    let unpaged: &'static OperationInfo = Box::leak(Box::new(OperationInfo { paging: None, ..*op }));
    let results: Vec<Result<Value, Error<TestError>>> =
        Paginator::<Value, TestError>::new(client(&ECS, &mock), unpaged, &json!({}), CallOptions::default()).send().collect().await;
    assert!(matches!(&results[..], [Err(Error::Paging { action: "DescribeInstances", .. })]), "{results:?}");
    assert_eq!(mock.count(key), 2);
}
