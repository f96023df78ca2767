//! Integration tests: the real `ctr` binary, run as an unprivileged user (see tests/run),
//! on the real kernel with the real newuidmap/newgidmap and skopeo.

mod api;
mod apibehave;
mod apiends;
mod build;
mod cgroups;
mod common;
mod compose;
mod containers;
mod dockerpy;
mod fidelity;
mod hostile;
mod images;
mod kube;
mod network;
mod networks;
mod pods;
mod regfix;
mod registry;
mod remote;
mod robustness;
mod security;
mod services;
mod storage;
mod userns;
mod volumes;
