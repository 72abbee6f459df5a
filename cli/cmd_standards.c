/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg standards list|show|validate: the shipped library and any wbgkit XML file. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stdfiles.h"

#define MAX_LIST 512
#define DESCRIBE_MAX (256 * 1024)

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int do_list(struct cli *cli, wbg_schema *schema)
{
	char dir[4096], path[4400];
	char *names[MAX_LIST];
	size_t n = 0, i;
	DIR *d;
	struct dirent *e;
	int bad = 0;

	snprintf(dir, sizeof(dir), "%s/standards/library", cli_datadir());
	d = opendir(dir);
	if (!d)
		return cli_error(cli, CLI_EXIT_IO, "cannot open the library %s; reinstall wbgkit or set "
		                 "WBG_DATADIR", dir);
	for (e = readdir(d); e && n < MAX_LIST; e = readdir(d)) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".xml") == 0) {
			names[n] = strdup(e->d_name);
			if (names[n])
				n++;
		}
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		wbg_doc_kind kind;
		char name[256];
		size_t l = strlen(names[i]) - 4;
		snprintf(name, sizeof(name), "%.*s", (int)l, names[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (wbg_doc_check_file(&kind, schema, path, cli->ctx) != WBG_OK) {
			printf("%-28s INVALID: %s\n", name, wbg_ctx_errmsg(cli->ctx));
			bad = 1;
		} else if (kind == WBG_DOC_STANDARD) {
			wbg_standard *std = NULL;
			if (wbg_standard_load_file(&std, schema, path, cli->ctx) == WBG_OK)
				printf("%-28s standard  %s\n", name, wbg_standard_title(std));
			wbg_standard_free(std);
		} else {
			printf("%-28s %s\n", name, wbg_doc_kind_name(kind));
		}
		free(names[i]);
	}
	return bad ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

static int do_show(struct cli *cli, wbg_schema *schema, int argc, char **argv)
{
	char path[4096], *buf;
	wbg_standard *std = NULL;
	int i, rc, ex;

	if (argc < 1)
		return cli_usage_error(cli, "give the standard to show: a library name or a file");
	ex = cli_resolve(cli, path, sizeof(path), argv[0]);
	if (ex != CLI_EXIT_OK)
		return ex;
	rc = wbg_standard_load_file(&std, schema, path, cli->ctx);
	if (rc != WBG_OK)
		return cli_input_error(cli, rc, "'wbg standards list' shows the shipped standards.");
	for (i = 1; i < argc; i++) {
		char *eq = i + 1 < argc ? strchr(argv[i + 1], '=') : NULL;
		if (strcmp(argv[i], "--set") != 0 || !eq) {
			wbg_standard_free(std);
			return cli_usage_error(cli, "after the standard, only --set NAME=VALUE");
		}
		*eq = '\0';
		rc = wbg_standard_set(std, argv[i + 1], eq + 1, cli->ctx);
		*eq = '=';
		if (rc != WBG_OK) {
			wbg_standard_free(std);
			return cli_input_error(cli, rc, NULL);
		}
		i++;
	}
	buf = malloc(DESCRIBE_MAX);
	if (!buf) {
		wbg_standard_free(std);
		return cli_error(cli, CLI_EXIT_IO, "out of memory");
	}
	rc = wbg_standard_describe(buf, DESCRIBE_MAX, std);
	fputs(buf, stdout);
	if (rc != WBG_OK)
		printf("... (truncated)\n");
	free(buf);
	wbg_standard_free(std);
	return CLI_EXIT_OK;
}

static int do_validate(struct cli *cli, wbg_schema *schema, int argc, char **argv)
{
	int i, bad = 0;

	if (argc < 1)
		return cli_usage_error(cli, "give one or more XML files to validate");
	for (i = 0; i < argc; i++) {
		wbg_doc_kind kind;
		int rc = wbg_doc_check_file(&kind, schema, argv[i], cli->ctx);
		if (rc == WBG_OK) {
			printf("%s: valid %s\n", argv[i], wbg_doc_kind_name(kind));
		} else {
			cli_input_error(cli, rc, NULL);
			bad = 1;
		}
	}
	return bad ? CLI_EXIT_USAGE : CLI_EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	wbg_schema *schema = NULL;
	const char *sub;
	int ex;

	if (argc < 2)
		return cli_usage_error(cli, "give a subcommand: list, show or validate");
	sub = argv[1];
	if (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0 && strcmp(sub, "validate") != 0)
		return cli_usage_error(cli, "unknown subcommand '%s'; use list, show or validate", sub);
	if (strcmp(sub, "list") == 0 && argc > 2)
		return cli_usage_error(cli, "'list' takes no arguments");
	ex = cli_load_schema(cli, &schema);
	if (ex != CLI_EXIT_OK)
		return ex;
	if (strcmp(sub, "list") == 0)
		ex = do_list(cli, schema);
	else if (strcmp(sub, "show") == 0)
		ex = do_show(cli, schema, argc - 2, argv + 2);
	else
		ex = do_validate(cli, schema, argc - 2, argv + 2);
	wbg_schema_free(schema);
	return ex;
}

const struct cli_command cli_cmd_standards = {
	.name = "standards",
	.summary = "list, show and validate standards, device profiles and benches",
	.help =
		"usage: wbg standards list\n"
		"       wbg standards show NAME|FILE [--set NAME=VALUE]...\n"
		"       wbg standards validate FILE...\n"
		"\n"
		"A standard is an XML file (schema urn:wbgkit:standard:1) that states its\n"
		"source documents, the parameters and how they are measured, the tests with\n"
		"their conditions, readouts and sample plan, the limits and the decision rule.\n"
		"Every number is marked as quoted from a public document, set by the user\n"
		"(with the document to take it from), or an editorial choice of the file.\n"
		"\n"
		"  list       the shipped library: standards, device profiles, benches\n"
		"  show       a standard in words, with the provenance of every number and\n"
		"             the user settings still to give (--set NAME=VALUE)\n"
		"  validate   check files against the schema, safely: no network, no DTDs,\n"
		"             no entities, bounded size and depth; each problem is printed\n"
		"             with file:line and what to fix\n"
		"\n"
		"The library lives in $(datadir)/wbgkit/standards/library; the environment\n"
		"variable WBG_DATADIR overrides $(datadir)/wbgkit.\n"
		"\n"
		"Examples:\n"
		"  wbg standards list\n"
		"  wbg standards show aecq101-sic-mosfet\n"
		"  wbg standards show jep183-sic-vth --set precond_vgs_high=19V\n"
		"  wbg standards validate mylab/htgb-custom.xml\n"
		"\n"
		"Exit status: 0 valid / shown; 2 a file is invalid, unsafe or missing.\n",
	.run = run,
};
