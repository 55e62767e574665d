//! Checked specs -> the resolved IR (`ir`): the last step before emitting. Decides every Rust
//! name (through `names`, once per item), gathers each service's models into the service,
//! computes example JSON (reporting examples that contradict their tables), and makes the
//! endpoints final. Expects `check` to have run without errors.

use crate::diag::Diagnostics;
use crate::ir;
use crate::names::{self, ModuleNames};
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
        common_errors: error_codes(&cloud.common_errors, &[]),
        services: cloud.services.iter().map(|service| resolve_service(cloud, service, diags)).collect(),
        module,
    }
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
    let op_names: Vec<ir::OperationNames> = service.operations.iter().map(|op| namer.operation(&op.name)).collect();
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
    let model_rust: BTreeMap<&str, String> =
        spec_models.iter().map(|m| (m.name.as_str(), namer.model(&m.name))).collect();
    let models = spec_models
        .iter()
        .map(|m| ir::Model {
            wire: m.name.clone(),
            rust: model_rust[m.name.as_str()].clone(),
            description: m.description.clone(),
            fields: fields(&m.fields, &model_rust),
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
            request: fields(&op.request, &model_rust),
            response: fields(&op.response, &model_rust),
            errors: error_codes(&op.errors, &["Common", "Unknown"]),
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

fn fields(fields: &[spec::Field], models: &BTreeMap<&str, String>) -> Vec<ir::Field> {
    let rust = names::fields(fields.iter().map(|f| f.name.as_str()));
    fields
        .iter()
        .zip(rust)
        .map(|(f, rust)| ir::Field {
            wire: f.name.clone(),
            rust,
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

fn error_codes(codes: &[spec::ErrorCode], reserved: &[&str]) -> Vec<ir::ErrorCode> {
    let variants = names::error_variants(codes.iter().map(|e| e.code.as_str()), reserved);
    codes
        .iter()
        .zip(variants)
        .map(|(e, variant)| ir::ErrorCode {
            code: e.code.clone(),
            variant,
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
