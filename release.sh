#!/usr/bin/env bash
# Builds setsafe's release: for each target, static binaries of setsafe and
# setsafe-verify with README.md and the licences, in an archive (tar.gz;
# zip for Windows) in dist/VERSION/, and SHA256SUMS beside them.
#
#   ./release.sh [VERSION]
#
# VERSION defaults to `git describe --tags --always --dirty`, without a
# leading "v" (v1.2.0 gives 1.2.0). The binaries print it, with the commit,
# in `setsafe version` and `setsafe-verify --version`.
#
# The same source, version, Go and time give the same bytes: every file in
# the archives carries the commit's time, owner 0 and a fixed mode.
#
# Environment:
#   SETSAFE_RELEASE_TARGETS  GOOS/GOARCH pairs separated by spaces or commas
#                            (default: linux/amd64 linux/arm64 darwin/amd64
#                            darwin/arm64 windows/amd64)
#   SETSAFE_RELEASE_DIST     the directory that receives VERSION/ (default: dist)
#   SETSAFE_RELEASE_COMMIT   the commit to print (default: git rev-parse HEAD)
#   SOURCE_DATE_EPOCH        the time, in seconds since 1970, of every file in
#                            the archives (default: the commit's time)
#   TAR                      GNU tar (default: tar; on macOS, gtar)
#
# Needs Go, GNU tar, gzip, zip (for Windows) and sha256sum; git unless the
# version, the commit and SOURCE_DATE_EPOCH are given.
set -euo pipefail

die() {
	echo "release.sh: $*" >&2
	exit 1
}

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

all_targets="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64"
targets=${SETSAFE_RELEASE_TARGETS:-$all_targets}
targets=${targets//,/ }
dist=${SETSAFE_RELEASE_DIST:-dist}
tar=${TAR:-tar}

for tool in go gzip sha256sum "$tar"; do
	command -v "$tool" >/dev/null || die "$tool is needed and is not on PATH"
done
"$tar" --version 2>/dev/null | grep -q 'GNU tar' ||
	die "$tar is not GNU tar, which the archives need to be reproducible; install it (on macOS: brew install gnu-tar) and run with TAR=gtar"
case " $targets " in
*" windows/"*) command -v zip >/dev/null || die "zip is needed for the Windows archive and is not on PATH" ;;
esac

if [ $# -gt 1 ]; then
	die "give at most one argument, the version (such as 1.2.0), not $#"
fi
version=${1:-}
if [ -z "$version" ]; then
	version=$(git describe --tags --always --dirty 2>/dev/null) ||
		die "no version given and git describe failed; run: ./release.sh 1.2.0"
fi
if [[ $version =~ ^v[0-9] ]]; then
	version=${version#v}
fi
[[ $version =~ ^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$ ]] ||
	die "version \"$version\": use letters, digits, dots, dashes and plus signs, such as 1.2.0 or 1.2.0-rc.1"

commit=${SETSAFE_RELEASE_COMMIT:-}
if [ -z "$commit" ]; then
	commit=$(git rev-parse HEAD 2>/dev/null) ||
		die "git rev-parse HEAD failed; give the commit in SETSAFE_RELEASE_COMMIT"
	if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
		echo "release.sh: the tree has changes not committed; the binaries say so" >&2
		commit="$commit-dirty"
	fi
fi
[[ $commit =~ ^[0-9A-Za-z._-]{1,80}$ ]] || die "commit \"$commit\": use letters, digits, dots and dashes"

epoch=${SOURCE_DATE_EPOCH:-}
if [ -z "$epoch" ]; then
	epoch=$(git log -1 --format=%ct HEAD 2>/dev/null) ||
		die "git log failed; give the time of the files in SOURCE_DATE_EPOCH (seconds since 1970)"
fi
[[ $epoch =~ ^[0-9]{1,12}$ ]] || die "SOURCE_DATE_EPOCH \"$epoch\": give seconds since 1970, such as 1767225600"

for target in $targets; do
	[[ $target =~ ^[a-z0-9]+/[a-z0-9]+$ ]] || die "target \"$target\": give GOOS/GOARCH, such as linux/amd64"
done

# The licences of what the binaries hold: Go's, the modules', the scripts
# the pages serve, and the fonts the PDFs embed.
fonts=pdf/fonts
font_licences=()
if [ -d "$fonts" ]; then
	while IFS= read -r f; do
		font_licences+=("$f")
	done < <(find "$fonts" -maxdepth 1 -type f \( -iname '*licen*' -o -iname 'ofl*' -o -iname 'copying*' -o -iname 'notice*' \) | LC_ALL=C sort)
	[ ${#font_licences[@]} -gt 0 ] || die "$fonts holds no licence file (LICENSE, OFL.txt...); the release must carry the fonts' licence"
fi

out="$dist/$version"
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Building setsafe $version (commit $commit, $(go env GOVERSION)) into $out"
archives=()
for target in $targets; do
	goos=${target%/*}
	goarch=${target#*/}
	name="setsafe_${version}_${goos}_${goarch}"
	stage="$work/$name"
	mkdir -p "$stage/licenses"
	exe=
	if [ "$goos" = windows ]; then
		exe=.exe
	fi
	for cmd in setsafe setsafe-verify; do
		# GOAMD64 and GOARM64 at their defaults, and no VCS stamp (the
		# commit comes from -X), so that the same source gives the same bytes.
		env CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" GOAMD64=v1 GOARM64=v8.0 GOFLAGS=-mod=readonly \
			go build -trimpath -buildvcs=false \
			-ldflags "-s -w -X github.com/setsafe/setsafe/buildinfo.version=$version -X github.com/setsafe/setsafe/buildinfo.commit=$commit" \
			-o "$stage/$cmd$exe" "./cmd/$cmd"
	done
	cp README.md "$stage/"
	for f in LICENSE* LICENCE* COPYING* NOTICE*; do
		if [ -f "$f" ]; then
			cp "$f" "$stage/"
		fi
	done
	mkdir -p "$stage/licenses/go"
	cp "$(go env GOROOT)/LICENSE" "$stage/licenses/go/LICENSE"
	while read -r path dir; do
		[ -n "$path" ] || continue
		mkdir -p "$stage/licenses/$path"
		found=
		for f in "$dir"/LICEN[CS]E* "$dir"/COPYING* "$dir"/NOTICE*; do
			if [ -f "$f" ]; then
				cp "$f" "$stage/licenses/$path/"
				found=1
			fi
		done
		[ -n "$found" ] || die "module $path has no licence file in $dir"
	done < <(env CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" GOFLAGS=-mod=readonly go list -deps \
		-f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Dir}}{{end}}{{end}}' ./cmd/setsafe ./cmd/setsafe-verify | LC_ALL=C sort -u)
	for f in http/pages/static/vendor/LICENSE.*; do
		lib=${f##*/LICENSE.}
		mkdir -p "$stage/licenses/$lib"
		cp "$f" "$stage/licenses/$lib/LICENSE"
	done
	if [ ${#font_licences[@]} -gt 0 ]; then
		mkdir -p "$stage/licenses/fonts"
		cp "${font_licences[@]}" "$stage/licenses/fonts/"
	fi

	# Fixed modes and times, whatever the umask and the clock.
	find "$stage" -type d -exec chmod 0755 {} +
	find "$stage" -type f -exec chmod 0644 {} +
	chmod 0755 "$stage/setsafe$exe" "$stage/setsafe-verify$exe"
	find "$stage" -exec touch -h -d "@$epoch" {} +

	if [ "$goos" = windows ]; then
		archive="$name.zip"
		# -X leaves out the owner and the extra times; TZ=UTC because zip
		# stores local times.
		(cd "$work" && find "$name" -type f | LC_ALL=C sort | TZ=UTC zip -q -X -D -@ "$out/$archive")
	else
		archive="$name.tar.gz"
		(cd "$work" && "$tar" --create --format=gnu --sort=name --mtime="@$epoch" \
			--owner=0 --group=0 --numeric-owner --file=- "$name" | gzip -n -9 >"$out/$archive")
	fi
	archives+=("$archive")
	echo "  $archive"
done

(cd "$out" && sha256sum -- "${archives[@]}" | LC_ALL=C sort -k2 >SHA256SUMS)
echo "  SHA256SUMS"
