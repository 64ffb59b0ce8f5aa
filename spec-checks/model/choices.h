/* SPDX-License-Identifier: MIT */
/*
 * Knobs of the model, each an int field of struct model_cfg; the knob table
 * (choices.c) names each value and gives the default.  Two families:
 *  - configuration: what a conforming device may be (features offered, page
 *    sizes, ranges, endpoints and their reserved regions, initial bypass);
 *  - choices: every place where the spec allows more than one behaviour (a
 *    MAY, or a case with no status given), one value per allowed behaviour.
 * A few configuration values are not conforming (they break a SHOULD of
 * 7.1); the knob table names the statements they are expected to warn about.
 */
#ifndef FAULTLINE_CHOICES_H
#define FAULTLINE_CHOICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most values a knob has (the knob table, choices.c). */
#define CHOICES_MAX_VALUES 4

struct model_cfg {
	/* configuration: f_* are 1 when the feature is offered */
	int f_input_range, f_domain_range, f_map_unmap, f_bypass, f_probe, f_mmio,
	    f_bypass_config, f_indirect;
	int granule;		/* GRANULE_* */
	int input;		/* INPUT_* */
	int domains;		/* DOMAINS_* */
	int probe_size;		/* PROBE_SIZE_* */
	int endpoints;		/* ENDPOINTS_* */
	int resv;		/* RESV_* */
	int bypass_initial;	/* 0 or 1 (DEV-CFG-3) */
	int reset_keeps;	/* 1: a device reset keeps domains (INF-INIT-1; QEMU 10.0, 11.1) */
	/* choices */
	int att_share;		/* DEV-ATT-4: 0 share, 1 S_UNSUPP */
	int att_move;		/* DEV-ATT-6: 0 move, 1 S_UNSUPP */
	int att_move_refused;	/* DEV-ATT-6: a refused move: 0 stays, 1 detached first */
	int att_compat;		/* DEV-ATT-7: 0 overlap, 1 identical properties */
	int att_bypass_unneg;	/* DEV-ATT-2: ATTACH_F_BYPASS, BYPASS_CONFIG not negotiated */
	int det_absent;		/* DEV-DET-3: 0 S_INVAL, 1 S_OK */
	int unmap_rsv;		/* DEV-UNMAP-1: 0 ignore, 1 S_INVAL kept, 2 S_INVAL unmapped */
	int domain_oor;		/* ATTACH outside domain_range: 0 S_RANGE, 1 S_INVAL */
	int iova_oor;		/* MAP outside input_range: 0 S_RANGE, 1 S_INVAL */
	int map_order;		/* MAP virt_end < virt_start: 0 S_INVAL, 1 S_RANGE */
	int one_byte;		/* MAP virt_end == virt_start: 0 mapped, 1 S_RANGE */
	int map_resv;		/* DEV-RESV-4: 0 S_INVAL, 1 S_RANGE */
	int mmio_unneg;		/* MAP_F_MMIO without F_MMIO: 0 S_INVAL, 1 accepted */
	int range_gate;		/* ranges apply when 0 offered, 1 negotiated */
	int unneg_req;		/* MAP/UNMAP/PROBE not negotiated: 0 used 0, 1 S_UNSUPP, 2 S_INVAL */
	int bypass_write;	/* bypass > 1 written: 0 ignored, 1 DEVICE_NEEDS_RESET */
	int wo_read;		/* DEV-MAP-7: 0 reads need READ, 1 WRITE implies READ */
	int fault_addr;		/* DEV-FAULT-4: 0 exact, 1 granule-aligned, 2 omitted */
	int fault_rw;		/* 0 F_READ/F_WRITE set, 1 omitted (spec silent) */
	int evq_full;		/* INF-FAULT-1: 0 wait, 1 drop */
	int evq_small;		/* DEV-FAULT-5: 0 drop, 1 older 20-byte format, 2 DEVICE_NEEDS_RESET */
	int fault_each;		/* INF-FAULT-2: 0 one report per transfer, 1 one per 4-byte access */
};

enum { GRANULE_4K, GRANULE_64K, GRANULE_1, GRANULE_4K_2M_1G };
enum { INPUT_48BIT, INPUT_HIGH };
enum { DOMAINS_1_1023, DOMAINS_256_511 };
enum { PROBE_SIZE_512, PROBE_SIZE_64, PROBE_SIZE_4096 };
enum { ENDPOINTS_3, ENDPOINTS_1, ENDPOINTS_0 };
enum { RESV_DEFAULT, RESV_NONE, RESV_MANY };

/* Sets cfg from "knob=value,knob=value"; prints why and returns false on error. */
bool choices_parse(struct model_cfg *cfg, const char *spec);
void choices_default(struct model_cfg *cfg);
/* Lists every knob and its values, defaults first. */
void choices_list(void);
/*
 * The settings every faithful run must pass: the default, then each other
 * conforming value of each knob alone, then a few combinations.  Calls
 * fn(setting, allowed_warn_ids) for each; allowed_warn_ids is "" unless the
 * setting is not conforming.
 */
void choices_sweep(void (*fn)(const char *setting, const char *warn_ids));

/*
 * The choices the spec leaves open (the second family), by index, for an
 * oracle that follows the device's choice: how many, how many values each,
 * set the v-th value, the current value as "knob=value" and the statements.
 */
unsigned int choices_open(void);
unsigned int choices_open_values(unsigned int k);
void choices_open_set(struct model_cfg *cfg, unsigned int k, unsigned int v);
int choices_open_get(const struct model_cfg *cfg, unsigned int k);
/* Choice k's bit in the knobs a model read (model_knobs_read, oracle.h). */
uint64_t choices_open_bit(unsigned int k);
void choices_open_name(unsigned int k, const struct model_cfg *cfg, char *buf, size_t size,
		       const char **ids);

#endif
