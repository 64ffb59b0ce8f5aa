# The project's own tests.  `make check` runs check/run-checks.sh, which runs
# every step below and ends with "N passed, N failed[, N skipped]".

CB          := $(B)/check
SAN         := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_CFLAGS := -O1 -g -std=gnu11 $(SAN) $(WARN) $(INC) -Iguest-driver -Icheck/unit -MMD -MP
UNIT_SRC    := $(wildcard check/unit/*.c) $(PORTABLE_SRC) guest-driver/tests/stall.c host-tests/ratelimit.c
UNIT_OBJ    := $(patsubst %,$(CB)/%.o,$(UNIT_SRC))

$(CB)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -c $< -o $@

$(CB)/unit-tests: $(UNIT_OBJ)
	$(HOSTCC) $(SAN) -o $@ $^

unit: $(CB)/unit-tests
	$(CB)/unit-tests

# Installs what it needs first, so that it works on a fresh machine too.
check:
	scripts/deps.sh install-check
	$(MAKE) guest $(CB)/unit-tests $(CB)/results/faultline-results $(CB)/runner/vmrun $(B)/runner/vmrun
	# The aarch64 guest where Debian's cross compiler could be had (else its steps skip).
	if command -v aarch64-linux-gnu-gcc >/dev/null; then $(MAKE) guest-aarch64; fi
	check/run-checks.sh

# Every test alone against the full run, on every QEMU release (long: one VM
# per test and release).  make check runs a sample of it.
check-isolation: guest
	check/isolation.sh --all

-include $(shell find $(CB) -name '*.d' 2>/dev/null)
