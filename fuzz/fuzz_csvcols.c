/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the CSV table reader of the fitlife analyses (cli/csvcols.c).
 * It is CLI-side (not in libwbg), so it is compiled into the target here. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../cli/csvcols.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvcols t;
	char err[256];

	if (csvcols_parse(&t, (const char *)data, size, "fuzz.csv", err, sizeof(err)) == 0) {
		csvcols_find(&t, "time");
		csvcols_free(&t);
	}
	return 0;
}
