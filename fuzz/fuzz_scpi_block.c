/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: arbitrary blocks and numeric arrays as instruments send them.
 * The first byte picks the array format and a maximum. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off, len, needed, n, max;
	double *v = NULL;
	wbg_scpi_format fmt;

	if (size < 1)
		return 0;
	fmt = (wbg_scpi_format)(data[0] % 5);
	max = (size_t)1 << (data[0] >> 4);
	data++;
	size--;
	if (wbg_scpi_block_parse(&off, &len, &needed, data, size, max * 8, NULL) == WBG_OK) {
		if (off + len > size || len > max * 8)
			__builtin_trap();
	}
	if (wbg_scpi_array_parse(&v, &n, data, size, fmt, max, NULL) == WBG_OK) {
		if (n > max)
			__builtin_trap();
		free(v);
	}
	return 0;
}
