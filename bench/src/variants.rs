//! Hand edits of copies of generated modules, to measure what parts of the generated code
//! cost to compile. The generator is not changed: these are the alternatives it could emit.

use syn::visit_mut::VisitMut;
use syn::{Attribute, ImplItem, Item, parse_quote};

/// One edit of the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// As generated.
    Base,
    /// Without the operations' `rt::operation!` rows (the fluent calls, the `rt::Request` impls
    /// and the `OperationInfo` consts with their `validate_json` instances) and the `Client`
    /// methods that start the calls or send.
    NoClientMethods,
    /// No `JsonEncode` / `JsonDecode` impls at all (no `rt::json_codec!` rows, nor the methods
    /// and `validate_json` that need them). Replaces the earlier "no-serde" variant.
    NoJson,
    /// As `NoJson`, and the structs (not `Client`) derive only `Default` (no Debug, Clone,
    /// PartialEq): what is left is the types themselves, `validate`, the error enums.
    NoDerives,
    /// No error enums (no `rt::error_enum!` tables): every operation uses `rt::GenericError`
    /// (code + message strings).
    GenericErrors,
    /// Without rustdoc attributes (outside the runtime macros' tables, whose docs stay).
    NoDocs,
    /// Every `validate` body `Ok(())`: what the documented checks cost.
    NoValidate,
    /// The types alone: the structs with their derives, `new`, the accessors and setters and
    /// the value enums. No calls or codecs (as `NoJson`), no error enums (as `GenericErrors`),
    /// `validate` bodies `Ok(())`. Every other part of the crate adds to what this costs, so it
    /// is a floor under any crate that offers these types (#13 item 4).
    TypesOnly,
}

impl Variant {
    pub const ALL: [Variant; 8] = [
        Variant::Base,
        Variant::NoClientMethods,
        Variant::NoJson,
        Variant::NoDerives,
        Variant::GenericErrors,
        Variant::NoDocs,
        Variant::NoValidate,
        Variant::TypesOnly,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Base => "base",
            Variant::NoClientMethods => "no-client-methods",
            Variant::NoJson => "no-json",
            Variant::NoDerives => "no-derives",
            Variant::GenericErrors => "generic-errors",
            Variant::NoDocs => "no-docs",
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
            Variant::NoClientMethods => "drop the `rt::operation!` rows (fluent calls, `rt::Request` impls, `OperationInfo` consts) and the `Client` methods",
            Variant::NoJson => "no JsonEncode/JsonDecode impls (and no client methods / validate_json, which need them)",
            Variant::NoDerives => "no-json, and structs derive only Default (no Debug/Clone/PartialEq)",
            Variant::GenericErrors => "no error enums: `type XError = rt::GenericError`",
            Variant::NoDocs => "no rustdoc attributes outside the macros' tables (the docs the tables make stay)",
            Variant::NoValidate => "`validate` bodies `Ok(())` (no documented checks)",
            Variant::TypesOnly => "the types alone: no-json, generic-errors, `validate` bodies `Ok(())`; structs keep their derives, `new`, accessors",
        }
    }

    /// Applies the edit to one generated service module.
    pub fn apply(self, file: &mut syn::File) {
        match self {
            Variant::Base => {}
            Variant::NoClientMethods => drop_client_methods(file),
            Variant::NoJson => {
                drop_client_methods(file);
                file.items.retain(|item| !is_macro(item, "json_codec"));
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
            Variant::GenericErrors => generic_errors(file),
            Variant::NoDocs => StripDocs.visit_file_mut(file),
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

/// Whether `item` is an invocation of the runtime macro `name` (`rt::json_codec! { .. }`).
fn is_macro(item: &Item, name: &str) -> bool {
    matches!(item, Item::Macro(m) if m.mac.path.segments.last().is_some_and(|s| s.ident == name))
}

/// Drops what a call is made of: the operations' `rt::operation!` rows (their fluent calls,
/// `rt::Request` impls and `OperationInfo` consts; the `OPERATIONS` list of those, which the
/// crate root's table names, left empty), the `Client` methods that return the calls and the
/// async ones (`send`).
fn drop_client_methods(file: &mut syn::File) {
    let is_call = |name: Option<String>| name.is_some_and(|n| n.ends_with("Call"));
    file.items.retain(|item| !is_macro(item, "operation"));
    for item in &mut file.items {
        if let Item::Const(c) = item
            && c.ident == "OPERATIONS"
        {
            *c.expr = parse_quote!(&[]);
        }
    }
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

/// The error enum an `rt::error_enum!` table declares: the ident after `enum`.
fn error_enum_name(item: &Item) -> Option<syn::Ident> {
    let Item::Macro(m) = item else { return None };
    if !is_macro(item, "error_enum") {
        return None;
    }
    let mut tokens = m.mac.tokens.clone().into_iter().skip_while(|t| !matches!(t, proc_macro2::TokenTree::Ident(i) if i == "enum"));
    tokens.next();
    match tokens.next()? {
        proc_macro2::TokenTree::Ident(name) => Some(name),
        _ => None,
    }
}

fn generic_errors(file: &mut syn::File) {
    for item in &mut file.items {
        if let Some(ident) = error_enum_name(item) {
            *item = parse_quote!(pub type #ident = rt::GenericError;);
        }
    }
}

/// Applies `variant` to the text of a generated module.
pub fn edit(text: &str, variant: Variant) -> Result<String, String> {
    let mut file: syn::File = syn::parse_str(text).map_err(|e| e.to_string())?;
    variant.apply(&mut file);
    Ok(prettyplease::unparse(&file))
}
