/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vDSO's side of the generic time functions (lib/vdso/gettimeofday.c):
 * the counter is the TSC, which guest user code reads directly (it runs
 * on the host's CPU), and what the vDSO cannot answer goes to the kernel
 * as the syscall x86_64 Linux makes for it.
 */
#ifndef _ASM_UVMM_VDSO_GETTIMEOFDAY_H
#define _ASM_UVMM_VDSO_GETTIMEOFDAY_H

#ifndef __ASSEMBLY__

#include <asm/unistd.h>
#include <asm/vdso/tsc.h>
#include <uapi/linux/time.h>

#define VDSO_HAS_CLOCK_GETRES	1
#define VDSO_HAS_TIME		1

static __always_inline long uvmm_vdso_syscall2(long nr, long a0, long a1)
{
	long ret;

	asm volatile("syscall"
		     : "=a"(ret)
		     : "0"(nr), "D"(a0), "S"(a1)
		     : "rcx", "r11", "memory");
	return ret;
}

static __always_inline long gettimeofday_fallback(struct __kernel_old_timeval *tv,
						  struct timezone *tz)
{
	return uvmm_vdso_syscall2(__NR_gettimeofday, (long)tv, (long)tz);
}

static __always_inline long clock_gettime_fallback(clockid_t clock,
						   struct __kernel_timespec *ts)
{
	return uvmm_vdso_syscall2(__NR_clock_gettime, clock, (long)ts);
}

static __always_inline long clock_getres_fallback(clockid_t clock,
						  struct __kernel_timespec *ts)
{
	return uvmm_vdso_syscall2(__NR_clock_getres, clock, (long)ts);
}

static __always_inline u64 __arch_get_hw_counter(s32 clock_mode, const struct vdso_data *vd)
{
	return uvmm_rdtsc_ordered();
}

/*
 * A TSC read on another CPU than the kernel's last read may be a few
 * cycles behind that one: no time has passed then, rather than the
 * wrapped difference.
 */
static __always_inline u64 vdso_calc_ns(const struct vdso_data *vd, u64 cycles, u64 base)
{
	if (cycles <= vd->cycle_last)
		return base >> vd->shift;
	return ((cycles - vd->cycle_last) * vd->mult + base) >> vd->shift;
}
#define vdso_calc_ns vdso_calc_ns

/* The data page sits just below the vDSO's text (vdso.lds.S). */
static __always_inline const struct vdso_data *__arch_get_vdso_data(void)
{
	return _vdso_data;
}

#endif /* !__ASSEMBLY__ */

#endif
