//! Hand edits of copies of generated modules, to measure what parts of the generated code
//! cost to compile. The generator is not changed: these are the alternatives it could emit.

use quote::{ToTokens, format_ident};
use syn::visit_mut::VisitMut;
use syn::{Attribute, Expr, ImplItem, Item, parse_quote};

/// One edit of the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// As generated.
    Base,
    /// Without the async per-operation methods of `Client` (each instantiates the generic
    /// `Client::call::<Req, Resp, E>` and its future), the fluent calls and the `rt::Request`
    /// impls (so without `validate_json`'s instance, which needs them).
    NoClientMethods,
    /// `OperationInfo::validate_json` without `rt::validate_json::<Request>` (one
    /// decode-from-`Value` instantiation per operation).
    NoValidateJson,
    /// Requests implement only `JsonEncode`, responses only `JsonDecode` (validate_json, which
    /// needs `JsonDecode` on requests, is dropped too, and so are the calls: `rt::Request`
    /// needs it since the checks of a request left without its region run on its JSON).
    /// Replaces the earlier "directional-serde" variant, from when the types derived serde.
    DirectionalJson,
    /// No `JsonEncode` / `JsonDecode` impls at all (nor the methods and `validate_json` that
    /// need them). Replaces the earlier "no-serde" variant.
    NoJson,
    /// As `NoJson`, and the structs (not `Client`) derive only `Default` (no Debug, Clone,
    /// PartialEq): what is left is the types themselves, `validate`, the error enums.
    NoDerives,
    /// One error enum per service (union of the operations' codes); per-operation names
    /// become type aliases of it.
    ErrorEnumPerService,
    /// No error enums: every operation uses `rt::GenericError` (code + message strings).
    GenericErrors,
    /// Without rustdoc attributes.
    NoDocs,
    /// The error enums without their derived `Debug`, `Clone`, `PartialEq` and `Eq`: one-line
    /// impls in their place (a `Debug` that writes nothing, a `Clone` that panics), an upper
    /// bound of what any cheaper form of those four impls could save.
    ErrorEnumOneLineImpls,
    /// Every `validate` body `Ok(())`: what the documented checks cost.
    NoValidate,
    /// The types alone: the structs with their derives, `new`, the accessors and setters and
    /// the value enums. No calls or codecs (as `NoJson`), no error enums (as `GenericErrors`),
    /// `validate` bodies `Ok(())`. Every other part of the crate adds to what this costs, so it
    /// is a floor under any crate that offers these types (#13 item 4).
    TypesOnly,
}

impl Variant {
    pub const ALL: [Variant; 12] = [
        Variant::Base,
        Variant::NoClientMethods,
        Variant::NoValidateJson,
        Variant::DirectionalJson,
        Variant::NoJson,
        Variant::NoDerives,
        Variant::ErrorEnumPerService,
        Variant::GenericErrors,
        Variant::NoDocs,
        Variant::ErrorEnumOneLineImpls,
        Variant::NoValidate,
        Variant::TypesOnly,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Base => "base",
            Variant::NoClientMethods => "no-client-methods",
            Variant::NoValidateJson => "no-validate-json",
            Variant::DirectionalJson => "directional-json",
            Variant::NoJson => "no-json",
            Variant::NoDerives => "no-derives",
            Variant::ErrorEnumPerService => "error-enum-per-service",
            Variant::GenericErrors => "generic-errors",
            Variant::NoDocs => "no-docs",
            Variant::ErrorEnumOneLineImpls => "error-enum-one-line-impls",
            Variant::NoValidate => "no-validate",
            Variant::TypesOnly => "types-only",
        }
    }

    /// The variant of a [`Variant::name`]; the error lists the names.
    pub fn from_name(name: &str) -> Result<Variant, String> {
        Variant::ALL.into_iter().find(|v| v.name() == name).ok_or_else(|| {
            let names: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
            format!("no compile variant `{name}`; the variants are {}", names.join(", "))
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Variant::Base => "as generated",
            Variant::NoClientMethods => "drop the fluent calls, the `Client` methods and the `rt::Request` impls (and validate_json, which needs them)",
            Variant::NoValidateJson => "`validate_json: |_| Ok(())` (no `rt::validate_json::<Req>` instance per op)",
            Variant::DirectionalJson => "requests only JsonEncode, responses only JsonDecode (and no validate_json or calls, which need both)",
            Variant::NoJson => "no JsonEncode/JsonDecode impls (and no client methods / validate_json, which need them)",
            Variant::NoDerives => "no-json, and structs derive only Default (no Debug/Clone/PartialEq)",
            Variant::ErrorEnumPerService => "one error enum per service, per-op names are aliases",
            Variant::GenericErrors => "no error enums: `type XError = rt::GenericError`",
            Variant::NoDocs => "no rustdoc attributes",
            Variant::ErrorEnumOneLineImpls => "error enums: one-line Debug, Clone, PartialEq, Eq instead of derived ones (an upper bound)",
            Variant::NoValidate => "`validate` bodies `Ok(())` (no documented checks)",
            Variant::TypesOnly => "the types alone: no-json, generic-errors, `validate` bodies `Ok(())`; structs keep their derives, `new`, accessors",
        }
    }

    /// Applies the edit to one generated service module.
    pub fn apply(self, file: &mut syn::File) {
        match self {
            Variant::Base => {}
            Variant::NoClientMethods => {
                // `validate_json`'s instance needs the `rt::Request` impl dropped here.
                drop_client_methods(file);
                drop_validate_json(file);
            }
            Variant::NoValidateJson => drop_validate_json(file),
            Variant::DirectionalJson => {
                drop_client_methods(file);
                drop_validate_json(file);
                file.items.retain(|item| match json_impl(item) {
                    Some(("JsonDecode", ty)) => !ty.ends_with("Request"),
                    Some(("JsonEncode", ty)) => !ty.ends_with("Response"),
                    _ => true,
                });
            }
            Variant::NoJson => {
                drop_client_methods(file);
                drop_validate_json(file);
                file.items.retain(|item| json_impl(item).is_none());
            }
            Variant::NoDerives => {
                Variant::NoJson.apply(file);
                for item in &mut file.items {
                    if let Item::Struct(st) = item
                        && st.ident != "Client"
                    {
                        remove_derives(&mut st.attrs, &["Debug", "Clone", "PartialEq", "Eq", "Hash"]);
                    }
                }
            }
            Variant::ErrorEnumPerService => error_enum_per_service(file),
            Variant::GenericErrors => generic_errors(file),
            Variant::NoDocs => StripDocs.visit_file_mut(file),
            Variant::ErrorEnumOneLineImpls => error_enum_one_line_impls(file),
            Variant::NoValidate => empty_validate(file),
            Variant::TypesOnly => {
                Variant::NoJson.apply(file);
                generic_errors(file);
                empty_validate(file);
            }
        }
    }
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `(trait, type)` when `item` is a generated `impl rt::JsonEncode/JsonDecode for Type`.
fn json_impl(item: &Item) -> Option<(&'static str, String)> {
    let Item::Impl(imp) = item else { return None };
    let (_, path, _) = imp.trait_.as_ref()?;
    let name = path.segments.last()?.ident.to_string();
    let name = ["JsonEncode", "JsonDecode"].into_iter().find(|n| name == *n)?;
    Some((name, last_ident(&imp.self_ty)?))
}

/// Drops what a call is made of: the fluent calls (`XCall` and its impl), the `Client` methods
/// that return them and the async ones (`send`), and the `rt::Request` impls.
fn drop_client_methods(file: &mut syn::File) {
    let is_call = |name: Option<String>| name.is_some_and(|n| n.ends_with("Call"));
    file.items.retain(|item| match item {
        Item::Struct(st) => !is_call(Some(st.ident.to_string())),
        Item::Impl(imp) if imp.trait_.is_none() => !is_call(last_ident(&imp.self_ty)),
        Item::Impl(imp) => imp.trait_.as_ref().is_none_or(|(_, path, _)| path.segments.last().is_none_or(|s| s.ident != "Request")),
        _ => true,
    });
    for item in &mut file.items {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && last_ident(&imp.self_ty).as_deref() == Some("Client")
        {
            imp.items.retain(|i| match i {
                ImplItem::Fn(f) => {
                    let returns_call = matches!(&f.sig.output, syn::ReturnType::Type(_, ty) if is_call(last_ident(ty)));
                    f.sig.asyncness.is_none() && !returns_call
                }
                _ => true,
            });
        }
    }
}

fn drop_validate_json(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Const(c) = item
            && let Expr::Struct(s) = &mut *c.expr
        {
            for field in &mut s.fields {
                if matches!(&field.member, syn::Member::Named(n) if n == "validate_json") {
                    field.expr = parse_quote!(|_| Ok(()));
                }
            }
        }
    }
}

fn error_enum_one_line_impls(file: &mut syn::File) {
    let enums = error_enums(file);
    let mut items = Vec::new();
    for mut item in std::mem::take(&mut file.items) {
        if let Item::Enum(e) = &mut item
            && enums.contains(&e.ident.to_string())
        {
            remove_derives(&mut e.attrs, &["Debug", "Clone", "PartialEq", "Eq"]);
            let ident = e.ident.clone();
            items.push(item);
            items.push(parse_quote! {
                impl ::core::fmt::Debug for #ident {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { f.write_str("") }
                }
            });
            items.push(parse_quote! {
                impl Clone for #ident {
                    fn clone(&self) -> Self { unimplemented!() }
                }
            });
            items.push(parse_quote! {
                impl PartialEq for #ident {
                    fn eq(&self, other: &Self) -> bool { ::core::mem::discriminant(self) == ::core::mem::discriminant(other) }
                }
            });
            items.push(parse_quote!(impl Eq for #ident {}));
            continue;
        }
        items.push(item);
    }
    file.items = items;
}

/// Every `validate` method's body becomes `Ok(())`.
fn empty_validate(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        for it in &mut imp.items {
            if let ImplItem::Fn(f) = it
                && f.sig.ident == "validate"
            {
                f.block = parse_quote!({ Ok(()) });
            }
        }
    }
}

fn remove_derives(attrs: &mut Vec<Attribute>, names: &[&str]) {
    for attr in attrs.iter_mut() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| !p.segments.last().is_some_and(|s| names.iter().any(|n| s.ident == n)))
            .collect();
        *attr = parse_quote!(#[derive(#(#kept),*)]);
    }
    attrs.retain(|a| !(a.path().is_ident("derive") && a.meta.require_list().is_ok_and(|l| l.tokens.is_empty())));
}

struct StripDocs;

impl StripDocs {
    fn strip(&self, attrs: &mut Vec<Attribute>) {
        attrs.retain(|a| !a.path().is_ident("doc"));
    }
}

impl VisitMut for StripDocs {
    fn visit_attributes_mut(&mut self, attrs: &mut Vec<Attribute>) {
        self.strip(attrs);
    }
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        self.strip(&mut file.attrs);
        syn::visit_mut::visit_file_mut(self, file);
    }
}

/// `(enum name)` of every generated per-operation error enum (it has an `Unknown` variant).
fn error_enums(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|i| match i {
            Item::Enum(e) if e.ident.to_string().ends_with("Error") && e.variants.iter().any(|v| v.ident == "Unknown") => {
                Some(e.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

fn impl_of<'a>(item: &'a Item, names: &[String]) -> Option<&'a syn::ItemImpl> {
    match item {
        Item::Impl(imp) if last_ident(&imp.self_ty).is_some_and(|n| names.contains(&n)) => Some(imp),
        _ => None,
    }
}

fn generic_errors(file: &mut syn::File) {
    let enums = error_enums(file);
    let mut items = Vec::new();
    for item in std::mem::take(&mut file.items) {
        if impl_of(&item, &enums).is_some() {
            continue;
        }
        match item {
            Item::Enum(e) if enums.contains(&e.ident.to_string()) => {
                let ident = e.ident;
                items.push(parse_quote!(pub type #ident = rt::GenericError;));
            }
            other => items.push(other),
        }
    }
    file.items = items;
}

/// The `match` that is the tail of a fn body (description, from_wire, code).
fn tail_match(block: &mut syn::Block) -> Option<&mut syn::ExprMatch> {
    match block.stmts.last_mut()? {
        syn::Stmt::Expr(Expr::Match(m), None) => Some(m),
        _ => None,
    }
}

fn error_enum_per_service(file: &mut syn::File) {
    let enums = error_enums(file);
    if enums.is_empty() {
        return;
    }
    let union_ident = format_ident!("ServiceOperationError");
    let mut variants: Vec<syn::Variant> = Vec::new();
    let mut seen_variants = std::collections::BTreeSet::new();
    // Every fn of the enums' impls, per `<trait>::<name>`.
    let mut fns: Vec<(String, Vec<syn::ImplItemFn>)> = Vec::new();
    let mut impls: Vec<syn::ItemImpl> = Vec::new();
    // The union of the `rt::ErrorEnum` tables: (wire code, description, variant), in the order
    // met, each variant once (the tables are index for index, so they stay in step).
    let mut table: Vec<(syn::Expr, syn::Expr, syn::Expr)> = Vec::new();
    let mut first_enum: Option<syn::ItemEnum> = None;
    let trait_key = |imp: &syn::ItemImpl| imp.trait_.as_ref().map(|t| t.1.to_token_stream().to_string()).unwrap_or_default();
    for item in &file.items {
        if let Item::Enum(e) = item
            && enums.contains(&e.ident.to_string())
        {
            first_enum.get_or_insert_with(|| e.clone());
            for v in &e.variants {
                if seen_variants.insert(v.ident.to_string()) {
                    variants.push(v.clone());
                }
            }
        }
        if let Some(imp) = impl_of(item, &enums) {
            if !impls.iter().any(|i| trait_key(i) == trait_key(imp)) {
                impls.push(imp.clone());
            }
            for (code, description, variant) in error_table(imp) {
                let name = variant.to_token_stream().to_string();
                if !table.iter().any(|(_, _, v)| v.to_token_stream().to_string() == name) {
                    table.push((code, description, variant));
                }
            }
            for it in &imp.items {
                let ImplItem::Fn(f) = it else { continue };
                let key = format!("{}::{}", trait_key(imp), f.sig.ident);
                match fns.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push(f.clone()),
                    None => fns.push((key, vec![f.clone()])),
                }
            }
        }
    }
    let Some(mut union) = first_enum else { return };
    // Per fn: the version with the most arms, with the arms of every version that matches on
    // the same expression merged in (an operation without documented codes matches on
    // `CommonError::from_code(code)` directly; its codes are all in the catch-all already).
    let arms_of = |f: &syn::ImplItemFn| -> Option<(String, Vec<syn::Arm>)> {
        match f.block.stmts.last()? {
            syn::Stmt::Expr(Expr::Match(m), None) => Some((m.expr.to_token_stream().to_string(), m.arms.clone())),
            _ => None,
        }
    };
    let mut merged: Vec<(String, syn::ImplItemFn)> = Vec::new();
    for (key, list) in &fns {
        let Some(rep) = list.iter().max_by_key(|f| arms_of(f).map(|(_, a)| a.len()).unwrap_or(0)) else { continue };
        let mut rep = rep.clone();
        if let Some((scrutinee, _)) = arms_of(&rep) {
            let mut seen = std::collections::BTreeSet::new();
            let mut arms: Vec<syn::Arm> = list
                .iter()
                .filter_map(arms_of)
                .filter(|(s, _)| *s == scrutinee)
                .flat_map(|(_, arms)| arms)
                .filter(|arm| seen.insert(arm.pat.to_token_stream().to_string()))
                .collect();
            // The catch-all arm last.
            arms.sort_by_key(|a| matches!(a.pat, syn::Pat::Wild(_)));
            if let Some(m) = tail_match(&mut rep.block) {
                m.arms = arms;
            }
        }
        merged.push((key.clone(), rep));
    }
    union.ident = union_ident.clone();
    union.variants = variants.into_iter().collect();
    for imp in &mut impls {
        *imp.self_ty = parse_quote!(#union_ident);
        set_error_table(imp, &table);
        let tk = trait_key(imp);
        for it in &mut imp.items {
            let ImplItem::Fn(f) = it else { continue };
            let key = format!("{tk}::{}", f.sig.ident);
            if let Some((_, rep)) = merged.iter().find(|(k, _)| *k == key) {
                *f = rep.clone();
            }
        }
    }
    let mut items: Vec<Item> = Vec::new();
    let mut placed = false;
    for item in std::mem::take(&mut file.items) {
        if impl_of(&item, &enums).is_some() {
            continue;
        }
        match item {
            Item::Enum(e) if enums.contains(&e.ident.to_string()) => {
                if !placed {
                    items.push(Item::Enum(union.clone()));
                    items.extend(impls.iter().cloned().map(Item::Impl));
                    placed = true;
                }
                let ident = e.ident;
                items.push(parse_quote!(pub type #ident = #union_ident;));
            }
            other => items.push(other),
        }
    }
    file.items = items;
}

/// The elements of a const array expression (`&[a, b]`), if it is one.
fn array_elems(expr: &Expr) -> Option<Vec<Expr>> {
    match expr {
        Expr::Reference(r) => array_elems(&r.expr),
        Expr::Array(a) => Some(a.elems.iter().cloned().collect()),
        _ => None,
    }
}

/// An `rt::ErrorEnum` impl's tables as rows: `DOCUMENTED`'s code and description and the
/// `VARIANTS` entry at the same index. Empty for any other impl.
fn error_table(imp: &syn::ItemImpl) -> Vec<(Expr, Expr, Expr)> {
    let (mut codes, mut descriptions, mut variants) = (Vec::new(), Vec::new(), Vec::new());
    for item in &imp.items {
        let ImplItem::Const(c) = item else { continue };
        match (c.ident.to_string().as_str(), &c.expr) {
            ("DOCUMENTED", Expr::Struct(fields)) => {
                for field in &fields.fields {
                    let syn::Member::Named(name) = &field.member else { continue };
                    let elems = array_elems(&field.expr).unwrap_or_default();
                    if name == "codes" {
                        codes = elems;
                    } else if name == "descriptions" {
                        descriptions = elems;
                    }
                }
            }
            ("VARIANTS", expr) => variants = array_elems(expr).unwrap_or_default(),
            _ => {}
        }
    }
    codes.into_iter().zip(descriptions).zip(variants).map(|((c, d), v)| (c, d, v)).collect()
}

/// Writes `table` into an `rt::ErrorEnum` impl's `DOCUMENTED` and `VARIANTS` (other impls
/// are left as they are).
fn set_error_table(imp: &mut syn::ItemImpl, table: &[(Expr, Expr, Expr)]) {
    let codes = table.iter().map(|(c, _, _)| c);
    let descriptions = table.iter().map(|(_, d, _)| d);
    let variants = table.iter().map(|(_, _, v)| v);
    let documented: Expr = parse_quote!(rt::ErrorCodes { codes: &[#(#codes),*], descriptions: &[#(#descriptions),*] });
    let all: Expr = parse_quote!(&[#(#variants),*]);
    for item in &mut imp.items {
        let ImplItem::Const(c) = item else { continue };
        if c.ident == "DOCUMENTED" {
            c.expr = documented.clone();
        } else if c.ident == "VARIANTS" {
            c.expr = all.clone();
        }
    }
}

/// Applies `variant` to the text of a generated module.
pub fn edit(text: &str, variant: Variant) -> Result<String, String> {
    let mut file: syn::File = syn::parse_str(text).map_err(|e| e.to_string())?;
    variant.apply(&mut file);
    Ok(prettyplease::unparse(&file))
}
