/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the virtual bench lands (issue 4): SIM:: resources are
 * refused with a clear error instead of failing to link. */
#include "config.h"

#include "transport.h"
#include "wbg/error.h"

int wbgi_sim_open(wbgi_transport **out, const char *model, const char *dut, wbg_ctx *ctx)
{
	(void)out;
	(void)dut;
	return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
	                     "SIM::%s: the virtual bench is not part of this build yet",
	                     model ? model : "");
}
