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

/// Where a spec file sits, from its path alone: a cloud's `common.yaml`, a file of a service
/// folder (`service.yaml`, a page, a YAML operation), or neither (`misplaced`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    Common { cloud: &'a str },
    Service { cloud: &'a str, service: &'a str },
    Elsewhere,
}

pub fn place(path: &str) -> Place<'_> {
    match role(path) {
        Ok(Role::Common { cloud }) => Place::Common { cloud },
        Ok(Role::Service { cloud, service } | Role::Page { cloud, service } | Role::OperationYaml { cloud, service }) => {
            Place::Service { cloud, service }
        }
        Err(_) => Place::Elsewhere,
    }
}

/// A cloud's `common.yaml`, read.
pub struct Common {
    spec: yaml::CommonSpec,
    span: Span,
}

/// What the files of one service folder said, before they are merged into its service.
#[derive(Default)]
pub struct ServiceParts {
    spec: Option<(yaml::ServiceSpec, Span)>,
    /// A `service.yaml` is there but did not read (its own error says why).
    spec_unreadable: bool,
    operations: Vec<spec::Operation>,
    models: Vec<spec::Model>,
    /// Each models page, its first line and the structures it defines.
    models_pages: Vec<(Span, Vec<String>)>,
}

impl ServiceParts {
    /// The first operation read (files in the order given): where an error about the folder's
    /// cloud points.
    pub fn first_operation(&self) -> Option<&Span> {
        self.operations.first().map(|op| &op.span)
    }
}

#[derive(Default)]
struct CloudParts {
    common: Option<Common>,
    /// A `common.yaml` is there but did not read (its own error says why).
    common_unreadable: bool,
    services: BTreeMap<String, ServiceParts>,
}

/// Reads and merges every file. Files must be given in a deterministic order (see
/// `source::load_dir`); the result is sorted by cloud, service and operation name.
///
/// The same steps as the pipeline that goes one service folder at a time takes (`read_common`,
/// `read_service_file`, `misplaced`, then `cloud` or `no_common`, and `service`), over every
/// file at once.
pub fn lower(files: &[SourceFile], diags: &mut Diagnostics) -> spec::Api {
    let mut clouds: BTreeMap<String, CloudParts> = BTreeMap::new();
    let none_placed = files.iter().all(|file| place(&file.path) == Place::Elsewhere);
    for file in files {
        match place(&file.path) {
            Place::Common { cloud } => {
                let parts = clouds.entry(cloud.to_owned()).or_default();
                match read_common(file, diags) {
                    Some(common) => parts.common = Some(common),
                    None => parts.common_unreadable = true,
                }
            }
            Place::Service { cloud, service } => {
                let parts = clouds.entry(cloud.to_owned()).or_default();
                read_service_file(parts.services.entry(service.to_owned()).or_default(), file, diags);
            }
            Place::Elsewhere => misplaced(file, none_placed, diags),
        }
    }

    let mut api = spec::Api::default();
    for (cloud_dir, parts) in clouds {
        let Some(common) = parts.common else {
            if let Some(first) = parts.services.values().find_map(ServiceParts::first_operation)
                && !parts.common_unreadable
            {
                no_common(&cloud_dir, first, diags);
            }
            continue;
        };
        let Some(mut cloud) = cloud(&cloud_dir, common, diags) else { continue };
        for (service_dir, service_parts) in parts.services {
            cloud.services.extend(service(cloud.kind, &cloud_dir, &service_dir, service_parts, diags));
        }
        api.clouds.push(cloud);
    }
    api.clouds.sort_by_key(|c| c.kind);
    api
}

/// Reads a cloud's `common.yaml` (`None` when it does not read, with the reader's errors).
pub fn read_common(file: &SourceFile, diags: &mut Diagnostics) -> Option<Common> {
    yaml::read_common(file, diags).map(|spec| Common { spec, span: file.span_line(1) })
}

/// Reads one file of a service folder (`service.yaml`, a page or a YAML operation, as its
/// [`place`] says) into the folder's parts. Files come in the order given: a second models
/// page's structure of the same name is ignored, with a warning.
pub fn read_service_file(parts: &mut ServiceParts, file: &SourceFile, diags: &mut Diagnostics) {
    let span = file.span_line(1);
    match role(&file.path) {
        Ok(Role::Service { service, .. }) => {
            let read = yaml::read_service(file, diags);
            parts.spec_unreadable = read.is_none();
            if let Some(spec) = read {
                if spec.service != service {
                    diags
                        .error(span.clone(), format!("service.yaml says `service: {}` but sits in folder `{service}`", spec.service))
                        .with_note("the folder name is the service name used in hosts and module names");
                }
                parts.spec = Some((spec, span));
            }
        }
        Ok(Role::Page { .. }) => match page::read_page(file, diags) {
            Some(spec::PageContent::Operation(op)) => parts.operations.push(*op),
            Some(spec::PageContent::Models(models)) => {
                parts.models_pages.push((span, models.iter().map(|m| m.name.clone()).collect()));
                merge_models(&mut parts.models, models, diags);
            }
            None => {}
        },
        Ok(Role::OperationYaml { .. }) => {
            if let Some(op) = yaml::read_operation(file, diags) {
                parts.operations.push(op);
            }
        }
        // Not reached from `lower` or `by_service`, which place files first.
        Ok(Role::Common { .. }) | Err(_) => misplaced(file, false, diags),
    }
}

/// A file in no spec location: skipped with a warning saying where files go (a README or an
/// editor's backup beside the specs). When no file of the folder is in a spec location it is
/// an error instead (`all`): a specs folder given one level too deep (`--specs specs/tencent`)
/// would otherwise generate nothing and remove every module written before.
pub fn misplaced(file: &SourceFile, all: bool, diags: &mut Diagnostics) {
    let expected = role(&file.path).err().unwrap_or_default();
    if all {
        diags
            .error(file.span_line(1), "file is not in a spec location, nor is any other file of the specs folder")
            .with_note(format!("{expected}: is the folder given the one that holds the cloud folders?"));
    } else {
        diags.warning(file.span_line(1), "file is not in a spec location; skipped").with_note(expected);
    }
}

/// The error of a cloud folder with operations but no `common.yaml` that reads: it points at
/// the first operation of the folder's first service that has one (services in name order).
pub fn no_common(cloud_dir: &str, first_operation: &Span, diags: &mut Diagnostics) {
    diags
        .error(first_operation.clone(), format!("cloud folder `{cloud_dir}` has no common.yaml"))
        .with_note("add <cloud>/common.yaml with signing, envelope, common errors and regions");
}

/// The cloud of a folder, from its `common.yaml`, without services yet; `None` (an error) when
/// the file names another cloud than its folder.
pub fn cloud(cloud_dir: &str, common: Common, diags: &mut Diagnostics) -> Option<spec::Cloud> {
    let Common { spec: common, span } = common;
    if common.cloud.as_str() != cloud_dir {
        diags.error(span, format!("common.yaml says `cloud: {}` but sits in folder `{cloud_dir}`", common.cloud.as_str()));
        return None;
    }
    Some(spec::Cloud {
        kind: common.cloud,
        title: common.title,
        signing: common.signing,
        envelope: common.envelope,
        common_params: common.common_params,
        common_errors: common.common_errors,
        regions: common.regions,
        services: Vec::new(),
        span,
    })
}

/// One service folder's parts merged into its service, operations sorted by name; `None`
/// without a `service.yaml` that reads (an error when the folder has operations or models and
/// no `service.yaml` at all: one that does not read has its own error).
pub fn service(
    cloud: spec::CloudKind,
    cloud_dir: &str,
    service_dir: &str,
    parts: ServiceParts,
    diags: &mut Diagnostics,
) -> Option<spec::Service> {
    let Some((spec, span)) = parts.spec else {
        let first = parts.operations.first().map(|op| &op.span);
        if let Some(first) = first.or(parts.models.first().map(|m| &m.span)).filter(|_| !parts.spec_unreadable) {
            diags
                .error(first.clone(), format!("service folder `{cloud_dir}/{service_dir}` has no service.yaml"))
                .with_note("add service.yaml with service, title, version and endpoints");
        }
        return None;
    };
    unused_models_pages(&parts.operations, &parts.models_pages, diags);
    let mut operations = parts.operations;
    service_paging(cloud_dir, service_dir, spec.paging, &mut operations, diags);
    service_anonymous(cloud_dir, service_dir, &spec.anonymous, &spec.anonymous_span, &mut operations, diags);
    operations.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.span.cmp(&b.span)));
    Some(spec::Service {
        cloud,
        name: spec.service,
        title: spec.title,
        version: spec.version,
        endpoints: spec.endpoints,
        operations,
        models: parts.models,
        span,
    })
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

/// Marks each operation service.yaml's `anonymous:` names as sent without a signature; a name
/// that is no operation of the folder is an error (a misspelt action would otherwise leave
/// its operation signed, and a caller without credentials unable to call it).
fn service_anonymous(cloud: &str, service: &str, actions: &[String], at: &Span, operations: &mut [spec::Operation], diags: &mut Diagnostics) {
    for action in actions {
        match operations.iter_mut().find(|op| op.name == *action) {
            Some(op) => op.anonymous = true,
            None => {
                diags
                    .error(at.clone(), format!("`anonymous:` names `{action}`, which is not an operation of `{cloud}/{service}`"))
                    .with_note("list action names, as the pages spell them");
            }
        }
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
