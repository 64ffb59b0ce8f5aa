/* SPDX-License-Identifier: MIT */
/* assert() failure prints "Bail out! assertion failed: ..." and exits 2. */
#ifndef FAULTLINE_ASSERT_H
#define FAULTLINE_ASSERT_H

_Noreturn void __assert_fail(const char *expr, const char *file, int line);

#endif

#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__))
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif
