//! The build context: `.dockerignore` (Docker's pattern semantics: `*`, `?`, `[...]`, `**`,
//! `!` exceptions, the last match wins), source globs, and paths kept inside the context.

use std::path::{Component, Path, PathBuf};

/// One `.dockerignore` rule.
#[derive(Debug, Clone)]
struct Rule {
    parts: Vec<String>,
    exclude: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Ignore {
    rules: Vec<Rule>,
}

/// Cleans a pattern or path the way Docker does (filepath.Clean, leading `/` dropped).
fn clean(p: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c.to_string()),
        }
    }
    out
}

impl Ignore {
    pub fn parse(text: &str) -> Ignore {
        let mut rules = Vec::new();
        for line in text.lines() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let (exclude, pat) = match l.strip_prefix('!') {
                Some(p) => (false, p.trim()),
                None => (true, l),
            };
            let parts = clean(pat);
            if parts.is_empty() {
                continue;
            }
            rules.push(Rule { parts, exclude });
        }
        Ignore { rules }
    }

    pub fn load(context: &Path) -> std::io::Result<Ignore> {
        match std::fs::read_to_string(context.join(".dockerignore")) {
            Ok(t) => Ok(Ignore::parse(&t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Ignore::default()),
            Err(e) => Err(e),
        }
    }

    /// Whether `rel` (a path relative to the context) is excluded: the last rule that
    /// matches it or one of its parent directories decides.
    pub fn excluded(&self, rel: &str) -> bool {
        let parts = clean(rel);
        let mut excluded = false;
        for r in &self.rules {
            // A rule matching a parent directory matches everything below it.
            let hit = (1..=parts.len()).any(|n| match_parts(&r.parts, &parts[..n]));
            if hit {
                excluded = r.exclude;
            }
        }
        excluded
    }

    /// Whether a directory may hold a file an exception (`!`) brings back: then it must be
    /// walked even though it is excluded.
    pub fn may_reinclude(&self, rel_dir: &str) -> bool {
        let d = clean(rel_dir);
        self.rules.iter().any(|r| !r.exclude && (r.parts.iter().any(|p| p == "**") || prefix_may_match(&r.parts, &d)))
    }
}

fn prefix_may_match(pat: &[String], dir: &[String]) -> bool {
    dir.len() < pat.len() && dir.iter().zip(pat).all(|(d, p)| glob(p, d))
}

/// Pattern components against path components; `**` matches any number of them.
pub fn match_parts(pat: &[String], path: &[String]) -> bool {
    match pat.split_first() {
        None => path.is_empty(),
        Some((p, rest)) if p == "**" => (0..=path.len()).any(|i| match_parts(rest, &path[i..])),
        Some((p, rest)) => match path.split_first() {
            Some((first, prest)) => glob(p, first) && match_parts(rest, prest),
            None => false,
        },
    }
}

/// One path component against a glob: `*`, `?`, `[abc]`, `[a-z]`, `[!a]`/`[^a]`, `\x`.
pub fn glob(p: &str, s: &str) -> bool {
    let (p, s): (Vec<char>, Vec<char>) = (p.chars().collect(), s.chars().collect());
    fn m(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') => (0..=s.len()).any(|i| m(&p[1..], &s[i..])),
            Some('?') => !s.is_empty() && m(&p[1..], &s[1..]),
            Some('[') => {
                let Some(end) = p.iter().skip(1).position(|c| *c == ']').map(|i| i + 1) else {
                    return s.first() == Some(&'[') && m(&p[1..], &s[1..]);
                };
                let Some(c) = s.first() else { return false };
                let mut set = &p[1..end];
                let negate = matches!(set.first(), Some('!') | Some('^'));
                if negate {
                    set = &set[1..];
                }
                let mut hit = false;
                let mut i = 0;
                while i < set.len() {
                    if i + 2 < set.len() && set[i + 1] == '-' {
                        hit |= set[i] <= *c && *c <= set[i + 2];
                        i += 3;
                    } else {
                        hit |= set[i] == *c;
                        i += 1;
                    }
                }
                hit != negate && m(&p[end + 1..], &s[1..])
            }
            Some('\\') if p.len() > 1 => s.first() == Some(&p[1]) && m(&p[2..], &s[1..]),
            Some(c) => s.first() == Some(c) && m(&p[1..], &s[1..]),
        }
    }
    m(&p, &s)
}

pub fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// A source path of COPY/ADD relative to the context root; `..` may not leave it.
pub fn inside(src: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in Path::new(src).components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir if !out.pop() => return None,
            _ => {}
        }
    }
    Some(out)
}

/// Expands a COPY source (maybe a glob) against the context: the matching paths relative
/// to it, sorted, not ignored.
pub fn sources(context: &Path, ignore: &Ignore, src: &str) -> Result<Vec<PathBuf>, String> {
    let rel = inside(src).ok_or_else(|| format!("{src}: outside the build context"))?;
    let comps: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
    if !comps.iter().any(|c| has_glob(c)) {
        let s = rel.to_string_lossy().into_owned();
        if !s.is_empty() && ignore.excluded(&s) {
            return Err(format!("{src}: excluded by .dockerignore"));
        }
        if std::fs::symlink_metadata(context.join(&rel)).is_err() {
            return Err(format!("{src}: no such file or directory in the build context"));
        }
        return Ok(vec![rel]);
    }
    let mut found = Vec::new();
    let mut frontier = vec![PathBuf::new()];
    for (i, c) in comps.iter().enumerate() {
        let mut next = Vec::new();
        for dir in &frontier {
            if !has_glob(c) {
                let p = dir.join(c);
                if std::fs::symlink_metadata(context.join(&p)).is_ok() {
                    next.push(p);
                }
                continue;
            }
            let Ok(rd) = std::fs::read_dir(context.join(dir)) else { continue };
            let mut names: Vec<String> =
                rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
            names.sort();
            for n in names {
                if glob(c, &n) {
                    next.push(dir.join(n));
                }
            }
        }
        frontier = next;
        if i + 1 == comps.len() {
            found = frontier.clone();
        }
    }
    found.retain(|p| !ignore.excluded(&p.to_string_lossy()));
    if found.is_empty() {
        return Err(format!("{src}: no source files were specified (nothing in the build context matches)"));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerignore_semantics() {
        let i = Ignore::parse("# comment\n*.log\n!keep.log\nbuild/\n**/tmp\nsecret?\ndocs/**/*.md\n!docs/README.md\n");
        assert!(i.excluded("a.log"));
        assert!(!i.excluded("keep.log"), "an exception after the rule brings it back");
        assert!(!i.excluded("dir/a.log"), "*.log is anchored at the root");
        assert!(i.excluded("build/x/y"), "a matched directory excludes what is below");
        assert!(i.excluded("a/b/tmp") && i.excluded("tmp"), "** matches any depth, including none");
        assert!(i.excluded("secret1") && !i.excluded("secret12"));
        assert!(i.excluded("docs/a/b/c.md") && !i.excluded("docs/README.md") && !i.excluded("docs/a.txt"));
        assert!(Ignore::parse("!x\n*\n").excluded("x"), "the last matching rule wins");
        assert!(Ignore::parse("/abs/./p\n").excluded("abs/p"), "patterns are cleaned");
        assert!(i.may_reinclude("docs"));
    }

    #[test]
    fn globs() {
        assert!(glob("*.rs", "main.rs") && !glob("*.rs", "main.rc"));
        assert!(glob("f[0-9]", "f7") && !glob("f[!0-9]", "f7") && glob("f[^a]", "fb"));
        assert!(glob("a\\*", "a*") && !glob("a\\*", "ab"));
        assert!(match_parts(&clean("a/**/z"), &clean("a/z")) && match_parts(&clean("a/**/z"), &clean("a/b/c/z")));
        assert_eq!(inside("a/../b"), Some(PathBuf::from("b")));
        assert_eq!(inside("../x"), None);
        assert_eq!(inside("/etc/passwd"), Some(PathBuf::from("etc/passwd")), "absolute sources are context-relative");
    }
}
