# shellcheck shell=bash
# Building the guest images.  Needs util.sh.

# build_guest ROOT: "make -s guest" in ROOT.  make's output goes to stderr
# because stdout is the TAP stream.  Returns 2 (setup error) on failure.
build_guest() {
	if ! make -s -C "$1" guest >&2; then
		warn "build failed: make -s guest (see the errors above)"
		return 2
	fi
}
