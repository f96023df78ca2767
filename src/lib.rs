//! ctr: a rootless, daemonless container engine.

pub mod api;
pub mod build;
pub mod cgroups;
pub mod cli;
pub mod commands;
pub mod config;
pub mod containers_conf;
pub mod digest;
pub mod engine;
pub mod generate;
pub mod image;
pub mod kube;
pub mod monitor;
pub mod network;
pub mod output;
pub mod paths;
pub mod progress;
pub mod runtime;
pub mod seccomp;
pub mod storage;
pub mod store;
pub mod timefmt;
pub mod trace;
