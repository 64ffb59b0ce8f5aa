/* SPDX-License-Identifier: MIT */
/*
 * One header's layout as data: each struct size, field offset and size, and
 * constant, under a name both sides spell alike, so that tables built from
 * headers that cannot share a translation unit can be compared by name.
 */
#ifndef FAULTLINE_ABI_H
#define FAULTLINE_ABI_H

#include <stddef.h>

struct abi_item {
	const char *name;	/* "sizeof(struct s)", "offsetof(s, f)", "sizeof(s.f)", "NAME" */
	unsigned long long value;
};

struct abi_table {
	const char *origin;	/* the header, as a path */
	const char *skip;	/* why there is no table, or NULL */
	const struct abi_item *items;
	size_t n;
};

#define ABI_SIZE(s)		{ "sizeof(struct " #s ")", sizeof(struct s) },
#define ABI_FIELD(s, f)		{ "offsetof(" #s ", " #f ")", offsetof(struct s, f) }, \
				{ "sizeof(" #s "." #f ")", sizeof(((struct s *)0)->f) },
#define ABI_OFFSET(s, f)	{ "offsetof(" #s ", " #f ")", offsetof(struct s, f) },
#define ABI_CONST(c)		{ #c, (unsigned long long)(c) },

/* The virtio-iommu items that the spec and Linux's uapi header both name. */
#define VIOMMU_COMMON_ITEMS \
	ABI_CONST(VIRTIO_IOMMU_F_INPUT_RANGE) ABI_CONST(VIRTIO_IOMMU_F_DOMAIN_RANGE) \
	ABI_CONST(VIRTIO_IOMMU_F_MAP_UNMAP) ABI_CONST(VIRTIO_IOMMU_F_BYPASS) \
	ABI_CONST(VIRTIO_IOMMU_F_PROBE) ABI_CONST(VIRTIO_IOMMU_F_MMIO) \
	ABI_CONST(VIRTIO_IOMMU_F_BYPASS_CONFIG) \
	ABI_SIZE(virtio_iommu_range_64) \
	ABI_FIELD(virtio_iommu_range_64, start) ABI_FIELD(virtio_iommu_range_64, end) \
	ABI_SIZE(virtio_iommu_range_32) \
	ABI_FIELD(virtio_iommu_range_32, start) ABI_FIELD(virtio_iommu_range_32, end) \
	ABI_SIZE(virtio_iommu_config) \
	ABI_FIELD(virtio_iommu_config, page_size_mask) \
	ABI_FIELD(virtio_iommu_config, input_range) \
	ABI_FIELD(virtio_iommu_config, domain_range) \
	ABI_FIELD(virtio_iommu_config, probe_size) \
	ABI_FIELD(virtio_iommu_config, bypass) \
	ABI_FIELD(virtio_iommu_config, reserved) \
	ABI_CONST(VIRTIO_IOMMU_T_ATTACH) ABI_CONST(VIRTIO_IOMMU_T_DETACH) \
	ABI_CONST(VIRTIO_IOMMU_T_MAP) ABI_CONST(VIRTIO_IOMMU_T_UNMAP) \
	ABI_CONST(VIRTIO_IOMMU_T_PROBE) \
	ABI_CONST(VIRTIO_IOMMU_S_OK) ABI_CONST(VIRTIO_IOMMU_S_IOERR) \
	ABI_CONST(VIRTIO_IOMMU_S_UNSUPP) ABI_CONST(VIRTIO_IOMMU_S_DEVERR) \
	ABI_CONST(VIRTIO_IOMMU_S_INVAL) ABI_CONST(VIRTIO_IOMMU_S_RANGE) \
	ABI_CONST(VIRTIO_IOMMU_S_NOENT) ABI_CONST(VIRTIO_IOMMU_S_FAULT) \
	ABI_CONST(VIRTIO_IOMMU_S_NOMEM) \
	ABI_SIZE(virtio_iommu_req_head) \
	ABI_FIELD(virtio_iommu_req_head, type) ABI_FIELD(virtio_iommu_req_head, reserved) \
	ABI_SIZE(virtio_iommu_req_tail) \
	ABI_FIELD(virtio_iommu_req_tail, status) ABI_FIELD(virtio_iommu_req_tail, reserved) \
	ABI_CONST(VIRTIO_IOMMU_ATTACH_F_BYPASS) \
	ABI_SIZE(virtio_iommu_req_attach) \
	ABI_FIELD(virtio_iommu_req_attach, head) ABI_FIELD(virtio_iommu_req_attach, domain) \
	ABI_FIELD(virtio_iommu_req_attach, endpoint) ABI_FIELD(virtio_iommu_req_attach, flags) \
	ABI_FIELD(virtio_iommu_req_attach, reserved) ABI_FIELD(virtio_iommu_req_attach, tail) \
	ABI_SIZE(virtio_iommu_req_detach) \
	ABI_FIELD(virtio_iommu_req_detach, head) ABI_FIELD(virtio_iommu_req_detach, domain) \
	ABI_FIELD(virtio_iommu_req_detach, endpoint) \
	ABI_FIELD(virtio_iommu_req_detach, reserved) ABI_FIELD(virtio_iommu_req_detach, tail) \
	ABI_CONST(VIRTIO_IOMMU_MAP_F_READ) ABI_CONST(VIRTIO_IOMMU_MAP_F_WRITE) \
	ABI_CONST(VIRTIO_IOMMU_MAP_F_MMIO) \
	ABI_SIZE(virtio_iommu_req_map) \
	ABI_FIELD(virtio_iommu_req_map, head) ABI_FIELD(virtio_iommu_req_map, domain) \
	ABI_FIELD(virtio_iommu_req_map, virt_start) ABI_FIELD(virtio_iommu_req_map, virt_end) \
	ABI_FIELD(virtio_iommu_req_map, phys_start) ABI_FIELD(virtio_iommu_req_map, flags) \
	ABI_FIELD(virtio_iommu_req_map, tail) \
	ABI_SIZE(virtio_iommu_req_unmap) \
	ABI_FIELD(virtio_iommu_req_unmap, head) ABI_FIELD(virtio_iommu_req_unmap, domain) \
	ABI_FIELD(virtio_iommu_req_unmap, virt_start) ABI_FIELD(virtio_iommu_req_unmap, virt_end) \
	ABI_FIELD(virtio_iommu_req_unmap, reserved) ABI_FIELD(virtio_iommu_req_unmap, tail) \
	ABI_SIZE(virtio_iommu_req_probe) \
	ABI_FIELD(virtio_iommu_req_probe, head) ABI_FIELD(virtio_iommu_req_probe, endpoint) \
	ABI_FIELD(virtio_iommu_req_probe, reserved) \
	ABI_CONST(VIRTIO_IOMMU_PROBE_T_NONE) ABI_CONST(VIRTIO_IOMMU_PROBE_T_RESV_MEM) \
	ABI_CONST(VIRTIO_IOMMU_PROBE_T_MASK) \
	ABI_SIZE(virtio_iommu_probe_property) \
	ABI_FIELD(virtio_iommu_probe_property, type) \
	ABI_FIELD(virtio_iommu_probe_property, length) \
	ABI_CONST(VIRTIO_IOMMU_RESV_MEM_T_RESERVED) ABI_CONST(VIRTIO_IOMMU_RESV_MEM_T_MSI) \
	ABI_SIZE(virtio_iommu_probe_resv_mem) \
	ABI_FIELD(virtio_iommu_probe_resv_mem, head) \
	ABI_FIELD(virtio_iommu_probe_resv_mem, subtype) \
	ABI_FIELD(virtio_iommu_probe_resv_mem, reserved) \
	ABI_FIELD(virtio_iommu_probe_resv_mem, start) \
	ABI_FIELD(virtio_iommu_probe_resv_mem, end) \
	ABI_CONST(VIRTIO_IOMMU_FAULT_R_UNKNOWN) ABI_CONST(VIRTIO_IOMMU_FAULT_R_DOMAIN) \
	ABI_CONST(VIRTIO_IOMMU_FAULT_R_MAPPING) \
	ABI_CONST(VIRTIO_IOMMU_FAULT_F_READ) ABI_CONST(VIRTIO_IOMMU_FAULT_F_WRITE) \
	ABI_CONST(VIRTIO_IOMMU_FAULT_F_ADDRESS) \
	ABI_SIZE(virtio_iommu_fault) \
	ABI_FIELD(virtio_iommu_fault, reason) ABI_FIELD(virtio_iommu_fault, reserved) \
	ABI_FIELD(virtio_iommu_fault, flags) ABI_FIELD(virtio_iommu_fault, endpoint) \
	ABI_FIELD(virtio_iommu_fault, address)

/* The iommufd fault-queue items (Linux 6.12 include/uapi/linux/iommufd.h). */
#define IOMMUFD_FAULT_ITEMS \
	ABI_CONST(IOMMU_FAULT_QUEUE_ALLOC) ABI_CONST(IOMMU_HWPT_ALLOC) \
	ABI_CONST(IOMMU_HWPT_FAULT_ID_VALID) \
	ABI_CONST(IOMMU_PGFAULT_FLAGS_PASID_VALID) ABI_CONST(IOMMU_PGFAULT_FLAGS_LAST_PAGE) \
	ABI_CONST(IOMMU_PGFAULT_PERM_READ) ABI_CONST(IOMMU_PGFAULT_PERM_WRITE) \
	ABI_CONST(IOMMU_PGFAULT_PERM_EXEC) ABI_CONST(IOMMU_PGFAULT_PERM_PRIV) \
	ABI_CONST(IOMMUFD_PAGE_RESP_SUCCESS) ABI_CONST(IOMMUFD_PAGE_RESP_INVALID) \
	ABI_SIZE(iommu_fault_alloc) \
	ABI_FIELD(iommu_fault_alloc, size) ABI_FIELD(iommu_fault_alloc, flags) \
	ABI_FIELD(iommu_fault_alloc, out_fault_id) ABI_FIELD(iommu_fault_alloc, out_fault_fd) \
	ABI_SIZE(iommu_hwpt_alloc) \
	ABI_FIELD(iommu_hwpt_alloc, fault_id) \
	ABI_SIZE(iommu_hwpt_pgfault) \
	ABI_FIELD(iommu_hwpt_pgfault, flags) ABI_FIELD(iommu_hwpt_pgfault, dev_id) \
	ABI_FIELD(iommu_hwpt_pgfault, pasid) ABI_FIELD(iommu_hwpt_pgfault, grpid) \
	ABI_FIELD(iommu_hwpt_pgfault, perm) ABI_FIELD(iommu_hwpt_pgfault, __reserved) \
	ABI_FIELD(iommu_hwpt_pgfault, addr) ABI_FIELD(iommu_hwpt_pgfault, length) \
	ABI_FIELD(iommu_hwpt_pgfault, cookie) \
	ABI_SIZE(iommu_hwpt_page_response) \
	ABI_FIELD(iommu_hwpt_page_response, cookie) ABI_FIELD(iommu_hwpt_page_response, code)

/* The vIOMMU event queue (Linux 6.15 on) that the host tests read. */
#define IOMMUFD_VEVENT_ITEMS \
	ABI_CONST(IOMMU_VIOMMU_ALLOC) ABI_CONST(IOMMU_VDEVICE_ALLOC) \
	ABI_CONST(IOMMU_VEVENTQ_ALLOC) ABI_CONST(IOMMU_VEVENTQ_FLAG_LOST_EVENTS) \
	ABI_SIZE(iommufd_vevent_header) \
	ABI_FIELD(iommufd_vevent_header, flags) ABI_FIELD(iommufd_vevent_header, sequence) \
	ABI_SIZE(iommu_viommu_alloc) \
	ABI_FIELD(iommu_viommu_alloc, type) ABI_FIELD(iommu_viommu_alloc, hwpt_id) \
	ABI_FIELD(iommu_viommu_alloc, out_viommu_id) ABI_FIELD(iommu_viommu_alloc, data_uptr) \
	ABI_SIZE(iommu_vdevice_alloc) \
	ABI_FIELD(iommu_vdevice_alloc, out_vdevice_id) ABI_FIELD(iommu_vdevice_alloc, virt_id) \
	ABI_SIZE(iommu_veventq_alloc) \
	ABI_FIELD(iommu_veventq_alloc, viommu_id) ABI_FIELD(iommu_veventq_alloc, type) \
	ABI_FIELD(iommu_veventq_alloc, veventq_depth) \
	ABI_FIELD(iommu_veventq_alloc, out_veventq_id) \
	ABI_FIELD(iommu_veventq_alloc, out_veventq_fd)

#define ABI_TABLE(sym, path, ...) \
	static const struct abi_item abi_items[] = { __VA_ARGS__ }; \
	const struct abi_table sym = { path, NULL, abi_items, \
				       sizeof(abi_items) / sizeof(abi_items[0]) }
#define ABI_SKIP(sym, path, why) const struct abi_table sym = { path, why, NULL, 0 }

extern const struct abi_table abi_spec, abi_linux_sys, abi_linux_tree;
extern const struct abi_table abi_iommufd_ref, abi_iommufd_sys, abi_iommufd_tree;
/* The newest kernel tree found (7.2), beside the oldest (6.12). */
extern const struct abi_table abi_linux_tree2, abi_iommufd_tree2;
extern const struct abi_table abi_vevent_ref, abi_vevent_tree, abi_vevent_tree2;

#endif
