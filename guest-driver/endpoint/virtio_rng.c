// SPDX-License-Identifier: MIT
/*
 * virtio-rng writes random bytes into the buffers it is given.  With
 * VIRTIO_F_ACCESS_PLATFORM every address it uses, its rings included, goes
 * through the IOMMU: the rings are identity-mapped by whoever attaches it
 * (own_ranges), and the buffer address is the IOVA under test.  QEMU's
 * device gives up (DEVICE_NEEDS_RESET) when a buffer does not translate, so
 * recover() brings it up again.
 */
#include <faultline/virtio.h>
#include <faultline/rt.h>
#include "endpoint/virtio_rng.h"

#define RNG_QUEUE_SIZE		8
#define RNG_TIMEOUT_NS		(200 * RT_NSEC_PER_MSEC)
#define RNG_MAX_LEN		4096
/* QEMU fills rng buffers from a bottom half: let a failing one finish. */
#define RNG_SETTLE_NS		(20 * RT_NSEC_PER_MSEC)

static struct virtio_rng *to_rng(struct dma_endpoint *ep)
{
	return (struct virtio_rng *)ep;
}

/*
 * Faults the device causes are reported while it works: waiting here keeps
 * them in the test that caused them rather than the next one.
 */
static void settle(uint64_t ns)
{
	rt_sleep_until(rt_clock_ns() + ns);
}

static int rng_start(struct virtio_rng *rng)
{
	uint64_t want = VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM);
	int err = vio_negotiate(&rng->vp.t, want, NULL);

	if (!err && !rng->vq_allocated) {
		err = vq_init(&rng->vq, &rng->vp.t, 0, RNG_QUEUE_SIZE);
		rng->vq_allocated = !err;
	}
	if (err)
		return err;
	vq_clear(&rng->vq);
	err = vq_enable(&rng->vq);
	if (!err)
		vio_driver_ok(&rng->vp.t);
	return err;
}

static int rng_write(struct dma_endpoint *ep, uint64_t iova, uint32_t len)
{
	struct virtio_rng *rng = to_rng(ep);
	/*
	 * The descriptor must carry the IOVA itself.  This guest maps memory 1:1,
	 * so rt_virt_to_phys() of a pointer with that value gives it back; the
	 * CPU never touches it.
	 */
	struct vq_seg seg = { rt_phys_to_virt(iova), len };
	uint64_t deadline = rt_clock_ns() + ep->timeout_ns;
	struct vq_used u;

	ep->transfers++;
	if (vq_add(&rng->vq, NULL, 0, &seg, 1, rng))
		return DMA_FAILED;
	vq_kick(&rng->vq);
	while (!vq_get_used(&rng->vq, &u)) {
		if (rng->vp.t.ops->get_status(&rng->vp.t) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) {
			settle(RNG_SETTLE_NS);
			return DMA_FAILED;
		}
		if (rt_clock_ns() > deadline) {
			ep->timeouts++;
			return DMA_TIMEOUT;
		}
		rt_relax();
	}
	return DMA_DONE;
}

static int rng_read(struct dma_endpoint *ep, uint64_t iova, uint32_t len)
{
	(void)ep, (void)iova, (void)len;
	return DMA_UNSUPPORTED;
}

static int rng_recover(struct dma_endpoint *ep)
{
	int err = rng_start(to_rng(ep));

	/* At DRIVER_OK the device looks at its rings: a fault that causes is this test's. */
	settle(RNG_SETTLE_NS);
	return err ? DMA_FAILED : DMA_DONE;
}

/* The rings were allocated together: one range, whole pages. */
static unsigned int rng_own_ranges(struct dma_endpoint *ep, uint64_t *start, uint64_t *end,
				   unsigned int max)
{
	struct virtqueue *vq = &to_rng(ep)->vq;
	uint64_t lo = rt_virt_to_phys(vq->desc), hi = lo + vq_desc_bytes(vq->size);
	uint64_t a = rt_virt_to_phys(vq->avail), u = rt_virt_to_phys(vq->used);

	if (!max)
		return 0;
	lo = a < lo ? a : lo;
	lo = u < lo ? u : lo;
	hi = a + vq_avail_bytes(vq->size) > hi ? a + vq_avail_bytes(vq->size) : hi;
	hi = u + vq_used_bytes(vq->size) > hi ? u + vq_used_bytes(vq->size) : hi;
	*start = lo & ~0xfffull;
	*end = ((hi + 0xfff) & ~0xfffull) - 1;
	return 1;
}

static const struct dma_ops rng_ops = {
	.read = rng_read,
	.write = rng_write,
	.recover = rng_recover,
	.own_ranges = rng_own_ranges,
};

int virtio_rng_init(struct virtio_rng *rng, const struct pci_dev *d)
{
	int err = virtio_pci_init(&rng->vp, d);

	if (!err)
		err = rng_start(rng);
	/* Before any test: what DRIVER_OK makes the device do is over and done. */
	settle(RNG_SETTLE_NS);
	rng->dma = (struct dma_endpoint){
		.ops = &rng_ops,
		.max_len = RNG_MAX_LEN,
		.timeout_ns = RNG_TIMEOUT_NS,
	};
	return err;
}
