//! Pages read end to end: layouts, corpus pages and hand-made pages for what the seed pages do
//! not show, warnings, inputs that must not panic, and the module order. (The four seed pages'
//! IR and their lack of diagnostics are insta snapshots: `tests/tests/snapshots.rs`.)

use super::*;
use crate::diag::Severity;
use crate::spec::{ExampleRequest, Field, Rule, TypeRef};

const DTS: &str = include_str!("../../../../specs/tencent/dts/DeleteMigrateJob.md");
const BATCH: &str = include_str!("../../../../specs/tencent/batch/TerminateJob.md");
const SMC: &str = include_str!("../../../../specs/alibaba/smc/DeleteSourceServer.txt");
const TAT: &str = include_str!("../../../../specs/tencent/tat/CancelInvocation.txt");

/// Corpus pages (real pages, see tests/corpus/README.md) for the layouts beyond the seeds.
const ALI_CREATE_JOB: &str = include_str!("../../../../tests/corpus/alibaba/smc/2019-06-01/CreateReplicationJob.md");
const ALI_SERVERS: &str = include_str!("../../../../tests/corpus/alibaba/smc/2019-06-01/DescribeSourceServers.md");
const ALI_SERVERS_ZH: &str =
    include_str!("../../../../tests/corpus/alibaba/smc/2019-06-01/zh/DescribeSourceServers.md");
const ALI_INSTANCES: &str = include_str!("../../../../tests/corpus/alibaba/ecs/2014-05-26/DescribeInstances.md");
const CVM_TERMINATE: &str = include_str!("../../../../tests/corpus/tencent/cvm/2017-03-12/TerminateInstances.md");
const CVM_STOP: &str = include_str!("../../../../tests/corpus/tencent/cvm/2017-03-12/StopInstances.md");
const CVM_DATA_TYPES: &str = include_str!("../../../../tests/corpus/tencent/cvm/2017-03-12/DataTypes.md");
const STS_ASSUME_ROLE: &str = include_str!("../../../../tests/corpus/alibaba/sts/2015-04-01/AssumeRole.md");
const BATCH_LEGACY: &str = include_str!("../../../../tests/corpus/tencent/batch/2017-03-12/TerminateJob.md");

const DTS_PATH: &str = "tencent/dts/DeleteMigrateJob.md";
const TAT_PATH: &str = "tencent/tat/CancelInvocation.txt";

fn import(path: &str, text: &str) -> (Option<spec::Operation>, Diagnostics) {
    let file = SourceFile::new(path, text);
    let mut diags = Diagnostics::new();
    let op = import_page(&file, &mut diags);
    (op, diags)
}

/// Imports a page and requires that it read without any diagnostic. (That the seed pages
/// do, and the whole IR they give, spans included, is held by the insta snapshots of
/// `tests/tests/snapshots.rs`: `ir__*` and `diagnostics__*`.)
fn import_clean(path: &str, text: &str) -> spec::Operation {
    let (op, diags) = import(path, text);
    let rendered: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(diags.is_empty(), "{path}: unexpected diagnostics:\n{}", rendered.join("\n"));
    op.expect("operation")
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
    assert_eq!(detect_layout("| a |"), Layout::Markdown);
    // A lone pipe closes a scraped row's empty cell; it is no Markdown table line.
    assert_eq!(detect_layout("|"), Layout::Scraped);
    assert_eq!(detect_layout(ALIBABA_SCRAPED_SHORT_ROWS), Layout::Scraped);
    assert_eq!(detect_layout(ALI_CREATE_JOB), Layout::Markdown);
    assert_eq!(detect_layout(BATCH_LEGACY), Layout::Markdown);
    assert_eq!(detect_layout(TAT_FLATTENED), Layout::Scraped);
    // A scraped page that kept leading pipes but lost its headings and fences.
    assert_eq!(detect_layout(&leading_pipes(TAT)), Layout::Scraped);
    assert_eq!(detect_layout("#hashtag"), Layout::Scraped);
    assert_eq!(detect_layout(""), Layout::Scraped);
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

| Error Code | Description |
|---|---|
| InvalidParameter | Parameter error |
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
    let piped = leading_pipes(TAT);
    for page in [DTS, BATCH, SMC, TAT, ALI_SERVERS, ALI_SERVERS_ZH, BATCH_LEGACY, TAT_FLATTENED, piped.as_str()] {
        // About 150 cuts per page (every 13th char of the seeds), to keep the test quick.
        let step = (page.len() / 150).max(13);
        let boundaries: Vec<usize> = page.char_indices().map(|(i, _)| i).step_by(step).collect();
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

fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field {name} in {fields:?}"))
}

fn model<'a>(op: &'a spec::Operation, name: &str) -> &'a spec::Model {
    op.models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model {name}"))
}

fn names(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

fn arr(t: TypeRef) -> TypeRef {
    TypeRef::Array(Box::new(t))
}

fn model_ty(name: &str) -> TypeRef {
    TypeRef::Model(name.into())
}

#[test]
fn alibaba_markdown_request_with_flattened_names() {
    let p = "alibaba/smc/CreateReplicationJob.md";
    let op = import_clean(p, ALI_CREATE_JOB);
    assert_eq!(op.name, "CreateReplicationJob");
    assert_eq!(op.version.as_deref(), Some("2019-06-01"), "from the OpenAPI Explorer link");
    assert_eq!(op.description[0], "Creates a migration task for a source server.");
    // `Action` is not a field; `RegionId` is.
    assert!(op.request.iter().all(|f| f.name != "Action"));
    let region = field(&op.request, "RegionId");
    assert!(region.required);
    assert_eq!(region.example.as_deref(), Some("cn-hangzhou"));
    // A cell over several physical lines, with a bullet list inside.
    let target = field(&op.request, "TargetType");
    assert_eq!(target.description[0], "The type of the destination image. Valid values:");
    assert!(target.description[1].starts_with("- Image: After the migration task is completed"));
    assert_eq!(target.description.len(), 4);
    assert_eq!(
        target.constraints[0].rule,
        Rule::OneOf { values: vec!["Image".into(), "ContainerImage".into(), "Instance".into()] }
    );
    // `DataDisk.N.Size`, `DataDisk.N.Part.N.Device`: nested lists of structures.
    let disk = field(&op.request, "DataDisk");
    assert_eq!(disk.ty, arr(model_ty("CreateReplicationJobDataDisk")));
    let disk_model = model(&op, "CreateReplicationJobDataDisk");
    assert_eq!(names(&disk_model.fields), vec!["Size", "Index", "Part"]);
    assert_eq!(field(&disk_model.fields, "Size").ty, TypeRef::Integer);
    assert_eq!(field(&disk_model.fields, "Size").constraints[0].rule, Rule::Range { min: Some(20), max: Some(32768) });
    assert_eq!(field(&disk_model.fields, "Part").ty, arr(model_ty("CreateReplicationJobPart")));
    let part = model(&op, "CreateReplicationJobPart");
    let part_types: Vec<(&str, &TypeRef)> = part.fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
    assert_eq!(
        part_types,
        vec![("Device", &TypeRef::String), ("SizeBytes", &TypeRef::Integer), ("Block", &TypeRef::Boolean)]
    );
    // "Valid values of N: 1 to 20." on `Tag.N.Key` bounds the tag list.
    let tag = field(&op.request, "Tag");
    assert_eq!(tag.constraints[0].rule, Rule::Items { min: None, max: Some(20) });
    assert_eq!(tag.constraints[0].source, "Valid values of N: 1 to 20.");
    assert_eq!(names(&model(&op, "CreateReplicationJobTag").fields), vec!["Key", "Value"]);
    // Ranges on integers, lengths on strings.
    assert_eq!(field(&op.request, "Frequency").constraints[0].rule, Rule::Range { min: Some(1), max: Some(168) });
    assert_eq!(field(&op.request, "Name").constraints[0].rule, Rule::Length { min: Some(2), max: Some(128) });
    assert_eq!(
        field(&op.request, "ReplicationParameters").constraints[0].rule,
        Rule::Length { min: None, max: Some(2048) }
    );
    // "Empty value: specifies no license" is no single value: no enumeration.
    assert!(field(&op.request, "LicenseType").constraints.is_empty());
    assert_eq!(op.response.len(), 2);
    assert_eq!(op.errors[0].code, "SourceServerState.Invalid");
    assert_eq!(op.errors[0].http_status, Some(400));
    // The example request keeps its parameters; the XML rendering of the response is skipped
    // quietly and the JSON one kept.
    assert_eq!(
        op.examples[0].request,
        query(&[("RegionId", "cn-hangzhou"), ("SourceId", "s-bp1e2fsl57knvuug****"), ("SystemDiskSize", "80")])
    );
    assert!(op.examples[0].response.as_deref().is_some_and(|r| r.contains("\"JobId\"")));
}

#[test]
fn alibaba_markdown_response_nesting() {
    let op = import_clean("alibaba/smc/DescribeSourceServers.md", ALI_SERVERS);
    assert_eq!(field(&op.request, "SourceId").ty, arr(TypeRef::String), "`SourceId.N` typed RepeatList");
    assert_eq!(names(&op.response), vec!["PageNumber", "PageSize", "RequestId", "SourceServers", "TotalCount"]);
    // `SourceServers | Array` + `SourceServer | | | |`: the JSON wrapper object and its list.
    assert_eq!(field(&op.response, "SourceServers").ty, model_ty("DescribeSourceServersSourceServers"));
    let wrapper = model(&op, "DescribeSourceServersSourceServers");
    assert_eq!(wrapper.fields.len(), 1);
    assert_eq!(wrapper.fields[0].name, "SourceServer");
    assert_eq!(wrapper.fields[0].ty, arr(model_ty("DescribeSourceServersSourceServer")));
    let server = model(&op, "DescribeSourceServersSourceServer");
    assert_eq!(server.fields.len(), 18);
    assert_eq!(field(&server.fields, "Description").ty, TypeRef::String);
    // The data disk rows end where `Description` sorts before `Size`; `Path` of a partition
    // and `Path` of a disk are told apart.
    let disk = model(&op, "DescribeSourceServersDataDisk");
    assert_eq!(names(&disk.fields), vec!["Index", "Parts", "Path", "Size"]);
    let part = model(&op, "DescribeSourceServersPart");
    assert_eq!(names(&part.fields), vec!["CanBlock", "Device", "Need", "Path", "SizeBytes"]);
    assert_eq!(field(&part.fields, "SizeBytes").ty, TypeRef::Integer, "Long");
    // Response fields carry no validation rules.
    assert!(op.models.iter().flat_map(|m| &m.fields).all(|f| f.constraints.is_empty()));
}

#[test]
fn alibaba_markdown_structs_and_lists() {
    let (op, diags) = import("alibaba/ecs/DescribeInstances.md", ALI_INSTANCES);
    let op = op.expect("operation");
    let instance = model(&op, "DescribeInstancesInstance");
    // `CpuOptions | Struct` and its three fields, then back to the instance.
    assert_eq!(field(&instance.fields, "CpuOptions").ty, model_ty("DescribeInstancesCpuOptions"));
    assert_eq!(names(&model(&op, "DescribeInstancesCpuOptions").fields), vec!["CoreCount", "Numa", "ThreadsPerCore"]);
    assert_eq!(field(&instance.fields, "CreationTime").ty, TypeRef::String);
    // `HibernationOptions` is missing from the example: `HostName`, which the example shows
    // on the instance, closes it.
    assert_eq!(names(&model(&op, "DescribeInstancesHibernationOptions").fields), vec!["Configured"]);
    assert_eq!(field(&instance.fields, "HostName").ty, TypeRef::String);
    // `List` fields: the example gives the wrapper key (`{"IpAddress": [..]}`) ...
    assert_eq!(field(&instance.fields, "InnerIpAddress").ty, model_ty("DescribeInstancesInnerIpAddress"));
    let inner = model(&op, "DescribeInstancesInnerIpAddress");
    assert_eq!((inner.fields[0].name.as_str(), &inner.fields[0].ty), ("IpAddress", &arr(TypeRef::String)));
    let groups = model(&op, "DescribeInstancesSecurityGroupIds");
    assert_eq!(groups.fields[0].name, "SecurityGroupId");
    // ... or, when the example does not show the field, it is read as JSON with a warning.
    assert_eq!(field(&instance.fields, "RdmaIpAddress").ty, TypeRef::Json);
    let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].contains("`RdmaIpAddress` is a `List`"), "{msgs:?}");
    // `Filter.1.Key`, `Filter.2.Key`: numbered rows of one list.
    assert_eq!(field(&op.request, "Filter").ty, arr(model_ty("DescribeInstancesFilter")));
    assert_eq!(names(&model(&op, "DescribeInstancesFilter").fields), vec!["Key", "Value"]);
    assert_eq!(field(&op.response, "Instances").ty, model_ty("DescribeInstancesInstances"));
}

#[test]
fn alibaba_markdown_chinese_untyped_structures() {
    let op = import_clean("alibaba/smc/DescribeSourceServers.md", ALI_SERVERS_ZH);
    assert_eq!(op.name, "DescribeSourceServers");
    assert_eq!(
        op.description,
        vec![
            "查询一个或多个迁移源。",
            "请求参数的作用类似于一个过滤器，过滤器为逻辑与（AND）关系。如果某一参数为空，则过滤器不起作用。"
        ]
    );
    assert_eq!(op.version.as_deref(), Some("2019-06-01"));
    assert_eq!(names(&op.request), vec!["JobId", "Name", "PageNumber", "PageSize", "SourceId", "State"]);
    assert_eq!(field(&op.request, "PageSize").constraints[0].rule, Rule::Range { min: None, max: Some(50) });
    assert_eq!(field(&op.request, "Name").constraints[0].rule, Rule::Length { min: Some(2), max: Some(128) });
    // `SourceServers | | | 迁移源数组`: no type; the example shows the wrapper and its key.
    let wrapper = model(&op, "DescribeSourceServersSourceServers");
    assert_eq!(wrapper.fields[0].name, "SourceServer");
    let server = model(&op, "DescribeSourceServersSourceServer");
    assert!(names(&server.fields).contains(&"DataDisks"));
    assert_eq!(names(&model(&op, "DescribeSourceServersDataDisk").fields), vec!["Index", "Path", "Size"]);
}

#[test]
fn tencent_api3_english_page() {
    let op = import_clean("tencent/cvm/TerminateInstances.md", CVM_TERMINATE);
    assert_eq!(op.name, "TerminateInstances");
    assert_eq!(op.version.as_deref(), Some("2017-03-12"));
    assert_eq!(names(&op.request), vec!["InstanceIds", "DryRun"]);
    let ids = field(&op.request, "InstanceIds");
    assert!(ids.required);
    assert_eq!(ids.constraints[0].rule, Rule::Items { min: None, max: Some(100) });
    assert_eq!(op.errors.len(), 7);
    // `## Example 1 ...` (level 2) with `### Request parameters` / `### Response parameters`.
    assert_eq!(op.examples.len(), 1);
    assert_eq!(op.examples[0].title, "Example 1 Terminate the instance with the specified ID");
    assert_eq!(op.examples[0].request, query(&[("InstanceIds.0", "ins-r8hr2upy"), ("InstanceIds.1", "ins-5d8a23rs")]));
    assert!(op.examples[0].response.is_some());
}

/// Tencent description cells with `<li>` items, as the pages write them (CVM), and the value
/// list each one is: the cell as the pipe-table reader flattens it, then the prose rule.
#[test]
fn tencent_li_items_after_an_intro_are_a_value_list() {
    let one_of = |v: &[&str]| Some(Rule::OneOf { values: v.iter().map(|s| s.to_string()).collect() });
    let cases: &[(&str, Option<Rule>)] = &[
        // AssociateInstancesKeyPairs ForceStop (a Boolean: the rule reads it, the row keeps no
        // list on a non-string); the `<br>Default: ...` after the list is no value.
        (
            "Whether to perform forced shutdown on the running instance. It is recommended to manually shut down the running instance before resetting the user password. Values: <li>TRUE: Perform a forced shutdown in case of a failure of normal shut-down. </li><li>FALSE: Do not. </li><br>Default: FALSE.",
            one_of(&["TRUE", "FALSE"]),
        ),
        // ModifyHostsAttribute RenewFlag: a sentence after the last `</li>`.
        (
            "Auto renewal flag. Value range: <li>NOTIFY_AND_AUTO_RENEW: notify expiry and renew automatically</li><li>NOTIFY_AND_MANUAL_RENEW: notify expiry but not renew automatically</li><li>DISABLE_NOTIFY_AND_MANUAL_RENEW: neither notify expiry nor renew automatically</li>If this parameter is specified as NOTIFY_AND_AUTO_RENEW, the instance will be automatically renewed on a monthly basis when the account balance is sufficient.",
            one_of(&["NOTIFY_AND_AUTO_RENEW", "NOTIFY_AND_MANUAL_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"]),
        ),
        // DataTypes DataDisk.DiskType: no space after the intro, a link before it.
        (
            "Type of system disk. For information on limits of data disk type, please see [CVM Instance Configuration](/document/product/213/2177). Value range:<li>LOCAL_BASIC: Local disk</li><li>LOCAL_SSD: Local SSD disk</li><li>CLOUD_BASIC: HHD cloud disk</li><li>CLOUD_PREMIUM: Premium cloud storage</li><li>CLOUD_SSD: SSD cloud disk</li><br>Default: LOCAL_BASIC.<br><br>This parameter is invalid for the API `ResizeInstanceDisk`.",
            one_of(&["LOCAL_BASIC", "LOCAL_SSD", "CLOUD_BASIC", "CLOUD_PREMIUM", "CLOUD_SSD"]),
        ),
        (
            "Instance business status. Value range:<li>NORMAL: Instance is normal</li><li>EXPIRED: Instance expired</li><li>PROTECTIVELY_ISOLATED: Instance is isolated</li>",
            one_of(&["NORMAL", "EXPIRED", "PROTECTIVELY_ISOLATED"]),
        ),
        // DataTypes Instance.RenewFlag: values in code spans, the last `<li>` never closed.
        (
            "Auto renewal flag. Value range:<li>`NOTIFY_AND_MANUAL_RENEW`: Notify expiry but not renew automatically</li><li>`NOTIFY_AND_AUTO_RENEW`: Notify expiry and renew automatically</li><li>`DISABLE_NOTIFY_AND_MANUAL_RENEW`: Neither notify expiry nor renew automatically.",
            one_of(&["NOTIFY_AND_MANUAL_RENEW", "NOTIFY_AND_AUTO_RENEW", "DISABLE_NOTIFY_AND_MANUAL_RENEW"]),
        ),
        // No intro phrase (RunInstances InstanceChargeType): left as prose.
        (
            "Instance [billing type](https://cloud.tencent.com/document/product/213/2180).<li>PREPAID: prepaid (by year/month)</li><li>POSTPAID_BY_HOUR: postpaid by hour</li><li>CDHPAID: exclusive parent host billing (based on the creation of CDH, and CDH resources are free of charge)</li>Default value: POSTPAID_BY_HOUR.",
            None,
        ),
        // Items that are sentences (RunInstances HostName, DescribeKeyPairs Filters.N).
        (
            "Server name of CVM.<li>Period (.) and hyphen (-) cannot be used as the first and the last character of HostName, and multiple consecutive hyphens (-) or periods (.) are not allowed.</li><li>Windows instance: The string length of the server name of CVM is [2, 15], and letters (case insensitive), digits, and hyphens (-) are allowed in the name, but period (.) is not supported and the name cannot be all digits.</li>",
            None,
        ),
        (
            "Filter conditions. <li> project-id - Integer - Required or not: No - (Filter condition) Filter by project ID. </li><li> key-name - String - Required or not: No - (Filter condition) Filter by key pair name. </li> This parameter does not support specifying both `KeyIds` and `Filters`.",
            None,
        ),
        // ImportKeyPair ProjectId: "either of the following ways:" is no intro.
        (
            "The ID of the [project](/document/product/378/10863) to which the created key pair belongs.<br><br> You can obtain the project ID by either of the following ways: <li>query the project ID via [Project List](https://console.cloud.tencent.com/project);</li><li>obtain the project ID from the `projectId` field in the returned values of API [DescribeProject](https://cloud.tencent.com/document/api/378/4400). </li><br>If it is the default project, enter 0.",
            None,
        ),
    ];
    for (cell, want) in cases {
        let lines = grammar::pipe::flatten_cell(cell);
        assert_eq!(crate::parse::prose::enumeration(&lines).map(|(r, _)| r), *want, "{cell}\n{lines:#?}");
    }
}

#[test]
fn tencent_value_lists_on_pages() {
    let op = import_clean("tencent/cvm/StopInstances.md", CVM_STOP);
    let stop_type = field(&op.request, "StopType");
    assert_eq!(stop_type.constraints.len(), 1);
    assert_eq!(stop_type.constraints[0].rule, Rule::OneOf { values: vec!["SOFT_FIRST".into(), "HARD".into(), "SOFT".into()] });
    assert_eq!(
        stop_type.constraints[0].source,
        "Value range: - SOFT_FIRST: Perform a forced shutdown in case of a failure of the normal shutdown \
         - HARD: Perform a forced shutdown directly - SOFT: Soft shutdown"
    );
    // The same list on a Boolean is no rule; a list without intro ("Shutdown billing mode<li>
    // KEEP_CHARGING: ...") stays a string.
    assert!(field(&op.request, "ForceStop").constraints.is_empty());
    assert!(field(&op.request, "StoppedMode").constraints.is_empty());
    // A models page: its structures' fields get their lists too.
    let file = SourceFile::new("tencent/cvm/DataTypes.md", CVM_DATA_TYPES);
    let mut diags = Diagnostics::new();
    let Some(spec::PageContent::Models(models)) = read_page(&file, &mut diags) else { panic!("not a models page: {diags}") };
    let instance = models.iter().find(|m| m.name == "Instance").expect("Instance");
    assert_eq!(
        field(&instance.fields, "RestrictState").constraints[0].rule,
        Rule::OneOf { values: vec!["NORMAL".into(), "EXPIRED".into(), "PROTECTIVELY_ISOLATED".into()] }
    );
}

#[test]
fn tencent_legacy_chinese_page() {
    let (op, diags) = import("tencent/batch/TerminateJob.md", BATCH_LEGACY);
    let op = op.expect("operation");
    // No Action row and no title: the name comes from "本接口（TerminateJob）用于终止作业。".
    assert_eq!(op.name, "TerminateJob");
    assert_eq!(op.domain.as_deref(), Some("batch.api.qcloud.com"));
    // `Version | String | 是 | API 版本号` is the common parameter, not a field.
    assert_eq!(names(&op.request), vec!["JobId"]);
    // The broken row `JobId | String | 作业 ID|-`: read, with a warning for its required cell.
    assert!(!op.request[0].required);
    assert_eq!(names(&op.response), vec!["RequestId"]);
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        vec![
            "JobNotFound",
            "InvalidBatchJobId.Malformed",
            "UnsupportedTerminateOperationWithEnvId",
            "InternalServerError"
        ]
    );
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(diags.iter().all(|d| d.severity == Severity::Warning), "{msgs:?}");
    // The description is in the Required column (`realign` swaps it back), so the row has no
    // Required flag: two warnings on its line.
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs.iter().all(|(line, _)| *line == 11), "{msgs:?}");
    assert!(msgs.iter().any(|(_, m)| m.contains("the Required cell holds the description")), "{msgs:?}");
    assert!(msgs.iter().any(|(_, m)| m.contains("cannot tell whether `JobId` is required")), "{msgs:?}");
    assert_eq!(op.request[0].description, vec!["作业 ID".to_string()]);
}

/// A TAT page as scraped from the web with its tables flattened to space-separated words
/// (the shape described in tests/corpus/README.md), reconstructed from the RunCommand page.
const TAT_FLATTENED: &str = "\
RunCommand
Last updated: 2024-01-19 15:35:42
1. API Description
Domain name for API request: tat.intl.tencentcloudapi.com.
This API is used to execute a command on one or more CVM or Lighthouse instances.
A maximum of 20 requests can be initiated per second for this API.
We recommend you to use API Explorer
2. Input Parameters
The following request parameter list only provides API request parameters and some common parameters. For the complete common parameter list, see Common Request Parameters.
Parameter Name Required Type Description
Action Yes String Common Params. The value used for this API: RunCommand.
Version Yes String Common Params. The value used for this API: 2020-10-28.
Region Yes String Common Params. For more information, please see the list of regions supported by the product.
Content Yes String Base64-encoded command. The maximum length is 64 KB.
InstanceIds.N Yes Array of String IDs of instances about to execute commands. Up to 100 IDs are allowed. Supported instance types:
CVM
LIGHTHOUSE
CommandName No String Command name. The name can be up to 60 characters, and contain [a-z], [A-Z], [0-9] and [_-.].
Timeout No Integer Timeout period for command execution. The default value is 60 seconds. Value range: [1, 86400].
Tags.N No Array of Tag Tags bound to the command. A maximum of 10 tags are allowed.
3. Output Parameters
Parameter Name Type Description
CommandId String Command ID.
RequestId String The unique request ID, generated by the server, will be returned for every request (if the request fails to reach the server for other reasons, the request will not obtain a RequestId). RequestId is required for locating a problem.
4. Example
Example1 Executing a command
Input Example
POST / HTTP/1.1
Host: tat.intl.tencentcloudapi.com
Content-Type: application/json
X-TC-Action: RunCommand
<Common request parameters>
{
    \"InstanceIds\": [\"ins-xxxxxxxx\"],
    \"Content\": \"ZWNobyBoZWxsbw==\"
}
Output Example
{
    \"Response\": {
        \"CommandId\": \"cmd-xxxxxxxx\",
        \"RequestId\": \"b1a4b6f4-9f2b-4e3b-8e4b-2b0f2a8b7c9d\"
    }
}
5. Developer Resources
TencentCloud API 3.0 integrates SDKs that support various programming languages to make it easier for you to call APIs.
6. Error Code
The following only lists the error codes related to the API business logic. For other error codes, see Common Error Codes.
Error Code Description
FailedOperation.CvmError CVM API call failed.
InternalError Internal error.
MissingParameter Missing parameter.
";

#[test]
fn scraped_page_with_flattened_tables() {
    let p = "tencent/tat/RunCommand.txt";
    let op = import_clean(p, TAT_FLATTENED);
    assert_eq!(op.name, "RunCommand");
    assert_eq!(
        op.description,
        vec!["This API is used to execute a command on one or more CVM or Lighthouse instances."]
    );
    assert_eq!(op.domain.as_deref(), Some("tat.intl.tencentcloudapi.com"));
    assert_eq!(op.version.as_deref(), Some("2020-10-28"));
    assert_eq!(op.rate_limit.as_ref().map(|r| r.per_second), Some(20));
    let req: Vec<(&str, &TypeRef, bool)> = op.request.iter().map(|f| (f.name.as_str(), &f.ty, f.required)).collect();
    assert_eq!(
        req,
        vec![
            ("Content", &TypeRef::String, true),
            ("InstanceIds", &arr(TypeRef::String), true),
            ("CommandName", &TypeRef::String, false),
            ("Timeout", &TypeRef::Integer, false),
            ("Tags", &arr(model_ty("Tag")), false),
        ]
    );
    // A description running over the next lines.
    let ids = field(&op.request, "InstanceIds");
    assert_eq!(
        ids.description,
        vec![
            "IDs of instances about to execute commands. Up to 100 IDs are allowed. Supported instance types:",
            "CVM",
            "LIGHTHOUSE"
        ]
    );
    assert_eq!(ids.constraints[0].rule, Rule::Items { min: None, max: Some(100) });
    assert_eq!(field(&op.request, "CommandName").constraints[0].rule, Rule::Length { min: None, max: Some(60) });
    assert_eq!(field(&op.request, "Timeout").constraints[0].rule, Rule::Range { min: Some(1), max: Some(86400) });
    // "The maximum length is 64 KB" is no length in characters.
    assert!(field(&op.request, "Content").constraints.is_empty());
    assert_eq!(names(&op.response), vec!["CommandId", "RequestId"]);
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, vec!["FailedOperation.CvmError", "InternalError", "MissingParameter"]);
    assert_eq!(op.errors[0].description, "CVM API call failed.");
    assert_eq!(op.examples.len(), 1);
    assert_eq!(op.examples[0].title, "Example1 Executing a command");
    assert!(matches!(&op.examples[0].request, Some(ExampleRequest::Json(body)) if body.contains("ins-xxxxxxxx")));
    assert!(op.examples[0].response.as_deref().is_some_and(|r| r.contains("cmd-xxxxxxxx")));
}

/// The TAT seed page with leading pipes on its table lines.
fn leading_pipes(text: &str) -> String {
    text.lines()
        .map(|l| if l.contains(" | ") || l.starts_with("---|") { format!("| {l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn scraped_page_with_leading_pipes_reads_like_the_seed() {
    let piped = leading_pipes(TAT);
    assert!(piped.lines().any(|l| l.starts_with("| Parameter Name | Required")));
    let a = import_clean(TAT_PATH, &piped);
    let b = import_clean(TAT_PATH, TAT);
    assert_eq!(a, b);
}

#[test]
fn alibaba_error_rows_of_one_code_are_folded_and_qps_limits_read() {
    let text = "\
# StopThings

Stops things.

## QPS limits

You can call this operation up to 100 times per second per account.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|StopThings|The operation that you want to perform. Set the value to StopThings. |
|ThingId.N|RepeatList|Yes|t-1|The IDs. Valid values of N: 1 to 10. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|r-1|The ID of the request. |

## Error codes

|HTTP status code|Error code|Error message|Description|
|----------------|----------|-------------|-----------|
|400|InvalidThing.NotFound|The thing does not exist.|The specified thing does not exist.|
|500|InternalError|An error occurred.|An internal error occurred.|
|400|InvalidThing.NotFound|The thing is being deleted.|The specified thing is being deleted.|

For a list of error codes, visit the [API Error Center](https://error-center.alibabacloud.com/status/product/Ecs).
";
    let op = import_clean("alibaba/x/StopThings.md", text);
    assert_eq!(op.rate_limit.as_ref().map(|r| r.per_second), Some(100));
    assert_eq!(op.description, vec!["Stops things."]);
    let ids = field(&op.request, "ThingId");
    assert_eq!((&ids.ty, ids.required), (&arr(TypeRef::String), true));
    assert_eq!(ids.constraints[0].rule, Rule::Items { min: None, max: Some(10) });
    let codes: Vec<(&str, &str)> = op.errors.iter().map(|e| (e.code.as_str(), e.description.as_str())).collect();
    assert_eq!(
        codes,
        vec![
            ("InvalidThing.NotFound", "The specified thing does not exist. / The specified thing is being deleted."),
            ("InternalError", "An internal error occurred."),
        ]
    );
}

#[test]
fn a_row_without_type_nests_nothing_without_an_example() {
    let text = "\
| Parameter Name | Required | Type | Description |
|---|---|---|---|
| Action | Yes | String | Common parameter. The value used for this API: DoThing. |
| Spec | No |  | The specification. |
| Name | No | String | The name. |
";
    let (op, diags) = import("x/DoThing.md", text);
    let op = op.expect("operation");
    let fields: Vec<(&str, &TypeRef)> = op.request.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
    assert_eq!(fields, vec![("Spec", &TypeRef::Json), ("Name", &TypeRef::String)]);
    assert!(op.models.is_empty());
    let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
    assert!(msgs.iter().any(|m| m.contains("`Spec` has no type")), "{msgs:?}");
}

#[test]
fn version_from_the_explorer_link_of_a_paragraph() {
    let link = "https://api.aliyun.com/#product=X&api=DoThing&type=RPC&version=2020-01-02";
    let table = "|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n|Name|String|No|a|The name. |\n";
    // Markdown: the link target, kept beside the link text, in a skipped section.
    let markdown = format!(
        "# DoThing\n\nDoes a thing.\n\n## Debugging\n\n[Call it in OpenAPI Explorer]({link})\n\n## Request parameters\n\n{table}"
    );
    let (op, _) = import("alibaba/x/DoThing.md", &markdown);
    assert_eq!(op.and_then(|o| o.version).as_deref(), Some("2020-01-02"));
    // Scraped text: the URL written out in a paragraph.
    let scraped = format!(
        "Service:DoThing\nDoes a thing.\nDebugging\nCall it in OpenAPI Explorer ({link})\nRequest parameters\n\
         Parameter\nType\nRequired\nDescription\nName\nString\nNo\nThe name.\n"
    );
    assert_eq!(detect_layout(&scraped), Layout::Scraped);
    let (op, _) = import("alibaba/x/DoThing.txt", &scraped);
    assert_eq!(op.and_then(|o| o.version).as_deref(), Some("2020-01-02"));
}

/// The module order of this folder's doc comment (in `mod.rs`): each module imports only the
/// page modules listed for it, so no step imports a later one and there is no circle.
#[test]
fn modules_import_only_what_the_module_order_allows() {
    let modules: &[(&str, &str, &[&str])] = &[
        ("lexicon", include_str!("lexicon.rs"), &[]),
        ("section", include_str!("section.rs"), &[]),
        ("table", include_str!("table.rs"), &[]),
        ("rows", include_str!("rows.rs"), &["lexicon", "table"]),
        ("example", include_str!("example.rs"), &["lexicon"]),
        ("block", include_str!("block.rs"), &["table"]),
        ("grammar", include_str!("grammar/mod.rs"), &[]),
        ("grammar::pipe", include_str!("grammar/pipe.rs"), &["lexicon", "table", "grammar"]),
        ("grammar::cells", include_str!("grammar/cells.rs"), &["lexicon", "section", "table", "grammar", "grammar::pipe"]),
        ("grammar::words", include_str!("grammar/words.rs"), &["lexicon", "section", "table", "grammar"]),
        ("grammar::bullets", include_str!("grammar/bullets.rs"), &["block", "table", "grammar"]),
        ("markdown", include_str!("markdown.rs"), &["block", "grammar", "grammar::bullets", "grammar::pipe", "lexicon", "table"]),
        (
            "scraped",
            include_str!("scraped.rs"),
            &["block", "grammar", "grammar::cells", "grammar::pipe", "grammar::words", "lexicon", "section"],
        ),
        ("realign", include_str!("realign.rs"), &["table"]),
        ("walk", include_str!("walk.rs"), &["block", "example", "realign", "rows", "section", "table"]),
        ("partial", include_str!("partial.rs"), &["block", "lexicon", "section", "table", "walk"]),
        ("name", include_str!("name.rs"), &["lexicon"]),
        ("facts", include_str!("facts.rs"), &[]),
        ("nesting", include_str!("nesting.rs"), &["rows"]),
        ("models", include_str!("models.rs"), &["nesting", "walk"]),
        ("assemble", include_str!("assemble.rs"), &["block", "walk", "partial", "example", "facts", "models", "name", "nesting"]),
        ("page", include_str!("mod.rs"), &["lexicon", "markdown", "scraped", "assemble", "table"]),
    ];
    for (module, text, allowed) in modules {
        for import in page_imports(module, text) {
            assert!(allowed.contains(&import.as_str()), "`{module}` imports `{import}`, which the module order does not allow");
        }
    }
}

/// The page modules a module's paths name (`use super::table::{Row, Table};` and
/// `super::lexicon::is_action_name(e)` -> `table`, `lexicon`; in `grammar/`,
/// `use super::{Line, pipe};` -> `grammar`, `grammar::pipe`), glob imports of tests
/// (`use super::*`) left out.
fn page_imports(module: &str, text: &str) -> Vec<String> {
    let in_grammar = module == "grammar" || module.starts_with("grammar::");
    let mut out = Vec::new();
    for (at, _) in text.match_indices("super::") {
        if text[..at].ends_with("super::") {
            continue;
        }
        let rest = &text[at + "super::".len()..];
        let (page_path, prefix) = match rest.strip_prefix("super::") {
            Some(p) => (p, ""),
            None if in_grammar => (rest, "grammar"),
            // `super` of `mod.rs` is `crate::parse`, not a page module.
            None if module == "page" => continue,
            None => (rest, ""),
        };
        let end = if page_path.starts_with('{') {
            page_path.find('}').unwrap_or(page_path.len())
        } else {
            page_path.find([';', '(', ')', ' ', '`', '\n', '>', '&']).unwrap_or(page_path.len())
        };
        let page_path = &page_path[..end];
        let names: Vec<&str> = match page_path.strip_prefix('{') {
            Some(group) => {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group.split(',').map(|n| n.trim().split("::").next().unwrap_or("")).collect()
            }
            None => vec![page_path.split("::").next().unwrap_or("")],
        };
        for name in names.into_iter().filter(|n| !n.is_empty() && *n != "*") {
            let is_module = name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && name != "self";
            let full = match prefix {
                "" => name.to_string(),
                p if is_module => format!("{p}::{name}"),
                p => p.to_string(),
            };
            if !out.contains(&full) {
                out.push(full);
            }
        }
    }
    out
}

#[test]
fn page_imports_reads_paths() {
    let text = "use super::lexicon::{\n    self, opens_json,\n};\nuse super::{a, b::C};\nlet x = super::table::f(y);\nuse super::*;";
    assert_eq!(page_imports("walk", text), vec!["lexicon", "a", "b", "table"]);
    let text = "use super::super::table::{Row, Table};\nuse super::{Line, pipe};";
    assert_eq!(page_imports("grammar::cells", text), vec!["table", "grammar", "grammar::pipe"]);
}

const DTS_JOBS: &str = include_str!("../../../../specs/tencent/dts/DescribeMigrateJobs.md");
const SMC_STOP: &str = include_str!("../../../../specs/alibaba/smc/StopReplicationJob.md");

/// The page up to the end of the first `after` in it: a real page cut short there.
fn cut_after(text: &str, after: &str) -> String {
    let at = text.find(after).unwrap_or_else(|| panic!("{after:?} not in the page")) + after.len();
    text[..at].to_string()
}

/// Real pages cut where each truncation rule (partial.rs, rows.rs, the layouts) looks: every
/// cut gives its warning, on the line that shows the loss, with a note.
#[test]
fn cut_pages_say_what_they_lost() {
    let cases: &[(&str, String, &str, u32)] = &[
        // A Markdown row cut inside its last cell.
        (DTS_PATH, cut_after(DTS, "| RequestId | String | The unique request ID, which is returned for"), "ends inside this table row", 28),
        // A scraped pipe row cut inside a cell, and one cut before its first pipe.
        (TAT_PATH, cut_after(TAT, "RequestId | String | The u"), "ends inside this table row", 20),
        (TAT_PATH, cut_after(TAT, "InvalidParameter | Invalid parameter. |\nInva"), "right after a table", 43),
        // A section that ends where its table was expected.
        (DTS_PATH, cut_after(DTS, "## 3. Output Parameters\n\n"), "`3. Output Parameters` ends without its parameter table", 24),
        // An error-code section without codes (its lead sentence promises them).
        (DTS_PATH, cut_after(DTS, "## 4. Error Codes\n\nThe following o"), "`4. Error Codes` ends without error codes", 30),
        // A code block never closed.
        (DTS_PATH, cut_after(DTS, "&JobId=dts-1kl0iy0v\n"), "never closed", 49),
        // A Tencent API 3.0 page without its example (cut after the error codes).
        (DTS_PATH, cut_after(DTS, "| ResourceNotFound.JobNotExist | The migration task does not exist. |\n"), "has no example", 41),
        // A Tencent API 3.0 response table without `RequestId` (cut after the row before it).
        ("tencent/dts/DescribeMigrateJobs.md", cut_after(DTS_JOBS, "| Array of task details |\n"), "no `RequestId` row", 32),
        // An Alibaba page that ends with its response table, before its error codes.
        ("alibaba/smc/StopReplicationJob.md", cut_after(SMC_STOP, "|The ID of the request. |\n"), "ends before its error codes", 24),
        ("alibaba/smc/StopReplicationJob.md", cut_after(SMC_STOP, "## Examples\n\n"), "ends before its error codes", 26),
        // A scraped Alibaba error table that ends the page (cut inside a row).
        (
            "alibaba/smc/DeleteSourceServer.txt",
            cut_after(SMC, "400 SourceServerState.Invalid The specified source server status"),
            "the page ends inside an error-code table: its last row stops mid-sentence",
            142,
        ),
        // A Tencent API 3.0 example cut after its input, before its output.
        ("tencent/cvm/TerminateInstances.md", cut_after(CVM_TERMINATE, "### Response parameters\n"), "has no output", 45),
        // Error codes cut off while a skipped section (Developer Resources) is read: on this
        // layout they come last.
        ("tencent/batch/TerminateJob.md", cut_after(BATCH, "## 5. Developer Resources\n"), "ends before its error codes", 51),
        // An error table cut after its rule, before its first row.
        ("tencent/batch/TerminateJob.md", cut_after(BATCH, "| Error Code | Description |\n|---------|"), "ends without error codes", 65),
        // A request body cut inside its JSON.
        (TAT_PATH, cut_after(TAT, "\"InvocationId\": \"inv-ib2lld37\",\n"), "request body does not parse", 21),
    ];
    for (path, text, want, line) in cases {
        let (_, diags) = import(path, text);
        let found = diags.iter().find(|d| d.message.contains(want));
        let all: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.span.line, d.message)).collect();
        let d = found.unwrap_or_else(|| panic!("{path}: no `{want}` warning: {all:?}"));
        assert_eq!((d.severity, d.span.line), (Severity::Warning, *line), "{path}: {all:?}");
        assert!(d.note.is_some(), "{path}: {all:?}");
    }
}

/// The cut rows as the pipe grammars flag them: only a row the page ends inside, and only
/// when the header closes its cells with a pipe (legacy pages write neither).
#[test]
fn rows_the_page_ends_inside() {
    let cut = |text: &str| {
        let (blocks, _) = {
            let file = SourceFile::new("t.md", text);
            let mut diags = Diagnostics::new();
            (markdown::read(&file, &mut diags), diags)
        };
        blocks.iter().find_map(|b| match b { block::Block::Table(t) => Some(t.rows.iter().map(|r| r.cut).collect::<Vec<_>>()), _ => None })
    };
    let header = "| Parameter Name | Type | Description |\n|---------|---------|---------|\n";
    let cases: &[(String, Vec<bool>)] = &[
        (format!("{header}| RequestId | String | The unique request ID, which is returned for"), vec![true]),
        (format!("{header}| RequestId | String | The unique request ID. |\n"), vec![false]),
        (format!("{header}| TotalCount | Integer | Number of tasks |\n| RequestId | String | The unique"), vec![false, true]),
        ("名称 | 类型  | 是否必选 | 描述\n-----|------|-----|------\nJobId | String | 作业 ID|-".to_string(), vec![false]),
    ];
    for (text, want) in cases {
        assert_eq!(cut(text).as_ref(), Some(want), "{text:?}");
    }
}

/// The Data Types page of DTS, the start of it (tests/corpus/tencent/dts/2018-03-30/DataTypes.md).
const DTS_DATA_TYPES: &str = "\
## ConsistencyParams

Sampling parameters in a sampling test

Referenced by the following APIs: CreateMigrateJob, DescribeMigrateJobs, and ModifyMigrateJob.

| Name | Type | Required | Description |
|------|------|----------|------|
| SelectRowsPerTable | Integer | Yes | An integer between 1 and 100. The proportion of sampling rows per table in select(*) comparison. |

## MigrateOption

Migration task configuration options

| Name | Type | Required | Description |
|------|------|----------|------|
| ConsistencyType | Integer | No | Consistency type. |
| ConsistencyParams | [ConsistencyParams](#ConsistencyParams) | No | Sampling parameters. |

## MigrateDetailInfo

Detailed migration process

| Name | Type | Description |
|------|------|-------|
| StepAll | Integer | Total number of steps |
";

#[test]
fn a_models_page_is_read_as_the_structures_it_defines() {
    let file = SourceFile::new("tencent/dts/DataTypes.md", DTS_DATA_TYPES);
    let mut diags = Diagnostics::new();
    let Some(spec::PageContent::Models(models)) = read_page(&file, &mut diags) else { panic!("not a models page: {diags}") };
    assert!(diags.is_empty(), "{diags}");
    let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["ConsistencyParams", "MigrateOption", "MigrateDetailInfo"]);
    assert_eq!(models[0].description[0], "Sampling parameters in a sampling test");
    let rows = &models[0].fields[0];
    assert_eq!((rows.name.as_str(), &rows.ty, rows.required), ("SelectRowsPerTable", &TypeRef::Integer, true));
    // A link inside the page names the structure: `[ConsistencyParams](#ConsistencyParams)`.
    assert_eq!(field(&models[1].fields, "ConsistencyParams").ty, model_ty("ConsistencyParams"));
    assert_eq!(models[1].span.line, 11);
    // `import` is for operations: a models page is an error there, not a panic.
    let (op, diags) = import("tencent/dts/DataTypes.md", DTS_DATA_TYPES);
    assert!(op.is_none() && diags.has_errors());
}

/// Batch DescribeComputeEnvs (tests/corpus/tencent/batch/2017-03-12/DescribeComputeEnvs.md),
/// its request and the structures under it.
const BATCH_FILTERS: &str = "\
## 1. 接口描述
本接口（DescribeComputeEnvs）用于查看计算环境列表。
接口请求域名：batch.api.qcloud.com

## 2. 输入参数
名称 | 类型  | 是否必选 | 描述
-----|------|-----|------
Version | String | 是 | API版本号
Filters.N | Array of Filter objects | 否 | 过滤条件，详见过滤条件表。参数不支持同时指定EnvIds和Filters

#### Filter
名称 | 类型 | 是否必选 | 描述
-----|------|-----|------
Name | String | 是 | 过滤键的名称
Values.N | array of Strings | 是 | 若干个过滤值

#### 过滤条件表
名称 | 类型  | 是否必选 | 描述
-----|------|-----|------
env-id | String | 否 | 过滤计算环境 ID
env-name | String | 否 | 过滤计算环境名称
zone | String | 否 | 过滤可用区

## 3. 输出参数
名称 | 类型  | 描述
-----|------|------
ComputeEnvSet | array of ComputeEnvView objects | 计算环境列表

####  ComputeEnvView
名称 | 类型  | 描述
-----|------|------
EnvId | String | 计算环境ID
Placement | Placement object | 位置信息

#### Placement
";

#[test]
fn structures_defined_under_their_own_heading_on_an_operation_page() {
    let (op, diags) = import("tencent/batch/DescribeComputeEnvs.md", BATCH_FILTERS);
    let op = op.expect("operation");
    // The filter-name table is no parameter table: no `zone` field.
    assert_eq!(names(&op.request), vec!["Filters"]);
    assert_eq!(field(&op.request, "Filters").ty, arr(model_ty("Filter")));
    assert_eq!(names(&model(&op, "Filter").fields), vec!["Name", "Values"]);
    assert_eq!(field(&model(&op, "Filter").fields, "Values").ty, arr(TypeRef::String));
    assert!(field(&model(&op, "Filter").fields, "Values").required);
    assert_eq!(field(&op.response, "ComputeEnvSet").ty, arr(model_ty("ComputeEnvView")));
    assert_eq!(field(&model(&op, "ComputeEnvView").fields, "Placement").ty, model_ty("Placement"));
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    // The values table and the heading without a table say what was not read.
    assert!(msgs.iter().any(|(l, m)| *l == 17 && m.contains("`过滤条件表`")), "{msgs:?}");
    assert!(msgs.iter().any(|(l, m)| *l == 18 && m.contains("lists values, not parameters")), "{msgs:?}");
    assert!(msgs.iter().any(|(l, m)| *l == 35 && m.contains("unknown section heading `Placement`")), "{msgs:?}");
}

/// CVM DescribeImportImageOs (tests/corpus/tencent/cvm/2017-03-12/DescribeImportImageOs.md),
/// its output table and the start of its example.
const CVM_IMPORT_OS: &str = "\
## 3. Output Parameters

| Parameter Name | Type | Description |
|---------|---------|---------|
| ImportImageOsListSupported | Array of String | Supported operating system types of imported images |
| RequestId | String | The unique request ID, which is returned for each request. |

## 5. Example

### Response parameters

```
{
  \"Response\": {
    \"ImportImageOsListSupported\": {
      \"linux\": [\"CentOS\", \"Redhat\"],
      \"windows\": [\"Windows Server 2008\"]
    },
    \"RequestId\": \"b0ac1f8c-8be6-4bd2-8f5d-3a3e2c4e5f6a\"
  }
}
```
";

#[test]
fn a_list_the_example_shows_as_an_object_of_lists_is_json() {
    let (op, diags) = import("tencent/cvm/DescribeImportImageOs.md", CVM_IMPORT_OS);
    let op = op.expect("operation");
    assert_eq!(field(&op.response, "ImportImageOsListSupported").ty, TypeRef::Json);
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(msgs.iter().any(|(l, m)| *l == 5 && m.contains("object of lists (`linux`, `windows`)")), "{msgs:?}");
}

/// Batch DescribeJob (tests/corpus/tencent/batch/2017-03-12/DescribeJob.md): a structure
/// whose heading is spelled in lower case.
const BATCH_DEPENDENCE: &str = "\
## 1. 接口描述
本接口（DescribeJob）用于查看一个作业的详细信息。

## 3. 输出参数
名称 | 类型  | 描述
-----|------|-----
DependenceSet | array of Dependence objects | 依赖关系，工作流DAG中边

#### dependence
名称 | 类型  | 描述
-----|------|-----|------
StartTask | String | 依赖关系的起点任务名称
EndTask | String |  依赖关系的起点任务名称
";

#[test]
fn a_structure_heading_takes_the_spelling_its_users_give() {
    let (op, diags) = import("tencent/batch/DescribeJob.md", BATCH_DEPENDENCE);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["DependenceSet"]);
    assert_eq!(names(&model(&op, "Dependence").fields), vec!["StartTask", "EndTask"]);
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(msgs.iter().any(|(l, m)| *l == 9 && m.contains("spelled `Dependence`")), "{msgs:?}");
}

/// An Alibaba page with the given response rows (real rows of corpus pages) and JSON example.
fn alibaba_page(action: &str, response_rows: &str, example: &str) -> String {
    format!(
        "# {action}\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n\
         |---------|----|--------|-------|-----------|\n\
         |Action|String|Yes|{action}|The operation that you want to perform. Set the value to {action}.|\n\n\
         ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---------|----|-------|-----------|\n\
         {response_rows}\n## Examples\n\nSample success responses\n\n`JSON` format\n\n```\n{example}\n```\n\n\
         ## Error codes\n\n|HTTP status code|Error code|Error message|Description|\n\
         |----------------|----------|-------------|-----------|\n\
         |400|InvalidParam.PageSize|The specified parameter is invalid.|The error message returned.|\n"
    )
}

fn field_types(op: &spec::Operation, fields: &[Field]) -> Vec<(String, String)> {
    let _ = op;
    fields.iter().map(|f| (f.name.clone(), f.ty.to_string())).collect()
}

#[test]
fn a_list_the_example_shows_bare_is_a_list() {
    // Bastionhost ListHostGroupAccountNamesForUser: a `List` row whose example answer is the
    // list itself, not an object named after its element; the list type reads it.
    let rows = "\
|RequestId|String|EC9BF0F4-8983-491A-BC8C-1B4DD94976DE|The ID of the request. |
|HostAccountNames|List|\\[\"abc\"\\]|The names of host accounts returned. |
";
    let example = "{\n\t\"RequestId\": \"EC9BF0F4-8983-491A-BC8C-1B4DD94976DE\",\n\t\"HostAccountNames\": [\"abc\"]\n}";
    let page = alibaba_page("ListHostGroupAccountNamesForUser", rows, example);
    let op = import_clean("alibaba/yundun_bastionhost/ListHostGroupAccountNamesForUser.md", &page);
    assert_eq!(field(&op.response, "HostAccountNames").ty, arr(TypeRef::String));
    // The same row where the example does not show the field: read as JSON, with a warning.
    let page = alibaba_page("ListHostGroupAccountNamesForUser", rows, "{\"RequestId\": \"EC9BF0F4\"}");
    let (op, diags) = import("alibaba/yundun_bastionhost/ListHostGroupAccountNamesForUser.md", &page);
    assert_eq!(field(&op.expect("operation").response, "HostAccountNames").ty, TypeRef::Json);
    assert!(diags.iter().any(|d| d.message.contains("`HostAccountNames` is a `List`")));
    // Domain QueryDomainByInstanceId: the example spells the row in another case and shows a
    // bare list, where the XML beside it and the wire wrap it (`"DnsList": {"Dns": [..]}`): a
    // hand-written example, whose shape is no evidence.
    let rows = "|RequestId|String|E879DC07-38EE-4408-9F33-73B30CD965CD|The ID of the request. |\n\
|DnsList|List|dns1.hichina.com,dns2.hichina.com|The Domain Name System \\(DNS\\) servers of the domain name. |\n";
    let example = "{\n  \"RequestId\": \"E879DC07-38EE-4408-9F33-73B30CD965CD\",\n  \"dnsList\": [\n    \"dns1.hichina.com\",\n    \"dns2.hichina.com\"\n  ]\n}";
    let (op, _) = import("alibaba/domain/QueryDomainByInstanceId.md", &alibaba_page("QueryDomainByInstanceId", rows, example));
    assert_eq!(field(&op.expect("operation").response, "DnsList").ty, TypeRef::Json);
}

/// VOD CreateAudit (2021): a String parameter whose value is JSON, and a section named after
/// it whose table lists that JSON's members (rows as written: one cell per line).
const VOD_AUDIT_CONTENT: &str = "\
# CreateAudit

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|CreateAudit|The operation that you want to perform. Set the value to **CreateAudit**. |
|AuditContent|String|Yes|\\[\\{\"VideoId\":\"93ab850b4f\\*\\*\\*\\*\\*b54b6e91d24d81d4\",\"Status\":\"Normal\"\\}\\]|The array of the review content.

For more information about the parameters in AuditContent, see the **AuditContent** section of this topic. |

## AuditContent

|Parameter

|Type

|Required

|Description |
|-----------|------|----------|-------------|
|VideoId

|String

|Yes

|The ID of the video. |
|Reason

|String

|No

|The reason for blocking the video if the Status parameter is set to Blocked. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|25818875-5F78-4A13-BEF6-D7393642CA58|The ID of the request. |
";

#[test]
fn a_table_under_a_json_text_parameters_name_describes_its_value() {
    let (op, diags) = import("alibaba/vod/CreateAudit.md", VOD_AUDIT_CONTENT);
    let op = op.expect("operation");
    // `VideoId` (required in its table) is no parameter of the operation: a call that sets
    // only `AuditContent` is whole.
    assert_eq!(names(&op.request), vec!["AuditContent"]);
    let audit = field(&op.request, "AuditContent");
    assert_eq!(audit.ty, TypeRef::String);
    let doc = audit.description.join("\n");
    assert!(doc.contains("- `VideoId` (String, required): The ID of the video."), "{doc}");
    assert!(doc.contains("- `Reason` (String): The reason for blocking"), "{doc}");
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(msgs.iter().any(|(l, m)| *l == 14 && m.contains("JSON value of `AuditContent` (line 12)")), "{msgs:?}");
    // Bastionhost AttachHostAccountsToUser: the same, under a caption instead of a heading.
    let captioned = VOD_AUDIT_CONTENT.replace("## AuditContent\n", "Description of the AuditContent parameter\n");
    let (op, _) = import("alibaba/vod/CreateAudit.md", &captioned);
    assert_eq!(names(&op.expect("operation").request), vec!["AuditContent"]);
    // The same heading with an attribute block (2018-2020 pages: `{#section_x .section}`).
    let attributed = VOD_AUDIT_CONTENT.replace("## AuditContent\n", "## AuditContent {#section_b2c_kdd_xhb .section}\n");
    let (op, _) = import("alibaba/vod/CreateAudit.md", &attributed);
    assert_eq!(names(&op.expect("operation").request), vec!["AuditContent"]);
    // A heading that names no parameter of the request keeps its old reading.
    let other = VOD_AUDIT_CONTENT.replace("## AuditContent\n", "## Content\n");
    let (op, _) = import("alibaba/vod/CreateAudit.md", &other);
    assert!(names(&op.expect("operation").request).contains(&"VideoId"));
}

/// Smart Access Gateway DescribeRegions (2018): a `List` row ends the response table, and
/// the table right after it lists the element's fields.
fn smartag_regions(example: &str) -> String {
    format!(
        "# DescribeRegions {{#reference_ugs_f1g_cz .reference}}\n\n\
         ## Request parameters {{#section_x .section}}\n\n|Name|Type|Required|Description|\n|:---|:---|:-------|:----------|\n\
         |Action|String|Yes|The name of this action. Value: DescribeRegions|\n\n\
         ## Response parameters {{#section_ugs_f1g_cz .section}}\n\n\
         |Name|Type|Description|\n|:---|:---|:----------|\n|RequestId|String|The ID of the request.|\n|Regions|List|A list of regions.|\n\n\
         |Name |Type|Description|\n|:----|:---|:----------|\n|RegionId|String|The ID of the region.|\n\
         |Localname|String|The name of the region.|\n|RegionEndpoint|String|The service endpoint of the region.|\n\n\
         ## Examples {{#section_ix5_h1g_cz .section}}\n\n**Response example**\n\nJSON format\n\n```\n{example}\n```\n"
    )
}

#[test]
fn a_table_right_after_a_list_row_lists_its_elements_fields() {
    let example = "{\n    \"RequestId\": \"2F026E79-30AD-47B6-9E7D-D1D4BA77F1F1\", \n    \"Regions\": {\n        \"Region\": [\n            {\n                \"RegionId\": \"cn-qingdao\", \n                \"RegionEndpoint\": \"vpc.aliyuncs.com\", \n                \"LocalName\": \"China (Qingdao)\"\n            }\n        ]\n    }\n}";
    let (op, _) = import("alibaba/smartag/DescribeRegions.md", &smartag_regions(example));
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["RequestId", "Regions"]);
    // The wrapper the example shows names the element.
    let wrapper = model(&op, "DescribeRegionsRegions");
    assert_eq!((wrapper.fields[0].name.as_str(), &wrapper.fields[0].ty), ("Region", &arr(model_ty("DescribeRegionsRegion"))));
    assert_eq!(names(&model(&op, "DescribeRegionsRegion").fields), vec!["RegionId", "Localname", "RegionEndpoint"]);
    // Without an example naming the element, the list is JSON (a list type would not read
    // the wrapper object) whose description lists the fields; they are no fields of the answer.
    let (op, diags) = import("alibaba/smartag/DescribeRegions.md", &smartag_regions("{\"RequestId\": \"2F026E79\"}"));
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["RequestId", "Regions"]);
    let regions = field(&op.response, "Regions");
    assert_eq!(regions.ty, TypeRef::Json);
    assert!(regions.description.iter().any(|d| d == "- `RegionId` (string): The ID of the region."), "{:?}", regions.description);
    assert!(diags.iter().any(|d| d.message.contains("`Regions` is a `List` of structures")), "{diags}");
    // A caption between the tables ends the list: the second table is the answer's again.
    let captioned = smartag_regions(example).replace("\n\n|Name |Type|", "\n\nOther fields:\n\n|Name |Type|");
    let (op, _) = import("alibaba/smartag/DescribeRegions.md", &captioned);
    assert!(names(&op.expect("operation").response).contains(&"RegionEndpoint"));
}

/// AnalyticDB DescribeAccounts (2019): `## Sample requests` and `## Sample responses` are the
/// examples' headings, level 2, with no `Examples` section around them.
#[test]
fn sample_request_and_response_headings_start_the_examples() {
    let page = "# DescribeAccounts {#concept_f12_hcm_q2b .concept}\n\n\
        ## Request parameters { .section}\n\n|Name|Type|Required|Description|\n|----|----|--------|-----------|\n\
        |DBInstanceId|String|Yes|The ID of the instance.|\n\n\
        ## Response parameters { .section}\n\n|Name |Type|Description|\n|-----|----|-----------|\n\
        |Accounts|List<DBInstanceAccount\\>|The list of accounts.|\n\n\
        |Name|Type|Description|\n|----|----|-----------|\n|DBInstanceId|String |The instance name.|\n|AccountName|String|The account name.|\n\n\
        ## Sample requests { .section}\n\n```\nhttps://gpdb.aliyuncs.com/?Action=DescribeAccounts\n&DBInstanceId=gp-xxxxxxx\n&<Common request parameters>\n```\n\n\
        ## Sample responses { .section}\n\n**JSON format**\n\n```\n{\n    \"Accounts\": {\n      \"DBInstanceAccount\": [\n        {\n          \"DBInstanceId\": \"gp-xxxxxxx\", \n          \"AccountName\": \"testaccount_1\"\n        }\n      ]\n    }, \n    \"RequestId\": \"7565770E-7C45-462D-BA4A-8A5396F2CAD1\"\n  }\n```\n";
    // Without its example the list's element is named nowhere: `List<DBInstanceAccount>` is
    // wrapped on the wire like any `List`, so it is JSON, its fields described.
    let bare = page.split("## Sample requests").next().unwrap_or_default();
    let (op, diags) = import("alibaba/gpdb/DescribeAccounts.md", bare);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["Accounts"]);
    assert_eq!(field(&op.response, "Accounts").ty, TypeRef::Json);
    assert!(diags.iter().any(|d| d.message.contains("`Accounts` is a `List` of structures")), "{diags}");
    let (op, _) = import("alibaba/gpdb/DescribeAccounts.md", page);
    let op = op.expect("operation");
    assert_eq!(op.examples.len(), 1);
    assert!(op.examples[0].request.is_some() && op.examples[0].response.is_some());
    assert_eq!(names(&op.response), vec!["Accounts"]);
    let wrapper = model(&op, "DescribeAccountsAccounts");
    assert_eq!(wrapper.fields[0].name, "DBInstanceAccount");
    assert_eq!(names(&model(&op, "DescribeAccountsDBInstanceAccount").fields), vec!["DBInstanceId", "AccountName"]);
}

#[test]
fn example_keys_in_another_case_are_evidence_for_the_rows() {
    // AnalyticDB DescribeDBInstanceNetInfo: the rows say `ConnectionString`, `IPAddress`; the
    // example writes `connectionString`, `ipAddress`. The rows' spelling is the wire's.
    let rows = "\
|RequestId|String|7565770E-7C45-462D-BA4A-8A5396F2CAD1|The ID of the request. |
|InstanceNetworkType|String|Classic|The network type of the instance. |
|DBInstanceNetInfos|Array| |The connection information of the instance. |
|ConnectionString|String|gp-xxxxxxx.gpdb.rds.aliyuncs.com|The URL of the database. |
|IPAddress|String|127.0.0.1|The IP address. |
|Port|String|3432|The port information. |
";
    let example = "{\n\t\"instanceNetworkType\": \"Classic\",\n\t\"DBInstanceNetInfos\": {\n\t\t\"DBInstanceNetInfo\": [\n\t\t\t{\n\t\t\t\t\"DBInstanceNetType\": \"1\",\n\t\t\t\t\"connectionString\": \"gp-xxxxxxx.gpdb.rds.aliyuncs.com\",\n\t\t\t\t\"ipAddress\": \"127.0.0.1\",\n\t\t\t\t\"port\": \"3432\"\n\t\t\t}\n\t\t]\n\t},\n\t\"RequestId\": \"7565770E-7C45-462D-BA4A-8A5396F2CAD1\"\n}";
    let (op, _) = import("alibaba/gpdb/DescribeDBInstanceNetInfo.md", &alibaba_page("DescribeDBInstanceNetInfo", rows, example));
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["RequestId", "InstanceNetworkType", "DBInstanceNetInfos"]);
    let element = model(&op, "DescribeDBInstanceNetInfoDBInstanceNetInfo");
    assert_eq!(names(&element.fields), vec!["ConnectionString", "IPAddress", "Port"]);
}

#[test]
fn an_empty_list_before_rows_the_answer_lacks_holds_them() {
    // Domain ResendEmailVerification: `SuccessList` is empty in the example, and the answer
    // has no `Code`, `Email` or `Message` of its own; `FailList` shows the same fields.
    let rows = "\
|FailList|Array| |The information about the email address to which a new verification email failed to be sent. |
|Code|String|SendTokenQuotaExceeded|The code returned for the request. |
|Email|String|test1@aliyun.com|The email address to which you attempted to send a new verification email. |
|SuccessList|Array| |The information about the email address to which a new verification email was sent. |
|Code|String|Success|The code returned for the request. |
|Email|String|test2@aliyun.com|The email address to which you attempted to send a new verification email. |
|RequestId|String|0EA54E99-DB48-4CE3-A099-6ED8E451B8AC|The ID of the request. |
";
    let example = "{\n  \"failList\": [\n    {\n      \"code\": \"SendTokenQuotaExceeded\",\n      \"email\": \"test1@aliyun.com\"\n    }\n  ],\n  \"requestId\": \"0EA54E99-DB48-4CE3-A099-6ED8E451B8AC\",\n  \"successList\": []\n}";
    let (op, _) = import("alibaba/domain/ResendEmailVerification.md", &alibaba_page("ResendEmailVerification", rows, example));
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["FailList", "SuccessList", "RequestId"]);
    assert_eq!(names(&model(&op, "ResendEmailVerificationSuccessList").fields), vec!["Code", "Email"]);
    // An empty list before a row the answer has is a list of its own (here of JSON).
    let example = example.replace("\"requestId\"", "\"code\": \"x\", \"requestId\"");
    let (op, _) = import("alibaba/domain/ResendEmailVerification.md", &alibaba_page("ResendEmailVerification", rows, &example));
    let op = op.expect("operation");
    assert!(names(&op.response).contains(&"Code"), "{:?}", names(&op.response));
}

#[test]
fn a_table_a_sentence_says_is_inside_a_map_of_the_answer_describes_it() {
    // ROS GetTemplateEstimateCost: `Resources | Map`, then "The following table describes the
    // parameters in the Resources section." and the map's members.
    let rows = "\
|Resources|Map|The parameters in the Resources section|The details about resources. |
|RequestId|String|B288A0BE-D927-4888-B0F7-B35EF84B6E6F|The ID of the request. |

The following table describes the parameters in the Resources section.

|Parameter|Type|Example|Description |
|-----------|------|---------|-------------|
|Order| | |Details about the order. |
|Currency|String|CNY|The currency unit. |
";
    let (op, diags) = import("alibaba/ros/GetTemplateEstimateCost.md", &alibaba_page("GetTemplateEstimateCost", rows, "{}"));
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["Resources", "RequestId"]);
    let resources = field(&op.response, "Resources");
    assert_eq!(resources.ty, TypeRef::Json);
    assert!(resources.description.iter().any(|d| d == "- `Currency` (String): The currency unit."), "{:?}", resources.description);
    assert!(diags.iter().any(|d| d.message.contains("JSON value of `Resources`")), "{diags}");
}

#[test]
fn a_table_after_a_list_of_strings_or_with_the_answers_own_fields_is_no_element() {
    // A list of strings (`Array of String`) before a table: the table is the answer's.
    let page = smartag_regions("{\"RequestId\": \"2F026E79\"}").replace("|Regions|List|A list of regions.|", "|Regions|Array of String|A list of regions.|");
    let (op, _) = import("alibaba/smartag/DescribeRegions.md", &page);
    let op = op.expect("operation");
    assert_eq!(field(&op.response, "Regions").ty, arr(TypeRef::String));
    assert!(names(&op.response).contains(&"RegionEndpoint"));
    // A table that lists `RequestId` is the answer's own, whatever comes before it.
    let page = smartag_regions("{\"RequestId\": \"2F026E79\"}").replace("|RegionId|String|The ID of the region.|", "|RequestId|String|The ID of the request.|");
    let (op, _) = import("alibaba/smartag/DescribeRegions.md", &page);
    assert!(names(&op.expect("operation").response).contains(&"RegionEndpoint"));
}

#[test]
fn a_json_value_heading_belongs_to_its_own_side_and_only_to_the_next_table() {
    // The answer's map, under a heading of its own name after the response table.
    let page = "# GetThing\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
        |Action|String|Yes|GetThing|The operation.|\n|Resources|String|No|x|A request field of the same name.|\n\n\
        ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n\
        |Resources|Map| |The details about resources. |\n|RequestId|String|B288A0BE|The ID of the request. |\n\n\
        ### Resources\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n|Currency|String|CNY|The currency unit. |\n";
    let (op, _) = import("alibaba/ros/GetThing.md", page);
    let op = op.expect("operation");
    assert!(field(&op.response, "Resources").description.iter().any(|d| d.starts_with("- `Currency`")), "{op:?}");
    assert!(field(&op.request, "Resources").description.iter().all(|d| !d.contains("Currency")));
    // A caption followed by a structure's heading and table: the caption ends at the heading.
    let page = VOD_AUDIT_CONTENT.replace("## AuditContent\n", "Description of the AuditContent parameter\n\n#### Filter\n");
    let (op, _) = import("alibaba/vod/CreateAudit.md", &page);
    let op = op.expect("operation");
    assert!(field(&op.request, "AuditContent").description.iter().all(|d| !d.contains("VideoId")));
}

#[test]
fn level_two_request_and_response_headings_are_no_examples() {
    // `## Request` / `## Response` over the parameter tables stay their sections; only a
    // heading that names a sample or an example starts the examples.
    let page = "# DescribeThings\n\n## Request\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n\
        |Action|String|Yes|DescribeThings|The operation.|\n|ThingId|String|Yes|t-1|The thing.|\n\n\
        ## Response\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n|RequestId|String|B288A0BE|The ID of the request. |\n|Things|List|a|The things. |\n\n\
        |Parameter|Type|Example|Description|\n|---|---|---|---|\n|ThingName|String|a|The name. |\n\n\
        ## Examples\n\n```\n{\"RequestId\": \"B288A0BE\", \"Things\": {\"Thing\": [{\"ThingName\": \"a\"}]}}\n```\n";
    let (op, _) = import("alibaba/x/DescribeThings.md", page);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["ThingId"]);
    // In the response section, the table after the list row is the element's.
    assert_eq!(names(&op.response), vec!["RequestId", "Things"]);
    assert_eq!(names(&model(&op, "DescribeThingsThing").fields), vec!["ThingName"]);
    assert!(op.examples.iter().any(|e| e.response.as_deref().is_some_and(|r| r.contains("ThingName"))));
}

#[test]
fn a_second_input_section_listing_request_id_is_the_answer() {
    // Tencent Billing DescribeBillResourceSummary (2019): the output table under a second
    // `## 3. Input Parameters`.
    let page = "## 1. API Description\n\nAPI domain name: billing.tencentcloudapi.com.\n\n\
        This API is used to query resource bill details.\n\n## 2. Input Parameters\n\n\
        | Parameter Name | Required | Type | Description |\n|---------|---------|---------|---------|\n\
        | Action | Yes | String | Common parameter. The value used for this API: DescribeBillResourceSummary |\n\
        | Version | Yes | String | Common parameter. The value used for this API: 2018-07-09 |\n\
        | Offset | Yes | Integer | Offset |\n\n## 3. Input Parameters\n\n\
        | Parameter Name | Type | Description |\n|---------|---------|---------|\n\
        | ResourceSummarySet | Array of [BillResourceSummary](/document/api/555/19183#BillResourceSummary) | Resource summary list|\n\
        | RequestId | String | A unique request ID which is returned for every request. |\n";
    let (op, diags) = import("tencent/billing/DescribeBillResourceSummary.md", page);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["Offset"]);
    assert_eq!(names(&op.response), vec!["ResourceSummarySet", "RequestId"]);
    assert!(diags.iter().any(|d| d.message.contains("lists `RequestId` and has no Required column")), "{diags}");
}

#[test]
fn tree_glyph_rows_nest_under_the_row_above() {
    // STS AssumeRole: `└` rows are fields of the row above; rows without it are top-level.
    let rows = "\
|RequestId|String|6894B13B-6D71-4EF5-88FA-F32781734A7F|The ID of the request|
|Credentials| | |The access credentials.|
|└AccessKeyId|String|STS.L4aBSCSJVMuKg5U1\\*\\*\\*\\*|The AccessKey ID.|
|└Expiration|String|2015-04-09T11:52:19Z|The time when the STS token expires.|
|AssumedRoleUser| | |The temporary identity that you use to assume the role.|
|└Arn|String|acs:ram::123456789012\\*\\*\\*\\*:role/adminrole/alice|The ARN of the RAM role.|
|└AssumedRoleId|String|34458433936495\\*\\*\\*\\*:alice|The ID of the temporary identity.|
";
    let example = r#"{"RequestId": "6894B13B", "AssumedRoleUser": {"Arn": "acs:ram", "AssumedRoleId": "3445"},
        "Credentials": {"SecurityToken": "x", "AccessKeySecret": "y", "Expiration": "2015-04-09T11:52:19Z", "AccessKeyId": "STS"}}"#;
    let op = import_clean("alibaba/sts/AssumeRole.md", &alibaba_page("AssumeRole", rows, example));
    assert_eq!(names(&op.response), vec!["RequestId", "Credentials", "AssumedRoleUser"]);
    assert_eq!(names(&model(&op, "AssumeRoleCredentials").fields), vec!["AccessKeyId", "Expiration"]);
    // `Arn` sorts before `Expiration`, and the order alone would close nothing here; the
    // glyphs put it under `AssumedRoleUser` all the same.
    assert_eq!(names(&model(&op, "AssumeRoleAssumedRoleUser").fields), vec!["Arn", "AssumedRoleId"]);
    // Without an example, the glyphs alone still nest the rows.
    let op = import_clean("alibaba/sts/AssumeRole.md", &alibaba_page("AssumeRole", rows, "{}"));
    assert_eq!(names(&op.response), vec!["RequestId", "Credentials", "AssumedRoleUser"]);
}

#[test]
fn a_nested_row_without_type_holds_the_nested_rows_after_it() {
    // ECS DescribeTags: `└` does not count levels; `└ResourceTypeCount| | |` has no type, so
    // it is a structure and the counts are its fields; `TagKey` sorts before `Volume` and
    // returns to the tag.
    let rows = "|RequestId|String|B04B8CF3-4489-432D-83BA-6F128E4F2295| The ID of the request.|
|Tags| | | The tags that match all the criteria.|
|└ResourceTypeCount| | | The number of resource types.|
|└Ddh|Integer|1| The number of dedicated hosts to which the tag is bound.|
|└Volume|Integer|6| The number of extended volumes to which the tag is bound.|
|└TagKey|String|test| The key of the tag.|
|└TagValue|String|api| The value of the tag.|
|TotalCount|Integer|1| The total number of tags.|
";
    let example = r#"{"RequestId": "B04B", "TotalCount": 1, "Tags": {"Tag": [{"TagKey": "test", "TagValue": "api"}]}}"#;
    let op = import_clean("alibaba/ecs/DescribeTags.md", &alibaba_page("DescribeTags", rows, example));
    assert_eq!(names(&op.response), vec!["RequestId", "Tags", "TotalCount"]);
    assert_eq!(model(&op, "DescribeTagsTags").fields[0].name, "Tag");
    let tag = model(&op, "DescribeTagsTag");
    assert_eq!(names(&tag.fields), vec!["ResourceTypeCount", "TagKey", "TagValue"]);
    assert_eq!(names(&model(&op, "DescribeTagsResourceTypeCount").fields), vec!["Ddh", "Volume"]);
}

#[test]
fn an_array_of_a_model_without_element_row_holds_the_rows_the_example_shows_in_it() {
    // ECS DescribeActivations: `Array of Activation` and its fields, then back to the top.
    let rows = "\
|ActivationList|Array of Activation| |Details of the activation codes and their usage information. |
|ActivationId|String|4ECEEE12-56F1-4FBC-9AB1-890F1234\\*\\*\\*\\*|The ID of the activation code. |
|Disabled|Boolean|false|Indicates whether the activation code is disabled. |
|PageNumber|Long|1|The page number of the returned page. |
|RequestId|String|4ECEEE12-56F1-4FBC-9AB1-890F74625134|The ID of the request. |
";
    let example = r#"{"PageNumber": "1", "RequestId": "4ECE", "ActivationList": [{"Disabled": "false", "ActivationId": "4ECE"}]}"#;
    let op = import_clean("alibaba/ecs/DescribeActivations.md", &alibaba_page("DescribeActivations", rows, example));
    assert_eq!(names(&op.response), vec!["ActivationList", "PageNumber", "RequestId"]);
    assert_eq!(field(&op.response, "ActivationList").ty, arr(model_ty("DescribeActivationsActivation")));
    assert_eq!(names(&model(&op, "DescribeActivationsActivation").fields), vec!["ActivationId", "Disabled"]);
    // Tencent CVM DescribeImages: the element is a model of the Data Types page, and the next
    // row is not a key of the example's elements: nothing nests.
    let text = "\
# DescribeImages

## 2. Input Parameters

| Parameter Name | Required | Type | Description |
|---------|---------|---------|---------|
| Action | Yes | String | Common parameter. The value used for this API: DescribeImages |

## 3. Output Parameters

| Parameter Name | Type | Description |
|---------|---------|---------|
| ImageSet | Array of [Image](/document/api/213/15753#Image) | An array of the details of an image |
| TotalCount | Integer | Number of images satisfying the filter conditions. |
| RequestId | String | The unique request ID, which is returned for each request. |

## 4. Example

### Example 1

#### Output Example

```
{\"Response\": {\"ImageSet\": [{\"ImageId\": \"img-pmqg1cw7\"}], \"RequestId\": \"5920\", \"TotalCount\": 1}}
```
";
    let (op, _) = import("tencent/cvm/DescribeImages.md", text);
    let op = op.expect("operation");
    assert_eq!(
        field_types(&op, &op.response),
        vec![
            ("ImageSet".to_string(), "array of Image".to_string()),
            ("TotalCount".to_string(), "integer".to_string()),
            ("RequestId".to_string(), "string".to_string())
        ]
    );
}

#[test]
fn object_and_not_applicable_rows_are_structures_the_example_shows() {
    // RAM UpdateUser (`Object`) and CreateRole (`N/A`): the fields follow, unsorted.
    let rows = "\
|User|Object| |The information of the RAM user. |
|DisplayName|String|xiaoq\\*\\*\\*\\*|The display name of the RAM user. |
|UpdateDate|String|2015-02-11T03:15:21Z|The time when the information about the RAM user was updated. |
|MobilePhone|String|86-1860000\\*\\*\\*\\*|The mobile phone number of the RAM user. |
|UserName|String|xiaoq\\*\\*\\*\\*|The name of the RAM user. |
|RequestId|String|04F0F334-1335-436C-A1D7-6C044FE73368|The ID of the request. |
";
    let example = r#"{"RequestId": "04F0", "User": {"DisplayName": "x", "MobilePhone": "86", "UpdateDate": "2015", "UserName": "x"}}"#;
    let op = import_clean("alibaba/ram/UpdateUser.md", &alibaba_page("UpdateUser", rows, example));
    assert_eq!(names(&op.response), vec!["User", "RequestId"]);
    assert_eq!(names(&model(&op, "UpdateUserUser").fields), vec!["DisplayName", "UpdateDate", "MobilePhone", "UserName"]);
    let rows = "\
|RequestId|String|04F0F334-1335-436C-A1D7-6C044FE73368| The ID of the request.|
|Role|N/A|N/A| The information about the RAM role.|
|Arn|String|acs:ram::123456789012\\*\\*\\*\\*:role/ECSAdmin| The Alibaba Cloud Resource Name \\(ARN\\) of the RAM role.|
|RoleId|String|901234567890\\*\\*\\*\\*| The ID of the RAM role.|
";
    let example = r#"{"RequestId": "04F0", "Role": {"Arn": "acs", "RoleId": "9012"}}"#;
    let op = import_clean("alibaba/ram/CreateRole.md", &alibaba_page("CreateRole", rows, example));
    assert_eq!(names(&op.response), vec!["RequestId", "Role"]);
    assert_eq!(names(&model(&op, "CreateRoleRole").fields), vec!["Arn", "RoleId"]);
    // Without an example showing the object, `Object` stays JSON.
    let rows = "|User|Object| |The information of the RAM user. |\n|UserName|String|Alice|The username.|\n";
    let op = import_clean("alibaba/ram/UpdateUser.md", &alibaba_page("UpdateUser", rows, "{\"UserName\": \"x\"}"));
    assert_eq!(field(&op.response, "User").ty, TypeRef::Json);
}

#[test]
fn an_element_row_names_the_wrapper_even_where_the_example_omits_it() {
    // ECS DescribeSecurityGroupReferences: the example shows the list bare; the RPC wire
    // (and the SDK) wrap it in `{"SecurityGroupReference": [..]}` as the element row says.
    let rows = "\
|RequestId|String|473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E|The ID of the request. |
|SecurityGroupReferences|Array| |An array consisting of SecurityGroupReference data. |
|SecurityGroupReference| | | |
|SecurityGroupId|String|sg-bp67acfmxazb4p\\*\\*\\*\\*|The ID of the queried security group. |
";
    let example = r#"{"RequestId": "CEF7", "SecurityGroupReferences": [{"SecurityGroupId": "sg-bp67"}]}"#;
    let page = alibaba_page("DescribeSecurityGroupReferences", rows, example);
    let (op, diags) = import("alibaba/ecs/DescribeSecurityGroupReferences.md", &page);
    let op = op.expect("operation");
    let wrapper = model(&op, "DescribeSecurityGroupReferencesSecurityGroupReferences");
    assert_eq!(wrapper.fields[0].name, "SecurityGroupReference");
    // The example and the element row disagree: said at the row.
    let said = diags.iter().find(|d| d.message.contains("the element row says wrapper `SecurityGroupReference`; the example shows a bare list"));
    let line = page.lines().position(|l| l.starts_with("|SecurityGroupReferences|")).expect("the row") as u32 + 1;
    assert_eq!(said.map(|d| d.span.line), Some(line), "{diags}");
    let element = model(&op, "DescribeSecurityGroupReferencesSecurityGroupReference");
    assert_eq!(names(&element.fields), vec!["SecurityGroupId"]);
}

#[test]
fn flattened_names_inside_a_nested_structure_stay_in_it() {
    // ECS DescribeLaunchTemplateVersions: `SystemDisk.*` rows among the fields of
    // `LaunchTemplateData`, whose next fields follow them.
    let rows = "\
|LaunchTemplateVersionSets|Array of LaunchTemplateVersionSet| |Details about the versions of the launch template. |
|LaunchTemplateVersionSet| | | |
|CreateTime|String|2018-05-14T14:18:00Z|The time when the launch template version was created. |
|LaunchTemplateData|Struct| |The configurations of the launch template. |
|SpotStrategy|String|NoSpot|The preemption policy for the pay-as-you-go instance. |
|SystemDisk.Category|String|cloud\\_ssd|The category of the system disk. |
|SystemDisk.Size|Integer|80|The size of the system disk. Unit: GiB. |
|UserData|String|SGVsbG9FQ1M=|The user data of the instance, which is Base64-encoded. |
|LaunchTemplateId|String|lt-bp67acfmxazb4p\\*\\*\\*\\*|The ID of the launch template. |
|RequestId|String|3989ED0C-20A1-4351-A127-2067FF8390AX|The ID of the request. |
";
    let example = r#"{"RequestId": "3989", "LaunchTemplateVersionSets": {"LaunchTemplateVersionSet": [{
        "CreateTime": "2018", "LaunchTemplateId": "lt", "LaunchTemplateData": {"SpotStrategy": "NoSpot",
        "SystemDisk.Category": "cloud_ssd", "SystemDisk.Size": 80, "UserData": "SGVs"}}]}}"#;
    let page = alibaba_page("DescribeLaunchTemplateVersions", rows, example);
    let op = import_clean("alibaba/ecs/DescribeLaunchTemplateVersions.md", &page);
    assert_eq!(names(&op.response), vec!["LaunchTemplateVersionSets", "RequestId"]);
    let set = model(&op, "DescribeLaunchTemplateVersionsLaunchTemplateVersionSet");
    assert_eq!(names(&set.fields), vec!["CreateTime", "LaunchTemplateData", "LaunchTemplateId"]);
    let data = model(&op, "DescribeLaunchTemplateVersionsLaunchTemplateData");
    assert_eq!(names(&data.fields), vec!["SpotStrategy", "SystemDisk", "UserData"]);
    let disk = model(&op, "DescribeLaunchTemplateVersionsSystemDisk");
    assert_eq!(names(&disk.fields), vec!["Category", "Size"]);
}

#[test]
fn a_name_no_example_object_shows_goes_to_the_outer_structure() {
    // ECS DescribeReservedInstances: neither the tag objects nor the instance objects of the
    // example show `ZoneId`, nor does the top level show `TotalCount` (it says `Total`): each
    // goes one level out, not into the innermost structure.
    let rows = "\
|ReservedInstances|Array of ReservedInstance| |Details about the reserved instances. |
|ReservedInstance| | | |
|Status|String|Active|The status of the reserved instance. |
|Tags|Array of Tag| |Details about the tags of the reserved instance. |
|Tag| | | |
|TagKey|String|TestKey|The tag key of the reserved instance. |
|TagValue|String|TestValue|The tag value of the reserved instance. |
|ZoneId|String|cn-hangzhou-z|The zone ID of the reserved instance. |
|TotalCount|Integer|1|The total number of reserved instances. |
";
    let example = r#"{"ReservedInstances": {"ReservedInstance": [{"Status": "Active",
        "Tags": {"Tag": [{"TagKey": "TestKey", "TagValue": "TestValue"}]}}]}, "Total": 1}"#;
    let page = alibaba_page("DescribeReservedInstances", rows, example);
    let op = import_clean("alibaba/ecs/DescribeReservedInstances.md", &page);
    assert_eq!(names(&op.response), vec!["ReservedInstances", "TotalCount"]);
    let instance = model(&op, "DescribeReservedInstancesReservedInstance");
    assert_eq!(names(&instance.fields), vec!["Status", "Tags", "ZoneId"]);
    assert_eq!(names(&model(&op, "DescribeReservedInstancesTag").fields), vec!["TagKey", "TagValue"]);
}

#[test]
fn a_string_whose_value_is_a_json_array_is_a_list_sent_as_its_text() {
    // ECS DescribeInstances: the row says String, its sentence says JSON array, with a cap.
    let text = "\
# DescribeInstances

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeInstances|The operation that you want to perform. Set the value to DescribeInstances.|
|InstanceIds|String|No|\\[\"i-bp67acfmxazb4p\\*\\*\\*\\*\", \"i-bp67acfmxazb4p\\*\\*\\*\\*\", ... \"i-bp67acfmxazb4p\\*\\*\\*\\*\"\\]|The IDs of instances. The value can be a JSON array that consists of up to 100 instance IDs. Separate multiple instance IDs with commas \\(,\\).|
|DiskIds|String|No|d-1|If `DiskIds` is set to an empty JSON array, it is regarded as a valid filter condition.|

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|473469C7|The ID of the request.|

## Error codes

|HTTP status code|Error code|Error message|Description|
|----------------|----------|-------------|-----------|
|400|InvalidParam.PageSize|The specified parameter is invalid.|The error message returned.|
";
    let op = import_clean("alibaba/ecs/DescribeInstances.md", text);
    let ids = field(&op.request, "InstanceIds");
    assert_eq!((&ids.ty, ids.json_text), (&arr(TypeRef::String), true));
    assert_eq!(ids.constraints[0].rule, Rule::Items { min: None, max: Some(100) });
    // What an empty array means is no statement of the form.
    let disks = field(&op.request, "DiskIds");
    assert_eq!((&disks.ty, disks.json_text), (&TypeRef::String, false));
}

#[test]
fn ram_pages_of_bold_names_and_bullets() {
    let text = include_str!("../../../../tests/corpus/alibaba/ram/2015-05-01/ChangePassword.md");
    let (op, diags) = import("alibaba/ram/ChangePassword.md", text);
    let op = op.expect("operation");
    assert_eq!(op.name, "ChangePassword");
    assert_eq!(names(&op.request), vec!["OldPassword", "NewPassword"]);
    assert!(op.request.iter().all(|f| f.required && f.ty == TypeRef::String));
    let codes: Vec<(&str, Option<u16>)> = op.errors.iter().map(|e| (e.code.as_str(), e.http_status)).collect();
    assert_eq!(codes[0], ("NotSupport.Account", Some(400)));
    assert_eq!(codes.len(), 4);
    // What is not read is said: the response has only common parameters. The XML rendering
    // of the answer is not kept, knowingly, under a bullet `XML format` as under a heading.
    let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
    assert!(msgs.iter().any(|m| m.contains("no response parameter table")), "{msgs:?}");
    assert!(!msgs.iter().any(|m| m.contains("neither a request nor JSON")), "{msgs:?}");
    assert!(!msgs.iter().any(|m| m.contains("unknown section heading")), "{msgs:?}");
}

#[test]
fn a_table_a_sentence_says_describes_a_data_type_gives_its_fields() {
    // ECS ModifyReservedInstances: `|Configuration.N|Configuration|Yes|...|`, then "The following
    // table describes the parameters of the Configuration data type." and its table.
    let text = include_str!("../../../../tests/corpus/alibaba/ecs/2014-05-26/ModifyReservedInstances.md");
    let (op, _) = import("alibaba/ecs/ModifyReservedInstances.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["RegionId", "ReservedInstanceId", "Configuration", "DryRun"]);
    assert_eq!(field(&op.request, "Configuration").ty, arr(model_ty("ModifyReservedInstancesConfiguration")));
    let configuration = model(&op, "ModifyReservedInstancesConfiguration");
    assert_eq!(names(&configuration.fields), vec!["ReservedInstanceName", "InstanceType", "Scope", "ZoneId", "InstanceAmount"]);
    assert!(field(&configuration.fields, "InstanceType").required);
    // Without a parameter of that type, the rows stay parameters, with a warning.
    let cut = text.replace("|Configuration.N|Configuration|Yes|Configuration attribute of the target RI|\n", "");
    let (op, diags) = import("alibaba/ecs/ModifyReservedInstances.md", &cut);
    assert!(names(&op.expect("operation").request).contains(&"InstanceType"));
    assert!(diags.iter().any(|d| d.message.contains("describes the data type `Configuration`")));
}

#[test]
fn a_string_of_a_json_array_of_objects_stays_a_string() {
    // The reviewer's row (SLB-style backend servers), and the same with a sentence that does
    // not say objects: the example does.
    let rows = "\
|BackendServers|String|Yes|\\[{\"ServerId\":\"i-1\",\"Weight\":\"100\"}\\]|The backend servers. The value is a JSON array of objects, each with ServerId and Weight.|
|Listeners|String|No|\\[{\"Port\":80}\\]|The listeners. The value is a JSON array.|
";
    let text = format!(
        "# RunThing\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---------|----|--------|-------|-----------|\n\
         |Action|String|Yes|RunThing|The operation that you want to perform. Set the value to RunThing.|\n{rows}\n\
         ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---------|----|-------|-----------|\n|RequestId|String|x|The request ID.|\n\n\
         ## Error codes\n\n|HTTP status code|Error code|Error message|Description|\n|----------------|----------|-------------|-----------|\n\
         |400|InvalidParam|The specified parameter is invalid.|The error message returned.|\n"
    );
    let op = import_clean("alibaba/slb/RunThing.md", &text);
    for name in ["BackendServers", "Listeners"] {
        let f = field(&op.request, name);
        assert_eq!((&f.ty, f.json_text), (&TypeRef::String, false), "{name}");
    }
}

#[test]
fn a_sentence_pointing_elsewhere_describes_no_table() {
    // The reviewer's page: "see DataDisk" before the request table is no data-type table.
    let text = "\
# RunThing

## Request parameters

For information about the parameters of the DataDisk data type, see DataDisk.

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|RunThing|The operation that you want to perform. Set the value to RunThing.|
|InstanceId|String|Yes|i-1|The ID of the instance.|

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|x|The request ID.|

## Error codes

|HTTP status code|Error code|Error message|Description|
|----------------|----------|-------------|-----------|
|400|InvalidParam|The specified parameter is invalid.|The error message returned.|
";
    let op = import_clean("alibaba/ecs/RunThing.md", text);
    assert_eq!(names(&op.request), vec!["InstanceId"]);
}

/// The reviewer's page: a one-word sub-heading (`### Body`) inside the request, and a
/// `### Notes` sub-heading of the description with no table.
const ONE_WORD_SUBHEADINGS: &str = "\
# Ping

## Description

Checks a thing.

### Notes

You can call this operation up to 10 times per second.

## Request parameters

|Parameter|Type|Required|Description|
|---------|----|--------|-----------|
|InstanceId|String|Yes|The ID.|

### Body

|Parameter|Type|Required|Description|
|---------|----|--------|-----------|
|Size|Integer|No|The size.|

## Response parameters

|Parameter|Type|Description|
|---------|----|-----------|
|RequestId|String|The request ID.|

## Error codes

|HTTP status code|Error code|Error message|Description|
|----------------|----------|-------------|-----------|
|400|InvalidParam|The specified parameter is invalid.|The error message returned.|
";

#[test]
fn a_one_word_heading_no_row_uses_holds_its_sections_rows() {
    let (op, diags) = import("alibaba/ecs/Ping.md", ONE_WORD_SUBHEADINGS);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["InstanceId", "Size"]);
    assert!(op.models.is_empty(), "{:?}", op.models);
    // The paragraph under `### Notes` (no table follows) is the description's.
    assert!(op.rate_limit.is_some(), "{:?}", op.description);
    let msgs: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(
        msgs.iter().any(|(l, m)| *l == 17 && m.contains("heading `Body` reads as a structure") && m.contains("`Request parameters`")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|(l, m)| *l == 7 && m.contains("paragraphs are read as part of `Description`")), "{msgs:?}");
    // A whole request under a heading that is no known section (`## Parameters`).
    let page = ONE_WORD_SUBHEADINGS.replace("## Request parameters", "## Parameters");
    let (op, diags) = import("alibaba/ecs/Ping.md", &page);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["InstanceId", "Size"]);
    assert!(op.models.is_empty(), "{:?}", op.models);
    assert!(diags.iter().any(|d| d.span.line == 11 && d.message.contains("heading `Parameters` reads as a structure")), "{diags}");
    // Batch's structure headings, which rows name (`Array of Filter objects`), stay structures.
    let (op, _) = import("tencent/batch/DescribeComputeEnvs.md", BATCH_FILTERS);
    assert_eq!(names(&model(&op.expect("operation"), "Filter").fields), vec!["Name", "Values"]);
}

#[test]
fn a_request_table_of_hyphenated_names_is_read() {
    // The reviewer's page: lower-case hyphenated request parameters (OSS-style names) in the
    // section's first table; a values table only ever follows the parameter table.
    let text = "\
# ListObjects

## Request parameters

|Parameter|Type|Required|Description|
|---------|----|--------|-----------|
|prefix|String|No|The prefix that the names of returned objects must contain.|
|max-keys|String|No|The maximum number of objects to return.|
|continuation-token|String|No|The token from which the list operation starts.|

## Response parameters

|Parameter|Type|Description|
|---------|----|-----------|
|RequestId|String|The request ID.|

## Error codes

|HTTP status code|Error code|Error message|Description|
|----------------|----------|-------------|-----------|
|400|InvalidParam|The specified parameter is invalid.|The error message returned.|
";
    let (op, diags) = import("alibaba/oss/ListObjects.md", text);
    assert!(!diags.iter().any(|d| d.message.contains("lists values")), "{diags}");
    assert!(!diags.iter().any(|d| d.message.contains("no request parameter table")), "{diags}");
    // The table is the request's; its rows are read by the row rules (a name with a hyphen
    // is no identifier, which each such row says).
    assert_eq!(names(&op.expect("operation").request), vec!["prefix"]);
    let skipped: Vec<u32> = diags.iter().filter(|d| d.message.contains("is not an identifier")).map(|d| d.span.line).collect();
    assert_eq!(skipped, vec![8, 9], "{diags}");
}

#[test]
fn a_name_with_a_stray_trailing_dot_is_read_without_it() {
    // CVM DataTypes `Placement`: `| HostIds.| Array of String | No | The list of IDs of CDHs ...|`.
    let text = "\
## Placement

Describes the placement of an instance.

| Name | Type | Required | Description |
|---------|---------|---------|---------|
| Zone | String | Yes | The ID of the availability zone. |
| HostIds.| Array of String | No | The list of IDs of CDHs to which the instance belongs. |
";
    let file = SourceFile::new("tencent/cvm/DataTypes.md", text);
    let mut diags = Diagnostics::new();
    let content = crate::parse::page::read_page(&file, &mut diags);
    let Some(spec::PageContent::Models(models)) = content else { panic!("a models page: {diags}") };
    let fields: Vec<(&str, String)> = models[0].fields.iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect();
    assert_eq!(fields, vec![("Zone", "string".to_string()), ("HostIds", "array of string".to_string())]);
    let warned: Vec<(u32, String)> = diags.sorted().into_iter().map(|d| (d.span.line, d.message)).collect();
    assert!(warned.iter().any(|(l, m)| *l == 8 && m == "parameter name `HostIds.` ends with `.`; read as `HostIds`"), "{warned:?}");
}

/// A code block in a description is part of it, fenced as text (`spec::code_paragraph`): the
/// error message STS `AssumeRole`'s note quotes after "the following error message is
/// returned:", and the query CVM's `Filter` structure shows after "can be implemented as
/// follows:". Neither is read as an example, nor for facts.
#[test]
fn code_blocks_in_descriptions_are_kept_fenced() {
    let (op, _) = import("alibaba/sts/AssumeRole.md", STS_ASSUME_ROLE);
    let op = op.expect("operation");
    let at = op.description.iter().position(|p| p.ends_with("the following error message is returned:")).expect("the note");
    assert_eq!(op.description[at + 1], "```text\nRequest was denied due to user flow control.\n```");
    assert!(spec::is_code_paragraph(&op.description[at + 1]));
    assert_eq!(op.description.iter().filter(|p| spec::is_code_paragraph(p)).count(), 1, "{:?}", op.description);

    let file = SourceFile::new("tencent/cvm/DataTypes.md", CVM_DATA_TYPES);
    let mut diags = Diagnostics::new();
    let Some(spec::PageContent::Models(models)) = read_page(&file, &mut diags) else { panic!("not a models page: {diags}") };
    let filter = models.iter().find(|m| m.name == "Filter").expect("Filter");
    let last = filter.description.last().expect("a description");
    assert!(last.starts_with("```text\nFilters.1.Name=zone\n&Filters.1.Values.1=ap-guangzhou-1\n"), "{last}");
    assert!(last.ends_with("&Filters.3.Values.2=POSTPAID_BY_HOUR\n```"), "{last}");
    assert!(!diags.iter().any(|d| d.message.contains("example code")), "{diags}");
}

/// ECS DescribeRegions (the corpus page's rows) as the Alibaba Cloud site scrapes it: a
/// row's short cells close on its first line and its description follows on lines of its
/// own, up to a line closing it with a pipe; a container row's empty cells as `| |||`, an
/// empty last cell as a lone `|`.
const ALIBABA_SCRAPED_SHORT_ROWS: &str = "\
DescribeRegions
You can call this operation to query available Alibaba Cloud regions.
Request parameters
Parameter | Type | Required | Example | Description |
---|---|---|---|---|
Action | String | Yes | DescribeRegions |
The operation that you want to perform. Set the value to DescribeRegions. |
InstanceChargeType | String | No | PrePaid |
The billing method of the instance. For more information, see Billing overview. Valid values:
Default value: PostPaid. |
AcceptLanguage | String | No | zh-CN |
The natural language that is used to filter responses. For more information, visit RFC 7231. Valid values:
Default value: zh-CN. |
Response parameters
Parameter | Type | Example | Description |
---|---|---|---|
Regions | Array |
An array consisting of region data. |
|
Region | |||
LocalName | String | China (Qingdao) |
The name of the region. |
Status | String | available |
Indicates whether the cluster is sold out. Valid values:
|
RequestId | String | 8CE45CD5-31FB-47C2-959D-CA8144CE**** |
The ID of the request. |
Error codes
HTTP status code | Error code | Error message | Description |
---|---|---|---|
400 | InvalidParameter | The specified parameter is invalid. | The specified parameter is invalid. |
";

#[test]
fn scraped_rows_whose_description_follows_on_lines_of_its_own() {
    let op = import_clean("alibaba/ecs/DescribeRegions.txt", ALIBABA_SCRAPED_SHORT_ROWS);
    assert_eq!(op.name, "DescribeRegions");
    assert_eq!(names(&op.request), vec!["InstanceChargeType", "AcceptLanguage"]);
    let charge = field(&op.request, "InstanceChargeType");
    assert!(!charge.required);
    assert_eq!(
        charge.description,
        vec![
            "The billing method of the instance. For more information, see Billing overview. Valid values:",
            "Default value: PostPaid."
        ]
    );
    assert_eq!(names(&op.response), vec!["Regions", "RequestId"]);
    // `Regions` wraps the list `Region`, as the Markdown page reads.
    assert_eq!(field(&op.response, "Regions").ty, model_ty("DescribeRegionsRegions"));
    assert_eq!(field(&model(&op, "DescribeRegionsRegions").fields, "Region").ty, arr(model_ty("DescribeRegionsRegion")));
    assert_eq!(names(&model(&op, "DescribeRegionsRegion").fields), vec!["LocalName", "Status"]);
    assert_eq!(field(&op.response, "RequestId").description, vec!["The ID of the request."]);
    let codes: Vec<&str> = op.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, vec!["InvalidParameter"]);
}

#[test]
fn a_short_scraped_row_followed_by_a_row_stays_as_written() {
    // The next line has a row's pipes: it is a row, not the short row's description.
    let text = ALIBABA_SCRAPED_SHORT_ROWS.replace(
        "Action | String | Yes | DescribeRegions |\nThe operation that you want to perform. Set the value to DescribeRegions. |\n",
        "Action | String | Yes | DescribeRegions |\n",
    );
    let (op, diags) = import("alibaba/ecs/DescribeRegions.txt", &text);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["InstanceChargeType", "AcceptLanguage"]);
    assert!(diags.iter().any(|d| d.message.contains("has 4 cells, the header has 5")), "{diags}");
}


/// ECS DescribeRegions (the corpus page's rows) in the shape of Alibaba's current site
/// scraped to text: one cell per line, `array<object>` and `object` types, the list inside
/// an object row of its own (`Regions` `object`, then `Region` `array<object>`), its
/// element an unnamed `object` cell.
const ALIBABA_SCRAPED_CURRENT: &str = "\
DescribeRegions

You can call this operation to query available Alibaba Cloud regions.

Request parameters

Parameter

Type

Required

Description

Example

AcceptLanguage

string

No

The natural language that is used to filter responses.

zh-CN

Response parameters

Parameter

Type

Description

Example

object

RequestId

string

The ID of the request.

8CE45CD5-31FB-47C2-959D-CA8144CE****

Regions

object

An array consisting of region data.

Region

array<object>

The regions.

object

LocalName

string

The name of the region.

China (Qingdao)

RegionId

string

The region ID.

cn-qingdao-et2-bo1

Examples

Success response

JSON format

{
  \"RequestId\": \"8CE45CD5-31FB-47C2-959D-CA8144CE****\",
  \"Regions\": {
    \"Region\": [
      {
        \"LocalName\": \"China (Qingdao)\",
        \"RegionId\": \"cn-qingdao-et2-bo1\"
      }
    ]
  }
}

Error codes

HTTP status code

Error code

Error message

Description

400 InvalidParameter The specified parameter is invalid. The specified parameter is invalid.
";

#[test]
fn scraped_one_cell_tables_nest_as_the_example_shows() {
    let op = import_clean("alibaba/ecs/DescribeRegions.txt", ALIBABA_SCRAPED_CURRENT);
    assert_eq!(names(&op.response), vec!["RequestId", "Regions"]);
    assert_eq!(field(&op.response, "Regions").ty, model_ty("DescribeRegionsRegions"));
    // `Region` is the typed row of the list, a field of `Regions`, not a wrapper's element.
    assert_eq!(field(&model(&op, "DescribeRegionsRegions").fields, "Region").ty, arr(model_ty("DescribeRegionsRegion")));
    assert_eq!(names(&model(&op, "DescribeRegionsRegion").fields), vec!["LocalName", "RegionId"]);
}

#[test]
fn scraped_one_cell_tables_without_an_example_say_the_nesting_is_lost() {
    let cut = ALIBABA_SCRAPED_CURRENT.find("Examples").expect("examples");
    let errors = ALIBABA_SCRAPED_CURRENT.find("Error codes").expect("errors");
    let text = format!("{}{}", &ALIBABA_SCRAPED_CURRENT[..cut], &ALIBABA_SCRAPED_CURRENT[errors..]);
    let (op, diags) = import("alibaba/ecs/DescribeRegions.txt", &text);
    let op = op.expect("operation");
    let lost: Vec<_> = diags.iter().filter(|d| d.message.contains("holds objects, and neither")).collect();
    let named: Vec<(&str, u32)> =
        lost.iter().map(|d| (d.message.split('`').nth(1).unwrap_or(""), d.span.line)).collect();
    assert_eq!(named, vec![("Regions", 47), ("Region", 53)], "{diags}");
    assert_eq!(names(&op.response), vec!["RequestId", "Regions", "Region", "LocalName", "RegionId"]);
}

#[test]
fn rows_out_of_ascii_order_are_placed_by_the_example() {
    // ECS DescribeSnapshots lists `TotalCount` before `Snapshots` and `TagValue` before
    // `TagKey`: its order says nothing about levels, and `TagKey` is a tag's field, as the
    // example shows, not a top-level field after the snapshots.
    let text = include_str!("../../../../specs/alibaba/ecs/DescribeSnapshots.md");
    let (op, _) = import("alibaba/ecs/DescribeSnapshots.md", text);
    let op = op.expect("operation");
    assert!(!names(&op.response).contains(&"TagKey"), "{:?}", names(&op.response));
    assert_eq!(names(&model(&op, "DescribeSnapshotsSnapshotTag").fields), vec!["TagValue", "TagKey"]);
}

#[test]
fn a_structures_action_and_version_are_members() {
    // VPC's Data Types page: a security group policy's `Action` (ACCEPT or DROP) and a
    // policy set's `Version` are members, not the request's common parameters.
    let text = "\
# Data Types

## SecurityGroupPolicy

Security group policy object

| Name | Type | Required | Description |
|------|------|----------|------|
| Protocol | String | No | Protocol. Available values: TCP, UDP, and ICMP. |
| Action | String | No | ACCEPT or DROP. |

## SecurityGroupPolicySet

Security group rule set

| Name | Type | Required | Description |
|------|------|----------|------|
| Version | String | No | Current version of security group rules. The version number is automatically increased by one each time you update the security rules, so as to prevent the expiration of updated routing rules. Conflict is ignored if it is left empty. |
| Egress | Array of [SecurityGroupPolicy](#SecurityGroupPolicy) | No | Outbound rules. |
";
    let file = SourceFile::new("tencent/vpc/DataTypes.md", text);
    let mut diags = Diagnostics::new();
    let Some(spec::PageContent::Models(models)) = read_page(&file, &mut diags) else { panic!("not a models page: {diags}") };
    assert!(diags.is_empty(), "{diags}");
    let members = |name: &str| names(&models.iter().find(|m| m.name == name).expect("model").fields).join(" ");
    assert_eq!(members("SecurityGroupPolicy"), "Protocol Action");
    assert_eq!(members("SecurityGroupPolicySet"), "Version Egress");
}


#[test]
fn rows_after_a_list_in_no_ascii_order_go_where_the_example_shows_them() {
    // VPC DescribeForwardTableEntries: the list's fields, then `TotalCount`, `PageNumber`,
    // `PageSize`, `RequestId`, which the example shows at the top level only. `TotalCount`
    // sorts after the element's last field `Status`, but the top-level rows are in no ASCII
    // order, so the order is no evidence and the example places it.
    let text = "\
# DescribeForwardTableEntries

Queries DNAT entries.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeForwardTableEntries|The operation that you want to perform. Set the value to **DescribeForwardTableEntries**. |
|ForwardTableId|String|Yes|ftb-bp1mbjubq34hlcqpa\\*\\*\\*\\*|The ID of the DNAT table. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|ForwardTableEntries|Array of ForwardTableEntry| |The details of the DNAT entry. |
|ForwardTableEntry| | | |
|ExternalIp|String|139.xxx.xx.79|The public IP address in the DNAT entry. |
|Status|String|Available|The state of the DNAT entry. |
|TotalCount|Integer|5|The total number of entries returned. |
|PageNumber|Integer|1|The page number of the returned page. |
|RequestId|String|A6C4A8B1-7561-4509-949C-20DEB40D71E6|The ID of the request. |

## Examples

```
{
\t\"PageNumber\": 1,
\t\"TotalCount\": 1,
\t\"RequestId\": \"D15864E1-6068-4CF9-AC3D-653D2143E269\",
\t\"ForwardTableEntries\": {
\t\t\"ForwardTableEntry\": [
\t\t\t{
\t\t\t\t\"Status\": \"Available\",
\t\t\t\t\"ExternalIp\": \"139.xxx.xx.79\"
\t\t\t}
\t\t]
\t}
}
```
";
    let (op, _) = import("alibaba/vpc/DescribeForwardTableEntries.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["ForwardTableEntries", "TotalCount", "PageNumber", "RequestId"]);
    assert_eq!(names(&model(&op, "DescribeForwardTableEntriesForwardTableEntry").fields), vec!["ExternalIp", "Status"]);
}

#[test]
fn pipe_tables_without_a_delimiter_row() {
    // KMS's 2018 pages: the header row is followed by the rows directly (no `|---|`), which
    // Markdown renders as a paragraph; a list in a cell puts the closing pipe on its own line.
    let text = "\
# UpdateAlias {#concept_68625_zh .concept}

Updates the CMK that an existing alias is bound to.

## Request parameters { .section}

|Name|Type|Required|Description|
|AliasName|String|Yes|The name of the alias to be modified.1.  The prefix `alias/` must be included.
2.  Excluding the prefix, the minimum length of an alias is 1 and the maximum length is 255.

|
|KeyId|String|Yes|Globally unique identifier of the CMK.|

## Response parameters { .section}

|Name|Type|Description|
|RequestId|String|The ID of this request.|

## Examples { .section}

**Request example**

```
https://kms.cn-hangzhou.aliyuncs.com/?Action=UpdateAlias
&AliasName=<alias name>
&KeyId=<target keyid>
&<Common Request Parameters>

```
";
    let (op, diags) = import("alibaba/kms/UpdateAlias.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["AliasName", "KeyId"], "{diags}");
    assert!(op.request.iter().all(|f| f.required));
    assert_eq!(names(&op.response), vec!["RequestId"]);
    // A line of pipes that names no columns is no table without its delimiter.
    assert_eq!(grammar::pipe::markdown_rows_start(&grammar::split_lines("|a|b|\n|c|d|\n"), 0), None);
}

#[test]
fn error_tables_spread_one_cell_a_line() {
    // ESS CompleteLifecycleAction: the header and every row of the error table run over
    // lines, a cell a line with blank lines between; the delimiter follows the header.
    let text = "\
# CompleteLifecycleAction

Completes a lifecycle action.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|CompleteLifecycleAction|The operation that you want to perform. Set the value to CompleteLifecycleAction. |
|LifecycleHookId|String|Yes|ash-bp14g3ee6bt3sc98\\*\\*\\*\\*|The ID of the lifecycle hook. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E|The ID of the request. |

## Error codes

For a list of error codes, visit the [API Error Center](https://error-center.alibabacloud.com/status/product/Ess).

|HTTP status code

|Error code

|Error message

|Description |
|------------------|------------|---------------|-------------|
|403

|Forbidden.Unauthorized

|A required authorization for the specified action is not supplied.

|The error message returned because Auto Scaling is not authorized to call the specified operation. |
|404

|InvalidScalingGroupId.NotFound

|The specified scaling group does not exist.

|The error message returned because the specified scaling group does not exist in the current account. |
";
    let op = import_clean("alibaba/ess/CompleteLifecycleAction.md", text);
    let codes: Vec<(&str, Option<u16>)> = op.errors.iter().map(|e| (e.code.as_str(), e.http_status)).collect();
    assert_eq!(codes, vec![("Forbidden.Unauthorized", Some(403)), ("InvalidScalingGroupId.NotFound", Some(404))]);
    assert_eq!(
        op.errors[1].description,
        "The error message returned because the specified scaling group does not exist in the current account."
    );
}

#[test]
fn a_list_whose_example_shows_one_element_bare_takes_the_rows_after_it() {
    // VPC GetNatGatewayAttribute: `IpList` is `Array of IpList` and its fields follow; the
    // hand-written example shows one element as an object, not in a list. The rows are
    // IpList's, not ForwardTable's (the structure before it).
    let text = "\
# GetNatGatewayAttribute

Queries a NAT gateway.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|GetNatGatewayAttribute|The operation that you want to perform. Set the value to **GetNatGatewayAttribute**. |
|NatGatewayId|String|Yes|ngw-bp1047e2d4z7kf2ki\\*\\*\\*\\*|The ID of the NAT gateway. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|ForwardTable|Struct| |The information about DNAT entries. |
|ForwardEntryCount|Integer|1|The number of DNAT entries. |
|ForwardTableId|String|ftb-uf6gj3mhsg94qsqst\\*\\*\\*\\*|The ID of the DNAT table. |
|IpList|Array of IpList| |The elastic IP addresses \\(EIPs\\) that are associated with the NAT gateway. |
|AllocationId|String|eip-bp13e9i2qst4g6jzi\\*\\*\\*\\*|The ID of the instance with which the EIP is associated. |
|IpAddress|String|116.xx.xx.33|The EIP. |
|NatGatewayId|String|ngw-bp1047e2d4z7kf2ki\\*\\*\\*\\*|The ID of the NAT gateway. |
|RequestId|String|4EC47282-1B74-4534-BD0E-403F3EE64CAF|The ID of the request. |

## Examples

```
{
    \"NatGatewayId\": \"ngw-bp1047e2d4z7kf2ki****\",
    \"ForwardTable\": {
        \"ForwardEntryCount\": 1,
        \"ForwardTableId\": \"ftb-uf6gj3mhsg94qsqst****\"
    },
    \"RequestId\": \"4EC47282-1B74-4534-BD0E-403F3EE64CAF\",
    \"IpList\": {
        \"AllocationId\": \"eip-bp13e9i2qst4g6jzi****\",
        \"IpAddress\": \"116.xx.xx.33\"
    }
}
```
";
    let (op, _) = import("alibaba/vpc/GetNatGatewayAttribute.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["ForwardTable", "IpList", "NatGatewayId", "RequestId"]);
    assert_eq!(names(&model(&op, "GetNatGatewayAttributeForwardTable").fields), vec!["ForwardEntryCount", "ForwardTableId"]);
    assert!(matches!(&field(&op.response, "IpList").ty, TypeRef::Array(_)));
    let element = field(&op.response, "IpList").ty.model().expect("a model").to_string();
    assert_eq!(names(&model(&op, &element).fields), vec!["AllocationId", "IpAddress"]);
}


#[test]
fn rows_after_a_list_whose_type_links_to_its_definition_stay_outside() {
    // MariaDB DescribeDBSlowLogs: `Data` is `Array of [SlowLogData](...)`, defined on the Data
    // Types page; `LockTimeSum` and `QueryCount` follow and are the response's own fields,
    // although the example shows those names inside each `Data` element too.
    let text = "\
## 1. API Description

Domain name for API request: mariadb.tencentcloudapi.com.

This API is used to query the list of slow query logs.

## 2. Input Parameters

| Parameter Name | Required | Type | Description |
|---------|---------|---------|---------|
| Action | Yes | String | Common parameter. The value used for this API: DescribeDBSlowLogs. |
| Version | Yes | String | Common parameter. The value used for this API: 2017-03-12. |
| InstanceId | Yes | String | Instance ID in the format of `tdsql-ow728lmc`. |

## 3. Output Parameters

| Parameter Name | Type | Description |
|---------|---------|---------|
| Data | Array of [SlowLogData](/document/api/237/16191#SlowLogData) | Data of slow logs |
| LockTimeSum | Float | Total lock time for all statements |
| QueryCount | Integer | Total count of queries for all statements |
| RequestId | String | The unique ID of a request, which is required for each troubleshooting case. |

## 4. Example

### Example 1 Query the list of slow logs

#### Output example

```
{
  \"Response\": {
    \"Data\": [
      {
        \"CheckSum\": \"14090621765287179955\",
        \"LockTimeSum\": \"0.00\",
        \"QueryCount\": \"1\"
      }
    ],
    \"LockTimeSum\": 0,
    \"QueryCount\": 1,
    \"RequestId\": \"1e74e824-6d2b-495d-b347-5250cdf8e964\"
  }
}
```
";
    let (op, _) = import("tencent/mariadb/DescribeDBSlowLogs.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["Data", "LockTimeSum", "QueryCount", "RequestId"]);
    assert_eq!(field(&op.response, "Data").ty, arr(model_ty("SlowLogData")));
    assert!(op.models.is_empty(), "{:?}", op.models);
}


#[test]
fn an_element_row_of_not_applicable_cells_names_the_element() {
    // CMS DescribeContactList: `|Contact|N/A|N/A|N/A|` is the element row of `Contacts`.
    let text = "\
# DescribeContactList

Queries alert contacts.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeContactList|The operation that you want to perform. Set the value to DescribeContactList. |
|PageSize|Integer|No|10|The number of entries to return on each page. Default value: 100. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|06D5ECC2-B9BE-42A4-8FA3-1A610FB08B83|The ID of the request. |
|Contacts|Array of Contact|N/A|The alert contact information. |
|Contact|N/A|N/A|N/A|
|Desc|String|ECS alert contact|The description of the alert contact. |
|Name|String|Alice|The name of the alert contact. |
|Total|Integer|15|The total number of the returned entries. |

## Examples

```
{
    \"RequestId\": \"A1267F27-942F-40EE-9254-57FE16E3C9AB\",
    \"Contacts\": {
        \"Contact\": [
            {
                \"Desc\": \"Contact Desc\",
                \"Name\": \"Alice\"
            }
        ]
    },
    \"Total\": 15
}
```
";
    let (op, diags) = import("alibaba/cms/DescribeContactList.md", text);
    let op = op.expect("operation");
    assert!(!diags.iter().any(|d| d.message.contains("`Contact`")), "{diags}");
    assert_eq!(names(&op.response), vec!["RequestId", "Contacts", "Total"]);
    let contacts = field(&op.response, "Contacts").ty.model().expect("the wrapper").to_string();
    let element = field(&model(&op, &contacts).fields, "Contact").ty.clone();
    let TypeRef::Array(element) = element else { panic!("{element:?}") };
    assert_eq!(names(&model(&op, element.model().expect("a model")).fields), vec!["Desc", "Name"]);
}

#[test]
fn an_element_row_that_repeats_a_description_names_the_element() {
    // VPC DescribeEipGatewayInfo (Chinese): `EipInfo` follows the `Array` row `EipInfos` with
    // no type and no example, only the container's description again.
    let text = "\
# DescribeEipGatewayInfo

调用DescribeEipGatewayInfo接口查询EIP的网关和掩码信息。

## 请求参数

|名称|类型|是否必选|示例值|描述|
|--|--|----|---|--|
|Action|String|是|DescribeEipGatewayInfo|要执行的操作，取值：**DescribeEipGatewayInfo**。 |
|InstanceId|String|是|eni-bp1d66qjxb3qoin3\\*\\*\\*\\*|要查询的EIP绑定的辅助弹性网卡的ID。 |

## 返回数据

|名称|类型|示例值|描述|
|--|--|---|--|
|Code|String|200|操作状态码。 |
|EipInfos|Array| |EIP详细信息。 |
|EipInfo| | |EIP详细信息。 |
|Ip|String|47.xx.xx.236|EIP的IP地址。 |
|IpGw|String|47.xx.xx.1|EIP的网关地址。 |
|Message|String|successful|传递的操作信息。 |
|RequestId|String|C0FD0EED-F90D-4479-803D-DD62335357E5|请求ID。 |

## 示例

`JSON` 格式

```
{
	\"Message\":\"successful\",
	\"RequestId\":\"0ED8D006-F706-4D23-88ED-E11ED28DCAC0\",
	\"EipInfos\":{
		\"EipInfo\":[
			{
				\"IpMask\":\"255.255.255.0\",
				\"IP\":\"47.xx.xx.236\",
				\"IpGw\":\"47.xx.xx.1\"
			}
		]
	},
	\"Code\":\"200\"
}
```
";
    let (op, diags) = import("alibaba/vpc/DescribeEipGatewayInfo.md", text);
    let op = op.expect("operation");
    assert!(!diags.iter().any(|d| d.message.contains("no type")), "{diags}");
    assert_eq!(names(&op.response), vec!["Code", "EipInfos", "Message", "RequestId"]);
    let wrapper = field(&op.response, "EipInfos").ty.model().expect("the wrapper").to_string();
    let TypeRef::Array(element) = field(&model(&op, &wrapper).fields, "EipInfo").ty.clone() else { panic!("a list") };
    assert_eq!(names(&model(&op, element.model().expect("a model")).fields), vec!["Ip", "IpGw"]);
}

/// CMS CreateSiteMonitor's request section: the parameters, then a sentence saying the next
/// tables describe each protocol's options (the keys of `OptionsJson`), one table a protocol.
const CMS_OPTION_TABLES: &str = "\
# CreateSiteMonitor

Creates a site monitoring task.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|CreateSiteMonitor|The operation that you want to perform. Set the value to CreateSiteMonitor. |
|Address|String|Yes|http://www.aliyun.com|The URL or IP address that is monitored by the task. |
|OptionsJson|String|No|\\{\"time\\_out\":5000\\}|The extended options of the protocol that is used by the monitoring task. |

The following tables describe the extended options of the HTTP, HTTPS, PING, TCP, UDP, DNS, SMTP. POP3, and FTP protocols specified by the TaskType parameter.

-   HTTP

|Parameter|Type|Description |
|-----------|------|-------------|
|http\\_method|String|The HTTP request method. Valid values: GET, POST, and HEAD. Default value: GET. |
|username|String|If the username parameter is specified, the HTTP request contains the basic authentication header. |

-   FTP

|Parameter|Type|Description |
|-----------|------|-------------|
|port|Integer|The port number of the FTP server. |
|username|String|The username used to log on to the FTP server. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|68192f5d-0d45-4b98-9724-892813f86c71|The ID of the request. |
";

#[test]
fn tables_a_sentence_says_describe_something_else_are_not_fields() {
    let (op, diags) = import("alibaba/cms/CreateSiteMonitor.md", CMS_OPTION_TABLES);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["Address", "OptionsJson"]);
    let skipped: Vec<u32> =
        diags.iter().filter(|d| d.message.contains("not the operation's parameters")).map(|d| d.span.line).collect();
    assert_eq!(skipped, vec![17, 24], "{diags}");
}

#[test]
fn a_name_an_earlier_table_of_the_section_gave_is_listed_twice() {
    // Without the sentence, the option tables are read as the request's; the second
    // `username` is a warning, not a duplicate field that fails the whole service.
    let text = CMS_OPTION_TABLES.replace(
        "The following tables describe the extended options of the HTTP, HTTPS, PING, TCP, UDP, DNS, SMTP. POP3, and FTP protocols specified by the TaskType parameter.\n",
        "",
    );
    let (op, diags) = import("alibaba/cms/CreateSiteMonitor.md", &text);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["Address", "OptionsJson", "http_method", "username", "port"]);
    let twice: Vec<_> = diags.iter().filter(|d| d.message.contains("listed twice")).collect();
    assert_eq!(twice.len(), 1, "{diags}");
    assert!(twice[0].message.contains("`username`"));
}


#[test]
fn a_following_table_sentence_speaks_for_the_next_table_only() {
    // "The following table lists ..." (ECS RedeployInstance's sentence) says what the next
    // table is; the parameter table after that one is read again.
    let text = CMS_OPTION_TABLES.replace(
        "The following tables describe the extended options of the HTTP, HTTPS, PING, TCP, UDP, DNS, SMTP. POP3, and FTP protocols specified by the TaskType parameter.\n\n-   HTTP\n",
        "The following table lists the types and status of events to which you can respond by calling the RedeployInstance operation.\n\n|System event|Event status|\n|------------|------------|\n|SystemMaintenance.Reboot|Inquiring, Scheduled|\n\n-   HTTP\n",
    );
    let (op, diags) = import("alibaba/cms/CreateSiteMonitor.md", &text);
    let op = op.expect("operation");
    assert!(!diags.iter().any(|d| d.message.contains("not the operation's parameters")), "{diags}");
    assert_eq!(names(&op.request), vec!["Address", "OptionsJson", "http_method", "username", "port"]);
}

#[test]
fn the_fields_of_a_structure_listed_twice_are_ignored_with_it() {
    // Two request tables both list `Filter` and its member: the second table's `Name` is
    // Filter's, not a top-level field.
    let text = "\
# DescribeThings

Describes things.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeThings|The operation that you want to perform. Set the value to DescribeThings. |
|Filter|Struct|No| |The filter. |
|Name|String|No|a|The name of the filter. |

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Filter|Struct|No| |The filter. |
|Name|String|No|a|The name of the filter. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|r-1|The ID of the request. |
";
    let (op, diags) = import("alibaba/x/DescribeThings.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["Filter"], "{diags}");
    let warned: Vec<u32> = diags.iter().filter(|d| d.message.contains("listed twice")).map(|d| d.span.line).collect();
    assert_eq!(warned, vec![15, 16], "{diags}");
}

#[test]
fn a_row_the_example_shows_beside_a_list_is_no_element_row() {
    // `Ipv6Sets` is a list the page gives no element row; `NetworkInterface` after it is a
    // field of its own, as the example shows it beside the list, not as its wrapper key.
    let text = "\
# DescribeThings

Describes things.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeThings|The operation that you want to perform. Set the value to DescribeThings. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|Ipv6Sets|Array| |The IPv6 addresses. |
|NetworkInterface| | |The network interface. |
|RequestId|String|r-1|The ID of the request. |

## Examples

```
{
    \"Ipv6Sets\": [\"2408::1\"],
    \"NetworkInterface\": {\"Id\": \"eni-1\"},
    \"RequestId\": \"r-1\"
}
```
";
    let (op, _) = import("alibaba/x/DescribeThings.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["Ipv6Sets", "NetworkInterface", "RequestId"]);
}

#[test]
fn an_action_row_copied_from_another_page_gives_way_to_the_explorer_link_and_the_file() {
    // Tencent Live StopLiveRecord: the Action row says `CreateLiveRecordRule`; the API
    // Explorer link and the file name say `StopLiveRecord`.
    let text = "\
## 1. API Description

Domain name for API request: live.tencentcloudapi.com.

This API is used to stop an ongoing recording task.

## 2. Input Parameters

| Parameter Name | Required | Type | Description |
|---------|---------|---------|---------|
| Action | Yes | String | Common parameter. The value used for this API: CreateLiveRecordRule. |
| Version | Yes | String | Common parameter. The value used for this API: 2018-08-01. |
| TaskId | Yes | Integer | Recording task ID. |

## 3. Output Parameters

| Parameter Name | Type | Description |
|---------|---------|---------|
| RequestId | String | The unique request ID, which is returned for each request. |

## 5. Developer Resources

### API Explorer

* [API 3.0 Explorer](https://console.cloud.tencent.com/api/explorer?Product=live&Version=2018-08-01&Action=StopLiveRecord)
";
    let (op, diags) = import("tencent/live/StopLiveRecord.md", text);
    assert_eq!(op.expect("operation").name, "StopLiveRecord");
    let said: Vec<_> = diags.iter().filter(|d| d.message.contains("the API Explorer link and the file name say")).collect();
    assert_eq!(said.len(), 1, "{diags}");
    assert_eq!(said[0].span.line, 11);
    // A file named after the Action row keeps it: two sources against one.
    let (op, _) = import("tencent/live/CreateLiveRecordRule.md", text);
    assert_eq!(op.expect("operation").name, "CreateLiveRecordRule");
}

#[test]
fn an_example_wrapped_by_a_gateway_is_read_inside_its_data() {
    // gpdb DescribeSQLLogs: the example response is `{"code", "data": {..}, "httpStatusCode",
    // ..}`; the rows are the members of `data`, where `Items` holds their objects.
    let text = "\
# DescribeSQLLogs

Queries SQL logs.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeSQLLogs|The operation that you want to perform. Set the value to **DescribeSQLLogs**. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|Items|Array of Item| |Details about the query results. |
|AccountName|String|testadmin|The username that is used to connect to the database. |
|DBName|String|adbpgadmin|The name of the database. |
|PageNumber|Integer|1|The page number of the returned page. |
|RequestId|String|A7941C94-B92F-46A0-BD3E-2D0DF9A7C984|The ID of the request. |

## Examples

```
{
\t\"code\": \"200\",
\t\"data\": {
\t\t\"RequestId\": \"A7941C94-B92F-46A0-BD3E-2D0DF9A7C984\",
\t\t\"PageNumber\": 1,
\t\t\"Items\": [{
\t\t\t\"DBName\": \"adbpgadmin\",
\t\t\t\"AccountName\": \"testadmin\"
\t\t}]
\t},
\t\"httpStatusCode\": \"200\",
\t\"successResponse\": true
}
```
";
    let (op, _) = import("alibaba/gpdb/DescribeSQLLogs.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["Items", "PageNumber", "RequestId"]);
    let TypeRef::Array(item) = field(&op.response, "Items").ty.clone() else { panic!("a list") };
    assert_eq!(names(&model(&op, item.model().expect("a model")).fields), vec!["AccountName", "DBName"]);
}

#[test]
fn a_list_opens_when_one_of_the_next_rows_is_in_its_example_objects() {
    // gpdb DescribeRdsVpcs: the example's VPCs leave out `AliUid` and `Bid`, the first two
    // rows after `Vpc`; `CidrBlock`, the third, is there.
    let text = "\
# DescribeRdsVpcs

Queries VPCs.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|No|DescribeRdsVpcs|The operation that you want to perform. Set the value to **DescribeRdsVpcs**. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|7565770E-7C45-462D-BA4A-8A5396F2CAD1|The ID of the request. |
|Vpcs|Struct| |Details about the VPCs. |
|Vpc|Array of Vpc| |The information of the VPC. |
|AliUid|String|123|The ID of the Alibaba Cloud account. |
|Bid|String|26842|The ID of the account group. |
|CidrBlock|String|192.168.1.0/24|The CIDR block of the VPC. |
|VpcId|String|vpc-xxxxxx|The ID of the VPC. |

## Examples

```
{
  \"Vpcs\": {
    \"Vpc\": [
      {
        \"VpcId\": \"vpc-xxxxxx\",
        \"CidrBlock\": \"192.168.0.0/16\"
      }
    ]
  },
  \"RequestId\": \"92C73FC0-2B2C-4230-8A20-8EEDE655111D\"
}
```
";
    let (op, _) = import("alibaba/gpdb/DescribeRdsVpcs.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["RequestId", "Vpcs"]);
    let vpcs = field(&op.response, "Vpcs").ty.model().expect("a model").to_string();
    let TypeRef::Array(vpc) = field(&model(&op, &vpcs).fields, "Vpc").ty.clone() else { panic!("a list") };
    assert_eq!(names(&model(&op, vpc.model().expect("a model")).fields), vec!["AliUid", "Bid", "CidrBlock", "VpcId"]);
}

#[test]
fn a_row_that_lost_its_leading_pipe_stays_in_its_table() {
    // SQL Server ModifyAccountRemark: ` Accounts.N | Yes | Array of [AccountRemark](...) | ... |`.
    let text = "\
## 1. API Description

Domain name for API request: sqlserver.tencentcloudapi.com.

This API is used to modify account remarks.

## 2. Input Parameters

| Parameter name | Required | Type | Description |
|---------|---------|---------|---------|
| Action | Yes | String | Common parameter. The name of this API: ModifyAccountRemark |
| Version | Yes | String | Common parameter. The version of this API: 2018-03-28 |
| InstanceId | Yes | String | Instance ID, for example, mssql-j8kv137v |
 Accounts.N | Yes | Array of [AccountRemark](/document/api/238/19976#AccountRemark) | Information of the specified account whose remark is to be modified |

## 3. Output Parameters

| Parameter name | Type | Description |
|---------|---------|---------|
| RequestId | String | The ID of the request. |
";
    let (op, diags) = import("tencent/sqlserver/ModifyAccountRemark.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.request), vec!["InstanceId", "Accounts"], "{diags}");
    assert_eq!(field(&op.request, "Accounts").ty, arr(model_ty("AccountRemark")));
    assert!(field(&op.request, "Accounts").required);
}

#[test]
fn a_title_line_above_a_one_cell_header_is_no_column() {
    // A scraped page with `Parameters` over the header's `Parameter`, `Type`, ... lines.
    let text = "DescribeRegions\n\nYou can call this operation to query available Alibaba Cloud regions.\n\nRequest parameters\n\n\
                Parameters\n\nParameter\n\nType\n\nRequired\n\nDescription\n\n\
                AcceptLanguage\n\nstring\n\nNo\n\nThe natural language that is used to filter responses.\n\n\
                Response parameters\n\nParameter\n\nType\n\nDescription\n\n\
                RequestId\n\nstring\n\nThe ID of the request.\n";
    let (op, _) = import("alibaba/ecs/DescribeRegions.txt", text);
    let op = op.expect("operation");
    let language = field(&op.request, "AcceptLanguage");
    assert_eq!((&language.ty, language.required), (&TypeRef::String, false));
    assert_eq!(language.description, vec!["The natural language that is used to filter responses."]);
}

#[test]
fn an_outer_key_that_is_a_row_in_another_case_is_no_wrapper() {
    // `data` is the row `Data` written loosely, not a gateway's wrapping: `Id` stays Data's.
    let text = "\
# DescribeThing

Describes a thing.

## Request parameters

|Parameter|Type|Required|Example|Description|
|---------|----|--------|-------|-----------|
|Action|String|Yes|DescribeThing|The operation that you want to perform. Set the value to DescribeThing. |

## Response parameters

|Parameter|Type|Example|Description|
|---------|----|-------|-----------|
|RequestId|String|r-1|The ID of the request. |
|Data|Struct| |The thing. |
|Id|Integer|1|The ID of the thing. |

## Examples

```
{\"requestId\": \"r-1\", \"data\": {\"Id\": 1}}
```
";
    let (op, _) = import("alibaba/x/DescribeThing.md", text);
    let op = op.expect("operation");
    assert_eq!(names(&op.response), vec!["RequestId", "Data"]);
}
