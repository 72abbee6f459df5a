/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: what a USB device sends back: DEV_DEP_MSG_IN headers,
 * GET_CAPABILITIES, CHECK_* status replies and USB488 notifications. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "../instruments/usbtmc_proto.h"
#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wbgi_usbtmc_in_header h;
	struct wbgi_usbtmc_caps caps;
	uint8_t status, stb;
	bool more;
	uint32_t nb;
	unsigned quirks;

	if (size < 2)
		return 0;
	quirks = data[0];
	data++;
	size--;
	if (wbgi_usbtmc_in_header_parse(&h, data, size, data[0], 4096, quirks, NULL) == WBG_OK &&
	    h.transfer_size > 4096 && !(quirks & WBGI_QUIRK_HEADER_FIRST_ONLY))
		__builtin_trap();
	(void)wbgi_usbtmc_caps_parse(&caps, data, size, NULL);
	(void)wbgi_usbtmc_check_abort_parse(&status, &more, &nb, data, size);
	(void)wbgi_usb488_interrupt_parse(&stb, data, size, 5);
	(void)wbgi_usbtmc_status_parse(data, size);
	{
		char spec[256];
		size_t n = size < sizeof(spec) - 1 ? size : sizeof(spec) - 1;
		memcpy(spec, data, n);
		spec[n] = '\0';
		(void)wbgi_usbtmc_quirks_from_env(spec, 0x1ab1, 0x04ce);
	}
	return 0;
}
