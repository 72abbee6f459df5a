/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: SCPI parsing of the simulated Keysight B2901A/B2902A (see vbench_fuzz.h). */
#include "config.h"

#include "vbench_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const models[] = {"B2901A", "B2902A"};

	return vbench_fuzz_run(models, sizeof(models) / sizeof(models[0]), "r1k", NULL, data,
	                       size);
}
