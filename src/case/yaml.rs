//! The YAML layer: the only module that names the YAML crate.
//!
//! It parses text into a small tree of [`Node`]s that carry their line and
//! column, with YAML 1.2 core scalars only (booleans are `true`/`false`).
//! Everything after this module works on the tree, never on YAML.
//!
//! We use serde-saphyr (see README, "Why serde-saphyr"): pure safe Rust,
//! spans for every node, duplicate keys as errors, and budgets against alias
//! bombs and deep nesting that we tighten further for case files.
//!
//! Errors of the YAML crate are mapped to [`Problem`]s here; their own texts
//! are never shown, since they may quote the document.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error as YamlError, Spanned};

use crate::diag::{Diagnostic, Found, Pos, Problem};

/// A YAML node with the position where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// The value of a node. Of numbers only integers keep their value (checklist
/// files have a few counts); the case format has no numeric fields.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Option<i64>),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    pub fn found(&self) -> Found {
        match self {
            Value::Null => Found::Null,
            Value::Bool(_) => Found::Bool,
            Value::Number(_) => Found::Number,
            Value::Str(_) => Found::Text,
            Value::Seq(_) => Found::List,
            Value::Map(_) => Found::Mapping,
        }
    }
}

/// Limits on the structure of one document.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Maximum nesting of mappings and lists.
    pub max_depth: usize,
    /// Maximum number of nodes.
    pub max_nodes: usize,
    /// Maximum number of events replayed from aliases in the whole document.
    pub max_alias_events: usize,
}

impl Limits {
    /// Limits scaled to a file-size limit: about one node per 8 bytes is far
    /// more than any real case needs.
    pub fn for_size(max_bytes: u64) -> Limits {
        let by_size = usize::try_from(max_bytes / 8).unwrap_or(usize::MAX);
        Limits { max_depth: 64, max_nodes: by_size.max(250_000), max_alias_events: 20_000 }
    }
}

/// Parses one YAML document into a [`Node`] tree.
pub fn parse(text: &str, limits: Limits) -> Result<Node, Diagnostic> {
    let budget = serde_saphyr::budget! {
        max_depth: limits.max_depth,
        max_nodes: limits.max_nodes,
        max_events: limits.max_nodes.saturating_mul(4),
        max_documents: 1,
    };
    let options = serde_saphyr::options! {
        budget: budget,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        reject_unsupported_tags: true,
        with_snippet: false,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits.max_alias_events,
            max_replay_stack_depth: 16,
        },
    };
    serde_saphyr::from_str_with_options::<Node>(text, options).map_err(|e| map_error(&e, limits))
}

fn map_error(err: &YamlError, limits: Limits) -> Diagnostic {
    let pos = err.location().map(|l| Pos::new(to_u32(l.line()), to_u32(l.column())));
    let problem = problem_of(err, limits);
    Diagnostic::error(problem, pos, "")
}

fn to_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn problem_of(err: &YamlError, limits: Limits) -> Problem {
    match err {
        YamlError::WithSnippet { error, .. } => problem_of(error, limits),
        // An error while replaying an alias: a size breach there is an alias bomb.
        YamlError::AliasError { error, .. } => match problem_of(error, limits) {
            Problem::TooComplex => Problem::AliasLimit,
            other => other,
        },
        YamlError::DuplicateMappingKey { .. } => Problem::DuplicateKey,
        YamlError::UnknownAnchor { .. } => Problem::UnknownAnchor,
        YamlError::MultipleDocuments { .. } => Problem::MultipleDocuments,
        YamlError::UnsupportedTag { .. }
        | YamlError::TaggedScalarCannotDeserializeIntoString { .. }
        | YamlError::InvalidBinaryBase64 { .. }
        | YamlError::BinaryNotUtf8 { .. } => Problem::UnsupportedTag,
        YamlError::AliasReplayCounterOverflow { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. } => Problem::AliasLimit,
        YamlError::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => Problem::TooDeep { limit: limits.max_depth },
            BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => Problem::AliasLimit,
            BudgetBreach::Documents { .. } => Problem::MultipleDocuments,
            _ => Problem::TooComplex,
        },
        YamlError::Message { msg, .. } | YamlError::ExternalMessage { msg, .. } => {
            syntax_problem(msg, limits)
        }
        YamlError::Eof { .. } => Problem::Syntax { detail: "unexpected end of file".into() },
        YamlError::MergeValueNotMapOrSeqOfMaps { .. } | YamlError::MergeKeyNotAllowed { .. } => {
            Problem::Syntax { detail: "merge key (<<) not usable here".into() }
        }
        _ => Problem::Syntax { detail: "unexpected document structure".into() },
    }
}

/// Parser messages describe structure ("did not find expected ':'"); to be
/// safe anyway, anything quoted that is longer than a few characters is cut.
fn syntax_problem(msg: &str, limits: Limits) -> Problem {
    if msg.contains("tabs disallowed") || msg.contains("tab character") {
        return Problem::Tab;
    }
    if msg.contains("recursion limit") || msg.contains("nesting limit") {
        return Problem::TooDeep { limit: limits.max_depth };
    }
    let mut out = String::new();
    let mut rest = msg;
    while let Some(start) = rest.find(['\'', '"', '`']) {
        let quote = rest[start..].chars().next().unwrap_or('\'');
        out.push_str(&rest[..start]);
        let after = &rest[start + quote.len_utf8()..];
        match after.find(quote) {
            Some(end) if after[..end].chars().count() <= 3 => {
                out.push(quote);
                out.push_str(&after[..end]);
                out.push(quote);
                rest = &after[end + quote.len_utf8()..];
            }
            Some(end) => {
                out.push('…');
                rest = &after[end + quote.len_utf8()..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Problem::Syntax { detail: out.trim().to_owned() }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Value>::deserialize(d)?;
        let l = s.referenced;
        Ok(Node { pos: Pos::new(to_u32(l.line()), to_u32(l.column())), value: s.value })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(Some(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(i64::try_from(v).ok()))
    }

    fn visit_i128<E>(self, _: i128) -> Result<Value, E> {
        Ok(Value::Number(None))
    }

    fn visit_u128<E>(self, _: u128) -> Result<Value, E> {
        Ok(Value::Number(None))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Number(None))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_default(text: &str) -> Result<Node, Diagnostic> {
        parse(text, Limits::for_size(16 << 20))
    }

    #[test]
    fn keeps_positions_and_core_types() {
        let n = parse_default("a: 09:15\nb: yes\nc: true\nd: 06151123456\ne: 12\n").unwrap();
        let Value::Map(m) = n.value else { panic!("not a map") };
        assert_eq!(m[0].1.value, Value::Str("09:15".into()));
        assert_eq!(m[0].1.pos, Pos::new(1, 4));
        assert_eq!(m[1].1.value, Value::Str("yes".into()));
        assert_eq!(m[2].1.value, Value::Bool(true));
        assert_eq!(m[3].1.value, Value::Str("06151123456".into()));
        assert_eq!(m[4].1.value, Value::Number(Some(12)));
        assert_eq!(m[4].0.pos, Pos::new(5, 1));
    }

    #[test]
    fn maps_errors_without_quoting_the_document() {
        let e = parse_default("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.problem, Problem::DuplicateKey);
        assert_eq!(e.pos, Some(Pos::new(2, 1)));
        let e = parse_default("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(e.problem, Problem::Tab);
        let e = parse_default("a: !secret geheim\n").unwrap_err();
        assert_eq!(e.problem, Problem::UnsupportedTag);
    }

    #[test]
    fn cuts_quoted_text_from_parser_messages() {
        let p = syntax_problem("found 'Lena Müller' where ',' expected", Limits::for_size(1));
        assert_eq!(p, Problem::Syntax { detail: "found … where ',' expected".into() });
    }
}
