//! JSON encoding and decoding for generated types, without serde derives.
//!
//! Serde derives on generated structs cost most of the compile time of generated code (a
//! visitor type and generic `serialize`/`deserialize` bodies per struct). Instead, the
//! generator writes, per struct, one call with a table of its fields:
//!
//! ```ignore
//! impl rt::JsonEncode for CancelInvocationRequest {
//!     fn encode_json(&self, out: &mut Vec<u8>) {
//!         rt::encode_object(out, &[("InvocationId", &self.invocation_id), ("InstanceIds", &self.instance_ids)]);
//!     }
//! }
//! impl rt::JsonDecode for CancelInvocationResponse {
//!     fn decode_json(value: &rt::serde_json::Value, path: &rt::JsonPath<'_>) -> Result<Self, rt::DecodeError> {
//!         let mut decoded = Self { request_id: None };
//!         rt::decode_object(value, path, &mut [("RequestId", &mut decoded.request_id)])?;
//!         Ok(decoded)
//!     }
//! }
//! ```
//!
//! The table costs no per-field calls, branches or cleanup paths in the generated crate (a
//! call per field, each with its own error return, made debug code grow with the square of
//! the number of fields). [`ObjectWriter`] and [`ObjectReader`] do the same one member at a
//! time, for hand-written types.
//!
//! The output is byte-identical to what `serde_json` writes for the same values (same string
//! escaping, `zmij` floats, non-finite floats as `null`), so wire bodies and signatures do not
//! depend on which of the two produced them.
//!
//! Users who want serde on generated types can use [`to_json_value`] / [`from_json_value`], or
//! wrap a value in [`Json`], which implements `serde::Serialize` and `serde::Deserialize` for
//! any `T: JsonEncode` / `T: JsonDecode`.

use std::fmt;

use serde_json::Value;

/// Writes `self` as JSON.
pub trait JsonEncode {
    /// Appends the JSON text of `self` to `out`.
    fn encode_json(&self, out: &mut Vec<u8>);

    /// Appends the JSON array of `items` (what `[T]` and `Vec<T>` encode through). The
    /// default writes the items one by one; `String` overrides it to make the whole list's
    /// room at once and copy each string as words (lists of IDs are most of a large request
    /// body: see `write_str_list`). Generated code never implements or calls it.
    #[doc(hidden)]
    fn encode_json_list(items: &[Self], out: &mut Vec<u8>)
    where
        Self: Sized,
    {
        out.push(b'[');
        // Indexing, not an iterator: see `Vec<T>: JsonDecode`.
        #[allow(clippy::needless_range_loop)]
        for i in 0..items.len() {
            if i > 0 {
                out.push(b',');
            }
            items[i].encode_json(out);
        }
        out.push(b']');
    }

    /// Appends the JSON string that carries `self`'s JSON text ([`JsonText`]). `Value`
    /// overrides it: a `Value::String` is already that text (`.parameters("{\"a\":1}")`, as
    /// the page's own examples write it), so it is carried as it is, not quoted a second time.
    #[doc(hidden)]
    fn encode_json_text(&self, out: &mut Vec<u8>) {
        let text = to_json_vec(self);
        // The encoder writes valid UTF-8 JSON.
        write_str(out, &String::from_utf8_lossy(&text));
    }
}

/// Builds `Self` from a parsed JSON value.
pub trait JsonDecode: Sized {
    /// Reads `value`, found at `path` (used only to name the place in errors).
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError>;

    /// Whether the type is a list (the one `Vec` sets): a struct whose one field is a list is
    /// the wrapper of an Alibaba list (see [`decode_object`]).
    #[doc(hidden)]
    const IS_LIST: bool = false;
}

/// Where a value sits in the document: a chain of frames on the decoder's stack, turned into
/// text (`InstanceSet[0].InstanceId`) only when an error is reported.
#[derive(Debug, Clone, Copy)]
pub enum JsonPath<'a> {
    Root,
    /// The root of a document decoded strictly: a member that no field of its struct names
    /// is an error (with the closest name), at every depth. For parameters written by hand
    /// (`Client::call_json`, the CLI), where a mis-cased name would otherwise be dropped and
    /// skip its checks. Responses are decoded from `Root`: the clouds add members.
    StrictRoot,
    /// The root of a cloud's answer ([`from_answer_value`]): a list the page typed without
    /// Alibaba's wrapper, or a wrapper it drew where the answer has the bare list, is read
    /// either way (see [`decode_object`] and `Vec`'s decoder).
    AnswerRoot,
    Field(&'a JsonPath<'a>, &'a str),
    Index(&'a JsonPath<'a>, usize),
}

impl JsonPath<'_> {
    /// Whether the document is decoded strictly (its root is `StrictRoot`).
    pub fn is_strict(&self) -> bool {
        matches!(self.root(), JsonPath::StrictRoot)
    }

    /// Whether the document is a cloud's answer (its root is `AnswerRoot`).
    pub fn is_answer(&self) -> bool {
        matches!(self.root(), JsonPath::AnswerRoot)
    }

    fn root(&self) -> &JsonPath<'_> {
        let mut current = self;
        loop {
            match current {
                JsonPath::Field(parent, _) | JsonPath::Index(parent, _) => current = parent,
                root => return root,
            }
        }
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root | JsonPath::StrictRoot | JsonPath::AnswerRoot => Ok(()),
            JsonPath::Field(JsonPath::Root | JsonPath::StrictRoot | JsonPath::AnswerRoot, name) => f.write_str(name),
            JsonPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            JsonPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// A JSON value that does not fit the type it is decoded into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where the value is (`InstanceSet[0].InstanceId`); empty for the document itself.
    pub path: String,
    /// What is wrong, e.g. `expected a string, found a number`.
    pub message: String,
}

impl DecodeError {
    fn new(path: &JsonPath<'_>, message: String) -> Self {
        DecodeError { path: path.to_string(), message }
    }

    pub(crate) fn at(path: &JsonPath<'_>, message: String) -> Self {
        DecodeError::new(path, message)
    }

    pub(crate) fn mismatch(path: &JsonPath<'_>, expected: &str, found: &Value) -> Self {
        DecodeError::new(path, format!("expected {expected}, found {}", kind(found)))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// Writes the members of one JSON object. `None` fields are skipped, as the serde attributes
/// of earlier generated code did; members come out in call order (the struct's field order).
pub struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        ObjectWriter { out, empty: true }
    }

    /// Writes `"name":value` when `value` is `Some`.
    #[inline]
    pub fn field<T: JsonEncode>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            value.encode_json(self.key(name));
        }
    }

    /// Writes `"name":value` (for hand-written types with fields that are always present).
    #[inline]
    pub fn member<T: JsonEncode + ?Sized>(&mut self, name: &str, value: &T) {
        value.encode_json(self.key(name));
    }

    /// Writes the key of a member (with the separating comma when needed).
    pub fn key(&mut self, name: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        write_str(self.out, name);
        self.out.push(b':');
        self.out
    }

    pub fn finish(self) {
        self.out.push(b'}');
    }
}

/// What follows a backslash for each byte that JSON strings must escape (0 = copy as is).
/// The same choices as `serde_json`: short escapes where JSON has them, `\u00xx` (lowercase
/// hex) for the other control characters, everything else (DEL, non-ASCII) raw.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of the eight bytes of `word` needs escaping (a control character, `"` or `\\`:
/// the bytes `ESCAPE` marks). SWAR: `(x - n * 0x01..) & !x & 0x80..` is non-zero exactly when
/// some byte of `x` is below `n` (for `n <= 0x80`); a byte equal to `c` is a zero byte of
/// `x ^ c * 0x01..`.
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // The three tests' high bits are combined before one comparison (no branch per test).
    let bytes_below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x;
    (bytes_below(word, 0x20)
        | bytes_below(word ^ (ONES * u64::from(b'"')), 1)
        | bytes_below(word ^ (ONES * u64::from(b'\\')), 1))
        & HIGH_BITS
        != 0
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Nearly every string on the wire (IDs, names, enum values) needs no escaping: check the
    // whole string first, a word at a time, and copy it in one go.
    if needs_escape(bytes) {
        write_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// The eight bytes of `chunk` (exactly eight long) as one word.
#[inline]
fn word(chunk: &[u8]) -> u64 {
    // A failed conversion cannot happen (callers pass eight bytes); zeros would only make
    // the caller take the escaping path.
    u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]))
}

/// Whether any byte of `bytes` needs escaping, eight bytes at a time: the last partial word
/// is read again overlapping its predecessor, and a string under eight bytes is padded with
/// spaces (which need no escaping), so there is no byte-by-byte tail.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    if bytes.len() < 8 {
        let mut padded = [b' '; 8];
        padded[..bytes.len()].copy_from_slice(bytes);
        return word_needs_escape(u64::from_le_bytes(padded));
    }
    let mut chunks = bytes.chunks_exact(8);
    if chunks.by_ref().any(|chunk| word_needs_escape(word(chunk))) {
        return true;
    }
    !chunks.remainder().is_empty() && word_needs_escape(word(&bytes[bytes.len() - 8..]))
}

/// The contents of a string with at least one byte to escape (`write_str`'s rare path).
#[cold]
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    // Copy runs of plain bytes at once; only the escaped bytes are handled one by one.
    // Eight bytes are skipped at a time while none of them needs escaping.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8)
            && !word_needs_escape(word(chunk))
        {
            i += 8;
            continue;
        }
        let byte = bytes[i];
        i += 1;
        let escape = ESCAPE[byte as usize];
        if escape == 0 {
            continue;
        }
        let i = i - 1;
        out.extend_from_slice(&bytes[start..i]);
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(byte >> 4) as usize], HEX[(byte & 0xf) as usize]]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

impl JsonEncode for str {
    fn encode_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl JsonEncode for String {
    fn encode_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }

    fn encode_json_list(items: &[String], out: &mut Vec<u8>) {
        write_str_list(out, items);
    }
}

/// A list of strings (lists of IDs are most of a large request body). The list is written
/// into a pre-sized slice of `out` (zero-filled by `resize`), a word at a time, rather than
/// by `Vec` pushes: a byte stored through a `Vec`'s buffer may alias the `Vec`'s own length
/// and capacity as far as the compiler knows, so every push reloads and stores them, which
/// was most of the cost of a 100-ID body. A string that needs escaping ends the slice; it is
/// written by [`write_str`], and the rest of the list continues in a new slice.
fn write_str_list(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'[');
    let mut next = 0;
    while next < items.len() {
        let rest = &items[next..];
        // Each string, its quotes and its comma, and a word of room for the last write.
        let room = rest.iter().map(|s| s.len() + 3).sum::<usize>() + 8;
        let start = out.len();
        out.resize(start + room, 0);
        let (written, plain) = write_plain_strings(&mut out[start..], rest, next == 0);
        out.truncate(start + written);
        next += plain;
        if let Some(escaped) = items.get(next) {
            if next > 0 {
                out.push(b',');
            }
            write_str(out, escaped);
            next += 1;
        }
    }
    out.push(b']');
}

/// Writes the strings of `items` that need no escaping, comma-separated (a comma before the
/// first one too unless `first`), into `dst`, which has room for all of them plus eight
/// bytes; stops before the first one that needs escaping. Returns the bytes written and the
/// strings written.
fn write_plain_strings(dst: &mut [u8], items: &[String], first: bool) -> (usize, usize) {
    let mut at = 0;
    for (i, item) in items.iter().enumerate() {
        let bytes = item.as_bytes();
        let len = bytes.len();
        let comma = usize::from(i > 0 || !first);
        let body = at + comma + 1;
        if len < 8 {
            let mut padded = [b' '; 8];
            padded[..len].copy_from_slice(bytes);
            let word = u64::from_le_bytes(padded);
            if word_needs_escape(word) {
                return (at, i);
            }
            dst[body..body + 8].copy_from_slice(&word.to_le_bytes());
        } else {
            let mut chunks = bytes.chunks_exact(8);
            let mut to = body;
            for chunk in &mut chunks {
                let word = word(chunk);
                if word_needs_escape(word) {
                    return (at, i);
                }
                dst[to..to + 8].copy_from_slice(&word.to_le_bytes());
                to += 8;
            }
            if !chunks.remainder().is_empty() {
                let last = word(&bytes[len - 8..]);
                if word_needs_escape(last) {
                    return (at, i);
                }
                dst[body + len - 8..body + len].copy_from_slice(&last.to_le_bytes());
            }
        }
        if comma == 1 {
            dst[at] = b',';
        }
        dst[body - 1] = b'"';
        dst[body + len] = b'"';
        at = body + len + 1;
    }
    (at, items.len())
}

impl JsonEncode for bool {
    fn encode_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! encode_integers {
    ($($ty:ty),*) => {$(
        impl JsonEncode for $ty {
            fn encode_json(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )*};
}
encode_integers!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl JsonEncode for f64 {
    /// Shortest round-trip form (`zmij`, as `serde_json` 1.0.154 does); NaN and infinities, which JSON
    /// cannot express, as `null` (also as `serde_json`).
    fn encode_json(&self, out: &mut Vec<u8>) {
        if self.is_finite() {
            out.extend_from_slice(zmij::Buffer::new().format_finite(*self).as_bytes());
        } else {
            out.extend_from_slice(b"null");
        }
    }
}

impl<T: JsonEncode> JsonEncode for [T] {
    fn encode_json(&self, out: &mut Vec<u8>) {
        T::encode_json_list(self, out);
    }
}

impl<T: JsonEncode> JsonEncode for Vec<T> {
    fn encode_json(&self, out: &mut Vec<u8>) {
        self.as_slice().encode_json(out);
    }
}

impl<T: JsonEncode> JsonEncode for Option<T> {
    fn encode_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(value) => value.encode_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: JsonEncode + ?Sized> JsonEncode for &T {
    fn encode_json(&self, out: &mut Vec<u8>) {
        (**self).encode_json(out);
    }
}

/// `()` is a request without parameters: `null`, which the request builders turn into `{}`.
impl JsonEncode for () {
    fn encode_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"null");
    }
}

impl JsonEncode for Value {
    fn encode_json_text(&self, out: &mut Vec<u8>) {
        match self {
            Value::String(text) => write_str(out, text),
            other => write_str(out, &String::from_utf8_lossy(&to_json_vec(other))),
        }
    }

    fn encode_json(&self, out: &mut Vec<u8>) {
        match self {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(b) => b.encode_json(out),
            // `Number`'s `Display` is `itoa` / `zmij`, the form `serde_json` writes.
            Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Value::String(s) => write_str(out, s),
            Value::Array(items) => items.encode_json(out),
            Value::Object(members) => {
                let mut object = ObjectWriter::new(out);
                for (name, value) in members {
                    object.member(name, value);
                }
                object.finish();
            }
        }
    }
}


/// One field of a generated struct for [`encode_object`]: its value when present.
/// Implemented for `Option<T>`; only used as `&dyn EncodeField`.
pub trait EncodeField {
    fn present(&self) -> Option<&dyn JsonEncode>;
}

impl<T: JsonEncode> EncodeField for Option<T> {
    fn present(&self) -> Option<&dyn JsonEncode> {
        match self {
            Some(value) => Some(value),
            None => None,
        }
    }
}

/// Writes an object from `(wire name, field)` pairs in order, skipping `None` fields.
///
/// Generated structs call this once with a table of their fields instead of one call per
/// field: building the table has no calls in it, so there are no per-field unwind or error
/// paths, and the loop is compiled once here rather than once per struct.
pub fn encode_object(out: &mut Vec<u8>, fields: &[(&str, &dyn EncodeField)]) {
    let mut object = ObjectWriter::new(out);
    for (name, field) in fields {
        if let Some(value) = field.present() {
            value.encode_json(object.key(name));
        }
    }
    object.finish();
}

/// A field sent as the JSON text of its value in a string: Alibaba RPC lists documented as
/// "a JSON array" in a String parameter (`InstanceIds=["i-1","i-2"]`). In the field tables
/// of generated structs, `JsonText(&field)` encodes ([`encode_object`]) and
/// `JsonText(&mut field)` decodes ([`decode_object`]); decoding also takes the list itself.
pub struct JsonText<F>(pub F);

impl<T: JsonEncode> EncodeField for JsonText<&Option<T>> {
    fn present(&self) -> Option<&dyn JsonEncode> {
        self.0.as_ref().map(|_| self as &dyn JsonEncode)
    }
}

impl<T: JsonEncode> JsonEncode for JsonText<&Option<T>> {
    fn encode_json(&self, out: &mut Vec<u8>) {
        match self.0 {
            Some(value) => value.encode_json_text(out),
            None => write_str(out, "null"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// One field of a generated struct for [`decode_object`]: decodes a present member into
/// itself. Implemented for `Option<T>`; only used as `&mut dyn DecodeField`.
pub trait DecodeField {
    fn decode_field(&mut self, value: &Value, path: &JsonPath<'_>) -> Result<(), DecodeError>;

    /// Whether the field holds a list ([`JsonDecode::IS_LIST`]).
    fn is_list(&self) -> bool {
        false
    }
}

impl<T: JsonDecode> DecodeField for Option<T> {
    fn decode_field(&mut self, value: &Value, path: &JsonPath<'_>) -> Result<(), DecodeError> {
        *self = Some(T::decode_json(value, path)?);
        Ok(())
    }

    fn is_list(&self) -> bool {
        T::IS_LIST
    }
}

impl<T: JsonDecode> DecodeField for JsonText<&mut Option<T>> {
    fn decode_field(&mut self, value: &Value, path: &JsonPath<'_>) -> Result<(), DecodeError> {
        let parsed;
        let value = match value {
            Value::String(text) => {
                parsed = serde_json::from_str::<Value>(text)
                    .map_err(|e| DecodeError::new(path, format!("expected JSON text, found a string that is not JSON: {e}")))?;
                &parsed
            }
            other => other,
        };
        *self.0 = Some(T::decode_json(value, path)?);
        Ok(())
    }
}

/// The struct a generated decoder filled with [`decode_object`] (`read` is that call's
/// result): `Ok(decoded)`, or the error. One call in place of `read?; Ok(decoded)`: the `?`'s
/// desugaring (a `Try` match and a `From` conversion) in each of about 1,200 generated
/// decoders cost rustc about 2.5 % of the generated crate's build (BENCHMARKS.md, stop 20).
#[inline]
pub fn decoded<T>(read: Result<(), DecodeError>, decoded: T) -> Result<T, DecodeError> {
    match read {
        Ok(()) => Ok(decoded),
        Err(err) => Err(err),
    }
}

/// Reads the object `value` into `(wire name, field)` pairs: present, non-`null` members
/// are decoded into their field, the other fields are left as they are (`None` when the
/// struct starts from `Default`), unknown members are ignored, or an error when the document
/// is decoded strictly ([`JsonPath::StrictRoot`]). Table-driven for the reason given at
/// [`encode_object`].
pub fn decode_object(
    value: &Value,
    path: &JsonPath<'_>,
    fields: &mut [(&str, &mut dyn DecodeField)],
) -> Result<(), DecodeError> {
    let Value::Object(members) = value else {
        // The other way round from `Vec`'s decoder: a page that draws Alibaba's wrapper (an
        // object whose one field is the list, `"Instances": {"Instance": [..]}`) for an
        // answer that sends the bare list. Only in answers, and only for a struct whose one
        // field is a list.
        if let (Value::Array(_), [(name, field)]) = (value, &mut fields[..])
            && path.is_answer()
            && field.is_list()
        {
            return field.decode_field(value, &JsonPath::Field(path, name));
        }
        return Err(DecodeError::mismatch(path, "an object", value));
    };
    if path.is_strict() {
        let known: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
        if let Some(unknown) = members.keys().find(|member| !known.contains(&member.as_str())) {
            return Err(unknown_member(path, unknown, &known));
        }
    }
    for (name, field) in fields.iter_mut() {
        if let Some(member) = members.get(*name).filter(|m| !m.is_null()) {
            field.decode_field(member, &JsonPath::Field(path, name))?;
        }
    }
    Ok(())
}

/// Reads the members of one JSON object into the fields of a struct. Missing and `null`
/// members leave the field `None`; members the type does not know are ignored.
///
/// The first error is kept and reported by [`ObjectReader::finish`], so generated code is one
/// plain call per field with no `?` in between: an early return after each field would need
/// its own cleanup of the fields decoded so far, which makes debug code quadratic in the
/// number of fields (that was most of the generated crate's machine code).
pub struct ObjectReader<'a> {
    members: &'a serde_json::Map<String, Value>,
    path: &'a JsonPath<'a>,
    error: Option<DecodeError>,
}

impl<'a> ObjectReader<'a> {
    pub fn new(value: &'a Value, path: &'a JsonPath<'a>) -> Result<Self, DecodeError> {
        match value {
            Value::Object(members) => Ok(ObjectReader { members, path, error: None }),
            other => Err(DecodeError::mismatch(path, "an object", other)),
        }
    }

    /// The member `name`; `None` when it is missing or `null`, or when this or an earlier
    /// member failed (the error is kept for [`ObjectReader::finish`]).
    pub fn field<T: JsonDecode>(&mut self, name: &str) -> Option<T> {
        if self.error.is_some() {
            return None;
        }
        let value = self.member(name)?;
        match T::decode_json(value, &JsonPath::Field(self.path, name)) {
            Ok(value) => Some(value),
            Err(err) => {
                self.error = Some(err);
                None
            }
        }
    }

    /// The member `name`, which must be present and not `null` (for hand-written types).
    pub fn required<T: JsonDecode>(&self, name: &str) -> Result<T, DecodeError> {
        match self.member(name) {
            Some(value) => T::decode_json(value, &JsonPath::Field(self.path, name)),
            None => Err(DecodeError::new(&JsonPath::Field(self.path, name), "missing".to_owned())),
        }
    }

    /// A present, non-`null` member.
    fn member(&self, name: &str) -> Option<&'a Value> {
        self.members.get(name).filter(|value| !value.is_null())
    }

    /// The first error of the [`ObjectReader::field`] calls, if any.
    pub fn finish(self) -> Result<(), DecodeError> {
        match self.error {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

impl JsonDecode for String {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            other => Err(DecodeError::mismatch(path, "a string", other)),
        }
    }
}

impl JsonDecode for bool {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        match value {
            Value::Bool(b) => Ok(*b),
            other => Err(DecodeError::mismatch(path, "a boolean", other)),
        }
    }
}

impl JsonDecode for f64 {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        match value.as_f64() {
            Some(n) => Ok(n),
            None => Err(DecodeError::mismatch(path, "a number", value)),
        }
    }
}

/// An integer that does not fit (a fraction, a negative number for an unsigned field, or one
/// out of range) names the value, since "found a number" would not say what is wrong.
fn integer_error(path: &JsonPath<'_>, value: &Value, ty: &str) -> DecodeError {
    match value {
        Value::Number(n) => DecodeError::new(path, format!("expected an integer that fits {ty}, found {n}")),
        other => DecodeError::mismatch(path, "an integer", other),
    }
}

macro_rules! decode_integers {
    ($($ty:ty),*) => {$(
        impl JsonDecode for $ty {
            fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
                let n = match value {
                    Value::Number(n) => n.as_i64().and_then(|n| <$ty>::try_from(n).ok())
                        .or_else(|| n.as_u64().and_then(|n| <$ty>::try_from(n).ok())),
                    _ => None,
                };
                n.ok_or_else(|| integer_error(path, value, stringify!($ty)))
            }
        }
    )*};
}
decode_integers!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl<T: JsonDecode> JsonDecode for Vec<T> {
    const IS_LIST: bool = true;

    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        match value {
            Value::Array(items) => decode_items(items, path),
            // An Alibaba RPC answer wraps a list in an object named after its element
            // (`"DnsList": {"Dns": [..]}`), which a page may leave out of the list's type: the
            // one member's list is the list. Only in a cloud's answer (`AnswerRoot`);
            // parameters, examples and serde input give the list itself.
            Value::Object(members) if members.len() == 1 && path.is_answer() => match members.iter().next() {
                Some((key, Value::Array(items))) => decode_items(items, &JsonPath::Field(path, key)),
                _ => Err(DecodeError::mismatch(path, "an array", value)),
            },
            _ => Err(DecodeError::mismatch(path, "an array", value)),
        }
    }
}

/// The items of a list, each decoded at its index under `path`.
fn decode_items<T: JsonDecode>(items: &[Value], path: &JsonPath<'_>) -> Result<Vec<T>, DecodeError> {
    // An index loop rather than `collect::<Result<Vec<_>, _>>()` or `enumerate()`: the
    // iterator adapters would be instantiated once per item type in the generated crate.
    let mut out = Vec::with_capacity(items.len());
    #[allow(clippy::needless_range_loop)]
    for i in 0..items.len() {
        out.push(T::decode_json(&items[i], &JsonPath::Index(path, i))?);
    }
    Ok(out)
}

impl<T: JsonDecode> JsonDecode for Option<T> {
    fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            value => T::decode_json(value, path).map(Some),
        }
    }
}

impl JsonDecode for Value {
    fn decode_json(value: &Value, _: &JsonPath<'_>) -> Result<Self, DecodeError> {
        Ok(value.clone())
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points and serde interop

/// The JSON text of `value`.
pub fn to_json_vec<T: JsonEncode + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    value.encode_json(&mut out);
    out
}

/// The JSON text of `value`, as a `String`.
pub fn to_json_string<T: JsonEncode + ?Sized>(value: &T) -> String {
    // The encoders write only UTF-8 (string contents are copied from `str`s, the rest is
    // ASCII); the lossy conversion never replaces anything and avoids an `unsafe` block.
    String::from_utf8_lossy(&to_json_vec(value)).into_owned()
}

/// `value` as a [`serde_json::Value`]. Fails only for values nested deeper than
/// `serde_json`'s parser accepts (128 levels).
pub fn to_json_value<T: JsonEncode + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    serde_json::from_slice(&to_json_vec(value))
}

/// Builds a `T` from a [`serde_json::Value`]; the error names the path of the misfit.
pub fn from_json_value<T: JsonDecode>(value: &Value) -> Result<T, DecodeError> {
    T::decode_json(value, &JsonPath::Root)
}

/// Builds a `T` from a cloud's answer: as [`from_json_value`], and a list reads Alibaba's
/// wrapper whichever way the page typed it (see [`JsonPath::AnswerRoot`]).
pub fn from_answer_value<T: JsonDecode>(value: &Value) -> Result<T, DecodeError> {
    T::decode_json(value, &JsonPath::AnswerRoot)
}

/// Builds a `T` from `value`, refusing members that no field names, at any depth, with the
/// closest known name in the error: for parameters written by hand.
pub fn from_json_value_strict<T: JsonDecode>(value: &Value) -> Result<T, DecodeError> {
    T::decode_json(value, &JsonPath::StrictRoot)
}

/// The known name `unknown` was probably meant to be: one that differs only in case, else the
/// closest by edit distance when it is close (at most a third of the name's length).
pub(crate) fn closest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    known.iter().find(|k| k.eq_ignore_ascii_case(unknown)).copied().or_else(|| {
        known
            .iter()
            .map(|k| (strsim::levenshtein(&unknown.to_ascii_lowercase(), &k.to_ascii_lowercase()), *k))
            .filter(|(distance, _)| *distance <= unknown.chars().count().div_ceil(3))
            .min()
            .map(|(_, k)| k)
    })
}

/// The error for a member no field names: `unknown parameter "instanceids"; did you mean
/// "InstanceIds"?`. A name that differs only in case is the suggestion first, then the
/// closest by edit distance when it is close (at most a third of the name's length).
fn unknown_member(path: &JsonPath<'_>, unknown: &str, known: &[&str]) -> DecodeError {
    let member = JsonPath::Field(path, unknown);
    let message = match closest(unknown, known) {
        Some(name) => format!("unknown parameter {unknown:?}; did you mean {name:?}?"),
        None if known.is_empty() => format!("unknown parameter {unknown:?}; this object takes no parameters"),
        None => format!("unknown parameter {unknown:?}; known: {}", known.join(", ")),
    };
    DecodeError::new(&member, message)
}

/// Parses `text` and builds a `T` from it.
pub fn from_json_str<T: JsonDecode>(text: &str) -> Result<T, DecodeError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| DecodeError { path: String::new(), message: format!("invalid JSON: {e}") })?;
    from_json_value(&value)
}

/// Serde for any generated type, without derives on the type: `Json<T>` implements
/// `serde::Serialize` when `T: JsonEncode` and `serde::Deserialize` when `T: JsonDecode`,
/// going through a [`serde_json::Value`]. For example `serde_yaml::to_string(&Json(&request))`,
/// or a field `response: Json<DescribeInstancesResponse>` in a serde struct.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Json<T>(pub T);

impl<T: JsonEncode> serde::Serialize for Json<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = to_json_value(&self.0).map_err(serde::ser::Error::custom)?;
        value.serialize(serializer)
    }
}

impl<'de, T: JsonDecode> serde::Deserialize<'de> for Json<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        from_json_value(&value).map(Json).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A struct holding generated-style structs, to see strictness reach nested objects.
    #[derive(Debug, Default)]
    struct Listing {
        instances: Option<Vec<Instance>>,
    }

    impl JsonDecode for Listing {
        fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
            let mut listing = Listing::default();
            decode_object(value, path, &mut [("Instances", &mut listing.instances)])?;
            Ok(listing)
        }
    }

    /// A list the page typed without its wrapper reads the wire's wrapped form (Alibaba Domain
    /// QueryDomainByInstanceId: `"DnsList": {"Dns": ["dns1.hichina.com", ..]}`), in answers;
    /// an error inside names the wrapper, and anything else than one member's list is an
    /// error as before. Parameters written by hand are not unwrapped.
    #[test]
    fn a_list_reads_its_alibaba_wrapper_in_answers() {
        let wrapped = json!({"Dns": ["dns1.hichina.com", "dns2.hichina.com"]});
        let list = from_answer_value::<Vec<String>>(&wrapped).expect("wrapped list");
        assert_eq!(list, vec!["dns1.hichina.com", "dns2.hichina.com"]);
        let err = from_answer_value::<Vec<i64>>(&json!({"Port": [80, "x"]})).expect_err("not a number");
        assert_eq!(err.path, "Port[1]");
        for not_a_list in [json!({"Dns": "dns1"}), json!({"A": [1], "B": [2]}), json!("x")] {
            assert!(from_answer_value::<Vec<String>>(&not_a_list).is_err(), "{not_a_list}");
        }
        // Parameters, examples and serde input give the list itself.
        assert!(from_json_value_strict::<Vec<String>>(&wrapped).is_err(), "parameters are given as lists");
        assert!(from_json_value::<Vec<String>>(&wrapped).is_err(), "not an answer");
        // The other way round: a struct of one list field (the wrapper a page draws) reads
        // the bare list the answer sends.
        #[derive(Debug, Default)]
        struct Wrapper {
            instance: Option<Vec<Instance>>,
        }
        impl JsonDecode for Wrapper {
            fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
                let mut wrapper = Wrapper::default();
                decode_object(value, path, &mut [("Instance", &mut wrapper.instance)])?;
                Ok(wrapper)
            }
        }
        let bare = from_answer_value::<Wrapper>(&json!([{"InstanceId": "i-1"}, {"InstanceId": "i-2"}])).expect("bare list");
        assert_eq!(bare.instance.map(|i| i.len()), Some(2));
        assert!(from_json_value::<Wrapper>(&json!([{"InstanceId": "i-1"}])).is_err(), "not an answer");
        // A struct of one field that is no list is no wrapper: the mismatch is the struct's.
        #[derive(Debug, Default)]
        struct One {
            name: Option<String>,
        }
        impl JsonDecode for One {
            fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
                let mut one = One::default();
                decode_object(value, path, &mut [("Name", &mut one.name)])?;
                Ok(one)
            }
        }
        let err = from_answer_value::<One>(&json!(["a"])).expect_err("no list field");
        assert_eq!(err.path, "", "{err:?}");
    }

    #[test]
    fn strict_decoding_names_unknown_members_with_the_closest_known_name() {
        let table = [
            (json!({"instanceid": "i"}), "instanceid", r#"unknown parameter "instanceid"; did you mean "InstanceId"?"#),
            (json!({"InstanceID": "i"}), "InstanceID", r#"unknown parameter "InstanceID"; did you mean "InstanceId"?"#),
            (json!({"CPUs": 2}), "CPUs", r#"unknown parameter "CPUs"; did you mean "CPU"?"#),
            (json!({"Zone": "z"}), "Zone", r#"unknown parameter "Zone"; known: InstanceId, CPU, Tags"#),
        ];
        for (value, path, message) in table {
            let err = from_json_value_strict::<Instance>(&value).expect_err("unknown member");
            assert_eq!((err.path.as_str(), err.message.as_str()), (path, message), "{value}");
            // Not strict: unknown members are ignored (the clouds add response members).
            assert!(from_json_value::<Instance>(&value).is_ok(), "{value}");
        }
        let nested = json!({"Instances": [{"InstanceId": "a"}, {"instanceId": "b"}]});
        let err = from_json_value_strict::<Listing>(&nested).expect_err("nested unknown member");
        assert_eq!(err.path, "Instances[1].instanceId");
        assert!(err.message.contains(r#"did you mean "InstanceId"?"#), "{err}");
        assert!(from_json_value_strict::<Listing>(&json!({"Instances": [{"InstanceId": "a", "CPU": 2}]})).is_ok());
    }

    /// A request with a list sent as its JSON text (ECS DescribeInstances `InstanceIds`).
    #[derive(Debug, Default, PartialEq)]
    struct ByIds {
        instance_ids: Option<Vec<String>>,
        region_id: Option<String>,
    }

    impl JsonEncode for ByIds {
        fn encode_json(&self, out: &mut Vec<u8>) {
            encode_object(out, &[("InstanceIds", &JsonText(&self.instance_ids)), ("RegionId", &self.region_id)]);
        }
    }

    impl JsonDecode for ByIds {
        fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
            let mut decoded = ByIds::default();
            decode_object(
                value,
                path,
                &mut [("InstanceIds", &mut JsonText(&mut decoded.instance_ids)), ("RegionId", &mut decoded.region_id)],
            )?;
            Ok(decoded)
        }
    }

    #[test]
    fn a_json_text_field_is_one_string_on_the_wire() {
        let request = ByIds { instance_ids: Some(vec!["i-1".into(), "i-2".into()]), region_id: Some("cn-hangzhou".into()) };
        let value = to_json_value(&request).expect("encodes");
        assert_eq!(value, json!({"InstanceIds": "[\"i-1\",\"i-2\"]", "RegionId": "cn-hangzhou"}));
        let pairs = crate::protocol::alibaba_rpc::alibaba_params(&request).expect("flattens");
        assert_eq!(pairs[0], ("InstanceIds".to_string(), r#"["i-1","i-2"]"#.to_string()));
        // Back from the wire form, and from the list itself.
        assert_eq!(from_json_value::<ByIds>(&value).expect("decodes"), request);
        let listed = json!({"InstanceIds": ["i-1", "i-2"], "RegionId": "cn-hangzhou"});
        assert_eq!(from_json_value::<ByIds>(&listed).expect("decodes"), request);
        // Absent stays absent; a string that is not JSON is an error naming the field.
        assert_eq!(to_json_value(&ByIds::default()).expect("encodes"), json!({}));
        let err = from_json_value::<ByIds>(&json!({"InstanceIds": "i-1,i-2"})).expect_err("not JSON text");
        assert_eq!(err.path, "InstanceIds");
    }

    /// ECS `RunCommand`'s `Parameters` (`Json`, sent as its text): a value is sent as its JSON
    /// text, and text given as a string is sent as it is, not quoted again.
    #[test]
    fn a_json_value_sent_as_text_takes_a_value_or_its_text() {
        struct Run {
            parameters: Option<Value>,
        }
        impl JsonEncode for Run {
            fn encode_json(&self, out: &mut Vec<u8>) {
                encode_object(out, &[("Parameters", &JsonText(&self.parameters))]);
            }
        }
        let wire = |parameters: Value| String::from_utf8(to_json_vec(&Run { parameters: Some(parameters) })).unwrap();
        let expected = r#"{"Parameters":"{\"name\":\"Jack\"}"}"#;
        assert_eq!(wire(json!({"name": "Jack"})), expected);
        assert_eq!(wire(Value::String(r#"{"name":"Jack"}"#.into())), expected);
        assert_eq!(wire(json!(3)), r#"{"Parameters":"3"}"#);
    }

    #[derive(Debug, Default, PartialEq)]
    struct Instance {
        instance_id: Option<String>,
        cpu: Option<i64>,
        tags: Option<Vec<Tag>>,
    }

    #[derive(Debug, Default, PartialEq)]
    struct Tag {
        key: Option<String>,
        extra: Option<Value>,
    }

    impl JsonEncode for Tag {
        fn encode_json(&self, out: &mut Vec<u8>) {
            let mut object = ObjectWriter::new(out);
            object.field("Key", &self.key);
            object.field("Extra", &self.extra);
            object.finish();
        }
    }

    impl JsonDecode for Tag {
        fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
            let mut object = ObjectReader::new(value, path)?;
            let tag = Tag { key: object.field("Key"), extra: object.field("Extra") };
            object.finish()?;
            Ok(tag)
        }
    }

    impl JsonEncode for Instance {
        fn encode_json(&self, out: &mut Vec<u8>) {
            encode_object(out, &[("InstanceId", &self.instance_id), ("CPU", &self.cpu), ("Tags", &self.tags)]);
        }
    }

    impl JsonDecode for Instance {
        fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
            let mut instance = Instance::default();
            decode_object(
                value,
                path,
                &mut [("InstanceId", &mut instance.instance_id), ("CPU", &mut instance.cpu), ("Tags", &mut instance.tags)],
            )?;
            Ok(instance)
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Response {
        instance_set: Option<Vec<Instance>>,
    }

    impl JsonDecode for Response {
        fn decode_json(value: &Value, path: &JsonPath<'_>) -> Result<Self, DecodeError> {
            let mut object = ObjectReader::new(value, path)?;
            let response = Response { instance_set: object.field("InstanceSet") };
            object.finish()?;
            Ok(response)
        }
    }

    fn serde_string(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all_controls = String::new();
        for c in 0u8..0x20 {
            all_controls.push(char::from(c));
        }
        let cases = [
            "",
            "plain",
            "quote \" backslash \\ slash /",
            all_controls.as_str(),
            "\u{7f} del, é, 中文, emoji 🦀, \u{2028}\u{2029}",
            "tab\tnew\nline\r\u{0}end",
            "\"\\\"\\",
        ];
        for case in cases {
            assert_eq!(to_json_string(case), serde_string(case), "{case:?}");
        }
        assert_eq!(to_json_string("\u{1}\u{1f}"), r#""\u0001\u001f""#);
    }

    #[test]
    fn every_byte_at_every_position_of_a_word_escapes_as_serde_json_does() {
        // `write_str` skips eight bytes at a time: put each ASCII character (the escaped ones
        // and their neighbours) and a multi-byte one at each offset of two words and a tail.
        let specials = (0u8..0x80).map(char::from).chain(['é', '中', '🦀']);
        for special in specials {
            for at in 0..19 {
                let mut text: String = "abcdefghijklmnopqrs".chars().take(at).collect();
                text.push(special);
                text.push_str("tuvwxyz0123456789");
                assert_eq!(to_json_string(text.as_str()), serde_string(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn string_lists_encode_as_serde_json_does() {
        // The list writer's slices: plain strings of every length around the word size, and
        // strings to escape first, last, in the middle and one after another.
        let plain: Vec<String> = (0..20).map(|n| "abcdefghijklmnopqrstu"[..n].to_owned()).collect();
        let escaped = ["a\"b".to_owned(), "tab\there and more than eight".to_owned(), "\u{1}".to_owned()];
        let mut lists: Vec<Vec<String>> = vec![Vec::new(), plain.clone()];
        for at in [0, 1, 7, 19, 20] {
            for e in &escaped {
                let mut list = plain.clone();
                list.insert(at, e.clone());
                lists.push(list);
            }
        }
        lists.push(escaped.to_vec());
        lists.push(vec!["é中🦀".to_owned(), "ins-0000000a".to_owned(), "\\".to_owned()]);
        for list in lists {
            assert_eq!(to_json_string(&list), serde_json::to_string(&list).unwrap(), "{list:?}");
            assert_eq!(to_json_string(list.as_slice()), serde_json::to_string(&list).unwrap());
        }
    }

    #[test]
    fn numbers_match_serde_json() {
        for n in [0i64, -1, 42, i64::MIN, i64::MAX] {
            assert_eq!(to_json_string(&n), serde_json::to_string(&n).unwrap());
        }
        assert_eq!(to_json_string(&u64::MAX), u64::MAX.to_string());
        for f in [0.0f64, -0.0, 1.0, 1.5, 0.1, 1e20, 1e-7, 123456789.125, f64::MAX, f64::MIN_POSITIVE] {
            assert_eq!(to_json_string(&f), serde_json::to_string(&f).unwrap(), "{f}");
        }
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(to_json_string(&f), "null");
            assert_eq!(serde_json::to_string(&f).unwrap(), "null");
        }
        assert_eq!(to_json_string(&true), "true");
    }

    #[test]
    fn values_encode_as_serde_json_does() {
        let value = json!({"b": [1, -2, 3.25, null, true, "x\"y"], "a": {"nested": {}}, "e": []});
        assert_eq!(to_json_string(&value), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn objects_skip_none_and_keep_field_order() {
        let instance = Instance {
            instance_id: Some("ins-1".into()),
            cpu: None,
            tags: Some(vec![Tag { key: Some("k".into()), extra: Some(json!({"z": 1, "a": null})) }, Tag::default()]),
        };
        assert_eq!(
            to_json_string(&instance),
            r#"{"InstanceId":"ins-1","Tags":[{"Key":"k","Extra":{"a":null,"z":1}},{}]}"#
        );
        assert_eq!(to_json_string(&Instance::default()), "{}");
        let back: Instance = from_json_value(&to_json_value(&instance).unwrap()).unwrap();
        assert_eq!(back, instance);
    }

    #[test]
    fn decode_errors_name_the_path() {
        let value = json!({"InstanceSet": [{"InstanceId": "a"}, {"InstanceId": 7}]});
        let err = from_json_value::<Response>(&value).unwrap_err();
        assert_eq!(err.to_string(), "InstanceSet[1].InstanceId: expected a string, found a number");
        assert_eq!(err.path, "InstanceSet[1].InstanceId");

        let value = json!({"InstanceSet": [{"Tags": [{"Key": ["k"]}]}]});
        let err = from_json_value::<Response>(&value).unwrap_err();
        assert_eq!(err.to_string(), "InstanceSet[0].Tags[0].Key: expected a string, found an array");

        let err = from_json_value::<Response>(&json!([1])).unwrap_err();
        assert_eq!(err.to_string(), "expected an object, found an array");
        let err = from_json_value::<Response>(&json!({"InstanceSet": {}})).unwrap_err();
        assert_eq!(err.to_string(), "InstanceSet: expected an array, found an object");
    }

    #[test]
    fn integers_must_fit() {
        let decode = |v: Value| from_json_value::<Instance>(&json!({ "CPU": v }));
        assert_eq!(decode(json!(4)).unwrap().cpu, Some(4));
        assert_eq!(decode(json!(1.5)).unwrap_err().to_string(), "CPU: expected an integer that fits i64, found 1.5");
        assert_eq!(decode(json!(u64::MAX)).unwrap_err().to_string(), format!("CPU: expected an integer that fits i64, found {}", u64::MAX));
        assert_eq!(decode(json!("4")).unwrap_err().to_string(), "CPU: expected an integer, found a string");
        assert!(from_json_value::<u64>(&json!(-1)).is_err());
        assert_eq!(from_json_value::<u64>(&json!(u64::MAX)).unwrap(), u64::MAX);
        assert_eq!(from_json_value::<f64>(&json!(3)).unwrap(), 3.0);
        assert!(from_json_value::<bool>(&json!(0)).is_err());
    }

    #[test]
    fn null_missing_and_unknown_members() {
        let value = json!({"InstanceId": null, "Unknown": [1, 2], "Tags": [{"Extra": null}]});
        let instance: Instance = from_json_value(&value).unwrap();
        assert_eq!(instance, Instance { instance_id: None, cpu: None, tags: Some(vec![Tag::default()]) });
        // `null` inside an array is not a missing member: it must fit the item type.
        let err = from_json_value::<Instance>(&json!({"Tags": [null]})).unwrap_err();
        assert_eq!(err.to_string(), "Tags[0]: expected an object, found null");
        assert_eq!(from_json_value::<Option<String>>(&Value::Null).unwrap(), None);
        assert_eq!(to_json_string(&None::<String>), "null");
        assert_eq!(to_json_string(&()), "null");
    }

    #[test]
    fn serde_wrapper_round_trips() {
        let instance = Instance { instance_id: Some("i".into()), cpu: Some(2), tags: None };
        let text = serde_json::to_string(&Json(&instance)).unwrap();
        assert_eq!(text, to_json_value(&instance).unwrap().to_string());
        let back: Json<Instance> = serde_json::from_str(&text).unwrap();
        assert_eq!(back.0, instance);
        let err = serde_json::from_str::<Json<Instance>>(r#"{"CPU":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("CPU: expected an integer, found a string"), "{err}");
        assert!(from_json_str::<Instance>("{").unwrap_err().message.starts_with("invalid JSON"));
    }
}
