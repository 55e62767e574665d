//! Spec files -> `spec::Api`: reads each file with its reader and merges pages and YAML with the
//! cloud's `common.yaml` and the service's `service.yaml`, by where they sit in the tree:
//!
//! ```text
//! <cloud>/common.yaml
//! <cloud>/<service>/service.yaml
//! <cloud>/<service>/<Action>.md | <Action>.txt   documentation pages (any supported layout)
//! <cloud>/<service>/<Action>.yaml                operations written in YAML
//! ```
//!
//! A page that defines structures only (a Data Types page, recognised by its content, not its
//! name) feeds the models of its folder's service, for every operation of the service.

use crate::diag::Diagnostics;
use crate::spec::{self, Span};
use crate::parse::{page, yaml};
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// What a spec file is, from its place in the tree.
enum Role<'a> {
    Common { cloud: &'a str },
    Service { cloud: &'a str, service: &'a str },
    Page { cloud: &'a str, service: &'a str },
    OperationYaml { cloud: &'a str, service: &'a str },
}

fn role(path: &str) -> Result<Role<'_>, String> {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [cloud, "common.yaml"] => Ok(Role::Common { cloud }),
        [cloud, service, "service.yaml"] => Ok(Role::Service { cloud, service }),
        [cloud, service, file] if file.ends_with(".yaml") || file.ends_with(".yml") => {
            Ok(Role::OperationYaml { cloud, service })
        }
        [cloud, service, file] if file.ends_with(".md") || file.ends_with(".txt") => {
            Ok(Role::Page { cloud, service })
        }
        _ => Err(
            "expected <cloud>/common.yaml, <cloud>/<service>/service.yaml or <cloud>/<service>/<Action>.{md,txt,yaml}"
                .to_owned(),
        ),
    }
}

#[derive(Default)]
struct ServiceParts {
    spec: Option<(yaml::ServiceSpec, Span)>,
    operations: Vec<spec::Operation>,
    models: Vec<spec::Model>,
    /// Each models page, its first line and the structures it defines.
    models_pages: Vec<(Span, Vec<String>)>,
}

#[derive(Default)]
struct CloudParts {
    common: Option<(yaml::CommonSpec, Span)>,
    services: BTreeMap<String, ServiceParts>,
}

/// Reads and merges every file. Files must be given in a deterministic order (see
/// `source::load_dir`); the result is sorted by cloud, service and operation name.
pub fn lower(files: &[SourceFile], diags: &mut Diagnostics) -> spec::Api {
    let mut clouds: BTreeMap<String, CloudParts> = BTreeMap::new();
    for file in files {
        let span = file.span_line(1);
        match role(&file.path) {
            Ok(Role::Common { cloud }) => {
                if let Some(spec) = yaml::read_common(file, diags) {
                    clouds.entry(cloud.to_owned()).or_default().common = Some((spec, span.clone()));
                }
            }
            Ok(Role::Service { cloud, service }) => {
                if let Some(spec) = yaml::read_service(file, diags) {
                    if spec.service != service {
                        diags
                            .error(span.clone(), format!("service.yaml says `service: {}` but sits in folder `{service}`", spec.service))
                            .with_note("the folder name is the service name used in hosts and module names");
                    }
                    let parts = clouds.entry(cloud.to_owned()).or_default();
                    parts.services.entry(service.to_owned()).or_default().spec = Some((spec, span.clone()));
                }
            }
            Ok(Role::Page { cloud, service }) => {
                let content = page::read_page(file, diags);
                let parts = clouds.entry(cloud.to_owned()).or_default();
                let service = parts.services.entry(service.to_owned()).or_default();
                match content {
                    Some(spec::PageContent::Operation(op)) => service.operations.push(*op),
                    Some(spec::PageContent::Models(models)) => {
                        service.models_pages.push((span.clone(), models.iter().map(|m| m.name.clone()).collect()));
                        merge_models(&mut service.models, models, diags);
                    }
                    None => {}
                }
            }
            Ok(Role::OperationYaml { cloud, service }) => {
                if let Some(op) = yaml::read_operation(file, diags) {
                    let parts = clouds.entry(cloud.to_owned()).or_default();
                    parts.services.entry(service.to_owned()).or_default().operations.push(op);
                }
            }
            Err(expected) => {
                diags.warning(span, "file is not in a spec location; skipped").with_note(expected);
            }
        }
    }

    let mut api = spec::Api::default();
    for (cloud_dir, parts) in clouds {
        let Some((common, common_span)) = parts.common else {
            if let Some(first) = parts.services.values().flat_map(|s| s.operations.first()).next() {
                diags
                    .error(first.span.clone(), format!("cloud folder `{cloud_dir}` has no common.yaml"))
                    .with_note("add <cloud>/common.yaml with signing, envelope, common errors and regions");
            }
            continue;
        };
        if common.cloud.as_str() != cloud_dir {
            diags.error(
                common_span.clone(),
                format!("common.yaml says `cloud: {}` but sits in folder `{cloud_dir}`", common.cloud.as_str()),
            );
            continue;
        }
        let mut services = Vec::new();
        for (service_dir, service_parts) in parts.services {
            let Some((spec, span)) = service_parts.spec else {
                let first = service_parts.operations.first().map(|op| &op.span);
                if let Some(first) = first.or(service_parts.models.first().map(|m| &m.span)) {
                    diags
                        .error(first.clone(), format!("service folder `{cloud_dir}/{service_dir}` has no service.yaml"))
                        .with_note("add service.yaml with service, title, version and endpoints");
                }
                continue;
            };
            unused_models_pages(&service_parts.operations, &service_parts.models_pages, diags);
            let mut operations = service_parts.operations;
            service_paging(&cloud_dir, &service_dir, spec.paging, &mut operations, diags);
            operations.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.span.cmp(&b.span)));
            services.push(spec::Service {
                cloud: common.cloud,
                name: spec.service,
                title: spec.title,
                version: spec.version,
                endpoints: spec.endpoints,
                operations,
                models: service_parts.models,
                span,
            });
        }
        api.clouds.push(spec::Cloud {
            kind: common.cloud,
            title: common.title,
            signing: common.signing,
            envelope: common.envelope,
            common_params: common.common_params,
            common_errors: common.common_errors,
            regions: common.regions,
            services,
            span: common_span,
        });
    }
    api.clouds.sort_by_key(|c| c.kind);
    api
}

/// Hands each `paging:` entry of service.yaml to its operation. An entry naming no operation
/// of the folder, or an operation whose YAML file says its paging too, is an error: either
/// would leave the reader unsure which paging the client has.
fn service_paging(
    cloud: &str,
    service: &str,
    paging: BTreeMap<String, spec::PagingOverride>,
    operations: &mut [spec::Operation],
    diags: &mut Diagnostics,
) {
    for (action, paging) in paging {
        let Some(op) = operations.iter_mut().find(|op| op.name == action) else {
            diags
                .error(paging.span().clone(), format!("`paging:` names `{action}`, which is not an operation of `{cloud}/{service}`"))
                .with_note("the keys of `paging:` are action names, as the pages spell them");
            continue;
        };
        if let Some(first) = &op.paging {
            diags
                .error(paging.span().clone(), format!("the paging of `{action}` is given twice"))
                .with_note(format!("its operation file gives it at {}; keep one", first.span()));
            continue;
        }
        op.paging = Some(paging);
    }
}

/// Warns about a models page none of whose structures an operation of its service uses.
/// A page is read as a models page by its shape alone (headings each followed by a table, no
/// request or response section), which an operation page with unusual section headings
/// (`## Parameters`, `## Returns`) also has; such a page would otherwise drop its operation
/// without a word. Only direct uses count: a Data Types page always has some.
fn unused_models_pages(operations: &[spec::Operation], pages: &[(Span, Vec<String>)], diags: &mut Diagnostics) {
    let mut used: Vec<&str> = Vec::new();
    for op in operations {
        let fields = op.request.iter().chain(&op.response).chain(op.models.iter().flat_map(|m| &m.fields));
        used.extend(fields.filter_map(|f| f.ty.model()));
    }
    for (span, names) in pages {
        if names.iter().any(|n| used.contains(&n.as_str())) {
            continue;
        }
        diags
            .warning(
                span.clone(),
                format!(
                    "this page reads as a models page (structures `{}`{}), but no operation of its service uses them; no operation is read from it",
                    names.iter().take(5).cloned().collect::<Vec<_>>().join("`, `"),
                    if names.len() > 5 { ", ..." } else { "" }
                ),
            )
            .with_note(
                "a models page is headings each followed by a table, and no request or response section; \
                 if this page documents an operation, head its tables `Request parameters` and `Response parameters`",
            );
    }
}

/// Adds a models page's structures to its service's; a structure two models pages define
/// keeps the first definition (files come in path order), with a warning at the second.
fn merge_models(service: &mut Vec<spec::Model>, models: Vec<spec::Model>, diags: &mut Diagnostics) {
    for model in models {
        if let Some(first) = service.iter().find(|m| m.name == model.name) {
            diags
                .warning(model.span.clone(), format!("structure `{}` is defined by two models pages of this service; this one is ignored", model.name))
                .with_note(format!("first defined at {}", first.span));
            continue;
        }
        service.push(model);
    }
}
