# The reference device model and the host build of the conformance suite.
#   make model-suite   build $(SB)/model-suite: the suite's own sources
#                      (SUITE_SRC + PORTABLE_SRC, shared with the unit tests'
#                      objects) linked against the model, ASan+UBSan
#   make model         the suite against the faithful model in every allowed setting
#   make mutants       the suite against every mutant: each must be killed
#   make kernel-mutants  the host tests against every kernel mutant: each must be killed

SB           := $(B)/spec-checks
MODEL_CFLAGS := -O1 -g -std=gnu11 $(SAN) $(WARN) $(INC) -Ispec-checks -Icheck/unit -MMD -MP
MODEL_SRC    := $(wildcard spec-checks/model/*.c spec-checks/model-run/*.c)
MODEL_OBJ    := $(patsubst %,$(SB)/%.o,$(MODEL_SRC))
MODEL_SHARED := $(patsubst %,$(CB)/%.o,$(PORTABLE_SRC) $(SUITE_SRC) check/unit/host_rt.c)
# The random sequences and their oracle (a second model) on the host too.
FUZZ_HOST_OBJ := $(patsubst %,$(SB)/%.o,$(FUZZ_SRC))
# LS_CHECK_PRUNE: the oracle tries every fork it prunes and stops if one agrees (forks.c).
$(FUZZ_HOST_OBJ): MODEL_CFLAGS += -Iguest-driver -I$(B)/gen -DLS_CHECK_PRUNE
$(SB)/guest-driver/fuzz/levels.c.o: $(B)/gen/fuzz-levels.inc

$(SB)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(MODEL_CFLAGS) -c $< -o $@

# Wrapped: rt_alloc, so the model knows the driver's memory (model-run/ram.h);
# rt_clock_ns, rt_relax and rt_relax_for, for virtual time (model-run/clock.h).
$(SB)/model-suite: $(MODEL_OBJ) $(MODEL_SHARED) $(FUZZ_HOST_OBJ)
	$(HOSTCC) $(SAN) -Wl,--wrap=rt_alloc,--wrap=rt_clock_ns,--wrap=rt_relax,--wrap=rt_relax_for -o $@ $^

.PHONY: model-suite model
model-suite: $(SB)/model-suite

model: $(SB)/model-suite
	spec-checks/faithful.sh $(SB)/model-suite

mutants: $(SB)/model-suite
	spec-checks/mutants.sh $(SB)/model-suite

include spec-checks/abi/abi.mk

# The Linux driver's request stream, read from QEMU's trace, against the DRV
# statements (spec-checks/driver-stream/main.c).
DS_OBJ := $(patsubst %,$(SB)/%.o,$(wildcard spec-checks/driver-stream/*.c))
$(SB)/driver-stream: $(DS_OBJ)
	$(HOSTCC) $(SAN) -o $@ $^

.PHONY: driver-stream
driver-stream: $(SB)/driver-stream

-include $(shell find $(SB) -name '*.d' 2>/dev/null)

# The host tests against every kernel mutant of vm-images/kmutants/ (root:
# the mutant kernels are built under overlay mounts; about 4 minutes for the
# kept baseline build on first use, then seconds per mutant).
.PHONY: kernel-mutants
kernel-mutants:
	spec-checks/kernel-mutants.sh
