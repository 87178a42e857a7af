#!/usr/bin/env bash
# Publishes the crossbar CLI as a self-contained linux-x64 program (the .NET runtime included, so the target — e.g. a
# GPU node — needs no .NET SDK or runtime) into publish/linux-x64/, packs it as publish/crossbar-linux-x64.tar.xz
# (one folder, crossbar-linux-x64/, inside), lists its native libraries, checks that it runs with no dotnet on PATH
# and DOTNET_ROOT unset, and prints the archive's size. The archive must stay under 60 MiB to be shipped to a GPU node.
# Usage: scripts/publish.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '[publish] %s\n' "$*"; }
die() { printf '[publish] error: %s\n' "$*" >&2; exit 1; }

limit_mib=60
out="publish/linux-x64"
archive="publish/crossbar-linux-x64.tar.xz"

rm -rf "$out" "$archive"
mkdir -p publish
say "dotnet publish (Release, linux-x64, self-contained) into $out"
# No debug symbols in the package (they would be a third of it); no trimming (ILGPU and System.CommandLine use
# reflection that the trimmer cannot see). InvariantGlobalization is set for every project in Directory.Build.props.
dotnet publish src/CrossbarLab.Cli -c Release -r linux-x64 --self-contained -nologo -v quiet \
  -p:PublishTrimmed=false -p:DebugType=none -p:DebugSymbols=false -o "$out"
[ -x "$out/crossbar" ] || die "the published folder has no crossbar executable"

say "native libraries in the package:"
find "$out" -name '*.so*' -printf '  %f (%s bytes)\n' | sort
for needed in ILGPU.dll ILGPU.Algorithms.dll CrossbarLab.Gpu.dll; do
  [ -f "$out/$needed" ] || die "$needed is missing from the package"
done

say "checking that it runs without a .NET SDK (empty environment: no dotnet on PATH, DOTNET_ROOT unset)"
trace="$(mktemp)"
env -i HOME="${HOME:-/tmp}" PATH=/nonexistent COREHOST_TRACE=1 COREHOST_TRACEFILE="$trace" "$out/crossbar" --help \
  >/dev/null || die "the published crossbar --help failed"
# The host's trace says where the runtime came from: the package's own folder, not an installed .NET.
grep -q "Executing as a self-contained app" "$trace" || die "crossbar did not start as a self-contained app"
rm -f "$trace"

say "packing $archive"
XZ_OPT=-9 tar -C publish -cJf "$archive" --transform 's,^linux-x64,crossbar-linux-x64,' linux-x64
bytes=$(stat -c %s "$archive")
mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
say "$archive: $mib MiB ($bytes bytes; unpacked $(du -sh "$out" | cut -f1))"
[ "$bytes" -le $((limit_mib * 1048576)) ] || die "the archive is larger than $limit_mib MiB"
