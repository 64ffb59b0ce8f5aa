/* SPDX-License-Identifier: MIT */
/*
 * Mutants: deliberately wrong device behaviours, each breaking the statements
 * it names.  The model runs with at most one; `make mutants` runs the suite
 * against each and fails unless every one is killed (the run prints a
 * `not ok` or `# WARN` line that the faithful run with the same setting does
 * not).  The setting is the choice a mutant needs to be observable, e.g. a
 * wrong S_UNSUPP status needs the device to answer S_UNSUPP at all.
 *
 * X(enum, name, statement IDs, setting, what the device does wrong)
 */
#ifndef FAULTLINE_MUTANTS_H
#define FAULTLINE_MUTANTS_H

#include <stdbool.h>

#define MUTANTS(X)							\
	/* 7.1 features */						\
	X(FEAT_NO_MAP_UNMAP, "feat-no-map-unmap", "DEV-FEAT-1", "",	\
	  "MAP_UNMAP is not offered")					\
	X(FEAT_LEGACY_BYPASS, "feat-legacy-bypass", "DEV-FEAT-2", "bypass-config=0", \
	  "the legacy BYPASS feature is offered")			\
	X(FEAT_BOTH_BYPASS, "feat-both-bypass", "DEV-FEAT-3", "",	\
	  "BYPASS and BYPASS_CONFIG are both offered")			\
	/* 7.2 configuration */						\
	X(CFG_PAGE_SIZE_ZERO, "cfg-page-size-zero", "DEV-CFG-1", "",	\
	  "page_size_mask reads 0")					\
	X(CFG_BYPASS_RESET, "cfg-bypass-reset", "DEV-CFG-4", "",	\
	  "bypass returns to its initial value on device reset")	\
	X(CFG_BYPASS_KEPT_ON_SYSTEM_RESET, "cfg-bypass-kept-on-system-reset", "DEV-CFG-5", "", \
	  "bypass keeps what the driver wrote across a system reset")	\
	X(CFG_BYPASS_RAW, "cfg-bypass-raw", "DEV-CFG-6", "",		\
	  "an illegal bypass write is stored and read back")		\
	X(CFG_BYPASS_HIGH_BITS, "cfg-bypass-high-bits", "DEV-CFG-6", "", \
	  "bypass reads with bit 7 set")				\
	X(CFG_BYPASS_WRITE_IGNORED, "cfg-bypass-write-ignored", "DEV-CFG-4,INF-OPS-3", "", \
	  "writes to bypass are ignored")				\
	/* 7.3 initialization */					\
	X(INIT_ATTACHED_AFTER_RESET, "init-attached-after-reset", "INF-INIT-1", "", \
	  "domains and attachments survive a device reset")		\
	/* 7.4 operations */						\
	X(OPS_SUCCESS_DEVERR, "ops-success-deverr", "DEV-OPS-1", "",	\
	  "a successful DETACH reports S_DEVERR")			\
	X(OPS_UNKNOWN_UNSUPP, "ops-unknown-unsupp", "DEV-OPS-2", "",	\
	  "an unknown type is answered S_UNSUPP, used length 4")	\
	X(OPS_UNKNOWN_DRAFT, "ops-unknown-draft", "DEV-OPS-2", "",	\
	  "draft types 6-8 are answered S_UNSUPP")			\
	X(OPS_HEAD_RESERVED, "ops-head-reserved", "DEV-OPS-3", "",	\
	  "non-zero head.reserved is rejected with S_INVAL")		\
	X(OPS_TAIL_RESERVED, "ops-tail-reserved", "DEV-OPS-4", "",	\
	  "tail.reserved is left as the driver wrote it")		\
	X(OPS_UNATTACHED_DMA, "ops-unattached-dma", "DEV-OPS-5", "",	\
	  "an unattached endpoint not in bypass reaches memory")	\
	X(OPS_TRUNCATED_INVAL, "ops-truncated-inval", "INF-OPS-1", "",	\
	  "a request too short for its type is answered S_INVAL")	\
	X(OPS_TRUNCATED_RESET, "ops-truncated-reset", "INF-OPS-1", "",	\
	  "a request too short for its type sets DEVICE_NEEDS_RESET")	\
	X(OPS_MAP_OUTSIDE_INPUT, "ops-map-outside-input", "INF-OPS-2", "", \
	  "a MAP outside input_range is accepted")			\
	X(OPS_BYPASS_DOMAIN_TRANSLATED, "ops-bypass-domain-translated", "INF-OPS-3", "", \
	  "endpoints in a bypass domain are translated")		\
	X(OPS_BYPASS_NEEDS_NEGOTIATION, "ops-bypass-needs-negotiation", "INF-OPS-3", "bypass=1", \
	  "bypass=1 is ignored unless BYPASS_CONFIG was negotiated")	\
	X(OPS_BYPASS_IGNORED, "ops-bypass-ignored", "INF-OPS-3,DEV-OPS-5", "bypass=1", \
	  "unattached endpoints are blocked although bypass=1")	\
	X(OPS_LEGACY_BYPASS_IGNORED, "ops-legacy-bypass-ignored", "INF-OPS-3", \
	  "bypass-legacy=1,bypass-config=0",				\
	  "unattached endpoints are blocked with legacy BYPASS negotiated") \
	X(OPS_DOMAIN_RANGE_ALWAYS, "ops-domain-range-always", "INF-OPS-4", "domain-range=0", \
	  "domain IDs are limited although DOMAIN_RANGE is not offered") \
	X(OPS_INPUT_RANGE_ALWAYS, "ops-input-range-always", "INF-OPS-4",	\
	  "input-range=0,domain-range=0",				\
	  "IOVAs are limited although INPUT_RANGE is not offered")	\
	X(OPS_FIRST_DESCRIPTOR_ONLY, "ops-first-descriptor-only", "GEN-1", "", \
	  "the request is read from its first descriptor only")	\
	X(OPS_NO_INDIRECT, "ops-no-indirect", "GEN-1", "",		\
	  "an indirect descriptor is read as a plain buffer")		\
	X(OPS_TAIL_FIRST_WRITABLE, "ops-tail-first-writable", "DEV-OPS-1", "", \
	  "PROBE's tail is written at the start of the writable part")	\
	/* 7.5 ATTACH */						\
	X(ATT_RESERVED_IGNORED, "att-reserved-ignored", "DEV-ATT-1", "", \
	  "ATTACH with non-zero reserved is accepted")			\
	X(ATT_RESERVED_ATTACHES, "att-reserved-attaches", "DEV-ATT-1", "", \
	  "ATTACH with non-zero reserved says S_INVAL but attaches")	\
	X(ATT_FLAGS_IGNORED, "att-flags-ignored", "DEV-ATT-2", "",	\
	  "unknown ATTACH flags are ignored")				\
	X(ATT_NOENT_INVAL, "att-noent-inval", "DEV-ATT-3", "",		\
	  "ATTACH of an unknown endpoint answers S_INVAL")		\
	X(ATT_NOENT_OK, "att-noent-ok", "DEV-ATT-3", "",		\
	  "ATTACH of an unknown endpoint succeeds")			\
	X(ATT_SHARE_INVAL, "att-share-inval", "DEV-ATT-4", "att-share=unsupp", \
	  "a refused second endpoint gets S_INVAL, not S_UNSUPP")	\
	X(ATT_SHARE_REFUSED_ATTACHES, "att-share-refused-attaches", "DEV-ATT-4", \
	  "att-share=unsupp",						\
	  "a refused second endpoint gets S_UNSUPP but is attached")	\
	X(ATT_BYPASS_MISMATCH_OK, "att-bypass-mismatch-ok", "DEV-ATT-5", "", \
	  "ATTACH_F_BYPASS not matching the domain is accepted")	\
	X(ATT_MOVE_INVAL, "att-move-inval", "DEV-ATT-6", "att-move=unsupp", \
	  "a refused move gets S_INVAL, not S_UNSUPP")			\
	X(ATT_MOVE_KEEPS_OLD_DOMAIN, "att-move-keeps-old-domain", "DEV-ATT-6,INF-DET-1", "", \
	  "a move leaves the emptied old domain and its mappings")	\
	X(ATT_MOVE_NOOP, "att-move-noop", "DEV-ATT-6,DEV-ATT-8", "",	\
	  "a move answers S_OK and leaves the endpoint where it was")	\
	X(ATT_INCOMPATIBLE_OK, "att-incompatible-ok", "DEV-ATT-7", "",	\
	  "an endpoint whose reserved region is mapped in the domain is attached") \
	X(ATT_NOT_ATTACHED, "att-not-attached", "DEV-ATT-8", "",	\
	  "ATTACH creates the domain but does not attach the endpoint") \
	X(ATT_NO_DOMAIN, "att-no-domain", "DEV-ATT-8", "",		\
	  "ATTACH answers S_OK and creates nothing")			\
	/* 7.6 DETACH */						\
	X(DET_RESERVED_CHECKED, "det-reserved-checked", "DEV-DET-1", "", \
	  "DETACH with non-zero reserved is rejected with S_INVAL")	\
	X(DET_NOENT_INVAL, "det-noent-inval", "DEV-DET-2", "",		\
	  "DETACH of an unknown endpoint answers S_INVAL")		\
	X(DET_ABSENT_NOENT, "det-absent-noent", "DEV-DET-3", "",	\
	  "DETACH from a domain the endpoint is not in answers S_NOENT") \
	X(DET_WRONG_DOMAIN_DETACHES, "det-wrong-domain-detaches", "DEV-DET-3", "", \
	  "DETACH naming another domain detaches the endpoint anyway")	\
	X(DET_MAPPINGS_KEPT, "det-mappings-kept", "DEV-DET-4", "",	\
	  "DETACH answers S_OK but the endpoint stays attached")	\
	X(DET_DOMAIN_KEPT, "det-domain-kept", "INF-DET-1", "",		\
	  "a domain and its mappings survive its last DETACH")		\
	X(DET_DOMAIN_DESTROYED_SHARED, "det-domain-destroyed-shared", "INF-DET-1", "", \
	  "a domain is destroyed when any endpoint leaves it")		\
	/* 7.7 MAP */							\
	X(MAP_VIRT_START_UNALIGNED, "map-virt-start-unaligned", "DEV-MAP-1", "", \
	  "misaligned virt_start is accepted")				\
	X(MAP_PHYS_UNALIGNED, "map-phys-unaligned", "DEV-MAP-1", "",	\
	  "misaligned phys_start is accepted")				\
	X(MAP_VIRT_END_UNALIGNED, "map-virt-end-unaligned", "DEV-MAP-1", "", \
	  "misaligned virt_end + 1 is accepted")			\
	X(MAP_UNALIGNED_INVAL, "map-unaligned-inval", "DEV-MAP-1", "",	\
	  "misalignment is answered S_INVAL")				\
	X(MAP_OVERLAP_OK, "map-overlap-ok", "DEV-MAP-2", "",		\
	  "an overlapping MAP is accepted")				\
	X(MAP_DUPLICATE_OK, "map-duplicate-ok", "DEV-MAP-2", "",	\
	  "a MAP of exactly an existing range is accepted")		\
	X(MAP_OVERLAP_RANGE, "map-overlap-range", "DEV-MAP-2", "",	\
	  "an overlapping MAP is answered S_RANGE")			\
	X(MAP_FLAGS_IGNORED, "map-flags-ignored", "DEV-MAP-3", "",	\
	  "unknown MAP flags are ignored")				\
	X(MAP_FLAGS_LOW_BYTE, "map-flags-low-byte", "DEV-MAP-3", "",	\
	  "unknown MAP flags above bit 7 are ignored")			\
	X(MAP_MMIO_REFUSED, "map-mmio-refused", "DEV-OPS-1", "",	\
	  "MAP_F_MMIO is refused although F_MMIO was negotiated")	\
	X(MAP_NOENT_INVAL, "map-noent-inval", "DEV-MAP-4", "",		\
	  "MAP to a domain that does not exist answers S_INVAL")	\
	X(MAP_NOENT_CREATES, "map-noent-creates", "DEV-MAP-4", "",	\
	  "MAP to a domain that does not exist creates it")		\
	X(MAP_BYPASS_DOMAIN_OK, "map-bypass-domain-ok", "DEV-MAP-5", "", \
	  "MAP into a bypass domain is accepted")			\
	X(MAP_WRITE_THROUGH_RO, "map-write-through-ro", "DEV-MAP-6", "", \
	  "a write goes through a mapping without WRITE")		\
	X(MAP_READ_WITHOUT_READ, "map-read-without-read", "DEV-MAP-7,INF-MAP-1", "", \
	  "a read goes through any mapping, READ or not")		\
	X(MAP_NO_OFFSET, "map-no-offset", "INF-MAP-1", "",		\
	  "translation drops the offset into the mapping")		\
	X(MAP_PAGE_OFFSET_ONLY, "map-page-offset-only", "INF-MAP-1", "", \
	  "translation keeps only the offset within the granule")	\
	X(MAP_WITHOUT_FEATURE, "map-without-feature", "INF-MAP-2", "",	\
	  "MAP and UNMAP work without MAP_UNMAP negotiated")		\
	X(MAP_RESV_OK, "map-resv-ok", "DEV-RESV-4", "",			\
	  "a MAP over a reserved region is accepted")			\
	X(MAP_RESV_COVER_OK, "map-resv-cover-ok", "DEV-RESV-4", "",	\
	  "a MAP covering a whole reserved region is accepted")	\
	/* 7.8 UNMAP */							\
	X(UNMAP_RSV_RANGE, "unmap-rsv-range", "DEV-UNMAP-1", "",	\
	  "UNMAP with non-zero reserved answers S_RANGE")		\
	X(UNMAP_NOENT_OK, "unmap-noent-ok", "DEV-UNMAP-2", "",		\
	  "UNMAP in a domain that does not exist answers S_OK")	\
	X(UNMAP_BYPASS_OK, "unmap-bypass-ok", "DEV-UNMAP-3", "",	\
	  "UNMAP in a bypass domain answers S_OK")			\
	X(UNMAP_SPLIT_REMOVES, "unmap-split-removes", "DEV-UNMAP-4", "", \
	  "a splitting UNMAP removes the whole mapping with S_OK")	\
	X(UNMAP_SPLIT_PARTIAL, "unmap-split-partial", "DEV-UNMAP-4", "", \
	  "a splitting UNMAP removes part of the mapping with S_OK")	\
	X(UNMAP_SPLIT_RANGE_REMOVES, "unmap-split-range-removes", "DEV-UNMAP-4", "", \
	  "a splitting UNMAP answers S_RANGE but removes the mapping")	\
	X(UNMAP_TAIL_SPLIT_OK, "unmap-tail-split-ok", "DEV-UNMAP-4", "", \
	  "an UNMAP cutting a mapping's tail removes it with S_OK")	\
	X(UNMAP_FIRST_ONLY, "unmap-first-only", "DEV-UNMAP-5", "",	\
	  "UNMAP removes only the first mapping in the range")		\
	X(UNMAP_EMPTY_NOENT, "unmap-empty-noent", "DEV-UNMAP-5", "",	\
	  "UNMAP of a range with nothing mapped answers S_NOENT")	\
	X(UNMAP_END_OFF_BY_ONE, "unmap-end-off-by-one", "DEV-UNMAP-5", "", \
	  "UNMAP treats virt_end as exclusive of the next granule")	\
	X(UNMAP_STALE_TRANSLATION, "unmap-stale-translation", "DEV-UNMAP-5", "", \
	  "UNMAP answers S_OK but DMA still translates")		\
	/* 7.9 PROBE */							\
	X(PROBE_RESERVED_CHECKED, "probe-reserved-checked", "DEV-PROBE-1", "", \
	  "PROBE with non-zero reserved is rejected with S_INVAL")	\
	X(PROBE_NOENT_INVAL, "probe-noent-inval", "DEV-PROBE-2", "",	\
	  "PROBE of an unknown endpoint answers S_INVAL")		\
	X(PROBE_NOENT_OK, "probe-noent-ok", "DEV-PROBE-2", "",		\
	  "PROBE of an unknown endpoint answers S_OK, no property")	\
	X(PROBE_UNOFFERED_ANSWERED, "probe-unoffered-answered", "DEV-PROBE-3", "probe=0", \
	  "PROBE is answered although F_PROBE is not offered")		\
	X(PROBE_UNOFFERED_UNSUPP, "probe-unoffered-unsupp", "DEV-PROBE-3", "probe=0", \
	  "PROBE without F_PROBE offered gets S_UNSUPP written")	\
	X(PROBE_HEADER_RESERVED, "probe-header-reserved", "DEV-PROBE-4", "", \
	  "property type has bit 12 set")				\
	X(PROBE_LENGTH_PLUS_4, "probe-length-plus-4", "DEV-PROBE-5", "", \
	  "property length counts the header (24)")			\
	X(PROBE_LENGTH_MINUS_4, "probe-length-minus-4", "DEV-PROBE-5,DEV-PROBE-6", "", \
	  "property length is four short (16)")				\
	X(PROBE_PADDED, "probe-padded", "DEV-PROBE-6,DEV-PROBE-8", "", \
	  "four bytes of padding between properties")			\
	X(PROBE_SHORT_WRITTEN, "probe-short-written", "DEV-PROBE-7", "", \
	  "a short properties area gets properties and S_INVAL")	\
	X(PROBE_SHORT_OK, "probe-short-ok", "DEV-PROBE-7", "",		\
	  "a short properties area gets what fits and S_OK")		\
	X(PROBE_SHORT_DEVERR, "probe-short-deverr", "DEV-PROBE-7", "",	\
	  "a short area is filled, then its start gets an S_DEVERR tail, used length 4 (QEMU 10.0)") \
	X(PROBE_NO_ZERO_FILL, "probe-no-zero-fill", "DEV-PROBE-8", "",	\
	  "bytes after the last property are left as they were")	\
	/* 7.10 RESV_MEM */						\
	X(RESV_RESERVED_SET, "resv-reserved-set", "DEV-RESV-1", "",	\
	  "RESV_MEM reserved bytes are not zero")			\
	X(RESV_TWO_MSI, "resv-two-msi", "DEV-RESV-2", "",		\
	  "a second MSI region is reported")				\
	X(RESV_OVERLAP, "resv-overlap", "DEV-RESV-3", "",		\
	  "an endpoint's regions overlap")				\
	X(RESV_INVERTED, "resv-inverted", "DEV-RESV-3", "",		\
	  "a region with start > end is reported")			\
	/* 7.11 fault reporting */					\
	X(FAULT_RESERVED, "fault-reserved", "DEV-FAULT-1", "",		\
	  "fault reserved[] bytes are not zero")			\
	X(FAULT_RESERVED1, "fault-reserved1", "DEV-FAULT-1", "",	\
	  "fault reserved1 is not zero")				\
	X(FAULT_EXEC_FLAG, "fault-exec-flag", "DEV-FAULT-2", "",	\
	  "faults carry the undefined flag bit 2 (Linux's F_EXEC)")	\
	X(FAULT_ENDPOINT_DOMAIN, "fault-endpoint-domain", "DEV-FAULT-3", "", \
	  "the report names the domain instead of the endpoint")	\
	X(FAULT_RNG_ENDPOINT_OTHER, "fault-rng-endpoint-other", "DEV-FAULT-3", "", \
	  "a virtio-rng's report names another endpoint (its ID less 8)") \
	X(FAULT_ADDRESS_NEXT, "fault-address-next", "DEV-FAULT-4", "",	\
	  "F_ADDRESS with the address one granule past the fault")	\
	X(FAULT_SPLIT, "fault-split", "DEV-FAULT-5", "",		\
	  "a report that does not fit is split over two buffers")	\
	X(FAULT_USED_LEN_OVER, "fault-used-len-over", "DEV-FAULT-5", "", \
	  "a small buffer gets a truncated report with used length 24") \
	X(FAULT_NOT_REPORTED, "fault-not-reported", "INF-FAULT-2", "",	\
	  "faults block the access but are never reported")		\
	X(FAULT_DOMAIN_AS_MAPPING, "fault-domain-as-mapping", "INF-FAULT-2", "", \
	  "an unattached access is reported R_MAPPING")		\
	X(FAULT_MAPPING_AS_UNKNOWN, "fault-mapping-as-unknown", "INF-FAULT-2", "", \
	  "an unmapped access is reported R_UNKNOWN")			\
	X(FAULT_PERM_AS_DOMAIN, "fault-perm-as-domain", "INF-FAULT-2", "", \
	  "a permission fault is reported R_DOMAIN")			\
	X(FAULT_RW_SWAPPED, "fault-rw-swapped", "INF-FAULT-2", "",	\
	  "F_READ and F_WRITE are swapped")				\
	X(FAULT_RW_BOTH, "fault-rw-both", "INF-FAULT-2", "",		\
	  "both F_READ and F_WRITE are set")				\
	X(FAULT_RNG_WRITE_AS_READ, "fault-rng-write-as-read", "INF-FAULT-2", "", \
	  "a virtio-rng's faulting write is reported F_READ")	\
	X(FAULT_DUPLICATED, "fault-duplicated", "INF-FAULT-1", "",	\
	  "every report is written twice")				\
	X(FAULT_LOST, "fault-lost", "INF-FAULT-1", "",		\
	  "every second report is lost although buffers are posted")	\
	X(FAULT_REORDERED, "fault-reordered", "INF-FAULT-1", "",	\
	  "each odd report waits for the next and goes out after it")	\
	X(FAULT_KEPT_ACROSS_RESET, "fault-kept-across-reset", "INF-FAULT-1,INF-INIT-1", "", \
	  "a report waiting for a buffer survives a device reset")

enum mutant {
	MUT_NONE = 0,
#define MUTANT_ENUM(id, name, ids, setting, desc) MUT_##id,
	MUTANTS(MUTANT_ENUM)
#undef MUTANT_ENUM
	MUT_COUNT
};

struct mutant_info {
	const char *name;
	const char *ids;
	const char *setting;	/* choices the mutant is compared under */
	const char *desc;
};

/* MUT_NONE when name is unknown. */
enum mutant mutant_find(const char *name);
const struct mutant_info *mutant_info(enum mutant m);
/* "name<TAB>setting<TAB>ids<TAB>description" per mutant; setting "-" when none. */
void mutants_list(void);

#endif
