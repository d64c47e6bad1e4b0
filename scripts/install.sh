#!/usr/bin/env bash
# Installs zhengce: PREFIX/bin/zhengce and the shipped policies with their examples in
# PREFIX/share/zhengce/policies, where the installed binary finds them from any folder.
#
#   scripts/install.sh [PREFIX]        PREFIX defaults to /usr/local
#
# Builds for release first, with the Swift runtime linked in statically (--static-swift-stdlib),
# so the binary runs on machines without the Swift toolchain; where the toolchain cannot link it
# statically, it falls back to a dynamic build and says so. ZHENGCE_BINARY=PATH installs an
# already built binary instead of building.
set -euo pipefail

prefix="${1:-/usr/local}"
case "$prefix" in
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  -*) echo "error: unknown option \`$prefix\`; usage: scripts/install.sh [PREFIX]" >&2; exit 2 ;;
  /*) ;;
  *) prefix="$PWD/$prefix" ;;
esac
binary="${ZHENGCE_BINARY:-}"
if [[ -n "$binary" && "$binary" != /* ]]; then binary="$PWD/$binary"; fi
cd "$(dirname "$0")/.."

if [[ -n "$binary" ]]; then
  [[ -f "$binary" && -x "$binary" ]] || { echo "error: ZHENGCE_BINARY=\`$binary\` is not an executable file" >&2; exit 2; }
else
  if swift build -c release --static-swift-stdlib; then
    echo "built with the Swift runtime linked statically"
  else
    echo "warning: this toolchain cannot link the Swift runtime statically; building with shared runtime libraries" >&2
    swift build -c release
  fi
  binary="$(swift build -c release --show-bin-path)/zhengce"
fi

share="$prefix/share/zhengce"
mkdir -p "$prefix/bin" "$share"
install -m 755 "$binary" "$prefix/bin/zhengce.new"
mv -f "$prefix/bin/zhengce.new" "$prefix/bin/zhengce"

# The policies are replaced as a whole, so a policy removed from the repository leaves no copy behind.
rm -rf "$share/policies.new" "$share/policies.old"
mkdir -p "$share/policies.new"
shopt -s nullglob
files=(policies/*.policy policies/*.examples.json)
shopt -u nullglob
if (( ${#files[@]} == 0 )); then echo "error: no policy files in $PWD/policies" >&2; exit 1; fi
cp "${files[@]}" "$share/policies.new/"
chmod 644 "$share/policies.new/"*
if [[ -d "$share/policies" ]]; then mv "$share/policies" "$share/policies.old"; fi
mv "$share/policies.new" "$share/policies"
rm -rf "$share/policies.old"

echo "installed $prefix/bin/zhengce"
echo "installed $(ls "$share/policies" | wc -l | tr -d ' ') files in $share/policies"
if command -v ldd >/dev/null && ldd "$prefix/bin/zhengce" 2>/dev/null | grep -q 'libswift\|libFoundation'; then
  echo "note: the binary needs the Swift runtime libraries of this machine (ldd $prefix/bin/zhengce)" >&2
fi
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on PATH; add it (export PATH=\"$prefix/bin:\$PATH\")" ;;
esac
