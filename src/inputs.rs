//! Turning the paths on the command line into the case files to read:
//! files as given, folders walked recursively for `*.yaml` / `*.yml`, `-`
//! for standard input. The order is stable: arguments in order, each folder
//! sorted by file name.

use std::fmt;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One case file to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A path that could not be used, with the reason (no OS message, which may
/// repeat the path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadPath {
    pub path: String,
    pub reason: &'static str,
}

/// The inputs found, the paths that could not be read, and the paths
/// skipped for a reason the user should hear (a file named twice, a
/// symbolic-link loop).
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub files: Vec<Input>,
    pub bad: Vec<BadPath>,
    pub skipped: Vec<BadPath>,
}

impl Inputs {
    /// The files among the inputs (standard input left out).
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => Some(p.clone()),
                Input::Stdin => None,
            })
            .collect()
    }
}

/// Whether a file name has a case-file extension.
pub fn is_case_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Expands the command-line paths.
pub fn expand(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let mut seen = std::collections::HashSet::new();
    let mut stdin_seen = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if !stdin_seen {
                inputs.files.push(Input::Stdin);
                stdin_seen = true;
            }
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => inputs.bad.push(BadPath {
                path: path.display().to_string(),
                reason: match e.kind() {
                    std::io::ErrorKind::NotFound => "not found",
                    std::io::ErrorKind::PermissionDenied => "permission denied",
                    _ => "unreadable",
                },
            }),
            Ok(m) if m.is_dir() => walk(path, &mut inputs, &mut seen),
            Ok(_) => add(path.clone(), &mut inputs, &mut seen),
        }
    }
    inputs
}

/// Adds a file unless the same file (through any path) is already in.
fn add(path: PathBuf, inputs: &mut Inputs, seen: &mut std::collections::HashSet<PathBuf>) {
    let id = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if seen.insert(id) {
        inputs.files.push(Input::File(path));
    } else {
        inputs.skipped.push(BadPath {
            path: path.display().to_string(),
            reason: "the same file was named before; read once",
        });
    }
}

/// Walks a folder; symbolic links are followed (a link to a file already
/// found is read once), a link back to a folder above is skipped and said.
fn walk(dir: &Path, inputs: &mut Inputs, seen: &mut std::collections::HashSet<PathBuf>) {
    let walker = WalkDir::new(dir).follow_links(true).sort_by_file_name();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_case_file(e.path()) => {
                add(e.into_path(), inputs, seen);
            }
            Ok(_) => {}
            Err(e) if e.loop_ancestor().is_some() => inputs.skipped.push(BadPath {
                path: e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string()),
                reason: "symbolic link back to a folder above it; not followed",
            }),
            Err(e) => inputs.bad.push(BadPath {
                path: e
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string()),
                reason: "unreadable",
            }),
        }
    }
}
