//! The command line, as clap definitions only: no logic lives here.

pub mod docs;
pub mod image;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use image::*;

#[derive(Debug, Parser)]
#[command(
    name = "ctr",
    version,
    about = "A rootless, daemonless container engine",
    long_about = "ctr runs OCI containers as an unprivileged user, without a daemon.\n\nImages live under $XDG_DATA_HOME/ctr (~/.local/share/ctr), or /var/lib/ctr as root.",
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Store root for images, layers and state (default: ~/.local/share/ctr, /var/lib/ctr as root)
    #[arg(long, global = true, env = "CTR_ROOT", value_name = "DIR")]
    pub root: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List images in local storage
    Images(ImagesArgs),
    /// Manage images
    #[command(subcommand)]
    Image(ImageCommand),
    /// Load images from an archive (docker-archive, oci-archive or an OCI layout directory)
    Load(LoadArgs),
    /// Save images to an archive
    Save(SaveArgs),
    /// Create an image from a root filesystem tarball
    Import(ImportArgs),
    /// Add a name to an image
    Tag(TagArgs),
    /// Remove images
    Rmi(RmiArgs),
    /// Show details of images as JSON
    Inspect(InspectArgs),
    /// Run a command in ctr's user namespace (to inspect or remove files in the store)
    Unshare(UnshareArgs),
    /// Show version information
    Version,
    /// Print a shell completion script
    Completion(CompletionArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImageCommand {
    /// List images in local storage
    #[command(visible_alias = "list", name = "ls")]
    Ls(ImagesArgs),
    /// Show details of images as JSON
    Inspect(InspectArgs),
    /// Remove images
    Rm(RmiArgs),
    /// Remove unused images
    Prune(PruneArgs),
    /// Add a name to an image
    Tag(TagArgs),
    /// Load images from an archive
    Load(LoadArgs),
    /// Save images to an archive
    Save(SaveArgs),
    /// Create an image from a root filesystem tarball
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct UnshareArgs {
    /// Command to run (default: $SHELL)
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "COMMAND"
    )]
    pub command: Vec<OsString>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// Shell to print the completion script for
    pub shell: clap_complete::Shell,
}
