# vmrun (runner/): the runner's VM supervisor (scripts/qemu.sh qemu_run).
# Built plain for run.sh and, for make check, under ASan and UBSan.

RUNB        := $(B)/runner
VMRUN_SRC   := $(wildcard runner/*.c)
VMRUN_FLAGS := -g -std=gnu11 $(WARN) -MMD -MP

$(RUNB)/%.o: runner/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 $(VMRUN_FLAGS) -c $< -o $@

$(RUNB)/vmrun: $(patsubst runner/%.c,$(RUNB)/%.o,$(VMRUN_SRC))
	$(HOSTCC) -o $@ $^

$(CB)/runner/%.o: runner/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O1 $(SAN) $(VMRUN_FLAGS) -c $< -o $@

$(CB)/runner/vmrun: $(patsubst runner/%.c,$(CB)/runner/%.o,$(VMRUN_SRC))
	$(HOSTCC) $(SAN) -o $@ $^

.PHONY: vmrun
vmrun: $(RUNB)/vmrun

-include $(wildcard $(RUNB)/*.d)
