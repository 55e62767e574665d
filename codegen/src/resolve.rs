//! Checked specs -> the resolved IR (`ir`): the last step before emitting. Decides every Rust
//! name (through `names`, once per item), gathers each service's models into the service,
//! computes example JSON (reporting examples that contradict their tables), and makes the
//! endpoints final. Expects `check` to have run without errors.

use crate::diag::Diagnostics;
use crate::ir;
use crate::names::{self, Claim, Holder, ModuleItem, ModuleNames};
use crate::spec::{self, TypeRef};
use std::collections::BTreeMap;

pub fn resolve(api: &spec::Api, diags: &mut Diagnostics) -> ir::Api {
    ir::Api { clouds: api.clouds.iter().map(|cloud| resolve_cloud(cloud, diags)).collect() }
}

fn resolve_cloud(cloud: &spec::Cloud, diags: &mut Diagnostics) -> ir::Cloud {
    let kind = match cloud.kind {
        spec::CloudKind::Tencent => ir::CloudKind::Tencent,
        spec::CloudKind::Alibaba => ir::CloudKind::Alibaba,
    };
    let module = cloud.kind.as_str().to_owned();
    ir::Cloud {
        kind,
        title: cloud.title.clone(),
        signing: match cloud.signing {
            spec::SigningScheme::Tc3HmacSha256 => ir::SigningScheme::Tc3HmacSha256,
            spec::SigningScheme::Acs3HmacSha256 => ir::SigningScheme::Acs3HmacSha256,
        },
        envelope: envelope(cloud.envelope),
        source: format!("{module}/common.yaml"),
        common_errors: error_codes(&cloud.common_errors, &[], &format!("the common errors of {}", cloud.title), diags),
        services: unique_modules(cloud.services.iter().map(|service| resolve_service(cloud, service, diags)).collect(), cloud, diags),
        module,
    }
}

/// Two service folders whose module names are the same (`tat` and `Tat`, `a-b` and `a_b`, two
/// non-ASCII names) would overwrite each other's module: an error naming both folders.
fn unique_modules(services: Vec<ir::Service>, cloud: &spec::Cloud, diags: &mut Diagnostics) -> Vec<ir::Service> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, service) in services.iter().enumerate() {
        if let Some(&first) = seen.get(service.module.as_str()) {
            let span = &cloud.services[i].span;
            let first_source = &services[first].source;
            diags
                .error(
                    span.clone(),
                    format!("service folders `{first_source}` and `{}` would both be module `{}`", service.source, service.module),
                )
                .with_note(format!(
                    "`{first_source}` is at {}; module names are service names in snake case, so rename one folder",
                    cloud.services[first].span
                ));
        } else {
            seen.insert(&service.module, i);
        }
    }
    services
}

fn envelope(envelope: spec::Envelope) -> ir::Envelope {
    match envelope {
        spec::Envelope::TencentResponse => ir::Envelope::TencentResponse,
        spec::Envelope::AlibabaRpc => ir::Envelope::AlibabaRpc,
    }
}

fn resolve_service(cloud: &spec::Cloud, service: &spec::Service, diags: &mut Diagnostics) -> ir::Service {
    let kind = cloud.kind.as_str();
    let mut namer = ModuleNames::default();
    let op_names: Vec<ir::OperationNames> = service
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let (names, renamed) = namer.operation(i, &op.name);
            operation_collisions(service, op, renamed, diags);
            names
        })
        .collect();
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
    let model_rust: BTreeMap<&str, String> = spec_models
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let claim = namer.model(i, &m.name);
            model_collision(service, &spec_models, m, &claim, diags);
            (m.name.as_str(), claim.name)
        })
        .collect();
    let models = spec_models
        .iter()
        .map(|m| ir::Model {
            wire: m.name.clone(),
            rust: model_rust[m.name.as_str()].clone(),
            description: m.description.clone(),
            fields: fields(&m.fields, &model_rust, &format!("model `{}`", m.name), diags),
        })
        .collect();
    let operations = service
        .operations
        .iter()
        .zip(op_names)
        .zip(first_models)
        .map(|((op, names), first_models)| ir::Operation {
            name: op.name.clone(),
            description: op.description.clone(),
            rate_limit: op.rate_limit.as_ref().map(|r| r.per_second),
            request: fields(&op.request, &model_rust, &format!("the request of `{}`", op.name), diags),
            response: fields(&op.response, &model_rust, &format!("the response of `{}`", op.name), diags),
            errors: error_codes(&op.errors, &["Common", "Unknown"], &format!("`{}`", op.name), diags),
            examples: examples(op, cloud.envelope, diags),
            first_models,
            names,
        })
        .collect();
    let endpoints = &service.endpoints;
    let finance_regions = if endpoints.finance.is_some() {
        cloud.regions.iter().filter(|r| r.finance).map(|r| r.id.clone()).collect()
    } else {
        Vec::new()
    };
    let module = names::service_module(kind, &service.name);
    ir::Service {
        name: service.name.clone(),
        title: service.title.clone(),
        version: service.version.clone(),
        feature: names::feature(&module),
        module,
        source: format!("{kind}/{}", service.name),
        endpoints: ir::Endpoints {
            default: endpoints.default.clone(),
            intl: endpoints.intl.clone(),
            regional: endpoints.regional.clone(),
            finance: endpoints.finance.clone(),
            finance_regions,
        },
        operations,
        models,
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
            Holder::Item(ModuleItem::Model(_)) => unreachable!("operations are named before models"),
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

/// Fields of one struct whose Rust names collide (`InstanceId` and `InstanceID`) are renamed
/// in table order, with a warning naming both rows.
fn fields(fields: &[spec::Field], models: &BTreeMap<&str, String>, owner: &str, diags: &mut Diagnostics) -> Vec<ir::Field> {
    let rust = names::fields(fields.iter().map(|f| f.name.as_str()));
    for (f, claim) in fields.iter().zip(&rust) {
        if let Some(rename) = &claim.renamed {
            let Holder::Item(first) = rename.holder else { unreachable!("fields have no reserved names") };
            let first = &fields[first];
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
        .iter()
        .zip(rust)
        .map(|(f, rust)| ir::Field {
            wire: f.name.clone(),
            rust: rust.name,
            ty: ty(&f.ty, models),
            required: f.required,
            description: f.description.clone(),
            constraints: f
                .constraints
                .iter()
                .map(|c| ir::Constraint { rule: rule(&c.rule), source: c.source.clone() })
                .collect(),
            example: f.example.clone(),
        })
        .collect()
}

fn ty(ty: &TypeRef, models: &BTreeMap<&str, String>) -> ir::Type {
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
        TypeRef::Model(name) => models.get(name.as_str()).map_or(ir::Type::Json, |rust| ir::Type::Model(rust.clone())),
    }
}

fn rule(rule: &spec::Rule) -> ir::Rule {
    match rule {
        spec::Rule::Items { min, max } => ir::Rule::Items { min: *min, max: *max },
        spec::Rule::Length { min, max } => ir::Rule::Length { min: *min, max: *max },
        spec::Rule::Range { min, max } => ir::Rule::Range { min: *min, max: *max },
        spec::Rule::OneOf { values } => ir::Rule::OneOf { values: values.clone() },
    }
}

/// Error codes of one enum whose variants collide (`InvalidParameter.Foo` and
/// `InvalidParameterFoo`, or a code named like the enum's own `Unknown`) are renamed in code
/// order, with a warning naming both.
fn error_codes(codes: &[spec::ErrorCode], reserved: &[&str], owner: &str, diags: &mut Diagnostics) -> Vec<ir::ErrorCode> {
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
        .iter()
        .zip(variants)
        .map(|(e, variant)| ir::ErrorCode {
            code: e.code.clone(),
            variant: variant.name,
            description: e.description.clone(),
            http_status: e.http_status,
            retryable: e.retryable,
        })
        .collect()
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
                    .warning(example.span.clone(), format!("example request of {} does not fit the request table: {reason}", op.name))
                    .with_note("it is left out of the generated example tests");
                None
            }
        };
        let response = match crate::example::response_json(op, example, envelope) {
            Ok(json) => json,
            Err(reason) => {
                diags
                    .warning(example.span.clone(), format!("example response of {} does not fit the response table: {reason}", op.name))
                    .with_note("it is left out of the generated example tests");
                None
            }
        };
        out.push(ir::Example {
            request: request.map(|json| ir::ExampleTest {
                test: names::example_test(&op.name, number, "request"),
                json: json.to_string(),
            }),
            response: response.map(|json| ir::ExampleTest {
                test: names::example_test(&op.name, number, "response"),
                json: json.to_string(),
            }),
        });
    }
    out
}
