// SPDX-License-Identifier: MIT
/*
 * QEMU's virtio_iommu_* trace lines (hw/virtio/trace-events), one table row
 * per event we use.  A line may start with the log backend's
 * "<pid>@<seconds>:" prefix.  Formats that do not scan are not events.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "stream.h"

typedef bool (*scan_fn)(const char *args, struct event *ev);

static bool scan_none(const char *args, struct event *ev)
{
	(void)args;
	(void)ev;
	return true;
}

static bool scan_features(const char *args, struct event *ev)
{
	return sscanf(args, "device supports features=0x%" SCNx64, &ev->features) == 1;
}

/* Domain bounds are printed with %d before QEMU 10 (0xffffffff shows as -1)
 * and with %u since: read either into 64 bits. */
static bool scan_config(const char *args, struct event *ev)
{
	int64_t ds, de;
	unsigned int bypass;

	if (sscanf(args, "page_size_mask=0x%" SCNx64 " input range start=0x%" SCNx64
		   " input range end=0x%" SCNx64 " domain range start=%" SCNd64
		   " domain range end=%" SCNd64 " probe_size=0x%*x bypass=0x%x",
		   &ev->page_size_mask, &ev->input_start, &ev->input_end, &ds, &de, &bypass) != 6)
		return false;
	ev->domain_start = (uint32_t)ds;
	ev->domain_end = (uint32_t)de;
	ev->bypass = (uint8_t)bypass;
	return true;
}

static bool scan_set_config(const char *args, struct event *ev)
{
	unsigned int bypass;

	if (sscanf(args, "bypass=0x%x", &bypass) != 1)
		return false;
	ev->bypass = (uint8_t)bypass;
	return true;
}

static bool scan_attach(const char *args, struct event *ev)
{
	int32_t d, e;

	if (sscanf(args, "domain=%" SCNd32 " endpoint=%" SCNd32, &d, &e) != 2)
		return false;
	ev->domain = (uint32_t)d;
	ev->endpoint = (uint32_t)e;
	return true;
}

static bool scan_map(const char *args, struct event *ev)
{
	int32_t d;

	if (sscanf(args, "domain=%" SCNd32 " virt_start=0x%" SCNx64 " virt_end=0x%" SCNx64
		   " phys_start=0x%" SCNx64 " flags=%" SCNu32,
		   &d, &ev->start, &ev->end, &ev->phys, &ev->flags) != 5)
		return false;
	ev->domain = (uint32_t)d;
	return true;
}

static bool scan_unmap(const char *args, struct event *ev)
{
	int32_t d;

	if (sscanf(args, "domain=%" SCNd32 " virt_start=0x%" SCNx64 " virt_end=0x%" SCNx64,
		   &d, &ev->start, &ev->end) != 3)
		return false;
	ev->domain = (uint32_t)d;
	return true;
}

static bool scan_resv(const char *args, struct event *ev)
{
	int32_t dev;

	if (sscanf(args, "dev= %" SCNd32 ", type=%" SCNu32 " start=0x%" SCNx64 " end=0x%" SCNx64,
		   &dev, &ev->flags, &ev->start, &ev->end) != 4)
		return false;
	ev->endpoint = (uint32_t)dev;
	return true;
}

/* The endpoint ID QEMU's virtio-iommu gives a PCI device is its BDF. */
static bool scan_switch(const char *args, struct event *ev)
{
	unsigned int bus, slot, fn, on;

	if (sscanf(args, "Device %x:%x.%x switching address space (iommu enabled=%u)",
		   &bus, &slot, &fn, &on) != 4)
		return false;
	ev->endpoint = bus << 8 | slot << 3 | fn;
	ev->flags = on;
	return true;
}

static bool scan_translate(const char *args, struct event *ev)
{
	int32_t rid;

	if (sscanf(args, "mr=%*s rid=%" SCNd32 " addr=0x%" SCNx64 " flag=%" SCNu32,
		   &rid, &ev->start, &ev->flags) != 3)
		return false;
	ev->endpoint = (uint32_t)rid;
	return true;
}

static const struct {
	const char *name;
	enum ev_kind kind;
	scan_fn scan;
} events[] = {
	{ "virtio_iommu_device_reset", EV_RESET, scan_none },
	{ "virtio_iommu_system_reset", EV_SYSRESET, scan_none },
	{ "virtio_iommu_get_features", EV_FEATURES, scan_features },
	{ "virtio_iommu_get_config", EV_CONFIG, scan_config },
	{ "virtio_iommu_set_config", EV_SET_CONFIG, scan_set_config },
	{ "virtio_iommu_attach", EV_ATTACH, scan_attach },
	{ "virtio_iommu_detach", EV_DETACH, scan_attach },
	{ "virtio_iommu_map", EV_MAP, scan_map },
	{ "virtio_iommu_unmap", EV_UNMAP, scan_unmap },
	{ "virtio_iommu_fill_resv_property", EV_RESV, scan_resv },
	{ "virtio_iommu_switch_address_space", EV_SWITCH, scan_switch },
	{ "virtio_iommu_translate", EV_TRANSLATE, scan_translate },
};

/* Skips "<pid>@<seconds>:" when the line has it. */
static const char *skip_prefix(const char *line)
{
	const char *at = strchr(line, '@'), *colon = at ? strchr(at, ':') : NULL;
	const char *p = line;

	const char *space = strchr(line, ' ');

	if (!colon || (space && space < colon))
		return line;
	while (p < at && *p >= '0' && *p <= '9')
		p++;
	return p == at ? colon + 1 : line;
}

bool stream_parse(const char *line, struct event *ev)
{
	const char *p = skip_prefix(line);

	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		size_t n = strlen(events[i].name);

		if (strncmp(p, events[i].name, n) || p[n] != ' ')
			continue;
		*ev = (struct event){ .kind = events[i].kind };
		return events[i].scan(p + n + 1, ev);
	}
	return false;
}
