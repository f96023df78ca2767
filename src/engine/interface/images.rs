//! The image operations of the engine interface, and their option/report types (the
//! reports shared with the REST service, `ImageSummary`, `RemoveReport`, `LoadedImage`,
//! `PulledImage`, are in `engine`).

use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use crate::engine::{EngineError, ImageSummary, LoadedImage, Progress, PulledImage, RemoveReport};
use crate::image::archive::Input;
use crate::image::config::Platform;
use crate::image::registry::SessionOptions;

/// `save`'s archive format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SaveFormat {
    #[value(name = "docker-archive")]
    DockerArchive,
    #[value(name = "oci-archive")]
    OciArchive,
}

/// `import`'s (and `commit`'s) changes to the new image.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Dockerfile instructions applied to the config (`--change`).
    pub changes: Vec<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PullOptions {
    /// None: this machine's.
    pub platform: Option<Platform>,
    pub session: SessionOptions,
}

/// A build as the engine takes it: the builder's options (the Dockerfile's text read,
/// the context a directory here) and how its FROM images are pulled.
#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    pub options: crate::build::BuildOptions,
    /// Where the Dockerfile was read from (None: stdin). A remote engine gets the context
    /// as a tar: a Dockerfile inside it is named by its path there, another one is added.
    pub dockerfile_path: Option<std::path::PathBuf>,
    /// Pull FROM images even when they are here (`--pull`).
    pub pull_always: bool,
    /// How FROM images are pulled (`--creds`, `--authfile`, `--tls-verify`).
    pub session: SessionOptions,
    /// Credentials by registry (the API's `X-Registry-Config`): before `session`'s.
    pub registry_creds: std::collections::HashMap<String, crate::image::registry::auth::Credentials>,
}

#[derive(Debug, Clone, Default)]
pub struct PushOptions {
    pub session: SessionOptions,
}

/// What `push` put in the registry.
#[derive(Debug, Clone)]
pub struct PushedManifest {
    pub digest: String,
    pub size: u64,
    /// The tag (or digest) it went under.
    pub reference: String,
}

/// A step of an image's history, newest first (as `GET /images/{name}/history`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryEntry {
    /// The image's id for the newest step; `<missing>` for steps with no image of their own.
    pub id: String,
    /// Unix seconds (0: unknown).
    pub created: i64,
    pub created_by: String,
    /// Bytes of the step's layer (0 for a step that made none).
    pub size: u64,
    pub comment: String,
    /// A step that changed only the config.
    pub empty_layer: bool,
    /// The image's names, on the newest step.
    pub tags: Vec<String>,
}

pub trait ImageEngine {
    /// More names for an image.
    fn image_tag(&mut self, source: &str, targets: &[String]) -> Result<(), EngineError>;
    /// The images; `all`: also those a build keeps as its cache.
    fn image_list(&mut self, all: bool) -> Result<Vec<ImageSummary>, EngineError>;
    /// An image's inspect document in the Docker Engine API's shape (`ctr image inspect`
    /// prints it; templates like `{{.Config.Cmd}}` read it).
    fn image_inspect(&mut self, key: &str) -> Result<Value, EngineError>;
    /// Untags each name, and removes an image when its last name goes or when named by
    /// id; `force`: also an image containers use (they go too).
    fn image_remove(&mut self, names: &[String], force: bool) -> Result<RemoveReport, EngineError>;
    /// Removes the images without a name, or (`all`) every image no container uses.
    fn image_prune(&mut self, all: bool) -> Result<RemoveReport, EngineError>;
    fn image_history(&mut self, key: &str) -> Result<Vec<HistoryEntry>, EngineError>;
    /// Writes images (under the names asked for, or by id all of their names) as an archive.
    fn image_save(&mut self, names: &[String], format: SaveFormat, out: &mut dyn Write) -> Result<(), EngineError>;
    /// Stores every image of an archive (a tar, or an OCI layout directory).
    fn image_load(&mut self, input: Input) -> Result<Vec<LoadedImage>, EngineError>;
    /// A root filesystem tarball as a one-layer image, named `reference` if given.
    fn image_import(
        &mut self,
        input: Input,
        reference: Option<&str>,
        o: &ImportOptions,
    ) -> Result<LoadedImage, EngineError>;
    /// The name an image is here under: `name` itself, or (locally) the qualified name a
    /// short one finds through the unqualified-search registries; NotFound if none.
    fn image_resolve_name(&mut self, name: &str) -> Result<String, EngineError>;
    /// Fetches an image from its registry, reporting to `progress`.
    fn image_pull(&mut self, name: &str, o: &PullOptions, progress: &dyn Progress) -> Result<PulledImage, EngineError>;
    /// Builds an image from a Dockerfile; the build's lines (steps, their output) go to
    /// `out` unless it is quiet, FROM images pulled report to `progress`. Returns the
    /// image's id.
    fn image_build(
        &mut self,
        r: &BuildRequest,
        progress: &dyn Progress,
        out: &mut dyn Write,
    ) -> Result<String, EngineError>;
    /// Sends an image to a registry, as `dest` (default: its name).
    fn image_push(
        &mut self,
        image: &str,
        dest: Option<&str>,
        o: &PushOptions,
        progress: &dyn Progress,
    ) -> Result<PushedManifest, EngineError>;
}
