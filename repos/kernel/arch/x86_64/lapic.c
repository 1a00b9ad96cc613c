/*
 * lapic.c - time and interrupt controllers: the 8259 PICs are masked, the
 * local APIC gives a periodic timer (the PIT, through the 8259, where a CPU
 * has no local APIC), the PIT calibrates it and the TSC once at boot, and the
 * I/O APIC routes ISA interrupts (all masked until the IRQ family enables one).
 */
#include <stddef.h>

#include <kernel/arch.h>
#include <kernel/panic.h>

#include "arch_x86_64.h"
#include "cpu.h"

#define LAPIC_ID 0x20
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3e0
#define LAPIC_TIMER_PERIODIC (1u << 17)
#define LAPIC_MASKED (1u << 16)
#define PIT_HZ 1193182u

static volatile uint32_t *lapic;
static bool pit_ticks; /* no local APIC: PIT channel 0 through the 8259 drives the tick */
static volatile uint32_t *ioapic;
static uint32_t ioapic_gsi_base, ioapic_entries;
static uint64_t tsc_hz;

struct route {
    uint32_t gsi;
    uint32_t low; /* vector, polarity and trigger bits; mask applied separately */
};
static struct route routes[16];

static uint32_t lapic_read(uint32_t reg)
{
    return lapic[reg / 4];
}

static void lapic_write(uint32_t reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

void lapic_eoi(void)
{
    if (pit_ticks)
        outb(0x20, 0x20); /* 8259 master EOI */
    else
        lapic_write(LAPIC_EOI, 0);
}

void pic_disable(void)
{
    static const uint8_t init[][2] = {
        {0x20, 0x11}, {0xa0, 0x11}, {0x21, 0x20}, {0xa1, 0x28},
        {0x21, 0x04}, {0xa1, 0x02}, {0x21, 0x01}, {0xa1, 0x01},
        {0x21, 0xff}, {0xa1, 0xff},
    };
    for (unsigned i = 0; i < sizeof init / sizeof init[0]; i++)
        outb(init[i][0], init[i][1]);
}

static bool cpu_has_lapic(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    return (r[3] & (1u << 9)) != 0;
}

/* Run PIT channel 2 for 10 ms; return TSC and LAPIC-timer ticks over that time. */
static void pit_window(uint64_t *tsc_delta, uint32_t *lapic_delta)
{
    uint16_t count = (uint16_t)(PIT_HZ / 100);
    outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
    outb(0x43, 0xb0);
    outb(0x42, (uint8_t)count);
    outb(0x42, (uint8_t)(count >> 8));
    uint8_t gate = inb(0x61) & (uint8_t)~1u;
    outb(0x61, gate);
    if (lapic != NULL)
        lapic_write(LAPIC_TIMER_INIT, 0xffffffffu);
    uint64_t t0 = rdtsc();
    outb(0x61, gate | 1);
    for (uint32_t spin = 0; (inb(0x61) & 0x20) == 0 && spin < 100000000u; spin++)
        ;
    *tsc_delta = rdtsc() - t0;
    *lapic_delta = lapic != NULL ? 0xffffffffu - lapic_read(LAPIC_TIMER_CURRENT) : 0;
}

/* PIT channel 0, rate generator at `hz`, on IRQ 0 of the 8259 (vector 0x20). */
static void pit_timer_init(uint32_t hz)
{
    uint64_t tsc_delta;
    uint32_t unused;
    pit_window(&tsc_delta, &unused);
    if (tsc_delta == 0)
        panic("timer-calibration-failed");
    tsc_hz = tsc_delta * 100;
    uint32_t divisor = PIT_HZ / hz;
    outb(0x43, 0x34); /* channel 0, lobyte/hibyte, mode 2 */
    outb(0x40, (uint8_t)divisor);
    outb(0x40, (uint8_t)(divisor >> 8));
    pit_ticks = true;
    outb(0x21, 0xfe); /* unmask IRQ 0 only; the slave stays masked */
}

bool arch_timer_uses_pit(void)
{
    return pit_ticks;
}

void arch_timer_init(uint32_t hz)
{
    if (!cpu_has_lapic()) {
        pit_timer_init(hz);
        return;
    }
    uint64_t base = rdmsr(MSR_APIC_BASE) & ~0xfffull;
    wrmsr(MSR_APIC_BASE, base | (1u << 11));
    lapic = arch_phys_to_virt(base);
    lapic_write(LAPIC_SVR, 0x100 | VECTOR_SPURIOUS);
    lapic_write(LAPIC_TIMER_DIVIDE, 0x3); /* divide by 16 */
    lapic_write(LAPIC_LVT_TIMER, LAPIC_MASKED | VECTOR_TIMER);
    uint64_t tsc_delta;
    uint32_t lapic_delta;
    pit_window(&tsc_delta, &lapic_delta);
    if (tsc_delta == 0 || lapic_delta == 0)
        panic("timer-calibration-failed");
    tsc_hz = tsc_delta * 100;
    uint32_t per_tick = (uint32_t)((uint64_t)lapic_delta * 100 / hz);
    lapic_write(LAPIC_LVT_TIMER, LAPIC_TIMER_PERIODIC | VECTOR_TIMER);
    lapic_write(LAPIC_TIMER_INIT, per_tick != 0 ? per_tick : 1);
}

uint64_t arch_timestamp(void)
{
    return rdtsc();
}

uint64_t arch_timestamp_hz(void)
{
    return tsc_hz != 0 ? tsc_hz : 1000000000ull;
}

void arch_idle(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* ---- I/O APIC --------------------------------------------------------------- */

static void ioapic_write(uint32_t reg, uint32_t v)
{
    ioapic[0] = reg;
    ioapic[4] = v;
}

static uint32_t ioapic_read(uint32_t reg)
{
    ioapic[0] = reg;
    return ioapic[4];
}

static void program(unsigned irq, bool masked)
{
    uint32_t index = routes[irq].gsi - ioapic_gsi_base;
    if (ioapic == NULL || routes[irq].gsi < ioapic_gsi_base || index >= ioapic_entries)
        return;
    ioapic_write(0x10 + 2 * index + 1, 0); /* destination: APIC id 0 */
    ioapic_write(0x10 + 2 * index, routes[irq].low | (masked ? LAPIC_MASKED : 0));
}

void arch_ioapic_init(uint64_t phys, uint32_t gsi_base)
{
    ioapic = arch_phys_to_virt(phys);
    ioapic_gsi_base = gsi_base;
    ioapic_entries = ((ioapic_read(1) >> 16) & 0xff) + 1;
    for (unsigned irq = 0; irq < 16; irq++) {
        routes[irq] = (struct route){irq, VECTOR_IRQ_BASE + irq};
        program(irq, true);
    }
}

void arch_irq_route(unsigned irq, uint32_t gsi, uint16_t flags)
{
    if (irq >= 16)
        return;
    uint32_t low = VECTOR_IRQ_BASE + irq;
    if ((flags & 0x3) == 0x3)
        low |= 1u << 13; /* active low */
    if ((flags & 0xc) == 0xc)
        low |= 1u << 15; /* level triggered */
    routes[irq] = (struct route){gsi, low};
    program(irq, true);
}

void arch_irq_unmask(unsigned irq)
{
    if (irq < 16)
        program(irq, false);
}

void arch_irq_mask(unsigned irq)
{
    if (irq < 16)
        program(irq, true);
}
