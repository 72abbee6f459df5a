/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libwbg exports exactly the functions its public headers declare with
 * WBG_API, all named wbg_*: internal helpers stay hidden.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "wbg_test.h"

#define MAX_SYMS 2048

struct symset {
	char *name[MAX_SYMS];
	size_t n;
};

static void add(struct symset *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return;
	assert_true(s->n < MAX_SYMS);
	s->name[s->n++] = strdup(name);
}

static int has(const struct symset *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return 1;
	return 0;
}

/* Collect "WBG_API ... wbg_name(" declarations from include/wbg/\*.h. */
static void scan_headers(struct symset *decl)
{
	char dir[4096], path[4352], line[1024];
	const char *src = getenv("WBG_TOP_SRCDIR");
	DIR *d;
	struct dirent *e;
	int in_decl = 0;

	snprintf(dir, sizeof(dir), "%s/include/wbg", src ? src : "..");
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		FILE *f;
		size_t len = strlen(e->d_name);
		if (len < 3 || strcmp(e->d_name + len - 2, ".h") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		while (fgets(line, sizeof(line), f)) {
			char *p;
			if (strncmp(line, "WBG_API ", 8) == 0)
				in_decl = 1;
			if (!in_decl)
				continue;
			p = strstr(line, "wbg_");
			while (p) {
				char *q = p;
				while (isalnum((unsigned char)*q) || *q == '_')
					q++;
				if (*q == '(') {
					*q = '\0';
					add(decl, p);
					in_decl = 0;
					break;
				}
				p = strstr(q, "wbg_");
			}
		}
		fclose(f);
	}
	closedir(d);
}

static void test_exports_match_headers(void **state)
{
	struct symset decl = {0}, exp = {0};
	char cmd[4400], line[512];
	const char *top = getenv("WBG_TOP_BUILDDIR");
	FILE *p;
	size_t i;

	(void)state;
	scan_headers(&decl);
	assert_true(decl.n > 20);
	snprintf(cmd, sizeof(cmd), "nm -D --defined-only '%s/.libs/libwbg.so'", top ? top : ".");
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char addr[64], type[8], name[400];
		if (sscanf(line, "%63s %7s %399s", addr, type, name) != 3)
			continue;
		if (type[0] != 'T')
			continue; /* only functions; the linker's own symbols are not text */
		add(&exp, name);
	}
	assert_int_equal(pclose(p), 0);
	for (i = 0; i < exp.n; i++) {
		if (strncmp(exp.name[i], "wbg_", 4) != 0 || !has(&decl, exp.name[i])) {
			print_error("exported but not public API: %s\n", exp.name[i]);
			fail();
		}
	}
	for (i = 0; i < decl.n; i++) {
		if (!has(&exp, decl.name[i])) {
			print_error("declared WBG_API but not exported: %s\n", decl.name[i]);
			fail();
		}
	}
	for (i = 0; i < decl.n; i++)
		free(decl.name[i]);
	for (i = 0; i < exp.n; i++)
		free(exp.name[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exports_match_headers),
	};
	return cmocka_run_group_tests_name("exports", tests, NULL, NULL);
}
