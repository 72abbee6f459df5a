/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the NIST StRD .dat reader (analysis/strd.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "../analysis/strd.h"
#include "wbg/wbg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wbgi_strd *d = malloc(sizeof(*d));

	if (!d)
		return 0;
	wbgi_strd_parse(d, (const char *)data, size, "fuzz.dat", NULL);
	free(d);
	return 0;
}
