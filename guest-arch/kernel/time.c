// SPDX-License-Identifier: GPL-2.0
/*
 * Time: the clocksource is the host's CLOCK_MONOTONIC in nanoseconds, the
 * clockevent a one-shot host timer that raises UVMM_IRQ_TIMER. Delay loops
 * count nanoseconds (loops_per_jiffy = NSEC_PER_SEC / HZ).
 */
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/sched/clock.h>
#include <linux/timex.h>
#include <asm/gate.h>
#include <asm/entry.h>

/* Set at entry (kernel/setup.c) so that printk times start at 0. */
u64 uvmm_boot_ns;

/* The host's wall clock when uvmm set the guest up (kernel/setup.c). */
static u64 realtime_ns, realtime_at;

void __init uvmm_wall_clock_init(u64 ns, u64 at)
{
	realtime_ns = ns;
	realtime_at = at;
}

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
