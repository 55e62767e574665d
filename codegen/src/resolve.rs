//! Checked specs -> the resolved IR (`ir`): the last step before emitting. Decides every Rust
//! name (through `names`, once per item), gathers each service's models into the service,
//! computes example JSON (reporting examples that contradict their tables), and makes the
//! endpoints final. Expects `check` to have run without errors.

use crate::diag::Diagnostics;
use crate::ir;
use crate::names::{self, Claim, Holder, ModuleItem, ModuleNames};
use crate::spec::{self, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Consumes the specs: their text moves into the IR instead of being copied.
///
/// Cloud by cloud: the cloud's own part ([`cloud`]), each service on its own ([`service`]),
/// then [`unique_modules`] over the cloud's services; the pipeline that goes one service
/// folder at a time takes the same steps.
pub fn resolve(api: spec::Api, diags: &mut Diagnostics) -> ir::Api {
    let clouds = api.clouds.into_iter().map(|mut spec_cloud| {
        let services = std::mem::take(&mut spec_cloud.services);
        let (mut cloud, facts) = cloud(spec_cloud, diags);
        let spans: Vec<spec::Span> = services.iter().map(|s| s.span.clone()).collect();
        cloud.services = services.into_iter().map(|s| service(&facts, s, diags)).collect();
        unique_modules(cloud.services.iter().zip(&spans).map(|(s, span)| (s.module.as_str(), s.source.as_str(), span)), diags);
        cloud
    });
    ir::Api { clouds: clouds.collect() }
}

/// What a service's resolution needs of its cloud.
#[derive(Debug, Clone)]
pub struct CloudFacts {
    kind: &'static str,
    envelope: spec::Envelope,
    finance_regions: Vec<String>,
}

/// The cloud's own part of the IR (its services left out: [`service`] resolves each) and what
/// its services' resolution needs of it. Its common errors are named here (and their
/// collisions reported).
pub fn cloud(cloud: spec::Cloud, diags: &mut Diagnostics) -> (ir::Cloud, CloudFacts) {
    let kind = match cloud.kind {
        spec::CloudKind::Tencent => ir::CloudKind::Tencent,
        spec::CloudKind::Alibaba => ir::CloudKind::Alibaba,
    };
    let module = cloud.kind.as_str().to_owned();
    let finance_regions: Vec<String> = cloud.regions.iter().filter(|r| r.finance).map(|r| r.id.clone()).collect();
    let facts = CloudFacts { kind: cloud.kind.as_str(), envelope: cloud.envelope, finance_regions };
    let common_errors = error_codes(cloud.common_errors, &[], &format!("the common errors of {}", cloud.title), diags);
    let cloud = ir::Cloud {
        kind,
        signing: match cloud.signing {
            spec::SigningScheme::Tc3HmacSha256 => ir::SigningScheme::Tc3HmacSha256,
            spec::SigningScheme::Acs3HmacSha256 => ir::SigningScheme::Acs3HmacSha256,
        },
        envelope: envelope(cloud.envelope),
        source: format!("{module}/common.yaml"),
        title: cloud.title,
        common_errors,
        services: Vec::new(),
        module,
    };
    (cloud, facts)
}

/// Two service folders whose module names are the same (`tat` and `Tat`, `a-b` and `a_b`, two
/// non-ASCII names) would overwrite each other's module: an error naming both folders.
/// `services`: each resolved service of one cloud as (module, source folder, service.yaml's
/// span), in order.
pub fn unique_modules<'a>(services: impl IntoIterator<Item = (&'a str, &'a str, &'a spec::Span)>, diags: &mut Diagnostics) {
    let services: Vec<(&str, &str, &spec::Span)> = services.into_iter().collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, &(module, source, span)) in services.iter().enumerate() {
        if let Some(&first) = seen.get(module) {
            let (_, first_source, first_span) = services[first];
            diags
                .error(span.clone(), format!("service folders `{first_source}` and `{source}` would both be module `{module}`"))
                .with_note(format!(
                    "`{first_source}` is at {first_span}; module names are service names in snake case, so rename one folder"
                ));
        } else {
            seen.insert(module, i);
        }
    }
}

fn envelope(envelope: spec::Envelope) -> ir::Envelope {
    match envelope {
        spec::Envelope::TencentResponse => ir::Envelope::TencentResponse,
        spec::Envelope::AlibabaRpc => ir::Envelope::AlibabaRpc,
    }
}

/// One service of a cloud into the IR, on its own (what needs the other services too is
/// [`unique_modules`]).
pub fn service(cloud: &CloudFacts, mut service: spec::Service, diags: &mut Diagnostics) -> ir::Service {
    if cloud.envelope == spec::Envelope::AlibabaRpc {
        for op in &mut service.operations {
            json_values_as_text(&mut op.request);
        }
    }
    // First what needs the whole service in view (names and their collisions, example JSON,
    // which uses the operation's models); then the specs are taken apart into the IR.
    let mut namer = ModuleNames::default();
    let op_names: Vec<ir::OperationNames> = service
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let (names, renamed) = namer.operation(i, &op.name);
            operation_collisions(&service, op, renamed, diags);
            names
        })
        .collect();
    let examples: Vec<Vec<ir::Example>> =
        service.operations.iter().map(|op| examples(op, cloud.envelope, diags)).collect();
    // Models belong to the service: one struct per name (the first description wins, as
    // `check` resolved references), named after every operation.
    let mut model_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut spec_models: Vec<&spec::Model> = Vec::new();
    let mut first_models: Vec<Vec<usize>> = Vec::with_capacity(service.operations.len());
    for op in &service.operations {
        let mut firsts = Vec::new();
        for model in &op.models {
            if !model_index.contains_key(model.name.as_str()) {
                model_index.insert(&model.name, spec_models.len());
                firsts.push(spec_models.len());
                spec_models.push(model);
            }
        }
        first_models.push(firsts);
    }
    let model_rust: BTreeMap<String, String> = spec_models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let claim = namer.model(i, &m.name);
            model_collision(&service, &spec_models, m, &claim, diags);
            (m.name.clone(), claim.name)
        })
        .collect();
    drop(model_index);
    drop(spec_models);

    let spec::Service { name, title, version, endpoints, operations, .. } = service;
    let mut enums = ValueEnums { namer, by_list: BTreeMap::new(), enums: Vec::new() };
    // Models are placed in the order their slots were numbered above: operations in order,
    // each one's models in order, the first copy of a name.
    let mut models = Vec::with_capacity(model_rust.len());
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut operations_ir = Vec::with_capacity(operations.len());
    for (((op, names), first_models), examples) in operations.into_iter().zip(op_names).zip(first_models).zip(examples) {
        let paging = crate::paging::decide(&op, diags);
        for model in op.models {
            if !placed.insert(model.name.clone()) {
                continue;
            }
            let owner = format!("model `{}`", model.name);
            models.push(ir::Model {
                rust: model_rust[&model.name].clone(),
                fields: fields(model.fields, &model_rust, (&owner, &model_rust[&model.name]), &mut enums, diags),
                description: model.description,
                wire: model.name,
                // Known once every operation of the service is (`request_models`).
                in_requests: false,
            });
        }
        let request_owner = format!("the request of `{}`", op.name);
        let response_owner = format!("the response of `{}`", op.name);
        let errors_owner = format!("`{}`", op.name);
        let response = fields(op.response, &model_rust, (&response_owner, &op.name), &mut enums, diags);
        let paging = paging.and_then(|p| paging_ir(p, &response, &models));
        let request = fields(op.request, &model_rust, (&request_owner, &op.name), &mut enums, diags);
        // Alibaba RPC requests carry the region as the `RegionId` parameter (Tencent sends it
        // in a header); a few pages spell it `regionId` (ECS `CreateAutoSnapshotPolicy`).
        let region_field = match cloud.envelope {
            spec::Envelope::AlibabaRpc => request.iter().position(is_region_parameter),
            spec::Envelope::TencentResponse => None,
        };
        let empty_response = is_request_id_only(&response);
        operations_ir.push(ir::Operation {
            empty_response,
            rate_limit: op.rate_limit.as_ref().map(|r| r.per_second),
            anonymous: op.anonymous,
            request,
            region_field,
            response,
            paging,
            errors: error_codes(op.errors, &["Common", "Unknown"], &errors_owner, diags),
            description: op.description,
            name: op.name,
            examples,
            first_models,
            names,
        });
    }
    list_wrappers(&mut models, &mut operations_ir);
    request_models(&mut models, &operations_ir);
    if cloud.envelope == spec::Envelope::AlibabaRpc {
        let sent = operations_ir.iter_mut().flat_map(|op| op.request.iter_mut());
        let in_models = models.iter_mut().filter(|m| m.in_requests).flat_map(|m| m.fields.iter_mut());
        sent.chain(in_models).for_each(required_list_holds_an_item);
    }
    let finance_regions = if endpoints.finance.is_some() { cloud.finance_regions.to_vec() } else { Vec::new() };
    let module = names::service_module(cloud.kind, &name);
    ir::Service {
        feature: names::feature(&module),
        module,
        source: format!("{}/{name}", cloud.kind),
        name,
        title,
        version,
        endpoints: ir::Endpoints {
            default: endpoints.default,
            intl: endpoints.intl,
            regional: endpoints.regional,
            finance: endpoints.finance,
            finance_regions,
        },
        operations: operations_ir,
        models,
        enums: enums.enums,
    }
}

/// Whether a response documents nothing but the request id both clouds put in every answer
/// (`RequestId`, a string), or no field at all (an Alibaba page's "Only public parameters are
/// returned": the envelope's `RequestId` is still there): such an operation answers with the
/// runtime's `EmptyResponse`. A page that documents anything more, or documents the id
/// differently (another type, a deprecation), keeps a struct of its own.
fn is_request_id_only(response: &[ir::Field]) -> bool {
    match response {
        [] => true,
        [only] => only.wire == "RequestId" && only.ty == ir::Type::String && !only.deprecated && !only.json_text,
        _ => false,
    }
}

/// The IR of a decided paging: the item type is the element type of the items list as
/// resolved (a documented value list is its enum), found by walking the path through the
/// resolved fields and models. `paging` checked that the path leads to a list.
fn paging_ir(decided: crate::paging::Decided, response: &[ir::Field], models: &[ir::Model]) -> Option<ir::Paging> {
    let (last, parents) = decided.items.split_last()?;
    let mut fields = response;
    for name in parents {
        let model = fields.iter().find(|f| &f.wire == name)?.ty.model()?;
        fields = &models.iter().find(|m| m.rust == model)?.fields;
    }
    let ir::Type::Array(item) = &fields.iter().find(|f| &f.wire == last)?.ty else { return None };
    Some(ir::Paging {
        scheme: match decided.scheme {
            spec::PagingScheme::PageNumber => ir::PagingScheme::PageNumber,
            spec::PagingScheme::Offset => ir::PagingScheme::Offset,
            spec::PagingScheme::NextToken => ir::PagingScheme::NextToken,
            spec::PagingScheme::Marker => ir::PagingScheme::Marker,
        },
        item: (**item).clone(),
        cursor: decided.cursor,
        page_size: decided.page_size,
        numbers_as_strings: decided.numbers_as_strings,
        next: decided.next,
        total_count: decided.total_count,
        is_truncated: decided.is_truncated,
        items: decided.items,
    })
}

/// The service's enums of documented value lists, one per field name and list of values.
struct ValueEnums {
    namer: ModuleNames,
    /// `(field wire name, values in sorted order)` -> Rust name.
    by_list: BTreeMap<(String, Vec<String>), String>,
    enums: Vec<ir::ValueEnum>,
}

impl ValueEnums {
    /// The enum of a string field's documented values, if the list can be one: every value a
    /// plain token (no spaces, quotes, backticks or control characters), since a value list
    /// the page only sketches in prose is read as no list at all (`prose`), and what is left
    /// must survive as a Rust string literal and a doc line.
    fn of(&mut self, field: &str, owner: &str, values: &[String], source: &str) -> Option<String> {
        let plain = |v: &String| !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '`' | '"' | '\\'));
        if values.is_empty() || !values.iter().all(plain) {
            return None;
        }
        // A value listed twice (`InstanceFailure.Reboot` on one page) is one variant.
        let mut seen = BTreeSet::new();
        let values: Vec<String> = values.iter().filter(|v| seen.insert(v.as_str())).cloned().collect();
        let values = values.as_slice();
        // The same values in another order are the same list (`tcp, udp, icmp` and `icmp,
        // tcp, udp` on two pages); the first order met is the enum's.
        let mut sorted = values.to_vec();
        sorted.sort();
        let key = (field.to_owned(), sorted);
        if let Some(rust) = self.by_list.get(&key) {
            return Some(rust.clone());
        }
        let rust = self.namer.value_enum(self.enums.len(), field, owner);
        let variants = names::value_variants(values.iter().map(String::as_str)).into_iter().zip(values.iter().cloned()).collect();
        self.enums.push(ir::ValueEnum { rust: rust.clone(), variants, source: source.to_owned() });
        self.by_list.insert(key, rust.clone());
        Some(rust)
    }
}

/// Two operations of a service whose Rust names collide (`DescribeX` and `Describe_X`: types,
/// client method, constant) are an error naming both pages: renaming one would hide which
/// client method calls which action. A name the generated code defines itself (a client
/// method `new`) is renamed with a warning.
fn operation_collisions(
    service: &spec::Service,
    op: &spec::Operation,
    renamed: Vec<Claim<ModuleItem>>,
    diags: &mut Diagnostics,
) {
    let mut reported = std::collections::BTreeSet::new();
    for claim in renamed {
        let Some(rename) = claim.renamed else { continue };
        match rename.holder {
            Holder::Item(ModuleItem::Operation(first)) => {
                if !reported.insert(first) {
                    continue;
                }
                let first = &service.operations[first];
                diags
                    .error(
                        op.span.clone(),
                        format!("operations `{}` and `{}` would both get the Rust name `{}`", first.name, op.name, rename.wanted),
                    )
                    .with_note(format!(
                        "`{}` is at {}; operations of one service need distinct names in snake and Pascal case",
                        first.name, first.span
                    ));
            }
            Holder::Item(ModuleItem::Model(_) | ModuleItem::ValueEnum(_)) => {
                unreachable!("operations are named before models and enums")
            }
            Holder::Reserved => {
                let given = claim.name;
                diags
                    .warning(
                        op.span.clone(),
                        format!("operation `{}` would use the name `{}`, which generated code defines itself; named `{given}`", op.name, rename.wanted),
                    )
                    .with_note("rename the operation to get its natural name");
            }
        }
    }
}

/// A model whose struct name is taken (by another model, `Tag` and `TAG`; by a type of an
/// operation; by a prelude name generated code uses, `Option`) is renamed with a warning.
fn model_collision(
    service: &spec::Service,
    models: &[&spec::Model],
    model: &spec::Model,
    claim: &Claim<ModuleItem>,
    diags: &mut Diagnostics,
) {
    let Some(rename) = &claim.renamed else { return };
    let (message, note) = match rename.holder {
        Holder::Item(ModuleItem::Model(first)) => {
            let first = models[first];
            (
                format!("models `{}` and `{}` would both be struct `{}`; `{}` is named `{}`", first.name, model.name, rename.wanted, model.name, claim.name),
                Some(format!("`{}` is at {}", first.name, first.span)),
            )
        }
        Holder::Item(ModuleItem::ValueEnum(_)) => unreachable!("models are named before enums"),
        Holder::Item(ModuleItem::Operation(op)) => {
            let op = &service.operations[op];
            (
                format!("model `{}` would be struct `{}`, a type of operation `{}`; named `{}`", model.name, rename.wanted, op.name, claim.name),
                Some(format!("`{}` is at {}", op.name, op.span)),
            )
        }
        Holder::Reserved => (
            format!("model `{}` would be struct `{}`, a name generated code uses; named `{}`", model.name, rename.wanted, claim.name),
            None,
        ),
    };
    let diag = diags.warning(model.span.clone(), message);
    if let Some(note) = note {
        diag.with_note(note);
    }
}

/// The region parameter of an Alibaba RPC request: text named `RegionId`, as a few pages
/// spell it too `regionId` (ECS `CreateAutoSnapshotPolicy`'s `|regionId|String|Yes|cn-hangzhou|`).
fn is_region_parameter(field: &ir::Field) -> bool {
    field.wire.eq_ignore_ascii_case("RegionId") && field.ty == ir::Type::String
}

/// On an Alibaba RPC request an empty list is no parameter at all (`InstanceId.1=..` for each
/// item, so none for none): a required list the caller leaves empty would be sent as missing
/// and refused by the service. So a required list holds at least one item, checked before
/// anything is sent like any documented count.
fn required_list_holds_an_item(field: &mut ir::Field) {
    if field.required && matches!(field.ty, ir::Type::Array(_)) && !field.json_text {
        field.constraints.push(ir::Constraint {
            rule: ir::Rule::Items { min: Some(1), max: None },
            source: "Required: an empty list would send no parameter at all.".to_owned(),
        });
    }
}

/// An Alibaba RPC request's parameters travel as query text, nested ones flattened
/// (`SystemDisk.Size`, `Tag.1.Key`); a parameter the page types `Json` (ECS `RunCommand`'s
/// `Parameters`: `{"name":"Jack"}`) is one parameter holding its JSON text, as the official
/// SDKs send it, not flattened into `Parameters.name=Jack`. Only the request's own fields:
/// a model's field may also be read from an answer, where JSON is JSON. Marked on the specs,
/// before the examples are written: a documented example shows the value as the text sent.
fn json_values_as_text(request: &mut [spec::Field]) {
    for field in request.iter_mut().filter(|f| f.ty == TypeRef::Json) {
        field.json_text = true;
    }
}

/// Fields of one struct whose Rust names collide (`InstanceId` and `InstanceID`) are renamed
/// in table order, with a warning naming both rows; a deprecated twin (`Tag.N.key` beside
/// `Tag.N.Key`) is named `key_deprecated` without a warning (`names::fields`).
///
/// A string field with a documented value list becomes that list's enum (the check moves from
/// `validate()` into the type); `owner` is what warnings call the struct, and the type name
/// that qualifies an enum name when the plain one is taken.
fn fields(
    fields: Vec<spec::Field>,
    models: &BTreeMap<String, String>,
    (owner, owner_type): (&str, &str),
    enums: &mut ValueEnums,
    diags: &mut Diagnostics,
) -> Vec<ir::Field> {
    let rust = names::fields(fields.iter().map(|f| (f.name.as_str(), f.deprecated)));
    let methods = names::field_methods(rust.iter().map(|claim| claim.name.as_str()));
    for (f, claim) in fields.iter().zip(&rust) {
        if let Some(rename) = &claim.renamed {
            let Holder::Item(first) = rename.holder else { unreachable!("fields have no reserved names") };
            let first = &fields[first];
            if f.deprecated && !first.deprecated {
                // The page's own note explains it, the field is `#[deprecated]` and its name
                // says so: nothing for the reader of the page to fix.
                continue;
            }
            diags
                .warning(
                    f.span.clone(),
                    format!(
                        "fields `{}` and `{}` of {owner} would both be `{}`; `{}` is named `{}`",
                        first.name, f.name, rename.wanted, f.name, claim.name
                    ),
                )
                .with_note(format!("`{}` is at {}", first.name, first.span));
        }
    }
    fields
        .into_iter()
        .zip(rust)
        .zip(methods)
        .map(|((mut f, rust), methods)| {
            let mut field_ty = ty(&f.ty, models);
            let mut constraints: Vec<ir::Constraint> =
                std::mem::take(&mut f.constraints).into_iter().map(|c| ir::Constraint { rule: rule(c.rule), source: c.source }).collect();
            let is_string = matches!(field_ty.element(), ir::Type::String);
            let list = constraints.iter().position(|c| matches!(c.rule, ir::Rule::OneOf { .. }));
            if let (true, false, Some(at)) = (is_string, f.json_text, list) {
                let ir::Rule::OneOf { values } = &constraints[at].rule else { unreachable!("found above") };
                if let Some(name) = enums.of(&f.name, owner_type, values, &constraints[at].source) {
                    field_ty = match field_ty {
                        ir::Type::Array(_) => ir::Type::Array(Box::new(ir::Type::Enum(name))),
                        _ => ir::Type::Enum(name),
                    };
                    constraints.remove(at);
                }
            }
            let secret = matches!(field_ty.element(), ir::Type::String) && names::is_secret_field(&f.name);
            ir::Field {
                rust: rust.name,
                ty: field_ty,
                secret,
                required: f.required,
                constraints,
                json_text: f.json_text && matches!(f.ty, TypeRef::Array(_) | TypeRef::Json),
                wire: f.name,
                description: f.description,
                example: f.example,
                deprecated: f.deprecated,
                methods,
                // Known once every model of the service is (`list_wrappers`).
                list_wrapper: None,
            }
        })
        .collect()
}

/// Marks the fields whose struct only wraps a list (`Instances { Instance: [...] }`, how
/// Alibaba's answers nest every list), so their accessors return the list itself. A wrapper
/// is known by its shape alone: exactly one field, a list (not one sent as JSON text), not
/// deprecated.
fn list_wrappers(models: &mut [ir::Model], operations: &mut [ir::Operation]) {
    let wrappers: BTreeMap<String, ir::ListWrapper> = models
        .iter()
        .filter_map(|m| match m.fields.as_slice() {
            [only] if !only.json_text && !only.deprecated => match &only.ty {
                ir::Type::Array(item) => Some((m.rust.clone(), ir::ListWrapper { field: only.rust.clone(), item: (**item).clone() })),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let mark = |fields: &mut [ir::Field]| {
        for f in fields {
            if let ir::Type::Model(name) = &f.ty {
                f.list_wrapper = wrappers.get(name).cloned();
            }
        }
    };
    models.iter_mut().for_each(|m| mark(&mut m.fields));
    for op in operations {
        mark(&mut op.request);
        mark(&mut op.response);
    }
}

/// Marks the models a request of the service holds (`ir::Model::in_requests`): every model a
/// request field's type names (alone or as a list's item), then every model their fields name,
/// and so on. What is left unmarked only answers hold (or nothing does).
fn request_models(models: &mut [ir::Model], operations: &[ir::Operation]) {
    let index: BTreeMap<&str, usize> = models.iter().enumerate().map(|(i, m)| (m.rust.as_str(), i)).collect();
    let named = |fields: &[ir::Field]| -> Vec<usize> {
        fields.iter().filter_map(|f| index.get(f.ty.model()?).copied()).collect()
    };
    let mut held = vec![false; models.len()];
    let mut next: Vec<usize> = operations.iter().flat_map(|op| named(&op.request)).collect();
    while let Some(i) = next.pop() {
        // A model met again (two paths to it, or one that holds itself) is walked once.
        if !std::mem::replace(&mut held[i], true) {
            next.extend(named(&models[i].fields));
        }
    }
    for (model, held) in models.iter_mut().zip(held) {
        model.in_requests = held;
    }
}

fn ty(ty: &TypeRef, models: &BTreeMap<String, String>) -> ir::Type {
    match ty {
        TypeRef::String => ir::Type::String,
        TypeRef::Integer => ir::Type::Integer,
        TypeRef::Unsigned => ir::Type::Unsigned,
        TypeRef::Float => ir::Type::Float,
        TypeRef::Boolean => ir::Type::Boolean,
        TypeRef::Timestamp => ir::Type::Timestamp,
        TypeRef::Json => ir::Type::Json,
        TypeRef::Array(item) => ir::Type::Array(Box::new(self::ty(item, models))),
        // `check` turned models nobody describes into JSON (with a warning), so the lookup
        // succeeds for checked specs.
        TypeRef::Model(name) => models.get(name).map_or(ir::Type::Json, |rust| ir::Type::Model(rust.clone())),
    }
}

fn rule(rule: spec::Rule) -> ir::Rule {
    match rule {
        spec::Rule::Items { min, max } => ir::Rule::Items { min, max },
        spec::Rule::Length { min, max } => ir::Rule::Length { min, max },
        spec::Rule::Range { min, max } => ir::Rule::Range { min, max },
        spec::Rule::OneOf { values } => ir::Rule::OneOf { values },
    }
}

/// Error codes of one enum whose variants collide (`InvalidParameter.Foo` and
/// `InvalidParameterFoo`, or a code named like the enum's own `Unknown`) are renamed in code
/// order, with a warning naming both.
fn error_codes(codes: Vec<spec::ErrorCode>, reserved: &[&str], owner: &str, diags: &mut Diagnostics) -> Vec<ir::ErrorCode> {
    let variants = names::error_variants(codes.iter().map(|e| e.code.as_str()), reserved);
    for (e, claim) in codes.iter().zip(&variants) {
        let Some(rename) = &claim.renamed else { continue };
        match rename.holder {
            Holder::Item(first) => {
                let first = &codes[first];
                diags
                    .warning(
                        e.span.clone(),
                        format!(
                            "error codes `{}` and `{}` of {owner} would both be variant `{}`; `{}` is named `{}`",
                            first.code, e.code, rename.wanted, e.code, claim.name
                        ),
                    )
                    .with_note(format!("`{}` is at {}", first.code, first.span));
            }
            Holder::Reserved => {
                diags.warning(
                    e.span.clone(),
                    format!(
                        "error code `{}` of {owner} would be variant `{}`, which the enum defines itself; named `{}`",
                        e.code, rename.wanted, claim.name
                    ),
                );
            }
        }
    }
    codes
        .into_iter()
        .zip(variants)
        .map(|(e, variant)| ir::ErrorCode {
            variant: variant.name,
            http_status: e.http_status,
            retryable: e.retryable,
            code: e.code,
            description: e.description,
        })
        .collect()
}

/// Most structure levels an example's omissions are looked for in (models may refer to
/// themselves).
const MAX_EXAMPLE_DEPTH: usize = 8;

/// The required fields an example request leaves out (absent or `null`, as decoding reads
/// both), by the path `validate()` reports (`DBs.Accounts`: a member of the structures in the
/// list `DBs`, SQL Server CreateDB; list items carry no index), each once. `given` are the
/// objects at this level, all items of a list together, so the walk is once per field.
fn omitted_required(
    fields: &[spec::Field],
    given: &[&serde_json::Map<String, serde_json::Value>],
    models: &[spec::Model],
    prefix: &str,
    out: &mut Vec<String>,
) {
    if prefix.matches('.').count() >= MAX_EXAMPLE_DEPTH || given.is_empty() {
        return;
    }
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        let values: Vec<&serde_json::Value> =
            given.iter().filter_map(|object| object.get(&field.name)).filter(|v| !v.is_null()).collect();
        if field.required && values.len() < given.len() && !out.contains(&path) {
            out.push(path.clone());
        }
        let Some(model) = field.ty.model().and_then(|name| models.iter().find(|m| m.name == name)) else { continue };
        let objects: Vec<&serde_json::Map<String, serde_json::Value>> = values
            .iter()
            .flat_map(|value| match value {
                serde_json::Value::Object(object) => vec![object],
                serde_json::Value::Array(items) => items.iter().filter_map(serde_json::Value::as_object).collect(),
                _ => Vec::new(),
            })
            .collect();
        omitted_required(&model.fields, &objects, models, &format!("{path}."), out);
    }
}

/// Examples become tests of the generated types, so an example that contradicts its own
/// page's tables (a field the tables do not list, a number given as a string) is reported and
/// left out of the tests, rather than failing them or being silently skipped.
fn examples(op: &spec::Operation, envelope: spec::Envelope, diags: &mut Diagnostics) -> Vec<ir::Example> {
    let mut out = Vec::with_capacity(op.examples.len());
    for (i, example) in op.examples.iter().enumerate() {
        let number = i + 1;
        let request = match crate::example::request_json(op, example) {
            Ok(json) => json,
            Err(reason) => {
                diags
                    .warning(example.span.clone(), format!("example request of `{}` does not fit the request table: {reason}", op.name))
                    .with_note("it is left out of the generated example tests");
                None
            }
        };
        let response = match crate::example::response_json(op, example, envelope) {
            Ok(json) => json,
            Err(reason) => {
                diags
                    .warning(example.span.clone(), format!("example response of `{}` does not fit the response table: {reason}", op.name))
                    .with_note("it is left out of the generated example tests");
                None
            }
        };
        let mut omits_required: Vec<String> = Vec::new();
        if let Some(serde_json::Value::Object(given)) = &request {
            omitted_required(&op.request, &[given], &op.models, "", &mut omits_required);
        }
        if !omits_required.is_empty() {
            let names: Vec<String> = omits_required.iter().map(|n| format!("`{n}`")).collect();
            diags
                .warning(
                    example.span.clone(),
                    format!("example request of `{}` leaves out required {}", op.name, names.join(", ")),
                )
                .with_note("its generated test expects `validate()` to report the missing parameter");
        }
        out.push(ir::Example {
            request: request.map(|json| ir::ExampleTest {
                test: names::example_test(&op.name, number, "request"),
                json: json.to_string(),
                omits_required,
            }),
            response: response.map(|json| ir::ExampleTest {
                test: names::example_test(&op.name, number, "response"),
                json: json.to_string(),
                omits_required: Vec::new(),
            }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `RegionId` and ECS `CreateAutoSnapshotPolicy`'s `regionId` are the region; a region
    /// list, a differently named region or a non-text one is not.
    #[test]
    fn the_region_parameter_by_its_name_in_either_case() {
        for wire in ["RegionId", "regionId"] {
            assert!(is_region_parameter(&field(wire, ir::Type::String)), "{wire}");
        }
        for (wire, ty) in [
            ("RegionIds", ir::Type::String),
            ("DestinationRegionId", ir::Type::String),
            ("RegionId", ir::Type::Array(Box::new(ir::Type::String))),
        ] {
            assert!(!is_region_parameter(&field(wire, ty)), "{wire}");
        }
    }

    /// ECS `StartInstances`' `|InstanceId|array|Yes|i-bp67acfmxazb4p****|`: a required list
    /// checks for one item; an optional one, or one sent as JSON text (`[]` is text), does not.
    #[test]
    fn a_required_rpc_list_holds_an_item() {
        let list = || ir::Type::Array(Box::new(ir::Type::String));
        let mut required = field("InstanceId", list());
        required.required = true;
        let mut as_text = required.clone();
        as_text.json_text = true;
        let optional = field("InstanceId", list());
        let mut fields = [required, as_text, optional];
        fields.iter_mut().for_each(required_list_holds_an_item);
        let rules: Vec<Vec<&ir::Rule>> = fields.iter().map(|f| f.constraints.iter().map(|c| &c.rule).collect()).collect();
        assert_eq!(rules[0], [&ir::Rule::Items { min: Some(1), max: None }]);
        assert!(rules[1].is_empty() && rules[2].is_empty(), "{rules:?}");
    }

    /// ECS `RunCommand`'s row `|Parameters|Json|No|{"name":"Jack", ...}|`: its JSON text in one
    /// parameter; a list or text field beside it keeps its own form.
    #[test]
    fn an_rpc_request_sends_a_json_value_as_its_text() {
        let spec_field = |name: &str, ty: TypeRef| spec::Field { name: name.into(), ty, ..Default::default() };
        let mut request = vec![
            spec_field("Parameters", TypeRef::Json),
            spec_field("InstanceId", TypeRef::Array(Box::new(TypeRef::String))),
            spec_field("CommandContent", TypeRef::String),
        ];
        json_values_as_text(&mut request);
        let text: Vec<bool> = request.iter().map(|f| f.json_text).collect();
        assert_eq!(text, [true, false, false]);
    }

    fn field(name: &str, ty: ir::Type) -> ir::Field {
        ir::Field {
            wire: name.to_owned(),
            rust: name.to_lowercase(),
            ty,
            required: false,
            description: Vec::new(),
            constraints: Vec::new(),
            example: None,
            deprecated: false,
            json_text: false,
            methods: ir::FieldMethods {
                plain: name.to_lowercase(),
                set: format!("set_{}", name.to_lowercase()),
                with: format!("with_{}", name.to_lowercase()),
            },
            list_wrapper: None,
            secret: false,
        }
    }

    fn model_field(name: &str, model: &str) -> ir::Field {
        field(name, ir::Type::Model(model.to_owned()))
    }

    fn list_field(name: &str, model: &str) -> ir::Field {
        field(name, ir::Type::Array(Box::new(ir::Type::Model(model.to_owned()))))
    }

    fn model(name: &str, fields: Vec<ir::Field>) -> ir::Model {
        ir::Model { wire: name.to_owned(), rust: name.to_owned(), description: Vec::new(), fields, in_requests: false }
    }

    fn operation(name: &str, request: Vec<ir::Field>, response: Vec<ir::Field>) -> ir::Operation {
        ir::Operation {
            names: names::ModuleNames::default().operation(0, name).0,
            name: name.to_owned(),
            description: Vec::new(),
            rate_limit: None,
            anonymous: false,
            request,
            response,
            errors: Vec::new(),
            examples: Vec::new(),
            first_models: Vec::new(),
            region_field: None,
            paging: None,
            empty_response: false,
        }
    }

    /// The models of `models` that `operations` mark, by name.
    fn held(mut models: Vec<ir::Model>, operations: &[ir::Operation]) -> Vec<String> {
        request_models(&mut models, operations);
        models.into_iter().filter(|m| m.in_requests).map(|m| m.rust).collect()
    }

    #[test]
    fn models_requests_hold_are_marked_and_models_only_answers_hold_are_not() {
        let models = || {
            vec![
                // Request -> Filter -> Range, nested twice.
                model("Filter", vec![field("Name", ir::Type::String), model_field("Range", "Range")]),
                model("Range", vec![field("Min", ir::Type::Integer)]),
                // Response -> Instance -> [Disk]: only answers hold them.
                model("Instance", vec![field("Id", ir::Type::String), list_field("Disks", "Disk")]),
                model("Disk", vec![field("Size", ir::Type::Integer)]),
                // Sent by one operation's request, answered by another's response.
                model("Tag", vec![field("Key", ir::Type::String)]),
                // An answer's model nested in a request's model is sent too.
                model("Placement", vec![field("Zone", ir::Type::String)]),
                model("Spec", vec![model_field("Placement", "Placement")]),
                // Held by nothing.
                model("Orphan", vec![field("X", ir::Type::String)]),
                // Holds itself, as a list (a tree), and is sent.
                model("Node", vec![list_field("Children", "Node"), model_field("Leaf", "Leaf")]),
                model("Leaf", vec![field("Value", ir::Type::String)]),
                // Two answer-only models that hold each other.
                model("Ping", vec![model_field("Pong", "Pong")]),
                model("Pong", vec![model_field("Ping", "Ping")]),
            ]
        };
        let operations = [
            operation("DescribeThings", vec![list_field("Filters", "Filter")], vec![list_field("Instances", "Instance"), list_field("Tags", "Tag"), model_field("Ping", "Ping")]),
            operation("TagThings", vec![list_field("Tags", "Tag"), model_field("Spec", "Spec"), model_field("Root", "Node")], vec![model_field("Placement", "Placement")]),
        ];
        assert_eq!(held(models(), &operations), ["Filter", "Range", "Tag", "Placement", "Spec", "Node", "Leaf"]);
        // Without the second operation, the tag and the placement are only answered.
        assert_eq!(held(models(), &operations[..1]), ["Filter", "Range"]);
        // Without requests, nothing is sent.
        assert_eq!(held(models(), &[]), Vec::<String>::new());
    }

    #[test]
    fn a_request_holding_only_scalars_marks_nothing() {
        let operations = [operation("Stop", vec![field("Id", ir::Type::String), field("Json", ir::Type::Json)], vec![model_field("Result", "Result")])];
        assert_eq!(held(vec![model("Result", vec![field("Ok", ir::Type::Boolean)])], &operations), Vec::<String>::new());
    }
}
