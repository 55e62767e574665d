//! The macros generated code is tables of, a row per field, check, error code, example or
//! operation: the JSON codecs of a struct
//! ([`json_codec!`](crate::json_codec)), the accessors and `with_` setters of a response or
//! model ([`accessors!`](crate::accessors)), the setters of a fluent call
//! ([`call_setters!`](crate::call_setters)), `validate` ([`checks!`](crate::checks)), an
//! operation's error enum ([`error_enum!`](crate::error_enum)), what else an operation is
//! ([`operation!`](crate::operation)) and the documented examples as tests
//! ([`example_tests!`](crate::example_tests)).
//!
//! Generated code states each field once, as a row of a table (its method names, its kind,
//! its types, its wire name), and the macro writes the methods the generator used to write
//! out: rustc type-checks about the same code (expanding the macros adds 4-10 % to the
//! generated crate's build), but a service's source is a third of the size, which is what the
//! generator formats and writes and a reader scrolls through (BENCHMARKS.md, stop 25). Every
//! method is `#[inline]` or generic: at opt-level 0 rustc compiles such a function only in a
//! crate that calls it, so a program pays for the fields it uses.
//!
//! A method's body is one call of a generic function of [`field`] named by the row's kind, and
//! a row is matched once: no helper macro per row in the common case (one per row made the
//! expansion of the generated crate twice as long). The helpers `__json_entry!` (a
//! `json_text` codec entry) and `__code_doc!` (an error code's doc given apart) serve the rare
//! rows, in tables a macro's second rule takes; they are not for use outside these macros.

/// `impl JsonEncode` and `impl JsonDecode` for a struct from a table of its fields:
/// `field = "WireName"` pairs in the order the object is written, `field = "WireName" as
/// json_text` for a field sent as its JSON text in a string ([`JsonText`](crate::json::JsonText)).
/// Each impl is one runtime call with that table ([`encode_object`](crate::json::encode_object),
/// [`decode_object`](crate::json::decode_object)): no per-field calls, branches or unwind paths.
/// Attributes before `JsonDecode` / `JsonEncode` go on that impl (a cfg, when only tests encode a
/// response); attributes before `impl` on both.
///
/// ```
/// # use cloudpage_runtime::__codegen as rt;
/// #[derive(Debug, Default, PartialEq)]
/// pub struct Tag {
///     pub key: Option<String>,
///     pub values: Option<Vec<String>>,
/// }
/// rt::json_codec! {
///     impl JsonDecode, JsonEncode for Tag { key = "Key", values = "Values" as json_text }
/// }
/// let tag = Tag { key: Some("env".into()), values: Some(vec!["a".into()]) };
/// let json = cloudpage_runtime::to_json_value(&tag).unwrap();
/// assert_eq!(json, serde_json::json!({"Key": "env", "Values": "[\"a\"]"}));
/// assert_eq!(cloudpage_runtime::from_json_value::<Tag>(&json).unwrap(), tag);
/// ```
#[macro_export]
macro_rules! json_codec {
    // Most structs have no `json_text` row: their entries are written in place. (A helper
    // invocation per entry, as below, made the expansion of the generated crate twice as long.)
    (
        $(#[$both:meta])*
        impl $(#[$decode:meta])* JsonDecode, $(#[$encode:meta])* JsonEncode for $ty:ident {
            $($field:ident = $wire:literal),* $(,)?
        }
    ) => {
        $(#[$both])*
        $(#[$encode])*
        impl $crate::__codegen::JsonEncode for $ty {
            #[inline]
            fn encode_json(&self, out: &mut ::std::vec::Vec<u8>) {
                $crate::__codegen::encode_object(out, &[$(($wire, &self.$field)),*]);
            }
        }
        $(#[$both])*
        $(#[$decode])*
        impl $crate::__codegen::JsonDecode for $ty {
            #[inline]
            fn decode_json(
                value: &$crate::__codegen::serde_json::Value,
                path: &$crate::__codegen::JsonPath<'_>,
            ) -> ::std::result::Result<Self, $crate::__codegen::DecodeError> {
                #[allow(unused_mut)]
                let mut decoded = <Self as ::std::default::Default>::default();
                // `decoded` rather than a `?` (its doc says why).
                let read = $crate::__codegen::decode_object(value, path, &mut [$(($wire, &mut decoded.$field)),*]);
                $crate::__codegen::decoded(read, decoded)
            }
        }
    };
    (
        $(#[$both:meta])*
        impl $(#[$decode:meta])* JsonDecode, $(#[$encode:meta])* JsonEncode for $ty:ident {
            $($field:ident = $wire:literal $(as $text:ident)?),* $(,)?
        }
    ) => {
        $(#[$both])*
        $(#[$encode])*
        impl $crate::__codegen::JsonEncode for $ty {
            #[inline]
            fn encode_json(&self, out: &mut ::std::vec::Vec<u8>) {
                $crate::__codegen::encode_object(
                    out,
                    &[$(($wire, $crate::__json_entry!(encode self.$field $($text)?))),*],
                );
            }
        }
        $(#[$both])*
        $(#[$decode])*
        impl $crate::__codegen::JsonDecode for $ty {
            #[inline]
            fn decode_json(
                value: &$crate::__codegen::serde_json::Value,
                path: &$crate::__codegen::JsonPath<'_>,
            ) -> ::std::result::Result<Self, $crate::__codegen::DecodeError> {
                #[allow(unused_mut)]
                let mut decoded = <Self as ::std::default::Default>::default();
                // `decoded` rather than a `?` (its doc says why).
                let read = $crate::__codegen::decode_object(
                    value,
                    path,
                    &mut [$(($wire, $crate::__json_entry!(decode decoded.$field $($text)?))),*],
                );
                $crate::__codegen::decoded(read, decoded)
            }
        }
    };
}

/// One `(wire name, field)` entry's field of [`json_codec!`](crate::json_codec).
#[doc(hidden)]
#[macro_export]
macro_rules! __json_entry {
    (encode $s:ident . $field:ident) => { &$s.$field };
    (encode $s:ident . $field:ident json_text) => { &$crate::__codegen::JsonText(&$s.$field) };
    (decode $s:ident . $field:ident) => { &mut $s.$field };
    (decode $s:ident . $field:ident json_text) => { &mut $crate::__codegen::JsonText(&mut $s.$field) };
}

/// The accessors and `with_` setters of a response or model, inside its `impl` block, a row
/// per field: `method / with_method: read(field) -> Return, store: Param = "WireName"`.
///
/// `read` is a function of [`field`] (what the accessor's body calls):
///
/// - `copied(field) -> Option<T>`: by value (numbers, booleans);
/// - `str(field) -> Option<&str>`;
/// - `borrowed(field) -> Option<&T>` (models, enums, JSON);
/// - `slice(field) -> &[T]`: empty when absent;
/// - `wrapped_slice(field.list) -> &[T]`: the list inside the wrapper struct the field holds
///   (Alibaba's `Instances { Instance: [..] }`), empty when either is absent.
///
/// `store` is how the `with_` setter stores its value (`set`, `set_into`, `push`, `push_into`,
/// `wrapped_push`, `wrapped_push_into`; [`call_setters!`](crate::call_setters) says what each
/// does). The setters build a `#[non_exhaustive]` struct outside its crate, as tests that fake
/// an answer do; `with #[cfg(..)];` first puts them behind that cfg (a program only reads
/// answers). Attributes before a row (`#[deprecated]`) go on its methods.
///
/// ```
/// # use cloudpage_runtime::__codegen as rt;
/// #[derive(Debug, Default, PartialEq)]
/// pub struct Instance {
///     pub instance_id: Option<String>,
///     pub cpu: Option<i64>,
///     pub tags: Option<Vec<String>>,
/// }
/// impl Instance {
///     rt::accessors! {
///         instance_id / with_instance_id: str(instance_id) -> Option<&str>, set_into: impl Into<String> = "InstanceId",
///         cpu / with_cpu: copied(cpu) -> Option<i64>, set: i64 = "Cpu",
///         tags / with_tags: slice(tags) -> &[String], push_into: impl Into<String> = "Tags",
///     }
/// }
/// let instance = Instance::default().with_cpu(2).with_tags("a").with_tags("b");
/// assert_eq!((instance.instance_id(), instance.cpu(), instance.tags()), (None, Some(2), &["a".to_owned(), "b".to_owned()][..]));
/// ```
#[macro_export]
macro_rules! accessors {
    (with #[$gate:meta]; $(
        $(#[$attr:meta])* $method:ident / $with:ident : $read:ident ($field:ident $(. $list:ident)?) -> $ret:ty, $store:ident : $param:ty
            = $wire:literal
    ),* $(,)?) => {$(
        #[doc = concat!("Reads `", $wire, "`: `None`, or an empty list, when not set.")]
        $(#[$attr])*
        #[inline]
        pub fn $method(&self) -> $ret {
            $crate::__codegen::field::$read(&self.$field $(, |w| &w.$list)?)
        }
        #[doc = concat!("Sets `", $wire, "` (a list: adds one item).")]
        #[$gate]
        $(#[$attr])*
        #[inline]
        pub fn $with(mut self, value: $param) -> Self {
            $crate::__codegen::field::$store(&mut self.$field, $(|w| &mut w.$list,)? value);
            self
        }
    )*};
    // No header: the setters in every build (a cfg that always holds).
    ($($rows:tt)*) => {
        $crate::accessors! { with #[cfg(all())]; $($rows)* }
    };
}

/// The setters of a fluent call (`CancelInvocationCall`), inside its `impl` block, two per
/// parameter: `method / set_method: kind(field): Param, Whole = "WireName" "doc"`. `method`
/// takes one value (`Param`) and stores it in the request by the kind, a function of [`field`]:
///
/// - `set(field): T`: set (numbers and booleans, whose literals would not infer through
///   `Into`);
/// - `set_into(field): impl Into<T>`: set;
/// - `push(field): T` / `push_into(field): impl Into<T>`: appended to the list;
/// - `wrapped_push(field.list): T` / `wrapped_push_into(field.list): impl Into<T>`: appended to
///   the list inside the wrapper struct the field holds.
///
/// `set_method` replaces the field's whole `Option<Whole>`; the doc is `method`'s. Attributes
/// before a row (`#[deprecated]`) go on both methods.
///
/// ```
/// # use cloudpage_runtime::__codegen as rt;
/// #[derive(Default)]
/// pub struct Request {
///     pub invocation_id: Option<String>,
///     pub instance_ids: Option<Vec<String>>,
/// }
/// pub struct Call {
///     request: Request,
/// }
/// impl Call {
///     rt::call_setters! {
///         invocation_id / set_invocation_id: set_into(invocation_id): impl Into<String>, String = "InvocationId"
///             "`InvocationId`: the invocation.",
///         instance_ids / set_instance_ids: push_into(instance_ids): impl Into<String>, Vec<String> = "InstanceIds"
///             "`InstanceIds`, one more item: the instances.",
///     }
/// }
/// let call = Call { request: Request::default() }.invocation_id("inv-1").instance_ids("i-1");
/// let call = call.instance_ids(String::from("i-2"));
/// assert_eq!(call.request.instance_ids, Some(vec!["i-1".to_owned(), "i-2".to_owned()]));
/// assert_eq!(call.set_instance_ids(None).request.invocation_id.as_deref(), Some("inv-1"));
/// ```
#[macro_export]
macro_rules! call_setters {
    ($(
        $(#[$attr:meta])* $method:ident / $set:ident : $kind:ident ($field:ident $(. $list:ident)?) : $param:ty, $whole:ty
            = $wire:literal $doc:literal
    ),* $(,)?) => {$(
        #[doc = $doc]
        $(#[$attr])*
        #[inline]
        pub fn $method(mut self, value: $param) -> Self {
            $crate::__codegen::field::$kind(&mut self.request.$field, $(|w| &mut w.$list,)? value);
            self
        }
        #[doc = concat!("`", $wire, "`, the whole value (`None` leaves it out).")]
        $(#[$attr])*
        #[inline]
        pub fn $set(mut self, value: ::std::option::Option<$whole>) -> Self {
            self.request.$field = value;
            self
        }
    )*};
}

/// What an operation is besides its types: its `OperationInfo` const, the `rt::Request` impl of
/// its request, and its fluent call (`CancelInvocationCall`: the struct, `with_options`,
/// `as_request`, `into_paginator` when it pages, `send`, and the setters). The service's
/// `SERVICE` and `Client` are the ones in scope. A row each:
///
/// - `"Action" CONST: Request -> Response, Error;`
/// - `call Call;`, after the attributes of the call's impls (`#[allow(deprecated)]` when a
///   parameter is deprecated: `send` reads the region parameter, the setters set each);
/// - `rate_limit Some(20u32);` (or `None`): requests per second per client;
/// - `anonymous true;` (optional): sent without a signature
///   ([`OperationInfo::anonymous`](crate::OperationInfo::anonymous));
/// - `region field = "RegionId";` (optional): the parameter `send` fills from the client's region
///   when the call left it unset;
/// - `paging "doc" rt::Paging { .. } => Item;` (optional): how it pages, said in the const's
///   doc, and the paginator's item type;
/// - `setters { .. }` (optional): the call's [`call_setters!`](crate::call_setters) table.
#[macro_export]
macro_rules! operation {
    (
        $action:literal $constant:ident : $request:ident -> $response:ident, $error:ident;
        $(#[$call_attr:meta])* call $call:ident;
        rate_limit $rate:expr;
        $(anonymous $anonymous:literal;)?
        $(region $region_field:ident = $region_wire:literal;)?
        $(paging $paging_doc:literal $paging:expr => $item:ty;)?
        $(setters { $($setters:tt)* })?
    ) => {
        #[doc = concat!("`", $action, "`: what the runtime needs to call it.")]
        $(#[doc = ""] #[doc = $paging_doc])?
        pub const $constant: $crate::__codegen::OperationInfo = $crate::__codegen::OperationInfo {
            service: &SERVICE,
            action: $action,
            rate_limit_per_second: $rate,
            region_parameter: $crate::__codegen::first(&[$($region_wire)?]),
            validate_json: $crate::__codegen::validate_request_json::<$request>,
            paging: $crate::__codegen::first(&[$(&$paging)?]),
            anonymous: $crate::__codegen::flag(&[$($anonymous)?]),
        };
        impl $crate::__codegen::Request for $request {
            type Response = $response;
            type Error = $error;
            type Client = Client;
            const OPERATION: &'static $crate::__codegen::OperationInfo = &$constant;
            #[inline]
            fn check(&self) -> ::std::result::Result<(), $crate::__codegen::ValidationError> {
                self.validate()
            }
        }
        #[doc = concat!(
            "A call of `", $action, "` being set up: one method per parameter (a list's adds one item; ",
            "`set_` replaces the whole value), then [`send`](Self::send)."
        )]
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct $call {
            client: Client,
            request: $request,
            options: $crate::__codegen::CallOptions,
        }
        $(#[$call_attr])*
        impl $call {
            $($crate::call_setters! { $($setters)* })?
            /// Overrides of the client's timeouts and attempts for this call only.
            pub fn with_options(mut self, options: $crate::__codegen::CallOptions) -> Self {
                self.options = options;
                self
            }
            /// The request as set so far.
            pub fn as_request(&self) -> &$request {
                &self.request
            }
            $(
                /// Every page of this call: `.send()` is a `Stream` of pages, `.items()` of their
                /// items; each page is one call, with the checks, signing, retries and rate limit
                /// of [`send`](Self::send). (The paginator fills the region parameter itself, on
                /// every page's request.)
                #[inline]
                pub fn into_paginator(self) -> $crate::__codegen::Paginator<$response, $error, $item> {
                    $crate::__codegen::Paginator::for_request(self.client.inner.clone(), &self.request, self.options)
                }
            )?
            /// Checks the documented rules (a missing required parameter included), then
            /// sends the call; nothing is sent if a check fails.
            $(#[doc = concat!(" `", $region_wire, "` left unset is the client's region.")])?
            // `send` is a plain `fn` returning the runtime's named future (`CallFuture`, made by
            // `send_call`): an `async fn` here is a state machine per operation for rustc to
            // build and check, an `impl Future` an opaque type per operation to infer.
            #[inline]
            #[allow(unused_mut)]
            pub fn send(mut self) -> $crate::CallFuture<$request> {
                $($crate::__codegen::fill_region(&mut self.request.$region_field, &self.client.inner);)?
                $crate::__codegen::send_call(self.client.inner, self.request, self.options)
            }
        }
    };
}

/// The item of a list of at most one (`&[]` or `&[x]`, as the optional parts of a macro's row
/// write it), in a const.
#[inline]
pub const fn first<T: Copy>(items: &[T]) -> Option<T> {
    match items {
        [item, ..] => Some(*item),
        [] => None,
    }
}

/// A flag a row may leave out (`&[]`: false), in a const.
#[inline]
pub const fn flag(given: &[bool]) -> bool {
    matches!(given, [true, ..])
}

/// The documented examples of a service as tests, inside its `#[cfg(test)]` module: a row
/// each, `test_name: check::<Type>(args)`, `check` one of the runtime's
/// (`check_request_example`, `check_response_example`) and `Type` one of the parent module's.
#[macro_export]
macro_rules! example_tests {
    ($($test:ident : $check:ident::<$ty:ident>($($arg:expr),* $(,)?)),* $(,)?) => {$(
        #[test]
        fn $test() -> ::std::result::Result<(), ::std::string::String> {
            $crate::__codegen::$check::<super::$ty>($($arg),*)
        }
    )*};
}

/// The body of a generated `validate()`: the documented checks of its fields, a row each,
/// `kind(field, args..) = "WireName" "the rule as documented"`, the kind a function of
/// [`check`] (each passes an absent field), run in order; the first failure is the result
/// (as [`Checks`](crate::validation::Checks) records them). `self` is named first, as the
/// method's.
///
/// ```
/// # use cloudpage_runtime::__codegen as rt;
/// pub struct Request {
///     pub invocation_id: Option<String>,
///     pub instance_ids: Option<Vec<String>>,
/// }
/// impl Request {
///     pub fn validate(&self) -> Result<(), rt::ValidationError> {
///         rt::checks!(self {
///             required(invocation_id) = "InvocationId",
///             items(instance_ids, None, Some(2)) = "InstanceIds" "At most 2 IDs.",
///         })
///     }
/// }
/// let request = Request { invocation_id: None, instance_ids: Some(vec!["a".into(); 3]) };
/// assert_eq!(request.validate().unwrap_err().field, "InvocationId");
/// let request = Request { invocation_id: Some("inv-1".into()), ..request };
/// assert_eq!(request.validate().unwrap_err().field, "InstanceIds");
/// ```
#[macro_export]
macro_rules! checks {
    ($self:tt { $($kind:ident ($field:ident $(, $arg:expr)*) = $wire:literal $($source:literal)?),* $(,)? }) => {{
        let mut checks = $crate::__codegen::Checks::new();
        $(checks.add($crate::__codegen::check::$kind(&$self.$field, $wire $(, $arg)* $(, $source)?));)*
        checks.finish()
    }};
}

/// What the rows of [`checks!`](crate::checks) call: a check of one field as generated code
/// holds it (`Option<..>`), passing when it is absent; `_each` checks the items of a list in
/// order, up to the first that fails (the first failure is the result, as for the whole table).
/// Generic, so compiled only where a program validates.
pub mod check {
    use crate::validation::{check_items, check_length, check_one_of, check_range, check_required, ValidationError};

    /// A number a range check compares, as an `i64` (a `u64` above `i64::MAX` saturates).
    pub trait RangeValue: Copy {
        fn as_i64(self) -> i64;
    }

    impl RangeValue for i64 {
        #[inline]
        fn as_i64(self) -> i64 {
            self
        }
    }

    impl RangeValue for u64 {
        #[inline]
        fn as_i64(self) -> i64 {
            i64::try_from(self).unwrap_or(i64::MAX)
        }
    }

    /// Present.
    #[inline]
    pub fn required<T>(field: &Option<T>, wire: &str) -> Result<(), ValidationError> {
        check_required(field, wire)
    }

    /// A list's number of items.
    #[inline]
    pub fn items<T>(field: &Option<Vec<T>>, wire: &str, min: Option<u64>, max: Option<u64>, source: &'static str) -> Result<(), ValidationError> {
        field.as_ref().map_or(Ok(()), |v| check_items(v, wire, min, max, source))
    }

    /// A string's length in characters.
    #[inline]
    pub fn length(field: &Option<String>, wire: &str, min: Option<u64>, max: Option<u64>, source: &'static str) -> Result<(), ValidationError> {
        field.as_ref().map_or(Ok(()), |v| check_length(v, wire, min, max, source))
    }

    /// Each string's length in characters.
    #[inline]
    pub fn length_each(field: &Option<Vec<String>>, wire: &str, min: Option<u64>, max: Option<u64>, source: &'static str) -> Result<(), ValidationError> {
        field.iter().flatten().try_for_each(|v| check_length(v, wire, min, max, source))
    }

    /// A number's inclusive bounds.
    #[inline]
    pub fn range<N: RangeValue>(field: &Option<N>, wire: &str, min: Option<i64>, max: Option<i64>, source: &'static str) -> Result<(), ValidationError> {
        field.map_or(Ok(()), |v| check_range(v.as_i64(), wire, min, max, source))
    }

    /// Each number's inclusive bounds.
    #[inline]
    pub fn range_each<N: RangeValue>(field: &Option<Vec<N>>, wire: &str, min: Option<i64>, max: Option<i64>, source: &'static str) -> Result<(), ValidationError> {
        field.iter().flatten().try_for_each(|v| check_range(v.as_i64(), wire, min, max, source))
    }

    /// One of the documented values.
    #[inline]
    pub fn one_of(field: &Option<String>, wire: &str, allowed: &'static [&'static str], source: &'static str) -> Result<(), ValidationError> {
        field.as_ref().map_or(Ok(()), |v| check_one_of(v, wire, allowed, source))
    }

    /// Each one of the documented values.
    #[inline]
    pub fn one_of_each(field: &Option<Vec<String>>, wire: &str, allowed: &'static [&'static str], source: &'static str) -> Result<(), ValidationError> {
        field.iter().flatten().try_for_each(|v| check_one_of(v, wire, allowed, source))
    }

    /// A nested model's own checks (`validate`: its `validate` method), its errors under the
    /// field's name.
    #[inline]
    pub fn within<T>(field: &Option<T>, wire: &str, validate: fn(&T) -> Result<(), ValidationError>) -> Result<(), ValidationError> {
        field.as_ref().map_or(Ok(()), |v| validate(v).map_err(|err| err.within(wire)))
    }

    /// Each nested model's own checks.
    #[inline]
    pub fn within_each<T>(field: &Option<Vec<T>>, wire: &str, validate: fn(&T) -> Result<(), ValidationError>) -> Result<(), ValidationError> {
        field.iter().flatten().try_for_each(|v| validate(v).map_err(|err| err.within(wire)))
    }
}

/// What the per-field methods of generated code do ([`accessors!`](crate::accessors),
/// [`call_setters!`](crate::call_setters)): one generic function
/// per kind of field, so a method's body is one call. Generic, so compiled only where a program
/// calls a method.
pub mod field {
    /// A number or boolean, by value.
    #[inline]
    pub fn copied<T: Copy>(field: &Option<T>) -> Option<T> {
        *field
    }

    /// A string as `&str`.
    #[inline]
    pub fn str(field: &Option<String>) -> Option<&str> {
        field.as_deref()
    }

    /// A model, enum or JSON value, borrowed.
    #[inline]
    pub fn borrowed<T>(field: &Option<T>) -> Option<&T> {
        field.as_ref()
    }

    /// A list as a slice, empty when absent.
    #[inline]
    pub fn slice<T>(field: &Option<Vec<T>>) -> &[T] {
        field.as_deref().unwrap_or_default()
    }

    /// The list inside the wrapper struct a field holds, empty when either is absent.
    #[inline]
    pub fn wrapped_slice<W, T>(field: &Option<W>, list: fn(&W) -> &Option<Vec<T>>) -> &[T] {
        field.as_ref().and_then(|w| list(w).as_deref()).unwrap_or_default()
    }

    /// Sets the value.
    #[inline]
    pub fn set<T>(field: &mut Option<T>, value: T) {
        *field = Some(value);
    }

    /// Sets the value, converted.
    #[inline]
    pub fn set_into<T>(field: &mut Option<T>, value: impl Into<T>) {
        *field = Some(value.into());
    }

    /// Appends one item to the list.
    #[inline]
    pub fn push<T>(field: &mut Option<Vec<T>>, value: T) {
        field.get_or_insert_with(Vec::new).push(value);
    }

    /// Appends one item, converted, to the list.
    #[inline]
    pub fn push_into<T>(field: &mut Option<Vec<T>>, value: impl Into<T>) {
        field.get_or_insert_with(Vec::new).push(value.into());
    }

    /// Appends one item to the list inside the wrapper struct the field holds.
    #[inline]
    pub fn wrapped_push<W: Default, T>(field: &mut Option<W>, list: fn(&mut W) -> &mut Option<Vec<T>>, value: T) {
        list(field.get_or_insert_with(W::default)).get_or_insert_with(Vec::new).push(value);
    }

    /// Appends one item, converted, to the list inside the wrapper struct the field holds.
    #[inline]
    pub fn wrapped_push_into<W: Default, T>(field: &mut Option<W>, list: fn(&mut W) -> &mut Option<Vec<T>>, value: impl Into<T>) {
        wrapped_push(field, list, value.into());
    }
}

/// An operation's error enum and its impls from a table of the codes its page documents, after
/// the operation's and the cloud's names (for its doc): `Variant = "Wire.Code": "description"`, `Variant = "Code" (403): "description"` when the page
/// gives the HTTP status, then `doc "..."` when the variant's doc is not that text as it is
/// (the generator makes page text safe for rustdoc). The enum has a unit variant per code,
/// `Common(C)` for the cloud's common codes (`C` after the name) and `Unknown { code, message
/// }`; `description()`, `Display` and [`ErrorEnum`](crate::service::ErrorEnum) (the code
/// tables the runtime reads). `retryable [..]` lists the operation's own retryable classes.
///
/// ```
/// # use cloudpage_runtime::__codegen as rt;
/// # #[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// # pub struct CommonError;
/// # impl rt::CommonCodes for CommonError {
/// #     fn from_code(_: &str) -> Option<Self> { None }
/// #     fn code(&self) -> &'static str { "InternalError" }
/// #     fn description(&self) -> &'static str { "An internal error." }
/// #     fn is_retryable_code(_: &str) -> bool { false }
/// # }
/// rt::error_enum! {
///     "CancelInvocation", "Tencent Cloud";
///     pub enum CancelInvocationError: CommonError {
///         InvocationNotFound = "ResourceNotFound.InvocationNotFound": "The invocation does not exist.",
///         Throttled = "Throttling" (400): "Too many calls.",
///     }
///     retryable ["Throttling"]
/// }
/// use cloudpage_runtime::OperationError;
/// let error = CancelInvocationError::from_wire("Throttling", "slow down");
/// assert_eq!(error, CancelInvocationError::Throttled);
/// assert_eq!((error.code(), error.description()), ("Throttling", "Too many calls."));
/// assert!(error.is_retryable());
/// ```
#[macro_export]
macro_rules! error_enum {
    // Most tables have no `doc` row: each variant's doc is written in place. (A helper
    // invocation per row, as in the next rule, costs rustc for every code of the crate.)
    (
        $operation:literal, $cloud:literal;
        pub enum $name:ident : $common:ident {
            $($variant:ident = $code:literal $(($status:literal))? : $description:literal),* $(,)?
        }
        $(retryable [$($class:literal),* $(,)?])?
    ) => {
        $crate::error_enum! {
            @emit $operation, $cloud; $name: $common;
            [$($variant = $code: $description, concat!(" `", $code, "`" $(, " (HTTP ", $status, ")")?, ": ", $description);)*]
            [$($($class),*)?]
        }
    };
    (
        $operation:literal, $cloud:literal;
        pub enum $name:ident : $common:ident {
            $($variant:ident = $code:literal $(($status:literal))? : $description:literal $(doc $doc:literal)?),* $(,)?
        }
        $(retryable [$($class:literal),* $(,)?])?
    ) => {
        $crate::error_enum! {
            @emit $operation, $cloud; $name: $common;
            [$($variant = $code: $description, $crate::__code_doc!($code $(($status))? : $description $(doc $doc)?);)*]
            [$($($class),*)?]
        }
    };
    (
        @emit $operation:literal, $cloud:literal; $name:ident : $common:ident;
        [$($variant:ident = $code:literal : $description:literal, $doc:expr;)*]
        [$($class:literal),*]
    ) => {
        #[doc = concat!(
            "Errors `", $operation, "` can return: the codes its page documents, the common codes of ",
            $cloud, ", and `Unknown`."
        )]
        ///
        /// The server's message and request id travel beside it in `cloudpage_runtime::ServiceError`.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = $doc]
                $variant,
            )*
            /// A common error code of the cloud that this operation does not document itself.
            Common($common),
            /// A code this operation does not document (kept as sent).
            Unknown { code: ::std::string::String, message: ::std::string::String },
        }
        impl $name {
            /// The documented description of the code (the server's message for `Unknown`).
            #[inline]
            pub fn description(&self) -> &str {
                $crate::__codegen::error_description(self)
            }
        }
        impl ::core::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__codegen::fmt_error(self, f)
            }
        }
        impl $crate::__codegen::ErrorEnum for $name {
            type Common = $common;
            const DOCUMENTED: $crate::__codegen::ErrorCodes = $crate::__codegen::ErrorCodes {
                codes: &[$($code),*],
                descriptions: &[$($description),*],
            };
            const VARIANTS: &'static [Self] = &[$(Self::$variant),*];
            const RETRYABLE: &'static [&'static str] = &[$($class),*];
            const COMMON: fn($common) -> Self = Self::Common;
            #[inline]
            fn unknown(code: ::std::string::String, message: ::std::string::String) -> Self {
                Self::Unknown { code, message }
            }
            #[inline]
            fn as_undocumented(&self) -> ::std::option::Option<$crate::__codegen::Undocumented<'_>> {
                match self {
                    Self::Common(common) => ::std::option::Option::Some($crate::__codegen::Undocumented::common(common)),
                    Self::Unknown { code, message } => {
                        ::std::option::Option::Some($crate::__codegen::Undocumented::unknown(code, message))
                    }
                    #[allow(unreachable_patterns)]
                    _ => ::std::option::Option::None,
                }
            }
        }
    };
}

/// The doc of one documented code of [`error_enum!`](crate::error_enum).
#[doc(hidden)]
#[macro_export]
macro_rules! __code_doc {
    ($code:literal $(($status:literal))? : $description:literal doc $doc:literal) => { $doc };
    ($code:literal : $description:literal) => { concat!(" `", $code, "`: ", $description) };
    ($code:literal ($status:literal) : $description:literal) => {
        concat!(" `", $code, "` (HTTP ", $status, "): ", $description)
    };
}

#[cfg(test)]
mod tests {
    use crate::__codegen as rt;
    use crate::json::{from_json_value, from_json_value_strict, to_json_string};
    use crate::service::{CommonCodes, OperationError};
    use serde_json::json;

    /// Alibaba's shape: a field that only wraps a list (`Tags { Tag: [..] }`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Tags {
        pub tag: Option<Vec<Tag>>,
    }
    rt::json_codec! { impl JsonDecode, JsonEncode for Tags { tag = "Tag" } }

    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Tag {
        pub key: Option<String>,
    }
    rt::json_codec! { impl JsonDecode, JsonEncode for Tag { key = "Key" } }

    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Instance {
        pub cpu: Option<i64>,
        pub name: Option<String>,
        pub placement: Option<Tag>,
        pub ids: Option<Vec<String>>,
        pub sizes: Option<Vec<u64>>,
        pub tags: Option<Tags>,
        pub r#type: Option<bool>,
        #[deprecated(note = "another field")]
        pub old: Option<String>,
    }
    #[allow(deprecated)]
    impl Instance {
        rt::accessors! {
            with #[cfg(test)];
            cpu / with_cpu: copied(cpu) -> Option<i64>, set: i64 = "Cpu",
            name / with_name: str(name) -> Option<&str>, set_into: impl Into<String> = "Name",
            placement / with_placement: borrowed(placement) -> Option<&Tag>, set_into: impl Into<Tag> = "Placement",
            ids / with_ids: slice(ids) -> &[String], push_into: impl Into<String> = "Ids",
            sizes / with_sizes: slice(sizes) -> &[u64], push: u64 = "Sizes",
            tags / with_tags: wrapped_slice(tags.tag) -> &[Tag], wrapped_push_into: impl Into<Tag> = "Tags",
            r#type / with_type: copied(r#type) -> Option<bool>, set: bool = "Type",
            #[deprecated(note = "another field")]
            old / with_old: str(old) -> Option<&str>, set_into: impl Into<String> = "Old",
        }
    }
    rt::json_codec! {
        #[allow(deprecated)]
        impl JsonDecode, JsonEncode for Instance {
            cpu = "Cpu", name = "Name", placement = "Placement", ids = "Ids" as json_text, sizes = "Sizes",
            tags = "Tags", r#type = "Type", old = "Old",
        }
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Empty {}
    rt::json_codec! { impl JsonDecode, JsonEncode for Empty {} }

    #[test]
    fn accessors_read_each_kind_and_absent_values() {
        let absent = Instance::default();
        assert_eq!((absent.cpu(), absent.name(), absent.placement()), (None, None, None));
        assert!(absent.ids().is_empty() && absent.tags().is_empty() && absent.sizes().is_empty());
        // A wrapper without its list reads as empty too.
        let wrapper_only = Instance { tags: Some(Tags::default()), ..Default::default() };
        assert!(wrapper_only.tags().is_empty());

        let built = Instance::default()
            .with_cpu(2)
            .with_name("web")
            .with_placement(Tag { key: Some("zone".into()) })
            .with_ids("i-1")
            .with_ids(String::from("i-2"))
            .with_sizes(20)
            .with_tags(Tag { key: Some("env".into()) })
            .with_tags(Tag { key: Some("team".into()) })
            .with_type(true);
        assert_eq!((built.cpu(), built.name(), built.r#type()), (Some(2), Some("web"), Some(true)));
        assert_eq!(built.placement().and_then(|p| p.key.as_deref()), Some("zone"));
        assert_eq!(built.ids(), ["i-1", "i-2"]);
        assert_eq!(built.sizes(), [20]);
        let keys: Vec<_> = built.tags().iter().filter_map(|t| t.key.as_deref()).collect();
        assert_eq!(keys, ["env", "team"]);
        #[allow(deprecated)]
        let old = Instance::default().with_old("x").old().map(str::to_owned);
        assert_eq!(old.as_deref(), Some("x"));
    }

    #[test]
    fn codecs_write_in_row_order_skip_absent_fields_and_read_back() {
        let instance = Instance::default().with_type(false).with_cpu(1).with_ids("i-1").with_tags(Tag { key: Some("k".into()) });
        // Row order, not call order; `None` left out; a `json_text` row as its JSON text.
        assert_eq!(to_json_string(&instance), r#"{"Cpu":1,"Ids":"[\"i-1\"]","Tags":{"Tag":[{"Key":"k"}]},"Type":false}"#);
        let read: Instance = from_json_value(&serde_json::from_str(&to_json_string(&instance)).unwrap()).unwrap();
        assert_eq!(read, instance);
        // A `json_text` field also takes the list itself; unknown members are ignored unless strict.
        let read: Instance = from_json_value(&json!({"Ids": ["i-2"], "Other": 1})).unwrap();
        assert_eq!(read.ids(), ["i-2"]);
        let strict = from_json_value_strict::<Instance>(&json!({"Other": 1})).unwrap_err().to_string();
        assert!(strict.contains("Other"), "{strict}");
        assert_eq!(to_json_string(&Empty {}), "{}");
        assert_eq!(from_json_value::<Empty>(&json!({"Any": 1})).unwrap(), Empty {});
        assert!(from_json_value::<Empty>(&json!([])).is_err());
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Request {
        pub limit: Option<u64>,
        pub name: Option<String>,
        pub ids: Option<Vec<String>>,
        pub sizes: Option<Vec<u64>>,
        pub tags: Option<Tags>,
        #[deprecated(note = "another field")]
        pub old: Option<String>,
    }
    pub struct Call {
        request: Request,
    }
    #[allow(deprecated)]
    impl Call {
        rt::call_setters! {
            limit / set_limit: set(limit): u64, u64 = "Limit" " `Limit`: at most this many.",
            name / set_name: set_into(name): impl Into<String>, String = "Name" " `Name`.",
            ids / set_ids: push_into(ids): impl Into<String>, Vec<String> = "Ids" " `Ids`, one more item.",
            sizes / set_sizes: push(sizes): u64, Vec<u64> = "Sizes" " `Sizes`, one more item.",
            tags / set_tags: wrapped_push_into(tags.tag): impl Into<Tag>, Tags = "Tags" " `Tags`, one more item.",
            #[deprecated(note = "another field")]
            old / set_old: set_into(old): impl Into<String>, String = "Old" " `Old`.",
        }
    }

    #[test]
    fn call_setters_set_append_and_replace_the_request_fields() {
        let call = Call { request: Request::default() }
            .limit(10)
            .name("web")
            .ids("i-1")
            .ids("i-2")
            .sizes(1)
            .tags(Tag { key: Some("a".into()) })
            .tags(Tag { key: Some("b".into()) });
        let r = &call.request;
        assert_eq!((r.limit, r.name.as_deref()), (Some(10), Some("web")));
        assert_eq!(r.ids.as_deref(), Some(&["i-1".to_owned(), "i-2".to_owned()][..]));
        assert_eq!(r.sizes.as_deref(), Some(&[1][..]));
        assert_eq!(r.tags.as_ref().and_then(|t| t.tag.as_ref()).map(Vec::len), Some(2));
        // `set_` replaces the whole value, of the list's or the wrapper's type.
        let call = call.set_ids(Some(vec!["i-9".into()])).set_tags(None).set_limit(None).set_sizes(Some(vec![]));
        let r = &call.request;
        assert_eq!((r.ids.as_deref(), r.tags.as_ref(), r.limit), (Some(&["i-9".to_owned()][..]), None, None));
        assert_eq!(r.sizes.as_deref(), Some(&[][..]));
        let call = call.set_name(Some("db".into()));
        assert_eq!(call.request.name.as_deref(), Some("db"));
        #[allow(deprecated)]
        let old = call.old("x").set_old(None).old("y").request.old;
        assert_eq!(old.as_deref(), Some("y"));
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum CommonError {
        InternalError,
    }
    impl CommonCodes for CommonError {
        fn from_code(code: &str) -> Option<Self> {
            (code == "InternalError").then_some(CommonError::InternalError)
        }
        fn code(&self) -> &'static str {
            "InternalError"
        }
        fn description(&self) -> &'static str {
            "An internal error."
        }
        fn is_retryable_code(code: &str) -> bool {
            code == "InternalError"
        }
    }
    rt::error_enum! {
        "Test", "a test cloud";
        pub enum TestError: CommonError {
            NotFound = "ResourceNotFound.Instance": "No such instance `i-1`." doc " `ResourceNotFound.Instance`: No such instance 'i-1'.",
            Busy = "Busy" (409): "Try later.",
        }
        retryable ["Busy"]
    }
    rt::error_enum! {
        "Bare", "a test cloud";
        pub enum BareError: CommonError {}
    }

    #[test]
    fn error_enums_read_codes_and_keep_the_undocumented() {
        assert_eq!(TestError::from_wire("ResourceNotFound.Instance", "msg"), TestError::NotFound);
        assert_eq!(TestError::NotFound.description(), "No such instance `i-1`.");
        assert_eq!(TestError::Busy.to_string(), "Try later.");
        assert!(TestError::Busy.is_retryable() && !TestError::NotFound.is_retryable());
        assert_eq!(TestError::from_wire("InternalError", "m"), TestError::Common(CommonError::InternalError));
        let unknown = TestError::from_wire("Odd", "as sent");
        assert_eq!(unknown, TestError::Unknown { code: "Odd".into(), message: "as sent".into() });
        assert_eq!((unknown.code(), unknown.description()), ("Odd", "as sent"));
        assert_eq!(<TestError as rt::ErrorEnum>::VARIANTS, [TestError::NotFound, TestError::Busy]);
        assert_eq!(BareError::from_wire("Busy", "m"), BareError::Unknown { code: "Busy".into(), message: "m".into() });
        assert!(<BareError as rt::ErrorEnum>::VARIANTS.is_empty());
        assert_eq!(BareError::from_wire("Odd", "as sent").description(), "as sent");
    }

    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Key {
        pub key: Option<String>,
    }
    impl Key {
        pub fn validate(&self) -> Result<(), crate::ValidationError> {
            crate::__codegen::check_required(&self.key, "Key")
        }
    }

    /// A field of each kind a `checks!` row has.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Checked {
        pub id: Option<String>,
        pub name: Option<String>,
        pub names: Option<Vec<String>>,
        pub count: Option<i64>,
        pub size: Option<u64>,
        pub sizes: Option<Vec<u64>>,
        pub kind: Option<String>,
        pub kinds: Option<Vec<String>>,
        pub tag: Option<Key>,
        pub tags: Option<Vec<Key>>,
    }
    impl Checked {
        pub fn validate(&self) -> Result<(), crate::ValidationError> {
            rt::checks!(self {
                required(id) = "Id",
                length(name, Some(2), Some(4)) = "Name" "2 to 4 characters.",
                length_each(names, None, Some(3)) = "Names" "At most 3 characters each.",
                range(count, Some(1), Some(10)) = "Count" "1 to 10.",
                range(size, None, Some(5)) = "Size" "At most 5.",
                range_each(sizes, None, Some(5)) = "Sizes" "At most 5 each.",
                one_of(kind, &["a", "b"]) = "Kind" "a or b.",
                one_of_each(kinds, &["a"]) = "Kinds" "a.",
                within(tag, Key::validate) = "Tag",
                within_each(tags, Key::validate) = "Tags",
            })
        }
    }

    #[test]
    fn checks_rows_pass_absent_fields_and_report_the_first_failure() {
        use crate::Violation;
        let valid = Checked { id: Some("x".into()), ..Default::default() };
        assert_eq!(valid.validate(), Ok(()));
        let failure = |checked: Checked| checked.validate().unwrap_err();
        // The first row that fails is the result, in the table's order.
        let both = failure(Checked { name: Some("n".into()), ..Checked::default() });
        assert_eq!((both.field.as_str(), &both.violation), ("Id", &Violation::Missing));
        let of = |checked: Checked| failure(Checked { id: Some("x".into()), ..checked });
        let e = of(Checked { name: Some("abcde".into()), ..Default::default() });
        assert_eq!((e.field.as_str(), e.violation, e.source), ("Name", Violation::TooLong { max: 4, actual: 5 }, "2 to 4 characters."));
        let e = of(Checked { names: Some(vec!["ab".into(), "abcd".into()]), ..Default::default() });
        assert_eq!((e.field.as_str(), e.violation), ("Names", Violation::TooLong { max: 3, actual: 4 }));
        let e = of(Checked { count: Some(0), ..Default::default() });
        assert_eq!(e.violation, Violation::OutOfRange { min: Some(1), max: Some(10), actual: 0 });
        // A `u64` past `i64::MAX` saturates rather than wrapping into range.
        let e = of(Checked { size: Some(u64::MAX), ..Default::default() });
        assert_eq!((e.field.as_str(), e.violation), ("Size", Violation::OutOfRange { min: None, max: Some(5), actual: i64::MAX }));
        let e = of(Checked { sizes: Some(vec![1, 6]), ..Default::default() });
        assert_eq!((e.field.as_str(), e.violation), ("Sizes", Violation::OutOfRange { min: None, max: Some(5), actual: 6 }));
        let e = of(Checked { kind: Some("c".into()), ..Default::default() });
        assert_eq!((e.field.as_str(), e.violation), ("Kind", Violation::NotOneOf { allowed: &["a", "b"], actual: "c".into() }));
        let e = of(Checked { kinds: Some(vec!["a".into(), "b".into()]), ..Default::default() });
        assert_eq!((e.field.as_str(), e.violation), ("Kinds", Violation::NotOneOf { allowed: &["a"], actual: "b".into() }));
        // A nested model's failure is named by its path.
        assert_eq!(of(Checked { tag: Some(Key::default()), ..Default::default() }).field, "Tag.Key");
        let tags = Some(vec![Key { key: Some("k".into()) }, Key::default()]);
        assert_eq!(of(Checked { tags, ..Default::default() }).field, "Tags.Key");
    }

    /// An answer's struct whose `with_` setters are behind a cfg that is never set: its
    /// accessors are there all the same (only the setters are gated).
    #[derive(Debug, Clone, Default)]
    pub struct Gated {
        pub name: Option<String>,
    }
    impl Gated {
        rt::accessors! {
            with #[cfg(any())];
            name / with_name: str(name) -> Option<&str>, set_into: impl Into<String> = "Name",
        }
    }

    #[test]
    fn a_gate_on_the_setters_leaves_the_accessors() {
        assert_eq!(Gated { name: Some("n".into()) }.name(), Some("n"));
    }

    /// An operation's row, as a service module holds it: its `SERVICE`, `Client` and types.
    mod operation_row {
        use super::CommonError;
        use crate::__codegen as rt;

        pub const SERVICE: rt::ServiceInfo = rt::ServiceInfo {
            cloud: rt::Cloud::Alibaba,
            name: "demo",
            version: "2014-05-26",
            endpoints: rt::Endpoints { default: "demo.aliyuncs.com", intl: None, regional: None, finance: None, finance_regions: &[] },
            signing: rt::Signing::Acs3HmacSha256,
            envelope: rt::Envelope::AlibabaRpc,
        };

        #[derive(Debug, Clone)]
        pub struct Client {
            inner: crate::Client,
        }

        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct ListThingsRequest {
            pub region_id: Option<String>,
            pub next_token: Option<String>,
            pub ids: Option<Vec<String>>,
        }
        impl ListThingsRequest {
            pub fn validate(&self) -> Result<(), rt::ValidationError> {
                rt::check_required(&self.region_id, "RegionId")
            }
        }
        rt::json_codec! { impl JsonDecode, JsonEncode for ListThingsRequest { region_id = "RegionId", next_token = "NextToken", ids = "Ids" } }

        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct ListThingsResponse {
            pub next_token: Option<String>,
            pub things: Option<Vec<String>>,
        }
        rt::json_codec! { impl JsonDecode, JsonEncode for ListThingsResponse { next_token = "NextToken", things = "Things" } }
        rt::error_enum! { "ListThings", "a test cloud"; pub enum ListThingsError: CommonError {} }

        rt::operation! {
            "ListThings" LIST_THINGS: ListThingsRequest -> ListThingsResponse, ListThingsError;
            call ListThingsCall;
            rate_limit Some(5u32);
            anonymous true;
            region region_id = "RegionId";
            paging " Pages by `NextToken`." rt::Paging {
                scheme: rt::PagingScheme::NextToken,
                cursor: "NextToken",
                page_size: None,
                numbers_as_strings: false,
                next: &["NextToken"],
                total_count: &[],
                is_truncated: &[],
                items: &["Things"],
            } => String;
            setters { ids / set_ids: push_into(ids): impl Into<String>, Vec<String> = "Ids" " `Ids`, one more item." }
        }

        #[test]
        fn a_row_declares_the_operation_and_its_call() {
            assert_eq!((LIST_THINGS.action, LIST_THINGS.rate_limit_per_second, LIST_THINGS.region_parameter), ("ListThings", Some(5), Some("RegionId")));
            assert_eq!(LIST_THINGS.paging.map(|p| (p.cursor, p.items)), Some(("NextToken", &["Things"][..])));
            // A row that leaves `anonymous` out is signed (`flag` of nothing).
            assert!(LIST_THINGS.anonymous && !rt::flag(&[]));
            assert!(std::ptr::eq(LIST_THINGS.service, &SERVICE));
            assert!(std::ptr::eq(<ListThingsRequest as rt::Request>::OPERATION, &LIST_THINGS));
            let config = crate::Config::builder().region("cn-hangzhou").credentials(crate::Credentials::new("id", "secret")).build().unwrap();
            let client = Client { inner: crate::Client::new(&SERVICE, config).unwrap() };
            let call = ListThingsCall { client, request: ListThingsRequest::default(), options: rt::CallOptions::default() };
            let call = call.ids("a").ids("b").with_options(rt::CallOptions::default());
            assert_eq!(call.as_request().ids, Some(vec!["a".to_owned(), "b".to_owned()]));
            let call = call.set_ids(None);
            assert_eq!(call.as_request(), &ListThingsRequest::default());
            // Both only build what runs when polled: a paginator, a call's future.
            drop(call.clone().into_paginator());
            drop(call.send());
            use crate::service::OperationError;
            assert_eq!(ListThingsError::from_wire("Odd", "as sent").description(), "as sent");
        }

        mod examples {
            crate::__codegen::example_tests! {
                list_things_example: check_request_example::<ListThingsRequest>(r#"{"RegionId": "cn-hangzhou", "Ids": ["a"]}"#, &[]),
                // An example that leaves out a required parameter fails `validate` with exactly that.
                list_things_without_region: check_request_example::<ListThingsRequest>(r#"{"Ids": ["a"]}"#, &["RegionId"]),
                list_things_answer: check_response_example::<ListThingsResponse>(r#"{"NextToken": "t", "Things": ["x"]}"#),
            }
        }
    }
}
