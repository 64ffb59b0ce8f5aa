// SPDX-License-Identifier: GPL-2.0
/* host-tests/ratelimit.c: how long until dmar_fault's ratelimit lets a fault's lines through. */
#include "../../host-tests/ratelimit.h"
#include "ut.h"

#define S 1000000ull
static const struct rl_limit LIM = { .interval = 5 * S, .margin = S / 10, .burst = 10 };

static const struct {
	const char *what;
	struct rl_event ev[6];
	size_t n;
	uint64_t now, want;
} cases[] = {
	{ "no fault yet: no wait", { { 0, 0 } }, 0, 10 * S, 0 },
	{ "one fault (3 calls) 1 s ago: room for the next", { { 9 * S, 3 } }, 1, 10 * S, 0 },
	{ "8 calls spent: the next fault's 2 still fit", { { 9 * S, 3 }, { 9 * S + 1, 3 }, { 9 * S + 2, 2 } },
	  3, 10 * S, 0 },
	{ "9 calls spent: wait until the oldest of them is past the interval and the margin",
	  { { 8 * S, 3 }, { 9 * S, 3 }, { 9 * S + 1, 3 } }, 3, 10 * S, 3 * S + S / 10 + 1 },
	{ "a full window that is over (margin included): no wait",
	  { { 8 * S, 3 }, { 9 * S, 3 }, { 9 * S + 1, 4 } }, 3, 13 * S + S / 10 + 1, 0 },
	{ "only the events of the last interval and margin count, until enough age out",
	  { { 0, 3 }, { 3 * S, 3 }, { 6 * S, 3 }, { 6 * S + 1, 3 }, { 7 * S, 3 } }, 5, 8 * S,
	  3 * S + S / 10 + 1 },
	{ "an event at a window's edge (5.02 s after its first) is counted as in that window",
	  { { 0, 3 }, { 1 * S, 3 }, { 2 * S, 3 }, { 5 * S + S / 50, 3 } }, 4, 5 * S + S / 2,
	  S / 2 + S / 10 + 1 },
	{ "calls past the burst are not counted twice (capped at 10)",
	  { { 1 * S, 12 }, { 7 * S, 3 } }, 2, 8 * S, 0 },
};

static const char *const kmsg_log[] = {
	"4,90,1000,-;pci 0000:01:00.0: Adding to iommu group 3",
	"3,91,2000000,-;Request device [01:00.0] fault addr 0x1000 (before any DRHD: no event)",
	"3,92,5000000,-;DMAR: DRHD: handling fault status reg 2",
	"3,93,5000100,-;DMAR: [DMA Write NO_PASID] Request device [01:00.0] fault addr 0x300000 [fault reason 0x05] PTE Write access is not set",
	" SUBSYSTEM=pci",
	"3,94,7000000,-;DMAR: DRHD: handling fault status reg 2",
	"not a record",
};

/* Jiffies lag the log's clock: an event counts at the first mark after it. */
static void ut_ratelimit_marks(void)
{
	struct rl_event ev[] = { { 1000, 3 }, { 2500, 3 }, { 9000, 3 } };
	const struct rl_mark mk[] = { { 500, 40 }, { 2000, 150 }, { 2500, 200 }, { 8000, 600 } };
	struct rl_mark got;

	UT_CHECK(rl_to_ticks(ev, 2, mk, 4) && ev[0].t == 150 && ev[1].t == 200,
		 "ratelimit: an event takes the ticks of the first mark at or after it");
	UT_CHECK(!rl_to_ticks(ev + 2, 1, mk, 4), "ratelimit: an event after the last mark has none");
	UT_CHECK(kmsg_mark("7,120,8000,-;" RL_MARK "4294912345", &got) && got.us == 8000 &&
		 got.ticks == 4294912345ull, "ratelimit: a mark read back from the log");
	UT_CHECK(!kmsg_mark("3,121,8100,-;DMAR: DRHD: handling fault status reg 2", &got),
		 "ratelimit: a record that is not a mark");
}

void ut_ratelimit(void)
{
	struct rl_event ev[4];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t got = rl_wait(cases[i].ev, cases[i].n, LIM, cases[i].now, 2);

		UT_CHECK(got == cases[i].want, "ratelimit: %s", cases[i].what);
		if (got != cases[i].want)
			printf("#   got %llu, want %llu\n", (unsigned long long)got,
			       (unsigned long long)cases[i].want);
	}
	for (size_t i = 0; i < sizeof(kmsg_log) / sizeof(kmsg_log[0]); i++)
		n = dmar_event(kmsg_log[i], ev, n, 4);
	UT_CHECK(n == 2 && ev[0].t == 5000000 && ev[0].calls == 3 && ev[1].t == 7000000 &&
		 ev[1].calls == 2,
		 "ratelimit: two DRHD interrupts in the log, the first with its fault record");
	n = 0;
	for (size_t i = 0; i < sizeof(kmsg_log) / sizeof(kmsg_log[0]); i++)
		n = dmar_event(kmsg_log[i], ev, n, 1);
	UT_CHECK(n == 2 && ev[0].calls == 3, "ratelimit: past MAX, counted but not stored");
	ut_ratelimit_marks();
}
