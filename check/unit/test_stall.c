// SPDX-License-Identifier: MIT
/* fx_after: a transfer edu left unended is one failure of the test. */
#include <string.h>
#include "host_rt.h"
#include "harness/tap.h"
#include "tests/fixture.h"
#include "ut.h"

static const struct test probe = { "dma.probe", "DEV-MAP-6", NULL };

/* after EDU_NEW RNG_NEW: fx_after's output when edu's and virtio-rng's
 * timeouts went from 0 to these during the test. */
static const char *after(unsigned long edu_new, unsigned long rng_new)
{
	static char out[512];
	static struct fixture e;
	static struct dma_endpoint edu = { .ends_always = true, .timeout_ns = 2000000000ull };
	static struct dma_endpoint rng = { .ends_always = false, .timeout_ns = 1000000000ull };

	memset(&e, 0, sizeof(e));
	e.nep = 3;
	e.ep[0] = (struct endpoint){ .id = 0x10, .name = "edu 00:02.0", .dma = &edu };
	e.ep[1] = (struct endpoint){ .id = 0x18, .name = "virtio-rng 00:03.0", .dma = &rng };
	e.ep[2] = (struct endpoint){ .id = 0x20, .name = "no dma" };
	edu.timeouts = edu_new;
	rng.timeouts = rng_new;
	tap_reset();
	out[0] = '\0';
	rt_capture(out, sizeof(out));
	fx_after(&e, &probe);
	rt_capture(NULL, 0);
	return out;
}

void ut_stall(void)
{
	const char *out = after(1, 0);

	UT_CHECK(strstr(out, "not ok 1 - dma.probe [DEV-MAP-6]") &&
		 strstr(out, "edu 00:02.0 left 1 transfer(s) unended after 2000 ms"),
		 "stall: an edu transfer that timed out fails the test once, naming edu");
	UT_CHECK(!strstr(after(0, 0), "not ok"), "stall: no timeout, no failure");
	UT_CHECK(!strstr(after(0, 2), "not ok"),
		 "stall: virtio-rng's timeouts are not its host's (a blocked ring stops it)");
}
