/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: SCPI parsing of the simulated Keithley 2450/2460/2470 (see vbench_fuzz.h). */
#include "config.h"

#include "vbench_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const models[] = {"2450", "2460", "2470"};

	return vbench_fuzz_run(models, sizeof(models) / sizeof(models[0]), "r1k", NULL, data,
	                       size);
}
