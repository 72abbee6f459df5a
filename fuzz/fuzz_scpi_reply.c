/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: *IDN? and SYST:ERR? replies. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[2048];
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	wbg_idn idn;
	wbg_scpi_error e;

	memcpy(text, data, n);
	text[n] = '\0';
	if (wbg_idn_parse(&idn, text, NULL) == WBG_OK &&
	    (strlen(idn.manufacturer) >= sizeof(idn.manufacturer) || strlen(idn.firmware) >= sizeof(idn.firmware)))
		__builtin_trap();
	if (wbg_scpi_error_parse(&e, text, NULL) == WBG_OK && strlen(e.message) >= sizeof(e.message))
		__builtin_trap();
	return 0;
}
