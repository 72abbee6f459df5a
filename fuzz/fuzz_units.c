/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: unit and quantity parsing and formatting (text from XML, CSV and the CLI). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[256], out[128];
	wbg_unit u;
	double v;
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	const char *slash;

	memcpy(text, data, n);
	text[n] = '\0';
	if (wbg_unit_parse(&u, text, NULL) == WBG_OK) {
		wbg_unit_format(out, sizeof(out), 1.5, text, 6, 0, NULL);
		wbg_unit_format(out, sizeof(out), 1.5, text, 6, WBG_UNIT_ASCII, NULL);
		wbg_unit_format_eng(out, sizeof(out), 1.5e-3, text, 3, 0, NULL);
		wbg_unit_si_name(out, sizeof(out), &u, 0);
		wbg_unit_dim_format(out, sizeof(out), &u, WBG_UNIT_ASCII);
	}
	wbg_quantity_parse(&v, &u, text, NULL, NULL);
	wbg_quantity_parse(&v, &u, text, "V", NULL);
	/* Split at a '|' to convert between two fuzzed units. */
	slash = strchr(text, '|');
	if (slash) {
		char from[128];
		size_t fl = (size_t)(slash - text) < sizeof(from) - 1 ? (size_t)(slash - text) : sizeof(from) - 1;
		memcpy(from, text, fl);
		from[fl] = '\0';
		wbg_unit_convert(&v, 2.0, from, slash + 1, NULL);
	}
	return 0;
}
