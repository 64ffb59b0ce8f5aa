# spec-checks/abi: the spec header against Linux's uapi headers.
#   make abi-check   build $(AB)/abi-check (then run it: TAP, one line per item)
# The kernel tree is KERNEL_SRC, else the one the host-tests build unpacked
# under ~/.cache/faultline/src; without one its comparisons say SKIP.

AB         := $(B)/spec-checks/abi
ABI_CFLAGS := -O1 -g -std=gnu11 $(WARN) -Ispec-checks/abi
ABI_CACHE  := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/faultline/src
ABI_TREE   ?= $(or $(KERNEL_SRC),$(patsubst %/include/uapi/linux/virtio_iommu.h,%,\
		$(firstword $(wildcard $(ABI_CACHE)/*/*/include/uapi/linux/virtio_iommu.h))))
ABI_NOTREE := no kernel tree: KERNEL_SRC unset and none under $(ABI_CACHE) (the host-tests build unpacks one)
ABI_TREEFL  = $(if $(ABI_TREE),-DABI_HDR='"$(ABI_TREE)/include/uapi/linux/$(1).h"',-DABI_WHY='"$(ABI_NOTREE)"')
ABI_DEPS   := spec-checks/abi/abi.h include/faultline/virtio_iommu.h include/faultline/le.h $(AB)/tree

# Rebuilt when the kernel tree found changes.
$(AB)/tree: FORCE
	@mkdir -p $(dir $@)
	@echo '$(ABI_TREE)' | cmp -s - $@ || echo '$(ABI_TREE)' >$@

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
$(AB)/main.o: spec-checks/abi/main.c $(ABI_DEPS)
	$(HOSTCC) $(ABI_CFLAGS) -c $< -o $@

$(AB)/abi-check: $(addprefix $(AB)/,main.o spec.o ref612.o linux-sys.o linux-tree.o iommufd-sys.o iommufd-tree.o)
	$(HOSTCC) -o $@ $^

.PHONY: abi-check FORCE
abi-check: $(AB)/abi-check
FORCE:
