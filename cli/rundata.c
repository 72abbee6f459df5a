/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stored run as long-format data (see rundata.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rundata.h"

int cli_store_open_existing(struct cli *cli, wbg_store **out, const char *path)
{
	int rc;

	if (access(path, R_OK) != 0)
		return cli_error(cli, CLI_EXIT_USAGE,
		                 "no store '%s' (%s); give the file that 'wbg run' wrote with --db FILE",
		                 path, strerror(errno));
	rc = wbg_store_open(out, path, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	return CLI_EXIT_OK;
}

int cli_parse_run(struct cli *cli, int64_t *out, const char *arg)
{
	char *end = NULL;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v <= 0)
		return cli_usage_error(cli, "'%s' is not a run number (a positive integer, as 'wbg run' "
		                       "prints it)", arg);
	*out = (int64_t)v;
	return CLI_EXIT_OK;
}

struct lot_copy {
	char *buf;
	size_t len;
};

static int copy_lot(void *user, const wbg_run_record *r)
{
	struct lot_copy *c = user;
	snprintf(c->buf, c->len, "%s", r->info.lot);
	return 0;
}

int cli_run_lot(struct cli *cli, char *lot, size_t len, wbg_store *st, int64_t run)
{
	struct lot_copy c = {lot, len};
	int rc = wbg_store_run_read(st, run, copy_lot, &c);

	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, "'wbg export --list' shows the runs of a store.");
	return CLI_EXIT_OK;
}

void cli_csv_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

struct csv_state {
	FILE *out;
	const char *lot;
};

static int csv_row(void *user, const wbg_param_record *p)
{
	struct csv_state *c = user;

	cli_csv_field(c->out, c->lot);
	fputc(',', c->out);
	cli_csv_field(c->out, p->sample);
	fputc(',', c->out);
	cli_csv_field(c->out, p->test);
	fprintf(c->out, ",%.17g,", p->readout_s / 3600.0);
	cli_csv_field(c->out, p->name);
	fprintf(c->out, ",%.17g,", p->value);
	cli_csv_field(c->out, p->unit);
	if (isnan(p->u))
		fputs(",\n", c->out);
	else
		fprintf(c->out, ",%.17g\n", p->u);
	return ferror(c->out) ? -1 : 0;
}

int cli_run_write_csv(struct cli *cli, FILE *out, wbg_store *st, int64_t run)
{
	char lot[256];
	struct csv_state c;
	int ex = cli_run_lot(cli, lot, sizeof(lot), st, run), rc;

	if (ex != CLI_EXIT_OK)
		return ex;
	c.out = out;
	c.lot = lot;
	fputs("lot,sample,test,readout_h,parameter,value,unit,u\n", out);
	rc = wbg_store_params_list(st, run, csv_row, &c);
	if (rc == -1)
		return cli_error(cli, CLI_EXIT_IO, "could not write the CSV");
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	return CLI_EXIT_OK;
}

int cli_run_csv_text(struct cli *cli, char **out, size_t *out_len, wbg_store *st, int64_t run)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int ex;

	if (!mem)
		return cli_error(cli, CLI_EXIT_IO, "out of memory");
	ex = cli_run_write_csv(cli, mem, st, run);
	if (fclose(mem) != 0 && ex == CLI_EXIT_OK)
		ex = cli_error(cli, CLI_EXIT_IO, "out of memory");
	if (ex != CLI_EXIT_OK) {
		free(buf);
		return ex;
	}
	*out = buf;
	*out_len = len;
	return CLI_EXIT_OK;
}
