//! A JSON Schema (draft 2020-12) of the case format, for editors with
//! yaml-language-server: completion of field names and vocabulary values,
//! and checks as you type. The loader stays the authority: the schema cannot
//! express references between ids or the consistency rules.

use serde_json::{Value, json};

use crate::vocab::{
    Advice, AssessmentResult, Concern, EventKind, Factor, Gender, InstitutionKind, MeasureStatus,
    Mode, Outcome, RecordedAs, Role, StaffPosition, Vocabulary,
};

/// The schema of `lernfall/1`.
pub fn case_schema() -> Value {
    let text = json!({"type": "string", "minLength": 1});
    let texts = json!({"anyOf": [{"$ref": "#/$defs/text"}, {"type": "array", "items": {"$ref": "#/$defs/text"}}]});
    let id_or_list = json!({"anyOf": [
        {"$ref": "#/$defs/id"},
        {"type": "array", "items": {"$ref": "#/$defs/id"}}
    ]});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lernfall.invalid/schema/lernfall-1.json",
        "title": "lernfall/1 case file",
        "description": "A problematic child-protection case for review (Aus Fehlern lernen). See docs/case-format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["format", "case", "people", "events"],
        "properties": {
            "format": {"const": "lernfall/1", "description": "Format version, exactly lernfall/1."},
            "case": {
                "type": "object",
                "additionalProperties": false,
                "required": ["ref", "municipality", "opened"],
                "properties": {
                    "ref": {"$ref": "#/$defs/text", "description": "Local file reference (Aktenzeichen). Identifying."},
                    "title": {"$ref": "#/$defs/text", "description": "Free text. Identifying."},
                    "municipality": {"$ref": "#/$defs/text", "description": "The responsible youth office's municipality."},
                    "cluster": {"$ref": "#/$defs/text", "description": "The review cluster (Kinderschutzcluster)."},
                    "opened": {"$ref": "#/$defs/date", "description": "Date the case became known."},
                    "closed": {"$ref": "#/$defs/date", "description": "Date the case was closed."},
                    "outcome": vocabulary::<Outcome>(),
                    "summary": {"$ref": "#/$defs/text"}
                }
            },
            "people": {
                "type": "object",
                "description": "Keys are local ids. At least one child.",
                "minProperties": 1,
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["role", "name"],
                    "properties": {
                        "role": vocabulary::<Role>(),
                        "name": {"$ref": "#/$defs/text"},
                        "aliases": texts,
                        "born": {"$ref": "#/$defs/date"},
                        "gender": vocabulary::<Gender>(),
                        "address": {"$ref": "#/$defs/text"},
                        "phone": {"$ref": "#/$defs/text"},
                        "household": {"type": "boolean", "description": "Default true for children and parents."},
                        "notes": {"$ref": "#/$defs/text"}
                    }
                }
            },
            "institutions": {
                "type": "object",
                "description": "Keys are local ids.",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["kind"],
                    "properties": {
                        "kind": vocabulary::<InstitutionKind>(),
                        "name": {"$ref": "#/$defs/text"},
                        "address": {"$ref": "#/$defs/text"},
                        "phone": {"$ref": "#/$defs/text"}
                    }
                }
            },
            "staff": {
                "type": "object",
                "description": "Professionals; keys are local ids.",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name"],
                    "properties": {
                        "name": {"$ref": "#/$defs/text"},
                        "institution": {"$ref": "#/$defs/id"},
                        "function": {"$ref": "#/$defs/text"},
                        "position": vocabulary::<StaffPosition>()
                    }
                }
            },
            "events": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/event"}
            },
            "findings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["factor"],
                    "properties": {
                        "id": {"$ref": "#/$defs/id"},
                        "events": id_or_list,
                        "factor": vocabulary::<Factor>(),
                        "note": {"$ref": "#/$defs/text"}
                    }
                }
            },
            "episodes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["title", "events"],
                    "properties": {
                        "id": {"$ref": "#/$defs/id"},
                        "title": {"$ref": "#/$defs/text"},
                        "events": id_or_list,
                        "note": {"$ref": "#/$defs/text"}
                    }
                }
            },
            "exceptions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["item", "reason"],
                    "properties": {
                        "item": {"$ref": "#/$defs/text", "description": "A checklist item id, e.g. K03."},
                        "events": id_or_list,
                        "reason": {"$ref": "#/$defs/text"}
                    }
                }
            },
            "measures": {
                "type": "array",
                "description": "What a workshop agreed, followed up at the next one.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["text", "status"],
                    "properties": {
                        "id": {"$ref": "#/$defs/id"},
                        "about": id_or_list,
                        "text": {"$ref": "#/$defs/text"},
                        "responsible": {"$ref": "#/$defs/id"},
                        "agreed": {"$ref": "#/$defs/date"},
                        "due": {"$ref": "#/$defs/date"},
                        "status": vocabulary::<MeasureStatus>()
                    }
                }
            },
            "anonymised": {
                "type": "object",
                "description": "Marks an export written by lernfall anonymise.",
                "additionalProperties": false,
                "required": ["kind", "tool"],
                "properties": {
                    "kind": {"enum": ["pseudonymised", "anonymised"]},
                    "tool": {"$ref": "#/$defs/text"},
                    "key_fingerprint": {"$ref": "#/$defs/text"},
                    "policies": texts,
                    "pseudonyms": {"$ref": "#/$defs/text", "description": "Rule of the pseudonym codes."},
                    "seal": {"$ref": "#/$defs/text", "description": "Keyed seal over the export's content."}
                }
            }
        },
        "$defs": {
            "text": text,
            "id": {"type": "string", "minLength": 1},
            "date": {
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
                "description": "YYYY-MM-DD, or YYYY-MM when only the month is known."
            },
            "event": event_schema(&id_or_list)
        }
    })
}

fn event_schema(id_or_list: &Value) -> Value {
    let kind_only = |field: &str, kinds: &[EventKind]| {
        json!({
            "if": {"required": [field]},
            "then": {"properties": {"kind": vocabulary_of(kinds)}}
        })
    };
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["date", "kind"],
        "properties": {
            "id": {"$ref": "#/$defs/id"},
            "date": {"$ref": "#/$defs/date"},
            "time": {"type": "string", "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"},
            "kind": vocabulary::<EventKind>(),
            "by": id_or_list,
            "to": id_or_list,
            "with": id_or_list,
            "child_seen": {"type": "boolean"},
            "child_seen_alone": {"type": "boolean"},
            "home_seen": {"type": "boolean"},
            "result": vocabulary::<AssessmentResult>(),
            "concerns": {"anyOf": [vocabulary::<Concern>(), {"type": "array", "items": vocabulary::<Concern>()}]},
            "mode": vocabulary::<Mode>(),
            "consent": {"type": "boolean"},
            "advice": {"anyOf": [vocabulary::<Advice>(), {"type": "array", "items": vocabulary::<Advice>()}]},
            "recorded_as": vocabulary::<RecordedAs>(),
            "source": {"$ref": "#/$defs/id"},
            "note": {"$ref": "#/$defs/text"}
        },
        "allOf": [
            kind_only("result", &[EventKind::RiskAssessment]),
            kind_only("concerns", &[EventKind::Report, EventKind::Observation]),
            kind_only("consent", &[EventKind::Custody]),
            kind_only("recorded_as", &[EventKind::Report]),
            {
                "if": {"properties": {"kind": vocabulary_of(&[EventKind::RiskAssessment])}},
                "then": {"required": ["result"]}
            }
        ]
    })
}

/// The schema of checklist files (`lernfall-checklist/1`, see
/// `docs/checklists.md`). `lernfall checklist lint` stays the authority.
pub fn checklist_schema() -> Value {
    let one_or_many =
        |v: Value| json!({"anyOf": [v.clone(), {"type": "array", "minItems": 1, "items": v}]});
    let days = json!({"anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": "^[0-9]+ ?(d|w|day|days|week|weeks|t|tag|tage|wo|woche|wochen)?$"}
    ], "description": "Days: 3d, 2w, or a whole number of days."});
    let field = json!({"enum": ["by", "to", "with"]});
    let correlate = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["activation", "target", "relation"],
        "properties": {
            "activation": field,
            "target": field,
            "relation": {"enum": ["same_institution", "other_institution"]},
            "kinds": one_or_many(vocabulary::<InstitutionKind>())
        }
    });
    let cond = json!({"$ref": "#/$defs/condition"});
    let pair = |name: &str| {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["template", "activation", "target"],
            "properties": {
                "template": {"const": name},
                "activation": cond,
                "target": cond,
                "within": days,
                "window": {
                    "type": "object", "additionalProperties": false,
                    "properties": {"before": days, "after": days}
                },
                "per_child": {"enum": ["concerned", "all"]},
                "correlate": correlate,
                "require": cond
            }
        })
    };
    let mut rules: Vec<Value> =
        crate::checklist::PairTemplate::ALL.iter().map(|t| pair(t.name())).collect();
    rules.push(json!({
        "type": "object", "additionalProperties": false,
        "required": ["template", "activation", "require"],
        "properties": {"template": {"const": "condition"}, "activation": cond, "require": cond}
    }));
    rules.push(json!({
        "type": "object", "additionalProperties": false,
        "required": ["template", "target"],
        "properties": {"template": {"const": "existence"}, "target": cond, "min": {"type": "integer", "minimum": 0}}
    }));
    rules.push(json!({
        "type": "object", "additionalProperties": false,
        "required": ["template", "target"],
        "properties": {"template": {"const": "absence"}, "target": cond, "max": {"type": "integer", "minimum": 0}}
    }));
    rules.push(json!({
        "type": "object", "additionalProperties": false,
        "required": ["template", "open", "close", "points", "max_gap"],
        "properties": {
            "template": {"const": "period"}, "open": cond, "close": cond, "points": cond,
            "max_gap": days, "pause": cond, "resume": cond, "overlapping": {"type": "boolean"},
            "once": {"type": "boolean"}
        }
    }));
    let condition_object = json!({
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "kind": one_or_many(vocabulary::<EventKind>()),
                        "result": one_or_many(vocabulary::<AssessmentResult>()),
                        "concerns": one_or_many(vocabulary::<Concern>()),
                        "mode": one_or_many(vocabulary::<Mode>()),
                        "with_role": one_or_many(vocabulary::<Role>()),
                        "reporter_kind": one_or_many(vocabulary::<InstitutionKind>()),
                        "by_kind": one_or_many(vocabulary::<InstitutionKind>()),
                        "to_kind": one_or_many(vocabulary::<InstitutionKind>()),
                        "with_kind": one_or_many(vocabulary::<InstitutionKind>()),
                        "staff_position": one_or_many(vocabulary::<StaffPosition>()),
                        "advice": one_or_many(vocabulary::<Advice>()),
                        "recorded_as": one_or_many(vocabulary::<RecordedAs>()),
                        "consent": {"type": "boolean"},
                        "child_seen": {"type": "boolean"},
                        "child_seen_alone": {"type": "boolean"},
                        "home_seen": {"type": "boolean"},
                        "reporter": {"type": "boolean"},
                        "parent_present": {"type": "boolean"},
                        "min_staff": {"type": "integer", "minimum": 0},
                        "all": {"type": "array", "minItems": 1, "items": cond},
                        "any": {"type": "array", "minItems": 1, "items": cond},
                        "not": cond,
                        "preceded_by": {
                            "type": "object", "additionalProperties": false, "required": ["match"],
                            "properties": {"match": cond, "within": days, "min": {"type": "integer", "minimum": 0}, "correlate": correlate}
                        },
                        "latest_before": {
                            "type": "object", "additionalProperties": false, "required": ["match", "is"],
                            "properties": {"match": cond, "is": cond}
                        },
                        "pending": {
                            "type": "object", "additionalProperties": false, "required": ["open", "close"],
                            "properties": {"open": cond, "close": cond}
                        }
                    }
    });
    let condition = json!({"anyOf": [{"type": "null"}, condition_object]});
    let text2 = json!({
        "type": "object", "additionalProperties": false, "required": ["de", "en"],
        "properties": {"de": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}}
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lernfall.invalid/schema/lernfall-checklist-1.json",
        "title": "lernfall-checklist/1 checklist file",
        "description": "A checklist for lernfall check. See docs/checklists.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["format", "id", "title", "items"],
        "properties": {
            "format": {"const": "lernfall-checklist/1"},
            "id": {"type": "string", "minLength": 1},
            "title": text2,
            "description": text2,
            "items": {
                "type": "array", "minItems": 1,
                "items": {
                    "type": "object", "additionalProperties": false,
                    "required": ["id", "category"],
                    "properties": {
                        "id": {"type": "string", "pattern": "^[A-Za-z0-9_-]+$"},
                        "title": text2,
                        "category": vocabulary::<Factor>(),
                        "basis": {"type": "string"},
                        "since": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                        "not_applicable": text2,
                        "needs": {
                            "type": "object", "additionalProperties": false, "required": ["staff_position"],
                            "properties": {"staff_position": one_or_many(vocabulary::<StaffPosition>())}
                        },
                        "rule": {"oneOf": rules},
                        "question": text2
                    },
                    "oneOf": [{"required": ["rule", "title"]}, {"required": ["question"]}]
                }
            }
        },
        "$defs": {"condition": condition}
    })
}

/// Canonical ids and German aliases as `enum` (for completion), plus a
/// pattern that accepts every spelling the loader accepts.
fn vocabulary<T: Vocabulary>() -> Value {
    let values: Vec<T> = T::entries().iter().map(|e| e.value).collect();
    let mut schema = vocabulary_of(&values);
    schema["description"] = json!(T::NAME);
    schema
}

fn vocabulary_of<T: Vocabulary>(values: &[T]) -> Value {
    let terms: Vec<&str> = values
        .iter()
        .flat_map(|v| std::iter::once(v.id()).chain(v.entry().de.iter().copied()))
        .collect();
    let pattern =
        format!("^(?:{})$", terms.iter().map(|t| folding_pattern(t)).collect::<Vec<_>>().join("|"));
    json!({"anyOf": [{"enum": terms}, {"type": "string", "pattern": pattern}]})
}

/// A regular expression that matches a term ignoring case and with `ae`,
/// `oe`, `ue`, `ss` for `ä`, `ö`, `ü`, `ß`.
fn folding_pattern(term: &str) -> String {
    let mut out = String::new();
    for c in term.chars() {
        let alternatives: Option<&str> = match c.to_lowercase().next().unwrap_or(c) {
            'ä' => Some("(?:[äÄ]|[aA][eE])"),
            'ö' => Some("(?:[öÖ]|[oO][eE])"),
            'ü' => Some("(?:[üÜ]|[uU][eE])"),
            'ß' => Some("(?:ß|[sS][sS])"),
            _ => None,
        };
        if let Some(a) = alternatives {
            out.push_str(a);
        } else if c.is_alphabetic() {
            let lower: String = c.to_lowercase().collect();
            let upper: String = c.to_uppercase().collect();
            out.push_str(&format!("[{lower}{upper}]"));
        } else if "\\^$.|?*+()[]{}/".contains(c) {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklist_schema_knows_every_condition_key() {
        let schema = checklist_schema();
        let props = schema["$defs"]["condition"]["anyOf"][1]["properties"].as_object().unwrap();
        let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
        let mut expected = crate::checklist::parse::CONDITION_KEYS.to_vec();
        keys.sort_unstable();
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }

    #[test]
    fn folding_pattern_covers_umlaut_spellings() {
        assert_eq!(folding_pattern("Kita"), "[kK][iI][tT][aA]");
        assert!(folding_pattern("Rückführung").contains("(?:[üÜ]|[uU][eE])"));
    }

    #[test]
    fn schema_lists_every_event_kind() {
        let s = case_schema();
        let kinds = &s["$defs"]["event"]["properties"]["kind"]["anyOf"][0]["enum"];
        for id in EventKind::ids() {
            assert!(kinds.as_array().unwrap().iter().any(|k| k == id), "{id}");
        }
    }
}
