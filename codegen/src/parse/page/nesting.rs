//! Parameter rows -> nested fields and models.
//!
//! Tables give fields one row each; structures are written in two ways:
//!
//! - flattened names (Alibaba requests): `DataDisk.N.Size`, `DataDisk.N.Part.N.Device`,
//!   `SystemDisk.Category`, `Tag.N.Key`: every `.N` makes the part before it an array, every
//!   other dot a structure. These nest by name alone.
//! - flat rows (Alibaba responses): a `Struct` row, or an `Array of X` / `Array` row followed
//!   by an element marker row (`|X| | | |`), or an `Array of X` (`array<object>`) row whose next row the
//!   example shows in X's objects, or a row with no type (Chinese pages; `N/A`) or typed
//!   `Object` where the example shows an object, or a list row that ends its table when the
//!   next table lists the element's fields (the walk joins the two tables), opens a
//!   structure, and the following rows are
//!   its fields, with nothing saying where it ends (flattened names among them, such as
//!   `SystemDisk.Size` in `LaunchTemplateData`, nest by name inside it). Some pages draw the
//!   tree: `|└AccessKeyId|...|` rows are nested, rows without `└` top-level.
//!   Where each row belongs is decided by a small beam search over the open structures that
//!   weighs: the example response (a structure's objects there list its keys, in whatever
//!   case the example spells them; a structure
//!   the example lacks altogether is weak evidence), the order of the rows (Alibaba's
//!   2018-2021 pages list every structure's fields in ASCII order, so there a name sorting
//!   before its predecessor returns to an outer level; on pages not in that order, the order
//!   says nothing) and names (a structure has each name once). Looking ahead
//!   matters: a row the example shows on the outer structure may still belong to an inner
//!   one when the rows after it only fit there.
//!
//! Alibaba RPC responses wrap lists in an object named after the element
//! (`"Instances": {"Instance": [...]}`): the marker row names the element key (even where a
//! hand-written example shows the bare list); for a list of
//! scalars (`List`, `Array of String`) the key is taken from the example response when it
//! shows one, a `List` the example shows bare is that list, and a `List` the example does not
//! show is read as JSON (a list type would not read the wrapper object).
//!
//! Structures defined here become models named after the operation and the element
//! (`DescribeInstancesInstance`), by [`NestedModelNames`], so that structures of different
//! operations of one service, which share model names, cannot collide. Structure names the
//! page only references
//! (`Array of Filter` in a Tencent table) stay as they are, to be resolved across the service.

use super::rows::{Opener, Param};
use crate::diag::Diagnostics;
use crate::names::NestedModelNames;
use crate::spec::{Field, Model, Rule, TypeRef};
use serde_json::Value;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Fields and models of an operation.
pub(crate) struct Nested {
    pub request: Vec<Field>,
    pub response: Vec<Field>,
    pub models: Vec<Model>,
}

/// The parameter rows of a page, by table: the request's and the response's parameter tables,
/// and the tables of data types (named by a sentence before them) in each section.
pub(crate) struct Tables {
    pub request: Vec<Vec<Param>>,
    pub response: Vec<Vec<Param>>,
    pub request_types: Vec<(String, Vec<Param>)>,
    pub response_types: Vec<(String, Vec<Param>)>,
}

/// Builds the request and response fields (and their models) from the rows of each table; the
/// response's with the help of the example response body (`example`).
pub(crate) fn nest(op_name: &str, tables: Tables, example: Option<&Value>, diags: &mut Diagnostics) -> Nested {
    let mut names = NestedModelNames::new(op_name);
    let mut request = Nester::new(None);
    for rows in tables.request {
        request.table(rows, diags);
    }
    for (name, rows) in tables.request_types {
        request.data_type(&name, rows, diags);
    }
    let (request, mut models) = request.finish(false, &mut names, diags);
    let top: BTreeSet<&str> = tables.response.iter().flatten().filter(|r| r.path.is_empty()).map(key_name).collect();
    let all: BTreeSet<&str> = tables.response.iter().flatten().map(|r| r.field.name.as_str()).collect();
    // The answer is found first: a gateway's own `requestId` beside its `data` is no row.
    let mut respelt = BTreeSet::new();
    let respelled = example.map(|e| in_row_spelling(answer_in_example(e, &top), &all, &mut respelt));
    let mut response = Nester::new(respelled.as_ref());
    response.respelt = respelt;
    for rows in tables.response {
        response.table(rows, diags);
    }
    for (name, rows) in tables.response_types {
        response.data_type(&name, rows, diags);
    }
    // Model names the request took are not reused for other response structures.
    let (response, response_models) = response.finish(true, &mut names, diags);
    models.extend(response_models);
    Nested { request, response, models }
}

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Leaf,
    Struct {
        array: bool,
        /// Element key of an Alibaba list wrapper (`Instance` of `"Instances": {"Instance": [..]}`).
        wrapper: Option<String>,
        /// Name for the element model (marker row, `Array of X`, or the field name).
        element: String,
    },
    /// A list of scalars in a wrapper object (`"InnerIpAddress": {"IpAddress": [..]}`).
    ListWrapper(String),
}

#[derive(Debug, Clone)]
struct Node {
    field: Field,
    kind: Kind,
    children: Vec<usize>,
    /// Keys from the root of the example response to this node's objects (wrapper key
    /// included), arrays traversed transparently.
    json: Vec<String>,
    /// A row without a type: a structure where the example shows one, else JSON.
    untyped: bool,
    /// Typed `List` (see [`Param::wrapped_list`]).
    wrapped_list: bool,
}

/// How many placements the search keeps.
const BEAM: usize = 48;
/// Tables longer than this are not searched: their rows stay at the top level.
const MAX_NESTED_ROWS: usize = 400;
/// Structures nested deeper than this are read as JSON.
const MAX_DEPTH: usize = 8;

/// Where a row goes.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Marker,
    Flattened,
    Duplicate,
    /// Under the structure opened by that row (`None`: top level).
    Under(Option<usize>),
}

/// An open structure during the search.
#[derive(Debug, Clone)]
struct Level {
    row: Option<usize>,
    /// Rows placed in this structure, last first.
    names: List<usize>,
    json: Rc<Vec<String>>,
    keys: Rc<Option<BTreeSet<String>>>,
    /// The example response exists but has no object for this structure.
    missing: bool,
}

/// The level a row opens, as [`Nester::place`] works it out for one parent structure.
#[derive(Debug, Clone)]
struct Opened {
    json: Rc<Vec<String>>,
    keys: Rc<Option<BTreeSet<String>>>,
    missing: bool,
}

#[derive(Debug, Clone)]
struct Beam {
    levels: Vec<Level>,
    cost: f64,
    /// Where each row went, last first.
    places: List<Place>,
}

/// A persistent list (shared tails), so that search states are cheap to copy.
#[derive(Debug)]
struct Cons<T> {
    head: T,
    tail: List<T>,
}

type List<T> = Option<Rc<Cons<T>>>;

fn cons<T>(list: &List<T>, head: T) -> List<T> {
    Some(Rc::new(Cons { head, tail: list.clone() }))
}

fn list_iter<T>(list: &List<T>) -> impl Iterator<Item = &T> {
    std::iter::successors(list.as_deref(), |c| c.tail.as_deref()).map(|c| &c.head)
}

/// Whether a tree drawn with glyphs puts `next` inside `row`: it has more glyphs, or `row` is
/// nested itself, has no type and the next row is nested too (`└` does not count levels:
/// `|└Tags| | |` above `|└TagKey|String|...|` holds it, as only structures lack a type).
fn drawn_below(row: &Param, next: &Param) -> bool {
    next.tree_depth > row.tree_depth || (row.tree_depth > 0 && next.tree_depth > 0 && row.opener == Opener::Untyped)
}

/// The name a row is placed by: a flattened name's first part (`SystemDisk` of
/// `SystemDisk.Size`), else the field's name.
fn key_name(row: &Param) -> &str {
    row.path.first().map_or(row.field.name.as_str(), |(first, _)| first.as_str())
}

/// A flattened name without its list indexes, as a JSON key (`SystemDisk.Size`).
fn dotted_name(row: &Param) -> String {
    let mut parts: Vec<&str> = row.path.iter().map(|(p, _)| p.as_str()).collect();
    parts.push(&row.field.name);
    parts.join(".")
}

/// Whether an example value is a list of objects, bare or in a one-key wrapper object, or one
/// element shown without its list.
fn holds_objects(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Array(items)) => items.iter().any(Value::is_object),
        Some(Value::Object(map)) if map.len() == 1 => holds_objects(map.values().next()),
        // One element shown bare where the row says a list (VPC GetNatGatewayAttribute:
        // `IpList` `Array of IpList`, the example `"IpList": {"AllocationId": .., ..}`): a
        // hand-written example; the caller still asks that the next row is one of its keys.
        Some(Value::Object(map)) => map.len() > 1,
        _ => false,
    }
}

/// What an opening row becomes.
struct Shape {
    array: bool,
    wrapper: Option<String>,
    element: String,
    json: Vec<String>,
    /// An element row names the wrapper, but the example shows the elements in a bare list.
    bare_in_example: bool,
}

/// Builds the fields of one side (request or response) from its tables' rows.
pub(crate) struct Nester<'a> {
    example: Option<&'a Value>,
    /// Row names the example spells in another case ([`in_row_spelling`]): a hand-written
    /// example, whose shape of those fields is weaker evidence.
    respelt: BTreeSet<String>,
    nodes: Vec<Node>,
}

impl<'a> Nester<'a> {
    pub(crate) fn new(example: Option<&'a Value>) -> Self {
        let root = Node {
            field: Field::default(),
            kind: Kind::Leaf,
            children: Vec::new(),
            json: Vec::new(),
            untyped: false,
            wrapped_list: false,
        };
        Nester { example, respelt: BTreeSet::new(), nodes: vec![root] }
    }

    /// Adds the rows of one table.
    pub(crate) fn table(&mut self, mut rows: Vec<Param>, diags: &mut Diagnostics) {
        mark_described_element_rows(&mut rows, self.example);
        let plan = self.place(&rows);
        // The rows are moved into the nodes as they are placed: their names, for looking ahead.
        let names: Vec<String> = rows.iter().map(|r| r.field.name.clone()).collect();
        let next: Vec<Option<(String, bool, bool)>> =
            (0..rows.len()).map(|k| rows.get(k + 1).map(|r| (r.field.name.clone(), r.marker, drawn_below(&rows[k], r)))).collect();
        // Node of each row placed so far (openers are parents of later rows).
        let mut node_of: Vec<Option<usize>> = vec![None; rows.len()];
        // Rows ignored as listed twice by an earlier table, and so the rows placed under them.
        let mut ignored = vec![false; rows.len()];
        for (k, row) in rows.into_iter().enumerate() {
            match plan.get(k).cloned().unwrap_or(Place::Duplicate) {
                Place::Under(Some(parent)) if ignored[parent] => {
                    ignored[k] = true;
                    diags
                        .warning(
                            row.field.span.clone(),
                            format!("parameter `{}` is a field of a row that is ignored (listed twice); ignored too", row.field.name),
                        )
                        .with_note("each parameter has one row; an earlier table lists its structure");
                }
                Place::Marker => {
                    let opener = k
                        .checked_sub(1)
                        .and_then(|p| node_of[p])
                        .filter(|&n| matches!(self.nodes[n].kind, Kind::Struct { .. }));
                    if opener.is_none() {
                        diags
                            .warning(
                                row.field.span.clone(),
                                format!("row `{}` has no type and no description; skipped", row.field.name),
                            )
                            .with_note("an element row (`|Name| | | |`) follows an `Array` or `Array of X` row");
                    }
                }
                Place::Flattened => self.flattened(0, row, diags),
                Place::Under(parent_row) if !row.path.is_empty() => {
                    let parent = parent_row.and_then(|p| node_of[p]).unwrap_or(0);
                    self.flattened(parent, row, diags);
                }
                Place::Duplicate => {
                    diags
                        .warning(
                            row.field.span.clone(),
                            format!("parameter `{}` is listed twice; the second row is ignored", row.field.name),
                        )
                        .with_note("each parameter has one row");
                }
                Place::Under(parent_row) if parent_row.is_none() && self.child(0, &row.field.name).is_some() => {
                    // A name an earlier table of the request (or the response) already gave
                    // (CMS CreateSiteMonitor: each protocol's option table lists `port`,
                    // `username`, `password`).
                    ignored[k] = true;
                    diags
                        .warning(
                            row.field.span.clone(),
                            format!("parameter `{}` is listed twice; the second row is ignored", row.field.name),
                        )
                        .with_note("each parameter has one row; an earlier table lists it");
                }
                Place::Under(parent_row) => {
                    let parent = parent_row.and_then(|p| node_of[p]).unwrap_or(0);
                    let parent_json = self.nodes[parent].json.clone();
                    let ahead = names_ahead(&names, k, String::as_str);
                    let shape = self.shape(&parent_json, &row, next[k].as_ref().map(|(n, m, d)| (n.as_str(), *m, *d)), &ahead);
                    let untyped = row.opener == Opener::Untyped;
                    let wrapped_list = row.wrapped_list;
                    if let Some(Shape { bare_in_example: true, wrapper: Some(wrapper), .. }) = &shape {
                        diags
                            .warning(
                                row.field.span.clone(),
                                format!("the element row says wrapper `{wrapper}`; the example shows a bare list; reading the wrapper"),
                            )
                            .with_note(format!(
                                "the RPC wire form (JSON made from XML) wraps the elements: `{{\"{}\": {{\"{wrapper}\": [..]}}}}`; the example is written by hand",
                                row.field.name
                            ));
                    }
                    if row.flat && row.opener != Opener::None && shape.is_none() && next[k].is_some() {
                        // A one-cell-per-line scrape lost the indentation, and the example
                        // response does not show this object: its fields are not known.
                        diags
                            .warning(
                                row.field.span.clone(),
                                format!(
                                    "`{}` holds objects, and neither the scraped table nor the example response shows which rows are their fields; the rows after it are read as top-level fields",
                                    row.field.name
                                ),
                            )
                            .with_note("describe this operation in YAML, or import the Markdown page, to keep the nesting");
                    }
                    let idx = self.push(parent, row.field, Kind::Leaf);
                    self.nodes[idx].untyped = untyped;
                    self.nodes[idx].wrapped_list = wrapped_list;
                    if let Some(shape) = shape {
                        self.nodes[idx].kind =
                            Kind::Struct { array: shape.array, wrapper: shape.wrapper, element: shape.element };
                        self.nodes[idx].json = shape.json;
                    }
                    node_of[k] = Some(idx);
                }
            }
        }
    }

    /// Adds the rows of a table that describes the data type `name`: they become the fields of
    /// every parameter of that type (`|Configuration.N|Configuration|Yes|...|` and the table
    /// after "The following table describes the parameters of the Configuration data type.").
    /// Without such a parameter the rows are read as a table of the section, with a warning.
    pub(crate) fn data_type(&mut self, name: &str, rows: Vec<Param>, diags: &mut Diagnostics) {
        let targets: Vec<usize> = (1..self.nodes.len())
            .filter(|&i| self.nodes[i].kind == Kind::Leaf && self.nodes[i].field.ty.model() == Some(name))
            .collect();
        if targets.is_empty() {
            if let Some(first) = rows.first() {
                diags
                    .warning(
                        first.field.span.clone(),
                        format!("this table describes the data type `{name}`, but no parameter has that type; its rows are read as parameters"),
                    )
                    .with_note(format!("a parameter typed `{name}` (or `Array of {name}`) takes these rows as its fields"));
            }
            self.table(rows, diags);
            return;
        }
        for &target in &targets {
            let array = matches!(self.nodes[target].field.ty, TypeRef::Array(_));
            self.nodes[target].kind = Kind::Struct { array, wrapper: None, element: name.to_string() };
            for row in rows.iter().cloned() {
                if row.marker {
                    continue;
                }
                if !row.path.is_empty() {
                    self.flattened(target, row, diags);
                } else if self.child(target, &row.field.name).is_some() {
                    diags
                        .warning(
                            row.field.span.clone(),
                            format!("parameter `{}` is listed twice; the second row is ignored", row.field.name),
                        )
                        .with_note("each parameter has one row");
                } else {
                    self.push(target, row.field, Kind::Leaf);
                }
            }
        }
    }

    /// How a row placed under a structure whose example objects are at `parent_json` opens a
    /// structure of its own (`next`: the name of the row after it, whether that row is an
    /// element row, and whether it has more tree glyphs); `None` for rows that do not.
    fn shape(&self, parent_json: &[String], row: &Param, next: Option<(&str, bool, bool)>, ahead: &[&str]) -> Option<Shape> {
        let marker = next.filter(|(_, m, _)| *m).map(|(n, _, _)| n);
        let deeper = next.is_some_and(|(_, _, d)| d);
        let mut json = parent_json.to_vec();
        json.push(row.field.name.clone());
        let value = self.value_at(&json);
        let opens = match row.opener {
            Opener::Struct | Opener::Untyped | Opener::Object => true,
            // `Array of Activation` with no element row: a list whose fields are the rows
            // after it when the example shows a list of objects there whose keys include the
            // name of one of the next rows ([`ROWS_AHEAD`]; otherwise, as on Tencent pages, the
            // element is a model defined elsewhere and the next row is the outer structure's).
            // ... unless its type cell links to where the element is defined (Tencent's
            // `Array of [SlowLogData](/document/api/237/16191#SlowLogData)`): the rows after it
            // are the outer structure's, even where the example repeats their names inside.
            Opener::Array if row.defined_elsewhere && marker.is_none() => false,
            Opener::Array => {
                // The example shows the list empty, the object it is in without the next row,
                // and that row in the elements of another list (Domain ResendEmailVerification:
                // `"successList": []`, then rows `Code`, `Email`, `Message` that no key of the
                // answer names and `failList`'s elements have): the next rows are the
                // element's. Absence alone is no evidence (a hand-written example leaves rows
                // out).
                let empty_before_foreign_row = matches!(value, Some(Value::Array(items)) if items.is_empty())
                    && next.is_some_and(|(name, is_marker, _)| {
                        !is_marker
                            && self.keys_at(parent_json).is_some_and(|keys| !keys.contains(name))
                            && self.example.is_some_and(|e| in_some_list_element(e, name))
                    });
                marker.is_some()
                    || row.element_table_follows
                    || empty_before_foreign_row
                    || holds_objects(value)
                        && next.is_some()
                        && self.element_keys(&json).is_some_and(|keys| ahead.iter().any(|n| keys.contains(*n)))
            }
            Opener::None => false,
        };
        if !opens {
            return None;
        }
        let mut shape = Shape {
            array: row.opener == Opener::Array,
            wrapper: None,
            element: row.field.ty.model().unwrap_or(&row.field.name).to_string(),
            json: Vec::new(),
            bare_in_example: false,
        };
        if let Some(m) = marker {
            // The element row names the wrapper key. An example that shows the elements
            // directly in an array (`"SecurityGroupReferences": [{"SecurityGroupId": ..}]`
            // under `|SecurityGroupReference| | | |`) is hand-written: the RPC wire form,
            // JSON made from the XML, always has the wrapper the element row names.
            shape.array = true;
            shape.element = m.to_string();
            shape.wrapper = Some(m.to_string());
            shape.bare_in_example = matches!(value, Some(Value::Array(items)) if items.iter().any(Value::is_object));
            json.push(m.to_string());
        } else if row.opener == Opener::Array {
            // The example shows the elements in an array, or in a wrapper object.
            if let Some(Value::Object(map)) = value
                && let Some(key) = map.keys().next().filter(|_| map.len() == 1)
            {
                shape.wrapper = Some(key.clone());
                // A list the row types without its element (`List`): the element is what the
                // wrapper calls it (`"Regions": {"Region": [..]}`).
                if row.field.ty.model().is_none() {
                    shape.element = key.clone();
                }
                json.push(key.clone());
            }
        } else if matches!(row.opener, Opener::Untyped | Opener::Object) {
            // A row without a type (or typed `Object`) is a structure only when the example
            // shows one there, or when the next row is drawn one level below it.
            match value {
                Some(Value::Array(items)) if items.iter().any(Value::is_object) => shape.array = true,
                // ... unless the list is the next row, typed (current pages: `Regions`
                // `object`, then `Region` `array<object>`): then it is that row's field.
                Some(Value::Object(map))
                    if map.len() == 1
                        && map.values().all(Value::is_array)
                        && !next.is_some_and(|(n, m, _)| !m && map.contains_key(n)) =>
                {
                    if let Some(key) = map.keys().next() {
                        shape.array = true;
                        shape.wrapper = Some(key.clone());
                        shape.element = key.clone();
                        json.push(key.clone());
                    }
                }
                Some(Value::Object(_)) => {}
                _ if deeper => {}
                _ => return None,
            }
        }
        shape.json = json;
        Some(shape)
    }

    /// Decides where every row of a table goes: a beam search over the open structures,
    /// each choice scored by the evidence (see the module documentation): a name already in
    /// a structure rules it out; a name sorting before the structure's previous field costs
    /// 5; the example's objects for the structure having the key earns 2, lacking it costs 1
    /// (where several structures shown lack it, the outer one wins), the example lacking the
    /// structure altogether costs 0.5; otherwise deeper levels win ties. On a table drawn as a
    /// tree (`└`), rows go where their glyphs allow.
    fn place(&self, rows: &[Param]) -> Vec<Place> {
        let n = rows.len();
        let opens = rows.iter().any(|r| r.opener != Opener::None && r.path.is_empty());
        if !opens || n > MAX_NESTED_ROWS {
            // Nothing nests (or the table is too long to search): every row at the top level.
            let mut seen = BTreeSet::new();
            return rows
                .iter()
                .map(|r| {
                    if r.marker {
                        Place::Marker
                    } else if !r.path.is_empty() {
                        Place::Flattened
                    } else if seen.insert(r.field.name.as_str()) {
                        Place::Under(None)
                    } else {
                        Place::Duplicate
                    }
                })
                .collect();
        }
        let root = Level {
            row: None,
            names: None,
            json: Rc::new(Vec::new()),
            keys: Rc::new(self.keys_at(&[])),
            missing: false,
        };
        let mut beam = vec![Beam { levels: vec![root], cost: 0.0, places: None }];
        let tree = rows.iter().any(|r| r.tree_depth > 0);
        let ordered = lists_in_ascii_order(rows, &self.top_level_only_keys());
        for (k, row) in rows.iter().enumerate() {
            let fixed = if row.marker {
                Some(Place::Marker)
            } else if !row.path.is_empty() && self.example.is_none() {
                Some(Place::Flattened)
            } else {
                None
            };
            if let Some(place) = fixed {
                for b in &mut beam {
                    if place == Place::Flattened {
                        b.levels.truncate(1);
                    }
                    b.places = cons(&b.places, place.clone());
                }
                continue;
            }
            // A flattened name inside a nested structure (`SystemDisk.Size` among the fields of
            // `LaunchTemplateData`) is placed like a row named by its first part, where the
            // example shows either that part or the whole dotted key; the rows of one
            // flattened structure follow each other.
            let name = key_name(row);
            let dotted = row.path.first().map(|_| dotted_name(row));
            let flattened = dotted.is_some();
            let next = rows.get(k + 1).map(|r| (r.field.name.as_str(), r.marker, drawn_below(row, r)));
            let ahead = names_ahead(rows, k, |r| r.field.name.as_str());
            // Score every choice first, then build only the states kept. On a table that
            // draws a tree, a row goes at the depth its glyphs say (at least; `└` does not
            // tell one nested level from the next) when some state allows it.
            let drawn = |depth: usize| !tree || (depth == 0) == (row.tree_depth == 0) && depth >= row.tree_depth;
            let follows_tree = beam.iter().any(|b| (0..b.levels.len()).any(drawn));
            let mut choices: Vec<(f64, usize, usize)> = Vec::new();
            for (bi, b) in beam.iter().enumerate() {
                for (depth, level) in b.levels.iter().enumerate() {
                    if follows_tree && !drawn(depth) {
                        continue;
                    }
                    let mut names = list_iter(&level.names).map(|&r| key_name(&rows[r]));
                    let last = names.next();
                    let continues = flattened && last == Some(name);
                    if !continues && (last == Some(name) || names.any(|x| x == name)) {
                        continue;
                    }
                    let mut cost = b.cost - 0.001 * depth as f64;
                    if ordered && last.is_some_and(|last| name < last) {
                        cost += 5.0;
                    }
                    cost += match level.keys.as_ref() {
                        Some(keys) if keys.contains(name) || dotted.as_ref().is_some_and(|d| keys.contains(d)) => -2.0,
                        // The example shows this structure without the name: shallower
                        // levels that lack it too win the tie (the example leaves out some
                        // fields, and an outer structure's trailing fields are the likelier).
                        Some(_) => 1.0 + 0.002 * depth as f64,
                        None if level.missing => 0.5,
                        None => 0.0,
                    };
                    choices.push((cost, bi, depth));
                }
            }
            if choices.is_empty() {
                for b in &mut beam {
                    b.places = cons(&b.places, Place::Duplicate);
                }
                continue;
            }
            choices.sort_by(|a, b| a.0.total_cmp(&b.0));
            choices.truncate(BEAM);
            // The structure the row opens depends only on the structure it is placed in (its
            // example path), which many states share: each is worked out once per row.
            let mut opened: Vec<(*const Vec<String>, Option<Opened>)> = Vec::new();
            let next: Vec<Beam> = choices
                .into_iter()
                .map(|(cost, bi, depth)| {
                    let b = &beam[bi];
                    let mut levels = Vec::with_capacity(depth + 2);
                    levels.extend_from_slice(&b.levels[..=depth]);
                    let parent_row = levels[depth].row;
                    levels[depth].names = cons(&levels[depth].names, k);
                    if levels.len() < MAX_DEPTH && !flattened {
                        let parent_json = &levels[depth].json;
                        // Every state's levels are alive until the row is placed, so no
                        // other structure's path can take this address meanwhile.
                        let key = Rc::as_ptr(parent_json);
                        let known = opened.iter().find(|(at, _)| *at == key).map(|(_, o)| o.clone());
                        let structure = known.unwrap_or_else(|| {
                            let structure = self.shape(parent_json, row, next, &ahead).map(|shape| {
                                let keys = self.keys_at(&shape.json);
                                let missing = self.example.is_some() && keys.is_none();
                                Opened { json: Rc::new(shape.json), keys: Rc::new(keys), missing }
                            });
                            opened.push((key, structure.clone()));
                            structure
                        });
                        if let Some(Opened { json, keys, missing }) = structure {
                            levels.push(Level { row: Some(k), names: None, json, keys, missing });
                        }
                    }
                    Beam { levels, cost, places: cons(&b.places, Place::Under(parent_row)) }
                })
                .collect();
            beam = next;
        }
        let mut places: Vec<Place> = beam.first().map(|b| list_iter(&b.places).cloned().collect()).unwrap_or_default();
        places.reverse();
        places
    }

    fn push(&mut self, parent: usize, field: Field, kind: Kind) -> usize {
        let mut json = self.nodes[parent].json.clone();
        json.push(field.name.clone());
        let idx = self.nodes.len();
        self.nodes.push(Node { field, kind, children: Vec::new(), json, untyped: false, wrapped_list: false });
        self.nodes[parent].children.push(idx);
        idx
    }

    fn child(&self, parent: usize, name: &str) -> Option<usize> {
        self.nodes[parent].children.iter().copied().find(|&c| self.nodes[c].field.name == name)
    }

    /// A row with a flattened name (`DataDisk.N.Part.N.Device`): nests by its path.
    /// (`parent`: the node of the structure the row is in; 0 for the top level.)
    fn flattened(&mut self, mut parent: usize, row: Param, diags: &mut Diagnostics) {
        for (segment, indexed) in &row.path {
            parent = match self.child(parent, segment) {
                Some(idx) => {
                    let node = &mut self.nodes[idx];
                    match &mut node.kind {
                        Kind::Struct { array, .. } => *array |= *indexed,
                        kind => {
                            // A row `Tag.N` before `Tag.N.Key`: the list becomes a structure.
                            *kind = Kind::Struct { array: *indexed, wrapper: None, element: segment.to_string() };
                        }
                    }
                    idx
                }
                None => {
                    let field = Field { name: segment.to_string(), span: row.field.span.clone(), ..Field::default() };
                    let kind = Kind::Struct { array: *indexed, wrapper: None, element: segment.to_string() };
                    self.push(parent, field, kind)
                }
            };
        }
        if let Some(existing) = self.child(parent, &row.field.name) {
            if row.raw_name.split('.').any(|s| s.bytes().all(|b| b.is_ascii_digit())) {
                // `Filter.2.Key` after `Filter.1.Key`: the same field, described again.
                let lines = &mut self.nodes[existing].field.description;
                for line in row.field.description {
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
                return;
            }
            diags
                .warning(
                    row.field.span.clone(),
                    format!("parameter `{}` is listed twice; the second row is ignored", row.raw_name),
                )
                .with_note("each parameter has one row");
            return;
        }
        let indexed_limit = row.count_limit.clone();
        let idx = self.push(parent, row.field, Kind::Leaf);
        if let Some(c) = indexed_limit {
            // "Valid values of N: 1 to 20" bounds the innermost list of the name.
            let target = if matches!(self.nodes[idx].field.ty, TypeRef::Array(_)) { idx } else { parent };
            let node = &mut self.nodes[target];
            let is_list =
                matches!(node.kind, Kind::Struct { array: true, .. }) || matches!(node.field.ty, TypeRef::Array(_));
            if is_list && !node.field.constraints.iter().any(|x| x.rule == c.rule) {
                node.field.constraints.push(c);
            }
        }
    }

    /// The example response's value at a path of keys (arrays: their first element that has
    /// the key).
    fn value_at(&self, path: &[String]) -> Option<&'a Value> {
        let mut values: Vec<&Value> = vec![self.example?];
        for key in path {
            let mut next = Vec::new();
            for v in values {
                match v {
                    Value::Object(map) => next.extend(map.get(key)),
                    Value::Array(items) => {
                        next.extend(items.iter().filter_map(|i| i.as_object().and_then(|m| m.get(key))));
                    }
                    _ => {}
                }
            }
            values = next;
        }
        values.into_iter().next()
    }

    /// Keys of the list elements at a path of the example, bare or in a one-key wrapper
    /// object.
    fn element_keys(&self, path: &[String]) -> Option<BTreeSet<String>> {
        let mut path = path.to_vec();
        if let Some(Value::Object(map)) = self.value_at(&path)
            && let Some(key) = map.keys().next().filter(|_| map.len() == 1)
        {
            path.push(key.clone());
        }
        self.keys_at(&path)
    }

    /// The keys of the example's top-level object that no object inside it has: names the
    /// example places at the top level only.
    fn top_level_only_keys(&self) -> BTreeSet<String> {
        fn nested_keys<'v>(value: &'v Value, out: &mut BTreeSet<&'v str>) {
            match value {
                Value::Object(map) => {
                    for (key, v) in map {
                        out.insert(key);
                        nested_keys(v, out);
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| nested_keys(v, out)),
                _ => {}
            }
        }
        let Some(Value::Object(root)) = self.example else { return BTreeSet::new() };
        let mut nested = BTreeSet::new();
        root.values().for_each(|v| nested_keys(v, &mut nested));
        root.keys().filter(|k| !nested.contains(k.as_str())).cloned().collect()
    }

    /// Keys of the objects at a path of the example (arrays traversed); `None` when the
    /// example has no object there.
    fn keys_at(&self, path: &[String]) -> Option<BTreeSet<String>> {
        let mut values: Vec<&Value> = vec![self.example?];
        for key in path {
            let mut next = Vec::new();
            for v in values {
                if let Value::Object(map) = v {
                    next.extend(map.get(key));
                }
            }
            values = next
                .into_iter()
                .flat_map(|v| if let Value::Array(items) = v { items.iter().collect() } else { vec![v] })
                .collect();
        }
        let objects: Vec<_> = values.iter().filter_map(|v| v.as_object()).collect();
        if objects.is_empty() {
            return None;
        }
        Some(objects.iter().flat_map(|m| m.keys().cloned()).collect())
    }

    /// The fields and models built, in row order; models are named by `names`.
    pub(crate) fn finish(
        mut self,
        response: bool,
        names: &mut NestedModelNames,
        diags: &mut Diagnostics,
    ) -> (Vec<Field>, Vec<Model>) {
        if response {
            self.find_list_wrappers(diags);
        }
        let mut models = Vec::new();
        let roots = self.nodes[0].children.clone();
        let fields = roots.iter().map(|&c| self.build(c, "", &mut models, names, diags)).collect();
        (fields, models)
    }

    /// Response lists of scalars that the example shows inside a one-key object. A `List`
    /// the example does not show is read as JSON: its wire form is an object whose key the
    /// page does not give, which a list type would fail to read.
    fn find_list_wrappers(&mut self, diags: &mut Diagnostics) {
        for idx in 1..self.nodes.len() {
            let node = &self.nodes[idx];
            let scalar_list = node.kind == Kind::Leaf
                && matches!(&node.field.ty, TypeRef::Array(item) if !matches!(**item, TypeRef::Model(_)));
            if !scalar_list {
                continue;
            }
            let key = match self.value_at(&node.json) {
                Some(Value::Object(map)) if map.len() == 1 => {
                    map.iter().next().filter(|(_, v)| v.is_array()).map(|(k, _)| k.clone())
                }
                // The table says a list, the example an object of several lists (CVM
                // `ImportImageOsListSupported | Array of String`, `{"Windows": [..], "Linux": [..]}`):
                // the wire form is the example's, whose keys the table does not describe.
                Some(Value::Object(map)) if map.len() > 1 && map.values().all(Value::is_array) => {
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    let field = &mut self.nodes[idx].field;
                    diags
                        .warning(
                            field.span.clone(),
                            format!("`{}` is typed `{}` but the example response shows an object of lists (`{}`); read as JSON", field.name, field.ty, keys.join("`, `")),
                        )
                        .with_note("the example shows the wire form; the table does not describe the object's keys");
                    field.ty = TypeRef::Json;
                    field.constraints.clear();
                    continue;
                }
                _ => None,
            };
            // The example shows the list itself, not wrapped (Bastionhost
            // `HostAccountNames | List | ["abc"]`, answered `"HostAccountNames": ["abc"]`): that
            // is its wire form, and the list type reads it.
            // Not where the example spells the field in another case (Domain
            // QueryDomainByInstanceId's `"dnsList": [..]` for the `DnsList` the XML and the wire
            // wrap): a hand-written example's shape is no evidence against the wrapper.
            // An empty list shows no shape at all.
            let shown_bare = matches!(self.value_at(&node.json), Some(Value::Array(items)) if !items.is_empty())
                && !self.respelt.contains(&node.field.name);
            match key {
                Some(key) => self.nodes[idx].kind = Kind::ListWrapper(key),
                None if node.wrapped_list && !shown_bare => {
                    let field = &mut self.nodes[idx].field;
                    diags
                        .warning(
                            field.span.clone(),
                            format!("`{}` is a `List`, which responses wrap in an object named after its element; the page does not name the element, so it is read as JSON", field.name),
                        )
                        .with_note("an example response showing this field gives the element name");
                    field.ty = TypeRef::Json;
                    field.constraints.clear();
                }
                None => {}
            }
        }
    }

    fn build(
        &self,
        idx: usize,
        parent: &str,
        models: &mut Vec<Model>,
        names: &mut NestedModelNames,
        diags: &mut Diagnostics,
    ) -> Field {
        let node = &self.nodes[idx];
        let mut field = node.field.clone();
        match &node.kind {
            Kind::Leaf => {
                if node.untyped {
                    diags
                        .warning(field.span.clone(), format!("parameter `{}` has no type; read as JSON", field.name))
                        .with_note("expected a type such as String, Integer, Struct or `Array of X`");
                }
            }
            Kind::ListWrapper(key) => {
                let wrapper = names.claim(&field.name, parent);
                let item =
                    Field { name: key.clone(), ty: field.ty.clone(), span: field.span.clone(), ..Field::default() };
                models.push(Model {
                    name: wrapper.clone(),
                    description: Vec::new(),
                    fields: vec![item],
                    span: field.span.clone(),
                });
                // Constraints stay on the list, which is the wrapper's field now.
                let constraints = std::mem::take(&mut field.constraints);
                if let Some(m) = models.last_mut() {
                    m.fields[0].constraints = constraints;
                }
                field.ty = TypeRef::Model(wrapper);
            }
            Kind::Struct { array, wrapper, element } => {
                if node.children.is_empty() {
                    if node.untyped {
                        diags
                            .warning(
                                field.span.clone(),
                                format!("parameter `{}` has no type; read as JSON", field.name),
                            )
                            .with_note("expected a type such as String, Integer, Struct or `Array of X`");
                    }
                    // A structure without fields on the page: raw JSON (or the named model).
                    let item = field.ty.model().map_or(TypeRef::Json, |name| TypeRef::Model(name.to_string()));
                    field.ty = if *array { TypeRef::Array(Box::new(item)) } else { item };
                    return field;
                }
                if node.wrapped_list && wrapper.is_none() {
                    // A `List` of structures (its fields in the table after it) answers in an
                    // object named after its element, which neither the page nor the example
                    // names: a list type would not read it. JSON, with the fields described.
                    diags
                        .warning(
                            field.span.clone(),
                            format!("`{}` is a `List` of structures, which responses wrap in an object named after its element; the page does not name the element, so it is read as JSON", field.name),
                        )
                        .with_note("an example response showing this field gives the element name; its fields are listed in its description");
                    field.description.push("Each element's fields, as the page lists them:".to_string());
                    for &child in &node.children {
                        let member = &self.nodes[child].field;
                        let what = member.description.first().map(|d| format!(": {d}")).unwrap_or_default();
                        field.description.push(format!("- `{}` ({}){what}", member.name, member.ty));
                    }
                    field.ty = TypeRef::Json;
                    field.constraints.clear();
                    return field;
                }
                let model_name = names.claim(element, parent);
                let position = models.len();
                // Reserve the model's place so models appear parent first.
                models.push(Model {
                    name: model_name.clone(),
                    description: Vec::new(),
                    fields: Vec::new(),
                    span: field.span.clone(),
                });
                let children: Vec<Field> =
                    node.children.iter().map(|&c| self.build(c, element, models, names, diags)).collect();
                models[position].fields = children;
                let item = TypeRef::Model(model_name);
                field.ty = match wrapper {
                    Some(key) => {
                        let wrapper_name = names.claim(&field.name, parent);
                        let inner = Field {
                            name: key.clone(),
                            ty: TypeRef::Array(Box::new(item)),
                            span: field.span.clone(),
                            constraints: std::mem::take(&mut field.constraints),
                            ..Field::default()
                        };
                        models.insert(
                            position,
                            Model {
                                name: wrapper_name.clone(),
                                description: Vec::new(),
                                fields: vec![inner],
                                span: field.span.clone(),
                            },
                        );
                        TypeRef::Model(wrapper_name)
                    }
                    None if *array => TypeRef::Array(Box::new(item)),
                    None => item,
                };
                if !matches!(field.ty, TypeRef::Array(_)) {
                    field.constraints.retain(|c| !matches!(c.rule, Rule::Items { .. }));
                }
            }
        }
        field
    }
}

/// A row right after an `Array` row that has no type and no example names the list's
/// element, even when it repeats a description (VPC DescribeEipGatewayInfo, Chinese:
/// `|EipInfos|Array| |EIP详细信息。|` then `|EipInfo| | |EIP详细信息。|`): an element row, as
/// `|EipInfo| | | |` would be, unless the example response, where there is one, does not
/// show that name as the list's wrapper key (`"EipInfos": {"EipInfo": [..]}`). A type-less
/// row elsewhere stays a field of its own.
fn mark_described_element_rows(rows: &mut [Param], example: Option<&Value>) {
    for k in 1..rows.len() {
        let (before, after) = rows.split_at_mut(k);
        let (list, row) = (&before[k - 1], &mut after[0]);
        if list.opener == Opener::Array
            && row.opener == Opener::Untyped
            && row.field.example.is_none()
            && row.path.is_empty()
            && row.tree_depth == list.tree_depth
            && example.is_none_or(|e| wraps(e, &list.field.name, &row.field.name))
        {
            row.marker = true;
        }
    }
}

/// Whether `value` holds, at any depth, a member `list` whose value is an object with the key
/// `element`: the wrapper of an RPC list.
fn wraps(value: &Value, list: &str, element: &str) -> bool {
    match value {
        Value::Object(map) => {
            map.get(list).and_then(Value::as_object).is_some_and(|inner| inner.contains_key(element))
                || map.values().any(|v| wraps(v, list, element))
        }
        Value::Array(items) => items.iter().any(|v| wraps(v, list, element)),
        _ => false,
    }
}

/// How many rows after a list's row may show, by their names in the example's elements, that
/// they are its fields: hand-written examples leave some fields out (gpdb DescribeRdsVpcs'
/// first two, `AliUid` and `Bid`).
const ROWS_AHEAD: usize = 3;

/// The names of the items right after item `k` (`name` gives an item's), at most [`ROWS_AHEAD`].
fn names_ahead<'a, T>(items: &'a [T], k: usize, name: impl Fn(&'a T) -> &'a str) -> Vec<&'a str> {
    items.iter().skip(k + 1).take(ROWS_AHEAD).map(name).collect()
}

/// Whether some object inside a list of `example` has the key `name`.
fn in_some_list_element(example: &Value, name: &str) -> bool {
    match example {
        Value::Object(map) => map.values().any(|v| in_some_list_element(v, name)),
        Value::Array(items) => items.iter().any(|item| {
            item.as_object().is_some_and(|m| m.contains_key(name)) || in_some_list_element(item, name)
        }),
        _ => false,
    }
}

/// The example with each key that names a row in another case spelt as the row is
/// (AnalyticDB DescribeDBInstanceNetInfo's example writes `connectionString`, `ipAddress` for
/// the rows `ConnectionString`, `IPAddress`): evidence of where rows go, whatever its case.
/// The rows' spelling is the wire's; a key some row has exactly, or that another key of the
/// object already spells as the row, is left as it is.
fn in_row_spelling(example: &Value, rows: &BTreeSet<&str>, respelt: &mut BTreeSet<String>) -> Value {
    match example {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let row = if rows.contains(key.as_str()) {
                    None
                } else {
                    rows.iter().find(|r| r.eq_ignore_ascii_case(key) && !map.contains_key(**r)).map(|r| r.to_string())
                };
                if let Some(row) = &row {
                    respelt.insert(row.clone());
                }
                let key = row.unwrap_or_else(|| key.clone());
                if !out.contains_key(&key) {
                    out.insert(key, in_row_spelling(value, rows, respelt));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|item| in_row_spelling(item, rows, respelt)).collect()),
        other => other.clone(),
    }
}

/// Where the answer's members are in an example response: the example itself, or, when none
/// of its keys is a row of the response tables, the one object member that has such keys (a
/// gateway's wrapping, gpdb DescribeSQLLogs: `{"code": "200", "data": {"PageNumber": 1,
/// "Items": [..]}, "httpStatusCode": "200", "successResponse": true}`).
fn answer_in_example<'v>(example: &'v Value, rows: &BTreeSet<&str>) -> &'v Value {
    let Value::Object(map) = example else { return example };
    let has_rows = |m: &serde_json::Map<String, Value>| m.keys().any(|k| rows.contains(k.as_str()));
    if has_rows(map) {
        return example;
    }
    // A member named like a row in another case (`data` for the row `Data`) is the answer's
    // own member, written loosely: no wrapper.
    let loosely_a_row = |k: &str| rows.iter().any(|r| r.eq_ignore_ascii_case(k));
    let inner: Vec<&Value> =
        map.iter().filter(|(k, v)| !loosely_a_row(k) && v.as_object().is_some_and(has_rows)).map(|(_, v)| v).collect();
    match inner[..] {
        [only] => only,
        _ => example,
    }
}

/// Whether the table lists fields in ASCII order, so that a name sorting before the row above
/// says the row returns to an outer structure. The top-level rows tell: those up to the first
/// that opens a structure, and those the example response shows only at its top level
/// (`top_only`). On pages written in that order (Alibaba's 2018-2021 pages) they sort; other
/// pages list `TotalCount`, `RequestId`, `DataList` as the API declares them, or put
/// `TotalCount`, `PageNumber`, `PageSize` after a list's fields, and there the order says
/// nothing.
fn lists_in_ascii_order(rows: &[Param], top_only: &BTreeSet<String>) -> bool {
    let end = rows.iter().position(|r| r.opener != Opener::None && r.path.is_empty()).map_or(rows.len(), |k| k + 1);
    let names: Vec<&str> = rows
        .iter()
        .enumerate()
        .filter(|(k, r)| !r.marker && r.path.is_empty() && (*k < end || top_only.contains(key_name(r))))
        .map(|(_, r)| key_name(r))
        .collect();
    names.windows(2).all(|w| w[0] <= w[1])
}
