# The host tests (static kselftest programs) and the test VM's initramfs.
#   make host-tests   build/host-tests/<program>, each a standalone kselftest
#   make initramfs    build/vm-images/initramfs.cpio (busybox, /init, the tests)
# The kernel tree supplies the kselftest harness and the iommufd uAPI, used in
# place: KSRC (default: the tree vm-images/kernel.sh unpacks or KERNEL_SRC).

HB          := $(B)/host-tests
VB          := $(B)/vm-images
# Looked up once, and only when a host-test target needs it.
KSRC        ?= $(eval KSRC := $(shell vm-images/kernel.sh source))$(KSRC)
HOST_PROGS  := fault_alloc fault_read fault_response fault_lifetime fault_pasid \
               viommu_alloc veventq_read veventq_life hw_queue
# VFIO programs (edu behind an IOMMU) link the edu and VFIO helpers instead.
VFIO_PROGS  := vfio_paths vfio_type1 vfio_cdev vfio_kvm vfio_qemu_assign linux_viommu linux_viommu_quirks \
               linux_dma uapi_caps
HOST_BINS   := $(addprefix $(HB)/,$(HOST_PROGS))
VFIO_BINS   := $(addprefix $(HB)/,$(VFIO_PROGS))
VFIO_LIB    := $(addprefix host-tests/,edu_device.c edu_dma.c iommu_log.c ratelimit.c vfio_setup.c vfio_map.c \
               iommufd_helpers.c)
# Programs that need a VM of their own link the kernel tree's KVM selftests
# library (tools/testing/selftests/kvm/lib), built by the tree's own Makefile
# (host-tests/kvm_lib.mk) against the tree's uAPI headers (make headers), all
# under $(KVM_B): the tree is read, never written.  KVM_B holds one tree's
# build (the headers take a minute of make): HB's by default, which hostvm.sh
# keys by tree; check/kselftest.sh, which builds into a fresh HB, passes its own.
KVM_PROGS   := vfio_kvm_assign
KVM_BINS    := $(addprefix $(HB)/,$(KVM_PROGS))
KVM_B       ?= $(abspath $(HB))/kvm
KVM_UAPI     = $(KVM_B)/hdr/usr/include
KVM_HELPERS  = $(patsubst host-tests/%.c,$(abspath $(HB))/kvm-helpers/%.o,$(VFIO_LIB))
KVM_MAKE     = $(MAKE) -C $(KSRC)/tools/testing/selftests/kvm -f Makefile \
               -f $(abspath host-tests/kvm_lib.mk) OUTPUT=$(KVM_B) \
               KHDR_INCLUDES="-isystem $(KVM_UAPI)" LINUX_HDR_PATH=$(KVM_UAPI)/
HOST_LIB    := host-tests/iommufd_helpers.c host-tests/fault_env.c \
               host-tests/viommu_helpers.c host-tests/viommu_env.c
HOST_HDRS   := $(wildcard host-tests/*.h)
# Static, so that the initramfs needs no libc.  The harness is a system
# header: its own code is not ours to warn about.  The uAPI headers of the tree
# under test come first (the build host's linux/iommufd.h is older).
HOST_CFLAGS  = -static -O2 -g -std=gnu11 -Wall -Wextra -Werror -pthread \
               -I$(HB)/uapi -Ihost-tests -isystem $(KSRC)/tools/testing/selftests \
               -I$(KSRC)/drivers/iommu/iommufd -include host-tests/uapi_compat.h
BUSYBOX     ?= /bin/busybox

.PHONY: host-tests initramfs

host-tests: $(HOST_BINS) $(VFIO_BINS) $(KVM_BINS)
initramfs: $(VB)/initramfs.cpio

# Only linux/iommufd.h and linux/vfio.h are taken from the tree: links, not copies.
UAPI_LINKS  := $(addprefix $(HB)/uapi/linux/,iommufd.h vfio.h)
$(UAPI_LINKS):
	@test -f $(KSRC)/include/uapi/linux/$(notdir $@) || \
		{ echo "KSRC=$(KSRC) has no include/uapi/linux/$(notdir $@)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	ln -sfn $(abspath $(KSRC))/include/uapi/linux/$(notdir $@) $@

$(VFIO_BINS): $(HB)/%: host-tests/%.c $(VFIO_LIB) $(HOST_HDRS) $(UAPI_LINKS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(VFIO_LIB)

# The tree's uAPI headers, generated out of the tree (O=): the KVM library
# includes linux/kvm.h and asm/kvm.h of the kernel it tests.
$(KVM_UAPI)/linux/kvm.h:
	@test -f $(KSRC)/tools/testing/selftests/kvm/lib/kvm_util.c || \
		{ echo "KSRC=$(KSRC) has no KVM selftests library" >&2; exit 1; }
	$(MAKE) -s -C $(KSRC) O=$(KVM_B)/hdr headers

$(KVM_HELPERS): $(abspath $(HB))/kvm-helpers/%.o: host-tests/%.c $(HOST_HDRS) $(UAPI_LINKS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

# "+": make passes its job slots to $(MAKE) named through a variable only so.
$(KVM_BINS): $(HB)/%: host-tests/%.c host-tests/kvm_lib.mk $(KVM_HELPERS) $(HOST_HDRS) \
		$(KVM_UAPI)/linux/kvm.h
	+$(KVM_MAKE) -s faultline-prog FAULTLINE_SRC=$(abspath $<) FAULTLINE_OUT=$(abspath $@) \
		FAULTLINE_OBJS="$(KVM_HELPERS)" FAULTLINE_CFLAGS="-Wextra -Werror -I$(abspath host-tests)"

$(HB)/%: host-tests/%.c $(HOST_LIB) $(HOST_HDRS) $(UAPI_LINKS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $< $(HOST_LIB)

$(VB)/debug-exit $(VB)/cmos-keep: $(VB)/%: vm-images/%.c
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<

$(VB)/initramfs.cpio: $(HOST_BINS) $(VFIO_BINS) $(KVM_BINS) $(VB)/debug-exit $(VB)/cmos-keep vm-images/init.sh \
		vm-images/initramfs.sh host-tests/statements.txt spec-checks/catalog.txt
	vm-images/initramfs.sh $@ $(BUSYBOX) $(VB)/debug-exit $(VB)/cmos-keep host-tests/statements.txt $(HOST_BINS) $(VFIO_BINS) $(KVM_BINS)

# The kselftest way in: an installed tree that the kernel's run_kselftest.sh
# runs (host-tests/kselftest-install.sh; also make -C host-tests install).
INSTALL_PATH ?= $(B)/kselftest_install
.PHONY: kselftest-install
kselftest-install: $(HOST_BINS) $(VFIO_BINS) $(KVM_BINS) host-tests/kselftest-install.sh host-tests/config \
		host-tests/settings host-tests/statements.txt
	host-tests/kselftest-install.sh $(INSTALL_PATH) $(KSRC) $(HOST_BINS) $(VFIO_BINS) $(KVM_BINS)
