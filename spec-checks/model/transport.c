// SPDX-License-Identifier: MIT
/*
 * The model behind struct vio_transport: features, status handshake and
 * queues (config.c has the configuration space).  A device reset (status 0)
 * forgets everything but bypass, which only a system reset restores
 * (DEV-CFG-4).
 */
#include <string.h>
#include <faultline/rt.h>
#include "model_int.h"

#define F(bit) VIRTIO_BIT(VIRTIO_IOMMU_F_##bit)

static struct model *to_model(struct vio_transport *t)
{
	return (struct model *)t;
}

bool model_offered(const struct model *m, unsigned int bit)
{
	return m->offered >> bit & 1;
}

bool model_negotiated(const struct model *m, unsigned int bit)
{
	return (m->status & VIRTIO_STATUS_FEATURES_OK) && (m->driver_features >> bit & 1);
}

bool model_running(const struct model *m)
{
	return (m->status & VIRTIO_STATUS_DRIVER_OK) &&
	       !(m->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

void model_needs_reset(struct model *m)
{
	m->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
}

static uint64_t offered_features(const struct model_cfg *c, enum mutant mu)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_F_VERSION_1);

	f |= c->f_input_range ? F(INPUT_RANGE) : 0;
	f |= c->f_domain_range ? F(DOMAIN_RANGE) : 0;
	f |= c->f_map_unmap && mu != MUT_FEAT_NO_MAP_UNMAP ? F(MAP_UNMAP) : 0;
	f |= c->f_bypass || mu == MUT_FEAT_LEGACY_BYPASS || mu == MUT_FEAT_BOTH_BYPASS ?
	     F(BYPASS) : 0;
	f |= c->f_probe ? F(PROBE) : 0;
	f |= c->f_mmio ? F(MMIO) : 0;
	f |= c->f_bypass_config ? F(BYPASS_CONFIG) : 0;
	f |= c->f_indirect ? VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) : 0;
	return f;
}

static uint64_t t_device_features(struct vio_transport *t)
{
	return to_model(t)->offered;
}

/* Only between DRIVER and FEATURES_OK (3.1.1). */
static void t_set_driver_features(struct vio_transport *t, uint64_t f)
{
	struct model *m = to_model(t);

	if ((m->status & VIRTIO_STATUS_DRIVER) && !(m->status & VIRTIO_STATUS_FEATURES_OK))
		m->driver_features = f;
}

static uint8_t t_get_status(struct vio_transport *t)
{
	return to_model(t)->status;
}

static void model_reset(struct model *m)
{
	bool keep = mutated(m, MUT_INIT_ATTACHED_AFTER_RESET) || KNOB(m, reset_keeps);

	m->status = 0;
	m->driver_features = 0;
	memset(m->q, 0, sizeof(m->q));
	if (!keep)
		domains_reset(m);
	events_reset(m);
	if (mutated(m, MUT_CFG_BYPASS_RESET))
		m->bypass = (uint8_t)KNOB(m, bypass_initial);
}

/* A system reset: the device as at power-on, bypass included (DEV-CFG-5). */
void model_system_reset(struct model *m)
{
	model_reset(m);
	domains_reset(m);
	if (!mutated(m, MUT_CFG_BYPASS_KEPT_ON_SYSTEM_RESET))
		m->bypass = (uint8_t)KNOB(m, bypass_initial);
}

/* The device refuses features it did not offer and a driver without VERSION_1. */
static bool features_acceptable(const struct model *m)
{
	return (m->driver_features & VIRTIO_BIT(VIRTIO_F_VERSION_1)) &&
	       !(m->driver_features & ~m->offered);
}

static void t_set_status(struct vio_transport *t, uint8_t s)
{
	struct model *m = to_model(t);
	uint8_t was = m->status;

	if (!s) {
		model_reset(m);
		return;
	}
	if ((s & VIRTIO_STATUS_FEATURES_OK) && !(was & VIRTIO_STATUS_FEATURES_OK) &&
	    !features_acceptable(m))
		s &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	m->status = (uint8_t)(s | (was & VIRTIO_STATUS_DEVICE_NEEDS_RESET));
	if (model_running(m) && !(was & VIRTIO_STATUS_DRIVER_OK)) {
		requests_process(m);
		events_process(m);
	}
}

static uint16_t t_num_queues(struct vio_transport *t)
{
	(void)t;
	return MODEL_QUEUES;
}

static uint16_t t_queue_max(struct vio_transport *t, uint16_t q)
{
	(void)t;
	return q < MODEL_QUEUES ? MODEL_QUEUE_MAX : 0;
}

static int t_queue_enable(struct vio_transport *t, uint16_t q, uint16_t size, uint64_t desc,
			  uint64_t avail, uint64_t used)
{
	struct model *m = to_model(t);

	if (q >= MODEL_QUEUES || !size || size > MODEL_QUEUE_MAX || (size & (size - 1)))
		return VIO_EINVAL;
	m->q[q] = (struct mqueue){
		.ready = true,
		.size = size,
		.desc = rt_phys_to_virt(desc),
		.avail = rt_phys_to_virt(avail),
		.used = rt_phys_to_virt(used),
	};
	return VIO_OK;
}

static void t_notify(struct vio_transport *t, uint16_t q)
{
	struct model *m = to_model(t);

	if (!model_running(m))
		return;
	if (q == VIRTIO_IOMMU_REQUESTQ)
		requests_process(m);
	else if (q == VIRTIO_IOMMU_EVENTQ)
		events_process(m);
}

static const struct vio_transport_ops model_ops = {
	.device_features = t_device_features,
	.set_driver_features = t_set_driver_features,
	.get_status = t_get_status,
	.set_status = t_set_status,
	.config_generation = model_config_generation,
	.config_read = model_config_read,
	.config_write = model_config_write,
	.num_queues = t_num_queues,
	.queue_max = t_queue_max,
	.queue_enable = t_queue_enable,
	.notify = t_notify,
};

size_t model_size(void)
{
	return sizeof(struct model);
}

void model_init(struct model *m, const struct model_cfg *cfg, enum mutant mutant)
{
	m->t = (struct vio_transport){ .ops = &model_ops, .name = "faultline reference model" };
	m->knobs = *cfg;
	memset(m->mutants, 0, sizeof(m->mutants));
	if (mutant != MUT_NONE)
		m->mutants[mutant / 64] |= 1ull << (mutant % 64);
	m->offered = offered_features(cfg, mutant);
	m->bypass = (uint8_t)cfg->bypass_initial;
	m->nmap = MODEL_MAX_MAPPINGS;	/* memory of unknown content: clear every slot */
	domains_reset(m);
	endpoints_init(m);
}

struct vio_transport *model_transport(struct model *m)
{
	return &m->t;
}
