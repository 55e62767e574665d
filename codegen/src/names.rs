//! The one place that makes names: wire names into Rust names (case conversion, acronyms,
//! keywords, leading digits, non-ASCII, and collisions inside one scope), and the wire-level
//! names of the models a page defines for its nested structures ([`NestedModelNames`]).

use std::collections::{BTreeMap, BTreeSet};

/// Splits a wire name into words: `InstanceIds` -> [Instance, Ids], `VPCId` -> [VPC, Id],
/// `InvalidParameterValue.InvalidInstanceId` -> [Invalid, Parameter, Value, Invalid, Instance, Id],
/// `instance_id` / `instance-id` -> [instance, id], `IPv6Address` -> [I, Pv6, Address] is avoided
/// by keeping digits with the preceding word: [IPv6, Address].
fn words(wire: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    // `IPv4`/`IPv6` are one word; without this they would split as `I`, `Pv6`.
    let wire = wire.replace("IPv4", "Ipv4").replace("IPv6", "Ipv6");
    let chars: Vec<char> = wire.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // A new word starts at `aB` and at the last capital of a run followed by a lower
            // case letter (`VPCId` -> `VPC`, `Id`). Digits stay with what they follow, except
            // that a capital after a digit starts a word (`Ipv6Address` -> `Ipv6`, `Address`).
            let boundary = prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_lower);
            if boundary {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Rust keywords (all editions, reserved included) that must be escaped.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Keeps ASCII letters, digits and `_`; other characters become `_`. Non-ASCII letters are
/// replaced too, so identifiers stay portable and lint-free.
fn ascii_only(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        // Runs of `_` collapse, so `Zone名称` gives `zone`, not `zone__` (which lints).
        if c == '_' && (out.ends_with('_') || out.is_empty()) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('_').to_owned()
}

/// Makes `s` a valid identifier: a leading digit gets a prefix, an empty name becomes
/// `field`, keywords get `r#` (or `_` where raw is not allowed).
fn finish(s: String, empty: &str) -> String {
    let mut s = s;
    if s.trim_matches('_').is_empty() {
        s = empty.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s.insert_str(0, "r#");
    }
    s
}

/// `InstanceIds` -> `instance_ids`, `VPCId` -> `vpc_id`, `type` -> `r#type`.
pub fn snake(wire: &str) -> String {
    let joined = words(wire).iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join("_");
    finish(ascii_only(&joined), "field")
}

/// `delete_migrate_job` / `DeleteMigrateJob` -> `DeleteMigrateJob`; `VPCId` -> `VpcId`;
/// `InvalidParameterValue.InvalidInstanceId` -> `InvalidParameterValueInvalidInstanceId`.
pub fn pascal(wire: &str) -> String {
    let joined: String = words(wire)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect();
    finish(ascii_only(&joined), "Value")
}

/// `CancelInvocation` -> `CANCEL_INVOCATION`.
/// The module of a service: `tencent` + `tat` -> `tencent_tat`.
pub fn service_module(cloud: &str, service: &str) -> String {
    format!("{cloud}_{}", snake(service).trim_start_matches("r#"))
}

/// The cargo feature of a service module: `tencent_tat` -> `tencent-tat`.
pub fn feature(module: &str) -> String {
    module.replace('_', "-")
}

pub fn screaming(wire: &str) -> String {
    snake(wire).trim_start_matches("r#").to_uppercase()
}

/// Hands out names inside one scope (fields of a struct, variants of an enum, items of a
/// module), adding `_2`, `_3`... when two wire names map to the same Rust name
/// (`InstanceId` and `InstanceID`; `InvalidParameter.Foo` and `InvalidParameterFoo`).
/// Callers must offer names in a deterministic order (the order of the spec). Every claim
/// names its owner (`O`: an index the caller understands), so a rename can say who holds the
/// wanted name: the caller turns that into a diagnostic or an error; nothing is renamed
/// silently.
#[derive(Debug)]
pub struct Scope<O = usize> {
    taken: BTreeMap<String, Holder<O>>,
}

/// Who holds a name in a [`Scope`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder<O> {
    /// A name the generated code defines itself (`Unknown`, `Option`, `new`).
    Reserved,
    /// An item claimed earlier.
    Item(O),
}

/// A name handed out by [`Scope::claim`], and why it is not the wanted one, if it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim<O> {
    pub name: String,
    pub renamed: Option<Rename<O>>,
}

/// A collision: `wanted` was taken by `holder`, so the claim got a suffixed name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename<O> {
    pub wanted: String,
    pub holder: Holder<O>,
}

impl<O> Default for Scope<O> {
    fn default() -> Self {
        Scope { taken: BTreeMap::new() }
    }
}

impl<O: Clone> Scope<O> {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope with names already in use (e.g. methods a generated type defines itself).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| (s.to_string(), Holder::Reserved)).collect() }
    }

    /// Returns `candidate`, or the candidate with the smallest N >= 2 not yet taken:
    /// `name_N` for snake case, `NameN` for camel case (an underscore there would lint),
    /// with the holder of `candidate`.
    pub fn claim(&mut self, candidate: String, owner: O) -> Claim<O> {
        let holder = match self.taken.get(&candidate) {
            None => {
                self.taken.insert(candidate.clone(), Holder::Item(owner));
                return Claim { name: candidate, renamed: None };
            }
            Some(holder) => holder.clone(),
        };
        let base = candidate.trim_start_matches("r#").trim_end_matches('_');
        let camel = base.trim_start_matches('_').starts_with(|c: char| c.is_ascii_uppercase());
        let name = (2..)
            .map(|n| if camel { format!("{base}{n}") } else { format!("{base}_{n}") })
            .find(|name| !self.taken.contains_key(name))
            .expect("an unbounded range always yields a free name");
        self.taken.insert(name.clone(), Holder::Item(owner));
        Claim { name, renamed: Some(Rename { wanted: candidate, holder }) }
    }
}

/// An item of a service module, as [`ModuleNames`] reports who holds a name: the index of an
/// operation or of a model, in the order they were offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleItem {
    Operation(usize),
    Model(usize),
    ValueEnum(usize),
}

/// The names of one service module's items, handed out in spec order: every operation
/// first (`operation`), then the models (`model`), so adding a model never renames an
/// operation's types. Type names share one scope with the prelude names generated code uses
/// unqualified; methods and constants have their own.
pub struct ModuleNames {
    types: Scope<ModuleItem>,
    methods: Scope<ModuleItem>,
    consts: Scope<ModuleItem>,
}

impl Default for ModuleNames {
    fn default() -> Self {
        ModuleNames {
            types: Scope::with_reserved(&[
                "Client", "CommonError", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default",
                "Into",
            ]),
            methods: Scope::with_reserved(&["new", "runtime", "from_runtime", "send", "clone", "fmt"]),
            consts: Scope::with_reserved(&["SERVICE", "OPERATIONS", "PARAMETERS"]),
        }
    }
}

impl ModuleNames {
    /// Request, response and error types, client method and `OperationInfo` constant of the
    /// operation `index`, with the claims among them that were renamed.
    pub fn operation(&mut self, index: usize, action: &str) -> (OperationNames, Vec<Claim<ModuleItem>>) {
        let owner = ModuleItem::Operation(index);
        // Suffix before case conversion: `Self` + `Request` is `SelfRequest`, not `Self_Request`.
        let typed = |suffix: &str| pascal(&format!("{action}{suffix}"));
        let claims = [
            self.types.claim(typed("Request"), owner),
            self.types.claim(typed("Response"), owner),
            self.types.claim(typed("Error"), owner),
            self.methods.claim(snake(action), owner),
            self.consts.claim(screaming(action), owner),
            self.types.claim(typed("Call"), owner),
        ];
        let renamed = claims.iter().filter(|c| c.renamed.is_some()).cloned().collect();
        let [request, response, error, method, constant, call] = claims.map(|c| c.name);
        (OperationNames { request, response, error, method, constant, call }, renamed)
    }

    /// The struct of the model `index`.
    pub fn model(&mut self, index: usize, wire: &str) -> Claim<ModuleItem> {
        self.types.claim(pascal(wire), ModuleItem::Model(index))
    }

    /// The enum `index` of a documented value list: the field's name in Pascal case
    /// (`IpProtocol`), else the owner's type and the field (`AuthorizeSecurityGroupIpProtocol`),
    /// else that with a number. Claimed after every operation and model, so an enum never
    /// renames them.
    pub fn value_enum(&mut self, index: usize, field: &str, owner: &str) -> String {
        let plain = pascal(field);
        let candidate = if self.types.taken.contains_key(&plain) { pascal(&format!("{owner}{}", plain)) } else { plain };
        self.types.claim(candidate, ModuleItem::ValueEnum(index)).name
    }
}

/// Variant names of a documented value list, in value order: `tcp` -> `Tcp`,
/// `cloud_efficiency` -> `CloudEfficiency`, `1` -> `V1`; beside the enum's own `Unknown`.
pub fn value_variants<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scope = Scope::with_reserved(&["Unknown"]);
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let name = pascal(value);
            // A leading digit got `_` (`_1`), which is no camel-case variant name.
            let name = match name.strip_prefix('_') {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => format!("V{rest}"),
                _ => name,
            };
            scope.claim(name, i).name
        })
        .collect()
}

/// Rust names of one operation's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    pub request: String,
    pub response: String,
    pub error: String,
    /// The client method.
    pub method: String,
    /// The `OperationInfo` constant.
    pub constant: String,
    /// The fluent call the client method returns: `CancelInvocationCall`.
    pub call: String,
}

/// Field names of one struct, `(wire name, deprecated)` in field order, returned in field
/// order (a rename's holder is a field index) but claimed current fields first: a deprecated field (`Tag.N.key`, which its page
/// says to replace with `Tag.N.Key`) leaves the clean name to its current twin, whatever the
/// table order, so `tag.key` is the parameter the cloud wants.
pub fn fields<'a>(fields: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<Claim<usize>> {
    let fields: Vec<(&str, bool)> = fields.into_iter().collect();
    let mut scope = Scope::new();
    let mut claims: Vec<Option<Claim<usize>>> = vec![None; fields.len()];
    for pass_deprecated in [false, true] {
        for (i, (wire, deprecated)) in fields.iter().enumerate() {
            if *deprecated != pass_deprecated {
                continue;
            }
            let wanted = snake(wire);
            // A deprecated twin of a current field says so in its name (`key_deprecated`
            // beside `key`), rather than taking a number.
            let claim = match scope.taken.get(&wanted).cloned() {
                Some(holder) if pass_deprecated => {
                    let base = wanted.trim_start_matches("r#").trim_end_matches('_');
                    let mut claim = scope.claim(format!("{base}_deprecated"), i);
                    claim.renamed = Some(Rename { wanted, holder });
                    claim
                }
                _ => scope.claim(wanted, i),
            };
            claims[i] = Some(claim);
        }
    }
    claims.into_iter().flatten().collect()
}

/// The methods generated for one field of a struct: `plain` reads it (responses and models:
/// `fn instance_id(&self) -> Option<&str>`) and, on an operation's fluent call, sets it (a
/// list: appends one item); `set` replaces the whole value on the fluent call (`set_instance_ids`);
/// `with` sets it on a response or model being built (`with_instance_id`, for tests and for
/// models sent in requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMethods {
    pub plain: String,
    pub set: String,
    pub with: String,
}

/// Method names the generated structs and fluent calls define themselves, and trait methods an
/// inherent method of the same name would shadow in method-call syntax (`x.clone()`).
pub const RESERVED_METHODS: &[&str] = &[
    "new", "validate", "send", "with_options", "into_paginator", "as_request", "clone", "clone_from", "fmt", "eq",
    "ne", "default", "into", "from", "hash", "encode_json", "decode_json", "check", "to_owned", "as_ref",
];

/// [`FieldMethods`] of the fields of one struct, given their Rust names in field order. The
/// plain names are claimed first (a field keeps its own name unless it is a reserved method,
/// then it gets a number), then the `set_` and `with_` forms, so a field called `SetName` or
/// `WithName` never takes the name another field's setter wants silently: it is numbered
/// instead, deterministically.
pub fn field_methods<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<FieldMethods> {
    let fields: Vec<&str> = fields.into_iter().collect();
    let mut scope: Scope<usize> = Scope::with_reserved(RESERVED_METHODS);
    let plain: Vec<String> = fields.iter().enumerate().map(|(i, f)| scope.claim((*f).to_owned(), i).name).collect();
    // `r#type` -> `set_type`, `self_` -> `set_self`, `_4xx_count` -> `set_4xx_count`.
    let bare = |f: &str| f.trim_start_matches("r#").trim_matches('_').to_owned();
    let set: Vec<String> = fields.iter().enumerate().map(|(i, f)| scope.claim(format!("set_{}", bare(f)), i).name).collect();
    let with: Vec<String> = fields.iter().enumerate().map(|(i, f)| scope.claim(format!("with_{}", bare(f)), i).name).collect();
    plain
        .into_iter()
        .zip(set)
        .zip(with)
        .map(|((plain, set), with)| FieldMethods { plain, set, with })
        .collect()
}

/// Variant names of an error enum, in code order, beside the enum's own variants; a rename's
/// holder is a code index.
pub fn error_variants<'a>(codes: impl IntoIterator<Item = &'a str>, reserved: &[&str]) -> Vec<Claim<usize>> {
    let mut scope = Scope::with_reserved(reserved);
    codes.into_iter().enumerate().map(|(i, c)| scope.claim(pascal(c), i)).collect()
}

/// Wire-level names (in the spec, not Rust identifiers) of the models a page defines for its
/// nested structures. A model is named after the operation and its element
/// (`DescribeInstances` + `Instance` -> `DescribeInstancesInstance`), so that structures of
/// different operations of one service, which share model names, cannot collide. Inside one
/// operation, a name already taken gets the parent structure's element between the two
/// (`Tag` of `Instance`, after the request's `Tag`: `DescribeInstancesInstanceTag`), then a
/// number from 2 (`DescribeInstancesInstanceTag2`). Callers claim names in a deterministic
/// order: the request's structures first, then the response's, each parent before its
/// children.
#[derive(Debug, Clone)]
pub struct NestedModelNames {
    operation: String,
    taken: BTreeSet<String>,
}

impl NestedModelNames {
    /// No name taken yet for the operation `operation`.
    pub fn new(operation: &str) -> Self {
        NestedModelNames { operation: operation.to_owned(), taken: BTreeSet::new() }
    }

    /// The name of the model for the structure `element` inside the structure whose element is
    /// `parent` (empty at the top level), now taken. After 1000 tries (no page comes near) the
    /// plain name is given again.
    pub fn claim(&mut self, element: &str, parent: &str) -> String {
        // Candidates are made lazily: usually the first is free.
        let op = self.operation.as_str();
        let name = [joined(&[op, element]), joined(&[op, parent, element])]
            .into_iter()
            .chain((2..1000).map(|n| format!("{}{n}", joined(&[op, parent, element]))))
            .find(|c| !self.taken.contains(c))
            .unwrap_or_else(|| joined(&[op, element]));
        self.taken.insert(name.clone());
        name
    }
}

/// Names joined into one. Where one ends in an acronym and the next starts with one, the two
/// would read as one word (`AssumeRoleWithSAML` and `SAMLAssertionInfo`: `...WithSamlsaml...`
/// once [`pascal`]), so the first acronym is written as a word there (`...WithSamlSAML...`,
/// `...WithSamlSamlAssertionInfo`). Elsewhere the join is plain, so no other name changes.
fn joined(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        let mut next = part.chars();
        let starts_acronym = next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_uppercase);
        if starts_acronym {
            let run = out.chars().rev().take_while(|c| c.is_uppercase()).count();
            if run > 1 {
                let at = out.char_indices().rev().nth(run - 2).map_or(out.len(), |(i, _)| i);
                let tail = out.split_off(at).to_lowercase();
                out.push_str(&tail);
            }
        }
        out.push_str(part);
    }
    out
}

/// The test of an operation's documented example: `cancel_invocation_example_1_request`.
pub fn example_test(action: &str, number: usize, part: &str) -> String {
    let base = snake(action);
    let base = base.trim_start_matches("r#").trim_end_matches('_');
    format!("{base}_example_{number}_{part}")
}

/// Whether a field named `wire` holds a secret, by what its name ends with: a secret
/// (`AccessKeySecret`), a password (`Password`, `VncPassword`, `OldPassword`), a private or
/// secret key (`PrivateKey`, `PrivateKeyBody`, `TmpSecretKey`), a credential token
/// (`SecurityToken`, `SessionToken`, `Token` alone, and the identity tokens STS trades for
/// credentials: `OIDCToken`, `WebIdentityToken`) or a SAML assertion (`SAMLAssertion`, which
/// STS trades the same way). Not: what only names, counts or
/// describes one (`TmpSecretId`, `WindowsPasswordName`, `MaxPasswordAge`, `PasswordPolicy`:
/// their last word is not one of these), and the tokens that are no credential
/// (`NextToken` pages, `ClientToken` makes a call idempotent). The caller asks only of text
/// fields: a boolean `PasswordReset` says nothing secret.
pub fn is_secret_field(wire: &str) -> bool {
    let words: Vec<String> = words(wire).iter().map(|w| w.to_ascii_lowercase()).collect();
    let last = |n: usize| words.len().checked_sub(n).map(|start| &words[start..]);
    let ends = |tail: &[&str]| last(tail.len()).is_some_and(|end| end.iter().zip(tail).all(|(a, b)| a == b));
    let Some(final_word) = words.last() else { return false };
    matches!(final_word.as_str(), "secret" | "password" | "passwd" | "passphrase" | "assertion")
        || ends(&["private", "key"])
        || ends(&["secret", "key"])
        || ends(&["private", "key", "body"])
        || (final_word == "token"
            && (words.len() == 1 || ["security", "session", "access", "auth", "refresh", "oidc", "identity"].iter().any(|w| ends(&[w, "token"]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Field names of the specs' answers and requests (STS `AssumeRole`'s `Credentials`, RAM
    /// and IMS `CreateAccessKey`, ECS `ImportKeyPair`, `ResetPassword`-style and
    /// `ModifyInstanceVncPasswd` requests, CVM `LoginSettings`, Tencent STS), and the
    /// look-alikes that are not secrets.
    #[test]
    fn secret_fields_by_name() {
        for secret in [
            "AccessKeySecret", "SecurityToken", "Password", "NewPassword", "OldPassword", "VncPassword",
            "PrivateKey", "PrivateKeyBody", "TmpSecretKey", "Token", "SessionToken", "AccessToken",
            "ClientSecret", "access_key_secret",
            // STS `AssumeRoleWithSAML`, `AssumeRoleWithOIDC`, `AssumeRoleWithWebIdentity`.
            "SAMLAssertion", "OIDCToken", "WebIdentityToken",
        ] {
            assert!(is_secret_field(secret), "{secret}");
        }
        for plain in [
            "AccessKeyId", "TmpSecretId", "NextToken", "ClientToken", "HttpTokens", "WindowsPasswordName",
            "MaxPasswordAge", "PasswordPolicy", "PasswordInherit", "MinimumPasswordLength", "PasswordResetRequired", "KeyPairName", "PublicKeyBody", "SecretName",
            "Expiration", "SAMLAssertionInfo", "OIDCProviderArn", "",
        ] {
            assert!(!is_secret_field(plain), "{plain}");
        }
        // By name a secret; RAM's boolean `AllowUserToChangePassword` is not asked about
        // (`resolve` asks only of text fields).
        assert!(is_secret_field("AllowUserToChangePassword"));
    }

    #[test]
    fn field_methods_table() {
        // Rust field names as `fields` gives them, from real rows (`InstanceIds`, `Type`,
        // `Self`, `4xxCount`) and made-up collisions with reserved and prefixed names.
        let methods = field_methods(["instance_ids", "r#type", "self_", "_4xx_count", "validate", "set_name", "name"]);
        let got: Vec<(&str, &str, &str)> =
            methods.iter().map(|m| (m.plain.as_str(), m.set.as_str(), m.with.as_str())).collect();
        assert_eq!(
            got,
            [
                ("instance_ids", "set_instance_ids", "with_instance_ids"),
                ("r#type", "set_type", "with_type"),
                ("self_", "set_self", "with_self"),
                ("_4xx_count", "set_4xx_count", "with_4xx_count"),
                ("validate_2", "set_validate", "with_validate"),
                ("set_name", "set_set_name", "with_set_name"),
                ("name", "set_name_2", "with_name"),
            ]
        );
    }

    #[test]
    fn snake_case_table() {
        let table = [
            ("InstanceIds", "instance_ids"),
            ("JobId", "job_id"),
            ("VPCId", "vpc_id"),
            ("VpcId", "vpc_id"),
            ("RequestId", "request_id"),
            ("type", "r#type"),
            ("Type", "r#type"),
            ("match", "r#match"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("gen", "r#gen"),
            ("IPv6Address", "ipv6_address"),
            ("Ipv6AddressCount", "ipv6_address_count"),
            ("4xxCount", "_4xx_count"),
            ("instance_id", "instance_id"),
            ("instance-id", "instance_id"),
            ("名称", "field"),
            ("Zone名称", "zone"),
            ("", "field"),
            ("X-TC-Action", "x_tc_action"),
            ("HTTPSConfig", "https_config"),
            ("CPU", "cpu"),
        ];
        for (wire, rust) in table {
            assert_eq!(snake(wire), rust, "snake({wire:?})");
        }
    }

    #[test]
    fn pascal_case_table() {
        let table = [
            ("DeleteMigrateJob", "DeleteMigrateJob"),
            ("delete_migrate_job", "DeleteMigrateJob"),
            ("VPCId", "VpcId"),
            ("InvalidParameterValue.InvalidInstanceId", "InvalidParameterValueInvalidInstanceId"),
            ("UnauthorizedOperation.MFAExpired", "UnauthorizedOperationMfaExpired"),
            ("AuthFailure.SignatureFailure", "AuthFailureSignatureFailure"),
            ("SourceServerState.Invalid", "SourceServerStateInvalid"),
            ("self", "Self_"),
            ("Self", "Self_"),
            ("Zone名称", "Zone"),
            ("type", "Type"),
            ("3DES", "_3Des"),
            ("", "Value"),
            ("错误", "Value"),
        ];
        for (wire, rust) in table {
            assert_eq!(pascal(wire), rust, "pascal({wire:?})");
        }
    }

    #[test]
    fn every_output_is_an_identifier() {
        let inputs = ["type", "Self", "3DES", "名称", "a b", "*/", "\"#", "`x`", "<b>", "gen", "_"];
        for wire in inputs {
            for name in [snake(wire), pascal(wire), screaming(wire)] {
                let ident = name.trim_start_matches("r#");
                assert!(
                    !ident.is_empty()
                        && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !ident.starts_with(|c: char| c.is_ascii_digit()),
                    "{wire:?} -> {name:?}"
                );
            }
        }
    }

    /// Claims in the order the corpus page `alibaba/ecs/2014-05-26/DescribeInstances.md`
    /// makes them (request structures, then the response's, parents first), and a few more to
    /// show the numbered names no corpus page reaches.
    #[test]
    fn nested_model_names_table() {
        let mut names = NestedModelNames::new("DescribeInstances");
        let table = [
            // Request: `Filter.N.Key`, `Tag.N.Key`.
            ("Filter", "", "DescribeInstancesFilter"),
            ("Tag", "", "DescribeInstancesTag"),
            // Response: `Instances` wraps `Instance`; the element model is claimed first.
            ("Instance", "", "DescribeInstancesInstance"),
            ("CpuOptions", "Instance", "DescribeInstancesCpuOptions"),
            ("NetworkInterface", "Instance", "DescribeInstancesNetworkInterface"),
            ("Ipv6Set", "NetworkInterface", "DescribeInstancesIpv6Set"),
            ("Ipv6Sets", "NetworkInterface", "DescribeInstancesIpv6Sets"),
            ("NetworkInterfaces", "Instance", "DescribeInstancesNetworkInterfaces"),
            // The request took `DescribeInstancesTag`: the parent goes between.
            ("Tag", "Instance", "DescribeInstancesInstanceTag"),
            ("Tags", "Instance", "DescribeInstancesTags"),
            ("PrivateIpAddress", "VpcAttributes", "DescribeInstancesPrivateIpAddress"),
            ("Instances", "", "DescribeInstancesInstances"),
            // Not on a corpus page: both names taken, then numbers.
            ("Tag", "Instance", "DescribeInstancesInstanceTag2"),
            ("Tag", "Instance", "DescribeInstancesInstanceTag3"),
            // At the top level the parent adds nothing, so the second try is the first again.
            ("Filter", "", "DescribeInstancesFilter2"),
        ];
        for (element, parent, want) in table {
            assert_eq!(names.claim(element, parent), want, "claim({element:?}, {parent:?})");
        }
        // The same sequence on `alibaba/ecs/2014-05-26/DescribeDisks.md`.
        let mut names = NestedModelNames::new("DescribeDisks");
        let claimed: Vec<String> = [("Filter", ""), ("Tag", ""), ("Disk", ""), ("Tag", "Disk"), ("Disks", "")]
            .into_iter()
            .map(|(element, parent)| names.claim(element, parent))
            .collect();
        assert_eq!(
            claimed,
            ["DescribeDisksFilter", "DescribeDisksTag", "DescribeDisksDisk", "DescribeDisksDiskTag", "DescribeDisksDisks"]
        );
    }

    /// An acronym at the end of the action and at the start of the structure's element (STS
    /// `AssumeRoleWithSAML`'s `SAMLAssertionInfo` row) stay two words; an acronym followed by
    /// a word (its `Credentials`) or a lower-case start needs nothing.
    #[test]
    fn nested_model_names_keep_acronyms_apart() {
        let mut names = NestedModelNames::new("AssumeRoleWithSAML");
        let table = [
            ("Credentials", "", "AssumeRoleWithSAMLCredentials", "AssumeRoleWithSamlCredentials"),
            ("SAMLAssertionInfo", "", "AssumeRoleWithSamlSAMLAssertionInfo", "AssumeRoleWithSamlSamlAssertionInfo"),
            // Taken: the parent goes between, and its own acronym meets the element's.
            ("SAMLAssertionInfo", "SAMLAssertionInfo", "AssumeRoleWithSamlSAMLAssertionInfoSAMLAssertionInfo", "AssumeRoleWithSamlSamlAssertionInfoSamlAssertionInfo"),
        ];
        for (element, parent, want, rust) in table {
            let name = names.claim(element, parent);
            assert_eq!((name.as_str(), pascal(&name).as_str()), (want, rust), "claim({element:?}, {parent:?})");
        }
        assert_eq!(NestedModelNames::new("CreateVpc").claim("VSwitch", ""), "CreateVpcVSwitch");
    }

    #[test]
    fn collisions_get_suffixes_in_spec_order() {
        let names = |claims: Vec<Claim<usize>>| claims.into_iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(names(fields([("InstanceId", false), ("InstanceID", false), ("instance_id", false)])), ["instance_id", "instance_id_2", "instance_id_3"]);
        assert_eq!(
            names(error_variants(["InvalidParameter.Foo", "InvalidParameterFoo", "Unknown"], &["Unknown"])),
            ["InvalidParameterFoo", "InvalidParameterFoo2", "Unknown2"]
        );
        assert_eq!(names(fields([("type", false), ("Type", false)])), ["r#type", "type_2"]);
        // The deprecated twin (listed first on the page) leaves the clean name to the current one.
        let claims = fields([("key", true), ("Key", false), ("Value", false), ("value", true)]);
        assert_eq!(names(claims.clone()), ["key_deprecated", "key", "value", "value_deprecated"]);
        assert_eq!(claims[0].renamed.as_ref().map(|r| r.holder.clone()), Some(Holder::Item(1)));
    }

    #[test]
    fn value_list_variants() {
        // ECS `Category` ("cloud_efficiency"), `Status` ("In_use" beside "InUse"), SMC
        // digits, and a value named like the catch-all variant.
        assert_eq!(
            value_variants(["cloud_efficiency", "In_use", "InUse", "1", "Unknown", "SystemMaintenance.Stop"]),
            ["CloudEfficiency", "InUse", "InUse2", "V1", "Unknown2", "SystemMaintenanceStop"]
        );
    }

    #[test]
    fn collisions_name_the_holder() {
        let claims = fields([("InstanceId", false), ("VpcId", false), ("InstanceID", false), ("instance_id_2", false)]);
        assert_eq!(claims[0].renamed, None);
        assert_eq!(claims[2].renamed, Some(Rename { wanted: "instance_id".into(), holder: Holder::Item(0) }));
        // `instance_id_2` was handed to `InstanceID` (field 2) by the rename.
        assert_eq!(claims[3].name, "instance_id_2_2");
        assert_eq!(claims[3].renamed, Some(Rename { wanted: "instance_id_2".into(), holder: Holder::Item(2) }));
        let variants = error_variants(["Unknown"], &["Unknown"]);
        assert_eq!(variants[0].renamed, Some(Rename { wanted: "Unknown".into(), holder: Holder::Reserved }));

        let mut module = ModuleNames::default();
        let (first, renamed) = module.operation(0, "DescribeX");
        assert!(renamed.is_empty());
        let (second, renamed) = module.operation(1, "Describe_X");
        assert_eq!(second.method, "describe_x_2");
        assert_eq!(renamed.len(), 6, "{renamed:?}");
        assert!(renamed.iter().all(|c| c.renamed.as_ref().unwrap().holder == Holder::Item(ModuleItem::Operation(0))));
        assert_eq!(first.request, "DescribeXRequest");
        let model = module.model(0, "DescribeXRequest");
        assert_eq!(model.name, "DescribeXRequest3");
        assert_eq!(model.renamed.map(|r| r.holder), Some(Holder::Item(ModuleItem::Operation(0))));
        let option = module.model(1, "Option");
        assert_eq!((option.name.as_str(), option.renamed.map(|r| r.holder)), ("Option2", Some(Holder::Reserved)));
    }
}
