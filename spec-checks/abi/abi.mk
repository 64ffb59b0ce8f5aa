# spec-checks/abi: the spec header against Linux's uapi headers.
#   make abi-check   build $(AB)/abi-check (then run it: TAP, one line per item)
# The kernel tree is KERNEL_SRC, else the oldest the host-tests builds
# unpacked under ~/.cache/faultline/src, and beside it the newest there;
# without one a comparison says SKIP.

AB         := $(B)/spec-checks/abi
ABI_CFLAGS := -O1 -g -std=gnu11 $(WARN) -Ispec-checks/abi
ABI_CACHE  := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/faultline/src
ABI_TREE   ?= $(or $(KERNEL_SRC),$(patsubst %/include/uapi/linux/virtio_iommu.h,%,\
		$(firstword $(wildcard $(ABI_CACHE)/*/*/include/uapi/linux/virtio_iommu.h))))
# The newest tree beside it (the cache's trees sort by series: 6.12, 7.2),
# when there is a second one.
ABI_TREE2  ?= $(filter-out $(ABI_TREE),$(patsubst %/include/uapi/linux/virtio_iommu.h,%,\
		$(lastword $(wildcard $(ABI_CACHE)/*/*/include/uapi/linux/virtio_iommu.h))))
ABI_NOTREE := no kernel tree: KERNEL_SRC unset and none under $(ABI_CACHE) (the host-tests build unpacks one)
ABI_NOTREE2 := one kernel tree only: the host tests on the other series (run.sh --kernel-src) unpack a second
# $(call ABI_TREEFL,header[,tree,why])
ABI_TREEFL  = $(if $(or $(2),$(ABI_TREE)),-DABI_HDR='"$(or $(2),$(ABI_TREE))/include/uapi/linux/$(1).h"',\
		-DABI_WHY='"$(or $(3),$(ABI_NOTREE))"')
ABI_TREE2FL = $(if $(ABI_TREE2),$(call ABI_TREEFL,$(1),$(ABI_TREE2)),-DABI_WHY='"$(ABI_NOTREE2)"')
ABI_DEPS   := spec-checks/abi/abi.h include/faultline/virtio_iommu.h include/faultline/le.h $(AB)/tree

# Rebuilt when the kernel trees found change.
$(AB)/tree: FORCE
	@mkdir -p $(dir $@)
	@echo '$(ABI_TREE) $(ABI_TREE2)' | cmp -s - $@ || echo '$(ABI_TREE) $(ABI_TREE2)' >$@

$(AB)/spec.o: spec-checks/abi/spec.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) $(INC) -c $< -o $@
$(AB)/ref612.o: spec-checks/abi/ref612.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -c $< -o $@
$(AB)/linux-sys.o: spec-checks/abi/linux.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_SYM=abi_linux_sys -c $< -o $@
$(AB)/linux-tree.o: spec-checks/abi/linux.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_SYM=abi_linux_tree $(call ABI_TREEFL,virtio_iommu) -c $< -o $@
$(AB)/iommufd-sys.o: spec-checks/abi/iommufd.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_SYM=abi_iommufd_sys -c $< -o $@
$(AB)/iommufd-tree.o: spec-checks/abi/iommufd.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_SYM=abi_iommufd_tree $(call ABI_TREEFL,iommufd) -c $< -o $@
$(AB)/ref72.o: spec-checks/abi/ref72.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -c $< -o $@
$(AB)/linux-tree2.o: spec-checks/abi/linux.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_SYM=abi_linux_tree2 $(call ABI_TREE2FL,virtio_iommu) -c $< -o $@
$(AB)/iommufd-tree2.o: spec-checks/abi/iommufd.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_SYM=abi_iommufd_tree2 $(call ABI_TREE2FL,iommufd) -c $< -o $@
$(AB)/vevent-tree.o: spec-checks/abi/iommufd.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_VEVENT -DABI_SYM=abi_vevent_tree $(call ABI_TREEFL,iommufd) -c $< -o $@
$(AB)/vevent-tree2.o: spec-checks/abi/iommufd.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -DABI_VEVENT -DABI_SYM=abi_vevent_tree2 $(call ABI_TREE2FL,iommufd) -c $< -o $@
$(AB)/main.o: spec-checks/abi/main.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -c $< -o $@

ABI_OBJS   := main.o spec.o ref612.o ref72.o linux-sys.o linux-tree.o linux-tree2.o \
	      iommufd-sys.o iommufd-tree.o iommufd-tree2.o vevent-tree.o vevent-tree2.o
$(AB)/abi-check: $(addprefix $(AB)/,$(ABI_OBJS))
	$(HOSTCC) -o $@ $^

.PHONY: abi-check FORCE
abi-check: $(AB)/abi-check
FORCE:
