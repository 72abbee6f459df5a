/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Bench files: the trigger cables between instruments' digital I/O ports
 * (<trigger-link from="..." from-line="1" to="..." to-line="1"/>). The
 * schema checks the attributes and that both ends name instruments of the
 * file; here: the two ends are different instruments, and no line of an
 * instrument is used both to drive a cable and to receive one.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "wbg/error.h"

static bool is_link(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "trigger-link");
}

/* The resource of instrument @p id, kept among the bench's strings. */
static const char *resource_of(wbg_bench *b, xmlNodePtr root, const char *id, int *oom)
{
	xmlNodePtr m = wbgi_bench_instrument_el(root, id);

	return m ? wbgi_bench_str(b, m, "resource", oom) : "";
}

static int line_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	long x = v ? strtol((const char *)v, NULL, 10) : 0;

	xmlFree(v);
	return x > 0 && x <= 64 ? (int)x : 0;
}

int wbgi_bench_links(wbg_bench *b, xmlNodePtr root, struct wbgi_diag *dg)
{
	xmlNodePtr n;
	size_t count = 0, i, j;
	int oom = 0;

	for (n = root->children; n; n = n->next)
		if (is_link(n))
			count++;
	if (count == 0)
		return WBG_OK;
	b->link = calloc(count, sizeof(*b->link));
	if (!b->link)
		return WBG_ERR_NOMEM;
	for (n = root->children; n && !oom; n = n->next) {
		wbg_bench_trigger_link *l;

		if (!is_link(n))
			continue;
		l = &b->link[b->nlink++];
		l->line = xmlGetLineNo(n);
		l->from = wbgi_bench_str(b, n, "from", &oom);
		l->to = wbgi_bench_str(b, n, "to", &oom);
		l->from_line = line_attr(n, "from-line");
		l->to_line = line_attr(n, "to-line");
		l->from_resource = resource_of(b, root, l->from, &oom);
		l->to_resource = resource_of(b, root, l->to, &oom);
		if (strcmp(l->from, l->to) == 0)
			wbgi_diag_add(dg, WBG_ERR_SCHEMA, l->line,
			              "trigger-link from instrument '%s' to itself: a trigger cable joins "
			              "two instruments",
			              l->from);
	}
	if (oom)
		return WBG_ERR_NOMEM;
	/* A line drives a cable or receives one, not both. */
	for (i = 0; i < b->nlink; i++)
		for (j = 0; j < b->nlink; j++)
			if (strcmp(b->link[i].from, b->link[j].to) == 0 &&
			    b->link[i].from_line == b->link[j].to_line)
				wbgi_diag_add(dg, WBG_ERR_SCHEMA, b->link[j].line,
				              "trigger-link: line %d of instrument '%s' is driven (line "
				              "%ld) and received (line %ld); use another line for one of "
				              "them",
				              b->link[i].from_line, b->link[i].from, b->link[i].line,
				              b->link[j].line);
	return WBG_OK;
}
