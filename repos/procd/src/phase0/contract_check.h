/*
 * contract_check.h - the startup check every phase0 helper started with an
 * envelope makes: the envelope validates and names the expected role, every
 * capability it lists is in its slot with exactly its type, rights and
 * endpoint kind, and no other slot of the CSpace holds anything.
 */
#ifndef PHASE0_CONTRACT_CHECK_H
#define PHASE0_CONTRACT_CHECK_H

#include <stdint.h>

#include <erix/envelope.h>
#include <erix/status.h>

/* Check the envelope at env (size bytes) against role and the CSpace; the
 * view on ERIX_OK. *what names the first thing that failed. */
erix_status_t phase0_contract_check(uint64_t env, uint64_t size, const char *role,
                                    struct erix_envelope_view *view, const char **what);

/* The slot of the envelope's capability with `purpose`, 0 if none. */
uint32_t phase0_contract_slot(const struct erix_envelope_view *v, uint32_t purpose);

#endif
