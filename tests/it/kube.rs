//! Kubernetes YAML: `kube generate` checked with kubernetes-validate (the Kubernetes
//! schemas, offline; tests/setup-host.sh installs it), `kube play` of a Deployment with a
//! ConfigMap and a claim written the way Kubernetes users write it, `kube down`, errors,
//! and a round trip through generate and play.

use crate::common::*;
use crate::network::{free_port, http_get};
use crate::pods::http_get_refused;

const KUBEVAL: &str = "/opt/ctr-kubeval/bin/kubernetes-validate";

fn validate(file: &std::path::Path) {
    let out = std::process::Command::new(KUBEVAL)
        .args(["--strict", "--kubernetes-version", "1.37.0"])
        .arg(file)
        .output()
        .expect("kubernetes-validate (tests/setup-host.sh installs it in /opt/ctr-kubeval)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "kubernetes-validate refused {}:\n{text}", file.display());
    assert!(text.contains("passed"), "{text}");
}

fn docs(yaml: &str) -> Vec<serde_yaml_ng::Value> {
    use serde::Deserialize;
    serde_yaml_ng::Deserializer::from_str(yaml).map(|d| serde_yaml_ng::Value::deserialize(d).unwrap()).collect()
}

#[test]
fn kube_generate_writes_valid_kubernetes_objects() {
    let env = Env::new("kube-gen");
    let img = busybox_image(&env);
    env.ok(&["volume", "create", "app-data"]);
    let port = free_port().to_string();
    let mut args = vec![
        "run",
        "-d",
        "--name",
        "app",
        "-e",
        "GREETING=hi",
        "-p",
        "",
        "-v",
        "app-data:/data",
        "-w",
        "/data",
        "--health-cmd",
        "test -d /data",
        "--health-interval",
        "15s",
        "--health-retries",
        "2",
        "--restart",
        "always",
        "--cap-drop",
        "NET_RAW",
        "--memory",
        "64m",
        img,
        "sleep",
        "1000",
    ];
    let publish = format!("{port}:80");
    args[7] = &publish;
    // Limits only where the cgroup is delegated (else refused loudly, and made without).
    let limited = env.run(&args).code == 0;
    if !limited {
        args.retain(|a| *a != "--memory" && *a != "64m");
        env.ok(&args);
    }
    let file = env.path("app.yaml");
    env.ok(&["kube", "generate", "-s", "-f", file.to_str().unwrap(), "app"]);
    validate(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    let d = docs(&text);
    let kinds: Vec<&str> = d.iter().map(|x| x["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["Pod", "Service", "PersistentVolumeClaim"], "{text}");
    let c = &d[0]["spec"]["containers"][0];
    assert_eq!(d[0]["metadata"]["name"], "app-pod");
    assert_eq!(c["image"], "busybox");
    assert_eq!(c["args"], serde_yaml_ng::to_value(["sleep", "1000"]).unwrap());
    assert_eq!(c["env"][0]["name"], "GREETING");
    assert_eq!(c["env"][0]["value"], "hi");
    assert_eq!(c["ports"][0]["containerPort"], 80);
    assert_eq!(c["ports"][0]["hostPort"].as_u64().unwrap().to_string(), port);
    assert_eq!(c["workingDir"], "/data");
    assert_eq!(c["securityContext"]["capabilities"]["drop"][0], "NET_RAW");
    assert_eq!(c["livenessProbe"]["exec"]["command"][2], "test -d /data");
    assert_eq!(c["livenessProbe"]["periodSeconds"], 15);
    assert_eq!(c["livenessProbe"]["failureThreshold"], 2);
    assert_eq!(c["volumeMounts"][0]["mountPath"], "/data");
    assert_eq!(d[0]["spec"]["restartPolicy"], "Always");
    assert_eq!(d[0]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"], "app-data");
    assert_eq!(d[2]["metadata"]["name"], "app-data");
    if limited {
        assert_eq!(c["resources"]["limits"]["memory"], (64 << 20).to_string(), "{text}");
    }
    // As a Deployment.
    let dep = env.ok(&["kube", "generate", "--type", "deployment", "--replicas", "3", "app"]);
    let dep_file = env.path("dep.yaml");
    std::fs::write(&dep_file, &dep).unwrap();
    validate(&dep_file);
    assert_eq!(docs(&dep)[0]["spec"]["replicas"], 3);
    let o = env.fail(&["kube", "generate", "no-such-thing"]);
    assert!(o.stderr.contains("no such container or pod: no-such-thing"), "{}", o.stderr);
    env.ok(&["rm", "-f", "app"]);
}

const DEPLOYMENT: &str = r#"# A Deployment written the way Kubernetes users write one:
# comments, several documents, an anchor and an alias.
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  GREETING: hello-from-configmap
  index.html: |
    configmap-file
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: web-data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels
    app: web
spec:
  replicas: 3
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      nodeSelector:
        disktype: ssd
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c"]
        args: ["echo $GREETING > /data/$(hostname); cat /config/index.html; exec sleep 1000"]
        env:
        - name: GREETING
          valueFrom:
            configMapKeyRef: {name: web-config, key: GREETING}
        volumeMounts:
        - {name: data, mountPath: /data}
        - {name: config, mountPath: /config, readOnly: true}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: web-data}
      - name: config
        configMap: {name: web-config}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
"#;

#[test]
fn kube_play_a_deployment_with_a_configmap_and_a_claim_then_down() {
    let env = Env::new("kube-play");
    busybox_image(&env);
    let file = env.path("web.yaml");
    std::fs::write(&file, DEPLOYMENT).unwrap();
    let f = file.to_str().unwrap();
    let o = env.run(&["kube", "play", "--network", "none", f]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Unsupported kinds and fields are named, not dropped silently.
    assert!(o.stderr.contains("kind Service is not supported"), "{}", o.stderr);
    assert!(o.stderr.contains("spec.template.spec.nodeSelector.disktype"), "{}", o.stderr);
    assert_eq!(o.stdout.matches("Pod:").count(), 3, "{}", o.stdout);
    let pods = env.ok(&["pod", "ps", "--format", "{{.Name}} {{.Status}}"]);
    let mut pods: Vec<&str> = pods.lines().collect();
    pods.sort();
    assert_eq!(pods, ["web-pod-0 Running", "web-pod-1 Running", "web-pod-2 Running"]);
    // Each replica wrote the ConfigMap's value into the claim's volume, and read the
    // ConfigMap's file.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut seen = String::new();
    while std::time::Instant::now() < deadline {
        seen = env.ok(&["run", "--rm", "-v", "web-data:/d", "busybox", "sh", "-c", "cat /d/web-pod-*"]);
        if seen.lines().count() == 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(seen, "hello-from-configmap\n".repeat(3));
    for i in 0..3 {
        let logs = env.ok(&["logs", &format!("web-pod-{i}-main")]);
        assert_eq!(logs, "configmap-file\n");
    }
    // Playing it again is refused; --replace makes it anew.
    let o = env.fail(&["kube", "play", "--network", "none", f]);
    assert!(o.stderr.contains("pod web-pod-0 exists already") && o.stderr.contains("--replace"), "{}", o.stderr);
    env.ok(&["kube", "play", "--replace", "--network", "none", "--start=false", f]);
    assert_eq!(env.ok(&["pod", "inspect", "--format", "{{.State}}", "web-pod-2"]).trim(), "Created");
    // down: the pods and their containers go; the claim's volume stays unless --force.
    let out = env.ok(&["kube", "down", f]);
    assert!(out.starts_with("Pods removed:"), "{out}");
    assert_eq!(env.ok(&["pod", "ps", "-q"]), "");
    assert_eq!(env.ok(&["ps", "-aq"]), "");
    assert!(env.ok(&["volume", "ls", "-q"]).lines().any(|v| v == "web-data"));
    env.ok(&["kube", "down", "--force", f]);
    assert!(!env.ok(&["volume", "ls", "-q"]).lines().any(|v| v == "web-data"));
}

#[test]
fn kube_play_errors_name_the_document_and_field() {
    let env = Env::new("kube-errors");
    busybox_image(&env);
    let bad_field = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    ports:\n    - containerPort: eighty\n";
    let o = env.with_input(&["kube", "play", "-"], bad_field);
    assert_eq!(o.code, 125);
    assert!(
        o.stderr.contains("stdin: document 2 (Pod \"p\"): field spec.containers[0].ports[0].containerPort"),
        "{}",
        o.stderr
    );
    let o = env.with_input(&["kube", "play", "-"], "kind: Pod\nmetadata: {name: p\n");
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("document 1: not valid YAML"), "{}", o.stderr);
    let o = env.with_input(&["kube", "play", "-"], "---\nmetadata: {name: p}\n");
    assert!(o.stderr.contains("document 1: no kind"), "{}", o.stderr);
    let missing = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    env:\n    - name: X\n      valueFrom: {configMapKeyRef: {name: nope, key: k}}\n";
    let o = env.with_input(&["kube", "play", "-"], missing);
    assert_eq!(o.code, 125);
    assert!(o.stderr.contains("Pod p: container c: env: ConfigMap \"nope\" has no key \"k\""), "{}", o.stderr);
    // Nothing was made by the failures.
    assert_eq!(env.ok(&["pod", "ps", "-q"]), "");
    assert_eq!(env.ok(&["ps", "-aq"]), "");
}

/// A pod written out by `kube generate`, removed, then played back: the same service on
/// the same port.
#[test]
fn kube_generate_then_play_round_trips_a_pod() {
    let env = Env::new("kube-rt");
    let img = busybox_image(&env);
    let port = free_port();
    env.ok(&["pod", "create", "--name", "rt", "-p", &format!("{port}:80")]);
    env.ok(&[
        "run",
        "-d",
        "--pod",
        "rt",
        "--name",
        "web",
        img,
        "sh",
        "-c",
        "mkdir -p /www && echo round-trip > /www/index.html && exec httpd -f -p 80 -h /www",
    ]);
    assert!(http_get(port).unwrap().contains("round-trip"));
    let file = env.path("rt.yaml");
    env.ok(&["kube", "generate", "-f", file.to_str().unwrap(), "rt"]);
    validate(&file);
    env.ok(&["pod", "rm", "-f", "rt"]);
    assert!(http_get_refused(port));
    env.ok(&["kube", "play", file.to_str().unwrap()]);
    let got = http_get(port).expect("the played pod serves on the same port");
    assert!(got.contains("round-trip"), "{got}");
    let host = env.ok(&["exec", "rt-web", "hostname"]);
    assert_eq!(host.trim(), "rt");
    env.ok(&["kube", "down", file.to_str().unwrap()]);
    assert_eq!(env.ok(&["ps", "-aq"]), "");
}

/// The rest of what play carries out: a Secret's env (data and stringData), hostPath
/// (DirectoryOrCreate), an emptyDir two containers share, a hostPort fetched from the
/// host, an exec liveness probe as the health check, restartPolicy as the restart policy.
#[test]
fn kube_play_secrets_host_paths_empty_dirs_ports_probes_and_policies() {
    let env = Env::new("kube-more");
    busybox_image(&env);
    let port = free_port();
    let host_dir = env.path("from-host");
    let yaml = format!(
        r#"apiVersion: v1
kind: Secret
metadata: {{name: creds}}
type: Opaque
data:
  password: c2VjcmV0LXZhbHVl
stringData:
  user: alice
---
apiVersion: v1
kind: Pod
metadata:
  name: full
  labels: {{tier: web}}
spec:
  restartPolicy: OnFailure
  hostname: full-host
  containers:
  - name: web
    image: busybox
    command: [sh, -c]
    args:
    - mkdir -p /www && echo "$USER_NAME:$PASSWORD" > /www/index.html && echo shared > /scratch/note && echo on-host > /host/written && exec httpd -f -p 8080 -h /www
    env:
    - name: PASSWORD
      valueFrom: {{secretKeyRef: {{name: creds, key: password}}}}
    envFrom:
    - secretRef: {{name: creds}}
      prefix: S_
    - configMapRef: {{name: absent, optional: true}}
    ports:
    - {{containerPort: 8080, hostPort: {port}}}
    livenessProbe:
      exec: {{command: [test, -e, /www/index.html]}}
      periodSeconds: 5
      failureThreshold: 4
    volumeMounts:
    - {{name: scratch, mountPath: /scratch}}
    - {{name: host, mountPath: /host}}
  - name: reader
    image: busybox
    command: [sh, -c, "sleep 1; cat /scratch/note; exec sleep 1000"]
    volumeMounts:
    - {{name: scratch, mountPath: /scratch}}
  volumes:
  - name: scratch
    emptyDir: {{}}
  - name: host
    hostPath: {{path: {}, type: DirectoryOrCreate}}
"#,
        host_dir.display()
    );
    let file = env.path("full.yaml");
    std::fs::write(&file, yaml.replace("$USER_NAME", "$S_user")).unwrap();
    let f = file.to_str().unwrap();
    env.ok(&["kube", "play", f]);
    let got = http_get(port).expect("the hostPort answers");
    assert!(got.contains("alice:secret-value"), "{got}");
    assert_eq!(std::fs::read_to_string(host_dir.join("written")).unwrap(), "on-host\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while env.ok(&["logs", "full-reader"]).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(env.ok(&["logs", "full-reader"]), "shared\n");
    let web = env.inspect_container_local("full-web");
    assert_eq!(web["HostConfig"]["RestartPolicy"]["Name"], "on-failure");
    assert_eq!(web["Config"]["Healthcheck"]["Test"], serde_json::json!(["CMD", "test", "-e", "/www/index.html"]));
    assert_eq!(web["Config"]["Healthcheck"]["Interval"], 5_000_000_000i64);
    assert_eq!(web["Config"]["Healthcheck"]["Retries"], 4);
    assert_eq!(env.ok(&["exec", "full-web", "hostname"]).trim(), "full-host");
    let labels = env.ok(&["pod", "inspect", "--format", "{{.Labels}}", "full"]);
    assert!(labels.contains("tier"), "{labels}");
    env.ok(&["kube", "down", f]);
    assert_eq!(env.ok(&["ps", "-aq"]), "");
    // The emptyDir's volume went with the pod.
    assert!(!env.ok(&["volume", "ls", "-q"]).lines().any(|v| v.starts_with("full-")));
    // resources.limits are enforced or refused naming the limit, never ignored.
    let limited = "apiVersion: v1\nkind: Pod\nmetadata: {name: lim}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sleep, '1000']\n    resources: {limits: {memory: 64Mi, cpu: 500m}}\n";
    let o = env.with_input(&["kube", "play", "-"], limited);
    if o.code == 0 {
        let c = env.inspect_container_local("lim-c");
        assert_eq!(c["HostConfig"]["Memory"], 64 << 20);
        assert_eq!(c["HostConfig"]["CpuQuota"], 50_000);
        env.ok(&["pod", "rm", "-f", "lim"]);
    } else {
        assert!(o.stderr.contains("memory") || o.stderr.contains("cgroup"), "{}", o.stderr);
        assert_eq!(env.run(&["pod", "exists", "lim"]).code, 1, "a failed play leaves its pod");
    }
}
