//! Flags of the image commands.

use std::path::PathBuf;

use crate::engine::local::SaveFormat;

#[derive(Debug, clap::Args)]
pub struct ImagesArgs {
    /// Show all images (default hides intermediate images)
    #[arg(short, long)]
    pub all: bool,
    /// Show only image ids
    #[arg(short, long)]
    pub quiet: bool,
    /// Show digests
    #[arg(long)]
    pub digests: bool,
    /// Do not truncate ids
    #[arg(long)]
    pub no_trunc: bool,
    /// Output format: table, json, or a Go template such as '{{.Repository}}:{{.Tag}}'
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Only images whose name matches (REPOSITORY[:TAG])
    pub reference: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Objects to inspect (name or id)
    #[arg(required = true, value_name = "NAME")]
    pub images: Vec<String>,
    /// Output format: json (default) or a Go template such as '{{.Id}}'
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct RmiArgs {
    /// Images to remove (name or id)
    #[arg(value_name = "IMAGE")]
    pub images: Vec<String>,
    /// Remove images even if containers use them
    #[arg(short, long)]
    pub force: bool,
    /// Remove all images
    #[arg(short, long)]
    pub all: bool,
}

#[derive(Debug, clap::Args)]
pub struct PruneArgs {
    /// Remove all images no container uses, not only dangling ones
    #[arg(short, long)]
    pub all: bool,
    /// Do not ask for confirmation
    #[arg(short, long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Image to tag (name or id)
    #[arg(value_name = "IMAGE")]
    pub source: String,
    /// New names (NAME[:TAG])
    #[arg(required = true, value_name = "TARGET")]
    pub targets: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Read from this archive file or OCI layout directory instead of stdin
    #[arg(short, long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Print only the loaded image names
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct SaveArgs {
    /// Write to this file instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Archive format
    #[arg(long, value_enum, default_value = "docker-archive")]
    pub format: SaveFormat,
    /// Images to save (name or id)
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Root filesystem tarball (tar, tar.gz or tar.zst), or - for stdin
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Name for the new image (NAME[:TAG])
    #[arg(value_name = "REFERENCE")]
    pub reference: Option<String>,
    /// Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL)
    #[arg(short, long, value_name = "INSTRUCTION")]
    pub change: Vec<String>,
    /// Commit message stored in the image
    #[arg(short, long)]
    pub message: Option<String>,
    /// Print only the image id
    #[arg(short, long)]
    pub quiet: bool,
}
