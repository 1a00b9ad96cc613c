/*
 * test_envelope.c - a driver's plan and envelope: sources by kind, the badge
 * of deviced's endpoint, a missing family, a BAR source; the envelope's
 * capabilities, rights, procd's slots, peers, header slots and validity.
 */
#include <string.h>

#include <erix/caps.h>
#include <erix/envelope.h>
#include <erix/procd.h>

#include "deviced_config.h"
#include "envelope.h"
#include "erix_test.h"
#include "seeds.h"

static struct deviced_contract contract;
static struct deviced_source src[ERIX_DEVICED_MAX_CAPS];
static _Alignas(8) uint8_t buf[ERIX_ENVELOPE_MAX];

static void setup(void)
{
    memset(&contract, 0, sizeof contract);
    contract.device[ERIX_EP_COM1] = 2208;
    contract.device[ERIX_EP_ACPI] = 2320;
}

static void plans(void)
{
    setup();
    struct erix_deviced_seed s = seed_serial();
    ERIX_CHECK_EQ(deviced_plan_sources(&s, 5, &contract, 96, src), ERIX_OK);
    ERIX_CHECK_EQ(src[0].slot, 2208);
    ERIX_CHECK_EQ(src[0].kind, ERIX_EP_COM1);
    ERIX_CHECK_EQ(src[0].badge, 0);
    ERIX_CHECK_EQ(src[1].slot, 96);
    ERIX_CHECK_EQ(src[1].badge, ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_DRIVER, 5));
    ERIX_CHECK_EQ(src[2].badge, ERIX_DEVICED_BADGE(ERIX_DEVICED_SURFACE_DRIVER, 5));
    /* a family deviced does not hold */
    s.caps[0].arg = ERIX_EP_I8042;
    ERIX_CHECK_EQ(deviced_plan_sources(&s, 5, &contract, 96, src), ERIX_ERR_NOT_FOUND);
    /* a BAR is derived into the scratch slot */
    s = seed_pci("drv-virtio");
    s.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_PCI_BAR, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE,
                                               ERIX_PURPOSE_DEVICE, 0, 1, 64, 0};
    ERIX_CHECK_EQ(deviced_plan_sources(&s, 0, &contract, 96, src), ERIX_OK);
    ERIX_CHECK_EQ(src[2].slot, DEVICED_SLOT_BAR_SCRATCH);
    ERIX_CHECK_EQ(src[2].derive, 1);
    ERIX_CHECK_EQ(src[2].type, ERIX_CAP_DEVICE_FRAME);
}

static void envelopes(void)
{
    setup();
    struct erix_deviced_seed s = seed_serial();
    uint32_t len = 0, primary = 0;
    ERIX_CHECK_EQ(deviced_plan_sources(&s, 2, &contract, 96, src), ERIX_OK);
    ERIX_CHECK_EQ(deviced_envelope_build(&s, 2, src, buf, sizeof buf, &len, &primary), ERIX_OK);
    struct erix_envelope_view v;
    ERIX_CHECK_EQ(erix_envelope_validate(buf, len, &v), ERIX_OK);
    ERIX_CHECK(strcmp(v.header->role, "drv-serial") == 0);
    ERIX_CHECK_EQ(v.header->service_index, 2);
    ERIX_CHECK_EQ(v.header->cap_count, 5);
    ERIX_CHECK_EQ(primary, 2208);
    ERIX_CHECK_EQ(v.header->primary_control_slot, 2208);
    ERIX_CHECK_EQ(v.header->ready_slot, 33);
    ERIX_CHECK_EQ(v.header->service_endpoint_slot, ERIX_PROCD_CHILD_SERVICE_SLOT);
    ERIX_CHECK_EQ(v.caps[0].endpoint_kind, ERIX_EP_COM1);
    ERIX_CHECK_EQ(v.caps[0].rights, ERIX_RIGHT_SEND);
    ERIX_CHECK_EQ(v.caps[1].rights, ERIX_RIGHT_SEND); /* deviced's endpoint: SEND only */
    ERIX_CHECK_EQ(v.caps[1].purpose, ERIX_PURPOSE_READY);
    ERIX_CHECK_EQ(v.caps[3].slot, ERIX_PROCD_CHILD_SERVICE_SLOT);
    ERIX_CHECK_EQ(v.caps[3].rights, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV);
    ERIX_CHECK_EQ(v.caps[4].slot, ERIX_PROCD_CHILD_EVENT_SLOT);
    ERIX_CHECK_EQ(v.caps[4].purpose, ERIX_PURPOSE_FAULT_ENDPOINT);
    ERIX_CHECK_EQ(v.header->peer_count, 1);
    ERIX_CHECK(strcmp(v.peers[0].role, "deviced") == 0);
    ERIX_CHECK_EQ(v.peers[0].slot, 48);
    /* no primary control (an omission hook, a broken seed): the envelope says so */
    s.caps[0] = s.caps[2];
    s.cap_count = 2;
    s.caps[1].purpose = ERIX_PURPOSE_READY;
    s.caps[0].purpose = ERIX_PURPOSE_PEER;
    ERIX_CHECK_EQ(deviced_plan_sources(&s, 2, &contract, 96, src), ERIX_OK);
    ERIX_CHECK_EQ(deviced_envelope_build(&s, 2, src, buf, sizeof buf, &len, &primary), ERIX_OK);
    ERIX_CHECK_EQ(primary, 0);
    /* too small a buffer */
    ERIX_CHECK_EQ(deviced_envelope_build(&s, 2, src, buf, 64, &len, &primary), ERIX_ERR_LIMIT);
    /* a BAR lands as a device frame with the seed's rights */
    s = seed_pci("drv-virtio");
    s.caps[2] = (struct erix_deviced_cap_spec){ERIX_DEVICED_SRC_PCI_BAR, ERIX_RIGHT_READ,
                                               ERIX_PURPOSE_DEVICE, 0, 0, 64, 0};
    ERIX_CHECK_EQ(deviced_plan_sources(&s, 0, &contract, 96, src), ERIX_OK);
    ERIX_CHECK_EQ(deviced_envelope_build(&s, 0, src, buf, sizeof buf, &len, &primary), ERIX_OK);
    ERIX_CHECK_EQ(erix_envelope_validate(buf, len, &v), ERIX_OK);
    ERIX_CHECK_EQ(v.caps[2].type, ERIX_CAP_DEVICE_FRAME);
    ERIX_CHECK_EQ(v.caps[2].rights, ERIX_RIGHT_READ);
    ERIX_CHECK_EQ(v.caps[2].endpoint_kind, 0);
}

int main(void)
{
    ERIX_RUN(plans);
    ERIX_RUN(envelopes);
    return erix_test_finish();
}
