//! A models page (a Data Types page) in a service folder: its structures serve every
//! operation of the service, as typed structs, recursively; a structure no page describes
//! stays raw JSON with a warning; a structure two models pages define keeps the first.

use cloudpage_codegen::diag::Diagnostics;
use cloudpage_codegen::ir;
use cloudpage_codegen::source::SourceFile;
use std::path::{Path, PathBuf};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn spec_file(path: &str) -> SourceFile {
    SourceFile::new(path, std::fs::read_to_string(specs().join(path)).expect("a spec file"))
}

/// The DTS Data Types page, its `MigrateJobInfo` and `MigrateOption` (rows as on
/// tests/corpus/tencent/dts/2018-03-30/DataTypes.md; `MigrateOption` links to a structure
/// this excerpt leaves out).
const DATA_TYPES: &str = "\
## MigrateJobInfo

Details of a migration task

| Name | Type | Description |
|------|------|-------|
| JobId | String | ID of a data migration task |
| MigrateOption | [MigrateOption](#MigrateOption) | Migration task configuration options |

## MigrateOption

Migration task configuration options

| Name | Type | Required | Description |
|------|------|----------|------|
| RunMode | Integer | Yes | Task execution mode. Valid values: 1 (immediate execution), 2 (scheduled execution) |
| ConsistencyParams | [ConsistencyParams](#ConsistencyParams) | No | Sampling parameters |
";

fn analyse(extra: &[(&str, &str)]) -> (ir::Api, Diagnostics) {
    let mut files = vec![
        spec_file("tencent/common.yaml"),
        spec_file("tencent/dts/service.yaml"),
        // `| JobList | Array of [MigrateJobInfo](/document/api/571/##MigrateJobInfo) | Array of task details |`
        spec_file("tencent/dts/DescribeMigrateJobs.md"),
    ];
    files.extend(extra.iter().map(|(path, text)| SourceFile::new(*path, *text)));
    let mut diags = Diagnostics::new();
    let api = cloudpage_codegen::analyse(&files, &mut diags);
    (api, diags)
}

fn model<'a>(api: &'a ir::Api, wire: &str) -> Option<&'a ir::Model> {
    api.clouds.iter().flat_map(|c| &c.services).flat_map(|s| &s.models).find(|m| m.wire == wire)
}

#[test]
fn a_data_types_page_types_the_structures_of_every_operation() {
    let (api, diags) = analyse(&[("tencent/dts/DataTypes.md", DATA_TYPES)]);
    assert!(!diags.has_errors(), "{diags}");
    let job = model(&api, "MigrateJobInfo").expect("MigrateJobInfo is a struct");
    assert_eq!(job.description, ["Details of a migration task"]);
    // Recursively: the structure's own structure is a struct too.
    let option = model(&api, "MigrateOption").expect("MigrateOption is a struct");
    assert!(option.fields.iter().any(|f| f.wire == "RunMode" && f.required));
    // The one the excerpt does not describe stays JSON, with the warning naming it.
    assert!(model(&api, "ConsistencyParams").is_none());
    let json: Vec<String> =
        diags.iter().filter(|d| d.message.contains("kept as raw JSON")).map(|d| d.message.clone()).collect();
    assert_eq!(json.len(), 1, "{json:?}");
    assert!(json[0].contains("`ConsistencyParams`"), "{json:?}");
}

#[test]
fn without_its_data_types_page_a_reference_is_json_with_a_warning() {
    let (api, diags) = analyse(&[]);
    assert!(model(&api, "MigrateJobInfo").is_none());
    assert!(diags.iter().any(|d| d.message.contains("type `MigrateJobInfo` of `JobList` is not described in this service")));
}

#[test]
fn a_structure_two_models_pages_define_keeps_the_first() {
    let (api, diags) = analyse(&[("tencent/dts/DataTypes.md", DATA_TYPES), ("tencent/dts/MoreTypes.md", DATA_TYPES)]);
    assert!(!diags.has_errors(), "{diags}");
    assert!(model(&api, "MigrateJobInfo").is_some());
    let twice: Vec<_> = diags.iter().filter(|d| d.message.contains("defined by two models pages")).collect();
    assert_eq!(twice.len(), 2, "{diags}");
    assert!(twice.iter().all(|d| d.span.file == "tencent/dts/MoreTypes.md"));
}

#[test]
fn import_of_one_page_names_what_it_cannot_see() {
    let mut diags = Diagnostics::new();
    let op = cloudpage_codegen::import(&spec_file("tencent/dts/DescribeMigrateJobs.md"), &mut diags).expect("operation");
    // Kept as the name, so that the YAML beside the service's pages gets the struct.
    assert!(op.response.iter().any(|f| f.ty.to_string() == "array of MigrateJobInfo"));
    let warning = diags.iter().find(|d| d.message.contains("`MigrateJobInfo`")).expect("a warning");
    assert_eq!(warning.span.line, 35);
    assert!(warning.note.as_deref().is_some_and(|n| n.contains("raw JSON")), "{warning:?}");
}

#[test]
fn an_operation_page_read_as_a_models_page_is_said() {
    // The reviewer's page: an operation whose tables are under `## Parameters` and
    // `## Returns` has the shape of a models page; no operation of the service uses its
    // "structures", which is said at the page.
    let page = "\
# DoThing2

## Description

Does a thing.

## Parameters

|Name|Type|Required|Description|
|----|----|--------|-----------|
|InstanceId|String|Yes|The ID of the instance.|
|Size|Integer|No|The size.|

## Returns

|Name|Type|Description|
|----|----|-----------|
|RequestId|String|The request ID.|
";
    let (_, diags) = analyse(&[("tencent/dts/DoThing2.md", page), ("tencent/dts/DataTypes.md", DATA_TYPES)]);
    let said: Vec<_> = diags.iter().filter(|d| d.message.contains("reads as a models page")).collect();
    assert_eq!(said.len(), 1, "{diags}");
    assert_eq!((said[0].span.file.as_str(), said[0].span.line), ("tencent/dts/DoThing2.md", 1));
    assert!(said[0].message.contains("`Parameters`, `Returns`"), "{}", said[0].message);
}
