/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The secure XML loader: bounded read, parse from memory without network,
 * DTDs or entities, structural guards in the SAX stream, schema validation.
 * Every libxml2 message arrives through the per-context structured handlers
 * (parser ctxt->sax->serror, xmlSchemaSetValidStructuredErrors), never the
 * process-wide one.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "internal.h"

#define MAX_ELEMENTS 200000
#define MAX_LOGGED 50

struct wbg_schema {
	xmlSchemaPtr xsd;
};

/* ---------------------------------------------------------- diagnostics */

void wbgi_diag_add(struct wbgi_diag *dg, int code, long line, const char *fmt, ...)
{
	char msg[480];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (dg->count < MAX_LOGGED)
		wbg_log(dg->ctx, WBG_LOG_ERROR, "xml", "%s:%ld: %s", dg->name, line, msg);
	else if (dg->count == MAX_LOGGED)
		wbg_log(dg->ctx, WBG_LOG_ERROR, "xml", "%s: more problems not shown", dg->name);
	if (dg->count == 0) {
		dg->code = code;
		snprintf(dg->first, sizeof(dg->first), "%s:%ld: %s", dg->name, line, msg);
	}
	dg->count++;
}

int wbgi_diag_finish(struct wbgi_diag *dg)
{
	if (dg->count == 0)
		return WBG_OK;
	if (dg->count == 1)
		return wbg_ctx_error(dg->ctx, dg->code, "%s", dg->first);
	return wbg_ctx_error(dg->ctx, dg->code, "%s (and %d more problems, each logged with its line)",
	                     dg->first, dg->count - 1);
}

/* --------------------------------------------------------------- files */

int wbgi_file_read(char **out, size_t *out_len, const char *path, size_t max, wbg_ctx *ctx)
{
	FILE *f;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = WBG_OK;

	if (!out || !out_len || !path)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "no file given");
	f = fopen(path, "rb");
	if (!f)
		return wbg_ctx_error(ctx, errno == EACCES ? WBG_ERR_ACCESS : WBG_ERR_IO,
		                     "%s: cannot open: %s; check the path", path, strerror(errno));
	for (;;) {
		size_t got;
		if (cap - n < 2) { /* room for at least one byte and the NUL */
			size_t ncap = cap ? cap * 2 : 65536;
			char *nb;
			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= cap) {
				rc = wbg_ctx_error(ctx, WBG_ERR_OVERFLOW,
				                   "%s: larger than the limit of %zu bytes; this is not a "
				                   "wbgkit file, or split it",
				                   path, max);
				goto out;
			}
			nb = realloc(buf, ncap);
			if (!nb) {
				rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "%s: out of memory", path);
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			rc = wbg_ctx_error(ctx, WBG_ERR_OVERFLOW,
			                   "%s: larger than the limit of %zu bytes; this is not a wbgkit "
			                   "file, or split it",
			                   path, max);
			goto out;
		}
		if (got == 0) {
			if (ferror(f))
				rc = wbg_ctx_error(ctx, WBG_ERR_IO, "%s: read error", path);
			break;
		}
	}
	if (rc == WBG_OK) {
		if (!buf) {
			buf = malloc(1);
			if (!buf) {
				rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
				goto out;
			}
		}
		buf[n] = '\0';
		*out = buf;
		*out_len = n;
		buf = NULL;
	}
out:
	fclose(f);
	free(buf);
	return rc;
}

/* --------------------------------------------------------- the guards */

struct guard {
	struct wbgi_diag *dg;
	startElementNsSAX2Func start;
	endElementNsSAX2Func end;
	charactersSAXFunc chars;
	charactersSAXFunc cdata;
	int depth;
	long elements;
	size_t text;
};

static long cur_line(xmlParserCtxtPtr pc)
{
	return pc && pc->input ? (long)pc->input->line : 0;
}

static void stop(xmlParserCtxtPtr pc, struct guard *g)
{
	g->dg->stopped = 1;
	xmlStopParser(pc);
}

static void on_serror(void *data, xmlErrorPtr err)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc ? pc->_private : NULL;

	if (!g || !err || g->dg->stopped)
		return;
	if (err->level == XML_ERR_WARNING)
		return;
	wbgi_diag_add(g->dg, WBG_ERR_XML, err->line,
	              "%s (fix the XML at this line: it must be well-formed)",
	              err->message ? err->message : "malformed XML");
}

static void on_doctype(void *data, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc->_private;

	(void)name;
	(void)ext;
	(void)sys;
	wbgi_diag_add(g->dg, WBG_ERR_XML, cur_line(pc),
	              "a DOCTYPE declaration is not allowed in wbgkit files (it could define "
	              "entities that read local files or expand without bound); remove it");
	stop(pc, g);
}

static void on_entity(void *data, const xmlChar *name, int type, const xmlChar *pub,
                      const xmlChar *sys, xmlChar *content)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc->_private;

	(void)type;
	(void)pub;
	(void)sys;
	(void)content;
	wbgi_diag_add(g->dg, WBG_ERR_XML, cur_line(pc),
	              "ENTITY declaration '%s' is not allowed; remove it", (const char *)name);
	stop(pc, g);
}

static void on_start(void *data, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc->_private;
	int i;

	if (g->dg->stopped)
		return;
	g->text = 0;
	if (++g->depth > WBG_XML_MAX_DEPTH) {
		wbgi_diag_add(g->dg, WBG_ERR_XML, cur_line(pc),
		              "elements nested deeper than %d levels; wbgkit files are shallow, "
		              "this file is not one",
		              WBG_XML_MAX_DEPTH);
		stop(pc, g);
		return;
	}
	if (++g->elements > MAX_ELEMENTS) {
		wbgi_diag_add(g->dg, WBG_ERR_XML, cur_line(pc),
		              "more than %d elements; split the file", MAX_ELEMENTS);
		stop(pc, g);
		return;
	}
	for (i = 0; i < nattr; i++) {
		const xmlChar *v = attrs[i * 5 + 3], *e = attrs[i * 5 + 4];
		if (e - v > WBG_XML_MAX_ATTR) {
			wbgi_diag_add(g->dg, WBG_ERR_XML, cur_line(pc),
			              "attribute '%s' is %ld bytes long; the limit is %d",
			              (const char *)attrs[i * 5], (long)(e - v), WBG_XML_MAX_ATTR);
			stop(pc, g);
			return;
		}
	}
	g->start(data, local, prefix, uri, nns, ns, nattr, ndef, attrs);
}

static void on_end(void *data, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc->_private;

	if (g->dg->stopped)
		return;
	g->depth--;
	g->text = 0;
	g->end(data, local, prefix, uri);
}

static int text_guard(xmlParserCtxtPtr pc, struct guard *g, int len)
{
	if (g->dg->stopped)
		return 0;
	g->text += (size_t)(len > 0 ? len : 0);
	if (g->text > WBG_XML_MAX_TEXT) {
		wbgi_diag_add(g->dg, WBG_ERR_XML, cur_line(pc),
		              "a text node longer than %d bytes; shorten it", WBG_XML_MAX_TEXT);
		stop(pc, g);
		return 0;
	}
	return 1;
}

static void on_chars(void *data, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc->_private;

	if (text_guard(pc, g, len))
		g->chars(data, ch, len);
}

static void on_cdata(void *data, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr pc = data;
	struct guard *g = pc->_private;

	if (text_guard(pc, g, len))
		g->cdata(data, ch, len);
}

static void on_schema_error(void *data, xmlErrorPtr err)
{
	struct wbgi_diag *dg = data;

	if (!err || err->level == XML_ERR_WARNING)
		return;
	wbgi_diag_add(dg, WBG_ERR_SCHEMA, err->line, "%s",
	              err->message ? err->message : "does not conform to the schema");
}

/* -------------------------------------------------------------- schema */

int wbg_schema_new(wbg_schema **out, const char *xsd_path, wbg_ctx *ctx)
{
	struct wbgi_diag dg = {ctx, xsd_path, 0, 0, "", 0};
	char *buf = NULL;
	size_t len;
	xmlSchemaParserCtxtPtr sp = NULL;
	xmlSchemaPtr xsd = NULL;
	wbg_schema *s = NULL;
	int rc;

	if (!out || !xsd_path)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_schema_new: NULL argument");
	rc = wbgi_file_read(&buf, &len, xsd_path, WBG_XML_MAX_BYTES, ctx);
	if (rc != WBG_OK)
		goto out;
	sp = xmlSchemaNewMemParserCtxt(buf, (int)len);
	if (!sp) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(sp, on_schema_error, &dg);
	xsd = xmlSchemaParse(sp);
	if (!xsd || dg.count > 0) {
		if (dg.count == 0)
			wbgi_diag_add(&dg, WBG_ERR_SCHEMA, 0, "not a usable XSD");
		rc = wbgi_diag_finish(&dg);
		goto out;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
		goto out;
	}
	s->xsd = xsd;
	xsd = NULL;
	*out = s;
out:
	if (xsd)
		xmlSchemaFree(xsd);
	if (sp)
		xmlSchemaFreeParserCtxt(sp);
	free(buf);
	return rc;
}

void wbg_schema_free(wbg_schema *schema)
{
	if (!schema)
		return;
	xmlSchemaFree(schema->xsd);
	free(schema);
}

const char *wbg_doc_kind_name(wbg_doc_kind kind)
{
	switch (kind) {
	case WBG_DOC_STANDARD:
		return "standard";
	case WBG_DOC_DEVICE:
		return "device";
	case WBG_DOC_BENCH:
		return "bench";
	}
	return "unknown";
}

/* ---------------------------------------------------------------- load */

int wbgi_xml_load(xmlDocPtr *out_doc, wbg_doc_kind *out_kind, const wbg_schema *schema,
                  const char *buf, size_t len, struct wbgi_diag *dg)
{
	xmlParserCtxtPtr pc = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	struct guard g;
	wbg_doc_kind kind = WBG_DOC_STANDARD;
	int rc = WBG_OK;

	if (!out_doc || !schema || !buf) {
		wbgi_diag_add(dg, WBG_ERR_INVALID_ARG, 0, "no schema or no document");
		return wbgi_diag_finish(dg);
	}
	if (len > WBG_XML_MAX_BYTES) {
		wbgi_diag_add(dg, WBG_ERR_OVERFLOW, 0, "%zu bytes, more than the limit of %u", len,
		              (unsigned)WBG_XML_MAX_BYTES);
		return wbgi_diag_finish(dg);
	}
	if (len == 0) {
		wbgi_diag_add(dg, WBG_ERR_XML, 1,
		              "the file is empty; a wbgkit file starts with <standard>, <device> or "
		              "<bench> in the namespace %s",
		              WBG_SCHEMA_NS);
		return wbgi_diag_finish(dg);
	}
	pc = xmlCreateMemoryParserCtxt(buf, (int)len);
	if (!pc) {
		wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "cannot create an XML parser (out of memory?)");
		return wbgi_diag_finish(dg);
	}
	/* No NOENT (no substitution), no DTDLOAD/DTDATTR/DTDVALID, no XINCLUDE. */
	xmlCtxtUseOptions(pc, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
	pc->loadsubset = 0;
	pc->replaceEntities = 0;
	memset(&g, 0, sizeof(g));
	g.dg = dg;
	g.start = pc->sax->startElementNs;
	g.end = pc->sax->endElementNs;
	g.chars = pc->sax->characters;
	g.cdata = pc->sax->cdataBlock;
	pc->_private = &g;
	pc->sax->serror = on_serror;
	pc->sax->internalSubset = on_doctype;
	pc->sax->externalSubset = on_doctype;
	pc->sax->entityDecl = on_entity;
	pc->sax->startElementNs = on_start;
	pc->sax->endElementNs = on_end;
	pc->sax->characters = on_chars;
	pc->sax->cdataBlock = on_cdata;
	pc->sax->getEntity = NULL;
	pc->sax->resolveEntity = NULL;
	xmlParseDocument(pc);
	doc = pc->myDoc;
	pc->myDoc = NULL;
	if (dg->count > 0 || !pc->wellFormed || !doc) {
		if (dg->count == 0)
			wbgi_diag_add(dg, WBG_ERR_XML, cur_line(pc), "not well-formed XML");
		rc = wbgi_diag_finish(dg);
		goto out;
	}
	if (doc->intSubset || doc->extSubset) {
		wbgi_diag_add(dg, WBG_ERR_XML, 1, "a DOCTYPE is not allowed; remove it");
		rc = wbgi_diag_finish(dg);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || !root->ns || !xmlStrEqual(root->ns->href, BAD_CAST WBG_SCHEMA_NS)) {
		wbgi_diag_add(dg, WBG_ERR_SCHEMA, root ? xmlGetLineNo(root) : 1,
		              "the root element must be in the namespace %s: write "
		              "<standard xmlns=\"%s\" ...> (or device, bench)",
		              WBG_SCHEMA_NS, WBG_SCHEMA_NS);
		rc = wbgi_diag_finish(dg);
		goto out;
	}
	if (xmlStrEqual(root->name, BAD_CAST "standard"))
		kind = WBG_DOC_STANDARD;
	else if (xmlStrEqual(root->name, BAD_CAST "device"))
		kind = WBG_DOC_DEVICE;
	else if (xmlStrEqual(root->name, BAD_CAST "bench"))
		kind = WBG_DOC_BENCH;
	vc = xmlSchemaNewValidCtxt(schema->xsd);
	if (!vc) {
		wbgi_diag_add(dg, WBG_ERR_NOMEM, 0, "out of memory");
		rc = wbgi_diag_finish(dg);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_schema_error, dg);
	if (xmlSchemaValidateDoc(vc, doc) != 0 && dg->count == 0)
		wbgi_diag_add(dg, WBG_ERR_SCHEMA, 0, "does not conform to the schema");
	rc = wbgi_diag_finish(dg);
	if (rc != WBG_OK)
		goto out;
	*out_doc = doc;
	if (out_kind)
		*out_kind = kind;
	doc = NULL;
out:
	if (vc)
		xmlSchemaFreeValidCtxt(vc);
	if (doc)
		xmlFreeDoc(doc);
	pc->_private = NULL;
	xmlFreeParserCtxt(pc);
	return rc;
}
