//! Re-identification risk of a batch of exports, as ARX measures it: for
//! every combination of quasi-identifiers — what someone who knows the
//! family can see without any name — how many exports of the batch share
//! it. An export in a group smaller than k can be singled out by such a
//! person.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Case;
use crate::vocab::{Role, Vocabulary};

/// The quasi-identifiers of one export, as written in it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct QuasiIdentifiers {
    pub municipality: String,
    pub outcome: Option<String>,
    /// Roles of the people in the child's household, sorted.
    pub household: Vec<String>,
    /// Birth years of the children (as exported), sorted; `?` when unknown.
    pub children_born: Vec<String>,
    pub opened_year: i32,
}

/// The names of the quasi-identifiers, for the manifest.
pub const QUASI_IDENTIFIERS: &[&str] =
    &["municipality", "outcome", "household", "children_born", "opened_year"];

/// The quasi-identifiers of an export (the anonymised case).
pub fn quasi_identifiers(export: &Case) -> QuasiIdentifiers {
    let mut household: Vec<String> =
        export.people.iter().filter(|p| p.in_household()).map(|p| p.role.id().to_owned()).collect();
    household.sort();
    let mut children_born: Vec<String> = export
        .people
        .iter()
        .filter(|p| p.role == Role::Child)
        .map(|p| match p.born {
            Some(b) => b.year().to_string(),
            // `--birth year|quarter` write the year into the label.
            None => p
                .name
                .split_once(", *")
                .map(|(_, y)| y.chars().take(4).collect())
                .unwrap_or_else(|| "?".into()),
        })
        .collect();
    children_born.sort();
    QuasiIdentifiers {
        municipality: export.case.municipality.clone(),
        outcome: export.case.outcome.map(|o| o.id().to_owned()),
        household,
        children_born,
        opened_year: export.case.opened.year(),
    }
}

/// The risk of a batch.
#[derive(Clone, Debug, Serialize)]
pub struct Risk {
    pub k: usize,
    pub quasi_identifiers: &'static [&'static str],
    pub exports: usize,
    pub groups: usize,
    /// The size of the smallest group (0 for an empty batch).
    pub smallest_group: usize,
    /// The exports in groups smaller than k, by file name.
    pub below_k: Vec<String>,
}

/// Groups the exports by their quasi-identifiers.
pub fn assess(exports: &[(String, QuasiIdentifiers)], k: usize) -> Risk {
    let mut groups: BTreeMap<&QuasiIdentifiers, Vec<&str>> = BTreeMap::new();
    for (file, q) in exports {
        groups.entry(q).or_default().push(file);
    }
    let mut below_k: Vec<String> = groups
        .values()
        .filter(|files| files.len() < k)
        .flat_map(|files| files.iter().map(|f| (*f).to_owned()))
        .collect();
    below_k.sort();
    Risk {
        k,
        quasi_identifiers: QUASI_IDENTIFIERS,
        exports: exports.len(),
        groups: groups.len(),
        smallest_group: groups.values().map(Vec::len).min().unwrap_or(0),
        below_k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_smaller_than_k_are_listed() {
        let q = |m: &str, y: i32| QuasiIdentifiers {
            municipality: m.into(),
            outcome: None,
            household: vec!["child".into(), "mother".into()],
            children_born: vec!["2016".into()],
            opened_year: y,
        };
        let exports: Vec<(String, QuasiIdentifiers)> = (0..5)
            .map(|i| (format!("C-00000{i}.yaml"), q("A", 2021)))
            .chain([("C-AAAAAA.yaml".to_owned(), q("B", 2021))])
            .collect();
        let r = assess(&exports, 5);
        assert_eq!((r.groups, r.smallest_group), (2, 1));
        assert_eq!(r.below_k, ["C-AAAAAA.yaml"]);
        assert!(assess(&exports, 1).below_k.is_empty());
    }
}
