/* SPDX-License-Identifier: MIT */
/*
 * Wire format of the virtio-iommu device (VIRTIO 1.2 section 5.13; the text
 * is unchanged through 1.4).  Every struct and constant of the published spec
 * and nothing else: draft extensions (ATTACH_TABLE, PAGE_RESP, topology) are
 * deliberately absent, and so is the FAULT_F_EXEC flag that Linux and QEMU
 * headers define but the spec does not.
 */
#ifndef FAULTLINE_VIRTIO_IOMMU_H
#define FAULTLINE_VIRTIO_IOMMU_H

#include <stddef.h>
#include <faultline/le.h>

/* 5.13.2 Virtqueues */
#define VIRTIO_IOMMU_REQUESTQ			0
#define VIRTIO_IOMMU_EVENTQ			1

/* 5.13.3 Feature bits */
#define VIRTIO_IOMMU_F_INPUT_RANGE		0
#define VIRTIO_IOMMU_F_DOMAIN_RANGE		1
#define VIRTIO_IOMMU_F_MAP_UNMAP		2
#define VIRTIO_IOMMU_F_BYPASS			3
#define VIRTIO_IOMMU_F_PROBE			4
#define VIRTIO_IOMMU_F_MMIO			5
#define VIRTIO_IOMMU_F_BYPASS_CONFIG		6
#define VIRTIO_IOMMU_FEATURES_DEFINED		0x7full

/* 5.13.4 Device configuration layout */
struct virtio_iommu_range_64 {
	le64 start;
	le64 end;
};

struct virtio_iommu_range_32 {
	le32 start;
	le32 end;
};

struct virtio_iommu_config {
	le64 page_size_mask;
	struct virtio_iommu_range_64 input_range;
	struct virtio_iommu_range_32 domain_range;
	le32 probe_size;
	uint8_t bypass;
	uint8_t reserved[3];
};

/* 5.13.6 Device operations */
#define VIRTIO_IOMMU_T_ATTACH			1
#define VIRTIO_IOMMU_T_DETACH			2
#define VIRTIO_IOMMU_T_MAP			3
#define VIRTIO_IOMMU_T_UNMAP			4
#define VIRTIO_IOMMU_T_PROBE			5

#define VIRTIO_IOMMU_S_OK			0
#define VIRTIO_IOMMU_S_IOERR			1
#define VIRTIO_IOMMU_S_UNSUPP			2
#define VIRTIO_IOMMU_S_DEVERR			3
#define VIRTIO_IOMMU_S_INVAL			4
#define VIRTIO_IOMMU_S_RANGE			5
#define VIRTIO_IOMMU_S_NOENT			6
#define VIRTIO_IOMMU_S_FAULT			7
#define VIRTIO_IOMMU_S_NOMEM			8

struct virtio_iommu_req_head {
	uint8_t type;
	uint8_t reserved[3];
};

struct virtio_iommu_req_tail {
	uint8_t status;
	uint8_t reserved[3];
};

/* 5.13.6.2 ATTACH */
#define VIRTIO_IOMMU_ATTACH_F_BYPASS		(1u << 0)

struct virtio_iommu_req_attach {
	struct virtio_iommu_req_head head;
	le32 domain;
	le32 endpoint;
	le32 flags;
	uint8_t reserved[4];
	struct virtio_iommu_req_tail tail;
};

/* 5.13.6.3 DETACH */
struct virtio_iommu_req_detach {
	struct virtio_iommu_req_head head;
	le32 domain;
	le32 endpoint;
	uint8_t reserved[8];
	struct virtio_iommu_req_tail tail;
};

/* 5.13.6.4 MAP */
#define VIRTIO_IOMMU_MAP_F_READ			(1u << 0)
#define VIRTIO_IOMMU_MAP_F_WRITE		(1u << 1)
#define VIRTIO_IOMMU_MAP_F_MMIO			(1u << 2)

struct virtio_iommu_req_map {
	struct virtio_iommu_req_head head;
	le32 domain;
	le64 virt_start;
	le64 virt_end;
	le64 phys_start;
	le32 flags;
	struct virtio_iommu_req_tail tail;
};

/* 5.13.6.5 UNMAP */
struct virtio_iommu_req_unmap {
	struct virtio_iommu_req_head head;
	le32 domain;
	le64 virt_start;
	le64 virt_end;
	uint8_t reserved[4];
	struct virtio_iommu_req_tail tail;
};

/* 5.13.6.6 PROBE: properties[probe_size] then the tail follow the request */
struct virtio_iommu_req_probe {
	struct virtio_iommu_req_head head;
	le32 endpoint;
	uint8_t reserved[64];
};

#define VIRTIO_IOMMU_PROBE_T_NONE		0
#define VIRTIO_IOMMU_PROBE_T_RESV_MEM		1
#define VIRTIO_IOMMU_PROBE_T_MASK		0xfff

struct virtio_iommu_probe_property {
	le16 type;	/* bits 0-11 type, 12-15 reserved */
	le16 length;	/* of the value, header excluded */
};

/* 5.13.6.7 PROBE property RESV_MEM */
#define VIRTIO_IOMMU_RESV_MEM_T_RESERVED	0
#define VIRTIO_IOMMU_RESV_MEM_T_MSI		1

struct virtio_iommu_probe_resv_mem {
	struct virtio_iommu_probe_property head;
	uint8_t subtype;
	uint8_t reserved[3];
	le64 start;
	le64 end;
};

/* 5.13.6.8 Fault reporting */
#define VIRTIO_IOMMU_FAULT_R_UNKNOWN		0
#define VIRTIO_IOMMU_FAULT_R_DOMAIN		1
#define VIRTIO_IOMMU_FAULT_R_MAPPING		2

#define VIRTIO_IOMMU_FAULT_F_READ		(1u << 0)
#define VIRTIO_IOMMU_FAULT_F_WRITE		(1u << 1)
#define VIRTIO_IOMMU_FAULT_F_ADDRESS		(1u << 8)
#define VIRTIO_IOMMU_FAULT_F_DEFINED		0x103u

struct virtio_iommu_fault {
	uint8_t reason;
	uint8_t reserved[3];
	le32 flags;
	le32 endpoint;
	le32 reserved1;
	le64 address;
};

/* Layout checks against the spec's tables. */
#define VIOMMU_CHECK(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), #type "." #field)
#define VIOMMU_SIZE(type, size) \
	_Static_assert(sizeof(struct type) == (size), #type)

VIOMMU_SIZE(virtio_iommu_config, 40);
VIOMMU_CHECK(virtio_iommu_config, input_range, 0x08);
VIOMMU_CHECK(virtio_iommu_config, domain_range, 0x18);
VIOMMU_CHECK(virtio_iommu_config, probe_size, 0x20);
VIOMMU_CHECK(virtio_iommu_config, bypass, 0x24);
VIOMMU_CHECK(virtio_iommu_config, reserved, 0x25);
VIOMMU_SIZE(virtio_iommu_req_head, 4);
VIOMMU_SIZE(virtio_iommu_req_tail, 4);
VIOMMU_SIZE(virtio_iommu_req_attach, 24);
VIOMMU_CHECK(virtio_iommu_req_attach, domain, 4);
VIOMMU_CHECK(virtio_iommu_req_attach, endpoint, 8);
VIOMMU_CHECK(virtio_iommu_req_attach, flags, 12);
VIOMMU_CHECK(virtio_iommu_req_attach, reserved, 16);
VIOMMU_CHECK(virtio_iommu_req_attach, tail, 20);
VIOMMU_SIZE(virtio_iommu_req_detach, 24);
VIOMMU_CHECK(virtio_iommu_req_detach, reserved, 12);
VIOMMU_CHECK(virtio_iommu_req_detach, tail, 20);
VIOMMU_SIZE(virtio_iommu_req_map, 40);
VIOMMU_CHECK(virtio_iommu_req_map, virt_start, 8);
VIOMMU_CHECK(virtio_iommu_req_map, virt_end, 16);
VIOMMU_CHECK(virtio_iommu_req_map, phys_start, 24);
VIOMMU_CHECK(virtio_iommu_req_map, flags, 32);
VIOMMU_CHECK(virtio_iommu_req_map, tail, 36);
VIOMMU_SIZE(virtio_iommu_req_unmap, 32);
VIOMMU_CHECK(virtio_iommu_req_unmap, reserved, 24);
VIOMMU_CHECK(virtio_iommu_req_unmap, tail, 28);
VIOMMU_SIZE(virtio_iommu_req_probe, 72);
VIOMMU_CHECK(virtio_iommu_req_probe, endpoint, 4);
VIOMMU_CHECK(virtio_iommu_req_probe, reserved, 8);
VIOMMU_SIZE(virtio_iommu_probe_property, 4);
VIOMMU_SIZE(virtio_iommu_probe_resv_mem, 24);
VIOMMU_CHECK(virtio_iommu_probe_resv_mem, subtype, 4);
VIOMMU_CHECK(virtio_iommu_probe_resv_mem, start, 8);
VIOMMU_CHECK(virtio_iommu_probe_resv_mem, end, 16);
VIOMMU_SIZE(virtio_iommu_fault, 24);
VIOMMU_CHECK(virtio_iommu_fault, flags, 4);
VIOMMU_CHECK(virtio_iommu_fault, endpoint, 8);
VIOMMU_CHECK(virtio_iommu_fault, reserved1, 12);
VIOMMU_CHECK(virtio_iommu_fault, address, 16);

#endif
