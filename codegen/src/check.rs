//! Named passes over the merged specs: normalise what `resolve` and the emitters rely on and
//! report what is wrong, with locations. After `check` without errors, they can assume:
//! - operation names are unique in a service and are identifiers on the wire;
//! - field wire names are unique within a struct;
//! - every `TypeRef::Model` names a model of the operation (unresolved ones became JSON);
//! - constraints fit their field's type and bound something (`min <= max`), and a rate limit
//!   is at least 1 per second;
//! - error codes are unique per operation (retry classes apply at run time, to sub-codes too);
//! - Finance notes became endpoint data of the service.

use crate::diag::Diagnostics;
use crate::spec::{self, Rule, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

pub fn check(api: &mut spec::Api, diags: &mut Diagnostics) {
    for cloud in &mut api.clouds {
        let finance_regions = finance_regions(cloud);
        for service in &mut cloud.services {
            check_service(service, &finance_regions, diags);
        }
    }
}

/// The cloud's Finance regions, which [`check_service`] needs.
pub fn finance_regions(cloud: &spec::Cloud) -> Vec<String> {
    cloud.regions.iter().filter(|r| r.finance).map(|r| r.id.clone()).collect()
}

/// Every pass over one service: a service is checked on its own, given its cloud's Finance
/// regions.
pub fn check_service(service: &mut spec::Service, finance_regions: &[String], diags: &mut Diagnostics) {
    unique_operations(service, diags);
    page_matches_service(service, diags);
    finance_endpoints(service, finance_regions, diags);
    resolve_models(service, diags);
    // Models are copied into every operation that uses them: report each rule once.
    let mut reported = BTreeSet::new();
    for op in &mut service.operations {
        unique_fields(op, diags);
        limits_make_sense(op, &mut reported, diags);
        constraints_fit_types(op, diags);
        unique_errors(op, diags);
    }
}

fn unique_operations(service: &mut spec::Service, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, spec::Span> = BTreeMap::new();
    service.operations.retain(|op| {
        if op.name.is_empty() || !op.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            diags
                .error(op.span.clone(), format!("operation name `{}` is not a valid action name", op.name))
                .with_note("action names are ASCII letters and digits, e.g. CancelInvocation");
            return false;
        }
        if let Some(first) = seen.get(&op.name) {
            diags
                .error(op.span.clone(), format!("operation `{}` is defined twice", op.name))
                .with_note(format!("first defined at {first}"));
            return false;
        }
        seen.insert(op.name.clone(), op.span.clone());
        true
    });
}

/// Pages repeat the domain and version; they must agree with service.yaml.
fn page_matches_service(service: &spec::Service, diags: &mut Diagnostics) {
    let endpoints = &service.endpoints;
    for op in &service.operations {
        if let Some(domain) = &op.domain {
            let known = domain == &endpoints.default || endpoints.intl.as_ref() == Some(domain);
            if !known {
                diags
                    .warning(op.span.clone(), format!("page names domain `{domain}`, service.yaml does not"))
                    .with_note(match &endpoints.intl {
                        Some(intl) => format!("service.yaml endpoints: default `{}`, intl `{intl}`", endpoints.default),
                        None => format!("service.yaml endpoints: default `{}` (no intl)", endpoints.default),
                    });
            }
        }
        if let Some(version) = op.version.as_ref().filter(|v| **v != service.version) {
            diags
                .error(
                    op.version_span.clone().unwrap_or_else(|| op.span.clone()),
                    format!("page says version {version}, service.yaml says {}", service.version),
                )
                .with_note("one service module has one version; fix service.yaml or move the page");
        }
    }
}

/// A page's Finance-region note ("a domain name with the Finance region needs to be
/// specified, for example: dts.ap-shanghai-fsi.tencentcloudapi.com") becomes the service's
/// Finance domain pattern, unless service.yaml already gives one.
fn finance_endpoints(service: &mut spec::Service, finance_regions: &[String], diags: &mut Diagnostics) {
    for op in &service.operations {
        let Some(note) = &op.finance else { continue };
        let Some(example) = &note.example_domain else { continue };
        let pattern = finance_regions.iter().find_map(|region| {
            let needle = format!(".{region}.");
            example.contains(&needle).then(|| example.replacen(&needle, ".{region}.", 1))
        });
        match (pattern, &service.endpoints.finance) {
            (Some(pattern), None) => service.endpoints.finance = Some(pattern),
            (Some(pattern), Some(existing)) if &pattern != existing => {
                diags
                    .warning(note.span.clone(), format!("Finance domain `{example}` does not match service.yaml `{existing}`"))
                    .with_note("service.yaml wins");
            }
            (Some(_), Some(_)) => {}
            (None, _) => {
                diags
                    .warning(note.span.clone(), format!("Finance domain `{example}` names no Finance region of common.yaml"))
                    .with_note(format!("Finance regions: {}", finance_regions.join(", ")));
            }
        }
    }
}

/// Models named but not described on a page are looked up in the service's models pages (the
/// Data Types page describes them for every operation), then in the other operations of the
/// service; what cannot be found is kept as raw JSON with a warning, never dropped.
fn resolve_models(service: &mut spec::Service, diags: &mut Diagnostics) {
    let mut known: BTreeMap<String, spec::Model> = BTreeMap::new();
    for model in &service.models {
        known.entry(model.name.clone()).or_insert_with(|| model.clone());
    }
    for op in &service.operations {
        for model in &op.models {
            known.entry(model.name.clone()).or_insert_with(|| model.clone());
        }
    }
    for op in &mut service.operations {
        let mut wanted: BTreeSet<String> = BTreeSet::new();
        let mut missing: BTreeSet<String> = BTreeSet::new();
        loop {
            let defined: BTreeSet<String> = op.models.iter().map(|m| m.name.clone()).collect();
            let mut added = false;
            let refs = model_refs(op);
            for name in refs {
                if defined.contains(&name) || missing.contains(&name) || !wanted.insert(name.clone()) {
                    continue;
                }
                match known.get(&name) {
                    Some(model) => {
                        op.models.push(model.clone());
                        added = true;
                    }
                    None => {
                        missing.insert(name);
                    }
                }
            }
            if !added {
                break;
            }
        }
        if missing.is_empty() {
            continue;
        }
        let mut replace = |field: &mut spec::Field| {
            if let Some(name) = field.ty.model().filter(|n| missing.contains(*n)).map(str::to_owned) {
                diags
                    .warning(field.span.clone(), format!("type `{name}` of `{}` is not described in this service; kept as raw JSON", field.name))
                    .with_note(format!("describe `{name}` on a page or in a YAML operation of this service to get a typed struct"));
                field.ty = json_like(&field.ty);
            }
        };
        op.request.iter_mut().for_each(&mut replace);
        op.response.iter_mut().for_each(&mut replace);
        op.models.iter_mut().flat_map(|m| m.fields.iter_mut()).for_each(&mut replace);
    }
}

/// The same shape with the model replaced by JSON (`array of Filter` -> `array of json`).
fn json_like(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Array(item) => TypeRef::Array(Box::new(json_like(item))),
        _ => TypeRef::Json,
    }
}

fn model_refs(op: &spec::Operation) -> Vec<String> {
    op.request
        .iter()
        .chain(&op.response)
        .chain(op.models.iter().flat_map(|m| &m.fields))
        .filter_map(|f| f.ty.model().map(str::to_owned))
        .collect()
}

fn unique_fields(op: &mut spec::Operation, diags: &mut Diagnostics) {
    let dedupe = |fields: &mut Vec<spec::Field>, owner: &str, diags: &mut Diagnostics| {
        let mut seen: BTreeMap<String, spec::Span> = BTreeMap::new();
        fields.retain(|f| {
            if let Some(first) = seen.get(&f.name) {
                diags
                    .error(f.span.clone(), format!("field `{}` appears twice in {owner}", f.name))
                    .with_note(format!("first at {first}"));
                return false;
            }
            seen.insert(f.name.clone(), f.span.clone());
            true
        });
    };
    dedupe(&mut op.request, "the request", diags);
    dedupe(&mut op.response, "the response", diags);
    for model in &mut op.models {
        let owner = format!("model `{}`", model.name);
        dedupe(&mut model.fields, &owner, diags);
    }
}

/// A rate limit of 0 per second and a rule whose `min` is above its `max` can be met by no
/// call: errors at the rule, since the generated client would refuse every request. (Negative
/// lengths and item counts cannot be written: they are unsigned, and YAML `-1` is an error of
/// the reader.)
fn limits_make_sense(op: &spec::Operation, reported: &mut BTreeSet<(spec::Span, String)>, diags: &mut Diagnostics) {
    if let Some(rate) = op.rate_limit.as_ref().filter(|r| r.per_second == 0) {
        diags
            .error(rate.span.clone(), format!("rate limit of `{}` is 0 requests per second", op.name))
            .with_note("a rate limit is at least 1 per second; leave `rate_limit` out when the page gives none");
    }
    let fields = op.request.iter().chain(&op.response).chain(op.models.iter().flat_map(|m| &m.fields));
    for field in fields {
        for c in &field.constraints {
            let inverted = match &c.rule {
                Rule::Items { min: Some(lo), max: Some(hi) } | Rule::Length { min: Some(lo), max: Some(hi) } => lo > hi,
                Rule::Range { min: Some(lo), max: Some(hi) } => lo > hi,
                _ => false,
            };
            if inverted && reported.insert((c.span.clone(), field.name.clone())) {
                let diag = diags.error(
                    c.span.clone(),
                    format!("rule `{}` of `{}` has its minimum above its maximum", describe(&c.rule), field.name),
                );
                if c.source.is_empty() {
                    diag.with_note("no value can meet it; swap or fix the bounds");
                } else {
                    diag.with_note(format!("no value can meet it; from: {}", c.source));
                }
            }
        }
    }
}

fn constraints_fit_types(op: &mut spec::Operation, diags: &mut Diagnostics) {
    let fit = |field: &mut spec::Field, diags: &mut Diagnostics| {
        let ty = field.ty.clone();
        let name = field.name.clone();
        field.constraints.retain(|c| {
            let item = match &ty {
                TypeRef::Array(item) => item.as_ref(),
                other => other,
            };
            let ok = match &c.rule {
                Rule::Items { .. } => matches!(ty, TypeRef::Array(_)),
                Rule::Length { .. } | Rule::OneOf { .. } => matches!(item, TypeRef::String | TypeRef::Timestamp),
                Rule::Range { .. } => matches!(item, TypeRef::Integer | TypeRef::Unsigned),
            };
            if !ok {
                diags
                    .warning(c.span.clone(), format!("rule `{}` does not apply to `{name}` of type {ty}; not enforced", describe(&c.rule)))
                    .with_note(format!("from: {}", c.source));
            }
            ok
        });
    };
    op.request.iter_mut().for_each(|f| fit(f, diags));
    op.models.iter_mut().flat_map(|m| m.fields.iter_mut()).for_each(|f| fit(f, diags));
}

/// A rule as a reader would say it: `items at most 3`, `length 2 to 128`.
fn describe(rule: &Rule) -> String {
    fn bounds<T: std::fmt::Display>(min: &Option<T>, max: &Option<T>) -> String {
        match (min, max) {
            (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
            (Some(lo), None) => format!("at least {lo}"),
            (None, Some(hi)) => format!("at most {hi}"),
            (None, None) => "unbounded".to_owned(),
        }
    }
    match rule {
        Rule::Items { min, max } => format!("items {}", bounds(min, max)),
        Rule::Length { min, max } => format!("length {}", bounds(min, max)),
        Rule::Range { min, max } => format!("range {}", bounds(min, max)),
        Rule::OneOf { values } => format!("one of {}", values.join(", ")),
    }
}

fn unique_errors(op: &mut spec::Operation, diags: &mut Diagnostics) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    op.errors.retain_mut(|e| {
        if e.code.is_empty() {
            diags.error(e.span.clone(), "error code is empty");
            return false;
        }
        if !seen.insert(e.code.clone()) {
            diags.warning(e.span.clone(), format!("error code `{}` is listed twice; the first is kept", e.code));
            return false;
        }
        true
    });
}
