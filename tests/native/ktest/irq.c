// SPDX-License-Identifier: BSD-2-Clause
/* IRQs: virtual trigger and delivery, coalescing, attach, the ICU and the PL031 RTC alarm. */
#include "ktest.h"

/* PL031 RTC of QEMU virt (ARM PrimeCell RTC PL031 TRM, section 3.3). */
#define RTC_BASE   0x09010000UL
#define RTC_DR	   0x000 /* data: seconds */
#define RTC_MR	   0x004 /* match */
#define RTC_CR	   0x00c /* control: bit 0 start */
#define RTC_IMSC   0x010 /* interrupt mask set/clear: bit 0 enables */
#define RTC_RIS	   0x014
#define RTC_MIS	   0x018
#define RTC_ICR	   0x01c /* write 1 to clear */
#define RTC_INTID  34	 /* SPI 2 */
#define UART_INTID 33	 /* SPI 1: the kernel's console */

#define LBL_IRQ 0x70000UL

static void rtc_write(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(RTC_BASE + reg) = v;
}

static uint32_t rtc_read(unsigned reg)
{
	return *(volatile uint32_t *)(RTC_BASE + reg);
}

struct catcher {
	volatile unsigned count;
	volatile l4_umword_t label;
	volatile long proto;
};

static void catch_irqs(void *arg)
{
	struct catcher *c = arg;
	l4_umword_t label;

	for (;;) {
		l4_msgtag_t t = l4_ipc_wait(&label, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
		if (l4_ipc_error(t))
			continue;
		c->label = label;
		c->proto = L4_MSGTAG_LABEL(t);
		c->count++;
	}
}

static void virtual_irqs(void)
{
	l4_cap_idx_t irq = kt_slot(), ro = kt_slot();
	struct catcher c = {0};
	struct kt_thread w;
	struct kt_msg m;
	l4_msgtag_t t;

	ok(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq) == 0 &&
		   l4_irq_attach(irq, L4_BASE_THREAD_CAP, LBL_IRQ) == 0,
	   "irq: create a virtual IRQ and attach it to main");
	ok(l4_irq_attach(irq, L4_BASE_THREAD_CAP, LBL_IRQ | 1) == -L4_EINVAL,
	   "irq: attach label with low bits set -> EINVAL");
	ok(l4_irq_attach(irq, L4_BASE_LOG_CAP, LBL_IRQ) == -L4_EINVAL,
	   "irq: attach to a Vcon instead of a thread -> EINVAL");
	ok(kt_wait(&m, 0) == L4_IPC_RETIMEOUT, "irq: nothing pending before a trigger");
	ok(l4_irq_trigger(irq) == 0, "irq: trigger -> 0");
	kt_wait(&m, 0);
	ok(!m.err && L4_MSGTAG_LABEL(m.tag) == L4_PROTO_IRQ && L4_MSGTAG_WORDS(m.tag) == 0 &&
		   m.label == LBL_IRQ,
	   "irq: open wait gets it: proto IRQ, 0 words, the attach label (%#lx)",
	   (unsigned long)m.label);

	l4_irq_trigger(irq);
	t = l4_irq_receive(irq, L4_TIMEOUTS(0, 0));
	ok(!l4_ipc_error(t) && L4_MSGTAG_LABEL(t) == L4_PROTO_IRQ,
	   "irq: a closed receive on the IRQ gets it too");
	l4_irq_trigger(irq);
	l4_irq_trigger(irq);
	l4_irq_trigger(irq);
	t = l4_irq_receive(irq, L4_TIMEOUTS(0, 0));
	l4_msgtag_t t2 = l4_irq_receive(irq, L4_TIMEOUTS(0, 0));
	ok(!l4_ipc_error(t) && l4_ipc_error(t2) == L4_IPC_RETIMEOUT,
	   "irq: three triggers while pending coalesce into one delivery");
	ok(l4_irq_unmask(irq) == 0, "irq: unmask of a virtual IRQ -> 0");

	kt_cap_copy(L4_BASE_TASK_CAP, ro, irq, L4_CAP_FPAGE_R);
	ok(l4_irq_trigger(ro) == -L4_EPERM && kt_wait(&m, 0) == L4_IPC_RETIMEOUT,
	   "irq: trigger through a cap without W -> EPERM, nothing delivered");
	ok(l4_irq_attach(ro, L4_BASE_THREAD_CAP, LBL_IRQ) == -L4_EPERM,
	   "irq: attach through a cap without W -> EPERM");

	/* Attach to another thread: it gets the trigger, main does not. */
	kt_thread_spawn(&w, catch_irqs, &c, KT_PRIO_HIGH);
	ok(l4_irq_attach(irq, w.cap, 0x80) == 0, "irq: re-attach to a worker thread");
	l4_irq_trigger(irq);
	ok(c.count == 1 && c.label == 0x80 && c.proto == L4_PROTO_IRQ,
	   "irq: the worker received it with its label 0x80 (count %u, label %#lx)", c.count,
	   (unsigned long)c.label);
	ok(kt_wait(&m, 0) == L4_IPC_RETIMEOUT, "irq: main no longer gets it");
	ok(l4_irq_attach(irq, L4_INVALID_CAP, 0) == 0, "irq: detach -> 0");
	l4_irq_trigger(irq);
	kt_sleep_ms(1);
	ok(c.count == 1, "irq: after detaching, a trigger reaches nobody");

	/* The Vcon raises an IRQ on input; binding one is all that can be checked here. */
	ok(l4_vcon_bind_irq(L4_BASE_LOG_CAP, irq) == 0, "vcon: bind_irq -> 0");
	ok(l4_vcon_bind_irq(L4_BASE_LOG_CAP, L4_INVALID_CAP) == 0, "vcon: unbind the IRQ -> 0");
	kt_slot_free(ro);
	kt_drop(irq);
	kt_thread_del(&w);
}

static void icu_errors(l4_cap_idx_t irq, unsigned lines)
{
	l4_cap_idx_t ro = kt_slot();

	ok(l4_icu_bind(L4_BASE_ICU_CAP, UART_INTID, irq) == -L4_EBUSY,
	   "icu: the kernel's own UART line -> EBUSY");
	ok(l4_icu_bind(L4_BASE_ICU_CAP, 26, irq) == -L4_EINVAL,
	   "icu: INTID 26 (a PPI, not an SPI) -> EINVAL");
	ok(l4_icu_bind(L4_BASE_ICU_CAP, 32 + lines, irq) == -L4_EINVAL,
	   "icu: INTID 32 + %u (beyond the lines) -> EINVAL", lines);
	ok(l4_icu_bind(L4_BASE_ICU_CAP, RTC_INTID, L4_BASE_LOG_CAP) == -L4_EINVAL,
	   "icu: binding a Vcon instead of an IRQ -> EINVAL");
	kt_cap_copy(L4_BASE_TASK_CAP, ro, L4_BASE_ICU_CAP, L4_CAP_FPAGE_R);
	ok(l4_icu_bind(ro, RTC_INTID, irq) == -L4_EPERM,
	   "icu: bind through a cap without W -> EPERM");
	kt_slot_free(ro);
}

/* Arm the RTC alarm one second ahead; the IRQ arrives within 3 s. */
static bool rtc_alarm(l4_cap_idx_t irq, uint64_t *waited_ms, uint32_t *mis)
{
	rtc_write(RTC_IMSC, 0);
	rtc_write(RTC_ICR, 1);
	rtc_write(RTC_MR, rtc_read(RTC_DR) + 1);
	rtc_write(RTC_IMSC, 1);
	uint64_t t0 = kt_now_ns();
	l4_msgtag_t t = l4_irq_receive(irq, L4_TIMEOUTS(0, 3000000));
	*waited_ms = (kt_now_ns() - t0) / 1000000;
	*mis = rtc_read(RTC_MIS);
	return !l4_ipc_error(t) && L4_MSGTAG_LABEL(t) == L4_PROTO_IRQ;
}

static void hardware_irq(void)
{
	l4_cap_idx_t irq = kt_slot();
	struct l4_utcb *u = l4_utcb();
	uint64_t v = 0, ms = 0;
	uint32_t mis = 0;
	l4_msgtag_t t;

	u->mr[0] = L4_ICU_INFO_OP;
	long r = l4_result(l4_kcall(L4_BASE_ICU_CAP, L4_PROTO_ICU, 1));
	unsigned lines = (unsigned)u->mr[0];
	ok(r == 0 && lines > 2 && lines <= 988, "icu: info reports %u SPI lines", lines);
	l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq);
	l4_irq_attach(irq, L4_BASE_THREAD_CAP, LBL_IRQ);
	icu_errors(irq, lines);

	if (!ok(kt_safe_read32(RTC_BASE + RTC_DR, &v),
		"sigma0: the root reads device memory at %#lx (mapped 1:1 on first touch)",
		RTC_BASE))
		goto out;
	ok(kt_safe_read32(0x0a000000, &v), "sigma0: another device page (virtio-mmio) too");
	ok(!kt_safe_read32(0x08000000, &v), "sigma0: the GIC distributor is refused");
	ok(!kt_safe_read32(0x09000000, &v), "sigma0: the kernel's UART is refused");
	ok(!kt_safe_read32(0x40000000, &v), "sigma0: RAM is not device memory");

	ok(l4_icu_bind(L4_BASE_ICU_CAP, RTC_INTID, irq) == 0, "icu: bind the RTC's INTID 34 -> 0");
	rtc_write(RTC_CR, 1);
	bool got = rtc_alarm(irq, &ms, &mis);
	ok(got && ms <= 3000, "rtc: the alarm IRQ arrived after %llu ms", (unsigned long long)ms);
	ok(mis & 1, "rtc: RTCMIS shows the alarm (%#x)", mis);
	t = l4_irq_receive(irq, L4_TIMEOUTS(0, 10000));
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT,
	   "rtc: while not unmasked the still-raised line is not delivered again");
	rtc_write(RTC_ICR, 1);
	rtc_write(RTC_IMSC, 0);
	ok((rtc_read(RTC_RIS) & 1) == 0, "rtc: the alarm is cleared in the device");
	ok(l4_irq_unmask(irq) == 0, "rtc: unmask -> 0");
	t = l4_irq_receive(irq, L4_TIMEOUTS(0, 10000));
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT, "rtc: no delivery once the device is quiet");
	got = rtc_alarm(irq, &ms, &mis);
	ok(got && (mis & 1), "rtc: after the unmask a second alarm arrives (%llu ms)",
	   (unsigned long long)ms);
	rtc_write(RTC_ICR, 1);
	rtc_write(RTC_IMSC, 0);
	l4_irq_unmask(irq);
	ok(l4_icu_unbind(L4_BASE_ICU_CAP, RTC_INTID) == 0, "icu: unbind INTID 34 -> 0");
out:
	kt_drop(irq);
}

void irq_tests(void)
{
	virtual_irqs();
	hardware_irq();
}
