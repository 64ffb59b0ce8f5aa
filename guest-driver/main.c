// SPDX-License-Identifier: MIT
/*
 * The conformance guest: finds the virtio-iommu and the endpoints behind it
 * on PCI, hands them to the tests as a transport and endpoint IDs, and runs
 * the suite.  The only file that knows both PCI and the tests.
 */
#include <stdio.h>
#include <string.h>
#include <faultline/virtio.h>
#include "lib/tap.h"
#include "endpoint/edu.h"
#include "endpoint/virtio_rng.h"
#include "pci/pci.h"
#include "tests/env.h"
#include "virtio/virtio_pci.h"

unsigned int suite_collect(struct test *out);

static struct env env;
static struct virtio_pci viommu_pci;
static struct test tests[256];
static struct edu edus[ENV_MAX_ENDPOINTS];
static struct virtio_rng rngs[ENV_MAX_ENDPOINTS];

/* QEMU names an endpoint by its PCI requester ID (bus << 8 | devfn). */
static struct endpoint *add_endpoint(const struct pci_dev *d, const char *kind)
{
	struct endpoint *ep;
	char bdf[8];

	if (env.nep >= ENV_MAX_ENDPOINTS)
		return NULL;
	ep = &env.ep[env.nep++];
	ep->id = d->bdf;
	snprintf(ep->kind, sizeof(ep->kind), "%s", kind);
	snprintf(ep->name, sizeof(ep->name), "%s %s", kind, pci_name(d, bdf));
	return ep;
}

/* An edu that does not answer stays an endpoint, without DMA. */
/* A virtio-rng that does not come up stays an endpoint, without DMA. */
static void add_rng(const struct pci_dev *d)
{
	struct endpoint *ep = add_endpoint(d, "virtio-rng");
	struct virtio_rng *rng = ep ? &rngs[ep - env.ep] : NULL;

	if (rng && virtio_rng_init(rng, d) == 0)
		ep->dma = &rng->dma;
}

static void add_edu(const struct pci_dev *d)
{
	struct endpoint *ep = add_endpoint(d, "edu");
	struct edu *edu = ep ? &edus[ep - env.ep] : NULL;

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

static int discover(void)
{
	static struct pci_dev devs[PCI_MAX_DEVICES];
	int n = pci_scan(devs, PCI_MAX_DEVICES), found = 0;

	for (int i = 0; i < n; i++) {
		if (virtio_pci_device_id(&devs[i]) == VIRTIO_ID_IOMMU && !found) {
			if (virtio_pci_init(&viommu_pci, &devs[i]) == VIO_OK)
				found = 1;
		} else if (devs[i].vendor == EDU_VENDOR && devs[i].device == EDU_DEVICE) {
			add_edu(&devs[i]);
		} else if (virtio_pci_device_id(&devs[i]) == VIRTIO_ID_RNG) {
			add_rng(&devs[i]);
		} else if (virtio_pci_device_id(&devs[i]) > 0) {
			add_endpoint(&devs[i], virtio_kind(virtio_pci_device_id(&devs[i])));
		}
	}
	env.t = &viommu_pci.t;
	return found;
}

static void describe(struct env *e)
{
	(void)e;
	printf("# virtio-iommu: %s\n", env.t->name);
	for (unsigned int i = 0; i < env.nep; i++)
		printf("# endpoint 0x%x: %s\n", env.ep[i].id, env.ep[i].name);
}

/* How much the fault tests made the device report in this boot (a measure
 * of the run, not a verdict). */
static void summary(struct env *e)
{
	printf("# eventq: %lu reports received, %u faults checked field by field\n",
	       e->ev.received, e->faults_checked);
}

int main(int argc, char **argv)
{
	struct suite_opts o;
	struct suite s = {
		.image = "conformance",
		.tests = tests,
		.setup = env_setup,
		.env = &env,
		.describe = describe,
		.summary = summary,
	};

	suite_parse_args(argc, argv, &o);
	s.count = suite_collect(tests);
	if (!o.probe && !o.list) {
		if (!discover()) {
			tap_header(s.image, "");
			tap_bail("no virtio-iommu-pci device found");
			return 2;
		}
	}
	return suite_main(&s, &o);
}
