//! systemd unit files (systemd.syntax(7)) as Quadlet reads and writes them: sections in
//! order, repeated keys kept, line continuations, comments; and systemd's word splitting
//! and quoting for command lines.

/// One `Key=Value` line, with the line it started on (for errors as FILE:LINE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitFile {
    pub sections: Vec<Section>,
}

/// What is wrong, and on which line (1-based; 0 when it is the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct UnitError {
    pub line: usize,
    pub message: String,
}

impl UnitError {
    pub fn new(line: usize, message: impl Into<String>) -> UnitError {
        UnitError { line, message: message.into() }
    }
}

impl UnitFile {
    /// Parses a unit file. Lines ending in `\` continue on the next (comment lines in
    /// between are skipped, as systemd does); `#` and `;` start comments.
    pub fn parse(text: &str) -> Result<UnitFile, UnitError> {
        let mut u = UnitFile::default();
        let mut pending: Option<(usize, String)> = None;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim();
            if let Some((start, mut acc)) = pending.take() {
                if line.starts_with('#') || line.starts_with(';') {
                    pending = Some((start, acc));
                    continue;
                }
                match line.strip_suffix('\\') {
                    Some(part) => {
                        acc.push(' ');
                        acc.push_str(part.trim());
                        pending = Some((start, acc));
                    }
                    None => {
                        acc.push(' ');
                        acc.push_str(line);
                        u.add_line(start, &acc)?;
                    }
                }
                continue;
            }
            if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                let Some(name) = name.strip_suffix(']') else {
                    return Err(UnitError::new(n, format!("section header {line:?} has no closing ']'")));
                };
                if name.is_empty() || name.contains(['[', ']']) {
                    return Err(UnitError::new(n, format!("invalid section name {name:?}")));
                }
                u.sections.push(Section { name: name.to_string(), entries: Vec::new() });
                continue;
            }
            match line.strip_suffix('\\') {
                Some(part) => pending = Some((n, part.trim_end().to_string())),
                None => u.add_line(n, line)?,
            }
        }
        if let Some((start, acc)) = pending {
            u.add_line(start, &acc)?;
        }
        Ok(u)
    }

    fn add_line(&mut self, n: usize, line: &str) -> Result<(), UnitError> {
        let Some((k, v)) = line.split_once('=') else {
            return Err(UnitError::new(n, format!("{line:?} is not KEY=VALUE")));
        };
        let key = k.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(UnitError::new(n, format!("invalid key {key:?}")));
        }
        let Some(sec) = self.sections.last_mut() else {
            return Err(UnitError::new(n, format!("{key}= is outside of any [Section]")));
        };
        sec.entries.push(Entry { key: key.to_string(), value: v.trim().to_string(), line: n });
        Ok(())
    }

    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    pub fn has_section(&self, name: &str) -> bool {
        self.section(name).is_some()
    }

    /// Every entry of `key` in `section` (a section may appear more than once).
    pub fn all<'a, 'k>(&'a self, section: &'k str, key: &'k str) -> impl Iterator<Item = &'a Entry> + use<'a, 'k> {
        self.sections
            .iter()
            .filter(move |s| s.name == section)
            .flat_map(move |s| s.entries.iter().filter(move |e| e.key == key))
    }

    /// The last value of `key` in `section` (later lines override earlier ones). An empty
    /// assignment resets, as in systemd.
    pub fn last(&self, section: &str, key: &str) -> Option<&Entry> {
        self.all(section, key).last().filter(|e| !e.value.is_empty())
    }

    /// The values of a list key, with an empty assignment clearing what came before.
    pub fn list(&self, section: &str, key: &str) -> Vec<&Entry> {
        let mut out = Vec::new();
        for e in self.all(section, key) {
            if e.value.is_empty() {
                out.clear();
            } else {
                out.push(e);
            }
        }
        out
    }

    /// Writes the file back: sections in order, `KEY=VALUE` lines.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for (i, sec) in self.sections.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&format!("[{}]\n", sec.name));
            for e in &sec.entries {
                s.push_str(&format!("{}={}\n", e.key, e.value));
            }
        }
        s
    }

    /// Adds an entry at the end of `section` (made at the end of the file if missing).
    pub fn add(&mut self, section: &str, key: &str, value: &str) {
        let idx = match self.sections.iter().rposition(|s| s.name == section) {
            Some(i) => i,
            None => {
                self.sections.push(Section { name: section.to_string(), entries: Vec::new() });
                self.sections.len() - 1
            }
        };
        self.sections[idx].entries.push(Entry { key: key.into(), value: value.into(), line: 0 });
    }

    /// Sets `key` in `section`: drops earlier entries of it and adds this one.
    pub fn set(&mut self, section: &str, key: &str, value: &str) {
        for s in self.sections.iter_mut().filter(|s| s.name == section) {
            s.entries.retain(|e| e.key != key);
        }
        self.add(section, key, value);
    }

    /// Renames every `[from]` section to `[to]`.
    pub fn rename_section(&mut self, from: &str, to: &str) {
        for s in self.sections.iter_mut().filter(|s| s.name == from) {
            s.name = to.to_string();
        }
    }
}

/// systemd's boolean spellings.
pub fn parse_bool(e: &Entry) -> Result<bool, UnitError> {
    match e.value.to_ascii_lowercase().as_str() {
        "1" | "yes" | "y" | "true" | "t" | "on" => Ok(true),
        "0" | "no" | "n" | "false" | "f" | "off" => Ok(false),
        _ => Err(UnitError::new(e.line, format!("{}={}: not a boolean (use yes or no)", e.key, e.value))),
    }
}

/// Splits a value into words the way systemd splits command lines and lists: whitespace
/// separates, double and single quotes group, a backslash escapes the next character
/// (C escapes `\n`, `\t` inside double quotes too).
pub fn split_words(e: &Entry) -> Result<Vec<String>, UnitError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = e.value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '"' | '\'' => {
                in_word = true;
                let q = c;
                loop {
                    match chars.next() {
                        None => {
                            return Err(UnitError::new(e.line, format!("{}={}: unbalanced quote {q}", e.key, e.value)));
                        }
                        Some(c) if c == q => break,
                        Some('\\') if q == '"' => match chars.next() {
                            Some('n') => cur.push('\n'),
                            Some('t') => cur.push('\t'),
                            Some(c) => cur.push(c),
                            None => {
                                return Err(UnitError::new(e.line, format!("{}: trailing backslash", e.key)));
                            }
                        },
                        Some(c) => cur.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => cur.push(c),
                    None => return Err(UnitError::new(e.line, format!("{}: trailing backslash", e.key))),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// One word of a value systemd splits (Exec=, Environment=), quoted when it must be:
/// quotes and backslashes escaped inside double quotes.
pub fn quote(w: &str) -> String {
    if !w.is_empty() && !w.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | ';')) {
        return w.to_string();
    }
    let mut s = String::from("\"");
    for c in w.chars() {
        match c {
            '"' | '\\' => {
                s.push('\\');
                s.push(c);
            }
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// One word of an `ExecStart=` line, quoted so systemd reads it back as it is: `$` doubled
/// (no environment expansion of what the user wrote), `%` left alone (specifiers such as
/// `%N` and `%t` are meant).
pub fn quote_word(w: &str) -> String {
    quote(&w.replace('$', "$$"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(v: &str) -> Entry {
        Entry { key: "Exec".into(), value: v.into(), line: 3 }
    }

    #[test]
    fn parses_sections_continuations_and_comments() {
        let u = UnitFile::parse(
            "# a comment\n[Unit]\nDescription=web\n\n[Container]\nImage=busybox\nExec=sh -c \\\n  # inside\n  'echo hi'\nLabel=a=1\nLabel=b=2\n",
        )
        .unwrap();
        assert_eq!(u.sections.len(), 2);
        assert_eq!(u.last("Container", "Exec").unwrap().value, "sh -c 'echo hi'");
        assert_eq!(u.last("Container", "Exec").unwrap().line, 7);
        let labels: Vec<&str> = u.list("Container", "Label").iter().map(|e| e.value.as_str()).collect();
        assert_eq!(labels, ["a=1", "b=2"]);
        assert_eq!(
            u.render(),
            "[Unit]\nDescription=web\n\n[Container]\nImage=busybox\nExec=sh -c 'echo hi'\nLabel=a=1\nLabel=b=2\n"
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(UnitFile::parse("Image=x\n").unwrap_err().line, 1);
        assert_eq!(UnitFile::parse("[Container]\nImage\n").unwrap_err().line, 2);
        assert_eq!(UnitFile::parse("[Container\n").unwrap_err().line, 1);
        assert_eq!(UnitFile::parse("[C]\nbad key=1\n").unwrap_err().line, 2);
    }

    #[test]
    fn empty_assignment_resets_a_list() {
        let u = UnitFile::parse("[C]\nVolume=a:/a\nVolume=\nVolume=b:/b\n").unwrap();
        let v: Vec<&str> = u.list("C", "Volume").iter().map(|e| e.value.as_str()).collect();
        assert_eq!(v, ["b:/b"]);
    }

    #[test]
    fn words_split_like_systemd() {
        assert_eq!(
            split_words(&e("sh -c 'echo $HOME' \"a b\" c\\ d")).unwrap(),
            ["sh", "-c", "echo $HOME", "a b", "c d"]
        );
        assert_eq!(split_words(&e("\"x\\\"y\" '' z")).unwrap(), ["x\"y", "", "z"]);
        assert_eq!(split_words(&e("  ")).unwrap(), Vec::<String>::new());
        assert!(split_words(&e("'open")).is_err());
    }

    #[test]
    fn quoting_round_trips() {
        for w in ["plain", "a b", "it's", "x\"y", "back\\slash", "", "semi;colon", "tab\there"] {
            let q = quote_word(w);
            assert_eq!(split_words(&e(&q)).unwrap(), [w], "{q}");
        }
        assert_eq!(quote_word("$HOME"), "$$HOME");
        assert_eq!(quote_word("%N"), "%N");
        assert!(parse_bool(&e("yes")).unwrap() && !parse_bool(&e("off")).unwrap() && parse_bool(&e("maybe")).is_err());
    }
}
