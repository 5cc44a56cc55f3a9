// SPDX-License-Identifier: GPL-2.0
/*
 * Time: the clocksource is the host's CLOCK_MONOTONIC in nanoseconds, and
 * then the TSC where the host keeps its time by it (below); the
 * clockevent is a one-shot host timer that raises UVMM_IRQ_TIMER. Delay
 * loops count nanoseconds (loops_per_jiffy = NSEC_PER_SEC / HZ).
 */
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/math64.h>
#include <linux/sched/clock.h>
#include <linux/timex.h>
#include <linux/workqueue.h>
#include <asm/gate.h>
#include <asm/entry.h>
#include <asm/vdso/tsc.h>

/* Set at entry (kernel/setup.c) so that printk times start at 0. */
u64 uvmm_boot_ns;

/* The host's wall clock when uvmm set the guest up (kernel/setup.c). */
static u64 realtime_ns, realtime_at;

/*
 * The TSC, where the host keeps its own time by it (UVMM_BOOT_TSC_STABLE:
 * one rate, in step on every CPU): the kernel then reads its clock
 * without a gate call, and user space reads the time through the vDSO
 * without a syscall (kernel/vdso.c). Its rate is measured against the
 * gate's clock over the guest's first TSC_CALIBRATE_MS; until then the
 * gate's clock is the clocksource and the vDSO passes every call to the
 * kernel. The error is the span of one reading (tens of nanoseconds) over
 * that time: under a part per million. "clocksource=uvmm" on the command
 * line keeps the gate's clock.
 */
#define TSC_CALIBRATE_MS	100

static bool tsc_stable;
static u64 tsc_at_boot, ns_at_boot;

void __init uvmm_clock_init(u64 ns, u64 at, bool host_tsc_stable)
{
	realtime_ns = ns;
	realtime_at = at;
	tsc_stable = host_tsc_stable;
}

/* The TSC and the gate's clock at one moment: of a few tries, the one
 * the shortest TSC span brackets. */
static void tsc_and_ns(u64 *tsc, u64 *ns)
{
	u64 best = U64_MAX;
	int i;

	for (i = 0; i < 5; i++) {
		u64 t0 = uvmm_rdtsc_ordered(), n = gate_clock_ns(), t1 = uvmm_rdtsc_ordered();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*ns = n;
		}
	}
}

static u64 uvmm_tsc_read(struct clocksource *cs)
{
	return uvmm_rdtsc_ordered();
}

static struct clocksource uvmm_tsc_clocksource = {
	.name			= "uvmm-tsc",
	.rating			= 450,
	.read			= uvmm_tsc_read,
	.mask			= CLOCKSOURCE_MASK(64),
	.flags			= CLOCK_SOURCE_IS_CONTINUOUS,
	.vdso_clock_mode	= VDSO_CLOCKMODE_UVMM_TSC,
};

static void tsc_calibrate(struct work_struct *work)
{
	u64 tsc, ns, hz;

	tsc_and_ns(&tsc, &ns);
	if (tsc <= tsc_at_boot || ns <= ns_at_boot) {
		pr_warn("uvmm: the TSC did not advance with the clock; keeping the gate's clock\n");
		return;
	}
	hz = mul_u64_u64_div_u64(tsc - tsc_at_boot, NSEC_PER_SEC, ns - ns_at_boot);
	pr_info("uvmm: TSC at %llu Hz, measured over %llu ms\n", hz,
		(ns - ns_at_boot) / NSEC_PER_MSEC);
	if (hz <= U32_MAX)
		clocksource_register_hz(&uvmm_tsc_clocksource, hz);
	else
		clocksource_register_khz(&uvmm_tsc_clocksource, div_u64(hz, 1000));
}

static DECLARE_DELAYED_WORK(tsc_calibrate_work, tsc_calibrate);

static int __init tsc_calibrate_later(void)
{
	u64 done = gate_clock_ns() - ns_at_boot;
	u64 left = TSC_CALIBRATE_MS * NSEC_PER_MSEC;

	if (!tsc_stable)
		return 0;
	left = done < left ? left - done : 0;
	schedule_delayed_work(&tsc_calibrate_work, nsecs_to_jiffies(left) + 1);
	return 0;
}
late_initcall(tsc_calibrate_later);

/*
 * What a PC reads from its RTC at boot: the host's wall clock, carried
 * forward by the clocksource to now. There is no RTC device (hwclock
 * finds none): the wall clock is set at boot, then by NTP or by hand.
 */
void read_persistent_clock64(struct timespec64 *ts)
{
	u64 now = gate_clock_ns();

	*ts = ns_to_timespec64(realtime_ns && now >= realtime_at ?
			       realtime_ns + (now - realtime_at) : 0);
}

unsigned long long notrace sched_clock(void)
{
	return gate_clock_ns() - uvmm_boot_ns;
}

static u64 uvmm_clocksource_read(struct clocksource *cs)
{
	return gate_clock_ns();
}

static struct clocksource uvmm_clocksource = {
	.name	= "uvmm",
	.rating	= 400,
	.read	= uvmm_clocksource_read,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

static int uvmm_timer_next_event(unsigned long delta_ns,
				 struct clock_event_device *evt)
{
	gate_timer_set(delta_ns ? delta_ns : 1);
	return 0;
}

static int uvmm_timer_shutdown(struct clock_event_device *evt)
{
	gate_timer_set(0);
	return 0;
}

static struct clock_event_device uvmm_clockevent = {
	.name			= "uvmm",
	.features		= CLOCK_EVT_FEAT_ONESHOT,
	.rating			= 400,
	.set_next_event		= uvmm_timer_next_event,
	.set_state_shutdown	= uvmm_timer_shutdown,
	.set_state_oneshot	= uvmm_timer_shutdown,
	.tick_resume		= uvmm_timer_shutdown,
};

static irqreturn_t uvmm_timer_interrupt(int irq, void *dev)
{
	uvmm_clockevent.event_handler(&uvmm_clockevent);
	return IRQ_HANDLED;
}

void __init time_init(void)
{
	unsigned int irq = uvmm_irq_of_line(UVMM_IRQ_TIMER);

	if (!irq || request_irq(irq, uvmm_timer_interrupt,
				IRQF_TIMER | IRQF_NOBALANCING, "timer", NULL))
		panic("uvmm: cannot set up the timer interrupt");

	uvmm_clockevent.cpumask = cpumask_of(0);
	uvmm_clockevent.irq = irq;
	clockevents_config_and_register(&uvmm_clockevent, NSEC_PER_SEC,
					1000, LONG_MAX);
	clocksource_register_hz(&uvmm_clocksource, NSEC_PER_SEC);
	if (tsc_stable)
		tsc_and_ns(&tsc_at_boot, &ns_at_boot);
}

void calibrate_delay(void)
{
	loops_per_jiffy = NSEC_PER_SEC / HZ;
}

void __delay(unsigned long ns)
{
	u64 end = gate_clock_ns() + ns;

	while (gate_clock_ns() < end)
		cpu_relax();
}

void __ndelay(unsigned long ns)
{
	__delay(ns);
}

void __udelay(unsigned long us)
{
	__delay(us * NSEC_PER_USEC);
}

/* xloops is microseconds scaled by 2^32 / 10^6 (asm-generic/delay.h). */
void __const_udelay(unsigned long xloops)
{
	__delay((xloops * NSEC_PER_SEC) >> 32);
}
