//! Man pages (`man/`) and shell completions (`completions/`) generated from the clap
//! definitions; a unit test fails when the checked-in copies are stale.

use std::path::Path;

use clap::CommandFactory;

/// Every generated file, as (relative path, contents).
pub fn render() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let cmd = super::Cli::command();
    man_pages(&cmd, "ctr", &mut out);
    for (shell, name) in [
        (clap_complete::Shell::Bash, "ctr.bash"),
        (clap_complete::Shell::Zsh, "_ctr"),
        (clap_complete::Shell::Fish, "ctr.fish"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut super::Cli::command(), "ctr", &mut buf);
        out.push((format!("completions/{name}"), buf));
    }
    out
}

fn man_pages(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut cmd = cmd.clone().name(name.to_string()).bin_name(name.replace('-', " "));
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf).expect("render to memory");
    out.push((format!("man/{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

/// Writes every generated file under `dir` (the repository root).
pub fn write_all(dir: &Path) -> std::io::Result<()> {
    for (rel, data) in render() {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("has a parent"))?;
        std::fs::write(p, data)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Regenerate with: CTR_UPDATE_DOCS=1 cargo test --lib cli::docs
    #[test]
    fn man_pages_and_completions_are_current() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("CTR_UPDATE_DOCS").is_some() {
            super::write_all(root).unwrap();
        }
        let mut stale = Vec::new();
        for (rel, data) in super::render() {
            if std::fs::read(root.join(&rel)).ok().as_deref() != Some(&data[..]) {
                stale.push(rel);
            }
        }
        assert!(
            stale.is_empty(),
            "stale generated files {stale:?}; regenerate with: CTR_UPDATE_DOCS=1 cargo test --lib cli::docs"
        );
    }
    use std::path::Path;
}
