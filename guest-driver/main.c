// SPDX-License-Identifier: MIT
/*
 * The conformance guest: finds the virtio-iommu and the endpoints behind it
 * on PCI and hands them to the harness as a transport and endpoint IDs.  The
 * only file that knows both PCI and the harness.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/harness.h>
#include <faultline/virtio.h>
#include "endpoint/edu.h"
#include "endpoint/virtio_rng.h"
#include "pci/pci.h"
#include "virtio/virtio_pci.h"

static struct harness_target target = {
	.image = "conformance",
	.missing = "no virtio-iommu-pci device found",
};
static struct virtio_pci viommu_pci;
static struct edu edus[HARNESS_MAX_ENDPOINTS];
static struct virtio_rng rngs[HARNESS_MAX_ENDPOINTS];
static char names[HARNESS_MAX_ENDPOINTS][24];

/* QEMU names an endpoint by its PCI requester ID (bus << 8 | devfn). */
static struct harness_endpoint *add_endpoint(const struct pci_dev *d, const char *kind)
{
	unsigned int i = target.nep;
	char bdf[8];

	if (i >= HARNESS_MAX_ENDPOINTS)
		return NULL;
	target.nep++;
	snprintf(names[i], sizeof(names[i]), "%s %s", kind, pci_name(d, bdf));
	target.ep[i] = (struct harness_endpoint){ .id = d->bdf, .kind = kind, .name = names[i] };
	return &target.ep[i];
}

/* A virtio-rng that does not come up stays an endpoint, without DMA. */
static void add_rng(const struct pci_dev *d)
{
	struct harness_endpoint *ep = add_endpoint(d, "virtio-rng");
	struct virtio_rng *rng = ep ? &rngs[ep - target.ep] : NULL;

	if (rng && virtio_rng_init(rng, d) == 0)
		ep->dma = &rng->dma;
}

/* An edu that does not answer stays an endpoint, without DMA. */
static void add_edu(const struct pci_dev *d)
{
	struct harness_endpoint *ep = add_endpoint(d, "edu");
	struct edu *edu = ep ? &edus[ep - target.ep] : NULL;

	if (edu && edu_init(edu, d) == 0)
		ep->dma = &edu->dma;
}

/* Virtio devices other than the IOMMU are endpoints too (iommu_platform=on). */
static const char *virtio_kind(int id)
{
	switch (id) {
	case VIRTIO_ID_RNG: return "virtio-rng";
	case VIRTIO_ID_BLOCK: return "virtio-blk";
	}
	return "virtio";
}

static void discover(void)
{
	static struct pci_dev devs[PCI_MAX_DEVICES];
	int n = pci_scan(devs, PCI_MAX_DEVICES);

	for (int i = 0; i < n; i++) {
		int id = virtio_pci_device_id(&devs[i]);

		if (id == VIRTIO_ID_IOMMU && !target.iommu) {
			if (virtio_pci_init(&viommu_pci, &devs[i]) == VIO_OK)
				target.iommu = &viommu_pci.t;
		} else if (devs[i].vendor == EDU_VENDOR && devs[i].device == EDU_DEVICE) {
			add_edu(&devs[i]);
		} else if (id == VIRTIO_ID_RNG) {
			add_rng(&devs[i]);
		} else if (id > 0) {
			add_endpoint(&devs[i], virtio_kind(id));
		}
	}
}

static bool wants(int argc, char **argv, const char *word)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], word))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	/* Listing and the runner's probe need no devices. */
	if (!wants(argc, argv, "probe") && !wants(argc, argv, "list"))
		discover();
	return harness_main(&target, argc, argv);
}
