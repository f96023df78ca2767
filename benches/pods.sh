#!/bin/bash
# Pods and Kubernetes YAML, side by side with podman in one hyperfine run each:
#  - `kube play` of a 3-replica Deployment (busybox, --network none), the pods taken down
#    before each run (`kube down`, not timed);
#  - `pod create` + `pod start` of an empty pod (the infra only), removed before each run.
# Results: benches/results/pods.md
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-20}

make_bb_image

deployment() {
  cat <<Y
apiVersion: apps/v1
kind: Deployment
metadata: {name: bench}
spec:
  replicas: 3
  selector: {matchLabels: {app: bench}}
  template:
    metadata: {labels: {app: bench}}
    spec:
      containers:
      - name: main
        image: $1
        command: ["/bin/sleep", "1000"]
Y
}
deployment bb > "$BW/ctr.yaml"
deployment localhost/bb > "$BW/podman.yaml"
chmod 0644 "$BW"/*.yaml

C="'$CTR' --root '$BW/store'"
# Once each first: both work, and podman's state is warm.
as_user "$C kube play --network none ctr.yaml >/dev/null && $C kube down ctr.yaml >/dev/null"
as_user "podman kube play --network none podman.yaml >/dev/null && podman kube down podman.yaml >/dev/null"
as_user "hyperfine --style basic --warmup 2 --runs $RUNS --export-json '$BW/play.json' \
  -n 'ctr kube play (3 replicas)' --prepare \"$C kube down ctr.yaml >/dev/null\" \"$C kube play --network none ctr.yaml\" \
  -n 'podman kube play (3 replicas)' --prepare 'podman kube down podman.yaml >/dev/null 2>&1 || true' 'podman kube play --network none podman.yaml'"
as_user "$C kube down ctr.yaml >/dev/null; podman kube down podman.yaml >/dev/null"

as_user "hyperfine --style basic --warmup 2 --runs $RUNS --export-json '$BW/pod.json' \
  -n 'ctr pod create + start' --prepare \"$C pod rm -f -i bp >/dev/null\" \"$C pod create --name bp --network none >/dev/null && $C pod start bp\" \
  -n 'podman pod create + start' --prepare 'podman pod rm -f -i bp >/dev/null 2>&1 || true' 'podman pod create --name bp --network none >/dev/null && podman pod start bp'"
as_user "$C pod rm -f -i bp >/dev/null; podman pod rm -f -i bp >/dev/null"

{
  echo "# pods and kube play, ctr beside podman ($(date -u +%F), $(nproc) cores, rootless user)"
  echo
  echo "busybox-static image; --network none on both sides; ratios are of medians."
  echo
  table "$BW/play.json"
  echo
  table "$BW/pod.json"
} | tee "$RESULTS/pods.md"
