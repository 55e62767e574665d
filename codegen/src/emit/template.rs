//! What repeats and is not a row of the runtime's macros (whose tables `types`, `errors`,
//! `service` and `examples` emit as tokens), emitted as syntax trees instead of tokens: struct
//! declarations, `validate`'s shapes (the `rt::checks!` table goes into one) and the client's
//! per-operation methods. Formatting re-parses every emitted token with `syn::parse2`, which
//! was most of the generator's time; one of these of a given shape differs from the next only
//! in its names, types, strings and doc, so each shape ([`Structure`], [`Validate`],
//! [`PerOperation`]) is parsed once per thread from tokens with numbered placeholders (idents
//! `__cp0`, types `__Cp0`, strings `"__s0"`), and each use clones it and fills it in: several
//! times cheaper than emitting and parsing it again (BENCHMARKS.md, stop 21).
//!
//! The trees go into a [`Slots`] of the part being emitted; the part's tokens hold a marker
//! where they belong (`__cloudpage_slot!(N);`, inside an impl block's braces or among the
//! part's items), and [`Part::into_file`] puts them there after parsing the tokens. What comes
//! out is the syntax tree the tokens would have parsed to, so the formatted text is the same.

use super::docs::Docs;
use crate::ir::{self, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::HashMap;
use syn::visit_mut::VisitMut;

/// The name of the marker macro a slot leaves where its trees go.
const SLOT_MARKER: &str = "__cloudpage_slot";

/// A part of a module: whole items as tokens, and the trees of its slots (see the module
/// docs), in slot order.
pub struct Part {
    pub tokens: TokenStream,
    pub slots: Vec<Slot>,
}

/// What one slot holds: methods for an impl block, or items for the part.
pub enum Slot {
    Methods(Vec<syn::ImplItem>),
    Items(Vec<syn::Item>),
}

impl From<TokenStream> for Part {
    fn from(tokens: TokenStream) -> Part {
        Part { tokens, slots: Vec::new() }
    }
}

impl Part {
    /// The part's syntax tree: its tokens parsed, each slot's marker replaced by its trees.
    /// An error is a generator bug (invalid tokens, a marker without its slot or a slot
    /// without its marker).
    pub fn into_file(self) -> Result<syn::File, String> {
        let mut file: syn::File = syn::parse2(self.tokens).map_err(|err| err.to_string())?;
        if self.slots.is_empty() {
            return Ok(file);
        }
        let mut slots: Vec<Option<Slot>> = self.slots.into_iter().map(Some).collect();
        let mut take = |n: usize| slots.get_mut(n).and_then(Option::take).ok_or_else(|| format!("slot {n} is missing or used twice"));
        let mut items = Vec::with_capacity(file.items.len());
        for mut item in std::mem::take(&mut file.items) {
            if let Some(n) = item_slot(&item) {
                match take(n)? {
                    Slot::Items(filled) => items.extend(filled),
                    Slot::Methods(_) => return Err(format!("slot {n} holds methods but stands among items")),
                }
                continue;
            }
            if let syn::Item::Impl(block) = &mut item
                && block.items.iter().any(|i| method_slot(i).is_some())
            {
                let mut methods = Vec::with_capacity(block.items.len());
                for i in std::mem::take(&mut block.items) {
                    match method_slot(&i) {
                        Some(n) => match take(n)? {
                            Slot::Methods(filled) => methods.extend(filled),
                            Slot::Items(_) => return Err(format!("slot {n} holds items but stands in an impl block")),
                        },
                        None => methods.push(i),
                    }
                }
                block.items = methods;
            }
            items.push(item);
        }
        file.items = items;
        match slots.iter().position(Option::is_some) {
            Some(n) => Err(format!("slot {n} has no marker in its part")),
            None => Ok(file),
        }
    }
}

/// The slot number of a marker among a part's items.
fn item_slot(item: &syn::Item) -> Option<usize> {
    match item {
        syn::Item::Macro(mac) => marker_slot(&mac.mac),
        _ => None,
    }
}

/// The slot number of a marker in an impl block.
fn method_slot(item: &syn::ImplItem) -> Option<usize> {
    match item {
        syn::ImplItem::Macro(mac) => marker_slot(&mac.mac),
        _ => None,
    }
}

fn marker_slot(mac: &syn::Macro) -> Option<usize> {
    if !mac.path.is_ident(SLOT_MARKER) {
        return None;
    }
    mac.tokens.to_string().parse().ok()
}

/// The trees made for the part being emitted, until the part is handed on.
#[derive(Default)]
pub struct Slots(RefCell<Vec<Slot>>);

impl Slots {
    /// The marker that stands for `methods` inside an impl block's braces (nothing when there
    /// are none).
    pub fn slot(&self, methods: Vec<syn::ImplItem>) -> TokenStream {
        if methods.is_empty() {
            return TokenStream::new();
        }
        self.marker(Slot::Methods(methods))
    }

    /// The marker that stands for `items` among the part's items.
    pub fn items(&self, items: Vec<syn::Item>) -> TokenStream {
        if items.is_empty() {
            return TokenStream::new();
        }
        self.marker(Slot::Items(items))
    }

    fn marker(&self, slot: Slot) -> TokenStream {
        let mut slots = self.0.borrow_mut();
        let n = proc_macro2::Literal::usize_unsuffixed(slots.len());
        slots.push(slot);
        let marker = Ident::new(SLOT_MARKER, Span::call_site());
        quote! { #marker!(#n); }
    }

    /// The part made of `tokens` and the slots made since the last part.
    pub fn part(&self, tokens: TokenStream) -> Part {
        Part { tokens, slots: std::mem::take(&mut *self.0.borrow_mut()) }
    }
}

/// How a setter takes its value: `impl Into<_>` for strings, enums, models and JSON (so
/// `"ins-1"` and `String` both do); the plain type for numbers and booleans, whose literals
/// would not infer through `Into` (`5` is `i32`, which is not `Into<u64>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Param {
    Plain,
    Into,
}

impl Param {
    pub fn of(ty: &Type) -> Param {
        match ty {
            Type::Integer | Type::Unsigned | Type::Float | Type::Boolean => Param::Plain,
            _ => Param::Into,
        }
    }
}

/// A request's, response's or model's struct declaration: `__cp0`, its fields filled by
/// [`structure`]; `non_exhaustive` for what the crate builds (answers, nested models);
/// `own_debug` for a struct with a secret field, whose `Debug` is written beside it
/// (`types::redacted_debug`) instead of derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Structure {
    pub non_exhaustive: bool,
    pub own_debug: bool,
}

impl Structure {
    fn tokens(self) -> TokenStream {
        let non_exhaustive = self.non_exhaustive.then(|| quote! { #[non_exhaustive] });
        let derives = if self.own_debug {
            quote! { #[derive(Clone, Default, PartialEq)] }
        } else {
            quote! { #[derive(Debug, Clone, Default, PartialEq)] }
        };
        quote! {
            #derives
            #non_exhaustive
            pub struct __cp0 {}
        }
    }
}

/// The struct `name` of `shape` with `fields`, `attrs` (its doc) before its own.
pub fn structure(shape: Structure, name: &Ident, fields: Vec<syn::Field>, attrs: Vec<syn::Attribute>) -> syn::Item {
    let mut item: syn::ItemStruct = parsed(&STRUCTURES, shape, Structure::tokens);
    item.ident = name.clone();
    if let syn::Fields::Named(named) = &mut item.fields {
        named.named = fields.into_iter().collect();
    }
    let mut own = attrs;
    own.append(&mut item.attrs);
    item.attrs = own;
    syn::Item::Struct(item)
}

/// The field `pub name: Option<ty>` with `attrs`.
pub fn optional_field(name: &Ident, ty: &Type, attrs: Vec<syn::Attribute>) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        mutability: syn::FieldMutability::None,
        ident: Some(name.clone()),
        colon_token: Some(Default::default()),
        ty: path_type(&[Ident::new("Option", Span::call_site())], Some(rust_type(ty))),
    }
}

/// An item or method of one fixed shape per operation, its names the placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PerOperation {
    /// The `Client` method `__cp0` that starts the call `__cp1`.
    ClientMethod,
}

impl PerOperation {
    fn tokens(self) -> TokenStream {
        match self {
            PerOperation::ClientMethod => quote! {
                impl Client {
                    #[inline]
                    pub fn __cp0(&self) -> __cp1 {
                        __cp1 { client: self.clone(), request: Default::default(), options: Default::default() }
                    }
                }
            },
        }
    }
}

/// What fills a [`PerOperation`] item: its placeholders' values and the attributes (its doc)
/// that go before its own.
#[derive(Default)]
pub struct Values<'a> {
    pub idents: &'a [&'a Ident],
    pub attrs: Vec<syn::Attribute>,
}

/// The item of `shape` filled with `values` (for `ClientMethod`, the method: see
/// [`per_operation_method`]).
pub fn per_operation(shape: PerOperation, values: Values<'_>) -> syn::Item {
    let mut item: syn::Item = parsed(&PER_OPERATION, shape, PerOperation::tokens);
    let Values { idents, attrs } = values;
    Substitute { idents, ..Default::default() }.visit_item_mut(&mut item);
    let syn::Item::Impl(block) = &mut item else {
        unreachable!("a per-operation template is an impl")
    };
    let own = &mut block.attrs;
    let mut all = attrs;
    all.append(own);
    *own = all;
    item
}

/// The method of a [`PerOperation`] impl template of one method (`ClientMethod`), filled.
pub fn per_operation_method(shape: PerOperation, values: Values<'_>) -> syn::ImplItem {
    let attrs = values.attrs;
    let syn::Item::Impl(mut block) = per_operation(shape, Values { attrs: Vec::new(), ..values }) else {
        unreachable!("a method's template is an impl of it")
    };
    let Some(syn::ImplItem::Fn(mut method)) = block.items.pop() else {
        unreachable!("a method's template is an impl of one method")
    };
    let mut all = attrs;
    all.append(&mut method.attrs);
    method.attrs = all;
    syn::ImplItem::Fn(method)
}

/// `Some(value)` or `None` as an expression (what `quote!` writes for an `Option` of a
/// literal), without parsing.
pub fn option_expr(value: Option<syn::Lit>) -> syn::Expr {
    let path = |name: &str| syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: syn::Path::from(Ident::new(name, Span::call_site())) });
    match value {
        None => path("None"),
        Some(lit) => syn::Expr::Call(syn::ExprCall {
            attrs: Vec::new(),
            func: Box::new(path("Some")),
            paren_token: Default::default(),
            args: std::iter::once(syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit })).collect(),
        }),
    }
}

/// A request's or model's `validate` (`types::validate_fn`): no rule (`Ok(())`), one
/// required field (its check is the result), or an `rt::checks!` table (filled by
/// [`validate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Validate {
    Nothing,
    LoneRequired,
    Checks,
}

impl Validate {
    fn tokens(self) -> TokenStream {
        let body = match self {
            Validate::Nothing => quote! { Ok(()) },
            Validate::LoneRequired => quote! { rt::check_required(&self.__cp0, "__s0") },
            // The table goes into the `rt::checks!` invocation ([`validate`]).
            Validate::Checks => quote! { rt::checks!() },
        };
        quote! {
            impl S {
                /// Checks the documented rules (required fields, counts, lengths, ranges, values)
                /// before anything is sent; the error names the field and the rule.
                #[inline]
                pub fn validate(&self) -> Result<(), rt::ValidationError> {
                    #body
                }
            }
        }
    }
}


/// The `validate` method of `shape`: for `LoneRequired`, the field and its wire name; for
/// `Checks`, the `rt::checks!` table (`self { rows }`).
pub fn validate(shape: Validate, lone: Option<(&Ident, &str)>, table: Option<TokenStream>) -> syn::ImplItem {
    let syn::Item::Impl(mut block) = parsed(&VALIDATES, shape, Validate::tokens) else {
        unreachable!("a method's template is an impl of it")
    };
    let Some(syn::ImplItem::Fn(mut method)) = block.items.pop() else {
        unreachable!("a method's template is an impl of one method")
    };
    if let Some((field, wire)) = lone {
        Substitute { idents: &[field], strings: &[wire], ..Default::default() }.visit_impl_item_fn_mut(&mut method);
    }
    if let Some(table) = table {
        let Some(syn::Stmt::Expr(syn::Expr::Macro(checks), _)) = method.block.stmts.last_mut() else {
            unreachable!("the `Checks` template's body is the `rt::checks!` invocation")
        };
        checks.mac.tokens = table;
    }
    syn::ImplItem::Fn(method)
}

thread_local! {
    static VALIDATES: RefCell<HashMap<Validate, syn::Item>> = RefCell::new(HashMap::new());
    static PER_OPERATION: RefCell<HashMap<PerOperation, syn::Item>> = RefCell::new(HashMap::new());
    static STRUCTURES: RefCell<HashMap<Structure, syn::ItemStruct>> = RefCell::new(HashMap::new());
}

/// The tree of `key`'s tokens, parsed on first use on this thread, cloned.
fn parsed<K, T>(cache: &'static std::thread::LocalKey<RefCell<HashMap<K, T>>>, key: K, tokens: fn(K) -> TokenStream) -> T
where
    K: std::hash::Hash + Eq + Copy + std::fmt::Debug,
    T: syn::parse::Parse + Clone,
{
    cache.with(|cache| {
        cache
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| syn::parse2(tokens(key)).unwrap_or_else(|err| panic!("the shape {key:?} does not parse: {err}")))
            .clone()
    })
}

/// Fills a tree's placeholders: ident `__cpN` with `idents[N]`, the path type `__CpN` with
/// `types[N]`, the string literal `"__sN"` with `strings[N]`. A placeholder without a value is left as it is (and would not compile: the
/// tests of each shape catch it).
#[derive(Default)]
struct Substitute<'a> {
    idents: &'a [&'a Ident],
    types: &'a [&'a syn::Type],
    strings: &'a [&'a str],
}

/// The value for the placeholder a path of one ident names (`names[N]`: `values[N]`).
fn placeholder<'v, T>(qself: &Option<syn::QSelf>, path: &syn::Path, names: &[&str], values: &[&'v T]) -> Option<&'v T> {
    let id = path.get_ident().filter(|_| qself.is_none())?;
    names.iter().zip(values).find_map(|(name, value)| (id == name).then_some(*value))
}

/// The placeholder names, by `N` (no `format!` per ident visited).
const IDENTS: [&str; 8] = ["__cp0", "__cp1", "__cp2", "__cp3", "__cp4", "__cp5", "__cp6", "__cp7"];
const TYPES: [&str; 8] = ["__Cp0", "__Cp1", "__Cp2", "__Cp3", "__Cp4", "__Cp5", "__Cp6", "__Cp7"];

impl VisitMut for Substitute<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        // `Ident: PartialEq<str>` compares without a copy.
        if let Some(with) = IDENTS.iter().zip(self.idents).find_map(|(name, with)| (*ident == name).then_some(with)) {
            *ident = (*with).clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = &*ty
            && let Some(with) = placeholder(&path.qself, &path.path, &TYPES, self.types)
        {
            *ty = with.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        if self.strings.is_empty() {
            return;
        }
        let value = lit.value();
        if let Some(with) = value.strip_prefix("__s").and_then(|n| n.parse::<usize>().ok()).and_then(|n| self.strings.get(n)) {
            *lit = syn::LitStr::new(with, lit.span());
        }
    }
}

/// The Rust type of a field's value as a syntax tree, built without parsing.
pub fn rust_type(ty: &Type) -> syn::Type {
    let path = |names: &[&str], arg: Option<syn::Type>| path_type(&names.iter().map(|name| super::ident(name)).collect::<Vec<_>>(), arg);
    match ty {
        Type::String | Type::Timestamp => path(&["String"], None),
        Type::Integer => path(&["i64"], None),
        Type::Unsigned => path(&["u64"], None),
        Type::Float => path(&["f64"], None),
        Type::Boolean => path(&["bool"], None),
        Type::Json => path(&["rt", "serde_json", "Value"], None),
        Type::Array(item) => path(&["Vec"], Some(rust_type(item))),
        Type::Model(name) | Type::Enum(name) => path(&[name], None),
    }
}

/// The path type `a::b::C`, with `<arg>` on its last segment.
fn path_type(segments: &[Ident], arg: Option<syn::Type>) -> syn::Type {
    let mut path = syn::Path { leading_colon: None, segments: syn::punctuated::Punctuated::new() };
    for (i, ident) in segments.iter().enumerate() {
        let arguments = match (&arg, i + 1 == segments.len()) {
            (Some(arg), true) => syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                colon2_token: None,
                lt_token: Default::default(),
                args: std::iter::once(syn::GenericArgument::Type(arg.clone())).collect(),
                gt_token: Default::default(),
            }),
            _ => syn::PathArguments::None,
        };
        path.segments.push(syn::PathSegment { ident: ident.clone(), arguments });
    }
    syn::Type::Path(syn::TypePath { qself: None, path })
}

/// A field's `#[deprecated]` attribute, when the field is.
pub fn deprecated(field: &ir::Field) -> Option<syn::Attribute> {
    field.deprecated.then(deprecated_attr)
}

fn deprecated_attr() -> syn::Attribute {
    thread_local! {
        static DEPRECATED: syn::Attribute = syn::parse_quote! { #[deprecated(note = "its documentation recommends another parameter")] };
    }
    DEPRECATED.with(Clone::clone)
}

/// `#[allow(deprecated)]` when one of `fields` is deprecated: the impls of a struct read
/// every field, deprecated ones too, and callers get the warning, not the generated code.
pub fn allow_deprecated(fields: &[ir::Field]) -> Option<syn::Attribute> {
    thread_local! {
        static ALLOW: syn::Attribute = syn::parse_quote! { #[allow(deprecated)] };
    }
    fields.iter().any(|f| f.deprecated).then(|| ALLOW.with(Clone::clone))
}

/// Doc attributes of paragraphs from a page, as [`Docs::attrs`] writes them as tokens.
pub fn doc_paragraphs(docs: &Docs, paragraphs: &[String]) -> Vec<syn::Attribute> {
    docs.attr_values(paragraphs).iter().map(|value| doc_attr(value)).collect()
}

/// Doc attributes of plain lines we write ourselves, as [`Docs::text`] writes them as tokens.
pub fn doc_text(docs: &Docs, lines: &[&str]) -> Vec<syn::Attribute> {
    docs.text_values(lines).iter().map(|value| doc_attr(value)).collect()
}

pub fn doc_attr(value: &str) -> syn::Attribute {
    let span = Span::call_site();
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: syn::Path::from(Ident::new("doc", span)),
            eq_token: Default::default(),
            value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(syn::LitStr::new(value, span)) }),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(items: Vec<syn::ImplItem>) -> String {
        let block = syn::ItemImpl {
            attrs: Vec::new(),
            defaultness: None,
            unsafety: None,
            impl_token: Default::default(),
            generics: Default::default(),
            trait_: None,
            self_ty: Box::new(syn::parse_quote! { S }),
            brace_token: Default::default(),
            items,
        };
        prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items: vec![syn::Item::Impl(block)] })
    }


    fn no_placeholder_left(items: Vec<syn::Item>, shape: &dyn std::fmt::Debug) -> String {
        let text = prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items });
        for left in ["__cp", "__Cp", "\"__s"] {
            assert!(!text.contains(left), "{shape:?} keeps a placeholder `{left}`:\n{text}");
        }
        text
    }

    /// Every shape of the item templates, not only those `specs/` happens to use (the
    /// checked-in output covers those byte for byte), parses and is filled completely.
    #[test]
    fn every_item_template_shape_parses_and_is_filled() {
        let names: [Ident; 4] = ["Call", "Request", "Response", "Error"].map(|n| Ident::new(n, Span::call_site()));
        let field = Ident::new("instance_ids", Span::call_site());
        let ids: Vec<&Ident> = names.iter().collect();
        let item = per_operation(PerOperation::ClientMethod, Values { idents: &ids, attrs: Vec::new() });
        no_placeholder_left(vec![item], &PerOperation::ClientMethod);
        let method = per_operation_method(PerOperation::ClientMethod, Values { idents: &ids, attrs: doc_text(&Docs::inline(), &["Calls it."]) });
        let text = print(vec![method]);
        assert!(text.contains("/// Calls it.\n    #[inline]\n    pub fn Call(&self) -> Request {"), "{text}");
        let table = quote! { self { required(instance_ids) = "InstanceIds", items(instance_ids, None, Some(100u64)) = "InstanceIds" "At most 100." } };
        for (shape, lone, table) in [
            (Validate::Nothing, None, None),
            (Validate::LoneRequired, Some((&field, "InstanceIds")), None),
            (Validate::Checks, None, Some(table)),
        ] {
            let text = print(vec![validate(shape, lone, table)]);
            for left in ["__cp", "__e0", "__e1", "\"__s"] {
                assert!(!text.contains(left), "{shape:?} keeps a placeholder `{left}`:\n{text}");
            }
            if shape == Validate::Checks {
                assert!(text.contains("rt::checks!(\n            self { required(instance_ids) = \"InstanceIds\","), "{text}");
                assert!(text.contains("Some(100u64)) = \"InstanceIds\" \"At most 100.\" }"), "{text}");
            }
        }
        for (non_exhaustive, own_debug) in [(false, false), (true, false), (false, true), (true, true)] {
            let shape = Structure { non_exhaustive, own_debug };
            let fields = vec![optional_field(&field, &Type::Array(Box::new(Type::String)), Vec::new())];
            let text = no_placeholder_left(vec![structure(shape, &names[1], fields, Vec::new())], &shape);
            assert!(text.contains("pub instance_ids: Option<Vec<String>>,"), "{text}");
            assert_eq!(text.contains("Debug"), !own_debug, "{text}");
        }
    }

    #[test]
    fn a_slot_marker_becomes_its_methods_and_a_lost_one_is_an_error() {
        let slots = Slots::default();
        let one = slots.slot(vec![syn::parse_quote! { fn a() {} }]);
        let none = slots.slot(Vec::new());
        let two = slots.slot(vec![syn::parse_quote! { fn b() {} }, syn::parse_quote! { fn c() {} }]);
        let part = slots.part(quote! {
            impl S { fn first() {} #one #none }
            impl T { #two fn last() {} }
        });
        let file = part.into_file().expect("every slot filled");
        let text = prettyplease::unparse(&file);
        assert_eq!(text, "impl S {\n    fn first() {}\n    fn a() {}\n}\nimpl T {\n    fn b() {}\n    fn c() {}\n    fn last() {}\n}\n");
        // The next part starts with no slots.
        let empty = slots.part(quote! { struct U; });
        assert!(empty.slots.is_empty());

        let lost = slots.slot(vec![syn::parse_quote! { fn a() {} }]);
        let _ = lost;
        let part = slots.part(quote! { impl S {} });
        assert_eq!(part.into_file().err().as_deref(), Some("slot 0 has no marker in its part"));
    }
}
