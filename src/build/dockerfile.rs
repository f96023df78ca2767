//! Dockerfile parsing and Docker's variable expansion: the text of a Dockerfile
//! becomes stages of typed instructions, read the way BuildKit's dockerfile
//! frontend reads it (moby/buildkit `frontend/dockerfile/{parser,instructions,shell}`).
//!
//! The parser keeps every word raw: nothing is expanded and, where Docker removes
//! quotes only while expanding (ENV, LABEL and ARG values, COPY paths, WORKDIR,
//! USER, ...), the quotes are still there. The executor expands with
//! [`expand_word`] (or [`expand_words`] for EXPOSE), which removes them.

use std::fmt;

use serde_json::Value;

/// `RUN echo hi` (shell form, run by the SHELL) vs `RUN ["echo","hi"]` (exec form).
///
/// As in Docker, text that starts with `[` but is not valid JSON is the shell
/// form; a valid JSON array holding anything but strings is an error.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Shell(String),
    Exec(Vec<String>),
}

/// A here-document of RUN, COPY or ADD: `<<EOF` ... `EOF`.
#[derive(Debug, Clone, PartialEq)]
pub struct Heredoc {
    /// The delimiter without its quotes (`EOF` for `<<"EOF"`).
    pub name: String,
    /// The lines between the instruction and the delimiter line, each with its
    /// line ending, as in the file; with `<<-` the leading tabs of every line are
    /// already removed (Docker does the same for COPY; for RUN the shell would).
    pub content: String,
    /// `<<EOF` expands variables in the content; `<<"EOF"`, `<<'EOF'` (any quote
    /// in the delimiter) do not. For COPY/ADD expand with [`expand_heredoc`].
    pub expand: bool,
    /// `<<-EOF`: leading tabs are stripped from the content and the delimiter line.
    pub strip_tabs: bool,
}

/// COPY and ADD: raw, unexpanded words.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyArgs {
    /// The source paths, without the heredoc words (those are in `heredocs`).
    /// The shell form splits on whitespace only (quotes do not group words, as
    /// in Docker: use the JSON form for paths with spaces); Docker expands each
    /// one with [`expand_word`], not split further.
    pub srcs: Vec<String>,
    pub dest: String,
    pub from: Option<String>,
    pub chown: Option<String>,
    pub chmod: Option<String>,
    pub link: bool,
    /// `COPY <<EOF /dest`: files whose name is the delimiter, in source order.
    pub heredocs: Vec<Heredoc>,
}

/// HEALTHCHECK NONE (`none`, no `test`) or HEALTHCHECK [--flags] CMD ...
///
/// The flag values are raw but already checked as Docker checks them: the
/// durations parse with [`parse_duration`] and are 0 or at least 1ms, retries is
/// a non-negative integer. An empty value (`--interval=`) is `None`, as in Docker.
#[derive(Debug, Clone, PartialEq)]
pub struct Healthcheck {
    pub test: Option<Form>,
    pub none: bool,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub start_period: Option<String>,
    pub start_interval: Option<String>,
    pub retries: Option<String>,
}

/// One instruction, its words raw (unexpanded, quotes kept where Docker removes
/// them only while expanding).
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `FROM [--platform=P] image [AS name]`; `name` as written (the stage's
    /// lowercased name is [`Stage::name`]).
    From {
        image: String,
        name: Option<String>,
        platform: Option<String>,
    },
    /// `RUN [--network=default|none|host] [--mount=...]... command`; `heredocs`
    /// are those of the shell form, in the order they appear on the line.
    Run {
        form: Form,
        heredocs: Vec<Heredoc>,
        network: Option<String>,
        mounts: Vec<String>,
    },
    Copy(CopyArgs),
    Add(CopyArgs),
    /// `ENV K=V K2="v 2"` or the legacy `ENV K the rest of the line`. Keys and
    /// values are raw: Docker expands both with [`expand_word`], which also
    /// removes quotes and escapes (`K2="v 2"` gives `v 2`, `K=a\ b` gives `a b`).
    Env(Vec<(String, String)>),
    /// `ARG K`, `ARG K=default`, several per line; raw like ENV.
    Arg(Vec<(String, Option<String>)>),
    Cmd(Form),
    Entrypoint(Form),
    Workdir(String),
    User(String),
    /// Raw like ENV: `LABEL "a b"="c d"` gives the pair (`"a b"`, `"c d"`).
    Label(Vec<(String, String)>),
    /// Whitespace-separated words; Docker expands each with [`expand_words`]
    /// (one word may become several ports).
    Expose(Vec<String>),
    /// JSON array or whitespace-separated words.
    Volume(Vec<String>),
    Maintainer(String),
    /// JSON array only.
    Shell(Vec<String>),
    StopSignal(String),
    Healthcheck(Healthcheck),
    /// The trigger as Docker stores it in the image: the instruction text after
    /// ONBUILD (e.g. `RUN echo hi`), followed by its heredocs if it has any;
    /// [`parse_trigger`] reads it back.
    Onbuild(String),
}

/// An instruction and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Instruction {
    /// The 1-based line where it starts.
    pub line: usize,
    /// The instruction as written, continuation lines joined and comments
    /// inside it removed (heredoc bodies are not part of it: they are in `kind`).
    pub text: String,
    pub kind: Kind,
}

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub index: usize,
    /// The lowercased `AS` name.
    pub name: Option<String>,
    pub from: Instruction,
    pub instructions: Vec<Instruction>,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq)]
pub struct Dockerfile {
    /// The escape character: `\` or, after `# escape=``, a backtick.
    pub escape: char,
    /// The `# syntax=` directive, if any (ctr does not switch frontends).
    pub syntax: Option<String>,
    /// The ARGs before the first FROM.
    pub global_args: Vec<Instruction>,
    pub stages: Vec<Stage>,
}

/// Why a Dockerfile does not parse, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    /// The instruction's name in capitals (`RUN`), or empty for an error that is
    /// not in an instruction (a parser directive, an empty file).
    pub instruction: String,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.instruction.is_empty() {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}:{}: {}: {}", self.file, self.line, self.instruction, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

/// The instructions Docker knows, lowercased.
const INSTRUCTIONS: [&str; 18] = [
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// Parses a Dockerfile. `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Dockerfile, ParseError> {
    let scanned = scan(text, file, true)?;
    if scanned.instructions.is_empty() {
        return Err(ParseError {
            file: file.to_string(),
            line: scanned.lines.max(1),
            instruction: String::new(),
            message: "file with no instructions".to_string(),
        });
    }
    let mut global_args = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for ins in scanned.instructions {
        match &ins.kind {
            Kind::From { name, .. } => {
                let name = name.as_ref().map(|n| n.to_lowercase());
                stages.push(Stage { index: stages.len(), name, from: ins, instructions: Vec::new() });
            }
            Kind::Arg(_) if stages.is_empty() => global_args.push(ins),
            _ => match stages.last_mut() {
                Some(stage) => stage.instructions.push(ins),
                None => {
                    return Err(ParseError {
                        file: file.to_string(),
                        line: ins.line,
                        instruction: instruction_name(&ins.text),
                        message: "no build stage in current context: a Dockerfile must start with FROM \
                                  (only ARG, comments and parser directives may come before it)"
                            .to_string(),
                    });
                }
            },
        }
    }
    if stages.is_empty() {
        return Err(ParseError {
            file: file.to_string(),
            line: scanned.lines.max(1),
            instruction: String::new(),
            message: "dockerfile contains no stages to build: add a FROM instruction".to_string(),
        });
    }
    Ok(Dockerfile { escape: scanned.escape, syntax: scanned.syntax, global_args, stages })
}

/// Parses one ONBUILD trigger of a base image (an entry of its config's
/// `OnBuild`), as Docker does when the image is used in FROM: on its own, with
/// the default escape character. FROM, ONBUILD and MAINTAINER are refused.
pub fn parse_trigger(trigger: &str) -> Result<Instruction, ParseError> {
    const FILE: &str = "ONBUILD trigger";
    let scanned = scan(trigger, FILE, false)?;
    let err = |line: usize, instruction: String, message: String| ParseError {
        file: FILE.to_string(),
        line,
        instruction,
        message,
    };
    let mut instructions = scanned.instructions.into_iter();
    let (Some(ins), None) = (instructions.next(), instructions.next()) else {
        return Err(err(1, String::new(), format!("onbuild trigger should be a single expression: {trigger:?}")));
    };
    match ins.kind {
        Kind::From { .. } | Kind::Maintainer(_) => {
            let name = instruction_name(&ins.text);
            Err(err(ins.line, name.clone(), format!("{name} isn't allowed as an ONBUILD trigger")))
        }
        Kind::Onbuild(_) => Err(err(
            ins.line,
            "ONBUILD".to_string(),
            "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
        )),
        _ => Ok(ins),
    }
}

/// The capitalized first word of an instruction's text.
fn instruction_name(text: &str) -> String {
    text.split(is_token_space).next().unwrap_or_default().to_uppercase()
}

struct Scanned {
    escape: char,
    syntax: Option<String>,
    instructions: Vec<Instruction>,
    /// How many lines the text has.
    lines: usize,
}

/// BuildKit's `parser.Parse`: directives, comments, continuation lines and
/// heredoc bodies, then each logical line becomes an [`Instruction`].
fn scan(text: &str, file: &str, directives: bool) -> Result<Scanned, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let err =
        |line: usize, message: String| ParseError { file: file.to_string(), line, instruction: String::new(), message };
    let mut escape = '\\';
    let mut syntax = None;
    let mut directives_done = !directives;
    let mut seen: Vec<String> = Vec::new();
    let mut instructions = Vec::new();
    let mut next = 0;
    while next < lines.len() {
        let line_no = next + 1;
        let token = trim_newline(lines[next]).trim_start();
        next += 1;
        // Parser directives are comments of the form `# name=value`, recognized
        // only until the first line that is not one (an empty line, any other
        // comment, an instruction, an unknown directive).
        if !directives_done {
            match match_directive(token) {
                Some((name, value)) if ["syntax", "escape", "check"].contains(&name.as_str()) => {
                    if seen.contains(&name) {
                        return Err(err(line_no, format!("only one {name} parser directive can be used")));
                    }
                    match name.as_str() {
                        "escape" => {
                            escape = match value.as_str() {
                                "\\" => '\\',
                                "`" => '`',
                                _ => {
                                    return Err(err(
                                        line_no,
                                        format!("invalid escape token '{value}' does not match ` or \\"),
                                    ));
                                }
                            }
                        }
                        "syntax" => syntax = Some(value),
                        _ => {}
                    }
                    seen.push(name);
                    continue;
                }
                _ => directives_done = true,
            }
        }
        let first = if token.starts_with('#') { "" } else { token };
        let (mut joined, mut ended) = trim_continuation(first, escape);
        if ended && joined.is_empty() {
            continue;
        }
        // Continuation lines keep their leading whitespace; comment lines and
        // empty lines inside a continuation are skipped (Docker warns about the
        // empty ones). A file ending in a continuation ends the instruction.
        while !ended && next < lines.len() {
            let raw = lines[next];
            next += 1;
            if is_comment(raw) {
                continue;
            }
            let t = trim_newline(raw);
            if t.trim_start().is_empty() {
                continue;
            }
            let (part, e) = trim_continuation(t, escape);
            joined.push_str(&part);
            ended = e;
        }
        instructions.push(parse_instruction(&joined, line_no, &lines, &mut next, file, escape)?);
    }
    Ok(Scanned { escape, syntax, instructions, lines: lines.len() })
}

/// A line without its line ending (Go's `bytes.TrimRight(line, "\r\n")`).
fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

/// A comment: `#` first after leading whitespace.
fn is_comment(raw: &str) -> bool {
    trim_newline(raw).trim_start().starts_with('#')
}

/// RE2's `\s`.
fn is_re2_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

/// The separator BuildKit splits instructions and plain word lists on: `[\t\v\f\r ]+`.
fn is_token_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0b' | '\x0c' | '\r')
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`: the lowercased name and the value.
fn match_directive(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('#')?.trim_start_matches(is_re2_space);
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let value = rest[name_len..].trim_start_matches(is_re2_space).strip_prefix('=')?.trim_matches(is_re2_space);
    if value.is_empty() {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.to_string()))
}

/// Removes a line-continuation escape: the escape character last on the line,
/// blanks after it allowed, not itself escaped (`\\` at the end is not a
/// continuation). Returns the line and whether the instruction ends here.
fn trim_continuation(line: &str, escape: char) -> (String, bool) {
    let t = line.trim_end_matches([' ', '\t']);
    match t.strip_suffix(escape) {
        Some(before) if !before.ends_with(escape) => (before.to_string(), false),
        _ => (line.to_string(), true),
    }
}

/// `cmd`, its `--flags` and the rest, as BuildKit's `splitCommand`.
fn split_command(line: &str) -> (String, Vec<String>, String) {
    let t = line.trim();
    match t.find(is_token_space) {
        Some(p) => {
            let (rest, flags) = extract_builder_flags(t[p..].trim_start_matches(is_token_space));
            (t[..p].to_string(), flags, rest.trim().to_string())
        }
        None => (t.to_string(), Vec::new(), String::new()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Spaces,
    Word,
    Quote,
}

/// BuildKit's `extractBuilderFlags`: the leading `--flag[=value]` words (quotes
/// and backslashes processed, `--` ends them) and the rest of the line.
fn extract_builder_flags(line: &str) -> (String, Vec<String>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let n = chars.len();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= n {
        if phase == Phase::Spaces {
            if pos == n {
                break;
            }
            let ch = chars[pos].1;
            if ch.is_whitespace() {
                pos += 1;
                continue;
            }
            if ch != '-' || pos + 1 == n || chars[pos + 1].1 != '-' {
                return (line[chars[pos].0..].to_string(), words);
            }
            phase = Phase::Word;
        }
        if pos == n {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(word);
            }
            break;
        }
        let mut ch = chars[pos].1;
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if word == "--" {
                    return (line[chars[pos].0..].to_string(), words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
        } else if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        if ch == '\\' {
            if pos + 1 == n {
                if phase == Phase::Quote {
                    phase = Phase::Word;
                }
                pos += 1;
                continue;
            }
            pos += 1;
            ch = chars[pos].1;
        }
        word.push(ch);
        pos += 1;
    }
    (String::new(), words)
}

/// BuildKit's `parseWords`: splits on whitespace outside quotes, keeping the
/// quotes and escapes in the words (expansion removes them later).
fn parse_words(rest: &str, escape: char) -> Vec<String> {
    let chars: Vec<char> = rest.chars().collect();
    let n = chars.len();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= n {
        if phase == Phase::Spaces {
            if pos == n {
                break;
            }
            if chars[pos].is_whitespace() {
                pos += 1;
                continue;
            }
            phase = Phase::Word;
        }
        if pos == n {
            if blank_ok || !word.is_empty() {
                words.push(word);
            }
            break;
        }
        let mut ch = chars[pos];
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if pos + 1 == n {
                    pos += 1;
                    continue;
                }
                word.push(ch);
                pos += 1;
                ch = chars[pos];
            }
        } else {
            if ch == quote {
                phase = Phase::Word;
            }
            if ch == escape && quote != '\'' {
                if pos + 1 == n {
                    phase = Phase::Word;
                    pos += 1;
                    continue;
                }
                word.push(ch);
                pos += 1;
                ch = chars[pos];
            }
        }
        word.push(ch);
        pos += 1;
    }
    words
}

/// Words separated by `[\t\v\f\r ]+` (BuildKit's `parseStringsWhitespaceDelimited`).
fn split_spaces(s: &str) -> Vec<String> {
    s.split(is_token_space).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// BuildKit's `parseJSON`: `Ok(None)` when `rest` is not a JSON array (the
/// caller falls back to the shell form), an error for an array holding
/// anything but strings.
fn parse_json_array(rest: &str) -> Result<Option<Vec<String>>, String> {
    let t = rest.trim_start();
    if !t.starts_with('[') {
        return Ok(None);
    }
    let Ok(values) = serde_json::from_str::<Vec<Value>>(t) else {
        return Ok(None);
    };
    values
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(s),
            _ => Err("when using JSON array syntax, arrays must be comprised of strings only".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A heredoc word before its body is read.
struct HeredocSpec {
    name: String,
    expand: bool,
    chomp: bool,
}

/// BuildKit's `ParseHeredoc`: `^(\d*)<<(-?)\s*([^<]*)$` and a delimiter that is
/// one word; quotes anywhere in it turn expansion off.
fn parse_heredoc_word(word: &str) -> Result<Option<HeredocSpec>, String> {
    let Some(rest) = word.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches(is_re2_space);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let unset = |_: &str| None;
    let words = Lexer::new(rest, '\\', &unset).skip_unset_env().process().map(|(_, w)| w)?;
    let [name] = words.as_slice() else {
        return Ok(None);
    };
    let raw = Lexer::new(rest, '\\', &unset).skip_unset_env().raw_quotes().process().map(|(_, w)| w)?;
    let [raw] = raw.as_slice() else {
        return Err(format!("internal lexing of heredoc produced inconsistent results: {rest}"));
    };
    let quotes = |s: &str| s.chars().filter(|c| *c == '\'' || *c == '"').count();
    Ok(Some(HeredocSpec { name: name.clone(), expand: quotes(name) == quotes(raw), chomp }))
}

/// The heredocs a line opens, in order (BuildKit's `heredocsFromLine`).
fn heredocs_from_line(line: &str) -> Result<Vec<HeredocSpec>, String> {
    let unset = |_: &str| None;
    let words = Lexer::new(line, '\\', &unset)
        .raw_quotes()
        .raw_escapes()
        .skip_unset_env()
        .process()
        .map(|(_, w)| w)
        .unwrap_or_default();
    let mut specs = Vec::new();
    for w in words {
        if let Some(spec) = parse_heredoc_word(&w)? {
            specs.push(spec);
        }
    }
    Ok(specs)
}

/// `(?m)^\t+` removed.
fn strip_leading_tabs(s: &str) -> String {
    s.split_inclusive('\n').map(|l| l.trim_start_matches('\t')).collect()
}

/// A heredoc and its body exactly as in the file (ONBUILD stores that).
struct Body {
    heredoc: Heredoc,
    raw: String,
}

/// Parses one logical line that starts on line `start`; reads the bodies of its
/// heredocs from `lines[*next..]`.
fn parse_instruction(
    joined: &str,
    start: usize,
    lines: &[&str],
    next: &mut usize,
    file: &str,
    escape: char,
) -> Result<Instruction, ParseError> {
    let (name, flags, args) = split_command(joined);
    let cmd = name.to_lowercase();
    let err =
        |message: String| ParseError { file: file.to_string(), line: start, instruction: name.to_uppercase(), message };
    // Heredocs belong to RUN, COPY and ADD in their shell form (also as ONBUILD
    // triggers); the bodies follow the instruction, one after the other.
    let takes_heredocs = |cmd: &str, args: &str| {
        ["run", "copy", "add"].contains(&cmd) && !matches!(parse_json_array(args), Ok(Some(_)) | Err(_))
    };
    let heredocs = if takes_heredocs(&cmd, &args)
        || (cmd == "onbuild" && {
            let (child, _, child_args) = split_command(&args);
            takes_heredocs(&child.to_lowercase(), &child_args)
        }) {
        let specs = heredocs_from_line(joined).map_err(&err)?;
        let mut bodies = Vec::new();
        for spec in specs {
            let mut raw = String::new();
            let mut terminated = false;
            while *next < lines.len() {
                let line = lines[*next];
                *next += 1;
                let mut candidate = trim_newline(line);
                if spec.chomp {
                    candidate = candidate.trim_start_matches('\t');
                }
                if candidate == spec.name {
                    terminated = true;
                    break;
                }
                raw.push_str(line);
            }
            if !terminated {
                return Err(err(format!(
                    "unterminated heredoc: no line {:?} ends the here-document before the end of the file",
                    spec.name
                )));
            }
            let content = if spec.chomp { strip_leading_tabs(&raw) } else { raw.clone() };
            bodies.push(Body {
                heredoc: Heredoc { name: spec.name, content, expand: spec.expand, strip_tabs: spec.chomp },
                raw,
            });
        }
        bodies
    } else {
        Vec::new()
    };
    let kind = build_kind(&cmd, &name, &flags, &args, joined, heredocs, escape).map_err(err)?;
    Ok(Instruction { line: start, text: joined.trim().to_string(), kind })
}

#[derive(Clone, Copy, PartialEq)]
enum FlagKind {
    Bool,
    Str,
    Strings,
}

/// The flags an instruction was given, checked against those it takes
/// (BuildKit's `BFlags.Parse`).
struct Flags {
    values: Vec<(&'static str, Vec<String>)>,
}

impl Flags {
    fn parse(given: &[String], known: &[(&'static str, FlagKind)]) -> Result<Flags, String> {
        let mut values: Vec<(&'static str, Vec<String>)> = Vec::new();
        for arg in given {
            if arg == "--" {
                break;
            }
            let Some(body) = arg.strip_prefix("--") else {
                return Err(format!("arg should start with -- : {arg}"));
            };
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let Some(&(known_name, kind)) = known.iter().find(|(k, _)| *k == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let slot = match values.iter().position(|(k, _)| *k == known_name) {
                Some(_) if kind != FlagKind::Strings => return Err(format!("duplicate flag specified: --{name}")),
                Some(i) => i,
                None => {
                    values.push((known_name, Vec::new()));
                    values.len() - 1
                }
            };
            let value = match (kind, value) {
                (FlagKind::Bool, None) => "true".to_string(),
                (FlagKind::Bool, Some("")) | (_, None) => return Err(format!("missing a value on flag: --{name}")),
                (FlagKind::Bool, Some(v)) => match v.to_lowercase().as_str() {
                    b @ ("true" | "false") => b.to_string(),
                    _ => return Err(format!("expecting boolean value for flag --{name}, not: {v}")),
                },
                (_, Some(v)) => v.to_string(),
            };
            values[slot].1.push(value);
        }
        Ok(Flags { values })
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.values.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    fn string(&self, name: &str) -> Option<String> {
        self.all(name).pop()
    }

    fn bool(&self, name: &str) -> bool {
        self.string(name).is_some_and(|v| v == "true")
    }
}

/// The typed instruction (BuildKit's line parsers and `instructions.Parse*`).
fn build_kind(
    cmd: &str,
    name: &str,
    flags: &[String],
    args: &str,
    line: &str,
    bodies: Vec<Body>,
    escape: char,
) -> Result<Kind, String> {
    let upper = cmd.to_uppercase();
    let no_flags = || Flags::parse(flags, &[]).map(|_| ());
    let exactly_one = || {
        if args.is_empty() { Err(format!("{upper} requires exactly one argument")) } else { Ok(args.to_string()) }
    };
    let at_least_one = || format!("{upper} requires at least one argument");
    match cmd {
        "from" => {
            let words = split_spaces(args);
            let flags = Flags::parse(flags, &[("platform", FlagKind::Str)])?;
            let name = match words.as_slice() {
                [_] => None,
                [_, kw, n] if kw.eq_ignore_ascii_case("as") => {
                    let lower = n.to_lowercase();
                    let mut chars = lower.chars();
                    let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
                        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
                    if !valid {
                        return Err(format!(
                            "invalid name for build stage: {n:?}, name can't start with a number or contain symbols"
                        ));
                    }
                    Some(n.clone())
                }
                _ => return Err("FROM requires either one or three arguments".to_string()),
            };
            Ok(Kind::From { image: words[0].clone(), name, platform: flags.string("platform") })
        }
        "arg" => {
            let words = parse_words(args, escape);
            if words.is_empty() {
                return Err(at_least_one());
            }
            no_flags()?;
            words
                .into_iter()
                .map(|w| match w.split_once('=') {
                    Some(("", _)) => Err("ARG names can not be blank".to_string()),
                    Some((k, v)) => Ok((k.to_string(), Some(v.to_string()))),
                    None => Ok((w, None)),
                })
                .collect::<Result<_, _>>()
                .map(Kind::Arg)
        }
        "env" | "label" => {
            let pairs = parse_name_values(args, &upper, escape)?;
            no_flags()?;
            Ok(if cmd == "env" { Kind::Env(pairs) } else { Kind::Label(pairs) })
        }
        "maintainer" => {
            let m = exactly_one()?;
            no_flags()?;
            Ok(Kind::Maintainer(m))
        }
        "workdir" => {
            let w = exactly_one()?;
            no_flags()?;
            Ok(Kind::Workdir(w))
        }
        "user" => {
            let u = exactly_one()?;
            no_flags()?;
            Ok(Kind::User(u))
        }
        // Docker does not look at STOPSIGNAL's flags.
        "stopsignal" => exactly_one().map(Kind::StopSignal),
        "expose" => {
            let ports = split_spaces(args);
            if ports.is_empty() {
                return Err(at_least_one());
            }
            no_flags()?;
            Ok(Kind::Expose(ports))
        }
        "volume" => {
            let list = parse_json_array(args)?.unwrap_or_else(|| split_spaces(args));
            if list.is_empty() {
                return Err(at_least_one());
            }
            no_flags()?;
            list.into_iter()
                .map(|v| match v.trim() {
                    "" => Err("VOLUME specified can not be an empty string".to_string()),
                    t => Ok(t.to_string()),
                })
                .collect::<Result<_, _>>()
                .map(Kind::Volume)
        }
        "copy" | "add" => {
            let list = parse_json_array(args)?.unwrap_or_else(|| split_spaces(args));
            if list.len() < 2 {
                return Err(format!(
                    "{upper} requires at least two arguments, but only one was provided. Destination could not be determined"
                ));
            }
            let known: &[(&'static str, FlagKind)] = if cmd == "copy" {
                &[("chown", FlagKind::Str), ("from", FlagKind::Str), ("chmod", FlagKind::Str), ("link", FlagKind::Bool)]
            } else {
                &[("chown", FlagKind::Str), ("chmod", FlagKind::Str), ("link", FlagKind::Bool)]
            };
            let flags = Flags::parse(flags, known)?;
            let Some((dest, srcs_and_heredocs)) = list.split_last() else {
                return Err(format!("{upper} requires a destination"));
            };
            if matches!(parse_heredoc_word(dest), Ok(Some(_))) {
                return Err(format!("{upper} cannot accept a heredoc as a destination"));
            }
            let mut srcs = Vec::new();
            let mut heredocs = Vec::new();
            for src in srcs_and_heredocs {
                match parse_heredoc_word(src) {
                    Ok(Some(spec)) => {
                        // Docker looks the body up by name among the line's heredocs.
                        let content = bodies
                            .iter()
                            .rev()
                            .find(|b| b.heredoc.name == spec.name)
                            .map(|b| if spec.chomp { strip_leading_tabs(&b.raw) } else { b.raw.clone() })
                            .unwrap_or_default();
                        heredocs.push(Heredoc {
                            name: spec.name,
                            content,
                            expand: spec.expand,
                            strip_tabs: spec.chomp,
                        });
                    }
                    _ => srcs.push(src.clone()),
                }
            }
            let copy = CopyArgs {
                srcs,
                dest: dest.clone(),
                from: flags.string("from"),
                chown: flags.string("chown"),
                chmod: flags.string("chmod"),
                link: flags.bool("link"),
                heredocs,
            };
            Ok(if cmd == "copy" { Kind::Copy(copy) } else { Kind::Add(copy) })
        }
        "run" => {
            let flags = Flags::parse(flags, &[("mount", FlagKind::Strings), ("network", FlagKind::Str)])?;
            let network = flags.string("network");
            if let Some(n) = &network
                && !["default", "none", "host"].contains(&n.as_str())
            {
                return Err(format!("unsupported network mode {n:?}: use default, none or host"));
            }
            let form = command_form(args)?;
            if matches!(&form, Form::Shell(s) if s.is_empty()) || matches!(&form, Form::Exec(a) if a.is_empty()) {
                return Err(at_least_one());
            }
            let heredocs = bodies.into_iter().map(|b| b.heredoc).collect();
            Ok(Kind::Run { form, heredocs, network, mounts: flags.all("mount") })
        }
        "cmd" | "entrypoint" => {
            no_flags()?;
            if args.is_empty() {
                return Err(at_least_one());
            }
            let form = command_form(args)?;
            Ok(if cmd == "cmd" { Kind::Cmd(form) } else { Kind::Entrypoint(form) })
        }
        "shell" => {
            no_flags()?;
            match parse_json_array(args)? {
                Some(list) if !list.is_empty() => Ok(Kind::Shell(list)),
                Some(_) => Err(at_least_one()),
                None if args.is_empty() => Err(at_least_one()),
                None => Err(format!(
                    "SHELL requires the arguments to be in JSON form, as in SHELL [\"/bin/sh\", \"-c\"]: {line}"
                )),
            }
        }
        "healthcheck" => parse_healthcheck(flags, args),
        "onbuild" => {
            if args.is_empty() {
                return Err(at_least_one());
            }
            no_flags()?;
            let (trigger, _, trigger_args) = split_command(args);
            match trigger.to_uppercase().as_str() {
                "ONBUILD" => return Err("chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string()),
                t @ ("MAINTAINER" | "FROM") => return Err(format!("{t} isn't allowed as an ONBUILD trigger")),
                // The trigger's own JSON is read when the ONBUILD is.
                "RUN" | "CMD" | "ENTRYPOINT" | "SHELL" | "COPY" | "ADD" | "VOLUME" => {
                    parse_json_array(&trigger_args)?;
                }
                _ => {}
            }
            // `(?i)^\s*ONBUILD\s*` removed from the line, then the heredocs.
            let t = line.trim_start_matches(is_re2_space);
            let mut expression = t.get(name.len()..).unwrap_or_default().trim_start_matches(is_re2_space).to_string();
            for b in &bodies {
                expression.push('\n');
                expression.push_str(&b.raw);
                expression.push_str(&b.heredoc.name);
            }
            Ok(Kind::Onbuild(expression))
        }
        _ => {
            let mut message = format!("unknown instruction: {name}");
            let closest = INSTRUCTIONS.iter().min_by_key(|i| edit_distance(i, cmd));
            if let Some(s) = closest.filter(|i| cmd.len() > 2 && edit_distance(i, cmd) <= 2) {
                message.push_str(&format!(" (did you mean {}?)", s.to_uppercase()));
            }
            Err(message)
        }
    }
}

/// RUN, CMD, ENTRYPOINT: the exec form for a JSON array of strings, else the shell form.
fn command_form(args: &str) -> Result<Form, String> {
    Ok(match parse_json_array(args)? {
        Some(list) => Form::Exec(list),
        None => Form::Shell(args.to_string()),
    })
}

/// ENV and LABEL (BuildKit's `parseNameVal`): `K=V ...`, or the legacy `K V`
/// where the value is the rest of the line.
fn parse_name_values(args: &str, upper: &str, escape: char) -> Result<Vec<(String, String)>, String> {
    let words = parse_words(args, escape);
    let Some(first) = words.first() else {
        return Err(format!("{upper} requires at least one argument"));
    };
    if !first.contains('=') {
        return match args.find(is_token_space) {
            Some(p) => Ok(vec![(args[..p].to_string(), args[p..].trim_start_matches(is_token_space).to_string())]),
            None => Err(format!("{upper} must have two arguments")),
        };
    }
    words
        .into_iter()
        .map(|w| match w.split_once('=') {
            None => Err(format!("syntax error - can't find = in {w:?}. Must be of the form: name=value")),
            Some(("", _)) => Err(format!("{upper} names can not be blank")),
            Some((k, v)) => Ok((k.to_string(), v.to_string())),
        })
        .collect()
}

/// HEALTHCHECK NONE, or HEALTHCHECK [--interval=.. --timeout=.. --start-period=..
/// --start-interval=.. --retries=..] CMD command.
fn parse_healthcheck(flags: &[String], args: &str) -> Result<Kind, String> {
    if args.is_empty() {
        return Err("HEALTHCHECK requires at least one argument".to_string());
    }
    let (typ, rest) = match args.find(char::is_whitespace) {
        Some(p) => (&args[..p], args[p..].trim_start()),
        None => (args, ""),
    };
    let typ = typ.to_uppercase();
    if typ == "NONE" {
        // Docker does not look at the flags of HEALTHCHECK NONE.
        if !rest.is_empty() {
            return Err("HEALTHCHECK NONE takes no arguments".to_string());
        }
        return Ok(Kind::Healthcheck(Healthcheck {
            test: None,
            none: true,
            interval: None,
            timeout: None,
            start_period: None,
            start_interval: None,
            retries: None,
        }));
    }
    let durations = ["interval", "timeout", "start-period", "start-interval"];
    let mut known: Vec<(&'static str, FlagKind)> = durations.iter().map(|d| (*d, FlagKind::Str)).collect();
    known.push(("retries", FlagKind::Str));
    let flags = Flags::parse(flags, &known)?;
    if typ != "CMD" {
        return Err(format!("unknown type {typ:?} in HEALTHCHECK (try CMD)"));
    }
    let test = command_form(rest)?;
    if matches!(&test, Form::Shell(s) if s.is_empty()) || matches!(&test, Form::Exec(a) if a.is_empty()) {
        return Err("missing command after HEALTHCHECK CMD".to_string());
    }
    let value = |name: &str| flags.string(name).filter(|v| !v.is_empty());
    for d in durations {
        if let Some(v) = value(d) {
            let ns = go_duration_nanos(&v).map_err(|e| format!("--{d}: {e}"))?;
            if ns != 0 && ns < 1_000_000 {
                return Err(format!("interval \"{d}\" cannot be less than 1ms"));
            }
        }
    }
    if let Some(r) = value("retries") {
        let n: i32 = r.parse().map_err(|_| format!("--retries: invalid number {r:?}"))?;
        if n < 0 {
            return Err(format!("--retries cannot be negative ({n})"));
        }
    }
    Ok(Kind::Healthcheck(Healthcheck {
        test: Some(test),
        none: false,
        interval: value("interval"),
        timeout: value("timeout"),
        start_period: value("start-period"),
        start_interval: value("start-interval"),
        retries: value("retries"),
    }))
}

/// Levenshtein distance, to suggest an instruction for a misspelled one.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A Go duration (`time.ParseDuration`: `1h30m`, `1.5s`, `300ms`, `0`) as
/// [`std::time::Duration`], for HEALTHCHECK's flags. Negative durations are errors.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let ns = go_duration_nanos(s)?;
    u64::try_from(ns)
        .map(std::time::Duration::from_nanos)
        .map_err(|_| format!("invalid duration {s:?}: it must not be negative"))
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn go_duration_nanos(s: &str) -> Result<i128, String> {
    let invalid = || format!("invalid duration {s:?}: use a number and a unit, as in 30s, 1m30s or 500ms");
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (int, after) = rest.split_at(int_len);
        let (frac, after) = match after.strip_prefix('.') {
            Some(a) => a.split_at(a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len())),
            None => ("", after),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(invalid());
        }
        let unit_len = after.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(invalid()),
        };
        let whole: i128 = if int.is_empty() { 0 } else { int.parse().map_err(|_| invalid())? };
        let mut part = whole.checked_mul(scale).ok_or_else(invalid)?;
        if !frac.is_empty() {
            // Digits past the 25th are worth less than a nanosecond of any unit (at most an
            // hour), and with more `f * scale` would overflow.
            let digits = &frac[..frac.len().min(25)];
            let f: i128 = digits.parse().map_err(|_| invalid())?;
            part = part.checked_add(f * scale / 10i128.pow(digits.len() as u32)).ok_or_else(invalid)?;
        }
        total = total.checked_add(part).ok_or_else(invalid)?;
        if total > i128::from(i64::MAX) {
            return Err(invalid());
        }
        rest = after;
    }
    Ok(if negative { -total } else { total })
}

/// Docker's word expansion (BuildKit's `Lex.ProcessWord`): `$VAR`, `${VAR}`,
/// `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`,
/// `${VAR?msg}`, `${VAR#pattern}`, `${VAR##pattern}`, `${VAR%pattern}`,
/// `${VAR%%pattern}`, `${VAR/pattern/replacement}` and `${VAR//pattern/replacement}`;
/// single and double quotes removed (nothing is expanded inside single quotes);
/// the escape character escapes the next character (`\$` is a literal `$`;
/// inside double quotes only `"`, `$` and the escape character itself can be
/// escaped); unknown variables expand to "". `lookup` returns the current value
/// of a build arg or environment variable.
pub fn expand_word(word: &str, lookup: &dyn Fn(&str) -> Option<String>, escape: char) -> Result<String, String> {
    Lexer::new(word, escape, lookup).process().map(|(w, _)| w)
}

/// [`expand_word`], splitting the result into words on whitespace that is
/// neither quoted nor escaped; whitespace in a variable's value splits too
/// (BuildKit's `Lex.ProcessWords`, used for EXPOSE).
pub fn expand_words(text: &str, lookup: &dyn Fn(&str) -> Option<String>, escape: char) -> Result<Vec<String>, String> {
    Lexer::new(text, escape, lookup).process().map(|(_, w)| w)
}

/// The expansion of a COPY/ADD heredoc whose [`Heredoc::expand`] is set: the
/// variables are expanded and `\` escapes, but quotes are kept, as they are part
/// of the file (BuildKit expands these with a lexer that skips quote processing,
/// and always with `\`).
pub fn expand_heredoc(content: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut lexer = Lexer::new(content, '\\', lookup);
    lexer.skip_process_quotes = true;
    lexer.process().map(|(w, _)| w)
}

/// The longest an expansion may grow, unless its text is longer (a heredoc): eight times
/// the longest argument or environment string a RUN can have (the kernel's
/// MAX_ARG_STRLEN, 128 KiB). `${V//?/${V//?/...}}` nested multiplies, and would otherwise
/// take the builder's memory and time without bound.
const MAX_EXPANSION: usize = 1 << 20;

/// BuildKit's `shellWord`.
struct Lexer<'a> {
    source: &'a str,
    /// [`MAX_EXPANSION`], or twice the source's length if that is more.
    max_len: usize,
    /// What is left of [`MAX_GLOB_STEPS`].
    glob_steps: usize,
    chars: Vec<char>,
    pos: usize,
    escape: char,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    /// Keep the quotes in the result.
    raw_quotes: bool,
    /// Keep the escape characters in the result.
    raw_escapes: bool,
    /// Quotes are ordinary characters.
    skip_process_quotes: bool,
    /// Leave references to unset variables as they are.
    skip_unset_env: bool,
}

/// The words of ProcessWords being collected.
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    /// An unquoted, unescaped character: whitespace ends a word.
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        for ch in s.chars() {
            self.add_char(ch);
        }
    }

    fn add_raw_string(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(self.buf);
        }
        self.words
    }
}

impl<'a> Lexer<'a> {
    fn new(source: &'a str, escape: char, lookup: &'a dyn Fn(&str) -> Option<String>) -> Lexer<'a> {
        Lexer {
            source,
            max_len: MAX_EXPANSION.max(2 * source.len()),
            glob_steps: MAX_GLOB_STEPS,
            chars: source.chars().collect(),
            pos: 0,
            escape,
            lookup,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    fn raw_quotes(mut self) -> Self {
        self.raw_quotes = true;
        self
    }

    fn raw_escapes(mut self) -> Self {
        self.raw_escapes = true;
        self
    }

    fn skip_unset_env(mut self) -> Self {
        self.skip_unset_env = true;
        self
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    /// The expanded text and its words.
    fn process(&mut self) -> Result<(String, Vec<String>), String> {
        let raw_escapes = self.raw_escapes;
        self.process_stop_on(None, raw_escapes).map_err(|e| format!("failed to process {:?}: {e}", self.source))
    }

    /// Processes up to `stop` (consumed) or the end.
    fn process_stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<(String, Vec<String>), String> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.process_stop_on_inner(stop);
        self.raw_escapes = saved;
        result
    }

    fn process_stop_on_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), String> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = self.peek() {
            if stop == Some(ch) {
                self.next();
                return Ok((result, words.finish()));
            }
            if ch == '$' {
                let value = self.process_dollar()?;
                result.push_str(&value);
                self.check_len(result.len())?;
                words.add_string(&value);
                continue;
            }
            if !self.skip_process_quotes && (ch == '\'' || ch == '"') {
                let value = if ch == '\'' { self.process_single_quote()? } else { self.process_double_quote()? };
                result.push_str(&value);
                self.check_len(result.len())?;
                words.add_raw_string(&value);
                continue;
            }
            self.next();
            if ch == self.escape {
                if self.raw_escapes {
                    words.add_raw_char(ch);
                    result.push(ch);
                }
                // An escape character at the very end is dropped.
                let Some(escaped) = self.next() else { break };
                words.add_raw_char(escaped);
                result.push(escaped);
            } else {
                words.add_char(ch);
                result.push(ch);
            }
        }
        match stop {
            Some(s) => Err(format!("unexpected end of statement while looking for matching {s}")),
            None => Ok((result, words.finish())),
        }
    }

    fn process_single_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        self.next();
        if self.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.next() {
                None => return Err("unexpected end of statement while looking for matching single-quote".to_string()),
                Some('\'') => {
                    if self.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, String> {
        let mut result = String::new();
        self.next();
        if self.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => return Err("unexpected end of statement while looking for matching double-quote".to_string()),
                Some('"') => {
                    self.next();
                    if self.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    self.check_len(result.len())?;
                }
                Some(mut ch) => {
                    self.next();
                    if ch == self.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            // An escape at the end is dropped (and the quote is unterminated).
                            None => continue,
                            Some(c) if c == '"' || c == '$' || c == self.escape => {
                                self.next();
                                ch = c;
                            }
                            // Other escapes stay literal.
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn lookup(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
    }

    fn check_len(&self, len: usize) -> Result<(), String> {
        if len > self.max_len {
            return Err(format!("the expansion is longer than {} bytes", self.max_len));
        }
        Ok(())
    }

    fn process_dollar(&mut self) -> Result<String, String> {
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return Err("syntax error: missing '}'".to_string()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".to_string()),
            Some(_) => {}
        }
        let name = self.process_name();
        let missing_brace = || "syntax error: missing '}'".to_string();
        let Some(ch) = self.next() else { return Err(missing_brace()) };
        match ch {
            '}' => Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            ':' | '+' | '-' | '?' | '#' | '%' => {
                let (null_is_unset, modifier, chs) = if ch == ':' {
                    let Some(m) = self.next() else { return Err(missing_brace()) };
                    (true, m, format!(":{m}"))
                } else {
                    (false, ch, ch.to_string())
                };
                let pattern = modifier == '#' || modifier == '%';
                if null_is_unset && pattern {
                    return Err(format!("unsupported modifier ({chs}) in substitution"));
                }
                let word = match self.process_stop_on(Some('}'), pattern) {
                    Ok((w, _)) => w,
                    Err(_) if self.peek().is_none() => return Err(missing_brace()),
                    Err(e) => return Err(e),
                };
                let value = self.lookup(&name);
                if self.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}{chs}{word}}}"));
                }
                let unset = value.as_deref().is_none_or(|v| null_is_unset && v.is_empty());
                match modifier {
                    '-' => Ok(if unset { word } else { value.unwrap_or_default() }),
                    '+' => Ok(if unset { String::new() } else { word }),
                    '?' => match value {
                        None => Err(format!(
                            "{name}: {}",
                            if word.is_empty() { "is not allowed to be unset" } else { &word }
                        )),
                        Some(v) if null_is_unset && v.is_empty() => Err(format!(
                            "{name}: {}",
                            if word.is_empty() { "is not allowed to be empty" } else { &word }
                        )),
                        Some(v) => Ok(v),
                    },
                    '#' | '%' => {
                        // `#`/`%` remove the shortest match, `##`/`%%` the longest.
                        let (greedy, pat) = match word.strip_prefix(modifier) {
                            Some(p) => (true, p),
                            None => (false, word.as_str()),
                        };
                        let glob =
                            compile_glob(pat).map_err(|e| format!("invalid pattern ({pat}) in substitution: {e}"))?;
                        let value: Vec<char> = value.unwrap_or_default().chars().collect();
                        if modifier == '#' {
                            trim_prefix(&glob, &value, greedy, &mut self.glob_steps)
                        } else {
                            trim_suffix(&glob, &value, greedy, &mut self.glob_steps)
                        }
                    }
                    _ => Err(format!("unsupported modifier ({chs}) in substitution")),
                }
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.next();
                }
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((p, _)) => p,
                    Err(_) if self.peek().is_none() => return Err("syntax error: missing '/' in ${}".to_string()),
                    Err(e) => return Err(e),
                };
                let replacement = match self.process_stop_on(Some('}'), true) {
                    Ok((r, _)) => r,
                    Err(_) if self.peek().is_none() => return Err(missing_brace()),
                    Err(e) => return Err(e),
                };
                let value = self.lookup(&name);
                if self.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                }
                let glob =
                    compile_glob(&pattern).map_err(|e| format!("invalid pattern ({pattern}) in substitution: {e}"))?;
                let value: Vec<char> = value.unwrap_or_default().chars().collect();
                replace_glob(&glob, &value, &replacement, all, self.max_len, &mut self.glob_steps)
            }
            _ => Err(format!("unsupported modifier ({ch}) in substitution")),
        }
    }

    /// A variable name: letters, digits and `_`; or all the digits of a
    /// positional parameter; or one special parameter (`@*#?-$!0`).
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_numeric() {
                while let Some(d) = self.peek().filter(|c| c.is_numeric()) {
                    self.next();
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && "@*#?-$!0".contains(ch) {
                self.next();
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !ch.is_numeric() && ch != '_' {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }
}

/// A shell pattern of `${VAR#pattern}` and friends: `?` one character, `*` any
/// run, `\*` `\?` `\\` literal, `\}` and `\/` the character (no brackets, as in
/// BuildKit).
#[derive(Clone, Copy, PartialEq)]
enum Glob {
    Lit(char),
    Any,
    Star,
}

fn compile_glob(pattern: &str) -> Result<Vec<Glob>, String> {
    let mut out = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => out.push(Glob::Star),
            '?' => out.push(Glob::Any),
            '\\' => match chars.peek() {
                Some('}' | '/') => {}
                Some(&e @ ('*' | '?' | '\\')) => {
                    chars.next();
                    out.push(Glob::Lit(e));
                }
                Some(&e) => return Err(format!("invalid escape '\\{e}'")),
                None => return Err("invalid escape '\\' at the end".to_string()),
            },
            c => out.push(Glob::Lit(c)),
        }
    }
    Ok(out)
}

/// A live position of a pattern: none.
const NONE: usize = usize::MAX;

/// The most steps (a character against one live position of a pattern) the pattern
/// substitutions of one expansion may take. A search costs the value's length times the
/// pattern's live positions, and both may be long (up to [`MAX_EXPANSION`]); this keeps a
/// hostile Dockerfile from holding the builder for hours, far above what real ones need.
const MAX_GLOB_STEPS: usize = 20_000_000;

/// A pattern run over text as an automaton: the live positions in the pattern, each with
/// the leftmost start that reached it (a later start at the same position has the same
/// future, and loses), kept sparse so a step costs what is live, not the pattern's length.
struct GlobSearch<'a> {
    glob: &'a [Glob],
    /// Per position of the pattern (and one past its end: a match), the start or NONE.
    cur: Vec<usize>,
    cur_live: Vec<usize>,
    next: Vec<usize>,
    next_live: Vec<usize>,
    steps_left: usize,
}

impl<'a> GlobSearch<'a> {
    fn new(glob: &'a [Glob], steps_left: usize) -> GlobSearch<'a> {
        let m = glob.len();
        GlobSearch {
            glob,
            cur: vec![NONE; m + 1],
            cur_live: Vec::new(),
            next: vec![NONE; m + 1],
            next_live: Vec::new(),
            steps_left,
        }
    }

    /// Position `j` live from `start`, and the positions a `*` reaches with no character.
    fn add(glob: &[Glob], set: &mut [usize], live: &mut Vec<usize>, mut j: usize, start: usize) {
        loop {
            if set[j] == NONE {
                live.push(j);
            } else if set[j] <= start {
                return;
            }
            set[j] = start;
            if glob.get(j) != Some(&Glob::Star) {
                return;
            }
            j += 1;
        }
    }

    /// The match in `s` from `from`: anchored there or the leftmost one, with its shortest
    /// or longest end. Err when the steps are spent.
    fn find(
        &mut self,
        s: &[char],
        from: usize,
        anchored: bool,
        longest: bool,
    ) -> Result<Option<(usize, usize)>, String> {
        let m = self.glob.len();
        for &j in &self.cur_live {
            self.cur[j] = NONE;
        }
        self.cur_live.clear();
        let mut best: Option<(usize, usize)> = None;
        for i in from..=s.len() {
            // A match may start here, unless one started earlier already.
            if best.is_none() && (!anchored || i == from) {
                Self::add(self.glob, &mut self.cur, &mut self.cur_live, 0, i);
            }
            let start = self.cur[m];
            if start != NONE && best.is_none_or(|(b, _)| start <= b) {
                best = Some((start, i));
                if !longest {
                    break;
                }
            }
            if let Some((b, _)) = best {
                // Only the best start can still end later.
                let cur = &mut self.cur;
                self.cur_live.retain(|&j| {
                    let keep = cur[j] <= b;
                    if !keep {
                        cur[j] = NONE;
                    }
                    keep
                });
            }
            if self.cur_live.is_empty() && (best.is_some() || anchored) {
                break;
            }
            let Some(&c) = s.get(i) else { break };
            self.steps_left = self.steps_left.checked_sub(self.cur_live.len()).ok_or_else(|| {
                format!(
                    "the pattern substitution takes more than {MAX_GLOB_STEPS} steps: shorten the pattern or the value"
                )
            })?;
            for k in 0..self.cur_live.len() {
                let j = self.cur_live[k];
                let to = match self.glob.get(j) {
                    Some(Glob::Star) => j,
                    Some(Glob::Any) => j + 1,
                    Some(Glob::Lit(l)) if *l == c => j + 1,
                    _ => continue,
                };
                Self::add(self.glob, &mut self.next, &mut self.next_live, to, self.cur[j]);
            }
            for &j in &self.cur_live {
                self.cur[j] = NONE;
            }
            self.cur_live.clear();
            std::mem::swap(&mut self.cur, &mut self.next);
            std::mem::swap(&mut self.cur_live, &mut self.next_live);
        }
        Ok(best)
    }
}

/// `${VAR#pattern}` (shortest) and `${VAR##pattern}` (longest): the value without the
/// prefix the pattern matches.
fn trim_prefix(glob: &[Glob], value: &[char], greedy: bool, steps: &mut usize) -> Result<String, String> {
    let mut search = GlobSearch::new(glob, *steps);
    let found = search.find(value, 0, true, greedy);
    *steps = search.steps_left;
    let skip = found?.map_or(0, |(_, end)| end);
    Ok(value[skip..].iter().collect())
}

/// `${VAR%pattern}` and `${VAR%%pattern}`: a prefix, read backwards.
fn trim_suffix(glob: &[Glob], value: &[char], greedy: bool, steps: &mut usize) -> Result<String, String> {
    let reversed_glob: Vec<Glob> = glob.iter().rev().copied().collect();
    let reversed: Vec<char> = value.iter().rev().copied().collect();
    let kept = trim_prefix(&reversed_glob, &reversed, greedy, steps)?;
    Ok(kept.chars().rev().collect())
}

/// `${VAR/pattern/replacement}` (first match) and `${VAR//...}` (all matches):
/// leftmost, longest matches, as Go's `regexp.ReplaceAllString` finds them. An error when
/// the result would be longer than `max` bytes, or the steps are spent.
fn replace_glob(
    glob: &[Glob],
    value: &[char],
    replacement: &str,
    all: bool,
    max: usize,
    steps: &mut usize,
) -> Result<String, String> {
    let too_long = || format!("the expansion is longer than {max} bytes");
    let mut search = GlobSearch::new(glob, *steps);
    let mut out = String::new();
    let mut last_end = 0;
    let mut at = 0;
    while at <= value.len() {
        let found = search.find(value, at, false, true);
        *steps = search.steps_left;
        let Some((start, end)) = found? else { break };
        out.extend(&value[last_end..start]);
        // An empty match right after a match is not replaced.
        if end > last_end || start == 0 {
            out.push_str(replacement);
        }
        if out.len() > max {
            return Err(too_long());
        }
        last_end = end;
        if !all {
            break;
        }
        at = if at + 1 > end { at + 1 } else { end };
    }
    out.extend(&value[last_end.min(value.len())..]);
    if out.len() > max {
        return Err(too_long());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn df(text: &str) -> Dockerfile {
        parse(text, "Dockerfile").unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(text: &str) -> ParseError {
        match parse(text, "Dockerfile") {
            Ok(d) => panic!("parsed: {d:?}"),
            Err(e) => e,
        }
    }

    /// The kinds of the first stage's instructions after `FROM scratch`.
    fn kinds(body: &str) -> Vec<Kind> {
        df(&format!("FROM scratch\n{body}")).stages[0].instructions.iter().map(|i| i.kind.clone()).collect()
    }

    fn kind(body: &str) -> Kind {
        let mut k = kinds(body);
        assert_eq!(k.len(), 1, "{k:?}");
        k.remove(0)
    }

    /// The error of `FROM scratch` followed by `body` (which starts on line 2).
    fn body_err(body: &str) -> ParseError {
        err(&format!("FROM scratch\n{body}"))
    }

    fn env(vars: &[(&str, &str)]) -> HashMap<String, String> {
        vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn ex(word: &str, vars: &[(&str, &str)]) -> Result<String, String> {
        let map = env(vars);
        expand_word(word, &|n| map.get(n).cloned(), '\\')
    }

    fn exs(word: &str, vars: &[(&str, &str)]) -> Result<Vec<String>, String> {
        let map = env(vars);
        expand_words(word, &|n| map.get(n).cloned(), '\\')
    }

    fn ok(word: &str, vars: &[(&str, &str)]) -> String {
        ex(word, vars).unwrap_or_else(|e| panic!("{word}: {e}"))
    }

    fn copy_args(k: Kind) -> CopyArgs {
        match k {
            Kind::Copy(c) | Kind::Add(c) => c,
            other => panic!("not COPY/ADD: {other:?}"),
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    // ---- parser directives ----

    #[test]
    fn directives_at_the_top_case_insensitive() {
        let d = df("# SYNTAX = docker/dockerfile:1.7\n#Escape=`\nFROM scratch\nRUN dir c:\\ `\n  && echo hi\n");
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1.7"));
        assert_eq!(d.escape, '`');
        // The backslash is literal, the backtick continues the line.
        assert_eq!(
            d.stages[0].instructions[0].kind,
            Kind::Run {
                form: Form::Shell("dir c:\\   && echo hi".into()),
                heredocs: vec![],
                network: None,
                mounts: vec![]
            }
        );
        assert_eq!(d.stages[0].instructions[0].line, 4);
    }

    #[test]
    fn directive_after_a_comment_blank_line_or_instruction_is_a_comment() {
        assert_eq!(df("# a comment\n# escape=`\nFROM scratch\n").escape, '\\');
        assert_eq!(df("\n# escape=`\nFROM scratch\n").escape, '\\');
        let d = df("FROM scratch\n# escape=`\n# syntax=x\n");
        assert_eq!((d.escape, d.syntax), ('\\', None));
    }

    #[test]
    fn unknown_directive_is_a_comment_and_ends_the_directives() {
        let d = df("# foo=bar\n# escape=`\nFROM scratch\n");
        assert_eq!(d.escape, '\\');
        // `check` is a directive Docker knows: the ones after it still count.
        let d = df("# check=skip=all\n# escape=`\nFROM scratch\n");
        assert_eq!(d.escape, '`');
    }

    #[test]
    fn directive_with_leading_whitespace_and_spaces_around_equals() {
        assert_eq!(df("  #  escape  =  `  \nFROM scratch\n").escape, '`');
    }

    #[test]
    fn duplicate_or_bad_directives_are_errors_on_their_line() {
        let e = err("# escape=\\\n# escape=`\nFROM scratch\n");
        assert_eq!((e.line, e.instruction.as_str()), (2, ""));
        assert!(e.message.contains("only one escape parser directive"), "{e}");
        let e = err("# syntax=a\n# syntax=b\nFROM scratch\n");
        assert_eq!(e.line, 2);
        let e = err("# escape=x\nFROM scratch\n");
        assert_eq!(e.line, 1);
        assert!(e.message.contains("invalid escape token 'x'"), "{e}");
        assert_eq!(e.to_string(), "Dockerfile:1: invalid escape token 'x' does not match ` or \\");
    }

    #[test]
    fn escape_directive_governs_words_too() {
        let d = df("# escape=`\nFROM scratch\nENV A=a`\"b C=c\\d\n");
        assert_eq!(
            d.stages[0].instructions[0].kind,
            Kind::Env(vec![("A".into(), "a`\"b".into()), ("C".into(), "c\\d".into())])
        );
        let lookup = |_: &str| None;
        assert_eq!(expand_word("a`\"b", &lookup, '`').unwrap(), "a\"b");
        assert_eq!(expand_word("c\\d", &lookup, '`').unwrap(), "c\\d");
    }

    // ---- comments, continuations, lines ----

    #[test]
    fn comments_and_continuations() {
        let text = "# comment\n\
                    FROM scratch\n\
                    \n\
                    RUN apt-get update \\\n\
                    # a comment inside the continuation\n\
                    \x20   # an indented one\n\
                    \n\
                    \x20   && apt-get install -y curl \\\n\
                    \x20   && echo done\n\
                    RUN echo # not a comment\n\
                    \x20 \t# indented comment\n\
                    USER me\n";
        let d = df(text);
        let ins = &d.stages[0].instructions;
        assert_eq!(ins.len(), 3);
        assert_eq!(ins[0].line, 4);
        assert_eq!(ins[0].text, "RUN apt-get update     && apt-get install -y curl     && echo done");
        assert_eq!(
            ins[0].kind,
            Kind::Run {
                form: Form::Shell("apt-get update     && apt-get install -y curl     && echo done".into()),
                heredocs: vec![],
                network: None,
                mounts: vec![]
            }
        );
        assert_eq!(ins[1].line, 10);
        assert_eq!(
            ins[1].kind,
            Kind::Run {
                form: Form::Shell("echo # not a comment".into()),
                heredocs: vec![],
                network: None,
                mounts: vec![]
            }
        );
        assert_eq!((ins[2].line, &ins[2].kind), (12, &Kind::User("me".into())));
    }

    #[test]
    fn continuation_with_trailing_blanks_after_the_escape() {
        assert_eq!(
            kind("RUN a \\  \t\n b"),
            Kind::Run { form: Form::Shell("a  b".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
    }

    #[test]
    fn escaped_escape_at_the_end_is_not_a_continuation() {
        let k = kinds("RUN echo \\\\\nUSER me");
        assert_eq!(
            k[0],
            Kind::Run { form: Form::Shell("echo \\\\".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
        assert_eq!(k[1], Kind::User("me".into()));
    }

    #[test]
    fn escape_alone_on_a_line_continues() {
        assert_eq!(
            kind("RUN a \\\n\\\n b"),
            Kind::Run { form: Form::Shell("a  b".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
    }

    #[test]
    fn continuation_at_the_end_of_the_file() {
        assert_eq!(
            kind("RUN echo hi \\"),
            Kind::Run { form: Form::Shell("echo hi".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
        assert_eq!(
            kind("RUN echo hi \\\n# only a comment after it\n"),
            Kind::Run { form: Form::Shell("echo hi".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
    }

    #[test]
    fn crlf_line_endings_and_bom() {
        let d = df("\u{feff}# escape=`\r\nFROM alpine AS b\r\nRUN a `\r\n  b\r\nUSER me\r\n");
        assert_eq!(d.escape, '`');
        assert_eq!(d.stages[0].name.as_deref(), Some("b"));
        let ins = &d.stages[0].instructions;
        assert_eq!(
            ins[0].kind,
            Kind::Run { form: Form::Shell("a   b".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
        assert_eq!((ins[1].line, &ins[1].kind), (5, &Kind::User("me".into())));
    }

    #[test]
    fn instruction_names_are_case_insensitive_and_may_be_indented() {
        let d = df("   from alpine as Build\n\tRuN echo hi\n  uSeR me\n");
        assert_eq!(d.stages[0].name.as_deref(), Some("build"));
        assert_eq!(
            d.stages[0].from.kind,
            Kind::From { image: "alpine".into(), name: Some("Build".into()), platform: None }
        );
        assert_eq!(d.stages[0].from.text, "from alpine as Build");
        assert_eq!(d.stages[0].instructions[1].kind, Kind::User("me".into()));
    }

    // ---- structure and errors ----

    #[test]
    fn unknown_instruction_is_an_error_naming_it() {
        let e = body_err("RUNN echo hi\n");
        assert_eq!((e.line, e.instruction.as_str()), (2, "RUNN"));
        assert_eq!(e.message, "unknown instruction: RUNN (did you mean RUN?)");
        let e = body_err("frobnicate x\n");
        assert_eq!(e.message, "unknown instruction: frobnicate");
        assert_eq!(e.to_string(), "Dockerfile:2: FROBNICATE: unknown instruction: frobnicate");
    }

    #[test]
    fn instructions_before_from_other_than_arg_are_errors() {
        let e = err("ARG V=1\n# c\nRUN echo\nFROM scratch\n");
        assert_eq!((e.line, e.instruction.as_str()), (3, "RUN"));
        assert!(e.message.starts_with("no build stage in current context"), "{e}");
    }

    #[test]
    fn empty_file_and_no_from() {
        let e = err("# just a comment\n\n");
        assert_eq!(e.message, "file with no instructions");
        let e = err("");
        assert_eq!((e.line, e.message.as_str()), (1, "file with no instructions"));
        let e = err("ARG A\nARG B\n");
        assert!(e.message.contains("no stages to build"), "{e}");
    }

    #[test]
    fn error_on_line_7_reports_line_7() {
        let text = "# syntax=docker/dockerfile:1\nFROM alpine\n\nRUN a \\\n    b\n# comment\nCOPY onlyonearg\nRUN c\n";
        let e = err(text);
        assert_eq!((e.line, e.instruction.as_str()), (7, "COPY"));
        assert_eq!(
            e.to_string(),
            "Dockerfile:7: COPY: COPY requires at least two arguments, but only one was provided. Destination could not be determined"
        );
        // A syntax error inside a continued instruction reports its first line.
        let e = err("FROM a\n\n\n\n\n\nRUN --bogus \\\n  echo\n");
        assert_eq!((e.line, e.message.as_str()), (7, "unknown flag: --bogus"));
        // After a heredoc, lines still count.
        let e = err("FROM a\nRUN <<EOF\n1\n2\nEOF\n\nWORKDIR\n");
        assert_eq!((e.line, e.instruction.as_str()), (7, "WORKDIR"));
    }

    #[test]
    fn missing_arguments_are_errors() {
        for (body, message) in [
            ("ENV", "ENV requires at least one argument"),
            ("ENV onlykey", "ENV must have two arguments"),
            ("LABEL", "LABEL requires at least one argument"),
            ("ARG", "ARG requires at least one argument"),
            (
                "COPY onlyonearg",
                "COPY requires at least two arguments, but only one was provided. Destination could not be determined",
            ),
            (
                "ADD",
                "ADD requires at least two arguments, but only one was provided. Destination could not be determined",
            ),
            (
                "COPY [\"a\"]",
                "COPY requires at least two arguments, but only one was provided. Destination could not be determined",
            ),
            ("WORKDIR", "WORKDIR requires exactly one argument"),
            ("WORKDIR   ", "WORKDIR requires exactly one argument"),
            ("USER", "USER requires exactly one argument"),
            ("MAINTAINER", "MAINTAINER requires exactly one argument"),
            ("STOPSIGNAL", "STOPSIGNAL requires exactly one argument"),
            ("RUN", "RUN requires at least one argument"),
            ("RUN []", "RUN requires at least one argument"),
            ("RUN --network=none", "RUN requires at least one argument"),
            ("CMD", "CMD requires at least one argument"),
            ("ENTRYPOINT", "ENTRYPOINT requires at least one argument"),
            ("EXPOSE", "EXPOSE requires at least one argument"),
            ("VOLUME", "VOLUME requires at least one argument"),
            ("VOLUME []", "VOLUME requires at least one argument"),
            ("SHELL", "SHELL requires at least one argument"),
            ("SHELL []", "SHELL requires at least one argument"),
            ("HEALTHCHECK", "HEALTHCHECK requires at least one argument"),
            ("HEALTHCHECK CMD", "missing command after HEALTHCHECK CMD"),
            ("HEALTHCHECK CMD []", "missing command after HEALTHCHECK CMD"),
            ("ONBUILD", "ONBUILD requires at least one argument"),
            ("FROM", "FROM requires either one or three arguments"),
        ] {
            let e = body_err(body);
            assert_eq!(e.line, 2, "{body}");
            assert_eq!(e.message, message, "{body}");
        }
    }

    #[test]
    fn display_of_errors() {
        let e = ParseError { file: "Containerfile".into(), line: 7, instruction: "RUN".into(), message: "boom".into() };
        assert_eq!(e.to_string(), "Containerfile:7: RUN: boom");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), "Containerfile:7: RUN: boom");
    }

    #[test]
    fn multi_stage_dockerfile() {
        let text = r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
ARG BASE="alpine:3.19"

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS Build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS go build -o /out/app ./cmd/app

FROM ${BASE}
LABEL org.opencontainers.image.title="my app" version=1.0
ENV APP_HOME=/app PATH="/app/bin:$PATH"
COPY --from=build --chown=app:app --chmod=755 /out/app /app/bin/app
USER app
EXPOSE 8080/tcp 9090
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1
ENTRYPOINT ["/app/bin/app"]
CMD ["--serve"]
"#;
        let d = df(text);
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert_eq!(d.global_args.len(), 2);
        assert_eq!(d.global_args[1].kind, Kind::Arg(vec![("BASE".into(), Some("\"alpine:3.19\"".into()))]));
        assert_eq!(d.stages.len(), 2);
        let build = &d.stages[0];
        assert_eq!((build.index, build.name.as_deref(), build.from.line), (0, Some("build"), 5));
        assert_eq!(
            build.from.kind,
            Kind::From {
                image: "golang:${GO_VERSION}".into(),
                name: Some("Build".into()),
                platform: Some("$BUILDPLATFORM".into())
            }
        );
        assert_eq!(build.instructions.len(), 4);
        assert_eq!(build.instructions[0].kind, Kind::Arg(vec![("TARGETOS".into(), None), ("TARGETARCH".into(), None)]));
        assert_eq!(build.instructions[3].line, 9);
        assert_eq!(
            build.instructions[3].kind,
            Kind::Run {
                form: Form::Shell("GOOS=$TARGETOS go build -o /out/app ./cmd/app".into()),
                heredocs: vec![],
                network: None,
                mounts: strings(&["type=cache,target=/go/pkg/mod", "type=cache,target=/root/.cache/go-build"])
            }
        );
        let run = &d.stages[1];
        assert_eq!((run.index, run.name.as_deref(), run.from.line), (1, None, 13));
        assert_eq!(run.instructions.len(), 8);
        let copy = copy_args(run.instructions[2].kind.clone());
        assert_eq!(
            copy,
            CopyArgs {
                srcs: strings(&["/out/app"]),
                dest: "/app/bin/app".into(),
                from: Some("build".into()),
                chown: Some("app:app".into()),
                chmod: Some("755".into()),
                link: false,
                heredocs: vec![]
            }
        );
        assert_eq!(run.instructions[4].kind, Kind::Expose(strings(&["8080/tcp", "9090"])));
        assert_eq!(run.instructions[6].kind, Kind::Entrypoint(Form::Exec(strings(&["/app/bin/app"]))));
        assert_eq!(run.instructions[7].kind, Kind::Cmd(Form::Exec(strings(&["--serve"]))));
        assert_eq!(run.instructions[7].line, 21);
        // Expanding the raw words gives what Docker gets.
        let Kind::Env(pairs) = &run.instructions[1].kind else { panic!() };
        assert_eq!(ok(&pairs[1].1, &[("PATH", "/usr/bin")]), "/app/bin:/usr/bin");
        assert_eq!(ok("golang:${GO_VERSION}", &[("GO_VERSION", "1.22")]), "golang:1.22");
    }

    // ---- FROM ----

    #[test]
    fn from_forms() {
        let d = df("FROM --platform=linux/arm64 alpine:3 AS one\nFROM one\nFROM scratch as Two.x-y_z\n");
        assert_eq!(
            d.stages[0].from.kind,
            Kind::From { image: "alpine:3".into(), name: Some("one".into()), platform: Some("linux/arm64".into()) }
        );
        assert_eq!(d.stages[1].from.kind, Kind::From { image: "one".into(), name: None, platform: None });
        assert_eq!(d.stages[2].name.as_deref(), Some("two.x-y_z"));
        assert_eq!(d.stages.iter().map(|s| s.index).collect::<Vec<_>>(), vec![0, 1, 2]);
    }

    #[test]
    fn from_errors() {
        assert_eq!(err("FROM a AS\n").message, "FROM requires either one or three arguments");
        assert_eq!(err("FROM a b c\n").message, "FROM requires either one or three arguments");
        assert!(err("FROM a AS 1st\n").message.starts_with("invalid name for build stage: \"1st\""));
        assert!(err("FROM a AS $x\n").message.starts_with("invalid name for build stage"));
        assert_eq!(err("FROM --plat=x a\n").message, "unknown flag: --plat");
        assert_eq!(err("FROM --platform a\n").message, "missing a value on flag: --platform");
    }

    // ---- ENV, LABEL, ARG ----

    #[test]
    fn env_forms_keep_raw_words() {
        assert_eq!(
            kind(r#"ENV K=V K2="v 2" K3=a\ b K4='$x' K5="""#),
            Kind::Env(vec![
                ("K".into(), "V".into()),
                ("K2".into(), "\"v 2\"".into()),
                ("K3".into(), "a\\ b".into()),
                ("K4".into(), "'$x'".into()),
                ("K5".into(), "\"\"".into()),
            ])
        );
        // Legacy form: the value is the rest of the line.
        assert_eq!(kind("ENV K  some   value \"q\""), Kind::Env(vec![("K".into(), "some   value \"q\"".into())]));
        assert_eq!(kind("ENV K=a=b"), Kind::Env(vec![("K".into(), "a=b".into())]));
        assert_eq!(kind("ENV K="), Kind::Env(vec![("K".into(), "".into())]));
    }

    #[test]
    fn env_values_expand_like_docker() {
        let Kind::Env(pairs) = kind(r#"ENV K2="v 2" K3=a\ b K4='$x' K5="$x-\$x" K6=${x:-d}"#) else { panic!() };
        let values: Vec<String> = pairs.iter().map(|(_, v)| ok(v, &[("x", "X")])).collect();
        assert_eq!(values, strings(&["v 2", "a b", "$x", "X-$x", "X"]));
        let Kind::Env(pairs) = kind("ENV K a \"b c\" $x") else { panic!() };
        assert_eq!(ok(&pairs[0].1, &[("x", "X")]), "a b c X");
    }

    #[test]
    fn env_errors() {
        let e = body_err("ENV K=V K2");
        assert_eq!(e.message, "syntax error - can't find = in \"K2\". Must be of the form: name=value");
        assert_eq!(body_err("ENV =x").message, "ENV names can not be blank");
        assert_eq!(body_err("ENV --x=1 K=V").message, "unknown flag: --x");
    }

    #[test]
    fn label_with_quoted_keys_and_values() {
        let Kind::Label(pairs) = kind(r#"LABEL "a b"="c d" e=f "com.example.x"='y z'"#) else { panic!() };
        assert_eq!(
            pairs,
            vec![
                ("\"a b\"".to_string(), "\"c d\"".to_string()),
                ("e".into(), "f".into()),
                ("\"com.example.x\"".into(), "'y z'".into()),
            ]
        );
        let expanded: Vec<(String, String)> = pairs.iter().map(|(k, v)| (ok(k, &[]), ok(v, &[]))).collect();
        assert_eq!(
            expanded,
            vec![("a b".into(), "c d".into()), ("e".into(), "f".into()), ("com.example.x".into(), "y z".into())]
        );
        assert_eq!(kind("LABEL key a value"), Kind::Label(vec![("key".into(), "a value".into())]));
    }

    #[test]
    fn arg_forms() {
        assert_eq!(
            kind(r#"ARG A B=1 C="x y" D="#),
            Kind::Arg(vec![
                ("A".into(), None),
                ("B".into(), Some("1".into())),
                ("C".into(), Some("\"x y\"".into())),
                ("D".into(), Some("".into()))
            ])
        );
        assert_eq!(body_err("ARG =1").message, "ARG names can not be blank");
    }

    // ---- RUN, CMD, ENTRYPOINT, SHELL ----

    #[test]
    fn run_shell_and_exec_forms() {
        assert_eq!(
            kind("RUN echo hi"),
            Kind::Run { form: Form::Shell("echo hi".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
        assert_eq!(
            kind(r#"RUN ["echo", "hi there"]"#),
            Kind::Run {
                form: Form::Exec(strings(&["echo", "hi there"])),
                heredocs: vec![],
                network: None,
                mounts: vec![]
            }
        );
        assert_eq!(
            kind(r#"  RUN   [ "a" ]  "#),
            Kind::Run { form: Form::Exec(strings(&["a"])), heredocs: vec![], network: None, mounts: vec![] }
        );
        // Not JSON: the shell form, as in Docker.
        for text in [r#"[echo, hi]"#, r#"["echo" "hi"]"#, r#"["echo", "hi"] extra"#, "[ -f x ] && echo y", r#"['a']"#] {
            assert_eq!(
                kind(&format!("RUN {text}")),
                Kind::Run { form: Form::Shell(text.into()), heredocs: vec![], network: None, mounts: vec![] },
                "{text}"
            );
        }
        // JSON, but not strings: an error, as in Docker.
        let e = body_err(r#"RUN ["echo", 1]"#);
        assert_eq!(e.message, "when using JSON array syntax, arrays must be comprised of strings only");
        assert_eq!(
            body_err(r#"CMD [["a"]]"#).message,
            "when using JSON array syntax, arrays must be comprised of strings only"
        );
    }

    #[test]
    fn run_flags() {
        assert_eq!(
            kind("RUN --network=none --mount=type=secret,id=a --mount=\"type=bind,source=a b\" -- --x"),
            Kind::Run {
                form: Form::Shell("--x".into()),
                heredocs: vec![],
                network: Some("none".into()),
                mounts: strings(&["type=secret,id=a", "type=bind,source=a b"])
            }
        );
        assert_eq!(body_err("RUN --security=insecure x").message, "unknown flag: --security");
        assert_eq!(body_err("RUN --network=a --network=none x").message, "duplicate flag specified: --network");
        assert!(body_err("RUN --network=bridge x").message.starts_with("unsupported network mode \"bridge\""));
        assert_eq!(body_err("RUN --mount x").message, "missing a value on flag: --mount");
        // `-x` is not a flag.
        assert_eq!(
            kind("RUN -x"),
            Kind::Run { form: Form::Shell("-x".into()), heredocs: vec![], network: None, mounts: vec![] }
        );
    }

    #[test]
    fn flags_are_errors_on_instructions_without_flags() {
        assert_eq!(body_err("CMD --verbose").message, "unknown flag: --verbose");
        assert_eq!(body_err("WORKDIR --x /a").message, "unknown flag: --x");
        assert_eq!(kind(r#"CMD ["--verbose"]"#), Kind::Cmd(Form::Exec(strings(&["--verbose"]))));
    }

    #[test]
    fn cmd_and_entrypoint() {
        assert_eq!(kind("CMD echo $HOME"), Kind::Cmd(Form::Shell("echo $HOME".into())));
        assert_eq!(kind("CMD []"), Kind::Cmd(Form::Exec(vec![])));
        assert_eq!(kind("ENTRYPOINT []"), Kind::Entrypoint(Form::Exec(vec![])));
        assert_eq!(kind(r#"ENTRYPOINT ["/bin/sh", "-c"]"#), Kind::Entrypoint(Form::Exec(strings(&["/bin/sh", "-c"]))));
    }

    #[test]
    fn shell_requires_json() {
        assert_eq!(
            kind(r#"SHELL ["/bin/bash", "-o", "pipefail", "-c"]"#),
            Kind::Shell(strings(&["/bin/bash", "-o", "pipefail", "-c"]))
        );
        let e = body_err("SHELL /bin/bash -c");
        assert_eq!(e.instruction, "SHELL");
        assert!(e.message.starts_with("SHELL requires the arguments to be in JSON form"), "{e}");
    }

    // ---- COPY, ADD ----

    #[test]
    fn copy_forms() {
        let c = copy_args(kind("COPY --link --chmod=0644 a b* c/ /dest/"));
        assert_eq!(
            c,
            CopyArgs {
                srcs: strings(&["a", "b*", "c/"]),
                dest: "/dest/".into(),
                from: None,
                chown: None,
                chmod: Some("0644".into()),
                link: true,
                heredocs: vec![]
            }
        );
        let c = copy_args(kind(r#"COPY ["a file", "$DIR/b", "/my dest/"]"#));
        assert_eq!((c.srcs, c.dest), (strings(&["a file", "$DIR/b"]), "/my dest/".to_string()));
        // Quotes do not group words in the shell form.
        let c = copy_args(kind(r#"COPY "a b" c"#));
        assert_eq!((c.srcs, c.dest), (strings(&["\"a", "b\""]), "c".to_string()));
        assert!(!copy_args(kind("COPY --link=false a b")).link);
        assert!(copy_args(kind("COPY --link=TRUE a b")).link);
        let a = kind("ADD --chown=1:2 https://example.com/x.tgz /x");
        assert!(
            matches!(&a, Kind::Add(c) if c.chown.as_deref() == Some("1:2") && c.srcs == ["https://example.com/x.tgz"])
        );
    }

    #[test]
    fn copy_flag_errors() {
        assert_eq!(body_err("COPY --foo=bar a b").message, "unknown flag: --foo");
        assert_eq!(body_err("COPY --chown a b").message, "missing a value on flag: --chown");
        assert_eq!(body_err("COPY --link=maybe a b").message, "expecting boolean value for flag --link, not: maybe");
        assert_eq!(body_err("COPY --link= a b").message, "missing a value on flag: --link");
        assert_eq!(body_err("COPY --from=a --from=b x y").message, "duplicate flag specified: --from");
        assert_eq!(body_err("ADD --from=a x y").message, "unknown flag: --from");
    }

    // ---- heredocs ----

    #[test]
    fn run_heredoc() {
        let d = df("FROM alpine\nRUN <<EOF\n  echo hi\n# not a comment\n\nFROM not-an-instruction\nEOF\nUSER me\n");
        let ins = &d.stages[0].instructions;
        assert_eq!(ins.len(), 2);
        assert_eq!(ins[0].text, "RUN <<EOF");
        assert_eq!(
            ins[0].kind,
            Kind::Run {
                form: Form::Shell("<<EOF".into()),
                heredocs: vec![Heredoc {
                    name: "EOF".into(),
                    content: "  echo hi\n# not a comment\n\nFROM not-an-instruction\n".into(),
                    expand: true,
                    strip_tabs: false
                }],
                network: None,
                mounts: vec![]
            }
        );
        assert_eq!((ins[1].line, &ins[1].kind), (8, &Kind::User("me".into())));
    }

    #[test]
    fn several_heredocs_on_one_line() {
        let k = kind("RUN --network=none cat <<A - <<\"B\" > /out && python3 <<'C'\na1\nA\nb1\nb2\nB\nprint(1)\nC");
        let Kind::Run { form, heredocs, network, .. } = k else { panic!() };
        assert_eq!(form, Form::Shell("cat <<A - <<\"B\" > /out && python3 <<'C'".into()));
        assert_eq!(network.as_deref(), Some("none"));
        let summary: Vec<(&str, &str, bool)> =
            heredocs.iter().map(|h| (h.name.as_str(), h.content.as_str(), h.expand)).collect();
        assert_eq!(summary, vec![("A", "a1\n", true), ("B", "b1\nb2\n", false), ("C", "print(1)\n", false)]);
    }

    #[test]
    fn heredoc_strip_tabs() {
        let Kind::Run { heredocs, .. } = kinds("RUN <<-EOT sh\n\t\techo a\n\t  b\n  \tc\n\t\tEOT\nUSER x").remove(0)
        else {
            panic!()
        };
        assert_eq!(
            heredocs,
            vec![Heredoc {
                name: "EOT".into(),
                content: "echo a\n  b\n  \tc\n".into(),
                expand: true,
                strip_tabs: true
            }]
        );
        // Without `-` a tab-indented delimiter does not end the heredoc.
        let e = body_err("RUN <<EOT\n\tEOT\n");
        assert!(e.message.starts_with("unterminated heredoc"), "{e}");
    }

    #[test]
    fn quoted_delimiters_disable_expansion() {
        for (word, name, expand) in [
            ("<<EOF", "EOF", true),
            ("<<\"EOF\"", "EOF", false),
            ("<<'EOF'", "EOF", false),
            ("<<E\"O\"F", "EOF", false),
            ("<<-'X'", "X", false),
            ("2<<EOF", "EOF", true),
        ] {
            let Kind::Run { heredocs, .. } = kind(&format!("RUN cat {word}\nbody\n{name}")) else { panic!() };
            assert_eq!(heredocs.len(), 1, "{word}");
            assert_eq!(
                (heredocs[0].name.as_str(), heredocs[0].expand, heredocs[0].content.as_str()),
                (name, expand, "body\n"),
                "{word}"
            );
        }
    }

    #[test]
    fn not_heredocs() {
        for text in ["echo \"<<EOF\"", "echo '<<EOF'", "echo a<<EOF", "cat <<<EOF", "echo <<", "echo \\<<EOF"] {
            let Kind::Run { heredocs, .. } = kind(&format!("RUN {text}")) else { panic!() };
            assert!(heredocs.is_empty(), "{text}: {heredocs:?}");
        }
        // The JSON form takes no heredoc: the next lines are instructions.
        let k = kinds("RUN [\"cat\", \"<<EOF\"]\nUSER x");
        assert_eq!(k[1], Kind::User("x".into()));
        // Neither do other instructions.
        let k = kinds("ENV A=<<EOF\nUSER x");
        assert_eq!(k[1], Kind::User("x".into()));
    }

    #[test]
    fn copy_heredoc() {
        let d = df(
            "FROM alpine\nCOPY --chmod=755 <<-\"EOF\" a.txt <<RUNME /dest/\n\t#!/bin/sh\n\techo $HOME\n\tEOF\nx=$y\nRUNME\nUSER me\n",
        );
        let ins = &d.stages[0].instructions;
        let c = copy_args(ins[0].kind.clone());
        assert_eq!(c.srcs, strings(&["a.txt"]));
        assert_eq!(c.dest, "/dest/");
        assert_eq!(c.chmod.as_deref(), Some("755"));
        assert_eq!(
            c.heredocs,
            vec![
                Heredoc {
                    name: "EOF".into(),
                    content: "#!/bin/sh\necho $HOME\n".into(),
                    expand: false,
                    strip_tabs: true
                },
                Heredoc { name: "RUNME".into(), content: "x=$y\n".into(), expand: true, strip_tabs: false },
            ]
        );
        assert_eq!((ins[1].line, &ins[1].kind), (8, &Kind::User("me".into())));
        assert!(matches!(kind("ADD <<EOF /x\nhi\nEOF"), Kind::Add(c) if c.heredocs.len() == 1 && c.srcs.is_empty()));
    }

    #[test]
    fn heredoc_errors() {
        let e = err("FROM a\nUSER x\nRUN <<EOF\necho hi\n");
        assert_eq!((e.line, e.instruction.as_str()), (3, "RUN"));
        assert!(e.message.starts_with("unterminated heredoc: no line \"EOF\""), "{e}");
        // The second heredoc of a line is missing.
        let e = err("FROM a\nRUN cat <<A <<B\na\nA\nb\n");
        assert!(e.message.contains("\"B\""), "{e}");
        assert_eq!(body_err("COPY a <<EOF\nx\nEOF").message, "COPY cannot accept a heredoc as a destination");
    }

    #[test]
    fn heredoc_content_keeps_crlf() {
        let Kind::Run { heredocs, .. } = kind("RUN <<EOF\r\na\r\nEOF\r\n") else { panic!() };
        assert_eq!(heredocs[0].content, "a\r\n");
    }

    // ---- HEALTHCHECK ----

    #[test]
    fn healthcheck_none_and_cmd() {
        assert_eq!(
            kind("HEALTHCHECK none"),
            Kind::Healthcheck(Healthcheck {
                test: None,
                none: true,
                interval: None,
                timeout: None,
                start_period: None,
                start_interval: None,
                retries: None
            })
        );
        assert_eq!(
            kind(
                "HEALTHCHECK --interval=5m --timeout=3s --start-period=1m30s --start-interval=500ms --retries=3 cmd curl -f http://localhost/ || exit 1"
            ),
            Kind::Healthcheck(Healthcheck {
                test: Some(Form::Shell("curl -f http://localhost/ || exit 1".into())),
                none: false,
                interval: Some("5m".into()),
                timeout: Some("3s".into()),
                start_period: Some("1m30s".into()),
                start_interval: Some("500ms".into()),
                retries: Some("3".into())
            })
        );
        let Kind::Healthcheck(h) = kind(r#"HEALTHCHECK --interval= --timeout=0s CMD ["/bin/check", "-q"]"#) else {
            panic!()
        };
        assert_eq!(
            (h.test, h.interval, h.timeout),
            (Some(Form::Exec(strings(&["/bin/check", "-q"]))), None, Some("0s".into()))
        );
    }

    #[test]
    fn healthcheck_errors() {
        assert_eq!(body_err("HEALTHCHECK NONE x").message, "HEALTHCHECK NONE takes no arguments");
        assert_eq!(body_err("HEALTHCHECK CMD-SHELL x").message, "unknown type \"CMD-SHELL\" in HEALTHCHECK (try CMD)");
        assert!(body_err("HEALTHCHECK --interval=5 CMD x").message.starts_with("--interval: invalid duration \"5\""));
        assert_eq!(
            body_err("HEALTHCHECK --timeout=10us CMD x").message,
            "interval \"timeout\" cannot be less than 1ms"
        );
        assert_eq!(body_err("HEALTHCHECK --retries=-1 CMD x").message, "--retries cannot be negative (-1)");
        assert!(body_err("HEALTHCHECK --retries=x CMD x").message.starts_with("--retries: invalid number"));
        assert_eq!(body_err("HEALTHCHECK --nope=1 CMD x").message, "unknown flag: --nope");
        assert_eq!(
            kind("HEALTHCHECK --retries=0 CMD x"),
            Kind::Healthcheck(Healthcheck {
                test: Some(Form::Shell("x".into())),
                none: false,
                interval: None,
                timeout: None,
                start_period: None,
                start_interval: None,
                retries: Some("0".into())
            })
        );
    }

    // ---- the others ----

    #[test]
    fn simple_instructions() {
        assert_eq!(kind("WORKDIR /my dir"), Kind::Workdir("/my dir".into()));
        assert_eq!(kind("USER app:app"), Kind::User("app:app".into()));
        assert_eq!(
            kind("MAINTAINER Jane Doe <jane@example.com>"),
            Kind::Maintainer("Jane Doe <jane@example.com>".into())
        );
        assert_eq!(kind("STOPSIGNAL SIGKILL"), Kind::StopSignal("SIGKILL".into()));
        assert_eq!(kind("EXPOSE 80 443/udp\t$PORTS"), Kind::Expose(strings(&["80", "443/udp", "$PORTS"])));
        assert_eq!(kind("VOLUME /a /b"), Kind::Volume(strings(&["/a", "/b"])));
        assert_eq!(kind(r#"VOLUME ["/a b", " /c "]"#), Kind::Volume(strings(&["/a b", "/c"])));
        assert_eq!(body_err(r#"VOLUME ["/a", " "]"#).message, "VOLUME specified can not be an empty string");
    }

    #[test]
    fn onbuild() {
        assert_eq!(kind("ONBUILD RUN echo hi"), Kind::Onbuild("RUN echo hi".into()));
        assert_eq!(kind("onbuild   copy --chown=1 a \\\n b"), Kind::Onbuild("copy --chown=1 a  b".into()));
        let k = kinds("ONBUILD RUN <<EOF\necho hi\nEOF\nUSER me");
        assert_eq!(k[0], Kind::Onbuild("RUN <<EOF\necho hi\nEOF".into()));
        assert_eq!(k[1], Kind::User("me".into()));
        assert_eq!(body_err("ONBUILD ONBUILD RUN x").message, "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        assert_eq!(body_err("ONBUILD from x").message, "FROM isn't allowed as an ONBUILD trigger");
        assert_eq!(body_err("ONBUILD MAINTAINER x").message, "MAINTAINER isn't allowed as an ONBUILD trigger");
        assert_eq!(
            body_err("ONBUILD RUN [1]").message,
            "when using JSON array syntax, arrays must be comprised of strings only"
        );
    }

    #[test]
    fn onbuild_triggers_parse_back() {
        let ins = parse_trigger("RUN <<EOF\necho hi\nEOF").unwrap();
        let Kind::Run { heredocs, .. } = ins.kind else { panic!() };
        assert_eq!(heredocs[0].content, "echo hi\n");
        assert_eq!(parse_trigger("COPY a b").unwrap().kind, kind("COPY a b"));
        assert!(parse_trigger("FROM x").unwrap_err().message.contains("isn't allowed as an ONBUILD trigger"));
        assert!(parse_trigger("RUN a\nRUN b").unwrap_err().message.contains("single expression"));
        assert!(parse_trigger("").is_err());
        // The trigger is parsed with the default escape and no directives.
        assert_eq!(parse_trigger("# escape=`\nUSER a").unwrap().kind, Kind::User("a".into()));
    }

    // ---- expansion ----

    #[test]
    fn expands_variables() {
        let vars = [("A", "a"), ("EMPTY", ""), ("SP", "x  y")];
        assert_eq!(ok("$A ${A} ${A}_b $A_b $UNSET-", &vars), "a a a_b  -");
        assert_eq!(ok("$", &vars), "$");
        assert_eq!(ok("a$/b$", &vars), "a$/b$");
        assert_eq!(ok("$1$@", &vars), "");
        assert_eq!(ok("${SP}", &vars), "x  y");
    }

    #[test]
    fn expands_modifiers() {
        let vars = [("SET", "v"), ("EMPTY", "")];
        let cases = [
            ("${SET:-d}", "v"),
            ("${EMPTY:-d}", "d"),
            ("${UNSET:-d}", "d"),
            ("${SET-d}", "v"),
            ("${EMPTY-d}", ""),
            ("${UNSET-d}", "d"),
            ("${SET:+w}", "w"),
            ("${EMPTY:+w}", ""),
            ("${UNSET:+w}", ""),
            ("${SET+w}", "w"),
            ("${EMPTY+w}", "w"),
            ("${UNSET+w}", ""),
            ("${SET:?m}", "v"),
            ("${SET?m}", "v"),
            ("${EMPTY?m}", ""),
            ("${UNSET:-${SET}x}", "vx"),
            ("${UNSET:-\"a  b\"}", "a  b"),
            ("${UNSET:-'$SET'}", "$SET"),
            ("${UNSET:-}", ""),
        ];
        for (word, want) in cases {
            assert_eq!(ok(word, &vars), want, "{word}");
        }
        assert!(ex("${EMPTY:?must be set}", &vars).unwrap_err().ends_with("EMPTY: must be set"));
        assert!(ex("${EMPTY:?}", &vars).unwrap_err().ends_with("EMPTY: is not allowed to be empty"));
        assert!(ex("${UNSET:?}", &vars).unwrap_err().ends_with("UNSET: is not allowed to be unset"));
        assert!(ex("it'\\''s", &vars).is_err());
        assert!(ex("${UNSET?}", &vars).unwrap_err().ends_with("UNSET: is not allowed to be unset"));
        assert!(ex("${UNSET?msg $SET}", &vars).unwrap_err().ends_with("UNSET: msg v"));
        assert_eq!(ex("${UNSET:?x}", &vars).unwrap_err(), "failed to process \"${UNSET:?x}\": UNSET: x");
    }

    #[test]
    fn expansion_syntax_errors() {
        for word in [
            "${}", "${:x}", "${A", "${A:-x", "${A=x}", "${A:=x}", "${A:#x}", "'abc", "\"abc", "${A/x}", "${A//}",
            "${A!}",
        ] {
            assert!(ex(word, &[("A", "a")]).is_err(), "{word}");
        }
        assert_eq!(ex("${A", &[]).unwrap_err(), "failed to process \"${A\": syntax error: missing '}'");
        assert_eq!(ex("${}", &[]).unwrap_err(), "failed to process \"${}\": syntax error: bad substitution");
    }

    #[test]
    fn quotes_and_escapes() {
        let vars = [("A", "a")];
        let cases = [
            ("'$A \"x\"'", "$A \"x\""),
            ("\"$A 'x'\"", "a 'x'"),
            ("\\$A", "$A"),
            ("\\${A}", "${A}"),
            ("\"\\$A\"", "$A"),
            ("\"a\\\"b\"", "a\"b"),
            ("\"a\\\\b\"", "a\\b"),
            ("\"a\\nb\"", "a\\nb"),
            ("'a\\nb'", "a\\nb"),
            ("a\\nb", "anb"),
            ("a\\ b", "a b"),
            ("end\\", "end"),
            ("it'\\'s", "it\\s"),
            ("x\"\"y''z", "xyz"),
        ];
        for (word, want) in cases {
            assert_eq!(ok(word, &vars), want, "{word}");
        }
        // A backtick escape character.
        let lookup = |n: &str| (n == "A").then(|| "a".to_string());
        assert_eq!(expand_word("`$A \\$A \"`\"\" C:\\x", &lookup, '`').unwrap(), "$A \\a \" C:\\x");
    }

    #[test]
    fn expands_patterns() {
        // BuildKit's lex_test cases.
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
        let cases: [Case; 19] = [
            ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", &[("FOO", "()[]{}^$.*?|\\x")], "x"),
            ("${FOO%%\\**}", &[("FOO", "xx**")], "xx"),
            ("${FOO#*x*y}", &[("FOO", "xxyy")], "y"),
            ("${FOO#*}", &[("FOO", "xxyy")], "xxyy"),
            ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], "xyy"),
            ("${FOO#}", &[("FOO", "xxyy")], "xxyy"),
            ("${FOO##*x}", &[("FOO", "xxyy")], "yy"),
            ("${FOO#?\\?}", &[("FOO", "???y")], "?y"),
            ("${ABC:-.}${FOO%x}${ABC:-.}", &[("FOO", "xxyy")], ".xxyy."),
            ("${FOO%%\\**\\*}", &[("FOO", "a***yy*")], "a"),
            ("${FOO%y*}", &[("FOO", "xxyy")], "xxy"),
            ("${FOO%%y*}", &[("FOO", "xxyy")], "xx"),
            (
                "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
                &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")],
                "/foo.*/*.txt - /foo..*.txt",
            ),
            (
                "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
                &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
                "/tmp/bar.txt - /bar.txt",
            ),
            (
                "${FOO/$N/$R} - ${FOO//$N/$R}",
                &[("FOO", "/a/foo/b/c.txt"), ("N", "/?/"), ("R", "/")],
                "/foo/b/c.txt - /foo/c.txt",
            ),
            ("${FOO/$N/$R}", &[("FOO", "http://google.de"), ("N", "http://"), ("R", "https://")], "https://google.de"),
            ("${FOO//\\//\\/}", &[("FOO", "/tmp/foo.txt")], "\\/tmp\\/foo.txt"),
            ("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")], "wwxxyy"),
            ("${FOO///}", &[("FOO", "xxyy")], "xxyy"),
        ];
        for (word, vars, want) in cases {
            assert_eq!(ok(word, vars), want, "{word}");
        }
        assert_eq!(ok("${FOO///}", &[]), "");
        assert_eq!(ok("${V//a*/X}", &[("V", "bab ab")]), "bX");
        assert_eq!(ok("${V//?/-}", &[("V", "abc")]), "---");
        assert!(ex("${FOO#\\x}", &[("FOO", "x")]).unwrap_err().contains("invalid pattern"));
    }

    /// The automaton finds what trying every start and every end in turn finds: every
    /// pattern of up to four of `a`, `b`, `?`, `*` over every string of up to six `a`s and
    /// `b`s, anchored or not, shortest or longest.
    #[test]
    fn glob_search_agrees_with_trying_every_span() {
        fn all(alphabet: &[char], max: usize) -> Vec<Vec<char>> {
            let mut out = vec![Vec::new()];
            let mut last = vec![Vec::new()];
            for _ in 0..max {
                last = last
                    .iter()
                    .flat_map(|w: &Vec<char>| alphabet.iter().map(move |c| [&w[..], &[*c]].concat()))
                    .collect();
                out.extend(last.iter().cloned());
            }
            out
        }
        /// Whether `glob` matches all of `s`, by recursion.
        fn whole(glob: &[Glob], s: &[char]) -> bool {
            match (glob.first(), s.first()) {
                (None, _) => s.is_empty(),
                (Some(Glob::Star), _) => whole(&glob[1..], s) || (!s.is_empty() && whole(glob, &s[1..])),
                (Some(Glob::Any), Some(_)) => whole(&glob[1..], &s[1..]),
                (Some(Glob::Lit(l)), Some(c)) => l == c && whole(&glob[1..], &s[1..]),
                (Some(_), None) => false,
            }
        }
        for p in all(&['a', 'b', '?', '*'], 4) {
            let glob = compile_glob(&p.iter().collect::<String>()).unwrap();
            let mut search = GlobSearch::new(&glob, usize::MAX);
            for v in all(&['a', 'b'], 6) {
                for from in 0..=v.len() {
                    let (glob, v) = (&glob, &v);
                    let ends = |start: usize| -> Vec<usize> {
                        (start..=v.len()).filter(|&e| whole(glob, &v[start..e])).collect()
                    };
                    let leftmost = (from..=v.len()).find_map(|st| ends(st).last().map(|&e| (st, e)));
                    let what = format!("{p:?} in {v:?} from {from}");
                    assert_eq!(search.find(v, from, false, true).unwrap(), leftmost, "{what}");
                    assert_eq!(
                        search.find(v, from, true, true).unwrap(),
                        ends(from).last().map(|&e| (from, e)),
                        "{what}"
                    );
                    assert_eq!(
                        search.find(v, from, true, false).unwrap(),
                        ends(from).first().map(|&e| (from, e)),
                        "{what}"
                    );
                }
            }
        }
    }

    /// Found by fuzzing (fuzz/fuzz_targets/expand.rs): nested `${V//?/...}` multiplied
    /// without bound, and a pattern that never matches cost the square of the value's length.
    #[test]
    fn substitutions_stay_bounded() {
        let v = "x".repeat(100);
        match ex("${V//?/${V//?/${V//?/${V//?/y}}}}", &[("V", &v)]) {
            Err(e) => assert!(e.contains("longer than 1048576 bytes"), "{e}"),
            Ok(w) => panic!("expanded to {} bytes", w.len()),
        }
        let long = "a".repeat(200_000);
        let t = std::time::Instant::now();
        assert_eq!(ok("${V//*b/x}", &[("V", &long)]).len(), long.len());
        assert_eq!(ok("${V/a*/x}", &[("V", &long)]), "x");
        assert_eq!(ok("${V%%b*}", &[("V", &long)]).len(), long.len());
        // A long pattern over a long value: refused once it has taken its steps.
        let e = ex("${V//${V//a/*}b/x}", &[("V", &long)]).unwrap_err();
        assert!(e.contains("more than 20000000 steps"), "{e}");
        assert!(t.elapsed() < std::time::Duration::from_secs(10), "{:?}", t.elapsed());
        // A long heredoc may stay long.
        let doc = "$V\n".repeat(400_000);
        assert_eq!(expand_heredoc(&doc, &|_| Some("ab".into())).unwrap().len(), 400_000 * 3);
    }

    #[test]
    fn release_file_name() {
        let vars = [("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")];
        let word = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        assert_eq!(ok(word, &vars), "something-v1.2.3.linux-arm-v7.tar.gz");
        assert_eq!(ok(word, &vars[..3]), "something-v1.2.3.linux-arm.tar.gz");
    }

    #[test]
    fn expands_into_words() {
        let vars = [("PORTS", " 80  443/udp "), ("E", "")];
        assert_eq!(exs("8080 $PORTS", &vars).unwrap(), strings(&["8080", "80", "443/udp"]));
        assert_eq!(exs("\"a b\" c\\ d 'e  f'g", &vars).unwrap(), strings(&["a b", "c d", "e  fg"]));
        assert_eq!(exs("\"$PORTS\"", &vars).unwrap(), strings(&[" 80  443/udp "]));
        assert_eq!(exs("  ", &vars).unwrap(), Vec::<String>::new());
        assert_eq!(exs("$E \"\" x", &vars).unwrap(), strings(&["x"]));
        assert!(exs("'open", &vars).is_err());
    }

    #[test]
    fn heredoc_expansion_keeps_quotes() {
        let map = env(&[("NAME", "world")]);
        let lookup = |n: &str| map.get(n).cloned();
        assert_eq!(
            expand_heredoc("echo \"hello $NAME\" '${NAME}' \\$NAME\n", &lookup).unwrap(),
            "echo \"hello world\" 'world' $NAME\n"
        );
    }

    // ---- helpers ----

    #[test]
    fn go_durations() {
        use std::time::Duration;
        assert_eq!(parse_duration("0").unwrap(), Duration::ZERO);
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("300ms").unwrap(), Duration::from_millis(300));
        assert_eq!(parse_duration("2us").unwrap(), Duration::from_micros(2));
        assert_eq!(parse_duration("+.5m").unwrap(), Duration::from_secs(30));
        // Found by fuzzing (fuzz/fuzz_targets/expand.rs): a long fraction of a large unit
        // overflowed, in `ctr build` too (HEALTHCHECK's flags).
        let long = format!(".{}h", "9".repeat(40));
        assert_eq!(parse_duration(&long).unwrap(), Duration::from_nanos(3_599_999_999_999));
        let long = format!("HEALTHCHECK --interval=.{}m CMD true", "8".repeat(30));
        assert!(matches!(kind(&long), Kind::Healthcheck(_)));
        for bad in ["", "5", "s", "1x", "-1s", "1.s.", "1s2"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn splits_builder_flags_like_buildkit() {
        assert_eq!(
            extract_builder_flags("--a=1 --b=\"x y\" --c='q' --d=a\\ b rest of --line"),
            ("rest of --line".to_string(), strings(&["--a=1", "--b=x y", "--c=q", "--d=a b"]))
        );
        assert_eq!(extract_builder_flags("-- --notaflag"), (" --notaflag".to_string(), vec![]));
        assert_eq!(extract_builder_flags("--x"), (String::new(), strings(&["--x"])));
        assert_eq!(extract_builder_flags("[\"a\"]"), ("[\"a\"]".to_string(), vec![]));
    }

    #[test]
    fn parse_words_keeps_quotes() {
        assert_eq!(parse_words("foo bar 'abc xyz'", '\\'), strings(&["foo", "bar", "'abc xyz'"]));
        assert_eq!(parse_words("foo\\ bar", '\\'), strings(&["foo\\ bar"]));
        assert_eq!(parse_words("föo bàr \"âbc xÿz\"", '\\'), strings(&["föo", "bàr", "\"âbc xÿz\""]));
        assert_eq!(parse_words("a=\"x \\\" y\" b=''", '\\'), strings(&["a=\"x \\\" y\"", "b=''"]));
    }
}
