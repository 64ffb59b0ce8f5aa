# The freestanding guest: runtime, transport, driver, tests, for one
# architecture: ARCH=x86 (the default, build/guest) or ARCH=aarch64
# (build/guest-aarch64, cross-built with Debian's aarch64-linux-gnu tools).
# guest-driver/arch/$(ARCH)/arch.mk adds the architecture's flags and the
# rule that turns the linked ELF into the image QEMU boots.

ARCH        ?= x86
GB          := $(B)/guest$(if $(filter-out x86,$(ARCH)),-$(ARCH))
GUEST_CROSS := $(if $(filter aarch64,$(ARCH)),aarch64-linux-gnu-)
GUEST_CC    ?= $(if $(GUEST_CROSS),$(GUEST_CROSS)gcc,$(CC))
GUEST_LD    ?= $(GUEST_CROSS)ld
GUEST_OBJCOPY ?= $(GUEST_CROSS)objcopy
include guest-driver/arch/$(ARCH)/arch.mk
GUEST_CFLAGS := $(GUEST_ARCH_CFLAGS) -O2 -g -std=gnu11 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-common -mgeneral-regs-only \
	-nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
	-Iguest-driver/libc/include -Iguest-driver/arch/$(ARCH) $(INC) -Iguest-driver $(WARN) -MMD -MP \
	-Ispec-checks -I$(B)/gen -DMODEL_MAX_MAPPINGS=64 -DMODEL_EP_BUF=64
GUEST_LDFLAGS := $(GUEST_ARCH_LDFLAGS) -nostdlib -no-pie -z noexecstack \
	-z max-page-size=0x1000 -T guest-driver/arch/$(ARCH)/flat.lds

# Platform layer: only the guest has it.
GUEST_RT_SRC := $(wildcard guest-driver/arch/$(ARCH)/*.c guest-driver/arch/$(ARCH)/*.S guest-driver/endpoint/*.c \
	guest-driver/libc/*.c guest-driver/pci/*.c) guest-driver/virtio/virtio_pci.c
# Portable layer: the same sources build for the host against a device model.
HARNESS_MAIN := guest-driver/harness/harness.c
PORTABLE_SRC := $(filter-out $(HARNESS_MAIN),$(wildcard guest-driver/harness/*.c)) \
	guest-driver/virtio/virtqueue.c guest-driver/virtio/virtio.c $(wildcard guest-driver/viommu/*.c)
# The test table and its one main loop (harness_main): guest and model run.
SUITE_SRC    := $(wildcard guest-driver/tests/*.c) $(HARNESS_MAIN)

# Random sequences in lockstep with the reference model, which the guest
# links too (all of it but model_new, which needs a heap).
FUZZ_SRC     := $(wildcard guest-driver/fuzz/*.c)
ORACLE_SRC   := $(filter-out spec-checks/model/new.c,$(wildcard spec-checks/model/*.c)) \
	$(FUZZ_SRC) $(wildcard guest-driver/fuzz/guest/*.c)

guest_obj = $(patsubst %,$(GB)/%.o,$(1))

FAULTLINE_OBJ := $(call guest_obj,$(GUEST_RT_SRC) $(PORTABLE_SRC) $(SUITE_SRC) $(ORACLE_SRC) \
	guest-driver/main.c)
SELFTEST_OBJ  := $(call guest_obj,$(GUEST_RT_SRC) $(PORTABLE_SRC) $(wildcard guest-driver/selftest/*.c))
# The inner guest of host-tests/vfio_qemu_assign.c: edu alone, no IOMMU.
ASSIGN_OBJ    := $(call guest_obj,$(GUEST_RT_SRC) $(PORTABLE_SRC) guest-driver/assign/assign.c)

guest: $(GB)/faultline.$(GUEST_IMAGE_EXT) $(GB)/selftest.$(GUEST_IMAGE_EXT) $(if $(filter x86,$(ARCH)),$(GB)/assign.$(GUEST_IMAGE_EXT))

# Statement levels for the sequences' verdicts, from the catalog.
$(B)/gen/fuzz-levels.inc: spec-checks/catalog.txt
	@mkdir -p $(dir $@)
	sed -nE 's/^([A-Z]+-[A-Z]+-[0-9]+)\t([A-Za-z ]+)\t.*/{ "\1", "\2" },/p' $< >$@
$(GB)/guest-driver/fuzz/levels.c.o: $(B)/gen/fuzz-levels.inc

$(GB)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GB)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(GB)/%.elf: guest-driver/arch/$(ARCH)/flat.lds
	$(GUEST_LD) $(GUEST_LDFLAGS) -o $@ $(filter %.o,$^)

$(GB)/faultline.elf: $(FAULTLINE_OBJ)
$(GB)/selftest.elf: $(SELFTEST_OBJ)
$(GB)/assign.elf: $(ASSIGN_OBJ)

-include $(shell find $(GB) -name '*.d' 2>/dev/null)

# The aarch64 guest, from the top-level make (a make of its own: GB and the
# flags depend on ARCH).
.PHONY: guest-aarch64
guest-aarch64:
	$(MAKE) ARCH=aarch64 guest
