//! Generating what other systems run: systemd services from Quadlet files.

pub mod quadlet;
pub mod unitfile;
