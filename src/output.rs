//! All of ctr's output goes through here: tables like podman's, JSON, Go-template-like
//! formats, plain lines and warnings.

use std::io::{self, Write};

use serde_json::Value;

/// How a listing is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    /// A Go-template subset: `{{.Field}}`, `{{json .Field}}`; a leading `table ` adds headers.
    Template {
        text: String,
        header: bool,
    },
}

impl Format {
    pub fn parse(s: Option<&str>) -> Format {
        match s {
            None | Some("table") => Format::Table,
            Some("json") => Format::Json,
            Some(t) => match t.strip_prefix("table ") {
                Some(rest) => Format::Template { text: rest.into(), header: true },
                None => Format::Template { text: t.into(), header: false },
            },
        }
    }
}

pub struct Printer {
    /// Buffered (one write for a whole listing, not one per line); flushed on drop.
    out: io::BufWriter<io::StdoutLock<'static>>,
}

impl Drop for Printer {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

impl Default for Printer {
    fn default() -> Self {
        Self::new()
    }
}

impl Printer {
    pub fn new() -> Printer {
        Printer { out: io::BufWriter::with_capacity(64 * 1024, io::stdout().lock()) }
    }

    /// Text as it is (already formatted: YAML, a file).
    pub fn raw(&mut self, b: &[u8]) -> io::Result<()> {
        self.out.write_all(b)
    }

    pub fn line(&mut self, s: impl AsRef<str>) -> io::Result<()> {
        writeln!(self.out, "{}", s.as_ref())
    }

    pub fn json<T: serde::Serialize>(&mut self, v: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, v).map_err(io::Error::other)?;
        writeln!(self.out)
    }

    /// Columns padded to their widest cell plus two spaces, like podman's tabwriter.
    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
        let mut w: Vec<usize> = headers.iter().map(|h| h.len()).collect();
        for r in rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        let mut emit = |cells: Vec<&str>| -> io::Result<()> {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                if i + 1 == cells.len() {
                    s.push_str(c);
                } else {
                    s.push_str(&format!("{c:<width$}", width = w[i] + 2));
                }
            }
            writeln!(self.out, "{}", s.trim_end())
        };
        emit(headers.to_vec())?;
        for r in rows {
            emit(r.iter().map(String::as_str).collect())?;
        }
        Ok(())
    }

    /// Renders rows (JSON objects) through a template.
    pub fn template(&mut self, text: &str, header: bool, rows: &[Value]) -> io::Result<()> {
        if header {
            let h = render(text, None);
            writeln!(self.out, "{}", h)?;
        }
        for r in rows {
            writeln!(self.out, "{}", render(text, Some(r)))?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Prints a warning on stderr.
#[allow(clippy::print_stderr)]
pub fn warn(msg: &str) {
    eprintln!("WARN: {msg}");
}

/// Prints progress or status on stderr (never mixed into stdout's data).
#[allow(clippy::print_stderr)]
pub fn status(msg: &str) {
    eprintln!("{msg}");
}

fn lookup<'a>(row: &'a Value, field: &str) -> Option<&'a Value> {
    let obj = row.as_object()?;
    obj.get(field).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(field)).map(|(_, v)| v))
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(a) => format!("[{}]", a.iter().map(show).collect::<Vec<_>>().join(" ")),
        other => other.to_string(),
    }
}

/// `{{.Field}}` -> the field; `{{json .Field}}` -> its JSON; `\t` -> a tab. Without a row,
/// renders headers (field names in upper case).
pub fn render(text: &str, row: Option<&Value>) -> String {
    let text = text.replace("\\t", "\t").replace("\\n", "\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let expr = rest[start + 2..start + end].trim();
        let (json, path) = match expr.strip_prefix("json ") {
            Some(p) => (true, p.trim()),
            None => (false, expr),
        };
        let field = path.trim_start_matches('.');
        match row {
            None => out.push_str(&field.to_uppercase()),
            Some(r) => {
                let v = if field.is_empty() { Some(r) } else { field.split('.').try_fold(r, lookup) };
                let v = v.cloned().unwrap_or(Value::Null);
                out.push_str(&if json { v.to_string() } else { show(&v) });
            }
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let row = serde_json::json!({"Repository": "busybox", "Tag": "latest", "Config": {"Cmd": ["sh"]}});
        assert_eq!(render("{{.Repository}}:{{.Tag}}", Some(&row)), "busybox:latest");
        assert_eq!(render("{{.repository}}", Some(&row)), "busybox");
        assert_eq!(render("{{json .Config.Cmd}}", Some(&row)), "[\"sh\"]");
        assert_eq!(render("{{.Repository}}\\t{{.Tag}}", None), "REPOSITORY\tTAG");
        assert_eq!(Format::parse(Some("json")), Format::Json);
    }
}
