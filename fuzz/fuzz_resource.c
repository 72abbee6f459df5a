/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: VISA resource strings (typed by users, read from bench files). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[1200], out[700];
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	wbg_resource r, r2;

	memcpy(text, data, n);
	text[n] = '\0';
	if (wbg_resource_parse(&r, text, NULL) == WBG_OK &&
	    wbg_resource_format(out, sizeof(out), &r) == WBG_OK) {
		/* The canonical form parses back to the same resource. */
		if (wbg_resource_parse(&r2, out, NULL) != WBG_OK || r2.vid != r.vid || r2.port != r.port ||
		    strcmp(r2.serial, r.serial) != 0 || strcmp(r2.host, r.host) != 0)
			__builtin_trap();
	}
	return 0;
}
