//! The four seed pages, read end to end, and inputs that must not panic.

use super::*;
use crate::diag::Severity;
use crate::ir::{Constraint, ErrorCode, ErrorOrigin, Example, ExampleRequest, Field, Rule, Span, TypeRef};

const DTS: &str = include_str!("../../../../specs/tencent/dts/DeleteMigrateJob.md");
const BATCH: &str = include_str!("../../../../specs/tencent/batch/TerminateJob.md");
const SMC: &str = include_str!("../../../../specs/alibaba/smc/DeleteSourceServer.txt");
const TAT: &str = include_str!("../../../../specs/tencent/tat/CancelInvocation.txt");

const DTS_PATH: &str = "tencent/dts/DeleteMigrateJob.md";
const BATCH_PATH: &str = "tencent/batch/TerminateJob.md";
const SMC_PATH: &str = "alibaba/smc/DeleteSourceServer.txt";
const TAT_PATH: &str = "tencent/tat/CancelInvocation.txt";

fn import(path: &str, text: &str) -> (Option<ir::Operation>, Diagnostics) {
    let file = SourceFile::new(path, text);
    let mut diags = Diagnostics::new();
    let op = import_page(&file, &mut diags);
    (op, diags)
}

/// Imports a seed page and requires that it read without any diagnostic.
fn import_clean(path: &str, text: &str) -> ir::Operation {
    let (op, diags) = import(path, text);
    let rendered: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(diags.is_empty(), "{path}: unexpected diagnostics:\n{}", rendered.join("\n"));
    op.expect("operation")
}

fn span(path: &str, line: u32) -> Span {
    Span::new(path, line)
}

fn request_id(path: &str, line: u32, description: &str) -> Vec<Field> {
    vec![Field {
        name: "RequestId".into(),
        ty: TypeRef::String,
        description: vec![description.into()],
        span: span(path, line),
        ..Field::default()
    }]
}

fn tencent_errors(path: &str, rows: &[(&str, &str, u32)]) -> Vec<ErrorCode> {
    rows.iter()
        .map(|(code, description, line)| ErrorCode {
            code: code.to_string(),
            description: description.to_string(),
            message: None,
            http_status: None,
            retryable: false,
            origin: ErrorOrigin::Operation,
            span: span(path, *line),
        })
        .collect()
}

fn query(pairs: &[(&str, &str)]) -> Option<ExampleRequest> {
    Some(ExampleRequest::Query(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
}

#[test]
fn layouts_are_detected_by_content() {
    assert_eq!(detect_layout(DTS), Layout::Markdown);
    assert_eq!(detect_layout(BATCH), Layout::Markdown);
    assert_eq!(detect_layout(SMC), Layout::Scraped);
    assert_eq!(detect_layout(TAT), Layout::Scraped);
    assert_eq!(detect_layout("|"), Layout::Markdown);
    assert_eq!(detect_layout("#hashtag"), Layout::Scraped);
    assert_eq!(detect_layout(""), Layout::Scraped);
}

#[test]
fn dts_delete_migrate_job() {
    let p = DTS_PATH;
    let op = import_clean(p, DTS);
    assert_eq!(op.name, "DeleteMigrateJob");
    assert_eq!(
        op.description,
        vec![
            "This API is used to delete a data migration task. Any ongoing verification or migration task cannot be deleted."
        ]
    );
    assert_eq!(op.domain.as_deref(), Some("dts.tencentcloudapi.com"));
    assert_eq!(op.version.as_deref(), Some("2018-03-30"));
    assert_eq!(
        op.rate_limit,
        Some(ir::RateLimit {
            per_second: 20,
            source: "A maximum of 20 requests can be initiated per second for this API.".into(),
            span: span(p, 7),
        })
    );
    assert_eq!(
        op.finance,
        Some(ir::FinanceNote {
            example_domain: Some("dts.ap-shanghai-fsi.tencentcloudapi.com".into()),
            source: "Note: This API supports Finance regions. If the common parameter Region is a Finance region, \
                     a domain name with the Finance region needs to be specified, for example: \
                     dts.ap-shanghai-fsi.tencentcloudapi.com"
                .into(),
            span: span(p, 9),
        })
    );
    assert_eq!(
        op.request,
        vec![Field {
            name: "JobId".into(),
            ty: TypeRef::String,
            required: true,
            description: vec!["ID of a data migration task".into()],
            span: span(p, 22),
            ..Field::default()
        }]
    );
    assert_eq!(
        op.response,
        request_id(
            p,
            28,
            "The unique request ID, which is returned for each request. RequestId is required for locating a problem."
        )
    );
    assert_eq!(
        op.errors,
        tencent_errors(
            p,
            &[
                ("FailedOperation.NotAllowOperation", "Prohibits the operation.", 36),
                ("InternalError.DatabaseError", "Access to the database on the migration platform failed.", 37),
                ("InternalError.DuplicateJob", "Migration task conflict.", 38),
                ("InternalError.ProtocolError", "Communication protocol error.", 39),
                ("InvalidParameter", "Parameter error", 40),
                ("ResourceNotFound.JobNotExist", "The migration task does not exist.", 41),
            ]
        )
    );
    assert_eq!(
        op.examples,
        vec![Example {
            title: "Example 1 Delete a data migration task".into(),
            request: query(&[("JobId", "dts-1kl0iy0v")]),
            response: Some(
                "{\n  \"Response\": {\n    \"RequestId\": \"e15f9b4c-9841-40d2-a28b-dea284a17315\"\n  }\n}".into()
            ),
            span: span(p, 45),
        }]
    );
    assert!(op.models.is_empty());
    assert_eq!(op.span, span(p, 1));
}

#[test]
fn batch_terminate_job() {
    let p = BATCH_PATH;
    let op = import_clean(p, BATCH);
    assert_eq!(op.name, "TerminateJob");
    assert_eq!(
        op.description,
        vec![
            "This API is used to terminate a job.",
            "The effect of terminating a job is equivalent to performing the TerminateTaskInstance operation on all \
             the task instances contained in the job. For specific effect and usage, see TerminateTaskInstance.",
        ]
    );
    assert_eq!(op.domain.as_deref(), Some("batch.tencentcloudapi.com"));
    assert_eq!(op.version.as_deref(), Some("2017-03-12"));
    assert_eq!(
        op.rate_limit,
        Some(ir::RateLimit {
            per_second: 2,
            source: "Default API request frequency limit: 2 times/second.".into(),
            span: span(p, 7),
        })
    );
    assert_eq!(op.finance, None);
    assert_eq!(
        op.request,
        vec![Field {
            name: "JobId".into(),
            ty: TypeRef::String,
            required: true,
            description: vec!["Job ID".into()],
            span: span(p, 20),
            ..Field::default()
        }]
    );
    assert_eq!(
        op.response,
        request_id(
            p,
            26,
            "The unique request ID which is returned for each request. The RequestId for the current request needs \
             to be provided when troubleshooting."
        )
    );
    assert_eq!(
        op.errors,
        tencent_errors(
            p,
            &[
                ("InternalError", "Internal error", 71),
                ("InvalidParameter.JobIdMalformed", "Invalid job ID format.", 72),
                ("ResourceNotFound.Job", "The specified job does not exist.", 73),
                (
                    "UnsupportedOperation.TerminateOperationWithEnvId",
                    "This operation is prohibited for the task instances in the specified compute environment.",
                    74
                ),
            ]
        )
    );
    assert_eq!(
        op.examples,
        vec![Example {
            title: "Example 1. Terminating a Job".into(),
            request: query(&[("JobId", "job-rybewp57")]),
            response: Some(
                "{\n  \"Response\": {\n    \"RequestId\": \"970e5a9f-2963-436c-8dad-4847360676f7\"\n  }\n}".into()
            ),
            span: span(p, 30),
        }]
    );
}

#[test]
fn tat_cancel_invocation() {
    let p = TAT_PATH;
    let op = import_clean(p, TAT);
    assert_eq!(op.name, "CancelInvocation");
    assert_eq!(
        op.description,
        vec![
            "This API is used to cancel the command executed on one or more CVM instances.",
            "PENDING, DELIVERING, or DELIVER_DELAYED, and will be CANCELLED after the command is canceled.",
            "RUNNING, and will be TERMINATED after the command is canceled.",
        ]
    );
    assert_eq!(op.domain.as_deref(), Some("tat.intl.tencentcloudapi.com"));
    assert_eq!(op.version.as_deref(), Some("2020-10-28"));
    assert_eq!(
        op.rate_limit,
        Some(ir::RateLimit {
            per_second: 20,
            source: "A maximum of 20 requests can be initiated per second for this API.".into(),
            span: span(p, 9),
        })
    );
    assert_eq!(op.finance, None);
    assert_eq!(
        op.request,
        vec![
            Field {
                name: "InvocationId".into(),
                ty: TypeRef::String,
                required: true,
                description: vec!["Execution activity ID".into()],
                span: span(p, 16),
                ..Field::default()
            },
            Field {
                name: "InstanceIds".into(),
                ty: TypeRef::Array(Box::new(TypeRef::String)),
                required: false,
                description: vec![
                    "Instance ID list. A maximum of 100 IDs are allowed. Supported instance types:CVM LIGHTHOUSE"
                        .into()
                ],
                constraints: vec![Constraint {
                    rule: Rule::Items { min: None, max: Some(100) },
                    source: "A maximum of 100 IDs are allowed.".into(),
                    span: span(p, 17),
                }],
                example: None,
                span: span(p, 17),
            },
        ]
    );
    assert_eq!(
        op.response,
        request_id(
            p,
            20,
            "The unique request ID, generated by the server, will be returned for every request (if the request fails \
             to reach the server for other reasons, the request will not obtain a RequestId). RequestId is required \
             for locating a problem."
        )
    );
    let codes: Vec<(&str, &str, u32)> = vec![
        ("InternalError", "Internal error.", 41),
        ("InvalidParameter", "Invalid parameter.", 42),
        ("InvalidParameterValue", "Invalid parameter value.", 43),
        (
            "InvalidParameterValue.InstanceIsNotRelatedToInvocation",
            "The instance with this ID has no such execution activity.",
            44,
        ),
        ("InvalidParameterValue.InvalidInstanceId", "Invalid instance ID.", 45),
        ("InvalidParameterValue.InvalidInvocationId", "Invalid execution activity ID.", 46),
        ("InvalidParameterValue.LimitExceeded", "Parameter limit exceeded.", 47),
        ("InvalidParameterValue.TooLong", "Length limit exceeded.", 48),
        ("LimitExceeded", "Reached the quota limit.", 49),
        ("MissingParameter", "Missing parameter.", 50),
        ("ResourceNotFound.InvocationNotFound", "No execution activity found.", 51),
        ("UnauthorizedOperation.CamAuthFailed", "CAM authentication failed.", 52),
        ("UnauthorizedOperation.InvalidToken", "Invalid token.", 53),
        ("UnauthorizedOperation.MFAExpired", "The Multi-factor authentication (MFA) code expired.", 54),
        ("UnauthorizedOperation.MFANotFound", "Multi-factor authentication (MFA) does not exist.", 55),
        ("UnknownParameter", "Unknown parameter error.", 56),
    ];
    assert_eq!(op.errors, tencent_errors(p, &codes));
    assert_eq!(
        op.examples,
        vec![Example {
            title: String::new(),
            request: Some(ExampleRequest::Json(
                "{\n\"InvocationId\": \"inv-ib2lld37\",\n\"InstanceIds\": [\n\"ins-zcewfho0\"\n]\n}".into()
            )),
            response: Some("{\n\"Response\": {\n\"RequestId\": \"b27421da-0ad4-4e11-b694-cda143606701\"\n}\n}".into()),
            span: span(p, 21),
        }]
    );
}

#[test]
fn smc_delete_source_server() {
    let p = SMC_PATH;
    let op = import_clean(p, SMC);
    assert_eq!(op.name, "DeleteSourceServer");
    assert_eq!(
        op.description,
        vec![
            "You can call the DeleteSourceServer operation to delete a migration source.",
            "You cannot delete a migration source that is associated with a migration task in the Running status.",
            "To delete a migration source that is associated with a migration task in any other status, set Force=true.",
        ]
    );
    assert_eq!(op.domain, None);
    assert_eq!(op.version, None);
    assert_eq!(op.rate_limit, None);
    assert_eq!(op.finance, None);
    assert_eq!(
        op.request,
        vec![
            Field {
                name: "SourceId".into(),
                ty: TypeRef::String,
                required: true,
                description: vec!["The ID of the migration source.".into()],
                example: Some("s-bp17m1vi6x20c6g6****".into()),
                span: span(p, 77),
                ..Field::default()
            },
            Field {
                name: "Force".into(),
                ty: TypeRef::Boolean,
                required: false,
                description: vec![
                    "Specifies whether to force delete the migration source.".into(),
                    "true: Force deletes the migration source, its associated migration tasks, and the intermediate \
                     resources for the tasks."
                        .into(),
                    "false: You cannot delete a migration source that has associated migration tasks.".into(),
                ],
                example: Some("true".into()),
                span: span(p, 87),
                ..Field::default()
            },
        ]
    );
    assert_eq!(
        op.response,
        vec![Field {
            name: "RequestId".into(),
            ty: TypeRef::String,
            description: vec!["The ID of the request.".into()],
            example: Some("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E".into()),
            span: span(p, 113),
            ..Field::default()
        }]
    );
    let e = |status, code: &str, text: &str, line| ErrorCode {
        code: code.into(),
        description: text.into(),
        message: Some(text.into()),
        http_status: Some(status),
        retryable: false,
        origin: ErrorOrigin::Operation,
        span: span(p, line),
    };
    assert_eq!(
        op.errors,
        vec![
            e(
                400,
                "SourceServer.WithRunningReplicationJob",
                "The specified source server has related replication jobs that are running.",
                141
            ),
            e(
                400,
                "SourceServerState.Invalid",
                "The specified source server status: %s is invalid. This operation can only be performed in the \
                 following status: %s.",
                142
            ),
            e(
                400,
                "ReplicationJob.Related",
                "The specified source server has related replication jobs. Please delete replication jobs: %s before \
                 delete this source server.",
                143
            ),
            e(
                500,
                "InternalError",
                "An error occurred while processing your request. Please try again. If the problem still exists, \
                 please submit a ticket.",
                144
            ),
        ]
    );
    assert_eq!(
        op.examples,
        vec![Example {
            title: String::new(),
            request: None,
            response: Some("{\n  \"RequestId\": \"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E\"\n}".into()),
            span: span(p, 127),
        }]
    );
}

#[test]
fn file_name_mismatch_is_a_warning() {
    let (op, diags) = import("tencent/dts/SomethingElse.md", DTS);
    assert_eq!(op.map(|o| o.name).as_deref(), Some("DeleteMigrateJob"));
    let d: Vec<_> = diags.iter().collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0].message.contains("SomethingElse"), "{}", d[0].message);
}

#[test]
fn wrong_cell_count_unknown_heading_and_unknown_table_warn() {
    let text = DTS
        .replace("| JobId | Yes | String | ID of a data migration task |", "| JobId | Yes | String |")
        .replace("## 6. Other Resources", "## 6. Something New")
        .replace("| Error Code | Description |", "| Foo | Bar |");
    let (op, diags) = import(DTS_PATH, &text);
    let op = op.expect("operation");
    assert_eq!(op.request.len(), 1);
    assert!(op.errors.is_empty());
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(diags.iter().all(|d| d.severity == Severity::Warning && d.note.is_some()), "{msgs:?}");
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert_eq!(msgs[0].0, 22);
    assert!(msgs[0].1.contains("3 cells"), "{msgs:?}");
    assert_eq!(msgs[1].0, 34);
    assert!(msgs[1].1.contains("cannot tell what this table is"), "{msgs:?}");
    assert_eq!(msgs[2].0, 66);
    assert!(msgs[2].1.contains("unknown section heading"), "{msgs:?}");
}

#[test]
fn types_and_indexed_names() {
    let text = "\
| Parameter Name | Required | Type | Description |
|---|---|---|---|
| Action | Yes | String | Common parameter. The value used for this API: DescribeThings. |
| Filters.N | No | Array of Filter | Filters. |
| Limit | No | Int64 | Up to 100. |
| Offset | No | UInt64 | Offset. |
| Tags.N | No | String | Tags, up to 10. |
| Since | No | Timestamp ISO8601 | When. |
| Weird | No | ??? | Garbled type. |
| Region | No | String | A real field named Region. |

| Parameter Name | Type | Description |
|---|---|---|
| Ratio | Float | Ratio. |
| Ok | Bool | Ok. |
";
    let (op, diags) = import("x/DescribeThings.md", text);
    let op = op.expect("operation");
    let types: Vec<(&str, &TypeRef, bool)> = op.request.iter().map(|f| (f.name.as_str(), &f.ty, f.required)).collect();
    let arr = |t: TypeRef| TypeRef::Array(Box::new(t));
    assert_eq!(
        types,
        vec![
            ("Filters", &arr(TypeRef::Model("Filter".into())), false),
            ("Limit", &TypeRef::Integer, false),
            ("Offset", &TypeRef::Unsigned, false),
            ("Tags", &arr(TypeRef::String), false),
            ("Since", &TypeRef::Timestamp, false),
            ("Weird", &TypeRef::Json, false),
            ("Region", &TypeRef::String, false),
        ]
    );
    // Only arrays get item bounds.
    assert!(op.request[1].constraints.is_empty());
    assert_eq!(op.request[3].constraints[0].rule, Rule::Items { min: None, max: Some(10) });
    assert_eq!(op.response.iter().map(|f| f.ty.clone()).collect::<Vec<_>>(), vec![TypeRef::Float, TypeRef::Boolean]);
    let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].contains("unknown type `???`"), "{msgs:?}");
}

#[test]
fn missing_name_and_tables_is_an_error() {
    let (op, diags) = import("x/Nothing.txt", "Just some prose.\nNothing else.\n");
    assert!(op.is_none());
    assert!(diags.has_errors());
    let (op, diags) = import(
        "x/Partial.md",
        "## 1. API Description\n\nText.\n\n## 3. Output Parameters\n\n| Parameter Name | Type | Description |\n|---|---|---|\n| RequestId | String | Id. |\n",
    );
    assert!(diags.has_errors(), "no action name is an error");
    let op = op.expect("partial operation");
    assert_eq!(op.name, "Partial");
    assert_eq!(op.response.len(), 1);
}

/// A tiny deterministic generator, so the garbage tests need no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn no_panic(text: &str) {
    let file = SourceFile::new("fuzz/Garbage.txt", text);
    let mut diags = Diagnostics::new();
    let _ = import_page(&file, &mut diags);
}

#[test]
fn garbage_never_panics() {
    let fixed = [
        "",
        "|",
        "||",
        "| |\n|-|\n| a | b | c |",
        "#",
        "## ",
        "```",
        "{",
        "}",
        "[",
        "POST / HTTP/1.1",
        "POST / HTTP/1.1\n{",
        "https://x/?",
        "a|b\n---|---\nc",
        "a | b |\n---|---|\nc | d",
        "Parameter\n\nType\n",
        "Parameter\nType\nRequired\nDescription\nExample\nobject\n",
        "HTTP status code\nError code\n400",
        "HTTP status code\nError code\n400 X 错误 错误",
        "Error code\nDescription\n中 文",
        "\u{feff}## 1. 接口描述\n接口请求域名： cvm.tencentcloudapi.com 。\n",
        "本页内容是否解决了您的问题?",
        "PENDING\n, DELIVERING\n, or .A\n",
        "Service:Action\nService:Other",
        "\r\n\r\n|\r\n",
        "• \n•\n- \n* ",
    ];
    for text in fixed {
        no_panic(text);
    }
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let len = (rng.next() % 400) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        no_panic(&String::from_utf8_lossy(&bytes));
        // Random text made of page-like pieces.
        let pieces = [
            "|",
            "---",
            "\n",
            " ",
            "{",
            "}",
            "\"",
            "中",
            "•",
            "#",
            "Parameter",
            "Type",
            "400 ",
            "POST / HTTP/1.1",
            ":",
            ".",
        ];
        let text: String = (0..len / 4).map(|_| pieces[(rng.next() % pieces.len() as u64) as usize]).collect();
        no_panic(&text);
    }
}

#[test]
fn truncated_and_shuffled_pages_never_panic() {
    let mut rng = XorShift(42);
    for page in [DTS, BATCH, SMC, TAT] {
        let boundaries: Vec<usize> = page.char_indices().map(|(i, _)| i).step_by(13).collect();
        for &cut in &boundaries {
            no_panic(&page[..cut]);
            no_panic(&page[cut..]);
        }
        let lines: Vec<&str> = page.lines().collect();
        for _ in 0..30 {
            let mut shuffled = lines.clone();
            for i in (1..shuffled.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                shuffled.swap(i, j);
            }
            let keep = (rng.next() % (shuffled.len() as u64 + 1)) as usize;
            no_panic(&shuffled[..keep].join("\n"));
        }
    }
}

#[test]
fn chinese_markdown_page() {
    let text = "\
## 1. 接口描述

接口请求域名： cvm.tencentcloudapi.com 。

本接口用于查询实例。

默认接口请求频率限制：40次/秒。

## 2. 输入参数

| 参数名称 | 必选 | 类型 | 描述 |
|---------|---------|---------|---------|
| Action | 是 | String | 公共参数，本接口取值：DescribeInstances。 |
| Version | 是 | String | 公共参数，本接口取值：2017-03-12。 |
| InstanceIds.N | 否 | Array of String | 实例ID。每次请求的实例的上限为100。 |

## 3. 输出参数

| 参数名称 | 类型 | 描述 |
|---------|---------|---------|
| RequestId | String | 唯一请求 ID。 |

## 4. 示例

### 示例1 查询实例

#### 输入示例

```
POST / HTTP/1.1
Host: cvm.tencentcloudapi.com
X-TC-Action: DescribeInstances
<公共请求参数>

{
    \"InstanceIds\": [\"ins-1\"]
}
```

#### 输出示例

```json
{\"Response\": {\"RequestId\": \"r\"}}
```

## 5. 错误码

| 错误码 | 描述 |
|---------|---------|
| InvalidParameter | 参数错误。 |
";
    let op = import_clean("tencent/cvm/DescribeInstances.md", text);
    assert_eq!(op.name, "DescribeInstances");
    assert_eq!(op.description, vec!["本接口用于查询实例。"]);
    assert_eq!(op.domain.as_deref(), Some("cvm.tencentcloudapi.com"));
    assert_eq!(op.version.as_deref(), Some("2017-03-12"));
    assert_eq!(op.rate_limit.as_ref().map(|r| r.per_second), Some(40));
    assert_eq!(op.request.len(), 1);
    assert_eq!(op.request[0].ty, TypeRef::Array(Box::new(TypeRef::String)));
    assert_eq!(op.request[0].constraints[0].rule, Rule::Items { min: None, max: Some(100) });
    assert_eq!(op.request[0].constraints[0].source, "每次请求的实例的上限为100。");
    assert_eq!(op.errors.len(), 1);
    assert_eq!(op.examples.len(), 1);
    assert_eq!(op.examples[0].title, "示例1 查询实例");
    assert_eq!(op.examples[0].request, Some(ExampleRequest::Json("{\n    \"InstanceIds\": [\"ins-1\"]\n}".into())));
    assert_eq!(op.examples[0].response.as_deref(), Some("{\"Response\": {\"RequestId\": \"r\"}}"));
}
