# faultline: conformance suite for IOMMU fault reporting.
#   make            build the guest images (x86-64)
#   make guest-aarch64  the aarch64 guest for virt (build/guest-aarch64, cross-built)
#   make check      the project's own tests (unit, runner, guest suite vs expectations)
#   make bench      where a run's time goes (scripts/bench.sh): three runs, min and median
#   make check-isolation  every test alone equals the full run, on every QEMU release
# Everything is built under $(B).

B        ?= build
CC       ?= cc
HOSTCC   ?= $(CC)
WARN     := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow
INC      := -Iinclude

.PHONY: all guest unit check check-isolation mutants clean bench
all: guest

include guest-driver/guest.mk
include check/check.mk
include results/results.mk
include runner/runner.mk
include spec-checks/spec-checks.mk
include host-tests/host.mk

bench:
	scripts/bench.sh

clean:
	rm -rf $(B)
