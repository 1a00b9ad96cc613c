/*
 * erix/kctl_rt.h - one typed call per kernel-control operation (erix/kctl.h).
 *
 * Each function is a CALL on `ep`, an endpoint of a kernel family that allows
 * the op, with the op's request struct from erix/kctl.h at its exact length
 * and every reserved field zero. The status is the kernel's (ERIX_ERR_DENIED
 * when the family does not allow the op). A response is copied out only on
 * ERIX_OK. A response struct of another length than erix/kctl.h's, or a value
 * reply longer than expected (16 bytes for ops that answer nothing), is
 * ERIX_ERR_MALFORMED: the kernel and this library disagree on the ABI. Kernel-control
 * calls never carry a capability transfer table (the kernel refuses header
 * flags) and leave an armed one (erix_xfer_set) for the next message send.
 *
 * Slots are the caller's own unless a comment says otherwise.
 */
#ifndef ERIX_KCTL_RT_H
#define ERIX_KCTL_RT_H

#include <stddef.h>
#include <stdint.h>

#include <erix/kctl.h>
#include <erix/status.h>

/* Any op, any bytes, exactly as given (tests send malformed requests). */
erix_status_t erix_kctl_raw(uint32_t ep, uint32_t op, const void *req, uint16_t len,
                            void *resp, uint16_t resp_cap, uint16_t *resp_len);

/* ---- capabilities ------------------------------------------------------ */

/* QUERY_CAP; flags: ERIX_KCTL_QUERY_CAP_FLAG_INCLUDE_ENDPOINT_KIND. */
erix_status_t erix_kctl_query_cap(uint32_t ep, uint32_t slot, uint32_t flags,
                                  struct erix_kctl_query_cap_resp *out);

/* CAP_COPY_ATTENUATED: dest gets src's rights & rights_mask; badge 0 keeps
 * the badge, else badges an unbadged endpoint. */
erix_status_t erix_kctl_copy(uint32_t ep, uint32_t src, uint32_t dest, uint32_t rights_mask,
                             uint64_t badge);

/* CREATE_ENDPOINT: a generic endpoint (SEND|RECV|GRANT) from untyped memory. */
erix_status_t erix_kctl_create_endpoint(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot);

/* ---- memory ------------------------------------------------------------ */

/* RETYPE_UNTYPED_TO_FRAME: `pages` contiguous pages (a device frame from
 * device untyped). */
erix_status_t erix_kctl_retype_frame(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                     uint32_t pages);

/* RETYPE_UNTYPED: a child untyped of `pages` pages. */
erix_status_t erix_kctl_retype_untyped(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t pages);

/* UNTYPED_RESET: destroy everything made from the untyped. */
erix_status_t erix_kctl_untyped_reset(uint32_t ep, uint32_t untyped_slot);

/* MAP_FRAME at vaddr with ERIX_MAP_* perms; UNMAP_FRAME undoes it. */
erix_status_t erix_kctl_map_frame(uint32_t ep, uint32_t vspace_slot, uint32_t frame_slot,
                                  uint64_t vaddr, uint32_t perms);
erix_status_t erix_kctl_unmap_frame(uint32_t ep, uint32_t frame_slot);

/*
 * WRITE_PROCESS_MEMORY into a staged child's mapped anonymous pages, split
 * into ERIX_KCTL_WRITE_MEM_MAX-byte calls at ascending addresses. Stops at the
 * first failure (earlier chunks stay written). len 0 does nothing.
 * ERIX_ERR_OUT_OF_RANGE when vaddr + len wraps.
 */
erix_status_t erix_kctl_write_memory(uint32_t ep, uint32_t tcb_slot, uint64_t vaddr,
                                     const void *data, size_t len);

/* DERIVE_PCI_BAR_DEVICE_FRAME: a device frame for BAR `bar` (0..5) of
 * bus:device.function in dest_slot; base and size (either may be NULL). */
erix_status_t erix_kctl_derive_bar(uint32_t ep, uint8_t bus, uint8_t device, uint8_t function,
                                   uint8_t bar, uint32_t dest_slot, uint64_t *base,
                                   uint64_t *size);

/* FB_QUERY describes the boot framebuffer; FB_MAP puts a device frame over
 * it in dest_slot. */
erix_status_t erix_kctl_fb_query(uint32_t ep, struct erix_kctl_fb_resp *out);
erix_status_t erix_kctl_fb_map(uint32_t ep, uint32_t dest_slot);

/* ---- processes --------------------------------------------------------- */

/* CREATE_STAGED_PROCESS: TCB cap in dest_slot, VSpace cap in dest_slot + 1;
 * priority <= the caller's; *pid (may be NULL) gets the child's id. */
erix_status_t erix_kctl_create_process(uint32_t ep, uint32_t untyped_slot, uint32_t dest_slot,
                                       uint32_t priority, uint32_t *pid);

/* DERIVE_INSTALL_GRANT: a grant in dest_slot that may fill the staged child's
 * slots [window_base, window_base + window_count) with at most rights_mask. */
erix_status_t erix_kctl_derive_grant(uint32_t ep, uint32_t tcb_slot, uint32_t dest_slot,
                                     uint32_t window_base, uint32_t window_count,
                                     uint32_t rights_mask);

/* INSTALL_WITH_GRANT: copy src_slot into the child's child_slot (a slot of
 * the CHILD's CSpace, inside the grant's window). badge as erix_kctl_copy. */
erix_status_t erix_kctl_install(uint32_t ep, uint32_t grant_slot, uint32_t src_slot,
                                uint32_t child_slot, uint32_t rights_mask, uint64_t badge);

/* START_PROCESS: run the staged child at entry with rsp = stack_top
 * (16-byte aligned) and rdi, rsi, rdx = a0, a1, a2. */
erix_status_t erix_kctl_start(uint32_t ep, uint32_t tcb_slot, uint64_t entry, uint64_t stack_top,
                              uint64_t a0, uint64_t a1, uint64_t a2);

/* KILL_PROCESS: managed stop with `reason` (the manager gets ERIX_EVENT_STOPPED). */
erix_status_t erix_kctl_kill(uint32_t ep, uint32_t tcb_slot, uint32_t reason);

/* ABORT_STAGED_PROCESS: discard a child that never started. */
erix_status_t erix_kctl_abort(uint32_t ep, uint32_t tcb_slot);

/* RESTAGE_PROCESS: a process whose run ended goes back to STAGED with its
 * CSpace and address space kept and its IPC buffer zeroed (a restart). */
erix_status_t erix_kctl_restage(uint32_t ep, uint32_t tcb_slot);

/* QUERY_PROCESS: state, exit code or fault, live grants, priority. */
erix_status_t erix_kctl_query_process(uint32_t ep, uint32_t tcb_slot,
                                      struct erix_kctl_process_resp *out);

/* SET_FAULT_ENDPOINT / REGISTER_PAGER: endpoint_slot is a slot of the
 * TARGET's CSpace holding a generic endpoint with SEND. */
erix_status_t erix_kctl_set_fault_endpoint(uint32_t ep, uint32_t tcb_slot,
                                           uint32_t endpoint_slot);
erix_status_t erix_kctl_register_pager(uint32_t ep, uint32_t tcb_slot, uint32_t endpoint_slot);

/* RESOLVE_FAULT: ERIX_RESOLVE_RESUME or ERIX_RESOLVE_KILL a faulted process. */
erix_status_t erix_kctl_resolve_fault(uint32_t ep, uint32_t tcb_slot, uint32_t action);

/* SET_PRIORITY: at most the caller's own. */
erix_status_t erix_kctl_set_priority(uint32_t ep, uint32_t tcb_slot, uint32_t priority);

/* ---- platform ---------------------------------------------------------- */

/* LOG_STRING / WRITE_LEGACY_SERIAL: one request of len bytes (the kernel
 * takes 1..ERIX_KCTL_LOG_MAX; more cannot be encoded: ERIX_ERR_LIMIT). No
 * splitting or newline handling: erix_log does that. */
erix_status_t erix_kctl_log(uint32_t ep, const char *str, uint32_t len);
erix_status_t erix_kctl_serial_write(uint32_t ep, const char *str, uint32_t len);

/* IOPORT_READ8 / IOPORT_WRITE8 on a port the family allows. */
erix_status_t erix_kctl_port_read8(uint32_t ep, uint16_t port, uint8_t *value);
erix_status_t erix_kctl_port_write8(uint32_t ep, uint16_t port, uint8_t value);

/* READ_PCI_CONFIG_DWORD: offset dword aligned, < 256. */
erix_status_t erix_kctl_pci_read32(uint32_t ep, uint8_t bus, uint8_t device, uint8_t function,
                                   uint16_t offset, uint32_t *value);

/* GET_ACPI_RSDP; READ_ACPI_QWORDS: `count` (1..ERIX_KCTL_ACPI_MAX_QWORDS)
 * qwords at phys into out, which holds count qwords. */
erix_status_t erix_kctl_acpi_rsdp(uint32_t ep, struct erix_kctl_acpi_rsdp_resp *out);
erix_status_t erix_kctl_acpi_read(uint32_t ep, uint64_t phys, uint64_t *out, uint32_t count);

/* READ_MONOTONIC_CLOCK; READ_PLATFORM_CAPS (ERIX_PLATFORM_* bits). */
erix_status_t erix_kctl_clock(uint32_t ep, struct erix_kctl_clock_resp *out);
erix_status_t erix_kctl_platform_caps(uint32_t ep, uint32_t *caps);

/* IRQ_CONTROL (ERIX_IRQ_ENABLE, _DISABLE, _ACK) and IRQ_WAIT (timeout_us 0:
 * forever) for ISA IRQ 0..15. */
erix_status_t erix_kctl_irq_control(uint32_t ep, uint32_t irq, uint32_t action);
erix_status_t erix_kctl_irq_wait(uint32_t ep, uint32_t irq, uint64_t timeout_us);

/* HOTPLUG_WAIT (no source exists yet: ERIX_ERR_WOULD_BLOCK). */
erix_status_t erix_kctl_hotplug_wait(uint32_t ep);

#endif
