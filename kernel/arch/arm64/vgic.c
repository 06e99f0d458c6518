// SPDX-License-Identifier: BSD-2-Clause
/*
 * The GICv3 virtual CPU interface (ICH_*_EL2, Arm IHI 0069 chapter 6) and
 * the guest's virtual timer. Virtual interrupts a VMM makes pending wait in
 * a per-vCPU bitmap until a list register is free; with more pending than
 * list registers the underflow maintenance interrupt refills them. A list
 * register with its EOI bit set raises the maintenance interrupt when the
 * guest deactivates the interrupt: that is how a level-triggered device
 * model learns of the EOI, and how the kernel re-arms the virtual timer,
 * which it masks (CNTV_CTL.IMASK) while the guest handles its interrupt.
 */
#include "arch/sysreg.h"
#include "arch/vcpu.h"
#include "sched.h"
#include "vcpu.h"

#define LR_STATE_PENDING (1UL << 62)
#define LR_STATE_ACTIVE	 (1UL << 63)
#define LR_STATE_MASK	 (3UL << 62)
#define LR_GROUP1	 (1UL << 60)
#define LR_EOI		 (1UL << 41)
#define LR_PRIO_SHIFT	 48

#define ICH_HCR_EN   (1UL << 0)
#define ICH_HCR_UIE  (1UL << 1)
#define ICH_MISR_EOI (1UL << 0)

#define CNT_CTL_ENABLE	(1UL << 0)
#define CNT_CTL_IMASK	(1UL << 1)
#define CNT_CTL_ISTATUS (1UL << 2)

static unsigned nr_lrs, nr_aprs;

void vgic_init(void)
{
	u64 vtr = sysreg_read(ich_vtr_el2);

	nr_lrs = (vtr & 0x1f) + 1;
	if (nr_lrs > VGIC_MAX_LRS)
		nr_lrs = VGIC_MAX_LRS;
	/* Active-priority registers: 1, 2 or 4 for 5, 6 or 7 bits of preemption. */
	nr_aprs = 1U << (((vtr >> 26) & 7) - 4);
	if (nr_aprs > 4)
		nr_aprs = 4;
}

#define LR_CASE(n)                                        \
	case n:                                           \
		if (write)                                \
			sysreg_write(ich_lr##n##_el2, v); \
		else                                      \
			v = sysreg_read(ich_lr##n##_el2); \
		break

static u64 lr_access(unsigned i, bool write, u64 v)
{
	switch (i) {
		LR_CASE(0);
		LR_CASE(1);
		LR_CASE(2);
		LR_CASE(3);
		LR_CASE(4);
		LR_CASE(5);
		LR_CASE(6);
		LR_CASE(7);
		LR_CASE(8);
		LR_CASE(9);
		LR_CASE(10);
		LR_CASE(11);
		LR_CASE(12);
		LR_CASE(13);
		LR_CASE(14);
		LR_CASE(15);
	}
	return v;
}

static u64 lr_read(unsigned i)
{
	return lr_access(i, false, 0);
}

static void lr_write(unsigned i, u64 v)
{
	lr_access(i, true, v);
}

#define APR_CASE(n)                                                  \
	case n:                                                      \
		if (save) {                                          \
			s->ap0r[n] = sysreg_read(ich_ap0r##n##_el2); \
			s->ap1r[n] = sysreg_read(ich_ap1r##n##_el2); \
		} else {                                             \
			sysreg_write(ich_ap0r##n##_el2, s->ap0r[n]); \
			sysreg_write(ich_ap1r##n##_el2, s->ap1r[n]); \
		}                                                    \
		break

static void aprs_access(struct vgic_state *s, bool save)
{
	for (unsigned i = 0; i < nr_aprs; i++) {
		switch (i) {
			APR_CASE(0);
			APR_CASE(1);
			APR_CASE(2);
			APR_CASE(3);
		}
	}
}

void vgic_save(struct vcpu *v)
{
	for (unsigned i = 0; i < nr_lrs; i++)
		v->vgic.lr[i] = lr_read(i);
	aprs_access(&v->vgic, true);
	v->vgic.vmcr = sysreg_read(ich_vmcr_el2);
	v->vgic.hcr = sysreg_read(ich_hcr_el2) & ~ICH_HCR_UIE;
	v->uie = false; /* flushed again at the next load */
	vgic_clear_hw();
}

void vgic_restore(struct vcpu *v)
{
	for (unsigned i = 0; i < nr_lrs; i++)
		lr_write(i, v->vgic.lr[i]);
	aprs_access(&v->vgic, false);
	sysreg_write(ich_vmcr_el2, v->vgic.vmcr);
	sysreg_write(ich_hcr_el2, v->vgic.hcr | ICH_HCR_EN);
}

/* No vCPU's interface is loaded: nothing may raise maintenance interrupts. */
void vgic_clear_hw(void)
{
	sysreg_write(ich_hcr_el2, 0);
	for (unsigned i = 0; i < nr_lrs; i++)
		lr_write(i, 0);
}

static bool bit_test(const u64 *map, unsigned n)
{
	return map[n / 64] & (1UL << (n % 64));
}
static void bit_set(u64 *map, unsigned n)
{
	map[n / 64] |= 1UL << (n % 64);
}
static void bit_clear(u64 *map, unsigned n)
{
	map[n / 64] &= ~(1UL << (n % 64));
}

bool vgic_set_pending(struct vcpu *v, u64 virq)
{
	unsigned intid = L4_VIRQ_INTID(virq);

	if (intid >= 1020 || (virq & ~(L4_VIRQ_NOTIFY_EOI | 0xff03ffUL)))
		return false;
	v->prio[intid] = (u8)L4_VIRQ_PRIO(virq);
	if (virq & L4_VIRQ_NOTIFY_EOI)
		bit_set(v->notify, intid);
	if (!bit_test(v->pending, intid)) {
		bit_set(v->pending, intid);
		v->npending++;
	}
	return true;
}

/* Move pending interrupts into list registers (the vCPU is loaded). */
void vgic_flush(struct vcpu *v)
{
	if (!v->npending && !v->uie)
		return; /* the common case: nothing waits, no underflow interrupt asked for */
	u64 hcr = sysreg_read(ich_hcr_el2);

	if (v->npending) {
		u64 empty = sysreg_read(ich_elrsr_el2);
		for (unsigned w = 0; w < VIRQ_WORDS && v->npending; w++) {
			u64 bits = v->pending[w];
			while (bits) {
				unsigned intid = w * 64 + (unsigned)__builtin_ctzl(bits);
				int slot = -1;
				bits &= bits - 1;
				/* Already in a list register: pending again there, never twice. */
				for (unsigned i = 0; i < nr_lrs; i++) {
					u64 lr = lr_read(i);
					if ((lr & LR_STATE_MASK) && (u32)lr == intid) {
						lr_write(i, lr | LR_STATE_PENDING);
						slot = (int)i;
						break;
					}
				}
				if (slot < 0) {
					if (!empty)
						goto full;
					unsigned i = (unsigned)__builtin_ctzl(empty);
					empty &= empty - 1;
					bool eoi = bit_test(v->notify, intid) ||
						   (intid == VTIMER_INTID && v->timer_masked);
					lr_write(i, LR_STATE_PENDING | LR_GROUP1 |
							    (eoi ? LR_EOI : 0) |
							    (u64)v->prio[intid] << LR_PRIO_SHIFT |
							    intid);
				}
				bit_clear(v->pending, intid);
				v->npending--;
			}
		}
	}
full:
	/* Ask for the underflow interrupt while some wait for a list register. */
	v->uie = v->npending != 0;
	u64 want = v->uie ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE;
	if (want != hcr)
		sysreg_write(ich_hcr_el2, want);
}

/* Does a list register hold an interrupt the guest has not taken yet? */
bool vgic_lr_pending(void)
{
	for (unsigned i = 0; i < nr_lrs; i++)
		if (lr_read(i) & LR_STATE_PENDING)
			return true;
	return false;
}

static void vtimer_unmask(struct vcpu *v)
{
	v->timer_masked = false;
	sysreg_write(cntv_ctl_el02, sysreg_read(cntv_ctl_el02) & ~CNT_CTL_IMASK);
}

void vgic_maintenance_irq(void)
{
	struct vcpu *v = this_cpu()->vcpu_loaded;

	if (!v) {
		vgic_clear_hw();
		return;
	}
	if (sysreg_read(ich_misr_el2) & ICH_MISR_EOI) {
		u64 eisr = sysreg_read(ich_eisr_el2);
		while (eisr) {
			unsigned i = (unsigned)__builtin_ctzl(eisr);
			eisr &= eisr - 1;
			unsigned intid = (u32)lr_read(i);
			lr_write(i, 0);
			if (intid >= VIRQ_INTIDS)
				continue;
			if (intid == VTIMER_INTID && v->timer_masked)
				vtimer_unmask(v);
			if (bit_test(v->notify, intid)) {
				bit_clear(v->notify, intid);
				if (!bit_test(v->eoied, intid)) {
					bit_set(v->eoied, intid);
					v->neoied++;
					vcpu_notify(v->thread); /* it may wait in WFI already */
				}
			}
		}
	}
	vgic_flush(v);
}

/* The loaded vCPU's timer condition holds: mask it and inject its interrupt. */
void vtimer_check(struct vcpu *v)
{
	u64 ctl = sysreg_read(cntv_ctl_el02);

	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) !=
	    (CNT_CTL_ENABLE | CNT_CTL_ISTATUS))
		return;
	sysreg_write(cntv_ctl_el02, ctl | CNT_CTL_IMASK);
	v->timer_masked = true;
	vgic_set_pending(v, L4_VIRQ(VTIMER_INTID, 0));
	vcpu_notify(v->thread);
}

void vtimer_irq(void)
{
	struct vcpu *v = this_cpu()->vcpu_loaded;

	if (v)
		vtimer_check(v);
	else
		sysreg_write(cntv_ctl_el02, 0);
}
