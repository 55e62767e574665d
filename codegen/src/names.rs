//! The one place that makes names: wire names into Rust names (case conversion, acronyms,
//! keywords, leading digits, non-ASCII, and collisions inside one scope), and the wire-level
//! names of the models a page defines for its nested structures ([`NestedModelNames`]).

use std::collections::BTreeSet;

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
/// Callers must offer names in a deterministic order (the order of the spec).
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope with names already in use (e.g. methods a generated type defines itself).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Returns `candidate`, or the candidate with the smallest N >= 2 not yet taken:
    /// `name_N` for snake case, `NameN` for camel case (an underscore there would lint).
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let base = candidate.trim_start_matches("r#").trim_end_matches('_');
        let camel = base.trim_start_matches('_').starts_with(|c: char| c.is_ascii_uppercase());
        (2..)
            .map(|n| if camel { format!("{base}{n}") } else { format!("{base}_{n}") })
            .find(|name| self.taken.insert(name.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// The names of one service module's items, handed out in spec order: every operation
/// first (`operation`), then the models (`model`), so adding a model never renames an
/// operation's types. Type names share one scope with the prelude names generated code uses
/// unqualified; methods and constants have their own.
pub struct ModuleNames {
    types: Scope,
    methods: Scope,
    consts: Scope,
}

impl Default for ModuleNames {
    fn default() -> Self {
        ModuleNames {
            types: Scope::with_reserved(&[
                "Client", "CommonError", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default",
                "Into",
            ]),
            methods: Scope::with_reserved(&["new", "runtime", "clone", "fmt"]),
            consts: Scope::with_reserved(&["SERVICE", "OPERATIONS"]),
        }
    }
}

impl ModuleNames {
    /// Request, response and error types, client method and `OperationInfo` constant of an
    /// operation.
    pub fn operation(&mut self, action: &str) -> OperationNames {
        // Suffix before case conversion: `Self` + `Request` is `SelfRequest`, not `Self_Request`.
        let typed = |suffix: &str| pascal(&format!("{action}{suffix}"));
        OperationNames {
            request: self.types.claim(typed("Request")),
            response: self.types.claim(typed("Response")),
            error: self.types.claim(typed("Error")),
            method: self.methods.claim(snake(action)),
            constant: self.consts.claim(screaming(action)),
        }
    }

    /// The struct of a model.
    pub fn model(&mut self, wire: &str) -> String {
        self.types.claim(pascal(wire))
    }
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
}

/// Field names of one struct, in field order.
pub fn fields<'a>(wires: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scope = Scope::new();
    wires.into_iter().map(|w| scope.claim(snake(w))).collect()
}

/// Variant names of an error enum, in code order, beside the enum's own variants.
pub fn error_variants<'a>(codes: impl IntoIterator<Item = &'a str>, reserved: &[&str]) -> Vec<String> {
    let mut scope = Scope::with_reserved(reserved);
    codes.into_iter().map(|c| scope.claim(pascal(c))).collect()
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
        let op = &self.operation;
        let name = [format!("{op}{element}"), format!("{op}{parent}{element}")]
            .into_iter()
            .chain((2..1000).map(|n| format!("{op}{parent}{element}{n}")))
            .find(|c| !self.taken.contains(c))
            .unwrap_or_else(|| format!("{op}{element}"));
        self.taken.insert(name.clone());
        name
    }
}

/// The test of an operation's documented example: `cancel_invocation_example_1_request`.
pub fn example_test(action: &str, number: usize, part: &str) -> String {
    let base = snake(action);
    let base = base.trim_start_matches("r#").trim_end_matches('_');
    format!("{base}_example_{number}_{part}")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn collisions_get_suffixes_in_spec_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(snake("InstanceId")), "instance_id");
        assert_eq!(scope.claim(snake("InstanceID")), "instance_id_2");
        assert_eq!(scope.claim(snake("instance_id")), "instance_id_3");
        let mut variants = Scope::with_reserved(&["Unknown"]);
        assert_eq!(variants.claim(pascal("InvalidParameter.Foo")), "InvalidParameterFoo");
        assert_eq!(variants.claim(pascal("InvalidParameterFoo")), "InvalidParameterFoo2");
        assert_eq!(variants.claim(pascal("Unknown")), "Unknown2");
        let mut keywords = Scope::new();
        assert_eq!(keywords.claim(snake("type")), "r#type");
        assert_eq!(keywords.claim(snake("Type")), "type_2");
    }
}
