//! The image operations of the engine interface, and their option/report types.

use crate::engine::EngineError;

pub trait ImageEngine {
    /// More names for an image.
    fn image_tag(&mut self, source: &str, targets: &[String]) -> Result<(), EngineError>;
}
