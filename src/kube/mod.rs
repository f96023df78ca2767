//! Kubernetes YAML: `kube generate` writes pods and containers as Kubernetes objects,
//! `kube play` runs such objects as pods, `kube down` removes what play made. Typed with
//! k8s-openapi (v1.37's API), read and written with serde_yaml_ng.

pub mod generate;
pub mod play;
