/* SPDX-License-Identifier: MIT */
/*
 * Wire formats of the VIRTIO core (VIRTIO 1.2): device status, reserved
 * feature bits, the split virtqueue and the modern PCI transport.
 */
#ifndef FAULTLINE_VIRTIO_H
#define FAULTLINE_VIRTIO_H

#include <stddef.h>
#include <faultline/le.h>

/* 2.1 Device status field */
#define VIRTIO_STATUS_ACKNOWLEDGE	0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED		0x80

/* 6 Reserved feature bits */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33
#define VIRTIO_F_RING_PACKED		34
#define VIRTIO_F_IN_ORDER		35
#define VIRTIO_F_ORDER_PLATFORM		36
#define VIRTIO_F_SR_IOV			37
#define VIRTIO_F_NOTIFICATION_DATA	38
#define VIRTIO_F_RING_RESET		40

#define VIRTIO_BIT(n)			(1ull << (n))

/* 5 Device types used here */
#define VIRTIO_ID_BLOCK			2
#define VIRTIO_ID_RNG			4
#define VIRTIO_ID_IOMMU			23

/* 2.7 Split virtqueues */
#define VIRTQ_DESC_F_NEXT		1
#define VIRTQ_DESC_F_WRITE		2
#define VIRTQ_DESC_F_INDIRECT		4
#define VIRTQ_AVAIL_F_NO_INTERRUPT	1

struct virtq_desc {
	le64 addr;
	le32 len;
	le16 flags;
	le16 next;
};

struct virtq_avail {
	le16 flags;
	le16 idx;
	le16 ring[];	/* then le16 used_event */
};

struct virtq_used_elem {
	le32 id;
	le32 len;
};

struct virtq_used {
	le16 flags;
	le16 idx;
	struct virtq_used_elem ring[];	/* then le16 avail_event */
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc");
_Static_assert(offsetof(struct virtq_desc, len) == 8, "virtq_desc.len");
_Static_assert(offsetof(struct virtq_desc, flags) == 12, "virtq_desc.flags");
_Static_assert(offsetof(struct virtq_desc, next) == 14, "virtq_desc.next");
_Static_assert(sizeof(struct virtq_avail) == 4, "virtq_avail");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem");
_Static_assert(sizeof(struct virtq_used) == 4, "virtq_used");

/* 4.1 Virtio over PCI bus */
#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_MODERN_DEVICE(id)	(0x1040 + (id))

#define VIRTIO_PCI_CAP_COMMON_CFG	1
#define VIRTIO_PCI_CAP_NOTIFY_CFG	2
#define VIRTIO_PCI_CAP_ISR_CFG		3
#define VIRTIO_PCI_CAP_DEVICE_CFG	4
#define VIRTIO_PCI_CAP_PCI_CFG		5

/* struct virtio_pci_cap, within PCI config space */
#define VIRTIO_PCI_CAP_VNDR		0
#define VIRTIO_PCI_CAP_NEXT		1
#define VIRTIO_PCI_CAP_LEN		2
#define VIRTIO_PCI_CAP_CFG_TYPE		3
#define VIRTIO_PCI_CAP_BAR		4
#define VIRTIO_PCI_CAP_ID		5
#define VIRTIO_PCI_CAP_OFFSET		8
#define VIRTIO_PCI_CAP_LENGTH		12
#define VIRTIO_PCI_NOTIFY_CAP_MULT	16
#define VIRTIO_PCI_CAP_SIZE		16

/* struct virtio_pci_common_cfg, within the common configuration BAR region */
struct virtio_pci_common_cfg {
	le32 device_feature_select;
	le32 device_feature;
	le32 driver_feature_select;
	le32 driver_feature;
	le16 config_msix_vector;
	le16 num_queues;
	uint8_t device_status;
	uint8_t config_generation;
	le16 queue_select;
	le16 queue_size;
	le16 queue_msix_vector;
	le16 queue_enable;
	le16 queue_notify_off;
	le64 queue_desc;
	le64 queue_driver;
	le64 queue_device;
	le16 queue_notify_data;
	le16 queue_reset;
};

_Static_assert(offsetof(struct virtio_pci_common_cfg, device_status) == 0x14, "status");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_select) == 0x16, "queue_select");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_enable) == 0x1c, "queue_enable");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_desc) == 0x20, "queue_desc");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_device) == 0x30, "queue_device");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_reset) == 0x3a, "queue_reset");
_Static_assert(offsetof(struct virtio_pci_common_cfg, queue_notify_data) == 0x38, "notify_data");

#define VIRTIO_MSI_NO_VECTOR		0xffff

#endif
