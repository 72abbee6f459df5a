/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays a fuzz target's corpus without libFuzzer, so that `make check`
 * (and its sanitizer build) runs every fuzz target over its seeds and every
 * crash input ever found. Prints TAP: one test point per file.
 *
 * usage: replay-NAME [FILE|DIR ...]; without arguments, the corpus
 * $WBG_TOP_SRCDIR/fuzz/corpus/NAME.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (1u << 20)

static int count;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		printf("not ok %d - %s (cannot open)\n", ++count, path);
		return;
	}
	buf = malloc(MAX_INPUT);
	if (!buf) {
		fclose(f);
		printf("not ok %d - %s (out of memory)\n", ++count, path);
		return;
	}
	n = fread(buf, 1, MAX_INPUT, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	printf("ok %d - %s\n", ++count, path);
	fflush(stdout);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char *names[4096];
	size_t n = 0, i;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	d = opendir(path);
	if (!d) {
		printf("not ok %d - %s (cannot open directory)\n", ++count, path);
		return;
	}
	while ((e = readdir(d)) && n < 4096) {
		char full[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		names[n++] = strdup(full);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	for (i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
}

int main(int argc, char **argv)
{
	int i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			run_path(argv[i]);
	} else {
		char dir[4096];
		const char *src = getenv("WBG_TOP_SRCDIR");
		snprintf(dir, sizeof(dir), "%s/fuzz/corpus/%s", src ? src : ".", FUZZ_NAME);
		run_path(dir);
	}
	printf("1..%d\n", count);
	return count > 0 ? 0 : 1;
}
