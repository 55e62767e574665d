//! Documented examples as JSON typed by the specs: query pairs (`JobId=dts-1`, `Tag.1.Key=k`,
//! `SystemDisk.Size=40`, `InstanceIds.0=ins-1`) become the JSON object they stand for, and a
//! JSON value is checked against the fields it should fit. `resolve` uses this once per
//! example: the JSON of the generated example tests, and a warning (the example left out) when
//! an example contradicts its page's tables.

use crate::spec::{self, ExampleRequest, TypeRef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A value being built from query pairs; arrays are keyed by their (sparse) index first.
enum Node {
    Leaf(Value),
    Object(BTreeMap<String, Node>),
    Array(BTreeMap<u64, Node>),
}

impl Node {
    fn into_value(self) -> Value {
        match self {
            Node::Leaf(v) => v,
            Node::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, v.into_value())).collect()),
            Node::Array(items) => Value::Array(items.into_values().map(Node::into_value).collect()),
        }
    }
}

fn scalar(ty: &TypeRef, raw: &str) -> Value {
    let parsed = match ty {
        TypeRef::Integer => raw.parse::<i64>().ok().map(Value::from),
        TypeRef::Unsigned => raw.parse::<u64>().ok().map(Value::from),
        TypeRef::Float => raw.parse::<f64>().ok().map(Value::from),
        TypeRef::Boolean => raw.to_ascii_lowercase().parse::<bool>().ok().map(Value::from),
        TypeRef::Json | TypeRef::Model(_) => serde_json::from_str(raw).ok(),
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(raw.to_owned()))
}

fn model<'a>(op: &'a spec::Operation, name: &str) -> Option<&'a spec::Model> {
    op.models.iter().find(|m| m.name == name)
}

/// Puts one query pair at its path under `node` (an object of `fields`).
fn insert(op: &spec::Operation, fields: &[spec::Field], node: &mut BTreeMap<String, Node>, path: &[&str], raw: &str) -> Result<(), String> {
    let (name, rest) = path.split_first().ok_or("empty parameter name")?;
    let field = fields.iter().find(|f| f.name == *name).ok_or_else(|| format!("`{name}` is not a field"))?;
    if field.json_text && rest.is_empty() {
        // A list (or an RPC request's JSON value) sent as its JSON text: the query value is
        // that text (written compactly, as the client sends it).
        let list: Value = serde_json::from_str(raw).map_err(|_| format!("`{name}` is sent as JSON text; `{raw}` is not JSON"))?;
        fits(op, &field.ty, &list, name)?;
        node.entry(field.name.clone()).or_insert(Node::Leaf(Value::String(list.to_string())));
        return Ok(());
    }
    insert_typed(op, &field.ty, node.entry(field.name.clone()), rest, raw)
}

fn insert_typed(
    op: &spec::Operation,
    ty: &TypeRef,
    slot: std::collections::btree_map::Entry<'_, String, Node>,
    rest: &[&str],
    raw: &str,
) -> Result<(), String> {
    match ty {
        TypeRef::Array(item) => {
            // `Name.N...` (1-based on Alibaba, 0-based on Tencent GET); a bare `Name=v` is one item.
            let (index, rest) = match rest.split_first() {
                Some((i, rest)) => (i.parse::<u64>().map_err(|_| format!("`{i}` is not an array index"))?, rest),
                None => (u64::MAX, rest),
            };
            let Node::Array(items) = slot.or_insert_with(|| Node::Array(BTreeMap::new())) else {
                return Err("a parameter is given both as a value and as a list".to_owned());
            };
            let index = if index == u64::MAX { items.len() as u64 } else { index };
            let mut holder = BTreeMap::new();
            if let Some(existing) = items.remove(&index) {
                holder.insert(String::new(), existing);
            }
            insert_typed(op, item, holder.entry(String::new()), rest, raw)?;
            if let Some(node) = holder.remove("") {
                items.insert(index, node);
            }
            Ok(())
        }
        TypeRef::Model(name) if !rest.is_empty() => {
            let model = model(op, name).ok_or_else(|| format!("model `{name}` is not described"))?;
            let Node::Object(map) = slot.or_insert_with(|| Node::Object(BTreeMap::new())) else {
                return Err("a parameter is given both as a value and as a structure".to_owned());
            };
            insert(op, &model.fields, map, rest, raw)
        }
        _ if rest.is_empty() => {
            slot.or_insert(Node::Leaf(scalar(ty, raw)));
            Ok(())
        }
        _ => Err(format!("`{}` has no fields", rest.join("."))),
    }
}

/// The query pairs of an example as the request's JSON object.
pub fn query_to_json(op: &spec::Operation, pairs: &[(String, String)]) -> Result<Value, String> {
    let mut root = BTreeMap::new();
    for (name, raw) in pairs {
        let path: Vec<&str> = name.split('.').collect();
        insert(op, &op.request, &mut root, &path, raw).map_err(|e| format!("parameter `{name}`: {e}"))?;
    }
    Ok(Node::Object(root).into_value())
}

/// Whether `value` fits `fields` exactly: every key a field, every value of the field's type.
/// `null` stands for an absent field.
pub fn fits_fields(op: &spec::Operation, fields: &[spec::Field], value: &Value, path: &str) -> Result<(), String> {
    let Value::Object(map) = value else { return Err(format!("`{path}` is not an object")) };
    fits_map(op, fields, map, path)
}

fn fits_map(op: &spec::Operation, fields: &[spec::Field], map: &Map<String, Value>, path: &str) -> Result<(), String> {
    for (key, v) in map {
        let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        let field = fields
            .iter()
            .find(|f| &f.name == key)
            .ok_or_else(|| format!("`{here}` is not a documented field"))?;
        match v {
            // A list (or an RPC request's JSON value) sent as its JSON text is that text in a
            // string.
            Value::String(text) if field.json_text => {
                let list: Value = serde_json::from_str(text)
                    .map_err(|_| format!("`{here}` is sent as JSON text; `{text}` is not JSON"))?;
                fits(op, &field.ty, &list, &here)?;
            }
            _ => fits(op, &field.ty, v, &here)?,
        }
    }
    Ok(())
}

fn fits(op: &spec::Operation, ty: &TypeRef, value: &Value, path: &str) -> Result<(), String> {
    let ok = match (ty, value) {
        (_, Value::Null) | (TypeRef::Json, _) => true,
        (TypeRef::String | TypeRef::Timestamp, Value::String(_)) => true,
        (TypeRef::Integer, Value::Number(n)) => n.is_i64(),
        (TypeRef::Unsigned, Value::Number(n)) => n.is_u64(),
        (TypeRef::Float, Value::Number(_)) => true,
        (TypeRef::Boolean, Value::Bool(_)) => true,
        (TypeRef::Array(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                fits(op, item, v, &format!("{path}[{i}]"))?;
            }
            true
        }
        (TypeRef::Model(name), Value::Object(map)) => {
            let model = model(op, name).ok_or_else(|| format!("`{path}`: model `{name}` is not described"))?;
            return fits_map(op, &model.fields, map, path);
        }
        _ => false,
    };
    if ok {
        return Ok(());
    }
    let mut shown = value.to_string();
    if let Some((cut, _)) = shown.char_indices().nth(60) {
        shown.truncate(cut);
        shown.push_str("...");
    }
    Err(format!("`{path}` is {shown}, the table says {ty}"))
}

/// An example's request as JSON, checked against the request fields.
pub fn request_json(op: &spec::Operation, example: &spec::Example) -> Result<Option<Value>, String> {
    let value = match &example.request {
        None => return Ok(None),
        Some(ExampleRequest::Json(text)) => serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?,
        Some(ExampleRequest::Query(pairs)) => query_to_json(op, pairs)?,
    };
    fits_fields(op, &op.request, &value, "")?;
    Ok(Some(value))
}

/// An example's response success object (Tencent: inside `Response`), checked against the
/// response fields.
pub fn response_json(op: &spec::Operation, example: &spec::Example, envelope: spec::Envelope) -> Result<Option<Value>, String> {
    let Some(text) = &example.response else { return Ok(None) };
    let body: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let success = match envelope {
        spec::Envelope::TencentResponse => {
            body.get("Response").cloned().ok_or("a Tencent Cloud response has no `Response` object")?
        }
        spec::Envelope::AlibabaRpc => body,
    };
    fits_fields(op, &op.response, &success, "")?;
    Ok(Some(success))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Field;
    use serde_json::json;

    /// ECS DescribeInstances: `InstanceIds`, a list sent as its JSON text.
    fn op() -> spec::Operation {
        let ids = Field {
            name: "InstanceIds".into(),
            ty: TypeRef::Array(Box::new(TypeRef::String)),
            json_text: true,
            ..Field::default()
        };
        let region = Field { name: "RegionId".into(), ty: TypeRef::String, ..Field::default() };
        spec::Operation { name: "DescribeInstances".into(), request: vec![ids, region], ..spec::Operation::default() }
    }

    #[test]
    fn a_json_text_list_is_its_text_in_the_example() {
        let op = op();
        let pairs = |v: &str| vec![("InstanceIds".to_string(), v.to_string()), ("RegionId".to_string(), "cn-hangzhou".to_string())];
        let value = query_to_json(&op, &pairs(r#"["i-bp67acfmxazb4p****", "i-bp67acfmxazb4q****"]"#)).expect("fits");
        assert_eq!(value, json!({"InstanceIds": r#"["i-bp67acfmxazb4p****","i-bp67acfmxazb4q****"]"#, "RegionId": "cn-hangzhou"}));
        assert_eq!(fits_fields(&op, &op.request, &value, ""), Ok(()));
        // The page's `["i-bp67acfmxazb4p****", ... "i-bp67acfmxazb4p****"]` elides items: not JSON.
        let err = query_to_json(&op, &pairs(r#"["i-bp67acfmxazb4p****", ... "i-bp67acfmxazb4p****"]"#)).expect_err("elided");
        assert!(err.contains("is sent as JSON text"), "{err}");
        assert!(fits_fields(&op, &op.request, &json!({"InstanceIds": "i-1,i-2"}), "").is_err());
        assert!(fits_fields(&op, &op.request, &json!({"InstanceIds": "[1, 2]"}), "").is_err());
    }
}
