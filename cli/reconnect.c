/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --reconnect TIME: how long the safe-shutdown path waits for an
 * instrument whose link dropped (wbg_meas_set_reconnect()). */
#include "config.h"

#include "reconnect.h"
#include "wbg/wbg.h"

int cli_parse_reconnect(struct cli *cli, double *out_s, const char *arg)
{
	double v;

	if (wbg_quantity_parse(&v, NULL, arg, "s", cli->ctx) != WBG_OK)
		return cli_usage_error(cli, "--reconnect takes a time such as 5s or 500ms, not '%s' (%s)",
		                       arg, wbg_ctx_errmsg(cli->ctx));
	if (!(v >= 0.0) || v > WBG_INSTR_MAX_REOPEN_S)
		return cli_usage_error(cli, "--reconnect %s: from 0 s (do not wait) to %d s", arg,
		                       WBG_INSTR_MAX_REOPEN_S);
	*out_s = v;
	return CLI_EXIT_OK;
}
