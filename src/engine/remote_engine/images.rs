//! Images over the Docker Engine API.

use super::RemoteEngine;
use crate::engine::EngineError;
use crate::engine::interface::ImageEngine;
use crate::engine::remote::enc;

impl ImageEngine for RemoteEngine {
    fn image_tag(&mut self, source: &str, targets: &[String]) -> Result<(), EngineError> {
        for t in targets {
            let r = crate::image::reference::Reference::parse(t)?;
            let tag = r.tag.clone().unwrap_or_else(|| "latest".into());
            self.post(&format!("/images/{}/tag?repo={}&tag={}", enc(source), enc(&r.familiar_name()), enc(&tag)))?;
        }
        Ok(())
    }
}
